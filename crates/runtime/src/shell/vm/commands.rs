//! Running one simple command: expansion, redirections, prefix assignments, then a function, a
//! builtin or a program; and waiting for a child.

use std::collections::VecDeque;

use super::builtins::BuiltinResult;
use super::{Frame, FrameKind, Pending, Run, Sink, Vm, MAX_FRAMES};
use crate::kernel::fs::{basename, normalize, FsError};
use crate::kernel::process::{Step, Stream, Syscalls, WaitOn};
use crate::shell::ast::*;
use crate::shell::parser::parse;

/// POSIX's special builtins: assignments before them stay after the command.
const SPECIAL_BUILTINS: [&str; 14] = [
    ":", ".", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift", "trap",
    "unset", "break", "continue",
];

impl Vm {
    pub(super) fn pop_redir_group(&mut self) {
        while let Some((fd, _)) = self.fds.pop() {
            if fd == u32::MAX {
                break;
            }
        }
    }

    /// Pushes the layers of one redirection group, preceded by a marker layer.
    pub(super) fn push_redirs(
        &mut self,
        sys: &mut Syscalls,
        redirections: &[Redirection],
        subs: &mut VecDeque<String>,
    ) -> Result<(), String> {
        self.fds.push((u32::MAX, Sink::Null));
        for r in redirections {
            if let Err(e) = self.push_redir(sys, r, subs) {
                self.pop_redir_group();
                return Err(e);
            }
        }
        Ok(())
    }

    fn push_redir(
        &mut self,
        sys: &mut Syscalls,
        r: &Redirection,
        subs: &mut VecDeque<String>,
    ) -> Result<(), String> {
        if let RedirectionOp::HereDoc { expand, body, .. } = &r.op {
            let text = body.borrow().clone();
            let data = if *expand {
                self.expand_heredoc(sys, &text)
            } else {
                text
            };
            self.fds.push((r.fd, Sink::Input { data, pos: 0 }));
            return Ok(());
        }
        let target = self
            .expand_one(sys, &r.target, subs)
            .map_err(|e| e.to_string())?;
        let dash = sys.dash();
        match r.op {
            RedirectionOp::Out | RedirectionOp::Append => {
                if target == "/dev/null" {
                    self.fds.push((r.fd, Sink::Null));
                    return Ok(());
                }
                if target == "/dev/stdout" || target == "/proc/self/fd/1" {
                    let s = self
                        .resolve_fd(1)
                        .map(|i| self.fds[i].1.clone())
                        .unwrap_or(Sink::Base(Stream::Stdout));
                    self.fds.push((r.fd, s));
                    return Ok(());
                }
                // PID 1's stdout/stderr: the container log (`echo x > /proc/1/fd/1` from exec).
                if target == "/proc/1/fd/1" || target == "/proc/1/fd/2" {
                    let s = if target.ends_with('1') {
                        Stream::Stdout
                    } else {
                        Stream::Stderr
                    };
                    self.fds.push((r.fd, Sink::ContainerLog(s)));
                    return Ok(());
                }
                if target == "/dev/stderr" || target == "/proc/self/fd/2" {
                    let s = self
                        .resolve_fd(2)
                        .map(|i| self.fds[i].1.clone())
                        .unwrap_or(Sink::Base(Stream::Stderr));
                    self.fds.push((r.fd, s));
                    return Ok(());
                }
                let path = normalize(&self.cwd, &target);
                let append = matches!(r.op, RedirectionOp::Append);
                let mut fs = sys.fs();
                let res = if append && fs.is_file(&path) {
                    Ok(())
                } else {
                    fs.write(&path, "", append)
                };
                if let Err(e) = res {
                    let why = match e {
                        FsError::NotFound => {
                            if dash {
                                "Directory nonexistent"
                            } else {
                                "nonexistent directory"
                            }
                        }
                        other => other.strerror(),
                    };
                    return Err(if dash {
                        format!("cannot create {target}: {why}")
                    } else {
                        format!("can't create {target}: {why}")
                    });
                }
                self.fds.push((r.fd, Sink::File(path)));
            }
            RedirectionOp::In => {
                let path = normalize(&self.cwd, &target);
                let data = match sys.fs().read(&path) {
                    Ok(s) => s.to_string(),
                    Err(e) => {
                        return Err(if dash {
                            format!(
                                "cannot open {target}: {}",
                                if e == FsError::NotFound {
                                    "No such file"
                                } else {
                                    e.strerror()
                                }
                            )
                        } else {
                            format!("can't open '{target}': {}", e.strerror())
                        })
                    }
                };
                self.fds.push((r.fd, Sink::Input { data, pos: 0 }));
            }
            RedirectionOp::DupOut | RedirectionOp::DupIn => {
                if target == "-" {
                    self.fds.push((r.fd, Sink::Null));
                    return Ok(());
                }
                let Ok(src) = target.parse::<u32>() else {
                    return Err(format!("{target}: bad file descriptor"));
                };
                let s = match self.resolve_fd(src) {
                    Some(i) => self.fds[i].1.clone(),
                    None => match src {
                        0 => Sink::Null,
                        1 => Sink::Base(Stream::Stdout),
                        2 => Sink::Base(Stream::Stderr),
                        _ => return Err(format!("{src}: bad file descriptor")),
                    },
                };
                self.fds.push((r.fd, s));
            }
            RedirectionOp::HereDoc { .. } => {}
        }
        Ok(())
    }

    fn expand_heredoc(&mut self, sys: &mut Syscalls, text: &str) -> String {
        // Expand as if the body were inside double quotes.
        let quoted = format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
        match parse(&format!(": {quoted}")) {
            Ok(p) => {
                if let Some(AndOr { first, .. }) = p.body.first() {
                    if let Some(Command::Simple(simple)) = first.commands.first() {
                        if let Some(w) = simple.words.get(1) {
                            let mut none = VecDeque::new();
                            return self.expand_one(sys, w, &mut none).unwrap_or_default();
                        }
                    }
                }
                text.to_string()
            }
            Err(_) => text.to_string(),
        }
    }

    /// Runs one simple command. `None` = continue with the next op.
    pub(super) fn simple(
        &mut self,
        sys: &mut Syscalls,
        command: &SimpleCommand,
        substitutions: usize,
        tail: bool,
    ) -> Option<Step> {
        self.line = command.line;
        let mut subs = self.take_results(substitutions);
        let sub_status = self.last_sub_status.take();
        // Assignments (values are not split).
        let mut assignments = Vec::new();
        for (k, w) in &command.assignments {
            match self.expand_assignment(sys, k, w, &mut subs) {
                Ok((v, full)) => assignments.push((k.clone(), v, full)),
                Err(e) => return self.expansion_error(sys, &e),
            }
        }
        let argv = match self.expand_words(sys, &command.words, &mut subs) {
            Ok(v) => v,
            Err(e) => return self.expansion_error(sys, &e),
        };
        // Redirections.
        let had_redirs = !command.redirections.is_empty();
        if had_redirs {
            if let Err(msg) = self.push_redirs(sys, &command.redirections, &mut subs) {
                let p = self.diag_prefix(sys);
                self.err(sys, &format!("{p}{msg}\n"));
                self.status = if sys.dash() { 2 } else { 1 };
                return None;
            }
        }
        if argv.is_empty() {
            for (k, v, full) in assignments {
                if let Some(step) = self.assign_charged(sys, k, v, full) {
                    return Some(step);
                }
            }
            self.status = sub_status.unwrap_or(0);
            if had_redirs {
                self.pop_redir_group();
            }
            return None;
        }
        let assignments: Vec<(String, String)> = assignments
            .into_iter()
            .map(|(k, v, _)| {
                let v = v.unwrap_or_else(|| self.vars.get(&k).cloned().unwrap_or_default());
                (k, v)
            })
            .collect();
        if self.xtrace {
            let mut line = String::from("+");
            for (k, v) in &assignments {
                line.push_str(&format!(" {k}={v}"));
            }
            for a in &argv {
                line.push(' ');
                line.push_str(a);
            }
            line.push('\n');
            self.err(sys, &line);
        }
        // Prefix assignments: permanent for special builtins, temporary otherwise.
        let special = SPECIAL_BUILTINS.contains(&argv[0].as_str());
        let mut restore = Vec::new();
        for (k, v) in assignments {
            if !special {
                restore.push((k.clone(), self.vars.get(&k).cloned()));
            }
            self.vars_mut().insert(k, v);
        }
        let pop_fds_group = had_redirs;
        // Functions.
        if let Some((fcode, entry)) = self.funcs.get(&argv[0]).cloned() {
            if self.frames.len() >= MAX_FRAMES {
                self.err(sys, &format!("{}: function nesting too deep\n", self.arg0));
                self.status = 2;
                return None;
            }
            let saved_pos = std::mem::replace(&mut self.positional, argv[1..].to_vec());
            // The function's frame pops the redirections when it returns.
            let fd_depth = if pop_fds_group {
                self.fds
                    .iter()
                    .rposition(|(f, _)| *f == u32::MAX)
                    .unwrap_or(self.fds.len())
            } else {
                self.fds.len()
            };
            self.frames.push(Frame {
                code: fcode,
                pc: entry,
                loops: Vec::new(),
                kind: FrameKind::Func {
                    saved_pos,
                    fd_depth,
                },
            });
            return None;
        }
        let exec_keep = argv[0] == "exec" && argv.len() == 1;
        let r = if let Some(r) = self.builtin(sys, &argv) {
            match r {
                BuiltinResult::Status(s) => Run::Done(s),
                BuiltinResult::Flow => {
                    if pop_fds_group && !exec_keep {
                        // Control flow already moved; drop the redirections of this command.
                        self.pop_redir_group_if_top();
                    }
                    return None;
                }
                BuiltinResult::Exit(code) => {
                    return self.exit_now(code);
                }
                BuiltinResult::Run(r) => r,
            }
        } else {
            self.in_tail = tail;
            self.run_external(sys, &argv, tail)
        };
        match r {
            Run::Replaced => None,
            Run::Done(mut s) => {
                self.in_tail = false;
                if std::mem::take(&mut self.write_error) {
                    let name = basename(&argv[0]).to_string();
                    self.err(
                        sys,
                        &format!("{name}: write error: No space left on device\n"),
                    );
                    if s == 0 {
                        s = 1;
                    }
                }
                self.status = s;
                if pop_fds_group && !exec_keep {
                    self.pop_redir_group();
                }
                for (k, v) in restore {
                    match v {
                        Some(v) => self.vars_mut().insert(k, v),
                        None => self.vars_mut().remove(&k),
                    };
                }
                None
            }
            Run::Wait(pid) => {
                let pop = if pop_fds_group {
                    self.fds.len()
                        - self
                            .fds
                            .iter()
                            .rposition(|(f, _)| *f == u32::MAX)
                            .unwrap_or(self.fds.len())
                } else {
                    0
                };
                self.pending = Some(Pending {
                    wait: WaitOn::Pid(pid),
                    pop_fds: pop,
                    restore,
                });
                Some(Step::Wait(WaitOn::Pid(pid)))
            }
        }
    }

    fn pop_redir_group_if_top(&mut self) {
        if self.fds.iter().any(|(f, _)| *f == u32::MAX) {
            self.pop_redir_group();
        }
    }

    fn expansion_error(&mut self, sys: &mut Syscalls, e: &str) -> Option<Step> {
        let p = self.diag_prefix(sys);
        self.err(sys, &format!("{p}{e}\n"));
        // Expansion errors (`${x?}`) end a non-interactive shell.
        self.exit_now(if sys.dash() { 2 } else { 1 })
    }

    /// Called by the `wait` builtin.
    pub fn wait_for(&mut self, pids: Vec<u32>) -> Run {
        // The host resolves finished jobs; a pending marker makes `run` return Wait.
        self.pending = Some(Pending {
            wait: WaitOn::All(pids),
            pop_fds: 0,
            restore: Vec::new(),
        });
        Run::Done(0)
    }
}
