//! computePodActions as a table, in the style of the kubelet's TestComputePodActions: a base
//! pod view (three running, started regular containers, restartPolicy Always), each case
//! mutating it, and the actions expected.

use podlife_spec::{ContainerKind, RestartPolicy};
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;

const RUNNING: Newest = Newest::Running {
    started: true,
    startup_failed: false,
    liveness_failed: false,
};

fn container(name: &str, kind: ContainerKind, newest: Newest) -> ContainerView<'_> {
    ContainerView {
        name,
        kind,
        newest,
        restart: RestartSpec::POD,
    }
}

/// Three running regular containers, restartPolicy Always, initialized.
fn base() -> PodView<'static> {
    PodView {
        restart_policy: RestartPolicy::Always,
        regular_started_once: true,
        stopping: false,
        init_count: 0,
        containers: ["foo1", "foo2", "foo3"]
            .into_iter()
            .map(|n| container(n, ContainerKind::Regular, RUNNING))
            .collect(),
    }
}

/// An init container, a sidecar and one regular container, none created yet.
fn with_init() -> PodView<'static> {
    PodView {
        restart_policy: RestartPolicy::Always,
        regular_started_once: false,
        stopping: false,
        init_count: 2,
        containers: vec![
            container("init", ContainerKind::Init, Newest::None),
            container("proxy", ContainerKind::Sidecar, Newest::None),
            container("app", ContainerKind::Regular, Newest::None),
        ],
    }
}

fn start(indices: &[usize]) -> PodActions {
    PodActions {
        containers_to_start: indices.to_vec(),
        ..PodActions::default()
    }
}

fn kill(index: usize, probe: ProbeKind, message: &str) -> ContainerToKill {
    ContainerToKill {
        index,
        probe,
        message: message.to_string(),
    }
}

fn failed(startup: bool, liveness: bool) -> Newest {
    Newest::Running {
        started: !startup,
        startup_failed: startup,
        liveness_failed: liveness,
    }
}

struct Case {
    name: &'static str,
    pod: PodView<'static>,
    mutate: fn(&mut PodView),
    actions: PodActions,
}

#[wasm_bindgen_test(unsupported = test)]
fn compute_pod_actions_table() {
    let cases = vec![
        Case {
            name: "everything is good; do nothing",
            pod: base(),
            mutate: |_| {},
            actions: PodActions::default(),
        },
        Case {
            name: "start all containers of a new pod, in spec order",
            pod: base(),
            mutate: |p| {
                p.containers
                    .iter_mut()
                    .for_each(|c| c.newest = Newest::None)
            },
            actions: start(&[0, 1, 2]),
        },
        Case {
            name: "Always restarts exited containers whatever their exit code (§6.9)",
            pod: base(),
            mutate: |p| {
                p.containers[0].newest = Newest::Exited { code: 0 };
                p.containers[2].newest = Newest::Exited { code: 1 };
            },
            actions: start(&[0, 2]),
        },
        Case {
            name: "OnFailure restarts only the failed container (§6.9)",
            pod: base(),
            mutate: |p| {
                p.restart_policy = RestartPolicy::OnFailure;
                p.containers[0].newest = Newest::Exited { code: 0 };
                p.containers[1].newest = Newest::Exited { code: 2 };
            },
            actions: start(&[1]),
        },
        Case {
            name: "Never: exited containers stay down while another runs",
            pod: base(),
            mutate: |p| {
                p.restart_policy = RestartPolicy::Never;
                p.containers[0].newest = Newest::Exited { code: 1 };
            },
            actions: PodActions::default(),
        },
        Case {
            name: "nothing kept and nothing to start: kill the pod (§6.11)",
            pod: base(),
            mutate: |p| {
                p.restart_policy = RestartPolicy::Never;
                p.containers
                    .iter_mut()
                    .for_each(|c| c.newest = Newest::Exited { code: 0 });
            },
            actions: PodActions::kill_pod(),
        },
        Case {
            name: "a pod being deleted restarts nothing (§6.9)",
            pod: base(),
            mutate: |p| {
                p.stopping = true;
                p.containers
                    .iter_mut()
                    .for_each(|c| c.newest = Newest::Exited { code: 1 });
            },
            actions: PodActions::kill_pod(),
        },
        Case {
            name: "liveness failure: kill and restart in the same sync (§5.15, §5.17)",
            pod: base(),
            mutate: |p| p.containers[1].newest = failed(false, true),
            actions: PodActions {
                containers_to_kill: vec![kill(
                    1,
                    ProbeKind::Liveness,
                    "Container foo2 failed liveness probe, will be restarted",
                )],
                containers_to_start: vec![1],
                ..PodActions::default()
            },
        },
        Case {
            name: "startup failure is named before liveness (§5.15)",
            pod: base(),
            mutate: |p| p.containers[0].newest = failed(true, true),
            actions: PodActions {
                containers_to_kill: vec![kill(
                    0,
                    ProbeKind::Startup,
                    "Container foo1 failed startup probe, will be restarted",
                )],
                containers_to_start: vec![0],
                ..PodActions::default()
            },
        },
        Case {
            name: "liveness failure under Never: killed, not restarted (§5.15)",
            pod: base(),
            mutate: |p| {
                p.restart_policy = RestartPolicy::Never;
                p.containers[2].newest = failed(false, true);
            },
            actions: PodActions {
                containers_to_kill: vec![kill(
                    2,
                    ProbeKind::Liveness,
                    "Container foo3 failed liveness probe",
                )],
                ..PodActions::default()
            },
        },
        Case {
            name: "a new pod with init containers starts only the first (§7.1)",
            pod: with_init(),
            mutate: |_| {},
            actions: start(&[0]),
        },
        Case {
            name: "a running init container holds everything back (§7.1)",
            pod: with_init(),
            mutate: |p| p.containers[0].newest = RUNNING,
            actions: PodActions::default(),
        },
        Case {
            name: "a failed init container reruns under Always (§7.2)",
            pod: with_init(),
            mutate: |p| p.containers[0].newest = Newest::Exited { code: 1 },
            actions: start(&[0]),
        },
        Case {
            name: "a failed init container fails the pod under Never (§7.2)",
            pod: with_init(),
            mutate: |p| {
                p.restart_policy = RestartPolicy::Never;
                p.containers[0].newest = Newest::Exited { code: 1 };
            },
            actions: PodActions::kill_pod(),
        },
        Case {
            name: "after the init container, the sidecar starts (§7.1, §7.6)",
            pod: with_init(),
            mutate: |p| p.containers[0].newest = Newest::Exited { code: 0 },
            actions: start(&[1]),
        },
        Case {
            name: "a sidecar not yet started holds the regular containers back (§7.3, §7.6)",
            pod: with_init(),
            mutate: |p| {
                p.containers[0].newest = Newest::Exited { code: 0 };
                p.containers[1].newest = Newest::Running {
                    started: false,
                    startup_failed: false,
                    liveness_failed: false,
                };
            },
            actions: PodActions::default(),
        },
        Case {
            name: "a started sidecar lets the regular containers start (§7.3)",
            pod: with_init(),
            mutate: |p| {
                p.containers[0].newest = Newest::Exited { code: 0 };
                p.containers[1].newest = RUNNING;
            },
            actions: start(&[2]),
        },
        Case {
            name: "a sidecar's failed startup probe restarts it (§7.7)",
            pod: with_init(),
            mutate: |p| {
                p.containers[0].newest = Newest::Exited { code: 0 };
                p.containers[1].newest = failed(true, false);
            },
            actions: PodActions {
                containers_to_kill: vec![kill(
                    1,
                    ProbeKind::Startup,
                    "Init container proxy failed startup probe",
                )],
                containers_to_start: vec![1],
                ..PodActions::default()
            },
        },
        Case {
            name: "once initialized, an exited sidecar restarts and the rest runs on (§7.7, §7.8)",
            pod: with_init(),
            mutate: |p| {
                p.regular_started_once = true;
                p.containers[0].newest = Newest::Exited { code: 0 };
                p.containers[1].newest = Newest::Exited { code: 1 };
                p.containers[2].newest = RUNNING;
            },
            actions: start(&[1]),
        },
        Case {
            name: "once initialized, a sidecar's liveness failure restarts it (§7.7)",
            pod: with_init(),
            mutate: |p| {
                p.regular_started_once = true;
                p.containers[0].newest = Newest::Exited { code: 0 };
                p.containers[1].newest = failed(false, true);
                p.containers[2].newest = RUNNING;
            },
            actions: PodActions {
                containers_to_kill: vec![kill(
                    1,
                    ProbeKind::Liveness,
                    "Init container proxy failed liveness probe",
                )],
                containers_to_start: vec![1],
                ..PodActions::default()
            },
        },
        Case {
            name: "a job done with its sidecar still running: kill the pod, sidecar too (§7.10)",
            pod: with_init(),
            mutate: |p| {
                p.restart_policy = RestartPolicy::Never;
                p.regular_started_once = true;
                p.containers[0].newest = Newest::Exited { code: 0 };
                p.containers[1].newest = RUNNING;
                p.containers[2].newest = Newest::Exited { code: 0 };
            },
            actions: PodActions::kill_pod(),
        },
        Case {
            name: "completed init containers never rerun once initialized (§7.2)",
            pod: with_init(),
            mutate: |p| {
                p.regular_started_once = true;
                p.containers[0].newest = Newest::None;
                p.containers[1].newest = RUNNING;
                p.containers[2].newest = RUNNING;
            },
            actions: PodActions::default(),
        },
    ];
    for case in cases {
        let mut pod = case.pod;
        (case.mutate)(&mut pod);
        assert_eq!(compute_actions(&pod), case.actions, "{}", case.name);
    }
}

/// §14.7: restart rules as the 1.35+ kubelet reads them (the view carries the container's own
/// policy and rules only where the profile honours them).
#[wasm_bindgen_test(unsupported = test)]
fn container_restart_rules_table_14_7() {
    use podlife_spec::{ContainerRestartRule, RestartRuleAction};
    let rules = [ContainerRestartRule {
        action: RestartRuleAction::Restart,
        exit_codes_in: true,
        exit_codes: vec![42],
    }];
    let own = |policy| RestartSpec {
        policy: Some(policy),
        rules: &rules,
    };
    // Pod Never; container Never with "Restart on 42".
    let mut pod: PodView<'_> = base();
    pod.restart_policy = RestartPolicy::Never;
    pod.containers[0].restart = own(RestartPolicy::Never);
    pod.containers[0].newest = Newest::Exited { code: 42 };
    assert_eq!(
        compute_actions(&pod),
        start(&[0]),
        "a matching rule restarts"
    );
    pod.containers[0].newest = Newest::Exited { code: 1 };
    assert_eq!(
        compute_actions(&pod),
        PodActions::default(),
        "no rule matches: its own Never"
    );
    // Pod Always; container Never: a liveness kill does not restart it.
    let mut pod: PodView<'_> = base();
    pod.containers[1].restart = own(RestartPolicy::Never);
    pod.containers[1].newest = failed(false, true);
    assert_eq!(
        compute_actions(&pod),
        PodActions {
            containers_to_kill: vec![kill(
                1,
                ProbeKind::Liveness,
                "Container foo2 failed liveness probe"
            )],
            ..PodActions::default()
        }
    );
    // Pod Never; container OnFailure: a liveness kill restarts it.
    let mut pod: PodView<'_> = base();
    pod.restart_policy = RestartPolicy::Never;
    pod.containers[2].restart = own(RestartPolicy::OnFailure);
    pod.containers[2].newest = failed(false, true);
    assert_eq!(
        compute_actions(&pod),
        PodActions {
            containers_to_kill: vec![kill(
                2,
                ProbeKind::Liveness,
                "Container foo3 failed liveness probe, will be restarted"
            )],
            containers_to_start: vec![2],
            ..PodActions::default()
        }
    );
    // Pod Never; a failed init container with its own OnFailure is run again, not fatal.
    let mut pod: PodView<'_> = with_init();
    pod.restart_policy = RestartPolicy::Never;
    pod.containers[0].restart = own(RestartPolicy::OnFailure);
    pod.containers[0].newest = Newest::Exited { code: 3 };
    assert_eq!(compute_actions(&pod), start(&[0]));
    pod.containers[0].restart = own(RestartPolicy::Never);
    assert_eq!(compute_actions(&pod), PodActions::kill_pod());
}
