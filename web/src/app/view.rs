//! The page: header, editor pane, timeline pane, kubectl pane, footer.

use crate::compare;
use crate::dialogs;
use crate::i18n::tr;
use crate::inspect::{CompareView, Inspect};
use crate::layout::{pane_tabs, splitter};
use crate::timeline_pane;
use crate::transport::{transport, TransportProps};
use crate::types::{class_names, Msg, Pane, Split, Which};
use crate::why;
use yew::prelude::*;

use super::App;

impl App {
    pub(super) fn view_app(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let send = Self::send(ctx);
        let embed = self.link.embed.as_ref();
        let view = self.link.view;
        let pane = match self.layout.pane {
            Pane::Editor => "pane-editor",
            Pane::Timeline => "pane-timeline",
            Pane::Kubectl => "pane-kubectl",
        };
        let view_class = embed.map(|_| format!("view-{}", view.as_str()));
        let classes = class_names(&[
            Some("wb"),
            embed.map(|_| "embed"),
            view_class.as_deref(),
            embed.filter(|p| p.readonly).map(|_| "readonly"),
            embed.filter(|p| !p.controls).map(|_| "no-controls"),
            self.layout.phone.then_some("phone"),
            self.layout.wide.then_some("wide"),
            Some(pane),
            self.help.then_some("modal-open"),
        ]);
        let desktop = embed.is_none() && !self.layout.phone;
        let until = self.until();
        html! {
            <div class={classes} id="app-ready" data-view={view.as_str()} ref={self.refs.root.clone()}>
                if embed.is_some() {
                    { dialogs::embed_bar(&self.share_state(), self.pod_name().as_deref(), lang) }
                } else {
                    { self.view_header(&send) }
                }
                if self.shared && embed.is_none() {
                    { dialogs::share_dialog(&self.share_state(), view, self.pod_name().as_deref(), self.copied, lang, &send, self.view_export(&send)) }
                }
                { dialogs::banners(self.link.error.as_deref(), &self.link.notes, self.link.prev_draft.is_some(), lang, &send) }
                { transport(&TransportProps {
                    lang,
                    t: self.clock.t,
                    until,
                    playing: self.clock.playing,
                    time_edit: self.time_edit.clone(),
                    speed: self.clock.speed,
                    zoom: self.clock.zoom,
                    version: embed.is_none().then_some(self.shown_minor()),
                    send: send.clone(),
                }) }
                if self.layout.phone && embed.is_none() {
                    { pane_tabs(self.layout.pane, lang, &send) }
                }
                <main class="wb-main">
                    { self.view_editor_pane(ctx) }
                    if desktop {
                        { splitter(Split::Editor, self.layout.editor, lang, &send) }
                    }
                    <div class="wb-run">
                        <section class={class_names(&[Some("wb-timeline"), self.stale.then_some("stale")])} data-pane="timeline"
                            aria-label={tr(lang, "timeline")}>
                            if self.stale {
                                <p class="stale-banner" role="status" data-testid="stale">{ tr(lang, "stale") }</p>
                            }
                            { self.view_timeline(&send) }
                        </section>
                        if desktop {
                            { splitter(Split::Timeline, self.layout.timeline, lang, &send) }
                        }
                        <section class={class_names(&[Some("wb-inspect"), self.stale.then_some("stale")])} data-pane="kubectl"
                            aria-label={tr(lang, "views")}>
                            { self.view_inspect(&send) }
                        </section>
                    </div>
                </main>
                if embed.is_none() {
                    { self.view_footer() }
                }
                <div class="sr-only" aria-live="polite" data-testid="narration">{ self.narration.clone() }</div>
                if self.help {
                    { dialogs::help_dialog(lang, &self.refs.help_close, &send) }
                }
            </div>
        }
    }

    pub(super) fn view_header(&self, send: &Callback<Msg>) -> Html {
        crate::header::header(&crate::header::HeaderProps {
            lang: self.lang,
            minor: self.profile.minor,
            loaded: self.loaded.map(|l| l.0),
            edited: self.loaded.is_some_and(|(_, t)| t != self.draft),
            comparing: self.comparing().is_some(),
            shared: self.shared,
            menu: self.menu && self.layout.phone,
            more_ref: &self.refs.more,
            menu_first_ref: &self.refs.menu_first,
            send,
        })
    }

    pub(super) fn view_editor_pane(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let editor = if self.editor.is_some() || crate::editor::available() {
            html! { <div class="cm-host" ref={self.refs.editor.clone()}></div> }
        } else {
            let oninput = ctx.link().callback(|e: InputEvent| {
                let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                Msg::Edit(area.value())
            });
            html! {
                <>
                    <div ref={self.refs.editor.clone()}></div>
                    <textarea data-testid="editor" spellcheck="false" aria-label={tr(lang, "editor-label")}
                        value={self.draft.clone()} {oninput} />
                </>
            }
        };
        let (diagnostics, run) = match (self.editor_side, self.comparing()) {
            (Which::B, Some(c)) => (c.diagnostics.clone(), c.run.as_ref()),
            _ => (self.diagnostics.clone(), self.run.as_ref()),
        };
        html! {
            <section class="wb-editor" data-pane="editor" aria-label={tr(lang, "manifest")}>
                <h2 class="pane-title">{ tr(lang, "manifest") }</h2>
                if let Some(c) = self.comparing() {
                    { compare::editor_strip(self.editor_side, c.stale, lang, &Self::send(ctx)) }
                }
                { editor }
                <p class="editor-hint" data-testid="editor-hint">
                    <span class="hint-idle">{ tr(lang, "hint-idle") }</span>
                    <span class="hint-focus">{ tr(lang, "hint-focus") }</span>
                    <span class="hint-editing">{ tr(lang, "hint-editing") }</span>
                </p>
                <div class="diag-box">
                    <h2 class="pane-title">{ tr(lang, "diagnostics") }</h2>
                    <crate::panels::Diagnostics {diagnostics} {lang} />
                    if let (Some(ms), Some(run)) = (self.last_run_ms, run) {
                        <p class="run-stats" data-testid="run-stats">{ crate::panels::run_stats(ms, run, lang) }</p>
                    }
                </div>
            </section>
        }
    }

    pub(super) fn view_timeline(&self, send: &Callback<Msg>) -> Html {
        let lang = self.lang;
        let Some(run) = &self.run else {
            return html! {
                <div class="timeline-scroll" ref={self.refs.chart.clone()}>
                    <p class="no-run">{ tr(lang, "no-run") }</p>
                </div>
            };
        };
        if let Some(html) = self.view_compare_timeline(send) {
            return html;
        }
        let scale = self.clock.scale(self.until(), self.layout.chart_width);
        timeline_pane::pane(
            run,
            self.clock.t,
            scale,
            lang,
            self.tl_focus.as_ref().filter(|_| self.tl_keys),
            &self.refs.chart,
            send,
        )
    }

    pub(super) fn view_inspect(&self, send: &Callback<Msg>) -> Html {
        let Some(run) = &self.run else {
            return html! { <p class="no-run">{ tr(self.lang, "no-run") }</p> };
        };
        Inspect {
            run,
            t: self.clock.t,
            lang: self.lang,
            tab: self.tab,
            side: self.side,
            side_shown: self.side_shown,
            wide: self.layout.wide,
            log_container: self.log_container.as_deref(),
            previous: self.previous,
            pick: self.pick.as_ref(),
            actions: &self.actions,
            stale: self.stale,
            send,
            compare: self.comparing().and_then(|c| {
                Some(CompareView {
                    run: c.run.as_ref()?,
                    diff: c.diff.as_deref(),
                    selected: self.diff_sel,
                })
            }),
            pick_b: self.pick_b,
            expect_sel: self.expect_sel,
        }
        .view()
    }

    pub(super) fn view_footer(&self) -> Html {
        let lang = self.lang;
        html! {
            <footer class="wb-footer">
                <span>{ tr(lang, "footer") }</span>
                <a href={why::rule_url("§9")} target="_blank" rel="noopener">{ tr(lang, "rules-doc") }</a>
                <a href={why::concept_url("§1", lang)} target="_blank" rel="noopener">{ tr(lang, "pod-lifecycle") }</a>
                <span class="keys-hint">{ tr(lang, "keys-hint") }</span>
            </footer>
        }
    }
}
