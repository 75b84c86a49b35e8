//! What a probe finds in the model, as the kubelet's prober asks it: the result of an exec in a
//! container (CRI ExecSync with a timeout; read-only commands are cached while nothing in the
//! container can have changed), the answer to an HTTP GET from the node, whether a TCP connect
//! from the node opens, and what a gRPC health check reaches. What the kubelet makes of them
//! (success or failure, its texts, the output cap, redirects) is the engine's prober.

use podlife_spec::{ProbeHandler, SimTime};

use crate::api::{ExecResult, GrpcAnswer, HttpAnswer, RuntimeEvent};
use crate::kernel::fs;
use crate::kernel::images;
use crate::kernel::process;
use crate::{PodRuntime, PROBE_SESSION_BASE};

impl PodRuntime {
    /// Whether the pod spec has this container.
    pub fn has_container(&self, container: &str) -> bool {
        self.container_index(container).is_some()
    }

    /// The pod's IP (what the kubelet's probes and hooks dial by default).
    pub fn pod_ip(&self) -> &str {
        &self.pod.pod_ip
    }

    /// The Kubernetes minor of the kubelet the model stands for (`kube-probe/1.<minor>`).
    pub fn kube_minor(&self) -> u32 {
        self.pod.kube_minor
    }

    /// Runs `command` in the container at `now` on its own local clock until it ends or
    /// `timeout` passes (then its processes are killed).
    pub fn exec_sync(
        &mut self,
        now: SimTime,
        container: &str,
        command: &[String],
        timeout: SimTime,
    ) -> ExecResult {
        let Some(container_index) = self.container_index(container) else {
            return ExecResult::Failed(format!("container {container:?} not found"));
        };
        let out = self.exec_cached(now, container_index, command, timeout);
        self.fix_log_order();
        out
    }

    /// One `GET path` from the node to `host:port` (`Host: host:port`, with `user_agent`),
    /// answered by the server that listens. The node reaches the pod only at its IP: any other
    /// host (`localhost` is the node itself) refuses.
    pub fn http_get_from_node(
        &mut self,
        now: SimTime,
        host: &str,
        port: u16,
        path: &str,
        user_agent: &str,
    ) -> HttpAnswer {
        if host != self.pod.pod_ip {
            return HttpAnswer::Refused;
        }
        let host_header = format!("{host}:{port}");
        let answer = self.pod.http_get(port, path, &host_header, now, user_agent);
        self.fix_log_order();
        answer
    }

    /// Whether a TCP connection from the node to `host:port` opens at `now`.
    pub fn tcp_connect_from_node(&self, now: SimTime, host: &str, port: u16) -> bool {
        host == self.pod.pod_ip && self.pod.listener(port, now).is_some()
    }

    /// What a gRPC health check from the node to the pod's `port` reaches at `now`.
    pub fn grpc_health_from_node(&self, now: SimTime, port: u16) -> GrpcAnswer {
        // A server "declares" gRPC health when it is the fallback server or its
        // containerPort is named like `grpc`.
        let declared = |container_index: usize| {
            self.pod.containers[container_index]
                .spec
                .ports
                .iter()
                .any(|p| {
                    p.container_port == port
                        && p.name.as_deref().is_some_and(|n| n.contains("grpc"))
                })
        };
        match self.pod.listener(port, now) {
            Some((container_index, _, d))
                if d == images::Daemon::Generic || declared(container_index) =>
            {
                GrpcAnswer::Serving
            }
            Some(_) => GrpcAnswer::NotGrpc,
            None => GrpcAnswer::NoListener,
        }
    }

    /// Whether a probe with `handler` would give the same outcome, with no side effect, at
    /// every later instant until this runtime's state next changes (a call that mutates it or
    /// its next wakeup). True only for read-only exec probes whose cached result is current;
    /// HTTP and TCP answers can depend on time alone (e.g. a server that fails after 10 s).
    /// Changes whenever anything in `container` (files, processes, mounted volumes) may have.
    pub fn probe_token(&self, container: &str) -> u128 {
        self.container_index(container)
            .map_or(u128::MAX, |container_index| {
                let (g, v) = self.pod.probe_generation(container_index);
                u128::from(g) << 64 | u128::from(v)
            })
    }

    /// Changes whenever [`PodRuntime::probe_token`] of any container may have: while it stays
    /// the same, every token is the same (the engine then skips asking container by container).
    pub fn probe_epoch(&self) -> u64 {
        self.pod.epoch
    }

    pub fn probe_settled(&self, container: &str, handler: &ProbeHandler) -> bool {
        let (Some(container_index), ProbeHandler::Exec { command }) =
            (self.container_index(container), handler)
        else {
            return false;
        };
        let generations = self.pod.probe_generation(container_index);
        self.probe_cache
            .iter()
            .any(|e| e.0 == container_index && e.1.as_slice() == command && e.2 == generations)
    }

    fn exec_cached(
        &mut self,
        now: SimTime,
        container_index: usize,
        command: &[String],
        timeout: SimTime,
    ) -> ExecResult {
        // Read-only commands give the same answer until something in the pod runs again.
        // Only such commands are ever cached, so a hit needs no purity check.
        let hit = self
            .probe_cache
            .iter()
            .position(|e| e.0 == container_index && e.1.as_slice() == command);
        if let Some(i) = hit {
            let e = &self.probe_cache[i];
            if e.2 == self.pod.probe_generation(container_index) {
                return e.3.clone();
            }
        }
        const PURE: [&str; 8] = ["cat", "test", "[", "ls", "true", "false", "head", "stat"];
        let pure = command
            .first()
            .is_some_and(|c| PURE.contains(&fs::basename(c)));
        let out = self.exec_run(now, container_index, command, timeout);
        // Only what took no simulated time is cached.
        let instant = match &out {
            ExecResult::Exited { took, .. } => *took == SimTime::ZERO,
            ExecResult::TimedOut => timeout == SimTime::ZERO,
            ExecResult::Failed(_) => true,
        };
        if pure && instant {
            let entry = (
                container_index,
                command.to_vec(),
                self.pod.probe_generation(container_index),
                out.clone(),
            );
            match hit {
                Some(i) => self.probe_cache[i] = entry,
                None => {
                    if self.probe_cache.len() > 256 {
                        self.probe_cache.clear();
                    }
                    self.probe_cache.push(entry);
                }
            }
        }
        out
    }

    fn exec_run(
        &mut self,
        now: SimTime,
        container_index: usize,
        command: &[String],
        timeout: SimTime,
    ) -> ExecResult {
        if !self.pod.instance(container_index).is_some_and(|i| i.alive) {
            return ExecResult::Failed("rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state".into());
        }
        let session_id = PROBE_SESSION_BASE + self.pod.next_exec_id % 0x0FFF_FFFF;
        self.pod.next_exec_id = self.pod.next_exec_id.wrapping_add(1);
        if let Err(msg) = self.spawn_session(now, container_index, session_id, command) {
            return ExecResult::Failed(msg);
        }
        let deadline = now + timeout;
        let scope = Some(Some(session_id));
        for _ in 0..process::MAX_SCHED {
            if let Some(pos) = self.pod.events.iter().position(
                |e| matches!(e, RuntimeEvent::ExecFinished { id, .. } if id.0 == session_id),
            ) {
                if let RuntimeEvent::ExecFinished {
                    at,
                    exit_code,
                    output,
                    ..
                } = self.pod.events.remove(pos)
                {
                    return ExecResult::Exited {
                        exit_code,
                        output,
                        took: at.saturating_sub(now),
                    };
                }
            }
            match self.pod.next_timer(scope) {
                Some(next) if next <= deadline => {
                    self.pod.fire_one(next, scope);
                }
                _ => break,
            }
        }
        // Timed out: the session's processes are killed.
        self.end_session(container_index, session_id);
        ExecResult::TimedOut
    }
}

#[cfg(test)]
mod tests;
