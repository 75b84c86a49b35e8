//! Scheduling, end to end.

use podlife_spec::Taint;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::checks::{count, one, s, times};
use crate::testkit::run_fake;

#[wasm_bindgen_test(unsupported = test)]
fn failed_scheduling_message_11_7() {
    let mut sc = one("unsched");
    sc.pod
        .spec
        .node_selector
        .insert("disktype".into(), "ssd".into());
    sc.setup.kube_minor = 33;
    let tr = run_fake(&sc, &[]);
    let e = &tr.events[0];
    assert_eq!(e.reason, "FailedScheduling");
    assert_eq!(e.from, "default-scheduler");
    assert_eq!(e.message, "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    let f = &tr.frames[0];
    assert_eq!(f.phase, "Pending");
    assert_eq!(f.conditions[0].reason.as_deref(), Some("Unschedulable"));
    assert_eq!(times(&tr, "FailedScheduling"), vec![0, 300_000, 600_000]); // retried every 5 min
}

#[wasm_bindgen_test(unsupported = test)]
fn insufficient_and_taints_11_7() {
    let mut sc = one("big");
    sc.pod.spec.containers[0]
        .resources
        .requests
        .insert("cpu".into(), podlife_spec::parse_quantity("8").unwrap());
    let mut n2 = sc.setup.nodes[0].clone();
    n2.name = "node-2".into();
    n2.cpu_milli = 16_000;
    n2.taints.push(Taint {
        key: "dedicated".into(),
        value: Some("gpu".into()),
        effect: "NoSchedule".into(),
    });
    sc.setup.nodes.push(n2);
    let message = |minor, rules| {
        let mut sc = sc.clone();
        sc.setup.kube_minor = minor;
        sc.setup.rules_version = rules;
        run_fake(&sc, &[]).events[0].message.clone()
    };
    // 1.33: the taint is named (§14.5); preemption is counted per node (§11.7).
    assert_eq!(message(33, 2), "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.");
    // 1.34+: no taint key or value, and the DRA post-filter text first (§14.6).
    for minor in [34, 37] {
        assert_eq!(message(minor, 2), "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.");
    }
    // Rules v1 (old links): one preemption verdict for every node, in every minor.
    assert_eq!(message(37, 1), "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
}

#[wasm_bindgen_test(unsupported = test)]
fn scheduling_gates_hold_the_pod_until_removed_11_8() {
    let mut sc = one("gated");
    sc.pod.spec.scheduling_gates = vec!["example.com/a".into(), "b".into()];
    for (at, names) in [(20, vec!["b".to_string()]), (40, vec![])] {
        sc.setup.actions.push(podlife_spec::Action {
            at: s(at),
            kind: podlife_spec::ActionKind::RemoveSchedulingGates { names },
        });
    }
    let tr = run_fake(&sc, &[]);
    let first = &tr.frames[0];
    assert_eq!(first.phase, "Pending");
    assert_eq!(first.kubectl.status, "SchedulingGated");
    assert_eq!(first.conditions.len(), 1);
    let c = &first.conditions[0];
    assert_eq!(
        (c.type_, c.status, c.reason.as_deref(), c.message.as_deref()),
        (
            "PodScheduled",
            "False",
            Some("SchedulingGated"),
            Some("Scheduling is blocked due to non-empty scheduling gates")
        )
    );
    assert_eq!(c.observed_generation, None);
    assert_eq!(first.generation, Some(1));
    // One gate left at 20 s: still gated, a spec change (generation 2).
    let at20 = tr.frame_at(s(25)).unwrap();
    assert_eq!(at20.kubectl.status, "SchedulingGated");
    assert_eq!(at20.generation, Some(2));
    // The last one at 40 s: scheduled then, never before.
    assert_eq!(times(&tr, "Scheduled"), vec![40_000]);
    assert_eq!(count(&tr, "FailedScheduling", s(600)), 0);
    let last = tr.frames.last().unwrap();
    assert_eq!(last.kubectl.status, "Running");
    assert_eq!(last.generation, Some(3));
    assert_eq!(last.observed_generation, Some(3));
    assert!(last
        .conditions
        .iter()
        .all(|c| c.observed_generation == Some(3)));
    // Rules v1 ignored the gates.
    sc.setup.rules_version = 1;
    let old = run_fake(&sc, &[]);
    assert_eq!(times(&old, "Scheduled"), vec![0]);
    assert_eq!(old.frames[0].generation, None);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_gated_pod_that_stays_unschedulable_11_8() {
    let mut sc = one("gated-big");
    sc.pod.spec.scheduling_gates = vec!["g".into()];
    sc.pod
        .spec
        .node_selector
        .insert("disktype".into(), "ssd".into());
    sc.setup.actions.push(podlife_spec::Action {
        at: s(30),
        kind: podlife_spec::ActionKind::RemoveSchedulingGates { names: vec![] },
    });
    let tr = run_fake(&sc, &[]);
    // The scheduler's first attempt is at the removal; retries every 5 minutes from there.
    assert_eq!(times(&tr, "FailedScheduling"), vec![30_000, 330_000]);
    let f = tr.frame_at(s(31)).unwrap();
    assert_eq!(f.kubectl.status, "Pending");
    let c = &f.conditions[0];
    assert_eq!(c.reason.as_deref(), Some("Unschedulable"));
    // The scheduler records the generation it saw (the removal made it 2).
    assert_eq!(c.observed_generation, Some(2));
    assert_eq!(f.observed_generation, None);
}

#[wasm_bindgen_test(unsupported = test)]
fn node_name_bypasses_scheduler_11_6() {
    let mut sc = one("pinned");
    sc.pod.spec.node_name = Some("node-1".into());
    let tr = run_fake(&sc, &[]);
    assert_eq!(count(&tr, "Scheduled", s(600)), 0);
    assert_eq!(tr.frames.last().unwrap().kubectl.status, "Running");
}
