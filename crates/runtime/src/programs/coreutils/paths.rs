//! Path names: `basename`, `dirname`, `pwd`.

use crate::kernel::fs::{basename as base_name, parent};
use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

pub(crate) fn basename(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let s = args
        .first()
        .map(|a| base_name(a.trim_end_matches('/')).to_string())
        .unwrap_or_default();
    let s = match args.get(1) {
        Some(suf) => s
            .strip_suffix(suf.as_str())
            .map(str::to_string)
            .unwrap_or(s),
        None => s,
    };
    vm.out(sys, &format!("{s}\n"));
    Run::Done(0)
}

pub(crate) fn dirname(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let s = args
        .first()
        .map(|a| parent(a.trim_end_matches('/')))
        .unwrap_or_else(|| ".".into());
    let s = if args.first().is_some_and(|a| !a.contains('/')) {
        ".".to_string()
    } else {
        s
    };
    vm.out(sys, &format!("{s}\n"));
    Run::Done(0)
}

pub(crate) fn pwd(vm: &mut Vm, sys: &mut Syscalls) -> Run {
    let c = format!("{}\n", vm.cwd);
    vm.out(sys, &c);
    Run::Done(0)
}
