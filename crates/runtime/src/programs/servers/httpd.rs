//! Apache httpd (official image): start-up lines, `htdocs` answers, exit 0 on TERM or its
//! STOPSIGNAL WINCH.

use podlife_spec::SimTime;

use super::{daemon, SERVER_STOP_DELAY};
use crate::api::HttpAnswer;
use crate::kernel::clock::date_string;
use crate::kernel::fs::{normalize, stat_in, Entry};
use crate::kernel::http::HttpRequest;
use crate::kernel::images::Daemon;
use crate::kernel::process::{PodState, SignalReaction, Stream, Syscalls};
use crate::shell::vm::{Run, Vm};

/// Where httpd serves files from (its `DocumentRoot`).
pub(crate) const WEB_ROOT: &str = "/usr/local/apache2/htdocs";

pub(crate) fn start(vm: &mut Vm, sys: &mut Syscalls, tail: bool) -> Run {
    let ip = sys.pod.pod_ip.clone();
    let t = httpd_time(sys.now);
    let lines = format!(
        "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message\nAH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message\n[{t}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations\n[{t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n"
    );
    daemon(
        vm,
        sys,
        "httpd",
        Daemon::Httpd,
        vec![80],
        tail,
        Stream::Stderr,
        &lines,
    )
}

pub(crate) fn http_get(pod: &PodState, request: &HttpRequest) -> HttpAnswer {
    let HttpRequest {
        container: container_index,
        path_only,
        ..
    } = *request;
    let full = normalize("/", &format!("{WEB_ROOT}{path_only}"));
    let filesystem = pod.filesystem_of(container_index);
    let stat = filesystem
        .as_ref()
        .and_then(|(t, v, m)| stat_in(t, v, m, &full));
    match stat {
        Some(Entry::File(s)) => HttpAnswer::Response { status: 200, body: s, location: None },
        Some(Entry::Dir) => {
            let p = format!("{}/index.html", full.trim_end_matches('/'));
            match filesystem.as_ref().and_then(|(t, v, m)| stat_in(t, v, m, &p)) {
                Some(Entry::File(s)) => HttpAnswer::Response { status: 200, body: s, location: None },
                _ => HttpAnswer::Response { status: 200, body: format!("<html><head><title>Index of {path_only}</title></head></html>\n"), location: None },
            }
        }
        None => HttpAnswer::Response {
            status: 404,
            body: "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n".into(),
            location: None,
        },
    }
}

pub(crate) fn signal_reaction(signal: i32) -> Option<SignalReaction> {
    matches!(signal, 15 | 28).then(|| SignalReaction {
        stop: Some((0, SERVER_STOP_DELAY)),
        output: Vec::new(),
    })
}

fn httpd_time(t: SimTime) -> String {
    let d = date_string(t); // "Wed Jan  1 00:00:05 UTC 2025"
    let parts: Vec<&str> = d.split_whitespace().collect();
    if parts.len() == 6 {
        format!(
            "{} {} {:0>2} {}.000000 {}",
            parts[0], parts[1], parts[2], parts[3], parts[5]
        )
    } else {
        d
    }
}
