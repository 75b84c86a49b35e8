//! The one table of API defaults (what the API server and its admission plugins fill in),
//! and the rendering of the defaulted Pod as `kubectl get pod -o yaml` shows it.

use podlife_spec::{PullPolicy, Resources, RestartPolicy, Toleration};
use serde_yaml::{Mapping, Value};

use crate::val::{get, str_at};

pub const RESTART_POLICY: RestartPolicy = RestartPolicy::Always;
pub const TERMINATION_GRACE_PERIOD_SECONDS: i64 = 30;
pub const DNS_POLICY: &str = "ClusterFirst";
pub const SCHEDULER_NAME: &str = "default-scheduler";
pub const SERVICE_ACCOUNT_NAME: &str = "default";
pub const AUTOMOUNT_SERVICE_ACCOUNT_TOKEN: bool = true;
pub const ENABLE_SERVICE_LINKS: bool = true;
pub const PRIORITY: i32 = 0;
pub const PREEMPTION_POLICY: &str = "PreemptLowerPriority";
pub const NAMESPACE: &str = "default";
pub const TERMINATION_MESSAGE_PATH: &str = "/dev/termination-log";
pub const TERMINATION_MESSAGE_POLICY: &str = "File";
pub const PORT_PROTOCOL: &str = "TCP";
pub const PROBE_INITIAL_DELAY_SECONDS: i64 = 0;
pub const PROBE_TIMEOUT_SECONDS: i64 = 1;
pub const PROBE_PERIOD_SECONDS: i64 = 10;
pub const PROBE_SUCCESS_THRESHOLD: i64 = 1;
pub const PROBE_FAILURE_THRESHOLD: i64 = 3;
pub const HTTP_GET_PATH: &str = "/";
pub const HTTP_GET_SCHEME: &str = "HTTP";
/// DefaultTolerationSeconds admission: not-ready / unreachable tolerated for 300 s.
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;
pub const NOT_READY_TAINT: &str = "node.kubernetes.io/not-ready";
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";
pub const SERVICE_ACCOUNT_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// imagePullPolicy from the image reference: `:latest` or no tag ⇒ Always, else IfNotPresent
/// (a digest counts as pinned).
pub fn pull_policy_for(image: &str) -> PullPolicy {
    if image.contains('@') {
        return PullPolicy::IfNotPresent;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => PullPolicy::Always,
        Some((_, "latest")) => PullPolicy::Always,
        Some(_) => PullPolicy::IfNotPresent,
    }
}

/// A request that is not set defaults to the limit.
pub fn default_requests_to_limits(r: &mut Resources) {
    for (k, v) in &r.limits {
        r.requests.entry(k.clone()).or_insert_with(|| v.clone());
    }
}

/// DefaultTolerationSeconds: adds not-ready/unreachable NoExecute tolerations unless the pod
/// tolerates those taints already.
pub fn add_default_tolerations(t: &mut Vec<Toleration>) {
    for key in [NOT_READY_TAINT, UNREACHABLE_TAINT] {
        let covered = t.iter().any(|x| {
            (x.key.as_deref() == Some(key) || (x.key.is_none() && x.operator == "Exists"))
                && x.effect.as_deref().is_none_or(|e| e == "NoExecute")
        });
        if !covered {
            t.push(Toleration {
                key: Some(key.to_string()),
                operator: "Exists".to_string(),
                value: None,
                effect: Some("NoExecute".to_string()),
                toleration_seconds: Some(DEFAULT_TOLERATION_SECONDS),
            });
        }
    }
}

fn s(v: &str) -> Value {
    Value::String(v.to_string())
}

fn n(v: i64) -> Value {
    Value::Number(v.into())
}

fn set_default(m: &mut Mapping, key: &str, v: Value) {
    let absent = m.get(key).is_none_or(Value::is_null);
    if absent {
        m.insert(s(key), v);
    }
}

fn map_mut<'a>(m: &'a mut Mapping, key: &str) -> Option<&'a mut Mapping> {
    match m.get_mut(key) {
        Some(Value::Mapping(x)) => Some(x),
        _ => None,
    }
}

fn seq_mut<'a>(m: &'a mut Mapping, key: &str) -> Option<&'a mut Vec<Value>> {
    match m.get_mut(key) {
        Some(Value::Sequence(x)) => Some(x),
        _ => None,
    }
}

fn default_handler(h: &mut Mapping) {
    if let Some(hg) = map_mut(h, "httpGet") {
        set_default(hg, "path", s(HTTP_GET_PATH));
        set_default(hg, "scheme", s(HTTP_GET_SCHEME));
    }
}

fn default_probe(p: &mut Mapping) {
    default_handler(p);
    for (k, d) in [
        ("timeoutSeconds", PROBE_TIMEOUT_SECONDS),
        ("periodSeconds", PROBE_PERIOD_SECONDS),
        ("successThreshold", PROBE_SUCCESS_THRESHOLD),
        ("failureThreshold", PROBE_FAILURE_THRESHOLD),
    ] {
        let zero = p.get(k).and_then(Value::as_i64) == Some(0);
        if zero {
            p.remove(k);
        }
        set_default(p, k, n(d));
    }
    if p.get("initialDelaySeconds").and_then(Value::as_i64) == Some(0) {
        p.remove("initialDelaySeconds");
    }
}

fn default_container(c: &mut Mapping, token_volume: Option<&str>) {
    let image = c
        .get("image")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    set_default(c, "imagePullPolicy", s(pull_policy_for(&image).as_str()));
    set_default(c, "terminationMessagePath", s(TERMINATION_MESSAGE_PATH));
    set_default(c, "terminationMessagePolicy", s(TERMINATION_MESSAGE_POLICY));
    set_default(c, "resources", Value::Mapping(Mapping::new()));
    if let Some(res) = map_mut(c, "resources") {
        // The API server stores quantities in canonical form (`1024Mi` → `1Gi`).
        for which in ["limits", "requests"] {
            if let Some(m) = map_mut(res, which) {
                for (_, v) in m.iter_mut() {
                    if let Some(t) = crate::val::scalar_text(v) {
                        if let Ok(q) = podlife_spec::parse_quantity(&t) {
                            *v = s(&q.canonical);
                        }
                    }
                }
            }
        }
        if let Some(Value::Mapping(lim)) = res.get("limits").cloned() {
            let req = res
                .entry(s("requests"))
                .or_insert_with(|| Value::Mapping(Mapping::new()));
            if req.is_null() {
                *req = Value::Mapping(Mapping::new());
            }
            if let Value::Mapping(req) = req {
                for (k, v) in lim {
                    if !req.contains_key(&k) {
                        req.insert(k, v);
                    }
                }
            }
        }
    }
    if let Some(ports) = seq_mut(c, "ports") {
        for p in ports.iter_mut() {
            if let Value::Mapping(p) = p {
                set_default(p, "protocol", s(PORT_PROTOCOL));
            }
        }
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(p) = map_mut(c, probe) {
            default_probe(p);
        }
    }
    if let Some(lc) = map_mut(c, "lifecycle") {
        for hook in ["postStart", "preStop"] {
            if let Some(h) = map_mut(lc, hook) {
                default_handler(h);
            }
        }
    }
    if let Some(vol) = token_volume {
        let mounts = c
            .entry(s("volumeMounts"))
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if mounts.is_null() {
            *mounts = Value::Sequence(Vec::new());
        }
        if let Value::Sequence(ms) = mounts {
            let mut m = Mapping::new();
            m.insert(s("mountPath"), s(SERVICE_ACCOUNT_MOUNT_PATH));
            m.insert(s("name"), s(vol));
            m.insert(s("readOnly"), Value::Bool(true));
            ms.push(Value::Mapping(m));
        }
    }
}

fn token_volume(name: &str) -> Value {
    static TEMPLATE: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let mut v = TEMPLATE.get_or_init(|| token_volume_template("x")).clone();
    if let Value::Mapping(m) = &mut v {
        m.insert(s("name"), s(name));
    }
    v
}

fn token_volume_template(name: &str) -> Value {
    let y = format!(
        "name: {name}\nprojected:\n  defaultMode: 420\n  sources:\n  - serviceAccountToken:\n      expirationSeconds: 3607\n      path: token\n  - configMap:\n      items:\n      - key: ca.crt\n        path: ca.crt\n      name: kube-root-ca.crt\n  - downwardAPI:\n      items:\n      - fieldRef:\n          apiVersion: v1\n          fieldPath: metadata.namespace\n        path: namespace\n"
    );
    serde_yaml::from_str(&y).unwrap_or(Value::Null)
}

/// Metadata the API server sets on the stored Pod.
pub struct PodMeta<'a> {
    pub name: &'a str,
    pub namespace: &'a str,
    pub uid: &'a str,
    pub labels: &'a [(String, String)],
    pub generate_name: Option<&'a str>,
    pub owner: Option<(&'a str, &'a str)>,
    /// Suffix for the `kube-api-access-xxxxx` projected volume.
    pub token_suffix: &'a str,
}

/// The defaulted Pod object (apiVersion, kind, metadata, spec) as a YAML value.
pub fn defaulted_pod(pod_obj: &Value, meta: &PodMeta<'_>) -> Value {
    let mut spec = match get(pod_obj, "spec") {
        Some(Value::Mapping(m)) => m.clone(),
        _ => Mapping::new(),
    };
    let automount = spec
        .get("automountServiceAccountToken")
        .and_then(Value::as_bool)
        .unwrap_or(AUTOMOUNT_SERVICE_ACCOUNT_TOKEN);
    let host_network = spec.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    let vol_name = format!("kube-api-access-{}", meta.token_suffix);
    let token = automount.then_some(vol_name.as_str());
    for list in ["initContainers", "containers"] {
        if let Some(cs) = seq_mut(&mut spec, list) {
            for c in cs.iter_mut() {
                if let Value::Mapping(c) = c {
                    default_container(c, token);
                    if host_network {
                        if let Some(ports) = seq_mut(c, "ports") {
                            for p in ports.iter_mut() {
                                if let Value::Mapping(p) = p {
                                    if let Some(cp) = p.get("containerPort").cloned() {
                                        set_default(p, "hostPort", cp);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    set_default(&mut spec, "dnsPolicy", s(DNS_POLICY));
    set_default(
        &mut spec,
        "enableServiceLinks",
        Value::Bool(ENABLE_SERVICE_LINKS),
    );
    set_default(&mut spec, "preemptionPolicy", s(PREEMPTION_POLICY));
    set_default(&mut spec, "priority", n(i64::from(PRIORITY)));
    set_default(&mut spec, "restartPolicy", s(RESTART_POLICY.as_str()));
    set_default(&mut spec, "schedulerName", s(SCHEDULER_NAME));
    set_default(&mut spec, "securityContext", Value::Mapping(Mapping::new()));
    let sa = spec
        .get("serviceAccountName")
        .or_else(|| spec.get("serviceAccount"))
        .and_then(Value::as_str)
        .unwrap_or(SERVICE_ACCOUNT_NAME)
        .to_string();
    set_default(&mut spec, "serviceAccount", s(&sa));
    set_default(&mut spec, "serviceAccountName", s(&sa));
    set_default(
        &mut spec,
        "terminationGracePeriodSeconds",
        n(TERMINATION_GRACE_PERIOD_SECONDS),
    );
    // Tolerations added by admission.
    let mut tols: Vec<Toleration> = Vec::new();
    if let Some(Value::Sequence(ts)) = spec.get("tolerations") {
        for t in ts {
            tols.push(Toleration {
                key: str_at(t, "key").map(str::to_string),
                operator: str_at(t, "operator").unwrap_or("Equal").to_string(),
                value: None,
                effect: str_at(t, "effect").map(str::to_string),
                toleration_seconds: None,
            });
        }
    }
    let before = tols.len();
    add_default_tolerations(&mut tols);
    if tols.len() > before {
        let list = spec
            .entry(s("tolerations"))
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if list.is_null() {
            *list = Value::Sequence(Vec::new());
        }
        if let Value::Sequence(list) = list {
            for t in &tols[before..] {
                let mut m = Mapping::new();
                m.insert(s("effect"), s("NoExecute"));
                m.insert(s("key"), s(t.key.as_deref().unwrap_or_default()));
                m.insert(s("operator"), s("Exists"));
                m.insert(s("tolerationSeconds"), n(DEFAULT_TOLERATION_SECONDS));
                list.push(Value::Mapping(m));
            }
        }
    }
    if let Some(vols) = seq_mut(&mut spec, "volumes") {
        for v in vols.iter_mut() {
            if let Value::Mapping(v) = v {
                if let Some(hp) = map_mut(v, "hostPath") {
                    set_default(hp, "type", s(""));
                }
            }
        }
    }
    if automount {
        let list = spec
            .entry(s("volumes"))
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if list.is_null() {
            *list = Value::Sequence(Vec::new());
        }
        if let Value::Sequence(list) = list {
            list.push(token_volume(&vol_name));
        }
    }

    let mut md = Mapping::new();
    if let Some(Value::Mapping(a)) = get(pod_obj, "metadata").and_then(|m| get(m, "annotations")) {
        md.insert(s("annotations"), Value::Mapping(a.clone()));
    }
    if let Some(g) = meta.generate_name {
        md.insert(s("generateName"), s(g));
    }
    if !meta.labels.is_empty() {
        let mut l = Mapping::new();
        for (k, v) in meta.labels {
            l.insert(s(k), s(v));
        }
        md.insert(s("labels"), Value::Mapping(l));
    }
    md.insert(s("name"), s(meta.name));
    md.insert(s("namespace"), s(meta.namespace));
    if let Some((kind, name)) = meta.owner {
        let mut o = Mapping::new();
        let api = if kind == "Job" {
            "batch/v1"
        } else if kind == "ReplicationController" {
            "v1"
        } else {
            "apps/v1"
        };
        o.insert(s("apiVersion"), s(api));
        o.insert(s("blockOwnerDeletion"), Value::Bool(true));
        o.insert(s("controller"), Value::Bool(true));
        o.insert(s("kind"), s(kind));
        o.insert(s("name"), s(name));
        o.insert(
            s("uid"),
            s(&crate::names::uid_for(
                meta.namespace,
                &format!("{kind}/{name}"),
            )),
        );
        md.insert(
            s("ownerReferences"),
            Value::Sequence(vec![Value::Mapping(o)]),
        );
    }
    md.insert(s("uid"), s(meta.uid));

    let mut top = Mapping::new();
    top.insert(s("apiVersion"), s("v1"));
    top.insert(s("kind"), s("Pod"));
    top.insert(s("metadata"), Value::Mapping(md));
    top.insert(s("spec"), Value::Mapping(spec));
    Value::Mapping(top)
}

/// YAML as kubectl prints it: keys sorted, 2-space indent, sequences at their key's indent,
/// strings double-quoted only when they would otherwise read as another type.
pub fn to_kubectl_yaml(v: &Value) -> String {
    let mut out = String::new();
    emit(v, 0, &mut out, false);
    out
}

fn needs_quotes(t: &str) -> bool {
    if t.is_empty() {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) {
        return true;
    }
    if t.parse::<f64>().is_ok() || lower.starts_with("0x") || lower.starts_with("0o") {
        return true;
    }
    let first = t.chars().next().unwrap_or(' ');
    if "!&*?|>'\"%@`{}[],#:".contains(first) || t == "-" || t.starts_with("- ") {
        return true;
    }
    t.starts_with(' ')
        || t.ends_with(' ')
        || t.contains(": ")
        || t.contains(" #")
        || t.ends_with(':')
        || t.contains(['\n', '\t'])
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(t) => {
            if needs_quotes(t) {
                format!("{t:?}")
            } else {
                t.clone()
            }
        }
        Value::Tagged(t) => scalar(&t.value),
        _ => String::new(),
    }
}

fn sorted(m: &Mapping) -> Vec<(String, &Value)> {
    let mut v: Vec<(String, &Value)> = m
        .iter()
        .map(|(k, v)| (crate::schema::key_text(k), v))
        .collect();
    crate::sort::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
    v
}

fn emit(v: &Value, indent: usize, out: &mut String, _inline: bool) {
    let pad = " ".repeat(indent);
    match v {
        Value::Mapping(m) => {
            for (k, val) in sorted(m) {
                let key = if needs_quotes(&k) {
                    format!("{k:?}")
                } else {
                    k
                };
                match val {
                    Value::Mapping(x) if !x.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        emit(val, indent + 2, out, false);
                    }
                    Value::Mapping(_) => out.push_str(&format!("{pad}{key}: {{}}\n")),
                    Value::Sequence(x) if !x.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        emit(val, indent, out, false);
                    }
                    Value::Sequence(_) => out.push_str(&format!("{pad}{key}: []\n")),
                    other => out.push_str(&format!("{pad}{key}: {}\n", scalar(other))),
                }
            }
        }
        Value::Sequence(items) => {
            for item in items {
                match item {
                    Value::Mapping(x) if !x.is_empty() => {
                        let mut sub = String::new();
                        emit(item, indent + 2, &mut sub, false);
                        // First line takes the dash.
                        let body = sub.strip_prefix(&" ".repeat(indent + 2)).unwrap_or(&sub);
                        out.push_str(&format!("{pad}- {body}"));
                    }
                    Value::Sequence(x) if !x.is_empty() => {
                        out.push_str(&format!("{pad}-\n"));
                        emit(item, indent + 2, out, false);
                    }
                    other => {
                        let text = match other {
                            Value::Mapping(_) => "{}".to_string(),
                            Value::Sequence(_) => "[]".to_string(),
                            o => scalar(o),
                        };
                        out.push_str(&format!("{pad}- {text}\n"));
                    }
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn pull_policy_by_tag() {
        assert_eq!(pull_policy_for("nginx"), PullPolicy::Always);
        assert_eq!(pull_policy_for("nginx:latest"), PullPolicy::Always);
        assert_eq!(pull_policy_for("nginx:1.25"), PullPolicy::IfNotPresent);
        assert_eq!(pull_policy_for("localhost:5000/app"), PullPolicy::Always);
        assert_eq!(
            pull_policy_for("localhost:5000/app:v1"),
            PullPolicy::IfNotPresent
        );
        assert_eq!(
            pull_policy_for("busybox@sha256:abc"),
            PullPolicy::IfNotPresent
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn kubectl_yaml_style() {
        let v: Value = serde_yaml::from_str(
            "b: {z: 1, a: \"80\"}\na: [x, {q: 1, p: [1]}]\nc: {}\nd: \"\"\ne: \"true\"\nf: 512Mi\n",
        )
        .expect("yaml");
        assert_eq!(
            to_kubectl_yaml(&v),
            "a:\n- x\n- p:\n  - 1\n  q: 1\nb:\n  a: \"80\"\n  z: 1\nc: {}\nd: \"\"\ne: \"true\"\nf: 512Mi\n"
        );
    }
}
