//! Exec sessions: lifecycle hooks (exec, httpGet, tcpSocket, sleep) and `kubectl exec`; an
//! exec session's processes die with the container.

use podlife_spec::{LifecycleHandler, SimTime};

use crate::api::HttpAnswer;
use crate::api::{ExecId, RuntimeEvent};
use crate::kernel::net::dial_addr;
use crate::kernel::process::{self, Process};
use crate::{PodRuntime, PROBE_SESSION_BASE};

impl PodRuntime {
    pub(crate) fn spawn_session(
        &mut self,
        now: SimTime,
        container_index: usize,
        session_id: u32,
        command: &[String],
    ) -> Result<(), String> {
        if command.is_empty() {
            return Err("rpc error: code = Unknown desc = failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: no command specified: unknown".into());
        }
        let vm = self.argv_vm(now, container_index, command).map_err(|e| {
            format!(
                "OCI runtime exec failed: exec failed: unable to start container process: {e}: unknown"
            )
        })?;
        let pid = self.pod.alloc_pid(container_index);
        let p = Process::top_shell(pid, Some(session_id), command, Box::new(vm), now);
        self.pod.sessions.insert(
            session_id,
            process::Session {
                container_index,
                output: String::new(),
            },
        );
        if let Some(i) = self.pod.instance_mut(container_index) {
            i.processes.insert(pid, p);
        }
        self.pod.run_ready(now, Some(Some(session_id)));
        Ok(())
    }

    pub(crate) fn end_session(&mut self, container_index: usize, session_id: u32) {
        self.pod.sessions.remove(&session_id);
        if let Some(i) = self.pod.instance_mut(container_index) {
            i.processes.retain(|_, p| p.session != Some(session_id));
        }
        self.pod
            .events
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id, .. } if id.0 == session_id));
    }

    pub(crate) fn kill_sessions(&mut self, container_index: usize) {
        let ids: Vec<u32> = self
            .pod
            .sessions
            .iter()
            .filter(|(_, s)| s.container_index == container_index)
            .map(|(k, _)| *k)
            .collect();
        for id in ids {
            self.end_session(container_index, id);
        }
    }

    /// Starts a lifecycle hook in the container. Completion arrives as
    /// [`RuntimeEvent::ExecFinished`] from [`PodRuntime::advance`].
    pub fn start_hook(
        &mut self,
        now: SimTime,
        container: &str,
        handler: &LifecycleHandler,
    ) -> ExecId {
        let id = self.new_exec_id();
        let container_index = self.container_index(container);
        let finish = |at: SimTime, exit_code: i32, output: String| RuntimeEvent::ExecFinished {
            at,
            id,
            exit_code,
            output,
        };
        match (handler, container_index) {
            (_, None) => self.kubelet_side_events.push(finish(
                now,
                1,
                format!("container {container:?} not found"),
            )),
            (LifecycleHandler::Exec { command }, Some(container_index)) => {
                if !self.pod.instance(container_index).is_some_and(|i| i.alive) {
                    self.kubelet_side_events.push(finish(
                        now,
                        126,
                        "rpc error: code = Unknown desc = failed to exec in container: container is in CONTAINER_EXITED state".into(),
                    ));
                } else if let Err(msg) = self.spawn_session(now, container_index, id.0, command) {
                    self.kubelet_side_events.push(finish(now, 126, msg));
                }
            }
            (LifecycleHandler::HttpGet(h), Some(_)) => {
                let host = h.host.clone().unwrap_or_else(|| self.pod.pod_ip.clone());
                let port = h.port.number.unwrap_or(0);
                let path = if h.path.starts_with('/') {
                    h.path.clone()
                } else {
                    format!("/{}", h.path)
                };
                let url = format!("{}://{host}:{port}{path}", h.scheme.to_ascii_lowercase());
                let user_agent = format!("kube-lifecycle/1.{}", self.pod.kube_minor);
                let r = if host == self.pod.pod_ip {
                    self.pod
                        .http_get(port, &path, &format!("{host}:{port}"), now, &user_agent)
                } else {
                    HttpAnswer::Refused
                };
                match r {
                    // Any HTTP answer counts as success for hooks.
                    HttpAnswer::Response { body, .. } => {
                        self.kubelet_side_events.push(finish(now, 0, body))
                    }
                    HttpAnswer::Refused => self.kubelet_side_events.push(finish(
                        now,
                        1,
                        format!(
                            "Get \"{url}\": dial tcp {}:{port}: connect: connection refused",
                            dial_addr(&host)
                        ),
                    )),
                    HttpAnswer::Eof => {
                        self.kubelet_side_events
                            .push(finish(now, 1, format!("Get \"{url}\": EOF")))
                    }
                }
            }
            (LifecycleHandler::TcpSocket { .. }, Some(_)) => {
                self.kubelet_side_events.push(finish(
                    now,
                    1,
                    "Cannot run handler: invalid handler: tcpSocket is not supported as a lifecycle handler".into(),
                ));
            }
            (LifecycleHandler::Sleep { seconds }, Some(_)) => {
                let s = (*seconds).max(0) as u64;
                self.kubelet_side_events.push(finish(
                    now + SimTime::from_secs(s),
                    0,
                    String::new(),
                ));
            }
        }
        self.fix_log_order();
        id
    }

    /// Starts `kubectl exec` of `command` in the container.
    pub fn start_exec(&mut self, now: SimTime, container: &str, command: &[String]) -> ExecId {
        let id = self.new_exec_id();
        match self.container_index(container) {
            None => self.kubelet_side_events.push(RuntimeEvent::ExecFinished {
                at: now,
                id,
                exit_code: 1,
                output: format!("Error from server (BadRequest): container {container} is not valid for pod"),
            }),
            Some(container_index) if !self.pod.instance(container_index).is_some_and(|i| i.alive) => self.kubelet_side_events.push(RuntimeEvent::ExecFinished {
                at: now,
                id,
                exit_code: 1,
                output: format!("error: unable to upgrade connection: container not found (\"{container}\")"),
            }),
            Some(container_index) => {
                if let Err(msg) = self.spawn_session(now, container_index, id.0, command) {
                    // containerd reports a missing executable as exit code 126.
                    self.kubelet_side_events.push(RuntimeEvent::ExecFinished { at: now, id, exit_code: 126, output: msg });
                }
            }
        }
        self.fix_log_order();
        id
    }

    fn new_exec_id(&mut self) -> ExecId {
        let id = ExecId(self.pod.next_exec_id % PROBE_SESSION_BASE);
        self.pod.next_exec_id = self.pod.next_exec_id.wrapping_add(1);
        id
    }

    /// Stops an unfinished exec session (e.g. a preStop hook that outlived the grace period).
    pub fn abort_exec(&mut self, now: SimTime, id: ExecId) {
        let _ = now;
        if let Some(s) = self.pod.sessions.get(&id.0) {
            let container_index = s.container_index;
            self.end_session(container_index, id.0);
        }
        self.kubelet_side_events
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id: i, .. } if *i == id));
        self.pod
            .events
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id: i, .. } if *i == id));
    }
}

#[cfg(test)]
mod tests;
