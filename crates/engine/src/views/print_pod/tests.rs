//! printPod's columns (rules §4.3–4.7).

use podlife_spec::SimTime;
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::testkit::statuses::{last, st, term};

fn row(statuses: &[ContainerStatus], n_init: usize, total: usize) -> (String, String) {
    let r = kubectl_row(
        "Pending",
        None,
        false,
        false,
        false,
        statuses,
        (n_init, total),
    );
    (r.ready, r.status)
}

#[wasm_bindgen_test(unsupported = test)]
fn kubectl_status_column_4_3_4_4() {
    let mut w = st("i", "init", "waiting");
    w.reason = Some("PodInitializing".into());
    assert_eq!(
        row(&[w.clone(), st("a", "regular", "waiting")], 2, 1).1,
        "Init:0/2"
    );
    w.reason = Some("CrashLoopBackOff".into());
    assert_eq!(
        row(&[w.clone(), st("a", "regular", "waiting")], 1, 1).1,
        "Init:CrashLoopBackOff"
    );
    let failed = term(st("i", "init", "x"), 1, "Error");
    assert_eq!(
        row(&[failed, st("a", "regular", "waiting")], 1, 1).1,
        "Init:Error"
    );
    let mut unnamed = term(st("i", "init", "x"), 2, "");
    unnamed.reason = Some("".into());
    assert_eq!(
        row(&[unnamed, st("a", "regular", "waiting")], 1, 1).1,
        "Init:ExitCode:2"
    );
    // A started sidecar is skipped and counts toward READY.
    let side = st("s", "sidecar", "running");
    let mut reg = st("a", "regular", "waiting");
    reg.reason = Some("PodInitializing".into());
    assert_eq!(
        row(
            &[term(st("i", "init", "x"), 0, "Completed"), side, reg],
            2,
            2
        ),
        ("1/2".into(), "PodInitializing".into())
    );
    // The alphabetically first container with a reason wins (walk from last to first).
    let mut b = st("b", "regular", "waiting");
    b.reason = Some("CrashLoopBackOff".into());
    let a = term(st("a", "regular", "x"), 1, "Error");
    assert_eq!(row(&[a, b], 0, 2).1, "Error");
    // Completed with a ready running container → Running if Ready, else NotReady.
    let done = term(st("a", "regular", "x"), 0, "Completed");
    let up = st("b", "regular", "running");
    let r = kubectl_row(
        "Running",
        None,
        false,
        true,
        true,
        &[done.clone(), up.clone()],
        (0, 2),
    );
    assert_eq!(r.status, "Running");
    let r = kubectl_row("Running", None, false, true, false, &[done, up], (0, 2));
    assert_eq!(r.status, "NotReady");
    // Terminating (§4.6) and a pod reason (§4.2).
    let r = kubectl_row(
        "Running",
        None,
        true,
        true,
        true,
        &[st("a", "regular", "running")],
        (0, 1),
    );
    assert_eq!(r.status, "Terminating");
    let r = kubectl_row(
        "Failed",
        Some("DeadlineExceeded"),
        false,
        true,
        false,
        &[st("a", "regular", "running")],
        (0, 1),
    );
    assert_eq!(r.status, "DeadlineExceeded");
}

#[wasm_bindgen_test(unsupported = test)]
fn restarts_column_4_7() {
    let mut a = st("a", "regular", "running");
    a.restart_count = 3;
    a.last_state = last(137, 40);
    let mut b = st("b", "regular", "running");
    b.restart_count = 1;
    b.last_state = last(1, 90);
    let r = kubectl_row("Running", None, false, true, true, &[a, b], (0, 2));
    assert_eq!(r.restarts, 4);
    assert_eq!(r.last_restart_finished_at, Some(SimTime::from_secs(90)));
}
