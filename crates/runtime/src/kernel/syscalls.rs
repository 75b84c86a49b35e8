//! `Syscalls`: what a running interpreter may ask of the pod — its container's filesystem, process
//! creation, signals, the process list, the container log — the model's system calls.

use crate::api::sentence::Guess;
use crate::kernel::fs::FsView;
use crate::kernel::images::{Flavor, Image, FALLBACK};
use crate::kernel::process::{
    Interpreter, PodState, Process, ProcessKind, ProgramSpec, Stream, Syscalls, MAX_PROCS,
};

impl Syscalls<'_> {
    pub fn fs(&mut self) -> FsView<'_> {
        let PodState {
            containers,
            volumes,
            scratch,
            ..
        } = &mut *self.pod;
        match containers.get_mut(self.container_index) {
            Some(c) => match c.instance.as_mut() {
                Some(i) => FsView {
                    root: &mut i.root,
                    volumes,
                    mounts: &c.mounts,
                },
                None => FsView {
                    root: scratch,
                    volumes,
                    mounts: &[],
                },
            },
            None => FsView {
                root: scratch,
                volumes,
                mounts: &[],
            },
        }
    }

    /// This process now holds `bytes` of memory; true when that puts its container over its
    /// memory bound (the OOM killer is then on its way: the process should stop).
    pub fn allocate(&mut self, bytes: u64) -> bool {
        let memory = i128::from(bytes);
        if let Some(p) = self
            .pod
            .instance_mut(self.container_index)
            .and_then(|i| i.processes.get_mut(&self.pid))
        {
            p.memory = memory;
        }
        self.pod.check_oom(self.container_index, self.now);
        self.pod
            .instance(self.container_index)
            .is_some_and(|i| i.oom_at.is_some())
    }

    /// Whether the run's profile has `rule` (issue 15's runtime changes are keyed by it).
    pub fn has(&self, rule: podlife_spec::profile::Rule) -> bool {
        self.pod.profile.has(rule)
    }

    pub fn image(&self) -> &'static Image {
        self.pod
            .containers
            .get(self.container_index)
            .map(|c| c.image)
            .unwrap_or(&FALLBACK)
    }

    pub fn dash(&self) -> bool {
        self.image().flavor == Flavor::Debian
    }

    pub fn shell_pid(&self) -> u32 {
        self.pid
    }

    pub fn parent_pid(&self) -> u32 {
        self.pod
            .instance(self.container_index)
            .and_then(|i| i.processes.get(&self.pid))
            .map(|p| p.ppid)
            .unwrap_or(0)
    }

    fn session(&self) -> Option<u32> {
        self.pod
            .instance(self.container_index)
            .and_then(|i| i.processes.get(&self.pid))
            .and_then(|p| p.session)
    }

    fn new_process(&mut self, comm: &str, kind: ProcessKind) -> Process {
        let pid = self.pod.alloc_pid(self.container_index);
        let session = self.session();
        Process::new(pid, self.pid, comm.to_string(), session, kind, self.now)
    }

    fn too_many(&mut self) -> bool {
        let n = self
            .pod
            .instance(self.container_index)
            .map(|i| i.processes.len())
            .unwrap_or(0);
        if n >= MAX_PROCS {
            self.add_diagnostic(Guess::TooManyProcesses { limit: MAX_PROCS });
            return true;
        }
        false
    }

    pub fn spawn_shell(&mut self, interpreter: Box<dyn Interpreter>, comm: &str) -> u32 {
        if self.too_many() {
            return 0;
        }
        let cmdline = if self.argv.is_empty() {
            comm.to_string()
        } else {
            self.argv.clone()
        };
        let mut p = self.new_process(comm, ProcessKind::Shell(Some(interpreter)));
        p.cmdline = cmdline;
        p.ready = Some(None);
        let pid = p.pid;
        self.pod.add_process(self.container_index, p);
        pid
    }

    pub fn spawn_program(&mut self, spec: ProgramSpec) -> u32 {
        if self.too_many() {
            return 0;
        }
        let mut p = self.new_process(&spec.comm, ProcessKind::Program);
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
        p.exit_output = spec.exit_output;
        if let Some(c) = self.pod.containers.get(self.container_index) {
            if let (Some(d), Some(instance)) = (c.behavior.listen_after, c.instance.as_ref()) {
                p.listen_from = (instance.started + d).max(self.now);
            }
        }
        // A daemonising server is re-parented to init.
        if spec.daemon.is_some() && !spec.tail && spec.timer.is_none() && spec.comm == "nginx-bg" {
            p.ppid = 1;
            p.comm = "nginx".into();
        }
        let pid = p.pid;
        self.pod.add_process(self.container_index, p);
        pid
    }

    pub fn process_alive(&self, pid: u32) -> bool {
        self.pod.process_alive(self.container_index, pid)
    }

    /// Processes of this container as (pid, comm), in pid order.
    pub fn processes(&self) -> Vec<(u32, String)> {
        self.pod
            .instance(self.container_index)
            .map(|i| {
                i.processes
                    .values()
                    .map(|p| (p.pid, p.comm.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// (pid, command line) for `ps`; a program exec'd by PID 1 shows as PID 1.
    pub fn ps(&self) -> Vec<(u32, String)> {
        let effective = self.pod.effective_pid1(self.container_index);
        let mut v: Vec<(u32, String)> = self
            .pod
            .instance(self.container_index)
            .map(|i| {
                i.processes
                    .values()
                    .filter(|p| !(p.pid == 1 && effective.is_some_and(|e| e != 1)))
                    .map(|p| {
                        (
                            if Some(p.pid) == effective { 1 } else { p.pid },
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
        self.pod
            .emit(self.container_index, None, now, vec![(s, text.to_string())]);
    }

    pub fn send_signal(&mut self, pid: u32, sig: i32) -> bool {
        if !self.process_alive(pid) {
            return false;
        }
        // A shell signalling itself (e.g. `kill $$`) is handled when it next blocks.
        self.pod
            .signal(self.container_index, pid, sig, self.now, false);
        true
    }

    pub fn add_diagnostic(&mut self, guess: Guess) {
        let name = self
            .pod
            .containers
            .get(self.container_index)
            .map(|c| c.spec.name.clone())
            .unwrap_or_default();
        self.pod.add_diagnostic(name, guess);
    }

    pub fn container_ports(&self) -> Vec<u16> {
        self.pod
            .containers
            .get(self.container_index)
            .map(|c| c.spec.ports.iter().map(|p| p.container_port).collect())
            .unwrap_or_default()
    }

    pub fn behavior_memory(&self) -> Option<i128> {
        self.pod
            .containers
            .get(self.container_index)
            .and_then(|c| c.behavior.memory_bytes)
    }
}
