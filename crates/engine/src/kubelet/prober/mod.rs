//! The prober manager (the kubelet's pkg/kubelet/prober): one worker per (container, probe
//! kind) for regular containers and sidecars (rules §5.3), ticking on its own period from
//! pod admission; the cached results the rest of the kubelet reads (started, ready, liveness
//! failures); and the skipping of ticks that cannot change anything.
//!
//! Where each rule lives:
//! - [`worker`]: one tick's gating (§5.6), initial values (§5.7), thresholds (§5.8), on hold
//!   (§5.9), the readiness "probe now" trigger (§5.5);
//! - [`probe`]: running one probe against the runtime (the kubelet's prober.go), retries
//!   (§5.11), results and their events (§5.10);
//! - [`handlers`]: what the kubelet makes of the model's answer to an exec, httpGet,
//!   tcpSocket or grpc probe (pkg/probe: success or failure, texts, the output cap, redirects;
//!   §5.10, §5.12, §5.13); [`results`]: the result type;
//! - [`startup`]: startup-probe gating — `started` (§3.9) and liveness/readiness waiting for
//!   it (§5.14);
//! - [`parking`]: skipped ticks, accounted on wake-up so the trace is unchanged.
//!
//! The prober never writes the pod status itself: a changed result is handed to a
//! [`ResultSink`] (the kubelet's sync loop, rules §0.3).

pub(crate) mod handlers;
mod parking;
mod probe;
pub(crate) mod results;
mod startup;
mod worker;

use self::results::ProbeResult;
use podlife_spec::{ContainerKind, Probe, SimTime};

use crate::kubelet::container::{ContainerSlot, Containers};
use crate::runtime::Memo;
use crate::sim::recorder::Recorder;
use crate::trace::Frame;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

impl ProbeKind {
    const ALL: [ProbeKind; 3] = [
        ProbeKind::Liveness,
        ProbeKind::Readiness,
        ProbeKind::Startup,
    ];

    /// Position in [`ContainerSlot::probe_workers`].
    fn index(self) -> usize {
        match self {
            ProbeKind::Liveness => 0,
            ProbeKind::Readiness => 1,
            ProbeKind::Startup => 2,
        }
    }

    pub(crate) fn title(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
            ProbeKind::Startup => "Startup",
        }
    }

    pub(crate) fn lower(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "liveness",
            ProbeKind::Readiness => "readiness",
            ProbeKind::Startup => "startup",
        }
    }

    fn of(slot: &ContainerSlot, kind: ProbeKind) -> Option<&Probe> {
        match kind {
            ProbeKind::Liveness => slot.spec.liveness_probe.as_ref(),
            ProbeKind::Readiness => slot.spec.readiness_probe.as_ref(),
            ProbeKind::Startup => slot.spec.startup_probe.as_ref(),
        }
    }
}

/// A worker's cached result (the kubelet's results manager).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CachedResult {
    Success,
    Failure,
    Unknown,
}

/// Why a probe worker skips its ticks. Skipped ticks are accounted when it wakes, so the trace
/// is exactly what ticking every period would have produced (tested with parking disabled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Park {
    /// On hold (§5.9): each skipped tick is an `on-hold` mark; until the next status.
    OnHold,
    /// Its container is not running: skipped ticks leave no mark; until the next status.
    Idle,
    /// Succeeding with nothing left to change: each skipped tick repeats the last `success`
    /// mark. Until the runtime's promise ends (`until`, or its probe token changes) or the
    /// next status.
    Steady { until: SimTime, token: u128 },
}

/// A probe that has run and whose result is due at `done`.
struct InFlight {
    done: SimTime,
    result: ProbeResult,
    output: String,
}

/// One probe worker.
struct Worker {
    /// The container's index in [`Containers::slots`].
    container: usize,
    kind: ProbeKind,
    probe: Probe,
    next_tick: SimTime,
    /// The instance the cached result is for.
    instance: Option<u64>,
    cached: Option<CachedResult>,
    last_result: Option<CachedResult>,
    /// Consecutive identical results (resultRun, §5.8).
    run: u32,
    on_hold: bool,
    in_flight: Option<InFlight>,
    /// A "probe now" trigger is pending (§5.5): the ticker restarts from the manual run.
    manual: bool,
    stopped: bool,
    /// The worker's newest probe mark (consecutive identical ticks merge into it).
    last_mark: Option<usize>,
    /// Skipping ticks that would change nothing (see [`Park`]).
    parked: Option<Park>,
}

impl Worker {
    fn period_ms(&self) -> u64 {
        u64::from(self.probe.period_seconds.max(1) as u32) * 1000
    }
}

/// What a probe tick needs from the rest of the simulator.
pub(crate) struct ProbeContext<'a, R> {
    pub(crate) now: SimTime,
    pub(crate) runtime: &'a mut Memo<R>,
    pub(crate) recorder: &'a mut Recorder,
    pub(crate) containers: &'a Containers,
    /// The pod has a deletionTimestamp (§5.6 step 7).
    pub(crate) deleting: bool,
    /// Exec probes fail with a cancelled context: the pod terminates under a profile with the
    /// 1.35 regression (§14.11).
    pub(crate) exec_cancelled: bool,
}

/// Where changed results go (the kubelet's sync loop, rules §0.3), and where the pod status
/// the workers read comes from (the status manager).
pub(crate) trait ResultSink {
    /// The pod status as last published.
    fn published(&self) -> Option<&Frame>;
    /// `kind`'s cached result changed to `result`; `prober` holds the new results. Returns
    /// whether a new status was published (parked workers then wake).
    fn result_changed(
        &mut self,
        kind: ProbeKind,
        result: CachedResult,
        prober: &Prober,
        recorder: &mut Recorder,
        now: SimTime,
    ) -> bool;
}

/// Whether a timer is a worker's next tick or the end of its in-flight probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ProbeTimer {
    Tick,
    Done,
}

pub(crate) struct Prober {
    workers: Vec<Worker>,
    /// Optimisation switch (tests compare traces with and without it).
    parking: bool,
    /// The last instant the workers ran.
    probes_ran_at: Option<SimTime>,
    /// The runtime's probe epoch at the last `wake_steady` pass.
    steady_epoch: Option<u64>,
}

impl Prober {
    /// A worker for each probe of each regular container and sidecar (§5.3), stopped until
    /// the pod is admitted; each slot learns its workers.
    pub(crate) fn new(containers: &mut Containers) -> Prober {
        let mut workers = Vec::new();
        for (index, slot) in containers.slots.iter_mut().enumerate() {
            if slot.kind == ContainerKind::Init {
                continue; // §5.3: no probe workers for regular init containers
            }
            for kind in ProbeKind::ALL {
                if let Some(probe) = ProbeKind::of(slot, kind).cloned() {
                    slot.probe_workers[kind.index()] = Some(workers.len());
                    workers.push(Worker {
                        container: index,
                        kind,
                        probe,
                        next_tick: SimTime::ZERO,
                        instance: None,
                        cached: None,
                        last_result: None,
                        run: 0,
                        on_hold: false,
                        in_flight: None,
                        manual: false,
                        stopped: true, // started at admission
                        last_mark: None,
                        parked: None,
                    });
                }
            }
        }
        Prober {
            workers,
            parking: true,
            probes_ran_at: None,
            steady_epoch: None,
        }
    }

    /// Turns off parking: every tick is processed one by one.
    pub(crate) fn disable_parking(&mut self) {
        self.parking = false;
    }

    /// Pod admission (§5.3): every worker starts ticking now.
    pub(crate) fn start_all(&mut self, now: SimTime) {
        for w in &mut self.workers {
            w.stopped = false;
            w.next_tick = now;
        }
    }

    /// The kubelet is back after an outage: running tickers resume on their grid, the ticks
    /// missed while it was down dropped (as Go tickers drop them).
    pub(crate) fn resume_after_outage(&mut self, now: SimTime) {
        for w in &mut self.workers {
            if !w.stopped {
                let period = w.period_ms();
                let behind = now.saturating_sub(w.next_tick).as_millis();
                let k = behind.div_ceil(period);
                w.next_tick = w.next_tick + SimTime::from_millis(k * period);
            }
        }
    }

    /// SyncTerminatingPod (§9.3 step 2, §5.18): liveness and startup workers stop; readiness
    /// goes on.
    pub(crate) fn stop_liveness_and_startup(&mut self) {
        for w in &mut self.workers {
            if w.kind != ProbeKind::Readiness {
                w.stopped = true;
                w.in_flight = None;
            }
        }
    }

    /// The pod is terminated (§9.3 step 4): every worker goes.
    pub(crate) fn remove_all(&mut self) {
        for w in &mut self.workers {
            w.stopped = true;
            w.in_flight = None;
        }
    }

    /// Every armed worker timer: a tick or the end of an in-flight probe.
    pub(crate) fn for_each_timer(
        &self,
        now: SimTime,
        mut visit: impl FnMut(usize, ProbeTimer, SimTime),
    ) {
        for (i, w) in self.workers.iter().enumerate() {
            if w.stopped {
                continue;
            }
            if let Some(Park::Steady { until, .. }) = w.parked {
                if until.as_millis() != u64::MAX {
                    visit(i, ProbeTimer::Tick, w.first_tick_at_or_after(until));
                }
                continue;
            }
            if w.parked.is_some() {
                continue;
            }
            if let Some(f) = &w.in_flight {
                visit(i, ProbeTimer::Done, f.done);
            } else {
                visit(i, ProbeTimer::Tick, w.next_tick.max(now));
            }
        }
    }

    /// The cached result of `slot`'s `kind` worker for instance `instance`: `None` without
    /// such a worker, `Some(None)` when it has no result for that instance yet.
    pub(crate) fn cached(
        &self,
        slot: &ContainerSlot,
        kind: ProbeKind,
        instance: u64,
    ) -> Option<Option<CachedResult>> {
        slot.probe_workers[kind.index()]
            .and_then(|worker| self.workers.get(worker))
            .map(|w| {
                if w.instance == Some(instance) {
                    w.cached
                } else {
                    None
                }
            })
    }

    /// `ready` (§3.10): a regular init container when it exited 0; others when started and
    /// the readiness result is Success (or there is no readiness probe).
    pub(crate) fn is_ready(&self, slot: &ContainerSlot) -> bool {
        if slot.kind == ContainerKind::Init {
            return slot
                .newest()
                .is_some_and(|i| i.exit_seen && i.exit.as_ref().is_some_and(|e| e.code == 0));
        }
        if !self.is_started(slot) {
            return false;
        }
        let Some(i) = slot.newest() else {
            return false;
        };
        match self.cached(slot, ProbeKind::Readiness, i.id) {
            None => true,
            Some(c) => c == Some(CachedResult::Success),
        }
    }

    /// Whether `slot`'s running instance has a cached `kind` (liveness or startup) Failure:
    /// computePodActions kills it (§5.15).
    pub(crate) fn has_failed(&self, slot: &ContainerSlot, kind: ProbeKind) -> bool {
        match slot.newest() {
            Some(i) if i.running() => {
                self.cached(slot, kind, i.id) == Some(Some(CachedResult::Failure))
            }
            _ => false,
        }
    }

    /// One pass of the workers at `context.now`: finish probes that are due, tick workers whose
    /// tick is due. Returns whether anything happened.
    pub(crate) fn run<R: crate::runtime::Runtime, S: ResultSink>(
        &mut self,
        context: &mut ProbeContext<'_, R>,
        sink: &mut S,
    ) -> bool {
        self.wake_steady(context);
        self.probes_ran_at = Some(context.now);
        let mut did = false;
        for worker in 0..self.workers.len() {
            let w = &mut self.workers[worker];
            if w.stopped || w.parked.is_some() {
                continue;
            }
            if let Some(done) = w.in_flight.as_ref().map(|f| f.done) {
                if done <= context.now {
                    self.finish(worker, context, sink);
                    did = true;
                }
                continue;
            }
            if w.next_tick <= context.now {
                let period = w.period_ms();
                let manual = w.manual;
                w.manual = false;
                // Go tickers drop missed ticks (§5.4).
                let next = w.next_tick;
                let behind = context.now.saturating_sub(next).as_millis();
                w.next_tick = if manual {
                    context.now + SimTime::from_millis(period)
                } else {
                    next + SimTime::from_millis((behind / period + 1) * period)
                };
                self.tick(worker, context, sink);
                did = true;
            }
        }
        did
    }
}
