//! The readable timeline (`podlife run` default output, golden files): one line per event,
//! plus the pod's `kubectl get` row wherever it changes. Legend:
//! `<time>  <Type> <Reason>  <from> <object>: <message>` and `<time>  => READY STATUS RESTARTS`.
//! At equal times the status line comes first: a sync publishes status before it acts (§0.6).

use crate::trace::Trace;
use crate::views::row_cells;
use std::fmt::Write;

pub fn timeline(trace: &Trace) -> String {
    let mut out = format!(
        "# {}/{} on {}, until {}\n",
        trace.pod.namespace,
        trace.pod.name,
        trace.pod.node.as_deref().unwrap_or("<none>"),
        podlife_spec::format_go_duration(trace.until.as_millis())
    );
    let mut ei = 0;
    let mut fi = 0;
    let mut last_row: Option<(String, String, String)> = None;
    let mut exists = true;
    let limit = trace.events.len() + trace.frames.len();
    for _ in 0..limit {
        let e = trace.events.get(ei);
        let f = trace.frames.get(fi);
        let take_event = match (e, f) {
            (Some(e), Some(f)) => e.time < f.time,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_event {
            if let Some(e) = e {
                let dropped = if e.recorded { "" } else { " [spam-filtered]" };
                let _ = writeln!(
                    out,
                    "{:>10}  {:<7} {:<22} {} {}: {}{dropped}",
                    e.time.to_string(),
                    e.type_,
                    e.reason,
                    e.from,
                    e.object,
                    e.message.trim_end()
                );
            }
            ei += 1;
        } else {
            if let Some(f) = f {
                if !f.exists {
                    if exists {
                        let _ = writeln!(out, "{:>10}  => (pod deleted)", f.time.to_string());
                    }
                    exists = false;
                } else {
                    let c = row_cells(trace, f, f.time);
                    let key = (c[1].clone(), c[2].clone(), f.kubectl.restarts.to_string());
                    if last_row.as_ref() != Some(&key) {
                        let _ = writeln!(
                            out,
                            "{:>10}  => {} {} {}",
                            f.time.to_string(),
                            c[1],
                            c[2],
                            c[3]
                        );
                        last_row = Some(key);
                    }
                }
            }
            fi += 1;
        }
    }
    if let Some(c) = &trace.capped {
        let _ = writeln!(out, "# capped: {c}");
    }
    out
}
