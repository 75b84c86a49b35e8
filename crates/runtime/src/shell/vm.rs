//! The resumable interpreter. State is plain data (program counter, frames, variables), so a
//! script can stop inside `sleep` and continue when the simulated clock gets there. No
//! threads, no async. Every `run` is bounded by a step budget.

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use super::ast::*;
use super::compile::{compile, Code, Op};
use super::parser::parse;
use crate::applets;
use crate::fs::normalize;
use crate::process::Sys;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

#[derive(Clone, Debug)]
pub(crate) enum Sink {
    Base(Stream),
    Capture(usize),
    File(String),
    /// The container's log (PID 1's stdout/stderr).
    ContainerLog(Stream),
    Null,
    Input {
        data: String,
        pos: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum WaitOn {
    Pid(u32),
    /// `wait` builtin: these background jobs.
    All(Vec<u32>),
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Done(i32),
    Wait(WaitOn),
    /// The step budget ran out at one instant: a busy loop.
    Spin,
}

/// What an applet or program did.
pub(crate) enum Run {
    Done(i32),
    /// A child process was spawned; wait for it.
    Wait(u32),
    /// The shell exec'd a new script in place (`sh -c` as the last command): the VM was
    /// replaced and starts over at its first instruction.
    Replaced,
}

#[derive(Clone, Debug)]
struct LoopFrame {
    cont: usize,
    exit: usize,
    status: i32,
    items: Option<VecDeque<String>>,
    var: String,
}

#[derive(Clone, Debug)]
enum FrameKind {
    Main,
    Func {
        saved_pos: Vec<String>,
        fd_depth: usize,
    },
    Eval,
    Trap {
        saved_status: i32,
    },
}

#[derive(Clone, Debug)]
struct Frame {
    code: Rc<Code>,
    pc: usize,
    loops: Vec<LoopFrame>,
    kind: FrameKind,
}

#[derive(Clone, Debug)]
struct Saved {
    vars: Env,
    funcs: BTreeMap<String, (Rc<Code>, usize)>,
    cwd: String,
    positional: Vec<String>,
    traps: BTreeMap<String, String>,
    errexit: bool,
}

#[derive(Clone, Debug)]
struct SubFrame {
    frame_depth: usize,
    loops_len: usize,
    end: usize,
    capture: Option<String>,
    saved: Box<Saved>,
    fd_depth: usize,
}

#[derive(Clone, Debug)]
struct Pending {
    wait: WaitOn,
    pop_fds: usize,
    restore: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Vm {
    frames: Vec<Frame>,
    /// Shared until written: every exec, probe and restart starts from the container's env.
    pub vars: Env,
    funcs: BTreeMap<String, (Rc<Code>, usize)>,
    pub positional: Vec<String>,
    pub arg0: String,
    pub status: i32,
    subs: Vec<SubFrame>,
    pub fds: Vec<(u32, Sink)>,
    results: Vec<String>,
    last_sub_status: Option<i32>,
    case_subjects: Vec<String>,
    pub cwd: String,
    pending: Option<Pending>,
    pub traps: BTreeMap<String, String>,
    pub errexit: bool,
    pub xtrace: bool,
    /// Output written to the process's own stdout/stderr, drained by the owner.
    pub out: Vec<(Stream, String)>,
    pub bg: Vec<u32>,
    last_bg: Option<u32>,
    pipe_buf: Option<String>,
    /// A trapped signal that arrived while a foreground child ran.
    pending_trap: Option<String>,
    /// Line of the command being run (dash prints it in errors).
    pub line: u32,
    /// Set while running the `tail` command of the script (ash execs it in place).
    pub in_tail: bool,
    /// `exec prog`: the shell ends when the awaited program does.
    exit_on_resume: bool,
    pending_exit: Option<i32>,
    /// A write to a redirected file failed (ENOSPC): the command reports it and fails.
    write_error: bool,
    /// State of `$RANDOM`.
    rng: u32,
}

const MAX_FRAMES: usize = 200;

/// Shell variables (the environment included), shared copy-on-write.
pub(crate) type Env = Rc<BTreeMap<String, String>>;

/// Compiled scripts by text (compiled code is never mutated, so it can be shared).
#[derive(Clone, Debug, Default)]
pub(crate) struct ScriptCache(Vec<(String, Result<Rc<Code>, String>)>);

impl ScriptCache {
    const MAX: usize = 32;
}

pub(crate) enum Compiled {
    Ok(Box<Vm>),
    Syntax(String),
}

impl Vm {
    fn vars_mut(&mut self) -> &mut BTreeMap<String, String> {
        Rc::make_mut(&mut self.vars)
    }
}

impl Vm {
    /// A shell for `sh -c script`, reusing the compiled code of a script seen before (every
    /// restart of a container runs the same text).
    pub fn for_script_cached(
        cache: &mut ScriptCache,
        script: &str,
        arg0: &str,
        positional: Vec<String>,
        env: Env,
        cwd: &str,
    ) -> Compiled {
        let code = match cache.0.iter().find(|(s, _)| s == script) {
            Some((_, c)) => c.clone(),
            None => {
                let c = parse(script)
                    .map(|p| Rc::new(compile(&p, true)))
                    .map_err(|e| e.0);
                if cache.0.len() >= ScriptCache::MAX {
                    drop(cache.0.remove(0));
                }
                cache.0.push((script.to_string(), c.clone()));
                c
            }
        };
        match code {
            Ok(code) => Compiled::Ok(Box::new(Vm::new(code, arg0, positional, env, cwd))),
            Err(e) => Compiled::Syntax(e),
        }
    }

    /// A process that runs one command directly (no shell): a one-op program.
    pub fn for_argv(argv: &[String], env: Env, cwd: &str) -> Vm {
        let words = argv
            .iter()
            .map(|a| Word {
                parts: vec![Part::Quoted(a.clone())],
            })
            .collect();
        let cmd = SimpleCmd {
            assigns: Vec::new(),
            words,
            redirs: Vec::new(),
            line: 1,
        };
        let code = Code {
            ops: vec![
                Op::Simple {
                    cmd: Rc::new(cmd),
                    nsubs: 0,
                    tail: true,
                },
                Op::Halt,
            ],
        };
        Vm::new(
            Rc::new(code),
            argv.first().map(String::as_str).unwrap_or("sh"),
            Vec::new(),
            env,
            cwd,
        )
    }

    fn new(code: Rc<Code>, arg0: &str, positional: Vec<String>, env: Env, cwd: &str) -> Vm {
        Vm {
            frames: vec![Frame {
                code,
                pc: 0,
                loops: Vec::new(),
                kind: FrameKind::Main,
            }],
            vars: env,
            funcs: BTreeMap::new(),
            positional,
            arg0: arg0.to_string(),
            status: 0,
            subs: Vec::new(),
            fds: Vec::new(),
            results: Vec::new(),
            last_sub_status: None,
            case_subjects: Vec::new(),
            cwd: cwd.to_string(),
            pending: None,
            traps: BTreeMap::new(),
            errexit: false,
            xtrace: false,
            out: Vec::new(),
            bg: Vec::new(),
            last_bg: None,
            pipe_buf: None,
            pending_trap: None,
            line: 1,
            in_tail: false,
            exit_on_resume: false,
            pending_exit: None,
            write_error: false,
            rng: 1,
        }
    }

    pub fn waiting_on(&self) -> Option<&WaitOn> {
        self.pending.as_ref().map(|p| &p.wait)
    }

    /// Hands the awaited child's status back.
    pub fn resume(&mut self, status: i32) {
        if let Some(p) = self.pending.take() {
            self.fds.truncate(self.fds.len().saturating_sub(p.pop_fds));
            for (k, v) in p.restore {
                match v {
                    Some(v) => self.vars_mut().insert(k, v),
                    None => self.vars_mut().remove(&k),
                };
            }
        }
        self.in_tail = false;
        self.status = status;
        if std::mem::take(&mut self.exit_on_resume) {
            self.pending_exit = Some(status);
        }
        if let Some(action) = self.pending_trap.take() {
            let _ = self.push_eval(&action, true);
        }
    }

    /// A signal this shell traps arrived. Returns false when the shell has no trap for it.
    pub fn deliver_trap(&mut self, sig_name: &str) -> bool {
        let Some(action) = self.traps.get(sig_name).cloned() else {
            return false;
        };
        match &self.pending {
            // `wait` is interrupted at once, with status 128+n.
            Some(Pending {
                wait: WaitOn::All(_),
                ..
            }) => {
                self.pending = None;
                self.status = 128 + applets::signal_number(sig_name).unwrap_or(15);
                let _ = self.push_eval(&action, true);
            }
            // A foreground child runs: the trap runs after it returns (as ash does).
            Some(_) => self.pending_trap = Some(action),
            None => {
                let _ = self.push_eval(&action, true);
            }
        }
        true
    }

    fn push_eval(&mut self, src: &str, trap: bool) -> Option<String> {
        match parse(src) {
            Ok(p) => {
                if self.frames.len() >= MAX_FRAMES {
                    return Some("sh: eval: nesting too deep".into());
                }
                let kind = if trap {
                    FrameKind::Trap {
                        saved_status: self.status,
                    }
                } else {
                    FrameKind::Eval
                };
                self.frames.push(Frame {
                    code: Rc::new(compile(&p, false)),
                    pc: 0,
                    loops: Vec::new(),
                    kind,
                });
                None
            }
            Err(e) => Some(e.0),
        }
    }

    // ---- output -------------------------------------------------------------------------

    fn resolve_fd(&self, fd: u32) -> Option<usize> {
        self.fds.iter().rposition(|(f, _)| *f == fd)
    }

    /// The capture frame stdout currently goes to, if any.
    pub fn stdout_capture(&self) -> Option<usize> {
        match self.resolve_fd(1).map(|i| &self.fds[i].1) {
            Some(Sink::Capture(i)) => Some(*i),
            _ => None,
        }
    }

    /// Output of a child shell that belongs to capture frame `idx`.
    pub fn append_capture(&mut self, idx: usize, text: &str) {
        if let Some(c) = self.subs.get_mut(idx).and_then(|s| s.capture.as_mut()) {
            if c.len() < 1 << 20 {
                c.push_str(text);
            }
        }
    }

    pub fn write(&mut self, sys: &mut Sys, fd: u32, text: &str) {
        if text.is_empty() {
            return;
        }
        let sink = match self.resolve_fd(fd) {
            Some(i) => self.fds[i].1.clone(),
            None => match fd {
                1 => Sink::Base(Stream::Stdout),
                2 => Sink::Base(Stream::Stderr),
                _ => Sink::Null,
            },
        };
        match sink {
            Sink::Base(s) => {
                if let Some((ls, last)) = self.out.last_mut() {
                    if *ls == s && last.len() < 4096 {
                        last.push_str(text);
                        return;
                    }
                }
                self.out.push((s, text.to_string()));
            }
            Sink::Capture(i) => {
                if let Some(c) = self.subs.get_mut(i).and_then(|s| s.capture.as_mut()) {
                    if c.len() < 1 << 20 {
                        c.push_str(text);
                    }
                }
            }
            Sink::File(path) => {
                if sys.fs().write(&path, text, true).is_err() {
                    self.write_error = true;
                }
            }
            Sink::ContainerLog(s) => sys.log_to_container(s, text),
            Sink::Null | Sink::Input { .. } => {}
        }
    }

    pub fn out(&mut self, sys: &mut Sys, text: &str) {
        self.write(sys, 1, text);
    }

    pub fn err(&mut self, sys: &mut Sys, text: &str) {
        self.write(sys, 2, text);
    }

    /// Reads all of stdin (pipes, `<` redirections, here-documents; PID 1 has none).
    pub fn read_stdin_all(&mut self) -> String {
        match self.resolve_fd(0) {
            Some(i) => match &mut self.fds[i].1 {
                Sink::Input { data, pos } => {
                    let s = data[*pos..].to_string();
                    *pos = data.len();
                    s
                }
                _ => String::new(),
            },
            None => String::new(),
        }
    }

    fn read_line(&mut self) -> Option<String> {
        let i = self.resolve_fd(0)?;
        match &mut self.fds[i].1 {
            Sink::Input { data, pos } => {
                if *pos >= data.len() {
                    return None;
                }
                let rest = &data[*pos..];
                let (line, adv) = match rest.find('\n') {
                    Some(n) => (rest[..n].to_string(), n + 1),
                    None => (rest.to_string(), rest.len()),
                };
                *pos += adv;
                Some(line)
            }
            _ => None,
        }
    }

    /// `sh: ` (ash) or `sh: 3: ` (dash) prefix for shell diagnostics.
    pub fn diag_prefix(&self, sys: &Sys) -> String {
        if sys.dash() {
            format!("{}: {}: ", self.arg0, self.line)
        } else {
            format!("{}: ", self.arg0)
        }
    }

    // ---- running ------------------------------------------------------------------------

    fn exit_now(&mut self, code: i32) -> Option<Step> {
        let code = code & 0xff;
        self.status = code;
        if let Some(sub) = self.subs.last() {
            let depth = sub.frame_depth;
            let end = sub.end;
            let loops_len = sub.loops_len;
            self.frames.truncate(depth);
            if let Some(f) = self.frames.last_mut() {
                f.pc = end;
                f.loops.truncate(loops_len);
            }
            return None;
        }
        Some(Step::Done(code))
    }

    pub fn run(&mut self, sys: &mut Sys, budget: &mut u32) -> Step {
        loop {
            let s = self.run_inner(sys, budget);
            // The EXIT trap runs once, when the shell is about to end.
            if let Step::Done(code) = s {
                if let Some(action) = self.traps.remove("EXIT") {
                    self.frames.clear();
                    self.subs.clear();
                    self.pending = None;
                    self.status = code;
                    if self.push_eval(&action, true).is_none() {
                        continue;
                    }
                }
            }
            return s;
        }
    }

    fn run_inner(&mut self, sys: &mut Sys, budget: &mut u32) -> Step {
        if let Some(c) = self.pending_exit.take() {
            if let Some(s) = self.exit_now(c) {
                return s;
            }
        }
        loop {
            if self.pending.is_some() {
                return Step::Wait(
                    self.pending
                        .as_ref()
                        .map(|p| p.wait.clone())
                        .unwrap_or(WaitOn::All(Vec::new())),
                );
            }
            if *budget == 0 {
                return Step::Spin;
            }
            *budget -= 1;
            let Some(frame) = self.frames.last_mut() else {
                return Step::Done(self.status);
            };
            let code = frame.code.clone();
            let pc = frame.pc;
            frame.pc = pc.saturating_add(1);
            let Some(op) = code.ops.get(pc) else {
                // Falling off the end behaves like Halt.
                if let Some(s) = self.halt() {
                    return s;
                }
                continue;
            };
            match op {
                Op::Halt => {
                    if let Some(s) = self.halt() {
                        return s;
                    }
                }
                Op::SetStatus(s) => self.status = *s,
                Op::Jump(t) => self.jump(*t),
                Op::JumpIfOk(t) => {
                    if self.status == 0 {
                        self.jump(*t)
                    }
                }
                Op::JumpIfFail(t) => {
                    if self.status != 0 {
                        self.jump(*t)
                    }
                }
                Op::Not => self.status = (self.status == 0) as i32,
                Op::ErrExit => {
                    if self.errexit
                        && self.status != 0
                        && !matches!(
                            self.frames.last().map(|f| &f.kind),
                            Some(FrameKind::Trap { .. })
                        )
                    {
                        if let Some(s) = self.exit_now(self.status) {
                            return s;
                        }
                    }
                }
                Op::SubBegin {
                    end,
                    capture,
                    pipe_in,
                } => {
                    let saved = Box::new(Saved {
                        vars: self.vars.clone(),
                        funcs: self.funcs.clone(),
                        cwd: self.cwd.clone(),
                        positional: self.positional.clone(),
                        traps: self.traps.clone(),
                        errexit: self.errexit,
                    });
                    let fd_depth = self.fds.len();
                    let idx = self.subs.len();
                    self.subs.push(SubFrame {
                        frame_depth: self.frames.len(),
                        loops_len: self.frames.last().map(|f| f.loops.len()).unwrap_or(0),
                        end: *end,
                        capture: capture.then(String::new),
                        saved,
                        fd_depth,
                    });
                    if *capture {
                        self.fds.push((1, Sink::Capture(idx)));
                    }
                    if *pipe_in {
                        let data = self.pipe_buf.take().unwrap_or_default();
                        self.fds.push((0, Sink::Input { data, pos: 0 }));
                    }
                    if self.subs.len() > MAX_FRAMES {
                        if let Some(s) = self.exit_now(2) {
                            return s;
                        }
                    }
                }
                Op::SubEnd { capture, to_pipe } => {
                    if let Some(sub) = self.subs.pop() {
                        self.fds.truncate(sub.fd_depth);
                        let s = *sub.saved;
                        self.vars = s.vars;
                        self.funcs = s.funcs;
                        self.cwd = s.cwd;
                        self.positional = s.positional;
                        self.traps = s.traps;
                        self.errexit = s.errexit;
                        if *capture {
                            let text = sub.capture.unwrap_or_default();
                            if *to_pipe {
                                self.pipe_buf = Some(text);
                            } else {
                                self.results.push(text.trim_end_matches('\n').to_string());
                                self.last_sub_status = Some(self.status);
                            }
                        }
                    }
                }
                Op::LoopEnter { cont, exit } => {
                    if let Some(f) = self.frames.last_mut() {
                        f.loops.push(LoopFrame {
                            cont: *cont,
                            exit: *exit,
                            status: 0,
                            items: None,
                            var: String::new(),
                        });
                    }
                }
                Op::LoopSave => {
                    let st = self.status;
                    if let Some(l) = self.frames.last_mut().and_then(|f| f.loops.last_mut()) {
                        l.status = st;
                    }
                }
                Op::LoopExit => {
                    if let Some(l) = self.frames.last_mut().and_then(|f| f.loops.pop()) {
                        self.status = l.status;
                    }
                }
                Op::ForInit {
                    var,
                    words,
                    nsubs,
                    cont,
                    exit,
                } => {
                    let mut subs = self.take_results(*nsubs);
                    let items: Vec<String> = match words {
                        Some(ws) => match self.expand_words(sys, ws, &mut subs) {
                            Ok(v) => v,
                            Err(e) => {
                                let p = self.diag_prefix(sys);
                                self.err(sys, &format!("{p}{e}\n"));
                                if let Some(s) = self.exit_now(2) {
                                    return s;
                                }
                                continue;
                            }
                        },
                        None => self.positional.clone(),
                    };
                    if let Some(f) = self.frames.last_mut() {
                        f.loops.push(LoopFrame {
                            cont: *cont,
                            exit: *exit,
                            status: 0,
                            items: Some(items.into()),
                            var: var.clone(),
                        });
                    }
                }
                Op::ForNext { exit } => {
                    let next = self
                        .frames
                        .last_mut()
                        .and_then(|f| f.loops.last_mut())
                        .and_then(|l| {
                            let item = l.items.as_mut().and_then(|i| i.pop_front());
                            item.map(|v| (l.var.clone(), v))
                        });
                    match next {
                        Some((k, v)) => {
                            self.vars_mut().insert(k, v);
                        }
                        None => self.jump(*exit),
                    }
                }
                Op::CaseWord { word, nsubs } => {
                    let mut subs = self.take_results(*nsubs);
                    let s = self.expand_one(sys, word, &mut subs).unwrap_or_default();
                    self.case_subjects.push(s);
                }
                Op::CaseTest { pats, nsubs, next } => {
                    let mut subs = self.take_results(*nsubs);
                    let subject = self.case_subjects.last().cloned().unwrap_or_default();
                    let mut hit = false;
                    for p in pats.iter() {
                        let pat = self.expand_pattern(sys, p, &mut subs);
                        if glob_match(&pat, &subject) {
                            hit = true;
                            break;
                        }
                    }
                    if !hit {
                        self.jump(*next);
                    }
                }
                Op::CasePop => {
                    self.case_subjects.pop();
                }
                Op::FuncDef { name, entry, skip } => {
                    self.funcs.insert(name.clone(), (code.clone(), *entry));
                    self.status = 0;
                    self.jump(*skip);
                }
                Op::Return => self.do_return(),
                Op::RedirPush { redirs, nsubs } => {
                    let mut subs = self.take_results(*nsubs);
                    if let Err(msg) = self.push_redirs(sys, redirs, &mut subs) {
                        let p = self.diag_prefix(sys);
                        self.err(sys, &format!("{p}{msg}\n"));
                        // Keep RedirPop balanced: push a harmless layer.
                        self.fds.push((u32::MAX, Sink::Null));
                        self.status = if sys.dash() { 2 } else { 1 };
                    }
                }
                Op::RedirPop => {
                    // Pops every layer pushed by the matching RedirPush (tracked by marker).
                    self.pop_redir_group();
                }
                Op::Background { end } => {
                    // The child starts with none of these; moving them aside keeps a loop
                    // that forks on every turn from copying its ever-growing output.
                    let out = std::mem::take(&mut self.out);
                    let bg = std::mem::take(&mut self.bg);
                    let results = std::mem::take(&mut self.results);
                    let frames = std::mem::take(&mut self.frames);
                    let mut child = self.clone();
                    self.out = out;
                    self.bg = bg;
                    self.results = results;
                    self.frames = frames;
                    child.frames = vec![Frame {
                        code: code.clone(),
                        pc: pc + 1,
                        loops: Vec::new(),
                        kind: FrameKind::Main,
                    }];
                    child.subs.clear();
                    child.out.clear();
                    child.bg.clear();
                    child.results.clear();
                    child.pending = None;
                    child.in_tail = false;
                    child.fds = self
                        .fds
                        .iter()
                        .map(|(fd, s)| {
                            (
                                *fd,
                                if matches!(s, Sink::Capture(_)) {
                                    Sink::Null
                                } else {
                                    s.clone()
                                },
                            )
                        })
                        .collect();
                    let pid = sys.spawn_shell(child, "sh");
                    self.bg.push(pid);
                    self.last_bg = Some(pid);
                    self.status = 0;
                    self.jump(*end);
                }
                Op::Simple { cmd, nsubs, tail } => {
                    let tail = *tail
                        && self.frames.len() == 1
                        && self.subs.is_empty()
                        && self.traps.is_empty();
                    if let Some(step) = self.simple(sys, cmd, *nsubs, tail) {
                        return step;
                    }
                }
            }
        }
    }

    fn halt(&mut self) -> Option<Step> {
        let f = self.frames.pop()?;
        match f.kind {
            FrameKind::Main => {
                self.frames.clear();
                Some(Step::Done(self.status))
            }
            FrameKind::Trap { saved_status } => {
                self.status = saved_status;
                if self.frames.is_empty() {
                    return Some(Step::Done(self.status));
                }
                None
            }
            FrameKind::Func {
                saved_pos,
                fd_depth,
            } => {
                self.positional = saved_pos;
                self.fds.truncate(fd_depth);
                if self.frames.is_empty() {
                    return Some(Step::Done(self.status));
                }
                None
            }
            FrameKind::Eval => {
                if self.frames.is_empty() {
                    return Some(Step::Done(self.status));
                }
                None
            }
        }
    }

    fn do_return(&mut self) {
        while let Some(f) = self.frames.pop() {
            match f.kind {
                FrameKind::Func {
                    saved_pos,
                    fd_depth,
                } => {
                    self.positional = saved_pos;
                    self.fds.truncate(fd_depth);
                    return;
                }
                FrameKind::Main => {
                    self.frames.push(f);
                    // `return` outside a function ends the script (ash does the same for `sh -c`).
                    if let Some(fr) = self.frames.last_mut() {
                        fr.pc = usize::MAX / 2;
                    }
                    return;
                }
                _ => {}
            }
        }
    }

    fn jump(&mut self, t: usize) {
        if let Some(f) = self.frames.last_mut() {
            f.pc = t;
        }
    }

    fn take_results(&mut self, n: usize) -> VecDeque<String> {
        let at = self.results.len().saturating_sub(n);
        self.results.split_off(at).into()
    }

    fn pop_redir_group(&mut self) {
        while let Some((fd, _)) = self.fds.pop() {
            if fd == u32::MAX {
                break;
            }
        }
    }

    /// Pushes the layers of one redirection group, preceded by a marker layer.
    fn push_redirs(
        &mut self,
        sys: &mut Sys,
        redirs: &[Redir],
        subs: &mut VecDeque<String>,
    ) -> Result<(), String> {
        self.fds.push((u32::MAX, Sink::Null));
        for r in redirs {
            if let Err(e) = self.push_redir(sys, r, subs) {
                self.pop_redir_group();
                return Err(e);
            }
        }
        Ok(())
    }

    fn push_redir(
        &mut self,
        sys: &mut Sys,
        r: &Redir,
        subs: &mut VecDeque<String>,
    ) -> Result<(), String> {
        if let RedirOp::HereDoc { expand, body, .. } = &r.op {
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
            RedirOp::Out | RedirOp::Append => {
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
                let append = matches!(r.op, RedirOp::Append);
                let mut fs = sys.fs();
                let res = if append && fs.is_file(&path) {
                    Ok(())
                } else {
                    fs.write(&path, "", append)
                };
                if let Err(e) = res {
                    let why = match e {
                        crate::fs::FsErr::NotFound => {
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
            RedirOp::In => {
                let path = normalize(&self.cwd, &target);
                let data = match sys.fs().read(&path) {
                    Ok(s) => s.to_string(),
                    Err(e) => {
                        return Err(if dash {
                            format!(
                                "cannot open {target}: {}",
                                if e == crate::fs::FsErr::NotFound {
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
            RedirOp::DupOut | RedirOp::DupIn => {
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
            RedirOp::HereDoc { .. } => {}
        }
        Ok(())
    }

    fn expand_heredoc(&mut self, sys: &mut Sys, text: &str) -> String {
        // Expand as if the body were inside double quotes.
        let quoted = format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
        match parse(&format!(": {quoted}")) {
            Ok(p) => {
                if let Some(AndOr { first, .. }) = p.body.first() {
                    if let Some(Command::Simple(sc)) = first.cmds.first() {
                        if let Some(w) = sc.words.get(1) {
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
    fn simple(&mut self, sys: &mut Sys, cmd: &SimpleCmd, nsubs: usize, tail: bool) -> Option<Step> {
        self.line = cmd.line;
        let mut subs = self.take_results(nsubs);
        let sub_status = self.last_sub_status.take();
        // Assignments (values are not split).
        let mut assigns = Vec::new();
        for (k, w) in &cmd.assigns {
            match self.expand_one(sys, w, &mut subs) {
                Ok(v) => assigns.push((k.clone(), v)),
                Err(e) => return self.expansion_error(sys, &e),
            }
        }
        let argv = match self.expand_words(sys, &cmd.words, &mut subs) {
            Ok(v) => v,
            Err(e) => return self.expansion_error(sys, &e),
        };
        // Redirections.
        let had_redirs = !cmd.redirs.is_empty();
        if had_redirs {
            if let Err(msg) = self.push_redirs(sys, &cmd.redirs, &mut subs) {
                let p = self.diag_prefix(sys);
                self.err(sys, &format!("{p}{msg}\n"));
                self.status = if sys.dash() { 2 } else { 1 };
                return None;
            }
        }
        if self.xtrace && !argv.is_empty() {
            let mut line = String::from("+");
            for (k, v) in &assigns {
                line.push_str(&format!(" {k}={v}"));
            }
            for a in &argv {
                line.push(' ');
                line.push_str(a);
            }
            line.push('\n');
            self.err(sys, &line);
        }
        if argv.is_empty() {
            for (k, v) in assigns {
                self.vars_mut().insert(k, v);
            }
            self.status = sub_status.unwrap_or(0);
            if had_redirs {
                self.pop_redir_group();
            }
            return None;
        }
        // Prefix assignments: permanent for special builtins, temporary otherwise.
        let special = matches!(
            argv[0].as_str(),
            ":" | "."
                | "eval"
                | "exec"
                | "exit"
                | "export"
                | "readonly"
                | "return"
                | "set"
                | "shift"
                | "trap"
                | "unset"
                | "break"
                | "continue"
        );
        let mut restore = Vec::new();
        for (k, v) in assigns {
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
            applets::run_external(self, sys, &argv, tail)
        };
        match r {
            Run::Replaced => None,
            Run::Done(mut s) => {
                self.in_tail = false;
                if std::mem::take(&mut self.write_error) {
                    let name = crate::fs::basename(&argv[0]).to_string();
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

    fn expansion_error(&mut self, sys: &mut Sys, e: &str) -> Option<Step> {
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

    // ---- expansion ----------------------------------------------------------------------

    fn param_value(&mut self, sys: &mut Sys, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.status.to_string()),
            "#" => Some(self.positional.len().to_string()),
            "$" => Some(sys.shell_pid().to_string()),
            "PPID" => Some(sys.parent_pid().to_string()),
            // Deterministic: a fixed linear congruential sequence per shell.
            "RANDOM" => {
                self.rng = self.rng.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                Some(((self.rng >> 16) % 32_768).to_string())
            }
            "!" => self.last_bg.map(|p| p.to_string()),
            "0" => Some(self.arg0.clone()),
            "@" | "*" => Some(self.positional.join(" ")),
            "-" => Some(format!(
                "{}{}",
                if self.errexit { "e" } else { "" },
                if self.xtrace { "x" } else { "" }
            )),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let i: usize = n.parse().ok()?;
                self.positional.get(i.checked_sub(1)?).cloned()
            }
            n => self.vars.get(n).cloned(),
        }
    }

    fn eval_param(
        &mut self,
        sys: &mut Sys,
        pe: &ParamExp,
        subs: &mut VecDeque<String>,
    ) -> Result<String, String> {
        let val = self.param_value(sys, &pe.name);
        let unsetish =
            |colon: bool, v: &Option<String>| v.is_none() || (colon && v.as_deref() == Some(""));
        Ok(match &pe.op {
            ParamOp::Plain => val.unwrap_or_default(),
            ParamOp::Length => val.unwrap_or_default().chars().count().to_string(),
            ParamOp::Default(c, w) => {
                if unsetish(*c, &val) {
                    self.expand_one(sys, w, subs)?
                } else {
                    val.unwrap_or_default()
                }
            }
            ParamOp::Assign(c, w) => {
                if unsetish(*c, &val) {
                    let v = self.expand_one(sys, w, subs)?;
                    self.vars_mut().insert(pe.name.clone(), v.clone());
                    v
                } else {
                    val.unwrap_or_default()
                }
            }
            ParamOp::Alt(c, w) => {
                if unsetish(*c, &val) {
                    String::new()
                } else {
                    self.expand_one(sys, w, subs)?
                }
            }
            ParamOp::Error(c, w) => {
                if unsetish(*c, &val) {
                    let m = self.expand_one(sys, w, subs)?;
                    let m = if m.is_empty() {
                        "parameter not set".to_string()
                    } else {
                        m
                    };
                    return Err(format!("{}: {m}", pe.name));
                }
                val.unwrap_or_default()
            }
            ParamOp::TrimPrefix(long, w) => {
                let v = val.unwrap_or_default();
                let pat = self.expand_pattern(sys, w, subs);
                let idx: Vec<usize> = v
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(v.len()))
                    .collect();
                let mut cut = None;
                for &i in &idx {
                    if glob_match(&pat, &v[..i]) {
                        cut = Some(i);
                        if !*long {
                            break;
                        }
                    }
                }
                cut.map(|i| v[i..].to_string()).unwrap_or(v)
            }
            ParamOp::TrimSuffix(long, w) => {
                let v = val.unwrap_or_default();
                let pat = self.expand_pattern(sys, w, subs);
                let idx: Vec<usize> = v
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(v.len()))
                    .collect();
                let mut cut = None;
                for &i in idx.iter().rev() {
                    if glob_match(&pat, &v[i..]) {
                        cut = Some(i);
                        if !*long {
                            break;
                        }
                    }
                }
                cut.map(|i| v[..i].to_string()).unwrap_or(v)
            }
        })
    }

    /// Expands one word without field splitting or globbing (assignments, redirections, case).
    pub fn expand_one(
        &mut self,
        sys: &mut Sys,
        w: &Word,
        subs: &mut VecDeque<String>,
    ) -> Result<String, String> {
        let mut s = String::new();
        for (i, p) in w.parts.iter().enumerate() {
            match p {
                Part::Lit(t) => {
                    if i == 0 && (t == "~" || t.starts_with("~/")) {
                        s.push_str(self.vars.get("HOME").map(String::as_str).unwrap_or("/root"));
                        s.push_str(&t[1..]);
                    } else {
                        s.push_str(t)
                    }
                }
                Part::Quoted(t) => s.push_str(t),
                Part::Param(pe, _) => {
                    let v = self.eval_param(sys, pe, subs)?;
                    s.push_str(&v);
                }
                Part::CmdSub(..) => {
                    s.push_str(&subs.pop_front().unwrap_or_default());
                    cap(&mut s);
                }
                Part::Arith(w, _) => {
                    let e = self.expand_one(sys, w, subs)?;
                    let v = self.arith(sys, &e)?;
                    s.push_str(&v.to_string());
                }
            }
        }
        cap(&mut s);
        Ok(s)
    }

    /// A case/trim pattern: quoted parts are escaped so they match literally.
    fn expand_pattern(&mut self, sys: &mut Sys, w: &Word, subs: &mut VecDeque<String>) -> String {
        let mut s = String::new();
        for p in &w.parts {
            match p {
                Part::Lit(t) => s.push_str(t),
                Part::Quoted(t) => s.push_str(&escape_glob(t)),
                Part::Param(pe, q) => {
                    let v = self.eval_param(sys, pe, subs).unwrap_or_default();
                    s.push_str(&if *q { escape_glob(&v) } else { v });
                }
                Part::CmdSub(_, q) => {
                    let v = subs.pop_front().unwrap_or_default();
                    s.push_str(&if *q { escape_glob(&v) } else { v });
                }
                Part::Arith(w, _) => {
                    let e = self.expand_one(sys, w, subs).unwrap_or_default();
                    s.push_str(&self.arith(sys, &e).unwrap_or(0).to_string())
                }
            }
        }
        s
    }

    pub fn expand_words(
        &mut self,
        sys: &mut Sys,
        words: &[Word],
        subs: &mut VecDeque<String>,
    ) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for w in words {
            // (text, glob pattern text, has unquoted glob chars, any quoted part)
            let mut fields: Vec<(String, String, bool, bool)> = Vec::new();
            let mut cur = (String::new(), String::new(), false, false);
            let mut started = false;
            let ifs = self
                .vars
                .get("IFS")
                .cloned()
                .unwrap_or_else(|| " \t\n".to_string());
            for (i, p) in w.parts.iter().enumerate() {
                match p {
                    Part::Lit(t) => {
                        let t = if i == 0 && (t == "~" || t.starts_with("~/")) {
                            format!(
                                "{}{}",
                                self.vars.get("HOME").map(String::as_str).unwrap_or("/root"),
                                &t[1..]
                            )
                        } else {
                            t.clone()
                        };
                        if t.contains(['*', '?', '[']) {
                            cur.2 = true;
                        }
                        cur.0.push_str(&t);
                        cur.1.push_str(&t);
                        started = true;
                    }
                    Part::Quoted(t) => {
                        cur.0.push_str(t);
                        cur.1.push_str(&escape_glob(t));
                        cur.3 = true;
                        started = true;
                    }
                    Part::Param(pe, true) if pe.name == "@" && matches!(pe.op, ParamOp::Plain) => {
                        let pos = self.positional.clone();
                        for (k, a) in pos.iter().enumerate() {
                            if k > 0 {
                                fields.push(std::mem::take(&mut cur));
                            }
                            cur.0.push_str(a);
                            cur.1.push_str(&escape_glob(a));
                            cur.3 = true;
                        }
                        started = true;
                    }
                    Part::Param(_, q) | Part::CmdSub(_, q) | Part::Arith(_, q) => {
                        let v = match p {
                            Part::Param(pe, _) => self.eval_param(sys, pe, subs)?,
                            Part::CmdSub(..) => subs.pop_front().unwrap_or_default(),
                            Part::Arith(w, _) => {
                                let e = self.expand_one(sys, w, subs)?;
                                self.arith(sys, &e)?.to_string()
                            }
                            _ => String::new(),
                        };
                        if *q {
                            cur.0.push_str(&v);
                            cur.1.push_str(&escape_glob(&v));
                            cur.3 = true;
                            started = true;
                        } else {
                            // Field splitting on IFS whitespace.
                            let mut first = true;
                            let starts_ws = v.starts_with(|c: char| ifs.contains(c));
                            let pieces: Vec<&str> = v
                                .split(|c: char| ifs.contains(c))
                                .filter(|s| !s.is_empty())
                                .collect();
                            if starts_ws && (!cur.0.is_empty() || cur.3) {
                                fields.push(std::mem::take(&mut cur));
                            }
                            for piece in &pieces {
                                if !first {
                                    fields.push(std::mem::take(&mut cur));
                                }
                                first = false;
                                if piece.contains(['*', '?', '[']) {
                                    cur.2 = true;
                                }
                                cur.0.push_str(piece);
                                cur.1.push_str(piece);
                                started = true;
                            }
                            if v.ends_with(|c: char| ifs.contains(c)) && !pieces.is_empty() {
                                fields.push(std::mem::take(&mut cur));
                            }
                        }
                    }
                }
            }
            if started && (!cur.0.is_empty() || cur.3) {
                fields.push(cur);
            }
            for (mut text, pat, glob, _) in fields {
                cap(&mut text);
                if glob {
                    let matches = self.glob_paths(sys, &pat);
                    if matches.is_empty() {
                        out.push(text);
                    } else {
                        out.extend(matches);
                    }
                } else {
                    out.push(text);
                }
            }
        }
        Ok(out)
    }

    fn glob_paths(&mut self, sys: &mut Sys, pat: &str) -> Vec<String> {
        let abs = pat.starts_with('/');
        let segs: Vec<&str> = pat.split('/').filter(|s| !s.is_empty()).collect();
        let mut cands: Vec<String> = vec![if abs { String::new() } else { ".".to_string() }];
        for (i, seg) in segs.iter().enumerate() {
            let mut next = Vec::new();
            for c in &cands {
                let dir_disp = c.clone();
                let dir_real = if c.is_empty() {
                    "/".to_string()
                } else {
                    normalize(&self.cwd, c)
                };
                if seg.contains(['*', '?', '[']) {
                    if let Ok(names) = sys.fs().list(&dir_real) {
                        for n in names {
                            if n.starts_with('.') && !seg.starts_with('.') {
                                continue;
                            }
                            if glob_match(seg, &n) {
                                next.push(join_disp(&dir_disp, &n));
                            }
                        }
                    }
                } else {
                    let lit = unescape_glob(seg);
                    let p = join_disp(&dir_disp, &lit);
                    if (i + 1 == segs.len() || sys.fs().is_dir(&normalize(&self.cwd, &p)))
                        && sys.fs().stat(&normalize(&self.cwd, &p)).is_some()
                    {
                        next.push(p);
                    }
                }
                if next.len() > 10_000 {
                    break;
                }
            }
            cands = next;
        }
        cands
            .into_iter()
            .map(|c| c.strip_prefix("./").map(str::to_string).unwrap_or(c))
            .collect()
    }

    pub fn arith(&mut self, sys: &mut Sys, e: &str) -> Result<i64, String> {
        let _ = sys;
        let mut p = Arith {
            s: e.as_bytes(),
            i: 0,
            vars: Rc::make_mut(&mut self.vars),
            depth: 0,
        };
        let v = p.assign()?;
        p.ws();
        if p.i < p.s.len() {
            return Err("arithmetic syntax error".to_string());
        }
        Ok(v)
    }

    // ---- builtins -----------------------------------------------------------------------

    fn builtin(&mut self, sys: &mut Sys, argv: &[String]) -> Option<BuiltinResult> {
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
                        let name = applets::signal_name(s);
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
                    self.bg.clone()
                };
                let live: Vec<u32> = pids.into_iter().filter(|p| sys.proc_alive(*p)).collect();
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
                match applets::run_external(self, sys, &argv[1..], true) {
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
                } else if let Some(p) = applets::which(self, sys, n) {
                    let s = format!("{p}\n");
                    self.out(sys, &s);
                    BuiltinResult::Status(0)
                } else {
                    BuiltinResult::Status(127)
                }
            }
            "umask" | "ulimit" | "hash" | "shopt" | "alias" | "unalias" => BuiltinResult::Status(0),
            "echo" | "printf" | "test" | "[" | "kill" => {
                return Some(BuiltinResult::Run(applets::run_applet(self, sys, argv)))
            }
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
                let mut t = vec!["test".to_string()];
                t.extend(inner.iter().cloned());
                return Some(BuiltinResult::Run(applets::run_applet(self, sys, &t)));
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

pub(crate) fn is_builtin(n: &str) -> bool {
    matches!(
        n,
        ":" | "true"
            | "false"
            | "exit"
            | "cd"
            | "pwd"
            | "export"
            | "readonly"
            | "local"
            | "unset"
            | "set"
            | "shift"
            | "break"
            | "continue"
            | "return"
            | "eval"
            | "."
            | "source"
            | "read"
            | "trap"
            | "wait"
            | "exec"
            | "command"
            | "umask"
            | "ulimit"
            | "echo"
            | "printf"
            | "test"
            | "["
            | "kill"
    )
}

/// Longest word or variable value the model keeps (1 MiB).
const MAX_WORD_BYTES: usize = 1 << 20;

fn cap(s: &mut String) {
    if s.len() > MAX_WORD_BYTES {
        let mut n = MAX_WORD_BYTES;
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s.truncate(n);
    }
}

fn join_disp(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        format!("/{name}")
    } else if dir == "." {
        format!("./{name}")
    } else {
        format!("{dir}/{name}")
    }
}

fn escape_glob(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

fn unescape_glob(s: &str) -> String {
    let mut o = String::new();
    let mut esc = false;
    for c in s.chars() {
        if !esc && c == '\\' {
            esc = true;
            continue;
        }
        esc = false;
        o.push(c);
    }
    o
}

/// fnmatch(3) without flags: `*`, `?`, `[...]` (with `!`/`^` negation), backslash escapes.
pub(crate) fn glob_match(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    let mut guard = 0u64;
    while ti < t.len() {
        guard += 1;
        if guard > 1_000_000 {
            return false;
        }
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some((ok, next)) = class_match(&p, pi, t[ti]) {
                        if ok {
                            pi = next;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                '\\' if pi + 1 < p.len() => {
                    if p[pi + 1] == t[ti] {
                        pi += 2;
                        ti += 1;
                        continue;
                    }
                }
                c => {
                    if c == t[ti] {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn class_match(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let neg = i < p.len() && (p[i] == '!' || p[i] == '^');
    if neg {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((hit != neg, i + 1));
        }
        first = false;
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            if p[i] <= c && c <= p[i + 2] {
                hit = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                hit = true;
            }
            i += 1;
        }
    }
    None
}

/// `$(( ))` arithmetic: integers, + - * / % comparisons, && || !, parentheses, `=`.
struct Arith<'a> {
    s: &'a [u8],
    i: usize,
    vars: &'a mut BTreeMap<String, String>,
    depth: usize,
}

impl Arith<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, t: &str) -> bool {
        self.ws();
        if self.s[self.i..].starts_with(t.as_bytes()) {
            // Do not split `==` into `=`, or `<=` into `<`.
            let next = self.s.get(self.i + t.len()).copied();
            if (t == "=" || t == "<" || t == ">" || t == "!") && next == Some(b'=') {
                return false;
            }
            if (t == "&" && next == Some(b'&')) || (t == "|" && next == Some(b'|')) {
                return false;
            }
            self.i += t.len();
            return true;
        }
        false
    }
    fn assign(&mut self) -> Result<i64, String> {
        self.ws();
        let save = self.i;
        let mut name = String::new();
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            name.push(self.s[self.i] as char);
            self.i += 1;
        }
        if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) && self.eat("=") {
            let v = self.assign()?;
            self.vars.insert(name, v.to_string());
            return Ok(v);
        }
        self.i = save;
        self.or()
    }
    fn or(&mut self) -> Result<i64, String> {
        let mut v = self.and()?;
        while self.eat("||") {
            let r = self.and()?;
            v = (v != 0 || r != 0) as i64;
        }
        Ok(v)
    }
    fn and(&mut self) -> Result<i64, String> {
        let mut v = self.cmp()?;
        while self.eat("&&") {
            let r = self.cmp()?;
            v = (v != 0 && r != 0) as i64;
        }
        Ok(v)
    }
    fn cmp(&mut self) -> Result<i64, String> {
        let mut v = self.add()?;
        loop {
            v = if self.eat("==") {
                (v == self.add()?) as i64
            } else if self.eat("!=") {
                (v != self.add()?) as i64
            } else if self.eat("<=") {
                (v <= self.add()?) as i64
            } else if self.eat(">=") {
                (v >= self.add()?) as i64
            } else if self.eat("<") {
                (v < self.add()?) as i64
            } else if self.eat(">") {
                (v > self.add()?) as i64
            } else {
                return Ok(v);
            };
        }
    }
    fn add(&mut self) -> Result<i64, String> {
        let mut v = self.mul()?;
        loop {
            if self.eat("+") {
                v = v.wrapping_add(self.mul()?);
            } else if self.eat("-") {
                v = v.wrapping_sub(self.mul()?);
            } else {
                return Ok(v);
            }
        }
    }
    fn mul(&mut self) -> Result<i64, String> {
        let mut v = self.unary()?;
        loop {
            if self.eat("*") {
                v = v.wrapping_mul(self.unary()?);
            } else if self.eat("/") || self.eat("%") {
                let is_div = self.s[self.i - 1] == b'/';
                let r = self.unary()?;
                if r == 0 {
                    return Err("divide by zero".into());
                }
                v = if is_div {
                    v.wrapping_div(r)
                } else {
                    v.wrapping_rem(r)
                };
            } else {
                return Ok(v);
            }
        }
    }
    fn unary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("arithmetic syntax error".into());
        }
        let r = if self.eat("-") {
            self.unary().map(|v| v.wrapping_neg())
        } else if self.eat("+") {
            self.unary()
        } else if self.eat("!") {
            self.unary().map(|v| (v == 0) as i64)
        } else if self.eat("(") {
            let v = self.assign()?;
            if !self.eat(")") {
                return Err("arithmetic syntax error".into());
            }
            Ok(v)
        } else {
            self.atom()
        };
        self.depth -= 1;
        r
    }
    fn atom(&mut self) -> Result<i64, String> {
        self.ws();
        let start = self.i;
        if self.i < self.s.len() && self.s[self.i] == b'$' {
            self.i += 1;
        }
        let ns = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        let tok = std::str::from_utf8(&self.s[ns..self.i]).unwrap_or("");
        if tok.is_empty() {
            let _ = start;
            return Err("arithmetic syntax error".into());
        }
        if tok.starts_with(|c: char| c.is_ascii_digit()) {
            return tok
                .parse()
                .map_err(|_| "arithmetic syntax error".to_string());
        }
        let v = self.vars.get(tok).cloned().unwrap_or_default();
        Ok(v.trim().parse().unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::glob_match;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn globbing() {
        assert!(glob_match("*.log", "a.log"));
        assert!(!glob_match("*.log", "a.txt"));
        assert!(glob_match("a?c", "abc"));
        assert!(glob_match("[a-c]x", "bx"));
        assert!(!glob_match("[!a-c]x", "bx"));
        assert!(glob_match("\\*", "*"));
        assert!(glob_match("*", ""));
    }
}
