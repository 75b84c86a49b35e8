//! The first-frame module (`--features lite`) names each Chinese UI text by its rank in the
//! data file Chinese pages download (web/src/i18n.rs, docs/sizes.md session 8): this scans
//! web/src as `cargo xtask rules-page` does (the same code) and writes the sorted keys, which
//! the `zh!` macros search at compile time, and a checksum of the file the module must load.
//! Other builds keep their literals and need nothing from here.

use std::path::Path;

#[allow(dead_code)]
#[path = "../crates/xtask/src/zh_text.rs"]
mod zh_text;

fn main() {
    println!("cargo:rerun-if-changed=src");
    if std::env::var_os("CARGO_FEATURE_LITE").is_none() {
        return;
    }
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let texts = zh_text::scan_dir(&Path::new(&root).join("src")).unwrap_or_else(|e| panic!("{e}"));
    let keys: Vec<String> = zh_text::by_key(&texts.file)
        .iter()
        .map(|(k, _)| format!("{k:#x}"))
        .collect();
    let sum = podlife_spec::text_key(&zh_text::file_body(&texts.file));
    let code = format!(
        "/// The data file's keys, sorted (web/build.rs).\nconst ZH_KEYS: [u64; {}] = [{}];\n/// The data file's own key (web/build.rs): the file this module can read.\nconst ZH_SUM: u64 = {sum:#x};\n",
        keys.len(),
        keys.join(", ")
    );
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("zh_keys.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
