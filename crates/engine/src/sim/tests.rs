//! Whole-simulator tests: the acceptance example, determinism, the sans-IO loop, the JSON
//! contract, edge cases.

use podlife_spec::{Action, ActionKind, SimTime};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::checks::{count, ms, one, s, times};
use crate::testkit::{exec_probe, liveness_exec, run_fake, scenario, FakeRuntime, Script};
use crate::views;

#[wasm_bindgen_test(unsupported = test)]
fn acceptance_liveness_exec_5_15_5_17() {
    let (mut sc, scripts) = liveness_exec();
    sc.setup.kube_minor = 34; // kubectl before 1.35: no fieldPath prefix (§14.3)
    let tr = run_fake(&sc, &scripts);
    let t = s(222);
    assert_eq!(count(&tr, "Unhealthy", t), 9);
    assert_eq!(count(&tr, "Killing", t), 3);
    assert_eq!(count(&tr, "Started", t), 3);
    assert_eq!(
        views::get_pods(&tr, s(252)),
        "NAME            READY   STATUS    RESTARTS      AGE\nliveness-exec   1/1     Running   3 (27s ago)   4m12s\n"
    );
    let d = views::describe_pod(&tr, t);
    assert!(d.contains("  Warning  Unhealthy  27s (x9 over 3m7s)   kubelet            Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"), "{d}");
    assert!(d.contains("  Normal   Killing    27s (x3 over 2m57s)  kubelet            Container liveness failed liveness probe, will be restarted\n"), "{d}");
    // Killing → SIGKILL after the full 30 s grace (the shell ignores SIGTERM, §9.4).
    assert_eq!(times(&tr, "Killing")[0], 45_000);
    assert_eq!(times(&tr, "Started")[1], 75_200);
    // kubectl 1.35+ prefixes a container event with its fieldPath (§14.3); the column widens.
    sc.setup.kube_minor = 35;
    let d = views::describe_pod(&run_fake(&sc, &scripts), t);
    assert!(d.contains("  Warning  Unhealthy  27s (x9 over 3m7s)   kubelet            spec.containers{liveness}: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"), "{d}");
    assert!(d.contains("  Normal   Scheduled  3m42s                default-scheduler  Successfully assigned default/liveness-exec to node-1\n"), "{d}");
}

#[wasm_bindgen_test(unsupported = test)]
fn deterministic_and_monotonic() {
    let (sc, scripts) = liveness_exec();
    let a = run_fake(&sc, &scripts).to_json();
    let b = run_fake(&sc, &scripts).to_json();
    assert_eq!(a, b);
    let tr = run_fake(&sc, &scripts);
    assert!(tr.events.windows(2).all(|w| w[0].time <= w[1].time));
    assert!(tr.frames.windows(2).all(|w| w[0].time <= w[1].time));
}

#[wasm_bindgen_test(unsupported = test)]
fn spurious_wakeups_are_no_ops() {
    let (sc, scripts) = liveness_exec();
    let mut sim = crate::Sim::with_runtime(&sc, FakeRuntime::new(&scripts));
    sim.handle_timeout(SimTime::ZERO);
    sim.handle_timeout(SimTime::ZERO);
    sim.handle_timeout(ms(500));
    let t = sim.poll_timeout().unwrap();
    assert!(t >= ms(500));
    sim.handle_timeout(ms(100)); // in the past: ignored
    let direct = crate::drive(crate::Sim::with_runtime(&sc, FakeRuntime::new(&scripts)));
    let woken = crate::drive(sim);
    assert_eq!(direct.to_json(), woken.to_json());
}

#[wasm_bindgen_test(unsupported = test)]
fn json_contract_fields_6() {
    let (sc, scripts) = liveness_exec();
    let tr = run_fake(&sc, &scripts);
    let v: serde_json::Value = serde_json::from_str(&tr.to_json()).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["pod"]["name"], "liveness-exec");
    assert_eq!(v["pod"]["node"], "node-1");
    assert_eq!(v["until"], 300.0);
    let e = &v["events"][0];
    assert_eq!(e["time"], 0.0);
    assert_eq!(e["type"], "Normal");
    assert_eq!(e["reason"], "Scheduled");
    assert_eq!(e["from"], "default-scheduler");
    assert_eq!(e["object"], "pod");
    let f = &v["frames"][0];
    assert_eq!(f["exists"], true);
    assert_eq!(f["phase"], "Pending");
    assert_eq!(f["kubectl"]["ready"], "0/1");
    assert_eq!(f["kubectl"]["status"], "ContainerCreating");
    assert_eq!(f["kubectl"]["restarts"], 0);
    assert_eq!(f["conditions"][4]["type"], "PodScheduled");
    assert_eq!(f["conditions"][4]["lastTransitionTime"], 0.0);
    let c = &f["containers"][0];
    assert_eq!(c["name"], "liveness");
    assert_eq!(c["kind"], "regular");
    assert_eq!(c["state"], "waiting");
    assert_eq!(c["reason"], "ContainerCreating");
    assert_eq!(c["lastState"], serde_json::Value::Null);
    assert_eq!(c["restartCount"], 0);
}

#[wasm_bindgen_test(unsupported = test)]
fn edge_cases_never_panic_or_hang() {
    // No containers at all.
    let mut sc = scenario("empty", vec![]);
    let tr = run_fake(&sc, &[]);
    assert!(tr.capped.is_none());
    assert!(!tr.frames.is_empty());
    // Horizon 0, and beyond the 24 h cap.
    sc = one("zero");
    sc.setup.until = SimTime::ZERO;
    let tr = run_fake(&sc, &[]);
    assert_eq!(tr.until, SimTime::ZERO);
    assert!(tr.events.iter().all(|e| e.time == SimTime::ZERO));
    sc.setup.until = s(10 * 24 * 3600);
    sc.pod.spec.containers[0].liveness_probe = Some(exec_probe(&["x"], 0, 1));
    let tr = run_fake(&sc, &[]);
    assert_eq!(tr.until, s(24 * 3600));
    // Actions at t=0 and on things that do not exist.
    sc = one("odd");
    sc.pod.spec.termination_grace_period_seconds = -5;
    for kind in [
        ActionKind::NodeUp,
        ActionKind::Exec {
            container: Some("nope".into()),
            command: vec!["true".into()],
        },
        ActionKind::NodeDown,
        ActionKind::Delete {
            grace_period_seconds: Some(-3),
            force: false,
        },
        ActionKind::Delete {
            grace_period_seconds: None,
            force: true,
        },
        ActionKind::NodeUp,
    ] {
        sc.setup.actions.push(Action { at: s(0), kind });
    }
    let tr = run_fake(&sc, &[("app", Script::default())]);
    assert!(tr.capped.is_none());
    assert_eq!(tr.execs.len(), 1);
    assert_eq!(tr.execs[0].exit_code, 1);
    assert!(!tr.frames.last().unwrap().exists);
    // Delete an unschedulable pod: gone at once.
    sc = one("unsched-del");
    sc.pod.spec.node_selector.insert("x".into(), "y".into());
    sc.setup.actions.push(Action {
        at: s(5),
        kind: ActionKind::Delete {
            grace_period_seconds: None,
            force: false,
        },
    });
    let tr = run_fake(&sc, &[]);
    let last = tr.frames.last().unwrap();
    assert!(!last.exists);
    assert_eq!(last.time, s(5));
    // Huge and negative numbers saturate instead of overflowing.
    sc = one("huge");
    sc.pod.spec.termination_grace_period_seconds = i64::MAX;
    sc.pod.spec.active_deadline_seconds = Some(i64::MAX);
    let mut p = exec_probe(&["x"], i32::MAX, i32::MAX);
    p.timeout_seconds = i32::MAX;
    p.termination_grace_period_seconds = Some(i64::MAX);
    sc.pod.spec.containers[0].liveness_probe = Some(p);
    sc.setup.actions.push(Action {
        at: s(100),
        kind: ActionKind::Delete {
            grace_period_seconds: Some(i64::MAX),
            force: false,
        },
    });
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                ignore_sigterm: true,
                ..Default::default()
            },
        )],
    );
    assert!(tr.capped.is_none());
    sc.setup.nodes.clear();
    let tr = run_fake(&sc, &[]);
    assert_eq!(tr.events[0].message, "no nodes available to schedule pods");
    // nodeName of a node that does not exist: Pending forever, no events.
    sc = one("ghost");
    sc.pod.spec.node_name = Some("ghost-node".into());
    let tr = run_fake(&sc, &[]);
    assert!(tr.events.is_empty());
    assert_eq!(tr.frames.len(), 1);
    assert_eq!(tr.frames[0].kubectl.status, "Pending");
}

#[wasm_bindgen_test(unsupported = test)]
fn poll_output_streams_everything_in_time_order() {
    let (sc, scripts) = liveness_exec();
    let mut sim = crate::Sim::with_runtime(&sc, FakeRuntime::new(&scripts));
    let mut got_events = 0;
    let mut got_frames = 0;
    let mut last = SimTime::ZERO;
    sim.handle_timeout(SimTime::ZERO);
    loop {
        while let Some(o) = sim.poll_output() {
            let t = match o {
                crate::Output::Event(e) => {
                    got_events += 1;
                    e.time
                }
                crate::Output::Frame(f) => {
                    got_frames += 1;
                    f.time
                }
            };
            assert!(t >= last);
            last = t;
        }
        match sim.poll_timeout() {
            Some(t) if t <= sc.setup.until => sim.handle_timeout(t),
            _ => break,
        }
    }
    let tr = sim.into_trace();
    assert_eq!(got_events, tr.events.len());
    assert_eq!(got_frames, tr.frames.len());
    assert!(got_events > 20);
}

/// §14.8: a sidecar exiting with a RestartAllContainers code restarts the pod in place (1.36+).
#[wasm_bindgen_test(unsupported = test)]
fn restart_all_containers_14_8() {
    use podlife_spec::{ContainerRestartRule, LifecycleHandler, RestartPolicy, RestartRuleAction};
    let mut init = crate::testkit::container("setup", "busybox:1.36");
    init.image_pull_policy = podlife_spec::PullPolicy::IfNotPresent;
    let mut watcher = crate::testkit::sidecar(crate::testkit::container("watcher", "busybox:1.36"));
    watcher.image_pull_policy = podlife_spec::PullPolicy::IfNotPresent;
    watcher.restart_rules = vec![ContainerRestartRule {
        action: RestartRuleAction::RestartAllContainers,
        exit_codes_in: true,
        exit_codes: vec![88],
    }];
    let mut main = crate::testkit::container("main", "busybox:1.36");
    main.image_pull_policy = podlife_spec::PullPolicy::IfNotPresent;
    // A preStop that would hold the kill: an in-place restart skips it.
    main.lifecycle.pre_stop = Some(LifecycleHandler::Sleep { seconds: 5 });
    let mut sc = scenario("inplace", vec![main]);
    sc.pod.spec.init_containers = vec![init, watcher];
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    sc.setup.nodes[0].images.push("busybox:1.36".into());
    sc.setup.until = s(60);
    sc.setup.kube_minor = 36;
    let scripts = [
        (
            "setup",
            Script {
                exit_after_ms: Some(100),
                ..Default::default()
            },
        ),
        (
            "watcher",
            Script {
                exit_after_ms: Some(20_000),
                exit_code: 88,
                ..Default::default()
            },
        ),
    ];
    let tr = run_fake(&sc, &scripts);
    let restarting = |f: &crate::Frame| {
        f.conditions
            .iter()
            .find(|c| c.type_ == "AllContainersRestarting")
            .map(|c| (c.status, c.reason.clone()))
    };
    // Listed from the start (the pod has such a rule), False until the sidecar's exit.
    assert_eq!(restarting(&tr.frames[0]), Some(("False", None)));
    let during = tr
        .frames
        .iter()
        .find(|f| restarting(f).is_some_and(|r| r.0 == "True"))
        .expect("AllContainersRestarting=True is published");
    assert_eq!(
        restarting(during).unwrap().1.as_deref(),
        Some("RestartAllContainersStarted")
    );
    let trigger = during.time;
    // Killed at once: no preStop span, no grace; the main container's run says why it ended.
    assert!(tr.spans.iter().all(|s| s.kind != "preStop"));
    assert!(tr
        .marks
        .iter()
        .any(|m| m.kind == "SIGKILL" && m.time == trigger));
    // Never Pending or Failed again, Initialized stays True, and the containers run again
    // from the init container with their restart counts + 1.
    for f in tr.frames.iter().filter(|f| f.time >= trigger) {
        assert_eq!(f.phase, "Running", "{}", f.time);
        let init = f
            .conditions
            .iter()
            .find(|c| c.type_ == "Initialized")
            .unwrap();
        assert_eq!(init.status, "True", "{}", f.time);
    }
    let after = tr.frame_at(trigger + s(5)).unwrap();
    assert_eq!(restarting(after).unwrap().0, "False");
    let main = after
        .containers
        .iter()
        .find(|c| &*c.name == "main")
        .unwrap();
    assert_eq!(main.state, "running");
    assert_eq!(main.restart_count, 1);
    let last = main.last_state.as_ref().unwrap();
    assert_eq!(
        (last.reason.as_deref(), last.exit_code),
        (Some("RestartingAllContainers"), 137)
    );
    assert_eq!(count(&tr, "Started", trigger + s(5)), 6);
    // 1.35 (gate off) and rules v1: the sidecar simply restarts by itself.
    for (minor, rules) in [(35, 2), (36, 1)] {
        sc.setup.kube_minor = minor;
        sc.setup.rules_version = rules;
        let tr = run_fake(&sc, &scripts);
        assert!(tr.frames.iter().all(|f| restarting(f).is_none()));
        assert!(tr.marks.iter().all(|m| m.kind != "SIGKILL"));
    }
}
