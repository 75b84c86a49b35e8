//! Runaway strings end in the OOM killer under rules 2 (issue 15 item 3); under rules 1 they
//! stay a busy loop, cheaply.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

const DOUBLING: &str = "echo start; x=a; while true; do x=\"$x$x\"; done";

/// `script` as PID 1 of `image` with `memory` as its limit, under `rules`, for a minute.
fn run(
    image: &str,
    script: &str,
    memory: Option<&str>,
    rules: u32,
) -> (PodRuntime, Vec<RuntimeEvent>) {
    let mut c = ctr("c", image, &["sh", "-c", script], &[]);
    if let Some(m) = memory {
        c.resources
            .limits
            .insert("memory".into(), parse_quantity(m).unwrap());
    }
    let mut rt = with_rules(&scenario(vec![], vec![c]), rules);
    rt.start(secs(3), "c", 0).unwrap();
    let events = drive(&mut rt, secs(60));
    (rt, events)
}

#[wasm_bindgen_test(unsupported = test)]
fn a_doubling_string_is_oom_killed_at_the_limit() {
    for image in ["busybox", "nginx"] {
        let (rt, events) = run(image, DOUBLING, Some("64Mi"), 2);
        assert_eq!(
            exited(&events, "c"),
            Some((secs(3) + OOM_DELAY, 137, ExitReason::OomKilled)),
            "{image}"
        );
        assert_eq!(lines(&rt, "c"), vec!["start"]);
        assert!(rt.explain()[0].warnings.is_empty(), "{:?}", rt.explain());
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn without_a_limit_the_node_memory_is_the_bound() {
    let (_, events) = run("busybox", DOUBLING, None, 2);
    assert_eq!(
        exited(&events, "c"),
        Some((secs(3) + OOM_DELAY, 137, ExitReason::OomKilled))
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn under_rules_1_the_loop_stays_busy_forever() {
    let (rt, events) = run("busybox", DOUBLING, Some("64Mi"), 1);
    assert_eq!(exited(&events, "c"), None);
    assert!(rt.is_running("c"));
    assert!(rt.explain()[0].warnings[0]
        .to_string()
        .contains("busy forever"));
}

#[wasm_bindgen_test(unsupported = test)]
fn the_full_length_is_kept_past_the_kept_megabyte() {
    let script = "x=a; i=0; while [ $i -lt 22 ]; do x=\"$x$x\"; i=$((i+1)); done; echo ${#x}; y=\"$x\"; echo ${#y}";
    let (rt, events) = run("busybox", script, Some("1Gi"), 2);
    assert_eq!(exited(&events, "c").map(|e| e.1), Some(0));
    assert_eq!(lines(&rt, "c"), vec!["4194304", "4194304"]);
    // Rules 1: what links made before saw.
    let (rt, _) = run("busybox", script, Some("1Gi"), 1);
    assert_eq!(lines(&rt, "c"), vec!["1048576", "1048576"]);
}

#[wasm_bindgen_test(unsupported = test)]
fn freed_values_stop_counting() {
    // x to 4 MiB (at most 2 + 2 x 4 MiB held while it is built), freed, then y the same: over
    // 12 MiB only if x still counted.
    let build =
        |v: &str| format!("{v}=a; i=0; while [ $i -lt 22 ]; do {v}=\"${v}${v}\"; i=$((i+1)); done");
    let script = format!("{}; x=; {}; echo ${{#y}}", build("x"), build("y"));
    let (rt, events) = run("busybox", &script, Some("12Mi"), 2);
    assert_eq!(exited(&events, "c").map(|e| e.1), Some(0));
    assert_eq!(lines(&rt, "c"), vec!["4194304"]);
    let script = format!("{}; {}; echo ${{#y}}", build("x"), build("y"));
    let (_, events) = run("busybox", &script, Some("12Mi"), 2);
    assert_eq!(
        exited(&events, "c").map(|e| e.2),
        Some(ExitReason::OomKilled)
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn pipes_and_small_values_are_not_charged() {
    let script = "seq 1 50000 | tail -n 1; i=0; x=; while [ $i -lt 1000 ]; do x=\"$x.\"; i=$((i+1)); done; echo ${#x}";
    let (rt, events) = run("busybox", script, Some("4Mi"), 2);
    assert_eq!(exited(&events, "c").map(|e| e.1), Some(0));
    assert_eq!(lines(&rt, "c"), vec!["50000", "1000"]);
}
