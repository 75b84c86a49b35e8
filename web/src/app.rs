//! The playground component: the draft and its last good run, and the view state around it
//! (the clock, panels, layout, links). It composes the modules that draw each part; none of
//! them imports this one (they send [`Msg`]s through a callback). Every panel is a function of
//! (run, t, view state); user text only ever reaches the DOM as text nodes.
//!
//! This file holds the state, its creation and the draft's analysis; the rest of the
//! component is split by concern into child modules (each an `impl App` block):
//! `update` (what each message changes), `view` (the page), `playback` (animation frames,
//! narration), `links` (the address, share links, embeds), `keys` (global keys, Esc, the
//! shortcut sheet) and `comparing` (Compare, expectations, Export).

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use podlife_manifest::Diagnostic;
use podlife_spec::SimTime;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::actions::ActionState;
use crate::clock::Clock;
use crate::compare::Compare;
use crate::editor::Editor;
use crate::gallery;
use crate::i18n::{tr, Lang};
use crate::layout::{Layout, PHONE_MAX, WIDE_MIN};
use crate::link_state::{self, LinkState, DRAFT_KEY, KUBE_KEY, LANG_KEY};
use crate::listen::{Listener, Resize};
use crate::model::{self, Run};
use crate::share;
use crate::types::{Msg, Pick, Side, Tab, Which};
use crate::versions::{self, Choice};

mod comparing;
mod handover;
mod keys;
mod links;
mod playback;
mod update;
mod view;

const DEBOUNCE_MS: u32 = 250;
const RETIRE_MS: u32 = 300;

/// DOM nodes the app reaches into.
#[derive(Default)]
struct Refs {
    root: NodeRef,
    editor: NodeRef,
    chart: NodeRef,
    help_close: NodeRef,
    /// The phone header's "more" button (focus comes back to it).
    more: NodeRef,
    /// The first control of the "more" panel (focused as it opens).
    menu_first: NodeRef,
}

/// Browser listeners kept while the app lives.
#[derive(Default)]
struct Listeners {
    all: Vec<Listener>,
    chart: Option<Resize>,
}

pub struct App {
    draft: String,
    diagnostics: Rc<Vec<Diagnostic>>,
    /// Milliseconds the last parse + simulation took (shown, for the curious and for budgets).
    last_run_ms: Option<f64>,
    run: Option<Rc<Run>>,
    stale: bool,
    /// The gallery example loaded last (its id and text).
    loaded: Option<(&'static str, &'static str)>,
    clock: Clock,
    reduced_motion: bool,
    raf: Closure<dyn FnMut(f64)>,
    raf_pending: bool,
    debounce: Option<Timeout>,
    /// Drops the previous run once the new one has been rendered.
    retire: Option<Timeout>,
    lang: Lang,
    tab: Tab,
    side: Side,
    /// Narrow screens: the side panel is shown instead of the kubectl panel.
    side_shown: bool,
    log_container: Option<String>,
    previous: bool,
    pick: Option<Pick>,
    time_edit: Option<String>,
    narration: String,
    help: bool,
    shared: bool,
    /// Copied-to-clipboard feedback in the Share dialog ("link", "embed", "markdown").
    copied: Option<&'static str>,
    layout: Layout,
    actions: ActionState,
    link: LinkState,
    editor: Option<Editor>,
    refs: Refs,
    listeners: Listeners,
    /// Where focus was before the shortcut sheet opened (it goes back there).
    focus_before_help: Option<web_sys::HtmlElement>,
    /// The version picker's choice and an opened link's profile (see `versions`).
    choice: Choice,
    /// Where the draft names its Kubernetes version (the picker edits it there).
    version_span: Option<podlife_manifest::Span>,
    /// The behaviour profile of the run on screen (kept while the draft has errors).
    profile: podlife_spec::profile::Profile,
    /// Run B of a comparison (kept while Compare is off, so it comes back).
    compare: Option<Compare>,
    /// Which text the editor shows while comparing.
    editor_side: Which,
    /// The pick is on B's run.
    pick_b: bool,
    expect_sel: Option<(Which, usize)>,
    diff_sel: Option<usize>,
    /// The timeline item the keyboard is on (its ring shows while the chart has focus).
    tl_focus: Option<crate::timeline_pane::Focus>,
    /// The timeline is in keyboard mode (focused by Tab, not by a click): its ring shows and
    /// its keys move it.
    tl_keys: bool,
    /// A pointer is down on the timeline (a focus now is the pointer's, not the keyboard's).
    tl_pointer: bool,
    /// The ring moved: scroll it into view inside the timeline pane after rendering.
    reveal_ring: bool,
    /// The phone header's "more" panel is open.
    menu: bool,
    /// The "more" panel just opened: its first control gets focus after rendering.
    menu_opened: bool,
    /// The Share dialog just opened on its Export section: its first button gets focus.
    export_opened: bool,
    /// Where focus goes back to when the Share dialog or the "more" panel closes.
    return_focus: Option<web_sys::HtmlElement>,
}

impl App {
    fn send(ctx: &Context<Self>) -> Callback<Msg> {
        let link = ctx.link().clone();
        Callback::from(move |m: Msg| link.send_message(m))
    }

    fn until(&self) -> SimTime {
        let a = self.run.as_ref().map(|r| r.end).unwrap_or(SimTime::ZERO);
        // One axis for both runs of a comparison.
        self.comparing()
            .and_then(|c| c.run.as_ref())
            .map_or(a, |b| a.max(b.end))
    }

    fn analyse_now(&mut self) {
        let perf = web_sys::window().and_then(|w| w.performance());
        let t0 = perf.as_ref().map(|p| p.now());
        let a = model::analyse_with(&self.draft, &self.choice);
        if a.needs_full {
            // The first-frame module cannot show this run as it is: the full module runs it.
            return self.hand_over(crate::handover::Pending::Run);
        }
        self.version_span = a.version_span;
        self.last_run_ms = match (perf, t0) {
            (Some(p), Some(t0)) => Some(p.now() - t0),
            _ => None,
        };
        let editor = self
            .editor
            .as_ref()
            .filter(|_| self.editor_side == Which::A);
        if *self.diagnostics != a.diagnostics {
            self.diagnostics = Rc::new(a.diagnostics);
            if let Some(ed) = editor {
                ed.set_diagnostics(&self.diagnostics, self.lang);
            }
        } else if let Some(ed) = editor {
            // The same findings at the same line:column (an edit that changed none): the list
            // keeps its identity (its panel skips re-rendering) and the editor only checks
            // that the marks it shows are still where the findings are.
            ed.refresh_diagnostics();
        }
        match a.run {
            Some(run) => {
                let names = &run.names;
                if self
                    .log_container
                    .as_ref()
                    .is_none_or(|c| !names.contains(c))
                {
                    self.log_container = model::default_container(&run.trace);
                }
                if self
                    .actions
                    .exec_container
                    .as_ref()
                    .is_some_and(|c| !names.contains(c))
                {
                    self.actions.exec_container = None;
                    self.actions.exec_command = None;
                }
                let end = run.end;
                self.profile = run.trace.scenario.setup.profile();
                // The replaced run (a whole trace) is freed after the new one is on screen.
                if let Some(old) = self.run.replace(Rc::new(run)) {
                    self.retire = Some(Timeout::new(RETIRE_MS, move || drop(old)));
                }
                self.clock.jump(self.clock.t, end);
                self.stale = false;
                // Only a pick highlights YAML lines.
                if self.pick.take().is_some() {
                    if let Some(ed) = &self.editor {
                        ed.highlight(None);
                    }
                }
            }
            None => self.stale = true,
        }
        if let Some(c) = self.compare.as_mut() {
            c.refresh_diff(self.run.as_ref());
            self.diff_sel = None;
        }
    }

    fn set_text(&mut self, text: String) {
        // A new text is the user's: it runs with today's rules, no longer as a link made it.
        self.choice.link = None;
        self.draft = text;
        self.show_side(Which::A);
        if let Some(ed) = &self.editor {
            ed.set_text(&self.draft);
        }
        self.save_draft();
        self.debounce = None;
        self.analyse_now();
    }

    /// Persists the draft, except in embeds: a page's embeds never touch the reader's own draft.
    fn save_draft(&self) {
        if self.link.embed.is_none() {
            link_state::store(DRAFT_KEY, &self.draft);
        }
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let link = ctx.link().clone();
        let raf = Closure::wrap(
            Box::new(move |ts: f64| link.send_message(Msg::Frame(ts))) as Box<dyn FnMut(f64)>
        );
        let (params, ignored) = podlife_share::parse_query(&share::search());
        let embed = params.embed.then(|| params.clone());
        let lang = params
            .lang
            .map(share::from_link_lang)
            .or_else(|| link_state::stored(LANG_KEY).and_then(|l| Lang::from_code(&l)))
            .unwrap_or(Lang::En);
        // The first-frame module shows Chinese once its text is loaded (web/boot.js loads it
        // before the module starts): without it, English until it arrives (crate::i18n).
        let zh_later = lang == Lang::Zh && !crate::i18n::zh_ready();
        let lang = if zh_later { Lang::En } else { lang };
        let example = params.example.as_deref().and_then(gallery::find);
        let draft = match example {
            Some(e) => e.text.to_string(),
            // An embed without a scenario shows the default example, never a stored draft.
            None if embed.is_some() => crate::DEFAULT_EXAMPLE.to_string(),
            None => {
                link_state::stored(DRAFT_KEY).unwrap_or_else(|| crate::DEFAULT_EXAMPLE.to_string())
            }
        };
        let mut listeners = Listeners::default();
        let l = ctx.link().clone();
        listeners.all.extend(Listener::window("keydown", move |e| {
            if let Ok(k) = e.dyn_into::<web_sys::KeyboardEvent>() {
                l.send_message(Msg::Key(k));
            }
        }));
        let l = ctx.link().clone();
        listeners
            .all
            .extend(Listener::window("hashchange", move |_| {
                l.send_message(Msg::HashChange)
            }));
        for q in [PHONE_MAX, WIDE_MIN] {
            let l = ctx.link().clone();
            listeners
                .all
                .extend(Listener::media(q, move |_| l.send_message(Msg::Viewport)));
        }
        let reduced_motion = crate::layout::media("(prefers-reduced-motion: reduce)");
        let mut app = App {
            loaded: gallery::example_of(&draft).map(|e| (e.id, e.text)),
            draft,
            diagnostics: Rc::default(),
            last_run_ms: None,
            run: None,
            stale: false,
            clock: Clock::new(!reduced_motion),
            reduced_motion,
            raf,
            raf_pending: false,
            debounce: None,
            retire: None,
            lang,
            tab: Tab::Describe,
            side: Side::Why,
            side_shown: false,
            log_container: None,
            previous: false,
            pick: None,
            time_edit: None,
            narration: String::new(),
            help: false,
            shared: false,
            copied: None,
            layout: Layout::load(embed.is_some()),
            actions: ActionState::new(),
            link: LinkState::new(embed, params.view.unwrap_or_default()),
            editor: None,
            refs: Refs::default(),
            listeners,
            focus_before_help: None,
            choice: Choice {
                minor: (!params.embed)
                    .then(|| link_state::stored(KUBE_KEY))
                    .flatten()
                    .and_then(|m| m.parse().ok())
                    .filter(|m| versions::supported(*m)),
                link: None,
            },
            version_span: None,
            profile: podlife_spec::profile::Profile::new(
                podlife_spec::DEFAULT_KUBE_MINOR,
                podlife_spec::ENGINE_RULES_VERSION,
            ),
            compare: None,
            editor_side: Which::A,
            pick_b: false,
            expect_sel: None,
            diff_sel: None,
            tl_focus: None,
            tl_keys: false,
            tl_pointer: false,
            reveal_ring: false,
            menu: false,
            menu_opened: false,
            export_opened: false,
            return_focus: None,
        };
        if let Some(p) = &app.link.embed {
            app.clock.playing = (p.autoplay && !reduced_motion) || app.embed_clicked();
        }
        // The gallery's default example was the draft: the default example's own text.
        if app.draft == crate::DEFAULT_EXAMPLE {
            app.loaded = gallery::find("liveness-exec").map(|e| (e.id, crate::DEFAULT_EXAMPLE));
        }
        let fragment = share::fragment();
        let opened =
            app.take_handover(ctx) || (!fragment.is_empty() && app.open_fragment(&fragment));
        if !opened {
            app.analyse_now();
            if let Some(s) = params.speed_milli {
                app.clock.set_speed(f64::from(s) / 1000.0);
            }
            if let Some(t) = params.time {
                let until = app.until();
                app.clock.seek(t, until);
            }
        }
        // Bad query values are ignored, with a notice (e.g. `ignored view="grid": expected …`).
        app.link.notes.extend(
            ignored
                .iter()
                .map(|e| format!("{}: {e}", tr(app.lang, "query-ignored"))),
        );
        if zh_later {
            app.fetch_zh();
        }
        app.lite_started();
        if app.clock.playing {
            app.request_frame();
        }
        app
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            if let Some(el) = self.refs.editor.cast::<web_sys::Element>() {
                let link = ctx.link().clone();
                self.editor = Editor::mount(
                    &el,
                    &self.draft,
                    tr(self.lang, "editor-label"),
                    self.link.embed.as_ref().is_some_and(|p| p.readonly),
                    move |text| link.send_message(Msg::Edit(text)),
                );
                if let Some(ed) = &self.editor {
                    ed.set_diagnostics(&self.diagnostics, self.lang);
                }
            }
            self.set_html_lang();
        }
        // The chart's scroller is another element in Compare (and again when Compare ends):
        // observe the one on screen, or its width stays the last one measured (or none).
        if let Some(el) = self.refs.chart.cast::<web_sys::Element>() {
            if !self
                .listeners
                .chart
                .as_ref()
                .is_some_and(|r| r.observes(&el))
            {
                let link = ctx.link().clone();
                self.listeners.chart =
                    Resize::new(&el, move |w| link.send_message(Msg::ChartWidth(w)));
            }
        }
        self.layout.apply(&self.refs.root);
        self.sync_version_picker();
        if std::mem::take(&mut self.reveal_ring) {
            if let Some(f) = &self.tl_focus {
                crate::timeline_pane::reveal(crate::timeline_pane::ring_id(f.which));
            }
        }
        if std::mem::take(&mut self.export_opened) {
            if let Some(b) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("[data-testid=export-svg]").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = b.focus();
            }
        }
        if std::mem::take(&mut self.menu_opened) {
            if let Some(b) = self.refs.menu_first.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        }
        if self.help {
            if let Some(b) = self.refs.help_close.cast::<web_sys::HtmlElement>() {
                if web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .is_none_or(|a| a.closest("[data-testid=help]").ok().flatten().is_none())
                {
                    let _ = b.focus();
                }
            }
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        if self.lite_intercept(&msg) {
            return true;
        }
        // Everything but playback frames and half-typed input changes what a link would say.
        let sync = !matches!(
            msg,
            Msg::Frame(_)
                | Msg::Key(_)
                | Msg::TimeEdit(_)
                | Msg::ScrubMove(_)
                | Msg::SyncUrl
                | Msg::Copy(..)
                | Msg::Download
                | Msg::Export(..)
                | Msg::Share
                | Msg::CloseShare
                | Msg::Help(_)
                | Msg::HashChange
                | Msg::ChartWidth(_)
                | Msg::Split(..)
                | Msg::Viewport
                | Msg::Pane(_)
                | Msg::TimelineFocus(_)
                | Msg::TimelineKey(_)
                | Msg::Menu(_)
                | Msg::ExportPanel
        );
        let render = self.handle(ctx, msg);
        self.lite_check();
        if sync {
            self.link.schedule(&Self::send(ctx));
        }
        render
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.listeners = Listeners::default();
        self.clock.playing = false;
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        self.view_app(ctx)
    }
}
