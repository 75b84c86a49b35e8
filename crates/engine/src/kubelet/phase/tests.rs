//! getPhase table (rules §1.4).

use podlife_spec::RestartPolicy;
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::testkit::statuses::{last, st, term};
use crate::testkit::{container, scenario};

#[wasm_bindgen_test(unsupported = test)]
fn phase_table_1_4() {
    let mut sc = scenario("p", vec![container("a", "x:1")]);
    let pod = &mut sc.pod;
    let running = [st("a", "regular", "running")];
    assert_eq!(get_phase(pod, &running, false), "Running");
    // Crash-looping container: waiting with a previous termination counts as stopped.
    let mut w = st("a", "regular", "waiting");
    w.last_state = last(1, 10);
    assert_eq!(get_phase(pod, &[w.clone()], false), "Running"); // Always
    pod.spec.restart_policy = RestartPolicy::Never;
    assert_eq!(
        get_phase(pod, &[term(st("a", "regular", "x"), 1, "Error")], false),
        "Failed"
    );
    assert_eq!(
        get_phase(pod, &[term(st("a", "regular", "x"), 0, "Completed")], false),
        "Succeeded"
    );
    pod.spec.restart_policy = RestartPolicy::OnFailure;
    assert_eq!(
        get_phase(pod, &[term(st("a", "regular", "x"), 1, "Error")], false),
        "Running"
    );
    assert_eq!(
        get_phase(pod, &[term(st("a", "regular", "x"), 0, "Completed")], false),
        "Succeeded"
    );
    // Terminal path: Always + exit 143 → Failed (§1.9, §9.8).
    pod.spec.restart_policy = RestartPolicy::Always;
    assert_eq!(
        get_phase(pod, &[term(st("a", "regular", "x"), 143, "Error")], true),
        "Failed"
    );
    // First-time waiting (ContainerCreating) → Pending (§1.5).
    assert_eq!(
        get_phase(pod, &[st("a", "regular", "waiting")], false),
        "Pending"
    );
    // Init container failed with Never → Failed; pending init → Pending.
    pod.spec.restart_policy = RestartPolicy::Never;
    let init_failed = [
        term(st("i", "init", "x"), 1, "Error"),
        st("a", "regular", "waiting"),
    ];
    assert_eq!(get_phase(pod, &init_failed, false), "Failed");
    let init_running = [st("i", "init", "running"), st("a", "regular", "waiting")];
    assert_eq!(get_phase(pod, &init_running, false), "Pending");
    // Sidecar still running after the main container succeeded: Running (§1.10).
    let job = [
        st("s", "sidecar", "running"),
        term(st("a", "regular", "x"), 0, "Completed"),
    ];
    assert_eq!(get_phase(pod, &job, false), "Running");
}
