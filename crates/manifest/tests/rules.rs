//! Each API-server rule, strict-decoding rule and limit, pinned with its exact message and
//! position. `check(input, expect)` compares errors and warnings rendered as
//! `LINE:COL: severity: path: message`; hints are compared by `check_hints`.

use podlife_manifest::{load, Severity};

fn rendered(input: &str, hints: bool) -> Vec<String> {
    load(input)
        .diagnostics
        .iter()
        .filter(|d| (d.severity == Severity::Hint) == hints)
        .map(|d| d.render("f").trim_start_matches("f:").to_string())
        .collect()
}

#[track_caller]
fn check(input: &str, expect: &[&str]) {
    let got = rendered(input, false);
    assert_eq!(got, expect, "\ninput:\n{input}");
}

#[track_caller]
fn check_hints(input: &str, expect: &[&str]) {
    let got = rendered(input, true);
    assert_eq!(got, expect, "\ninput:\n{input}");
}

/// A Pod whose `spec:` body is `spec` (indented by 2 already).
fn pod(spec: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec}")
}

// ---- names -------------------------------------------------------------------------------

#[test]
fn pod_name_must_be_a_dns_subdomain() {
    check(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: My_Pod\nspec:\n  containers:\n  - name: c\n    image: busybox\n",
        &["4:3: error: metadata.name: Invalid value: \"My_Pod\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
    );
}

#[test]
fn pod_name_is_required() {
    check(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {a: b}\nspec:\n  containers:\n  - name: c\n    image: busybox\n",
        &["3:1: error: metadata.name: Required value: name or generateName is required"],
    );
}

#[test]
fn container_name_is_a_dns_label() {
    check(
        &pod("  containers:\n  - name: Web_1\n    image: busybox\n"),
        &["7:5: error: spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
    );
}

#[test]
fn duplicate_container_names_in_one_list() {
    check(
        &pod("  containers:\n  - name: app\n    image: a\n  - name: app\n    image: b\n"),
        &["9:5: error: spec.containers[1].name: Duplicate value: \"app\""],
    );
}

#[test]
fn duplicate_container_names_across_init_and_regular() {
    check(
        &pod("  initContainers:\n  - name: app\n    image: a\n  containers:\n  - name: app\n    image: b\n"),
        &["7:5: error: spec.initContainers[0].name: Duplicate value: \"app\""],
    );
}

#[test]
fn image_is_required() {
    check(
        &pod("  containers:\n  - name: c\n"),
        &["7:3: error: spec.containers[0].image: Required value"],
    );
}

// ---- enums -------------------------------------------------------------------------------

#[test]
fn restart_policy_enum() {
    check(
        &pod("  restartPolicy: Sometimes\n  containers:\n  - name: c\n    image: i\n"),
        &["6:3: error: spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""],
    );
}

#[test]
fn image_pull_policy_enum() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    imagePullPolicy: Sometimes\n"),
        &["9:5: error: spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""],
    );
}

/// Kubernetes 1.33 (before ContainerRestartRules); later minors: tests/versions.rs.
#[test]
fn container_restart_policy_only_always_and_only_on_init_in_1_33() {
    check(
        &format!(
            "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.33\"\n",
            pod("  initContainers:\n  - name: i\n    image: i\n    restartPolicy: OnFailure\n  containers:\n  - name: c\n    image: i\n    restartPolicy: Always\n")
        ),
        &[
            "9:5: error: spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
            "13:5: error: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
        ],
    );
}

// ---- probes and hooks ----------------------------------------------------------------------

#[test]
fn liveness_success_threshold_must_be_1() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    livenessProbe:\n      exec: {command: [ls]}\n      successThreshold: 2\n"),
        &["11:7: error: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"],
    );
}

#[test]
fn startup_success_threshold_must_be_1_but_readiness_may_differ() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    startupProbe: {exec: {command: [ls]}, successThreshold: 3}\n    readinessProbe: {exec: {command: [ls]}, successThreshold: 3}\n"),
        &["9:43: error: spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1"],
    );
}

#[test]
fn probe_needs_exactly_one_handler() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    livenessProbe:\n      periodSeconds: 5\n    readinessProbe:\n      exec: {command: [ls]}\n      httpGet: {port: 80}\n      tcpSocket: {port: 80}\n"),
        &[
            "9:5: error: spec.containers[0].livenessProbe: Required value: must specify a handler type",
            "13:7: error: spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
            "14:7: error: spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
        ],
    );
}

#[test]
fn probe_fields_are_non_negative() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    readinessProbe:\n      exec: {command: [ls]}\n      periodSeconds: -1\n      initialDelaySeconds: -5\n"),
        &[
            "11:7: error: spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
            "12:7: error: spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0",
        ],
    );
}

#[test]
fn readiness_probe_may_not_set_termination_grace_period() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    readinessProbe:\n      exec: {command: [ls]}\n      terminationGracePeriodSeconds: 10\n"),
        &["11:7: error: spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes"],
    );
}

#[test]
fn regular_init_containers_may_not_have_probes_or_lifecycle() {
    check(
        &pod("  initContainers:\n  - name: i\n    image: i\n    readinessProbe: {exec: {command: [ls]}}\n    lifecycle: {postStart: {exec: {command: [ls]}}}\n  containers:\n  - name: c\n    image: i\n"),
        &[
            "9:5: error: spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
            "10:5: error: spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always",
        ],
    );
}

#[test]
fn sidecars_may_have_probes() {
    check(
        &pod("  initContainers:\n  - name: s\n    image: i\n    restartPolicy: Always\n    readinessProbe: {exec: {command: [ls]}}\n    startupProbe: {exec: {command: [ls]}}\n  containers:\n  - name: c\n    image: i\n"),
        &[],
    );
}

#[test]
fn lifecycle_handler_count() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    lifecycle:\n      postStart: {}\n      preStop:\n        exec: {command: [ls]}\n        sleep: {seconds: 5}\n"),
        &[
            "10:7: error: spec.containers[0].lifecycle.postStart: Required value: must specify a handler type",
            "13:9: error: spec.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type",
        ],
    );
}

#[test]
fn exec_command_is_required() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    livenessProbe:\n      exec: {}\n"),
        &["10:7: error: spec.containers[0].livenessProbe.exec.command: Required value"],
    );
}

#[test]
fn probe_port_numbers_and_names() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    livenessProbe:\n      httpGet: {port: 0, scheme: http}\n    readinessProbe:\n      tcpSocket: {port: HTTP}\n"),
        &[
            "10:17: error: spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "10:26: error: spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: \"http\": supported values: \"HTTP\", \"HTTPS\"",
            "12:19: error: spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "12:19: error: spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
        ],
    );
}

#[test]
fn named_probe_port_must_be_declared_warning() {
    // The API server accepts it; the kubelet cannot resolve it and the probe fails.
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    ports: [{name: http, containerPort: 80}]\n    livenessProbe:\n      httpGet: {port: htp}\n"),
        &["11:17: warning: spec.containers[0].livenessProbe.httpGet.port: port name \"htp\" is not declared in this container's ports: the kubelet cannot resolve it, so the probe fails"],
    );
}

// ---- ports -------------------------------------------------------------------------------

#[test]
fn container_ports() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    ports:\n    - {name: web, containerPort: 70000}\n    - {name: web, containerPort: 81, protocol: HTTP}\n    - {protocol: TCP}\n"),
        &[
            "10:19: error: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "11:8: error: spec.containers[0].ports[1].name: Duplicate value: \"web\"",
            "11:38: error: spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            "12:5: error: spec.containers[0].ports[2].containerPort: Required value",
        ],
    );
}

// ---- resources ---------------------------------------------------------------------------

#[test]
fn requests_may_not_exceed_limits() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    resources:\n      limits: {cpu: 500m, memory: 1Gi}\n      requests: {cpu: \"1\", memory: 512Mi}\n"),
        &["11:7: error: spec.containers[0].resources.requests: Invalid value: \"1\": must be less than or equal to cpu limit of 500m"],
    );
}

#[test]
fn quantities_must_parse() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    resources:\n      limits:\n        memory: 1Gx\n"),
        &["11:9: error: spec.containers[0].resources.limits[memory]: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    );
}

#[test]
fn resource_names_must_be_standard() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    resources:\n      limits:\n        gpu: 1\n"),
        &["11:9: error: spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers"],
    );
}

// ---- pod-level ---------------------------------------------------------------------------

#[test]
fn grace_period_and_deadline() {
    // A Pod's negative grace period is not an error: the API server stores 1 (a hint says so;
    // docs/kubernetes-versions.md V3.3).
    let input = pod("  terminationGracePeriodSeconds: -1\n  activeDeadlineSeconds: 0\n  containers:\n  - name: c\n    image: i\n");
    check(
        &input,
        &["7:3: error: spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"],
    );
    check_hints(
        &input,
        &["6:3: hint: spec.terminationGracePeriodSeconds: the API server stores a Pod's negative terminationGracePeriodSeconds (-1) as 1"],
    );
}

#[test]
fn readiness_gate_condition_types() {
    check(
        &pod("  readinessGates:\n  - conditionType: \"www.example.com/feature-1\"\n  - conditionType: \"bad type\"\n  containers:\n  - name: c\n    image: i\n"),
        &["8:5: error: spec.readinessGates[1].conditionType: Invalid value: \"bad type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
    );
}

#[test]
fn volumes_and_mounts() {
    check(
        &pod("  volumes:\n  - name: data\n    emptyDir: {}\n  - name: data\n    hostPath: {path: /tmp}\n    emptyDir: {}\n  - name: none\n  containers:\n  - name: c\n    image: i\n    volumeMounts:\n    - {name: logs, mountPath: /logs}\n"),
        &[
            "9:5: error: spec.volumes[1].name: Duplicate value: \"data\"",
            "10:5: error: spec.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type",
            "12:3: error: spec.volumes[2]: Required value: must specify a volume type",
            "17:8: error: spec.containers[0].volumeMounts[0].name: Not found: \"logs\"",
        ],
    );
}

// ---- strict decoding ---------------------------------------------------------------------

#[test]
fn unknown_fields_at_any_depth() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    livenesProbe:\n      exec: {command: [ls]}\n    readinessProbe:\n      httpGet: {port: 80, sheme: HTTP}\n  restartPolcy: Never\n"),
        &[
            "9:5: error: unknown field \"spec.containers[0].livenesProbe\"",
            "12:27: error: unknown field \"spec.containers[0].readinessProbe.httpGet.sheme\"",
            "13:3: error: unknown field \"spec.restartPolcy\"",
        ],
    );
}

#[test]
fn wrong_value_types() {
    check(
        &pod("  containers:\n  - name: c\n    image: i\n    env:\n    - name: PORT\n      value: 8080\n    livenessProbe:\n      exec: {command: [ls]}\n      periodSeconds: \"5\"\n"),
        &[
            "11:7: error: spec.containers[0].env[0].value: json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string",
            "14:7: error: spec.containers[0].livenessProbe.periodSeconds: json: cannot unmarshal string into Go struct field Probe.spec.containers.livenessProbe.periodSeconds of type int32",
        ],
    );
}

// ---- documents and kinds -----------------------------------------------------------------

#[test]
fn missing_api_version_and_kind() {
    check(
        "metadata: {name: x}\n",
        &["1:1: error: error validating data: [apiVersion not set, kind not set]"],
    );
}

#[test]
fn other_kinds_warn_and_are_ignored() {
    check(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n",
        &["2:1: warning: kind: ConfigMap is not simulated: podlife runs one Pod; this document is ignored"],
    );
}

#[test]
fn wrong_api_version_for_kind() {
    check(
        "apiVersion: apps/v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n",
        &["1:1: error: apiVersion: no matches for kind \"Pod\" in version \"apps/v1\" (expected \"v1\")"],
    );
}

#[test]
fn two_pod_sources_is_an_error_naming_both() {
    check(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: b}\nspec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}\n",
        &["7:1: error: kind: more than one pod source: Pod \"a\" (line 2) and Job \"b\" (line 7); podlife simulates one pod, remove one of them"],
    );
}

#[test]
fn no_pod_at_all() {
    check(
        "",
        &["1:1: error: no Pod found: paste a Pod, or a Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job, CronJob or PodTemplate"],
    );
}

#[test]
fn deployment_template_must_restart_always_and_match_selector() {
    check(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: other}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: i}]\n",
        &[
            "7:16: error: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`",
            "9:7: error: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
        ],
    );
}

#[test]
fn job_template_restart_policy() {
    check(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n",
        &["6:5: error: spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""],
    );
}

#[test]
fn service_names_and_ports() {
    check(
        "apiVersion: v1\nkind: Service\nmetadata: {name: 1svc}\nspec: {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n",
        &[
            "3:12: error: metadata.name: Invalid value: \"1svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
            "9:1: error: spec.ports: Required value",
        ],
    );
}

// ---- YAML syntax and limits ----------------------------------------------------------------

#[test]
fn syntax_errors_carry_serde_yaml_positions() {
    check(
        "apiVersion: v1\nkind: Pod\nspec:\n  containers: [a, b\n  x: 1\n",
        &["5:4: error: did not find expected ',' or ']', while parsing a flow sequence at line 4 column 15"],
    );
}

#[test]
fn duplicate_keys_are_rejected() {
    check(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n",
        &["5:3: error: metadata.name: mapping key \"name\" already defined at line 4"],
    );
}

#[test]
fn input_over_one_mib_is_refused() {
    let big = format!("a: \"{}\"\n", "x".repeat(1 << 20));
    check(
        &big,
        &[&format!(
            "1:1: error: input is {} bytes; the limit is 1048576 bytes (1 MiB)",
            big.len()
        )],
    );
}

#[test]
fn nesting_deeper_than_64_is_refused() {
    let deep = format!("a: {}1{}\n", "[".repeat(70), "]".repeat(70));
    check(&deep, &["1:67: error: nesting is deeper than 64 levels"]);
    let mut block = String::new();
    for i in 0..70 {
        block.push_str(&" ".repeat(i * 2));
        block.push_str("k:\n");
    }
    check(&block, &["65:129: error: nesting is deeper than 64 levels"]);
}

#[test]
fn alias_bombs_are_refused() {
    let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (i, c) in "bcdefghi".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        let refs = vec![format!("*{prev}"); 10].join(",");
        y.push_str(&format!("{c}: &{c} [{refs}]\n"));
    }
    let l = load(&y);
    assert_eq!(l.diagnostics.len(), 1, "{:?}", l.diagnostics);
    let d = &l.diagnostics[0];
    assert!(
        d.message
            .to_string()
            .starts_with("YAML aliases expand to more than 10000 nodes"),
        "{}",
        d.message
    );
    assert_eq!((d.line, d.column), (4, 29));
}

#[test]
fn small_anchors_and_merge_keys_work() {
    check(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - &c {name: a, image: i}\n  - <<: *c\n    name: b\n",
        &[],
    );
}

#[test]
fn more_than_64_containers_is_refused() {
    let mut s = String::from("  containers:\n");
    for i in 0..65 {
        s.push_str(&format!("  - {{name: c{i}, image: i}}\n"));
    }
    check(&pod(&s), &["6:3: error: spec.containers: Too many: 65: must have at most 64 containers (podlife limit)"]);
}

// ---- hints -------------------------------------------------------------------------------

#[test]
fn lint_hints() {
    check_hints(
        &pod("  containers:\n  - name: c\n    image: nginx:latest\n    command: [sh, -c, \"sleep 30; touch /tmp/ok; sleep 600\"]\n    livenessProbe: &p\n      exec: {command: [cat, /tmp/ok]}\n      initialDelaySeconds: 5\n    readinessProbe: *p\n"),
        &[
            "7:3: hint: spec.containers[0]: no resources.limits: the container may use all of the node's memory and CPU",
            "8:5: hint: spec.containers[0].image: image \"nginx:latest\" uses :latest: imagePullPolicy defaults to Always and what runs can change between pulls",
            "10:5: hint: spec.containers[0].livenessProbe: livenessProbe is identical to readinessProbe: when the check fails the container is restarted, not just taken out of service",
            "12:7: hint: spec.containers[0].livenessProbe.initialDelaySeconds: the container first runs `sleep 30`, but the livenessProbe starts after 5s: consider a startupProbe or a longer initialDelaySeconds",
        ],
    );
}

#[test]
fn misindented_probe_hint() {
    check_hints(
        &pod("  containers:\n  - name: c\n    image: i:1\n    resources: {limits: {cpu: 1}}\n    livenessProbe:\n    httpGet:\n      port: 80\n"),
        &[
            "11:5: hint: `livenessProbe:` (line 10) is empty and `httpGet:` is at the same indentation, so `httpGet` is not inside `livenessProbe`; indent `httpGet` and the lines under it by two more spaces",
        ],
    );
}

#[test]
fn a_pod_without_spec_needs_containers() {
    check(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n",
        &["1:1: error: spec.containers: Required value"],
    );
}

#[test]
fn scenario_lists_must_be_lists() {
    check(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i:1}]}\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  actions: {at: 5s}\n  nodes:\n  - name: n1\n    images: nginx\n",
        &[
            "9:3: error: spec.actions: Invalid value: \"object\": spec.actions in body must be of type array: \"object\"",
            "12:5: error: spec.nodes[0].images: Invalid value: \"string\": spec.nodes[0].images in body must be of type array: \"string\"",
        ],
    );
}

const POD: &str =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: app, image: busybox:1.36}\n";

#[test]
fn a_byte_order_mark_is_accepted_and_columns_start_after_it() {
    let l = load(&format!("\u{feff}{POD}"));
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    check(
        &format!("\u{feff}{}", POD.replace("name: p", "name: P")),
        &["4:3: error: metadata.name: Invalid value: \"P\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
    );
    // A control character on the first line is located after the mark too.
    check(
        "\u{feff}a: \"b\u{1}\"\n",
        &["1:6: error: control characters are not allowed (U+0001)"],
    );
}

#[test]
fn scenario_fields_of_the_wrong_type_are_errors() {
    check(
        &format!("{POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: [5m]\n  behavior: crash\n"),
        &[
            "12:3: error: spec.until: Invalid value: \"array\": spec.until in body must be of type string or number: \"array\"",
            "13:3: error: spec.behavior: Invalid value: \"string\": spec.behavior in body must be of type object: \"string\"",
        ],
    );
    check(
        &format!("{POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  behavior:\n    app: {{exitCode: \"1\", ignoreSigterm: [x]}}\n  actions:\n  - {{at: 5s, delete: {{force: 1}}}}\n  seed: x\n"),
        &[
            "13:11: error: spec.behavior[app].exitCode: Invalid value: \"string\": spec.behavior[app].exitCode in body must be of type integer: \"string\"",
            "13:26: error: spec.behavior[app].ignoreSigterm: Invalid value: \"array\": spec.behavior[app].ignoreSigterm in body must be of type boolean: \"array\"",
            "15:23: error: spec.actions[0].delete.force: Invalid value: \"integer\": spec.actions[0].delete.force in body must be of type boolean: \"integer\"",
            "16:3: error: spec.seed: Invalid value: \"string\": spec.seed in body must be of type integer: \"string\"",
        ],
    );
}

#[test]
fn integers_beyond_64_bits_get_go_json_wording_at_their_position() {
    check(
        &format!("{POD}  terminationGracePeriodSeconds: 99999999999999999999999999\n"),
        &["8:34: error: spec.terminationGracePeriodSeconds: json: cannot unmarshal number 99999999999999999999999999 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64"],
    );
    check(
        &format!("{POD}  activeDeadlineSeconds: -99999999999999999999999999\n"),
        &["8:26: error: spec.activeDeadlineSeconds: json: cannot unmarshal number -99999999999999999999999999 into Go struct field PodSpec.spec.activeDeadlineSeconds of type int64"],
    );
    check(
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {containers: [{name: c, image: i, ports: [{containerPort: 99999999999999999999}]}]}\n",
        &["7:67: error: items[0].spec.containers[0].ports[0].containerPort: json: cannot unmarshal number 99999999999999999999 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"],
    );
}

#[test]
fn control_characters_are_located() {
    check(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {a: \"b\u{1}c\"}\n",
        &["5:17: error: control characters are not allowed (U+0001)"],
    );
    // Columns count characters.
    check(
        "a: \"容器\u{7}\"\n",
        &["1:7: error: control characters are not allowed (U+0007)"],
    );
}

#[test]
fn long_values_are_cut_in_messages() {
    let long = "x".repeat(900_000);
    let l = load(&POD.replace("name: p\n", &format!("name: p\n  labels: {{a: {long}}}\n")));
    let d = &l.diagnostics[0];
    assert_eq!(
        d.message,
        format!(
            "Invalid value: \"{}\"...(899872 more characters): must be no more than 63 characters",
            "x".repeat(128)
        )
    );
    assert!(l.diagnostics.iter().all(|d| d.render("f").len() < 4096));
}

#[test]
fn list_items_are_named_with_their_own_lines() {
    check(
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {containers: [{name: app, image: busybox:1.36}]}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec: {containers: [{name: app, image: busybox:1.36}]}\n",
        &["9:3: error: items[1].kind: more than one pod source: Pod \"a\" (line 4) and Pod \"b\" (line 8); podlife simulates one pod, remove one of them"],
    );
}

#[test]
fn anchors_and_type_meta_are_named() {
    check(
        "a: *web\n",
        &["1:4: error: unknown anchor: the alias *web is used, but no anchor &web is defined before it"],
    );
    check(
        "a: &x [*x]\n",
        &["1:4: error: the alias *x is inside the node anchored &x: an alias cannot contain itself (recursion limit exceeded)"],
    );
    // Deeper inside the anchored node serde_yaml points at a collection (1:13): the
    // diagnostic points at the anchor.
    check(
        "a: &web {b: [1, {c: *web}]}\n",
        &["1:4: error: the alias *web is inside the node anchored &web: an alias cannot contain itself (recursion limit exceeded)"],
    );
    check(
        "apiVersion: [v1]\nkind: Pod\n",
        &["1:1: error: apiVersion: json: cannot unmarshal array into Go struct field TypeMeta.apiVersion of type string"],
    );
    check(
        "apiVersion: v1\nkind: 5\n",
        &["2:1: error: kind: json: cannot unmarshal number into Go struct field TypeMeta.kind of type string"],
    );
}

#[test]
fn generate_name_makes_a_name_and_ephemeral_containers_are_forbidden() {
    let l = load("apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}\nspec: {containers: [{name: c, image: i:1}]}\n");
    let name = l.scenario.expect("valid").pod.name;
    assert!(name.starts_with("web-") && name.len() == 9, "{name}");
    check(
        &pod("  containers: [{name: c, image: i:1}]\n  ephemeralContainers: [{name: d, image: i:1}]\n"),
        &["7:3: error: spec.ephemeralContainers: Forbidden: cannot be set on create"],
    );
}

#[test]
fn yaml_1_1_scalars_are_read_as_kubectl_reads_them() {
    // `0644` is octal (420) and `yes` a boolean for kubectl's YAML 1.1 parser; quoted, they
    // stay strings.
    check(
        &pod("  containers:\n  - name: c\n    image: i:1\n    env:\n    - name: A\n      value: yes\n    - name: B\n      value: \"yes\"\n    volumeMounts: [{name: v, mountPath: /v, readOnly: on}]\n  volumes:\n  - name: v\n    configMap: {name: c, defaultMode: 0644}\n"),
        &["11:7: error: spec.containers[0].env[0].value: json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string"],
    );
    let l = load(&pod("  containers:\n  - name: c\n    image: i:1\n    volumeMounts: [{name: v, mountPath: /v, readOnly: on}]\n  volumes:\n  - name: v\n    configMap: {name: c, defaultMode: 0644}\n"));
    let s = l.scenario.expect("valid");
    assert!(s.pod.spec.containers[0].volume_mounts[0].read_only);
    assert!(l_yaml(&pod("  containers: [{name: c, image: i:1}]\n  volumes:\n  - name: v\n    configMap: {name: c, defaultMode: 0644}\n")).contains("defaultMode: 420"));
}

fn l_yaml(t: &str) -> String {
    load(t).defaulted_yaml().expect("valid")
}

#[test]
fn host_network_host_port_must_match() {
    check(
        &pod("  hostNetwork: true\n  containers:\n  - name: c\n    image: i:1\n    ports:\n    - {containerPort: 80, hostPort: 8080}\n    - {containerPort: 81}\n"),
        &["11:27: error: spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"],
    );
}

#[test]
fn replicas_hint_names_the_simulated_pod() {
    let text = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  replicas: 3\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i:1, resources: {limits: {cpu: 1}}, readinessProbe: {exec: {command: [ls]}}}]}\n";
    let l = load(text);
    let name = l.scenario.as_ref().expect("valid").pod.name.clone();
    let hints: Vec<String> = l.diagnostics.iter().map(|d| d.render("f")).collect();
    assert_eq!(
        hints,
        vec![format!(
            "f:5:3: hint: spec.replicas: replicas: 3: podlife simulates one pod ({name}) of the 3"
        )]
    );
}

#[test]
fn empty_readiness_gate_and_long_cronjob_name() {
    check(
        &pod("  readinessGates:\n  - conditionType: \"\"\n  containers: [{name: c, image: i:1}]\n"),
        &[
            "7:5: error: spec.readinessGates[0].conditionType: Invalid value: \"\": name part must be non-empty",
            "7:5: error: spec.readinessGates[0].conditionType: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ],
    );
    let name = "c".repeat(53);
    check(
        &format!("apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: {name}}}\nspec:\n  schedule: \"@hourly\"\n  jobTemplate: {{spec: {{template: {{spec: {{restartPolicy: Never, containers: [{{name: c, image: i:1}}]}}}}}}}}\n"),
        &[&format!("3:12: error: metadata.name: Invalid value: \"{name}\": must be no more than 52 characters")],
    );
}

#[test]
fn service_in_another_namespace_hint() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {ports: [{port: 5432}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {containers: [{name: c, image: i:1, resources: {limits: {cpu: 1}}, readinessProbe: {exec: {command: [ls]}}}]}\n";
    check_hints(
        text,
        &["3:12: hint: metadata.name: Service \"db\" is in namespace \"default\", the pod in \"shop\": from the pod it resolves as db.default, not as db"],
    );
}

#[test]
fn env_names_sub_paths_and_header_names() {
    check(
        &pod("  containers:\n  - name: c\n    image: i:1\n    env: [{name: \"A=B\", value: x}]\n    volumeMounts: [{name: v, mountPath: /v, subPath: ../etc}]\n    livenessProbe: {httpGet: {port: 80, httpHeaders: [{name: \"X Bad\", value: z}]}}\n  volumes: [{name: v, emptyDir: {}}]\n"),
        &[
            "9:12: error: spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
            "10:45: error: spec.containers[0].volumeMounts[0].subPath: Invalid value: \"../etc\": must not contain '..'",
            "11:56: error: spec.containers[0].livenessProbe.httpGet.httpHeaders[0].name: Invalid value: \"X Bad\": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
        ],
    );
}

#[test]
fn annotations_are_limited_to_256_kib_in_total() {
    let mut big = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n");
    // 2,622 entries of 100 bytes (key 10 + value 90): 262,200 bytes, just over 262,144.
    for i in 0..2622 {
        big.push_str(&format!("    note-{i:05}: \"{}\"\n", "x".repeat(90)));
    }
    big.push_str("spec:\n  containers:\n  - {name: app, image: busybox:1.36}\n");
    check(
        &big,
        &["5:3: error: metadata.annotations: Too long: may not be more than 262144 bytes"],
    );
    // One entry fewer (262,100 bytes) is accepted.
    let ok = big
        .replacen("    note-00000: ", "    x: ", 1)
        .replace(&format!("    note-02621: \"{}\"\n", "x".repeat(90)), "");
    assert!(!load(&ok).has_errors());
}

#[test]
fn the_first_repeated_key_in_the_text_is_reported() {
    // `z` sorts after `a`, but its repetition comes first in the text.
    check(
        "z: 1\nz: 2\na: 1\nb: 2\na: 3\n",
        &["2:1: error: mapping key \"z\" already defined at line 1"],
    );
}
