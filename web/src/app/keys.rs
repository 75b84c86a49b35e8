//! Global keys, Esc and the shortcut sheet.

use crate::types::Msg;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::App;

impl App {
    /// Esc: closes the topmost dialog or panel; false when there was none.
    pub(super) fn escape(&mut self) -> bool {
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

    pub(super) fn clear_pick(&mut self) {
        self.pick = None;
        if let Some(ed) = &self.editor {
            ed.highlight(None);
        }
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
