//! busybox `wget`.

use super::fetch::{fetch, parse_url, Fetch};
use crate::kernel::fs::{basename, normalize};
use crate::kernel::http::reason_phrase;
use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

pub(crate) fn wget(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
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
