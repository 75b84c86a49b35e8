//! Shell patterns: fnmatch(3)-style matching (`case`, `${x#pat}`, `[[ == ]]`, pathname
//! expansion) and the escaping that makes quoted text match literally.

pub(crate) fn join_disp(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        format!("/{name}")
    } else if dir == "." {
        format!("./{name}")
    } else {
        format!("{dir}/{name}")
    }
}

pub(crate) fn escape_glob(s: &str) -> String {
    let special = |b: &u8| matches!(b, b'*' | b'?' | b'[' | b']' | b'\\');
    if !s.as_bytes().iter().any(special) {
        return s.to_string();
    }
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

pub(crate) fn unescape_glob(s: &str) -> String {
    let mut o = String::new();
    let mut esc = false;
    for c in s.chars() {
        if !esc && c == '\\' {
            esc = true;
            continue;
        }
        esc = false;
        o.push(c);
    }
    o
}

/// fnmatch(3) without flags: `*`, `?`, `[...]` (with `!`/`^` negation), backslash escapes.
pub(crate) fn glob_match(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    glob_match_chars(&p, &t, &mut 0)
}

/// Matching steps one pattern match (or one `${x%%pat}`, one `case`) may take; past it the
/// match fails (a model bound: real shells have none, and take that long).
pub(crate) const GLOB_WORK_LIMIT: u64 = 1_000_000;

/// `glob_match` on characters already split, adding its steps to `work` (shared by the
/// matches of one trim, so `${x%%pat}` over a long value stays bounded).
pub(crate) fn glob_match_chars(p: &[char], t: &[char], work: &mut u64) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    *work += 1;
    while ti < t.len() {
        *work += 1;
        if *work > GLOB_WORK_LIMIT {
            return false;
        }
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some((ok, next)) = class_match(p, pi, t[ti]) {
                        if ok {
                            pi = next;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                '\\' if pi + 1 < p.len() => {
                    if p[pi + 1] == t[ti] {
                        pi += 2;
                        ti += 1;
                        continue;
                    }
                }
                c => {
                    if c == t[ti] {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn class_match(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let neg = i < p.len() && (p[i] == '!' || p[i] == '^');
    if neg {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((hit != neg, i + 1));
        }
        first = false;
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            if p[i] <= c && c <= p[i + 2] {
                hit = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                hit = true;
            }
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::glob_match;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn globbing() {
        assert!(glob_match("*.log", "a.log"));
        assert!(!glob_match("*.log", "a.txt"));
        assert!(glob_match("a?c", "abc"));
        assert!(glob_match("[a-c]x", "bx"));
        assert!(!glob_match("[!a-c]x", "bx"));
        assert!(glob_match("\\*", "*"));
        assert!(glob_match("*", ""));
    }
}
