//! The playground component. State: the draft, the last good run, and a small view state
//! (t, playing, speed, tab, selected container, language, selection). Every panel is a
//! function of (run, t, view state); user text only ever reaches the DOM as text nodes.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use podlife_manifest::Diagnostic;
use podlife_spec::{ActionKind, ServiceRef, SimTime};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::Editor;
use crate::gallery::{self, EXAMPLES};
use crate::i18n::{tr, Lang};
use crate::model::{self, Run};
use crate::share;
use crate::timeline::{self, Pick, Timeline};
use crate::why;
use podlife_share::{EmbedParams, ShareState, View};

const DRAFT_KEY: &str = "podlife.draft";
const LANG_KEY: &str = "podlife.lang";
/// The draft a user had when they opened a share link (restorable; issue 7 item 3).
const PREV_DRAFT_KEY: &str = "podlife.draft.previous";
/// The address follows edits and view changes this long after the last one.
const URL_DEBOUNCE_MS: u32 = 400;
const DEBOUNCE_MS: u32 = 250;
const RETIRE_MS: u32 = 300;
pub const SPEEDS: [f64; 9] = [0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];
/// 10×: the liveness example's first restart (~1 min) comes after ~6 s of watching.
pub const DEFAULT_SPEED: f64 = 10.0;

const READY_COMMANDS: [&str; 7] = [
    "rm -f /usr/share/nginx/html/index.html",
    "touch /usr/share/nginx/html/index.html",
    "nginx -s stop",
    "kill 1",
    "rm -f /tmp/healthy",
    "cat /tmp/healthy",
    "ls /",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Describe,
    Yaml,
    Logs,
    Events,
}

pub enum Msg {
    Edit(String),
    Analyse,
    Frame(f64),
    TogglePlay,
    Speed(f64),
    Seek(SimTime),
    PrevEvent,
    NextEvent,
    Tab(Tab),
    LogContainer(String),
    Previous(bool),
    Lang(Lang),
    Pick(Pick),
    ClearPick,
    TimeEdit(String),
    TimeCommit,
    TimeBlur,
    Example(String),
    Act(ActionKind),
    Grace(i64),
    Force(bool),
    ExecContainer(String),
    ExecCommand(String),
    ServiceName(String),
    Key(web_sys::KeyboardEvent),
    ScrubStart(f64),
    ScrubMove(f64),
    ScrubEnd,
    Share,
    CloseShare,
    Copy(&'static str, String),
    Download,
    EmbedView(View),
    SyncUrl,
    RestoreDraft,
    DismissBanner,
    HashChange,
    Zoom(Option<SimTime>),
}

pub struct App {
    draft: String,
    diagnostics: Rc<Vec<Diagnostic>>,
    /// Milliseconds the last parse + simulation took (shown, for the curious and for budgets).
    last_run_ms: Option<f64>,
    run: Option<Rc<Run>>,
    stale: bool,
    t: SimTime,
    playing: bool,
    speed: f64,
    last_ts: Option<f64>,
    raf_pending: bool,
    raf: Closure<dyn FnMut(f64)>,
    _keys: Option<Closure<dyn FnMut(web_sys::KeyboardEvent)>>,
    debounce: Option<Timeout>,
    tab: Tab,
    log_container: Option<String>,
    previous: bool,
    lang: Lang,
    pick: Option<Pick>,
    time_edit: Option<String>,
    grace: Option<i64>,
    force: bool,
    exec_container: Option<String>,
    exec_command: String,
    service_name: String,
    editor: Option<Editor>,
    editor_ref: NodeRef,
    narration: String,
    scrubbing: bool,
    reduced_motion: bool,
    shared: bool,
    /// Zoomed window width (None = the whole run).
    zoom: Option<SimTime>,
    /// `?embed=1`: minimal chrome, nothing saved to localStorage, the address left alone.
    embed: Option<EmbedParams>,
    /// The view a link or embed asks for (the full app shows every pane; embeds show this one).
    view: View,
    /// Copied-to-clipboard feedback in the Share dialog ("link", "embed", "markdown").
    copied: Option<&'static str>,
    /// Why the link in the address could not be opened (the codec's message).
    link_error: Option<String>,
    /// Notes about an opened link (older engine rules, unmodelled Kubernetes minor).
    link_notes: Vec<String>,
    /// The draft that was in the editor before a link was opened.
    prev_draft: Option<String>,
    url_debounce: Option<Timeout>,
    /// Drops the previous run once the new one has been rendered.
    retire: Option<Timeout>,
    /// The fragment last written to (or read from) the address.
    last_fragment: String,
    _hashchange: Option<Closure<dyn FnMut()>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}

fn secs_text(t: SimTime) -> String {
    let ms = t.as_millis();
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}

/// `sh -c <rest>` stays one argument; anything else splits on whitespace.
fn command_words(cmd: &str) -> Vec<String> {
    let cmd = cmd.trim();
    if let Some(rest) = cmd.strip_prefix("sh -c ") {
        return vec!["sh".into(), "-c".into(), rest.trim().to_string()];
    }
    cmd.split_whitespace().map(str::to_string).collect()
}

impl App {
    fn analyse_now(&mut self) {
        let perf = web_sys::window().and_then(|w| w.performance());
        let t0 = perf.as_ref().map(|p| p.now());
        let a = model::analyse(&self.draft);
        self.last_run_ms = match (perf, t0) {
            (Some(p), Some(t0)) => Some(p.now() - t0),
            _ => None,
        };
        if *self.diagnostics != a.diagnostics {
            self.diagnostics = Rc::new(a.diagnostics);
            if let Some(ed) = &self.editor {
                ed.set_diagnostics(&self.diagnostics);
            }
        } else if let Some(ed) = &self.editor {
            // The same findings at the same line:column (an edit that changed none): the list
            // keeps its identity (its panel skips re-rendering) and the editor only checks
            // that the marks it shows are still where the findings are.
            ed.refresh_diagnostics();
        }
        match a.run {
            Some(run) => {
                if self.t > run.end {
                    self.t = run.end;
                }
                let names = &run.names;
                if self
                    .log_container
                    .as_ref()
                    .is_none_or(|c| !names.contains(c))
                {
                    self.log_container = model::default_container(&run.trace);
                }
                if self
                    .exec_container
                    .as_ref()
                    .is_none_or(|c| !names.contains(c))
                {
                    self.exec_container = model::default_container(&run.trace);
                }
                // The replaced run (a whole trace) is freed after the new one is on screen.
                if let Some(old) = self.run.replace(Rc::new(run)) {
                    self.retire = Some(Timeout::new(RETIRE_MS, move || drop(old)));
                }
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

    /// The window the timeline shows.
    fn scale(&self) -> timeline::Scale {
        match self.zoom {
            Some(w) => timeline::Scale::page(self.t, w, self.until()),
            None => timeline::Scale::all(self.until()),
        }
    }

    /// The end of the playable range.
    fn until(&self) -> SimTime {
        self.run.as_ref().map(|r| r.end).unwrap_or(SimTime::ZERO)
    }

    fn set_text(&mut self, text: String) {
        self.draft = text;
        if let Some(ed) = &self.editor {
            ed.set_text(&self.draft);
        }
        self.save_draft();
        self.debounce = None;
        self.analyse_now();
    }

    /// Persists the draft, except in embeds: a page's embeds never touch the reader's own draft.
    fn save_draft(&self) {
        if self.embed.is_some() {
            return;
        }
        if let Some(s) = storage() {
            let _ = s.set_item(DRAFT_KEY, &self.draft);
        }
    }

    /// The link state of what is on screen now.
    fn share_state(&self) -> ShareState {
        let mut s = ShareState::new(self.draft.clone());
        s.time = self.t;
        s.speed_milli = share::speed_milli(self.speed);
        s.view = self.view;
        s.panel = share::tab_to_panel(self.tab);
        // The default container (the first regular one) is implied; only another choice is kept.
        let default = self
            .run
            .as_ref()
            .and_then(|r| model::default_container(&r.trace));
        s.container = self
            .log_container
            .clone()
            .filter(|c| Some(c) != default.as_ref());
        s.lang = share::to_link_lang(self.lang);
        s
    }

    fn pod_name(&self) -> Option<String> {
        self.run.as_ref().map(|r| r.trace.pod.name.clone())
    }

    /// Opens the link in `fragment`: on success the scenario and view state replace what is
    /// shown (the previous draft is kept restorable); on failure nothing changes but the message.
    fn open_fragment(&mut self, fragment: &str) -> bool {
        match podlife_share::decode(fragment) {
            Ok(mut state) => {
                if let Some(p) = &self.embed {
                    p.apply_to(&mut state);
                }
                if self.embed.is_none() {
                    let stored = storage()
                        .and_then(|s| s.get_item(DRAFT_KEY).ok().flatten())
                        .filter(|d| !d.trim().is_empty());
                    let current = stored.unwrap_or_else(|| self.draft.clone());
                    if current != state.text && current != crate::DEFAULT_EXAMPLE {
                        if let Some(s) = storage() {
                            let _ = s.set_item(PREV_DRAFT_KEY, &current);
                        }
                        self.prev_draft = Some(current);
                    }
                }
                self.link_error = None;
                self.link_notes = state.compat_notes();
                self.draft = state.text.clone();
                if let Some(ed) = &self.editor {
                    ed.set_text(&self.draft);
                }
                self.lang = share::from_link_lang(state.lang);
                self.set_html_lang();
                self.view = state.view;
                self.tab = share::panel_to_tab(state.panel);
                self.speed = state.speed().clamp(0.25, 100.0);
                self.log_container = state.container.clone();
                self.debounce = None;
                self.analyse_now();
                self.t = state.time.min(self.until());
                self.playing =
                    self.embed.as_ref().is_some_and(|p| p.autoplay) && !self.reduced_motion;
                self.last_ts = None;
                self.last_fragment = fragment.to_string();
                true
            }
            Err(e) => {
                self.link_error = Some(e.to_string());
                false
            }
        }
    }

    fn set_html_lang(&self) {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", self.lang.code());
        }
    }

    fn schedule_url(&mut self, ctx: &Context<Self>) {
        if self.embed.is_some() {
            return;
        }
        let link = ctx.link().clone();
        self.url_debounce = Some(Timeout::new(URL_DEBOUNCE_MS, move || {
            link.send_message(Msg::SyncUrl)
        }));
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
                "{} {} {}: {}",
                secs_text(e.time),
                e.type_,
                e.reason,
                e.message.trim_end()
            );
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
        let link = ctx.link().clone();
        let keys =
            Closure::wrap(
                Box::new(move |e: web_sys::KeyboardEvent| link.send_message(Msg::Key(e)))
                    as Box<dyn FnMut(web_sys::KeyboardEvent)>,
            );
        let keys = web_sys::window().and_then(|w| {
            w.add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref())
                .ok()
                .map(|_| keys)
        });
        let (params, ignored) = podlife_share::parse_query(&share::search());
        let embed = params.embed.then(|| params.clone());
        let lang = params
            .lang
            .map(share::from_link_lang)
            .or_else(|| {
                storage()
                    .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
                    .and_then(|l| Lang::from_code(&l))
            })
            .unwrap_or(Lang::En);
        let example = params.example.as_deref().and_then(gallery::find);
        let draft = match example {
            Some(e) => e.text.to_string(),
            // An embed without a scenario shows the default example, never a stored draft.
            None if embed.is_some() => crate::DEFAULT_EXAMPLE.to_string(),
            None => storage()
                .and_then(|s| s.get_item(DRAFT_KEY).ok().flatten())
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| crate::DEFAULT_EXAMPLE.to_string()),
        };
        let link = ctx.link().clone();
        let hashchange =
            Closure::wrap(Box::new(move || link.send_message(Msg::HashChange)) as Box<dyn FnMut()>);
        let hashchange = web_sys::window().and_then(|w| {
            w.add_event_listener_with_callback("hashchange", hashchange.as_ref().unchecked_ref())
                .ok()
                .map(|_| hashchange)
        });
        let reduced_motion = media("(prefers-reduced-motion: reduce)");
        let mut app = App {
            draft,
            diagnostics: Rc::default(),
            last_run_ms: None,
            run: None,
            stale: false,
            t: SimTime::ZERO,
            playing: !reduced_motion,
            speed: DEFAULT_SPEED,
            last_ts: None,
            raf_pending: false,
            raf,
            _keys: keys,
            debounce: None,
            tab: Tab::Describe,
            log_container: None,
            previous: false,
            lang,
            pick: None,
            time_edit: None,
            grace: None,
            force: false,
            exec_container: None,
            exec_command: READY_COMMANDS[0].to_string(),
            service_name: "myservice".to_string(),
            editor: None,
            editor_ref: NodeRef::default(),
            narration: String::new(),
            scrubbing: false,
            reduced_motion,
            shared: false,
            // Two-minute pages: a long run's first minute is where most happens.
            zoom: Some(SimTime::from_secs(120)),
            view: params.view.unwrap_or_default(),
            embed,
            copied: None,
            link_error: None,
            link_notes: Vec::new(),
            prev_draft: None,
            url_debounce: None,
            retire: None,
            last_fragment: String::new(),
            _hashchange: hashchange,
        };
        if let Some(p) = &app.embed {
            app.playing = p.autoplay && !reduced_motion;
        }
        let fragment = share::fragment();
        let opened = !fragment.is_empty() && app.open_fragment(&fragment);
        if !opened {
            app.analyse_now();
            if let Some(s) = params.speed_milli {
                app.speed = (f64::from(s) / 1000.0).clamp(0.25, 100.0);
            }
            if let Some(t) = params.time {
                app.t = t.min(app.until());
                app.playing = false;
            }
        }
        // Bad query values are ignored, with a notice (e.g. `ignored view="grid": expected …`).
        app.link_notes.extend(
            ignored
                .iter()
                .map(|e| format!("{}: {e}", tr(app.lang, "query-ignored"))),
        );
        if app.playing {
            app.request_frame();
        }
        app
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            if let Some(el) = self.editor_ref.cast::<web_sys::Element>() {
                let link = ctx.link().clone();
                self.editor = Editor::mount(
                    &el,
                    &self.draft,
                    tr(self.lang, "editor-label"),
                    self.embed.as_ref().is_some_and(|p| p.readonly),
                    move |text| link.send_message(Msg::Edit(text)),
                );
                if let Some(ed) = &self.editor {
                    ed.set_diagnostics(&self.diagnostics);
                }
            }
            self.set_html_lang();
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
                | Msg::Share
                | Msg::CloseShare
                | Msg::HashChange
        );
        let render = self.handle(ctx, msg);
        if sync {
            self.schedule_url(ctx);
        }
        render
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        if let (Some(w), Some(k)) = (web_sys::window(), &self._keys) {
            let _ = w.remove_event_listener_with_callback("keydown", k.as_ref().unchecked_ref());
        }
        if let (Some(w), Some(h)) = (web_sys::window(), &self._hashchange) {
            let _ = w.remove_event_listener_with_callback("hashchange", h.as_ref().unchecked_ref());
        }
        self.playing = false;
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        self.view_app(ctx)
    }
}

impl App {
    fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Edit(text) => {
                if text == self.draft {
                    return false;
                }
                self.draft = text;
                self.save_draft();
                let link = ctx.link().clone();
                self.debounce = Some(Timeout::new(DEBOUNCE_MS, move || {
                    link.send_message(Msg::Analyse)
                }));
                // The textarea fallback needs no re-render for its own text.
                false
            }
            Msg::Analyse => {
                self.debounce = None;
                self.analyse_now();
                true
            }
            Msg::Frame(ts) => {
                self.raf_pending = false;
                if !self.playing || self.run.is_none() {
                    self.last_ts = None;
                    return false;
                }
                let until = self.until();
                if let Some(prev) = self.last_ts {
                    // Cap a frame's step (a background tab resumes without a jump).
                    let dt = (ts - prev).clamp(0.0, 250.0) * self.speed;
                    let old = self.t;
                    let next = (self.t.as_millis() as f64 + dt).round() as u64;
                    self.t = SimTime::from_millis(next.min(until.as_millis()));
                    self.narrate(old, self.t);
                }
                self.last_ts = Some(ts);
                if self.t >= until {
                    self.playing = false;
                    self.last_ts = None;
                    // Playback ran to the end: the address now says so.
                    self.schedule_url(ctx);
                } else {
                    self.request_frame();
                }
                true
            }
            Msg::TogglePlay => {
                self.playing = !self.playing;
                if self.playing {
                    if self.t >= self.until() {
                        self.t = SimTime::ZERO;
                    }
                    self.last_ts = None;
                    self.request_frame();
                }
                true
            }
            Msg::Speed(s) => {
                self.speed = s.clamp(0.25, 100.0);
                true
            }
            Msg::Seek(t) => {
                self.t = t.min(self.until());
                true
            }
            Msg::PrevEvent => {
                if let Some(run) = &self.run {
                    self.t = run.prev_step(self.t);
                    self.playing = false;
                }
                true
            }
            Msg::NextEvent => {
                if let Some(run) = &self.run {
                    let old = self.t;
                    self.t = run.next_step(self.t);
                    self.playing = false;
                    self.narrate(old, self.t);
                }
                true
            }
            Msg::Tab(t) => {
                self.tab = t;
                true
            }
            Msg::LogContainer(c) => {
                self.log_container = Some(c);
                true
            }
            Msg::Previous(p) => {
                self.previous = p;
                true
            }
            Msg::Lang(l) => {
                self.lang = l;
                if self.embed.is_none() {
                    if let Some(s) = storage() {
                        let _ = s.set_item(LANG_KEY, l.code());
                    }
                }
                self.set_html_lang();
                true
            }
            Msg::Pick(p) => {
                if let (Some(run), Some(ed)) = (&self.run, &self.editor) {
                    ed.highlight(why::explain(run, &p, self.lang, self.t).lines);
                }
                self.pick = Some(p);
                true
            }
            Msg::ClearPick => {
                self.pick = None;
                if let Some(ed) = &self.editor {
                    ed.highlight(None);
                }
                true
            }
            Msg::TimeEdit(s) => {
                self.time_edit = Some(s);
                false
            }
            Msg::TimeCommit => {
                if let Some(s) = self.time_edit.take() {
                    if let Ok(t) = podlife_spec::parse_duration(s.trim()) {
                        self.t = t.min(self.until());
                        self.playing = false;
                    }
                }
                true
            }
            Msg::TimeBlur => {
                self.time_edit = None;
                true
            }
            Msg::Example(id) => {
                if let Some(e) = gallery::find(&id) {
                    self.t = SimTime::ZERO;
                    self.set_text(e.text.to_string());
                    self.playing = !self.reduced_motion && self.run.is_some() && !self.stale;
                    self.last_ts = None;
                    if self.playing {
                        self.request_frame();
                    }
                }
                true
            }
            Msg::Act(kind) => {
                // Actions land on the 0.1 s grid the time field shows.
                let at = SimTime::from_millis(self.t.as_millis() / 100 * 100);
                let text = model::append_action(&self.draft, at, &kind);
                self.set_text(text);
                if !self.stale {
                    self.playing = true;
                    self.last_ts = None;
                    self.request_frame();
                }
                true
            }
            Msg::Grace(g) => {
                self.grace = Some(g);
                true
            }
            Msg::Force(f) => {
                self.force = f;
                true
            }
            Msg::ExecContainer(c) => {
                self.exec_container = Some(c);
                true
            }
            Msg::ExecCommand(c) => {
                self.exec_command = c;
                true
            }
            Msg::ServiceName(n) => {
                self.service_name = n;
                true
            }
            Msg::Key(e) => {
                let target: Option<web_sys::Element> = e.target().and_then(|t| t.dyn_into().ok());
                let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
                let editable = target
                    .as_ref()
                    .and_then(|t| t.dyn_ref::<web_sys::HtmlElement>())
                    .map(|h| h.is_content_editable())
                    .unwrap_or(false);
                if editable || matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
                    return false;
                }
                if e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return false;
                }
                match e.key().as_str() {
                    " " if tag != "BUTTON" => {
                        e.prevent_default();
                        ctx.link().send_message(Msg::TogglePlay);
                    }
                    "ArrowLeft" => {
                        e.prevent_default();
                        ctx.link().send_message(Msg::PrevEvent);
                    }
                    "ArrowRight" => {
                        e.prevent_default();
                        ctx.link().send_message(Msg::NextEvent);
                    }
                    _ => {}
                }
                false
            }
            Msg::ScrubStart(x) => {
                // The label column selects (lanes, conditions); only the plot seeks.
                if x < timeline::LABEL_W {
                    return false;
                }
                self.scrubbing = true;
                self.playing = false;
                self.t = timeline::t_of(x, self.scale());
                true
            }
            Msg::ScrubMove(x) => {
                if !self.scrubbing {
                    return false;
                }
                self.t = timeline::t_of(x, self.scale());
                true
            }
            Msg::ScrubEnd => {
                self.scrubbing = false;
                false
            }
            Msg::Zoom(z) => {
                self.zoom = z;
                true
            }
            Msg::Share => {
                // Share the instant on screen: stop the playhead, copy the link, show the rest.
                self.playing = false;
                self.shared = !self.shared;
                self.copied = None;
                if self.shared {
                    if let Ok(f) = podlife_share::encode(&self.share_state()) {
                        share::copy_text(&format!("{}#{f}", share::base()));
                        self.copied = Some("link");
                    }
                }
                true
            }
            Msg::CloseShare => {
                self.shared = false;
                true
            }
            Msg::Copy(what, text) => {
                share::copy_text(&text);
                self.copied = Some(what);
                true
            }
            Msg::Download => {
                share::download(&share::file_name(self.pod_name().as_deref()), &self.draft);
                false
            }
            Msg::EmbedView(v) => {
                self.view = v;
                true
            }
            Msg::SyncUrl => {
                self.url_debounce = None;
                if let Ok(f) = podlife_share::encode(&self.share_state()) {
                    if f != self.last_fragment {
                        share::replace_fragment(&f);
                        self.last_fragment = f;
                    }
                }
                false
            }
            Msg::RestoreDraft => {
                if let Some(prev) = self.prev_draft.take() {
                    self.t = SimTime::ZERO;
                    self.set_text(prev);
                    if let Some(s) = storage() {
                        let _ = s.remove_item(PREV_DRAFT_KEY);
                    }
                }
                true
            }
            Msg::DismissBanner => {
                self.link_error = None;
                self.link_notes.clear();
                self.prev_draft = None;
                true
            }
            Msg::HashChange => {
                // A link pasted into the address bar of an open playground.
                let f = share::fragment();
                if f.is_empty() || f == self.last_fragment {
                    return false;
                }
                self.open_fragment(&f);
                true
            }
        }
    }

    fn view_app(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let embed = self.embed.as_ref();
        let classes = classes!(
            "app",
            embed.map(|_| "embed"),
            embed.map(|_| format!("view-{}", self.view.as_str())),
            embed.filter(|p| p.readonly).map(|_| "readonly"),
            embed.filter(|p| !p.controls).map(|_| "no-controls"),
        );
        html! {
            <div class={classes} id="app-ready" data-view={self.view.as_str()}>
                if embed.is_some() {
                    { self.view_embed_bar() }
                } else {
                <header class="top">
                    <h1>{ "podlife" }</h1>
                    <p class="tagline">{ tr(lang, "tagline") }</p>
                    <div class="top-controls">
                        <label class="field">
                            <span>{ tr(lang, "gallery") }</span>
                            <GallerySelect {lang} on_pick={link.callback(Msg::Example)} />
                        </label>
                        <label class="field">
                            <span>{ tr(lang, "lang") }</span>
                            <select data-testid="lang" onchange={link.callback(|e: Event| {
                                let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                                Msg::Lang(Lang::from_code(&s.value()).unwrap_or(Lang::En))
                            })}>
                                <option value="en" selected={lang == Lang::En}>{ "English" }</option>
                                <option value="zh-CN" selected={lang == Lang::Zh}>{ "简体中文" }</option>
                            </select>
                        </label>
                        <button data-testid="share" aria-expanded={self.shared.to_string()}
                            onclick={link.callback(|_| Msg::Share)}>{ tr(lang, "share") }</button>
                    </div>
                </header>
                }
                if self.shared && embed.is_none() {
                    { self.view_share(ctx) }
                }
                { self.view_banners(ctx) }
                { self.view_controls(ctx) }
                <section class={classes!("timeline-pane", self.stale.then_some("stale"))}>
                    if self.stale {
                        <p class="stale-banner" role="status" data-testid="stale">{ tr(lang, "stale") }</p>
                    }
                    { self.view_timeline(ctx) }
                </section>
                <main class="layout">
                    <section class="pane editor-pane">
                        <h2>{ tr(lang, "manifest") }</h2>
                        { self.view_editor(ctx) }
                        <h2>{ tr(lang, "diagnostics") }</h2>
                        <Diagnostics diagnostics={self.diagnostics.clone()} {lang} />
                        if let (Some(ms), Some(run)) = (self.last_run_ms, &self.run) {
                            <p class="run-stats" data-testid="run-stats">{ format!(
                                "{} {ms:.1} ms · {} events · {} frames",
                                tr(lang, "run-took"),
                                run.trace.events.len(),
                                run.trace.frames.len()
                            ) }</p>
                        }
                    </section>
                    <section class={classes!("pane", "run-pane", self.stale.then_some("stale"))}>
                        { self.view_run(ctx) }
                    </section>
                </main>
                <div class="sr-only" aria-live="polite" data-testid="narration">{ self.narration.clone() }</div>
            </div>
        }
    }
}

#[derive(Properties)]
struct GalleryProps {
    lang: Lang,
    on_pick: Callback<String>,
}

impl PartialEq for GalleryProps {
    // The callback is recreated on every render; only the language changes the list.
    fn eq(&self, o: &Self) -> bool {
        self.lang == o.lang
    }
}

/// The example picker (its own component, so playback frames do not re-diff 40 options).
#[function_component(GallerySelect)]
fn gallery_select(p: &GalleryProps) -> Html {
    let on_pick = p.on_pick.clone();
    let onchange = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        on_pick.emit(s.value());
    });
    let lang = p.lang;
    html! {
        <select data-testid="gallery" {onchange}>
            <option value="" selected=true>{ "—" }</option>
            { for EXAMPLES.iter().map(|e| html! {
                <option value={e.id} title={format!("{} / {}", e.en, e.zh)}>{ lang.pick(e.en, e.zh) }</option>
            }) }
        </select>
    }
}

/// Lines per chunk of a [`Lines`] panel.
const CHUNK: usize = 16;

/// Multi-line kubectl output: one text node per line, in chunks of [`CHUNK`] lines, each chunk a
/// `<span class="ch">` (the element's text is unchanged). Playback changes a few lines a frame
/// (ages, a state): this component writes just those text nodes and appends or drops lines at
/// the end, instead of building and diffing a virtual node per line each frame (a `describe` of
/// ten containers has ~300 lines). The chunks let the browser skip the lines scrolled far out of
/// the panel (`content-visibility: auto`, style.css): the event ages at the end of a long
/// `describe` tick every simulated second, out of sight. `data-n` (the chunk's line count) sizes
/// a skipped chunk; the chunk with the widest line stays rendered (`wide`), so the panel's
/// horizontal scroll range is still that of every line.
struct Lines {
    node: NodeRef,
    /// The lines now in the DOM, and their widths in columns.
    shown: Vec<String>,
    widths: Vec<usize>,
    /// Each chunk's `data-n` as written.
    counts: Vec<usize>,
    /// The chunk marked `wide`.
    wide: Option<usize>,
}

/// A line's width in terminal columns, near enough to pick the widest line (wide East Asian
/// characters take two).
fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| match c {
            '\n' => 0,
            '\t' => 8,
            c if u32::from(c) >= 0x1100 => 2,
            _ => 1,
        })
        .sum()
}

/// The chunk holding the first of the widest lines.
fn widest_chunk(widths: &[usize]) -> Option<usize> {
    let max = widths.iter().copied().max()?;
    widths.iter().position(|w| *w == max).map(|i| i / CHUNK)
}

impl Lines {
    fn sync(&mut self, text: &str) {
        let Some(el) = self.node.cast::<web_sys::Element>() else {
            return;
        };
        let Some(doc) = el.owner_document() else {
            return;
        };
        let chunks = el.child_nodes();
        let mut n = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            n = i + 1;
            match self.shown.get_mut(i) {
                Some(old) if old == line => {}
                Some(old) => {
                    if let Some(node) = chunks
                        .item((i / CHUNK) as u32)
                        .and_then(|c| c.child_nodes().item((i % CHUNK) as u32))
                    {
                        node.set_node_value(Some(line));
                    }
                    line.clone_into(old);
                    if let Some(w) = self.widths.get_mut(i) {
                        *w = columns(line);
                    }
                }
                None => {
                    if i % CHUNK == 0 {
                        if let Ok(c) = doc.create_element("span") {
                            c.set_class_name("ch");
                            let _ = el.append_child(&c);
                            self.counts.push(0);
                        }
                    }
                    if let Some(c) = el.last_element_child() {
                        let _ = c.append_with_str_1(line);
                    }
                    self.shown.push(line.to_string());
                    self.widths.push(columns(line));
                }
            }
        }
        while self.shown.len() > n {
            self.shown.pop();
            self.widths.pop();
            if let Some(c) = el.last_element_child() {
                if let Some(last) = c.last_child() {
                    let _ = c.remove_child(&last);
                }
                if !c.has_child_nodes() {
                    let _ = el.remove_child(&c);
                    self.counts.pop();
                    if self.wide == Some(self.counts.len()) {
                        self.wide = None;
                    }
                }
            }
        }
        for (k, written) in self.counts.iter_mut().enumerate() {
            let want = n.saturating_sub(k * CHUNK).min(CHUNK);
            if *written != want {
                if let Some(c) = chunks
                    .item(k as u32)
                    .and_then(|c| c.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = c.set_attribute("data-n", &want.to_string());
                }
                *written = want;
            }
        }
        let wide = widest_chunk(&self.widths);
        if wide != self.wide {
            for (k, class) in [(self.wide, "ch"), (wide, "ch wide")] {
                if let Some(c) = k
                    .and_then(|k| chunks.item(k as u32))
                    .and_then(|c| c.dyn_into::<web_sys::Element>().ok())
                {
                    c.set_class_name(class);
                }
            }
            self.wide = wide;
        }
    }
}

impl Component for Lines {
    type Message = ();
    type Properties = LinesProps;

    fn create(_ctx: &Context<Self>) -> Self {
        Lines {
            node: NodeRef::default(),
            shown: Vec::new(),
            widths: Vec::new(),
            counts: Vec::new(),
            wide: None,
        }
    }

    fn view(&self, _ctx: &Context<Self>) -> Html {
        html! { <span class="lines" ref={self.node.clone()}></span> }
    }

    fn changed(&mut self, ctx: &Context<Self>, _old: &Self::Properties) -> bool {
        self.sync(&ctx.props().text);
        false
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            self.sync(&ctx.props().text);
        }
    }
}

#[derive(Properties, PartialEq)]
struct LinesProps {
    text: String,
}

#[derive(Properties)]
struct SpeedZoomProps {
    lang: Lang,
    speed: f64,
    zoom: Option<SimTime>,
    send: Callback<Msg>,
}

impl PartialEq for SpeedZoomProps {
    // `send` is recreated on every render and always forwards to the App.
    fn eq(&self, o: &Self) -> bool {
        self.lang == o.lang && self.speed == o.speed && self.zoom == o.zoom
    }
}

/// The speed and zoom pickers (a component: playback frames do not re-diff their options).
#[function_component(SpeedZoom)]
fn speed_zoom(p: &SpeedZoomProps) -> Html {
    let lang = p.lang;
    html! {
        <>
                <label class="field">
                    <span>{ tr(lang, "speed") }</span>
                    <select data-testid="speed" onchange={p.send.reform(|e: Event| {
                        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                        Msg::Speed(s.value().parse().unwrap_or(DEFAULT_SPEED))
                    })}>
                        { for SPEEDS.iter().map(|s| html! {
                            <option value={s.to_string()} selected={(*s - p.speed).abs() < 1e-9}>{ format!("{s}×") }</option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ tr(lang, "zoom") }</span>
                    <select data-testid="zoom" onchange={p.send.reform(|e: Event| {
                        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                        Msg::Zoom(s.value().parse::<u64>().ok().map(SimTime::from_secs))
                    })}>
                        <option value="all" selected={p.zoom.is_none()}>{ tr(lang, "zoom-all") }</option>
                        { for [300u64, 120, 60, 30].iter().map(|w| html! {
                            <option value={w.to_string()} selected={p.zoom == Some(SimTime::from_secs(*w))}>{
                                if *w >= 60 { format!("{} min", w / 60) } else { format!("{w} s") }
                            }</option>
                        }) }
                    </select>
                </label>
        </>
    }
}

#[derive(Properties)]
struct DiagnosticsProps {
    diagnostics: Rc<Vec<Diagnostic>>,
    lang: Lang,
}

impl PartialEq for DiagnosticsProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.diagnostics, &o.diagnostics) && self.lang == o.lang
    }
}

/// The draft's diagnostics (a component: they change with an analysis, not with the playhead).
#[function_component(Diagnostics)]
fn diagnostics_list(p: &DiagnosticsProps) -> Html {
    let lang = p.lang;
    html! {
        <ul data-testid="diagnostics" class="diagnostics">
            if p.diagnostics.is_empty() {
                <li class="ok">{ tr(lang, "no-problems") }</li>
            }
            { for p.diagnostics.iter().map(|d| html! {
                <li class={classes!("diag", d.severity.as_str())}>{ model::render_diagnostic(d) }</li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct LangProps {
    lang: Lang,
}

/// The timeline's colour key (a component: it changes only with the language).
#[function_component(Legend)]
fn legend(p: &LangProps) -> Html {
    let lang = p.lang;
    let items: [(&str, &str); 11] = [
        ("st-waiting", "Waiting"),
        ("st-running", "Running"),
        ("st-ready", "Running, ready"),
        ("st-backoff", "CrashLoopBackOff"),
        ("st-error", "Error / OOMKilled / ErrImagePull"),
        ("st-done", "Completed"),
        ("pr-ok", lang.pick("probe success", "探针成功")),
        ("pr-fail", lang.pick("probe failure", "探针失败")),
        (
            "pr-skip",
            lang.pick("before initialDelay", "initialDelay 之前"),
        ),
        ("pr-hold", lang.pick("on hold", "暂停")),
        ("sig-kill", "SIGTERM / SIGKILL"),
    ];
    html! {
        <ul class="legend" aria-label={tr(lang, "legend")}>
            { for items.iter().map(|(cls, label)| html! {
                <li><span class={classes!("swatch", *cls)} aria-hidden="true"></span>{ *label }</li>
            }) }
        </ul>
    }
}

impl App {
    /// The embed's only chrome: the pod's name and a way out to the full playground.
    fn view_embed_bar(&self) -> Html {
        let lang = self.lang;
        let href = match podlife_share::encode(&self.share_state()) {
            Ok(f) => format!("{}#{f}", share::base()),
            Err(_) => share::base(),
        };
        html! {
            <header class="embed-bar" data-testid="embed-bar">
                <span class="brand">{ "podlife" }</span>
                if let Some(n) = self.pod_name() {
                    <span class="pod">{ n }</span>
                }
                <a class="open-full" href={href} target="_blank" rel="noopener">{ tr(lang, "open-full") }</a>
            </header>
        }
    }

    /// A refused link, an opened link's notes, and the way back to the previous draft.
    fn view_banners(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        if self.link_error.is_none() && self.link_notes.is_empty() && self.prev_draft.is_none() {
            return html! {};
        }
        html! {
            <div class="banners">
                if let Some(e) = &self.link_error {
                    <p class="banner bad" role="alert" data-testid="link-error">
                        <strong>{ tr(lang, "link-error") }</strong>{ " " }{ e.clone() }{ " " }{ tr(lang, "link-error-kept") }
                    </p>
                }
                { for self.link_notes.iter().map(|n| html! {
                    <p class="banner warn" role="status" data-testid="link-note">{ n.clone() }</p>
                }) }
                if self.prev_draft.is_some() {
                    <p class="banner" role="status" data-testid="link-opened">
                        { tr(lang, "link-opened") }{ " " }
                        <button data-testid="restore-draft" onclick={link.callback(|_| Msg::RestoreDraft)}>{ tr(lang, "restore-draft") }</button>
                    </p>
                }
                <button class="dismiss" aria-label={tr(lang, "dismiss")} title={tr(lang, "dismiss")}
                    onclick={link.callback(|_| Msg::DismissBanner)}>{ "×" }</button>
            </div>
        }
    }

    /// The Share dialog: the link, an `<iframe>` embed and a Markdown link, each with Copy; a
    /// download instead when the link is too long for chat apps.
    fn view_share(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let state = self.share_state();
        let fragment = match podlife_share::encode(&state) {
            Ok(f) => f,
            Err(e) => {
                return html! {
                    <section class="share-dialog" role="dialog" aria-label={tr(lang, "share")} data-testid="share-dialog">
                        <p class="banner bad" data-testid="share-error">{ e.to_string() }</p>
                        <button data-testid="download-scenario" onclick={link.callback(|_| Msg::Download)}>{ tr(lang, "download") }</button>
                        <button onclick={link.callback(|_| Msg::CloseShare)}>{ tr(lang, "close") }</button>
                    </section>
                };
            }
        };
        let base = share::base();
        let url = format!("{base}#{fragment}");
        let chars = url.chars().count();
        let warning = podlife_share::link_length_warning(chars);
        let params = EmbedParams {
            view: Some(self.view),
            ..EmbedParams::default()
        };
        let title = match self.pod_name() {
            Some(n) => format!("podlife: {n}"),
            None => "podlife scenario".to_string(),
        };
        // The embed carries format 1 (self-contained): its click-to-load poster can then show
        // the YAML without the engine. Length matters less inside an iframe than in chat.
        let embed_fragment = podlife_share::encode_v1(&state).unwrap_or_else(|_| fragment.clone());
        let iframe = podlife_share::iframe_snippet(
            &podlife_share::embed_url(&base, &embed_fragment, &params),
            &title,
            480,
        );
        let markdown = podlife_share::markdown_link(&title, &url);
        let copied = |what: &str| {
            if self.copied == Some(what) {
                tr(lang, "copied")
            } else {
                tr(lang, "copy")
            }
        };
        let (u, i, m) = (url.clone(), iframe.clone(), markdown.clone());
        html! {
            <section class="share-dialog" role="dialog" aria-label={tr(lang, "share")} data-testid="share-dialog">
                <p class="privacy">{ tr(lang, "share-privacy") }</p>
                <div class="share-row">
                    <label for="share-link">{ format!("{} ({chars})", tr(lang, "share-link")) }</label>
                    <input id="share-link" readonly=true data-testid="share-link" value={url} />
                    <button data-testid="copy-link" onclick={link.callback(move |_| Msg::Copy("link", u.clone()))}>{ copied("link") }</button>
                </div>
                if let Some(w) = warning {
                    <p class="banner warn" role="status" data-testid="share-warning">{ w.to_string() }</p>
                    <button data-testid="download-scenario" onclick={link.callback(|_| Msg::Download)}>{ tr(lang, "download") }</button>
                }
                <div class="share-row">
                    <label for="share-embed">{ tr(lang, "share-embed") }</label>
                    <textarea id="share-embed" readonly=true rows="3" data-testid="share-embed" value={iframe} />
                    <button data-testid="copy-embed" onclick={link.callback(move |_| Msg::Copy("embed", i.clone()))}>{ copied("embed") }</button>
                </div>
                <div class="share-row">
                    <label for="embed-view">{ tr(lang, "embed-view") }</label>
                    <select id="embed-view" data-testid="embed-view" onchange={link.callback(|e: Event| {
                        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                        Msg::EmbedView(View::ALL.into_iter().find(|v| v.as_str() == s.value()).unwrap_or_default())
                    })}>
                        { for View::ALL.iter().map(|v| html! {
                            <option value={v.as_str()} selected={*v == self.view}>{ v.as_str() }</option>
                        }) }
                    </select>
                </div>
                <div class="share-row">
                    <label for="share-markdown">{ "Markdown" }</label>
                    <input id="share-markdown" readonly=true data-testid="share-markdown" value={markdown} />
                    <button data-testid="copy-markdown" onclick={link.callback(move |_| Msg::Copy("markdown", m.clone()))}>{ copied("markdown") }</button>
                </div>
                <button class="close" onclick={link.callback(|_| Msg::CloseShare)}>{ tr(lang, "close") }</button>
            </section>
        }
    }

    fn view_editor(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        if self.editor.is_some() || crate::editor::available() {
            html! { <div class="cm-host" ref={self.editor_ref.clone()}></div> }
        } else {
            let oninput = ctx.link().callback(|e: InputEvent| {
                let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                Msg::Edit(area.value())
            });
            html! {
                <>
                    <div ref={self.editor_ref.clone()}></div>
                    <textarea data-testid="editor" spellcheck="false" aria-label={tr(lang, "editor-label")}
                        value={self.draft.clone()} {oninput} />
                </>
            }
        }
    }

    fn view_controls(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let until = self.until();
        let time_value = self.time_edit.clone().unwrap_or_else(|| secs_text(self.t));
        html! {
            <div class="controls" role="toolbar" aria-label={tr(lang, "playback")}>
                <button data-testid="play" class="play" aria-pressed={self.playing.to_string()}
                    onclick={link.callback(|_| Msg::TogglePlay)}>
                    { if self.playing { tr(lang, "pause") } else { tr(lang, "play") } }
                </button>
                <button aria-label={tr(lang, "prev-event")} title={tr(lang, "prev-event")}
                    onclick={link.callback(|_| Msg::PrevEvent)}>{ "←" }</button>
                <button aria-label={tr(lang, "next-event")} title={tr(lang, "next-event")}
                    onclick={link.callback(|_| Msg::NextEvent)}>{ "→" }</button>
                <label class="field">
                    <span>{ tr(lang, "time") }</span>
                    <input data-testid="time" class="time" inputmode="decimal" size="7"
                        title={tr(lang, "time-help")}
                        value={time_value}
                        oninput={link.callback(|e: InputEvent| {
                            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                            Msg::TimeEdit(i.value())
                        })}
                        onkeydown={link.batch_callback(|e: KeyboardEvent| {
                            (e.key() == "Enter").then_some(Msg::TimeCommit)
                        })}
                        onblur={link.callback(|_| Msg::TimeBlur)} />
                </label>
                <span class="until">{ format!("/ {}", secs_text(until)) }</span>
                <input type="range" class="scrub" aria-label={tr(lang, "scrub")} min="0"
                    max={until.as_millis().to_string()} step="100" value={self.t.as_millis().to_string()}
                    oninput={link.callback(|e: InputEvent| {
                        let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                        Msg::Seek(SimTime::from_millis(i.value().parse::<f64>().unwrap_or(0.0).max(0.0) as u64))
                    })} />
                <SpeedZoom {lang} speed={self.speed} zoom={self.zoom} send={link.callback(|m: Msg| m)} />
            </div>
        }
    }

    fn view_timeline(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let Some(run) = &self.run else {
            return html! { <p class="no-run">{ tr(lang, "no-run") }</p> };
        };
        let trace = &run.trace;
        let link = ctx.link();
        let scale = self.scale();
        let x = timeline::x_of(self.t, scale);
        let on_pick = link.callback(Msg::Pick);
        // x in chart units from the pointer's position over the whole chart (the playhead
        // overlay lets clicks through to lanes and event markers).
        let scrub_x = |e: &PointerEvent| -> f64 {
            match e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                Some(el) => {
                    let r = el.get_bounding_client_rect();
                    (f64::from(e.client_x()) - r.left()) / r.width().max(1.0) * timeline::W
                }
                None => 0.0,
            }
        };
        html! {
            <>
                if let Some(c) = &trace.capped {
                    <p class="capped">{ format!("{} {c}", tr(lang, "capped")) }</p>
                }
                { self.view_who(run) }
                <div class="timeline-scroll">
                    <div class="timeline" data-testid="timeline"
                        onpointerdown={link.callback(move |e: PointerEvent| Msg::ScrubStart(scrub_x(&e)))}
                        onpointermove={link.batch_callback(move |e: PointerEvent| {
                            (e.buttons() & 1 == 1).then(|| Msg::ScrubMove(scrub_x(&e)))
                        })}
                        onpointerup={link.callback(|_| Msg::ScrubEnd)}
                        onpointerleave={link.callback(|_| Msg::ScrubEnd)}>
                        <Timeline run={run.clone()} {lang} {scale} {on_pick} />
                        <svg class="playhead" viewBox={format!("0 0 {} 1", timeline::W)} preserveAspectRatio="none" aria-hidden="true">
                            // Invisible, and painted: the overlay's compositor layer keeps the
                            // chart's bounds while the line moves, so a frame only re-rasters the
                            // line instead of re-layerizing the page (the line's own bounds moved).
                            <rect width="100%" height="100%" fill="transparent" />
                            <line x1={format!("{x:.2}")} x2={format!("{x:.2}")} y1="0" y2="1" vector-effect="non-scaling-stroke" />
                        </svg>
                    </div>
                </div>
                <Legend {lang} />
                { self.view_countdown(run) }
            </>
        }
    }

    fn view_run(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let Some(run) = &self.run else {
            return html! { <p class="no-run">{ tr(lang, "no-run") }</p> };
        };
        let trace = &run.trace;
        let t = self.t;
        html! {
            <>
                <div class="kubectl">
                    <pre class="out get" data-testid="kubectl-get" aria-label="kubectl get pods">{
                        html! { <Lines text={format!("$ kubectl get pods\n{}", podlife_engine::views::get_pods(trace, t))} /> }
                    }</pre>
                    // The inner span in a column-reverse box keeps the newest watch line in view.
                    <pre class="out watch anchored" aria-label="kubectl get pods -w"><span>{
                        html! { <Lines text={format!("$ kubectl get pods -w\n{}", podlife_engine::views::get_pods_watch(trace, t))} /> }
                    }</span></pre>
                    { self.view_tabs(ctx, run) }
                </div>
                { self.view_why(ctx, run) }
                { self.view_actions(ctx, run) }
            </>
        }
    }

    fn view_tabs(&self, ctx: &Context<Self>, run: &Rc<Run>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let trace = &run.trace;
        let t = self.t;
        let tab = |which: Tab, label: &'static str| {
            html! {
                <button role="tab" aria-selected={(self.tab == which).to_string()}
                    class={classes!("tab", (self.tab == which).then_some("active"))}
                    onclick={link.callback(move |_| Msg::Tab(which))}>{ label }</button>
            }
        };
        // Every panel stays in the DOM (stable test hooks); only the selected one is shown, and
        // only its text is computed (hidden panels are empty until selected).
        let shown = self.tab;
        let describe = html! {
                <pre class="out" data-testid="kubectl-describe">{
                    if shown == Tab::Describe {
                        html! { <Lines text={format!("$ kubectl describe pod {}\n{}", trace.pod.name, podlife_engine::views::describe_pod(trace, t))} /> }
                    } else { Html::default() }
                }</pre>
        };
        let yaml = html! {
                <pre class="out" data-testid="kubectl-yaml">{
                    if shown == Tab::Yaml {
                        html! { <Lines text={format!("$ kubectl get pod {} -o yaml\n{}{}", trace.pod.name,
                            if trace.frame_at(t).is_some_and(|f| f.exists) { run.defaulted_yaml() } else { "" },
                            podlife_engine::views::status_yaml(trace, t))} /> }
                    } else { Html::default() }
                }</pre>
        };
        let logs = {
            let names = &run.names;
            let c = self.log_container.clone().unwrap_or_default();
            let prev = if self.previous { " --previous" } else { "" };
            html! {
                <div>
                    <div class="row-controls">
                        <label class="field">
                            <span>{ tr(lang, "container") }</span>
                            <select onchange={link.callback(|e: Event| {
                                let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                                Msg::LogContainer(s.value())
                            })}>
                                { for names.iter().map(|n| html! { <option value={n.clone()} selected={*n == c}>{ n.clone() }</option> }) }
                            </select>
                        </label>
                        <label class="field check">
                            <input type="checkbox" checked={self.previous} onchange={link.callback(|e: Event| {
                                let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                                Msg::Previous(i.checked())
                            })} />
                            <span>{ tr(lang, "logs-previous") }</span>
                        </label>
                    </div>
                    <pre class="out" data-testid="kubectl-logs">{
                        if shown == Tab::Logs {
                            html! { <Lines text={format!("$ kubectl logs {} -c {c}{prev}\n{}", trace.pod.name, model::logs(trace, t, &c, self.previous))} /> }
                        } else { Html::default() }
                    }</pre>
                </div>
            }
        };
        let events = if shown != Tab::Events {
            html! { <div class="out events" data-testid="events"></div> }
        } else {
            let (table, idx) = model::event_log(trace, t);
            let mut lines = table.lines();
            let header = lines.next().unwrap_or_default().to_string();
            html! {
                <div class="out events" data-testid="events">
                    <div class="ev-head">{ format!("$ kubectl get events\n{header}") }</div>
                    { for lines.zip(idx).map(|(line, i)| {
                        let warn = trace.events.get(i).is_some_and(|e| e.type_ == "Warning");
                        html! {
                            <button key={i} class={classes!("ev-line", warn.then_some("warn"))}
                                onclick={link.callback(move |_| Msg::Pick(Pick::Event(i)))}>{ line.to_string() }</button>
                        }
                    }) }
                </div>
            }
        };
        html! {
            <div class="tabs">
                <div role="tablist" class="tablist">
                    { tab(Tab::Describe, "describe") }
                    { tab(Tab::Yaml, "-o yaml") }
                    { tab(Tab::Logs, "logs") }
                    { tab(Tab::Events, tr(lang, "events")) }
                </div>
                <div role="tabpanel" hidden={self.tab != Tab::Describe}>{ describe }</div>
                <div role="tabpanel" hidden={self.tab != Tab::Yaml}>{ yaml }</div>
                <div role="tabpanel" hidden={self.tab != Tab::Logs}>{ logs }</div>
                <div role="tabpanel" hidden={self.tab != Tab::Events}>{ events }</div>
            </div>
        }
    }

    fn view_countdown(&self, run: &Rc<Run>) -> Html {
        let lang = self.lang;
        let Some(c) = model::countdown(&run.trace, self.t) else {
            return html! {};
        };
        let frac = if c.grace_ms == 0 {
            0.0
        } else {
            c.left_ms as f64 / c.grace_ms as f64
        };
        html! {
            <div class="countdown" data-testid="countdown" role="status">
                <strong>{ tr(lang, "termination") }</strong>
                <span class="detail">{ format!(" {}", c.detail) }</span>
                <span class="left">{ format!(" {:.1}s {} ({}s)", c.left_ms as f64 / 1000.0, tr(lang, "grace-left"), c.grace_ms / 1000) }</span>
                if let Some(end) = c.end.filter(|e| *e <= self.t) {
                    <span class="ended">{ format!(" · {} {end}", tr(lang, "grace-ended")) }</span>
                }
                <svg class="grace-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                    <rect class="grace-bg" x="0" y="0" width="100" height="6" />
                    <rect class="grace-left" x="0" y="0" width={format!("{:.2}", frac * 100.0)} height="6" />
                </svg>
                <ol class="steps">
                    { for c.steps.iter().map(|(t, s)| html! {
                        <li class={classes!(s.starts_with("SIGKILL").then_some("kill"), s.starts_with("SIGTERM").then_some("term"))}>
                            { format!("{}  {s}", t) }
                        </li>
                    }) }
                </ol>
            </div>
        }
    }

    fn view_why(&self, ctx: &Context<Self>, run: &Rc<Run>) -> Html {
        let lang = self.lang;
        let Some(p) = &self.pick else {
            return html! { <p class="why-hint">{ tr(lang, "why-hint") }</p> };
        };
        let w = why::explain(run, p, lang, self.t);
        html! {
            <aside class="why" data-testid="why" aria-live="polite">
                <h3>{ tr(lang, "why") }</h3>
                <p class="why-title">{ w.title.clone() }</p>
                <p>{ w.text.clone() }</p>
                <p class="ref">{ format!("{}: kubelet-semantics {}", tr(lang, "ref"), w.section) }
                    if let Some((a, b)) = w.lines {
                        { format!(" · YAML {a}–{b}") }
                    }
                </p>
                <button onclick={ctx.link().callback(|_| Msg::ClearPick)}>{ tr(lang, "close") }</button>
            </aside>
        }
    }

    fn view_who(&self, run: &Rc<Run>) -> Html {
        let lang = self.lang;
        let trace = &run.trace;
        let t = self.t;
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
            caption = why::step(e, lang);
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
                        "kubectl exec：API server 转发给 kubelet，由运行时执行命令",
                    )
                }
                ActionKind::Delete { .. } => lang.pick(
                    "kubectl delete: the API server marks the pod Terminating (deletionTimestamp); the kubelet stops it",
                    "kubectl delete：API server 把 Pod 标记为 Terminating（deletionTimestamp）；kubelet 停止它",
                ),
                _ => lang.pick("kubectl: the API server stores the change in etcd", "kubectl：API server 把变更写入 etcd"),
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
                        "所有容器已停止：kubelet 确认后，API server 从 etcd 删除 Pod",
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
                        "kubectl apply：API server 校验 Pod 并写入 etcd",
                    )
                    .to_string();
            }
        }
        let parts = [
            ("kubectl", "kubectl"),
            ("apiserver", "API server"),
            ("etcd", "etcd"),
            ("scheduler", "scheduler"),
            ("kubelet", "kubelet"),
            ("runtime", lang.pick("container runtime", "容器运行时")),
        ];
        html! {
            <div class="who" aria-label={tr(lang, "who")}>
                { for parts.iter().map(|(k, label)| html! {
                    <span class={classes!("actor", lit.contains(k).then_some("lit"))}>{ *label }</span>
                }) }
                <span class="who-caption">{ caption }</span>
            </div>
        }
    }

    fn view_actions(&self, ctx: &Context<Self>, run: &Rc<Run>) -> Html {
        let lang = self.lang;
        let exec_out = match model::exec_transcripts(&run.trace, self.t) {
            s if s.is_empty() => tr(lang, "no-exec").to_string(),
            s => s,
        };
        let link = ctx.link().clone();
        let send = Callback::from(move |m: Msg| link.send_message(m));
        html! {
            <section class="actions" aria-label={tr(lang, "actions")}>
                // While the draft is invalid, an action would be appended to text that does not run.
                <fieldset disabled={self.stale}>
                <h3>{ format!("{} (t = {}s)", tr(lang, "actions"), secs_text(self.t)) }</h3>
                <ActionRows run={run.clone()} {lang} exec_container={self.exec_container.clone().unwrap_or_default()}
                    exec_command={self.exec_command.clone()} grace={self.grace} force={self.force}
                    service_name={self.service_name.clone()} {send} />
                </fieldset>
                <h4>{ tr(lang, "exec-output") }</h4>
                <pre class="out terminal anchored" data-testid="exec-output"><span>{ exec_out }</span></pre>
            </section>
        }
    }
}

#[derive(Properties)]
struct ActionRowsProps {
    run: Rc<Run>,
    lang: Lang,
    exec_container: String,
    exec_command: String,
    grace: Option<i64>,
    force: bool,
    service_name: String,
    /// Forwards to the App (recreated each render; it always does the same).
    send: Callback<Msg>,
}

impl PartialEq for ActionRowsProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run)
            && self.lang == o.lang
            && self.exec_container == o.exec_container
            && self.exec_command == o.exec_command
            && self.grace == o.grace
            && self.force == o.force
            && self.service_name == o.service_name
    }
}

/// The action controls: they do not depend on the playhead, so playback never re-renders them.
#[function_component(ActionRows)]
fn action_rows(p: &ActionRowsProps) -> Html {
    let lang = p.lang;
    let send = &p.send;
    let trace = &p.run.trace;
    let names = &p.run.names;
    let ec = p.exec_container.clone();
    let grace = p
        .grace
        .unwrap_or(trace.scenario.pod.spec.termination_grace_period_seconds);
    let ns = trace.pod.namespace.clone();
    let exec_cmd = p.exec_command.clone();
    let ec2 = ec.clone();
    let force = p.force;
    let svc = p.service_name.clone();
    let svc_ns = ns.clone();
    let svc2 = svc.clone();
    html! {
        <>
            <div class="action-row">
                <span class="verb">{ "kubectl exec" }</span>
                <select aria-label={tr(lang, "container")} onchange={send.reform(|e: Event| {
                    let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    Msg::ExecContainer(s.value())
                })}>
                    { for names.iter().map(|n| html! { <option value={n.clone()} selected={*n == ec}>{ n.clone() }</option> }) }
                </select>
                <span>{ "--" }</span>
                <input class="cmd" list="ready-commands" aria-label={tr(lang, "command")} value={p.exec_command.clone()}
                    oninput={send.reform(|e: InputEvent| {
                        let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                        Msg::ExecCommand(i.value())
                    })} />
                <datalist id="ready-commands">
                    { for READY_COMMANDS.iter().map(|c| html! { <option value={*c} /> }) }
                </datalist>
                <button data-testid="action-exec" onclick={send.reform(move |_| Msg::Act(ActionKind::Exec {
                    container: Some(ec2.clone()).filter(|c| !c.is_empty()),
                    command: command_words(&exec_cmd),
                }))}>{ tr(lang, "run-exec") }</button>
            </div>
            <div class="ready">
                { for READY_COMMANDS.iter().map(|c| {
                    let c = c.to_string();
                    let label = c.clone();
                    html! { <button class="chip" onclick={send.reform(move |_| Msg::ExecCommand(c.clone()))}>{ label }</button> }
                }) }
            </div>
            <div class="action-row">
                <label class="field">
                    <span>{ format!("{}: {grace}", tr(lang, "grace")) }</span>
                    <input type="range" min="0" max="120" value={grace.to_string()} aria-label={tr(lang, "grace")}
                        oninput={send.reform(|e: InputEvent| {
                            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                            Msg::Grace(i.value().parse().unwrap_or(30))
                        })} />
                </label>
                <label class="field check">
                    <input type="checkbox" checked={force} onchange={send.reform(|e: Event| {
                        let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                        Msg::Force(i.checked())
                    })} />
                    <span>{ tr(lang, "force") }</span>
                </label>
                <button data-testid="action-delete" class="danger" onclick={send.reform(move |_| Msg::Act(ActionKind::Delete {
                    grace_period_seconds: Some(if force { 0 } else { grace }),
                    force,
                }))}>{ tr(lang, "delete") }</button>
            </div>
            <div class="action-row">
                <input class="svc" aria-label={tr(lang, "service-name")} value={svc.clone()} oninput={send.reform(|e: InputEvent| {
                    let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                    Msg::ServiceName(i.value())
                })} />
                <button onclick={send.reform(move |_| Msg::Act(ActionKind::CreateService(ServiceRef { namespace: svc_ns.clone(), name: svc.clone() })))}>{ tr(lang, "create-svc") }</button>
                <button onclick={send.reform(move |_| Msg::Act(ActionKind::RemoveService(ServiceRef { namespace: ns.clone(), name: svc2.clone() })))}>{ tr(lang, "remove-svc") }</button>
                <button onclick={send.reform(|_| Msg::Act(ActionKind::NodeDown))}>{ tr(lang, "node-down") }</button>
                <button onclick={send.reform(|_| Msg::Act(ActionKind::NodeUp))}>{ tr(lang, "node-up") }</button>
            </div>
        </>
    }
}

#[cfg(test)]
mod lines_tests {
    use super::{columns, widest_chunk, CHUNK};

    #[test]
    fn columns_count_terminal_cells() {
        assert_eq!(columns("Name:   ten-containers\n"), 22);
        assert_eq!(columns("\n"), 0);
        assert_eq!(columns("a\tb"), 10);
        assert_eq!(columns("容器 c0"), 7);
    }

    #[test]
    fn the_widest_lines_chunk_is_the_first_with_the_longest_line() {
        assert_eq!(widest_chunk(&[]), None);
        let mut w = vec![3; 3 * CHUNK + 2];
        assert_eq!(widest_chunk(&w), Some(0));
        w[2 * CHUNK + 5] = 9;
        assert_eq!(widest_chunk(&w), Some(2));
        w[3 * CHUNK + 1] = 9;
        assert_eq!(widest_chunk(&w), Some(2), "ties keep the first");
        w[CHUNK - 1] = 10;
        assert_eq!(widest_chunk(&w), Some(0));
    }
}
