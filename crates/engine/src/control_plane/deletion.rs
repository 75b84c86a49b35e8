//! The pod's API object and its deletion (the API server's graceful delete, rules §9.1,
//! §9.6): a delete sets deletionTimestamp and deletionGracePeriodSeconds; a later one can
//! only shorten the grace; a force delete removes the object at once. The kubelet removes
//! the object itself once the pod has terminated (§9.8). Also what else of the object the
//! control plane changes: `metadata.generation` (§14.4) and `spec.schedulingGates` (§11.8).

use podlife_spec::profile::Rule;
use podlife_spec::{Scenario, SimTime};

pub(crate) struct PodObject {
    pub(crate) exists: bool,
    /// `metadata.generation`: 1 at creation, +1 for each spec change and at the first
    /// graceful delete (§14.4).
    pub(crate) generation: i64,
    /// `spec.schedulingGates` still in place (§11.8; empty when the profile does not
    /// simulate gates).
    pub(crate) scheduling_gates: Vec<String>,
    /// When the first delete request came, and the (shortest) grace period in seconds.
    pub(crate) deletion: Option<(SimTime, i64)>,
    /// When the kubelet's status manager deletes the object (grace 0).
    pub(crate) removal_at: Option<SimTime>,
}

/// What a delete request did.
pub(crate) enum Deleted {
    /// `--force --grace-period=0`: the object is gone.
    Forced,
    /// Graceful: deletionGracePeriodSeconds is now `grace`.
    Graceful { grace: i64 },
}

impl PodObject {
    pub(crate) fn new(scenario: &Scenario) -> PodObject {
        let gated = scenario.setup.profile().has(Rule::SchedulingGates);
        PodObject {
            exists: true,
            generation: 1,
            scheduling_gates: if gated {
                scenario.pod.spec.scheduling_gates.clone()
            } else {
                Vec::new()
            },
            deletion: None,
            removal_at: None,
        }
    }

    /// `kubectl patch` removing scheduling gates (`names`, or all when empty). Returns whether
    /// the list changed; the change is a spec update, so the generation moves on.
    pub(crate) fn remove_scheduling_gates(&mut self, names: &[String]) -> bool {
        let before = self.scheduling_gates.len();
        self.scheduling_gates
            .retain(|g| !names.is_empty() && !names.contains(g));
        let changed = self.scheduling_gates.len() != before;
        if changed {
            self.generation += 1;
        }
        changed
    }

    /// `metadata.deletionTimestamp` as the API server writes it: the time the object will be
    /// gone, i.e. the first delete request plus the (shortest) grace period — a later delete
    /// with a shorter grace moves it earlier, measured from that first request
    /// (apiserver `rest.BeforeDelete`). kubectl describe's `Terminating (lasts …)` is the time
    /// since this instant, so it reads `<invalid>` while the grace period still runs.
    pub(crate) fn deletion_timestamp(&self) -> Option<SimTime> {
        self.deletion.map(|(requested, grace)| {
            requested.saturating_add(SimTime::from_secs(grace.max(0) as u64))
        })
    }

    /// A delete request at `now` with `grace` seconds.
    pub(crate) fn delete(&mut self, now: SimTime, grace: i64, force: bool) -> Deleted {
        if force {
            self.deletion = Some((now, 0));
            self.exists = false;
            return Deleted::Forced;
        }
        let grace = match self.deletion {
            Some((_, old)) => old.min(grace),
            None => {
                // The first graceful delete bumps the generation (rest.BeforeDelete).
                self.generation += 1;
                grace
            }
        };
        self.deletion = Some((self.deletion.map(|d| d.0).unwrap_or(now), grace));
        Deleted::Graceful { grace }
    }

    /// The removal the kubelet asked for, when due at `now`.
    pub(crate) fn take_due_removal(&mut self, now: SimTime) -> bool {
        if self.removal_at.is_some_and(|t| t <= now) {
            self.removal_at = None;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests;
