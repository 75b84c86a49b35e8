//! The playground component: the draft and its last good run, and the view state around it
//! (the clock, panels, layout, links). It composes the modules that draw each part; none of
//! them imports this one (they send [`Msg`]s through a callback). Every panel is a function of
//! (run, t, view state); user text only ever reaches the DOM as text nodes.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use podlife_manifest::Diagnostic;
use podlife_spec::SimTime;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::actions::ActionState;
use crate::clock::{Clock, Step};
use crate::compare::{self, Compare};
use crate::dialogs;
use crate::editor::Editor;
use crate::gallery::{self, GallerySelect};
use crate::i18n::{tr, Lang};
use crate::inspect::{CompareView, Inspect};
use crate::layout::{pane_tabs, splitter, Layout, PHONE_MAX, WIDE_MIN};
use crate::link_state::{self, LinkState, Shown, DRAFT_KEY, KUBE_KEY, LANG_KEY, PREV_DRAFT_KEY};
use crate::listen::{Listener, Resize};
use crate::model::{self, Run};
use crate::share;
use crate::timeline_pane;
use crate::transport::{transport, TransportProps};
use crate::types::{secs_text, Msg, Pane, Pick, Side, Split, Tab, Which};
use crate::versions::{self, Choice, LinkProfile};
use crate::why;

mod comparing;

const DEBOUNCE_MS: u32 = 250;
const RETIRE_MS: u32 = 300;

/// DOM nodes the app reaches into.
#[derive(Default)]
struct Refs {
    root: NodeRef,
    editor: NodeRef,
    chart: NodeRef,
    help_close: NodeRef,
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

    fn request_frame(&mut self) {
        if self.raf_pending {
            return;
        }
        if let Some(w) = web_sys::window() {
            if w.request_animation_frame(self.raf.as_ref().unchecked_ref())
                .is_ok()
            {
                self.raf_pending = true;
            }
        }
    }

    fn play(&mut self, on: bool) {
        let until = self.until();
        self.clock.set_playing(on, until);
        if self.clock.playing {
            self.request_frame();
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

    fn shown(&self) -> Shown<'_> {
        Shown {
            draft: &self.draft,
            t: self.clock.t,
            speed: self.clock.speed,
            view: self.link.view,
            tab: self.tab,
            container: self.log_container.as_deref(),
            default_container: None,
            lang: self.lang,
        }
    }

    /// The link state of what is on screen now.
    fn share_state(&self) -> podlife_share::ShareState {
        let default = self
            .run
            .as_ref()
            .and_then(|r| model::default_container(&r.trace));
        let mut state = Shown {
            default_container: default.as_deref(),
            ..self.shown()
        }
        .state();
        // The run's own profile, as `podlife share` records it.
        state.kube_minor = self.profile.minor;
        state.rules_version = self.profile.rules;
        state.compare = self.comparing().map(|c| podlife_share::CompareState {
            text: c.draft.clone(),
            kube_minor: c
                .run
                .as_ref()
                .map_or(state.kube_minor, |r| r.trace.scenario.setup.kube_minor),
        });
        state
    }

    fn pod_name(&self) -> Option<String> {
        self.run.as_ref().map(|r| r.trace.pod.name.clone())
    }

    /// Opens the link in `fragment`: on success the scenario and view state replace what is
    /// shown (the previous draft is kept restorable); on failure nothing changes but the message.
    fn open_fragment(&mut self, fragment: &str) -> bool {
        match podlife_share::decode(fragment) {
            Ok(mut state) => {
                if let Some(p) = &self.link.embed {
                    p.apply_to(&mut state);
                }
                self.link.keep_previous(&self.draft, &state.text);
                self.link.error = None;
                self.link.notes = state.compat_notes();
                // Replayed as `podlife run '<link>'` replays it, until edited or re-versioned.
                self.choice.link = Some(LinkProfile {
                    minor: state.kube_minor,
                    rules: state.rules_version,
                    time: state.time,
                });
                if versions::supported(state.kube_minor) {
                    self.choice.minor = Some(state.kube_minor);
                    if self.link.embed.is_none() {
                        link_state::store(KUBE_KEY, &state.kube_minor.to_string());
                    }
                }
                if state.rules_version < podlife_spec::ENGINE_RULES_VERSION {
                    self.link.notes.push(versions::old_rules_note(
                        state.rules_version,
                        share::from_link_lang(state.lang),
                    ));
                }
                self.draft = state.text.clone();
                self.show_side(Which::A);
                if let Some(ed) = &self.editor {
                    ed.set_text(&self.draft);
                }
                // A comparison opens with B as its author ran it; a link of one run ends one.
                self.compare = state.compare.as_ref().map(|b| {
                    let link = LinkProfile {
                        minor: b.kube_minor,
                        rules: state.rules_version,
                        time: state.time,
                    };
                    let minor = versions::supported(b.kube_minor).then_some(b.kube_minor);
                    Compare::fork(
                        &b.text,
                        Choice {
                            minor,
                            link: Some(link),
                        },
                    )
                });
                if let Some(c) = self.compare.as_mut() {
                    c.analyse();
                }
                self.loaded = gallery::example_of(&self.draft).map(|e| (e.id, e.text));
                self.lang = share::from_link_lang(state.lang);
                self.set_html_lang();
                self.link.view = state.view;
                self.tab = share::panel_to_tab(state.panel);
                // A comparison opens on its differences (unless it names another panel).
                if self.compare.is_some() && self.tab == Tab::Describe {
                    self.tab = Tab::Diff;
                }
                self.clock.set_speed(state.speed());
                self.log_container = state.container.clone();
                self.debounce = None;
                self.analyse_now();
                let until = self.until();
                self.clock.seek(state.time, until);
                let autoplay = self.link.embed.as_ref().is_some_and(|p| p.autoplay);
                if (autoplay && !self.reduced_motion) || self.embed_clicked() {
                    self.clock.set_playing(true, until);
                }
                self.link.last_fragment = fragment.to_string();
                true
            }
            Err(e) => {
                self.link.error = Some(e.to_string());
                false
            }
        }
    }

    /// An embed the reader asked to run: boot.js's poster was clicked (the page loads without
    /// `load=eager`), or embed.js's Run button made it (`load=eager&run=1`). A page that embeds
    /// with `data-load="eager"` gets `load=eager` alone: it waits for Play (or `autoplay=1`).
    fn embed_clicked(&self) -> bool {
        if self.link.embed.is_none() {
            return false;
        }
        let q = web_sys::UrlSearchParams::new_with_str(&share::search()).ok();
        let get = |k: &str| q.as_ref().and_then(|q| q.get(k));
        get("load").as_deref() != Some("eager") || get("run").as_deref() == Some("1")
    }

    fn set_html_lang(&self) {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", self.lang.code());
        }
    }

    fn narrate(&mut self, from: SimTime, to: SimTime) {
        let Some(run) = &self.run else { return };
        if let Some(e) = run
            .trace
            .events
            .iter()
            .rfind(|e| e.recorded && e.time > from && e.time <= to)
        {
            self.narration = format!(
                "{} s {} {}: {}",
                secs_text(e.time),
                e.type_,
                e.reason,
                e.message.trim_end()
            );
        }
    }

    /// Esc: closes the topmost dialog or panel; false when there was none.
    fn escape(&mut self) -> bool {
        if self.help {
            self.close_help();
        } else if self.shared {
            self.shared = false;
        } else if self.pick.is_some() || self.side_shown {
            self.clear_pick();
            self.side_shown = false;
        } else {
            return false;
        }
        true
    }

    fn clear_pick(&mut self) {
        self.pick = None;
        if let Some(ed) = &self.editor {
            ed.highlight(None);
        }
    }

    fn open_help(&mut self) {
        self.focus_before_help = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        self.help = true;
    }

    fn close_help(&mut self) {
        self.help = false;
        if let Some(el) = self.focus_before_help.take() {
            let _ = el.focus();
        }
    }

    /// Global keys: Space, ←/→, ? and Esc, unless the user is typing in a field.
    fn key(&mut self, ctx: &Context<Self>, e: web_sys::KeyboardEvent) -> bool {
        let target: Option<web_sys::Element> = e.target().and_then(|t| t.dyn_into().ok());
        let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
        let editable = target
            .as_ref()
            .and_then(|t| t.dyn_ref::<web_sys::HtmlElement>())
            .map(|h| h.is_content_editable())
            .unwrap_or(false);
        if e.key() == "Escape" && !editable && !e.default_prevented() {
            // The editor's Esc is its own (leave editing); everywhere else it closes.
            return self.escape();
        }
        if editable || matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
            return false;
        }
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return false;
        }
        match e.key().as_str() {
            "?" => {
                e.prevent_default();
                self.open_help();
                return true;
            }
            " " if tag != "BUTTON" && tag != "A" => {
                e.prevent_default();
                ctx.link().send_message(Msg::TogglePlay);
            }
            "ArrowLeft" if !self.help => {
                e.prevent_default();
                ctx.link().send_message(Msg::PrevEvent);
            }
            "ArrowRight" if !self.help => {
                e.prevent_default();
                ctx.link().send_message(Msg::NextEvent);
            }
            _ => {}
        }
        false
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
        };
        if let Some(p) = &app.link.embed {
            app.clock.playing = (p.autoplay && !reduced_motion) || app.embed_clicked();
        }
        // The gallery's default example was the draft: the default example's own text.
        if app.draft == crate::DEFAULT_EXAMPLE {
            app.loaded = gallery::find("liveness-exec").map(|e| (e.id, crate::DEFAULT_EXAMPLE));
        }
        let fragment = share::fragment();
        let opened = !fragment.is_empty() && app.open_fragment(&fragment);
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
            if let Some(el) = self.refs.chart.cast::<web_sys::Element>() {
                let link = ctx.link().clone();
                self.listeners.chart =
                    Resize::new(&el, move |w| link.send_message(Msg::ChartWidth(w)));
            }
        }
        self.layout.apply(&self.refs.root);
        self.sync_version_picker();
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
        );
        let render = self.handle(ctx, msg);
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

impl App {
    fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let until = self.until();
        let pick_b = matches!(msg, Msg::PickB(_));
        match msg {
            Msg::Edit(text) if self.editor_side == Which::B => {
                let link = ctx.link().clone();
                let Some(c) = self.compare.as_mut().filter(|c| c.draft != text) else {
                    return false;
                };
                c.draft = text;
                // B's own text now: the link's profile no longer applies.
                c.choice.link = None;
                c.debounce = Some(Timeout::new(DEBOUNCE_MS, move || {
                    link.send_message(Msg::AnalyseB)
                }));
                return false;
            }
            Msg::Edit(text) => {
                if text == self.draft {
                    return false;
                }
                self.choice.link = None;
                self.draft = text;
                self.save_draft();
                let link = ctx.link().clone();
                self.debounce = Some(Timeout::new(DEBOUNCE_MS, move || {
                    link.send_message(Msg::Analyse)
                }));
                // The example menu says "edited" from the first keystroke.
                return self
                    .loaded
                    .is_some_and(|(_, t)| t.len() + 1 >= self.draft.len());
            }
            Msg::Analyse => {
                self.debounce = None;
                self.analyse_now();
            }
            Msg::Frame(ts) => {
                self.raf_pending = false;
                if self.run.is_none() {
                    return false;
                }
                match self.clock.frame(ts, until) {
                    Step::Idle => return false,
                    Step::Moved(old) => {
                        let now = self.clock.t;
                        self.narrate(old, now);
                        self.request_frame();
                    }
                    Step::Ended(old) => {
                        let now = self.clock.t;
                        self.narrate(old, now);
                        // Playback ran to the end: the address now says so.
                        self.link.schedule(&Self::send(ctx));
                    }
                }
            }
            Msg::TogglePlay => {
                self.play(!self.clock.playing);
            }
            Msg::Speed(s) => self.clock.set_speed(s),
            Msg::Seek(t) => self.clock.jump(t, until),
            Msg::PrevEvent | Msg::NextEvent => {
                if let Some(run) = &self.run {
                    let old = self.clock.t;
                    let t = if matches!(msg, Msg::PrevEvent) {
                        run.prev_step(old)
                    } else {
                        run.next_step(old)
                    };
                    self.clock.seek(t, until);
                    if t > old {
                        self.narrate(old, t);
                    }
                }
            }
            Msg::Tab(t) => {
                self.tab = t;
                self.side_shown = false;
            }
            Msg::Side(s) => {
                self.side = s;
                self.side_shown = true;
                // The transport's "What differs" opens a side panel of the kubectl pane.
                if self.layout.phone {
                    self.layout.pane = Pane::Kubectl;
                }
            }
            Msg::Pane(p) => self.layout.pane = p,
            Msg::LogContainer(c) => self.log_container = Some(c),
            Msg::Previous(p) => self.previous = p,
            Msg::Lang(l) => {
                self.lang = l;
                // The lint marks of the side the editor shows, in the new language.
                let shown = match (self.editor_side, &self.compare) {
                    (Which::B, Some(c)) => &c.diagnostics,
                    _ => &self.diagnostics,
                };
                if let Some(ed) = &self.editor {
                    ed.set_diagnostics(shown, l);
                }
                if self.link.embed.is_none() {
                    link_state::store(LANG_KEY, l.code());
                }
                self.set_html_lang();
            }
            Msg::Pick(p) | Msg::PickB(p) => {
                let which = if pick_b { Which::B } else { Which::A };
                let run = match which {
                    Which::A => self.run.clone(),
                    Which::B => self.comparing().and_then(|c| c.run.clone()),
                };
                let Some(run) = run else {
                    return false;
                };
                self.show_side(which);
                self.pick_b = pick_b;
                // The playhead goes to the item's own instant; the explanation is about it.
                if let Some(t) = p.time(&run.trace) {
                    self.clock.seek(t, until);
                }
                if let Some(ed) = &self.editor {
                    ed.highlight(why::explain(&run, &p, self.lang, self.clock.t).lines);
                }
                self.pick = Some(p);
                self.side = Side::Why;
                self.side_shown = true;
                if self.layout.phone {
                    self.layout.pane = Pane::Kubectl;
                }
            }
            Msg::ClearPick => {
                self.clear_pick();
                self.side_shown = false;
            }
            Msg::TimeEdit(s) => {
                self.time_edit = Some(s);
                return false;
            }
            Msg::TimeCommit => {
                if let Some(s) = self.time_edit.take() {
                    if let Ok(t) = podlife_spec::parse_duration(s.trim()) {
                        self.clock.seek(t, until);
                    }
                }
            }
            Msg::TimeBlur => self.time_edit = None,
            Msg::Example(id) => {
                if let Some(e) = gallery::find(&id) {
                    self.clock.seek(SimTime::ZERO, until);
                    self.set_text(e.text.to_string());
                    self.loaded = Some((e.id, e.text));
                    let play = !self.reduced_motion && self.run.is_some() && !self.stale;
                    self.play(play);
                }
            }
            Msg::Act(kind) => {
                // Actions land on the 0.1 s grid the time field shows.
                let at = SimTime::from_millis(self.clock.t.as_millis() / 100 * 100);
                let text = model::append_action(&self.draft, at, &kind);
                self.set_text(text);
                if !self.stale {
                    self.play(true);
                }
            }
            Msg::Grace(g) => self.actions.grace = Some(g),
            Msg::Force(f) => self.actions.force = f,
            Msg::ExecContainer(c) => {
                self.actions.exec_container = Some(c);
                self.actions.exec_command = None;
            }
            Msg::ExecCommand(c) => self.actions.exec_command = Some(c),
            Msg::ServiceName(n) => self.actions.service_name = n,
            Msg::Key(e) => return self.key(ctx, e),
            Msg::ScrubStart(x) => {
                let scale = self.clock.scale(until, self.layout.chart_width);
                // The label column selects (lanes, conditions); only the plot seeks.
                if x < scale.left() {
                    return false;
                }
                self.clock.scrubbing = true;
                self.clock.seek(crate::lanes::t_of(x, scale), until);
            }
            Msg::ScrubMove(x) => {
                if !self.clock.scrubbing {
                    return false;
                }
                let scale = self.clock.scale(until, self.layout.chart_width);
                self.clock.seek(crate::lanes::t_of(x, scale), until);
            }
            Msg::ScrubEnd => {
                self.clock.scrubbing = false;
                return false;
            }
            Msg::Zoom(z) => self.clock.zoom = z,
            Msg::ChartWidth(w) => {
                // A hidden pane (phone layout) measures 0: keep the last width.
                if w < 1.0 || (w - self.layout.chart_width).abs() < 0.5 {
                    return false;
                }
                self.layout.chart_width = w;
            }
            Msg::Split(which, f) => {
                let remember = self.link.embed.is_none();
                self.layout.set(which, f, remember);
                self.layout.apply(&self.refs.root);
                return false;
            }
            Msg::Viewport => return self.layout.refresh_viewport(),
            Msg::KubeVersion(m) => {
                if !versions::supported(m) {
                    return false;
                }
                if self.editor_side == Which::B {
                    return self.kube_version_b(m);
                }
                self.choice.minor = Some(m);
                if self.link.embed.is_none() {
                    link_state::store(KUBE_KEY, &m.to_string());
                }
                // The YAML names its version: the picker edits it there (undoable), so the two
                // never disagree. Else the picker is the version, as --kubernetes-version is.
                match self
                    .version_span
                    .and_then(|s| versions::set_version(&self.draft, s, m))
                {
                    Some(text) => self.set_text(text),
                    None => {
                        self.choice.link = None;
                        self.debounce = None;
                        self.analyse_now();
                    }
                }
            }
            Msg::Share => {
                // Share the instant on screen: stop the playhead, copy the link, show the rest.
                self.clock.playing = false;
                self.shared = !self.shared;
                self.copied = None;
                if self.shared {
                    if let Ok(f) = podlife_share::encode(&self.share_state()) {
                        share::copy_text(&format!("{}#{f}", share::base()));
                        self.copied = Some("link");
                    }
                }
            }
            Msg::CloseShare => self.shared = false,
            Msg::Help(open) => {
                if open {
                    self.open_help();
                } else {
                    self.close_help();
                }
            }
            Msg::Copy(what, text) => {
                share::copy_text(&text);
                self.copied = Some(what);
            }
            Msg::Download => {
                share::download(&share::file_name(self.pod_name().as_deref()), &self.draft);
                return false;
            }
            Msg::EmbedView(v) => self.link.view = v,
            Msg::SyncUrl => {
                let state = self.share_state();
                self.link.sync(&state);
                return false;
            }
            Msg::RestoreDraft => {
                if let Some(prev) = self.link.prev_draft.take() {
                    self.clock.seek(SimTime::ZERO, until);
                    self.set_text(prev);
                    self.loaded = gallery::example_of(&self.draft).map(|e| (e.id, e.text));
                    link_state::forget(PREV_DRAFT_KEY);
                }
            }
            Msg::DismissBanner => self.link.dismiss(),
            Msg::Compare(..)
            | Msg::AnalyseB
            | Msg::EditorSide(_)
            | Msg::ResetB
            | Msg::Expect(..)
            | Msg::Difference(_)
            | Msg::Export(..) => return self.handle_compare(msg),
            Msg::HashChange => {
                // A link pasted into the address bar of an open playground.
                let f = share::fragment();
                if f.is_empty() || f == self.link.last_fragment {
                    return false;
                }
                self.open_fragment(&f);
            }
        }
        true
    }

    fn view_app(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let send = Self::send(ctx);
        let embed = self.link.embed.as_ref();
        let view = self.link.view;
        let pane = match self.layout.pane {
            Pane::Editor => "pane-editor",
            Pane::Timeline => "pane-timeline",
            Pane::Kubectl => "pane-kubectl",
        };
        let classes = classes!(
            "wb",
            embed.map(|_| "embed"),
            embed.map(|_| format!("view-{}", view.as_str())),
            embed.filter(|p| p.readonly).map(|_| "readonly"),
            embed.filter(|p| !p.controls).map(|_| "no-controls"),
            self.layout.phone.then_some("phone"),
            self.layout.wide.then_some("wide"),
            pane,
            self.help.then_some("modal-open"),
        );
        let desktop = embed.is_none() && !self.layout.phone;
        let until = self.until();
        html! {
            <div class={classes} id="app-ready" data-view={view.as_str()} ref={self.refs.root.clone()}>
                if embed.is_some() {
                    { dialogs::embed_bar(&self.share_state(), self.pod_name().as_deref(), lang) }
                } else {
                    { self.view_header(&send) }
                }
                if self.shared && embed.is_none() {
                    { dialogs::share_dialog(&self.share_state(), view, self.pod_name().as_deref(), self.copied, lang, &send, self.view_export(&send)) }
                }
                { dialogs::banners(self.link.error.as_deref(), &self.link.notes, self.link.prev_draft.is_some(), lang, &send) }
                { transport(&TransportProps {
                    lang,
                    t: self.clock.t,
                    until,
                    playing: self.clock.playing,
                    time_edit: self.time_edit.clone(),
                    speed: self.clock.speed,
                    zoom: self.clock.zoom,
                    version: embed.is_none().then_some(self.shown_minor()),
                    send: send.clone(),
                }) }
                if self.layout.phone && embed.is_none() {
                    { pane_tabs(self.layout.pane, lang, &send) }
                }
                <main class="wb-main">
                    { self.view_editor_pane(ctx) }
                    if desktop {
                        { splitter(Split::Editor, self.layout.editor, lang, &send) }
                    }
                    <div class="wb-run">
                        <section class={classes!("wb-timeline", self.stale.then_some("stale"))} data-pane="timeline"
                            aria-label={tr(lang, "timeline")}>
                            if self.stale {
                                <p class="stale-banner" role="status" data-testid="stale">{ tr(lang, "stale") }</p>
                            }
                            { self.view_timeline(&send) }
                        </section>
                        if desktop {
                            { splitter(Split::Timeline, self.layout.timeline, lang, &send) }
                        }
                        <section class={classes!("wb-inspect", self.stale.then_some("stale"))} data-pane="kubectl"
                            aria-label={tr(lang, "views")}>
                            { self.view_inspect(&send) }
                        </section>
                    </div>
                </main>
                if embed.is_none() {
                    { self.view_footer() }
                }
                <div class="sr-only" aria-live="polite" data-testid="narration">{ self.narration.clone() }</div>
                if self.help {
                    { dialogs::help_dialog(lang, &self.refs.help_close, &send) }
                }
            </div>
        }
    }

    fn view_header(&self, send: &Callback<Msg>) -> Html {
        let lang = self.lang;
        let edited = self.loaded.is_some_and(|(_, t)| t != self.draft);
        html! {
            <header class="wb-header">
                <h1 class="brand">{ "podlife" }</h1>
                <span class="kube-badge" data-testid="kube-shown" title={tr(lang, "kube-version")}>{ format!("Kubernetes 1.{}", self.profile.minor) }</span>
                <p class="tagline">{ tr(lang, "tagline") }</p>
                <div class="wb-header-controls">
                    <label class="field gallery-field">
                        <span class="field-label">{ tr(lang, "gallery") }</span>
                        <GallerySelect {lang} loaded={self.loaded.map(|l| l.0)} {edited}
                            on_pick={send.reform(Msg::Example)} />
                    </label>
                    <label class="field">
                        <span class="field-label">{ tr(lang, "lang") }</span>
                        <select data-testid="lang" onchange={send.reform(|e: Event| {
                            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                            Msg::Lang(Lang::from_code(&s.value()).unwrap_or(Lang::En))
                        })}>
                            <option value="en" selected={lang == Lang::En}>{ "English" }</option>
                            <option value="zh-CN" selected={lang == Lang::Zh}>{ "简体中文" }</option>
                        </select>
                    </label>
                    <button class="help-button" aria-label={tr(lang, "help-title")} title={tr(lang, "help-title")}
                        aria-keyshortcuts="?" onclick={send.reform(|_| Msg::Help(true))}>{ "?" }</button>
                    { self.view_compare_button(send) }
                    <button data-testid="share" class="share-button" aria-expanded={self.shared.to_string()}
                        onclick={send.reform(|_| Msg::Share)}>{ tr(lang, "share") }</button>
                </div>
            </header>
        }
    }

    fn view_editor_pane(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let editor = if self.editor.is_some() || crate::editor::available() {
            html! { <div class="cm-host" ref={self.refs.editor.clone()}></div> }
        } else {
            let oninput = ctx.link().callback(|e: InputEvent| {
                let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                Msg::Edit(area.value())
            });
            html! {
                <>
                    <div ref={self.refs.editor.clone()}></div>
                    <textarea data-testid="editor" spellcheck="false" aria-label={tr(lang, "editor-label")}
                        value={self.draft.clone()} {oninput} />
                </>
            }
        };
        let (diagnostics, run) = match (self.editor_side, self.comparing()) {
            (Which::B, Some(c)) => (c.diagnostics.clone(), c.run.as_ref()),
            _ => (self.diagnostics.clone(), self.run.as_ref()),
        };
        html! {
            <section class="wb-editor" data-pane="editor" aria-label={tr(lang, "manifest")}>
                <h2 class="pane-title">{ tr(lang, "manifest") }</h2>
                if let Some(c) = self.comparing() {
                    { compare::editor_strip(self.editor_side, c.stale, lang, &Self::send(ctx)) }
                }
                { editor }
                <p class="editor-hint" data-testid="editor-hint">
                    <span class="hint-idle">{ tr(lang, "hint-idle") }</span>
                    <span class="hint-focus">{ tr(lang, "hint-focus") }</span>
                    <span class="hint-editing">{ tr(lang, "hint-editing") }</span>
                </p>
                <div class="diag-box">
                    <h2 class="pane-title">{ tr(lang, "diagnostics") }</h2>
                    <crate::panels::Diagnostics {diagnostics} {lang} />
                    if let (Some(ms), Some(run)) = (self.last_run_ms, run) {
                        <p class="run-stats" data-testid="run-stats">{ crate::panels::run_stats(ms, run, lang) }</p>
                    }
                </div>
            </section>
        }
    }

    fn view_timeline(&self, send: &Callback<Msg>) -> Html {
        let lang = self.lang;
        let Some(run) = &self.run else {
            return html! {
                <div class="timeline-scroll" ref={self.refs.chart.clone()}>
                    <p class="no-run">{ tr(lang, "no-run") }</p>
                </div>
            };
        };
        if let Some(html) = self.view_compare_timeline(send) {
            return html;
        }
        let scale = self.clock.scale(self.until(), self.layout.chart_width);
        timeline_pane::pane(run, self.clock.t, scale, lang, &self.refs.chart, send)
    }

    fn view_inspect(&self, send: &Callback<Msg>) -> Html {
        let Some(run) = &self.run else {
            return html! { <p class="no-run">{ tr(self.lang, "no-run") }</p> };
        };
        Inspect {
            run,
            t: self.clock.t,
            lang: self.lang,
            tab: self.tab,
            side: self.side,
            side_shown: self.side_shown,
            wide: self.layout.wide,
            log_container: self.log_container.as_deref(),
            previous: self.previous,
            pick: self.pick.as_ref(),
            actions: &self.actions,
            stale: self.stale,
            send,
            compare: self.comparing().and_then(|c| {
                Some(CompareView {
                    run: c.run.as_ref()?,
                    diff: c.diff.as_deref(),
                    selected: self.diff_sel,
                })
            }),
            pick_b: self.pick_b,
            expect_sel: self.expect_sel,
        }
        .view()
    }

    fn view_footer(&self) -> Html {
        let lang = self.lang;
        html! {
            <footer class="wb-footer">
                <span>{ tr(lang, "footer") }</span>
                <a href={why::rule_url("§9")} target="_blank" rel="noopener">{ tr(lang, "rules-doc") }</a>
                <a href={why::concept_url("§1", lang)} target="_blank" rel="noopener">{ tr(lang, "pod-lifecycle") }</a>
                <span class="keys-hint">{ tr(lang, "keys-hint") }</span>
            </footer>
        }
    }
}
