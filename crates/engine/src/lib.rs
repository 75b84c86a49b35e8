//! podlife's lifecycle engine: the kubelet's behaviour for one Pod on virtual time.
//!
//! API boundary (for the CLI, the web app and tests):
//! - [`simulate`]`(&Scenario) -> Trace`: run to the horizon;
//! - [`Sim`]: the sans-IO core (`handle_timeout` / `poll_timeout` / `poll_output`);
//! - [`Trace`] and its JSON ([`Trace::to_json`], contract in docs/trace-format.md);
//! - [`views`]: `kubectl get pods` (+ wide, -w), `kubectl describe pod`, `-o yaml` status,
//!   each a pure function of (trace, t);
//! - [`text`]: the readable timeline used by the CLI and golden tests.
//!
//! Architecture invariant: no clock, no IO, no unseeded randomness, no HashMap on output
//! paths; every loop is bounded. Comments cite the rules of docs/kubelet-rules.md as `§x.y`;
//! the code is laid out like the kubelet (`sim`, `kubelet`, `control_plane`, `views`).

#![forbid(unsafe_code)]

mod control_plane;
mod ids;
mod kubelet;
pub mod runtime;
mod sim;
#[doc(hidden)]
pub mod testkit;
pub mod text;
pub mod timefmt;
pub mod trace;
pub mod views;

pub use kubelet::sandbox::pod_ip_for;
pub use kubelet::status_manager::MAX_FRAMES;
pub use runtime::Runtime;
pub use sim::drive::{drive, simulate};
pub use sim::recorder::{MAX_EVENTS, MAX_PROBE_MARKS};
pub use sim::timers::TimerKind;
pub use sim::{Output, Sim};
pub use trace::{
    Condition, ContainerStatus, Event, ExecResult, Frame, KubectlRow, Mark, PodRef, ProbeMark,
    Span, TerminatedState, Trace, TRACE_VERSION,
};
