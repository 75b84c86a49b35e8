//! Probe ticks, thresholds and the readiness trigger, end to end.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::checks::{count, one, s};
use crate::testkit::{exec_probe, run_fake, Script};

#[wasm_bindgen_test(unsupported = test)]
fn readiness_probe_now_and_threshold_5_5_5_8() {
    let mut sc = one("ready");
    let mut p = exec_probe(&["check"], 0, 10);
    p.success_threshold = 1;
    sc.pod.spec.containers[0].readiness_probe = Some(p);
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                probe_ok_after_ms: Some(15_000),
                ..Default::default()
            },
        )],
    );
    // Container starts at 1.2 s; the sync at 2 s triggers a probe at once (§5.5): fails;
    // ticker reset to 12 s: fails; 22 s: succeeds → ready.
    let r: Vec<(u64, &str, u32, u64)> = tr
        .probes
        .iter()
        .map(|p| (p.time.as_millis(), p.result, p.count, p.last.as_millis()))
        .collect();
    assert_eq!(
        &r[..2],
        &[
            (2000, "failure", 2, 12_000),
            (22_000, "success", 58, 592_000)
        ]
    );
    let ready_frame = tr.frames.iter().find(|f| f.kubectl.ready == "1/1").unwrap();
    assert_eq!(ready_frame.time, s(22));
    let before = tr.frames.iter().rev().find(|f| f.time < s(22)).unwrap();
    let cr = before
        .conditions
        .iter()
        .find(|c| c.type_ == "ContainersReady")
        .unwrap();
    assert_eq!(
        cr.message.as_deref(),
        Some("containers with unready status: [app]")
    );
    assert_eq!(count(&tr, "Unhealthy", s(30)), 2);
}
