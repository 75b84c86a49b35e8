//! Node loss, end to end.

use podlife_spec::{Action, ActionKind};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::checks::{one, s};
use crate::testkit::{run_fake, Script};

#[wasm_bindgen_test(unsupported = test)]
fn node_loss_12_3() {
    let mut sc = one("lost");
    sc.setup.until = s(500);
    sc.setup.actions.push(Action {
        at: s(60),
        kind: ActionKind::NodeDown,
    });
    let tr = run_fake(&sc, &[("app", Script::default())]);
    let nr = tr
        .events
        .iter()
        .find(|e| e.reason == "NodeNotReady")
        .unwrap();
    assert_eq!(nr.time, s(100));
    assert_eq!(nr.from, "node-controller");
    let f = tr.frame_at(s(200)).unwrap();
    assert_eq!(
        f.conditions
            .iter()
            .find(|c| c.type_ == "Ready")
            .unwrap()
            .status,
        "False"
    );
    let ev = tr
        .events
        .iter()
        .find(|e| e.reason == "TaintManagerEviction")
        .unwrap();
    assert_eq!(ev.time, s(400));
    let f = tr.frame_at(s(450)).unwrap();
    assert_eq!(f.kubectl.status, "Terminating");
    assert!(f.exists);
}
