//! Generates `crates/manifest/src/schema_table.txt`: a compact table of the Kubernetes object
//! schemas the manifest front end checks (field names and value kinds), derived from
//! `k8s-openapi`'s `schemars` output for every Kubernetes minor podlife models. Native only; the
//! manifest crate never depends on k8s-openapi (wasm size budget), it just includes the text.
//!
//! k8s-openapi compiles one Kubernetes minor per build (feature `v1_33` … `v1_37`), so each
//! build writes that minor's table to `tables/v1_<minor>.txt` and then merges the five into the
//! manifest's table: `for m in 33 34 35 36 37; do cargo run -p podlife-schema-gen
//! --no-default-features --features v1_$m; done` refreshes everything.
//!
//! Table format (one item per line):
//! - `^Kind apiVersion[,apiVersion] Type` — a root object kind.
//! - `@Type` — starts an object type (Go type name); following lines are its fields:
//!   `name KIND [FROM-TO]` where KIND is `s` string, `i32`/`i64` integer, `f` number, `b` bool,
//!   `q` resource quantity, `x` int-or-string, `*` free-form object, `[KIND]` list,
//!   `{KIND}` map with string keys, or a type name; the optional range (merged table only)
//!   names the minors the field exists in (`34-`, `35-35`, `-36`), absent = every minor.

use std::collections::BTreeMap;

use serde_json::Value;

/// The roots: kind, accepted apiVersions, and the generated schema name.
const ROOTS: &[(&str, &str)] = &[
    ("Pod", "v1"),
    ("PodTemplate", "v1"),
    ("ReplicationController", "v1"),
    ("Service", "v1"),
    ("Deployment", "apps/v1"),
    ("ReplicaSet", "apps/v1"),
    ("StatefulSet", "apps/v1"),
    ("DaemonSet", "apps/v1"),
    ("Job", "batch/v1"),
    ("CronJob", "batch/v1"),
];

/// The Kubernetes minors of the merged table (podlife_spec::SUPPORTED_KUBE_MINORS).
pub const MINORS: [u32; 5] = [33, 34, 35, 36, 37];

/// The minor this build generates.
#[cfg(feature = "v1_33")]
pub const MINOR: u32 = 33;
#[cfg(feature = "v1_34")]
pub const MINOR: u32 = 34;
#[cfg(feature = "v1_35")]
pub const MINOR: u32 = 35;
#[cfg(feature = "v1_36")]
pub const MINOR: u32 = 36;
#[cfg(feature = "v1_37")]
pub const MINOR: u32 = 37;

fn source(minor: u32) -> String {
    format!("k8s-openapi 0.29 (feature v1_{minor}) via schemars 1")
}

fn definitions() -> (BTreeMap<String, String>, serde_json::Map<String, Value>) {
    use k8s_openapi::api::{apps::v1 as apps, batch::v1 as batch, core::v1 as core};
    let mut gen = schemars::SchemaGenerator::default();
    let mut roots = BTreeMap::new();
    macro_rules! root {
        ($kind:literal, $t:ty) => {{
            let s = gen.subschema_for::<$t>();
            roots.insert(
                $kind.to_string(),
                ref_name(s.as_value()).expect("root is a $ref"),
            );
        }};
    }
    root!("Pod", core::Pod);
    root!("PodTemplate", core::PodTemplate);
    root!("ReplicationController", core::ReplicationController);
    root!("Service", core::Service);
    root!("Deployment", apps::Deployment);
    root!("ReplicaSet", apps::ReplicaSet);
    root!("StatefulSet", apps::StatefulSet);
    root!("DaemonSet", apps::DaemonSet);
    root!("Job", batch::Job);
    root!("CronJob", batch::CronJob);
    (roots, gen.definitions().clone())
}

fn ref_name(v: &Value) -> Option<String> {
    let r = v.get("$ref")?.as_str()?;
    Some(r.rsplit('/').next()?.to_string())
}

fn short(full: &str) -> &str {
    full.rsplit('.').next().unwrap_or(full)
}

/// Renders one property schema as a KIND token.
fn kind_of(v: &Value, defs: &serde_json::Map<String, Value>) -> Result<String, String> {
    if let Some(full) = ref_name(v) {
        return match short(&full) {
            "Quantity" => Ok("q".into()),
            "IntOrString" => Ok("x".into()),
            _ => {
                let d = defs
                    .get(&full)
                    .ok_or(format!("missing definition {full}"))?;
                if d.get("properties").is_some() {
                    Ok(short(&full).to_string())
                } else {
                    kind_of(d, defs)
                }
            }
        };
    }
    if v.get("x-kubernetes-int-or-string").is_some() {
        return Ok("x".into());
    }
    match v.get("type").and_then(Value::as_str) {
        Some("string") => Ok("s".into()),
        Some("boolean") => Ok("b".into()),
        Some("number") => Ok("f".into()),
        Some("integer") => match v.get("format").and_then(Value::as_str) {
            Some("int32") => Ok("i32".into()),
            _ => Ok("i64".into()),
        },
        Some("array") => {
            let items = v.get("items").ok_or("array without items")?;
            Ok(format!("[{}]", kind_of(items, defs)?))
        }
        Some("object") => {
            if v.get("properties").is_some() {
                return Err("inline object with properties".into());
            }
            match v.get("additionalProperties") {
                Some(ap) if ap.is_object() => Ok(format!("{{{}}}", kind_of(ap, defs)?)),
                _ => Ok("*".into()),
            }
        }
        // Free-form JSON (e.g. `apiextensions` JSON): accept anything.
        None => Ok("*".into()),
        Some(other) => Err(format!("unsupported type {other}")),
    }
}

/// Generates this build's minor's table. Deterministic (sorted types and fields).
pub fn generate() -> Result<String, String> {
    let (roots, defs) = definitions();
    let mut by_short: BTreeMap<String, String> = BTreeMap::new();
    for full in defs.keys() {
        if let Some(prev) = by_short.insert(short(full).to_string(), full.clone()) {
            return Err(format!("type name collision: {prev} and {full}"));
        }
    }
    let mut out = String::new();
    out.push_str(&format!(
        "# Generated by podlife-schema-gen from {}. Do not edit: run\n# `cargo run -p podlife-schema-gen --no-default-features --features v1_{MINOR}`.\n",
        source(MINOR)
    ));
    for (kind, version) in ROOTS {
        let full = roots.get(*kind).ok_or("missing root")?;
        out.push_str(&format!("^{kind} {version} {}\n", short(full)));
    }
    for (short_name, full) in &by_short {
        let d = &defs[full];
        let Some(props) = d.get("properties").and_then(Value::as_object) else {
            continue;
        };
        out.push_str(&format!("@{short_name}\n"));
        let mut names: Vec<&String> = props.keys().collect();
        names.sort();
        for name in names {
            let k = kind_of(&props[name], &defs).map_err(|e| format!("{full}.{name}: {e}"))?;
            out.push_str(&format!("{name} {k}\n"));
        }
    }
    Ok(out)
}

/// Where the merged table lives in the repository.
pub fn table_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../manifest/src/schema_table.txt")
}

/// Where one minor's table lives.
pub fn minor_table_path(minor: u32) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tables/v1_{minor}.txt"))
}

/// One minor's table: roots, and per type its fields with their kinds.
struct Parsed {
    roots: Vec<String>,
    types: BTreeMap<String, BTreeMap<String, String>>,
}

fn parse(text: &str) -> Parsed {
    let mut roots = Vec::new();
    let mut types: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(r) = line.strip_prefix('^') {
            roots.push(r.to_string());
        } else if let Some(t) = line.strip_prefix('@') {
            types.entry(t.to_string()).or_default();
            current = Some(t.to_string());
        } else if let (Some(t), Some((name, kind))) = (&current, line.split_once(' ')) {
            types
                .entry(t.clone())
                .or_default()
                .insert(name.to_string(), kind.to_string());
        }
    }
    Parsed { roots, types }
}

/// Merges the per-minor tables (`(minor, text)`, every minor of [`MINORS`]) into one: the union
/// of types and fields, each field annotated with the minors it exists in unless it exists in
/// all of them with the same kind.
pub fn merge(tables: &[(u32, String)]) -> Result<String, String> {
    let parsed: Vec<(u32, Parsed)> = tables.iter().map(|(m, t)| (*m, parse(t))).collect();
    let minors: Vec<u32> = parsed.iter().map(|(m, _)| *m).collect();
    if minors != MINORS {
        return Err(format!("need the tables of {MINORS:?}, have {minors:?}"));
    }
    let roots = &parsed[0].1.roots;
    if let Some((m, _)) = parsed.iter().find(|(_, p)| &p.roots != roots) {
        return Err(format!("the roots of 1.{m} differ from 1.{}", minors[0]));
    }
    let mut out = String::new();
    out.push_str(&format!(
        "# Generated by podlife-schema-gen from k8s-openapi 0.29 (features v1_{} to v1_{}) via schemars 1.\n# Do not edit: see crates/schema-gen. A field line's third token is the range of minors it exists in.\n",
        MINORS[0],
        MINORS[MINORS.len() - 1]
    ));
    for r in roots {
        out.push_str(&format!("^{r}\n"));
    }
    let mut type_names: Vec<&String> = parsed.iter().flat_map(|(_, p)| p.types.keys()).collect();
    type_names.sort();
    type_names.dedup();
    for t in type_names {
        out.push_str(&format!("@{t}\n"));
        let mut fields: Vec<&String> = parsed
            .iter()
            .filter_map(|(_, p)| p.types.get(t))
            .flat_map(|f| f.keys())
            .collect();
        fields.sort();
        fields.dedup();
        for f in fields {
            // Runs of consecutive minors with the same kind.
            let mut runs: Vec<(u32, u32, &str)> = Vec::new();
            for (m, p) in &parsed {
                let Some(kind) = p.types.get(t).and_then(|fs| fs.get(f)) else {
                    continue;
                };
                match runs.last_mut() {
                    Some((_, to, k)) if *k == kind.as_str() && *to + 1 == *m => *to = *m,
                    _ => runs.push((*m, *m, kind.as_str())),
                }
            }
            for (from, to, kind) in runs {
                let first = from == MINORS[0];
                let last = to == MINORS[MINORS.len() - 1];
                match (first, last) {
                    (true, true) => out.push_str(&format!("{f} {kind}\n")),
                    (true, false) => out.push_str(&format!("{f} {kind} -{to}\n")),
                    (false, true) => out.push_str(&format!("{f} {kind} {from}-\n")),
                    (false, false) => out.push_str(&format!("{f} {kind} {from}-{to}\n")),
                }
            }
        }
    }
    Ok(out)
}

/// Reads every minor's checked-in table and merges them.
pub fn merge_checked_in() -> Result<String, String> {
    let mut tables = Vec::new();
    for m in MINORS {
        let p = minor_table_path(m);
        let t = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        tables.push((m, t));
    }
    merge(&tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_in_minor_table_matches_generator() {
        let want = generate().expect("generate");
        let have = std::fs::read_to_string(minor_table_path(MINOR)).expect("read table");
        assert!(
            have == want,
            "tables/v1_{MINOR}.txt differs from the generator output; run `cargo run -p podlife-schema-gen --no-default-features --features v1_{MINOR}`"
        );
    }

    #[test]
    fn checked_in_merged_table_is_the_merge_of_the_minor_tables() {
        let want = merge_checked_in().expect("merge");
        let have = std::fs::read_to_string(table_path()).expect("read table");
        assert!(
            have == want,
            "crates/manifest/src/schema_table.txt is not the merge of crates/schema-gen/tables/*; run `cargo run -p podlife-schema-gen`"
        );
    }

    #[test]
    fn merge_annotates_fields_by_minor() {
        let t = |fields: &str| format!("^Pod v1 Pod\n@Pod\n{fields}");
        let tables = vec![
            (33, t("a s\nold i32\n")),
            (34, t("a s\nold i32\nnew b\n")),
            (35, t("a s\nnew b\nmid s\n")),
            (36, t("a s\nnew b\nmid i64\n")),
            (37, t("a s\nnew b\n")),
        ];
        let m = merge(&tables).unwrap();
        let body: Vec<&str> = m.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            body,
            [
                "^Pod v1 Pod",
                "@Pod",
                "a s",
                "mid s 35-35",
                "mid i64 36-36",
                "new b 34-",
                "old i32 -34"
            ]
        );
        assert!(merge(&tables[..4]).is_err());
    }

    #[test]
    fn table_has_the_fields_the_front_end_relies_on() {
        let t = generate().expect("generate");
        assert!(t.contains("^Pod v1 Pod\n"));
        assert!(t.contains("\n@Probe\n"));
        assert!(t.contains("\nlivenessProbe Probe\n"));
        assert!(t.contains("\ncontainers [Container]\n"));
        assert!(t.contains("\nlimits {q}\n"));
    }
}
