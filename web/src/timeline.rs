//! The timeline chart: the model of [`crate::lanes`] drawn as SVG, one unit per CSS pixel
//! (text keeps its size at any width; a narrow chart zooms or scrolls instead). It depends on
//! the run, the window and the language only; the playhead is a separate overlay, so playback
//! re-renders one line, not the chart.

use std::fmt::Write as _;
use std::rc::Rc;

use podlife_spec::SimTime;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::lanes::{
    condition_segments, container_segments, phase_segments, probe_ticks, short_label, tick_tip,
    x_of, Scale, Seg, Tick,
};
use crate::model::Run;
use crate::types::Pick;

/// Row geometry in pixels (text is 11–12 px).
const AXIS: f64 = 18.0;
const LANE: f64 = 18.0;
const COND: f64 = 14.0;
const PROBE: f64 = 14.0;
/// Width of one character of the 11 px label font, near enough to decide whether a label fits.
const CHAR_W: f64 = 6.4;

/// The ticks of one result class in a probe row: class, SVG path data, (x, tick) per tick.
type TickPath = (&'static str, String, Vec<(f64, Tick)>);

#[derive(Properties)]
pub struct Props {
    pub run: Rc<Run>,
    pub lang: Lang,
    pub scale: Scale,
    pub on_pick: Callback<Pick>,
    /// A click on an expectation's verdict (its index in `spec.expect`).
    pub on_expect: Callback<usize>,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run) && self.lang == o.lang && self.scale == o.scale
    }
}

/// The tick of `ticks` (sorted by x) nearest to the pointer over `svg`'s coordinates.
fn nearest_tick(e: &MouseEvent, ticks: &[(f64, Tick)]) -> Option<(Tick, web_sys::Element)> {
    let path = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let svg = path.closest("svg").ok().flatten()?;
    let r = svg.get_bounding_client_rect();
    let width = svg
        .get_attribute("width")
        .and_then(|w| w.parse::<f64>().ok())
        .unwrap_or(r.width());
    let x = (f64::from(e.client_x()) - r.left()) / r.width().max(1.0) * width;
    let i = ticks.partition_point(|(tx, _)| *tx < x);
    let near = [i.checked_sub(1), Some(i)]
        .into_iter()
        .flatten()
        .filter_map(|i| ticks.get(i))
        .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))?;
    Some((near.1, path))
}

/// Sets the `<title>` (the browser's tooltip) of the hovered probe-tick path to the tip of the
/// tick nearest the pointer. One path draws all ticks of a row and result, so its title follows
/// the pointer instead of a title element per tick.
fn tick_hover(
    run: &Rc<Run>,
    probe: &'static str,
    ticks: Rc<Vec<(f64, Tick)>>,
    lang: Lang,
) -> Callback<PointerEvent> {
    let run = run.clone();
    Callback::from(move |e: PointerEvent| {
        let Some((tick, path)) = nearest_tick(&e, &ticks) else {
            return;
        };
        let tip = tick_tip(&run.trace, probe, &tick, lang);
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

/// A click on a probe row picks the tick nearest the pointer.
fn tick_click(ticks: Rc<Vec<(f64, Tick)>>, on_pick: Callback<Pick>) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        if let Some((t, _)) = nearest_tick(&e, &ticks) {
            on_pick.emit(Pick::Probe {
                mark: t.mark,
                at: t.at,
                run: t.run,
            });
        }
    })
}

/// A row label cut to the label column, with the whole name as its tooltip when cut.
fn label_text(name: &str, chars: usize) -> Html {
    let short = short_label(name, chars);
    if short == name {
        html! { { short } }
    } else {
        html! { <>{ short }<title>{ name.to_string() }</title></> }
    }
}

/// Segment rectangles of one row; `pick` makes each one clickable (at its start time).
fn seg_rects(
    segs: &[Seg],
    sc: Scale,
    y: f64,
    h: f64,
    labels: bool,
    pick: Option<&dyn Fn(SimTime) -> Callback<MouseEvent>>,
) -> Html {
    html! {
        <>{ for segs.iter().filter(|s| s.class != "st-none" && s.class != "cond-none" && sc.visible(s.start, s.end)).map(|s| {
            let x0 = x_of(s.start, sc);
            let x1 = x_of(s.end, sc);
            let w = (x1 - x0).max(1.0);
            // Back-off waits carry the back-off span's own label.
            let fits = labels
                && s.class != "st-backoff"
                && (s.label.chars().count() as f64) * CHAR_W + 6.0 < w;
            let onclick = pick.map(|f| f(s.start));
            html! {
                <g>
                    <rect class={classes!("seg", s.class)} x={format!("{x0:.1}")} y={format!("{y:.1}")}
                        width={format!("{w:.1}")} height={format!("{h:.1}")} {onclick}>
                        <title>{ format!("{} – {}: {}", s.start, s.end, s.label) }</title>
                    </rect>
                    if fits {
                        <text class="seg-label" x={format!("{:.1}", x0 + 3.0)} y={format!("{:.1}", y + h - 5.0)}>{ s.label.clone() }</text>
                    }
                </g>
            }
        }) }</>
    }
}

/// The time axis: a tick every round step, labels at least 64 px apart, the last one kept
/// inside the chart.
fn axis(sc: Scale) -> Html {
    let secs = sc.to.saturating_sub(sc.from).as_millis() as f64 / 1000.0;
    let from_s = sc.from.as_millis() as f64 / 1000.0;
    let room = (sc.plot() / 64.0).floor().max(1.0);
    let step = [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
    ]
    .into_iter()
    .find(|s| secs / s <= room)
    .unwrap_or(7200.0);
    let mut ticks = Vec::new();
    let mut s = (from_s / step).ceil() * step;
    while s <= from_s + secs + 1e-9 && ticks.len() < 60 {
        let ms = (s * 1000.0) as u64;
        let x = x_of(SimTime::from_millis(ms), sc);
        let label = podlife_spec::format_go_duration(ms);
        // Keep the label inside the chart: right-aligned when it would run past the edge.
        let end = x + 2.0 + label.chars().count() as f64 * CHAR_W > sc.width;
        ticks.push(html! {
            <g>
                <line class="axis-tick" x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1="14" y2="100%" />
                <text class="axis-label" x={format!("{:.1}", if end { x - 2.0 } else { x + 2.0 })} y="12"
                    text-anchor={if end { "end" } else { "start" }}>{ label }</text>
            </g>
        });
        s += step;
    }
    html! { <g class="axis">{ for ticks }</g> }
}

#[function_component(Timeline)]
pub fn timeline(p: &Props) -> Html {
    let trace = &p.run.trace;
    let sc = p.scale;
    let lang = p.lang;
    let label_chars = ((sc.left() - 8.0) / CHAR_W) as usize;
    let mut rows: Vec<Html> = vec![axis(sc)];
    let mut y = AXIS;

    // Phase band.
    rows.push(html! {
        <g class="row">
            <text class="row-label" x="4" y={format!("{:.1}", y + 13.0)}>{ tr(lang, "phase") }</text>
            { seg_rects(&phase_segments(trace), sc, y, LANE, true, None) }
        </g>
    });
    y += LANE + 4.0;

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
        let at = move |t: SimTime| {
            let on_pick = on_pick.clone();
            Callback::from(move |_: MouseEvent| {
                on_pick.emit(Pick::Condition(kind.to_string(), Some(t)))
            })
        };
        let on_pick = p.on_pick.clone();
        let on_label = Callback::from(move |_: MouseEvent| {
            on_pick.emit(Pick::Condition(kind.to_string(), None))
        });
        rows.push(html! {
            <g class="row cond lane">
                <text class="row-label small" x="4" y={format!("{:.1}", y + 11.0)} onclick={on_label}>
                    { label_text(kind, label_chars) }
                </text>
                { seg_rects(&segs, sc, y + 2.0, COND - 4.0, false, Some(&at)) }
            </g>
        });
        y += COND;
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
            <text class="group-label" x="4" y={format!("{:.1}", y + 12.0)}>{ tr(lang, gname) }</text>
        });
        y += 16.0;
        for c in cs {
            let name = c.name.clone();
            let lane_y = y + 8.0;
            let mut parts: Vec<Html> = Vec::new();
            // Spans above the lane: pull, hooks; back-off gaps on it.
            for sp in trace
                .spans
                .iter()
                .filter(|s| s.container.as_deref() == Some(c.name.as_str()))
                .filter(|s| sc.visible(s.start, s.end.unwrap_or(sc.to)))
            {
                let end = sp.end.unwrap_or(sc.to);
                let x0 = x_of(sp.start, sc);
                let w = (x_of(end, sc) - x0).max(1.5);
                let (cls, yy, h) = match sp.kind {
                    "pull" => ("span-pull", y, 6.0),
                    "postStart" | "preStop" => ("span-hook", y, 6.0),
                    "backoff" => ("span-backoff", lane_y, LANE),
                    _ => ("span-other", y, 6.0),
                };
                let label = format!(
                    "{} {}",
                    tr(lang, "back-off"),
                    podlife_spec::format_go_duration(end.saturating_sub(sp.start).as_millis())
                );
                let fits =
                    sp.kind == "backoff" && (label.chars().count() as f64) * CHAR_W + 4.0 < w;
                parts.push(html! {
                    <g>
                        <rect class={classes!("span", cls)} x={format!("{x0:.1}")} y={format!("{yy:.1}")}
                            width={format!("{w:.1}")} height={format!("{h:.1}")}>
                            <title>{ format!("{} {} – {}: {}", crate::hints::span_kind(sp.kind, lang), sp.start, end, sp.detail) }</title>
                        </rect>
                        if fits {
                            <text class="span-label" x={format!("{:.1}", x0 + 3.0)} y={format!("{:.1}", yy + h - 5.0)}>{ label }</text>
                        }
                    </g>
                });
            }
            let segs = container_segments(trace, &c.name);
            let on_pick = p.on_pick.clone();
            let pick_name = name.clone();
            let at = move |t: SimTime| {
                let on_pick = on_pick.clone();
                let n = pick_name.clone();
                Callback::from(move |_: MouseEvent| {
                    on_pick.emit(Pick::Container(n.clone(), Some(t)))
                })
            };
            let on_pick = p.on_pick.clone();
            let pick_name = name.clone();
            let on_label = Callback::from(move |_: MouseEvent| {
                on_pick.emit(Pick::Container(pick_name.clone(), None))
            });
            rows.push(html! {
                <g class="row lane" data-container={name.clone()}>
                    <text class="row-label lane-label" x="4" y={format!("{:.1}", lane_y + 13.0)} onclick={on_label}>
                        { label_text(&name, label_chars) }
                    </text>
                    { seg_rects(&segs, sc, lane_y, LANE, true, Some(&at)) }
                    { for parts }
                </g>
            });
            y = lane_y + LANE + 2.0;
            // Probe ticks, one row per probe type defined.
            for (probe, def) in [
                ("startup", c.startup_probe.as_ref()),
                ("liveness", c.liveness_probe.as_ref()),
                ("readiness", c.readiness_probe.as_ref()),
            ] {
                let Some(def) = def else { continue };
                let ticks = probe_ticks(trace, &c.name, probe, sc);
                let threshold = def.failure_threshold;
                // Failure counters ("2/3") where the ticks are far enough apart to read them.
                let counters: Vec<Html> = ticks
                    .iter()
                    .enumerate()
                    .filter(|(i, tk)| {
                        tk.class == "pr-fail"
                            && ticks.get(i + 1).is_none_or(|n| x_of(n.at, sc) - x_of(tk.at, sc) >= 26.0)
                    })
                    .map(|(_, tk)| {
                        let x = x_of(tk.at, sc);
                        let text = format!("{}/{threshold}", tk.run);
                        // Near the right edge the counter stands left of its tick.
                        let end = x + 2.0 + text.len() as f64 * CHAR_W > sc.width;
                        html! { <text class="counter" x={format!("{:.1}", if end { x - 2.0 } else { x + 2.0 })} y={format!("{:.1}", y + 11.0)}
                            text-anchor={if end { "end" } else { "start" }}>{ text }</text> }
                    })
                    .collect();
                // One path per result class: a 2 × 10 box per tick.
                let mut paths: Vec<TickPath> = Vec::new();
                for tk in &ticks {
                    let x = x_of(tk.at, sc);
                    let k = match paths.iter().position(|p| p.0 == tk.class) {
                        Some(k) => k,
                        None => {
                            paths.push((tk.class, String::new(), Vec::new()));
                            paths.len() - 1
                        }
                    };
                    let (_, d, xs) = &mut paths[k];
                    let _ = write!(d, "M{:.1} {:.1}h2v10h-2z", x - 1.0, y + 2.0);
                    xs.push((x, *tk));
                }
                rows.push(html! {
                    <g class="row probes">
                        <text class="row-label small" x="14" y={format!("{:.1}", y + 11.0)}>{ tr(lang, probe) }</text>
                        { for counters }
                        { for paths.into_iter().map(|(cls, d, xs)| {
                            let xs = Rc::new(xs);
                            let onpointermove = tick_hover(&p.run, probe, xs.clone(), lang);
                            let onclick = tick_click(xs, p.on_pick.clone());
                            html! { <path class={classes!("tick", cls)} {d} {onpointermove} {onclick} /> }
                        }) }
                    </g>
                });
                y += PROBE;
            }
            y += 4.0;
        }
    }

    // Pod-level spans: termination grace.
    let grace: Vec<&podlife_engine::Span> =
        trace.spans.iter().filter(|s| s.kind == "grace").collect();
    if !grace.is_empty() {
        rows.push(html! {
            <g class="row">
                <text class="row-label" x="4" y={format!("{:.1}", y + 12.0)}>{ tr(lang, "termination") }</text>
                { for grace.iter().filter(|g| sc.visible(g.start, g.end.unwrap_or(sc.to))).map(|g| {
                    let end = g.end.unwrap_or(sc.to);
                    let x0 = x_of(g.start, sc);
                    let w = (x_of(end, sc) - x0).max(1.5);
                    html! {
                        <rect class="span span-grace" x={format!("{x0:.1}")} y={format!("{:.1}", y + 1.0)} width={format!("{w:.1}")} height="14">
                            <title>{ format!("{} {} – {}: {}", tr(lang, "grace-span"), g.start, end, crate::hints::grace_detail(&g.detail, lang)) }</title>
                        </rect>
                    }
                }) }
            </g>
        });
        y += 20.0;
    }

    // Event markers.
    let ev_y = y;
    rows.push(html! {
        <g class="row events-row">
            <text class="row-label" x="4" y={format!("{:.1}", ev_y + 12.0)}>{ tr(lang, "events-row") }</text>
            { for trace.events.iter().enumerate().filter(|(_, e)| e.recorded && sc.visible(e.time, e.time)).map(|(i, e)| {
                let x = x_of(e.time, sc);
                let cls = if e.type_ == "Warning" { "ev-warn" } else { "ev-normal" };
                let on_pick = p.on_pick.clone();
                let onclick = Callback::from(move |_: MouseEvent| on_pick.emit(Pick::Event(i)));
                html! {
                    <rect class={classes!("ev", cls)} x={format!("{:.1}", x - 2.5)} y={format!("{ev_y:.1}")} width="5" height="14" {onclick}>
                        <title>{ format!("{} {} {}: {}", e.time, e.type_, e.reason, e.message) }</title>
                    </rect>
                }
            }) }
        </g>
    });
    y += 18.0;

    // Expectations (spec.expect): a diamond per verdict at its instant.
    let outcomes = p.run.outcomes(lang);
    if !outcomes.is_empty() {
        let ex_y = y;
        rows.push(html! {
            <g class="row expect-row">
                <text class="row-label" x="4" y={format!("{:.1}", ex_y + 12.0)}>{ tr(lang, "expect-row") }</text>
                { for outcomes.iter().filter(|o| sc.visible(o.time, o.time)).map(|o| {
                    let x = x_of(o.time, sc);
                    let index = o.index;
                    let on_expect = p.on_expect.clone();
                    let verdict = tr(lang, if o.passed { "passed" } else { "failed" });
                    html! {
                        <path class={classes!("exp", if o.passed { "exp-pass" } else { "exp-fail" })}
                            d={format!("M{x:.1} {ex_y:.1}l6 7l-6 7l-6 -7z")}
                            onclick={Callback::from(move |_: MouseEvent| on_expect.emit(index))}>
                            <title>{ format!("{verdict}: {} — {}", o.summary, o.observed) }</title>
                        </path>
                    }
                }) }
            </g>
        });
        y += 18.0;
    }

    // Signals: SIGTERM / SIGKILL lines across the chart.
    let height = y + 4.0;
    let sigs = trace
        .marks
        .iter()
        .filter(|m| (m.kind == "SIGTERM" || m.kind == "SIGKILL") && sc.visible(m.time, m.time))
        .map(|m| {
            let x = x_of(m.time, sc);
            let cls = if m.kind == "SIGKILL" { "sig-kill" } else { "sig-term" };
            html! {
                <g class={classes!("sig", cls)}>
                    <line x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1="14" y2={format!("{height:.1}")} />
                    <title>{ format!("{} {} {}", m.time, m.kind, m.container.clone().unwrap_or_default()) }</title>
                </g>
            }
        });

    let w = sc.width;
    html! {
        <svg class="timeline-svg" width={format!("{w:.0}")} height={format!("{height:.0}")}
            viewBox={format!("0 0 {w:.0} {height:.0}")} role="img" aria-label={tr(lang, "timeline")}>
            { for rows }
            { for sigs }
        </svg>
    }
}

/// The chart's height in pixels (the same rows as [`timeline`] lays out), so its box is sized
/// before it is drawn.
pub fn chart_height(run: &Run) -> f64 {
    let trace = &run.trace;
    let mut y = AXIS + LANE + 4.0;
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
            y += COND;
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
            y += 16.0;
        }
    }
    for c in spec.init_containers.iter().chain(spec.containers.iter()) {
        y += 8.0 + LANE + 2.0 + 4.0;
        y += PROBE
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
        y += 20.0;
    }
    if !run.loaded.expectations.is_empty() {
        y += 18.0;
    }
    y + 18.0 + 4.0
}
