//! Deletion, end to end.

use podlife_spec::{Action, ActionKind};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::checks::{one, s};
use crate::testkit::{run_fake, Script};

#[wasm_bindgen_test(unsupported = test)]
fn force_delete_removes_object_at_once_9_6() {
    let mut sc = one("force");
    sc.setup.actions.push(Action {
        at: s(10),
        kind: ActionKind::Delete {
            grace_period_seconds: None,
            force: true,
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
    let gone = tr.frames.iter().position(|f| !f.exists).unwrap();
    assert_eq!(tr.frames[gone].time, s(10));
    assert_eq!(gone, tr.frames.len() - 1);
    let sig: Vec<u64> = tr
        .marks
        .iter()
        .filter(|m| m.kind == "SIGKILL")
        .map(|m| m.time.as_millis())
        .collect();
    assert_eq!(sig, vec![12_000]); // grace 1 s raised to the 2 s minimum
}
