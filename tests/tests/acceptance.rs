//! Issue 4's acceptance example, end to end (front end + runtime model + engine + views): the
//! course notes' liveness-exec pod shows Unhealthy ×9, Killing ×3 and Started ×3 at 3m42s, and
//! RESTARTS 3 at 4m12s — as the notes' real cluster did.

use podlife_spec::{parse_duration, SimTime};

fn trace(file: &str) -> podlife_engine::Trace {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/seeds")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("seed");
    let loaded = podlife_manifest::load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut sc = loaded.scenario.expect("scenario");
    sc.setup.until = SimTime::from_secs(300);
    podlife_engine::simulate(&sc)
}

fn count(rows: &[podlife_engine::views::EventRow], reason: &str) -> u32 {
    rows.iter()
        .filter(|r| r.reason == reason)
        .map(|r| r.count)
        .sum()
}

#[test]
fn liveness_exec_at_3m42s_and_4m12s() {
    for seed in ["liveness-exec-busyboxplus.yaml", "liveness-exec.yaml"] {
        let tr = trace(seed);
        let at = parse_duration("3m42s").unwrap();
        let rows = podlife_engine::views::event_rows(&tr, at);
        assert_eq!(count(&rows, "Unhealthy"), 9, "{seed}");
        assert_eq!(count(&rows, "Killing"), 3, "{seed}");
        assert_eq!(count(&rows, "Started"), 3, "{seed}");
        let get = podlife_engine::views::get_pods(&tr, parse_duration("4m12s").unwrap());
        let row = get.lines().nth(1).unwrap_or("");
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            &cols[..4],
            &["liveness-exec", "1/1", "Running", "3"],
            "{seed}: {get}"
        );
        assert_eq!(cols.last(), Some(&"4m12s"));
    }
}
