//! `load` never panics: random text, and the seed examples cut, duplicated, re-indented and
//! sprinkled with YAML punctuation. Every diagnostic has a position inside the text.
#![cfg(not(target_arch = "wasm32"))] // proptest does not build for wasm32-unknown-unknown

use podlife_manifest::load;
use proptest::prelude::*;

fn seeds() -> Vec<String> {
    let dir = format!("{}/../../examples/seeds", env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v.iter()
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect()
}

fn positions_are_inside(text: &str) {
    let l = load(text);
    let lines = text.lines().count().max(1) + 1;
    for d in &l.diagnostics {
        assert!(d.line >= 1 && d.line <= lines, "{d:?} in {lines} lines");
        assert!(d.column >= 1, "{d:?}");
    }
    if l.scenario.is_some() {
        assert!(l.defaulted_yaml().is_some());
        // Errors that leave a scenario belong to objects kubectl apply would leave out.
        if l.has_errors() {
            assert!(l
                .diagnostics
                .iter()
                .any(|d| d.message.to_string().contains("not created")));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn random_text_never_panics(s in "\\PC{0,200}") {
        positions_are_inside(&s);
    }

    #[test]
    fn yaml_punctuation_soup_never_panics(s in "[-:{}\\[\\],&*!|>'\"#% \\n\\ta-z0-9]{0,300}") {
        positions_are_inside(&s);
    }

    /// The hostile-corpus shapes: BOMs, control characters, anchors, integers beyond 64 bits,
    /// Scenario documents, Lists, in any order.
    #[test]
    fn hostile_fragments_never_panic(parts in proptest::collection::vec(prop_oneof![
        Just("\u{feff}"), Just("\u{1}"), Just("\u{0}"), Just("容"), Just("\n"), Just("  "),
        Just("- "), Just(": "), Just("a"), Just("&x "), Just("*x"), Just("[*x]"),
        Just("99999999999999999999999999"), Just("-99999999999999999999"), Just("\""),
        Just("{"), Just("}"), Just("["), Just("]"), Just(", "), Just("---\n"),
        Just("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: app, image: busybox:1.36}\n"),
        Just("  terminationGracePeriodSeconds: "), Just("apiVersion: v1\nkind: List\nitems:\n"),
        Just("apiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: "), Just("  behavior: "),
        Just("apiVersion: "), Just("kind: "),
    ], 0..24)) {
        positions_are_inside(&parts.concat());
    }

    #[test]
    fn mutated_seeds_never_panic(
        which in 0usize..64,
        cut in 0usize..4000,
        len in 0usize..40,
        insert in "[-:{}\\[\\],&*!|>'\" \\n\\ta-z0-9]{0,8}",
        reindent in 0usize..8,
    ) {
        let all = seeds();
        let base = &all[which % all.len()];
        let chars: Vec<char> = base.chars().collect();
        let at = cut % (chars.len() + 1);
        let end = (at + len).min(chars.len());
        let mut t: String = chars[..at].iter().collect();
        t.push_str(&insert);
        t.extend(chars[end..].iter());
        // Shift one line's indentation.
        let lines: Vec<String> = t
            .lines()
            .enumerate()
            .map(|(i, l)| if i == reindent * 3 { format!(" {l}") } else { l.to_string() })
            .collect();
        positions_are_inside(&lines.join("\n"));
    }
}

#[test]
fn seeds_and_streams_of_seeds_never_panic() {
    let all = seeds();
    for s in &all {
        positions_are_inside(s);
    }
    let joined = all.join("\n---\n");
    positions_are_inside(&joined);
    let json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1.36\",\"livenessProbe\":{\"exec\":{\"command\":[\"true\"]}}}]}}";
    let l = load(json);
    assert!(l.scenario.is_some(), "{:?}", l.diagnostics);
    let span = l
        .pod_span("spec.containers[0].livenessProbe")
        .expect("span");
    assert_eq!((span.line, span.column), (1, 114));
}

/// libyaml ends a line at U+2028, U+2029, U+0085 and a lone CR (YAML 1.1); the editor only at
/// `\n`. A parser error after one of them is placed on the editor's line (found by proptest).
#[test]
fn parser_errors_after_unicode_line_separators_stay_on_the_editors_line() {
    for separator in ["\u{2028}", "\u{2029}", "\u{85}", "\r"] {
        let text = format!("\u{591}:{separator}$");
        positions_are_inside(&text);
        let l = load(&text);
        let d = l.diagnostics.first().expect("a parser error");
        // libyaml reports the end of its third line: the end of the editor's only line.
        assert_eq!((d.line, d.column), (1, 5), "{separator:?}: {d:?}");
        // Lines broken at `\n` before it still count.
        let text = format!("a: 1\nb:{separator}$");
        let d = load(&text)
            .diagnostics
            .into_iter()
            .next()
            .expect("a parser error");
        assert_eq!((d.line, d.column), (2, 5), "{separator:?}: {d:?}");
    }
}
