//! Small panels of the editor pane: the draft's diagnostics and the run's statistics.

use std::rc::Rc;

use podlife_manifest::Diagnostic;
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::model::Run;
use crate::types::class_names;

#[derive(Properties)]
pub struct DiagnosticsProps {
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub lang: Lang,
}

impl PartialEq for DiagnosticsProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.diagnostics, &o.diagnostics) && self.lang == o.lang
    }
}

/// The draft's diagnostics (a component: they change with an analysis, not with the playhead).
/// The API server's messages stay as it writes them; ours are in the reader's language.
#[function_component(Diagnostics)]
pub fn diagnostics_list(p: &DiagnosticsProps) -> Html {
    let lang = p.lang;
    html! {
        <ul data-testid="diagnostics" class="diagnostics">
            if p.diagnostics.is_empty() {
                <li class="ok">{ tr(lang, "no-problems") }</li>
            }
            { for p.diagnostics.iter().map(|d| html! {
                <li class={class_names(&[Some("diag"), Some(d.severity.as_str())])}>{ crate::hints::render(d, lang) }</li>
            }) }
        </ul>
    }
}

/// "Parsed and simulated in 3.2 ms · 66 events · 9 frames".
pub fn run_stats(ms: f64, run: &Run, lang: Lang) -> String {
    let events = run.trace.events.len();
    let frames = run.trace.frames.len();
    match lang {
        Lang::En => {
            format!("Parsed and simulated in {ms:.1} ms · {events} events · {frames} status frames")
        }
        Lang::Zh => zh_format!(
            "解析并模拟用时 {ms:.1} 毫秒 · {events} 个事件 · {frames} 个状态帧",
            ms = ms,
            events = events,
            frames = frames
        ),
    }
}
