//! The address and the browser's storage: the link the page is (debounced into the fragment),
//! links opened from it, embeds' parameters, and the draft kept in localStorage.

use gloo_timers::callback::Timeout;
use podlife_share::{EmbedParams, ShareState, View};
use podlife_spec::SimTime;
use yew::Callback;

use crate::i18n::Lang;
use crate::share;
use crate::types::{Msg, Tab};

pub const DRAFT_KEY: &str = "podlife.draft";
pub const LANG_KEY: &str = "podlife.lang";
/// The version picker's Kubernetes minor (`36`).
pub const KUBE_KEY: &str = "podlife.kube";
/// The draft a user had when they opened a share link (restorable; issue 7 item 3).
pub const PREV_DRAFT_KEY: &str = "podlife.draft.previous";
/// The address follows edits and view changes this long after the last one.
const URL_DEBOUNCE_MS: u32 = 400;

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn stored(key: &str) -> Option<String> {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .filter(|d| !d.trim().is_empty())
}

pub fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// What the page holds about links.
#[derive(Default)]
pub struct LinkState {
    /// `?embed=1`: minimal chrome, nothing saved to localStorage, the address left alone.
    pub embed: Option<EmbedParams>,
    /// The view a link or embed asks for (the full app shows every pane; embeds this one).
    pub view: View,
    /// Why the link in the address could not be opened (the codec's message).
    pub error: Option<String>,
    /// Notes about an opened link (older engine rules, unmodelled Kubernetes minor, ignored
    /// query parameters).
    pub notes: Vec<String>,
    /// The draft that was in the editor before a link was opened.
    pub prev_draft: Option<String>,
    debounce: Option<Timeout>,
    /// The fragment last written to (or read from) the address.
    pub last_fragment: String,
}

/// The link state of what is on screen.
pub struct Shown<'a> {
    pub draft: &'a str,
    pub t: SimTime,
    pub speed: f64,
    pub view: View,
    pub tab: Tab,
    pub container: Option<&'a str>,
    /// The container `kubectl logs` picks by default (implied by links).
    pub default_container: Option<&'a str>,
    pub lang: Lang,
}

impl Shown<'_> {
    pub fn state(&self) -> ShareState {
        let mut s = ShareState::new(self.draft.to_string());
        s.time = self.t;
        s.speed_milli = share::speed_milli(self.speed);
        s.view = self.view;
        s.panel = share::tab_to_panel(self.tab);
        s.container = self
            .container
            .filter(|c| Some(*c) != self.default_container)
            .map(str::to_string);
        s.lang = share::to_link_lang(self.lang);
        s
    }
}

impl LinkState {
    pub fn new(embed: Option<EmbedParams>, view: View) -> LinkState {
        LinkState {
            embed,
            view,
            ..LinkState::default()
        }
    }

    /// Writes the address a moment after the last change (embeds leave it alone).
    pub fn schedule(&mut self, send: &Callback<Msg>) {
        if self.embed.is_some() {
            return;
        }
        let send = send.clone();
        self.debounce = Some(Timeout::new(URL_DEBOUNCE_MS, move || {
            send.emit(Msg::SyncUrl)
        }));
    }

    /// Replaces the address's fragment with `state`'s link when it changed.
    pub fn sync(&mut self, state: &ShareState) {
        self.debounce = None;
        if let Ok(f) = podlife_share::encode(state) {
            if f != self.last_fragment {
                share::replace_fragment(&f);
                self.last_fragment = f;
            }
        }
    }

    /// Keeps the reader's own draft restorable when a link replaces it (never the default
    /// example, never in embeds).
    pub fn keep_previous(&mut self, editor_text: &str, link_text: &str) {
        if self.embed.is_some() {
            return;
        }
        let current = stored(DRAFT_KEY).unwrap_or_else(|| editor_text.to_string());
        if current != link_text && current != crate::DEFAULT_EXAMPLE {
            store(PREV_DRAFT_KEY, &current);
            self.prev_draft = Some(current);
        }
    }

    pub fn dismiss(&mut self) {
        self.error = None;
        self.notes.clear();
        self.prev_draft = None;
    }
}
