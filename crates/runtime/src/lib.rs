//! The container runtime model: what the processes in a pod do over simulated time, what a
//! probe sees, and how a process reacts to signals. Sans-IO: the engine passes `now` in and
//! asks when to call again; nothing here reads a clock or does IO.
//!
//! API boundary (used by `podlife-engine`): [`PodRuntime`] and the types of `api.rs`.
//! Everything else in the crate is private detail.
//!
//! Layers, each importing only from those below it:
//! - `kernel/`: processes and the scheduler, signals, filesystems, the network;
//! - `shell/`: the sh parser, compiler and resumable interpreter with its builtins;
//! - `programs/`: the images' userland (coreutils, text and network tools) and servers;
//! - this file (with `pod/`, `explain.rs` and `image_info.rs`): `PodRuntime`, which wires them together: the
//!   kernel reaches the servers, and the shell the programs, through `programs::Userland`.

#![forbid(unsafe_code)]
// The page's first-frame module (feature `lite`) leaves programs out: what only they use is unused there.
#![cfg_attr(feature = "lite", allow(dead_code, unused_imports))]

mod api;
mod explain;
mod image_info;
mod kernel;
mod pod;
mod programs;
mod shell;
#[cfg(test)]
mod testing;

use std::collections::BTreeMap;

use podlife_spec::profile::Rule;
use podlife_spec::{Scenario, ServiceRef, SimTime};

use crate::kernel::fs::{self, new_tree, Entry, Mount};
use crate::kernel::images;
use crate::kernel::process::{self, PodState, Process, ProcessKind};
use crate::programs::Userland;
use crate::shell::vm::Vm;
use podlife_spec::vec_map::VecMap;

pub use crate::api::sentence::{
    Bytes, Clause, English, Guess, Joiner, Phrasebook, Seconds, Sentence, Step,
};
pub use crate::api::{
    ExecId, ExecResult, ExitReason, Explanation, GrpcAnswer, HttpAnswer, LogLine, RuntimeEvent,
    Signal, StartFailure,
};
pub use crate::image_info::{image_info, ImageInfo};
pub use crate::kernel::clock::SIM_EPOCH_UNIX;
pub use crate::kernel::process::OOM_DELAY;
pub use crate::programs::servers::SERVER_STOP_DELAY;

/// All processes, filesystems and volumes of one pod.
#[derive(Clone, Debug)]
pub struct PodRuntime {
    pod: PodState,
    explanations: Vec<Explanation>,
    /// Sleep hooks and instant hook results finish on the kubelet's side: (at, event).
    kubelet_side_events: Vec<RuntimeEvent>,
    automount: bool,
    subdomain: Option<String>,
    /// Log lines already known to be in time order.
    log_checked: usize,
    /// Each container's fresh filesystem (image files and kubelet-managed files).
    base_trees: Vec<Option<std::sync::Arc<fs::Tree>>>,
    argv_cache: Vec<Option<Vec<String>>>,
    /// Results of side-effect-free exec probes (`cat`, `test`, ...), valid while nothing in the
    /// pod has run since: (container, command, pod generation, outcome). A short list searched
    /// in place: a probe tick looks it up without allocating a key.
    probe_cache: Vec<ProbeCacheEntry>,
}

/// (container index, exec command, pod generation, outcome) of a cached probe result.
type ProbeCacheEntry = (usize, Vec<String>, (u64, u64), ExecResult);

/// Exec sessions used by exec probes get ids from the top of the range (never reported).
const PROBE_SESSION_BASE: u32 = 0xF000_0000;

impl PodRuntime {
    /// Builds the model from the scenario: per-container inference from image + command,
    /// overridden by `setup.behavior`. `pod_ip` is assigned by the engine.
    pub fn new(scenario: &Scenario, pod_ip: &str) -> PodRuntime {
        let pod = &scenario.pod;
        let spec = &pod.spec;
        let mut volumes = BTreeMap::new();
        for v in &spec.volumes {
            volumes.insert(v.name.clone(), new_tree());
        }
        let mut containers = Vec::new();
        for c in spec.init_containers.iter().chain(spec.containers.iter()) {
            let image = images::lookup(&c.image);
            let mounts = c
                .volume_mounts
                .iter()
                .filter(|m| volumes.contains_key(&m.name))
                .map(|m| Mount {
                    path: fs::normalize("/", &m.mount_path),
                    volume: m.name.clone(),
                    read_only: m.read_only,
                    sub: m
                        .sub_path
                        .as_ref()
                        .filter(|s| !s.is_empty())
                        .map(|s| fs::normalize("/", s)),
                })
                .collect();
            let behavior = scenario
                .setup
                .behavior
                .get(&c.name)
                .cloned()
                .unwrap_or_default();
            containers.push(process::Container {
                spec: c.clone(),
                image,
                mounts,
                behavior,
                env: Default::default(),
                instance: None,
                guessed_env: Vec::new(),
            });
        }
        let hostname = spec
            .hostname
            .clone()
            .unwrap_or_else(|| pod.name.chars().take(63).collect());
        let mut services = VecMap::new();
        for s in &scenario.services {
            services.insert((s.namespace.clone(), s.name.clone()), ());
        }
        let mut state = PodState {
            pod_ip: pod_ip.to_string(),
            hostname,
            namespace: pod.namespace.clone(),
            kube_minor: scenario.setup.kube_minor,
            profile: scenario.setup.profile(),
            node_memory: scenario
                .setup
                .nodes
                .iter()
                .find(|n| spec.node_name.as_ref() == Some(&n.name))
                .or(scenario.setup.nodes.first())
                .map_or(i128::MAX, |n| n.memory_bytes),
            containers,
            volumes,
            services,
            logs: Vec::new(),
            events: Vec::new(),
            sessions: VecMap::new(),
            next_exec_id: 0,
            scratch: fs::Layered::new(std::sync::Arc::new(new_tree())),
            diagnostics: Vec::new(),
            not_in_build: Vec::new(),
            connection_counter: 0,
            instant_steps: (SimTime::ZERO, 0),
            generations: Vec::new(),
            volume_generation: 0,
            epoch: 0,
            scripts: Default::default(),
            program_lookups: Vec::new(),
            servers: &Userland,
        };
        state.generations = vec![0; state.containers.len()];
        // `valueFrom` values are not in the spec: guess the usual downward-API ones by name.
        let node = spec
            .node_name
            .clone()
            .or_else(|| scenario.setup.nodes.first().map(|n| n.name.clone()))
            .unwrap_or_default();
        for c in state.containers.iter_mut() {
            for e in c.spec.env.iter_mut().filter(|e| e.value.is_none()) {
                let n = e.name.to_ascii_uppercase();
                let guess =
                    if n.contains("POD_NAMESPACE") || n == "NAMESPACE" || n.ends_with("_NAMESPACE")
                    {
                        Some(pod.namespace.clone())
                    } else if n.contains("POD_NAME") {
                        Some(pod.name.clone())
                    } else if n.contains("POD_IP") {
                        Some(pod_ip.to_string())
                    } else if n.contains("NODE_NAME") {
                        Some(node.clone())
                    } else if n.contains("SERVICE_ACCOUNT") {
                        Some(spec.service_account_name.clone())
                    } else {
                        None
                    };
                c.guessed_env.push((e.name.clone(), guess.clone()));
                e.value = guess;
            }
        }
        for i in 0..state.containers.len() {
            state.containers[i].env = std::rc::Rc::new(PodRuntime::base_env(&state, i));
        }
        let explanations = (0..state.containers.len())
            .map(|i| explain::explain(&state, i))
            .collect();
        PodRuntime {
            pod: state,
            explanations,
            kubelet_side_events: Vec::new(),
            automount: spec.automount_service_account_token,
            subdomain: spec.subdomain.clone().filter(|s| !s.is_empty()),
            log_checked: 0,
            base_trees: Vec::new(),
            argv_cache: Vec::new(),
            probe_cache: Vec::new(),
        }
    }

    fn container_index(&self, container: &str) -> Option<usize> {
        self.pod
            .containers
            .iter()
            .position(|c| c.spec.name == container)
    }

    /// The programs the pod ran that this build leaves out (empty with the default features):
    /// when not empty, the run differs from the real one and the trace must not be shown.
    pub fn not_in_build(&self) -> &[&'static str] {
        &self.pod.not_in_build
    }

    /// One explanation per container, in spec order (init containers first). Warnings found
    /// while running (busy loops, commands that are not modelled) are appended.
    pub fn explain(&self) -> Vec<Explanation> {
        let mut out = self.explanations.clone();
        for e in &mut out {
            for (container, guess) in &self.pod.diagnostics {
                if *container == e.container && !e.warnings.contains(guess) {
                    e.warnings.push(guess.clone());
                }
            }
        }
        out
    }

    /// Creates and starts a fresh instance of `container` at `now` (its own filesystem is reset;
    /// mounted volumes are kept). `restart_count` labels its log lines. A failure is what the
    /// runtime reports when the process cannot be started at all (e.g. an executable that is not
    /// in the image); the kubelet then shows `StartError` / `RunContainerError`.
    pub fn start(
        &mut self,
        now: SimTime,
        container: &str,
        restart_count: u32,
    ) -> Result<(), StartFailure> {
        let Some(container_index) = self.container_index(container) else {
            return Err(StartFailure {
                message: format!("container {container:?} is not in the pod spec"),
            });
        };
        // A still-running old instance is gone without a trace (the kubelet killed it).
        if self.pod.instance(container_index).is_some_and(|i| i.alive) {
            self.kill_sessions(container_index);
        }
        self.pod.bump(container_index);
        let mut instance = process::new_instance(restart_count, now);
        if self.pod.containers[container_index]
            .spec
            .termination_message_policy
            == "FallbackToLogsOnError"
        {
            instance.log_tail = Some(Default::default());
        }
        // The image part of the tree is the same for every instance: build it once.
        if self
            .base_trees
            .get(container_index)
            .is_none_or(|t| t.is_none())
        {
            // Containers of one image with the same workingDir and mount points share it.
            let same = |a: &process::Container, b: &process::Container| {
                a.spec.image == b.spec.image
                    && a.spec.working_dir == b.spec.working_dir
                    && a.mounts.len() == b.mounts.len()
                    && a.mounts
                        .iter()
                        .zip(&b.mounts)
                        .all(|(x, y)| x.path == y.path)
            };
            let shared = (0..self.pod.containers.len())
                .filter(|&other_index| {
                    other_index != container_index
                        && same(
                            &self.pod.containers[container_index],
                            &self.pod.containers[other_index],
                        )
                })
                .find_map(|other_index| self.base_trees.get(other_index).cloned().flatten());
            let t = shared.unwrap_or_else(|| {
                let mut t = fs::new_tree();
                self.populate(container_index, &mut t);
                std::sync::Arc::new(t)
            });
            if self.base_trees.len() <= container_index {
                self.base_trees.resize(container_index + 1, None);
            }
            self.base_trees[container_index] = Some(t);
        }
        if let Some(Some(t)) = self.base_trees.get(container_index) {
            instance.root = fs::Layered::new(std::sync::Arc::clone(t));
        }
        // The kubelet creates a subPath's directory inside the volume.
        for m in &self.pod.containers[container_index].mounts {
            if let (Some(sub), Some(tree)) = (&m.sub, self.pod.volumes.get_mut(&m.volume)) {
                let mut p = sub.clone();
                while p != "/" {
                    tree.entry(p.clone()).or_insert(Entry::Dir);
                    p = fs::parent(&p);
                }
            }
        }
        self.pod.containers[container_index].instance = Some(instance);
        if self.pod.profile.has(Rule::TerminationMessages) {
            self.create_termination_file(container_index);
        }
        let argv = self.argv(container_index);
        if argv.is_empty() {
            self.pod.containers[container_index].instance = None;
            return Err(StartFailure { message: "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: no command specified: unknown".into() });
        }
        let vm = match self.argv_vm(now, container_index, &argv) {
            Ok(vm) => vm,
            Err(e) => {
                self.pod.containers[container_index].instance = None;
                return Err(StartFailure {
                    message: format!("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {e}: unknown"),
                });
            }
        };
        let pid1 = Process::top_shell(1, None, &argv, Box::new(vm), now);
        let b = self.pod.containers[container_index].behavior.clone();
        if let Some(i) = self.pod.instance_mut(container_index) {
            i.processes.insert(1, pid1);
            if let Some(d) = b.exit_after {
                i.exit_at = Some((now + d, b.exit_code.unwrap_or(0)));
            }
        }
        if b.memory_bytes.is_some() {
            self.pod.check_oom(container_index, now);
        }
        self.pod.run_ready(now, None);
        // `listenAfter` on a process the model does not know as a server: it listens on the
        // declared ports from then on.
        let ports: Vec<u16> = self.pod.containers[container_index]
            .spec
            .ports
            .iter()
            .map(|p| p.container_port)
            .collect();
        if let (Some(d), false) = (b.listen_after, ports.is_empty()) {
            let has_server = self
                .pod
                .instance(container_index)
                .is_some_and(|i| i.processes.values().any(|p| p.daemon.is_some()));
            if !has_server && self.pod.instance(container_index).is_some_and(|i| i.alive) {
                let pid = self.pod.alloc_pid(container_index);
                if let Some(i) = self.pod.instance_mut(container_index) {
                    i.processes.insert(
                        pid,
                        Process {
                            daemon: Some(images::Daemon::Generic),
                            ports,
                            listen_from: now + d,
                            cmdline: argv.join(" "),
                            ..Process::new(
                                pid,
                                1,
                                fs::basename(&argv[0]).to_string(),
                                None,
                                ProcessKind::Program,
                                now,
                            )
                        },
                    );
                }
            }
        }
        self.fix_log_order();
        Ok(())
    }

    /// Sends `signal` to PID 1 of the container's running instance (no-op if none).
    pub fn signal(&mut self, now: SimTime, container: &str, signal: Signal) {
        let Some(container_index) = self.container_index(container) else {
            return;
        };
        if !self.is_running(container) {
            return;
        }
        match signal {
            Signal::Kill => self.pod.container_exit(container_index, 137, now, false),
            // The runtime sends the image's STOPSIGNAL (SIGQUIT for nginx, SIGWINCH for httpd).
            Signal::Term => {
                let sig = kernel::container::stop_signal(&self.pod.containers[container_index]);
                self.pod.signal(container_index, 1, sig, now, true)
            }
        }
        self.pod.run_ready(now, None);
        self.fix_log_order();
    }

    /// Whether PID 1 of the container is currently running.
    pub fn is_running(&self, container: &str) -> bool {
        self.container_index(container)
            .and_then(|container_index| self.pod.instance(container_index))
            .is_some_and(|i| i.alive)
    }

    /// Earliest time at which something happens by itself (an exit, an OOM kill, a hook or exec
    /// finishing). `None` if nothing will happen without outside input.
    pub fn next_wakeup(&self) -> Option<SimTime> {
        let ev = self
            .pod
            .events
            .iter()
            .chain(self.kubelet_side_events.iter())
            .map(RuntimeEvent::at)
            .min();
        match (ev, self.pod.next_timer(None)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Advances every process to `now` and returns what happened, in time order.
    pub fn advance(&mut self, now: SimTime) -> Vec<RuntimeEvent> {
        for _ in 0..process::MAX_SCHED {
            // Kubelet-side hook results due before the next process timer go first.
            if !self.pod.fire_one(now, None) {
                break;
            }
        }
        let mut due: Vec<RuntimeEvent> = Vec::new();
        let mut later = Vec::new();
        for e in self
            .pod
            .events
            .drain(..)
            .chain(self.kubelet_side_events.drain(..))
        {
            if e.at() <= now {
                due.push(e);
            } else {
                later.push(e);
            }
        }
        // Events carried in `st.events` are never in the future except kubelet-side ones.
        self.kubelet_side_events = later;
        podlife_spec::sort::sort_by_key(&mut due, RuntimeEvent::at);
        self.fix_log_order();
        due
    }

    /// A Service appears or disappears (affects `nslookup`).
    pub fn set_service(&mut self, now: SimTime, service: &ServiceRef, exists: bool) {
        let _ = now;
        let key = (service.namespace.clone(), service.name.clone());
        if exists {
            self.pod.services.insert(key, ());
        } else {
            self.pod.services.remove(&key);
        }
    }

    /// Every log line printed so far, in time order.
    pub fn logs(&self) -> &[LogLine] {
        &self.pod.logs
    }

    /// Log lines of one container instance (`kubectl logs [-p]`).
    pub fn logs_of(&self, container: &str, restart_count: u32) -> Vec<&LogLine> {
        self.pod
            .logs
            .iter()
            .filter(|l| l.container == container && l.restart_count == restart_count)
            .collect()
    }

    /// Reads a file as the container currently sees it (tests and UI inspection).
    pub fn read_file(&self, container: &str, path: &str) -> Option<String> {
        let container_index = self.container_index(container)?;
        let c = &self.pod.containers[container_index];
        let instance = c.instance.as_ref()?;
        let path = fs::normalize("/", path);
        let e = match fs::mount_of(&c.mounts, &self.pod.volumes, &path) {
            Some((m, inner)) => self.pod.volumes.get(&m.volume)?.get(&inner),
            None => instance.root.get(&path),
        };
        match e {
            Some(Entry::File(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// Exec probes run ahead on their own clock, so a line can be stamped later than the next
    /// one; only the lines added since the last check are examined.
    fn fix_log_order(&mut self) {
        let from = self.log_checked.saturating_sub(1).min(self.pod.logs.len());
        if self.pod.logs[from..]
            .windows(2)
            .any(|w| w[0].time > w[1].time)
        {
            podlife_spec::sort::sort_by_key(&mut self.pod.logs, |l| l.time);
        }
        self.log_checked = self.pod.logs.len();
    }

    /// The container's argv never changes: computed once per container.
    fn argv(&mut self, container_index: usize) -> Vec<String> {
        if self.argv_cache.len() <= container_index {
            self.argv_cache.resize(container_index + 1, None);
        }
        if self.argv_cache[container_index].is_none() {
            self.argv_cache[container_index] = Some(kernel::container::container_argv(
                &self.pod.containers[container_index],
            ));
        }
        self.argv_cache[container_index].clone().unwrap_or_default()
    }

    /// A process running `argv` (non-empty) directly in container `ci`, with the container's
    /// environment and working directory; the error is the runtime's reason it cannot start.
    fn argv_vm(
        &mut self,
        now: SimTime,
        container_index: usize,
        argv: &[String],
    ) -> Result<Vm, String> {
        let cwd = self.workdir(container_index);
        let vm = Vm::for_argv(
            argv,
            self.pod.containers[container_index].env.clone(),
            &cwd,
            &Userland,
        );
        let mut sys = process::Syscalls {
            pod: &mut self.pod,
            container_index,
            pid: 1,
            now,
            argv: String::new(),
        };
        vm.start_check(&mut sys, &argv[0])?;
        Ok(vm)
    }

    fn workdir(&self, container_index: usize) -> String {
        let c = &self.pod.containers[container_index];
        c.spec
            .working_dir
            .clone()
            .unwrap_or_else(|| c.image.workdir.to_string())
    }
}

/// Fuzzing entry point: runs `script` as `sh -c` PID 1 of a busybox container (sharing an
/// emptyDir with an nginx sidecar), with an exec probe, a `kubectl exec`, SIGTERM and SIGKILL,
/// over 10 simulated minutes. Bounded and panic-free for every input.
#[doc(hidden)]
pub fn fuzz_script(script: &str) -> usize {
    use podlife_spec::*;
    let mk = |name: &str, image: &str, command: Vec<String>| Container {
        command,
        volume_mounts: vec![VolumeMount {
            name: "v".into(),
            mount_path: "/data".into(),
            sub_path: None,
            read_only: false,
        }],
        ..Container::new(name, image)
    };
    let scenario = Scenario {
        pod: Pod {
            namespace: "default".into(),
            name: "fuzz".into(),
            uid: "fuzz".into(),
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            controlled_by: None,
            stored: None,
            spec: PodSpec {
                containers: vec![
                    mk(
                        "sh",
                        "busybox",
                        vec!["sh".into(), "-c".into(), script.into()],
                    ),
                    mk("web", "nginx", vec![]),
                ],
                volumes: vec![Volume {
                    name: "v".into(),
                    source: VolumeSource::EmptyDir,
                }],
                ..PodSpec::default()
            },
        },
        services: vec![],
        setup: Setup::default(),
    };
    let mut rt = PodRuntime::new(&scenario, "10.244.0.9");
    let _ = rt.explain();
    let _ = rt.start(SimTime::ZERO, "web", 0);
    let _ = rt.start(SimTime::ZERO, "sh", 0);
    let mut n = 0;
    let script_cmd = vec!["sh".to_string(), "-c".to_string(), script.to_string()];
    let mut t = SimTime::ZERO;
    for step in 0..60u64 {
        let target = SimTime::from_secs(step * 10);
        for _ in 0..10_000 {
            match rt.next_wakeup() {
                Some(w) if w <= target => {
                    t = w.max(t);
                    n += rt.advance(t).len();
                }
                _ => break,
            }
        }
        t = target.max(t);
        n += rt.advance(t).len();
        match step {
            5 => {
                let _ = rt.exec_sync(t, "sh", &script_cmd, SimTime::from_secs(1));
            }
            10 => {
                rt.start_exec(t, "web", &script_cmd);
            }
            20 => rt.signal(t, "sh", Signal::Term),
            30 => rt.signal(t, "sh", Signal::Kill),
            31 => {
                let _ = rt.start(t, "sh", 1);
            }
            _ => {}
        }
    }
    n + rt.logs().len()
}
