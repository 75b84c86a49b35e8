use podlife_spec::profile::Rule;
use podlife_spec::{Container, ProbeHandler, SimTime, VolumeSource};
use std::fmt::Write;

use super::tabwriter::TabWriter;
use crate::ids::fnv64;
use crate::kubelet::events::POD_OBJECT;
use crate::timefmt::{rfc1123z, since};
use crate::trace::{ContainerStatus, Frame, Trace};

/// One line of describe's Events table, aggregated per identical event (§13.3, §13.4).
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    pub type_: &'static str,
    pub reason: &'static str,
    pub age: String,
    pub from: &'static str,
    /// `involvedObject.fieldPath` (`spec.containers{c}`), or `pod` for a pod-level event.
    pub object: String,
    pub message: String,
    pub count: u32,
    pub first: SimTime,
    pub last: SimTime,
}

/// Events as the API server holds them at `t` (§13.3, §13.4, §13.5). Identical occurrences
/// (source, object incl. fieldPath, type, reason, message) form one Event. The recorder counts
/// every occurrence, but only occurrences its spam filter accepted reach the API server: an
/// Event is visible from its first accepted occurrence, and shows the count and lastTimestamp
/// of its latest accepted one. firstTimestamp is the first occurrence. Under rules v2 an Event
/// whose last write is older than the event TTL is gone (§13.5); its next accepted occurrence
/// creates it again with the recorder's count and firstTimestamp. Sorted by lastTimestamp.
pub fn event_rows(trace: &Trace, t: SimTime) -> Vec<EventRow> {
    struct G {
        row: EventRow,
        seen: u32,
        visible: bool,
        /// When the etcd lease of the Event's last write runs out.
        expires: SimTime,
    }
    let ttl = trace.scenario.setup.profile().has(Rule::EventTtl);
    let mut leases = EventLeases::default();
    let mut groups: Vec<G> = Vec::new();
    for e in trace.events.iter().take_while(|e| e.time <= t) {
        let idx = groups.iter().position(|g| {
            g.row.type_ == e.type_
                && g.row.reason == e.reason
                && g.row.from == e.from
                && g.row.object == e.object
                && g.row.message == e.message
        });
        let g = match idx {
            Some(i) => &mut groups[i],
            None => {
                groups.push(G {
                    row: EventRow {
                        type_: e.type_,
                        reason: e.reason,
                        age: String::new(),
                        from: e.from,
                        object: e.object.clone(),
                        message: e.message.clone(),
                        count: 0,
                        first: e.time,
                        last: e.time,
                    },
                    seen: 0,
                    visible: false,
                    expires: SimTime::ZERO,
                });
                let n = groups.len() - 1;
                &mut groups[n]
            }
        };
        g.seen += 1;
        if e.recorded {
            g.visible = true;
            g.row.count = g.seen;
            g.row.last = e.time;
            g.expires = leases.write(e.from, e.time);
        }
    }
    let groups = groups
        .into_iter()
        .filter(|g| g.visible && (!ttl || t < g.expires));
    let mut rows: Vec<EventRow> = groups.map(|g| g.row).collect();
    // API timestamps have whole-second precision: sort and age on the truncated values
    // (stable: ties keep creation order, as the API lists events).
    podlife_spec::sort::sort_by_key(&mut rows, |r| r.last.whole_secs());
    for r in &mut rows {
        r.age = if r.count > 1 {
            format!(
                "{} (x{} over {})",
                since(t, whole(r.last)),
                r.count,
                since(t, whole(r.first))
            )
        } else {
            since(t, whole(r.first))
        };
    }
    rows
}

/// A timestamp as the API stores it (metav1.Time: whole seconds).
pub(crate) fn whole(t: SimTime) -> SimTime {
    SimTime::from_secs(t.whole_secs())
}

/// kube-apiserver's `--event-ttl` default (§13.5).
pub const EVENT_TTL: SimTime = SimTime::from_secs(3600);

/// The extra lifetime of an etcd lease the API server grants so that writes within that window
/// share it: min(5 % of the TTL, 60 s) (apiserver `storage/etcd3/lease_manager.go`).
const LEASE_REUSE: SimTime = SimTime::from_secs(60);

/// The API server's lease managers for the pod's Events (§13.5): every write of an Event sets
/// its lease anew; a write reuses the previous lease when that one ends between TTL and
/// TTL + reuse window from now, else it is granted a new one of TTL + reuse window. The
/// scheduler writes through events.k8s.io, the kubelet and controllers through core/v1: two
/// stores, two lease managers. Only this pod's writes are seen (a quiet cluster), so an Event
/// goes between 1 h and 1 h 1 min after its last write.
#[derive(Default)]
struct EventLeases {
    /// The end of the last granted lease: [core/v1, events.k8s.io/v1].
    last: [Option<SimTime>; 2],
}

impl EventLeases {
    /// The end of the lease the write of `from`'s Event at `at` gets.
    fn write(&mut self, from: &str, at: SimTime) -> SimTime {
        let store = usize::from(from == "default-scheduler");
        let reusable = self.last[store]
            .filter(|&end| at + EVENT_TTL < end && at + EVENT_TTL + LEASE_REUSE > end);
        match reusable {
            Some(end) => end,
            None => {
                let end = at + EVENT_TTL + LEASE_REUSE;
                self.last[store] = Some(end);
                end
            }
        }
    }
}

pub(crate) fn sa_volume_name(trace: &Trace) -> String {
    const ALPHA: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut h = fnv64(&[&trace.scenario.pod.uid, "kube-api-access"]);
    let mut s = String::from("kube-api-access-");
    for _ in 0..5 {
        s.push(ALPHA[(h % ALPHA.len() as u64) as usize] as char);
        h /= ALPHA.len() as u64;
    }
    s
}

fn multiline_map(out: &mut String, title: &str, m: &std::collections::BTreeMap<String, String>) {
    if m.is_empty() {
        let _ = writeln!(out, "{title}:\t<none>");
        return;
    }
    for (i, (k, v)) in m.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "{title}:\t{k}={v}");
        } else {
            let _ = writeln!(out, "\t{k}={v}");
        }
    }
}

/// `Annotations:` lines: `key: value`, continuation lines start with a tab; the
/// last-applied-configuration annotation is skipped, as kubectl does.
fn annotations(out: &mut String, m: &std::collections::BTreeMap<String, String>) {
    let keys: Vec<&String> = m
        .keys()
        .filter(|k| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if keys.is_empty() {
        out.push_str("Annotations:\t<none>\n");
        return;
    }
    for (i, k) in keys.iter().enumerate() {
        let lead = if i == 0 { "Annotations:\t" } else { "\t" };
        let v = m[*k].trim_end_matches('\n');
        if v.len() + k.len() + 2 > 140 || v.contains('\n') {
            let _ = writeln!(out, "{lead}{k}:");
            for line in v.split('\n') {
                let short = if line.len() > 138 {
                    let mut cut = 138;
                    while !line.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    format!("{}...", &line[..cut])
                } else {
                    line.to_string()
                };
                let _ = writeln!(out, "\t  {short}");
            }
        } else {
            let _ = writeln!(out, "{lead}{k}: {v}");
        }
    }
}

fn describe_probe(p: &podlife_spec::Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds,
        p.timeout_seconds,
        p.period_seconds,
        p.success_threshold,
        p.failure_threshold
    );
    match &p.handler {
        ProbeHandler::Exec { command } => format!("exec [{}] {attrs}", command.join(" ")),
        ProbeHandler::HttpGet(g) => format!(
            "http-get {}://{}:{}{} {attrs}",
            g.scheme.to_ascii_lowercase(),
            g.host.clone().unwrap_or_default(),
            g.port.written,
            g.path
        ),
        ProbeHandler::TcpSocket { port, host } => format!(
            "tcp-socket {}:{} {attrs}",
            host.clone().unwrap_or_default(),
            port.written
        ),
        ProbeHandler::Grpc { port, service } => format!(
            "grpc <pod>:{port} {} {attrs}",
            service.clone().unwrap_or_default()
        ),
    }
}

fn state_lines(out: &mut String, title: &str, s: &ContainerStatus) {
    match s.state {
        "running" => {
            let _ = writeln!(out, "    {title}:\tRunning");
            let _ = writeln!(
                out,
                "      Started:\t{}",
                rfc1123z(s.started_at.unwrap_or(SimTime::ZERO))
            );
        }
        "terminated" => {
            let _ = writeln!(out, "    {title}:\tTerminated");
            if let Some(r) = s.reason.as_deref().filter(|r| !r.is_empty()) {
                let _ = writeln!(out, "      Reason:\t{r}");
            }
            if let Some(m) = s.message.as_deref().filter(|m| !m.is_empty()) {
                let _ = writeln!(out, "      Message:\t{m}");
            }
            let _ = writeln!(out, "      Exit Code:\t{}", s.exit_code.unwrap_or(0));
            let _ = writeln!(
                out,
                "      Started:\t{}",
                rfc1123z(s.started_at.unwrap_or(SimTime::ZERO))
            );
            let _ = writeln!(
                out,
                "      Finished:\t{}",
                rfc1123z(s.finished_at.unwrap_or(SimTime::ZERO))
            );
        }
        _ => {
            let _ = writeln!(out, "    {title}:\tWaiting");
            if let Some(r) = s.reason.as_deref().filter(|r| !r.is_empty()) {
                let _ = writeln!(out, "      Reason:\t{r}");
            }
        }
    }
}

fn describe_container(
    out: &mut String,
    c: &Container,
    s: Option<&ContainerStatus>,
    sa: Option<&str>,
) {
    let _ = writeln!(out, "  {}:", c.name);
    if let Some(s) = s {
        let _ = writeln!(out, "    Container ID:\t{}", s.container_id);
    }
    let _ = writeln!(out, "    Image:\t{}", c.image);
    if let Some(s) = s {
        let _ = writeln!(out, "    Image ID:\t{}", s.image_id);
    }
    let ports: Vec<String> = c
        .ports
        .iter()
        .map(|p| format!("{}/{}", p.container_port, p.protocol))
        .collect();
    let host_ports: Vec<String> = c
        .ports
        .iter()
        .map(|p| format!("{}/{}", p.host_port.unwrap_or(0), p.protocol))
        .collect();
    if ports.len() > 1 {
        let _ = writeln!(out, "    Ports:\t{}", ports.join(", "));
        let _ = writeln!(out, "    Host Ports:\t{}", host_ports.join(", "));
    } else {
        let _ = writeln!(
            out,
            "    Port:\t{}",
            ports.first().map(String::as_str).unwrap_or("<none>")
        );
        let _ = writeln!(
            out,
            "    Host Port:\t{}",
            host_ports.first().map(String::as_str).unwrap_or("<none>")
        );
    }
    for (title, list) in [("Command", &c.command), ("Args", &c.args)] {
        if !list.is_empty() {
            let _ = writeln!(out, "    {title}:");
            for a in list {
                for l in a.split('\n') {
                    let _ = writeln!(out, "      {l}");
                }
            }
        }
    }
    if let Some(s) = s {
        state_lines(out, "State", s);
        if let Some(l) = &s.last_state {
            let ls = ContainerStatus {
                state: "terminated",
                reason: l.reason.clone(),
                message: l.message.clone(),
                exit_code: Some(l.exit_code),
                started_at: l.started_at,
                finished_at: Some(l.finished_at),
                ..s.clone()
            };
            state_lines(out, "Last State", &ls);
        }
        let _ = writeln!(
            out,
            "    Ready:\t{}",
            if s.ready { "True" } else { "False" }
        );
        let _ = writeln!(out, "    Restart Count:\t{}", s.restart_count);
    }
    for (title, map) in [
        ("Limits", &c.resources.limits),
        ("Requests", &c.resources.requests),
    ] {
        if !map.is_empty() {
            let _ = writeln!(out, "    {title}:");
            for (k, q) in map {
                let _ = writeln!(out, "      {k}:\t{}", q.canonical);
            }
        }
    }
    for (title, p) in [
        ("Liveness", &c.liveness_probe),
        ("Readiness", &c.readiness_probe),
        ("Startup", &c.startup_probe),
    ] {
        if let Some(p) = p {
            let _ = writeln!(out, "    {title}:\t{}", describe_probe(p));
        }
    }
    if c.env.is_empty() {
        out.push_str("    Environment:\t<none>\n");
    } else {
        out.push_str("    Environment:\n");
        for e in &c.env {
            match &e.value {
                Some(v) => {
                    let _ = writeln!(out, "      {}:\t{v}", e.name);
                }
                None => {
                    let _ = writeln!(out, "      {}:\t<set from valueFrom>", e.name);
                }
            }
        }
    }
    let mut mounts: Vec<(String, String, bool, Option<String>)> = c
        .volume_mounts
        .iter()
        .map(|m| {
            (
                m.mount_path.clone(),
                m.name.clone(),
                m.read_only,
                m.sub_path.clone(),
            )
        })
        .collect();
    if let Some(sa) = sa {
        mounts.push((
            "/var/run/secrets/kubernetes.io/serviceaccount".into(),
            sa.to_string(),
            true,
            None,
        ));
    }
    podlife_spec::sort::sort_by(&mut mounts, |a, b| a.0.cmp(&b.0));
    if mounts.is_empty() {
        out.push_str("    Mounts:\t<none>\n");
    } else {
        out.push_str("    Mounts:\n");
        for (path, name, ro, sub) in mounts {
            let mut flags = vec![if ro {
                "ro".to_string()
            } else {
                "rw".to_string()
            }];
            if let Some(sp) = sub {
                flags.push(format!("path={sp:?}"));
            }
            let _ = writeln!(out, "      {path} from {name} ({})", flags.join(","));
        }
    }
}

/// `kubectl describe pod` at `t`.
pub fn describe_pod(trace: &Trace, t: SimTime) -> String {
    let Some(f) = trace.frame_at(t).filter(|f| f.exists) else {
        return format!(
            "Error from server (NotFound): pods \"{}\" not found\n",
            trace.pod.name
        );
    };
    describe_frame(trace, f, t)
}

fn describe_frame(trace: &Trace, f: &Frame, t: SimTime) -> String {
    let pod = &trace.scenario.pod;
    let spec = &pod.spec;
    let mut o = String::new();
    let _ = writeln!(o, "Name:\t{}", pod.name);
    let _ = writeln!(o, "Namespace:\t{}", pod.namespace);
    let _ = writeln!(o, "Priority:\t{}", spec.priority);
    let _ = writeln!(o, "Service Account:\t{}", spec.service_account_name);
    match (&f.node_name, &f.host_ip) {
        (Some(n), Some(ip)) => {
            let _ = writeln!(o, "Node:\t{n}/{ip}");
        }
        (Some(n), None) => {
            let _ = writeln!(o, "Node:\t{n}/");
        }
        _ => o.push_str("Node:\t<none>\n"),
    }
    if let Some(st) = f.start_time {
        let _ = writeln!(o, "Start Time:\t{}", rfc1123z(st));
    }
    multiline_map(&mut o, "Labels", &pod.labels);
    annotations(&mut o, &pod.annotations);
    match f.deletion_timestamp {
        Some(d) => {
            let _ = writeln!(o, "Status:\tTerminating (lasts {})", since(t, d));
            let _ = writeln!(
                o,
                "Termination Grace Period:\t{}s",
                f.deletion_grace_period_seconds.unwrap_or(0)
            );
        }
        None => {
            let _ = writeln!(o, "Status:\t{}", f.phase);
        }
    }
    if let Some(r) = f.reason.as_deref().filter(|r| !r.is_empty()) {
        let _ = writeln!(o, "Reason:\t{r}");
    }
    if let Some(m) = f.message.as_deref().filter(|m| !m.is_empty()) {
        let _ = writeln!(o, "Message:\t{m}");
    }
    let _ = writeln!(o, "IP:\t{}", f.pod_ip.clone().unwrap_or_default());
    match &f.pod_ip {
        Some(ip) => {
            let _ = write!(o, "IPs:\n  IP:\t{ip}\n");
        }
        None => o.push_str("IPs:\t<none>\n"),
    }
    if let Some(c) = &pod.controlled_by {
        let _ = writeln!(o, "Controlled By:\t{c}");
    }
    let sa = if spec.automount_service_account_token {
        Some(sa_volume_name(trace))
    } else {
        None
    };
    let status_of = |name: &str| f.containers.iter().find(|c| &*c.name == name);
    if !spec.init_containers.is_empty() {
        o.push_str("Init Containers:\n");
        for c in &spec.init_containers {
            describe_container(&mut o, c, status_of(&c.name), sa.as_deref());
        }
    }
    o.push_str("Containers:\n");
    for c in &spec.containers {
        describe_container(&mut o, c, status_of(&c.name), sa.as_deref());
    }
    if !spec.readiness_gates.is_empty() {
        o.push_str("Readiness Gates:\n  Type\tStatus\n");
        for g in &spec.readiness_gates {
            let st = f
                .conditions
                .iter()
                .find(|c| c.type_ == g)
                .map(|c| c.status.to_string())
                .unwrap_or_else(|| "<none>".into());
            let _ = writeln!(o, "  {g} \t{st} ");
        }
    }
    if !f.conditions.is_empty() {
        o.push_str("Conditions:\n  Type\tStatus\n");
        for c in &f.conditions {
            let _ = writeln!(o, "  {} \t{} ", c.type_, c.status);
        }
    }
    if spec.volumes.is_empty() && sa.is_none() {
        o.push_str("Volumes:\t<none>\n");
    } else {
        o.push_str("Volumes:\n");
        for v in &spec.volumes {
            let _ = writeln!(o, "  {}:", v.name);
            match &v.source {
                VolumeSource::EmptyDir => {
                    o.push_str("    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
                    o.push_str("    Medium:\t\n");
                    o.push_str("    SizeLimit:\t<unset>\n");
                }
                VolumeSource::HostPath { path } => {
                    o.push_str("    Type:\tHostPath (bare host directory volume)\n");
                    let _ = writeln!(o, "    Path:\t{path}");
                    o.push_str("    HostPathType:\t<none>\n");
                }
                VolumeSource::Other { kind } => {
                    let _ = writeln!(o, "    Type:\t{kind}");
                }
            }
        }
        if let Some(sa) = &sa {
            let _ = writeln!(o, "  {sa}:");
            o.push_str("    Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            o.push_str("    TokenExpirationSeconds:\t3607\n");
            o.push_str("    ConfigMapName:\tkube-root-ca.crt\n");
            o.push_str("    ConfigMapOptional:\t<nil>\n");
            o.push_str("    DownwardAPI:\ttrue\n");
        }
    }
    let _ = writeln!(o, "QoS Class:\t{}", f.qos_class);
    multiline_map(&mut o, "Node-Selectors", &spec.node_selector);
    // Tolerations: the user's plus the DefaultTolerationSeconds pair (§12.3).
    let mut tols: Vec<String> = spec
        .tolerations
        .iter()
        .map(|t| {
            let mut s = t.key.clone().unwrap_or_default();
            if let Some(v) = &t.value {
                s.push('=');
                s.push_str(v);
            }
            if let Some(e) = &t.effect {
                s.push(':');
                s.push_str(e);
            }
            if t.operator == "Exists" && t.value.as_deref().unwrap_or("").is_empty() {
                // A bare `operator: Exists` tolerates everything and prints without a space.
                if s.is_empty() {
                    s.push_str("op=Exists");
                } else {
                    s.push_str(" op=Exists");
                }
            }
            if let Some(ts) = t.toleration_seconds {
                let _ = write!(s, " for {ts}s");
            }
            s
        })
        .collect();
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        if !spec
            .tolerations
            .iter()
            .any(|t| t.key.as_deref() == Some(key))
        {
            tols.push(format!("{key}:NoExecute op=Exists for 300s"));
        }
    }
    for (i, tl) in tols.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(o, "Tolerations:\t{tl}");
        } else {
            let _ = writeln!(o, "\t{tl}");
        }
    }
    let rows = event_rows(trace, t);
    if rows.is_empty() {
        o.push_str("Events:\t<none>\n");
    } else {
        o.push_str(
            "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n",
        );
        // §14.3: kubectl 1.35+ puts the event's fieldPath before its (trimmed) message.
        let field_path = trace.scenario.setup.profile().describe_event_field_path();
        for r in rows {
            let message = r.message.trim();
            let message = if field_path && r.object != POD_OBJECT {
                format!("{}: {message}", r.object)
            } else {
                message.to_string()
            };
            let _ = writeln!(
                o,
                "  {}\t{}\t{}\t{}\t{}",
                r.type_, r.reason, r.age, r.from, message
            );
        }
    }
    TabWriter::kubectl_describe().format(&o)
}
