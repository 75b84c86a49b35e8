//! The shell's builtins: the ones that change the shell itself (`cd`, `set`, `export`, `trap`,
//! `wait`, `exec`, `eval`, `.`, `read`, ...) and the dispatch to those that are also programs
//! (`echo`, `printf`, `test`, `kill`: see `crate::shell::builtins`).

use super::{Run, Vm};
use crate::kernel::fs::normalize;
use crate::kernel::process::Syscalls;
use crate::kernel::signals::signal_name;
use crate::shell::builtins::echo::{echo, printf};
use crate::shell::builtins::kill::kill;
use crate::shell::builtins::test::{bracket, test};
use crate::shell::glob::glob_match;

impl Vm {
    // ---- builtins -----------------------------------------------------------------------

    pub(super) fn builtin(&mut self, sys: &mut Syscalls, argv: &[String]) -> Option<BuiltinResult> {
        let a = |i: usize| argv.get(i).map(String::as_str);
        Some(match argv[0].as_str() {
            ":" | "true" => BuiltinResult::Status(0),
            "false" => BuiltinResult::Status(1),
            "exit" => {
                let code = match a(1) {
                    None => self.status,
                    Some(n) => match n.parse::<i64>() {
                        Ok(v) => (v & 0xff) as i32,
                        Err(_) => {
                            let p = self.diag_prefix(sys);
                            self.err(sys, &format!("{p}exit: Illegal number: {n}\n"));
                            2
                        }
                    },
                };
                BuiltinResult::Exit(code)
            }
            "cd" => {
                let target = a(1).map(str::to_string).unwrap_or_else(|| {
                    self.vars.get("HOME").cloned().unwrap_or_else(|| "/".into())
                });
                let path = normalize(&self.cwd, &target);
                if sys.fs().is_dir(&path) {
                    self.cwd = path.clone();
                    self.vars_mut().insert("PWD".into(), path);
                    BuiltinResult::Status(0)
                } else {
                    let p = self.diag_prefix(sys);
                    let msg = if sys.dash() {
                        format!("{p}cd: can't cd to {target}\n")
                    } else {
                        format!("{p}cd: can't cd to {target}: No such file or directory\n")
                    };
                    self.err(sys, &msg);
                    BuiltinResult::Status(if sys.dash() { 2 } else { 1 })
                }
            }
            "pwd" => {
                let c = format!("{}\n", self.cwd);
                self.out(sys, &c);
                BuiltinResult::Status(0)
            }
            "export" | "readonly" | "local" => {
                for arg in &argv[1..] {
                    if arg == "-p" || arg == "-n" {
                        continue;
                    }
                    if let Some((k, v)) = arg.split_once('=') {
                        self.vars_mut().insert(k.to_string(), v.to_string());
                    } else if argv[0] == "local" {
                        self.vars_mut().entry(arg.clone()).or_default();
                    }
                }
                BuiltinResult::Status(0)
            }
            "unset" => {
                for k in &argv[1..] {
                    if k == "-v" || k == "-f" {
                        continue;
                    }
                    self.vars_mut().remove(k);
                    self.funcs.remove(k);
                }
                BuiltinResult::Status(0)
            }
            "set" => {
                let mut i = 1;
                while let Some(o) = a(i) {
                    match o {
                        "--" => {
                            self.positional = argv[i + 1..].to_vec();
                            break;
                        }
                        "-o" | "+o" => {
                            let on = o == "-o";
                            match a(i + 1) {
                                Some("errexit") => self.errexit = on,
                                Some("xtrace") => self.xtrace = on,
                                _ => {}
                            }
                            i += 1;
                        }
                        o if o.starts_with('-') || o.starts_with('+') => {
                            let on = o.starts_with('-');
                            for c in o[1..].chars() {
                                match c {
                                    'e' => self.errexit = on,
                                    'x' => self.xtrace = on,
                                    _ => {}
                                }
                            }
                        }
                        _ => {
                            self.positional = argv[i..].to_vec();
                            break;
                        }
                    }
                    i += 1;
                }
                BuiltinResult::Status(0)
            }
            "shift" => {
                let n: usize = a(1).and_then(|s| s.parse().ok()).unwrap_or(1);
                if n > self.positional.len() {
                    let p = self.diag_prefix(sys);
                    self.err(sys, &format!("{p}shift: can't shift that many\n"));
                    return Some(BuiltinResult::Status(2));
                }
                self.positional.drain(..n);
                BuiltinResult::Status(0)
            }
            "break" | "continue" => {
                let n: usize = a(1).and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
                let brk = argv[0] == "break";
                let Some(f) = self.frames.last_mut() else {
                    return Some(BuiltinResult::Status(0));
                };
                if f.loops.is_empty() {
                    return Some(BuiltinResult::Status(0));
                }
                let n = n.min(f.loops.len());
                let keep = f.loops.len() - n;
                f.loops.truncate(keep + 1);
                if let Some(l) = f.loops.last_mut() {
                    if brk {
                        l.status = 0;
                        f.pc = l.exit;
                    } else {
                        f.pc = l.cont;
                    }
                }
                self.status = 0;
                BuiltinResult::Flow
            }
            "return" => {
                if let Some(n) = a(1).and_then(|s| s.parse::<i32>().ok()) {
                    self.status = n & 0xff;
                }
                self.do_return();
                BuiltinResult::Flow
            }
            "eval" => {
                let src = argv[1..].join(" ");
                match self.push_eval(&src, false) {
                    None => BuiltinResult::Flow,
                    Some(e) => {
                        let p = self.diag_prefix(sys);
                        self.err(sys, &format!("{p}{e}\n"));
                        BuiltinResult::Status(2)
                    }
                }
            }
            "." | "source" => {
                let Some(f) = a(1) else {
                    return Some(BuiltinResult::Status(0));
                };
                let path = normalize(&self.cwd, f);
                let src = sys.fs().read(&path).map(str::to_string);
                match src {
                    Ok(s) => match self.push_eval(&s, false) {
                        None => BuiltinResult::Flow,
                        Some(e) => {
                            let p = self.diag_prefix(sys);
                            self.err(sys, &format!("{p}{e}\n"));
                            BuiltinResult::Status(2)
                        }
                    },
                    Err(_) => {
                        let p = self.diag_prefix(sys);
                        self.err(sys, &format!("{p}.: {f}: not found\n"));
                        BuiltinResult::Exit(if sys.dash() { 2 } else { 1 })
                    }
                }
            }
            "read" => {
                let names: Vec<&String> =
                    argv[1..].iter().filter(|s| !s.starts_with('-')).collect();
                match self.read_line() {
                    Some(line) => {
                        let mut rest = line.trim().to_string();
                        for (k, n) in names.iter().enumerate() {
                            if k + 1 == names.len() {
                                self.vars_mut().insert((*n).clone(), rest.clone());
                            } else {
                                let (h, t) = match rest.split_once(char::is_whitespace) {
                                    Some((h, t)) => (h.to_string(), t.trim_start().to_string()),
                                    None => (rest.clone(), String::new()),
                                };
                                self.vars_mut().insert((*n).clone(), h);
                                rest = t;
                            }
                        }
                        if names.is_empty() {
                            self.vars_mut().insert("REPLY".into(), line);
                        }
                        BuiltinResult::Status(0)
                    }
                    None => BuiltinResult::Status(1),
                }
            }
            "trap" => {
                if argv.len() >= 3 {
                    let action = argv[1].clone();
                    for s in &argv[2..] {
                        let name = signal_name(s);
                        if action == "-" {
                            self.traps.remove(&name);
                        } else {
                            self.traps.insert(name, action.clone());
                        }
                    }
                }
                BuiltinResult::Status(0)
            }
            "wait" => {
                let pids: Vec<u32> = if argv.len() > 1 {
                    argv[1..].iter().filter_map(|s| s.parse().ok()).collect()
                } else {
                    self.background_jobs.clone()
                };
                let live: Vec<u32> = pids.into_iter().filter(|p| sys.process_alive(*p)).collect();
                if live.is_empty() {
                    BuiltinResult::Status(0)
                } else {
                    self.wait_for(live);
                    BuiltinResult::Flow
                }
            }
            "exec" => {
                if argv.len() == 1 {
                    return Some(BuiltinResult::Status(0));
                }
                self.in_tail = true;
                // The shell is replaced: once the program ends, so does the shell.
                match self.run_external(sys, &argv[1..], true) {
                    Run::Done(s) => BuiltinResult::Exit(s),
                    Run::Wait(pid) => {
                        self.exit_on_resume = true;
                        BuiltinResult::Run(Run::Wait(pid))
                    }
                    Run::Replaced => BuiltinResult::Run(Run::Replaced),
                }
            }
            "command" if a(1) == Some("-v") => {
                let Some(n) = a(2) else {
                    return Some(BuiltinResult::Status(1));
                };
                if self.funcs.contains_key(n) || is_builtin(n) {
                    let s = format!("{n}\n");
                    self.out(sys, &s);
                    BuiltinResult::Status(0)
                } else if let Some(p) = self.which(sys, n) {
                    let s = format!("{p}\n");
                    self.out(sys, &s);
                    BuiltinResult::Status(0)
                } else {
                    BuiltinResult::Status(127)
                }
            }
            "umask" | "ulimit" | "hash" | "shopt" | "alias" | "unalias" => BuiltinResult::Status(0),
            // Builtins that are also programs: the same code as `/bin/echo` and friends.
            "echo" => return Some(BuiltinResult::Run(echo(self, sys, &argv[1..]))),
            "printf" => return Some(BuiltinResult::Run(printf(self, sys, &argv[1..]))),
            "test" => {
                return Some(BuiltinResult::Run(Run::Done(test(
                    self,
                    sys,
                    &argv[1..],
                    "test",
                ))))
            }
            "[" => return Some(BuiltinResult::Run(bracket(self, sys, &argv[1..]))),
            "kill" => return Some(BuiltinResult::Run(kill(self, sys, &argv[1..]))),
            // ash's bash-compatible `[[ ]]` (dash has none): `==`/`!=` match patterns.
            "[[" if !sys.dash() => {
                if argv.last().map(String::as_str) != Some("]]") {
                    let p = self.diag_prefix(sys);
                    self.err(sys, &format!("{p}[[: missing ]]\n"));
                    return Some(BuiltinResult::Status(2));
                }
                let inner = &argv[1..argv.len() - 1];
                if let [a, op, b] = inner {
                    if op == "==" || op == "=" || op == "!=" {
                        let m = glob_match(b, a);
                        return Some(BuiltinResult::Status(if m == (op != "!=") { 0 } else { 1 }));
                    }
                }
                return Some(BuiltinResult::Run(Run::Done(test(
                    self, sys, inner, "test",
                ))));
            }
            _ => return None,
        })
    }
}

pub(crate) enum BuiltinResult {
    Status(i32),
    /// The builtin changed control flow (pc/frames) itself.
    Flow,
    Exit(i32),
    Run(Run),
}

/// The shell's builtins (`command -v` prints their bare names).
const BUILTINS: [&str; 30] = [
    ":", "true", "false", "exit", "cd", "pwd", "export", "readonly", "local", "unset", "set",
    "shift", "break", "continue", "return", "eval", ".", "source", "read", "trap", "wait", "exec",
    "command", "umask", "ulimit", "echo", "printf", "test", "[", "kill",
];

pub(crate) fn is_builtin(n: &str) -> bool {
    BUILTINS.contains(&n)
}
