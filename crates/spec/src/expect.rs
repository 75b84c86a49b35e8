//! Expectations: the `expect:` list of the `kind: Scenario` document, as typed data. The
//! manifest front end builds them (with diagnostics at line:column); `podlife-report`
//! evaluates them against a trace. They never influence the simulation.

use serde::{Deserialize, Serialize};

use crate::SimTime;

/// One entry of `spec.expect`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectation {
    /// Its field path in the Scenario document, `spec.expect[N]`.
    pub path: String,
    /// 1-based line and column of the list item in the source text.
    pub line: usize,
    pub column: usize,
    /// The author's `name:`, if any (a test case name for JUnit reports).
    pub name: Option<String>,
    pub when: When,
    pub check: Check,
}

/// When the check must hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum When {
    /// `at: T`: the state at instant T (the last status published at or before T); events and
    /// log lines are those up to T.
    At(SimTime),
    /// `within: [A, B]` or `eventually:` — the state matches at some instant of the window;
    /// events and log lines are counted in the window.
    Eventually(Window),
    /// `always:` — the state matches at every instant of the window.
    Always(Window),
    /// `never:` — the state never matches in the window; no matching event or log line.
    Never(Window),
}

/// A closed time window `[from, to]`; `to: None` is the end of the run (`spec.until`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub from: SimTime,
    pub to: Option<SimTime>,
}

impl Window {
    /// The whole run.
    pub const ALL: Window = Window {
        from: SimTime::ZERO,
        to: None,
    };
}

/// What is checked: the pod's state, its events, or its containers' log lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    State(Box<StateMatch>),
    Event(EventMatch),
    Log(LogMatch),
}

/// Fields of the pod's status, all of which must match at the same instant. `None` = not
/// checked. Strings match exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateMatch {
    /// `exists: false` after the pod object is gone.
    pub exists: Option<bool>,
    /// `status.phase`: Pending, Running, Succeeded, Failed, Unknown.
    pub phase: Option<String>,
    pub kubectl: Option<KubectlMatch>,
    pub condition: Option<ConditionMatch>,
    pub container: Option<ContainerMatch>,
}

/// Columns of `kubectl get pods` (`-o wide` for ip and node).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KubectlMatch {
    /// READY, e.g. `1/1`.
    pub ready: Option<String>,
    /// STATUS, e.g. `Running`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`.
    pub status: Option<String>,
    /// The count in RESTARTS (without the `(5s ago)` part).
    pub restarts: Option<Count>,
    pub ip: Option<String>,
    pub node: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionMatch {
    /// `Ready`, `ContainersReady`, `Initialized`, `PodScheduled`, ...
    pub type_: String,
    /// `True` or `False`.
    pub status: Option<String>,
    pub reason: Option<String>,
    /// Matches when the condition's message contains this text.
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerMatch {
    /// Resolved by the front end (the pod's only regular container when not written).
    pub name: String,
    /// `waiting`, `running` or `terminated`.
    pub state: Option<String>,
    /// The state's reason: `CrashLoopBackOff`, `Completed`, `Error`, `OOMKilled`, ...
    pub reason: Option<String>,
    /// Matches when the state's message contains this text.
    pub message: Option<String>,
    pub exit_code: Option<Count>,
    pub restarts: Option<Count>,
    pub ready: Option<bool>,
    pub started: Option<bool>,
    pub last_state: Option<LastStateMatch>,
}

/// `lastState.terminated` of a container.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastStateMatch {
    pub reason: Option<String>,
    pub exit_code: Option<Count>,
    pub message: Option<String>,
}

/// Events as `kubectl events` lists them (those the kubelet's spam filter dropped are not
/// counted: the API server never saw them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMatch {
    pub reason: Option<String>,
    /// `Normal` or `Warning`.
    pub type_: Option<String>,
    /// Matches when the message contains this text.
    pub message: Option<String>,
    /// The reporting component: `kubelet`, `default-scheduler`, ...
    pub from: Option<String>,
    /// Only events about this container (`spec.containers{name}` / `spec.initContainers{name}`).
    pub container: Option<String>,
    /// How many matching events (default `>= 1`; `never` means `== 0`).
    pub count: Count,
}

/// Container output lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogMatch {
    /// `None`: any container.
    pub container: Option<String>,
    /// Matches a line that contains this text.
    pub line: String,
    /// `stdout` or `stderr`; `None`: either.
    pub stream: Option<String>,
    /// How many matching lines (default `>= 1`).
    pub count: Count,
}

/// A comparison of a number: `3`, `>= 3`, `== 0`, `< 2`, `!= 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub op: CmpOp,
    pub value: i64,
}

impl Default for Count {
    /// At least one.
    fn default() -> Count {
        Count {
            op: CmpOp::Ge,
            value: 1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

impl Count {
    pub const fn exactly(value: i64) -> Count {
        Count {
            op: CmpOp::Eq,
            value,
        }
    }

    pub fn holds(self, n: i64) -> bool {
        match self.op {
            CmpOp::Eq => n == self.value,
            CmpOp::Ne => n != self.value,
            CmpOp::Lt => n < self.value,
            CmpOp::Le => n <= self.value,
            CmpOp::Gt => n > self.value,
            CmpOp::Ge => n >= self.value,
        }
    }

    /// Parses `3`, `>= 3`, `>=3`, `== 0`, `= 0`, `!= 0`, `< 2`, `<= 5`, `> 0` (surrounding
    /// spaces allowed; the number may be negative, as exit codes are not).
    pub fn parse(text: &str) -> Option<Count> {
        let t = text.trim();
        let (op, rest) = [
            ("==", CmpOp::Eq),
            ("!=", CmpOp::Ne),
            (">=", CmpOp::Ge),
            ("<=", CmpOp::Le),
            ("=", CmpOp::Eq),
            (">", CmpOp::Gt),
            ("<", CmpOp::Lt),
        ]
        .into_iter()
        .find_map(|(p, op)| t.strip_prefix(p).map(|r| (op, r)))
        .unwrap_or((CmpOp::Eq, t));
        let rest = rest.trim();
        if rest.is_empty() || rest.starts_with('+') {
            return None;
        }
        rest.parse::<i64>().ok().map(|value| Count { op, value })
    }
}

impl std::fmt::Display for Count {
    /// `3` for equality, else `>= 3`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.op {
            CmpOp::Eq => write!(f, "{}", self.value),
            op => write!(f, "{} {}", op.as_str(), self.value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn counts_parse_and_compare() {
        assert_eq!(Count::parse("3"), Some(Count::exactly(3)));
        assert_eq!(
            Count::parse(" >= 3 "),
            Some(Count {
                op: CmpOp::Ge,
                value: 3
            })
        );
        assert_eq!(Count::parse("=0"), Some(Count::exactly(0)));
        assert_eq!(Count::parse("!= 0").map(|c| c.op), Some(CmpOp::Ne));
        assert_eq!(
            Count::parse("<2").map(|c| (c.op, c.value)),
            Some((CmpOp::Lt, 2))
        );
        assert_eq!(Count::parse("<= -1").map(|c| c.value), Some(-1));
        for bad in ["", ">=", "three", "=> 3", ">= 3x", "+3", "3.5", ">>3"] {
            assert_eq!(Count::parse(bad), None, "{bad:?}");
        }
        let ge3 = Count::parse(">= 3").unwrap();
        assert!(ge3.holds(3) && ge3.holds(4) && !ge3.holds(2));
        assert!(Count::parse("< 2").unwrap().holds(1));
        assert!(!Count::parse("!= 0").unwrap().holds(0));
        assert_eq!(ge3.to_string(), ">= 3");
        assert_eq!(Count::exactly(0).to_string(), "0");
    }
}
