//! Startup-probe gating: a container counts as `started` only once its startup probe has
//! succeeded (rules §3.9), and until then liveness and readiness do not probe at all (§5.14);
//! the startup worker itself stops probing once the container is started (§5.6 step 9).

use super::{CachedResult, ProbeKind, Prober};
use crate::kubelet::container::ContainerSlot;

/// What a worker of `kind` does at step 9 of its tick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Gate {
    /// Run the probe.
    Probe,
    /// A startup worker whose container is already started: nothing to do.
    Skip,
    /// A liveness or readiness worker whose container is not started yet: recorded as a
    /// `not-started` tick.
    NotStarted,
}

pub(super) fn gate(kind: ProbeKind, started: bool) -> Gate {
    match (kind, started) {
        (ProbeKind::Startup, true) => Gate::Skip,
        (ProbeKind::Startup, false) | (_, true) => Gate::Probe,
        (_, false) => Gate::NotStarted,
    }
}

impl Prober {
    /// `started` (§3.9): running, and the startup probe's cached result is Success (or there
    /// is no startup probe).
    pub(crate) fn is_started(&self, slot: &ContainerSlot) -> bool {
        match slot.newest() {
            Some(i) if i.running() && i.started_at.is_some() => {
                match self.cached(slot, ProbeKind::Startup, i.id) {
                    None => true,
                    Some(c) => c == Some(CachedResult::Success),
                }
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
