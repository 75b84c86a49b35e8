//! An API object as JSON data — what the API server stores and kubectl reads back as an
//! unstructured object — and kubectl's printings of it:
//!
//! - [`Json::to_yaml`]: `kubectl get -o yaml` (cli-runtime's YAMLPrinter: sigs.k8s.io/yaml turns
//!   the JSON into go-yaml v2 values and lets go-yaml's emitter write them: map keys in
//!   go-yaml's key order, each string in the first style the emitter allows, long scalars folded
//!   after column 80);
//! - [`Json::to_json_pretty`]: `kubectl get -o json` (encoding/json's MarshalIndent with four
//!   spaces: keys in byte order, `<`, `>`, `&` escaped);
//! - [`Json::to_json_compact`]: encoding/json's Marshal (kubectl apply's last-applied
//!   configuration).
//!
//! The behaviour is go-yaml v2.4's (`go.yaml.in/yaml/v2`, the copy sigs.k8s.io/yaml uses):
//! `encode.go` (stringv), `resolve.go` (which plain scalars read back as another type),
//! `sorter.go` (key order) and `emitterc.go` (analyze_scalar, select_scalar_style, the writers).

/// A JSON object's members, kept sorted by key bytes (encoding/json's order; the YAML printer
/// sorts keys its own way). A sorted list rather than a `BTreeMap`: objects are small, and it
/// keeps another map instantiation out of the web app.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(Vec<(String, Json)>);

impl Map {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    /// Sets `key`, returning its slot.
    pub fn insert(&mut self, key: String, value: Json) -> &mut Json {
        let i = match self.find(&key) {
            Ok(i) => {
                self.0[i].1 = value;
                i
            }
            Err(i) => {
                self.0.insert(i, (key, value));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn remove(&mut self, key: &str) -> Option<Json> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Members in key byte order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Json)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
}

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    /// A number that is not an integer, as encoding/json writes it (`0.5`, `1e+21`): see
    /// [`Json::float`].
    Number(String),
    Str(String),
    List(Vec<Json>),
    Map(Map),
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Json {
        Json::Int(n)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl Json {
    /// A float given as its shortest decimal digits (`0.5`, `1e21`, `1.5e-7`, `1.0`: Rust's or
    /// ryu's spelling), as encoding/json writes it: `%f` form, except below 1e-6 and from 1e21
    /// on, where it is `%e` with a signed exponent (`1e+21`, `1.5e-7`).
    pub fn float(shortest: &str) -> Json {
        Json::Number(go_float(shortest))
    }

    /// An empty map.
    pub fn map() -> Json {
        Json::Map(Map::default())
    }

    /// `self[key]` when `self` is a map.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Map(m) => m.get(key),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Json::Map(m) => m.get_mut(key),
            _ => None,
        }
    }

    /// Sets `self[key]` (no effect unless `self` is a map).
    #[inline]
    pub fn insert(&mut self, key: &str, value: impl Into<Json>) {
        self.set(key, value.into());
    }

    /// [`Json::insert`] without the conversion (one copy in the binary).
    pub fn set(&mut self, key: &str, value: Json) {
        if let Json::Map(m) = self {
            m.insert(key.to_string(), value);
        }
    }

    /// Removes `self[key]`.
    pub fn remove(&mut self, key: &str) -> Option<Json> {
        match self {
            Json::Map(m) => m.remove(key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> &[Json] {
        match self {
            Json::List(l) => l,
            _ => &[],
        }
    }

    /// `self[key]` as a map, inserting an empty one when it is missing or not a map (turns
    /// `self` into a map first if it is not one).
    pub fn entry_map(&mut self, key: &str) -> &mut Json {
        if !matches!(self, Json::Map(_)) {
            *self = Json::map();
        }
        let Json::Map(m) = self else {
            unreachable!("made a map above")
        };
        if matches!(m.get(key), Some(Json::Map(_))) {
            return m.get_mut(key).unwrap_or_else(|| unreachable!("just found"));
        }
        m.insert(key.to_string(), Json::map())
    }

    /// The YAML `kubectl get -o yaml` prints (ends with a newline).
    pub fn to_yaml(&self) -> String {
        let mut e = Emitter::new();
        e.node(self, Context::Root);
        // Document end: go-yaml ends the last line (yaml_emitter_emit_document_end).
        e.indent = -1;
        e.write_indent();
        e.out
    }

    /// The JSON `kubectl get -o json` prints (four-space indent, ends with a newline).
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        json_value(self, Some(0), &mut out);
        out.push('\n');
        out
    }

    /// encoding/json's compact form (no newline).
    pub fn to_json_compact(&self) -> String {
        let mut out = String::new();
        json_value(self, None, &mut out);
        out
    }
}

// ---------------------------------------------------------------------------------------------
// encoding/json

fn json_indent(out: &mut String, level: usize) {
    out.push('\n');
    for _ in 0..level {
        out.push_str("    ");
    }
}

fn json_value(v: &Json, indent: Option<usize>, out: &mut String) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(n) => out.push_str(&n.to_string()),
        Json::Number(t) => out.push_str(t),
        Json::Str(s) => json_string(s, out),
        Json::List(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(l) = indent {
                    json_indent(out, l + 1);
                }
                json_value(item, indent.map(|l| l + 1), out);
            }
            if let Some(l) = indent {
                json_indent(out, l);
            }
            out.push(']');
        }
        Json::Map(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(l) = indent {
                    json_indent(out, l + 1);
                }
                json_string(k, out);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                json_value(item, indent.map(|l| l + 1), out);
            }
            if let Some(l) = indent {
                json_indent(out, l);
            }
            out.push('}');
        }
    }
}

/// encoding/json's string: HTML-safe (`<`, `>`, `&` as `\u003c`…), U+2028/U+2029 escaped,
/// control characters as `\n`, `\r`, `\t`, `\b`, `\f` (Go 1.22+) or `\u00XX`.
fn json_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// encoding/json's float64 text from shortest digits (no float formatting code needed).
fn go_float(shortest: &str) -> String {
    let (neg, t) = match shortest.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, shortest),
    };
    let (mantissa, exp) = match t.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (t, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // digits × 10^(point - digits.len()), without leading or trailing zeros.
    let all = format!("{int_part}{frac_part}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return if digits.is_empty() {
            "0".into()
        } else {
            shortest.into()
        };
    }
    // Decimal point position relative to the first significant digit.
    let point = int_part.len() as i32 - lead as i32 + exp;
    let sign = if neg { "-" } else { "" };
    // abs < 1e-6 ⇔ point < -5; abs >= 1e21 ⇔ point > 21.
    if !(-5..=21).contains(&point) {
        let e = point - 1;
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let es = if e < 0 { "-" } else { "+" };
        return format!("{sign}{first}{dot}{rest}e{es}{}", e.abs());
    }
    let n = digits.len() as i32;
    let text = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= n {
        format!("{digits}{}", "0".repeat((point - n) as usize))
    } else {
        let (a, b) = digits.split_at(point as usize);
        format!("{a}.{b}")
    };
    format!("{sign}{text}")
}

// ---------------------------------------------------------------------------------------------
// go-yaml v2: which strings can be written plain

/// Whether go-yaml reads the plain scalar `s` back as something other than a string
/// (resolve.go `resolve`, plus encode.go's base-60 float check): such strings are quoted.
fn resolves_to_non_string(s: &str) -> bool {
    const MAP: [&str; 37] = [
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
        "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "<<",
    ];
    let hint = s.as_bytes().first().copied();
    let hinted = match hint {
        None => true,
        Some(b) => b"+-0123456789yYnNtTfFoO~.".contains(&b),
    };
    if !hinted {
        return false;
    }
    if MAP.contains(&s) || matches!(s, "-.inf" | "-.Inf" | "-.INF") {
        // "<<" is in the map but its first byte has no hint: it stays a string.
        return s != "<<";
    }
    match hint {
        Some(b'.') => go_parse_float(s),
        Some(b'+' | b'-' | b'0'..=b'9') => {
            if timestamp(s) {
                return true;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            go_parse_int(&plain) || yaml_style_float(&plain) || base60_float(s)
        }
        _ => false,
    }
}

/// strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) succeeds (after `_` removal); `0b` forms
/// are covered by base 0.
fn go_parse_int(s: &str) -> bool {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d, 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d, 2)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (&lower[1..], 8)
    } else {
        (lower.as_str(), 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return false;
    }
    let mut v: u64 = 0;
    for c in digits.chars() {
        let d = u64::from(c.to_digit(radix).unwrap_or(0));
        match v
            .checked_mul(u64::from(radix))
            .and_then(|x| x.checked_add(d))
        {
            Some(x) => v = x,
            None => return false,
        }
    }
    !neg || v <= 1u64 << 63
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// strconv.ParseFloat for a string starting with `.` (the only case resolve tries it alone).
fn go_parse_float(s: &str) -> bool {
    yaml_style_float(s)
}

/// encode.go's base60float: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        match i - start {
            1 => {}
            2 if b[start] <= b'5' => {}
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// resolve.go parseTimestamp: Go's time.Parse with `2006-1-2T15:4:5.999999999Z07:00` (also with
/// a lower-case `t`), `2006-1-2 15:4:5.999999999` or `2006-1-2`.
fn timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let mut i = 5;
    // 1 or 2 digits, in range.
    let num = |i: &mut usize, max: u32| -> Option<u32> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < 2 {
            *i += 1;
        }
        if *i == start {
            return None;
        }
        let v: u32 = s[start..*i].parse().ok()?;
        (v <= max).then_some(v)
    };
    let Some(month) = num(&mut i, 12).filter(|m| *m >= 1) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let year: u32 = s[..4].parse().unwrap_or(0);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if num(&mut i, days).filter(|d| *d >= 1).is_none() {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let zone = match b[i] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    i += 1;
    if num(&mut i, 23).is_none() || b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    if num(&mut i, 59).is_none() || b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    if num(&mut i, 59).is_none() {
        return false;
    }
    if matches!(b.get(i), Some(b'.' | b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if !zone {
        return i == b.len();
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let t = &b[i + 1..];
            t.len() == 5
                && t[0].is_ascii_digit()
                && t[1].is_ascii_digit()
                && t[2] == b':'
                && t[3].is_ascii_digit()
                && t[4].is_ascii_digit()
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// go-yaml v2: key order

/// unicode.IsLetter for ASCII and the letters of the common scripts (Latin, Greek, Cyrillic,
/// Armenian, Hebrew, Arabic, kana, CJK, Hangul); other characters count as non-letters. Keys
/// are ASCII in practice, and this keeps Unicode tables out of the web app.
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c as u32,
            0xAA | 0xB5 | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2C1 | 0x370..=0x373
            | 0x376..=0x377 | 0x37B..=0x37D | 0x386 | 0x388..=0x3FF | 0x400..=0x481
            | 0x48A..=0x52F | 0x531..=0x556 | 0x561..=0x587 | 0x5D0..=0x5EA | 0x620..=0x64A
            | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// sorter.go keyList.Less for two string keys: letters sort after everything else; runs of
/// digits compare as numbers.
pub fn yaml_key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = is_letter(ar[i]);
        let bl = is_letter(br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && is_digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

// ---------------------------------------------------------------------------------------------
// go-yaml v2: the emitter, for block mappings and sequences of scalars (all a JSON object needs)

const BEST_WIDTH: usize = 80;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// What analyze_scalar found out about a scalar.
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// is_printable for one character (UTF-8 lead byte rules of yamlprivateh.go).
fn printable(c: char) -> bool {
    let n = c as u32;
    n == 0x0A
        || (0x20..=0x7E).contains(&n)
        || (0xA0..=0xD7FF).contains(&n)
        || ((0xE000..=0xFFFD).contains(&n) && n != 0xFEFF)
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank_or_break(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c == ' ' || c == '\t' || is_break(c) || c == '\0',
    }
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = value.chars().collect();
    let mut block_indicators = value.starts_with("---") || value.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let followed_by_whitespace = next.is_none() || matches!(next, Some(' ' | '\t'));
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !printable(c) {
            special = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i == last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank_or_break(Some(c));
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Root,
    /// A mapping's value (a sequence here is written at the key's indentation).
    MappingValue,
    SequenceItem,
}

struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: isize,
    indents: Vec<isize>,
}

impl Emitter {
    fn new() -> Emitter {
        Emitter {
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: -1,
            indents: Vec::new(),
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        s: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in s.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { 2 } else { 0 };
        } else if !indentless {
            self.indent += 2;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn node(&mut self, v: &Json, ctx: Context) {
        match v {
            Json::Map(m) if !m.is_empty() => self.block_mapping(m),
            Json::List(l) if !l.is_empty() => self.block_sequence(l, ctx),
            Json::Map(_) => self.flow_empty("{", "}"),
            Json::List(_) => self.flow_empty("[", "]"),
            Json::Null => self.scalar("null", Style::Plain, false),
            Json::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain, false),
            Json::Int(n) => self.scalar(&n.to_string(), Style::Plain, false),
            Json::Number(t) => self.scalar(t, Style::Plain, false),
            Json::Str(s) => self.string(s, false),
        }
    }

    /// encode.go stringv: literal when the string has a newline, plain when it reads back as a
    /// string, double-quoted otherwise; the emitter then falls back as it must.
    fn string(&mut self, s: &str, simple_key: bool) {
        let style = if s.contains('\n') {
            Style::Literal
        } else if !resolves_to_non_string(s) {
            Style::Plain
        } else {
            Style::Double
        };
        self.scalar(s, style, simple_key);
    }

    fn flow_empty(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn block_mapping(&mut self, m: &Map) {
        self.increase_indent(false, false);
        let mut members: Vec<(&String, &Json)> = m.iter().collect();
        // The standard library's sort, as before: go-yaml's key order may not be a total order
        // for every pair of keys, and then another stable sort could order them differently.
        members.sort_by(|(a, _), (b, _)| {
            if yaml_key_less(a, b) {
                std::cmp::Ordering::Less
            } else if yaml_key_less(b, a) {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        });
        for (k, v) in members {
            self.write_indent();
            // check_simple_key: single-line keys of at most 128 bytes.
            if k.len() <= 128 && !k.chars().any(is_break) {
                self.string(k, true);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.string(k, false);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(v, Context::MappingValue);
        }
        self.pop_indent();
    }

    fn block_sequence(&mut self, items: &[Json], ctx: Context) {
        let indentless = ctx == Context::MappingValue && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::SequenceItem);
        }
        self.pop_indent();
    }

    /// select_scalar_style, then the writer, at one more indentation step (emit_scalar).
    fn scalar(&mut self, value: &str, requested: Style, simple_key: bool) {
        let a = analyze(value);
        let mut style = requested;
        if simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain && (!a.block_plain_allowed || (value.is_empty() && simple_key)) {
            style = Style::Single;
        }
        if style == Style::Single && !a.single_quoted_allowed {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block_allowed || simple_key) {
            style = Style::Double;
        }
        self.increase_indent(true, false);
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.write_plain(value, allow_breaks),
            Style::Single => self.write_single_quoted(value, allow_breaks),
            Style::Double => self.write_double_quoted(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let bytes = value.len();
        let (mut spaces, mut breaks) = (false, false);
        let mut at = 0; // byte index of chars[i]
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && at > 0
                    && at < bytes - 1
                    && !next_space
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
            at += c.len_utf8();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let bytes = value.len();
        // is_bom looks at the start of the value whatever the position (a go-yaml quirk).
        let bom = value.starts_with('\u{FEFF}');
        let mut spaces = false;
        let mut at = 0;
        for (i, &c) in chars.iter().enumerate() {
            if !printable(c) || bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let n = c as u32;
                let short = match n {
                    0x00 => Some('0'),
                    0x07 => Some('a'),
                    0x08 => Some('b'),
                    0x09 => Some('t'),
                    0x0A => Some('n'),
                    0x0B => Some('v'),
                    0x0C => Some('f'),
                    0x0D => Some('r'),
                    0x1B => Some('e'),
                    0x22 => Some('"'),
                    0x5C => Some('\\'),
                    0x85 => Some('N'),
                    0xA0 => Some('_'),
                    0x2028 => Some('L'),
                    0x2029 => Some('P'),
                    _ => None,
                };
                match short {
                    Some(s) => self.put(s),
                    None => {
                        let (prefix, width) = if n <= 0xFF {
                            ('x', 2)
                        } else if n <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(prefix);
                        for k in (0..width).rev() {
                            let digit = (n >> (k * 4)) & 0xF;
                            self.put(
                                char::from_digit(digit, 16)
                                    .unwrap_or('0')
                                    .to_ascii_uppercase(),
                            );
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && at != 0 && at != bytes - 1
                {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
            at += c.len_utf8();
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: an indentation indicator when the text starts with a space or a
        // break; `-` without a final break, `+` with more than one.
        let first = value.chars().next();
        if first.is_some_and(|c| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        let mut rev = value.chars().rev();
        let chomp = match (rev.next(), rev.next()) {
            (None, _) => Some("-"),
            (Some(l), _) if !is_break(l) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(p)) if is_break(p) => Some("+"),
            _ => None,
        };
        if let Some(h) = chomp {
            self.write_indicator(h, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests;
