//! Who and where: `hostname`, `env`/`printenv`, `id`, `whoami`, `uname`, `which`, `date`.

use crate::kernel::clock::{date_string, numeric_date_time, SIM_EPOCH_UNIX};
use crate::kernel::process::Syscalls;
use crate::programs::messages::gnu;
use crate::shell::vm::{Run, Vm};

pub(crate) fn hostname(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let s = if args.first().map(String::as_str) == Some("-i") {
        sys.pod.pod_ip.clone()
    } else {
        sys.pod.hostname.clone()
    };
    vm.out(sys, &format!("{s}\n"));
    Run::Done(0)
}

/// `env` and `printenv` (`name`).
pub(crate) fn env(vm: &mut Vm, sys: &mut Syscalls, args: &[String], name: &str) -> Run {
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

pub(crate) fn id(vm: &mut Vm, sys: &mut Syscalls) -> Run {
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

pub(crate) fn whoami(vm: &mut Vm, sys: &mut Syscalls) -> Run {
    vm.out(sys, "root\n");
    Run::Done(0)
}

pub(crate) fn uname(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let s = if args.iter().any(|a| a == "-a") {
        format!("Linux {} 6.8.0 #1 SMP x86_64 GNU/Linux\n", sys.pod.hostname)
    } else {
        "Linux\n".to_string()
    };
    vm.out(sys, &s);
    Run::Done(0)
}

pub(crate) fn which(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let mut status = 0;
    for a in args {
        match vm.which(sys, a) {
            Some(p) => vm.out(sys, &format!("{p}\n")),
            None => status = 1,
        }
    }
    Run::Done(status)
}

pub(crate) fn date(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let fmt = args.iter().find(|a| a.starts_with('+'));
    let now = sys.now;
    let s = match fmt {
        None => date_string(now),
        Some(f) => {
            let d = date_string(now);
            let parts: Vec<&str> = d.split_whitespace().collect();
            let nt = numeric_date_time(now); // YYYY/MM/DD HH:MM:SS
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
