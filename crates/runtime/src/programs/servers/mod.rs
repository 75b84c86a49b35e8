//! Servers: long-running programs that listen on ports (nginx, httpd, redis, the Go programs
//! of the Kubernetes docs, the fallback server). Each file holds one server's start, its HTTP
//! answers and its signal handling; `crate::programs::Userland` routes the kernel's requests.

pub(crate) mod fallback;
pub(crate) mod go;
pub(crate) mod httpd;
pub(crate) mod nginx;
pub(crate) mod redis;

use podlife_spec::SimTime;

use crate::kernel::images::Daemon;
use crate::kernel::process::{ProgramSpec, Stream, Syscalls};
use crate::shell::vm::{Run, Vm};

/// nginx (and other servers that handle SIGTERM/SIGQUIT) finish shutting down this long after
/// the signal.
pub const SERVER_STOP_DELAY: SimTime = SimTime::from_millis(100);

/// Starts a server that runs until signalled, after printing its start-up lines on `stream`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn daemon(
    vm: &mut Vm,
    sys: &mut Syscalls,
    comm: &str,
    d: Daemon,
    ports: Vec<u16>,
    tail: bool,
    stream: Stream,
    lines: &str,
) -> Run {
    match stream {
        Stream::Stdout => vm.out(sys, lines),
        Stream::Stderr => vm.err(sys, lines),
    }
    let pid = sys.spawn_program(ProgramSpec {
        cmdline: String::new(),
        exit_output: None,
        comm: comm.into(),
        timer: None,
        daemon: Some(d),
        ports,
        memory: 0,
        tail,
    });
    Run::Wait(pid)
}

#[cfg(test)]
mod tests;
