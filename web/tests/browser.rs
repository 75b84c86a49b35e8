//! The app mounted in a real (headless) Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<podlife_web::App>::with_root(root.clone()).render();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

fn diagnostics_text(root: &Element) -> String {
    root.query_selector("[data-testid=diagnostics]")
        .unwrap()
        .expect("diagnostics panel")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn renders_the_default_example_and_its_diagnostics() {
    let root = mount();
    settle().await;
    let editor: HtmlTextAreaElement = root
        .query_selector("[data-testid=editor]")
        .unwrap()
        .expect("editor")
        .dyn_into()
        .unwrap();
    assert_eq!(editor.value(), podlife_web::DEFAULT_EXAMPLE);
    let expected = podlife_web::analyse(podlife_web::DEFAULT_EXAMPLE);
    let shown = diagnostics_text(&root);
    for d in &expected.diagnostics {
        assert!(shown.contains(d.as_str()), "{d:?} not shown in {shown:?}");
    }
    if expected.diagnostics.is_empty() {
        assert_eq!(shown, "No problems found.");
    }
}

#[wasm_bindgen_test]
async fn typing_broken_yaml_shows_a_located_error() {
    let root = mount();
    settle().await;
    let editor: HtmlTextAreaElement = root
        .query_selector("[data-testid=editor]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    editor.set_value("apiVersion: v1\nkind: Pod\nmetadata: [\n");
    let ev = web_sys::Event::new("input").unwrap();
    editor.dispatch_event(&ev).unwrap();
    settle().await;
    let shown = diagnostics_text(&root);
    assert!(shown.contains("pod.yaml:"), "no located diagnostic in {shown:?}");
    assert!(shown.contains(": error: "), "no error in {shown:?}");
}
