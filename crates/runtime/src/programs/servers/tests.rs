//! Servers: nginx, the Go servers, the fallback server.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

#[wasm_bindgen_test(unsupported = test)]
fn nginx_stop_signal_is_sigquit_with_notices() {
    let (mut rt, c) = one("nginx:1.27", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let before = lines(&rt, &c).len();
    rt.signal(secs(60), &c, Signal::Term);
    let l = lines(&rt, &c)[before..].to_vec();
    assert_eq!(
        l,
        vec![
            "2025/01/01 00:01:00 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
            "2025/01/01 00:01:00 [notice] 29#29: gracefully shutting down",
            "2025/01/01 00:01:00 [notice] 29#29: exiting",
            "2025/01/01 00:01:00 [notice] 29#29: exit",
            "2025/01/01 00:01:00 [notice] 1#1: signal 17 (SIGCHLD) received from 29",
            "2025/01/01 00:01:00 [notice] 1#1: worker process 29 exited with code 0",
            "2025/01/01 00:01:00 [notice] 1#1: exit",
        ]
    );
    assert!(rt.explain()[0]
        .summary
        .to_string()
        .contains("STOPSIGNAL SIGQUIT"));
    // A second SIGTERM during shutdown changes nothing.
    rt.signal(ms(60_050), &c, Signal::Term);
    assert_eq!(
        drive(&mut rt, secs(61)),
        vec![RuntimeEvent::Exited {
            at: ms(60_100),
            container: c,
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn nginx_without_daemon_off_exits_at_once() {
    let (mut rt, c) = one("nginx", &["nginx"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert_eq!(
        rt.advance(SimTime::ZERO),
        vec![RuntimeEvent::Exited {
            at: SimTime::ZERO,
            container: c.clone(),
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
    assert!(rt.explain()[0]
        .summary
        .to_string()
        .contains("forks into the background"));
}
