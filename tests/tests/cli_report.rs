//! The `podlife` CLI's report commands in-process: `test` (expectations, JUnit XML), `diff`
//! (two runs), `run --output svg`.

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut input = stdin.as_bytes();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = podlife_cli::main_with(&args, &mut input, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn seed_text(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/seeds")
        .join(name);
    std::fs::read_to_string(p).expect("seed")
}

/// A scratch directory, removed when dropped.
struct Scratch(std::path::PathBuf);

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let d = std::env::temp_dir().join(format!("podlife-cli-report-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    Scratch(d)
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p.to_string_lossy().into_owned()
}

fn with_expect(items: &str) -> String {
    format!(
        "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  expect:\n{items}",
        seed_text("liveness-exec.yaml")
    )
}

/// The example: it holds for the liveness-exec example.
const HOLDS: &str = "  - at: 20s\n    kubectl: {ready: \"1/1\", status: Running, restarts: 0}\n  - within: [0s, 5m]\n    event: {reason: Killing, count: \">= 3\"}\n  - never: {phase: Failed}\n";
/// Line of the first expectation in `with_expect` files (the seed has 21 lines).
const FIRST: usize = 27;

#[test]
fn test_passes_a_file_whose_expectations_hold() {
    let dir = scratch("holds");
    let f = write(&dir, "ok.yaml", &with_expect(HOLDS));
    let (code, out, err) = run(&["podlife", "test", &f], "");
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.is_empty(), "no hints in a CI log: {err}");
    assert_eq!(
        out.lines()
            .filter(|l| l.contains(": ok: spec.expect["))
            .count(),
        3,
        "{out}"
    );
    assert!(
        out.contains(&format!("{f}:{FIRST}:3: ok: spec.expect[0]: at 20s")),
        "{out}"
    );
    assert!(
        out.ends_with("podlife test: 1 file, 3 passed, 0 failed\n"),
        "{out}"
    );
}

#[test]
fn test_fails_with_the_observed_value_time_and_place() {
    let dir = scratch("fails");
    let f = write(
        &dir,
        "bad.yaml",
        &with_expect("  - at: 20s\n    kubectl: {ready: \"0/1\"}\n  - within: [0s, 5m]\n    event: {reason: Killing, count: \">= 5\"}\n"),
    );
    let (code, out, _) = run(&["podlife", "test", &f], "");
    assert_eq!(code, 1, "{out}");
    // Located at the failing field, with what was seen and when.
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!("{f}:{}:15: error: spec.expect[0]: at 20s: kubectl.ready = \"0/1\" — at 20s: kubectl.ready is \"1/1\" (expected \"0/1\")", FIRST + 1)
    );
    let second = out.lines().nth(1).unwrap_or_default();
    assert!(
        second.starts_with(&format!("{f}:{}:", FIRST + 3))
            && second
                .contains("3 Killing events in [0s, 5m0s] (at 45s, 2m0s, 3m15s), expected >= 5"),
        "{second}"
    );
    assert!(
        out.ends_with("podlife test: 1 file, 0 passed, 2 failed\n"),
        "{out}"
    );
}

#[test]
fn test_of_an_invalid_file_fails_with_its_diagnostics() {
    let dir = scratch("invalid");
    let f = write(
        &dir,
        "typo.yaml",
        &with_expect("  - at: 20s\n    kubectl: {redy: \"1/1\"}\n"),
    );
    let (code, out, err) = run(&["podlife", "test", &f], "");
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "{f}:{}:15: error: unknown field \"spec.expect[0].kubectl.redy\"",
            FIRST + 1
        )),
        "{err}"
    );
    assert!(out.contains("the scenario does not load"), "{out}");
    // Without expectations a valid file passes: it loads and runs.
    let plain = write(&dir, "plain.yaml", &seed_text("liveness-exec.yaml"));
    let (code, out, _) = run(&["podlife", "test", &plain], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok: valid and runs"), "{out}");
    // Usage: at least one file.
    let (code, _, err) = run(&["podlife", "test"], "");
    assert_eq!(code, 2, "{err}");
}

#[test]
fn junit_report_is_valid_xml_with_a_case_per_expectation() {
    let dir = scratch("junit");
    let ok = write(&dir, "ok.yaml", &with_expect(HOLDS));
    let bad = write(
        &dir,
        "bad.yaml",
        &with_expect("  - name: never restarts\n    always: {container: {restarts: 0}}\n"),
    );
    let broken = write(&dir, "broken.yaml", "kind: [\n");
    let xml_path = dir.join("report.xml");
    let xml_arg = xml_path.to_string_lossy().into_owned();
    let (code, out, _) = run(
        &["podlife", "test", &ok, &bad, &broken, "--junit", &xml_arg],
        "",
    );
    assert_eq!(code, 1, "{out}");
    let xml = std::fs::read_to_string(&xml_path).expect("report written");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("5"));
    assert_eq!(root.attribute("failures"), Some("1"));
    assert_eq!(root.attribute("errors"), Some("1"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(
        suites
            .iter()
            .map(|s| s.attribute("name").unwrap())
            .collect::<Vec<_>>(),
        [ok.as_str(), bad.as_str(), broken.as_str()]
    );
    for s in &suites {
        let cases = s.children().filter(|n| n.has_tag_name("testcase")).count();
        assert_eq!(s.attribute("tests"), Some(cases.to_string().as_str()));
    }
    let case = |suite: usize, i: usize| {
        suites[suite]
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .nth(i)
            .unwrap()
    };
    assert_eq!(
        case(0, 0).attribute("line"),
        Some(FIRST.to_string().as_str())
    );
    let failed = case(1, 0);
    assert_eq!(
        failed.attribute("name"),
        Some("spec.expect[0]: never restarts")
    );
    let failure = failed
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    // The first status with a restart, from the run itself.
    let loaded = podlife_manifest::load(&seed_text("liveness-exec.yaml"));
    let trace = podlife_engine::simulate(loaded.scenario.as_ref().unwrap());
    let restarted = trace
        .frames
        .iter()
        .find(|f| f.containers.iter().any(|c| c.restart_count > 0))
        .expect("a restart")
        .time;
    assert_eq!(
        failure.attribute("message").unwrap(),
        format!(
            "at {}: container[liveness].restarts is 1 (expected 0)",
            podlife_spec::format_go_duration(restarted.as_millis())
        )
    );
    assert!(case(2, 0).children().any(|n| n.has_tag_name("error")));
}

#[test]
fn diff_prints_the_first_differing_killing_event() {
    let dir = scratch("diff");
    let a_text = seed_text("liveness-exec.yaml");
    let b_text = a_text.replace(
        "      periodSeconds: 5\n",
        "      periodSeconds: 5\n      failureThreshold: 1\n",
    );
    assert_ne!(a_text, b_text);
    let a = write(&dir, "a.yaml", &a_text);
    let b = write(&dir, "b.yaml", &b_text);
    let (code, out, err) = run(&["podlife", "diff", &a, &b], "");
    assert_eq!(code, 1, "different runs: {err}");
    let first = out
        .lines()
        .find(|l| l.starts_with("First divergence at "))
        .expect("a first divergence");
    assert_eq!(
        first,
        "First divergence at 35s: the 1st Normal Killing spec.containers{liveness} is at 45s in A, 35s in B (10s earlier)"
    );
    // Deterministic, and the same run twice is no difference.
    assert_eq!(run(&["podlife", "diff", &a, &b], "").1, out);
    let (code, same, _) = run(&["podlife", "diff", &a, &a], "");
    assert_eq!(code, 0);
    assert!(same.contains("No differences up to 10m0s"), "{same}");
    // B from stdin; an invalid input is exit 2.
    let (code, piped, _) = run(&["podlife", "diff", &a, "-"], &b_text);
    assert_eq!(code, 1);
    assert!(piped.contains(first), "{piped}");
    let (code, _, err) = run(&["podlife", "diff", &a, "-"], "kind: [\n");
    assert_eq!(code, 2);
    assert!(err.contains("-:"), "{err}");
}

#[test]
fn run_output_svg_is_valid_deterministic_and_localised() {
    let dir = scratch("svg");
    let f = write(&dir, "pod.yaml", &with_expect(HOLDS));
    let (code, svg, err) = run(
        &["podlife", "run", &f, "--output", "svg", "--at", "1m30s"],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let title = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text());
    assert_eq!(
        title,
        Some("liveness-exec — Kubernetes 1.37 · at 1m30s · Timeline 0s–10m0s")
    );
    let count = |class: &str| {
        doc.descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|x| x == class))
            })
            .count()
    };
    assert_eq!(count("playhead"), 1);
    assert_eq!(count("exp-pass"), 3, "the three expectations, passed");
    // Same bytes every time.
    assert_eq!(
        run(
            &["podlife", "run", &f, "--output", "svg", "--at", "1m30s"],
            ""
        )
        .1,
        svg
    );
    let (_, zh, _) = run(
        &[
            "podlife", "run", &f, "--output", "svg", "--at", "1m30s", "--lang", "zh-CN",
        ],
        "",
    );
    roxmltree::Document::parse(&zh).expect("well-formed");
    assert!(
        zh.contains("时间 1m30s") && zh.contains(">阶段<"),
        "zh-CN labels"
    );
    // No --at: no playhead.
    let (_, plain, _) = run(&["podlife", "run", &f, "--output", "svg"], "");
    assert!(!plain.contains("class=\"playhead\""));
    let (code, _, err) = run(
        &["podlife", "run", &f, "--output", "svg", "--lang", "fr"],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("--lang"), "{err}");
}

/// `--window FROM..TO` draws that part of the timeline (the page's zoomed view), the same bytes
/// as the report crate's function the page calls.
#[test]
fn svg_window_is_the_page_view() {
    let dir = scratch("window");
    let text = with_expect("  - at: 20s\n    kubectl: {ready: \"1/1\"}\n");
    let f = write(&dir, "pod.yaml", &text);
    let (code, svg, err) = run(
        &[
            "podlife",
            "run",
            &f,
            "--output",
            "svg",
            "--at",
            "45s",
            "--window",
            "30s..2m30s",
            "--lang",
            "zh-CN",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    roxmltree::Document::parse(&svg).expect("well-formed");
    assert!(
        svg.contains("时间线 30s–2m30s"),
        "the window is in the title"
    );
    let loaded = podlife_manifest::load(&text);
    let trace = podlife_engine::simulate(loaded.scenario.as_ref().expect("loads"));
    let window = podlife_report::lanes::Scale {
        from: podlife_spec::SimTime::from_secs(30),
        to: podlife_spec::SimTime::from_secs(150),
    };
    assert_eq!(
        svg,
        podlife_report::svg::timeline(
            &trace,
            &loaded.expectations,
            Some(window),
            Some(podlife_spec::SimTime::from_secs(45)),
            podlife_report::Lang::Zh
        )
    );
    for bad in ["2m..30s", "30s", "x..1m"] {
        let (code, _, err) = run(
            &["podlife", "run", &f, "--output", "svg", "--window", bad],
            "",
        );
        assert_eq!(code, 2, "{bad}");
        assert!(err.contains("--window"), "{err}");
    }
}

/// `podlife share A --compare B` makes a comparison link; `podlife diff LINK` compares its two
/// runs exactly as `podlife diff A B` does; `podlife run LINK` runs A and says so.
#[test]
fn comparison_links_from_the_command_line() {
    let dir = scratch("compare");
    let a_text = seed_text("liveness-exec.yaml");
    let b_text = a_text.replace(
        "      periodSeconds: 5\n",
        "      periodSeconds: 5\n      failureThreshold: 1\n",
    );
    let a = write(&dir, "a.yaml", &a_text);
    let b = write(&dir, "b.yaml", &b_text);
    let (code, link, err) = run(&["podlife", "share", &a, "--compare", &b], "");
    assert_eq!(code, 0, "{err}");
    assert!(link.contains("#3"), "{link}");
    let state = podlife_share::decode(podlife_share::fragment_of(&link)).expect("decodes");
    assert_eq!(state.text, a_text);
    assert_eq!(
        state.compare.as_ref().map(|c| c.text.as_str()),
        Some(b_text.as_str())
    );
    let (code, from_link, err) = run(&["podlife", "diff", link.trim()], "");
    assert_eq!(code, 1, "{err}");
    let (_, from_files, _) = run(&["podlife", "diff", &a, &b], "");
    // The same differences; only the names of A and B differ.
    let body = |s: &str| s.lines().skip(2).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&from_link), body(&from_files));
    assert!(from_link.contains("First divergence at 35s: the 1st Normal Killing"));
    let (code, _, err) = run(&["podlife", "run", link.trim(), "--output", "get"], "");
    assert_eq!(code, 0);
    assert!(
        err.contains("this link compares two runs; this is run A"),
        "{err}"
    );
    // One input that is not a comparison.
    let (code, _, err) = run(&["podlife", "diff", &a], "");
    assert_eq!(code, 2);
    assert!(err.contains("B is missing"), "{err}");
}
