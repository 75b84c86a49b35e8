//! kubectl views at any instant: pure functions of (trace, t). Byte-exact layouts:
//! `kubectl get pods` (§4), `kubectl describe pod` (§13.3), `kubectl get pod -o yaml` and
//! `-o json` (the whole object).

mod describe;
pub mod events;
mod get;
pub(crate) mod print_pod;
pub mod tabwriter;
mod yaml;

pub use describe::{describe_pod, event_rows, EventRow};
pub use get::{get_pods, get_pods_watch, get_pods_wide, row_cells};
pub use yaml::{pod_json, pod_object, pod_yaml};
