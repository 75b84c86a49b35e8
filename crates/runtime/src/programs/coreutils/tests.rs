//! `ps`, `timeout`, `which`, `/etc/hosts`.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

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
