//! Skipping probe ticks that cannot change anything — the bulk of an hour of simulation.
//! A worker parks when it is on hold or its container is not running (until the next
//! status), or when a success changed nothing and the runtime promises the same answer
//! (`Runtime::probe_stable_until` + `probe_token`). On wake-up the skipped ticks are accounted
//! on the grid, so the trace is exactly what ticking every period would have produced
//! (rules §5.6; tested against `Sim::disable_parking`).

use podlife_spec::SimTime;

use super::{Park, ProbeContext, Prober, Worker};
use crate::runtime::Runtime;
use crate::sim::recorder::Recorder;

impl Worker {
    /// The first tick at or after `t`, on the worker's tick grid.
    pub(super) fn first_tick_at_or_after(&self, t: SimTime) -> SimTime {
        let period = self.period_ms();
        let next = self.next_tick;
        if t <= next {
            return next;
        }
        let k = (t.as_millis() - next.as_millis()).div_ceil(period);
        SimTime(next.as_millis().saturating_add(k.saturating_mul(period)))
    }
}

impl Prober {
    /// A new status was published: every parked worker wakes, its skipped ticks accounted.
    pub(crate) fn unpark_all(&mut self, now: SimTime, recorder: &mut Recorder) {
        let horizon = self.skipped_tick_horizon(now);
        for worker in 0..self.workers.len() {
            self.unpark(worker, horizon, recorder);
        }
    }

    /// The end of the run: running workers would have ticked up to `end` (exclusive).
    pub(crate) fn settle(&mut self, end: SimTime, recorder: &mut Recorder) {
        for worker in 0..self.workers.len() {
            if !self.workers[worker].stopped {
                self.unpark(worker, end, recorder);
            }
        }
    }

    /// Parked ticks before this instant were skipped; a tick due exactly now was already
    /// handled if the workers ran at this instant.
    fn skipped_tick_horizon(&self, now: SimTime) -> SimTime {
        if self.probes_ran_at == Some(now) {
            now + SimTime::from_millis(1)
        } else {
            now
        }
    }

    /// Wakes steady workers whose runtime promise ended; runs before each pass of the
    /// workers, after the runtime advanced, so a tick due now sees what changed.
    pub(super) fn wake_steady<R: Runtime>(&mut self, context: &mut ProbeContext<'_, R>) {
        let horizon = self.skipped_tick_horizon(context.now);
        // The runtime's epoch unchanged since the last pass: every token is as it was then, and
        // tokens taken since (parking) are current, so only the time limits can end a park.
        let epoch = context.runtime.probe_epoch();
        let tokens_same = epoch.is_some() && epoch == self.steady_epoch;
        self.steady_epoch = epoch;
        for worker in 0..self.workers.len() {
            let Some(Park::Steady { until, token }) = self.workers[worker].parked else {
                continue;
            };
            let container = &context.containers.slots[self.workers[worker].container]
                .spec
                .name;
            if until <= context.now
                || (!tokens_same && context.runtime.probe_token(container) != token)
            {
                self.unpark(worker, horizon, context.recorder);
            }
        }
    }

    /// Ends a worker's parking, accounting its skipped ticks before `horizon`.
    fn unpark(&mut self, worker: usize, horizon: SimTime, recorder: &mut Recorder) {
        let w = &mut self.workers[worker];
        let Some(park) = w.parked.take() else {
            return;
        };
        let period = w.period_ms();
        let next = w.next_tick;
        if next >= horizon {
            return;
        }
        let skipped = (horizon.as_millis() - next.as_millis()).div_ceil(period);
        let last_skipped = next + SimTime::from_millis((skipped - 1) * period);
        w.next_tick = next + SimTime::from_millis(skipped * period);
        if park == Park::Idle {
            return;
        }
        recorder.extend_probe_mark(w.last_mark, skipped, last_skipped);
        if let Park::Steady { .. } = park {
            w.run = w
                .run
                .saturating_add(skipped.min(u64::from(u32::MAX)) as u32);
        }
    }

    /// A success that changed nothing: while the runtime promises the same answer, the next
    /// ticks would only repeat this mark, so skip them (accounted on wake-up).
    pub(super) fn park_if_steady<R: Runtime>(
        &mut self,
        worker: usize,
        context: &mut ProbeContext<'_, R>,
    ) {
        let w = &self.workers[worker];
        if w.in_flight.is_some() || w.manual {
            return;
        }
        let container = &context.containers.slots[w.container].spec.name;
        let Some((until, token)) =
            context
                .runtime
                .probe_stable_until(context.now, container, &w.probe.handler)
        else {
            return;
        };
        if w.first_tick_at_or_after(until) > w.next_tick {
            self.workers[worker].parked = Some(Park::Steady { until, token });
        }
    }
}

#[cfg(test)]
mod tests;
