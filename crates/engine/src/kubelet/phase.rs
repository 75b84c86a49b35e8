//! The pod phase (the kubelet's getPhase in kubelet_pods.go, rules §1), computed from the
//! API container statuses being published.

use podlife_spec::profile::{Profile, Rule};
use podlife_spec::{ContainerKind, Pod, RestartPolicy};

use crate::kubelet::container::{kind_of, should_restart, ContainerState, RestartSpec};
use crate::trace::{ContainerStatus, Frame};

/// `status.phase`. getPhase never returns Unknown (§1.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

impl PodPhase {
    /// The trace JSON spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }

    /// The phase of a published status.
    pub(crate) fn of(frame: &Frame) -> PodPhase {
        PodPhase::from_api(frame.phase)
    }

    /// The phase spelled `phase`.
    pub(crate) fn from_api(phase: &str) -> PodPhase {
        match phase {
            "Running" => PodPhase::Running,
            "Succeeded" => PodPhase::Succeeded,
            "Failed" => PodPhase::Failed,
            _ => PodPhase::Pending,
        }
    }

    /// Succeeded and Failed are terminal, and sticky (§1.6).
    pub(crate) fn is_terminal(self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }
}

/// Lets tests compare a phase with its API spelling.
impl PartialEq<&str> for PodPhase {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// getPhase (§1.4). `statuses` holds init statuses (spec order) then regular statuses. With
/// container restart rules (§14.7) a container's own policy decides whether its failure fails
/// the pod or its exit keeps the pod Running.
pub(crate) fn get_phase(
    pod: &Pod,
    statuses: &[ContainerStatus],
    pod_is_terminal: bool,
    profile: Profile,
) -> PodPhase {
    let policy = pod.spec.restart_policy;
    let rules = profile.has(Rule::ContainerRestartRules);
    // Whether the container of `status` is restarted after exiting with `code` (`reason`:
    // its terminated reason; a run an in-place restart killed starts again, §14.8).
    let restartable = |status: &ContainerStatus, code: i32, reason: Option<&str>| {
        if reason == Some("RestartingAllContainers") {
            return true;
        }
        let kind = kind_of(status);
        let spec = match kind {
            ContainerKind::Regular => &pod.spec.containers,
            _ => &pod.spec.init_containers,
        }
        .iter()
        .find(|c| *c.name == *status.name);
        let restart = spec.map_or(RestartSpec::POD, |c| RestartSpec::of(c, kind, profile));
        should_restart(kind, restart, policy, code, false)
    };
    let mut stopped_not_restartable = 0;
    let mut pending_init = 0;
    let mut failed_init = 0;
    let mut pending_sidecar = 0;
    let mut running = 0;
    let mut stopped = 0;
    let mut succeeded = 0;
    let mut waiting = 0;
    let mut has_initialized = false;
    for c in statuses {
        let last_exit = c.last_state.as_ref().map(|l| l.exit_code);
        let state = ContainerState::of(c);
        match kind_of(c) {
            ContainerKind::Init => {
                // §1.1
                let failed_with = match state {
                    ContainerState::Terminated => c.exit_code.filter(|e| *e != 0),
                    ContainerState::Waiting => last_exit.filter(|e| *e != 0),
                    ContainerState::Running => None,
                };
                let done = state == ContainerState::Terminated && c.exit_code == Some(0);
                if let Some(code) = failed_with {
                    // §14.7: only a failure that is not retried fails the pod.
                    let reason = match state {
                        ContainerState::Terminated => c.reason.as_deref(),
                        _ => c.last_state.as_ref().and_then(|l| l.reason.as_deref()),
                    };
                    if !rules || !restartable(c, code, reason) {
                        failed_init += 1;
                    }
                } else if !done {
                    pending_init += 1;
                }
            }
            ContainerKind::Sidecar => match state {
                // §1.2
                ContainerState::Running => {
                    if !c.started {
                        pending_sidecar += 1;
                    }
                    running += 1;
                }
                ContainerState::Terminated => {}
                ContainerState::Waiting => {
                    if last_exit.is_none() {
                        pending_sidecar += 1;
                        waiting += 1;
                    }
                }
            },
            ContainerKind::Regular => {
                // §1.3
                match state {
                    ContainerState::Running => {
                        running += 1;
                        has_initialized = true;
                    }
                    ContainerState::Terminated => {
                        stopped += 1;
                        has_initialized = true;
                        let code = c.exit_code.unwrap_or(0);
                        if code == 0 {
                            succeeded += 1;
                        }
                        if !restartable(c, code, c.reason.as_deref()) {
                            stopped_not_restartable += 1;
                        }
                    }
                    ContainerState::Waiting => {
                        if let Some(e) = last_exit {
                            stopped += 1;
                            has_initialized = true;
                            if e == 0 {
                                succeeded += 1;
                            }
                            let reason = c.last_state.as_ref().and_then(|l| l.reason.as_deref());
                            if !restartable(c, e, reason) {
                                stopped_not_restartable += 1;
                            }
                        } else {
                            waiting += 1;
                        }
                    }
                }
            }
        }
    }
    if failed_init > 0 && (rules || policy == RestartPolicy::Never) {
        return PodPhase::Failed;
    }
    if pending_init > 0 || (pending_sidecar > 0 && !has_initialized) {
        return PodPhase::Pending;
    }
    if waiting > 0 {
        return PodPhase::Pending;
    }
    if running > 0 {
        return PodPhase::Running;
    }
    if stopped > 0 {
        let all_succeeded = if succeeded == stopped {
            PodPhase::Succeeded
        } else {
            PodPhase::Failed
        };
        if pod_is_terminal {
            return all_succeeded;
        }
        if rules {
            // §14.7: Running while some stopped container will be restarted.
            return if stopped != stopped_not_restartable {
                PodPhase::Running
            } else {
                all_succeeded
            };
        }
        return match policy {
            RestartPolicy::Always => PodPhase::Running,
            RestartPolicy::OnFailure if succeeded != stopped => PodPhase::Running,
            RestartPolicy::OnFailure | RestartPolicy::Never => all_succeeded,
        };
    }
    PodPhase::Pending
}

#[cfg(test)]
mod tests;
