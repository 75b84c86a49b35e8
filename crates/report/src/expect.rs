//! Evaluating expectations (`spec.expect`) against a trace: a pure function of the two, so
//! `podlife test` and the page give the same verdict, at the same instant, with the same
//! words.

use podlife_engine::{Frame, Trace};
use podlife_spec::expect::{
    Check, Count, EventMatch, Expectation, LogMatch, StateMatch, When, Window,
};
use podlife_spec::{format_go_duration, SimTime};

use crate::Lang;

/// The verdict on one expectation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Index of the expectation in the list evaluated.
    pub index: usize,
    pub passed: bool,
    /// The instant the verdict is about (where the page marks it): `at`'s instant; the first
    /// instant that matched (eventually) or broke the rule (always, never); the last counted
    /// event or log line; else the end of the window.
    pub time: SimTime,
    /// The window that was checked (`at` T: [T, T]; events and logs at T: [0, T]).
    pub from: SimTime,
    pub to: SimTime,
    /// Field path, relative to the expectation, of the first check that failed
    /// (`kubectl.ready`, `event.count`); empty when passed.
    pub field: String,
    /// What is checked, in one line: `at 20s: kubectl.ready = "1/1", kubectl.status = "Running"`.
    pub summary: String,
    /// What was observed, with times (on failure; a short confirmation on success).
    pub observed: String,
}

/// Evaluates every expectation against the trace, in order (messages in English, as
/// `podlife test` prints them).
pub fn evaluate(expectations: &[Expectation], trace: &Trace) -> Vec<Outcome> {
    evaluate_in(expectations, trace, Lang::En)
}

/// [`evaluate`] with the messages (`summary`, `observed`) in `lang`: the same verdicts and
/// instants; field paths, kubectl's values and event texts stay as kubectl prints them.
pub fn evaluate_in(expectations: &[Expectation], trace: &Trace, lang: Lang) -> Vec<Outcome> {
    expectations
        .iter()
        .enumerate()
        .map(|(i, e)| evaluate_one(i, e, trace, lang))
        .collect()
}

fn dur(t: SimTime) -> String {
    format_go_duration(t.as_millis())
}

fn window_text(from: SimTime, to: SimTime) -> String {
    format!("[{}, {}]", dur(from), dur(to))
}

/// `{a}: {b}` (English) or `{a}：{b}` (Chinese punctuation).
fn colon(lang: Lang) -> &'static str {
    lang.pick(": ", "：")
}

/// The words for the time part of an expectation: `at 20s`, `within [0s, 5m0s]`,
/// `always within [...]`, `never` (whole run).
pub fn when_text(when: &When) -> String {
    when_text_in(when, Lang::En)
}

/// [`when_text`] in `lang`.
pub fn when_text_in(when: &When, lang: Lang) -> String {
    let w = |label: (&'static str, &'static str), win: &Window| match (win.to, lang) {
        (None, _) if win.from == SimTime::ZERO => lang.pick(label.0, label.1).to_string(),
        (None, Lang::En) => format!("{} from {}", label.0, dur(win.from)),
        (None, Lang::Zh) => format!("从 {} 起{}", dur(win.from), label.1),
        (Some(to), Lang::En) => format!("{} within {}", label.0, window_text(win.from, to)),
        (Some(to), Lang::Zh) => format!("在 {} 内{}", window_text(win.from, to), label.1),
    };
    match when {
        When::At(t) => match lang {
            Lang::En => format!("at {}", dur(*t)),
            Lang::Zh => format!("在 {}", dur(*t)),
        },
        When::Eventually(win) if win.to.is_some() => {
            let win = window_text(win.from, win.to.unwrap_or_default());
            match lang {
                Lang::En => format!("within {win}"),
                Lang::Zh => format!("在 {win} 内"),
            }
        }
        When::Eventually(win) => w(("eventually", "最终"), win),
        When::Always(win) => w(("always", "始终"), win),
        When::Never(win) => w(("never", "从未"), win),
    }
}

/// One line describing what an expectation checks.
pub fn summary(e: &Expectation) -> String {
    summary_in(e, Lang::En)
}

/// [`summary`] in `lang`.
pub fn summary_in(e: &Expectation, lang: Lang) -> String {
    format!(
        "{}{}{}",
        when_text_in(&e.when, lang),
        colon(lang),
        check_text(&e.check, lang)
    )
}

fn check_text(c: &Check, lang: Lang) -> String {
    match c {
        Check::State(s) => state_checks(s)
            .iter()
            .map(|f| f.describe(lang))
            .collect::<Vec<_>>()
            .join(lang.pick(", ", "，")),
        Check::Event(ev) => match lang {
            Lang::En => format!("event {} count {}", event_label(ev, lang), ev.count),
            Lang::Zh => format!("事件 {}，次数 {}", event_label(ev, lang), ev.count),
        },
        Check::Log(l) => {
            let mut s = match lang {
                Lang::En => format!("log line containing {:?}", l.line),
                Lang::Zh => format!("包含 {:?} 的日志行", l.line),
            };
            if let Some(c) = &l.container {
                s.push_str(&match lang {
                    Lang::En => format!(" in {c}"),
                    Lang::Zh => format!("（容器 {c}）"),
                });
            }
            if let Some(st) = &l.stream {
                s.push_str(&match lang {
                    Lang::En => format!(" on {st}"),
                    Lang::Zh => format!("（{st}）"),
                });
            }
            s.push_str(&match lang {
                Lang::En => format!(" count {}", l.count),
                Lang::Zh => format!("，次数 {}", l.count),
            });
            s
        }
    }
}

fn event_label(ev: &EventMatch, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &ev.type_ {
        parts.push(t.clone());
    }
    if let Some(r) = &ev.reason {
        parts.push(r.clone());
    }
    if parts.is_empty() {
        parts.push(lang.pick("(any)", "（任意）").into());
    }
    let mut details = Vec::new();
    if let Some(c) = &ev.container {
        details.push(match lang {
            Lang::En => format!("of container {c}"),
            Lang::Zh => format!("容器 {c}"),
        });
    }
    if let Some(f) = &ev.from {
        details.push(match lang {
            Lang::En => format!("from {f}"),
            Lang::Zh => format!("来源 {f}"),
        });
    }
    if let Some(m) = &ev.message {
        details.push(match lang {
            Lang::En => format!("with message containing {m:?}"),
            Lang::Zh => format!("消息包含 {m:?}"),
        });
    }
    match lang {
        Lang::En => {
            parts.extend(details);
            parts.join(" ")
        }
        Lang::Zh if details.is_empty() => parts.join(" "),
        Lang::Zh => format!("{}（{}）", parts.join(" "), details.join("，")),
    }
}

/// One field check of a state expectation.
struct FieldCheck {
    /// Relative path: `kubectl.ready`, `container[app].exitCode`.
    path: String,
    /// The same, resolved once (the path is for messages).
    field: Field,
    want: Want,
}

/// Where in a status a check reads its value.
#[derive(Clone, Copy)]
enum Field {
    Exists,
    Phase,
    Ready,
    Status,
    Restarts,
    Ip,
    Node,
    /// A condition (by type, in [`FieldCheck::path`]) and which part of it.
    Condition(CondPart),
    /// A container (by name) and which part of its status.
    Container(ContPart),
}

#[derive(Clone, Copy)]
enum CondPart {
    Reported,
    Status,
    Reason,
    Message,
}

#[derive(Clone, Copy)]
enum ContPart {
    State,
    Reason,
    Message,
    ExitCode,
    Restarts,
    Ready,
    Started,
    LastReason,
    LastExitCode,
    LastMessage,
}

impl Field {
    fn of(path: &str) -> Field {
        let (head, tail) = path.split_once('.').unwrap_or((path, ""));
        match (head, tail) {
            ("exists", _) => Field::Exists,
            ("phase", _) => Field::Phase,
            ("kubectl", "ready") => Field::Ready,
            ("kubectl", "status") => Field::Status,
            ("kubectl", "restarts") => Field::Restarts,
            ("kubectl", "ip") => Field::Ip,
            ("kubectl", _) => Field::Node,
            (h, t) if h.starts_with("condition[") => Field::Condition(match t {
                "status" => CondPart::Status,
                "reason" => CondPart::Reason,
                "message" => CondPart::Message,
                _ => CondPart::Reported,
            }),
            (_, t) => Field::Container(match t {
                "state" => ContPart::State,
                "reason" => ContPart::Reason,
                "message" => ContPart::Message,
                "exitCode" => ContPart::ExitCode,
                "restarts" => ContPart::Restarts,
                "ready" => ContPart::Ready,
                "started" => ContPart::Started,
                "lastState.reason" => ContPart::LastReason,
                "lastState.message" => ContPart::LastMessage,
                _ => ContPart::LastExitCode,
            }),
        }
    }
}

/// The name inside `condition[...]` / `container[...]` at the start of a path.
fn bracketed(path: &str) -> &str {
    path.split_once('[')
        .and_then(|(_, r)| r.split_once(']'))
        .map_or("", |(name, _)| name)
}

enum Want {
    /// Exact text.
    Is(String),
    /// The observed text contains this.
    Contains(String),
    Count(Count),
    Flag(bool),
}

impl FieldCheck {
    fn describe(&self, lang: Lang) -> String {
        match &self.want {
            Want::Is(s) => format!("{} = {s:?}", self.path),
            Want::Contains(s) => {
                format!("{} {} {s:?}", self.path, lang.pick("contains", "包含"))
            }
            Want::Count(c) => match c.op {
                podlife_spec::expect::CmpOp::Eq => format!("{} = {}", self.path, c.value),
                _ => format!("{} {c}", self.path),
            },
            Want::Flag(b) => format!("{} = {b}", self.path),
        }
    }

    fn expected(&self, lang: Lang) -> String {
        match &self.want {
            Want::Is(s) => format!("{s:?}"),
            Want::Contains(s) => format!("{} {s:?}", lang.pick("containing", "包含")),
            Want::Count(c) => c.to_string(),
            Want::Flag(b) => b.to_string(),
        }
    }
}

/// What one field looked like in one frame: its text (for messages) and whether it matched.
struct Seen {
    text: String,
    ok: bool,
}

fn state_checks(s: &StateMatch) -> Vec<FieldCheck> {
    let mut v = Vec::new();
    let mut push = |path: &str, want: Want| {
        v.push(FieldCheck {
            path: path.to_string(),
            field: Field::of(path),
            want,
        })
    };
    if let Some(b) = s.exists {
        push("exists", Want::Flag(b));
    }
    if let Some(p) = &s.phase {
        push("phase", Want::Is(p.clone()));
    }
    if let Some(k) = &s.kubectl {
        if let Some(x) = &k.ready {
            push("kubectl.ready", Want::Is(x.clone()));
        }
        if let Some(x) = &k.status {
            push("kubectl.status", Want::Is(x.clone()));
        }
        if let Some(c) = k.restarts {
            push("kubectl.restarts", Want::Count(c));
        }
        if let Some(x) = &k.ip {
            push("kubectl.ip", Want::Is(x.clone()));
        }
        if let Some(x) = &k.node {
            push("kubectl.node", Want::Is(x.clone()));
        }
    }
    if let Some(c) = &s.condition {
        let base = format!("condition[{}]", c.type_);
        if let Some(x) = &c.status {
            push(&format!("{base}.status"), Want::Is(x.clone()));
        }
        if let Some(x) = &c.reason {
            push(&format!("{base}.reason"), Want::Is(x.clone()));
        }
        if let Some(x) = &c.message {
            push(&format!("{base}.message"), Want::Contains(x.clone()));
        }
        if c.status.is_none() && c.reason.is_none() && c.message.is_none() {
            // Only the type: the condition is reported at all.
            push(&base, Want::Flag(true));
        }
    }
    if let Some(c) = &s.container {
        let base = format!("container[{}]", c.name);
        if let Some(x) = &c.state {
            push(&format!("{base}.state"), Want::Is(x.clone()));
        }
        if let Some(x) = &c.reason {
            push(&format!("{base}.reason"), Want::Is(x.clone()));
        }
        if let Some(x) = &c.message {
            push(&format!("{base}.message"), Want::Contains(x.clone()));
        }
        if let Some(x) = c.exit_code {
            push(&format!("{base}.exitCode"), Want::Count(x));
        }
        if let Some(x) = c.restarts {
            push(&format!("{base}.restarts"), Want::Count(x));
        }
        if let Some(x) = c.ready {
            push(&format!("{base}.ready"), Want::Flag(x));
        }
        if let Some(x) = c.started {
            push(&format!("{base}.started"), Want::Flag(x));
        }
        if let Some(l) = &c.last_state {
            if let Some(x) = &l.reason {
                push(&format!("{base}.lastState.reason"), Want::Is(x.clone()));
            }
            if let Some(x) = l.exit_code {
                push(&format!("{base}.lastState.exitCode"), Want::Count(x));
            }
            if let Some(x) = &l.message {
                push(
                    &format!("{base}.lastState.message"),
                    Want::Contains(x.clone()),
                );
            }
        }
    }
    v
}

/// The field path as written in the YAML, for locating it (`condition[Ready].status` →
/// `condition.status`).
pub fn yaml_field(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut skip = false;
    for ch in path.chars() {
        match ch {
            '[' => skip = true,
            ']' => skip = false,
            c if !skip => out.push(c),
            _ => {}
        }
    }
    out
}

fn quote(s: &str) -> String {
    format!("{s:?}")
}

fn opt_text(s: Option<&str>) -> String {
    match s {
        Some(s) => quote(s),
        None => "<none>".to_string(),
    }
}

/// A field's value in one frame, borrowed from it (no allocation on the matching path).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Val<'f> {
    Text(Option<&'f str>),
    Num(i64),
    Flag(bool),
    /// The field cannot be read in this frame (the pod is not there, no such condition...).
    Absent(Absent),
}

/// Why a field cannot be read in a frame.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Absent {
    NotCreated,
    NoContainerStatus,
    Deleted,
    NoCondition,
}

impl Absent {
    fn text(self, lang: Lang) -> &'static str {
        match self {
            Absent::NotCreated => lang.pick("(the pod is not created yet)", "（Pod 尚未创建）"),
            Absent::NoContainerStatus => {
                lang.pick("(the container has no status)", "（该容器还没有状态）")
            }
            Absent::Deleted => lang.pick("(the pod is deleted)", "（Pod 已删除）"),
            Absent::NoCondition => {
                lang.pick("(the condition is not reported)", "（该状况尚未报告）")
            }
        }
    }
}

/// The value `check` reads in `frame` (`None`: the pod does not exist yet).
fn value<'f>(check: &FieldCheck, frame: Option<&'f Frame>) -> Val<'f> {
    let Some(f) = frame else {
        return match check.field {
            Field::Exists => Val::Flag(false),
            _ => Val::Absent(Absent::NotCreated),
        };
    };
    let cont = |part: ContPart| {
        let name = bracketed(&check.path);
        let Some(c) = f.containers.iter().find(|c| &*c.name == name) else {
            return Val::Absent(Absent::NoContainerStatus);
        };
        let last = c.last_state.as_ref();
        match part {
            ContPart::State => Val::Text(Some(c.state)),
            ContPart::Reason => Val::Text(c.reason.as_deref()),
            ContPart::Message => Val::Text(c.message.as_deref()),
            ContPart::ExitCode => c
                .exit_code
                .map_or(Val::Text(None), |x| Val::Num(i64::from(x))),
            ContPart::Restarts => Val::Num(i64::from(c.restart_count)),
            ContPart::Ready => Val::Flag(c.ready),
            ContPart::Started => Val::Flag(c.started),
            ContPart::LastReason => Val::Text(last.and_then(|l| l.reason.as_deref())),
            ContPart::LastMessage => Val::Text(last.and_then(|l| l.message.as_deref())),
            ContPart::LastExitCode => {
                last.map_or(Val::Text(None), |l| Val::Num(i64::from(l.exit_code)))
            }
        }
    };
    match check.field {
        Field::Exists => Val::Flag(f.exists),
        _ if !f.exists => Val::Absent(Absent::Deleted),
        Field::Phase => Val::Text(Some(f.phase)),
        Field::Ready => Val::Text(Some(&f.kubectl.ready)),
        Field::Status => Val::Text(Some(&f.kubectl.status)),
        Field::Restarts => Val::Num(i64::from(f.kubectl.restarts)),
        Field::Ip => Val::Text(f.pod_ip.as_deref()),
        Field::Node => Val::Text(f.node_name.as_deref()),
        Field::Condition(part) => {
            let kind = bracketed(&check.path);
            match (f.conditions.iter().find(|c| c.type_ == kind), part) {
                (None, _) => Val::Absent(Absent::NoCondition),
                (Some(c), CondPart::Status) => Val::Text(Some(c.status)),
                (Some(c), CondPart::Reason) => Val::Text(c.reason.as_deref()),
                (Some(c), CondPart::Message) => Val::Text(c.message.as_deref()),
                (Some(_), CondPart::Reported) => Val::Flag(true),
            }
        }
        Field::Container(part) => cont(part),
    }
}

fn matches(want: &Want, v: Val<'_>) -> bool {
    match (want, v) {
        (Want::Is(w), Val::Text(Some(s))) => w == s,
        (Want::Contains(w), Val::Text(Some(s))) => s.contains(w.as_str()),
        (Want::Count(c), Val::Num(n)) => c.holds(n),
        (Want::Flag(b), Val::Flag(x)) => *b == x,
        _ => false,
    }
}

fn val_text(v: Val<'_>, lang: Lang) -> String {
    match v {
        Val::Text(s) => opt_text(s),
        Val::Num(n) => n.to_string(),
        Val::Flag(b) => b.to_string(),
        Val::Absent(why) => why.text(lang).to_string(),
    }
}

/// What `check` sees in `frame` (`None`: the pod does not exist yet), with its text.
fn observe(check: &FieldCheck, frame: Option<&Frame>, lang: Lang) -> Seen {
    let v = value(check, frame);
    Seen {
        text: val_text(v, lang),
        ok: matches(&check.want, v),
    }
}

/// Whether every check holds in `frame` (the fast path: nothing is formatted).
fn all_hold(checks: &[FieldCheck], frame: Option<&Frame>) -> bool {
    checks.iter().all(|c| matches(&c.want, value(c, frame)))
}

/// The frames in force during `[from, to]`: (the instant it starts to count, frame). The first
/// is the frame in force at `from` (`None` before the first status).
fn frames_in(trace: &Trace, from: SimTime, to: SimTime) -> Vec<(SimTime, Option<&Frame>)> {
    let mut v = vec![(from, trace.frame_at(from))];
    let start = trace.frames.partition_point(|f| f.time <= from);
    for f in &trace.frames[start..] {
        if f.time > to {
            break;
        }
        v.push((f.time, Some(f)));
    }
    v
}

/// The window an expectation checks, clipped to the run; `Err` when it lies after the end.
fn resolve(win: &Window, trace: &Trace, lang: Lang) -> Result<(SimTime, SimTime), String> {
    let end = trace.until;
    if win.from > end {
        return Err(match lang {
            Lang::En => format!(
                "the run ends at {}, before the window starts ({})",
                dur(end),
                dur(win.from)
            ),
            Lang::Zh => format!(
                "运行在 {} 结束，早于窗口的开始（{}）",
                dur(end),
                dur(win.from)
            ),
        });
    }
    Ok((win.from, win.to.unwrap_or(end).min(end)))
}

fn evaluate_one(index: usize, e: &Expectation, trace: &Trace, lang: Lang) -> Outcome {
    let summary = summary_in(e, lang);
    let mut out = Outcome {
        index,
        passed: false,
        time: SimTime::ZERO,
        from: SimTime::ZERO,
        to: trace.until,
        field: String::new(),
        summary,
        observed: String::new(),
    };
    // The instant or window, clipped to the run.
    let (from, to) = match &e.when {
        When::At(t) => {
            if *t > trace.until {
                out.time = trace.until;
                out.field = "at".into();
                out.observed = match lang {
                    Lang::En => format!(
                        "the run ends at {}, before {} (raise spec.until)",
                        dur(trace.until),
                        dur(*t)
                    ),
                    Lang::Zh => format!(
                        "运行在 {} 结束，早于 {}（请调大 spec.until）",
                        dur(trace.until),
                        dur(*t)
                    ),
                };
                return out;
            }
            match e.check {
                // Events and log lines up to the instant.
                Check::Event(_) | Check::Log(_) => (SimTime::ZERO, *t),
                Check::State(_) => (*t, *t),
            }
        }
        When::Eventually(w) | When::Always(w) | When::Never(w) => match resolve(w, trace, lang) {
            Ok(x) => x,
            Err(m) => {
                out.time = trace.until;
                out.field = "within".into();
                out.observed = format!(
                    "{m}{}",
                    lang.pick(" (raise spec.until)", "（请调大 spec.until）")
                );
                return out;
            }
        },
    };
    out.from = from;
    out.to = to;
    match &e.check {
        Check::State(s) => state(&mut out, &e.when, s, trace, lang),
        Check::Event(ev) => events(&mut out, &e.when, ev, trace, lang),
        Check::Log(l) => logs(&mut out, &e.when, l, trace, lang),
    }
    out
}

/// `a, b; c` of the failing checks at one instant: `kubectl.ready is "0/1" (expected "1/1")`.
fn mismatches(checks: &[FieldCheck], seen: &[Seen], lang: Lang) -> String {
    checks
        .iter()
        .zip(seen)
        .filter(|(_, s)| !s.ok)
        .map(|(c, s)| match lang {
            Lang::En => format!("{} is {} (expected {})", c.path, s.text, c.expected(lang)),
            Lang::Zh => format!("{} 为 {}（预期 {}）", c.path, s.text, c.expected(lang)),
        })
        .collect::<Vec<_>>()
        .join(lang.pick("; ", "；"))
}

/// `at 20s: …` / `20s 时：…`.
fn at_text(t: SimTime, rest: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("at {}: {rest}", dur(t)),
        Lang::Zh => format!("{} 时：{rest}", dur(t)),
    }
}

/// Most value changes quoted per field in a failure message.
const MAX_HISTORY: usize = 8;

fn state(out: &mut Outcome, when: &When, s: &StateMatch, trace: &Trace, lang: Lang) {
    let checks = state_checks(s);
    let frames = frames_in(trace, out.from, out.to);
    let seen_at =
        |f: Option<&Frame>| -> Vec<Seen> { checks.iter().map(|c| observe(c, f, lang)).collect() };
    let first_failing = |seen: &[Seen]| {
        checks
            .iter()
            .zip(seen)
            .find(|(_, s)| !s.ok)
            .map(|(c, _)| yaml_field(&c.path))
            .unwrap_or_default()
    };
    let window = window_text(out.from, out.to);
    match when {
        When::At(t) => {
            let seen = seen_at(frames.last().and_then(|(_, f)| *f));
            out.time = *t;
            out.passed = seen.iter().all(|s| s.ok);
            if out.passed {
                out.observed = at_text(*t, lang.pick("as expected", "符合预期"), lang);
            } else {
                out.field = first_failing(&seen);
                out.observed = at_text(*t, &mismatches(&checks, &seen, lang), lang);
            }
        }
        When::Always(_) => match frames.iter().find(|(_, f)| !all_hold(&checks, *f)) {
            Some((t, f)) => {
                let seen = seen_at(*f);
                out.time = *t;
                out.field = first_failing(&seen);
                out.observed = at_text(*t, &mismatches(&checks, &seen, lang), lang);
            }
            None => {
                out.passed = true;
                out.time = out.to;
                out.observed = match lang {
                    Lang::En => format!("held throughout {window}"),
                    Lang::Zh => format!("在 {window} 内一直成立"),
                };
            }
        },
        When::Never(_) => match frames.iter().find(|(_, f)| all_hold(&checks, *f)) {
            Some((t, f)) => {
                let seen = seen_at(*f);
                out.time = *t;
                out.field = checks
                    .first()
                    .map(|c| yaml_field(&c.path))
                    .unwrap_or_default();
                let matched: Vec<String> = checks
                    .iter()
                    .zip(&seen)
                    .map(|(c, s)| match lang {
                        Lang::En => format!("{} is {}", c.path, s.text),
                        Lang::Zh => format!("{} 为 {}", c.path, s.text),
                    })
                    .collect();
                out.observed = at_text(*t, &matched.join(lang.pick("; ", "；")), lang);
            }
            None => {
                out.passed = true;
                out.time = out.to;
                out.observed = match lang {
                    Lang::En => format!("did not happen in {window}"),
                    Lang::Zh => format!("在 {window} 内没有发生"),
                };
            }
        },
        When::Eventually(_) => {
            if let Some((t, _)) = frames.iter().find(|(_, f)| all_hold(&checks, *f)) {
                out.passed = true;
                out.time = *t;
                out.observed = match lang {
                    Lang::En => format!("first at {}", dur(*t)),
                    Lang::Zh => format!("首次成立于 {}", dur(*t)),
                };
                return;
            }
            out.time = out.to;
            // Each field's values over the window (texts made only where a value changes).
            let mut history: Vec<Vec<(SimTime, Val<'_>, bool)>> = vec![Vec::new(); checks.len()];
            for (i, c) in checks.iter().enumerate() {
                let mut last: Option<Val<'_>> = None;
                for (t, f) in &frames {
                    let v = value(c, *f);
                    if last == Some(v) {
                        continue;
                    }
                    last = Some(v);
                    history[i].push((*t, v, matches(&c.want, v)));
                }
            }
            // Fields that never matched; if each matched at some instant, all of them.
            let never: Vec<usize> = (0..checks.len())
                .filter(|&i| history[i].iter().all(|(_, _, ok)| !ok))
                .collect();
            let shown: Vec<usize> = if never.is_empty() {
                (0..checks.len()).collect()
            } else {
                never
            };
            out.field = shown
                .first()
                .map(|&i| yaml_field(&checks[i].path))
                .unwrap_or_default();
            let parts: Vec<String> = shown
                .iter()
                .map(|&i| {
                    let h = &history[i];
                    let mut vals: Vec<String> = Vec::new();
                    for (k, (t, v, _)) in h.iter().enumerate().take(MAX_HISTORY) {
                        let end = h.get(k + 1).map(|(n, _, _)| *n).unwrap_or(out.to);
                        vals.push(format!("{} {}–{}", val_text(*v, lang), dur(*t), dur(end)));
                    }
                    if h.len() > MAX_HISTORY {
                        let more = h.len() - MAX_HISTORY;
                        vals.push(match lang {
                            Lang::En => format!("… ({more} more changes)"),
                            Lang::Zh => format!("…（另有 {more} 次变化）"),
                        });
                    }
                    let (path, expected) = (&checks[i].path, checks[i].expected(lang));
                    match lang {
                        Lang::En => format!("{path} was {} (expected {expected})", vals.join(", ")),
                        Lang::Zh => format!("{path} 依次为 {}（预期 {expected}）", vals.join("，")),
                    }
                })
                .collect();
            let lead = if shown.len() == checks.len() && checks.len() > 1 && never_empty(&history) {
                lang.pick(
                    "each check held at some instant, never all at once: ",
                    "每项检查都曾成立，但从未同时成立：",
                )
            } else {
                ""
            };
            out.observed = match lang {
                Lang::En => format!("not within {window}: {lead}{}", parts.join("; ")),
                Lang::Zh => format!("在 {window} 内未满足：{lead}{}", parts.join("；")),
            };
        }
    }
}

fn never_empty(history: &[Vec<(SimTime, Val<'_>, bool)>]) -> bool {
    history.iter().all(|h| h.iter().any(|(_, _, ok)| *ok))
}

/// The container a `spec.containers{name}` / `spec.initContainers{name}` object names.
fn event_container(object: &str) -> Option<&str> {
    let rest = object
        .strip_prefix("spec.containers{")
        .or_else(|| object.strip_prefix("spec.initContainers{"))?;
    rest.split_once('}').map(|(name, _)| name)
}

fn times_text(times: &[SimTime], lang: Lang) -> String {
    let mut v: Vec<String> = times.iter().take(MAX_HISTORY).map(|t| dur(*t)).collect();
    if times.len() > MAX_HISTORY {
        let more = times.len() - MAX_HISTORY;
        v.push(match lang {
            Lang::En => format!("… {more} more"),
            Lang::Zh => format!("…另有 {more} 个"),
        });
    }
    v.join(", ")
}

/// What was counted and where, for [`count_verdict`].
struct Counted<'a> {
    /// `Warning Unhealthy event(s)`, `log line(s) containing "x"` (English); the zh noun.
    what: &'a str,
    times: &'a [SimTime],
    /// The first occurrence, quoted (for `never`).
    first_detail: Option<String>,
    /// A note appended to the message (events the spam filter dropped).
    extra: &'a str,
}

fn count_verdict(out: &mut Outcome, when: &When, count: Count, c: Counted<'_>, lang: Lang) {
    let Counted {
        what,
        times,
        first_detail,
        extra,
    } = c;
    let n = times.len() as i64;
    let window = match (when, lang) {
        (When::At(t), Lang::En) => format!("by {}", dur(*t)),
        (When::At(t), Lang::Zh) => format!("截至 {}", dur(*t)),
        (_, Lang::En) => format!("in {}", window_text(out.from, out.to)),
        (_, Lang::Zh) => format!("在 {} 内", window_text(out.from, out.to)),
    };
    out.passed = count.holds(n);
    out.time = match (out.passed, matches!(when, When::Never(_))) {
        // never: the first offending occurrence.
        (false, true) => times.first().copied().unwrap_or(out.to),
        (true, _) => times.last().copied().unwrap_or(out.to),
        (false, false) => out.to,
    };
    let list = match (times.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) => format!(" (at {})", times_text(times, lang)),
        (false, Lang::Zh) => format!("（时间 {}）", times_text(times, lang)),
    };
    // `3 Killing events in [0s, 5m0s]` / `在 [0s, 5m0s] 内有 3 个 Killing 事件`.
    let counted = match lang {
        Lang::En => format!("{n} {what} {window}{list}"),
        Lang::Zh => format!("{window}有 {n} 个{what}{list}"),
    };
    if out.passed {
        out.observed = format!("{counted}{extra}");
        return;
    }
    out.field = match when {
        When::Never(_) => String::new(),
        _ => "count".to_string(),
    };
    out.observed = match (when, first_detail, lang) {
        (When::Never(_), Some(d), Lang::En) => {
            format!("{counted}, expected none; the first: {d}{extra}")
        }
        (When::Never(_), Some(d), Lang::Zh) => format!("{counted}，预期没有；第一个：{d}{extra}"),
        (_, _, Lang::En) => format!("{counted}, expected {count}{extra}"),
        (_, _, Lang::Zh) => format!("{counted}，预期 {count}{extra}"),
    };
}

fn events(out: &mut Outcome, when: &When, ev: &EventMatch, trace: &Trace, lang: Lang) {
    let matches = |e: &podlife_engine::Event| {
        e.time >= out.from
            && e.time <= out.to
            && ev.reason.as_deref().is_none_or(|r| r == e.reason)
            && ev.type_.as_deref().is_none_or(|t| t == e.type_)
            && ev.from.as_deref().is_none_or(|f| f == e.from)
            && ev.message.as_deref().is_none_or(|m| e.message.contains(m))
            && ev
                .container
                .as_deref()
                .is_none_or(|c| event_container(&e.object) == Some(c))
    };
    let mut times = Vec::new();
    let mut first = None;
    let mut dropped = 0;
    for e in trace.events.iter().filter(|e| matches(e)) {
        if !e.recorded {
            dropped += 1;
            continue;
        }
        if first.is_none() {
            first = Some(format!(
                "{} {} {}: {:?}",
                dur(e.time),
                e.type_,
                e.reason,
                e.message.trim_end()
            ));
        }
        times.push(e.time);
    }
    let extra = match (dropped, lang) {
        (0, _) => String::new(),
        (_, Lang::En) => format!(
            " ({dropped} more dropped by the kubelet's event spam filter: the API server never saw them)"
        ),
        (_, Lang::Zh) => format!(
            "（另有 {dropped} 个被 kubelet 的事件垃圾过滤器丢弃：API server 从未收到）"
        ),
    };
    let what = match lang {
        Lang::En => format!(
            "{} event{}",
            event_label(ev, lang),
            if times.len() == 1 { "" } else { "s" }
        ),
        Lang::Zh => format!(" {} 事件", event_label(ev, lang)),
    };
    let counted = Counted {
        what: &what,
        times: &times,
        first_detail: first,
        extra: &extra,
    };
    count_verdict(out, when, ev.count, counted, lang);
    if !out.passed && out.field.is_empty() {
        out.field = "event".into();
    }
    if !out.passed && out.field == "count" {
        out.field = "event.count".into();
    }
}

fn logs(out: &mut Outcome, when: &When, l: &LogMatch, trace: &Trace, lang: Lang) {
    let mut times = Vec::new();
    let mut first = None;
    for x in trace.logs.iter().filter(|x| {
        x.time >= out.from
            && x.time <= out.to
            && l.container.as_deref().is_none_or(|c| c == x.container)
            && l.stream.as_deref().is_none_or(|s| s == x.stream)
            && x.line.contains(l.line.as_str())
    }) {
        if first.is_none() {
            first = Some(format!("{} {}: {:?}", dur(x.time), x.container, x.line));
        }
        times.push(x.time);
    }
    let what = match lang {
        Lang::En => format!(
            "log line{} containing {:?}",
            if times.len() == 1 { "" } else { "s" },
            l.line
        ),
        Lang::Zh => format!("包含 {:?} 的日志行", l.line),
    };
    let counted = Counted {
        what: &what,
        times: &times,
        first_detail: first,
        extra: "",
    };
    count_verdict(out, when, l.count, counted, lang);
    if !out.passed {
        out.field = if out.field == "count" {
            "log.count".into()
        } else {
            "log".into()
        };
    }
}
