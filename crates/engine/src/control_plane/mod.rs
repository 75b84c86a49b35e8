//! The parts of the control plane a user sees around one pod: the scheduler (binding or
//! FailedScheduling), the API object's deletion, and the node lifecycle controller with
//! taint eviction when the node is lost.

pub(crate) mod deletion;
pub(crate) mod node_lifecycle;
pub(crate) mod scheduler;
