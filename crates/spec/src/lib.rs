//! The engine's own typed model of a scenario: one Pod (API defaults already applied),
//! the Services that exist, and the simulation setup from the `kind: Scenario` document.
//!
//! This crate is the contract between the manifest front end (text → `Scenario`) and the
//! runtime model / lifecycle engine (`Scenario` → trace). It holds data only: no parsing of
//! YAML, no IO, no clock. Every collection that is iterated on an output path is ordered
//! (`Vec`, `BTreeMap` or `VecMap`), never a `HashMap`.

#![forbid(unsafe_code)]

pub mod civil;
pub mod expect;
pub mod object;
pub mod phrase;
pub mod profile;
mod quantity;
pub mod sort;
mod text_key;
mod time;
pub mod vec_map;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::vec_map::VecMap;

pub use quantity::{parse_quantity, Quantity, QuantityError};
pub use text_key::text_key;
pub use time::{format_go_duration, parse_duration, DurationError, SimTime};

/// Version of the engine's behaviour rules. Bumped whenever the same input would produce a
/// different trace; share links record it so old links replay with the rules they were made with.
/// Every rule that changed a trace says from which version it applies ([`profile::Rule`]):
/// 1 = podlife before issue 15's behaviour profiles; 2 = the per-minor kubelet, scheduler and
/// kubectl rules of issue 15 (docs/kubelet-rules.md, "Rules that depend on the minor").
pub const ENGINE_RULES_VERSION: u32 = 2;

/// Kubernetes minors whose behaviour podlife models (the behaviour profile), oldest first.
/// What differs between them: [`profile`] and docs/kubernetes-versions.md.
pub const SUPPORTED_KUBE_MINORS: [u32; 5] = [33, 34, 35, 36, 37];
/// Default profile: the newest minor (a share link records the minor it was made with, so
/// moving the default never changes an old link's run).
pub const DEFAULT_KUBE_MINOR: u32 = 37;

/// Why a Kubernetes version text was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KubeVersionError {
    /// Not of the form `1.36`, `v1.36`, `1.36.2` or `36`.
    Malformed,
    /// A well-formed minor podlife does not model.
    Unsupported(u32),
}

impl std::fmt::Display for KubeVersionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let supported: Vec<String> = SUPPORTED_KUBE_MINORS
            .iter()
            .map(|m| format!("1.{m}"))
            .collect();
        match self {
            KubeVersionError::Malformed => write!(
                f,
                "expected a Kubernetes version such as 1.{DEFAULT_KUBE_MINOR} (supported: {})",
                supported.join(", ")
            ),
            KubeVersionError::Unsupported(m) => write!(
                f,
                "Kubernetes 1.{m} is not modelled (supported: {})",
                supported.join(", ")
            ),
        }
    }
}

/// Reads a Kubernetes version as users write it: `1.36`, `v1.36`, `1.36.2` (the patch is
/// ignored: profiles are per minor) or a bare minor `36`. Returns the minor if podlife models it.
pub fn parse_kube_version(text: &str) -> Result<u32, KubeVersionError> {
    let t = text.trim();
    let t = t
        .strip_prefix('v')
        .or_else(|| t.strip_prefix('V'))
        .unwrap_or(t);
    let number = |s: &str| -> Option<u32> {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let parts: Vec<&str> = t.split('.').collect();
    let minor = match parts.len() {
        1 => number(parts[0]),
        2 | 3 if parts[0] == "1" && parts[2..].iter().all(|p| number(p).is_some()) => {
            number(parts[1])
        }
        _ => None,
    };
    let m = minor.ok_or(KubeVersionError::Malformed)?;
    if SUPPORTED_KUBE_MINORS.contains(&m) {
        Ok(m)
    } else {
        Err(KubeVersionError::Unsupported(m))
    }
}

/// Default simulated horizon (10 minutes) and the hard cap (24 hours).
pub const DEFAULT_UNTIL: SimTime = SimTime::from_secs(600);
pub const MAX_UNTIL: SimTime = SimTime::from_secs(24 * 3600);

/// Everything one simulation run needs. Produced by `podlife-manifest`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub pod: Pod,
    /// Services defined by `kind: Service` documents: they exist from t=0.
    pub services: Vec<ServiceRef>,
    pub setup: Setup,
}

/// The Pod object as the API server stores it after defaulting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pod {
    pub namespace: String,
    pub name: String,
    /// Deterministic UID (derived from namespace/name by the front end), used in event texts
    /// such as `pod=<name>_<ns>(<uid>)`.
    pub uid: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// `Kind/name` of the controller whose template produced this pod (e.g. `ReplicaSet/web-7d9c5b8f4`).
    pub controlled_by: Option<String>,
    pub spec: PodSpec,
    /// The Pod as the API server stored it at creation (apiVersion, kind, metadata, spec: every
    /// default and admission change applied, fields the minor drops removed), for
    /// `kubectl get pod -o yaml/json`; the views add what the cluster writes later (status,
    /// nodeName, resourceVersion, ...). Built by the manifest front end; `None` for scenarios
    /// built in code. Not part of the trace JSON (docs/trace-format.md).
    #[serde(skip)]
    pub stored: Option<object::Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PodSpec {
    pub init_containers: Vec<Container>,
    pub containers: Vec<Container>,
    pub restart_policy: RestartPolicy,
    /// Defaulted to 30.
    pub termination_grace_period_seconds: i64,
    pub active_deadline_seconds: Option<i64>,
    /// Set by the user: the scheduler is bypassed.
    pub node_name: Option<String>,
    pub node_selector: BTreeMap<String, String>,
    /// `readinessGates[].conditionType`, in spec order.
    pub readiness_gates: Vec<String>,
    pub volumes: Vec<Volume>,
    /// Defaulted to true.
    pub automount_service_account_token: bool,
    /// Defaulted to `default`.
    pub service_account_name: String,
    pub hostname: Option<String>,
    pub subdomain: Option<String>,
    pub host_network: bool,
    pub priority: i32,
    pub tolerations: Vec<Toleration>,
    /// Defaulted to `default-scheduler`.
    pub scheduler_name: String,
    pub dns_policy: String,
    pub enable_service_links: bool,
    /// `schedulingGates[].name`, in spec order: while any is left the scheduler does not
    /// consider the pod (docs/kubernetes-versions.md V3.4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scheduling_gates: Vec<String>,
}

/// The API defaults of an empty pod spec (no containers yet).
impl Default for PodSpec {
    fn default() -> Self {
        PodSpec {
            init_containers: Vec::new(),
            containers: Vec::new(),
            restart_policy: RestartPolicy::Always,
            termination_grace_period_seconds: 30,
            active_deadline_seconds: None,
            node_name: None,
            node_selector: BTreeMap::new(),
            readiness_gates: Vec::new(),
            volumes: Vec::new(),
            automount_service_account_token: true,
            service_account_name: "default".to_string(),
            hostname: None,
            subdomain: None,
            host_network: false,
            priority: 0,
            tolerations: Vec::new(),
            scheduler_name: "default-scheduler".to_string(),
            dns_policy: "ClusterFirst".to_string(),
            enable_service_links: true,
            scheduling_gates: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RestartPolicy {
    Always,
    OnFailure,
    Never,
}

impl RestartPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            RestartPolicy::Always => "Always",
            RestartPolicy::OnFailure => "OnFailure",
            RestartPolicy::Never => "Never",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toleration {
    pub key: Option<String>,
    pub operator: String,
    pub value: Option<String>,
    pub effect: Option<String>,
    pub toleration_seconds: Option<i64>,
}

/// Which list a container came from, and whether it is a sidecar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ContainerKind {
    /// A regular init container (runs to completion, one at a time).
    Init,
    /// An init container with `restartPolicy: Always`.
    Sidecar,
    /// An entry of `spec.containers`.
    Regular,
}

impl ContainerKind {
    /// The trace JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerKind::Init => "init",
            ContainerKind::Sidecar => "sidecar",
            ContainerKind::Regular => "regular",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub image_pull_policy: PullPolicy,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub working_dir: Option<String>,
    pub ports: Vec<ContainerPort>,
    /// Literal `value` env vars in order; `valueFrom` entries carry `value: None`.
    pub env: Vec<EnvVar>,
    pub resources: Resources,
    pub volume_mounts: Vec<VolumeMount>,
    pub liveness_probe: Option<Probe>,
    pub readiness_probe: Option<Probe>,
    pub startup_probe: Option<Probe>,
    pub lifecycle: Lifecycle,
    /// The container-level restart policy. On an init container `Always` makes it a sidecar.
    /// From Kubernetes 1.35 (ContainerRestartRules) any container may set any policy; the front
    /// end rejects or drops what the profile's API server would (docs/kubernetes-versions.md V4).
    pub restart_policy: Option<RestartPolicy>,
    /// `restartPolicyRules`, in order (1.35+; KEP-5307): the first rule matching an exit decides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restart_rules: Vec<ContainerRestartRule>,
    /// Defaulted to `/dev/termination-log`.
    pub termination_message_path: String,
    /// Defaulted to `File`.
    pub termination_message_policy: String,
    pub stdin: bool,
    pub tty: bool,
}

impl Container {
    /// `{name, image}` as the API server stores it after defaulting, except that the pull policy
    /// is always `IfNotPresent` (the tag rule lives in the manifest front end). For tests and
    /// tools that build scenarios in code: set the fields that matter with struct update syntax.
    pub fn new(name: impl Into<String>, image: impl Into<String>) -> Container {
        Container {
            name: name.into(),
            image: image.into(),
            image_pull_policy: PullPolicy::IfNotPresent,
            command: Vec::new(),
            args: Vec::new(),
            working_dir: None,
            ports: Vec::new(),
            env: Vec::new(),
            resources: Resources::default(),
            volume_mounts: Vec::new(),
            liveness_probe: None,
            readiness_probe: None,
            startup_probe: None,
            lifecycle: Lifecycle::default(),
            restart_policy: None,
            restart_rules: Vec::new(),
            termination_message_path: "/dev/termination-log".to_string(),
            termination_message_policy: "File".to_string(),
            stdin: false,
            tty: false,
        }
    }

    pub fn is_sidecar(&self) -> bool {
        self.restart_policy == Some(RestartPolicy::Always)
    }
}

/// One entry of a container's `restartPolicyRules`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerRestartRule {
    pub action: RestartRuleAction,
    /// `exitCodes.operator` is `In` (true) or `NotIn` (false).
    pub exit_codes_in: bool,
    /// `exitCodes.values`.
    pub exit_codes: Vec<i32>,
}

impl ContainerRestartRule {
    /// Whether the rule matches a container that exited with `code`
    /// (pkg/api/v1/pod/util.go FindMatchingContainerRestartRule).
    pub fn matches(&self, code: i32) -> bool {
        self.exit_codes.contains(&code) == self.exit_codes_in
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RestartRuleAction {
    /// Restart the container that exited.
    Restart,
    /// Restart every container of the pod in place (1.36+, KEP-5532).
    RestartAllContainers,
}

impl RestartRuleAction {
    pub fn as_str(self) -> &'static str {
        match self {
            RestartRuleAction::Restart => "Restart",
            RestartRuleAction::RestartAllContainers => "RestartAllContainers",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PullPolicy {
    Always,
    IfNotPresent,
    Never,
}

impl PullPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            PullPolicy::Always => "Always",
            PullPolicy::IfNotPresent => "IfNotPresent",
            PullPolicy::Never => "Never",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub container_port: u16,
    /// Defaulted to `TCP`.
    pub protocol: String,
    pub host_port: Option<u16>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvVar {
    pub name: String,
    pub value: Option<String>,
}

/// Requests and limits after defaulting (a missing request equals the limit).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resources {
    pub requests: VecMap<String, Quantity>,
    pub limits: VecMap<String, Quantity>,
}

impl Resources {
    pub fn request_milli(&self, resource: &str) -> Option<i128> {
        self.requests.get(resource).map(|q| q.milli)
    }
    pub fn limit_milli(&self, resource: &str) -> Option<i128> {
        self.limits.get(resource).map(|q| q.milli)
    }
    /// Memory limit in bytes, if set.
    pub fn memory_limit_bytes(&self) -> Option<i128> {
        self.limit_milli("memory").map(|m| m / 1000)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeMount {
    pub name: String,
    pub mount_path: String,
    pub sub_path: Option<String>,
    pub read_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volume {
    pub name: String,
    pub source: VolumeSource,
}

/// What podlife models of a volume. Every other real volume type is accepted by the front end
/// and lands here as `Other` with its Kubernetes field name (e.g. `configMap`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VolumeSource {
    EmptyDir,
    HostPath { path: String },
    Other { kind: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    pub handler: ProbeHandler,
    pub initial_delay_seconds: i32,
    pub timeout_seconds: i32,
    pub period_seconds: i32,
    pub success_threshold: i32,
    pub failure_threshold: i32,
    pub termination_grace_period_seconds: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProbeHandler {
    Exec { command: Vec<String> },
    HttpGet(HttpGet),
    TcpSocket { port: PortRef, host: Option<String> },
    Grpc { port: u16, service: Option<String> },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpGet {
    /// Defaulted to `/`.
    pub path: String,
    pub port: PortRef,
    pub host: Option<String>,
    /// Defaulted to `HTTP`.
    pub scheme: String,
    pub headers: Vec<(String, String)>,
}

/// A port as written (`80` or `http`) and the number it resolves to against the container's
/// declared ports (`None` when a name does not resolve; the front end reports that).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortRef {
    pub written: String,
    pub number: Option<u16>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifecycle {
    pub post_start: Option<LifecycleHandler>,
    pub pre_stop: Option<LifecycleHandler>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LifecycleHandler {
    Exec { command: Vec<String> },
    HttpGet(HttpGet),
    TcpSocket { port: PortRef, host: Option<String> },
    Sleep { seconds: i64 },
}

/// A Service that makes a cluster DNS name resolvable.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ServiceRef {
    pub namespace: String,
    pub name: String,
}

/// The `kind: Scenario` document, defaults applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    pub name: Option<String>,
    pub until: SimTime,
    /// Kubernetes minor of the behaviour profile, e.g. 35 for "1.35".
    pub kube_minor: u32,
    /// Engine rules version the run uses ([`ENGINE_RULES_VERSION`] unless a share link made
    /// with older rules is replayed): with `kube_minor`, the key of every version rule
    /// ([`Setup::profile`]).
    #[serde(default = "current_rules_version")]
    pub rules_version: u32,
    /// At least one node; default one Ready node `node-1` (cpu 4, memory 8Gi, pods 110).
    pub nodes: Vec<Node>,
    pub registry: Registry,
    /// Per container name: overrides of what the runtime model infers.
    pub behavior: VecMap<String, Behavior>,
    /// User actions sorted by time (stable: equal times keep document order).
    pub actions: Vec<Action>,
    /// Seed for any modelled jitter (default 0). The engine uses a named portable PRNG.
    pub seed: u64,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            name: None,
            until: DEFAULT_UNTIL,
            kube_minor: DEFAULT_KUBE_MINOR,
            rules_version: ENGINE_RULES_VERSION,
            nodes: vec![Node::default()],
            registry: Registry::default(),
            behavior: VecMap::new(),
            actions: Vec::new(),
            seed: 0,
        }
    }
}

fn current_rules_version() -> u32 {
    ENGINE_RULES_VERSION
}

impl Setup {
    /// The behaviour profile of this run: the minor and the rules version (clamped to the
    /// versions this build knows: a link from a newer podlife runs with this build's rules,
    /// and says so).
    pub fn profile(&self) -> profile::Profile {
        profile::Profile::new(self.kube_minor, self.rules_version)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub cpu_milli: i128,
    pub memory_bytes: i128,
    pub pods: u32,
    /// Images already present on the node (exact references as written in the pod).
    pub images: Vec<String>,
    pub taints: Vec<Taint>,
}

impl Default for Node {
    fn default() -> Self {
        Node {
            name: "node-1".to_string(),
            labels: BTreeMap::new(),
            cpu_milli: 4000,
            memory_bytes: 8 * 1024 * 1024 * 1024,
            pods: 110,
            images: Vec::new(),
            taints: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taint {
    pub key: String,
    pub value: Option<String>,
    pub effect: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    /// How long one successful pull takes.
    pub pull: SimTime,
    /// Image references whose pulls fail (as written in the pod).
    pub missing: Vec<String>,
}

impl Default for Registry {
    fn default() -> Self {
        Registry {
            pull: SimTime::from_secs(2),
            missing: Vec::new(),
        }
    }
}

/// Scenario overrides for one container's process.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Behavior {
    /// The main process exits this long after it starts.
    pub exit_after: Option<SimTime>,
    /// Exit code used with `exit_after` (default 0).
    pub exit_code: Option<i32>,
    /// Working set the process allocates (bytes).
    pub memory_bytes: Option<i128>,
    /// The process starts listening on its ports this long after start.
    pub listen_after: Option<SimTime>,
    /// PID 1 ignores SIGTERM (dies only at SIGKILL).
    pub ignore_sigterm: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub at: SimTime,
    pub kind: ActionKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionKind {
    /// `kubectl exec <pod> -c <container> -- <command...>`; container `None` = the first one.
    Exec {
        container: Option<String>,
        command: Vec<String>,
    },
    /// `kubectl delete pod`; `force` = `--grace-period=0 --force`.
    Delete {
        grace_period_seconds: Option<i64>,
        force: bool,
    },
    CreateService(ServiceRef),
    RemoveService(ServiceRef),
    /// The pod's node stops reporting.
    NodeDown,
    NodeUp,
    /// `kubectl patch pod` removing scheduling gates (the Scenario's `removeSchedulingGates`):
    /// the named ones, or all of them when `names` is empty.
    RemoveSchedulingGates {
        names: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn sidecar_is_init_with_always() {
        let mut c = Container::new("s", "busybox");
        assert!(!c.is_sidecar());
        c.restart_policy = Some(RestartPolicy::Always);
        assert!(c.is_sidecar());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn kube_versions_as_users_write_them() {
        for t in ["1.36", "v1.36", "V1.36", "1.36.2", "v1.36.10", " 36 "] {
            assert_eq!(parse_kube_version(t), Ok(36), "{t}");
        }
        assert_eq!(
            parse_kube_version("1.32"),
            Err(KubeVersionError::Unsupported(32))
        );
        assert_eq!(
            parse_kube_version("38"),
            Err(KubeVersionError::Unsupported(38))
        );
        assert_eq!(
            parse_kube_version("1"),
            Err(KubeVersionError::Unsupported(1))
        );
        for t in [
            "", "2.36", "1.36.x", "1.36.2.1", "one.36", "1.", "v", "1.-36", "99999",
        ] {
            assert_eq!(
                parse_kube_version(t),
                Err(KubeVersionError::Malformed),
                "{t}"
            );
        }
        assert_eq!(
            KubeVersionError::Unsupported(32).to_string(),
            "Kubernetes 1.32 is not modelled (supported: 1.33, 1.34, 1.35, 1.36, 1.37)"
        );
        assert!(SUPPORTED_KUBE_MINORS.contains(&DEFAULT_KUBE_MINOR));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn restart_rule_matching() {
        let rule = |inn, codes: &[i32]| ContainerRestartRule {
            action: RestartRuleAction::Restart,
            exit_codes_in: inn,
            exit_codes: codes.to_vec(),
        };
        assert!(rule(true, &[42]).matches(42));
        assert!(!rule(true, &[42]).matches(1));
        assert!(rule(false, &[0]).matches(1));
        assert!(!rule(false, &[0]).matches(0));
        assert!(!rule(true, &[]).matches(0));
        assert!(rule(false, &[]).matches(0));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn new_fields_do_not_change_the_serialized_scenario_when_empty() {
        let s = serde_json::to_string(&PodSpec::default()).unwrap();
        assert!(!s.contains("scheduling_gates"));
        let c = serde_json::to_string(&Container::new("a", "b")).unwrap();
        assert!(!c.contains("restart_rules"));
        // And old serializations still read.
        let back: PodSpec = serde_json::from_str(&s).unwrap();
        assert!(back.scheduling_gates.is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn default_setup_has_one_node() {
        let s = Setup::default();
        assert_eq!(s.nodes.len(), 1);
        assert_eq!(s.nodes[0].name, "node-1");
        assert_eq!(s.nodes[0].memory_bytes, 8_589_934_592);
        assert_eq!(s.until, SimTime::from_secs(600));
    }
}
