//! activeDeadlineSeconds, end to end.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::checks::{one, times};
use crate::testkit::{run_fake, Script};

#[wasm_bindgen_test(unsupported = test)]
fn active_deadline_12_1() {
    let mut sc = one("deadline");
    sc.pod.spec.active_deadline_seconds = Some(30);
    let tr = run_fake(&sc, &[("app", Script::default())]);
    assert_eq!(times(&tr, "DeadlineExceeded"), vec![30_000]);
    let f = tr
        .frames
        .iter()
        .find(|f| f.reason.as_deref() == Some("DeadlineExceeded"))
        .unwrap();
    assert_eq!(f.phase, "Failed");
    assert_eq!(f.kubectl.status, "DeadlineExceeded");
    assert_eq!(
        f.message.as_deref(),
        Some("Pod was active on the node longer than the specified deadline")
    );
    assert_eq!(times(&tr, "Killing"), vec![30_000]);
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Failed");
    assert_eq!(last.kubectl.status, "Error"); // §4.5
    assert!(last.exists);
}
