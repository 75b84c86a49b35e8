//! The sans-IO simulator: the control plane around one pod and the kubelet driving it
//! (`crate::kubelet`), on virtual time. [`Sim`] only composes the parts and runs the loop.
//!
//! Run loop: `handle_timeout(now)` processes everything due at or before `now`;
//! `poll_timeout()` says when to call again (the minimum over [`timers::TimerKind`]);
//! `poll_output()` yields new events and frames. An early or repeated wake-up is a harmless
//! no-op.
//!
//! Deterministic model choices (each documented in docs/trace-format.md):
//! - the scheduler binds and the kubelet admits the pod at t=0 (no watch latency);
//! - PLEG relists at every whole second of pod time; a change at time x is noticed by the
//!   first relist strictly after x (rules §0.2);
//! - pod-worker requeues (§0.4/§0.5) are picked up by the 1 s sync ticker, also on whole
//!   seconds; no jitter: success → 60 s, error → 10 s, back-off → at the earliest expiry
//!   (clamped to 60 s);
//! - sandbox creation takes 1 s, container create 100 ms and start 100 ms (model constants);
//! - probe tickers start at admission (t=0) (§5.3, §5.4).

mod actions;
pub(crate) mod clock;
pub(crate) mod drive;
pub(crate) mod recorder;
pub(crate) mod timers;

use podlife_runtime::{ExitReason, PodRuntime, RuntimeEvent};
use podlife_spec::profile::Rule;
use podlife_spec::{Scenario, SimTime, MAX_UNTIL};

use crate::control_plane::deletion::{Deleted, PodObject};
use crate::control_plane::node_lifecycle::{mark_pod_not_ready, NodeLifecycle};
use crate::control_plane::scheduler::Scheduler;
use crate::kubelet::container::Exit;
use crate::kubelet::sandbox::pod_ip_for;
use crate::kubelet::status::refresh_row;
use crate::kubelet::{Env, Kubelet};
use crate::runtime::{Memo, Runtime};
use crate::trace::{Event, Frame, PodRef, Trace, TRACE_VERSION};
use recorder::Recorder;

/// Rounds of the loop at one instant before the run is stopped (reported).
const MAX_ROUNDS: usize = 10_000;

/// One output item, in emission order.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    Event(Event),
    Frame(Box<Frame>),
}

pub struct Sim<R: Runtime = PodRuntime> {
    scenario: Scenario,
    until: SimTime,
    now: SimTime,
    started: bool,
    /// The next user action of `scenario.setup.actions` to run.
    next_action: usize,
    runtime: Memo<R>,
    recorder: Recorder,
    /// How many events and frames `poll_output` has handed out.
    events_out: usize,
    frames_out: usize,
    scheduler: Scheduler,
    object: PodObject,
    node: NodeLifecycle,
    kubelet: Kubelet,
}

impl Sim<PodRuntime> {
    /// A simulator over the real runtime model.
    pub fn new(scenario: &Scenario) -> Sim<PodRuntime> {
        let runtime = PodRuntime::new(scenario, &pod_ip_for(scenario));
        Sim::with_runtime(scenario, runtime)
    }
}

impl<R: Runtime> Sim<R> {
    /// A simulator over any [`Runtime`] (tests use a scripted one).
    pub fn with_runtime(scenario: &Scenario, runtime: R) -> Sim<R> {
        let scenario = scenario.clone();
        Sim {
            until: scenario.setup.until.min(MAX_UNTIL),
            now: SimTime::ZERO,
            started: false,
            next_action: 0,
            runtime: Memo::new(runtime),
            recorder: Recorder::new(),
            events_out: 0,
            frames_out: 0,
            scheduler: Scheduler::new(),
            object: PodObject::new(&scenario),
            node: NodeLifecycle::new(),
            kubelet: Kubelet::new(&scenario, pod_ip_for(&scenario)),
            scenario,
        }
    }

    /// The kubelet and what it sees of the world now, borrowed apart.
    fn parts(&mut self) -> (&mut Kubelet, Env<'_, R>) {
        (
            &mut self.kubelet,
            Env {
                now: self.now,
                scenario: &self.scenario,
                runtime: &mut self.runtime,
                recorder: &mut self.recorder,
                object: &mut self.object,
                scheduler: &self.scheduler,
                node: &self.node,
            },
        )
    }

    /// Processes everything due at or before `now`.
    pub fn handle_timeout(&mut self, now: SimTime) {
        if now < self.now || self.recorder.is_capped() {
            return;
        }
        self.now = now;
        if !self.started {
            self.started = true;
            self.create_pod();
        }
        for _ in 0..MAX_ROUNDS {
            if self.recorder.is_capped() {
                return;
            }
            let mut did = false;
            did |= self.advance_runtime();
            did |= self.run_actions();
            did |= self.control_plane();
            if self.node.kubelet_up && self.kubelet.admitted {
                let (kubelet, mut env) = self.parts();
                did |= kubelet.sync_loop_iteration(&mut env);
            }
            if !did {
                return;
            }
        }
        self.cap("internal: too many steps at one instant");
    }

    /// New events and frames since the last call.
    pub fn poll_output(&mut self) -> Option<Output> {
        let events = &self.recorder.events;
        let frames = &self.kubelet.status.frames;
        if self.events_out < events.len() {
            // Interleave by time; at equal times the frame first (status precedes actions, §0.6).
            if self.frames_out < frames.len()
                && frames[self.frames_out].time <= events[self.events_out].time
            {
                self.frames_out += 1;
                return Some(Output::Frame(Box::new(frames[self.frames_out - 1].clone())));
            }
            self.events_out += 1;
            return Some(Output::Event(events[self.events_out - 1].clone()));
        }
        if self.frames_out < frames.len() {
            self.frames_out += 1;
            return Some(Output::Frame(Box::new(frames[self.frames_out - 1].clone())));
        }
        None
    }

    /// Consumes the simulator into the finished trace.
    pub fn into_trace(mut self) -> Trace {
        // Parked workers would have ticked up to the horizon (or the cap), inclusive.
        let until = if self.recorder.is_capped() {
            self.now
        } else {
            self.until
        };
        self.kubelet
            .settle(until + SimTime::from_millis(1), &mut self.recorder);
        let node = self
            .scheduler
            .node
            .map(|i| self.scenario.setup.nodes[i].name.clone());
        let mut recorder = self.recorder;
        podlife_spec::sort::sort_by_key(&mut recorder.spans, |s| s.start);
        let capped = recorder.take_capped();
        Trace {
            version: TRACE_VERSION,
            pod: PodRef {
                namespace: self.scenario.pod.namespace.clone(),
                name: self.scenario.pod.name.clone(),
                node,
            },
            until: self.until,
            events: recorder.events,
            frames: self.kubelet.status.frames,
            probes: recorder.probe_marks,
            spans: recorder.spans,
            marks: recorder.marks,
            logs: self
                .runtime
                .logs()
                .into_iter()
                .filter(|l| l.time <= self.until)
                .collect(),
            execs: recorder.execs,
            explanations: self.runtime.explain(),
            not_in_build: self.runtime.not_in_build(),
            capped,
            scenario: self.scenario,
        }
    }

    /// Turns off the probe-worker parking optimisation: every tick is processed one by one.
    /// The trace must not change (tested).
    #[doc(hidden)]
    pub fn disable_parking(&mut self) {
        self.kubelet.prober.disable_parking();
    }

    pub fn capped(&self) -> Option<&str> {
        self.recorder.capped()
    }

    pub(crate) fn cap(&mut self, why: &str) {
        self.recorder.cap(self.now, why);
    }

    /// The pod is created: with scheduling gates it waits (§11.8); nodeName binds it directly;
    /// else the scheduler runs.
    fn create_pod(&mut self) {
        if !self.object.scheduling_gates.is_empty() {
            self.publish_generated_status();
            return;
        }
        if let Some(name) = &self.scenario.pod.spec.node_name {
            // nodeName bypasses the scheduler: no Scheduled event (rules §11.6).
            match self
                .scenario
                .setup
                .nodes
                .iter()
                .position(|n| &n.name == name)
            {
                Some(node) => self.bind(node),
                None => {
                    // No kubelet will ever pick it up: Pending with no conditions.
                    self.publish_generated_status();
                }
            }
            return;
        }
        self.try_schedule();
    }

    fn try_schedule(&mut self) {
        let bound = self.scheduler.schedule_pod(
            &self.scenario.pod,
            &self.scenario.setup.nodes,
            self.scenario.setup.profile(),
            self.now,
            &mut self.recorder,
        );
        match bound {
            Some(node) => self.bind(node),
            None => self.publish_generated_status(),
        }
    }

    fn bind(&mut self, node: usize) {
        self.scheduler.node = Some(node);
        let (kubelet, mut env) = self.parts();
        kubelet.admit(&mut env, node);
    }

    fn publish_generated_status(&mut self) {
        let (kubelet, mut env) = self.parts();
        let frame = kubelet.generated_status(&env);
        kubelet.publish(frame, &mut env);
    }

    /// Publishes a change to the last published status.
    fn patch_status(&mut self, patch: impl FnOnce(&mut Frame)) {
        let (kubelet, mut env) = self.parts();
        if let Some(mut frame) = kubelet.status.last().cloned() {
            patch(&mut frame);
            kubelet.publish(frame, &mut env);
        }
    }

    /// Scheduler retries, node monitor, taint eviction, object removal.
    fn control_plane(&mut self) -> bool {
        let now = self.now;
        let mut did = false;
        if self.scheduler.take_due_retry(now) {
            if self.object.exists {
                self.try_schedule();
            }
            did = true;
        }
        if let Some(mark_not_ready) = self
            .node
            .monitor(now, self.object.exists, &mut self.recorder)
        {
            // §12.3: node NotReady; the node controller marks the pod not ready.
            if mark_not_ready {
                self.patch_status(|frame| mark_pod_not_ready(frame, now));
            }
            did = true;
        }
        let pod = &self.scenario.pod;
        if let Some(evict) = self.node.evict(
            now,
            self.object.exists && self.object.deletion.is_none(),
            &pod.namespace,
            &pod.name,
            &mut self.recorder,
        ) {
            if evict {
                let grace = self.scenario.pod.spec.termination_grace_period_seconds;
                self.api_delete(grace, false);
            }
            did = true;
        }
        if self.object.take_due_removal(now) {
            if self.object.exists {
                self.object.exists = false;
                self.publish_generated_status();
            }
            did = true;
        }
        did
    }

    /// A DELETE of the pod (rules §9.1, §9.6), and the kubelet seeing it.
    fn api_delete(&mut self, grace: i64, force: bool) {
        let (kubelet, mut env) = self.parts();
        // Parked probe workers account their ticks before the deletion changes what they do.
        kubelet.prober.unpark_all(env.now, env.recorder);
        match env.object.delete(env.now, grace, force) {
            Deleted::Forced => {
                let frame = kubelet.generated_status(&env);
                kubelet.publish(frame, &mut env);
            }
            Deleted::Graceful { grace } => {
                // The API server sets deletionTimestamp; the status row turns Terminating.
                if let Some(mut frame) = kubelet.status.last().cloned() {
                    frame.deletion_timestamp = env.object.deletion_timestamp();
                    if frame.generation.is_some() {
                        frame.generation = Some(env.object.generation); // §14.4
                    }
                    frame.deletion_grace_period_seconds = Some(grace);
                    refresh_row(&kubelet.containers, &mut frame);
                    kubelet.publish(frame, &mut env);
                }
                if !kubelet.admitted {
                    // Never scheduled: the object goes away at once.
                    env.object.exists = false;
                    let frame = kubelet.generated_status(&env);
                    kubelet.publish(frame, &mut env);
                }
            }
        }
        kubelet.pod_deleted(&mut env);
    }

    /// Runs the runtime model up to now: exits reach the kubelet's instances (PLEG notices
    /// them at its next relist), finished execs their waiters.
    fn advance_runtime(&mut self) -> bool {
        if self.runtime.next_wakeup().is_none_or(|t| t > self.now) {
            return false;
        }
        let events = self.runtime.advance(self.now);
        let did = !events.is_empty();
        let messages = self.scenario.setup.profile().has(Rule::TerminationMessages);
        let containers = &mut self.kubelet.containers;
        for event in events {
            match event {
                RuntimeEvent::Exited {
                    at,
                    container,
                    exit_code,
                    reason,
                } => {
                    let Some(index) = containers.index_of(&container) else {
                        continue;
                    };
                    let slot = &mut containers.slots[index];
                    if let Some(instance) = slot.instances.last_mut() {
                        if instance.exit.is_none() && instance.started_at.is_some() {
                            // §3.11: the kubelet reads the termination message of the run
                            // that ended (the runtime's own message is empty for an exit).
                            let message = messages
                                .then(|| self.runtime.termination_message(&container, exit_code))
                                .flatten();
                            instance.exit = Some(Exit {
                                at,
                                code: exit_code,
                                reason: match reason {
                                    ExitReason::OomKilled => "OOMKilled".into(),
                                    ExitReason::Completed => "Completed".into(),
                                    ExitReason::Error => "Error".into(),
                                },
                                message: message.map(Into::into),
                            });
                            self.kubelet.pleg.notice(at);
                        }
                    }
                    self.recorder
                        .span_close(self.now, "grace", Some(&slot.spec.name));
                }
                RuntimeEvent::ExecFinished {
                    at,
                    id,
                    exit_code,
                    output,
                } => {
                    if let Some(result) = self.kubelet.execs.finished(id, at, exit_code, output) {
                        self.recorder.execs.push(result);
                    }
                }
            }
        }
        did
    }
}

#[cfg(test)]
mod tests;
