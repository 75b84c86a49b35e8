//! The timeline pane: who does what now, the chart with its playhead (drag or touch to scrub),
//! the legend and the termination countdown. Every box here keeps its size while the
//! simulation plays (the countdown's rows are reserved for the whole run).

use std::rc::Rc;

use podlife_spec::{ActionKind, SimTime};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::lanes::{x_of, Scale};
use crate::model::Run;
use crate::timeline::{chart_height, tenths, whole, Timeline};
use crate::types::{always, class_names, maybe, Msg, NavKey, Target, Which};
use crate::why;

/// The chart's x in pixels under the pointer. (Not `current_target`: Yew delegates events to
/// its root, so that is the root, not the chart.)
pub fn chart_x(e: &PointerEvent) -> Option<f64> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let chart = el.closest(".timeline").ok().flatten()?;
    let r = chart.get_bounding_client_rect();
    Some(f64::from(e.client_x()) - r.left())
}

/// The timeline's keys while it has focus: arrows, Home/End, Enter/Space (the page's own
/// ←/→ step the playhead everywhere else; these keys stop there).
/// Only while the chart is in keyboard mode (focused by Tab: it names an active item); after
/// a click, ←/→ and Space stay the page's shortcuts.
pub fn nav_keys(send: &Callback<Msg>) -> Callback<KeyboardEvent> {
    maybe(send, |e: KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return None;
        }
        let keyboard_mode = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.has_attribute("aria-activedescendant"));
        if !keyboard_mode {
            return None;
        }
        let key = match e.key().as_str() {
            "ArrowLeft" => NavKey::Left,
            "ArrowRight" => NavKey::Right,
            "ArrowUp" => NavKey::Up,
            "ArrowDown" => NavKey::Down,
            "Home" => NavKey::Home,
            "End" => NavKey::End,
            "Enter" | " " => NavKey::Activate,
            _ => return None,
        };
        e.prevent_default();
        Some(Msg::TimelineKey(key))
    })
}

/// The focused item of the timeline: which run's chart, and the item.
#[derive(Clone, Debug, PartialEq)]
pub struct Focus {
    pub which: Which,
    pub target: Target,
}

/// The id of the keyboard's ring in run `which`'s chart (the chart's aria-activedescendant).
pub fn ring_id(which: Which) -> &'static str {
    match which {
        Which::A => "tl-focus-a",
        Which::B => "tl-focus-b",
    }
}

/// Scrolls the timeline pane (not the page) so that the element `id` — the keyboard's ring —
/// is inside it.
pub fn reveal(id: &str) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    let Some(pane) = el.closest(".timeline-scroll").ok().flatten() else {
        return;
    };
    let (r, p) = (
        el.get_bounding_client_rect(),
        pane.get_bounding_client_rect(),
    );
    let margin = 24.0;
    if r.top() < p.top() {
        pane.set_scroll_top(pane.scroll_top() - (p.top() - r.top() + margin) as i32);
    } else if r.bottom() > p.bottom() {
        pane.set_scroll_top(pane.scroll_top() + (r.bottom() - p.bottom() + margin) as i32);
    }
    if r.left() < p.left() {
        pane.set_scroll_left(pane.scroll_left() - (p.left() - r.left() + margin) as i32);
    } else if r.right() > p.right() {
        pane.set_scroll_left(pane.scroll_left() + (r.right() - p.right() + margin) as i32);
    }
}

/// The chart, its playhead overlay and the pointer handlers that scrub (a finger too: touch
/// pointers stay with the element they went down on, and `touch-action: pan-y` leaves
/// sideways drags to the page). One Tab stop: the keyboard moves a ring over its items.
pub fn chart(
    run: &Rc<Run>,
    t: SimTime,
    scale: Scale,
    lang: Lang,
    focus: Option<&Focus>,
    send: &Callback<Msg>,
) -> Html {
    let x = x_of(t, scale);
    let height = chart_height(run, false, true);
    let focus = focus
        .filter(|f| f.which == Which::A)
        .map(|f| f.target.clone());
    let on_pick = send.reform(Msg::Pick);
    let onpointerdown = maybe(send, |e: PointerEvent| chart_x(&e).map(Msg::ScrubStart));
    let onpointermove = maybe(send, |e: PointerEvent| {
        (e.buttons() & 1 == 1)
            .then(|| chart_x(&e).map(Msg::ScrubMove))
            .flatten()
    });
    let w = scale.width;
    html! {
        <div class="timeline" data-testid="timeline" tabindex="0" role="group"
            aria-label={tr(lang, "timeline-keys")} aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Home End Enter Space"
            aria-activedescendant={focus.is_some().then_some(ring_id(Which::A))}
            onkeydown={nav_keys(send)} onfocus={always(send, || Msg::TimelineFocus(Which::A))}
            {onpointerdown} {onpointermove}
            onpointerup={always(send, || Msg::ScrubEnd)}
            onpointerleave={always(send, || Msg::ScrubEnd)}
            onpointercancel={always(send, || Msg::ScrubEnd)}>
            <Timeline run={run.clone()} {lang} {scale} {on_pick} {focus} focus_id={ring_id(Which::A)}
                on_expect={send.reform(|i| Msg::Expect(Which::A, i))} />
            <svg class="playhead" width={whole(w)} height={whole(height)}
                viewBox={format!("0 0 {w:.0} 1")} preserveAspectRatio="none" aria-hidden="true">
                // Invisible, and painted: the overlay's compositor layer keeps the chart's
                // bounds while the line moves, so a frame re-rasters the line only.
                <rect width="100%" height="100%" fill="transparent" />
                <line x1={tenths(x)} x2={tenths(x)} y1="0" y2="1" vector-effect="non-scaling-stroke" />
            </svg>
        </div>
    }
}

/// Which components act around `t` (issue 6 item 8) and a one-line caption; one line, always.
pub fn who(run: &Run, t: SimTime, lang: Lang) -> Html {
    let trace = &run.trace;
    let window = SimTime::from_millis((trace.until.as_millis() / 60).max(1500));
    let from = t.saturating_sub(window);
    let mut lit: Vec<&str> = Vec::new();
    let mut caption = String::new();
    let mut last = None;
    for e in trace.events.iter().filter(|e| e.time > from && e.time <= t) {
        lit.extend(why::actors(e));
        last = Some(e);
    }
    if let Some(e) = last {
        caption = why::step(e, trace, lang);
    }
    for a in trace
        .scenario
        .setup
        .actions
        .iter()
        .filter(|a| a.at > from && a.at <= t)
    {
        lit.extend(["kubectl", "apiserver", "etcd"]);
        caption = match &a.kind {
            ActionKind::Exec { .. } => {
                lit.extend(["kubelet", "runtime"]);
                lang.pick(
                    "kubectl exec: the API server forwards to the kubelet, the runtime runs the command",
                    zh!("kubectl exec：API server 转发给 kubelet，由运行时执行命令"),
                )
            }
            ActionKind::Delete { .. } => lang.pick(
                "kubectl delete: the API server marks the pod Terminating (deletionTimestamp); the kubelet stops it",
                zh!("kubectl delete：API server 把 Pod 标记为 Terminating（deletionTimestamp）；kubelet 停止它"),
            ),
            _ => lang.pick(
                "kubectl: the API server stores the change in etcd",
                zh!("kubectl：API server 把变更写入 etcd"),
            ),
        }
        .to_string();
    }
    // The object's removal once the kubelet reported every container terminated.
    if let Some(gone) = trace.frames.iter().find(|f| !f.exists) {
        if gone.time > from && gone.time <= t {
            lit.extend(["kubelet", "apiserver", "etcd"]);
            caption = lang
                .pick(
                    "all containers stopped: the kubelet confirms, the API server removes the pod from etcd",
                    zh!("所有容器已停止：kubelet 确认后，API server 从 etcd 删除 Pod"),
                )
                .to_string();
        }
    }
    if t <= window {
        lit.extend(["kubectl", "apiserver", "etcd"]);
        if caption.is_empty() {
            caption = lang
                .pick(
                    "kubectl apply: the API server validates the pod and stores it in etcd",
                    zh!("kubectl apply：API server 校验 Pod 并写入 etcd"),
                )
                .to_string();
        }
    }
    let parts = [
        ("kubectl", "kubectl"),
        ("apiserver", "API server"),
        ("etcd", "etcd"),
        ("scheduler", lang.pick("scheduler", zh!("调度器"))),
        ("kubelet", "kubelet"),
        ("runtime", lang.pick("container runtime", zh!("容器运行时"))),
    ];
    html! {
        <div class="who" aria-label={tr(lang, "who")}>
            { for parts.iter().map(|(k, label)| html! {
                <span class={class_names(&[Some("actor"), lit.contains(k).then_some("lit")])}>{ *label }</span>
            }) }
            <span class="who-caption" title={caption.clone()}>{ caption }</span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub lang: Lang,
}

/// The timeline's colour key (a component: it changes only with the language).
#[function_component(Legend)]
pub fn legend(p: &LegendProps) -> Html {
    let lang = p.lang;
    // The legend the SVG export draws too (one list for both).
    let items = crate::lanes::legend(match lang {
        Lang::En => podlife_report::Lang::En,
        Lang::Zh => podlife_report::Lang::Zh,
    });
    html! {
        <ul class="legend" data-testid="legend" aria-label={tr(lang, "legend")}>
            { for items.iter().map(|(cls, label)| html! {
                <li><span class={class_names(&[Some("swatch"), Some(*cls)])} aria-hidden="true"></span>{ *label }</li>
            }) }
        </ul>
    }
}

/// The whole pane below the who-bar: chart (scrolls inside), legend, countdown.
pub fn pane(
    run: &Rc<Run>,
    t: SimTime,
    scale: Scale,
    lang: Lang,
    focus: Option<&Focus>,
    chart_ref: &NodeRef,
    send: &Callback<Msg>,
) -> Html {
    let trace = &run.trace;
    html! {
        <>
            { who(run, t, lang) }
            if let Some(c) = &trace.capped {
                <p class="capped" data-testid="capped">{ format!("{} {}", tr(lang, "capped"), crate::i18n::capped(c, lang)) }</p>
            }
            <div class="timeline-scroll" ref={chart_ref.clone()}>
                { chart(run, t, scale, lang, focus, send) }
            </div>
            <Legend {lang} />
            { crate::countdown::countdown(&run.kills, t, lang, run.kill_rows) }
        </>
    }
}
