//! What the kubelet knows about each container, in one [`ContainerSlot`] per container: the
//! spec and the strings computed from it once, the runtime instances it has seen (the
//! kubelet's runtime cache), its reason cache (rules §3.5) and the bookkeeping other parts keep
//! per container (status position, published instance, probe workers, back-off span).

use podlife_spec::profile::{Profile, Rule};
use podlife_spec::{
    Container, ContainerKind, ContainerRestartRule, Pod, RestartPolicy, RestartRuleAction, SimTime,
};

use crate::ids::hex64;
use crate::kubelet::images;
use crate::trace::{ContainerStatus, Shared};

/// A container's API state (`containerStatuses[].state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ContainerState {
    Waiting,
    Running,
    Terminated,
}

impl ContainerState {
    /// The trace JSON spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ContainerState::Waiting => "waiting",
            ContainerState::Running => "running",
            ContainerState::Terminated => "terminated",
        }
    }

    /// The state of a published status.
    pub(crate) fn of(status: &ContainerStatus) -> ContainerState {
        match status.state {
            "running" => ContainerState::Running,
            "terminated" => ContainerState::Terminated,
            _ => ContainerState::Waiting,
        }
    }
}

/// The kind of a published status (`init`, `sidecar`, `regular`).
pub(crate) fn kind_of(status: &ContainerStatus) -> ContainerKind {
    match status.kind {
        "init" => ContainerKind::Init,
        "sidecar" => ContainerKind::Sidecar,
        _ => ContainerKind::Regular,
    }
}

/// How an instance ended (set by the runtime, or by the kubelet when its stop returned).
#[derive(Clone, Debug)]
pub(crate) struct Exit {
    pub(crate) at: SimTime,
    pub(crate) code: i32,
    pub(crate) reason: Shared,
    pub(crate) message: Option<Shared>,
}

/// One run of a container (one container ID).
#[derive(Clone, Debug)]
pub(crate) struct Instance {
    pub(crate) id: u64,
    /// `containerd://<64 hex>`, computed once.
    pub(crate) container_id: Shared,
    pub(crate) restart_count: u32,
    pub(crate) started_at: Option<SimTime>,
    pub(crate) exit: Option<Exit>,
    /// The kubelet knows about the exit (PLEG relist, or its own StopContainer returned).
    pub(crate) exit_seen: bool,
}

impl Instance {
    /// Running as far as the kubelet knows.
    pub(crate) fn running(&self) -> bool {
        !self.exit_seen
    }

    pub(crate) fn exit_code(&self) -> i32 {
        self.exit.as_ref().map(|e| e.code).unwrap_or(0)
    }
}

/// Everything about one container.
pub(crate) struct ContainerSlot {
    pub(crate) spec: Container,
    pub(crate) kind: ContainerKind,
    /// The kubelet's event fieldPath (`spec.containers{c}`), computed once.
    pub(crate) field_path: String,
    /// The BackOff event text for this container, computed once.
    pub(crate) backoff_event: String,
    /// Name, image as written, normalised image reference and image ID: computed once,
    /// shared by every status.
    pub(crate) name: Shared,
    pub(crate) image: Shared,
    pub(crate) image_full: Shared,
    pub(crate) image_id: Shared,
    /// The two newest instances (§3.4), oldest first.
    pub(crate) instances: Vec<Instance>,
    /// The last run before an in-place restart of every container removed it from the runtime
    /// (§14.8): it still gives the restart count and `lastState` until the next run starts.
    pub(crate) removed: Option<Instance>,
    /// Reason cache (§3.5): last start failure (reason, message). Set through `set_reason`.
    reason: Option<(Shared, Shared)>,
    /// Counts changes of the reason cache: the status signature mixes this number instead of
    /// hashing the texts byte by byte at every sync.
    reason_generation: u64,
    /// The back-off length the CrashLoopBackOff reason-cache text was made for.
    pub(crate) crash_loop_text_for_ms: u64,
    /// finishedAt of the exit whose back-off span was recorded.
    pub(crate) backoff_span_for: Option<SimTime>,
    /// The instance the last generated status names (probe workers read it, §5.6).
    pub(crate) published_instance: Option<u64>,
    /// Position in `Frame::containers`: init containers in spec order, then regular
    /// containers sorted by name (§0.8).
    pub(crate) status_index: usize,
    /// Probe worker indices for liveness, readiness, startup (see the prober).
    pub(crate) probe_workers: [Option<usize>; 3],
}

impl ContainerSlot {
    /// Everything about container `spec` that never changes, computed once.
    fn new(spec: &Container, kind: ContainerKind, pod: &Pod, status_index: usize) -> ContainerSlot {
        let name = &spec.name;
        ContainerSlot {
            field_path: match kind {
                ContainerKind::Regular => format!("spec.containers{{{name}}}"),
                _ => format!("spec.initContainers{{{name}}}"),
            },
            backoff_event: format!(
                "Back-off restarting failed container {name} in pod {}_{}({})",
                pod.name, pod.namespace, pod.uid
            ),
            name: name.as_str().into(),
            image: spec.image.as_str().into(),
            image_full: images::normalize(&spec.image).into(),
            image_id: images::image_id(&spec.image).into(),
            spec: spec.clone(),
            kind,
            instances: Vec::new(),
            removed: None,
            reason: None,
            reason_generation: 0,
            crash_loop_text_for_ms: 0,
            backoff_span_for: None,
            published_instance: None,
            status_index,
            probe_workers: [None; 3],
        }
    }

    pub(crate) fn reason(&self) -> Option<&(Shared, Shared)> {
        self.reason.as_ref()
    }

    pub(crate) fn reason_generation(&self) -> u64 {
        self.reason_generation
    }

    /// Updates the reason cache (§3.5).
    pub(crate) fn set_reason(&mut self, reason: Option<(Shared, Shared)>) {
        if self.reason != reason {
            self.reason_generation += 1;
        }
        self.reason = reason;
    }

    pub(crate) fn newest(&self) -> Option<&Instance> {
        self.instances.last()
    }

    /// The instance before the newest (it gives `lastState`).
    pub(crate) fn previous(&self) -> Option<&Instance> {
        if self.instances.len() >= 2 {
            self.instances.get(self.instances.len() - 2)
        } else {
            None
        }
    }

    /// finishedAt of the newest exit the kubelet has seen (doBackOff's reference, §6.3).
    pub(crate) fn newest_exited_finish(&self) -> Option<SimTime> {
        self.instances
            .iter()
            .rev()
            .find(|i| i.exit_seen)
            .and_then(|i| i.exit.as_ref().map(|e| e.at))
    }

    /// The run the next start follows: the newest, or the one an in-place restart removed.
    pub(crate) fn last_run(&self) -> Option<&Instance> {
        self.newest().or(self.removed.as_ref())
    }

    /// Adds a new instance; only the two newest matter (§3.4). After an in-place restart the
    /// removed run comes back as the one before it (its `lastState`).
    pub(crate) fn push_instance(&mut self, instance: Instance) {
        if let Some(removed) = self.removed.take() {
            self.instances.push(removed);
        }
        self.instances.push(instance);
        if self.instances.len() > 2 {
            self.instances.remove(0);
        }
    }

    pub(crate) fn instance_mut(&mut self, id: u64) -> Option<&mut Instance> {
        self.instances.iter_mut().find(|i| i.id == id)
    }

    /// Whether instance `id` has exited (or is gone from the kubelet's view).
    pub(crate) fn instance_exited(&self, id: u64) -> bool {
        self.instances
            .iter()
            .find(|i| i.id == id)
            .is_none_or(|i| i.exit.is_some())
    }

    /// The container ID of instance `id`.
    pub(crate) fn container_id(&self, pod_uid: &str, id: u64) -> Shared {
        if let Some(i) = self.instances.iter().find(|i| i.id == id) {
            return i.container_id.clone();
        }
        self.make_container_id(pod_uid, id)
    }

    /// `containerd://<64 hex>` for instance `id` (made up, deterministic).
    pub(crate) fn make_container_id(&self, pod_uid: &str, id: u64) -> Shared {
        format!(
            "containerd://{}",
            hex64(&[pod_uid, &self.spec.name, &id.to_string()])
        )
        .into()
    }
}

/// What decides whether one container restarts besides the pod's restartPolicy: its own
/// `restartPolicy` and `restartPolicyRules` where the profile honours them (§14.7; from 1.35),
/// nothing otherwise. Sidecars keep their own rule (always restart, §7.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RestartSpec<'a> {
    pub(crate) policy: Option<RestartPolicy>,
    pub(crate) rules: &'a [ContainerRestartRule],
}

impl<'a> RestartSpec<'a> {
    /// The pod's restartPolicy alone decides.
    pub(crate) const POD: RestartSpec<'static> = RestartSpec {
        policy: None,
        rules: &[],
    };

    /// Container `spec` of kind `kind` under `profile`.
    pub(crate) fn of(
        spec: &'a Container,
        kind: ContainerKind,
        profile: Profile,
    ) -> RestartSpec<'a> {
        if kind == ContainerKind::Sidecar || !profile.has(Rule::ContainerRestartRules) {
            return RestartSpec::POD;
        }
        RestartSpec {
            policy: spec.restart_policy,
            rules: &spec.restart_rules,
        }
    }

    /// ContainerShouldRestart (pkg/api/v1/pod/util.go, §14.7): the first rule matching
    /// `exit_code` decides (`Restart`; `RestartAllContainers` restarts it too where that action
    /// is on — a profile without it has no such rule here), else the container's own policy,
    /// else the pod's.
    pub(crate) fn after_exit(self, pod_policy: RestartPolicy, exit_code: i32) -> bool {
        let Some(own) = self.policy else {
            return policy_restarts(pod_policy, exit_code);
        };
        if self.rules.iter().any(|r| r.matches(exit_code)) {
            return true;
        }
        policy_restarts(own, exit_code)
    }

    /// After a liveness or startup kill (the container is still running: no exit code, so
    /// only the policies count; computePodActions, §5.15, §14.7).
    pub(crate) fn after_probe_kill(self, pod_policy: RestartPolicy) -> bool {
        self.policy.unwrap_or(pod_policy) != RestartPolicy::Never
    }
}

/// The first of `spec`'s restart rules matching `exit_code` has the action
/// RestartAllContainers (FindMatchingContainerRestartRule; sidecars included, §14.8).
pub(crate) fn restarts_all_containers(spec: &Container, exit_code: i32) -> bool {
    spec.restart_policy.is_some()
        && spec
            .restart_rules
            .iter()
            .find(|r| r.matches(exit_code))
            .is_some_and(|r| r.action == RestartRuleAction::RestartAllContainers)
}

/// Where an in-place restart of every container stands (§14.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RestartAll {
    Idle,
    /// AllContainersRestarting is True: every container is being killed and removed.
    Resetting,
    /// The containers are gone; the pod starts again from its first init container, and
    /// keeps phase Running until a regular container runs again.
    Restarting,
}

fn policy_restarts(policy: RestartPolicy, exit_code: i32) -> bool {
    match policy {
        RestartPolicy::Always => true,
        RestartPolicy::OnFailure => exit_code != 0,
        RestartPolicy::Never => false,
    }
}

/// ShouldContainerBeRestarted (§6.9, §7.2, §7.7, §14.7): whether a container that exited with
/// `exit_code` is started again. Nothing restarts once the pod is being deleted or terminated;
/// a regular init container that succeeded is done.
pub(crate) fn should_restart(
    kind: ContainerKind,
    restart: RestartSpec<'_>,
    policy: RestartPolicy,
    exit_code: i32,
    stopping: bool,
) -> bool {
    if stopping {
        return false;
    }
    match kind {
        ContainerKind::Sidecar => true,
        ContainerKind::Init => {
            exit_code != 0
                && match restart.policy {
                    Some(_) => restart.after_exit(policy, exit_code),
                    None => policy != RestartPolicy::Never,
                }
        }
        ContainerKind::Regular => restart.after_exit(policy, exit_code),
    }
}

/// The pod's containers: init containers (sidecars among them) in spec order, then regular
/// containers in spec order. A container's index into `slots` is its identity in the engine.
pub(crate) struct Containers {
    pub(crate) slots: Vec<ContainerSlot>,
    /// How many init containers (sidecars included) lead `slots`.
    pub(crate) init_count: usize,
    next_instance_id: u64,
    /// A regular container has started at least once (`podHasInitialized`, §1, §7.2).
    pub(crate) regular_started_once: bool,
    pub(crate) restart_all: RestartAll,
}

impl Containers {
    pub(crate) fn new(pod: &Pod) -> Containers {
        let spec = &pod.spec;
        let init_count = spec.init_containers.len();
        let count = init_count + spec.containers.len();
        // Status positions (§0.8): init containers keep spec order, regular ones sort by name.
        let mut regular: Vec<usize> = (init_count..count).collect();
        podlife_spec::sort::sort_by(&mut regular, |a, b| {
            spec.containers[*a - init_count]
                .name
                .cmp(&spec.containers[*b - init_count].name)
        });
        let mut status_index: Vec<usize> = (0..count).collect();
        for (k, index) in regular.into_iter().enumerate() {
            status_index[index] = init_count + k;
        }
        let mut slots: Vec<ContainerSlot> = spec
            .init_containers
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let kind = if c.is_sidecar() {
                    ContainerKind::Sidecar
                } else {
                    ContainerKind::Init
                };
                ContainerSlot::new(c, kind, pod, status_index[i])
            })
            .collect();
        slots.extend(spec.containers.iter().enumerate().map(|(i, c)| {
            ContainerSlot::new(c, ContainerKind::Regular, pod, status_index[init_count + i])
        }));
        Containers {
            slots,
            init_count,
            next_instance_id: 1,
            regular_started_once: false,
            restart_all: RestartAll::Idle,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// A fresh instance identity.
    pub(crate) fn next_instance_id(&mut self) -> u64 {
        let id = self.next_instance_id;
        self.next_instance_id += 1;
        id
    }

    pub(crate) fn index_of(&self, name: &str) -> Option<usize> {
        self.slots.iter().position(|c| c.spec.name == name)
    }

    /// Regular containers and sidecars: the ones with probe workers and READY counts.
    pub(crate) fn non_init_count(&self) -> usize {
        self.slots
            .iter()
            .filter(|c| c.kind != ContainerKind::Init)
            .count()
    }
}
