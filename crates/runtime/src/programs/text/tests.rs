//! `tail -f` following a file another container writes.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

#[wasm_bindgen_test(unsupported = test)]
fn sidecar_tail_follows_shared_file() {
    let mut s = scenario(
        vec![{
            let mut c = ctr(
                "logshipper",
                "alpine:latest",
                &["sh", "-c", "tail -F /opt/logs.txt"],
                &[],
            );
            c.restart_policy = Some(RestartPolicy::Always);
            c.volume_mounts.push(VolumeMount {
                name: "data".into(),
                mount_path: "/opt".into(),
                sub_path: None,
                read_only: false,
            });
            c
        }],
        vec![{
            let mut c = ctr(
                "myapp",
                "alpine:latest",
                &[
                    "sh",
                    "-c",
                    "while true; do echo \"logging\" >> /opt/logs.txt; sleep 1; done",
                ],
                &[],
            );
            c.volume_mounts.push(VolumeMount {
                name: "data".into(),
                mount_path: "/opt".into(),
                sub_path: None,
                read_only: false,
            });
            c
        }],
    );
    s.pod.spec.volumes.push(Volume {
        name: "data".into(),
        source: VolumeSource::EmptyDir,
    });
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "logshipper", 0).unwrap();
    assert_eq!(
        lines(&rt, "logshipper"),
        vec!["tail: can't open '/opt/logs.txt': No such file or directory"]
    );
    assert!(rt.is_running("logshipper"));
    rt.start(secs(2), "myapp", 0).unwrap();
    drive(&mut rt, ms(4500));
    let got: Vec<(SimTime, String)> = rt
        .logs()
        .iter()
        .filter(|l| l.container == "logshipper")
        .map(|l| (l.time, l.line.clone()))
        .collect();
    assert_eq!(
        got[1..],
        [
            (secs(2), "logging".to_string()),
            (secs(3), "logging".to_string()),
            (secs(4), "logging".to_string())
        ]
    );
}
