//! End-to-end tests of the runtime model on simulated time, driven like the engine drives it.

use std::collections::BTreeMap;
use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use super::*;

const IP: &str = "10.244.0.5";

fn ctr(name: &str, image: &str, command: &[&str], args: &[&str]) -> Container {
    Container {
        command: command.iter().map(|s| s.to_string()).collect(),
        args: args.iter().map(|s| s.to_string()).collect(),
        ..Container::new(name, image)
    }
}

fn scenario(init: Vec<Container>, containers: Vec<Container>) -> Scenario {
    Scenario {
        pod: Pod {
            namespace: "default".into(),
            name: "demo".into(),
            uid: "uid-1".into(),
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            controlled_by: None,
            spec: PodSpec {
                init_containers: init,
                containers,
                ..PodSpec::default()
            },
        },
        services: vec![],
        setup: Setup::default(),
    }
}

fn one(image: &str, command: &[&str], args: &[&str]) -> (PodRuntime, String) {
    let s = scenario(vec![], vec![ctr("c", image, command, args)]);
    (PodRuntime::new(&s, IP), "c".to_string())
}

fn secs(s: u64) -> SimTime {
    SimTime::from_secs(s)
}

fn ms(m: u64) -> SimTime {
    SimTime::from_millis(m)
}

/// Drives the runtime like the engine: jump from wakeup to wakeup up to `until`.
fn drive(rt: &mut PodRuntime, until: SimTime) -> Vec<RuntimeEvent> {
    let mut out = Vec::new();
    for _ in 0..1_000_000 {
        match rt.next_wakeup() {
            Some(t) if t <= until => out.extend(rt.advance(t)),
            _ => break,
        }
    }
    out.extend(rt.advance(until));
    out
}

fn lines(rt: &PodRuntime, c: &str) -> Vec<String> {
    rt.logs()
        .iter()
        .filter(|l| l.container == c)
        .map(|l| l.line.clone())
        .collect()
}

fn exec_probe(cmd: &[&str]) -> ProbeHandler {
    ProbeHandler::Exec {
        command: cmd.iter().map(|s| s.to_string()).collect(),
    }
}

fn http(path: &str, port: u16) -> ProbeHandler {
    ProbeHandler::HttpGet(HttpGet {
        path: path.into(),
        port: PortRef {
            written: port.to_string(),
            number: Some(port),
        },
        host: None,
        scheme: "HTTP".into(),
        headers: vec![],
    })
}

fn tcp(port: u16) -> ProbeHandler {
    ProbeHandler::TcpSocket {
        port: PortRef {
            written: port.to_string(),
            number: Some(port),
        },
        host: None,
    }
}

fn exec_now(rt: &mut PodRuntime, now: SimTime, c: &str, cmd: &[&str]) -> (i32, String) {
    let cmd: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
    let id = rt.start_exec(now, c, &cmd);
    for e in rt.advance(now) {
        if let RuntimeEvent::ExecFinished {
            id: i,
            exit_code,
            output,
            ..
        } = e
        {
            if i == id {
                return (exit_code, output);
            }
        }
    }
    panic!("exec did not finish at once");
}

/// Runs a shell script as PID 1 of a busybox container for `until`; returns (exit, log lines).
fn run_script(script: &str, until: SimTime) -> (Option<(SimTime, i32)>, Vec<String>) {
    let (mut rt, c) = one("busybox", &["sh", "-c", script], &[]);
    rt.start(SimTime::ZERO, &c, 0).expect("starts");
    let ev = drive(&mut rt, until);
    let exit = ev.iter().find_map(|e| match e {
        RuntimeEvent::Exited { at, exit_code, .. } => Some((*at, *exit_code)),
        _ => None,
    });
    (exit, lines(&rt, &c))
}

// ---- the seed examples ----------------------------------------------------------------------

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
fn nginx_with_empty_volume_gives_403_on_root_and_404_elsewhere() {
    let mut s = scenario(
        vec![],
        vec![ctr(
            "nginx",
            "nginx:latest",
            &["nginx", "-g", "daemon off;"],
            &[],
        )],
    );
    s.pod.spec.volumes.push(Volume {
        name: "webroot".into(),
        source: VolumeSource::EmptyDir,
    });
    s.pod.spec.containers[0].volume_mounts.push(VolumeMount {
        name: "webroot".into(),
        mount_path: "/usr/share/nginx/html".into(),
        sub_path: None,
        read_only: true,
    });
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "nginx", 0).unwrap();
    assert_eq!(
        rt.probe(secs(1), "nginx", &http("/", 80), secs(1)).output,
        "HTTP probe failed with statuscode: 403"
    );
    assert_eq!(
        rt.probe(secs(1), "nginx", &http("/api/successStart", 80), secs(1))
            .output,
        "HTTP probe failed with statuscode: 404"
    );
    let (code, out) = exec_now(
        &mut rt,
        secs(2),
        "nginx",
        &["sh", "-c", "echo hi > /usr/share/nginx/html/x"],
    );
    assert_eq!(
        (code, out.as_str()),
        (
            2,
            "sh: 1: cannot create /usr/share/nginx/html/x: Read-only file system\n"
        )
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn liveness_server_healthz_turns_500_after_10s_and_exits_2_on_term() {
    let (mut rt, c) = one("registry.k8s.io/liveness", &[], &["/server"]);
    rt.start(secs(2), &c, 0).unwrap();
    let p = http("/healthz", 8080);
    assert_eq!(
        rt.probe(secs(12), &c, &p, secs(1)),
        ProbeOutcome {
            result: ProbeResult::Success,
            output: "ok".into(),
            took: SimTime::ZERO
        }
    );
    let r = rt.probe(ms(12_001), &c, &p, secs(1));
    assert_eq!(
        (r.result, r.output.as_str()),
        (
            ProbeResult::Failure,
            "HTTP probe failed with statuscode: 500"
        )
    );
    rt.signal(secs(20), &c, Signal::Term);
    assert_eq!(
        rt.advance(secs(20)),
        vec![RuntimeEvent::Exited {
            at: secs(20),
            container: c,
            exit_code: 2,
            reason: ExitReason::Error
        }]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn goproxy_listens_on_8080() {
    let (mut rt, c) = one("registry.k8s.io/goproxy:0.1", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert_eq!(
        rt.probe(secs(15), &c, &tcp(8080), secs(1)).result,
        ProbeResult::Success
    );
    let r = rt.probe(secs(15), &c, &http("/", 80), secs(1));
    assert_eq!(
        r.output,
        "Get \"http://10.244.0.5:80/\": dial tcp 10.244.0.5:80: connect: connection refused"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn stress_over_limit_is_oomkilled() {
    for (bytes, oom) in [("250M", true), ("150M", false)] {
        let mut s = scenario(
            vec![],
            vec![ctr(
                "c1",
                "harbor.wego.red/library/stress:latest",
                &["stress"],
                &["--vm", "1", "--vm-bytes", bytes, "--vm-hang", "1"],
            )],
        );
        s.pod.spec.containers[0]
            .resources
            .limits
            .insert("memory".into(), parse_quantity("200Mi").unwrap());
        let mut rt = PodRuntime::new(&s, IP);
        rt.start(secs(5), "c1", 0).unwrap();
        assert_eq!(
            lines(&rt, "c1"),
            vec!["stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"]
        );
        let ev = drive(&mut rt, secs(60));
        if oom {
            assert_eq!(
                ev,
                vec![RuntimeEvent::Exited {
                    at: secs(5) + OOM_DELAY,
                    container: "c1".into(),
                    exit_code: 137,
                    reason: ExitReason::OomKilled
                }]
            );
            assert!(
                rt.explain()[0].summary.contains("OOMKilled"),
                "{:?}",
                rt.explain()
            );
        } else {
            assert!(ev.is_empty());
            // stress as PID 1 ignores SIGTERM.
            rt.signal(secs(60), "c1", Signal::Term);
            assert!(rt.is_running("c1"));
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn poststart_hook_writes_file_that_exec_cat_prints() {
    let (mut rt, c) = one("harbor.wego.red/library/nginx:latest", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let hook = LifecycleHandler::Exec {
        command: vec![
            "/bin/sh".into(),
            "-c".into(),
            "echo  'hello post start' > /usr/share/nginx/html/index.html".into(),
        ],
    };
    let id = rt.start_hook(SimTime::ZERO, &c, &hook);
    assert_eq!(
        rt.advance(SimTime::ZERO),
        vec![RuntimeEvent::ExecFinished {
            at: SimTime::ZERO,
            id,
            exit_code: 0,
            output: String::new()
        }]
    );
    assert_eq!(
        exec_now(
            &mut rt,
            secs(25),
            &c,
            &["cat", "/usr/share/nginx/html/index.html"]
        ),
        (0, "hello post start\n".to_string())
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn prestop_nginx_quit_loop_is_killed_with_the_container() {
    // myapp is alpine-based: killall exists, so the loop waits and dies with nginx (exit 137).
    let (mut rt, c) = one("myapp:v1", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let hook = LifecycleHandler::Exec {
        command: vec![
            "/bin/sh".into(),
            "-c".into(),
            "nginx -s quit; while killall -0 nginx; do sleep 1; done".into(),
        ],
    };
    let id = rt.start_hook(secs(10), &c, &hook);
    let ev = drive(&mut rt, secs(15));
    assert_eq!(ev.len(), 2, "{ev:?}");
    assert!(
        matches!(&ev[0], RuntimeEvent::ExecFinished { at, id: i, exit_code: 137, .. } if *at == ms(10_100) && *i == id)
    );
    assert_eq!(
        ev[1],
        RuntimeEvent::Exited {
            at: ms(10_100),
            container: c.clone(),
            exit_code: 0,
            reason: ExitReason::Completed
        }
    );
    // Debian nginx has no killall: the loop ends at once and the hook succeeds.
    let (mut rt, c) = one("nginx", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let id = rt.start_hook(secs(10), &c, &hook);
    let ev = rt.advance(secs(10));
    match &ev[..] {
        [RuntimeEvent::ExecFinished {
            id: i,
            exit_code: 0,
            output,
            ..
        }] => {
            assert_eq!(*i, id);
            assert!(
                output.ends_with("/bin/sh: 1: killall: not found\n"),
                "{output}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn sidecar_shares_emptydir_with_main_container() {
    let mut s = scenario(
        vec![{
            let mut c = ctr(
                "logshipper",
                "alpine:latest",
                &["sh", "-c", "tail /opt/logs.txt"],
                &[],
            );
            c.restart_policy = Some(RestartPolicy::Always);
            c.volume_mounts.push(VolumeMount {
                name: "data".into(),
                mount_path: "/opt".into(),
                sub_path: None,
                read_only: false,
            });
            c
        }],
        vec![{
            let mut c = ctr(
                "myapp",
                "alpine:latest",
                &["sh", "-c", "echo \"logging\" > /opt/logs.txt"],
                &[],
            );
            c.volume_mounts.push(VolumeMount {
                name: "data".into(),
                mount_path: "/opt".into(),
                sub_path: None,
                read_only: false,
            });
            c
        }],
    );
    s.pod.spec.volumes.push(Volume {
        name: "data".into(),
        source: VolumeSource::EmptyDir,
    });
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "logshipper", 0).unwrap();
    let ev = rt.advance(SimTime::ZERO);
    assert_eq!(
        ev,
        vec![RuntimeEvent::Exited {
            at: SimTime::ZERO,
            container: "logshipper".into(),
            exit_code: 1,
            reason: ExitReason::Error
        }]
    );
    assert_eq!(
        lines(&rt, "logshipper"),
        vec![
            "tail: can't open '/opt/logs.txt': No such file or directory",
            "tail: no files"
        ]
    );
    rt.start(secs(1), "myapp", 0).unwrap();
    assert_eq!(rt.advance(secs(1)).len(), 1);
    rt.start(secs(10), "logshipper", 1).unwrap();
    rt.advance(secs(10));
    assert_eq!(
        rt.logs_of("logshipper", 1)
            .iter()
            .map(|l| l.line.as_str())
            .collect::<Vec<_>>(),
        vec!["logging"]
    );
    assert_eq!(
        rt.read_file("myapp", "/opt/logs.txt").as_deref(),
        Some("logging\n")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn exec_probe_timeout_uses_kubelet_text() {
    let (mut rt, c) = one("busybox", &["sleep", "3600"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let r = rt.probe(secs(5), &c, &exec_probe(&["sleep", "5"]), secs(1));
    assert_eq!(
        r,
        ProbeOutcome {
            result: ProbeResult::Failure,
            output: "command \"sleep 5\" timed out".into(),
            took: secs(1)
        }
    );
    let r = rt.probe(
        secs(5),
        &c,
        &exec_probe(&["sh", "-c", "sleep 0.5; echo done"]),
        secs(1),
    );
    assert_eq!(
        r,
        ProbeOutcome {
            result: ProbeResult::Success,
            output: "done\n".into(),
            took: ms(500)
        }
    );
    let r = rt.probe(secs(5), &c, &exec_probe(&["python", "-c", "1"]), secs(1));
    assert_eq!(r.result, ProbeResult::Error);
    assert!(
        r.output
            .contains("exec: \"python\": executable file not found in $PATH"),
        "{}",
        r.output
    );
    // The probe's processes are gone; PID 1 is untouched.
    assert_eq!(rt.next_wakeup(), Some(secs(3600)));
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
fn sleep_pid1_signals_and_overrides() {
    let (mut rt, c) = one("busybox", &["sleep", "3600"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    rt.signal(secs(1), &c, Signal::Term);
    assert!(rt.is_running(&c));
    let mut s = scenario(vec![], vec![ctr("c", "busybox", &["sleep", "3600"], &[])]);
    s.setup.behavior.insert(
        "c".into(),
        Behavior {
            ignore_sigterm: Some(false),
            ..Behavior::default()
        },
    );
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    rt.signal(secs(1), "c", Signal::Term);
    assert_eq!(
        rt.advance(secs(1)),
        vec![RuntimeEvent::Exited {
            at: secs(1),
            container: "c".into(),
            exit_code: 143,
            reason: ExitReason::Error
        }]
    );
    // nginx told to ignore SIGTERM keeps running.
    let mut s = scenario(vec![], vec![ctr("c", "nginx", &[], &[])]);
    s.setup.behavior.insert(
        "c".into(),
        Behavior {
            ignore_sigterm: Some(true),
            ..Behavior::default()
        },
    );
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    rt.signal(secs(1), "c", Signal::Term);
    assert!(drive(&mut rt, secs(5)).is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn trap_term_with_background_wait_exits_zero() {
    let (mut rt, c) = one(
        "busybox",
        &[
            "sh",
            "-c",
            "trap 'echo bye; exit 0' TERM; sleep infinity & wait",
        ],
        &[],
    );
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert!(rt.advance(secs(10)).is_empty());
    rt.signal(secs(10), &c, Signal::Term);
    assert_eq!(
        rt.advance(secs(10)),
        vec![RuntimeEvent::Exited {
            at: secs(10),
            container: c.clone(),
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
    assert_eq!(lines(&rt, &c), vec!["bye"]);
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
fn volumes_survive_restarts_root_fs_does_not() {
    let mut s = scenario(
        vec![],
        vec![ctr(
            "c",
            "busybox",
            &[
                "sh",
                "-c",
                "echo x >> /data/count; echo y >> /tmp/t; sleep 1",
            ],
            &[],
        )],
    );
    s.pod.spec.volumes.push(Volume {
        name: "d".into(),
        source: VolumeSource::HostPath {
            path: "/tmp".into(),
        },
    });
    s.pod.spec.containers[0].volume_mounts.push(VolumeMount {
        name: "d".into(),
        mount_path: "/data".into(),
        sub_path: None,
        read_only: false,
    });
    let mut rt = PodRuntime::new(&s, IP);
    for k in 0..3u64 {
        rt.start(secs(10 * k), "c", k as u32).unwrap();
        drive(&mut rt, secs(10 * k + 5));
    }
    rt.start(secs(100), "c", 3).unwrap();
    assert_eq!(
        rt.read_file("c", "/data/count").as_deref(),
        Some("x\nx\nx\nx\n")
    );
    assert_eq!(rt.read_file("c", "/tmp/t").as_deref(), Some("y\n"));
}

#[wasm_bindgen_test(unsupported = test)]
fn service_account_namespace_file_and_automount_off() {
    let (mut rt, c) = one("busybox", &["sleep", "10"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert_eq!(
        rt.read_file(
            &c,
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
        )
        .as_deref(),
        Some("default")
    );
    assert_eq!(
        exec_now(&mut rt, secs(1), &c, &["hostname"]),
        (0, "demo\n".into())
    );
    let mut s = scenario(vec![], vec![ctr("c", "busybox", &["sleep", "10"], &[])]);
    s.pod.spec.automount_service_account_token = false;
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    let (code, out) = exec_now(
        &mut rt,
        secs(1),
        "c",
        &[
            "cat",
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace",
        ],
    );
    assert_eq!((code, out.as_str()), (1, "cat: can't open '/var/run/secrets/kubernetes.io/serviceaccount/namespace': No such file or directory\n"));
}

#[wasm_bindgen_test(unsupported = test)]
fn exec_into_stopped_container_and_missing_binary() {
    let (mut rt, c) = one("busybox", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    rt.advance(SimTime::ZERO);
    let (code, out) = exec_now(&mut rt, secs(1), &c, &["ls"]);
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "error: unable to upgrade connection: container not found (\"c\")"
        )
    );
    let (mut rt, c) = one("busybox", &["sleep", "100"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let (code, out) = exec_now(&mut rt, secs(1), &c, &["bash"]);
    assert_eq!(code, 126);
    assert!(out.contains("exec: \"bash\": executable file not found in $PATH"));
}

#[wasm_bindgen_test(unsupported = test)]
fn debian_shell_messages() {
    let (mut rt, c) = one("nginx", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert_eq!(
        exec_now(&mut rt, secs(1), &c, &["sh", "-c", "python"]),
        (127, "sh: 1: python: not found\n".into())
    );
    assert_eq!(
        exec_now(&mut rt, secs(1), &c, &["cat", "/nope"]),
        (1, "cat: /nope: No such file or directory\n".into())
    );
    assert_eq!(
        exec_now(&mut rt, secs(1), &c, &["ls", "/nope"]),
        (
            2,
            "ls: cannot access '/nope': No such file or directory\n".into()
        )
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn busy_loop_is_bounded_and_reported() {
    let (exit, _) = run_script("while true; do :; done", secs(5));
    assert_eq!(exit, None);
    let (mut rt, c) = one("busybox", &["sh", "-c", "while true; do :; done"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert!(rt.is_running(&c));
    assert_eq!(rt.next_wakeup(), None);
    assert!(
        rt.explain()[0]
            .warnings
            .iter()
            .any(|w| w.contains("without sleeping")),
        "{:?}",
        rt.explain()
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

// ---- interpreter ------------------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn interpreter_control_flow_and_expansion() {
    let cases: &[(&str, &[&str], i32)] = &[
        ("echo a; false || echo b; true && echo c; false && echo no", &["a", "b", "c"], 1),
        ("x=5; if [ $x -gt 3 ]; then echo big; elif [ $x -gt 1 ]; then echo mid; else echo small; fi", &["big"], 0),
        ("for i in 1 2 3; do echo n$i; done", &["n1", "n2", "n3"], 0),
        ("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i", &["3"], 0),
        ("case foo.txt in *.log) echo log;; *.txt) echo text;; esac", &["text"], 0),
        ("f() { echo in f $1; return 4; }; f arg; echo rc=$?", &["in f arg", "rc=4"], 0),
        ("echo ${unset:-dflt} ${#HOSTNAME} \"${HOSTNAME}\"", &["dflt 4 demo"], 0),
        ("a='x  y'; for w in $a; do echo [$w]; done; echo \"$a\"", &["[x]", "[y]", "x  y"], 0),
        ("echo $(echo inner $(echo deep))", &["inner deep"], 0),
        ("v=`echo back`; echo $v", &["back"], 0),
        ("echo one two | tr -d x; echo hi | cat", &["hi"], 0),
        ("printf '%s-%03d\\n' a 7 b 8", &["a-007", "b-008"], 0),
        ("ls /nope 2>&1 | grep -c No", &["1"], 0),
        ("exit 3", &[], 3),
        ("set -e; false; echo unreachable", &[], 1),
        ("for i in 1 2 3 4; do if [ $i = 3 ]; then break; fi; echo $i; done", &["1", "2"], 0),
        ("for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done", &["1", "3"], 0),
        ("echo start > /tmp/f; echo more >> /tmp/f; cat /tmp/f; wc -l < /tmp/f", &["start", "more", "2"], 0),
        ("cat <<EOF\nhello $HOSTNAME\nEOF", &["hello demo"], 0),
        ("x=1; (x=2; echo $x); echo $x", &["2", "1"], 0),
        ("! false && echo negated", &["negated"], 0),
        ("echo 'single $x' \"dq \\$x\"", &["single $x dq $x"], 0),
        ("mkdir -p /a/b && cd /a/b && pwd && touch f && ls", &["/a/b", "f"], 0),
        ("test -f /etc/hostname && [ ! -d /etc/hostname ] && echo ok", &["ok"], 0),
        ("x=abc.tar.gz; echo ${x%.gz} ${x#*.} ${x%%.*}", &["abc.tar tar.gz abc"], 0),
        ("v=$(sh -c 'echo from child; sleep 1; echo after'); echo \"[$v]\"", &["[from child", "after]"], 0),
        ("sh -c 'echo a; echo b' | grep b", &["b"], 0),
        // -i folds ASCII only (the POSIX locale containers run in).
        ("echo READY | grep -i ready", &["READY"], 0),
        ("echo Ärger | grep -i ärger", &[], 1),
        ("echo piped | sh -c 'read x; echo got $x'", &["got piped"], 0),
    ];
    for (script, want, code) in cases {
        let (exit, l) = run_script(script, secs(5));
        let got: Vec<&str> = l
            .iter()
            .map(String::as_str)
            .filter(|s| !s.contains("not modelled"))
            .collect();
        assert_eq!(&got, want, "script: {script}");
        assert_eq!(exit.map(|e| e.1), Some(*code), "script: {script}");
        assert!(exit.is_some_and(|e| e.0 <= secs(1)), "script: {script}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn interpreter_syntax_errors_use_ash_wording() {
    let (exit, l) = run_script("if true; then echo x", secs(1));
    assert_eq!(exit, Some((SimTime::ZERO, 2)));
    assert_eq!(
        l,
        vec!["sh: syntax error: unexpected end of file (expecting \"fi\")"]
    );
    let (_, l) = run_script("echo 'open", secs(1));
    assert_eq!(l, vec!["sh: syntax error: unterminated quoted string"]);
    let (_, l) = run_script("done", secs(1));
    assert_eq!(l, vec!["sh: syntax error: unexpected \"done\""]);
}

#[wasm_bindgen_test(unsupported = test)]
fn interpreter_sleep_forms_and_kill() {
    let (exit, _) = run_script("sleep 1.5; sleep 1m; exit 0", secs(100));
    assert_eq!(exit, Some((ms(61_500), 0)));
    let (exit, l) = run_script("sleep abc", secs(1));
    assert_eq!(
        (exit, l),
        (
            Some((SimTime::ZERO, 1)),
            vec!["sleep: invalid number 'abc'".to_string()]
        )
    );
    let (exit, _) = run_script("sleep infinity", secs(10_000));
    assert_eq!(exit, None);
    let (exit, l) = run_script("sleep 100 & kill $!; wait; echo killed", secs(1));
    assert_eq!(exit, Some((SimTime::ZERO, 0)));
    assert_eq!(l, vec!["killed"]);
    let (exit, l) = run_script("kill 999", secs(1));
    assert_eq!(
        (exit, l),
        (
            Some((SimTime::ZERO, 1)),
            vec!["sh: can't kill pid 999: No such process".to_string()]
        )
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn wget_and_nc_against_own_ports() {
    let s = scenario(
        vec![],
        vec![
            ctr("web", "nginx", &[], &[]),
            ctr("probe", "busybox", &["sleep", "1000"], &[]),
        ],
    );
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "web", 0).unwrap();
    rt.start(SimTime::ZERO, "probe", 0).unwrap();
    let (code, out) = exec_now(
        &mut rt,
        secs(1),
        "probe",
        &["wget", "-qO-", "http://localhost/50x.html"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("An error occurred."));
    assert_eq!(
        exec_now(&mut rt, secs(1), "probe", &["nc", "-z", "localhost", "80"]).0,
        0
    );
    assert_eq!(
        exec_now(&mut rt, secs(1), "probe", &["nc", "-z", "localhost", "81"]).0,
        1
    );
    let (code, out) = exec_now(
        &mut rt,
        secs(1),
        "probe",
        &["wget", "-q", "-O-", "http://127.0.0.1/missing"],
    );
    assert_eq!(
        (code, out.as_str()),
        (1, "wget: server returned error: HTTP/1.1 404 Not Found\n")
    );
    let (code, out) = exec_now(&mut rt, secs(1), "web", &["curl", "-s", "localhost:8080"]);
    assert_eq!((code, out.as_str()), (7, ""));
}

#[wasm_bindgen_test(unsupported = test)]
fn explain_describes_seed_scripts() {
    let (rt, _) = one(
        "registry.k8s.io/busybox",
        &[],
        &[
            "/bin/sh",
            "-c",
            "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
        ],
    );
    let e = &rt.explain()[0];
    assert_eq!(
        e.summary,
        "runs `touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600`: creates /tmp/healthy, then sleeps 30 s, then removes /tmp/healthy, then sleeps 600 s; then exits; ignores SIGTERM as PID 1 (dies only at SIGKILL after the grace period, exit 137)"

    );
    assert!(e.warnings.is_empty());
    let (rt, _) = one("python:3.12", &[], &[]);
    assert!(rt.explain()[0].warnings[0].starts_with("image `python:3.12` is not in the catalogue"));
}

#[wasm_bindgen_test(unsupported = test)]
#[ignore]
fn random_scripts_many() {
    const TOKENS: &[&str] = &[
        "echo a",
        " ",
        ";",
        "&&",
        "||",
        "|",
        "$(",
        ")",
        "`",
        "'",
        "\"",
        "sleep 1",
        "while true; do",
        "done",
        "if",
        "then",
        "fi",
        "for i in 1 2;",
        "do",
        "${x:-",
        "}",
        "$((",
        "1+",
        "))",
        ">",
        "/data/x",
        "<<EOF\n",
        "EOF\n",
        "\n",
        "&",
        "wait",
        "trap 'exit 1' TERM",
        "kill $$",
        "f() {",
        "f",
        "exit",
        "case a in a)",
        ";;",
        "esac",
        "cat",
        "nslookup x",
        "exec",
        "sh -c",
        "nginx -s stop",
        "(",
        "{",
        "}",
        "x=1",
        "$x",
        "2>&1",
        "!",
        "break",
        "until false; do",
        "read v",
        "tail -f /data/x",
        "wget -qO- localhost",
        "killall sleep",
        "set -e",
        "$?",
        "\\",
        "#",
        "*",
        "[ -f /data/x ]",
        "${#x}",
        "${x%%*}",
        "${x#",
        "$((1/0))",
        "$((",
        "printf '%d' x",
        "kill -9 1",
        "kill 1",
        "exec >",
        "ls /",
        "rm -rf /",
        "mkdir -p /a/b",
        "cd /a",
        "seq 5",
        "grep a",
        "head -1",
        "wc -l",
        "echo $((1<<3))",
        "set --",
        "shift 5",
        "return",
        "continue",
        "eval",
        "trap '' EXIT",
        "sleep 0.001",
        "ps",
        "pidof sleep",
        "date +%s",
        "stress --vm 1",
        "nc -z localhost 80",
        "curl localhost",
        "echo > /proc/1/fd/1",
        ">>",
        "<",
        "<&",
        ">&-",
    ];
    let mut seed: u64 = 0x0123456789abcdef;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = 1 + (next() % 16) as usize;
        let script: String = (0..len)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ");
        fuzz_script(&script);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn random_scripts_never_panic_or_hang() {
    const TOKENS: &[&str] = &[
        "echo a",
        " ",
        ";",
        "&&",
        "||",
        "|",
        "$(",
        ")",
        "`",
        "'",
        "\"",
        "sleep 1",
        "while true; do",
        "done",
        "if",
        "then",
        "fi",
        "for i in 1 2;",
        "do",
        "${x:-",
        "}",
        "$((",
        "1+",
        "))",
        ">",
        "/data/x",
        "<<EOF\n",
        "EOF\n",
        "\n",
        "&",
        "wait",
        "trap 'exit 1' TERM",
        "kill $$",
        "f() {",
        "f",
        "exit",
        "case a in a)",
        ";;",
        "esac",
        "cat",
        "nslookup x",
        "exec",
        "sh -c",
        "nginx -s stop",
        "(",
        "{",
        "}",
        "x=1",
        "$x",
        "2>&1",
        "!",
        "break",
        "until false; do",
        "read v",
        "tail -f /data/x",
        "wget -qO- localhost",
        "killall sleep",
        "set -e",
        "$?",
        "\\",
        "#",
        "*",
        "[ -f /data/x ]",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let len = 1 + (next() % 12) as usize;
        let script: String = (0..len)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ");
        let a = fuzz_script(&script);
        assert_eq!(a, fuzz_script(&script), "nondeterministic: {script}");
    }
    // Pathological nesting is rejected, not a stack overflow.
    let deep = format!("echo {}x{}", "${a:-".repeat(5000), "}".repeat(5000));
    fuzz_script(&deep);
    fuzz_script(&"$(".repeat(3000));
    fuzz_script(&"(".repeat(3000));
}

#[wasm_bindgen_test(unsupported = test)]
fn fork_bomb_and_spawn_loops_are_bounded() {
    // The fork bomb hits the function-nesting bound and the process cap, then ends.
    let (mut rt, c) = one("busybox", &["sh", "-c", "f() { f & f; }; f"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let ev = drive(&mut rt, secs(1));
    assert!(
        matches!(ev.as_slice(), [RuntimeEvent::Exited { exit_code: 2, .. }]),
        "{ev:?}"
    );
    assert!(rt.explain()[0].warnings.is_empty(), "{:?}", rt.explain());
    for s in [
        "while true; do sh -c true; done",
        "while :; do sleep 0 & done",
    ] {
        let (mut rt, c) = one("busybox", &["sh", "-c", s], &[]);
        rt.start(SimTime::ZERO, &c, 0).unwrap();
        assert!(rt.is_running(&c), "{s}");
        assert_eq!(rt.next_wakeup(), None, "{s}");
        assert!(!rt.explain()[0].warnings.is_empty(), "{s}");
        rt.signal(secs(1), &c, Signal::Kill);
        assert_eq!(rt.advance(secs(1)).len(), 1);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn nginx_start_logs() {
    let (mut rt, c) = one("nginx", &[], &[]);
    rt.start(secs(2), &c, 0).unwrap();
    let l = lines(&rt, &c);
    assert_eq!(l[0], "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");
    assert_eq!(
        l[8],
        "/docker-entrypoint.sh: Configuration complete; ready for start up"
    );
    assert_eq!(
        l[9],
        "2025/01/01 00:00:02 [notice] 1#1: using the \"epoll\" event method"
    );
    assert_eq!(l.len(), 16);
    rt.probe(secs(5), &c, &http("/", 80), secs(1));
    assert_eq!(lines(&rt, &c)[16], "10.244.0.1 - - [01/Jan/2025:00:00:05 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"kube-probe/1.35\" \"-\"");
}

#[wasm_bindgen_test(unsupported = test)]
fn kubelet_expands_dollar_paren_vars_in_command() {
    let mut c = ctr(
        "c",
        "busybox",
        &[
            "sh",
            "-c",
            "echo $(MSG) $$HOME $(UNSET) $(cat /etc/hostname) $$(MSG)",
        ],
        &[],
    );
    c.env.push(EnvVar {
        name: "BASE".into(),
        value: Some("hi".into()),
    });
    c.env.push(EnvVar {
        name: "MSG".into(),
        value: Some("$(BASE) there".into()),
    });
    let mut rt = PodRuntime::new(&scenario(vec![], vec![c]), IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    // `$(UNSET)` stays and the shell runs it as a command substitution; `$$(MSG)` is the
    // escaped form, so the shell also sees `$(MSG)`.
    assert_eq!(
        lines(&rt, "c"),
        vec![
            "sh: UNSET: not found",
            "sh: MSG: not found",
            "hi there /root demo"
        ]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn ps_and_stress_timeout() {
    let (mut rt, c) = one(
        "polinux/stress",
        &["stress"],
        &["--cpu", "1", "--timeout", "10s"],
    );
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let (code, out) = exec_now(&mut rt, secs(1), &c, &["ps"]);
    assert_eq!(code, 0);
    assert_eq!(out, "PID   USER     TIME  COMMAND\n    1 root      0:00 stress --cpu 1 --timeout 10s\n    3 root      0:00 ps\n");
    assert_eq!(
        drive(&mut rt, secs(20)),
        vec![RuntimeEvent::Exited {
            at: secs(10),
            container: c.clone(),
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
    assert_eq!(
        lines(&rt, &c),
        vec![
            "stress: info: [1] dispatching hogs: 1 cpu, 0 io, 0 vm, 0 hdd",
            "stress: info: [1] successful run completed in 10s"
        ]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn nginx_stop_signal_is_sigquit_with_notices() {
    let (mut rt, c) = one("nginx:1.27", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let before = lines(&rt, &c).len();
    rt.signal(secs(60), &c, Signal::Term);
    let l = lines(&rt, &c)[before..].to_vec();
    assert_eq!(
        l,
        vec![
            "2025/01/01 00:01:00 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
            "2025/01/01 00:01:00 [notice] 29#29: gracefully shutting down",
            "2025/01/01 00:01:00 [notice] 29#29: exiting",
            "2025/01/01 00:01:00 [notice] 29#29: exit",
            "2025/01/01 00:01:00 [notice] 1#1: signal 17 (SIGCHLD) received from 29",
            "2025/01/01 00:01:00 [notice] 1#1: worker process 29 exited with code 0",
            "2025/01/01 00:01:00 [notice] 1#1: exit",
        ]
    );
    assert!(rt.explain()[0].summary.contains("STOPSIGNAL SIGQUIT"));
    // A second SIGTERM during shutdown changes nothing.
    rt.signal(ms(60_050), &c, Signal::Term);
    assert_eq!(
        drive(&mut rt, secs(61)),
        vec![RuntimeEvent::Exited {
            at: ms(60_100),
            container: c,
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn interpreter_more_semantics() {
    let cases: &[(&str, &[&str], i32)] = &[
        ("echo \"$(echo 'a  b')\"", &["a  b"], 0),
        ("x='a b c'; set -- $x; echo $# $2", &["3 b"], 0),
        ("echo $((2*3+1)) $((7/2)) $((7%3)) $((1<2))", &["7 3 1 1"], 0),
        ("while read line; do echo \"L:$line\"; done < /etc/hostname", &["L:demo"], 0),
        ("for a in 1 2; do for b in x y; do [ $b = y ] && break 2; echo $a$b; done; done; echo out", &["1x", "out"], 0),
        ("if ! grep -q zzz /etc/hostname; then echo no; fi", &["no"], 0),
        ("a=''; [ \"$a\" = '' ] && echo empty", &["empty"], 0),
        ("echo -n a; echo b", &["ab"], 0),
        ("{ echo a; echo b; } > /tmp/x; cat /tmp/x", &["a", "b"], 0),
        ("cd /nope || echo fail", &["sh: cd: can't cd to /nope: No such file or directory", "fail"], 0),
        ("x=1; cat <<'EOF'\n$x\nEOF", &["$x"], 0),
        ("trap 'echo bye' EXIT; echo hi", &["hi", "bye"], 0),
        ("trap 'echo bye' EXIT; exit 4", &["bye"], 4),
        ("f() { local v=in; echo $v; }; v=out; f; echo $v", &["in", "in"], 0),
        ("for f in /etc/host*; do echo $f; done", &["/etc/hostname", "/etc/hosts"], 0),
        ("x=b; case $x in (a|b) echo ab;; *) echo other;; esac", &["ab"], 0),
        ("x=$(false); echo $?", &["1"], 0),
        ("test 5 -gt 3 -a 2 -lt 1; echo $?", &["1"], 0),
        ("printf '%5s|%-5s|\\n' ab cd", &["   ab|cd   |"], 0),
        ("echo a > /tmp/f; read v < /tmp/f; echo $v", &["a"], 0),
        ("echo $HOME $PATH", &["/root /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], 0),
        ("echo `expr 2 + 3`", &["5"], 0),
        ("ls /tmp/none 2>/dev/null || echo gone", &["gone"], 0),
        ("echo err >&2", &["err"], 0),
        ("sh -c 'exit 7'; echo $?", &["7"], 0),
        ("echo \"a\\tb\"", &["a\\tb"], 0),
        ("echo $(( $(echo 4) * 2 ))", &["8"], 0),
        ("wc -c < /etc/hostname", &["5"], 0),
        ("echo one; exec echo two; echo three", &["one", "two"], 0),
        ("seq 3 | while read n; do echo n$n; done", &["n1", "n2", "n3"], 0),
        ("date +%F", &["2025-01-01"], 0),
        ("echo ~ ~/x", &["/root /root/x"], 0),
        ("x=5; x=$((x-1)); while [ $x -gt 0 ]; do x=$((x-2)); done; echo $x", &["0"], 0),
        ("x=foo.log; [[ $x == *.log ]] && echo glob; [[ -d /tmp ]] && echo dir; [[ $x != f* ]] || echo neg", &["glob", "dir", "neg"], 0),
        ("echo hello world | sed 's/o/0/g'", &["hell0 w0rld"], 0),
        ("printf 'a\\nb\\nc\\n' > /tmp/s; sed -i '/b/d; s/^a$/A/' /tmp/s; cat /tmp/s", &["A", "c"], 0),
        ("echo listen 80 | sed -e 's/listen [0-9]*/listen 8080/'", &["listen 8080"], 0),
        ("echo abc | sed -n 's/b/B/p'", &["aBc"], 0),
        ("a=$RANDOM; b=$RANDOM; [ $a != $b ] && [ $a -lt 32768 ] && echo rnd", &["rnd"], 0),
    ];
    let mut bad = Vec::new();
    for (script, want, code) in cases {
        let (exit, l) = run_script(script, secs(5));
        let got: Vec<&str> = l.iter().map(String::as_str).collect();
        if &got != want || exit.map(|e| e.1) != Some(*code) {
            bad.push(format!("{script}\n   got {got:?} exit {exit:?}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let (exit, l) = run_script("sleep 2 & sleep 1; echo mid; wait; echo done", secs(5));
    assert_eq!(
        (exit, l),
        (
            Some((secs(2), 0)),
            vec!["mid".to_string(), "done".to_string()]
        )
    );
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
fn sidecar_tail_follows_shared_file() {
    let mut s = scenario(
        vec![{
            let mut c = ctr(
                "logshipper",
                "alpine:latest",
                &["sh", "-c", "tail -F /opt/logs.txt"],
                &[],
            );
            c.restart_policy = Some(RestartPolicy::Always);
            c.volume_mounts.push(VolumeMount {
                name: "data".into(),
                mount_path: "/opt".into(),
                sub_path: None,
                read_only: false,
            });
            c
        }],
        vec![{
            let mut c = ctr(
                "myapp",
                "alpine:latest",
                &[
                    "sh",
                    "-c",
                    "while true; do echo \"logging\" >> /opt/logs.txt; sleep 1; done",
                ],
                &[],
            );
            c.volume_mounts.push(VolumeMount {
                name: "data".into(),
                mount_path: "/opt".into(),
                sub_path: None,
                read_only: false,
            });
            c
        }],
    );
    s.pod.spec.volumes.push(Volume {
        name: "data".into(),
        source: VolumeSource::EmptyDir,
    });
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "logshipper", 0).unwrap();
    assert_eq!(
        lines(&rt, "logshipper"),
        vec!["tail: can't open '/opt/logs.txt': No such file or directory"]
    );
    assert!(rt.is_running("logshipper"));
    rt.start(secs(2), "myapp", 0).unwrap();
    drive(&mut rt, ms(4500));
    let got: Vec<(SimTime, String)> = rt
        .logs()
        .iter()
        .filter(|l| l.container == "logshipper")
        .map(|l| (l.time, l.line.clone()))
        .collect();
    assert_eq!(
        got[1..],
        [
            (secs(2), "logging".to_string()),
            (secs(3), "logging".to_string()),
            (secs(4), "logging".to_string())
        ]
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
fn unknown_image_runs_any_program_as_a_server() {
    let mut c = ctr("app", "mycorp/api:2.1", &["python", "app.py"], &[]);
    c.ports.push(ContainerPort {
        name: None,
        container_port: 5000,
        protocol: "TCP".into(),
        host_port: None,
    });
    let mut rt = PodRuntime::new(&scenario(vec![], vec![c]), IP);
    rt.start(SimTime::ZERO, "app", 0).unwrap();
    assert_eq!(
        rt.probe(secs(1), "app", &tcp(5000), secs(1)).result,
        ProbeResult::Success
    );
    assert_eq!(
        rt.probe(secs(1), "app", &http("/health", 5000), secs(1))
            .output,
        "ok"
    );
    rt.signal(secs(2), "app", Signal::Term);
    assert_eq!(
        rt.advance(secs(2)),
        vec![RuntimeEvent::Exited {
            at: secs(2),
            container: "app".into(),
            exit_code: 143,
            reason: ExitReason::Error
        }]
    );
    assert!(rt.explain()[0].warnings[0].contains("not in the catalogue"));
}

#[wasm_bindgen_test(unsupported = test)]
fn nginx_without_daemon_off_exits_at_once() {
    let (mut rt, c) = one("nginx", &["nginx"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert_eq!(
        rt.advance(SimTime::ZERO),
        vec![RuntimeEvent::Exited {
            at: SimTime::ZERO,
            container: c.clone(),
            exit_code: 0,
            reason: ExitReason::Completed
        }]
    );
    assert!(rt.explain()[0]
        .summary
        .contains("forks into the background"));
}

#[wasm_bindgen_test(unsupported = test)]
fn cached_probe_sees_writes_from_other_containers_through_volumes() {
    let mut s = scenario(
        vec![],
        vec![
            ctr(
                "w",
                "busybox",
                &[
                    "sh",
                    "-c",
                    "sleep 5; echo x > /d/f; sleep 5; rm /d/f; sleep 100",
                ],
                &[],
            ),
            ctr("r", "busybox", &["sleep", "100"], &[]),
        ],
    );
    s.pod.spec.volumes.push(Volume {
        name: "d".into(),
        source: VolumeSource::EmptyDir,
    });
    for c in s.pod.spec.containers.iter_mut() {
        c.volume_mounts.push(VolumeMount {
            name: "d".into(),
            mount_path: "/d".into(),
            sub_path: None,
            read_only: false,
        });
    }
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "w", 0).unwrap();
    rt.start(SimTime::ZERO, "r", 0).unwrap();
    let p = exec_probe(&["cat", "/d/f"]);
    let mut seen = Vec::new();
    for t in 1..13 {
        drive(&mut rt, secs(t));
        seen.push(rt.probe(secs(t), "r", &p, secs(1)).result == ProbeResult::Success);
    }
    assert_eq!(
        seen,
        [false, false, false, false, true, true, true, true, true, false, false, false]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn old_nginx_tag_uses_sigterm_and_its_version() {
    let (mut rt, c) = one("harbor.wego.red/library/nginx:1.9.0", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let r = rt.probe(secs(1), &c, &http("/nope", 80), secs(1));
    assert_eq!(r.output, "HTTP probe failed with statuscode: 404");
    assert!(lines(&rt, &c)
        .iter()
        .any(|l| l.ends_with("[notice] 1#1: nginx/1.9.0")));
    rt.signal(secs(2), &c, Signal::Term);
    assert!(lines(&rt, &c)
        .iter()
        .any(|l| l.ends_with("signal 15 (SIGTERM) received, exiting")));
}

#[wasm_bindgen_test(unsupported = test)]
fn doubling_loops_stay_bounded() {
    let (exit, l) = run_script(
        "x=ab; i=0; while [ $i -lt 40 ]; do x=$x$x; i=$((i+1)); done; echo ${#x}",
        secs(1),
    );
    assert_eq!(
        (exit.map(|e| e.1), l),
        (Some(0), vec!["1048576".to_string()])
    );
    let (exit, l) = run_script("echo 0123456789abcdef > /tmp/f; while cat /tmp/f /tmp/f > /tmp/g && cat /tmp/g > /tmp/f; do :; done; echo stopped", secs(1));
    assert_eq!(exit.map(|e| e.1), Some(0));
    assert_eq!(l.last().map(String::as_str), Some("stopped"));
    assert!(
        l.iter().any(|x| x.contains("No space left on device")),
        "{l:?}"
    );
    let (_, l) = run_script("printf '%999999999s|%.99999f\\n' a 1", secs(1));
    assert_eq!(l[0].len(), 10_000 + 1 + 102);
}

#[wasm_bindgen_test(unsupported = test)]
fn grpc_probe_outcomes() {
    let grpc = ProbeHandler::Grpc {
        port: 9000,
        service: None,
    };
    let mut c = ctr("c", "etcd:3.5", &[], &[]);
    c.ports.push(ContainerPort {
        name: Some("grpc".into()),
        container_port: 9000,
        protocol: "TCP".into(),
        host_port: None,
    });
    let mut rt = PodRuntime::new(&scenario(vec![], vec![c]), IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    assert_eq!(
        rt.probe(secs(1), "c", &grpc, secs(1)),
        ProbeOutcome {
            result: ProbeResult::Success,
            output: "service healthy".into(),
            took: SimTime::ZERO
        }
    );
    let (mut rt, c) = one("busybox", &["sleep", "100"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert_eq!(
        rt.probe(secs(1), &c, &grpc, secs(1)),
        ProbeOutcome { result: ProbeResult::Failure, output: "timeout: failed to connect service \"10.244.0.5:9000\" within 1s: context deadline exceeded".into(), took: secs(1) }
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn subpath_mounts_a_directory_of_the_volume() {
    let mut s = scenario(
        vec![],
        vec![
            ctr(
                "a",
                "busybox",
                &["sh", "-c", "echo hi > /conf/x; sleep 100"],
                &[],
            ),
            ctr("b", "busybox", &["sleep", "100"], &[]),
        ],
    );
    s.pod.spec.volumes.push(Volume {
        name: "v".into(),
        source: VolumeSource::EmptyDir,
    });
    s.pod.spec.containers[0].volume_mounts.push(VolumeMount {
        name: "v".into(),
        mount_path: "/conf".into(),
        sub_path: Some("app/conf".into()),
        read_only: false,
    });
    s.pod.spec.containers[1].volume_mounts.push(VolumeMount {
        name: "v".into(),
        mount_path: "/all".into(),
        sub_path: None,
        read_only: false,
    });
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "b", 0).unwrap();
    rt.start(SimTime::ZERO, "a", 0).unwrap();
    assert_eq!(
        rt.read_file("b", "/all/app/conf/x").as_deref(),
        Some("hi\n")
    );
    assert_eq!(
        exec_now(&mut rt, secs(1), "b", &["ls", "/all/app"]),
        (0, "conf\n".to_string())
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn working_dir_is_created_and_used() {
    let mut c = ctr("c", "busybox", &["sh", "-c", "pwd; touch here; ls"], &[]);
    c.working_dir = Some("/srv/app".into());
    let mut rt = PodRuntime::new(&scenario(vec![], vec![c]), IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    assert_eq!(lines(&rt, "c"), vec!["/srv/app", "here"]);
}

#[wasm_bindgen_test(unsupported = test)]
fn timeout_which_and_hosts() {
    let (exit, l) = run_script(
        "timeout 2 sleep 10; echo rc=$?; timeout 5 sleep 1; echo rc=$?; which nslookup",
        secs(20),
    );
    assert_eq!(exit, Some((secs(3), 0)));
    assert_eq!(l, vec!["rc=124", "rc=0", "/bin/nslookup"]);
    let (mut rt, c) = one(
        "busybox",
        &["sh", "-c", "timeout 1 sleep 100; sleep 1000"],
        &[],
    );
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    drive(&mut rt, secs(2));
    assert_eq!(
        exec_now(&mut rt, secs(2), &c, &["ps"])
            .1
            .matches("sleep 100\n")
            .count(),
        0
    );
    let mut s = scenario(vec![], vec![ctr("c", "busybox", &["sleep", "10"], &[])]);
    s.pod.spec.hostname = Some("web-0".into());
    s.pod.spec.subdomain = Some("web".into());
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    let hosts = rt.read_file("c", "/etc/hosts").unwrap();
    assert!(
        hosts.ends_with("10.244.0.5\tweb-0.web.default.svc.cluster.local\tweb-0\n"),
        "{hosts}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn seed_prestop_writes_to_hostpath_and_lifecycle_demo_message() {
    let mut s = scenario(
        vec![],
        vec![ctr(
            "prestop",
            "harbor.wego.red/library/nginx:latest",
            &[],
            &[],
        )],
    );
    s.pod.spec.volumes.push(Volume {
        name: "message".into(),
        source: VolumeSource::HostPath {
            path: "/tmp".into(),
        },
    });
    s.pod.spec.containers[0].volume_mounts.push(VolumeMount {
        name: "message".into(),
        mount_path: "/usr/share/nginx/html/".into(),
        sub_path: None,
        read_only: false,
    });
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "prestop", 0).unwrap();
    // The hostPath hides the image's index.html: nginx answers 403 on /.
    assert_eq!(
        rt.probe(secs(1), "prestop", &http("/", 80), secs(1)).output,
        "HTTP probe failed with statuscode: 403"
    );
    let hook = LifecycleHandler::Exec {
        command: vec![
            "/bin/sh".into(),
            "-c".into(),
            "echo 'Web Server stopped' > /usr/share/nginx/html/index.html".into(),
        ],
    };
    let id = rt.start_hook(secs(21), "prestop", &hook);
    assert_eq!(
        rt.advance(secs(21)),
        vec![RuntimeEvent::ExecFinished {
            at: secs(21),
            id,
            exit_code: 0,
            output: String::new()
        }]
    );
    rt.signal(secs(21), "prestop", Signal::Term);
    assert_eq!(drive(&mut rt, secs(22)).len(), 1);
    assert_eq!(
        rt.read_file("prestop", "/usr/share/nginx/html/index.html")
            .as_deref(),
        Some("Web Server stopped\n")
    );

    let (mut rt, c) = one("nginx", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let post = LifecycleHandler::Exec {
        command: vec![
            "/bin/sh".into(),
            "-c".into(),
            "echo Hello from the postStart handler > /usr/share/message".into(),
        ],
    };
    rt.start_hook(SimTime::ZERO, &c, &post);
    rt.advance(SimTime::ZERO);
    assert_eq!(
        exec_now(&mut rt, secs(5), &c, &["cat", "/usr/share/message"]),
        (0, "Hello from the postStart handler\n".into())
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn probe_host_localhost_is_the_node_not_the_pod() {
    let (mut rt, c) = one("nginx", &[], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let h = ProbeHandler::HttpGet(HttpGet {
        path: "/".into(),
        port: PortRef {
            written: "80".into(),
            number: Some(80),
        },
        host: Some("localhost".into()),
        scheme: "HTTP".into(),
        headers: vec![],
    });
    assert_eq!(
        rt.probe(secs(1), &c, &h, secs(1)).output,
        "Get \"http://localhost:80/\": dial tcp 127.0.0.1:80: connect: connection refused"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn exec_probe_output_is_capped_at_10k() {
    let (mut rt, c) = one("busybox", &["sleep", "100"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    let r = rt.probe(
        secs(1),
        &c,
        &exec_probe(&["sh", "-c", "seq 5000; exit 1"]),
        secs(1),
    );
    assert_eq!(
        (r.result, r.output.len()),
        (ProbeResult::Failure, 10 * 1024)
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
