//! What a Kubernetes minor's API server silently removes from a Pod before validating and
//! storing it: the fields of feature gates that are off by default in that minor
//! (`pkg/api/pod/util.go` dropDisabledFields; docs/kubernetes-versions.md V5.2). Whether a field
//! exists at all in a minor is the schema table's business (`schema.rs`); this is the next step.
//!
//! The gate defaults come from `podlife_spec::profile::GATES`; this module only says which
//! fields each gate guards.

use podlife_spec::profile;
use serde_yaml::Value;

use crate::source_map::{parse_path, Seg};
use crate::val::{get, seq_at, str_at};

/// A field the API server of the profile's minor drops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    /// Path in the pod object (`spec.containers[0].restartPolicy`).
    pub path: String,
    pub gate: &'static str,
}

fn off(gate: &str, minor: u32) -> bool {
    !profile::gate(gate).is_some_and(|g| g.enabled(minor))
}

/// `(path, gate)`: fields of the pod spec each gate guards, `*` standing for every item of a
/// list (data rather than code: it is in the web app's first load).
const SPEC_FIELDS: &[(&str, &str)] = &[
    ("hostnameOverride", "HostnameOverride"),
    ("resources", "PodLevelResources"),
    ("resourceClaims", "DynamicResourceAllocation"),
    ("workloadRef", "GenericWorkload"),
    ("schedulingGroup", "GenericWorkload"),
    ("evictionResponders", "EvictionRequestAPI"),
    ("volumes.*.emptyDir.mode", "EmptyDirVolumeMode"),
    (
        "volumes.*.configMap.defaultUser",
        "AtomicWriteVolumeUserFields",
    ),
    (
        "volumes.*.secret.defaultUser",
        "AtomicWriteVolumeUserFields",
    ),
    (
        "volumes.*.downwardAPI.defaultUser",
        "AtomicWriteVolumeUserFields",
    ),
    (
        "volumes.*.projected.defaultUser",
        "AtomicWriteVolumeUserFields",
    ),
    (
        "volumes.*.projected.sources.*.clusterTrustBundle",
        "ClusterTrustBundleProjection",
    ),
    (
        "volumes.*.projected.sources.*.podCertificate",
        "PodCertificateRequest",
    ),
];

/// The same for each container of the three lists.
const CONTAINER_FIELDS: &[(&str, &str)] = &[
    ("lifecycle.stopSignal", "ContainerStopSignals"),
    ("lifecycle.postStart.httpGet.protocol", "H2CContainerProbe"),
    ("lifecycle.preStop.httpGet.protocol", "H2CContainerProbe"),
    ("livenessProbe.httpGet.protocol", "H2CContainerProbe"),
    ("readinessProbe.httpGet.protocol", "H2CContainerProbe"),
    ("startupProbe.httpGet.protocol", "H2CContainerProbe"),
    ("livenessProbe.grpc.mode", "GRPCContainerProbeTLS"),
    ("readinessProbe.grpc.mode", "GRPCContainerProbeTLS"),
    ("startupProbe.grpc.mode", "GRPCContainerProbeTLS"),
    ("env.*.valueFrom.fileKeyRef", "EnvFiles"),
    ("volumeMounts.*.bindMountOptions", "VolumeBindMountOptions"),
    ("resources.claims", "DynamicResourceAllocation"),
];

/// Every path matching `pattern` under `v` (at `at`), in document order.
fn find(v: &Value, pattern: &str, at: &str, gate: &'static str, out: &mut Vec<Dropped>) {
    let (head, rest) = pattern.split_once('.').unwrap_or((pattern, ""));
    let mut next = |child: &Value, path: String| {
        if rest.is_empty() {
            out.push(Dropped { path, gate });
        } else {
            find(child, rest, &path, gate, out);
        }
    };
    if head == "*" {
        for (i, item) in v.as_sequence().into_iter().flatten().enumerate() {
            next(item, format!("{at}[{i}]"));
        }
    } else if let Some(child) = get(v, head) {
        next(child, format!("{at}.{head}"));
    }
}

fn find_all(
    v: &Value,
    table: &[(&str, &'static str)],
    at: &str,
    minor: u32,
    out: &mut Vec<Dropped>,
) {
    for (pattern, gate) in table {
        if off(gate, minor) {
            find(v, pattern, at, gate, out);
        }
    }
}

/// Every field of `obj` (a Pod, or a controller's pod template: it has `spec`) that the API
/// server of Kubernetes 1.`minor` drops with default feature gates.
pub fn disabled_fields(obj: &Value, minor: u32) -> Vec<Dropped> {
    let mut out = Vec::new();
    let Some(spec) = get(obj, "spec") else {
        return out;
    };
    // An image volume goes with its mounts.
    let image_off = off("ImageVolume", minor);
    let mut image_volumes = Vec::new();
    for (i, v) in seq_at(spec, "volumes").iter().enumerate() {
        if image_off && get(v, "image").is_some() {
            out.push(Dropped {
                path: format!("spec.volumes[{i}]"),
                gate: "ImageVolume",
            });
            image_volumes.extend(str_at(v, "name"));
        }
    }
    find_all(spec, SPEC_FIELDS, "spec", minor, &mut out);
    // dropContainerRestartRules, in 1.34 only (1.33 has no such gate and rejects these): an
    // init container keeps `restartPolicy: Always` (a sidecar); every other container-level
    // policy and every rule goes.
    let rules_off = off("ContainerRestartRules", minor)
        && profile::gate("ContainerRestartRules").is_some_and(|g| g.state(minor).is_some());
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        for (i, c) in seq_at(spec, list).iter().enumerate() {
            let cp = format!("spec.{list}[{i}]");
            if rules_off {
                let sidecar =
                    list == "initContainers" && str_at(c, "restartPolicy") == Some("Always");
                for field in ["restartPolicy", "restartPolicyRules"] {
                    if get(c, field).is_some() && !(sidecar && field == "restartPolicy") {
                        out.push(Dropped {
                            path: format!("{cp}.{field}"),
                            gate: "ContainerRestartRules",
                        });
                    }
                }
            }
            find_all(c, CONTAINER_FIELDS, &cp, minor, &mut out);
            for (j, m) in seq_at(c, "volumeMounts").iter().enumerate() {
                if str_at(m, "name").is_some_and(|n| image_volumes.contains(&n)) {
                    out.push(Dropped {
                        path: format!("{cp}.volumeMounts[{j}]"),
                        gate: "ImageVolume",
                    });
                }
            }
        }
    }
    out
}

/// Removes `dropped` from `obj` (a clone of the user's object), deepest and last first so the
/// remaining paths stay valid; a `lifecycle` left empty by the stop-signal drop goes too, as
/// `dropContainerStopSignals` does.
pub fn remove(obj: &mut Value, dropped: &[Dropped]) {
    let mut paths: Vec<(Vec<Seg>, &str)> = dropped
        .iter()
        .map(|d| (parse_path(&d.path), d.gate))
        .collect();
    podlife_spec::sort::sort(&mut paths);
    for (path, gate) in paths.iter().rev() {
        let Some((last, parent)) = path.split_last() else {
            continue;
        };
        let Some(holder) = value_at_mut(obj, parent) else {
            continue;
        };
        match (last, holder) {
            (Seg::Key(k), Value::Mapping(m)) => {
                m.remove(k.as_str());
            }
            (Seg::Index(i), Value::Sequence(items)) if *i < items.len() => {
                items.remove(*i);
            }
            _ => {}
        }
        if *gate == "ContainerStopSignals" {
            if let Some((_, container)) = parent.split_last() {
                if let Some(Value::Mapping(c)) = value_at_mut(obj, container) {
                    if matches!(c.get("lifecycle"), Some(Value::Mapping(l)) if l.is_empty()) {
                        c.remove("lifecycle");
                    }
                }
            }
        }
    }
}

fn value_at_mut<'v>(v: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    let mut cur = v;
    for seg in path {
        cur = match (seg, cur) {
            (Seg::Key(k), Value::Mapping(m)) => m.get_mut(k.as_str())?,
            (Seg::Index(i), Value::Sequence(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn dropped(minor: u32, yaml: &str) -> Vec<String> {
        let v: Value = serde_yaml::from_str(yaml).expect("yaml");
        disabled_fields(&v, minor)
            .iter()
            .map(|d| format!("{} ({})", d.path, d.gate))
            .collect()
    }

    const RULES: &str = "spec:\n  initContainers:\n  - {name: s, restartPolicy: Always}\n  - {name: i, restartPolicy: Never, restartPolicyRules: [{action: Restart}]}\n  containers:\n  - {name: c, restartPolicy: Never, lifecycle: {stopSignal: SIGUSR1}}\n";

    #[wasm_bindgen_test(unsupported = test)]
    fn restart_rules_are_dropped_only_where_the_gate_exists_and_is_off() {
        assert_eq!(
            dropped(34, RULES),
            [
                "spec.initContainers[1].restartPolicy (ContainerRestartRules)",
                "spec.initContainers[1].restartPolicyRules (ContainerRestartRules)",
                "spec.containers[0].restartPolicy (ContainerRestartRules)",
                "spec.containers[0].lifecycle.stopSignal (ContainerStopSignals)",
            ]
        );
        // 1.33 has no such gate (the validation rejects these); 1.35+ keeps them.
        for m in [33, 35, 36, 37] {
            assert_eq!(
                dropped(m, RULES),
                ["spec.containers[0].lifecycle.stopSignal (ContainerStopSignals)"],
                "1.{m}"
            );
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn removal_keeps_the_rest_and_empties_lifecycle() {
        let mut v: Value = serde_yaml::from_str(RULES).unwrap();
        let d = disabled_fields(&v, 34);
        remove(&mut v, &d);
        let out = serde_yaml::to_string(&v).unwrap();
        assert!(!out.contains("restartPolicyRules"), "{out}");
        assert!(!out.contains("lifecycle"), "{out}");
        assert!(!out.contains("Never"), "{out}");
        assert!(out.contains("restartPolicy: Always"), "{out}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn image_volumes_go_with_their_mounts_before_1_35() {
        let y = "spec:\n  volumes: [{name: a, emptyDir: {}}, {name: img, image: {reference: x}}]\n  containers:\n  - {name: c, volumeMounts: [{name: a, mountPath: /a}, {name: img, mountPath: /i}]}\n";
        assert_eq!(
            dropped(34, y),
            [
                "spec.volumes[1] (ImageVolume)",
                "spec.containers[0].volumeMounts[1] (ImageVolume)"
            ]
        );
        assert!(dropped(35, y).is_empty());
        let mut v: Value = serde_yaml::from_str(y).unwrap();
        let d = disabled_fields(&v, 33);
        remove(&mut v, &d);
        let out = serde_yaml::to_string(&v).unwrap();
        assert!(!out.contains("img"), "{out}");
        assert!(out.contains("mountPath: /a"), "{out}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn gated_spec_fields_per_minor() {
        let y =
            "spec: {hostnameOverride: h, resources: {limits: {cpu: 1}}, workloadRef: {name: w}}\n";
        assert_eq!(
            dropped(33, y),
            [
                "spec.hostnameOverride (HostnameOverride)",
                "spec.resources (PodLevelResources)",
                "spec.workloadRef (GenericWorkload)"
            ]
        );
        assert_eq!(
            dropped(34, y),
            [
                "spec.hostnameOverride (HostnameOverride)",
                "spec.workloadRef (GenericWorkload)"
            ]
        );
        assert_eq!(dropped(35, y), ["spec.workloadRef (GenericWorkload)"]);
        let h2c = "spec: {containers: [{name: c, readinessProbe: {httpGet: {port: 80, protocol: HTTP2}}}]}\n";
        assert_eq!(
            dropped(37, h2c),
            ["spec.containers[0].readinessProbe.httpGet.protocol (H2CContainerProbe)"]
        );
    }
}
