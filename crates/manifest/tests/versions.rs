//! The API server of each supported Kubernetes minor (1.33–1.37): which fields exist, which it
//! drops silently, and how it validates what depends on the minor, each with its exact message
//! and position (docs/kubernetes-versions.md §V4, §V5). The minor is chosen as users choose it:
//! the Scenario document's `kubernetesVersion`, or `LoadOptions` (the CLI flag, a link).

use podlife_manifest::{load, load_with, LoadOptions, Loaded, Severity};
use podlife_spec::{ActionKind, RestartPolicy, RestartRuleAction};

/// `pod_yaml` followed by a Scenario document choosing `minor`.
fn as_minor(minor: u32, pod_yaml: &str) -> Loaded {
    load(&format!(
        "{pod_yaml}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.{minor}\"\n"
    ))
}

fn rendered(l: &Loaded, severity: Severity) -> Vec<String> {
    l.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        // Only the version hints (not the lint advice on probes, limits and tags).
        .filter(|d| severity != Severity::Hint || d.message.to_string().contains("API server"))
        .map(|d| d.render("f").trim_start_matches("f:").to_string())
        .collect()
}

#[track_caller]
fn errors(minor: u32, pod_yaml: &str, expect: &[&str]) -> Loaded {
    let l = as_minor(minor, pod_yaml);
    assert_eq!(
        rendered(&l, Severity::Error),
        expect,
        "1.{minor}:\n{pod_yaml}"
    );
    l
}

/// A Pod whose `spec:` body is `spec` (indented by 2 already); `spec:` is line 5.
fn pod(spec: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec}")
}

const REGULAR_POLICY: &str = "  containers:\n  - name: c\n    image: i\n    restartPolicy: Never\n";

#[test]
fn container_restart_policy_on_a_regular_container_per_minor() {
    let pod_yaml = pod(REGULAR_POLICY);
    errors(
        33,
        &pod_yaml,
        &["9:5: error: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"],
    );
    // 1.34: ContainerRestartRules is alpha and off: the field is dropped, the pod runs.
    let l = errors(34, &pod_yaml, &[]);
    let sc = l.scenario.clone().expect("1.34 runs");
    assert_eq!(sc.pod.spec.containers[0].restart_policy, None);
    assert_eq!(
        rendered(&l, Severity::Hint),
        ["9:5: hint: spec.containers[0].restartPolicy: dropped without an error by the Kubernetes 1.34 API server: feature gate ContainerRestartRules is off by default in 1.34"]
    );
    assert!(!l.defaulted_yaml().unwrap().contains("restartPolicy: Never"));
    for m in [35, 36, 37] {
        let l = errors(m, &pod_yaml, &[]);
        let sc = l.scenario.clone().expect("runs");
        assert_eq!(sc.setup.kube_minor, m);
        assert_eq!(
            sc.pod.spec.containers[0].restart_policy,
            Some(RestartPolicy::Never)
        );
        // Accepted and simulated (rules v2): nothing to warn about.
        assert_eq!(rendered(&l, Severity::Warning), Vec::<String>::new());
        // A link made with rules v1 ran it by the pod's policy: its replay says so.
        let v1 = load_with(
            &pod_yaml,
            &LoadOptions {
                kube_minor: Some(m),
                rules_version: Some(1),
            },
        );
        assert_eq!(
            rendered(&v1, Severity::Warning),
            [format!("9:5: warning: spec.containers[0].restartPolicy: valid in 1.{m} but not simulated yet: podlife restarts this container by the pod's restartPolicy")]
        );
    }
    errors(
        35,
        &pod("  containers:\n  - name: c\n    image: i\n    restartPolicy: Sometimes\n"),
        &["9:5: error: spec.containers[0].restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\", \"OnFailure\""],
    );
}

/// `restartPolicyRules` with every kind of mistake, on a regular container.
const BAD_RULES: &str = "  containers:\n  - name: c\n    image: i\n    restartPolicyRules:\n    - action: RestartAllContainers\n      exitCodes: {operator: In, values: [42]}\n    - action: Restart\n    - action: Restart\n      exitCodes: {operator: Equals, values: [1]}\n";

#[test]
fn restart_policy_rules_per_minor() {
    errors(
        33,
        &pod(BAD_RULES),
        &["9:5: error: unknown field \"spec.containers[0].restartPolicyRules\""],
    );
    let l = errors(34, &pod(BAD_RULES), &[]);
    assert!(l.scenario.unwrap().pod.spec.containers[0]
        .restart_rules
        .is_empty());
    // 1.35: RestartAllContainers is alpha and off; the error lists only "Restart" (#137368).
    errors(
        35,
        &pod(BAD_RULES),
        &[
            "7:3: error: spec.containers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used",
            "10:7: error: spec.containers[0].restartPolicyRules[0].action: Unsupported value: \"RestartAllContainers\": supported values: \"Restart\"",
            "12:5: error: spec.containers[0].restartPolicyRules[1].exitCodes: Required value: must be specified",
            "14:19: error: spec.containers[0].restartPolicyRules[2].exitCodes.operator: Unsupported value: \"Equals\": supported values: \"In\", \"NotIn\"",
        ],
    );
    // 1.36: RestartAllContainers is on; a wrong action lists both.
    errors(
        36,
        &pod("  containers:\n  - name: c\n    image: i\n    restartPolicy: Never\n    restartPolicyRules:\n    - {action: Reboot, exitCodes: {operator: In, values: [3]}}\n"),
        &["11:8: error: spec.containers[0].restartPolicyRules[0].action: Unsupported value: \"Reboot\": supported values: \"Restart\", \"RestartAllContainers\""],
    );
    let good = pod("  containers:\n  - name: c\n    image: i\n    restartPolicy: Never\n    restartPolicyRules:\n    - {action: Restart, exitCodes: {operator: In, values: [42, 43]}}\n    - {action: RestartAllContainers, exitCodes: {operator: NotIn, values: [0]}}\n");
    let sc = errors(36, &good, &[]).scenario.expect("runs");
    let rules = &sc.pod.spec.containers[0].restart_rules;
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].action, RestartRuleAction::Restart);
    assert!(rules[0].matches(43) && !rules[0].matches(1));
    assert_eq!(rules[1].action, RestartRuleAction::RestartAllContainers);
    assert!(rules[1].matches(1) && !rules[1].matches(0));
}

#[test]
fn too_many_restart_rules_says_bytes_in_1_35_and_items_from_1_36() {
    let rules: String = (0..21)
        .map(|_| "    - {action: Restart, exitCodes: {operator: In, values: [1]}}\n")
        .collect();
    let y = pod(&format!(
        "  containers:\n  - name: c\n    image: i\n    restartPolicy: Never\n    restartPolicyRules:\n{rules}"
    ));
    errors(
        35,
        &y,
        &["10:5: error: spec.containers[0].restartPolicyRules: Too long: may not be more than 20 bytes"],
    );
    errors(
        37,
        &y,
        &["10:5: error: spec.containers[0].restartPolicyRules: Too many: 21: must have at most 20 items"],
    );
}

#[test]
fn init_container_restart_policy_per_minor() {
    let non_sidecar = pod("  initContainers:\n  - name: i\n    image: i\n    restartPolicy: OnFailure\n  containers:\n  - name: c\n    image: i\n");
    errors(
        33,
        &non_sidecar,
        &["9:5: error: spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""],
    );
    let sc = errors(34, &non_sidecar, &[]).scenario.unwrap();
    assert_eq!(sc.pod.spec.init_containers[0].restart_policy, None);
    let sc = errors(35, &non_sidecar, &[]).scenario.unwrap();
    assert_eq!(
        sc.pod.spec.init_containers[0].restart_policy,
        Some(RestartPolicy::OnFailure)
    );
    assert!(!sc.pod.spec.init_containers[0].is_sidecar());

    let sidecar_rules = pod("  initContainers:\n  - name: s\n    image: i\n    restartPolicy: Always\n    restartPolicyRules: [{action: RestartAllContainers, exitCodes: {operator: In, values: [88]}}]\n  containers:\n  - name: c\n    image: i\n");
    errors(
        35,
        &sidecar_rules,
        &["10:5: error: spec.initContainers[0].restartPolicyRules: Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always"],
    );
    let sc = errors(36, &sidecar_rules, &[]).scenario.unwrap();
    assert!(sc.pod.spec.init_containers[0].is_sidecar());
    assert_eq!(sc.pod.spec.init_containers[0].restart_rules.len(), 1);
    // 1.34 keeps the sidecar and drops its rules.
    let sc = errors(34, &sidecar_rules, &[]).scenario.unwrap();
    assert!(sc.pod.spec.init_containers[0].is_sidecar());
    assert!(sc.pod.spec.init_containers[0].restart_rules.is_empty());
}

#[test]
fn toleration_comparison_operators_per_minor() {
    let y = pod("  tolerations:\n  - {key: gpu, operator: Gt, value: \"2\"}\n  - {operator: Equal, value: x}\n  containers:\n  - name: c\n    image: i\n");
    let other = "8:6: error: spec.tolerations[1].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"";
    errors(
        34,
        &y,
        &[
            "7:16: error: spec.tolerations[0].operator: Unsupported value: \"Gt\": supported values: \"Equal\", \"Exists\"",
            other,
        ],
    );
    errors(
        35,
        &y,
        &[
            "7:16: error: spec.tolerations[0].operator: Unsupported value: \"Gt\": supported values: \"Equal\", \"Exists\", \"Lt\", \"Gt\"",
            other,
        ],
    );
    errors(
        35,
        &pod("  tolerations:\n  - {key: k, operator: Exists, value: v, tolerationSeconds: 5, effect: NoSchedule}\n  containers:\n  - name: c\n    image: i\n"),
        &[
            "7:14: error: spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
            "7:64: error: spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
        ],
    );
}

#[test]
fn scheduling_gates_are_validated_parsed_and_flagged_as_not_simulated_under_rules_v1() {
    let y = pod("  schedulingGates:\n  - name: example.com/quota\n  - name: example.com/quota\n  - name: -bad\n  containers:\n  - name: c\n    image: i\n");
    let l = errors(
        35,
        &y,
        &[
            "8:3: error: spec.schedulingGates[1]: Duplicate value: \"example.com/quota\"",
            "9:3: error: spec.schedulingGates[2]: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ],
    );
    assert!(l.scenario.is_none());
    let ok = pod("  schedulingGates:\n  - name: example.com/quota\n  - name: wait\n  containers:\n  - name: c\n    image: i\n");
    let l = errors(37, &ok, &[]);
    assert_eq!(rendered(&l, Severity::Warning), Vec::<String>::new());
    assert_eq!(
        l.scenario.unwrap().pod.spec.scheduling_gates,
        ["example.com/quota", "wait"]
    );
    // A link made with rules v1 ran the gated pod at once: its replay says so.
    let v1 = load_with(
        &ok,
        &LoadOptions {
            kube_minor: Some(37),
            rules_version: Some(1),
        },
    );
    assert_eq!(
        rendered(&v1, Severity::Warning),
        ["6:3: warning: spec.schedulingGates: not simulated yet: podlife schedules the pod at once (a cluster keeps it Pending, reason SchedulingGated, until the gates are removed)"]
    );
    assert_eq!(v1.scenario.unwrap().setup.rules_version, 1);
    // A gated pod cannot name its node.
    let pinned = pod("  nodeName: node-1\n  schedulingGates:\n  - name: wait\n  containers:\n  - name: c\n    image: i\n");
    errors(
        36,
        &pinned,
        &["6:3: error: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"],
    );
}

#[test]
fn the_scenario_action_that_removes_scheduling_gates() {
    let text = format!(
        "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  actions:\n  - {{at: 30s, removeSchedulingGates: {{names: [wait]}}}}\n  - {{at: 10s, removeSchedulingGates: {{}}}}\n",
        pod("  schedulingGates:\n  - name: example.com/quota\n  - name: wait\n  containers:\n  - name: c\n    image: i\n")
    );
    let l = load(&text);
    assert_eq!(rendered(&l, Severity::Error), Vec::<String>::new());
    let setup = l.scenario.unwrap().setup;
    // Sorted by time; no names = all of them.
    let removals: Vec<(u64, Vec<String>)> = setup
        .actions
        .iter()
        .map(|a| match &a.kind {
            ActionKind::RemoveSchedulingGates { names } => (a.at.whole_secs(), names.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(removals, [(10, vec![]), (30, vec!["wait".to_string()])]);

    let bad = format!(
        "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  actions:\n  - {{at: 5s, removeSchedulingGates: {{names: [nope], force: true}}}}\n",
        pod("  schedulingGates:\n  - name: wait\n  containers:\n  - name: c\n    image: i\n")
    );
    assert_eq!(
        rendered(&load(&bad), Severity::Error),
        [
            "16:46: error: spec.actions[0].removeSchedulingGates.names[0]: Not found: \"nope\"",
            "16:53: error: unknown field \"spec.actions[0].removeSchedulingGates.force\"",
        ]
    );
    let ungated = format!(
        "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  actions:\n  - {{at: 5s, removeSchedulingGates: {{}}}}\n",
        pod("  containers:\n  - name: c\n    image: i\n")
    );
    assert_eq!(
        rendered(&load(&ungated), Severity::Error),
        ["14:14: error: spec.actions[0].removeSchedulingGates: Invalid value: null: the pod has no spec.schedulingGates to remove"]
    );
}

#[test]
fn stop_signal_is_dropped_in_every_minor() {
    let y = pod("  os: {name: linux}\n  containers:\n  - name: c\n    image: i\n    lifecycle:\n      stopSignal: SIGUSR1\n");
    for m in [33, 34, 35, 36, 37] {
        let l = errors(m, &y, &[]);
        assert_eq!(
            rendered(&l, Severity::Hint),
            [format!("11:7: hint: spec.containers[0].lifecycle.stopSignal: dropped without an error by the Kubernetes 1.{m} API server: feature gate ContainerStopSignals is off by default in 1.{m}")]
        );
        // The stored spec (kubectl apply's last-applied annotation keeps what was sent).
        let yaml = l.defaulted_yaml().unwrap();
        let spec = yaml.split("\nspec:\n").nth(1).unwrap_or_default();
        assert!(
            !spec.contains("stopSignal") && !spec.contains("lifecycle"),
            "{yaml}"
        );
    }
}

#[test]
fn fields_that_do_not_exist_yet_or_any_more_are_unknown() {
    let ho = pod("  hostnameOverride: web\n  containers:\n  - name: c\n    image: i\n");
    errors(
        33,
        &ho,
        &["6:3: error: unknown field \"spec.hostnameOverride\""],
    );
    errors(34, &ho, &[]); // exists, gate off: dropped
    errors(35, &ho, &[]);
    let wr =
        pod("  workloadRef: {name: w, podGroup: g}\n  containers:\n  - name: c\n    image: i\n");
    errors(35, &wr, &[]);
    errors(36, &wr, &["6:3: error: unknown field \"spec.workloadRef\""]);
    let h2c = pod("  containers:\n  - name: c\n    image: i\n    readinessProbe:\n      httpGet: {port: 80, protocol: HTTP2}\n");
    errors(
        36,
        &h2c,
        &["10:27: error: unknown field \"spec.containers[0].readinessProbe.httpGet.protocol\""],
    );
    errors(37, &h2c, &[]);
}

#[test]
fn load_options_override_the_scenario_document() {
    let text = format!(
        "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.37\"\n",
        pod(REGULAR_POLICY)
    );
    assert!(load(&text).scenario.is_some());
    let l = load_with(
        &text,
        &LoadOptions {
            kube_minor: Some(33),
            ..LoadOptions::default()
        },
    );
    assert!(l.scenario.is_none());
    assert_eq!(
        rendered(&l, Severity::Error),
        ["9:5: error: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"]
    );
    let l = load_with(
        &pod("  containers:\n  - name: c\n    image: i\n"),
        &LoadOptions {
            kube_minor: Some(36),
            ..LoadOptions::default()
        },
    );
    assert_eq!(l.scenario.unwrap().setup.kube_minor, 36);
    // An unsupported override is ignored (the document's, else the default, applies).
    let l = load_with(
        &pod("  containers:\n  - name: c\n    image: i\n"),
        &LoadOptions {
            kube_minor: Some(40),
            ..LoadOptions::default()
        },
    );
    assert_eq!(
        l.scenario.unwrap().setup.kube_minor,
        podlife_spec::DEFAULT_KUBE_MINOR
    );
}

#[test]
fn kubernetes_version_spellings_in_the_scenario_document() {
    for (v, m) in [
        ("\"1.36\"", 36),
        ("\"v1.34\"", 34),
        ("\"1.37.2\"", 37),
        ("1.33", 33),
        ("35", 35),
    ] {
        let text = format!(
            "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: {v}\n",
            pod("  containers:\n  - name: c\n    image: i\n")
        );
        assert_eq!(load(&text).scenario.unwrap().setup.kube_minor, m, "{v}");
    }
    let text = format!(
        "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.32\"\n",
        pod("  containers:\n  - name: c\n    image: i\n")
    );
    assert_eq!(
        rendered(&load(&text), Severity::Error),
        ["13:3: error: spec.kubernetesVersion: Unsupported value: \"1.32\": supported values: \"1.33\", \"1.34\", \"1.35\", \"1.36\", \"1.37\""]
    );
}

#[test]
fn negative_grace_period_is_stored_as_one() {
    let l = errors(
        35,
        &pod("  terminationGracePeriodSeconds: -5\n  containers:\n  - name: c\n    image: i\n    lifecycle:\n      preStop:\n        sleep: {seconds: 1}\n"),
        &[],
    );
    assert_eq!(
        rendered(&l, Severity::Hint),
        ["6:3: hint: spec.terminationGracePeriodSeconds: the API server stores a Pod's negative terminationGracePeriodSeconds (-5) as 1"]
    );
    assert!(l
        .defaulted_yaml()
        .unwrap()
        .contains("terminationGracePeriodSeconds: 1\n"));
    assert_eq!(
        l.scenario
            .unwrap()
            .pod
            .spec
            .termination_grace_period_seconds,
        1
    );
}

#[test]
fn sleep_errors_are_reported_on_the_sleep_object() {
    errors(
        37,
        &pod("  terminationGracePeriodSeconds: 10\n  containers:\n  - name: c\n    image: i\n    lifecycle:\n      preStop:\n        sleep: {seconds: 11}\n"),
        &["12:9: error: spec.containers[0].lifecycle.preStop.sleep: Invalid value: 11: must be non-negative and less than terminationGracePeriodSeconds (10)"],
    );
}
