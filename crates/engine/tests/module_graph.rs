//! The engine's modules import each other one way: no file reaches itself through `use`
//! declarations and `crate::`/`super::` paths (ARCHITECTURE.md, "Code map"). A module may
//! still declare child modules and call methods they define; only imports count. Test
//! modules (`tests`, inline or beside the code) may use anything and are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src`, by module path (`kubelet::prober::worker`; `""` for lib.rs).
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
                parts.pop();
            }
            out.insert(parts.join("::"), path);
        }
    }
    out
}

/// The text without comments, string literals and char literals (paths inside them are
/// not imports).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !prev_ident(&chars, i) {
            // raw string r"…" / r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let rest: String = chars[j..].iter().collect();
            let end = rest
                .find(&close)
                .map_or(chars.len(), |k| j + rest[..k].chars().count());
            i = end + 1 + hashes;
            out.push_str("\"\"");
        } else if c == '\'' && next.is_some_and(|n| n != '\\') && chars.get(i + 2) == Some(&'\'') {
            i += 3; // 'x'
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The paths of a use tree (`a::{b, c::{d, self}}` → `a::b`, `a::c::d`, `a::c`).
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let join = |p: &str, s: &str| {
        if p.is_empty() {
            s.to_string()
        } else {
            format!("{p}::{s}")
        }
    };
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap()];
        let base = join(prefix, head);
        let mut depth = 0;
        let mut start = 0;
        for (k, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&base, &inner[start..k], out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        expand(&base, &inner[start..], out);
    } else if !tree.is_empty() {
        let item = tree.split(" as ").next().unwrap().trim();
        if item == "self" {
            out.push(prefix.to_string());
        } else if item != "*" {
            out.push(join(prefix, item));
        } else {
            out.push(prefix.to_string());
        }
    }
}

/// Every path a file names: `use` trees, and `crate::…` / `super::…` paths in code.
fn referenced_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(k) = find_word(rest, "use") {
        let after = &rest[k + 3..];
        let end = after.find(';').unwrap_or(after.len());
        expand("", &after[..end].replace(char::is_whitespace, ""), &mut out);
        rest = &after[end..];
    }
    for root in ["crate::", "super::", "$crate::"] {
        let mut rest = code;
        while let Some(k) = rest.find(root) {
            let before = rest[..k].chars().last();
            let tail = &rest[k..];
            let len = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '$'))
                .unwrap_or(tail.len());
            if !before.is_some_and(|b| b.is_alphanumeric() || b == '_' || b == ':') {
                out.push(
                    tail[..len]
                        .trim_start_matches('$')
                        .trim_end_matches(':')
                        .to_string(),
                );
            }
            rest = &tail[len.max(1)..];
        }
    }
    out
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = text[from..].find(word) {
        let at = from + k;
        let before = text[..at].chars().last();
        let after = text[at + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !ident(before) && !ident(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// A file's code split into the code of each module it holds (inline `mod name { … }`
/// blocks are modules of their own, such as `#[cfg(test)] mod tests`), by module path.
fn inline_modules(module: &str, code: &str) -> Vec<(String, String)> {
    let mut outer = String::new();
    let mut inner = Vec::new();
    let mut rest = code;
    while let Some(k) = find_word(rest, "mod") {
        let after = &rest[k + 3..];
        let name_len = after
            .trim_start()
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(0);
        let skipped = after.len() - after.trim_start().len();
        let name = &after[skipped..skipped + name_len];
        let tail = after[skipped + name_len..].trim_start();
        if !tail.starts_with('{') {
            outer.push_str(&rest[..k + 3]);
            rest = after;
            continue;
        }
        let open = rest.len() - tail.len();
        let mut depth = 0;
        let mut close = rest.len();
        for (j, ch) in rest[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + j;
                        break;
                    }
                }
                _ => {}
            }
        }
        outer.push_str(&rest[..k]);
        if name != "tests" {
            let path = format!("{module}::{name}");
            inner.extend(inline_modules(&path, &rest[open + 1..close]));
        }
        rest = &rest[(close + 1).min(rest.len())..];
    }
    outer.push_str(rest);
    inner.insert(0, (module.to_string(), outer));
    inner
}

/// The module a path names, from module `current`: the longest known prefix.
fn resolve(
    path: &str,
    current: &str,
    known: &BTreeMap<String, PathBuf>,
    reexports: &BTreeMap<String, String>,
) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = if current.is_empty() {
        vec![]
    } else {
        current.split("::").map(str::to_string).collect()
    };
    let first = *segments.first()?;
    if first == "crate" {
        base.clear();
        segments.remove(0);
    } else if first == "super" || first == "self" {
        while segments.first() == Some(&"super") {
            base.pop()?;
            segments.remove(0);
        }
        if segments.first() == Some(&"self") {
            segments.remove(0);
        }
    } else {
        let child = if base.is_empty() {
            first.to_string()
        } else {
            format!("{}::{first}", base.join("::"))
        };
        if !known.contains_key(&child) {
            return None; // another crate, std, or a name imported earlier
        }
    }
    if base.is_empty() && segments.len() == 1 {
        if let Some(target) = reexports.get(segments[0]) {
            return Some(target.clone());
        }
    }
    let mut full: Vec<String> = base;
    full.extend(segments.iter().map(|s| s.to_string()));
    while !full.is_empty() {
        let candidate = full.join("::");
        if known.contains_key(&candidate) {
            return Some(candidate);
        }
        full.pop();
    }
    Some(String::new())
}

#[test]
fn engine_modules_import_each_other_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let known = modules(&src);
    assert!(known.contains_key("kubelet::prober::worker"), "{known:?}");
    // `pub use` items of lib.rs, by name → their module.
    let mut reexports = BTreeMap::new();
    let root = code_only(&std::fs::read_to_string(&known[""]).unwrap());
    for line in root.split(';') {
        if let Some(k) = find_word(line, "use") {
            let mut paths = Vec::new();
            expand(
                "",
                &line[k + 3..].replace(char::is_whitespace, ""),
                &mut paths,
            );
            for p in paths {
                if let Some((module, name)) = p.rsplit_once("::") {
                    if let Some(target) = resolve(module, "", &known, &BTreeMap::new()) {
                        reexports.insert(name.to_string(), target);
                    }
                }
            }
        }
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in &known {
        if module.is_empty() || module == "tests" || module.ends_with("::tests") {
            continue; // the crate root re-exports the API; tests may use anything
        }
        let code = code_only(&std::fs::read_to_string(path).unwrap());
        for (inside, code) in inline_modules(module, &code) {
            for referenced in referenced_paths(&code) {
                if let Some(target) = resolve(&referenced, &inside, &known, &reexports) {
                    if &target != module && !target.is_empty() {
                        edges.entry(module.clone()).or_default().insert(target);
                    }
                }
            }
        }
    }
    assert!(
        edges["kubelet::sync_pod"].contains("kubelet"),
        "the graph must see super:: imports: {:?}",
        edges["kubelet::sync_pod"]
    );
    // Depth-first search for a back edge.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let from = stack.iter().position(|n| n == node).unwrap();
                let mut cycle = stack[from..].to_vec();
                cycle.push(node.to_string());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for module in known.keys() {
        if let Some(cycle) = visit(module, &edges, &mut state, &mut Vec::new()) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}
