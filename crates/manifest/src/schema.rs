//! The Kubernetes object schemas (field names and value kinds), from the generated table
//! `schema_table.txt` (written by `podlife-schema-gen` from k8s-openapi for every supported
//! minor; never edited by hand), and the strict walk that reports unknown fields and wrong value
//! types the way the API server's strict decoding does — for the profile's minor: a field that
//! exists only in later minors is an unknown field.

use std::sync::OnceLock;

use serde_yaml::Value;

use crate::source_map::Seg;

const TABLE: &str = include_str!("schema_table.txt");

/// A value kind from the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum K {
    Str,
    I32,
    I64,
    F64,
    Bool,
    Quantity,
    IntOrString,
    Any,
    List(Box<K>),
    Map(Box<K>),
    Obj(usize),
}

#[derive(Debug)]
pub struct TypeDef {
    pub name: String,
    /// Sorted by field name (a field whose kind changed between minors has one entry per kind).
    pub fields: Vec<Field>,
}

#[derive(Debug)]
pub struct Field {
    pub name: String,
    pub kind: K,
    /// The first and last Kubernetes minors the field exists in.
    pub from: u32,
    pub to: u32,
}

impl Field {
    pub fn exists_in(&self, minor: u32) -> bool {
        (self.from..=self.to).contains(&minor)
    }
}

#[derive(Debug)]
pub struct Schema {
    /// (kind, apiVersion, type index)
    pub roots: Vec<(String, String, usize)>,
    pub types: Vec<TypeDef>,
    /// Every field name → the object types it has (empty for scalar/list/map fields).
    pub by_field: std::collections::BTreeMap<String, Vec<usize>>,
}

impl Schema {
    pub fn type_index(&self, name: &str) -> Option<usize> {
        self.types.iter().position(|t| t.name == name)
    }

    /// The field's kind in any minor (for hints that do not depend on the profile).
    pub fn field(&self, ty: usize, name: &str) -> Option<&K> {
        self.fields_named(ty, name).first().map(|f| &f.kind)
    }

    /// The field's kind in Kubernetes 1.`minor`.
    pub fn field_at(&self, ty: usize, name: &str, minor: u32) -> Option<&K> {
        self.fields_named(ty, name)
            .iter()
            .find(|f| f.exists_in(minor))
            .map(|f| &f.kind)
    }

    /// The entries of `ty` named `name` (one per kind the field had across minors).
    fn fields_named(&self, ty: usize, name: &str) -> &[Field] {
        let fields: &[Field] = self.types.get(ty).map_or(&[], |t| &t.fields);
        let start = fields.partition_point(|f| f.name.as_str() < name);
        let end = fields.partition_point(|f| f.name.as_str() <= name);
        &fields[start..end]
    }

    pub fn root(&self, kind: &str) -> Option<(&str, usize)> {
        self.roots
            .iter()
            .find(|(k, _, _)| k == kind)
            .map(|(_, v, t)| (v.as_str(), *t))
    }

    /// Number of (type, field) pairs in the table.
    pub fn field_count(&self) -> usize {
        self.types.iter().map(|t| t.fields.len()).sum()
    }
}

/// The field of type `ty` in Kubernetes 1.`minor` an unknown `name` most likely meant: the
/// nearest within two edits (insert, delete, replace, swap two neighbours) and fewer edits than
/// the name is long, the first in name order on a tie.
pub fn suggest(ty: usize, name: &str, minor: u32) -> Option<&'static str> {
    let t = schema().types.get(ty)?;
    let limit = 2.min(name.chars().count().saturating_sub(1));
    t.fields
        .iter()
        .filter(|f| f.exists_in(minor))
        .filter_map(|f| edit_distance(name, &f.name, limit).map(|d| (d, f.name.as_str())))
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// The optimal-string-alignment distance between `a` and `b` when it is at most `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Three rows of the dynamic-programming table: two back (for swaps), one back, current.
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        if cur.iter().min().is_some_and(|m| *m > limit) {
            return None;
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev.last().copied().filter(|d| *d <= limit)
}

/// The parsed table (parsed once).
pub fn schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(|| parse_table(TABLE))
}

/// Size of the embedded table in bytes.
pub fn table_bytes() -> usize {
    TABLE.len()
}

fn parse_table(text: &str) -> Schema {
    let mut names: Vec<String> = Vec::new();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix('@') {
            names.push(n.to_string());
        }
    }
    let index = |n: &str| names.iter().position(|x| x == n);
    let mut types: Vec<TypeDef> = Vec::with_capacity(names.len());
    let mut roots = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(r) = line.strip_prefix('^') {
            let mut it = r.split(' ');
            if let (Some(k), Some(v), Some(t)) = (it.next(), it.next(), it.next()) {
                if let Some(ti) = index(t) {
                    roots.push((k.to_string(), v.to_string(), ti));
                }
            }
        } else if let Some(n) = line.strip_prefix('@') {
            types.push(TypeDef {
                name: n.to_string(),
                fields: Vec::new(),
            });
        } else if let Some((f, rest)) = line.split_once(' ') {
            let (k, range) = rest.split_once(' ').unwrap_or((rest, ""));
            let (from, to) = range.split_once('-').unwrap_or(("", ""));
            if let Some(t) = types.last_mut() {
                t.fields.push(Field {
                    name: f.to_string(),
                    kind: parse_kind(k, &index),
                    from: from.parse().unwrap_or(0),
                    to: to.parse().unwrap_or(u32::MAX),
                });
            }
        }
    }
    for t in &mut types {
        crate::sort::sort_by(&mut t.fields, |a, b| a.name.cmp(&b.name));
    }
    let mut by_field: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for t in &types {
        for Field {
            name: n, kind: k, ..
        } in &t.fields
        {
            let e = by_field.entry(n.clone()).or_default();
            if let K::Obj(ti) = k {
                if !e.contains(ti) {
                    e.push(*ti);
                }
            }
        }
    }
    Schema {
        roots,
        types,
        by_field,
    }
}

fn parse_kind(k: &str, index: &dyn Fn(&str) -> Option<usize>) -> K {
    match k {
        "s" => K::Str,
        "i32" => K::I32,
        "i64" => K::I64,
        "f" => K::F64,
        "b" => K::Bool,
        "q" => K::Quantity,
        "x" => K::IntOrString,
        "*" => K::Any,
        _ => {
            if let Some(inner) = k.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                K::List(Box::new(parse_kind(inner, index)))
            } else if let Some(inner) = k.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
                K::Map(Box::new(parse_kind(inner, index)))
            } else {
                index(k).map(K::Obj).unwrap_or(K::Any)
            }
        }
    }
}

/// A strict-decoding finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub path: Vec<Seg>,
    /// The API path (`spec.containers[0].resources.limits[memory]`).
    pub api: String,
    pub message: String,
    /// True for an unknown field (reported at the key).
    pub unknown: bool,
    /// For an unknown field: the field of that object it most likely meant (ours, not the
    /// API server's: its message stays as it writes it).
    pub suggestion: Option<&'static str>,
}

/// Kubernetes-style path: `spec.containers[0].name`, map keys as `[key]`.
fn api_path(segs: &[Seg], map_keys: &[bool]) -> String {
    let mut s = String::new();
    for (i, seg) in segs.iter().enumerate() {
        match seg {
            Seg::Key(k) if map_keys.get(i).copied().unwrap_or(false) => {
                s.push('[');
                s.push_str(k);
                s.push(']');
            }
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(n) => {
                s.push('[');
                s.push_str(&n.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// Go's JSON path for type errors: field names only (`spec.containers.env.value`).
fn go_path(segs: &[Seg], map_keys: &[bool]) -> String {
    let mut parts = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if let Seg::Key(k) = seg {
            if !map_keys.get(i).copied().unwrap_or(false) {
                parts.push(k.as_str());
            }
        }
    }
    parts.join(".")
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Sequence(_) => "array",
        Value::Mapping(_) => "object",
        Value::Tagged(t) => json_kind(&t.value),
    }
}

fn go_type(s: &Schema, k: &K) -> String {
    match k {
        K::Str => "string".into(),
        K::I32 => "int32".into(),
        K::I64 => "int64".into(),
        K::F64 => "float64".into(),
        K::Bool => "bool".into(),
        K::Quantity => "resource.Quantity".into(),
        K::IntOrString => "intstr.IntOrString".into(),
        K::Any => "interface {}".into(),
        K::List(i) => format!("[]{}", go_type(s, i)),
        K::Map(i) => format!("map[string]{}", go_type(s, i)),
        K::Obj(t) => format!(
            "v1.{}",
            s.types.get(*t).map(|t| t.name.as_str()).unwrap_or("?")
        ),
    }
}

/// Walks `v` as a value of kind `k` in Kubernetes 1.`minor`, collecting unknown fields and
/// type mismatches.
pub fn check(v: &Value, k: &K, minor: u32, findings: &mut Vec<Finding>) {
    let mut path = Vec::new();
    let mut map_keys = Vec::new();
    let w = Walk { s: schema(), minor };
    w.walk(v, k, None, &mut path, &mut map_keys, findings);
}

struct Walk<'s> {
    s: &'s Schema,
    minor: u32,
}

impl Walk<'_> {
    fn walk(
        &self,
        v: &Value,
        k: &K,
        owner: Option<usize>,
        path: &mut Vec<Seg>,
        map_keys: &mut Vec<bool>,
        out: &mut Vec<Finding>,
    ) {
        let s = self.s;
        if out.len() > 200 {
            return;
        }
        let v = match v {
            Value::Tagged(t) => &t.value,
            other => other,
        };
        if matches!(v, Value::Null) {
            return;
        }
        let mismatch =
            |out: &mut Vec<Finding>, path: &Vec<Seg>, map_keys: &Vec<bool>, shown: String| {
                let owner_name = owner
                    .and_then(|o| s.types.get(o))
                    .map(|t| t.name.as_str())
                    .unwrap_or("");
                let msg = if owner_name.is_empty() {
                    format!(
                        "json: cannot unmarshal {shown} into Go value of type {}",
                        go_type(s, k)
                    )
                } else {
                    format!(
                "json: cannot unmarshal {shown} into Go struct field {owner_name}.{} of type {}",
                go_path(path, map_keys),
                go_type(s, k)
            )
                };
                out.push(Finding {
                    path: path.clone(),
                    api: api_path(path, map_keys),
                    message: msg,
                    unknown: false,
                    suggestion: None,
                });
            };
        match k {
            K::Any => {}
            K::Str => {
                if !matches!(v, Value::String(_)) {
                    mismatch(out, path, map_keys, json_kind(v).to_string());
                }
            }
            K::Bool => {
                if !matches!(v, Value::Bool(_)) {
                    mismatch(out, path, map_keys, json_kind(v).to_string());
                }
            }
            K::F64 => {
                if !matches!(v, Value::Number(_)) {
                    mismatch(out, path, map_keys, json_kind(v).to_string());
                }
            }
            K::I32 | K::I64 => {
                let ok = match v {
                    Value::Number(n) => match n.as_i64() {
                        Some(i) => *k == K::I64 || i32::try_from(i).is_ok(),
                        None => false,
                    },
                    _ => false,
                };
                if !ok {
                    let shown = match v {
                        Value::Number(n) => format!("number {n}"),
                        o => json_kind(o).to_string(),
                    };
                    mismatch(out, path, map_keys, shown);
                }
            }
            K::Quantity => {
                let bad = match v {
                    Value::String(t) => podlife_spec::parse_quantity(t).is_err(),
                    Value::Number(n) => podlife_spec::parse_quantity(&n.to_string()).is_err(),
                    _ => true,
                };
                if bad {
                    out.push(Finding {
                    path: path.clone(),
                    api: api_path(path, map_keys),
                    message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".into(),
                    unknown: false,
                    suggestion: None,
                });
                }
            }
            K::IntOrString => {
                let ok = match v {
                    Value::String(_) => true,
                    Value::Number(n) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
                    _ => false,
                };
                if !ok {
                    let shown = match v {
                        Value::Number(n) => format!("number {n}"),
                        o => json_kind(o).to_string(),
                    };
                    out.push(Finding {
                        path: path.clone(),
                        api: api_path(path, map_keys),
                        message: format!(
                            "json: cannot unmarshal {shown} into Go value of type int32"
                        ),
                        unknown: false,
                        suggestion: None,
                    });
                }
            }
            K::List(inner) => match v {
                Value::Sequence(items) => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(Seg::Index(i));
                        map_keys.push(false);
                        self.walk(item, inner, owner, path, map_keys, out);
                        path.pop();
                        map_keys.pop();
                    }
                }
                o => mismatch(out, path, map_keys, json_kind(o).to_string()),
            },
            K::Map(inner) => match v {
                Value::Mapping(m) => {
                    for (key, item) in m {
                        path.push(Seg::Key(key_text(key)));
                        map_keys.push(true);
                        self.walk(item, inner, owner, path, map_keys, out);
                        path.pop();
                        map_keys.pop();
                    }
                }
                o => mismatch(out, path, map_keys, json_kind(o).to_string()),
            },
            K::Obj(t) => match v {
                Value::Mapping(m) => {
                    for (key, item) in m {
                        let name = key_text(key);
                        path.push(Seg::Key(name.clone()));
                        map_keys.push(false);
                        match s.field_at(*t, &name, self.minor) {
                            Some(fk) => self.walk(item, fk, Some(*t), path, map_keys, out),
                            None => out.push(Finding {
                                path: path.clone(),
                                api: api_path(path, map_keys),
                                message: format!("unknown field \"{}\"", api_path(path, map_keys)),
                                unknown: true,
                                suggestion: suggest(*t, &name, self.minor),
                            }),
                        }
                        path.pop();
                        map_keys.pop();
                    }
                }
                o => mismatch(out, path, map_keys, json_kind(o).to_string()),
            },
        }
    }
}

/// Go's JSON error for the number `n` (too large for 64 bits) at `path` of an object of
/// `kind`, or `None` when the field is unknown or takes any number (float, quantity).
pub fn number_mismatch(kind: &str, path: &[Seg], n: &str) -> Option<String> {
    let s = schema();
    let (_, root) = s.root(kind)?;
    let mut k = K::Obj(root);
    let mut owner = None;
    let mut map_keys = Vec::new();
    for seg in path {
        let next = match (&k, seg) {
            (K::Obj(t), Seg::Key(name)) => {
                owner = Some(*t);
                map_keys.push(false);
                s.field(*t, name)?.clone()
            }
            (K::List(inner), Seg::Index(_)) => {
                map_keys.push(false);
                (**inner).clone()
            }
            (K::Map(inner), Seg::Key(_)) => {
                map_keys.push(true);
                (**inner).clone()
            }
            _ => return None,
        };
        k = next;
    }
    let shown = match k {
        K::I32 | K::I64 | K::IntOrString => format!("number {n}"),
        K::Str | K::Bool | K::List(_) | K::Map(_) | K::Obj(_) => "number".to_string(),
        K::F64 | K::Quantity | K::Any => return None,
    };
    let go_ty = if k == K::IntOrString {
        "int32".to_string()
    } else {
        go_type(s, &k)
    };
    let owner_name = owner
        .and_then(|o| s.types.get(o))
        .map(|t| t.name.as_str())
        .unwrap_or("");
    Some(if owner_name.is_empty() || k == K::IntOrString {
        format!("json: cannot unmarshal {shown} into Go value of type {go_ty}")
    } else {
        format!(
            "json: cannot unmarshal {shown} into Go struct field {owner_name}.{} of type {go_ty}",
            go_path(path, &map_keys)
        )
    })
}

/// A mapping key as text (YAML allows non-string keys; JSON conversion stringifies them).
pub fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn findings(kind: &str, yaml: &str) -> Vec<String> {
        let v: Value = serde_yaml::from_str(yaml).expect("yaml");
        let (_, t) = schema().root(kind).expect("root");
        let mut out = Vec::new();
        check(&v, &K::Obj(t), podlife_spec::DEFAULT_KUBE_MINOR, &mut out);
        out.into_iter().map(|f| f.message).collect()
    }

    fn findings_in(minor: u32, yaml: &str) -> Vec<String> {
        let v: Value = serde_yaml::from_str(yaml).expect("yaml");
        let (_, t) = schema().root("Pod").expect("root");
        let mut out = Vec::new();
        check(&v, &K::Obj(t), minor, &mut out);
        out.into_iter().map(|f| f.message).collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn fields_exist_per_minor() {
        let rules = "spec:\n  containers:\n  - name: c\n    restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [1]}}]\n";
        assert_eq!(
            findings_in(33, rules),
            ["unknown field \"spec.containers[0].restartPolicyRules\""]
        );
        for m in [34, 35, 36, 37] {
            assert!(findings_in(m, rules).is_empty(), "1.{m}");
        }
        // workloadRef existed only in 1.35; schedulingGroup replaced it in 1.36.
        let wr = "spec: {workloadRef: {name: w, podGroup: g}}\n";
        assert!(findings_in(35, wr).is_empty());
        assert_eq!(findings_in(36, wr), ["unknown field \"spec.workloadRef\""]);
        let sg = "spec: {schedulingGroup: {podGroupName: g}}\n";
        assert_eq!(
            findings_in(35, sg),
            ["unknown field \"spec.schedulingGroup\""]
        );
        assert!(findings_in(36, sg).is_empty());
        // 1.37's httpGet.protocol.
        let h2c = "spec: {containers: [{name: c, livenessProbe: {httpGet: {port: 80, protocol: HTTP2}}}]}\n";
        assert_eq!(
            findings_in(36, h2c),
            ["unknown field \"spec.containers[0].livenessProbe.httpGet.protocol\""]
        );
        assert!(findings_in(37, h2c).is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn table_parses_with_every_reference_resolved() {
        let s = schema();
        assert_eq!(s.roots.len(), 10);
        assert!(s.types.len() > 150);
        let pod = s.type_index("Container").expect("Container");
        assert!(matches!(s.field(pod, "livenessProbe"), Some(K::Obj(_))));
        assert_eq!(s.field(pod, "livenesProbe"), None);
        assert!(s.field(pod, "restartPolicyRules").is_some());
        assert_eq!(s.field_at(pod, "restartPolicyRules", 33), None);
        assert!(s.field_at(pod, "restartPolicyRules", 34).is_some());
        assert_eq!(s.root("Deployment").map(|r| r.0), Some("apps/v1"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_fields_at_any_depth_use_kubectl_wording() {
        let f = findings(
            "Pod",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a, lables: {x: y}}\nspec:\n  containers:\n  - name: c\n    image: i\n    livenesProbe: {}\n    readinessProbe: {httpGet: {port: 80, sheme: HTTP}}\n",
        );
        assert_eq!(
            f,
            vec![
                "unknown field \"metadata.lables\"",
                "unknown field \"spec.containers[0].livenesProbe\"",
                "unknown field \"spec.containers[0].readinessProbe.httpGet.sheme\"",
            ]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_fields_suggest_the_nearest_field_within_two_edits() {
        assert_eq!(edit_distance("contaienrs", "containers", 2), Some(1));
        assert_eq!(edit_distance("livenesProbe", "livenessProbe", 2), Some(1));
        assert_eq!(edit_distance("imagee", "image", 2), Some(1));
        assert_eq!(edit_distance("nmae", "name", 2), Some(1));
        assert_eq!(edit_distance("command", "args", 2), None);
        assert_eq!(edit_distance("", "ab", 2), Some(2));
        let v: Value = serde_yaml::from_str(
            "spec:\n  contaienrs: []\n  restartPolcy: Never\n  nodeSelektor: {}\n  xyz: 1\n  ip: 1\n",
        )
        .expect("yaml");
        let (_, t) = schema().root("Pod").expect("root");
        let mut out = Vec::new();
        check(&v, &K::Obj(t), podlife_spec::DEFAULT_KUBE_MINOR, &mut out);
        let got: Vec<(&str, Option<&str>)> =
            out.iter().map(|f| (f.api.as_str(), f.suggestion)).collect();
        assert_eq!(
            got,
            vec![
                ("spec.contaienrs", Some("containers")),
                ("spec.restartPolcy", Some("restartPolicy")),
                ("spec.nodeSelektor", Some("nodeSelector")),
                ("spec.xyz", None),
                // Two edits would turn any two-letter name into another: one at most.
                ("spec.ip", None),
            ]
        );
        // The API server's message is unchanged.
        assert_eq!(out[0].message, "unknown field \"spec.contaienrs\"");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn type_errors_use_go_json_wording() {
        let f = findings(
            "Pod",
            "spec:\n  containers:\n  - name: 5\n    env: [{name: A, value: 8080}]\n    livenessProbe: {periodSeconds: \"5\", exec: {command: [ls]}}\n    resources: {limits: {memory: [1]}}\n",
        );
        assert_eq!(
            f,
            vec![
                "json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string",
                "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string",
                "json: cannot unmarshal string into Go struct field Probe.spec.containers.livenessProbe.periodSeconds of type int32",
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            ]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn real_fields_are_accepted() {
        let f = findings(
            "Deployment",
            "spec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: k, operator: In, values: [v]}]}]}}}\n      tolerations: [{key: k, operator: Exists, effect: NoSchedule, tolerationSeconds: 5}]\n      securityContext: {runAsUser: 1000, fsGroup: 2000}\n      volumes: [{name: c, configMap: {name: x}}, {name: p, persistentVolumeClaim: {claimName: y}}]\n      containers: [{name: c, image: i, ports: [{containerPort: 80}], resources: {limits: {cpu: 1, memory: 1Gi}}}]\n",
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
