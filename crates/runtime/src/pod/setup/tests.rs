//! Container setup: volumes, subPath, service-account files, workingDir.

use wasm_bindgen_test::wasm_bindgen_test;

use podlife_spec::*;

use crate::testing::*;
use crate::*;

#[wasm_bindgen_test(unsupported = test)]
fn sidecar_shares_emptydir_with_main_container() {
    let mut s = scenario(
        vec![{
            let mut c = ctr(
                "logshipper",
                "alpine:latest",
                &["sh", "-c", "tail /opt/logs.txt"],
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
                &["sh", "-c", "echo \"logging\" > /opt/logs.txt"],
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
    let ev = rt.advance(SimTime::ZERO);
    assert_eq!(
        ev,
        vec![RuntimeEvent::Exited {
            at: SimTime::ZERO,
            container: "logshipper".into(),
            exit_code: 1,
            reason: ExitReason::Error
        }]
    );
    assert_eq!(
        lines(&rt, "logshipper"),
        vec![
            "tail: can't open '/opt/logs.txt': No such file or directory",
            "tail: no files"
        ]
    );
    rt.start(secs(1), "myapp", 0).unwrap();
    assert_eq!(rt.advance(secs(1)).len(), 1);
    rt.start(secs(10), "logshipper", 1).unwrap();
    rt.advance(secs(10));
    assert_eq!(
        rt.logs_of("logshipper", 1)
            .iter()
            .map(|l| l.line.as_str())
            .collect::<Vec<_>>(),
        vec!["logging"]
    );
    assert_eq!(
        rt.read_file("myapp", "/opt/logs.txt").as_deref(),
        Some("logging\n")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn volumes_survive_restarts_root_fs_does_not() {
    let mut s = scenario(
        vec![],
        vec![ctr(
            "c",
            "busybox",
            &[
                "sh",
                "-c",
                "echo x >> /data/count; echo y >> /tmp/t; sleep 1",
            ],
            &[],
        )],
    );
    s.pod.spec.volumes.push(Volume {
        name: "d".into(),
        source: VolumeSource::HostPath {
            path: "/tmp".into(),
        },
    });
    s.pod.spec.containers[0].volume_mounts.push(VolumeMount {
        name: "d".into(),
        mount_path: "/data".into(),
        sub_path: None,
        read_only: false,
    });
    let mut rt = PodRuntime::new(&s, IP);
    for k in 0..3u64 {
        rt.start(secs(10 * k), "c", k as u32).unwrap();
        drive(&mut rt, secs(10 * k + 5));
    }
    rt.start(secs(100), "c", 3).unwrap();
    assert_eq!(
        rt.read_file("c", "/data/count").as_deref(),
        Some("x\nx\nx\nx\n")
    );
    assert_eq!(rt.read_file("c", "/tmp/t").as_deref(), Some("y\n"));
}

#[wasm_bindgen_test(unsupported = test)]
fn service_account_namespace_file_and_automount_off() {
    let (mut rt, c) = one("busybox", &["sleep", "10"], &[]);
    rt.start(SimTime::ZERO, &c, 0).unwrap();
    assert_eq!(
        rt.read_file(
            &c,
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
        )
        .as_deref(),
        Some("default")
    );
    assert_eq!(
        exec_now(&mut rt, secs(1), &c, &["hostname"]),
        (0, "demo\n".into())
    );
    let mut s = scenario(vec![], vec![ctr("c", "busybox", &["sleep", "10"], &[])]);
    s.pod.spec.automount_service_account_token = false;
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    let (code, out) = exec_now(
        &mut rt,
        secs(1),
        "c",
        &[
            "cat",
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace",
        ],
    );
    assert_eq!((code, out.as_str()), (1, "cat: can't open '/var/run/secrets/kubernetes.io/serviceaccount/namespace': No such file or directory\n"));
}

#[wasm_bindgen_test(unsupported = test)]
fn subpath_mounts_a_directory_of_the_volume() {
    let mut s = scenario(
        vec![],
        vec![
            ctr(
                "a",
                "busybox",
                &["sh", "-c", "echo hi > /conf/x; sleep 100"],
                &[],
            ),
            ctr("b", "busybox", &["sleep", "100"], &[]),
        ],
    );
    s.pod.spec.volumes.push(Volume {
        name: "v".into(),
        source: VolumeSource::EmptyDir,
    });
    s.pod.spec.containers[0].volume_mounts.push(VolumeMount {
        name: "v".into(),
        mount_path: "/conf".into(),
        sub_path: Some("app/conf".into()),
        read_only: false,
    });
    s.pod.spec.containers[1].volume_mounts.push(VolumeMount {
        name: "v".into(),
        mount_path: "/all".into(),
        sub_path: None,
        read_only: false,
    });
    let mut rt = PodRuntime::new(&s, IP);
    rt.start(SimTime::ZERO, "b", 0).unwrap();
    rt.start(SimTime::ZERO, "a", 0).unwrap();
    assert_eq!(
        rt.read_file("b", "/all/app/conf/x").as_deref(),
        Some("hi\n")
    );
    assert_eq!(
        exec_now(&mut rt, secs(1), "b", &["ls", "/all/app"]),
        (0, "conf\n".to_string())
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn working_dir_is_created_and_used() {
    let mut c = ctr("c", "busybox", &["sh", "-c", "pwd; touch here; ls"], &[]);
    c.working_dir = Some("/srv/app".into());
    let mut rt = PodRuntime::new(&scenario(vec![], vec![c]), IP);
    rt.start(SimTime::ZERO, "c", 0).unwrap();
    assert_eq!(lines(&rt, "c"), vec!["/srv/app", "here"]);
}
