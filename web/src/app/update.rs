//! The app's messages: what each one changes.

use crate::clock::Step;
use crate::gallery;
use crate::i18n::Lang;
use crate::link_state::{self, KUBE_KEY, LANG_KEY, PREV_DRAFT_KEY};
use crate::model;
use crate::share;
use crate::types::{Msg, Pane, Side, Which};
use crate::versions;
use crate::why;
use gloo_timers::callback::Timeout;
use podlife_spec::SimTime;
use yew::prelude::*;

use super::{App, DEBOUNCE_MS};

impl App {
    pub(super) fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
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
            Msg::Lang(Lang::Zh) if !crate::i18n::zh_ready() => {
                self.fetch_zh();
                return false;
            }
            Msg::ZhLoaded(Ok(())) if self.zh_asked() => {
                return self.handle(ctx, Msg::Lang(Lang::Zh));
            }
            Msg::ZhLoaded(Ok(())) => return false,
            Msg::ZhLoaded(Err(why)) => self.zh_failed(&why),
            Msg::Lang(l) => {
                self.zh_asked();
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
                // A pointer on the chart: it leaves keyboard mode (the ring goes).
                self.tl_pointer = true;
                let ring = std::mem::take(&mut self.tl_keys);
                let scale = self.clock.scale(until, self.layout.chart_width);
                // The label column selects (lanes, conditions); only the plot seeks.
                if x < scale.left() {
                    return ring;
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
                self.tl_pointer = false;
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
            Msg::Share | Msg::ExportPanel => {
                // Share the instant on screen: stop the playhead, copy the link, show the rest.
                let export = matches!(msg, Msg::ExportPanel);
                self.clock.playing = false;
                self.shared = export || !self.shared;
                self.copied = None;
                if self.shared {
                    self.remember_focus();
                    self.menu = false;
                    self.export_opened = export;
                } else {
                    self.focus_back();
                }
                if self.shared && !export {
                    if let Ok(f) = podlife_share::encode(&self.share_state()) {
                        share::copy_text(&format!("{}#{f}", share::base()));
                        self.copied = Some("link");
                    }
                }
            }
            Msg::CloseShare => {
                self.shared = false;
                self.focus_back();
            }
            Msg::Menu(open) => {
                if open == self.menu {
                    return false;
                }
                self.menu = open;
                if open {
                    self.remember_focus();
                    self.menu_opened = true;
                } else {
                    self.focus_back();
                }
            }
            // Taken by `lite_intercept` (the first-frame module is the only one that asks).
            Msg::HandoverFailed(_) => return false,
            Msg::TimelineFocus(_) => return self.timeline_focus(),
            Msg::TimelineKey(k) => return self.timeline_key(ctx, k),
            Msg::Help(open) => {
                self.menu = false;
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
            Msg::Compare(on) => {
                // From the phone's "more" panel: it closes, focus back on its button.
                if self.menu {
                    self.menu = false;
                    self.focus_back();
                }
                return self.handle_compare(Msg::Compare(on));
            }
            Msg::AnalyseB
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
}
