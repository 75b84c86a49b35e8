//! Execs in containers: lifecycle hooks the kubelet runs (their results wait here until the
//! kill or start that runs them picks them up) and `kubectl exec` sessions.

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

/// Short lists (a few execs run at once), looked up by id: a `BTreeMap` per value type would
/// add two tree instances to the app for them.
pub(crate) struct Execs {
    hooks: Vec<(ExecId, HookResult)>,
    user: Vec<(ExecId, UserExec)>,
}

/// Takes the value of `id` out of `list`.
fn take<V>(list: &mut Vec<(ExecId, V)>, id: ExecId) -> Option<V> {
    let i = list.iter().position(|(k, _)| *k == id)?;
    Some(list.swap_remove(i).1)
}

/// Sets the value of `id` (replacing an earlier one, as a map's insert does).
fn put<V>(list: &mut Vec<(ExecId, V)>, id: ExecId, value: V) {
    take(list, id);
    list.push((id, value));
}

impl Execs {
    pub(crate) fn new() -> Execs {
        Execs {
            hooks: Vec::new(),
            user: Vec::new(),
        }
    }

    /// The result of hook `id`, once it finished (taken: each is read once).
    pub(crate) fn take_hook_result(&mut self, id: ExecId) -> Option<HookResult> {
        take(&mut self.hooks, id)
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
        match take(&mut self.user, id) {
            Some(e) => Some(ExecResult {
                time: e.started,
                finished: at,
                container: e.container,
                command: e.command,
                exit_code: code,
                output,
            }),
            None => {
                put(&mut self.hooks, id, HookResult { code, output });
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
                put(
                    &mut self.user,
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
