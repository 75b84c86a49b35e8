//! The default scheduler's part: pick a node or explain why none fits (rules §11.6, §11.7),
//! and retry an unschedulable pod every 5 minutes.

use podlife_spec::profile::{Profile, Rule};
use podlife_spec::{Node, Pod, SimTime};

use crate::kubelet::events::{self, NORMAL, WARNING};
use crate::sim::recorder::Recorder;

/// Re-try interval of an unschedulable pod (podMaxInUnschedulablePodsDuration, UNCONFIRMED).
const RETRY_MS: u64 = 300_000;

/// The scheduler's view of the pod.
pub(crate) struct Scheduler {
    /// The node the pod is bound to.
    pub(crate) node: Option<usize>,
    /// The FailedScheduling message while unschedulable.
    pub(crate) unschedulable: Option<String>,
    retry_at: Option<SimTime>,
}

impl Scheduler {
    pub(crate) fn new() -> Scheduler {
        Scheduler {
            node: None,
            unschedulable: None,
            retry_at: None,
        }
    }

    pub(crate) fn retry_timer(&self) -> Option<SimTime> {
        self.retry_at
    }

    /// Whether the retry of an unschedulable pod is due at `now` (consumed).
    pub(crate) fn take_due_retry(&mut self, now: SimTime) -> bool {
        if self.retry_at.is_some_and(|t| t <= now) {
            self.retry_at = None;
            return true;
        }
        false
    }

    /// One scheduling attempt at `now`: binds the pod (a `Scheduled` event; returns the node)
    /// or records `FailedScheduling` and retries later (returns `None`).
    pub(crate) fn schedule_pod(
        &mut self,
        pod: &Pod,
        nodes: &[Node],
        profile: Profile,
        now: SimTime,
        recorder: &mut Recorder,
    ) -> Option<usize> {
        match schedule(pod, nodes, profile) {
            Decision::Bind(node) => {
                self.unschedulable = None;
                self.retry_at = None;
                let message = format!(
                    "Successfully assigned {}/{} to {}",
                    pod.namespace, pod.name, nodes[node].name
                );
                recorder.record(
                    now,
                    NORMAL,
                    events::SCHEDULED,
                    events::DEFAULT_SCHEDULER,
                    events::POD_OBJECT.into(),
                    message,
                );
                Some(node)
            }
            Decision::Unschedulable(message) => {
                recorder.record(
                    now,
                    WARNING,
                    events::FAILED_SCHEDULING,
                    events::DEFAULT_SCHEDULER,
                    events::POD_OBJECT.into(),
                    message.clone(),
                );
                self.unschedulable = Some(message);
                self.retry_at = Some(now + SimTime::from_millis(RETRY_MS));
                None
            }
        }
    }
}

/// Effective pod request of one resource in milli-units: max(sum of regular + sidecar
/// containers, max over init containers) (§7.12, sidecar-aware formula simplified: documented).
pub(crate) fn effective_request_milli(pod: &Pod, resource: &str) -> i128 {
    let sum: i128 = pod
        .spec
        .containers
        .iter()
        .chain(pod.spec.init_containers.iter().filter(|c| c.is_sidecar()))
        .map(|c| c.resources.request_milli(resource).unwrap_or(0))
        .sum();
    let init_max = pod
        .spec
        .init_containers
        .iter()
        .filter(|c| !c.is_sidecar())
        .map(|c| c.resources.request_milli(resource).unwrap_or(0))
        .max()
        .unwrap_or(0);
    sum.max(init_max)
}

fn tolerated(pod: &Pod, key: &str, value: Option<&str>, effect: &str) -> bool {
    pod.spec.tolerations.iter().any(|t| {
        let effect_ok = t
            .effect
            .as_deref()
            .is_none_or(|e| e.is_empty() || e == effect);
        let key_ok = match t.key.as_deref() {
            None | Some("") => t.operator == "Exists",
            Some(k) => k == key,
        };
        let value_ok = t.operator == "Exists" || t.value.as_deref() == value;
        effect_ok && key_ok && value_ok
    })
}

/// Why one node does not fit, in the scheduler's filter order (taints, node selector,
/// resources), and whether preemption could help there (only resource shortages can be
/// resolved by evicting pods: the others are UnschedulableAndUnresolvable). Several
/// `Insufficient` reasons can come from one node.
fn node_reasons(pod: &Pod, node: &Node, profile: Profile) -> (Vec<String>, bool) {
    for t in &node.taints {
        if (t.effect == "NoSchedule" || t.effect == "NoExecute")
            && !tolerated(pod, &t.key, t.value.as_deref(), &t.effect)
        {
            let reason = profile.untolerated_taint_reason(&t.key, t.value.as_deref().unwrap_or(""));
            return (vec![reason], false);
        }
    }
    for (k, v) in &pod.spec.node_selector {
        if node.labels.get(k) != Some(v) {
            return (
                vec!["node(s) didn't match Pod's node affinity/selector".to_string()],
                false,
            );
        }
    }
    let mut out = Vec::new();
    if effective_request_milli(pod, "cpu") > node.cpu_milli {
        out.push("Insufficient cpu".to_string());
    }
    if effective_request_milli(pod, "memory") > node.memory_bytes.saturating_mul(1000) {
        out.push("Insufficient memory".to_string());
    }
    (out, true)
}

pub(crate) enum Decision {
    Bind(usize),
    /// The FailedScheduling message.
    Unschedulable(String),
}

/// Counts one more `reason` (a short list: a `BTreeMap<String, usize>` would be one more tree
/// instance in the app, and [`histogram`] sorts anyway).
fn count(hist: &mut Vec<(String, usize)>, reason: String) {
    match hist.iter_mut().find(|(r, _)| *r == reason) {
        Some((_, c)) => *c += 1,
        None => hist.push((reason, 1)),
    }
}

/// `<count> <reason>` entries sorted as strings, joined by ", " (§11.7).
fn histogram(hist: &[(String, usize)]) -> String {
    let mut entries: Vec<String> = hist.iter().map(|(r, c)| format!("{c} {r}")).collect();
    podlife_spec::sort::sort(&mut entries);
    entries.join(", ")
}

/// Filters every node; the first feasible node in spec order wins (scoring omitted: documented).
pub(crate) fn schedule(pod: &Pod, nodes: &[Node], profile: Profile) -> Decision {
    const NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
    const NO_VICTIMS: &str = "No preemption victims found for incoming pod";
    let mut hist: Vec<(String, usize)> = Vec::new();
    let mut preemption: Vec<(String, usize)> = Vec::new();
    let mut resolvable = false;
    for (i, n) in nodes.iter().enumerate() {
        let (reasons, preemption_might_help) = node_reasons(pod, n, profile);
        if reasons.is_empty() {
            return Decision::Bind(i);
        }
        resolvable |= preemption_might_help;
        // §11.7: nodes where only resources are short are tried by preemption, which finds no
        // lower-priority pods to evict there; the others are not worth trying.
        let verdict = if preemption_might_help {
            NO_VICTIMS
        } else {
            NOT_HELPFUL
        };
        count(&mut preemption, verdict.to_string());
        for r in reasons {
            count(&mut hist, r);
        }
    }
    let n = nodes.len();
    if n == 0 {
        return Decision::Unschedulable("no nodes available to schedule pods".to_string());
    }
    let preemption = if profile.has(Rule::PreemptionPerNode) {
        histogram(&preemption)
    } else if resolvable {
        // Rules v1: one verdict for every node.
        format!("{n} {NO_VICTIMS}")
    } else {
        format!("{n} {NOT_HELPFUL}")
    };
    // §14.6: from 1.34 the DynamicResources plugin's PostFilter speaks first.
    let post_filters = match profile.dra_post_filter_message() {
        Some(dra) => format!("{dra}, "),
        None => String::new(),
    };
    Decision::Unschedulable(format!(
        "0/{n} nodes are available: {}. {post_filters}preemption: 0/{n} nodes are available: {preemption}.",
        histogram(&hist)
    ))
}

#[cfg(test)]
mod tests;
