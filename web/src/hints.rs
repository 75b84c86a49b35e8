//! The page's diagnostics in the reader's language. The API server's own texts (errors such as
//! `unknown field "spec.contaienrs"`, `Required value`) stay as it writes them, as in a real
//! cluster; podlife's own words — its lint hints, "did you mean", what it does not simulate —
//! are ours and are said in Chinese too. The manifest crate writes them in English (the CLI's
//! language); each of its templates has a row here, matched by its fixed parts.

use podlife_manifest::{Diagnostic, Severity};

use crate::i18n::Lang;

/// (English template, Chinese). `{}` in the English template stands for a value (the shortest
/// text up to the template's next fixed part); `{0}`, `{1}`, ... in the Chinese place them.
/// Longer templates that share a start come first.
const TEMPLATES: &[(&str, &str)] = &[
    // crates/manifest/src/lib.rs
    ("did you mean {}?", "是否想写 {0}？"),
    (
        "this object is not created: kubectl apply reports the error and still creates the rest of the stream, so the pod runs without it",
        "此对象未被创建：kubectl apply 报告错误，但仍会创建流中的其余对象，因此 Pod 在没有它的情况下运行",
    ),
    (
        "this object is not created: kubectl apply reports the error and still creates the rest of the stream",
        "此对象未被创建：kubectl apply 报告错误，但仍会创建流中的其余对象",
    ),
    (
        "this {} is not created: kubectl apply reports the error and still creates the rest of the stream, so the pod runs without it",
        "此 {0} 未被创建：kubectl apply 报告错误，但仍会创建流中的其余对象，因此 Pod 在没有它的情况下运行",
    ),
    (
        "this {} is not created: kubectl apply reports the error and still creates the rest of the stream",
        "此 {0} 未被创建：kubectl apply 报告错误，但仍会创建流中的其余对象",
    ),
    (
        "{} {} is not created: kubectl apply reports the error and still creates the rest of the stream, so the pod runs without it",
        "{0} {1} 未被创建：kubectl apply 报告错误，但仍会创建流中的其余对象，因此 Pod 在没有它的情况下运行",
    ),
    (
        "{} {} is not created: kubectl apply reports the error and still creates the rest of the stream",
        "{0} {1} 未被创建：kubectl apply 报告错误，但仍会创建流中的其余对象",
    ),
    (
        "Service {} is in namespace {}, the pod in {}: from the pod it resolves as {}, not as {}",
        "Service {0} 在命名空间 {1} 中，而 Pod 在 {2} 中：在 Pod 内它的名字是 {3}，而不是 {4}",
    ),
    (
        "{} is not simulated: podlife runs one Pod; this document is ignored (every namespace exists in podlife)",
        "{0} 不在模拟范围内：podlife 只运行一个 Pod；此文档被忽略（podlife 中每个命名空间都存在）",
    ),
    (
        "{} is not simulated: podlife runs one Pod; this document is ignored",
        "{0} 不在模拟范围内：podlife 只运行一个 Pod；此文档被忽略",
    ),
    // crates/manifest/src/lint.rs
    (
        "port name {} is not declared in this container's ports: the kubelet cannot resolve it, so the probe fails",
        "端口名 {0} 未在此容器的 ports 中声明：kubelet 无法解析它，所以探针失败",
    ),
    (
        "port {} is not declared in this container's ports (allowed, but easy to get wrong)",
        "端口 {0} 未在此容器的 ports 中声明（允许，但容易出错）",
    ),
    (
        "no probes: the container counts as ready as soon as it starts, and a hung process is never restarted",
        "没有探针：容器一启动就算就绪，卡住的进程也永远不会被重启",
    ),
    (
        "livenessProbe is identical to readinessProbe: when the check fails the container is restarted, not just taken out of service",
        "livenessProbe 与 readinessProbe 完全相同：检查失败时容器会被重启，而不只是停止接收流量",
    ),
    (
        "image {} has no tag (same as :latest): imagePullPolicy defaults to Always and what runs can change between pulls",
        "镜像 {0} 没有标签（等同于 :latest）：imagePullPolicy 默认为 Always，每次拉取运行的内容都可能不同",
    ),
    (
        "image {} uses :latest: imagePullPolicy defaults to Always and what runs can change between pulls",
        "镜像 {0} 使用 :latest：imagePullPolicy 默认为 Always，每次拉取运行的内容都可能不同",
    ),
    (
        "no resources.limits: the container may use all of the node's memory and CPU",
        "没有 resources.limits：容器可能用尽节点的全部内存和 CPU",
    ),
    (
        "the container first runs `sleep {}`, but the livenessProbe starts after {}s: consider a startupProbe or a longer initialDelaySeconds",
        "容器先运行 `sleep {0}`，但 livenessProbe 在 {1} 秒后就开始：可考虑 startupProbe 或更长的 initialDelaySeconds",
    ),
    (
        "`{}` has no space after `{}:`, so YAML reads it as one string, not as the `{}` field; write `{}: {}`",
        "`{0}` 在 `{1}:` 之后没有空格，YAML 会把它读作一个字符串，而不是 `{2}` 字段；应写成 `{3}: {4}`",
    ),
    (
        "`{}:` is indented more than `{}:` (line {}), which already has a value; align `{}` with `{}`, or move it where it belongs",
        "`{0}:` 比已经有值的 `{1}:`（第 {2} 行）缩进更多；请将 `{3}` 与 `{4}` 对齐，或移到它应在的位置",
    ),
    (
        "`{}:` (line {}) is empty and `{}:` is at the same indentation, so `{}` is not inside `{}`; indent `{}` and the lines under it by two more spaces",
        "`{0}:`（第 {1} 行）为空，而 `{2}:` 与它缩进相同，所以 `{3}` 不在 `{4}` 之内；请将 `{5}` 及其下方各行再缩进两个空格",
    ),
    // crates/manifest/src/controllers.rs
    (
        "the simulated cluster's one node is named {} so this pod can run there (a Scenario document with `nodes` changes that)",
        "模拟集群唯一的节点名为 {0}，以便此 Pod 能在其上运行（带 `nodes` 的 Scenario 文档可以改变这一点）",
    ),
    (
        "the simulated cluster's one node is labelled {} so this pod can be scheduled (a Scenario document with `nodes` changes that)",
        "模拟集群唯一的节点带有标签 {0}，以便此 Pod 能被调度（带 `nodes` 的 Scenario 文档可以改变这一点）",
    ),
    (
        "dropped without an error by the Kubernetes 1.{} API server: feature gate {} is off by default in 1.{}",
        "Kubernetes 1.{0} 的 API server 会不报错地丢弃此字段：特性门控 {1} 在 1.{2} 中默认关闭",
    ),
    (
        "the API server stores a Pod's negative terminationGracePeriodSeconds ({}) as 1",
        "API server 会把 Pod 的负 terminationGracePeriodSeconds（{0}）存为 1",
    ),
    (
        "{}: {}: podlife simulates one pod ({}) of the {}",
        "{0}: {1}：podlife 只模拟其中的一个 Pod（{2}）",
    ),
    (
        "not simulated yet: podlife schedules the pod at once (a cluster keeps it Pending, reason SchedulingGated, until the gates are removed)",
        "尚未模拟：podlife 会立即调度此 Pod（集群会让它保持 Pending，原因 SchedulingGated，直到调度门控被移除）",
    ),
    (
        "valid in 1.{} but not simulated yet: podlife restarts this container by the pod's restartPolicy",
        "在 1.{0} 中有效但尚未模拟：podlife 按 Pod 的 restartPolicy 重启此容器",
    ),
    // crates/manifest/src/scenario_doc.rs, scenario_doc/expect.rs
    (
        "action at {} is after spec.until ({}); it never happens",
        "操作时间 {0} 晚于 spec.until（{1}）；它不会发生",
    ),
    (
        "at {} is after spec.until ({}): the run ends before it, so this expectation fails",
        "at {0} 晚于 spec.until（{1}）：运行在此之前结束，所以此预期不会满足",
    ),
];

/// The values of `text` at the template's `{}`, when it has that shape.
fn captures<'a>(template: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let mut pieces = template.split("{}");
    let mut rest = text.strip_prefix(pieces.next()?)?;
    let pieces: Vec<&str> = pieces.collect();
    let mut values = Vec::with_capacity(pieces.len());
    for (i, fixed) in pieces.iter().enumerate() {
        if i + 1 == pieces.len() {
            values.push(rest.strip_suffix(fixed)?);
            rest = "";
        } else {
            let at = rest.find(fixed)?;
            values.push(&rest[..at]);
            rest = &rest[at + fixed.len()..];
        }
    }
    (rest.is_empty() && values.iter().all(|v| !v.is_empty())).then_some(values)
}

/// Our message in Chinese, when it is one of ours; `None` for the API server's texts.
pub fn message_zh(message: &str) -> Option<String> {
    TEMPLATES.iter().find_map(|(en, zh)| {
        let values = captures(en, message)?;
        let mut out = (*zh).to_string();
        for (i, v) in values.iter().enumerate() {
            out = out.replace(&format!("{{{i}}}"), v);
        }
        Some(out)
    })
}

/// `FILE:LINE:COL: severity: path: message` as the CLI prints it, with the severity and our
/// own words in the reader's language.
pub fn render(d: &Diagnostic, lang: Lang) -> String {
    let en = d.render("pod.yaml");
    let Lang::Zh = lang else { return en };
    let severity = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Hint => "提示",
    };
    let own = format!(": {}: ", d.severity.as_str());
    let Some(at) = en.find(&own) else { return en };
    let (head, tail) = (&en[..at], &en[at + own.len()..]);
    // The tail is `path: message` or the message alone; only the message is translated.
    let tail = match tail.strip_suffix(d.message.as_str()) {
        Some(path) => match message_zh(&d.message) {
            Some(zh) => format!("{path}{zh}"),
            None => tail.to_string(),
        },
        None => tail.to_string(),
    };
    format!("{head}: {severity}: {tail}")
}

/// The runtime model's sentence about what a container does (`podlife_runtime::explain`:
/// clauses joined by "; ", steps by ", then ", shell structure nested inside), in Chinese.
/// Commands, paths and values stay as written; a part without a row here stays English.
pub fn summary(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Zh => split_top(text, "; ", true)
            .iter()
            .map(|clause| phrase(clause, CLAUSES).unwrap_or_else(|| steps(clause)))
            .collect::<Vec<_>>()
            .join("；"),
    }
}

/// One of the runtime's warnings about a guess it made, in the reader's language.
pub fn guess(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Zh => phrase(text, GUESSES)
            .or_else(|| phrase(text, STEPS))
            .unwrap_or_else(|| text.to_string()),
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

/// `{}` keeps a value, `{S}` is itself a list of steps (translated in turn).
const CLAUSES: &[(&str, &str)] = &[
    ("runs `{}`, which does not parse: `sh: {}` (exit 2)", "运行 `{0}`，但它无法解析：`sh: {1}`（退出码 2）"),
    ("runs `{}` with no script and no stdin: exits 0 at once", "运行 `{0}`，既无脚本也无标准输入：立即以 0 退出"),
    ("runs `{}`: {S}", "运行 `{0}`：{1}"),
    ("then exits", "然后退出"),
    ("sleeps {}, then exits 0", "休眠 {0}，然后以 0 退出"),
    ("nginx serves /usr/share/nginx/html on port 80 (200 for files, 404 for missing ones, 403 for a directory without index)", "nginx 在 80 端口提供 /usr/share/nginx/html（文件返回 200，缺失的返回 404，没有 index 的目录返回 403）"),
    ("`nginx` without `daemon off;` forks into the background: the container's main process exits 0 at once", "没有 `daemon off;` 的 `nginx` 会转入后台：容器的主进程立即以 0 退出"),
    ("the liveness demo server: /healthz on port 8080 answers 200 for the first 10 s after start, then 500", "存活探针演示服务器：8080 端口的 /healthz 在启动后的前 10 秒返回 200，之后返回 500"),
    ("goproxy: an HTTP proxy listening on port 8080", "goproxy：监听 8080 端口的 HTTP 代理"),
    ("Apache httpd serves /usr/local/apache2/htdocs on port 80", "Apache httpd 在 80 端口提供 /usr/local/apache2/htdocs"),
    ("redis-server listens on port 6379", "redis-server 监听 6379 端口"),
    ("an unknown server on the declared container ports", "在声明的容器端口上的未知服务器"),
    ("stress allocates {} ({} × --vm-bytes) and exits 0 after --timeout {}", "stress 分配 {0}（{1} × --vm-bytes），--timeout {2} 后以 0 退出"),
    ("stress allocates {} ({} × --vm-bytes) and runs until killed", "stress 分配 {0}（{1} × --vm-bytes），一直运行到被杀死"),
    ("ignores SIGTERM (scenario override): dies only at SIGKILL, exit 137", "忽略 SIGTERM（场景设定）：只在 SIGKILL 时终止，退出码 137"),
    ("dies of SIGTERM (scenario override): exit 143", "因 SIGTERM 终止（场景设定）：退出码 143"),
    ("when stopped gets the image's STOPSIGNAL SIGQUIT and exits 0 after {} ms (graceful shutdown)", "停止时收到镜像的 STOPSIGNAL SIGQUIT，{0} 毫秒后以 0 退出（优雅关闭）"),
    ("exits 0 {} ms after SIGTERM (fast shutdown)", "收到 SIGTERM {0} 毫秒后以 0 退出（快速关闭）"),
    ("when stopped gets the image's STOPSIGNAL SIGWINCH and exits 0 (graceful stop)", "停止时收到镜像的 STOPSIGNAL SIGWINCH 并以 0 退出（优雅停止）"),
    ("exits 0 promptly on SIGTERM", "收到 SIGTERM 后立即以 0 退出"),
    ("on SIGTERM exits 2 (a Go program as PID 1: the re-raised signal is ignored, the runtime exits 2)", "收到 SIGTERM 时以 2 退出（作为 PID 1 的 Go 程序：重新发出的信号被忽略，运行时以 2 退出）"),
    ("exits 143 on SIGTERM (guessed)", "收到 SIGTERM 时以 143 退出（推测）"),
    ("ignores SIGTERM as PID 1 (dies only at SIGKILL after the grace period, exit 137)", "作为 PID 1 忽略 SIGTERM（宽限期过后只在 SIGKILL 时终止，退出码 137）"),
    ("working set {} exceeds the {} memory limit: OOMKilled (exit 137) {} ms after it allocates", "工作集 {0} 超过 {1} 的内存限制：分配后 {2} 毫秒被 OOMKilled（退出码 137）"),
    ("working set {} fits the {} memory limit", "工作集 {0} 未超过 {1} 的内存限制"),
    ("scenario: the main process exits {} after start with code {}", "场景：主进程在启动 {0} 后以 {1} 退出"),
    ("scenario: starts listening {} after start", "场景：启动 {0} 后开始监听"),
];

/// One shell step (`podlife_runtime::explain`'s phrases), most specific first.
const STEPS: &[(&str, &str)] = &[
    ("if {S}: {S}; else {S}", "如果 {0}：{1}；否则{2}"),
    ("if {S}: {S}; otherwise {S}", "如果 {0}：{1}；否则 {2}"),
    ("if {S}: {S}", "如果 {0}：{1}"),
    (
        "repeats [{S}] until [{S}] succeeds",
        "重复 [{0}]，直到 [{1}] 成功",
    ),
    (
        "repeats [{S}] while [{S}] succeeds",
        "只要 [{1}] 成功就重复 [{0}]",
    ),
    ("for {} in {}: {S}", "对 {1} 中的每个 {0}：{2}"),
    ("{S} (in the background)", "{0}（在后台）"),
    ("{S} and, if that succeeds, {S}", "{0}，成功后{1}"),
    ("{S}, or if that fails {S}", "{0}，失败则{1}"),
    ("{S} piped into {S}", "{0}，经管道交给{1}"),
    ("not ({S})", "取反（{0}）"),
    ("{S} (output to {})", "{0}（输出到 {1}）"),
    (
        "`{}` is not in image {}: the shell prints `{}` and the command exits 127",
        "`{0}` 不在镜像 {1} 中：shell 打印 `{2}`，命令以 127 退出",
    ),
    ("branches on {}", "按 {0} 分支"),
    ("defines function {}", "定义函数 {0}"),
    ("sets {}", "设置 {0}"),
    ("creates directory {}", "创建目录 {0}"),
    ("creates {}", "创建 {0}"),
    ("removes {}", "删除 {0}"),
    ("sleeps forever", "永远休眠"),
    ("sleeps {}", "休眠 {0}"),
    ("runs `{}`", "运行 `{0}`"),
    ("writes {}", "写入 {0}"),
    ("prints `{}`", "打印 `{0}`"),
    ("prints the end of {}", "打印 {0} 的末尾"),
    ("prints {}", "打印 {0}"),
    ("follows {} forever", "持续跟踪 {0}"),
    (
        "looks up {} (resolves once that Service exists)",
        "查询 {0}（该 Service 存在后才能解析）",
    ),
    ("exits with the last status", "以上一条命令的状态退出"),
    ("exits {}", "以 {0} 退出"),
    ("does nothing", "什么也不做"),
    ("signals nginx to {}", "通知 nginx 执行 {0}"),
];

const GUESSES: &[(&str, &str)] = &[
    ("image `{}` is not in the catalogue: modelled as a server listening on its declared ports [{}] (HTTP 200 on every path), exiting 143 on SIGTERM", "镜像 `{0}` 不在目录中：按监听其声明端口 [{1}] 的服务器建模（每个路径都返回 HTTP 200），收到 SIGTERM 时以 143 退出"),
    ("image `{}` is not in the catalogue: assumed to have a busybox userland; any other program it runs is modelled as a server listening on the declared ports that exits 143 on SIGTERM", "镜像 `{0}` 不在目录中：假定其用户空间为 busybox；它运行的其他程序按监听声明端口、收到 SIGTERM 时以 143 退出的服务器建模"),
    ("the script has a syntax error: {}", "脚本有语法错误：{0}"),
    ("`{}` is not in image {}: the container cannot start (StartError / RunContainerError)", "`{0}` 不在镜像 {1} 中：容器无法启动（StartError / RunContainerError）"),
    ("env {} comes from valueFrom: guessed as `{}` from its name", "环境变量 {0} 来自 valueFrom：按其名字推测为 `{1}`"),
    ("env {} comes from valueFrom: modelled as an empty string", "环境变量 {0} 来自 valueFrom：按空字符串建模"),
];

/// `text` in the first row of `table` whose shape it has, its `{S}` parts as steps.
fn phrase(text: &str, table: &[(&str, &str)]) -> Option<String> {
    table.iter().find_map(|(en, zh)| {
        let values = captures(&en.replace("{S}", "{}"), text)?;
        let kinds: Vec<bool> = en
            .match_indices('{')
            .map(|(i, _)| en[i..].starts_with("{S}"))
            .collect();
        // A value is one thing: "creates {}" is not "creates x, then sleeps 5 s".
        let one = |(v, steps): (&&str, &bool)| {
            *steps || (!v.contains('`') && split_top(v, ", then ", false).len() == 1)
        };
        if !values.iter().zip(&kinds).all(one) {
            return None;
        }
        let mut kinds = kinds.into_iter();
        let mut out = (*zh).to_string();
        for (i, v) in values.iter().enumerate() {
            let v = if kinds.next() == Some(true) {
                steps(v)
            } else {
                (*v).to_string()
            };
            out = out.replace(&format!("{{{i}}}"), &v);
        }
        Some(out)
    })
}

/// A list of steps: one step, or steps joined by ", then ".
fn steps(text: &str) -> String {
    if let Some(one) = phrase(text, STEPS) {
        return one;
    }
    let parts = split_top(text, ", then ", false);
    if parts.len() > 1 {
        return parts
            .iter()
            .map(|p| steps(p))
            .collect::<Vec<_>>()
            .join("，然后");
    }
    text.to_string()
}

/// `text` split at `separator` outside backquotes and brackets; with `keep_branches`, an
/// `else`/`otherwise` part stays with the `if` before it.
fn split_top<'a>(text: &'a str, separator: &str, keep_branches: bool) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        match rest.as_bytes()[0] {
            b'`' => quoted = !quoted,
            b'[' | b'(' if !quoted => depth += 1,
            b']' | b')' if !quoted => depth -= 1,
            _ => {}
        }
        if !quoted && depth == 0 && rest.starts_with(separator) {
            let next = &text[i + separator.len()..];
            if !(keep_branches && (next.starts_with("else ") || next.starts_with("otherwise "))) {
                parts.push(&text[start..i]);
                start = i + separator.len();
            }
            i += separator.len();
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh_of(text: &str) -> Vec<(Severity, String, String)> {
        podlife_manifest::load(text)
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.message.clone(), render(d, Lang::Zh)))
            .collect()
    }

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: busybox\n    command: [sleep, \"3600\"]\n";

    /// Every hint and warning podlife writes for these inputs is said in Chinese; the API
    /// server's errors are not.
    #[test]
    fn our_words_are_translated_the_api_servers_are_not() {
        let cases = [
            POD.to_string(),
            POD.replace("containers:", "contaienrs:"),
            POD.replace("image: busybox", "image: nginx:latest")
                .replace("    command: [sleep, \"3600\"]\n", "    command: [sleep, \"60\"]\n    livenessProbe:\n      httpGet: {path: /, port: web}\n    readinessProbe:\n      httpGet: {path: /, port: web}\n"),
            POD.replace("    command: [sleep, \"3600\"]\n", "    command: [sleep, \"30\"]\n    livenessProbe:\n      exec: {command: [true]}\n      initialDelaySeconds: 5\n    ports:\n    - containerPort: 80\n    readinessProbe:\n      tcpSocket: {port: 81}\n"),
            POD.replace("spec:\n", "spec:\n  nodeName: worker-1\n  nodeSelector: {disk: ssd}\n  terminationGracePeriodSeconds: -3\n"),
            format!("{POD}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"),
            format!("{POD}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: other\nspec:\n  ports:\n  - port: 80\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 1m\n  actions:\n  - at: 2m\n    delete: {{}}\n"),
            POD.replace("    image: busybox\n", "    image:busybox\n"),
            POD.replace("    command: [sleep, \"3600\"]\n", "    livenessProbe:\n    exec:\n      command: [true]\n"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n      - name: app\n        image: busybox:1.36\n        command: [sleep, \"3600\"]\n".to_string(),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  schedulingGates:\n  - name: g\n  containers:\n  - name: app\n    image: busybox\n    restartPolicy: Never\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.33\"\n".to_string(),
        ];
        let mut seen = 0;
        for text in &cases {
            for (severity, en, zh) in zh_of(text) {
                let ours = severity != Severity::Error || en.starts_with("did you mean");
                if ours {
                    seen += 1;
                    assert!(
                        message_zh(&en).is_some(),
                        "no Chinese for our {severity:?}: {en}"
                    );
                    assert!(!zh.contains(&en), "{zh}");
                    assert!(zh.contains("提示") || zh.contains("警告"), "{zh}");
                } else {
                    assert!(zh.contains(&en), "the API server's text stays: {zh}");
                    assert!(zh.contains(": 错误: "), "{zh}");
                }
            }
        }
        assert!(seen >= 15, "{seen} of our messages seen");
    }

    #[test]
    fn templates_take_values_and_keep_them() {
        assert_eq!(
            message_zh("did you mean \"containers\"?").as_deref(),
            Some("是否想写 \"containers\"？")
        );
        assert_eq!(
            message_zh("Service \"web\" is in namespace \"a\", the pod in \"b\": from the pod it resolves as web.a, not as web").as_deref(),
            Some("Service \"web\" 在命名空间 \"a\" 中，而 Pod 在 \"b\" 中：在 Pod 内它的名字是 web.a，而不是 web")
        );
        assert_eq!(message_zh("Unsupported value: \"x\""), None);
        assert_eq!(
            message_zh("did you mean ?"),
            None,
            "an empty value is no match"
        );
        let d = Diagnostic {
            severity: Severity::Hint,
            path: "spec.containers[0]".into(),
            message: "no resources.limits: the container may use all of the node's memory and CPU"
                .into(),
            line: 7,
            column: 3,
            end_line: 7,
            end_column: 4,
        };
        assert_eq!(
            render(&d, Lang::Zh),
            "pod.yaml:7:3: 提示: spec.containers[0]: 没有 resources.limits：容器可能用尽节点的全部内存和 CPU"
        );
        assert_eq!(render(&d, Lang::En), d.render("pod.yaml"));
    }

    /// The runtime's sentence for every example of the gallery and the course notes, in
    /// Chinese: none of the rows' English words is left outside backquotes.
    #[test]
    fn runtime_summaries_are_said_in_chinese() {
        let mut texts: Vec<String> = crate::gallery::EXAMPLES
            .iter()
            .map(|e| e.text.to_string())
            .collect();
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/seeds");
        for entry in std::fs::read_dir(seeds).expect("examples/seeds") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "yaml") {
                texts.push(std::fs::read_to_string(path).expect("seed"));
            }
        }
        // The English words of the rows (not those the Chinese keeps, such as SIGTERM):
        // one left in a translation is a phrase without its row.
        let words = |s: &str| -> Vec<String> {
            s.split('`')
                .step_by(2)
                .flat_map(|part| part.split(|c: char| !c.is_ascii_alphabetic()))
                .filter(|w| w.len() >= 3)
                .map(str::to_string)
                .collect()
        };
        let rows = CLAUSES.iter().chain(STEPS).chain(GUESSES);
        let kept: Vec<String> = rows.clone().flat_map(|(_, zh)| words(zh)).collect();
        let vocabulary: Vec<String> = rows
            .flat_map(|(en, _)| words(en))
            .filter(|w| !kept.contains(w))
            .collect();
        assert!(vocabulary.len() > 100);
        let english = |s: &str| -> Vec<String> {
            words(s)
                .into_iter()
                .filter(|w| vocabulary.contains(w))
                .collect()
        };
        let mut seen = 0;
        for text in &texts {
            let Some(run) = crate::model::analyse(text).run else {
                continue;
            };
            for x in &run.trace.explanations {
                seen += 1;
                let zh = summary(&x.summary, Lang::Zh);
                assert_eq!(english(&zh), Vec::<String>::new(), "{}\n{zh}", x.summary);
                for w in &x.warnings {
                    let zh = guess(w, Lang::Zh);
                    assert_eq!(english(&zh), Vec::<String>::new(), "{w}\n{zh}");
                }
                assert_eq!(summary(&x.summary, Lang::En), x.summary);
            }
        }
        assert!(seen > 20, "{seen} summaries");
    }

    #[test]
    fn timeline_notes() {
        assert_eq!(grace_detail("SIGKILL at +30s", Lang::Zh), "+30s 时 SIGKILL");
        assert_eq!(grace_detail("SIGKILL at +30s", Lang::En), "SIGKILL at +30s");
        assert_eq!(span_kind("backoff", Lang::Zh), "退避");
        assert_eq!(span_kind("preStop", Lang::Zh), "preStop");
    }

    #[test]
    fn nested_steps_keep_their_structure() {
        let s = "runs `sh -c ...`: creates /tmp/healthy, then sleeps 30 s, then removes /tmp/healthy, then repeats [prints `hi`, then sleeps 5 s] while [does nothing] succeeds; ignores SIGTERM as PID 1 (dies only at SIGKILL after the grace period, exit 137)";
        assert_eq!(
            summary(s, Lang::Zh),
            "运行 `sh -c ...`：创建 /tmp/healthy，然后休眠 30 s，然后删除 /tmp/healthy，然后只要 [什么也不做] 成功就重复 [打印 `hi`，然后休眠 5 s]；作为 PID 1 忽略 SIGTERM（宽限期过后只在 SIGKILL 时终止，退出码 137）"
        );
        assert_eq!(
            steps(
                "if runs `test -f x`: prints `a`; else if does nothing: exits 1; otherwise exits 0"
            ),
            "如果 运行 `test -f x`：打印 `a`；否则如果 什么也不做：以 1 退出；否则 以 0 退出"
        );
        assert_eq!(
            summary("something new; then exits", Lang::Zh),
            "something new；然后退出"
        );
    }
}
