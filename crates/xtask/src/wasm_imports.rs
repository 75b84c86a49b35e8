//! Reads the import section of a wasm module (the engine-purity check).

use wasmparser::{Parser, Payload};

/// `module.name` of every import, in order.
pub fn imports(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| format!("not a valid wasm module: {e}"))?;
        if let Payload::ImportSection(reader) = payload {
            for import in reader.into_imports() {
                let import = import.map_err(|e| format!("bad import entry: {e}"))?;
                out.push(format!("{}.{}", import.module, import.name));
            }
        }
    }
    Ok(out)
}

/// Names of the module's exported functions.
pub fn exports(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| format!("not a valid wasm module: {e}"))?;
        if let Payload::ExportSection(reader) = payload {
            for export in reader {
                let export = export.map_err(|e| format!("bad export entry: {e}"))?;
                out.push(export.name.to_string());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // (module (import "env" "now" (func)) (func (export "f")))
    const WITH_IMPORT: &[u8] = &[
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
        0x02, 0x0b, 0x01, 0x03, b'e', b'n', b'v', 0x03, b'n', b'o', b'w', 0x00,
        0x00, // import
        0x03, 0x02, 0x01, 0x00, // function section
        0x07, 0x05, 0x01, 0x01, b'f', 0x00, 0x01, // export "f" = func 1
        0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code
    ];

    #[test]
    fn finds_an_import() {
        assert_eq!(imports(WITH_IMPORT).unwrap(), vec!["env.now".to_string()]);
        assert_eq!(exports(WITH_IMPORT).unwrap(), vec!["f".to_string()]);
    }

    #[test]
    fn rejects_garbage() {
        assert!(imports(b"not wasm").is_err());
    }
}
