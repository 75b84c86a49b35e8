//! Pod sources: where the pod's template sits in each controller kind, the controller's own
//! constraints, how the controller names its pod (deterministically), and what it adds to it.

use podlife_spec::profile::Profile;
use podlife_spec::{Pod, Setup};
use serde_yaml::Value;

use crate::val::{self, field_path, get, str_at, Sink};
use crate::{
    api_versions, defaults, lint, names, pod, source_map, Diagnostic, Note, PodSource, SourceMap,
};

/// Total bytes of a pod's annotations (keys and values) the API server accepts (256 KiB).
const MAX_ANNOTATION_BYTES: usize = 256 * 1024;

/// The StatefulSet controller gives each pod one PVC volume per `volumeClaimTemplates` entry
/// (claim `<template>-<set>-0`); the template's mounts refer to them.
pub(crate) fn statefulset_claim_volumes(doc: &Value, template: &Value) -> Value {
    let mut t = template.clone();
    let set = get(doc, "metadata")
        .and_then(|m| str_at(m, "name"))
        .unwrap_or("");
    let claims: Vec<String> = get(doc, "spec")
        .map(|s| val::seq_at(s, "volumeClaimTemplates"))
        .unwrap_or(&[])
        .iter()
        .filter_map(|c| {
            get(c, "metadata")
                .and_then(|m| str_at(m, "name"))
                .map(str::to_string)
        })
        .collect();
    if claims.is_empty() {
        return t;
    }
    let Value::Mapping(tm) = &mut t else { return t };
    let spec = tm
        .entry(Value::String("spec".into()))
        .or_insert_with(|| Value::Mapping(serde_yaml::Mapping::new()));
    let Value::Mapping(sm) = spec else { return t };
    let vols = sm
        .entry(Value::String("volumes".into()))
        .or_insert_with(|| Value::Sequence(Vec::new()));
    if vols.is_null() {
        *vols = Value::Sequence(Vec::new());
    }
    if let Value::Sequence(list) = vols {
        for c in claims {
            if list.iter().any(|v| str_at(v, "name") == Some(c.as_str())) {
                continue;
            }
            let mut pvc = serde_yaml::Mapping::new();
            pvc.insert("claimName".into(), Value::String(format!("{c}-{set}-0")));
            let mut v = serde_yaml::Mapping::new();
            v.insert("name".into(), Value::String(c));
            v.insert("persistentVolumeClaim".into(), Value::Mapping(pvc));
            list.push(Value::Mapping(v));
        }
    }
    t
}

/// Without `nodes` in a Scenario document the cluster is one node; it takes the name the pod
/// asks for (`nodeName`) and the labels its `nodeSelector` wants, so the course notes'
/// examples (which ran on a labelled `worker02`, or were pinned to `worker01`) run as shown.
/// A hint says so; a Scenario document with `nodes` turns this off.
pub(crate) fn fit_default_node(pod: &Pod, setup: &mut Setup, src: &PodSource, sink: &mut Sink<'_>) {
    let Some(node) = setup.nodes.first_mut() else {
        return;
    };
    let spec_path = if src.template_path.is_empty() {
        "spec".to_string()
    } else {
        format!("{}.spec", src.template_path)
    };
    if let Some(n) = &pod.spec.node_name {
        node.name = n.clone();
        sink.hint(
            &field_path(&spec_path, "nodeName"),
            Note::NodeNamed { node: n.clone() },
        );
    }
    if !pod.spec.node_selector.is_empty() {
        for (k, v) in &pod.spec.node_selector {
            node.labels.insert(k.clone(), v.clone());
        }
        let shown: Vec<String> = pod
            .spec
            .node_selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        sink.hint(
            &field_path(&spec_path, "nodeSelector"),
            Note::NodeLabelled { labels: shown },
        );
    }
}

/// Validates the pod source and converts it. Returns the pod, with the object the API server
/// stores (`Pod::stored`).
pub(crate) fn build_pod(
    doc: &Value,
    src: &PodSource,
    map: &SourceMap,
    diags: &mut Vec<Diagnostic>,
    decode_failed: bool,
    profile: Profile,
) -> Option<Pod> {
    let mut sink = Sink::new(src.doc, map, diags);
    // Paths below are relative to the source object; the sink adds `items[N]` in a List.
    sink.prefix = src.object_path.clone();
    // Errors of other objects (a broken Service) do not stop this one.
    let errors_before = sink.errors();
    let tp = template_path(&src.kind);
    let template = if tp.is_empty() {
        Some(doc)
    } else {
        source_map::parse_path(tp)
            .iter()
            .try_fold(doc, |v, seg| match seg {
                source_map::Seg::Key(k) => get(v, k),
                source_map::Seg::Index(_) => None,
            })
    };
    let join = |p: &str| {
        if tp.is_empty() {
            p.to_string()
        } else {
            format!("{tp}.{p}")
        }
    };
    let Some(template) = template else {
        if !decode_failed {
            sink.required(tp);
        }
        return None;
    };
    if decode_failed {
        // The API server stops at strict decoding; validation would only repeat noise.
        return None;
    }
    let with_claims;
    let template = if src.kind == "StatefulSet" {
        with_claims = statefulset_claim_volumes(doc, template);
        &with_claims
    } else {
        template
    };
    let minor = profile.minor;
    // What the minor's API server removes before validating: fields of gates that are off
    // (V5.2), and a Pod's negative grace period, converted to 1 (V3.3). A template keeps its
    // negative value through validation; the pod made from it gets 1 below.
    let dropped = api_versions::disabled_fields(template, minor);
    let grace = get(template, "spec").and_then(|s| val::int_at(s, "terminationGracePeriodSeconds"));
    let negative_grace = grace.is_some_and(|g| g < 0);
    let adjusted;
    let template = if !dropped.is_empty() || (negative_grace && src.kind == "Pod") {
        let mut t = template.clone();
        api_versions::remove(&mut t, &dropped);
        if src.kind == "Pod" {
            set_grace_to_one(&mut t);
        }
        adjusted = t;
        &adjusted
    } else {
        template
    };
    for d in &dropped {
        sink.hint(
            &join(&d.path),
            Note::DroppedByFeatureGate {
                minor,
                gate: d.gate.to_string(),
            },
        );
    }
    if let Some(g) = grace.filter(|_| negative_grace) {
        sink.hint(
            &join("spec.terminationGracePeriodSeconds"),
            Note::NegativeGracePeriod { seconds: g },
        );
    }
    let meta = get(doc, "metadata");
    let source_ns = meta
        .and_then(|m| str_at(m, "namespace"))
        .unwrap_or(defaults::NAMESPACE)
        .to_string();
    for m in names::dns1123_label(&source_ns) {
        sink.invalid("metadata.namespace", &val::q(&source_ns), &m);
    }
    let generate = meta
        .and_then(|m| str_at(m, "generateName"))
        .filter(|g| !g.is_empty());
    let generated;
    let mut source_name = meta.and_then(|m| str_at(m, "name")).unwrap_or("");
    if source_name.is_empty() {
        if let Some(g) = generate {
            // The API server appends 5 random characters; ours are seeded by the prefix.
            generated = format!(
                "{g}{}",
                names::pseudo_random_suffix(&format!("{source_ns}/{}/{g}", src.kind), 5)
            );
            source_name = generated.as_str();
        }
    }
    if source_name.is_empty() {
        sink.error(
            "metadata.name",
            "Required value: name or generateName is required",
        );
    } else {
        for m in names::dns1123_subdomain(source_name) {
            sink.invalid("metadata.name", &val::q(source_name), &m);
        }
    }
    let tmeta = get(template, "metadata");
    let mut labels: Vec<(String, String)> = tmeta
        .map(|m| val::string_map(m, "labels"))
        .unwrap_or_default();
    for (k, v) in &labels {
        pod::labels_rule(&join("metadata.labels"), k, v, &mut sink);
    }
    let empty = Value::Mapping(serde_yaml::Mapping::new());
    // A missing spec is an empty one: the API server then asks for its containers.
    let spec = get(template, "spec").unwrap_or(&empty);
    let spec_path = join("spec");
    pod::validate_spec(spec, &spec_path, profile, &mut sink);

    // Controller constraints.
    let restart = str_at(spec, "restartPolicy").unwrap_or("Always");
    match src.kind.as_str() {
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "ReplicationController" => {
            if restart != "Always" {
                sink.unsupported(
                    &field_path(&spec_path, "restartPolicy"),
                    restart,
                    &["Always"],
                );
            }
            let selector = get(doc, "spec").and_then(|s| get(s, "selector"));
            let wanted: Vec<(String, String)> = match (src.kind.as_str(), selector) {
                ("ReplicationController", Some(_)) => get(doc, "spec")
                    .map(|s| val::string_map(s, "selector"))
                    .unwrap_or_default(),
                ("ReplicationController", None) => labels.clone(),
                (_, Some(sel)) => val::string_map(sel, "matchLabels"),
                (_, None) => {
                    sink.required("spec.selector");
                    Vec::new()
                }
            };
            let have: std::collections::BTreeMap<&str, &str> =
                crate::sort::tree(labels.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let matches = wanted
                .iter()
                .all(|(k, v)| have.get(k.as_str()) == Some(&v.as_str()));
            if selector.is_some() && !matches {
                let shown: Vec<String> =
                    labels.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
                sink.invalid(
                    &join("metadata.labels"),
                    &format!("map[string]string{{{}}}", shown.join(", ")),
                    "`selector` does not match template `labels`",
                );
            }
        }
        "Job" | "CronJob" => {
            if restart != "OnFailure" && restart != "Never" {
                sink.unsupported(
                    &field_path(&spec_path, "restartPolicy"),
                    restart,
                    &["OnFailure", "Never"],
                );
            }
            if src.kind == "CronJob" {
                // Its Jobs append an 11-character suffix and must stay a valid label value.
                if source_name.len() > 52 {
                    sink.invalid(
                        "metadata.name",
                        &val::q(source_name),
                        "must be no more than 52 characters",
                    );
                }
                let sched = get(doc, "spec").and_then(|s| str_at(s, "schedule"));
                if sched.is_none_or(str::is_empty) {
                    sink.required("spec.schedule");
                }
            }
        }
        _ => {}
    }
    if sink.errors() > errors_before {
        return None;
    }
    not_simulated_warnings(spec, &spec_path, profile, &mut sink);
    let graced;
    let template = if negative_grace && src.kind != "Pod" {
        let mut t = template.clone();
        set_grace_to_one(&mut t);
        graced = t;
        &graced
    } else {
        template
    };

    // Naming, as the controller would (deterministic).
    let hash = if matches!(
        src.kind.as_str(),
        "Deployment" | "StatefulSet" | "DaemonSet"
    ) {
        names::pod_template_hash(&names::canonical(template))
    } else {
        String::new()
    };
    let seed = format!("{source_ns}/{}/{source_name}", src.kind);
    let suffix = names::pseudo_random_suffix(&seed, 5);
    let mut generate_name = generate.filter(|_| src.kind == "Pod").map(str::to_string);
    let mut owner: Option<(String, String)> = None;
    let pod_name = match src.kind.as_str() {
        "Pod" => source_name.to_string(),
        "PodTemplate" => source_name.to_string(),
        "Deployment" => {
            let rs = format!("{source_name}-{hash}");
            labels.push(("pod-template-hash".into(), hash.clone()));
            generate_name = Some(format!("{rs}-"));
            owner = Some(("ReplicaSet".into(), rs.clone()));
            format!("{rs}-{suffix}")
        }
        "StatefulSet" => {
            let pod = format!("{source_name}-0");
            labels.push(("apps.kubernetes.io/pod-index".into(), "0".into()));
            labels.push((
                "controller-revision-hash".into(),
                format!("{source_name}-{hash}"),
            ));
            labels.push(("statefulset.kubernetes.io/pod-name".into(), pod.clone()));
            owner = Some(("StatefulSet".into(), source_name.to_string()));
            pod
        }
        "DaemonSet" => {
            labels.push(("controller-revision-hash".into(), hash.clone()));
            labels.push(("pod-template-generation".into(), "1".into()));
            generate_name = Some(format!("{source_name}-"));
            owner = Some(("DaemonSet".into(), source_name.to_string()));
            format!("{source_name}-{suffix}")
        }
        "Job" | "CronJob" => {
            let job = if src.kind == "CronJob" {
                // A scheduled time in minutes since the epoch, as the CronJob controller names
                // its Jobs; fixed per name so runs are reproducible.
                let minutes = 29_000_000 + u64::from(names::fnv32a(seed.as_bytes()) % 1_000_000);
                format!("{source_name}-{minutes}")
            } else {
                source_name.to_string()
            };
            let job_uid = names::uid_for(&source_ns, &format!("Job/{job}"));
            labels.push(("batch.kubernetes.io/controller-uid".into(), job_uid.clone()));
            labels.push(("batch.kubernetes.io/job-name".into(), job.clone()));
            labels.push(("controller-uid".into(), job_uid));
            labels.push(("job-name".into(), job.clone()));
            generate_name = Some(format!("{job}-"));
            owner = Some(("Job".into(), job.clone()));
            format!("{job}-{suffix}")
        }
        other => {
            generate_name = Some(format!("{source_name}-"));
            owner = Some((other.to_string(), source_name.to_string()));
            format!("{source_name}-{suffix}")
        }
    };
    crate::sort::sort(&mut labels);
    labels.dedup_by(|a, b| a.0 == b.0);
    let uid = names::uid_for(&source_ns, &pod_name);
    let mut spec_conv = pod::convert_spec(spec);
    if src.kind == "StatefulSet" {
        spec_conv.hostname.get_or_insert_with(|| pod_name.clone());
        if let Some(svc) = get(doc, "spec").and_then(|s| str_at(s, "serviceName")) {
            spec_conv.subdomain.get_or_insert_with(|| svc.to_string());
        }
    }
    let annotations = tmeta
        .map(|m| val::string_map(m, "annotations"))
        .unwrap_or_default();
    // The API server's total size limit on annotations (keys plus values).
    let annotation_bytes: usize = annotations.iter().map(|(k, v)| k.len() + v.len()).sum();
    if annotation_bytes > MAX_ANNOTATION_BYTES {
        sink.error(
            &join("metadata.annotations"),
            format!("Too long: may not be more than {MAX_ANNOTATION_BYTES} bytes"),
        );
    }
    // `kubectl apply` records what it sent on a Pod it creates (a name is required: a
    // generateName-only Pod can only be made with `kubectl create`, which records nothing).
    let applied = (src.kind == "Pod"
        && !meta
            .and_then(|m| str_at(m, "name"))
            .unwrap_or("")
            .is_empty())
    .then_some(doc);
    // The page's first-frame module (`lite`) leaves the stored object out: its `-o yaml` tab is
    // the full module's.
    #[cfg(feature = "lite")]
    let stored = {
        let _ = (template, applied, &generate_name);
        None
    };
    #[cfg(not(feature = "lite"))]
    let stored = Some(defaults::defaulted_pod(
        template,
        &defaults::PodMeta {
            name: &pod_name,
            namespace: &source_ns,
            uid: &uid,
            labels: &labels,
            generate_name: generate_name.as_deref(),
            owner: owner.as_ref().map(|(k, n)| (k.as_str(), n.as_str())),
            applied,
        },
    ));
    lint::pod_hints(spec, &spec_path, &spec_conv, &mut sink);
    // podlife runs one pod of a controller.
    if let Some(cspec) = get(doc, "spec") {
        for key in ["replicas", "parallelism"] {
            if let Some(n) = val::int_at(cspec, key).filter(|n| *n > 1) {
                sink.hint(
                    &format!("spec.{key}"),
                    Note::OnePodOfController {
                        field: key.to_string(),
                        count: n,
                        pod: pod_name.clone(),
                    },
                );
            }
        }
    }
    let pod = Pod {
        namespace: source_ns,
        name: pod_name,
        uid,
        labels: crate::sort::tree(labels),
        annotations: crate::sort::tree(annotations),
        controlled_by: owner.map(|(k, n)| format!("{k}/{n}")),
        spec: spec_conv,
        stored,
    };
    Some(pod)
}

/// A Pod's `spec.terminationGracePeriodSeconds` when negative becomes 1 (V3.3).
fn set_grace_to_one(obj: &mut Value) {
    if let Some(Value::Mapping(spec)) = match obj {
        Value::Mapping(m) => m.get_mut("spec"),
        _ => None,
    } {
        let key = Value::String("terminationGracePeriodSeconds".into());
        if spec
            .get(&key)
            .and_then(Value::as_i64)
            .is_some_and(|g| g < 0)
        {
            spec.insert(key, Value::Number(1.into()));
        }
    }
}

/// Warnings for what the profile's API server accepts but the engine does not simulate (in
/// that profile's rules version): the run would differ from a real cluster's.
fn not_simulated_warnings(spec: &Value, spec_path: &str, profile: Profile, sink: &mut Sink<'_>) {
    // Rules v1 (a link from before gates were simulated) ran the pod at once.
    if !val::seq_at(spec, "schedulingGates").is_empty()
        && !profile.has(podlife_spec::profile::Rule::SchedulingGates)
    {
        sink.warning(
            &field_path(spec_path, "schedulingGates"),
            Note::SchedulingGatesNotSimulated,
        );
    }
    // Rules v1 (a link from before container restart rules were simulated) restarted every
    // container by the pod's policy.
    if !profile.container_restart_rules()
        || profile.has(podlife_spec::profile::Rule::ContainerRestartRules)
    {
        return;
    }
    for list in ["initContainers", "containers"] {
        for (i, c) in val::seq_at(spec, list).iter().enumerate() {
            let sidecar = list == "initContainers" && str_at(c, "restartPolicy") == Some("Always");
            let field = if !val::seq_at(c, "restartPolicyRules").is_empty() {
                "restartPolicyRules"
            } else if get(c, "restartPolicy").is_some() && !sidecar {
                "restartPolicy"
            } else {
                continue;
            };
            sink.warning(
                &format!("{spec_path}.{list}[{i}].{field}"),
                Note::ContainerRestartRulesNotSimulated {
                    minor: profile.minor,
                },
            );
        }
    }
}

pub(crate) fn template_path(kind: &str) -> &'static str {
    match kind {
        "Pod" => "",
        "CronJob" => "spec.jobTemplate.spec.template",
        "PodTemplate" => "template",
        _ => "spec.template",
    }
}
