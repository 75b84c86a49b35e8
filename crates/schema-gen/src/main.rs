//! `cargo run -p podlife-schema-gen [--no-default-features --features v1_<minor>]`: writes that
//! minor's table (`crates/schema-gen/tables/`) and regenerates the merged
//! `crates/manifest/src/schema_table.txt` from the five minor tables.

fn main() {
    let run = || -> Result<(), String> {
        let text = podlife_schema_gen::generate()?;
        let minor = podlife_schema_gen::MINOR;
        let path = podlife_schema_gen::minor_table_path(minor);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {} (1.{minor}, {} bytes)", path.display(), text.len());
        match podlife_schema_gen::merge_checked_in() {
            Ok(merged) => {
                let path = podlife_schema_gen::table_path();
                std::fs::write(&path, merged.as_bytes())
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let types = merged.lines().filter(|l| l.starts_with('@')).count();
                let fields = merged
                    .lines()
                    .filter(|l| !l.starts_with(['@', '^', '#']))
                    .count();
                println!(
                    "wrote {} ({} bytes, {types} types, {fields} field lines)",
                    path.display(),
                    merged.len()
                );
            }
            Err(e) => println!("merged table not written yet: {e}"),
        }
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("podlife-schema-gen: {e}");
        std::process::exit(1);
    }
}
