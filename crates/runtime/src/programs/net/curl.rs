//! `curl` (the curl images' and Debian's).

use super::fetch::{fetch, parse_url, Fetch};
use crate::kernel::fs::normalize;
use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

pub(crate) fn curl(vm: &mut Vm, sys: &mut Syscalls, argv: &[String]) -> Run {
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
    let user_agent = "curl/7.88.1";
    match fetch(sys, &host, port, &path, user_agent) {
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
