//! Syncs one after another: init containers one at a time, end to end.

use podlife_spec::{PullPolicy, RestartPolicy};
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::control_plane::deletion::PodObject;
use crate::control_plane::node_lifecycle::NodeLifecycle;
use crate::control_plane::scheduler::Scheduler;
use crate::kubelet::{Env, Kubelet};
use crate::runtime::Memo;
use crate::sim::recorder::Recorder;
use crate::testkit::checks::{count, one, s, statuses, times};
use crate::testkit::{container, run_fake, FakeRuntime, Script};

#[wasm_bindgen_test(unsupported = test)]
fn init_containers_one_by_one_7_1_4_3() {
    let mut sc = one("init");
    let mut i1 = container("init-a", "busybox:1.36");
    i1.image_pull_policy = PullPolicy::IfNotPresent;
    let mut i2 = i1.clone();
    i2.name = "init-b".into();
    sc.pod.spec.init_containers = vec![i1, i2];
    let done = Script {
        exit_after_ms: Some(3000),
        ..Default::default()
    };
    let tr = run_fake(&sc, &[("init-a", done.clone()), ("init-b", done)]);
    assert_eq!(
        statuses(&tr),
        vec!["Init:0/2", "Init:1/2", "PodInitializing", "Running"]
    );
    let f0 = &tr.frames[0];
    assert_eq!(f0.containers[0].reason.as_deref(), Some("PodInitializing"));
    let init = f0
        .conditions
        .iter()
        .find(|c| c.type_ == "Initialized")
        .unwrap();
    assert_eq!(init.reason.as_deref(), Some("ContainersNotInitialized"));
    assert_eq!(
        init.message.as_deref(),
        Some("containers with incomplete status: [init-a init-b]")
    );
    // init-b starts on the sync after init-a's exit is relisted (§7.1).
    let st = times(&tr, "Started");
    assert_eq!(st[0], 1200);
    assert_eq!(st[1], 5000 + 200);
    assert_eq!(st[2], 9000 + 200);
}

#[wasm_bindgen_test(unsupported = test)]
fn init_failure_with_never_fails_pod_7_2() {
    let mut sc = one("initfail");
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let mut i1 = container("init-a", "busybox:1.36");
    i1.image_pull_policy = PullPolicy::IfNotPresent;
    sc.pod.spec.init_containers = vec![i1];
    let tr = run_fake(
        &sc,
        &[(
            "init-a",
            Script {
                exit_after_ms: Some(1000),
                exit_code: 1,
                ..Default::default()
            },
        )],
    );
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Failed");
    assert_eq!(last.kubectl.status, "Init:Error");
    assert_eq!(count(&tr, "Started", s(600)), 1);
}

/// The pod worker's step bound is reported when reached, not swallowed: a sync of two steps
/// driven with room for one.
#[wasm_bindgen_test(unsupported = test)]
fn sync_step_bound_is_reported() {
    for (max_steps, capped) in [
        (3, None),
        (
            1,
            Some("internal: sync step bound reached (pod worker) at t=1.000s"),
        ),
    ] {
        let sc = one("bound");
        let mut kubelet = Kubelet::new(&sc, "10.244.1.2".into());
        let mut runtime = Memo::new(FakeRuntime::new(&[]));
        let mut recorder = Recorder::new();
        let mut object = PodObject::new(&sc);
        let (scheduler, node) = (Scheduler::new(), NodeLifecycle::new());
        let mut env = Env {
            now: s(1),
            scenario: &sc,
            runtime: &mut runtime,
            recorder: &mut recorder,
            object: &mut object,
            scheduler: &scheduler,
            node: &node,
        };
        let mut job = SyncJob::default();
        job.steps.push_back(Step::StopSandbox);
        job.steps.push_back(Step::StopSandbox);
        kubelet.pod_worker.job = Some(job);
        assert!(kubelet.drive_sync_within(&mut env, max_steps));
        assert_eq!(recorder.capped(), capped);
    }
}
