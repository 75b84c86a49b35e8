//! `kubectl get pod NAME -o yaml` and `-o json` at an instant: the whole object.
//!
//! The object is what the API server stored at creation (`Pod::stored`: apiVersion, kind,
//! metadata, the spec with every default and admission change, built by the manifest front end)
//! plus what the cluster wrote since, read from the trace's frame at `t`: `creationTimestamp`,
//! `generation`, `resourceVersion`, the deletion fields, `spec.nodeName` (binding) and `status`
//! (the kubelet's last write). Printing is kubectl's: `podlife_spec::object` (go-yaml's emitter
//! for YAML, encoding/json for JSON).

use podlife_spec::object::Json;
use podlife_spec::profile::gate;
use podlife_spec::{ActionKind, Container, Pod, Quantity, SimTime};

use crate::ids::fnv64;
use crate::timefmt::rfc3339;
use crate::trace::{ContainerStatus, Frame, TerminatedState, Trace};

/// `kubectl get pod NAME -o yaml` at `t` (or the NotFound error once the object is gone).
pub fn pod_yaml(trace: &Trace, t: SimTime) -> String {
    match pod_object(trace, t) {
        Some(o) => o.to_yaml(),
        None => not_found(trace),
    }
}

/// `kubectl get pod NAME -o json` at `t`.
pub fn pod_json(trace: &Trace, t: SimTime) -> String {
    match pod_object(trace, t) {
        Some(o) => o.to_json_pretty(),
        None => not_found(trace),
    }
}

fn not_found(trace: &Trace) -> String {
    format!(
        "Error from server (NotFound): pods \"{}\" not found\n",
        trace.pod.name
    )
}

fn time(t: SimTime) -> Json {
    Json::Str(rfc3339(t))
}

/// The Pod object at `t`: `None` before it exists or once it is gone.
pub fn pod_object(trace: &Trace, t: SimTime) -> Option<Json> {
    let index = trace.frames.iter().rposition(|f| f.time <= t)?;
    let f = &trace.frames[index];
    if !f.exists {
        return None;
    }
    let pod = &trace.scenario.pod;
    let mut obj = match &pod.stored {
        Some(o) => o.clone(),
        None => typed_object(pod),
    };
    let minor = trace.scenario.setup.kube_minor;

    let md = obj.entry_map("metadata");
    md.insert("creationTimestamp", time(SimTime::ZERO));
    // metadata.generation: the frame's (1 at creation, +1 per scheduling-gate patch and at the
    // first graceful delete, §14.4); a rules-v1 trace has none: 1, +1 once deleting (generic
    // registry BeforeDelete; pods have it from 1.33, KEP-5067).
    let generation = f
        .generation
        .unwrap_or(1 + i64::from(f.deletion_timestamp.is_some()));
    md.insert("generation", generation);
    md.insert("resourceVersion", resource_version(trace, index));
    if let Some(d) = f.deletion_timestamp {
        md.insert("deletionTimestamp", time(d));
    }
    if let Some(g) = f.deletion_grace_period_seconds {
        md.insert("deletionGracePeriodSeconds", g);
    }

    let spec = obj.entry_map("spec");
    if let Some(node) = &f.node_name {
        spec.insert("nodeName", node.as_str());
    }
    // Scheduling gates the Scenario's patches removed by `t`.
    for a in &trace.scenario.setup.actions {
        let ActionKind::RemoveSchedulingGates { names } = &a.kind else {
            continue;
        };
        if a.at > f.time {
            continue;
        }
        let left: Vec<Json> = spec
            .get("schedulingGates")
            .map(Json::as_list)
            .unwrap_or(&[])
            .iter()
            .filter(|g| {
                !names.is_empty()
                    && !names
                        .iter()
                        .any(|n| g.get("name").and_then(Json::as_str) == Some(n.as_str()))
            })
            .cloned()
            .collect();
        if left.is_empty() {
            spec.remove("schedulingGates");
        } else {
            spec.insert("schedulingGates", Json::List(left));
        }
    }
    let spec = spec.clone();
    obj.insert("status", status(trace, f, &spec, minor));
    Some(obj)
}

/// A realistic, deterministic `resourceVersion`: the cluster's etcd revision when this status
/// was written. It starts from a number derived from the pod's UID and moves on with every write
/// a real cluster makes meanwhile: the pod's own (one per frame), its events, and the node's
/// lease renewals (every 10 s).
fn resource_version(trace: &Trace, frame: usize) -> String {
    let base = 100_000 + fnv64(&[&trace.scenario.pod.uid, "resourceVersion"]) % 900_000;
    let at = trace.frames[frame].time;
    let events = trace
        .events
        .iter()
        .filter(|e| e.recorded && e.time <= at)
        .count() as u64;
    let leases = at.as_millis() / 10_000;
    (base + frame as u64 + 1 + events + leases).to_string()
}

/// A minimal object for scenarios built in code (no manifest, so no stored spec): the typed
/// model's names and images.
fn typed_object(pod: &Pod) -> Json {
    let mut md = Json::map();
    md.insert("name", pod.name.as_str());
    md.insert("namespace", pod.namespace.as_str());
    md.insert("uid", pod.uid.as_str());
    let mut containers = Vec::new();
    for c in &pod.spec.containers {
        let mut m = Json::map();
        m.insert("name", c.name.as_str());
        m.insert("image", c.image.as_str());
        m.insert("imagePullPolicy", c.image_pull_policy.as_str());
        containers.push(m);
    }
    let mut spec = Json::map();
    spec.insert("containers", Json::List(containers));
    spec.insert("restartPolicy", pod.spec.restart_policy.as_str());
    let mut o = Json::map();
    o.insert("apiVersion", "v1");
    o.insert("kind", "Pod");
    o.insert("metadata", md);
    o.insert("spec", spec);
    o
}

/// The stored spec of the container named `name` (init containers first).
fn spec_container<'a>(spec: &'a Json, name: &str) -> Option<&'a Json> {
    ["initContainers", "containers"]
        .iter()
        .flat_map(|l| spec.get(l).map(Json::as_list).unwrap_or(&[]))
        .find(|c| c.get("name").and_then(Json::as_str) == Some(name))
}

fn terminated(t: &TerminatedState) -> Json {
    let mut m = Json::map();
    if !t.container_id.is_empty() {
        m.insert("containerID", &*t.container_id);
    }
    m.insert("exitCode", i64::from(t.exit_code));
    m.insert("finishedAt", time(t.finished_at));
    if let Some(msg) = t.message.as_deref().filter(|m| !m.is_empty()) {
        m.insert("message", msg);
    }
    if let Some(r) = t.reason.as_deref().filter(|r| !r.is_empty()) {
        m.insert("reason", r);
    }
    m.insert("startedAt", t.started_at.map(time).unwrap_or(Json::Null));
    let mut s = Json::map();
    s.insert("terminated", m);
    s
}

/// A container's status (kubelet_pods.go convertToAPIContainerStatuses).
fn container(c: &ContainerStatus, spec: Option<&Json>, minor: u32) -> Json {
    let mut m = Json::map();
    let created = !c.container_id.is_empty();
    if created {
        m.insert("containerID", &*c.container_id);
    }
    m.insert("image", &*c.image);
    m.insert("imageID", &*c.image_id);
    m.insert(
        "lastState",
        c.last_state
            .as_ref()
            .map(terminated)
            .unwrap_or_else(Json::map),
    );
    m.insert("name", &*c.name);
    m.insert("ready", c.ready);
    m.insert("restartCount", i64::from(c.restart_count));
    m.insert("started", c.started);
    let state = match c.state {
        "running" => {
            let mut r = Json::map();
            r.insert("startedAt", time(c.started_at.unwrap_or(SimTime::ZERO)));
            let mut s = Json::map();
            s.insert("running", r);
            s
        }
        "terminated" => terminated(&TerminatedState {
            state: "terminated",
            reason: c.reason.clone(),
            message: c.message.clone(),
            exit_code: c.exit_code.unwrap_or(0),
            started_at: c.started_at,
            finished_at: c.finished_at.unwrap_or(SimTime::ZERO),
            container_id: c.container_id.clone(),
        }),
        _ => {
            let mut w = Json::map();
            if let Some(msg) = c.message.as_deref().filter(|m| !m.is_empty()) {
                w.insert("message", msg);
            }
            if let Some(r) = c.reason.as_deref().filter(|r| !r.is_empty()) {
                w.insert("reason", r);
            }
            let mut s = Json::map();
            s.insert("waiting", w);
            s
        }
    };
    m.insert("state", state);
    // With InPlacePodVerticalScaling (beta from 1.33) a container the runtime knows reports its
    // resources (the allocated ones; the runtime's readings equal them for cpu and memory) and,
    // when it has requests, allocatedResources.
    let ippvs = gate("InPlacePodVerticalScaling").is_some_and(|g| g.enabled(minor));
    if created && ippvs {
        let resources = spec
            .and_then(|s| s.get("resources"))
            .cloned()
            .unwrap_or_else(Json::map);
        if let Some(r) = resources.get("requests").filter(|r| *r != &Json::map()) {
            m.insert("allocatedResources", r.clone());
        }
        m.insert("resources", resources);
    }
    // Every mount of the container (RecursiveReadOnlyMounts, GA): read-only ones say whether
    // the read-only mount is recursive.
    let mounts: Vec<Json> = spec
        .and_then(|s| s.get("volumeMounts"))
        .map(Json::as_list)
        .unwrap_or(&[])
        .iter()
        .map(|vm| {
            let mut x = Json::map();
            for k in ["mountPath", "name"] {
                if let Some(v) = vm.get(k) {
                    x.insert(k, v.clone());
                }
            }
            if vm.get("readOnly") == Some(&Json::Bool(true)) {
                x.insert("readOnly", true);
                let rro = match vm.get("recursiveReadOnly").and_then(Json::as_str) {
                    Some("Enabled" | "IfPossible") => "Enabled",
                    _ => "Disabled",
                };
                x.insert("recursiveReadOnly", rro);
            }
            x
        })
        .collect();
    if !mounts.is_empty() {
        m.insert("volumeMounts", Json::List(mounts));
    }
    m
}

/// `status` at frame `f` (generateAPIPodStatus as the trace recorded it).
fn status(trace: &Trace, f: &Frame, spec: &Json, minor: u32) -> Json {
    let mut s = Json::map();
    if !f.conditions.is_empty() {
        let conditions = f
            .conditions
            .iter()
            .map(|c| {
                let mut m = Json::map();
                m.insert("lastProbeTime", Json::Null);
                m.insert("lastTransitionTime", time(c.last_transition_time));
                if let Some(msg) = &c.message {
                    m.insert("message", msg.as_str());
                }
                if let Some(g) = c.observed_generation {
                    m.insert("observedGeneration", g);
                }
                if let Some(r) = &c.reason {
                    m.insert("reason", r.as_str());
                }
                m.insert("status", c.status);
                m.insert("type", c.type_);
                m
            })
            .collect();
        s.insert("conditions", Json::List(conditions));
    }
    let list = |init: bool| -> Vec<Json> {
        f.containers
            .iter()
            .filter(|c| (c.kind == "regular") != init)
            .map(|c| container(c, spec_container(spec, &c.name), minor))
            .collect()
    };
    if f.start_time.is_some() {
        let regular = list(false);
        if !regular.is_empty() {
            s.insert("containerStatuses", Json::List(regular));
        }
        let init = list(true);
        if !init.is_empty() {
            s.insert("initContainerStatuses", Json::List(init));
        }
    }
    if let Some(ip) = &f.host_ip {
        s.insert("hostIP", ip.as_str());
        s.insert("hostIPs", Json::List(vec![ip_entry(ip)]));
    }
    if let Some(m) = &f.message {
        s.insert("message", m.as_str());
    }
    if let Some(g) = f.observed_generation {
        s.insert("observedGeneration", g);
    }
    s.insert("phase", f.phase);
    if let Some(ip) = &f.pod_ip {
        s.insert("podIP", ip.as_str());
        s.insert("podIPs", Json::List(vec![ip_entry(ip)]));
    }
    s.insert("qosClass", f.qos_class);
    if let Some(r) = &f.reason {
        s.insert("reason", r.as_str());
    }
    if let Some(st) = f.start_time {
        s.insert("startTime", time(st));
    }
    // InPlacePodLevelResourcesVerticalScaling (beta from 1.36): the kubelet reports the pod's
    // own resources and what it allocated (kubelet_pods.go convertStatusToAPIStatus).
    let pod_level =
        gate("InPlacePodLevelResourcesVerticalScaling").is_some_and(|g| g.enabled(minor));
    if pod_level && f.start_time.is_some() {
        let (resources, allocated) = pod_resources(&trace.scenario.pod, f.phase == "Running");
        if let Some(a) = allocated {
            s.insert("allocatedResources", a);
        }
        s.insert("resources", resources);
    }
    s
}

fn ip_entry(ip: &str) -> Json {
    let mut m = Json::map();
    m.insert("ip", ip);
    m
}

/// A pod's effective requests or limits of one resource (resourcehelper.PodRequests/PodLimits):
/// regular containers and sidecars add up; a regular init container needs its own value plus
/// the sidecars started before it, and the larger of the two wins.
fn pod_total(pod: &Pod, pick: &dyn Fn(&Container) -> Option<Quantity>) -> Option<Quantity> {
    let add = |a: Option<Quantity>, b: Option<Quantity>| match (a, b) {
        (Some(a), Some(b)) => Some(a.plus(&b)),
        (a, b) => a.or(b),
    };
    let mut total: Option<Quantity> = None;
    for c in pod.spec.containers.iter() {
        total = add(total, pick(c));
    }
    let mut sidecars: Option<Quantity> = None;
    let mut init_max: Option<Quantity> = None;
    for c in &pod.spec.init_containers {
        if c.is_sidecar() {
            sidecars = add(sidecars, pick(c));
            continue;
        }
        let need = add(pick(c), sidecars.clone());
        if need.as_ref().map(|q| q.milli) > init_max.as_ref().map(|q| q.milli) {
            init_max = need;
        }
    }
    total = add(total, sidecars);
    match (total, init_max) {
        (Some(t), Some(i)) if i.milli > t.milli => Some(i),
        (t, i) => t.or(i),
    }
}

/// The pod-level `status.resources` and `status.allocatedResources` (1.36+). Not yet running:
/// the pod's summed requests and limits. Running: read back from the pod's cgroup — cpu and
/// memory requests, and a limit only where the cgroup has one (every container sets it).
fn pod_resources(pod: &Pod, running: bool) -> (Json, Option<Json>) {
    let mut requests = Json::map();
    let mut limits = Json::map();
    let names = ["cpu", "memory"];
    let all_containers: Vec<&Container> = pod
        .spec
        .containers
        .iter()
        .chain(pod.spec.init_containers.iter().filter(|c| c.is_sidecar()))
        .collect();
    for name in names {
        let req = pod_total(pod, &|c| c.resources.requests.get(name).cloned());
        // The cgroup keeps no cpu share below the 2m minimum (cm.MinShares).
        if let Some(q) = req.filter(|q| !(running && name == "cpu" && q.milli <= 2)) {
            requests.insert(name, q.canonical);
        }
        let every = all_containers
            .iter()
            .all(|c| c.resources.limits.contains_key(name));
        if !running || every {
            if let Some(q) = pod_total(pod, &|c| c.resources.limits.get(name).cloned()) {
                limits.insert(name, q.canonical);
            }
        }
    }
    let allocated = (requests != Json::map()).then(|| requests.clone());
    let mut r = Json::map();
    if limits != Json::map() {
        r.insert("limits", limits);
    }
    if requests != Json::map() {
        r.insert("requests", requests);
    }
    (r, allocated)
}

#[cfg(test)]
mod tests;
