//! What a probe finds in the model, before any kubelet rule: exec results, HTTP answers, TCP
//! connects and gRPC health from the node. (The kubelet's reading of them is tested with its
//! rules, in the engine's `kubelet/prober/handlers`.)

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

fn port(number: u16) -> ContainerPort {
    ContainerPort {
        name: None,
        container_port: number,
        protocol: "TCP".into(),
        host_port: None,
    }
}

fn argv(words: &[&str]) -> Vec<String> {
    words.iter().map(|s| s.to_string()).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn exec_sync_gives_exit_code_whole_output_timeout_and_runtime_errors() {
    let (mut rt, c) = one("busybox", &["sleep", "3600"], &[]);
    rt.start(SimTime::ZERO, &c, 0).expect("starts");
    let t = secs(1);
    assert_eq!(
        rt.exec_sync(
            t,
            &c,
            &argv(&["sh", "-c", "echo out; echo err >&2; exit 3"]),
            secs(1)
        ),
        ExecResult::Exited {
            exit_code: 3,
            output: "out\nerr\n".into(),
            took: SimTime::ZERO,
        }
    );
    // No cap here: what the kubelet keeps of it is the kubelet's rule.
    let big = rt.exec_sync(t, &c, &argv(&["sh", "-c", "seq 1 5000"]), secs(1));
    let ExecResult::Exited { output, .. } = big else {
        panic!("seq ends: {big:?}");
    };
    assert!(output.len() > 10 * 1024 && output.ends_with("5000\n"));
    assert_eq!(
        rt.exec_sync(t, &c, &argv(&["sleep", "5"]), secs(2)),
        ExecResult::TimedOut
    );
    assert_eq!(
        rt.exec_sync(t, &c, &argv(&["sh", "-c", "sleep 1; echo late"]), secs(2)),
        ExecResult::Exited {
            exit_code: 0,
            output: "late\n".into(),
            took: secs(1),
        }
    );
    let ExecResult::Failed(missing) = rt.exec_sync(t, &c, &argv(&["python", "app.py"]), secs(1))
    else {
        panic!("no python in busybox");
    };
    assert!(
        missing.contains("executable file not found in $PATH"),
        "{missing}"
    );
    rt.signal(secs(2), &c, Signal::Kill);
    assert_eq!(
        rt.exec_sync(secs(3), &c, &argv(&["true"]), secs(1)),
        ExecResult::Failed("rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state".into())
    );
    assert!(rt.has_container(&c) && !rt.has_container("nope"));
}

#[wasm_bindgen_test(unsupported = test)]
fn http_tcp_and_grpc_from_the_node() {
    let mut web = ctr("web", "nginx", &[], &[]);
    web.ports = vec![port(80)];
    let mut app = ctr("app", "example.com/app:1", &[], &[]);
    app.ports = vec![port(9000)];
    let s = scenario(vec![], vec![web, app]);
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "web", 0).expect("starts");
    rt.start(SimTime::ZERO, "app", 0).expect("starts");
    drive(&mut rt, secs(1));
    let t = secs(2);
    assert_eq!(rt.pod_ip(), IP);
    let ua = format!("kube-probe/1.{}", rt.kube_minor());
    let HttpAnswer::Response { status, body, .. } = rt.http_get_from_node(t, IP, 80, "/", &ua)
    else {
        panic!("nginx answers");
    };
    assert_eq!(status, 200);
    assert!(body.contains("Welcome to nginx!"));
    // The access log names the client's User-Agent.
    assert!(lines(&rt, "web").iter().any(|l| l.contains(&ua)));
    assert_eq!(
        rt.http_get_from_node(t, IP, 80, "/missing", &ua),
        HttpAnswer::Response {
            status: 404,
            body: "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n".into(),
            location: None,
        }
    );
    // From the node, `localhost` is the node itself.
    assert_eq!(
        rt.http_get_from_node(t, "localhost", 80, "/", &ua),
        HttpAnswer::Refused
    );
    assert_eq!(
        rt.http_get_from_node(t, IP, 81, "/", &ua),
        HttpAnswer::Refused
    );
    assert!(rt.tcp_connect_from_node(t, IP, 80));
    assert!(!rt.tcp_connect_from_node(t, "localhost", 80));
    assert!(!rt.tcp_connect_from_node(t, IP, 81));
    assert_eq!(rt.grpc_health_from_node(t, 80), GrpcAnswer::NotGrpc);
    assert_eq!(rt.grpc_health_from_node(t, 9000), GrpcAnswer::Serving);
    assert_eq!(rt.grpc_health_from_node(t, 81), GrpcAnswer::NoListener);
}
