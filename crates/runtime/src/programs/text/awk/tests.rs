//! awk as scripts use it, against what busybox awk (busybox images) and mawk (Debian images)
//! print; rules 1 keeps the old no-op.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;

struct Ran {
    exit: Option<i32>,
    stdout: Vec<String>,
    stderr: Vec<String>,
    warnings: Vec<String>,
    running: bool,
}

fn run_with(image: &str, script: &str, rules: u32) -> Ran {
    let s = scenario(vec![], vec![ctr("c", image, &["sh", "-c", script], &[])]);
    let mut rt = with_rules(&s, rules);
    rt.start(SimTime::ZERO, "c", 0).expect("starts");
    let events = drive(&mut rt, secs(5));
    let stream = |name: &str| {
        rt.logs()
            .iter()
            .filter(|l| l.stream == name)
            .map(|l| l.line.clone())
            .collect::<Vec<_>>()
    };
    Ran {
        exit: exited(&events, "c").map(|e| e.1),
        stdout: stream("stdout"),
        stderr: stream("stderr"),
        warnings: rt.explain()[0]
            .warnings
            .iter()
            .map(|g| g.to_string())
            .collect(),
        running: rt.is_running("c"),
    }
}

/// Runs `script` in both images; both awks must print `expected` and exit 0.
fn both(script: &str, expected: &[&str]) {
    for image in ["busybox", "nginx"] {
        let r = run_with(image, script, 2);
        assert_eq!(
            r.stdout, expected,
            "{image}: {script}\nstderr: {:?}",
            r.stderr
        );
        assert_eq!(r.exit, Some(0), "{image}: {script}\nstderr: {:?}", r.stderr);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn counts_lines_and_prints_fields() {
    both(
        "printf 'a b c\\nd e\\n\\nf\\n' > /tmp/f; awk 'END { print NR }' /tmp/f; \
         awk '{ n += NF } END { print NR, n, $0 }' < /tmp/f; awk '{ print $1, $NF }' /tmp/f",
        &["4", "4 6 f", "a c", "d e", " ", "f f"],
    );
    both(
        "echo 10.244.1.7 | awk -F. '{print $1\"-\"$2\"-\"$3\"-\"$4\".ns.pod.cluster.local\"}'",
        &["10-244-1-7.ns.pod.cluster.local"],
    );
    // Default FS: runs of blanks, leading ones ignored.
    both("echo '  x   y  ' | awk '{ print NF \":\" $2 }'", &["2:y"]);
    both(
        "echo 'x;y;z' | awk -F';' -v OFS=, '{ $1 = $1; print; print NF, $NF; $5 = \"w\"; print }'",
        &["x,y,z", "3,z", "x,y,z,,w"],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn patterns_ranges_and_regular_expressions() {
    both(
        "printf '1\\n22\\n333\\n' | awk '/^2/ || $1 > 300 { print \"m\", $0 } NR==1, NR==2 { print \"r\", $0 }'",
        &["r 1", "m 22", "r 22", "m 333"],
    );
    both(
        "printf 'ready=true\\nready=false\\n' | awk -F= '$2 ~ /^(true|yes)$/ { print $1 } $0 !~ /true/'",
        &["ready", "ready=false"],
    );
    both(
        "echo abc123def | awk '{ print match($0, /[0-9]+/), RSTART, RLENGTH }'",
        &["4 4 3"],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn printf_and_number_output() {
    both(
        "awk 'BEGIN { printf \"%5.1f|%-4s|%03d|%x|%c|%s|%i%%\\n\", 3.14159, \"ab\", 7, 255, 65, 1/4, 42 }'",
        &["  3.1|ab  |007|ff|A|0.25|42%"],
    );
    both(
        "awk 'BEGIN { x = 7; print x / 2, x % 4, -x, 2 ^ 10, 1e6, 0.1 + 0.2, \"3x\" + 1 }'",
        &["3.5 3 -7 1024 1000000 0.3 4"],
    );
    // busybox reads a constant with a leading 0 as octal; mawk does not.
    let script = "awk 'BEGIN { print 010 + 0, 1e3 }'";
    assert_eq!(run_with("busybox", script, 2).stdout, ["8 1000"]);
    assert_eq!(run_with("nginx", script, 2).stdout, ["10 1000"]);
    both(
        "awk 'BEGIN { OFMT = \"%.2f\"; CONVFMT = \"%.3f\"; x = 3.14159; print x; y = x \"\"; print y }'",
        &["3.14", "3.142"],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn string_functions_arrays_and_control_flow() {
    both(
        "echo 'Hello World foo' | awk '{ s = $0; gsub(/o/, \"0\", s); sub(/World/, \"There\"); print s; print; \
         print length($2), length(), substr($1, 2, 3), index($0, \"lo\"), toupper($3), tolower(\"ABC\"); \
         n = split(\"a:b:c\", p, \":\"); print n, p[3] }'",
        &[
            "Hell0 W0rld f00",
            "Hello There foo",
            "5 15 ell 4 FOO abc",
            "3 c",
        ],
    );
    both(
        "awk 'BEGIN { a[\"x\"] = 1; a[\"y\"] = 2; delete a[\"x\"]; for (k in a) print k, a[k]; \
         print (\"x\" in a) ? \"yes\" : \"no\"; i = 0; while (i < 3) i++; print i; \
         do { i-- } while (i > 0); print i; for (j = 0; j < 10; j++) { if (j == 2) continue; if (j > 3) break; printf \"%d\", j }; print \"\" }'",
        &["y 2", "no", "3", "0", "013"],
    );
    both(
        "printf 'b 2\\na 1\\nb 3\\n' | awk '{ sum[$1] += $2 } END { print sum[\"a\"], sum[\"b\"] }'",
        &["1 5"],
    );
    both(
        "awk 'function max(a, b) { return a > b ? a : b } BEGIN { print max(3, 9), max(\"b\", \"a\") }'",
        &["9 b"],
    );
    both(
        "awk 'BEGIN { s = \"aaa\"; print gsub(/a/, \"<&>\", s), s; t = \"x.y\"; sub(/\\./, \"\\\\&\", t); print t }'",
        &["3 <a><a><a>", "x&y"],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn variables_files_and_exit() {
    both(
        "echo 'k=v' > /tmp/conf; awk -v want=k -F= '$1 == want { print $2; exit 3 } END { print \"end\" }' /tmp/conf; echo \"rc=$?\"",
        &["v", "end", "rc=3"],
    );
    // Operand assignments apply when reached; `-` is stdin.
    both(
        "echo in | awk '{ print x, $0 }' x=1 - x=2 /dev/null; awk 'BEGIN { print \"gone\" > \"/dev/null\" }'",
        &["1 in"],
    );
    both(
        "awk 'BEGIN { print \"a\" > \"/tmp/o\"; print \"b\" >> \"/tmp/o\"; close(\"/tmp/o\"); \
         while ((getline line < \"/tmp/o\") > 0) n++; print n, line, ENVIRON[\"HOME\"] }'",
        &["2 b /root"],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn errors_as_each_awk_prints_them() {
    let busybox = run_with("busybox", "awk '{ print $1'", 2);
    assert_eq!(busybox.stderr, ["awk: cmd. line:1: Unexpected token"]);
    assert_eq!(busybox.exit, Some(1));
    let busybox = run_with("busybox", "awk 'BEGIN { x = 1 +* 2 }'", 2);
    assert_eq!(busybox.stderr, ["awk: cmd. line:1: Unexpected token"]);
    assert_eq!(busybox.exit, Some(1));
    let mawk = run_with("nginx", "awk 'BEGIN { x = 1 +* 2 }'", 2);
    assert_eq!(mawk.stderr, ["awk: line 1: syntax error at or near *"]);
    assert_eq!(mawk.exit, Some(2));
    // busybox stops at a division by zero; mawk goes on with the CPU's answer, signed.
    let busybox = run_with("busybox", "awk 'BEGIN { print 1 % 0 }'", 2);
    assert_eq!(busybox.stderr, ["awk: cmd. line:1: Division by zero"]);
    assert_eq!(busybox.exit, Some(1));
    let mawk = run_with("nginx", "awk 'BEGIN { print 1 % 0, 1 / 0 }'", 2);
    assert_eq!(
        (mawk.stdout, mawk.exit),
        (vec!["-nan +inf".to_string()], Some(0))
    );
    let busybox = run_with("busybox", "awk -q 1", 2);
    assert_eq!(busybox.stderr[0], "awk: invalid option -- 'q'");
    assert_eq!(busybox.exit, Some(1));
    let busybox = run_with("busybox", "awk '{ print }' /nope", 2);
    assert_eq!(busybox.stderr, ["awk: /nope: No such file or directory"]);
    assert_eq!(busybox.exit, Some(1));
    let mawk = run_with("nginx", "awk -q 1", 2);
    assert_eq!(mawk.stderr, ["awk: not an option: -q"]);
    assert_eq!(mawk.exit, Some(2));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_loop_that_never_ends_is_busy_within_the_budget() {
    for image in ["busybox", "nginx"] {
        let r = run_with(image, "awk 'BEGIN { while (1) n++ }'; echo never", 2);
        assert_eq!(r.exit, None, "{image}");
        assert!(r.running, "{image}");
        assert!(r.stdout.is_empty(), "{image}: {:?}", r.stdout);
        assert!(
            r.warnings.iter().any(|w| w.contains("busy forever")),
            "{image}: {:?}",
            r.warnings
        );
    }
    // A string that doubles spends its steps on the work: still busy, still bounded.
    let r = run_with("busybox", "awk 'BEGIN { s = \"x\"; while (1) s = s s }'", 2);
    assert_eq!(r.exit, None);
    assert!(r.running);
}

#[wasm_bindgen_test(unsupported = test)]
fn rules_1_keeps_the_old_no_op() {
    let r = run_with("busybox", "echo a b | awk '{ print $2 }'; echo rc=$?", 1);
    assert_eq!(r.stdout, ["rc=0"]);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("`awk` is not modelled")),
        "{:?}",
        r.warnings
    );
    // Debian images had no awk under rules 1.
    let r = run_with("nginx", "awk 'BEGIN { print 1 }'; echo rc=$?", 1);
    assert_eq!(r.stdout, ["rc=127"]);
    let r = run_with("nginx", "awk 'BEGIN { print 1 }'; echo rc=$?", 2);
    assert_eq!(r.stdout, ["1", "rc=0"]);
}

#[wasm_bindgen_test(unsupported = test)]
fn deep_calls_end_in_the_awks_error_not_a_stack_overflow() {
    // The deepest expressions the parser takes, in the deepest calls the interpreter makes
    // (this test also runs in wasm, whose stack is small).
    let deep = format!("{}f(n - 1){}", "(".repeat(45), ")".repeat(45));
    let script =
        format!("awk 'function f(n) {{ return n > 0 ? {deep} : 0 }} BEGIN {{ print f(1000) }}'");
    let r = run_with("nginx", &script, 2);
    assert_eq!(r.exit, Some(2), "{:?}", r.stderr);
    assert!(r.stderr[0].contains("nesting too deep"), "{:?}", r.stderr);
    // Through a built-in's arguments, whose frame is bigger.
    let script = script.replace("f(n - 1)", "substr(f(n - 1) \"x\", 2)");
    let r = run_with("nginx", &script, 2);
    assert_eq!(r.exit, Some(2), "{:?}", r.stderr);
    assert!(r.stderr[0].contains("nesting too deep"), "{:?}", r.stderr);
    let r = run_with("busybox", &script.replace("1000", "20"), 2);
    assert_eq!((r.stdout, r.exit), (vec!["x".to_string()], Some(0)));
}
