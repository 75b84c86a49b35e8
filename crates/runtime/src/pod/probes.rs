//! Probes against the model: an exec probe runs through the interpreter on its own clock (its
//! result cached while nothing in the container can have changed), an HTTP GET goes to the
//! server that listens, a TCP connect to a listener, gRPC health to a declared server.

use podlife_spec::{ProbeHandler, SimTime};

use crate::api::{ProbeOutcome, ProbeResult, RuntimeEvent};
use crate::kernel::fs;
use crate::kernel::http::Http;
use crate::kernel::images;
use crate::kernel::net::dial_addr;
use crate::kernel::process;
use crate::{PodRuntime, PROBE_SESSION_BASE};

impl PodRuntime {
    /// Runs one probe attempt at `now`, bounded by `timeout`.
    pub fn probe(
        &mut self,
        now: SimTime,
        container: &str,
        handler: &ProbeHandler,
        timeout: SimTime,
    ) -> ProbeOutcome {
        let Some(container_index) = self.container_index(container) else {
            return ProbeOutcome {
                result: ProbeResult::Error,
                output: format!("container {container:?} not found"),
                took: SimTime::ZERO,
            };
        };
        let out = match handler {
            ProbeHandler::Exec { command } => {
                self.exec_probe(now, container_index, command, timeout)
            }
            ProbeHandler::HttpGet(h) => {
                let host = h.host.clone().unwrap_or_else(|| self.pod.pod_ip.clone());
                match h.port.number {
                    None => ProbeOutcome {
                        result: ProbeResult::Error,
                        output: format!("unable to find port {:?}", h.port.written),
                        took: SimTime::ZERO,
                    },
                    Some(port) => self.http_probe(now, &h.scheme, &host, port, &h.path, timeout),
                }
            }
            ProbeHandler::TcpSocket { port, host } => {
                let host = host.clone().unwrap_or_else(|| self.pod.pod_ip.clone());
                match port.number {
                    None => ProbeOutcome {
                        result: ProbeResult::Error,
                        output: format!("unable to find port {:?}", port.written),
                        took: SimTime::ZERO,
                    },
                    Some(p) => {
                        // The kubelet dials from the node: only the pod IP reaches the pod.
                        let local = host == self.pod.pod_ip;
                        if local && self.pod.listener(p, now).is_some() {
                            ProbeOutcome {
                                result: ProbeResult::Success,
                                output: String::new(),
                                took: SimTime::ZERO,
                            }
                        } else {
                            ProbeOutcome {
                                result: ProbeResult::Failure,
                                output: format!(
                                    "dial tcp {}:{p}: connect: connection refused",
                                    dial_addr(&host)
                                ),
                                took: SimTime::ZERO,
                            }
                        }
                    }
                }
            }
            ProbeHandler::Grpc { port, service: _ } => {
                let addr = format!("{}:{port}", self.pod.pod_ip);
                // A server "declares" gRPC health when it is the fallback server or its
                // containerPort is named like `grpc`.
                let declared = |container_index: usize| {
                    self.pod.containers[container_index]
                        .spec
                        .ports
                        .iter()
                        .any(|p| {
                            p.container_port == *port
                                && p.name.as_deref().is_some_and(|n| n.contains("grpc"))
                        })
                };
                match self.pod.listener(*port, now) {
                    Some((container_index, _, d)) if d == images::Daemon::Generic || declared(container_index) => {
                        ProbeOutcome { result: ProbeResult::Success, output: "service healthy".into(), took: SimTime::ZERO }
                    }
                    Some(_) => ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: "error: health rpc probe failed: rpc error: code = Unavailable desc = connection error: desc = \"error reading server preface: http2: frame too large\"".into(),
                        took: SimTime::ZERO,
                    },
                    None => ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: format!("timeout: failed to connect service {addr:?} within {}: context deadline exceeded", podlife_spec::format_go_duration(timeout.as_millis())),
                        took: timeout,
                    },
                }
            }
        };
        self.fix_log_order();
        out
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

    fn http_probe(
        &mut self,
        now: SimTime,
        scheme: &str,
        host: &str,
        port: u16,
        path: &str,
        timeout: SimTime,
    ) -> ProbeOutcome {
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        let scheme_l = scheme.to_ascii_lowercase();
        let url = format!("{scheme_l}://{host}:{port}{path}");
        // The kubelet connects from the node: `localhost` there is the node, not the pod.
        if host != self.pod.pod_ip {
            return ProbeOutcome {
                result: ProbeResult::Failure,
                output: format!(
                    "Get \"{url}\": dial tcp {}:{port}: connect: connection refused",
                    dial_addr(host)
                ),
                took: SimTime::ZERO,
            };
        }
        let user_agent = format!("kube-probe/1.{}", self.pod.kube_minor);
        let mut p = path.clone();
        for _ in 0..10 {
            let host_header = format!("{host}:{port}");
            match self.pod.http_get(port, &p, &host_header, now, &user_agent) {
                Http::Refused => {
                    return ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: format!(
                            "Get \"{url}\": dial tcp {}:{port}: connect: connection refused",
                            dial_addr(host)
                        ),
                        took: SimTime::ZERO,
                    }
                }
                Http::Eof => {
                    return ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: format!("Get \"{url}\": EOF"),
                        took: SimTime::ZERO,
                    }
                }
                Http::Response {
                    status,
                    body,
                    location,
                } => {
                    if scheme_l == "https" {
                        return ProbeOutcome {
                            result: ProbeResult::Failure,
                            output: format!(
                                "Get \"{url}\": http: server gave HTTP response to HTTPS client"
                            ),
                            took: SimTime::ZERO,
                        };
                    }
                    if (300..400).contains(&status) {
                        if let Some(loc) = location {
                            // Redirects to the same host are followed.
                            let rest = loc.split("://").nth(1).unwrap_or(&loc);
                            let lhost = rest.split(['/', ':']).next().unwrap_or("");
                            if lhost == host {
                                p = rest
                                    .find('/')
                                    .map(|i| rest[i..].to_string())
                                    .unwrap_or_else(|| "/".into());
                                continue;
                            }
                        }
                        return ProbeOutcome {
                            result: ProbeResult::Warning,
                            output: format!("Probe terminated redirects, Response body: {body}"),
                            took: SimTime::ZERO,
                        };
                    }
                    if (200..400).contains(&status) {
                        let b: String = body.chars().take(10 * 1024).collect();
                        return ProbeOutcome {
                            result: ProbeResult::Success,
                            output: b,
                            took: SimTime::ZERO,
                        };
                    }
                    return ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: format!("HTTP probe failed with statuscode: {status}"),
                        took: SimTime::ZERO,
                    };
                }
            }
        }
        let _ = timeout;
        ProbeOutcome {
            result: ProbeResult::Failure,
            output: format!("Get \"{url}\": stopped after 10 redirects"),
            took: SimTime::ZERO,
        }
    }

    /// Runs an exec probe to completion (or timeout) on its own local clock.
    fn exec_probe(
        &mut self,
        now: SimTime,
        container_index: usize,
        command: &[String],
        timeout: SimTime,
    ) -> ProbeOutcome {
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
        let out = self.exec_probe_run(now, container_index, command, timeout);
        if pure && out.took == SimTime::ZERO {
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

    fn exec_probe_run(
        &mut self,
        now: SimTime,
        container_index: usize,
        command: &[String],
        timeout: SimTime,
    ) -> ProbeOutcome {
        if !self.pod.instance(container_index).is_some_and(|i| i.alive) {
            return ProbeOutcome {
                result: ProbeResult::Error,
                output: "rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state".into(),
                took: SimTime::ZERO,
            };
        }
        let session_id = PROBE_SESSION_BASE + self.pod.next_exec_id % 0x0FFF_FFFF;
        self.pod.next_exec_id = self.pod.next_exec_id.wrapping_add(1);
        if let Err(msg) = self.spawn_session(now, container_index, session_id, command) {
            return ProbeOutcome {
                result: ProbeResult::Error,
                output: msg,
                took: SimTime::ZERO,
            };
        }
        let deadline = now + timeout;
        let scope = Some(Some(session_id));
        let mut t = now;
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
                    let result = if exit_code == 0 {
                        ProbeResult::Success
                    } else {
                        ProbeResult::Failure
                    };
                    // The kubelet keeps at most 10 KiB of an exec probe's output.
                    let mut output = output;
                    if output.len() > 10 * 1024 {
                        let mut n = 10 * 1024;
                        while !output.is_char_boundary(n) {
                            n -= 1;
                        }
                        output.truncate(n);
                    }
                    return ProbeOutcome {
                        result,
                        output,
                        took: at.saturating_sub(now),
                    };
                }
            }
            match self.pod.next_timer(scope) {
                Some(nt) if nt <= deadline => {
                    t = nt;
                    self.pod.fire_one(nt, scope);
                }
                _ => break,
            }
        }
        let _ = t;
        // Timed out: the session's processes are killed.
        self.end_session(container_index, session_id);
        ProbeOutcome {
            result: ProbeResult::Failure,
            output: format!("command {:?} timed out", command.join(" ")),
            took: timeout,
        }
    }
}

#[cfg(test)]
mod tests;
