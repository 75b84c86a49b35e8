//! Servers: nginx, the Go servers, the fallback server.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

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
    assert_eq!(lines(&rt, &c)[16], "10.244.0.1 - - [01/Jan/2025:00:00:05 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"kube-probe/1.35\" \"-\"");
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
