//! Generated statuses: phases, conditions and container states, end to end.

use podlife_spec::RestartPolicy;
use wasm_bindgen_test::wasm_bindgen_test;

use super::{cut_message, pod_message_budget};
use crate::testkit::checks::{count, one, s, statuses};
use crate::testkit::{container, run_fake, scenario, Script};
use crate::trace::Shared;
use crate::views;

#[wasm_bindgen_test(unsupported = test)]
fn never_policy_failed_is_sticky_1_6_2_4() {
    let mut sc = one("never");
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                exit_after_ms: Some(5000),
                exit_code: 3,
                ..Default::default()
            },
        )],
    );
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Failed");
    assert_eq!(last.kubectl.status, "Error");
    let cr = last
        .conditions
        .iter()
        .find(|c| c.type_ == "ContainersReady")
        .unwrap();
    assert_eq!(cr.reason.as_deref(), Some("PodFailed"));
    let p = last
        .conditions
        .iter()
        .find(|c| c.type_ == "PodReadyToStartContainers")
        .unwrap();
    assert_eq!(p.status, "False"); // §2.2 sandbox stopped
    let first_failed = tr.frames.iter().position(|f| f.phase == "Failed").unwrap();
    assert!(tr.frames[first_failed..]
        .iter()
        .all(|f| f.phase == "Failed"));
    assert_eq!(count(&tr, "Started", s(600)), 1);
}

#[wasm_bindgen_test(unsupported = test)]
fn on_failure_success_completes_1_4() {
    let mut sc = one("job");
    sc.pod.spec.restart_policy = RestartPolicy::OnFailure;
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                exit_after_ms: Some(3000),
                ..Default::default()
            },
        )],
    );
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Succeeded");
    assert_eq!(last.kubectl.status, "Completed");
    assert_eq!(last.kubectl.ready, "0/1");
}

#[wasm_bindgen_test(unsupported = test)]
fn readiness_gates_2_5() {
    let mut sc = one("gates");
    sc.pod
        .spec
        .readiness_gates
        .push("www.example.com/feature-1".into());
    let tr = run_fake(&sc, &[]);
    let last = tr.frames.last().unwrap();
    let ready = last.conditions.iter().find(|c| c.type_ == "Ready").unwrap();
    assert_eq!(ready.status, "False");
    assert_eq!(ready.reason.as_deref(), Some("ReadinessGatesNotReady"));
    assert_eq!(ready.message.as_deref(), Some("corresponding condition of pod readiness gate \"www.example.com/feature-1\" does not exist."));
    assert_eq!(last.kubectl.ready, "1/1");
    assert!(views::get_pods_wide(&tr, s(60)).contains("   0/1\n"));
}

#[wasm_bindgen_test(unsupported = test)]
fn oom_killed_11_4() {
    let mut sc = one("oom");
    sc.setup.until = s(30);
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                oom_after_ms: Some(3000),
                ..Default::default()
            },
        )],
    );
    let st = statuses(&tr);
    assert_eq!(&st[..3], &["ContainerCreating", "Running", "OOMKilled"]);
    let f = tr
        .frames
        .iter()
        .find(|f| f.kubectl.status == "OOMKilled")
        .unwrap();
    assert_eq!(f.containers[0].exit_code, Some(137));
}

#[wasm_bindgen_test(unsupported = test)]
fn terminated_messages_are_cut_to_the_pod_budget_3_11() {
    let mut sc = scenario("p", vec![container("a", "x:1"), container("b", "x:1")]);
    assert_eq!(pod_message_budget(&sc.pod), 6144);
    sc.pod.spec.init_containers = vec![container("i", "x:1")];
    assert_eq!(pod_message_budget(&sc.pod), 4096);
    let short: Shared = "bye\n".into();
    assert_eq!(&*cut_message(&short, 4), "bye\n");
    let long: Shared = "x".repeat(5000).into();
    assert_eq!(cut_message(&long, 4096).len(), 4096);
    // A cut inside a character: its leading bytes become one U+FFFD each, as Go's JSON does.
    let wide: Shared = "ab中".into();
    assert_eq!(&*cut_message(&wide, 4), "ab\u{fffd}\u{fffd}");
    assert_eq!(&*cut_message(&wide, 3), "ab\u{fffd}");
}
