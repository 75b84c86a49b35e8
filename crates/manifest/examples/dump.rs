//! `cargo run -p podlife-manifest --example dump -- FILE...`: prints diagnostics (and, with
//! `--yaml`, the defaulted pod) for manifest files. A development aid.
fn main() {
    let mut yaml = false;
    for a in std::env::args().skip(1) {
        if a == "--yaml" {
            yaml = true;
            continue;
        }
        let text = std::fs::read_to_string(&a).unwrap_or_default();
        let l = podlife_manifest::load(&text);
        println!("== {a}: scenario={}", l.scenario.is_some());
        for d in &l.diagnostics {
            println!("{}", d.render(&a));
        }
        if let Some(s) = &l.scenario {
            println!(
                "   pod {}/{} uid {} by {:?}",
                s.pod.namespace, s.pod.name, s.pod.uid, s.pod.controlled_by
            );
        }
        if yaml {
            if let Some(y) = l.defaulted_yaml() {
                print!("{y}");
            }
        }
    }
}
