//! What a diagnostic says. The API server's texts (`unknown field`, `Required value`, ...) and
//! the YAML parser's are kept as they write them: English in every language, as in a real
//! cluster. podlife's own words are a [`Note`]: a kind and its values, rendered in English here
//! (the CLI's language) and in other languages by the page (web/src/hints.rs), so a kind cannot
//! be added without its translation.

use std::fmt;

/// One diagnostic's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// The API server's or the YAML parser's text, as it writes it.
    Api(String),
    /// podlife's own words.
    Podlife(Note),
}

impl From<String> for Message {
    fn from(text: String) -> Message {
        Message::Api(text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message::Api(text.to_string())
    }
}

impl From<Note> for Message {
    fn from(note: Note) -> Message {
        Message::Podlife(note)
    }
}

impl Message {
    /// The text as the CLI prints it.
    pub fn english(&self) -> String {
        match self {
            Message::Api(text) => text.clone(),
            Message::Podlife(note) => note.say(&English),
        }
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Api(text) => f.write_str(text),
            Message::Podlife(note) => note.fmt(f),
        }
    }
}

/// Compared as the CLI prints it (tests and callers that hold English text).
impl PartialEq<str> for Message {
    fn eq(&self, other: &str) -> bool {
        match self {
            Message::Api(text) => text == other,
            Message::Podlife(note) => note.say(&English) == other,
        }
    }
}

impl PartialEq<&str> for Message {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl PartialEq<String> for Message {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

/// The object `kubectl apply` leaves out of the stream after its error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefusedObject {
    /// The items of a `kind: List`.
    ListItems,
    Named {
        kind: String,
        name: String,
    },
    /// A kind without `metadata.name`.
    Unnamed {
        kind: String,
    },
    /// No kind either.
    Unknown,
}

/// podlife's own words: its hints, warnings, "did you mean" and its own errors (limits).
/// Values quoted with `{:?}` in English are quoted the same way in every language.
#[derive(Clone, Debug)]
pub enum Note {
    // Limits and the stream (lib.rs).
    InputTooLarge {
        bytes: usize,
        limit: usize,
    },
    NestingTooDeep {
        limit: usize,
    },
    AliasBomb {
        limit: usize,
        nodes: usize,
    },
    TooManyDocuments {
        limit: usize,
    },
    InvalidMergeKey,
    NoPodFound,
    // The YAML parser's errors explained (`parser`: its own words, kept).
    NumberTooBig {
        number: String,
    },
    AliasRepetitionLimit {
        parser: String,
    },
    AliasInsideItsAnchor {
        anchor: Option<String>,
        parser: String,
    },
    ParserNestingTooDeep {
        limit: usize,
        parser: String,
    },
    UnknownAnchor {
        anchor: String,
    },
    /// After the API server's `unknown field` error.
    DidYouMean {
        field: String,
    },
    NotCreated {
        object: RefusedObject,
        pod_runs_without_it: bool,
    },
    ServiceInOtherNamespace {
        service: String,
        service_namespace: String,
        pod_namespace: String,
    },
    KindNotSimulated {
        kind: String,
    },
    // Lint hints (lint.rs).
    ProbePortNameNotDeclared {
        name: String,
    },
    ProbePortNotDeclared {
        port: u16,
    },
    NoProbes,
    LivenessSameAsReadiness,
    ImageWithoutTag {
        image: String,
    },
    ImageLatest {
        image: String,
    },
    NoLimits,
    SleepLongerThanLivenessDelay {
        sleep_seconds: i64,
        initial_delay_seconds: i32,
    },
    NoSpaceAfterColon {
        written: String,
        key: String,
        value: String,
    },
    IndentedUnderValue {
        key: String,
        parent: String,
        parent_line: usize,
    },
    ChildAtParentIndentation {
        parent: String,
        parent_line: usize,
        child: String,
    },
    // The simulated cluster and the minor's API server (controllers.rs).
    NodeNamed {
        node: String,
    },
    NodeLabelled {
        labels: Vec<String>,
    },
    DroppedByFeatureGate {
        minor: u32,
        gate: String,
    },
    NegativeGracePeriod {
        seconds: i64,
    },
    OnePodOfController {
        field: String,
        count: i64,
        pod: String,
    },
    SchedulingGatesNotSimulated,
    ContainerRestartRulesNotSimulated {
        minor: u32,
    },
    // The Scenario document (scenario_doc.rs).
    ActionAfterUntil {
        at: String,
        until: String,
    },
    ExpectationAfterUntil {
        at: String,
        until: String,
    },
}

/// A value a note shows.
enum Part<'a> {
    Text(&'a str),
    /// Quoted as Go's and Rust's `%q`/`{:?}` quote it.
    Quoted(&'a str),
    /// A number (or any value shown as it displays).
    Shown(&'a dyn fmt::Display),
    /// Items joined by `,`.
    Joined(&'a [String]),
    Object(&'a RefusedObject),
}

const NONE: Part<'static> = Part::Text("");

impl Note {
    /// The values the templates place as `{0}`, `{1}`, `{2}`.
    fn parts(&self) -> [Part<'_>; 3] {
        use Part::{Joined, Object, Quoted, Shown as n, Text};
        match self {
            Note::InputTooLarge { bytes, limit } => [n(bytes), n(limit), NONE],
            Note::NestingTooDeep { limit } | Note::TooManyDocuments { limit } => {
                [n(limit), NONE, NONE]
            }
            Note::AliasBomb { limit, nodes } => [n(limit), n(nodes), NONE],
            Note::InvalidMergeKey
            | Note::NoPodFound
            | Note::NoProbes
            | Note::LivenessSameAsReadiness
            | Note::NoLimits
            | Note::SchedulingGatesNotSimulated => [NONE, NONE, NONE],
            Note::NumberTooBig { number } => [Text(number), NONE, NONE],
            Note::AliasRepetitionLimit { parser } => [Text(parser), NONE, NONE],
            Note::AliasInsideItsAnchor { anchor, parser } => {
                [Text(anchor.as_deref().unwrap_or("")), Text(parser), NONE]
            }
            Note::ParserNestingTooDeep { limit, parser } => [n(limit), Text(parser), NONE],
            Note::UnknownAnchor { anchor } => [Text(anchor), NONE, NONE],
            Note::DidYouMean { field } => [Quoted(field), NONE, NONE],
            Note::NotCreated { object, .. } => [Object(object), NONE, NONE],
            Note::ServiceInOtherNamespace {
                service,
                service_namespace,
                pod_namespace,
            } => [Text(service), Text(service_namespace), Text(pod_namespace)],
            Note::KindNotSimulated { kind } => [Text(kind), NONE, NONE],
            Note::ProbePortNameNotDeclared { name } => [Quoted(name), NONE, NONE],
            Note::ProbePortNotDeclared { port } => [n(port), NONE, NONE],
            Note::ImageWithoutTag { image } | Note::ImageLatest { image } => {
                [Quoted(image), NONE, NONE]
            }
            Note::SleepLongerThanLivenessDelay {
                sleep_seconds,
                initial_delay_seconds,
            } => [n(sleep_seconds), n(initial_delay_seconds), NONE],
            Note::NoSpaceAfterColon {
                written,
                key,
                value,
            } => [Text(written), Text(key), Text(value)],
            Note::IndentedUnderValue {
                key,
                parent,
                parent_line,
            } => [Text(key), Text(parent), n(parent_line)],
            Note::ChildAtParentIndentation {
                parent,
                parent_line,
                child,
            } => [Text(parent), n(parent_line), Text(child)],
            Note::NodeNamed { node } => [Quoted(node), NONE, NONE],
            Note::NodeLabelled { labels } => [Joined(labels), NONE, NONE],
            Note::DroppedByFeatureGate { minor, gate } => [n(minor), Text(gate), NONE],
            Note::NegativeGracePeriod { seconds } => [n(seconds), NONE, NONE],
            Note::OnePodOfController { field, count, pod } => [Text(field), n(count), Text(pod)],
            Note::ContainerRestartRulesNotSimulated { minor } => [n(minor), NONE, NONE],
            Note::ActionAfterUntil { at, until } | Note::ExpectationAfterUntil { at, until } => {
                [Text(at), Text(until), NONE]
            }
        }
    }

    /// The note in the language of `book`.
    pub fn say(&self, book: &dyn Phrasebook) -> String {
        let mut out = String::new();
        say_note(self, book, &mut out);
        out
    }
}

fn say_note(note: &Note, book: &dyn Phrasebook, out: &mut String) {
    let parts = note.parts();
    podlife_spec::phrase::fill(out, book.note(note), &mut |out, i| {
        if let Some(part) = parts.get(i) {
            say_part(part, book, out);
        }
    });
}

fn say_part(part: &Part<'_>, book: &dyn Phrasebook, out: &mut String) {
    use std::fmt::Write;
    match part {
        Part::Text(text) => out.push_str(text),
        Part::Quoted(text) => {
            let _ = write!(out, "{text:?}");
        }
        Part::Shown(value) => {
            let _ = write!(out, "{value}");
        }
        Part::Joined(items) => out.push_str(&items.join(",")),
        Part::Object(object) => {
            let values = match object {
                RefusedObject::Named { kind, name } => [Part::Text(kind), Part::Quoted(name)],
                RefusedObject::Unnamed { kind } => [Part::Text(kind), NONE],
                RefusedObject::ListItems | RefusedObject::Unknown => [NONE, NONE],
            };
            podlife_spec::phrase::fill(out, book.refused(object), &mut |out, i| {
                if let Some(part) = values.get(i) {
                    say_part(part, book, out);
                }
            });
        }
    }
}

/// One language's templates for podlife's notes: `{0}`, `{1}`, `{2}` place the note's values
/// (in the order of [`English`]'s templates). Implementations match every kind, no catch-all.
pub trait Phrasebook {
    fn note(&self, note: &Note) -> &'static str;
    fn refused(&self, object: &RefusedObject) -> &'static str;
}

/// The CLI's language.
pub struct English;

impl Phrasebook for English {
    fn note(&self, note: &Note) -> &'static str {
        match note {
            Note::InputTooLarge { .. } => "input is {0} bytes; the limit is {1} bytes (1 MiB)",
            Note::NestingTooDeep { .. } => "nesting is deeper than {0} levels",
            Note::AliasBomb { .. } => "YAML aliases expand to more than {0} nodes ({1} so far): refusing an alias bomb",
            Note::TooManyDocuments { .. } => "more than {0} documents",
            Note::InvalidMergeKey => "invalid YAML merge key (<<)",
            Note::NoPodFound => "no Pod found: paste a Pod, or a Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job, CronJob or PodTemplate",
            Note::NumberTooBig { .. } => "the number {0} does not fit in 64 bits",
            Note::AliasRepetitionLimit { .. } => "YAML aliases expand to more than serde_yaml's repetition limit: refusing an alias bomb ({0})",
            Note::AliasInsideItsAnchor { anchor: Some(_), .. } => "the alias *{0} is inside the node anchored &{0}: an alias cannot contain itself ({1})",
            Note::AliasInsideItsAnchor { anchor: None, .. } => "an alias is inside the node its anchor names: an alias cannot contain itself ({1})",
            Note::ParserNestingTooDeep { .. } => "nesting is deeper than {0} levels ({1})",
            Note::UnknownAnchor { .. } => "unknown anchor: the alias *{0} is used, but no anchor &{0} is defined before it",
            Note::DidYouMean { .. } => "did you mean {0}?",
            Note::NotCreated { pod_runs_without_it: false, .. } => "{0} not created: kubectl apply reports the error and still creates the rest of the stream",
            Note::NotCreated { pod_runs_without_it: true, .. } => "{0} not created: kubectl apply reports the error and still creates the rest of the stream, so the pod runs without it",
            Note::ServiceInOtherNamespace { .. } => "Service \"{0}\" is in namespace \"{1}\", the pod in \"{2}\": from the pod it resolves as {0}.{1}, not as {0}",
            Note::KindNotSimulated { kind } if kind == "Namespace" => "{0} is not simulated: podlife runs one Pod; this document is ignored (every namespace exists in podlife)",
            Note::KindNotSimulated { .. } => "{0} is not simulated: podlife runs one Pod; this document is ignored",
            Note::ProbePortNameNotDeclared { .. } => "port name {0} is not declared in this container's ports: the kubelet cannot resolve it, so the probe fails",
            Note::ProbePortNotDeclared { .. } => "port {0} is not declared in this container's ports (allowed, but easy to get wrong)",
            Note::NoProbes => "no probes: the container counts as ready as soon as it starts, and a hung process is never restarted",
            Note::LivenessSameAsReadiness => "livenessProbe is identical to readinessProbe: when the check fails the container is restarted, not just taken out of service",
            Note::ImageWithoutTag { .. } => "image {0} has no tag (same as :latest): imagePullPolicy defaults to Always and what runs can change between pulls",
            Note::ImageLatest { .. } => "image {0} uses :latest: imagePullPolicy defaults to Always and what runs can change between pulls",
            Note::NoLimits => "no resources.limits: the container may use all of the node's memory and CPU",
            Note::SleepLongerThanLivenessDelay { .. } => "the container first runs `sleep {0}`, but the livenessProbe starts after {1}s: consider a startupProbe or a longer initialDelaySeconds",
            Note::NoSpaceAfterColon { .. } => "`{0}` has no space after `{1}:`, so YAML reads it as one string, not as the `{1}` field; write `{1}: {2}`",
            Note::IndentedUnderValue { .. } => "`{0}:` is indented more than `{1}:` (line {2}), which already has a value; align `{0}` with `{1}`, or move it where it belongs",
            Note::ChildAtParentIndentation { .. } => "`{0}:` (line {1}) is empty and `{2}:` is at the same indentation, so `{2}` is not inside `{0}`; indent `{2}` and the lines under it by two more spaces",
            Note::NodeNamed { .. } => "the simulated cluster's one node is named {0} so this pod can run there (a Scenario document with `nodes` changes that)",
            Note::NodeLabelled { .. } => "the simulated cluster's one node is labelled {0} so this pod can be scheduled (a Scenario document with `nodes` changes that)",
            Note::DroppedByFeatureGate { .. } => "dropped without an error by the Kubernetes 1.{0} API server: feature gate {1} is off by default in 1.{0}",
            Note::NegativeGracePeriod { .. } => "the API server stores a Pod's negative terminationGracePeriodSeconds ({0}) as 1",
            Note::OnePodOfController { .. } => "{0}: {1}: podlife simulates one pod ({2}) of the {1}",
            Note::SchedulingGatesNotSimulated => "not simulated yet: podlife schedules the pod at once (a cluster keeps it Pending, reason SchedulingGated, until the gates are removed)",
            Note::ContainerRestartRulesNotSimulated { .. } => "valid in 1.{0} but not simulated yet: podlife restarts this container by the pod's restartPolicy",
            Note::ActionAfterUntil { .. } => "action at {0} is after spec.until ({1}); it never happens",
            Note::ExpectationAfterUntil { .. } => "at {0} is after spec.until ({1}): the run ends before it, so this expectation fails",
        }
    }

    fn refused(&self, object: &RefusedObject) -> &'static str {
        match object {
            RefusedObject::ListItems => "this List's objects are",
            RefusedObject::Named { .. } => "{0} {1} is",
            RefusedObject::Unnamed { .. } => "this {0} is",
            RefusedObject::Unknown => "this object is",
        }
    }
}

/// Equal when the CLI says the same: one comparison instead of one per kind in the page's
/// code (diagnostics are compared on every analysis; this is not a hot path).
impl PartialEq for Note {
    fn eq(&self, other: &Note) -> bool {
        self.say(&English) == other.say(&English)
    }
}

impl Eq for Note {}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&English))
    }
}
