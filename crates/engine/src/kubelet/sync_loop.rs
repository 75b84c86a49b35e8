//! One pass of the kubelet's sync loop (syncLoopIteration in kubelet.go) at an instant: the
//! pod worker's job goes on, PLEG relists, the active deadline is checked, the probe workers
//! tick, and a due sync starts. Changed probe results reach the pod here (rules §0.3): a
//! liveness result only when it is Failure triggers a sync; readiness and startup results
//! first go into the status manager, then trigger a sync.

use podlife_spec::profile::Rule;
use podlife_spec::{Scenario, SimTime};

use super::active_deadline::ActiveDeadline;
use super::container::Containers;
use super::pod_worker::PodWorker;
use super::prober::{CachedResult, ProbeContext, ProbeKind, Prober, ResultSink};
use super::sandbox::Sandbox;
use super::status::StatusInputs;
use super::status_manager::StatusManager;
use super::{Env, Kubelet};
use crate::control_plane::deletion::PodObject;
use crate::control_plane::node_lifecycle::NodeLifecycle;
use crate::control_plane::scheduler::Scheduler;
use crate::runtime::Runtime;
use crate::sim::recorder::Recorder;
use crate::trace::Frame;

impl Kubelet {
    /// Everything the kubelet does at `env.now`. Returns whether anything happened.
    pub(crate) fn sync_loop_iteration<R: Runtime>(&mut self, env: &mut Env<'_, R>) -> bool {
        let mut did = false;
        did |= self.drive_sync(env);
        did |= self.relist(env);
        did |= self.check_deadline(env);
        did |= self.run_probes(env);
        did |= self.start_due_sync(env);
        did
    }

    /// PLEG (§0.2): a relist that sees a change is a pod event → sync.
    fn relist<R>(&mut self, env: &mut Env<'_, R>) -> bool {
        if !self
            .pleg
            .relist(env.now, &mut self.containers, env.recorder)
        {
            return false;
        }
        if !self.pod_worker.terminated {
            self.pod_worker.sync_requested = true;
        }
        true
    }

    /// activeDeadlineSeconds (§12.1): the pod fails and terminates.
    fn check_deadline<R: Runtime>(&mut self, env: &mut Env<'_, R>) -> bool {
        if !self
            .deadline
            .check(env.now, self.pod_worker.stopping(), env.recorder)
        {
            return false;
        }
        if self.pod_worker.job.is_some() {
            self.cancel_sync_for_termination(env);
        }
        self.pod_worker.sync_requested = true;
        true
    }

    fn run_probes<R: Runtime>(&mut self, env: &mut Env<'_, R>) -> bool {
        let mut context = ProbeContext {
            now: env.now,
            runtime: &mut *env.runtime,
            recorder: &mut *env.recorder,
            containers: &self.containers,
            deleting: env.object.deletion.is_some(),
            exec_cancelled: (env.object.deletion.is_some() || self.pod_worker.terminating)
                && env
                    .scenario
                    .setup
                    .profile()
                    .has(Rule::NoExecReadinessWhileTerminating),
        };
        let mut sink = ProbeResults {
            status: &mut self.status,
            pod_worker: &mut self.pod_worker,
            containers: &self.containers,
            sandbox: &self.sandbox,
            deadline: &self.deadline,
            admitted: self.admitted,
            scenario: env.scenario,
            object: &*env.object,
            scheduler: env.scheduler,
            node: env.node,
        };
        self.prober.run(&mut context, &mut sink)
    }

    fn start_due_sync<R: Runtime>(&mut self, env: &mut Env<'_, R>) -> bool {
        if !self.pod_worker.take_due_sync(env.now) {
            return false;
        }
        self.begin_sync(env);
        true
    }
}

/// Where changed probe results go (§0.3).
struct ProbeResults<'a> {
    status: &'a mut StatusManager,
    pod_worker: &'a mut PodWorker,
    containers: &'a Containers,
    sandbox: &'a Sandbox,
    deadline: &'a ActiveDeadline,
    admitted: bool,
    scenario: &'a Scenario,
    object: &'a PodObject,
    scheduler: &'a Scheduler,
    node: &'a NodeLifecycle,
}

impl ResultSink for ProbeResults<'_> {
    fn published(&self) -> Option<&Frame> {
        self.status.last()
    }

    fn result_changed(
        &mut self,
        kind: ProbeKind,
        result: CachedResult,
        prober: &Prober,
        recorder: &mut Recorder,
        now: SimTime,
    ) -> bool {
        if kind == ProbeKind::Liveness {
            if result == CachedResult::Failure {
                self.pod_worker.sync_requested = true;
            }
            return false;
        }
        let inputs = StatusInputs {
            now,
            profile: self.scenario.setup.profile(),
            pod: &self.scenario.pod,
            nodes: &self.scenario.setup.nodes,
            containers: self.containers,
            prober,
            sandbox: self.sandbox,
            object: self.object,
            admitted: self.admitted,
            terminating: self.pod_worker.terminating,
            node: self.scheduler.node,
            unschedulable: self.scheduler.unschedulable.as_deref(),
            node_not_ready: self.node.not_ready,
            pod_reason: self.deadline.pod_status_override(),
        };
        let published = self.status.set_container_flags(&inputs, recorder);
        self.pod_worker.sync_requested = true;
        published
    }
}
