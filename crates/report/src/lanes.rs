//! The timeline's lane model, shared by the page and the SVG export: what each row shows over
//! time (segments of equal state, probe ticks), the CSS class of every mark, the palette those
//! classes map to, the legend, and the axis ticks. Pure functions of the trace.
//!
//! The segment functions are the page's (`web/src/timeline.rs`), moved here so that the page
//! and `podlife run --output svg` draw the same lanes from one definition.

use podlife_engine::{ContainerStatus, Trace};
use podlife_spec::SimTime;

use crate::Lang;

/// A time window of the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub from: SimTime,
    pub to: SimTime,
}

impl Scale {
    pub fn all(until: SimTime) -> Scale {
        Scale {
            from: SimTime::ZERO,
            to: until,
        }
    }

    /// Whether [a, b] overlaps the window.
    pub fn visible(&self, a: SimTime, b: SimTime) -> bool {
        b >= self.from && a <= self.to
    }

    /// The fraction (0..=1) of the window at `t`, clamped.
    pub fn fraction(&self, t: SimTime) -> f64 {
        let span = self.to.saturating_sub(self.from).as_millis().max(1) as f64;
        let t = t.max(self.from).min(self.to).saturating_sub(self.from);
        t.as_millis() as f64 / span
    }
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

/// A container status's segment label and class; a new instance is a new label.
pub fn state_label(c: &ContainerStatus) -> (String, &'static str) {
    let reason: &str = c.reason.as_deref().unwrap_or_default();
    let (label, class) = match c.state {
        "running" if c.ready => ("Running (ready)".to_string(), "st-ready"),
        "running" => ("Running".to_string(), "st-running"),
        "terminated" => {
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
/// `Terminated:Reason (exit N)`; class `st-none` while the pod does not exist.
pub fn container_segments(trace: &Trace, name: &str) -> Vec<Seg> {
    let mut pts = Vec::new();
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

/// The pod conditions the timeline shows, in its row order.
pub const CONDITION_ROWS: [&str; 5] = [
    "PodScheduled",
    "PodReadyToStartContainers",
    "Initialized",
    "ContainersReady",
    "Ready",
];

/// One condition's status over time (class `cond-none` while not reported).
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

/// Most ticks drawn per run-length group: beyond that they merge visually.
pub const MAX_TICKS_PER_GROUP: u64 = 400;

/// The probe ticks of one container's probe inside the window.
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
        let stride = n.div_ceil(MAX_TICKS_PER_GROUP).max(1);
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

/// Axis ticks for the window: (time, label) at a round step, at most 12 or so.
pub fn axis_ticks(sc: Scale) -> Vec<(SimTime, String)> {
    let span = sc.to.saturating_sub(sc.from).as_millis();
    const STEPS_S: [u64; 13] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];
    let step = STEPS_S
        .iter()
        .map(|s| s * 1000)
        .find(|s| span / s <= 12)
        .unwrap_or(14_400_000);
    let mut v = Vec::new();
    let mut t = sc.from.as_millis().div_ceil(step) * step;
    while t <= sc.to.as_millis() && v.len() < 40 {
        v.push((SimTime::from_millis(t), podlife_spec::format_go_duration(t)));
        t += step;
    }
    v
}

/// Colours of the timeline's classes, light theme (the page's `web/style.css` palette; an
/// exported image is read on white).
pub const PALETTE: &[(&str, &str)] = &[
    ("bg", "#ffffff"),
    ("fg", "#1c1e21"),
    ("muted", "#5f6368"),
    ("line", "#d9dce1"),
    ("accent", "#326ce5"),
    ("bad", "#c5221f"),
    ("warn", "#b26a00"),
    ("good", "#188038"),
    ("ok-soft", "#81c995"),
    ("wait", "#9aa0a6"),
    ("backoff", "#e8710a"),
    ("done", "#4285f4"),
    ("hook", "#a142f4"),
    ("hold", "#12a4b8"),
];

/// The palette colour of a name (`good`, `bad`, ...).
pub fn colour(name: &str) -> &'static str {
    PALETTE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
        .unwrap_or("#000000")
}

/// Fill of each mark class: (class, palette name, opacity).
pub const CLASS_FILLS: &[(&str, &str, f32)] = &[
    ("ph-pending", "wait", 1.0),
    ("st-waiting", "wait", 1.0),
    ("ph-running", "ok-soft", 1.0),
    ("st-running", "ok-soft", 1.0),
    ("st-ready", "good", 1.0),
    ("ph-succeeded", "done", 1.0),
    ("st-done", "done", 1.0),
    ("ph-failed", "bad", 1.0),
    ("st-error", "bad", 1.0),
    ("ph-term", "backoff", 1.0),
    ("ph-gone", "line", 1.0),
    ("ph-unknown", "line", 1.0),
    ("st-backoff", "backoff", 1.0),
    ("cond-true", "good", 1.0),
    ("cond-false", "line", 1.0),
    ("span-pull", "accent", 0.8),
    ("span-hook", "hook", 1.0),
    ("span-backoff", "backoff", 0.55),
    ("span-grace", "warn", 0.55),
    ("span-other", "muted", 0.5),
    ("pr-ok", "good", 1.0),
    ("pr-fail", "bad", 1.0),
    ("pr-warn", "warn", 1.0),
    ("pr-skip", "wait", 0.6),
    ("pr-hold", "hold", 0.7),
    ("ev-normal", "accent", 1.0),
    ("ev-warn", "bad", 1.0),
    ("sig-term", "warn", 1.0),
    ("sig-kill", "bad", 1.0),
    ("exp-pass", "good", 1.0),
    ("exp-fail", "bad", 1.0),
];

/// The legend: (class, label) in the page's order (the page's legend is this list).
pub fn legend(lang: Lang) -> [(&'static str, &'static str); 16] {
    [
        ("st-waiting", "Waiting"),
        ("st-running", "Running"),
        ("st-ready", lang.pick("ready", "就绪")),
        ("st-backoff", lang.pick("back-off", "退避")),
        ("st-error", "Error / OOMKilled"),
        ("st-done", "Completed"),
        ("span-pull", lang.pick("image pull", "拉取镜像")),
        (
            "span-hook",
            lang.pick("postStart / preStop hook", "postStart / preStop 钩子"),
        ),
        ("span-grace", lang.pick("grace period", "宽限期")),
        ("pr-ok", lang.pick("probe success", "探针成功")),
        ("pr-fail", lang.pick("probe failure", "探针失败")),
        (
            "pr-skip",
            lang.pick("before initialDelay", "initialDelay 之前"),
        ),
        ("pr-hold", lang.pick("probe on hold", "探针暂停")),
        ("ev-normal", lang.pick("event", "事件")),
        ("sig-term", "SIGTERM"),
        ("sig-kill", "SIGKILL"),
    ]
}

/// Container names in status order (init containers in spec order, then regular ones).
pub fn container_names(trace: &Trace) -> Vec<String> {
    let spec = &trace.scenario.pod.spec;
    spec.init_containers
        .iter()
        .chain(spec.containers.iter())
        .map(|c| c.name.clone())
        .collect()
}

/// Where the timeline ends: the horizon, or shortly after the pod is gone or in a terminal
/// phase (sticky) and nothing more happens — else the interesting part would be squeezed to
/// the left of a 10-minute axis.
pub fn view_end(trace: &Trace) -> SimTime {
    let terminal = trace
        .frames
        .iter()
        .any(|f| !f.exists || f.phase == "Succeeded" || f.phase == "Failed");
    if !terminal {
        return trace.until;
    }
    let last = trace
        .frames
        .iter()
        .map(|f| f.time)
        .chain(trace.events.iter().map(|e| e.time))
        .chain(trace.scenario.setup.actions.iter().map(|a| a.at))
        .max()
        .unwrap_or(SimTime::ZERO);
    let margin = (last.as_millis() / 5).max(10_000);
    SimTime::from_millis(last.as_millis() + margin).min(trace.until)
}
