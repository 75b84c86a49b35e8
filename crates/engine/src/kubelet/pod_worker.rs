//! The pod worker (the kubelet's pod_workers.go): one sync at a time. A sync is a job of
//! steps (create the sandbox, kill, start each container, stop the sandbox, finish
//! terminating) that can wait on virtual time; when it completes the pod is requeued
//! (rules §0.4/§0.5): success → 60 s, error → 10 s, back-off → at its expiry (within 10 s).
//! The worker waits for a PLEG relist newer than its last sync (`GetNewerThan`, §0.2) and is
//! driven by the 1 s sync ticker, so syncs start on whole seconds. Deletion or a deadline
//! cancels the sync in flight; kills already under way carry on.

use std::collections::VecDeque;

use podlife_spec::SimTime;

use crate::kubelet::kill_container::{KillOp, KillPhase};
use crate::kubelet::start_container::{StartOp, StartPhase};
use crate::sim::clock::{next_whole_second_after, whole_second_at_or_after};

/// Requeue after a successful sync (syncFrequency, no jitter).
const RESYNC_MS: u64 = 60_000;
/// Requeue after a failed sync (backOffPeriod, no jitter).
const ERROR_REQUEUE_MS: u64 = 10_000;

/// One step of a sync.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    /// RunPodSandbox; `done` once it is under way.
    CreateSandbox {
        done: Option<SimTime>,
    },
    /// Kill these containers (in parallel, with termination order).
    Kill(Vec<KillOp>),
    Start(StartOp),
    /// Remove every container from the runtime after an in-place restart's kills (§14.8);
    /// `killed`: the instances those kills ended.
    RemoveContainers {
        killed: Vec<u64>,
    },
    StopSandbox,
    /// The end of SyncTerminatingPod: final status, probe workers removed (§9.3, §9.8).
    FinishTerminating,
}

/// A sync in progress.
#[derive(Clone, Debug, Default)]
pub(crate) struct SyncJob {
    pub(crate) steps: VecDeque<Step>,
    /// A step failed: an error sync.
    pub(crate) error: bool,
    /// The earliest back-off expiry a step hit.
    pub(crate) backoff_expiry: Option<SimTime>,
    /// When the waiting step needs attention next.
    pub(crate) wake: Option<SimTime>,
}

/// How a step went.
pub(crate) enum StepResult {
    Done,
    /// Not finished; needs attention at the given time (`None`: when an exec finishes).
    Wait(Option<SimTime>),
}

pub(crate) struct PodWorker {
    /// The sync in progress.
    pub(crate) job: Option<SyncJob>,
    /// A sync is due as soon as the worker may run (a PLEG event, a probe result, a delete).
    pub(crate) sync_requested: bool,
    /// The next periodic sync.
    pub(crate) requeue_at: Option<SimTime>,
    /// When the last sync ended.
    last_sync_done: Option<SimTime>,
    /// SyncTerminatingPod has begun.
    pub(crate) terminating: bool,
    /// The pod is terminated: no more syncs.
    pub(crate) terminated: bool,
}

impl PodWorker {
    pub(crate) fn new() -> PodWorker {
        PodWorker {
            job: None,
            sync_requested: false,
            requeue_at: None,
            last_sync_done: None,
            terminating: false,
            terminated: false,
        }
    }

    /// The pod is terminating or terminated.
    pub(crate) fn stopping(&self) -> bool {
        self.terminating || self.terminated
    }

    /// The worker waits for a PLEG cache refresh newer than the end of its previous sync
    /// (`GetNewerThan(lastSyncTime)`): the first whole-second relist after it (§0.2).
    fn gate(&self) -> SimTime {
        self.last_sync_done
            .map(next_whole_second_after)
            .unwrap_or(SimTime::ZERO)
    }

    /// When the next sync starts, if none is running (the sync ticker's whole seconds).
    pub(crate) fn next_sync(&self, now: SimTime) -> Option<SimTime> {
        if self.job.is_some() || self.terminated {
            return None;
        }
        if self.sync_requested {
            Some(now.max(self.gate()))
        } else {
            self.requeue_at
                .map(|r| whole_second_at_or_after(r).max(self.gate()))
        }
    }

    /// Whether a sync starts now; if so, the request and requeue are consumed.
    pub(crate) fn take_due_sync(&mut self, now: SimTime) -> bool {
        if self.job.is_some() || self.terminated {
            return false;
        }
        let due = self.sync_requested
            || self
                .requeue_at
                .is_some_and(|r| whole_second_at_or_after(r) <= now);
        if !due || self.gate() > now {
            return false;
        }
        self.sync_requested = false;
        self.requeue_at = None;
        true
    }

    /// A sync ended at `now`: requeue it (§0.4/§0.5, no jitter). A sync that hit a back-off
    /// is an error sync: retried after 10 s, or at the back-off expiry if sooner (§6.6).
    /// Observed clusters show a BackOff event every ~10–15 s during long waits, which the
    /// 10 s retry reproduces. A pod being deleted syncs again at once (to terminate).
    pub(crate) fn complete(&mut self, job: SyncJob, now: SimTime, deleting: bool) {
        self.last_sync_done = Some(now);
        if self.terminated {
            return;
        }
        let requeue = if let Some(expiry) = job.backoff_expiry {
            expiry
                .min(now + SimTime::from_millis(ERROR_REQUEUE_MS))
                .max(now)
        } else if job.error {
            now + SimTime::from_millis(ERROR_REQUEUE_MS)
        } else {
            now + SimTime::from_millis(RESYNC_MS)
        };
        self.requeue_at = Some(requeue);
        if deleting && !self.terminating {
            self.sync_requested = true;
        }
    }

    /// The pod is terminated (§9.8): no more syncs.
    pub(crate) fn finish_terminating(&mut self) {
        self.terminated = true;
        self.requeue_at = None;
        self.sync_requested = false;
    }

    /// The sync in flight is cancelled for termination: kills already under way (a
    /// postStart kill included) carry on as a job of their own, to be finished before the
    /// terminating sync; hooks still running are aborted (`abort`) and pull spans closed
    /// (`pull_cancelled`).
    pub(crate) fn cancel_for_termination(
        &mut self,
        mut abort: impl FnMut(podlife_runtime::ExecId),
        mut pull_cancelled: impl FnMut(usize),
    ) {
        let Some(job) = self.job.take() else {
            return;
        };
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
                }) => abort(exec),
                Step::Start(StartOp {
                    phase: StartPhase::Pulling { .. },
                    container,
                    ..
                }) => pull_cancelled(container),
                _ => {}
            }
        }
        let carried: Vec<KillOp> = carried
            .into_iter()
            .filter(|k| !matches!(k.phase, KillPhase::Start))
            .collect();
        if !carried.is_empty() {
            let mut job = SyncJob::default();
            job.steps.push_back(Step::Kill(carried));
            self.job = Some(job);
        }
    }
}

#[cfg(test)]
mod tests;
