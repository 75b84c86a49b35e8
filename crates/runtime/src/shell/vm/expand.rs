//! Word expansion: parameters (`${x:-y}`, `${x#pat}`, ...), command substitution results,
//! arithmetic, field splitting and pathname globbing.

use std::collections::VecDeque;
use std::rc::Rc;

use podlife_spec::profile::Rule;

use super::Vm;
use crate::kernel::fs::normalize;
use crate::kernel::process::Syscalls;
use crate::shell::arith;
use crate::shell::ast::*;
use crate::shell::glob::{
    escape_glob, glob_match, glob_match_chars, join_disp, unescape_glob, GLOB_WORK_LIMIT,
};

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
        if expansion.op != ParameterOp::Plain {
            self.charge(0, val.as_ref().map_or(0, String::len));
        }
        let unsetish =
            |colon: bool, v: &Option<String>| v.is_none() || (colon && v.as_deref() == Some(""));
        Ok(match &expansion.op {
            ParameterOp::Plain => val.unwrap_or_default(),
            ParameterOp::Length => {
                let v = val.unwrap_or_default();
                if sys.has(Rule::RunawayMemoryOomKilled) && v.len() >= MAX_WORD_BYTES {
                    self.logical_len(&expansion.name, &v).to_string()
                } else if v.is_ascii() {
                    v.len().to_string()
                } else {
                    v.chars().count().to_string()
                }
            }
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
                let pattern = self.expand_pattern(sys, w, subs);
                match self.trim_cut(&v, &pattern, true, *long) {
                    Some(i) => v[i..].to_string(),
                    None => v,
                }
            }
            ParameterOp::TrimSuffix(long, w) => {
                let v = val.unwrap_or_default();
                let pattern = self.expand_pattern(sys, w, subs);
                match self.trim_cut(&v, &pattern, false, *long) {
                    Some(i) => v[..i].to_string(),
                    None => v,
                }
            }
        })
    }

    /// Expands one word without field splitting or globbing (assignments, redirections, case).
    /// What the 1 MiB bound cuts off is added to `self.cut_bytes`.
    pub fn expand_one(
        &mut self,
        sys: &mut Syscalls,
        w: &Word,
        subs: &mut VecDeque<String>,
    ) -> Result<String, String> {
        let mut s = String::new();
        self.expand_into(sys, w, subs, &mut s, 0, false)?;
        Ok(s)
    }

    /// Appends the expansion of `w`'s parts from index `from` to `s`, kept to
    /// [`MAX_WORD_BYTES`]. Once `s` is full (or `already_full`) nothing more can be kept: a part
    /// is then only measured (its side effects still happen), so a doubling loop at the bound
    /// costs no copy.
    pub(super) fn expand_into(
        &mut self,
        sys: &mut Syscalls,
        w: &Word,
        subs: &mut VecDeque<String>,
        s: &mut String,
        from: usize,
        already_full: bool,
    ) -> Result<(), String> {
        let mut scratch = String::new();
        for (i, p) in w.parts.iter().enumerate().skip(from) {
            let full = already_full || s.len() >= MAX_WORD_BYTES;
            match p {
                Part::Literal(t) if full => self.cut(t.len() as u64),
                Part::Quoted(t) if full => self.cut(t.len() as u64),
                Part::Literal(t) => {
                    if i == 0 && (t == "~" || t.starts_with("~/")) {
                        s.push_str(self.vars.get("HOME").map(String::as_str).unwrap_or("/root"));
                        s.push_str(&t[1..]);
                    } else {
                        s.push_str(t)
                    }
                }
                Part::Quoted(t) => s.push_str(t),
                Part::Parameter(expansion, _)
                    if expansion.op == ParameterOp::Plain && is_plain_variable(&expansion.name) =>
                {
                    // A variable is appended without a copy of its value.
                    let value = self.vars.get(&expansion.name).map_or("", String::as_str);
                    let logical = self.logical_len(&expansion.name, value);
                    if full {
                        self.cut(logical);
                    } else {
                        s.push_str(value);
                        self.cut(logical - value.len() as u64);
                    }
                }
                Part::Parameter(expansion, _) => {
                    let v = self.evaluate_parameter(sys, expansion, subs)?;
                    if full {
                        self.cut(v.len() as u64);
                    } else {
                        s.push_str(&v);
                    }
                }
                Part::CommandSubstitution(..) => {
                    let v = subs.pop_front().unwrap_or_default();
                    if full {
                        self.cut(v.len() as u64);
                    } else {
                        s.push_str(&v);
                        self.cap_counted(s);
                    }
                }
                Part::Arith(w, _) => {
                    let e = self.expand_one(sys, w, subs)?;
                    let v = self.arith(sys, &e)?;
                    scratch.clear();
                    scratch.push_str(&v.to_string());
                    if full {
                        self.cut(scratch.len() as u64);
                    } else {
                        s.push_str(&scratch);
                    }
                }
            }
        }
        self.cap_counted(s);
        self.charge(0, s.len());
        Ok(())
    }

    /// `cap`, adding what it cut to `self.cut_bytes`.
    fn cap_counted(&mut self, s: &mut String) {
        let before = s.len();
        cap(s);
        self.cut((before - s.len()) as u64);
    }

    fn cut(&mut self, bytes: u64) {
        self.cut_bytes = self.cut_bytes.saturating_add(bytes);
    }

    /// Where `${v#pattern}` (prefix) or `${v%pattern}` cuts `v`: the shortest (or, `longest`, the
    /// longest) matching prefix or suffix; its matching work is charged as steps.
    fn trim_cut(&mut self, v: &str, pattern: &str, prefix: bool, longest: bool) -> Option<usize> {
        let p: Vec<char> = pattern.chars().collect();
        let t: Vec<char> = v.chars().collect();
        let mut byte_at = Vec::with_capacity(t.len() + 1);
        byte_at.extend(v.char_indices().map(|(i, _)| i));
        byte_at.push(v.len());
        let mut work = 0u64;
        let mut cut = None;
        let try_at = |k: usize, work: &mut u64| {
            let part = if prefix { &t[..k] } else { &t[k..] };
            glob_match_chars(&p, part, work)
        };
        let positions: Box<dyn Iterator<Item = usize>> = if prefix {
            Box::new(0..=t.len())
        } else {
            Box::new((0..=t.len()).rev())
        };
        for k in positions {
            if work > GLOB_WORK_LIMIT {
                break;
            }
            if try_at(k, &mut work) {
                cut = Some(byte_at[k]);
                if !longest {
                    break;
                }
            }
        }
        // A matching step costs about what copying 25 bytes does; splitting the value into
        // characters and their offsets is work too.
        let split = v.len().saturating_mul(12);
        let matching = usize::try_from(work)
            .unwrap_or(usize::MAX)
            .saturating_mul(25);
        self.charge(0, matching.saturating_add(split));
        cut
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
                        for (k, a) in pos.iter().enumerate().take(MAX_FIELDS) {
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
                                .take(MAX_FIELDS)
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
            if out.len() >= MAX_FIELDS {
                out.truncate(MAX_FIELDS);
                break;
            }
        }
        let bytes: usize = out.iter().map(String::len).sum();
        self.charge(out.len(), bytes);
        Ok(out)
    }

    /// Large expansions cost interpreter steps in proportion to their size, so a loop that
    /// copies megabytes or thousands of words at every turn meets the step budget after a
    /// bounded amount of work. Ordinary words (under 1024 fields, 64 KiB) cost nothing extra.
    pub(crate) fn charge(&mut self, fields: usize, bytes: usize) {
        let cost = fields.saturating_sub(1024) + bytes.saturating_sub(64 << 10) / 1024;
        self.cost = self
            .cost
            .saturating_add(u32::try_from(cost).unwrap_or(u32::MAX));
    }

    /// The steps a program the shell runs in place (awk) took: eight of them cost one shell
    /// step, so a shell loop that keeps starting such programs meets its own budget too.
    pub(crate) fn charge_steps(&mut self, steps: u64) {
        let cost = u32::try_from(steps / 8).unwrap_or(u32::MAX);
        self.cost = self.cost.saturating_add(cost);
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

/// Longest word or variable value the model keeps (1 MiB); longer values keep their first
/// MiB and their length (`Vm::logical_len`).
pub(super) const MAX_WORD_BYTES: usize = 1 << 20;

/// Words one expansion keeps (an argument list doubling with `set -- "$@" "$@"` stops here).
const MAX_FIELDS: usize = 1 << 16;

/// A variable whose `$name` is its stored value (not `$RANDOM`, `$PPID`, `$1`, `$?`, ...).
pub(super) fn is_plain_variable(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "RANDOM"
        && name != "PPID"
}

fn cap(s: &mut String) {
    if s.len() > MAX_WORD_BYTES {
        let mut n = MAX_WORD_BYTES;
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s.truncate(n);
    }
}
