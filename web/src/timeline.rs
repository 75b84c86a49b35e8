//! The timeline: a pure layout of the trace (rows of segments, ticks and marks, in time) and
//! its SVG rendering. The static part depends only on the trace; the playhead is drawn by a
//! separate overlay so that playback re-renders one line, not the whole chart.

use std::fmt::Write as _;
use std::rc::Rc;

use podlife_engine::Trace;
use podlife_spec::SimTime;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::model::Run;

/// SVG user units: the chart is drawn in a W-wide box and scaled to the panel.
pub const W: f64 = 1000.0;
pub const LABEL_W: f64 = 150.0;
pub const PLOT_W: f64 = W - LABEL_W - 12.0;

/// `&String` or `&&'static str` as `&str` (trace fields are moving from String to &'static str).
fn as_str(s: &str) -> &str {
    s
}

/// A container name that fits the label column (the full name is in the tooltip).
fn short_label(name: &str) -> String {
    const MAX: usize = 24;
    if name.chars().count() <= MAX {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}

/// The time window the chart shows (a view-state value: all of the run, or a zoomed page).
#[derive(Clone, Copy, Debug, PartialEq)]
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

    /// A `width`-long page holding `t` between its quarter and three quarters, within [0, end];
    /// it moves by half pages, so playback re-lays out the chart only now and then.
    pub fn page(t: SimTime, width: SimTime, end: SimTime) -> Scale {
        let w = width.as_millis().clamp(1, end.as_millis().max(1));
        let half = (w / 2).max(1);
        let start = (t.as_millis().saturating_sub(w / 4) / half * half)
            .min(end.as_millis().saturating_sub(w));
        Scale {
            from: SimTime::from_millis(start),
            to: SimTime::from_millis(start + w),
        }
    }

    fn visible(&self, a: SimTime, b: SimTime) -> bool {
        b >= self.from && a <= self.to
    }
}

pub fn x_of(t: SimTime, sc: Scale) -> f64 {
    let span = sc.to.saturating_sub(sc.from).as_millis().max(1) as f64;
    let t = t.max(sc.from).min(sc.to).saturating_sub(sc.from);
    LABEL_W + (t.as_millis() as f64 / span) * PLOT_W
}

/// The time at x (inverse of [`x_of`]), clamped to the window.
pub fn t_of(x: f64, sc: Scale) -> SimTime {
    let f = ((x - LABEL_W) / PLOT_W).clamp(0.0, 1.0);
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
            .map(|c| as_str(c.status));
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

/// The ticks of one result class in a probe row: class, SVG path data, (x, tick) per tick.
type TickPath = (&'static str, String, Vec<(f64, Tick)>);

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
pub fn tick_tip(trace: &Trace, probe: &str, t: &Tick) -> String {
    let Some(m) = trace.probes.get(t.mark) else {
        return String::new();
    };
    let output = m.output.trim_end();
    format!(
        "{} {probe} {} (x{} in a row) {output}",
        t.at, m.result, t.run
    )
}

/// Sets the `<title>` (the browser's tooltip) of the hovered probe-tick path to the tip of the
/// tick nearest the pointer. One path draws all ticks of a row and result, so its title follows
/// the pointer instead of a title element per tick.
fn tick_hover(
    run: &Rc<Run>,
    probe: &'static str,
    ticks: Rc<Vec<(f64, Tick)>>,
) -> Callback<PointerEvent> {
    let run = run.clone();
    Callback::from(move |e: PointerEvent| {
        // The path itself (its only child, the title, is never hit).
        let Some(path) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some(svg) = path.closest("svg").ok().flatten() else {
            return;
        };
        let r = svg.get_bounding_client_rect();
        let x = (f64::from(e.client_x()) - r.left()) / r.width().max(1.0) * W;
        let i = ticks.partition_point(|(tx, _)| *tx < x);
        let near = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|i| ticks.get(i))
            .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()));
        let Some((_, tick)) = near else { return };
        let tip = tick_tip(&run.trace, probe, tick);
        let title = match path.first_element_child() {
            Some(t) => Some(t),
            None => path.owner_document().and_then(|d| {
                let t = d
                    .create_element_ns(Some("http://www.w3.org/2000/svg"), "title")
                    .ok()?;
                path.append_child(&t).ok()?;
                Some(t)
            }),
        };
        if let Some(t) = title {
            if t.text_content().as_deref() != Some(tip.as_str()) {
                t.set_text_content(Some(&tip));
            }
        }
    })
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

/// What was clicked on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    Event(usize),
    Container(String),
    /// A pod condition row (`Ready`, `PodScheduled`, ...).
    Condition(String),
}

#[derive(Properties)]
pub struct Props {
    pub run: Rc<Run>,
    pub lang: Lang,
    pub scale: Scale,
    pub on_pick: Callback<Pick>,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run) && self.lang == o.lang && self.scale == o.scale
    }
}

const ROW: f64 = 16.0;

fn seg_rects(segs: &[Seg], until: Scale, y: f64, h: f64, labels: bool) -> Html {
    html! {
        <>{ for segs.iter().filter(|s| s.class != "st-none" && s.class != "cond-none" && until.visible(s.start, s.end)).map(|s| {
            let x0 = x_of(s.start, until);
            let x1 = x_of(s.end, until);
            let w = (x1 - x0).max(0.8);
            // ~5.5 user units per character at the label font size.
            // Back-off waits carry the back-off span's own label.
            let fits = labels
                && s.class != "st-backoff"
                && (s.label.chars().count() as f64) * 5.6 + 6.0 < w;
            html! {
                <g>
                    <rect class={classes!("seg", s.class)} x={format!("{x0:.1}")} y={format!("{y:.1}")}
                        width={format!("{w:.1}")} height={format!("{h:.1}")}>
                        <title>{ format!("{} – {}: {}", s.start, s.end, s.label) }</title>
                    </rect>
                    if fits {
                        <text class="seg-label" x={format!("{:.1}", x0 + 3.0)} y={format!("{:.1}", y + h - 4.0)}>{ s.label.clone() }</text>
                    }
                </g>
            }
        }) }</>
    }
}

#[function_component(Timeline)]
pub fn timeline(p: &Props) -> Html {
    let trace = &p.run.trace;
    let until = p.scale;
    let lang = p.lang;
    let mut y = 0.0;
    let mut rows: Vec<Html> = Vec::new();

    // Time axis.
    let secs = until.to.saturating_sub(until.from).as_millis() as f64 / 1000.0;
    let from_s = until.from.as_millis() as f64 / 1000.0;
    let step = [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
    ]
    .into_iter()
    .find(|s| secs / s <= 12.0)
    .unwrap_or(7200.0);
    let mut ticks = Vec::new();
    let mut s = (from_s / step).ceil() * step;
    while s <= from_s + secs + 1e-9 && ticks.len() < 40 {
        let x = x_of(SimTime::from_millis((s * 1000.0) as u64), until);
        let label = podlife_spec::format_go_duration((s * 1000.0) as u64);
        ticks.push(html! {
            <g>
                <line class="axis-tick" x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1="12" y2="100%" />
                <text class="axis-label" x={format!("{:.1}", x + 2.0)} y="10">{ label }</text>
            </g>
        });
        s += step;
    }
    rows.push(html! { <g class="axis">{ for ticks }</g> });
    y += 16.0;

    // Phase band.
    rows.push(html! {
        <g class="row">
            <text class="row-label" x="4" y={format!("{:.1}", y + 12.0)}>{ tr(lang, "phase") }</text>
            { seg_rects(&phase_segments(trace), until, y, ROW, true) }
        </g>
    });
    y += ROW + 4.0;

    // Conditions.
    for kind in [
        "PodScheduled",
        "PodReadyToStartContainers",
        "Initialized",
        "ContainersReady",
        "Ready",
    ] {
        let segs = condition_segments(trace, kind);
        if segs.iter().all(|s| s.class == "cond-none") {
            continue;
        }
        let on_pick = p.on_pick.clone();
        let onclick =
            Callback::from(move |_: MouseEvent| on_pick.emit(Pick::Condition(kind.to_string())));
        rows.push(html! {
            <g class="row cond lane" {onclick}>
                <text class="row-label small" x="4" y={format!("{:.1}", y + 8.0)}>{ kind }</text>
                { seg_rects(&segs, until, y + 1.0, 8.0, false) }
            </g>
        });
        y += 11.0;
    }
    y += 4.0;

    // Containers, grouped init / sidecar / regular.
    let spec = &trace.scenario.pod.spec;
    let mut groups: Vec<(&str, Vec<&podlife_spec::Container>)> = vec![
        ("init", Vec::new()),
        ("sidecar", Vec::new()),
        ("regular", Vec::new()),
    ];
    for c in &spec.init_containers {
        let g = if c.restart_policy.is_some() { 1 } else { 0 };
        groups[g].1.push(c);
    }
    for c in &spec.containers {
        groups[2].1.push(c);
    }
    for (gname, cs) in groups {
        if cs.is_empty() {
            continue;
        }
        rows.push(html! {
            <text class="group-label" x="4" y={format!("{:.1}", y + 10.0)}>{ tr(lang, gname) }</text>
        });
        y += 13.0;
        for c in cs {
            let name = c.name.clone();
            let lane_y = y + 8.0;
            let mut parts: Vec<Html> = Vec::new();
            // Spans above the lane: pull, hooks; back-off gaps on it.
            for sp in trace
                .spans
                .iter()
                .filter(|s| s.container.as_deref() == Some(c.name.as_str()))
                .filter(|s| until.visible(s.start, s.end.unwrap_or(until.to)))
            {
                let end = sp.end.unwrap_or(until.to);
                let x0 = x_of(sp.start, until);
                let w = (x_of(end, until) - x0).max(1.0);
                #[allow(clippy::needless_borrow)] // `kind` is String in older traces
                let (cls, yy, h, label) = match as_str(&sp.kind) {
                    "pull" => ("span-pull", y, 6.0, "pull".to_string()),
                    "postStart" => ("span-hook", y, 6.0, "postStart".to_string()),
                    "preStop" => ("span-hook", y, 6.0, "preStop".to_string()),
                    "backoff" => (
                        "span-backoff",
                        lane_y,
                        ROW,
                        format!(
                            "back-off {}",
                            podlife_spec::format_go_duration(
                                end.saturating_sub(sp.start).as_millis()
                            )
                        ),
                    ),
                    _ => ("span-other", y, 6.0, sp.kind.to_string()),
                };
                let fits = (label.chars().count() as f64) * 5.6 + 4.0 < w;
                parts.push(html! {
                    <g>
                        <rect class={classes!("span", cls)} x={format!("{x0:.1}")} y={format!("{yy:.1}")}
                            width={format!("{w:.1}")} height={format!("{h:.1}")}>
                            <title>{ format!("{} {} – {}: {}", sp.kind, sp.start, end, sp.detail) }</title>
                        </rect>
                        if fits && sp.kind == "backoff" {
                            <text class="span-label" x={format!("{:.1}", x0 + 2.0)} y={format!("{:.1}", yy + h - 4.0)}>{ label }</text>
                        }
                    </g>
                });
            }
            let segs = container_segments(trace, &c.name);
            let on_pick = p.on_pick.clone();
            let pick_name = name.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                on_pick.emit(Pick::Container(pick_name.clone()))
            });
            rows.push(html! {
                <g class="row lane" data-container={name.clone()} {onclick}>
                    <text class="row-label lane-label" x="4" y={format!("{:.1}", lane_y + 12.0)}>
                        { short_label(&name) }<title>{ name.clone() }</title>
                    </text>
                    { seg_rects(&segs, until, lane_y, ROW, true) }
                    { for parts }
                </g>
            });
            y = lane_y + ROW + 2.0;
            // Probe ticks, one row per probe type defined.
            for (probe, def) in [
                ("startup", c.startup_probe.is_some()),
                ("liveness", c.liveness_probe.is_some()),
                ("readiness", c.readiness_probe.is_some()),
            ] {
                if !def {
                    continue;
                }
                let ticks = probe_ticks(trace, &c.name, probe, until);
                let threshold = match probe {
                    "startup" => c.startup_probe.as_ref(),
                    "liveness" => c.liveness_probe.as_ref(),
                    _ => c.readiness_probe.as_ref(),
                }
                .map(|p| p.failure_threshold)
                .unwrap_or(3);
                // Failure counters ("2/3") where the ticks are far enough apart to read them.
                let counters: Vec<Html> = ticks
                    .iter()
                    .enumerate()
                    .filter(|(i, tk)| {
                        tk.class == "pr-fail"
                            && ticks.get(i + 1).is_none_or(|n| x_of(n.at, until) - x_of(tk.at, until) >= 14.0)
                            && (*i == 0 || x_of(tk.at, until) - x_of(ticks[i - 1].at, until) >= 14.0)
                    })
                    .map(|(_, tk)| {
                        let x = x_of(tk.at, until);
                        html! { <text class="counter" x={format!("{:.1}", x + 1.5)} y={format!("{:.1}", y + 7.5)}>{ format!("{}/{threshold}", tk.run) }</text> }
                    })
                    .collect();
                // One path per result class: a 1.6 × 7 box per tick.
                let mut paths: Vec<TickPath> = Vec::new();
                for tk in &ticks {
                    let x = x_of(tk.at, until);
                    let k = match paths.iter().position(|p| p.0 == tk.class) {
                        Some(k) => k,
                        None => {
                            paths.push((tk.class, String::new(), Vec::new()));
                            paths.len() - 1
                        }
                    };
                    let (_, d, xs) = &mut paths[k];
                    let _ = write!(d, "M{:.1} {:.1}h1.6v7h-1.6z", x - 0.8, y + 1.0);
                    xs.push((x, *tk));
                }
                rows.push(html! {
                    <g class="row probes">
                        <text class="row-label small" x="14" y={format!("{:.1}", y + 7.0)}>{ probe }</text>
                        { for counters }
                        { for paths.into_iter().map(|(cls, d, xs)| {
                            let onpointermove = tick_hover(&p.run, probe, Rc::new(xs));
                            html! { <path class={classes!("tick", cls)} {d} {onpointermove} /> }
                        }) }
                    </g>
                });
                y += 10.0;
            }
            y += 3.0;
        }
    }

    // Pod-level spans: termination grace.
    let grace: Vec<&podlife_engine::Span> =
        trace.spans.iter().filter(|s| s.kind == "grace").collect();
    if !grace.is_empty() {
        rows.push(html! {
            <g class="row">
                <text class="row-label" x="4" y={format!("{:.1}", y + 11.0)}>{ tr(lang, "termination") }</text>
                { for grace.iter().filter(|g| until.visible(g.start, g.end.unwrap_or(until.to))).map(|g| {
                    let end = g.end.unwrap_or(until.to);
                    let x0 = x_of(g.start, until);
                    let w = (x_of(end, until) - x0).max(1.0);
                    html! {
                        <rect class="span span-grace" x={format!("{x0:.1}")} y={format!("{y:.1}")} width={format!("{w:.1}")} height="14">
                            <title>{ format!("grace {} – {}: {}", g.start, end, g.detail) }</title>
                        </rect>
                    }
                }) }
            </g>
        });
        y += 18.0;
    }

    // Event markers.
    let ev_y = y;
    rows.push(html! {
        <g class="row events-row">
            <text class="row-label" x="4" y={format!("{:.1}", ev_y + 11.0)}>{ tr(lang, "events-row") }</text>
            { for trace.events.iter().enumerate().filter(|(_, e)| e.recorded && until.visible(e.time, e.time)).map(|(i, e)| {
                let x = x_of(e.time, until);
                let cls = if e.type_ == "Warning" { "ev-warn" } else { "ev-normal" };
                let on_pick = p.on_pick.clone();
                let onclick = Callback::from(move |_: MouseEvent| on_pick.emit(Pick::Event(i)));
                html! {
                    <rect class={classes!("ev", cls)} x={format!("{:.1}", x - 2.0)} y={format!("{ev_y:.1}")} width="4" height="14" {onclick}>
                        <title>{ format!("{} {} {}: {}", e.time, e.type_, e.reason, e.message) }</title>
                    </rect>
                }
            }) }
        </g>
    });
    y += 18.0;

    // Signals: SIGTERM / SIGKILL lines across the chart.
    let height = y + 4.0;
    let sigs = trace
        .marks
        .iter()
        .filter(|m| (m.kind == "SIGTERM" || m.kind == "SIGKILL") && until.visible(m.time, m.time))
        .map(|m| {
            let x = x_of(m.time, until);
            let cls = if m.kind == "SIGKILL" { "sig-kill" } else { "sig-term" };
            html! {
                <g class={classes!("sig", cls)}>
                    <line x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1="12" y2={format!("{height:.1}")} />
                    <title>{ format!("{} {} {}", m.time, m.kind, m.container.clone().unwrap_or_default()) }</title>
                </g>
            }
        });

    html! {
        <svg class="timeline-svg" viewBox={format!("0 0 {W} {height:.0}")} role="img"
            aria-label={tr(lang, "timeline")} preserveAspectRatio="xMinYMin meet">
            { for rows }
            { for sigs }
        </svg>
    }
}

/// Height in user units the chart will have (for the overlay's viewBox).
pub fn chart_height(trace: &Trace) -> f64 {
    let mut y = 16.0 + ROW + 4.0;
    for kind in [
        "PodScheduled",
        "PodReadyToStartContainers",
        "Initialized",
        "ContainersReady",
        "Ready",
    ] {
        if !condition_segments(trace, kind)
            .iter()
            .all(|s| s.class == "cond-none")
        {
            y += 11.0;
        }
    }
    y += 4.0;
    let spec = &trace.scenario.pod.spec;
    let inits = spec
        .init_containers
        .iter()
        .filter(|c| c.restart_policy.is_none())
        .count();
    let sidecars = spec.init_containers.len() - inits;
    for n in [inits, sidecars, spec.containers.len()] {
        if n > 0 {
            y += 13.0;
        }
    }
    for c in spec.init_containers.iter().chain(spec.containers.iter()) {
        y += 8.0 + ROW + 2.0 + 3.0;
        y += 10.0
            * [
                c.startup_probe.is_some(),
                c.liveness_probe.is_some(),
                c.readiness_probe.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count() as f64;
    }
    if trace.spans.iter().any(|s| s.kind == "grace") {
        y += 18.0;
    }
    y + 18.0 + 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_and_t_are_inverse() {
        let until = Scale::all(SimTime::from_secs(600));
        for ms in [0, 1_000, 59_999, 300_000, 600_000] {
            let t = SimTime::from_millis(ms);
            let back = t_of(x_of(t, until), until);
            assert!(
                (back.as_millis() as i64 - ms as i64).abs() <= 1,
                "{ms} -> {back}"
            );
        }
        assert_eq!(t_of(-50.0, until), SimTime::ZERO);
        assert_eq!(t_of(W * 2.0, until), until.to);
        let z = Scale {
            from: SimTime::from_secs(60),
            to: SimTime::from_secs(120),
        };
        assert_eq!(
            t_of(x_of(SimTime::from_secs(90), z), z),
            SimTime::from_secs(90)
        );
        assert_eq!(x_of(SimTime::from_secs(10), z), LABEL_W);
    }

    #[test]
    fn zoom_pages_keep_the_playhead_in_their_middle_half() {
        let end = SimTime::from_secs(600);
        let w = SimTime::from_secs(60);
        let p = Scale::page(SimTime::from_secs(75), w, end);
        assert_eq!(
            (p.from, p.to),
            (SimTime::from_secs(60), SimTime::from_secs(120))
        );
        let last = Scale::page(SimTime::from_secs(590), w, end);
        assert_eq!((last.from, last.to), (SimTime::from_secs(540), end));
        let wide = Scale::page(SimTime::from_secs(5), SimTime::from_secs(900), end);
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
        let all = Scale::all(tr.until);
        let page = Scale {
            from: SimTime::from_secs(60),
            to: SimTime::from_secs(180),
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
        let tip = tick_tip(tr, "liveness", &some[0]);
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
