//! Every rule citation resolves: a `\u{a7}` followed by a number anywhere in the repository (code,
//! tests, the web app, docs) names a section or rule of docs/kubelet-rules.md, which carries an
//! anchor `<a id="…">` for each. Other documents are cited without the sign ("issue 8 item 1",
//! "RFC 1951 section 3.2.6"); a sign right after "issue N" or "RFC N" fails too, so the sign
//! keeps one meaning. (The sign is spelled `\u{a7}` in this file so the file is not its own
//! citation.)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const SIGN: char = '\u{a7}';

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The ids of every `<a id="…"></a>` anchor in the rules document.
fn anchors(rules: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut rest = rules;
    while let Some(k) = rest.find("<a id=\"") {
        let after = &rest[k + 7..];
        let end = after.find('"').unwrap();
        ids.insert(after[..end].to_string());
        rest = &after[end..];
    }
    ids
}

/// Directories that hold no hand-written text: build output, dependencies, recorded traces
/// and fixtures.
const SKIP_DIRS: [&str; 7] = [
    ".git",
    "target",
    "node_modules",
    "dist",
    "golden",
    "corpus",
    "artifacts",
];

fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIP_DIRS.contains(&name.as_str()) && !name.starts_with("target") {
                text_files(&path, out);
            }
        } else if [
            "rs", "md", "js", "mjs", "toml", "html", "css", "yaml", "yml", "txt", "json",
        ]
        .iter()
        .any(|e| name.ends_with(&format!(".{e}")))
        {
            out.push(path);
        }
    }
}

/// The number after a citation sign: `5.6`, `2`, `4.1` (a trailing `.` is punctuation).
fn number_at(text: &str) -> Option<&str> {
    let len = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number = text[..len].trim_end_matches('.');
    (!number.is_empty() && number.starts_with(|c: char| c.is_ascii_digit())).then_some(number)
}

/// Every citation in `text` that does not resolve, as `line: problem`.
fn problems(text: &str, ids: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for (k, _) in line.match_indices(SIGN) {
            let before = line[..k].trim_end().to_ascii_lowercase();
            let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
            if words.len() == 2
                && words[0].chars().all(|c| c.is_ascii_digit() || c == ',')
                && (words[1] == "issue" || words[1] == "rfc")
            {
                out.push(format!(
                    "{}: another document cited with the rule sign (write \"{} {} item …\" or \"section …\"): {}",
                    n + 1,
                    words[1],
                    words[0].trim_end_matches(','),
                    line.trim()
                ));
                continue;
            }
            let after = &line[k + SIGN.len_utf8()..];
            let Some(number) = number_at(after) else {
                continue; // the sign itself, in prose about citations
            };
            let mut cited = vec![number.to_string()];
            // A range `4.1–4.8` / `4.1-4.8`: its end must exist too.
            let tail = &after[number.len()..];
            if let Some(end) = tail
                .strip_prefix('\u{2013}')
                .or_else(|| tail.strip_prefix('-'))
                .and_then(number_at)
            {
                cited.push(end.to_string());
            }
            for c in cited {
                if !ids.contains(&c) {
                    out.push(format!(
                        "{}: {SIGN}{c} is not a rule of docs/kubelet-rules.md: {}",
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn every_rule_citation_resolves() {
    let root = workspace_root();
    let rules = std::fs::read_to_string(root.join("docs/kubelet-rules.md")).unwrap();
    let ids = anchors(&rules);
    for expected in ["0", "0.2", "5.6", "9.4", "13.4"] {
        assert!(ids.contains(expected), "anchor {expected} missing");
    }
    let mut files = Vec::new();
    text_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 100, "{} files scanned", files.len());
    let mut citations = 0;
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // not UTF-8: no citations
        };
        citations += text.matches(SIGN).count();
        for p in problems(&text, &ids) {
            failures.push(format!(
                "{}:{p}",
                path.strip_prefix(&root).unwrap().display()
            ));
        }
    }
    assert!(citations > 200, "only {citations} citations found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn problems_are_found() {
    let ids: BTreeSet<String> = ["5", "5.6", "4.1", "4.8"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let cite = |s: &str| s.replace('$', &SIGN.to_string());
    assert!(problems(&cite("rule $5.6, sections $5 and $4.1–4.8."), &ids).is_empty());
    assert!(problems(&cite("a bare `$` in prose"), &ids).is_empty());
    assert_eq!(problems(&cite("see $5.7"), &ids).len(), 1);
    assert_eq!(problems(&cite("see $4.1-4.9"), &ids).len(), 1);
    assert_eq!(problems(&cite("per issue 8 $5"), &ids).len(), 1);
    assert_eq!(problems(&cite("RFC 1951 $3.2.6"), &ids).len(), 1);
}
