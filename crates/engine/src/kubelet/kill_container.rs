//! killContainer (kuberuntime_container.go, rules §9.4, §8.5, §8.6): the `Killing` event, the
//! preStop hook with the grace period as its timeout (whole seconds it took come off the
//! grace), the wait of a sidecar for the containers it outlives (§7.11, see
//! `termination_order`), SIGTERM with what is left of the grace — never below 2 s — and
//! SIGKILL when that runs out (§9.5).

use podlife_runtime::{ExecId, Signal};
use podlife_spec::{Pod, SimTime};

use crate::kubelet::container::{ContainerSlot, Containers, Exit};
use crate::kubelet::events::{self, NORMAL, WARNING};
use crate::kubelet::exec::Execs;
use crate::kubelet::lifecycle::hook_text;
use crate::kubelet::pleg::Pleg;
use crate::kubelet::prober::ProbeKind;
use crate::runtime::{Memo, Runtime};
use crate::sim::clock::user_seconds;
use crate::sim::recorder::Recorder;

/// minimumGracePeriodInSeconds: the stop signal always gets at least this long (§9.4 step 5).
const MIN_GRACE_MS: u64 = 2000;

/// How many phase changes one call may make. A kill has five phases, so this is never
/// reached; if it were, the run stops and says so.
const MAX_KILL_STEPS: usize = 8;

#[derive(Clone, Debug)]
pub(crate) enum KillPhase {
    /// Not begun: the `Killing` event comes next.
    Start,
    /// The preStop hook runs until `deadline` (the grace period).
    PreStop {
        exec: ExecId,
        started: SimTime,
        deadline: SimTime,
    },
    /// A sidecar waits for the containers it outlives, at most until `deadline`.
    SidecarWait {
        deadline: SimTime,
    },
    /// The stop signal was sent; SIGKILL at `kill_at`.
    Signalled {
        kill_at: SimTime,
    },
    Done,
}

/// One container being killed.
#[derive(Clone, Debug)]
pub(crate) struct KillOp {
    /// The container's index in [`Containers::slots`].
    pub(crate) container: usize,
    /// The instance being killed.
    pub(crate) instance: u64,
    pub(crate) grace_ms: u64,
    /// The `Killing` event text; empty for the default "Stopping container <c>".
    pub(crate) message: String,
    /// A sidecar stopping in termination order (§7.11).
    pub(crate) sidecar_ordering: bool,
    /// SIGKILL at once, no preStop, no grace: an in-place restart of every container (§14.8).
    pub(crate) immediate: bool,
    pub(crate) phase: KillPhase,
}

/// What a kill needs from the rest of the kubelet.
pub(crate) struct KillContext<'a, R> {
    pub(crate) now: SimTime,
    pub(crate) runtime: &'a mut Memo<R>,
    pub(crate) recorder: &'a mut Recorder,
    pub(crate) containers: &'a mut Containers,
    pub(crate) execs: &'a mut Execs,
    pub(crate) pleg: &'a mut Pleg,
}

impl KillOp {
    /// A kill of `slot`'s running instance, if it has one.
    pub(crate) fn of(
        container: usize,
        slot: &ContainerSlot,
        grace_ms: u64,
        message: String,
    ) -> Option<KillOp> {
        let instance = slot
            .newest()
            .filter(|i| i.running() && i.started_at.is_some())?;
        Some(KillOp {
            container,
            instance: instance.id,
            grace_ms,
            message,
            sidecar_ordering: false,
            immediate: false,
            phase: KillPhase::Start,
        })
    }

    pub(crate) fn is_done(&self) -> bool {
        matches!(self.phase, KillPhase::Done)
    }

    /// Drives the kill as far as it can go at `context.now`; `sidecar_wait`: this sidecar must
    /// still wait for others (§7.11). Returns the next wake-up while unfinished.
    pub(crate) fn drive<R: Runtime>(
        &mut self,
        sidecar_wait: bool,
        context: &mut KillContext<'_, R>,
    ) -> Option<SimTime> {
        self.drive_within(sidecar_wait, context, MAX_KILL_STEPS)
    }

    /// [`KillOp::drive`] with at most `max_steps` phase changes.
    fn drive_within<R: Runtime>(
        &mut self,
        sidecar_wait: bool,
        context: &mut KillContext<'_, R>,
        max_steps: usize,
    ) -> Option<SimTime> {
        let now = context.now;
        for _ in 0..max_steps {
            let slot = &context.containers.slots[self.container];
            match self.phase.clone() {
                KillPhase::Start => {
                    // §8.6: the event comes first, before preStop.
                    let message = if self.message.is_empty() {
                        format!("Stopping container {}", slot.spec.name)
                    } else {
                        self.message.clone()
                    };
                    context.recorder.kubelet_event(
                        now,
                        &slot.field_path,
                        NORMAL,
                        events::KILLING,
                        message,
                    );
                    let deadline = now + SimTime::from_millis(self.grace_ms);
                    match &slot.spec.lifecycle.pre_stop {
                        // §8.5: only with a grace period left.
                        Some(hook) if self.grace_ms > 0 && !slot.instance_exited(self.instance) => {
                            let exec = context.runtime.start_hook(now, &slot.spec.name, hook);
                            context.recorder.span_open(
                                now,
                                "preStop",
                                Some(&slot.spec.name),
                                hook_text(hook),
                            );
                            self.phase = KillPhase::PreStop {
                                exec,
                                started: now,
                                deadline,
                            };
                        }
                        _ => self.phase = KillPhase::SidecarWait { deadline },
                    }
                }
                KillPhase::PreStop {
                    exec,
                    started,
                    deadline,
                } => {
                    if let Some(result) = context.execs.take_hook_result(exec) {
                        context
                            .recorder
                            .span_close(now, "preStop", Some(&slot.spec.name));
                        if result.code != 0 {
                            context.recorder.kubelet_event(
                                now,
                                &slot.field_path,
                                WARNING,
                                events::FAILED_PRE_STOP_HOOK,
                                "PreStopHook failed".into(),
                            );
                        }
                        // §8.5: whole elapsed seconds are subtracted.
                        let elapsed = now.saturating_sub(started).whole_secs() * 1000;
                        self.grace_ms = self.grace_ms.saturating_sub(elapsed);
                        self.phase = KillPhase::SidecarWait {
                            deadline: now + SimTime::from_millis(self.grace_ms),
                        };
                    } else if now >= deadline {
                        // §9.5: stop waiting at the grace period.
                        context.runtime.abort_exec(now, exec);
                        context
                            .recorder
                            .span_close(now, "preStop", Some(&slot.spec.name));
                        self.grace_ms = 0;
                        self.phase = KillPhase::SidecarWait { deadline: now };
                    } else {
                        return Some(deadline);
                    }
                }
                KillPhase::SidecarWait { deadline } => {
                    if self.immediate {
                        // StopContainer with a zero timeout: the runtime sends SIGKILL.
                        self.phase = KillPhase::Signalled { kill_at: now };
                        continue;
                    }
                    if sidecar_wait && now < deadline {
                        return Some(deadline);
                    }
                    // What is left of the grace period, never below 2 s (§9.4 step 5, §7.11).
                    let grace = deadline.saturating_sub(now).as_millis().max(MIN_GRACE_MS);
                    if slot.instance_exited(self.instance) {
                        self.phase = KillPhase::Signalled { kill_at: now };
                        continue;
                    }
                    let name = slot.spec.name.as_str();
                    context.runtime.signal(now, name, Signal::Term);
                    context.recorder.mark(
                        now,
                        "SIGTERM",
                        Some(name),
                        format!("grace {}", podlife_spec::format_go_duration(grace)),
                    );
                    context.recorder.span_open(
                        now,
                        "grace",
                        Some(name),
                        format!("SIGKILL at +{}", podlife_spec::format_go_duration(grace)),
                    );
                    self.phase = KillPhase::Signalled {
                        kill_at: now + SimTime::from_millis(grace),
                    };
                    return Some(now); // let the runtime react to SIGTERM
                }
                KillPhase::Signalled { kill_at } => {
                    if slot.instance_exited(self.instance) {
                        context
                            .recorder
                            .span_close(now, "grace", Some(&slot.spec.name));
                        // StopContainer returned: the kubelet knows the container is gone.
                        let slot = &mut context.containers.slots[self.container];
                        if let Some(i) = slot.instance_mut(self.instance) {
                            if i.exit.is_none() {
                                i.exit = Some(killed_exit(now));
                            }
                            i.exit_seen = true;
                        }
                        context.pleg.notice(now);
                        self.phase = KillPhase::Done;
                        return None;
                    }
                    if now >= kill_at {
                        let name = slot.spec.name.clone();
                        context.runtime.signal(now, &name, Signal::Kill);
                        context
                            .recorder
                            .mark(now, "SIGKILL", Some(&name), String::new());
                        if !context.runtime.is_running(&name)
                            && context.runtime.next_wakeup().is_none()
                        {
                            // A runtime that reports nothing: treat the process as gone.
                            let slot = &mut context.containers.slots[self.container];
                            if let Some(i) = slot.instance_mut(self.instance) {
                                if i.exit.is_none() {
                                    i.exit = Some(killed_exit(now));
                                }
                            }
                        }
                        self.phase = KillPhase::Signalled {
                            kill_at: SimTime::from_millis(u64::MAX),
                        };
                        return Some(now);
                    }
                    return Some(kill_at);
                }
                KillPhase::Done => return None,
            }
        }
        context
            .recorder
            .cap(now, "internal: kill step bound reached (killContainer)");
        Some(now)
    }

    /// When a kill in progress needs attention next (none: now).
    pub(crate) fn wake(&self, now: SimTime) -> SimTime {
        match self.phase {
            KillPhase::PreStop { deadline, .. } => deadline,
            KillPhase::Signalled { kill_at } => kill_at,
            _ => now,
        }
    }
}

/// setTerminationGracePeriod (§5.16): a container killed for a failed liveness or startup
/// probe gets the probe's terminationGracePeriodSeconds when set, else the pod's.
pub(crate) fn probe_kill_grace_ms(pod: &Pod, slot: &ContainerSlot, probe: ProbeKind) -> u64 {
    let spec = &slot.spec;
    let probe = match probe {
        ProbeKind::Liveness => spec.liveness_probe.as_ref(),
        _ => spec.startup_probe.as_ref(),
    };
    let seconds = probe
        .and_then(|p| p.termination_grace_period_seconds)
        .unwrap_or(pod.spec.termination_grace_period_seconds);
    user_seconds(seconds).as_millis()
}

/// A SIGKILLed process: exit 137, reason Error (§9.7).
fn killed_exit(now: SimTime) -> Exit {
    Exit {
        at: now,
        code: 137,
        reason: "Error".into(),
        message: None,
    }
}

#[cfg(test)]
mod tests;
