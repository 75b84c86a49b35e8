//! Old links keep their meaning (issue 7 item 2). Every released link format version has fixture
//! links under `tests/links/v<N>/<case>.link` (one line: the link as shared), each with the
//! trace it replays to, `<case>.trace.txt`: decode → `podlife_manifest::load` → the CLI's link
//! profile (`podlife_cli::prepare_link_run`) → `podlife_engine::simulate` → the readable
//! timeline and the kubectl views at the link's time. A different replay fails.
//!
//! `UPDATE_GOLDEN=1 cargo test -p podlife-tests --test links` rewrites the recorded traces
//! (after a deliberate behaviour change) and creates the `.link` file of a case listed in
//! [`V1_CASES`] that has none yet. It never rewrites an existing `.link`: those are released
//! links, frozen forever, whatever the encoder writes today.

use std::path::{Path, PathBuf};

use podlife_engine::{simulate, text, views};
use podlife_manifest::Severity;
use podlife_share::{decode, fragment_of, Lang, Panel, ShareState, View};
use podlife_spec::SimTime;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

/// Format-1 fixture cases: (case name, source of the scenario text, view-state tweak).
/// The source is only read to create a missing `.link`; replay uses the `.link` alone.
type Tweak = fn(&mut ShareState);
const V1_CASES: &[(&str, &str, Tweak)] = &[
    ("liveness-exec", "examples/seeds/liveness-exec.yaml", |_| {}),
    ("liveness-http", "examples/seeds/liveness-http.yaml", |_| {}),
    (
        "poststart-nginx",
        "examples/seeds/poststart-nginx.yaml",
        |_| {},
    ),
    (
        "prestop-hostpath",
        "examples/seeds/prestop-hostpath.yaml",
        |_| {},
    ),
    (
        "image-pull-never",
        "examples/seeds/image-pull-never.yaml",
        |_| {},
    ),
    (
        "readiness-httpget-myapp",
        "examples/seeds/readiness-httpget-myapp.yaml",
        |_| {},
    ),
    (
        "memory-limit-exceeded",
        "examples/seeds/memory-limit-exceeded.yaml",
        |_| {},
    ),
    // A Scenario document with actions (delete at 60 s).
    (
        "scenario-prestop-delete",
        "tests/golden/scenarios/prestop-delete.yaml",
        |_| {},
    ),
    // The same with the 1.33 profile: image events use the 1.33 wording.
    (
        "scenario-prestop-delete-k133",
        "tests/golden/scenarios/prestop-delete.yaml",
        |s| {
            s.kube_minor = 33;
        },
    ),
    // Full view state and an older Kubernetes profile (1.33 wording of image events).
    (
        "view-state-k133",
        "examples/seeds/liveness-exec.yaml",
        |s| {
            s.kube_minor = 33;
            s.time = SimTime::from_millis(75_250);
            s.speed_milli = 10_000;
            s.view = View::Split;
            s.panel = Panel::Describe;
            s.container = Some("liveness".into());
            s.lang = Lang::ZhCn;
        },
    ),
    // A link to a manifest that does not load: the replay is its diagnostics.
    (
        "broken-manifest",
        "examples/seeds/liveness-httpget-misindented.yaml",
        |s| {
            s.time = SimTime::from_secs(30);
        },
    ),
];

/// The recording of one replay: the decoded view state, the load diagnostics (errors and
/// warnings), and, when the scenario loads, the timeline and kubectl views; for a comparison,
/// the same for run B and what differs (`podlife diff`'s text).
fn replay(state: &ShareState) -> String {
    let Some(b) = state.run_b() else {
        return replay_one(state);
    };
    let a = state.run_a();
    let mut s = String::from("=== run A\n");
    s.push_str(&replay_one(&a));
    s.push_str("\n=== run B\n");
    s.push_str(&replay_one(&b));
    s.push_str("\n=== differences\n");
    let run = |st: &ShareState| {
        let mut sc = podlife_manifest::load(&st.text)
            .scenario
            .expect("a comparison's runs load");
        podlife_cli::apply_link_profile(st, &mut sc);
        simulate(&sc)
    };
    let (ta, tb) = (run(&a), run(&b));
    let d = podlife_report::diff::diff(&ta, &tb);
    s.push_str(&podlife_report::diff::render_text(
        &d, &ta, &tb, "<link A>", "<link B>",
    ));
    s
}

fn replay_one(state: &ShareState) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "format: v{}\nprofile: Kubernetes 1.{}, engine rules v{}\n",
        state.format_version, state.kube_minor, state.rules_version
    ));
    s.push_str(&format!(
        "view: time {} speed {} view {} panel {:?} container {:?} lang {:?}\n",
        state.time,
        state.speed_milli,
        state.view.as_str(),
        state.panel,
        state.container,
        state.lang
    ));
    s.push_str(&format!("text: {} bytes\n", state.text.len()));
    let loaded = podlife_manifest::load(&state.text);
    s.push_str("\n--- diagnostics (errors and warnings)\n");
    for d in &loaded.diagnostics {
        if matches!(d.severity, Severity::Error | Severity::Warning) {
            s.push_str(&d.render(podlife_cli::LINK_SOURCE_NAME));
            s.push('\n');
        }
    }
    // As the app and `podlife run` do: objects with errors are left out, the Pod still runs.
    let Some(mut scenario) = loaded.scenario else {
        s.push_str("\n--- not simulated: the scenario does not load\n");
        return s;
    };
    let at = podlife_cli::prepare_link_run(state, &mut scenario);
    let tr = simulate(&scenario);
    s.push_str(&format!("\n--- timeline (until {})\n", tr.until));
    s.push_str(&text::timeline(&tr));
    s.push_str(&format!("\n--- kubectl get pods -w (until {at})\n"));
    s.push_str(&views::get_pods_watch(&tr, at));
    s.push_str(&format!("\n--- kubectl describe pod (at {at})\n"));
    s.push_str(&views::describe_pod(&tr, at));
    s
}

fn compare(path: &Path, actual: &str) -> Result<(), String> {
    if updating() {
        std::fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).map_err(|_| {
        format!(
            "missing recording {}: run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    let n = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(expected.lines().count().min(actual.lines().count()));
    Err(format!(
        "{} differs at line {}:\n expected: {:?}\n actual:   {:?}\n(an old link changed meaning; \
         UPDATE_GOLDEN=1 accepts it only if the change is deliberate)",
        path.display(),
        n + 1,
        expected.lines().nth(n),
        actual.lines().nth(n)
    ))
}

/// Creates missing `.link` files of [`V1_CASES`] (only with UPDATE_GOLDEN=1), in format 1.
fn create_missing_v1_links(dir: &Path) {
    for (name, source, tweak) in V1_CASES {
        let path = dir.join(format!("{name}.link"));
        if path.exists() || !updating() {
            continue;
        }
        let text = std::fs::read_to_string(root().join("..").join(source))
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut state = podlife_cli::share_state(&text, None);
        tweak(&mut state);
        let fragment = podlife_share::encode_v1(&state).unwrap_or_else(|e| panic!("{name}: {e}"));
        std::fs::write(&path, format!("https://podlife.example/#{fragment}\n"))
            .expect("write link");
    }
}

/// Format-2 fixture cases (links compressed against a gallery example): (case name, gallery
/// file, edit of its text, view-state tweak). As for [`V1_CASES`], the source is only read to
/// create a missing `.link`.
type Edit = fn(&str) -> String;
const V2_CASES: &[(&str, &str, Edit, Tweak)] = &[
    // The example format 1 could not fit in 1,000 characters: 4 KB of Chinese comments.
    (
        "seed-nginx-annotated",
        "examples/seeds/nginx-annotated.yaml",
        |t| t.to_owned(),
        |_| {},
    ),
    // An edited example: the probe starts failing later, and the link has a playhead.
    (
        "edited-liveness-exec",
        "examples/seeds/liveness-exec.yaml",
        |t| t.replace("sleep 30", "sleep 50"),
        |s| {
            s.time = SimTime::from_secs(70);
        },
    ),
    // An example plus a Scenario document with actions, the 1.33 profile and full view state.
    (
        "scenario-on-example-k133",
        "examples/seeds/liveness-httpget-nginx.yaml",
        |t| {
            format!(
                "{t}---\napiVersion: podlife/v1\nkind: Scenario\nmetadata: {{name: rm-index}}\n\
                 spec:\n  until: 3m\n  actions:\n  - {{at: 60s, exec: {{container: liveness, \
                 command: [rm, -f, /usr/share/nginx/html/index.html]}}}}\n"
            )
        },
        |s| {
            s.kube_minor = 33;
            s.time = SimTime::from_secs(100);
            s.speed_milli = 5_000;
            s.view = View::Kubectl;
            s.panel = Panel::Events;
            s.lang = Lang::ZhCn;
        },
    ),
    // A classic of the web gallery with CRLF line ends (a paste from elsewhere).
    (
        "job-with-sidecar-crlf",
        "web/examples/job-with-sidecar.yaml",
        |t| t.replace('\n', "\r\n"),
        |s| {
            s.time = SimTime::from_secs(40);
        },
    ),
];

/// Format-3 fixture cases (comparisons): (case name, source of A, B as an edit of A, view-state
/// tweak). As for [`V1_CASES`], the sources are only read to create a missing `.link`.
const V3_CASES: &[(&str, &str, Edit, Tweak)] = &[
    // Issue 16's example: failureThreshold 3 (the default) against 1.
    (
        "compare-failure-threshold",
        "examples/seeds/liveness-exec.yaml",
        |t| {
            t.replace(
                "      periodSeconds: 5\n",
                "      periodSeconds: 5\n      failureThreshold: 1\n",
            )
        },
        |s| {
            s.time = SimTime::from_secs(30);
            s.view = View::Compare;
        },
    ),
    // B differs only in the Kubernetes version (1.34 against the default).
    (
        "compare-kubernetes-version",
        "examples/seeds/liveness-exec.yaml",
        |t| {
            format!(
                "{t}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.34\"\n"
            )
        },
        |s| {
            s.lang = Lang::ZhCn;
        },
    ),
    // Deleted at 60 s with the default grace period (30 s) against `--grace-period=5`, while
    // the preStop hook sleeps 10 s.
    (
        "compare-grace-period",
        "tests/golden/scenarios/prestop-delete.yaml",
        |t| t.replace("delete: {}", "delete: {gracePeriodSeconds: 5}"),
        |_| {},
    ),
];

/// Creates missing `.link` files of [`V3_CASES`] (only with UPDATE_GOLDEN=1) as
/// `podlife share A --compare B` writes them.
fn create_missing_v3_links(dir: &Path) {
    for (name, source, edit, tweak) in V3_CASES {
        let path = dir.join(format!("{name}.link"));
        if path.exists() || !updating() {
            continue;
        }
        let text = std::fs::read_to_string(root().join("..").join(source))
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut state = podlife_cli::share_state(&text, None);
        let b = podlife_cli::share_state(&edit(&text), None);
        assert_ne!(b.text, state.text, "{name}: B must differ from A");
        state.compare = Some(podlife_share::CompareState {
            text: b.text,
            kube_minor: b.kube_minor,
        });
        tweak(&mut state);
        let link = podlife_share::share_link("https://podlife.example/", &state)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(link.contains("#3"), "{name}: not a format-3 link: {link}");
        std::fs::create_dir_all(dir).expect("create links/v3");
        std::fs::write(&path, format!("{link}\n")).expect("write link");
    }
}

/// Creates missing `.link` files of [`V2_CASES`] (only with UPDATE_GOLDEN=1), as the CLI's
/// `podlife share` writes them; each must come out in format 2.
fn create_missing_v2_links(dir: &Path) {
    for (name, source, edit, tweak) in V2_CASES {
        let path = dir.join(format!("{name}.link"));
        if path.exists() || !updating() {
            continue;
        }
        let text = std::fs::read_to_string(root().join("..").join(source))
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut state = podlife_cli::share_state(&edit(&text), None);
        tweak(&mut state);
        let link = podlife_share::share_link("https://podlife.example/", &state)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(link.contains("#2"), "{name}: not a format-2 link: {link}");
        std::fs::create_dir_all(dir).expect("create links/v2");
        std::fs::write(&path, format!("{link}\n")).expect("write link");
    }
}

fn link_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "link"))
        .collect();
    v.sort();
    v
}

#[test]
fn v1_links_replay_to_their_recorded_traces() {
    let dir = root().join("links").join("v1");
    create_missing_v1_links(&dir);
    let files = link_files(&dir);
    // Every listed case has its frozen link; nothing silently went missing.
    for (name, _, _) in V1_CASES {
        assert!(
            files
                .iter()
                .any(|p| p.file_stem().is_some_and(|s| s == *name)),
            "tests/links/v1/{name}.link is missing (UPDATE_GOLDEN=1 creates it)"
        );
    }
    let failures = replay_all(&files, 1);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn v2_links_replay_to_their_recorded_traces() {
    let dir = root().join("links").join("v2");
    create_missing_v2_links(&dir);
    let files = link_files(&dir);
    for (name, _, _, _) in V2_CASES {
        assert!(
            files
                .iter()
                .any(|p| p.file_stem().is_some_and(|s| s == *name)),
            "tests/links/v2/{name}.link is missing (UPDATE_GOLDEN=1 creates it)"
        );
    }
    for path in &files {
        let link = std::fs::read_to_string(path).expect("read link");
        // A gallery example's link stays short even when edited.
        assert!(
            link.trim().len() < 250,
            "{}: {} chars",
            path.display(),
            link.trim().len()
        );
    }
    let failures = replay_all(&files, 2);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn v3_comparison_links_replay_to_their_recorded_runs_and_differences() {
    let dir = root().join("links").join("v3");
    create_missing_v3_links(&dir);
    let files = link_files(&dir);
    for (name, _, _, _) in V3_CASES {
        assert!(
            files
                .iter()
                .any(|p| p.file_stem().is_some_and(|s| s == *name)),
            "tests/links/v3/{name}.link is missing (UPDATE_GOLDEN=1 creates it)"
        );
    }
    for path in &files {
        let link = std::fs::read_to_string(path).expect("read link");
        // B costs little more than its differences from A: the comparison's fragment is at
        // most 60 characters longer than A's own link.
        let state = decode(fragment_of(&link)).expect("decodes");
        let a_alone = podlife_share::encode(&state.run_a()).expect("encodes");
        let f = fragment_of(&link);
        assert!(
            f.len() <= a_alone.len() + 60,
            "{}: {} chars, A alone {}",
            path.display(),
            f.len(),
            a_alone.len()
        );
    }
    let failures = replay_all(&files, 3);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The threshold comparison's first differing Killing event is B's earlier kill.
    let rec = std::fs::read_to_string(dir.join("compare-failure-threshold.trace.txt"))
        .expect("recording");
    assert!(
        rec.contains("Normal Killing spec.containers{liveness} #1"),
        "{rec}"
    );
}

/// `podlife diff '<comparison link>'` prints what the recording's differences say.
#[test]
fn cli_diff_of_a_comparison_link_matches_the_replay() {
    let path = root().join("links/v3/compare-failure-threshold.link");
    let link = std::fs::read_to_string(&path).expect("read link");
    let args: Vec<String> = ["podlife", "diff", link.trim()]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = podlife_cli::main_with(&args, &mut &b""[..], &mut out, &mut err);
    assert_eq!(
        code,
        1,
        "the runs differ: {}",
        String::from_utf8_lossy(&err)
    );
    let out = String::from_utf8(out).expect("utf-8");
    let recorded = std::fs::read_to_string(path.with_extension("trace.txt")).expect("recording");
    let differences = recorded
        .split("\n=== differences\n")
        .nth(1)
        .expect("recording has the differences");
    assert_eq!(out, differences);
}

/// Decodes each link (all of format `version`) and compares its replay with the recorded
/// trace next to it; returns what differs.
fn replay_all(files: &[PathBuf], version: u32) -> Vec<String> {
    let mut failures = Vec::new();
    for path in files {
        let link = std::fs::read_to_string(path).expect("read link");
        let state = match decode(fragment_of(&link)) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{}: no longer decodes: {e}", path.display()));
                continue;
            }
        };
        assert_eq!(state.format_version, version, "{}", path.display());
        if let Err(m) = compare(&path.with_extension("trace.txt"), &replay(&state)) {
            failures.push(m);
        }
    }
    failures
}

/// The edited v2 link carries exactly the edited text and its view state.
#[test]
fn v2_edited_fixture_decodes_to_the_edited_text() {
    let link = std::fs::read_to_string(root().join("links/v2/edited-liveness-exec.link"))
        .expect("read link");
    let s = decode(fragment_of(&link)).expect("decodes");
    let seed =
        std::fs::read_to_string(root().join("../examples/seeds/liveness-exec.yaml")).expect("seed");
    assert_eq!(s.text, seed.replace("sleep 30", "sleep 50"));
    assert_eq!(s.time, SimTime::from_secs(70));
    // The recording shows the later failure: the first probe failure is at 55 s, not 35 s.
    let trace = std::fs::read_to_string(root().join("links/v2/edited-liveness-exec.trace.txt"))
        .expect("recording");
    assert!(!trace.contains("   35.000s  Warning Unhealthy"), "{trace}");
}

#[test]
fn v1_view_state_fixture_decodes_to_its_view_state() {
    let link =
        std::fs::read_to_string(root().join("links/v1/view-state-k133.link")).expect("read link");
    let s = decode(fragment_of(&link)).expect("decodes");
    assert_eq!(s.kube_minor, 33);
    assert_eq!(s.time, SimTime::from_millis(75_250));
    assert_eq!(s.speed_milli, 10_000);
    assert_eq!(s.view, View::Split);
    assert_eq!(s.panel, Panel::Describe);
    assert_eq!(s.container.as_deref(), Some("liveness"));
    assert_eq!(s.lang, Lang::ZhCn);
    let text =
        std::fs::read_to_string(root().join("../examples/seeds/liveness-exec.yaml")).expect("seed");
    assert_eq!(s.text, text);
}

/// The link's profile is really applied: the 1.33 link replays the 1.33 kubelet wording of
/// "image already present" (1.35 added "and can be accessed by the pod").
#[test]
fn v1_profile_changes_the_replay() {
    let read =
        |n: &str| std::fs::read_to_string(root().join("links/v1").join(n)).expect("recording");
    let k133 = read("scenario-prestop-delete-k133.trace.txt");
    let k135 = read("scenario-prestop-delete.trace.txt");
    assert!(
        k133.contains("already present on machine\n") && !k133.contains("can be accessed"),
        "{k133}"
    );
    assert!(k135.contains("already present on machine and can be accessed by the pod"));
    // And the k133 link carries the 1.33 profile itself (the text does not say).
    let link = read("scenario-prestop-delete-k133.link");
    let state = decode(fragment_of(&link)).expect("decodes");
    assert_eq!(state.kube_minor, 33);
    assert!(!state.text.contains("kubernetesVersion"));
}

/// The CLI replays a fixture link exactly as this test does (same profile, same instant).
#[test]
fn cli_run_of_a_fixture_link_matches_the_replay() {
    let link =
        std::fs::read_to_string(root().join("links/v1/view-state-k133.link")).expect("read link");
    let args: Vec<String> = ["podlife", "run", link.trim(), "--output", "describe"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = podlife_cli::main_with(&args, &mut &b""[..], &mut out, &mut err);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let out = String::from_utf8(out).expect("utf-8");
    let state = decode(fragment_of(&link)).expect("decodes");
    let recorded = replay(&state);
    let describe = recorded
        .split(&format!("\n--- kubectl describe pod (at {})\n", state.time))
        .nth(1)
        .expect("recording has the describe view at the link's time");
    assert_eq!(out, describe);
}

/// Links from a newer format are refused with a message that says so; nothing is guessed.
/// `tests/links/newer/*.link` each hold such a link and `*.expected` the exact message.
#[test]
fn newer_format_links_are_refused_clearly() {
    let dir = root().join("links").join("newer");
    let files = link_files(&dir);
    assert!(!files.is_empty());
    for path in files {
        let link = std::fs::read_to_string(&path).expect("read link");
        let expected = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let err = decode(fragment_of(&link)).expect_err("a newer link must not decode");
        assert_eq!(err.kind(), "NewerFormat", "{}", path.display());
        assert_eq!(err.to_string(), expected.trim_end(), "{}", path.display());
        // And the CLI says the same and runs nothing.
        let args: Vec<String> = ["podlife", "run", link.trim()]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (mut out, mut errb) = (Vec::new(), Vec::new());
        let code = podlife_cli::main_with(&args, &mut &b""[..], &mut out, &mut errb);
        assert_eq!(code, 1);
        assert!(out.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&errb),
            format!("error: {}\n", expected.trim_end())
        );
    }
}
