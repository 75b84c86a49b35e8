//! `head`.

use crate::kernel::fs::normalize;
use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

pub(crate) fn head(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let mut n = 10usize;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-n" {
            n = args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(10);
            i += 1;
        } else if a.starts_with('-') && a[1..].chars().all(|c| c.is_ascii_digit()) && a.len() > 1 {
            n = a[1..].parse().unwrap_or(10);
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let text = if files.is_empty() {
        vm.read_stdin_all()
    } else {
        let p = normalize(&vm.cwd, &files[0]);
        let r = sys.fs().read(&p).map(str::to_string);
        match r {
            Ok(s) => s,
            Err(e) => {
                vm.err(
                    sys,
                    &format!("head: can't open '{}': {}\n", files[0], e.strerror()),
                );
                return Run::Done(1);
            }
        }
    };
    let out: String = text.split_inclusive('\n').take(n).collect();
    vm.out(sys, &out);
    Run::Done(0)
}
