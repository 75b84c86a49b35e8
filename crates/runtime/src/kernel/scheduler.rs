//! The scheduler: runs ready shells until they block, fires timers (program exits, OOM kills,
//! scripted exits) in time order, delivers exits to waiting parents and exec sessions, and
//! feeds `tail -f` followers. Every loop is bounded (`MAX_SCHED`, the step budgets).

use podlife_spec::SimTime;

use crate::api::sentence::Guess;
use crate::api::{ExecId, ExitReason, RuntimeEvent};
use crate::kernel::fs::{stat_in, Entry};
use crate::kernel::process::{
    PodState, ProcessKind, Step, Stream, Syscalls, WaitOn, MAX_PROCS, MAX_SCHED, POD_STEP_BUDGET,
    STEP_BUDGET,
};

impl PodState {
    /// Runs every ready shell (of `only_session`, if given) until all are blocked.
    pub fn run_ready(&mut self, now: SimTime, only_session: Option<Option<u32>>) {
        for _ in 0..MAX_SCHED {
            let mut next = None;
            'outer: for (container_index, c) in self.containers.iter().enumerate() {
                if let Some(instance) = &c.instance {
                    for p in instance.processes.values() {
                        if p.ready.is_some() && only_session.is_none_or(|s| s == p.session) {
                            next = Some((container_index, p.pid));
                            break 'outer;
                        }
                    }
                }
            }
            let Some((container_index, pid)) = next else {
                return;
            };
            self.run_shell(container_index, pid, now);
        }
        self.add_diagnostic(
            String::new(),
            Guess::SchedulerBound {
                runs: MAX_SCHED,
                at: now,
            },
        );
    }

    fn run_shell(&mut self, container_index: usize, pid: u32, now: SimTime) {
        self.bump(container_index);
        let Some(instance) = self.instance_mut(container_index) else {
            return;
        };
        let Some(p) = instance.processes.get_mut(&pid) else {
            return;
        };
        let resume = p.ready.take().flatten();
        let session = p.session;
        let ProcessKind::Shell(slot) = &mut p.kind else {
            return;
        };
        let Some(mut vm) = slot.take() else { return };
        if let Some(s) = resume {
            vm.resume(s);
        }
        let (at, used) = p.steps_spent;
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
            let mut sys = Syscalls {
                pod: self,
                container_index,
                pid,
                now,
                argv: String::new(),
            };
            vm.run(&mut sys, &mut budget)
        };
        if let Some(p) = self
            .instance_mut(container_index)
            .and_then(|i| i.processes.get_mut(&pid))
        {
            let base = if at == now { used } else { 0 };
            p.steps_spent = (now, base + (start_budget - budget));
        }
        let cur = if self.instant_steps.0 == now {
            self.instant_steps.1
        } else {
            0
        };
        self.instant_steps = (now, cur.max(pod_used) + (start_budget - budget) as u64);
        let mut out = vm.take_output();
        let capture_to = self
            .instance(container_index)
            .and_then(|i| i.processes.get(&pid))
            .and_then(|p| p.capture_to);
        if let Some((ppid, idx)) = capture_to {
            let (to_parent, rest): (Vec<_>, Vec<_>) =
                out.into_iter().partition(|(s, _)| *s == Stream::Stdout);
            out = rest;
            if let Some(ProcessKind::Shell(Some(parent))) = self
                .instance_mut(container_index)
                .and_then(|i| i.processes.get_mut(&ppid))
                .map(|p| &mut p.kind)
            {
                for (_, t) in to_parent {
                    parent.append_capture(idx, &t);
                }
            }
        }
        self.emit(container_index, session, now, out);
        self.poll_followers(now);
        match step {
            Step::Done(code) => {
                self.exit_process(container_index, pid, code, now, false);
            }
            Step::Wait(w) => {
                let all_done = match &w {
                    WaitOn::All(pids) => pids
                        .iter()
                        .all(|q| !self.process_alive(container_index, *q)),
                    WaitOn::Pid(q) => !self.process_alive(container_index, *q),
                };
                if let Some(p) = self
                    .instance_mut(container_index)
                    .and_then(|i| i.processes.get_mut(&pid))
                {
                    if let ProcessKind::Shell(slot) = &mut p.kind {
                        *slot = Some(vm);
                    }
                    if all_done {
                        p.ready = Some(Some(0));
                    }
                }
            }
            Step::Blocked => {
                if let Some(p) = self
                    .instance_mut(container_index)
                    .and_then(|i| i.processes.get_mut(&pid))
                {
                    if let ProcessKind::Shell(slot) = &mut p.kind {
                        *slot = Some(vm);
                    }
                }
            }
            Step::Spin => {
                let name = self
                    .containers
                    .get(container_index)
                    .map(|c| c.spec.name.clone())
                    .unwrap_or_default();
                self.add_diagnostic(name, Guess::ShellBusyForever { steps: STEP_BUDGET });
                if let Some(p) = self
                    .instance_mut(container_index)
                    .and_then(|i| i.processes.get_mut(&pid))
                {
                    p.spinning = true;
                    if let ProcessKind::Shell(slot) = &mut p.kind {
                        *slot = Some(vm);
                    }
                }
            }
        }
    }

    /// `tail -f` processes print what was appended to their file since they last looked.
    pub fn poll_followers(&mut self, now: SimTime) {
        let mut outs = Vec::new();
        for (container_index, c) in self.containers.iter().enumerate() {
            let Some(instance) = &c.instance else {
                continue;
            };
            for p in instance.processes.values() {
                let Some((path, off)) = &p.follow else {
                    continue;
                };
                let content = match stat_in(&instance.root, &self.volumes, &c.mounts, path) {
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
                outs.push((container_index, p.pid, p.session, text, new_off));
            }
        }
        for (container_index, pid, session, text, off) in outs {
            if let Some(p) = self
                .instance_mut(container_index)
                .and_then(|i| i.processes.get_mut(&pid))
            {
                if let Some(f) = p.follow.as_mut() {
                    f.1 = off;
                }
            }
            self.emit(container_index, session, now, vec![(Stream::Stdout, text)]);
        }
    }

    /// Removes every descendant of `pid` (no events: they die with it).
    pub fn kill_descendants(&mut self, container_index: usize, pid: u32) {
        let Some(instance) = self.instance_mut(container_index) else {
            return;
        };
        let mut doomed = vec![pid];
        let mut k = 0;
        while k < doomed.len() && doomed.len() <= MAX_PROCS {
            let parent = doomed[k];
            doomed.extend(
                instance
                    .processes
                    .values()
                    .filter(|p| p.ppid == parent && p.pid != 1)
                    .map(|p| p.pid),
            );
            k += 1;
        }
        for d in doomed.into_iter().skip(1) {
            instance.processes.remove(&d);
        }
    }

    pub fn process_alive(&self, container_index: usize, pid: u32) -> bool {
        self.instance(container_index)
            .is_some_and(|i| i.processes.contains_key(&pid))
    }

    /// A process ended with `status`.
    pub fn exit_process(
        &mut self,
        container_index: usize,
        pid: u32,
        status: i32,
        now: SimTime,
        oom: bool,
    ) {
        self.bump(container_index);
        if pid == 1 {
            self.container_exit(container_index, status, now, oom);
            return;
        }
        let Some(instance) = self.instance_mut(container_index) else {
            return;
        };
        let Some(p) = instance.processes.remove(&pid) else {
            return;
        };
        // Reparent children to init.
        for q in instance.processes.values_mut() {
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
        self.notify_parent(container_index, p.ppid, pid, status);
    }

    fn notify_parent(&mut self, container_index: usize, ppid: u32, pid: u32, status: i32) {
        let alive: Vec<u32> = self
            .instance(container_index)
            .map(|i| i.processes.keys().copied().collect())
            .unwrap_or_default();
        let Some(parent) = self
            .instance_mut(container_index)
            .and_then(|i| i.processes.get_mut(&ppid))
        else {
            return;
        };
        let ProcessKind::Shell(Some(vm)) = &parent.kind else {
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
    pub fn container_exit(&mut self, container_index: usize, status: i32, now: SimTime, oom: bool) {
        self.bump(container_index);
        let Some(instance) = self.instance(container_index) else {
            return;
        };
        if !instance.alive {
            return;
        }
        self.flush_partial(container_index, now);
        let ids: Vec<u32> = self
            .sessions
            .iter()
            .filter(|(_, s)| s.container_index == container_index)
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
        let name = self.containers[container_index].spec.name.clone();
        if let Some(i) = self.instance_mut(container_index) {
            i.processes.clear();
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
        for c in &self.containers {
            let Some(instance) = &c.instance else {
                continue;
            };
            if !instance.alive {
                continue;
            }
            if only_session.is_none() {
                if let Some(t) = instance.oom_at {
                    consider(t);
                }
                if let Some((t, _)) = instance.exit_at {
                    consider(t);
                }
            }
            for p in instance.processes.values() {
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
        for container_index in 0..self.containers.len() {
            let Some(instance) = self.instance(container_index) else {
                continue;
            };
            if !instance.alive {
                continue;
            }
            if only_session.is_none() {
                if instance.oom_at == Some(t) {
                    self.container_exit(container_index, 137, t, true);
                    self.run_ready(t, only_session);
                    return true;
                }
                if let Some((et, code)) = instance.exit_at {
                    if et == t {
                        self.container_exit(container_index, code, t, false);
                        self.run_ready(t, only_session);
                        return true;
                    }
                }
            }
            let due = instance
                .processes
                .values()
                .find(|p| {
                    p.timer.is_some_and(|(pt, _)| pt == t)
                        && only_session.is_none_or(|s| s == p.session)
                })
                .map(|p| (p.pid, p.timer.map(|x| x.1).unwrap_or(0)));
            if let Some((pid, status)) = due {
                let exit_output = self
                    .instance_mut(container_index)
                    .and_then(|i| i.processes.get_mut(&pid))
                    .and_then(|p| p.exit_output.take().map(|o| (p.session, o)));
                if let Some((session, o)) = exit_output {
                    self.emit(container_index, session, t, vec![o]);
                }
                // A shell killed by a timer (`timeout`) takes its children with it.
                let is_shell = self
                    .instance(container_index)
                    .and_then(|i| i.processes.get(&pid))
                    .is_some_and(|p| matches!(p.kind, ProcessKind::Shell(_)));
                if is_shell {
                    self.kill_descendants(container_index, pid);
                }
                self.exit_process(container_index, pid, status, t, false);
                self.run_ready(t, only_session);
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests;
