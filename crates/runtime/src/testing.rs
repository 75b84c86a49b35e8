//! Helpers shared by the tests: scenarios, driving the runtime like the engine does, probes.

use std::collections::BTreeMap;

use podlife_spec::*;

use crate::*;

pub(crate) const IP: &str = "10.244.0.5";

pub(crate) fn ctr(name: &str, image: &str, command: &[&str], args: &[&str]) -> Container {
    Container {
        command: command.iter().map(|s| s.to_string()).collect(),
        args: args.iter().map(|s| s.to_string()).collect(),
        ..Container::new(name, image)
    }
}

pub(crate) fn scenario(init: Vec<Container>, containers: Vec<Container>) -> Scenario {
    Scenario {
        pod: Pod {
            namespace: "default".into(),
            name: "demo".into(),
            uid: "uid-1".into(),
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            controlled_by: None,
            stored: None,
            spec: PodSpec {
                init_containers: init,
                containers,
                ..PodSpec::default()
            },
        },
        services: vec![],
        setup: Setup::default(),
    }
}

pub(crate) fn one(image: &str, command: &[&str], args: &[&str]) -> (PodRuntime, String) {
    let s = scenario(vec![], vec![ctr("c", image, command, args)]);
    (PodRuntime::new(&s, IP), "c".to_string())
}

pub(crate) fn secs(s: u64) -> SimTime {
    SimTime::from_secs(s)
}

pub(crate) fn ms(m: u64) -> SimTime {
    SimTime::from_millis(m)
}

/// Drives the runtime like the engine: jump from wakeup to wakeup up to `until`.
pub(crate) fn drive(rt: &mut PodRuntime, until: SimTime) -> Vec<RuntimeEvent> {
    let mut out = Vec::new();
    for _ in 0..1_000_000 {
        match rt.next_wakeup() {
            Some(t) if t <= until => out.extend(rt.advance(t)),
            _ => break,
        }
    }
    out.extend(rt.advance(until));
    out
}

pub(crate) fn lines(rt: &PodRuntime, c: &str) -> Vec<String> {
    rt.logs()
        .iter()
        .filter(|l| l.container == c)
        .map(|l| l.line.clone())
        .collect()
}

pub(crate) fn exec_now(rt: &mut PodRuntime, now: SimTime, c: &str, cmd: &[&str]) -> (i32, String) {
    let cmd: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
    let id = rt.start_exec(now, c, &cmd);
    for e in rt.advance(now) {
        if let RuntimeEvent::ExecFinished {
            id: i,
            exit_code,
            output,
            ..
        } = e
        {
            if i == id {
                return (exit_code, output);
            }
        }
    }
    panic!("exec did not finish at once");
}

/// Runs a shell script as PID 1 of a busybox container for `until`; returns (exit, log lines).
pub(crate) fn run_script(script: &str, until: SimTime) -> (Option<(SimTime, i32)>, Vec<String>) {
    let (mut rt, c) = one("busybox", &["sh", "-c", script], &[]);
    rt.start(SimTime::ZERO, &c, 0).expect("starts");
    let ev = drive(&mut rt, until);
    let exit = ev.iter().find_map(|e| match e {
        RuntimeEvent::Exited { at, exit_code, .. } => Some((*at, *exit_code)),
        _ => None,
    });
    (exit, lines(&rt, &c))
}

/// The runtime of `scenario` under behaviour rules `rules` (issue 15).
pub(crate) fn with_rules(scenario: &Scenario, rules: u32) -> PodRuntime {
    let mut scenario = scenario.clone();
    scenario.setup.rules_version = rules;
    PodRuntime::new(&scenario, IP)
}

/// The `Exited` event of `container` among `events`: (at, exit code, reason).
pub(crate) fn exited(
    events: &[RuntimeEvent],
    container: &str,
) -> Option<(SimTime, i32, ExitReason)> {
    events.iter().find_map(|e| match e {
        RuntimeEvent::Exited {
            at,
            container: c,
            exit_code,
            reason,
        } if c == container => Some((*at, *exit_code, *reason)),
        _ => None,
    })
}
