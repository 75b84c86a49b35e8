//! Every example manifest from the course notes (examples/seeds/, extracted byte for byte):
//! each loads, or fails exactly where it is broken. Errors, warnings and the text hints
//! (indentation mistakes) are pinned with line:column; per-field lint hints are not.

use podlife_manifest::{load, Severity};

const SEEDS: &[(&str, Option<&str>, &[&str])] = &[
    (
        "goproxy-tcp-probes.yaml",
        Some("default/goproxy"),
        &[
        ],
    ),
    (
        "image-pull-always.yaml",
        Some("default/pod2"),
        &[
        ],
    ),
    (
        "image-pull-ifnotpresent-bad-tag.yaml",
        Some("default/pod4"),
        &[
        ],
    ),
    (
        "image-pull-never.yaml",
        Some("default/pod3"),
        &[
        ],
    ),
    (
        "init-containers-namespace-dns.yaml",
        Some("default/myapp-pod"),
        &[
        ],
    ),
    (
        "init-containers-services.yaml",
        Some("default/myapp-pod"),
        &[
            "28:1: error: unknown field \"ports\"",
            "28:1: hint: `spec:` (line 27) is empty and `ports:` is at the same indentation, so `ports` is not inside `spec`; indent `ports` and the lines under it by two more spaces",
        ],
    ),
    (
        "lifecycle-demo-message.yaml",
        Some("default/lifecycle-demo"),
        &[
        ],
    ),
    (
        "lifecycle-demo-nginx-quit.yaml",
        Some("default/lifecycle-demo"),
        &[
        ],
    ),
    (
        "liveness-exec-busyboxplus.yaml",
        Some("default/liveness-exec"),
        &[
        ],
    ),
    (
        "liveness-exec-live-file.yaml",
        Some("default/liveness-exec-pod"),
        &[
        ],
    ),
    (
        "liveness-exec.yaml",
        Some("default/liveness-exec"),
        &[
        ],
    ),
    (
        "liveness-http-gcr.yaml",
        Some("default/liveness-http"),
        &[
        ],
    ),
    (
        "liveness-http.yaml",
        Some("default/liveness-http"),
        &[
        ],
    ),
    (
        "liveness-httpget-misindented.yaml",
        None,
        &[
            "15:7: error: unknown field \"spec.containers[0].httpGet\"",
            "15:7: hint: `livenessProbe:` (line 14) is empty and `httpGet:` is at the same indentation, so `httpGet` is not inside `livenessProbe`; indent `httpGet` and the lines under it by two more spaces",
            "19:7: error: unknown field \"spec.containers[0].initialDelaySeconds\"",
            "20:7: error: unknown field \"spec.containers[0].periodSeconds\"",
            "21:7: error: unknown field \"spec.containers[0].timeoutSeconds\"",
        ],
    ),
    (
        "liveness-httpget-nginx.yaml",
        Some("default/liveness-httpget"),
        &[
        ],
    ),
    (
        "liveness-readiness-httpget.yaml",
        Some("default/liveness-readiness-httpget"),
        &[
        ],
    ),
    (
        "liveness-tcp-myapp.yaml",
        Some("default/probe-tcp"),
        &[
        ],
    ),
    (
        "liveness-tcp-nginx.yaml",
        Some("default/liveness-tcp"),
        &[
        ],
    ),
    (
        "memory-limit-exceeded.yaml",
        Some("mem-test/smartgopod07"),
        &[
            "3:1: warning: kind: Namespace is not simulated: podlife runs one Pod; this document is ignored (every namespace exists in podlife)",
        ],
    ),
    (
        "memory-limit-within.yaml",
        Some("mem-test/pod5"),
        &[
            "3:1: warning: kind: Namespace is not simulated: podlife runs one Pod; this document is ignored (every namespace exists in podlife)",
        ],
    ),
    (
        "myapp-pod-hello.yaml",
        Some("default/myapp-pod"),
        &[
        ],
    ),
    (
        "nginx-annotated.yaml",
        None,
        &[
            "62:5: hint: `livenessProbe:` (line 57) is empty and `httpGet:` is at the same indentation, so `httpGet` is not inside `livenessProbe`; indent `httpGet` and the lines under it by two more spaces",
            "68:7: error: did not find expected key, while parsing a block mapping at line 21 column 5",
            "100:9: hint: `hostPath:` is indented more than `emptyDir:` (line 99), which already has a value; align `hostPath` with `emptyDir`, or move it where it belongs",
        ],
    ),
    (
        "nodename.yaml",
        Some("default/pod-nodename"),
        &[
        ],
    ),
    (
        "nodeselector.yaml",
        Some("default/pod-nodeselect"),
        &[
        ],
    ),
    (
        "one-pod-multi-container.yaml",
        Some("default/onepodmultic"),
        &[
        ],
    ),
    (
        "pod1-harbar-typo.yaml",
        Some("default/pod1"),
        &[
        ],
    ),
    (
        "pod1-nginx.yaml",
        Some("default/pod1"),
        &[
        ],
    ),
    (
        "pod1-stress.yaml",
        Some("default/pod1"),
        &[
        ],
    ),
    (
        "poststart-nginx.yaml",
        Some("default/poststart"),
        &[
        ],
    ),
    (
        "prestop-hostpath.yaml",
        Some("default/prestop"),
        &[
        ],
    ),
    (
        "readiness-gate-fragment.yaml",
        None,
        &[
            "1:1: error: error validating data: [apiVersion not set, kind not set]",
            "3:1: error: did not find expected <document start>",
        ],
    ),
    (
        "readiness-httpget-myapp.yaml",
        Some("default/readiness-httpget-pod"),
        &[
        ],
    ),
    (
        "readiness-httpget-service.yaml",
        Some("default/readiness-httpget"),
        &[
        ],
    ),
    (
        "sidecar-deployment.yaml",
        None,
        &[
            "32:3: error: unknown field \"spec.volumes\"",
        ],
    ),
    (
        "two-stress-containers-no-space.yaml",
        None,
        &[
            "9:5: hint: `image:harbor.wego.red/library/stress:latest` has no space after `image:`, so YAML reads it as one string, not as the `image` field; write `image: harbor.wego.red/library/stress:latest`",
            "10:5: error: could not find expected ':', while scanning a simple key at line 9 column 5",
        ],
    ),
];

fn read(name: &str) -> String {
    let path = format!("{}/../../examples/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_seed_loads_or_fails_where_it_is_broken() {
    for (name, pod, expect) in SEEDS {
        let l = load(&read(name));
        let got: Vec<String> = l
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Hint || d.path.is_empty())
            .map(|d| {
                d.render(name)
                    .trim_start_matches(&format!("{name}:"))
                    .to_string()
            })
            .collect();
        assert_eq!(&got, expect, "{name}");
        let got_pod = l
            .scenario
            .as_ref()
            .map(|s| format!("{}/{}", s.pod.namespace, s.pod.name));
        assert_eq!(got_pod.as_deref(), *pod, "{name}");
        // An error leaves a scenario only when it is in another object, which kubectl apply
        // leaves out (a hint says so).
        let left_out = l
            .diagnostics
            .iter()
            .any(|d| d.message.to_string().contains("not created"));
        assert_eq!(l.scenario.is_some(), !l.has_errors() || left_out, "{name}");
    }
}

#[test]
fn every_seed_file_is_pinned() {
    let dir = format!("{}/../../examples/seeds", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("examples/seeds")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    let pinned: Vec<String> = SEEDS.iter().map(|(n, _, _)| n.to_string()).collect();
    assert_eq!(files, pinned);
}
