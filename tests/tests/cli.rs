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
