//! busybox `nc`: connect to a port (`-z` scan); `nc -l` is not modelled.

use crate::kernel::process::{ProgramSpec, Syscalls};
use crate::shell::vm::{Run, Vm};

pub(crate) fn nc(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let verbose = args.iter().any(|a| a.starts_with('-') && a.contains('v'));
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let (Some(host), Some(port)) = (pos.first(), pos.get(1).and_then(|p| p.parse::<u16>().ok()))
    else {
        if args.iter().any(|a| a.contains('l')) {
            sys.add_diagnostic(crate::api::sentence::Guess::NcListenNotModelled);
            let pid = sys.spawn_program(ProgramSpec {
                cmdline: String::new(),
                exit_output: None,
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
    let local = sys.pod.is_self(host)
        || sys
            .pod
            .resolve(host)
            .is_some_and(|(_, ip)| ip == sys.pod.pod_ip);
    if sys.pod.resolve(host).is_none() && !sys.pod.is_self(host) {
        vm.err(sys, &format!("nc: bad address '{host}'\n"));
        return Run::Done(1);
    }
    let open = local && sys.pod.listener(port, sys.now).is_some();
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
