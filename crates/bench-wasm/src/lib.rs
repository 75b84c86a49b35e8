//! The engine benchmark for `cargo xtask bench`: the kitchen-sink pod of
//! `crates/engine/examples/bench.rs` (2 init containers, 1 sidecar, 3 regular containers, all
//! three probes at 1 s, a crash loop, a deletion; 1 h simulated) and a seek (every kubectl view
//! the app shows, at one instant). Exported to JavaScript with wasm-bindgen so the browser
//! figure runs the very same code; the page times the calls with `performance.now()` (this crate
//! reads no clock).

use podlife_engine::{simulate, testkit, views, Trace};
use podlife_spec::{Scenario, SimTime};
use wasm_bindgen::prelude::wasm_bindgen;

/// Simulated horizon of the kitchen-sink scenario, ms.
pub const HORIZON_MS: u64 = 3_600_000;

/// The kitchen-sink scenario of the engine's bench example.
pub fn kitchen_sink() -> Scenario {
    testkit::kitchen_sink().0
}

/// Every view the app renders for one instant (`kubectl get pods`, `-w`, `describe`, `-o yaml`,
/// the events table). Returns the total output length so no call can be optimised away.
pub fn seek(trace: &Trace, t: SimTime) -> usize {
    views::get_pods(trace, t).len()
        + views::get_pods_watch(trace, t).len()
        + views::describe_pod(trace, t).len()
        + views::pod_yaml(trace, t).len()
        + views::event_rows(trace, t).len()
}

/// A portable, seeded PRNG (SplitMix64) for the random seek instants: same instants natively
/// and in wasm.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A random instant in `[0, HORIZON_MS]`.
    pub fn instant(&mut self) -> SimTime {
        SimTime::from_millis(self.next_u64() % (HORIZON_MS + 1))
    }
}

/// Simulates the kitchen-sink pod once (the runtime model, as the app does); returns the number
/// of events so callers can check native and wasm agree.
#[wasm_bindgen]
pub fn simulate_kitchen_sink() -> u32 {
    let trace = simulate(&kitchen_sink());
    u32::try_from(trace.events.len()).unwrap_or(u32::MAX)
}

/// A simulated kitchen-sink trace to seek in.
#[wasm_bindgen]
pub struct SeekBench {
    trace: Trace,
    rng: SplitMix64,
}

#[wasm_bindgen]
impl SeekBench {
    #[wasm_bindgen(constructor)]
    pub fn new(seed: u64) -> SeekBench {
        SeekBench {
            trace: simulate(&kitchen_sink()),
            rng: SplitMix64::new(seed),
        }
    }

    /// Renders every view at the next random instant; returns the output length.
    pub fn seek_random(&mut self) -> u32 {
        let t = self.rng.instant();
        u32::try_from(seek(&self.trace, t)).unwrap_or(u32::MAX)
    }

    pub fn events(&self) -> u32 {
        u32::try_from(self.trace.events.len()).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kitchen_sink_has_the_promised_shape() {
        let sc = kitchen_sink();
        assert_eq!(sc.pod.spec.init_containers.len(), 3);
        assert_eq!(sc.pod.spec.containers.len(), 3);
        assert_eq!(sc.setup.until, SimTime::from_secs(3600));
        assert_eq!(sc.setup.actions.len(), 1);
        let probed = sc
            .pod
            .spec
            .containers
            .iter()
            .filter(|c| c.liveness_probe.is_some() && c.startup_probe.is_some())
            .count();
        assert_eq!(probed, 3);
    }

    #[test]
    fn seek_renders_something_everywhere_and_is_deterministic() {
        let mut a = SeekBench::new(7);
        let mut b = SeekBench::new(7);
        assert!(a.events() > 10, "only {} events", a.events());
        for _ in 0..5 {
            let (x, y) = (a.seek_random(), b.seek_random());
            assert_eq!(x, y);
            assert!(x > 100, "seek output only {x} bytes");
        }
    }

    #[test]
    fn splitmix_is_the_reference_sequence() {
        // First output of SplitMix64 seeded with 0 (reference value of the algorithm).
        assert_eq!(SplitMix64::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
    }
}
