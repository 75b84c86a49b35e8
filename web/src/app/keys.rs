//! Global keys, Esc and the shortcut sheet; the timeline's roving focus; where focus goes
//! back to when a panel closes.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::timeline::{nav_rows, NavItem};
use crate::timeline_pane::Focus;
use crate::types::{Msg, NavKey, Pick, Target, Which};

use super::App;

impl App {
    /// Esc: closes the topmost dialog or panel; false when there was none.
    pub(super) fn escape(&mut self) -> bool {
        if self.help {
            self.close_help();
        } else if self.menu {
            self.menu = false;
            self.focus_back();
        } else if self.shared {
            self.shared = false;
            self.focus_back();
        } else if self.pick.is_some() || self.side_shown {
            self.clear_pick();
            self.side_shown = false;
        } else {
            return false;
        }
        true
    }

    pub(super) fn clear_pick(&mut self) {
        self.pick = None;
        if let Some(ed) = &self.editor {
            ed.highlight(None);
        }
    }

    /// Remembers where focus is as a panel opens (Share, the phone's "more" panel), so that
    /// closing it puts focus back; from inside the "more" panel, back on its button.
    pub(super) fn remember_focus(&mut self) {
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        let in_menu = active
            .as_ref()
            .and_then(|a| a.closest(".wb-menu").ok().flatten())
            .is_some();
        self.return_focus = if in_menu {
            self.refs.more.cast::<web_sys::HtmlElement>()
        } else {
            active.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        };
    }

    pub(super) fn focus_back(&mut self) {
        if let Some(el) = self.return_focus.take() {
            if el.is_connected() {
                let _ = el.focus();
            } else if let Some(b) = self.refs.more.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        }
    }

    /// The keyboard's rows of the timeline on screen: A's, then B's while comparing.
    fn timeline_rows(&self) -> Vec<(Which, Vec<NavItem>)> {
        let scale = self.clock.scale(self.until(), self.layout.chart_width);
        let mut rows = Vec::new();
        if let Some(a) = &self.run {
            rows.extend(nav_rows(a, scale).into_iter().map(|r| (Which::A, r)));
        }
        if let Some(b) = self.comparing().and_then(|c| c.run.as_ref()) {
            rows.extend(nav_rows(b, scale).into_iter().map(|r| (Which::B, r)));
        }
        rows
    }

    /// The timeline got focus: its ring starts on A's event nearest the playhead (or stays
    /// where it was, when that item is still drawn).
    pub(super) fn timeline_focus(&mut self) -> bool {
        if self.tl_pointer {
            // Focused by a click: the page's shortcuts keep their keys.
            return std::mem::take(&mut self.tl_keys);
        }
        let was = std::mem::replace(&mut self.tl_keys, true);
        let rows = self.timeline_rows();
        if locate(&rows, self.tl_focus.as_ref()).is_some() {
            return !was;
        }
        let r = rows
            .iter()
            .position(|(w, r)| {
                *w == Which::A
                    && r.iter()
                        .any(|i| matches!(i.target, Target::Pick(Pick::Event(_))))
            })
            .unwrap_or(0);
        let Some((which, items)) = rows.get(r) else {
            return false;
        };
        let i = nearest(items, self.clock.t);
        self.tl_focus = Some(Focus {
            which: *which,
            target: items[i].target.clone(),
        });
        true
    }

    /// A key on the focused timeline: ←/→ along a row in time order, ↑/↓ to the item nearest
    /// in time on the row above/below, Home/End, Enter/Space = a click on the item.
    pub(super) fn timeline_key(&mut self, ctx: &Context<Self>, key: NavKey) -> bool {
        let rows = self.timeline_rows();
        let Some((r, i)) = locate(&rows, self.tl_focus.as_ref()) else {
            return self.timeline_focus();
        };
        let last = rows[r].1.len() - 1;
        let (r, i) = match key {
            NavKey::Left => (r, i.saturating_sub(1)),
            NavKey::Right => (r, (i + 1).min(last)),
            NavKey::Home => (r, 0),
            NavKey::End => (r, last),
            NavKey::Up | NavKey::Down => {
                let to = if key == NavKey::Up {
                    r.saturating_sub(1)
                } else {
                    (r + 1).min(rows.len() - 1)
                };
                (to, nearest(&rows[to].1, rows[r].1[i].at))
            }
            NavKey::Activate => {
                let which = rows[r].0;
                let msg = match (rows[r].1[i].target.clone(), which) {
                    (Target::Pick(p), Which::A) => Msg::Pick(p),
                    (Target::Pick(p), Which::B) => Msg::PickB(p),
                    (Target::Expect(e), w) => Msg::Expect(w, e),
                };
                ctx.link().send_message(msg);
                return false;
            }
        };
        let focus = Focus {
            which: rows[r].0,
            target: rows[r].1[i].target.clone(),
        };
        if self.tl_focus.as_ref() == Some(&focus) {
            return false;
        }
        self.tl_focus = Some(focus);
        self.reveal_ring = true;
        true
    }

    pub(super) fn open_help(&mut self) {
        self.focus_before_help = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        self.help = true;
    }

    pub(super) fn close_help(&mut self) {
        self.help = false;
        if let Some(el) = self.focus_before_help.take() {
            let _ = el.focus();
        }
    }

    /// Global keys: Space, ←/→, ? and Esc, unless the user is typing in a field.
    pub(super) fn key(&mut self, ctx: &Context<Self>, e: web_sys::KeyboardEvent) -> bool {
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
        // A key a control used (the timeline's arrows, Enter and Space) is not a shortcut.
        if e.default_prevented() {
            return false;
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

/// Where the focused item is among `rows`: (row, item).
fn locate(rows: &[(Which, Vec<NavItem>)], focus: Option<&Focus>) -> Option<(usize, usize)> {
    let f = focus?;
    rows.iter().enumerate().find_map(|(r, (w, items))| {
        (*w == f.which)
            .then(|| items.iter().position(|i| i.target == f.target))
            .flatten()
            .map(|i| (r, i))
    })
}

/// The item of a row (never empty) nearest in time to `t`; the earlier one on a tie.
fn nearest(items: &[NavItem], t: podlife_spec::SimTime) -> usize {
    let d = |i: &NavItem| i.at.as_millis().abs_diff(t.as_millis());
    let mut best = 0;
    for (k, item) in items.iter().enumerate() {
        if d(item) < d(&items[best]) {
            best = k;
        }
    }
    best
}
