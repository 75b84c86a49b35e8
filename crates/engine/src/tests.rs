//! Engine unit tests per rule family, over the scripted [`FakeRuntime`] (see testkit).

use podlife_spec::{Action, ActionKind, PullPolicy, RestartPolicy, SimTime, Taint};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::testkit::*;
use crate::trace::Trace;
use crate::views;

fn s(x: u64) -> SimTime {
    SimTime::from_secs(x)
}

fn ms(x: u64) -> SimTime {
    SimTime::from_millis(x)
}

fn count(tr: &Trace, reason: &str, upto: SimTime) -> usize {
    tr.events
        .iter()
        .filter(|e| e.reason == reason && e.time <= upto)
        .count()
}

fn times(tr: &Trace, reason: &str) -> Vec<u64> {
    tr.events
        .iter()
        .filter(|e| e.reason == reason)
        .map(|e| e.time.as_millis())
        .collect()
}

fn statuses(tr: &Trace) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for f in &tr.frames {
        if v.last() != Some(&f.kubectl.status) {
            v.push(f.kubectl.status.clone());
        }
    }
    v
}

fn one(name: &str) -> podlife_spec::Scenario {
    let mut c = container("app", "busybox:1.36");
    c.image_pull_policy = PullPolicy::IfNotPresent;
    let mut sc = scenario(name, vec![c]);
    sc.setup.nodes[0].images.push("busybox:1.36".into());
    sc
}

#[wasm_bindgen_test(unsupported = test)]
fn acceptance_liveness_exec_5_15_5_17() {
    let (sc, scripts) = liveness_exec();
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
}

#[wasm_bindgen_test(unsupported = test)]
fn crash_loop_back_off_curve_6_4() {
    let mut sc = one("crash");
    sc.setup.until = s(400);
    let script = Script {
        exit_after_ms: Some(2000),
        exit_code: 1,
        ..Default::default()
    };
    let tr = run_fake(&sc, &[("app", script)]);
    let starts = times(&tr, "Started");
    // Each instance exits 2 s after start; the gap from exit to next start:
    let gaps: Vec<u64> = starts.windows(2).map(|w| w[1] - (w[0] + 2000)).collect();
    // crash #1 restarts at the next PLEG relist + create/start (no back-off), then 10, 20, 40,
    // 80, 160 s measured from finishedAt (x.200 s, §6.3), picked up by the whole-second sync
    // ticker (+0.8 s), plus 200 ms create/start.
    assert_eq!(gaps[0], 1000);
    assert_eq!(&gaps[1..6], &[11_000, 21_000, 41_000, 81_000, 161_000]);
    let st = statuses(&tr);
    assert_eq!(
        &st[..5],
        &["ContainerCreating", "Running", "Error", "Running", "Error"]
    );
    assert!(st.contains(&"CrashLoopBackOff".to_string()));
    let f = tr
        .frames
        .iter()
        .find(|f| f.kubectl.status == "CrashLoopBackOff")
        .unwrap();
    let c = &f.containers[0];
    assert_eq!(
        c.message.as_deref(),
        Some(
            format!(
                "back-off 10s restarting failed container=app pod=crash_default({})",
                sc.pod.uid
            )
            .as_str()
        )
    );
    assert_eq!(c.last_state.as_ref().map(|l| l.exit_code), Some(1));
    assert_eq!(f.phase, "Running"); // §1.5
    assert!(count(&tr, "BackOff", s(400)) >= 5);
}

#[wasm_bindgen_test(unsupported = test)]
fn never_policy_failed_is_sticky_1_6_2_4() {
    let mut sc = one("never");
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                exit_after_ms: Some(5000),
                exit_code: 3,
                ..Default::default()
            },
        )],
    );
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Failed");
    assert_eq!(last.kubectl.status, "Error");
    let cr = last
        .conditions
        .iter()
        .find(|c| c.type_ == "ContainersReady")
        .unwrap();
    assert_eq!(cr.reason.as_deref(), Some("PodFailed"));
    let p = last
        .conditions
        .iter()
        .find(|c| c.type_ == "PodReadyToStartContainers")
        .unwrap();
    assert_eq!(p.status, "False"); // §2.2 sandbox stopped
    let first_failed = tr.frames.iter().position(|f| f.phase == "Failed").unwrap();
    assert!(tr.frames[first_failed..]
        .iter()
        .all(|f| f.phase == "Failed"));
    assert_eq!(count(&tr, "Started", s(600)), 1);
}

#[wasm_bindgen_test(unsupported = test)]
fn on_failure_success_completes_1_4() {
    let mut sc = one("job");
    sc.pod.spec.restart_policy = RestartPolicy::OnFailure;
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                exit_after_ms: Some(3000),
                ..Default::default()
            },
        )],
    );
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Succeeded");
    assert_eq!(last.kubectl.status, "Completed");
    assert_eq!(last.kubectl.ready, "0/1");
}

#[wasm_bindgen_test(unsupported = test)]
fn init_containers_one_by_one_7_1_4_3() {
    let mut sc = one("init");
    let mut i1 = container("init-a", "busybox:1.36");
    i1.image_pull_policy = PullPolicy::IfNotPresent;
    let mut i2 = i1.clone();
    i2.name = "init-b".into();
    sc.pod.spec.init_containers = vec![i1, i2];
    let done = Script {
        exit_after_ms: Some(3000),
        ..Default::default()
    };
    let tr = run_fake(&sc, &[("init-a", done.clone()), ("init-b", done)]);
    assert_eq!(
        statuses(&tr),
        vec!["Init:0/2", "Init:1/2", "PodInitializing", "Running"]
    );
    let f0 = &tr.frames[0];
    assert_eq!(f0.containers[0].reason.as_deref(), Some("PodInitializing"));
    let init = f0
        .conditions
        .iter()
        .find(|c| c.type_ == "Initialized")
        .unwrap();
    assert_eq!(init.reason.as_deref(), Some("ContainersNotInitialized"));
    assert_eq!(
        init.message.as_deref(),
        Some("containers with incomplete status: [init-a init-b]")
    );
    // init-b starts on the sync after init-a's exit is relisted (§7.1).
    let st = times(&tr, "Started");
    assert_eq!(st[0], 1200);
    assert_eq!(st[1], 5000 + 200);
    assert_eq!(st[2], 9000 + 200);
}

#[wasm_bindgen_test(unsupported = test)]
fn init_failure_with_never_fails_pod_7_2() {
    let mut sc = one("initfail");
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let mut i1 = container("init-a", "busybox:1.36");
    i1.image_pull_policy = PullPolicy::IfNotPresent;
    sc.pod.spec.init_containers = vec![i1];
    let tr = run_fake(
        &sc,
        &[(
            "init-a",
            Script {
                exit_after_ms: Some(1000),
                exit_code: 1,
                ..Default::default()
            },
        )],
    );
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Failed");
    assert_eq!(last.kubectl.status, "Init:Error");
    assert_eq!(count(&tr, "Started", s(600)), 1);
}

#[wasm_bindgen_test(unsupported = test)]
fn sidecar_job_completes_and_sidecar_stops_last_7_10_7_11() {
    let mut sc = one("sidecar-job");
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let mut sc_c = sidecar(container("proxy", "busybox:1.36"));
    sc_c.image_pull_policy = PullPolicy::IfNotPresent;
    sc_c.startup_probe = Some(exec_probe(&["true"], 0, 1));
    sc.pod.spec.init_containers = vec![sc_c];
    let tr = run_fake(
        &sc,
        &[
            (
                "app",
                Script {
                    exit_after_ms: Some(10_000),
                    ..Default::default()
                },
            ),
            ("proxy", Script::default()),
        ],
    );
    let st = statuses(&tr);
    assert_eq!(st.first().map(String::as_str), Some("Init:0/1"));
    assert!(st.contains(&"Running".to_string()));
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Succeeded"); // §1.10: sidecar exit code ignored
    let started = times(&tr, "Started");
    assert_eq!(started.len(), 2);
    assert!(started[1] > started[0]);
    // The sidecar is stopped after the main container exited (Killing from the pod kill).
    let kill = tr.events.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(kill.object, "spec.initContainers{proxy}");
    assert_eq!(kill.message, "Stopping container proxy");
    let ready = tr
        .frames
        .iter()
        .map(|f| f.kubectl.ready.clone())
        .collect::<Vec<_>>();
    assert!(ready.contains(&"2/2".to_string()));
}

#[wasm_bindgen_test(unsupported = test)]
fn graceful_delete_with_long_prestop_a3_9_5() {
    let mut sc = one("del");
    sc.pod.spec.containers[0].lifecycle.pre_stop = Some(sleep_hook(40));
    sc.setup.actions.push(Action {
        at: s(20),
        kind: ActionKind::Delete {
            grace_period_seconds: None,
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
    assert_eq!(times(&tr, "Killing"), vec![20_000]);
    let sig: Vec<(String, u64)> = tr
        .marks
        .iter()
        .filter(|m| m.kind.starts_with("SIG"))
        .map(|m| (m.kind.to_string(), m.time.as_millis()))
        .collect();
    assert_eq!(
        sig,
        vec![("SIGTERM".into(), 50_000), ("SIGKILL".into(), 52_000)]
    );
    let terminating = tr
        .frames
        .iter()
        .find(|f| f.deletion_timestamp.is_some())
        .unwrap();
    assert_eq!(terminating.time, s(20));
    assert_eq!(terminating.kubectl.status, "Terminating");
    // deletionTimestamp is when the object will be gone: request + grace (§9.1); describe's
    // "lasts" counts from it, so it is `<invalid>` (negative) while the grace period runs.
    assert_eq!(terminating.deletion_timestamp, Some(s(50)));
    assert!(views::describe_pod(&tr, s(34))
        .contains("Status:                    Terminating (lasts <invalid>)\n"));
    assert!(views::describe_pod(&tr, s(52)).contains("Terminating (lasts 2s)\n"));
    let last = tr.frames.last().unwrap();
    assert!(!last.exists);
    assert_eq!(last.time, s(53));
    let before = &tr.frames[tr.frames.len() - 2];
    assert_eq!(before.phase, "Failed"); // §9.8: exit 137
    assert_eq!(
        views::get_pods(&tr, s(60)),
        "Error from server (NotFound): pods \"del\" not found\n"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn force_delete_removes_object_at_once_9_6() {
    let mut sc = one("force");
    sc.setup.actions.push(Action {
        at: s(10),
        kind: ActionKind::Delete {
            grace_period_seconds: None,
            force: true,
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
    let gone = tr.frames.iter().position(|f| !f.exists).unwrap();
    assert_eq!(tr.frames[gone].time, s(10));
    assert_eq!(gone, tr.frames.len() - 1);
    let sig: Vec<u64> = tr
        .marks
        .iter()
        .filter(|m| m.kind == "SIGKILL")
        .map(|m| m.time.as_millis())
        .collect();
    assert_eq!(sig, vec![12_000]); // grace 1 s raised to the 2 s minimum
}

#[wasm_bindgen_test(unsupported = test)]
fn image_pull_failure_and_back_off_10_5_10_7() {
    let mut c = container("app", "nginx:1.9.0s");
    c.image_pull_policy = PullPolicy::IfNotPresent;
    let mut sc = scenario("pull", vec![c]);
    sc.setup.registry.missing.push("nginx:1.9.0s".into());
    sc.setup.until = s(120);
    let tr = run_fake(&sc, &[]);
    let st = statuses(&tr);
    assert_eq!(
        &st[..3],
        &["ContainerCreating", "ErrImagePull", "ImagePullBackOff"]
    );
    assert!(tr.frames.iter().all(|f| f.phase == "Pending")); // §1.5
    let pulls = times(&tr, "Pulling");
    assert_eq!(pulls[0], 1000);
    assert_eq!(pulls[1], 13_000);
    let failed = tr.events.iter().find(|e| e.reason == "Failed").unwrap();
    assert_eq!(failed.message, "Failed to pull image \"nginx:1.9.0s\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.9.0s\": failed to resolve reference \"docker.io/library/nginx:1.9.0s\": docker.io/library/nginx:1.9.0s: not found");
    assert!(tr
        .events
        .iter()
        .any(|e| e.reason == "BackOff" && e.message == "Back-off pulling image \"nginx:1.9.0s\""));
}

#[wasm_bindgen_test(unsupported = test)]
fn never_pull_policy_missing_image_10_2() {
    let mut c = container("app", "myimage:1");
    c.image_pull_policy = PullPolicy::Never;
    let sc = scenario("neverpull", vec![c]);
    let tr = run_fake(&sc, &[]);
    let e = tr
        .events
        .iter()
        .find(|e| e.reason == "ErrImageNeverPull")
        .unwrap();
    assert_eq!(
        e.message,
        "Container image \"myimage:1\" is not present with pull policy of Never"
    );
    assert_eq!(
        tr.frames.last().unwrap().kubectl.status,
        "ErrImageNeverPull"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn pull_then_start_events_13_1() {
    let c = container("app", "busybox");
    let sc = scenario("pull-ok", vec![c]);
    let tr = run_fake(&sc, &[]);
    let msgs: Vec<String> = tr
        .events
        .iter()
        .take(5)
        .map(|e| format!("{} {}", e.reason, e.message))
        .collect();
    assert_eq!(msgs[1], "Pulling Pulling image \"busybox\"");
    assert!(msgs[2].starts_with(
        "Pulled Successfully pulled image \"busybox\" in 2s (2s including waiting). Image size: "
    ));
    assert_eq!(msgs[3], "Created Created container: app");
    assert_eq!(msgs[4], "Started Started container app");
}

#[wasm_bindgen_test(unsupported = test)]
fn failed_scheduling_message_11_7() {
    let mut sc = one("unsched");
    sc.pod
        .spec
        .node_selector
        .insert("disktype".into(), "ssd".into());
    let tr = run_fake(&sc, &[]);
    let e = &tr.events[0];
    assert_eq!(e.reason, "FailedScheduling");
    assert_eq!(e.from, "default-scheduler");
    assert_eq!(e.message, "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    let f = &tr.frames[0];
    assert_eq!(f.phase, "Pending");
    assert_eq!(f.conditions[0].reason.as_deref(), Some("Unschedulable"));
    assert_eq!(times(&tr, "FailedScheduling"), vec![0, 300_000, 600_000]); // retried every 5 min
}

#[wasm_bindgen_test(unsupported = test)]
fn insufficient_and_taints_11_7() {
    let mut sc = one("big");
    sc.pod.spec.containers[0]
        .resources
        .requests
        .insert("cpu".into(), podlife_spec::parse_quantity("8").unwrap());
    let mut n2 = sc.setup.nodes[0].clone();
    n2.name = "node-2".into();
    n2.cpu_milli = 16_000;
    n2.taints.push(Taint {
        key: "dedicated".into(),
        value: Some("gpu".into()),
        effect: "NoSchedule".into(),
    });
    sc.setup.nodes.push(n2);
    let tr = run_fake(&sc, &[]);
    assert_eq!(tr.events[0].message, "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
}

#[wasm_bindgen_test(unsupported = test)]
fn node_name_bypasses_scheduler_11_6() {
    let mut sc = one("pinned");
    sc.pod.spec.node_name = Some("node-1".into());
    let tr = run_fake(&sc, &[]);
    assert_eq!(count(&tr, "Scheduled", s(600)), 0);
    assert_eq!(tr.frames.last().unwrap().kubectl.status, "Running");
}

#[wasm_bindgen_test(unsupported = test)]
fn active_deadline_12_1() {
    let mut sc = one("deadline");
    sc.pod.spec.active_deadline_seconds = Some(30);
    let tr = run_fake(&sc, &[("app", Script::default())]);
    assert_eq!(times(&tr, "DeadlineExceeded"), vec![30_000]);
    let f = tr
        .frames
        .iter()
        .find(|f| f.reason.as_deref() == Some("DeadlineExceeded"))
        .unwrap();
    assert_eq!(f.phase, "Failed");
    assert_eq!(f.kubectl.status, "DeadlineExceeded");
    assert_eq!(
        f.message.as_deref(),
        Some("Pod was active on the node longer than the specified deadline")
    );
    assert_eq!(times(&tr, "Killing"), vec![30_000]);
    let last = tr.frames.last().unwrap();
    assert_eq!(last.phase, "Failed");
    assert_eq!(last.kubectl.status, "Error"); // §4.5
    assert!(last.exists);
}

#[wasm_bindgen_test(unsupported = test)]
fn readiness_gates_2_5() {
    let mut sc = one("gates");
    sc.pod
        .spec
        .readiness_gates
        .push("www.example.com/feature-1".into());
    let tr = run_fake(&sc, &[]);
    let last = tr.frames.last().unwrap();
    let ready = last.conditions.iter().find(|c| c.type_ == "Ready").unwrap();
    assert_eq!(ready.status, "False");
    assert_eq!(ready.reason.as_deref(), Some("ReadinessGatesNotReady"));
    assert_eq!(ready.message.as_deref(), Some("corresponding condition of pod readiness gate \"www.example.com/feature-1\" does not exist."));
    assert_eq!(last.kubectl.ready, "1/1");
    assert!(views::get_pods_wide(&tr, s(60)).contains("   0/1\n"));
}

#[wasm_bindgen_test(unsupported = test)]
fn readiness_probe_now_and_threshold_5_5_5_8() {
    let mut sc = one("ready");
    let mut p = exec_probe(&["check"], 0, 10);
    p.success_threshold = 1;
    sc.pod.spec.containers[0].readiness_probe = Some(p);
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                probe_ok_after_ms: Some(15_000),
                ..Default::default()
            },
        )],
    );
    // Container starts at 1.2 s; the sync at 2 s triggers a probe at once (§5.5): fails;
    // ticker reset to 12 s: fails; 22 s: succeeds → ready.
    let r: Vec<(u64, &str, u32, u64)> = tr
        .probes
        .iter()
        .map(|p| (p.time.as_millis(), p.result, p.count, p.last.as_millis()))
        .collect();
    assert_eq!(
        &r[..2],
        &[
            (2000, "failure", 2, 12_000),
            (22_000, "success", 58, 592_000)
        ]
    );
    let ready_frame = tr.frames.iter().find(|f| f.kubectl.ready == "1/1").unwrap();
    assert_eq!(ready_frame.time, s(22));
    let before = tr.frames.iter().rev().find(|f| f.time < s(22)).unwrap();
    let cr = before
        .conditions
        .iter()
        .find(|c| c.type_ == "ContainersReady")
        .unwrap();
    assert_eq!(
        cr.message.as_deref(),
        Some("containers with unready status: [app]")
    );
    assert_eq!(count(&tr, "Unhealthy", s(30)), 2);
}

#[wasm_bindgen_test(unsupported = test)]
fn post_start_failure_8_3() {
    let mut sc = one("poststart");
    sc.pod.spec.containers[0].lifecycle.post_start = Some(podlife_spec::LifecycleHandler::Exec {
        command: vec!["false".into()],
    });
    sc.setup.until = s(60);
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                hook_exit: 1,
                hook_ms: 500,
                ..Default::default()
            },
        )],
    );
    assert!(tr
        .events
        .iter()
        .any(|e| e.reason == "FailedPostStartHook" && e.message == "PostStartHook failed"));
    assert!(tr
        .events
        .iter()
        .any(|e| e.reason == "Killing" && e.message == "FailedPostStartHook"));
    let f = tr
        .frames
        .iter()
        .find(|f| f.kubectl.status == "PostStartHookError")
        .unwrap();
    assert!(f.containers[0].message.as_deref().unwrap().starts_with(
        "Exec lifecycle hook ([false]) for Container \"app\" in Pod \"poststart_default("
    ));
}

#[wasm_bindgen_test(unsupported = test)]
fn oom_killed_11_4() {
    let mut sc = one("oom");
    sc.setup.until = s(30);
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                oom_after_ms: Some(3000),
                ..Default::default()
            },
        )],
    );
    let st = statuses(&tr);
    assert_eq!(&st[..3], &["ContainerCreating", "Running", "OOMKilled"]);
    let f = tr
        .frames
        .iter()
        .find(|f| f.kubectl.status == "OOMKilled")
        .unwrap();
    assert_eq!(f.containers[0].exit_code, Some(137));
}

#[wasm_bindgen_test(unsupported = test)]
fn node_loss_12_3() {
    let mut sc = one("lost");
    sc.setup.until = s(500);
    sc.setup.actions.push(Action {
        at: s(60),
        kind: ActionKind::NodeDown,
    });
    let tr = run_fake(&sc, &[("app", Script::default())]);
    let nr = tr
        .events
        .iter()
        .find(|e| e.reason == "NodeNotReady")
        .unwrap();
    assert_eq!(nr.time, s(100));
    assert_eq!(nr.from, "node-controller");
    let f = tr.frame_at(s(200)).unwrap();
    assert_eq!(
        f.conditions
            .iter()
            .find(|c| c.type_ == "Ready")
            .unwrap()
            .status,
        "False"
    );
    let ev = tr
        .events
        .iter()
        .find(|e| e.reason == "TaintManagerEviction")
        .unwrap();
    assert_eq!(ev.time, s(400));
    let f = tr.frame_at(s(450)).unwrap();
    assert_eq!(f.kubectl.status, "Terminating");
    assert!(f.exists);
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
fn startup_probe_failure_restarts_5_15() {
    let mut sc = one("slow");
    let mut p = exec_probe(&["check"], 0, 2);
    p.failure_threshold = 3;
    sc.pod.spec.containers[0].startup_probe = Some(p);
    sc.pod.spec.containers[0].liveness_probe = Some(exec_probe(&["check"], 0, 2));
    sc.setup.until = s(60);
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                probe_ok_after_ms: Some(3_600_000),
                ..Default::default()
            },
        )],
    );
    let k = tr.events.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(
        k.message,
        "Container app failed startup probe, will be restarted"
    );
    // Liveness never probes before the startup probe succeeds (§5.14).
    assert!(tr
        .probes
        .iter()
        .filter(|m| m.probe == "liveness")
        .all(|m| m.result == "not-started" || m.result == "on-hold"));
    let u = tr.events.iter().find(|e| e.reason == "Unhealthy").unwrap();
    assert_eq!(
        u.message,
        "Startup probe failed: HTTP probe failed with statuscode: 503"
    );
    // Not started → not ready; READY 0/1 while Running.
    let f = tr.frame_at(s(5)).unwrap();
    assert_eq!(f.kubectl.ready, "0/1");
    assert!(!f.containers[0].started);
}

#[wasm_bindgen_test(unsupported = test)]
fn sidecar_stops_after_main_on_delete_7_11() {
    let mut sc = one("side-del");
    let mut side = sidecar(container("proxy", "busybox:1.36"));
    side.image_pull_policy = PullPolicy::IfNotPresent;
    sc.pod.spec.init_containers = vec![side];
    sc.setup.actions.push(Action {
        at: s(30),
        kind: ActionKind::Delete {
            grace_period_seconds: Some(20),
            force: false,
        },
    });
    let tr = run_fake(
        &sc,
        &[
            (
                "app",
                Script {
                    ignore_sigterm: true,
                    ..Default::default()
                },
            ),
            ("proxy", Script::default()),
        ],
    );
    let sig: Vec<(String, String, u64)> = tr
        .marks
        .iter()
        .filter(|m| m.kind.starts_with("SIG"))
        .map(|m| {
            (
                m.kind.to_string(),
                m.container.clone().unwrap_or_default(),
                m.time.as_millis(),
            )
        })
        .collect();
    // Both get Killing at once; the main container gets SIGTERM at once and SIGKILL at the
    // 20 s deadline; the sidecar's SIGTERM waits until the main container is gone, then it
    // still gets the 2 s minimum (§7.11, §9.4).
    assert_eq!(
        sig,
        vec![
            ("SIGTERM".into(), "app".into(), 30_000),
            ("SIGKILL".into(), "app".into(), 50_000),
            ("SIGTERM".into(), "proxy".into(), 50_000),
        ]
    );
    assert_eq!(times(&tr, "Killing"), vec![30_000, 30_000]);
    assert!(!tr.frames.last().unwrap().exists);
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

/// Skipping steady probe ticks (and on-hold/idle ones) must not change the trace, with the
/// runtime model and with the scripted runtime (§5.6: every tick is accounted).
#[wasm_bindgen_test(unsupported = test)]
fn parking_probe_ticks_changes_nothing_5_6() {
    let (sc, scripts) = kitchen_sink();
    let fast = crate::simulate(&sc);
    let mut slow = crate::Sim::new(&sc);
    slow.disable_parking();
    let slow = crate::drive(slow);
    assert_eq!(fast.to_json(), slow.to_json());
    let ticks: u64 = fast.probes.iter().map(|m| u64::from(m.count)).sum();
    assert!(ticks > 30_000, "{ticks} ticks");

    let fast = run_fake(&sc, &scripts);
    let mut slow = crate::Sim::with_runtime(&sc, FakeRuntime::new(&scripts));
    slow.disable_parking();
    assert_eq!(fast.to_json(), crate::drive(slow).to_json());
}
