//! Explanations of what the model decided.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::testing::*;

#[wasm_bindgen_test(unsupported = test)]
fn explain_describes_seed_scripts() {
    let (rt, _) = one(
        "registry.k8s.io/busybox",
        &[],
        &[
            "/bin/sh",
            "-c",
            "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
        ],
    );
    let e = &rt.explain()[0];
    assert_eq!(
        e.summary,
        "runs `touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600`: creates /tmp/healthy, then sleeps 30 s, then removes /tmp/healthy, then sleeps 600 s; then exits; ignores SIGTERM as PID 1 (dies only at SIGKILL after the grace period, exit 137)"

    );
    assert!(e.warnings.is_empty());
    let (rt, _) = one("python:3.12", &[], &[]);
    assert!(rt.explain()[0].warnings[0]
        .to_string()
        .starts_with("image `python:3.12` is not in the catalogue"));
}
