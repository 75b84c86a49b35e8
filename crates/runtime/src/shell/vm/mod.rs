//! The resumable interpreter. State is plain data (program counter, frames, variables), so a
//! script can stop inside `sleep` and continue when the simulated clock gets there. No
//! threads, no async. Every `run` is bounded by a step budget.

use std::any::Any;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use super::ast::*;
use super::compile::{compile, Code, Op};
use super::glob::glob_match_chars;
use super::parser::parse;
use crate::kernel::exec;
use crate::kernel::executables::Found;
use crate::kernel::process::{CompiledScripts, Env, Interpreter, Step, Stream, Syscalls, WaitOn};
use podlife_spec::vec_map::VecMap;

pub(crate) mod builtins;
mod commands;
mod expand;
mod memory;
mod output;

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
    funcs: VecMap<String, (Rc<Code>, usize)>,
    cwd: String,
    positional: Vec<String>,
    traps: BTreeMap<String, String>,
    errexit: bool,
    long_values: VecMap<String, u64>,
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
    funcs: VecMap<String, (Rc<Code>, usize)>,
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
    pub background_jobs: Vec<u32>,
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
    /// What runs commands that are not builtins or functions.
    programs: &'static dyn Programs,
    /// Full lengths of the variables whose value was cut to 1 MiB (see `memory.rs`).
    long_values: VecMap<String, u64>,
    /// Bytes the 1 MiB bound cut off during the current expansion.
    cut_bytes: u64,
    /// Extra steps the current command's large expansions cost (`expand.rs`, `charge`).
    cost: u32,
}

const MAX_FRAMES: usize = 200;

/// Compiled scripts kept per pod (see `CompiledScripts`).
const MAX_CACHED_SCRIPTS: usize = 32;

pub(crate) enum Compiled {
    Ok(Box<Vm>),
    Syntax(String),
}

impl Vm {
    fn vars_mut(&mut self) -> &mut BTreeMap<String, String> {
        Rc::make_mut(&mut self.vars)
    }
}

/// The programs a shell runs that are neither builtins nor functions: the image's userland.
/// Implemented by `crate::programs::Userland` and wired in by `lib.rs`; the shell only calls it.
pub(crate) trait Programs {
    /// Runs `argv`; `tail`: it is the shell's last command (ash execs it in place).
    fn run_external(&self, vm: &mut Vm, sys: &mut Syscalls, argv: &[String], tail: bool) -> Run;
}

// Not a `Debug` supertrait, which would keep every program's `Debug` in the vtable.
impl std::fmt::Debug for dyn Programs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Programs")
    }
}

impl Interpreter for Vm {
    fn run(&mut self, sys: &mut Syscalls, budget: &mut u32) -> Step {
        Vm::run(self, sys, budget)
    }
    fn resume(&mut self, status: i32) {
        Vm::resume(self, status)
    }
    fn waiting_on(&self) -> Option<&WaitOn> {
        Vm::waiting_on(self)
    }
    fn deliver_trap(&mut self, signal_name: &str) -> bool {
        Vm::deliver_trap(self, signal_name)
    }
    fn append_capture(&mut self, frame: usize, text: &str) {
        Vm::append_capture(self, frame, text)
    }
    fn take_output(&mut self) -> Vec<(Stream, String)> {
        std::mem::take(&mut self.out)
    }
    fn clone_box(&self) -> Box<dyn Interpreter> {
        Box::new(self.clone())
    }
}

impl Vm {
    /// A shell for `sh -c script`, reusing the compiled code of a script seen before (every
    /// restart of a container runs the same text).
    pub fn for_script_cached(
        cache: &mut CompiledScripts,
        script: &str,
        arg0: &str,
        positional: Vec<String>,
        env: Env,
        cwd: &str,
        programs: &'static dyn Programs,
    ) -> Compiled {
        let hit = cache
            .0
            .iter()
            .find(|(s, _)| s == script)
            .and_then(|(_, c)| match c {
                Ok(code) => Rc::clone(code).downcast::<Code>().ok().map(Ok),
                Err(e) => Some(Err(e.clone())),
            });
        let code = match hit {
            Some(c) => c,
            None => {
                let c = parse(script)
                    .map(|p| Rc::new(compile(&p, true)))
                    .map_err(|e| e.0);
                if cache.0.len() >= MAX_CACHED_SCRIPTS {
                    drop(cache.0.remove(0));
                }
                let erased = c.clone().map(|code| code as Rc<dyn Any>);
                cache.0.push((script.to_string(), erased));
                c
            }
        };
        match code {
            Ok(code) => Compiled::Ok(Box::new(Vm::new(
                code, arg0, positional, env, cwd, programs,
            ))),
            Err(e) => Compiled::Syntax(e),
        }
    }

    /// A process that runs one command directly (no shell): a one-op program.
    pub fn for_argv(argv: &[String], env: Env, cwd: &str, programs: &'static dyn Programs) -> Vm {
        let words = argv
            .iter()
            .map(|a| Word {
                parts: vec![Part::Quoted(a.clone())],
            })
            .collect();
        let command = SimpleCommand {
            assignments: Vec::new(),
            words,
            redirections: Vec::new(),
            line: 1,
        };
        let code = Code {
            ops: vec![
                Op::Simple {
                    command: Rc::new(command),
                    substitutions: 0,
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
            programs,
        )
    }

    fn new(
        code: Rc<Code>,
        arg0: &str,
        positional: Vec<String>,
        env: Env,
        cwd: &str,
        programs: &'static dyn Programs,
    ) -> Vm {
        Vm {
            frames: vec![Frame {
                code,
                pc: 0,
                loops: Vec::new(),
                kind: FrameKind::Main,
            }],
            vars: env,
            funcs: VecMap::new(),
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
            background_jobs: Vec::new(),
            last_bg: None,
            pipe_buf: None,
            pending_trap: None,
            line: 1,
            in_tail: false,
            exit_on_resume: false,
            pending_exit: None,
            write_error: false,
            rng: 1,
            programs,
            long_values: VecMap::new(),
            cut_bytes: 0,
            cost: 0,
        }
    }

    /// The kernel's program lookup with this shell's `$PATH` and working directory.
    pub fn find_program(&self, sys: &mut Syscalls, name: &str) -> Found {
        exec::find_program(sys, &self.cwd, self.path_var(), name)
    }

    /// The path `name` runs from (`command -v`, `which`).
    pub fn which(&self, sys: &mut Syscalls, name: &str) -> Option<String> {
        exec::which(sys, &self.cwd, self.path_var(), name)
    }

    /// Whether `name` can be executed at all (for container and exec start errors).
    pub fn start_check(&self, sys: &mut Syscalls, name: &str) -> Result<(), String> {
        exec::start_check(sys, &self.cwd, self.path_var(), name)
    }

    /// What this shell runs programs with (a child shell gets the same).
    pub fn programs(&self) -> &'static dyn Programs {
        self.programs
    }

    fn path_var(&self) -> Option<&str> {
        self.vars.get("PATH").map(String::as_str)
    }

    /// Runs a command that is not a builtin or function.
    pub fn run_external(&mut self, sys: &mut Syscalls, argv: &[String], tail: bool) -> Run {
        let programs = self.programs;
        programs.run_external(self, sys, argv, tail)
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
                self.status = 128 + crate::kernel::signals::signal_number(sig_name).unwrap_or(15);
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

    pub fn run(&mut self, sys: &mut Syscalls, budget: &mut u32) -> Step {
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

    fn run_inner(&mut self, sys: &mut Syscalls, budget: &mut u32) -> Step {
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
            *budget = budget.saturating_sub(std::mem::take(&mut self.cost));
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
                        long_values: self.long_values.clone(),
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
                        self.long_values = s.long_values;
                        if *capture {
                            let text = sub.capture.unwrap_or_default();
                            self.charge(0, text.len().saturating_mul(2));
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
                    let status = self.status;
                    if let Some(l) = self.frames.last_mut().and_then(|f| f.loops.last_mut()) {
                        l.status = status;
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
                    substitutions,
                    cont,
                    exit,
                } => {
                    let mut subs = self.take_results(*substitutions);
                    let items: Vec<String> = match words {
                        Some(list) => match self.expand_words(sys, list, &mut subs) {
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
                Op::CaseWord {
                    word,
                    substitutions,
                } => {
                    let mut subs = self.take_results(*substitutions);
                    let s = self.expand_one(sys, word, &mut subs).unwrap_or_default();
                    self.case_subjects.push(s);
                }
                Op::CaseTest {
                    pats,
                    substitutions,
                    next,
                } => {
                    let mut subs = self.take_results(*substitutions);
                    let subject = self.case_subjects.last().cloned().unwrap_or_default();
                    let subject: Vec<char> = subject.chars().collect();
                    let mut hit = false;
                    let mut work = subject.len() as u64 * 4;
                    for p in pats.iter() {
                        let pat: Vec<char> =
                            self.expand_pattern(sys, p, &mut subs).chars().collect();
                        let mut one = 0;
                        if glob_match_chars(&pat, &subject, &mut one) {
                            hit = true;
                        }
                        // A matching step costs about what copying 25 bytes does.
                        work += one * 25;
                        if hit {
                            break;
                        }
                    }
                    self.charge(0, usize::try_from(work).unwrap_or(usize::MAX));
                    if !hit {
                        self.jump(*next);
                    }
                }
                Op::CasePop => {
                    self.case_subjects.pop();
                }
                Op::FunctionDefinition { name, entry, skip } => {
                    self.funcs.insert(name.clone(), (code.clone(), *entry));
                    self.status = 0;
                    self.jump(*skip);
                }
                Op::Return => self.do_return(),
                Op::RedirectionPush {
                    redirections,
                    substitutions,
                } => {
                    let mut subs = self.take_results(*substitutions);
                    if let Err(msg) = self.push_redirs(sys, redirections, &mut subs) {
                        let p = self.diag_prefix(sys);
                        self.err(sys, &format!("{p}{msg}\n"));
                        // Keep RedirectionPop balanced: push a harmless layer.
                        self.fds.push((u32::MAX, Sink::Null));
                        self.status = if sys.dash() { 2 } else { 1 };
                    }
                }
                Op::RedirectionPop => {
                    // Pops every layer pushed by the matching RedirectionPush (tracked by marker).
                    self.pop_redir_group();
                }
                Op::Background { end } => {
                    // The child starts with none of these; moving them aside keeps a loop
                    // that forks on every turn from copying its ever-growing output.
                    let out = std::mem::take(&mut self.out);
                    let background_jobs = std::mem::take(&mut self.background_jobs);
                    let results = std::mem::take(&mut self.results);
                    let frames = std::mem::take(&mut self.frames);
                    let mut child = self.clone();
                    self.out = out;
                    self.background_jobs = background_jobs;
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
                    child.background_jobs.clear();
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
                    let pid = sys.spawn_shell(Box::new(child), "sh");
                    self.background_jobs.push(pid);
                    self.last_bg = Some(pid);
                    self.status = 0;
                    self.jump(*end);
                }
                Op::Simple {
                    command,
                    substitutions,
                    tail,
                } => {
                    let tail = *tail
                        && self.frames.len() == 1
                        && self.subs.is_empty()
                        && self.traps.is_empty();
                    if let Some(step) = self.simple(sys, command, *substitutions, tail) {
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
}
