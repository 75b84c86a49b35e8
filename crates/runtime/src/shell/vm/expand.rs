//! Word expansion: parameters (`${x:-y}`, `${x#pat}`, ...), command substitution results,
//! arithmetic, field splitting and pathname globbing.

use std::collections::VecDeque;
use std::rc::Rc;

use super::Vm;
use crate::kernel::fs::normalize;
use crate::kernel::process::Syscalls;
use crate::shell::arith;
use crate::shell::ast::*;
use crate::shell::glob::{escape_glob, glob_match, join_disp, unescape_glob};

impl Vm {
    // ---- expansion ----------------------------------------------------------------------

    fn parameter_value(&mut self, sys: &mut Syscalls, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.status.to_string()),
            "#" => Some(self.positional.len().to_string()),
            "$" => Some(sys.shell_pid().to_string()),
            "PPID" => Some(sys.parent_pid().to_string()),
            // Deterministic: a fixed linear congruential sequence per shell.
            "RANDOM" => {
                self.rng = self.rng.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                Some(((self.rng >> 16) % 32_768).to_string())
            }
            "!" => self.last_bg.map(|p| p.to_string()),
            "0" => Some(self.arg0.clone()),
            "@" | "*" => Some(self.positional.join(" ")),
            "-" => Some(format!(
                "{}{}",
                if self.errexit { "e" } else { "" },
                if self.xtrace { "x" } else { "" }
            )),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let i: usize = n.parse().ok()?;
                self.positional.get(i.checked_sub(1)?).cloned()
            }
            n => self.vars.get(n).cloned(),
        }
    }

    fn evaluate_parameter(
        &mut self,
        sys: &mut Syscalls,
        expansion: &ParameterExpansion,
        subs: &mut VecDeque<String>,
    ) -> Result<String, String> {
        let val = self.parameter_value(sys, &expansion.name);
        let unsetish =
            |colon: bool, v: &Option<String>| v.is_none() || (colon && v.as_deref() == Some(""));
        Ok(match &expansion.op {
            ParameterOp::Plain => val.unwrap_or_default(),
            ParameterOp::Length => val.unwrap_or_default().chars().count().to_string(),
            ParameterOp::Default(c, w) => {
                if unsetish(*c, &val) {
                    self.expand_one(sys, w, subs)?
                } else {
                    val.unwrap_or_default()
                }
            }
            ParameterOp::Assign(c, w) => {
                if unsetish(*c, &val) {
                    let v = self.expand_one(sys, w, subs)?;
                    self.vars_mut().insert(expansion.name.clone(), v.clone());
                    v
                } else {
                    val.unwrap_or_default()
                }
            }
            ParameterOp::Alt(c, w) => {
                if unsetish(*c, &val) {
                    String::new()
                } else {
                    self.expand_one(sys, w, subs)?
                }
            }
            ParameterOp::Error(c, w) => {
                if unsetish(*c, &val) {
                    let m = self.expand_one(sys, w, subs)?;
                    let m = if m.is_empty() {
                        "parameter not set".to_string()
                    } else {
                        m
                    };
                    return Err(format!("{}: {m}", expansion.name));
                }
                val.unwrap_or_default()
            }
            ParameterOp::TrimPrefix(long, w) => {
                let v = val.unwrap_or_default();
                let pat = self.expand_pattern(sys, w, subs);
                let idx: Vec<usize> = v
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(v.len()))
                    .collect();
                let mut cut = None;
                for &i in &idx {
                    if glob_match(&pat, &v[..i]) {
                        cut = Some(i);
                        if !*long {
                            break;
                        }
                    }
                }
                cut.map(|i| v[i..].to_string()).unwrap_or(v)
            }
            ParameterOp::TrimSuffix(long, w) => {
                let v = val.unwrap_or_default();
                let pat = self.expand_pattern(sys, w, subs);
                let idx: Vec<usize> = v
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(v.len()))
                    .collect();
                let mut cut = None;
                for &i in idx.iter().rev() {
                    if glob_match(&pat, &v[i..]) {
                        cut = Some(i);
                        if !*long {
                            break;
                        }
                    }
                }
                cut.map(|i| v[..i].to_string()).unwrap_or(v)
            }
        })
    }

    /// Expands one word without field splitting or globbing (assignments, redirections, case).
    pub fn expand_one(
        &mut self,
        sys: &mut Syscalls,
        w: &Word,
        subs: &mut VecDeque<String>,
    ) -> Result<String, String> {
        let mut s = String::new();
        for (i, p) in w.parts.iter().enumerate() {
            match p {
                Part::Literal(t) => {
                    if i == 0 && (t == "~" || t.starts_with("~/")) {
                        s.push_str(self.vars.get("HOME").map(String::as_str).unwrap_or("/root"));
                        s.push_str(&t[1..]);
                    } else {
                        s.push_str(t)
                    }
                }
                Part::Quoted(t) => s.push_str(t),
                Part::Parameter(expansion, _) => {
                    let v = self.evaluate_parameter(sys, expansion, subs)?;
                    s.push_str(&v);
                }
                Part::CommandSubstitution(..) => {
                    s.push_str(&subs.pop_front().unwrap_or_default());
                    cap(&mut s);
                }
                Part::Arith(w, _) => {
                    let e = self.expand_one(sys, w, subs)?;
                    let v = self.arith(sys, &e)?;
                    s.push_str(&v.to_string());
                }
            }
        }
        cap(&mut s);
        Ok(s)
    }

    /// A case/trim pattern: quoted parts are escaped so they match literally.
    pub(super) fn expand_pattern(
        &mut self,
        sys: &mut Syscalls,
        w: &Word,
        subs: &mut VecDeque<String>,
    ) -> String {
        let mut s = String::new();
        for p in &w.parts {
            match p {
                Part::Literal(t) => s.push_str(t),
                Part::Quoted(t) => s.push_str(&escape_glob(t)),
                Part::Parameter(expansion, q) => {
                    let v = self
                        .evaluate_parameter(sys, expansion, subs)
                        .unwrap_or_default();
                    s.push_str(&if *q { escape_glob(&v) } else { v });
                }
                Part::CommandSubstitution(_, q) => {
                    let v = subs.pop_front().unwrap_or_default();
                    s.push_str(&if *q { escape_glob(&v) } else { v });
                }
                Part::Arith(w, _) => {
                    let e = self.expand_one(sys, w, subs).unwrap_or_default();
                    s.push_str(&self.arith(sys, &e).unwrap_or(0).to_string())
                }
            }
        }
        s
    }

    pub fn expand_words(
        &mut self,
        sys: &mut Syscalls,
        words: &[Word],
        subs: &mut VecDeque<String>,
    ) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for w in words {
            // (text, glob pattern text, has unquoted glob chars, any quoted part)
            let mut fields: Vec<(String, String, bool, bool)> = Vec::new();
            let mut cur = (String::new(), String::new(), false, false);
            let mut started = false;
            let ifs = self
                .vars
                .get("IFS")
                .cloned()
                .unwrap_or_else(|| " \t\n".to_string());
            for (i, p) in w.parts.iter().enumerate() {
                match p {
                    Part::Literal(t) => {
                        let t = if i == 0 && (t == "~" || t.starts_with("~/")) {
                            format!(
                                "{}{}",
                                self.vars.get("HOME").map(String::as_str).unwrap_or("/root"),
                                &t[1..]
                            )
                        } else {
                            t.clone()
                        };
                        if t.contains(['*', '?', '[']) {
                            cur.2 = true;
                        }
                        cur.0.push_str(&t);
                        cur.1.push_str(&t);
                        started = true;
                    }
                    Part::Quoted(t) => {
                        cur.0.push_str(t);
                        cur.1.push_str(&escape_glob(t));
                        cur.3 = true;
                        started = true;
                    }
                    Part::Parameter(expansion, true)
                        if expansion.name == "@" && matches!(expansion.op, ParameterOp::Plain) =>
                    {
                        let pos = self.positional.clone();
                        for (k, a) in pos.iter().enumerate() {
                            if k > 0 {
                                fields.push(std::mem::take(&mut cur));
                            }
                            cur.0.push_str(a);
                            cur.1.push_str(&escape_glob(a));
                            cur.3 = true;
                        }
                        started = true;
                    }
                    Part::Parameter(_, q) | Part::CommandSubstitution(_, q) | Part::Arith(_, q) => {
                        let v = match p {
                            Part::Parameter(expansion, _) => {
                                self.evaluate_parameter(sys, expansion, subs)?
                            }
                            Part::CommandSubstitution(..) => subs.pop_front().unwrap_or_default(),
                            Part::Arith(w, _) => {
                                let e = self.expand_one(sys, w, subs)?;
                                self.arith(sys, &e)?.to_string()
                            }
                            _ => String::new(),
                        };
                        if *q {
                            cur.0.push_str(&v);
                            cur.1.push_str(&escape_glob(&v));
                            cur.3 = true;
                            started = true;
                        } else {
                            // Field splitting on IFS whitespace.
                            let mut first = true;
                            let starts_ws = v.starts_with(|c: char| ifs.contains(c));
                            let pieces: Vec<&str> = v
                                .split(|c: char| ifs.contains(c))
                                .filter(|s| !s.is_empty())
                                .collect();
                            if starts_ws && (!cur.0.is_empty() || cur.3) {
                                fields.push(std::mem::take(&mut cur));
                            }
                            for piece in &pieces {
                                if !first {
                                    fields.push(std::mem::take(&mut cur));
                                }
                                first = false;
                                if piece.contains(['*', '?', '[']) {
                                    cur.2 = true;
                                }
                                cur.0.push_str(piece);
                                cur.1.push_str(piece);
                                started = true;
                            }
                            if v.ends_with(|c: char| ifs.contains(c)) && !pieces.is_empty() {
                                fields.push(std::mem::take(&mut cur));
                            }
                        }
                    }
                }
            }
            if started && (!cur.0.is_empty() || cur.3) {
                fields.push(cur);
            }
            for (mut text, pat, glob, _) in fields {
                cap(&mut text);
                if glob {
                    let matches = self.glob_paths(sys, &pat);
                    if matches.is_empty() {
                        out.push(text);
                    } else {
                        out.extend(matches);
                    }
                } else {
                    out.push(text);
                }
            }
        }
        Ok(out)
    }

    fn glob_paths(&mut self, sys: &mut Syscalls, pat: &str) -> Vec<String> {
        let abs = pat.starts_with('/');
        let segs: Vec<&str> = pat.split('/').filter(|s| !s.is_empty()).collect();
        let mut cands: Vec<String> = vec![if abs { String::new() } else { ".".to_string() }];
        for (i, seg) in segs.iter().enumerate() {
            let mut next = Vec::new();
            for c in &cands {
                let dir_disp = c.clone();
                let dir_real = if c.is_empty() {
                    "/".to_string()
                } else {
                    normalize(&self.cwd, c)
                };
                if seg.contains(['*', '?', '[']) {
                    if let Ok(names) = sys.fs().list(&dir_real) {
                        for n in names {
                            if n.starts_with('.') && !seg.starts_with('.') {
                                continue;
                            }
                            if glob_match(seg, &n) {
                                next.push(join_disp(&dir_disp, &n));
                            }
                        }
                    }
                } else {
                    let literal = unescape_glob(seg);
                    let p = join_disp(&dir_disp, &literal);
                    if (i + 1 == segs.len() || sys.fs().is_dir(&normalize(&self.cwd, &p)))
                        && sys.fs().stat(&normalize(&self.cwd, &p)).is_some()
                    {
                        next.push(p);
                    }
                }
                if next.len() > 10_000 {
                    break;
                }
            }
            cands = next;
        }
        cands
            .into_iter()
            .map(|c| c.strip_prefix("./").map(str::to_string).unwrap_or(c))
            .collect()
    }

    pub fn arith(&mut self, sys: &mut Syscalls, e: &str) -> Result<i64, String> {
        let _ = sys;
        arith::evaluate(e, Rc::make_mut(&mut self.vars))
    }
}

/// Longest word or variable value the model keeps (1 MiB).
const MAX_WORD_BYTES: usize = 1 << 20;

fn cap(s: &mut String) {
    if s.len() > MAX_WORD_BYTES {
        let mut n = MAX_WORD_BYTES;
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s.truncate(n);
    }
}
