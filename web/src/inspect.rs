//! The inspect pane: `kubectl get pods` always on top, then the kubectl panels (describe,
//! `-o yaml`, logs, `kubectl events`, `get -w`) and the side panels (why, actions) as tabs; on
//! wide screens the side panel stands next to the kubectl panel.

use std::rc::Rc;

use podlife_engine::views;
use podlife_spec::SimTime;
use yew::prelude::*;

use crate::actions::{ActionRows, ActionState};
use crate::i18n::{tr, Lang};
use crate::lines::Lines;
use crate::model::{self, Run};
use crate::types::{
    always, class_names, maybe, on_check, on_select, secs_text, Msg, Pick, Side, Tab, Which,
};
use crate::versions;
use crate::why;

/// Run B of a comparison, as the inspect pane shows it next to A.
pub struct CompareView<'a> {
    pub run: &'a Rc<Run>,
    pub diff: Option<&'a podlife_report::diff::Diff>,
    /// The difference clicked last.
    pub selected: Option<usize>,
}

/// Everything the pane shows, borrowed from the app for one render.
pub struct Inspect<'a> {
    pub run: &'a Rc<Run>,
    pub t: SimTime,
    pub lang: Lang,
    pub tab: Tab,
    pub side: Side,
    /// Narrow screens show one panel: the side one when this is set.
    pub side_shown: bool,
    pub wide: bool,
    pub log_container: Option<&'a str>,
    pub previous: bool,
    pub pick: Option<&'a Pick>,
    pub actions: &'a ActionState,
    pub stale: bool,
    pub send: &'a Callback<Msg>,
    /// While comparing: B (its kubectl panels stand next to A's) and the differences tab.
    pub compare: Option<CompareView<'a>>,
    /// The pick is on B's run.
    pub pick_b: bool,
    /// The expectation clicked last.
    pub expect_sel: Option<(Which, usize)>,
}

impl Inspect<'_> {
    pub fn view(&self) -> Html {
        let lang = self.lang;
        let send = self.send;
        let main_shown = self.wide || !self.side_shown;
        let side_shown = self.wide || self.side_shown;
        let tab = |which: Tab, label: &'static str| {
            let selected = self.tab == which && main_shown;
            html! {
                <button role="tab" aria-selected={selected.to_string()} data-tab={label}
                    class={class_names(&[Some("tab"), selected.then_some("active")])}
                    onclick={send.reform(move |_| Msg::Tab(which))}>{ label }</button>
            }
        };
        let side_tab = |which: Side, key: &'static str| {
            let selected = self.side == which && side_shown;
            html! {
                <button role="tab" aria-selected={selected.to_string()} data-tab={key}
                    class={class_names(&[Some("tab"), Some("side"), selected.then_some("active")])}
                    onclick={send.reform(move |_| Msg::Side(which))}>{ tr(lang, key) }</button>
            }
        };
        let get = |run: &Rc<Run>, testid: &'static str| {
            html! {
                <pre class="out get" data-testid={testid} aria-label="kubectl get pods">{
                    html! { <Lines text={format!("$ kubectl get pods\n{}", views::get_pods(&run.trace, self.t))} /> }
                }</pre>
            }
        };
        // The expectations' tab, with its verdict count, when a run has any.
        let badge = crate::expect_view::badge(self.run, lang).or_else(|| {
            self.compare
                .as_ref()
                .and_then(|c| crate::expect_view::badge(c.run, lang))
        });
        let expect_label = match badge {
            Some((p, 0)) => format!("{} ✓{p}", tr(lang, "tab-expect")),
            Some((p, f)) => format!("{} ✓{p} ✗{f}", tr(lang, "tab-expect")),
            None => String::new(),
        };
        let expect_tab = {
            let selected = self.tab == Tab::Expect && main_shown;
            html! {
                <button role="tab" aria-selected={selected.to_string()} data-tab="expect"
                    class={class_names(&[Some("tab"), selected.then_some("active"), badge.is_some_and(|b| b.1 > 0).then_some("bad")])}
                    onclick={always(send, || Msg::Tab(Tab::Expect))}>{ expect_label }</button>
            }
        };
        html! {
            <>
                if let Some(c) = &self.compare {
                    <div class="cmp-cols">
                        <div class="cmp-col"><span class="cmp-letter">{ "A" }</span>{ get(self.run, "kubectl-get") }</div>
                        <div class="cmp-col"><span class="cmp-letter">{ "B" }</span>{ get(c.run, "kubectl-get-b") }</div>
                    </div>
                } else {
                    { get(self.run, "kubectl-get") }
                }
                <div role="tablist" class="tablist" aria-label={tr(lang, "panels")}>
                    if self.compare.is_some() {
                        <button role="tab" aria-selected={(self.tab == Tab::Diff && main_shown).to_string()} data-tab="diff"
                            class={class_names(&[Some("tab"), (self.tab == Tab::Diff && main_shown).then_some("active")])}
                            onclick={always(send, || Msg::Tab(Tab::Diff))}>{ tr(lang, "tab-diff") }</button>
                    }
                    { tab(Tab::Describe, "describe") }
                    { tab(Tab::Yaml, "-o yaml") }
                    { tab(Tab::Logs, "logs") }
                    { tab(Tab::Events, "events") }
                    { tab(Tab::Watch, "get -w") }
                    if badge.is_some() {
                        { expect_tab }
                    }
                    <span class="tab-gap"></span>
                    { side_tab(Side::Why, "tab-why") }
                    { side_tab(Side::Actions, "tab-actions") }
                    { side_tab(Side::Version, "tab-version") }
                </div>
                <div class={class_names(&[Some("inspect-body"), self.wide.then_some("two")])}>
                    <div class="inspect-main" role="tabpanel" hidden={!main_shown}>{ self.panels() }</div>
                    <div class="inspect-side" role="tabpanel" hidden={!side_shown}>{
                        match self.side {
                            Side::Why => self.why(),
                            Side::Actions => self.actions(),
                            Side::Version => self.version(),
                        }
                    }</div>
                </div>
            </>
        }
    }

    /// The selected panel: A's, or A's and B's side by side while comparing (the differences
    /// once, for both).
    fn panels(&self) -> Html {
        match (&self.compare, self.tab) {
            (Some(c), Tab::Diff) => {
                crate::compare::differences(c.diff, c.selected, self.lang, self.send)
            }
            (Some(c), _) => html! {
                <div class="cmp-cols fill">
                    <div class="cmp-col"><span class="cmp-letter">{ "A" }</span>{ self.main_panel(self.run, Which::A) }</div>
                    <div class="cmp-col"><span class="cmp-letter">{ "B" }</span>{ self.main_panel(c.run, Which::B) }</div>
                </div>
            },
            (None, _) => self.main_panel(self.run, Which::A),
        }
    }

    /// The selected kubectl panel of one run (only its text is computed).
    fn main_panel(&self, run: &Rc<Run>, which: Which) -> Html {
        let trace = &run.trace;
        let t = self.t;
        let lang = self.lang;
        let send = self.send;
        match self.tab {
            Tab::Expect => crate::expect_view::list(
                run,
                which,
                lang,
                self.expect_sel.filter(|s| s.0 == which).map(|s| s.1),
                send,
            ),
            // Only while comparing (handled above); alone it is the describe panel.
            Tab::Diff => self.main_panel_describe(run),
            Tab::Describe => self.main_panel_describe(run),
            Tab::Yaml => html! {
                <pre class="out fill" data-testid="kubectl-yaml">
                    <Lines text={format!("$ kubectl get pod {} -o yaml\n{}", trace.pod.name, run.pod_yaml(t))} />
                </pre>
            },
            Tab::Logs => {
                let c = self.log_container.unwrap_or_default().to_string();
                let prev = if self.previous { " --previous" } else { "" };
                html! {
                    <div class="fill-col">
                        <div class="row-controls">
                            <label class="field">
                                <span class="field-label">{ tr(lang, "container") }</span>
                                <select onchange={on_select(send, Msg::LogContainer)}>
                                    { for run.names.iter().map(|n| html! { <option value={n.clone()} selected={*n == c}>{ n.clone() }</option> }) }
                                </select>
                            </label>
                            <label class="field check">
                                <input type="checkbox" checked={self.previous} onchange={on_check(send, Msg::Previous)} />
                                <span>{ "--previous" }</span>
                            </label>
                        </div>
                        <pre class="out fill" data-testid="kubectl-logs">
                            <Lines text={format!("$ kubectl logs {} -c {c}{prev}\n{}", trace.pod.name, model::logs(trace, t, &c, self.previous))} />
                        </pre>
                    </div>
                }
            }
            Tab::Events => self.events(run, which),
            Tab::Watch => html! {
                // The inner span in a column-reverse box keeps the newest watch line in view.
                <pre class="out fill anchored" data-testid="kubectl-watch" aria-label="kubectl get pods -w"><span>
                    <Lines text={format!("$ kubectl get pods -w\n{}", views::get_pods_watch(trace, t))} />
                </span></pre>
            },
        }
    }

    fn main_panel_describe(&self, run: &Rc<Run>) -> Html {
        let trace = &run.trace;
        html! {
            <pre class="out fill" data-testid="kubectl-describe">
                <Lines text={format!("$ kubectl describe pod {}\n{}", trace.pod.name, views::describe_pod(trace, self.t))} />
            </pre>
        }
    }

    /// `kubectl events --for pod/NAME`: one row per Event (a row explains its latest occurrence
    /// when clicked; every occurrence is a mark on the timeline's events row).
    fn events(&self, run: &Rc<Run>, which: Which) -> Html {
        let trace = &run.trace;
        let table = views::events::kubectl_events(trace, self.t);
        let lines: Vec<&str> = table.text.lines().collect();
        let send = self.send;
        let head = if table.rows.is_empty() {
            table.text.trim_end().to_string()
        } else {
            lines.first().copied().unwrap_or_default().to_string()
        };
        html! {
            <div class="out fill events" data-testid="events">
                <div class="ev-head">{ format!("$ kubectl events --for pod/{}\n{head}", trace.pod.name) }</div>
                { for table.rows.iter().map(|r| {
                    let text = lines
                        .get(r.line..(r.line + r.lines).min(lines.len()))
                        .map(|l| l.join("\n"))
                        .unwrap_or_default();
                    let warn = r.event.type_ == "Warning";
                    let index = r.index;
                    html! {
                        <button class={class_names(&[Some("ev-line"), warn.then_some("warn")])} data-reason={r.event.reason}
                            onclick={maybe(send, move |_| index.map(|i| {
                                let p = Pick::Event(i);
                                if which == Which::B { Msg::PickB(p) } else { Msg::Pick(p) }
                            }))}>{ text }</button>
                    }
                }) }
            </div>
        }
    }

    fn why(&self) -> Html {
        let lang = self.lang;
        let Some(p) = self.pick else {
            return html! { <p class="why-hint" data-testid="why-hint">{ tr(lang, "why-hint") }</p> };
        };
        let run = match (&self.compare, self.pick_b) {
            (Some(c), true) => c.run,
            _ => self.run,
        };
        let w = why::explain(run, p, lang, self.t);
        let rule = w.section.trim_start_matches('§');
        html! {
            <aside class="why" data-testid="why" aria-live="polite">
                <p class="why-title">{ w.title.clone() }</p>
                <p class="why-text">{ w.text.clone() }</p>
                <p class="ref">
                    if let Some((a, b)) = w.lines {
                        <span class="yaml-lines">{ format!("{} {a}–{b}", tr(lang, "yaml-lines")) }</span>
                    }
                    <a href={why::rule_url(w.section)} target="_blank" rel="noopener" data-testid="why-rule">
                        { format!("{} {rule}", tr(lang, "rule")) }
                    </a>
                    <a href={why::concept_url(w.section, lang)} target="_blank" rel="noopener" data-testid="why-concept">
                        { tr(lang, "concept") }
                    </a>
                </p>
                <button class="close" onclick={always(self.send, || Msg::ClearPick)}>{ tr(lang, "close") }</button>
            </aside>
        }
    }

    /// "What differs in this version": the rules of this scenario that depend on the minor,
    /// each on or off in the run's version, with its minors and its rule in the rules page.
    fn version(&self) -> Html {
        let lang = self.lang;
        let profile = self.run.trace.scenario.setup.profile();
        let differs = self.run.differs();
        let minor = profile.minor;
        html! {
            <aside class="why differs-panel" data-testid="differs" data-minor={minor.to_string()}>
                <p class="why-title">{ format!("Kubernetes 1.{minor} · {}", tr(lang, "differs-title")) }</p>
                if profile.rules < podlife_spec::ENGINE_RULES_VERSION {
                    <p class="why-text">{ versions::old_rules_note(profile.rules, lang) }</p>
                }
                if differs.is_empty() {
                    <p class="why-text">{ tr(lang, "differs-none") }</p>
                } else {
                    <ul class="differs-list">
                        { for differs.iter().map(|d| {
                            let when = format!(
                                "{} · {} 1.{minor} · ",
                                versions::minors_text(d.first, d.last),
                                if d.on { lang.pick("on in", zh!("适用于")) } else { lang.pick("off in", zh!("不适用于")) },
                            );
                            html! {
                                <li class={class_names(&[Some("differ"), d.on.then_some("on")])} data-rule={d.section}>
                                    { versions::title(d.rule, lang) }
                                    <span class="differ-when">{ when }<a href={why::rule_url(d.section)} target="_blank" rel="noopener">{ "§" }{ d.section }</a></span>
                                </li>
                            }
                        }) }
                    </ul>
                }
                <p class="ref">
                    <a href={why::rule_url("minor")} target="_blank" rel="noopener" data-testid="differs-all">{ tr(lang, "differs-all") }</a>
                </p>
            </aside>
        }
    }

    fn actions(&self) -> Html {
        let lang = self.lang;
        let exec_out = match model::exec_transcripts(&self.run.trace, self.t) {
            s if s.is_empty() => tr(lang, "no-exec").to_string(),
            s => s,
        };
        html! {
            <section class="actions" aria-label={tr(lang, "actions")}>
                // While the draft is invalid, an action would be appended to text that does not run.
                <fieldset disabled={self.stale}>
                    <p class="actions-at">{ format!("{} t = {} s", tr(lang, "actions-at"), secs_text(self.t)) }</p>
                    <ActionRows run={self.run.clone()} {lang} state={self.actions.clone()} send={self.send.clone()} />
                </fieldset>
                <pre class="out terminal anchored" data-testid="exec-output" aria-label={tr(lang, "exec-output")}><span>{ exec_out }</span></pre>
            </section>
        }
    }
}
