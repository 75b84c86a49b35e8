//! `kill`: a builtin in both ash and dash (their own wording), and busybox's program.

use crate::kernel::process::Syscalls;
use crate::kernel::signals::signal_number;
use crate::shell::vm::{Run, Vm};

pub(crate) fn kill(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
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
    let mut status = 0;
    for a in &args[i..] {
        let pid = match a.parse::<u32>() {
            Ok(p) => p,
            Err(_) => {
                let p = vm.diag_prefix(sys);
                vm.err(sys, &format!("{p}kill: invalid number '{a}'\n"));
                status = 1;
                continue;
            }
        };
        if !sys.process_alive(pid) {
            let p = vm.diag_prefix(sys);
            let m = if sys.dash() {
                format!("{p}kill: No such process\n")
            } else {
                format!("{p}can't kill pid {pid}: No such process\n")
            };
            vm.err(sys, &m);
            status = 1;
            continue;
        }
        sys.send_signal(pid, sig);
    }
    Run::Done(status)
}
