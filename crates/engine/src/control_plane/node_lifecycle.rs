//! Node loss (the node lifecycle controller and taint eviction, rules §12.3): when the
//! node's kubelet stops, the node turns NotReady after node-monitor-grace-period and the
//! pod's Ready condition is set False; the NoExecute taint then evicts (deletes) the pod
//! after the default toleration of 300 s. While the kubelet is down, nothing on the node
//! moves.

use podlife_spec::SimTime;

use crate::kubelet::events::{self, NORMAL, WARNING};
use crate::kubelet::status::{FALSE, READY};
use crate::sim::recorder::Recorder;
use crate::trace::Frame;

/// node-monitor-grace-period (§12.3; 40 s in the defaults read, newer releases may use 50 s).
const NODE_MONITOR_GRACE_MS: u64 = 40_000;
/// DefaultTolerationSeconds for not-ready/unreachable (§12.3).
const EVICTION_MS: u64 = 300_000;

pub(crate) struct NodeLifecycle {
    /// The node's kubelet runs.
    pub(crate) kubelet_up: bool,
    /// When the kubelet stopped.
    down_at: Option<SimTime>,
    /// The node controller marked the node NotReady.
    pub(crate) not_ready: bool,
    /// When the taint manager evicts the pod.
    eviction_at: Option<SimTime>,
}

impl NodeLifecycle {
    pub(crate) fn new() -> NodeLifecycle {
        NodeLifecycle {
            kubelet_up: true,
            down_at: None,
            not_ready: false,
            eviction_at: None,
        }
    }

    /// The node goes down at `now` (its kubelet stops).
    pub(crate) fn down(&mut self, now: SimTime) {
        self.kubelet_up = false;
        self.down_at = Some(now);
    }

    /// The node is back.
    pub(crate) fn up(&mut self) {
        self.kubelet_up = true;
        self.down_at = None;
        self.not_ready = false;
        self.eviction_at = None;
    }

    /// When the node controller notices the node is down.
    pub(crate) fn monitor_timer(&self) -> Option<SimTime> {
        match self.down_at {
            Some(down) if !self.not_ready => {
                Some(down + SimTime::from_millis(NODE_MONITOR_GRACE_MS))
            }
            _ => None,
        }
    }

    pub(crate) fn eviction_timer(&self) -> Option<SimTime> {
        self.eviction_at
    }

    /// The node controller at `now`: once the grace has passed, the node is NotReady. If the
    /// pod exists, it records NodeNotReady and the eviction is armed; returns true when the
    /// pod's Ready condition must now be set False. `None`: nothing due.
    pub(crate) fn monitor(
        &mut self,
        now: SimTime,
        pod_exists: bool,
        recorder: &mut Recorder,
    ) -> Option<bool> {
        if self.monitor_timer()? > now {
            return None;
        }
        self.not_ready = true;
        if !pod_exists {
            return Some(false);
        }
        recorder.record(
            now,
            WARNING,
            events::NODE_NOT_READY,
            events::NODE_CONTROLLER,
            events::POD_OBJECT.into(),
            "Node is not ready".into(),
        );
        self.eviction_at = Some(now + SimTime::from_millis(EVICTION_MS));
        Some(true)
    }

    /// The taint manager at `now`: `None` when nothing is due; `Some(true)` when it evicts
    /// the pod (it records TaintManagerEviction; the caller deletes it with the pod's grace).
    pub(crate) fn evict(
        &mut self,
        now: SimTime,
        pod_exists_undeleted: bool,
        namespace: &str,
        name: &str,
        recorder: &mut Recorder,
    ) -> Option<bool> {
        if self.eviction_at.is_none_or(|t| t > now) {
            return None;
        }
        self.eviction_at = None;
        if !pod_exists_undeleted {
            return Some(false);
        }
        recorder.record(
            now,
            NORMAL,
            events::TAINT_MANAGER_EVICTION,
            events::TAINT_EVICTION_CONTROLLER,
            events::POD_OBJECT.into(),
            format!("Marking for deletion Pod {namespace}/{name}"),
        );
        Some(true)
    }
}

/// The pod's Ready condition as the node controller sets it on a NotReady node.
pub(crate) fn mark_pod_not_ready(frame: &mut Frame, now: SimTime) {
    for c in &mut frame.conditions {
        if c.type_ == READY && c.status != FALSE {
            c.status = FALSE;
            c.last_transition_time = now;
        }
    }
}

#[cfg(test)]
mod tests;
