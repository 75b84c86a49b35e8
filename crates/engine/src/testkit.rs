//! Building blocks for tests (engine unit tests, golden and property tests in `tests/`):
//! scenario builders with API defaults applied, and [`FakeRuntime`], a scripted runtime that
//! does exactly what a test says, independent of the runtime model's inference.

use std::collections::BTreeMap;

use podlife_runtime::{
    ExecId, ExitReason, Explanation, LogLine, RuntimeEvent, Signal, StartFailure,
};
use podlife_spec::{
    Action, ActionKind, Container, LifecycleHandler, Pod, PodSpec, Probe, ProbeHandler, PullPolicy,
    RestartPolicy, Scenario, ServiceRef, Setup, SimTime,
};

use crate::runtime::{ProbeOutcome, ProbeResult, Runtime};

/// A container with API defaults (policy IfNotPresent unless the tag is latest/absent).
pub fn container(name: &str, image: &str) -> Container {
    let latest =
        !image.rsplit('/').next().unwrap_or(image).contains(':') || image.ends_with(":latest");
    Container {
        image_pull_policy: if latest {
            PullPolicy::Always
        } else {
            PullPolicy::IfNotPresent
        },
        ..Container::new(name, image)
    }
}

/// An exec probe with the API defaults (timeout 1, success 1, failure 3).
pub fn exec_probe(cmd: &[&str], initial_delay: i32, period: i32) -> Probe {
    Probe {
        handler: ProbeHandler::Exec {
            command: cmd.iter().map(|s| s.to_string()).collect(),
        },
        initial_delay_seconds: initial_delay,
        timeout_seconds: 1,
        period_seconds: period,
        success_threshold: 1,
        failure_threshold: 3,
        termination_grace_period_seconds: None,
    }
}

/// A one-container pod scenario with defaults (node-1, 10 min horizon).
pub fn scenario(name: &str, containers: Vec<Container>) -> Scenario {
    Scenario {
        pod: Pod {
            namespace: "default".into(),
            name: name.into(),
            uid: format!(
                "00000000-0000-4000-8000-{:012x}",
                crate::ids::fnv64(&[name]) & 0xffff_ffff_ffff
            ),
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            controlled_by: None,
            stored: None,
            spec: PodSpec {
                containers,
                ..PodSpec::default()
            },
        },
        services: vec![],
        setup: Setup::default(),
    }
}

pub fn sidecar(mut c: Container) -> Container {
    c.restart_policy = Some(RestartPolicy::Always);
    c
}

pub fn sleep_hook(seconds: i64) -> LifecycleHandler {
    LifecycleHandler::Sleep { seconds }
}

/// What one container does under [`FakeRuntime`].
#[derive(Clone, Debug, Default)]
pub struct Script {
    /// PID 1 exits this long after start with `exit_code`.
    pub exit_after_ms: Option<u64>,
    pub exit_code: i32,
    /// Killed by the OOM killer this long after start (exit 137, OOMKilled).
    pub oom_after_ms: Option<u64>,
    /// PID 1 ignores SIGTERM (dies only at SIGKILL).
    pub ignore_sigterm: bool,
    /// Probes fail once the instance has run this long (e.g. a file removed at 30 s).
    pub probe_fail_after_ms: Option<u64>,
    /// Probes fail until the instance has run this long (a slow starter).
    pub probe_ok_after_ms: Option<u64>,
    /// Hooks take this long and exit with `hook_exit`.
    pub hook_ms: u64,
    pub hook_exit: i32,
    /// The runtime cannot start the process.
    pub start_error: Option<String>,
}

#[derive(Clone, Debug)]
struct Proc {
    started: SimTime,
    alive: bool,
}

/// A scripted runtime: deterministic, no inference.
#[derive(Clone, Debug, Default)]
pub struct FakeRuntime {
    scripts: Vec<(String, Script)>,
    procs: Vec<(String, Proc)>,
    pending: Vec<RuntimeEvent>,
    next_exec: u32,
}

impl FakeRuntime {
    pub fn new(scripts: &[(&str, Script)]) -> Self {
        FakeRuntime {
            scripts: scripts
                .iter()
                .map(|(n, s)| (n.to_string(), s.clone()))
                .collect(),
            procs: Vec::new(),
            pending: Vec::new(),
            next_exec: 0,
        }
    }

    fn script(&self, c: &str) -> Script {
        self.script_ref(c).cloned().unwrap_or_default()
    }

    fn script_ref(&self, c: &str) -> Option<&Script> {
        self.scripts.iter().find(|(n, _)| n == c).map(|(_, s)| s)
    }

    fn proc(&self, c: &str) -> Option<&Proc> {
        self.procs.iter().find(|(n, _)| n == c).map(|(_, p)| p)
    }

    fn exit(&mut self, at: SimTime, c: &str, code: i32, reason: ExitReason) {
        self.pending
            .retain(|e| !matches!(e, RuntimeEvent::Exited { container, .. } if container == c));
        self.pending.push(RuntimeEvent::Exited {
            at,
            container: c.to_string(),
            exit_code: code,
            reason,
        });
    }

    fn finish(&mut self, at: SimTime, code: i32, output: &str) -> ExecId {
        let id = ExecId(self.next_exec);
        self.next_exec += 1;
        self.pending.push(RuntimeEvent::ExecFinished {
            at,
            id,
            exit_code: code,
            output: output.to_string(),
        });
        id
    }
}

impl Runtime for FakeRuntime {
    fn start(&mut self, now: SimTime, c: &str, _restart: u32) -> Result<(), StartFailure> {
        let s = self.script(c);
        if let Some(m) = s.start_error {
            return Err(StartFailure { message: m });
        }
        let p = Proc {
            started: now,
            alive: true,
        };
        match self.procs.iter_mut().find(|(n, _)| n == c) {
            Some((_, slot)) => *slot = p,
            None => self.procs.push((c.to_string(), p)),
        }
        if let Some(ms) = s.oom_after_ms {
            self.exit(
                now + SimTime::from_millis(ms),
                c,
                137,
                ExitReason::OomKilled,
            );
        } else if let Some(ms) = s.exit_after_ms {
            let reason = if s.exit_code == 0 {
                ExitReason::Completed
            } else {
                ExitReason::Error
            };
            self.exit(now + SimTime::from_millis(ms), c, s.exit_code, reason);
        }
        Ok(())
    }

    fn signal(&mut self, now: SimTime, c: &str, signal: Signal) {
        if !self.is_running(c) {
            return;
        }
        match signal {
            Signal::Term if self.script(c).ignore_sigterm => {}
            Signal::Term => self.exit(now, c, 143, ExitReason::Error),
            Signal::Kill => self.exit(now, c, 137, ExitReason::Error),
        }
    }

    fn is_running(&self, c: &str) -> bool {
        self.proc(c).is_some_and(|p| p.alive)
    }

    fn next_wakeup(&self) -> Option<SimTime> {
        self.pending.iter().map(RuntimeEvent::at).min()
    }

    fn advance(&mut self, now: SimTime) -> Vec<RuntimeEvent> {
        let mut due: Vec<RuntimeEvent> = Vec::new();
        let mut later = Vec::new();
        for e in self.pending.drain(..) {
            if e.at() <= now {
                due.push(e);
            } else {
                later.push(e);
            }
        }
        self.pending = later;
        due.sort_by_key(RuntimeEvent::at);
        for e in &due {
            if let RuntimeEvent::Exited { container, .. } = e {
                if let Some((_, p)) = self.procs.iter_mut().find(|(n, _)| n == container) {
                    p.alive = false;
                }
            }
        }
        due
    }

    fn probe(&mut self, now: SimTime, c: &str, _h: &ProbeHandler, _t: SimTime) -> ProbeOutcome {
        let (fail_after, ok_after) = self
            .script_ref(c)
            .map(|s| (s.probe_fail_after_ms, s.probe_ok_after_ms))
            .unwrap_or((None, None));
        let fail = |out: &str| ProbeOutcome {
            result: ProbeResult::Failure,
            output: out.to_string(),
            took: SimTime::ZERO,
        };
        let Some(p) = self.proc(c).filter(|p| p.alive) else {
            return fail("container not running");
        };
        let ran = now.saturating_sub(p.started).as_millis();
        if fail_after.is_some_and(|f| ran >= f) {
            return fail("cat: can't open '/tmp/healthy': No such file or directory");
        }
        if ok_after.is_some_and(|f| ran < f) {
            return fail("HTTP probe failed with statuscode: 503");
        }
        ProbeOutcome {
            result: ProbeResult::Success,
            output: String::new(),
            took: SimTime::ZERO,
        }
    }

    fn probe_token(&self, c: &str) -> u128 {
        self.proc(c).map_or(0, |p| {
            u128::from(p.started.as_millis()) << 1 | u128::from(p.alive) | 1 << 100
        })
    }

    fn probe_stable_until(
        &self,
        now: SimTime,
        c: &str,
        _h: &ProbeHandler,
    ) -> Option<(SimTime, u128)> {
        let p = self.proc(c).filter(|p| p.alive)?;
        let s = self.script_ref(c);
        // The answer changes only when the instance's age crosses a scripted threshold.
        let ran = now.saturating_sub(p.started).as_millis();
        let next = [
            s.and_then(|s| s.probe_fail_after_ms),
            s.and_then(|s| s.probe_ok_after_ms),
        ]
        .into_iter()
        .flatten()
        .filter(|&f| f > ran)
        .min();
        let until = next.map_or(SimTime(u64::MAX), |f| p.started + SimTime::from_millis(f));
        Some((until, self.probe_token(c)))
    }

    fn start_hook(&mut self, now: SimTime, c: &str, h: &LifecycleHandler) -> ExecId {
        let s = self.script(c);
        let ms = match h {
            LifecycleHandler::Sleep { seconds } => (*seconds).max(0) as u64 * 1000,
            _ => s.hook_ms,
        };
        self.finish(now + SimTime::from_millis(ms), s.hook_exit, "")
    }

    fn start_exec(&mut self, now: SimTime, _c: &str, _cmd: &[String]) -> ExecId {
        self.finish(now, 0, "")
    }

    fn abort_exec(&mut self, _now: SimTime, id: ExecId) {
        self.pending
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id: i, .. } if *i == id));
    }

    fn set_service(&mut self, _now: SimTime, _s: &ServiceRef, _exists: bool) {}

    fn logs(&self) -> Vec<LogLine> {
        Vec::new()
    }

    fn explain(&self) -> Vec<Explanation> {
        Vec::new()
    }
}

/// Runs `scenario` over a [`FakeRuntime`] with `scripts`.
pub fn run_fake(scenario: &Scenario, scripts: &[(&str, Script)]) -> crate::Trace {
    crate::drive(crate::Sim::with_runtime(
        scenario,
        FakeRuntime::new(scripts),
    ))
}

/// The liveness-exec seed scenario (issue 4 acceptance example), image already on the node.
pub fn liveness_exec() -> (Scenario, Vec<(&'static str, Script)>) {
    let mut c = container("liveness", "busybox");
    c.image_pull_policy = PullPolicy::IfNotPresent;
    c.args = vec![
        "/bin/sh".into(),
        "-c".into(),
        "touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600".into(),
    ];
    c.liveness_probe = Some(exec_probe(&["cat", "/tmp/healthy"], 5, 5));
    let mut sc = scenario("liveness-exec", vec![c]);
    sc.setup.nodes[0].images.push("busybox".into());
    sc.setup.until = SimTime::from_secs(300);
    let script = Script {
        exit_after_ms: Some(630_000),
        exit_code: 0,
        ignore_sigterm: true,
        probe_fail_after_ms: Some(30_000),
        ..Default::default()
    };
    (sc, vec![("liveness", script)])
}

/// The benchmark pod of issue 8 item 1 (2 init containers, 1 sidecar, 3 regular containers, all
/// three probes at 1 s, a crash loop, a deletion; 1 h), with the same behaviour as scripts for
/// the scripted runtime. Shared by the native bench example and the browser bench.
pub fn kitchen_sink() -> (Scenario, Vec<(&'static str, Script)>) {
    // The same behaviour twice: as shell commands for the runtime model, as scripts for the
    // scripted runtime.
    let mk = |name: &str, script: &str, probes: bool| {
        let mut c = container(name, "busybox:1.36");
        c.image_pull_policy = PullPolicy::IfNotPresent;
        c.command = vec!["sh".into(), "-c".into(), script.into()];
        if probes {
            let check = ["cat", "/tmp/healthy"];
            c.liveness_probe = Some(exec_probe(&check, 0, 1));
            c.readiness_probe = Some(exec_probe(&check, 0, 1));
            c.startup_probe = Some(exec_probe(&check, 0, 1));
        }
        c
    };
    let healthy = "touch /tmp/healthy; sleep 3600";
    let mut sc = scenario(
        "kitchen-sink",
        vec![
            mk("web", healthy, true),
            mk(
                "worker",
                "touch /tmp/healthy; sleep 40; rm -f /tmp/healthy; sleep 3600",
                true,
            ),
            mk("crasher", "touch /tmp/healthy; sleep 5; exit 1", true),
        ],
    );
    sc.pod.spec.init_containers = vec![
        mk("init-a", "sleep 2", false),
        mk("init-b", "sleep 2", false),
        sidecar(mk("proxy", healthy, true)),
    ];
    sc.setup.nodes[0].images.push("busybox:1.36".into());
    sc.setup.until = SimTime::from_secs(3600);
    sc.setup.actions.push(Action {
        at: SimTime::from_secs(3300),
        kind: ActionKind::Delete {
            grace_period_seconds: None,
            force: false,
        },
    });
    let init = Script {
        exit_after_ms: Some(2000),
        ..Default::default()
    };
    let crash = Script {
        exit_after_ms: Some(5000),
        exit_code: 1,
        ..Default::default()
    };
    let flaky = Script {
        probe_fail_after_ms: Some(40_000),
        ..Default::default()
    };
    (
        sc,
        vec![
            ("init-a", init.clone()),
            ("init-b", init),
            ("crasher", crash),
            ("worker", flaky),
            ("proxy", Script::default()),
            ("web", Script::default()),
        ],
    )
}

/// API container statuses for the pure status-rule tests (phase, kubectl row).
#[cfg(test)]
pub(crate) mod statuses {
    use podlife_spec::SimTime;

    use crate::trace::{ContainerStatus, TerminatedState};

    pub(crate) fn st(name: &str, kind: &'static str, state: &'static str) -> ContainerStatus {
        ContainerStatus {
            name: name.into(),
            kind,
            state,
            reason: None,
            message: None,
            exit_code: None,
            started_at: None,
            finished_at: None,
            started: state == "running",
            ready: state == "running",
            restart_count: 0,
            last_state: None,
            image: "".into(),
            image_id: "".into(),
            container_id: "".into(),
        }
    }

    pub(crate) fn term(mut c: ContainerStatus, code: i32, reason: &str) -> ContainerStatus {
        c.state = "terminated";
        c.exit_code = Some(code);
        c.reason = Some(reason.into());
        c.ready = c.kind == "init" && code == 0;
        c.started = false;
        c
    }

    pub(crate) fn last(code: i32, at: u64) -> Option<TerminatedState> {
        Some(TerminatedState {
            state: "terminated",
            reason: Some(if code == 0 { "Completed" } else { "Error" }.into()),
            message: None,
            exit_code: code,
            started_at: None,
            finished_at: SimTime::from_secs(at),
            container_id: "".into(),
        })
    }
}

/// Helpers of the engine's rule tests (over the scripted runtime).
#[cfg(test)]
pub(crate) mod checks {
    use podlife_spec::{PullPolicy, SimTime};

    use super::{container, scenario};
    use crate::trace::Trace;

    pub(crate) fn s(x: u64) -> SimTime {
        SimTime::from_secs(x)
    }

    pub(crate) fn ms(x: u64) -> SimTime {
        SimTime::from_millis(x)
    }

    pub(crate) fn count(tr: &Trace, reason: &str, upto: SimTime) -> usize {
        tr.events
            .iter()
            .filter(|e| e.reason == reason && e.time <= upto)
            .count()
    }

    pub(crate) fn times(tr: &Trace, reason: &str) -> Vec<u64> {
        tr.events
            .iter()
            .filter(|e| e.reason == reason)
            .map(|e| e.time.as_millis())
            .collect()
    }

    pub(crate) fn statuses(tr: &Trace) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for f in &tr.frames {
            if v.last() != Some(&f.kubectl.status) {
                v.push(f.kubectl.status.clone());
            }
        }
        v
    }

    pub(crate) fn one(name: &str) -> podlife_spec::Scenario {
        let mut c = container("app", "busybox:1.36");
        c.image_pull_policy = PullPolicy::IfNotPresent;
        let mut sc = scenario(name, vec![c]);
        sc.setup.nodes[0].images.push("busybox:1.36".into());
        sc
    }
}
