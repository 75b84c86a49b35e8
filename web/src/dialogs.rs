//! Dialogs and notices: the Share dialog, the keyboard shortcut sheet (`?`), the link banners
//! and the embed's bar. Each closes with Esc (the app's key handler) and its Close button.

use podlife_share::{EmbedParams, ShareState, View};
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::share;
use crate::types::{always, on_select, Msg};

/// The Share dialog: the link, an `<iframe>` embed and a Markdown link, each with Copy; a
/// download instead when the link is too long for chat apps.
pub fn share_dialog(
    state: &ShareState,
    view: View,
    pod_name: Option<&str>,
    copied: Option<&'static str>,
    lang: Lang,
    send: &Callback<Msg>,
    export: Html,
) -> Html {
    let fragment = match podlife_share::encode(state) {
        Ok(f) => f,
        Err(e) => {
            return html! {
                <section class="share-dialog" role="dialog" aria-label={tr(lang, "share")} data-testid="share-dialog">
                    <p class="banner bad" data-testid="share-error">{ e.to_string() }</p>
                    <button data-testid="download-scenario" onclick={always(send, || Msg::Download)}>{ tr(lang, "download") }</button>
                    <button class="close" onclick={always(send, || Msg::CloseShare)}>{ tr(lang, "close") }</button>
                </section>
            };
        }
    };
    let base = share::base();
    let url = format!("{base}#{fragment}");
    let chars = url.chars().count();
    let warning = podlife_share::link_length_warning(chars);
    let params = EmbedParams {
        view: Some(view),
        ..EmbedParams::default()
    };
    let title = match pod_name {
        Some(n) => format!("podlife: {n}"),
        None => "podlife scenario".to_string(),
    };
    // The embed carries format 1 (self-contained): its click-to-load poster can then show
    // the YAML without the engine. Length matters less inside an iframe than in chat.
    let embed_fragment = podlife_share::encode_v1(state).unwrap_or_else(|_| fragment.clone());
    let iframe = podlife_share::iframe_snippet(
        &podlife_share::embed_url(&base, &embed_fragment, &params),
        &title,
        480,
    );
    let markdown = podlife_share::markdown_link(&title, &url);
    let copied = |what: &str| {
        if copied == Some(what) {
            tr(lang, "copied")
        } else {
            tr(lang, "copy")
        }
    };
    let (u, i, m) = (url.clone(), iframe.clone(), markdown.clone());
    html! {
        <section class="share-dialog" role="dialog" aria-label={tr(lang, "share")} data-testid="share-dialog">
            <p class="privacy">{ tr(lang, "share-privacy") }</p>
            <div class="share-row">
                <label for="share-link">{ format!("{} ({chars})", tr(lang, "share-link")) }</label>
                <input id="share-link" readonly=true data-testid="share-link" value={url} />
                <button data-testid="copy-link" onclick={send.reform(move |_| Msg::Copy("link", u.clone()))}>{ copied("link") }</button>
            </div>
            if let Some(w) = warning {
                <p class="banner warn" role="status" data-testid="share-warning">{ w.to_string() }</p>
                <button data-testid="download-scenario" onclick={always(send, || Msg::Download)}>{ tr(lang, "download") }</button>
            }
            <div class="share-row">
                <label for="share-embed">{ tr(lang, "share-embed") }</label>
                <textarea id="share-embed" readonly=true rows="3" data-testid="share-embed" value={iframe} />
                <button data-testid="copy-embed" onclick={send.reform(move |_| Msg::Copy("embed", i.clone()))}>{ copied("embed") }</button>
            </div>
            <div class="share-row">
                <label for="embed-view">{ tr(lang, "embed-view") }</label>
                <select id="embed-view" data-testid="embed-view" onchange={on_select(send, |value| Msg::EmbedView(View::ALL.into_iter().find(|v| v.as_str() == value).unwrap_or_default()))}>
                    // The comparison's view only for a comparison.
                    { for View::ALL.iter().filter(|v| **v != View::Compare || state.compare.is_some()).map(|v| html! {
                        <option value={v.as_str()} selected={*v == view}>{ tr(lang, view_key(*v)) }</option>
                    }) }
                </select>
            </div>
            <div class="share-row">
                <label for="share-markdown">{ "Markdown" }</label>
                <input id="share-markdown" readonly=true data-testid="share-markdown" value={markdown} />
                <button data-testid="copy-markdown" onclick={send.reform(move |_| Msg::Copy("markdown", m.clone()))}>{ copied("markdown") }</button>
            </div>
            { export }
            <button class="close" onclick={always(send, || Msg::CloseShare)}>{ tr(lang, "close") }</button>
        </section>
    }
}

fn view_key(v: View) -> &'static str {
    match v {
        View::Timeline => "view-timeline",
        View::Kubectl => "view-kubectl",
        View::Split => "view-split",
        View::Editor => "view-editor",
        View::Compare => "view-compare",
    }
}

/// The keyboard shortcut sheet (`?`): a modal dialog; Esc or Close shuts it.
pub fn help_dialog(lang: Lang, close_ref: &NodeRef, send: &Callback<Msg>) -> Html {
    let keys: [(&str, &str); 12] = [
        ("Space", "key-play"),
        ("← →", "key-step"),
        ("← → ↑ ↓, Home, End", "key-timeline"),
        ("Enter, Space", "key-timeline-enter"),
        ("?", "key-help"),
        ("Esc", "key-esc"),
        ("Tab", "key-tab"),
        ("Esc, Tab", "key-leave"),
        ("Ctrl+F", "key-search"),
        ("Ctrl+Z", "key-undo"),
        ("Enter", "key-time"),
        ("← → ↑ ↓", "key-split"),
    ];
    html! {
        <div class="wb-modal" onclick={always(send, || Msg::Help(false))}>
            <section class="help-dialog" role="dialog" aria-modal="true" aria-labelledby="help-title"
                data-testid="help" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="help-title">{ tr(lang, "help-title") }</h2>
                <dl class="keys">
                    { for keys.iter().map(|(k, what)| html! {
                        <>
                            <dt>{ for k.split(", ").map(|k| html! { <kbd>{ k }</kbd> }) }</dt>
                            <dd>{ tr(lang, what) }</dd>
                        </>
                    }) }
                </dl>
                <p class="help-more">{ tr(lang, "help-more") }</p>
                <button class="close" ref={close_ref.clone()} onclick={always(send, || Msg::Help(false))}>{ tr(lang, "close") }</button>
            </section>
        </div>
    }
}

/// A refused link, an opened link's notes, and the way back to the previous draft.
pub fn banners(
    link_error: Option<&str>,
    notes: &[String],
    prev_draft: bool,
    lang: Lang,
    send: &Callback<Msg>,
) -> Html {
    if link_error.is_none() && notes.is_empty() && !prev_draft {
        return html! {};
    }
    html! {
        <div class="banners">
            if let Some(e) = link_error {
                <p class="banner bad" role="alert" data-testid="link-error">
                    <strong>{ tr(lang, "link-error") }</strong>{ " " }{ e.to_string() }{ " " }{ tr(lang, "link-error-kept") }
                </p>
            }
            { for notes.iter().map(|n| html! {
                <p class="banner warn" role="status" data-testid="link-note">{ n.clone() }</p>
            }) }
            if prev_draft {
                <p class="banner" role="status" data-testid="link-opened">
                    { tr(lang, "link-opened") }{ " " }
                    <button data-testid="restore-draft" onclick={always(send, || Msg::RestoreDraft)}>{ tr(lang, "restore-draft") }</button>
                </p>
            }
            <button class="dismiss" aria-label={tr(lang, "dismiss")} title={tr(lang, "dismiss")}
                onclick={always(send, || Msg::DismissBanner)}>{ "×" }</button>
        </div>
    }
}

/// The embed's only chrome: the pod's name and a way out to the full playground.
pub fn embed_bar(state: &ShareState, pod_name: Option<&str>, lang: Lang) -> Html {
    let href = match podlife_share::encode(state) {
        Ok(f) => format!("{}#{f}", share::base()),
        Err(_) => share::base(),
    };
    html! {
        <header class="embed-bar" data-testid="embed-bar">
            <span class="brand">{ "podlife" }</span>
            if let Some(n) = pod_name {
                <span class="pod">{ n.to_string() }</span>
            }
            <span class="kube-badge" data-testid="kube-shown" title={tr(lang, "kube-version")}>{ format!("Kubernetes 1.{}", state.kube_minor) }</span>
            <a class="open-full" href={href} target="_blank" rel="noopener">{ tr(lang, "open-full") }</a>
        </header>
    }
}
