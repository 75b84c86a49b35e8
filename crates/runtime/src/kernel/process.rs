//! The pod's process table and the kernel's two interfaces. Containers hold instances, instances
//! hold processes; a process is a passive program (a timer, a server's listening socket) or an
//! interpreter the scheduler runs step by step.
//!
//! The kernel knows neither the shell nor the programs: it runs an interpreter through
//! [`Interpreter`] and asks what a server answers or how it takes a signal through [`Servers`].
//! Both are wired in by the crate root (`lib.rs`). The types that refer to each other (the pod
//! state, its processes, the two interfaces and `Syscalls`, the interpreter's handle on the pod) live
//! in this one file; their behaviour is in `scheduler.rs`, `signals.rs`, `net.rs` and
//! `syscalls.rs`.

use std::any::Any;
use std::collections::BTreeMap;
use std::rc::Rc;

use podlife_spec::profile::Rule;
use podlife_spec::{Behavior, Container as ContainerSpec, SimTime};

use crate::api::sentence::Guess;
use crate::api::HttpAnswer;
use crate::api::{LogLine, RuntimeEvent};
use crate::kernel::executables::Found;
use crate::kernel::fs::{new_tree, Layered, Mount, Tree};
use crate::kernel::http::HttpRequest;
use crate::kernel::images::{Daemon, Image};
use podlife_spec::vec_map::VecMap;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
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
    /// Stuck in an allocation over the memory limit: the OOM killer ends the container.
    Blocked,
}

/// A process's environment (shell variables included), shared copy-on-write.
pub(crate) type Env = Rc<BTreeMap<String, String>>;

/// What the kernel needs from a process that runs code: the shell. Implemented by
/// `crate::shell::vm::Vm`.
pub(crate) trait Interpreter {
    /// Runs until the code ends, waits for a child, or `budget` steps are spent.
    fn run(&mut self, sys: &mut Syscalls, budget: &mut u32) -> Step;
    /// Hands the awaited child's status back.
    fn resume(&mut self, status: i32);
    /// The child (or children) it waits for, if any.
    fn waiting_on(&self) -> Option<&WaitOn>;
    /// A signal it may trap arrived (`TERM`, `EXIT`, ...). False when it has no trap for it.
    fn deliver_trap(&mut self, signal_name: &str) -> bool;
    /// Output of a child whose stdout feeds capture frame `frame` (`$(...)`, a pipe).
    fn append_capture(&mut self, frame: usize, text: &str);
    /// What it wrote to its own stdout/stderr since the last call.
    fn take_output(&mut self) -> Vec<(Stream, String)>;
    fn clone_box(&self) -> Box<dyn Interpreter>;
}

impl Clone for Box<dyn Interpreter> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

// Written out rather than a `Debug` supertrait: a supertrait would put the interpreter's
// derived `Debug` (its whole state) into every vtable, and so into the wasm module.
impl std::fmt::Debug for dyn Interpreter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Interpreter")
    }
}

/// What the kernel needs from the servers running in the pod: their answer to an HTTP request
/// and their reaction to a signal. Implemented by `crate::programs::Userland`.
pub(crate) trait Servers {
    fn http_get(&self, pod: &mut PodState, request: &HttpRequest) -> HttpAnswer;
    /// How `daemon` (process shown as `pid_shown`, in container `container`) takes `signal`.
    /// `None`: the default action.
    fn signal_reaction(
        &self,
        pod: &PodState,
        container: usize,
        daemon: Daemon,
        signal: i32,
        pid_shown: u32,
        now: SimTime,
    ) -> Option<SignalReaction>;
}

impl std::fmt::Debug for dyn Servers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Servers")
    }
}

/// A server's own handling of a signal.
pub(crate) struct SignalReaction {
    /// Exits with this code after this delay (`None`: handles it and keeps running).
    pub stop: Option<(i32, SimTime)>,
    /// What it logs about it (nginx's notices), written unless it is already stopping.
    pub output: Vec<(Stream, String)>,
}

/// Compiled scripts by source text, kept per pod for the interpreter (every restart of a
/// container runs the same script). Opaque to the kernel: the shell owns the code type.
#[derive(Clone, Debug, Default)]
pub(crate) struct CompiledScripts(pub Vec<(String, CompiledScript)>);

/// A script's compiled code (type known to the shell only), or its syntax error.
pub(crate) type CompiledScript = Result<Rc<dyn Any>, String>;

#[derive(Clone, Debug)]
pub(crate) enum ProcessKind {
    Shell(Option<Box<dyn Interpreter>>),
    Program,
}

#[derive(Clone, Debug)]
pub(crate) struct Process {
    pub pid: u32,
    pub ppid: u32,
    pub comm: String,
    pub session: Option<u32>,
    pub kind: ProcessKind,
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
    pub steps_spent: (SimTime, u32),
    /// Printed when the timer ends the process (e.g. stress's "successful run" line).
    pub exit_output: Option<(Stream, String)>,
    /// Full command line (for `ps`).
    pub cmdline: String,
    /// `tail -f`: (path, bytes already printed).
    pub follow: Option<(String, usize)>,
}

impl Process {
    /// A shell with no parent (PID 1 of a fresh instance, or the shell of an exec session),
    /// ready to run `vm` from `now`.
    /// A process started at `now` with nothing else set: no timer, ports or memory, not
    /// runnable yet, its command line its name.
    pub fn new(
        pid: u32,
        ppid: u32,
        comm: String,
        session: Option<u32>,
        kind: ProcessKind,
        now: SimTime,
    ) -> Process {
        Process {
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
            steps_spent: (SimTime::ZERO, 0),
            exit_output: None,
            follow: None,
        }
    }

    pub fn top_shell(
        pid: u32,
        session: Option<u32>,
        argv: &[String],
        interpreter: Box<dyn Interpreter>,
        now: SimTime,
    ) -> Process {
        let comm = crate::kernel::fs::basename(argv.first().map(String::as_str).unwrap_or("sh"));
        Process {
            ready: Some(None),
            cmdline: argv.join(" "),
            ..Process::new(
                pid,
                0,
                comm.to_string(),
                session,
                ProcessKind::Shell(Some(interpreter)),
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
    pub root: Layered,
    pub processes: VecMap<u32, Process>,
    pub next_pid: u32,
    pub partial: [String; 2],
    pub alive: bool,
    pub oom_at: Option<SimTime>,
    pub exit_at: Option<(SimTime, i32)>,
    pub log_lines: usize,
    /// `FallbackToLogsOnError` only: the instance's last log lines, both streams in order, each
    /// with its newline (a line flushed at exit without one has none), each cut to its last
    /// [`LOG_TAIL_BYTES`]: what the kubelet reads back at exit, kept past `MAX_LOG_LINES`.
    pub log_tail: Option<std::collections::VecDeque<String>>,
}

/// Log lines and bytes the kubelet reads back for a termination message
/// (kubecontainer.MaxContainerTerminationMessageLogLines / ...LogLength).
pub(crate) const LOG_TAIL_LINES: usize = 80;
pub(crate) const LOG_TAIL_BYTES: usize = 2048;

impl Instance {
    fn keep_tail(&mut self, line: &str, newline: bool) {
        let Some(tail) = self.log_tail.as_mut() else {
            return;
        };
        if tail.len() == LOG_TAIL_LINES {
            tail.pop_front();
        }
        let mut cut = line.len().saturating_sub(LOG_TAIL_BYTES);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut kept = String::with_capacity(line.len() - cut + 1);
        kept.push_str(&line[cut..]);
        if newline {
            kept.push('\n');
        }
        tail.push_back(kept);
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Container {
    pub spec: ContainerSpec,
    pub image: &'static Image,
    pub mounts: Vec<Mount>,
    pub behavior: Behavior,
    pub env: Env,
    pub instance: Option<Instance>,
    /// `valueFrom` env vars and the value guessed from their name (None: empty string).
    pub guessed_env: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub container_index: usize,
    pub output: String,
}

#[derive(Clone, Debug)]
pub(crate) struct PodState {
    pub pod_ip: String,
    pub hostname: String,
    pub namespace: String,
    pub kube_minor: u32,
    /// The run's profile (Kubernetes minor, rules version): `profile.has(Rule::AwkPrograms)`,
    /// ... turn on what issue 15 changed in the runtime.
    pub profile: podlife_spec::profile::Profile,
    /// The node's allocatable memory: the bound for containers without a memory limit
    /// (rules 2).
    pub node_memory: i128,
    pub containers: Vec<Container>,
    pub volumes: BTreeMap<String, Tree>,
    /// (namespace, name) of the Services that exist.
    pub services: VecMap<(String, String), ()>,
    pub logs: Vec<LogLine>,
    pub events: Vec<RuntimeEvent>,
    pub sessions: VecMap<u32, Session>,
    pub next_exec_id: u32,
    pub scratch: Layered,
    /// (container, what the model found while running it).
    pub diagnostics: Vec<(String, Guess)>,
    /// Programs this build of the runtime leaves out that the pod ran (the page's first-frame
    /// module, `podlife-web --features lite`): the run is not the real one and must not be
    /// shown. Always empty with the default features.
    pub not_in_build: Vec<&'static str>,
    /// nginx connection counter (`*N` in error logs).
    pub connection_counter: u64,
    /// Interpreter steps used by the whole pod at one instant.
    pub instant_steps: (SimTime, u64),
    /// Bumped whenever anything may have changed files or processes (a shell ran, a container
    /// started or stopped, a signal): guards cached probe results.
    pub generations: Vec<u64>,
    /// Bumped when a container with volume mounts runs (its writes may be seen by others).
    pub volume_generation: u64,
    /// Bumped with every `bump`: while it stays put, no container's probe generation moved.
    pub epoch: u64,
    pub scripts: CompiledScripts,
    /// Program lookups answered by the image alone: (container, PATH, name, answer).
    pub program_lookups: Vec<(usize, String, String, Found)>,
    /// The servers' side of connections and signals (the programs layer).
    pub servers: &'static dyn Servers,
}

pub(crate) struct ProgramSpec {
    pub comm: String,
    pub cmdline: String,
    pub exit_output: Option<(Stream, String)>,
    pub timer: Option<(SimTime, i32)>,
    pub daemon: Option<Daemon>,
    pub ports: Vec<u16>,
    pub memory: i128,
    pub tail: bool,
}

/// The interpreter's view of the pod while one shell runs.
pub(crate) struct Syscalls<'a> {
    pub pod: &'a mut PodState,
    pub container_index: usize,
    pub pid: u32,
    pub now: SimTime,
    /// Command line being executed (for `ps`).
    pub argv: String,
}

impl PodState {
    pub fn instance(&self, container_index: usize) -> Option<&Instance> {
        self.containers
            .get(container_index)
            .and_then(|c| c.instance.as_ref())
    }
    pub fn instance_mut(&mut self, container_index: usize) -> Option<&mut Instance> {
        self.containers
            .get_mut(container_index)
            .and_then(|c| c.instance.as_mut())
    }

    /// Something in container `cidx` may have changed (files, processes).
    pub fn bump(&mut self, container_index: usize) {
        self.epoch += 1;
        if let Some(g) = self.generations.get_mut(container_index) {
            *g += 1;
        }
        if self
            .containers
            .get(container_index)
            .is_some_and(|c| !c.mounts.is_empty())
        {
            self.volume_generation += 1;
        }
    }

    /// The generation a cached probe result of container `cidx` depends on.
    pub fn probe_generation(&self, container_index: usize) -> (u64, u64) {
        let mounts = self
            .containers
            .get(container_index)
            .is_some_and(|c| !c.mounts.is_empty());
        (
            self.generations.get(container_index).copied().unwrap_or(0),
            if mounts { self.volume_generation } else { 0 },
        )
    }

    /// Records that the pod ran `what`, which this build leaves out (see `not_in_build`).
    #[cfg_attr(not(feature = "lite"), allow(dead_code))]
    pub fn not_in_build(&mut self, what: &'static str) {
        if !self.not_in_build.contains(&what) {
            self.not_in_build.push(what);
        }
    }

    /// What the model found while running `container` (empty: the pod as a whole).
    pub fn add_diagnostic(&mut self, container: String, guess: Guess) {
        let found = (container, guess);
        if !self.diagnostics.contains(&found) && self.diagnostics.len() < 100 {
            self.diagnostics.push(found);
        }
    }

    /// Output of a process: container log for the main process tree, buffer for exec sessions.
    pub fn emit(
        &mut self,
        container_index: usize,
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
        let Some(c) = self.containers.get_mut(container_index) else {
            return;
        };
        let name = c.spec.name.clone();
        let Some(instance) = c.instance.as_mut() else {
            return;
        };
        for (stream, text) in out {
            let k = if stream == Stream::Stdout { 0 } else { 1 };
            instance.partial[k].push_str(&text);
            while let Some(n) = instance.partial[k].find('\n') {
                let line: String = instance.partial[k][..n].to_string();
                instance.partial[k].drain(..=n);
                instance.keep_tail(&line, true);
                if instance.log_lines < MAX_LOG_LINES {
                    instance.log_lines += 1;
                    self.logs.push(LogLine {
                        time: now,
                        container: name.clone(),
                        restart_count: instance.restart_count,
                        stream: if k == 0 { "stdout" } else { "stderr" }.to_string(),
                        line,
                    });
                }
            }
            if instance.partial[k].len() > 64 * 1024 {
                instance.partial[k].clear();
            }
        }
    }

    pub(crate) fn flush_partial(&mut self, container_index: usize, now: SimTime) {
        let Some(c) = self.containers.get_mut(container_index) else {
            return;
        };
        let name = c.spec.name.clone();
        let Some(instance) = c.instance.as_mut() else {
            return;
        };
        for k in 0..2 {
            if !instance.partial[k].is_empty() {
                let line = std::mem::take(&mut instance.partial[k]);
                instance.keep_tail(&line, false);
                self.logs.push(LogLine {
                    time: now,
                    container: name.clone(),
                    restart_count: instance.restart_count,
                    stream: if k == 0 { "stdout" } else { "stderr" }.to_string(),
                    line,
                });
            }
        }
    }

    pub fn alloc_pid(&mut self, container_index: usize) -> u32 {
        match self.instance_mut(container_index) {
            Some(i) => {
                let p = i.next_pid;
                i.next_pid = i.next_pid.saturating_add(1);
                p
            }
            None => 0,
        }
    }

    pub fn add_process(&mut self, container_index: usize, p: Process) {
        let memory = p.memory;
        let now = p.started;
        if let Some(i) = self.instance_mut(container_index) {
            i.processes.insert(p.pid, p);
        }
        if memory > 0 {
            self.check_oom(container_index, now);
        }
    }

    /// Working set over the limit ⇒ the OOM killer fires shortly after. The limit is the
    /// container's `limits.memory`; under rules 2 a container without one is bounded by what
    /// the node has left after the pod's other containers (the kernel's global OOM killer,
    /// which the runtime also reports as OOMKilled: cgroup v2 memory.events counts it).
    pub fn check_oom(&mut self, container_index: usize, now: SimTime) {
        let Some(c) = self.containers.get(container_index) else {
            return;
        };
        let Some(instance) = c.instance.as_ref() else {
            return;
        };
        let used = |c: &Container| -> i128 {
            match (c.behavior.memory_bytes, c.instance.as_ref()) {
                (Some(m), Some(i)) if i.alive => m,
                (None, Some(i)) if i.alive => i.processes.values().map(|p| p.memory).sum(),
                _ => 0,
            }
        };
        let limit = match c.spec.resources.memory_limit_bytes() {
            Some(limit) => limit,
            None if self.profile.has(Rule::RunawayMemoryOomKilled) => {
                let others: i128 = (0..self.containers.len())
                    .filter(|&i| i != container_index)
                    .map(|i| used(&self.containers[i]))
                    .sum();
                self.node_memory - others
            }
            None => return,
        };
        let _ = instance;
        if used(c) > limit {
            let at = now + OOM_DELAY;
            if let Some(i) = self.instance_mut(container_index) {
                if i.oom_at.is_none_or(|t| at < t) {
                    i.oom_at = Some(at);
                }
            }
        }
    }
}

pub(crate) fn new_instance(restart_count: u32, started: SimTime) -> Instance {
    Instance {
        restart_count,
        started,
        root: Layered::new(std::sync::Arc::new(new_tree())),
        processes: VecMap::new(),
        next_pid: 2,
        partial: [String::new(), String::new()],
        alive: true,
        oom_at: None,
        exit_at: None,
        log_lines: 0,
        log_tail: None,
    }
}
