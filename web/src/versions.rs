//! The Kubernetes version of a run (issue 15 item 5): how the picker, an opened link's profile
//! and the YAML's `kubernetesVersion` decide it, the picker's edit of that YAML value, and the
//! "what differs in this version" list — the profile's version rules that apply to the scenario
//! on screen. Pure: a function of (text, choice) and of a run.
//!
//! The rules, as a user would expect them and as the CLI has them:
//! - an opened link replays with its own profile (minor and engine rules version) and playhead,
//!   exactly as `podlife run '<link>'` does, until the text is edited or a version is picked;
//! - the YAML's `kubernetesVersion` names the version when it is there, and picking a version
//!   rewrites that value (one undoable edit), so the YAML and the picker never disagree;
//! - otherwise the picker is the version, as `--kubernetes-version` is for the CLI;
//! - a link records the run's own minor (`podlife share` does the same).

use podlife_manifest::source_map::parse_path;
use podlife_manifest::{LoadOptions, Loaded, Span};
use podlife_spec::profile::{Profile, Rule, RULE_KEYS};
use podlife_spec::{ProbeHandler, SimTime, DEFAULT_KUBE_MINOR, MAX_UNTIL, SUPPORTED_KUBE_MINORS};

use crate::i18n::Lang;
use crate::model::Run;

/// An opened link's behaviour profile and playhead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkProfile {
    pub minor: u32,
    pub rules: u32,
    pub time: SimTime,
}

/// What decides the profile of the next run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Choice {
    /// The picker: the version when the YAML names none.
    pub minor: Option<u32>,
    /// An opened link, replayed as it was made.
    pub link: Option<LinkProfile>,
}

pub fn supported(minor: u32) -> bool {
    SUPPORTED_KUBE_MINORS.contains(&minor)
}

/// Loads `text` with the profile `choice` gives it.
pub fn load(text: &str, choice: &Choice) -> Loaded {
    if let Some(l) = choice.link {
        // As podlife_cli::prepare_link_run: the link's minor (when modelled) and rules, and a
        // horizon that includes the link's playhead.
        let mut loaded = podlife_manifest::load_with(
            text,
            &LoadOptions {
                kube_minor: Some(l.minor),
                rules_version: Some(l.rules),
            },
        );
        if let Some(s) = loaded.scenario.as_mut() {
            if l.time > s.setup.until {
                s.setup.until = l.time.min(MAX_UNTIL);
            }
        }
        return loaded;
    }
    let loaded = podlife_manifest::load(text);
    match choice.minor.filter(|m| supported(*m)) {
        Some(m) if m != DEFAULT_KUBE_MINOR && version_span(&loaded).is_none() => {
            podlife_manifest::load_with(
                text,
                &LoadOptions {
                    kube_minor: Some(m),
                    rules_version: None,
                },
            )
        }
        _ => loaded,
    }
}

/// Where the Scenario document's `spec.kubernetesVersion` is (key and value), if it has one.
pub fn version_span(loaded: &Loaded) -> Option<Span> {
    let doc = loaded.scenario_doc?;
    loaded
        .source_map
        .docs
        .get(doc)?
        .get(&parse_path("spec.kubernetesVersion"))
}

/// Byte offset of a 1-based (line, column in characters) position.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b);
            return Some(start + within);
        }
        start += l.len();
    }
    (line == text.split_inclusive('\n').count() + 1).then_some(text.len())
}

/// `text` with the `kubernetesVersion` entry at `span` set to `1.<minor>`, keeping the value's
/// quotes (double quotes when it had none: an unquoted `1.30` would be the number 1.3) and
/// anything after it on the line.
pub fn set_version(text: &str, span: Span, minor: u32) -> Option<String> {
    let from = offset(text, span.line, span.column)?;
    let to = offset(text, span.end_line, span.end_column)?.max(from);
    let entry = text.get(from..to)?;
    let colon = entry.find(':')? + 1;
    let value = entry[colon..].trim_start();
    let value_at = from + entry.len() - value.len();
    // The value ends at the end of the entry or before a comment.
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    let quote = if value.starts_with('\'') { '\'' } else { '"' };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..value_at]);
    out.push_str(&format!("{quote}1.{minor}{quote}"));
    out.push_str(&text[value_at + value.len()..]);
    Some(out)
}

/// One version rule of the profile that applies to the scenario on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Differ {
    pub rule: Rule,
    /// docs/kubelet-rules.md rule number, e.g. `14.1`.
    pub section: &'static str,
    /// The minors it holds in.
    pub first: u32,
    pub last: u32,
    /// The engine rules version that brought it in (a link made with older rules replays
    /// without it).
    pub rules: u32,
    /// Whether the run on screen has it.
    pub on: bool,
}

/// What the rule changes, in the reader's language (Kubernetes names stay as they are).
pub fn title(rule: Rule, lang: Lang) -> &'static str {
    let (en, zh) = match rule {
        Rule::ContainerEventsWithoutName => (
            "Created/Started events name no container (\"Container created\")",
            zh!("Created/Started 事件不含容器名（“Container created”）"),
        ),
        Rule::ImagePresentAccessibleByPod => (
            "Pulled for a present image adds \"and can be accessed by the pod\"",
            zh!("镜像已存在时 Pulled 附加 “and can be accessed by the pod”"),
        ),
        Rule::DescribeEventFieldPath => (
            "describe prefixes container events with their fieldPath",
            zh!("describe 在容器事件前加上 fieldPath"),
        ),
        Rule::ObservedGeneration => (
            "observedGeneration in the status and conditions",
            zh!("status 与 conditions 带有 observedGeneration"),
        ),
        Rule::TaintReasonWithoutKeyValue => (
            "FailedScheduling names no taint",
            zh!("FailedScheduling 不再列出污点"),
        ),
        Rule::DraPostFilterMessage => (
            "FailedScheduling adds \"no new claims to deallocate\"",
            zh!("FailedScheduling 附加 “no new claims to deallocate”"),
        ),
        Rule::ContainerRestartRules => (
            "container restartPolicy and restartPolicyRules decide restarts",
            zh!("容器级 restartPolicy 与 restartPolicyRules 决定重启"),
        ),
        Rule::RestartAllContainers => (
            "RestartAllContainers and the AllContainersRestarting condition",
            zh!("RestartAllContainers 与 AllContainersRestarting 状况"),
        ),
        Rule::ReadyToStartAtSandboxReady => (
            "PodReadyToStartContainers True at sandbox-ready, before the pulls",
            zh!("沙箱就绪即置 PodReadyToStartContainers 为 True（早于拉取）"),
        ),
        Rule::SandboxNotReadyReason => (
            "PodReadyToStartContainers=False has a reason and message",
            zh!("PodReadyToStartContainers=False 带有原因与消息"),
        ),
        Rule::NoExecReadinessWhileTerminating => (
            "exec readiness probes stop while the pod terminates",
            zh!("Pod 终止期间 exec 就绪探针停止"),
        ),
        // The same in every supported minor: never listed (see `differs`); a rule added later
        // is not listed until it has its words here (the tests ask for them).
        _ => ("", ""),
    };
    lang.pick(en, zh)
}

/// Whether the scenario on screen meets the rule at all: its pod, its YAML or its trace has
/// what the rule is about, whatever the minor (so the list names the same rules in every
/// version, each on or off).
fn meets(rule: Rule, run: &Run) -> bool {
    let trace = &run.trace;
    let spec = &trace.scenario.pod.spec;
    let event = |f: &dyn Fn(&podlife_engine::Event) -> bool| trace.events.iter().any(f);
    let condition = |kind: &str, status: &str| {
        trace.frames.iter().any(|f| {
            f.conditions
                .iter()
                .any(|c| c.type_ == kind && c.status == status)
        })
    };
    match rule {
        Rule::ContainerEventsWithoutName => {
            event(&|e| e.from == "kubelet" && matches!(e.reason, "Created" | "Started"))
        }
        Rule::ImagePresentAccessibleByPod => {
            event(&|e| e.reason == "Pulled" && e.message.contains("already present"))
        }
        Rule::DescribeEventFieldPath => event(&|e| e.object != "pod"),
        Rule::ObservedGeneration | Rule::MetadataGeneration => {
            trace.frames.iter().any(|f| f.exists)
        }
        Rule::SchedulingGates => in_yaml(&run.loaded, "spec.schedulingGates"),
        Rule::TaintReasonWithoutKeyValue => {
            event(&|e| e.reason == "FailedScheduling" && e.message.contains("untolerated taint"))
        }
        Rule::DraPostFilterMessage | Rule::PreemptionPerNode => {
            event(&|e| e.reason == "FailedScheduling")
        }
        // The YAML, not the pod: 1.34's API server drops these fields (V4.1).
        Rule::ContainerRestartRules => restart_fields(run),
        Rule::RestartAllContainers => {
            restart_fields(run) && run.text.contains("RestartAllContainers")
        }
        Rule::ReadyToStartAtSandboxReady => condition("PodReadyToStartContainers", "True"),
        Rule::SandboxNotReadyReason => condition("PodReadyToStartContainers", "False"),
        Rule::NoExecReadinessWhileTerminating => {
            let exec_readiness = spec
                .init_containers
                .iter()
                .chain(&spec.containers)
                .any(|c| {
                    c.readiness_probe
                        .as_ref()
                        .is_some_and(|p| matches!(p.handler, ProbeHandler::Exec { .. }))
                });
            exec_readiness && trace.frames.iter().any(|f| f.deletion_timestamp.is_some())
        }
        Rule::TerminationMessages => trace
            .frames
            .iter()
            .any(|f| f.containers.iter().any(|c| c.state == "terminated")),
        // Every supported minor alike (not listed), or a rule added later that the page does
        // not know how to find in a scenario: never claimed.
        _ => false,
    }
}

/// Whether the YAML gives a container a restart policy of its own or restart rules (an init
/// container's `restartPolicy` makes a sidecar: not these rules).
fn restart_fields(run: &Run) -> bool {
    let spec = &run.trace.scenario.pod.spec;
    let loaded = &run.loaded;
    (0..spec.containers.len()).any(|i| {
        in_yaml(loaded, &format!("spec.containers[{i}].restartPolicy"))
            || in_yaml(loaded, &format!("spec.containers[{i}].restartPolicyRules"))
    }) || (0..spec.init_containers.len()).any(|i| {
        in_yaml(
            loaded,
            &format!("spec.initContainers[{i}].restartPolicyRules"),
        )
    })
}

/// Whether a field of the pod is written in the YAML (also inside a controller's template).
fn in_yaml(loaded: &Loaded, pod_path: &str) -> bool {
    let Some(src) = &loaded.pod_source else {
        return false;
    };
    let full = if src.template_path.is_empty() {
        pod_path.to_string()
    } else {
        format!("{}.{pod_path}", src.template_path)
    };
    loaded
        .source_map
        .docs
        .get(src.doc)
        .is_some_and(|d| d.get(&parse_path(&full)).is_some())
}

/// The rules that depend on the minor and that the scenario on screen meets, in the order of
/// the profile's rule table. Rules that hold in every supported minor (they only depend on
/// the engine rules version) are not "what differs in this version".
pub fn differs(run: &Run) -> Vec<Differ> {
    let profile: Profile = run.trace.scenario.setup.profile();
    let (oldest, newest) = (SUPPORTED_KUBE_MINORS[0], SUPPORTED_KUBE_MINORS[4]);
    RULE_KEYS
        .iter()
        .filter(|k| !(k.first <= oldest && k.last >= newest))
        .filter(|k| meets(k.rule, run))
        .map(|k| Differ {
            rule: k.rule,
            section: k.section,
            first: k.first,
            last: k.last,
            rules: k.rules,
            on: profile.has(k.rule),
        })
        .collect()
}

/// What a link made with older engine rules does in the page.
pub fn old_rules_note(rules: u32, lang: Lang) -> String {
    let now = podlife_spec::ENGINE_RULES_VERSION;
    match lang {
        Lang::En => format!(
            "This link replays with podlife's rules v{rules}, as it was made. Editing it or picking a version runs today's rules (v{now})."
        ),
        Lang::Zh => zh_format!(
            "此链接按制作时的 podlife 规则 v{rules} 重放。编辑它或选择版本后将使用当前规则（v{now}）。",
            rules = rules,
            now = now,
        ),
    }
}

/// `1.35–1.37`, or `1.35` for a rule of one minor.
pub fn minors_text(first: u32, last: u32) -> String {
    if first == last {
        format!("1.{first}")
    } else {
        format!("1.{first}–1.{last}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analyse_with;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: busybox\n    command: [sleep, \"3600\"]\n";

    fn with_version(v: &str) -> String {
        format!("{POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: {v}  # the cluster\n  until: 1m\n")
    }

    fn events(text: &str, choice: &Choice) -> Vec<String> {
        let run = analyse_with(text, choice).run.expect("valid");
        run.trace.events.iter().map(|e| e.message.clone()).collect()
    }

    #[test]
    fn the_picker_is_the_version_when_the_yaml_names_none() {
        let pick = |m| Choice {
            minor: Some(m),
            link: None,
        };
        assert!(events(POD, &pick(34)).contains(&"Created container: app".to_string()));
        assert!(events(POD, &pick(37)).contains(&"Container created".to_string()));
        let run = analyse_with(POD, &pick(34)).run.unwrap();
        assert_eq!(run.trace.scenario.setup.kube_minor, 34);
    }

    #[test]
    fn the_yaml_version_wins_over_the_picker() {
        let text = with_version("\"1.34\"");
        let run = analyse_with(
            &text,
            &Choice {
                minor: Some(37),
                link: None,
            },
        )
        .run
        .unwrap();
        assert_eq!(run.trace.scenario.setup.kube_minor, 34);
        assert!(version_span(&run.loaded).is_some());
        assert!(version_span(&podlife_manifest::load(POD)).is_none());
    }

    #[test]
    fn picking_rewrites_the_yaml_value_and_keeps_its_style() {
        for (before, after) in [
            ("\"1.34\"", "\"1.36\""),
            ("'1.34'", "'1.36'"),
            ("1.34", "\"1.36\""),
            ("v1.34.2", "\"1.36\""),
        ] {
            let text = with_version(before);
            let loaded = podlife_manifest::load(&text);
            let span = version_span(&loaded).expect("named");
            let out = set_version(&text, span, 36).expect("edited");
            assert_eq!(out, with_version(after), "{before}");
            let run = analyse_with(&out, &Choice::default()).run.unwrap();
            assert_eq!(run.trace.scenario.setup.kube_minor, 36);
        }
        // A flow mapping and a multi-byte character before the value.
        let text = format!("{POD}---\napiVersion: podlife/v1\nkind: Scenario\nmetadata: {{name: 版本}}\nspec: {{kubernetesVersion: \"1.33\", until: 1m}}\n");
        let span = version_span(&podlife_manifest::load(&text)).unwrap();
        assert_eq!(
            set_version(&text, span, 35).unwrap(),
            text.replace("\"1.33\"", "\"1.35\"")
        );
    }

    #[test]
    fn a_link_replays_with_its_own_profile_and_horizon() {
        let link = |minor, rules| Choice {
            minor: Some(37),
            link: Some(LinkProfile {
                minor,
                rules,
                time: SimTime::from_secs(900),
            }),
        };
        // Rules v1 had the names in every minor; v2 keys them by minor.
        assert!(events(POD, &link(35, 1)).contains(&"Created container: app".to_string()));
        assert!(events(POD, &link(35, 2)).contains(&"Container created".to_string()));
        let run = analyse_with(POD, &link(33, 1)).run.unwrap();
        assert_eq!(run.trace.scenario.setup.kube_minor, 33);
        assert_eq!(run.trace.scenario.setup.rules_version, 1);
        assert_eq!(run.trace.until, SimTime::from_secs(900));
    }

    #[test]
    fn what_differs_lists_the_rules_the_scenario_meets() {
        let rules = |text: &str, m: u32| -> Vec<(Rule, bool)> {
            let run = analyse_with(
                text,
                &Choice {
                    minor: Some(m),
                    link: None,
                },
            )
            .run
            .unwrap();
            differs(&run).iter().map(|d| (d.rule, d.on)).collect()
        };
        let plain = rules(POD, 34);
        assert!(plain.contains(&(Rule::ContainerEventsWithoutName, false)));
        assert!(plain.contains(&(Rule::ObservedGeneration, true)));
        assert!(plain.contains(&(Rule::DescribeEventFieldPath, false)));
        // Not met by this pod: no restart rules, no scheduling failure, no deletion.
        for absent in [
            Rule::ContainerRestartRules,
            Rule::TaintReasonWithoutKeyValue,
            Rule::DraPostFilterMessage,
            Rule::NoExecReadinessWhileTerminating,
        ] {
            assert!(!plain.iter().any(|(r, _)| *r == absent), "{absent:?}");
        }
        // Every supported minor alike: never listed.
        assert!(!plain.iter().any(|(r, _)| *r == Rule::TerminationMessages));
        assert!(rules(POD, 37).contains(&(Rule::ContainerEventsWithoutName, true)));

        let restarting = POD.replace(
            "    command: [sleep, \"3600\"]\n",
            "    command: [sh, -c, \"exit 3\"]\n    restartPolicy: Never\n",
        );
        // Dropped by 1.34's API server, yet the scenario has it: listed, off.
        assert!(rules(&restarting, 34).contains(&(Rule::ContainerRestartRules, false)));
        assert!(rules(&restarting, 36).contains(&(Rule::ContainerRestartRules, true)));
    }

    #[test]
    fn every_rule_names_a_section_and_both_languages() {
        let every_minor = |k: &podlife_spec::profile::RuleKey| {
            k.first == SUPPORTED_KUBE_MINORS[0] && k.last == SUPPORTED_KUBE_MINORS[4]
        };
        for k in RULE_KEYS {
            // Every rule that can be listed links to its rule.
            assert!(every_minor(k) || !k.section.is_empty(), "{:?}", k.rule);
            // Every rule that can be listed has its words in both languages.
            assert_eq!(
                title(k.rule, Lang::En).is_empty(),
                every_minor(k),
                "{:?}",
                k.rule
            );
            if !every_minor(k) {
                assert_ne!(
                    title(k.rule, Lang::En),
                    title(k.rule, Lang::Zh),
                    "{:?}",
                    k.rule
                );
            }
        }
        // The numbers are those of the rule's own doc comment in the profile (`/// §14.1: ...`).
        let profile = include_str!("../../crates/spec/src/profile.rs");
        let docs: Vec<&str> = profile
            .split("pub enum Rule {")
            .nth(1)
            .and_then(|s| s.split("\n}").next())
            .expect("enum Rule")
            .lines()
            .filter_map(|l| l.trim().strip_prefix("/// §"))
            .collect();
        assert_eq!(docs.len(), RULE_KEYS.len());
        for (k, doc) in RULE_KEYS.iter().zip(docs) {
            if k.section.is_empty() {
                continue;
            }
            assert!(
                doc.starts_with(&format!("{}:", k.section)),
                "{:?}: {doc}",
                k.rule
            );
        }
        assert_eq!(minors_text(35, 37), "1.35–1.37");
        assert_eq!(minors_text(35, 35), "1.35");
    }
}
