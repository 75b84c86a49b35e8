//! The crate's import graph: the layers import only downward (api, with its sentence types, ← kernel ← shell ←
//! programs ← the crate root with `pod/` and `explain.rs`), and no two source files import each
//! other, directly or through others. Reads the sources; native only (an integration test).
//!
//! A file's imports are the `crate::`, `super::` and `self::` paths in its code (comments
//! left out), resolved to the deepest module file they name. Test files are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where a file may import from: only its own rank or lower.
fn rank(file: &str) -> u32 {
    match file.split('/').next().unwrap_or(file) {
        "api.rs" | "api" => 0,
        "kernel" => 1,
        "shell" => 2,
        "programs" => 3,
        _ => 4, // lib.rs, pod/, explain.rs
    }
}

fn sources(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            out.insert(rel, text);
        }
    }
}

/// `kernel/process.rs` → [kernel, process]; `kernel/mod.rs` → [kernel]; `lib.rs` → [].
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn is_test_file(file: &str) -> bool {
    file == "testing.rs" || file.ends_with("/tests.rs") || file == "tests.rs"
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Reads `a::b::{c, d::e}` at `i` (after the first segment's `::`): every full path in it.
fn read_paths(
    chars: &[char],
    mut i: usize,
    prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    let mut path = prefix;
    loop {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i < chars.len() && chars[i] == '{' {
            i += 1;
            loop {
                i = read_paths(chars, i, path.clone(), out);
                while i < chars.len() && chars[i].is_whitespace() {
                    i += 1;
                }
                match chars.get(i) {
                    Some(',') => i += 1,
                    Some('}') => return i + 1,
                    _ => return i,
                }
                while i < chars.len() && chars[i].is_whitespace() {
                    i += 1;
                }
                if chars.get(i) == Some(&'}') {
                    return i + 1;
                }
            }
        }
        let start = i;
        while i < chars.len() && is_ident(chars[i]) {
            i += 1;
        }
        if i > start {
            path.push(chars[start..i].iter().collect());
        }
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
            continue;
        }
        out.push(path);
        // Skip `as alias` and anything else up to the end of this item.
        while i < chars.len() && !matches!(chars[i], ',' | '}' | ';' | '(' | ')' | '\n') {
            if chars[i] == '{' {
                break;
            }
            i += 1;
        }
        return i;
    }
}

fn imports(file: &str, text: &str, modules: &BTreeMap<Vec<String>, String>) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    // Inline test modules (at the end of a file) are left out like test files.
    let code = match code.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &code[..at],
        None => &code[..],
    };
    let chars: Vec<char> = code.chars().collect();
    let me = module_of(file);
    let mut paths = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_word = i == 0 || !is_ident(chars[i - 1]) && chars[i - 1] != ':';
        let head = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|h| chars[i..].iter().take(h.len()).copied().eq(h.chars()));
        match head {
            Some(h) if at_word => {
                let base: Vec<String> = match h {
                    "crate::" => Vec::new(),
                    "super::" => me[..me.len().saturating_sub(1)].to_vec(),
                    _ => me.clone(),
                };
                i = read_paths(&chars, i + h.len(), base, &mut paths);
            }
            _ => i += 1,
        }
    }
    let mut found = BTreeSet::new();
    for mut path in paths {
        while path.first().map(String::as_str) == Some("super") {
            path.remove(0);
        }
        let target = (0..=path.len())
            .rev()
            .find_map(|k| modules.get(&path[..k]))
            .cloned();
        if let Some(t) = target.filter(|t| t != file) {
            found.insert(t);
        }
    }
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    sources(&root, &root, &mut files);
    let modules: BTreeMap<Vec<String>, String> =
        files.keys().map(|f| (module_of(f), f.clone())).collect();
    files
        .iter()
        .filter(|(f, _)| !is_test_file(f))
        .map(|(f, text)| {
            let deps = imports(f, text, &modules)
                .into_iter()
                .filter(|d| !is_test_file(d))
                .collect();
            (f.clone(), deps)
        })
        .collect()
}

fn print(graph: &BTreeMap<String, BTreeSet<String>>) -> String {
    graph
        .iter()
        .map(|(f, deps)| {
            let d: Vec<&str> = deps.iter().map(String::as_str).collect();
            format!("{f} -> {}\n", d.join(", "))
        })
        .collect()
}

#[test]
fn layers_import_only_downward() {
    let g = graph();
    assert!(g.contains_key("kernel/process.rs") && g.contains_key("shell/vm/mod.rs"));
    let upward: Vec<String> = g
        .iter()
        .flat_map(|(f, deps)| {
            deps.iter()
                .filter(|d| rank(d) > rank(f))
                // Parts of `PodRuntime` in pod/ name the type in lib.rs.
                .filter(|d| !(f.starts_with("pod/") && d.as_str() == "lib.rs"))
                .map(move |d| format!("{f} imports {d}"))
        })
        .collect();
    assert!(upward.is_empty(), "{}\n\n{}", upward.join("\n"), print(&g));
}

#[test]
fn no_import_cycles() {
    let g = graph();
    // Depth-first search for a back edge; reports the cycle it closes.
    fn visit(
        f: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(f.to_string(), 1);
        stack.push(f.to_string());
        for d in g.get(f).into_iter().flatten() {
            match state.get(d.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == d).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(d, g, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(f.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for f in g.keys() {
        if !state.contains_key(f) {
            if let Some(cycle) = visit(f, &g, &mut state, &mut Vec::new()) {
                panic!("import cycle: {}\n\n{}", cycle.join(" -> "), print(&g));
            }
        }
    }
}

/// The analysis sees imports at all (a test that can fail): the known edges are found.
#[test]
fn the_graph_sees_known_imports() {
    let g = graph();
    let has = |a: &str, b: &str| g.get(a).is_some_and(|d| d.contains(b));
    assert!(has("shell/vm/mod.rs", "kernel/process.rs"));
    assert!(has("programs/mod.rs", "shell/vm/mod.rs"));
    assert!(has("programs/text/sed.rs", "programs/text/regex.rs"));
    assert!(has("pod/probes.rs", "lib.rs"));
    assert!(has("shell/parser/words.rs", "shell/parser/mod.rs"));
}
