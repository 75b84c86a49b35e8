//! Network tools against the pod's own ports.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

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
