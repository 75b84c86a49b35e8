//! The trace: everything a run produced, in time order. Serialised as the stable JSON contract
//! documented in docs/trace-format.md (issue 4 item 6). Field order is declaration order, so the
//! JSON is deterministic.

use podlife_runtime::{Explanation, LogLine};
use podlife_spec::{Scenario, SimTime};
use serde::{Serialize, Serializer};

/// Serialises a [`SimTime`] as seconds (millisecond precision), as the contract requires.
pub fn secs<S: Serializer>(t: &SimTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(t.as_secs_f64())
}

pub fn opt_secs<S: Serializer>(t: &Option<SimTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_f64(t.as_secs_f64()),
        None => s.serialize_none(),
    }
}

pub const TRACE_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize)]
pub struct Trace {
    pub version: u32,
    pub pod: PodRef,
    #[serde(serialize_with = "secs")]
    pub until: SimTime,
    pub events: Vec<Event>,
    pub frames: Vec<Frame>,
    /// Probe attempts and skipped ticks (for timeline marks).
    pub probes: Vec<ProbeMark>,
    /// Intervals: image pulls, hooks, back-off waits, termination grace periods.
    pub spans: Vec<Span>,
    /// Instants: signals sent, syncs, PLEG notices (for the termination countdown).
    pub marks: Vec<Mark>,
    /// Container output from the runtime model (issue 5 item 7).
    pub logs: Vec<LogLine>,
    /// Results of `exec` actions.
    pub execs: Vec<ExecResult>,
    /// What the runtime model decided each container does.
    pub explanations: Vec<Explanation>,
    /// A bound that was hit (`null` if none): the run stopped early or dropped output.
    pub capped: Option<String>,
    /// Programs the pod ran that this build of the runtime leaves out (the page's first-frame
    /// module): when not empty the trace is not the real one and must not be shown. Always
    /// empty in a default build.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_in_build: Vec<&'static str>,
    /// The scenario that produced this trace (views need the spec).
    pub scenario: Scenario,
}

#[derive(Clone, Debug, Serialize)]
pub struct PodRef {
    pub namespace: String,
    pub name: String,
    /// The node the pod was bound to (`null` while unscheduled).
    pub node: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    #[serde(serialize_with = "secs")]
    pub time: SimTime,
    #[serde(rename = "type")]
    pub type_: &'static str,
    pub reason: &'static str,
    /// `kubelet`, `default-scheduler`, `node-controller`, `taint-eviction-controller`.
    pub from: &'static str,
    /// `pod` or the fieldPath `spec.containers{c}` / `spec.initContainers{c}`.
    pub object: String,
    pub message: String,
    /// false when the kubelet's event recorder's spam filter dropped it (§13.4): the
    /// occurrence happened, but the API server never saw it.
    pub recorded: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Frame {
    #[serde(serialize_with = "secs")]
    pub time: SimTime,
    pub exists: bool,
    pub phase: &'static str,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub kubectl: KubectlRow,
    pub conditions: Vec<Condition>,
    /// init containers (spec order), then regular containers sorted by name (§0.8).
    pub containers: Vec<ContainerStatus>,
    #[serde(rename = "podIP")]
    pub pod_ip: Option<String>,
    #[serde(rename = "hostIP")]
    pub host_ip: Option<String>,
    #[serde(rename = "startTime", serialize_with = "opt_secs")]
    pub start_time: Option<SimTime>,
    #[serde(rename = "deletionTimestamp", serialize_with = "opt_secs")]
    pub deletion_timestamp: Option<SimTime>,
    #[serde(rename = "deletionGracePeriodSeconds")]
    pub deletion_grace_period_seconds: Option<i64>,
    #[serde(rename = "qosClass")]
    pub qos_class: &'static str,
    /// The node the pod is bound to.
    #[serde(rename = "nodeName")]
    pub node_name: Option<String>,
    /// `metadata.generation` (§14.4): 1, then +1 for each spec change (a scheduling-gate
    /// removal) and at the first graceful delete. Absent from rules-v1 traces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    /// `status.observedGeneration` (§14.4): the generation the kubelet's last status was
    /// generated for. Absent before the kubelet's first status and where the profile does not
    /// write it (1.33, rules v1).
    #[serde(rename = "observedGeneration", skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

/// The time-independent part of the `kubectl get pods` row (§4). AGE and the `(Xs ago)`
/// suffix depend on the viewing instant; `lastRestartFinishedAt` feeds the latter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KubectlRow {
    pub ready: String,
    pub status: String,
    pub restarts: u32,
    #[serde(rename = "lastRestartFinishedAt", serialize_with = "opt_secs")]
    pub last_restart_finished_at: Option<SimTime>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    #[serde(rename = "type")]
    pub type_: &'static str,
    /// `True` or `False`.
    pub status: &'static str,
    pub reason: Option<String>,
    pub message: Option<String>,
    #[serde(rename = "lastTransitionTime", serialize_with = "secs")]
    pub last_transition_time: SimTime,
    /// `observedGeneration` (§14.4): the generation the writer (kubelet, scheduler) saw;
    /// absent where the profile does not write it and on the API server's SchedulingGated.
    #[serde(rename = "observedGeneration", skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

/// A string shared by many frames.
pub type Shared = std::sync::Arc<str>;

fn shared<S: serde::Serializer>(v: &Shared, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v)
}

fn opt_shared<S: serde::Serializer>(v: &Option<Shared>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&**v),
        None => s.serialize_none(),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContainerStatus {
    /// Shared strings (`Arc<str>`, read like `&str`): every frame repeats them.
    #[serde(serialize_with = "shared")]
    pub name: Shared,
    /// `init`, `sidecar` or `regular`.
    pub kind: &'static str,
    /// `waiting`, `running` or `terminated`.
    pub state: &'static str,
    #[serde(serialize_with = "opt_shared")]
    pub reason: Option<Shared>,
    #[serde(serialize_with = "opt_shared")]
    pub message: Option<Shared>,
    #[serde(rename = "exitCode")]
    pub exit_code: Option<i32>,
    #[serde(rename = "startedAt", serialize_with = "opt_secs")]
    pub started_at: Option<SimTime>,
    #[serde(rename = "finishedAt", serialize_with = "opt_secs")]
    pub finished_at: Option<SimTime>,
    pub started: bool,
    pub ready: bool,
    #[serde(rename = "restartCount")]
    pub restart_count: u32,
    #[serde(rename = "lastState")]
    pub last_state: Option<TerminatedState>,
    #[serde(serialize_with = "shared")]
    pub image: Shared,
    #[serde(rename = "imageID", serialize_with = "shared")]
    pub image_id: Shared,
    #[serde(rename = "containerID", serialize_with = "shared")]
    pub container_id: Shared,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TerminatedState {
    /// Always `terminated`.
    pub state: &'static str,
    #[serde(serialize_with = "opt_shared")]
    pub reason: Option<Shared>,
    #[serde(serialize_with = "opt_shared")]
    pub message: Option<Shared>,
    #[serde(rename = "exitCode")]
    pub exit_code: i32,
    #[serde(rename = "startedAt", serialize_with = "opt_secs")]
    pub started_at: Option<SimTime>,
    #[serde(rename = "finishedAt", serialize_with = "secs")]
    pub finished_at: SimTime,
    #[serde(rename = "containerID", serialize_with = "shared")]
    pub container_id: Shared,
}

/// Probe ticks of one worker with the same result and output, run-length encoded: the first
/// at `time`, the last at `last`, `count` in all, one probe period apart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProbeMark {
    #[serde(serialize_with = "secs")]
    pub time: SimTime,
    pub container: String,
    /// `liveness`, `readiness` or `startup`.
    pub probe: &'static str,
    /// `success`, `warning`, `failure`, `error`, `delayed` (before initialDelaySeconds),
    /// `on-hold`, `not-started` (waiting for the startup probe).
    pub result: &'static str,
    pub output: String,
    /// Consecutive identical results at the first tick (the threshold counter).
    pub run: u32,
    pub count: u32,
    #[serde(serialize_with = "secs")]
    pub last: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Span {
    /// `pull`, `postStart`, `preStop`, `grace`, `backoff`, `sandbox`.
    pub kind: &'static str,
    pub container: Option<String>,
    #[serde(serialize_with = "secs")]
    pub start: SimTime,
    #[serde(serialize_with = "opt_secs")]
    pub end: Option<SimTime>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    #[serde(serialize_with = "secs")]
    pub time: SimTime,
    /// `SIGTERM`, `SIGKILL`, `sync`, `relist`, `node-down`, `node-up`.
    pub kind: &'static str,
    pub container: Option<String>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExecResult {
    #[serde(serialize_with = "secs")]
    pub time: SimTime,
    #[serde(serialize_with = "secs")]
    pub finished: SimTime,
    pub container: String,
    pub command: Vec<String>,
    #[serde(rename = "exitCode")]
    pub exit_code: i32,
    pub output: String,
}

impl Trace {
    /// The frame in force at `t`: the last frame with `time <= t`.
    pub fn frame_at(&self, t: SimTime) -> Option<&Frame> {
        let idx = self.frames.partition_point(|f| f.time <= t);
        if idx == 0 {
            None
        } else {
            self.frames.get(idx - 1)
        }
    }

    /// Deterministic JSON (issue 4 item 6).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
