//! Programs inside containers: busybox applets / GNU tools (with each one's own error
//! wording), and the servers of the image catalogue.

use std::collections::VecDeque;

use podlife_spec::SimTime;

use crate::fs::{basename, normalize, parent, Entry, FsErr};
use crate::images::{Daemon, Flavor, BUSYBOX_APPLETS, DEBIAN_PROGRAMS};
use crate::net::{date_string, nginx_time, reason_phrase, Http, SIM_EPOCH_UNIX};
use crate::process::{ProgSpec, Sys};
use crate::shell::vm::{Compiled, Run, Stream, Vm};

pub(crate) const MARKER: &str = "\u{7f}ELF podlife:";

const SIGNALS: [(&str, i32); 15] = [
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("KILL", 9),
    ("USR1", 10),
    ("SEGV", 11),
    ("USR2", 12),
    ("PIPE", 13),
    ("ALRM", 14),
    ("TERM", 15),
    ("CHLD", 17),
    ("CONT", 18),
    ("STOP", 19),
    ("WINCH", 28),
    ("EXIT", 0),
];

pub(crate) fn signal_number(s: &str) -> Option<i32> {
    let s = s.trim_start_matches('-');
    if let Ok(n) = s.parse::<i32>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let up = s.to_ascii_uppercase();
    let up = up.strip_prefix("SIG").unwrap_or(&up);
    SIGNALS.iter().find(|(n, _)| *n == up).map(|(_, v)| *v)
}

/// Canonical signal name for traps (`TERM`, `EXIT`, ...).
pub(crate) fn signal_name(s: &str) -> String {
    match signal_number(s) {
        Some(n) => SIGNALS
            .iter()
            .find(|(_, v)| *v == n)
            .map(|(k, _)| k.to_string())
            .unwrap_or_else(|| n.to_string()),
        None => s.to_ascii_uppercase(),
    }
}

/// Files an image starts with: its userland as program markers.
/// `/bin/<name>` without the formatting machinery (called for every applet of every image).
fn bin_path(name: &str) -> String {
    let mut p = String::with_capacity(5 + name.len());
    p.push_str("/bin/");
    p.push_str(name);
    p
}

pub(crate) fn userland(flavor: Flavor) -> Vec<(String, String)> {
    let mut v = Vec::new();
    match flavor {
        Flavor::Busybox => {
            let content = format!("{MARKER}busybox\n");
            v.push(("/bin/busybox".to_string(), content.clone()));
            for a in BUSYBOX_APPLETS {
                v.push((bin_path(a), content.clone()));
            }
        }
        Flavor::Debian => {
            let content = format!("{MARKER}coreutils\n");
            for a in DEBIAN_PROGRAMS {
                v.push((bin_path(a), content.clone()));
            }
        }
    }
    v
}

#[derive(Clone, Debug)]
pub(crate) enum Found {
    Prog { path: String, prog: String },
    Script { path: String, text: String },
    Missing,
    Denied(String),
}

/// What is at `path`: a program of the image, a `#!` script, something not executable, or
/// nothing.
fn check_path(sys: &mut Sys, path: &str) -> Option<Found> {
    match sys.fs().stat(path) {
        Some(Entry::File(s)) => {
            if let Some(rest) = s.strip_prefix(MARKER) {
                Some(Found::Prog {
                    path: path.to_string(),
                    prog: rest.trim().to_string(),
                })
            } else if s.starts_with("#!") {
                Some(Found::Script {
                    path: path.to_string(),
                    text: s.clone(),
                })
            } else {
                Some(Found::Denied(path.to_string()))
            }
        }
        Some(Entry::Dir) => Some(Found::Denied(path.to_string())),
        None => None,
    }
}

fn find(vm: &Vm, sys: &mut Sys, name: &str) -> Found {
    if name.contains('/') {
        let p = normalize(&vm.cwd, name);
        return check_path(sys, &p).unwrap_or_else(|| unknown_image_program(sys, &p));
    }
    let path: &str = vm.vars.get("PATH").map_or(
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        String::as_str,
    );
    let has_dots = |s: &str| s.as_bytes().windows(2).any(|w| w == b"..");
    let name_plain = !has_dots(name);
    // While nothing was written under any PATH directory, the answer comes from the image
    // alone and is remembered per container (every restart looks up the same programs).
    // Entries are only made for absolute, normalised PATHs outside any mount, which stays
    // true for the container; what an instance wrote is checked on each hit.
    let cidx = sys.cidx;
    let clean = |sys: &mut Sys| {
        sys.st.inst(cidx).is_some() && {
            let fs = sys.fs();
            !fs.root
                .upper_has_under_any(path.split(':').take(32).map(|d| d.trim_end_matches('/')))
        }
    };
    if let Some(i) = sys
        .st
        .bin_memo
        .iter()
        .position(|e| e.0 == cidx && e.2 == name && e.1 == path)
    {
        if clean(sys) {
            return sys.st.bin_memo[i].3.clone();
        }
    }
    let found = find_in_path(sys, path, name, name_plain);
    let memo_ok = name_plain
        && path.split(':').take(32).all(|d| {
            d.starts_with('/') && !has_dots(d) && !d.contains("//") && {
                let d = d.trim_end_matches('/');
                let under = |m: &str| {
                    let m = m.trim_end_matches('/');
                    d.strip_prefix(m)
                        .is_some_and(|r| r.is_empty() || r.starts_with('/'))
                };
                !sys.st
                    .ctrs
                    .get(cidx)
                    .is_some_and(|c| c.mounts.iter().any(|m| under(&m.path)))
            }
        })
        && clean(sys);
    if memo_ok {
        let memo = &mut sys.st.bin_memo;
        if memo.len() >= 128 {
            memo.clear();
        }
        memo.retain(|e| !(e.0 == cidx && e.2 == name && e.1 == path));
        memo.push((cidx, path.to_string(), name.to_string(), found.clone()));
    }
    found
}

fn find_in_path(sys: &mut Sys, path: &str, name: &str, name_plain: bool) -> Found {
    let has_dots = |s: &str| s.as_bytes().windows(2).any(|w| w == b"..");
    let mut buf = String::with_capacity(64);
    for dir in path.split(':').take(32) {
        buf.clear();
        if name_plain && dir.starts_with('/') && !has_dots(dir) {
            buf.push_str(dir.trim_end_matches('/'));
            buf.push('/');
            buf.push_str(name);
        } else {
            buf.push_str(&normalize("/", &format!("{dir}/{name}")));
        }
        if let Some(f @ (Found::Prog { .. } | Found::Script { .. })) = check_path(sys, &buf) {
            return f;
        }
    }
    unknown_image_program(sys, &format!("/usr/local/bin/{name}"))
}

/// An image outside the catalogue is assumed to contain any program it is asked to run; the
/// program is modelled as the fallback server (listens on the declared ports).
fn unknown_image_program(sys: &mut Sys, path: &str) -> Found {
    if sys.image().known {
        return Found::Missing;
    }
    Found::Prog {
        path: path.to_string(),
        prog: "generic-server".into(),
    }
}

pub(crate) fn which(vm: &Vm, sys: &mut Sys, name: &str) -> Option<String> {
    match find(vm, sys, name) {
        Found::Prog { path, .. } | Found::Script { path, .. } => Some(path),
        _ => None,
    }
}

/// Whether `argv[0]` can be executed at all (for container start errors).
pub(crate) fn start_check(vm: &Vm, sys: &mut Sys, name: &str) -> Result<(), String> {
    match find(vm, sys, name) {
        Found::Prog { .. } | Found::Script { .. } => Ok(()),
        Found::Denied(p) => Err(format!("exec: \"{name}\": stat {p}: permission denied")),
        Found::Missing => {
            if name.contains('/') {
                Err(format!(
                    "exec: \"{name}\": stat {name}: no such file or directory"
                ))
            } else {
                Err(format!(
                    "exec: \"{name}\": executable file not found in $PATH"
                ))
            }
        }
    }
}

/// Runs a command that is not a shell builtin or function.
pub(crate) fn run_external(vm: &mut Vm, sys: &mut Sys, argv: &[String], tail: bool) -> Run {
    let name = argv[0].clone();
    sys.argv = argv.join(" ");
    match find(vm, sys, &name) {
        Found::Missing => {
            let p = vm.diag_prefix(sys);
            vm.err(sys, &format!("{p}{name}: not found\n"));
            Run::Done(127)
        }
        Found::Denied(_) => {
            let p = vm.diag_prefix(sys);
            vm.err(sys, &format!("{p}{name}: Permission denied\n"));
            Run::Done(126)
        }
        Found::Script { text, .. } => {
            let mut args = vec!["sh".to_string(), name.clone()];
            args.extend(argv[1..].iter().cloned());
            run_shell_text(vm, sys, &text, &name, argv[1..].to_vec(), tail)
        }
        Found::Prog { path, prog } => match prog.as_str() {
            "busybox" => {
                let applet = basename(&path).to_string();
                if applet == "busybox" {
                    if argv.len() < 2 {
                        vm.out(
                            sys,
                            "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n",
                        );
                        return Run::Done(0);
                    }
                    return run_applet_named(vm, sys, &argv[1..], &argv[1], tail);
                }
                run_applet_named(vm, sys, argv, &applet, tail)
            }
            "coreutils" => {
                let applet = basename(&path).to_string();
                run_applet_named(vm, sys, argv, &applet, tail)
            }
            "nginx" => nginx(vm, sys, argv, tail),
            "nginx-entrypoint" => {
                if argv.len() < 2 {
                    return Run::Done(0);
                }
                if basename(&argv[1]) == "nginx" || argv[1] == "nginx-debug" {
                    vm.out(sys, NGINX_ENTRYPOINT_LINES);
                }
                run_external(vm, sys, &argv[1..], tail)
            }
            "redis-entrypoint" => {
                if argv.len() < 2 {
                    return Run::Done(0);
                }
                let mut rest = argv[1..].to_vec();
                if rest[0].starts_with('-') || rest[0].ends_with(".conf") {
                    rest.insert(0, "redis-server".into());
                }
                run_external(vm, sys, &rest, tail)
            }
            "curl" => curl(vm, sys, argv),
            "liveness-server" => daemon(
                vm,
                sys,
                "server",
                Daemon::Liveness,
                vec![8080],
                tail,
                Stream::Stderr,
                "",
            ),
            "goproxy" => daemon(
                vm,
                sys,
                "goproxy",
                Daemon::GoProxy,
                vec![8080],
                tail,
                Stream::Stderr,
                "",
            ),
            "httpd" => {
                let ip = sys.st.pod_ip.clone();
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
            "redis" => {
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
            "stress" => stress(vm, sys, argv, tail),
            "generic-server" => {
                let ports = sys.container_ports();
                let comm = basename(&path).to_string();
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
            _ => {
                sys.diag(format!(
                    "`{}` is not modelled; it is assumed to succeed at once",
                    argv.join(" ")
                ));
                Run::Done(0)
            }
        },
    }
}

fn run_shell_text(
    vm: &mut Vm,
    sys: &mut Sys,
    text: &str,
    arg0: &str,
    positional: Vec<String>,
    tail: bool,
) -> Run {
    let env = vm.vars.clone();
    let cwd = vm.cwd.clone();
    match Vm::for_script_cached(&mut sys.st.scripts, text, arg0, positional, env, &cwd) {
        Compiled::Ok(mut child) => {
            child.fds = vm
                .fds
                .iter()
                .filter(|(fd, _)| *fd != u32::MAX)
                .cloned()
                .collect();
            child
                .fds
                .retain(|(_, s)| !matches!(s, crate::shell::vm::Sink::Capture(_)));
            if tail && vm.fds.is_empty() {
                let out = std::mem::take(&mut vm.out);
                *vm = *child;
                vm.out = out;
                return Run::Replaced;
            }
            let cap = vm.stdout_capture();
            let pid = sys.spawn_shell(*child, "sh");
            // `$(sh -c ...)` / pipelines: the child's stdout goes into the parent's capture.
            if let Some(idx) = cap {
                let me = sys.pid;
                if let Some(p) = sys
                    .st
                    .inst_mut(sys.cidx)
                    .and_then(|i| i.procs.get_mut(&pid))
                {
                    p.capture_to = Some((me, idx));
                }
            }
            Run::Wait(pid)
        }
        Compiled::Syntax(e) => {
            let prefix = if sys.dash() {
                format!("{arg0}: 1: ")
            } else {
                format!("{arg0}: ")
            };
            vm.err(sys, &format!("{prefix}{e}\n"));
            Run::Done(2)
        }
    }
}

const NGINX_ENTRYPOINT_LINES: &str = "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\n/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh\n10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf\n10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh\n/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh\n/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh\n/docker-entrypoint.sh: Configuration complete; ready for start up\n";

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

/// Starts a server that runs until signalled, after printing its start-up lines on `stream`.
#[allow(clippy::too_many_arguments)]
fn daemon(
    vm: &mut Vm,
    sys: &mut Sys,
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
    let pid = sys.spawn_prog(ProgSpec {
        cmdline: String::new(),
        exit_out: None,
        comm: comm.into(),
        timer: None,
        daemon: Some(d),
        ports,
        memory: 0,
        tail,
    });
    Run::Wait(pid)
}

fn nginx(vm: &mut Vm, sys: &mut Sys, argv: &[String], tail: bool) -> Run {
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
                let master = sys.st.inst(sys.cidx).and_then(|inst| {
                    inst.procs
                        .values()
                        .find(|p| p.daemon == Some(Daemon::Nginx) && !p.stopping)
                        .map(|p| p.pid)
                });
                let shown = master.map(|m| {
                    if sys.st.effective_pid1(sys.cidx) == Some(m) {
                        1
                    } else {
                        m
                    }
                });
                let me = sys.st.inst(sys.cidx).map(|i| i.next_pid).unwrap_or(2);
                vm.err(
                    sys,
                    &format!(
                        "{} [notice] {me}#{me}: signal process started\n",
                        nginx_time(sys.now)
                    ),
                );
                let _ = shown;
                return match master {
                    Some(m) => {
                        sys.send_signal(m, sig);
                        Run::Done(0)
                    }
                    None => {
                        vm.err(sys, &format!("{} [error] {me}#{me}: open() \"{pidfile}\" failed (2: No such file or directory)\n", nginx_time(sys.now)));
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
    if sys.st.listener(80, sys.now).is_some() {
        let t = nginx_time(sys.now);
        vm.err(sys, &format!("{t} [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n"));
        return Run::Done(1);
    }
    if debian {
        let t = nginx_time(sys.now);
        let p = if tail {
            1
        } else {
            sys.st.inst(sys.cidx).map(|i| i.next_pid).unwrap_or(2)
        };
        let w = p + 28;
        vm.err(sys, &format!("{t} [notice] {p}#{p}: using the \"epoll\" event method\n{t} [notice] {p}#{p}: nginx/{version}\n{t} [notice] {p}#{p}: built by gcc 12.2.0 (Debian 12.2.0-14)\n{t} [notice] {p}#{p}: OS: Linux 6.8.0\n{t} [notice] {p}#{p}: getrlimit(RLIMIT_NOFILE): 1048576:1048576\n{t} [notice] {p}#{p}: start worker processes\n{t} [notice] {p}#{p}: start worker process {w}\n"));
    }
    if daemon_off {
        let pid = sys.spawn_prog(ProgSpec {
            cmdline: String::new(),
            exit_out: None,
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
        sys.spawn_prog(ProgSpec {
            cmdline: String::new(),
            exit_out: None,
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

/// stress(1) sizes: `256M` = 256 MiB (stress uses powers of 1024).
pub(crate) fn stress_bytes(s: &str) -> Option<i128> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()? {
        'b' | 'B' => (&s[..s.len() - 1], 1i128),
        'k' | 'K' => (&s[..s.len() - 1], 1024),
        'm' | 'M' => (&s[..s.len() - 1], 1024 * 1024),
        'g' | 'G' => (&s[..s.len() - 1], 1024 * 1024 * 1024),
        _ => (s, 1),
    };
    num.parse::<i128>().ok().map(|n| n * mult)
}

fn stress_secs(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1),
        'm' => (&s[..s.len() - 1], 60),
        'h' => (&s[..s.len() - 1], 3600),
        'd' => (&s[..s.len() - 1], 86_400),
        'y' => (&s[..s.len() - 1], 31_536_000),
        _ => (s, 1),
    };
    num.parse::<u64>().ok().map(|n| n * mult)
}

fn stress(vm: &mut Vm, sys: &mut Sys, argv: &[String], tail: bool) -> Run {
    let (mut cpu, mut io, mut vmn, mut hdd) = (0i128, 0i128, 0i128, 0i128);
    let mut bytes: i128 = 256 * 1024 * 1024;
    let mut timeout: Option<u64> = None;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let v = argv.get(i + 1).map(String::as_str).unwrap_or("");
        match a {
            "--cpu" | "-c" => cpu = v.parse().unwrap_or(0),
            "--io" | "-i" => io = v.parse().unwrap_or(0),
            "--vm" | "-m" => vmn = v.parse().unwrap_or(0),
            "--hdd" | "-d" => hdd = v.parse().unwrap_or(0),
            "--vm-bytes" => bytes = stress_bytes(v).unwrap_or(bytes),
            "--timeout" | "-t" => timeout = stress_secs(v),
            "--vm-hang" | "--vm-stride" | "--hdd-bytes" | "--backoff" => {}
            "--vm-keep" | "-v" | "--verbose" | "-q" | "--quiet" | "-n" | "--dry-run" => {
                i += 1;
                continue;
            }
            "--help" | "-?" | "--version" => {
                vm.out(sys, "`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n");
                return Run::Done(0);
            }
            _ => {
                vm.err(
                    sys,
                    &format!("stress: FAIL: [1] (244) unrecognized option: {a}\n"),
                );
                return Run::Done(1);
            }
        }
        i += 2;
    }
    let me = if tail {
        1
    } else {
        sys.st.inst(sys.cidx).map(|i| i.next_pid).unwrap_or(2)
    };
    if cpu + io + vmn + hdd == 0 {
        vm.out(sys, "`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n");
        return Run::Done(0);
    }
    vm.out(
        sys,
        &format!(
            "stress: info: [{me}] dispatching hogs: {cpu} cpu, {io} io, {vmn} vm, {hdd} hdd\n"
        ),
    );
    let memory = sys.behavior_memory().unwrap_or(vmn * bytes);
    let timer = timeout.map(|t| (sys.now + SimTime::from_secs(t), 0));
    let exit_out = timeout.map(|t| {
        (
            Stream::Stdout,
            format!("stress: info: [{me}] successful run completed in {t}s\n"),
        )
    });
    let pid = sys.spawn_prog(ProgSpec {
        cmdline: String::new(),
        exit_out,
        comm: "stress".into(),
        timer,
        daemon: Some(Daemon::Stress),
        ports: Vec::new(),
        memory,
        tail,
    });
    Run::Wait(pid)
}

// ---- applets ------------------------------------------------------------------------------

/// Runs a builtin-like applet (`echo`, `test`, `kill`, ...) by argv[0].
pub(crate) fn run_applet(vm: &mut Vm, sys: &mut Sys, argv: &[String]) -> Run {
    let name = basename(&argv[0]).to_string();
    run_applet_named(vm, sys, argv, &name, false)
}

fn gnu(sys: &Sys) -> bool {
    sys.dash()
}

/// `tool: cannot <action> 'path': <error>` as coreutils says it, `can't` as busybox does.
fn cannot(sys: &Sys, tool: &str, action: &str, path: &str, e: FsErr) -> String {
    let verb = if gnu(sys) { "cannot" } else { "can't" };
    format!("{tool}: {verb} {action} '{path}': {}\n", e.strerror())
}

fn run_applet_named(vm: &mut Vm, sys: &mut Sys, argv: &[String], name: &str, tail: bool) -> Run {
    let args: Vec<String> = argv[1..].to_vec();
    match name {
        "sh" | "ash" | "dash" | "bash" => sh(vm, sys, argv, tail),
        "true" => Run::Done(0),
        "false" => Run::Done(1),
        "echo" => echo(vm, sys, &args),
        "printf" => printf(vm, sys, &args),
        "test" => Run::Done(test(vm, sys, &args, "test")),
        "[" => {
            if args.last().map(String::as_str) != Some("]") {
                let p = vm.diag_prefix(sys);
                vm.err(sys, &format!("{p}[: missing ]\n"));
                return Run::Done(2);
            }
            Run::Done(test(vm, sys, &args[..args.len() - 1], "["))
        }
        "sleep" | "usleep" => sleep(vm, sys, &args, tail, name == "usleep"),
        "cat" => cat(vm, sys, &args),
        "touch" => touch(vm, sys, &args),
        "rm" => rm(vm, sys, &args),
        "mkdir" => mkdir(vm, sys, &args),
        "rmdir" => {
            let mut st = 0;
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                let p = normalize(&vm.cwd, a);
                if let Err(e) = sys.fs().remove(&p, false) {
                    let m = if gnu(sys) {
                        format!("rmdir: failed to remove '{a}': {}\n", e.strerror())
                    } else {
                        format!("rmdir: '{a}': {}\n", e.strerror())
                    };
                    vm.err(sys, &m);
                    st = 1;
                }
            }
            Run::Done(st)
        }
        "ls" => ls(vm, sys, &args),
        "kill" => kill(vm, sys, &args),
        "killall" => killall(vm, sys, &args),
        "pidof" => {
            let mut out = Vec::new();
            for a in &args {
                for (pid, comm) in sys.procs() {
                    if &comm == a {
                        out.push(pid);
                    }
                }
            }
            if out.is_empty() {
                return Run::Done(1);
            }
            podlife_spec::sort::sort_by(&mut out, |a, b| b.cmp(a));
            let s = out
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(" ");
            vm.out(sys, &format!("{s}\n"));
            Run::Done(0)
        }
        "ps" => {
            let mut s = String::from("PID   USER     TIME  COMMAND\n");
            for (pid, cmd) in sys.ps() {
                s.push_str(&format!("{pid:>5} root      0:00 {cmd}\n"));
            }
            vm.out(sys, &s);
            Run::Done(0)
        }
        "tail" => tail_applet(vm, sys, &args, tail),
        "head" => head(vm, sys, &args),
        "nslookup" => nslookup(vm, sys, &args),
        "wget" => wget(vm, sys, &args),
        "curl" => curl(vm, sys, argv),
        "nc" => nc(vm, sys, &args),
        "date" => date(vm, sys, &args),
        "hostname" => {
            let s = if args.first().map(String::as_str) == Some("-i") {
                sys.st.pod_ip.clone()
            } else {
                sys.st.hostname.clone()
            };
            vm.out(sys, &format!("{s}\n"));
            Run::Done(0)
        }
        "env" | "printenv" => {
            if let Some(k) = args.first().filter(|_| name == "printenv") {
                return match vm.vars.get(k).cloned() {
                    Some(v) => {
                        vm.out(sys, &format!("{v}\n"));
                        Run::Done(0)
                    }
                    None => Run::Done(1),
                };
            }
            let s: String = vm.vars.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
            vm.out(sys, &s);
            Run::Done(0)
        }
        "pwd" => {
            let c = format!("{}\n", vm.cwd);
            vm.out(sys, &c);
            Run::Done(0)
        }
        "id" => {
            vm.out(
                sys,
                if gnu(sys) {
                    "uid=0(root) gid=0(root) groups=0(root)\n"
                } else {
                    "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n"
                },
            );
            Run::Done(0)
        }
        "whoami" => {
            vm.out(sys, "root\n");
            Run::Done(0)
        }
        "uname" => {
            let s = if args.iter().any(|a| a == "-a") {
                format!("Linux {} 6.8.0 #1 SMP x86_64 GNU/Linux\n", sys.st.hostname)
            } else {
                "Linux\n".to_string()
            };
            vm.out(sys, &s);
            Run::Done(0)
        }
        "grep" => grep(vm, sys, &args),
        "wc" => wc(vm, sys, &args),
        "seq" => {
            let nums: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
            let (a, s, b) = match nums.as_slice() {
                [b] => (1, 1, *b),
                [a, b] => (*a, 1, *b),
                [a, s, b] => (*a, *s, *b),
                _ => return Run::Done(1),
            };
            if s == 0 {
                return Run::Done(1);
            }
            let mut out = String::new();
            let mut x = a;
            let mut n = 0;
            while (s > 0 && x <= b) || (s < 0 && x >= b) {
                out.push_str(&format!("{x}\n"));
                x += s;
                n += 1;
                if n > 100_000 {
                    break;
                }
            }
            vm.out(sys, &out);
            Run::Done(0)
        }
        "cp" | "mv" => {
            let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            if files.len() != 2 {
                vm.err(sys, &format!("{name}: missing file operand\n"));
                return Run::Done(1);
            }
            let src = normalize(&vm.cwd, files[0]);
            let mut dst = normalize(&vm.cwd, files[1]);
            let data = match sys.fs().read(&src) {
                Ok(d) => d.to_string(),
                Err(e) => {
                    let m = cannot(sys, name, "stat", files[0], e);
                    vm.err(sys, &m);
                    return Run::Done(1);
                }
            };
            if sys.fs().is_dir(&dst) {
                dst = format!("{}/{}", dst.trim_end_matches('/'), basename(&src));
            }
            if let Err(e) = sys.fs().write(&dst, &data, false) {
                vm.err(
                    sys,
                    &format!("{name}: can't create '{}': {}\n", files[1], e.strerror()),
                );
                return Run::Done(1);
            }
            if name == "mv" {
                let _ = sys.fs().remove(&src, false);
            }
            Run::Done(0)
        }
        "basename" => {
            let s = args
                .first()
                .map(|a| basename(a.trim_end_matches('/')).to_string())
                .unwrap_or_default();
            let s = match args.get(1) {
                Some(suf) => s
                    .strip_suffix(suf.as_str())
                    .map(str::to_string)
                    .unwrap_or(s),
                None => s,
            };
            vm.out(sys, &format!("{s}\n"));
            Run::Done(0)
        }
        "dirname" => {
            let s = args
                .first()
                .map(|a| parent(a.trim_end_matches('/')))
                .unwrap_or_else(|| ".".into());
            let s = if args.first().is_some_and(|a| !a.contains('/')) {
                ".".to_string()
            } else {
                s
            };
            vm.out(sys, &format!("{s}\n"));
            Run::Done(0)
        }
        "tee" => {
            let input = vm.read_stdin_all();
            let append = args.iter().any(|a| a == "-a");
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                let p = normalize(&vm.cwd, f);
                let _ = sys.fs().write(&p, &input, append);
            }
            vm.out(sys, &input);
            Run::Done(0)
        }
        "chmod" | "chown" | "sync" | "ln" | "mount" => Run::Done(0),
        "timeout" => timeout_applet(vm, sys, &args),
        "sed" => sed(vm, sys, &args),
        "which" => {
            let mut st = 0;
            for a in &args {
                match which(vm, sys, a) {
                    Some(p) => vm.out(sys, &format!("{p}\n")),
                    None => st = 1,
                }
            }
            Run::Done(st)
        }
        "expr" => {
            let r = match args.as_slice() {
                [a, op, b] => {
                    let (x, y) = (a.parse::<i64>().ok(), b.parse::<i64>().ok());
                    match (x, y, op.as_str()) {
                        (Some(x), Some(y), "+") => Some(x + y),
                        (Some(x), Some(y), "-") => Some(x - y),
                        (Some(x), Some(y), "*") => Some(x * y),
                        (Some(x), Some(y), "/") if y != 0 => Some(x / y),
                        (Some(x), Some(y), "%") if y != 0 => Some(x % y),
                        (Some(x), Some(y), "<") => Some((x < y) as i64),
                        (Some(x), Some(y), ">") => Some((x > y) as i64),
                        (_, _, "=") => Some((a == b) as i64),
                        _ => None,
                    }
                }
                [a] => a.parse().ok(),
                _ => None,
            };
            match r {
                Some(v) => {
                    vm.out(sys, &format!("{v}\n"));
                    Run::Done((v == 0) as i32)
                }
                None => {
                    vm.err(sys, "expr: syntax error\n");
                    Run::Done(2)
                }
            }
        }
        _ => {
            sys.diag(format!(
                "`{name}` is not modelled; it is assumed to succeed without output"
            ));
            Run::Done(0)
        }
    }
}

fn sh(vm: &mut Vm, sys: &mut Sys, argv: &[String], tail: bool) -> Run {
    let arg0 = argv[0].clone();
    let mut i = 1;
    let mut errexit = false;
    let mut xtrace = false;
    let mut script: Option<String> = None;
    while i < argv.len() {
        let a = &argv[i];
        if a == "-c" {
            script = argv.get(i + 1).cloned();
            if script.is_none() {
                vm.err(sys, &format!("{arg0}: -c requires an argument\n"));
                return Run::Done(2);
            }
            i += 2;
            break;
        } else if a.starts_with('-') && a.len() > 1 && a != "--" {
            for c in a[1..].chars() {
                match c {
                    'e' => errexit = true,
                    'x' => xtrace = true,
                    'c' => {
                        script = argv.get(i + 1).cloned();
                        i += 1;
                    }
                    _ => {}
                }
            }
            i += 1;
            if script.is_some() {
                i += 1;
                break;
            }
        } else {
            break;
        }
    }
    let (text, name, pos) = match script {
        Some(s) => {
            let name = argv.get(i).cloned().unwrap_or_else(|| arg0.clone());
            let pos = argv.get(i + 1..).map(|s| s.to_vec()).unwrap_or_default();
            (s, name, pos)
        }
        None => match argv.get(i) {
            Some(file) => {
                let p = normalize(&vm.cwd, file);
                match sys.fs().read(&p) {
                    Ok(t) => (t.to_string(), file.clone(), argv[i + 1..].to_vec()),
                    Err(_) => {
                        let m = if sys.dash() {
                            format!("{arg0}: 0: cannot open {file}: No such file\n")
                        } else {
                            format!("{arg0}: can't open '{file}': No such file or directory\n")
                        };
                        vm.err(sys, &m);
                        return Run::Done(if sys.dash() { 2 } else { 127 });
                    }
                }
            }
            // No script: reads stdin; PID 1 and exec without -i have none, so it exits 0.
            None => (vm.read_stdin_all(), arg0.clone(), Vec::new()),
        },
    };
    let r = run_shell_text(vm, sys, &text, &name, pos, tail);
    if errexit || xtrace {
        // Options apply to the shell that was just set up (in place or as a child).
        if let Run::Replaced = r {
            vm.errexit = errexit;
            vm.xtrace = xtrace;
        } else if let Run::Wait(pid) = r {
            if let Some(crate::process::Proc {
                kind: crate::process::ProcKind::Shell(Some(child)),
                ..
            }) = sys
                .st
                .inst_mut(sys.cidx)
                .and_then(|i| i.procs.get_mut(&pid))
            {
                child.errexit = errexit;
                child.xtrace = xtrace;
            }
        }
    }
    r
}

fn unescape(s: &str, stop_at_c: &mut bool) -> String {
    let mut o = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            o.push(c);
            continue;
        }
        match it.next() {
            Some('n') => o.push('\n'),
            Some('t') => o.push('\t'),
            Some('r') => o.push('\r'),
            Some('a') => o.push('\x07'),
            Some('b') => o.push('\x08'),
            Some('f') => o.push('\x0c'),
            Some('v') => o.push('\x0b'),
            Some('e') => o.push('\x1b'),
            Some('\\') => o.push('\\'),
            Some('c') => {
                *stop_at_c = true;
                return o;
            }
            Some('0') => {
                let mut n = 0u32;
                for _ in 0..3 {
                    match it.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            it.next();
                        }
                        None => break,
                    }
                }
                o.push(char::from_u32(n).unwrap_or('?'));
            }
            Some(x) => {
                o.push('\\');
                o.push(x);
            }
            None => o.push('\\'),
        }
    }
    o
}

fn echo(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let mut newline = true;
    let mut escapes = sys.dash();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a.len() > 1
            && a.starts_with('-')
            && a[1..].chars().all(|c| "neE".contains(c))
            && !sys.dash()
            || (sys.dash() && a == "-n")
        {
            for c in a[1..].chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    'E' => escapes = false,
                    _ => {}
                }
            }
            i += 1;
        } else {
            break;
        }
    }
    let joined = args[i..].join(" ");
    let mut stop = false;
    let mut s = if escapes {
        unescape(&joined, &mut stop)
    } else {
        joined
    };
    if newline && !stop {
        s.push('\n');
    }
    vm.out(sys, &s);
    Run::Done(0)
}

fn printf(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let Some(fmt) = args.first() else {
        vm.err(sys, "printf: usage: printf format [arg ...]\n");
        return Run::Done(2);
    };
    let mut rest: VecDeque<&String> = args[1..].iter().collect();
    let mut out = String::new();
    let mut status = 0;
    for _round in 0..1000 {
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        let mut consumed = false;
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                let mut stop = false;
                let mut j = i + 1;
                if j < chars.len() && chars[j] == '0' {
                    j += 1;
                    while j < chars.len() && j < i + 5 && chars[j].is_digit(8) {
                        j += 1;
                    }
                } else {
                    j = (i + 2).min(chars.len());
                }
                let seq: String = chars[i..j].iter().collect();
                out.push_str(&unescape(&seq, &mut stop));
                if stop {
                    vm.out(sys, &out);
                    return Run::Done(status);
                }
                i = j;
                continue;
            }
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            i += 1;
            if i < chars.len() && chars[i] == '%' {
                out.push('%');
                i += 1;
                continue;
            }
            let mut spec = String::new();
            while i < chars.len() && "-+ #0123456789.".contains(chars[i]) {
                spec.push(chars[i]);
                i += 1;
            }
            let Some(&conv) = chars.get(i) else { break };
            i += 1;
            let arg = rest.pop_front().map(|s| s.as_str());
            consumed = consumed || arg.is_some();
            let arg = arg.unwrap_or("");
            let left = spec.contains('-');
            let zero = spec
                .trim_start_matches(['-', '+', ' ', '#'])
                .starts_with('0')
                && !left;
            let (w, prec): (usize, Option<usize>) = match spec
                .trim_start_matches(['-', '+', ' ', '#', '0'])
                .split_once('.')
            {
                Some((w, p)) => (w.parse::<usize>().unwrap_or(0), p.parse::<usize>().ok()),
                None => (
                    spec.trim_start_matches(['-', '+', ' ', '#', '0'])
                        .parse::<usize>()
                        .unwrap_or(0),
                    None,
                ),
            };
            let (w, prec) = (w.min(10_000), prec.map(|p| p.min(100)));
            let body = match conv {
                's' => {
                    let mut s = arg.to_string();
                    if let Some(p) = prec {
                        s = s.chars().take(p).collect();
                    }
                    s
                }
                'b' => {
                    let mut stop = false;
                    unescape(arg, &mut stop)
                }
                'c' => arg
                    .chars()
                    .next()
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let n = if arg.is_empty() {
                        0
                    } else {
                        match arg.parse::<i64>() {
                            Ok(n) => n,
                            Err(_) => {
                                vm.err(sys, &format!("printf: invalid number '{arg}'\n"));
                                status = 1;
                                0
                            }
                        }
                    };
                    match conv {
                        'x' => format!("{n:x}"),
                        'X' => format!("{n:X}"),
                        'o' => format!("{n:o}"),
                        _ => n.to_string(),
                    }
                }
                'f' | 'g' | 'e' => {
                    let n = arg.parse::<f64>().unwrap_or(0.0);
                    format!("{:.*}", prec.unwrap_or(6), n)
                }
                other => format!("%{spec}{other}"),
            };
            let padded = if body.chars().count() >= w {
                body
            } else if left {
                format!("{body:<w$}")
            } else if zero && "diuxXof".contains(conv) {
                let neg = body.starts_with('-');
                let digits = body.trim_start_matches('-');
                format!(
                    "{}{:0>width$}",
                    if neg { "-" } else { "" },
                    digits,
                    width = w - neg as usize
                )
            } else {
                format!("{body:>w$}")
            };
            out.push_str(&padded);
        }
        if rest.is_empty() || !consumed {
            break;
        }
    }
    vm.out(sys, &out);
    Run::Done(status)
}

fn test(vm: &mut Vm, sys: &mut Sys, args: &[String], name: &str) -> i32 {
    let mut t = Tester {
        vm,
        sys,
        a: args,
        i: 0,
        err: None,
        name,
    };
    if args.is_empty() {
        return 1;
    }
    let r = t.or();
    if t.err.is_none() && t.i < args.len() {
        t.err = Some(format!("{}: unexpected operator", args[t.i]));
    }
    if let Some(e) = t.err.take() {
        let p = t.vm.diag_prefix(t.sys);
        let msg = format!("{p}{name}: {e}\n");
        t.vm.err(t.sys, &msg);
        return 2;
    }
    (!r) as i32
}

struct Tester<'a, 'b, 'c> {
    vm: &'a mut Vm,
    sys: &'a mut Sys<'b>,
    a: &'c [String],
    i: usize,
    err: Option<String>,
    #[allow(dead_code)]
    name: &'c str,
}

impl Tester<'_, '_, '_> {
    fn peek(&self) -> Option<&str> {
        self.a.get(self.i).map(String::as_str)
    }
    fn or(&mut self) -> bool {
        let mut v = self.and();
        while self.peek() == Some("-o") {
            self.i += 1;
            let r = self.and();
            v = v || r;
        }
        v
    }
    fn and(&mut self) -> bool {
        let mut v = self.not();
        while self.peek() == Some("-a") {
            self.i += 1;
            let r = self.not();
            v = v && r;
        }
        v
    }
    fn not(&mut self) -> bool {
        if self.peek() == Some("!") && self.a.len() - self.i > 1 {
            self.i += 1;
            return !self.not();
        }
        self.prim()
    }
    fn prim(&mut self) -> bool {
        let Some(a) = self.peek().map(str::to_string) else {
            self.err = Some("argument expected".into());
            return false;
        };
        if a == "(" {
            self.i += 1;
            let v = self.or();
            if self.peek() == Some(")") {
                self.i += 1;
            } else {
                self.err = Some("closing paren expected".into());
            }
            return v;
        }
        // Binary?
        if let Some(op) = self.a.get(self.i + 1).map(String::as_str) {
            let bin = matches!(
                op,
                "=" | "==" | "!=" | "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" | "<" | ">"
            );
            if bin && self.a.get(self.i + 2).is_some() {
                let b = self.a[self.i + 2].clone();
                self.i += 3;
                let num = |s: &str, t: &mut Self| -> i64 {
                    match s.trim().parse::<i64>() {
                        Ok(n) => n,
                        Err(_) => {
                            t.err.get_or_insert(format!("{s}: bad number"));
                            0
                        }
                    }
                };
                return match op {
                    "=" | "==" => a == b,
                    "!=" => a != b,
                    "<" => a < b,
                    ">" => a > b,
                    _ => {
                        let (x, y) = (num(&a, self), num(&b, self));
                        match op {
                            "-eq" => x == y,
                            "-ne" => x != y,
                            "-lt" => x < y,
                            "-le" => x <= y,
                            "-gt" => x > y,
                            _ => x >= y,
                        }
                    }
                };
            }
        }
        if a.len() == 2 && a.starts_with('-') && self.a.get(self.i + 1).is_some() {
            let x = self.a[self.i + 1].clone();
            let unary = "efdsrwxznhLpSbcgukGOt".contains(&a[1..]);
            if unary {
                self.i += 2;
                let p = normalize(&self.vm.cwd, &x);
                let mut fs = self.sys.fs();
                return match &a[1..] {
                    "z" => x.is_empty(),
                    "n" => !x.is_empty(),
                    "e" | "r" | "w" => fs.stat(&p).is_some(),
                    "f" => fs.is_file(&p),
                    "d" => fs.is_dir(&p),
                    "s" => {
                        matches!(fs.stat(&p), Some(Entry::File(s)) if !s.is_empty())
                            || fs.is_dir(&p)
                    }
                    "x" => {
                        matches!(fs.stat(&p), Some(Entry::File(s)) if s.starts_with(MARKER) || s.starts_with("#!"))
                            || fs.is_dir(&p)
                    }
                    "t" => false,
                    _ => {
                        let _ = &mut fs;
                        false
                    }
                };
            }
        }
        self.i += 1;
        !a.is_empty()
    }
}

/// busybox/GNU `sleep` argument: `30`, `1.5`, `2m`, `infinity`. `None` = forever.
pub(crate) fn parse_sleep(s: &str) -> Result<Option<u64>, ()> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("inf") || t.eq_ignore_ascii_case("infinity") {
        return Ok(None);
    }
    let (num, mult) = match t.chars().last() {
        Some('s') => (&t[..t.len() - 1], 1000.0),
        Some('m') => (&t[..t.len() - 1], 60_000.0),
        Some('h') => (&t[..t.len() - 1], 3_600_000.0),
        Some('d') => (&t[..t.len() - 1], 86_400_000.0),
        _ => (t, 1000.0),
    };
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(());
    }
    let v: f64 = num.parse().map_err(|_| ())?;
    let ms = v * mult;
    if !ms.is_finite() || ms > 1e15 {
        return Ok(None);
    }
    Ok(Some(ms as u64))
}

fn sleep(vm: &mut Vm, sys: &mut Sys, args: &[String], tail: bool, micro: bool) -> Run {
    if args.is_empty() {
        if gnu(sys) {
            vm.err(
                sys,
                "sleep: missing operand\nTry 'sleep --help' for more information.\n",
            );
        } else {
            vm.err(sys, "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n");
        }
        return Run::Done(1);
    }
    let mut total: Option<u64> = Some(0);
    for a in args {
        let r = if micro {
            a.parse::<u64>().map(|us| Some(us / 1000)).map_err(|_| ())
        } else {
            parse_sleep(a)
        };
        match r {
            Ok(Some(ms)) => total = total.map(|t| t.saturating_add(ms)),
            Ok(None) => total = None,
            Err(()) => {
                let m = if gnu(sys) {
                    format!("sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information.\n")
                } else {
                    format!("sleep: invalid number '{a}'\n")
                };
                vm.err(sys, &m);
                return Run::Done(1);
            }
        }
    }
    if total == Some(0) {
        return Run::Done(0);
    }
    let timer = total.map(|ms| (sys.now + SimTime::from_millis(ms), 0));
    let pid = sys.spawn_prog(ProgSpec {
        cmdline: String::new(),
        exit_out: None,
        comm: "sleep".into(),
        timer,
        daemon: None,
        ports: Vec::new(),
        memory: 0,
        tail,
    });
    Run::Wait(pid)
}

fn cat(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let files: Vec<&String> = args
        .iter()
        .filter(|a| !(a.starts_with('-') && a.len() > 1))
        .collect();
    if files.is_empty() {
        let s = vm.read_stdin_all();
        vm.out(sys, &s);
        return Run::Done(0);
    }
    let mut st = 0;
    for f in files {
        if f == "-" {
            let s = vm.read_stdin_all();
            vm.out(sys, &s);
            continue;
        }
        let p = normalize(&vm.cwd, f);
        let r = sys.fs().read(&p).map(str::to_string);
        match r {
            Ok(s) => vm.out(sys, &s),
            Err(e) => {
                let m = if gnu(sys) {
                    format!("cat: {f}: {}\n", e.strerror())
                } else if e == FsErr::IsDir {
                    format!("cat: read error: {}\n", e.strerror())
                } else {
                    format!("cat: can't open '{f}': {}\n", e.strerror())
                };
                vm.err(sys, &m);
                st = 1;
            }
        }
    }
    Run::Done(st)
}

fn touch(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let mut st = 0;
    for f in args.iter().filter(|a| !a.starts_with('-')) {
        let p = normalize(&vm.cwd, f);
        let exists = sys.fs().stat(&p).is_some();
        if exists {
            continue;
        }
        if let Err(e) = sys.fs().write(&p, "", false) {
            let m = if gnu(sys) {
                format!("touch: cannot touch '{f}': {}\n", e.strerror())
            } else {
                format!("touch: {f}: {}\n", e.strerror())
            };
            vm.err(sys, &m);
            st = 1;
        }
    }
    Run::Done(st)
}

fn rm(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let mut force = false;
    let mut rec = false;
    let mut files = Vec::new();
    let mut opts = true;
    for a in args {
        if opts && a == "--" {
            opts = false;
        } else if opts && a.starts_with('-') && a.len() > 1 {
            for c in a[1..].chars() {
                match c {
                    'f' => force = true,
                    'r' | 'R' => rec = true,
                    _ => {}
                }
            }
        } else {
            files.push(a.clone());
        }
    }
    let mut st = 0;
    for f in files {
        let p = normalize(&vm.cwd, &f);
        let is_dir = sys.fs().is_dir(&p);
        if is_dir && !rec {
            let m = if gnu(sys) {
                format!("rm: cannot remove '{f}': Is a directory\n")
            } else {
                format!("rm: '{f}' is a directory\n")
            };
            vm.err(sys, &m);
            st = 1;
            continue;
        }
        match sys.fs().remove(&p, rec) {
            Ok(()) => {}
            Err(FsErr::NotFound) if force => {}
            Err(e) => {
                let m = cannot(sys, "rm", "remove", &f, e);
                vm.err(sys, &m);
                st = 1;
            }
        }
    }
    Run::Done(st)
}

fn mkdir(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let parents = args.iter().any(|a| a.starts_with('-') && a.contains('p'));
    let mut st = 0;
    for d in args.iter().filter(|a| !a.starts_with('-')) {
        let p = normalize(&vm.cwd, d);
        if let Err(e) = sys.fs().mkdir(&p, parents) {
            let m = cannot(sys, "mkdir", "create directory", d, e);
            vm.err(sys, &m);
            st = 1;
        }
    }
    Run::Done(st)
}

fn ls(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let all = args.iter().any(|a| a.starts_with('-') && a.contains('a'));
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let mut targets: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    if targets.is_empty() {
        targets.push(".".into());
    }
    let mut st = 0;
    let multi = targets.len() > 1;
    let mut out = String::new();
    for (k, t) in targets.iter().enumerate() {
        let p = normalize(&vm.cwd, t);
        let entry = sys.fs().stat(&p).cloned();
        match entry {
            None => {
                let m = if gnu(sys) {
                    format!("ls: cannot access '{t}': No such file or directory\n")
                } else {
                    format!("ls: {t}: No such file or directory\n")
                };
                vm.err(sys, &m);
                st = if gnu(sys) { 2 } else { 1 };
            }
            Some(Entry::File(s)) => {
                if long {
                    out.push_str(&format!(
                        "-rw-r--r--    1 root     root     {:>8} Jan  1 00:00 {t}\n",
                        s.len()
                    ));
                } else {
                    out.push_str(&format!("{t}\n"));
                }
            }
            Some(Entry::Dir) => {
                if multi {
                    if k > 0 {
                        out.push('\n');
                    }
                    out.push_str(&format!("{t}:\n"));
                }
                let names = sys.fs().list(&p).unwrap_or_default();
                for n in names {
                    if n.starts_with('.') && !all {
                        continue;
                    }
                    if long {
                        let cp = format!("{}/{n}", p.trim_end_matches('/'));
                        let e = sys.fs().stat(&cp).cloned();
                        match e {
                            Some(Entry::File(s)) => out.push_str(&format!(
                                "-rw-r--r--    1 root     root     {:>8} Jan  1 00:00 {n}\n",
                                s.len()
                            )),
                            _ => out.push_str(&format!(
                                "drwxr-xr-x    2 root     root         4096 Jan  1 00:00 {n}\n"
                            )),
                        }
                    } else {
                        out.push_str(&format!("{n}\n"));
                    }
                }
            }
        }
    }
    vm.out(sys, &out);
    Run::Done(st)
}

fn kill(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let mut sig = 15;
    let mut i = 0;
    if args.first().map(String::as_str) == Some("-l") {
        vm.out(
            sys,
            "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM\n",
        );
        return Run::Done(0);
    }
    if let Some(a) = args.first() {
        if a == "-s" || a == "-n" {
            match args.get(1).and_then(|s| signal_number(s)) {
                Some(n) => sig = n,
                None => {
                    vm.err(sys, &format!("{}: kill: invalid signal\n", vm.arg0));
                    return Run::Done(1);
                }
            }
            i = 2;
        } else if a.starts_with('-') && a.len() > 1 {
            match signal_number(&a[1..]) {
                Some(n) => sig = n,
                None => {
                    let p = vm.diag_prefix(sys);
                    vm.err(sys, &format!("{p}kill: bad signal name '{}'\n", &a[1..]));
                    return Run::Done(1);
                }
            }
            i = 1;
        }
    }
    if args.len() <= i {
        let p = vm.diag_prefix(sys);
        vm.err(sys, &format!("{p}kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]\n"));
        return Run::Done(if sys.dash() { 2 } else { 1 });
    }
    let mut st = 0;
    for a in &args[i..] {
        let pid = match a.parse::<u32>() {
            Ok(p) => p,
            Err(_) => {
                let p = vm.diag_prefix(sys);
                vm.err(sys, &format!("{p}kill: invalid number '{a}'\n"));
                st = 1;
                continue;
            }
        };
        if !sys.proc_alive(pid) {
            let p = vm.diag_prefix(sys);
            let m = if sys.dash() {
                format!("{p}kill: No such process\n")
            } else {
                format!("{p}can't kill pid {pid}: No such process\n")
            };
            vm.err(sys, &m);
            st = 1;
            continue;
        }
        sys.send_signal(pid, sig);
    }
    Run::Done(st)
}

fn killall(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let mut sig = 15;
    let mut quiet = false;
    let mut names = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-q" {
            quiet = true;
        } else if a == "-s" {
            sig = args.get(i + 1).and_then(|s| signal_number(s)).unwrap_or(15);
            i += 1;
        } else if a.starts_with('-') && a.len() > 1 {
            sig = signal_number(&a[1..]).unwrap_or(15);
        } else {
            names.push(a.clone());
        }
        i += 1;
    }
    let me = sys.shell_pid();
    let mut st = 0;
    for n in names {
        let pids: Vec<u32> = sys
            .procs()
            .into_iter()
            .filter(|(p, c)| *c == n && *p != me)
            .map(|(p, _)| p)
            .collect();
        if pids.is_empty() {
            if !quiet {
                vm.err(sys, &format!("killall: {n}: no process killed\n"));
            }
            st = 1;
            continue;
        }
        for p in pids {
            sys.send_signal(p, sig);
        }
    }
    Run::Done(st)
}

fn tail_applet(vm: &mut Vm, sys: &mut Sys, args: &[String], tailpos: bool) -> Run {
    let mut follow = false;
    let mut retry = false;
    let mut n: usize = 10;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-f" | "--follow" => follow = true,
            "-F" => {
                follow = true;
                retry = true;
            }
            "-n" => {
                n = args
                    .get(i + 1)
                    .and_then(|s| s.trim_start_matches('+').parse().ok())
                    .unwrap_or(10);
                i += 1;
            }
            s if s.starts_with("-n") => n = s[2..].parse().unwrap_or(10),
            s if s.starts_with('-')
                && s[1..].chars().all(|c| c.is_ascii_digit())
                && s.len() > 1 =>
            {
                n = s[1..].parse().unwrap_or(10)
            }
            s if s.starts_with('-') && s.len() > 1 => {
                if s.contains('f') || s.contains('F') {
                    follow = true;
                }
                if s.contains('F') {
                    retry = true;
                }
            }
            _ => files.push(a.clone()),
        }
        i += 1;
    }
    let mut st = 0;
    let multi = files.len() > 1;
    let mut any_ok = files.is_empty();
    if files.is_empty() {
        let s = vm.read_stdin_all();
        let lines: Vec<&str> = s.lines().collect();
        let start = lines.len().saturating_sub(n);
        let out: String = lines[start..].iter().map(|l| format!("{l}\n")).collect();
        vm.out(sys, &out);
    }
    for (k, f) in files.iter().enumerate() {
        let p = normalize(&vm.cwd, f);
        let r = sys.fs().read(&p).map(str::to_string);
        match r {
            Ok(s) => {
                any_ok = true;
                if multi {
                    vm.out(
                        sys,
                        &format!("{}==> {f} <==\n", if k > 0 { "\n" } else { "" }),
                    );
                }
                let lines: Vec<&str> = s.split_inclusive('\n').collect();
                let start = lines.len().saturating_sub(n);
                let out: String = lines[start..].concat();
                vm.out(sys, &out);
            }
            Err(e) => {
                let m = if gnu(sys) {
                    format!("tail: cannot open '{f}' for reading: {}\n", e.strerror())
                } else {
                    format!("tail: can't open '{f}': {}\n", e.strerror())
                };
                vm.err(sys, &m);
                st = 1;
            }
        }
    }
    if !(any_ok || files.is_empty() || (follow && retry)) {
        if !gnu(sys) {
            vm.err(sys, "tail: no files\n");
        }
        return Run::Done(1);
    }
    if follow && !files.is_empty() {
        // -f/-F: keeps printing what is appended to the (first) file, forever.
        let path = normalize(&vm.cwd, &files[0]);
        let offset = sys.fs().read(&path).map(|s| s.len()).unwrap_or(0);
        let pid = sys.spawn_prog(ProgSpec {
            cmdline: String::new(),
            exit_out: None,
            comm: "tail".into(),
            timer: None,
            daemon: None,
            ports: Vec::new(),
            memory: 0,
            tail: tailpos,
        });
        if let Some(p) = sys
            .st
            .inst_mut(sys.cidx)
            .and_then(|i| i.procs.get_mut(&pid))
        {
            p.follow = Some((path, offset));
        }
        return Run::Wait(pid);
    }
    Run::Done(st)
}

fn head(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let mut n = 10usize;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-n" {
            n = args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(10);
            i += 1;
        } else if a.starts_with('-') && a[1..].chars().all(|c| c.is_ascii_digit()) && a.len() > 1 {
            n = a[1..].parse().unwrap_or(10);
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let text = if files.is_empty() {
        vm.read_stdin_all()
    } else {
        let p = normalize(&vm.cwd, &files[0]);
        let r = sys.fs().read(&p).map(str::to_string);
        match r {
            Ok(s) => s,
            Err(e) => {
                vm.err(
                    sys,
                    &format!("head: can't open '{}': {}\n", files[0], e.strerror()),
                );
                return Run::Done(1);
            }
        }
    };
    let out: String = text.split_inclusive('\n').take(n).collect();
    vm.out(sys, &out);
    Run::Done(0)
}

fn nslookup(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        vm.err(sys, "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n");
        return Run::Done(1);
    };
    let header =
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n";
    match sys.st.resolve(name) {
        Some((fq, ip)) => {
            vm.out(
                sys,
                &format!("{header}Name:      {name}\nAddress 1: {ip} {fq}\n"),
            );
            Run::Done(0)
        }
        None => {
            vm.out(sys, header);
            vm.err(sys, &format!("nslookup: can't resolve '{name}'\n"));
            Run::Done(1)
        }
    }
}

/// Splits `http://host:port/path` (scheme optional).
fn parse_url(u: &str) -> (String, u16, String) {
    let rest = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"))
        .unwrap_or(u);
    let https = u.starts_with("https://");
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (
            h.to_string(),
            p.parse().unwrap_or(if https { 443 } else { 80 }),
        ),
        None => (hostport.to_string(), if https { 443 } else { 80 }),
    };
    (host, port, path)
}

enum Fetch {
    BadHost,
    Refused(String),
    Eof(String),
    Ok {
        status: u16,
        body: String,
        ip: String,
    },
}

fn fetch(sys: &mut Sys, host: &str, port: u16, path: &str, ua: &str) -> Fetch {
    let ip = if sys.st.is_self(host) {
        if host == "localhost" {
            "127.0.0.1".to_string()
        } else {
            sys.st.pod_ip.clone()
        }
    } else {
        match sys.st.resolve(host) {
            Some((_, ip)) => ip,
            None => return Fetch::BadHost,
        }
    };
    if !(sys.st.is_self(host) || ip == sys.st.pod_ip || ip == "127.0.0.1") {
        // Other pods and Services are outside the model: nothing answers.
        return Fetch::Refused(ip);
    }
    let mut path = path.to_string();
    for _ in 0..10 {
        let hh = if port == 80 {
            host.to_string()
        } else {
            format!("{host}:{port}")
        };
        match sys.st.http_get(port, &path, &hh, sys.now, ua) {
            Http::Refused => return Fetch::Refused(ip),
            Http::Eof => return Fetch::Eof(ip),
            Http::Response {
                status,
                body,
                location,
            } => {
                if let (301 | 302, Some(loc)) = (status, location) {
                    let (_, _, p) = parse_url(&loc);
                    path = p;
                    continue;
                }
                return Fetch::Ok { status, body, ip };
            }
        }
    }
    Fetch::Eof(ip)
}

fn wget(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let mut quiet = false;
    let mut out_file: Option<String> = None;
    let mut spider = false;
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-q" => quiet = true,
            "-O" => {
                out_file = args.get(i + 1).cloned();
                i += 1;
            }
            "-O-" => out_file = Some("-".into()),
            "--spider" => spider = true,
            "-T" | "-t" | "--timeout" | "-U" | "--header" => i += 1,
            s if s.starts_with('-') && !s.starts_with("--") && s.contains('O') => {
                quiet = quiet || s.contains('q');
                let after = &s[s.find('O').map(|k| k + 1).unwrap_or(s.len())..];
                if after.is_empty() {
                    out_file = args.get(i + 1).cloned();
                    i += 1;
                } else {
                    out_file = Some(after.to_string());
                }
            }
            s if s.starts_with('-') => {}
            _ => url = Some(a.clone()),
        }
        i += 1;
    }
    let Some(url) = url else {
        vm.err(sys, "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n");
        return Run::Done(1);
    };
    let (host, port, path) = parse_url(&url);
    match fetch(sys, &host, port, &path, "Wget") {
        Fetch::BadHost => {
            vm.err(sys, &format!("wget: bad address '{host}'\n"));
            Run::Done(1)
        }
        Fetch::Refused(ip) => {
            if !quiet {
                vm.err(
                    sys,
                    &format!(
                        "Connecting to {host}{} ({ip}:{port})\n",
                        if port == 80 {
                            String::new()
                        } else {
                            format!(":{port}")
                        }
                    ),
                );
            }
            vm.err(
                sys,
                &format!("wget: can't connect to remote host ({ip}): Connection refused\n"),
            );
            Run::Done(1)
        }
        Fetch::Eof(ip) => {
            if !quiet {
                vm.err(sys, &format!("Connecting to {host}:{port} ({ip}:{port})\n"));
            }
            vm.err(
                sys,
                "wget: error getting response: Connection reset by peer\n",
            );
            Run::Done(1)
        }
        Fetch::Ok { status, body, ip } => {
            if !quiet {
                vm.err(
                    sys,
                    &format!(
                        "Connecting to {host}{} ({ip}:{port})\n",
                        if port == 80 {
                            String::new()
                        } else {
                            format!(":{port}")
                        }
                    ),
                );
            }
            if status >= 400 {
                vm.err(
                    sys,
                    &format!(
                        "wget: server returned error: HTTP/1.1 {status} {}\n",
                        reason_phrase(status)
                    ),
                );
                return Run::Done(1);
            }
            if spider {
                if !quiet {
                    vm.err(sys, "remote file exists\n");
                }
                return Run::Done(0);
            }
            let target = out_file.unwrap_or_else(|| {
                let b = basename(path.split('?').next().unwrap_or("/"));
                if b.is_empty() {
                    "index.html".to_string()
                } else {
                    b.to_string()
                }
            });
            if target == "-" {
                if !quiet {
                    vm.err(sys, "writing to stdout\n");
                }
                vm.out(sys, &body);
                if !quiet {
                    vm.err(sys, &format!("-                    100% |********************************| {:>5}  0:00:00 ETA\nwritten to stdout\n", body.len()));
                }
            } else {
                let p = normalize(&vm.cwd, &target);
                if let Err(e) = sys.fs().write(&p, &body, false) {
                    vm.err(
                        sys,
                        &format!("wget: can't open '{target}': {}\n", e.strerror()),
                    );
                    return Run::Done(1);
                }
                if !quiet {
                    vm.err(sys, &format!("saving to '{target}'\n{target:<21}100% |********************************| {:>5}  0:00:00 ETA\n'{target}' saved\n", body.len()));
                }
            }
            Run::Done(0)
        }
    }
}

fn curl(vm: &mut Vm, sys: &mut Sys, argv: &[String]) -> Run {
    let args = &argv[1..];
    let mut silent = false;
    let mut show_err = false;
    let mut fail = false;
    let mut out_file: Option<String> = None;
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-o" | "--output" => {
                out_file = args.get(i + 1).cloned();
                i += 1;
            }
            "-H" | "-m" | "--max-time" | "-X" | "-d" | "-A" | "-w" | "--connect-timeout" => i += 1,
            s if s.starts_with("--") => {
                if s == "--silent" {
                    silent = true;
                } else if s == "--fail" {
                    fail = true;
                } else if s == "--show-error" {
                    show_err = true;
                }
            }
            s if s.starts_with('-') && s.len() > 1 => {
                for c in s[1..].chars() {
                    match c {
                        's' => silent = true,
                        'S' => show_err = true,
                        'f' => fail = true,
                        _ => {}
                    }
                }
            }
            _ => url = Some(a.clone()),
        }
        i += 1;
    }
    let Some(url) = url else {
        vm.err(sys, "curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        return Run::Done(2);
    };
    let (host, port, path) = parse_url(&url);
    let errs = !silent || show_err;
    let ua = "curl/7.88.1";
    match fetch(sys, &host, port, &path, ua) {
        Fetch::BadHost => {
            if errs {
                vm.err(sys, &format!("curl: (6) Could not resolve host: {host}\n"));
            }
            Run::Done(6)
        }
        Fetch::Refused(_) => {
            if errs {
                vm.err(sys, &format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n"));
            }
            Run::Done(7)
        }
        Fetch::Eof(_) => {
            if errs {
                vm.err(sys, "curl: (52) Empty reply from server\n");
            }
            Run::Done(52)
        }
        Fetch::Ok { status, body, .. } => {
            if fail && status >= 400 {
                if errs {
                    vm.err(
                        sys,
                        &format!("curl: (22) The requested URL returned error: {status}\n"),
                    );
                }
                return Run::Done(22);
            }
            match out_file {
                Some(f) if f != "-" => {
                    let p = normalize(&vm.cwd, &f);
                    let _ = sys.fs().write(&p, &body, false);
                }
                _ => vm.out(sys, &body),
            }
            Run::Done(0)
        }
    }
}

fn nc(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let verbose = args.iter().any(|a| a.starts_with('-') && a.contains('v'));
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let (Some(host), Some(port)) = (pos.first(), pos.get(1).and_then(|p| p.parse::<u16>().ok()))
    else {
        if args.iter().any(|a| a.contains('l')) {
            sys.diag("`nc -l` is not modelled; it is assumed to wait forever".into());
            let pid = sys.spawn_prog(ProgSpec {
                cmdline: String::new(),
                exit_out: None,
                comm: "nc".into(),
                timer: None,
                daemon: None,
                ports: Vec::new(),
                memory: 0,
                tail: false,
            });
            return Run::Wait(pid);
        }
        vm.err(sys, "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n");
        return Run::Done(1);
    };
    let local = sys.st.is_self(host)
        || sys
            .st
            .resolve(host)
            .is_some_and(|(_, ip)| ip == sys.st.pod_ip);
    if sys.st.resolve(host).is_none() && !sys.st.is_self(host) {
        vm.err(sys, &format!("nc: bad address '{host}'\n"));
        return Run::Done(1);
    }
    let open = local && sys.st.listener(port, sys.now).is_some();
    if open {
        if verbose {
            vm.err(sys, &format!("{host} ({port}) open\n"));
        }
        Run::Done(0)
    } else {
        if verbose || !args.iter().any(|a| a.contains('z')) {
            vm.err(
                sys,
                "nc: can't connect to remote host: Connection refused\n",
            );
        }
        Run::Done(1)
    }
}

fn date(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let fmt = args.iter().find(|a| a.starts_with('+'));
    let now = sys.now;
    let s = match fmt {
        None => date_string(now),
        Some(f) => {
            let d = date_string(now);
            let parts: Vec<&str> = d.split_whitespace().collect();
            let nt = nginx_time(now); // YYYY/MM/DD HH:MM:SS
            let (ymd, hms) = nt.split_once(' ').unwrap_or(("", ""));
            let ymd: Vec<&str> = ymd.split('/').collect();
            let hmsv: Vec<&str> = hms.split(':').collect();
            let mut o = String::new();
            let mut it = f[1..].chars();
            while let Some(c) = it.next() {
                if c != '%' {
                    o.push(c);
                    continue;
                }
                match it.next() {
                    Some('Y') => o.push_str(ymd.first().unwrap_or(&"")),
                    Some('m') => o.push_str(ymd.get(1).unwrap_or(&"")),
                    Some('d') => o.push_str(ymd.get(2).unwrap_or(&"")),
                    Some('H') => o.push_str(hmsv.first().unwrap_or(&"")),
                    Some('M') => o.push_str(hmsv.get(1).unwrap_or(&"")),
                    Some('S') => o.push_str(hmsv.get(2).unwrap_or(&"")),
                    Some('T') => o.push_str(hms),
                    Some('F') => o.push_str(&ymd.join("-")),
                    Some('s') => o.push_str(&(SIM_EPOCH_UNIX + now.whole_secs()).to_string()),
                    Some('a') => o.push_str(parts.first().unwrap_or(&"")),
                    Some('b') => o.push_str(parts.get(1).unwrap_or(&"")),
                    Some('Z') => o.push_str("UTC"),
                    Some('%') => o.push('%'),
                    Some(x) => {
                        o.push('%');
                        o.push(x);
                    }
                    None => o.push('%'),
                }
            }
            o
        }
    };
    vm.out(sys, &format!("{s}\n"));
    Run::Done(0)
}

fn grep(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let (mut quiet, mut invert, mut icase, mut count, mut numbers, mut fixed) =
        (false, false, false, false, false, false);
    let mut pos = Vec::new();
    for a in args {
        if a.starts_with('-') && a.len() > 1 {
            for c in a[1..].chars() {
                match c {
                    'q' => quiet = true,
                    'v' => invert = true,
                    'i' => icase = true,
                    'c' => count = true,
                    'n' => numbers = true,
                    'F' => fixed = true,
                    _ => {}
                }
            }
        } else {
            pos.push(a.clone());
        }
    }
    let Some(pat) = pos.first().cloned() else {
        vm.err(sys, "grep: no pattern\n");
        return Run::Done(2);
    };
    let text = if pos.len() > 1 {
        let mut t = String::new();
        for f in &pos[1..] {
            let p = normalize(&vm.cwd, f);
            let r = sys.fs().read(&p).map(str::to_string);
            match r {
                Ok(s) => t.push_str(&s),
                Err(e) => {
                    vm.err(sys, &format!("grep: {f}: {}\n", e.strerror()));
                    return Run::Done(2);
                }
            }
        }
        t
    } else {
        vm.read_stdin_all()
    };
    let pat: String = pat.chars().take(1024).collect();
    // -i folds ASCII only: containers run in the POSIX locale unless LANG says otherwise.
    let pat = if icase { pat.to_ascii_lowercase() } else { pat };
    let mut n = 0;
    let mut out = String::new();
    for (k, line) in text.lines().enumerate() {
        // Bounded: the matcher recurses per character.
        let line: String = line.chars().take(4096).collect();
        let line = line.as_str();
        let l = if icase {
            line.to_ascii_lowercase()
        } else {
            line.to_string()
        };
        let hit = if fixed {
            l.contains(&pat)
        } else {
            regex_search(&pat, &l)
        };
        if hit != invert {
            n += 1;
            if numbers {
                out.push_str(&format!("{}:", k + 1));
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    if count {
        vm.out(sys, &format!("{n}\n"));
    } else if !quiet {
        vm.out(sys, &out);
    }
    Run::Done(if n > 0 { 0 } else { 1 })
}

/// Basic regular expressions: literals, `.`, `*`, `^`, `$`, `[...]`.
fn regex_search(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    if p.first() == Some(&'^') {
        return re_here(&p[1..], &t, 0);
    }
    (0..=t.len()).any(|i| re_here(&p, &t, i))
}

fn re_atom_len(p: &[char]) -> usize {
    if p.first() == Some(&'[') {
        p.iter()
            .skip(2)
            .position(|c| *c == ']')
            .map(|i| i + 3)
            .unwrap_or(1)
    } else if p.first() == Some(&'\\') && p.len() > 1 {
        2
    } else {
        1
    }
}

fn re_atom_match(atom: &[char], c: char) -> bool {
    match atom {
        ['.'] => true,
        ['\\', x] => *x == c,
        ['[', inner @ .., ']'] => {
            let (neg, inner) = if inner.first() == Some(&'^') {
                (true, &inner[1..])
            } else {
                (false, inner)
            };
            let mut hit = false;
            let mut i = 0;
            while i < inner.len() {
                if i + 2 < inner.len() && inner[i + 1] == '-' {
                    if inner[i] <= c && c <= inner[i + 2] {
                        hit = true;
                    }
                    i += 3;
                } else {
                    if inner[i] == c {
                        hit = true;
                    }
                    i += 1;
                }
            }
            hit != neg
        }
        [x] => *x == c,
        _ => false,
    }
}

fn re_here(p: &[char], t: &[char], i: usize) -> bool {
    if p.is_empty() {
        return true;
    }
    if p == ['$'] {
        return i == t.len();
    }
    let al = re_atom_len(p);
    let atom = &p[..al];
    if p.get(al) == Some(&'*') {
        let mut j = i;
        loop {
            if re_here(&p[al + 1..], t, j) {
                return true;
            }
            if j < t.len() && re_atom_match(atom, t[j]) {
                j += 1;
            } else {
                return false;
            }
        }
    }
    i < t.len() && re_atom_match(atom, t[i]) && re_here(&p[al..], t, i + 1)
}

fn wc(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let text = match files.first() {
        Some(f) => {
            let p = normalize(&vm.cwd, f);
            sys.fs().read(&p).map(str::to_string).unwrap_or_default()
        }
        None => vm.read_stdin_all(),
    };
    let l = text.matches('\n').count();
    let w = text.split_whitespace().count();
    let c = text.len();
    let s = if args.iter().any(|a| a == "-l") {
        format!("{l}")
    } else if args.iter().any(|a| a == "-c") {
        format!("{c}")
    } else if args.iter().any(|a| a == "-w") {
        format!("{w}")
    } else {
        format!("{l:>7} {w:>7} {c:>7}")
    };
    let s = match files.first() {
        Some(f) => format!("{s} {f}\n"),
        None => format!("{s}\n"),
    };
    vm.out(sys, &s);
    Run::Done(0)
}

#[allow(dead_code)]
pub(crate) fn stream_of(fd: u32) -> Stream {
    if fd == 2 {
        Stream::Stderr
    } else {
        Stream::Stdout
    }
}

/// `timeout [-s SIG] DURATION CMD...`: runs CMD; if it is still running after DURATION it is
/// killed and the status is 124 (busybox and coreutils agree).
fn timeout_applet(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') {
        // -s SIG / -k DUR / -t DUR (old busybox)
        if matches!(args[i].as_str(), "-s" | "-k" | "-t") {
            i += 1;
        }
        i += 1;
    }
    let Some(dur) = args.get(i) else {
        vm.err(sys, "timeout: missing operand\n");
        return Run::Done(125);
    };
    let Ok(limit) = parse_sleep(dur) else {
        vm.err(sys, &format!("timeout: invalid time interval '{dur}'\n"));
        return Run::Done(125);
    };
    let cmd = args[i + 1..].to_vec();
    if cmd.is_empty() {
        vm.err(sys, "timeout: missing operand\n");
        return Run::Done(125);
    }
    let child = Vm::for_argv(&cmd, vm.vars.clone(), &vm.cwd);
    let pid = sys.spawn_shell(child, &cmd[0]);
    if let (Some(ms), Some(p)) = (
        limit,
        sys.st
            .inst_mut(sys.cidx)
            .and_then(|i| i.procs.get_mut(&pid)),
    ) {
        p.timer = Some((sys.now + SimTime::from_millis(ms), 124));
    }
    Run::Wait(pid)
}

/// End of a basic-regex match of `p` starting at `t[i]` (greedy, backtracking).
fn re_end(p: &[char], t: &[char], i: usize, depth: usize) -> Option<usize> {
    if depth > 2000 {
        return None;
    }
    if p.is_empty() {
        return Some(i);
    }
    if p == ['$'] {
        return (i == t.len()).then_some(i);
    }
    let al = re_atom_len(p);
    let atom = &p[..al];
    if p.get(al) == Some(&'*') {
        let mut j = i;
        while j < t.len() && re_atom_match(atom, t[j]) {
            j += 1;
        }
        loop {
            if let Some(e) = re_end(&p[al + 1..], t, j, depth + 1) {
                return Some(e);
            }
            if j == i {
                return None;
            }
            j -= 1;
        }
    }
    if i < t.len() && re_atom_match(atom, t[i]) {
        re_end(&p[al..], t, i + 1, depth + 1)
    } else {
        None
    }
}

/// Leftmost match of `pat` in `t` at or after `from`: (start, end).
fn re_find(pat: &[char], t: &[char], from: usize) -> Option<(usize, usize)> {
    if pat.first() == Some(&'^') {
        return if from == 0 {
            re_end(&pat[1..], t, 0, 0).map(|e| (0, e))
        } else {
            None
        };
    }
    (from..=t.len()).find_map(|i| re_end(pat, t, i, 0).map(|e| (i, e)))
}

enum SedCmd {
    Subst {
        re: Vec<char>,
        rep: String,
        global: bool,
        print: bool,
    },
    Delete(Option<Vec<char>>),
    Print(Option<Vec<char>>),
}

fn parse_sed(script: &str) -> Result<Vec<SedCmd>, String> {
    let c: Vec<char> = script.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < c.len() {
        while i < c.len() && (c[i] == ';' || c[i] == '\n' || c[i] == ' ') {
            i += 1;
        }
        if i >= c.len() {
            break;
        }
        let mut addr = None;
        if c[i] == '/' {
            let end = c[i + 1..]
                .iter()
                .position(|x| *x == '/')
                .ok_or("unterminated address regex")?;
            addr = Some(c[i + 1..i + 1 + end].to_vec());
            i += end + 2;
        }
        match c.get(i) {
            Some('s') => {
                let d = *c.get(i + 1).ok_or("unterminated `s' command")?;
                let mut parts = vec![String::new()];
                let mut k = i + 2;
                while k < c.len() && parts.len() < 3 {
                    if c[k] == '\\' && c.get(k + 1) == Some(&d) {
                        if let Some(p) = parts.last_mut() {
                            p.push(d);
                        }
                        k += 2;
                        continue;
                    }
                    if c[k] == d {
                        parts.push(String::new());
                    } else if let Some(p) = parts.last_mut() {
                        p.push(c[k]);
                    }
                    k += 1;
                }
                if parts.len() < 3 {
                    return Err("unterminated `s' command".into());
                }
                let flags = parts.pop().unwrap_or_default();
                let mut flag_end = k;
                while flag_end < c.len() && c[flag_end] != ';' && c[flag_end] != '\n' {
                    flag_end += 1;
                }
                let more: String = c[k..flag_end].iter().collect();
                let flags = format!("{flags}{more}");
                let rep = parts.pop().unwrap_or_default();
                let re = parts.pop().unwrap_or_default();
                out.push(SedCmd::Subst {
                    re: re.chars().collect(),
                    rep,
                    global: flags.contains('g'),
                    print: flags.contains('p'),
                });
                i = flag_end;
            }
            Some('d') => {
                out.push(SedCmd::Delete(addr));
                i += 1;
            }
            Some('p') => {
                out.push(SedCmd::Print(addr));
                i += 1;
            }
            Some(x) => return Err(format!("unknown command: `{x}'")),
            None => return Err("missing command".into()),
        }
    }
    Ok(out)
}

fn sed_line(cmds: &[SedCmd], line: &str, quiet: bool) -> String {
    let mut cur: Vec<char> = line.chars().collect();
    let mut extra = String::new();
    for cmd in cmds {
        match cmd {
            SedCmd::Subst {
                re,
                rep,
                global,
                print,
            } => {
                let mut out: Vec<char> = Vec::new();
                let mut pos = 0;
                let mut changed = false;
                while pos <= cur.len() {
                    let Some((s, e)) = re_find(re, &cur, pos) else {
                        break;
                    };
                    out.extend_from_slice(&cur[pos..s]);
                    let matched: String = cur[s..e].iter().collect();
                    let mut r = rep.chars().peekable();
                    while let Some(ch) = r.next() {
                        match ch {
                            '&' => out.extend(matched.chars()),
                            '\\' => {
                                if let Some(n) = r.next() {
                                    out.push(if n == 'n' { '\n' } else { n });
                                }
                            }
                            c => out.push(c),
                        }
                    }
                    changed = true;
                    if e == s {
                        if s < cur.len() {
                            out.push(cur[s]);
                        }
                        pos = s + 1;
                    } else {
                        pos = e;
                    }
                    if !global {
                        break;
                    }
                }
                if changed {
                    if pos < cur.len() {
                        out.extend_from_slice(&cur[pos..]);
                    }
                    cur = out;
                    if *print {
                        extra.push_str(&cur.iter().collect::<String>());
                        extra.push('\n');
                    }
                }
            }
            SedCmd::Delete(addr) => {
                if addr.as_ref().is_none_or(|a| re_find(a, &cur, 0).is_some()) {
                    return extra;
                }
            }
            SedCmd::Print(addr) => {
                if addr.as_ref().is_none_or(|a| re_find(a, &cur, 0).is_some()) {
                    extra.push_str(&cur.iter().collect::<String>());
                    extra.push('\n');
                }
            }
        }
    }
    if !quiet {
        extra.push_str(&cur.iter().collect::<String>());
        extra.push('\n');
    }
    extra
}

/// `sed [-n] [-i] [-e SCRIPT]... [SCRIPT] [FILE]...`: `s/re/rep/[gp]`, `/re/d`, `d`, `p`.
fn sed(vm: &mut Vm, sys: &mut Sys, args: &[String]) -> Run {
    let (mut quiet, mut inplace) = (false, false);
    let mut scripts = Vec::new();
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-n" => quiet = true,
            "-i" => inplace = true,
            "-e" => {
                if let Some(s) = args.get(i + 1) {
                    scripts.push(s.clone());
                }
                i += 1;
            }
            "-E" | "-r" => {}
            s if s.starts_with("-i") => inplace = true,
            _ => {
                if scripts.is_empty() {
                    scripts.push(a.clone());
                } else {
                    files.push(a.clone());
                }
            }
        }
        i += 1;
    }
    let cmds = match parse_sed(&scripts.join("\n")) {
        Ok(c) => c,
        Err(e) => {
            vm.err(sys, &format!("sed: -e expression #1, char 0: {e}\n"));
            return Run::Done(1);
        }
    };
    let run = |text: &str| -> String { text.lines().map(|l| sed_line(&cmds, l, quiet)).collect() };
    if files.is_empty() {
        let input = vm.read_stdin_all();
        let out = run(&input);
        vm.out(sys, &out);
        return Run::Done(0);
    }
    let mut st = 0;
    for f in &files {
        let p = normalize(&vm.cwd, f);
        let text = match sys.fs().read(&p) {
            Ok(t) => t.to_string(),
            Err(e) => {
                let m = if gnu(sys) {
                    format!("sed: can't read {f}: {}\n", e.strerror())
                } else {
                    format!("sed: {f}: {}\n", e.strerror())
                };
                vm.err(sys, &m);
                st = if gnu(sys) { 2 } else { 1 };
                continue;
            }
        };
        let out = run(&text);
        if inplace {
            if let Err(e) = sys.fs().write(&p, &out, false) {
                vm.err(sys, &format!("sed: can't create {f}: {}\n", e.strerror()));
                st = 4;
            }
        } else {
            vm.out(sys, &out);
        }
    }
    Run::Done(st)
}
