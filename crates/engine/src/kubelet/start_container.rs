//! Starting one container (kuberuntime's doBackOff and startContainer): CrashLoopBackOff
//! first (rules §6.2–6.5, §3.7) — a container whose last exit is too recent is not started,
//! and waits with reason CrashLoopBackOff — then the image (§10, see `images`), create, start
//! (§8.1), and the postStart hook, which holds the sync until it returns and kills the
//! container when it fails (§8.2, §8.3).

use podlife_runtime::ExecId;
use podlife_spec::{ContainerKind, Pod, Setup, SimTime};

use crate::kubelet::backoff::Backoff;
use crate::kubelet::container::{Containers, Exit, Instance, RestartAll};
use crate::kubelet::events::{self, NORMAL, WARNING};
use crate::kubelet::exec::Execs;
use crate::kubelet::images::{Ensure, ImageFailure, ImageManager};
use crate::kubelet::kill_container::{KillContext, KillOp, KillPhase};
use crate::kubelet::lifecycle;
use crate::kubelet::pleg::Pleg;
use crate::runtime::{Memo, Runtime};
use crate::sim::clock::user_seconds;
use crate::sim::recorder::Recorder;

/// Container create and start each take this long (model constants).
const CREATE_MS: u64 = 100;
const START_MS: u64 = 100;

/// How many phase changes one call may make. A start has seven phases, so this is never
/// reached; if it were, the run stops and says so.
const MAX_START_STEPS: usize = 8;

#[derive(Clone, Debug)]
pub(crate) enum StartPhase {
    /// Not begun: the back-off check comes next.
    Begin,
    Pulling {
        done: SimTime,
        started: SimTime,
    },
    Creating {
        done: SimTime,
    },
    Starting {
        done: SimTime,
    },
    /// The postStart hook of `instance` runs.
    PostStart {
        exec: ExecId,
        instance: u64,
    },
    /// postStart failed: the container is being killed (§8.3).
    PostStartKill(Box<KillOp>),
}

/// One container being started.
#[derive(Clone, Debug)]
pub(crate) struct StartOp {
    /// The container's index in [`Containers::slots`].
    pub(crate) container: usize,
    /// finishedAt of the newest exited instance in the sync's snapshot (§6.3, §5.17).
    pub(crate) backoff_since: Option<SimTime>,
    pub(crate) phase: StartPhase,
}

/// How a start ended.
pub(crate) enum StartOutcome {
    Started,
    /// In back-off until the given expiry (CrashLoopBackOff or ImagePullBackOff).
    BackOff(SimTime),
    /// Failed: an error sync.
    Error,
}

/// What a start needs from the rest of the kubelet.
pub(crate) struct StartContext<'a, R> {
    pub(crate) now: SimTime,
    pub(crate) runtime: &'a mut Memo<R>,
    pub(crate) recorder: &'a mut Recorder,
    pub(crate) containers: &'a mut Containers,
    pub(crate) execs: &'a mut Execs,
    pub(crate) pleg: &'a mut Pleg,
    pub(crate) images: &'a mut ImageManager,
    pub(crate) crash_loop: &'a mut Backoff<usize>,
    pub(crate) pod: &'a Pod,
    pub(crate) setup: &'a Setup,
    /// `<name>_<namespace>(<uid>)`, as the kubelet names the pod in messages.
    pub(crate) pod_key: &'a str,
}

impl<R: Runtime> StartContext<'_, R> {
    fn kill_context(&mut self) -> KillContext<'_, R> {
        KillContext {
            now: self.now,
            runtime: &mut *self.runtime,
            recorder: &mut *self.recorder,
            containers: &mut *self.containers,
            execs: &mut *self.execs,
            pleg: &mut *self.pleg,
        }
    }

    /// The start failed with `failure`: startContainer's `Error: <reason>` event, and the
    /// reason cache (§3.5).
    fn image_failed(&mut self, index: usize, failure: ImageFailure) {
        let slot = &mut self.containers.slots[index];
        self.recorder.kubelet_event(
            self.now,
            &slot.field_path,
            WARNING,
            events::FAILED,
            format!("Error: {}", failure.reason),
        );
        slot.set_reason(Some((failure.reason.into(), failure.message.into())));
    }
}

impl StartOp {
    /// A start of container `index` as the sync's snapshot sees it.
    pub(crate) fn of(index: usize, containers: &Containers) -> StartOp {
        StartOp {
            container: index,
            backoff_since: containers.slots[index].newest_exited_finish(),
            phase: StartPhase::Begin,
        }
    }

    /// When the start needs attention next (`None`: when its hook finishes).
    pub(crate) fn wake(&self, now: SimTime) -> Option<SimTime> {
        match &self.phase {
            StartPhase::Pulling { done, .. } => Some(*done),
            StartPhase::Creating { done } | StartPhase::Starting { done } => Some(*done),
            StartPhase::PostStart { .. } => None,
            StartPhase::PostStartKill(k) => Some(k.wake(now)),
            StartPhase::Begin => Some(now),
        }
    }

    /// doBackOff (§6.3): whether the container must wait; if so, records the BackOff event,
    /// the CrashLoopBackOff reason (§3.7, §6.5) and the back-off span, and returns the expiry.
    /// Otherwise the back-off entry moves on (Next) and the start goes ahead.
    fn crash_loop_back_off<R: Runtime>(
        &self,
        context: &mut StartContext<'_, R>,
    ) -> Option<SimTime> {
        let finished = self.backoff_since?;
        let index = self.container;
        let now = context.now;
        if !context.crash_loop.in_backoff_since(&index, finished, now) {
            context.crash_loop.next(&index, finished, now);
            return None;
        }
        let backoff_ms = context.crash_loop.get(&index);
        let slot = &mut context.containers.slots[index];
        context.recorder.kubelet_event(
            now,
            &slot.field_path,
            WARNING,
            events::BACK_OFF,
            slot.backoff_event.clone(),
        );
        // The reason-cache text only changes with the back-off length.
        let same = matches!(slot.reason(), Some((r, _)) if &**r == "CrashLoopBackOff")
            && slot.crash_loop_text_for_ms == backoff_ms;
        if !same {
            slot.crash_loop_text_for_ms = backoff_ms;
            let text = format!(
                "back-off {} restarting failed container={} pod={}",
                podlife_spec::format_go_duration(backoff_ms),
                slot.spec.name,
                context.pod_key
            );
            slot.set_reason(Some(("CrashLoopBackOff".into(), text.into())));
        }
        let expiry = finished + SimTime::from_millis(backoff_ms);
        if slot.backoff_span_for != Some(finished) {
            slot.backoff_span_for = Some(finished);
            context.recorder.span_full(
                "backoff",
                Some(&slot.spec.name),
                finished,
                expiry,
                podlife_spec::format_go_duration(backoff_ms),
            );
        }
        Some(expiry)
    }

    /// Drives the start as far as it can go at `context.now`; the outcome once it is over.
    pub(crate) fn drive<R: Runtime>(
        &mut self,
        context: &mut StartContext<'_, R>,
    ) -> Option<StartOutcome> {
        self.drive_within(context, MAX_START_STEPS)
    }

    /// [`StartOp::drive`] with at most `max_steps` phase changes.
    fn drive_within<R: Runtime>(
        &mut self,
        context: &mut StartContext<'_, R>,
        max_steps: usize,
    ) -> Option<StartOutcome> {
        let now = context.now;
        let index = self.container;
        for _ in 0..max_steps {
            match self.phase.clone() {
                StartPhase::Begin => {
                    if let Some(expiry) = self.crash_loop_back_off(context) {
                        return Some(StartOutcome::BackOff(expiry));
                    }
                    // EnsureImageExists (§10).
                    let slot = &context.containers.slots[index];
                    let ensure = context.images.ensure(
                        context.recorder,
                        now,
                        &slot.field_path,
                        &slot.spec.name,
                        &slot.spec.image,
                        slot.spec.image_pull_policy,
                        context.setup.profile(),
                        context.setup.registry.pull,
                    );
                    match ensure {
                        Ensure::Present => {
                            self.phase = StartPhase::Creating {
                                done: now + SimTime::from_millis(CREATE_MS),
                            };
                        }
                        Ensure::Pulling { done } => {
                            self.phase = StartPhase::Pulling { done, started: now };
                        }
                        Ensure::Failed(failure) => {
                            context.image_failed(index, failure);
                            return Some(StartOutcome::Error);
                        }
                        Ensure::BackOff { expiry, failure } => {
                            context.image_failed(index, failure);
                            return Some(StartOutcome::BackOff(expiry));
                        }
                    }
                    return None;
                }
                StartPhase::Pulling { done, started } => {
                    if now < done {
                        return None;
                    }
                    let slot = &context.containers.slots[index];
                    let missing = context
                        .setup
                        .registry
                        .missing
                        .iter()
                        .any(|m| m == &slot.spec.image);
                    let pulled = context.images.finish_pull(
                        context.recorder,
                        now,
                        &slot.field_path,
                        &slot.spec.name,
                        &slot.spec.image,
                        started,
                        missing,
                    );
                    if let Err(failure) = pulled {
                        context.image_failed(index, failure);
                        return Some(StartOutcome::Error);
                    }
                    self.phase = StartPhase::Creating {
                        done: now + SimTime::from_millis(CREATE_MS),
                    };
                }
                StartPhase::Creating { done } => {
                    if now < done {
                        return None;
                    }
                    let slot = &context.containers.slots[index];
                    context.recorder.kubelet_event(
                        now,
                        &slot.field_path,
                        NORMAL,
                        events::CREATED,
                        context
                            .setup
                            .profile()
                            .created_event_message(&slot.spec.name),
                    );
                    self.phase = StartPhase::Starting {
                        done: now + SimTime::from_millis(START_MS),
                    };
                }
                StartPhase::Starting { done } => {
                    if now < done {
                        return None;
                    }
                    return self.start(context);
                }
                StartPhase::PostStart { exec, instance } => {
                    let result = context.execs.take_hook_result(exec)?;
                    let slot = &mut context.containers.slots[index];
                    context
                        .recorder
                        .span_close(now, "postStart", Some(&slot.spec.name));
                    if result.code == 0 {
                        slot.set_reason(None);
                        return Some(StartOutcome::Started);
                    }
                    // §8.3
                    let detail = lifecycle::failure_message(
                        slot.spec.lifecycle.post_start.as_ref(),
                        &slot.spec.name,
                        context.pod_key,
                        result.code,
                        &result.output,
                    );
                    context.recorder.kubelet_event(
                        now,
                        &slot.field_path,
                        WARNING,
                        events::FAILED_POST_START_HOOK,
                        "PostStartHook failed".into(),
                    );
                    slot.set_reason(Some(("PostStartHookError".into(), detail.into())));
                    let grace_ms =
                        user_seconds(context.pod.spec.termination_grace_period_seconds).as_millis();
                    self.phase = StartPhase::PostStartKill(Box::new(KillOp {
                        container: index,
                        instance,
                        grace_ms,
                        message: "FailedPostStartHook".into(),
                        sidecar_ordering: false,
                        immediate: false,
                        phase: KillPhase::Start,
                    }));
                }
                StartPhase::PostStartKill(mut kill) => {
                    kill.drive(false, &mut context.kill_context());
                    let done = kill.is_done();
                    self.phase = StartPhase::PostStartKill(kill);
                    if done {
                        return Some(StartOutcome::Error);
                    }
                    return None;
                }
            }
        }
        context
            .recorder
            .cap(now, "internal: start step bound reached (startContainer)");
        None
    }

    /// The runtime starts the process (§8.1): a new instance, its `Started` event, then the
    /// postStart hook if any. A start error is containerd's StartError, exit 128 (§3.8).
    fn start<R: Runtime>(&mut self, context: &mut StartContext<'_, R>) -> Option<StartOutcome> {
        let now = context.now;
        let index = self.container;
        // After an in-place restart the count goes on from the removed run (its logs are
        // kept, §3.4, §14.8).
        let restart_count = context.containers.slots[index]
            .last_run()
            .map(|i| i.restart_count + 1)
            .unwrap_or(0);
        let id = context.containers.next_instance_id();
        let slot = &mut context.containers.slots[index];
        let started = context.runtime.start(now, &slot.spec.name, restart_count);
        let mut instance = Instance {
            id,
            container_id: slot.make_container_id(&context.pod.uid, id),
            restart_count,
            started_at: Some(now),
            exit: None,
            exit_seen: false,
        };
        context.pleg.notice(now);
        if let Err(failure) = started {
            instance.exit = Some(Exit {
                at: now,
                code: 128,
                reason: "StartError".into(),
                message: Some(failure.message.as_str().into()),
            });
            instance.exit_seen = true;
            slot.push_instance(instance);
            context.recorder.kubelet_event(
                now,
                &slot.field_path,
                WARNING,
                events::FAILED,
                format!("Error: {}", failure.message),
            );
            slot.set_reason(Some(("RunContainerError".into(), failure.message.into())));
            return Some(StartOutcome::Error);
        }
        slot.push_instance(instance);
        if slot.kind == ContainerKind::Regular {
            context.containers.regular_started_once = true;
            if context.containers.restart_all == RestartAll::Restarting {
                context.containers.restart_all = RestartAll::Idle;
            }
        }
        let slot = &mut context.containers.slots[index];
        context.recorder.kubelet_event(
            now,
            &slot.field_path,
            NORMAL,
            events::STARTED,
            context
                .setup
                .profile()
                .started_event_message(&slot.spec.name),
        );
        match &slot.spec.lifecycle.post_start {
            Some(hook) => {
                let exec = context.runtime.start_hook(now, &slot.spec.name, hook);
                context.recorder.span_open(
                    now,
                    "postStart",
                    Some(&slot.spec.name),
                    lifecycle::hook_text(hook),
                );
                self.phase = StartPhase::PostStart { exec, instance: id };
                None
            }
            None => {
                slot.set_reason(None);
                Some(StartOutcome::Started)
            }
        }
    }
}

#[cfg(test)]
mod tests;
