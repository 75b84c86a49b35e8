//! The timer table: every armed timer of every part, whose minimum is
//! [`Sim::poll_timeout`].

use podlife_spec::SimTime;

use super::Sim;
use crate::kubelet::prober::ProbeTimer;
use crate::runtime::Runtime;

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

impl<R: Runtime> Sim<R> {
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

    fn for_each_timer(&self, mut visit: impl FnMut(TimerKind, SimTime)) {
        if self.recorder.is_capped() {
            return;
        }
        if !self.started {
            visit(TimerKind::UserAction, SimTime::ZERO);
            return;
        }
        let now = self.now;
        if let Some(a) = self.scenario.setup.actions.get(self.next_action) {
            visit(TimerKind::UserAction, a.at.max(now));
        }
        if let Some(t) = self.runtime.next_wakeup() {
            visit(TimerKind::Runtime, t.max(now));
        }
        if let Some(t) = self.scheduler.retry_timer() {
            visit(TimerKind::SchedulerRetry, t);
        }
        if let Some(t) = self.object.removal_at {
            visit(TimerKind::ObjectRemoval, t);
        }
        if let Some(t) = self.node.eviction_timer() {
            visit(TimerKind::Eviction, t);
        }
        if let Some(t) = self.node.monitor_timer() {
            visit(TimerKind::NodeMonitor, t);
        }
        let kubelet = &self.kubelet;
        if !self.node.kubelet_up || !kubelet.admitted {
            return;
        }
        if let Some(job) = &kubelet.pod_worker.job {
            if let Some(w) = job.wake {
                visit(TimerKind::SyncStep, w.max(now));
            }
        } else if let Some(t) = kubelet.pod_worker.next_sync(now) {
            visit(TimerKind::SyncRequeue, t);
        }
        if let Some(t) = kubelet.pleg.next_relist() {
            visit(TimerKind::PlegRelist, t);
        }
        if let Some(t) = kubelet.deadline.timer(kubelet.pod_worker.stopping()) {
            visit(TimerKind::ActiveDeadline, t);
        }
        kubelet.prober.for_each_timer(now, |worker, timer, t| {
            let kind = match timer {
                ProbeTimer::Tick => TimerKind::ProbeTick(worker),
                ProbeTimer::Done => TimerKind::ProbeDone(worker),
            };
            visit(kind, t);
        });
    }
}
