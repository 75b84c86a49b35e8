//! The podlife playground (Yew, client-side rendered). The app is a function of its state:
//! the user's draft text and what the front end and engine make of it.

#![forbid(unsafe_code)]

use yew::prelude::*;

/// The example shown on first load: the course notes' liveness-exec pod.
pub const DEFAULT_EXAMPLE: &str = include_str!("../default-example.yaml");

/// What the page shows for one draft: the diagnostics of the manifest front end.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub diagnostics: Vec<String>,
    pub loaded: bool,
}

/// Pure: draft text → what the panels show. Kept out of the components so it is testable.
pub fn analyse(text: &str) -> Analysis {
    let loaded = podlife_manifest::load(text);
    Analysis {
        diagnostics: loaded
            .diagnostics
            .iter()
            .map(|d| d.render("pod.yaml"))
            .collect(),
        loaded: loaded.scenario.is_some(),
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let draft = use_state(|| DEFAULT_EXAMPLE.to_string());
    let analysis = use_memo((*draft).clone(), |text| analyse(text));

    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            draft.set(area.value());
        })
    };

    html! {
        <div class="app" id="app-ready">
            <header class="top">
                <h1>{ "podlife" }</h1>
                <p class="tagline">{ "The life of a Kubernetes Pod, as the kubelet drives it." }</p>
            </header>
            <main class="panes">
                <section class="pane">
                    <h2>{ "Manifest" }</h2>
                    <textarea
                        data-testid="editor"
                        spellcheck="false"
                        aria-label="Pod manifest (YAML)"
                        value={(*draft).clone()}
                        {oninput}
                    />
                </section>
                <section class="pane">
                    <h2>{ "Diagnostics" }</h2>
                    <ul data-testid="diagnostics" class="diagnostics">
                        if analysis.diagnostics.is_empty() {
                            <li class="ok">{ "No problems found." }</li>
                        }
                        { for analysis.diagnostics.iter().map(|d| html! { <li>{ d }</li> }) }
                    </ul>
                </section>
            </main>
        </div>
    }
}

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
