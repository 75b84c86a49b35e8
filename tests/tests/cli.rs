//! The `podlife` CLI in-process: exit codes and output channels.

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

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(&["podlife", "frobnicate"], "");
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand"), "{err}");
    let (code, _, _) = run(&["podlife", "run", "-", "--output", "bogus"], "");
    assert_eq!(code, 2);
    let (code, _, err) = run(&["podlife", "run", "-", "--until", "5x"], "");
    assert_eq!(code, 2);
    assert!(err.contains("--until"), "{err}");
}

#[test]
fn invalid_manifest_exits_1_with_located_diagnostics() {
    let (code, out, err) = run(&["podlife", "validate", "-"], "kind: [\n");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let first = err.lines().next().unwrap_or("");
    assert!(first.starts_with("-:"), "{err}");
    assert!(first.contains(": error: "), "{err}");
}

#[test]
fn missing_file_exits_1() {
    let (code, _, err) = run(&["podlife", "run", "/nonexistent/pod.yaml"], "");
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/pod.yaml"), "{err}");
}

#[test]
fn help_exits_0() {
    let (code, out, _) = run(&["podlife", "--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("run"));
    assert!(out.contains("validate"));
}

// ---- share links (issue 7 item 7) ----

fn seed(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/seeds")
        .join(name);
    p.to_string_lossy().into_owned()
}

fn share(file: &str, extra: &[&str]) -> String {
    let mut args = vec!["podlife", "share", file];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args, "");
    assert_eq!(code, 0, "share {file}: {err}");
    assert!(err.is_empty(), "share {file}: unexpected stderr {err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    out.trim_end().to_string()
}

#[test]
fn share_prints_a_link_on_the_default_base() {
    let f = seed("liveness-exec.yaml");
    let link = share(&f, &[]);
    // A gallery example: a format-2 link against the example itself, a few dozen characters.
    assert!(
        link.starts_with(&format!("{}#2", podlife_cli::DEFAULT_SHARE_BASE)),
        "{link}"
    );
    assert!(
        link.len() < podlife_cli::DEFAULT_SHARE_BASE.len() + 40,
        "{link}"
    );
    let text = std::fs::read_to_string(&f).unwrap();
    let state = podlife_share::decode(podlife_share::fragment_of(&link)).unwrap();
    assert_eq!(state.text, text);
    assert_eq!(state.kube_minor, podlife_spec::DEFAULT_KUBE_MINOR);
    assert_eq!(state.time, podlife_spec::SimTime::ZERO);

    let link = share(
        &f,
        &["--base", "https://p.example/play?x=1#old", "--at", "90s"],
    );
    assert!(link.starts_with("https://p.example/play?x=1#2"), "{link}");
    let state = podlife_share::decode(podlife_share::fragment_of(&link)).unwrap();
    assert_eq!(state.time, podlife_spec::SimTime::from_secs(90));
}

#[test]
fn share_then_run_gives_the_same_output_as_the_file() {
    for name in [
        "liveness-exec.yaml",
        "liveness-http.yaml",
        "poststart-nginx.yaml",
        "lifecycle-demo-message.yaml",
        "image-pull-never.yaml",
    ] {
        let f = seed(name);
        let link = share(&f, &[]);
        let fragment = format!("#{}", podlife_share::fragment_of(&link));
        for output in ["text", "get", "describe", "json"] {
            let (c1, from_file, e1) = run(&["podlife", "run", &f, "--output", output], "");
            assert_eq!(c1, 0, "{name}: {e1}");
            let (c2, from_link, e2) = run(&["podlife", "run", &link, "--output", output], "");
            assert_eq!(c2, 0, "{name}: {e2}");
            assert_eq!(from_link, from_file, "{name} --output {output}: URL link");
            let (c3, from_frag, _) = run(&["podlife", "run", &fragment, "--output", output], "");
            assert_eq!(c3, 0);
            assert_eq!(
                from_frag, from_file,
                "{name} --output {output}: bare fragment"
            );
            let (c4, from_stdin, _) = run(&["podlife", "run", "-", "--output", output], &link);
            assert_eq!(c4, 0);
            assert_eq!(
                from_stdin, from_file,
                "{name} --output {output}: link on stdin"
            );
        }
        assert!(!run(&["podlife", "run", &f], "").1.is_empty());
    }
}

#[test]
fn run_stdin_still_takes_manifest_text() {
    let f = seed("liveness-exec.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    let (code, from_stdin, err) = run(&["podlife", "run", "-"], &text);
    assert_eq!(code, 0, "{err}");
    assert_eq!(from_stdin, run(&["podlife", "run", &f], "").1);
}

#[test]
fn run_link_defaults_at_to_the_links_time() {
    let f = seed("liveness-exec.yaml");
    let link = share(&f, &["--at", "45s"]);
    let (code, from_link, err) = run(&["podlife", "run", &link, "--output", "get"], "");
    assert_eq!(code, 0, "{err}");
    let (_, at45, _) = run(
        &["podlife", "run", &f, "--output", "get", "--at", "45s"],
        "",
    );
    let (_, at_end, _) = run(&["podlife", "run", &f, "--output", "get"], "");
    assert_eq!(from_link, at45);
    assert_ne!(at45, at_end, "the test must tell the two instants apart");
    // An explicit --at wins over the link's time.
    let (_, overridden, _) = run(
        &["podlife", "run", &link, "--output", "get", "--at", "5m"],
        "",
    );
    assert_eq!(
        overridden,
        run(&["podlife", "run", &f, "--output", "get", "--at", "5m"], "").1
    );
}

#[test]
fn run_link_uses_the_links_kubernetes_minor() {
    // kubelet 1.35 added "and can be accessed by the pod" to the already-present message
    // (engine `pulled_message_present`); a 1.33 link must replay the 1.33 wording.
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    imagePullPolicy: IfNotPresent\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 30s\n  nodes:\n  - name: node-1\n    images: [\"nginx:1.25\"]\n";
    let mut state = podlife_share::ShareState::new(text);
    state.kube_minor = 33;
    let link = podlife_share::share_link("https://p.example/", &state).unwrap();
    let (code, out33, err) = run(&["podlife", "run", &link], "");
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("error"), "{err}");
    assert!(
        out33.contains("already present on machine") && !out33.contains("can be accessed"),
        "{out33}"
    );
    let (_, out35, _) = run(&["podlife", "run", "-"], text);
    assert!(out35.contains("and can be accessed by the pod"), "{out35}");
    // And `share` records the minor the text asks for.
    let with_version = text.replace(
        "  until: 30s\n",
        "  until: 30s\n  kubernetesVersion: \"1.34\"\n",
    );
    let (code, link, err) = run(&["podlife", "share", "-"], &with_version);
    assert_eq!(code, 0, "{err}");
    let state = podlife_share::decode(podlife_share::fragment_of(&link)).unwrap();
    assert_eq!(state.kube_minor, 34);
}

#[test]
fn run_link_with_other_rules_version_notes_it() {
    let mut state = podlife_share::ShareState::new("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: a, image: busybox}\n");
    state.rules_version = podlife_spec::ENGINE_RULES_VERSION + 1;
    let link = podlife_share::share_link("https://p.example/", &state).unwrap();
    let (code, out, err) = run(&["podlife", "run", &link], "");
    assert_eq!(code, 0);
    assert!(!out.is_empty());
    assert_eq!(
        err.lines().next(),
        Some(format!("note: {}", state.rules_note().unwrap()).as_str()),
        "{err}"
    );
    assert_eq!(err.lines().filter(|l| l.starts_with("note: ")).count(), 1);
}

#[test]
fn bad_links_exit_1_with_the_codecs_message() {
    let good = podlife_share::encode(&podlife_share::ShareState::new("kind: Pod\n")).unwrap();
    let truncated = &good[..good.len() / 2];
    let cases: Vec<(String, podlife_share::DecodeError)> = vec![
        (
            format!("https://p.example/#{truncated}"),
            podlife_share::decode(truncated).unwrap_err(),
        ),
        ("#9zzzz".into(), podlife_share::decode("9zzzz").unwrap_err()),
        ("#1!!!!".into(), podlife_share::decode("1!!!!").unwrap_err()),
        (
            "https://p.example/#".into(),
            podlife_share::decode("").unwrap_err(),
        ),
    ];
    for (link, expected) in cases {
        for (args, stdin) in [
            (vec!["podlife", "run", link.as_str()], ""),
            (vec!["podlife", "run", "-"], link.as_str()),
            (vec!["podlife", "validate", link.as_str()], ""),
        ] {
            let (code, out, err) = run(&args, stdin);
            assert_eq!(code, 1, "{link}: {err}");
            assert!(out.is_empty(), "{link}: {out}");
            assert_eq!(err, format!("error: {expected}\n"), "{link}");
        }
    }
}

#[test]
fn validate_accepts_links_and_names_them() {
    let state = podlife_share::ShareState::new("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: a, image: busybox, bogus: 1}\n");
    let link = podlife_share::share_link("https://p.example/", &state).unwrap();
    let (code, _, err) = run(&["podlife", "validate", &link], "");
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("<link>:7:"), "{err}");
}

#[test]
fn long_links_warn_on_stderr() {
    let mut text =
        String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n");
    // Pseudo-random hex so deflate cannot shrink it below the warning threshold.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..120 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text.push_str(&format!(
            "    k{i}: \"{x:016x}{:016x}\"\n",
            x.rotate_left(29)
        ));
    }
    text.push_str("spec:\n  containers:\n  - {name: a, image: busybox}\n");
    let (code, out, err) = run(&["podlife", "share", "-"], &text);
    assert_eq!(code, 0, "{err}");
    let chars = out.trim_end().chars().count();
    assert!(chars > podlife_share::WARN_LINK_CHARS, "{chars}");
    let w = podlife_share::link_length_warning(chars).unwrap();
    assert_eq!(err, format!("warning: {w}\n"));
    // Still a working link.
    let (code, _, err) = run(&["podlife", "run", out.trim_end()], "");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn share_refuses_oversized_and_missing_input() {
    let big = "#".repeat(podlife_share::MAX_DECODED_BYTES + 10);
    let (code, out, err) = run(&["podlife", "share", "-"], &big);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let e = podlife_share::encode(&podlife_share::ShareState::new(big.as_str())).unwrap_err();
    assert_eq!(err, format!("error: -: {e}\n"));
    let (code, _, err) = run(&["podlife", "share", "/nonexistent/pod.yaml"], "");
    assert_eq!(code, 1);
    assert!(err.starts_with("error: /nonexistent/pod.yaml: "), "{err}");
}

#[test]
fn help_documents_share_and_links() {
    let (code, out, _) = run(&["podlife", "--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("share"), "{out}");
    assert!(out.contains("share link"), "{out}");
    let (code, out, _) = run(&["podlife", "share", "--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("--base <URL>"), "{out}");
    assert!(out.contains(podlife_cli::DEFAULT_SHARE_BASE), "{out}");
    let (code, out, _) = run(&["podlife", "run", "--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("link's playhead time"), "{out}");
}

#[test]
fn stdin_manifest_starting_with_a_comment_is_not_a_link() {
    let f = seed("liveness-exec.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    let commented = format!("# see https://podlife.example/#1abc\n{text}");
    let (code, out, err) = run(&["podlife", "run", "-"], &commented);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, run(&["podlife", "run", &f], "").1);
    // Comments alone are (empty) YAML, not a link: the manifest front end answers.
    for text in ["# just a comment\n", "##\n", "#\n# two\n"] {
        let (code, _, err) = run(&["podlife", "validate", "-"], text);
        assert_eq!(code, 1);
        assert!(
            err.starts_with("-:1:1: error: no Pod found"),
            "{text:?}: {err}"
        );
    }
}

#[test]
fn wrapped_links_still_run() {
    let f = seed("liveness-exec.yaml");
    let link = share(&f, &[]);
    let (head, tail) = link.split_at(link.len() - 20);
    let wrapped = format!("{head}\n   {tail}\n");
    let (_, expected, _) = run(&["podlife", "run", &f], "");
    let (code, out, err) = run(&["podlife", "run", &wrapped], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected);
    let (code, out, err) = run(&["podlife", "run", "-"], &wrapped);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected);
}

#[test]
fn run_link_with_unmodelled_kubernetes_minor_notes_it_and_runs_the_default() {
    let text = std::fs::read_to_string(seed("liveness-exec.yaml")).unwrap();
    let mut state = podlife_share::ShareState::new(text.as_str());
    state.kube_minor = 20;
    let link = podlife_share::share_link("https://p.example/", &state).unwrap();
    let (code, out, err) = run(&["podlife", "run", &link], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.lines().next(),
        Some(format!("note: {}", state.compat_notes()[0]).as_str())
    );
    assert!(err.contains("Kubernetes 1.20"), "{err}");
    assert_eq!(out, run(&["podlife", "run", "-"], &text).1);
}

#[test]
fn share_rebases_a_link_keeping_its_state() {
    let mut state = podlife_share::ShareState::new("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: a, image: busybox:1.36}\n");
    state.kube_minor = 34;
    state.time = podlife_spec::SimTime::from_secs(12);
    state.view = podlife_share::View::Kubectl;
    state.container = Some("a".into());
    let local = podlife_share::share_link("http://127.0.0.1:8080/", &state).unwrap();
    let rebased = share(&local, &["--base", "https://docs.example/play/"]);
    assert_eq!(
        rebased,
        podlife_share::share_link("https://docs.example/play/", &state).unwrap()
    );
    let moved = share(&local, &["--at", "30s"]);
    let back = podlife_share::decode(podlife_share::fragment_of(&moved)).unwrap();
    assert_eq!(back.time, podlife_spec::SimTime::from_secs(30));
    assert_eq!(
        (back.kube_minor, back.view),
        (34, podlife_share::View::Kubectl)
    );
    // A broken link is refused, not shared as text.
    let (code, out, err) = run(&["podlife", "share", "#1AAAA"], "");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(
        err,
        format!("error: {}\n", podlife_share::decode("1AAAA").unwrap_err())
    );
}

// ---- --kubernetes-version (issue 15) ----

/// A pod whose regular container sets `restartPolicy`: Forbidden in 1.33, dropped in 1.34,
/// valid from 1.35 (docs/kubernetes-versions.md V4.1).
const CONTAINER_POLICY: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    restartPolicy: Never\n";

#[test]
fn kubernetes_version_flag_validates_as_that_minor() {
    let (code, out, err) = run(
        &["podlife", "validate", "-", "--kubernetes-version", "1.33"],
        CONTAINER_POLICY,
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        err,
        "-:9:5: error: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers\n"
    );
    for v in ["1.35", "v1.36", "1.37.1", "37"] {
        let (code, out, err) = run(
            &["podlife", "validate", "-", "--kubernetes-version", v],
            CONTAINER_POLICY,
        );
        assert_eq!(code, 0, "{v}: {err}");
        assert_eq!(out, "-: ok\n");
        // Accepted and simulated from 1.35 (§14.7): no warning.
        assert!(!err.contains("warning:"), "{v}: {err}");
    }
    let (code, _, err) = run(
        &["podlife", "validate", "-", "--kubernetes-version", "1.34"],
        CONTAINER_POLICY,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("hint: spec.containers[0].restartPolicy: dropped"),
        "{err}"
    );
}

#[test]
fn kubernetes_version_flag_rejects_unmodelled_and_malformed_versions() {
    let (code, out, err) = run(
        &["podlife", "run", "-", "--kubernetes-version", "1.32"],
        CONTAINER_POLICY,
    );
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("invalid value '1.32' for '--kubernetes-version <VERSION>': Kubernetes 1.32 is not modelled (supported: 1.33, 1.34, 1.35, 1.36, 1.37)"),
        "{err}"
    );
    let (code, _, err) = run(
        &["podlife", "validate", "-", "--kubernetes-version", "latest"],
        CONTAINER_POLICY,
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "expected a Kubernetes version such as 1.37 (supported: 1.33, 1.34, 1.35, 1.36, 1.37)"
        ),
        "{err}"
    );
    let (code, out, _) = run(&["podlife", "run", "--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("--kubernetes-version <VERSION>"), "{out}");
}

#[test]
fn kubernetes_version_flag_overrides_the_scenario_and_the_link() {
    // The pulled-present text differs between 1.34 and 1.35 (V1.2).
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    imagePullPolicy: IfNotPresent\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 30s\n  kubernetesVersion: \"1.35\"\n  nodes:\n  - name: node-1\n    images: [\"nginx:1.25\"]\n";
    let (_, doc, _) = run(&["podlife", "run", "-"], text);
    assert!(doc.contains("can be accessed by the pod"), "{doc}");
    let (code, flag, err) = run(
        &["podlife", "run", "-", "--kubernetes-version", "1.34"],
        text,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        flag.contains("already present on machine") && !flag.contains("can be accessed"),
        "{flag}"
    );
    // A 1.36 link run with the flag runs as the flag says.
    let mut state = podlife_share::ShareState::new(text);
    state.kube_minor = 36;
    let link = podlife_share::share_link("https://p.example/", &state).unwrap();
    let (code, out, err) = run(&["podlife", "run", &link, "--kubernetes-version", "34"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, flag);
    // 1.36 and 1.37 links run without a compatibility note.
    let (code, _, err) = run(&["podlife", "run", &link], "");
    assert_eq!(code, 0);
    assert!(!err.contains("note:"), "{err}");
}

#[test]
fn share_records_the_flags_kubernetes_version() {
    let (code, link, err) = run(
        &["podlife", "share", "-", "--kubernetes-version", "v1.37"],
        CONTAINER_POLICY,
    );
    assert_eq!(code, 0, "{err}");
    let state = podlife_share::decode(podlife_share::fragment_of(&link)).unwrap();
    assert_eq!(state.kube_minor, 37);
    // Re-basing a link can change its version too.
    let (code, moved, err) = run(
        &[
            "podlife",
            "share",
            link.trim(),
            "--kubernetes-version",
            "1.33",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let back = podlife_share::decode(podlife_share::fragment_of(&moved)).unwrap();
    assert_eq!(back.kube_minor, 33);
    // And validating that link uses 1.33, where the field is an error.
    let (code, _, err) = run(&["podlife", "validate", moved.trim()], "");
    assert_eq!(code, 1);
    assert!(
        err.contains("<link>:9:5: error: spec.containers[0].restartPolicy: Forbidden"),
        "{err}"
    );
}

/// A container that restarts on exit code 42 only (its own restartPolicy Never, pod Never).
const RESTART_ON_42: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: retry\nspec:\n  restartPolicy: Never\n  containers:\n  - name: job\n    image: busybox:1.36\n    command: [sh, -c, 'sleep 2; exit 42']\n    restartPolicy: Never\n    restartPolicyRules:\n    - action: Restart\n      exitCodes: {operator: In, values: [42]}\n";

#[test]
fn kubernetes_version_flag_switches_container_restart_rules() {
    // 1.35+ (§14.7): exit 42 matches the rule, so the container restarts (CrashLoopBackOff).
    for v in ["1.35", "1.37"] {
        let (out, cells) = restart_on_42_row(v);
        assert_eq!(cells[..2], ["retry", "0/1"], "{v}: {out}");
        assert_ne!(cells[3], "0", "{v}: restarted: {out}");
        assert!(out.contains("(") && out.contains("ago)"), "{v}: {out}");
    }
    // 1.34: the fields are dropped without an error, the pod's Never decides: Error, no restart.
    let (out, cells) = restart_on_42_row("1.34");
    assert_eq!(cells[1..4], ["0/1", "Error", "0"], "{out}");
}

/// `kubectl get pods` for [`RESTART_ON_42`] at 90 s in Kubernetes `version`: the output and the
/// pod row's cells.
fn restart_on_42_row(version: &str) -> (String, Vec<String>) {
    let (code, out, err) = run(
        &[
            "podlife",
            "run",
            "-",
            "--until",
            "90s",
            "--output",
            "get",
            "--kubernetes-version",
            version,
        ],
        RESTART_ON_42,
    );
    assert_eq!(code, 0, "{version}: {err}");
    let cells = out
        .lines()
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    (out, cells)
}

#[test]
fn kubernetes_version_flag_switches_event_texts_and_the_describe_prefix() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n";
    let describe = |v: &str| {
        let (code, out, err) = run(
            &[
                "podlife",
                "run",
                "-",
                "--until",
                "30s",
                "--output",
                "describe",
                "--kubernetes-version",
                v,
            ],
            text,
        );
        assert_eq!(code, 0, "{v}: {err}");
        out
    };
    // §14.1, §14.3: 1.34 names the container in the message, kubectl 1.34 prints no fieldPath.
    let old = describe("1.34");
    assert!(
        old.contains("kubelet            Created container: app\n"),
        "{old}"
    );
    assert!(
        old.contains("kubelet            Started container app\n"),
        "{old}"
    );
    // 1.35+: "Container created", and describe puts the fieldPath first.
    for v in ["1.35", "1.37"] {
        let new = describe(v);
        assert!(
            new.contains("kubelet            spec.containers{app}: Container created\n"),
            "{v}: {new}"
        );
        assert!(
            new.contains("default-scheduler  Successfully assigned default/p to node-1\n"),
            "{v}: {new}"
        );
    }
}

#[test]
fn scheduling_gates_hold_the_pod_in_every_minor() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: g\nspec:\n  schedulingGates:\n  - name: example.com/wait\n  containers:\n  - name: app\n    image: nginx:1.25\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 60s\n  actions:\n  - {at: 30s, removeSchedulingGates: {}}\n";
    for v in ["1.33", "1.37"] {
        let (code, out, err) = run(
            &[
                "podlife",
                "run",
                "-",
                "--output",
                "get",
                "--at",
                "20s",
                "--kubernetes-version",
                v,
            ],
            text,
        );
        assert_eq!(code, 0, "{v}: {err}");
        assert!(!err.contains("warning"), "{v}: {err}");
        assert!(
            out.contains("g      0/1     SchedulingGated   0          20s\n"),
            "{v}: {out}"
        );
        let (_, out, _) = run(
            &[
                "podlife",
                "run",
                "-",
                "--output",
                "get",
                "--kubernetes-version",
                v,
            ],
            text,
        );
        assert!(out.contains("Running"), "{v}: {out}");
    }
}
