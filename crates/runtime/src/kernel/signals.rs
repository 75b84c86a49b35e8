//! Signals: the names and numbers processes use, and delivery: init's immunity to default
//! actions, shell traps, a server's own handling (asked of the programs layer through
//! `Servers`), and default actions.

use podlife_spec::SimTime;

use crate::kernel::process::{PodState, ProcessKind, WaitOn};

const SIGNALS: [(&str, i32); 15] = [
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("KILL", 9),
    ("USR1", 10),
    ("SEGV", 11),
    ("USR2", 12),
    ("PIPE", 13),
    ("ALRM", 14),
    ("TERM", 15),
    ("CHLD", 17),
    ("CONT", 18),
    ("STOP", 19),
    ("WINCH", 28),
    ("EXIT", 0),
];

pub(crate) fn signal_number(s: &str) -> Option<i32> {
    let s = s.trim_start_matches('-');
    if let Ok(n) = s.parse::<i32>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let up = s.to_ascii_uppercase();
    let up = up.strip_prefix("SIG").unwrap_or(&up);
    SIGNALS.iter().find(|(n, _)| *n == up).map(|(_, v)| *v)
}

/// Canonical signal name for traps (`TERM`, `EXIT`, ...).
pub(crate) fn signal_name(s: &str) -> String {
    match signal_number(s) {
        Some(n) => SIGNALS
            .iter()
            .find(|(_, v)| *v == n)
            .map(|(k, _)| k.to_string())
            .unwrap_or_else(|| n.to_string()),
        None => s.to_ascii_uppercase(),
    }
}

impl PodState {
    pub fn effective_pid1(&self, container_index: usize) -> Option<u32> {
        let instance = self.instance(container_index)?;
        let pid1 = instance.processes.get(&1)?;
        if let ProcessKind::Shell(Some(vm)) = &pid1.kind {
            if let Some(WaitOn::Pid(c)) = vm.waiting_on() {
                if instance.processes.get(c).is_some_and(|p| p.tail) {
                    return Some(*c);
                }
            }
        }
        Some(1)
    }

    /// Delivers signal `sig` to `pid`. `as_init` = the target stands for PID 1 (default
    /// actions are ignored, as the kernel does for a namespace's init). `from_kubelet` = sent
    /// by the runtime from outside (SIGKILL always works then).
    pub fn signal(
        &mut self,
        container_index: usize,
        pid: u32,
        sig: i32,
        now: SimTime,
        from_kubelet: bool,
    ) {
        self.bump(container_index);
        let effective = self.effective_pid1(container_index);
        let as_init = pid == 1 || Some(pid) == effective;
        let target = if pid == 1 {
            effective.unwrap_or(1)
        } else {
            pid
        };
        if sig == 0 {
            return;
        }
        let ignore_override = self
            .containers
            .get(container_index)
            .and_then(|c| c.behavior.ignore_sigterm);
        if sig == 9 {
            if as_init && !from_kubelet {
                return;
            }
            if as_init {
                self.container_exit(container_index, 137, now, false);
            } else {
                self.exit_process(container_index, target, 137, now, false);
                self.run_ready(now, None);
            }
            return;
        }
        let Some(p) = self
            .instance(container_index)
            .and_then(|i| i.processes.get(&target))
        else {
            return;
        };
        if as_init && from_kubelet && ignore_override == Some(true) {
            return;
        }
        let is_shell = matches!(&p.kind, ProcessKind::Shell(Some(_)));
        // Shell with a trap?
        if is_shell {
            let name = signal_name(&sig.to_string());
            let trapped = if let Some(ProcessKind::Shell(Some(vm))) = self
                .instance_mut(container_index)
                .and_then(|i| i.processes.get_mut(&target))
                .map(|p| &mut p.kind)
            {
                vm.deliver_trap(&name)
            } else {
                false
            };
            if trapped {
                if let Some(p) = self
                    .instance_mut(container_index)
                    .and_then(|i| i.processes.get_mut(&target))
                {
                    if p.ready.is_none()
                        && !matches!(&p.kind, ProcessKind::Shell(Some(vm)) if vm.waiting_on().is_some())
                    {
                        p.ready = Some(None);
                    }
                }
                self.run_ready(now, None);
                return;
            }
        }
        let Some(p) = self
            .instance(container_index)
            .and_then(|i| i.processes.get(&target))
        else {
            return;
        };
        let daemon = p.daemon;
        let session = p.session;
        let pid_shown = if as_init { 1 } else { target };
        let servers = self.servers;
        let handled = daemon
            .and_then(|d| servers.signal_reaction(self, container_index, d, sig, pid_shown, now));
        match handled {
            Some(reaction) => {
                let already = self
                    .instance(container_index)
                    .and_then(|i| i.processes.get(&target))
                    .is_some_and(|p| p.stopping);
                if !already && !reaction.output.is_empty() {
                    self.emit(container_index, session, now, reaction.output);
                }
                if let Some((code, delay)) = reaction.stop {
                    if let Some(p) = self
                        .instance_mut(container_index)
                        .and_then(|i| i.processes.get_mut(&target))
                    {
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
                    self.container_exit(container_index, 128 + sig, now, false);
                } else {
                    self.exit_process(container_index, target, 128 + sig, now, false);
                    self.run_ready(now, None);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
