//! The time-independent columns of `kubectl get pods` (the server-side printer's printPod,
//! pkg/printers/internalversion/printers.go, rules §4.1–4.7), computed into every frame.

use podlife_spec::{ContainerKind, SimTime};

use crate::kubelet::container::{kind_of, ContainerState};
use crate::kubelet::phase::PodPhase;
use crate::trace::{ContainerStatus, KubectlRow};

/// printPod (§4.1–4.7): the time-independent columns.
pub(crate) fn kubectl_row(
    phase: &str,
    pod_reason: Option<&str>,
    deleting: bool,
    initialized_true: bool,
    ready_true: bool,
    statuses: &[ContainerStatus],
    // (number of init containers incl. sidecars, READY's total = regular + sidecars) from the spec
    (n_init_spec, total): (usize, usize),
) -> KubectlRow {
    let mut ready = 0;
    let mut reason = pod_reason.unwrap_or(phase).to_string();
    let mut restarts: u32 = 0;
    let mut last: Option<SimTime> = None;
    let mut side_restarts: u32 = 0;
    let mut side_last: Option<SimTime> = None;
    let mut initializing = false;
    let inits: Vec<&ContainerStatus> = statuses
        .iter()
        .filter(|c| kind_of(c) != ContainerKind::Regular)
        .collect();
    for (i, c) in inits.iter().enumerate() {
        restarts += c.restart_count;
        if let Some(l) = &c.last_state {
            if last.is_none_or(|x| x < l.finished_at) {
                last = Some(l.finished_at);
            }
        }
        let sidecar = kind_of(c) == ContainerKind::Sidecar;
        let state = ContainerState::of(c);
        if sidecar {
            side_restarts += c.restart_count;
            if let Some(l) = &c.last_state {
                if side_last.is_none_or(|x| x < l.finished_at) {
                    side_last = Some(l.finished_at);
                }
            }
        }
        if state == ContainerState::Terminated && c.exit_code == Some(0) {
            continue;
        }
        if sidecar && c.started {
            if c.ready {
                ready += 1;
            }
            continue;
        }
        if state == ContainerState::Terminated {
            reason = match &c.reason {
                Some(r) if !r.is_empty() => format!("Init:{r}"),
                _ => format!("Init:ExitCode:{}", c.exit_code.unwrap_or(0)),
            };
        } else if state == ContainerState::Waiting
            && c.reason
                .as_deref()
                .is_some_and(|r| !r.is_empty() && r != "PodInitializing")
        {
            reason = format!("Init:{}", c.reason.as_deref().unwrap_or(""));
        } else {
            reason = format!("Init:{i}/{n_init_spec}");
        }
        initializing = true;
        break;
    }
    if !initializing || initialized_true {
        restarts = side_restarts;
        last = side_last;
        let mut has_running = false;
        let regs: Vec<&ContainerStatus> = statuses
            .iter()
            .filter(|c| kind_of(c) == ContainerKind::Regular)
            .collect();
        for c in regs.iter().rev() {
            restarts += c.restart_count;
            if let Some(l) = &c.last_state {
                if last.is_none_or(|x| x < l.finished_at) {
                    last = Some(l.finished_at);
                }
            }
            let r = c.reason.as_deref().unwrap_or("");
            let state = ContainerState::of(c);
            if state != ContainerState::Running && !r.is_empty() {
                reason = r.to_string();
            } else if state == ContainerState::Terminated {
                reason = format!("ExitCode:{}", c.exit_code.unwrap_or(0));
            } else if c.ready && state == ContainerState::Running {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if ready_true { "Running" } else { "NotReady" }.to_string();
        }
    }
    if deleting && pod_reason == Some("NodeLost") {
        reason = "Unknown".to_string();
    } else if deleting && !PodPhase::from_api(phase).is_terminal() {
        reason = "Terminating".to_string();
    }
    KubectlRow {
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts,
        last_restart_finished_at: if restarts > 0 { last } else { None },
    }
}

#[cfg(test)]
mod tests;
