//! The app's Chinese UI text as a data file (docs/sizes.md, session 8). The first-frame module
//! (`podlife-web --features lite`) does not carry its Chinese: `zh!("…")`, `zh_const!("…")` and
//! `zh_format!("…", …)` (web/src/i18n.rs) keep only a key of the literal there
//! (`podlife_spec::text_key`), and a Chinese page downloads the texts (web/boot.js). This reads
//! every such literal in web/src and writes them, one a line, as `zh-CN.txt` (index.html copies it
//! into dist/, web/post-build.mjs gives it a content-hashed name), and the texts of `zh_kept!`
//! (what the module keeps on purpose) as `zh-kept.txt`, which post-build's check of the built
//! module reads.
//!
//! It refuses what it cannot read exactly — an escape other than `\\`, `\"`, `\'` and a line
//! continuation, a raw string, a macro whose argument is not a literal, a text with a line
//! break, two texts with one key — and any Chinese literal of non-test code outside the macros
//! (the first-frame module would carry it).

use std::path::{Path, PathBuf};

/// The macros whose literal goes into the data file, and the one that keeps its text.
const MACROS: [&str; 3] = ["zh", "zh_const", "zh_format"];
const KEPT: &str = "zh_kept";

/// What web/src asks for: the data file's texts (first use first) and the kept texts.
#[derive(Debug, Default, PartialEq)]
pub struct Texts {
    pub file: Vec<String>,
    pub kept: Vec<String>,
}

/// Writes `zh-CN.txt` and `zh-kept.txt` into `out` (unchanged files are not rewritten).
pub fn write(root: &Path, out: &Path) -> Result<(), String> {
    let texts = scan_dir(&root.join("web/src"))?;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (name, body) in [
        ("zh-CN.txt", file_body(&texts.file)),
        ("zh-kept.txt", lines(&texts.kept)),
    ] {
        let target = out.join(name);
        if std::fs::read_to_string(&target).ok().as_deref() != Some(body.as_str()) {
            std::fs::write(&target, body)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// The texts sorted by key, with their keys: the data file's order. The first-frame module
/// names a text by its key's rank in this order (web/build.rs), a number of one or two bytes in
/// its code, where the 64-bit key itself would be ten.
pub fn by_key(texts: &[String]) -> Vec<(u64, &str)> {
    let mut out: Vec<(u64, &str)> = texts
        .iter()
        .map(|t| (podlife_spec::text_key(t), t.as_str()))
        .collect();
    out.sort_unstable();
    out
}

/// The data file: the texts sorted by key, one a line.
pub fn file_body(texts: &[String]) -> String {
    lines(by_key(texts).into_iter().map(|(_, t)| t))
}

fn lines<T: AsRef<str>>(texts: impl IntoIterator<Item = T>) -> String {
    texts
        .into_iter()
        .map(|t| format!("{}\n", t.as_ref()))
        .collect()
}

/// Every `.rs` file under `dir`, sorted; test modules (`#[cfg(test)] mod x;`) are left out.
pub fn scan_dir(dir: &Path) -> Result<Texts, String> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    let mut tests = Vec::new();
    let mut sources = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(&f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        let stem = f.with_extension("");
        tests.extend(test_module_files(&text).into_iter().map(|m| stem.join(m)));
        sources.push((f, text));
    }
    let mut texts = Texts::default();
    let mut keys: Vec<(u64, String)> = Vec::new();
    for (f, text) in &sources {
        if tests.contains(f) {
            continue;
        }
        let name = Path::new("web/src").join(f.strip_prefix(dir).unwrap_or(f));
        let found = scan(text).map_err(|(line, e)| format!("{}:{line}: {e}", name.display()))?;
        for (line, kept, t) in found {
            let list = if kept {
                &mut texts.kept
            } else {
                &mut texts.file
            };
            if list.contains(&t) {
                continue;
            }
            if !kept {
                let key = podlife_spec::text_key(&t);
                if let Some((_, other)) = keys.iter().find(|(k, _)| *k == key) {
                    return Err(format!(
                        "{}:{line}: {t:?} and {other:?} have the same key: change one of them",
                        name.display()
                    ));
                }
                keys.push((key, t.clone()));
            }
            list.push(t);
        }
    }
    Ok(texts)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for e in entries {
        let p = e.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    Ok(())
}

/// Chinese (and full-width) characters: what must not be in the first-frame module.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// `#[cfg(test)] mod x;`: the files of test modules (`x.rs` beside the file's own directory).
fn test_module_files(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("#[cfg(test)]") {
        rest = &rest[i + "#[cfg(test)]".len()..];
        let item = rest.trim_start();
        if let Some(m) = item.strip_prefix("mod ") {
            let name: String = m
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if m[name.len()..].trim_start().starts_with(';') {
                out.push(format!("{name}.rs"));
            }
        }
    }
    out
}

/// A macro's literal: its line, whether `zh_kept!` keeps it, its text.
pub type Found = (usize, bool, String);

/// One file: each macro literal, in order. Errors name a line.
pub fn scan(src: &str) -> Result<Vec<Found>, (usize, String)> {
    let b = src.as_bytes();
    let line = |i: usize| src[..i].matches('\n').count() + 1;
    let mut out = Vec::new();
    // Where test code ends (the `}` of a `#[cfg(test)] mod x { … }`), while inside it.
    let mut test_depth: Option<usize> = None;
    let mut depth = 0usize;
    // The macro whose `(` came last, if its literal is next.
    let mut pending: Option<(&str, usize)> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if b[i..].starts_with(b"//") {
            i = src[i..].find('\n').map_or(b.len(), |n| i + n);
            continue;
        }
        if b[i..].starts_with(b"/*") {
            let mut nest = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    nest += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    nest -= 1;
                    i += 2;
                    if nest == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            continue;
        }
        if let Some((name, at)) = pending {
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            if c != b'"' {
                return Err((line(at), format!("{name}! takes a string literal (\"…\")")));
            }
        }
        let word_start = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        // Raw strings: not read (their text would need its own rules), and never Chinese.
        if word_start
            && (b[i..].starts_with(b"r\"")
                || b[i..].starts_with(b"r#")
                || b[i..].starts_with(b"br"))
        {
            let hashes = src[i..]
                .trim_start_matches(['b', 'r'])
                .bytes()
                .take_while(|&h| h == b'#')
                .count();
            let open = i + src[i..].find('"').unwrap_or(0);
            if src[i..open].trim_start_matches(['b', 'r']).len() == hashes
                && b.get(open) == Some(&b'"')
            {
                let close = format!("\"{}", "#".repeat(hashes));
                let end = src[open + 1..]
                    .find(&close)
                    .map_or(b.len(), |n| open + 1 + n + close.len());
                if src[i..end].chars().any(is_cjk) && test_depth.is_none() {
                    return Err((line(i), "Chinese in a raw string: use zh!(\"…\")".into()));
                }
                i = end;
                continue;
            }
        }
        if c == b'"' {
            let (text, end) =
                literal(src, i, pending.is_some()).map_err(|(at, e)| (line(at), e))?;
            if let Some((name, _)) = pending.take() {
                if text.contains('\n') {
                    return Err((
                        line(i),
                        format!(
                            "{name}!: a line break in the text (the data file has one text a line)"
                        ),
                    ));
                }
                if test_depth.is_none() {
                    out.push((line(i), name == KEPT, text));
                }
            } else if test_depth.is_none() && text.chars().any(is_cjk) {
                return Err((
                    line(i),
                    format!("Chinese outside zh!/zh_const!/zh_format!/zh_kept! (the first-frame module would carry it): {text:?}"),
                ));
            }
            i = end;
            continue;
        }
        if c == b'\'' {
            // A char literal ('x', '\n', '中'), else a lifetime.
            let rest = &src[i + 1..];
            let mut chars = rest.char_indices();
            match chars.next() {
                Some((_, '\\')) => {
                    // The backslash and the escaped character, then up to the closing quote
                    // ('\'', '\n', '\u{…}').
                    let after = i + 3;
                    i = src[after..].find('\'').map_or(b.len(), |n| after + n + 1);
                    continue;
                }
                Some((_, ch)) if chars.next().is_some_and(|(_, q)| q == '\'') => {
                    if is_cjk(ch) && test_depth.is_none() {
                        return Err((line(i), "Chinese in a char literal: use zh!(\"…\")".into()));
                    }
                    i += 2 + ch.len_utf8();
                    continue;
                }
                _ => {
                    i += 1;
                    continue;
                }
            }
        }
        if word_start && c.is_ascii_alphabetic() {
            let word: String = src[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let after = src[i + word.len()..].trim_start();
            if let Some(m) = MACROS.iter().chain([&KEPT]).find(|m| **m == word) {
                if let Some(args) = after.strip_prefix('!') {
                    if !args.trim_start().starts_with('(') {
                        return Err((line(i), format!("{m}! is called with ( )")));
                    }
                    let open = src.len() - args.trim_start().len();
                    pending = Some((m, i));
                    i = open + 1;
                    continue;
                }
            }
            i += word.len();
            continue;
        }
        if b[i..].starts_with(b"#[cfg(test)]") && test_depth.is_none() {
            let item = src[i + "#[cfg(test)]".len()..].trim_start();
            if let Some(m) = item.strip_prefix("mod ") {
                let name_len = m
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .count();
                if m[name_len..].trim_start().starts_with('{') {
                    test_depth = Some(depth);
                }
            }
            i += "#[cfg(test)]".len();
            continue;
        }
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if test_depth == Some(depth) {
                    test_depth = None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(out)
}

/// The string literal starting at `start` (a `"`): its text as Rust reads it, and where it
/// ends. Only the escapes `\\`, `\"`, `\'`, `\n` and a line continuation are read; `strict`
/// (a macro's literal) refuses the others, else `\u{…}` is read and the rest dropped (enough to
/// see Chinese).
fn literal(src: &str, start: usize, strict: bool) -> Result<(String, usize), (usize, String)> {
    let mut text = String::new();
    let mut chars = src[start + 1..].char_indices().peekable();
    while let Some((n, c)) = chars.next() {
        match c {
            '"' => return Ok((text, start + 1 + n + 1)),
            '\\' => match chars.next() {
                Some((_, '\\')) => text.push('\\'),
                Some((_, '"')) => text.push('"'),
                Some((_, '\'')) => text.push('\''),
                Some((_, 'n')) => text.push('\n'),
                Some((_, '\n')) => {
                    while chars.peek().is_some_and(|(_, w)| w.is_ascii_whitespace()) {
                        chars.next();
                    }
                }
                Some((_, 'u')) if !strict => {
                    let hex: String = chars
                        .by_ref()
                        .map(|(_, h)| h)
                        .take_while(|h| *h != '}')
                        .filter(char::is_ascii_hexdigit)
                        .collect();
                    text.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                }
                Some(_) if !strict => {}
                Some((_, e)) => {
                    return Err((
                        start + 1 + n,
                        format!("escape \\{e} is not read by cargo xtask's scan of string literals (web/src): write the character itself"),
                    ))
                }
                None => break,
            },
            '\r' => {}
            c => text.push(c),
        }
    }
    Err((start, "unterminated string literal".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        scan(src).unwrap().into_iter().map(|(_, _, t)| t).collect()
    }

    #[test]
    fn reads_the_macros_literals_as_rust_does() {
        let src = "let a = zh!(\"播放\");\nlet b = zh_format!(\n    \"再连续失败 {more} 次\", more = x);\nlet c = zh!(\"a\\\"b\\\\c\\\n     d\");\n";
        assert_eq!(texts(src), ["播放", "再连续失败 {more} 次", "a\"b\\cd"]);
        // The same text Rust reads from that literal.
        assert_eq!(
            "a\"b\\c\
                    d",
            "a\"b\\cd"
        );
        let kept = scan("x(zh_kept!(\"简体中文\"))").unwrap();
        assert_eq!(kept, [(1, true, "简体中文".to_string())]);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for (src, want) in [
            ("let a = \"播放\";", "Chinese outside"),
            ("let a = '中';", "char literal"),
            ("let a = r\"播放\";", "raw string"),
            ("zh!(\"a\\t\")", "escape \\t"),
            ("zh!(\"a\\u{4e2d}\")", "escape \\u"),
            ("zh!(X)", "takes a string literal"),
            ("zh!(\"a\\nb\")", "line break"),
        ] {
            let e = scan(src).unwrap_err();
            assert!(e.1.contains(want), "{src}: {e:?}");
        }
    }

    #[test]
    fn leaves_comments_lifetimes_and_test_modules_alone() {
        let src = "// \"播放\" zh!(x)\n/* 中 */ fn f<'a>(x: &'a str) -> char { '\\'' }\n#[cfg(test)]\nmod tests {\n    fn t() { assert_eq!(f(\"暂停\"), '中'); zh!(\"测试\"); }\n}\nconst A: Zh = zh_const!(\"暂停\");\n";
        assert_eq!(texts(src), ["暂停"]);
        assert_eq!(
            test_module_files("#[cfg(test)]\nmod tests;\n"),
            ["tests.rs"]
        );
    }

    /// web/src itself: every Chinese literal of non-test code is inside the macros (the scan
    /// fails otherwise), and the texts are unique by key.
    #[test]
    fn web_src_has_no_chinese_outside_the_macros() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/src");
        let t = scan_dir(&root).unwrap_or_else(|e| panic!("{e}"));
        assert!(t.file.len() > 300, "{} texts", t.file.len());
        assert!(t.file.iter().any(|x| x == "播放"));
        assert!(t.kept.iter().any(|x| x == "简体中文"));
        assert!(t.file.iter().all(|x| !x.contains('\n')));
    }
}
