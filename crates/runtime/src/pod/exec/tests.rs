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
