//! Hooks and `kubectl exec`: postStart, preStop, exec into stopped containers.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

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
