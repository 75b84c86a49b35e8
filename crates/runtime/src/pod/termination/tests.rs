//! Termination messages against kuberuntime_container.go: file first (its last 4096 bytes),
//! the log tail (80 lines, 2048 bytes) only for FallbackToLogsOnError on an error exit.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use super::tail_bytes;
use crate::testing::*;

/// Runs `script` in a busybox container with `policy` (and `path` when given) under `rules`;
/// returns the exit code and the termination message read at the exit.
fn ended(script: &str, policy: &str, path: Option<&str>, rules: u32) -> (i32, Option<String>) {
    let mut c = ctr("c", "busybox", &["sh", "-c", script], &[]);
    c.termination_message_policy = policy.into();
    if let Some(p) = path {
        c.termination_message_path = p.into();
    }
    let mut rt = with_rules(&scenario(vec![], vec![c]), rules);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    let events = drive(&mut rt, secs(60));
    let (_, code, _) = exited(&events, "c").expect("the script ends");
    (code, rt.termination_message("c", code))
}

#[wasm_bindgen_test(unsupported = test)]
fn the_file_wins_over_the_logs_and_is_read_on_every_exit() {
    let script = "echo log line; echo written > /dev/termination-log; exit 2";
    let got = ended(script, "FallbackToLogsOnError", None, 2);
    assert_eq!(got, (2, Some("written\n".to_string())));
    // The file is read on a clean exit too (the docs' termination-demo: exit 0).
    let script = "sleep 10 && echo Sleep expired > /dev/termination-log";
    assert_eq!(
        ended(script, "File", None, 2),
        (0, Some("Sleep expired\n".into()))
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn the_logs_are_read_only_on_an_error_exit_with_fallback() {
    let script = "echo something went wrong >&2; exit 1";
    assert_eq!(
        ended(script, "FallbackToLogsOnError", None, 2),
        (1, Some("something went wrong\n".into()))
    );
    assert_eq!(ended(script, "File", None, 2), (1, None));
    let clean = "echo all good";
    assert_eq!(ended(clean, "FallbackToLogsOnError", None, 2), (0, None));
    // An empty file counts as no message.
    let empty = ": > /dev/termination-log; echo from the log; exit 4";
    assert_eq!(
        ended(empty, "FallbackToLogsOnError", None, 2),
        (4, Some("from the log\n".into()))
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn the_file_gives_its_last_4096_bytes() {
    let script = "i=0; while [ $i -lt 500 ]; do printf '%09d\\n' $i >> /dev/termination-log; i=$((i+1)); done";
    let (_, message) = ended(script, "File", None, 2);
    let message = message.unwrap();
    assert_eq!(message.len(), 4096);
    assert!(message.ends_with("000000499\n"), "{message:?}");
    // 5000 bytes written: the message starts 904 bytes in, inside line 90.
    assert!(message.starts_with("00090\n000000091\n"), "{message:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_log_tail_is_80_lines_cut_to_2048_bytes() {
    let few = "i=0; while [ $i -lt 100 ]; do echo line $i; i=$((i+1)); done; exit 1";
    let (_, message) = ended(few, "FallbackToLogsOnError", None, 2);
    let message = message.unwrap();
    assert_eq!(message.lines().count(), 80);
    assert!(message.starts_with("line 20\n") && message.ends_with("line 99\n"));
    let long = "i=0; while [ $i -lt 100 ]; do echo a-rather-long-line-of-output-number-$i; i=$((i+1)); done; exit 1";
    let message = ended(long, "FallbackToLogsOnError", None, 2).1.unwrap();
    assert_eq!(message.len(), 2048);
    assert!(message.ends_with("number-99\n"));
    // Past the model's 20 000 kept log lines, the tail is still the real last lines.
    let many = "seq 1 25000; exit 1";
    let message = ended(many, "FallbackToLogsOnError", None, 2).1.unwrap();
    assert!(message.ends_with("\n24999\n25000\n"), "{message:?}");
    // A last line without a newline stays without one.
    let partial = "echo first; printf 'no newline'; exit 3";
    assert_eq!(
        ended(partial, "FallbackToLogsOnError", None, 2)
            .1
            .as_deref(),
        Some("first\nno newline")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_custom_path_is_a_fresh_writable_file_under_rules_2() {
    let script = "echo custom > /var/run/reason/msg; exit 1";
    let path = Some("/var/run/reason/msg");
    assert_eq!(ended(script, "File", path, 2), (1, Some("custom\n".into())));
    // Rules 1 (links made before): no file is mounted there.
    assert_eq!(ended(script, "File", path, 1), (1, None));
    // Every instance gets a fresh file.
    let mut c = ctr(
        "c",
        "busybox",
        &[
            "sh",
            "-c",
            "cat /dev/termination-log; echo again > /dev/termination-log",
        ],
        &[],
    );
    c.termination_message_policy = "File".into();
    let mut rt = with_rules(&scenario(vec![], vec![c]), 2);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    drive(&mut rt, secs(1));
    assert_eq!(rt.termination_message("c", 0).as_deref(), Some("again\n"));
    rt.start(secs(2), "c", 1).unwrap();
    drive(&mut rt, secs(3));
    assert_eq!(
        lines(&rt, "c"),
        Vec::<String>::new(),
        "the second instance read an empty file"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_character_cut_at_the_start_shows_as_replacement_characters() {
    assert_eq!(tail_bytes("abc", 10), "abc");
    assert_eq!(tail_bytes("abcdef", 3), "def");
    // "é" is two bytes: cutting after its first byte leaves one orphan byte.
    assert_eq!(tail_bytes("xé1234", 5), "\u{FFFD}1234");
    // "€" is three bytes: two orphans.
    assert_eq!(tail_bytes("€12", 4), "\u{FFFD}\u{FFFD}12");
}
