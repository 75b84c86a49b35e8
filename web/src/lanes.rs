//! The timeline's model: pure functions of the trace (segments of equal state per row, probe
//! ticks) and the geometry of time against pixels. [`crate::timeline`] draws them.

use podlife_engine::Trace;
use podlife_spec::SimTime;

use crate::i18n::Lang;

/// A name cut to `max` characters with an ellipsis (the full name is in the tooltip).
pub fn short_label(name: &str, max: usize) -> String {
    const MIN: usize = 4;
    let max = max.max(MIN);
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// The narrowest chart drawn: below it the timeline scrolls sideways instead of shrinking.
pub const MIN_WIDTH: f64 = 320.0;
/// Room right of the plot (the last axis label ends inside the chart).
const RIGHT: f64 = 12.0;

/// The label column's width for a chart `width` pixels wide: narrow charts (phones, small
/// embeds) keep more of their width for the plot.
pub fn label_width(width: f64) -> f64 {
    if width < 560.0 {
        96.0
    } else {
        150.0
    }
}

/// The time window the chart shows (all of the run, or a zoomed page) and the chart's width in
/// CSS pixels. The chart is drawn one SVG unit per pixel, so its text keeps its size at any
/// width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub from: SimTime,
    pub to: SimTime,
    pub width: f64,
}

impl Scale {
    pub fn all(until: SimTime, width: f64) -> Scale {
        Scale {
            from: SimTime::ZERO,
            to: until,
            width: width.max(MIN_WIDTH),
        }
    }

    /// A `window`-long page holding `t` between its quarter and three quarters, within
    /// [0, end]; it moves by half pages, so playback re-lays out the chart only now and then.
    pub fn page(t: SimTime, window: SimTime, end: SimTime, width: f64) -> Scale {
        let w = window.as_millis().clamp(1, end.as_millis().max(1));
        let half = (w / 2).max(1);
        let start = (t.as_millis().saturating_sub(w / 4) / half * half)
            .min(end.as_millis().saturating_sub(w));
        Scale {
            from: SimTime::from_millis(start),
            to: SimTime::from_millis(start + w),
            width: width.max(MIN_WIDTH),
        }
    }

    pub fn visible(&self, a: SimTime, b: SimTime) -> bool {
        b >= self.from && a <= self.to
    }

    /// Where the plot starts (right of the label column).
    pub fn left(&self) -> f64 {
        label_width(self.width)
    }

    /// The plot's width.
    pub fn plot(&self) -> f64 {
        (self.width - self.left() - RIGHT).max(1.0)
    }
}

pub fn x_of(t: SimTime, sc: Scale) -> f64 {
    let span = sc.to.saturating_sub(sc.from).as_millis().max(1) as f64;
    let t = t.max(sc.from).min(sc.to).saturating_sub(sc.from);
    sc.left() + (t.as_millis() as f64 / span) * sc.plot()
}

/// The time at x (inverse of [`x_of`]), clamped to the window.
pub fn t_of(x: f64, sc: Scale) -> SimTime {
    let f = ((x - sc.left()) / sc.plot()).clamp(0.0, 1.0);
    let span = sc.to.saturating_sub(sc.from).as_millis() as f64;
    SimTime::from_millis(sc.from.as_millis() + (f * span).round() as u64)
}

/// A run of equal values over [start, end).
#[derive(Clone, Debug, PartialEq)]
pub struct Seg {
    pub start: SimTime,
    pub end: SimTime,
    pub label: String,
    pub class: &'static str,
}

fn merge(points: Vec<(SimTime, String, &'static str)>, until: SimTime) -> Vec<Seg> {
    let mut segs: Vec<Seg> = Vec::new();
    for (t, label, class) in points {
        if let Some(last) = segs.last_mut() {
            if last.label == label && last.class == class {
                continue;
            }
            last.end = t;
        }
        segs.push(Seg {
            start: t,
            end: until,
            label,
            class,
        });
    }
    segs.retain(|s| s.end > s.start);
    segs
}

/// The pod phase over time (`Terminating` and deletion included, as kubectl's STATUS shows).
pub fn phase_segments(trace: &Trace) -> Vec<Seg> {
    let mut last = None;
    let pts = trace
        .frames
        .iter()
        .filter(|f| {
            let key = (f.exists, f.deletion_timestamp.is_some(), f.phase);
            let new = last != Some(key);
            last = Some(key);
            new
        })
        .map(|f| {
            if !f.exists {
                (f.time, "(deleted)".to_string(), "ph-gone")
            } else if f.deletion_timestamp.is_some() {
                (f.time, "Terminating".to_string(), "ph-term")
            } else {
                let class = match f.phase {
                    "Pending" => "ph-pending",
                    "Running" => "ph-running",
                    "Succeeded" => "ph-succeeded",
                    "Failed" => "ph-failed",
                    _ => "ph-unknown",
                };
                (f.time, f.phase.to_string(), class)
            }
        })
        .collect();
    merge(pts, trace.until)
}

/// A container status's segment label and CSS class; a new instance is a new label.
fn state_label(c: &podlife_engine::ContainerStatus) -> (String, &'static str) {
    let reason: &str = c.reason.as_deref().unwrap_or_default();
    let state = if c.state == "running" {
        1
    } else if c.state == "terminated" {
        2
    } else {
        0
    };
    let (label, class) = match state {
        1 if c.ready => ("Running (ready)".to_string(), "st-ready"),
        1 => ("Running".to_string(), "st-running"),
        // Terminated, and waiting after a first run, are per instance too (below).
        2 => {
            let code = c.exit_code.unwrap_or(0);
            let class = if reason == "Completed" || code == 0 {
                "st-done"
            } else {
                "st-error"
            };
            (format!("Terminated:{reason} ({code})"), class)
        }
        _ => {
            let class = match reason {
                "CrashLoopBackOff" => "st-backoff",
                "ErrImagePull"
                | "ImagePullBackOff"
                | "ErrImageNeverPull"
                | "InvalidImageName"
                | "CreateContainerConfigError"
                | "CreateContainerError"
                | "RunContainerError" => "st-error",
                _ => "st-waiting",
            };
            let r = if reason.is_empty() {
                "Waiting".to_string()
            } else {
                format!("Waiting:{reason}")
            };
            (r, class)
        }
    };
    // A new instance starts a new segment even when its state looks the same.
    let label = if c.restart_count > 0 {
        format!("{label} · #{}", c.restart_count)
    } else {
        label
    };
    (label, class)
}

/// One container's state over time: `Running`, `Running (ready)`, `Waiting:Reason`,
/// `Terminated:Reason (exit N)`.
pub fn container_segments(trace: &Trace, name: &str) -> Vec<Seg> {
    let mut pts = Vec::new();
    // What the label and class depend on: frames repeat it for long stretches, and only a
    // change needs a label (merge() drops repeats anyway).
    let mut last = None;
    for f in &trace.frames {
        if !f.exists {
            last = None;
            pts.push((f.time, String::new(), "st-none"));
            continue;
        }
        let Some(c) = f.containers.iter().find(|c| &*c.name == name) else {
            continue;
        };
        let key = (
            c.state,
            c.ready,
            c.reason.as_deref(),
            c.exit_code,
            c.restart_count,
        );
        if last == Some(key) {
            continue;
        }
        last = Some(key);
        let (label, class) = state_label(c);
        pts.push((f.time, label, class));
    }
    merge(pts, trace.until)
}

/// One condition's status over time (absent = not yet reported).
pub fn condition_segments(trace: &Trace, kind: &str) -> Vec<Seg> {
    let mut pts = Vec::new();
    let mut last: Option<Option<&str>> = None;
    for f in &trace.frames {
        let status = f
            .conditions
            .iter()
            .find(|c| c.type_ == kind)
            .filter(|_| f.exists)
            .map(|c| c.status);
        if last == Some(status) {
            continue;
        }
        last = Some(status);
        pts.push(match status {
            Some(st) => {
                let class = if st == "True" {
                    "cond-true"
                } else {
                    "cond-false"
                };
                (f.time, st.to_string(), class)
            }
            None => (f.time, String::new(), "cond-none"),
        });
    }
    merge(pts, trace.until)
}

/// A probe tick drawn on the chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    pub at: SimTime,
    pub class: &'static str,
    /// Index of its run-length group in `trace.probes`.
    pub mark: usize,
    /// The threshold counter: consecutive identical results up to this tick.
    pub run: u64,
}

/// The probe ticks of one container's probe inside the window `sc` (no text is built here: a
/// long run has tens of thousands of ticks; the tooltip is made on hover by [`tick_tip`]).
pub fn probe_ticks(trace: &Trace, container: &str, probe: &str, sc: Scale) -> Vec<Tick> {
    let mut v = Vec::new();
    for (mark, m) in trace
        .probes
        .iter()
        .enumerate()
        .filter(|(_, m)| m.container == container && m.probe == probe)
    {
        if !sc.visible(m.time, m.last) {
            continue;
        }
        let n = u64::from(m.count.max(1));
        let span = m.last.saturating_sub(m.time).as_millis();
        let step = if n > 1 { span / (n - 1) } else { 0 };
        // Never more than 400 ticks per run-length group: beyond that they merge visually.
        let stride = n.div_ceil(400).max(1);
        let mut i = 0;
        while i < n {
            let at = SimTime::from_millis(m.time.as_millis() + step * i);
            if sc.visible(at, at) {
                v.push(Tick {
                    at,
                    class: probe_class(m.result),
                    mark,
                    run: u64::from(m.run) + i,
                });
            }
            i += stride;
        }
    }
    v
}

/// A tick's tooltip: time, probe, result, the threshold counter and the probe's output.
pub fn tick_tip(trace: &Trace, probe: &str, t: &Tick, lang: Lang) -> String {
    let Some(m) = trace.probes.get(t.mark) else {
        return String::new();
    };
    let output = m.output.trim_end();
    match lang {
        Lang::En => format!(
            "{} {probe} {} (x{} in a row) {output}",
            t.at, m.result, t.run
        ),
        Lang::Zh => format!(
            "{} {probe} {}（连续第 {} 次）{output}",
            t.at, m.result, t.run
        ),
    }
}

pub fn probe_class(result: &str) -> &'static str {
    match result {
        "success" => "pr-ok",
        "failure" | "error" => "pr-fail",
        "warning" => "pr-warn",
        "delayed" => "pr-skip",
        "on-hold" | "not-started" => "pr-hold",
        _ => "pr-skip",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_and_t_are_inverse() {
        let until = Scale::all(SimTime::from_secs(600), 1000.0);
        for ms in [0, 1_000, 59_999, 300_000, 600_000] {
            let t = SimTime::from_millis(ms);
            let back = t_of(x_of(t, until), until);
            assert!(
                (back.as_millis() as i64 - ms as i64).abs() <= 1,
                "{ms} -> {back}"
            );
        }
        assert_eq!(t_of(-50.0, until), SimTime::ZERO);
        assert_eq!(t_of(2000.0, until), until.to);
        let z = Scale {
            from: SimTime::from_secs(60),
            to: SimTime::from_secs(120),
            width: 1000.0,
        };
        assert_eq!(
            t_of(x_of(SimTime::from_secs(90), z), z),
            SimTime::from_secs(90)
        );
        assert_eq!(x_of(SimTime::from_secs(10), z), 150.0);
        let narrow = Scale::all(SimTime::from_secs(60), 100.0);
        assert_eq!(narrow.width, MIN_WIDTH, "never narrower than MIN_WIDTH");
        assert_eq!(narrow.left(), 96.0);
        assert_eq!(x_of(SimTime::from_secs(60), narrow), MIN_WIDTH - 12.0);
    }

    #[test]
    fn zoom_pages_keep_the_playhead_in_their_middle_half() {
        let end = SimTime::from_secs(600);
        let w = SimTime::from_secs(60);
        let p = Scale::page(SimTime::from_secs(75), w, end, 800.0);
        assert_eq!(
            (p.from, p.to),
            (SimTime::from_secs(60), SimTime::from_secs(120))
        );
        let last = Scale::page(SimTime::from_secs(590), w, end, 800.0);
        assert_eq!((last.from, last.to), (SimTime::from_secs(540), end));
        let wide = Scale::page(SimTime::from_secs(5), SimTime::from_secs(900), end, 800.0);
        assert_eq!((wide.from, wide.to), (SimTime::ZERO, end));
    }

    #[test]
    fn crash_loop_lane_shows_backoff_and_errors() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"exit 1\"]\n";
        let run = crate::model::analyse(text).run.expect("valid");
        let segs = container_segments(&run.trace, "c");
        assert!(
            segs.iter()
                .any(|s| s.label.starts_with("Waiting:CrashLoopBackOff · #")
                    && s.class == "st-backoff"),
            "{segs:?}"
        );
        assert!(
            segs.iter()
                .any(|s| s.label == "Terminated:Error (1)" && s.class == "st-error"),
            "{segs:?}"
        );
        // Segments tile time without overlap.
        for w in segs.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        let phases = phase_segments(&run.trace);
        assert_eq!(phases[0].label, "Pending");
        assert!(phases.iter().any(|s| s.label == "Running"));
    }

    /// The segment functions before they skipped repeated frames (the reference).
    fn container_segments_every_frame(trace: &Trace, name: &str) -> Vec<Seg> {
        let mut pts = Vec::new();
        for f in &trace.frames {
            if !f.exists {
                pts.push((f.time, String::new(), "st-none"));
                continue;
            }
            let Some(c) = f.containers.iter().find(|c| &*c.name == name) else {
                continue;
            };
            let (label, class) = state_label(c);
            pts.push((f.time, label, class));
        }
        merge(pts, trace.until)
    }

    #[test]
    fn segments_skip_repeated_frames_without_changing_the_lanes() {
        let text = include_str!("../../e2e/bench/kitchen-sink.yaml");
        let run = crate::model::analyse(text).run.expect("valid");
        let tr = &run.trace;
        assert!(tr.frames.len() > 100, "{}", tr.frames.len());
        for name in &run.names {
            assert_eq!(
                container_segments(tr, name),
                container_segments_every_frame(tr, name),
                "{name}"
            );
        }
        let phases = phase_segments(tr);
        assert_eq!(phases.last().map(|s| s.label.as_str()), Some("(deleted)"));
        for w in phases.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert_ne!((&w[0].label, w[0].class), (&w[1].label, w[1].class));
        }
        let ready = condition_segments(tr, "Ready");
        assert!(ready.iter().any(|s| s.label == "True"), "{ready:?}");
        assert!(ready.iter().any(|s| s.label == "False"), "{ready:?}");
    }

    #[test]
    fn ticks_are_only_those_in_the_window_and_tips_say_what_happened() {
        let text = include_str!("../../e2e/bench/kitchen-sink.yaml");
        let run = crate::model::analyse(text).run.expect("valid");
        let tr = &run.trace;
        let all = Scale::all(tr.until, 800.0);
        let page = Scale {
            from: SimTime::from_secs(60),
            to: SimTime::from_secs(180),
            width: 800.0,
        };
        let c = &run.names[run.names.len() - 1];
        let every = probe_ticks(tr, c, "liveness", all);
        let some = probe_ticks(tr, c, "liveness", page);
        assert!(!some.is_empty() && some.len() < every.len());
        assert!(some.iter().all(|t| t.at >= page.from && t.at <= page.to));
        let inside: Vec<Tick> = every
            .iter()
            .copied()
            .filter(|t| t.at >= page.from && t.at <= page.to)
            .collect();
        assert_eq!(some, inside);
        let tip = tick_tip(tr, "liveness", &some[0], Lang::En);
        let m = &tr.probes[some[0].mark];
        assert!(
            tip.starts_with(&format!(
                "{} liveness {} (x{} in a row)",
                some[0].at, m.result, some[0].run
            )),
            "{tip}"
        );
    }
}
