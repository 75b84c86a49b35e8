//! The workbench's layout: the two resizable splits (remembered in localStorage), the phone
//! layout's one-pane-at-a-time tabs, and the viewport breakpoints. CSS class names are a
//! contract with the HTML skeleton index.html shows before the app starts (see style.css).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::timeline::whole;
use crate::types::{class_names, maybe, Msg, Pane, Split};

const LAYOUT_KEY: &str = "podlife.layout";
/// Phone layout at or below this width (CSS pixels); style.css has the same breakpoint.
pub const PHONE_MAX: &str = "(max-width: 480px)";
/// The inspect pane shows its side panel next to the kubectl panels from this width on.
pub const WIDE_MIN: &str = "(min-width: 1600px)";

const EDITOR_RANGE: (f64, f64) = (0.2, 0.7);
const TIMELINE_RANGE: (f64, f64) = (0.2, 0.8);

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The editor's share of the width.
    pub editor: f64,
    /// The timeline's share of the run column's height.
    pub timeline: f64,
    /// The pane the phone layout shows.
    pub pane: Pane,
    pub phone: bool,
    pub wide: bool,
    /// The timeline's width in CSS pixels (measured).
    pub chart_width: f64,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// `editor=0.40;timeline=0.50` → the two fractions (defaults for anything missing or odd).
pub fn parse_sizes(s: &str) -> (f64, f64) {
    let mut sizes = (0.4, 0.6);
    for part in s.split(';') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let Ok(v) = v.trim().parse::<f64>() else {
            continue;
        };
        if !v.is_finite() {
            continue;
        }
        match k.trim() {
            "editor" => sizes.0 = v.clamp(EDITOR_RANGE.0, EDITOR_RANGE.1),
            "timeline" => sizes.1 = v.clamp(TIMELINE_RANGE.0, TIMELINE_RANGE.1),
            _ => {}
        }
    }
    sizes
}

impl Layout {
    pub fn load(embed: bool) -> Layout {
        let stored = if embed {
            None
        } else {
            storage().and_then(|s| s.get_item(LAYOUT_KEY).ok().flatten())
        };
        let (editor, timeline) = parse_sizes(stored.as_deref().unwrap_or(""));
        Layout {
            editor,
            timeline,
            pane: Pane::Timeline,
            phone: media(PHONE_MAX),
            wide: media(WIDE_MIN),
            chart_width: 0.0,
        }
    }

    /// Sets a split (clamped to its range) and remembers both.
    pub fn set(&mut self, which: Split, fraction: f64, remember: bool) {
        if !fraction.is_finite() {
            return;
        }
        match which {
            Split::Editor => self.editor = fraction.clamp(EDITOR_RANGE.0, EDITOR_RANGE.1),
            Split::Timeline => self.timeline = fraction.clamp(TIMELINE_RANGE.0, TIMELINE_RANGE.1),
        }
        if remember {
            if let Some(s) = storage() {
                let _ = s.set_item(
                    LAYOUT_KEY,
                    &format!("editor={:.3};timeline={:.3}", self.editor, self.timeline),
                );
            }
        }
    }

    /// Re-reads the breakpoints; true when one changed.
    pub fn refresh_viewport(&mut self) -> bool {
        let (phone, wide) = (media(PHONE_MAX), media(WIDE_MIN));
        let changed = phone != self.phone || wide != self.wide;
        self.phone = phone;
        self.wide = wide;
        changed
    }

    /// Writes the split fractions as CSS custom properties on the workbench (CSSOM: the
    /// page's CSP allows no style attributes).
    pub fn apply(&self, root: &NodeRef) {
        if let Some(el) = root.cast::<web_sys::HtmlElement>() {
            let style = el.style();
            let _ = style.set_property("--editor-share", &format!("{:.2}%", self.editor * 100.0));
            let _ = style.set_property(
                "--timeline-share",
                &format!("{:.2}%", self.timeline * 100.0),
            );
        }
    }
}

/// A drag handle between two panes (role=separator; arrow keys move it too).
pub fn splitter(which: Split, value: f64, lang: Lang, send: &Callback<Msg>) -> Html {
    let vertical = which == Split::Editor;
    // The fraction at the pointer, relative to the grid the handle divides. (Not
    // `current_target`: Yew delegates events to its root.)
    let at = move |e: &PointerEvent| -> Option<f64> {
        let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
        let r = el
            .closest(".wb-split")
            .ok()
            .flatten()?
            .parent_element()?
            .get_bounding_client_rect();
        Some(if vertical {
            (f64::from(e.client_x()) - r.left()) / r.width().max(1.0)
        } else {
            (f64::from(e.client_y()) - r.top()) / r.height().max(1.0)
        })
    };
    let onpointerdown = Callback::from(|e: PointerEvent| {
        if let Some(el) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(e.pointer_id());
        }
        e.prevent_default();
    });
    let onpointermove = maybe(send, move |e: PointerEvent| {
        (e.buttons() & 1 == 1)
            .then(|| at(&e))
            .flatten()
            .map(|f| Msg::Split(which, f))
    });
    let onkeydown = maybe(send, move |e: KeyboardEvent| {
        let step = match (e.key().as_str(), vertical) {
            ("ArrowLeft", true) | ("ArrowUp", false) => -0.02,
            ("ArrowRight", true) | ("ArrowDown", false) => 0.02,
            _ => return None,
        };
        e.prevent_default();
        Some(Msg::Split(which, value + step))
    });
    let label = tr(
        lang,
        if vertical {
            "resize-editor"
        } else {
            "resize-timeline"
        },
    );
    html! {
        <div class={class_names(&[Some("wb-split"), Some(if vertical { "wb-split-v" } else { "wb-split-h" })])}
            role="separator" tabindex="0" aria-label={label} title={label}
            aria-orientation={if vertical { "vertical" } else { "horizontal" }}
            aria-valuemin="20" aria-valuemax={if vertical { "70" } else { "80" }}
            aria-valuenow={whole(value * 100.0)}
            {onpointerdown} {onpointermove} {onkeydown}></div>
    }
}

/// The phone layout's tabs: editor, timeline, kubectl.
pub fn pane_tabs(current: Pane, lang: Lang, send: &Callback<Msg>) -> Html {
    html! {
        <nav class="wb-phone-tabs" role="tablist" aria-label={tr(lang, "panes")}>
            { for Pane::ALL.iter().map(|pane| {
                let pane = *pane;
                let (key, id) = match pane {
                    Pane::Editor => ("pane-editor", "editor"),
                    Pane::Timeline => ("pane-timeline", "timeline"),
                    Pane::Kubectl => ("pane-kubectl", "kubectl"),
                };
                html! {
                    <button role="tab" class={class_names(&[Some("tab"), (current == pane).then_some("active")])}
                        data-pane-tab={id} aria-selected={(current == pane).to_string()}
                        onclick={send.reform(move |_| Msg::Pane(pane))}>{ tr(lang, key) }</button>
                }
            }) }
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_sizes_are_read_clamped_and_defaulted() {
        assert_eq!(parse_sizes(""), (0.4, 0.6));
        assert_eq!(parse_sizes("editor=0.33;timeline=0.6"), (0.33, 0.6));
        assert_eq!(parse_sizes("editor=2;timeline=-1"), (0.7, 0.2));
        assert_eq!(parse_sizes("editor=NaN;x=1;timeline"), (0.4, 0.6));
    }
}
