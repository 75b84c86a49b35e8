//! The programs of the images: the busybox applets and GNU tools (each with its own messages),
//! the text and network tools, and the servers. They run on the shell (`Vm`: arguments,
//! stdin/stdout) and the kernel (`Syscalls`). `Userland` is what the crate root hands the shell
//! (to run programs) and the kernel (to reach the servers).

mod coreutils;
mod messages;
#[cfg(not(feature = "lite-servers"))]
mod net;
mod processes;
pub(crate) mod servers;
mod shell;
pub(crate) mod stress;
mod text;

use podlife_spec::profile::Rule;
use podlife_spec::SimTime;

use self::coreutils::sleep::{sleep, timeout};
use self::coreutils::{files, numbers, paths, system};
#[cfg(not(feature = "lite-servers"))]
use self::net::{curl::curl, nc::nc, nslookup::nslookup, wget::wget};
#[cfg(not(feature = "lite-servers"))]
use self::servers::nginx::NGINX_ENTRYPOINT_LINES;
#[cfg(not(feature = "lite-servers"))]
use self::servers::{fallback, go, httpd, nginx, redis};
use self::shell::{run_shell_text, sh};
#[cfg(not(feature = "lite-servers"))]
use self::stress::stress;
#[cfg(not(feature = "lite"))]
use self::text::awk::awk;
#[cfg(not(feature = "lite-servers"))]
use self::text::grep::grep;
use self::text::head::head;
#[cfg(not(feature = "lite-servers"))]
use self::text::sed::sed;
use self::text::tail;
use self::text::wc::wc;
use crate::api::sentence::Guess;
use crate::api::HttpAnswer;
use crate::kernel::executables::Found;
use crate::kernel::fs::basename;
use crate::kernel::http::HttpRequest;
use crate::kernel::images::Daemon;
use crate::kernel::process::{PodState, Servers, SignalReaction, Syscalls};
use crate::shell::builtins::echo::{echo, printf};
use crate::shell::builtins::kill::kill;
use crate::shell::builtins::test::{bracket, test};
use crate::shell::vm::{Programs, Run, Vm};

pub(crate) use self::coreutils::sleep::parse_sleep;

/// The userland: runs programs for the shell, answers for the servers to the kernel.
#[derive(Debug)]
pub(crate) struct Userland;

impl Programs for Userland {
    fn run_external(&self, vm: &mut Vm, sys: &mut Syscalls, argv: &[String], tail: bool) -> Run {
        run_external(vm, sys, argv, tail)
    }
}

impl Servers for Userland {
    #[cfg(feature = "lite-servers")]
    fn http_get(&self, pod: &mut PodState, _request: &HttpRequest) -> HttpAnswer {
        pod.not_in_build("servers");
        HttpAnswer::Refused
    }

    #[cfg(feature = "lite-servers")]
    fn signal_reaction(
        &self,
        _pod: &PodState,
        _container: usize,
        daemon: Daemon,
        _signal: i32,
        _pid_shown: u32,
        _now: SimTime,
    ) -> Option<SignalReaction> {
        // A server can only run after its program started, which recorded `not_in_build`.
        let _ = daemon;
        None
    }

    #[cfg(not(feature = "lite-servers"))]
    fn http_get(&self, pod: &mut PodState, request: &HttpRequest) -> HttpAnswer {
        match request.daemon {
            Daemon::Nginx => nginx::http_get(pod, request),
            Daemon::Liveness => go::liveness_http_get(pod, request),
            Daemon::GoProxy => go::goproxy_http_get(),
            Daemon::Httpd => httpd::http_get(pod, request),
            Daemon::Redis => redis::http_get(),
            // stress listens on nothing.
            Daemon::Stress => HttpAnswer::Refused,
            Daemon::Generic => fallback::http_get(),
        }
    }

    #[cfg(not(feature = "lite-servers"))]
    fn signal_reaction(
        &self,
        pod: &PodState,
        container: usize,
        daemon: Daemon,
        signal: i32,
        pid_shown: u32,
        now: SimTime,
    ) -> Option<SignalReaction> {
        match daemon {
            Daemon::Nginx => nginx::signal_reaction(pod, container, signal, pid_shown, now),
            Daemon::Httpd => httpd::signal_reaction(signal),
            Daemon::Redis => redis::signal_reaction(signal),
            Daemon::Liveness | Daemon::GoProxy => go::signal_reaction(signal),
            Daemon::Generic => fallback::signal_reaction(signal),
            Daemon::Stress => None,
        }
    }
}

/// Runs a command that is not a shell builtin or function.
pub(crate) fn run_external(vm: &mut Vm, sys: &mut Syscalls, argv: &[String], tail: bool) -> Run {
    let name = argv[0].clone();
    sys.argv = argv.join(" ");
    match vm.find_program(sys, &name) {
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
            run_shell_text(
                vm,
                sys,
                &text,
                &name,
                argv[1..].to_vec(),
                tail,
                (false, false),
            )
        }
        Found::Program { path, prog } => match prog.as_str() {
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
            #[cfg(not(feature = "lite-servers"))]
            "nginx" => nginx::nginx(vm, sys, argv, tail),
            #[cfg(not(feature = "lite-servers"))]
            "nginx-entrypoint" => {
                if argv.len() < 2 {
                    return Run::Done(0);
                }
                if basename(&argv[1]) == "nginx" || argv[1] == "nginx-debug" {
                    vm.out(sys, NGINX_ENTRYPOINT_LINES);
                }
                run_external(vm, sys, &argv[1..], tail)
            }
            #[cfg(not(feature = "lite-servers"))]
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
            #[cfg(not(feature = "lite-servers"))]
            "curl" => curl(vm, sys, argv),
            #[cfg(not(feature = "lite-servers"))]
            "liveness-server" => go::liveness(vm, sys, tail),
            #[cfg(not(feature = "lite-servers"))]
            "goproxy" => go::goproxy(vm, sys, tail),
            #[cfg(not(feature = "lite-servers"))]
            "httpd" => httpd::start(vm, sys, tail),
            #[cfg(not(feature = "lite-servers"))]
            "redis" => redis::start(vm, sys, tail),
            #[cfg(not(feature = "lite-servers"))]
            "stress" => stress(vm, sys, argv, tail),
            #[cfg(not(feature = "lite-servers"))]
            "generic-server" => fallback::start(vm, sys, &path, tail),
            #[cfg(feature = "lite-servers")]
            "nginx" | "nginx-entrypoint" | "redis-entrypoint" | "curl" | "liveness-server"
            | "goproxy" | "httpd" | "redis" | "stress" | "generic-server" => {
                sys.pod.not_in_build("servers and network tools");
                Run::Done(0)
            }
            _ => {
                sys.add_diagnostic(Guess::ProgramNotModelled {
                    command: argv.join(" "),
                });
                Run::Done(0)
            }
        },
    }
}

/// Runs the applet `name` (busybox's multi-call dispatch, a coreutils program, or a builtin
/// run as a program). To add a program: a file under the directory of its kind, and its line
/// here.
fn run_applet_named(
    vm: &mut Vm,
    sys: &mut Syscalls,
    argv: &[String],
    name: &str,
    tail: bool,
) -> Run {
    let args: Vec<String> = argv[1..].to_vec();
    match name {
        "sh" | "ash" | "dash" | "bash" => sh(vm, sys, argv, tail),
        "true" => Run::Done(0),
        "false" => Run::Done(1),
        "echo" => echo(vm, sys, &args),
        "printf" => printf(vm, sys, &args),
        "test" => Run::Done(test(vm, sys, &args, "test")),
        "[" => bracket(vm, sys, &args),
        "sleep" | "usleep" => sleep(vm, sys, &args, tail, name == "usleep"),
        "cat" => files::cat(vm, sys, &args),
        "touch" => files::touch(vm, sys, &args),
        "rm" => files::rm(vm, sys, &args),
        "mkdir" => files::mkdir(vm, sys, &args),
        "rmdir" => files::rmdir(vm, sys, &args),
        "ls" => files::ls(vm, sys, &args),
        "kill" => kill(vm, sys, &args),
        "killall" => processes::killall(vm, sys, &args),
        "pidof" => processes::pidof(vm, sys, &args),
        "ps" => processes::ps(vm, sys),
        "tail" => tail::tail(vm, sys, &args, tail),
        "head" => head(vm, sys, &args),
        #[cfg(not(feature = "lite-servers"))]
        "nslookup" => nslookup(vm, sys, &args),
        #[cfg(not(feature = "lite-servers"))]
        "wget" => wget(vm, sys, &args),
        #[cfg(not(feature = "lite-servers"))]
        "curl" => curl(vm, sys, argv),
        #[cfg(not(feature = "lite-servers"))]
        "nc" => nc(vm, sys, &args),
        "date" => system::date(vm, sys, &args),
        "hostname" => system::hostname(vm, sys, &args),
        "env" | "printenv" => system::env(vm, sys, &args, name),
        "pwd" => paths::pwd(vm, sys),
        "id" => system::id(vm, sys),
        "whoami" => system::whoami(vm, sys),
        "uname" => system::uname(vm, sys, &args),
        #[cfg(not(feature = "lite-servers"))]
        "grep" => grep(vm, sys, &args),
        "wc" => wc(vm, sys, &args),
        "seq" => numbers::seq(vm, sys, &args),
        "cp" | "mv" => files::copy(vm, sys, &args, name),
        "basename" => paths::basename(vm, sys, &args),
        "dirname" => paths::dirname(vm, sys, &args),
        "tee" => files::tee(vm, sys, &args),
        "chmod" | "chown" | "sync" | "ln" | "mount" => Run::Done(0),
        "timeout" => timeout(vm, sys, &args),
        #[cfg(not(feature = "lite-servers"))]
        "sed" => sed(vm, sys, &args),
        "which" => system::which(vm, sys, &args),
        "expr" => numbers::expr(vm, sys, &args),
        #[cfg(not(feature = "lite"))]
        "awk" | "mawk" if sys.has(Rule::AwkPrograms) => awk(vm, sys, &args, tail),
        #[cfg(feature = "lite")]
        "awk" | "mawk" if sys.has(Rule::AwkPrograms) => {
            sys.pod.not_in_build("awk");
            Run::Done(0)
        }
        #[cfg(feature = "lite-servers")]
        "nslookup" | "wget" | "curl" | "nc" | "grep" | "sed" => {
            sys.pod.not_in_build("network and text tools");
            Run::Done(0)
        }
        _ => {
            sys.add_diagnostic(Guess::CommandNotModelled {
                name: name.to_string(),
            });
            Run::Done(0)
        }
    }
}
