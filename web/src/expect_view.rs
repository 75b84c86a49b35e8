//! The Scenario's expectations (`spec.expect`) in the page: each verdict as
//! `podlife test` gives it (the same function, `podlife_report::expect`), in the reader's
//! language; a click goes to its instant and highlights its YAML lines.

use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::model::Run;
use crate::types::{class_names, Msg, Which};

/// `✓ 2 ✗ 1`: the tab's badge (`None` without expectations).
pub fn badge(run: &Run, lang: Lang) -> Option<(usize, usize)> {
    let o = run.outcomes(lang);
    (!o.is_empty()).then(|| {
        let passed = o.iter().filter(|x| x.passed).count();
        (passed, o.len() - passed)
    })
}

/// The list of verdicts of one run; `selected` is the expectation clicked last.
pub fn list(
    run: &Run,
    which: Which,
    lang: Lang,
    selected: Option<usize>,
    send: &Callback<Msg>,
) -> Html {
    let outcomes = run.outcomes(lang);
    if outcomes.is_empty() {
        return html! { <p class="why-hint" data-testid="expectations">{ tr(lang, "no-expect") }</p> };
    }
    let (passed, failed) = badge(run, lang).unwrap_or_default();
    let head = match lang {
        Lang::En => format!("{passed} passed, {failed} failed"),
        Lang::Zh => zh_format!(
            "{passed} 项通过，{failed} 项未通过",
            passed = passed,
            failed = failed
        ),
    };
    html! {
        <div class="expectations" data-testid="expectations">
            <p class={class_names(&[Some("exp-head"), (failed > 0).then_some("bad")])}>{ head }</p>
            <ol class="exp-list">
                { for outcomes.iter().map(|o| {
                    let i = o.index;
                    let path = run.loaded.expectations.get(i).map(|e| e.path.clone()).unwrap_or_default();
                    let name = run.loaded.expectations.get(i).and_then(|e| e.name.clone());
                    html! {
                        <li class={class_names(&[Some(if o.passed { "pass" } else { "fail" }), (selected == Some(i)).then_some("selected")])}>
                            <button class="exp-item" data-index={i.to_string()} data-passed={o.passed.to_string()}
                                onclick={send.reform(move |_| Msg::Expect(which, i))}>
                                <span class="exp-verdict">{ if o.passed { "✓ " } else { "✗ " } }{ tr(lang, if o.passed { "passed" } else { "failed" }) }</span>
                                <span class="exp-path">{ path }{ name.map(|n| format!(" ({n})")).unwrap_or_default() }</span>
                                <span class="exp-summary">{ o.summary.clone() }</span>
                                <span class="exp-observed">{ o.observed.clone() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
