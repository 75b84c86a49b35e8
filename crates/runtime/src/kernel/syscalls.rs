//! `Sys`: what a running interpreter may ask of the pod — its container's filesystem, process
//! creation, signals, the process list, the container log — the model's system calls.

use crate::kernel::fs::FsView;
use crate::kernel::images::{Flavor, ImageDef, FALLBACK};
use crate::kernel::process::{
    Interpreter, PodState, Proc, ProcKind, ProgSpec, Stream, Sys, MAX_PROCS,
};

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
            .unwrap_or(&FALLBACK)
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

    pub fn spawn_shell(&mut self, interpreter: Box<dyn Interpreter>, comm: &str) -> u32 {
        if self.too_many() {
            return 0;
        }
        let cmdline = if self.argv.is_empty() {
            comm.to_string()
        } else {
            self.argv.clone()
        };
        let mut p = self.new_proc(comm, ProcKind::Shell(Some(interpreter)));
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
