//! activeDeadlineSeconds (the kubelet's active_deadline.go, rules §12.1): measured from the
//! pod's start time (admission); when it passes, the pod is failed with reason
//! DeadlineExceeded and its containers are killed. Checked on the whole-second sync ticker.

use podlife_spec::SimTime;

use crate::kubelet::events::{self, NORMAL};
use crate::sim::clock::{user_seconds, whole_second_at_or_after};
use crate::sim::recorder::Recorder;

const REASON: &str = "DeadlineExceeded";
const MESSAGE: &str = "Pod was active on the node longer than the specified deadline";

pub(crate) struct ActiveDeadline {
    at: Option<SimTime>,
    fired: bool,
    /// Once fired, the eviction handler's override of the pod status (§1.7): reason, message.
    pod_status_override: Option<(String, String)>,
}

impl ActiveDeadline {
    pub(crate) fn new() -> ActiveDeadline {
        ActiveDeadline {
            at: None,
            fired: false,
            pod_status_override: None,
        }
    }

    /// The pod started (admission) at `now`.
    pub(crate) fn arm(&mut self, now: SimTime, active_deadline_seconds: Option<i64>) {
        if let Some(seconds) = active_deadline_seconds {
            self.at = Some(now + user_seconds(seconds));
        }
    }

    /// When the check fires, while it can (`stopping`: the pod is already terminating).
    pub(crate) fn timer(&self, stopping: bool) -> Option<SimTime> {
        match self.at {
            Some(at) if !self.fired && !stopping => Some(whole_second_at_or_after(at)),
            _ => None,
        }
    }

    /// The pod status override (reason, message) once the deadline fired (§1.7).
    pub(crate) fn pod_status_override(&self) -> Option<&(String, String)> {
        self.pod_status_override.as_ref()
    }

    /// The check at `now`: when the deadline passed, records the event and sets the pod
    /// status override. Returns whether it fired (once).
    pub(crate) fn check(&mut self, now: SimTime, stopping: bool, recorder: &mut Recorder) -> bool {
        if self.timer(stopping).is_none_or(|t| t > now) {
            return false;
        }
        self.fired = true;
        recorder.kubelet_event(
            now,
            events::POD_OBJECT,
            NORMAL,
            events::DEADLINE_EXCEEDED,
            MESSAGE.to_string(),
        );
        self.pod_status_override = Some((REASON.to_string(), MESSAGE.to_string()));
        true
    }
}

#[cfg(test)]
mod tests;
