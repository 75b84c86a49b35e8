use podlife_spec::SimTime;

use crate::timefmt::rfc3339;
use crate::trace::{ContainerStatus, TerminatedState, Trace};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// Whether go-yaml (v2, used by sigs.k8s.io/yaml) would resolve `s` to something other than a
/// string, in which case the encoder double-quotes it.
fn resolves_non_string(s: &str) -> bool {
    const WORDS: [&str; 22] = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];
    if s.is_empty() || s == "~" || s == "null" || s == "Null" || s == "NULL" || WORDS.contains(&s) {
        return true;
    }
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return true;
    }
    if s.parse::<f64>().is_ok() || matches!(s, ".inf" | ".Inf" | "-.inf" | ".nan" | ".NaN") {
        return true;
    }
    // Timestamps (YYYY-MM-DD...).
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// The emitter's style choice (libyaml's analyze_scalar, reduced to what status strings need).
fn style_of(s: &str) -> Style {
    if resolves_non_string(s) || s.chars().any(|c| c.is_control()) {
        return Style::Double;
    }
    let mut it = s.chars();
    let first = it.next().unwrap_or(' ');
    let second = it.next();
    let indicator_start = "#,[]{}&*!|>'\"%@`".contains(first)
        || ("-?:".contains(first) && second.is_none_or(|c| c == ' '));
    let plain_ok = !indicator_start
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':');
    if plain_ok {
        Style::Plain
    } else {
        Style::Single
    }
}

/// A scalar for a short value (never folded).
fn scalar(s: &str) -> String {
    match style_of(s) {
        Style::Plain => s.to_string(),
        Style::Single => format!("'{}'", s.replace('\'', "''")),
        Style::Double => format!("{s:?}"),
    }
}

/// `<ind><key>: <value>` with go-yaml's line folding: at best width 80, a space after column 80
/// (not next to another space) becomes a line break indented two past the key.
fn kv(out: &mut String, ind: &str, key: &str, value: &str) {
    let style = style_of(value);
    let text = match style {
        Style::Double => {
            out.push_str(&format!("{ind}{key}: {value:?}\n"));
            return;
        }
        Style::Single => format!("'{}'", value.replace('\'', "''")),
        Style::Plain => value.to_string(),
    };
    let cont = format!("{ind}  ");
    out.push_str(ind);
    out.push_str(key);
    out.push_str(": ");
    let mut column = ind.chars().count() + key.chars().count() + 2;
    let chars: Vec<char> = text.chars().collect();
    let last = chars.len().saturating_sub(1);
    let mut prev_space = false;
    for (i, &ch) in chars.iter().enumerate() {
        if ch == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            let inner = style == Style::Plain || (i != 0 && i != last);
            if !prev_space && column > 80 && !next_space && inner {
                out.push('\n');
                out.push_str(&cont);
                column = cont.len();
            } else {
                out.push(ch);
                column += 1;
            }
            prev_space = true;
        } else {
            out.push(ch);
            column += 1;
            prev_space = false;
        }
    }
    out.push('\n');
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
        kv(out, &format!("{ind}  "), "message", m);
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
                kv(out, "        ", "message", m);
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

/// The `status:` block of `kubectl get pod -o yaml` at `t`: keys sorted as the API prints them,
/// scalars quoted and long messages folded the way sigs.k8s.io/yaml (go-yaml v2) does.
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
                kv(&mut o, "    ", "message", m);
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
        kv(&mut o, "  ", "message", m);
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn styles_follow_go_yaml() {
        assert_eq!(scalar("Running"), "Running");
        assert_eq!(scalar("True"), "\"True\"");
        assert_eq!(scalar("2025-01-01T00:00:00Z"), "\"2025-01-01T00:00:00Z\"");
        assert_eq!(
            scalar("containers with unready status: [app]"),
            "'containers with unready status: [app]'"
        );
        assert_eq!(scalar("it's"), "it's");
        assert_eq!(scalar("'x': y"), "'''x'': y'");
        assert_eq!(scalar("137"), "\"137\"");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn long_messages_fold_after_column_80() {
        let mut o = String::new();
        kv(
            &mut o,
            "        ",
            "message",
            "Back-off pulling image \"nginx:1.9.0s\": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image",
        );
        assert_eq!(
            o,
            // The space after "error:" is met at column 81 (> 80): the line breaks there.
            "        message: 'Back-off pulling image \"nginx:1.9.0s\": ErrImagePull: rpc error:\n          code = NotFound desc = failed to pull and unpack image'\n"
        );
    }
}
