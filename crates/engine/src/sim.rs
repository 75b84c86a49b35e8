//! The sans-IO simulator: the kubelet's pod worker, PLEG, prober and status manager, plus the
//! bits of scheduler and control plane a user sees, on virtual time.
//!
//! Run loop: `handle_timeout(now)` processes everything due at or before `now`;
//! `poll_timeout()` says when to call again (the minimum over [`TimerKind`]); `poll_output()`
//! yields new events and frames. An early or repeated wake-up is a harmless no-op.
//!
//! Deterministic model choices (each documented in docs/trace-format.md):
//! - the scheduler binds and the kubelet admits the pod at t=0 (no watch latency);
//! - PLEG relists at every whole second of pod time; a change at time x is noticed by the
//!   first relist strictly after x (§0.2);
//! - pod-worker requeues (§0.4/§0.5) are picked up by the 1 s sync ticker, also on whole
//!   seconds; no jitter: success → 60 s, error → 10 s, back-off → at the earliest expiry
//!   (clamped to 60 s);
//! - sandbox creation takes 1 s, container create 100 ms and start 100 ms (model constants);
//! - probe tickers start at admission (t=0) (§5.3, §5.4).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use podlife_runtime::{ExecId, ExitReason, PodRuntime, ProbeResult, RuntimeEvent, Signal};

use crate::runtime::Runtime;
use podlife_spec::{
    ActionKind, Container, ContainerKind, LifecycleHandler, Pod, Probe, PullPolicy, RestartPolicy,
    Scenario, SimTime, MAX_UNTIL,
};

use crate::backoff::Backoff;
use crate::image_pull;
use crate::scheduling::{self, Decision};
use crate::status;
use crate::trace::*;

const SANDBOX_MS: u64 = 1000;
const CREATE_MS: u64 = 100;
const START_MS: u64 = 100;
const RESYNC_MS: u64 = 60_000;
const ERROR_REQUEUE_MS: u64 = 10_000;
const MIN_GRACE_MS: u64 = 2000;
/// node-monitor-grace-period (§12.3; 40 s in the defaults read, newer releases may use 50 s).
const NODE_MONITOR_GRACE_MS: u64 = 40_000;
/// DefaultTolerationSeconds for not-ready/unreachable (§12.3).
const EVICTION_MS: u64 = 300_000;
/// Re-try interval of an unschedulable pod (podMaxInUnschedulablePodsDuration, UNCONFIRMED).
const SCHED_RETRY_MS: u64 = 300_000;
/// Bounds: reaching one is reported in `Trace::capped`.
pub const MAX_EVENTS: usize = 20_000;
pub const MAX_PROBE_MARKS: usize = 100_000;
pub const MAX_FRAMES: usize = 20_000;
const MAX_ROUNDS: usize = 10_000;

/// The closed set of timers whose minimum is [`Sim::poll_timeout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimerKind {
    UserAction,
    Runtime,
    SyncStep,
    SyncRequeue,
    PlegRelist,
    ProbeTick(usize),
    ProbeDone(usize),
    ActiveDeadline,
    NodeMonitor,
    Eviction,
    ObjectRemoval,
    SchedulerRetry,
}

/// One output item, in emission order.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    Event(Event),
    Frame(Box<Frame>),
}

#[derive(Clone, Debug)]
struct Exit {
    at: SimTime,
    code: i32,
    reason: Shared,
    message: Option<Shared>,
}

#[derive(Clone, Debug)]
struct Inst {
    id: u64,
    /// `containerd://<64 hex>`, computed once.
    cid: Shared,
    restart_count: u32,
    started: Option<SimTime>,
    exit: Option<Exit>,
    /// The kubelet knows about the exit (PLEG relist, or its own StopContainer returned).
    exit_seen: bool,
}

impl Inst {
    fn running(&self) -> bool {
        !self.exit_seen
    }
}

#[derive(Clone, Debug, Default)]
struct KCont {
    insts: Vec<Inst>,
    /// The back-off length the CrashLoopBackOff reason-cache text was made for.
    cache_backoff_ms: u64,
    /// Reason cache (§3.5): last start failure (reason, message). Set through `set_reason`.
    reason_cache: Option<(Shared, Shared)>,
    /// Counts changes of `reason_cache`: the status signature mixes this number instead of
    /// hashing the texts byte by byte at every sync.
    reason_gen: u64,
}

impl KCont {
    fn set_reason(&mut self, v: Option<(Shared, Shared)>) {
        if self.reason_cache != v {
            self.reason_gen += 1;
        }
        self.reason_cache = v;
    }
    fn newest(&self) -> Option<&Inst> {
        self.insts.last()
    }
    fn newest_exited_finish(&self) -> Option<SimTime> {
        self.insts
            .iter()
            .rev()
            .find(|i| i.exit_seen)
            .and_then(|i| i.exit.as_ref().map(|e| e.at))
    }
}

struct CInfo {
    spec: Container,
    kind: ContainerKind,
    /// The kubelet's event fieldPath (`spec.containers{c}`), computed once.
    field_path: String,
    /// The BackOff event text for this container, computed once.
    backoff_event: String,
    /// Name, image as written, normalised image reference and image ID: computed once,
    /// shared by every status.
    name: Shared,
    image: Shared,
    image_full: Shared,
    image_id: Shared,
}

impl CInfo {
    /// Everything about container `c` that never changes, computed once.
    fn new(c: &Container, kind: ContainerKind, pod: &Pod) -> CInfo {
        CInfo {
            field_path: CInfo::make_field_path(kind, &c.name),
            backoff_event: format!(
                "Back-off restarting failed container {} in pod {}_{}({})",
                c.name, pod.name, pod.namespace, pod.uid
            ),
            name: c.name.as_str().into(),
            image: c.image.as_str().into(),
            image_full: image_pull::normalize(&c.image).into(),
            image_id: image_pull::image_id(&c.image).into(),
            spec: c.clone(),
            kind,
        }
    }

    fn make_field_path(kind: ContainerKind, name: &str) -> String {
        match kind {
            ContainerKind::Regular => format!("spec.containers{{{name}}}"),
            _ => format!("spec.initContainers{{{name}}}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

impl ProbeKind {
    fn title(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
            ProbeKind::Startup => "Startup",
        }
    }
    fn lower(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "liveness",
            ProbeKind::Readiness => "readiness",
            ProbeKind::Startup => "startup",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cached {
    Success,
    Failure,
    Unknown,
}

struct Worker {
    ci: usize,
    kind: ProbeKind,
    probe: Probe,
    next_tick: SimTime,
    container_id: Option<u64>,
    cached: Option<Cached>,
    last_result: Option<Cached>,
    run: u32,
    on_hold: bool,
    in_flight: Option<(SimTime, ProbeResult, String)>,
    manual: bool,
    stopped: bool,
    last_mark: Option<usize>,
    /// Skipping ticks that would change nothing (see [`Park`]).
    parked: Option<Park>,
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

#[derive(Clone, Debug)]
enum KillPhase {
    Start,
    PreStop {
        exec: ExecId,
        started: SimTime,
        deadline: SimTime,
    },
    SidecarWait {
        deadline: SimTime,
    },
    Signalled {
        kill_at: SimTime,
    },
    Done,
}

#[derive(Clone, Debug)]
struct KillOp {
    ci: usize,
    inst_id: u64,
    grace_ms: u64,
    message: String,
    sidecar_ordering: bool,
    phase: KillPhase,
}

#[derive(Clone, Debug)]
enum StartPhase {
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
    PostStart {
        exec: ExecId,
        inst_id: u64,
        started: SimTime,
    },
    PostStartKill(Box<KillOp>),
}

#[derive(Clone, Debug)]
struct StartOp {
    ci: usize,
    /// finishedAt of the newest exited instance in the sync's snapshot (§6.3, §5.17).
    backoff_ref: Option<SimTime>,
    phase: StartPhase,
}

#[derive(Clone, Debug)]
enum Step {
    CreateSandbox { done: Option<SimTime> },
    Kill(Vec<KillOp>),
    Start(StartOp),
    StopSandbox,
    FinishTerminating,
}

#[derive(Clone, Debug, Default)]
struct SyncJob {
    steps: VecDeque<Step>,
    error: bool,
    backoff_expiry: Option<SimTime>,
    wake: Option<SimTime>,
}

enum StepResult {
    Done,
    Wait(Option<SimTime>),
}

enum StartOutcome {
    Ok,
    Backoff(SimTime),
    Error,
}

pub struct Sim<R: Runtime = PodRuntime> {
    sc: Scenario,
    until: SimTime,
    cs: Vec<CInfo>,
    n_init: usize,
    rt: crate::runtime::Memo<R>,
    now: SimTime,
    // output
    events: Vec<Event>,
    frames: Vec<Frame>,
    probe_marks: Vec<ProbeMark>,
    spans: Vec<Span>,
    marks: Vec<Mark>,
    execs: Vec<ExecResult>,
    capped: Option<String>,
    marks_dropped_at: Option<SimTime>,
    out_events: usize,
    out_frames: usize,
    /// The kubelet recorder's spam-filter bucket for this pod: (tokens in ms of refill, as of).
    spam: (u64, SimTime),
    // scheduling / API object
    started: bool,
    node: Option<usize>,
    unschedulable: Option<String>,
    sched_retry_at: Option<SimTime>,
    exists: bool,
    deletion: Option<(SimTime, i64)>,
    force_deleted: bool,
    pod_reason: Option<(String, String)>,
    // kubelet
    admitted: bool,
    sandbox_ready: bool,
    sandbox_ever: bool,
    pod_ip: Option<String>,
    kc: Vec<KCont>,
    next_inst: u64,
    pub_ids: Vec<Option<u64>>,
    workers: Vec<Worker>,
    probes_ran_at: Option<SimTime>,
    pod_key: String,
    /// Per container: finishedAt of the exit whose back-off span was recorded.
    backoff_span: Vec<Option<SimTime>>,
    /// Optimisation switch (tests compare traces with and without it).
    parking: bool,
    last_status_sig: Option<u64>,
    /// The runtime's probe epoch at the last `wake_steady` pass.
    steady_epoch: Option<u64>,
    /// Per container: worker index for liveness, readiness, startup.
    worker_of: Vec<[Option<usize>; 3]>,
    /// Per container: its position in `Frame::containers` (init in spec order, then
    /// regular containers sorted by name, §0.8).
    frame_pos: Vec<usize>,
    backoff: Backoff<usize>,
    pull_backoff: Backoff<String>,
    pull_errors: BTreeMap<String, String>,
    node_images: BTreeSet<String>,
    sync: Option<SyncJob>,
    sync_requested: bool,
    requeue_at: Option<SimTime>,
    last_sync_done: Option<SimTime>,
    pleg_dirty: Option<SimTime>,
    terminating: bool,
    terminated: bool,
    removal_at: Option<SimTime>,
    regular_started_once: bool,
    deadline_at: Option<SimTime>,
    deadline_fired: bool,
    // node
    kubelet_up: bool,
    node_down_at: Option<SimTime>,
    node_not_ready: bool,
    eviction_at: Option<SimTime>,
    // actions and execs
    action_idx: usize,
    exec_done: BTreeMap<ExecId, (SimTime, i32, String)>,
    user_execs: BTreeMap<ExecId, (SimTime, String, Vec<String>)>,
}

fn t_ms(ms: u64) -> SimTime {
    SimTime::from_millis(ms)
}

/// User-supplied seconds (any i64) as a duration: negative → 0, huge → saturated.
fn secs_ms(s: i64) -> SimTime {
    t_ms((s.max(0) as u64).saturating_mul(1000))
}

/// The first whole second strictly after `t`.
fn next_whole_second_after(t: SimTime) -> SimTime {
    t_ms(
        (t.as_millis() / 1000)
            .saturating_add(1)
            .saturating_mul(1000),
    )
}

/// The first whole second at or after `t`.
fn whole_second_at_or_after(t: SimTime) -> SimTime {
    t_ms(t.as_millis().div_ceil(1000).saturating_mul(1000))
}

/// The pod IP the engine assigns (deterministic from the pod's UID).
pub fn pod_ip_for(scenario: &Scenario) -> String {
    let h = image_pull::fnv64(&[&scenario.pod.uid, &scenario.pod.name]);
    format!("10.244.1.{}", 2 + h % 250)
}

impl Sim<PodRuntime> {
    /// A simulator over the real runtime model.
    pub fn new(scenario: &Scenario) -> Sim<PodRuntime> {
        let rt = PodRuntime::new(scenario, &pod_ip_for(scenario));
        Sim::with_runtime(scenario, rt)
    }
}

impl<R: Runtime> Sim<R> {
    /// A simulator over any [`Runtime`] (tests use a scripted one).
    pub fn with_runtime(scenario: &Scenario, rt: R) -> Sim<R> {
        let sc = scenario.clone();
        let until = sc.setup.until.min(MAX_UNTIL);
        let mut cs: Vec<CInfo> = sc
            .pod
            .spec
            .init_containers
            .iter()
            .map(|c| {
                let kind = if c.is_sidecar() {
                    ContainerKind::Sidecar
                } else {
                    ContainerKind::Init
                };
                CInfo::new(c, kind, &sc.pod)
            })
            .collect();
        let n_init = cs.len();
        cs.extend(
            sc.pod
                .spec
                .containers
                .iter()
                .map(|c| CInfo::new(c, ContainerKind::Regular, &sc.pod)),
        );
        let pod_ip = pod_ip_for(&sc);
        let n = cs.len();
        let mut workers = Vec::new();
        for (ci, c) in cs.iter().enumerate() {
            if c.kind == ContainerKind::Init {
                continue; // §5.3: no probe workers for regular init containers
            }
            for (kind, p) in [
                (ProbeKind::Liveness, &c.spec.liveness_probe),
                (ProbeKind::Readiness, &c.spec.readiness_probe),
                (ProbeKind::Startup, &c.spec.startup_probe),
            ] {
                if let Some(p) = p {
                    workers.push(Worker {
                        ci,
                        kind,
                        probe: p.clone(),
                        next_tick: SimTime::ZERO,
                        container_id: None,
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
        let mut worker_of = vec![[None; 3]; n];
        for (wi, w) in workers.iter().enumerate() {
            let slot = match w.kind {
                ProbeKind::Liveness => 0,
                ProbeKind::Readiness => 1,
                ProbeKind::Startup => 2,
            };
            worker_of[w.ci][slot] = Some(wi);
        }
        let mut frame_pos: Vec<usize> = (0..n).collect();
        let mut regs: Vec<usize> = (n_init..n).collect();
        podlife_spec::sort::sort_by(&mut regs, |a, b| cs[*a].spec.name.cmp(&cs[*b].spec.name));
        for (k, ci) in regs.into_iter().enumerate() {
            frame_pos[ci] = n_init + k;
        }
        Sim {
            worker_of,
            frame_pos,
            until,
            cs,
            n_init,
            rt: crate::runtime::Memo::new(rt),
            now: SimTime::ZERO,
            events: Vec::new(),
            frames: Vec::new(),
            probe_marks: Vec::new(),
            spans: Vec::new(),
            marks: Vec::new(),
            execs: Vec::new(),
            capped: None,
            marks_dropped_at: None,
            out_events: 0,
            out_frames: 0,
            spam: (25 * 300_000, SimTime::ZERO),
            started: false,
            node: None,
            unschedulable: None,
            sched_retry_at: None,
            exists: true,
            deletion: None,
            force_deleted: false,
            pod_reason: None,
            admitted: false,
            sandbox_ready: false,
            sandbox_ever: false,
            pod_ip: Some(pod_ip),
            kc: vec![KCont::default(); n],
            next_inst: 1,
            pub_ids: vec![None; n],
            workers,
            probes_ran_at: None,
            pod_key: format!("{}_{}({})", sc.pod.name, sc.pod.namespace, sc.pod.uid),
            backoff_span: vec![None; n],
            parking: true,
            last_status_sig: None,
            steady_epoch: None,
            backoff: Backoff::crash_loop(),
            pull_backoff: Backoff::image_pull(),
            pull_errors: BTreeMap::new(),
            node_images: BTreeSet::new(),
            sync: None,
            sync_requested: false,
            requeue_at: None,
            last_sync_done: None,
            pleg_dirty: None,
            terminating: false,
            terminated: false,
            removal_at: None,
            regular_started_once: false,
            deadline_at: None,
            deadline_fired: false,
            kubelet_up: true,
            node_down_at: None,
            node_not_ready: false,
            eviction_at: None,
            action_idx: 0,
            exec_done: BTreeMap::new(),
            user_execs: BTreeMap::new(),
            sc,
        }
    }

    // ---------------------------------------------------------------- run loop

    /// The next instant the simulator needs to run, if any: the minimum over [`Sim::timers`].
    pub fn poll_timeout(&self) -> Option<SimTime> {
        let mut best: Option<SimTime> = None;
        self.for_each_timer(|_, t| {
            if best.is_none_or(|b| t < b) {
                best = Some(t);
            }
        });
        best
    }

    /// Every armed timer (the table whose minimum is `poll_timeout`), for inspection.
    pub fn timers(&self) -> Vec<(TimerKind, SimTime)> {
        let mut v = Vec::new();
        self.for_each_timer(|k, t| v.push((k, t)));
        v
    }

    fn for_each_timer(&self, mut v: impl FnMut(TimerKind, SimTime)) {
        if self.capped.is_some() {
            return;
        }
        if !self.started {
            v(TimerKind::UserAction, SimTime::ZERO);
            return;
        }
        if let Some(a) = self.sc.setup.actions.get(self.action_idx) {
            v(TimerKind::UserAction, a.at.max(self.now));
        }
        if let Some(t) = self.rt.next_wakeup() {
            v(TimerKind::Runtime, t.max(self.now));
        }
        if let Some(t) = self.sched_retry_at {
            v(TimerKind::SchedulerRetry, t);
        }
        if let Some(t) = self.removal_at {
            v(TimerKind::ObjectRemoval, t);
        }
        if let Some(t) = self.eviction_at {
            v(TimerKind::Eviction, t);
        }
        if let Some(d) = self.node_down_at {
            if !self.node_not_ready {
                v(TimerKind::NodeMonitor, d + t_ms(NODE_MONITOR_GRACE_MS));
            }
        }
        if !self.kubelet_up || !self.admitted {
            return;
        }
        if let Some(s) = &self.sync {
            if let Some(w) = s.wake {
                v(TimerKind::SyncStep, w.max(self.now));
            }
        } else if !self.terminated {
            if self.sync_requested {
                v(TimerKind::SyncRequeue, self.now.max(self.sync_gate()));
            } else if let Some(r) = self.requeue_at {
                v(
                    TimerKind::SyncRequeue,
                    whole_second_at_or_after(r).max(self.sync_gate()),
                );
            }
        }
        if let Some(t) = self.pleg_dirty {
            v(TimerKind::PlegRelist, next_whole_second_after(t));
        }
        if let Some(d) = self.deadline_at {
            if !self.deadline_fired && !self.terminating && !self.terminated {
                v(TimerKind::ActiveDeadline, whole_second_at_or_after(d));
            }
        }
        for (i, w) in self.workers.iter().enumerate() {
            if w.stopped {
                continue;
            }
            if let Some(Park::Steady { until, .. }) = w.parked {
                if until.as_millis() != u64::MAX {
                    v(TimerKind::ProbeTick(i), first_tick_at_or_after(w, until));
                }
                continue;
            }
            if w.parked.is_some() {
                continue;
            }
            if let Some((done, _, _)) = &w.in_flight {
                v(TimerKind::ProbeDone(i), *done);
            } else {
                v(TimerKind::ProbeTick(i), w.next_tick.max(self.now));
            }
        }
    }

    /// Processes everything due at or before `now`.
    pub fn handle_timeout(&mut self, now: SimTime) {
        if now < self.now || self.capped.is_some() {
            return;
        }
        self.now = now;
        if !self.started {
            self.started = true;
            self.create_pod();
        }
        for _ in 0..MAX_ROUNDS {
            if self.capped.is_some() {
                return;
            }
            let mut did = false;
            did |= self.advance_runtime();
            did |= self.run_actions();
            did |= self.control_plane();
            if self.kubelet_up && self.admitted {
                did |= self.drive_sync();
                did |= self.relist();
                did |= self.check_deadline();
                did |= self.run_probes();
                did |= self.maybe_start_sync();
            }
            if !did {
                return;
            }
        }
        self.cap("internal: too many steps at one instant");
    }

    /// New events and frames since the last call.
    pub fn poll_output(&mut self) -> Option<Output> {
        if self.out_events < self.events.len() {
            // Interleave by time; at equal times the frame first (status precedes actions, §0.6).
            if self.out_frames < self.frames.len()
                && self.frames[self.out_frames].time <= self.events[self.out_events].time
            {
                self.out_frames += 1;
                return Some(Output::Frame(Box::new(
                    self.frames[self.out_frames - 1].clone(),
                )));
            }
            self.out_events += 1;
            return Some(Output::Event(self.events[self.out_events - 1].clone()));
        }
        if self.out_frames < self.frames.len() {
            self.out_frames += 1;
            return Some(Output::Frame(Box::new(
                self.frames[self.out_frames - 1].clone(),
            )));
        }
        None
    }

    /// Consumes the simulator into the finished trace.
    pub fn into_trace(mut self) -> Trace {
        // Parked workers would have ticked up to the horizon (or the cap), inclusive.
        let until = if self.capped.is_some() {
            self.now
        } else {
            self.until
        };
        for wi in 0..self.workers.len() {
            if !self.workers[wi].stopped {
                self.unpark(wi, until + t_ms(1));
            }
        }
        let node = self.node.map(|i| self.sc.setup.nodes[i].name.clone());
        podlife_spec::sort::sort_by_key(&mut self.spans, |s| s.start);
        if let (None, Some(t)) = (&self.capped, self.marks_dropped_at) {
            self.capped = Some(format!(
                "probe mark cap reached at t={t} (later marks dropped)"
            ));
        }
        Trace {
            version: TRACE_VERSION,
            pod: PodRef {
                namespace: self.sc.pod.namespace.clone(),
                name: self.sc.pod.name.clone(),
                node,
            },
            until: self.until,
            events: self.events,
            frames: self.frames,
            probes: self.probe_marks,
            spans: self.spans,
            marks: self.marks,
            logs: self
                .rt
                .logs()
                .into_iter()
                .filter(|l| l.time <= self.until)
                .collect(),
            execs: self.execs,
            explanations: self.rt.explain(),
            capped: self.capped,
            scenario: self.sc,
        }
    }

    /// Turns off the probe-worker parking optimisation: every tick is processed one by one.
    /// The trace must not change (tested).
    #[doc(hidden)]
    pub fn disable_parking(&mut self) {
        self.parking = false;
    }

    pub fn capped(&self) -> Option<&str> {
        self.capped.as_deref()
    }

    fn cap(&mut self, why: &str) {
        if self.capped.is_none() {
            self.capped = Some(format!("{why} at t={}", self.now));
        }
    }

    // ---------------------------------------------------------------- recording

    /// `<name>_<namespace>(<uid>)`, as the kubelet names the pod in messages.
    fn pod_key(&self) -> &str {
        &self.pod_key
    }

    fn record(
        &mut self,
        type_: &'static str,
        reason: &'static str,
        from: &'static str,
        object: String,
        message: String,
    ) {
        if self.events.len() >= MAX_EVENTS {
            self.cap("event cap reached");
            return;
        }
        // §13.4 spam filter of the kubelet's event recorder: one token bucket per (source,
        // involved object) — all of this pod's kubelet events share it — burst 25, refilled
        // continuously at 1 token per 300 s. A dropped occurrence still counts in the
        // recorder's cache, so the next accepted identical event carries the higher count.
        const TOKEN: u64 = 300_000; // one token in ms of refill
        let now = self.now;
        let recorded = if from == "kubelet" {
            let elapsed = now.saturating_sub(self.spam.1).as_millis();
            self.spam = ((self.spam.0 + elapsed).min(25 * TOKEN), now);
            if self.spam.0 >= TOKEN {
                self.spam.0 -= TOKEN;
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

    fn kevent(
        &mut self,
        ci: Option<usize>,
        type_: &'static str,
        reason: &'static str,
        message: String,
    ) {
        let object = match ci {
            Some(ci) => self.cs[ci].field_path.clone(),
            None => "pod".to_string(),
        };
        self.record(type_, reason, "kubelet", object, message);
    }

    fn mark(&mut self, kind: &'static str, ci: Option<usize>, detail: String) {
        let container = ci.map(|c| self.cs[c].spec.name.clone());
        self.marks.push(Mark {
            time: self.now,
            kind,
            container,
            detail,
        });
    }

    fn span_open(&mut self, kind: &'static str, ci: Option<usize>, detail: String) {
        let container = ci.map(|c| self.cs[c].spec.name.clone());
        self.spans.push(Span {
            kind,
            container,
            start: self.now,
            end: None,
            detail,
        });
    }

    fn span_close(&mut self, kind: &str, ci: Option<usize>) {
        let name = ci.map(|c| self.cs[c].spec.name.clone());
        let now = self.now;
        if let Some(s) = self
            .spans
            .iter_mut()
            .rev()
            .find(|s| s.kind == kind && s.container == name && s.end.is_none())
        {
            s.end = Some(now);
        }
    }

    fn span_full(
        &mut self,
        kind: &'static str,
        ci: Option<usize>,
        start: SimTime,
        end: SimTime,
        detail: String,
    ) {
        let container = ci.map(|c| self.cs[c].spec.name.clone());
        self.spans.push(Span {
            kind,
            container,
            start,
            end: Some(end),
            detail,
        });
    }

    // ---------------------------------------------------------------- control plane

    fn create_pod(&mut self) {
        let pod = &self.sc.pod;
        if let Some(name) = pod.spec.node_name.clone() {
            // nodeName bypasses the scheduler: no Scheduled event (§11.6, issue 4).
            match self.sc.setup.nodes.iter().position(|n| n.name == name) {
                Some(i) => self.bind(i),
                None => {
                    // No kubelet will ever pick it up: Pending with no conditions.
                    let f = self.build_frame(false);
                    self.publish(f);
                }
            }
            return;
        }
        self.try_schedule();
    }

    fn try_schedule(&mut self) {
        match scheduling::schedule(&self.sc.pod, &self.sc.setup.nodes) {
            Decision::Bind(i) => {
                self.unschedulable = None;
                self.sched_retry_at = None;
                let msg = format!(
                    "Successfully assigned {}/{} to {}",
                    self.sc.pod.namespace, self.sc.pod.name, self.sc.setup.nodes[i].name
                );
                self.record(
                    "Normal",
                    "Scheduled",
                    "default-scheduler",
                    "pod".into(),
                    msg,
                );
                self.bind(i);
            }
            Decision::Unschedulable(msg) => {
                self.record(
                    "Warning",
                    "FailedScheduling",
                    "default-scheduler",
                    "pod".into(),
                    msg.clone(),
                );
                self.unschedulable = Some(msg);
                self.sched_retry_at = Some(self.now + t_ms(SCHED_RETRY_MS));
                let f = self.build_frame(false);
                self.publish(f);
            }
        }
    }

    fn bind(&mut self, i: usize) {
        self.node = Some(i);
        self.node_images = podlife_spec::sort::tree(self.sc.setup.nodes[i].images.iter().cloned());
        // Kubelet admission (§5.3): probe workers start now, first status now (§0.7).
        self.admitted = true;
        let now = self.now;
        for w in &mut self.workers {
            w.stopped = false;
            w.next_tick = now;
        }
        if let Some(ads) = self.sc.pod.spec.active_deadline_seconds {
            self.deadline_at = Some(now + secs_ms(ads));
        }
        self.sync_requested = true;
    }

    /// Scheduler retries, node monitor, taint eviction, object removal.
    fn control_plane(&mut self) -> bool {
        let now = self.now;
        let mut did = false;
        if self.sched_retry_at.is_some_and(|t| t <= now) {
            self.sched_retry_at = None;
            if self.exists {
                self.try_schedule();
            }
            did = true;
        }
        if let Some(d) = self.node_down_at {
            if !self.node_not_ready && d + t_ms(NODE_MONITOR_GRACE_MS) <= now {
                // §12.3: node NotReady; the node controller marks the pod not ready.
                self.node_not_ready = true;
                if self.exists {
                    self.record(
                        "Warning",
                        "NodeNotReady",
                        "node-controller",
                        "pod".into(),
                        "Node is not ready".into(),
                    );
                    if let Some(mut f) = self.frames.last().cloned() {
                        for c in &mut f.conditions {
                            if c.type_ == "Ready" && c.status != "False" {
                                c.status = "False";
                                c.last_transition_time = now;
                            }
                        }
                        self.publish(f);
                    }
                    self.eviction_at = Some(now + t_ms(EVICTION_MS));
                }
                did = true;
            }
        }
        if self.eviction_at.is_some_and(|t| t <= now) {
            self.eviction_at = None;
            if self.exists && self.deletion.is_none() {
                let msg = format!(
                    "Marking for deletion Pod {}/{}",
                    self.sc.pod.namespace, self.sc.pod.name
                );
                self.record(
                    "Normal",
                    "TaintManagerEviction",
                    "taint-eviction-controller",
                    "pod".into(),
                    msg,
                );
                let grace = self.sc.pod.spec.termination_grace_period_seconds;
                self.api_delete(grace, false);
            }
            did = true;
        }
        if self.removal_at.is_some_and(|t| t <= now) {
            self.removal_at = None;
            if self.exists {
                self.exists = false;
                let f = self.build_frame(false);
                self.publish(f);
            }
            did = true;
        }
        did
    }

    /// `metadata.deletionTimestamp` as the API server writes it: the time the object will be
    /// gone, i.e. the first delete request plus the (shortest) grace period — a later delete
    /// with a shorter grace moves it earlier, measured from that first request
    /// (apiserver `rest.BeforeDelete`). kubectl describe's `Terminating (lasts …)` is the time
    /// since this instant, so it reads `<invalid>` while the grace period still runs.
    fn deletion_timestamp(&self) -> Option<SimTime> {
        self.deletion.map(|(requested, grace)| {
            requested.saturating_add(SimTime::from_secs(grace.max(0) as u64))
        })
    }

    fn api_delete(&mut self, grace: i64, force: bool) {
        let now = self.now;
        if force {
            self.force_deleted = true;
            self.unpark_workers();
            self.deletion = Some((now, 0));
            self.exists = false;
            let f = self.build_frame(false);
            self.publish(f);
        } else {
            let g = match self.deletion {
                Some((_, old)) => old.min(grace),
                None => grace,
            };
            self.unpark_workers();
            self.deletion = Some((self.deletion.map(|d| d.0).unwrap_or(now), g));
            // The API server sets deletionTimestamp; the status row turns Terminating (§9.1).
            if let Some(mut f) = self.frames.last().cloned() {
                f.deletion_timestamp = self.deletion_timestamp();
                f.deletion_grace_period_seconds = Some(g);
                self.refresh_row(&mut f);
                self.publish(f);
            }
            if !self.admitted {
                // Never scheduled: the object goes away at once.
                self.exists = false;
                let f = self.build_frame(false);
                self.publish(f);
            }
        }
        if self.admitted && !self.terminated {
            // The kubelet sees the deletion: the in-flight sync is cancelled (kills carry on).
            self.cancel_sync_for_termination();
            self.sync_requested = true;
        }
    }

    fn run_actions(&mut self) -> bool {
        let mut did = false;
        while let Some(a) = self
            .sc
            .setup
            .actions
            .get(self.action_idx)
            .filter(|a| a.at <= self.now)
            .cloned()
        {
            self.action_idx += 1;
            did = true;
            match a.kind {
                ActionKind::Exec { container, command } => self.user_exec(container, command),
                ActionKind::Delete {
                    grace_period_seconds,
                    force,
                } => {
                    if !self.exists {
                        continue;
                    }
                    let grace = grace_period_seconds
                        .unwrap_or(self.sc.pod.spec.termination_grace_period_seconds)
                        .max(0);
                    self.api_delete(if force { 0 } else { grace }, force);
                }
                ActionKind::CreateService(s) => self.rt.set_service(self.now, &s, true),
                ActionKind::RemoveService(s) => self.rt.set_service(self.now, &s, false),
                ActionKind::NodeDown => {
                    if self.kubelet_up && self.node.is_some() {
                        self.unpark_workers(); // the prober stops with the kubelet
                        self.kubelet_up = false;
                        self.node_down_at = Some(self.now);
                        self.mark("node-down", None, String::new());
                    }
                }
                ActionKind::NodeUp => {
                    if !self.kubelet_up {
                        self.kubelet_up = true;
                        self.node_down_at = None;
                        self.node_not_ready = false;
                        self.eviction_at = None;
                        self.mark("node-up", None, String::new());
                        let now = self.now;
                        for w in &mut self.workers {
                            if !w.stopped {
                                let p = u64::from(w.probe.period_seconds.max(1) as u32) * 1000;
                                let behind = now.saturating_sub(w.next_tick).as_millis();
                                let k = behind.div_ceil(p);
                                w.next_tick = w.next_tick + t_ms(k * p);
                            }
                        }
                        self.pleg_dirty = Some(self.now);
                        self.sync_requested = true;
                    }
                }
            }
        }
        did
    }

    fn user_exec(&mut self, container: Option<String>, command: Vec<String>) {
        let name = container.unwrap_or_else(|| {
            self.sc
                .pod
                .spec
                .containers
                .first()
                .map(|c| c.name.clone())
                .unwrap_or_default()
        });
        let fail = if !self.exists {
            Some(format!(
                "Error from server (NotFound): pods \"{}\" not found",
                self.sc.pod.name
            ))
        } else if !self.kubelet_up || !self.rt.is_running(&name) {
            Some(format!(
                "error: unable to upgrade connection: container not found (\"{name}\")"
            ))
        } else {
            None
        };
        match fail {
            Some(output) => self.execs.push(ExecResult {
                time: self.now,
                finished: self.now,
                container: name,
                command,
                exit_code: 1,
                output,
            }),
            None => {
                let id = self.rt.start_exec(self.now, &name, &command);
                self.user_execs.insert(id, (self.now, name, command));
            }
        }
    }

    // ---------------------------------------------------------------- runtime

    fn ci_by_name(&self, name: &str) -> Option<usize> {
        self.cs.iter().position(|c| c.spec.name == name)
    }

    fn advance_runtime(&mut self) -> bool {
        if self.rt.next_wakeup().is_none_or(|t| t > self.now) {
            return false;
        }
        let evs = self.rt.advance(self.now);
        let did = !evs.is_empty();
        for ev in evs {
            match ev {
                RuntimeEvent::Exited {
                    at,
                    container,
                    exit_code,
                    reason,
                } => {
                    let Some(ci) = self.ci_by_name(&container) else {
                        continue;
                    };
                    if let Some(inst) = self.kc[ci].insts.last_mut() {
                        if inst.exit.is_none() && inst.started.is_some() {
                            inst.exit = Some(Exit {
                                at,
                                code: exit_code,
                                reason: match reason {
                                    ExitReason::OomKilled => "OOMKilled".into(),
                                    ExitReason::Completed => "Completed".into(),
                                    ExitReason::Error => "Error".into(),
                                },
                                message: None,
                            });
                            self.pleg_dirty.get_or_insert(at);
                        }
                    }
                    self.span_close("grace", Some(ci));
                }
                RuntimeEvent::ExecFinished {
                    at,
                    id,
                    exit_code,
                    output,
                } => {
                    if let Some((start, container, command)) = self.user_execs.remove(&id) {
                        self.execs.push(ExecResult {
                            time: start,
                            finished: at,
                            container,
                            command,
                            exit_code,
                            output,
                        });
                    } else {
                        self.exec_done.insert(id, (at, exit_code, output));
                    }
                }
            }
        }
        did
    }

    // ---------------------------------------------------------------- PLEG

    fn relist(&mut self) -> bool {
        let Some(dirty) = self.pleg_dirty else {
            return false;
        };
        if next_whole_second_after(dirty) > self.now {
            return false;
        }
        self.pleg_dirty = None;
        let now = self.now;
        let mut later: Option<SimTime> = None;
        for k in &mut self.kc {
            for inst in &mut k.insts {
                if let (Some(e), false) = (&inst.exit, inst.exit_seen) {
                    if e.at < now {
                        inst.exit_seen = true;
                    } else {
                        later = Some(later.map_or(e.at, |l: SimTime| l.min(e.at)));
                    }
                }
            }
        }
        self.pleg_dirty = later;
        // Any container state change since the last relist is a PLEG event → sync (§0.2).
        self.mark("relist", None, String::new());
        if !self.terminated {
            self.sync_requested = true;
        }
        true
    }

    // ---------------------------------------------------------------- status

    fn should_restart(&self, ci: usize, exit_code: i32) -> bool {
        if self.deletion.is_some() || self.terminating {
            return false;
        }
        match self.cs[ci].kind {
            ContainerKind::Sidecar => true,
            ContainerKind::Init => {
                exit_code != 0 && self.sc.pod.spec.restart_policy != RestartPolicy::Never
            }
            ContainerKind::Regular => match self.sc.pod.spec.restart_policy {
                RestartPolicy::Always => true,
                RestartPolicy::OnFailure => exit_code != 0,
                RestartPolicy::Never => false,
            },
        }
    }

    fn worker_cached(&self, ci: usize, kind: ProbeKind, inst: u64) -> Option<Option<Cached>> {
        let slot = match kind {
            ProbeKind::Liveness => 0,
            ProbeKind::Readiness => 1,
            ProbeKind::Startup => 2,
        };
        self.worker_of[ci][slot]
            .and_then(|wi| self.workers.get(wi))
            .map(|w| {
                if w.container_id == Some(inst) {
                    w.cached
                } else {
                    None
                }
            })
    }

    /// §3.9: started = running and (startup Success or no startup probe).
    fn is_started(&self, ci: usize) -> bool {
        match self.kc[ci].newest() {
            Some(i) if i.running() && i.started.is_some() => {
                match self.worker_cached(ci, ProbeKind::Startup, i.id) {
                    None => true,
                    Some(c) => c == Some(Cached::Success),
                }
            }
            _ => false,
        }
    }

    fn is_ready(&self, ci: usize) -> bool {
        if self.cs[ci].kind == ContainerKind::Init {
            return matches!(self.kc[ci].newest(), Some(i) if i.exit_seen && i.exit.as_ref().is_some_and(|e| e.code == 0));
        }
        if !self.is_started(ci) {
            return false;
        }
        let Some(i) = self.kc[ci].newest() else {
            return false;
        };
        match self.worker_cached(ci, ProbeKind::Readiness, i.id) {
            None => true,
            Some(c) => c == Some(Cached::Success),
        }
    }

    fn container_id(&self, ci: usize, inst: u64) -> Shared {
        if let Some(i) = self.kc[ci].insts.iter().find(|i| i.id == inst) {
            return i.cid.clone();
        }
        self.make_container_id(ci, inst)
    }

    fn make_container_id(&self, ci: usize, inst: u64) -> Shared {
        format!(
            "containerd://{}",
            image_pull::hex64(&[&self.sc.pod.uid, &self.cs[ci].spec.name, &inst.to_string()])
        )
        .into()
    }

    fn terminated_state(&self, ci: usize, inst: &Inst) -> Option<TerminatedState> {
        let e = inst.exit.as_ref()?;
        Some(TerminatedState {
            state: "terminated",
            reason: Some(e.reason.clone()),
            message: e.message.clone(),
            exit_code: e.code,
            started_at: inst.started,
            finished_at: e.at,
            container_id: self.container_id(ci, inst.id),
        })
    }

    fn container_status(&self, ci: usize) -> ContainerStatus {
        let c = &self.cs[ci];
        let k = &self.kc[ci];
        let default_reason = if self.n_init > 0 {
            "PodInitializing"
        } else {
            "ContainerCreating"
        };
        let newest = k.newest();
        // Each string is made once: a status is built for every published frame.
        let mut s = ContainerStatus {
            name: c.name.clone(),
            kind: c.kind.as_str(),
            state: "waiting",
            reason: None,
            message: None,
            exit_code: None,
            started_at: None,
            finished_at: None,
            started: false,
            ready: false,
            restart_count: 0,
            last_state: None,
            image: match newest {
                Some(_) => c.image_full.clone(),
                None => c.image.clone(),
            },
            image_id: Shared::from(""),
            container_id: Shared::from(""),
        };
        let Some(newest) = newest else {
            match &k.reason_cache {
                Some((r, m)) if !self.terminating && self.deletion.is_none() => {
                    s.reason = Some(r.clone());
                    s.message = Some(m.clone()).filter(|m| !m.is_empty());
                }
                _ => s.reason = Some(default_reason.into()),
            }
            return s;
        };
        s.image_id = c.image_id.clone();
        s.container_id = self.container_id(ci, newest.id);
        s.restart_count = newest.restart_count;
        let prev = if k.insts.len() >= 2 {
            k.insts.get(k.insts.len() - 2)
        } else {
            None
        };
        if newest.running() {
            s.state = "running";
            s.reason = None;
            s.started_at = newest.started;
            s.last_state = prev.and_then(|p| self.terminated_state(ci, p));
            s.started = self.is_started(ci);
            s.ready = self.is_ready(ci);
            return s;
        }
        let term = self.terminated_state(ci, newest);
        let code = newest.exit.as_ref().map(|e| e.code).unwrap_or(0);
        if let (Some((r, m)), true) = (&k.reason_cache, self.should_restart(ci, code)) {
            s.state = "waiting";
            s.reason = Some(r.clone());
            s.message = Some(m.clone()).filter(|m| !m.is_empty());
            s.last_state = term;
        } else if let Some(t) = term {
            s.state = "terminated";
            s.reason = t.reason;
            s.message = t.message;
            s.exit_code = Some(t.exit_code);
            s.started_at = t.started_at;
            s.finished_at = Some(t.finished_at);
            s.last_state = prev.and_then(|p| self.terminated_state(ci, p));
        } else {
            s.reason = Some(default_reason.into());
        }
        s.ready = self.is_ready(ci);
        s
    }

    fn carry_condition(
        &self,
        type_: &'static str,
        status: bool,
        reason: Option<String>,
        message: Option<String>,
    ) -> Condition {
        let st = if status { "True" } else { "False" };
        let ltt = self
            .frames
            .last()
            .and_then(|f| f.conditions.iter().find(|c| c.type_ == type_))
            .filter(|c| c.status == st)
            .map(|c| c.last_transition_time)
            .unwrap_or(self.now);
        Condition {
            type_,
            status: st,
            reason,
            message,
            last_transition_time: ltt,
        }
    }

    /// The kubelet-owned conditions (§2.2–2.5) for `phase`, in API order.
    /// Conditions are generated from the container statuses being published (as generate.go
    /// does), so they always agree with the per-container `ready`/`started` flags.
    fn build_conditions(&self, phase: &str, statuses: &[ContainerStatus]) -> Vec<Condition> {
        let st = |ci: usize| statuses.get(self.frame_pos[ci]);
        let mut conditions = Vec::with_capacity(5);
        // §2.2
        conditions.push(self.carry_condition(
            "PodReadyToStartContainers",
            self.sandbox_ready,
            None,
            None,
        ));
        // §2.3 Initialized
        let init = if self.n_init == 0 || self.regular_started_once {
            (true, None, None)
        } else {
            let incomplete: Vec<&str> = (0..self.n_init)
                .filter(|&ci| match self.cs[ci].kind {
                    ContainerKind::Sidecar => !st(ci).is_some_and(|c| c.started),
                    _ => !st(ci).is_some_and(|c| c.ready),
                })
                .map(|ci| self.cs[ci].spec.name.as_str())
                .collect();
            if incomplete.is_empty() {
                (true, None, None)
            } else {
                (
                    false,
                    Some("ContainersNotInitialized".to_string()),
                    Some(format!(
                        "containers with incomplete status: [{}]",
                        incomplete.join(" ")
                    )),
                )
            }
        };
        let init = if phase == "Succeeded" && self.n_init > 0 {
            (true, Some("PodCompleted".to_string()), None)
        } else {
            init
        };
        conditions.push(self.carry_condition("Initialized", init.0, init.1, init.2));
        // §2.4 ContainersReady: sidecars (spec order) then regular containers (spec order).
        let unready: Vec<&str> = (0..self.cs.len())
            .filter(|&ci| self.cs[ci].kind != ContainerKind::Init)
            .filter(|&ci| !st(ci).is_some_and(|c| c.ready))
            .map(|ci| self.cs[ci].spec.name.as_str())
            .collect();
        let cr = if phase == "Succeeded" {
            (false, Some("PodCompleted".to_string()), None)
        } else if phase == "Failed" {
            (false, Some("PodFailed".to_string()), None)
        } else if unready.is_empty() {
            (true, None, None)
        } else {
            (
                false,
                Some("ContainersNotReady".to_string()),
                Some(format!(
                    "containers with unready status: [{}]",
                    unready.join(" ")
                )),
            )
        };
        // §2.5 Ready
        let ready = if !cr.0 {
            cr.clone()
        } else if !self.sc.pod.spec.readiness_gates.is_empty() {
            let msgs: Vec<String> = self
                .sc
                .pod
                .spec
                .readiness_gates
                .iter()
                .map(|g| {
                    format!("corresponding condition of pod readiness gate \"{g}\" does not exist.")
                })
                .collect();
            (
                false,
                Some("ReadinessGatesNotReady".to_string()),
                Some(msgs.join(", ")),
            )
        } else {
            (true, None, None)
        };
        let ready = if self.node_not_ready {
            (false, None, None)
        } else {
            ready
        };
        conditions.push(self.carry_condition("Ready", ready.0, ready.1, ready.2));
        conditions.push(self.carry_condition("ContainersReady", cr.0, cr.1, cr.2));
        conditions.push(self.carry_condition("PodScheduled", true, None, None));
        conditions
    }

    /// generateAPIPodStatus (§1, §2, §3) from the kubelet's current knowledge.
    fn build_frame(&self, pod_is_terminal: bool) -> Frame {
        // Before the kubelet admits the pod the API has no container statuses.
        let n_status = if self.admitted { self.cs.len() } else { 0 };
        let mut containers: Vec<ContainerStatus> = (0..self.n_init.min(n_status))
            .map(|ci| self.container_status(ci))
            .collect();
        let mut regs: Vec<ContainerStatus> = (self.n_init.min(n_status)..n_status)
            .map(|ci| self.container_status(ci))
            .collect();
        podlife_spec::sort::sort_by(&mut regs, |a, b| a.name.cmp(&b.name)); // §0.8
        containers.extend(regs);
        let prev_phase = self.frames.last().map(|f| f.phase);
        let mut phase = if self.admitted {
            status::get_phase(&self.sc.pod, &containers, pod_is_terminal)
        } else {
            "Pending"
        };
        // §1.6 sticky terminal phases.
        if let Some(p) = prev_phase {
            if status::is_terminal(p) {
                phase = p;
            }
        }
        let mut reason = None;
        let mut message = None;
        if let Some((r, m)) = &self.pod_reason {
            phase = "Failed"; // §1.7 eviction handler override (activeDeadlineSeconds)
            reason = Some(r.clone());
            message = Some(m.clone());
        } else if let Some(f) = self.frames.last() {
            if Some(phase) == prev_phase {
                reason = f.reason.clone();
                message = f.message.clone();
            }
        }
        let mut conditions = Vec::new();
        if self.admitted {
            conditions = self.build_conditions(phase, &containers);
        } else if let Some(msg) = &self.unschedulable {
            conditions.push(self.carry_condition(
                "PodScheduled",
                false,
                Some("Unschedulable".into()),
                Some(msg.clone()),
            ));
        }
        let node = self.node.map(|i| &self.sc.setup.nodes[i]);
        let start_time = if self.admitted {
            Some(
                self.frames
                    .last()
                    .and_then(|f| f.start_time)
                    .unwrap_or(self.now),
            )
        } else {
            None
        };
        let mut f = Frame {
            time: self.now,
            exists: self.exists,
            phase,
            reason,
            message,
            kubectl: KubectlRow {
                ready: String::new(),
                status: String::new(),
                restarts: 0,
                last_restart_finished_at: None,
            },
            conditions,
            containers,
            pod_ip: if self.sandbox_ever {
                self.pod_ip.clone()
            } else {
                None
            },
            host_ip: if self.admitted {
                self.node.map(|i| format!("192.168.10.{}", 11 + i))
            } else {
                None
            },
            start_time,
            deletion_timestamp: self.deletion_timestamp(),
            deletion_grace_period_seconds: self.deletion.map(|d| d.1),
            qos_class: status::qos_class(&self.sc.pod),
            node_name: node.map(|n| n.name.clone()),
        };
        self.refresh_row(&mut f);
        f
    }

    fn refresh_row(&self, f: &mut Frame) {
        let cond = |t: &str| {
            f.conditions
                .iter()
                .any(|c| c.type_ == t && c.status == "True")
        };
        f.kubectl = status::kubectl_row(
            f.phase,
            f.reason.as_deref(),
            f.deletion_timestamp.is_some(),
            cond("Initialized"),
            cond("Ready"),
            &f.containers,
            (
                self.n_init,
                self.cs
                    .iter()
                    .filter(|c| c.kind != ContainerKind::Init)
                    .count(),
            ),
        );
    }

    /// Publishes a status: a new frame if anything but the time changed.
    fn publish(&mut self, mut f: Frame) {
        f.time = self.now;
        if !self.exists && self.frames.last().is_some_and(|l| !l.exists) {
            return; // the object is gone: nothing more to see
        }
        let same = self.frames.last().is_some_and(|l| {
            let t = f.time;
            f.time = l.time;
            let eq = *l == f;
            f.time = t;
            eq
        });
        if same {
            return;
        }
        if self.frames.len() >= MAX_FRAMES {
            self.cap("frame cap reached");
            return;
        }
        self.frames.push(f);
        self.unpark_workers();
    }

    /// A fingerprint of every input of [`Sim::build_frame`] except the clock: when it matches
    /// the last build, the new status would equal the published one and building is skipped.
    fn status_sig(&self, pod_is_terminal: bool) -> u64 {
        let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut mix = |v: u64| {
            h ^= v;
            h = h.wrapping_mul(0x0100_0000_01b3).rotate_left(29);
        };
        mix(self.frames.len() as u64);
        mix(u64::from(pod_is_terminal)
            | u64::from(self.admitted) << 1
            | u64::from(self.sandbox_ready) << 2
            | u64::from(self.sandbox_ever) << 3
            | u64::from(self.exists) << 4
            | u64::from(self.terminating) << 5
            | u64::from(self.regular_started_once) << 6
            | u64::from(self.node_not_ready) << 7
            | u64::from(self.deletion.is_some()) << 8
            | u64::from(self.pod_reason.is_some()) << 9
            | u64::from(self.unschedulable.is_some()) << 10);
        mix(self.node.map_or(u64::MAX, |n| n as u64));
        for ci in 0..self.cs.len() {
            let k = &self.kc[ci];
            for i in &k.insts {
                mix(i.id);
                mix(u64::from(i.exit_seen) | u64::from(i.exit.is_some()) << 1);
            }
            mix(k.insts.len() as u64);
            mix(k.reason_gen);
            mix(u64::from(self.is_started(ci)) | u64::from(self.is_ready(ci)) << 1);
        }
        h
    }

    fn gen_status(&mut self, pod_is_terminal: bool) {
        let sig = self.status_sig(pod_is_terminal);
        if self.last_status_sig != Some(sig) {
            let f = self.build_frame(pod_is_terminal);
            self.publish(f);
            self.last_status_sig = Some(self.status_sig(pod_is_terminal));
        }
        // Remember which container instance each status names (probe workers read it, §5.6).
        for ci in 0..self.cs.len() {
            let id = self.kc[ci]
                .newest()
                .filter(|i| i.started.is_some())
                .map(|i| i.id);
            if self.pub_ids[ci] != id {
                self.unpark_workers();
                self.pub_ids[ci] = id;
            }
        }
        // §5.5: readiness probe-now for started, running containers that are not ready.
        let now = self.now;
        for wi in 0..self.workers.len() {
            let (ci, kind) = (self.workers[wi].ci, self.workers[wi].kind);
            if kind != ProbeKind::Readiness || self.workers[wi].stopped {
                continue;
            }
            let Some(inst) = self.kc[ci].newest().map(|i| i.id) else {
                continue;
            };
            if self.is_started(ci)
                && self.worker_cached(ci, kind, inst) != Some(Some(Cached::Success))
                && self.workers[wi].in_flight.is_none()
            {
                let w = &mut self.workers[wi];
                w.manual = true;
                w.next_tick = now;
            }
        }
    }

    // ---------------------------------------------------------------- pod worker

    /// The pod worker waits for a PLEG cache refresh newer than the end of its previous sync
    /// (`GetNewerThan(lastSyncTime)`): the first whole-second relist after it (§0.2).
    fn sync_gate(&self) -> SimTime {
        self.last_sync_done
            .map(next_whole_second_after)
            .unwrap_or(SimTime::ZERO)
    }

    fn maybe_start_sync(&mut self) -> bool {
        if self.sync.is_some() || self.terminated {
            return false;
        }
        let due = self.sync_requested
            || self
                .requeue_at
                .is_some_and(|r| whole_second_at_or_after(r) <= self.now);
        if !due || self.sync_gate() > self.now {
            return false;
        }
        self.sync_requested = false;
        self.requeue_at = None;
        self.begin_sync();
        true
    }

    fn begin_sync(&mut self) {
        self.mark("sync", None, String::new());
        if self.deletion.is_some() || self.terminating {
            self.begin_terminating();
            return;
        }
        self.gen_status(false);
        let phase = self.frames.last().map(|f| f.phase).unwrap_or_default();
        if status::is_terminal(phase) {
            self.begin_terminating();
            return;
        }
        let mut job = SyncJob::default();
        if !self.sandbox_ready {
            job.steps.push_back(Step::CreateSandbox { done: None });
        }
        let (kills, starts, kill_pod) = self.compute_actions();
        if kill_pod {
            let ops = self.kill_all_ops(self.sc.pod.spec.termination_grace_period_seconds);
            if !ops.is_empty() {
                job.steps.push_back(Step::Kill(ops));
            }
            job.steps.push_back(Step::StopSandbox);
        } else {
            if !kills.is_empty() {
                job.steps.push_back(Step::Kill(kills));
            }
            for s in starts {
                job.steps.push_back(Step::Start(s));
            }
        }
        self.sync = Some(job);
        self.drive_sync();
    }

    fn liveness_failed(&self, ci: usize, kind: ProbeKind) -> bool {
        match self.kc[ci].newest() {
            Some(i) if i.running() => {
                self.worker_cached(ci, kind, i.id) == Some(Some(Cached::Failure))
            }
            _ => false,
        }
    }

    fn start_op(&self, ci: usize) -> StartOp {
        StartOp {
            ci,
            backoff_ref: self.kc[ci].newest_exited_finish(),
            phase: StartPhase::Begin,
        }
    }

    fn kill_op(&self, ci: usize, grace_ms: u64, message: String) -> Option<KillOp> {
        let inst = self.kc[ci]
            .newest()
            .filter(|i| i.running() && i.started.is_some())?;
        Some(KillOp {
            ci,
            inst_id: inst.id,
            grace_ms,
            message,
            sidecar_ordering: false,
            phase: KillPhase::Start,
        })
    }

    fn probe_grace_ms(&self, ci: usize, kind: ProbeKind) -> u64 {
        let c = &self.cs[ci].spec;
        let p = match kind {
            ProbeKind::Liveness => c.liveness_probe.as_ref(),
            _ => c.startup_probe.as_ref(),
        };
        // §5.16: probe-level grace, else the pod's.
        let s = p
            .and_then(|p| p.termination_grace_period_seconds)
            .unwrap_or(self.sc.pod.spec.termination_grace_period_seconds);
        secs_ms(s).as_millis()
    }

    /// computePodActions (§5.15, §6.9, §6.11, §7.1–7.10).
    fn compute_actions(&self) -> (Vec<KillOp>, Vec<StartOp>, bool) {
        let mut kills = Vec::new();
        let mut starts = Vec::new();
        let policy = self.sc.pod.spec.restart_policy;
        let mut init_done = true;
        for ci in 0..self.n_init {
            let sidecar = self.cs[ci].kind == ContainerKind::Sidecar;
            let name = self.cs[ci].spec.name.clone();
            let newest = self.kc[ci].newest();
            if sidecar {
                match newest {
                    None => {
                        if !self.regular_started_once {
                            starts.push(self.start_op(ci));
                            init_done = false;
                            break;
                        }
                        starts.push(self.start_op(ci));
                    }
                    Some(i) if i.running() => {
                        for kind in [ProbeKind::Startup, ProbeKind::Liveness] {
                            if self.liveness_failed(ci, kind) {
                                let msg =
                                    format!("Init container {name} failed {} probe", kind.lower());
                                if let Some(k) =
                                    self.kill_op(ci, self.probe_grace_ms(ci, kind), msg)
                                {
                                    kills.push(k);
                                    starts.push(self.start_op(ci));
                                }
                                break;
                            }
                        }
                        if !self.regular_started_once && !self.is_started(ci) {
                            init_done = false;
                            break;
                        }
                    }
                    Some(_) => {
                        starts.push(self.start_op(ci));
                        if !self.regular_started_once {
                            init_done = false;
                            break;
                        }
                    }
                }
            } else {
                if self.regular_started_once {
                    continue; // §7.2: completed init containers never re-run
                }
                match newest {
                    None => {
                        starts.push(self.start_op(ci));
                        init_done = false;
                        break;
                    }
                    Some(i) if i.running() => {
                        init_done = false;
                        break;
                    }
                    Some(i) => {
                        let code = i.exit.as_ref().map(|e| e.code).unwrap_or(0);
                        if code == 0 {
                            continue;
                        }
                        init_done = false;
                        if policy == RestartPolicy::Never {
                            return (Vec::new(), Vec::new(), true);
                        }
                        starts.push(self.start_op(ci));
                        break;
                    }
                }
            }
        }
        if !init_done {
            return (kills, starts, false);
        }
        let mut keep = 0;
        let mut reg_starts = 0;
        for ci in self.n_init..self.cs.len() {
            let name = self.cs[ci].spec.name.clone();
            match self.kc[ci].newest() {
                None => {
                    starts.push(self.start_op(ci));
                    reg_starts += 1;
                }
                Some(i) if i.running() => {
                    let mut killed = false;
                    for kind in [ProbeKind::Startup, ProbeKind::Liveness] {
                        if self.liveness_failed(ci, kind) {
                            let restart = policy != RestartPolicy::Never;
                            let msg = format!(
                                "Container {name} failed {} probe{}",
                                kind.lower(),
                                if restart { ", will be restarted" } else { "" }
                            );
                            if let Some(k) = self.kill_op(ci, self.probe_grace_ms(ci, kind), msg) {
                                kills.push(k);
                                if restart {
                                    starts.push(self.start_op(ci));
                                    reg_starts += 1;
                                }
                                killed = true;
                            }
                            break;
                        }
                    }
                    if !killed {
                        keep += 1;
                    }
                }
                Some(i) => {
                    let code = i.exit.as_ref().map(|e| e.code).unwrap_or(0);
                    if self.should_restart(ci, code) {
                        starts.push(self.start_op(ci));
                        reg_starts += 1;
                    }
                }
            }
        }
        if keep == 0 && reg_starts == 0 && kills.is_empty() {
            // §6.11/§7.10: nothing kept or started → kill the pod, sidecars included.
            return (Vec::new(), Vec::new(), true);
        }
        (kills, starts, false)
    }

    /// Kill operations for every running container (pod kill / termination), §7.11 ordering.
    fn kill_all_ops(&self, grace_s: i64) -> Vec<KillOp> {
        let grace_ms = secs_ms(grace_s).as_millis();
        let mut ops = Vec::new();
        for ci in (self.n_init..self.cs.len()).chain(0..self.n_init) {
            if let Some(mut k) = self.kill_op(ci, grace_ms, String::new()) {
                k.sidecar_ordering = self.cs[ci].kind == ContainerKind::Sidecar;
                ops.push(k);
            }
        }
        ops
    }

    fn cancel_sync_for_termination(&mut self) {
        if let Some(job) = self.sync.take() {
            let mut carried = Vec::new();
            for step in job.steps {
                match step {
                    Step::Kill(ops) => carried.extend(ops),
                    Step::Start(StartOp {
                        phase: StartPhase::PostStartKill(k),
                        ..
                    }) => carried.push(*k),
                    Step::Start(StartOp {
                        phase: StartPhase::PostStart { exec, .. },
                        ..
                    }) => self.rt.abort_exec(self.now, exec),
                    Step::Start(StartOp {
                        phase: StartPhase::Pulling { .. },
                        ci,
                        ..
                    }) => self.span_close("pull", Some(ci)),
                    _ => {}
                }
            }
            let carried: Vec<KillOp> = carried
                .into_iter()
                .filter(|k| !matches!(k.phase, KillPhase::Start))
                .collect();
            if !carried.is_empty() {
                let mut j = SyncJob::default();
                j.steps.push_back(Step::Kill(carried));
                self.sync = Some(j);
                // Finish the in-flight kills first; the terminating sync follows.
            }
        }
    }

    /// SyncTerminatingPod (§9.3): status, stop liveness/startup workers, kill everything.
    fn begin_terminating(&mut self) {
        self.terminating = true;
        self.gen_status(false);
        self.unpark_workers(); // settle skipped ticks before stopping workers
        for w in &mut self.workers {
            if w.kind != ProbeKind::Readiness {
                w.stopped = true; // §9.3 step 2, §5.18
                w.in_flight = None;
            }
        }
        // §9.2 effective grace: deletion grace (≥ 1 s), else the spec's.
        let grace = match self.deletion {
            Some((_, g)) => g.max(1),
            None => self.sc.pod.spec.termination_grace_period_seconds,
        };
        let mut job = SyncJob::default();
        let ops = self.kill_all_ops(grace);
        if !ops.is_empty() {
            job.steps.push_back(Step::Kill(ops));
        }
        job.steps.push_back(Step::StopSandbox);
        job.steps.push_back(Step::FinishTerminating);
        self.sync = Some(job);
        self.drive_sync();
    }

    fn drive_sync(&mut self) -> bool {
        let mut did = false;
        for _ in 0..1000 {
            let Some(mut job) = self.sync.take() else {
                return did;
            };
            let Some(mut step) = job.steps.pop_front() else {
                self.complete_sync(job);
                return true;
            };
            let res = self.run_step(&mut step, &mut job);
            match res {
                StepResult::Done => {
                    did = true;
                    // Sync bookkeeping might have been replaced (termination): keep ours.
                    if self.sync.is_some() {
                        return did;
                    }
                    self.sync = Some(job);
                }
                StepResult::Wait(w) => {
                    job.steps.push_front(step);
                    if job.wake != w {
                        did = true;
                    }
                    job.wake = w;
                    if self.sync.is_none() {
                        self.sync = Some(job);
                    }
                    return did;
                }
            }
        }
        did
    }

    fn complete_sync(&mut self, job: SyncJob) {
        self.last_sync_done = Some(self.now);
        if self.terminated {
            return;
        }
        let now = self.now;
        // §0.4/§0.5 requeue (no jitter). A sync that hit a back-off is an error sync: retried
        // after 10 s, or at the back-off expiry if sooner (§6.6). Observed clusters show a
        // BackOff event every ~10–15 s during long waits, which the 10 s retry reproduces.
        let r = if let Some(exp) = job.backoff_expiry {
            exp.min(now + t_ms(ERROR_REQUEUE_MS)).max(now)
        } else if job.error {
            now + t_ms(ERROR_REQUEUE_MS)
        } else {
            now + t_ms(RESYNC_MS)
        };
        self.requeue_at = Some(r);
        if self.deletion.is_some() && !self.terminating {
            self.sync_requested = true;
        }
    }

    fn run_step(&mut self, step: &mut Step, job: &mut SyncJob) -> StepResult {
        let now = self.now;
        match step {
            Step::CreateSandbox { done } => match done {
                None => {
                    *done = Some(now + t_ms(SANDBOX_MS));
                    self.span_open("sandbox", None, "RunPodSandbox".into());
                    StepResult::Wait(*done)
                }
                Some(d) if *d <= now => {
                    self.sandbox_ready = true;
                    self.sandbox_ever = true;
                    self.span_close("sandbox", None);
                    self.pleg_dirty.get_or_insert(now);
                    StepResult::Done
                }
                Some(d) => StepResult::Wait(Some(*d)),
            },
            Step::Kill(ops) => {
                // Drive every kill until none changes phase (sidecars wait on the others).
                let n = ops.len();
                let mut wake: Option<SimTime> = None;
                for _ in 0..=n {
                    wake = None;
                    let mut progressed = false;
                    for i in 0..n {
                        let before = std::mem::discriminant(&ops[i].phase);
                        let blocked = self.sidecar_blockers(ops, i);
                        let w = self.drive_kill(&mut ops[i], blocked);
                        if std::mem::discriminant(&ops[i].phase) != before {
                            progressed = true;
                        }
                        if !matches!(ops[i].phase, KillPhase::Done) {
                            if let Some(w) = w {
                                wake = Some(wake.map_or(w, |x: SimTime| x.min(w)));
                            }
                        }
                    }
                    if !progressed {
                        break;
                    }
                }
                if ops.iter().all(|o| matches!(o.phase, KillPhase::Done)) {
                    StepResult::Done
                } else {
                    StepResult::Wait(wake)
                }
            }
            Step::Start(op) => match self.drive_start(op) {
                None => StepResult::Wait(self.start_wake(op)),
                Some(StartOutcome::Ok) => StepResult::Done,
                Some(StartOutcome::Backoff(exp)) => {
                    job.backoff_expiry = Some(job.backoff_expiry.map_or(exp, |e| e.min(exp)));
                    if self.cs[op.ci].kind == ContainerKind::Init {
                        job.steps.clear(); // §7.5
                    }
                    StepResult::Done
                }
                Some(StartOutcome::Error) => {
                    job.error = true;
                    if self.cs[op.ci].kind == ContainerKind::Init {
                        job.steps.clear(); // §7.5
                    }
                    StepResult::Done
                }
            },
            Step::StopSandbox => {
                if self.sandbox_ready {
                    self.sandbox_ready = false;
                    self.pleg_dirty.get_or_insert(now);
                }
                StepResult::Done
            }
            Step::FinishTerminating => {
                // §9.8: final status on the terminal path; probe workers removed.
                for k in &mut self.kc {
                    for i in &mut k.insts {
                        if i.exit.is_some() {
                            i.exit_seen = true;
                        }
                    }
                }
                self.unpark_workers();
                for w in &mut self.workers {
                    w.stopped = true;
                    w.in_flight = None;
                }
                self.gen_status(true);
                self.terminated = true;
                self.requeue_at = None;
                self.sync_requested = false;
                if self.deletion.is_some() && self.exists {
                    // The status manager then deletes the object (grace 0), next second.
                    self.removal_at = Some(next_whole_second_after(now));
                }
                StepResult::Done
            }
        }
    }

    /// Whether sidecar `ops[i]` must still wait for main containers / later sidecars (§7.11).
    fn sidecar_blockers(&self, ops: &[KillOp], i: usize) -> bool {
        if !ops[i].sidecar_ordering {
            return false;
        }
        let me = ops[i].ci;
        ops.iter().any(|o| {
            o.ci != me
                && !matches!(o.phase, KillPhase::Done)
                && (self.cs[o.ci].kind == ContainerKind::Regular
                    || (self.cs[o.ci].kind == ContainerKind::Sidecar && o.ci > me))
        })
    }

    fn inst_exited(&self, ci: usize, inst: u64) -> bool {
        self.kc[ci]
            .insts
            .iter()
            .find(|i| i.id == inst)
            .is_none_or(|i| i.exit.is_some())
    }

    /// killContainer (§9.4, §8.5, §8.6). Returns the next wake-up while unfinished.
    fn drive_kill(&mut self, op: &mut KillOp, sidecar_wait: bool) -> Option<SimTime> {
        let now = self.now;
        for _ in 0..8 {
            match op.phase.clone() {
                KillPhase::Start => {
                    let name = self.cs[op.ci].spec.name.clone();
                    let msg = if op.message.is_empty() {
                        format!("Stopping container {name}")
                    } else {
                        op.message.clone()
                    };
                    self.kevent(Some(op.ci), "Normal", "Killing", msg);
                    let pre = self.cs[op.ci].spec.lifecycle.pre_stop.clone();
                    match pre {
                        Some(h) if op.grace_ms > 0 && !self.inst_exited(op.ci, op.inst_id) => {
                            let exec = self.rt.start_hook(now, &name, &h);
                            self.span_open("preStop", Some(op.ci), hook_text(&h));
                            op.phase = KillPhase::PreStop {
                                exec,
                                started: now,
                                deadline: now + t_ms(op.grace_ms),
                            };
                        }
                        _ => {
                            op.phase = KillPhase::SidecarWait {
                                deadline: now + t_ms(op.grace_ms),
                            }
                        }
                    }
                }
                KillPhase::PreStop {
                    exec,
                    started,
                    deadline,
                } => {
                    if let Some((_, code, output)) = self.exec_done.remove(&exec) {
                        self.span_close("preStop", Some(op.ci));
                        if code != 0 {
                            let _ = output;
                            self.kevent(
                                Some(op.ci),
                                "Warning",
                                "FailedPreStopHook",
                                "PreStopHook failed".into(),
                            );
                        }
                        // §8.5: whole elapsed seconds are subtracted.
                        let elapsed = now.saturating_sub(started).whole_secs() * 1000;
                        op.grace_ms = op.grace_ms.saturating_sub(elapsed);
                        op.phase = KillPhase::SidecarWait {
                            deadline: now + t_ms(op.grace_ms),
                        };
                    } else if now >= deadline {
                        // §9.5: stop waiting at the grace period.
                        self.rt.abort_exec(now, exec);
                        self.span_close("preStop", Some(op.ci));
                        op.grace_ms = 0;
                        op.phase = KillPhase::SidecarWait { deadline: now };
                    } else {
                        return Some(deadline);
                    }
                }
                KillPhase::SidecarWait { deadline } => {
                    if sidecar_wait && now < deadline {
                        return Some(deadline);
                    }
                    // What is left of the grace period, never below 2 s (§9.4 step 5, §7.11).
                    let grace = deadline.saturating_sub(now).as_millis().max(MIN_GRACE_MS);
                    if self.inst_exited(op.ci, op.inst_id) {
                        op.phase = KillPhase::Signalled { kill_at: now };
                        continue;
                    }
                    let name = self.cs[op.ci].spec.name.clone();
                    self.rt.signal(now, &name, Signal::Term);
                    self.mark(
                        "SIGTERM",
                        Some(op.ci),
                        format!("grace {}", podlife_spec::format_go_duration(grace)),
                    );
                    self.span_open(
                        "grace",
                        Some(op.ci),
                        format!("SIGKILL at +{}", podlife_spec::format_go_duration(grace)),
                    );
                    op.phase = KillPhase::Signalled {
                        kill_at: now + t_ms(grace),
                    };
                    return Some(now); // let the runtime react to SIGTERM
                }
                KillPhase::Signalled { kill_at } => {
                    if self.inst_exited(op.ci, op.inst_id) {
                        self.span_close("grace", Some(op.ci));
                        // StopContainer returned: the kubelet knows the container is gone.
                        if let Some(i) =
                            self.kc[op.ci].insts.iter_mut().find(|i| i.id == op.inst_id)
                        {
                            if i.exit.is_none() {
                                i.exit = Some(Exit {
                                    at: now,
                                    code: 137,
                                    reason: "Error".into(),
                                    message: None,
                                });
                            }
                            i.exit_seen = true;
                        }
                        self.pleg_dirty.get_or_insert(now);
                        op.phase = KillPhase::Done;
                        return None;
                    }
                    if now >= kill_at {
                        let name = self.cs[op.ci].spec.name.clone();
                        self.rt.signal(now, &name, Signal::Kill);
                        self.mark("SIGKILL", Some(op.ci), String::new());
                        if !self.rt.is_running(&name) && self.rt.next_wakeup().is_none() {
                            // A runtime that reports nothing: treat the process as gone.
                            if let Some(i) =
                                self.kc[op.ci].insts.iter_mut().find(|i| i.id == op.inst_id)
                            {
                                if i.exit.is_none() {
                                    i.exit = Some(Exit {
                                        at: now,
                                        code: 137,
                                        reason: "Error".into(),
                                        message: None,
                                    });
                                }
                            }
                        }
                        op.phase = KillPhase::Signalled {
                            kill_at: SimTime::from_millis(u64::MAX),
                        };
                        return Some(now);
                    }
                    return Some(kill_at);
                }
                KillPhase::Done => return None,
            }
        }
        Some(now)
    }

    fn start_wake(&self, op: &StartOp) -> Option<SimTime> {
        match &op.phase {
            StartPhase::Pulling { done, .. } => Some(*done),
            StartPhase::Creating { done } | StartPhase::Starting { done } => Some(*done),
            StartPhase::PostStart { .. } => None,
            StartPhase::PostStartKill(k) => match k.phase {
                KillPhase::PreStop { deadline, .. } => Some(deadline),
                KillPhase::Signalled { kill_at } => Some(kill_at),
                _ => Some(self.now),
            },
            StartPhase::Begin => Some(self.now),
        }
    }

    fn pulled_message_present(&self, image: &str) -> String {
        if self.sc.setup.kube_minor >= 35 {
            format!("Container image \"{image}\" already present on machine and can be accessed by the pod")
        } else {
            format!("Container image \"{image}\" already present on machine")
        }
    }

    /// startContainer (§6.3 doBackOff, §10 pull, §8.1 create/start/postStart).
    fn drive_start(&mut self, op: &mut StartOp) -> Option<StartOutcome> {
        let now = self.now;
        let ci = op.ci;
        let name = self.cs[ci].spec.name.clone();
        let image = self.cs[ci].spec.image.clone();
        for _ in 0..8 {
            match op.phase.clone() {
                StartPhase::Begin => {
                    if let Some(f) = op.backoff_ref {
                        if self.backoff.in_backoff_since(&ci, f, now) {
                            let b = self.backoff.get(&ci);
                            self.kevent(
                                Some(ci),
                                "Warning",
                                "BackOff",
                                self.cs[ci].backoff_event.clone(),
                            );
                            // The reason-cache text only changes with the back-off length.
                            let same = matches!(&self.kc[ci].reason_cache,
                                Some((r, _)) if &**r == "CrashLoopBackOff")
                                && self.kc[ci].cache_backoff_ms == b;
                            if !same {
                                self.kc[ci].cache_backoff_ms = b;
                                let text = format!(
                                    "back-off {} restarting failed container={name} pod={}",
                                    podlife_spec::format_go_duration(b),
                                    self.pod_key()
                                );
                                self.kc[ci]
                                    .set_reason(Some(("CrashLoopBackOff".into(), text.into())));
                            }
                            let exp = f + t_ms(b);
                            if self.backoff_span[ci] != Some(f) {
                                self.backoff_span[ci] = Some(f);
                                self.span_full(
                                    "backoff",
                                    Some(ci),
                                    f,
                                    exp,
                                    podlife_spec::format_go_duration(b),
                                );
                            }
                            return Some(StartOutcome::Backoff(exp));
                        }
                        self.backoff.next(&ci, f, now);
                    }
                    // EnsureImageExists (§10).
                    let present = self.node_images.contains(&image);
                    let policy = self.cs[ci].spec.image_pull_policy;
                    if present && policy != PullPolicy::Always {
                        let m = self.pulled_message_present(&image);
                        self.kevent(Some(ci), "Normal", "Pulled", m);
                        op.phase = StartPhase::Creating {
                            done: now + t_ms(CREATE_MS),
                        };
                        return None;
                    }
                    if policy == PullPolicy::Never {
                        // §10.2
                        let m = format!(
                            "Container image \"{image}\" is not present with pull policy of Never"
                        );
                        self.kevent(Some(ci), "Warning", "ErrImageNeverPull", m.clone());
                        self.kevent(
                            Some(ci),
                            "Warning",
                            "Failed",
                            "Error: ErrImageNeverPull".into(),
                        );
                        self.kc[ci].set_reason(Some(("ErrImageNeverPull".into(), m.into())));
                        return Some(StartOutcome::Error);
                    }
                    if let Some(last) = self.pull_backoff.last_update(&image) {
                        if self.pull_backoff.in_backoff_since(&image, last, now) {
                            // §10.6
                            let err = self.pull_errors.get(&image).cloned().unwrap_or_default();
                            self.kevent(
                                Some(ci),
                                "Normal",
                                "BackOff",
                                format!("Back-off pulling image \"{image}\""),
                            );
                            self.kevent(
                                Some(ci),
                                "Warning",
                                "Failed",
                                "Error: ImagePullBackOff".into(),
                            );
                            self.kc[ci].set_reason(Some((
                                "ImagePullBackOff".into(),
                                format!("Back-off pulling image \"{image}\": ErrImagePull: {err}")
                                    .into(),
                            )));
                            let exp = last + t_ms(self.pull_backoff.get(&image));
                            return Some(StartOutcome::Backoff(exp));
                        }
                    }
                    self.kevent(
                        Some(ci),
                        "Normal",
                        "Pulling",
                        format!("Pulling image \"{image}\""),
                    );
                    self.span_open("pull", Some(ci), image.clone());
                    op.phase = StartPhase::Pulling {
                        done: now + self.sc.setup.registry.pull,
                        started: now,
                    };
                    return None;
                }
                StartPhase::Pulling { done, started } => {
                    if now < done {
                        return None;
                    }
                    self.span_close("pull", Some(ci));
                    if self.sc.setup.registry.missing.iter().any(|m| m == &image) {
                        let err = image_pull::not_found_error(&image);
                        self.kevent(
                            Some(ci),
                            "Warning",
                            "Failed",
                            format!("Failed to pull image \"{image}\": {err}"),
                        );
                        self.pull_backoff.next(&image, now, now);
                        self.pull_errors.insert(image.clone(), err.clone());
                        self.kevent(Some(ci), "Warning", "Failed", "Error: ErrImagePull".into());
                        self.kc[ci].set_reason(Some(("ErrImagePull".into(), err.into())));
                        return Some(StartOutcome::Error);
                    }
                    let d =
                        podlife_spec::format_go_duration(now.saturating_sub(started).as_millis());
                    self.kevent(
                        Some(ci),
                        "Normal",
                        "Pulled",
                        format!(
                            "Successfully pulled image \"{image}\" in {d} ({d} including waiting). Image size: {} bytes.",
                            image_pull::image_size(&image)
                        ),
                    );
                    self.node_images.insert(image.clone());
                    op.phase = StartPhase::Creating {
                        done: now + t_ms(CREATE_MS),
                    };
                }
                StartPhase::Creating { done } => {
                    if now < done {
                        return None;
                    }
                    self.kevent(
                        Some(ci),
                        "Normal",
                        "Created",
                        format!("Created container: {name}"),
                    );
                    op.phase = StartPhase::Starting {
                        done: now + t_ms(START_MS),
                    };
                }
                StartPhase::Starting { done } => {
                    if now < done {
                        return None;
                    }
                    let restart_count = self.kc[ci]
                        .newest()
                        .map(|i| i.restart_count + 1)
                        .unwrap_or(0);
                    let id = self.next_inst;
                    self.next_inst += 1;
                    let res = self.rt.start(now, &name, restart_count);
                    let mut inst = Inst {
                        id,
                        cid: self.make_container_id(ci, id),
                        restart_count,
                        started: Some(now),
                        exit: None,
                        exit_seen: false,
                    };
                    self.pleg_dirty.get_or_insert(now);
                    if let Err(f) = res {
                        // containerd: Terminated StartError, exit 128 (§3.8).
                        inst.exit = Some(Exit {
                            at: now,
                            code: 128,
                            reason: "StartError".into(),
                            message: Some(f.message.as_str().into()),
                        });
                        inst.exit_seen = true;
                        self.push_inst(ci, inst);
                        self.kevent(
                            Some(ci),
                            "Warning",
                            "Failed",
                            format!("Error: {}", f.message),
                        );
                        self.kc[ci]
                            .set_reason(Some(("RunContainerError".into(), f.message.into())));
                        return Some(StartOutcome::Error);
                    }
                    self.push_inst(ci, inst);
                    if self.cs[ci].kind == ContainerKind::Regular {
                        self.regular_started_once = true;
                    }
                    self.kevent(
                        Some(ci),
                        "Normal",
                        "Started",
                        format!("Started container {name}"),
                    );
                    match self.cs[ci].spec.lifecycle.post_start.clone() {
                        Some(h) => {
                            let exec = self.rt.start_hook(now, &name, &h);
                            self.span_open("postStart", Some(ci), hook_text(&h));
                            op.phase = StartPhase::PostStart {
                                exec,
                                inst_id: id,
                                started: now,
                            };
                        }
                        None => {
                            self.kc[ci].set_reason(None);
                            return Some(StartOutcome::Ok);
                        }
                    }
                }
                StartPhase::PostStart {
                    exec,
                    inst_id,
                    started,
                } => {
                    let _ = started;
                    let (_, code, output) = self.exec_done.remove(&exec)?;
                    self.span_close("postStart", Some(ci));
                    if code == 0 {
                        self.kc[ci].set_reason(None);
                        return Some(StartOutcome::Ok);
                    }
                    // §8.3
                    let h = self.cs[ci].spec.lifecycle.post_start.clone();
                    let detail = match &h {
                        Some(LifecycleHandler::Exec { command }) => format!(
                            "Exec lifecycle hook ([{}]) for Container \"{name}\" in Pod \"{}\" failed - error: command '{}' exited with {code}: , message: \"{}\"",
                            command.join(" "),
                            self.pod_key(),
                            command.join(" "),
                            output
                        ),
                        Some(LifecycleHandler::HttpGet(g)) => format!(
                            "HTTP lifecycle hook ({}) for Container \"{name}\" in Pod \"{}\" failed - error: {output}",
                            g.path,
                            self.pod_key()
                        ),
                        _ => output.clone(),
                    };
                    self.kevent(
                        Some(ci),
                        "Warning",
                        "FailedPostStartHook",
                        "PostStartHook failed".into(),
                    );
                    self.kc[ci].set_reason(Some(("PostStartHookError".into(), detail.into())));
                    let grace =
                        secs_ms(self.sc.pod.spec.termination_grace_period_seconds).as_millis();
                    let k = KillOp {
                        ci,
                        inst_id,
                        grace_ms: grace,
                        message: "FailedPostStartHook".into(),
                        sidecar_ordering: false,
                        phase: KillPhase::Start,
                    };
                    op.phase = StartPhase::PostStartKill(Box::new(k));
                }
                StartPhase::PostStartKill(mut k) => {
                    self.drive_kill(&mut k, false);
                    let done = matches!(k.phase, KillPhase::Done);
                    op.phase = StartPhase::PostStartKill(k);
                    if done {
                        return Some(StartOutcome::Error);
                    }
                    return None;
                }
            }
        }
        None
    }

    fn push_inst(&mut self, ci: usize, inst: Inst) {
        let k = &mut self.kc[ci];
        k.insts.push(inst);
        if k.insts.len() > 2 {
            k.insts.remove(0); // §3.4: only the two newest instances matter
        }
    }

    // ---------------------------------------------------------------- deadline

    /// activeDeadlineSeconds (§12.1).
    fn check_deadline(&mut self) -> bool {
        let Some(d) = self.deadline_at else {
            return false;
        };
        if self.deadline_fired
            || self.terminating
            || self.terminated
            || whole_second_at_or_after(d) > self.now
        {
            return false;
        }
        self.deadline_fired = true;
        let msg = "Pod was active on the node longer than the specified deadline".to_string();
        self.kevent(None, "Normal", "DeadlineExceeded", msg.clone());
        self.pod_reason = Some(("DeadlineExceeded".into(), msg));
        if self.sync.is_some() {
            self.cancel_sync_for_termination();
        }
        self.sync_requested = true;
        true
    }

    // ---------------------------------------------------------------- probes

    fn run_probes(&mut self) -> bool {
        self.wake_steady();
        self.probes_ran_at = Some(self.now);
        let mut did = false;
        for wi in 0..self.workers.len() {
            if self.workers[wi].stopped || self.workers[wi].parked.is_some() {
                continue;
            }
            if let Some((done, _, _)) = &self.workers[wi].in_flight {
                if *done <= self.now {
                    self.finish_probe(wi);
                    did = true;
                }
                continue;
            }
            if self.workers[wi].next_tick <= self.now {
                let period = u64::from(self.workers[wi].probe.period_seconds.max(1) as u32) * 1000;
                let manual = self.workers[wi].manual;
                self.workers[wi].manual = false;
                // Go tickers drop missed ticks (§5.4).
                let nt = self.workers[wi].next_tick;
                let behind = self.now.saturating_sub(nt).as_millis();
                self.workers[wi].next_tick = if manual {
                    self.now + t_ms(period)
                } else {
                    nt + t_ms((behind / period + 1) * period)
                };
                self.probe_tick(wi);
                did = true;
            }
        }
        did
    }

    /// Parked workers (on hold, or their container not running) skip ticks without effect
    /// until the next status. Wake them on the tick grid and account the skipped ticks, so the
    /// trace is exactly what ticking every period would have produced.
    fn unpark_workers(&mut self) {
        let horizon = self.skipped_tick_horizon();
        for wi in 0..self.workers.len() {
            self.unpark(wi, horizon);
        }
    }

    /// Parked ticks before this instant were skipped; a tick due exactly now was already
    /// handled if the prober ran at this instant.
    fn skipped_tick_horizon(&self) -> SimTime {
        if self.probes_ran_at == Some(self.now) {
            self.now + t_ms(1)
        } else {
            self.now
        }
    }

    /// Wakes steady workers whose runtime promise ended; runs before each prober pass, after
    /// the runtime advanced, so a tick due now sees what changed.
    fn wake_steady(&mut self) {
        let horizon = self.skipped_tick_horizon();
        // The runtime's epoch unchanged since the last pass: every token is as it was then, and
        // tokens taken since (parking) are current, so only the time limits can end a park.
        let epoch = self.rt.probe_epoch();
        let tokens_same = epoch.is_some() && epoch == self.steady_epoch;
        self.steady_epoch = epoch;
        for wi in 0..self.workers.len() {
            let Some(Park::Steady { until, token }) = self.workers[wi].parked else {
                continue;
            };
            let ci = self.workers[wi].ci;
            if until <= self.now
                || (!tokens_same && self.rt.probe_token(&self.cs[ci].spec.name) != token)
            {
                self.unpark(wi, horizon);
            }
        }
    }

    /// Ends worker `wi`'s parking, accounting its skipped ticks before `horizon`.
    fn unpark(&mut self, wi: usize, horizon: SimTime) {
        let Some(park) = self.workers[wi].parked.take() else {
            return;
        };
        let period = u64::from(self.workers[wi].probe.period_seconds.max(1) as u32) * 1000;
        let nt = self.workers[wi].next_tick;
        if nt >= horizon {
            return;
        }
        let skipped = (horizon.as_millis() - nt.as_millis()).div_ceil(period);
        let last_skipped = nt + t_ms((skipped - 1) * period);
        self.workers[wi].next_tick = nt + t_ms(skipped * period);
        if park == Park::Idle {
            return;
        }
        if let Some(m) = self.workers[wi]
            .last_mark
            .and_then(|i| self.probe_marks.get_mut(i))
        {
            m.count = m.count.saturating_add(skipped as u32);
            m.last = last_skipped;
        }
        if let Park::Steady { .. } = park {
            let w = &mut self.workers[wi];
            w.run = w
                .run
                .saturating_add(skipped.min(u64::from(u32::MAX)) as u32);
        }
    }

    /// Records a probe tick. Consecutive identical ticks of one worker merge into one mark
    /// (`count`, `last`), so an hour of 1 s probes stays small.
    fn probe_mark(&mut self, wi: usize, result: &'static str, output: String) {
        let now = self.now;
        let run = self.workers[wi].run;
        if let Some(i) = self.workers[wi].last_mark {
            if let Some(m) = self.probe_marks.get_mut(i) {
                // Labels are the same few statics: the pointer test settles most ticks.
                if (std::ptr::eq(m.result, result) || m.result == result) && m.output == output {
                    m.count += 1;
                    m.last = now;
                    return;
                }
            }
        }
        if self.probe_marks.len() >= MAX_PROBE_MARKS {
            // Dropping timeline marks does not stop the run; it is reported in the trace.
            self.marks_dropped_at.get_or_insert(now);
            return;
        }
        let w = &self.workers[wi];
        self.probe_marks.push(ProbeMark {
            time: now,
            container: self.cs[w.ci].spec.name.clone(),
            probe: w.kind.lower(),
            result,
            output,
            run,
            count: 1,
            last: now,
        });
        self.workers[wi].last_mark = Some(self.probe_marks.len() - 1);
    }

    /// A success that changed nothing: while the runtime promises the same answer, the next
    /// ticks would only repeat this mark, so skip them (§5.6 ticks, accounted on wake-up).
    fn park_if_steady(&mut self, wi: usize) {
        let w = &self.workers[wi];
        if w.in_flight.is_some() || w.manual {
            return;
        }
        let ci = w.ci;
        let Some((until, token)) =
            self.rt
                .probe_stable_until(self.now, &self.cs[ci].spec.name, &w.probe.handler)
        else {
            return;
        };
        if first_tick_at_or_after(w, until) > w.next_tick {
            self.workers[wi].parked = Some(Park::Steady { until, token });
        }
    }

    fn set_cached(&mut self, wi: usize, v: Cached) {
        let changed = self.workers[wi].cached != Some(v);
        self.workers[wi].cached = Some(v);
        if !changed {
            return;
        }
        match self.workers[wi].kind {
            ProbeKind::Liveness => {
                if v == Cached::Failure {
                    self.sync_requested = true; // §0.3
                }
            }
            _ => {
                // §0.3: readiness/startup flags go into the status manager first, then a sync.
                self.patch_flags();
                self.sync_requested = true;
            }
        }
    }

    /// The status manager's SetContainerReadiness/SetContainerStartup: update ready/started
    /// flags and the Ready/ContainersReady conditions on the last published status.
    fn patch_flags(&mut self) {
        let Some(mut f) = self.frames.last().cloned() else {
            return;
        };
        if !self.exists {
            return;
        }
        for ci in 0..self.cs.len() {
            let (started, ready) = (self.is_started(ci), self.is_ready(ci));
            let cid = self.kc[ci].newest().map(|i| &*i.cid).unwrap_or("");
            if let Some(c) = f.containers.get_mut(self.frame_pos[ci]) {
                if c.state == "running" && &*c.container_id == cid {
                    c.ready = ready;
                    c.started = started;
                }
            }
        }
        let fresh = self.build_conditions(f.phase, &f.containers);
        for cond in &mut f.conditions {
            if cond.type_ == "Ready"
                || cond.type_ == "ContainersReady"
                || cond.type_ == "Initialized"
            {
                if let Some(n) = fresh.iter().find(|n| n.type_ == cond.type_) {
                    *cond = n.clone();
                }
            }
        }
        self.refresh_row(&mut f);
        self.publish(f);
    }

    /// One tick of a probe worker (§5.6).
    fn probe_tick(&mut self, wi: usize) {
        let ci = self.workers[wi].ci;
        let kind = self.workers[wi].kind;
        let Some(frame) = self.frames.last() else {
            return;
        };
        if status::is_terminal(frame.phase) {
            self.workers[wi].stopped = true;
            return;
        }
        let Some(id) = self.pub_ids[ci] else {
            return; // no container ID in the status yet
        };
        let cstat = frame.containers.get(self.frame_pos[ci]).map(|c| {
            (
                c.state == "running" && !c.container_id.is_empty(),
                c.started_at,
            )
        });
        if self.workers[wi].container_id != Some(id) {
            let w = &mut self.workers[wi];
            w.container_id = Some(id);
            w.on_hold = false;
            // §5.7 initial values.
            let init = match kind {
                ProbeKind::Readiness => Cached::Failure,
                ProbeKind::Liveness => Cached::Success,
                ProbeKind::Startup => Cached::Unknown,
            };
            w.cached = Some(init);
        }
        if self.workers[wi].on_hold {
            self.probe_mark(wi, "on-hold", String::new());
            // Nothing can change until the next status (a new container ID): park.
            if self.parking {
                self.workers[wi].parked = Some(Park::OnHold);
            }
            return;
        }
        let Some((running, started_at)) = cstat else {
            return;
        };
        if !running {
            self.set_cached(wi, Cached::Failure);
            if self.parking {
                self.workers[wi].parked = Some(Park::Idle);
            }
            return;
        }
        if self.deletion.is_some() && kind != ProbeKind::Readiness {
            self.set_cached(wi, Cached::Success);
            self.workers[wi].stopped = true;
            return;
        }
        let started_at = started_at.unwrap_or(self.now);
        let delay = self.workers[wi].probe.initial_delay_seconds.max(0) as u64;
        if self.now.saturating_sub(started_at).whole_secs() < delay {
            self.probe_mark(wi, "delayed", String::new());
            return;
        }
        let started = self.is_started(ci);
        if kind == ProbeKind::Startup && started {
            return;
        }
        if kind != ProbeKind::Startup && !started {
            self.probe_mark(wi, "not-started", String::new());
            return;
        }
        let timeout = SimTime::from_secs(self.workers[wi].probe.timeout_seconds.max(1) as u64);
        let mut out = self.rt.probe(
            self.now,
            &self.cs[ci].spec.name,
            &self.workers[wi].probe.handler,
            timeout,
        );
        // §5.11: a handler *error* is retried, up to 3 attempts in all; failures are not.
        for _ in 1..3 {
            if out.result != ProbeResult::Error {
                break;
            }
            out = self.rt.probe(
                self.now,
                &self.cs[ci].spec.name,
                &self.workers[wi].probe.handler,
                timeout,
            );
        }
        let took = out.took.min(timeout);
        self.workers[wi].in_flight = Some((self.now + took, out.result, out.output));
        if took == SimTime::ZERO {
            self.finish_probe(wi);
        }
    }

    fn finish_probe(&mut self, wi: usize) {
        let Some((_, result, output)) = self.workers[wi].in_flight.take() else {
            return;
        };
        let ci = self.workers[wi].ci;
        let kind = self.workers[wi].kind;
        let title = kind.title();
        let res = match result {
            ProbeResult::Error => {
                // §5.10: the result is discarded.
                self.kevent(
                    Some(ci),
                    "Warning",
                    "Unhealthy",
                    [
                        title,
                        " probe errored and resulted in unknown state: ",
                        &output,
                    ]
                    .concat(),
                );
                self.probe_mark(wi, "error", output);
                return;
            }
            ProbeResult::Failure => {
                self.kevent(
                    Some(ci),
                    "Warning",
                    "Unhealthy",
                    // `concat`, not `format!`: every failing tick makes one (formatting cost 4 % of a run).
                    [title, " probe failed: ", &output].concat(),
                );
                Cached::Failure
            }
            ProbeResult::Warning => {
                self.kevent(
                    Some(ci),
                    "Warning",
                    "ProbeWarning",
                    [title, " probe warning: ", &output].concat(),
                );
                Cached::Success
            }
            ProbeResult::Success => Cached::Success,
        };
        // §5.8 thresholds.
        {
            let w = &mut self.workers[wi];
            if w.last_result == Some(res) {
                w.run = w.run.saturating_add(1);
            } else {
                w.last_result = Some(res);
                w.run = 1;
            }
        }
        let label = match result {
            ProbeResult::Failure => "failure",
            ProbeResult::Warning => "warning",
            _ => "success",
        };
        self.probe_mark(wi, label, output);
        let (run, ft, st) = {
            let w = &self.workers[wi];
            (
                w.run,
                w.probe.failure_threshold.max(1) as u32,
                w.probe.success_threshold.max(1) as u32,
            )
        };
        if (res == Cached::Failure && run < ft) || (res == Cached::Success && run < st) {
            return;
        }
        let steady = result == ProbeResult::Success
            && self.workers[wi].cached == Some(Cached::Success)
            && kind != ProbeKind::Startup;
        self.set_cached(wi, res);
        if steady && self.parking {
            self.park_if_steady(wi);
        }
        // §5.9 on hold after liveness Failure or any startup result.
        if (kind == ProbeKind::Liveness && res == Cached::Failure) || kind == ProbeKind::Startup {
            let w = &mut self.workers[wi];
            w.on_hold = true;
            w.run = 0;
        }
    }
}

/// The first tick of `w` at or after `t`, on its tick grid.
fn first_tick_at_or_after(w: &Worker, t: SimTime) -> SimTime {
    let period = u64::from(w.probe.period_seconds.max(1) as u32) * 1000;
    let nt = w.next_tick;
    if t <= nt {
        return nt;
    }
    let k = (t.as_millis() - nt.as_millis()).div_ceil(period);
    SimTime(nt.as_millis().saturating_add(k.saturating_mul(period)))
}

fn hook_text(h: &LifecycleHandler) -> String {
    match h {
        LifecycleHandler::Exec { command } => format!("exec {}", command.join(" ")),
        LifecycleHandler::HttpGet(g) => format!("httpGet {}", g.path),
        LifecycleHandler::TcpSocket { port, .. } => format!("tcpSocket {}", port.written),
        LifecycleHandler::Sleep { seconds } => format!("sleep {seconds}s"),
    }
}

/// Runs a scenario to its horizon (`setup.until`, capped at 24 h) and returns the trace.
pub fn simulate(scenario: &Scenario) -> Trace {
    drive(Sim::new(scenario))
}

/// Runs any simulator to its horizon.
pub fn drive<R: Runtime>(mut sim: Sim<R>) -> Trace {
    let until = sim.until;
    sim.handle_timeout(SimTime::ZERO);
    let mut last = SimTime::ZERO;
    let mut same = 0u32;
    let mut steps: u64 = 0;
    while let Some(t) = sim.poll_timeout() {
        if t > until {
            break;
        }
        steps += 1;
        if t == last {
            same += 1;
            if same > 1000 {
                sim.cap("internal: no progress");
                break;
            }
        } else {
            same = 0;
            last = t;
        }
        if steps > 5_000_000 {
            sim.cap("step cap reached");
            break;
        }
        sim.handle_timeout(t);
    }
    sim.into_trace()
}
