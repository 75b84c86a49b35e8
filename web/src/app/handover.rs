//! The app's side of the hand-over from the first-frame module to the full one
//! (`crate::handover`): in the first-frame module (`lite`), what asks for the full one; in
//! the full one, taking the page over where the first-frame module was.

use std::cell::Cell;

use yew::prelude::*;

use super::App;
use crate::handover::{Handover, Pending};
use crate::types::{Msg, Tab};

thread_local! {
    /// The first-frame module has finished opening the page.
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// A link pasted into the address bar is being opened.
    static OPENING_LINK: Cell<bool> = const { Cell::new(false) };
    /// The first-frame module: Chinese was asked for and its text is being downloaded.
    static ZH_ASKED: Cell<bool> = const { Cell::new(false) };
}

impl App {
    /// What is on screen, for the full module, with what asked for it.
    fn handover_state(&self, pending: Pending) -> Handover {
        Handover {
            draft: self.draft.clone(),
            choice: self.choice,
            t: self.clock.t,
            playing: self.clock.playing,
            speed: self.clock.speed,
            zoom: self.clock.zoom,
            tab: self.tab,
            side: self.side,
            side_shown: self.side_shown,
            lang: self.lang,
            view: self.link.view,
            log_container: self.log_container.clone(),
            share_open: self.shared,
            fresh_start: !STARTED.get() || OPENING_LINK.get(),
            pending,
            last_run: self
                .run
                .as_ref()
                .map(|r| r.text.clone())
                .filter(|text| *text != self.draft),
        }
    }

    /// The first-frame module: asks for the full module (once; web/handover.js loads it). When
    /// the page cannot, it says so and stays.
    pub(super) fn hand_over(&mut self, pending: Pending) {
        if !cfg!(feature = "lite") || crate::handover::handing_over() {
            return;
        }
        #[cfg(feature = "lite")]
        if !crate::handover::request(&self.handover_state(pending)) {
            self.handover_failed("");
        }
        #[cfg(not(feature = "lite"))]
        let _ = self.handover_state(pending);
    }

    /// The first-frame module, before a message is handled: true when the message is taken
    /// here (it needs the full module, or the full module is loading).
    pub(super) fn lite_intercept(&mut self, msg: &Msg) -> bool {
        if !cfg!(feature = "lite") {
            return false;
        }
        if let Msg::HandoverFailed(why) = msg {
            self.handover_failed(why);
            return true;
        }
        if crate::handover::handing_over() {
            // The page waits for the full module: playback pauses (the full module goes on from
            // the same instant; no animation frame is left pending when this module stops),
            // what is typed goes with the hand-over, everything else waits for the full module.
            return match msg {
                Msg::Edit(text) => {
                    #[cfg(feature = "lite")]
                    crate::handover::update_draft(text);
                    self.draft = text.clone();
                    true
                }
                _ => true,
            };
        }
        OPENING_LINK.set(matches!(msg, Msg::HashChange));
        let pending = match msg {
            Msg::Compare(true) => Pending::Compare,
            Msg::Export(w, e) => Pending::Export(*w, *e),
            Msg::Tab(t @ (Tab::Yaml | Tab::Expect | Tab::Diff)) => Pending::Tab(*t),
            _ => return false,
        };
        self.hand_over(pending);
        true
    }

    /// The first-frame module: the full one did not load. This module keeps the page as it was
    /// (playback goes on if it was playing: the frames it skipped meanwhile are asked again) and
    /// says so; asking again tries again.
    fn handover_failed(&mut self, why: &str) {
        self.raf_pending = false;
        if self.clock.playing {
            self.request_frame();
        }
        let sentence = self.lang.pick(
            "This needs the full podlife, which could not be downloaded (offline before its first use?): try again when online.",
            zh!("这需要完整版 podlife，但它未能下载（首次使用前处于离线状态？）：请联网后再试。"),
        );
        self.push_note(sentence, why);
    }

    /// The first-frame module: Chinese was asked for before its text was loaded (a page that
    /// switches to it; a Chinese page whose text boot.js could not load). The page switches
    /// when the text arrives (`Msg::ZhLoaded`), unless another language was picked meanwhile.
    pub(super) fn fetch_zh(&mut self) {
        ZH_ASKED.set(true);
        #[cfg(feature = "lite")]
        if !crate::i18n::zh_fetch() {
            self.zh_failed("");
        }
    }

    /// Whether Chinese was still awaited (and no longer is).
    pub(super) fn zh_asked(&mut self) -> bool {
        ZH_ASKED.replace(false)
    }

    /// Shows `sentence` (with `why` in brackets) in the page's dismissable notes, once: a note
    /// of the same sentence from an earlier failure is replaced. The notes were the opened
    /// link's; they now also hold these page-level ones.
    fn push_note(&mut self, sentence: &str, why: &str) {
        self.link.notes.retain(|n| !n.starts_with(sentence));
        self.link.notes.push(if why.is_empty() {
            sentence.to_string()
        } else {
            format!("{sentence} ({why})")
        });
    }

    /// The first-frame module: the Chinese text could not be downloaded (offline before its
    /// first use?). The page stays in English and says so in both languages; this note's
    /// Chinese is kept in the module (zh_kept!), since the file that failed holds the rest.
    pub(super) fn zh_failed(&mut self, why: &str) {
        ZH_ASKED.set(false);
        // The full module has its Chinese: never here (and none of this in its code).
        if !cfg!(feature = "lite") {
            return;
        }
        let sentence = concat!(
            "The Chinese text could not be downloaded (offline before its first use?): the page stays in English. ",
            zh_kept!("中文界面文字未能下载（首次使用前处于离线状态？）：页面仍为英文。"),
        );
        self.push_note(sentence, why);
        // The language menu shows the page's language again (the reader had picked Chinese).
        crate::types::show_in_select("lang", self.lang.code());
    }

    /// The first-frame module, at the end of its start.
    pub(super) fn lite_started(&mut self) {
        // What the page opened with (a link's -o yaml tab or comparison): the full module opens
        // the same page itself.
        self.lite_check();
        STARTED.set(true);
    }

    /// The first-frame module, after a message: a state it cannot show (the `-o yaml` tab
    /// chosen by a key or a link, a comparison link) asks for the full module.
    pub(super) fn lite_check(&mut self) {
        if !cfg!(feature = "lite") {
            return;
        }
        if matches!(self.tab, Tab::Yaml | Tab::Expect | Tab::Diff) {
            self.hand_over(Pending::Tab(self.tab));
        } else if self.compare.as_ref().is_some_and(|c| c.on) {
            // A comparison link (format 3): the full module opens it.
            self.hand_over(Pending::Compare);
        }
    }

    /// The full module at its start: takes over from the first-frame module when it handed
    /// the page over (false: a page load of its own).
    pub(super) fn take_handover(&mut self, ctx: &Context<Self>) -> bool {
        if cfg!(feature = "lite") {
            return false;
        }
        let Some(h) = crate::handover::take().filter(|h| !h.fresh_start) else {
            return false;
        };
        // The last valid run stays on screen while the draft has errors (a Scenario's
        // expectations are handed over valid or not): its text runs first.
        if let Some(text) = h.last_run {
            self.draft = text;
            self.analyse_now();
        }
        self.draft = h.draft;
        self.loaded = crate::gallery::example_of(&self.draft).map(|e| (e.id, e.text));
        if self.draft == crate::DEFAULT_EXAMPLE {
            self.loaded =
                crate::gallery::find("liveness-exec").map(|e| (e.id, crate::DEFAULT_EXAMPLE));
        }
        self.choice = h.choice;
        self.lang = h.lang;
        self.tab = h.tab;
        self.side = h.side;
        self.side_shown = h.side_shown;
        self.link.view = h.view;
        self.shared = h.share_open;
        // Kept when the new run has that container (the analysis checks it).
        self.log_container = h.log_container;
        self.analyse_now();
        let until = self.until();
        self.clock.seek(h.t, until);
        self.clock.set_speed(h.speed);
        self.clock.zoom = h.zoom;
        self.clock.playing = h.playing;
        if let Some(m) = h.pending.message() {
            ctx.link().send_message(m);
        }
        true
    }
}
