use podlife_spec::profile::Rule;
use podlife_spec::{Container, ProbeHandler, SimTime, VolumeSource};

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
        out.push_str(&format!("{title}:\t<none>\n"));
        return;
    }
    for (i, (k, v)) in m.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("{title}:\t{k}={v}\n"));
        } else {
            out.push_str(&format!("\t{k}={v}\n"));
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
            out.push_str(&format!("{lead}{k}:\n"));
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
                out.push_str(&format!("\t  {short}\n"));
            }
        } else {
            out.push_str(&format!("{lead}{k}: {v}\n"));
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
            out.push_str(&format!("    {title}:\tRunning\n"));
            out.push_str(&format!(
                "      Started:\t{}\n",
                rfc1123z(s.started_at.unwrap_or(SimTime::ZERO))
            ));
        }
        "terminated" => {
            out.push_str(&format!("    {title}:\tTerminated\n"));
            if let Some(r) = s.reason.as_deref().filter(|r| !r.is_empty()) {
                out.push_str(&format!("      Reason:\t{r}\n"));
            }
            if let Some(m) = s.message.as_deref().filter(|m| !m.is_empty()) {
                out.push_str(&format!("      Message:\t{m}\n"));
            }
            out.push_str(&format!("      Exit Code:\t{}\n", s.exit_code.unwrap_or(0)));
            out.push_str(&format!(
                "      Started:\t{}\n",
                rfc1123z(s.started_at.unwrap_or(SimTime::ZERO))
            ));
            out.push_str(&format!(
                "      Finished:\t{}\n",
                rfc1123z(s.finished_at.unwrap_or(SimTime::ZERO))
            ));
        }
        _ => {
            out.push_str(&format!("    {title}:\tWaiting\n"));
            if let Some(r) = s.reason.as_deref().filter(|r| !r.is_empty()) {
                out.push_str(&format!("      Reason:\t{r}\n"));
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
    out.push_str(&format!("  {}:\n", c.name));
    if let Some(s) = s {
        out.push_str(&format!("    Container ID:\t{}\n", s.container_id));
    }
    out.push_str(&format!("    Image:\t{}\n", c.image));
    if let Some(s) = s {
        out.push_str(&format!("    Image ID:\t{}\n", s.image_id));
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
        out.push_str(&format!("    Ports:\t{}\n", ports.join(", ")));
        out.push_str(&format!("    Host Ports:\t{}\n", host_ports.join(", ")));
    } else {
        out.push_str(&format!(
            "    Port:\t{}\n",
            ports.first().map(String::as_str).unwrap_or("<none>")
        ));
        out.push_str(&format!(
            "    Host Port:\t{}\n",
            host_ports.first().map(String::as_str).unwrap_or("<none>")
        ));
    }
    for (title, list) in [("Command", &c.command), ("Args", &c.args)] {
        if !list.is_empty() {
            out.push_str(&format!("    {title}:\n"));
            for a in list {
                for l in a.split('\n') {
                    out.push_str(&format!("      {l}\n"));
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
        out.push_str(&format!(
            "    Ready:\t{}\n",
            if s.ready { "True" } else { "False" }
        ));
        out.push_str(&format!("    Restart Count:\t{}\n", s.restart_count));
    }
    for (title, map) in [
        ("Limits", &c.resources.limits),
        ("Requests", &c.resources.requests),
    ] {
        if !map.is_empty() {
            out.push_str(&format!("    {title}:\n"));
            for (k, q) in map {
                out.push_str(&format!("      {k}:\t{}\n", q.canonical));
            }
        }
    }
    for (title, p) in [
        ("Liveness", &c.liveness_probe),
        ("Readiness", &c.readiness_probe),
        ("Startup", &c.startup_probe),
    ] {
        if let Some(p) = p {
            out.push_str(&format!("    {title}:\t{}\n", describe_probe(p)));
        }
    }
    if c.env.is_empty() {
        out.push_str("    Environment:\t<none>\n");
    } else {
        out.push_str("    Environment:\n");
        for e in &c.env {
            match &e.value {
                Some(v) => out.push_str(&format!("      {}:\t{v}\n", e.name)),
                None => out.push_str(&format!("      {}:\t<set from valueFrom>\n", e.name)),
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
            out.push_str(&format!("      {path} from {name} ({})\n", flags.join(",")));
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
    o.push_str(&format!("Name:\t{}\n", pod.name));
    o.push_str(&format!("Namespace:\t{}\n", pod.namespace));
    o.push_str(&format!("Priority:\t{}\n", spec.priority));
    o.push_str(&format!(
        "Service Account:\t{}\n",
        spec.service_account_name
    ));
    match (&f.node_name, &f.host_ip) {
        (Some(n), Some(ip)) => o.push_str(&format!("Node:\t{n}/{ip}\n")),
        (Some(n), None) => o.push_str(&format!("Node:\t{n}/\n")),
        _ => o.push_str("Node:\t<none>\n"),
    }
    if let Some(st) = f.start_time {
        o.push_str(&format!("Start Time:\t{}\n", rfc1123z(st)));
    }
    multiline_map(&mut o, "Labels", &pod.labels);
    annotations(&mut o, &pod.annotations);
    match f.deletion_timestamp {
        Some(d) => {
            o.push_str(&format!("Status:\tTerminating (lasts {})\n", since(t, d)));
            o.push_str(&format!(
                "Termination Grace Period:\t{}s\n",
                f.deletion_grace_period_seconds.unwrap_or(0)
            ));
        }
        None => o.push_str(&format!("Status:\t{}\n", f.phase)),
    }
    if let Some(r) = f.reason.as_deref().filter(|r| !r.is_empty()) {
        o.push_str(&format!("Reason:\t{r}\n"));
    }
    if let Some(m) = f.message.as_deref().filter(|m| !m.is_empty()) {
        o.push_str(&format!("Message:\t{m}\n"));
    }
    o.push_str(&format!("IP:\t{}\n", f.pod_ip.clone().unwrap_or_default()));
    match &f.pod_ip {
        Some(ip) => o.push_str(&format!("IPs:\n  IP:\t{ip}\n")),
        None => o.push_str("IPs:\t<none>\n"),
    }
    if let Some(c) = &pod.controlled_by {
        o.push_str(&format!("Controlled By:\t{c}\n"));
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
            o.push_str(&format!("  {g} \t{st} \n"));
        }
    }
    if !f.conditions.is_empty() {
        o.push_str("Conditions:\n  Type\tStatus\n");
        for c in &f.conditions {
            o.push_str(&format!("  {} \t{} \n", c.type_, c.status));
        }
    }
    if spec.volumes.is_empty() && sa.is_none() {
        o.push_str("Volumes:\t<none>\n");
    } else {
        o.push_str("Volumes:\n");
        for v in &spec.volumes {
            o.push_str(&format!("  {}:\n", v.name));
            match &v.source {
                VolumeSource::EmptyDir => {
                    o.push_str("    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
                    o.push_str("    Medium:\t\n");
                    o.push_str("    SizeLimit:\t<unset>\n");
                }
                VolumeSource::HostPath { path } => {
                    o.push_str("    Type:\tHostPath (bare host directory volume)\n");
                    o.push_str(&format!("    Path:\t{path}\n"));
                    o.push_str("    HostPathType:\t<none>\n");
                }
                VolumeSource::Other { kind } => {
                    o.push_str(&format!("    Type:\t{kind}\n"));
                }
            }
        }
        if let Some(sa) = &sa {
            o.push_str(&format!("  {sa}:\n"));
            o.push_str("    Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            o.push_str("    TokenExpirationSeconds:\t3607\n");
            o.push_str("    ConfigMapName:\tkube-root-ca.crt\n");
            o.push_str("    ConfigMapOptional:\t<nil>\n");
            o.push_str("    DownwardAPI:\ttrue\n");
        }
    }
    o.push_str(&format!("QoS Class:\t{}\n", f.qos_class));
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
                s.push_str(&format!(" for {ts}s"));
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
            o.push_str(&format!("Tolerations:\t{tl}\n"));
        } else {
            o.push_str(&format!("\t{tl}\n"));
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
            o.push_str(&format!(
                "  {}\t{}\t{}\t{}\t{}\n",
                r.type_, r.reason, r.age, r.from, message
            ));
        }
    }
    TabWriter::kubectl_describe().format(&o)
}
