//! `spec.expect` of the Scenario document: the checks `podlife test` runs against the trace.
//! Validated like every other field (strict keys, types, values, at line:column); the
//! grammar is documented in crates/manifest/README.md ("Expectations").
//!
//! The page's first-frame module (`lite`) leaves the checking out ([`check`]): the page hands a
//! Scenario that has expectations to the full module, which reports on them.
#![cfg_attr(feature = "lite", allow(dead_code))]

use podlife_spec::expect::{
    Check, ConditionMatch, ContainerMatch, Count, EventMatch, Expectation, KubectlMatch,
    LastStateMatch, LogMatch, StateMatch, When, Window,
};
use podlife_spec::{format_go_duration, Pod, SimTime};
use serde_yaml::Value;

use super::{duration, T};
use crate::source_map::parse_path;
use crate::val::{bool_at, get, q, scalar_text, str_at, Sink};

/// A count: a number or a comparison string (`">= 3"`).
const COUNT: T = T::StrOrNum;
const KUBECTL: T = T::Obj(&[
    ("ready", T::Str),
    ("status", T::Str),
    ("restarts", COUNT),
    ("ip", T::Str),
    ("node", T::Str),
]);
const CONDITION: T = T::Obj(&[
    ("type", T::Str),
    ("status", T::Scalar),
    ("reason", T::Str),
    ("message", T::Str),
]);
const LAST_STATE: T = T::Obj(&[("reason", T::Str), ("exitCode", COUNT), ("message", T::Str)]);
const CONTAINER: T = T::Obj(&[
    ("name", T::Str),
    ("state", T::Str),
    ("reason", T::Str),
    ("message", T::Str),
    ("exitCode", COUNT),
    ("restarts", COUNT),
    ("ready", T::Bool),
    ("started", T::Bool),
    ("lastState", LAST_STATE),
]);
const EVENT: T = T::Obj(&[
    ("reason", T::Str),
    ("type", T::Str),
    ("message", T::Str),
    ("from", T::Str),
    ("container", T::Str),
    ("count", COUNT),
]);
const LOG: T = T::Obj(&[
    ("container", T::Str),
    ("line", T::Str),
    ("stream", T::Str),
    ("count", COUNT),
]);
/// What one expectation checks (`never: {...}` holds one of these; `at:` has them inline).
const MATCH_FIELDS: &[(&str, T)] = &[
    ("exists", T::Bool),
    ("phase", T::Str),
    ("kubectl", KUBECTL),
    ("condition", CONDITION),
    ("container", CONTAINER),
    ("event", EVENT),
    ("log", LOG),
];
/// One item of `spec.expect` (the type table the Scenario document's type check uses).
pub(super) const ITEM: T = T::Obj(&[
    ("name", T::Str),
    ("at", T::Dur),
    ("within", T::List(&T::Dur)),
    ("eventually", T::Obj(MATCH_FIELDS)),
    ("always", T::Obj(MATCH_FIELDS)),
    ("never", T::Obj(MATCH_FIELDS)),
    ("exists", T::Bool),
    ("phase", T::Str),
    ("kubectl", KUBECTL),
    ("condition", CONDITION),
    ("container", CONTAINER),
    ("event", EVENT),
    ("log", LOG),
]);

/// Most entries in `spec.expect`: checking stays well inside the time budget of one input
/// (each is evaluated against every status of the run).
pub const MAX_EXPECTATIONS: usize = 500;
const QUANTIFIERS: [&str; 3] = ["eventually", "always", "never"];
const STATE_KEYS: [&str; 5] = ["exists", "phase", "kubectl", "condition", "container"];
const PHASES: [&str; 5] = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];
const CONTAINER_STATES: [&str; 3] = ["waiting", "running", "terminated"];
/// Pod condition types a pod can carry (the kubelet's, the scheduler's and eviction's).
const CONDITION_TYPES: [&str; 6] = [
    "PodScheduled",
    "PodReadyToStartContainers",
    "Initialized",
    "ContainersReady",
    "Ready",
    "DisruptionTarget",
];

fn join(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

/// Reports keys of `v`, at any depth, that the object type `t` does not have.
fn unknown_keys(v: &Value, t: T, path: &str, sink: &mut Sink<'_>) {
    let (T::Obj(fields), Value::Mapping(m)) = (t, v) else {
        return;
    };
    for (k, item) in m {
        let k = crate::schema::key_text(k);
        let p = join(path, &k);
        match fields.iter().find(|(f, _)| *f == k) {
            Some((_, inner)) => unknown_keys(item, *inner, &p, sink),
            None => sink.error(&p, format!("unknown field {}", q(&p))),
        }
    }
}

/// Facts about the pod that expectations refer to.
struct PodFacts<'p> {
    /// Init (and sidecar) then regular container names.
    all: Vec<&'p str>,
    regular: Vec<&'p str>,
    readiness_gates: Vec<&'p str>,
}

impl PodFacts<'_> {
    fn check_container(&self, name: &str, path: &str, sink: &mut Sink<'_>) {
        // Without a valid pod there is nothing to check names against.
        if !self.all.is_empty() && !self.all.contains(&name) {
            sink.not_found(path, name);
        }
    }
}

/// Parses `spec.expect` of the Scenario document `doc` (whose types `super::parse` has
/// reported). `pod` is the simulated pod when it validated; `until` the run's horizon.
/// The Scenario's expectations, checked (diagnostics into `sink`), and whether this build left
/// them out: the first-frame module (`lite`) checks none and says whether there are any.
#[cfg(not(feature = "lite"))]
pub(crate) fn check(
    doc: &Value,
    pod: Option<&Pod>,
    until: SimTime,
    sink: &mut Sink<'_>,
) -> (Vec<Expectation>, bool) {
    (parse(doc, pod, until, sink), false)
}

/// The Scenario's expectations, checked (diagnostics into `sink`), and whether this build left
/// them out: the first-frame module (`lite`) checks none and says whether there are any.
#[cfg(feature = "lite")]
pub(crate) fn check(
    doc: &Value,
    _pod: Option<&Pod>,
    _until: SimTime,
    sink: &mut Sink<'_>,
) -> (Vec<Expectation>, bool) {
    (Vec::new(), !items(doc, sink).is_empty())
}

/// The items of `spec.expect` that [`parse`] checks: none in a document of the wrong shape (it
/// is not validated further, as in `super::parse`; its type errors are already reported, so
/// this check writes to a scratch list).
fn items<'v>(doc: &'v Value, sink: &Sink<'_>) -> &'v [Value] {
    let mut scratch = Vec::new();
    let mut quiet = Sink::new(sink.doc, sink.map, &mut scratch);
    if !super::type_check(doc, super::DOC, "", &mut quiet) {
        return &[];
    }
    match get(doc, "spec").and_then(|spec| get(spec, "expect")) {
        Some(Value::Sequence(s)) => s.as_slice(),
        _ => &[],
    }
}

fn parse(doc: &Value, pod: Option<&Pod>, until: SimTime, sink: &mut Sink<'_>) -> Vec<Expectation> {
    let items = items(doc, sink);
    let facts = PodFacts {
        all: pod
            .map(|p| {
                p.spec
                    .init_containers
                    .iter()
                    .chain(&p.spec.containers)
                    .map(|c| c.name.as_str())
                    .collect()
            })
            .unwrap_or_default(),
        regular: pod
            .map(|p| p.spec.containers.iter().map(|c| c.name.as_str()).collect())
            .unwrap_or_default(),
        readiness_gates: pod
            .map(|p| p.spec.readiness_gates.iter().map(String::as_str).collect())
            .unwrap_or_default(),
    };
    if items.len() > MAX_EXPECTATIONS {
        sink.error(
            "spec.expect",
            format!(
                "Too many: {}: must have at most {MAX_EXPECTATIONS} items",
                items.len()
            ),
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = format!("spec.expect[{i}]");
        if let Some(e) = parse_item(item, &p, &facts, until, sink) {
            out.push(e);
        }
    }
    out
}

fn parse_item(
    item: &Value,
    p: &str,
    facts: &PodFacts<'_>,
    until: SimTime,
    sink: &mut Sink<'_>,
) -> Option<Expectation> {
    if !matches!(item, Value::Mapping(_)) {
        sink.error(
            p,
            "Invalid value: must be an object such as {at: 20s, kubectl: {status: Running}}",
        );
        return None;
    }
    let errors_before = sink.errors();
    unknown_keys(item, ITEM, p, sink);
    let name = str_at(item, "name").map(str::to_string);

    let at = match get(item, "at") {
        Some(v) => duration(v, &join(p, "at"), sink),
        None => None,
    };
    let window = get(item, "within").and_then(|w| within(w, &join(p, "within"), sink));
    if get(item, "at").is_some() && get(item, "within").is_some() {
        sink.forbidden(
            &join(p, "within"),
            "may not specify both at and within: at checks one instant, within a window",
        );
    }
    // In document order, so the second one written is the one reported.
    let quantifiers: Vec<&str> = match item {
        Value::Mapping(m) => m
            .iter()
            .filter(|(_, v)| !v.is_null())
            .filter_map(|(k, _)| QUANTIFIERS.into_iter().find(|q| k.as_str() == Some(q)))
            .collect(),
        _ => Vec::new(),
    };
    for extra in quantifiers.iter().skip(1) {
        sink.forbidden(
            &join(p, extra),
            "may not specify more than 1 of eventually, always, never",
        );
    }
    if let (Some(first), true) = (quantifiers.first(), get(item, "at").is_some()) {
        sink.forbidden(
            &join(p, first),
            "may not be combined with at (at checks one instant; use within for a window)",
        );
    }
    if let Some(a) = at {
        if a > until {
            sink.warning(
                &join(p, "at"),
                crate::Note::ExpectationAfterUntil {
                    at: format_go_duration(a.as_millis()),
                    until: format_go_duration(until.as_millis()),
                },
            );
        }
    }

    // Where the checks are: inside the quantifier, or inline.
    let (body, bp) = match quantifiers.first() {
        Some(k) => {
            for key in MATCH_FIELDS.iter().map(|(f, _)| *f) {
                if get(item, key).is_some() {
                    sink.forbidden(
                        &join(p, key),
                        &format!("with {k}, the checks go inside it: {k}: {{{key}: ...}}"),
                    );
                }
            }
            let b = get(item, k).cloned().unwrap_or(Value::Null);
            (b, join(p, k))
        }
        None => (item.clone(), p.to_string()),
    };
    if quantifiers.is_empty() && get(item, "at").is_none() && get(item, "within").is_none() {
        sink.error(
            p,
            "Required value: must specify when: at, within, eventually, always or never",
        );
    }
    let check = parse_check(&body, &bp, quantifiers.first().copied(), facts, sink)?;

    let window = window.unwrap_or(Window::ALL);
    let when = match (at, quantifiers.first().copied()) {
        (Some(t), _) => When::At(t),
        (None, Some("always")) => When::Always(window),
        (None, Some("never")) => When::Never(window),
        _ => When::Eventually(window),
    };
    if sink.errors() > errors_before {
        return None;
    }
    let span = sink
        .map
        .docs
        .get(sink.doc)
        .and_then(|d| d.nearest(&parse_path(p)));
    let (line, column) = span.map(|s| (s.line, s.column)).unwrap_or((1, 1));
    Some(Expectation {
        path: p.to_string(),
        line,
        column,
        name,
        when,
        check,
    })
}

/// `within: [from, to]`.
fn within(v: &Value, path: &str, sink: &mut Sink<'_>) -> Option<Window> {
    let items = match v {
        Value::Sequence(s) if s.len() == 2 => s,
        _ => {
            let shown = match v {
                Value::Sequence(s) => format!(
                    "[{}]",
                    s.iter()
                        .map(|x| q(&scalar_text(x).unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                other => q(&scalar_text(other).unwrap_or_default()),
            };
            sink.invalid(
                path,
                &shown,
                "must be [from, to], two durations such as [0s, 5m]",
            );
            return None;
        }
    };
    let from = duration(&items[0], &format!("{path}[0]"), sink)?;
    let to = duration(&items[1], &format!("{path}[1]"), sink)?;
    if to < from {
        sink.invalid(
            &format!("{path}[1]"),
            &q(&scalar_text(&items[1]).unwrap_or_default()),
            &format!(
                "must not be before the window's start ({})",
                format_go_duration(from.as_millis())
            ),
        );
        return None;
    }
    Some(Window { from, to: Some(to) })
}

fn count(v: Option<&Value>, path: &str, sink: &mut Sink<'_>) -> Option<Count> {
    let text = scalar_text(v?)?;
    match Count::parse(&text) {
        Some(c) => Some(c),
        None => {
            sink.invalid(
                path,
                &q(&text),
                "must be a number or a comparison such as \">= 3\", \"== 0\" or \"< 2\"",
            );
            None
        }
    }
}

fn string(v: &Value, key: &str) -> Option<String> {
    str_at(v, key).map(str::to_string)
}

/// A string that must be one of `allowed` (compared ignoring case when `fold`; stored as the
/// allowed spelling).
fn one_of(
    v: &Value,
    key: &str,
    allowed: &[&str],
    fold: bool,
    path: &str,
    sink: &mut Sink<'_>,
) -> Option<String> {
    let text = scalar_text(get(v, key)?)?;
    let hit = allowed
        .iter()
        .find(|a| **a == text || (fold && a.eq_ignore_ascii_case(&text)));
    match hit {
        Some(a) => Some(a.to_string()),
        None => {
            sink.unsupported(&join(path, key), &text, allowed);
            None
        }
    }
}

/// Reports an object with none of its fields set.
fn require_some(v: &Value, t: T, path: &str, sink: &mut Sink<'_>) {
    let T::Obj(fields) = t else { return };
    if !fields.iter().any(|(f, _)| get(v, f).is_some()) {
        let names: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
        sink.error(
            path,
            format!(
                "Required value: must specify at least one of {}",
                names.join(", ")
            ),
        );
    }
}

fn parse_check(
    body: &Value,
    bp: &str,
    quantifier: Option<&str>,
    facts: &PodFacts<'_>,
    sink: &mut Sink<'_>,
) -> Option<Check> {
    let state = STATE_KEYS.iter().any(|k| get(body, k).is_some());
    let event = get(body, "event");
    let log = get(body, "log");
    let kinds = usize::from(state) + usize::from(event.is_some()) + usize::from(log.is_some());
    if kinds == 0 {
        let list: Vec<&str> = MATCH_FIELDS.iter().map(|(f, _)| *f).collect();
        sink.error(
            bp,
            format!(
                "Required value: must specify what to check: one of {}",
                list.join(", ")
            ),
        );
        return None;
    }
    if kinds > 1 {
        let key = if event.is_some() { "event" } else { "log" };
        sink.forbidden(
            &join(bp, key),
            "may not check more than one of the pod's state, its events and its log lines in one expectation: split it in two",
        );
        return None;
    }
    if let Some(ev) = event {
        let ep = join(bp, "event");
        return parse_event(ev, &ep, quantifier, facts, sink).map(Check::Event);
    }
    if let Some(lg) = log {
        let lp = join(bp, "log");
        return parse_log(lg, &lp, quantifier, facts, sink).map(Check::Log);
    }
    Some(Check::State(Box::new(parse_state(body, bp, facts, sink))))
}

fn no_count_with(
    v: &Value,
    path: &str,
    quantifier: Option<&str>,
    what: &str,
    sink: &mut Sink<'_>,
) -> bool {
    match quantifier {
        Some("always") => {
            sink.forbidden(
                path,
                &format!("always checks the pod's state at every instant; to count {what}, use within: [from, to] with count"),
            );
            false
        }
        Some("never") if get(v, "count").is_some() => {
            sink.forbidden(
                &join(path, "count"),
                &format!("never means no matching {what} (count 0): remove count"),
            );
            false
        }
        _ => true,
    }
}

fn parse_event(
    v: &Value,
    path: &str,
    quantifier: Option<&str>,
    facts: &PodFacts<'_>,
    sink: &mut Sink<'_>,
) -> Option<EventMatch> {
    require_some(v, EVENT, path, sink);
    if !no_count_with(v, path, quantifier, "events", sink) {
        return None;
    }
    let container = string(v, "container");
    if let Some(c) = &container {
        facts.check_container(c, &join(path, "container"), sink);
    }
    let c = match get(v, "count") {
        Some(_) => count(get(v, "count"), &join(path, "count"), sink)?,
        None if quantifier == Some("never") => Count::exactly(0),
        None => Count::default(),
    };
    Some(EventMatch {
        reason: string(v, "reason"),
        type_: one_of(v, "type", &["Normal", "Warning"], false, path, sink),
        message: string(v, "message"),
        from: string(v, "from"),
        container,
        count: c,
    })
}

fn parse_log(
    v: &Value,
    path: &str,
    quantifier: Option<&str>,
    facts: &PodFacts<'_>,
    sink: &mut Sink<'_>,
) -> Option<LogMatch> {
    if !no_count_with(v, path, quantifier, "log lines", sink) {
        return None;
    }
    let container = string(v, "container");
    if let Some(c) = &container {
        facts.check_container(c, &join(path, "container"), sink);
    }
    let line = string(v, "line");
    if line.is_none() {
        sink.required(&join(path, "line"));
    }
    let c = match get(v, "count") {
        Some(_) => count(get(v, "count"), &join(path, "count"), sink)?,
        None if quantifier == Some("never") => Count::exactly(0),
        None => Count::default(),
    };
    Some(LogMatch {
        container,
        line: line?,
        stream: one_of(v, "stream", &["stdout", "stderr"], false, path, sink),
        count: c,
    })
}

fn parse_state(v: &Value, path: &str, facts: &PodFacts<'_>, sink: &mut Sink<'_>) -> StateMatch {
    let mut m = StateMatch {
        exists: bool_at(v, "exists"),
        phase: one_of(v, "phase", &PHASES, false, path, sink),
        ..StateMatch::default()
    };
    if let Some(k) = get(v, "kubectl") {
        let kp = join(path, "kubectl");
        require_some(k, KUBECTL, &kp, sink);
        let ready = string(k, "ready");
        if let Some(r) = &ready {
            let ok = r.split_once('/').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            });
            if !ok {
                sink.invalid(
                    &join(&kp, "ready"),
                    &q(r),
                    "must be READY as kubectl prints it: ready/total containers, such as \"1/1\"",
                );
            }
        }
        m.kubectl = Some(KubectlMatch {
            ready,
            status: string(k, "status"),
            restarts: count(get(k, "restarts"), &join(&kp, "restarts"), sink),
            ip: string(k, "ip"),
            node: string(k, "node"),
        });
    }
    if let Some(c) = get(v, "condition") {
        let cp = join(path, "condition");
        let type_ = string(c, "type");
        match &type_ {
            None => sink.required(&join(&cp, "type")),
            Some(t) => {
                if !CONDITION_TYPES.contains(&t.as_str())
                    && !facts.readiness_gates.contains(&t.as_str())
                {
                    let mut supported: Vec<&str> = CONDITION_TYPES.to_vec();
                    supported.extend(facts.readiness_gates.iter().copied());
                    sink.unsupported(&join(&cp, "type"), t, &supported);
                }
            }
        }
        // `status: True` is a YAML boolean: read it as the condition status it means.
        let status = get(c, "status").and_then(|s| match s {
            Value::Bool(true) => Some("True".to_string()),
            Value::Bool(false) => Some("False".to_string()),
            _ => {
                let text = scalar_text(s)?;
                let hit = ["True", "False", "Unknown"]
                    .into_iter()
                    .find(|a| a.eq_ignore_ascii_case(&text));
                if hit.is_none() {
                    sink.unsupported(&join(&cp, "status"), &text, &["True", "False", "Unknown"]);
                }
                hit.map(str::to_string)
            }
        });
        m.condition = Some(ConditionMatch {
            type_: type_.unwrap_or_default(),
            status,
            reason: string(c, "reason"),
            message: string(c, "message"),
        });
    }
    if let Some(c) = get(v, "container") {
        let cp = join(path, "container");
        let name = match string(c, "name") {
            Some(n) => {
                facts.check_container(&n, &join(&cp, "name"), sink);
                n
            }
            None if facts.regular.len() == 1 => facts.regular[0].to_string(),
            None if facts.all.is_empty() => String::new(),
            None => {
                let names: Vec<String> = facts.all.iter().map(|n| q(n)).collect();
                sink.error(
                    &join(&cp, "name"),
                    format!(
                        "Required value: the pod has {} containers: name one of {}",
                        facts.all.len(),
                        names.join(", ")
                    ),
                );
                String::new()
            }
        };
        let has_check = CONTAINER_FIELDS_BUT_NAME
            .iter()
            .any(|f| get(c, f).is_some());
        if !has_check {
            sink.error(
                &cp,
                format!(
                    "Required value: must specify at least one of {}",
                    CONTAINER_FIELDS_BUT_NAME.join(", ")
                ),
            );
        }
        let last_state = get(c, "lastState").map(|l| {
            let lp = join(&cp, "lastState");
            require_some(l, LAST_STATE, &lp, sink);
            LastStateMatch {
                reason: string(l, "reason"),
                exit_code: count(get(l, "exitCode"), &join(&lp, "exitCode"), sink),
                message: string(l, "message"),
            }
        });
        m.container = Some(ContainerMatch {
            name,
            state: one_of(c, "state", &CONTAINER_STATES, true, &cp, sink),
            reason: string(c, "reason"),
            message: string(c, "message"),
            exit_code: count(get(c, "exitCode"), &join(&cp, "exitCode"), sink),
            restarts: count(get(c, "restarts"), &join(&cp, "restarts"), sink),
            ready: bool_at(c, "ready"),
            started: bool_at(c, "started"),
            last_state,
        });
    }
    m
}

const CONTAINER_FIELDS_BUT_NAME: [&str; 8] = [
    "state",
    "reason",
    "message",
    "exitCode",
    "restarts",
    "ready",
    "started",
    "lastState",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-frame module hands a text over exactly when [`items`] finds some: where it finds
    /// none, checking them gives no expectation and no diagnostic, so that build (which skips
    /// the check) shows what the full one shows.
    #[test]
    fn no_items_means_nothing_to_check() {
        let cases = [
            ("spec: {until: 1m}", false),
            ("spec: {expect: }", false),
            ("spec: {expect: []}", false),
            ("spec: {expect: 3}", false),
            (
                "spec: {expect: [{eventually: {phase: Running}}], until: []}",
                false,
            ),
            ("spec: {expect: [{eventually: {phase: Running}}]}", true),
            ("spec: {expect: [{eventually: {phase: Runing}}]}", true),
            ("spec: {expect: [{sometimes: {}}]}", true),
        ];
        for (spec, has_items) in cases {
            let text = format!("apiVersion: podlife/v1\nkind: Scenario\n{spec}\n");
            let doc: Value = serde_yaml::from_str(&text).expect("yaml");
            let map = crate::source_map::build(&text);
            let mut diags = Vec::new();
            let mut sink = Sink::new(0, &map, &mut diags);
            let found = !items(&doc, &sink).is_empty();
            let checked = parse(&doc, None, SimTime::from_secs(60), &mut sink);
            assert_eq!(found, has_items, "{spec}");
            assert_eq!(
                found,
                !checked.is_empty() || !diags.is_empty(),
                "{spec}: {diags:?}"
            );
        }
    }
}
