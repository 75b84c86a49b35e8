//! Compare (issue 16): the scenario (A) and a variant of it (B) run side by side. B is a whole
//! text of its own (a fork of A: change one value, or only the Kubernetes version) that the
//! editor pane shows under its own tab, with its own diagnostics; both runs are drawn one above the other on one time axis with one playhead, and
//! `podlife_report::diff` — the function behind `podlife diff` — lists what differs, first
//! divergence first. Everything here is a function of (A's run, B's run, t, view state).

// The first-frame module (`lite`) leaves this work to the full one (web/src/handover.rs).
#![cfg_attr(feature = "lite", allow(dead_code, unused_imports))]

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use podlife_manifest::Diagnostic;
use podlife_report::diff::{self, Diff, Difference};
use podlife_spec::SimTime;
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::lanes::{x_of, Scale};
use crate::model::{self, Run};
use crate::timeline::{chart_height, tenths, whole, Timeline};
use crate::timeline_pane::{nav_keys, ring_id, Focus};
use crate::types::{always, class_names, maybe, Msg, Which};
use crate::versions::Choice;

/// Height of the label row above each chart (style.css `.cmp-label`).
const LABEL_H: f64 = 16.0;

/// Run B and everything the page keeps about it.
pub struct Compare {
    /// Compare is on (off: B is kept, so turning it on again brings it back).
    pub on: bool,
    pub draft: String,
    pub run: Option<Rc<Run>>,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// B's text has errors: its last good run stays, marked stale.
    pub stale: bool,
    /// What decides B's profile: the version picker while the editor shows B, a comparison
    /// link's (B's minor, the link's rules) until B is edited; a fork starts with A's.
    pub choice: Choice,
    /// Where B's text names its Kubernetes version (the picker edits it there).
    pub version_span: Option<podlife_manifest::Span>,
    /// What differs between A and B (`None` while either has no run).
    pub diff: Option<Rc<Diff>>,
    pub debounce: Option<Timeout>,
}

impl Compare {
    /// B as a copy of `text` (A's draft), run as A is (`choice`).
    pub fn fork(text: &str, choice: Choice) -> Compare {
        Compare {
            on: true,
            draft: text.to_string(),
            run: None,
            diagnostics: Rc::default(),
            stale: false,
            choice,
            version_span: None,
            diff: None,
            debounce: None,
        }
    }

    /// Runs B's draft; keeps the last good run when the draft has errors. True when the
    /// diagnostics changed.
    pub fn analyse(&mut self) -> bool {
        let a = model::analyse_with(&self.draft, &self.choice);
        self.version_span = a.version_span;
        let changed = *self.diagnostics != a.diagnostics;
        if changed {
            self.diagnostics = Rc::new(a.diagnostics);
        }
        match a.run {
            Some(run) => {
                self.run = Some(Rc::new(run));
                self.stale = false;
            }
            None => self.stale = true,
        }
        changed
    }

    /// Recomputes the differences against A's run.
    pub fn refresh_diff(&mut self, a: Option<&Rc<Run>>) {
        // The first-frame module never compares (Compare hands over to the full module).
        #[cfg(feature = "lite")]
        let _ = a;
        #[cfg(not(feature = "lite"))]
        {
            self.diff = match (a, &self.run) {
                (Some(a), Some(b)) => Some(Rc::new(diff::diff(&a.trace, &b.trace))),
                _ => None,
            };
        }
    }
}

/// The editor pane's strip while comparing: which text the editor shows (A or B), and
/// "B = A".
pub fn editor_strip(side: Which, b_stale: bool, lang: Lang, send: &Callback<Msg>) -> Html {
    let tab = |which: Which, key: &'static str| {
        let selected = side == which;
        html! {
            <button role="tab" class={class_names(&[Some("tab"), selected.then_some("active"), (which == Which::B && b_stale).then_some("bad")])}
                aria-selected={selected.to_string()} data-side={if which == Which::A { "a" } else { "b" }}
                onclick={send.reform(move |_| Msg::EditorSide(which))}>{ tr(lang, key) }</button>
        }
    };
    html! {
        <div class="cmp-strip" data-testid="compare-strip">
            <div role="tablist" class="tablist" aria-label={tr(lang, "compare")}>
                { tab(Which::A, "side-a") }
                { tab(Which::B, "side-b") }
            </div>
            if side == Which::B {
                <button class="reset-b" title={tr(lang, "reset-b-title")} onclick={always(send, || Msg::ResetB)}>{ tr(lang, "reset-b") }</button>
            }
        </div>
    }
}

/// The x in pixels of every instant where the runs differ that is drawn as a mark: the first
/// divergence and the selected difference.
fn marks(diff: Option<&Diff>, selected: Option<usize>, scale: Scale) -> Vec<(f64, &'static str)> {
    let Some(d) = diff else { return Vec::new() };
    let mut v = Vec::new();
    if let Some(first) = d.first() {
        v.push((first.time(), "cmp-first"));
    }
    if let Some(item) = selected.and_then(|i| d.items.get(i)) {
        v.push((item.time(), "cmp-sel"));
    }
    v.into_iter()
        .filter(|(t, _)| scale.visible(*t, *t))
        .map(|(t, c)| (x_of(t, scale), c))
        .collect()
}

/// A run's label row: `A · liveness-exec · Kubernetes 1.37`.
fn label(which: Which, run: &Run, stale: bool, lang: Lang) -> Html {
    let letter = if which == Which::A { "A" } else { "B" };
    html! {
        <div class={class_names(&[Some("cmp-label"), Some(if which == Which::A { "cmp-a" } else { "cmp-b" }), stale.then_some("stale")])}>
            <span class="cmp-letter">{ letter }</span>
            { format!("{} · Kubernetes 1.{}", run.trace.pod.name, run.trace.scenario.setup.kube_minor) }
            if stale {
                <span class="cmp-stale">{ tr(lang, "b-stale") }</span>
            }
        </div>
    }
}

/// What the stacked charts show.
pub struct Charts<'a> {
    pub a: &'a Rc<Run>,
    pub b: &'a Rc<Run>,
    pub b_stale: bool,
    pub diff: Option<&'a Diff>,
    pub selected: Option<usize>,
    pub t: SimTime,
    pub scale: Scale,
    pub lang: Lang,
    /// The item the keyboard is on, in either chart.
    pub focus: Option<&'a Focus>,
}

/// A's and B's timelines one above the other on the same scale, one playhead across both, the
/// first divergence (and the selected difference) marked across both. Compact rows, so that
/// both fit the pane at 1366×768. One Tab stop: the keyboard's rows run through A, then B.
pub fn charts(c: &Charts<'_>, send: &Callback<Msg>) -> Html {
    let scale = c.scale;
    let lang = c.lang;
    let height = LABEL_H * 2.0 + chart_height(c.a, true, true) + chart_height(c.b, true, false);
    let focus_of = |which: Which| {
        c.focus
            .filter(|f| f.which == which)
            .map(|f| f.target.clone())
    };
    let (focus_a, focus_b) = (focus_of(Which::A), focus_of(Which::B));
    let active = c.focus.map(|f| ring_id(f.which));
    let w = scale.width;
    let x = x_of(c.t, scale);
    let onpointerdown = maybe(send, |e: PointerEvent| {
        crate::timeline_pane::chart_x(&e).map(Msg::ScrubStart)
    });
    let onpointermove = maybe(send, |e: PointerEvent| {
        (e.buttons() & 1 == 1)
            .then(|| crate::timeline_pane::chart_x(&e).map(Msg::ScrubMove))
            .flatten()
    });
    let view_box = format!("0 0 {w:.0} {height:.0}");
    html! {
        <div class="timeline cmp-charts" data-testid="timeline" tabindex="0" role="group"
            aria-label={tr(lang, "timeline-keys")} aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Home End Enter Space"
            aria-activedescendant={active}
            onkeydown={nav_keys(send)} onfocus={always(send, || Msg::TimelineFocus(Which::A))}
            {onpointerdown} {onpointermove}
            onpointerup={always(send, || Msg::ScrubEnd)}
            onpointerleave={always(send, || Msg::ScrubEnd)}
            onpointercancel={always(send, || Msg::ScrubEnd)}>
            { label(Which::A, c.a, false, lang) }
            <Timeline run={c.a.clone()} {lang} {scale} compact={true} focus={focus_a} focus_id={ring_id(Which::A)} on_pick={send.reform(Msg::Pick)}
                on_expect={send.reform(|i| Msg::Expect(Which::A, i))} />
            { label(Which::B, c.b, c.b_stale, lang) }
            <Timeline run={c.b.clone()} {lang} {scale} compact={true} axis={false} focus={focus_b} focus_id={ring_id(Which::B)} on_pick={send.reform(Msg::PickB)}
                on_expect={send.reform(|i| Msg::Expect(Which::B, i))} />
            <svg class="cmp-marks" width={whole(w)} height={whole(height)}
                viewBox={view_box.clone()} aria-hidden="true">
                { for marks(c.diff, c.selected, scale).into_iter().map(|(x, cls)| html! {
                    <line class={cls} x1={tenths(x)} x2={tenths(x)} y1="0" y2={whole(height)} />
                }) }
            </svg>
            <svg class="playhead" width={whole(w)} height={whole(height)}
                viewBox={format!("0 0 {w:.0} 1")} preserveAspectRatio="none" aria-hidden="true">
                <rect width="100%" height="100%" fill="transparent" />
                <line x1={tenths(x)} x2={tenths(x)} y1="0" y2="1" vector-effect="non-scaling-stroke" />
            </svg>
        </div>
    }
}

/// The timeline pane while comparing: the stacked charts (they scroll inside the pane when
/// it is short, as one chart does) and the legend. No who-bar: its room goes to B.
pub fn pane(c: &Charts<'_>, chart_ref: &NodeRef, send: &Callback<Msg>) -> Html {
    html! {
        <>
            <div class="timeline-scroll cmp-scroll" ref={chart_ref.clone()}>
                { charts(c, send) }
            </div>
            <crate::timeline_pane::Legend lang={c.lang} />
        </>
    }
}

fn dur(t: SimTime) -> String {
    podlife_spec::format_go_duration(t.as_millis())
}

/// `~`, `-`, `+`, `!`: how a difference differs (as `podlife diff` marks it).
fn mark(d: &Difference) -> &'static str {
    match d.change() {
        diff::Change::Moved(_) => "~",
        diff::Change::OnlyA => "−",
        diff::Change::OnlyB => "+",
        diff::Change::Reworded => "!",
    }
}

/// The list of differences: the notes, the first divergence highlighted, every difference a
/// button to its instant, and the state at the end.
pub fn differences(
    diff: Option<&Diff>,
    selected: Option<usize>,
    lang: Lang,
    send: &Callback<Msg>,
) -> Html {
    #[cfg(feature = "lite")]
    let diff = diff.filter(|_| false);
    let Some(d) = diff else {
        return html! { <p class="why-hint" data-testid="differences">{ tr(lang, "b-no-run") }</p> };
    };
    let l = match lang {
        Lang::En => podlife_report::Lang::En,
        Lang::Zh => podlife_report::Lang::Zh,
    };
    let horizon = dur(d.horizon);
    let summary = match (d.items.len(), lang) {
        (0, Lang::En) => format!(
            "No differences up to {horizon}: the same events at the same times and the same status."
        ),
        (0, Lang::Zh) => zh_format!(
            "到 {horizon} 为止没有差异：相同的事件、相同的时间、相同的状态。",
            horizon = horizon
        ),
        (n, Lang::En) => format!(
            "{n} difference{} up to {horizon}, first divergence first:",
            if n == 1 { "" } else { "s" }
        ),
        (n, Lang::Zh) => zh_format!(
            "到 {horizon} 为止有 {n} 处差异，按时间排列，首个分歧在前：",
            horizon = horizon,
            n = n
        ),
    };
    let end = |e: &Option<diff::EndState>| match e {
        Some(e) => format!("{} {} {}", e.ready, e.status, e.restarts),
        None => lang.pick("no pod", zh!("没有 Pod")).to_string(),
    };
    html! {
        <div class="differences" data-testid="differences">
            { for d.notes.iter().map(|n| html! { <p class="cmp-note">{ n.text(l) }</p> }) }
            <p class="cmp-summary">{ summary }</p>
            <ol class="cmp-list">
                { for d.items.iter().enumerate().map(|(i, item)| {
                    let first = i == 0;
                    let message = item.a.as_ref().or(item.b.as_ref()).map(|s| s.message.clone()).unwrap_or_default();
                    html! {
                        <li class={class_names(&[first.then_some("first"), (selected == Some(i)).then_some("selected")])}>
                            <button class="cmp-item" data-time={item.time().as_millis().to_string()}
                                aria-current={(selected == Some(i)).then_some("true")}
                                onclick={send.reform(move |_| Msg::Difference(i))}>
                                <span class="cmp-mark" aria-hidden="true">{ mark(item) }</span>
                                <span class="cmp-time">{ dur(item.time()) }</span>
                                <span class="cmp-text">
                                    if first {
                                        <strong class="cmp-first-badge">{ tr(lang, "first-divergence") }</strong>
                                    }
                                    { diff::sentence_in(item, l) }
                                    if !message.is_empty() {
                                        <span class="cmp-message">{ message }</span>
                                    }
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <p class="cmp-end">{ match lang {
                Lang::En => format!("At {horizon}: A {} | B {}", end(&d.end_a), end(&d.end_b)),
                Lang::Zh => zh_format!("{horizon} 时：A {a} | B {b}", horizon = horizon, a = end(&d.end_a), b = end(&d.end_b)),
            } }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b_forked_with_failure_threshold_one_diverges_first_at_its_earlier_killing() {
        let a_text = crate::DEFAULT_EXAMPLE;
        let a = Rc::new(model::analyse(a_text).run.expect("A runs"));
        let mut c = Compare::fork(a_text, Choice::default());
        c.analyse();
        c.refresh_diff(Some(&a));
        assert!(
            c.diff.as_ref().is_some_and(|d| d.items.is_empty()),
            "B = A: no differences"
        );
        c.draft = format!("{a_text}      failureThreshold: 1\n");
        c.analyse();
        c.refresh_diff(Some(&a));
        let d = c.diff.as_ref().expect("both run");
        let first = d.first().expect("they differ");
        let b = first.b.as_ref().expect("in B");
        assert!(b.message.contains("will be restarted"), "{}", b.message);
        assert!(
            first.a.as_ref().is_some_and(|a| a.time > b.time),
            "B kills earlier"
        );
        // B with errors keeps its last good run, marked stale.
        c.draft.push_str("  bogus: [\n");
        c.analyse();
        assert!(c.stale && c.run.is_some() && !c.diagnostics.is_empty());
    }
}
