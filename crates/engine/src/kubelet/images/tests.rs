//! Image references, pulls and their back-off.

use podlife_spec::PullPolicy;
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::testkit::checks::{s, statuses, times};
use crate::testkit::{container, run_fake, scenario};

#[wasm_bindgen_test(unsupported = test)]
fn normalizes_references() {
    assert_eq!(normalize("busybox"), "docker.io/library/busybox:latest");
    assert_eq!(normalize("nginx:1.25"), "docker.io/library/nginx:1.25");
    assert_eq!(
        normalize("ikubernetes/myapp:v1"),
        "docker.io/ikubernetes/myapp:v1"
    );
    assert_eq!(
        normalize("registry.k8s.io/liveness"),
        "registry.k8s.io/liveness:latest"
    );
    assert_eq!(normalize("localhost:5000/app"), "localhost:5000/app:latest");
    assert_eq!(repository("nginx:1.25"), "docker.io/library/nginx");
}

#[wasm_bindgen_test(unsupported = test)]
fn image_pull_failure_and_back_off_10_5_10_7() {
    let mut c = container("app", "nginx:1.9.0s");
    c.image_pull_policy = PullPolicy::IfNotPresent;
    let mut sc = scenario("pull", vec![c]);
    sc.setup.registry.missing.push("nginx:1.9.0s".into());
    sc.setup.until = s(120);
    let tr = run_fake(&sc, &[]);
    let st = statuses(&tr);
    assert_eq!(
        &st[..3],
        &["ContainerCreating", "ErrImagePull", "ImagePullBackOff"]
    );
    assert!(tr.frames.iter().all(|f| f.phase == "Pending")); // §1.5
    let pulls = times(&tr, "Pulling");
    assert_eq!(pulls[0], 1000);
    assert_eq!(pulls[1], 13_000);
    let failed = tr.events.iter().find(|e| e.reason == "Failed").unwrap();
    assert_eq!(failed.message, "Failed to pull image \"nginx:1.9.0s\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.9.0s\": failed to resolve reference \"docker.io/library/nginx:1.9.0s\": docker.io/library/nginx:1.9.0s: not found");
    assert!(tr
        .events
        .iter()
        .any(|e| e.reason == "BackOff" && e.message == "Back-off pulling image \"nginx:1.9.0s\""));
}

#[wasm_bindgen_test(unsupported = test)]
fn never_pull_policy_missing_image_10_2() {
    let mut c = container("app", "myimage:1");
    c.image_pull_policy = PullPolicy::Never;
    let sc = scenario("neverpull", vec![c]);
    let tr = run_fake(&sc, &[]);
    let e = tr
        .events
        .iter()
        .find(|e| e.reason == "ErrImageNeverPull")
        .unwrap();
    assert_eq!(
        e.message,
        "Container image \"myimage:1\" is not present with pull policy of Never"
    );
    assert_eq!(
        tr.frames.last().unwrap().kubectl.status,
        "ErrImageNeverPull"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn pull_then_start_events_13_1() {
    let c = container("app", "busybox");
    let mut sc = scenario("pull-ok", vec![c]);
    // §14.1: the Created/Started texts name the container up to 1.34 (and for rules-v1 links).
    for (minor, rules, created, started) in [
        (33, 2, "Created container: app", "Started container app"),
        (34, 2, "Created container: app", "Started container app"),
        (35, 2, "Container created", "Container started"),
        (37, 2, "Container created", "Container started"),
        (37, 1, "Created container: app", "Started container app"),
    ] {
        sc.setup.kube_minor = minor;
        sc.setup.rules_version = rules;
        let tr = run_fake(&sc, &[]);
        let msgs: Vec<String> = tr
            .events
            .iter()
            .take(5)
            .map(|e| format!("{} {}", e.reason, e.message))
            .collect();
        assert_eq!(msgs[1], "Pulling Pulling image \"busybox\"");
        assert!(msgs[2].starts_with(
            "Pulled Successfully pulled image \"busybox\" in 2s (2s including waiting). Image size: "
        ));
        assert_eq!(msgs[3], format!("Created {created}"), "1.{minor} v{rules}");
        assert_eq!(msgs[4], format!("Started {started}"), "1.{minor} v{rules}");
    }
}
