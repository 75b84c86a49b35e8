//! Issue 8 item 3: the same scenario gives the same trace natively and in wasm.
//!
//! Every seed example (`examples/seeds/*.yaml`) and every hand-written action scenario
//! (`tests/golden/scenarios/*.yaml`) is embedded with `include_str!`, loaded, simulated with
//! the real runtime model, and reduced to an FNV-1a 64 digest of `Trace::to_json()` (or, for a
//! seed the front end rejects, of its rendered diagnostics). The digests are compared with
//! the committed `tests/golden/trace-digests.txt`. The test runs natively (`cargo test -p
//! podlife-tests --test wasm_parity`) and under wasm-bindgen-test-runner in Node (`cargo test
//! --target wasm32-unknown-unknown -p podlife-tests --test wasm_parity`): both passing against
//! one fixture proves byte-identical traces on both targets.
//! `UPDATE_GOLDEN=1 cargo test -p podlife-tests --test wasm_parity` rewrites the fixture
//! (natively).

use wasm_bindgen_test::wasm_bindgen_test;

const SEEDS: &[(&str, &str)] = &[
    (
        "goproxy-tcp-probes",
        include_str!("../../examples/seeds/goproxy-tcp-probes.yaml"),
    ),
    (
        "image-pull-always",
        include_str!("../../examples/seeds/image-pull-always.yaml"),
    ),
    (
        "image-pull-ifnotpresent-bad-tag",
        include_str!("../../examples/seeds/image-pull-ifnotpresent-bad-tag.yaml"),
    ),
    (
        "image-pull-never",
        include_str!("../../examples/seeds/image-pull-never.yaml"),
    ),
    (
        "init-containers-namespace-dns",
        include_str!("../../examples/seeds/init-containers-namespace-dns.yaml"),
    ),
    (
        "init-containers-services",
        include_str!("../../examples/seeds/init-containers-services.yaml"),
    ),
    (
        "lifecycle-demo-message",
        include_str!("../../examples/seeds/lifecycle-demo-message.yaml"),
    ),
    (
        "lifecycle-demo-nginx-quit",
        include_str!("../../examples/seeds/lifecycle-demo-nginx-quit.yaml"),
    ),
    (
        "liveness-exec",
        include_str!("../../examples/seeds/liveness-exec.yaml"),
    ),
    (
        "liveness-exec-busyboxplus",
        include_str!("../../examples/seeds/liveness-exec-busyboxplus.yaml"),
    ),
    (
        "liveness-exec-live-file",
        include_str!("../../examples/seeds/liveness-exec-live-file.yaml"),
    ),
    (
        "liveness-http",
        include_str!("../../examples/seeds/liveness-http.yaml"),
    ),
    (
        "liveness-http-gcr",
        include_str!("../../examples/seeds/liveness-http-gcr.yaml"),
    ),
    (
        "liveness-httpget-misindented",
        include_str!("../../examples/seeds/liveness-httpget-misindented.yaml"),
    ),
    (
        "liveness-httpget-nginx",
        include_str!("../../examples/seeds/liveness-httpget-nginx.yaml"),
    ),
    (
        "liveness-readiness-httpget",
        include_str!("../../examples/seeds/liveness-readiness-httpget.yaml"),
    ),
    (
        "liveness-tcp-myapp",
        include_str!("../../examples/seeds/liveness-tcp-myapp.yaml"),
    ),
    (
        "liveness-tcp-nginx",
        include_str!("../../examples/seeds/liveness-tcp-nginx.yaml"),
    ),
    (
        "memory-limit-exceeded",
        include_str!("../../examples/seeds/memory-limit-exceeded.yaml"),
    ),
    (
        "memory-limit-within",
        include_str!("../../examples/seeds/memory-limit-within.yaml"),
    ),
    (
        "myapp-pod-hello",
        include_str!("../../examples/seeds/myapp-pod-hello.yaml"),
    ),
    (
        "nginx-annotated",
        include_str!("../../examples/seeds/nginx-annotated.yaml"),
    ),
    (
        "nodename",
        include_str!("../../examples/seeds/nodename.yaml"),
    ),
    (
        "nodeselector",
        include_str!("../../examples/seeds/nodeselector.yaml"),
    ),
    (
        "one-pod-multi-container",
        include_str!("../../examples/seeds/one-pod-multi-container.yaml"),
    ),
    (
        "pod1-harbar-typo",
        include_str!("../../examples/seeds/pod1-harbar-typo.yaml"),
    ),
    (
        "pod1-nginx",
        include_str!("../../examples/seeds/pod1-nginx.yaml"),
    ),
    (
        "pod1-stress",
        include_str!("../../examples/seeds/pod1-stress.yaml"),
    ),
    (
        "poststart-nginx",
        include_str!("../../examples/seeds/poststart-nginx.yaml"),
    ),
    (
        "prestop-hostpath",
        include_str!("../../examples/seeds/prestop-hostpath.yaml"),
    ),
    (
        "readiness-gate-fragment",
        include_str!("../../examples/seeds/readiness-gate-fragment.yaml"),
    ),
    (
        "readiness-httpget-myapp",
        include_str!("../../examples/seeds/readiness-httpget-myapp.yaml"),
    ),
    (
        "readiness-httpget-service",
        include_str!("../../examples/seeds/readiness-httpget-service.yaml"),
    ),
    (
        "sidecar-deployment",
        include_str!("../../examples/seeds/sidecar-deployment.yaml"),
    ),
    (
        "two-stress-containers-no-space",
        include_str!("../../examples/seeds/two-stress-containers-no-space.yaml"),
    ),
];

const SCENARIOS: &[(&str, &str)] = &[
    (
        "awk-probe-and-fields",
        include_str!("../golden/scenarios/awk-probe-and-fields.yaml"),
    ),
    (
        "crashloop-busybox",
        include_str!("../golden/scenarios/crashloop-busybox.yaml"),
    ),
    (
        "init-services-created-later",
        include_str!("../golden/scenarios/init-services-created-later.yaml"),
    ),
    (
        "job-with-sidecar",
        include_str!("../golden/scenarios/job-with-sidecar.yaml"),
    ),
    (
        "liveness-httpget-rm-index",
        include_str!("../golden/scenarios/liveness-httpget-rm-index.yaml"),
    ),
    (
        "liveness-sigterm-ignored-delete",
        include_str!("../golden/scenarios/liveness-sigterm-ignored-delete.yaml"),
    ),
    (
        "liveness-tcp-nginx-stop",
        include_str!("../golden/scenarios/liveness-tcp-nginx-stop.yaml"),
    ),
    (
        "poststart-exec-cat",
        include_str!("../golden/scenarios/poststart-exec-cat.yaml"),
    ),
    (
        "prestop-delete",
        include_str!("../golden/scenarios/prestop-delete.yaml"),
    ),
    (
        "readiness-rm-index",
        include_str!("../golden/scenarios/readiness-rm-index.yaml"),
    ),
    (
        "termination-message",
        include_str!("../golden/scenarios/termination-message.yaml"),
    ),
];

/// The per-minor examples (`tests/golden/minors/*.yaml`): each is run at every supported minor.
const MINORS: &[(&str, &str)] = &[
    (
        "readiness-while-terminating",
        include_str!("../golden/minors/readiness-while-terminating.yaml"),
    ),
    (
        "restart-all-containers",
        include_str!("../golden/minors/restart-all-containers.yaml"),
    ),
    (
        "restart-rules",
        include_str!("../golden/minors/restart-rules.yaml"),
    ),
    (
        "scheduling-gates",
        include_str!("../golden/minors/scheduling-gates.yaml"),
    ),
    (
        "taint-unschedulable",
        include_str!("../golden/minors/taint-unschedulable.yaml"),
    ),
];

const FIXTURE: &str = include_str!("../golden/trace-digests.txt");

/// FNV-1a, 64 bits: small, stable, and the same on every target.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// One line per case: `<family>/<name> <what> <digest> <bytes>`, loaded as `minor` (the
/// text's own, else the default, when `None`).
fn digest_line(family: &str, name: &str, text: &str, minor: Option<u32>) -> String {
    let l = podlife_manifest::load_with(
        text,
        &podlife_manifest::LoadOptions {
            kube_minor: minor,
            ..Default::default()
        },
    );
    match l.scenario {
        Some(sc) => {
            let json = podlife_engine::simulate(&sc).to_json();
            format!(
                "{family}/{name} trace {:016x} {}",
                fnv1a64(json.as_bytes()),
                json.len()
            )
        }
        None => {
            let d: Vec<String> = l.diagnostics.iter().map(|d| d.render(name)).collect();
            let d = d.join("\n");
            format!(
                "{family}/{name} diagnostics {:016x} {}",
                fnv1a64(d.as_bytes()),
                d.len()
            )
        }
    }
}

fn digests() -> String {
    let mut out = String::new();
    for (family, cases) in [("seeds", SEEDS), ("scenarios", SCENARIOS)] {
        for (name, text) in cases {
            out.push_str(&digest_line(family, name, text, None));
            out.push('\n');
        }
    }
    // The rules that depend on the minor, on both targets.
    let liveness = SEEDS.iter().find(|(n, _)| *n == "liveness-exec");
    for (name, text) in MINORS.iter().chain(liveness) {
        for minor in podlife_spec::SUPPORTED_KUBE_MINORS {
            let case = format!("{name}@1.{minor}");
            out.push_str(&digest_line("minors", &case, text, Some(minor)));
            out.push('\n');
        }
    }
    out
}

#[wasm_bindgen_test(unsupported = test)]
fn fnv1a64_reference_values() {
    // Published FNV-1a 64 test vectors.
    assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
}

#[wasm_bindgen_test(unsupported = test)]
fn trace_digests_match_fixture() {
    let actual = digests();
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("golden")
            .join("trace-digests.txt");
        std::fs::write(&path, &actual).expect("write trace-digests.txt");
        return;
    }
    let expected: Vec<&str> = FIXTURE.lines().collect();
    let got: Vec<&str> = actual.lines().collect();
    for (e, g) in expected.iter().zip(&got) {
        assert_eq!(
            e, g,
            "trace digest differs (UPDATE_GOLDEN=1 natively if the change is intended)"
        );
    }
    assert_eq!(expected.len(), got.len(), "number of cases differs");
    // Most seeds load: a front end regression that rejects them all must not pass silently.
    let traces = got.iter().filter(|l| l.contains(" trace ")).count();
    assert!(
        traces >= SCENARIOS.len() + 20,
        "only {traces} cases simulated"
    );
}

/// The embedded lists cover every file on disk (natively: wasm has no file system).
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn embedded_lists_cover_every_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (dir, cases) in [
        (root.join("../examples/seeds"), SEEDS),
        (root.join("golden/scenarios"), SCENARIOS),
        (root.join("golden/minors"), MINORS),
    ] {
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("read dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = cases.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            embedded,
            on_disk,
            "update the include_str! list for {}",
            dir.display()
        );
    }
}
