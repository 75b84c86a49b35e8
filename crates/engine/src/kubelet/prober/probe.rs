//! Running one probe (the kubelet's prober/prober.go): the handler runs against the runtime
//! model with the probe's timeout, retried only when it *errors* (rules §5.11); the result
//! and its event (§5.10).

use podlife_spec::{Probe, SimTime};

use super::results::{ProbeOutcome, ProbeResult};
use super::{CachedResult, ProbeKind};
use crate::kubelet::container::ContainerSlot;
use crate::kubelet::events::{self, WARNING};
use crate::runtime::{Memo, Runtime};
use crate::sim::recorder::Recorder;

/// runProbeWithRetries: up to 3 attempts, the later ones only after an error (§5.11). The
/// outcome's `took` is capped at the timeout.
pub(super) fn run_probe<R: Runtime>(
    runtime: &mut Memo<R>,
    now: SimTime,
    container: &str,
    probe: &Probe,
) -> ProbeOutcome {
    let timeout = SimTime::from_secs(probe.timeout_seconds.max(1) as u64);
    let mut outcome = runtime.probe(now, container, &probe.handler, timeout);
    for _ in 1..3 {
        if outcome.result != ProbeResult::Error {
            break;
        }
        outcome = runtime.probe(now, container, &probe.handler, timeout);
    }
    outcome.took = outcome.took.min(timeout);
    outcome
}

/// What a finished probe means for the worker.
pub(super) enum Interpreted {
    /// A handler error: the result is thrown away (§5.10).
    Discarded,
    /// Counts toward the thresholds as this result.
    Counted(CachedResult),
}

/// Records the probe's event, if any, and says how the result counts (§5.10): a failure is an
/// `Unhealthy` Warning; a warning (an HTTP redirect not followed) is a `ProbeWarning` and
/// counts as Success; an error is an `Unhealthy` Warning and is discarded.
pub(super) fn interpret(
    recorder: &mut Recorder,
    now: SimTime,
    slot: &ContainerSlot,
    kind: ProbeKind,
    result: ProbeResult,
    output: &str,
) -> Interpreted {
    let title = kind.title();
    let object = &slot.field_path;
    // `concat`, not `format!`: every failing tick makes one (formatting cost 4 % of a run).
    match result {
        ProbeResult::Error => {
            recorder.kubelet_event(
                now,
                object,
                WARNING,
                events::UNHEALTHY,
                [
                    title,
                    " probe errored and resulted in unknown state: ",
                    output,
                ]
                .concat(),
            );
            Interpreted::Discarded
        }
        ProbeResult::Failure => {
            recorder.kubelet_event(
                now,
                object,
                WARNING,
                events::UNHEALTHY,
                [title, " probe failed: ", output].concat(),
            );
            Interpreted::Counted(CachedResult::Failure)
        }
        ProbeResult::Warning => {
            recorder.kubelet_event(
                now,
                object,
                WARNING,
                events::PROBE_WARNING,
                [title, " probe warning: ", output].concat(),
            );
            Interpreted::Counted(CachedResult::Success)
        }
        ProbeResult::Success => Interpreted::Counted(CachedResult::Success),
    }
}

/// The probe mark label of a counted result.
pub(super) fn label(result: ProbeResult) -> &'static str {
    match result {
        ProbeResult::Failure => "failure",
        ProbeResult::Warning => "warning",
        _ => "success",
    }
}
