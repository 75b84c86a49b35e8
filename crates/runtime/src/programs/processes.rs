//! Processes (procps/psmisc): `ps`, `pidof`, `killall` (`kill` is a shell builtin).

use crate::kernel::process::Syscalls;
use crate::kernel::signals::signal_number;
use crate::shell::vm::{Run, Vm};

pub(crate) fn killall(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
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
    let mut status = 0;
    for n in names {
        let pids: Vec<u32> = sys
            .processes()
            .into_iter()
            .filter(|(p, c)| *c == n && *p != me)
            .map(|(p, _)| p)
            .collect();
        if pids.is_empty() {
            if !quiet {
                vm.err(sys, &format!("killall: {n}: no process killed\n"));
            }
            status = 1;
            continue;
        }
        for p in pids {
            sys.send_signal(p, sig);
        }
    }
    Run::Done(status)
}

pub(crate) fn pidof(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let mut out = Vec::new();
    for a in args {
        for (pid, comm) in sys.processes() {
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

pub(crate) fn ps(vm: &mut Vm, sys: &mut Syscalls) -> Run {
    let mut s = String::from("PID   USER     TIME  COMMAND\n");
    for (pid, command) in sys.ps() {
        s.push_str(&format!("{pid:>5} root      0:00 {command}\n"));
    }
    vm.out(sys, &s);
    Run::Done(0)
}
