//! The first-frame module never shows a run that differs from the full module's
//! (web/src/handover.rs): for every gallery and course-notes example, every golden scenario and
//! the bench's pods, the page's analysis (`podlife_web::analyse`) in the first-frame build
//! (`--features lite`) either says it needs the full module or gives the byte-identical trace
//! JSON and the same diagnostics as the full build.
//!
//! Two runs of one test, one fixture (`web/tests/lite-parity.txt`, a digest per case):
//! - `cargo test -p podlife-web --test lite_parity` (the full module, default features) checks
//!   the fixture (`UPDATE_GOLDEN=1` rewrites it);
//! - `cargo test -p podlife-web --features lite --test lite_parity` (as `cargo xtask test`
//!   runs it) checks every case against it: the same digest, or "needs the full module".

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// FNV-1a, 64 bits (as tests/tests/wasm_parity.rs).
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every case: (name, text), in a stable order.
fn cases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in [
        "examples/seeds",
        "web/examples",
        "tests/golden/scenarios",
        "tests/golden/minors",
        "e2e/bench",
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        for f in files {
            let name = format!(
                "{dir}/{}",
                f.file_name().unwrap_or_default().to_string_lossy()
            );
            let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{name}: {e}"));
            out.push((name, text));
        }
    }
    out.push((
        "default-example".into(),
        podlife_web::DEFAULT_EXAMPLE.into(),
    ));
    out
}

/// `<name> <digest of the trace JSON and the diagnostics>`, or `<name> needs-full`.
fn line(name: &str, text: &str) -> String {
    let a = podlife_web::analyse(text);
    if a.needs_full {
        return format!("{name} needs-full");
    }
    let mut bytes = a.run.map(|r| r.trace.to_json()).unwrap_or_default();
    for d in &a.diagnostics {
        bytes.push('\n');
        bytes.push_str(&podlife_web::model::render_diagnostic(d));
    }
    format!("{name} {:016x}", fnv1a64(bytes.as_bytes()))
}

const FIXTURE: &str = "tests/lite-parity.txt";

#[test]
fn the_first_frame_module_shows_the_full_run_or_hands_over() {
    let fixture_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let lines: Vec<String> = cases().iter().map(|(n, t)| line(n, t)).collect();
    assert!(lines.len() >= 40, "only {} cases", lines.len());
    if cfg!(feature = "lite") {
        let fixture = std::fs::read_to_string(&fixture_path).expect("the fixture");
        let expected: Vec<&str> = fixture.lines().collect();
        assert_eq!(
            expected.len(),
            lines.len(),
            "the cases changed: run the full build's test first"
        );
        let mut handed = 0;
        for (got, want) in lines.iter().zip(&expected) {
            if got.ends_with(" needs-full") {
                assert_eq!(got.split(' ').next(), want.split(' ').next());
                handed += 1;
            } else {
                assert_eq!(
                    got, want,
                    "the first-frame module's run differs from the full one's"
                );
            }
        }
        // The default page's first frame is the first-frame module's own.
        assert!(lines
            .iter()
            .any(|l| l.starts_with("default-example ") && !l.ends_with("needs-full")));
        // Some examples need what the module leaves out (servers, awk): the check is real.
        assert!(
            handed > 0 && handed < lines.len(),
            "{handed} of {} handed over",
            lines.len()
        );
    } else {
        assert!(lines.iter().all(|l| !l.ends_with(" needs-full")));
        let actual = lines.join("\n") + "\n";
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&fixture_path, &actual).expect("write the fixture");
            return;
        }
        let fixture = std::fs::read_to_string(&fixture_path)
            .expect("web/tests/lite-parity.txt (UPDATE_GOLDEN=1 writes it)");
        assert_eq!(
            fixture, actual,
            "UPDATE_GOLDEN=1 if the traces changed on purpose"
        );
    }
}
