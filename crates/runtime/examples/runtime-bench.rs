//! Benchmark (not a test): the runtime model alone, driven like the engine for 1 simulated hour:
//! four busybox containers with three `cat` exec probes each every second, one of them
//! crash-looping every 30 s, plus one `sh -c` exec probe per second.
//! `cargo run --profile release-native -p podlife-runtime --example runtime-bench`
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::time::Instant;

use podlife_runtime::{ExecResult, PodRuntime, RuntimeEvent};
use podlife_spec::*;

fn ctr(name: &str, script: &str) -> Container {
    Container {
        command: vec!["sh".into(), "-c".into(), script.into()],
        ..Container::new(name, "busybox:1.36")
    }
}

fn scenario() -> Scenario {
    let healthy = "touch /tmp/healthy; sleep 3600";
    Scenario {
        pod: Pod {
            namespace: "default".into(),
            name: "bench".into(),
            uid: "bench".into(),
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            controlled_by: None,
            stored: None,
            spec: PodSpec {
                containers: vec![
                    ctr("a", healthy),
                    ctr("b", healthy),
                    ctr(
                        "c",
                        "touch /tmp/healthy; sleep 40; rm -f /tmp/healthy; sleep 3600",
                    ),
                    ctr("crasher", "touch /tmp/healthy; sleep 5; exit 1"),
                ],
                ..PodSpec::default()
            },
        },
        services: vec![],
        setup: Setup::default(),
    }
}

fn run() -> usize {
    let sc = scenario();
    let mut rt = PodRuntime::new(&sc, "10.244.0.7");
    let names = ["a", "b", "c", "crasher"];
    let mut restarts = 0;
    for n in names {
        let _ = rt.start(SimTime::ZERO, n, 0);
    }
    let cat: Vec<String> = vec!["cat".into(), "/tmp/healthy".into()];
    let sh: Vec<String> = vec!["sh".into(), "-c".into(), "test -f /tmp/healthy".into()];
    // What an exec probe reads: the output, or the runtime's error (no probe here times out).
    let output_len = |r: ExecResult| match r {
        ExecResult::Exited { output, .. } => output.len(),
        ExecResult::Failed(message) => message.len(),
        ExecResult::TimedOut => 0,
    };
    let mut results = 0;
    for s in 0..3600u64 {
        let now = SimTime::from_secs(s);
        for e in rt.advance(now) {
            if let RuntimeEvent::Exited { container, .. } = e {
                restarts += 1;
                let _ = rt.start(now, &container, restarts);
            }
        }
        if s % 30 == 0 {
            let _ = rt.start(now, "crasher", restarts);
        }
        for n in names {
            for _ in 0..3 {
                results += output_len(rt.exec_sync(now, n, &cat, SimTime::from_secs(1)));
            }
        }
        results += output_len(rt.exec_sync(now, "a", &sh, SimTime::from_secs(1)));
    }
    results + rt.logs().len()
}

fn main() {
    let runs = 11;
    let mut times = Vec::new();
    let mut check = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        check = run();
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "runtime 1h, 4 containers, 46 800 probes: median {:.3} ms over {runs} runs (check {check})",
        times[runs / 2]
    );
}
