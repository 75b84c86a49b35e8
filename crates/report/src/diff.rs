//! What differs between two runs A and B: events that happen in one and not the other or at
//! other times (or with another message), and status changes (phase, kubectl's READY, STATUS,
//! RESTARTS, each condition) that do. Deterministic; `podlife diff` prints it and the page's
//! Compare lists it, first divergence first.
//!
//! Matching: the k-th occurrence of an event (same type, reason and object) in A is paired
//! with the k-th in B; the k-th time a status field takes a value in A with the k-th time in B.
//! So "the 2nd Killing" is compared with the 2nd Killing, however much earlier things went
//! apart.

use std::collections::BTreeMap;

use podlife_engine::views::tabwriter::TabWriter;
use podlife_engine::Trace;
use podlife_spec::{format_go_duration, SimTime};

use crate::Lang;

/// What a difference is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An event, identified by type, reason and object (`pod`, `spec.containers{c}`).
    Event {
        type_: String,
        reason: String,
        object: String,
    },
    /// A status field taking a value: `phase`, `READY`, `STATUS`, `RESTARTS`, or
    /// `condition <Type>`.
    Status { field: String, value: String },
}

impl Subject {
    /// `Normal Killing spec.containers{liveness}`, `STATUS CrashLoopBackOff`.
    pub fn label(&self) -> String {
        match self {
            Subject::Event {
                type_,
                reason,
                object,
            } => format!("{type_} {reason} {object}"),
            Subject::Status { field, value } => format!("{field} {value}"),
        }
    }
}

/// One run's side of a difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    pub time: SimTime,
    /// Index in the trace's `events` (events) or `frames` (status).
    pub index: usize,
    /// The event's message (empty for status).
    pub message: String,
    /// False for an event the kubelet's spam filter dropped (not in `kubectl events`).
    pub recorded: bool,
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub subject: Subject,
    /// Which occurrence of the subject (1-based).
    pub ordinal: usize,
    pub a: Option<Side>,
    pub b: Option<Side>,
}

/// How the two sides differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    OnlyA,
    OnlyB,
    /// Both, at different times (B minus A, milliseconds).
    Moved(i64),
    /// Both, at the same time, with different messages.
    Reworded,
}

impl Difference {
    /// The earlier of its two instants: where the runs go apart on this point.
    pub fn time(&self) -> SimTime {
        match (&self.a, &self.b) {
            (Some(a), Some(b)) => a.time.min(b.time),
            (Some(a), None) => a.time,
            (None, Some(b)) => b.time,
            (None, None) => SimTime::ZERO,
        }
    }

    pub fn change(&self) -> Change {
        match (&self.a, &self.b) {
            (Some(a), Some(b)) if a.time != b.time => {
                Change::Moved(b.time.as_millis() as i64 - a.time.as_millis() as i64)
            }
            (Some(_), Some(_)) => Change::Reworded,
            (Some(_), None) => Change::OnlyA,
            _ => Change::OnlyB,
        }
    }
}

/// The pod's `kubectl get pods` row at the end of the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndState {
    pub ready: String,
    pub status: String,
    pub restarts: u32,
    pub phase: String,
}

/// A difference of setup worth saying before the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// Kubernetes minors of A and B.
    Versions(u32, u32),
    /// Horizons of A and B, and where the comparison stops.
    Horizons(SimTime, SimTime, SimTime),
    /// `namespace/name` of the pods of A and B.
    Pods(String, String),
}

impl Note {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Note::Versions(a, b), Lang::En) => format!("Kubernetes 1.{a} in A, 1.{b} in B"),
            (Note::Versions(a, b), Lang::Zh) => format!("A 为 Kubernetes 1.{a}，B 为 1.{b}"),
            (Note::Horizons(a, b, h), Lang::En) => format!(
                "A runs until {}, B until {}: compared up to {}",
                dur(*a),
                dur(*b),
                dur(*h)
            ),
            (Note::Horizons(a, b, h), Lang::Zh) => format!(
                "A 运行到 {}，B 运行到 {}：只比较到 {}",
                dur(*a),
                dur(*b),
                dur(*h)
            ),
            (Note::Pods(a, b), Lang::En) => format!(
                "the pods differ: {a} in A, {b} in B (messages that name the pod differ too)"
            ),
            (Note::Pods(a, b), Lang::Zh) => {
                format!("Pod 不同：A 为 {a}，B 为 {b}（提到 Pod 名的消息也随之不同）")
            }
        }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// The differences between runs A and B, first divergence first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diff {
    pub items: Vec<Difference>,
    /// The runs are compared up to here (the shorter of the two horizons).
    pub horizon: SimTime,
    /// Differences of setup worth saying first (Kubernetes version, horizon, pod name).
    pub notes: Vec<Note>,
    pub end_a: Option<EndState>,
    pub end_b: Option<EndState>,
}

impl Diff {
    /// The first divergence (the earliest difference).
    pub fn first(&self) -> Option<&Difference> {
        self.items.first()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.end_a == self.end_b
    }
}

type EventKey = (String, String, String);

fn event_occurrences(trace: &Trace, horizon: SimTime) -> BTreeMap<EventKey, Vec<Side>> {
    let mut m: BTreeMap<EventKey, Vec<Side>> = BTreeMap::new();
    for (i, e) in trace.events.iter().enumerate() {
        if e.time > horizon {
            break;
        }
        m.entry((e.type_.to_string(), e.reason.to_string(), e.object.clone()))
            .or_default()
            .push(Side {
                time: e.time,
                index: i,
                message: e.message.trim_end().to_string(),
                recorded: e.recorded,
            });
    }
    m
}

/// Every value each status field takes, in time order: (field, value) → occurrences.
fn status_occurrences(trace: &Trace, horizon: SimTime) -> BTreeMap<(String, String), Vec<Side>> {
    let mut m: BTreeMap<(String, String), Vec<Side>> = BTreeMap::new();
    let mut last: BTreeMap<String, String> = BTreeMap::new();
    for (i, f) in trace.frames.iter().enumerate() {
        if f.time > horizon {
            break;
        }
        let mut values: Vec<(String, String)> = Vec::new();
        if f.exists {
            values.push(("phase".into(), f.phase.to_string()));
            values.push(("READY".into(), f.kubectl.ready.clone()));
            values.push(("STATUS".into(), f.kubectl.status.clone()));
            values.push(("RESTARTS".into(), f.kubectl.restarts.to_string()));
            for c in &f.conditions {
                values.push((format!("condition {}", c.type_), c.status.to_string()));
            }
        } else {
            values.push(("STATUS".into(), "(pod deleted)".into()));
        }
        for (field, value) in values {
            if last.get(&field) == Some(&value) {
                continue;
            }
            last.insert(field.clone(), value.clone());
            m.entry((field, value)).or_default().push(Side {
                time: f.time,
                index: i,
                message: String::new(),
                recorded: true,
            });
        }
    }
    m
}

/// Pairs the k-th occurrences of each key; keeps the pairs that differ.
fn pair<K: Ord + Clone>(
    a: BTreeMap<K, Vec<Side>>,
    mut b: BTreeMap<K, Vec<Side>>,
    subject: impl Fn(&K) -> Subject,
    out: &mut Vec<Difference>,
) {
    let mut keys: Vec<K> = a.keys().cloned().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    let mut a = a;
    for k in keys {
        let sa = a.remove(&k).unwrap_or_default();
        let sb = b.remove(&k).unwrap_or_default();
        let n = sa.len().max(sb.len());
        let mut ia = sa.into_iter();
        let mut ib = sb.into_iter();
        for ordinal in 1..=n {
            let (x, y) = (ia.next(), ib.next());
            let same = match (&x, &y) {
                (Some(x), Some(y)) => x.time == y.time && x.message == y.message,
                _ => false,
            };
            if !same {
                out.push(Difference {
                    subject: subject(&k),
                    ordinal,
                    a: x,
                    b: y,
                });
            }
        }
    }
}

fn end_state(trace: &Trace, at: SimTime) -> Option<EndState> {
    trace.frame_at(at).filter(|f| f.exists).map(|f| EndState {
        ready: f.kubectl.ready.clone(),
        status: f.kubectl.status.clone(),
        restarts: f.kubectl.restarts,
        phase: f.phase.to_string(),
    })
}

fn dur(t: SimTime) -> String {
    format_go_duration(t.as_millis())
}

/// Compares run A with run B.
pub fn diff(a: &Trace, b: &Trace) -> Diff {
    let horizon = a.until.min(b.until);
    let mut notes = Vec::new();
    let (ma, mb) = (a.scenario.setup.kube_minor, b.scenario.setup.kube_minor);
    if ma != mb {
        notes.push(Note::Versions(ma, mb));
    }
    if a.until != b.until {
        notes.push(Note::Horizons(a.until, b.until, horizon));
    }
    if (&a.pod.namespace, &a.pod.name) != (&b.pod.namespace, &b.pod.name) {
        notes.push(Note::Pods(
            format!("{}/{}", a.pod.namespace, a.pod.name),
            format!("{}/{}", b.pod.namespace, b.pod.name),
        ));
    }
    let mut items = Vec::new();
    pair(
        event_occurrences(a, horizon),
        event_occurrences(b, horizon),
        |k: &EventKey| Subject::Event {
            type_: k.0.clone(),
            reason: k.1.clone(),
            object: k.2.clone(),
        },
        &mut items,
    );
    pair(
        status_occurrences(a, horizon),
        status_occurrences(b, horizon),
        |k: &(String, String)| Subject::Status {
            field: k.0.clone(),
            value: k.1.clone(),
        },
        &mut items,
    );
    // Earliest first; at equal times events before status changes, then the later instant;
    // symmetric, so diff(B, A) lists the same items in the same order.
    let later = |d: &Difference| {
        d.a.iter()
            .chain(d.b.iter())
            .map(|s| s.time)
            .max()
            .unwrap_or_default()
    };
    let rank = |d: &Difference| u8::from(matches!(d.subject, Subject::Status { .. }));
    podlife_spec::sort::sort_by(&mut items, |x, y| {
        (x.time(), rank(x), later(x), &x.subject, x.ordinal).cmp(&(
            y.time(),
            rank(y),
            later(y),
            &y.subject,
            y.ordinal,
        ))
    });
    Diff {
        items,
        horizon,
        notes,
        end_a: end_state(a, horizon),
        end_b: end_state(b, horizon),
    }
}

fn ordinal_text(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One sentence for a difference: `the 1st Normal Killing spec.containers{liveness} is at 45s
/// in A, 35s in B (10s earlier)`.
pub fn sentence(d: &Difference) -> String {
    sentence_in(d, Lang::En)
}

/// [`sentence`] in `lang` (the subject — event type, reason, object, status value — stays as
/// kubectl prints it).
pub fn sentence_in(d: &Difference, lang: Lang) -> String {
    let what = match lang {
        Lang::En => format!("the {} {}", ordinal_text(d.ordinal), d.subject.label()),
        Lang::Zh => format!("第 {} 个 {}", d.ordinal, d.subject.label()),
    };
    match (d.change(), &d.a, &d.b, lang) {
        (Change::Moved(delta), Some(a), Some(b), _) => {
            let by = dur(SimTime::from_millis(delta.unsigned_abs()));
            let (ta, tb) = (dur(a.time), dur(b.time));
            match lang {
                Lang::En => {
                    let dir = if delta < 0 { "earlier" } else { "later" };
                    format!("{what} is at {ta} in A, {tb} in B ({by} {dir})")
                }
                Lang::Zh => {
                    let dir = if delta < 0 { "早" } else { "晚" };
                    format!("{what}：A 在 {ta}，B 在 {tb}（B {dir} {by}）")
                }
            }
        }
        (Change::Reworded, Some(a), Some(b), Lang::En) => format!(
            "{what} at {} says {:?} in A, {:?} in B",
            dur(a.time),
            a.message,
            b.message
        ),
        (Change::Reworded, Some(a), Some(b), Lang::Zh) => format!(
            "{what}（{}）：A 为 {:?}，B 为 {:?}",
            dur(a.time),
            a.message,
            b.message
        ),
        (_, Some(a), None, Lang::En) => format!("{what} is only in A, at {}", dur(a.time)),
        (_, Some(a), None, Lang::Zh) => format!("{what} 只在 A 中出现，时间 {}", dur(a.time)),
        (_, None, Some(b), Lang::En) => format!("{what} is only in B, at {}", dur(b.time)),
        (_, None, Some(b), Lang::Zh) => format!("{what} 只在 B 中出现，时间 {}", dur(b.time)),
        _ => what,
    }
}

fn end_text(e: &Option<EndState>) -> String {
    match e {
        Some(e) => format!(
            "READY {} STATUS {} RESTARTS {} (phase {})",
            e.ready, e.status, e.restarts, e.phase
        ),
        None => "no pod".to_string(),
    }
}

/// The difference as text: notes, the first divergence, a table of every difference
/// (`~` at other times, `-` only in A, `+` only in B, `!` other message), and the state at
/// the end. `a_name` and `b_name` say where A and B came from.
pub fn render_text(d: &Diff, a: &Trace, b: &Trace, a_name: &str, b_name: &str) -> String {
    let mut out = String::new();
    for (tag, name, t) in [("A", a_name, a), ("B", b_name, b)] {
        out.push_str(&format!(
            "{tag}: {name} — pod {}, Kubernetes 1.{}, until {}\n",
            t.pod.name,
            t.scenario.setup.kube_minor,
            dur(t.until)
        ));
    }
    for n in &d.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    let Some(first) = d.first() else {
        if d.end_a == d.end_b {
            out.push_str(&format!(
                "No differences up to {}: the same events at the same times and the same status.\n",
                dur(d.horizon)
            ));
        } else {
            out.push_str(&format!(
                "At {}: A {} | B {}\n",
                dur(d.horizon),
                end_text(&d.end_a),
                end_text(&d.end_b)
            ));
        }
        return out;
    };
    out.push_str(&format!(
        "\nFirst divergence at {}: {}\n",
        dur(first.time()),
        sentence(first)
    ));
    if let Some(s) = first.a.as_ref().or(first.b.as_ref()) {
        if !s.message.is_empty() {
            out.push_str(&format!("  {}\n", s.message));
        }
    }
    out.push_str(&format!(
        "\n{} difference{} up to {} (~ at other times, - only in A, + only in B, ! other message):\n",
        d.items.len(),
        if d.items.len() == 1 { "" } else { "s" },
        dur(d.horizon)
    ));
    let mut table = String::from(" \tTIME\tA\tB\tWHAT\tMESSAGE\n");
    for item in &d.items {
        let mark = match item.change() {
            Change::Moved(_) => "~",
            Change::OnlyA => "-",
            Change::OnlyB => "+",
            Change::Reworded => "!",
        };
        let side = |s: &Option<Side>| match s {
            Some(s) if !s.recorded => format!("{}*", dur(s.time)),
            Some(s) => dur(s.time),
            None => "-".into(),
        };
        let message = match (&item.a, &item.b) {
            (Some(x), Some(y)) if x.message != y.message => {
                format!("A: {} | B: {}", x.message, y.message)
            }
            (Some(x), _) => x.message.clone(),
            (None, Some(y)) => y.message.clone(),
            _ => String::new(),
        };
        table.push_str(&format!(
            "{mark}\t{}\t{}\t{}\t{} #{}\t{}\n",
            dur(item.time()),
            side(&item.a),
            side(&item.b),
            item.subject.label(),
            item.ordinal,
            message.replace(['\n', '\t'], " ")
        ));
    }
    out.push_str(&TabWriter::kubectl_get().format(&table));
    if d.items.iter().any(|i| {
        i.a.as_ref().is_some_and(|s| !s.recorded) || i.b.as_ref().is_some_and(|s| !s.recorded)
    }) {
        out.push_str("(* dropped by the kubelet's event spam filter: not in kubectl events)\n");
    }
    out.push_str(&format!(
        "\nAt {}: A {} | B {}\n",
        dur(d.horizon),
        end_text(&d.end_a),
        end_text(&d.end_b)
    ));
    out
}
