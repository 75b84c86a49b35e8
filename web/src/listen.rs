//! Browser listeners the app keeps while it lives (window keys, hashchange, media queries, the
//! chart's size), each removed when dropped.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// An event listener on a target, removed on drop.
pub struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    f: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    pub fn new(
        target: &web_sys::EventTarget,
        kind: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<Listener> {
        let f = Closure::wrap(Box::new(f) as Box<dyn FnMut(web_sys::Event)>);
        target
            .add_event_listener_with_callback(kind, f.as_ref().unchecked_ref())
            .ok()?;
        Some(Listener {
            target: target.clone(),
            kind,
            f,
        })
    }

    /// A listener on `window`.
    pub fn window(kind: &'static str, f: impl FnMut(web_sys::Event) + 'static) -> Option<Listener> {
        let w: web_sys::EventTarget = web_sys::window()?.into();
        Listener::new(&w, kind, f)
    }

    /// A `change` listener on a media query.
    pub fn media(query: &str, f: impl FnMut(web_sys::Event) + 'static) -> Option<Listener> {
        let m = web_sys::window()?.match_media(query).ok().flatten()?;
        Listener::new(&m.into(), "change", f)
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.f.as_ref().unchecked_ref());
    }
}

/// A ResizeObserver on one element, disconnected on drop.
pub struct Resize {
    element: web_sys::Element,
    observer: web_sys::ResizeObserver,
    _f: Closure<dyn FnMut(js_sys::Array)>,
}

impl Resize {
    /// Calls `f` with the element's content width whenever its size changes.
    pub fn new(el: &web_sys::Element, mut f: impl FnMut(f64) + 'static) -> Option<Resize> {
        let target = el.clone();
        let f = Closure::wrap(Box::new(move |_: js_sys::Array| {
            f(f64::from(target.client_width()));
        }) as Box<dyn FnMut(js_sys::Array)>);
        let observer = web_sys::ResizeObserver::new(f.as_ref().unchecked_ref()).ok()?;
        observer.observe(el);
        Some(Resize {
            element: el.clone(),
            observer,
            _f: f,
        })
    }

    /// Whether this observer watches `el` (the same DOM node).
    pub fn observes(&self, el: &web_sys::Element) -> bool {
        self.element == *el
    }
}

impl Drop for Resize {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
