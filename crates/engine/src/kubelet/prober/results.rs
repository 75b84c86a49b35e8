//! A probe's result as the kubelet's prober counts it (pkg/probe: Success, Warning, Failure,
//! Unknown) and its output: what `Runtime::probe` hands the prober.

use podlife_spec::SimTime;
use serde::{Deserialize, Serialize};

/// The result of one probe attempt, as the kubelet's prober sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeOutcome {
    pub result: ProbeResult,
    /// Probe output (`HTTP probe failed with statuscode: 404`, `cat: can't open ...`).
    pub output: String,
    /// How long the probe took (≤ the timeout).
    pub took: SimTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProbeResult {
    Success,
    /// Counted as Success, but the kubelet emits a `ProbeWarning` event (HTTP 3xx).
    Warning,
    Failure,
    /// The handler itself errored; the kubelet discards the result.
    Error,
}
