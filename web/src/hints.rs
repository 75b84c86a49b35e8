//! The page's diagnostics and the runtime model's sentence in the reader's language. The API
//! server's own texts (`unknown field "spec.contaienrs"`, `Required value`) stay as it writes
//! them, as in a real cluster; podlife's own words — its lint hints, "did you mean", what it
//! does not simulate, what the model decided a container does — arrive as kinds with values
//! (`podlife_manifest::Note`, `podlife_runtime::{Clause, Step, Guess}`). English is their
//! crates' phrasebook (the CLI's text); the Chinese phrasebook is here: a template per kind,
//! one arm per kind and no catch-all, so a new kind does not compile without its Chinese.

use podlife_manifest::{Diagnostic, Message, Note, RefusedObject, Severity};
use podlife_runtime::{Clause, Guess, Joiner, Sentence, Step};

use crate::i18n::Lang;

/// `FILE:LINE:COL: severity: path: message` as the CLI prints it, with the severity and our
/// own words in the reader's language.
pub fn render(d: &Diagnostic, lang: Lang) -> String {
    let Lang::Zh = lang else {
        return d.render("pod.yaml");
    };
    let severity = match d.severity {
        Severity::Error => zh!("错误"),
        Severity::Warning => zh!("警告"),
        Severity::Hint => zh!("提示"),
    };
    let english = d.message.english();
    let text = match &d.message {
        Message::Api(_) => english.clone(),
        Message::Podlife(note) => note.say(&Chinese),
    };
    let (line, column) = (d.line, d.column);
    if d.shows_path(&english) {
        format!("pod.yaml:{line}:{column}: {severity}: {}: {text}", d.path)
    } else {
        format!("pod.yaml:{line}:{column}: {severity}: {text}")
    }
}

/// Simplified Chinese. `{0}`, `{1}`, ... place the values in the order of the English
/// templates (podlife_manifest::English, podlife_runtime::English); values are quoted as the
/// English quotes them.
struct Chinese;

impl podlife_manifest::Phrasebook for Chinese {
    fn note(&self, note: &Note) -> &'static str {
        match note {
            Note::InputTooLarge { .. } => zh!("输入有 {0} 字节；上限是 {1} 字节（1 MiB）"),
            Note::NestingTooDeep { .. } => zh!("嵌套深度超过 {0} 层"),
            Note::AliasBomb { .. } => zh!("YAML 别名展开后超过 {0} 个节点（目前 {1} 个）：拒绝别名炸弹"),
            Note::TooManyDocuments { .. } => zh!("文档超过 {0} 个"),
            Note::InvalidMergeKey => zh!("无效的 YAML 合并键（<<）"),
            Note::NoPodFound => zh!("没有找到 Pod：请粘贴一个 Pod，或 Deployment、ReplicaSet、StatefulSet、DaemonSet、ReplicationController、Job、CronJob、PodTemplate"),
            Note::NumberTooBig { .. } => zh!("数字 {0} 超出 64 位整数的范围"),
            Note::AliasRepetitionLimit { .. } => zh!("YAML 别名展开超过 YAML 解析器的重复上限：拒绝别名炸弹（{0}）"),
            Note::AliasInsideItsAnchor { anchor: Some(_), .. } => zh!("别名 *{0} 位于锚点 &{0} 所标记的节点之内：别名不能包含它自己（{1}）"),
            Note::AliasInsideItsAnchor { anchor: None, .. } => zh!("别名位于其锚点所标记的节点之内：别名不能包含它自己（{1}）"),
            Note::ParserNestingTooDeep { .. } => zh!("嵌套深度超过 {0} 层（{1}）"),
            Note::UnknownAnchor { .. } => zh!("未知锚点：使用了别名 *{0}，但在它之前没有定义锚点 &{0}"),
            Note::DidYouMean { .. } => zh!("是否想写 {0}？"),
            Note::NotCreated { pod_runs_without_it: false, .. } => zh!("{0}未被创建：kubectl apply 报告错误，但仍会创建流中的其余对象"),
            Note::NotCreated { pod_runs_without_it: true, .. } => zh!("{0}未被创建：kubectl apply 报告错误，但仍会创建流中的其余对象，因此 Pod 在没有它的情况下运行"),
            Note::ServiceInOtherNamespace { .. } => zh!("Service \"{0}\" 在命名空间 \"{1}\" 中，而 Pod 在 \"{2}\" 中：在 Pod 内它的名字是 {0}.{1}，而不是 {0}"),
            Note::KindNotSimulated { kind } if kind == "Namespace" => zh!("{0} 不在模拟范围内：podlife 只运行一个 Pod；此文档被忽略（podlife 中每个命名空间都存在）"),
            Note::KindNotSimulated { .. } => zh!("{0} 不在模拟范围内：podlife 只运行一个 Pod；此文档被忽略"),
            Note::ProbePortNameNotDeclared { .. } => zh!("端口名 {0} 未在此容器的 ports 中声明：kubelet 无法解析它，所以探针失败"),
            Note::ProbePortNotDeclared { .. } => zh!("端口 {0} 未在此容器的 ports 中声明（允许，但容易出错）"),
            Note::NoProbes => zh!("没有探针：容器一启动就算就绪，卡住的进程也永远不会被重启"),
            Note::LivenessSameAsReadiness => zh!("livenessProbe 与 readinessProbe 完全相同：检查失败时容器会被重启，而不只是停止接收流量"),
            Note::ImageWithoutTag { .. } => zh!("镜像 {0} 没有标签（等同于 :latest）：imagePullPolicy 默认为 Always，每次拉取运行的内容都可能不同"),
            Note::ImageLatest { .. } => zh!("镜像 {0} 使用 :latest：imagePullPolicy 默认为 Always，每次拉取运行的内容都可能不同"),
            Note::NoLimits => zh!("没有 resources.limits：容器可能用尽节点的全部内存和 CPU"),
            Note::SleepLongerThanLivenessDelay { .. } => zh!("容器先运行 `sleep {0}`，但 livenessProbe 在 {1} 秒后就开始：可考虑 startupProbe 或更长的 initialDelaySeconds"),
            Note::NoSpaceAfterColon { .. } => zh!("`{0}` 在 `{1}:` 之后没有空格，YAML 会把它读作一个字符串，而不是 `{1}` 字段；应写成 `{1}: {2}`"),
            Note::IndentedUnderValue { .. } => zh!("`{0}:` 比已经有值的 `{1}:`（第 {2} 行）缩进更多；请将 `{0}` 与 `{1}` 对齐，或移到它应在的位置"),
            Note::ChildAtParentIndentation { .. } => zh!("`{0}:`（第 {1} 行）为空，而 `{2}:` 与它缩进相同，所以 `{2}` 不在 `{0}` 之内；请将 `{2}` 及其下方各行再缩进两个空格"),
            Note::NodeNamed { .. } => zh!("模拟集群唯一的节点名为 {0}，以便此 Pod 能在其上运行（带 `nodes` 的 Scenario 文档可以改变这一点）"),
            Note::NodeLabelled { .. } => zh!("模拟集群唯一的节点带有标签 {0}，以便此 Pod 能被调度（带 `nodes` 的 Scenario 文档可以改变这一点）"),
            Note::DroppedByFeatureGate { .. } => zh!("Kubernetes 1.{0} 的 API server 会不报错地丢弃此字段：特性门控 {1} 在 1.{0} 中默认关闭"),
            Note::NegativeGracePeriod { .. } => zh!("API server 会把 Pod 的负 terminationGracePeriodSeconds（{0}）存为 1"),
            Note::OnePodOfController { .. } => zh!("{0}: {1}：podlife 只模拟其中的一个 Pod（{2}）"),
            Note::SchedulingGatesNotSimulated => zh!("尚未模拟：podlife 会立即调度此 Pod（集群会让它保持 Pending，原因 SchedulingGated，直到调度门控被移除）"),
            Note::ContainerRestartRulesNotSimulated { .. } => zh!("在 1.{0} 中有效但尚未模拟：podlife 按 Pod 的 restartPolicy 重启此容器"),
            Note::ActionAfterUntil { .. } => zh!("操作时间 {0} 晚于 spec.until（{1}）；它不会发生"),
            Note::ExpectationAfterUntil { .. } => zh!("at {0} 晚于 spec.until（{1}）：运行在此之前结束，所以此预期不会满足"),
        }
    }

    fn refused(&self, object: &RefusedObject) -> &'static str {
        match object {
            RefusedObject::ListItems => zh!("此 List 中的对象"),
            RefusedObject::Named { .. } => "{0} {1} ",
            RefusedObject::Unnamed { .. } => zh!("此 {0} "),
            RefusedObject::Unknown => zh!("此对象"),
        }
    }
}

impl podlife_runtime::Phrasebook for Chinese {
    fn clause(&self, clause: &Clause) -> &'static str {
        match clause {
            Clause::Script { .. } => zh!("运行 `{0}`：{1}"),
            Clause::ScriptDoesNotParse { .. } => zh!("运行 `{0}`，但它无法解析：`sh: {1}`（退出码 2）"),
            Clause::ShellWithoutScript { .. } => zh!("运行 `{0}`，既无脚本也无标准输入：立即以 0 退出"),
            Clause::ThenExits => zh!("然后退出"),
            Clause::SleepsThenExits { .. } => zh!("休眠 {0}，然后以 0 退出"),
            Clause::Does(_) => "{0}",
            Clause::NginxServes => zh!("nginx 在 80 端口提供 /usr/share/nginx/html（文件返回 200，缺失的返回 404，没有 index 的目录返回 403）"),
            Clause::NginxForksIntoBackground => zh!("没有 `daemon off;` 的 `nginx` 会转入后台：容器的主进程立即以 0 退出"),
            Clause::LivenessDemoServer => zh!("存活探针演示服务器：8080 端口的 /healthz 在启动后的前 10 秒返回 200，之后返回 500"),
            Clause::Goproxy => zh!("goproxy：监听 8080 端口的 HTTP 代理"),
            Clause::HttpdServes => zh!("Apache httpd 在 80 端口提供 /usr/local/apache2/htdocs"),
            Clause::RedisListens => zh!("redis-server 监听 6379 端口"),
            Clause::UnknownServer => zh!("在声明的容器端口上的未知服务器"),
            Clause::Stress { timeout: Some(_), .. } => zh!("stress 分配 {0}（{1} × --vm-bytes），--timeout {2} 后以 0 退出"),
            Clause::Stress { timeout: None, .. } => zh!("stress 分配 {0}（{1} × --vm-bytes），一直运行到被杀死"),
            Clause::IgnoresSigtermByScenario => zh!("忽略 SIGTERM（场景设定）：只在 SIGKILL 时终止，退出码 137"),
            Clause::DiesOfSigtermByScenario => zh!("因 SIGTERM 终止（场景设定）：退出码 143"),
            Clause::NginxQuitsGracefully { .. } => zh!("停止时收到镜像的 STOPSIGNAL SIGQUIT，{0} 毫秒后以 0 退出（优雅关闭）"),
            Clause::NginxStopsFast { .. } => zh!("收到 SIGTERM {0} 毫秒后以 0 退出（快速关闭）"),
            Clause::HttpdStopsGracefully => zh!("停止时收到镜像的 STOPSIGNAL SIGWINCH 并以 0 退出（优雅停止）"),
            Clause::ExitsPromptlyOnSigterm => zh!("收到 SIGTERM 后立即以 0 退出"),
            Clause::GoProgramExits2OnSigterm => zh!("收到 SIGTERM 时以 2 退出（作为 PID 1 的 Go 程序：重新发出的信号被忽略，运行时以 2 退出）"),
            Clause::Exits143OnSigtermGuessed => zh!("收到 SIGTERM 时以 143 退出（推测）"),
            Clause::IgnoresSigtermAsPid1 => zh!("作为 PID 1 忽略 SIGTERM（宽限期过后只在 SIGKILL 时终止，退出码 137）"),
            Clause::OutOfMemory { .. } => zh!("工作集 {0} 超过 {1} 的内存限制：分配后 {2} 毫秒被 OOMKilled（退出码 137）"),
            Clause::FitsMemoryLimit { .. } => zh!("工作集 {0} 未超过 {1} 的内存限制"),
            Clause::ScenarioExits { .. } => zh!("场景：主进程在启动 {0} 后以 {1} 退出"),
            Clause::ScenarioListens { .. } => zh!("场景：启动 {0} 后开始监听"),
        }
    }

    fn step(&self, step: &Step) -> &'static str {
        match step {
            Step::Sets { .. } => zh!("设置 {0}"),
            Step::Creates { .. } => zh!("创建 {0}"),
            Step::Removes { .. } => zh!("删除 {0}"),
            Step::CreatesDirectory { .. } => zh!("创建目录 {0}"),
            Step::Sleeps { .. } => zh!("休眠 {0}"),
            Step::SleepsForever => zh!("永远休眠"),
            Step::Runs { .. } => zh!("运行 `{0}`"),
            Step::Writes { .. } => zh!("写入 {0}"),
            Step::Prints { .. } => zh!("打印 `{0}`"),
            Step::PrintsFile { .. } => zh!("打印 {0}"),
            Step::FollowsForever { .. } => zh!("持续跟踪 {0}"),
            Step::PrintsEnd { .. } => zh!("打印 {0} 的末尾"),
            Step::LooksUp { .. } => zh!("查询 {0}（该 Service 存在后才能解析）"),
            Step::ExitsWithLastStatus => zh!("以上一条命令的状态退出"),
            Step::Exits { .. } => zh!("以 {0} 退出"),
            Step::DoesNothing => zh!("什么也不做"),
            Step::SignalsNginx { .. } => zh!("通知 nginx 执行 {0}"),
            Step::OutputTo { .. } => zh!("{0}（输出到 {1}）"),
            Step::AndIfSucceeds { .. } => zh!("{0}，成功后{1}"),
            Step::OrIfFails { .. } => zh!("{0}，失败则{1}"),
            Step::InBackground(_) => zh!("{0}（在后台）"),
            Step::Pipeline(_) | Step::Group(_) => "{0}",
            Step::Not(_) => zh!("取反（{0}）"),
            Step::If { .. } => zh!("如果 {0}：{1}"),
            Step::Repeat { until: true, .. } => zh!("重复 [{0}]，直到 [{1}] 成功"),
            Step::Repeat { until: false, .. } => zh!("只要 [{1}] 成功就重复 [{0}]"),
            Step::For { .. } => zh!("对 {1} 中的每个 {0}：{2}"),
            Step::BranchesOn { .. } => zh!("按 {0} 分支"),
            Step::DefinesFunction { .. } => zh!("定义函数 {0}"),
        }
    }

    fn guess(&self, guess: &Guess) -> &'static str {
        match guess {
            Guess::UnknownImageServer { .. } => zh!("镜像 `{0}` 不在目录中：按监听其声明端口 [{1}] 的服务器建模（每个路径都返回 HTTP 200），收到 SIGTERM 时以 143 退出"),
            Guess::UnknownImageBusybox { .. } => zh!("镜像 `{0}` 不在目录中：假定其用户空间为 busybox；它运行的其他程序按监听声明端口、收到 SIGTERM 时以 143 退出的服务器建模"),
            Guess::ScriptSyntaxError { .. } => zh!("脚本有语法错误：{0}"),
            Guess::NotInImageShellPrints { .. } => zh!("`{0}` 不在镜像 {1} 中：shell 打印 `{2}`，命令以 127 退出"),
            Guess::NotInImageCannotStart { .. } => zh!("`{0}` 不在镜像 {1} 中：容器无法启动（StartError / RunContainerError）"),
            Guess::EnvGuessed { .. } => zh!("环境变量 {0} 来自 valueFrom：按其名字推测为 `{1}`"),
            Guess::EnvEmpty { .. } => zh!("环境变量 {0} 来自 valueFrom：按空字符串建模"),
            Guess::ShellBusyForever { .. } => zh!("shell 循环执行了 {0} 步而没有休眠；按永远忙碌建模"),
            Guess::AwkBusyForever { .. } => zh!("awk 执行了 {0} 步仍未结束；按永远忙碌建模"),
            Guess::AwkRunsCommand { .. } => zh!("awk：`{0}` 会运行命令，而模型不运行命令：它什么也不做"),
            Guess::NcListenNotModelled => zh!("`nc -l` 未被建模；假定它永远等待"),
            Guess::ProgramNotModelled { .. } => zh!("`{0}` 未被建模；假定它立即成功"),
            Guess::CommandNotModelled { .. } => zh!("`{0}` 未被建模；假定它成功且没有输出"),
            Guess::TooManyProcesses { .. } => zh!("进程超过 {0} 个：之后的 fork 会失败"),
            Guess::SchedulerBound { .. } => zh!("在 {1} 达到调度上限（同一时刻 {0} 次运行）；其余 shell 等待"),
        }
    }

    fn joiner(&self, joiner: Joiner) -> &'static str {
        match joiner {
            Joiner::Clauses => zh!("；"),
            Joiner::Then => zh!("，然后"),
            Joiner::PipedInto => zh!("，经管道交给"),
            Joiner::ElseIf => zh!("；否则"),
            Joiner::Otherwise => zh!("；否则 {0}"),
            Joiner::Bytes => zh!("{0} 字节"),
        }
    }
}

/// The runtime model's sentence about what a container does. Commands, paths and values stay
/// as written.
pub fn summary(sentence: &Sentence, lang: Lang) -> String {
    match lang {
        Lang::En => sentence.say(&podlife_runtime::English),
        Lang::Zh => sentence.say(&Chinese),
    }
}

/// One of the runtime's warnings about a guess it made, in the reader's language.
pub fn guess(guess: &Guess, lang: Lang) -> String {
    match lang {
        Lang::En => guess.say(&podlife_runtime::English),
        Lang::Zh => guess.say(&Chinese),
    }
}

/// A timeline span's kind in its tooltip (`pull`, `backoff`, ...; hook names stay).
pub fn span_kind(kind: &'static str, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::Zh, "pull") => zh!("拉取镜像"),
        (Lang::Zh, "backoff") => zh!("退避"),
        (Lang::Zh, "sandbox") => zh!("沙箱"),
        _ => kind,
    }
}

/// The grace period's note (`SIGKILL at +30s`) in its tooltip.
pub fn grace_detail(detail: &str, lang: Lang) -> String {
    match (lang, detail.strip_prefix("SIGKILL at +")) {
        (Lang::Zh, Some(after)) => zh_format!("+{after} 时 SIGKILL", after = after),
        _ => detail.to_string(),
    }
}

#[cfg(test)]
mod tests;
