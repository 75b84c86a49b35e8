//! `wc`.

use crate::kernel::fs::normalize;
use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

pub(crate) fn wc(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let text = match files.first() {
        Some(f) => {
            let p = normalize(&vm.cwd, f);
            sys.fs().read(&p).map(str::to_string).unwrap_or_default()
        }
        None => vm.read_stdin_all(),
    };
    let l = text.matches('\n').count();
    let w = text.split_whitespace().count();
    let c = text.len();
    let s = if args.iter().any(|a| a == "-l") {
        format!("{l}")
    } else if args.iter().any(|a| a == "-c") {
        format!("{c}")
    } else if args.iter().any(|a| a == "-w") {
        format!("{w}")
    } else {
        format!("{l:>7} {w:>7} {c:>7}")
    };
    let s = match files.first() {
        Some(f) => format!("{s} {f}\n"),
        None => format!("{s}\n"),
    };
    vm.out(sys, &s);
    Run::Done(0)
}
