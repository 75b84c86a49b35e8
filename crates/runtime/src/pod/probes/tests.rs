//! Probes: exec timeouts and output, cached results, gRPC, where the kubelet dials from.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

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
