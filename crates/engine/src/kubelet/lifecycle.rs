//! Lifecycle hooks (the kubelet's pkg/kubelet/lifecycle/handlers.go, rules §8.4): how a hook
//! is named on the timeline and the failure message a postStart hook leaves (§8.3).

use podlife_spec::LifecycleHandler;

/// The timeline's description of a hook.
pub(crate) fn hook_text(handler: &LifecycleHandler) -> String {
    match handler {
        LifecycleHandler::Exec { command } => format!("exec {}", command.join(" ")),
        LifecycleHandler::HttpGet(g) => format!("httpGet {}", g.path),
        LifecycleHandler::TcpSocket { port, .. } => format!("tcpSocket {}", port.written),
        LifecycleHandler::Sleep { seconds } => format!("sleep {seconds}s"),
    }
}

/// The PostStartHookError message of a failed hook (§8.4): it exited `code` with `output`.
pub(crate) fn failure_message(
    handler: Option<&LifecycleHandler>,
    container: &str,
    pod_key: &str,
    code: i32,
    output: &str,
) -> String {
    match handler {
        Some(LifecycleHandler::Exec { command }) => format!(
            "Exec lifecycle hook ([{}]) for Container \"{container}\" in Pod \"{pod_key}\" failed - error: command '{}' exited with {code}: , message: \"{output}\"",
            command.join(" "),
            command.join(" "),
        ),
        Some(LifecycleHandler::HttpGet(g)) => format!(
            "HTTP lifecycle hook ({}) for Container \"{container}\" in Pod \"{pod_key}\" failed - error: {output}",
            g.path,
        ),
        _ => output.to_string(),
    }
}
