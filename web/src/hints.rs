//! The page's diagnostics and the runtime model's sentence in the reader's language. The API
//! server's own texts (`unknown field "spec.contaienrs"`, `Required value`) stay as it writes
//! them, as in a real cluster; podlife's own words — its lint hints, "did you mean", what it
//! does not simulate, what the model decided a container does — arrive as kinds with values
//! (`podlife_manifest::Note`, `podlife_runtime::{Clause, Step, Guess}`). English is their
//! `Display` (the CLI's text); Chinese is said here, one arm per kind and no catch-all, so a
//! new kind does not compile without its Chinese.

use podlife_manifest::{Diagnostic, Message, Note, RefusedObject, Severity};
use podlife_runtime::{Bytes, Clause, Guess, Sentence, Step};

use crate::i18n::Lang;

/// `FILE:LINE:COL: severity: path: message` as the CLI prints it, with the severity and our
/// own words in the reader's language.
pub fn render(d: &Diagnostic, lang: Lang) -> String {
    let Lang::Zh = lang else {
        return d.render("pod.yaml");
    };
    let severity = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Hint => "提示",
    };
    let english = d.message.to_string();
    let text = match &d.message {
        Message::Api(_) => english.clone(),
        Message::Podlife(note) => note_zh(note),
    };
    let (line, column) = (d.line, d.column);
    if d.shows_path(&english) {
        format!("pod.yaml:{line}:{column}: {severity}: {}: {text}", d.path)
    } else {
        format!("pod.yaml:{line}:{column}: {severity}: {text}")
    }
}

const NOT_CREATED: &str = "未被创建：kubectl apply 报告错误，但仍会创建流中的其余对象";

/// One of podlife's own diagnostics in Chinese. Values are quoted as the English quotes them.
fn note_zh(note: &Note) -> String {
    match note {
        Note::InputTooLarge { bytes, limit } => {
            format!("输入有 {bytes} 字节；上限是 {limit} 字节（1 MiB）")
        }
        Note::NestingTooDeep { limit } => format!("嵌套深度超过 {limit} 层"),
        Note::AliasBomb { limit, nodes } => {
            format!("YAML 别名展开后超过 {limit} 个节点（目前 {nodes} 个）：拒绝别名炸弹")
        }
        Note::TooManyDocuments { limit } => format!("文档超过 {limit} 个"),
        Note::InvalidMergeKey => "无效的 YAML 合并键（<<）".into(),
        Note::NoPodFound => "没有找到 Pod：请粘贴一个 Pod，或 Deployment、ReplicaSet、StatefulSet、DaemonSet、ReplicationController、Job、CronJob、PodTemplate".into(),
        Note::DidYouMean { field } => format!("是否想写 {field:?}？"),
        Note::NotCreated {
            object,
            pod_runs_without_it,
        } => {
            let object = match object {
                RefusedObject::ListItems => "此 List 中的对象".to_string(),
                RefusedObject::Named { kind, name } => format!("{kind} {name:?} "),
                RefusedObject::Unnamed { kind } => format!("此 {kind} "),
                RefusedObject::Unknown => "此对象".to_string(),
            };
            let without = if *pod_runs_without_it {
                "，因此 Pod 在没有它的情况下运行"
            } else {
                ""
            };
            format!("{object}{NOT_CREATED}{without}")
        }
        Note::ServiceInOtherNamespace {
            service,
            service_namespace,
            pod_namespace,
        } => format!(
            "Service {service:?} 在命名空间 {service_namespace:?} 中，而 Pod 在 {pod_namespace:?} 中：在 Pod 内它的名字是 {service}.{service_namespace}，而不是 {service}"
        ),
        Note::KindNotSimulated { kind } => {
            let why = if kind == "Namespace" {
                "（podlife 中每个命名空间都存在）"
            } else {
                ""
            };
            format!("{kind} 不在模拟范围内：podlife 只运行一个 Pod；此文档被忽略{why}")
        }
        Note::ProbePortNameNotDeclared { name } => format!(
            "端口名 {name:?} 未在此容器的 ports 中声明：kubelet 无法解析它，所以探针失败"
        ),
        Note::ProbePortNotDeclared { port } => {
            format!("端口 {port} 未在此容器的 ports 中声明（允许，但容易出错）")
        }
        Note::NoProbes => {
            "没有探针：容器一启动就算就绪，卡住的进程也永远不会被重启".into()
        }
        Note::LivenessSameAsReadiness => "livenessProbe 与 readinessProbe 完全相同：检查失败时容器会被重启，而不只是停止接收流量".into(),
        Note::ImageWithoutTag { image } => format!(
            "镜像 {image:?} 没有标签（等同于 :latest）：imagePullPolicy 默认为 Always，每次拉取运行的内容都可能不同"
        ),
        Note::ImageLatest { image } => format!(
            "镜像 {image:?} 使用 :latest：imagePullPolicy 默认为 Always，每次拉取运行的内容都可能不同"
        ),
        Note::NoLimits => "没有 resources.limits：容器可能用尽节点的全部内存和 CPU".into(),
        Note::SleepLongerThanLivenessDelay {
            sleep_seconds,
            initial_delay_seconds,
        } => format!(
            "容器先运行 `sleep {sleep_seconds}`，但 livenessProbe 在 {initial_delay_seconds} 秒后就开始：可考虑 startupProbe 或更长的 initialDelaySeconds"
        ),
        Note::NoSpaceAfterColon {
            written,
            key,
            value,
        } => format!(
            "`{written}` 在 `{key}:` 之后没有空格，YAML 会把它读作一个字符串，而不是 `{key}` 字段；应写成 `{key}: {value}`"
        ),
        Note::IndentedUnderValue {
            key,
            parent,
            parent_line,
        } => format!(
            "`{key}:` 比已经有值的 `{parent}:`（第 {parent_line} 行）缩进更多；请将 `{key}` 与 `{parent}` 对齐，或移到它应在的位置"
        ),
        Note::ChildAtParentIndentation {
            parent,
            parent_line,
            child,
        } => format!(
            "`{parent}:`（第 {parent_line} 行）为空，而 `{child}:` 与它缩进相同，所以 `{child}` 不在 `{parent}` 之内；请将 `{child}` 及其下方各行再缩进两个空格"
        ),
        Note::NodeNamed { node } => format!(
            "模拟集群唯一的节点名为 {node:?}，以便此 Pod 能在其上运行（带 `nodes` 的 Scenario 文档可以改变这一点）"
        ),
        Note::NodeLabelled { labels } => format!(
            "模拟集群唯一的节点带有标签 {}，以便此 Pod 能被调度（带 `nodes` 的 Scenario 文档可以改变这一点）",
            labels.join(",")
        ),
        Note::DroppedByFeatureGate { minor, gate } => format!(
            "Kubernetes 1.{minor} 的 API server 会不报错地丢弃此字段：特性门控 {gate} 在 1.{minor} 中默认关闭"
        ),
        Note::NegativeGracePeriod { seconds } => format!(
            "API server 会把 Pod 的负 terminationGracePeriodSeconds（{seconds}）存为 1"
        ),
        Note::OnePodOfController { field, count, pod } => {
            format!("{field}: {count}：podlife 只模拟其中的一个 Pod（{pod}）")
        }
        Note::SchedulingGatesNotSimulated => "尚未模拟：podlife 会立即调度此 Pod（集群会让它保持 Pending，原因 SchedulingGated，直到调度门控被移除）".into(),
        Note::ContainerRestartRulesNotSimulated { minor } => format!(
            "在 1.{minor} 中有效但尚未模拟：podlife 按 Pod 的 restartPolicy 重启此容器"
        ),
        Note::ActionAfterUntil { at, until } => {
            format!("操作时间 {at} 晚于 spec.until（{until}）；它不会发生")
        }
        Note::ExpectationAfterUntil { at, until } => format!(
            "at {at} 晚于 spec.until（{until}）：运行在此之前结束，所以此预期不会满足"
        ),
    }
}

/// The runtime model's sentence about what a container does. Commands, paths and values stay
/// as written.
pub fn summary(sentence: &Sentence, lang: Lang) -> String {
    match lang {
        Lang::En => sentence.to_string(),
        Lang::Zh => sentence
            .clauses
            .iter()
            .map(clause_zh)
            .collect::<Vec<_>>()
            .join("；"),
    }
}

/// One of the runtime's warnings about a guess it made, in the reader's language.
pub fn guess(guess: &Guess, lang: Lang) -> String {
    match lang {
        Lang::En => guess.to_string(),
        Lang::Zh => guess_zh(guess),
    }
}

fn bytes_zh(bytes: Bytes) -> String {
    match bytes.mebibytes() {
        Some(m) => format!("{m} MiB"),
        None => format!("{} 字节", bytes.0),
    }
}

fn clause_zh(clause: &Clause) -> String {
    match clause {
        Clause::Script { script, steps } => format!("运行 `{script}`：{}", steps_zh(steps)),
        Clause::ScriptDoesNotParse { script, error } => {
            format!("运行 `{script}`，但它无法解析：`sh: {error}`（退出码 2）")
        }
        Clause::ShellWithoutScript { shell } => {
            format!("运行 `{shell}`，既无脚本也无标准输入：立即以 0 退出")
        }
        Clause::ThenExits => "然后退出".into(),
        Clause::SleepsThenExits { duration } => format!("休眠 {duration}，然后以 0 退出"),
        Clause::Does(step) => step_zh(step),
        Clause::NginxServes => "nginx 在 80 端口提供 /usr/share/nginx/html（文件返回 200，缺失的返回 404，没有 index 的目录返回 403）".into(),
        Clause::NginxForksIntoBackground => {
            "没有 `daemon off;` 的 `nginx` 会转入后台：容器的主进程立即以 0 退出".into()
        }
        Clause::LivenessDemoServer => {
            "存活探针演示服务器：8080 端口的 /healthz 在启动后的前 10 秒返回 200，之后返回 500"
                .into()
        }
        Clause::Goproxy => "goproxy：监听 8080 端口的 HTTP 代理".into(),
        Clause::HttpdServes => "Apache httpd 在 80 端口提供 /usr/local/apache2/htdocs".into(),
        Clause::RedisListens => "redis-server 监听 6379 端口".into(),
        Clause::UnknownServer => "在声明的容器端口上的未知服务器".into(),
        Clause::Stress {
            allocated,
            workers,
            timeout,
        } => {
            let allocated = bytes_zh(*allocated);
            match timeout {
                Some(t) => format!(
                    "stress 分配 {allocated}（{workers} × --vm-bytes），--timeout {t} 后以 0 退出"
                ),
                None => format!("stress 分配 {allocated}（{workers} × --vm-bytes），一直运行到被杀死"),
            }
        }
        Clause::IgnoresSigtermByScenario => {
            "忽略 SIGTERM（场景设定）：只在 SIGKILL 时终止，退出码 137".into()
        }
        Clause::DiesOfSigtermByScenario => "因 SIGTERM 终止（场景设定）：退出码 143".into(),
        Clause::NginxQuitsGracefully { milliseconds } => format!(
            "停止时收到镜像的 STOPSIGNAL SIGQUIT，{milliseconds} 毫秒后以 0 退出（优雅关闭）"
        ),
        Clause::NginxStopsFast { milliseconds } => {
            format!("收到 SIGTERM {milliseconds} 毫秒后以 0 退出（快速关闭）")
        }
        Clause::HttpdStopsGracefully => {
            "停止时收到镜像的 STOPSIGNAL SIGWINCH 并以 0 退出（优雅停止）".into()
        }
        Clause::ExitsPromptlyOnSigterm => "收到 SIGTERM 后立即以 0 退出".into(),
        Clause::GoProgramExits2OnSigterm => "收到 SIGTERM 时以 2 退出（作为 PID 1 的 Go 程序：重新发出的信号被忽略，运行时以 2 退出）".into(),
        Clause::Exits143OnSigtermGuessed => "收到 SIGTERM 时以 143 退出（推测）".into(),
        Clause::IgnoresSigtermAsPid1 => {
            "作为 PID 1 忽略 SIGTERM（宽限期过后只在 SIGKILL 时终止，退出码 137）".into()
        }
        Clause::OutOfMemory {
            working_set,
            limit,
            milliseconds,
        } => format!(
            "工作集 {} 超过 {} 的内存限制：分配后 {milliseconds} 毫秒被 OOMKilled（退出码 137）",
            bytes_zh(*working_set),
            bytes_zh(*limit)
        ),
        Clause::FitsMemoryLimit { working_set, limit } => format!(
            "工作集 {} 未超过 {} 的内存限制",
            bytes_zh(*working_set),
            bytes_zh(*limit)
        ),
        Clause::ScenarioExits { after, code } => {
            format!("场景：主进程在启动 {after} 后以 {code} 退出")
        }
        Clause::ScenarioListens { after } => format!("场景：启动 {after} 后开始监听"),
    }
}

/// Steps one after another.
fn steps_zh(steps: &[Step]) -> String {
    steps.iter().map(step_zh).collect::<Vec<_>>().join("，然后")
}

fn step_zh(step: &Step) -> String {
    match step {
        Step::Sets { names } => format!("设置 {}", names.join(", ")),
        Step::Creates { paths } => format!("创建 {paths}"),
        Step::Removes { paths } => format!("删除 {paths}"),
        Step::CreatesDirectory { path } => format!("创建目录 {path}"),
        Step::Sleeps { duration } => format!("休眠 {duration}"),
        Step::SleepsForever => "永远休眠".into(),
        Step::Runs { command } => format!("运行 `{command}`"),
        Step::Writes { target } => format!("写入 {target}"),
        Step::Prints { text } => format!("打印 `{text}`"),
        Step::PrintsFile { path } => format!("打印 {path}"),
        Step::FollowsForever { path } => format!("持续跟踪 {path}"),
        Step::PrintsEnd { path } => format!("打印 {path} 的末尾"),
        Step::LooksUp { name } => format!("查询 {name}（该 Service 存在后才能解析）"),
        Step::ExitsWithLastStatus => "以上一条命令的状态退出".into(),
        Step::Exits { status } => format!("以 {status} 退出"),
        Step::DoesNothing => "什么也不做".into(),
        Step::SignalsNginx { signal } => format!("通知 nginx 执行 {signal}"),
        Step::OutputTo { step, target } => format!("{}（输出到 {target}）", step_zh(step)),
        Step::AndIfSucceeds { first, then } => {
            format!("{}，成功后{}", step_zh(first), step_zh(then))
        }
        Step::OrIfFails { first, otherwise } => {
            format!("{}，失败则{}", step_zh(first), step_zh(otherwise))
        }
        Step::InBackground(step) => format!("{}（在后台）", step_zh(step)),
        Step::Pipeline(steps) => steps
            .iter()
            .map(step_zh)
            .collect::<Vec<_>>()
            .join("，经管道交给"),
        Step::Not(step) => format!("取反（{}）", step_zh(step)),
        Step::Group(steps) => steps_zh(steps),
        Step::If { arms, otherwise } => {
            let mut out = arms
                .iter()
                .map(|(condition, then)| {
                    format!("如果 {}：{}", steps_zh(condition), steps_zh(then))
                })
                .collect::<Vec<_>>()
                .join("；否则");
            if let Some(steps) = otherwise {
                out.push_str("；否则 ");
                out.push_str(&steps_zh(steps));
            }
            out
        }
        Step::Repeat {
            body,
            condition,
            until: true,
        } => format!(
            "重复 [{}]，直到 [{}] 成功",
            steps_zh(body),
            steps_zh(condition)
        ),
        Step::Repeat {
            body,
            condition,
            until: false,
        } => format!(
            "只要 [{}] 成功就重复 [{}]",
            steps_zh(condition),
            steps_zh(body)
        ),
        Step::For {
            variable,
            items,
            body,
        } => format!("对 {items} 中的每个 {variable}：{}", steps_zh(body)),
        Step::BranchesOn { word } => format!("按 {word} 分支"),
        Step::DefinesFunction { name } => format!("定义函数 {name}"),
    }
}

fn guess_zh(guess: &Guess) -> String {
    match guess {
        Guess::UnknownImageServer { image, ports } => format!(
            "镜像 `{image}` 不在目录中：按监听其声明端口 [{}] 的服务器建模（每个路径都返回 HTTP 200），收到 SIGTERM 时以 143 退出",
            ports.join(", ")
        ),
        Guess::UnknownImageBusybox { image } => format!(
            "镜像 `{image}` 不在目录中：假定其用户空间为 busybox；它运行的其他程序按监听声明端口、收到 SIGTERM 时以 143 退出的服务器建模"
        ),
        Guess::ScriptSyntaxError { error } => format!("脚本有语法错误：{error}"),
        Guess::NotInImageShellPrints {
            program,
            image,
            shell_message,
        } => format!("`{program}` 不在镜像 {image} 中：shell 打印 `{shell_message}`，命令以 127 退出"),
        Guess::NotInImageCannotStart { program, image } => format!(
            "`{program}` 不在镜像 {image} 中：容器无法启动（StartError / RunContainerError）"
        ),
        Guess::EnvGuessed { name, value } => {
            format!("环境变量 {name} 来自 valueFrom：按其名字推测为 `{value}`")
        }
        Guess::EnvEmpty { name } => format!("环境变量 {name} 来自 valueFrom：按空字符串建模"),
        Guess::ShellBusyForever { steps } => {
            format!("shell 循环执行了 {steps} 步而没有休眠；按永远忙碌建模")
        }
        Guess::AwkBusyForever { steps } => {
            format!("awk 执行了 {steps} 步仍未结束；按永远忙碌建模")
        }
        Guess::AwkRunsCommand { what } => {
            format!("awk：`{what}` 会运行命令，而模型不运行命令：它什么也不做")
        }
        Guess::NcListenNotModelled => "`nc -l` 未被建模；假定它永远等待".into(),
        Guess::ProgramNotModelled { command } => {
            format!("`{command}` 未被建模；假定它立即成功")
        }
        Guess::CommandNotModelled { name } => {
            format!("`{name}` 未被建模；假定它成功且没有输出")
        }
        Guess::TooManyProcesses { limit } => format!("进程超过 {limit} 个：之后的 fork 会失败"),
        Guess::SchedulerBound { runs, at } => {
            format!("在 {at} 达到调度上限（同一时刻 {runs} 次运行）；其余 shell 等待")
        }
    }
}

/// A timeline span's kind in its tooltip (`pull`, `backoff`, ...; hook names stay).
pub fn span_kind(kind: &'static str, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::Zh, "pull") => "拉取镜像",
        (Lang::Zh, "backoff") => "退避",
        (Lang::Zh, "sandbox") => "沙箱",
        _ => kind,
    }
}

/// The grace period's note (`SIGKILL at +30s`) in its tooltip.
pub fn grace_detail(detail: &str, lang: Lang) -> String {
    match (lang, detail.strip_prefix("SIGKILL at +")) {
        (Lang::Zh, Some(after)) => format!("+{after} 时 SIGKILL"),
        _ => detail.to_string(),
    }
}

#[cfg(test)]
mod tests;
