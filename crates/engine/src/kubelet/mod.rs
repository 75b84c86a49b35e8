//! The kubelet, for one pod, laid out like pkg/kubelet: each part owns its state, and
//! [`Kubelet`] composes them. What the kubelet reads of the cluster (the API object, the
//! node, the scheduler's binding) and the simulator's clock, runtime and recorder come in
//! through an [`Env`].
//!
//! - `pod_worker` (pod_workers.go): sync jobs and requeue; `sync_pod` runs them (SyncPod,
//!   SyncTerminatingPod); `sync_loop` is one pass of syncLoopIteration;
//! - `pod_actions` (computePodActions); `start_container` (doBackOff — CrashLoopBackOff —,
//!   startContainer, postStart); `kill_container` (killContainer: preStop, grace);
//!   `termination_order` (sidecars stop last); `lifecycle` (hook texts);
//! - `images` (image manager), `backoff` (flowcontrol.Backoff), `pleg`, `sandbox`,
//!   `active_deadline`, `exec` (hook results, `kubectl exec`);
//! - `status` (generateAPIPodStatus), `phase` (getPhase), `qos`, `status_manager`;
//! - `prober` (prober manager, workers, startup gating, parking);
//! - `container` (per-container state), `events` (event reasons and types).

/// The [`status::StatusInputs`] of a status generated now, from a kubelet and its env (a
/// macro, so the borrows stay per field).
macro_rules! status_inputs {
    ($kubelet:expr, $env:expr) => {
        $crate::kubelet::status::StatusInputs {
            now: $env.now,
            profile: $env.scenario.setup.profile(),
            pod: &$env.scenario.pod,
            nodes: &$env.scenario.setup.nodes,
            containers: &$kubelet.containers,
            prober: &$kubelet.prober,
            sandbox: &$kubelet.sandbox,
            object: &*$env.object,
            admitted: $kubelet.admitted,
            terminating: $kubelet.pod_worker.terminating,
            node: $env.scheduler.node,
            unschedulable: $env.scheduler.unschedulable.as_deref(),
            node_not_ready: $env.node.not_ready,
            pod_reason: $kubelet.deadline.pod_status_override(),
        }
    };
}

pub(crate) mod active_deadline;
pub(crate) mod backoff;
pub(crate) mod container;
pub(crate) mod events;
pub(crate) mod exec;
pub(crate) mod images;
pub(crate) mod kill_container;
pub(crate) mod lifecycle;
pub(crate) mod phase;
pub(crate) mod pleg;
pub(crate) mod pod_actions;
pub(crate) mod pod_worker;
pub(crate) mod prober;
pub(crate) mod qos;
pub(crate) mod sandbox;
pub(crate) mod start_container;
pub(crate) mod status;
pub(crate) mod status_manager;
mod sync_loop;
mod sync_pod;
pub(crate) mod termination_order;

use podlife_spec::{Scenario, SimTime};

use crate::control_plane::deletion::PodObject;
use crate::control_plane::node_lifecycle::NodeLifecycle;
use crate::control_plane::scheduler::Scheduler;
use crate::runtime::{Memo, Runtime};
use crate::sim::recorder::Recorder;
use crate::trace::Frame;
use active_deadline::ActiveDeadline;
use backoff::Backoff;
use container::Containers;
use exec::Execs;
use images::ImageManager;
use pleg::Pleg;
use pod_worker::PodWorker;
use prober::Prober;
use sandbox::Sandbox;
use status_manager::StatusManager;

/// What the kubelet reads and uses of the world at one instant.
pub(crate) struct Env<'a, R> {
    pub(crate) now: SimTime,
    pub(crate) scenario: &'a Scenario,
    pub(crate) runtime: &'a mut Memo<R>,
    pub(crate) recorder: &'a mut Recorder,
    /// The pod's API object (deletion, existence); the kubelet removes it when done.
    pub(crate) object: &'a mut PodObject,
    pub(crate) scheduler: &'a Scheduler,
    pub(crate) node: &'a NodeLifecycle,
}

pub(crate) struct Kubelet {
    pub(crate) containers: Containers,
    pub(crate) prober: Prober,
    pub(crate) pod_worker: PodWorker,
    pub(crate) pleg: Pleg,
    pub(crate) status: StatusManager,
    pub(crate) sandbox: Sandbox,
    pub(crate) images: ImageManager,
    /// CrashLoopBackOff entries, one per container (§6.2).
    pub(crate) crash_loop: Backoff<usize>,
    pub(crate) deadline: ActiveDeadline,
    pub(crate) execs: Execs,
    /// The pod was admitted (it has container statuses and probe workers from then on).
    pub(crate) admitted: bool,
    /// `<name>_<namespace>(<uid>)`, as the kubelet names the pod in messages.
    pod_key: String,
}

impl Kubelet {
    pub(crate) fn new(scenario: &Scenario, pod_ip: String) -> Kubelet {
        let pod = &scenario.pod;
        let mut containers = Containers::new(pod);
        let prober = Prober::new(&mut containers);
        Kubelet {
            containers,
            prober,
            pod_worker: PodWorker::new(),
            pleg: Pleg::new(),
            status: StatusManager::new(),
            sandbox: Sandbox::new(pod_ip),
            images: ImageManager::new(),
            crash_loop: Backoff::crash_loop(),
            deadline: ActiveDeadline::new(),
            execs: Execs::new(),
            admitted: false,
            pod_key: format!("{}_{}({})", pod.name, pod.namespace, pod.uid),
        }
    }

    /// The status generated from what is known now (not published).
    pub(crate) fn generated_status<R>(&self, env: &Env<'_, R>) -> Frame {
        status_inputs!(self, env).frame(self.status.last(), false)
    }

    /// Publishes `frame` as the pod status (parked probe workers wake to see it).
    pub(crate) fn publish<R>(&mut self, frame: Frame, env: &mut Env<'_, R>) {
        if self
            .status
            .publish(frame, env.now, env.object.exists, env.recorder)
        {
            self.prober.unpark_all(env.now, env.recorder);
        }
    }

    /// Pod admission on the node the scheduler bound it to (§5.3): probe workers start now,
    /// the first status now (§0.7), the active deadline counts from now (§12.1).
    pub(crate) fn admit<R>(&mut self, env: &mut Env<'_, R>, node: usize) {
        self.images
            .set_node_images(env.scenario.setup.nodes[node].images.iter());
        self.admitted = true;
        self.prober.start_all(env.now);
        self.deadline
            .arm(env.now, env.scenario.pod.spec.active_deadline_seconds);
        self.pod_worker.sync_requested = true;
    }

    /// The kubelet sees the pod's deletion: the sync in flight is cancelled (kills carry on)
    /// and the terminating sync is requested.
    pub(crate) fn pod_deleted<R: Runtime>(&mut self, env: &mut Env<'_, R>) {
        if self.admitted && !self.pod_worker.terminated {
            self.cancel_sync_for_termination(env);
            self.pod_worker.sync_requested = true;
        }
    }

    /// The sync in flight is cancelled (deletion or the active deadline).
    fn cancel_sync_for_termination<R: Runtime>(&mut self, env: &mut Env<'_, R>) {
        let now = env.now;
        let slots = &self.containers.slots;
        let runtime = &mut *env.runtime;
        let recorder = &mut *env.recorder;
        self.pod_worker.cancel_for_termination(
            |exec| runtime.abort_exec(now, exec),
            |index| recorder.span_close(now, "pull", Some(&slots[index].spec.name)),
        );
    }

    /// The node's kubelet stops (node down): its probe workers stop with it.
    pub(crate) fn stop<R>(&mut self, env: &mut Env<'_, R>) {
        self.prober.unpark_all(env.now, env.recorder);
    }

    /// The node's kubelet is back: probe tickers resume on their grid, PLEG relists
    /// everything, and the pod syncs.
    pub(crate) fn restart(&mut self, now: SimTime) {
        self.prober.resume_after_outage(now);
        self.pleg.restart(now);
        self.pod_worker.sync_requested = true;
    }

    /// The end of the run at `end` (exclusive): parked workers' skipped ticks are accounted.
    pub(crate) fn settle(&mut self, end: SimTime, recorder: &mut Recorder) {
        self.prober.settle(end, recorder);
    }
}
