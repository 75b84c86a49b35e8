//! Behaviour profiles: what differs between the Kubernetes minors podlife models.
//!
//! Versions are data. Every rule or text that differs between minors lives here, keyed by the
//! minor, with the Kubernetes source it comes from; the front end, the engine and the views ask
//! the [`Profile`] instead of comparing minors themselves. The research behind each entry (exact
//! texts per minor, confidence, what podlife does with it) is `docs/kubernetes-versions.md`; the
//! rule ids (`V1.1`, …) are that document's.

use crate::SUPPORTED_KUBE_MINORS;

/// Maturity of a feature gate in one minor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Alpha,
    Beta,
    Ga,
    Deprecated,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Alpha => "Alpha",
            Stage::Beta => "Beta",
            Stage::Ga => "GA",
            Stage::Deprecated => "Deprecated",
        }
    }
}

/// A gate's stage and default in one minor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GateState {
    pub stage: Stage,
    pub enabled: bool,
}

/// One feature gate that changes what a user sees for a Pod.
#[derive(Clone, Copy, Debug)]
pub struct Gate {
    pub name: &'static str,
    /// Per supported minor (index 0 = 1.33 … 4 = 1.37): `None` = the gate does not exist (not
    /// yet, or removed after GA, which behaves as enabled: see [`Gate::enabled`]).
    pub states: [Option<GateState>; 5],
}

const fn st(stage: Stage, enabled: bool) -> Option<GateState> {
    Some(GateState { stage, enabled })
}
const A0: Option<GateState> = st(Stage::Alpha, false);
const B0: Option<GateState> = st(Stage::Beta, false);
const B1: Option<GateState> = st(Stage::Beta, true);
const GA: Option<GateState> = st(Stage::Ga, true);
const NO: Option<GateState> = None;

/// The gates that change a Pod's API fields or lifecycle, with their default per minor; the
/// comment above each says what it changes for one Pod. Source, unless the comment names
/// another: `pkg/features/kube_features.go` versioned specs (kubernetes master 2026-07-29,
/// vendored in kubernetes-sigs/provider-aws-test-infra), cross-checked with the 1.35
/// kube-apiserver and 1.36 kube-scheduler `--feature-gates` references and the release notes
/// (docs/kubernetes-versions.md section G). What it affects and where it was read stay comments:
/// this table is in the web app's first load.
pub const GATES: &[Gate] = &[
    // container-level restartPolicy and restartPolicyRules (KEP-5307).
    Gate {
        name: "ContainerRestartRules",
        states: [NO, A0, B1, B1, B1],
    },
    // restart rule action RestartAllContainers, condition AllContainersRestarting (KEP-5532).
    Gate {
        name: "RestartAllContainersOnContainerExits",
        states: [NO, NO, A0, B1, B1],
    },
    // status.observedGeneration and conditions[].observedGeneration (KEP-5067).
    Gate {
        name: "PodObservedGenerationTracking",
        states: [A0, B1, GA, GA, GA],
    },
    // the PodReadyToStartContainers condition (KEP-3085).
    Gate {
        name: "PodReadyToStartContainersCondition",
        states: [B1, B1, B1, B1, GA],
    },
    // lifecycle.stopSignal (dropped while off, KEP-4960).
    Gate {
        name: "ContainerStopSignals",
        states: [A0, A0, A0, A0, A0],
    },
    // init containers with restartPolicy: Always (removed after GA in 1.37, #137755).
    Gate {
        name: "SidecarContainers",
        states: [GA, GA, GA, GA, NO],
    },
    // the sleep lifecycle handler (GA 1.34, #132595). Source:
    // test/compatibility_lifecycle/reference/versioned_feature_list.yaml (1.34-dev);
    // CHANGELOG-1.34.
    Gate {
        name: "PodLifecycleSleepAction",
        states: [B1, GA, GA, GA, NO],
    },
    // the Pulled event text for a present image (V1.2).
    Gate {
        name: "KubeletEnsureSecretPulledImages",
        states: [A0, A0, B1, B1, B1],
    },
    // spec.hostnameOverride.
    Gate {
        name: "HostnameOverride",
        states: [NO, A0, B1, B1, GA],
    },
    // env[].valueFrom.fileKeyRef.
    Gate {
        name: "EnvFiles",
        states: [NO, A0, B1, B1, B1],
    },
    // spec.resources (pod-level requests and limits).
    Gate {
        name: "PodLevelResources",
        states: [A0, B1, B1, B1, B1],
    },
    // resizePolicy, container status resources.
    Gate {
        name: "InPlacePodVerticalScaling",
        states: [B1, B1, GA, GA, GA],
    },
    // status.resources and status.allocatedResources of the whole pod (#132919).
    Gate {
        name: "InPlacePodLevelResourcesVerticalScaling",
        states: [NO, NO, A0, B1, B1],
    },
    // volumes[].image (dropped with its mounts while off).
    Gate {
        name: "ImageVolume",
        states: [B0, B0, B1, GA, GA],
    },
    // toleration operators Lt and Gt.
    Gate {
        name: "TaintTolerationComparisonOperators",
        states: [NO, NO, A0, A0, A0],
    },
    // zone/region node labels copied onto the pod at binding.
    Gate {
        name: "PodTopologyLabelsAdmission",
        states: [A0, A0, B1, B1, B1],
    },
    // projected clusterTrustBundle sources.
    Gate {
        name: "ClusterTrustBundleProjection",
        states: [B0, B0, B0, B0, GA],
    },
    // projected podCertificate sources.
    Gate {
        name: "PodCertificateRequest",
        states: [NO, A0, B0, B0, GA],
    },
    // spec.workloadRef (1.35) / spec.schedulingGroup (1.36+).
    Gate {
        name: "GenericWorkload",
        states: [NO, NO, A0, A0, B0],
    },
    // spec.resourceClaims and containers[].resources.claims (GA 1.34, #132706). Source:
    // test/compatibility_lifecycle/reference/versioned_feature_list.yaml (1.34-dev);
    // CHANGELOG-1.34.
    Gate {
        name: "DynamicResourceAllocation",
        states: [B0, GA, GA, GA, GA],
    },
    // nothing by default: only a per-node maxContainerRestartPeriod when configured.
    Gate {
        name: "KubeletCrashLoopBackOffMax",
        states: [A0, A0, B1, B1, B1],
    },
    // httpGet.protocol.
    Gate {
        name: "H2CContainerProbe",
        states: [NO, NO, NO, NO, A0],
    },
    // grpc.mode.
    Gate {
        name: "GRPCContainerProbeTLS",
        states: [NO, NO, NO, NO, A0],
    },
    // volumeMounts[].bindMountOptions.
    Gate {
        name: "VolumeBindMountOptions",
        states: [NO, NO, NO, NO, A0],
    },
    // emptyDir.mode.
    Gate {
        name: "EmptyDirVolumeMode",
        states: [NO, NO, NO, NO, A0],
    },
    // spec.evictionResponders.
    Gate {
        name: "EvictionRequestAPI",
        states: [NO, NO, NO, NO, A0],
    },
    // user/defaultUser of projected, configMap, secret and downwardAPI volumes.
    Gate {
        name: "AtomicWriteVolumeUserFields",
        states: [NO, NO, NO, NO, A0],
    },
];

/// Index of a supported minor in the per-minor arrays (`None` for an unsupported one).
pub fn minor_index(minor: u32) -> Option<usize> {
    SUPPORTED_KUBE_MINORS.iter().position(|m| *m == minor)
}

impl Gate {
    /// The gate's state in `minor`: `None` when the gate does not exist there.
    pub fn state(&self, minor: u32) -> Option<GateState> {
        minor_index(minor).and_then(|i| self.states[i])
    }

    /// Whether the gate's behaviour is on by default in `minor`. A gate removed after GA counts
    /// as on; one that does not exist yet as off.
    pub fn enabled(&self, minor: u32) -> bool {
        match self.state(minor) {
            Some(s) => s.enabled,
            None => {
                // After the last minor where it existed: removed after GA (on); before: not yet.
                let Some(i) = minor_index(minor) else {
                    return false;
                };
                self.states[..i]
                    .iter()
                    .rev()
                    .flatten()
                    .next()
                    .is_some_and(|s| s.stage == Stage::Ga)
            }
        }
    }
}

/// The gate named `name`, if it is in [`GATES`].
pub fn gate(name: &str) -> Option<&'static Gate> {
    GATES.iter().find(|g| g.name == name)
}

/// A rule of the engine, the runtime model or the kubectl views whose behaviour depends on the
/// profile: on the Kubernetes minor, and on the engine rules version when the rule changed the
/// trace of an input that already ran before (so a share link made with older rules replays as
/// it was made). Each rule's key is one row of [`RULE_KEYS`]; the rule itself, with the minors
/// and the Kubernetes source, is the `§` rule of docs/kubelet-rules.md named below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// §14.1: the kubelet's Created/Started events name no container.
    ContainerEventsWithoutName,
    /// §14.2: Pulled for a present image adds "and can be accessed by the pod".
    ImagePresentAccessibleByPod,
    /// §14.3: kubectl describe prefixes an event's message with its fieldPath.
    DescribeEventFieldPath,
    /// §14.4: status.observedGeneration and conditions[].observedGeneration.
    ObservedGeneration,
    /// §14.4: metadata.generation in the trace's frames.
    MetadataGeneration,
    /// §11.8: spec.schedulingGates keep the pod Pending (SchedulingGated) until removed.
    SchedulingGates,
    /// §14.5: FailedScheduling's taint reason names no taint.
    TaintReasonWithoutKeyValue,
    /// §14.6: FailedScheduling carries the DRA post-filter text before preemption's.
    DraPostFilterMessage,
    /// §11.7: the preemption part of FailedScheduling is counted per node.
    PreemptionPerNode,
    /// §14.7: container-level restartPolicy and restartPolicyRules decide restarts.
    ContainerRestartRules,
    /// §14.8: the RestartAllContainers action and the AllContainersRestarting condition.
    RestartAllContainers,
    /// §14.9: PodReadyToStartContainers turns True when the sandbox is ready.
    ReadyToStartAtSandboxReady,
    /// §14.10: PodReadyToStartContainers=False carries reason and message.
    SandboxNotReadyReason,
    /// §14.11: exec readiness probes do not run while the pod terminates.
    NoExecReadinessWhileTerminating,
    /// §3.11: the termination message (file or log tail) in the terminated state.
    TerminationMessages,
    /// §11.9: runaway memory (a doubling string) ends in the OOM killer, limit or not.
    RunawayMemoryOomKilled,
    /// §13.5: the API server drops an Event an hour after its last write (--event-ttl).
    EventTtl,
    /// §15.1: `awk` runs its program (busybox awk, or mawk in Debian images).
    AwkPrograms,
}

/// The key of one [`Rule`]: it applies to minors `first..=last` of runs whose rules version is
/// at least `rules` (1 = every run, also links from before rules versions mattered).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleKey {
    pub rule: Rule,
    /// The rule's number in docs/kubelet-rules.md (`"14.1"`), where the page links.
    pub section: &'static str,
    pub first: u32,
    pub last: u32,
    pub rules: u32,
}

const fn key(rule: Rule, section: &'static str, first: u32, last: u32, rules: u32) -> RuleKey {
    RuleKey {
        rule,
        section,
        first,
        last,
        rules,
    }
}

/// One row per [`Rule`], in declaration order (indexed by `rule as usize`); the comment says
/// where the minors come from. The rules version is the one that brought the rule in.
pub const RULE_KEYS: &[RuleKey] = &[
    // kubernetes#134043 (1.35), kuberuntime_container.go startContainer.
    key(Rule::ContainerEventsWithoutName, "14.1", 35, 37, 2),
    // gate KubeletEnsureSecretPulledImages (on from 1.35); modelled before rules versions.
    key(Rule::ImagePresentAccessibleByPod, "14.2", 35, 37, 1),
    // kubectl v0.35.0 pkg/describe/describe.go DescribeEvents, kubernetes#133627.
    key(Rule::DescribeEventFieldPath, "14.3", 35, 37, 2),
    // gate PodObservedGenerationTracking (on from 1.34).
    key(Rule::ObservedGeneration, "14.4", 34, 37, 2),
    // pkg/registry/core/pod/strategy.go PrepareForCreate: every supported minor (CHANGELOG-1.33
    // #130181); the trace carries it from rules v2.
    key(Rule::MetadataGeneration, "14.4", 33, 37, 2),
    // gate PodSchedulingReadiness (GA since 1.30): every supported minor.
    key(Rule::SchedulingGates, "11.8", 33, 37, 2),
    // kubernetes#134740 (1.35), cherry-pick #135023 (1.34.2).
    key(Rule::TaintReasonWithoutKeyValue, "14.5", 34, 37, 2),
    // gate DynamicResourceAllocation (GA 1.34): the DynamicResources plugin's PostFilter.
    key(Rule::DraPostFilterMessage, "14.6", 34, 37, 2),
    // scheduler's preemption: every supported minor (a podlife fix).
    key(Rule::PreemptionPerNode, "11.7", 33, 37, 2),
    // gate ContainerRestartRules (on from 1.35).
    key(Rule::ContainerRestartRules, "14.7", 35, 37, 2),
    // gate RestartAllContainersOnContainerExits (on from 1.36).
    key(Rule::RestartAllContainers, "14.8", 36, 37, 2),
    // kubernetes#134660 (1.36).
    key(Rule::ReadyToStartAtSandboxReady, "14.9", 36, 37, 2),
    // kubernetes#135300 (1.37).
    key(Rule::SandboxNotReadyReason, "14.10", 37, 37, 2),
    // kubernetes#140881 / #140882: the 1.35 regression (fixed for 1.37; 1.36.0 unaffected).
    key(Rule::NoExecReadinessWhileTerminating, "14.11", 35, 35, 2),
    // kuberuntime_container.go getTerminationMessage: every supported minor (a podlife fix).
    key(Rule::TerminationMessages, "3.11", 33, 37, 2),
    // The kernel's OOM killer, containerd's TaskOOM -> OOMKilled: every supported minor (a
    // podlife fix: runaway strings were a busy loop).
    key(Rule::RunawayMemoryOomKilled, "11.9", 33, 37, 2),
    // kube-apiserver --event-ttl (default 1 h, every supported minor; a podlife fix: the views
    // kept every Event).
    key(Rule::EventTtl, "13.5", 33, 37, 2),
    // The images' awk (busybox awk, Debian's mawk): every supported minor (was a no-op).
    key(Rule::AwkPrograms, "15.1", 33, 37, 2),
];

/// A Kubernetes minor's behaviour, and the engine rules version a run uses: the questions the
/// front end, engine and views ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    pub minor: u32,
    /// Engine rules version (`crate::ENGINE_RULES_VERSION` for a new run; older for a share
    /// link made with older rules).
    pub rules: u32,
}

impl Profile {
    /// The profile of a supported minor, with the current rules.
    pub fn for_minor(minor: u32) -> Option<Profile> {
        minor_index(minor).map(|_| Profile {
            minor,
            rules: crate::ENGINE_RULES_VERSION,
        })
    }

    /// The profile of `minor` (as given: an unsupported minor has no minor-dependent rule on)
    /// with `rules` clamped to the versions this build knows.
    pub fn new(minor: u32, rules: u32) -> Profile {
        Profile {
            minor,
            rules: rules.clamp(1, crate::ENGINE_RULES_VERSION),
        }
    }

    /// Whether `rule` applies to this profile (its [`RULE_KEYS`] row).
    pub fn has(self, rule: Rule) -> bool {
        let k = RULE_KEYS[rule as usize];
        self.rules >= k.rules && (k.first..=k.last).contains(&self.minor)
    }

    /// `1.35`.
    pub fn version(self) -> String {
        format!("1.{}", self.minor)
    }

    fn gate_on(self, name: &str) -> bool {
        gate(name).is_some_and(|g| g.enabled(self.minor))
    }

    /// §14.1: the kubelet's Normal `Created` event message. 1.35 dropped the container name
    /// (kubernetes#134043, pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer).
    pub fn created_event_message(self, container: &str) -> String {
        if self.has(Rule::ContainerEventsWithoutName) {
            "Container created".to_string()
        } else {
            format!("Created container: {container}")
        }
    }

    /// §14.1: the kubelet's Normal `Started` event message (same source).
    pub fn started_event_message(self, container: &str) -> String {
        if self.has(Rule::ContainerEventsWithoutName) {
            "Container started".to_string()
        } else {
            format!("Started container {container}")
        }
    }

    /// §14.2: Normal `Pulled` for an image already on the node (images/image_manager.go
    /// EnsureImageExists; the longer text with KubeletEnsureSecretPulledImages on, 1.35+).
    pub fn image_present_message(self, image: &str) -> String {
        if self.has(Rule::ImagePresentAccessibleByPod) {
            format!(
                "Container image \"{image}\" already present on machine and can be accessed by the pod"
            )
        } else {
            format!("Container image \"{image}\" already present on machine")
        }
    }

    /// §14.9: the kubelet writes PodReadyToStartContainers=True as soon as the sandbox is
    /// ready, before pulling images (kubernetes#134660, 1.36); before, after the first SyncPod.
    pub fn ready_to_start_at_sandbox_ready(self) -> bool {
        self.has(Rule::ReadyToStartAtSandboxReady)
    }

    /// §14.10: reason and message of PodReadyToStartContainers=False (kubernetes#135300, 1.37;
    /// pkg/kubelet/types/constants.go): before the first sandbox exists "no pod sandbox exists";
    /// once it is stopped the SandboxNotReady text, which was not read in source (UNCONFIRMED:
    /// "pod sandbox is not ready"). `None` = no reason or message.
    pub fn sandbox_not_ready_condition(
        self,
        sandbox_exists: bool,
    ) -> Option<(&'static str, &'static str)> {
        let message = if sandbox_exists {
            "pod sandbox is not ready"
        } else {
            "no pod sandbox exists"
        };
        self.has(Rule::SandboxNotReadyReason)
            .then_some(("PodSandboxNotReady", message))
    }

    /// §14.4: status.observedGeneration and conditions[].observedGeneration are written
    /// (PodObservedGenerationTracking on: beta 1.34, GA 1.35).
    pub fn observed_generation(self) -> bool {
        self.has(Rule::ObservedGeneration)
    }

    /// V4.1: the API server accepts container-level restartPolicy and restartPolicyRules
    /// (ContainerRestartRules on: beta 1.35). The kubelet side is [`Rule::ContainerRestartRules`].
    pub fn container_restart_rules(self) -> bool {
        self.gate_on("ContainerRestartRules")
    }

    /// V2.3/V8.2: the API server accepts the RestartAllContainers action
    /// (RestartAllContainersOnContainerExits on: beta 1.36). The kubelet side is
    /// [`Rule::RestartAllContainers`].
    pub fn restart_all_containers(self) -> bool {
        self.gate_on("RestartAllContainersOnContainerExits")
    }

    /// §14.5: the TaintToleration filter reason in FailedScheduling. Since kubernetes#134740
    /// (1.35, cherry-picked to 1.34 as #135023) keys and values are no longer shown.
    pub fn untolerated_taint_reason(self, key: &str, value: &str) -> String {
        if self.has(Rule::TaintReasonWithoutKeyValue) {
            "node(s) had untolerated taint(s)".to_string()
        } else {
            format!("node(s) had untolerated taint {{{key}: {value}}}")
        }
    }

    /// §14.6: the DynamicResources scheduler plugin's PostFilter text, joined with `, ` before
    /// default preemption's in FailedScheduling (enabled by default with
    /// DynamicResourceAllocation GA in 1.34; observed cluster output).
    pub fn dra_post_filter_message(self) -> Option<&'static str> {
        self.has(Rule::DraPostFilterMessage)
            .then_some("no new claims to deallocate")
    }

    /// §14.3: kubectl describe prefixes an event's message with its involvedObject.fieldPath
    /// (kubectl 1.35, kubernetes#133627, pkg/describe/describe.go DescribeEvents).
    pub fn describe_event_field_path(self) -> bool {
        self.has(Rule::DescribeEventFieldPath)
    }

    /// V7.2: what `kubectl exec -c <container>` prints for a container the pod does not have.
    /// kubectl 1.36 checks it client-side and lists the valid names
    /// (pkg/cmd/util/podcmd/podcmd.go; `all` = regular, then `x (ephem)`, then `x (init)`).
    pub fn exec_unknown_container_message(self, container: &str, pod: &str, all: &str) -> String {
        if self.minor >= 36 {
            format!("error: container {container} is not valid for pod {pod} out of: {all}")
        } else {
            format!(
                "Error from server (BadRequest): container {container} is not valid for pod {pod}"
            )
        }
    }

    /// V4.2: `field.TooLong` (1.35) or `field.TooMany` (1.36+, kubernetes#137136) for too many
    /// restart rules or exit codes: the message after the path.
    pub fn too_many_items_message(self, count: usize, max: usize) -> String {
        if self.minor >= 36 {
            format!("Too many: {count}: must have at most {max} items")
        } else {
            format!("Too long: may not be more than {max} bytes")
        }
    }
}

/// A rule whose behaviour depends on the minor, for the "what differs in this version" note.
#[derive(Clone, Copy, Debug)]
pub struct VersionRule {
    /// The rule id in docs/kubernetes-versions.md.
    pub id: &'static str,
    pub title: &'static str,
    /// The first minor with the newer behaviour.
    pub since: u32,
    pub source: &'static str,
}

/// The version-dependent rules podlife models or validates, oldest change first.
pub const VERSION_RULES: &[VersionRule] = &[
    VersionRule {
        id: "V3.2",
        title: "status.observedGeneration and conditions[].observedGeneration are set",
        since: 34,
        source: "KEP-5067; pkg/api/pod/util.go dropDisabledPodStatusFields",
    },
    VersionRule {
        id: "V4.1",
        title: "container-level restartPolicy: Forbidden (1.33), silently dropped (1.34), allowed (1.35+)",
        since: 34,
        source: "pkg/apis/core/validation/validation.go validateContainers; pkg/api/pod/util.go dropContainerRestartRules",
    },
    VersionRule {
        id: "V6.1",
        title: "FailedScheduling no longer names untolerated taint keys and values",
        since: 34,
        source: "kubernetes#134740, #135023 (1.34 cherry-pick)",
    },
    VersionRule {
        id: "V6.3",
        title: "FailedScheduling carries \"no new claims to deallocate\" before preemption's text",
        since: 34,
        source: "DynamicResourceAllocation GA (dynamicresources PostFilter); observed cluster output",
    },
    VersionRule {
        id: "V1.1",
        title: "Created/Started events read \"Container created\" / \"Container started\"",
        since: 35,
        source: "kubernetes#134043, pkg/kubelet/kuberuntime/kuberuntime_container.go",
    },
    VersionRule {
        id: "V1.2",
        title: "Pulled for a present image adds \"and can be accessed by the pod\"",
        since: 35,
        source: "pkg/kubelet/images/image_manager.go; KubeletEnsureSecretPulledImages beta",
    },
    VersionRule {
        id: "V4.2",
        title: "restartPolicyRules validated and honoured",
        since: 35,
        source: "pkg/apis/core/validation/validation.go validateContainerRestartPolicy; KEP-5307",
    },
    VersionRule {
        id: "V7.1",
        title: "kubectl describe prefixes container event messages with the fieldPath",
        since: 35,
        source: "kubectl pkg/describe/describe.go DescribeEvents, kubernetes#133627",
    },
    VersionRule {
        id: "V4.5",
        title: "toleration operators Lt/Gt listed as supported values (gate off)",
        since: 35,
        source: "pkg/apis/core/validation/validation.go ValidateTolerations",
    },
    VersionRule {
        id: "V2.1",
        title: "PodReadyToStartContainers turns True before the image pull",
        since: 36,
        source: "kubernetes#134660",
    },
    VersionRule {
        id: "V2.3",
        title: "restart rule action RestartAllContainers and condition AllContainersRestarting",
        since: 36,
        source: "KEP-5532; pkg/kubelet/status/generate.go",
    },
    VersionRule {
        id: "V7.2",
        title: "kubectl exec -c <unknown> lists the valid containers",
        since: 36,
        source: "kubectl pkg/cmd/util/podcmd/podcmd.go, kubernetes#136973",
    },
    VersionRule {
        id: "V2.2",
        title: "PodReadyToStartContainers=False has reason PodSandboxNotReady and a message",
        since: 37,
        source: "kubernetes#135300",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_gate_row_has_one_entry_per_supported_minor_and_a_comment() {
        for g in GATES {
            assert_eq!(g.states.len(), SUPPORTED_KUBE_MINORS.len());
        }
        // What a gate affects (and a source other than kube_features.go) is the comment above
        // its entry.
        let text = include_str!("profile.rs");
        let lines: Vec<&str> = text.lines().collect();
        let mut entries = 0;
        for (i, l) in lines.iter().enumerate() {
            if l.trim() == "Gate {" {
                entries += 1;
                assert!(
                    lines[i - 1].trim_start().starts_with("// "),
                    "{}",
                    lines[i + 1]
                );
            }
        }
        assert_eq!(entries, GATES.len());
        let mut names: Vec<&str> = GATES.iter().map(|g| g.name).collect();
        crate::sort::sort(&mut names);
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "a gate is listed twice");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn gate_defaults_per_minor() {
        let g = gate("ContainerRestartRules").unwrap();
        let on: Vec<bool> = [33, 34, 35, 36, 37].iter().map(|m| g.enabled(*m)).collect();
        assert_eq!(on, [false, false, true, true, true]);
        assert_eq!(g.state(33), None);
        assert_eq!(g.state(34).map(|s| s.stage), Some(Stage::Alpha));
        // Removed after GA: still on.
        assert!(gate("SidecarContainers").unwrap().enabled(37));
        assert!(gate("SidecarContainers").unwrap().state(37).is_none());
        // Not yet: off.
        assert!(!gate("EmptyDirVolumeMode").unwrap().enabled(36));
        // Unsupported minor: off.
        assert!(!gate("SidecarContainers").unwrap().enabled(32));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn texts_per_minor() {
        let p = |m| Profile::for_minor(m).unwrap();
        assert_eq!(p(34).created_event_message("app"), "Created container: app");
        assert_eq!(p(35).created_event_message("app"), "Container created");
        assert_eq!(p(33).started_event_message("app"), "Started container app");
        assert_eq!(p(37).started_event_message("app"), "Container started");
        assert!(!p(34).image_present_message("i").ends_with("by the pod"));
        assert!(p(35).image_present_message("i").ends_with("by the pod"));
        assert_eq!(
            p(33).untolerated_taint_reason("dedicated", "gpu"),
            "node(s) had untolerated taint {dedicated: gpu}"
        );
        assert_eq!(
            p(36).untolerated_taint_reason("dedicated", "gpu"),
            "node(s) had untolerated taint(s)"
        );
        assert_eq!(p(33).dra_post_filter_message(), None);
        for m in 34..=37 {
            assert_eq!(
                p(m).dra_post_filter_message(),
                Some("no new claims to deallocate")
            );
        }
        assert!(!p(33).observed_generation() && p(34).observed_generation());
        assert!(!p(34).container_restart_rules() && p(35).container_restart_rules());
        assert!(!p(35).restart_all_containers() && p(36).restart_all_containers());
        assert_eq!(p(36).sandbox_not_ready_condition(false), None);
        assert_eq!(
            p(37).sandbox_not_ready_condition(false),
            Some(("PodSandboxNotReady", "no pod sandbox exists"))
        );
        assert_eq!(
            p(37).sandbox_not_ready_condition(true),
            Some(("PodSandboxNotReady", "pod sandbox is not ready"))
        );
        assert_eq!(
            p(35).too_many_items_message(21, 20),
            "Too long: may not be more than 20 bytes"
        );
        assert_eq!(
            p(36).too_many_items_message(21, 20),
            "Too many: 21: must have at most 20 items"
        );
        assert!(Profile::for_minor(32).is_none());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn rule_keys_are_indexed_by_rule_and_within_the_supported_minors() {
        for (i, k) in RULE_KEYS.iter().enumerate() {
            assert_eq!(k.rule as usize, i, "{:?} out of place", k.rule);
            assert!(minor_index(k.first).is_some() && minor_index(k.last).is_some());
            assert!(k.first <= k.last);
            assert!((1..=crate::ENGINE_RULES_VERSION).contains(&k.rules));
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn rules_that_follow_a_gate_hold_exactly_where_it_is_on() {
        for (rule, name) in [
            (
                Rule::ImagePresentAccessibleByPod,
                "KubeletEnsureSecretPulledImages",
            ),
            (Rule::ObservedGeneration, "PodObservedGenerationTracking"),
            (Rule::DraPostFilterMessage, "DynamicResourceAllocation"),
            (Rule::ContainerRestartRules, "ContainerRestartRules"),
            (
                Rule::RestartAllContainers,
                "RestartAllContainersOnContainerExits",
            ),
        ] {
            for m in SUPPORTED_KUBE_MINORS {
                let p = Profile::for_minor(m).unwrap();
                assert_eq!(
                    p.has(rule),
                    gate(name).unwrap().enabled(m),
                    "{rule:?} 1.{m}"
                );
            }
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn older_rules_versions_keep_the_behaviour_their_links_were_made_with() {
        // Rules v1: podlife before issue 15 phase 2, in every minor.
        let v1 = |m| Profile::new(m, 1);
        assert_eq!(
            v1(37).created_event_message("app"),
            "Created container: app"
        );
        assert!(!v1(37).describe_event_field_path());
        assert_eq!(v1(36).dra_post_filter_message(), None);
        assert!(v1(37).image_present_message("i").ends_with("by the pod"));
        assert!(!v1(33).image_present_message("i").ends_with("by the pod"));
        for k in RULE_KEYS.iter().filter(|k| k.rules > 1) {
            assert!(SUPPORTED_KUBE_MINORS.iter().all(|m| !v1(*m).has(k.rule)));
        }
        // Out-of-range versions are clamped: 0 reads as 1, a newer podlife's as this one's.
        assert_eq!(Profile::new(35, 0).rules, 1);
        assert_eq!(Profile::new(35, 99).rules, crate::ENGINE_RULES_VERSION);
        // An unsupported minor has no minor-dependent rule.
        assert!(!Profile::new(32, 2).has(Rule::SchedulingGates));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn version_rules_are_ordered_and_within_the_supported_minors() {
        let mut last = 0;
        for r in VERSION_RULES {
            assert!(r.since >= last, "{} out of order", r.id);
            assert!(minor_index(r.since).is_some(), "{} since {}", r.id, r.since);
            last = r.since;
        }
    }
}
