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
use crate::types::{class_names, Pick, Target};

/// Row geometry in pixels (text is 11–12 px, never less): the usual rows, and compact ones
/// for two runs stacked in one pane (Compare), where the container group titles go.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Geometry {
    axis: f64,
    phase: f64,
    lane: f64,
    cond: f64,
    probe: f64,
    /// The container group titles (init / sidecar / regular); 0 = not drawn.
    group: f64,
    /// Room above a lane for its pull and hook spans (6 px bars, 4 px when compact).
    spans: f64,
    span_h: f64,
    gap: f64,
    grace: f64,
    events: f64,
}

const NORMAL: Geometry = Geometry {
    axis: 18.0,
    phase: 18.0,
    lane: 18.0,
    cond: 14.0,
    probe: 14.0,
    group: 16.0,
    spans: 8.0,
    span_h: 6.0,
    gap: 4.0,
    grace: 20.0,
    events: 18.0,
};

const COMPACT: Geometry = Geometry {
    axis: 16.0,
    phase: 15.0,
    lane: 15.0,
    cond: 11.0,
    probe: 12.0,
    group: 0.0,
    spans: 5.0,
    span_h: 4.0,
    gap: 2.0,
    grace: 14.0,
    events: 14.0,
};

/// The rows' geometry; `axis: false` leaves out the axis labels (a chart stacked under
/// another on the same axis).
fn geometry(compact: bool, axis: bool) -> Geometry {
    let g = if compact { COMPACT } else { NORMAL };
    Geometry {
        axis: if axis { g.axis } else { 2.0 },
        ..g
    }
}
/// Width of one character of the 11 px label font, near enough to decide whether a label fits.
const CHAR_W: f64 = 6.4;
/// The least room between two axis labels, and the widest character of one ("1m45s": digits
/// ≈ 7 px, "m" ≈ 10 px in Chromium's 11 px sans-serif): the labels must not meet in any font.
const LABEL_GAP: f64 = 6.0;
const AXIS_CHAR_W: f64 = 8.0;

/// An SVG length or coordinate with one decimal ("12.3"). One function for the chart's many
/// attributes, instead of a `format!` and a String-to-AttrValue conversion at each of them.
#[inline(never)]
pub(crate) fn tenths(value: f64) -> AttrValue {
    format!("{value:.1}").into()
}

/// A whole number of pixels ("12"), as `tenths`.
#[inline(never)]
pub(crate) fn whole(value: f64) -> AttrValue {
    format!("{value:.0}").into()
}

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
    /// Compact rows (two runs stacked in one pane).
    #[prop_or_default]
    pub compact: bool,
    /// Axis labels (false: the chart above has them).
    #[prop_or(true)]
    pub axis: bool,
    /// The item the keyboard is on (drawn with a ring; see [`nav_rows`]), and the ring's id.
    #[prop_or_default]
    pub focus: Option<Target>,
    #[prop_or_default]
    pub focus_id: &'static str,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run)
            && self.lang == o.lang
            && self.scale == o.scale
            && self.compact == o.compact
            && self.axis == o.axis
            && self.focus == o.focus
    }
}

/// One keyboard stop of the chart: its instant and what Enter does (its words: [`label`]).
#[derive(Clone, Debug, PartialEq)]
pub struct NavItem {
    pub at: SimTime,
    pub target: Target,
}

/// The keyboard's rows of the chart, top to bottom as drawn (conditions, each container's lane
/// and probe rows, events, expectations), each row's items in time order; only rows with items
/// in the window. ←/→ move along a row, ↑/↓ between rows. No words here: an hour's run has
/// ~31,000 ticks, and only the focused item is named.
pub fn nav_rows(run: &Run, sc: Scale) -> Vec<Vec<NavItem>> {
    let trace = &run.trace;
    let mut rows: Vec<Vec<NavItem>> = Vec::new();
    let seg_items = |segs: Vec<Seg>, pick: &dyn Fn(SimTime) -> Pick| -> Vec<NavItem> {
        segs.into_iter()
            .filter(|s| drawn(s, sc))
            .map(|s| NavItem {
                at: s.start,
                target: Target::Pick(pick(s.start)),
            })
            .collect()
    };
    for kind in CONDITIONS {
        rows.push(seg_items(condition_segments(trace, kind), &|t| {
            Pick::Condition(kind.to_string(), Some(t))
        }));
    }
    for c in containers_in_order(&trace.scenario.pod.spec) {
        rows.push(seg_items(container_segments(trace, &c.name), &|t| {
            Pick::Container(c.name.clone(), Some(t))
        }));
        for (probe, def) in probes_of(c) {
            if def.is_some() {
                rows.push(
                    probe_ticks(trace, &c.name, probe, sc)
                        .iter()
                        .map(|tk| NavItem {
                            at: tk.at,
                            target: Target::Pick(Pick::Probe {
                                mark: tk.mark,
                                at: tk.at,
                                run: tk.run,
                            }),
                        })
                        .collect(),
                );
            }
        }
    }
    rows.push(
        trace
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.recorded && sc.visible(e.time, e.time))
            .map(|(i, e)| NavItem {
                at: e.time,
                target: Target::Pick(Pick::Event(i)),
            })
            .collect(),
    );
    // The verdicts' instants (the same in every language; English is the cached one).
    let mut verdicts: Vec<NavItem> = run
        .outcomes(Lang::En)
        .iter()
        .filter(|o| sc.visible(o.time, o.time))
        .map(|o| NavItem {
            at: o.time,
            target: Target::Expect(o.index),
        })
        .collect();
    podlife_spec::sort::sort_by_key(&mut verdicts, |v| v.at);
    rows.push(verdicts);
    rows.retain(|r| !r.is_empty());
    rows
}

/// What a screen reader says for a timeline item (the ring's aria-label), in `lang`; kubectl's
/// and the API's words stay as they are.
pub fn label(run: &Run, target: &Target, lang: Lang) -> Option<String> {
    let trace = &run.trace;
    let seg = |what: String, segs: Vec<Seg>, at: SimTime| {
        let s = segs.into_iter().find(|s| s.start == at)?;
        Some(match lang {
            Lang::En => format!("{what}: {}, {} – {}", s.label, s.start, s.end),
            Lang::Zh => zh_format!(
                "{what}：{label}，{start} – {end}",
                what = what,
                label = s.label,
                start = s.start,
                end = s.end
            ),
        })
    };
    match target {
        Target::Pick(Pick::Condition(kind, Some(at))) => seg(
            format!("{} {kind}", lang.pick("Condition", zh!("条件"))),
            condition_segments(trace, kind),
            *at,
        ),
        Target::Pick(Pick::Container(name, Some(at))) => seg(
            format!("{} {name}", lang.pick("Container", zh!("容器"))),
            container_segments(trace, name),
            *at,
        ),
        Target::Pick(Pick::Probe { mark, at, run: n }) => {
            let m = trace.probes.get(*mark)?;
            let tick = Tick {
                at: *at,
                class: "",
                mark: *mark,
                run: *n,
            };
            Some(format!(
                "{} · {}",
                m.container,
                tick_tip(trace, m.probe, &tick, lang)
            ))
        }
        Target::Pick(Pick::Event(i)) => trace.events.get(*i).map(|e| {
            format!(
                "{}{} {} {}: {}",
                lang.pick("Event ", zh!("事件 ")),
                e.time,
                e.type_,
                e.reason,
                e.message.trim_end()
            )
        }),
        Target::Expect(i) => run.outcomes(lang).iter().find(|o| o.index == *i).map(|o| {
            format!(
                "{}: {} — {}",
                tr(lang, if o.passed { "passed" } else { "failed" }),
                o.summary,
                o.observed
            )
        }),
        Target::Pick(_) => None,
    }
}

const CONDITIONS: [&str; 5] = [
    "PodScheduled",
    "PodReadyToStartContainers",
    "Initialized",
    "ContainersReady",
    "Ready",
];

/// A segment the chart draws (a state, not the "none" filler) inside the window.
fn drawn(s: &Seg, sc: Scale) -> bool {
    s.class != "st-none" && s.class != "cond-none" && sc.visible(s.start, s.end)
}

/// Init containers, then sidecars, then regular containers (the chart's groups, in order).
fn containers_in_order(spec: &podlife_spec::PodSpec) -> Vec<&podlife_spec::Container> {
    let inits = spec
        .init_containers
        .iter()
        .filter(|c| c.restart_policy.is_none());
    let sidecars = spec
        .init_containers
        .iter()
        .filter(|c| c.restart_policy.is_some());
    inits
        .chain(sidecars)
        .chain(spec.containers.iter())
        .collect()
}

fn probes_of(c: &podlife_spec::Container) -> [(&'static str, Option<&podlife_spec::Probe>); 3] {
    [
        ("startup", c.startup_probe.as_ref()),
        ("liveness", c.liveness_probe.as_ref()),
        ("readiness", c.readiness_probe.as_ref()),
    ]
}

/// The keyboard's ring around a focused item (x, y, width, height of the item).
fn ring(id: &'static str, label: &str, x: f64, y: f64, w: f64, h: f64) -> Html {
    html! {
        <rect class="tl-ring" id={id} role="img" aria-label={label.to_string()}
            x={tenths(x - 2.0)} y={tenths(y - 2.0)}
            width={tenths(w + 4.0)} height={tenths(h + 4.0)} rx="2" />
    }
}

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
/// Segment rectangles of one row; `pick` makes each one clickable (at its start time) and
/// names the item the keyboard may be on.
fn seg_rects(
    segs: &[Seg],
    sc: Scale,
    (y, h): (f64, f64),
    labels: bool,
    pick: Option<&dyn Fn(SimTime) -> Pick>,
    focus: Option<(&Target, &'static str, &str)>,
) -> Html {
    let mut focused = Html::default();
    let rects = html! {
        <>{ for segs.iter().filter(|s| drawn(s, sc)).map(|s| {
            let x0 = x_of(s.start, sc);
            let x1 = x_of(s.end, sc);
            let w = (x1 - x0).max(1.0);
            // Back-off waits carry the back-off span's own label.
            let fits = labels
                && s.class != "st-backoff"
                && (s.label.chars().count() as f64) * CHAR_W + 6.0 < w;
            let picked = pick.map(|f| f(s.start));
            if let (Some(p), Some((Target::Pick(f), id, label))) = (&picked, focus) {
                if p == f {
                    focused = ring(id, label, x0, y, w, h);
                }
            }
            // A click is read by the chart's one handler (see `clicked`): the segment's start.
            let data_pick = picked.is_some().then(|| s.start.as_millis().to_string());
            html! {
                <g>
                    <rect class={class_names(&[Some("seg"), Some(s.class)])} x={tenths(x0)} y={tenths(y)}
                        width={tenths(w)} height={tenths(h)} data-pick={data_pick}>
                        <title>{ format!("{} – {}: {}", s.start, s.end, s.label) }</title>
                    </rect>
                    if fits {
                        <text class="seg-label" x={tenths(x0 + 3.0)} y={tenths(y + h - 5.0)}>{ s.label.clone() }</text>
                    }
                </g>
            }
        }) }</>
    };
    html! { <>{ rects }{ focused }</> }
}

/// The time axis: a tick every round step, labels at least 64 px apart, the last one kept
/// inside the chart.
fn axis(sc: Scale, label_y: f64, labels: bool) -> Html {
    let secs = sc.to.saturating_sub(sc.from).as_millis() as f64 / 1000.0;
    let from_s = sc.from.as_millis() as f64 / 1000.0;
    let room = (sc.plot() / 64.0).floor().max(1.0);
    let step = [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
    ]
    .into_iter()
    .find(|s| secs / s <= room)
    .unwrap_or(7200.0);
    // (x, label, right-aligned, left edge, right edge) of each tick.
    let mut marks = Vec::new();
    let mut s = (from_s / step).ceil() * step;
    while s <= from_s + secs + 1e-9 && marks.len() < 60 {
        let ms = (s * 1000.0) as u64;
        let x = x_of(SimTime::from_millis(ms), sc);
        let label = podlife_spec::format_go_duration(ms);
        let width = label.chars().count() as f64 * AXIS_CHAR_W;
        // Keep the label inside the chart: right-aligned when it would run past the edge.
        let end = x + 2.0 + width > sc.width;
        let (left, right) = if end {
            (x - 2.0 - width, x - 2.0)
        } else {
            (x + 2.0, x + 2.0 + width)
        };
        marks.push((x, label, end, left, right));
        s += step;
    }
    // The right-aligned last label can meet the one before it: from the last one back, a label
    // that would run into the next shown one is left out (its tick stays).
    let mut shown = vec![labels; marks.len()];
    let mut next_left = f64::INFINITY;
    for (i, m) in marks.iter().enumerate().rev() {
        if !labels {
            break;
        }
        if m.4 + LABEL_GAP > next_left {
            shown[i] = false;
        } else {
            next_left = m.3;
        }
    }
    let ticks = marks.into_iter().zip(shown).map(|((x, label, end, _, _), shown)| {
        html! {
            <g>
                <line class="axis-tick" x1={tenths(x)} x2={tenths(x)} y1={whole((label_y + 2.0).max(0.0))} y2="100%" />
                if shown {
                    <text class="axis-label" x={tenths(if end { x - 2.0 } else { x + 2.0 })} y={whole(label_y)}
                        text-anchor={if end { "end" } else { "start" }}>{ label }</text>
                }
            </g>
        }
    });
    html! { <g class="axis">{ for ticks }</g> }
}

#[function_component(Timeline)]
pub fn timeline(p: &Props) -> Html {
    let trace = &p.run.trace;
    let sc = p.scale;
    let lang = p.lang;
    let g = geometry(p.compact, p.axis);
    // The ring's label: the focused item's, as the keyboard's list names it.
    let focus_label = p.focus.as_ref().and_then(|f| label(&p.run, f, lang));
    let focus = match (&p.focus, &focus_label) {
        (Some(f), Some(l)) => Some((f, p.focus_id, l.as_str())),
        _ => None,
    };
    let is_focus = |t: &Target| focus.filter(|(f, ..)| *f == t);
    let label_chars = ((sc.left() - 8.0) / CHAR_W) as usize;
    let mut rows: Vec<Html> = vec![axis(sc, g.axis - 6.0, p.axis)];
    let mut y = g.axis;
    // Text baselines: a row's label sits this far above its bottom.
    let base = |h: f64| y_text(h);

    // Phase band.
    rows.push(html! {
        <g class="row">
            <text class="row-label" x="4" y={tenths(y + base(g.phase))}>{ tr(lang, "phase") }</text>
            { seg_rects(&phase_segments(trace), sc, (y, g.phase), true, None, None) }
        </g>
    });
    y += g.phase + g.gap;

    // Conditions.
    for kind in CONDITIONS {
        let segs = condition_segments(trace, kind);
        if segs.iter().all(|s| s.class == "cond-none") {
            continue;
        }
        let at = move |t: SimTime| Pick::Condition(kind.to_string(), Some(t));
        rows.push(html! {
            <g class="row cond lane" data-cond={kind}>
                <text class="row-label small" x="4" y={tenths(y + base(g.cond))} data-pick="">
                    { label_text(kind, label_chars) }
                </text>
                { seg_rects(&segs, sc, (y + 2.0, g.cond - 4.0), false, Some(&at), focus) }
            </g>
        });
        y += g.cond;
    }
    y += g.gap;

    // Containers, grouped init / sidecar / regular.
    let spec = &trace.scenario.pod.spec;
    let ordered = containers_in_order(spec);
    let group_of = |c: &podlife_spec::Container| -> &'static str {
        if spec.containers.iter().any(|x| std::ptr::eq(x, c)) {
            "regular"
        } else if c.restart_policy.is_some() {
            "sidecar"
        } else {
            "init"
        }
    };
    let mut last_group = "";
    for c in ordered {
        let gname = group_of(c);
        if gname != last_group && g.group > 0.0 {
            rows.push(html! {
                <text class="group-label" x="4" y={tenths(y + 12.0)}>{ tr(lang, gname) }</text>
            });
            y += g.group;
        }
        last_group = gname;
        let name = c.name.clone();
        let lane_y = y + g.spans;
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
                "pull" => ("span-pull", y, g.span_h),
                "postStart" | "preStop" => ("span-hook", y, g.span_h),
                "backoff" => ("span-backoff", lane_y, g.lane),
                _ => ("span-other", y, g.span_h),
            };
            let label = format!(
                "{} {}",
                tr(lang, "back-off"),
                podlife_spec::format_go_duration(end.saturating_sub(sp.start).as_millis())
            );
            let fits = sp.kind == "backoff" && (label.chars().count() as f64) * CHAR_W + 4.0 < w;
            parts.push(html! {
                <g>
                    <rect class={class_names(&[Some("span"), Some(cls)])} x={tenths(x0)} y={tenths(yy)}
                        width={tenths(w)} height={tenths(h)}>
                        <title>{ format!("{} {} – {}: {}", crate::hints::span_kind(sp.kind, lang), sp.start, end, sp.detail) }</title>
                    </rect>
                    if fits {
                        <text class="span-label" x={tenths(x0 + 3.0)} y={tenths(yy + base(h))}>{ label }</text>
                    }
                </g>
            });
        }
        let segs = container_segments(trace, &c.name);
        let pick_name = name.clone();
        let at = move |t: SimTime| Pick::Container(pick_name.clone(), Some(t));
        rows.push(html! {
            <g class="row lane" data-container={name.clone()}>
                <text class="row-label lane-label" x="4" y={tenths(lane_y + base(g.lane))} data-pick="">
                    { label_text(&name, label_chars) }
                </text>
                { seg_rects(&segs, sc, (lane_y, g.lane), true, Some(&at), focus) }
                { for parts }
            </g>
        });
        y = lane_y + g.lane + 2.0;
        // Probe ticks, one row per probe type defined.
        for (probe, def) in probes_of(c) {
            let Some(def) = def else { continue };
            let ticks = probe_ticks(trace, &c.name, probe, sc);
            let threshold = def.failure_threshold;
            let tick_h = g.probe - 4.0;
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
                    html! { <text class="counter" x={tenths(if end { x - 2.0 } else { x + 2.0 })} y={tenths(y + base(g.probe))}
                        text-anchor={if end { "end" } else { "start" }}>{ text }</text> }
                })
                .collect();
            // One path per result class: a 2 px wide box per tick.
            let mut paths: Vec<TickPath> = Vec::new();
            let mut focused = Html::default();
            for tk in &ticks {
                let x = x_of(tk.at, sc);
                let target = Target::Pick(Pick::Probe {
                    mark: tk.mark,
                    at: tk.at,
                    run: tk.run,
                });
                if let Some((_, id, label)) = is_focus(&target) {
                    focused = ring(id, label, x - 1.5, y + 2.0, 3.0, tick_h);
                }
                let k = match paths.iter().position(|p| p.0 == tk.class) {
                    Some(k) => k,
                    None => {
                        paths.push((tk.class, String::new(), Vec::new()));
                        paths.len() - 1
                    }
                };
                let (_, d, xs) = &mut paths[k];
                let _ = write!(d, "M{:.1} {:.1}h2v{tick_h:.0}h-2z", x - 1.0, y + 2.0);
                xs.push((x, *tk));
            }
            rows.push(html! {
                <g class="row probes">
                    <text class="row-label small" x="14" y={tenths(y + base(g.probe))}>{ tr(lang, probe) }</text>
                    { for counters }
                    { for paths.into_iter().map(|(cls, d, xs)| {
                        let xs = Rc::new(xs);
                        let onpointermove = tick_hover(&p.run, probe, xs.clone(), lang);
                        let onclick = tick_click(xs, p.on_pick.clone());
                        html! { <path class={class_names(&[Some("tick"), Some(cls)])} {d} {onpointermove} {onclick} /> }
                    }) }
                    { focused }
                </g>
            });
            y += g.probe;
        }
        y += g.gap;
    }

    // Pod-level spans: termination grace.
    let grace: Vec<&podlife_engine::Span> =
        trace.spans.iter().filter(|s| s.kind == "grace").collect();
    if !grace.is_empty() {
        let h = g.grace - 6.0;
        rows.push(html! {
            <g class="row">
                <text class="row-label" x="4" y={tenths(y + 1.0 + base(h))}>{ tr(lang, "termination") }</text>
                { for grace.iter().filter(|g| sc.visible(g.start, g.end.unwrap_or(sc.to))).map(|g| {
                    let end = g.end.unwrap_or(sc.to);
                    let x0 = x_of(g.start, sc);
                    let w = (x_of(end, sc) - x0).max(1.5);
                    html! {
                        <rect class="span span-grace" x={tenths(x0)} y={tenths(y + 1.0)} width={tenths(w)} height={whole(h)}>
                            <title>{ format!("{} {} – {}: {}", tr(lang, "grace-span"), g.start, end, crate::hints::grace_detail(&g.detail, lang)) }</title>
                        </rect>
                    }
                }) }
            </g>
        });
        y += g.grace;
    }

    // Event markers.
    let ev_y = y;
    let ev_h = g.events - 4.0;
    let mut focused = Html::default();
    let marks: Vec<Html> = trace
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.recorded && sc.visible(e.time, e.time))
        .map(|(i, e)| {
            let x = x_of(e.time, sc);
            if let Some((_, id, label)) = is_focus(&Target::Pick(Pick::Event(i))) {
                focused = ring(id, label, x - 2.5, ev_y, 5.0, ev_h);
            }
            let cls = if e.type_ == "Warning" { "ev-warn" } else { "ev-normal" };
            html! {
                <rect class={class_names(&[Some("ev"), Some(cls)])} x={tenths(x - 2.5)} y={tenths(ev_y)} width="5" height={whole(ev_h)} data-pick={format!("e{i}")}>
                    <title>{ format!("{} {} {}: {}", e.time, e.type_, e.reason, e.message) }</title>
                </rect>
            }
        })
        .collect();
    rows.push(html! {
        <g class="row events-row">
            <text class="row-label" x="4" y={tenths(ev_y + base(ev_h))}>{ tr(lang, "events-row") }</text>
            { for marks }
            { focused }
        </g>
    });
    y += g.events;

    // Expectations (spec.expect): a diamond per verdict at its instant.
    let outcomes = p.run.outcomes(lang);
    if !outcomes.is_empty() {
        let ex_y = y;
        let mut focused = Html::default();
        let diamonds: Vec<Html> = outcomes
            .iter()
            .filter(|o| sc.visible(o.time, o.time))
            .map(|o| {
                let x = x_of(o.time, sc);
                let index = o.index;
                if let Some((_, id, label)) = is_focus(&Target::Expect(index)) {
                    focused = ring(id, label, x - 6.0, ex_y, 12.0, 14.0);
                }
                let verdict = tr(lang, if o.passed { "passed" } else { "failed" });
                html! {
                    <path class={class_names(&[Some("exp"), Some(if o.passed { "exp-pass" } else { "exp-fail" })])}
                        d={format!("M{x:.1} {ex_y:.1}l6 7l-6 7l-6 -7z")}
                        data-pick={format!("x{index}")}>
                        <title>{ format!("{verdict}: {} — {}", o.summary, o.observed) }</title>
                    </path>
                }
            })
            .collect();
        rows.push(html! {
            <g class="row expect-row">
                <text class="row-label" x="4" y={tenths(ex_y + 12.0)}>{ tr(lang, "expect-row") }</text>
                { for diamonds }
                { focused }
            </g>
        });
        y += 18.0;
    }

    // Signals: SIGTERM / SIGKILL lines across the chart.
    let height = y + g.gap;
    let sigs = trace
        .marks
        .iter()
        .filter(|m| (m.kind == "SIGTERM" || m.kind == "SIGKILL") && sc.visible(m.time, m.time))
        .map(|m| {
            let x = x_of(m.time, sc);
            let cls = if m.kind == "SIGKILL" { "sig-kill" } else { "sig-term" };
            html! {
                <g class={class_names(&[Some("sig"), Some(cls)])}>
                    <line x1={tenths(x)} x2={tenths(x)} y1={whole((g.axis - 4.0).max(0.0))} y2={tenths(height)} />
                    <title>{ format!("{} {} {}", m.time, m.kind, m.container.clone().unwrap_or_default()) }</title>
                </g>
            }
        });

    let w = sc.width;
    let onclick = {
        let (on_pick, on_expect) = (p.on_pick.clone(), p.on_expect.clone());
        Callback::from(move |e: MouseEvent| match clicked(&e) {
            Some(Target::Pick(pick)) => on_pick.emit(pick),
            Some(Target::Expect(i)) => on_expect.emit(i),
            None => {}
        })
    };
    html! {
        <svg class="timeline-svg" {onclick} width={whole(w)} height={whole(height)}
            viewBox={format!("0 0 {w:.0} {height:.0}")} aria-label={tr(lang, "timeline")}
            // A picture, until the keyboard is on an item: then the ring inside names it.
            role={if focus.is_some() { "group" } else { "img" }}>
            { for rows }
            { for sigs }
        </svg>
    }
}

/// What a click on the chart picked, from the `data-pick` of the item under the pointer: `e<i>`
/// an event, `x<i>` an expectation's verdict, a start in ms a lane's or a condition's segment,
/// empty its label (the row's `data-container` or `data-cond` names it). Probe ticks have their
/// own handler (the tick nearest the pointer).
fn clicked(e: &MouseEvent) -> Option<Target> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let item = el.closest("[data-pick]").ok().flatten()?;
    let code = item.get_attribute("data-pick")?;
    if let Some(i) = code.strip_prefix('e') {
        return Some(Target::Pick(Pick::Event(i.parse().ok()?)));
    }
    if let Some(i) = code.strip_prefix('x') {
        return Some(Target::Expect(i.parse().ok()?));
    }
    let at = code.parse::<u64>().ok().map(SimTime::from_millis);
    let row = item
        .closest("[data-container], [data-cond]")
        .ok()
        .flatten()?;
    Some(Target::Pick(match row.get_attribute("data-container") {
        Some(name) => Pick::Container(name, at),
        None => Pick::Condition(row.get_attribute("data-cond")?, at),
    }))
}

/// A row label's baseline below the row's top: 11–12 px text centred in a row `h` tall.
fn y_text(h: f64) -> f64 {
    (h / 2.0 + 4.0).round()
}

/// The chart's height in pixels (the same rows as [`timeline`] lays out), so its box is sized
/// before it is drawn.
pub fn chart_height(run: &Run, compact: bool, axis: bool) -> f64 {
    let g = geometry(compact, axis);
    let trace = &run.trace;
    let mut y = g.axis + g.phase + g.gap;
    for kind in CONDITIONS {
        if !condition_segments(trace, kind)
            .iter()
            .all(|s| s.class == "cond-none")
        {
            y += g.cond;
        }
    }
    y += g.gap;
    let spec = &trace.scenario.pod.spec;
    let inits = spec
        .init_containers
        .iter()
        .filter(|c| c.restart_policy.is_none())
        .count();
    let sidecars = spec.init_containers.len() - inits;
    for n in [inits, sidecars, spec.containers.len()] {
        if n > 0 {
            y += g.group;
        }
    }
    for c in spec.init_containers.iter().chain(spec.containers.iter()) {
        y += g.spans + g.lane + 2.0 + g.gap;
        y += g.probe * probes_of(c).iter().filter(|(_, d)| d.is_some()).count() as f64;
    }
    if trace.spans.iter().any(|s| s.kind == "grace") {
        y += g.grace;
    }
    if !run.loaded.expectations.is_empty() {
        y += 18.0;
    }
    y + g.events + g.gap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboard_rows_follow_the_chart_top_to_bottom_each_in_time_order() {
        let run = crate::model::analyse(crate::DEFAULT_EXAMPLE)
            .run
            .expect("valid");
        let sc = Scale::all(run.trace.until, 1000.0);
        let rows = nav_rows(&run, sc);
        // Conditions, the container's lane, its liveness probe row, the events.
        assert!(rows.len() >= 4, "{}", rows.len());
        for row in &rows {
            assert!(!row.is_empty());
            assert!(row.windows(2).all(|w| w[0].at <= w[1].at), "time order");
        }
        let name = |i: &NavItem, lang| label(&run, &i.target, lang).expect("named");
        assert!(name(&rows[0][0], Lang::En).starts_with("Condition PodScheduled: "));
        let lane = rows
            .iter()
            .position(|r| name(&r[0], Lang::En).starts_with("Container liveness: "))
            .expect("a lane row");
        let probes = &rows[lane + 1];
        assert_eq!(
            probes.len(),
            probe_ticks(&run.trace, "liveness", "liveness", sc).len(),
            "one stop per tick drawn"
        );
        assert!(name(&probes[0], Lang::En).starts_with("liveness · "));
        let events = rows.last().expect("events");
        let drawn = run.trace.events.iter().filter(|e| e.recorded).count();
        assert_eq!(events.len(), drawn, "one stop per event mark");
        assert!(events
            .iter()
            .all(|i| matches!(i.target, Target::Pick(Pick::Event(_)))));
        // A zoomed window: only what it shows.
        let page = Scale::page(
            SimTime::from_secs(60),
            SimTime::from_secs(30),
            run.end,
            1000.0,
        );
        assert!(nav_rows(&run, page)
            .iter()
            .flatten()
            .all(|i| i.at <= page.to));
        // zh-CN names the items in Chinese (kubectl's words stay English).
        assert!(name(&rows[0][0], Lang::Zh).starts_with("条件 PodScheduled："));
        assert!(name(&events[0], Lang::Zh).starts_with("事件 "));
        assert!(name(&probes[0], Lang::Zh).contains("连续第"));
    }

    #[test]
    fn compact_rows_are_shorter_and_keep_eleven_pixel_text() {
        let run = crate::model::analyse(crate::DEFAULT_EXAMPLE)
            .run
            .expect("valid");
        let normal = chart_height(&run, false, true);
        let compact = chart_height(&run, true, true);
        let below = chart_height(&run, true, false);
        assert!(compact + 40.0 < normal, "{compact} vs {normal}");
        assert!(below < compact);
        // Every row is at least as tall as its 11 px text.
        for g in [NORMAL, COMPACT] {
            for h in [
                g.phase,
                g.lane,
                g.cond,
                g.probe,
                g.grace - 6.0 + 4.0,
                g.events,
            ] {
                assert!(h >= 11.0, "{h}");
            }
        }
    }
}
