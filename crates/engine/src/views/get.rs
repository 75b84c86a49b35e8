use podlife_spec::SimTime;

use super::tabwriter::TabWriter;
use crate::timefmt::since;
use crate::trace::{Frame, Trace};

/// NAME, READY, STATUS, RESTARTS, AGE of `frame` seen at `t` (§4.1–4.8).
pub fn row_cells(trace: &Trace, frame: &Frame, t: SimTime) -> [String; 5] {
    let k = &frame.kubectl;
    let restarts = match k.last_restart_finished_at {
        // finishedAt is stored with whole-second precision.
        Some(f) if k.restarts > 0 => format!(
            "{} ({} ago)",
            k.restarts,
            since(t, SimTime::from_secs(f.whole_secs()))
        ),
        _ => k.restarts.to_string(),
    };
    [
        trace.pod.name.clone(),
        k.ready.clone(),
        k.status.clone(),
        restarts,
        since(t, SimTime::ZERO),
    ]
}

fn not_found(trace: &Trace) -> String {
    format!(
        "Error from server (NotFound): pods \"{}\" not found\n",
        trace.pod.name
    )
}

/// `kubectl get pods` at `t`.
pub fn get_pods(trace: &Trace, t: SimTime) -> String {
    let Some(f) = trace.frame_at(t).filter(|f| f.exists) else {
        return not_found(trace);
    };
    let c = row_cells(trace, f, t);
    TabWriter::kubectl_get().format(&format!(
        "NAME\tREADY\tSTATUS\tRESTARTS\tAGE\n{}\t{}\t{}\t{}\t{}\n",
        c[0], c[1], c[2], c[3], c[4]
    ))
}

/// `kubectl get pods -o wide` at `t` (§4.10).
pub fn get_pods_wide(trace: &Trace, t: SimTime) -> String {
    let Some(f) = trace.frame_at(t).filter(|f| f.exists) else {
        return not_found(trace);
    };
    let c = row_cells(trace, f, t);
    let gates = &trace.scenario.pod.spec.readiness_gates;
    let gates = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let ok = gates
            .iter()
            .filter(|g| {
                f.conditions
                    .iter()
                    .any(|c| c.type_ == *g && c.status == "True")
            })
            .count();
        format!("{ok}/{}", gates.len())
    };
    TabWriter::kubectl_get().format(&format!(
        "NAME\tREADY\tSTATUS\tRESTARTS\tAGE\tIP\tNODE\tNOMINATED NODE\tREADINESS GATES\n{}\t{}\t{}\t{}\t{}\t{}\t{}\t<none>\t{}\n",
        c[0],
        c[1],
        c[2],
        c[3],
        c[4],
        f.pod_ip.as_deref().unwrap_or("<none>"),
        f.node_name.as_deref().unwrap_or("<none>"),
        gates
    ))
}

/// `kubectl get pods -w` started at t=0 and read at `t`: the header and the first row, then
/// one line per watch event — every status update (frame), even when the printed columns did
/// not change, and the DELETED event when the object goes away (printed as the last state, as
/// kubectl does without `--output-watch-events`). Each line shows the AGE when it was printed.
/// kubectl keeps column widths across watch lines and only widens them, so each line is
/// padded to the widest cell seen so far in its column.
pub fn get_pods_watch(trace: &Trace, t: SimTime) -> String {
    let mut rows: Vec<[String; 5]> = vec![[
        "NAME".into(),
        "READY".into(),
        "STATUS".into(),
        "RESTARTS".into(),
        "AGE".into(),
    ]];
    let mut last: Option<&Frame> = None;
    for f in trace.frames.iter().take_while(|f| f.time <= t) {
        if !f.exists {
            if let Some(l) = last {
                rows.push(row_cells(trace, l, f.time));
            }
            break;
        }
        rows.push(row_cells(trace, f, f.time));
        last = Some(f);
    }
    let mut widths = [6usize; 4];
    let mut out = String::new();
    for (n, r) in rows.iter().enumerate() {
        if n == 0 || n == 1 {
            // The header and the first row are flushed together.
            for (j, w) in widths.iter_mut().enumerate() {
                *w = (*w).max(rows[0][j].chars().count() + 3);
                if rows.len() > 1 {
                    *w = (*w).max(rows[1][j].chars().count() + 3);
                }
            }
        } else {
            for (j, w) in widths.iter_mut().enumerate() {
                *w = (*w).max(r[j].chars().count() + 3);
            }
        }
        for (j, w) in widths.iter().enumerate() {
            out.push_str(&r[j]);
            for _ in r[j].chars().count()..*w {
                out.push(' ');
            }
        }
        out.push_str(&r[4]);
        out.push('\n');
    }
    out
}
