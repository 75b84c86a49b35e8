//! The pod as the engine drives it: the course notes' examples end to end, container start, behaviour overrides, termination messages.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

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
fn start_error_for_missing_executable() {
    let (mut rt, c) = one("busybox", &["python", "app.py"], &[]);
    let e = rt.start(SimTime::ZERO, &c, 0).unwrap_err();
    assert_eq!(e.message, "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"python\": executable file not found in $PATH: unknown");
    assert!(!rt.is_running(&c));
    assert!(
        rt.explain()[0]
            .warnings
            .iter()
            .any(|w| w.to_string().contains("`python` is not in image busybox")),
        "{:?}",
        rt.explain()
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
    let w: Vec<String> = rt.explain()[0]
        .warnings
        .iter()
        .map(|g| g.to_string())
        .collect();
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
