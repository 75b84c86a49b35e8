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
            Message::Podlife(note) => note.to_string().as_str() == other,
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
#[derive(Clone, Debug, PartialEq, Eq)]
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

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NOT_CREATED: &str =
            "not created: kubectl apply reports the error and still creates the rest of the stream";
        match self {
            Note::InputTooLarge { bytes, limit } => {
                write!(f, "input is {bytes} bytes; the limit is {limit} bytes (1 MiB)")
            }
            Note::NestingTooDeep { limit } => write!(f, "nesting is deeper than {limit} levels"),
            Note::AliasBomb { limit, nodes } => write!(
                f,
                "YAML aliases expand to more than {limit} nodes ({nodes} so far): refusing an alias bomb"
            ),
            Note::TooManyDocuments { limit } => write!(f, "more than {limit} documents"),
            Note::InvalidMergeKey => f.write_str("invalid YAML merge key (<<)"),
            Note::NoPodFound => f.write_str("no Pod found: paste a Pod, or a Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job, CronJob or PodTemplate"),
            Note::DidYouMean { field } => write!(f, "did you mean {field:?}?"),
            Note::NotCreated { object, pod_runs_without_it } => {
                match object {
                    RefusedObject::ListItems => f.write_str("this List's objects are")?,
                    RefusedObject::Named { kind, name } => write!(f, "{kind} {name:?} is")?,
                    RefusedObject::Unnamed { kind } => write!(f, "this {kind} is")?,
                    RefusedObject::Unknown => f.write_str("this object is")?,
                }
                write!(f, " {NOT_CREATED}")?;
                if *pod_runs_without_it {
                    f.write_str(", so the pod runs without it")?;
                }
                Ok(())
            }
            Note::ServiceInOtherNamespace { service, service_namespace, pod_namespace } => write!(
                f,
                "Service {service:?} is in namespace {service_namespace:?}, the pod in {pod_namespace:?}: from the pod it resolves as {service}.{service_namespace}, not as {service}"
            ),
            Note::KindNotSimulated { kind } => {
                write!(f, "{kind} is not simulated: podlife runs one Pod; this document is ignored")?;
                if kind == "Namespace" {
                    f.write_str(" (every namespace exists in podlife)")?;
                }
                Ok(())
            }
            Note::ProbePortNameNotDeclared { name } => write!(
                f,
                "port name {name:?} is not declared in this container's ports: the kubelet cannot resolve it, so the probe fails"
            ),
            Note::ProbePortNotDeclared { port } => write!(
                f,
                "port {port} is not declared in this container's ports (allowed, but easy to get wrong)"
            ),
            Note::NoProbes => f.write_str("no probes: the container counts as ready as soon as it starts, and a hung process is never restarted"),
            Note::LivenessSameAsReadiness => f.write_str("livenessProbe is identical to readinessProbe: when the check fails the container is restarted, not just taken out of service"),
            Note::ImageWithoutTag { image } => write!(
                f,
                "image {image:?} has no tag (same as :latest): imagePullPolicy defaults to Always and what runs can change between pulls"
            ),
            Note::ImageLatest { image } => write!(
                f,
                "image {image:?} uses :latest: imagePullPolicy defaults to Always and what runs can change between pulls"
            ),
            Note::NoLimits => f.write_str("no resources.limits: the container may use all of the node's memory and CPU"),
            Note::SleepLongerThanLivenessDelay { sleep_seconds, initial_delay_seconds } => write!(
                f,
                "the container first runs `sleep {sleep_seconds}`, but the livenessProbe starts after {initial_delay_seconds}s: consider a startupProbe or a longer initialDelaySeconds"
            ),
            Note::NoSpaceAfterColon { written, key, value } => write!(
                f,
                "`{written}` has no space after `{key}:`, so YAML reads it as one string, not as the `{key}` field; write `{key}: {value}`"
            ),
            Note::IndentedUnderValue { key, parent, parent_line } => write!(
                f,
                "`{key}:` is indented more than `{parent}:` (line {parent_line}), which already has a value; align `{key}` with `{parent}`, or move it where it belongs"
            ),
            Note::ChildAtParentIndentation { parent, parent_line, child } => write!(
                f,
                "`{parent}:` (line {parent_line}) is empty and `{child}:` is at the same indentation, so `{child}` is not inside `{parent}`; indent `{child}` and the lines under it by two more spaces"
            ),
            Note::NodeNamed { node } => write!(
                f,
                "the simulated cluster's one node is named {node:?} so this pod can run there (a Scenario document with `nodes` changes that)"
            ),
            Note::NodeLabelled { labels } => write!(
                f,
                "the simulated cluster's one node is labelled {} so this pod can be scheduled (a Scenario document with `nodes` changes that)",
                labels.join(",")
            ),
            Note::DroppedByFeatureGate { minor, gate } => write!(
                f,
                "dropped without an error by the Kubernetes 1.{minor} API server: feature gate {gate} is off by default in 1.{minor}"
            ),
            Note::NegativeGracePeriod { seconds } => write!(
                f,
                "the API server stores a Pod's negative terminationGracePeriodSeconds ({seconds}) as 1"
            ),
            Note::OnePodOfController { field, count, pod } => write!(
                f,
                "{field}: {count}: podlife simulates one pod ({pod}) of the {count}"
            ),
            Note::SchedulingGatesNotSimulated => f.write_str("not simulated yet: podlife schedules the pod at once (a cluster keeps it Pending, reason SchedulingGated, until the gates are removed)"),
            Note::ContainerRestartRulesNotSimulated { minor } => write!(
                f,
                "valid in 1.{minor} but not simulated yet: podlife restarts this container by the pod's restartPolicy"
            ),
            Note::ActionAfterUntil { at, until } => {
                write!(f, "action at {at} is after spec.until ({until}); it never happens")
            }
            Note::ExpectationAfterUntil { at, until } => write!(
                f,
                "at {at} is after spec.until ({until}): the run ends before it, so this expectation fails"
            ),
        }
    }
}
