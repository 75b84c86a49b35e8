//! nginx (official image, Debian based): its command line (`-s quit`, `-g 'daemon off;'`,
//! `-v`, `-t`), start-up notices, the default site's HTTP answers with access and error log
//! lines, and its signal handling.

use podlife_spec::civil::civil;
use podlife_spec::SimTime;

use super::SERVER_STOP_DELAY;
use crate::api::HttpAnswer;
use crate::kernel::clock::numeric_date_time;
use crate::kernel::fs::{normalize, stat_in, Entry};
use crate::kernel::http::{reason_phrase, HttpRequest};
use crate::kernel::images::{Daemon, Flavor};
use crate::kernel::net::client_ip;
use crate::kernel::process::{PodState, ProgramSpec, SignalReaction, Stream, Syscalls};
use crate::shell::vm::{Run, Vm};

/// Where the default site's files are (`root` in its default.conf).
pub(crate) const WEB_ROOT: &str = "/usr/share/nginx/html";

/// What the image's `/docker-entrypoint.sh` prints before it execs nginx.
pub(crate) const NGINX_ENTRYPOINT_LINES: &str = "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\n/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh\n10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf\n10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh\n/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh\n/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh\n/docker-entrypoint.sh: Configuration complete; ready for start up\n";

pub(crate) fn nginx(vm: &mut Vm, sys: &mut Syscalls, argv: &[String], tail: bool) -> Run {
    let debian = sys.dash();
    let version = vm
        .vars
        .get("NGINX_VERSION")
        .cloned()
        .unwrap_or_else(|| "1.27.3".into());
    let pidfile = if debian {
        "/run/nginx.pid"
    } else {
        "/var/run/nginx.pid"
    };
    let mut i = 1;
    let mut daemon_off = false;
    while i < argv.len() {
        match argv[i].as_str() {
            "-v" => {
                vm.err(sys, &format!("nginx version: nginx/{version}\n"));
                return Run::Done(0);
            }
            "-t" | "-T" => {
                vm.err(sys, "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n");
                return Run::Done(0);
            }
            "-s" => {
                let Some(sigs) = argv.get(i + 1) else {
                    vm.err(sys, "nginx: option \"-s\" requires parameter\n");
                    return Run::Done(1);
                };
                let sig = match sigs.as_str() {
                    "stop" => 15,
                    "quit" => 3,
                    "reload" => 1,
                    "reopen" => 10,
                    other => {
                        vm.err(sys, &format!("nginx: invalid option: \"-s {other}\"\n"));
                        return Run::Done(1);
                    }
                };
                let master = sys.pod.instance(sys.container_index).and_then(|instance| {
                    instance
                        .processes
                        .values()
                        .find(|p| p.daemon == Some(Daemon::Nginx) && !p.stopping)
                        .map(|p| p.pid)
                });
                let shown = master.map(|m| {
                    if sys.pod.effective_pid1(sys.container_index) == Some(m) {
                        1
                    } else {
                        m
                    }
                });
                let me = sys
                    .pod
                    .instance(sys.container_index)
                    .map(|i| i.next_pid)
                    .unwrap_or(2);
                vm.err(
                    sys,
                    &format!(
                        "{} [notice] {me}#{me}: signal process started\n",
                        numeric_date_time(sys.now)
                    ),
                );
                let _ = shown;
                return match master {
                    Some(m) => {
                        sys.send_signal(m, sig);
                        Run::Done(0)
                    }
                    None => {
                        vm.err(sys, &format!("{} [error] {me}#{me}: open() \"{pidfile}\" failed (2: No such file or directory)\n", numeric_date_time(sys.now)));
                        Run::Done(1)
                    }
                };
            }
            "-g" => {
                if argv
                    .get(i + 1)
                    .is_some_and(|g| g.replace(' ', "").contains("daemonoff"))
                {
                    daemon_off = true;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    if sys.pod.listener(80, sys.now).is_some() {
        let t = numeric_date_time(sys.now);
        vm.err(sys, &format!("{t} [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n"));
        return Run::Done(1);
    }
    if debian {
        let t = numeric_date_time(sys.now);
        let p = if tail {
            1
        } else {
            sys.pod
                .instance(sys.container_index)
                .map(|i| i.next_pid)
                .unwrap_or(2)
        };
        let w = p + 28;
        vm.err(sys, &format!("{t} [notice] {p}#{p}: using the \"epoll\" event method\n{t} [notice] {p}#{p}: nginx/{version}\n{t} [notice] {p}#{p}: built by gcc 12.2.0 (Debian 12.2.0-14)\n{t} [notice] {p}#{p}: OS: Linux 6.8.0\n{t} [notice] {p}#{p}: getrlimit(RLIMIT_NOFILE): 1048576:1048576\n{t} [notice] {p}#{p}: start worker processes\n{t} [notice] {p}#{p}: start worker process {w}\n"));
    }
    if daemon_off {
        let pid = sys.spawn_program(ProgramSpec {
            cmdline: String::new(),
            exit_output: None,
            comm: "nginx".into(),
            timer: None,
            daemon: Some(Daemon::Nginx),
            ports: vec![80],
            memory: 0,
            tail,
        });
        Run::Wait(pid)
    } else {
        // nginx daemonises: the foreground process exits 0 at once.
        sys.spawn_program(ProgramSpec {
            cmdline: String::new(),
            exit_output: None,
            comm: "nginx-bg".into(),
            timer: None,
            daemon: Some(Daemon::Nginx),
            ports: vec![80],
            memory: 0,
            tail: false,
        });
        Run::Done(0)
    }
}

/// The answer of the default site (`/usr/share/nginx/html`, index.html/index.htm, 301 for a
/// directory without slash, 403 for one without index), logged as nginx logs it.
pub(crate) fn http_get(pod: &mut PodState, request: &HttpRequest) -> HttpAnswer {
    let HttpRequest {
        container: container_index,
        pid,
        port,
        path,
        path_only,
        host_header,
        now,
        user_agent,
        ..
    } = *request;
    let client = client_ip(&pod.pod_ip);
    let version = pod.containers[container_index]
        .env
        .get("NGINX_VERSION")
        .cloned()
        .unwrap_or_else(|| "1.27.3".into());
    let version = version.as_str();
    let root = WEB_ROOT;
    let full = normalize("/", &format!("{root}{path_only}"));
    let (status, body, location, err) = {
        let filesystem = pod.filesystem_of(container_index);
        let stat = filesystem
            .as_ref()
            .and_then(|(t, v, m)| stat_in(t, v, m, &full));
        if path_only.ends_with('/') {
            match stat {
                Some(Entry::Dir) => {
                    let idx = ["index.html", "index.htm"].iter().find_map(|i| {
                        let p = format!("{}/{i}", full.trim_end_matches('/'));
                        match filesystem
                            .as_ref()
                            .and_then(|(t, v, m)| stat_in(t, v, m, &p))
                        {
                            Some(Entry::File(s)) => Some(s),
                            _ => None,
                        }
                    });
                    match idx {
                        Some(s) => (200, s, None, None),
                        None => (
                            403,
                            nginx_error_page(403, version),
                            None,
                            Some(format!("directory index of \"{full}/\" is forbidden")),
                        ),
                    }
                }
                _ => (
                    404,
                    nginx_error_page(404, version),
                    None,
                    Some(format!(
                        "\"{full}/index.html\" is not found (2: No such file or directory)"
                    )),
                ),
            }
        } else {
            match stat {
                Some(Entry::File(s)) => (200, s, None, None),
                Some(Entry::Dir) => {
                    let loc = if port == 80 {
                        format!("http://{host_header}{path_only}/")
                    } else {
                        format!("http://{host_header}:{port}{path_only}/")
                    };
                    (301, nginx_error_page(301, version), Some(loc), None)
                }
                None => (
                    404,
                    nginx_error_page(404, version),
                    None,
                    Some(format!(
                        "open() \"{full}\" failed (2: No such file or directory)"
                    )),
                ),
            }
        }
    };
    let worker_pid = pid + 1;
    let mut out = vec![(
        Stream::Stdout,
        format!(
            "{client} - - [{}] \"GET {path} HTTP/1.1\" {status} {} \"-\" \"{user_agent}\" \"-\"\n",
            clf_time(now),
            body.len()
        ),
    )];
    if let Some(e) = err {
        pod.connection_counter += 1;
        out.insert(
            0,
            (
                Stream::Stderr,
                format!(
                    "{} [error] {worker_pid}#{worker_pid}: *{} {e}, client: {client}, server: localhost, request: \"GET {path} HTTP/1.1\", host: \"{}:{port}\"\n",
                    numeric_date_time(now),
                    pod.connection_counter,
                    pod.pod_ip
                ),
            ),
        );
    }
    let session = pod
        .instance(container_index)
        .and_then(|i| i.processes.get(&pid))
        .and_then(|p| p.session);
    pod.emit(container_index, session, now, out);
    HttpAnswer::Response {
        status,
        body,
        location,
    }
}

/// `01/Jan/2025:00:00:05 +0000` (access log).
pub fn clf_time(t: SimTime) -> String {
    let c = civil(t);
    format!(
        "{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000",
        c.day,
        c.month_name(),
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

fn nginx_error_page(code: u16, version: &str) -> String {
    format!(
        "<html>\r\n<head><title>{code} {r}</title></head>\r\n<body>\r\n<center><h1>{code} {r}</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n",
        r = reason_phrase(code)
    )
}

/// nginx's own signal handling: TERM/INT fast shutdown, QUIT graceful (both exit 0 after
/// `SERVER_STOP_DELAY`), HUP reconfigures, USR1 reopens logs. Only the Debian image logs the
/// master's and worker's notices.
pub(crate) fn signal_reaction(
    pod: &PodState,
    container: usize,
    signal: i32,
    pid_shown: u32,
    now: SimTime,
) -> Option<SignalReaction> {
    // nginx master/worker notices; `{m}` is the master's pid, `{w}` the worker's.
    let nginx_exit = |first: String, graceful: bool| {
        let mut lines = vec![format!("{{m}}: {first}")];
        if graceful {
            lines.push("{w}: gracefully shutting down".into());
        }
        lines.extend([
            "{w}: exiting".to_string(),
            "{w}: exit".to_string(),
            "{m}: signal 17 (SIGCHLD) received from {wp}".to_string(),
            "{m}: worker process {wp} exited with code 0".to_string(),
            "{m}: exit".to_string(),
        ]);
        lines
    };
    let sig = signal;
    let (stop, lines) = match sig {
        15 | 2 => (
            Some((0, SERVER_STOP_DELAY)),
            nginx_exit(
                format!(
                    "signal {sig} ({}) received, exiting",
                    if sig == 15 { "SIGTERM" } else { "SIGINT" }
                ),
                false,
            ),
        ),
        3 => (
            Some((0, SERVER_STOP_DELAY)),
            nginx_exit("signal 3 (SIGQUIT) received, shutting down".into(), true),
        ),
        1 => (
            None,
            vec![
                "{m}: signal 1 (SIGHUP) received, reconfiguring".into(),
                "{m}: reconfiguring".into(),
            ],
        ),
        10 => (
            None,
            vec![
                "{m}: signal 10 (SIGUSR1) received, reopening logs".into(),
                "{m}: reopening logs".into(),
            ],
        ),
        _ => return None,
    };
    // Only the Debian nginx image logs at notice level.
    let notices = pod
        .containers
        .get(container)
        .is_some_and(|c| c.image.flavor == Flavor::Debian);
    let output = if notices {
        let worker_pid = pid_shown + 28;
        let t = numeric_date_time(now);
        lines
            .iter()
            .map(|l| {
                let l = l
                    .replace("{m}", &format!("{pid_shown}#{pid_shown}"))
                    .replace("{w}", &format!("{worker_pid}#{worker_pid}"))
                    .replace("{wp}", &worker_pid.to_string());
                (Stream::Stderr, format!("{t} [notice] {l}\n"))
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(SignalReaction { stop, output })
}
