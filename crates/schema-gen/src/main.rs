//! `cargo run -p podlife-schema-gen`: regenerates `crates/manifest/src/schema_table.txt`.

fn main() {
    match podlife_schema_gen::generate() {
        Ok(text) => {
            let path = podlife_schema_gen::table_path();
            if let Err(e) = std::fs::write(&path, text.as_bytes()) {
                eprintln!("podlife-schema-gen: cannot write {}: {e}", path.display());
                std::process::exit(1);
            }
            let types = text.lines().filter(|l| l.starts_with('@')).count();
            let fields = text
                .lines()
                .filter(|l| !l.starts_with(['@', '^', '#']))
                .count();
            println!(
                "wrote {} ({} bytes, {types} types, {fields} fields)",
                path.display(),
                text.len()
            );
        }
        Err(e) => {
            eprintln!("podlife-schema-gen: {e}");
            std::process::exit(1);
        }
    }
}
