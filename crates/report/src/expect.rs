//! Evaluating expectations (`spec.expect`) against a trace: a pure function of the two, so
//! `podlife test` and the page give the same verdict, at the same instant, with the same
//! words.

use podlife_engine::{Frame, Trace};
use podlife_spec::expect::{
    Check, Count, EventMatch, Expectation, LogMatch, StateMatch, When, Window,
};
use podlife_spec::{format_go_duration, SimTime};

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

/// Evaluates every expectation against the trace, in order.
pub fn evaluate(expectations: &[Expectation], trace: &Trace) -> Vec<Outcome> {
    expectations
        .iter()
        .enumerate()
        .map(|(i, e)| evaluate_one(i, e, trace))
        .collect()
}

fn dur(t: SimTime) -> String {
    format_go_duration(t.as_millis())
}

fn window_text(from: SimTime, to: SimTime) -> String {
    format!("[{}, {}]", dur(from), dur(to))
}

/// The words for the time part of an expectation: `at 20s`, `within [0s, 5m0s]`,
/// `always within [...]`, `never` (whole run).
pub fn when_text(when: &When) -> String {
    let w = |label: &str, win: &Window| match win.to {
        None if win.from == SimTime::ZERO => label.to_string(),
        None => format!("{label} from {}", dur(win.from)),
        Some(to) => format!("{label} within {}", window_text(win.from, to)),
    };
    match when {
        When::At(t) => format!("at {}", dur(*t)),
        When::Eventually(win) if win.to.is_some() => {
            format!(
                "within {}",
                window_text(win.from, win.to.unwrap_or_default())
            )
        }
        When::Eventually(win) => w("eventually", win),
        When::Always(win) => w("always", win),
        When::Never(win) => w("never", win),
    }
}

/// One line describing what an expectation checks.
pub fn summary(e: &Expectation) -> String {
    format!("{}: {}", when_text(&e.when), check_text(&e.check))
}

fn check_text(c: &Check) -> String {
    match c {
        Check::State(s) => state_checks(s)
            .iter()
            .map(|f| f.describe())
            .collect::<Vec<_>>()
            .join(", "),
        Check::Event(ev) => {
            let mut parts = vec![format!("event {}", event_label(ev))];
            parts.push(format!("count {}", ev.count));
            parts.join(" ")
        }
        Check::Log(l) => {
            let mut s = format!("log line containing {:?}", l.line);
            if let Some(c) = &l.container {
                s.push_str(&format!(" in {c}"));
            }
            if let Some(st) = &l.stream {
                s.push_str(&format!(" on {st}"));
            }
            s.push_str(&format!(" count {}", l.count));
            s
        }
    }
}

fn event_label(ev: &EventMatch) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &ev.type_ {
        parts.push(t.clone());
    }
    if let Some(r) = &ev.reason {
        parts.push(r.clone());
    }
    if parts.is_empty() {
        parts.push("(any)".into());
    }
    if let Some(c) = &ev.container {
        parts.push(format!("of container {c}"));
    }
    if let Some(f) = &ev.from {
        parts.push(format!("from {f}"));
    }
    if let Some(m) = &ev.message {
        parts.push(format!("with message containing {m:?}"));
    }
    parts.join(" ")
}

/// One field check of a state expectation.
struct FieldCheck {
    /// Relative path: `kubectl.ready`, `container.exitCode`.
    path: String,
    want: Want,
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
    fn describe(&self) -> String {
        match &self.want {
            Want::Is(s) => format!("{} = {s:?}", self.path),
            Want::Contains(s) => format!("{} contains {s:?}", self.path),
            Want::Count(c) => match c.op {
                podlife_spec::expect::CmpOp::Eq => format!("{} = {}", self.path, c.value),
                _ => format!("{} {c}", self.path),
            },
            Want::Flag(b) => format!("{} = {b}", self.path),
        }
    }

    fn expected(&self) -> String {
        match &self.want {
            Want::Is(s) => format!("{s:?}"),
            Want::Contains(s) => format!("containing {s:?}"),
            Want::Count(c) => c.to_string(),
            Want::Flag(b) => b.to_string(),
        }
    }
}

/// What one field looked like in one frame: its text (for messages) and whether it matched.
#[derive(Clone, PartialEq, Eq)]
struct Seen {
    text: String,
    ok: bool,
}

fn state_checks(s: &StateMatch) -> Vec<FieldCheck> {
    let mut v = Vec::new();
    let mut push = |path: &str, want: Want| {
        v.push(FieldCheck {
            path: path.to_string(),
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

/// What `check` sees in `frame` (`None`: the pod does not exist yet).
fn observe(check: &FieldCheck, frame: Option<&Frame>) -> Seen {
    let gone = |text: &str| Seen {
        text: text.to_string(),
        ok: false,
    };
    let Some(f) = frame else {
        return if matches!(check.want, Want::Flag(false)) && check.path == "exists" {
            Seen {
                text: "false (not created yet)".into(),
                ok: true,
            }
        } else {
            gone("(the pod is not created yet)")
        };
    };
    if check.path == "exists" {
        let ok = matches!(check.want, Want::Flag(b) if b == f.exists);
        return Seen {
            text: f.exists.to_string(),
            ok,
        };
    }
    if !f.exists {
        return gone("(the pod is deleted)");
    }
    let mut parts = check.path.splitn(2, '.');
    let head = parts.next().unwrap_or_default();
    let tail = parts.next().unwrap_or_default();
    let value: Result<Value, String> = if head == "phase" {
        Ok(Value::Text(Some(f.phase.to_string())))
    } else if head == "kubectl" {
        match tail {
            "ready" => Ok(Value::Text(Some(f.kubectl.ready.clone()))),
            "status" => Ok(Value::Text(Some(f.kubectl.status.clone()))),
            "restarts" => Ok(Value::Num(i64::from(f.kubectl.restarts))),
            "ip" => Ok(Value::Text(f.pod_ip.clone())),
            _ => Ok(Value::Text(f.node_name.clone())),
        }
    } else if let Some(kind) = head
        .strip_prefix("condition[")
        .and_then(|r| r.strip_suffix(']'))
    {
        match f.conditions.iter().find(|c| c.type_ == kind) {
            None => Err(format!("(condition {kind} is not reported)")),
            Some(c) => Ok(match tail {
                "status" => Value::Text(Some(c.status.to_string())),
                "reason" => Value::Text(c.reason.clone()),
                "message" => Value::Text(c.message.clone()),
                _ => Value::Flag(true),
            }),
        }
    } else if let Some(name) = head
        .strip_prefix("container[")
        .and_then(|r| r.strip_suffix(']'))
    {
        match f.containers.iter().find(|c| &*c.name == name) {
            None => Err(format!("(container {name} has no status)")),
            Some(c) => Ok(match tail {
                "state" => Value::Text(Some(c.state.to_string())),
                "reason" => Value::Text(c.reason.as_deref().map(str::to_string)),
                "message" => Value::Text(c.message.as_deref().map(str::to_string)),
                "exitCode" => match c.exit_code {
                    Some(x) => Value::Num(i64::from(x)),
                    None => Value::Text(None),
                },
                "restarts" => Value::Num(i64::from(c.restart_count)),
                "ready" => Value::Flag(c.ready),
                "started" => Value::Flag(c.started),
                "lastState.reason" => Value::Text(
                    c.last_state
                        .as_ref()
                        .and_then(|l| l.reason.as_deref().map(str::to_string)),
                ),
                "lastState.message" => Value::Text(
                    c.last_state
                        .as_ref()
                        .and_then(|l| l.message.as_deref().map(str::to_string)),
                ),
                _ => match &c.last_state {
                    Some(l) => Value::Num(i64::from(l.exit_code)),
                    None => Value::Text(None),
                },
            }),
        }
    } else {
        Err("(unknown field)".to_string())
    };
    match value {
        Err(text) => Seen { text, ok: false },
        Ok(v) => {
            let ok = match (&check.want, &v) {
                (Want::Is(w), Value::Text(Some(s))) => w == s,
                (Want::Contains(w), Value::Text(Some(s))) => s.contains(w.as_str()),
                (Want::Count(c), Value::Num(n)) => c.holds(*n),
                (Want::Flag(b), Value::Flag(x)) => b == x,
                _ => false,
            };
            let text = match v {
                Value::Text(s) => opt_text(s.as_deref()),
                Value::Num(n) => n.to_string(),
                Value::Flag(b) => b.to_string(),
            };
            Seen { text, ok }
        }
    }
}

enum Value {
    Text(Option<String>),
    Num(i64),
    Flag(bool),
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
fn resolve(win: &Window, trace: &Trace) -> Result<(SimTime, SimTime), String> {
    let end = trace.until;
    if win.from > end {
        return Err(format!(
            "the run ends at {}, before the window starts ({})",
            dur(end),
            dur(win.from)
        ));
    }
    Ok((win.from, win.to.unwrap_or(end).min(end)))
}

fn evaluate_one(index: usize, e: &Expectation, trace: &Trace) -> Outcome {
    let summary = summary(e);
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
                out.observed = format!(
                    "the run ends at {}, before {} (raise spec.until)",
                    dur(trace.until),
                    dur(*t)
                );
                return out;
            }
            match e.check {
                // Events and log lines up to the instant.
                Check::Event(_) | Check::Log(_) => (SimTime::ZERO, *t),
                Check::State(_) => (*t, *t),
            }
        }
        When::Eventually(w) | When::Always(w) | When::Never(w) => match resolve(w, trace) {
            Ok(x) => x,
            Err(m) => {
                out.time = trace.until;
                out.field = "within".into();
                out.observed = format!("{m} (raise spec.until)");
                return out;
            }
        },
    };
    out.from = from;
    out.to = to;
    match &e.check {
        Check::State(s) => state(&mut out, &e.when, s, trace),
        Check::Event(ev) => events(&mut out, &e.when, ev, trace),
        Check::Log(l) => logs(&mut out, &e.when, l, trace),
    }
    out
}

/// `a, b; c` of the failing checks at one instant: `kubectl.ready is "0/1" (expected "1/1")`.
fn mismatches(checks: &[FieldCheck], seen: &[Seen]) -> String {
    checks
        .iter()
        .zip(seen)
        .filter(|(_, s)| !s.ok)
        .map(|(c, s)| format!("{} is {} (expected {})", c.path, s.text, c.expected()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Most value changes quoted per field in a failure message.
const MAX_HISTORY: usize = 8;

fn state(out: &mut Outcome, when: &When, s: &StateMatch, trace: &Trace) {
    let checks = state_checks(s);
    let frames = frames_in(trace, out.from, out.to);
    let seen_at =
        |f: Option<&Frame>| -> Vec<Seen> { checks.iter().map(|c| observe(c, f)).collect() };
    let all_ok = |seen: &[Seen]| seen.iter().all(|s| s.ok);
    let first_failing = |seen: &[Seen]| {
        checks
            .iter()
            .zip(seen)
            .find(|(_, s)| !s.ok)
            .map(|(c, _)| yaml_field(&c.path))
            .unwrap_or_default()
    };
    match when {
        When::At(t) => {
            let seen = seen_at(frames.last().and_then(|(_, f)| *f));
            out.time = *t;
            out.passed = all_ok(&seen);
            if out.passed {
                out.observed = format!("at {}: as expected", dur(*t));
            } else {
                out.field = first_failing(&seen);
                out.observed = format!("at {}: {}", dur(*t), mismatches(&checks, &seen));
            }
        }
        When::Always(_) => {
            for (t, f) in &frames {
                let seen = seen_at(*f);
                if !all_ok(&seen) {
                    out.time = *t;
                    out.field = first_failing(&seen);
                    out.observed = format!("at {}: {}", dur(*t), mismatches(&checks, &seen));
                    return;
                }
            }
            out.passed = true;
            out.time = out.to;
            out.observed = format!("held throughout {}", window_text(out.from, out.to));
        }
        When::Never(_) => {
            for (t, f) in &frames {
                let seen = seen_at(*f);
                if all_ok(&seen) {
                    out.time = *t;
                    out.field = checks
                        .first()
                        .map(|c| yaml_field(&c.path))
                        .unwrap_or_default();
                    let matched: Vec<String> = checks
                        .iter()
                        .zip(&seen)
                        .map(|(c, s)| format!("{} is {}", c.path, s.text))
                        .collect();
                    out.observed = format!("at {}: {}", dur(*t), matched.join("; "));
                    return;
                }
            }
            out.passed = true;
            out.time = out.to;
            out.observed = format!("did not happen in {}", window_text(out.from, out.to));
        }
        When::Eventually(_) => {
            // Value history per field, for the failure message.
            let mut history: Vec<Vec<(SimTime, Seen)>> = vec![Vec::new(); checks.len()];
            for (t, f) in &frames {
                let seen = seen_at(*f);
                if all_ok(&seen) {
                    out.passed = true;
                    out.time = *t;
                    out.observed = format!("first at {}", dur(*t));
                    return;
                }
                for (h, s) in history.iter_mut().zip(seen) {
                    if h.last().is_none_or(|(_, last)| *last != s) {
                        h.push((*t, s));
                    }
                }
            }
            out.time = out.to;
            // Fields that never matched; if each matched at some instant, all of them.
            let never: Vec<usize> = (0..checks.len())
                .filter(|&i| history[i].iter().all(|(_, s)| !s.ok))
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
                    for (k, (t, s)) in h.iter().enumerate().take(MAX_HISTORY) {
                        let end = h.get(k + 1).map(|(n, _)| *n).unwrap_or(out.to);
                        vals.push(format!("{} {}–{}", s.text, dur(*t), dur(end)));
                    }
                    if h.len() > MAX_HISTORY {
                        vals.push(format!("… ({} more changes)", h.len() - MAX_HISTORY));
                    }
                    format!(
                        "{} was {} (expected {})",
                        checks[i].path,
                        vals.join(", "),
                        checks[i].expected()
                    )
                })
                .collect();
            let lead = if shown.len() == checks.len() && checks.len() > 1 && never_empty(&history) {
                "each check held at some instant, never all at once: "
            } else {
                ""
            };
            out.observed = format!(
                "not within {}: {lead}{}",
                window_text(out.from, out.to),
                parts.join("; ")
            );
        }
    }
}

fn never_empty(history: &[Vec<(SimTime, Seen)>]) -> bool {
    history.iter().all(|h| h.iter().any(|(_, s)| s.ok))
}

/// The container a `spec.containers{name}` / `spec.initContainers{name}` object names.
fn event_container(object: &str) -> Option<&str> {
    let rest = object
        .strip_prefix("spec.containers{")
        .or_else(|| object.strip_prefix("spec.initContainers{"))?;
    rest.split_once('}').map(|(name, _)| name)
}

fn times_text(times: &[SimTime]) -> String {
    let mut v: Vec<String> = times.iter().take(MAX_HISTORY).map(|t| dur(*t)).collect();
    if times.len() > MAX_HISTORY {
        v.push(format!("… {} more", times.len() - MAX_HISTORY));
    }
    v.join(", ")
}

fn count_verdict(
    out: &mut Outcome,
    when: &When,
    count: Count,
    what: &str,
    times: &[SimTime],
    first_detail: Option<String>,
    extra: &str,
) {
    let n = times.len() as i64;
    let window = match when {
        When::At(t) => format!("by {}", dur(*t)),
        _ => format!("in {}", window_text(out.from, out.to)),
    };
    out.passed = count.holds(n);
    out.time = match (out.passed, matches!(when, When::Never(_))) {
        // never: the first offending occurrence.
        (false, true) => times.first().copied().unwrap_or(out.to),
        (true, _) => times.last().copied().unwrap_or(out.to),
        (false, false) => out.to,
    };
    let list = if times.is_empty() {
        String::new()
    } else {
        format!(" (at {})", times_text(times))
    };
    if out.passed {
        out.observed = format!("{n} {what} {window}{list}{extra}");
        return;
    }
    out.field = match when {
        When::Never(_) => String::new(),
        _ => "count".to_string(),
    };
    out.observed = match (when, first_detail) {
        (When::Never(_), Some(d)) => {
            format!("{n} {what} {window}{list}, expected none; the first: {d}{extra}")
        }
        _ => format!("{n} {what} {window}{list}, expected {count}{extra}"),
    };
}

fn events(out: &mut Outcome, when: &When, ev: &EventMatch, trace: &Trace) {
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
    let extra = if dropped > 0 {
        format!(
            " ({dropped} more dropped by the kubelet's event spam filter: the API server never saw them)"
        )
    } else {
        String::new()
    };
    let what = format!(
        "{} event{}",
        event_label(ev),
        if times.len() == 1 { "" } else { "s" }
    );
    count_verdict(out, when, ev.count, &what, &times, first, &extra);
    if !out.passed && out.field.is_empty() {
        out.field = "event".into();
    }
    if !out.passed && out.field == "count" {
        out.field = "event.count".into();
    }
}

fn logs(out: &mut Outcome, when: &When, l: &LogMatch, trace: &Trace) {
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
    let what = format!(
        "log line{} containing {:?}",
        if times.len() == 1 { "" } else { "s" },
        l.line
    );
    count_verdict(out, when, l.count, &what, &times, first, "");
    if !out.passed {
        out.field = if out.field == "count" {
            "log.count".into()
        } else {
            "log".into()
        };
    }
}
