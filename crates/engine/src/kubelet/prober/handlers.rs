//! The probe handlers (pkg/probe/exec, http, tcp, grpc and prober.go runProbe): what the
//! kubelet makes of what the runtime model answers — which answers count as success, the texts
//! of failures (Go's error strings), the 10 KiB output cap, redirects (rules §5.10, §5.12,
//! §5.13). The model answers only what the process, port or server does.

use podlife_runtime::{ExecResult, GrpcAnswer, HttpAnswer, PodRuntime};
use podlife_spec::{HttpGet, PortRef, ProbeHandler, SimTime};

use super::results::{ProbeOutcome, ProbeResult};

/// How much of an exec's output and of an HTTP body the kubelet keeps (maxRespBodyLength;
/// the exec prober's limited writer).
const MAX_OUTPUT: usize = 10 * 1024;

/// The most redirects the HTTP prober follows (Go's http.Client default).
const MAX_REDIRECTS: usize = 10;

/// Runs one probe attempt at `now` against the model, bounded by `timeout`.
pub(crate) fn probe(
    runtime: &mut PodRuntime,
    now: SimTime,
    container: &str,
    handler: &ProbeHandler,
    timeout: SimTime,
) -> ProbeOutcome {
    match handler {
        // `exec_sync` reports a container that is not in the pod itself, in the same words.
        ProbeHandler::Exec { command } => exec(runtime, now, container, command, timeout),
        _ if !runtime.has_container(container) => outcome(
            ProbeResult::Error,
            format!("container {container:?} not found"),
        ),
        ProbeHandler::HttpGet(h) => http_get(runtime, now, h),
        ProbeHandler::TcpSocket { port, host } => {
            let host = host.clone().unwrap_or_else(|| runtime.pod_ip().to_string());
            match port.number {
                None => unknown_port(port),
                Some(p) => {
                    if runtime.tcp_connect_from_node(now, &host, p) {
                        outcome(ProbeResult::Success, String::new())
                    } else {
                        outcome(
                            ProbeResult::Failure,
                            format!(
                                "dial tcp {}:{p}: connect: connection refused",
                                dial_addr(&host)
                            ),
                        )
                    }
                }
            }
        }
        ProbeHandler::Grpc { port, service: _ } => {
            match runtime.grpc_health_from_node(now, *port) {
                GrpcAnswer::Serving => outcome(ProbeResult::Success, "service healthy".into()),
                GrpcAnswer::NotGrpc => outcome(
                    ProbeResult::Failure,
                    "error: health rpc probe failed: rpc error: code = Unavailable desc = connection error: desc = \"error reading server preface: http2: frame too large\"".into(),
                ),
                // The client dials until its deadline.
                GrpcAnswer::NoListener => {
                    let addr = format!("{}:{port}", runtime.pod_ip());
                    ProbeOutcome {
                        result: ProbeResult::Failure,
                        output: format!(
                            "timeout: failed to connect service {addr:?} within {}: context deadline exceeded",
                            podlife_spec::format_go_duration(timeout.as_millis())
                        ),
                        took: timeout,
                    }
                }
            }
        }
    }
}

/// exec: success when the command exits 0; its output, at most 10 KiB; a timeout is a Failure
/// that took the whole timeout; a command the runtime cannot run is an error.
fn exec(
    runtime: &mut PodRuntime,
    now: SimTime,
    container: &str,
    command: &[String],
    timeout: SimTime,
) -> ProbeOutcome {
    match runtime.exec_sync(now, container, command, timeout) {
        ExecResult::Exited {
            exit_code,
            mut output,
            took,
        } => {
            let result = if exit_code == 0 {
                ProbeResult::Success
            } else {
                ProbeResult::Failure
            };
            if output.len() > MAX_OUTPUT {
                let mut n = MAX_OUTPUT;
                while !output.is_char_boundary(n) {
                    n -= 1;
                }
                output.truncate(n);
            }
            ProbeOutcome {
                result,
                output,
                took,
            }
        }
        ExecResult::TimedOut => ProbeOutcome {
            result: ProbeResult::Failure,
            output: format!("command {:?} timed out", command.join(" ")),
            took: timeout,
        },
        ExecResult::Failed(message) => outcome(ProbeResult::Error, message),
    }
}

/// httpGet from the node: 200–399 is success (a redirect not followed is the Warning of §5.10),
/// other codes fail; redirects are followed to the same host only, at most 10; connection
/// errors fail with Go's error text.
fn http_get(runtime: &mut PodRuntime, now: SimTime, h: &HttpGet) -> ProbeOutcome {
    let host = h
        .host
        .clone()
        .unwrap_or_else(|| runtime.pod_ip().to_string());
    let Some(port) = h.port.number else {
        return unknown_port(&h.port);
    };
    let path = if h.path.starts_with('/') {
        h.path.clone()
    } else {
        format!("/{}", h.path)
    };
    let scheme = h.scheme.to_ascii_lowercase();
    let url = format!("{scheme}://{host}:{port}{path}");
    let refused = || {
        outcome(
            ProbeResult::Failure,
            format!(
                "Get \"{url}\": dial tcp {}:{port}: connect: connection refused",
                dial_addr(&host)
            ),
        )
    };
    let user_agent = format!("kube-probe/1.{}", runtime.kube_minor());
    let mut target = path;
    for _ in 0..MAX_REDIRECTS {
        match runtime.http_get_from_node(now, &host, port, &target, &user_agent) {
            HttpAnswer::Refused => return refused(),
            HttpAnswer::Eof => return outcome(ProbeResult::Failure, format!("Get \"{url}\": EOF")),
            HttpAnswer::Response {
                status,
                body,
                location,
            } => {
                // Every server of the model speaks plain HTTP.
                if scheme == "https" {
                    return outcome(
                        ProbeResult::Failure,
                        format!("Get \"{url}\": http: server gave HTTP response to HTTPS client"),
                    );
                }
                if (300..400).contains(&status) {
                    if let Some(loc) = location {
                        // Redirects to the same host are followed.
                        let rest = loc.split("://").nth(1).unwrap_or(&loc);
                        let location_host = rest.split(['/', ':']).next().unwrap_or("");
                        if location_host == host {
                            target = rest
                                .find('/')
                                .map(|i| rest[i..].to_string())
                                .unwrap_or_else(|| "/".into());
                            continue;
                        }
                    }
                    return outcome(
                        ProbeResult::Warning,
                        format!("Probe terminated redirects, Response body: {body}"),
                    );
                }
                if (200..400).contains(&status) {
                    return outcome(
                        ProbeResult::Success,
                        body.chars().take(MAX_OUTPUT).collect(),
                    );
                }
                return outcome(
                    ProbeResult::Failure,
                    format!("HTTP probe failed with statuscode: {status}"),
                );
            }
        }
    }
    outcome(
        ProbeResult::Failure,
        format!("Get \"{url}\": stopped after 10 redirects"),
    )
}

/// A named port the container does not declare (findPortByName).
fn unknown_port(port: &PortRef) -> ProbeOutcome {
    outcome(
        ProbeResult::Error,
        format!("unable to find port {:?}", port.written),
    )
}

/// An outcome that took no simulated time.
fn outcome(result: ProbeResult, output: String) -> ProbeOutcome {
    ProbeOutcome {
        result,
        output,
        took: SimTime::ZERO,
    }
}

/// How Go's dialer names the address it failed to reach (`localhost` resolves first).
fn dial_addr(host: &str) -> &str {
    if host == "localhost" {
        "127.0.0.1"
    } else {
        host
    }
}

#[cfg(test)]
mod tests;
