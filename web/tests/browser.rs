//! The app mounted in a real (headless) Chromium by wasm-bindgen-test. The CodeMirror bundle
//! is not loaded here, so the app uses its textarea fallback for the editor.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let win = web_sys::window().unwrap();
    if let Ok(Some(s)) = win.local_storage() {
        s.clear().unwrap();
    }
    let doc = win.document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<podlife_web::App>::with_root(root.clone()).render();
    root
}

async fn settle(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

fn text_of(root: &Element, testid: &str) -> String {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {testid}"))
        .text_content()
        .unwrap_or_default()
}

fn editor(root: &Element) -> HtmlTextAreaElement {
    root.query_selector("[data-testid=editor]")
        .unwrap()
        .expect("editor")
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn renders_the_default_example_its_diagnostics_and_kubectl_get() {
    let root = mount();
    settle(50).await;
    assert_eq!(editor(&root).value(), podlife_web::DEFAULT_EXAMPLE);
    let expected = podlife_web::analyse(podlife_web::DEFAULT_EXAMPLE);
    let shown = text_of(&root, "diagnostics");
    for d in &expected.diagnostics {
        let line = podlife_web::model::render_diagnostic(d);
        assert!(shown.contains(&line), "{line:?} not shown in {shown:?}");
    }
    let get = text_of(&root, "kubectl-get");
    assert!(get.contains("NAME            READY   STATUS"), "{get}");
    assert!(get.contains("liveness-exec"), "{get}");
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_broken_yaml_shows_a_located_error_and_keeps_the_run() {
    let root = mount();
    settle(50).await;
    let ed = editor(&root);
    ed.set_value("apiVersion: v1\nkind: Pod\nmetadata: [\n");
    ed.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    // Debounced (250 ms).
    settle(400).await;
    let shown = text_of(&root, "diagnostics");
    assert!(
        shown.contains("pod.yaml:"),
        "no located diagnostic in {shown:?}"
    );
    assert!(shown.contains(": error: "), "no error in {shown:?}");
    assert!(root
        .query_selector("[data-testid=stale]")
        .unwrap()
        .is_some());
    assert!(text_of(&root, "kubectl-get").contains("liveness-exec"));
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_a_time_and_enter_jumps_there() {
    let root = mount();
    settle(50).await;
    let time: HtmlInputElement = root
        .query_selector("[data-testid=time]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    // Pause first, then type 10 and press Enter.
    root.query_selector("[data-testid=play]")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    settle(30).await;
    time.set_value("10");
    time.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    time.dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
    )
    .unwrap();
    settle(50).await;
    assert_eq!(time.value(), "10.0");
    let get = text_of(&root, "kubectl-get");
    assert!(
        get.contains("liveness-exec   1/1     Running   0          10s"),
        "{get}"
    );
    root.remove();
}
