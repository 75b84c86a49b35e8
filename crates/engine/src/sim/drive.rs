//! Running a simulator to its horizon, jumping from one timer to the next.

use podlife_spec::SimTime;

use super::Sim;
use crate::runtime::Runtime;
use crate::trace::Trace;

/// Wake-ups at one instant before the run is declared stuck (reported).
const MAX_SAME_INSTANT: u32 = 1000;
/// Wake-ups in all (reported).
const MAX_STEPS: u64 = 5_000_000;

/// Runs a scenario to its horizon (`setup.until`, capped at 24 h) and returns the trace.
pub fn simulate(scenario: &podlife_spec::Scenario) -> Trace {
    drive(Sim::new(scenario))
}

/// Runs any simulator to its horizon.
pub fn drive<R: Runtime>(mut sim: Sim<R>) -> Trace {
    let until = sim.until;
    sim.handle_timeout(SimTime::ZERO);
    let mut last = SimTime::ZERO;
    let mut same = 0u32;
    let mut steps: u64 = 0;
    while let Some(t) = sim.poll_timeout() {
        if t > until {
            break;
        }
        steps += 1;
        if t == last {
            same += 1;
            if same > MAX_SAME_INSTANT {
                sim.cap("internal: no progress");
                break;
            }
        } else {
            same = 0;
            last = t;
        }
        if steps > MAX_STEPS {
            sim.cap("step cap reached");
            break;
        }
        sim.handle_timeout(t);
    }
    sim.into_trace()
}
