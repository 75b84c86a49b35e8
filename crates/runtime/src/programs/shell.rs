//! `sh` (and `ash`, `dash`, `bash`) as a program: its options, `-c`, a script file or stdin;
//! and running a script text as a child shell or in place.

use crate::kernel::fs::normalize;
use crate::kernel::process::Syscalls;
use crate::shell::vm::{Compiled, Run, Sink, Vm};

pub(crate) fn sh(vm: &mut Vm, sys: &mut Syscalls, argv: &[String], tail: bool) -> Run {
    let arg0 = argv[0].clone();
    let mut i = 1;
    let mut errexit = false;
    let mut xtrace = false;
    let mut script: Option<String> = None;
    while i < argv.len() {
        let a = &argv[i];
        if a == "-c" {
            script = argv.get(i + 1).cloned();
            if script.is_none() {
                vm.err(sys, &format!("{arg0}: -c requires an argument\n"));
                return Run::Done(2);
            }
            i += 2;
            break;
        } else if a.starts_with('-') && a.len() > 1 && a != "--" {
            for c in a[1..].chars() {
                match c {
                    'e' => errexit = true,
                    'x' => xtrace = true,
                    'c' => {
                        script = argv.get(i + 1).cloned();
                        i += 1;
                    }
                    _ => {}
                }
            }
            i += 1;
            if script.is_some() {
                i += 1;
                break;
            }
        } else {
            break;
        }
    }
    let (text, name, pos) = match script {
        Some(s) => {
            let name = argv.get(i).cloned().unwrap_or_else(|| arg0.clone());
            let pos = argv.get(i + 1..).map(|s| s.to_vec()).unwrap_or_default();
            (s, name, pos)
        }
        None => match argv.get(i) {
            Some(file) => {
                let p = normalize(&vm.cwd, file);
                match sys.fs().read(&p) {
                    Ok(t) => (t.to_string(), file.clone(), argv[i + 1..].to_vec()),
                    Err(_) => {
                        let m = if sys.dash() {
                            format!("{arg0}: 0: cannot open {file}: No such file\n")
                        } else {
                            format!("{arg0}: can't open '{file}': No such file or directory\n")
                        };
                        vm.err(sys, &m);
                        return Run::Done(if sys.dash() { 2 } else { 127 });
                    }
                }
            }
            // No script: reads stdin; PID 1 and exec without -i have none, so it exits 0.
            None => (vm.read_stdin_all(), arg0.clone(), Vec::new()),
        },
    };
    run_shell_text(vm, sys, &text, &name, pos, tail, (errexit, xtrace))
}

/// Runs `text` as a shell script: in place of `vm` when it is the last command (ash's exec),
/// else as a child shell whose stdout may feed a capture. `options`: `-e`, `-x`.
pub(crate) fn run_shell_text(
    vm: &mut Vm,
    sys: &mut Syscalls,
    text: &str,
    arg0: &str,
    positional: Vec<String>,
    tail: bool,
    (errexit, xtrace): (bool, bool),
) -> Run {
    let env = vm.vars.clone();
    let cwd = vm.cwd.clone();
    let programs = vm.programs();
    let compiled = Vm::for_script_cached(
        &mut sys.pod.scripts,
        text,
        arg0,
        positional,
        env,
        &cwd,
        programs,
    );
    match compiled {
        Compiled::Ok(mut child) => {
            // `sh -e`/`-x`: the options apply to the shell being set up.
            if errexit || xtrace {
                child.errexit = errexit;
                child.xtrace = xtrace;
            }
            child.fds = vm
                .fds
                .iter()
                .filter(|(fd, _)| *fd != u32::MAX)
                .cloned()
                .collect();
            child.fds.retain(|(_, s)| !matches!(s, Sink::Capture(_)));
            if tail && vm.fds.is_empty() {
                let out = std::mem::take(&mut vm.out);
                *vm = *child;
                vm.out = out;
                return Run::Replaced;
            }
            let cap = vm.stdout_capture();
            let pid = sys.spawn_shell(child, "sh");
            // `$(sh -c ...)` / pipelines: the child's stdout goes into the parent's capture.
            if let Some(idx) = cap {
                let me = sys.pid;
                if let Some(p) = sys
                    .pod
                    .instance_mut(sys.container_index)
                    .and_then(|i| i.processes.get_mut(&pid))
                {
                    p.capture_to = Some((me, idx));
                }
            }
            Run::Wait(pid)
        }
        Compiled::Syntax(e) => {
            let prefix = if sys.dash() {
                format!("{arg0}: 1: ")
            } else {
                format!("{arg0}: ")
            };
            vm.err(sys, &format!("{prefix}{e}\n"));
            Run::Done(2)
        }
    }
}
