//! The types of the crate's API (used by `podlife-engine` through [`crate::PodRuntime`]):
//! signals, exit reasons, runtime events, probe outcomes, log lines, start failures and
//! explanations. Data only.

pub mod sentence;

use podlife_spec::SimTime;
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

/// What an exec in a container gave (CRI ExecSync with a timeout).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExecResult {
    /// The command ended: its exit code, its stdout and stderr combined (with the trailing
    /// newline), and how long it ran.
    Exited {
        exit_code: i32,
        output: String,
        took: SimTime,
    },
    /// It was still running when the timeout passed; its processes were killed.
    TimedOut,
    /// The runtime could not run it (the container is not running, no such executable): the
    /// runtime's error text.
    Failed(String),
}

/// The answer to one HTTP request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HttpAnswer {
    /// Nothing accepts the connection.
    Refused,
    /// The server closed the connection without an HTTP answer.
    Eof,
    Response {
        status: u16,
        body: String,
        /// The `Location` header of a redirect.
        location: Option<String>,
    },
}

/// What a gRPC health check reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrpcAnswer {
    /// Nothing listens on the port.
    NoListener,
    /// A server listens but does not speak gRPC (an HTTP/1 server).
    NotGrpc,
    /// The health service answers SERVING.
    Serving,
}

/// `SimTime` as seconds with millisecond precision, the unit of every time in the trace JSON.
mod seconds {
    use podlife_spec::SimTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &SimTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(t.as_secs_f64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SimTime, D::Error> {
        let secs = f64::deserialize(d)?;
        if !(0.0..=1e12).contains(&secs) {
            return Err(serde::de::Error::custom("time out of range"));
        }
        Ok(SimTime::from_millis((secs * 1000.0).round() as u64))
    }
}

/// One line a container printed. Serialised as the trace contract's `logs[]` entry
/// (issue 5 item 7): `{time (seconds), container, restartCount, stream, line}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    #[serde(with = "seconds")]
    pub time: SimTime,
    pub container: String,
    /// The instance's restartCount (so `kubectl logs --previous` can pick the older one).
    #[serde(rename = "restartCount")]
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

/// What the model decided a container does (shown in the UI and CLI; the trace's JSON has
/// the English text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub container: String,
    /// e.g. "runs `sleep 30`, then removes /tmp/healthy, then sleeps 600 s; ignores SIGTERM as PID 1"
    pub summary: sentence::Sentence,
    /// Where the model had to guess (unknown image or command).
    pub warnings: Vec<sentence::Guess>,
}
