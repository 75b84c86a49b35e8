//! The scheduler's bounds and timers: OOM kills, busy loops, fork bombs, growing files.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

#[wasm_bindgen_test(unsupported = test)]
fn stress_over_limit_is_oomkilled() {
    for (bytes, oom) in [("250M", true), ("150M", false)] {
        let mut s = scenario(
            vec![],
            vec![ctr(
                "c1",
                "harbor.wego.red/library/stress:latest",
                &["stress"],
                &["--vm", "1", "--vm-bytes", bytes, "--vm-hang", "1"],
            )],
        );
        s.pod.spec.containers[0]
            .resources
            .limits
            .insert("memory".into(), parse_quantity("200Mi").unwrap());
        let mut rt = PodRuntime::new(&s, IP);
        rt.start(secs(5), "c1", 0).unwrap();
        assert_eq!(
            lines(&rt, "c1"),
            vec!["stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"]
        );
        let ev = drive(&mut rt, secs(60));
        if oom {
            assert_eq!(
                ev,
                vec![RuntimeEvent::Exited {
                    at: secs(5) + OOM_DELAY,
                    container: "c1".into(),
                    exit_code: 137,
                    reason: ExitReason::OomKilled
                }]
            );
            assert!(
                rt.explain()[0].summary.to_string().contains("OOMKilled"),
                "{:?}",
                rt.explain()
            );
        } else {
            assert!(ev.is_empty());
            // stress as PID 1 ignores SIGTERM.
            rt.signal(secs(60), "c1", Signal::Term);
            assert!(rt.is_running("c1"));
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn busy_loop_is_bounded_and_reported() {
    let (exit, _) = run_script("while true; do :; done", secs(5));
    assert_eq!(exit, None);
    let (mut rt, c) = one("busybox", &["sh", "-c", "while true; do :; done"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert!(rt.is_running(&c));
    assert_eq!(rt.next_wakeup(), None);
    assert!(
        rt.explain()[0]
            .warnings
            .iter()
            .any(|w| w.to_string().contains("without sleeping")),
        "{:?}",
        rt.explain()
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn fork_bomb_and_spawn_loops_are_bounded() {
    // The fork bomb hits the function-nesting bound and the process cap, then ends.
    let (mut rt, c) = one("busybox", &["sh", "-c", "f() { f & f; }; f"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let ev = drive(&mut rt, secs(1));
    assert!(
        matches!(ev.as_slice(), [RuntimeEvent::Exited { exit_code: 2, .. }]),
        "{ev:?}"
    );
    assert!(rt.explain()[0].warnings.is_empty(), "{:?}", rt.explain());
    for s in [
        "while true; do sh -c true; done",
        "while :; do sleep 0 & done",
    ] {
        let (mut rt, c) = one("busybox", &["sh", "-c", s], &[]);
        rt.start(SimTime::ZERO, &c, 0).unwrap();
        assert!(rt.is_running(&c), "{s}");
        assert_eq!(rt.next_wakeup(), None, "{s}");
        assert!(!rt.explain()[0].warnings.is_empty(), "{s}");
        rt.signal(secs(1), &c, Signal::Kill);
        assert_eq!(rt.advance(secs(1)).len(), 1);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn doubling_loops_stay_bounded() {
    let script = "x=ab; i=0; while [ $i -lt 40 ]; do x=$x$x; i=$((i+1)); done; echo ${#x}";
    // Rules 1 (links made before issue 15): the value stops at the model's 1 MiB.
    let mut rt = with_rules(
        &scenario(
            vec![],
            vec![ctr("c", "busybox", &["sh", "-c", script], &[])],
        ),
        1,
    );
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    let events = drive(&mut rt, secs(1));
    assert_eq!(exited(&events, "c").map(|e| e.1), Some(0));
    assert_eq!(lines(&rt, "c"), vec!["1048576".to_string()]);
    // Rules 2: 2 TiB is more than the node has: the OOM killer.
    let (exit, l) = run_script(script, secs(1));
    assert_eq!((exit.map(|e| e.1), l), (Some(137), vec![]));
    let (exit, l) = run_script("echo 0123456789abcdef > /tmp/f; while cat /tmp/f /tmp/f > /tmp/g && cat /tmp/g > /tmp/f; do :; done; echo stopped", secs(1));
    assert_eq!(exit.map(|e| e.1), Some(0));
    assert_eq!(l.last().map(String::as_str), Some("stopped"));
    assert!(
        l.iter().any(|x| x.contains("No space left on device")),
        "{l:?}"
    );
    let (_, l) = run_script("printf '%999999999s|%.99999f\\n' a 1", secs(1));
    assert_eq!(l[0].len(), 10_000 + 1 + 102);
}
