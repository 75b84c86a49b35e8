//! The manifest front end: YAML/JSON text → [`podlife_spec::Scenario`] plus diagnostics that
//! name the field path and the line:column in the user's text. Never panics.
//!
//! API boundary: [`load`], [`load_with`], [`Loaded`], [`Diagnostic`], [`Severity`], [`Span`].
//!
//! Pipeline: limits → own scan of the text (path → span index, nesting depth, alias expansion)
//! → serde_yaml per document → the Kubernetes minor (option, else the Scenario document's
//! `kubernetesVersion`, else the default) → strict schema walk (generated Kubernetes schema
//! table, per minor) → the minor's silent drops of disabled-gate fields → API-server validation
//! as that minor does it → defaulting + conversion → the Scenario document → lint hints.

#![forbid(unsafe_code)]

mod api_versions;
mod controllers;
mod defaults;
mod lint;
mod message;
mod names;
mod pod;
mod scenario_doc;
mod schema;
/// Stable sorts through one shared routine (moved to `podlife_spec::sort`, shared by every crate).
pub use podlife_spec::sort;
pub mod source_map;
mod val;

use podlife_spec::expect::Expectation;
use podlife_spec::{Scenario, ServiceRef, Setup};
use serde::Deserialize;
use serde_yaml::Value;

pub use message::{English, Message, Note, Phrasebook, RefusedObject};
pub use source_map::{SourceMap, Span};

use controllers::{build_pod, fit_default_node, template_path};
use val::{get, str_at, Sink};

/// Inputs larger than this are refused before parsing.
pub const MAX_INPUT_BYTES: usize = 1 << 20;
/// Deepest nesting of YAML collections accepted.
pub const MAX_DEPTH: usize = source_map::MAX_DEPTH;
/// Most containers (init + regular) in one pod.
pub const MAX_CONTAINERS: usize = 64;
/// Most nodes YAML aliases may expand to (alias bombs).
pub const MAX_ALIAS_EXPANSION: usize = source_map::MAX_ALIAS_EXPANSION;
/// Most documents in one stream.
pub const MAX_DOCUMENTS: usize = 1000;
/// Most entries in the Scenario document's `spec.expect`.
pub use scenario_doc::expect::MAX_EXPECTATIONS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Lint hints: never block the run.
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }
}

/// One finding, located in the source text (1-based line and column; the end column is
/// exclusive). Columns count characters, as libyaml does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// API field path, e.g. `spec.containers[0].livenessProbe.successThreshold` (may be empty
    /// for syntax errors).
    pub path: String,
    pub message: Message,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Diagnostic {
    /// `FILE:LINE:COL: error: <path>: <message>` (the path is left out when empty, or when
    /// the message already quotes it, as in `unknown field "spec.x"`).
    pub fn render(&self, file: &str) -> String {
        let message = self.message.english();
        if self.shows_path(&message) {
            format!(
                "{file}:{}:{}: {}: {}: {}",
                self.line,
                self.column,
                self.severity.as_str(),
                self.path,
                message
            )
        } else {
            format!(
                "{file}:{}:{}: {}: {}",
                self.line,
                self.column,
                self.severity.as_str(),
                message
            )
        }
    }

    /// Whether a rendering names the path before `english` (this diagnostic's message in
    /// English): every language shows the path where the CLI does.
    pub fn shows_path(&self, english: &str) -> bool {
        !self.path.is_empty() && !english.contains(&format!("\"{}\"", self.path))
    }

    fn at(
        severity: Severity,
        line: usize,
        column: usize,
        message: impl Into<Message>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            path: String::new(),
            message: message.into(),
            line,
            column,
            end_line: line,
            end_column: column + 1,
        }
    }
}

/// Our hint after the API server's `unknown field` error (its text stays as it writes it).
fn did_you_mean(field: &str) -> Note {
    Note::DidYouMean {
        field: field.to_string(),
    }
}

/// Where the simulated pod came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSource {
    /// Index of the document in the stream (0-based).
    pub doc: usize,
    /// `Pod`, `Deployment`, `CronJob`, ...
    pub kind: String,
    /// The source object's name.
    pub name: String,
    /// Path (in that document) of the object holding the pod's `metadata` and `spec`:
    /// empty for a Pod, `spec.template` for most controllers (`items[0].spec.template` inside
    /// a `kind: List`).
    pub template_path: String,
    /// Path of the source object itself in its document: empty, or `items[N]` in a List.
    pub object_path: String,
}

/// The result of loading a scenario text: a scenario when the Pod (and the Scenario document,
/// if any) validated, and every diagnostic (errors, warnings, hints) in source order. As with
/// `kubectl apply`, another object with an error (a Service) is left out of the scenario and
/// does not stop it: `has_errors()` can be true while `scenario` is `Some`.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
    /// Field path → span index of every document.
    pub source_map: SourceMap,
    pub pod_source: Option<PodSource>,
    /// The Scenario document's `spec.expect` (checks `podlife test` runs on the trace; they
    /// never change the run). Only entries without errors.
    pub expectations: Vec<Expectation>,
    /// Index of the `kind: Scenario` document in the stream, if any.
    pub scenario_doc: Option<usize>,
    /// The Scenario document has expectations this build did not check: the page's first-frame
    /// module (`lite`) leaves them to the full module, which it hands such a text to. Always
    /// false in the full build.
    pub expectations_left_out: bool,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Span of a field path in document `doc` (or of its nearest ancestor present).
    pub fn span(&self, doc: usize, path: &str) -> Option<Span> {
        self.source_map.span(doc, path)
    }

    /// Span of a field of the simulated pod, given as a Pod path
    /// (`spec.containers[0].livenessProbe`); mapped into the controller's template when the
    /// pod came from one (`spec.template.spec.containers[0].livenessProbe`).
    pub fn pod_span(&self, pod_path: &str) -> Option<Span> {
        let src = self.pod_source.as_ref()?;
        let full = if src.template_path.is_empty() {
            pod_path.to_string()
        } else if pod_path.is_empty() {
            src.template_path.clone()
        } else {
            format!("{}.{pod_path}", src.template_path)
        };
        self.source_map.span(src.doc, &full)
    }

    /// Span for a kubelet event's object field path (`spec.containers{liveness}`,
    /// `spec.initContainers{init-db}`, optionally followed by `.livenessProbe` etc.), or the
    /// pod itself for an empty path / `pod`.
    pub fn event_span(&self, field_path: &str) -> Option<Span> {
        if field_path.is_empty() || field_path == "pod" {
            return self.pod_span("");
        }
        let pod = &self.scenario.as_ref()?.pod;
        for (list, containers) in [
            ("spec.initContainers", &pod.spec.init_containers),
            ("spec.containers", &pod.spec.containers),
        ] {
            let Some(rest) = field_path
                .strip_prefix(list)
                .and_then(|r| r.strip_prefix('{'))
            else {
                continue;
            };
            let (name, tail) = rest.split_once('}')?;
            let i = containers.iter().position(|c| c.name == name)?;
            return self.pod_span(&format!("{list}[{i}]{tail}"));
        }
        self.pod_span(field_path)
    }

    /// Span of a field path of the Scenario document (`spec.expect[2].kubectl.ready`), or of
    /// its nearest ancestor present.
    pub fn scenario_span(&self, path: &str) -> Option<Span> {
        self.source_map.span(self.scenario_doc?, path)
    }

    /// The Pod as the API server stored it at creation, as `kubectl get pod -o yaml` prints it
    /// (apiVersion, kind, metadata, spec; no status: the engine's views add what the cluster
    /// writes later). `None` when the manifest did not validate.
    pub fn defaulted_yaml(&self) -> Option<String> {
        self.scenario
            .as_ref()
            .and_then(|s| s.pod.stored.as_ref())
            .map(podlife_spec::object::Json::to_yaml)
    }
}

/// Facts about the embedded schema table (for docs and tests).
pub fn schema_table_stats() -> (usize, usize, usize) {
    let s = schema::schema();
    (schema::table_bytes(), s.types.len(), s.field_count())
}

fn fail(diag: Diagnostic, map: SourceMap) -> Loaded {
    Loaded {
        scenario: None,
        diagnostics: vec![diag],
        source_map: map,
        pod_source: None,
        expectations: Vec::new(),
        scenario_doc: None,
        expectations_left_out: false,
    }
}

/// Choices that change how a text is loaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The Kubernetes minor to validate and run as, overriding the Scenario document's
    /// `kubernetesVersion` (the CLI's `--kubernetes-version`, a link's profile). Must be one of
    /// `podlife_spec::SUPPORTED_KUBE_MINORS`; anything else is ignored.
    pub kube_minor: Option<u32>,
    /// The engine rules version to run with (a share link's); default
    /// `podlife_spec::ENGINE_RULES_VERSION`.
    pub rules_version: Option<u32>,
}

/// Parses and validates a manifest stream as the Kubernetes minor its Scenario document names
/// (default [`podlife_spec::DEFAULT_KUBE_MINOR`]).
pub fn load(text: &str) -> Loaded {
    load_with(text, &LoadOptions::default())
}

/// The Kubernetes minor a stream is loaded as: the option, else its Scenario document's
/// `kubernetesVersion` when that is a supported version, else the default. (An unsupported
/// version in the document is reported by the Scenario document's own validation.)
fn stream_minor(docs: &[(usize, Value)], opts: &LoadOptions) -> u32 {
    if let Some(m) = opts
        .kube_minor
        .filter(|m| podlife_spec::SUPPORTED_KUBE_MINORS.contains(m))
    {
        return m;
    }
    docs.iter()
        .find(|(_, v)| str_at(v, "kind") == Some("Scenario"))
        .and_then(|(_, v)| get(v, "spec"))
        .and_then(|spec| get(spec, "kubernetesVersion"))
        .and_then(val::scalar_text)
        .and_then(|t| podlife_spec::parse_kube_version(&t).ok())
        .unwrap_or(podlife_spec::DEFAULT_KUBE_MINOR)
}

/// Parses and validates a manifest stream with [`LoadOptions`].
pub fn load_with(text: &str, opts: &LoadOptions) -> Loaded {
    // YAML allows a byte order mark at the start of the stream; editors do not show it, so
    // columns are counted from the character after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_INPUT_BYTES {
        return fail(
            Diagnostic::at(
                Severity::Error,
                1,
                1,
                Note::InputTooLarge {
                    bytes: text.len(),
                    limit: MAX_INPUT_BYTES,
                },
            ),
            SourceMap::default(),
        );
    }
    let map = source_map::build(text);
    if let Some((l, c)) = map.too_deep_at {
        return fail(
            Diagnostic::at(
                Severity::Error,
                l,
                c,
                Note::NestingTooDeep { limit: MAX_DEPTH },
            ),
            map,
        );
    }
    if let Some((l, c, n)) = map.alias_bomb {
        return fail(
            Diagnostic::at(
                Severity::Error,
                l,
                c,
                Note::AliasBomb {
                    limit: MAX_ALIAS_EXPANSION,
                    nodes: n,
                },
            ),
            map,
        );
    }

    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut docs: Vec<(usize, Value)> = Vec::new();
    let mut syntax_failed = false;
    for (i, de) in serde_yaml::Deserializer::from_str(text).enumerate() {
        if i >= MAX_DOCUMENTS {
            let start = map.docs.get(i).and_then(|d| d.start);
            let (l, c) = start.map(|s| (s.line, s.column)).unwrap_or((1, 1));
            diags.push(Diagnostic::at(
                Severity::Error,
                l,
                c,
                Note::TooManyDocuments {
                    limit: MAX_DOCUMENTS,
                },
            ));
            syntax_failed = true;
            break;
        }
        match Value::deserialize(de) {
            Ok(mut v) => {
                if let Some(d) = map.docs.get(i) {
                    for (segs, raw) in &d.yaml11 {
                        yaml11_fixup(&mut v, segs, raw);
                    }
                }
                if v.apply_merge().is_err() {
                    let (l, c) = doc_start(&map, i);
                    diags.push(Diagnostic::at(Severity::Error, l, c, Note::InvalidMergeKey));
                    syntax_failed = true;
                    break;
                }
                docs.push((i, v));
            }
            Err(e) => {
                diags.push(syntax_error(&e, text, &map, i));
                syntax_failed = true;
                break;
            }
        }
    }
    lint::indentation_hints(text, &mut diags);
    let minor = stream_minor(&docs, opts);
    let profile = podlife_spec::profile::Profile::new(
        minor,
        opts.rules_version
            .unwrap_or(podlife_spec::ENGINE_RULES_VERSION),
    );
    let mut state = Stream {
        minor,
        ..Stream::default()
    };
    // Errors found in each document by `classify` (before the Pod itself is built): (document,
    // count), in document order.
    let mut doc_errors: Vec<(usize, usize)> = Vec::new();
    for (i, v) in &docs {
        let before = diags.len();
        classify(*i, v, "", &map, &mut diags, &mut state);
        let n = diags[before..]
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if n > 0 {
            doc_errors.push((*i, n));
        }
    }
    if syntax_failed {
        return finish(None, diags, map, None);
    }

    let Some(src) = state.pod_source.clone() else {
        if !diags.iter().any(|d| d.severity == Severity::Error) {
            let (l, c) = if docs.iter().all(|(_, v)| v.is_null()) {
                (1, 1)
            } else {
                doc_start(&map, 0)
            };
            diags.push(Diagnostic::at(Severity::Error, l, c, Note::NoPodFound));
        }
        return finish(None, diags, map, None);
    };
    let Some(doc) = docs
        .iter()
        .find(|(i, _)| *i == src.doc)
        .and_then(|(_, d)| value_at(d, &src.object_path))
    else {
        return finish(None, diags, map, None);
    };
    let built = build_pod(
        doc,
        &src,
        &map,
        &mut diags,
        state
            .doc_invalid
            .contains(&(src.doc, src.object_path.clone())),
        profile,
    );

    // The Scenario document (needs the pod's container names and namespace).
    let mut setup = Setup::default();
    let mut expectations = Vec::new();
    let mut expectations_left_out = false;
    if let Some(sd) = state.scenario_doc {
        if let Some((_, v)) = docs.iter().find(|(i, _)| *i == sd) {
            let (names, ns) = match &built {
                Some(p) => (
                    p.spec
                        .init_containers
                        .iter()
                        .chain(p.spec.containers.iter())
                        .map(|c| c.name.clone())
                        .collect::<Vec<_>>(),
                    p.namespace.clone(),
                ),
                None => (Vec::new(), defaults::NAMESPACE.to_string()),
            };
            let gates = built
                .as_ref()
                .map(|p| p.spec.scheduling_gates.clone())
                .unwrap_or_default();
            let mut sink = Sink::new(sd, &map, &mut diags);
            setup = scenario_doc::parse(v, &names, &ns, &gates, &mut sink);
            let pod = built.as_ref();
            (expectations, expectations_left_out) =
                scenario_doc::expect::check(v, pod, setup.until, &mut sink);
        }
    }
    setup.kube_minor = minor;
    setup.rules_version = profile.rules;

    // `kubectl apply` creates every object of a stream that validates and reports the others
    // (`Error from server (BadRequest): error when creating …`): a Service with an error is
    // simply not created. Only errors in the Pod's own document or the Scenario document stop
    // the run.
    let left_out: Vec<(usize, usize)> = doc_errors
        .iter()
        .filter(|(d, _)| *d != src.doc && Some(*d) != state.scenario_doc)
        .copied()
        .collect();
    let skipped: usize = left_out.iter().map(|(_, n)| n).sum();
    let has_errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
        > skipped;
    if built.is_some() && !has_errors {
        for (doc, _) in &left_out {
            let mut k = 0;
            let mut names = Vec::new();
            while k < state.services.len() {
                if state.service_at[k].0 == *doc {
                    names.push(state.services.remove(k).name);
                    state.service_at.remove(k);
                } else {
                    k += 1;
                }
            }
            let Some((_, v)) = docs.iter().find(|(i, _)| i == doc) else {
                continue;
            };
            let object = match (
                str_at(v, "kind"),
                get(v, "metadata").and_then(|m| str_at(m, "name")),
            ) {
                (Some("List"), _) => RefusedObject::ListItems,
                (Some(kind), Some(name)) => RefusedObject::Named {
                    kind: kind.to_string(),
                    name: name.to_string(),
                },
                (Some(kind), None) => RefusedObject::Unnamed {
                    kind: kind.to_string(),
                },
                _ => RefusedObject::Unknown,
            };
            let at = if get(v, "metadata").and_then(|m| str_at(m, "name")).is_some() {
                "metadata.name"
            } else {
                ""
            };
            let mut sink = Sink::new(*doc, &map, &mut diags);
            sink.hint(
                at,
                Note::NotCreated {
                    object,
                    pod_runs_without_it: !names.is_empty(),
                },
            );
        }
    }
    match built {
        Some(pod) if !has_errors => {
            let nodes_given = state
                .scenario_doc
                .and_then(|sd| docs.iter().find(|(i, _)| *i == sd))
                .and_then(|(_, v)| get(v, "spec"))
                .is_some_and(|s| get(s, "nodes").is_some());
            // A Service in another namespace is not found by its short name.
            for (r, (doc, prefix)) in state.services.iter().zip(&state.service_at) {
                if r.namespace != pod.namespace {
                    let mut sink = Sink::new(*doc, &map, &mut diags);
                    sink.prefix = prefix.clone();
                    sink.hint(
                        "metadata.name",
                        Note::ServiceInOtherNamespace {
                            service: r.name.clone(),
                            service_namespace: r.namespace.clone(),
                            pod_namespace: pod.namespace.clone(),
                        },
                    );
                }
            }
            if !nodes_given {
                let mut sink = Sink::new(src.doc, &map, &mut diags);
                fit_default_node(&pod, &mut setup, &src, &mut sink);
            }
            let scenario = Scenario {
                pod,
                services: state.services,
                setup,
            };
            let mut loaded = finish(Some(scenario), diags, map, Some(src));
            loaded.expectations = expectations;
            loaded.expectations_left_out = expectations_left_out;
            loaded.scenario_doc = state.scenario_doc;
            loaded
        }
        _ => {
            let mut loaded = finish(None, diags, map, Some(src));
            loaded.expectations_left_out = expectations_left_out;
            loaded.scenario_doc = state.scenario_doc;
            loaded
        }
    }
}

/// The value at a path (`items[2]`) of a document.
fn value_at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    source_map::parse_path(path)
        .iter()
        .try_fold(v, |v, seg| match (seg, v) {
            (source_map::Seg::Key(k), _) => get(v, k),
            (source_map::Seg::Index(i), Value::Sequence(s)) => s.get(*i),
            _ => None,
        })
}

/// Replaces the string serde_yaml made of a plain scalar with what kubectl's YAML 1.1 parser
/// makes of it (only where the value is still exactly that text).
fn yaml11_fixup(v: &mut Value, segs: &[source_map::Seg], raw: &str) {
    let mut cur = v;
    for seg in segs {
        let next = match (seg, cur) {
            (source_map::Seg::Key(k), Value::Mapping(m)) => m.get_mut(k.as_str()),
            (source_map::Seg::Index(i), Value::Sequence(s)) => s.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return,
        }
    }
    if cur.as_str() == Some(raw) {
        if let Some(new) = source_map::yaml11_value(raw) {
            *cur = new;
        }
    }
}

fn finish(
    scenario: Option<Scenario>,
    mut diags: Vec<Diagnostic>,
    map: SourceMap,
    pod_source: Option<PodSource>,
) -> Loaded {
    sort::sort_by_key(&mut diags, |a| (a.line, a.column, a.severity));
    diags.dedup();
    // Last line of defence against a huge value quoted by a message: cut, it is said as the
    // CLI says it (in English) rather than not at all.
    for d in &mut diags {
        let text = d.message.english();
        if text.len() > val::MAX_MESSAGE_BYTES {
            let mut cut = val::MAX_MESSAGE_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let total = text.chars().count();
            let shown = text[..cut].chars().count();
            d.message = Message::Api(format!(
                "{}... ({} more characters)",
                &text[..cut],
                total - shown
            ));
        }
    }
    Loaded {
        scenario,
        diagnostics: diags,
        source_map: map,
        pod_source,
        expectations: Vec::new(),
        scenario_doc: None,
        expectations_left_out: false,
    }
}

fn doc_start(map: &SourceMap, doc: usize) -> (usize, usize) {
    map.docs
        .get(doc)
        .and_then(|d| d.start)
        .map(|s| (s.line, s.column))
        .unwrap_or((1, 1))
}

/// libyaml's 1-based mark (line, column in characters) as the editor's position. libyaml follows
/// YAML 1.1, where NEL, LS and PS (U+0085, U+2028, U+2029) and a lone CR also end a line; the
/// editor and the rest of the manifest crate break lines at `\n` only, so a text holding one
/// of them would otherwise get a position below its last line.
fn editor_line_col(text: &str, line: usize, column: usize) -> (usize, usize) {
    let (mut at_line, mut at_column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    while let Some((offset, ch)) = chars.next() {
        if at_line > line || (at_line == line && at_column >= column) {
            return line_col_of_byte(text, offset);
        }
        match ch {
            '\r' if chars.peek().map(|&(_, next)| next) == Some('\n') => {}
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                at_line += 1;
                at_column = 1;
            }
            _ => at_column += 1,
        }
    }
    line_col_of_byte(text, text.len())
}

/// 1-based (line, column in characters) of byte `offset` of `text`.
fn line_col_of_byte(text: &str, offset: usize) -> (usize, usize) {
    let mut b = offset.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    let before = &text[..b];
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The text from 1-based `line`, `column` (characters) on, within that line.
fn text_at(text: &str, line: usize, column: usize) -> &str {
    let l = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    match l.char_indices().nth(column.saturating_sub(1)) {
        Some((b, _)) => &l[b..],
        None => "",
    }
}

/// The anchor or alias name at the start of `s` (`&name` / `*name`), if any.
fn anchor_name(s: &str) -> Option<&str> {
    let rest = s.strip_prefix(['&', '*'])?;
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// serde_yaml's message for an integer beyond 64 bits: `PATH: invalid type: integer `N` as
/// u128, expected any YAML value` → (path, N).
fn big_integer(message: &str) -> Option<(&str, &str)> {
    let (path, rest) = message.split_once(": invalid type: integer `")?;
    let (n, tail) = rest.split_once('`')?;
    (tail.starts_with(" as u128") || tail.starts_with(" as i128")).then_some((path, n))
}

/// Go's JSON error for an integer that does not fit the field, at serde_yaml's location.
/// The field's Go type comes from the schema; the document's kind from a re-parse of the text
/// with that number replaced by 0.
fn big_integer_error(
    text: &str,
    doc: usize,
    line: usize,
    column: usize,
    path: &str,
    n: &str,
) -> Diagnostic {
    let mut fixed = String::with_capacity(text.len());
    let mut message = None;
    let at = text_at(text, line, column);
    // `at` is a slice of `text`: its byte offset.
    let off = (at.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    if at.starts_with(n) && off <= text.len() && text.is_char_boundary(off) {
        fixed.push_str(&text[..off]);
        fixed.push('0');
        fixed.push_str(&text[off + n.len()..]);
        let value = serde_yaml::Deserializer::from_str(&fixed)
            .nth(doc)
            .and_then(|de| Value::deserialize(de).ok());
        if let Some(v) = value {
            let mut segs = source_map::parse_path(path);
            let mut obj = &v;
            if str_at(&v, "kind") == Some("List") {
                if let (Some(source_map::Seg::Key(k)), Some(source_map::Seg::Index(j))) =
                    (segs.first(), segs.get(1))
                {
                    if k == "items" {
                        if let Some(item) = val::seq_at(&v, "items").get(*j) {
                            obj = item;
                            segs.drain(..2);
                        }
                    }
                }
            }
            if let Some(kind) = str_at(obj, "kind") {
                message = schema::number_mismatch(kind, &segs, n);
            }
        }
    }
    let mut d = Diagnostic::at(
        Severity::Error,
        line,
        column,
        message.map_or_else(
            || {
                Message::Podlife(Note::NumberTooBig {
                    number: val::clip(n).into_owned(),
                })
            },
            Message::Api,
        ),
    );
    d.path = path.to_string();
    d
}

/// A YAML syntax error at serde_yaml's location; its message without the repeated position.
fn syntax_error(e: &serde_yaml::Error, text: &str, map: &SourceMap, doc: usize) -> Diagnostic {
    let full = e.to_string();
    if full.contains("duplicate entry with key") {
        // serde_yaml points at the mapping; point at the repeated key, as kubectl does.
        if let Some((path, first, second)) = map.docs.get(doc).and_then(|d| d.duplicate.as_ref()) {
            let key = match path.last() {
                Some(source_map::Seg::Key(k)) => k.clone(),
                _ => String::new(),
            };
            let mut d = Diagnostic::at(
                Severity::Error,
                second.line,
                second.column,
                format!("mapping key {key:?} already defined at line {}", first.line),
            );
            d.path = source_map::render_path(path);
            return d;
        }
    }
    let (line, column) = match e.location() {
        Some(l) => editor_line_col(text, l.line(), l.column()),
        None => doc_start(map, doc),
    };
    let suffix = format!(" at line {line} column {column}");
    let message = match full.find(&suffix) {
        Some(p) => format!("{}{}", &full[..p], &full[p + suffix.len()..]),
        None => full,
    };
    // libyaml reports some problems with a byte offset ("at position N") and no mark.
    if let Some((what, pos)) = message.rsplit_once(" at position ") {
        if let Ok(offset) = pos.parse::<usize>() {
            let (l, c) = line_col_of_byte(text, offset);
            let what = match text.get(offset..).and_then(|t| t.chars().next()) {
                Some(ch) if ch.is_control() => format!("{what} (U+{:04X})", u32::from(ch)),
                _ => what.to_string(),
            };
            return Diagnostic::at(Severity::Error, l, c, what);
        }
    }
    if let Some((path, n)) = big_integer(&message) {
        return big_integer_error(text, doc, line, column, path, n);
    }
    let message: Message = if message == "repetition limit exceeded" {
        Note::AliasRepetitionLimit { parser: message }.into()
    } else if message == "recursion limit exceeded" {
        // Our own scan refuses deep nesting and long alias chains first, so here an alias
        // sits inside the node its anchor names. That anchor is the nearest `&` up to here.
        if map.max_depth <= MAX_DEPTH {
            let at = text_at(text, line, column);
            let here = (at.as_ptr() as usize)
                .wrapping_sub(text.as_ptr() as usize)
                .min(text.len());
            let upto = text.get(..here).unwrap_or("");
            let found = match anchor_name(at) {
                Some(name) => Some((name, line, column)),
                None => upto.rfind('&').and_then(|p| {
                    let (l, c) = line_col_of_byte(text, p);
                    anchor_name(&upto[p..]).map(|n| (n, l, c))
                }),
            };
            // Point at the anchor itself.
            let (l, c) = found.as_ref().map_or((line, column), |(_, l, c)| (*l, *c));
            let note = Note::AliasInsideItsAnchor {
                anchor: found.map(|(name, ..)| name.to_string()),
                parser: message,
            };
            return Diagnostic::at(Severity::Error, l, c, note);
        } else {
            Note::ParserNestingTooDeep {
                limit: MAX_DEPTH,
                parser: message,
            }
            .into()
        }
    } else if message == "unknown anchor" {
        match anchor_name(text_at(text, line, column)) {
            Some(name) => Note::UnknownAnchor {
                anchor: name.to_string(),
            }
            .into(),
            None => message.into(),
        }
    } else {
        message.into()
    };
    Diagnostic::at(Severity::Error, line, column, message)
}

#[derive(Default)]
struct Stream {
    pod_source: Option<PodSource>,
    pod_source_line: usize,
    scenario_doc: Option<usize>,
    services: Vec<ServiceRef>,
    /// Where each Service was defined: (document, object path).
    service_at: Vec<(usize, String)>,
    /// Documents whose strict decoding failed (the API server would reject them before
    /// validation).
    doc_invalid: Vec<(usize, String)>,
    /// The Kubernetes minor the stream is loaded as.
    minor: u32,
}

const POD_SOURCES: [&str; 9] = [
    "Pod",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "PodTemplate",
];

fn join_path(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}.{b}"),
    }
}

fn classify(
    i: usize,
    v: &Value,
    prefix: &str,
    map: &SourceMap,
    diags: &mut Vec<Diagnostic>,
    st: &mut Stream,
) {
    if v.is_null() {
        return;
    }
    // `kind: List` (what `kubectl get ... -o yaml` prints for several objects): its items.
    if prefix.is_empty()
        && str_at(v, "kind") == Some("List")
        && str_at(v, "apiVersion") == Some("v1")
    {
        for (j, item) in val::seq_at(v, "items").iter().enumerate() {
            classify(i, item, &format!("items[{j}]"), map, diags, st);
        }
        return;
    }
    let mut sink = Sink::new(i, map, diags);
    sink.prefix = prefix.to_string();
    if !matches!(v, Value::Mapping(_)) {
        sink.error(
            "",
            "expected a Kubernetes object (a mapping with apiVersion and kind)",
        );
        return;
    }
    // Set but not a string: Go's JSON error for the object's type meta, at that field.
    let mut wrong_type = false;
    for key in ["apiVersion", "kind"] {
        if let Some(x) = get(v, key).filter(|x| x.as_str().is_none()) {
            let shown = match x {
                Value::Bool(_) => "bool",
                Value::Number(_) => "number",
                Value::Sequence(_) => "array",
                Value::Mapping(_) => "object",
                _ => "value",
            };
            sink.error(
                key,
                format!(
                    "json: cannot unmarshal {shown} into Go struct field TypeMeta.{key} of type string"
                ),
            );
            wrong_type = true;
        }
    }
    if wrong_type {
        return;
    }
    let api = str_at(v, "apiVersion");
    let kind = str_at(v, "kind");
    if api.is_none() || kind.is_none() {
        let mut missing = Vec::new();
        if api.is_none() {
            missing.push("apiVersion not set");
        }
        if kind.is_none() {
            missing.push("kind not set");
        }
        sink.error(
            "",
            format!("error validating data: [{}]", missing.join(", ")),
        );
        return;
    }
    let (api, kind) = (api.unwrap_or_default(), kind.unwrap_or_default());
    if kind == "Scenario" {
        if !prefix.is_empty() {
            sink.error("kind", "a Scenario document cannot be an item of a List");
            return;
        }
        if api != "podlife/v1" {
            sink.unsupported("apiVersion", api, &["podlife/v1"]);
        }
        if let Some(first) = st.scenario_doc {
            let (l, _) = doc_start(map, first);
            sink.error(
                "kind",
                format!("more than one Scenario document (the first one starts at line {l})"),
            );
        } else {
            st.scenario_doc = Some(i);
        }
        return;
    }
    let Some((want_api, root)) = schema::schema().root(kind) else {
        sink.warning(
            "kind",
            Note::KindNotSimulated {
                kind: kind.to_string(),
            },
        );
        return;
    };
    if api != want_api {
        sink.error(
            "apiVersion",
            format!("no matches for kind {kind:?} in version {api:?} (expected {want_api:?})"),
        );
        st.doc_invalid.push((i, prefix.to_string()));
    }
    let mut findings = Vec::new();
    schema::check(v, &schema::K::Obj(root), st.minor, &mut findings);
    for f in &findings {
        sink.error(&f.api, f.message.clone());
        if let Some(field) = f.suggestion {
            sink.hint(&f.api, did_you_mean(field));
        }
    }
    if !findings.is_empty() {
        st.doc_invalid.push((i, prefix.to_string()));
    }
    let name = get(v, "metadata").and_then(|m| str_at(m, "name"));
    if kind == "Service" {
        match name {
            None | Some("") => sink.error(
                "metadata.name",
                "Required value: name or generateName is required",
            ),
            Some(n) => {
                for m in names::dns1035_label(n) {
                    sink.invalid("metadata.name", &val::q(n), &m);
                }
                let spec = get(v, "spec");
                let headless = spec.and_then(|s| str_at(s, "clusterIP")) == Some("None");
                let external = spec.and_then(|s| str_at(s, "type")) == Some("ExternalName");
                let no_ports = spec.is_none_or(|s| val::seq_at(s, "ports").is_empty());
                if no_ports && !headless && !external && findings.is_empty() {
                    sink.required("spec.ports");
                }
                let ns = get(v, "metadata")
                    .and_then(|m| str_at(m, "namespace"))
                    .unwrap_or(defaults::NAMESPACE);
                let r = ServiceRef {
                    namespace: ns.to_string(),
                    name: n.to_string(),
                };
                if st.services.contains(&r) {
                    sink.error("metadata.name", format!("Duplicate value: {:?}", n));
                } else {
                    st.services.push(r);
                    st.service_at.push((i, prefix.to_string()));
                }
            }
        }
        return;
    }
    if POD_SOURCES.contains(&kind) {
        let line = map
            .docs
            .get(i)
            // A List item: where the item starts; a document: its `kind` line.
            .and_then(|d| {
                let at = if prefix.is_empty() { "kind" } else { prefix };
                d.get(&source_map::parse_path(at))
            })
            .map(|s| s.line)
            .unwrap_or_else(|| doc_start(map, i).0);
        let this_name = name.unwrap_or("").to_string();
        if let Some(first) = &st.pod_source {
            sink.error(
                "kind",
                format!(
                    "more than one pod source: {} {:?} (line {}) and {kind} {:?} (line {line}); podlife simulates one pod, remove one of them",
                    first.kind, first.name, st.pod_source_line, this_name
                ),
            );
            return;
        }
        st.pod_source = Some(PodSource {
            doc: i,
            kind: kind.to_string(),
            name: this_name,
            template_path: join_path(prefix, template_path(kind)),
            object_path: prefix.to_string(),
        });
        st.pod_source_line = line;
    }
}
