//! The bridge to the CodeMirror 6 editor (web/editor/editor.src.js, exposed by boot.js as
//! `window.podlifeEditor`). When the bundle is absent (e.g. in the wasm-bindgen tests), the
//! app uses a plain textarea instead.

use podlife_manifest::Diagnostic;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[derive(Clone)]
    pub type CmEditor;

    #[wasm_bindgen(catch, js_namespace = podlifeEditor, js_name = create)]
    fn cm_create(
        parent: &web_sys::Element,
        text: &str,
        on_change: &Closure<dyn FnMut(String)>,
        label: &str,
        read_only: bool,
    ) -> Result<CmEditor, JsValue>;

    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &CmEditor, text: &str);

    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &CmEditor, diags: &js_sys::Array);

    #[wasm_bindgen(method, js_name = refreshDiagnostics)]
    fn refresh_diagnostics(this: &CmEditor);

    #[wasm_bindgen(method)]
    fn highlight(this: &CmEditor, first: u32, last: u32);
}

/// A mounted editor and the closure it calls on every change (kept alive with it).
pub struct Editor {
    cm: CmEditor,
    _on_change: Closure<dyn FnMut(String)>,
}

/// Whether boot.js loaded the editor bundle.
pub fn available() -> bool {
    web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &JsValue::from_str("podlifeEditor")).unwrap_or(false))
        .unwrap_or(false)
}

impl Editor {
    pub fn mount(
        parent: &web_sys::Element,
        text: &str,
        label: &str,
        read_only: bool,
        on_change: impl FnMut(String) + 'static,
    ) -> Option<Editor> {
        if !available() {
            return None;
        }
        let closure = Closure::wrap(Box::new(on_change) as Box<dyn FnMut(String)>);
        let cm = cm_create(parent, text, &closure, label, read_only).ok()?;
        Some(Editor {
            cm,
            _on_change: closure,
        })
    }

    pub fn set_text(&self, text: &str) {
        self.cm.set_text(text);
    }

    /// The draft's diagnostics as lint marks, in the reader's language (`hints::render`).
    pub fn set_diagnostics(&self, diags: &[Diagnostic], lang: crate::i18n::Lang) {
        let arr = js_sys::Array::new();
        for d in diags {
            let o = js_sys::Object::new();
            let set = |k: &str, v: JsValue| {
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
            };
            set("line", JsValue::from(d.line as u32));
            set("column", JsValue::from(d.column as u32));
            set("endLine", JsValue::from(d.end_line as u32));
            set("endColumn", JsValue::from(d.end_column as u32));
            set("severity", JsValue::from_str(d.severity.as_str()));
            set("message", JsValue::from_str(&crate::hints::render(d, lang)));
            arr.push(&o);
        }
        self.cm.set_diagnostics(&arr);
    }

    /// [`Editor::set_diagnostics`] again with the last list given (the text may have changed).
    pub fn refresh_diagnostics(&self) {
        self.cm.refresh_diagnostics();
    }

    /// Highlights lines `first..=last` (1-based); `None` clears.
    pub fn highlight(&self, lines: Option<(usize, usize)>) {
        match lines {
            Some((a, b)) => self.cm.highlight(a as u32, b as u32),
            None => self.cm.highlight(0, 0),
        }
    }
}
