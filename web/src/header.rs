//! The page header: brand, the run's Kubernetes version, the tagline, Examples, then Language,
//! the shortcuts (?, not on phones), Compare, Share — and Export on phones. One set of controls for every
//! width: on a phone (≤ 480 px, style.css) they move into a panel that the "more" button opens
//! under the header, so that Examples has the header's room and names the loaded example; the
//! version picker stays in the transport bar. Esc or a tap outside closes the panel, and focus
//! goes back to its button.

use yew::prelude::*;

use crate::gallery::GallerySelect;
use crate::i18n::{tr, Lang};
use crate::types::{always, class_names, on_select, Msg};

/// What the header shows.
pub struct HeaderProps<'a> {
    pub lang: Lang,
    /// The Kubernetes minor of the run on screen.
    pub minor: u32,
    /// The gallery example loaded last, and whether the draft differs from it.
    pub loaded: Option<&'static str>,
    pub edited: bool,
    pub comparing: bool,
    pub shared: bool,
    /// The phone's panel is open.
    pub menu: bool,
    pub more_ref: &'a NodeRef,
    pub menu_first_ref: &'a NodeRef,
    pub send: &'a Callback<Msg>,
}

pub fn header(p: &HeaderProps<'_>) -> Html {
    let lang = p.lang;
    let send = p.send;
    let (open, on) = (p.menu, p.comparing);
    html! {
        <header class={class_names(&[Some("wb-header"), open.then_some("menu-open")])}>
            <h1 class="brand">{ "podlife" }</h1>
            <span class="kube-badge" data-testid="kube-shown" title={tr(lang, "kube-version")}>{ format!("Kubernetes 1.{}", p.minor) }</span>
            <p class="tagline">{ tr(lang, "tagline") }</p>
            <div class="wb-header-controls">
                <label class="field gallery-field">
                    <span class="field-label">{ tr(lang, "gallery") }</span>
                    <GallerySelect {lang} loaded={p.loaded} edited={p.edited}
                        on_pick={send.reform(Msg::Example)} />
                </label>
                <div class="wb-menu" id="wb-menu" data-testid="menu">
                    <label class="field">
                        <span class="field-label">{ tr(lang, "lang") }</span>
                        <select data-testid="lang" ref={p.menu_first_ref.clone()} onchange={on_select(send, |value| Msg::Lang(Lang::from_code(&value).unwrap_or(Lang::En)))}>
                            <option value="en" selected={lang == Lang::En}>{ "English" }</option>
                            <option value="zh-CN" selected={lang == Lang::Zh}>{ zh_kept!("简体中文") }</option>
                        </select>
                    </label>
                    // Not on phones: the shortcut sheet is for keyboards (? still opens it).
                    <button class="help-button" aria-label={tr(lang, "help-title")} title={tr(lang, "help-title")}
                        aria-keyshortcuts="?" onclick={always(send, || Msg::Help(true))}>{ "?" }</button>
                    <button data-testid="compare" class={class_names(&[Some("compare-button"), on.then_some("active")])}
                        aria-pressed={on.to_string()} title={tr(lang, "compare-title")}
                        onclick={send.reform(move |_| Msg::Compare(!on))}>{ tr(lang, "compare") }</button>
                    <button data-testid="share" class="share-button" aria-expanded={p.shared.to_string()}
                        onclick={always(send, || Msg::Share)}>{ tr(lang, "share") }</button>
                    <button class="menu-export" data-testid="menu-export" onclick={always(send, || Msg::ExportPanel)}>{ tr(lang, "export-more") }</button>
                </div>
                <button class="more-button" data-testid="more" ref={p.more_ref.clone()}
                    aria-label={tr(lang, "more")} title={tr(lang, "more-title")}
                    aria-expanded={open.to_string()} aria-controls="wb-menu"
                    onclick={send.reform(move |_| Msg::Menu(!open))}>
                    { "⋯" }
                </button>
            </div>
            if open {
                <div class="wb-menu-backdrop" onclick={always(send, || Msg::Menu(false))}></div>
            }
        </header>
    }
}
