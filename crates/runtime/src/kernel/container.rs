//! What a container runs: its argv (command and args after the kubelet's `$(VAR)` expansion,
//! or the image's entrypoint and cmd) and the signal that stops it.

use crate::kernel::process::Container;

/// The kubelet's `$(VAR)` expansion of command and args: `$$` is a literal `$`, `$(NAME)` is
/// replaced when NAME is a container env var and kept verbatim otherwise.
pub(crate) fn k8s_expand(input: &str, env: &[(String, String)]) -> String {
    let b: Vec<char> = input.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == '$' && i + 1 < b.len() {
            match b[i + 1] {
                '$' => {
                    out.push('$');
                    i += 2;
                }
                '(' => match b[i + 2..].iter().position(|c| *c == ')') {
                    Some(k) => {
                        let name: String = b[i + 2..i + 2 + k].iter().collect();
                        match env.iter().rev().find(|(n, _)| *n == name) {
                            Some((_, v)) => out.push_str(v),
                            None => {
                                out.push_str("$(");
                                out.push_str(&name);
                                out.push(')');
                            }
                        }
                        i += k + 3;
                    }
                    None => {
                        out.push_str("$(");
                        i += 2;
                    }
                },
                c => {
                    out.push('$');
                    out.push(c);
                    i += 2;
                }
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Container env as the kubelet builds it for `$(VAR)` expansion (declared vars, in order,
/// each able to refer to earlier ones, plus the `kubernetes` Service's variables).
pub(crate) fn expansion_env(c: &Container) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
        ("KUBERNETES_SERVICE_PORT", "443"),
        ("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
        ("KUBERNETES_PORT", "tcp://10.96.0.1:443"),
        ("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"),
        ("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"),
        ("KUBERNETES_PORT_443_TCP_PORT", "443"),
        ("KUBERNETES_PORT_443_TCP_PROTO", "tcp"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for e in &c.spec.env {
        let v = k8s_expand(e.value.as_deref().unwrap_or(""), &env);
        env.push((e.name.clone(), v));
    }
    env
}

/// The process the container runs: command+args (after `$(VAR)` expansion), or the image's
/// entrypoint/cmd.
pub(crate) fn container_argv(c: &Container) -> Vec<String> {
    let image = c.image;
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let env = expansion_env(c);
    let x = |v: &[String]| v.iter().map(|a| k8s_expand(a, &env)).collect::<Vec<_>>();
    if !c.spec.command.is_empty() {
        let mut v = x(&c.spec.command);
        v.extend(x(&c.spec.args));
        v
    } else if !c.spec.args.is_empty() {
        let mut v = s(image.entrypoint);
        v.extend(x(&c.spec.args));
        v
    } else {
        let mut v = s(image.entrypoint);
        v.extend(s(image.cmd));
        v
    }
}

/// The signal the runtime sends to stop the container: the image's STOPSIGNAL. It arrived in
/// the official nginx image around 1.19 (UNCONFIRMED boundary); older tags stop with SIGTERM.
pub(crate) fn stop_signal(c: &Container) -> i32 {
    if c.image.name == "nginx"
        && crate::kernel::images::tag_version(&c.spec.image).is_some_and(|v| v < vec![1, 19])
    {
        return 15;
    }
    c.image.stop_signal
}

#[cfg(test)]
mod tests;
