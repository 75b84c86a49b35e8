//! What the front end hands the engine: defaults applied, controller naming, Services, the
//! Scenario document, and the path → span index checked against every seed.

use podlife_manifest::{load, source_map};
use podlife_spec::{
    ActionKind, PortRef, ProbeHandler, PullPolicy, RestartPolicy, ServiceRef, SimTime, VolumeSource,
};
use serde::Deserialize;

fn seed(name: &str) -> String {
    let path = format!("{}/../../examples/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn liveness_exec_defaults() {
    let s = load(&seed("liveness-exec.yaml")).scenario.expect("valid");
    assert_eq!(s.pod.uid, podlife_manifest_uid("default", "liveness-exec"));
    let c = &s.pod.spec.containers[0];
    assert_eq!(c.image_pull_policy, PullPolicy::Always);
    assert_eq!(
        c.args,
        vec![
            "/bin/sh",
            "-c",
            "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"
        ]
    );
    let p = c.liveness_probe.as_ref().expect("probe");
    assert_eq!(
        p.handler,
        ProbeHandler::Exec {
            command: vec!["cat".into(), "/tmp/healthy".into()]
        }
    );
    assert_eq!(
        (
            p.initial_delay_seconds,
            p.period_seconds,
            p.timeout_seconds,
            p.success_threshold,
            p.failure_threshold
        ),
        (5, 5, 1, 1, 3)
    );
    assert_eq!(s.pod.spec.restart_policy, RestartPolicy::Always);
    assert_eq!(s.pod.spec.termination_grace_period_seconds, 30);
    assert_eq!(c.termination_message_path, "/dev/termination-log");
    assert_eq!(s.pod.spec.tolerations.len(), 2);
    assert_eq!(
        s.pod.spec.tolerations[0].key.as_deref(),
        Some("node.kubernetes.io/not-ready")
    );
    assert_eq!(s.pod.spec.tolerations[1].toleration_seconds, Some(300));
    assert_eq!(s.setup, podlife_spec::Setup::default());
}

fn podlife_manifest_uid(ns: &str, name: &str) -> String {
    // Same text twice gives the same UID; a different name gives another one.
    let a = load(&format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: {ns}}}\nspec: {{containers: [{{name: c, image: i}}]}}\n"));
    a.scenario.expect("valid").pod.uid
}

#[test]
fn named_probe_port_resolves_and_pull_policy_from_tag() {
    let s = load(&seed("liveness-httpget-nginx.yaml"))
        .scenario
        .expect("valid");
    let c = &s.pod.spec.containers[0];
    assert_eq!(c.image_pull_policy, PullPolicy::IfNotPresent); // explicit
    let ProbeHandler::HttpGet(h) = &c.liveness_probe.as_ref().expect("probe").handler else {
        panic!("httpGet expected")
    };
    assert_eq!(
        h.port,
        PortRef {
            written: "http".into(),
            number: Some(80)
        }
    );
    assert_eq!(
        (h.path.as_str(), h.scheme.as_str()),
        ("/index.html", "HTTP")
    );
    assert_eq!(c.ports[0].protocol, "TCP");
}

#[test]
fn requests_default_to_limits_and_namespace_doc_is_ignored() {
    let s = load(&seed("memory-limit-exceeded.yaml"))
        .scenario
        .expect("valid");
    assert_eq!(s.pod.namespace, "mem-test");
    let r = &s.pod.spec.containers[0].resources;
    assert_eq!(r.memory_limit_bytes(), Some(200 * 1024 * 1024));
    assert_eq!(r.request_milli("memory"), Some(100 * 1024 * 1024 * 1000));
    let l = load("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i, resources: {limits: {cpu: 250m}}}]}\n");
    let s = l.scenario.expect("valid");
    assert_eq!(
        s.pod.spec.containers[0].resources.request_milli("cpu"),
        Some(250)
    );
}

#[test]
fn services_define_dns_names() {
    let s = load(&seed("readiness-httpget-service.yaml"))
        .scenario
        .expect("valid");
    assert_eq!(
        s.services,
        vec![ServiceRef {
            namespace: "default".into(),
            name: "readiness-svc".into()
        }]
    );
}

#[test]
fn init_containers_and_hostpath() {
    let s = load(&seed("init-containers-namespace-dns.yaml"))
        .scenario
        .expect("valid");
    let names: Vec<&str> = s
        .pod
        .spec
        .init_containers
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, vec!["init-myservice", "init-mydb"]);
    assert_eq!(
        s.pod.spec.init_containers[0].image_pull_policy,
        PullPolicy::IfNotPresent
    );
    let s = load(&seed("prestop-hostpath.yaml"))
        .scenario
        .expect("valid");
    assert_eq!(
        s.pod.spec.volumes[0].source,
        VolumeSource::HostPath {
            path: "/tmp".into()
        }
    );
}

#[test]
fn deployment_pod_naming_and_scenario_document() {
    let l = load(&fixture("deployment-sidecar-scenario.yaml"));
    let s = l.scenario.as_ref().expect("valid");
    let rs = s.pod.controlled_by.as_deref().expect("owner");
    let hash = rs.strip_prefix("ReplicaSet/myapp-").expect("rs name");
    assert!(
        hash.len() >= 9 && hash.chars().all(|c| "456789bcdf".contains(c)),
        "{hash}"
    );
    let suffix = s
        .pod
        .name
        .strip_prefix(&format!("myapp-{hash}-"))
        .expect("pod name");
    assert_eq!(suffix.len(), 5);
    assert!(suffix
        .chars()
        .all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)));
    assert_eq!(
        s.pod.labels.get("pod-template-hash").map(String::as_str),
        Some(hash)
    );
    // Same text, same names.
    assert_eq!(
        load(&fixture("deployment-sidecar-scenario.yaml"))
            .scenario
            .expect("valid")
            .pod
            .name,
        s.pod.name
    );
    assert!(s.pod.spec.init_containers[0].is_sidecar());
    let setup = &s.setup;
    assert_eq!(setup.name.as_deref(), Some("rm-index"));
    assert_eq!(setup.until, SimTime::from_secs(240));
    assert_eq!(setup.kube_minor, 35);
    assert_eq!(setup.nodes[0].name, "worker02");
    assert_eq!(setup.nodes[0].memory_bytes, 8 * 1024 * 1024 * 1024);
    assert_eq!(setup.nodes[0].cpu_milli, 4000);
    assert_eq!(setup.registry.pull, SimTime::from_secs(2));
    let b = &setup.behavior["myapp"];
    assert_eq!(
        (b.exit_after, b.exit_code, b.memory_bytes, b.ignore_sigterm),
        (
            Some(SimTime::from_secs(20)),
            Some(1),
            Some(250 * 1024 * 1024),
            Some(true)
        )
    );
    let ats: Vec<u64> = setup.actions.iter().map(|a| a.at.whole_secs()).collect();
    assert_eq!(ats, vec![30, 45, 60, 90, 120, 300]);
    assert_eq!(
        setup.actions[0].kind,
        ActionKind::CreateService(ServiceRef {
            namespace: "default".into(),
            name: "myservice".into()
        })
    );
    assert_eq!(
        setup.actions[3].kind,
        ActionKind::Delete {
            grace_period_seconds: Some(10),
            force: false
        }
    );
    // The UI maps pod paths into the template.
    let span = l
        .pod_span("spec.containers[0].livenessProbe")
        .expect("span");
    assert_eq!((span.line, span.column), (23, 11));
}

#[test]
fn scenario_document_errors_have_positions() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 25h\n  kubernetesVersion: \"1.20\"\n  behaviour: {}\n  actions:\n  - {at: 10s, exec: {container: nope, command: [ls]}}\n  - {at: soon, delete: {}}\n  - {at: 5s}\n";
    let got: Vec<String> = load(text)
        .diagnostics
        .iter()
        .filter(|d| d.severity != podlife_manifest::Severity::Hint)
        .map(|d| d.render("f"))
        .collect();
    assert_eq!(
        got,
        vec![
            "f:9:3: error: spec.until: Invalid value: \"25h\": must be at most 24h",
            "f:10:3: error: spec.kubernetesVersion: Unsupported value: \"1.20\": supported values: \"1.33\", \"1.34\", \"1.35\", \"1.36\", \"1.37\"",
            "f:11:3: error: unknown field \"spec.behaviour\"",
            "f:13:22: error: spec.actions[0].exec.container: Not found: \"nope\"",
            "f:14:6: error: spec.actions[1].at: Invalid value: \"soon\": must be a duration such as 90s, 4m or 1h30m, or a number of seconds",
            "f:15:3: error: spec.actions[2]: Required value: must specify one of exec, delete, create, remove, nodeDown, nodeUp, removeSchedulingGates",
        ]
    );
}

#[test]
fn defaulted_manifest_renders_like_kubectl() {
    let l = load(&seed("liveness-exec.yaml"));
    let y = l.defaulted_yaml().expect("valid");
    let want_spec = "spec:\n  containers:\n  - args:\n    - /bin/sh\n    - -c\n    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600\n    image: registry.k8s.io/busybox\n    imagePullPolicy: Always\n    livenessProbe:\n      exec:\n        command:\n        - cat\n        - /tmp/healthy\n      failureThreshold: 3\n      initialDelaySeconds: 5\n      periodSeconds: 5\n      successThreshold: 1\n      timeoutSeconds: 1\n    name: liveness\n    resources: {}\n    terminationMessagePath: /dev/termination-log\n    terminationMessagePolicy: File\n    volumeMounts:\n    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n      name: kube-api-access-";
    assert!(y.contains(want_spec), "{y}");
    assert!(y.contains("\n  dnsPolicy: ClusterFirst\n  enableServiceLinks: true\n  preemptionPolicy: PreemptLowerPriority\n  priority: 0\n  restartPolicy: Always\n  schedulerName: default-scheduler\n  securityContext: {}\n  serviceAccount: default\n  serviceAccountName: default\n  terminationGracePeriodSeconds: 30\n  tolerations:\n"), "{y}");
    // Created with `kubectl apply`: its last-applied configuration comes first.
    assert!(y.starts_with("apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"labels\":{\"test\":\"liveness\"},\"name\":\"liveness-exec\",\"namespace\":\"default\"},\"spec\":"), "{y}");
    assert!(
        y.contains(
            "\n  labels:\n    test: liveness\n  name: liveness-exec\n  namespace: default\n  uid: "
        ),
        "{y}"
    );
    // Quantities are stored canonically.
    let l = load("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i, resources: {limits: {memory: 1024Mi, cpu: 1000m}}}]}\n");
    let y = l.defaulted_yaml().expect("valid");
    assert!(y.contains("    resources:\n      limits:\n        cpu: \"1\"\n        memory: 1Gi\n      requests:\n        cpu: \"1\"\n        memory: 1Gi\n"), "{y}");
}

/// Every key and item of every valid seed document is in the index, at a position where the
/// text really has that key (or the item's dash / flow entry).
#[test]
fn source_map_finds_every_path_of_every_seed() {
    let dir = format!("{}/../../examples/seeds", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    names.push(
        format!(
            "{}/tests/fixtures/deployment-sidecar-scenario.yaml",
            env!("CARGO_MANIFEST_DIR")
        )
        .into(),
    );
    names.sort();
    let mut checked = 0;
    for path in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let text = std::fs::read_to_string(path).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        let map = source_map::build(&text);
        for (i, de) in serde_yaml::Deserializer::from_str(&text).enumerate() {
            let Ok(v) = serde_yaml::Value::deserialize(de) else {
                break;
            };
            let mut stack = vec![(Vec::<source_map::Seg>::new(), v)];
            while let Some((p, v)) = stack.pop() {
                if !p.is_empty() {
                    let span = map.docs[i].get(&p).unwrap_or_else(|| {
                        panic!(
                            "{}: doc {i}: no span for {}",
                            path.display(),
                            source_map::render_path(&p)
                        )
                    });
                    let line = lines[span.line - 1];
                    let at: String = line.chars().skip(span.column - 1).collect();
                    match p.last() {
                        Some(source_map::Seg::Key(k)) => assert!(
                            at.starts_with(k.as_str()) || at.starts_with(&format!("\"{k}\"")),
                            "{}: {} at {}:{} is {at:?}",
                            path.display(),
                            source_map::render_path(&p),
                            span.line,
                            span.column
                        ),
                        _ => assert!(
                            !at.is_empty() && !at.starts_with(' '),
                            "{}: {}",
                            path.display(),
                            source_map::render_path(&p)
                        ),
                    }
                    checked += 1;
                }
                match v {
                    serde_yaml::Value::Mapping(m) => {
                        for (k, x) in m {
                            let mut q = p.clone();
                            q.push(source_map::Seg::Key(
                                k.as_str()
                                    .map(str::to_string)
                                    .unwrap_or_else(|| format!("{k:?}")),
                            ));
                            stack.push((q, x));
                        }
                    }
                    serde_yaml::Value::Sequence(s) => {
                        for (j, x) in s.into_iter().enumerate() {
                            let mut q = p.clone();
                            q.push(source_map::Seg::Index(j));
                            stack.push((q, x));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(checked > 800, "{checked}");
}

#[test]
fn every_controller_kind_names_its_pod() {
    let tmpl = |restart: &str| {
        format!("    metadata: {{labels: {{app: a}}}}\n    spec:\n      restartPolicy: {restart}\n      containers: [{{name: c, image: i:1}}]\n")
    };
    let cases = [
        (
            "apps/v1",
            "ReplicaSet",
            "  selector: {matchLabels: {app: a}}\n  template:\n",
            "Always",
            "rs-",
            Some("ReplicaSet/rs"),
        ),
        (
            "apps/v1",
            "StatefulSet",
            "  serviceName: web\n  selector: {matchLabels: {app: a}}\n  template:\n",
            "Always",
            "sts-0",
            Some("StatefulSet/sts"),
        ),
        (
            "apps/v1",
            "DaemonSet",
            "  selector: {matchLabels: {app: a}}\n  template:\n",
            "Always",
            "ds-",
            Some("DaemonSet/ds"),
        ),
        (
            "v1",
            "ReplicationController",
            "  template:\n",
            "Always",
            "rc-",
            Some("ReplicationController/rc"),
        ),
        (
            "batch/v1",
            "Job",
            "  template:\n",
            "Never",
            "job-",
            Some("Job/job"),
        ),
        ("v1", "PodTemplate", "", "Always", "pt", None),
    ];
    for (api, kind, head, restart, prefix, owner) in cases {
        let name = prefix.trim_end_matches(['-', '0']);
        let body = if kind == "PodTemplate" {
            format!(
                "template:\n{}",
                tmpl(restart)
                    .replace("\n    ", "\n  ")
                    .replacen("    metadata", "  metadata", 1)
            )
        } else {
            format!("spec:\n{head}{}", tmpl(restart))
        };
        let text = format!("apiVersion: {api}\nkind: {kind}\nmetadata: {{name: {name}}}\n{body}");
        let l = load(&text);
        let s = l
            .scenario
            .unwrap_or_else(|| panic!("{kind}: {:?}\n{text}", l.diagnostics));
        assert!(s.pod.name.starts_with(prefix), "{kind}: {}", s.pod.name);
        let want_len = if prefix.ends_with('-') {
            prefix.len() + 5
        } else {
            prefix.len()
        };
        assert_eq!(s.pod.name.len(), want_len, "{kind}: {}", s.pod.name);
        assert_eq!(s.pod.controlled_by.as_deref(), owner, "{kind}");
        if kind == "StatefulSet" {
            assert_eq!(s.pod.spec.hostname.as_deref(), Some("sts-0"));
            assert_eq!(s.pod.spec.subdomain.as_deref(), Some("web"));
        }
        if kind == "Job" {
            assert_eq!(
                s.pod.labels.get("job-name").map(String::as_str),
                Some("job")
            );
            assert_eq!(s.pod.spec.restart_policy, RestartPolicy::Never);
        }
    }
    // CronJob: the pod template is under spec.jobTemplate.spec.template; the Job is named
    // after a scheduled minute.
    let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec:\n  schedule: \"*/1 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: i:1}]\n";
    let l = load(text);
    let s = l.scenario.as_ref().expect("valid");
    let job = s
        .pod
        .controlled_by
        .as_deref()
        .and_then(|o| o.strip_prefix("Job/cj-"))
        .expect("job owner");
    assert_eq!(job.len(), 8);
    assert!(job.chars().all(|c| c.is_ascii_digit()));
    assert!(s.pod.name.starts_with(&format!("cj-{job}-")));
    let span = l.pod_span("spec.containers[0]").expect("span");
    assert_eq!((span.line, span.column), (11, 24));
}

#[test]
fn a_kitchen_sink_pod_with_every_common_field_loads() {
    let l = load(&fixture("kitchen-sink-pod.yaml"));
    let blocking: Vec<String> = l
        .diagnostics
        .iter()
        .filter(|d| d.severity != podlife_manifest::Severity::Hint)
        .map(|d| d.render("f"))
        .collect();
    assert_eq!(blocking, Vec::<String>::new());
    let s = l.scenario.expect("valid");
    let web = &s.pod.spec.containers[0];
    assert_eq!(web.image_pull_policy, PullPolicy::IfNotPresent);
    assert_eq!(web.env.iter().filter(|e| e.value.is_none()).count(), 4);
    assert_eq!(
        s.pod
            .spec
            .init_containers
            .iter()
            .filter(|c| c.is_sidecar())
            .count(),
        1
    );
    // The pod tolerates unreachable itself: only not-ready is added.
    let keys: Vec<_> = s
        .pod
        .spec
        .tolerations
        .iter()
        .map(|t| t.key.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        keys,
        vec![
            "dedicated",
            "node.kubernetes.io/unreachable",
            "node.kubernetes.io/not-ready"
        ]
    );
    assert_eq!(s.pod.spec.volumes.len(), 9);
    assert_eq!(
        s.pod.spec.volumes[5].source,
        VolumeSource::Other {
            kind: "downwardAPI".into()
        }
    );
    assert!(!s.pod.spec.automount_service_account_token);
    assert_eq!(s.pod.spec.termination_grace_period_seconds, 45);
    let y = l_defaulted(&fixture("kitchen-sink-pod.yaml"));
    assert!(!y.contains("kube-api-access"), "automount is off");
}

fn l_defaulted(text: &str) -> String {
    load(text).defaulted_yaml().expect("valid")
}

#[test]
fn real_controller_manifests_load_without_errors() {
    let manifests = [
        // StatefulSet with volumeClaimTemplates and an update strategy.
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: 3\n  minReadySeconds: 10\n  podManagementPolicy: Parallel\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate: {partition: 0}\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Delete}\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      terminationGracePeriodSeconds: 10\n      containers:\n      - name: nginx\n        image: registry.k8s.io/nginx-slim:0.24\n        ports:\n        - containerPort: 80\n          name: web\n        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [ \"ReadWriteOnce\" ]\n      storageClassName: \"my-storage-class\"\n      resources:\n        requests:\n          storage: 1Gi\n",
        // Job with backoff, pod failure policy and TTL.
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  backoffLimit: 4\n  activeDeadlineSeconds: 100\n  ttlSecondsAfterFinished: 100\n  completions: 1\n  parallelism: 1\n  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        containerName: pi\n        operator: In\n        values: [42]\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl:5.34.0\n        command: [\"perl\",  \"-Mbignum=bpi\", \"-wle\", \"print bpi(2000)\"]\n      restartPolicy: Never\n",
        // CronJob.
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: hello\nspec:\n  schedule: \"* * * * *\"\n  timeZone: Etc/UTC\n  concurrencyPolicy: Forbid\n  successfulJobsHistoryLimit: 3\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: hello\n            image: busybox:1.28\n            imagePullPolicy: IfNotPresent\n            command:\n            - /bin/sh\n            - -c\n            - date; echo Hello from the Kubernetes cluster\n          restartPolicy: OnFailure\n",
        // DaemonSet with tolerations and hostPath.
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: fluentd-elasticsearch\n  namespace: kube-system\n  labels:\n    k8s-app: fluentd-logging\nspec:\n  selector:\n    matchLabels:\n      name: fluentd-elasticsearch\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}\n  template:\n    metadata:\n      labels:\n        name: fluentd-elasticsearch\n    spec:\n      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n        operator: Exists\n        effect: NoSchedule\n      containers:\n      - name: fluentd-elasticsearch\n        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2\n        resources:\n          limits:\n            memory: 200Mi\n          requests:\n            cpu: 100m\n            memory: 200Mi\n        volumeMounts:\n        - name: varlog\n          mountPath: /var/log\n      terminationGracePeriodSeconds: 30\n      volumes:\n      - name: varlog\n        hostPath:\n          path: /var/log\n",
        // Deployment with strategy and a Service in the same stream.
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: my-nginx\n  labels:\n    run: my-nginx\nspec:\n  type: NodePort\n  ports:\n  - port: 8080\n    targetPort: 80\n    protocol: TCP\n    name: http\n  selector:\n    run: my-nginx\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}\n  revisionHistoryLimit: 5\n  progressDeadlineSeconds: 600\n  selector:\n    matchLabels:\n      run: my-nginx\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        run: my-nginx\n    spec:\n      containers:\n      - name: my-nginx\n        image: nginx:1.25\n        ports:\n        - containerPort: 80\n",
    ];
    for m in manifests {
        let l = load(m);
        let blocking: Vec<String> = l
            .diagnostics
            .iter()
            .filter(|d| d.severity != podlife_manifest::Severity::Hint)
            .map(|d| d.render("f"))
            .collect();
        assert_eq!(blocking, Vec::<String>::new(), "{m}");
        let s = l.scenario.as_ref().expect("valid");
        if s.pod.name == "web-0" {
            assert_eq!(s.pod.spec.volumes[0].name, "www");
            assert_eq!(
                s.pod.spec.volumes[0].source,
                VolumeSource::Other {
                    kind: "persistentVolumeClaim".into()
                }
            );
            assert!(l
                .defaulted_yaml()
                .expect("yaml")
                .contains("claimName: www-web-0"));
        }
    }
}

#[test]
fn event_field_paths_map_to_spans() {
    let l = load(&fixture("deployment-sidecar-scenario.yaml"));
    let at = |p: &str| l.event_span(p).map(|s| (s.line, s.column));
    assert_eq!(at("spec.containers{myapp}"), Some((18, 9)));
    assert_eq!(at("spec.initContainers{logshipper}"), Some((28, 9)));
    assert_eq!(at("spec.containers{myapp}.livenessProbe"), Some((23, 11)));
    assert_eq!(at("spec.containers{nope}"), None);
    assert_eq!(at("pod"), Some((12, 3)));
}

#[test]
fn host_network_defaults_host_ports() {
    let l = load("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: i:1, ports: [{containerPort: 80}]}]\n");
    assert_eq!(
        l.scenario.as_ref().expect("valid").pod.spec.containers[0].ports[0].host_port,
        Some(80)
    );
    assert!(l
        .defaulted_yaml()
        .expect("yaml")
        .contains("    - containerPort: 80\n      hostPort: 80\n      protocol: TCP\n"));
}

#[test]
fn the_default_node_fits_node_name_and_selector_unless_nodes_are_given() {
    let s = load(&seed("nodename.yaml")).scenario.expect("valid");
    assert_eq!(s.setup.nodes.len(), 1);
    assert_eq!(s.setup.nodes[0].name, "worker01");
    let s = load(&seed("nodeselector.yaml")).scenario.expect("valid");
    assert_eq!(s.setup.nodes[0].name, "node-1");
    assert_eq!(
        s.setup.nodes[0].labels.get("app").map(String::as_str),
        Some("webserver")
    );
    let with_nodes = format!(
        "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  nodes: [{{name: other}}]\n",
        seed("nodeselector.yaml")
    );
    let s = load(&with_nodes).scenario.expect("valid");
    assert_eq!(s.setup.nodes[0].name, "other");
    assert!(s.setup.nodes[0].labels.is_empty());
}

#[test]
fn kubectl_get_output_as_a_list_loads() {
    let l = load(&fixture("kubectl-get-list.yaml"));
    let blocking: Vec<String> = l
        .diagnostics
        .iter()
        .filter(|d| d.severity != podlife_manifest::Severity::Hint)
        .map(|d| d.render("f"))
        .collect();
    assert_eq!(blocking, Vec::<String>::new());
    let s = l.scenario.as_ref().expect("valid");
    assert_eq!(s.pod.name, "web");
    assert_eq!(
        s.services,
        vec![ServiceRef {
            namespace: "default".into(),
            name: "web".into()
        }]
    );
    let span = l.pod_span("spec.containers[0].image").expect("span");
    assert_eq!((span.line, span.column), (26, 7));
    // Errors inside an item carry the item's path and position.
    let broken = fixture("kubectl-get-list.yaml").replace(
        "      imagePullPolicy: IfNotPresent",
        "      imagePullPolicy: Sometimes",
    );
    let got: Vec<String> = load(&broken)
        .diagnostics
        .iter()
        .filter(|d| d.severity == podlife_manifest::Severity::Error)
        .map(|d| d.render("f"))
        .collect();
    assert_eq!(got, vec!["f:27:7: error: items[0].spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"".to_string()]);
}
