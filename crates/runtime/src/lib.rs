//! The container runtime model: what the processes in a pod do over simulated time, what a
//! probe sees, and how a process reacts to signals. Sans-IO: the engine passes `now` in and
//! asks when to call again; nothing here reads a clock or does IO.
//!
//! API boundary (used by `podlife-engine`): [`PodRuntime`] and the types in this file.
//! Everything else in the crate is private detail.

#![forbid(unsafe_code)]

use podlife_spec::{LifecycleHandler, ProbeHandler, Scenario, ServiceRef, SimTime};
use serde::{Deserialize, Serialize};

/// Signals the kubelet (through the CRI) sends to PID 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Signal {
    Term,
    Kill,
}

impl Signal {
    pub fn number(self) -> i32 {
        match self {
            Signal::Term => 15,
            Signal::Kill => 9,
        }
    }
}

/// Why a process ended, as the container runtime reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExitReason {
    /// exit code 0
    Completed,
    /// non-zero exit code
    Error,
    /// killed by the kernel OOM killer (exit 137)
    OomKilled,
}

impl ExitReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::Completed => "Completed",
            ExitReason::Error => "Error",
            ExitReason::OomKilled => "OOMKilled",
        }
    }
}

/// Identifies one exec session (a hook or a user `kubectl exec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ExecId(pub u32);

/// Something that happened inside the pod by itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuntimeEvent {
    /// PID 1 of the container's current instance ended.
    Exited {
        at: SimTime,
        container: String,
        exit_code: i32,
        reason: ExitReason,
    },
    /// A hook or exec session finished (or was aborted).
    ExecFinished {
        at: SimTime,
        id: ExecId,
        exit_code: i32,
        /// Combined stdout and stderr.
        output: String,
    },
}

impl RuntimeEvent {
    pub fn at(&self) -> SimTime {
        match self {
            RuntimeEvent::Exited { at, .. } | RuntimeEvent::ExecFinished { at, .. } => *at,
        }
    }
}

/// The result of one probe attempt, as the kubelet's prober sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeOutcome {
    pub result: ProbeResult,
    /// Probe output (`HTTP probe failed with statuscode: 404`, `cat: can't open ...`).
    pub output: String,
    /// How long the probe took (≤ the timeout).
    pub took: SimTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProbeResult {
    Success,
    /// Counted as Success, but the kubelet emits a `ProbeWarning` event (HTTP 3xx).
    Warning,
    Failure,
    /// The handler itself errored; the kubelet discards the result.
    Error,
}

/// One line a container printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub time: SimTime,
    pub container: String,
    /// The instance's restartCount (so `kubectl logs --previous` can pick the older one).
    pub restart_count: u32,
    /// `stdout` or `stderr`.
    pub stream: String,
    pub line: String,
}

/// The runtime could not start the process (containerd reports Terminated `StartError`,
/// exit code 128, with this message).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartFailure {
    /// e.g. `failed to create containerd task: ... exec: "python": executable file not found in $PATH`
    pub message: String,
}

/// What the model decided a container does (shown in the UI and CLI).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub container: String,
    /// e.g. "runs `sleep 30`, then removes /tmp/healthy, then sleeps 600 s; ignores SIGTERM as PID 1"
    pub summary: String,
    /// Where the model had to guess (unknown image or command).
    pub warnings: Vec<String>,
}

/// All processes, filesystems and volumes of one pod.
#[derive(Clone, Debug)]
pub struct PodRuntime {
    running: Vec<String>,
    logs: Vec<LogLine>,
    pending: Vec<RuntimeEvent>,
    next_exec: u32,
}

impl PodRuntime {
    /// Builds the model from the scenario: per-container inference from image + command,
    /// overridden by `setup.behavior`. `pod_ip` is assigned by the engine.
    pub fn new(scenario: &Scenario, pod_ip: &str) -> PodRuntime {
        let _ = (scenario, pod_ip);
        PodRuntime {
            running: Vec::new(),
            logs: Vec::new(),
            pending: Vec::new(),
            next_exec: 0,
        }
    }

    /// One explanation per container, in spec order (init containers first).
    pub fn explain(&self) -> Vec<Explanation> {
        Vec::new()
    }

    /// Creates and starts a fresh instance of `container` at `now` (its own filesystem is reset;
    /// mounted volumes are kept). `restart_count` labels its log lines. A failure is what the
    /// runtime reports when the process cannot be started at all (e.g. an executable that is not
    /// in the image); the kubelet then shows `StartError` / `RunContainerError`.
    pub fn start(
        &mut self,
        now: SimTime,
        container: &str,
        restart_count: u32,
    ) -> Result<(), StartFailure> {
        let _ = (now, restart_count);
        if !self.running.iter().any(|c| c == container) {
            self.running.push(container.to_string());
        }
        Ok(())
    }

    /// Sends `signal` to PID 1 of the container's running instance (no-op if none).
    pub fn signal(&mut self, now: SimTime, container: &str, signal: Signal) {
        if signal == Signal::Kill && self.running.iter().any(|c| c == container) {
            self.running.retain(|c| c != container);
            self.pending.push(RuntimeEvent::Exited {
                at: now,
                container: container.to_string(),
                exit_code: 137,
                reason: ExitReason::Error,
            });
        }
    }

    /// Whether PID 1 of the container is currently running.
    pub fn is_running(&self, container: &str) -> bool {
        self.running.iter().any(|c| c == container)
    }

    /// Earliest time at which something happens by itself (an exit, an OOM kill, a hook or exec
    /// finishing). `None` if nothing will happen without outside input.
    pub fn next_wakeup(&self) -> Option<SimTime> {
        self.pending.iter().map(RuntimeEvent::at).min()
    }

    /// Advances every process to `now` and returns what happened, in time order.
    pub fn advance(&mut self, now: SimTime) -> Vec<RuntimeEvent> {
        let (due, later): (Vec<_>, Vec<_>) = self.pending.drain(..).partition(|e| e.at() <= now);
        self.pending = later;
        due
    }

    /// Runs one probe attempt at `now`, bounded by `timeout`.
    pub fn probe(
        &mut self,
        now: SimTime,
        container: &str,
        handler: &ProbeHandler,
        timeout: SimTime,
    ) -> ProbeOutcome {
        let _ = (now, handler, timeout);
        let up = self.is_running(container);
        ProbeOutcome {
            result: if up {
                ProbeResult::Success
            } else {
                ProbeResult::Failure
            },
            output: String::new(),
            took: SimTime::ZERO,
        }
    }

    /// Starts a lifecycle hook in the container. Completion arrives as
    /// [`RuntimeEvent::ExecFinished`] from [`PodRuntime::advance`].
    pub fn start_hook(
        &mut self,
        now: SimTime,
        container: &str,
        handler: &LifecycleHandler,
    ) -> ExecId {
        let _ = (container, handler);
        self.finish_now(now)
    }

    /// Starts `kubectl exec` of `command` in the container.
    pub fn start_exec(&mut self, now: SimTime, container: &str, command: &[String]) -> ExecId {
        let _ = (container, command);
        self.finish_now(now)
    }

    /// Stops an unfinished exec session (e.g. a preStop hook that outlived the grace period).
    pub fn abort_exec(&mut self, now: SimTime, id: ExecId) {
        let _ = now;
        self.pending
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id: i, .. } if *i == id));
    }

    /// A Service appears or disappears (affects `nslookup`).
    pub fn set_service(&mut self, now: SimTime, service: &ServiceRef, exists: bool) {
        let _ = (now, service, exists);
    }

    /// Every log line printed so far, in time order.
    pub fn logs(&self) -> &[LogLine] {
        &self.logs
    }

    fn finish_now(&mut self, now: SimTime) -> ExecId {
        let id = ExecId(self.next_exec);
        self.next_exec += 1;
        self.pending.push(RuntimeEvent::ExecFinished {
            at: now,
            id,
            exit_code: 0,
            output: String::new(),
        });
        id
    }
}
