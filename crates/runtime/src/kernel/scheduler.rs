//! The scheduler: runs ready shells until they block, fires timers (program exits, OOM kills,
//! scripted exits) in time order, delivers exits to waiting parents and exec sessions, and
//! feeds `tail -f` followers. Every loop is bounded (`MAX_SCHED`, the step budgets).

use podlife_spec::SimTime;

use crate::api::{ExecId, ExitReason, RuntimeEvent};
use crate::kernel::fs::{stat_in, Entry};
use crate::kernel::process::{
    PodState, ProcKind, Step, Stream, Sys, WaitOn, MAX_PROCS, MAX_SCHED, POD_STEP_BUDGET,
    STEP_BUDGET,
};

impl PodState {
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
        let mut out = vm.take_output();
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
                let content = match stat_in(&inst.root, &self.volumes, &c.mounts, path) {
                    Some(Entry::File(s)) => s,
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
}

#[cfg(test)]
mod tests;
