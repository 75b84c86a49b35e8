use podlife_spec::SimTime;

use crate::timefmt::rfc3339;
use crate::trace::{ContainerStatus, TerminatedState, Trace};

/// A YAML scalar as sigs.k8s.io/yaml prints it: plain when unambiguous, else double-quoted.
fn scalar(s: &str) -> String {
    let special = s.is_empty()
        || matches!(
            s,
            "true"
                | "false"
                | "True"
                | "False"
                | "null"
                | "Null"
                | "~"
                | "yes"
                | "no"
                | "on"
                | "off"
        )
        || s.parse::<f64>().is_ok()
        || s.starts_with(|c: char| " !&*-:?{}[],#|>@`\"'%".contains(c))
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains('\n')
        || s.contains('"');
    if special {
        format!("{s:?}")
    } else {
        s.to_string()
    }
}

fn time(t: SimTime) -> String {
    format!("\"{}\"", rfc3339(t))
}

fn terminated(out: &mut String, ind: &str, t: &TerminatedState) {
    out.push_str(&format!("{ind}terminated:\n"));
    out.push_str(&format!("{ind}  containerID: {}\n", t.container_id));
    out.push_str(&format!("{ind}  exitCode: {}\n", t.exit_code));
    out.push_str(&format!("{ind}  finishedAt: {}\n", time(t.finished_at)));
    if let Some(m) = t.message.as_deref().filter(|m| !m.is_empty()) {
        out.push_str(&format!("{ind}  message: {}\n", scalar(m)));
    }
    if let Some(r) = &t.reason {
        out.push_str(&format!("{ind}  reason: {}\n", scalar(r)));
    }
    out.push_str(&format!(
        "{ind}  startedAt: {}\n",
        t.started_at.map(time).unwrap_or_else(|| "null".into())
    ));
}

fn container(out: &mut String, c: &ContainerStatus, sa: Option<&str>) {
    if !c.container_id.is_empty() {
        out.push_str(&format!(
            "  - containerID: {}\n    image: {}\n",
            c.container_id,
            scalar(&c.image)
        ));
    } else {
        out.push_str(&format!("  - image: {}\n", scalar(&c.image)));
    }
    out.push_str(&format!("    imageID: {}\n", scalar(&c.image_id)));
    match &c.last_state {
        Some(l) => {
            out.push_str("    lastState:\n");
            terminated(out, "      ", l);
        }
        None => out.push_str("    lastState: {}\n"),
    }
    out.push_str(&format!("    name: {}\n", c.name));
    out.push_str(&format!("    ready: {}\n", c.ready));
    out.push_str(&format!("    restartCount: {}\n", c.restart_count));
    out.push_str(&format!("    started: {}\n", c.started));
    out.push_str("    state:\n");
    match c.state {
        "running" => {
            out.push_str("      running:\n");
            out.push_str(&format!(
                "        startedAt: {}\n",
                time(c.started_at.unwrap_or(SimTime::ZERO))
            ));
        }
        "terminated" => {
            let t = TerminatedState {
                state: "terminated",
                reason: c.reason.clone(),
                message: c.message.clone(),
                exit_code: c.exit_code.unwrap_or(0),
                started_at: c.started_at,
                finished_at: c.finished_at.unwrap_or(SimTime::ZERO),
                container_id: c.container_id.clone(),
            };
            terminated(out, "      ", &t);
        }
        _ => {
            out.push_str("      waiting:\n");
            if let Some(m) = c.message.as_deref().filter(|m| !m.is_empty()) {
                out.push_str(&format!("        message: {}\n", scalar(m)));
            }
            match c.reason.as_deref().filter(|r| !r.is_empty()) {
                Some(r) => out.push_str(&format!("        reason: {}\n", scalar(r))),
                None => {
                    if c.message.is_none() {
                        out.truncate(out.len() - "      waiting:\n".len());
                        out.push_str("      waiting: {}\n");
                    }
                }
            }
        }
    }
    if let (Some(sa), false) = (sa, c.container_id.is_empty()) {
        out.push_str("    volumeMounts:\n");
        out.push_str("    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n");
        out.push_str(&format!("      name: {sa}\n"));
        out.push_str("      readOnly: true\n");
        out.push_str("      recursiveReadOnly: Disabled\n");
    }
}

/// The `status:` block of `kubectl get pod -o yaml` at `t` (keys sorted as the API prints
/// them). Long strings are kept on one line (yaml.v2 would fold them at 80 columns: a
/// documented gap).
pub fn status_yaml(trace: &Trace, t: SimTime) -> String {
    let Some(f) = trace.frame_at(t).filter(|f| f.exists) else {
        return format!(
            "Error from server (NotFound): pods \"{}\" not found\n",
            trace.pod.name
        );
    };
    let sa_name = super::describe::sa_volume_name(trace);
    let sa = if trace.scenario.pod.spec.automount_service_account_token {
        Some(sa_name.as_str())
    } else {
        None
    };
    let mut o = String::from("status:\n");
    if !f.conditions.is_empty() {
        o.push_str("  conditions:\n");
        for c in &f.conditions {
            o.push_str("  - lastProbeTime: null\n");
            o.push_str(&format!(
                "    lastTransitionTime: {}\n",
                time(c.last_transition_time)
            ));
            if let Some(m) = &c.message {
                o.push_str(&format!("    message: {}\n", scalar(m)));
            }
            if let Some(r) = &c.reason {
                o.push_str(&format!("    reason: {}\n", scalar(r)));
            }
            o.push_str(&format!("    status: \"{}\"\n", c.status));
            o.push_str(&format!("    type: {}\n", c.type_));
        }
    }
    let regular: Vec<&ContainerStatus> = f
        .containers
        .iter()
        .filter(|c| c.kind == "regular")
        .collect();
    let init: Vec<&ContainerStatus> = f
        .containers
        .iter()
        .filter(|c| c.kind != "regular")
        .collect();
    if f.start_time.is_some() && !regular.is_empty() {
        o.push_str("  containerStatuses:\n");
        for c in &regular {
            container(&mut o, c, sa);
        }
    }
    if let Some(ip) = &f.host_ip {
        o.push_str(&format!("  hostIP: {ip}\n  hostIPs:\n  - ip: {ip}\n"));
    }
    if f.start_time.is_some() && !init.is_empty() {
        o.push_str("  initContainerStatuses:\n");
        for c in &init {
            container(&mut o, c, sa);
        }
    }
    if let Some(m) = &f.message {
        o.push_str(&format!("  message: {}\n", scalar(m)));
    }
    o.push_str(&format!("  phase: {}\n", f.phase));
    if let Some(ip) = &f.pod_ip {
        o.push_str(&format!("  podIP: {ip}\n  podIPs:\n  - ip: {ip}\n"));
    }
    o.push_str(&format!("  qosClass: {}\n", f.qos_class));
    if let Some(r) = &f.reason {
        o.push_str(&format!("  reason: {}\n", scalar(r)));
    }
    if let Some(st) = f.start_time {
        o.push_str(&format!("  startTime: {}\n", time(st)));
    }
    o
}
