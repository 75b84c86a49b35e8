//! Exec sessions: lifecycle hooks (exec, httpGet, tcpSocket, sleep) and `kubectl exec`; an
//! exec session's processes die with the container.

use podlife_spec::{LifecycleHandler, SimTime};

use crate::api::{ExecId, RuntimeEvent};
use crate::kernel::http::Http;
use crate::kernel::net::dial_addr;
use crate::kernel::process::{self, Proc};
use crate::{PodRuntime, PROBE_SESSION_BASE};

impl PodRuntime {
    pub(crate) fn spawn_session(
        &mut self,
        now: SimTime,
        ci: usize,
        sid: u32,
        command: &[String],
    ) -> Result<(), String> {
        if command.is_empty() {
            return Err("rpc error: code = Unknown desc = failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: no command specified: unknown".into());
        }
        let vm = self.argv_vm(now, ci, command).map_err(|e| {
            format!(
                "OCI runtime exec failed: exec failed: unable to start container process: {e}: unknown"
            )
        })?;
        let pid = self.st.alloc_pid(ci);
        let p = Proc::top_shell(pid, Some(sid), command, Box::new(vm), now);
        self.st.sessions.insert(
            sid,
            process::Session {
                cidx: ci,
                output: String::new(),
            },
        );
        if let Some(i) = self.st.inst_mut(ci) {
            i.procs.insert(pid, p);
        }
        self.st.run_ready(now, Some(Some(sid)));
        Ok(())
    }

    pub(crate) fn end_session(&mut self, ci: usize, sid: u32) {
        self.st.sessions.remove(&sid);
        if let Some(i) = self.st.inst_mut(ci) {
            i.procs.retain(|_, p| p.session != Some(sid));
        }
        self.st
            .events
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id, .. } if id.0 == sid));
    }

    pub(crate) fn kill_sessions(&mut self, ci: usize) {
        let ids: Vec<u32> = self
            .st
            .sessions
            .iter()
            .filter(|(_, s)| s.cidx == ci)
            .map(|(k, _)| *k)
            .collect();
        for id in ids {
            self.end_session(ci, id);
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
        let ci = self.cidx(container);
        let finish = |at: SimTime, exit_code: i32, output: String| RuntimeEvent::ExecFinished {
            at,
            id,
            exit_code,
            output,
        };
        match (handler, ci) {
            (_, None) => {
                self.timed
                    .push(finish(now, 1, format!("container {container:?} not found")))
            }
            (LifecycleHandler::Exec { command }, Some(ci)) => {
                if !self.st.inst(ci).is_some_and(|i| i.alive) {
                    self.timed.push(finish(
                        now,
                        126,
                        "rpc error: code = Unknown desc = failed to exec in container: container is in CONTAINER_EXITED state".into(),
                    ));
                } else if let Err(msg) = self.spawn_session(now, ci, id.0, command) {
                    self.timed.push(finish(now, 126, msg));
                }
            }
            (LifecycleHandler::HttpGet(h), Some(_)) => {
                let host = h.host.clone().unwrap_or_else(|| self.st.pod_ip.clone());
                let port = h.port.number.unwrap_or(0);
                let path = if h.path.starts_with('/') {
                    h.path.clone()
                } else {
                    format!("/{}", h.path)
                };
                let url = format!("{}://{host}:{port}{path}", h.scheme.to_ascii_lowercase());
                let ua = format!("kube-lifecycle/1.{}", self.st.kube_minor);
                let r = if host == self.st.pod_ip {
                    self.st
                        .http_get(port, &path, &format!("{host}:{port}"), now, &ua)
                } else {
                    Http::Refused
                };
                match r {
                    // Any HTTP answer counts as success for hooks.
                    Http::Response { body, .. } => self.timed.push(finish(now, 0, body)),
                    Http::Refused => self.timed.push(finish(
                        now,
                        1,
                        format!(
                            "Get \"{url}\": dial tcp {}:{port}: connect: connection refused",
                            dial_addr(&host)
                        ),
                    )),
                    Http::Eof => self
                        .timed
                        .push(finish(now, 1, format!("Get \"{url}\": EOF"))),
                }
            }
            (LifecycleHandler::TcpSocket { .. }, Some(_)) => {
                self.timed.push(finish(
                    now,
                    1,
                    "Cannot run handler: invalid handler: tcpSocket is not supported as a lifecycle handler".into(),
                ));
            }
            (LifecycleHandler::Sleep { seconds }, Some(_)) => {
                let s = (*seconds).max(0) as u64;
                self.timed
                    .push(finish(now + SimTime::from_secs(s), 0, String::new()));
            }
        }
        self.fix_log_order();
        id
    }

    /// Starts `kubectl exec` of `command` in the container.
    pub fn start_exec(&mut self, now: SimTime, container: &str, command: &[String]) -> ExecId {
        let id = self.new_exec_id();
        match self.cidx(container) {
            None => self.timed.push(RuntimeEvent::ExecFinished {
                at: now,
                id,
                exit_code: 1,
                output: format!("Error from server (BadRequest): container {container} is not valid for pod"),
            }),
            Some(ci) if !self.st.inst(ci).is_some_and(|i| i.alive) => self.timed.push(RuntimeEvent::ExecFinished {
                at: now,
                id,
                exit_code: 1,
                output: format!("error: unable to upgrade connection: container not found (\"{container}\")"),
            }),
            Some(ci) => {
                if let Err(msg) = self.spawn_session(now, ci, id.0, command) {
                    // containerd reports a missing executable as exit code 126.
                    self.timed.push(RuntimeEvent::ExecFinished { at: now, id, exit_code: 126, output: msg });
                }
            }
        }
        self.fix_log_order();
        id
    }

    fn new_exec_id(&mut self) -> ExecId {
        let id = ExecId(self.st.next_exec % PROBE_SESSION_BASE);
        self.st.next_exec = self.st.next_exec.wrapping_add(1);
        id
    }

    /// Stops an unfinished exec session (e.g. a preStop hook that outlived the grace period).
    pub fn abort_exec(&mut self, now: SimTime, id: ExecId) {
        let _ = now;
        if let Some(s) = self.st.sessions.get(&id.0) {
            let ci = s.cidx;
            self.end_session(ci, id.0);
        }
        self.timed
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id: i, .. } if *i == id));
        self.st
            .events
            .retain(|e| !matches!(e, RuntimeEvent::ExecFinished { id: i, .. } if *i == id));
    }
}

#[cfg(test)]
mod tests;
