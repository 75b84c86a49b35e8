//! Killing several containers at once (kuberuntime_termination_order.go, rules §7.11, §9.3):
//! main containers first; each sidecar gets its stop signal only once every main container
//! and every *later* sidecar has terminated — so sidecars stop in reverse spec order — waiting
//! at most for what is left of its grace period. A sidecar's preStop runs at once.

use podlife_spec::{ContainerKind, SimTime};

use crate::kubelet::container::Containers;
use crate::kubelet::kill_container::{KillContext, KillOp};
use crate::runtime::Runtime;

/// Kills for every running container (the pod is killed or terminating), in the order the
/// kubelet starts them: regular containers, then init containers; sidecars ordered.
pub(crate) fn kill_all(containers: &Containers, grace_ms: u64) -> Vec<KillOp> {
    let init_count = containers.init_count;
    let mut ops = Vec::new();
    for index in (init_count..containers.len()).chain(0..init_count) {
        let slot = &containers.slots[index];
        if let Some(mut op) = KillOp::of(index, slot, grace_ms, String::new()) {
            op.sidecar_ordering = slot.kind == ContainerKind::Sidecar;
            ops.push(op);
        }
    }
    ops
}

/// Whether the sidecar `ops[i]` must still wait for a main container or a later sidecar.
fn must_wait(containers: &Containers, ops: &[KillOp], i: usize) -> bool {
    if !ops[i].sidecar_ordering {
        return false;
    }
    let me = ops[i].container;
    ops.iter().any(|o| {
        let kind = containers.slots[o.container].kind;
        o.container != me
            && !o.is_done()
            && (kind == ContainerKind::Regular
                || (kind == ContainerKind::Sidecar && o.container > me))
    })
}

/// Drives every kill until none changes phase at `context.now` (one finishing can release a
/// sidecar). `Ok` when all are done, else the next wake-up (if any). Each pass but the last
/// moves some kill to a later phase, and a kill has four phase changes, so four passes per
/// kill and a last one to settle always suffice; running out is reported.
pub(crate) fn drive_all<R: Runtime>(
    ops: &mut [KillOp],
    context: &mut KillContext<'_, R>,
) -> Result<(), Option<SimTime>> {
    let passes = 4 * ops.len() + 1;
    drive_all_within(ops, context, passes)
}

/// [`drive_all`] with at most `max_passes` passes.
pub(crate) fn drive_all_within<R: Runtime>(
    ops: &mut [KillOp],
    context: &mut KillContext<'_, R>,
    max_passes: usize,
) -> Result<(), Option<SimTime>> {
    let mut wake: Option<SimTime> = None;
    let mut settled = false;
    for _ in 0..max_passes {
        wake = None;
        let mut progressed = false;
        for i in 0..ops.len() {
            let before = std::mem::discriminant(&ops[i].phase);
            let wait = must_wait(context.containers, ops, i);
            let next = ops[i].drive(wait, context);
            if std::mem::discriminant(&ops[i].phase) != before {
                progressed = true;
            }
            if !ops[i].is_done() {
                if let Some(next) = next {
                    wake = Some(wake.map_or(next, |w: SimTime| w.min(next)));
                }
            }
        }
        if !progressed {
            settled = true;
            break;
        }
    }
    if !settled {
        context.recorder.cap(
            context.now,
            "internal: kill pass bound reached (termination order)",
        );
    }
    if ops.iter().all(KillOp::is_done) {
        Ok(())
    } else {
        Err(wake)
    }
}

#[cfg(test)]
mod tests;
