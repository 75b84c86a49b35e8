//! The Go programs of the Kubernetes docs' images: `registry.k8s.io/liveness`'s `/server`
//! (`/healthz` 200 for 10 s, then 500) and `registry.k8s.io/goproxy`. As PID 1 a Go program
//! exits 2 on SIGTERM: the runtime re-raises the signal, init ignores it, then `exit(2)`.

use podlife_spec::SimTime;

use super::daemon;
use crate::api::HttpAnswer;
use crate::kernel::http::HttpRequest;
use crate::kernel::images::Daemon;
use crate::kernel::process::{PodState, SignalReaction, Stream, Syscalls};
use crate::shell::vm::{Run, Vm};

/// `/server` of `registry.k8s.io/liveness`, on port 8080.
pub(crate) fn liveness(vm: &mut Vm, sys: &mut Syscalls, tail: bool) -> Run {
    daemon(
        vm,
        sys,
        "server",
        Daemon::Liveness,
        vec![8080],
        tail,
        Stream::Stderr,
        "",
    )
}

/// `registry.k8s.io/goproxy`, on port 8080.
pub(crate) fn goproxy(vm: &mut Vm, sys: &mut Syscalls, tail: bool) -> Run {
    daemon(
        vm,
        sys,
        "goproxy",
        Daemon::GoProxy,
        vec![8080],
        tail,
        Stream::Stderr,
        "",
    )
}

pub(crate) fn liveness_http_get(pod: &PodState, request: &HttpRequest) -> HttpAnswer {
    let HttpRequest {
        container: container_index,
        pid,
        path_only,
        now,
        ..
    } = *request;
    let started = pod
        .instance(container_index)
        .and_then(|i| i.processes.get(&pid))
        .map(|p| p.started)
        .unwrap_or(now);
    let elapsed = now.saturating_sub(started);
    match path_only {
        "/healthz" => {
            if elapsed.as_millis() > 10_000 {
                HttpAnswer::Response {
                    status: 500,
                    body: format!("error: {}", go_float_secs(elapsed)),
                    location: None,
                }
            } else {
                HttpAnswer::Response {
                    status: 200,
                    body: "ok".into(),
                    location: None,
                }
            }
        }
        "/started" => HttpAnswer::Response {
            status: 200,
            body: podlife_spec::format_go_duration(elapsed.as_millis()),
            location: None,
        },
        _ => HttpAnswer::Response {
            status: 404,
            body: "404 page not found\n".into(),
            location: None,
        },
    }
}

pub(crate) fn goproxy_http_get() -> HttpAnswer {
    HttpAnswer::Response {
        status: 500,
        body: "This is a proxy server. Does not respond to non-proxy requests.\n".into(),
        location: None,
    }
}

/// TERM and INT: exit 2 at once (see the module comment).
pub(crate) fn signal_reaction(signal: i32) -> Option<SignalReaction> {
    matches!(signal, 15 | 2).then(|| SignalReaction {
        stop: Some((2, SimTime::ZERO)),
        output: Vec::new(),
    })
}

/// Go's `%v` of a float64 number of seconds (shortest representation).
fn go_float_secs(d: SimTime) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}", ms / 1000)
    } else {
        let s = format!("{}.{:03}", ms / 1000, ms % 1000);
        s.trim_end_matches('0').to_string()
    }
}
