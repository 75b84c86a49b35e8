//! `cargo run -p podlife-manifest --profile release-native --example manifest-bench`: times `load` on
//! typical inputs and on the limit cases (a measurement, not a test).
// A native benchmark: reading the wall clock is its job.
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::time::Instant;

fn time(label: &str, text: &str, iters: u32) {
    let start = Instant::now();
    let mut errors = 0;
    for _ in 0..iters {
        let l = podlife_manifest::load(std::hint::black_box(text));
        errors += usize::from(l.has_errors());
    }
    let per = start.elapsed() / iters;
    println!(
        "{label:<44} {:>8} bytes  {per:>12?} per load  (errors: {})",
        text.len(),
        errors > 0
    );
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../examples/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_default()
}

fn main() {
    // Warm the schema table (parsed once per process).
    let _ = podlife_manifest::load(&seed("liveness-exec.yaml"));
    time(
        "liveness-exec (typical pod)",
        &seed("liveness-exec.yaml"),
        2000,
    );
    time(
        "readiness-httpget-service (pod + service)",
        &seed("readiness-httpget-service.yaml"),
        2000,
    );
    time(
        "nginx-annotated (syntax error)",
        &seed("nginx-annotated.yaml"),
        2000,
    );
    let dep = std::fs::read_to_string(format!(
        "{}/tests/fixtures/deployment-sidecar-scenario.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_default();
    time("deployment + sidecar + Scenario document", &dep, 2000);
    let mut many =
        String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n");
    for i in 0..64 {
        many.push_str(&format!("  - name: c{i}\n    image: busybox:1.36\n    livenessProbe: {{exec: {{command: [cat, /tmp/x]}}}}\n    resources: {{limits: {{memory: 64Mi}}}}\n"));
    }
    time("64 containers", &many, 200);
    let big = format!("a: \"{}\"\n", "x".repeat(1 << 20));
    time("over 1 MiB (refused)", &big, 200);
    let mut nearly = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata:\n");
    let mut i = 0;
    while nearly.len() < (1 << 20) - 100 {
        nearly.push_str(&format!("  k{i}: \"some value {i}\"\n"));
        i += 1;
    }
    time("just under 1 MiB ConfigMap", &nearly, 10);
    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (n, c) in "bcdefghi".chars().enumerate() {
        let prev = (b'a' + n as u8) as char;
        bomb.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 10].join(",")
        ));
    }
    time("alias bomb (refused)", &bomb, 200);
    // What serde_yaml alone does with the same bomb (no front-end bound in front of it).
    let start = Instant::now();
    let mut err = String::new();
    if let Some(doc) = serde_yaml::Deserializer::from_str(&bomb).next() {
        if let Err(e) = <serde_yaml::Value as serde::Deserialize>::deserialize(doc) {
            err = e.to_string();
        }
    }
    println!(
        "{:<44} {:>8} bytes  {:>12?} (serde_yaml alone: {err})",
        "alias bomb, serde_yaml alone",
        bomb.len(),
        start.elapsed()
    );
    time("nesting 100k deep (refused)", &"[".repeat(100_000), 20);
    let mut block = String::new();
    for i in 0..200 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    time("block nesting 200 deep (refused)", &block, 200);
    // Minified JSON on one line (e.g. `kubectl get -o json | jq -c`), ASCII and not.
    let mut json = String::from(
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"m\"},\"data\":{",
    );
    let mut i = 0;
    while json.len() < 900_000 {
        json.push_str(&format!("\"k{i}\":\"v\","));
        i += 1;
    }
    json.push_str("\"z\":\"z\"}}");
    time("900 KB of one-line JSON", &json, 3);
    let wide = json.replace("\"v\"", "\"值\"");
    time("900 KB of one-line JSON, non-ASCII", &wide, 3);
    // Many anchors and aliases (each small): bounded work.
    let mut anchors = String::new();
    for i in 0..900 {
        anchors.push_str(&format!("a{i}: &a{i} [x]\n"));
    }
    anchors.push_str("list:\n");
    for i in 0..9000 {
        anchors.push_str(&format!("- *a{}\n", i % 900));
    }
    time("900 anchors, 9000 aliases", &anchors, 3);
    // A Deployment whose labels and selector are huge maps.
    let mut labels = String::new();
    for i in 0..20000 {
        labels.push_str(&format!("      k{i}: v\n"));
    }
    let dep = format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\nspec:\n  selector:\n    matchLabels:\n{}  template:\n    metadata:\n      labels:\n{}    spec: {{containers: [{{name: c, image: i:1}}]}}\n", labels, labels.replace("      k", "        k"));
    time("Deployment with 20 000 labels", &dep, 3);
}
