//! Sidecars stop after the main containers, end to end.

use podlife_spec::{Action, ActionKind, PullPolicy, RestartPolicy};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::checks::{one, s, statuses, times};
use crate::testkit::{container, exec_probe, run_fake, sidecar, Script};

#[wasm_bindgen_test(unsupported = test)]
fn sidecar_job_completes_and_sidecar_stops_last_7_10_7_11() {
    let mut sc = one("sidecar-job");
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let mut sc_c = sidecar(container("proxy", "busybox:1.36"));
    sc_c.image_pull_policy = PullPolicy::IfNotPresent;
    sc_c.startup_probe = Some(exec_probe(&["true"], 0, 1));
    sc.pod.spec.init_containers = vec![sc_c];
    let tr = run_fake(
        &sc,
        &[
            (
                "app",
                Script {
                    exit_after_ms: Some(10_000),
                    ..Default::default()
                },
            ),
            ("proxy", Script::default()),
        ],
    );
    let st = statuses(&tr);
    assert_eq!(st.first().map(String::as_str), Some("Init:0/1"));
    assert!(st.contains(&"Running".to_string()));
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Succeeded"); // §1.10: sidecar exit code ignored
    let started = times(&tr, "Started");
    assert_eq!(started.len(), 2);
    assert!(started[1] > started[0]);
    // The sidecar is stopped after the main container exited (Killing from the pod kill).
    let kill = tr.events.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(kill.object, "spec.initContainers{proxy}");
    assert_eq!(kill.message, "Stopping container proxy");
    let ready = tr
        .frames
        .iter()
        .map(|f| f.kubectl.ready.clone())
        .collect::<Vec<_>>();
    assert!(ready.contains(&"2/2".to_string()));
}

#[wasm_bindgen_test(unsupported = test)]
fn sidecar_stops_after_main_on_delete_7_11() {
    let mut sc = one("side-del");
    let mut side = sidecar(container("proxy", "busybox:1.36"));
    side.image_pull_policy = PullPolicy::IfNotPresent;
    sc.pod.spec.init_containers = vec![side];
    sc.setup.actions.push(Action {
        at: s(30),
        kind: ActionKind::Delete {
            grace_period_seconds: Some(20),
            force: false,
        },
    });
    let tr = run_fake(
        &sc,
        &[
            (
                "app",
                Script {
                    ignore_sigterm: true,
                    ..Default::default()
                },
            ),
            ("proxy", Script::default()),
        ],
    );
    let sig: Vec<(String, String, u64)> = tr
        .marks
        .iter()
        .filter(|m| m.kind.starts_with("SIG"))
        .map(|m| {
            (
                m.kind.to_string(),
                m.container.clone().unwrap_or_default(),
                m.time.as_millis(),
            )
        })
        .collect();
    // Both get Killing at once; the main container gets SIGTERM at once and SIGKILL at the
    // 20 s deadline; the sidecar's SIGTERM waits until the main container is gone, then it
    // still gets the 2 s minimum (§7.11, §9.4).
    assert_eq!(
        sig,
        vec![
            ("SIGTERM".into(), "app".into(), 30_000),
            ("SIGKILL".into(), "app".into(), 50_000),
            ("SIGTERM".into(), "proxy".into(), 50_000),
        ]
    );
    assert_eq!(times(&tr, "Killing"), vec![30_000, 30_000]);
    assert!(!tr.frames.last().unwrap().exists);
}
