//! One probe worker's tick (the kubelet's prober/worker.go): the per-tick gating (rules §5.6),
//! the initial value per new container (§5.7), the threshold counting (§5.8), going on hold
//! (§5.9) and the readiness "probe now" trigger (§5.5).

use podlife_spec::{ProbeHandler, SimTime};

use super::probe::{self, Interpreted};
use super::results::{ProbeOutcome, ProbeResult};
use super::startup::{self, Gate};
use super::{CachedResult, InFlight, Park, ProbeContext, ProbeKind, Prober, ResultSink};
use crate::kubelet::container::{ContainerState, Containers};
use crate::kubelet::phase::PodPhase;
use crate::runtime::Runtime;

/// The initial cached value for a new container (§5.7): not ready, not killed, not started
/// until probes say otherwise.
fn initial_result(kind: ProbeKind) -> CachedResult {
    match kind {
        ProbeKind::Readiness => CachedResult::Failure,
        ProbeKind::Liveness => CachedResult::Success,
        ProbeKind::Startup => CachedResult::Unknown,
    }
}

impl Prober {
    /// One tick of a worker (§5.6).
    pub(super) fn tick<R: Runtime, S: ResultSink>(
        &mut self,
        worker: usize,
        context: &mut ProbeContext<'_, R>,
        sink: &mut S,
    ) {
        let index = self.workers[worker].container;
        let kind = self.workers[worker].kind;
        let containers = context.containers;
        // Steps 1–3: the pod status as last published.
        let Some(frame) = sink.published() else {
            return;
        };
        if PodPhase::of(frame).is_terminal() {
            self.workers[worker].stopped = true;
            return;
        }
        let slot = &containers.slots[index];
        let Some(id) = slot.published_instance else {
            return; // no container ID in the status yet
        };
        let status = frame.containers.get(slot.status_index).map(|c| {
            (
                ContainerState::of(c) == ContainerState::Running && !c.container_id.is_empty(),
                c.started_at,
            )
        });
        // Step 4: a new container.
        let w = &mut self.workers[worker];
        if w.instance != Some(id) {
            w.instance = Some(id);
            w.on_hold = false;
            w.cached = Some(initial_result(kind));
        }
        // Step 5.
        if w.on_hold {
            self.mark(worker, context, "on-hold", String::new());
            // Nothing can change until the next status (a new container ID): park.
            if self.parking {
                self.workers[worker].parked = Some(Park::OnHold);
            }
            return;
        }
        let Some((running, started_at)) = status else {
            return;
        };
        // Step 6.
        if !running {
            self.set_result(worker, CachedResult::Failure, context, sink);
            if self.parking {
                self.workers[worker].parked = Some(Park::Idle);
            }
            return;
        }
        // Step 7.
        if context.deleting && kind != ProbeKind::Readiness {
            self.set_result(worker, CachedResult::Success, context, sink);
            self.workers[worker].stopped = true;
            return;
        }
        // Step 8.
        let started_at = started_at.unwrap_or(context.now);
        let delay = self.workers[worker].probe.initial_delay_seconds.max(0) as u64;
        if context.now.saturating_sub(started_at).whole_secs() < delay {
            self.mark(worker, context, "delayed", String::new());
            return;
        }
        // Step 9.
        match startup::gate(kind, self.is_started(slot)) {
            Gate::Probe => {}
            Gate::Skip => return,
            Gate::NotStarted => {
                self.mark(worker, context, "not-started", String::new());
                return;
            }
        }
        // Step 10. §14.11: under the 1.35 regression the pod worker's cancelled context reaches
        // the exec prober once termination starts: CRI ExecSync fails at once.
        let w = &self.workers[worker];
        let outcome = if context.exec_cancelled
            && kind == ProbeKind::Readiness
            && matches!(w.probe.handler, ProbeHandler::Exec { .. })
        {
            ProbeOutcome {
                result: ProbeResult::Error,
                output: "rpc error: code = Canceled desc = context canceled".into(),
                took: SimTime::ZERO,
            }
        } else {
            probe::run_probe(context.runtime, context.now, &slot.spec.name, &w.probe)
        };
        let done = outcome.took == SimTime::ZERO;
        self.workers[worker].in_flight = Some(InFlight {
            done: context.now + outcome.took,
            result: outcome.result,
            output: outcome.output,
        });
        if done {
            self.finish(worker, context, sink);
        }
    }

    /// The end of a worker's in-flight probe: its event, mark and threshold (§5.8).
    pub(super) fn finish<R: Runtime, S: ResultSink>(
        &mut self,
        worker: usize,
        context: &mut ProbeContext<'_, R>,
        sink: &mut S,
    ) {
        let Some(InFlight { result, output, .. }) = self.workers[worker].in_flight.take() else {
            return;
        };
        let kind = self.workers[worker].kind;
        let containers = context.containers;
        let slot = &containers.slots[self.workers[worker].container];
        let cached =
            match probe::interpret(context.recorder, context.now, slot, kind, result, &output) {
                Interpreted::Discarded => {
                    self.mark(worker, context, "error", output);
                    return;
                }
                Interpreted::Counted(cached) => cached,
            };
        // §5.8 thresholds.
        let w = &mut self.workers[worker];
        if w.last_result == Some(cached) {
            w.run = w.run.saturating_add(1);
        } else {
            w.last_result = Some(cached);
            w.run = 1;
        }
        self.mark(worker, context, probe::label(result), output);
        let w = &self.workers[worker];
        let (run, failure_threshold, success_threshold) = (
            w.run,
            w.probe.failure_threshold.max(1) as u32,
            w.probe.success_threshold.max(1) as u32,
        );
        if (cached == CachedResult::Failure && run < failure_threshold)
            || (cached == CachedResult::Success && run < success_threshold)
        {
            return;
        }
        let steady = result == ProbeResult::Success
            && w.cached == Some(CachedResult::Success)
            && kind != ProbeKind::Startup;
        self.set_result(worker, cached, context, sink);
        if steady && self.parking {
            self.park_if_steady(worker, context);
        }
        // §5.9 on hold after liveness Failure or any startup result.
        if (kind == ProbeKind::Liveness && cached == CachedResult::Failure)
            || kind == ProbeKind::Startup
        {
            let w = &mut self.workers[worker];
            w.on_hold = true;
            w.run = 0;
        }
    }

    /// Caches a worker's `result`; a change goes to the sink at once (rules §0.3), and a
    /// status it publishes wakes the parked workers.
    fn set_result<R: Runtime, S: ResultSink>(
        &mut self,
        worker: usize,
        result: CachedResult,
        context: &mut ProbeContext<'_, R>,
        sink: &mut S,
    ) {
        let w = &mut self.workers[worker];
        let changed = w.cached != Some(result);
        w.cached = Some(result);
        if !changed {
            return;
        }
        let kind = w.kind;
        if sink.result_changed(kind, result, self, context.recorder, context.now) {
            self.unpark_all(context.now, context.recorder);
        }
    }

    /// Records a worker's tick with `result` (a mark label) and `output`.
    fn mark<R>(
        &mut self,
        worker: usize,
        context: &mut ProbeContext<'_, R>,
        result: &'static str,
        output: String,
    ) {
        let w = &self.workers[worker];
        let last = context.recorder.probe_mark(
            context.now,
            w.last_mark,
            &context.containers.slots[w.container].spec.name,
            w.kind.lower(),
            result,
            output,
            w.run,
        );
        self.workers[worker].last_mark = last;
    }

    /// UpdatePodStatus's readiness trigger (§5.5): at every status generation, each started,
    /// running container whose readiness is not Success gets a "probe now".
    pub(crate) fn probe_now_unready(&mut self, containers: &Containers, now: SimTime) {
        for worker in 0..self.workers.len() {
            let w = &self.workers[worker];
            if w.kind != ProbeKind::Readiness || w.stopped {
                continue;
            }
            let slot = &containers.slots[w.container];
            let Some(instance) = slot.newest().map(|i| i.id) else {
                continue;
            };
            if self.is_started(slot)
                && self.cached(slot, ProbeKind::Readiness, instance)
                    != Some(Some(CachedResult::Success))
                && self.workers[worker].in_flight.is_none()
            {
                let w = &mut self.workers[worker];
                w.manual = true;
                w.next_tick = now;
            }
        }
    }
}

#[cfg(test)]
mod tests;
