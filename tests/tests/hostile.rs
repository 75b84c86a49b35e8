//! Hostile and broken input corpus (issue 8 item 4). Every case goes through the entry points the
//! CLI and the web app use — `podlife_share::decode` for links, `podlife_manifest::load`, and
//! when the text loads `podlife_engine::simulate` plus the views the app renders — and must
//! give its expected diagnostic, without a panic.
//!
//! Cases (`tests/hostile/`):
//! - `yaml/<case>.yaml`, `seeds/<case>.txt` (the course notes as-is: prose around YAML),
//!   `links/<case>.link` (written by `links/make_links.py`): committed inputs;
//! - `generated/<case>`: big inputs built at test time (5 MB, 1,000-deep nesting, garbage
//!   bytes, …) so the repo holds no megabytes.
//!
//! Each has `<case>.expected`: one line, the outcome (see [`outcome_of_text`]): the first error
//! diagnostic `FILE:LINE:COL: error: path: message` (FILE is the case file name), or
//! `ok: simulated to <until>` (with the first warning, if any), or for a link that does not
//! decode `link refused (<kind>): <message>`; cut at 400 characters.
//! `UPDATE_GOLDEN=1 cargo test -p podlife-tests --test hostile` rewrites the `.expected` files.
//!
//! Timing: every case's wall time is printed (run with `--nocapture` to see the table). The
//! budget is 100 ms per case in a release build; exceeding it fails only with
//! `PODLIFE_STRICT_TIMING=1` (shared machines are noisy), e.g.
//! `PODLIFE_STRICT_TIMING=1 cargo test --release -p podlife-tests --test hostile -- --nocapture`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use podlife_engine::{simulate, text, views};
use podlife_manifest::Severity;

const BUDGET: Duration = Duration::from_millis(100);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("hostile")
}

enum Input {
    Text(String),
    Link(String),
}

struct Case {
    /// `yaml/alias-bomb.yaml`, `generated/deep-flow-1000`, …
    name: String,
    /// Name used in diagnostics (the file name).
    file: String,
    input: Input,
    expected_path: PathBuf,
}

/// The outcome of loading `text` (named `file` in diagnostics) and, if it loads, simulating it
/// and rendering every view the app shows.
fn outcome_of_text(file: &str, text_in: &str) -> String {
    let loaded = podlife_manifest::load(text_in);
    if let Some(d) = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        return d.render(file);
    }
    let Some(scenario) = loaded.scenario else {
        return "no scenario and no error".into();
    };
    let tr = simulate(&scenario);
    // The views the app renders must not panic either (hostile names, huge numbers).
    for at in [podlife_spec::SimTime::ZERO, tr.until] {
        let _ = views::get_pods(&tr, at);
        let _ = views::get_pods_wide(&tr, at);
        let _ = views::get_pods_watch(&tr, at);
        let _ = views::describe_pod(&tr, at);
        let _ = views::pod_yaml(&tr, at);
    }
    let _ = text::timeline(&tr);
    let _ = tr.to_json();
    let mut s = format!("ok: simulated to {}", tr.until);
    if let Some(c) = &tr.capped {
        s.push_str(&format!(" (capped: {c})"));
    }
    // How a runaway process ended (issue 15): the OOM killer, or a busy loop.
    if let Some(f) = tr.frames.iter().find(|f| f.kubectl.status == "OOMKilled") {
        s.push_str(&format!("; OOMKilled at {}", f.time));
    }
    for e in &tr.explanations {
        if e.warnings
            .iter()
            .any(|w| w.to_string().contains("busy forever"))
        {
            s.push_str(&format!("; {}: busy forever", e.container));
        }
    }
    if let Some(w) = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Warning)
    {
        s.push_str(&format!("; first warning: {}", w.render(file)));
    }
    s
}

/// Longest outcome kept in a `.expected` file; longer ones (a diagnostic quoting a 900 KB value)
/// are cut there and marked with their full length.
const MAX_OUTCOME_CHARS: usize = 400;

fn clip(s: String) -> String {
    let n = s.chars().count();
    if n <= MAX_OUTCOME_CHARS {
        return s;
    }
    let head: String = s.chars().take(MAX_OUTCOME_CHARS).collect();
    format!("{head}… ({n} characters in all)")
}

fn outcome(case: &Case) -> String {
    clip(outcome_unclipped(case))
}

fn outcome_unclipped(case: &Case) -> String {
    match &case.input {
        Input::Text(t) => outcome_of_text(&case.file, t),
        Input::Link(l) => match podlife_share::decode(podlife_share::fragment_of(l)) {
            Err(e) => format!("link refused ({}): {e}", e.kind()),
            Ok(state) => format!(
                "link decodes; {}",
                outcome_of_text(podlife_cli::LINK_SOURCE_NAME, &state.text)
            ),
        },
    }
}

fn files_in(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("tests/hostile/{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

fn file_cases(dir: &str, ext: &str) -> Vec<Case> {
    files_in(dir, ext)
        .into_iter()
        .map(|p| {
            let file = p
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Read bytes: a case may hold invalid UTF-8; the app and CLI see it lossily.
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let s = String::from_utf8_lossy(&bytes).into_owned();
            Case {
                name: format!("{dir}/{file}"),
                input: if ext == "link" {
                    Input::Link(s)
                } else {
                    Input::Text(s)
                },
                expected_path: p.with_extension("expected"),
                file,
            }
        })
        .collect()
}

/// Deterministic pseudo-random bytes (xorshift64*), no dependency, no clock.
fn garbage(n: usize, mut x: u64) -> Vec<u8> {
    let mut v = Vec::with_capacity(n);
    while v.len() < n {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        v.extend_from_slice(&x.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
    }
    v.truncate(n);
    v
}

const POD_HEAD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\n";
const POD_TAIL: &str = "spec:\n  containers:\n  - {name: app, image: busybox:1.36}\n";

fn annotations(bytes: usize) -> String {
    let mut s = String::from(POD_HEAD);
    s.push_str("  annotations:\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!("    note-{i:07}: \"{}\"\n", "x".repeat(80)));
        i += 1;
    }
    s.push_str(POD_TAIL);
    s
}

/// Big and pathological inputs, built here instead of committed.
fn generated_cases() -> Vec<Case> {
    let mut v: Vec<(&str, Input)> = Vec::new();
    // A 5 MB document (over MAX_INPUT_BYTES) and one just under the limit.
    v.push((
        "big-5mb-document",
        Input::Text(annotations(5 * 1024 * 1024)),
    ));
    v.push((
        "big-just-under-input-limit",
        Input::Text(annotations(podlife_manifest::MAX_INPUT_BYTES - 4096)),
    ));
    // 1,000-deep nesting: block mappings, block sequences, flow sequences, flow mappings.
    let mut block = String::new();
    for d in 0..1000 {
        block.push_str(&format!("{}k{d}:\n", "  ".repeat(d)));
    }
    block.push_str(&format!("{}leaf\n", "  ".repeat(1000)));
    v.push(("deep-block-mapping-1000", Input::Text(block)));
    let mut seq = String::new();
    for d in 0..1000 {
        seq.push_str(&format!("{}-\n", "  ".repeat(d)));
    }
    v.push(("deep-block-sequence-1000", Input::Text(seq)));
    v.push((
        "deep-flow-sequence-1000",
        Input::Text(format!("{}{}\n", "[".repeat(1000), "]".repeat(1000))),
    ));
    v.push((
        "deep-flow-mapping-1000",
        Input::Text(format!("{}x{}\n", "{a: ".repeat(1000), "}".repeat(1000))),
    ));
    // Deep nesting inside a real Pod field.
    v.push((
        "deep-flow-in-pod-args-1000",
        Input::Text(format!(
            "{POD_HEAD}spec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    args: {}a{}\n",
            "[".repeat(1000),
            "]".repeat(1000)
        )),
    ));
    v.push((
        "deep-flow-sequence-100000-unclosed",
        Input::Text("[".repeat(100_000)),
    ));
    // Binary garbage, seen as text the way the app and CLI see it.
    v.push((
        "binary-garbage-64k",
        Input::Text(String::from_utf8_lossy(&garbage(64 * 1024, 0x5eed)).into_owned()),
    ));
    let mut nul = String::from(POD_HEAD);
    nul.push_str("  labels: {a: \"b\0c\"}\n\u{1}\u{2}\u{7f}\u{1b}[2J\n");
    nul.push_str(POD_TAIL);
    v.push(("nul-and-control-characters", Input::Text(nul)));
    // Counts over the limits.
    let mut docs = String::new();
    for i in 0..(podlife_manifest::MAX_DOCUMENTS + 1) {
        docs.push_str(&format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\n"
        ));
    }
    v.push(("too-many-documents", Input::Text(docs)));
    let mut many = format!("{POD_HEAD}spec:\n  containers:\n");
    for i in 0..(podlife_manifest::MAX_CONTAINERS + 1) {
        many.push_str(&format!("  - {{name: c{i}, image: busybox:1.36}}\n"));
    }
    v.push(("too-many-containers", Input::Text(many)));
    let mut wide = String::from("x0: &a0 [q, q]\n");
    for i in 1..60 {
        wide.push_str(&format!("x{i}: &a{i} [*a{}, *a{}]\n", i - 1, i - 1));
    }
    v.push(("alias-bomb-2-pow-60", Input::Text(wide)));
    v.push((
        "one-line-900k-scalar",
        Input::Text(format!(
            "{POD_HEAD}  labels: {{a: \"{}\"}}\n{POD_TAIL}",
            "y".repeat(900_000)
        )),
    ));
    // Links built at test time.
    v.push((
        "link-too-long",
        Input::Link(format!(
            "#1{}",
            "A".repeat(podlife_share::MAX_FRAGMENT_CHARS + 1)
        )),
    ));
    let mut mb = String::from("#1");
    mb.push_str(&String::from_utf8_lossy(&garbage(1024 * 1024, 7)));
    v.push(("link-1mb-garbage", Input::Link(mb)));
    v.into_iter()
        .map(|(name, input)| Case {
            name: format!("generated/{name}"),
            file: name.to_string(),
            input,
            expected_path: root().join("generated").join(format!("{name}.expected")),
        })
        .collect()
}

#[test]
fn hostile_corpus() {
    let mut cases = file_cases("yaml", "yaml");
    cases.extend(file_cases("seeds", "txt"));
    cases.extend(file_cases("links", "link"));
    cases.extend(generated_cases());
    assert!(cases.len() >= 55, "corpus shrank: {} cases", cases.len());

    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let strict = std::env::var("PODLIFE_STRICT_TIMING").is_ok_and(|v| v == "1");
    let release = !cfg!(debug_assertions);
    let mut failures = Vec::new();
    let mut table = Vec::new();
    // The panic hook is left alone (tests run in parallel); a caught panic prints its message
    // and is reported below as a failure with its case name.
    for case in &cases {
        let start = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| outcome(case)));
        let took = start.elapsed();
        table.push((case.name.clone(), took));
        let got = match result {
            Ok(s) => s,
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{}: PANIC: {msg}", case.name));
                continue;
            }
        };
        if release && took > BUDGET && strict {
            failures.push(format!(
                "{}: took {} ms (budget {} ms)",
                case.name,
                took.as_millis(),
                BUDGET.as_millis()
            ));
        }
        if update {
            if let Err(e) = std::fs::write(&case.expected_path, format!("{got}\n")) {
                failures.push(format!("{}: {e}", case.expected_path.display()));
            }
            continue;
        }
        match std::fs::read_to_string(&case.expected_path) {
            Err(_) => failures.push(format!(
                "{}: missing {} (UPDATE_GOLDEN=1 creates it)",
                case.name,
                case.expected_path.display()
            )),
            Ok(e) if e.trim_end() != got => failures.push(format!(
                "{}:\n expected: {}\n actual:   {got}",
                case.name,
                e.trim_end()
            )),
            Ok(_) => {}
        }
    }

    println!(
        "hostile corpus: {} cases ({} build; budget {} ms each, enforced only in release with PODLIFE_STRICT_TIMING=1)",
        cases.len(),
        if release { "release" } else { "debug" },
        BUDGET.as_millis()
    );
    table.sort_by_key(|t| std::cmp::Reverse(t.1));
    for (name, took) in &table {
        let flag = if *took > BUDGET { "  OVER BUDGET" } else { "" };
        println!("{:>9.3} ms  {name}{flag}", took.as_secs_f64() * 1000.0);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every committed case has its expectation and every expectation its case (no stale files).
#[test]
fn every_expected_file_has_a_case() {
    let mut stems: Vec<String> = Vec::new();
    for (dir, ext) in [("yaml", "yaml"), ("seeds", "txt"), ("links", "link")] {
        for p in files_in(dir, ext) {
            stems.push(format!(
                "{dir}/{}",
                p.with_extension("")
                    .display()
                    .to_string()
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
            ));
        }
    }
    for c in generated_cases() {
        stems.push(c.name.clone());
    }
    for dir in ["yaml", "seeds", "links", "generated"] {
        for p in files_in(dir, "expected") {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = format!("{dir}/{stem}");
            assert!(stems.contains(&name), "stale expectation {}", p.display());
        }
    }
}

/// The corpus holds every seed file of the course notes, unchanged (CI cannot read
/// /work/shared; this catches a copy that went stale when the notes are available).
#[test]
fn seed_copies_match_the_course_notes_when_present() {
    let Ok(dir) = std::fs::read_dir("/work/shared/seeds") else {
        return;
    };
    for e in dir.filter_map(Result::ok) {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let name = p.file_name().map(|f| f.to_owned()).unwrap_or_default();
            let copy = root().join("seeds").join(&name);
            assert_eq!(
                std::fs::read(&copy).ok(),
                std::fs::read(&p).ok(),
                "tests/hostile/seeds/{} differs from the course notes",
                name.to_string_lossy()
            );
        }
    }
}

/// The CLI gives the same outcome for the committed cases: `podlife run FILE` / `podlife run
/// <link>` exits 1 with the expected first error on stderr, or 0 when the case simulates.
#[test]
fn cli_agrees_with_the_corpus() {
    let mut checked = 0;
    for (dir, ext) in [("yaml", "yaml"), ("seeds", "txt"), ("links", "link")] {
        for case in file_cases(dir, ext) {
            let expected = std::fs::read_to_string(&case.expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", case.expected_path.display()));
            let expected = expected.trim_end();
            let arg = match &case.input {
                Input::Link(l) => l.clone(),
                Input::Text(_) => root().join(dir).join(&case.file).display().to_string(),
            };
            let args: Vec<String> = vec!["podlife".into(), "run".into(), arg.clone()];
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code = podlife_cli::main_with(&args, &mut &b""[..], &mut out, &mut err);
            let err = String::from_utf8_lossy(&err);
            let first_error = err.lines().find(|l| l.contains("error: "));
            let ok = expected.starts_with("ok:") || expected.starts_with("link decodes; ok:");
            if ok {
                assert_eq!(code, 0, "{}: {err}", case.name);
            } else if let Some(msg) = expected.strip_prefix("link refused (") {
                let msg = msg.split_once("): ").map(|(_, m)| m).unwrap_or("");
                assert_eq!(code, 1, "{}", case.name);
                assert_eq!(err, format!("error: {msg}\n"), "{}", case.name);
            } else {
                assert_eq!(code, 1, "{}: {err}", case.name);
                let want = match expected.strip_prefix("link decodes; ") {
                    Some(rest) => rest.to_string(),
                    None => expected.replacen(&case.file, &arg, 1),
                };
                assert_eq!(first_error, Some(want.as_str()), "{}", case.name);
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked}");
}

/// Every truncation and many one-character edits of the released v1 links: decoding never
/// panics, a damaged link is either refused or (when the damage still decodes) goes through
/// load and simulate without a panic.
#[test]
fn damaged_fixture_links_never_panic() {
    let mut links: Vec<PathBuf> = Vec::new();
    for v in ["links/v1", "links/v2"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(v);
        links.extend(
            std::fs::read_dir(&dir)
                .expect("tests/links/vN")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "link")),
        );
    }
    links.sort();
    assert!(!links.is_empty());
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut refused, mut decoded) = (0usize, 0usize);
    let mut panics = Vec::new();
    for path in &links {
        let link = std::fs::read_to_string(path).expect("read link");
        let frag = podlife_share::fragment_of(&link).to_string();
        let mut variants: Vec<String> = (0..frag.len()).map(|n| frag[..n].to_string()).collect();
        let bytes = frag.as_bytes();
        for (i, r) in garbage(64, bytes.len() as u64 + 1).chunks(2).enumerate() {
            let pos = 1 + (usize::from(r[0]) + i * 7) % (bytes.len() - 1);
            let mut b = bytes.to_vec();
            b[pos] = ALPHABET[usize::from(r[1]) % ALPHABET.len()];
            variants.push(String::from_utf8_lossy(&b).into_owned());
        }
        for v in variants {
            let r = catch_unwind(AssertUnwindSafe(|| match podlife_share::decode(&v) {
                Err(_) => false,
                Ok(state) => {
                    let _ = outcome_of_text("<link>", &state.text);
                    true
                }
            }));
            match r {
                Ok(true) => decoded += 1,
                Ok(false) => refused += 1,
                Err(_) => panics.push(format!("{}: {v}", path.display())),
            }
        }
    }
    println!(
        "damaged links: {refused} refused, {decoded} still decoded, {} panics",
        panics.len()
    );
    assert!(panics.is_empty(), "panics on:\n{}", panics.join("\n"));
    assert!(refused > 1000, "{refused}");
}
