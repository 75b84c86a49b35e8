//! Parse → simulate end to end: any manifest that loads must simulate to completion within the
//! engine's bounds, and the trace's time must never go backwards.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podlife_spec::SimTime;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(mut scenario) = podlife_manifest::load(text).scenario else {
        return;
    };
    // Keep each run short; the horizon cap itself is covered by the engine's own tests.
    scenario.setup.until = scenario.setup.until.min(SimTime::from_secs(1800));
    let trace = podlife_engine::simulate(&scenario);
    let times: Vec<SimTime> = trace.events.iter().map(|e| e.time).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "event time went backwards"
    );
});
