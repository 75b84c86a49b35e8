//! Property tests (issue 4 item 7): random pods × random action sequences over the scripted
//! runtime. Invariants: identical trace twice; time monotonic; terminal phases sticky;
//! Ready ⇒ ContainersReady ⇒ every counted container ready; restartCount never decreases;
//! everything within the horizon and the caps.

use podlife_engine::testkit::{self, Script};
use podlife_engine::Trace;
use podlife_spec::{Action, ActionKind, PullPolicy, RestartPolicy, SimTime};
use proptest::prelude::*;

/// (exit after ms, exit code, ignore SIGTERM, probe fails after ms, probe ok after ms, unused)
type ScriptGen = (Option<u64>, i32, bool, Option<u64>, Option<u64>, bool);

#[derive(Clone, Debug)]
struct Case {
    n_init: usize,
    n_side: usize,
    n_reg: usize,
    policy: u8,
    probes: Vec<(bool, bool, bool, i32, i32)>,
    scripts: Vec<ScriptGen>,
    actions: Vec<(u64, u8)>,
    grace: i64,
    deadline: Option<i64>,
    missing: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        0usize..3,
        0usize..2,
        1usize..4,
        0u8..3,
        prop::collection::vec(
            (
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                0i32..10,
                1i32..10,
            ),
            6,
        ),
        prop::collection::vec(
            (
                prop::option::of(0u64..120_000),
                0i32..3,
                any::<bool>(),
                prop::option::of(0u64..90_000),
                prop::option::of(0u64..60_000),
                any::<bool>(),
            ),
            6,
        ),
        prop::collection::vec((0u64..600, 0u8..6), 0..4),
        0i64..40,
        prop::option::of(1i64..400),
        any::<bool>(),
    )
        .prop_map(
            |(
                n_init,
                n_side,
                n_reg,
                policy,
                probes,
                scripts,
                actions,
                grace,
                deadline,
                missing,
            )| Case {
                n_init,
                n_side,
                n_reg,
                policy,
                probes,
                scripts,
                actions,
                grace,
                deadline,
                missing,
            },
        )
}

fn build(c: &Case) -> (podlife_spec::Scenario, Vec<(String, Script)>) {
    let mut inits = Vec::new();
    let mut regs = Vec::new();
    let mut scripts = Vec::new();
    let mut k = 0;
    let mut mk = |name: String, kind: u8, k: &mut usize| {
        let mut ct = testkit::container(&name, "busybox:1.36");
        ct.image_pull_policy = PullPolicy::IfNotPresent;
        let (l, r, s, d, p) = c.probes[*k % c.probes.len()];
        if kind != 0 {
            if l {
                ct.liveness_probe = Some(testkit::exec_probe(&["true"], d, p));
            }
            if r {
                ct.readiness_probe = Some(testkit::exec_probe(&["true"], d, p));
            }
            if s {
                ct.startup_probe = Some(testkit::exec_probe(&["true"], d, p));
            }
        }
        let (exit, code, ign, fail, ok, _) = c.scripts[*k % c.scripts.len()];
        let exit = if kind == 0 {
            Some(exit.unwrap_or(3000))
        } else {
            exit
        };
        scripts.push((
            name.clone(),
            Script {
                exit_after_ms: exit,
                exit_code: code,
                ignore_sigterm: ign,
                probe_fail_after_ms: fail,
                probe_ok_after_ms: ok,
                ..Default::default()
            },
        ));
        *k += 1;
        ct
    };
    for i in 0..c.n_init {
        inits.push(mk(format!("init{i}"), 0, &mut k));
    }
    for i in 0..c.n_side {
        inits.push(testkit::sidecar(mk(format!("side{i}"), 1, &mut k)));
    }
    for i in 0..c.n_reg {
        regs.push(mk(format!("app{i}"), 2, &mut k));
    }
    let mut sc = testkit::scenario("prop", regs);
    sc.pod.spec.init_containers = inits;
    sc.pod.spec.restart_policy = [
        RestartPolicy::Always,
        RestartPolicy::OnFailure,
        RestartPolicy::Never,
    ][c.policy as usize % 3];
    sc.pod.spec.termination_grace_period_seconds = c.grace;
    sc.pod.spec.active_deadline_seconds = c.deadline;
    if !c.missing {
        sc.setup.nodes[0].images.push("busybox:1.36".into());
    }
    sc.setup.until = SimTime::from_secs(900);
    let mut acts: Vec<Action> = c
        .actions
        .iter()
        .map(|(t, kind)| Action {
            at: SimTime::from_secs(*t),
            kind: match kind {
                0 => ActionKind::Delete {
                    grace_period_seconds: None,
                    force: false,
                },
                1 => ActionKind::Delete {
                    grace_period_seconds: Some(5),
                    force: false,
                },
                2 => ActionKind::Delete {
                    grace_period_seconds: None,
                    force: true,
                },
                3 => ActionKind::NodeDown,
                4 => ActionKind::NodeUp,
                _ => ActionKind::Exec {
                    container: None,
                    command: vec!["true".into()],
                },
            },
        })
        .collect();
    acts.sort_by_key(|a| a.at);
    sc.setup.actions = acts;
    (sc, scripts)
}

fn run(sc: &podlife_spec::Scenario, scripts: &[(String, Script)]) -> Trace {
    let s: Vec<(&str, Script)> = scripts
        .iter()
        .map(|(n, s)| (n.as_str(), s.clone()))
        .collect();
    testkit::run_fake(sc, &s)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn invariants(c in case()) {
        let (sc, scripts) = build(&c);
        let tr = run(&sc, &scripts);
        // Identical trace twice, and the same without the tick-parking optimisation.
        let again = run(&sc, &scripts);
        prop_assert_eq!(tr.to_json(), again.to_json());
        let s: Vec<(&str, Script)> = scripts.iter().map(|(n, s)| (n.as_str(), s.clone())).collect();
        let mut slow = podlife_engine::Sim::with_runtime(&sc, testkit::FakeRuntime::new(&s));
        slow.disable_parking();
        prop_assert_eq!(tr.to_json(), podlife_engine::drive(slow).to_json());
        // Time monotonic and within the horizon.
        prop_assert!(tr.events.windows(2).all(|w| w[0].time <= w[1].time));
        prop_assert!(tr.frames.windows(2).all(|w| w[0].time <= w[1].time));
        prop_assert!(tr.events.iter().all(|e| e.time <= tr.until));
        prop_assert!(tr.frames.iter().all(|f| f.time <= tr.until));
        prop_assert!(tr.events.len() <= podlife_engine::MAX_EVENTS);
        prop_assert!(tr.capped.is_none(), "capped: {:?}", tr.capped);
        let mut terminal: Option<String> = None;
        let mut restarts: std::collections::BTreeMap<String, u32> = Default::default();
        let mut gone = false;
        for f in &tr.frames {
            prop_assert!(!gone, "frame after the object was removed");
            if !f.exists { gone = true; continue; }
            // Terminal phases are sticky (§1.6).
            if let Some(p) = &terminal {
                prop_assert_eq!(&f.phase, p);
            }
            if f.phase == "Succeeded" || f.phase == "Failed" {
                terminal = Some(f.phase.to_string());
            }
            // Ready ⇒ ContainersReady ⇒ all counted containers ready (§2.4, §2.5).
            let cond = |t: &str| f.conditions.iter().any(|c| c.type_ == t && c.status == "True");
            if cond("Ready") {
                prop_assert!(cond("ContainersReady"));
            }
            if cond("ContainersReady") {
                prop_assert!(f.containers.iter().filter(|c| c.kind != "init").all(|c| c.ready));
            }
            // restartCount never decreases.
            for c in &f.containers {
                let prev = restarts.insert(c.name.to_string(), c.restart_count).unwrap_or(0);
                prop_assert!(c.restart_count >= prev, "{} restartCount {} < {}", c.name, c.restart_count, prev);
            }
        }
    }
}

/// Seed examples through the front end and the real runtime model, with random user actions:
/// no panic, no cap, deterministic, time monotonic, terminal phases sticky.
fn seed_scenarios() -> Vec<podlife_spec::Scenario> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .filter_map(|t| {
            let l = podlife_manifest::load(&t);
            if l.has_errors() {
                None
            } else {
                l.scenario
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn seeds_with_random_actions(pick in 0usize..64, acts in prop::collection::vec((0u64..300, 0u8..6), 0..4)) {
        let seeds = seed_scenarios();
        prop_assume!(!seeds.is_empty());
        let mut sc = seeds[pick % seeds.len()].clone();
        sc.setup.until = SimTime::from_secs(360);
        let first = sc.pod.spec.containers.first().map(|c| c.name.clone());
        let mut extra: Vec<Action> = acts
            .iter()
            .map(|(t, k)| Action {
                at: SimTime::from_secs(*t),
                kind: match k {
                    0 => ActionKind::Delete { grace_period_seconds: None, force: false },
                    1 => ActionKind::Delete { grace_period_seconds: Some(0), force: true },
                    2 => ActionKind::NodeDown,
                    3 => ActionKind::NodeUp,
                    4 => ActionKind::Exec { container: first.clone(), command: vec!["rm".into(), "-f".into(), "/tmp/healthy".into()] },
                    _ => ActionKind::Exec { container: first.clone(), command: vec!["kill".into(), "1".into()] },
                },
            })
            .collect();
        sc.setup.actions.append(&mut extra);
        sc.setup.actions.sort_by_key(|a| a.at);
        let a = podlife_engine::simulate(&sc);
        let b = podlife_engine::simulate(&sc);
        prop_assert_eq!(a.to_json(), b.to_json());
        prop_assert!(a.capped.is_none(), "capped: {:?}", a.capped);
        prop_assert!(a.events.windows(2).all(|w| w[0].time <= w[1].time));
        prop_assert!(a.frames.windows(2).all(|w| w[0].time <= w[1].time));
        let mut terminal: Option<&str> = None;
        for f in a.frames.iter().filter(|f| f.exists) {
            if let Some(p) = terminal {
                prop_assert_eq!(f.phase, p);
            }
            if f.phase == "Succeeded" || f.phase == "Failed" {
                terminal = Some(f.phase);
            }
        }
        // The views render at any instant without panicking.
        for t in [0u64, 30, 200, 360] {
            let t = SimTime::from_secs(t);
            let _ = podlife_engine::views::describe_pod(&a, t);
            let _ = podlife_engine::views::pod_yaml(&a, t);
            let _ = podlife_engine::views::get_pods_watch(&a, t);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Extreme numbers anywhere (negative, huge) never panic, never hang.
    #[test]
    fn extreme_numbers_never_panic(
        grace in any::<i64>(),
        deadline in prop::option::of(any::<i64>()),
        delay in any::<i32>(),
        period in any::<i32>(),
        timeout in any::<i32>(),
        thresholds in (any::<i32>(), any::<i32>()),
        probe_grace in prop::option::of(any::<i64>()),
        del in prop::option::of((0u64..100_000, any::<i64>(), any::<bool>())),
        until_s in 0u64..200_000,
        pull_ms in 0u64..u64::MAX,
    ) {
        let mut c = testkit::container("app", "busybox:1.36");
        let mut p = testkit::exec_probe(&["x"], delay, period);
        p.timeout_seconds = timeout;
        p.success_threshold = thresholds.0;
        p.failure_threshold = thresholds.1;
        p.termination_grace_period_seconds = probe_grace;
        c.liveness_probe = Some(p.clone());
        c.readiness_probe = Some(p.clone());
        c.startup_probe = Some(p);
        let mut sc = testkit::scenario("wild", vec![c]);
        sc.pod.spec.termination_grace_period_seconds = grace;
        sc.pod.spec.active_deadline_seconds = deadline;
        sc.setup.until = SimTime::from_millis(until_s.saturating_mul(1000));
        sc.setup.registry.pull = SimTime::from_millis(pull_ms);
        if let Some((at, g, force)) = del {
            sc.setup.actions.push(Action {
                at: SimTime::from_millis(at.saturating_mul(1000)),
                kind: ActionKind::Delete { grace_period_seconds: Some(g), force },
            });
        }
        let tr = testkit::run_fake(&sc, &[("app", Script { exit_after_ms: Some(7_000), exit_code: 1, ..Default::default() })]);
        prop_assert!(tr.until <= SimTime::from_secs(24 * 3600));
        prop_assert!(tr.events.iter().all(|e| e.time <= tr.until));
    }
}
