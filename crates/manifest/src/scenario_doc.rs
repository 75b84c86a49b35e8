//! The `kind: Scenario` document (apiVersion `podlife/v1`): the simulation setup. Its field
//! names are a contract (saved links and tools depend on them).

use std::collections::BTreeSet;

use podlife_spec::vec_map::VecMap;
use podlife_spec::{
    parse_duration, parse_kube_version, parse_quantity, Action, ActionKind, Behavior, Node,
    Registry, ServiceRef, Setup, SimTime, Taint, DEFAULT_UNTIL, MAX_UNTIL, SUPPORTED_KUBE_MINORS,
};
use serde_yaml::Value;

use crate::names;

pub(crate) mod expect;
use crate::val::{
    bool_at, field_path, get, int_at, q, scalar_text, seq_at, str_at, string_map, strings_at, Sink,
};

/// Fields of each object of the Scenario document (unknown ones are errors, as for Pods).
const FIELDS: &[(&str, &[&str])] = &[
    ("", &["apiVersion", "kind", "metadata", "spec"]),
    ("metadata", &["name", "namespace", "labels", "annotations"]),
    (
        "spec",
        &[
            "until",
            "kubernetesVersion",
            "nodes",
            "registry",
            "behavior",
            "actions",
            "seed",
            "expect",
        ],
    ),
    ("node", &["name", "labels", "capacity", "images", "taints"]),
    ("capacity", &["cpu", "memory", "pods"]),
    ("taint", &["key", "value", "effect"]),
    ("registry", &["pullSeconds", "missing"]),
    (
        "behavior",
        &[
            "exitAfter",
            "exitCode",
            "memory",
            "listenAfter",
            "ignoreSigterm",
        ],
    ),
    (
        "action",
        &[
            "at",
            "exec",
            "delete",
            "create",
            "remove",
            "nodeDown",
            "nodeUp",
            "removeSchedulingGates",
        ],
    ),
    ("exec", &["container", "command"]),
    ("gates", &["names"]),
    ("delete", &["gracePeriodSeconds", "force"]),
    ("service", &["kind", "name", "namespace"]),
    ("empty", &[]),
];

fn unknown_fields(v: &Value, kind: &str, path: &str, sink: &mut Sink<'_>) {
    let allowed = FIELDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, f)| *f)
        .unwrap_or(&[]);
    // Other types are reported by `type_check`.
    if let Value::Mapping(m) = v {
        for k in m.keys() {
            let k = crate::schema::key_text(k);
            if !allowed.contains(&k.as_str()) {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                sink.error(&p, format!("unknown field {}", q(&p)));
                let near = allowed
                    .iter()
                    .filter_map(|f| {
                        let limit = 2.min(k.chars().count().saturating_sub(1));
                        crate::schema::edit_distance(&k, f, limit).map(|d| (d, *f))
                    })
                    .min_by_key(|(d, _)| *d);
                if let Some((_, f)) = near {
                    sink.hint(&p, crate::did_you_mean(f));
                }
            }
        }
    }
}

/// The JSON type each field of the Scenario document must have. Checked before anything is
/// read, so a list where a duration belongs (`until: [5m]`) or a string where an object belongs
/// (`behavior: crash`) is an error at its position, never silently ignored.
#[derive(Clone, Copy)]
enum T {
    Str,
    Int,
    Bool,
    /// A Go-style duration string or a number of seconds.
    Dur,
    /// A quantity (`250Mi`) or a plain number; also `kubernetesVersion` (`"1.35"` or `1.35`).
    StrOrNum,
    /// Any scalar, read as its text (list items and label values, as since format 1).
    Scalar,
    List(&'static T),
    /// A mapping with free keys (labels; `behavior` per container).
    Map(&'static T),
    /// An object with known fields (unknown ones are reported by `unknown_fields`).
    Obj(&'static [(&'static str, T)]),
}

const STR_MAP: T = T::Map(&T::Scalar);
const NODE: T = T::Obj(&[
    ("name", T::Str),
    ("labels", STR_MAP),
    (
        "capacity",
        T::Obj(&[
            ("cpu", T::StrOrNum),
            ("memory", T::StrOrNum),
            ("pods", T::Int),
        ]),
    ),
    ("images", T::List(&T::Scalar)),
    (
        "taints",
        T::List(&T::Obj(&[
            ("key", T::Str),
            ("value", T::Str),
            ("effect", T::Str),
        ])),
    ),
]);
const SERVICE: T = T::Obj(&[("kind", T::Str), ("name", T::Str), ("namespace", T::Str)]);
const ACTION: T = T::Obj(&[
    ("at", T::Dur),
    (
        "exec",
        T::Obj(&[("container", T::Str), ("command", T::List(&T::Scalar))]),
    ),
    (
        "delete",
        T::Obj(&[("gracePeriodSeconds", T::Int), ("force", T::Bool)]),
    ),
    ("create", SERVICE),
    ("remove", SERVICE),
    ("nodeDown", T::Obj(&[])),
    ("nodeUp", T::Obj(&[])),
    (
        "removeSchedulingGates",
        T::Obj(&[("names", T::List(&T::Scalar))]),
    ),
]);
const DOC: T = T::Obj(&[
    ("apiVersion", T::Str),
    ("kind", T::Str),
    (
        "metadata",
        T::Obj(&[
            ("name", T::Str),
            ("namespace", T::Str),
            ("labels", STR_MAP),
            ("annotations", STR_MAP),
        ]),
    ),
    (
        "spec",
        T::Obj(&[
            ("until", T::Dur),
            ("kubernetesVersion", T::StrOrNum),
            ("nodes", T::List(&NODE)),
            (
                "registry",
                T::Obj(&[("pullSeconds", T::Dur), ("missing", T::List(&T::Scalar))]),
            ),
            (
                "behavior",
                T::Map(&T::Obj(&[
                    ("exitAfter", T::Dur),
                    ("exitCode", T::Int),
                    ("memory", T::StrOrNum),
                    ("listenAfter", T::Dur),
                    ("ignoreSigterm", T::Bool),
                ])),
            ),
            ("actions", T::List(&ACTION)),
            ("seed", T::Int),
            ("expect", T::List(&expect::ITEM)),
        ]),
    ),
]);

fn type_name(t: T) -> &'static str {
    match t {
        T::Str => "string",
        T::Int => "integer",
        T::Bool => "boolean",
        T::Dur | T::StrOrNum => "string or number",
        T::Scalar => "string",
        T::List(_) => "array",
        T::Map(_) | T::Obj(_) => "object",
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Sequence(_) => "array",
        Value::Mapping(_) => "object",
        Value::Tagged(t) => json_kind(&t.value),
    }
}

/// Reports every value of the wrong JSON type, with the API server's wording for a schema type
/// error (`spec.until: Invalid value: "array": spec.until in body must be of type string:
/// "array"`). Returns whether all types were right.
fn type_check(v: &Value, t: T, path: &str, sink: &mut Sink<'_>) -> bool {
    let v = match v {
        Value::Tagged(tv) => &tv.value,
        o => o,
    };
    if v.is_null() {
        return true; // null counts as absent
    }
    let ok = match (t, v) {
        (T::Str, Value::String(_)) | (T::Bool, Value::Bool(_)) => true,
        (T::Int, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (T::Dur | T::StrOrNum, Value::String(_) | Value::Number(_)) => true,
        (T::Scalar, Value::String(_) | Value::Number(_) | Value::Bool(_)) => true,
        (T::List(inner), Value::Sequence(items)) => {
            let mut all = true;
            for (i, item) in items.iter().enumerate() {
                all &= type_check(item, *inner, &format!("{path}[{i}]"), sink);
            }
            return all;
        }
        (T::Map(inner), Value::Mapping(m)) => {
            let mut all = true;
            for (k, item) in m {
                let k = crate::schema::key_text(k);
                let p = if matches!(inner, T::Obj(_)) {
                    format!("{path}[{k}]")
                } else {
                    format!("{path}.{k}")
                };
                all &= type_check(item, *inner, &p, sink);
            }
            return all;
        }
        (T::Obj(fields), Value::Mapping(m)) => {
            let mut all = true;
            for (k, item) in m {
                let k = crate::schema::key_text(k);
                if let Some((_, ft)) = fields.iter().find(|(f, _)| *f == k) {
                    let p = if path.is_empty() {
                        k
                    } else {
                        format!("{path}.{k}")
                    };
                    all &= type_check(item, *ft, &p, sink);
                }
            }
            return all;
        }
        _ => false,
    };
    if !ok {
        let got = json_kind(v);
        sink.error(
            path,
            format!(
                "Invalid value: {got:?}: {path} in body must be of type {}: {got:?}",
                type_name(t)
            ),
        );
    }
    ok
}

fn duration(v: &Value, path: &str, sink: &mut Sink<'_>) -> Option<SimTime> {
    let text = scalar_text(v)?;
    match parse_duration(&text) {
        Ok(t) => Some(t),
        Err(_) => {
            sink.invalid(
                path,
                &q(&text),
                "must be a duration such as 90s, 4m or 1h30m, or a number of seconds",
            );
            None
        }
    }
}

/// Parses and validates the Scenario document. `containers` are the pod's container names
/// (for behavior and exec targets), `namespace` the pod's namespace, `gates` its
/// `schedulingGates` (for `removeSchedulingGates`).
pub fn parse(
    doc: &Value,
    containers: &[String],
    namespace: &str,
    gates: &[String],
    sink: &mut Sink<'_>,
) -> Setup {
    let mut setup = Setup::default();
    if !type_check(doc, DOC, "", sink) {
        // Like a Pod that fails strict decoding: not validated further.
        unknown_fields(doc, "", "", sink);
        return setup;
    }
    unknown_fields(doc, "", "", sink);
    if let Some(md) = get(doc, "metadata") {
        unknown_fields(md, "metadata", "metadata", sink);
        setup.name = str_at(md, "name").map(str::to_string);
    }
    let Some(spec) = get(doc, "spec") else {
        return setup;
    };
    unknown_fields(spec, "spec", "spec", sink);

    if let Some(u) = get(spec, "until") {
        if let Some(t) = duration(u, "spec.until", sink) {
            if t > MAX_UNTIL {
                sink.invalid(
                    "spec.until",
                    &q(&scalar_text(u).unwrap_or_default()),
                    "must be at most 24h",
                );
            } else if t == SimTime::ZERO {
                sink.invalid(
                    "spec.until",
                    &q(&scalar_text(u).unwrap_or_default()),
                    "must be greater than 0",
                );
            } else {
                setup.until = t;
            }
        }
    } else {
        setup.until = DEFAULT_UNTIL;
    }

    if let Some(kv) = get(spec, "kubernetesVersion") {
        let text = scalar_text(kv).unwrap_or_default();
        let supported: Vec<String> = SUPPORTED_KUBE_MINORS
            .iter()
            .map(|m| format!("1.{m}"))
            .collect();
        // (A YAML number `1.30` reads as 1.3 and is reported as such: quote versions.)
        match parse_kube_version(&text) {
            Ok(m) => setup.kube_minor = m,
            Err(_) => {
                let refs: Vec<&str> = supported.iter().map(String::as_str).collect();
                sink.unsupported("spec.kubernetesVersion", &text, &refs);
            }
        }
    }

    let nodes = seq_at(spec, "nodes");
    if !nodes.is_empty() {
        let mut list = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, n) in nodes.iter().enumerate() {
            let p = format!("spec.nodes[{i}]");
            unknown_fields(n, "node", &p, sink);
            let mut node = Node::default();
            match str_at(n, "name") {
                None | Some("") => sink.required(&field_path(&p, "name")),
                Some(name) => {
                    for m in names::dns1123_subdomain(name) {
                        sink.invalid(&field_path(&p, "name"), &q(name), &m);
                    }
                    if !seen.insert(name.to_string()) {
                        sink.duplicate(&field_path(&p, "name"), name);
                    }
                    node.name = name.to_string();
                }
            }
            node.labels = crate::sort::tree(string_map(n, "labels"));
            if let Some(cap) = get(n, "capacity") {
                unknown_fields(cap, "capacity", &field_path(&p, "capacity"), sink);
                for (key, target) in [("cpu", 0), ("memory", 1)] {
                    if let Some(t) = get(cap, key).and_then(scalar_text) {
                        match parse_quantity(&t) {
                            Ok(qv) if target == 0 => node.cpu_milli = qv.milli,
                            Ok(qv) => node.memory_bytes = qv.milli / 1000,
                            Err(e) => sink.invalid(&format!("{p}.capacity.{key}"), &q(&t), &e.0),
                        }
                    }
                }
                if let Some(pods) = int_at(cap, "pods") {
                    match u32::try_from(pods) {
                        Ok(v) => node.pods = v,
                        Err(_) => sink.invalid(
                            &field_path(&p, "capacity.pods"),
                            &pods.to_string(),
                            "must be greater than or equal to 0",
                        ),
                    }
                }
            }
            node.images = strings_at(n, "images");
            for (j, t) in seq_at(n, "taints").iter().enumerate() {
                let tp = format!("{p}.taints[{j}]");
                unknown_fields(t, "taint", &tp, sink);
                let effect = str_at(t, "effect").unwrap_or_default();
                if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
                    sink.unsupported(
                        &field_path(&tp, "effect"),
                        effect,
                        &["NoSchedule", "PreferNoSchedule", "NoExecute"],
                    );
                }
                node.taints.push(Taint {
                    key: str_at(t, "key").unwrap_or_default().to_string(),
                    value: str_at(t, "value").map(str::to_string),
                    effect: effect.to_string(),
                });
            }
            list.push(node);
        }
        setup.nodes = list;
    }

    if let Some(reg) = get(spec, "registry") {
        unknown_fields(reg, "registry", "spec.registry", sink);
        let mut r = Registry::default();
        if let Some(ps) = get(reg, "pullSeconds") {
            if let Some(t) = duration(ps, "spec.registry.pullSeconds", sink) {
                r.pull = t;
            }
        }
        r.missing = strings_at(reg, "missing");
        setup.registry = r;
    }

    if let Some(Value::Mapping(b)) = get(spec, "behavior") {
        let mut out = VecMap::new();
        for (k, v) in b {
            let name = crate::schema::key_text(k);
            let p = format!("spec.behavior[{name}]");
            unknown_fields(v, "behavior", &p, sink);
            if !containers.contains(&name) {
                sink.not_found(&p, &name);
            }
            let mut beh = Behavior::default();
            if let Some(x) = get(v, "exitAfter") {
                beh.exit_after = duration(x, &field_path(&p, "exitAfter"), sink);
            }
            if let Some(x) = get(v, "listenAfter") {
                beh.listen_after = duration(x, &field_path(&p, "listenAfter"), sink);
            }
            if let Some(code) = int_at(v, "exitCode") {
                match i32::try_from(code) {
                    Ok(c) if (0..=255).contains(&c) => beh.exit_code = Some(c),
                    _ => sink.invalid(
                        &field_path(&p, "exitCode"),
                        &code.to_string(),
                        "must be between 0 and 255, inclusive",
                    ),
                }
            }
            if let Some(m) = get(v, "memory").and_then(scalar_text) {
                match parse_quantity(&m) {
                    Ok(qv) => beh.memory_bytes = Some(qv.milli / 1000),
                    Err(e) => sink.invalid(&field_path(&p, "memory"), &q(&m), &e.0),
                }
            }
            beh.ignore_sigterm = bool_at(v, "ignoreSigterm");
            out.insert(name, beh);
        }
        setup.behavior = out;
    }

    let mut actions = Vec::new();
    for (i, a) in seq_at(spec, "actions").iter().enumerate() {
        let p = format!("spec.actions[{i}]");
        unknown_fields(a, "action", &p, sink);
        let at = match get(a, "at") {
            Some(v) => duration(v, &field_path(&p, "at"), sink),
            None => {
                sink.required(&field_path(&p, "at"));
                None
            }
        };
        let kinds: Vec<&str> = [
            "exec",
            "delete",
            "create",
            "remove",
            "nodeDown",
            "nodeUp",
            "removeSchedulingGates",
        ]
        .into_iter()
        .filter(|k| matches!(a, Value::Mapping(m) if m.contains_key(*k)))
        .collect();
        if kinds.is_empty() {
            sink.error(&p, "Required value: must specify one of exec, delete, create, remove, nodeDown, nodeUp, removeSchedulingGates");
            continue;
        }
        for extra in kinds.iter().skip(1) {
            sink.forbidden(&field_path(&p, extra), "may not specify more than 1 action");
        }
        let kp = format!("{p}.{}", kinds[0]);
        let body = get(a, kinds[0]).cloned().unwrap_or(Value::Null);
        let kind = match kinds[0] {
            "removeSchedulingGates" => {
                // `kubectl patch` removing some or all of the pod's gates.
                unknown_fields(&body, "gates", &kp, sink);
                let names = strings_at(&body, "names");
                if gates.is_empty() {
                    sink.invalid(&kp, "null", "the pod has no spec.schedulingGates to remove");
                }
                for (j, n) in names.iter().enumerate() {
                    let np = format!("{kp}.names[{j}]");
                    if !gates.contains(n) {
                        sink.not_found(&np, n);
                    } else if names[..j].contains(n) {
                        sink.duplicate(&np, n);
                    }
                }
                ActionKind::RemoveSchedulingGates { names }
            }
            "exec" => {
                unknown_fields(&body, "exec", &kp, sink);
                let container = str_at(&body, "container").map(str::to_string);
                if let Some(c) = &container {
                    if !containers.contains(c) {
                        sink.not_found(&field_path(&kp, "container"), c);
                    }
                }
                let command = strings_at(&body, "command");
                if command.is_empty() {
                    sink.required(&field_path(&kp, "command"));
                }
                ActionKind::Exec { container, command }
            }
            "delete" => {
                unknown_fields(&body, "delete", &kp, sink);
                let g = int_at(&body, "gracePeriodSeconds");
                if let Some(g) = g {
                    if g < 0 {
                        sink.invalid(
                            &field_path(&kp, "gracePeriodSeconds"),
                            &g.to_string(),
                            "must be greater than or equal to 0",
                        );
                    }
                }
                ActionKind::Delete {
                    grace_period_seconds: g,
                    force: bool_at(&body, "force").unwrap_or(false),
                }
            }
            "create" | "remove" => {
                unknown_fields(&body, "service", &kp, sink);
                let k = str_at(&body, "kind").unwrap_or("Service");
                if k != "Service" {
                    sink.unsupported(&field_path(&kp, "kind"), k, &["Service"]);
                }
                let name = str_at(&body, "name").unwrap_or_default().to_string();
                if name.is_empty() {
                    sink.required(&field_path(&kp, "name"));
                } else {
                    for m in names::dns1035_label(&name) {
                        sink.invalid(&field_path(&kp, "name"), &q(&name), &m);
                    }
                }
                let r = ServiceRef {
                    namespace: str_at(&body, "namespace").unwrap_or(namespace).to_string(),
                    name,
                };
                if kinds[0] == "create" {
                    ActionKind::CreateService(r)
                } else {
                    ActionKind::RemoveService(r)
                }
            }
            "nodeDown" => {
                unknown_fields(&body, "empty", &kp, sink);
                ActionKind::NodeDown
            }
            _ => {
                unknown_fields(&body, "empty", &kp, sink);
                ActionKind::NodeUp
            }
        };
        if let Some(at) = at {
            if at > setup.until {
                sink.warning(
                    &field_path(&p, "at"),
                    crate::Note::ActionAfterUntil {
                        at: at.to_string(),
                        until: setup.until.to_string(),
                    },
                );
            }
            actions.push(Action { at, kind });
        }
    }
    // Stable: equal times keep document order.
    crate::sort::sort_by_key(&mut actions, |a| a.at);
    setup.actions = actions;

    if let Some(seed) = get(spec, "seed") {
        match seed.as_u64() {
            Some(s) => setup.seed = s,
            None => sink.invalid(
                "spec.seed",
                &scalar_text(seed).unwrap_or_default(),
                "must be a non-negative integer",
            ),
        }
    }
    setup
}
