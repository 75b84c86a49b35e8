//! `nslookup` (busybox 1.28's output format) against the cluster DNS.

use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

pub(crate) fn nslookup(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        vm.err(sys, "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n");
        return Run::Done(1);
    };
    let header =
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n";
    match sys.pod.resolve(name) {
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
