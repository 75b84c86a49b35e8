//! preStop and the grace period, end to end.

use podlife_spec::{Action, ActionKind};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::checks::{one, s, times};
use crate::testkit::{run_fake, sleep_hook, Script};
use crate::views;

#[wasm_bindgen_test(unsupported = test)]
fn graceful_delete_with_long_prestop_a3_9_5() {
    let mut sc = one("del");
    sc.pod.spec.containers[0].lifecycle.pre_stop = Some(sleep_hook(40));
    sc.setup.actions.push(Action {
        at: s(20),
        kind: ActionKind::Delete {
            grace_period_seconds: None,
            force: false,
        },
    });
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                ignore_sigterm: true,
                ..Default::default()
            },
        )],
    );
    assert_eq!(times(&tr, "Killing"), vec![20_000]);
    let sig: Vec<(String, u64)> = tr
        .marks
        .iter()
        .filter(|m| m.kind.starts_with("SIG"))
        .map(|m| (m.kind.to_string(), m.time.as_millis()))
        .collect();
    assert_eq!(
        sig,
        vec![("SIGTERM".into(), 50_000), ("SIGKILL".into(), 52_000)]
    );
    let terminating = tr
        .frames
        .iter()
        .find(|f| f.deletion_timestamp.is_some())
        .unwrap();
    assert_eq!(terminating.time, s(20));
    assert_eq!(terminating.kubectl.status, "Terminating");
    // deletionTimestamp is when the object will be gone: request + grace (§9.1); describe's
    // "lasts" counts from it, so it is `<invalid>` (negative) while the grace period runs.
    assert_eq!(terminating.deletion_timestamp, Some(s(50)));
    assert!(views::describe_pod(&tr, s(34))
        .contains("Status:                    Terminating (lasts <invalid>)\n"));
    assert!(views::describe_pod(&tr, s(52)).contains("Terminating (lasts 2s)\n"));
    let last = tr.frames.last().unwrap();
    assert!(!last.exists);
    assert_eq!(last.time, s(53));
    let before = &tr.frames[tr.frames.len() - 2];
    assert_eq!(before.phase, "Failed"); // §9.8: exit 137
    assert_eq!(
        views::get_pods(&tr, s(60)),
        "Error from server (NotFound): pods \"del\" not found\n"
    );
}
