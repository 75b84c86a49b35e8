//! The pod as the engine drives it: the course notes' examples end to end, container start, behaviour overrides, termination messages.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

#[wasm_bindgen_test(unsupported = test)]
fn seed_liveness_exec_file_disappears_at_30s() {
    let (mut rt, c) = one(
        "registry.k8s.io/busybox",
        &[],
        &[
            "/bin/sh",
            "-c",
            "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
        ],
    );
    rt.start(secs(2), &c, 0).unwrap();
    assert_eq!(rt.next_wakeup(), Some(secs(32)));
    let probe = exec_probe(&["cat", "/tmp/healthy"]);
    let ok = rt.probe(secs(7), &c, &probe, secs(1));
    assert_eq!(
        ok,
        ProbeOutcome {
            result: ProbeResult::Success,
            output: String::new(),
            took: SimTime::ZERO
        }
    );
    assert!(drive(&mut rt, secs(37)).is_empty());
    let bad = rt.probe(secs(37), &c, &probe, secs(1));
    assert_eq!(bad.result, ProbeResult::Failure);
    assert_eq!(
        bad.output,
        "cat: can't open '/tmp/healthy': No such file or directory\n"
    );
    // Final `sleep 600` is PID 1 (exec'd by ash): SIGTERM is ignored, SIGKILL gives 137.
    rt.signal(secs(40), &c, Signal::Term);
    assert!(rt.is_running(&c));
    assert!(drive(&mut rt, secs(70)).is_empty());
    rt.signal(secs(70), &c, Signal::Kill);
    let ev = rt.advance(secs(70));
    assert_eq!(
        ev,
        vec![RuntimeEvent::Exited {
            at: secs(70),
            container: c.clone(),
            exit_code: 137,
            reason: ExitReason::Error
        }]
    );
    // A restart is a fresh filesystem: the file is back.
    rt.start(secs(71), &c, 1).unwrap();
    assert_eq!(
        rt.probe(secs(72), &c, &probe, secs(1)).result,
        ProbeResult::Success
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn seed_liveness_exec_sleeps_out_after_630s() {
    let (mut rt, c) = one(
        "busybox",
        &[
            "/bin/sh",
            "-c",
            "touch /tmp/live ; sleep 60; rm -rf /tmp/live; sleep 3600",
        ],
        &[],
    );
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let p = exec_probe(&["test", "-e", "/tmp/live"]);
    assert_eq!(
        rt.probe(secs(59), &c, &p, secs(1)).result,
        ProbeResult::Success
    );
    drive(&mut rt, secs(61));
    let r = rt.probe(secs(61), &c, &p, secs(1));
    assert_eq!((r.result, r.output.as_str()), (ProbeResult::Failure, ""));
    let ev = drive(&mut rt, secs(4000));
    assert_eq!(
        ev,
        vec![RuntimeEvent::Exited {
            at: secs(3660),
            container: c,
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
}

fn init_pod(script: &str) -> (PodRuntime, String) {
    let mut s = scenario(
        vec![ctr(
            "init-myservice",
            "busybox:1.28",
            &["sh", "-c", script],
            &[],
        )],
        vec![ctr(
            "app",
            "busybox",
            &["sh", "-c", "echo The app is running! && sleep 3600"],
            &[],
        )],
    );
    s.pod.namespace = "web".into();
    (PodRuntime::new(&s, IP), "init-myservice".to_string())
}

#[wasm_bindgen_test(unsupported = test)]
fn seed_init_container_waits_for_service() {
    for script in [
        "until nslookup myservice; do echo waiting for myservice; sleep 2; done;",
        "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done",
    ] {
        let (mut rt, c) = init_pod(script);
        rt.start(secs(1), &c, 0).unwrap();
        assert!(drive(&mut rt, secs(9)).is_empty());
        let l = lines(&rt, &c);
        assert_eq!(l.iter().filter(|x| *x == "waiting for myservice").count(), 5, "{l:?}");
        assert!(l.iter().any(|x| x.starts_with("nslookup: can't resolve 'myservice")), "{l:?}");
        assert_eq!(l[0], "Server:    10.96.0.10");
        // Another namespace's Service does not count.
        rt.set_service(secs(9), &ServiceRef { namespace: "default".into(), name: "myservice".into() }, true);
        assert!(drive(&mut rt, secs(10)).is_empty());
        rt.set_service(secs(10), &ServiceRef { namespace: "web".into(), name: "myservice".into() }, true);
        let ev = drive(&mut rt, secs(20));
        assert_eq!(ev, vec![RuntimeEvent::Exited { at: secs(11), container: c.clone(), exit_code: 0, reason: ExitReason::Completed }]);
        let l = lines(&rt, &c);
        assert!(l.iter().any(|x| x.starts_with("Address 1: 10.") && x.ends_with("myservice.web.svc.cluster.local")), "{l:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn seed_app_prints_and_sleeps() {
    let (mut rt, c) = one(
        "busybox",
        &["sh", "-c", "echo The app is running! && sleep 3600"],
        &[],
    );
    rt.start(secs(3), &c, 0).unwrap();
    assert_eq!(
        rt.logs()[0],
        LogLine {
            time: secs(3),
            container: c.clone(),
            restart_count: 0,
            stream: "stdout".into(),
            line: "The app is running!".into()
        }
    );
    assert_eq!(rt.next_wakeup(), Some(secs(3603)));
}

#[wasm_bindgen_test(unsupported = test)]
fn seed_missing_sleep_word_is_exit_127() {
    let (mut rt, c) = one(
        "busybox",
        &["sh", "-c", "echo Hello Kubernetes! && 3600"],
        &[],
    );
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let ev = rt.advance(SimTime::ZERO);
    assert_eq!(
        ev,
        vec![RuntimeEvent::Exited {
            at: SimTime::ZERO,
            container: c.clone(),
            exit_code: 127,
            reason: ExitReason::Error
        }]
    );
    assert_eq!(
        lines(&rt, &c),
        vec!["Hello Kubernetes!", "sh: 3600: not found"]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn bare_busybox_exits_zero_at_once() {
    let (mut rt, c) = one("busybox", &[], &[]);
    rt.start(secs(4), &c, 0).unwrap();
    assert_eq!(rt.next_wakeup(), Some(secs(4)));
    assert_eq!(
        rt.advance(secs(4)),
        vec![RuntimeEvent::Exited {
            at: secs(4),
            container: c.clone(),
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
    assert!(!rt.is_running(&c));
}

#[wasm_bindgen_test(unsupported = test)]
fn seed_nginx_liveness_httpget_and_exec_rm() {
    let (mut rt, c) = one("harbor.wego.red/library/nginx:latest", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let p = http("/index.html", 80);
    let ok = rt.probe(secs(3), &c, &p, secs(1));
    assert_eq!(ok.result, ProbeResult::Success);
    assert!(ok.output.contains("Welcome to nginx!"));
    let (code, out) = exec_now(
        &mut rt,
        secs(60),
        &c,
        &["rm", "-rf", "/usr/share/nginx/html/index.html"],
    );
    assert_eq!((code, out.as_str()), (0, ""));
    let bad = rt.probe(secs(63), &c, &p, secs(1));
    assert_eq!(
        (bad.result, bad.output.as_str()),
        (
            ProbeResult::Failure,
            "HTTP probe failed with statuscode: 404"
        )
    );
    // nginx logged the probe and the miss.
    let l = lines(&rt, &c);
    assert!(
        l.iter()
            .any(|x| x.contains("\"GET /index.html HTTP/1.1\" 404 153 \"-\" \"kube-probe/1.35\"")),
        "{l:?}"
    );
    assert!(l.iter().any(|x| x.contains(
        "open() \"/usr/share/nginx/html/index.html\" failed (2: No such file or directory)"
    )));
    // An empty index.html is served again (seed: `touch` restores readiness).
    assert_eq!(
        exec_now(
            &mut rt,
            secs(70),
            &c,
            &["touch", "/usr/share/nginx/html/index.html"]
        )
        .0,
        0
    );
    assert_eq!(
        rt.probe(secs(71), &c, &p, secs(1)),
        ProbeOutcome {
            result: ProbeResult::Success,
            output: String::new(),
            took: SimTime::ZERO
        }
    );
    // SIGTERM: nginx exits 0 shortly after.
    rt.signal(secs(80), &c, Signal::Term);
    assert_eq!(rt.next_wakeup(), Some(secs(80) + SERVER_STOP_DELAY));
    let ev = drive(&mut rt, secs(90));
    assert_eq!(
        ev,
        vec![RuntimeEvent::Exited {
            at: ms(80_100),
            container: c,
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn seed_nginx_stop_via_exec_and_tcp_probe() {
    let (mut rt, c) = one("harbor.wego.red/library/nginx:latest", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert_eq!(
        rt.probe(secs(3), &c, &tcp(80), secs(1)).result,
        ProbeResult::Success
    );
    let (code, out) = exec_now(&mut rt, secs(10), &c, &["/usr/sbin/nginx", "-s", "stop"]);
    assert_eq!(code, 0);
    assert!(out.ends_with("signal process started\n"), "{out}");
    let ev = drive(&mut rt, secs(11));
    assert_eq!(
        ev,
        vec![RuntimeEvent::Exited {
            at: ms(10_100),
            container: c.clone(),
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
    rt.start(secs(12), &c, 1).unwrap();
    let q = rt.probe(secs(12), &c, &tcp(8080), secs(1));
    assert_eq!(
        (q.result, q.output.as_str()),
        (
            ProbeResult::Failure,
            "dial tcp 10.244.0.5:8080: connect: connection refused"
        )
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn seed_myapp_readiness_index1_is_404() {
    let (mut rt, c) = one("myapp:v1", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let r = rt.probe(secs(1), &c, &http("/index1.html", 80), secs(1));
    assert_eq!(
        (r.result, r.output.as_str()),
        (
            ProbeResult::Failure,
            "HTTP probe failed with statuscode: 404"
        )
    );
    let r = rt.probe(secs(1), &c, &http("/hostname.html", 80), secs(1));
    assert_eq!(
        (r.result, r.output.as_str()),
        (ProbeResult::Success, "demo\n")
    );
    let r = rt.probe(secs(1), &c, &http("/", 80), secs(1));
    assert_eq!(
        r.output,
        "Hello MyApp | Version: v1 | <a href=\"hostname.html\">Pod Name</a>\n"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn start_error_for_missing_executable() {
    let (mut rt, c) = one("busybox", &["python", "app.py"], &[]);
    let e = rt.start(SimTime::ZERO, &c, 0).unwrap_err();
    assert_eq!(e.message, "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"python\": executable file not found in $PATH: unknown");
    assert!(!rt.is_running(&c));
    assert!(
        rt.explain()[0]
            .warnings
            .iter()
            .any(|w| w.contains("`python` is not in image busybox")),
        "{:?}",
        rt.explain()
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn behavior_overrides_exit_memory_listen() {
    let mut s = scenario(vec![], vec![ctr("c", "nginx", &[], &[])]);
    s.setup.behavior.insert(
        "c".into(),
        Behavior {
            exit_after: Some(secs(30)),
            exit_code: Some(3),
            listen_after: Some(secs(5)),
            ..Behavior::default()
        },
    );
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(secs(1), "c", 0).unwrap();
    assert_eq!(
        rt.probe(secs(5), "c", &tcp(80), secs(1)).result,
        ProbeResult::Failure
    );
    assert_eq!(
        rt.probe(secs(6), "c", &tcp(80), secs(1)).result,
        ProbeResult::Success
    );
    assert_eq!(
        drive(&mut rt, secs(60)),
        vec![RuntimeEvent::Exited {
            at: secs(31),
            container: "c".into(),
            exit_code: 3,
            reason: ExitReason::Error
        }]
    );
    let mut s = scenario(vec![], vec![ctr("c", "busybox", &["sleep", "3600"], &[])]);
    s.pod.spec.containers[0]
        .resources
        .limits
        .insert("memory".into(), parse_quantity("64Mi").unwrap());
    s.setup.behavior.insert(
        "c".into(),
        Behavior {
            memory_bytes: Some(100 << 20),
            ..Behavior::default()
        },
    );
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    assert_eq!(
        drive(&mut rt, secs(60)),
        vec![RuntimeEvent::Exited {
            at: OOM_DELAY,
            container: "c".into(),
            exit_code: 137,
            reason: ExitReason::OomKilled
        }]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn one_hour_of_a_busy_pod_is_cheap_and_deterministic() {
    let script = "i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done";
    let run = || {
        let (mut rt, c) = one("busybox", &["sh", "-c", script], &[]);
        rt.start(SimTime::ZERO, &c, 0).unwrap();
        let p = exec_probe(&["sh", "-c", "test -d /tmp && echo ok"]);
        let mut t = SimTime::ZERO;
        while t < secs(3600) {
            t = t + secs(10);
            drive(&mut rt, t);
            assert_eq!(rt.probe(t, &c, &p, secs(1)).result, ProbeResult::Success);
        }
        rt.logs().to_vec()
    };
    let a = run();
    assert_eq!(a.len(), 3601);
    assert_eq!(a[3600].line, "tick 3601");
    assert_eq!(a, run());
}

#[wasm_bindgen_test(unsupported = test)]
fn termination_message_and_proc1_fd() {
    let mut c = ctr(
        "c",
        "busybox",
        &["sh", "-c", "echo bye > /dev/termination-log; exit 3"],
        &[],
    );
    let mut rt = PodRuntime::new(&scenario(vec![], vec![c.clone()]), IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    rt.advance(SimTime::ZERO);
    assert_eq!(rt.termination_message("c", 3).as_deref(), Some("bye\n"));
    c.command = vec!["sh".into(), "-c".into(), "echo boom; exit 1".into()];
    c.termination_message_policy = "FallbackToLogsOnError".into();
    let mut rt = PodRuntime::new(&scenario(vec![], vec![c]), IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    rt.advance(SimTime::ZERO);
    assert_eq!(rt.termination_message("c", 1).as_deref(), Some("boom\n"));
    let (mut rt, c) = one("busybox", &["sleep", "100"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert_eq!(
        exec_now(
            &mut rt,
            secs(5),
            &c,
            &["sh", "-c", "echo to-log > /proc/1/fd/1"]
        )
        .0,
        0
    );
    assert_eq!(
        rt.logs()[0],
        LogLine {
            time: secs(5),
            container: c,
            restart_count: 0,
            stream: "stdout".into(),
            line: "to-log".into()
        }
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn listen_after_makes_any_process_listen() {
    let mut c = ctr("c", "busybox", &["sleep", "3600"], &[]);
    c.ports.push(ContainerPort {
        name: None,
        container_port: 8080,
        protocol: "TCP".into(),
        host_port: None,
    });
    let mut s = scenario(vec![], vec![c]);
    s.setup.behavior.insert(
        "c".into(),
        Behavior {
            listen_after: Some(secs(20)),
            ..Behavior::default()
        },
    );
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(secs(1), "c", 0).unwrap();
    assert_eq!(
        rt.probe(secs(20), "c", &tcp(8080), secs(1)).result,
        ProbeResult::Failure
    );
    assert_eq!(
        rt.probe(secs(21), "c", &tcp(8080), secs(1)).result,
        ProbeResult::Success
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn value_from_env_is_guessed_by_name() {
    let mut c = ctr(
        "c",
        "busybox",
        &[
            "sh",
            "-c",
            "echo $MY_POD_NAME $POD_NAMESPACE $POD_IP [$SECRET]",
        ],
        &[],
    );
    for n in ["MY_POD_NAME", "POD_NAMESPACE", "POD_IP", "SECRET"] {
        c.env.push(EnvVar {
            name: n.into(),
            value: None,
        });
    }
    let mut rt = PodRuntime::new(&scenario(vec![], vec![c]), IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    assert_eq!(lines(&rt, "c"), vec!["demo default 10.244.0.5 []"]);
    let w = &rt.explain()[0].warnings;
    assert!(
        w.contains(
            &"env MY_POD_NAME comes from valueFrom: guessed as `demo` from its name".to_string()
        ),
        "{w:?}"
    );
    assert!(
        w.contains(&"env SECRET comes from valueFrom: modelled as an empty string".to_string()),
        "{w:?}"
    );
}
