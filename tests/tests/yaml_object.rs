//! `kubectl get pod -o yaml` / `-o json` as the whole object (issue 15 item 4), across crates:
//! the manifest front end's stored object, the engine's frames, kubectl's printers.
//!
//! - every seed example, in every minor, at several instants: the YAML parses, reads back as the
//!   same data as the JSON, and its spec is the stored (defaulted) spec plus `nodeName`;
//! - the fields that depend on the minor appear exactly in the minors that have them;
//! - goldens `tests/golden/yaml/<case>.yaml` (`UPDATE_GOLDEN=1` rewrites them).

use std::path::{Path, PathBuf};

use podlife_engine::{simulate, views, Trace};
use podlife_spec::object::Json;
use podlife_spec::{SimTime, SUPPORTED_KUBE_MINORS};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(root().join("../examples/seeds").join(name)).expect("seed")
}

// LoadOptions grows fields (the rules version): set only the minor.
#[allow(clippy::field_reassign_with_default)]
fn run(text: &str, minor: u32) -> Option<Trace> {
    let mut opts = podlife_manifest::LoadOptions::default();
    opts.kube_minor = Some(minor);
    let l = podlife_manifest::load_with(text, &opts);
    l.scenario.as_ref().map(simulate)
}

fn to_json(v: &serde_json::Value) -> Json {
    match v {
        serde_json::Value::Null => Json::Null,
        serde_json::Value::Bool(b) => Json::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Json::Int(i),
            None => Json::float(&n.to_string()),
        },
        serde_json::Value::String(s) => Json::Str(s.clone()),
        serde_json::Value::Array(a) => Json::List(a.iter().map(to_json).collect()),
        serde_json::Value::Object(o) => {
            let mut m = Json::map();
            for (k, v) in o {
                m.insert(k, to_json(v));
            }
            m
        }
    }
}

fn yaml_to_json(v: &serde_yaml::Value) -> Json {
    match v {
        serde_yaml::Value::Null => Json::Null,
        serde_yaml::Value::Bool(b) => Json::Bool(*b),
        serde_yaml::Value::Number(n) => match n.as_i64() {
            Some(i) => Json::Int(i),
            None => Json::float(&n.to_string()),
        },
        serde_yaml::Value::String(s) => Json::Str(s.clone()),
        serde_yaml::Value::Sequence(a) => Json::List(a.iter().map(yaml_to_json).collect()),
        serde_yaml::Value::Mapping(m) => {
            let mut out = Json::map();
            for (k, v) in m {
                out.insert(k.as_str().expect("string keys"), yaml_to_json(v));
            }
            out
        }
        serde_yaml::Value::Tagged(t) => yaml_to_json(&t.value),
    }
}

fn seeds() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("../examples/seeds"))
        .expect("seeds")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

#[test]
fn yaml_and_json_print_the_same_object_and_its_stored_spec() {
    let mut checked = 0;
    for name in seeds() {
        let text = seed(&name);
        for minor in SUPPORTED_KUBE_MINORS {
            let Some(tr) = run(&text, minor) else {
                continue;
            };
            let stored = tr
                .scenario
                .pod
                .stored
                .clone()
                .expect("the manifest stores the object");
            for t in [0, 5, 30, 120] {
                let at = SimTime::from_secs(t).min(tr.until);
                let Some(object) = views::pod_object(&tr, at) else {
                    continue;
                };
                let y = views::pod_yaml(&tr, at);
                let parsed: serde_yaml::Value = serde_yaml::from_str(&y)
                    .unwrap_or_else(|e| panic!("{name} 1.{minor} t={t}: {e}\n{y}"));
                let from_yaml = yaml_to_json(&parsed);
                assert_eq!(
                    from_yaml, object,
                    "{name} 1.{minor} t={t}: YAML reads back\n{y}"
                );
                let j = views::pod_json(&tr, at);
                let from_json: serde_json::Value = serde_json::from_str(&j).expect("json");
                assert_eq!(
                    to_json(&from_json),
                    object,
                    "{name} 1.{minor} t={t}: JSON reads back"
                );
                // The spec is the stored one, plus the node the scheduler bound it to.
                let mut spec = stored.get("spec").cloned().expect("spec");
                if let Some(n) = object.get("spec").and_then(|s| s.get("nodeName")) {
                    spec.insert("nodeName", n.clone());
                }
                assert_eq!(object.get("spec"), Some(&spec), "{name} 1.{minor} t={t}");
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "only {checked} objects checked");
}

#[test]
fn fields_of_the_minor_appear_in_that_minor_only() {
    let text = seed("liveness-exec.yaml");
    for minor in SUPPORTED_KUBE_MINORS {
        let tr = run(&text, minor).expect("runs");
        let o = views::pod_object(&tr, SimTime::from_secs(20)).expect("exists");
        let status = o.get("status").expect("status");
        // Pod-level resources: InPlacePodLevelResourcesVerticalScaling, beta and on from 1.36.
        assert_eq!(
            status.get("resources").is_some(),
            minor >= 36,
            "1.{minor} status.resources"
        );
        // Container status resources: InPlacePodVerticalScaling, on in every supported minor.
        let cs = &status.get("containerStatuses").expect("statuses").as_list()[0];
        assert_eq!(cs.get("resources"), Some(&Json::map()), "1.{minor}");
        // observedGeneration (PodObservedGenerationTracking: beta 1.34, GA 1.35): in the status
        // and in each condition the kubelet writes.
        assert_eq!(
            status.get("observedGeneration").is_some(),
            minor >= 34,
            "1.{minor} status.observedGeneration"
        );
        let ready = status
            .get("conditions")
            .map(Json::as_list)
            .unwrap_or(&[])
            .iter()
            .find(|c| c.get("type").and_then(Json::as_str) == Some("Ready"))
            .cloned()
            .expect("Ready");
        assert_eq!(
            ready.get("observedGeneration").is_some(),
            minor >= 34,
            "1.{minor}"
        );
        // metadata.generation from 1.33 on (KEP-5067, not gated).
        assert_eq!(
            o.get("metadata").and_then(|m| m.get("generation")),
            Some(&Json::Int(1))
        );
    }
}

#[test]
fn the_token_volume_is_named_alike_everywhere() {
    let tr = run(&seed("liveness-exec.yaml"), 37).expect("runs");
    let y = views::pod_yaml(&tr, SimTime::from_secs(20));
    let d = views::describe_pod(&tr, SimTime::from_secs(20));
    let name = d
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_suffix(':')
                .filter(|n| n.starts_with("kube-api-access-"))
        })
        .expect("describe names the volume");
    assert_eq!(y.matches(name).count(), 3, "{name}\n{y}");
}

fn check(case: &str, actual: &str) {
    let path = root().join("golden/yaml").join(format!("{case}.yaml"));
    podlife_tests::check_golden(&path, actual);
}

/// `kubectl get pod -o yaml` of a seed example at a few instants, in one minor.
fn golden(seed_name: &str, minor: u32, at: &[u64]) {
    golden_text(seed_name, &seed(seed_name), minor, at);
}

fn golden_text(seed_name: &str, text: &str, minor: u32, at: &[u64]) {
    let tr = run(text, minor).expect("runs");
    let mut out = String::new();
    for t in at {
        let at = SimTime::from_secs(*t);
        out.push_str(&format!(
            "# 1.{minor}, t={t}s: kubectl get pod {} -o yaml\n",
            tr.pod.name
        ));
        out.push_str(&views::pod_yaml(&tr, at));
    }
    let case = format!("{}-1.{minor}", seed_name.trim_end_matches(".yaml"));
    check(&case, &out);
}

#[test]
fn golden_liveness_exec() {
    golden("liveness-exec.yaml", 35, &[0, 60]);
    golden("liveness-exec.yaml", 37, &[0, 60]);
}

#[test]
fn golden_init_containers() {
    golden("init-containers-services.yaml", 37, &[10]);
}

#[test]
fn golden_deployment_with_sidecar() {
    let path = root().join("../crates/manifest/tests/fixtures/deployment-sidecar-scenario.yaml");
    let text = std::fs::read_to_string(path).expect("fixture");
    golden_text("deployment-sidecar-scenario.yaml", &text, 37, &[30]);
}

#[test]
fn golden_memory_limits_and_restarts() {
    golden("memory-limit-exceeded.yaml", 33, &[60]);
    golden("memory-limit-exceeded.yaml", 37, &[60]);
}

#[test]
fn scheduling_gate_patches_change_the_spec_and_the_generation() {
    let path = root().join("golden/minors/scheduling-gates.yaml");
    let text = std::fs::read_to_string(path).expect("scenario");
    let tr = run(&text, 37).expect("runs");
    let at = |t: u64| views::pod_object(&tr, SimTime::from_secs(t)).expect("exists");
    let gates = |o: &Json| -> Vec<String> {
        o.get("spec")
            .and_then(|s| s.get("schedulingGates"))
            .map(Json::as_list)
            .unwrap_or(&[])
            .iter()
            .filter_map(|g| g.get("name").and_then(Json::as_str).map(str::to_string))
            .collect()
    };
    let generation = |o: &Json| o.get("metadata").and_then(|m| m.get("generation")).cloned();
    assert_eq!(gates(&at(10)), ["example.com/quota", "example.com/review"]);
    assert_eq!(generation(&at(10)), Some(Json::Int(1)));
    assert_eq!(gates(&at(30)), ["example.com/quota"]);
    assert_eq!(generation(&at(30)), Some(Json::Int(2)));
    assert!(gates(&at(50)).is_empty());
    assert!(at(50)
        .get("spec")
        .and_then(|s| s.get("schedulingGates"))
        .is_none());
    assert_eq!(generation(&at(50)), Some(Json::Int(3)));
    assert_eq!(generation(&at(90)), Some(Json::Int(4)));
    golden_text("scheduling-gates.yaml", &text, 37, &[10, 30, 50, 90]);
}

#[test]
fn golden_prestop_and_hostpath() {
    golden("prestop-hostpath.yaml", 37, &[20]);
}
