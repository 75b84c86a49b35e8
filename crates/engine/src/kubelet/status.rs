//! generateAPIPodStatus (kubelet_pods.go and status/generate.go, rules §0.7, §0.8, §1–§3): the
//! pod status the kubelet writes, computed from what it knows now. Pure: it reads a
//! [`StatusInputs`] view and the last published status.

use podlife_spec::profile::{Profile, Rule};
use podlife_spec::{ContainerKind, Node, Pod, RestartRuleAction, SimTime};

use crate::control_plane::deletion::PodObject;
use crate::kubelet::container::{
    should_restart, ContainerSlot, ContainerState, Containers, Instance, RestartAll, RestartSpec,
};
use crate::kubelet::phase::{get_phase, PodPhase};
use crate::kubelet::prober::Prober;
use crate::kubelet::qos::qos_class;
use crate::kubelet::sandbox::Sandbox;
use crate::trace::{Condition, ContainerStatus, Frame, KubectlRow, Shared, TerminatedState};
use crate::views::print_pod::kubectl_row;

/// Condition types, in the order the kubelet appends them (§2).
pub(crate) const POD_READY_TO_START_CONTAINERS: &str = "PodReadyToStartContainers";
pub(crate) const INITIALIZED: &str = "Initialized";
pub(crate) const READY: &str = "Ready";
pub(crate) const CONTAINERS_READY: &str = "ContainersReady";
pub(crate) const POD_SCHEDULED: &str = "PodScheduled";
/// Appended after PodScheduled for a pod with a RestartAllContainers rule (§14.8).
pub(crate) const ALL_CONTAINERS_RESTARTING: &str = "AllContainersRestarting";

/// The API server's PodScheduled=False for a pod created with scheduling gates (§11.8).
pub(crate) const SCHEDULING_GATED: &str = "SchedulingGated";
const SCHEDULING_GATED_MESSAGE: &str = "Scheduling is blocked due to non-empty scheduling gates";

/// Condition status values.
pub(crate) const TRUE: &str = "True";
pub(crate) const FALSE: &str = "False";

/// Everything a status depends on, besides the last published one.
pub(crate) struct StatusInputs<'a> {
    pub(crate) now: SimTime,
    pub(crate) profile: Profile,
    pub(crate) pod: &'a Pod,
    pub(crate) nodes: &'a [Node],
    pub(crate) containers: &'a Containers,
    pub(crate) prober: &'a Prober,
    pub(crate) sandbox: &'a Sandbox,
    pub(crate) object: &'a PodObject,
    /// The kubelet admitted the pod (it has container statuses from then on).
    pub(crate) admitted: bool,
    /// SyncTerminatingPod has begun.
    pub(crate) terminating: bool,
    /// The node the pod is bound to.
    pub(crate) node: Option<usize>,
    /// The scheduler's FailedScheduling message while unschedulable.
    pub(crate) unschedulable: Option<&'a str>,
    /// The node controller marked the node NotReady (§12.3).
    pub(crate) node_not_ready: bool,
    /// An eviction handler's phase override (§1.7): reason, message.
    pub(crate) pod_reason: Option<&'a (String, String)>,
}

impl StatusInputs<'_> {
    fn stopping(&self) -> bool {
        self.object.deletion.is_some() || self.terminating
    }

    fn terminated_state(
        &self,
        slot: &ContainerSlot,
        instance: &Instance,
    ) -> Option<TerminatedState> {
        let e = instance.exit.as_ref()?;
        let message = match &e.message {
            Some(m) if self.profile.has(Rule::TerminationMessages) => {
                Some(cut_message(m, pod_message_budget(self.pod)))
            }
            other => other.clone(),
        };
        Some(TerminatedState {
            state: ContainerState::Terminated.as_str(),
            reason: Some(e.reason.clone()),
            message,
            exit_code: e.code,
            started_at: instance.started_at,
            finished_at: e.at,
            container_id: slot.container_id(&self.pod.uid, instance.id),
        })
    }

    /// One container's status (convertToAPIContainerStatuses, §3).
    pub(crate) fn container_status(&self, slot: &ContainerSlot) -> ContainerStatus {
        let default_reason = if self.containers.init_count > 0 {
            "PodInitializing"
        } else {
            "ContainerCreating"
        };
        let newest = slot.newest();
        // Each string is made once: a status is built for every published frame.
        let mut s = ContainerStatus {
            name: slot.name.clone(),
            kind: slot.kind.as_str(),
            state: ContainerState::Waiting.as_str(),
            reason: None,
            message: None,
            exit_code: None,
            started_at: None,
            finished_at: None,
            started: false,
            ready: false,
            restart_count: 0,
            last_state: None,
            image: match newest {
                Some(_) => slot.image_full.clone(),
                None => slot.image.clone(),
            },
            image_id: Shared::from(""),
            container_id: Shared::from(""),
        };
        let Some(newest) = newest else {
            // After an in-place restart removed the containers, the last run still gives the
            // restart count and lastState (§14.8).
            if let Some(removed) = &slot.removed {
                s.restart_count = removed.restart_count;
                s.last_state = self.terminated_state(slot, removed);
            }
            // §3.1 default, or a start failure from the reason cache (§3.5).
            match slot.reason() {
                Some((r, m)) if !self.stopping() => {
                    s.reason = Some(r.clone());
                    s.message = Some(m.clone()).filter(|m| !m.is_empty());
                }
                _ => s.reason = Some(default_reason.into()),
            }
            return s;
        };
        s.image_id = slot.image_id.clone();
        s.container_id = slot.container_id(&self.pod.uid, newest.id);
        s.restart_count = newest.restart_count;
        // §3.4: the newest instance gives the state, the one before it lastState.
        let previous = slot.previous();
        if newest.running() {
            s.state = ContainerState::Running.as_str();
            s.reason = None;
            s.started_at = newest.started_at;
            s.last_state = previous.and_then(|p| self.terminated_state(slot, p));
            s.started = self.prober.is_started(slot);
            s.ready = self.prober.is_ready(slot);
            return s;
        }
        let terminated = self.terminated_state(slot, newest);
        let restarts = should_restart(
            slot.kind,
            RestartSpec::of(&slot.spec, slot.kind, self.profile),
            self.pod.spec.restart_policy,
            newest.exit_code(),
            self.stopping(),
        );
        if let (Some((r, m)), true) = (slot.reason(), restarts) {
            // §3.5: to be restarted, with a start failure cached: Waiting with its reason.
            s.state = ContainerState::Waiting.as_str();
            s.reason = Some(r.clone());
            s.message = Some(m.clone()).filter(|m| !m.is_empty());
            s.last_state = terminated;
        } else if let Some(t) = terminated {
            s.state = ContainerState::Terminated.as_str();
            s.reason = t.reason;
            s.message = t.message;
            s.exit_code = Some(t.exit_code);
            s.started_at = t.started_at;
            s.finished_at = Some(t.finished_at);
            s.last_state = previous.and_then(|p| self.terminated_state(slot, p));
        } else {
            s.reason = Some(default_reason.into());
        }
        s.ready = self.prober.is_ready(slot);
        s
    }

    /// The observedGeneration the kubelet (or the scheduler) writes now (§14.4).
    fn observed_generation(&self) -> Option<i64> {
        self.profile
            .observed_generation()
            .then_some(self.object.generation)
    }

    /// A condition; its lastTransitionTime carries over while its status is unchanged (§0.7).
    /// Its writer (the kubelet, or the scheduler) records the generation it saw (§14.4).
    fn condition(
        &self,
        previous: Option<&Frame>,
        type_: &'static str,
        status: bool,
        reason: Option<String>,
        message: Option<String>,
    ) -> Condition {
        let status = if status { TRUE } else { FALSE };
        let last_transition_time = previous
            .and_then(|f| f.conditions.iter().find(|c| c.type_ == type_))
            .filter(|c| c.status == status)
            .map(|c| c.last_transition_time)
            .unwrap_or(self.now);
        Condition {
            type_,
            status,
            reason,
            message,
            last_transition_time,
            observed_generation: self.observed_generation(),
        }
    }

    /// The kubelet-owned conditions (§2.2–2.5) for `phase`, in API order. Conditions are
    /// generated from the container statuses being published (as generate.go does), so they
    /// always agree with the per-container `ready`/`started` flags.
    pub(crate) fn conditions(
        &self,
        previous: Option<&Frame>,
        phase: PodPhase,
        statuses: &[ContainerStatus],
    ) -> Vec<Condition> {
        let slots = &self.containers.slots;
        let status_of = |index: usize| statuses.get(slots[index].status_index);
        let init_count = self.containers.init_count;
        let mut conditions = Vec::with_capacity(5);
        // §2.2; from 1.37 False says why (§14.10).
        let not_ready = (!self.sandbox.ready)
            .then(|| {
                self.profile
                    .sandbox_not_ready_condition(self.sandbox.ever_created)
            })
            .flatten();
        conditions.push(self.condition(
            previous,
            POD_READY_TO_START_CONTAINERS,
            self.sandbox.ready,
            not_ready.map(|(r, _)| r.to_string()),
            not_ready.map(|(_, m)| m.to_string()),
        ));
        // §2.3 Initialized
        let initialized = if init_count == 0 || self.containers.regular_started_once {
            (true, None, None)
        } else {
            let incomplete: Vec<&str> = (0..init_count)
                .filter(|&i| match slots[i].kind {
                    ContainerKind::Sidecar => !status_of(i).is_some_and(|c| c.started),
                    _ => !status_of(i).is_some_and(|c| c.ready),
                })
                .map(|i| slots[i].spec.name.as_str())
                .collect();
            if incomplete.is_empty() {
                (true, None, None)
            } else {
                (
                    false,
                    Some("ContainersNotInitialized".to_string()),
                    Some(format!(
                        "containers with incomplete status: [{}]",
                        incomplete.join(" ")
                    )),
                )
            }
        };
        let initialized = if phase == PodPhase::Succeeded && init_count > 0 {
            (true, Some("PodCompleted".to_string()), None)
        } else if !initialized.0
            && self.profile.has(Rule::RestartAllContainers)
            && previous
                .and_then(|f| f.conditions.iter().find(|c| c.type_ == INITIALIZED))
                .is_some_and(|c| c.status == TRUE)
        {
            // An initialized pod stays initialized while it restarts in place (§14.8).
            (true, None, None)
        } else {
            initialized
        };
        conditions.push(self.condition(
            previous,
            INITIALIZED,
            initialized.0,
            initialized.1,
            initialized.2,
        ));
        // §2.4 ContainersReady: sidecars (spec order) then regular containers (spec order).
        let unready: Vec<&str> = (0..slots.len())
            .filter(|&i| slots[i].kind != ContainerKind::Init)
            .filter(|&i| !status_of(i).is_some_and(|c| c.ready))
            .map(|i| slots[i].spec.name.as_str())
            .collect();
        let containers_ready = if phase == PodPhase::Succeeded {
            (false, Some("PodCompleted".to_string()), None)
        } else if phase == PodPhase::Failed {
            (false, Some("PodFailed".to_string()), None)
        } else if unready.is_empty() {
            (true, None, None)
        } else {
            (
                false,
                Some("ContainersNotReady".to_string()),
                Some(format!(
                    "containers with unready status: [{}]",
                    unready.join(" ")
                )),
            )
        };
        // §2.5 Ready
        let ready = if !containers_ready.0 {
            containers_ready.clone()
        } else if !self.pod.spec.readiness_gates.is_empty() {
            let messages: Vec<String> = self
                .pod
                .spec
                .readiness_gates
                .iter()
                .map(|g| {
                    format!("corresponding condition of pod readiness gate \"{g}\" does not exist.")
                })
                .collect();
            (
                false,
                Some("ReadinessGatesNotReady".to_string()),
                Some(messages.join(", ")),
            )
        } else {
            (true, None, None)
        };
        let ready = if self.node_not_ready {
            (false, None, None)
        } else {
            ready
        };
        conditions.push(self.condition(previous, READY, ready.0, ready.1, ready.2));
        conditions.push(self.condition(
            previous,
            CONTAINERS_READY,
            containers_ready.0,
            containers_ready.1,
            containers_ready.2,
        ));
        conditions.push(self.condition(previous, POD_SCHEDULED, true, None, None));
        // §14.8: only for a pod that has a RestartAllContainers rule; no observedGeneration.
        let could_restart_all = self.profile.has(Rule::RestartAllContainers)
            && self
                .pod
                .spec
                .init_containers
                .iter()
                .chain(&self.pod.spec.containers)
                .any(|c| {
                    c.restart_rules
                        .iter()
                        .any(|r| r.action == RestartRuleAction::RestartAllContainers)
                });
        if could_restart_all {
            let (status, reason, message) = match phase {
                PodPhase::Succeeded => (false, Some("PodCompleted"), None),
                PodPhase::Failed => (false, Some("PodFailed"), None),
                _ if self.containers.restart_all == RestartAll::Resetting => (
                    true,
                    Some("RestartAllContainersStarted"),
                    Some("container exited with restart policy rule"),
                ),
                _ => (false, None, None),
            };
            let mut c = self.condition(
                previous,
                ALL_CONTAINERS_RESTARTING,
                status,
                reason.map(str::to_string),
                message.map(str::to_string),
            );
            c.observed_generation = None;
            conditions.push(c);
        }
        conditions
    }

    /// generateAPIPodStatus (§1, §2, §3) from the kubelet's current knowledge; `previous` is
    /// the last published status.
    pub(crate) fn frame(&self, previous: Option<&Frame>, pod_is_terminal: bool) -> Frame {
        let slots = &self.containers.slots;
        let init_count = self.containers.init_count;
        // Before the kubelet admits the pod the API has no container statuses.
        let status_count = if self.admitted { slots.len() } else { 0 };
        let mut containers: Vec<ContainerStatus> = slots[..init_count.min(status_count)]
            .iter()
            .map(|slot| self.container_status(slot))
            .collect();
        let mut regular: Vec<ContainerStatus> = slots[init_count.min(status_count)..status_count]
            .iter()
            .map(|slot| self.container_status(slot))
            .collect();
        podlife_spec::sort::sort_by(&mut regular, |a, b| a.name.cmp(&b.name)); // §0.8
        containers.extend(regular);
        let previous_phase = previous.map(PodPhase::of);
        let mut phase = if self.admitted {
            get_phase(self.pod, &containers, pod_is_terminal, self.profile)
        } else {
            PodPhase::Pending
        };
        // §14.8: a pod restarting in place stays Running until its containers run again.
        if self.containers.restart_all != RestartAll::Idle && phase == PodPhase::Pending {
            phase = PodPhase::Running;
        }
        // §1.6 sticky terminal phases.
        if let Some(p) = previous_phase {
            if p.is_terminal() {
                phase = p;
            }
        }
        let mut reason = None;
        let mut message = None;
        if let Some((r, m)) = self.pod_reason {
            phase = PodPhase::Failed; // §1.7 eviction handler override (activeDeadlineSeconds)
            reason = Some(r.clone());
            message = Some(m.clone());
        } else if let Some(f) = previous {
            if Some(phase) == previous_phase {
                reason = f.reason.clone();
                message = f.message.clone();
            }
        }
        let mut conditions = Vec::new();
        if self.admitted {
            conditions = self.conditions(previous, phase, &containers);
        } else if !self.object.scheduling_gates.is_empty() {
            // §11.8: the API server's condition, written at creation (no observedGeneration).
            let mut gated = self.condition(
                previous,
                POD_SCHEDULED,
                false,
                Some(SCHEDULING_GATED.into()),
                Some(SCHEDULING_GATED_MESSAGE.into()),
            );
            gated.observed_generation = None;
            conditions.push(gated);
        } else if let Some(message) = self.unschedulable {
            conditions.push(self.condition(
                previous,
                POD_SCHEDULED,
                false,
                Some("Unschedulable".into()),
                Some(message.to_string()),
            ));
        }
        let node = self.node.map(|i| &self.nodes[i]);
        let start_time = if self.admitted {
            Some(previous.and_then(|f| f.start_time).unwrap_or(self.now)) // §0.7
        } else {
            None
        };
        let mut f = Frame {
            time: self.now,
            exists: self.object.exists,
            phase: phase.as_str(),
            reason,
            message,
            kubectl: KubectlRow {
                ready: String::new(),
                status: String::new(),
                restarts: 0,
                last_restart_finished_at: None,
            },
            conditions,
            containers,
            pod_ip: if self.sandbox.ever_created {
                self.sandbox.ip.clone()
            } else {
                None
            },
            host_ip: if self.admitted {
                self.node.map(|i| format!("192.168.10.{}", 11 + i))
            } else {
                None
            },
            start_time,
            deletion_timestamp: self.object.deletion_timestamp(),
            deletion_grace_period_seconds: self.object.deletion.map(|d| d.1),
            qos_class: qos_class(self.pod),
            node_name: node.map(|n| n.name.clone()),
            generation: self
                .profile
                .has(Rule::MetadataGeneration)
                .then_some(self.object.generation),
            // §14.4: the kubelet's own statuses record the generation; before admission the
            // status is the API server's and the scheduler's, which leave it as it was.
            observed_generation: if self.admitted {
                self.observed_generation()
            } else {
                previous.and_then(|f| f.observed_generation)
            },
        };
        refresh_row(self.containers, &mut f);
        f
    }
}

/// kubecontainer.MaxPodTerminationMessageLogLength: the bytes of terminated messages one pod
/// may publish, shared evenly by its init and regular containers (§3.11).
const POD_TERMINATION_MESSAGE_BYTES: usize = 12 * 1024;

fn pod_message_budget(pod: &Pod) -> usize {
    let containers = pod.spec.containers.len() + pod.spec.init_containers.len();
    POD_TERMINATION_MESSAGE_BYTES / containers.max(1)
}

/// The status manager's normalizeStatus: a terminated message longer than `max` bytes keeps its
/// first `max` (Go slices bytes: the bytes of a character cut at the end reach the API
/// server's JSON as one U+FFFD each).
fn cut_message(message: &Shared, max: usize) -> Shared {
    if message.len() <= max {
        return message.clone();
    }
    let mut end = max;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    let mut cut = message[..end].to_string();
    for _ in end..max {
        cut.push('\u{fffd}');
    }
    cut.into()
}

/// Recomputes the `kubectl get` row of `f` (after any change to it).
pub(crate) fn refresh_row(containers: &Containers, f: &mut Frame) {
    let condition_true = |type_: &str| {
        f.conditions
            .iter()
            .any(|c| c.type_ == type_ && c.status == TRUE)
    };
    // printPod: a pod whose PodScheduled condition says SchedulingGated shows that (§11.8).
    let gated = f
        .conditions
        .iter()
        .any(|c| c.type_ == POD_SCHEDULED && c.reason.as_deref() == Some(SCHEDULING_GATED));
    f.kubectl = kubectl_row(
        f.phase,
        if gated {
            Some(SCHEDULING_GATED)
        } else {
            f.reason.as_deref()
        },
        f.deletion_timestamp.is_some(),
        condition_true(INITIALIZED),
        condition_true(READY),
        &f.containers,
        (containers.init_count, containers.non_init_count()),
    );
}

#[cfg(test)]
mod tests;
