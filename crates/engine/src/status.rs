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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{container, scenario};
    use crate::trace::TerminatedState;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn st(name: &str, kind: &'static str, state: &'static str) -> ContainerStatus {
        ContainerStatus {
            name: name.into(),
            kind,
            state,
            reason: None,
            message: None,
            exit_code: None,
            started_at: None,
            finished_at: None,
            started: state == "running",
            ready: state == "running",
            restart_count: 0,
            last_state: None,
            image: "".into(),
            image_id: "".into(),
            container_id: "".into(),
        }
    }

    fn term(mut c: ContainerStatus, code: i32, reason: &str) -> ContainerStatus {
        c.state = "terminated";
        c.exit_code = Some(code);
        c.reason = Some(reason.into());
        c.ready = c.kind == "init" && code == 0;
        c.started = false;
        c
    }

    fn last(code: i32, at: u64) -> Option<TerminatedState> {
        Some(TerminatedState {
            state: "terminated",
            reason: Some(if code == 0 { "Completed" } else { "Error" }.into()),
            message: None,
            exit_code: code,
            started_at: None,
            finished_at: SimTime::from_secs(at),
            container_id: "".into(),
        })
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn phase_table_1_4() {
        let mut sc = scenario("p", vec![container("a", "x:1")]);
        let pod = &mut sc.pod;
        let running = [st("a", "regular", "running")];
        assert_eq!(get_phase(pod, &running, false), "Running");
        // Crash-looping container: waiting with a previous termination counts as stopped.
        let mut w = st("a", "regular", "waiting");
        w.last_state = last(1, 10);
        assert_eq!(get_phase(pod, &[w.clone()], false), "Running"); // Always
        pod.spec.restart_policy = RestartPolicy::Never;
        assert_eq!(
            get_phase(pod, &[term(st("a", "regular", "x"), 1, "Error")], false),
            "Failed"
        );
        assert_eq!(
            get_phase(pod, &[term(st("a", "regular", "x"), 0, "Completed")], false),
            "Succeeded"
        );
        pod.spec.restart_policy = RestartPolicy::OnFailure;
        assert_eq!(
            get_phase(pod, &[term(st("a", "regular", "x"), 1, "Error")], false),
            "Running"
        );
        assert_eq!(
            get_phase(pod, &[term(st("a", "regular", "x"), 0, "Completed")], false),
            "Succeeded"
        );
        // Terminal path: Always + exit 143 → Failed (§1.9, §9.8).
        pod.spec.restart_policy = RestartPolicy::Always;
        assert_eq!(
            get_phase(pod, &[term(st("a", "regular", "x"), 143, "Error")], true),
            "Failed"
        );
        // First-time waiting (ContainerCreating) → Pending (§1.5).
        assert_eq!(
            get_phase(pod, &[st("a", "regular", "waiting")], false),
            "Pending"
        );
        // Init container failed with Never → Failed; pending init → Pending.
        pod.spec.restart_policy = RestartPolicy::Never;
        let init_failed = [
            term(st("i", "init", "x"), 1, "Error"),
            st("a", "regular", "waiting"),
        ];
        assert_eq!(get_phase(pod, &init_failed, false), "Failed");
        let init_running = [st("i", "init", "running"), st("a", "regular", "waiting")];
        assert_eq!(get_phase(pod, &init_running, false), "Pending");
        // Sidecar still running after the main container succeeded: Running (§1.10).
        let job = [
            st("s", "sidecar", "running"),
            term(st("a", "regular", "x"), 0, "Completed"),
        ];
        assert_eq!(get_phase(pod, &job, false), "Running");
    }

    fn row(statuses: &[ContainerStatus], n_init: usize, total: usize) -> (String, String) {
        let r = kubectl_row(
            "Pending",
            None,
            false,
            false,
            false,
            statuses,
            (n_init, total),
        );
        (r.ready, r.status)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn kubectl_status_column_4_3_4_4() {
        let mut w = st("i", "init", "waiting");
        w.reason = Some("PodInitializing".into());
        assert_eq!(
            row(&[w.clone(), st("a", "regular", "waiting")], 2, 1).1,
            "Init:0/2"
        );
        w.reason = Some("CrashLoopBackOff".into());
        assert_eq!(
            row(&[w.clone(), st("a", "regular", "waiting")], 1, 1).1,
            "Init:CrashLoopBackOff"
        );
        let failed = term(st("i", "init", "x"), 1, "Error");
        assert_eq!(
            row(&[failed, st("a", "regular", "waiting")], 1, 1).1,
            "Init:Error"
        );
        let mut unnamed = term(st("i", "init", "x"), 2, "");
        unnamed.reason = Some("".into());
        assert_eq!(
            row(&[unnamed, st("a", "regular", "waiting")], 1, 1).1,
            "Init:ExitCode:2"
        );
        // A started sidecar is skipped and counts toward READY.
        let side = st("s", "sidecar", "running");
        let mut reg = st("a", "regular", "waiting");
        reg.reason = Some("PodInitializing".into());
        assert_eq!(
            row(
                &[term(st("i", "init", "x"), 0, "Completed"), side, reg],
                2,
                2
            ),
            ("1/2".into(), "PodInitializing".into())
        );
        // The alphabetically first container with a reason wins (walk from last to first).
        let mut b = st("b", "regular", "waiting");
        b.reason = Some("CrashLoopBackOff".into());
        let a = term(st("a", "regular", "x"), 1, "Error");
        assert_eq!(row(&[a, b], 0, 2).1, "Error");
        // Completed with a ready running container → Running if Ready, else NotReady.
        let done = term(st("a", "regular", "x"), 0, "Completed");
        let up = st("b", "regular", "running");
        let r = kubectl_row(
            "Running",
            None,
            false,
            true,
            true,
            &[done.clone(), up.clone()],
            (0, 2),
        );
        assert_eq!(r.status, "Running");
        let r = kubectl_row("Running", None, false, true, false, &[done, up], (0, 2));
        assert_eq!(r.status, "NotReady");
        // Terminating (§4.6) and a pod reason (§4.2).
        let r = kubectl_row(
            "Running",
            None,
            true,
            true,
            true,
            &[st("a", "regular", "running")],
            (0, 1),
        );
        assert_eq!(r.status, "Terminating");
        let r = kubectl_row(
            "Failed",
            Some("DeadlineExceeded"),
            false,
            true,
            false,
            &[st("a", "regular", "running")],
            (0, 1),
        );
        assert_eq!(r.status, "DeadlineExceeded");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn restarts_column_4_7() {
        let mut a = st("a", "regular", "running");
        a.restart_count = 3;
        a.last_state = last(137, 40);
        let mut b = st("b", "regular", "running");
        b.restart_count = 1;
        b.last_state = last(1, 90);
        let r = kubectl_row("Running", None, false, true, true, &[a, b], (0, 2));
        assert_eq!(r.restarts, 4);
        assert_eq!(r.last_restart_finished_at, Some(SimTime::from_secs(90)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn qos_11_2() {
        let mut sc = scenario("q", vec![container("a", "x:1")]);
        assert_eq!(qos_class(&sc.pod), "BestEffort");
        let q = |s: &str| podlife_spec::parse_quantity(s).unwrap();
        let r = &mut sc.pod.spec.containers[0].resources;
        r.requests.insert("memory".into(), q("64Mi"));
        assert_eq!(qos_class(&sc.pod), "Burstable");
        let r = &mut sc.pod.spec.containers[0].resources;
        for (k, v) in [("cpu", "500m"), ("memory", "64Mi")] {
            r.limits.insert(k.into(), q(v));
            r.requests.insert(k.into(), q(v));
        }
        assert_eq!(qos_class(&sc.pod), "Guaranteed");
    }
}
