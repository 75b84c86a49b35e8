//! The probe handlers against the runtime model, driven as the engine drives it: the course
//! notes' examples, the servers' answers and the exec probe's limits, read through the
//! kubelet's rules. (The runtime model's own tests before those rules moved here; their
//! assertions are unchanged.)

use std::collections::BTreeMap;
use wasm_bindgen_test::wasm_bindgen_test;

use podlife_runtime::*;
use podlife_spec::*;

use crate::runtime::{ProbeOutcome, ProbeResult, Runtime};

// ---- helpers (as the runtime model's tests have them) ----------------------------------------

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
            stored: None,
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

// ---- the tests --------------------------------------------------------------------------------

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
            .any(|x| x.contains("\"GET /index.html HTTP/1.1\" 404 153 \"-\" \"kube-probe/1.37\"")),
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
    assert_eq!(lines(&rt, &c)[16], "10.244.0.1 - - [01/Jan/2025:00:00:05 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"kube-probe/1.37\" \"-\"");
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
    assert!(rt.explain()[0].warnings[0]
        .to_string()
        .contains("not in the catalogue"));
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
