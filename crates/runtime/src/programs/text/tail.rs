//! `tail`, including `-f`/`-F`: a process that prints what is appended to its file (the
//! scheduler feeds it).

use crate::kernel::fs::normalize;
use crate::kernel::process::{ProgramSpec, Syscalls};
use crate::programs::messages::gnu;
use crate::shell::vm::{Run, Vm};

pub(crate) fn tail(vm: &mut Vm, sys: &mut Syscalls, args: &[String], tailpos: bool) -> Run {
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
    let mut status = 0;
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
                status = 1;
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
        let pid = sys.spawn_program(ProgramSpec {
            cmdline: String::new(),
            exit_output: None,
            comm: "tail".into(),
            timer: None,
            daemon: None,
            ports: Vec::new(),
            memory: 0,
            tail: tailpos,
        });
        if let Some(p) = sys
            .pod
            .instance_mut(sys.container_index)
            .and_then(|i| i.processes.get_mut(&pid))
        {
            p.follow = Some((path, offset));
        }
        return Run::Wait(pid);
    }
    Run::Done(status)
}
