//! The podlife playground (Yew, client-side rendered): editor → manifest front end → engine
//! trace → views, each a pure function of (trace, t) and a small view state.
//!
//! Module layers (each imports only from those below it; `app` composes them all):
//! - `app`: the component, its state and messages;
//! - parts of the page: `header`, `transport`, `timeline_pane`, `inspect`, `dialogs`, `layout`,
//!   `actions`, `countdown`, `panels`, `gallery`, `lines`, `timeline`;
//! - state with its rules: `clock` (playback), `link_state` (address, storage), `listen`;
//! - pure models: `model`, `versions`, `hints`, `lanes`, `why`, `share`, `editor` (the CodeMirror bridge);
//! - `types` (messages and view types shared by all), `i18n`.

#![forbid(unsafe_code)]

// First: its text macros (zh!, zh_format!, ...) are used by the modules below.
#[macro_use]
pub mod i18n;
pub mod actions;
pub mod app;
pub mod clock;
pub mod compare;
pub mod countdown;
pub mod dialogs;
pub mod editor;
pub mod expect_view;
pub mod export;
pub mod gallery;
pub mod handover;
pub mod header;
pub mod hints;
pub mod inspect;
pub mod lanes;
pub mod layout;
pub mod lines;
pub mod link_state;
pub mod listen;
pub mod model;
pub mod panels;
pub mod share;
pub mod timeline;
pub mod timeline_pane;
pub mod transport;
pub mod types;
pub mod versions;
pub mod why;

pub use app::App;
pub use model::{analyse, Analysis};

/// The example shown on first load: the course notes' liveness-exec pod.
pub const DEFAULT_EXAMPLE: &str = include_str!("../default-example.yaml");

thread_local! {
    /// The mounted app, so that the first-frame module can stop when the full one takes over
    /// ([`handover`]).
    static MOUNTED: std::cell::RefCell<Option<yew::AppHandle<App>>> = const { std::cell::RefCell::new(None) };
}

/// Mounts the app on `<body>`.
pub fn start() {
    let handle = yew::Renderer::<App>::new().render();
    MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
}

/// Sends a message to the mounted app (none once [`stop`] has run).
#[cfg(feature = "lite")]
pub(crate) fn send(msg: types::Msg) {
    MOUNTED.with(|m| {
        if let Some(handle) = m.borrow().as_ref() {
            handle.send_message(msg);
        }
    });
}

/// Unmounts the app (its DOM, listeners and timers go with it): the first-frame module, when
/// the full one takes the page over.
pub fn stop() {
    if let Some(handle) = MOUNTED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
    }
}
