//! Small non-panicking accessors over `serde_yaml::Value` (null counts as absent, as in the
//! API server's JSON decoding), and the diagnostic sink that places a field path in the text.

use serde_yaml::Value;

use crate::source_map::{parse_path, SourceMap};
use crate::{Diagnostic, Message, Note, Severity};

pub fn get<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    match v {
        Value::Mapping(m) => m.get(key).filter(|x| !x.is_null()),
        Value::Tagged(t) => get(&t.value, key),
        _ => None,
    }
}

pub fn has(v: &Value, key: &str) -> bool {
    get(v, key).is_some()
}

pub fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    get(v, key).and_then(Value::as_str)
}

pub fn int_at(v: &Value, key: &str) -> Option<i64> {
    get(v, key).and_then(Value::as_i64)
}

pub fn bool_at(v: &Value, key: &str) -> Option<bool> {
    get(v, key).and_then(Value::as_bool)
}

pub fn seq_at<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    match get(v, key) {
        Some(Value::Sequence(s)) => s.as_slice(),
        _ => &[],
    }
}

/// String entries of a `{string: string}` map, in document order (non-strings skipped).
pub fn string_map(v: &Value, key: &str) -> Vec<(String, String)> {
    match get(v, key) {
        Some(Value::Mapping(m)) => m
            .iter()
            .filter_map(|(k, x)| Some((k.as_str()?.to_string(), scalar_text(x)?)))
            .collect(),
        _ => Vec::new(),
    }
}

/// A scalar rendered as text (strings as is, numbers and bools printed).
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_text(&t.value),
        _ => None,
    }
}

pub fn strings_at(v: &Value, key: &str) -> Vec<String> {
    seq_at(v, key).iter().filter_map(scalar_text).collect()
}

/// Collects diagnostics for one document, placing each field path in the source.
pub struct Sink<'a> {
    pub doc: usize,
    pub map: &'a SourceMap,
    pub out: &'a mut Vec<Diagnostic>,
    /// Path of the object inside its document (`items[2]` in a `kind: List`), prepended to
    /// every path.
    pub prefix: String,
}

impl<'a> Sink<'a> {
    pub fn new(doc: usize, map: &'a SourceMap, out: &'a mut Vec<Diagnostic>) -> Sink<'a> {
        Sink {
            doc,
            map,
            out,
            prefix: String::new(),
        }
    }

    pub fn emit(&mut self, severity: Severity, path: &str, message: Message) {
        let joined;
        let path = if self.prefix.is_empty() {
            path
        } else {
            joined = if path.is_empty() {
                self.prefix.clone()
            } else {
                format!("{}.{path}", self.prefix)
            };
            joined.as_str()
        };
        let span = self
            .map
            .docs
            .get(self.doc)
            .and_then(|d| d.nearest(&parse_path(path)));
        let (line, column, end_line, end_column) = span
            .map(|s| (s.line, s.column, s.end_line, s.end_column))
            .unwrap_or((1, 1, 1, 1));
        self.out.push(Diagnostic {
            severity,
            path: path.to_string(),
            message,
            line,
            column,
            end_line,
            end_column,
        });
    }

    pub fn error(&mut self, path: &str, message: impl Into<Message>) {
        self.emit(Severity::Error, path, message.into());
    }

    /// Warnings and hints are podlife's own words, never the API server's.
    pub fn warning(&mut self, path: &str, note: Note) {
        self.emit(Severity::Warning, path, Message::Podlife(note));
    }

    pub fn hint(&mut self, path: &str, note: Note) {
        self.emit(Severity::Hint, path, Message::Podlife(note));
    }

    pub fn required(&mut self, path: &str) {
        self.error(path, "Required value");
    }

    pub fn invalid(&mut self, path: &str, shown: &str, detail: &str) {
        self.error(path, format!("Invalid value: {shown}: {detail}"));
    }

    pub fn unsupported(&mut self, path: &str, value: &str, supported: &[&str]) {
        let list: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
        self.error(
            path,
            format!(
                "Unsupported value: {}: supported values: {}",
                q(value),
                list.join(", ")
            ),
        );
    }

    pub fn duplicate(&mut self, path: &str, value: &str) {
        self.error(path, format!("Duplicate value: {}", q(value)));
    }

    pub fn forbidden(&mut self, path: &str, detail: &str) {
        self.error(path, format!("Forbidden: {detail}"));
    }

    pub fn not_found(&mut self, path: &str, value: &str) {
        self.error(path, format!("Not found: {}", q(value)));
    }

    pub fn errors(&self) -> usize {
        self.out
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// `base.field`, the path of a field under `base` (what `format!("{base}.{field}")` makes,
/// without a formatting call at each of the validator's many call sites).
pub fn field_path(base: &str, field: &str) -> String {
    let mut path = String::with_capacity(base.len() + 1 + field.len());
    path.push_str(base);
    path.push('.');
    path.push_str(field);
    path
}

/// Longest value (in characters) quoted whole in a message; longer ones are cut, as the API
/// server cuts long values in its field errors, so a 900 KB label value does not make a 900 KB
/// diagnostic line.
pub const MAX_SHOWN_CHARS: usize = 128;
/// Longest message kept (bytes); anything longer is cut with a note.
pub const MAX_MESSAGE_BYTES: usize = 2048;

/// `s`, or its first [`MAX_SHOWN_CHARS`] characters when longer.
pub fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_SHOWN_CHARS) {
        None => s.into(),
        Some((b, _)) => s[..b].into(),
    }
}

/// Go's `%q` for the strings we print (ASCII escapes as Go does for common cases); values over
/// [`MAX_SHOWN_CHARS`] characters are cut: `"aaaa"...(899872 more characters)`.
pub fn q(s: &str) -> String {
    let shown = clip(s);
    if shown.len() == s.len() {
        format!("{s:?}")
    } else {
        let more = s.chars().count() - MAX_SHOWN_CHARS;
        format!("{shown:?}...({more} more characters)")
    }
}
