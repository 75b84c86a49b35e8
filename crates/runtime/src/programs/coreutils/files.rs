//! Files and directories: `cat`, `touch`, `rm`, `rmdir`, `mkdir`, `ls`, `cp`/`mv`, `tee`.

use crate::kernel::fs::{basename, normalize, Entry, FsError};
use crate::kernel::process::Syscalls;
use crate::programs::messages::{cannot, gnu};
use crate::shell::vm::{Run, Vm};

pub(crate) fn cat(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let files: Vec<&String> = args
        .iter()
        .filter(|a| !(a.starts_with('-') && a.len() > 1))
        .collect();
    if files.is_empty() {
        let s = vm.read_stdin_all();
        vm.out(sys, &s);
        return Run::Done(0);
    }
    let mut status = 0;
    for f in files {
        if f == "-" {
            let s = vm.read_stdin_all();
            vm.out(sys, &s);
            continue;
        }
        let p = normalize(&vm.cwd, f);
        let r = sys.fs().read(&p).map(str::to_string);
        match r {
            Ok(s) => vm.out(sys, &s),
            Err(e) => {
                let m = if gnu(sys) {
                    format!("cat: {f}: {}\n", e.strerror())
                } else if e == FsError::IsDir {
                    format!("cat: read error: {}\n", e.strerror())
                } else {
                    format!("cat: can't open '{f}': {}\n", e.strerror())
                };
                vm.err(sys, &m);
                status = 1;
            }
        }
    }
    Run::Done(status)
}

pub(crate) fn touch(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let mut status = 0;
    for f in args.iter().filter(|a| !a.starts_with('-')) {
        let p = normalize(&vm.cwd, f);
        let exists = sys.fs().stat(&p).is_some();
        if exists {
            continue;
        }
        if let Err(e) = sys.fs().write(&p, "", false) {
            let m = if gnu(sys) {
                format!("touch: cannot touch '{f}': {}\n", e.strerror())
            } else {
                format!("touch: {f}: {}\n", e.strerror())
            };
            vm.err(sys, &m);
            status = 1;
        }
    }
    Run::Done(status)
}

pub(crate) fn rm(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let mut force = false;
    let mut rec = false;
    let mut files = Vec::new();
    let mut opts = true;
    for a in args {
        if opts && a == "--" {
            opts = false;
        } else if opts && a.starts_with('-') && a.len() > 1 {
            for c in a[1..].chars() {
                match c {
                    'f' => force = true,
                    'r' | 'R' => rec = true,
                    _ => {}
                }
            }
        } else {
            files.push(a.clone());
        }
    }
    let mut status = 0;
    for f in files {
        let p = normalize(&vm.cwd, &f);
        let is_dir = sys.fs().is_dir(&p);
        if is_dir && !rec {
            let m = if gnu(sys) {
                format!("rm: cannot remove '{f}': Is a directory\n")
            } else {
                format!("rm: '{f}' is a directory\n")
            };
            vm.err(sys, &m);
            status = 1;
            continue;
        }
        match sys.fs().remove(&p, rec) {
            Ok(()) => {}
            Err(FsError::NotFound) if force => {}
            Err(e) => {
                let m = cannot(sys, "rm", "remove", &f, e);
                vm.err(sys, &m);
                status = 1;
            }
        }
    }
    Run::Done(status)
}

pub(crate) fn mkdir(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let parents = args.iter().any(|a| a.starts_with('-') && a.contains('p'));
    let mut status = 0;
    for d in args.iter().filter(|a| !a.starts_with('-')) {
        let p = normalize(&vm.cwd, d);
        if let Err(e) = sys.fs().mkdir(&p, parents) {
            let m = cannot(sys, "mkdir", "create directory", d, e);
            vm.err(sys, &m);
            status = 1;
        }
    }
    Run::Done(status)
}

pub(crate) fn ls(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let all = args.iter().any(|a| a.starts_with('-') && a.contains('a'));
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let mut targets: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    if targets.is_empty() {
        targets.push(".".into());
    }
    let mut status = 0;
    let multi = targets.len() > 1;
    let mut out = String::new();
    for (k, t) in targets.iter().enumerate() {
        let p = normalize(&vm.cwd, t);
        let entry = sys.fs().stat(&p).cloned();
        match entry {
            None => {
                let m = if gnu(sys) {
                    format!("ls: cannot access '{t}': No such file or directory\n")
                } else {
                    format!("ls: {t}: No such file or directory\n")
                };
                vm.err(sys, &m);
                status = if gnu(sys) { 2 } else { 1 };
            }
            Some(Entry::File(s)) => {
                if long {
                    out.push_str(&format!(
                        "-rw-r--r--    1 root     root     {:>8} Jan  1 00:00 {t}\n",
                        s.len()
                    ));
                } else {
                    out.push_str(&format!("{t}\n"));
                }
            }
            Some(Entry::Dir) => {
                if multi {
                    if k > 0 {
                        out.push('\n');
                    }
                    out.push_str(&format!("{t}:\n"));
                }
                let names = sys.fs().list(&p).unwrap_or_default();
                for n in names {
                    if n.starts_with('.') && !all {
                        continue;
                    }
                    if long {
                        let cp = format!("{}/{n}", p.trim_end_matches('/'));
                        let e = sys.fs().stat(&cp).cloned();
                        match e {
                            Some(Entry::File(s)) => out.push_str(&format!(
                                "-rw-r--r--    1 root     root     {:>8} Jan  1 00:00 {n}\n",
                                s.len()
                            )),
                            _ => out.push_str(&format!(
                                "drwxr-xr-x    2 root     root         4096 Jan  1 00:00 {n}\n"
                            )),
                        }
                    } else {
                        out.push_str(&format!("{n}\n"));
                    }
                }
            }
        }
    }
    vm.out(sys, &out);
    Run::Done(status)
}

pub(crate) fn rmdir(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let mut status = 0;
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        let p = normalize(&vm.cwd, a);
        if let Err(e) = sys.fs().remove(&p, false) {
            let m = if gnu(sys) {
                format!("rmdir: failed to remove '{a}': {}\n", e.strerror())
            } else {
                format!("rmdir: '{a}': {}\n", e.strerror())
            };
            vm.err(sys, &m);
            status = 1;
        }
    }
    Run::Done(status)
}

/// `cp` and `mv` (`name`) of one file.
pub(crate) fn copy(vm: &mut Vm, sys: &mut Syscalls, args: &[String], name: &str) -> Run {
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if files.len() != 2 {
        vm.err(sys, &format!("{name}: missing file operand\n"));
        return Run::Done(1);
    }
    let src = normalize(&vm.cwd, files[0]);
    let mut dst = normalize(&vm.cwd, files[1]);
    let data = match sys.fs().read(&src) {
        Ok(d) => d.to_string(),
        Err(e) => {
            let m = cannot(sys, name, "stat", files[0], e);
            vm.err(sys, &m);
            return Run::Done(1);
        }
    };
    if sys.fs().is_dir(&dst) {
        dst = format!("{}/{}", dst.trim_end_matches('/'), basename(&src));
    }
    if let Err(e) = sys.fs().write(&dst, &data, false) {
        vm.err(
            sys,
            &format!("{name}: can't create '{}': {}\n", files[1], e.strerror()),
        );
        return Run::Done(1);
    }
    if name == "mv" {
        let _ = sys.fs().remove(&src, false);
    }
    Run::Done(0)
}

pub(crate) fn tee(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let input = vm.read_stdin_all();
    let append = args.iter().any(|a| a == "-a");
    for f in args.iter().filter(|a| !a.starts_with('-')) {
        let p = normalize(&vm.cwd, f);
        let _ = sys.fs().write(&p, &input, append);
    }
    vm.out(sys, &input);
    Run::Done(0)
}
