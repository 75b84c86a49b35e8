//! SyncPod and SyncTerminatingPod (kubelet.go) and the running of their steps: a sync
//! publishes the status first and then acts (rules §0.6); a terminating sync stops the
//! liveness and startup workers and kills everything with the effective grace (§9.2, §9.3),
//! then publishes the final status and has the object removed (§9.8).

use podlife_spec::profile::Rule;
use podlife_spec::{ContainerKind, SimTime};

use super::kill_container::KillContext;
use super::phase::PodPhase;
use super::pod_actions::{compute_actions, PodView};
use super::pod_worker::{Step, StepResult, SyncJob};
use super::start_container::{StartContext, StartOp, StartOutcome};
use super::termination_order;
use super::{Env, Kubelet};
use crate::kubelet::container::{restarts_all_containers, RestartAll};
use crate::kubelet::kill_container::{probe_kill_grace_ms, KillOp};
use crate::runtime::Runtime;
use crate::sim::clock::{next_whole_second_after, user_seconds};

impl Kubelet {
    fn kill_context<'a, R>(&'a mut self, env: &'a mut Env<'_, R>) -> KillContext<'a, R> {
        KillContext {
            now: env.now,
            runtime: &mut *env.runtime,
            recorder: &mut *env.recorder,
            containers: &mut self.containers,
            execs: &mut self.execs,
            pleg: &mut self.pleg,
        }
    }

    fn start_context<'a, R>(&'a mut self, env: &'a mut Env<'_, R>) -> StartContext<'a, R> {
        StartContext {
            now: env.now,
            runtime: &mut *env.runtime,
            recorder: &mut *env.recorder,
            containers: &mut self.containers,
            execs: &mut self.execs,
            pleg: &mut self.pleg,
            images: &mut self.images,
            crash_loop: &mut self.crash_loop,
            pod: &env.scenario.pod,
            setup: &env.scenario.setup,
            pod_key: &self.pod_key,
        }
    }

    /// Generates and publishes the status, and tells the prober which instance each
    /// container status names (§5.6) and which containers to probe now (§5.5).
    pub(super) fn update_status<R>(&mut self, env: &mut Env<'_, R>, pod_is_terminal: bool) {
        let inputs = status_inputs!(self, env);
        let published = self.status.generate(&inputs, pod_is_terminal, env.recorder);
        if published {
            self.prober.unpark_all(env.now, env.recorder);
        }
        for slot in &mut self.containers.slots {
            let id = slot
                .newest()
                .filter(|i| i.started_at.is_some())
                .map(|i| i.id);
            if slot.published_instance != id {
                self.prober.unpark_all(env.now, env.recorder);
                slot.published_instance = id;
            }
        }
        self.prober.probe_now_unready(&self.containers, env.now);
    }

    /// A sync (SyncPod): status first (§0.6), then the actions of computePodActions.
    pub(super) fn begin_sync<R: Runtime>(&mut self, env: &mut Env<'_, R>) {
        env.recorder.mark(env.now, "sync", None, String::new());
        if env.object.deletion.is_some() || self.pod_worker.terminating {
            self.containers.restart_all = RestartAll::Idle;
            self.begin_terminating(env);
            return;
        }
        // §14.8: an exit matching a RestartAllContainers rule restarts the pod in place; the
        // status this sync writes already says so.
        let restart_all = env.scenario.setup.profile().has(Rule::RestartAllContainers)
            && self.containers.restart_all != RestartAll::Resetting
            && self.containers.slots.iter().any(|slot| {
                slot.newest().is_some_and(|i| {
                    i.exit_seen
                        && i.exit.is_some()
                        && restarts_all_containers(&slot.spec, i.exit_code())
                })
            });
        if restart_all {
            self.containers.restart_all = RestartAll::Resetting;
        }
        self.update_status(env, false);
        if self
            .status
            .last()
            .is_some_and(|f| PodPhase::of(f).is_terminal())
        {
            self.begin_terminating(env);
            return;
        }
        let mut job = SyncJob::default();
        if restart_all {
            // Every container killed at once — no preStop, no grace — then all removed; the
            // sandbox, its IP and the volumes stay.
            let kills: Vec<KillOp> = (0..self.containers.len())
                .filter_map(|index| {
                    let mut op =
                        KillOp::of(index, &self.containers.slots[index], 0, String::new())?;
                    op.immediate = true;
                    Some(op)
                })
                .collect();
            let killed = kills.iter().map(|k| k.instance).collect();
            if !kills.is_empty() {
                job.steps.push_back(Step::Kill(kills));
            }
            job.steps.push_back(Step::RemoveContainers { killed });
            self.pod_worker.job = Some(job);
            self.drive_sync(env);
            return;
        }
        if !self.sandbox.ready {
            job.steps.push_back(Step::CreateSandbox { done: None });
        }
        let pod = &env.scenario.pod;
        let view = PodView::of(
            &self.containers,
            &self.prober,
            pod.spec.restart_policy,
            env.object.deletion.is_some() || self.pod_worker.terminating,
            env.scenario.setup.profile(),
        );
        let actions = compute_actions(&view);
        if actions.kill_pod {
            let grace_ms = user_seconds(pod.spec.termination_grace_period_seconds).as_millis();
            let ops = termination_order::kill_all(&self.containers, grace_ms);
            if !ops.is_empty() {
                job.steps.push_back(Step::Kill(ops));
            }
            job.steps.push_back(Step::StopSandbox);
        } else {
            let kills: Vec<KillOp> = actions
                .containers_to_kill
                .iter()
                .filter_map(|k| {
                    let slot = &self.containers.slots[k.index];
                    let grace_ms = probe_kill_grace_ms(pod, slot, k.probe);
                    KillOp::of(k.index, slot, grace_ms, k.message.clone())
                })
                .collect();
            if !kills.is_empty() {
                job.steps.push_back(Step::Kill(kills));
            }
            for &index in &actions.containers_to_start {
                job.steps
                    .push_back(Step::Start(StartOp::of(index, &self.containers)));
            }
        }
        self.pod_worker.job = Some(job);
        self.drive_sync(env);
    }

    /// SyncTerminatingPod (§9.3): status, stop liveness/startup workers, kill everything.
    fn begin_terminating<R: Runtime>(&mut self, env: &mut Env<'_, R>) {
        self.pod_worker.terminating = true;
        self.update_status(env, false);
        self.prober.unpark_all(env.now, env.recorder); // settle skipped ticks first
        self.prober.stop_liveness_and_startup();
        // §9.2 effective grace: deletion grace (≥ 1 s), else the spec's.
        let grace = match env.object.deletion {
            Some((_, g)) => g.max(1),
            None => env.scenario.pod.spec.termination_grace_period_seconds,
        };
        let mut job = SyncJob::default();
        let ops = termination_order::kill_all(&self.containers, user_seconds(grace).as_millis());
        if !ops.is_empty() {
            job.steps.push_back(Step::Kill(ops));
        }
        job.steps.push_back(Step::StopSandbox);
        job.steps.push_back(Step::FinishTerminating);
        self.pod_worker.job = Some(job);
        self.drive_sync(env);
    }

    /// Runs the sync's steps until one waits or the sync completes. Returns whether anything
    /// changed.
    pub(super) fn drive_sync<R: Runtime>(&mut self, env: &mut Env<'_, R>) -> bool {
        // A job has at most a sandbox step, a kill step, a start per container, a sandbox stop
        // and the end of termination, and steps are never added while it runs: one more turn
        // to complete it always suffices. Running out stops the run and says so.
        let max_steps = self.containers.len() + 6;
        self.drive_sync_within(env, max_steps)
    }

    /// [`Kubelet::drive_sync`] running at most `max_steps` steps.
    pub(super) fn drive_sync_within<R: Runtime>(
        &mut self,
        env: &mut Env<'_, R>,
        max_steps: usize,
    ) -> bool {
        let mut did = false;
        for _ in 0..max_steps {
            let Some(mut job) = self.pod_worker.job.take() else {
                return did;
            };
            let Some(mut step) = job.steps.pop_front() else {
                self.pod_worker
                    .complete(job, env.now, env.object.deletion.is_some());
                return true;
            };
            match self.run_step(env, &mut step, &mut job) {
                StepResult::Done => {
                    did = true;
                    self.pod_worker.job = Some(job);
                }
                StepResult::Wait(wake) => {
                    job.steps.push_front(step);
                    if job.wake != wake {
                        did = true;
                    }
                    job.wake = wake;
                    self.pod_worker.job = Some(job);
                    return did;
                }
            }
        }
        env.recorder
            .cap(env.now, "internal: sync step bound reached (pod worker)");
        did
    }

    fn run_step<R: Runtime>(
        &mut self,
        env: &mut Env<'_, R>,
        step: &mut Step,
        job: &mut SyncJob,
    ) -> StepResult {
        let now = env.now;
        match step {
            Step::CreateSandbox { done } => {
                match self.sandbox.create(done, now, env.recorder, &mut self.pleg) {
                    None => {
                        // §14.9: from 1.36 the sandbox-ready callback writes a status now,
                        // before any image is pulled.
                        if env
                            .scenario
                            .setup
                            .profile()
                            .ready_to_start_at_sandbox_ready()
                        {
                            self.update_status(env, false);
                        }
                        StepResult::Done
                    }
                    Some(wake) => StepResult::Wait(Some(wake)),
                }
            }
            Step::Kill(ops) => {
                match termination_order::drive_all(ops, &mut self.kill_context(env)) {
                    Ok(()) => StepResult::Done,
                    Err(wake) => StepResult::Wait(wake),
                }
            }
            Step::Start(op) => {
                let init = self.containers.slots[op.container].kind == ContainerKind::Init;
                match op.drive(&mut self.start_context(env)) {
                    None => StepResult::Wait(op.wake(now)),
                    Some(StartOutcome::Started) => StepResult::Done,
                    Some(StartOutcome::BackOff(expiry)) => {
                        job.backoff_expiry =
                            Some(job.backoff_expiry.map_or(expiry, |e| e.min(expiry)));
                        if init {
                            job.steps.clear(); // §7.5
                        }
                        StepResult::Done
                    }
                    Some(StartOutcome::Error) => {
                        job.error = true;
                        if init {
                            job.steps.clear(); // §7.5
                        }
                        StepResult::Done
                    }
                }
            }
            Step::RemoveContainers { killed } => {
                self.remove_containers(killed, now);
                StepResult::Done
            }
            Step::StopSandbox => {
                self.sandbox.stop(now, &mut self.pleg);
                StepResult::Done
            }
            Step::FinishTerminating => {
                self.finish_terminating(env);
                StepResult::Done
            }
        }
    }

    /// §14.8: every container is removed from the runtime (the kubelet's history keeps the
    /// last run of each); the pod starts again from its first init container at the next sync.
    fn remove_containers(&mut self, killed: &[u64], now: SimTime) {
        for slot in &mut self.containers.slots {
            let Some(mut last) = slot.instances.pop() else {
                continue;
            };
            if killed.contains(&last.id) {
                if let Some(exit) = &mut last.exit {
                    exit.reason = "RestartingAllContainers".into();
                }
            }
            slot.instances.clear();
            slot.removed = Some(last);
            slot.set_reason(None);
        }
        self.containers.regular_started_once = false;
        self.containers.restart_all = RestartAll::Restarting;
        self.pleg.notice(now);
        self.pod_worker.sync_requested = true;
    }

    /// §9.8: the final status on the terminal path, probe workers removed; the status
    /// manager then deletes the object (grace 0), at the next second.
    fn finish_terminating<R>(&mut self, env: &mut Env<'_, R>) {
        for slot in &mut self.containers.slots {
            for i in &mut slot.instances {
                if i.exit.is_some() {
                    i.exit_seen = true;
                }
            }
        }
        self.prober.unpark_all(env.now, env.recorder);
        self.prober.remove_all();
        self.update_status(env, true);
        self.pod_worker.finish_terminating();
        if env.object.deletion.is_some() && env.object.exists {
            env.object.removal_at = Some(next_whole_second_after(env.now));
        }
    }
}
