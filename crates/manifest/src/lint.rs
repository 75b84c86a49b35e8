//! Lint hints: advice that never blocks a run.

use podlife_spec::{PodSpec, ProbeHandler};
use serde_yaml::Value;

use crate::schema::schema;
use crate::val::{field_path, get, int_at, seq_at, str_at, Sink};
use crate::{Diagnostic, Note, Severity};

/// `key:` with nothing after it (a comment at most): returns (indent, key).
fn empty_key(line: &str) -> Option<(usize, &str)> {
    let indent = line.bytes().take_while(|b| *b == b' ').count();
    let rest = &line[indent..];
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    if key.is_empty() || key.contains([' ', '\t', '#', '"', '\'', '-', '[', '{']) {
        return None;
    }
    let after = rest[colon + 1..].trim_start_matches([' ', '\t']);
    if after.is_empty() || after.starts_with('#') {
        Some((indent, key))
    } else {
        None
    }
}

fn key_of(line: &str) -> Option<(usize, &str)> {
    let indent = line.bytes().take_while(|b| *b == b' ').count();
    let rest = &line[indent..];
    // One byte scan (called twice per line of the text): stop at the colon, or give up at the
    // first byte a plain key cannot hold.
    let mut colon = None;
    for (i, b) in rest.bytes().enumerate() {
        match b {
            b':' => {
                colon = Some(i);
                break;
            }
            b' ' | b'\t' | b'#' | b'"' | b'\'' | b'[' | b'{' => return None,
            _ => {}
        }
    }
    let colon = colon?;
    let key = &rest[..colon];
    let after = rest.as_bytes().get(colon + 1);
    if key.is_empty() || key.starts_with('-') {
        return None;
    }
    if after.is_some_and(|b| *b != b' ' && *b != b'\t') {
        return None;
    }
    Some((indent, key))
}

/// `key:` indented under a line whose key already has a value (seed 001's `hostPath:` under
/// `emptyDir: {}`).
fn over_indented(lines: &[&str], i: usize) -> Option<Diagnostic> {
    let (ind, key) = key_of(lines[i])?;
    let prev = (0..i).rev().find(|j| {
        let t = lines[*j].trim_start();
        !t.is_empty() && !t.starts_with('#')
    })?;
    let pl = lines[prev];
    let (pind, pkey) = key_of(pl)?;
    if ind <= pind {
        return None;
    }
    let colon = pl.find(':')?;
    let value = pl[colon + 1..].split(" #").next().unwrap_or("").trim();
    let complete = !value.is_empty()
        && (value == "{}"
            || value == "[]"
            || !value.starts_with(['|', '>', '"', '\'', '[', '{', '&', '!', '*']));
    if !complete {
        return None;
    }
    Some(Diagnostic {
        severity: Severity::Hint,
        path: String::new(),
        message: Note::IndentedUnderValue {
            key: key.to_string(),
            parent: pkey.to_string(),
            parent_line: prev + 1,
        }
        .into(),
        line: i + 1,
        column: ind + 1,
        end_line: i + 1,
        end_column: ind + 1 + key.chars().count(),
    })
}

/// `image:harbor.example/x` — a known field name glued to its value: (column, key, text).
fn glued_key(line: &str) -> Option<(usize, &str, &str)> {
    let indent = line.bytes().take_while(|b| *b == b' ').count();
    let mut rest = &line[indent..];
    let mut col = indent;
    if let Some(r) = rest.strip_prefix("- ") {
        col += 2;
        rest = r;
    }
    let word_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    if word_len == 0 || rest.as_bytes().get(word_len) != Some(&b':') {
        return None;
    }
    let next = *rest.as_bytes().get(word_len + 1)?;
    if next == b' ' || next == b'\t' || next == b'/' {
        return None;
    }
    let key = &rest[..word_len];
    let text = rest.split(" #").next().unwrap_or(rest).trim_end();
    schema()
        .by_field
        .contains_key(key)
        .then_some((col, key, text))
}

/// True when some object field named `parent` has a type with a field named `child`.
fn is_child_field(parent: &str, child: &str) -> bool {
    let s = schema();
    s.by_field
        .get(parent)
        .is_some_and(|types| types.iter().any(|t| s.field(*t, child).is_some()))
}

/// The most common manifest mistake: a key left empty with what belongs inside it written at
/// the same indentation (seed 001's `livenessProbe:` / `httpGet:`). Found from the text, so it
/// also explains YAML syntax errors further down.
pub fn indentation_hints(text: &str, diags: &mut Vec<Diagnostic>) {
    let lines: Vec<&str> = text.lines().collect();
    let content = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    };
    for (i, line) in lines.iter().enumerate() {
        if let Some((col, key, shown)) = glued_key(line) {
            diags.push(Diagnostic {
                severity: Severity::Hint,
                path: String::new(),
                message: Note::NoSpaceAfterColon {
                    written: shown.to_string(),
                    key: key.to_string(),
                    value: shown.get(key.len() + 1..).unwrap_or("").to_string(),
                }
                .into(),
                line: i + 1,
                column: col + 1,
                end_line: i + 1,
                end_column: col + 1 + shown.chars().count(),
            });
        }
        if let Some(h) = over_indented(&lines, i) {
            diags.push(h);
        }
        let Some((ind, key)) = empty_key(line) else {
            continue;
        };
        let Some(j) = (i + 1..lines.len()).find(|j| content(lines[*j])) else {
            continue;
        };
        let Some((ind2, key2)) = key_of(lines[j]) else {
            continue;
        };
        if ind2 == ind && is_child_field(key, key2) {
            diags.push(Diagnostic {
                severity: Severity::Hint,
                path: String::new(),
                message: Note::ChildAtParentIndentation {
                    parent: key.to_string(),
                    parent_line: i + 1,
                    child: key2.to_string(),
                }
                .into(),
                line: j + 1,
                column: ind2 + 1,
                end_line: j + 1,
                end_column: ind2 + 1 + key2.chars().count(),
            });
        }
    }
}

/// The first statement of a shell script if it is `sleep N` (whole seconds).
fn leading_sleep(words: &[String]) -> Option<i64> {
    let script = match words {
        [sh, flag, script, ..] if sh.ends_with("sh") && flag == "-c" => script.as_str(),
        _ => return None,
    };
    let first = script.split([';', '&', '\n']).next()?.trim();
    let secs = first.strip_prefix("sleep ")?.trim();
    secs.parse::<i64>().ok()
}

pub fn pod_hints(spec: &Value, spec_path: &str, conv: &PodSpec, sink: &mut Sink<'_>) {
    for (list, key) in [
        (&conv.init_containers, "initContainers"),
        (&conv.containers, "containers"),
    ] {
        for (i, c) in list.iter().enumerate() {
            let p = format!("{spec_path}.{key}[{i}]");
            let raw = seq_at(spec, key).get(i).cloned().unwrap_or(Value::Null);
            let regular = key == "containers";
            // Probe ports.
            for (probe, pr) in [
                ("livenessProbe", &c.liveness_probe),
                ("readinessProbe", &c.readiness_probe),
                ("startupProbe", &c.startup_probe),
            ] {
                let Some(pr) = pr else { continue };
                let (field, port) = match &pr.handler {
                    ProbeHandler::HttpGet(h) => ("httpGet", &h.port),
                    ProbeHandler::TcpSocket { port, .. } => ("tcpSocket", port),
                    _ => continue,
                };
                let pp = format!("{p}.{probe}.{field}.port");
                match port.number {
                    None => sink.warning(
                        &pp,
                        Note::ProbePortNameNotDeclared {
                            name: port.written.clone(),
                        },
                    ),
                    Some(n) => {
                        if !c.ports.iter().any(|x| x.container_port == n) {
                            sink.hint(&pp, Note::ProbePortNotDeclared { port: n });
                        }
                    }
                }
            }
            if !regular {
                continue;
            }
            if c.liveness_probe.is_none()
                && c.readiness_probe.is_none()
                && c.startup_probe.is_none()
            {
                sink.hint(&p, Note::NoProbes);
            }
            if let (Some(l), Some(r)) = (get(&raw, "livenessProbe"), get(&raw, "readinessProbe")) {
                if l == r {
                    sink.hint(
                        &field_path(&p, "livenessProbe"),
                        Note::LivenessSameAsReadiness,
                    );
                }
            }
            let image = c.image.as_str();
            let last = image.rsplit('/').next().unwrap_or(image);
            if !image.contains('@') {
                match last.split_once(':') {
                    None => sink.hint(
                        &field_path(&p, "image"),
                        Note::ImageWithoutTag {
                            image: image.to_string(),
                        },
                    ),
                    Some((_, "latest")) => sink.hint(
                        &field_path(&p, "image"),
                        Note::ImageLatest {
                            image: image.to_string(),
                        },
                    ),
                    _ => {}
                }
            }
            if c.resources.limits.is_empty() {
                sink.hint(&p, Note::NoLimits);
            }
            let words: Vec<String> = c.command.iter().chain(c.args.iter()).cloned().collect();
            if let (Some(secs), Some(lp)) = (leading_sleep(&words), &c.liveness_probe) {
                if c.startup_probe.is_none() && i64::from(lp.initial_delay_seconds) < secs {
                    let raw_lp = get(&raw, "livenessProbe");
                    let at = if raw_lp
                        .and_then(|l| int_at(l, "initialDelaySeconds"))
                        .is_some()
                    {
                        format!("{p}.livenessProbe.initialDelaySeconds")
                    } else {
                        format!("{p}.livenessProbe")
                    };
                    sink.hint(
                        &at,
                        Note::SleepLongerThanLivenessDelay {
                            sleep_seconds: secs,
                            initial_delay_seconds: lp.initial_delay_seconds,
                        },
                    );
                }
            }
            let _ = str_at(&raw, "name");
        }
    }
}
