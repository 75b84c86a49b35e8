//! Containers, their instances and processes, and the scheduler that runs shells on
//! simulated time. `Sys` is the interpreter's window onto the pod (filesystem, processes,
//! network, DNS) while one shell runs.

use std::collections::{BTreeMap, BTreeSet};

use podlife_spec::{Behavior, Container, SimTime};

use crate::fs::{new_tree, FsView, Mount, Tree};
use crate::images::{Daemon, Flavor, ImageDef};
use crate::shell::vm::{Step, Stream, Vm, WaitOn};
use crate::{ExecId, ExitReason, LogLine, RuntimeEvent};

/// Steps one shell may take at one instant before it counts as a busy loop.
pub(crate) const STEP_BUDGET: u32 = 100_000;
/// Steps all shells of the pod may take together at one instant (fork bombs, loops that spawn).
pub(crate) const POD_STEP_BUDGET: u64 = 300_000;
/// Log lines kept per container instance (a busy loop must not eat memory).
pub(crate) const MAX_LOG_LINES: usize = 20_000;
/// Processes per container instance (a fork bomb must stay bounded).
pub(crate) const MAX_PROCS: usize = 256;
/// Scheduler iterations per `advance` call.
pub(crate) const MAX_SCHED: usize = 100_000;
/// How long after the allocation the kernel OOM-kills a container over its limit.
pub const OOM_DELAY: SimTime = SimTime::from_millis(100);
/// nginx (and other servers that handle SIGTERM/SIGQUIT) finish shutting down this long after
/// the signal.
pub const SERVER_STOP_DELAY: SimTime = SimTime::from_millis(100);

#[derive(Clone, Debug)]
pub(crate) enum ProcKind {
    Shell(Option<Box<Vm>>),
    Prog,
}

#[derive(Clone, Debug)]
pub(crate) struct Proc {
    pub pid: u32,
    pub ppid: u32,
    pub comm: String,
    pub session: Option<u32>,
    pub kind: ProcKind,
    pub started: SimTime,
    /// Exits by itself at this time with this status.
    pub timer: Option<(SimTime, i32)>,
    /// Exec'd in place of its parent shell (`sh -c '...; sleep 600'` execs the last command).
    pub tail: bool,
    pub daemon: Option<Daemon>,
    pub ports: Vec<u16>,
    pub listen_from: SimTime,
    pub memory: i128,
    /// Shell: resume with this status on the next scheduler pass.
    pub ready: Option<Option<i32>>,
    pub spinning: bool,
    pub stopping: bool,
    /// Child shell whose stdout feeds a parent's `$(...)` or pipe: (parent pid, frame).
    pub capture_to: Option<(u32, usize)>,
    /// Interpreter steps used at one instant (the busy-loop bound spans resumptions).
    pub spent: (SimTime, u32),
    /// Printed when the timer ends the process (e.g. stress's "successful run" line).
    pub exit_out: Option<(Stream, String)>,
    /// Full command line (for `ps`).
    pub cmdline: String,
    /// `tail -f`: (path, bytes already printed).
    pub follow: Option<(String, usize)>,
}

impl Proc {
    /// A shell with no parent (PID 1 of a fresh instance, or the shell of an exec session),
    /// ready to run `vm` from `now`.
    /// A process started at `now` with nothing else set: no timer, ports or memory, not
    /// runnable yet, its command line its name.
    pub fn new(
        pid: u32,
        ppid: u32,
        comm: String,
        session: Option<u32>,
        kind: ProcKind,
        now: SimTime,
    ) -> Proc {
        Proc {
            pid,
            ppid,
            cmdline: comm.clone(),
            comm,
            session,
            kind,
            started: now,
            timer: None,
            tail: false,
            daemon: None,
            ports: Vec::new(),
            listen_from: now,
            memory: 0,
            ready: None,
            spinning: false,
            stopping: false,
            capture_to: None,
            spent: (SimTime::ZERO, 0),
            exit_out: None,
            follow: None,
        }
    }

    pub fn top_shell(
        pid: u32,
        session: Option<u32>,
        argv: &[String],
        vm: Vm,
        now: SimTime,
    ) -> Proc {
        let comm = crate::fs::basename(argv.first().map(String::as_str).unwrap_or("sh"));
        Proc {
            ready: Some(None),
            cmdline: argv.join(" "),
            ..Proc::new(
                pid,
                0,
                comm.to_string(),
                session,
                ProcKind::Shell(Some(Box::new(vm))),
                now,
            )
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Instance {
    pub restart_count: u32,
    pub started: SimTime,
    /// Shared with the image's fresh tree until the first write (copy on write).
    pub root: crate::fs::Layered,
    pub procs: BTreeMap<u32, Proc>,
    pub next_pid: u32,
    pub partial: [String; 2],
    pub alive: bool,
    pub oom_at: Option<SimTime>,
    pub exit_at: Option<(SimTime, i32)>,
    pub log_lines: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct Ctr {
    pub spec: Container,
    pub image: &'static ImageDef,
    pub mounts: Vec<Mount>,
    pub behavior: Behavior,
    pub env: crate::shell::vm::Env,
    pub inst: Option<Instance>,
    /// `valueFrom` env vars and the value guessed from their name (None: empty string).
    pub guessed_env: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub cidx: usize,
    pub output: String,
}

#[derive(Clone, Debug)]
pub(crate) struct PodState {
    pub pod_ip: String,
    pub hostname: String,
    pub namespace: String,
    pub kube_minor: u32,
    pub ctrs: Vec<Ctr>,
    pub volumes: BTreeMap<String, Tree>,
    pub services: BTreeSet<(String, String)>,
    pub logs: Vec<LogLine>,
    pub events: Vec<RuntimeEvent>,
    pub sessions: BTreeMap<u32, Session>,
    pub next_exec: u32,
    pub scratch: crate::fs::Layered,
    pub diags: Vec<String>,
    /// nginx connection counter (`*N` in error logs).
    pub conn_counter: u64,
    /// Interpreter steps used by the whole pod at one instant.
    pub instant_steps: (SimTime, u64),
    /// Bumped whenever anything may have changed files or processes (a shell ran, a container
    /// started or stopped, a signal): guards cached probe results.
    pub gen: Vec<u64>,
    /// Bumped when a container with volume mounts runs (its writes may be seen by others).
    pub vol_gen: u64,
    /// Bumped with every `bump`: while it stays put, no container's probe generation moved.
    pub epoch: u64,
    pub scripts: crate::shell::vm::ScriptCache,
    /// Program lookups answered by the image alone: (container, PATH, name, answer).
    pub bin_memo: Vec<(usize, String, String, crate::applets::Found)>,
}

pub(crate) struct ProgSpec {
    pub comm: String,
    pub cmdline: String,
    pub exit_out: Option<(Stream, String)>,
    pub timer: Option<(SimTime, i32)>,
    pub daemon: Option<Daemon>,
    pub ports: Vec<u16>,
    pub memory: i128,
    pub tail: bool,
}

impl PodState {
    pub fn inst(&self, cidx: usize) -> Option<&Instance> {
        self.ctrs.get(cidx).and_then(|c| c.inst.as_ref())
    }
    pub fn inst_mut(&mut self, cidx: usize) -> Option<&mut Instance> {
        self.ctrs.get_mut(cidx).and_then(|c| c.inst.as_mut())
    }

    /// Something in container `cidx` may have changed (files, processes).
    pub fn bump(&mut self, cidx: usize) {
        self.epoch += 1;
        if let Some(g) = self.gen.get_mut(cidx) {
            *g += 1;
        }
        if self.ctrs.get(cidx).is_some_and(|c| !c.mounts.is_empty()) {
            self.vol_gen += 1;
        }
    }

    /// The generation a cached probe result of container `cidx` depends on.
    pub fn probe_gen(&self, cidx: usize) -> (u64, u64) {
        let mounts = self.ctrs.get(cidx).is_some_and(|c| !c.mounts.is_empty());
        (
            self.gen.get(cidx).copied().unwrap_or(0),
            if mounts { self.vol_gen } else { 0 },
        )
    }

    pub fn diag(&mut self, msg: String) {
        if !self.diags.contains(&msg) && self.diags.len() < 100 {
            self.diags.push(msg);
        }
    }

    /// Output of a process: container log for the main process tree, buffer for exec sessions.
    pub fn emit(
        &mut self,
        cidx: usize,
        session: Option<u32>,
        now: SimTime,
        out: Vec<(Stream, String)>,
    ) {
        if let Some(id) = session {
            if let Some(s) = self.sessions.get_mut(&id) {
                for (_, t) in out {
                    if s.output.len() < 1 << 20 {
                        s.output.push_str(&t);
                    }
                }
            }
            return;
        }
        let Some(c) = self.ctrs.get_mut(cidx) else {
            return;
        };
        let name = c.spec.name.clone();
        let Some(inst) = c.inst.as_mut() else { return };
        for (stream, text) in out {
            let k = if stream == Stream::Stdout { 0 } else { 1 };
            inst.partial[k].push_str(&text);
            while let Some(n) = inst.partial[k].find('\n') {
                let line: String = inst.partial[k][..n].to_string();
                inst.partial[k].drain(..=n);
                if inst.log_lines < MAX_LOG_LINES {
                    inst.log_lines += 1;
                    self.logs.push(LogLine {
                        time: now,
                        container: name.clone(),
                        restart_count: inst.restart_count,
                        stream: if k == 0 { "stdout" } else { "stderr" }.to_string(),
                        line,
                    });
                }
            }
            if inst.partial[k].len() > 64 * 1024 {
                inst.partial[k].clear();
            }
        }
    }

    fn flush_partial(&mut self, cidx: usize, now: SimTime) {
        let Some(c) = self.ctrs.get_mut(cidx) else {
            return;
        };
        let name = c.spec.name.clone();
        let Some(inst) = c.inst.as_mut() else { return };
        for k in 0..2 {
            if !inst.partial[k].is_empty() {
                let line = std::mem::take(&mut inst.partial[k]);
                self.logs.push(LogLine {
                    time: now,
                    container: name.clone(),
                    restart_count: inst.restart_count,
                    stream: if k == 0 { "stdout" } else { "stderr" }.to_string(),
                    line,
                });
            }
        }
    }

    pub fn alloc_pid(&mut self, cidx: usize) -> u32 {
        match self.inst_mut(cidx) {
            Some(i) => {
                let p = i.next_pid;
                i.next_pid = i.next_pid.saturating_add(1);
                p
            }
            None => 0,
        }
    }

    pub fn add_proc(&mut self, cidx: usize, p: Proc) {
        let memory = p.memory;
        let now = p.started;
        if let Some(i) = self.inst_mut(cidx) {
            i.procs.insert(p.pid, p);
        }
        if memory > 0 {
            self.check_oom(cidx, now);
        }
    }

    /// Working set over the limit ⇒ the OOM killer fires shortly after.
    pub fn check_oom(&mut self, cidx: usize, now: SimTime) {
        let Some(c) = self.ctrs.get(cidx) else { return };
        let Some(limit) = c.spec.resources.memory_limit_bytes() else {
            return;
        };
        let Some(inst) = c.inst.as_ref() else { return };
        let used: i128 = match c.behavior.memory_bytes {
            Some(m) => m,
            None => inst.procs.values().map(|p| p.memory).sum(),
        };
        if used > limit {
            let at = now + OOM_DELAY;
            if let Some(i) = self.inst_mut(cidx) {
                if i.oom_at.is_none_or(|t| at < t) {
                    i.oom_at = Some(at);
                }
            }
        }
    }

    // ---- scheduler ----------------------------------------------------------------------

    /// Runs every ready shell (of `only_session`, if given) until all are blocked.
    pub fn run_ready(&mut self, now: SimTime, only_session: Option<Option<u32>>) {
        for _ in 0..MAX_SCHED {
            let mut next = None;
            'outer: for (ci, c) in self.ctrs.iter().enumerate() {
                if let Some(inst) = &c.inst {
                    for p in inst.procs.values() {
                        if p.ready.is_some() && only_session.is_none_or(|s| s == p.session) {
                            next = Some((ci, p.pid));
                            break 'outer;
                        }
                    }
                }
            }
            let Some((ci, pid)) = next else { return };
            self.run_shell(ci, pid, now);
        }
        self.diag(format!("scheduler bound ({MAX_SCHED} runs at one instant) reached at {now}; remaining shells wait"));
    }

    fn run_shell(&mut self, cidx: usize, pid: u32, now: SimTime) {
        self.bump(cidx);
        let Some(inst) = self.inst_mut(cidx) else {
            return;
        };
        let Some(p) = inst.procs.get_mut(&pid) else {
            return;
        };
        let resume = p.ready.take().flatten();
        let session = p.session;
        let ProcKind::Shell(slot) = &mut p.kind else {
            return;
        };
        let Some(mut vm) = slot.take() else { return };
        if let Some(s) = resume {
            vm.resume(s);
        }
        let (at, used) = p.spent;
        let mut budget = if at == now {
            STEP_BUDGET.saturating_sub(used)
        } else {
            STEP_BUDGET
        };
        let pod_used = if self.instant_steps.0 == now {
            self.instant_steps.1
        } else {
            0
        };
        let pod_left = POD_STEP_BUDGET.saturating_sub(pod_used);
        budget = budget.min(pod_left.min(u32::MAX as u64) as u32);
        let start_budget = budget;
        let step = {
            let mut sys = Sys {
                st: self,
                cidx,
                pid,
                now,
                argv: String::new(),
            };
            vm.run(&mut sys, &mut budget)
        };
        if let Some(p) = self.inst_mut(cidx).and_then(|i| i.procs.get_mut(&pid)) {
            let base = if at == now { used } else { 0 };
            p.spent = (now, base + (start_budget - budget));
        }
        let cur = if self.instant_steps.0 == now {
            self.instant_steps.1
        } else {
            0
        };
        self.instant_steps = (now, cur.max(pod_used) + (start_budget - budget) as u64);
        let mut out = std::mem::take(&mut vm.out);
        let capture_to = self
            .inst(cidx)
            .and_then(|i| i.procs.get(&pid))
            .and_then(|p| p.capture_to);
        if let Some((ppid, idx)) = capture_to {
            let (to_parent, rest): (Vec<_>, Vec<_>) =
                out.into_iter().partition(|(s, _)| *s == Stream::Stdout);
            out = rest;
            if let Some(ProcKind::Shell(Some(pvm))) = self
                .inst_mut(cidx)
                .and_then(|i| i.procs.get_mut(&ppid))
                .map(|p| &mut p.kind)
            {
                for (_, t) in to_parent {
                    pvm.append_capture(idx, &t);
                }
            }
        }
        self.emit(cidx, session, now, out);
        self.poll_followers(now);
        match step {
            Step::Done(code) => {
                self.exit_proc(cidx, pid, code, now, false);
            }
            Step::Wait(w) => {
                let all_done = match &w {
                    WaitOn::All(pids) => pids.iter().all(|q| !self.proc_alive(cidx, *q)),
                    WaitOn::Pid(q) => !self.proc_alive(cidx, *q),
                };
                if let Some(p) = self.inst_mut(cidx).and_then(|i| i.procs.get_mut(&pid)) {
                    if let ProcKind::Shell(slot) = &mut p.kind {
                        *slot = Some(vm);
                    }
                    if all_done {
                        p.ready = Some(Some(0));
                    }
                }
            }
            Step::Spin => {
                let name = self
                    .ctrs
                    .get(cidx)
                    .map(|c| c.spec.name.clone())
                    .unwrap_or_default();
                self.diag(format!(
                    "container {name}: a shell loop ran {STEP_BUDGET} steps without sleeping; it is modelled as busy forever"
                ));
                if let Some(p) = self.inst_mut(cidx).and_then(|i| i.procs.get_mut(&pid)) {
                    p.spinning = true;
                    if let ProcKind::Shell(slot) = &mut p.kind {
                        *slot = Some(vm);
                    }
                }
            }
        }
    }

    /// `tail -f` processes print what was appended to their file since they last looked.
    pub fn poll_followers(&mut self, now: SimTime) {
        let mut outs = Vec::new();
        for (ci, c) in self.ctrs.iter().enumerate() {
            let Some(inst) = &c.inst else { continue };
            for p in inst.procs.values() {
                let Some((path, off)) = &p.follow else {
                    continue;
                };
                let content = match crate::net::stat_in(&inst.root, &self.volumes, &c.mounts, path)
                {
                    Some(crate::fs::Entry::File(s)) => s,
                    _ => continue,
                };
                if content.len() == *off {
                    continue;
                }
                let (text, new_off) = if content.len() < *off {
                    (
                        format!("tail: {path}: file truncated\n{content}"),
                        content.len(),
                    )
                } else {
                    let mut start = *off;
                    while !content.is_char_boundary(start) {
                        start += 1;
                    }
                    (content[start..].to_string(), content.len())
                };
                outs.push((ci, p.pid, p.session, text, new_off));
            }
        }
        for (ci, pid, session, text, off) in outs {
            if let Some(p) = self.inst_mut(ci).and_then(|i| i.procs.get_mut(&pid)) {
                if let Some(f) = p.follow.as_mut() {
                    f.1 = off;
                }
            }
            self.emit(ci, session, now, vec![(Stream::Stdout, text)]);
        }
    }

    /// Removes every descendant of `pid` (no events: they die with it).
    pub fn kill_descendants(&mut self, cidx: usize, pid: u32) {
        let Some(inst) = self.inst_mut(cidx) else {
            return;
        };
        let mut doomed = vec![pid];
        let mut k = 0;
        while k < doomed.len() && doomed.len() <= MAX_PROCS {
            let parent = doomed[k];
            doomed.extend(
                inst.procs
                    .values()
                    .filter(|p| p.ppid == parent && p.pid != 1)
                    .map(|p| p.pid),
            );
            k += 1;
        }
        for d in doomed.into_iter().skip(1) {
            inst.procs.remove(&d);
        }
    }

    pub fn proc_alive(&self, cidx: usize, pid: u32) -> bool {
        self.inst(cidx).is_some_and(|i| i.procs.contains_key(&pid))
    }

    /// A process ended with `status`.
    pub fn exit_proc(&mut self, cidx: usize, pid: u32, status: i32, now: SimTime, oom: bool) {
        self.bump(cidx);
        if pid == 1 {
            self.container_exit(cidx, status, now, oom);
            return;
        }
        let Some(inst) = self.inst_mut(cidx) else {
            return;
        };
        let Some(p) = inst.procs.remove(&pid) else {
            return;
        };
        // Reparent children to init.
        for q in inst.procs.values_mut() {
            if q.ppid == pid {
                q.ppid = 1;
            }
        }
        if let (Some(id), 0) = (p.session, p.ppid) {
            if let Some(s) = self.sessions.remove(&id) {
                self.events.push(RuntimeEvent::ExecFinished {
                    at: now,
                    id: ExecId(id),
                    exit_code: status,
                    output: s.output,
                });
            }
            return;
        }
        self.notify_parent(cidx, p.ppid, pid, status);
    }

    fn notify_parent(&mut self, cidx: usize, ppid: u32, pid: u32, status: i32) {
        let alive: Vec<u32> = self
            .inst(cidx)
            .map(|i| i.procs.keys().copied().collect())
            .unwrap_or_default();
        let Some(parent) = self.inst_mut(cidx).and_then(|i| i.procs.get_mut(&ppid)) else {
            return;
        };
        let ProcKind::Shell(Some(vm)) = &parent.kind else {
            return;
        };
        match vm.waiting_on() {
            Some(WaitOn::Pid(q)) if *q == pid => parent.ready = Some(Some(status)),
            Some(WaitOn::All(pids))
                if pids.contains(&pid) && pids.iter().all(|q| !alive.contains(q)) =>
            {
                parent.ready = Some(Some(status))
            }
            _ => {}
        }
    }

    /// PID 1 ended: the container stops, every other process and exec session dies with it.
    pub fn container_exit(&mut self, cidx: usize, status: i32, now: SimTime, oom: bool) {
        self.bump(cidx);
        let Some(inst) = self.inst(cidx) else { return };
        if !inst.alive {
            return;
        }
        self.flush_partial(cidx, now);
        let ids: Vec<u32> = self
            .sessions
            .iter()
            .filter(|(_, s)| s.cidx == cidx)
            .map(|(k, _)| *k)
            .collect();
        for id in ids {
            if let Some(s) = self.sessions.remove(&id) {
                self.events.push(RuntimeEvent::ExecFinished {
                    at: now,
                    id: ExecId(id),
                    exit_code: 137,
                    output: s.output,
                });
            }
        }
        let name = self.ctrs[cidx].spec.name.clone();
        if let Some(i) = self.inst_mut(cidx) {
            i.procs.clear();
            i.alive = false;
            i.oom_at = None;
            i.exit_at = None;
        }
        let (exit_code, reason) = if oom {
            (137, ExitReason::OomKilled)
        } else if status == 0 {
            (0, ExitReason::Completed)
        } else {
            (status, ExitReason::Error)
        };
        self.events.push(RuntimeEvent::Exited {
            at: now,
            container: name,
            exit_code,
            reason,
        });
    }

    /// Earliest timer (process exits, OOM, scripted exit), optionally only for one session.
    pub fn next_timer(&self, only_session: Option<Option<u32>>) -> Option<SimTime> {
        let mut best: Option<SimTime> = None;
        let mut consider = |t: SimTime| {
            if best.is_none_or(|b| t < b) {
                best = Some(t);
            }
        };
        for c in &self.ctrs {
            let Some(inst) = &c.inst else { continue };
            if !inst.alive {
                continue;
            }
            if only_session.is_none() {
                if let Some(t) = inst.oom_at {
                    consider(t);
                }
                if let Some((t, _)) = inst.exit_at {
                    consider(t);
                }
            }
            for p in inst.procs.values() {
                if let Some((t, _)) = p.timer {
                    if only_session.is_none_or(|s| s == p.session) {
                        consider(t);
                    }
                }
            }
        }
        best
    }

    /// Fires the earliest due timer at or before `now`. Returns false when none is due.
    pub fn fire_one(&mut self, now: SimTime, only_session: Option<Option<u32>>) -> bool {
        let Some(t) = self.next_timer(only_session) else {
            return false;
        };
        if t > now {
            return false;
        }
        for ci in 0..self.ctrs.len() {
            let Some(inst) = self.inst(ci) else { continue };
            if !inst.alive {
                continue;
            }
            if only_session.is_none() {
                if inst.oom_at == Some(t) {
                    self.container_exit(ci, 137, t, true);
                    self.run_ready(t, only_session);
                    return true;
                }
                if let Some((et, code)) = inst.exit_at {
                    if et == t {
                        self.container_exit(ci, code, t, false);
                        self.run_ready(t, only_session);
                        return true;
                    }
                }
            }
            let due = inst
                .procs
                .values()
                .find(|p| {
                    p.timer.is_some_and(|(pt, _)| pt == t)
                        && only_session.is_none_or(|s| s == p.session)
                })
                .map(|p| (p.pid, p.timer.map(|x| x.1).unwrap_or(0)));
            if let Some((pid, status)) = due {
                let exit_out = self
                    .inst_mut(ci)
                    .and_then(|i| i.procs.get_mut(&pid))
                    .and_then(|p| p.exit_out.take().map(|o| (p.session, o)));
                if let Some((session, o)) = exit_out {
                    self.emit(ci, session, t, vec![o]);
                }
                // A shell killed by a timer (`timeout`) takes its children with it.
                let is_shell = self
                    .inst(ci)
                    .and_then(|i| i.procs.get(&pid))
                    .is_some_and(|p| matches!(p.kind, ProcKind::Shell(_)));
                if is_shell {
                    self.kill_descendants(ci, pid);
                }
                self.exit_proc(ci, pid, status, t, false);
                self.run_ready(t, only_session);
                return true;
            }
        }
        false
    }

    // ---- signals ------------------------------------------------------------------------

    /// The process that receives signals sent to PID 1: the shell, or the program it exec'd.
    pub fn effective_pid1(&self, cidx: usize) -> Option<u32> {
        let inst = self.inst(cidx)?;
        let p1 = inst.procs.get(&1)?;
        if let ProcKind::Shell(Some(vm)) = &p1.kind {
            if let Some(WaitOn::Pid(c)) = vm.waiting_on() {
                if inst.procs.get(c).is_some_and(|p| p.tail) {
                    return Some(*c);
                }
            }
        }
        Some(1)
    }

    /// Delivers signal `sig` to `pid`. `as_init` = the target stands for PID 1 (default
    /// actions are ignored, as the kernel does for a namespace's init). `from_kubelet` = sent
    /// by the runtime from outside (SIGKILL always works then).
    pub fn signal(&mut self, cidx: usize, pid: u32, sig: i32, now: SimTime, from_kubelet: bool) {
        self.bump(cidx);
        let eff1 = self.effective_pid1(cidx);
        let as_init = pid == 1 || Some(pid) == eff1;
        let target = if pid == 1 { eff1.unwrap_or(1) } else { pid };
        if sig == 0 {
            return;
        }
        let ignore_override = self.ctrs.get(cidx).and_then(|c| c.behavior.ignore_sigterm);
        if sig == 9 {
            if as_init && !from_kubelet {
                return;
            }
            if as_init {
                self.container_exit(cidx, 137, now, false);
            } else {
                self.exit_proc(cidx, target, 137, now, false);
                self.run_ready(now, None);
            }
            return;
        }
        let Some(p) = self.inst(cidx).and_then(|i| i.procs.get(&target)) else {
            return;
        };
        if as_init && from_kubelet && ignore_override == Some(true) {
            return;
        }
        let is_shell = matches!(&p.kind, ProcKind::Shell(Some(_)));
        // Shell with a trap?
        if is_shell {
            let name = crate::applets::signal_name(&sig.to_string());
            let trapped = if let Some(ProcKind::Shell(Some(vm))) = self
                .inst_mut(cidx)
                .and_then(|i| i.procs.get_mut(&target))
                .map(|p| &mut p.kind)
            {
                vm.deliver_trap(&name)
            } else {
                false
            };
            if trapped {
                if let Some(p) = self.inst_mut(cidx).and_then(|i| i.procs.get_mut(&target)) {
                    if p.ready.is_none()
                        && !matches!(&p.kind, ProcKind::Shell(Some(vm)) if vm.waiting_on().is_some())
                    {
                        p.ready = Some(None);
                    }
                }
                self.run_ready(now, None);
                return;
            }
        }
        let Some(p) = self.inst(cidx).and_then(|i| i.procs.get(&target)) else {
            return;
        };
        let daemon = p.daemon;
        let handled = daemon.and_then(|d| daemon_signal_action(d, sig));
        match handled {
            Some(act) => {
                let pid_shown = if as_init { 1 } else { target };
                let wp = pid_shown + 28;
                let session = p.session;
                let lines = match &act {
                    DaemonAction::Stop { lines, .. } | DaemonAction::Ignore(lines) => lines.clone(),
                };
                // Only the Debian nginx image logs at notice level.
                let notices = daemon == Some(Daemon::Nginx)
                    && self
                        .ctrs
                        .get(cidx)
                        .is_some_and(|c| c.image.flavor == crate::images::Flavor::Debian);
                let already = self
                    .inst(cidx)
                    .and_then(|i| i.procs.get(&target))
                    .is_some_and(|p| p.stopping);
                if notices && !already {
                    let t = crate::net::nginx_time(now);
                    let out = lines
                        .iter()
                        .map(|l| {
                            let l = l
                                .replace("{m}", &format!("{pid_shown}#{pid_shown}"))
                                .replace("{w}", &format!("{wp}#{wp}"))
                                .replace("{wp}", &wp.to_string());
                            (Stream::Stderr, format!("{t} [notice] {l}\n"))
                        })
                        .collect();
                    self.emit(cidx, session, now, out);
                }
                if let DaemonAction::Stop { code, delay, .. } = act {
                    if let Some(p) = self.inst_mut(cidx).and_then(|i| i.procs.get_mut(&target)) {
                        if !p.stopping {
                            p.stopping = true;
                            p.timer = Some((now + delay, code));
                            p.ports.clear();
                        }
                    }
                }
            }
            None => {
                if as_init && !(from_kubelet && ignore_override == Some(false)) {
                    return;
                }
                if as_init {
                    self.container_exit(cidx, 128 + sig, now, false);
                } else {
                    self.exit_proc(cidx, target, 128 + sig, now, false);
                    self.run_ready(now, None);
                }
            }
        }
    }
}

pub(crate) enum DaemonAction {
    /// Exits with `code` after `delay`, logging `lines` (nginx notices).
    Stop {
        code: i32,
        delay: SimTime,
        lines: Vec<String>,
    },
    /// Handles the signal and keeps running.
    Ignore(Vec<String>),
}

/// How a known program reacts to a signal (None = default action).
pub(crate) fn daemon_signal_action(d: Daemon, sig: i32) -> Option<DaemonAction> {
    // nginx master/worker notices; `{m}` is the master's pid, `{w}` the worker's.
    let nginx_exit = |first: String, graceful: bool| {
        let mut lines = vec![format!("{{m}}: {first}")];
        if graceful {
            lines.push("{w}: gracefully shutting down".into());
        }
        lines.extend([
            "{w}: exiting".to_string(),
            "{w}: exit".to_string(),
            "{m}: signal 17 (SIGCHLD) received from {wp}".to_string(),
            "{m}: worker process {wp} exited with code 0".to_string(),
            "{m}: exit".to_string(),
        ]);
        lines
    };
    match (d, sig) {
        // nginx: TERM/INT fast shutdown, QUIT graceful; both exit 0.
        (Daemon::Nginx, 15) | (Daemon::Nginx, 2) => Some(DaemonAction::Stop {
            code: 0,
            delay: SERVER_STOP_DELAY,
            lines: nginx_exit(
                format!(
                    "signal {sig} ({}) received, exiting",
                    if sig == 15 { "SIGTERM" } else { "SIGINT" }
                ),
                false,
            ),
        }),
        (Daemon::Nginx, 3) => Some(DaemonAction::Stop {
            code: 0,
            delay: SERVER_STOP_DELAY,
            lines: nginx_exit("signal 3 (SIGQUIT) received, shutting down".into(), true),
        }),
        (Daemon::Nginx, 1) => Some(DaemonAction::Ignore(vec![
            "{m}: signal 1 (SIGHUP) received, reconfiguring".into(),
            "{m}: reconfiguring".into(),
        ])),
        (Daemon::Nginx, 10) => Some(DaemonAction::Ignore(vec![
            "{m}: signal 10 (SIGUSR1) received, reopening logs".into(),
            "{m}: reopening logs".into(),
        ])),
        (Daemon::Httpd, 15) | (Daemon::Httpd, 28) | (Daemon::Redis, 15) | (Daemon::Redis, 2) => {
            Some(DaemonAction::Stop {
                code: 0,
                delay: SERVER_STOP_DELAY,
                lines: Vec::new(),
            })
        }
        // Go programs: the runtime re-raises the signal; as PID 1 that is ignored and the
        // runtime falls back to exit(2).
        (Daemon::Liveness, 15)
        | (Daemon::GoProxy, 15)
        | (Daemon::Liveness, 2)
        | (Daemon::GoProxy, 2) => Some(DaemonAction::Stop {
            code: 2,
            delay: SimTime::ZERO,
            lines: Vec::new(),
        }),
        // The documented fallback: a server that exits on SIGTERM as its default action would.
        (Daemon::Generic, 15) => Some(DaemonAction::Stop {
            code: 143,
            delay: SimTime::ZERO,
            lines: Vec::new(),
        }),
        _ => None,
    }
}

/// The interpreter's view of the pod while one shell runs.
pub(crate) struct Sys<'a> {
    pub st: &'a mut PodState,
    pub cidx: usize,
    pub pid: u32,
    pub now: SimTime,
    /// Command line being executed (for `ps`).
    pub argv: String,
}

impl Sys<'_> {
    pub fn fs(&mut self) -> FsView<'_> {
        let PodState {
            ctrs,
            volumes,
            scratch,
            ..
        } = &mut *self.st;
        match ctrs.get_mut(self.cidx) {
            Some(c) => match c.inst.as_mut() {
                Some(i) => FsView {
                    root: &mut i.root,
                    vols: volumes,
                    mounts: &c.mounts,
                },
                None => FsView {
                    root: scratch,
                    vols: volumes,
                    mounts: &[],
                },
            },
            None => FsView {
                root: scratch,
                vols: volumes,
                mounts: &[],
            },
        }
    }

    pub fn image(&self) -> &'static ImageDef {
        self.st
            .ctrs
            .get(self.cidx)
            .map(|c| c.image)
            .unwrap_or(&crate::images::FALLBACK)
    }

    pub fn dash(&self) -> bool {
        self.image().flavor == Flavor::Debian
    }

    pub fn shell_pid(&self) -> u32 {
        self.pid
    }

    pub fn parent_pid(&self) -> u32 {
        self.st
            .inst(self.cidx)
            .and_then(|i| i.procs.get(&self.pid))
            .map(|p| p.ppid)
            .unwrap_or(0)
    }

    fn session(&self) -> Option<u32> {
        self.st
            .inst(self.cidx)
            .and_then(|i| i.procs.get(&self.pid))
            .and_then(|p| p.session)
    }

    fn new_proc(&mut self, comm: &str, kind: ProcKind) -> Proc {
        let pid = self.st.alloc_pid(self.cidx);
        let session = self.session();
        Proc::new(pid, self.pid, comm.to_string(), session, kind, self.now)
    }

    fn too_many(&mut self) -> bool {
        let n = self.st.inst(self.cidx).map(|i| i.procs.len()).unwrap_or(0);
        if n >= MAX_PROCS {
            self.diag(format!(
                "more than {MAX_PROCS} processes: further forks fail"
            ));
            return true;
        }
        false
    }

    pub fn spawn_shell(&mut self, vm: Vm, comm: &str) -> u32 {
        if self.too_many() {
            return 0;
        }
        let cmdline = if self.argv.is_empty() {
            comm.to_string()
        } else {
            self.argv.clone()
        };
        let mut p = self.new_proc(comm, ProcKind::Shell(Some(Box::new(vm))));
        p.cmdline = cmdline;
        p.ready = Some(None);
        let pid = p.pid;
        self.st.add_proc(self.cidx, p);
        pid
    }

    pub fn spawn_prog(&mut self, spec: ProgSpec) -> u32 {
        if self.too_many() {
            return 0;
        }
        let mut p = self.new_proc(&spec.comm, ProcKind::Prog);
        p.timer = spec.timer;
        p.daemon = spec.daemon;
        p.ports = spec.ports;
        p.memory = spec.memory;
        p.tail = spec.tail;
        p.cmdline = if spec.cmdline.is_empty() {
            self.argv.clone()
        } else {
            spec.cmdline
        };
        p.exit_out = spec.exit_out;
        if let Some(c) = self.st.ctrs.get(self.cidx) {
            if let (Some(d), Some(inst)) = (c.behavior.listen_after, c.inst.as_ref()) {
                p.listen_from = (inst.started + d).max(self.now);
            }
        }
        // A daemonising server is re-parented to init.
        if spec.daemon.is_some() && !spec.tail && spec.timer.is_none() && spec.comm == "nginx-bg" {
            p.ppid = 1;
            p.comm = "nginx".into();
        }
        let pid = p.pid;
        self.st.add_proc(self.cidx, p);
        pid
    }

    pub fn proc_alive(&self, pid: u32) -> bool {
        self.st.proc_alive(self.cidx, pid)
    }

    /// Processes of this container as (pid, comm), in pid order.
    pub fn procs(&self) -> Vec<(u32, String)> {
        self.st
            .inst(self.cidx)
            .map(|i| i.procs.values().map(|p| (p.pid, p.comm.clone())).collect())
            .unwrap_or_default()
    }

    /// (pid, command line) for `ps`; a program exec'd by PID 1 shows as PID 1.
    pub fn ps(&self) -> Vec<(u32, String)> {
        let eff = self.st.effective_pid1(self.cidx);
        let mut v: Vec<(u32, String)> = self
            .st
            .inst(self.cidx)
            .map(|i| {
                i.procs
                    .values()
                    .filter(|p| !(p.pid == 1 && eff.is_some_and(|e| e != 1)))
                    .map(|p| {
                        (
                            if Some(p.pid) == eff { 1 } else { p.pid },
                            p.cmdline.clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        podlife_spec::sort::sort(&mut v);
        v
    }

    pub fn log_to_container(&mut self, s: Stream, text: &str) {
        let now = self.now;
        self.st
            .emit(self.cidx, None, now, vec![(s, text.to_string())]);
    }

    pub fn send_signal(&mut self, pid: u32, sig: i32) -> bool {
        if !self.proc_alive(pid) {
            return false;
        }
        // A shell signalling itself (e.g. `kill $$`) is handled when it next blocks.
        self.st.signal(self.cidx, pid, sig, self.now, false);
        true
    }

    pub fn diag(&mut self, msg: String) {
        let name = self
            .st
            .ctrs
            .get(self.cidx)
            .map(|c| c.spec.name.clone())
            .unwrap_or_default();
        self.st.diag(format!("container {name}: {msg}"));
    }

    pub fn container_ports(&self) -> Vec<u16> {
        self.st
            .ctrs
            .get(self.cidx)
            .map(|c| c.spec.ports.iter().map(|p| p.container_port).collect())
            .unwrap_or_default()
    }

    pub fn behavior_memory(&self) -> Option<i128> {
        self.st
            .ctrs
            .get(self.cidx)
            .and_then(|c| c.behavior.memory_bytes)
    }
}

pub(crate) fn new_instance(restart_count: u32, started: SimTime) -> Instance {
    Instance {
        restart_count,
        started,
        root: crate::fs::Layered::new(std::sync::Arc::new(new_tree())),
        procs: BTreeMap::new(),
        next_pid: 2,
        partial: [String::new(), String::new()],
        alive: true,
        oom_at: None,
        exit_at: None,
        log_lines: 0,
    }
}
