//! The fallback server: what an image outside the catalogue (or a program the model does not
//! know in it) is modelled as. It listens on the declared containerPorts, answers 200 `ok` on
//! every path, and exits 143 on SIGTERM as the default action would.

use podlife_spec::SimTime;

use super::daemon;
use crate::api::HttpAnswer;
use crate::kernel::fs::basename;
use crate::kernel::images::Daemon;
use crate::kernel::process::{SignalReaction, Stream, Syscalls};
use crate::shell::vm::{Run, Vm};

pub(crate) fn start(vm: &mut Vm, sys: &mut Syscalls, path: &str, tail: bool) -> Run {
    let ports = sys.container_ports();
    let comm = basename(path).to_string();
    daemon(
        vm,
        sys,
        &comm,
        Daemon::Generic,
        ports,
        tail,
        Stream::Stderr,
        "",
    )
}

pub(crate) fn http_get() -> HttpAnswer {
    HttpAnswer::Response {
        status: 200,
        body: "ok".into(),
        location: None,
    }
}

pub(crate) fn signal_reaction(signal: i32) -> Option<SignalReaction> {
    (signal == 15).then(|| SignalReaction {
        stop: Some((143, SimTime::ZERO)),
        output: Vec::new(),
    })
}
