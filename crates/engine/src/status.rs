//! Pure status rules: pod phase (§1), conditions (§2), QoS (§11.2) and the `kubectl get`
//! row (§4), all computed from API container statuses.

use podlife_spec::{Pod, RestartPolicy, SimTime};

use crate::trace::{ContainerStatus, KubectlRow};

/// getPhase (§1.4). `statuses` holds init statuses (spec order) then regular statuses.
/// `is_sidecar(name)` tells restartable init containers apart.
pub fn get_phase(pod: &Pod, statuses: &[ContainerStatus], pod_is_terminal: bool) -> &'static str {
    let policy = pod.spec.restart_policy;
    let mut pending_init = 0;
    let mut failed_init = 0;
    let mut pending_sidecar = 0;
    let mut running = 0;
    let mut stopped = 0;
    let mut succeeded = 0;
    let mut waiting = 0;
    let mut has_initialized = false;
    for c in statuses {
        let last_exit = c.last_state.as_ref().map(|l| l.exit_code);
        match c.kind {
            "init" => {
                // §1.1
                let failed = (c.state == "terminated" && c.exit_code.unwrap_or(0) != 0)
                    || (c.state == "waiting" && last_exit.is_some_and(|e| e != 0));
                let done = c.state == "terminated" && c.exit_code == Some(0);
                if failed {
                    failed_init += 1;
                } else if !done {
                    pending_init += 1;
                }
            }
            "sidecar" => match c.state {
                // §1.2
                "running" => {
                    if !c.started {
                        pending_sidecar += 1;
                    }
                    running += 1;
                }
                "terminated" => {}
                _ => {
                    if last_exit.is_none() {
                        pending_sidecar += 1;
                        waiting += 1;
                    }
                }
            },
            _ => {
                // §1.3
                match c.state {
                    "running" => {
                        running += 1;
                        has_initialized = true;
                    }
                    "terminated" => {
                        stopped += 1;
                        has_initialized = true;
                        if c.exit_code == Some(0) {
                            succeeded += 1;
                        }
                    }
                    _ => {
                        if let Some(e) = last_exit {
                            stopped += 1;
                            has_initialized = true;
                            if e == 0 {
                                succeeded += 1;
                            }
                        } else {
                            waiting += 1;
                        }
                    }
                }
            }
        }
    }
    if failed_init > 0 && policy == RestartPolicy::Never {
        return "Failed";
    }
    if pending_init > 0 || (pending_sidecar > 0 && !has_initialized) {
        return "Pending";
    }
    if waiting > 0 {
        return "Pending";
    }
    if running > 0 {
        return "Running";
    }
    if stopped > 0 {
        if pod_is_terminal {
            return if succeeded == stopped {
                "Succeeded"
            } else {
                "Failed"
            };
        }
        return match policy {
            RestartPolicy::Always => "Running",
            RestartPolicy::OnFailure => {
                if succeeded == stopped {
                    "Succeeded"
                } else {
                    "Running"
                }
            }
            RestartPolicy::Never => {
                if succeeded == stopped {
                    "Succeeded"
                } else {
                    "Failed"
                }
            }
        };
    }
    "Pending"
}

pub fn is_terminal(phase: &str) -> bool {
    phase == "Succeeded" || phase == "Failed"
}

/// QoS class (§11.2).
pub fn qos_class(pod: &Pod) -> &'static str {
    let all: Vec<_> = pod
        .spec
        .init_containers
        .iter()
        .chain(pod.spec.containers.iter())
        .collect();
    let positive = |q: Option<i128>| q.is_some_and(|v| v > 0);
    let any = all.iter().any(|c| {
        ["cpu", "memory"]
            .iter()
            .any(|r| positive(c.resources.request_milli(r)) || positive(c.resources.limit_milli(r)))
    });
    if !any {
        return "BestEffort";
    }
    let all_limits = all.iter().all(|c| {
        positive(c.resources.limit_milli("cpu")) && positive(c.resources.limit_milli("memory"))
    });
    if all_limits {
        let eq = ["cpu", "memory"].iter().all(|r| {
            let req: i128 = all
                .iter()
                .map(|c| c.resources.request_milli(r).unwrap_or(0))
                .sum();
            let lim: i128 = all
                .iter()
                .map(|c| c.resources.limit_milli(r).unwrap_or(0))
                .sum();
            req == lim
        });
        if eq {
            return "Guaranteed";
        }
    }
    "Burstable"
}

/// printPod (§4.1–4.7): the time-independent columns.
pub fn kubectl_row(
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
    let inits: Vec<&ContainerStatus> = statuses.iter().filter(|c| c.kind != "regular").collect();
    for (i, c) in inits.iter().enumerate() {
        restarts += c.restart_count;
        if let Some(l) = &c.last_state {
            if last.is_none_or(|x| x < l.finished_at) {
                last = Some(l.finished_at);
            }
        }
        if c.kind == "sidecar" {
            side_restarts += c.restart_count;
            if let Some(l) = &c.last_state {
                if side_last.is_none_or(|x| x < l.finished_at) {
                    side_last = Some(l.finished_at);
                }
            }
        }
        if c.state == "terminated" && c.exit_code == Some(0) {
            continue;
        }
        if c.kind == "sidecar" && c.started {
            if c.ready {
                ready += 1;
            }
            continue;
        }
        if c.state == "terminated" {
            reason = match &c.reason {
                Some(r) if !r.is_empty() => format!("Init:{r}"),
                _ => format!("Init:ExitCode:{}", c.exit_code.unwrap_or(0)),
            };
        } else if c.state == "waiting"
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
        let regs: Vec<&ContainerStatus> = statuses.iter().filter(|c| c.kind == "regular").collect();
        for c in regs.iter().rev() {
            restarts += c.restart_count;
            if let Some(l) = &c.last_state {
                if last.is_none_or(|x| x < l.finished_at) {
                    last = Some(l.finished_at);
                }
            }
            let r = c.reason.as_deref().unwrap_or("");
            if (c.state == "waiting" || c.state == "terminated") && !r.is_empty() {
                reason = r.to_string();
            } else if c.state == "terminated" {
                reason = format!("ExitCode:{}", c.exit_code.unwrap_or(0));
            } else if c.ready && c.state == "running" {
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
    } else if deleting && !is_terminal(phase) {
        reason = "Terminating".to_string();
    }
    KubectlRow {
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts,
        last_restart_finished_at: if restarts > 0 { last } else { None },
    }
}
