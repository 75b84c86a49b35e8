//! redis-server (official image): start-up lines; it speaks no HTTP (a GET gets EOF); exit 0
//! on TERM or INT.

use podlife_spec::SimTime;

use super::{daemon, SERVER_STOP_DELAY};
use crate::api::HttpAnswer;
use crate::kernel::clock::date_string;
use crate::kernel::images::Daemon;
use crate::kernel::process::{SignalReaction, Stream, Syscalls};
use crate::shell::vm::{Run, Vm};

pub(crate) fn start(vm: &mut Vm, sys: &mut Syscalls, tail: bool) -> Run {
    let t = redis_time(sys.now);
    let lines = format!(
        "1:C {t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n1:C {t} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started\n1:M {t} * Server initialized\n1:M {t} * Ready to accept connections tcp\n"
    );
    daemon(
        vm,
        sys,
        "redis-server",
        Daemon::Redis,
        vec![6379],
        tail,
        Stream::Stdout,
        &lines,
    )
}

/// redis answers an HTTP request by closing the connection.
pub(crate) fn http_get() -> HttpAnswer {
    HttpAnswer::Eof
}

pub(crate) fn signal_reaction(signal: i32) -> Option<SignalReaction> {
    matches!(signal, 15 | 2).then(|| SignalReaction {
        stop: Some((0, SERVER_STOP_DELAY)),
        output: Vec::new(),
    })
}

fn redis_time(t: SimTime) -> String {
    let d = date_string(t);
    let parts: Vec<&str> = d.split_whitespace().collect();
    if parts.len() == 6 {
        format!(
            "{:0>2} {} {} {}.000",
            parts[2], parts[1], parts[5], parts[3]
        )
    } else {
        d
    }
}
