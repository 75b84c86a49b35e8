//! "Why did this happen?": a one-paragraph explanation of a clicked event, probe tick,
//! container lane or condition, the YAML lines that caused it (via the manifest's source map),
//! the rule it follows (docs/kubelet-rules.md) and the kubernetes.io page of the concept.

use podlife_engine::Event;
use podlife_spec::{Container, Probe, SimTime};

use crate::i18n::Lang;
use crate::model::Run;
use crate::types::Pick;

#[derive(Clone, Debug, PartialEq)]
pub struct Why {
    pub title: String,
    pub text: String,
    /// docs/kubelet-rules.md section, e.g. `§5.8`.
    pub section: &'static str,
    /// 1-based first and last line to highlight in the editor.
    pub lines: Option<(usize, usize)>,
}

/// The kubernetes.io page (path under `/docs/`, with its anchor) that explains the concept of
/// a rule section.
pub fn concept(section: &str) -> &'static str {
    let n = section.trim_start_matches('§');
    let (major, minor) = match n.split_once('.') {
        Some((a, b)) => (a, b.parse::<u32>().unwrap_or(0)),
        None => (n, 0),
    };
    match major {
        "1" => "concepts/workloads/pods/pod-lifecycle/#pod-phase",
        "2" => "concepts/workloads/pods/pod-lifecycle/#pod-conditions",
        "3" => "concepts/workloads/pods/pod-lifecycle/#container-states",
        "5" => "concepts/configuration/liveness-readiness-startup-probes/",
        "6" => "concepts/workloads/pods/pod-lifecycle/#restart-policy",
        "7" if minor >= 11 => "concepts/workloads/pods/sidecar-containers/",
        "7" => "concepts/workloads/pods/init-containers/",
        "8" => "concepts/containers/container-lifecycle-hooks/",
        "9" => "concepts/workloads/pods/pod-lifecycle/#pod-termination",
        "10" => "concepts/containers/images/#image-pull-policy",
        "11" if minor >= 6 => "concepts/scheduling-eviction/kube-scheduler/",
        "11" => "concepts/configuration/manage-resources-containers/",
        "12" => "concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions",
        "13" => "reference/kubectl/generated/kubectl_events/",
        _ => "concepts/workloads/pods/pod-lifecycle/",
    }
}

/// The kubernetes.io address of [`concept`] in the reader's language.
pub fn concept_url(section: &str, lang: Lang) -> String {
    let prefix = match lang {
        Lang::En => "https://kubernetes.io/docs/",
        Lang::Zh => "https://kubernetes.io/zh-cn/docs/",
    };
    format!("{prefix}{}", concept(section))
}

/// The rule's place in the project's rules document: docs/kubelet-rules.md, rendered at build
/// time into `rules.html` beside the app (same origin, works offline once opened), one anchor
/// per rule number.
pub fn rule_url(section: &str) -> String {
    format!("rules.html#{}", section.trim_start_matches('§'))
}

/// (path, container) of a container by name: `spec.containers[1]` / `spec.initContainers[0]`.
fn container_path<'a>(run: &'a Run, name: &str) -> Option<(String, &'a Container)> {
    let spec = &run.trace.scenario.pod.spec;
    if let Some(i) = spec.init_containers.iter().position(|c| c.name == name) {
        return Some((
            format!("spec.initContainers[{i}]"),
            &spec.init_containers[i],
        ));
    }
    spec.containers
        .iter()
        .position(|c| c.name == name)
        .map(|i| (format!("spec.containers[{i}]"), &spec.containers[i]))
}

fn lines_of(run: &Run, pod_path: &str) -> Option<(usize, usize)> {
    run.loaded
        .pod_span(pod_path)
        .map(|s| (s.line, s.end_line.max(s.line)))
}

/// `spec.containers{web}` → `web`.
fn object_container(e: &Event) -> Option<&str> {
    let open = e.object.find('{')?;
    e.object.get(open + 1..e.object.len().checked_sub(1)?)
}

fn probe_of<'a>(c: &'a Container, kind: &str) -> Option<(&'static str, &'a Probe)> {
    match kind {
        "liveness" => c.liveness_probe.as_ref().map(|p| ("livenessProbe", p)),
        "readiness" => c.readiness_probe.as_ref().map(|p| ("readinessProbe", p)),
        "startup" => c.startup_probe.as_ref().map(|p| ("startupProbe", p)),
        _ => None,
    }
}

pub fn explain(run: &Run, pick: &Pick, lang: Lang, t: SimTime) -> Why {
    match pick {
        Pick::Event(i) => match run.trace.events.get(*i) {
            Some(e) => explain_event(run, e, lang),
            None => Why {
                title: String::new(),
                text: String::new(),
                section: "",
                lines: None,
            },
        },
        Pick::Container(name, at) => explain_container(run, name, lang, at.unwrap_or(t)),
        Pick::Condition(kind, at) => explain_condition(run, kind, lang, at.unwrap_or(t)),
        Pick::Probe { mark, at, run: n } => explain_probe(run, *mark, *at, *n, lang),
    }
}

/// Why a pod condition has its value at `t` (issue 6: "Ready=False because readinessProbe
/// failed 3 times in a row (failureThreshold 3, periodSeconds 5)").
fn explain_condition(run: &Run, kind: &str, lang: Lang, t: SimTime) -> Why {
    let trace = &run.trace;
    let cond = trace
        .frame_at(t)
        .and_then(|f| f.conditions.iter().find(|c| c.type_ == kind).cloned());
    let Some(cond) = cond else {
        return Why {
            title: kind.to_string(),
            text: lang
                .pick("Not reported yet at this instant.", zh!("此刻尚未上报。"))
                .to_string(),
            section: "§2",
            lines: None,
        };
    };
    let title = format!(
        "{kind}={}{}",
        cond.status,
        cond.reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default()
    );
    let section = match kind {
        "PodScheduled" => "§2.1",
        "PodReadyToStartContainers" => "§2.2",
        "Initialized" => "§2.3",
        "ContainersReady" => "§2.4",
        _ => "§2.5",
    };
    // Not-ready containers named in the message: "containers with unready status: [a b]".
    let unready: Vec<String> = cond
        .message
        .as_deref()
        .and_then(|m| {
            m.split_once('[')
                .map(|(_, r)| r.trim_end_matches(']').to_string())
        })
        .map(|r| r.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    if cond.status == "True"
        || unready.is_empty()
        || !(kind == "Ready" || kind == "ContainersReady")
    {
        let text = match kind {
            "PodScheduled" => lang.pick(
                "True once the scheduler has bound the pod to a node.",
                zh!("调度器把 Pod 绑定到节点后为 True。"),
            ),
            "PodReadyToStartContainers" => lang.pick(
                "True once the pod sandbox (its network namespace and IP) exists.",
                zh!("Pod 沙箱（网络命名空间和 IP）创建后为 True。"),
            ),
            "Initialized" => lang.pick(
                "True once every init container has completed (sidecars: once started).",
                zh!("所有 init 容器完成后（边车容器：启动后）为 True。"),
            ),
            _ => lang.pick(
                "True while every container is ready (running, started, and its readiness probe, if any, succeeds) — and every readiness gate is True.",
                zh!("当所有容器都就绪（运行中、已启动、就绪探针成功）且所有就绪门控为 True 时为 True。"),
            ),
        };
        let msg = cond.message.clone().unwrap_or_default();
        return Why {
            title,
            text: format!("{text} {msg}"),
            section,
            lines: None,
        };
    }
    let mut parts = Vec::new();
    let mut lines = None;
    for name in &unready {
        let Some((path, c)) = container_path(run, name) else {
            continue;
        };
        let status = trace
            .frame_at(t)
            .and_then(|f| f.containers.iter().find(|s| *s.name == **name).cloned());
        let running = status.as_ref().is_some_and(|s| s.state == "running");
        match (&c.readiness_probe, running) {
            (Some(p), true) => {
                let last = trace
                    .probes
                    .iter()
                    .rfind(|m| m.container == *name && m.probe == "readiness" && m.time <= t);
                let fails = last
                    .filter(|m| m.result == "failure" || m.result == "error")
                    .map(|m| {
                        let step = if m.count > 1 {
                            m.last.saturating_sub(m.time).as_millis() / u64::from(m.count - 1)
                        } else {
                            1
                        };
                        let k = t
                            .min(m.last)
                            .saturating_sub(m.time)
                            .as_millis()
                            .checked_div(step)
                            .unwrap_or(0) as u32;
                        m.run + k
                    })
                    .unwrap_or(0);
                parts.push(format!(
                    "{} {name} {} {fails} {} (failureThreshold {}, periodSeconds {}).",
                    lang.pick("container", zh!("容器")),
                    lang.pick(
                        "is not ready: its readinessProbe failed",
                        zh!("未就绪：就绪探针连续失败")
                    ),
                    lang.pick("times in a row", zh!("次")),
                    p.failure_threshold,
                    p.period_seconds,
                ));
                lines = lines.or_else(|| lines_of(run, &format!("{path}.readinessProbe")));
            }
            _ => {
                let st = status
                    .map(|s| {
                        format!(
                            "{}{}",
                            s.state,
                            s.reason.map(|r| format!(" ({r})")).unwrap_or_default()
                        )
                    })
                    .unwrap_or_default();
                parts.push(format!(
                    "{} {name} {} {st}.",
                    lang.pick("container", zh!("容器")),
                    lang.pick("is not ready: it is", zh!("未就绪：状态为")),
                ));
                lines = lines.or_else(|| lines_of(run, &path));
            }
        }
    }
    Why {
        title: title.clone(),
        text: format!(
            "{title} {} {}",
            lang.pick("because", zh!("因为")),
            parts.join(" ")
        ),
        section,
        lines,
    }
}

fn explain_container(run: &Run, name: &str, lang: Lang, t: SimTime) -> Why {
    let summary = run
        .trace
        .explanations
        .iter()
        .find(|x| x.container == name)
        .map(|x| {
            let mut s = crate::hints::summary(&x.summary, lang);
            for w in &x.warnings {
                s.push_str(lang.pick(" (", zh!("（")));
                s.push_str(&crate::hints::guess(w, lang));
                s.push_str(lang.pick(")", zh!("）")));
            }
            s
        })
        .unwrap_or_default();
    let state = run
        .trace
        .frame_at(t)
        .and_then(|f| f.containers.iter().find(|c| &*c.name == name).cloned());
    let state_text = state
        .map(|c| {
            let reason = c.reason.map(|r| format!(" ({r})")).unwrap_or_default();
            lang.pick("At this instant it is ", zh!("此刻它的状态是 "))
                .to_string()
                + &format!(
                    "{}{reason}, restartCount {}, ready {}.",
                    c.state, c.restart_count, c.ready
                )
        })
        .unwrap_or_default();
    let path = container_path(run, name).map(|(p, _)| p);
    Why {
        title: format!("{} {name}", lang.pick("container", zh!("容器"))),
        text: match lang {
            Lang::En => format!("What the process does: {summary}. {state_text}"),
            Lang::Zh => zh_format!(
                "进程的行为：{summary}。{state_text}",
                summary = summary,
                state_text = state_text
            ),
        },
        section: "§3",
        lines: path.and_then(|p| lines_of(run, &p)),
    }
}

/// One probe tick: which probe, its result and output, the threshold counter, and what
/// happens next (rules §5.6–§5.9, §5.15).
fn explain_probe(run: &Run, mark: usize, at: SimTime, n: u64, lang: Lang) -> Why {
    let trace = &run.trace;
    let Some(m) = trace.probes.get(mark) else {
        return Why {
            title: String::new(),
            text: String::new(),
            section: "§5",
            lines: None,
        };
    };
    let kind = m.probe;
    let cpath = container_path(run, &m.container);
    let probe = cpath.as_ref().and_then(|(_, c)| probe_of(c, kind));
    let lines = match (&cpath, probe) {
        (Some((path, _)), Some((field, _))) => lines_of(run, &format!("{path}.{field}")),
        _ => None,
    };
    let Some((field, p)) = probe else {
        return Why {
            title: format!("{} {kind}: {}", m.container, m.result),
            text: m.output.clone(),
            section: "§5",
            lines,
        };
    };
    let output = m.output.trim();
    let output = if output.is_empty() {
        String::new()
    } else {
        format!(" {} {output}", lang.pick("Output:", zh!("输出：")))
    };
    let period = p.period_seconds;
    let has_pre_stop = cpath
        .as_ref()
        .is_some_and(|(_, c)| c.lifecycle.pre_stop.is_some());
    let restarts = trace.scenario.pod.spec.restart_policy != podlife_spec::RestartPolicy::Never;
    let (text, section) = match m.result {
        "success" | "warning" => {
            let warning = if m.result == "warning" {
                lang.pick(
                    " An HTTP redirect the prober did not follow counts as a success, with a warning event.",
                    zh!(" 探测器未跟随的 HTTP 重定向算作成功，并记录一条警告事件。"),
                )
            } else {
                ""
            };
            let next = match kind {
                "readiness" if n >= u64::from(p.success_threshold.max(1) as u32) => lang.pick(
                    "The container counts as ready: with every container ready, the pod's Ready condition turns True and it receives Service traffic.",
                    zh!("容器被视为就绪：所有容器都就绪后，Pod 的 Ready 条件变为 True，开始接收 Service 流量。"),
                ),
                "readiness" => lang.pick(
                    "Not ready yet: successThreshold needs more successes in a row.",
                    zh!("尚未就绪：需要连续更多次成功才能达到 successThreshold。"),
                ),
                "startup" => lang.pick(
                    "The container has started: the startup probe stops and the liveness and readiness probes begin.",
                    zh!("容器已启动：启动探针停止，存活和就绪探针开始运行。"),
                ),
                _ => lang.pick(
                    "Nothing changes: the container keeps running.",
                    zh!("没有变化：容器继续运行。"),
                ),
            };
            (
                format!(
                    "{} {n} {} (successThreshold {}).{warning} {next} {} {period} s.{output}",
                    lang.pick("Success,", zh!("成功，连续第")),
                    lang.pick("in a row", zh!("次")),
                    p.success_threshold,
                    lang.pick("Next probe in", zh!("下次探测在")),
                ),
                "§5.8",
            )
        }
        "failure" | "error" => {
            let threshold = u64::from(p.failure_threshold.max(1) as u32);
            let consequence = match kind {
                "readiness" => lang.pick(
                    "the container is marked not ready (Ready=False, no Service traffic); it is not restarted",
                    zh!("容器被标记为未就绪（Ready=False，不再接收 Service 流量）；不会重启"),
                ),
                _ if restarts && has_pre_stop => lang.pick(
                    "the kubelet kills the container (its preStop hook, SIGTERM, SIGKILL after the grace period) and restarts it",
                    zh!("kubelet 杀死容器（preStop 钩子、SIGTERM，宽限期后 SIGKILL）并重启它"),
                ),
                _ if restarts => lang.pick(
                    "the kubelet kills the container (SIGTERM, SIGKILL after the grace period) and restarts it",
                    zh!("kubelet 杀死容器（SIGTERM，宽限期后 SIGKILL）并重启它"),
                ),
                _ => lang.pick(
                    "the kubelet kills the container; restartPolicy Never: it is not restarted",
                    zh!("kubelet 杀死容器；restartPolicy 为 Never：不会重启"),
                ),
            };
            let next = if n >= threshold {
                format!("{} {consequence}.", lang.pick("Threshold reached:", zh!("达到阈值：")))
            } else {
                let more = threshold - n;
                match lang {
                    Lang::En => format!(
                        "{more} more failure{} in a row and {consequence}. Next probe in {period} s.",
                        if more == 1 { "" } else { "s" }
                    ),
                    Lang::Zh => zh_format!("再连续失败 {more} 次，{consequence}。下次探测在 {period} 秒后。", more = more, consequence = consequence, period = period),
                }
            };
            (
                format!(
                    "{} {n}/{threshold} (failureThreshold {threshold}, periodSeconds {period}, timeoutSeconds {}). {next}{output}",
                    lang.pick("Failure, in a row:", zh!("失败，连续：")),
                    p.timeout_seconds,
                ),
                if n >= threshold { "§5.15" } else { "§5.8" },
            )
        }
        "delayed" => (
            format!(
                "{} (initialDelaySeconds {}).",
                lang.pick(
                    "Not probed yet: the container started less than initialDelaySeconds ago",
                    zh!("尚未探测：容器启动时间还不到 initialDelaySeconds"),
                ),
                p.initial_delay_seconds
            ),
            "§5.6",
        ),
        "not-started" => (
            lang.pick(
                "Not probed: liveness and readiness probes wait until the startup probe has succeeded.",
                zh!("未探测：存活和就绪探针要等启动探针成功后才运行。"),
            )
            .to_string(),
            "§5.14",
        ),
        _ => (
            lang.pick(
                "On hold: after a liveness or startup result that ends the container, the prober waits for the next container instance.",
                zh!("暂停：存活或启动探针的结果结束了容器之后，探测器等待下一个容器实例。"),
            )
            .to_string(),
            "§5.9",
        ),
    };
    let result = match (m.result, lang) {
        ("success", Lang::Zh) => zh!("成功"),
        ("warning", Lang::Zh) => zh!("警告"),
        ("failure" | "error", Lang::Zh) => zh!("失败"),
        ("delayed", Lang::Zh) => zh!("延迟"),
        ("not-started", Lang::Zh) => zh!("未开始"),
        ("on-hold", Lang::Zh) => zh!("暂停"),
        (r, _) => r,
    };
    Why {
        title: format!("{at} {} {field}: {result}", m.container),
        text,
        section,
        lines,
    }
}

fn explain_event(run: &Run, e: &Event, lang: Lang) -> Why {
    let trace = &run.trace;
    let cname = object_container(e).map(str::to_string);
    let cpath = cname.as_deref().and_then(|n| container_path(run, n));
    let title = format!("{} {}: {}", e.type_, e.reason, e.message.trim_end());
    let mk = |text: String, section: &'static str, path: Option<String>| Why {
        title: title.clone(),
        text,
        section,
        lines: path.and_then(|p| lines_of(run, &p)),
    };
    let c_field = |f: &str| cpath.as_ref().map(|(p, _)| format!("{p}.{f}"));
    match e.reason {
        "Scheduled" => mk(
            lang.pick(
                "The scheduler (default-scheduler) found a node with enough free CPU, memory and pod slots whose labels match the pod's nodeSelector, and bound the pod to it; the API server stores the binding and that node's kubelet takes over.",
                zh!("调度器（default-scheduler）找到一个 CPU、内存和 Pod 数量都足够、标签满足 nodeSelector 的节点，并把 Pod 绑定上去；API server 保存绑定，该节点的 kubelet 接手。"),
            ).to_string(),
            "§11.6",
            Some(if trace.scenario.pod.spec.node_selector.is_empty() { "spec".into() } else { "spec.nodeSelector".into() }),
        ),
        "FailedScheduling" => mk(
            lang.pick(
                "No node passed the scheduler's filters (resources, nodeSelector, taints), so the pod stays Pending and PodScheduled=False; the scheduler retries when the cluster changes.",
                zh!("没有节点通过调度器的过滤（资源、nodeSelector、污点），Pod 保持 Pending，PodScheduled=False；集群变化时调度器会重试。"),
            ).to_string(),
            "§11.7",
            Some(if trace.scenario.pod.spec.node_selector.is_empty() { "spec".into() } else { "spec.nodeSelector".into() }),
        ),
        "Pulling" | "Pulled" => {
            let policy = cpath
                .as_ref()
                .map(|(_, c)| format!("{:?}", c.image_pull_policy))
                .unwrap_or_default();
            mk(
                format!(
                    "{} imagePullPolicy: {policy}. {}",
                    lang.pick("The kubelet decides whether to pull from", zh!("kubelet 根据")),
                    lang.pick(
                        "Always pulls every time a container starts; IfNotPresent and Never use an image already on the node (Never fails with ErrImageNeverPull if it is missing). A tag of latest, or no tag, defaults the policy to Always.",
                        zh!("决定是否拉取镜像：Always 每次启动都拉取；IfNotPresent 和 Never 使用节点上已有的镜像（Never 在镜像缺失时报 ErrImageNeverPull）。标签为 latest 或没有标签时，默认策略是 Always。"),
                    )
                ),
                "§10.1",
                c_field("image"),
            )
        }
        "Failed" | "BackOff" if e.message.contains("image") || e.message.contains("Image") => mk(
            lang.pick(
                "The image could not be pulled (a wrong registry, repository or tag, or policy Never with the image absent). The kubelet retries with a back-off that doubles from 10 s up to 5 min; meanwhile the container waits in ErrImagePull / ImagePullBackOff.",
                zh!("镜像无法拉取（仓库、镜像名或标签错误，或策略为 Never 而节点上没有该镜像）。kubelet 以从 10 秒翻倍、最多 5 分钟的退避重试；期间容器处于 ErrImagePull / ImagePullBackOff 等待状态。"),
            ).to_string(),
            "§10.5",
            c_field("image"),
        ),
        "Created" | "Started" => {
            let summary = cname
                .as_deref()
                .and_then(|n| trace.explanations.iter().find(|x| x.container == n))
                .map(|x| crate::hints::summary(&x.summary, lang))
                .unwrap_or_default();
            mk(
                format!(
                    "{} {summary}",
                    lang.pick(
                        "The kubelet asked the container runtime to create and start the container (init containers one at a time first, then sidecars, then the regular containers). The process:",
                        zh!("kubelet 请求容器运行时创建并启动容器（先逐个运行 init 容器，再启动边车，最后是普通容器）。进程行为："),
                    )
                ),
                "§7.1",
                cpath.as_ref().map(|(p, _)| p.clone()),
            )
        }
        "Unhealthy" | "ProbeWarning" => {
            let kind = ["Liveness", "Readiness", "Startup"]
                .into_iter()
                .find(|k| e.message.starts_with(k))
                .unwrap_or("Liveness")
                .to_ascii_lowercase();
            let probe = cpath.as_ref().and_then(|(_, c)| probe_of(c, &kind));
            let (field, detail) = match probe {
                Some((field, p)) => {
                    let consequence = match kind.as_str() {
                        "readiness" => lang.pick(
                            "the container is marked not ready: Ready=False and the pod leaves the Services' endpoints; it is not restarted",
                            zh!("容器被标记为未就绪：Ready=False，Pod 从 Service 的端点中移除；容器不会被重启"),
                        ),
                        "startup" => lang.pick(
                            "the kubelet kills and restarts the container (liveness and readiness wait until the startup probe succeeds)",
                            zh!("kubelet 杀死并重启容器（启动探针成功之前，存活和就绪探针不会运行）"),
                        ),
                        _ => lang.pick(
                            "the kubelet kills the container (SIGTERM, then SIGKILL after the grace period) and restarts it according to restartPolicy",
                            zh!("kubelet 杀死容器（先 SIGTERM，宽限期后 SIGKILL），并按 restartPolicy 重启"),
                        ),
                    };
                    (
                        Some(field),
                        format!(
                            "{} {kind} {} {} {} (failureThreshold {}, periodSeconds {}, timeoutSeconds {}, initialDelaySeconds {}), {consequence}.",
                            lang.pick("The", ""),
                            lang.pick("probe failed; after", zh!("探针失败；连续失败")),
                            p.failure_threshold,
                            lang.pick("failures in a row", zh!("次后")),
                            p.failure_threshold,
                            p.period_seconds,
                            p.timeout_seconds,
                            p.initial_delay_seconds,
                        ),
                    )
                }
                None => (None, e.message.clone()),
            };
            mk(detail, "§5.8", field.and_then(&c_field))
        }
        "Killing" => {
            let kill = run
                .kills
                .iter()
                .find(|k| k.start == e.time && cname.as_deref() == Some(k.container.as_str()));
            let text = match kill {
                Some(k) => crate::countdown::story(k, lang),
                None => lang
                    .pick(
                        "The kubelet stops the container: preStop hook (if any), SIGTERM, SIGKILL when the grace period ends.",
                        zh!("kubelet 停止容器：先执行 preStop 钩子（如有），再发送 SIGTERM，宽限期结束时发送 SIGKILL。"),
                    )
                    .to_string(),
            };
            mk(
                text,
                "§9.4",
                if e.message.contains("liveness") || e.message.contains("startup") {
                    c_field(if e.message.contains("startup") { "startupProbe" } else { "livenessProbe" })
                } else if cpath.as_ref().is_some_and(|(_, c)| c.lifecycle.pre_stop.is_some()) {
                    c_field("lifecycle")
                } else {
                    Some("spec.terminationGracePeriodSeconds".into())
                },
            )
        }
        "BackOff" => mk(
            format!(
                "{} restartPolicy: {:?}.",
                lang.pick(
                    "The container keeps exiting, so the kubelet waits before each restart: 10 s, then doubling (20 s, 40 s, …) up to 5 min; a container that runs 10 min without crashing resets the back-off. kubectl shows CrashLoopBackOff while it waits.",
                    zh!("容器不断退出，kubelet 在每次重启前等待：10 秒，然后翻倍（20 秒、40 秒……）直到 5 分钟；连续运行 10 分钟不崩溃会重置退避。等待期间 kubectl 显示 CrashLoopBackOff。"),
                ),
                trace.scenario.pod.spec.restart_policy
            ),
            "§6.4",
            cpath.as_ref().map(|(p, _)| format!("{p}.command")).or(Some("spec.restartPolicy".into())),
        ),
        "FailedPostStartHook" | "FailedPreStopHook" => mk(
            lang.pick(
                "A lifecycle hook failed. A failed postStart kills the container (it is then restarted per restartPolicy); a failed preStop is only reported and termination goes on.",
                zh!("生命周期钩子执行失败。postStart 失败会杀死容器（随后按 restartPolicy 重启）；preStop 失败只会被记录，终止流程继续。"),
            ).to_string(),
            "§8.3",
            c_field("lifecycle"),
        ),
        "NodeNotReady" | "TaintManagerEviction" => mk(
            lang.pick(
                "The node stopped reporting: the node controller marks it NotReady, sets the pod's Ready condition to False, and after the toleration period (300 s by default) evicts the pod.",
                zh!("节点停止上报：节点控制器把它标记为 NotReady，将 Pod 的 Ready 条件设为 False，并在容忍期（默认 300 秒）后驱逐 Pod。"),
            ).to_string(),
            "§12",
            None,
        ),
        _ => mk(
            format!(
                "{} {}: {}",
                lang.pick("Recorded by", zh!("记录者")),
                e.from,
                e.message.trim_end()
            ),
            "§13",
            cpath.as_ref().map(|(p, _)| p.clone()),
        ),
    }
}

/// Which components act for an event (issue 6 item 8): kubectl, API server, etcd, scheduler,
/// kubelet, container runtime.
pub fn actors(e: &Event) -> &'static [&'static str] {
    match (e.from, e.reason) {
        ("default-scheduler", _) => &["scheduler", "apiserver", "etcd"],
        ("node-controller", _) | ("taint-eviction-controller", _) => &["apiserver", "etcd"],
        (_, "Pulling" | "Pulled" | "Created" | "Started" | "Killing" | "Failed") => {
            &["kubelet", "runtime"]
        }
        (_, "Unhealthy" | "ProbeWarning") => &["kubelet", "runtime"],
        _ => &["kubelet"],
    }
}

/// One line saying which component does what for an event (the seeds' step lists).
pub fn step(e: &Event, trace: &podlife_engine::Trace, lang: Lang) -> String {
    let c = object_container(e).unwrap_or("");
    let spec = &trace.scenario.pod.spec;
    let pre_stop = spec
        .init_containers
        .iter()
        .chain(spec.containers.iter())
        .find(|x| x.name == c)
        .is_some_and(|x| x.lifecycle.pre_stop.is_some());
    match e.reason {
        "Scheduled" => lang
            .pick(
                "scheduler binds the pod to a node; the API server stores the binding in etcd",
                zh!("调度器把 Pod 绑定到节点；API server 把绑定写入 etcd"),
            )
            .to_string(),
        "FailedScheduling" => lang
            .pick("scheduler finds no fitting node", zh!("调度器找不到合适的节点"))
            .to_string(),
        "Pulling" => format!(
            "{} {c}",
            lang.pick("kubelet has the container runtime pull the image of", zh!("kubelet 让容器运行时拉取镜像："))
        ),
        "Pulled" => format!("{} {c}", lang.pick("the runtime has the image for", zh!("运行时已有镜像："))),
        "Created" | "Started" => format!(
            "{} {c}",
            lang.pick("kubelet has the runtime create and start", zh!("kubelet 让运行时创建并启动"))
        ),
        "Killing" if pre_stop => format!(
            "{} {c}",
            lang.pick(
                "kubelet runs preStop, then the runtime sends SIGTERM (SIGKILL after the grace period) to",
                zh!("kubelet 执行 preStop，然后运行时发送 SIGTERM（宽限期后 SIGKILL）给"),
            )
        ),
        "Killing" => format!(
            "{} {c}",
            lang.pick(
                "the runtime sends SIGTERM (SIGKILL after the grace period) to",
                zh!("运行时发送 SIGTERM（宽限期后 SIGKILL）给"),
            )
        ),
        "Unhealthy" => format!("{} {c}", lang.pick("kubelet's probe failed for", zh!("kubelet 的探针失败："))),
        "BackOff" => format!(
            "{} {c}",
            lang.pick("kubelet waits (back-off) before restarting", zh!("kubelet 退避等待后再重启"))
        ),
        _ => format!("{}: {}", e.from, e.reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analyse;

    const LIVE: &str = include_str!("../default-example.yaml");

    /// Every rule the page links to (a `"§x.y"` literal of the files that build links, and the
    /// version rules of "what differs") has its anchor in docs/kubelet-rules.md, which
    /// rules.html keeps one for one (xtask's rules_page tests).
    #[test]
    fn every_rule_the_page_links_to_has_its_anchor() {
        let doc = include_str!("../../docs/kubelet-rules.md");
        let mut linked: Vec<String> = vec!["minor".into()];
        for source in [
            include_str!("why.rs"),
            include_str!("app.rs"),
            include_str!("inspect.rs"),
        ] {
            for part in source.split("\"§").skip(1) {
                let n = part.split('"').next().unwrap_or_default();
                if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    linked.push(n.to_string());
                }
            }
        }
        for k in podlife_spec::profile::RULE_KEYS {
            let n = k.section;
            if !n.is_empty() {
                linked.push(n.to_string());
            }
        }
        assert!(linked.len() > 30, "{linked:?}");
        for n in &linked {
            let anchor = format!("<a id=\"{n}\"></a>");
            assert!(
                doc.contains(&anchor),
                "docs/kubelet-rules.md has no {anchor}"
            );
            assert_eq!(rule_url(&format!("§{n}")), format!("rules.html#{n}"));
        }
    }

    #[test]
    fn unhealthy_points_at_the_liveness_probe_lines() {
        let run = analyse(LIVE).run.expect("valid");
        let i = run
            .trace
            .events
            .iter()
            .position(|e| e.reason == "Unhealthy")
            .expect("an Unhealthy event");
        let w = explain(&run, &Pick::Event(i), Lang::En, run.trace.until);
        assert_eq!(w.section, "§5.8");
        assert!(
            w.text.contains("failureThreshold 3, periodSeconds 5"),
            "{}",
            w.text
        );
        // livenessProbe: starts at line 15 of the default example.
        let (first, last) = w.lines.expect("lines");
        assert_eq!(first, 15);
        assert!(last >= 20, "{last}");
        let zh = explain(&run, &Pick::Event(i), Lang::Zh, run.trace.until);
        assert!(zh.text.contains("探针失败"), "{}", zh.text);
    }

    #[test]
    fn ready_false_names_the_failing_readiness_probe() {
        let text = include_str!("../../examples/seeds/readiness-httpget-myapp.yaml");
        let run = analyse(text).run.expect("valid");
        let w = explain(
            &run,
            &Pick::Condition("Ready".into(), None),
            Lang::En,
            SimTime::from_secs(60),
        );
        assert!(w.title.starts_with("Ready=False"), "{}", w.title);
        assert!(
            w.text.contains("readinessProbe failed") && w.text.contains("failureThreshold 3"),
            "{}",
            w.text
        );
        assert!(w.lines.is_some());
    }

    #[test]
    fn a_lane_points_at_its_container() {
        let run = analyse(LIVE).run.expect("valid");
        let w = explain(
            &run,
            &Pick::Container("liveness".into(), None),
            Lang::En,
            SimTime::from_secs(10),
        );
        assert_eq!(w.lines.map(|l| l.0), Some(9));
        assert!(w.text.contains("running"), "{}", w.text);
    }
}
