//! Event types, reasons and sources, named once (the kubelet's pkg/kubelet/events/event.go,
//! rules §13.2). Every event the engine records spells its type and reason through these.

/// Event types (`core/v1` EventTypeNormal / EventTypeWarning).
pub(crate) const NORMAL: &str = "Normal";
pub(crate) const WARNING: &str = "Warning";

/// Event sources (`source.component` / reportingController).
pub(crate) const KUBELET: &str = "kubelet";
pub(crate) const DEFAULT_SCHEDULER: &str = "default-scheduler";
pub(crate) const NODE_CONTROLLER: &str = "node-controller";
pub(crate) const TAINT_EVICTION_CONTROLLER: &str = "taint-eviction-controller";

/// The involved object of a pod-level event (container events name their fieldPath).
pub(crate) const POD_OBJECT: &str = "pod";

// Container lifecycle (kuberuntime).
pub(crate) const CREATED: &str = "Created";
pub(crate) const STARTED: &str = "Started";
pub(crate) const FAILED: &str = "Failed";
pub(crate) const KILLING: &str = "Killing";
pub(crate) const BACK_OFF: &str = "BackOff";
pub(crate) const FAILED_POST_START_HOOK: &str = "FailedPostStartHook";
pub(crate) const FAILED_PRE_STOP_HOOK: &str = "FailedPreStopHook";

// Images (image manager).
pub(crate) const PULLING: &str = "Pulling";
pub(crate) const PULLED: &str = "Pulled";
pub(crate) const ERR_IMAGE_NEVER_PULL: &str = "ErrImageNeverPull";

// Probes (prober).
pub(crate) const UNHEALTHY: &str = "Unhealthy";
pub(crate) const PROBE_WARNING: &str = "ProbeWarning";

// Pod (active deadline).
pub(crate) const DEADLINE_EXCEEDED: &str = "DeadlineExceeded";

// Control plane.
pub(crate) const SCHEDULED: &str = "Scheduled";
pub(crate) const FAILED_SCHEDULING: &str = "FailedScheduling";
pub(crate) const NODE_NOT_READY: &str = "NodeNotReady";
pub(crate) const TAINT_MANAGER_EVICTION: &str = "TaintManagerEviction";
