//! The trace JSON's `logs[]` entries follow the contract of issue 5 item 7 and docs/trace-format.md:
//! `{time (seconds), container, restartCount, stream, line}`.

#[test]
fn logs_entries_use_seconds_and_restart_count() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: hello}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, 'echo hello; sleep 2; echo again; exit 1']
";
    let scenario = podlife_manifest::load(text).scenario.expect("loads");
    let trace = podlife_engine::simulate(&scenario);
    let v: serde_json::Value = serde_json::from_str(&trace.to_json()).expect("json");
    let logs = v["logs"].as_array().expect("logs array");
    let first = &logs[0];
    // serde_json's map is key-sorted, so this compares the set of field names.
    let keys: Vec<&str> = first
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["container", "line", "restartCount", "stream", "time"],
        "field names"
    );
    assert_eq!(first["container"], "app");
    assert_eq!(first["line"], "hello");
    assert_eq!(first["stream"], "stdout");
    assert_eq!(first["restartCount"], 0);
    // Started at a whole number of seconds plus a fraction: a float, and the second line comes
    // exactly 2 s of simulated time later.
    let t0 = first["time"].as_f64().expect("seconds");
    let t1 = logs[1]["time"].as_f64().expect("seconds");
    assert_eq!(logs[1]["line"], "again");
    assert!((t1 - t0 - 2.0).abs() < 1e-9, "{t0} -> {t1}");
    assert!(t0 < 60.0, "time is in seconds, not milliseconds: {t0}");
    // The restarted instance's lines carry its restartCount.
    assert!(logs
        .iter()
        .any(|l| l["restartCount"] == 1 && l["line"] == "hello"));
}
