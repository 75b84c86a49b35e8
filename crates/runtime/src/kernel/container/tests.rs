//! The container's argv: the kubelet's `$(VAR)` expansion.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

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
