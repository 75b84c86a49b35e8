//! Signal delivery: PID 1, overrides, traps.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

#[wasm_bindgen_test(unsupported = test)]
fn sleep_pid1_signals_and_overrides() {
    let (mut rt, c) = one("busybox", &["sleep", "3600"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    rt.signal(secs(1), &c, Signal::Term);
    assert!(rt.is_running(&c));
    let mut s = scenario(vec![], vec![ctr("c", "busybox", &["sleep", "3600"], &[])]);
    s.setup.behavior.insert(
        "c".into(),
        Behavior {
            ignore_sigterm: Some(false),
            ..Behavior::default()
        },
    );
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    rt.signal(secs(1), "c", Signal::Term);
    assert_eq!(
        rt.advance(secs(1)),
        vec![RuntimeEvent::Exited {
            at: secs(1),
            container: "c".into(),
            exit_code: 143,
            reason: ExitReason::Error
        }]
    );
    // nginx told to ignore SIGTERM keeps running.
    let mut s = scenario(vec![], vec![ctr("c", "nginx", &[], &[])]);
    s.setup.behavior.insert(
        "c".into(),
        Behavior {
            ignore_sigterm: Some(true),
            ..Behavior::default()
        },
    );
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    rt.signal(secs(1), "c", Signal::Term);
    assert!(drive(&mut rt, secs(5)).is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn trap_term_with_background_wait_exits_zero() {
    let (mut rt, c) = one(
        "busybox",
        &[
            "sh",
            "-c",
            "trap 'echo bye; exit 0' TERM; sleep infinity & wait",
        ],
        &[],
    );
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert!(rt.advance(secs(10)).is_empty());
    rt.signal(secs(10), &c, Signal::Term);
    assert_eq!(
        rt.advance(secs(10)),
        vec![RuntimeEvent::Exited {
            at: secs(10),
            container: c.clone(),
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
    assert_eq!(lines(&rt, &c), vec!["bye"]);
}
