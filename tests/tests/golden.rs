//! Golden scenario → trace tests. Each case renders the readable timeline, the
//! `kubectl get pods -w` history and `kubectl describe pod` at the horizon, and compares them
//! byte for byte with `tests/golden/<family>/<case>.txt`. A missing or different golden fails;
//! `UPDATE_GOLDEN=1 cargo test -p podlife-tests --test golden` rewrites them.
//!
//! Rule-family cases use the engine's scripted runtime (testkit), so they pin the kubelet rules
//! independently of the runtime model. Seed cases load `examples/seeds/*.yaml` through the
//! manifest front end and the real runtime model.

use std::path::{Path, PathBuf};

use podlife_engine::testkit::{self, Script};
use podlife_engine::{text, views, Trace};
use podlife_spec::{Action, ActionKind, PullPolicy, RestartPolicy, Scenario, SimTime};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn render(tr: &Trace) -> String {
    let at = tr.until;
    let mut s = text::timeline(tr);
    s.push_str(&format!("\n--- kubectl get pods -w (until {at})\n"));
    s.push_str(&views::get_pods_watch(tr, at));
    s.push_str(&format!("\n--- kubectl describe pod (at {at})\n"));
    s.push_str(&views::describe_pod(tr, at));
    s
}

fn check(family: &str, case: &str, actual: &str) {
    let path = root()
        .join("golden")
        .join(family)
        .join(format!("{case}.txt"));
    podlife_tests::check_golden(&path, actual);
}

fn rule(case: &str, sc: &Scenario, scripts: &[(&str, Script)]) {
    let tr = testkit::run_fake(sc, scripts);
    check("rules", case, &render(&tr));
}

fn base(name: &str) -> Scenario {
    let mut c = testkit::container("app", "busybox:1.36");
    c.image_pull_policy = PullPolicy::IfNotPresent;
    let mut sc = testkit::scenario(name, vec![c]);
    sc.setup.nodes[0].images.push("busybox:1.36".into());
    sc.setup.until = SimTime::from_secs(300);
    sc
}

fn secs(s: u64) -> SimTime {
    SimTime::from_secs(s)
}

#[test]
fn rules_liveness_exec() {
    let (sc, scripts) = testkit::liveness_exec();
    rule("liveness-exec", &sc, &scripts);
}

#[test]
fn rules_crash_loop_back_off() {
    let mut sc = base("crashloop");
    sc.setup.until = secs(900);
    let s = Script {
        exit_after_ms: Some(2000),
        exit_code: 1,
        ..Default::default()
    };
    rule("crash-loop-back-off", &sc, &[("app", s)]);
}

#[test]
fn rules_init_containers() {
    let mut sc = base("init-demo");
    let mut i = testkit::container("init-myservice", "busybox:1.36");
    i.image_pull_policy = PullPolicy::IfNotPresent;
    let mut j = i.clone();
    j.name = "init-mydb".into();
    sc.pod.spec.init_containers = vec![i, j];
    let done = |ms| Script {
        exit_after_ms: Some(ms),
        ..Default::default()
    };
    rule(
        "init-containers",
        &sc,
        &[("init-myservice", done(20_000)), ("init-mydb", done(5_000))],
    );
}

#[test]
fn rules_sidecar_job() {
    let mut sc = base("sidecar-job");
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let mut side = testkit::sidecar(testkit::container("logshipper", "busybox:1.36"));
    side.image_pull_policy = PullPolicy::IfNotPresent;
    side.startup_probe = Some(testkit::exec_probe(&["cat", "/ready"], 0, 2));
    sc.pod.spec.init_containers = vec![side];
    rule(
        "sidecar-job",
        &sc,
        &[
            (
                "app",
                Script {
                    exit_after_ms: Some(30_000),
                    ..Default::default()
                },
            ),
            (
                "logshipper",
                Script {
                    ignore_sigterm: true,
                    probe_ok_after_ms: Some(3000),
                    ..Default::default()
                },
            ),
        ],
    );
}

#[test]
fn rules_graceful_delete_prestop() {
    let mut sc = base("prestop");
    sc.pod.spec.containers[0].lifecycle.pre_stop = Some(testkit::sleep_hook(40));
    sc.setup.actions.push(Action {
        at: secs(60),
        kind: ActionKind::Delete {
            grace_period_seconds: None,
            force: false,
        },
    });
    let s = Script {
        ignore_sigterm: true,
        ..Default::default()
    };
    rule("graceful-delete-prestop", &sc, &[("app", s)]);
}

#[test]
fn rules_image_pull_back_off() {
    let mut c = testkit::container("app", "harbor.example.com/library/nginx:1.9.0s");
    c.image_pull_policy = PullPolicy::IfNotPresent;
    let mut sc = testkit::scenario("bad-tag", vec![c]);
    sc.setup
        .registry
        .missing
        .push("harbor.example.com/library/nginx:1.9.0s".into());
    sc.setup.until = secs(400);
    rule("image-pull-back-off", &sc, &[]);
}

#[test]
fn rules_unschedulable() {
    let mut sc = base("nodeselector");
    sc.pod
        .spec
        .node_selector
        .insert("app".into(), "webserver".into());
    rule("unschedulable", &sc, &[]);
}

#[test]
fn rules_active_deadline() {
    let mut sc = base("deadline");
    sc.pod.spec.active_deadline_seconds = Some(60);
    let s = Script {
        ignore_sigterm: true,
        ..Default::default()
    };
    rule("active-deadline", &sc, &[("app", s)]);
}

#[test]
fn rules_readiness_probe_and_gates() {
    let mut sc = base("readiness");
    let mut p = testkit::exec_probe(&["cat", "/usr/share/nginx/html/index.html"], 5, 5);
    p.failure_threshold = 3;
    sc.pod.spec.containers[0].readiness_probe = Some(p);
    sc.pod
        .spec
        .readiness_gates
        .push("www.example.com/feature-1".into());
    let s = Script {
        probe_ok_after_ms: Some(20_000),
        probe_fail_after_ms: Some(120_000),
        ..Default::default()
    };
    rule("readiness", &sc, &[("app", s)]);
}

#[test]
fn rules_node_loss() {
    let mut sc = base("node-loss");
    sc.setup.until = secs(600);
    sc.setup.actions.push(Action {
        at: secs(30),
        kind: ActionKind::NodeDown,
    });
    sc.setup.actions.push(Action {
        at: secs(500),
        kind: ActionKind::NodeUp,
    });
    rule("node-loss", &sc, &[("app", Script::default())]);
}

#[test]
fn rules_post_start_failure() {
    let mut sc = base("poststart-fail");
    sc.pod.spec.containers[0].lifecycle.post_start = Some(podlife_spec::LifecycleHandler::Exec {
        command: vec!["/bin/sh".into(), "-c".into(), "exit 1".into()],
    });
    let s = Script {
        hook_ms: 1000,
        hook_exit: 1,
        ..Default::default()
    };
    rule("post-start-failure", &sc, &[("app", s)]);
}

#[test]
fn rules_oom_killed() {
    let mut sc = base("memory-demo");
    let s = Script {
        oom_after_ms: Some(1500),
        ..Default::default()
    };
    rule("oom-killed", &sc, &[("app", s)]);
    sc.pod.spec.restart_policy = RestartPolicy::Never;
    let s = Script {
        oom_after_ms: Some(1500),
        ..Default::default()
    };
    rule("oom-killed-never", &sc, &[("app", s)]);
}

/// Every seed example that the manifest front end loads, simulated with the real runtime
/// model. Until the front end can load a seed, that seed is reported and skipped.
#[test]
fn seeds() {
    let dir = root().join("..").join("examples").join("seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        panic!("no examples/seeds directory at {}", dir.display());
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut loaded = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read seed");
        let l = podlife_manifest::load(&text);
        let name = f.file_stem().and_then(|s| s.to_str()).unwrap_or("seed");
        let Some(sc) = l.scenario else {
            eprintln!(
                "seed {name}: not loadable yet ({} diagnostics)",
                l.diagnostics.len()
            );
            continue;
        };
        loaded += 1;
        let tr = podlife_engine::simulate(&sc);
        check("seeds", name, &render(&tr));
    }
    eprintln!("seeds: {loaded}/{} simulated", files.len());
}

/// Hand-written scenarios (manifest + Scenario document with actions) under
/// `tests/golden/scenarios/*.yaml`, through the front end and the real runtime model.
#[test]
fn scenarios() {
    let dir = root().join("golden").join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "yaml"));
    files.sort();
    assert!(!files.is_empty(), "no scenarios in {}", dir.display());
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read scenario");
        let l = podlife_manifest::load(&text);
        let name = f.file_stem().and_then(|s| s.to_str()).unwrap_or("scenario");
        let errs: Vec<String> = l
            .diagnostics
            .iter()
            .filter(|d| d.severity == podlife_manifest::Severity::Error)
            .map(|d| d.render(name))
            .collect();
        assert!(errs.is_empty(), "{name}: {errs:?}");
        let sc = l.scenario.expect("scenario");
        let tr = podlife_engine::simulate(&sc);
        let mut out = render(&tr);
        for x in &tr.execs {
            out.push_str(&format!(
                "\n--- exec at {} in {}: {} (exit {})\n{}",
                x.time,
                x.container,
                x.command.join(" "),
                x.exit_code,
                x.output
            ));
        }
        check("scenarios", name, &out);
    }
}

/// Examples whose run differs between Kubernetes minors (docs/kubelet-rules.md, "Rules that
/// depend on the minor"): each is run at every supported minor and compared with
/// `tests/golden/minors/<case>/1.<minor>.txt`. Besides the usual timeline and views, the
/// golden lists every published status's conditions and generations, where several of those
/// rules show (§14.4, §14.9, §14.10).
const MINOR_CASES: &[(&str, &str)] = &[
    ("liveness-exec", "examples/seeds/liveness-exec.yaml"),
    (
        "crashloop-busybox",
        "tests/golden/scenarios/crashloop-busybox.yaml",
    ),
    (
        "job-with-sidecar",
        "tests/golden/scenarios/job-with-sidecar.yaml",
    ),
    (
        "taint-unschedulable",
        "tests/golden/minors/taint-unschedulable.yaml",
    ),
    (
        "scheduling-gates",
        "tests/golden/minors/scheduling-gates.yaml",
    ),
    ("restart-rules", "tests/golden/minors/restart-rules.yaml"),
    (
        "readiness-while-terminating",
        "tests/golden/minors/readiness-while-terminating.yaml",
    ),
    (
        "restart-all-containers",
        "tests/golden/minors/restart-all-containers.yaml",
    ),
];

/// Each published status on one line when its conditions or generations changed:
/// `gen <metadata.generation> obs <status.observedGeneration>` then
/// `Type=Status(Reason)@<observedGeneration>` per condition.
fn status_history(tr: &Trace) -> String {
    let opt = |v: Option<i64>| v.map_or("-".to_string(), |g| g.to_string());
    let mut out = String::new();
    let mut last = String::new();
    for f in &tr.frames {
        let mut line = format!(
            "gen {} obs {} ",
            opt(f.generation),
            opt(f.observed_generation)
        );
        for c in &f.conditions {
            line.push_str(&format!(" {}={}", c.type_, c.status));
            if let Some(r) = &c.reason {
                line.push_str(&format!("({r})"));
            }
            if let Some(g) = c.observed_generation {
                line.push_str(&format!("@{g}"));
            }
        }
        if line != last {
            out.push_str(&format!("{:>10}  {line}\n", f.time.to_string()));
            last = line;
        }
    }
    out
}

#[test]
fn minors() {
    for (case, source) in MINOR_CASES {
        let text = std::fs::read_to_string(root().join("..").join(source))
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        for minor in podlife_spec::SUPPORTED_KUBE_MINORS {
            let l = podlife_manifest::load_with(
                &text,
                &podlife_manifest::LoadOptions {
                    kube_minor: Some(minor),
                    ..Default::default()
                },
            );
            // What that minor's API server says first: a field it rejects or drops is part of
            // the difference.
            let mut out = String::from("--- diagnostics\n");
            for d in &l.diagnostics {
                out.push_str(&d.render(case));
                out.push('\n');
            }
            let rejected = l.has_errors();
            let Some(sc) = l.scenario.filter(|_| !rejected) else {
                out.push_str("\n--- not simulated: the API server rejects the pod\n");
                check(&format!("minors/{case}"), &format!("1.{minor}"), &out);
                continue;
            };
            assert_eq!(sc.setup.kube_minor, minor);
            let tr = podlife_engine::simulate(&sc);
            out.push('\n');
            out.push_str(&render(&tr));
            out.push_str("\n--- status history\n");
            out.push_str(&status_history(&tr));
            check(&format!("minors/{case}"), &format!("1.{minor}"), &out);
        }
    }
}
