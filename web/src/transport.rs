//! The transport bar (`data-testid=transport`): play, previous/next event, the time field, the
//! scrubber, speed and zoom. Always in view (sticky), one line on every layout.

use podlife_spec::SimTime;
use yew::prelude::*;

use crate::clock::{DEFAULT_SPEED, SPEEDS};
use crate::i18n::{tr, Lang};
use crate::types::{always, maybe, on_input, on_select, secs_text, Msg, Side};

/// What the bar shows.
pub struct TransportProps {
    pub lang: Lang,
    pub t: SimTime,
    pub until: SimTime,
    pub playing: bool,
    /// The time field while the user types in it.
    pub time_edit: Option<String>,
    pub speed: f64,
    pub zoom: Option<SimTime>,
    /// The version picker's minor (`None` in embeds: their bar names the version).
    pub version: Option<u32>,
    pub send: Callback<Msg>,
}

/// The bar (a plain function, not a component: it changes with every frame anyway, and each
/// component type costs the app's wasm its own copy of Yew's lifecycle code).
pub fn transport(p: &TransportProps) -> Html {
    let lang = p.lang;
    let send = &p.send;
    let time_value = p.time_edit.clone().unwrap_or_else(|| secs_text(p.t));
    html! {
        <div class="wb-transport" data-testid="transport" role="toolbar" aria-label={tr(lang, "playback")}>
            <button data-testid="play" class="play" aria-pressed={p.playing.to_string()}
                aria-keyshortcuts="Space" onclick={always(send, || Msg::TogglePlay)}>
                <span class="icon" aria-hidden="true">{ if p.playing { "❚❚" } else { "▶" } }</span>
                <span class="label">{ if p.playing { tr(lang, "pause") } else { tr(lang, "play") } }</span>
            </button>
            <button class="step" aria-label={tr(lang, "prev-event")} title={tr(lang, "prev-event")}
                aria-keyshortcuts="ArrowLeft" onclick={always(send, || Msg::PrevEvent)}>{ "←" }</button>
            <button class="step" aria-label={tr(lang, "next-event")} title={tr(lang, "next-event")}
                aria-keyshortcuts="ArrowRight" onclick={always(send, || Msg::NextEvent)}>{ "→" }</button>
            <label class="field time-field">
                <span class="sr-only">{ tr(lang, "time") }</span>
                <input data-testid="time" class="time" inputmode="decimal" size="6"
                    title={tr(lang, "time-help")} aria-label={tr(lang, "time")}
                    value={time_value}
                    oninput={on_input(send, Msg::TimeEdit)}
                    onkeydown={maybe(send, |e: KeyboardEvent| {
                        (e.key() == "Enter").then_some(Msg::TimeCommit)
                    })}
                    onblur={always(send, || Msg::TimeBlur)} />
                <span class="until" aria-hidden="true">{ format!("/ {} s", secs_text(p.until)) }</span>
            </label>
            <input type="range" class="scrub" aria-label={tr(lang, "scrub")} min="0"
                max={p.until.as_millis().to_string()} step="100" value={p.t.as_millis().to_string()}
                oninput={on_input(send, |value| Msg::Seek(SimTime::from_millis(value.parse::<f64>().unwrap_or(0.0).max(0.0) as u64)))} />
            <SpeedZoom {lang} speed={p.speed} zoom={p.zoom} version={p.version} send={send.clone()} />
        </div>
    }
}

#[derive(Properties)]
struct SpeedZoomProps {
    lang: Lang,
    speed: f64,
    zoom: Option<SimTime>,
    version: Option<u32>,
    send: Callback<Msg>,
}

impl PartialEq for SpeedZoomProps {
    // `send` is recreated on every render and always forwards to the App.
    fn eq(&self, o: &Self) -> bool {
        self.lang == o.lang
            && self.speed == o.speed
            && self.zoom == o.zoom
            && self.version == o.version
    }
}

/// The speed and zoom pickers and the Kubernetes version picker with its "what differs" button
/// (a component: playback frames do not re-diff their options).
#[function_component(SpeedZoom)]
fn speed_zoom(p: &SpeedZoomProps) -> Html {
    let lang = p.lang;
    html! {
        <>
            <label class="field">
                <span class="field-label">{ tr(lang, "speed") }</span>
                <select data-testid="speed" aria-label={tr(lang, "speed")} onchange={on_select(&p.send, |value| Msg::Speed(value.parse().unwrap_or(DEFAULT_SPEED)))}>
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={(*s - p.speed).abs() < 1e-9}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
            <label class="field">
                <span class="field-label">{ tr(lang, "zoom") }</span>
                <select data-testid="zoom" aria-label={tr(lang, "zoom")} onchange={on_select(&p.send, |value| Msg::Zoom(value.parse::<u64>().ok().map(SimTime::from_secs)))}>
                    <option value="all" selected={p.zoom.is_none()}>{ tr(lang, "zoom-all") }</option>
                    { for [300u64, 120, 60, 30].iter().map(|w| html! {
                        <option value={w.to_string()} selected={p.zoom == Some(SimTime::from_secs(*w))}>{
                            match (lang, *w >= 60) {
                                (Lang::En, true) => format!("{} min", w / 60),
                                (Lang::En, false) => format!("{w} s"),
                                (Lang::Zh, true) => zh_format!("{min} 分钟", min = w / 60),
                                (Lang::Zh, false) => zh_format!("{w} 秒", w = w),
                            }
                        }</option>
                    }) }
                </select>
            </label>
            if let Some(v) = p.version {
                <span class="wb-version-slot">
                    <label class="field kube-field" title={tr(lang, "kube-version")}>
                        <span class="kube-label">{ "Kubernetes" }</span>
                        <select data-testid="kube-version" aria-label={tr(lang, "kube-version")} onchange={on_select(&p.send, |value| Msg::KubeVersion(value.parse().unwrap_or(podlife_spec::DEFAULT_KUBE_MINOR)))}>
                            { for podlife_spec::SUPPORTED_KUBE_MINORS.iter().rev().map(|m| html! {
                                <option value={m.to_string()} selected={*m == v}>{ format!("1.{m}") }</option>
                            }) }
                        </select>
                    </label>
                    <button class="differs" data-testid="kube-differs" title={tr(lang, "differs-title-short")}
                        onclick={always(&p.send, || Msg::Side(Side::Version))}>{ tr(lang, "differs") }</button>
                </span>
            }
        </>
    }
}
