//! The address and the share link: the state a link records, opening a link, embeds.

use crate::compare::Compare;
use crate::gallery;
use crate::link_state::{self, Shown, KUBE_KEY};
use crate::model;
use crate::share;
use crate::types::{Tab, Which};
use crate::versions::{self, Choice, LinkProfile};

use super::App;

impl App {
    pub(super) fn shown(&self) -> Shown<'_> {
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
    pub(super) fn share_state(&self) -> podlife_share::ShareState {
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

    pub(super) fn pod_name(&self) -> Option<String> {
        self.run.as_ref().map(|r| r.trace.pod.name.clone())
    }

    /// Opens the link in `fragment`: on success the scenario and view state replace what is
    /// shown (the previous draft is kept restorable); on failure nothing changes but the message.
    pub(super) fn open_fragment(&mut self, fragment: &str) -> bool {
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
    pub(super) fn embed_clicked(&self) -> bool {
        if self.link.embed.is_none() {
            return false;
        }
        let q = web_sys::UrlSearchParams::new_with_str(&share::search()).ok();
        let get = |k: &str| q.as_ref().and_then(|q| q.get(k));
        get("load").as_deref() != Some("eager") || get("run").as_deref() == Some("1")
    }

    pub(super) fn set_html_lang(&self) {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", self.lang.code());
        }
    }
}
