//! API-server validation of a Pod (or a controller's pod template) with the API server's field
//! paths and wording, and conversion to the engine's typed model with every default applied
//! (the defaults themselves live in `defaults.rs`).

use std::collections::BTreeSet;

use podlife_spec::profile::Profile;
use podlife_spec::{
    parse_quantity, Container, ContainerPort, ContainerRestartRule, EnvVar, HttpGet, Lifecycle,
    LifecycleHandler, PodSpec, PortRef, Probe, ProbeHandler, PullPolicy, Quantity, Resources,
    RestartPolicy, RestartRuleAction, Toleration, Volume, VolumeMount, VolumeSource,
};
use serde_yaml::Value;

use crate::defaults as d;
use crate::names;
use crate::val::{
    bool_at, field_path, get, has, int_at, q, scalar_text, seq_at, str_at, string_map, strings_at,
    Sink,
};

/// Every volume source field name of the Kubernetes Volume type (from the generated schema).
pub(crate) fn volume_sources() -> Vec<&'static str> {
    let s = crate::schema::schema();
    s.type_index("Volume")
        .and_then(|t| s.types.get(t))
        .map(|t| {
            let mut names: Vec<&str> = t
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .filter(|n| *n != "name")
                .collect();
            // A field listed once per kind it had across minors.
            names.dedup();
            names
        })
        .unwrap_or_default()
}

const PROBE_HANDLERS: [&str; 4] = ["exec", "httpGet", "tcpSocket", "grpc"];
const LIFECYCLE_HANDLERS: [&str; 4] = ["exec", "httpGet", "tcpSocket", "sleep"];
const INIT_FORBIDDEN: &str = "may not be set for init containers without restartPolicy=Always";

/// Validates the pod spec at `spec_path` (e.g. `spec` or `spec.template.spec`) as the API
/// server of `profile`'s minor does (after its silent drops, `api_versions.rs`).
pub fn validate_spec(spec: &Value, spec_path: &str, profile: Profile, sink: &mut Sink<'_>) {
    let tgps = int_at(spec, "terminationGracePeriodSeconds")
        .unwrap_or(d::TERMINATION_GRACE_PERIOD_SECONDS);
    // Volumes first: mounts are checked against them.
    let mut volume_names = BTreeSet::new();
    let sources = volume_sources();
    for (i, vol) in seq_at(spec, "volumes").iter().enumerate() {
        let p = format!("{spec_path}.volumes[{i}]");
        match str_at(vol, "name") {
            None | Some("") => sink.required(&field_path(&p, "name")),
            Some(n) => {
                for m in names::dns1123_label(n) {
                    sink.invalid(&field_path(&p, "name"), &q(n), &m);
                }
                if !volume_names.insert(n.to_string()) {
                    sink.duplicate(&field_path(&p, "name"), n);
                }
            }
        }
        let present: Vec<&str> = sources.iter().copied().filter(|s| has(vol, s)).collect();
        if present.is_empty() {
            sink.error(&p, "Required value: must specify a volume type");
        }
        for extra in present.iter().skip(1) {
            sink.forbidden(
                &field_path(&p, extra),
                "may not specify more than 1 volume type",
            );
        }
        if let Some(hp) = get(vol, "hostPath") {
            if str_at(hp, "path").is_none_or(str::is_empty) {
                sink.required(&field_path(&p, "hostPath.path"));
            }
        }
    }

    // Containers: regular first (their names seed the init containers' duplicate check).
    let containers = seq_at(spec, "containers");
    let inits = seq_at(spec, "initContainers");
    if containers.is_empty() {
        sink.required(&field_path(spec_path, "containers"));
    }
    let mut regular_names = BTreeSet::new();
    for (i, c) in containers.iter().enumerate() {
        let p = format!("{spec_path}.containers[{i}]");
        common_container(c, &p, &mut regular_names, &volume_names, tgps, sink);
        // validateContainers: container-level policies need ContainerRestartRules (V4.1).
        if profile.container_restart_rules() {
            container_restart_rules(c, &p, profile, sink);
        } else if has(c, "restartPolicy") {
            sink.forbidden(
                &field_path(&p, "restartPolicy"),
                "may not be set for non-init containers",
            );
        }
        probe_rules(c, &p, true, sink);
    }
    let mut init_names = BTreeSet::new();
    for (i, c) in inits.iter().enumerate() {
        let p = format!("{spec_path}.initContainers[{i}]");
        if let Some(n) = str_at(c, "name") {
            if regular_names.contains(n) {
                sink.duplicate(&field_path(&p, "name"), n);
            }
        }
        common_container(c, &p, &mut init_names, &volume_names, tgps, sink);
        let sidecar = str_at(c, "restartPolicy") == Some("Always");
        init_restart_policy(c, &p, profile, sink);
        if sidecar {
            probe_rules(c, &p, true, sink);
        } else {
            for f in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                if has(c, f) {
                    sink.forbidden(&field_path(&p, f), INIT_FORBIDDEN);
                }
            }
        }
    }
    if containers.len() + inits.len() > crate::MAX_CONTAINERS {
        sink.error(
            &field_path(spec_path, "containers"),
            format!(
                "Too many: {}: must have at most {} containers (podlife limit)",
                containers.len() + inits.len(),
                crate::MAX_CONTAINERS
            ),
        );
    }

    tolerations_rules(spec, spec_path, profile, sink);
    for (i, g) in seq_at(spec, "schedulingGates").iter().enumerate() {
        // validateSchedulingGates: the error is on the item, not on `.name`.
        let p = format!("{spec_path}.schedulingGates[{i}]");
        let name = str_at(g, "name").unwrap_or("");
        for m in names::qualified_name(name) {
            sink.invalid(&p, &q(name), &m);
        }
        let earlier = seq_at(spec, "schedulingGates")[..i]
            .iter()
            .any(|o| str_at(o, "name").unwrap_or("") == name);
        if earlier {
            sink.duplicate(&p, name);
        }
    }
    // A gated pod is not scheduled yet, so it cannot name its node (ValidatePodCreate).
    if !seq_at(spec, "schedulingGates").is_empty()
        && str_at(spec, "nodeName").is_some_and(|n| !n.is_empty())
    {
        sink.forbidden(
            &field_path(spec_path, "nodeName"),
            "cannot be set until all schedulingGates have been cleared",
        );
    }

    if let Some(rp) = str_at(spec, "restartPolicy") {
        if !["Always", "OnFailure", "Never"].contains(&rp) {
            sink.unsupported(
                &field_path(spec_path, "restartPolicy"),
                rp,
                &["Always", "OnFailure", "Never"],
            );
        }
    }
    if let Some(dp) = str_at(spec, "dnsPolicy") {
        if !["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"].contains(&dp) {
            sink.unsupported(
                &field_path(spec_path, "dnsPolicy"),
                dp,
                &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
            );
        }
    }
    if let Some(a) = int_at(spec, "activeDeadlineSeconds") {
        if !(1..=i64::from(i32::MAX)).contains(&a) {
            sink.invalid(
                &field_path(spec_path, "activeDeadlineSeconds"),
                &a.to_string(),
                "must be between 1 and 2147483647, inclusive",
            );
        }
    }
    for (k, v) in string_map(spec, "nodeSelector") {
        labels_rule(&field_path(spec_path, "nodeSelector"), &k, &v, sink);
    }
    for (i, g) in seq_at(spec, "readinessGates").iter().enumerate() {
        let p = format!("{spec_path}.readinessGates[{i}].conditionType");
        let ct = str_at(g, "conditionType").unwrap_or("");
        for m in names::qualified_name(ct) {
            sink.invalid(&p, &q(ct), &m);
        }
    }
    if bool_at(spec, "hostNetwork") == Some(true) {
        // hostPort defaults to containerPort on the host network; a different one is invalid.
        for (list, cs) in [("initContainers", inits), ("containers", containers)] {
            for (i, c) in cs.iter().enumerate() {
                for (j, port) in seq_at(c, "ports").iter().enumerate() {
                    let cp = int_at(port, "containerPort").unwrap_or(0);
                    let hp = int_at(port, "hostPort").unwrap_or(0);
                    if hp != 0 && hp != cp {
                        sink.invalid(
                            &format!("{spec_path}.{list}[{i}].ports[{j}].hostPort"),
                            &hp.to_string(),
                            "must match `containerPort` when `hostNetwork` is true",
                        );
                    }
                }
            }
        }
    }
    if has(spec, "ephemeralContainers") {
        sink.forbidden(
            &field_path(spec_path, "ephemeralContainers"),
            "cannot be set on create",
        );
    }
    if let Some(n) = str_at(spec, "nodeName") {
        for m in names::dns1123_subdomain(n) {
            sink.invalid(&field_path(spec_path, "nodeName"), &q(n), &m);
        }
    }
}

const CONTAINER_RESTART_POLICIES: [&str; 3] = ["Always", "Never", "OnFailure"];

/// validateContainerRestartPolicy (1.35+, V4.2): a container's `restartPolicy` and
/// `restartPolicyRules`, for regular containers and non-sidecar init containers.
fn container_restart_rules(c: &Value, p: &str, profile: Profile, sink: &mut Sink<'_>) {
    let rules = seq_at(c, "restartPolicyRules");
    match str_at(c, "restartPolicy") {
        None if !has(c, "restartPolicy") => {
            if rules.is_empty() {
                return;
            }
            sink.error(
                &field_path(p, "restartPolicy"),
                "Required value: must specify restartPolicy when restart rules are used",
            );
        }
        Some(rp) if CONTAINER_RESTART_POLICIES.contains(&rp) => {}
        other => sink.unsupported(
            &field_path(p, "restartPolicy"),
            other.unwrap_or(""),
            &CONTAINER_RESTART_POLICIES,
        ),
    }
    let rp = format!("{p}.restartPolicyRules");
    if rules.len() > 20 {
        sink.error(&rp, profile.too_many_items_message(rules.len(), 20));
    }
    // 1.35 lists only "Restart" whatever is allowed (kubernetes#137368, fixed in 1.36).
    let allowed: &[&str] = if profile.restart_all_containers() {
        &["Restart", "RestartAllContainers"]
    } else {
        &["Restart"]
    };
    let listed: &[&str] = if profile.minor >= 36 {
        allowed
    } else {
        &["Restart"]
    };
    for (j, rule) in rules.iter().enumerate() {
        let jp = format!("{rp}[{j}]");
        let action = str_at(rule, "action").unwrap_or("");
        if !allowed.contains(&action) {
            sink.unsupported(&field_path(&jp, "action"), action, listed);
        }
        match get(rule, "exitCodes").filter(|e| !e.is_null()) {
            Some(ec) => {
                let op = str_at(ec, "operator").unwrap_or("");
                if !["In", "NotIn"].contains(&op) {
                    sink.unsupported(&field_path(&jp, "exitCodes.operator"), op, &["In", "NotIn"]);
                }
                let n = seq_at(ec, "values").len();
                if n > 255 {
                    sink.error(
                        &field_path(&jp, "exitCodes.values"),
                        profile.too_many_items_message(n, 255),
                    );
                }
            }
            None => sink.error(
                &field_path(&jp, "exitCodes"),
                "Required value: must be specified",
            ),
        }
    }
}

/// validateInitContainerRestartPolicy (V4.3): 1.33 knows only `Always` (a sidecar); from 1.35
/// a non-sidecar init container may set any policy and rules, and from 1.36 a sidecar may
/// carry rules (for RestartAllContainers). 1.34 dropped everything but `Always` before this.
fn init_restart_policy(c: &Value, p: &str, profile: Profile, sink: &mut Sink<'_>) {
    if !profile.container_restart_rules() {
        if let Some(other) = str_at(c, "restartPolicy").filter(|r| *r != "Always") {
            sink.unsupported(&field_path(p, "restartPolicy"), other, &["Always"]);
        } else if has(c, "restartPolicy") && str_at(c, "restartPolicy").is_none() {
            sink.unsupported(&field_path(p, "restartPolicy"), "", &["Always"]);
        }
        return;
    }
    match str_at(c, "restartPolicy") {
        Some("Always") => {
            if profile.restart_all_containers() {
                container_restart_rules(c, p, profile, sink);
            } else if !seq_at(c, "restartPolicyRules").is_empty() {
                sink.forbidden(
                    &field_path(p, "restartPolicyRules"),
                    "restartPolicyRules are not allowed for init containers with restart policy Always",
                );
            }
        }
        _ => container_restart_rules(c, p, profile, sink),
    }
}

/// ValidateTolerations (V4.5): the operator's supported values depend on the minor.
fn tolerations_rules(spec: &Value, spec_path: &str, profile: Profile, sink: &mut Sink<'_>) {
    for (i, t) in seq_at(spec, "tolerations").iter().enumerate() {
        let p = format!("{spec_path}.tolerations[{i}]");
        let key = str_at(t, "key").unwrap_or("");
        let op = str_at(t, "operator").unwrap_or("");
        let value = str_at(t, "value").unwrap_or("");
        if !key.is_empty() {
            for m in names::qualified_name(key) {
                sink.invalid(&field_path(&p, "key"), &q(key), &m);
            }
        }
        if key.is_empty() && op != "Exists" {
            sink.invalid(
                &field_path(&p, "operator"),
                &q(op),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        let effect = str_at(t, "effect").unwrap_or("");
        if has(t, "tolerationSeconds") && effect != "NoExecute" {
            sink.invalid(
                &field_path(&p, "effect"),
                &q(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match op {
            "Equal" | "" => {
                let msgs = names::label_value(value);
                if !msgs.is_empty() {
                    sink.invalid(&field_path(&p, "operator"), &q(value), &msgs.join(";"));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    sink.invalid(
                        &field_path(&p, "operator"),
                        &q(value),
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            // Known from 1.35 (TaintTolerationComparisonOperators, off by default): the error
            // lists them although they are not allowed.
            "Lt" | "Gt" if profile.minor >= 35 => sink.unsupported(
                &field_path(&p, "operator"),
                op,
                &["Equal", "Exists", "Lt", "Gt"],
            ),
            _ => sink.unsupported(&field_path(&p, "operator"), op, &["Equal", "Exists"]),
        }
        if !effect.is_empty() && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect)
        {
            sink.unsupported(
                &field_path(&p, "effect"),
                effect,
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            );
        }
    }
}

/// Label key/value rules, reported on the map's path as the API server does.
pub fn labels_rule(path: &str, k: &str, v: &str, sink: &mut Sink<'_>) {
    for m in names::qualified_name(k) {
        sink.invalid(path, &q(k), &m);
    }
    for m in names::label_value(v) {
        sink.invalid(path, &q(v), &m);
    }
}

fn common_container(
    c: &Value,
    p: &str,
    seen: &mut BTreeSet<String>,
    volumes: &BTreeSet<String>,
    tgps: i64,
    sink: &mut Sink<'_>,
) {
    match str_at(c, "name") {
        None | Some("") => sink.required(&field_path(p, "name")),
        Some(n) => {
            for m in names::dns1123_label(n) {
                sink.invalid(&field_path(p, "name"), &q(n), &m);
            }
            if !seen.insert(n.to_string()) {
                sink.duplicate(&field_path(p, "name"), n);
            }
        }
    }
    match str_at(c, "image") {
        None | Some("") => sink.required(&field_path(p, "image")),
        Some(img) if img.trim() != img => sink.invalid(
            &field_path(p, "image"),
            &q(img),
            "must not have leading or trailing whitespace",
        ),
        Some(_) => {}
    }
    if let Some(pp) = str_at(c, "imagePullPolicy") {
        if !["Always", "IfNotPresent", "Never"].contains(&pp) {
            sink.unsupported(
                &field_path(p, "imagePullPolicy"),
                pp,
                &["Always", "IfNotPresent", "Never"],
            );
        }
    }
    if let Some(tmp) = str_at(c, "terminationMessagePolicy") {
        if !["File", "FallbackToLogsOnError"].contains(&tmp) {
            sink.unsupported(
                &field_path(p, "terminationMessagePolicy"),
                tmp,
                &["File", "FallbackToLogsOnError"],
            );
        }
    }
    // Ports.
    let mut port_names = BTreeSet::new();
    for (i, port) in seq_at(c, "ports").iter().enumerate() {
        let pp = format!("{p}.ports[{i}]");
        if let Some(n) = str_at(port, "name") {
            for m in names::port_name(n) {
                sink.invalid(&field_path(&pp, "name"), &q(n), &m);
            }
            if !port_names.insert(n.to_string()) {
                sink.duplicate(&field_path(&pp, "name"), n);
            }
        }
        match int_at(port, "containerPort") {
            None | Some(0) => sink.required(&field_path(&pp, "containerPort")),
            Some(n) => {
                if let Some(m) = names::port_num(n) {
                    sink.invalid(&field_path(&pp, "containerPort"), &n.to_string(), &m);
                }
            }
        }
        if let Some(h) = int_at(port, "hostPort") {
            if h != 0 {
                if let Some(m) = names::port_num(h) {
                    sink.invalid(&field_path(&pp, "hostPort"), &h.to_string(), &m);
                }
            }
        }
        if let Some(proto) = str_at(port, "protocol") {
            if !["SCTP", "TCP", "UDP"].contains(&proto) {
                sink.unsupported(&field_path(&pp, "protocol"), proto, &["SCTP", "TCP", "UDP"]);
            }
        }
    }
    // Env names (the relaxed rule, default since 1.32: printable ASCII except '=').
    for (i, e) in seq_at(c, "env").iter().enumerate() {
        match str_at(e, "name") {
            None | Some("") => sink.required(&format!("{p}.env[{i}].name")),
            Some(n) if !n.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'=') => sink.invalid(
                &format!("{p}.env[{i}].name"),
                &q(n),
                "a valid environment variable name must consist only of printable ASCII characters other than '='",
            ),
            Some(_) => {}
        }
    }
    // Resources.
    if let Some(res) = get(c, "resources") {
        let limits = quantities(res, "limits");
        for (which, list) in [
            ("limits", &limits),
            ("requests", &quantities(res, "requests")),
        ] {
            for (name, qty) in list.iter() {
                let rp = format!("{p}.resources.{which}[{name}]");
                if !is_container_resource(name) {
                    sink.invalid(&rp, &q(name), "must be a standard resource for containers");
                }
                if let Some(qv) = qty {
                    if qv.milli < 0 {
                        sink.invalid(&rp, &q(&qv.canonical), "must be greater than or equal to 0");
                    }
                }
            }
        }
        for (name, req) in quantities(res, "requests") {
            let lim = limits
                .binary_search_by(|(n, _)| n.cmp(&name))
                .ok()
                .and_then(|i| limits[i].1.as_ref());
            let (Some(req), Some(lim)) = (req, lim) else {
                continue;
            };
            if req.milli > lim.milli {
                sink.invalid(
                    &field_path(p, "resources.requests"),
                    &q(&req.canonical),
                    &format!(
                        "must be less than or equal to {name} limit of {}",
                        lim.canonical
                    ),
                );
            }
        }
    }
    // Volume mounts.
    let mut mount_paths = BTreeSet::new();
    for (i, m) in seq_at(c, "volumeMounts").iter().enumerate() {
        let mp = format!("{p}.volumeMounts[{i}]");
        match str_at(m, "name") {
            None | Some("") => sink.required(&field_path(&mp, "name")),
            Some(n) if !volumes.contains(n) => sink.not_found(&field_path(&mp, "name"), n),
            Some(_) => {}
        }
        if let Some(sp) = str_at(m, "subPath").filter(|x| !x.is_empty()) {
            let spp = format!("{mp}.subPath");
            if sp.starts_with('/') {
                sink.invalid(&spp, &q(sp), "must be a relative path");
            }
            if sp.split('/').any(|part| part == "..") {
                sink.invalid(&spp, &q(sp), "must not contain '..'");
            }
        }
        match str_at(m, "mountPath") {
            None | Some("") => sink.required(&field_path(&mp, "mountPath")),
            Some(path) => {
                if !mount_paths.insert(path.to_string()) {
                    sink.invalid(&field_path(&mp, "mountPath"), &q(path), "must be unique");
                }
            }
        }
    }
    // Lifecycle hooks (rejected separately on regular init containers).
    if let Some(lc) = get(c, "lifecycle") {
        for hook in ["postStart", "preStop"] {
            if let Some(h) = get(lc, hook) {
                let hp = format!("{p}.lifecycle.{hook}");
                handler_rules(h, &hp, &LIFECYCLE_HANDLERS, sink);
                if let Some(s) = get(h, "sleep") {
                    // validateSleepAction reports on `sleep` itself (V4.7).
                    let secs = int_at(s, "seconds").unwrap_or(0);
                    if secs < 0 || secs > tgps {
                        sink.invalid(
                            &field_path(&hp, "sleep"),
                            &secs.to_string(),
                            &format!("must be non-negative and less than terminationGracePeriodSeconds ({tgps})"),
                        );
                    }
                }
            }
        }
    }
}

fn is_container_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory" | "ephemeral-storage")
        || name.starts_with("hugepages-")
        || (name.contains('/')
            && !name.starts_with("kubernetes.io/")
            && names::qualified_name(name).is_empty())
}

/// Parsed quantities of `resources.<key>`, sorted by name (None where the text does not parse;
/// strict decoding has reported that already). A sorted list rather than a `BTreeMap`: that
/// value type would be one more tree instance in the app.
fn quantities(res: &Value, key: &str) -> Vec<(String, Option<Quantity>)> {
    let mut out = Vec::new();
    if let Some(Value::Mapping(m)) = get(res, key) {
        for (k, v) in m {
            if let (Some(k), Some(t)) = (k.as_str(), scalar_text(v)) {
                out.push((k.to_string(), parse_quantity(&t).ok()));
            }
        }
    }
    crate::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    // Of equal names (a tagged key and a plain one) the last counts, as a map's insert does.
    out.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            std::mem::swap(later, kept);
        }
        same
    });
    out
}

/// Probe rules for a container that may carry probes (regular or sidecar).
fn probe_rules(c: &Value, p: &str, _may_have: bool, sink: &mut Sink<'_>) {
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        let Some(pr) = get(c, probe) else { continue };
        let pp = format!("{p}.{probe}");
        handler_rules(pr, &pp, &PROBE_HANDLERS, sink);
        for f in [
            "initialDelaySeconds",
            "timeoutSeconds",
            "periodSeconds",
            "successThreshold",
            "failureThreshold",
        ] {
            if let Some(v) = int_at(pr, f) {
                if v < 0 {
                    sink.invalid(
                        &field_path(&pp, f),
                        &v.to_string(),
                        "must be greater than or equal to 0",
                    );
                }
            }
        }
        if probe != "readinessProbe" {
            let st = int_at(pr, "successThreshold")
                .filter(|v| *v != 0)
                .unwrap_or(d::PROBE_SUCCESS_THRESHOLD);
            if st != 1 && st > 0 {
                sink.invalid(
                    &field_path(&pp, "successThreshold"),
                    &st.to_string(),
                    "must be 1",
                );
            }
        }
        if let Some(t) = int_at(pr, "terminationGracePeriodSeconds") {
            if probe == "readinessProbe" {
                sink.invalid(
                    &field_path(&pp, "terminationGracePeriodSeconds"),
                    &t.to_string(),
                    "must not be set for readinessProbes",
                );
            } else if t <= 0 {
                sink.invalid(
                    &field_path(&pp, "terminationGracePeriodSeconds"),
                    &t.to_string(),
                    "must be greater than 0",
                );
            }
        }
    }
}

/// Exactly one handler; then the handler's own fields.
fn handler_rules(h: &Value, hp: &str, kinds: &[&str], sink: &mut Sink<'_>) {
    let present: Vec<&str> = kinds.iter().copied().filter(|k| has(h, k)).collect();
    if present.is_empty() {
        sink.error(hp, "Required value: must specify a handler type");
    }
    for extra in present.iter().skip(1) {
        sink.forbidden(
            &field_path(hp, extra),
            "may not specify more than 1 handler type",
        );
    }
    if let Some(e) = get(h, "exec") {
        if seq_at(e, "command").is_empty() {
            sink.required(&field_path(hp, "exec.command"));
        }
    }
    for k in ["httpGet", "tcpSocket"] {
        if let Some(x) = get(h, k) {
            port_or_name(get(x, "port"), &format!("{hp}.{k}.port"), sink);
            if k == "httpGet" {
                if let Some(s) = str_at(x, "scheme") {
                    if s != "HTTP" && s != "HTTPS" {
                        sink.unsupported(&field_path(hp, "httpGet.scheme"), s, &["HTTP", "HTTPS"]);
                    }
                }
                for (i, hd) in seq_at(x, "httpHeaders").iter().enumerate() {
                    let np = format!("{hp}.httpGet.httpHeaders[{i}].name");
                    match str_at(hd, "name") {
                        None | Some("") => sink.required(&np),
                        Some(n) if !n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => sink.invalid(
                            &np,
                            &q(n),
                            "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
                        ),
                        Some(_) => {}
                    }
                }
            }
        }
    }
    if let Some(g) = get(h, "grpc") {
        let n = int_at(g, "port").unwrap_or(0);
        if let Some(m) = names::port_num(n) {
            sink.invalid(&field_path(hp, "grpc.port"), &n.to_string(), &m);
        }
    }
}

fn port_or_name(v: Option<&Value>, path: &str, sink: &mut Sink<'_>) {
    match v {
        Some(Value::String(s)) => {
            for m in names::port_name(s) {
                sink.invalid(path, &q(s), &m);
            }
        }
        Some(Value::Number(n)) => {
            let i = n.as_i64().unwrap_or(0);
            if let Some(m) = names::port_num(i) {
                sink.invalid(path, &i.to_string(), &m);
            }
        }
        _ => {
            if let Some(m) = names::port_num(0) {
                sink.invalid(path, "0", &m);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Conversion (run only when validation found no errors; still never panics).

pub fn convert_spec(spec: &Value) -> PodSpec {
    let volumes = seq_at(spec, "volumes")
        .iter()
        .map(|v| {
            let name = str_at(v, "name").unwrap_or_default().to_string();
            let source = if has(v, "emptyDir") {
                VolumeSource::EmptyDir
            } else if let Some(hp) = get(v, "hostPath") {
                VolumeSource::HostPath {
                    path: str_at(hp, "path").unwrap_or_default().to_string(),
                }
            } else {
                let kind = volume_sources()
                    .into_iter()
                    .find(|k| has(v, k))
                    .unwrap_or("unknown")
                    .to_string();
                VolumeSource::Other { kind }
            };
            Volume { name, source }
        })
        .collect();
    let mut tolerations: Vec<Toleration> = seq_at(spec, "tolerations")
        .iter()
        .map(|t| Toleration {
            key: str_at(t, "key").map(str::to_string),
            operator: str_at(t, "operator").unwrap_or("Equal").to_string(),
            value: str_at(t, "value").map(str::to_string),
            effect: str_at(t, "effect").map(str::to_string),
            toleration_seconds: int_at(t, "tolerationSeconds"),
        })
        .collect();
    d::add_default_tolerations(&mut tolerations);
    let host_network = bool_at(spec, "hostNetwork").unwrap_or(false);
    let with_host_ports = |mut c: Container| {
        if host_network {
            for p in &mut c.ports {
                p.host_port.get_or_insert(p.container_port);
            }
        }
        c
    };
    PodSpec {
        init_containers: seq_at(spec, "initContainers")
            .iter()
            .map(convert_container)
            .map(with_host_ports)
            .collect(),
        containers: seq_at(spec, "containers")
            .iter()
            .map(convert_container)
            .map(with_host_ports)
            .collect(),
        restart_policy: match str_at(spec, "restartPolicy") {
            Some("OnFailure") => RestartPolicy::OnFailure,
            Some("Never") => RestartPolicy::Never,
            _ => d::RESTART_POLICY,
        },
        // A Pod's negative grace period is stored as 1 (V3.3, pkg/apis/core/v1 conversion).
        termination_grace_period_seconds: int_at(spec, "terminationGracePeriodSeconds")
            .map(|t| if t < 0 { 1 } else { t })
            .unwrap_or(d::TERMINATION_GRACE_PERIOD_SECONDS),
        active_deadline_seconds: int_at(spec, "activeDeadlineSeconds"),
        node_name: str_at(spec, "nodeName").map(str::to_string),
        node_selector: crate::sort::tree(string_map(spec, "nodeSelector")),
        readiness_gates: seq_at(spec, "readinessGates")
            .iter()
            .filter_map(|g| str_at(g, "conditionType").map(str::to_string))
            .collect(),
        volumes,
        automount_service_account_token: bool_at(spec, "automountServiceAccountToken")
            .unwrap_or(d::AUTOMOUNT_SERVICE_ACCOUNT_TOKEN),
        service_account_name: str_at(spec, "serviceAccountName")
            .or_else(|| str_at(spec, "serviceAccount"))
            .unwrap_or(d::SERVICE_ACCOUNT_NAME)
            .to_string(),
        hostname: str_at(spec, "hostname").map(str::to_string),
        subdomain: str_at(spec, "subdomain").map(str::to_string),
        host_network,
        priority: int_at(spec, "priority")
            .and_then(|p| i32::try_from(p).ok())
            .unwrap_or(d::PRIORITY),
        tolerations,
        scheduler_name: str_at(spec, "schedulerName")
            .unwrap_or(d::SCHEDULER_NAME)
            .to_string(),
        dns_policy: str_at(spec, "dnsPolicy")
            .unwrap_or(d::DNS_POLICY)
            .to_string(),
        enable_service_links: bool_at(spec, "enableServiceLinks")
            .unwrap_or(d::ENABLE_SERVICE_LINKS),
        scheduling_gates: seq_at(spec, "schedulingGates")
            .iter()
            .filter_map(|g| str_at(g, "name").map(str::to_string))
            .collect(),
    }
}

fn convert_container(c: &Value) -> Container {
    let image = str_at(c, "image").unwrap_or_default().to_string();
    let ports: Vec<ContainerPort> = seq_at(c, "ports")
        .iter()
        .map(|p| ContainerPort {
            name: str_at(p, "name").map(str::to_string),
            container_port: int_at(p, "containerPort")
                .and_then(|n| u16::try_from(n).ok())
                .unwrap_or(0),
            protocol: str_at(p, "protocol")
                .unwrap_or(d::PORT_PROTOCOL)
                .to_string(),
            host_port: int_at(p, "hostPort")
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| *n != 0),
        })
        .collect();
    let mut resources = Resources::default();
    if let Some(res) = get(c, "resources") {
        for (k, v) in quantities(res, "limits") {
            if let Some(v) = v {
                resources.limits.insert(k, v);
            }
        }
        for (k, v) in quantities(res, "requests") {
            if let Some(v) = v {
                resources.requests.insert(k, v);
            }
        }
    }
    d::default_requests_to_limits(&mut resources);
    let probe = |key: &str| get(c, key).map(|p| convert_probe(p, &ports));
    let hook = |key: &str| {
        get(c, "lifecycle")
            .and_then(|l| get(l, key))
            .and_then(|h| convert_hook(h, &ports))
    };
    Container {
        name: str_at(c, "name").unwrap_or_default().to_string(),
        image_pull_policy: match str_at(c, "imagePullPolicy") {
            Some("Always") => PullPolicy::Always,
            Some("IfNotPresent") => PullPolicy::IfNotPresent,
            Some("Never") => PullPolicy::Never,
            _ => d::pull_policy_for(&image),
        },
        image,
        command: strings_at(c, "command"),
        args: strings_at(c, "args"),
        working_dir: str_at(c, "workingDir").map(str::to_string),
        env: seq_at(c, "env")
            .iter()
            .map(|e| EnvVar {
                name: str_at(e, "name").unwrap_or_default().to_string(),
                value: if has(e, "valueFrom") {
                    None
                } else {
                    Some(str_at(e, "value").unwrap_or_default().to_string())
                },
            })
            .collect(),
        resources,
        volume_mounts: seq_at(c, "volumeMounts")
            .iter()
            .map(|m| VolumeMount {
                name: str_at(m, "name").unwrap_or_default().to_string(),
                mount_path: str_at(m, "mountPath").unwrap_or_default().to_string(),
                sub_path: str_at(m, "subPath").map(str::to_string),
                read_only: bool_at(m, "readOnly").unwrap_or(false),
            })
            .collect(),
        liveness_probe: probe("livenessProbe"),
        readiness_probe: probe("readinessProbe"),
        startup_probe: probe("startupProbe"),
        lifecycle: Lifecycle {
            post_start: hook("postStart"),
            pre_stop: hook("preStop"),
        },
        restart_policy: match str_at(c, "restartPolicy") {
            Some("Always") => Some(RestartPolicy::Always),
            Some("OnFailure") => Some(RestartPolicy::OnFailure),
            Some("Never") => Some(RestartPolicy::Never),
            _ => None,
        },
        restart_rules: seq_at(c, "restartPolicyRules")
            .iter()
            .map(|r| ContainerRestartRule {
                action: match str_at(r, "action") {
                    Some("RestartAllContainers") => RestartRuleAction::RestartAllContainers,
                    _ => RestartRuleAction::Restart,
                },
                exit_codes_in: get(r, "exitCodes").and_then(|e| str_at(e, "operator"))
                    != Some("NotIn"),
                exit_codes: get(r, "exitCodes")
                    .map(|e| {
                        seq_at(e, "values")
                            .iter()
                            .filter_map(|v| v.as_i64().and_then(|n| i32::try_from(n).ok()))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect(),
        ports,
        termination_message_path: str_at(c, "terminationMessagePath")
            .unwrap_or(d::TERMINATION_MESSAGE_PATH)
            .to_string(),
        termination_message_policy: str_at(c, "terminationMessagePolicy")
            .unwrap_or(d::TERMINATION_MESSAGE_POLICY)
            .to_string(),
        stdin: bool_at(c, "stdin").unwrap_or(false),
        tty: bool_at(c, "tty").unwrap_or(false),
    }
}

/// Resolves a probe/hook port (`80` or a declared port name).
pub fn port_ref(v: Option<&Value>, ports: &[ContainerPort]) -> PortRef {
    match v {
        Some(Value::Number(n)) => PortRef {
            written: n.to_string(),
            number: n
                .as_u64()
                .and_then(|x| u16::try_from(x).ok())
                .filter(|x| *x != 0),
        },
        Some(Value::String(s)) => PortRef {
            written: s.clone(),
            number: match s.parse::<u16>() {
                Ok(n) => Some(n),
                Err(_) => ports
                    .iter()
                    .find(|p| p.name.as_deref() == Some(s.as_str()))
                    .map(|p| p.container_port),
            },
        },
        _ => PortRef {
            written: String::new(),
            number: None,
        },
    }
}

fn http_get(h: &Value, ports: &[ContainerPort]) -> HttpGet {
    HttpGet {
        path: str_at(h, "path").unwrap_or(d::HTTP_GET_PATH).to_string(),
        port: port_ref(get(h, "port"), ports),
        host: str_at(h, "host").map(str::to_string),
        scheme: str_at(h, "scheme")
            .unwrap_or(d::HTTP_GET_SCHEME)
            .to_string(),
        headers: seq_at(h, "httpHeaders")
            .iter()
            .map(|x| {
                (
                    str_at(x, "name").unwrap_or_default().to_string(),
                    str_at(x, "value").unwrap_or_default().to_string(),
                )
            })
            .collect(),
    }
}

fn convert_probe(p: &Value, ports: &[ContainerPort]) -> Probe {
    let handler = if let Some(e) = get(p, "exec") {
        ProbeHandler::Exec {
            command: strings_at(e, "command"),
        }
    } else if let Some(h) = get(p, "httpGet") {
        ProbeHandler::HttpGet(http_get(h, ports))
    } else if let Some(t) = get(p, "tcpSocket") {
        ProbeHandler::TcpSocket {
            port: port_ref(get(t, "port"), ports),
            host: str_at(t, "host").map(str::to_string),
        }
    } else if let Some(g) = get(p, "grpc") {
        ProbeHandler::Grpc {
            port: int_at(g, "port")
                .and_then(|n| u16::try_from(n).ok())
                .unwrap_or(0),
            service: str_at(g, "service").map(str::to_string),
        }
    } else {
        ProbeHandler::Exec {
            command: Vec::new(),
        }
    };
    let field = |k: &str, default: i64| -> i32 {
        let v = int_at(p, k).unwrap_or(0);
        let v = if v == 0 { default } else { v };
        i32::try_from(v).unwrap_or(i32::MAX)
    };
    Probe {
        handler,
        initial_delay_seconds: field("initialDelaySeconds", d::PROBE_INITIAL_DELAY_SECONDS),
        timeout_seconds: field("timeoutSeconds", d::PROBE_TIMEOUT_SECONDS),
        period_seconds: field("periodSeconds", d::PROBE_PERIOD_SECONDS),
        success_threshold: field("successThreshold", d::PROBE_SUCCESS_THRESHOLD),
        failure_threshold: field("failureThreshold", d::PROBE_FAILURE_THRESHOLD),
        termination_grace_period_seconds: int_at(p, "terminationGracePeriodSeconds"),
    }
}

fn convert_hook(h: &Value, ports: &[ContainerPort]) -> Option<LifecycleHandler> {
    if let Some(e) = get(h, "exec") {
        Some(LifecycleHandler::Exec {
            command: strings_at(e, "command"),
        })
    } else if let Some(x) = get(h, "httpGet") {
        Some(LifecycleHandler::HttpGet(http_get(x, ports)))
    } else if let Some(t) = get(h, "tcpSocket") {
        Some(LifecycleHandler::TcpSocket {
            port: port_ref(get(t, "port"), ports),
            host: str_at(t, "host").map(str::to_string),
        })
    } else {
        get(h, "sleep").map(|s| LifecycleHandler::Sleep {
            seconds: int_at(s, "seconds").unwrap_or(0),
        })
    }
}
