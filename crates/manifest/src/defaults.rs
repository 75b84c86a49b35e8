//! The one table of API defaults (what the API server and its admission plugins fill in),
//! and the Pod object as the API server stores it (`podlife_spec::object::Json`), which
//! `kubectl get pod -o yaml/json` prints (with what the cluster writes later, added by the
//! engine's views). Sources: pkg/apis/core/v1/defaults.go and the declarative `+default`s of
//! k8s.io/api core/v1 types.go; the ServiceAccount, DefaultTolerationSeconds and Priority
//! admission plugins; encoding/json's `omitempty`.

// The page's first-frame module (feature `lite`) makes no stored object.
#![cfg_attr(feature = "lite", allow(dead_code))]

use podlife_spec::object::Json;
use podlife_spec::{PullPolicy, Resources, RestartPolicy, Toleration};
use serde_yaml::{Mapping, Value};

use crate::schema::K;
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
        if !r.requests.contains_key(k) {
            r.requests.insert(k.clone(), v.clone());
        }
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
    // GRPCAction.service: `+default=""` and serialised without omitempty (types.go).
    if let Some(g) = map_mut(p, "grpc") {
        set_default(g, "service", s(""));
    }
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

/// SetDefaults_ObjectFieldSelector: `fieldRef.apiVersion` is `v1`.
fn default_field_ref(m: &mut Mapping) {
    if let Some(f) = map_mut(m, "fieldRef") {
        set_default(f, "apiVersion", s("v1"));
    }
}

fn default_downward_items(m: &mut Mapping) {
    if let Some(items) = seq_mut(m, "items") {
        for i in items.iter_mut() {
            if let Value::Mapping(i) = i {
                default_field_ref(i);
            }
        }
    }
}

/// Container defaults (SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction,
/// ContainerPort's `+default="TCP"`), and the ServiceAccount admission plugin's token mount
/// unless the container already mounts something at its path. Returns whether it mounted it.
fn default_container(c: &mut Mapping, token_volume: Option<&str>) -> bool {
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
    if let Some(env) = seq_mut(c, "env") {
        for e in env.iter_mut() {
            if let Some(vf) = match e {
                Value::Mapping(e) => map_mut(e, "valueFrom"),
                _ => None,
            } {
                default_field_ref(vf);
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
    let Some(vol) = token_volume else {
        return false;
    };
    let mounted_there = crate::val::seq_at(&Value::Mapping(c.clone()), "volumeMounts")
        .iter()
        .any(|m| str_at(m, "mountPath") == Some(SERVICE_ACCOUNT_MOUNT_PATH));
    if mounted_there {
        return false;
    }
    let mounts = c
        .entry(s("volumeMounts"))
        .or_insert_with(|| Value::Sequence(Vec::new()));
    if !matches!(mounts, Value::Sequence(_)) {
        *mounts = Value::Sequence(Vec::new());
    }
    if let Value::Sequence(ms) = mounts {
        let mut m = Mapping::new();
        m.insert(s("mountPath"), s(SERVICE_ACCOUNT_MOUNT_PATH));
        m.insert(s("name"), s(vol));
        m.insert(s("readOnly"), Value::Bool(true));
        ms.push(Value::Mapping(m));
    }
    true
}

/// Volume defaults: SetDefaults_Volume (no source is an emptyDir), the default modes of
/// configMap/secret/downwardAPI/projected volumes (0644), hostPath's `type: ""`, a projected
/// token's one-hour expiry, downward API field references' `apiVersion: v1`.
fn default_volume(v: &mut Mapping) {
    let sources = crate::pod::volume_sources();
    if !sources
        .iter()
        .any(|k| v.get(*k).is_some_and(|x| !x.is_null()))
    {
        v.insert(s("emptyDir"), Value::Mapping(Mapping::new()));
    }
    if let Some(hp) = map_mut(v, "hostPath") {
        set_default(hp, "type", s(""));
    }
    for k in ["configMap", "secret", "downwardAPI", "projected"] {
        if let Some(m) = map_mut(v, k) {
            set_default(m, "defaultMode", n(420));
        }
    }
    if let Some(d) = map_mut(v, "downwardAPI") {
        default_downward_items(d);
    }
    if let Some(sources) = map_mut(v, "projected").and_then(|p| seq_mut(p, "sources")) {
        for src in sources.iter_mut() {
            let Value::Mapping(src) = src else { continue };
            if let Some(t) = map_mut(src, "serviceAccountToken") {
                set_default(t, "expirationSeconds", n(3600));
            }
            if let Some(d) = map_mut(src, "downwardAPI") {
                default_downward_items(d);
            }
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

/// The `kube-api-access-xxxxx` volume's name: the ServiceAccount admission plugin appends five
/// random characters of the API server's alphabet; ours come from the pod's UID, derived exactly
/// as the engine's `kubectl describe` derives them (so every view names the volume alike).
pub fn token_volume_name(uid: &str) -> String {
    const ALPHA: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [uid, "kube-api-access"] {
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = String::from("kube-api-access-");
    for _ in 0..5 {
        out.push(ALPHA[(h % ALPHA.len() as u64) as usize] as char);
        h /= ALPHA.len() as u64;
    }
    out
}

/// Metadata the API server sets on the stored Pod.
pub struct PodMeta<'a> {
    pub name: &'a str,
    pub namespace: &'a str,
    pub uid: &'a str,
    pub labels: &'a [(String, String)],
    pub generate_name: Option<&'a str>,
    pub owner: Option<(&'a str, &'a str)>,
    /// The document `kubectl apply` sent, for its last-applied-configuration annotation
    /// (only for a Pod created by `kubectl apply`; `None` for a controller's pod).
    pub applied: Option<&'a Value>,
}

/// The defaulted Pod object (apiVersion, kind, metadata, spec) as the API server stores it.
pub fn defaulted_pod(pod_obj: &Value, meta: &PodMeta<'_>) -> Json {
    let mut spec = match get(pod_obj, "spec") {
        Some(Value::Mapping(m)) => m.clone(),
        _ => Mapping::new(),
    };
    let automount = spec
        .get("automountServiceAccountToken")
        .and_then(Value::as_bool)
        .unwrap_or(AUTOMOUNT_SERVICE_ACCOUNT_TOKEN);
    let host_network = spec.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    // ServiceAccount admission: a volume already named kube-api-access-* (a pasted
    // `kubectl get -o yaml`) is the token volume; otherwise a new one, added only if some
    // container mounts it.
    let existing = crate::val::seq_at(&Value::Mapping(spec.clone()), "volumes")
        .iter()
        .filter_map(|v| str_at(v, "name"))
        .find(|n| n.starts_with("kube-api-access-"))
        .map(str::to_string);
    let vol_name = existing
        .clone()
        .unwrap_or_else(|| token_volume_name(meta.uid));
    let token = automount.then_some(vol_name.as_str());
    let mut mounted = false;
    for list in ["initContainers", "containers"] {
        if let Some(cs) = seq_mut(&mut spec, list) {
            for c in cs.iter_mut() {
                if let Value::Mapping(c) = c {
                    mounted |= default_container(c, token);
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
    // SetDefaults_PodSpec keeps the deprecated serviceAccount equal to serviceAccountName
    // (which wins); the ServiceAccount admission plugin fills in `default`.
    let sa = [spec.get("serviceAccountName"), spec.get("serviceAccount")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|n| !n.is_empty())
        .unwrap_or(SERVICE_ACCOUNT_NAME)
        .to_string();
    spec.insert(s("serviceAccount"), s(&sa));
    spec.insert(s("serviceAccountName"), s(&sa));
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
                key: str_at(t, "key")
                    .filter(|k| !k.is_empty())
                    .map(str::to_string),
                operator: str_at(t, "operator").unwrap_or("Equal").to_string(),
                value: None,
                effect: str_at(t, "effect")
                    .filter(|e| !e.is_empty())
                    .map(str::to_string),
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
        if !matches!(list, Value::Sequence(_)) {
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
                default_volume(v);
            }
        }
    }
    if mounted && existing.is_none() {
        let list = spec
            .entry(s("volumes"))
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if !matches!(list, Value::Sequence(_)) {
            *list = Value::Sequence(Vec::new());
        }
        if let Value::Sequence(list) = list {
            list.push(token_volume(&vol_name));
        }
    }

    let mut md = Json::map();
    let mut annotations = match get(pod_obj, "metadata").and_then(|m| get(m, "annotations")) {
        Some(a @ Value::Mapping(_)) => to_json(a),
        _ => Json::map(),
    };
    if let Some(applied) = meta.applied {
        annotations.insert(LAST_APPLIED, last_applied(applied, meta.namespace));
    }
    if !matches!(&annotations, Json::Map(m) if m.is_empty()) {
        md.insert("annotations", annotations);
    }
    if let Some(g) = meta.generate_name {
        md.insert("generateName", g);
    }
    if !meta.labels.is_empty() {
        let mut l = Json::map();
        for (k, v) in meta.labels {
            l.insert(k, v.as_str());
        }
        md.insert("labels", l);
    }
    md.insert("name", meta.name);
    md.insert("namespace", meta.namespace);
    if let Some((kind, name)) = meta.owner {
        let mut o = Json::map();
        let api = if kind == "Job" {
            "batch/v1"
        } else if kind == "ReplicationController" {
            "v1"
        } else {
            "apps/v1"
        };
        o.insert("apiVersion", api);
        o.insert("blockOwnerDeletion", true);
        o.insert("controller", true);
        o.insert("kind", kind);
        o.insert("name", name);
        o.insert(
            "uid",
            crate::names::uid_for(meta.namespace, &format!("{kind}/{name}")),
        );
        md.insert("ownerReferences", Json::List(vec![o]));
    }
    md.insert("uid", meta.uid);

    let mut spec = to_json(&Value::Mapping(spec));
    let sch = crate::schema::schema();
    if let Some(t) = sch.type_index("PodSpec") {
        omit_empty(&mut spec, t);
    }
    let mut top = Json::map();
    top.insert("apiVersion", "v1");
    top.insert("kind", "Pod");
    top.insert("metadata", md);
    top.insert("spec", spec);
    top
}

/// kubectl apply's annotation with the applied configuration.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// What `kubectl apply` (client-side, the default) records: the object as read from the file,
/// with the namespace it was applied to and its annotations minus this one (an empty map when
/// none), JSON-encoded with a newline (GetModifiedConfiguration).
fn last_applied(applied: &Value, namespace: &str) -> String {
    let mut obj = to_json(applied);
    let md = obj.entry_map("metadata");
    let mut annotations = match md.get("annotations") {
        Some(a @ Json::Map(_)) => a.clone(),
        _ => Json::map(),
    };
    annotations.remove(LAST_APPLIED);
    md.insert("annotations", annotations);
    if md
        .get("namespace")
        .and_then(Json::as_str)
        .is_none_or(str::is_empty)
    {
        md.insert("namespace", namespace);
    }
    let mut text = obj.to_json_compact();
    text.push('\n');
    text
}

/// A YAML value as JSON (map keys as text, YAML 1.1 values already fixed up by the loader).
pub fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(x) => match x.as_i64() {
            Some(i) => Json::Int(i),
            // Only floats reach here (kubectl apply's annotation: `cpu: 0.5`).
            None => Json::float(&x.to_string()),
        },
        Value::String(t) => Json::Str(t.clone()),
        Value::Sequence(items) => Json::List(items.iter().map(to_json).collect()),
        Value::Mapping(m) => {
            let mut out = Json::map();
            for (k, x) in m {
                out.insert(&crate::schema::key_text(k), to_json(x));
            }
            out
        }
        Value::Tagged(t) => to_json(&t.value),
    }
}

/// Scalars that encoding/json leaves out when zero (`false`, `0`, `""`): non-pointer fields
/// with `omitempty` in k8s.io/api core/v1 types.go (1.33–1.37), by field name where the name
/// means that in every Pod type...
const OMIT_ZERO: &[&str] = &[
    "action",
    "apiVersion",
    "audience",
    "chapAuthDiscovery",
    "chapAuthSession",
    "datasetName",
    "datasetUUID",
    "directory",
    "dnsPolicy",
    "effect",
    "failureThreshold",
    "group",
    "host",
    "hostIP",
    "hostIPC",
    "hostNetwork",
    "hostPID",
    "hostPort",
    "hostname",
    "imagePullPolicy",
    "initialDelaySeconds",
    "iscsiInterface",
    "keyring",
    "level",
    "medium",
    "nodeName",
    "partition",
    "periodSeconds",
    "pool",
    "prefix",
    "priorityClassName",
    "protectionDomain",
    "protocol",
    "pullPolicy",
    "reference",
    "request",
    "revision",
    "role",
    "schedulerName",
    "scheme",
    "secretFile",
    "serviceAccount",
    "serviceAccountName",
    "sslEnabled",
    "stdin",
    "stdinOnce",
    "storageMode",
    "storagePolicyID",
    "storagePolicyName",
    "storagePool",
    "subPath",
    "subPathExpr",
    "subdomain",
    "successThreshold",
    "targetContainerName",
    "tenant",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "timeoutSeconds",
    "tty",
    "user",
    "volumeNamespace",
    "workingDir",
];

/// ...and `Type.field` where the same name is a pointer or required elsewhere.
const OMIT_ZERO_IN: &[&str] = &[
    "Container.image",
    "ContainerPort.name",
    "EnvVar.value",
    "HTTPGetAction.path",
    "PodDNSConfigOption.name",
    "PodSpec.restartPolicy",
    "ResourceFieldSelector.containerName",
    "SELinuxOptions.type",
    "SecretVolumeSource.secretName",
    "Toleration.key",
    "Toleration.operator",
    "Toleration.value",
    "VolumeMount.readOnly",
];

/// Lists serialised without omitempty (an empty one reads back as `null`).
const KEEP_EMPTY_LIST: &[&str] = &["containers", "sources", "nodeSelectorTerms", "monitors"];

fn zero(v: &Json) -> bool {
    matches!(v, Json::Bool(false) | Json::Int(0)) || matches!(v, Json::Str(s) if s.is_empty())
}

/// What the stored object reads back as: encoding/json's `omitempty` applied by the schema's
/// types (nulls, empty maps and lists, zero scalars of non-pointer fields are left out).
fn omit_empty(v: &mut Json, ty: usize) {
    let sch = crate::schema::schema();
    let Json::Map(m) = v else { return };
    let type_name = sch.types.get(ty).map_or("", |t| t.name.as_str());
    let keys: Vec<String> = m.keys().cloned().collect();
    for k in keys {
        let Some(x) = m.get_mut(&k) else { continue };
        let kind = sch.field(ty, &k).cloned();
        let drop = match (x, kind) {
            (Json::Null, _) => true,
            (x @ Json::Map(_), Some(K::Obj(t))) => {
                omit_empty(x, t);
                false
            }
            (Json::Map(inner), Some(K::Map(_))) => inner.is_empty(),
            (Json::List(items), Some(K::List(item))) => {
                if let K::Obj(t) = *item {
                    for i in items.iter_mut() {
                        omit_empty(i, t);
                    }
                }
                items.is_empty() && !KEEP_EMPTY_LIST.contains(&k.as_str())
            }
            (x, _) if zero(x) => {
                OMIT_ZERO.contains(&k.as_str())
                    || OMIT_ZERO_IN
                        .iter()
                        .any(|p| p.split_once('.') == Some((type_name, k.as_str())))
            }
            _ => false,
        };
        if drop {
            m.remove(&k);
        } else if let Some(Json::List(items)) = m.get_mut(&k) {
            if items.is_empty() {
                m.insert(k, Json::Null);
            }
        }
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

    fn stored(y: &str) -> Json {
        let v: Value = serde_yaml::from_str(y).expect("yaml");
        defaulted_pod(
            &v,
            &PodMeta {
                name: "p",
                namespace: "default",
                uid: "u",
                labels: &[],
                generate_name: None,
                owner: None,
                applied: Some(&v),
            },
        )
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn empty_and_zero_values_read_back_as_encoding_json_leaves_them() {
        let j = stored("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  nodeSelector: {}\n  containers:\n  - name: c\n    image: i:1\n    args: []\n    workingDir: ''\n    tty: false\n    env: [{name: A, value: ''}, {name: B, value: x}]\n    volumeMounts: [{name: v, mountPath: /v, readOnly: false}]\n    securityContext: {privileged: false, runAsUser: 0}\n  volumes: [{name: v}]\n");
        let spec = j.get("spec").expect("spec");
        assert!(spec.get("hostNetwork").is_none());
        assert!(spec.get("nodeSelector").is_none());
        let c = &spec.get("containers").expect("containers").as_list()[0];
        for gone in ["args", "workingDir", "tty"] {
            assert!(c.get(gone).is_none(), "{gone}");
        }
        let env = c.get("env").expect("env").as_list();
        assert_eq!(env[0].get("value"), None);
        assert_eq!(env[1].get("value").and_then(Json::as_str), Some("x"));
        let mounts = c.get("volumeMounts").expect("mounts").as_list();
        assert_eq!(mounts[0].get("readOnly"), None);
        assert_eq!(mounts[1].get("readOnly"), Some(&Json::Bool(true)));
        // Pointers keep their zero values.
        let sc = c.get("securityContext").expect("sc");
        assert_eq!(sc.get("privileged"), Some(&Json::Bool(false)));
        assert_eq!(sc.get("runAsUser"), Some(&Json::Int(0)));
        // A volume without a source is an emptyDir.
        let v = &spec.get("volumes").expect("volumes").as_list()[0];
        assert_eq!(v.get("emptyDir"), Some(&Json::map()));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_token_mount_respects_what_the_pod_already_has() {
        // A container that mounts something at the token path gets no second mount; with no
        // container needing it there is no token volume.
        let j = stored("kind: Pod\nspec:\n  containers:\n  - {name: c, image: i, volumeMounts: [{name: t, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]}\n  volumes: [{name: t, emptyDir: {}}]\n");
        let y = j.to_yaml();
        assert!(!y.contains("kube-api-access"), "{y}");
        // A pasted kube-api-access volume is reused by name.
        let j = stored("kind: Pod\nspec:\n  containers: [{name: c, image: i}]\n  volumes: [{name: kube-api-access-abcde, projected: {sources: [{serviceAccountToken: {path: token}}]}}]\n");
        let y = j.to_yaml();
        assert_eq!(y.matches("name: kube-api-access-abcde").count(), 2, "{y}");
        assert!(y.contains("expirationSeconds: 3600"), "{y}");
        // serviceAccount follows serviceAccountName.
        let j = stored("kind: Pod\nspec:\n  serviceAccount: a\n  serviceAccountName: b\n  containers: [{name: c, image: i}]\n");
        let y = j.to_yaml();
        assert!(
            y.contains("  serviceAccount: b\n  serviceAccountName: b\n"),
            "{y}"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn kubectl_apply_records_the_document() {
        let j = stored("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: web}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources: {limits: {cpu: 0.5}}\n");
        let a = j
            .get("metadata")
            .and_then(|m| m.get("annotations"))
            .and_then(|a| a.get(LAST_APPLIED))
            .and_then(Json::as_str)
            .expect("annotation");
        assert_eq!(
            a,
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"web\"},\"name\":\"p\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"image\":\"nginx\",\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":0.5}}}]}}\n"
        );
        assert!(j.to_yaml().contains("  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"apiVersion\""));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn token_volume_names_use_the_api_alphabet() {
        let n = token_volume_name("2f91e452-0aac-4d97-b199-2b869f27ee54");
        assert_eq!(n.len(), "kube-api-access-".len() + 5);
        assert!(n["kube-api-access-".len()..]
            .bytes()
            .all(|b| b"bcdfghjklmnpqrstvwxz2456789".contains(&b)));
    }
}
