//! The trace recorder: events (through the kubelet recorder's spam filter, rules §13.4),
//! spans, marks, probe marks and exec results, in time order, and the first bound that was hit.
//! Every bound reached anywhere is reported here ([`Recorder::cap`]), never swallowed.

use podlife_spec::SimTime;

use crate::kubelet::events;
use crate::trace::{Event, ExecResult, Mark, ProbeMark, Span};

/// Bounds: reaching one is reported in `Trace::capped`.
pub const MAX_EVENTS: usize = 20_000;
pub const MAX_PROBE_MARKS: usize = 100_000;

/// One token of the spam filter, in ms of refill (1 token per 300 s).
const SPAM_TOKEN_MS: u64 = 300_000;
/// The spam filter's burst.
const SPAM_BURST: u64 = 25;

pub(crate) struct Recorder {
    pub(crate) events: Vec<Event>,
    pub(crate) spans: Vec<Span>,
    pub(crate) marks: Vec<Mark>,
    pub(crate) probe_marks: Vec<ProbeMark>,
    pub(crate) execs: Vec<ExecResult>,
    capped: Option<String>,
    /// When the probe-mark cap first dropped a mark (reported at the end of the run).
    probe_marks_dropped_at: Option<SimTime>,
    /// The kubelet recorder's spam-filter bucket for this pod: tokens in ms of refill, as of.
    spam_tokens_ms: u64,
    spam_as_of: SimTime,
}

impl Recorder {
    pub(crate) fn new() -> Recorder {
        Recorder {
            events: Vec::new(),
            spans: Vec::new(),
            marks: Vec::new(),
            probe_marks: Vec::new(),
            execs: Vec::new(),
            capped: None,
            probe_marks_dropped_at: None,
            spam_tokens_ms: SPAM_BURST * SPAM_TOKEN_MS,
            spam_as_of: SimTime::ZERO,
        }
    }

    /// The bound that stopped the run, if any.
    pub(crate) fn capped(&self) -> Option<&str> {
        self.capped.as_deref()
    }

    pub(crate) fn is_capped(&self) -> bool {
        self.capped.is_some()
    }

    /// Reports a bound reached at `now`; the first one wins and stops the run.
    pub(crate) fn cap(&mut self, now: SimTime, why: &str) {
        if self.capped.is_none() {
            self.capped = Some(format!("{why} at t={now}"));
        }
    }

    /// The final `Trace::capped`: the bound that stopped the run, else a dropped probe mark.
    pub(crate) fn take_capped(&mut self) -> Option<String> {
        if let (None, Some(t)) = (&self.capped, self.probe_marks_dropped_at) {
            self.capped = Some(format!(
                "probe mark cap reached at t={t} (later marks dropped)"
            ));
        }
        self.capped.take()
    }

    /// Records an event. Rules §13.4: the kubelet's recorder has one token bucket per (source,
    /// involved object) — all of this pod's kubelet events share it — burst 25, refilled
    /// continuously at 1 token per 300 s. A dropped occurrence still counts in the recorder's
    /// cache, so the next accepted identical event carries the higher count.
    pub(crate) fn record(
        &mut self,
        now: SimTime,
        type_: &'static str,
        reason: &'static str,
        from: &'static str,
        object: String,
        message: String,
    ) {
        if self.events.len() >= MAX_EVENTS {
            self.cap(now, "event cap reached");
            return;
        }
        let recorded = if from == events::KUBELET {
            let elapsed = now.saturating_sub(self.spam_as_of).as_millis();
            self.spam_tokens_ms = (self.spam_tokens_ms + elapsed).min(SPAM_BURST * SPAM_TOKEN_MS);
            self.spam_as_of = now;
            if self.spam_tokens_ms >= SPAM_TOKEN_MS {
                self.spam_tokens_ms -= SPAM_TOKEN_MS;
                true
            } else {
                false
            }
        } else {
            true
        };
        self.events.push(Event {
            time: now,
            type_,
            reason,
            from,
            object,
            message,
            recorded,
        });
    }

    /// A kubelet event about `object` (a container's fieldPath, or [`events::POD_OBJECT`]).
    pub(crate) fn kubelet_event(
        &mut self,
        now: SimTime,
        object: &str,
        type_: &'static str,
        reason: &'static str,
        message: String,
    ) {
        self.record(
            now,
            type_,
            reason,
            events::KUBELET,
            object.to_string(),
            message,
        );
    }

    pub(crate) fn mark(
        &mut self,
        now: SimTime,
        kind: &'static str,
        container: Option<&str>,
        detail: String,
    ) {
        self.marks.push(Mark {
            time: now,
            kind,
            container: container.map(str::to_string),
            detail,
        });
    }

    pub(crate) fn span_open(
        &mut self,
        now: SimTime,
        kind: &'static str,
        container: Option<&str>,
        detail: String,
    ) {
        self.spans.push(Span {
            kind,
            container: container.map(str::to_string),
            start: now,
            end: None,
            detail,
        });
    }

    /// Closes the newest open span of `kind` for `container`.
    pub(crate) fn span_close(&mut self, now: SimTime, kind: &str, container: Option<&str>) {
        if let Some(s) = self
            .spans
            .iter_mut()
            .rev()
            .find(|s| s.kind == kind && s.container.as_deref() == container && s.end.is_none())
        {
            s.end = Some(now);
        }
    }

    pub(crate) fn span_full(
        &mut self,
        kind: &'static str,
        container: Option<&str>,
        start: SimTime,
        end: SimTime,
        detail: String,
    ) {
        self.spans.push(Span {
            kind,
            container: container.map(str::to_string),
            start,
            end: Some(end),
            detail,
        });
    }

    /// Records a probe tick of a worker whose newest mark is `last` (an index into the probe
    /// marks). Consecutive identical ticks of one worker merge into one mark (`count`, `last`),
    /// so an hour of 1 s probes stays small. Returns the worker's newest mark.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn probe_mark(
        &mut self,
        now: SimTime,
        last: Option<usize>,
        container: &str,
        probe: &'static str,
        result: &'static str,
        output: String,
        run: u32,
    ) -> Option<usize> {
        if let Some(i) = last {
            if let Some(m) = self.probe_marks.get_mut(i) {
                // Labels are the same few statics: the pointer test settles most ticks.
                if (std::ptr::eq(m.result, result) || m.result == result) && m.output == output {
                    m.count += 1;
                    m.last = now;
                    return last;
                }
            }
        }
        if self.probe_marks.len() >= MAX_PROBE_MARKS {
            // Dropping timeline marks does not stop the run; it is reported in the trace.
            self.probe_marks_dropped_at.get_or_insert(now);
            return last;
        }
        self.probe_marks.push(ProbeMark {
            time: now,
            container: container.to_string(),
            probe,
            result,
            output,
            run,
            count: 1,
            last: now,
        });
        Some(self.probe_marks.len() - 1)
    }

    /// Accounts `skipped` ticks (the last at `last_tick`) on the mark at `index`.
    pub(crate) fn extend_probe_mark(
        &mut self,
        index: Option<usize>,
        skipped: u64,
        last_tick: SimTime,
    ) {
        if let Some(m) = index.and_then(|i| self.probe_marks.get_mut(i)) {
            m.count = m.count.saturating_add(skipped as u32);
            m.last = last_tick;
        }
    }
}
