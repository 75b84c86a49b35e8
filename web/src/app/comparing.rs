//! The app's side of Compare, expectations and Export (issue 16): which text the editor shows,
//! B's runs and differences, the clicks on verdicts and differences, the downloads. A child
//! module of `app` (it reads the app's state); the views are in `crate::compare`,
//! `crate::expect_view` and `crate::export`.

use yew::prelude::*;

use podlife_share::View;

use super::App;
use crate::compare::{self, Compare};
use crate::types::{Msg, Pane, Tab, Which};

impl App {
    /// Run B while Compare is on.
    pub(super) fn comparing(&self) -> Option<&Compare> {
        // Never in the first-frame module: Compare hands over to the full one.
        self.compare
            .as_ref()
            .filter(|c| c.on && !cfg!(feature = "lite"))
    }

    /// The editor shows A's or B's text (and its diagnostics).
    pub(super) fn show_side(&mut self, which: Which) {
        let which = if self.comparing().is_some() {
            which
        } else {
            Which::A
        };
        if which == self.editor_side {
            return;
        }
        self.editor_side = which;
        let (text, diagnostics) = match (which, &self.compare) {
            (Which::B, Some(c)) => (c.draft.clone(), c.diagnostics.clone()),
            _ => (self.draft.clone(), self.diagnostics.clone()),
        };
        if let Some(ed) = &self.editor {
            ed.set_text(&text);
            ed.set_diagnostics(&diagnostics, self.lang);
            ed.highlight(None);
        }
    }

    /// Runs B's draft again and the differences against A.
    pub(super) fn analyse_b(&mut self) {
        let side_b = self.editor_side == Which::B;
        let lang = self.lang;
        let a = self.run.clone();
        let Some(c) = self.compare.as_mut() else {
            return;
        };
        c.debounce = None;
        if c.analyse() && side_b {
            if let Some(ed) = &self.editor {
                ed.set_diagnostics(&c.diagnostics, lang);
            }
        }
        c.refresh_diff(a.as_ref());
        self.diff_sel = None;
    }

    /// The Kubernetes minor the version picker shows: the run whose text the editor shows.
    pub(super) fn shown_minor(&self) -> u32 {
        match (self.editor_side, self.comparing()) {
            (Which::B, Some(c)) => c
                .run
                .as_ref()
                .map_or(self.profile.minor, |r| r.trace.scenario.setup.kube_minor),
            _ => self.profile.minor,
        }
    }

    /// The version picker shows [`App::shown_minor`] (switching between A and B, a link, a YAML
    /// edit): see [`crate::types::show_in_select`].
    pub(super) fn sync_version_picker(&self) {
        crate::types::show_in_select("kube-version", &self.shown_minor().to_string());
    }

    /// The version picker while the editor shows B: B's version (in B's YAML when it names
    /// one, as for A).
    pub(super) fn kube_version_b(&mut self, minor: u32) -> bool {
        let Some(c) = self.compare.as_mut() else {
            return false;
        };
        c.choice.minor = Some(minor);
        c.choice.link = None;
        if let Some(text) = c
            .version_span
            .and_then(|s| crate::versions::set_version(&c.draft, s, minor))
        {
            c.draft = text;
            if let Some(ed) = &self.editor {
                ed.set_text(&c.draft);
            }
        }
        self.analyse_b();
        true
    }

    /// Compare, expectation, difference and export messages.
    pub(super) fn handle_compare(&mut self, msg: Msg) -> bool {
        let until = self.until();
        match msg {
            Msg::Compare(on) => {
                if on {
                    match self.compare.as_mut() {
                        Some(c) => c.on = true,
                        None => {
                            self.compare = Some(Compare::fork(&self.draft, self.choice));
                            self.analyse_b();
                        }
                    }
                    let a = self.run.clone();
                    if let Some(c) = self.compare.as_mut() {
                        c.refresh_diff(a.as_ref());
                    }
                    self.tab = Tab::Diff;
                    self.side_shown = false;
                    self.show_side(Which::B);
                    // The Share dialog's embed shows the comparison unless a view was chosen.
                    if self.link.view == View::default() {
                        self.link.view = View::Compare;
                    }
                    if self.layout.phone {
                        self.layout.pane = Pane::Kubectl;
                    }
                } else {
                    self.show_side(Which::A);
                    if let Some(c) = self.compare.as_mut() {
                        c.on = false;
                    }
                    if self.tab == Tab::Diff {
                        self.tab = Tab::Describe;
                    }
                    if self.link.view == View::Compare {
                        self.link.view = View::default();
                    }
                    if self.pick_b {
                        self.clear_pick();
                    }
                    self.pick_b = false;
                }
                let until = self.until();
                self.clock.seek(self.clock.t, until);
            }
            Msg::AnalyseB => self.analyse_b(),
            Msg::EditorSide(which) => self.show_side(which),
            Msg::ResetB => {
                let text = self.draft.clone();
                let choice = self.choice;
                if let Some(c) = self.compare.as_mut() {
                    c.draft = text.clone();
                    c.choice = choice;
                }
                if self.editor_side == Which::B {
                    if let Some(ed) = &self.editor {
                        ed.set_text(&text);
                    }
                }
                self.analyse_b();
            }
            Msg::Expect(which, index) => {
                let run = match which {
                    Which::A => self.run.clone(),
                    Which::B => self.comparing().and_then(|c| c.run.clone()),
                };
                let Some(run) = run else { return false };
                if let Some(o) = run.outcomes(self.lang).iter().find(|o| o.index == index) {
                    self.clock.seek(o.time, until);
                }
                self.show_side(which);
                if let Some(ed) = &self.editor {
                    ed.highlight(run.expectation_lines(index));
                }
                self.expect_sel = Some((which, index));
                self.tab = Tab::Expect;
                self.side_shown = false;
                if self.layout.phone {
                    self.layout.pane = Pane::Kubectl;
                }
            }
            Msg::Difference(i) => {
                let t = self
                    .comparing()
                    .and_then(|c| c.diff.as_ref())
                    .and_then(|d| d.items.get(i))
                    .map(|d| d.time());
                if let Some(t) = t {
                    self.clock.playing = false;
                    self.clock.seek(t, until);
                    self.diff_sel = Some(i);
                }
            }
            Msg::Export(which, what) => {
                let run = match which {
                    Which::A => self.run.clone(),
                    Which::B => self.comparing().and_then(|c| c.run.clone()),
                };
                if let Some(run) = run {
                    let scale = self.clock.scale(until, self.layout.chart_width);
                    crate::export::export(&run, what, self.clock.t, scale, self.lang);
                }
                return false;
            }
            _ => return false,
        }
        true
    }

    /// The timeline pane while comparing (None: one run, drawn as usual).
    pub(super) fn view_compare_timeline(&self, send: &Callback<Msg>) -> Option<Html> {
        let c = self.comparing()?;
        let (a, b) = (self.run.as_ref()?, c.run.as_ref()?);
        let charts = compare::Charts {
            a,
            b,
            b_stale: c.stale,
            diff: c.diff.as_deref(),
            selected: self.diff_sel,
            t: self.clock.t,
            scale: self.clock.scale(self.until(), self.layout.chart_width),
            lang: self.lang,
            focus: self.tl_focus.as_ref().filter(|_| self.tl_keys),
        };
        Some(compare::pane(&charts, &self.refs.chart, send))
    }

    /// The Share dialog's Export section.
    pub(super) fn view_export(&self, send: &Callback<Msg>) -> Html {
        let Some(run) = &self.run else {
            return Html::default();
        };
        let scale = self.clock.scale(self.until(), self.layout.chart_width);
        crate::export::section(
            &run.trace.pod.name,
            self.clock.t,
            scale,
            self.lang,
            self.comparing().is_some_and(|c| c.run.is_some()),
            send,
        )
    }
}
