//! Time: `sleep`/`usleep` and `timeout`.

use podlife_spec::SimTime;

use crate::kernel::process::{ProgramSpec, Syscalls};
use crate::programs::messages::gnu;
use crate::shell::vm::{Run, Vm};

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

pub(crate) fn sleep(
    vm: &mut Vm,
    sys: &mut Syscalls,
    args: &[String],
    tail: bool,
    micro: bool,
) -> Run {
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
    let pid = sys.spawn_program(ProgramSpec {
        cmdline: String::new(),
        exit_output: None,
        comm: "sleep".into(),
        timer,
        daemon: None,
        ports: Vec::new(),
        memory: 0,
        tail,
    });
    Run::Wait(pid)
}

/// `timeout [-s SIG] DURATION CMD...`: runs CMD; if it is still running after DURATION it is
/// killed and the status is 124 (busybox and coreutils agree).
pub(crate) fn timeout(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
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
    let command = args[i + 1..].to_vec();
    if command.is_empty() {
        vm.err(sys, "timeout: missing operand\n");
        return Run::Done(125);
    }
    let child = Vm::for_argv(&command, vm.vars.clone(), &vm.cwd, vm.programs());
    let pid = sys.spawn_shell(Box::new(child), &command[0]);
    if let (Some(ms), Some(p)) = (
        limit,
        sys.pod
            .instance_mut(sys.container_index)
            .and_then(|i| i.processes.get_mut(&pid)),
    ) {
        p.timer = Some((sys.now + SimTime::from_millis(ms), 124));
    }
    Run::Wait(pid)
}
