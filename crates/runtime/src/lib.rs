//! The container runtime model: what the processes in a pod do over simulated time, what a
//! probe sees, and how a process reacts to signals. Sans-IO: the engine passes `now` in and
//! asks when to call again; nothing here reads a clock or does IO.
//!
//! API boundary (used by `podlife-engine`): [`PodRuntime`] and the types in this file.
//! Everything else in the crate is private detail.

#![forbid(unsafe_code)]

mod applets;
mod explain;
mod fs;
mod images;
mod net;
mod process;
mod shell;

use std::collections::{BTreeMap, BTreeSet};

use podlife_spec::{LifecycleHandler, ProbeHandler, Scenario, ServiceRef, SimTime, VolumeSource};
use serde::{Deserialize, Serialize};

use crate::fs::{new_tree, Entry, Mount};
use crate::process::{Ctr, PodState, Proc, ProcKind};
use crate::shell::vm::Vm;

pub use crate::net::SIM_EPOCH_UNIX;
pub use crate::process::{OOM_DELAY, SERVER_STOP_DELAY};

/// Signals the kubelet (through the CRI) sends to PID 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Signal {
    Term,
    Kill,
}

impl Signal {
    pub fn number(self) -> i32 {
        match self {
            Signal::Term => 15,
            Signal::Kill => 9,
        }
    }
}

/// Why a process ended, as the container runtime reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExitReason {
    /// exit code 0
    Completed,
    /// non-zero exit code
    Error,
    /// killed by the kernel OOM killer (exit 137)
    OomKilled,
}

impl ExitReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::Completed => "Completed",
            ExitReason::Error => "Error",
            ExitReason::OomKilled => "OOMKilled",
        }
    }
}

/// Identifies one exec session (a hook or a user `kubectl exec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ExecId(pub u32);

/// Something that happened inside the pod by itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuntimeEvent {
    /// PID 1 of the container's current instance ended.
    Exited {
        at: SimTime,
        container: String,
        exit_code: i32,
        reason: ExitReason,
    },
    /// A hook or exec session finished (or was aborted).
    ExecFinished {
        at: SimTime,
        id: ExecId,
        exit_code: i32,
        /// Combined stdout and stderr.
        output: String,
    },
}

impl RuntimeEvent {
    pub fn at(&self) -> SimTime {
        match self {
            RuntimeEvent::Exited { at, .. } | RuntimeEvent::ExecFinished { at, .. } => *at,
        }
    }
}

/// The result of one probe attempt, as the kubelet's prober sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeOutcome {
    pub result: ProbeResult,
    /// Probe output (`HTTP probe failed with statuscode: 404`, `cat: can't open ...`).
    pub output: String,
    /// How long the probe took (≤ the timeout).
    pub took: SimTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProbeResult {
    Success,
    /// Counted as Success, but the kubelet emits a `ProbeWarning` event (HTTP 3xx).
    Warning,
    Failure,
    /// The handler itself errored; the kubelet discards the result.
    Error,
}

/// `SimTime` as seconds with millisecond precision, the unit of every time in the trace JSON.
mod seconds {
    use podlife_spec::SimTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &SimTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(t.as_secs_f64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SimTime, D::Error> {
        let secs = f64::deserialize(d)?;
        if !(0.0..=1e12).contains(&secs) {
            return Err(serde::de::Error::custom("time out of range"));
        }
        Ok(SimTime::from_millis((secs * 1000.0).round() as u64))
    }
}

/// One line a container printed. Serialised as the trace contract's `logs[]` entry
/// (issue 5 item 7): `{time (seconds), container, restartCount, stream, line}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    #[serde(with = "seconds")]
    pub time: SimTime,
    pub container: String,
    /// The instance's restartCount (so `kubectl logs --previous` can pick the older one).
    #[serde(rename = "restartCount")]
    pub restart_count: u32,
    /// `stdout` or `stderr`.
    pub stream: String,
    pub line: String,
}

/// The runtime could not start the process (containerd reports Terminated `StartError`,
/// exit code 128, with this message).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartFailure {
    /// e.g. `failed to create containerd task: ... exec: "python": executable file not found in $PATH`
    pub message: String,
}

/// What the model decided a container does (shown in the UI and CLI).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub container: String,
    /// e.g. "runs `sleep 30`, then removes /tmp/healthy, then sleeps 600 s; ignores SIGTERM as PID 1"
    pub summary: String,
    /// Where the model had to guess (unknown image or command).
    pub warnings: Vec<String>,
}

/// All processes, filesystems and volumes of one pod.
#[derive(Clone, Debug)]
pub struct PodRuntime {
    st: PodState,
    explanations: Vec<Explanation>,
    /// Sleep hooks and instant hook results finish on the kubelet's side: (at, event).
    timed: Vec<RuntimeEvent>,
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
type ProbeCacheEntry = (usize, Vec<String>, (u64, u64), ProbeOutcome);

const SA_DIR: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
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
        let mut ctrs = Vec::new();
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
            ctrs.push(Ctr {
                spec: c.clone(),
                image,
                mounts,
                behavior,
                env: Default::default(),
                inst: None,
                guessed_env: Vec::new(),
            });
        }
        let hostname = spec
            .hostname
            .clone()
            .unwrap_or_else(|| pod.name.chars().take(63).collect());
        let services: BTreeSet<(String, String)> = podlife_spec::sort::tree(
            scenario
                .services
                .iter()
                .map(|s| (s.namespace.clone(), s.name.clone())),
        );
        let mut st = PodState {
            pod_ip: pod_ip.to_string(),
            hostname,
            namespace: pod.namespace.clone(),
            kube_minor: scenario.setup.kube_minor,
            ctrs,
            volumes,
            services,
            logs: Vec::new(),
            events: Vec::new(),
            sessions: BTreeMap::new(),
            next_exec: 0,
            scratch: fs::Layered::new(std::sync::Arc::new(new_tree())),
            diags: Vec::new(),
            conn_counter: 0,
            instant_steps: (SimTime::ZERO, 0),
            gen: Vec::new(),
            vol_gen: 0,
            epoch: 0,
            scripts: Default::default(),
            bin_memo: Vec::new(),
        };
        st.gen = vec![0; st.ctrs.len()];
        // `valueFrom` values are not in the spec: guess the usual downward-API ones by name.
        let node = spec
            .node_name
            .clone()
            .or_else(|| scenario.setup.nodes.first().map(|n| n.name.clone()))
            .unwrap_or_default();
        for c in st.ctrs.iter_mut() {
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
        for i in 0..st.ctrs.len() {
            st.ctrs[i].env = std::rc::Rc::new(base_env(&st, i));
        }
        let explanations = (0..st.ctrs.len())
            .map(|i| explain::explain(&st, i))
            .collect();
        PodRuntime {
            st,
            explanations,
            timed: Vec::new(),
            automount: spec.automount_service_account_token,
            subdomain: spec.subdomain.clone().filter(|s| !s.is_empty()),
            log_checked: 0,
            base_trees: Vec::new(),
            argv_cache: Vec::new(),
            probe_cache: Vec::new(),
        }
    }

    fn cidx(&self, container: &str) -> Option<usize> {
        self.st.ctrs.iter().position(|c| c.spec.name == container)
    }

    /// One explanation per container, in spec order (init containers first). Warnings found
    /// while running (busy loops, commands that are not modelled) are appended.
    pub fn explain(&self) -> Vec<Explanation> {
        let mut out = self.explanations.clone();
        for e in &mut out {
            let prefix = format!("container {}: ", e.container);
            for d in &self.st.diags {
                if let Some(rest) = d.strip_prefix(&prefix) {
                    if !e.warnings.iter().any(|w| w == rest) {
                        e.warnings.push(rest.to_string());
                    }
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
        let Some(ci) = self.cidx(container) else {
            return Err(StartFailure {
                message: format!("container {container:?} is not in the pod spec"),
            });
        };
        // A still-running old instance is gone without a trace (the kubelet killed it).
        if self.st.inst(ci).is_some_and(|i| i.alive) {
            self.kill_sessions(ci);
        }
        self.st.bump(ci);
        let mut inst = process::new_instance(restart_count, now);
        // The image part of the tree is the same for every instance: build it once.
        if self.base_trees.get(ci).is_none_or(|t| t.is_none()) {
            // Containers of one image with the same workingDir and mount points share it.
            let same = |a: &process::Ctr, b: &process::Ctr| {
                a.spec.image == b.spec.image
                    && a.spec.working_dir == b.spec.working_dir
                    && a.mounts.len() == b.mounts.len()
                    && a.mounts
                        .iter()
                        .zip(&b.mounts)
                        .all(|(x, y)| x.path == y.path)
            };
            let shared = (0..self.st.ctrs.len())
                .filter(|&cj| cj != ci && same(&self.st.ctrs[ci], &self.st.ctrs[cj]))
                .find_map(|cj| self.base_trees.get(cj).cloned().flatten());
            let t = shared.unwrap_or_else(|| {
                let mut t = fs::new_tree();
                self.populate(ci, &mut t);
                std::sync::Arc::new(t)
            });
            if self.base_trees.len() <= ci {
                self.base_trees.resize(ci + 1, None);
            }
            self.base_trees[ci] = Some(t);
        }
        if let Some(Some(t)) = self.base_trees.get(ci) {
            inst.root = fs::Layered::new(std::sync::Arc::clone(t));
        }
        // The kubelet creates a subPath's directory inside the volume.
        for m in &self.st.ctrs[ci].mounts {
            if let (Some(sub), Some(tree)) = (&m.sub, self.st.volumes.get_mut(&m.volume)) {
                let mut p = sub.clone();
                while p != "/" {
                    tree.entry(p.clone()).or_insert(Entry::Dir);
                    p = fs::parent(&p);
                }
            }
        }
        self.st.ctrs[ci].inst = Some(inst);
        let argv = self.argv(ci);
        if argv.is_empty() {
            self.st.ctrs[ci].inst = None;
            return Err(StartFailure { message: "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: no command specified: unknown".into() });
        }
        let vm = match self.argv_vm(now, ci, &argv) {
            Ok(vm) => vm,
            Err(e) => {
                self.st.ctrs[ci].inst = None;
                return Err(StartFailure {
                    message: format!("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {e}: unknown"),
                });
            }
        };
        let p1 = Proc::top_shell(1, None, &argv, vm, now);
        let b = self.st.ctrs[ci].behavior.clone();
        if let Some(i) = self.st.inst_mut(ci) {
            i.procs.insert(1, p1);
            if let Some(d) = b.exit_after {
                i.exit_at = Some((now + d, b.exit_code.unwrap_or(0)));
            }
        }
        if b.memory_bytes.is_some() {
            self.st.check_oom(ci, now);
        }
        self.st.run_ready(now, None);
        // `listenAfter` on a process the model does not know as a server: it listens on the
        // declared ports from then on.
        let ports: Vec<u16> = self.st.ctrs[ci]
            .spec
            .ports
            .iter()
            .map(|p| p.container_port)
            .collect();
        if let (Some(d), false) = (b.listen_after, ports.is_empty()) {
            let has_server = self
                .st
                .inst(ci)
                .is_some_and(|i| i.procs.values().any(|p| p.daemon.is_some()));
            if !has_server && self.st.inst(ci).is_some_and(|i| i.alive) {
                let pid = self.st.alloc_pid(ci);
                if let Some(i) = self.st.inst_mut(ci) {
                    i.procs.insert(
                        pid,
                        Proc {
                            daemon: Some(images::Daemon::Generic),
                            ports,
                            listen_from: now + d,
                            cmdline: argv.join(" "),
                            ..Proc::new(
                                pid,
                                1,
                                fs::basename(&argv[0]).to_string(),
                                None,
                                ProcKind::Prog,
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
        let Some(ci) = self.cidx(container) else {
            return;
        };
        if !self.is_running(container) {
            return;
        }
        match signal {
            Signal::Kill => self.st.container_exit(ci, 137, now, false),
            // The runtime sends the image's STOPSIGNAL (SIGQUIT for nginx, SIGWINCH for httpd).
            Signal::Term => {
                let sig = explain::stop_signal(&self.st.ctrs[ci]);
                self.st.signal(ci, 1, sig, now, true)
            }
        }
        self.st.run_ready(now, None);
        self.fix_log_order();
    }

    /// Whether PID 1 of the container is currently running.
    pub fn is_running(&self, container: &str) -> bool {
        self.cidx(container)
            .and_then(|ci| self.st.inst(ci))
            .is_some_and(|i| i.alive)
    }

    /// Earliest time at which something happens by itself (an exit, an OOM kill, a hook or exec
    /// finishing). `None` if nothing will happen without outside input.
    pub fn next_wakeup(&self) -> Option<SimTime> {
        let ev = self
            .st
            .events
            .iter()
            .chain(self.timed.iter())
            .map(RuntimeEvent::at)
            .min();
        match (ev, self.st.next_timer(None)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Advances every process to `now` and returns what happened, in time order.
    pub fn advance(&mut self, now: SimTime) -> Vec<RuntimeEvent> {
        for _ in 0..process::MAX_SCHED {
            // Kubelet-side hook results due before the next process timer go first.
            if !self.st.fire_one(now, None) {
                break;
            }
        }
        let mut due: Vec<RuntimeEvent> = Vec::new();
        let mut later = Vec::new();
        for e in self.st.events.drain(..).chain(self.timed.drain(..)) {
            if e.at() <= now {
                due.push(e);
            } else {
                later.push(e);
            }
        }
        // Events carried in `st.events` are never in the future except kubelet-side ones.
        self.timed = later;
        podlife_spec::sort::sort_by_key(&mut due, RuntimeEvent::at);
        self.fix_log_order();
        due
    }

    /// Runs one probe attempt at `now`, bounded by `timeout`.
    pub fn probe(
        &mut self,
        now: SimTime,
        container: &str,
        handler: &ProbeHandler,
        timeout: SimTime,
    ) -> ProbeOutcome {
        let Some(ci) = self.cidx(container) else {
            return ProbeOutcome {
                result: ProbeResult::Error,
                output: format!("container {container:?} not found"),
                took: SimTime::ZERO,
            };
        };
        let out = match handler {
            ProbeHandler::Exec { command } => self.exec_probe(now, ci, command, timeout),
            ProbeHandler::HttpGet(h) => {
                let host = h.host.clone().unwrap_or_else(|| self.st.pod_ip.clone());
                match h.port.number {
                    None => ProbeOutcome {
                        result: ProbeResult::Error,
                        output: format!("unable to find port {:?}", h.port.written),
                        took: SimTime::ZERO,
                    },
                    Some(port) => self.http_probe(now, &h.scheme, &host, port, &h.path, timeout),
                }
            }
            ProbeHandler::TcpSocket { port, host } => {
                let host = host.clone().unwrap_or_else(|| self.st.pod_ip.clone());
                match port.number {
                    None => ProbeOutcome {
                        result: ProbeResult::Error,
                        output: format!("unable to find port {:?}", port.written),
                        took: SimTime::ZERO,
                    },
                    Some(p) => {
                        // The kubelet dials from the node: only the pod IP reaches the pod.
                        let local = host == self.st.pod_ip;
                        if local && self.st.listener(p, now).is_some() {
                            ProbeOutcome {
                                result: ProbeResult::Success,
                                output: String::new(),
                                took: SimTime::ZERO,
                            }
                        } else {
                            ProbeOutcome {
                                result: ProbeResult::Failure,
                                output: format!(
                                    "dial tcp {}:{p}: connect: connection refused",
                                    dial_addr(&host)
                                ),
                                took: SimTime::ZERO,
                            }
                        }
                    }
                }
            }
            ProbeHandler::Grpc { port, service: _ } => {
                let addr = format!("{}:{port}", self.st.pod_ip);
                // A server "declares" gRPC health when it is the fallback server or its
                // containerPort is named like `grpc`.
                let declared = |ci: usize| {
                    self.st.ctrs[ci].spec.ports.iter().any(|p| {
                        p.container_port == *port
                            && p.name.as_deref().is_some_and(|n| n.contains("grpc"))
                    })
                };
                match self.st.listener(*port, now) {
                    Some((ci, _, d)) if d == images::Daemon::Generic || declared(ci) => {
                        ProbeOutcome { result: ProbeResult::Success, output: "service healthy".into(), took: SimTime::ZERO }
                    }
                    Some(_) => ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: "error: health rpc probe failed: rpc error: code = Unavailable desc = connection error: desc = \"error reading server preface: http2: frame too large\"".into(),
                        took: SimTime::ZERO,
                    },
                    None => ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: format!("timeout: failed to connect service {addr:?} within {}: context deadline exceeded", podlife_spec::format_go_duration(timeout.as_millis())),
                        took: timeout,
                    },
                }
            }
        };
        self.fix_log_order();
        out
    }

    /// Whether a probe with `handler` would give the same outcome, with no side effect, at
    /// every later instant until this runtime's state next changes (a call that mutates it or
    /// its next wakeup). True only for read-only exec probes whose cached result is current;
    /// HTTP and TCP answers can depend on time alone (e.g. a server that fails after 10 s).
    /// Changes whenever anything in `container` (files, processes, mounted volumes) may have.
    pub fn probe_token(&self, container: &str) -> u128 {
        self.cidx(container).map_or(u128::MAX, |ci| {
            let (g, v) = self.st.probe_gen(ci);
            u128::from(g) << 64 | u128::from(v)
        })
    }

    /// Changes whenever [`PodRuntime::probe_token`] of any container may have: while it stays
    /// the same, every token is the same (the engine then skips asking container by container).
    pub fn probe_epoch(&self) -> u64 {
        self.st.epoch
    }

    pub fn probe_settled(&self, container: &str, handler: &ProbeHandler) -> bool {
        let (Some(ci), ProbeHandler::Exec { command }) = (self.cidx(container), handler) else {
            return false;
        };
        let gen = self.st.probe_gen(ci);
        self.probe_cache
            .iter()
            .any(|e| e.0 == ci && e.1.as_slice() == command && e.2 == gen)
    }

    fn http_probe(
        &mut self,
        now: SimTime,
        scheme: &str,
        host: &str,
        port: u16,
        path: &str,
        timeout: SimTime,
    ) -> ProbeOutcome {
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        let scheme_l = scheme.to_ascii_lowercase();
        let url = format!("{scheme_l}://{host}:{port}{path}");
        // The kubelet connects from the node: `localhost` there is the node, not the pod.
        if host != self.st.pod_ip {
            return ProbeOutcome {
                result: ProbeResult::Failure,
                output: format!(
                    "Get \"{url}\": dial tcp {}:{port}: connect: connection refused",
                    dial_addr(host)
                ),
                took: SimTime::ZERO,
            };
        }
        let ua = format!("kube-probe/1.{}", self.st.kube_minor);
        let mut p = path.clone();
        for _ in 0..10 {
            let hh = format!("{host}:{port}");
            match self.st.http_get(port, &p, &hh, now, &ua) {
                net::Http::Refused => {
                    return ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: format!(
                            "Get \"{url}\": dial tcp {}:{port}: connect: connection refused",
                            dial_addr(host)
                        ),
                        took: SimTime::ZERO,
                    }
                }
                net::Http::Eof => {
                    return ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: format!("Get \"{url}\": EOF"),
                        took: SimTime::ZERO,
                    }
                }
                net::Http::Response {
                    status,
                    body,
                    location,
                } => {
                    if scheme_l == "https" {
                        return ProbeOutcome {
                            result: ProbeResult::Failure,
                            output: format!(
                                "Get \"{url}\": http: server gave HTTP response to HTTPS client"
                            ),
                            took: SimTime::ZERO,
                        };
                    }
                    if (300..400).contains(&status) {
                        if let Some(loc) = location {
                            // Redirects to the same host are followed.
                            let rest = loc.split("://").nth(1).unwrap_or(&loc);
                            let lhost = rest.split(['/', ':']).next().unwrap_or("");
                            if lhost == host {
                                p = rest
                                    .find('/')
                                    .map(|i| rest[i..].to_string())
                                    .unwrap_or_else(|| "/".into());
                                continue;
                            }
                        }
                        return ProbeOutcome {
                            result: ProbeResult::Warning,
                            output: format!("Probe terminated redirects, Response body: {body}"),
                            took: SimTime::ZERO,
                        };
                    }
                    if (200..400).contains(&status) {
                        let b: String = body.chars().take(10 * 1024).collect();
                        return ProbeOutcome {
                            result: ProbeResult::Success,
                            output: b,
                            took: SimTime::ZERO,
                        };
                    }
                    return ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: format!("HTTP probe failed with statuscode: {status}"),
                        took: SimTime::ZERO,
                    };
                }
            }
        }
        let _ = timeout;
        ProbeOutcome {
            result: ProbeResult::Failure,
            output: format!("Get \"{url}\": stopped after 10 redirects"),
            took: SimTime::ZERO,
        }
    }

    /// Runs an exec probe to completion (or timeout) on its own local clock.
    fn exec_probe(
        &mut self,
        now: SimTime,
        ci: usize,
        command: &[String],
        timeout: SimTime,
    ) -> ProbeOutcome {
        // Read-only commands give the same answer until something in the pod runs again.
        // Only such commands are ever cached, so a hit needs no purity check.
        let hit = self
            .probe_cache
            .iter()
            .position(|e| e.0 == ci && e.1.as_slice() == command);
        if let Some(i) = hit {
            let e = &self.probe_cache[i];
            if e.2 == self.st.probe_gen(ci) {
                return e.3.clone();
            }
        }
        const PURE: [&str; 8] = ["cat", "test", "[", "ls", "true", "false", "head", "stat"];
        let pure = command
            .first()
            .is_some_and(|c| PURE.contains(&fs::basename(c)));
        let out = self.exec_probe_run(now, ci, command, timeout);
        if pure && out.took == SimTime::ZERO {
            let entry = (ci, command.to_vec(), self.st.probe_gen(ci), out.clone());
            match hit {
                Some(i) => self.probe_cache[i] = entry,
                None => {
                    if self.probe_cache.len() > 256 {
                        self.probe_cache.clear();
                    }
                    self.probe_cache.push(entry);
                }
            }
        }
        out
    }

    fn exec_probe_run(
        &mut self,
        now: SimTime,
        ci: usize,
        command: &[String],
        timeout: SimTime,
    ) -> ProbeOutcome {
        if !self.st.inst(ci).is_some_and(|i| i.alive) {
            return ProbeOutcome {
                result: ProbeResult::Error,
                output: "rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state".into(),
                took: SimTime::ZERO,
            };
        }
        let sid = PROBE_SESSION_BASE + self.st.next_exec % 0x0FFF_FFFF;
        self.st.next_exec = self.st.next_exec.wrapping_add(1);
        if let Err(msg) = self.spawn_session(now, ci, sid, command) {
            return ProbeOutcome {
                result: ProbeResult::Error,
                output: msg,
                took: SimTime::ZERO,
            };
        }
        let deadline = now + timeout;
        let scope = Some(Some(sid));
        let mut t = now;
        for _ in 0..process::MAX_SCHED {
            if let Some(pos) = self
                .st
                .events
                .iter()
                .position(|e| matches!(e, RuntimeEvent::ExecFinished { id, .. } if id.0 == sid))
            {
                if let RuntimeEvent::ExecFinished {
                    at,
                    exit_code,
                    output,
                    ..
                } = self.st.events.remove(pos)
                {
                    let result = if exit_code == 0 {
                        ProbeResult::Success
                    } else {
                        ProbeResult::Failure
                    };
                    // The kubelet keeps at most 10 KiB of an exec probe's output.
                    let mut output = output;
                    if output.len() > 10 * 1024 {
                        let mut n = 10 * 1024;
                        while !output.is_char_boundary(n) {
                            n -= 1;
                        }
                        output.truncate(n);
                    }
                    return ProbeOutcome {
                        result,
                        output,
                        took: at.saturating_sub(now),
                    };
                }
            }
            match self.st.next_timer(scope) {
                Some(nt) if nt <= deadline => {
                    t = nt;
                    self.st.fire_one(nt, scope);
                }
                _ => break,
            }
        }
        let _ = t;
        // Timed out: the session's processes are killed.
        self.end_session(ci, sid);
        ProbeOutcome {
            result: ProbeResult::Failure,
            output: format!("command {:?} timed out", command.join(" ")),
            took: timeout,
        }
    }

    fn spawn_session(
        &mut self,
        now: SimTime,
        ci: usize,
        sid: u32,
        command: &[String],
    ) -> Result<(), String> {
        if command.is_empty() {
            return Err("rpc error: code = Unknown desc = failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: no command specified: unknown".into());
        }
        let vm = self.argv_vm(now, ci, command).map_err(|e| {
            format!(
                "OCI runtime exec failed: exec failed: unable to start container process: {e}: unknown"
            )
        })?;
        let pid = self.st.alloc_pid(ci);
        let p = Proc::top_shell(pid, Some(sid), command, vm, now);
        self.st.sessions.insert(
            sid,
            process::Session {
                cidx: ci,
                output: String::new(),
            },
        );
        if let Some(i) = self.st.inst_mut(ci) {
            i.procs.insert(pid, p);
        }
        self.st.run_ready(now, Some(Some(sid)));
        Ok(())
    }

    fn end_session(&mut self, ci: usize, sid: u32) {
        self.st.sessions.remove(&sid);
        if let Some(i) = self.st.inst_mut(ci) {
            i.procs.retain(|_, p| p.session != Some(sid));
        }
        self.st
            .events
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id, .. } if id.0 == sid));
    }

    fn kill_sessions(&mut self, ci: usize) {
        let ids: Vec<u32> = self
            .st
            .sessions
            .iter()
            .filter(|(_, s)| s.cidx == ci)
            .map(|(k, _)| *k)
            .collect();
        for id in ids {
            self.end_session(ci, id);
        }
    }

    /// Starts a lifecycle hook in the container. Completion arrives as
    /// [`RuntimeEvent::ExecFinished`] from [`PodRuntime::advance`].
    pub fn start_hook(
        &mut self,
        now: SimTime,
        container: &str,
        handler: &LifecycleHandler,
    ) -> ExecId {
        let id = self.new_exec_id();
        let ci = self.cidx(container);
        let finish = |at: SimTime, exit_code: i32, output: String| RuntimeEvent::ExecFinished {
            at,
            id,
            exit_code,
            output,
        };
        match (handler, ci) {
            (_, None) => {
                self.timed
                    .push(finish(now, 1, format!("container {container:?} not found")))
            }
            (LifecycleHandler::Exec { command }, Some(ci)) => {
                if !self.st.inst(ci).is_some_and(|i| i.alive) {
                    self.timed.push(finish(
                        now,
                        126,
                        "rpc error: code = Unknown desc = failed to exec in container: container is in CONTAINER_EXITED state".into(),
                    ));
                } else if let Err(msg) = self.spawn_session(now, ci, id.0, command) {
                    self.timed.push(finish(now, 126, msg));
                }
            }
            (LifecycleHandler::HttpGet(h), Some(_)) => {
                let host = h.host.clone().unwrap_or_else(|| self.st.pod_ip.clone());
                let port = h.port.number.unwrap_or(0);
                let path = if h.path.starts_with('/') {
                    h.path.clone()
                } else {
                    format!("/{}", h.path)
                };
                let url = format!("{}://{host}:{port}{path}", h.scheme.to_ascii_lowercase());
                let ua = format!("kube-lifecycle/1.{}", self.st.kube_minor);
                let r = if host == self.st.pod_ip {
                    self.st
                        .http_get(port, &path, &format!("{host}:{port}"), now, &ua)
                } else {
                    net::Http::Refused
                };
                match r {
                    // Any HTTP answer counts as success for hooks.
                    net::Http::Response { body, .. } => self.timed.push(finish(now, 0, body)),
                    net::Http::Refused => self.timed.push(finish(
                        now,
                        1,
                        format!(
                            "Get \"{url}\": dial tcp {}:{port}: connect: connection refused",
                            dial_addr(&host)
                        ),
                    )),
                    net::Http::Eof => {
                        self.timed
                            .push(finish(now, 1, format!("Get \"{url}\": EOF")))
                    }
                }
            }
            (LifecycleHandler::TcpSocket { .. }, Some(_)) => {
                self.timed.push(finish(
                    now,
                    1,
                    "Cannot run handler: invalid handler: tcpSocket is not supported as a lifecycle handler".into(),
                ));
            }
            (LifecycleHandler::Sleep { seconds }, Some(_)) => {
                let s = (*seconds).max(0) as u64;
                self.timed
                    .push(finish(now + SimTime::from_secs(s), 0, String::new()));
            }
        }
        self.fix_log_order();
        id
    }

    /// Starts `kubectl exec` of `command` in the container.
    pub fn start_exec(&mut self, now: SimTime, container: &str, command: &[String]) -> ExecId {
        let id = self.new_exec_id();
        match self.cidx(container) {
            None => self.timed.push(RuntimeEvent::ExecFinished {
                at: now,
                id,
                exit_code: 1,
                output: format!("Error from server (BadRequest): container {container} is not valid for pod"),
            }),
            Some(ci) if !self.st.inst(ci).is_some_and(|i| i.alive) => self.timed.push(RuntimeEvent::ExecFinished {
                at: now,
                id,
                exit_code: 1,
                output: format!("error: unable to upgrade connection: container not found (\"{container}\")"),
            }),
            Some(ci) => {
                if let Err(msg) = self.spawn_session(now, ci, id.0, command) {
                    // containerd reports a missing executable as exit code 126.
                    self.timed.push(RuntimeEvent::ExecFinished { at: now, id, exit_code: 126, output: msg });
                }
            }
        }
        self.fix_log_order();
        id
    }

    fn new_exec_id(&mut self) -> ExecId {
        let id = ExecId(self.st.next_exec % PROBE_SESSION_BASE);
        self.st.next_exec = self.st.next_exec.wrapping_add(1);
        id
    }

    /// Stops an unfinished exec session (e.g. a preStop hook that outlived the grace period).
    pub fn abort_exec(&mut self, now: SimTime, id: ExecId) {
        let _ = now;
        if let Some(s) = self.st.sessions.get(&id.0) {
            let ci = s.cidx;
            self.end_session(ci, id.0);
        }
        self.timed
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id: i, .. } if *i == id));
        self.st
            .events
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id: i, .. } if *i == id));
    }

    /// A Service appears or disappears (affects `nslookup`).
    pub fn set_service(&mut self, now: SimTime, service: &ServiceRef, exists: bool) {
        let _ = now;
        let key = (service.namespace.clone(), service.name.clone());
        if exists {
            self.st.services.insert(key);
        } else {
            self.st.services.remove(&key);
        }
    }

    /// Every log line printed so far, in time order.
    pub fn logs(&self) -> &[LogLine] {
        &self.st.logs
    }

    /// Log lines of one container instance (`kubectl logs [-p]`).
    pub fn logs_of(&self, container: &str, restart_count: u32) -> Vec<&LogLine> {
        self.st
            .logs
            .iter()
            .filter(|l| l.container == container && l.restart_count == restart_count)
            .collect()
    }

    /// The terminated state's `message` for the container's latest instance: the contents of its
    /// `terminationMessagePath` (at most 4096 bytes), or with `FallbackToLogsOnError` and a
    /// non-zero exit, the last 80 lines / 2048 bytes of its log. `None` when empty.
    pub fn termination_message(&self, container: &str, exit_code: i32) -> Option<String> {
        let ci = self.cidx(container)?;
        let c = &self.st.ctrs[ci];
        let inst = c.inst.as_ref()?;
        let from_file = self
            .read_file(container, &c.spec.termination_message_path)
            .unwrap_or_default();
        let mut msg: String = from_file.chars().take(4096).collect();
        if msg.is_empty()
            && exit_code != 0
            && c.spec.termination_message_policy == "FallbackToLogsOnError"
        {
            let lines: Vec<&LogLine> = self
                .st
                .logs
                .iter()
                .filter(|l| l.container == container && l.restart_count == inst.restart_count)
                .collect();
            let start = lines.len().saturating_sub(80);
            let mut text: String = lines[start..]
                .iter()
                .map(|l| format!("{}\n", l.line))
                .collect();
            if text.len() > 2048 {
                let mut cut = text.len() - 2048;
                while !text.is_char_boundary(cut) {
                    cut += 1;
                }
                text = text[cut..].to_string();
            }
            msg = text;
        }
        (!msg.is_empty()).then_some(msg)
    }

    /// Reads a file as the container currently sees it (tests and UI inspection).
    pub fn read_file(&self, container: &str, path: &str) -> Option<String> {
        let ci = self.cidx(container)?;
        let c = &self.st.ctrs[ci];
        let inst = c.inst.as_ref()?;
        let path = fs::normalize("/", path);
        let e = match fs::mount_of(&c.mounts, &self.st.volumes, &path) {
            Some((m, inner)) => self.st.volumes.get(&m.volume)?.get(&inner),
            None => inst.root.get(&path),
        };
        match e {
            Some(Entry::File(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// Exec probes run ahead on their own clock, so a line can be stamped later than the next
    /// one; only the lines added since the last check are examined.
    fn fix_log_order(&mut self) {
        let from = self.log_checked.saturating_sub(1).min(self.st.logs.len());
        if self.st.logs[from..]
            .windows(2)
            .any(|w| w[0].time > w[1].time)
        {
            podlife_spec::sort::sort_by_key(&mut self.st.logs, |l| l.time);
        }
        self.log_checked = self.st.logs.len();
    }

    /// The container's argv never changes: computed once per container.
    fn argv(&mut self, ci: usize) -> Vec<String> {
        if self.argv_cache.len() <= ci {
            self.argv_cache.resize(ci + 1, None);
        }
        if self.argv_cache[ci].is_none() {
            self.argv_cache[ci] = Some(explain::container_argv(&self.st.ctrs[ci]));
        }
        self.argv_cache[ci].clone().unwrap_or_default()
    }

    /// A process running `argv` (non-empty) directly in container `ci`, with the container's
    /// environment and working directory; the error is the runtime's reason it cannot start.
    fn argv_vm(&mut self, now: SimTime, ci: usize, argv: &[String]) -> Result<Vm, String> {
        let cwd = self.workdir(ci);
        let vm = Vm::for_argv(argv, self.st.ctrs[ci].env.clone(), &cwd);
        let mut sys = process::Sys {
            st: &mut self.st,
            cidx: ci,
            pid: 1,
            now,
            argv: String::new(),
        };
        applets::start_check(&vm, &mut sys, &argv[0])?;
        Ok(vm)
    }

    fn workdir(&self, ci: usize) -> String {
        let c = &self.st.ctrs[ci];
        c.spec
            .working_dir
            .clone()
            .unwrap_or_else(|| c.image.workdir.to_string())
    }

    /// The image's files, kubelet-managed files and mount points of a fresh instance.
    fn populate(&self, ci: usize, root: &mut fs::Tree) {
        let c = &self.st.ctrs[ci];
        for d in [
            "/bin",
            "/dev",
            "/etc",
            "/home",
            "/lib",
            "/media",
            "/mnt",
            "/opt",
            "/proc",
            "/root",
            "/run",
            "/sbin",
            "/srv",
            "/sys",
            "/tmp",
            "/usr",
            "/usr/bin",
            "/usr/sbin",
            "/usr/local",
            "/usr/local/bin",
            "/usr/share",
            "/var",
            "/var/run",
            "/var/log",
            "/var/tmp",
        ] {
            root.insert(d.to_string(), Entry::Dir);
        }
        // Every path in the tree has all its ancestors, so the climb stops at the first one
        // that exists.
        let add = |root: &mut fs::Tree, path: &str, content: String| {
            let mut p = fs::parent(path);
            while p != "/" && !root.contains_key(&p) {
                let up = fs::parent(&p);
                root.insert(p, Entry::Dir);
                p = up;
            }
            root.insert(path.to_string(), Entry::File(content));
        };
        if c.image.has_shell {
            for (p, content) in applets::userland(c.image.flavor) {
                add(root, &p, content);
            }
        }
        for (p, prog) in c.image.programs {
            add(root, p, format!("{}{prog}\n", applets::MARKER));
        }
        for (p, content) in c.image.files {
            add(root, p, content.to_string());
        }
        if c.image.name == "ikubernetes/myapp" {
            add(
                root,
                "/usr/share/nginx/html/hostname.html",
                format!("{}\n", self.st.hostname),
            );
        }
        add(root, "/etc/hostname", format!("{}\n", self.st.hostname));
        // With a subdomain the pod's FQDN comes first (kubelet's managed hosts file).
        let names = match &self.subdomain {
            Some(sd) => format!(
                "{h}.{sd}.{ns}.svc.cluster.local\t{h}",
                h = self.st.hostname,
                ns = self.st.namespace
            ),
            None => self.st.hostname.clone(),
        };
        add(root, "/etc/hosts", format!("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{}\t{names}\n", self.st.pod_ip));
        add(root, "/etc/resolv.conf", format!("search {}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n", self.st.namespace));
        add(root, "/dev/termination-log", String::new());
        if self.automount {
            add(
                root,
                &format!("{SA_DIR}/namespace"),
                self.st.namespace.clone(),
            );
            add(
                root,
                &format!("{SA_DIR}/token"),
                "eyJhbGciOiJSUzI1NiJ9.podlife.simulated\n".into(),
            );
            add(
                root,
                &format!("{SA_DIR}/ca.crt"),
                "-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n".into(),
            );
        }
        // The runtime creates a missing workingDir.
        if let Some(wd) = c.spec.working_dir.as_deref().filter(|w| w.starts_with('/')) {
            let mut p = fs::normalize("/", wd);
            while p != "/" {
                if !matches!(root.get(&p), Some(Entry::Dir)) {
                    root.insert(p.clone(), Entry::Dir);
                }
                p = fs::parent(&p);
            }
        }
        for m in &c.mounts {
            let mut p = m.path.clone();
            let mut dirs = vec![p.clone()];
            while p != "/" {
                p = fs::parent(&p);
                dirs.push(p.clone());
            }
            for d in dirs {
                if !matches!(root.get(&d), Some(Entry::Dir)) {
                    root.insert(d, Entry::Dir);
                }
            }
        }
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
                let _ = rt.probe(
                    t,
                    "sh",
                    &ProbeHandler::Exec {
                        command: script_cmd.clone(),
                    },
                    SimTime::from_secs(1),
                );
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

/// How Go's dialer names the address it failed to reach (`localhost` resolves first).
fn dial_addr(host: &str) -> &str {
    if host == "localhost" {
        "127.0.0.1"
    } else {
        host
    }
}

fn base_env(st: &PodState, ci: usize) -> BTreeMap<String, String> {
    let c = &st.ctrs[ci];
    let mut env = BTreeMap::new();
    env.insert(
        "PATH".to_string(),
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
    );
    for (k, v) in c.image.env {
        env.insert(k.to_string(), v.to_string());
    }
    // nginx:1.9.0 says `nginx/1.9.0` in its pages and logs.
    if c.image.name == "nginx" {
        if let Some(v) = images::tag_version(&c.spec.image).filter(|v| v.len() == 3) {
            env.insert(
                "NGINX_VERSION".into(),
                format!("{}.{}.{}", v[0], v[1], v[2]),
            );
        }
    }
    env.insert("HOSTNAME".to_string(), st.hostname.clone());
    env.insert("HOME".to_string(), "/root".to_string());
    env.insert(
        "KUBERNETES_SERVICE_HOST".to_string(),
        "10.96.0.1".to_string(),
    );
    env.insert("KUBERNETES_SERVICE_PORT".to_string(), "443".to_string());
    env.insert(
        "KUBERNETES_SERVICE_PORT_HTTPS".to_string(),
        "443".to_string(),
    );
    env.insert(
        "KUBERNETES_PORT".to_string(),
        "tcp://10.96.0.1:443".to_string(),
    );
    env.insert(
        "KUBERNETES_PORT_443_TCP".to_string(),
        "tcp://10.96.0.1:443".to_string(),
    );
    env.insert(
        "KUBERNETES_PORT_443_TCP_ADDR".to_string(),
        "10.96.0.1".to_string(),
    );
    env.insert(
        "KUBERNETES_PORT_443_TCP_PORT".to_string(),
        "443".to_string(),
    );
    env.insert(
        "KUBERNETES_PORT_443_TCP_PROTO".to_string(),
        "tcp".to_string(),
    );
    for (k, v) in explain::expansion_env(c).into_iter().skip(8) {
        env.insert(k, v);
    }
    let _ = VolumeSource::EmptyDir;
    env
}

#[cfg(test)]
mod tests;
