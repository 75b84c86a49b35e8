//! Startup-probe gating.

use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::testkit::checks::{one, s};
use crate::testkit::{exec_probe, run_fake, Script};

#[wasm_bindgen_test(unsupported = test)]
fn liveness_and_readiness_wait_for_startup_5_14() {
    for kind in [ProbeKind::Liveness, ProbeKind::Readiness] {
        assert_eq!(gate(kind, false), Gate::NotStarted);
        assert_eq!(gate(kind, true), Gate::Probe);
    }
    assert_eq!(gate(ProbeKind::Startup, false), Gate::Probe);
    assert_eq!(gate(ProbeKind::Startup, true), Gate::Skip);
}

#[wasm_bindgen_test(unsupported = test)]
fn startup_probe_failure_restarts_5_15() {
    let mut sc = one("slow");
    let mut p = exec_probe(&["check"], 0, 2);
    p.failure_threshold = 3;
    sc.pod.spec.containers[0].startup_probe = Some(p);
    sc.pod.spec.containers[0].liveness_probe = Some(exec_probe(&["check"], 0, 2));
    sc.setup.until = s(60);
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                probe_ok_after_ms: Some(3_600_000),
                ..Default::default()
            },
        )],
    );
    let k = tr.events.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(
        k.message,
        "Container app failed startup probe, will be restarted"
    );
    // Liveness never probes before the startup probe succeeds (§5.14).
    assert!(tr
        .probes
        .iter()
        .filter(|m| m.probe == "liveness")
        .all(|m| m.result == "not-started" || m.result == "on-hold"));
    let u = tr.events.iter().find(|e| e.reason == "Unhealthy").unwrap();
    assert_eq!(
        u.message,
        "Startup probe failed: HTTP probe failed with statuscode: 503"
    );
    // Not started → not ready; READY 0/1 while Running.
    let f = tr.frame_at(s(5)).unwrap();
    assert_eq!(f.kubectl.ready, "0/1");
    assert!(!f.containers[0].started);
}
