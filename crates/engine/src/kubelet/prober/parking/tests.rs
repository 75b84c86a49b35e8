//! Parking changes nothing.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::{kitchen_sink, run_fake, FakeRuntime};

/// Skipping steady probe ticks (and on-hold/idle ones) must not change the trace, with the
/// runtime model and with the scripted runtime (§5.6: every tick is accounted).
#[wasm_bindgen_test(unsupported = test)]
fn parking_probe_ticks_changes_nothing_5_6() {
    let (sc, scripts) = kitchen_sink();
    let fast = crate::simulate(&sc);
    let mut slow = crate::Sim::new(&sc);
    slow.disable_parking();
    let slow = crate::drive(slow);
    assert_eq!(fast.to_json(), slow.to_json());
    let ticks: u64 = fast.probes.iter().map(|m| u64::from(m.count)).sum();
    assert!(ticks > 30_000, "{ticks} ticks");

    let fast = run_fake(&sc, &scripts);
    let mut slow = crate::Sim::with_runtime(&sc, FakeRuntime::new(&scripts));
    slow.disable_parking();
    assert_eq!(fast.to_json(), crate::drive(slow).to_json());
}
