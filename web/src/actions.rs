//! Actions at the current instant (kubectl exec, delete, a Service, node down/up): their
//! controls, the exec commands suggested for the container's image, and the exec transcript.
//! An action is appended to the Scenario document (crate::model::append_action) by the app.

use std::rc::Rc;

use podlife_engine::Trace;
use podlife_spec::{ActionKind, ProbeHandler, ServiceRef};
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::model::Run;
use crate::types::{always, on_check, on_input, on_select, Msg};

/// What the action controls hold between renders.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionState {
    pub grace: Option<i64>,
    pub force: bool,
    pub exec_container: Option<String>,
    /// None: the first suggestion for the container.
    pub exec_command: Option<String>,
    pub service_name: String,
}

impl ActionState {
    pub fn new() -> ActionState {
        ActionState {
            service_name: "myservice".to_string(),
            ..ActionState::default()
        }
    }
}

/// `sh -c <rest>` stays one argument; anything else splits on whitespace.
pub fn command_words(cmd: &str) -> Vec<String> {
    let cmd = cmd.trim();
    if let Some(rest) = cmd.strip_prefix("sh -c ") {
        return vec!["sh".into(), "-c".into(), rest.trim().to_string()];
    }
    cmd.split_whitespace().map(str::to_string).collect()
}

/// A file an exec probe checks (`cat F`, `test -e F`, `ls F`, `[ -f F ]`), if any.
fn probed_file(command: &[String]) -> Option<&str> {
    let words: Vec<&str> = match command {
        [sh, c, script] if (sh.ends_with("sh")) && c == "-c" => script.split_whitespace().collect(),
        _ => command.iter().map(String::as_str).collect(),
    };
    match words.as_slice() {
        ["cat" | "ls" | "stat", f, ..] if f.starts_with('/') => Some(f),
        ["test" | "[", "-e" | "-f" | "-s", f, ..] if f.starts_with('/') => Some(f),
        _ => None,
    }
}

/// Shell builtins of ash and dash that the suggestions use.
const BUILTINS: [&str; 2] = ["kill", "echo"];

/// Commands worth running in `container` at this point of the story: what its own probes run,
/// how to break and repair what they check or what its server serves, stopping its server,
/// a signal to PID 1. Only what the image has (the runtime's image catalogue): nothing but the
/// probe's own command in an image without a shell.
pub fn exec_suggestions(trace: &Trace, container: &str) -> Vec<String> {
    let spec = &trace.scenario.pod.spec;
    let Some(c) = spec
        .init_containers
        .iter()
        .chain(spec.containers.iter())
        .find(|c| c.name == container)
    else {
        return Vec::new();
    };
    let image = podlife_runtime::image_info(&c.image);
    let has = |program: &str| {
        image.programs.contains(&program) || (image.has_shell && BUILTINS.contains(&program))
    };
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    let break_and_repair = |file: &str, add: &mut dyn FnMut(String)| {
        if has("rm") {
            add(format!("rm -f {file}"));
        }
        if has("touch") {
            add(format!("touch {file}"));
        }
    };
    for p in [&c.liveness_probe, &c.readiness_probe, &c.startup_probe]
        .into_iter()
        .flatten()
    {
        if let ProbeHandler::Exec { command } = &p.handler {
            if let Some(f) = probed_file(command) {
                break_and_repair(f, &mut add);
            }
            add(command.join(" "));
        }
    }
    if let Some(root) = image.web_root {
        break_and_repair(&format!("{root}/index.html"), &mut add);
    }
    match image.daemon {
        Some("nginx") if has("nginx") => {
            add("nginx -s quit".to_string());
            add("nginx -s stop".to_string());
        }
        Some("redis") if has("redis-cli") => add("redis-cli shutdown".to_string()),
        _ => {}
    }
    if has("kill") {
        add("kill 1".to_string());
    }
    for program in ["ls /", "ps"] {
        if has(program.split(' ').next().unwrap_or(program)) {
            add(program.to_string());
        }
    }
    out
}

#[derive(Properties)]
pub struct ActionRowsProps {
    pub run: Rc<Run>,
    pub lang: Lang,
    pub state: ActionState,
    /// Forwards to the App (recreated each render; it always does the same).
    pub send: Callback<Msg>,
}

impl PartialEq for ActionRowsProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run) && self.lang == o.lang && self.state == o.state
    }
}

/// The action controls: they do not depend on the playhead, so playback never re-renders them.
#[function_component(ActionRows)]
pub fn action_rows(p: &ActionRowsProps) -> Html {
    let lang = p.lang;
    let send = &p.send;
    let trace = &p.run.trace;
    let names = &p.run.names;
    let ec = p
        .state
        .exec_container
        .clone()
        .or_else(|| crate::model::default_container(trace))
        .unwrap_or_default();
    let suggestions = exec_suggestions(trace, &ec);
    let exec_cmd = p
        .state
        .exec_command
        .clone()
        .or_else(|| suggestions.first().cloned())
        .unwrap_or_default();
    let grace = p
        .state
        .grace
        .unwrap_or(trace.scenario.pod.spec.termination_grace_period_seconds);
    let ns = trace.pod.namespace.clone();
    let force = p.state.force;
    let svc = p.state.service_name.clone();
    let (ec2, cmd2, svc_ns, svc2) = (ec.clone(), exec_cmd.clone(), ns.clone(), svc.clone());
    html! {
        <>
            <div class="action-row">
                <span class="verb">{ "kubectl exec" }</span>
                <select aria-label={tr(lang, "container")} onchange={on_select(send, Msg::ExecContainer)}>
                    { for names.iter().map(|n| html! { <option value={n.clone()} selected={*n == ec}>{ n.clone() }</option> }) }
                </select>
                <span>{ "--" }</span>
                <input class="cmd" list="ready-commands" aria-label={tr(lang, "command")} value={exec_cmd.clone()}
                    oninput={on_input(send, Msg::ExecCommand)} />
                <datalist id="ready-commands">
                    { for suggestions.iter().map(|c| html! { <option value={c.clone()} /> }) }
                </datalist>
                <button data-testid="action-exec" onclick={send.reform(move |_| Msg::Act(ActionKind::Exec {
                    container: Some(ec2.clone()).filter(|c| !c.is_empty()),
                    command: command_words(&cmd2),
                }))}>{ tr(lang, "run-exec") }</button>
            </div>
            <div class="ready" aria-label={tr(lang, "suggestions")}>
                { for suggestions.iter().map(|c| {
                    let c = c.clone();
                    let label = c.clone();
                    html! { <button class="chip" onclick={send.reform(move |_| Msg::ExecCommand(c.clone()))}>{ label }</button> }
                }) }
            </div>
            <div class="action-row">
                <label class="field">
                    <span>{ format!("{}: {grace}", tr(lang, "grace")) }</span>
                    <input type="range" min="0" max="120" value={grace.to_string()} aria-label={tr(lang, "grace")}
                        oninput={on_input(send, |value| Msg::Grace(value.parse().unwrap_or(30)))} />
                </label>
                <label class="field check">
                    <input type="checkbox" checked={force} onchange={on_check(send, Msg::Force)} />
                    <span>{ "--force" }</span>
                </label>
                <button data-testid="action-delete" class="danger" onclick={send.reform(move |_| Msg::Act(ActionKind::Delete {
                    grace_period_seconds: Some(if force { 0 } else { grace }),
                    force,
                }))}>{ tr(lang, "delete") }</button>
            </div>
            <div class="action-row">
                <input class="svc" aria-label={tr(lang, "service-name")} value={svc.clone()} oninput={on_input(send, Msg::ServiceName)} />
                <button onclick={send.reform(move |_| Msg::Act(ActionKind::CreateService(ServiceRef { namespace: svc_ns.clone(), name: svc.clone() })))}>{ tr(lang, "create-svc") }</button>
                <button onclick={send.reform(move |_| Msg::Act(ActionKind::RemoveService(ServiceRef { namespace: ns.clone(), name: svc2.clone() })))}>{ tr(lang, "remove-svc") }</button>
                <button onclick={always(send, || Msg::Act(ActionKind::NodeDown))}>{ tr(lang, "node-down") }</button>
                <button onclick={always(send, || Msg::Act(ActionKind::NodeUp))}>{ tr(lang, "node-up") }</button>
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analyse;

    #[test]
    fn words_keep_a_shell_script_whole() {
        assert_eq!(command_words(" cat /tmp/x "), vec!["cat", "/tmp/x"]);
        assert_eq!(
            command_words("sh -c echo a; echo b"),
            vec!["sh", "-c", "echo a; echo b"]
        );
    }

    #[test]
    fn an_nginx_image_gets_its_web_root_and_its_server() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n";
        let run = analyse(text).run.expect("valid");
        let s = exec_suggestions(&run.trace, "web");
        assert!(
            s.contains(&"rm -f /usr/share/nginx/html/index.html".to_string()),
            "{s:?}"
        );
        assert!(s.contains(&"nginx -s quit".to_string()), "{s:?}");
        assert!(s.contains(&"kill 1".to_string()), "{s:?}");
    }

    #[test]
    fn suggestions_come_from_the_containers_own_probes() {
        let run = analyse(crate::DEFAULT_EXAMPLE).run.expect("valid");
        let s = exec_suggestions(&run.trace, "liveness");
        assert_eq!(
            &s[..3],
            [
                "rm -f /tmp/healthy",
                "touch /tmp/healthy",
                "cat /tmp/healthy"
            ]
        );
        assert!(!s.iter().any(|c| c.contains("nginx")), "{s:?}");
        assert!(exec_suggestions(&run.trace, "nope").is_empty());
    }
}
