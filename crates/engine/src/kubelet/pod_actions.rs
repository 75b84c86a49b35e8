//! computePodActions (kuberuntime_manager.go and computeInitContainerActions in
//! kuberuntime_container.go): what one sync does, as a pure function of a [`PodView`] — which
//! containers to start and which to kill, or the whole pod (rules §5.15, §6.9, §6.11,
//! §7.1–7.3, §7.6, §7.7, §7.10). Table tests in `pod_actions/tests.rs`, in the style of the
//! kubelet's TestComputePodActions.

use podlife_spec::profile::Profile;
use podlife_spec::{ContainerKind, RestartPolicy};

use crate::kubelet::container::{should_restart, Containers, RestartSpec};
use crate::kubelet::prober::{ProbeKind, Prober};

/// A container's newest instance as the sync sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Newest {
    /// Never created.
    None,
    /// Running, with what the prober says about it.
    Running {
        /// Started (§3.9): its startup probe succeeded, or it has none.
        started: bool,
        startup_failed: bool,
        liveness_failed: bool,
    },
    /// Exited (the kubelet has seen the exit) with this code.
    Exited { code: i32 },
}

impl Newest {
    /// The probe whose cached Failure kills the container (startup first, §5.15).
    fn failed_probe(self) -> Option<ProbeKind> {
        match self {
            Newest::Running {
                startup_failed: true,
                ..
            } => Some(ProbeKind::Startup),
            Newest::Running {
                liveness_failed: true,
                ..
            } => Some(ProbeKind::Liveness),
            _ => None,
        }
    }
}

/// One container in a [`PodView`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ContainerView<'a> {
    pub(crate) name: &'a str,
    pub(crate) kind: ContainerKind,
    pub(crate) newest: Newest,
    /// Its own restart policy and rules, where the profile honours them (§14.7).
    pub(crate) restart: RestartSpec<'a>,
}

/// What computePodActions reads: the spec's restart policy and each container's newest
/// instance, init containers (sidecars among them, spec order) first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PodView<'a> {
    pub(crate) restart_policy: RestartPolicy,
    /// `podHasInitialized`: a regular container has started at least once.
    pub(crate) regular_started_once: bool,
    /// The pod is being deleted or terminated: nothing restarts (§6.9).
    pub(crate) stopping: bool,
    pub(crate) init_count: usize,
    pub(crate) containers: Vec<ContainerView<'a>>,
}

impl PodView<'_> {
    /// The view of the kubelet's containers and probe results now.
    pub(crate) fn of<'a>(
        containers: &'a Containers,
        prober: &Prober,
        restart_policy: RestartPolicy,
        stopping: bool,
        profile: Profile,
    ) -> PodView<'a> {
        PodView {
            restart_policy,
            regular_started_once: containers.regular_started_once,
            stopping,
            init_count: containers.init_count,
            containers: containers
                .slots
                .iter()
                .map(|slot| ContainerView {
                    name: &slot.spec.name,
                    kind: slot.kind,
                    restart: RestartSpec::of(&slot.spec, slot.kind, profile),
                    newest: match slot.newest() {
                        None => Newest::None,
                        Some(i) if i.running() => Newest::Running {
                            started: prober.is_started(slot),
                            startup_failed: prober.has_failed(slot, ProbeKind::Startup),
                            liveness_failed: prober.has_failed(slot, ProbeKind::Liveness),
                        },
                        Some(i) => Newest::Exited {
                            code: i.exit_code(),
                        },
                    },
                })
                .collect(),
        }
    }
}

/// A container to kill: its index, the probe that failed, the `Killing` event text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ContainerToKill {
    pub(crate) index: usize,
    pub(crate) probe: ProbeKind,
    pub(crate) message: String,
}

/// The outcome: kill the whole pod (sandbox included), or kill and start these containers
/// (kills first, each list in order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PodActions {
    pub(crate) kill_pod: bool,
    pub(crate) containers_to_kill: Vec<ContainerToKill>,
    pub(crate) containers_to_start: Vec<usize>,
}

impl PodActions {
    fn kill_pod() -> PodActions {
        PodActions {
            kill_pod: true,
            ..PodActions::default()
        }
    }
}

/// computePodActions (§5.15, §6.9, §6.11, §7.1–7.3, §7.6, §7.7, §7.10, §14.7).
pub(crate) fn compute_actions(pod: &PodView) -> PodActions {
    let mut actions = PodActions::default();
    let policy = pod.restart_policy;
    let started_once = pod.regular_started_once;
    // Init containers one at a time, sidecars kept running (computeInitContainerActions).
    let mut initialized = true;
    for (index, c) in pod.containers[..pod.init_count].iter().enumerate() {
        if c.kind == ContainerKind::Sidecar {
            match c.newest {
                Newest::None => {
                    actions.containers_to_start.push(index);
                    if !started_once {
                        initialized = false;
                        break;
                    }
                }
                Newest::Running { started, .. } => {
                    // §7.7: a sidecar whose startup or liveness probe failed is restarted.
                    if let Some(probe) = c.newest.failed_probe() {
                        actions.containers_to_kill.push(ContainerToKill {
                            index,
                            probe,
                            message: format!(
                                "Init container {} failed {} probe",
                                c.name,
                                probe.lower()
                            ),
                        });
                        actions.containers_to_start.push(index);
                    }
                    // §7.6: the next init container waits for this one to be started.
                    if !started_once && !started {
                        initialized = false;
                        break;
                    }
                }
                Newest::Exited { .. } => {
                    // §7.7: sidecars restart on any exit.
                    actions.containers_to_start.push(index);
                    if !started_once {
                        initialized = false;
                        break;
                    }
                }
            }
        } else {
            if started_once {
                continue; // §7.2: completed init containers never re-run
            }
            match c.newest {
                Newest::None => {
                    actions.containers_to_start.push(index);
                    initialized = false;
                    break;
                }
                Newest::Running { .. } => {
                    initialized = false;
                    break;
                }
                Newest::Exited { code: 0 } => continue,
                Newest::Exited { code } => {
                    initialized = false;
                    // §7.2: a failed init container fails the pod under Never, else reruns
                    // (its own policy and rules first, §14.7).
                    if !should_restart(c.kind, c.restart, policy, code, false) {
                        return PodActions::kill_pod();
                    }
                    actions.containers_to_start.push(index);
                    break;
                }
            }
        }
    }
    // §7.3: regular containers only once initialized.
    if !initialized {
        return actions;
    }
    let mut keep = 0;
    let mut regular_starts = 0;
    for (index, c) in pod.containers.iter().enumerate().skip(pod.init_count) {
        match c.newest {
            Newest::None => {
                actions.containers_to_start.push(index);
                regular_starts += 1;
            }
            Newest::Running { .. } => match c.newest.failed_probe() {
                // §5.15: killed, and restarted unless the policy is Never.
                Some(probe) => {
                    let restart = c.restart.after_probe_kill(policy);
                    actions.containers_to_kill.push(ContainerToKill {
                        index,
                        probe,
                        message: format!(
                            "Container {} failed {} probe{}",
                            c.name,
                            probe.lower(),
                            if restart { ", will be restarted" } else { "" }
                        ),
                    });
                    if restart {
                        actions.containers_to_start.push(index);
                        regular_starts += 1;
                    }
                }
                None => keep += 1,
            },
            Newest::Exited { code } => {
                if should_restart(c.kind, c.restart, policy, code, pod.stopping) {
                    actions.containers_to_start.push(index);
                    regular_starts += 1;
                }
            }
        }
    }
    if keep == 0 && regular_starts == 0 && actions.containers_to_kill.is_empty() {
        // §6.11/§7.10: nothing kept or started → kill the pod, sidecars included.
        return PodActions::kill_pod();
    }
    actions
}

#[cfg(test)]
mod tests;
