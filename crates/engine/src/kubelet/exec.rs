//! Execs in containers: lifecycle hooks the kubelet runs (their results wait here until the
//! kill or start that runs them picks them up) and `kubectl exec` sessions.

use std::collections::BTreeMap;

use podlife_runtime::ExecId;
use podlife_spec::SimTime;

use crate::runtime::{Memo, Runtime};
use crate::trace::ExecResult;

/// A finished hook: when, its exit code and output.
pub(crate) struct HookResult {
    pub(crate) code: i32,
    pub(crate) output: String,
}

/// A running `kubectl exec`: started at, container, command.
struct UserExec {
    started: SimTime,
    container: String,
    command: Vec<String>,
}

pub(crate) struct Execs {
    hooks: BTreeMap<ExecId, HookResult>,
    user: BTreeMap<ExecId, UserExec>,
}

impl Execs {
    pub(crate) fn new() -> Execs {
        Execs {
            hooks: BTreeMap::new(),
            user: BTreeMap::new(),
        }
    }

    /// The result of hook `id`, once it finished (taken: each is read once).
    pub(crate) fn take_hook_result(&mut self, id: ExecId) -> Option<HookResult> {
        self.hooks.remove(&id)
    }

    /// The runtime reports exec `id` finished: a user's exec becomes an [`ExecResult`];
    /// anything else is a hook, kept for whoever waits on it.
    pub(crate) fn finished(
        &mut self,
        id: ExecId,
        at: SimTime,
        code: i32,
        output: String,
    ) -> Option<ExecResult> {
        match self.user.remove(&id) {
            Some(e) => Some(ExecResult {
                time: e.started,
                finished: at,
                container: e.container,
                command: e.command,
                exit_code: code,
                output,
            }),
            None => {
                self.hooks.insert(id, HookResult { code, output });
                None
            }
        }
    }

    /// `kubectl exec` into `container` (the first regular container when `None`). It fails at
    /// once, as kubectl reports it, when the pod is gone or the container is not running;
    /// otherwise its result comes when the runtime finishes it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn user_exec<R: Runtime>(
        &mut self,
        runtime: &mut Memo<R>,
        now: SimTime,
        pod_name: &str,
        default_container: Option<&str>,
        pod_exists: bool,
        kubelet_up: bool,
        container: Option<String>,
        command: Vec<String>,
    ) -> Option<ExecResult> {
        let name =
            container.unwrap_or_else(|| default_container.map(str::to_string).unwrap_or_default());
        let fail = if !pod_exists {
            Some(format!(
                "Error from server (NotFound): pods \"{pod_name}\" not found"
            ))
        } else if !kubelet_up || !runtime.is_running(&name) {
            Some(format!(
                "error: unable to upgrade connection: container not found (\"{name}\")"
            ))
        } else {
            None
        };
        match fail {
            Some(output) => Some(ExecResult {
                time: now,
                finished: now,
                container: name,
                command,
                exit_code: 1,
                output,
            }),
            None => {
                let id = runtime.start_exec(now, &name, &command);
                self.user.insert(
                    id,
                    UserExec {
                        started: now,
                        container: name,
                        command,
                    },
                );
                None
            }
        }
    }
}
