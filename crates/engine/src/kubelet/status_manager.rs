//! The status manager (the kubelet's status/status_manager.go): the pod status as published
//! to the API server — every version of it is a trace frame — and the writes into it:
//! a freshly generated status (skipped when nothing it depends on changed), and the
//! ready/started flags the prober sets between syncs (SetContainerReadiness /
//! SetContainerStartup, rules §0.3).

use podlife_spec::SimTime;

use crate::kubelet::container::ContainerState;
use crate::kubelet::phase::PodPhase;
use crate::kubelet::status::{refresh_row, StatusInputs, CONTAINERS_READY, INITIALIZED, READY};
use crate::sim::recorder::Recorder;
use crate::trace::Frame;

/// Bound on published statuses: reaching it is reported in `Trace::capped`.
pub const MAX_FRAMES: usize = 20_000;

pub(crate) struct StatusManager {
    /// Every status published, in order.
    pub(crate) frames: Vec<Frame>,
    /// The signature of the inputs of the last generated status.
    last_signature: Option<u64>,
}

impl StatusManager {
    pub(crate) fn new() -> StatusManager {
        StatusManager {
            frames: Vec::new(),
            last_signature: None,
        }
    }

    /// The status as last published.
    pub(crate) fn last(&self) -> Option<&Frame> {
        self.frames.last()
    }

    /// Publishes a status: a new frame if anything but the time changed. `exists`: the API
    /// object exists. Returns whether a frame was added.
    pub(crate) fn publish(
        &mut self,
        mut f: Frame,
        now: SimTime,
        exists: bool,
        recorder: &mut Recorder,
    ) -> bool {
        f.time = now;
        if !exists && self.frames.last().is_some_and(|l| !l.exists) {
            return false; // the object is gone: nothing more to see
        }
        let same = self.frames.last().is_some_and(|l| {
            let t = f.time;
            f.time = l.time;
            let eq = *l == f;
            f.time = t;
            eq
        });
        if same {
            return false;
        }
        if self.frames.len() >= MAX_FRAMES {
            recorder.cap(now, "frame cap reached");
            return false;
        }
        self.frames.push(f);
        true
    }

    /// Generates and publishes the status (generateAPIPodStatus then SetPodStatus), unless
    /// nothing it depends on changed since the last one. Returns whether a frame was added.
    pub(crate) fn generate(
        &mut self,
        inputs: &StatusInputs,
        pod_is_terminal: bool,
        recorder: &mut Recorder,
    ) -> bool {
        let signature = self.signature(inputs, pod_is_terminal);
        if self.last_signature == Some(signature) {
            return false;
        }
        let f = inputs.frame(self.frames.last(), pod_is_terminal);
        let published = self.publish(f, inputs.now, inputs.object.exists, recorder);
        self.last_signature = Some(self.signature(inputs, pod_is_terminal));
        published
    }

    /// A fingerprint of every input of a generated status except the clock: when it matches
    /// the last one, the new status would equal the published one and building is skipped.
    fn signature(&self, inputs: &StatusInputs, pod_is_terminal: bool) -> u64 {
        let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut mix = |v: u64| {
            h ^= v;
            h = h.wrapping_mul(0x0100_0000_01b3).rotate_left(29);
        };
        mix(self.frames.len() as u64);
        mix(u64::from(pod_is_terminal)
            | u64::from(inputs.admitted) << 1
            | u64::from(inputs.sandbox.ready) << 2
            | u64::from(inputs.sandbox.ever_created) << 3
            | u64::from(inputs.object.exists) << 4
            | u64::from(inputs.terminating) << 5
            | u64::from(inputs.containers.regular_started_once) << 6
            | u64::from(inputs.node_not_ready) << 7
            | u64::from(inputs.object.deletion.is_some()) << 8
            | u64::from(inputs.pod_reason.is_some()) << 9
            | u64::from(inputs.unschedulable.is_some()) << 10);
        mix(inputs.node.map_or(u64::MAX, |n| n as u64));
        mix(inputs.object.generation as u64);
        mix(inputs.object.scheduling_gates.len() as u64);
        mix(inputs.containers.restart_all as u64);
        for slot in &inputs.containers.slots {
            for i in &slot.instances {
                mix(i.id);
                mix(u64::from(i.exit_seen) | u64::from(i.exit.is_some()) << 1);
            }
            mix(slot.instances.len() as u64);
            mix(slot.reason_generation());
            mix(u64::from(inputs.prober.is_started(slot))
                | u64::from(inputs.prober.is_ready(slot)) << 1);
        }
        h
    }

    /// SetContainerReadiness / SetContainerStartup: the prober's ready/started flags go into
    /// the last published status, with the Ready, ContainersReady and Initialized conditions
    /// they decide. Returns whether a frame was added.
    pub(crate) fn set_container_flags(
        &mut self,
        inputs: &StatusInputs,
        recorder: &mut Recorder,
    ) -> bool {
        let Some(mut f) = self.frames.last().cloned() else {
            return false;
        };
        if !inputs.object.exists {
            return false;
        }
        for slot in &inputs.containers.slots {
            let (started, ready) = (inputs.prober.is_started(slot), inputs.prober.is_ready(slot));
            let container_id = slot.newest().map(|i| &*i.container_id).unwrap_or("");
            if let Some(c) = f.containers.get_mut(slot.status_index) {
                if ContainerState::of(c) == ContainerState::Running
                    && &*c.container_id == container_id
                {
                    c.ready = ready;
                    c.started = started;
                }
            }
        }
        let fresh = inputs.conditions(self.frames.last(), PodPhase::of(&f), &f.containers);
        for condition in &mut f.conditions {
            if condition.type_ == READY
                || condition.type_ == CONTAINERS_READY
                || condition.type_ == INITIALIZED
            {
                if let Some(n) = fresh.iter().find(|n| n.type_ == condition.type_) {
                    *condition = n.clone();
                }
            }
        }
        refresh_row(inputs.containers, &mut f);
        self.publish(f, inputs.now, inputs.object.exists, recorder)
    }
}
