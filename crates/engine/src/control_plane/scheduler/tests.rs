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
    let tr = run_fake(&sc, &[]);
    assert_eq!(tr.events[0].message, "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
}

#[wasm_bindgen_test(unsupported = test)]
fn node_name_bypasses_scheduler_11_6() {
    let mut sc = one("pinned");
    sc.pod.spec.node_name = Some("node-1".into());
    let tr = run_fake(&sc, &[]);
    assert_eq!(count(&tr, "Scheduled", s(600)), 0);
    assert_eq!(tr.frames.last().unwrap().kubectl.status, "Running");
}
