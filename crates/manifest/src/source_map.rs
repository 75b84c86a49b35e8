//! Field path → source span index.
//!
//! serde_yaml 0.9 gives values without positions, so this module scans the text itself. It runs
//! only on documents serde_yaml has already accepted, so it needs to understand the YAML that
//! real manifests use (block mappings and sequences, compact `- key: v`, flow collections and
//! JSON, quoted and multi-line scalars, block scalars, comments, anchors and tags), not to reject
//! anything. It is iterative (no recursion) and linear in the input.
//!
//! Positions are 1-based lines and columns counted in characters, like libyaml's marks.

/// A region of the source text: start line/column (1-based) and the end (exclusive column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Span {
    fn point(line: usize, column: usize) -> Span {
        Span {
            line,
            column,
            end_line: line,
            end_column: column,
        }
    }
}

/// One path segment: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Parses an API field path (`spec.containers[0].resources.limits[memory]`) into segments.
/// Bracketed numbers are indices, other bracketed text is a map key.
pub fn parse_path(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    out.push(Seg::Key(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    out.push(Seg::Key(std::mem::take(&mut cur)));
                }
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                match inner.parse::<usize>() {
                    Ok(i) if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) => {
                        out.push(Seg::Index(i))
                    }
                    _ => out.push(Seg::Key(inner)),
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(Seg::Key(cur));
    }
    out
}

/// Internal path encoding: one `String` per path (fewer allocations than `Vec<Seg>`).
/// A key is `\u{1}key`, an index `\u{2}n`.
type P = String;

fn encode(segs: &[Seg]) -> P {
    let mut s = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                s.push('\u{1}');
                s.push_str(k);
            }
            Seg::Index(i) => {
                s.push('\u{2}');
                s.push_str(&i.to_string());
            }
        }
    }
    s
}

fn decode(p: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut rest = p;
    while let Some(first) = rest.chars().next() {
        let body = &rest[first.len_utf8()..];
        let end = body.find(['\u{1}', '\u{2}']).unwrap_or(body.len());
        let part = &body[..end];
        if first == '\u{2}' {
            out.push(Seg::Index(part.parse().unwrap_or(0)));
        } else {
            out.push(Seg::Key(part.to_string()));
        }
        rest = &body[end..];
    }
    out
}

fn child_key(parent: &str, key: &str) -> P {
    let mut s = String::with_capacity(parent.len() + key.len() + 1);
    s.push_str(parent);
    s.push('\u{1}');
    s.push_str(key);
    s
}

fn child_index(parent: &str, i: usize) -> P {
    let mut s = String::with_capacity(parent.len() + 4);
    s.push_str(parent);
    s.push('\u{2}');
    s.push_str(&i.to_string());
    s
}

fn last_is_key(p: &str) -> bool {
    p.rfind(['\u{1}', '\u{2}'])
        .is_some_and(|i| p[i..].starts_with('\u{1}'))
}

/// Renders segments back as an API path.
pub fn render_path(segs: &[Seg]) -> String {
    let mut s = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if k.contains(['.', '/', '[', ']']) && !s.is_empty() {
                    s.push('[');
                    s.push_str(k);
                    s.push(']');
                } else {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// The index of one YAML document of the stream.
#[derive(Clone, Debug, Default)]
pub struct DocMap {
    /// Position of the document's first content (or its `---`).
    pub start: Option<Span>,
    /// Sorted by path, one entry per path: looked up by binary search (a sorted list instead of
    /// a `BTreeMap`, which would add a tree and a sort instance to the app for this one type).
    entries: Vec<(P, Span)>,
    /// The first repeated mapping key: its path, first and second occurrence.
    pub duplicate: Option<(Vec<Seg>, Span, Span)>,
    /// Plain scalars that YAML 1.1 (kubectl's parser) reads differently from serde_yaml's
    /// YAML 1.2: `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0644` is octal. Path and text.
    pub yaml11: Vec<(Vec<Seg>, String)>,
}

impl DocMap {
    /// The span of exactly this path (a key and its value, or a sequence item).
    pub fn get(&self, segs: &[Seg]) -> Option<Span> {
        self.span_of(&encode(segs))
    }

    fn span_of(&self, path: &str) -> Option<Span> {
        self.entries
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| self.entries[i].1)
    }

    /// The span of the path, or of its nearest ancestor present in the text, or the document
    /// start.
    pub fn nearest(&self, segs: &[Seg]) -> Option<Span> {
        let mut n = segs.len();
        loop {
            if let Some(s) = self.span_of(&encode(&segs[..n])) {
                return Some(s);
            }
            if n == 0 {
                return self.start;
            }
            n -= 1;
        }
    }

    /// Span of the key token only (first line of the entry), for a path.
    pub fn key_span(&self, segs: &[Seg]) -> Option<Span> {
        self.get(segs).map(|s| Span::point(s.line, s.column))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Path → span index of every document in a YAML stream.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    pub docs: Vec<DocMap>,
    /// Deepest nesting seen (block and flow collections), and where it was first exceeded.
    pub max_depth: usize,
    pub too_deep_at: Option<(usize, usize)>,
    /// Where YAML aliases first expand past [`MAX_ALIAS_EXPANSION`] nodes: (line, column, nodes).
    pub alias_bomb: Option<(usize, usize, usize)>,
}

/// Most nodes all aliases of a document may expand to.
pub const MAX_ALIAS_EXPANSION: usize = 10_000;

impl SourceMap {
    /// The span for an API path in document `doc`, falling back to the nearest ancestor.
    pub fn span(&self, doc: usize, path: &str) -> Option<Span> {
        self.docs.get(doc)?.nearest(&parse_path(path))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Map,
    Seq,
}

struct Frame {
    indent: usize,
    kind: Kind,
    path: P,
    next_index: usize,
    open: Option<usize>,
}

struct FlowFrame {
    kind: Kind,
    path: P,
    next_index: usize,
    /// In a flow map: the key whose value comes next.
    key: Option<P>,
    open: Option<usize>,
}

/// Depth limit reported through `too_deep_at` (the caller turns it into an error).
pub const MAX_DEPTH: usize = 64;

struct Scanner<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    docs: Vec<DocMap>,
    /// Entries of the current document: path, start, end (end filled when closed).
    entries: Vec<(P, Span)>,
    stack: Vec<Frame>,
    pending: Option<(P, usize)>,
    skip_indent: Option<usize>,
    last_end: (usize, usize),
    doc_start: Option<Span>,
    doc_has_content: bool,
    doc_explicit: bool,
    max_depth: usize,
    too_deep_at: Option<(usize, usize)>,
    /// Anchors of the current document: name, anchored node's path, position.
    anchors: Vec<(String, P, (usize, usize))>,
    /// Aliases of the current document: name, position.
    aliases: Vec<(String, (usize, usize))>,
    alias_bomb: Option<(usize, usize, usize)>,
    yaml11: Vec<(P, String)>,
    /// (line, byte, column) of the last position computed.
    pos_cache: std::cell::Cell<(usize, usize, usize)>,
}

/// Builds the index for a whole stream.
pub fn build(text: &str) -> SourceMap {
    let mut line_starts = vec![0];
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            line_starts.push(i + 1);
        }
    }
    let mut s = Scanner {
        text,
        line_starts,
        docs: Vec::new(),
        entries: Vec::new(),
        stack: Vec::new(),
        pending: None,
        skip_indent: None,
        last_end: (1, 1),
        doc_start: None,
        doc_has_content: false,
        doc_explicit: false,
        max_depth: 0,
        too_deep_at: None,
        anchors: Vec::new(),
        aliases: Vec::new(),
        alias_bomb: None,
        yaml11: Vec::new(),
        pos_cache: std::cell::Cell::new((usize::MAX, 0, 0)),
    };
    s.run();
    SourceMap {
        docs: s.docs,
        max_depth: s.max_depth,
        too_deep_at: s.too_deep_at,
        alias_bomb: s.alias_bomb,
    }
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

impl<'a> Scanner<'a> {
    fn line_text(&self, i: usize) -> &'a str {
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        let s = &self.text[start..end.max(start)];
        s.strip_suffix('\r').unwrap_or(s)
    }

    /// 1-based (line, column) of byte `pos` of line `i`.
    fn pos(&self, i: usize, byte: usize) -> (usize, usize) {
        let l = self.line_text(i);
        let b = byte.min(l.len());
        // Columns count characters. The scan moves forward, so count on from the last answer
        // on the same line: linear even for a 1 MiB one-line JSON document.
        let (cl, cb, cc) = self.pos_cache.get();
        let counted = if cl == i && b >= cb {
            l.get(cb..b).map(|p| cc + p.chars().count())
        } else {
            None
        };
        let col = counted
            .or_else(|| l.get(..b).map(|p| p.chars().count()))
            .unwrap_or(b);
        if l.is_char_boundary(b) {
            self.pos_cache.set((i, b, col));
        }
        (i + 1, col + 1)
    }

    fn depth_check(&mut self, line: usize, col: usize, extra: usize) {
        let d = self.stack.len() + extra;
        if d > self.max_depth {
            self.max_depth = d;
        }
        if d > MAX_DEPTH && self.too_deep_at.is_none() {
            self.too_deep_at = Some((line, col));
        }
    }

    fn open_entry(&mut self, path: P, line: usize, col: usize) -> usize {
        self.entries.push((path, Span::point(line, col)));
        self.entries.len() - 1
    }

    fn close_entry(&mut self, id: usize) {
        let (l, c) = self.last_end;
        if let Some(e) = self.entries.get_mut(id) {
            if (l, c) >= (e.1.line, e.1.column) {
                e.1.end_line = l;
                e.1.end_column = c;
            }
        }
    }

    fn pop_frame(&mut self) {
        if let Some(f) = self.stack.pop() {
            if let Some(id) = f.open {
                self.close_entry(id);
            }
        }
    }

    fn finish_doc(&mut self) {
        while !self.stack.is_empty() {
            self.pop_frame();
        }
        self.pending = None;
        self.skip_indent = None;
        let mut map = DocMap {
            start: self.doc_start.take(),
            entries: Vec::new(),
            duplicate: None,
            yaml11: self
                .yaml11
                .drain(..)
                .map(|(p, t)| (decode(&p), t))
                .collect(),
        };
        // First occurrence wins; the repeated key whose second occurrence comes first in the
        // text is remembered for the parser's error. Sorting once costs about half the
        // comparisons of inserting one by one into a tree (26,000 labels: the long shared path
        // prefixes make each comparison a memcmp).
        let mut all: Vec<(P, Span, usize)> = self
            .entries
            .drain(..)
            .enumerate()
            .map(|(i, (p, s))| (p, s, i))
            .collect();
        crate::sort::sort_by(&mut all, |a, b| a.0.cmp(&b.0)); // stable: equal paths keep text order
        let mut dup: Option<(usize, usize, usize)> = None; // (second's index, first, second)
        let mut kept = Vec::with_capacity(all.len());
        let mut j = 0;
        while j < all.len() {
            let mut k = j + 1;
            while k < all.len() && all[k].0 == all[j].0 {
                k += 1;
            }
            if k > j + 1 && last_is_key(&all[j].0) && dup.is_none_or(|d| all[j + 1].2 < d.0) {
                dup = Some((all[j + 1].2, j, j + 1));
            }
            j = k;
        }
        if let Some((_, f, sec)) = dup {
            map.duplicate = Some((decode(&all[f].0), all[f].1, all[sec].1));
        }
        for (p, s, _) in all {
            if kept.last().is_some_and(|(lp, _): &(P, Span)| *lp == p) {
                continue;
            }
            kept.push((p, s));
        }
        map.entries = kept;
        if !self.aliases.is_empty() && self.alias_bomb.is_none() {
            self.alias_bomb = alias_expansion(&map, &self.anchors, &self.aliases);
        }
        self.anchors.clear();
        self.aliases.clear();
        self.docs.push(map);
        self.doc_has_content = false;
        self.doc_explicit = false;
    }

    fn mark_content(&mut self, line: usize, col: usize) {
        if self.doc_start.is_none() {
            self.doc_start = Some(Span::point(line, col));
        }
        self.doc_has_content = true;
    }

    fn run(&mut self) {
        let n = self.line_starts.len();
        let mut i = 0;
        while i < n {
            let line = self.line_text(i);
            let bytes = line.as_bytes();
            // Document markers and directives (column 1 only).
            if line.starts_with("---") && bytes.get(3).is_none_or(|b| is_blank(*b)) {
                if self.doc_has_content || self.doc_explicit {
                    self.finish_doc();
                }
                self.doc_explicit = true;
                self.doc_start = Some(Span::point(i + 1, 1));
                let rest = &line[3..];
                let off = 3 + rest.len() - rest.trim_start().len();
                if off < line.len() && !line[off..].starts_with('#') {
                    let (l, c) = self.pos(i, off);
                    self.mark_content(l, c);
                    i = self.value(i, off, P::new(), 0);
                } else {
                    i += 1;
                }
                continue;
            }
            if line.starts_with("...") && bytes.get(3).is_none_or(|b| is_blank(*b)) {
                if self.doc_has_content || self.doc_explicit {
                    self.finish_doc();
                }
                i += 1;
                continue;
            }
            if line.starts_with('%') && !self.doc_has_content {
                i += 1;
                continue;
            }
            let indent = bytes.iter().take_while(|b| **b == b' ').count();
            let rest = &line[indent..];
            let trimmed = rest.trim_start_matches([' ', '\t']);
            if trimmed.is_empty() || trimmed.starts_with('#') {
                i += 1;
                continue;
            }
            if let Some(k) = self.skip_indent {
                if indent > k {
                    i += 1;
                    continue;
                }
                self.skip_indent = None;
            }
            i = self.block_line(i, indent);
            if self.too_deep_at.is_some() {
                break;
            }
        }
        if self.doc_has_content || self.doc_explicit {
            self.finish_doc();
        }
    }

    /// Handles a content line at `indent`; returns the next line to process.
    fn block_line(&mut self, i: usize, indent: usize) -> usize {
        let line = self.line_text(i);
        let rest = &line[indent..];
        let is_seq = rest.starts_with('-') && rest.as_bytes().get(1).is_none_or(|b| is_blank(*b));
        let kind = if is_seq {
            Kind::Seq
        } else if key_colon(rest).is_some() {
            Kind::Map
        } else {
            // A scalar or flow node on its own line: value of a pending key or a root node.
            let target = self.pending.take();
            while self.stack.last().is_some_and(|f| f.indent >= indent) {
                self.pop_frame();
            }
            let (path, k) = match target {
                Some((p, k)) if indent > k => (p, k),
                _ => (
                    self.stack
                        .last()
                        .map(|f| f.path.clone())
                        .unwrap_or_default(),
                    indent.saturating_sub(1),
                ),
            };
            let (l, c) = self.pos(i, indent);
            self.mark_content(l, c);
            return self.value(i, indent, path, k);
        };
        // Close frames deeper than this line, and a same-indent frame of the other kind.
        while let Some(top) = self.stack.last() {
            if top.indent > indent || (top.indent == indent && top.kind != kind) {
                // A sequence at the same indent as its parent key belongs to that key.
                if top.indent == indent && kind == Kind::Seq && top.kind == Kind::Map {
                    if let Some((_, pk)) = &self.pending {
                        if *pk == indent {
                            break;
                        }
                    }
                }
                self.pop_frame();
            } else {
                break;
            }
        }
        let (l, c) = self.pos(i, indent);
        self.mark_content(l, c);
        let need_new = match self.stack.last() {
            None => true,
            Some(top) => !(top.indent == indent && top.kind == kind),
        };
        if need_new {
            let path = match self.pending.take() {
                Some((p, k)) if indent > k || (indent == k && kind == Kind::Seq) => p,
                _ => self
                    .stack
                    .last()
                    .map(|f| f.path.clone())
                    .unwrap_or_default(),
            };
            self.depth_check(l, c, 1);
            if self.too_deep_at.is_some() {
                return self.line_starts.len();
            }
            self.stack.push(Frame {
                indent,
                kind,
                path,
                next_index: 0,
                open: None,
            });
        } else {
            self.pending = None;
        }
        self.entry_in_top(i, indent)
    }

    /// Starts a new entry (`- ...` or `key: ...`) at byte `at` of line `i` in the top frame.
    fn entry_in_top(&mut self, i: usize, at: usize) -> usize {
        let line = self.line_text(i);
        let rest = &line[at..];
        let (l, c) = self.pos(i, at);
        let Some(top) = self.stack.last_mut() else {
            return i + 1;
        };
        let prev = top.open.take();
        if let Some(id) = prev {
            self.close_entry(id);
        }
        let Some(top) = self.stack.last_mut() else {
            return i + 1;
        };
        match top.kind {
            Kind::Seq => {
                let path = child_index(&top.path, top.next_index);
                top.next_index += 1;
                let id = self.open_entry(path.clone(), l, c);
                if let Some(top) = self.stack.last_mut() {
                    top.open = Some(id);
                }
                self.last_end = (l, c + 1);
                // Content after "- " on the same line.
                let after = &rest[1..];
                let off = at + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len());
                let tail = &line[off..];
                if tail.is_empty() || tail.starts_with('#') {
                    self.pending = Some((path, at));
                    return i + 1;
                }
                let is_seq =
                    tail.starts_with('-') && tail.as_bytes().get(1).is_none_or(|b| is_blank(*b));
                if is_seq || key_colon(tail).is_some() {
                    // Compact nested collection starting at this column.
                    let kind = if is_seq { Kind::Seq } else { Kind::Map };
                    let (l2, c2) = self.pos(i, off);
                    self.depth_check(l2, c2, 1);
                    if self.too_deep_at.is_some() {
                        // Stop before compact nesting (`- - - ...`) recurses any deeper.
                        return self.line_starts.len();
                    }
                    let col = line[..off].chars().count();
                    self.stack.push(Frame {
                        indent: col,
                        kind,
                        path,
                        next_index: 0,
                        open: None,
                    });
                    return self.entry_in_top(i, off);
                }
                self.value(i, off, path, at)
            }
            Kind::Map => {
                let Some((key, colon)) = key_colon(rest) else {
                    return i + 1;
                };
                let path = child_key(&top.path, &key);
                let id = self.open_entry(path.clone(), l, c);
                if let Some(top) = self.stack.last_mut() {
                    top.open = Some(id);
                }
                self.last_end = self.pos(i, at + colon + 1);
                let after = &rest[colon + 1..];
                let off =
                    at + colon + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len());
                let col = line[..at].chars().count();
                if off >= line.len() || line[off..].starts_with('#') {
                    self.pending = Some((path, col));
                    return i + 1;
                }
                self.value(i, off, path, col)
            }
        }
    }

    /// A value starting at byte `at` of line `i` for `path`; `parent_indent` is the column of
    /// the owning key or dash (continuation lines are more indented than it).
    fn value(&mut self, i: usize, at: usize, path: P, parent_indent: usize) -> usize {
        let line = self.line_text(i);
        let mut at = at;
        // Anchors and tags before the value.
        loop {
            let rest = &line[at..];
            if rest.starts_with('&') || rest.starts_with('!') {
                let tok = rest.find([' ', '\t']).unwrap_or(rest.len());
                if rest.starts_with('&') {
                    let p = self.pos(i, at);
                    self.anchors
                        .push((rest[1..tok].to_string(), path.clone(), p));
                }
                let after = &rest[tok..];
                at += tok + (after.len() - after.trim_start_matches([' ', '\t']).len());
                if at >= line.len() || line[at..].starts_with('#') {
                    self.pending = Some((path, parent_indent));
                    return i + 1;
                }
            } else {
                break;
            }
        }
        let rest = &line[at..];
        match rest.as_bytes().first() {
            Some(b'|') | Some(b'>') => {
                self.last_end = self.pos(i, line.len());
                self.skip_indent = Some(parent_indent);
                i + 1
            }
            Some(b'[') | Some(b'{') => self.flow(i, at, path),
            Some(b'*') => {
                let tok = rest.find([' ', '\t']).unwrap_or(rest.len());
                let p = self.pos(i, at);
                self.aliases.push((rest[1..tok].to_string(), p));
                self.last_end = self.pos(i, at + tok);
                self.skip_indent = Some(parent_indent);
                i + 1
            }
            Some(b'"') | Some(b'\'') => {
                let (li, end) = self.quoted(i, at);
                self.last_end = self.pos(li, end);
                self.skip_indent = Some(parent_indent);
                li + 1
            }
            _ => {
                let end = plain_end(rest);
                if yaml11_value(&rest[..end]).is_some() {
                    self.yaml11.push((path, rest[..end].to_string()));
                }
                self.last_end = self.pos(i, at + end);
                self.skip_indent = Some(parent_indent);
                i + 1
            }
        }
    }

    /// Scans a quoted scalar starting at byte `at` of line `i`; returns (line, byte after the
    /// closing quote).
    fn quoted(&self, i: usize, at: usize) -> (usize, usize) {
        let line = self.line_text(i);
        let q = line.as_bytes()[at];
        let mut li = i;
        let mut pos = at + 1;
        let n = self.line_starts.len();
        loop {
            let l = self.line_text(li).as_bytes();
            while pos < l.len() {
                let b = l[pos];
                if q == b'"' && b == b'\\' {
                    pos += 2;
                    continue;
                }
                if b == q {
                    if q == b'\'' && l.get(pos + 1) == Some(&b'\'') {
                        pos += 2;
                        continue;
                    }
                    return (li, pos + 1);
                }
                pos += 1;
            }
            if li + 1 >= n {
                return (li, l.len());
            }
            li += 1;
            pos = 0;
        }
    }

    /// Scans a flow collection starting at byte `at` of line `i`, recording entries.
    /// Returns the next line to process.
    fn flow(&mut self, i: usize, at: usize, path: P) -> usize {
        let n = self.line_starts.len();
        let mut li = i;
        let mut pos = at;
        let mut fstack: Vec<FlowFrame> = Vec::new();
        // The value slot: where the next node goes (path, and whether an entry is open for it).
        let mut slot: Option<P> = Some(path);
        let mut anchor: Option<(String, (usize, usize))> = None;
        loop {
            let line = self.line_text(li);
            let b = line.as_bytes();
            if pos >= b.len() {
                if fstack.is_empty() || li + 1 >= n {
                    break;
                }
                li += 1;
                pos = 0;
                continue;
            }
            let c = b[pos];
            match c {
                b' ' | b'\t' | b'\r' => pos += 1,
                b'#' if pos == 0 || is_blank(b[pos - 1]) => pos = b.len(),
                b'[' | b'{' => {
                    let kind = if c == b'[' { Kind::Seq } else { Kind::Map };
                    let p = self.flow_node_path(&mut fstack, &mut slot, li, pos);
                    if let Some((name, at)) = anchor.take() {
                        self.anchors.push((name, p.clone(), at));
                    }
                    let (l, col) = self.pos(li, pos);
                    self.depth_check(l, col, fstack.len() + 1);
                    if self.too_deep_at.is_some() {
                        return n;
                    }
                    fstack.push(FlowFrame {
                        kind,
                        path: p,
                        next_index: 0,
                        key: None,
                        open: None,
                    });
                    self.last_end = self.pos(li, pos + 1);
                    pos += 1;
                }
                b']' | b'}' => {
                    if let Some(f) = fstack.pop() {
                        if let Some(id) = f.open {
                            self.close_entry(id);
                        }
                    }
                    self.last_end = self.pos(li, pos + 1);
                    pos += 1;
                    if fstack.is_empty() {
                        break;
                    }
                }
                b',' => {
                    if let Some(f) = fstack.last_mut() {
                        if let Some(id) = f.open.take() {
                            self.close_entry(id);
                        }
                        f.key = None;
                    }
                    pos += 1;
                }
                b':' if fstack
                    .last()
                    .is_some_and(|f| f.kind == Kind::Map && f.key.is_some()) =>
                {
                    pos += 1;
                }
                b'&' | b'*' | b'!' => {
                    let mut e = pos + 1;
                    while e < b.len()
                        && !is_blank(b[e])
                        && !matches!(b[e], b',' | b'[' | b']' | b'{' | b'}')
                    {
                        e += 1;
                    }
                    let name = line[pos + 1..e].to_string();
                    let at = self.pos(li, pos);
                    if c == b'&' {
                        anchor = Some((name, at));
                        pos = e;
                    } else if c == b'*' {
                        let in_key = fstack
                            .last()
                            .is_some_and(|f| f.kind == Kind::Map && f.key.is_none());
                        if !in_key {
                            let _ = self.flow_node_path(&mut fstack, &mut slot, li, pos);
                        }
                        self.aliases.push((name, at));
                        self.last_end = self.pos(li, e);
                        pos = e;
                    } else {
                        pos = e;
                    }
                }
                _ => {
                    // A scalar: quoted or plain.
                    let start = pos;
                    let (end_line, end_pos) = if c == b'"' || c == b'\'' {
                        self.quoted(li, pos)
                    } else {
                        let mut e = pos;
                        while e < b.len() {
                            let x = b[e];
                            if matches!(x, b',' | b'[' | b']' | b'{' | b'}') {
                                break;
                            }
                            if x == b':'
                                && b.get(e + 1).is_none_or(|y| {
                                    is_blank(*y) || matches!(y, b',' | b'[' | b']' | b'{' | b'}')
                                })
                            {
                                break;
                            }
                            if x == b'#' && e > 0 && is_blank(b[e - 1]) {
                                break;
                            }
                            e += 1;
                        }
                        let mut t = e;
                        while t > start && is_blank(b[t - 1]) {
                            t -= 1;
                        }
                        (li, t.max(start + 1).min(b.len()))
                    };
                    let is_map_key = fstack
                        .last()
                        .is_some_and(|f| f.kind == Kind::Map && f.key.is_none());
                    if is_map_key {
                        let raw = if end_line == li {
                            &line[start..end_pos]
                        } else {
                            &line[start..]
                        };
                        let key = unquote(raw);
                        if let Some(f) = fstack.last_mut() {
                            let p = child_key(&f.path, &key);
                            f.key = Some(p.clone());
                            let (l, col) = self.pos(li, start);
                            let id = self.open_entry(p, l, col);
                            if let Some(f) = fstack.last_mut() {
                                f.open = Some(id);
                            }
                        }
                    } else {
                        let p = self.flow_node_path(&mut fstack, &mut slot, li, start);
                        if c != b'"' && c != b'\'' && end_line == li {
                            if let Some(raw) = line.get(start..end_pos) {
                                if yaml11_value(raw).is_some() {
                                    self.yaml11.push((p.clone(), raw.to_string()));
                                }
                            }
                        }
                        if let Some((name, at)) = anchor.take() {
                            self.anchors.push((name, p, at));
                        }
                    }
                    self.last_end = self.pos(end_line, end_pos);
                    if end_line != li {
                        li = end_line;
                        pos = end_pos;
                    } else {
                        pos = end_pos.max(pos + 1);
                    }
                    if fstack.is_empty() {
                        break;
                    }
                }
            }
        }
        li + 1
    }

    /// The path for a node appearing in flow context (opening the sequence item entry).
    fn flow_node_path(
        &mut self,
        fstack: &mut [FlowFrame],
        slot: &mut Option<P>,
        li: usize,
        pos: usize,
    ) -> P {
        if let Some(f) = fstack.last_mut() {
            match f.kind {
                Kind::Seq => {
                    let p = child_index(&f.path, f.next_index);
                    f.next_index += 1;
                    let (l, c) = self.pos(li, pos);
                    let id = self.open_entry(p.clone(), l, c);
                    if let Some(prev) = f.open.replace(id) {
                        self.close_entry(prev);
                    }
                    p
                }
                Kind::Map => f.key.clone().unwrap_or_else(|| f.path.clone()),
            }
        } else {
            slot.take().unwrap_or_default()
        }
    }
}

/// What YAML 1.1 (go-yaml v2, used by kubectl) makes of a plain scalar that YAML 1.2
/// (serde_yaml) reads as a string: booleans such as `yes`/`off`, octal `0644`, binary `0b101`,
/// and integers with `_` separators. `None` for everything else.
pub fn yaml11_value(raw: &str) -> Option<serde_yaml::Value> {
    use serde_yaml::Value;
    match raw {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Some(Value::Bool(true)),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Some(Value::Bool(false)),
        _ => {}
    }
    let (neg, body) = match raw.as_bytes().first() {
        Some(b'-') => (true, &raw[1..]),
        Some(b'+') => (false, &raw[1..]),
        _ => (false, raw),
    };
    // Called for every plain scalar: most are not numbers, so answer before allocating.
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let digits: String = body.chars().filter(|c| *c != '_').collect();
    let n = if let Some(b) = digits.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()?
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|c| (b'0'..=b'7').contains(&c))
    {
        i64::from_str_radix(&digits[1..], 8).ok()?
    } else if body.contains('_') && !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
    {
        digits.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(Value::Number((if neg { -n } else { n }).into()))
}

/// Upper bound of the nodes aliases expand to; `Some((line, col, n))` at the alias where the
/// running total first exceeds [`MAX_ALIAS_EXPANSION`].
fn alias_expansion(
    map: &DocMap,
    anchors: &[(String, P, (usize, usize))],
    aliases: &[(String, (usize, usize))],
) -> Option<(usize, usize, usize)> {
    if aliases.len() > MAX_ALIAS_EXPANSION {
        let (l, c) = aliases[MAX_ALIAS_EXPANSION].1;
        return Some((l, c, aliases.len()));
    }
    if anchors.len() > 1000 {
        let (l, c) = anchors[1000].2;
        return Some((l, c, anchors.len()));
    }
    let mut starts: Vec<(usize, usize)> = map
        .entries
        .iter()
        .map(|(_, s)| (s.line, s.column))
        .collect();
    crate::sort::sort(&mut starts);
    // (name, start, end) of each anchored node.
    type Pos = (usize, usize);
    let spans: Vec<(&str, Pos, Pos)> = anchors
        .iter()
        .map(|(n, p, at)| {
            let end = map
                .span_of(p)
                .map(|s| (s.end_line, s.end_column))
                .unwrap_or(*at);
            (n.as_str(), *at, end.max(*at))
        })
        .collect();
    let order = crate::sort::sorted_order(spans.len(), &mut |a, b| spans[a].2.cmp(&spans[b].2));
    let mut weight = vec![1u64; spans.len()];
    // The anchor each alias refers to: the latest definition before it (computed once).
    let targets: Vec<Option<usize>> = aliases
        .iter()
        .map(|(name, at)| {
            spans
                .iter()
                .enumerate()
                .filter(|(_, (n, s, _))| *n == name.as_str() && *s < *at)
                .max_by_key(|(_, (_, s, _))| *s)
                .map(|(i, _)| i)
        })
        .collect();
    // Aliases are recorded in text order; each anchor adds the ones inside its span.
    for &i in &order {
        let (_, s, e) = spans[i];
        let nodes = starts.partition_point(|p| *p <= e) - starts.partition_point(|p| *p < s);
        let mut w = 1u64.saturating_add(nodes as u64);
        let first = aliases.partition_point(|(_, at)| *at <= s);
        for (k, (_, at)) in aliases.iter().enumerate().skip(first) {
            if *at >= e {
                break;
            }
            if let Some(t) = targets[k] {
                if t != i {
                    w = w.saturating_add(weight[t]);
                }
            }
        }
        weight[i] = w;
    }
    let mut total = 0u64;
    for (k, (_, at)) in aliases.iter().enumerate() {
        if let Some(t) = targets[k] {
            total = total.saturating_add(weight[t]);
        }
        if total > MAX_ALIAS_EXPANSION as u64 {
            return Some((at.0, at.1, usize::try_from(total).unwrap_or(usize::MAX)));
        }
    }
    None
}

/// If `s` (starting at a key) is `key: ...` or `key:` at end of line, returns the unquoted key
/// and the byte index of the colon.
fn key_colon(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.is_empty() || matches!(b[0], b'[' | b'{' | b'#' | b'|' | b'>' | b'*' | b'?') {
        return None;
    }
    if b[0] == b'"' || b[0] == b'\'' {
        let q = b[0];
        let mut p = 1;
        while p < b.len() {
            if q == b'"' && b[p] == b'\\' {
                p += 2;
                continue;
            }
            if b[p] == q {
                if q == b'\'' && b.get(p + 1) == Some(&b'\'') {
                    p += 2;
                    continue;
                }
                break;
            }
            p += 1;
        }
        let close = p.min(b.len());
        let mut c = close + 1;
        while c < b.len() && is_blank(b[c]) {
            c += 1;
        }
        if c < b.len() && b[c] == b':' && b.get(c + 1).is_none_or(|x| is_blank(*x)) {
            return Some((unquote(&s[..(close + 1).min(s.len())]), c));
        }
        return None;
    }
    let mut p = 0;
    while p < b.len() {
        if b[p] == b'#' && p > 0 && is_blank(b[p - 1]) {
            return None;
        }
        if b[p] == b':' && b.get(p + 1).is_none_or(|x| is_blank(*x)) {
            let key = s[..p].trim_end_matches([' ', '\t']);
            return Some((key.to_string(), p));
        }
        p += 1;
    }
    None
}

/// Removes YAML quotes from a key (handling the common escapes).
fn unquote(raw: &str) -> String {
    let t = raw.trim();
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        return t[1..t.len() - 1].replace("''", "'");
    }
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        let inner = &t[1..t.len() - 1];
        let mut out = String::new();
        let mut it = inner.chars();
        while let Some(c) = it.next() {
            if c == '\\' {
                match it.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(o) => out.push(o),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    t.to_string()
}

/// End (byte) of a plain scalar on one line: before a ` #` comment, trailing blanks trimmed.
fn plain_end(s: &str) -> usize {
    let b = s.as_bytes();
    let mut e = b.len();
    for p in 1..b.len() {
        if b[p] == b'#' && is_blank(b[p - 1]) {
            e = p;
            break;
        }
    }
    while e > 0 && is_blank(b[e - 1]) {
        e -= 1;
    }
    e.max(1).min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn at(m: &SourceMap, doc: usize, path: &str) -> (usize, usize, usize, usize) {
        let s = m.docs[doc]
            .get(&parse_path(path))
            .unwrap_or_else(|| panic!("no entry for {path}"));
        (s.line, s.column, s.end_line, s.end_column)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn paths_round_trip() {
        let p = parse_path("spec.containers[0].resources.limits[memory]");
        assert_eq!(
            p,
            vec![
                Seg::Key("spec".into()),
                Seg::Key("containers".into()),
                Seg::Index(0),
                Seg::Key("resources".into()),
                Seg::Key("limits".into()),
                Seg::Key("memory".into()),
            ]
        );
        assert_eq!(
            render_path(&p),
            "spec.containers[0].resources.limits.memory"
        );
        assert_eq!(
            render_path(&parse_path("metadata.labels[app.kubernetes.io/name]")),
            "metadata.labels[app.kubernetes.io/name]"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn block_mapping_and_sequences() {
        let t = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    livenessProbe:\n      exec:\n        command: [cat, /tmp/h]\n  - name: b\n    image: y\n  restartPolicy: Never\n";
        let m = build(t);
        assert_eq!(m.docs.len(), 1);
        assert_eq!(at(&m, 0, "kind"), (2, 1, 2, 10));
        assert_eq!(at(&m, 0, "spec.containers[0]"), (5, 3, 9, 31));
        assert_eq!(at(&m, 0, "spec.containers[0].name"), (5, 5, 5, 12));
        assert_eq!(at(&m, 0, "spec.containers[0].livenessProbe"), (7, 5, 9, 31));
        assert_eq!(
            at(&m, 0, "spec.containers[0].livenessProbe.exec.command[1]"),
            (9, 24, 9, 30)
        );
        assert_eq!(at(&m, 0, "spec.containers[1].image"), (11, 5, 11, 13));
        assert_eq!(at(&m, 0, "spec.containers"), (4, 3, 11, 13));
        assert_eq!(at(&m, 0, "spec.restartPolicy"), (12, 3, 12, 23));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn sequence_at_key_indent_and_multi_docs() {
        let t = "---\na: 1\n---\n# c\nkind: X\nlist:\n- x\n- y: 1\n  z: 2\nafter: q\n";
        let m = build(t);
        assert_eq!(m.docs.len(), 2);
        assert_eq!(at(&m, 0, "a"), (2, 1, 2, 5));
        assert_eq!(at(&m, 1, "list[1].z"), (9, 3, 9, 7));
        assert_eq!(at(&m, 1, "after"), (10, 1, 10, 9));
        assert_eq!(at(&m, 1, "list"), (6, 1, 9, 7));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn flow_and_json() {
        let t = "{\"apiVersion\": \"v1\",\n \"spec\": {\"containers\": [{\"name\": \"a\", \"image\": \"b\"}]}}\n";
        let m = build(t);
        assert_eq!(at(&m, 0, "spec.containers[0].image"), (2, 40, 2, 52));
        assert_eq!(at(&m, 0, "spec.containers[0]"), (2, 26, 2, 53));
        let t2 = "actions:\n- {at: 60s, exec: {container: c1, command: [rm, -f, /x]}}\n- {at: 90s, delete: {gracePeriodSeconds: 10}}\n";
        let m2 = build(t2);
        assert_eq!(at(&m2, 0, "actions[0].exec.container"), (2, 20, 2, 33));
        assert_eq!(at(&m2, 0, "actions[0].exec.command[2]"), (2, 53, 2, 55));
        assert_eq!(
            at(&m2, 0, "actions[1].delete.gracePeriodSeconds"),
            (3, 22, 3, 44)
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn scalars_spanning_lines_and_block_scalars() {
        let t = "a: \"x\n  y\"\nb: |\n  line: 1\n  - z\nc: plain\n  more\nd: [1,\n  2]\ne: 3\n";
        let m = build(t);
        assert_eq!(at(&m, 0, "a"), (1, 1, 2, 5));
        assert_eq!(at(&m, 0, "b"), (3, 1, 3, 5));
        assert!(m.docs[0].get(&parse_path("b.line")).is_none());
        assert_eq!(at(&m, 0, "d[1]"), (9, 3, 9, 4));
        assert_eq!(at(&m, 0, "d"), (8, 1, 9, 5));
        assert_eq!(at(&m, 0, "e"), (10, 1, 10, 5));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn columns_count_characters_on_non_ascii_lines() {
        let m = build("{\"名\": 1, \"b\": {\"c\": 2}}\nx: 值 # 注释\ny: 1\n");
        assert_eq!(at(&m, 0, "b"), (1, 10, 1, 23));
        assert_eq!(at(&m, 0, "b.c"), (1, 16, 1, 22));
        let m = build("a: 值\nb: [名, 字, c]\n");
        assert_eq!(at(&m, 0, "b[2]"), (2, 11, 2, 12));
        assert_eq!(at(&m, 0, "b[1]"), (2, 8, 2, 9));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn nearest_falls_back_to_ancestors() {
        let m = build("spec:\n  containers:\n  - name: a\n");
        let s = m
            .span(0, "spec.containers[0].image")
            .map(|s| (s.line, s.column));
        assert_eq!(s, Some((3, 3)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn depth_is_measured_without_recursion() {
        let deep = "[".repeat(100_000);
        let m = build(&deep);
        assert_eq!(m.too_deep_at, Some((1, 65)));
        // Compact block sequences on one line stop at the limit too (no deep recursion).
        let compact = "- ".repeat(100_000);
        let m = build(&compact);
        assert_eq!(m.too_deep_at, Some((1, 129)));
        let keys = "a: ".repeat(100_000);
        let m = build(&keys);
        assert!(m.too_deep_at.is_none());
    }
}
