//! getPhase table (rules §1.4).

use podlife_spec::RestartPolicy;
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::testkit::statuses::{last, st, term};
use crate::testkit::{container, scenario};

/// getPhase under the default profile.
fn get_phase(pod: &Pod, statuses: &[ContainerStatus], pod_is_terminal: bool) -> PodPhase {
    super::get_phase(
        pod,
        statuses,
        pod_is_terminal,
        Profile::for_minor(podlife_spec::DEFAULT_KUBE_MINOR).unwrap(),
    )
}

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

#[wasm_bindgen_test(unsupported = test)]
fn container_restart_rules_decide_the_phase_14_7() {
    use podlife_spec::{ContainerRestartRule, RestartRuleAction};
    // restartPolicy Never, but the container restarts on exit code 42 (its own policy Never).
    let mut c = container("a", "x:1");
    c.restart_policy = Some(RestartPolicy::Never);
    c.restart_rules = vec![ContainerRestartRule {
        action: RestartRuleAction::Restart,
        exit_codes_in: true,
        exit_codes: vec![42],
    }];
    let mut sc = scenario("p", vec![c]);
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let pod = &sc.pod;
    let p = |m| Profile::for_minor(m).unwrap();
    let exited = |code| [term(st("a", "regular", "x"), code, "Error")];
    // 1.35+: exit 42 will be restarted, so the pod stays Running; exit 1 fails it.
    assert_eq!(super::get_phase(pod, &exited(42), false, p(35)), "Running");
    assert_eq!(super::get_phase(pod, &exited(1), false, p(35)), "Failed");
    // 1.34 (gate off) and rules v1: the pod's Never decides.
    assert_eq!(super::get_phase(pod, &exited(42), false, p(34)), "Failed");
    assert_eq!(
        super::get_phase(pod, &exited(42), false, Profile::new(37, 1)),
        "Failed"
    );
    // An init container with its own Always... is a sidecar; with OnFailure under a Never pod
    // its failure does not fail the pod (it is retried).
    let mut init = container("i", "x:1");
    init.restart_policy = Some(RestartPolicy::OnFailure);
    let mut sc = scenario("p", vec![container("a", "x:1")]);
    sc.pod.spec.init_containers = vec![init];
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let failed_init = [
        term(st("i", "init", "x"), 1, "Error"),
        st("a", "regular", "waiting"),
    ];
    assert_eq!(
        super::get_phase(&sc.pod, &failed_init, false, p(35)),
        "Pending"
    );
    assert_eq!(
        super::get_phase(&sc.pod, &failed_init, false, p(34)),
        "Failed"
    );
}
