use super::*;
use crate::testkit::{self, Script};
use podlife_spec::{parse_quantity, Action, ActionKind};
use wasm_bindgen_test::wasm_bindgen_test;

fn s(n: u64) -> SimTime {
    SimTime::from_secs(n)
}

fn md<'a>(o: &'a Json, key: &str) -> Option<&'a Json> {
    o.get("metadata").and_then(|m| m.get(key))
}

#[wasm_bindgen_test(unsupported = test)]
fn the_object_carries_what_the_cluster_wrote_since_creation() {
    let (sc, scripts) = testkit::liveness_exec();
    let tr = testkit::run_fake(&sc, &scripts);
    let o = pod_object(&tr, s(60)).expect("exists");
    assert_eq!(o.get("apiVersion").and_then(Json::as_str), Some("v1"));
    assert_eq!(o.get("kind").and_then(Json::as_str), Some("Pod"));
    assert_eq!(
        md(&o, "creationTimestamp").and_then(Json::as_str),
        Some("2025-01-01T00:00:00Z")
    );
    assert_eq!(md(&o, "generation"), Some(&Json::Int(1)));
    assert_eq!(
        o.get("spec")
            .and_then(|s| s.get("nodeName"))
            .and_then(Json::as_str),
        Some("node-1")
    );
    let y = pod_yaml(&tr, s(60));
    assert!(y.starts_with("apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2025-01-01T00:00:00Z\"\n  generation: 1\n  name: liveness-exec\n  namespace: default\n  resourceVersion: \""), "{y}");
    assert!(
        y.contains("\nstatus:\n  conditions:\n  - lastProbeTime: null\n"),
        "{y}"
    );
    assert!(
        y.ends_with(
            "  observedGeneration: 1\n  phase: Running\n  podIP: 10.244.1.187\n  podIPs:\n  - ip: 10.244.1.187\n  qosClass: BestEffort\n  resources: {}\n  startTime: \"2025-01-01T00:00:00Z\"\n"
        ),
        "{y}"
    );
    // JSON: the same object, encoding/json's layout.
    let j = pod_json(&tr, s(60));
    assert!(j.starts_with("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"metadata\": {\n        \"creationTimestamp\": \"2025-01-01T00:00:00Z\",\n"), "{j}");
    assert!(j.ends_with("\n    }\n}\n"), "{j}");
}

#[wasm_bindgen_test(unsupported = test)]
fn resource_version_moves_with_every_write_and_only_then() {
    let (sc, scripts) = testkit::liveness_exec();
    let tr = testkit::run_fake(&sc, &scripts);
    let rv = |t| {
        md(&pod_object(&tr, t).expect("exists"), "resourceVersion")
            .and_then(Json::as_str)
            .map(str::to_string)
            .expect("rv")
    };
    let times: Vec<SimTime> = tr.frames.iter().map(|f| f.time).collect();
    assert!(times.len() >= 3);
    let mut last: Option<u64> = None;
    for w in times.windows(2) {
        // Between two writes it stays.
        let a = rv(w[0]);
        if w[1] > w[0] + SimTime::from_millis(1) {
            assert_eq!(a, rv(w[1].saturating_sub(SimTime::from_millis(1))));
        }
        let n: u64 = a.parse().expect("decimal");
        assert!((100_000..10_000_000).contains(&n), "{n}");
        if let Some(l) = last {
            assert!(n > l, "{n} after {l}");
        }
        last = Some(n);
    }
    // Quoted, as go-yaml quotes a string that reads as a number.
    assert!(pod_yaml(&tr, s(60)).contains(&format!("resourceVersion: \"{}\"\n", rv(s(60)))));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_graceful_delete_bumps_the_generation_and_sets_deletion_fields() {
    let mut c = testkit::container("app", "busybox:1.36");
    c.image_pull_policy = podlife_spec::PullPolicy::IfNotPresent;
    let mut sc = testkit::scenario("del", vec![c]);
    sc.setup.nodes[0].images.push("busybox:1.36".into());
    sc.setup.actions.push(Action {
        at: s(20),
        kind: ActionKind::Delete {
            grace_period_seconds: None,
            force: false,
        },
    });
    let tr = testkit::run_fake(
        &sc,
        &[(
            "app",
            Script {
                ignore_sigterm: true,
                ..Default::default()
            },
        )],
    );
    let o = pod_object(&tr, s(25)).expect("terminating");
    assert_eq!(md(&o, "generation"), Some(&Json::Int(2)));
    assert_eq!(
        md(&o, "deletionTimestamp").and_then(Json::as_str),
        Some("2025-01-01T00:00:50Z")
    );
    assert_eq!(md(&o, "deletionGracePeriodSeconds"), Some(&Json::Int(30)));
    let before = pod_object(&tr, s(19)).expect("running");
    assert_eq!(md(&before, "generation"), Some(&Json::Int(1)));
    assert!(md(&before, "deletionTimestamp").is_none());
    // Once the object is gone: kubectl's NotFound.
    assert_eq!(
        pod_yaml(&tr, s(300)),
        "Error from server (NotFound): pods \"del\" not found\n"
    );
    assert_eq!(pod_json(&tr, s(300)), pod_yaml(&tr, s(300)));
}

/// A stored object like the manifest's, for the container `app` of [`resources_scenario`].
fn stored_with(resources: Json) -> Json {
    let mut c = Json::map();
    c.insert("name", "app");
    c.insert("image", "busybox:1.36");
    c.insert("resources", resources);
    let mut vm = Json::map();
    vm.insert("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount");
    vm.insert("name", "kube-api-access-abcde");
    vm.insert("readOnly", true);
    let mut data = Json::map();
    data.insert("mountPath", "/data");
    data.insert("name", "data");
    c.insert("volumeMounts", Json::List(vec![data, vm]));
    let mut spec = Json::map();
    spec.insert("containers", Json::List(vec![c]));
    let mut o = Json::map();
    o.insert("spec", spec);
    o
}

fn resources_scenario(minor: u32, cpu: Option<&str>) -> Trace {
    let mut c = testkit::container("app", "busybox:1.36");
    c.image_pull_policy = podlife_spec::PullPolicy::IfNotPresent;
    let mut res = Json::map();
    if let Some(cpu) = cpu {
        let q = parse_quantity(cpu).expect("quantity");
        c.resources.requests.insert("cpu".into(), q.clone());
        c.resources.limits.insert("cpu".into(), q.clone());
        let mut l = Json::map();
        l.insert("cpu", q.canonical.as_str());
        res.insert("limits", l.clone());
        res.insert("requests", l);
    }
    let mut sc = testkit::scenario("res", vec![c]);
    sc.pod.stored = Some(stored_with(res));
    sc.setup.kube_minor = minor;
    sc.setup.nodes[0].images.push("busybox:1.36".into());
    sc.setup.until = s(60);
    testkit::run_fake(&sc, &[])
}

#[wasm_bindgen_test(unsupported = test)]
fn container_statuses_report_resources_and_every_mount() {
    let tr = resources_scenario(37, Some("500m"));
    let y = pod_yaml(&tr, s(60));
    // allocatedResources (requests) first, resources after `ready`, then every mount with the
    // read-only one's recursiveReadOnly.
    assert!(y.contains("  containerStatuses:\n  - allocatedResources:\n      cpu: 500m\n    containerID: containerd://"), "{y}");
    assert!(y.contains("    ready: true\n    resources:\n      limits:\n        cpu: 500m\n      requests:\n        cpu: 500m\n    restartCount: 0\n"), "{y}");
    assert!(y.contains("    volumeMounts:\n    - mountPath: /data\n      name: data\n    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n      name: kube-api-access-abcde\n      readOnly: true\n      recursiveReadOnly: Disabled\n"), "{y}");
    // Before the container exists there is nothing the runtime could report.
    let y0 = pod_yaml(&tr, SimTime::ZERO);
    let status0 = y0.split("\nstatus:\n").nth(1).unwrap_or_default();
    assert!(!status0.contains("  - allocatedResources"), "{y0}");
    assert!(!status0.contains("    resources:"), "{y0}");
    assert!(
        status0.contains("    volumeMounts:\n    - mountPath: /data\n"),
        "{y0}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn pod_level_resources_appear_from_1_36() {
    for (minor, present) in [
        (33, false),
        (34, false),
        (35, false),
        (36, true),
        (37, true),
    ] {
        let tr = resources_scenario(minor, None);
        let y = pod_yaml(&tr, s(60));
        // A BestEffort pod: empty resources at both levels.
        assert!(y.contains("    resources: {}\n"), "1.{minor}: {y}");
        assert_eq!(
            y.contains("  qosClass: BestEffort\n  resources: {}\n  startTime:"),
            present,
            "1.{minor}: {y}"
        );
    }
    let tr = resources_scenario(37, Some("250m"));
    let y = pod_yaml(&tr, s(60));
    assert!(
        y.contains("\n  allocatedResources:\n    cpu: 250m\n  conditions:\n"),
        "{y}"
    );
    assert!(y.contains("\n  resources:\n    limits:\n      cpu: 250m\n    requests:\n      cpu: 250m\n  startTime:"), "{y}");
}

#[wasm_bindgen_test(unsupported = test)]
fn scenarios_built_in_code_still_print_an_object() {
    let (sc, scripts) = testkit::liveness_exec();
    let tr = testkit::run_fake(&sc, &scripts);
    let y = pod_yaml(&tr, s(10));
    assert!(y.contains("spec:\n  containers:\n  - image: busybox\n    imagePullPolicy: IfNotPresent\n    name: liveness\n  nodeName: node-1\n  restartPolicy: Always\n"), "{y}");
}
