//! Share links in the page (issue 7): the app's view state ⇄ `podlife_share::ShareState`, the
//! location (fragment, query, `history.replaceState`), the clipboard and a scenario download.
//! The link format itself lives in `podlife-share`.

use podlife_share::{Lang as LinkLang, Panel};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Lang;
use crate::types::Tab;

pub fn to_link_lang(l: Lang) -> LinkLang {
    match l {
        Lang::En => LinkLang::En,
        Lang::Zh => LinkLang::ZhCn,
    }
}

pub fn from_link_lang(l: LinkLang) -> Lang {
    match l {
        LinkLang::En => Lang::En,
        LinkLang::ZhCn => Lang::Zh,
    }
}

/// The app shows `kubectl get` above the tabs at all times, with `describe` as the default tab,
/// so the link's default panel (`get`) means "describe tab" and costs no bytes (`get -w` has no
/// panel of its own in links: it opens as describe).
pub fn tab_to_panel(t: Tab) -> Panel {
    match t {
        Tab::Describe | Tab::Watch | Tab::Expect | Tab::Diff => Panel::Get,
        Tab::Yaml => Panel::Yaml,
        Tab::Logs => Panel::Logs,
        Tab::Events => Panel::Events,
    }
}

pub fn panel_to_tab(p: Panel) -> Tab {
    match p {
        Panel::Get | Panel::Describe => Tab::Describe,
        Panel::Yaml => Tab::Yaml,
        Panel::Logs => Tab::Logs,
        Panel::Events => Tab::Events,
    }
}

/// The app's speed (a multiplier) in the link's thousandths.
pub fn speed_milli(speed: f64) -> u32 {
    (speed.clamp(0.25, 100.0) * 1000.0).round() as u32
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The fragment after `#` (empty when there is none).
pub fn fragment() -> String {
    location()
        .and_then(|l| l.hash().ok())
        .map(|h| h.strip_prefix('#').unwrap_or(&h).to_string())
        .unwrap_or_default()
}

/// The query string, with its `?`.
pub fn search() -> String {
    location().and_then(|l| l.search().ok()).unwrap_or_default()
}

/// origin + path: the playground's address without query or fragment.
pub fn base() -> String {
    location()
        .map(|l| {
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// Replaces the address with path + `#fragment` (the query, e.g. `?example=`, is dropped: the
/// fragment now says everything). No history entry, no hashchange event.
pub fn replace_fragment(fragment: &str) {
    let Some(w) = web_sys::window() else { return };
    let path = w.location().pathname().unwrap_or_default();
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}#{fragment}")));
    }
}

/// Copies text with the asynchronous Clipboard API when the page may (best effort).
pub fn copy_text(text: &str) {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    if let Ok(cb) = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard")) {
        if let Ok(f) = js_sys::Reflect::get(&cb, &JsValue::from_str("writeText")) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                if let Ok(p) = f.call1(&cb, &JsValue::from_str(text)) {
                    // A refused permission is not an error worth a console line: the text is
                    // also shown, selectable, in the dialog.
                    if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                        let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
                        let _ = p.catch(&ignore);
                        ignore.forget();
                    }
                }
            }
        }
    }
}

/// Saves `text` as a file made in the page (a `data:` URL; no server involved).
pub fn download(file_name: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return;
    };
    let url = format!(
        "data:application/yaml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    );
    a.set_href(&url);
    a.set_download(file_name);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
}

/// A file name for a downloaded scenario: the pod's name when it is a safe one.
pub fn file_name(pod: Option<&str>) -> String {
    match pod {
        Some(n)
            if !n.is_empty()
                && n.len() <= 63
                && n.bytes().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.'
                }) =>
        {
            format!("{n}.yaml")
        }
        _ => "podlife-scenario.yaml".to_string(),
    }
}
