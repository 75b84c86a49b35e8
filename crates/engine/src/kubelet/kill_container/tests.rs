//! preStop and the grace period, end to end.

use podlife_spec::{Action, ActionKind, SimTime};
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::kubelet::container::{Containers, Instance};
use crate::kubelet::exec::Execs;
use crate::kubelet::pleg::Pleg;
use crate::runtime::{Memo, Runtime};
use crate::sim::recorder::Recorder;
use crate::testkit::checks::{one, s, times};
use crate::testkit::{run_fake, sleep_hook, FakeRuntime, Script};
use crate::views;

#[wasm_bindgen_test(unsupported = test)]
fn graceful_delete_with_long_prestop_a3_9_5() {
    let mut sc = one("del");
    sc.pod.spec.containers[0].lifecycle.pre_stop = Some(sleep_hook(40));
    sc.setup.actions.push(Action {
        at: s(20),
        kind: ActionKind::Delete {
            grace_period_seconds: None,
            force: false,
        },
    });
    let tr = run_fake(
        &sc,
        &[(
            "app",
            Script {
                ignore_sigterm: true,
                ..Default::default()
            },
        )],
    );
    assert_eq!(times(&tr, "Killing"), vec![20_000]);
    let sig: Vec<(String, u64)> = tr
        .marks
        .iter()
        .filter(|m| m.kind.starts_with("SIG"))
        .map(|m| (m.kind.to_string(), m.time.as_millis()))
        .collect();
    assert_eq!(
        sig,
        vec![("SIGTERM".into(), 50_000), ("SIGKILL".into(), 52_000)]
    );
    let terminating = tr
        .frames
        .iter()
        .find(|f| f.deletion_timestamp.is_some())
        .unwrap();
    assert_eq!(terminating.time, s(20));
    assert_eq!(terminating.kubectl.status, "Terminating");
    // deletionTimestamp is when the object will be gone: request + grace (§9.1); describe's
    // "lasts" counts from it, so it is `<invalid>` (negative) while the grace period runs.
    assert_eq!(terminating.deletion_timestamp, Some(s(50)));
    assert!(views::describe_pod(&tr, s(34))
        .contains("Status:                    Terminating (lasts <invalid>)\n"));
    assert!(views::describe_pod(&tr, s(52)).contains("Terminating (lasts 2s)\n"));
    let last = tr.frames.last().unwrap();
    assert!(!last.exists);
    assert_eq!(last.time, s(53));
    let before = &tr.frames[tr.frames.len() - 2];
    assert_eq!(before.phase, "Failed"); // §9.8: exit 137
    assert_eq!(
        views::get_pods(&tr, s(60)),
        "Error from server (NotFound): pods \"del\" not found\n"
    );
}

/// A container `app` with a running instance, and what a kill of it needs.
struct World {
    runtime: Memo<FakeRuntime>,
    recorder: Recorder,
    containers: Containers,
    execs: Execs,
    pleg: Pleg,
}

impl World {
    fn new() -> World {
        let sc = one("bound");
        let mut runtime = Memo::new(FakeRuntime::new(&[("app", Script::default())]));
        runtime.start(SimTime::ZERO, "app", 0).unwrap();
        let mut containers = Containers::new(&sc.pod);
        containers.slots[0].push_instance(Instance {
            id: 1,
            container_id: "containerd://1".into(),
            restart_count: 0,
            started_at: Some(SimTime::ZERO),
            exit: None,
            exit_seen: false,
        });
        World {
            runtime,
            recorder: Recorder::new(),
            containers,
            execs: Execs::new(),
            pleg: Pleg::new(),
        }
    }

    fn context(&mut self) -> KillContext<'_, FakeRuntime> {
        KillContext {
            now: s(1),
            runtime: &mut self.runtime,
            recorder: &mut self.recorder,
            containers: &mut self.containers,
            execs: &mut self.execs,
            pleg: &mut self.pleg,
        }
    }
}

/// The step bound of killContainer is reported when reached, not swallowed; a real kill
/// (Start → stop signal in one call) stays well within it.
#[wasm_bindgen_test(unsupported = test)]
fn kill_step_bound_is_reported() {
    let mut world = World::new();
    let mut op = KillOp::of(0, &world.containers.slots[0], 30_000, String::new()).unwrap();
    op.drive(false, &mut world.context());
    assert!(matches!(op.phase, KillPhase::Signalled { .. }));
    assert_eq!(world.recorder.capped(), None);

    let mut world = World::new();
    let mut op = KillOp::of(0, &world.containers.slots[0], 30_000, String::new()).unwrap();
    op.drive_within(false, &mut world.context(), 1);
    assert!(matches!(op.phase, KillPhase::SidecarWait { .. }));
    assert_eq!(
        world.recorder.capped(),
        Some("internal: kill step bound reached (killContainer) at t=1.000s")
    );
}

/// The termination-order passes report their bound too.
#[wasm_bindgen_test(unsupported = test)]
fn kill_pass_bound_is_reported() {
    let mut world = World::new();
    let mut ops = crate::kubelet::termination_order::kill_all(&world.containers, 30_000);
    let result = crate::kubelet::termination_order::drive_all(&mut ops, &mut world.context());
    assert_eq!(result, Err(Some(s(31)))); // SIGKILL due at the end of the grace period
    assert_eq!(world.recorder.capped(), None);

    let mut world = World::new();
    let mut ops = crate::kubelet::termination_order::kill_all(&world.containers, 30_000);
    let result =
        crate::kubelet::termination_order::drive_all_within(&mut ops, &mut world.context(), 1);
    assert_eq!(result, Err(Some(s(1))));
    assert_eq!(
        world.recorder.capped(),
        Some("internal: kill pass bound reached (termination order) at t=1.000s")
    );
}
