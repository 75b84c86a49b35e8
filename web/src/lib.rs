//! The podlife playground (Yew, client-side rendered): editor → manifest front end → engine
//! trace → views, each a pure function of (trace, t) and a small view state.

#![forbid(unsafe_code)]

pub mod app;
pub mod editor;
pub mod gallery;
pub mod i18n;
pub mod model;
pub mod share;
pub mod timeline;
pub mod why;

pub use app::App;
pub use model::{analyse, Analysis};

/// The example shown on first load: the course notes' liveness-exec pod.
pub const DEFAULT_EXAMPLE: &str = include_str!("../default-example.yaml");

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
