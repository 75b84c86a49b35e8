//! UI text in English and Simplified Chinese. Kubernetes terms and kubectl output stay as kubectl
//! prints them; only the playground's own words are translated.
//!
//! Chinese text is written next to its English, inside `zh!("…")` (a `&'static str`),
//! `zh_const!("…")` (in a `const` table: a [`Zh`], read with [`zh_text`]) or
//! `zh_format!("…{name}…", name = value)` (a `String`). In every build but the first-frame module's
//! (`lite`) they are the literal and `format!`. In the first-frame module the literal is only
//! hashed at compile time ([`podlife_spec::text_key`]; its rank among the keys, web/build.rs)
//! and the text is looked up by that rank in a data file a Chinese page downloads
//! (dist/zh-CN-<hash>.txt, written by `cargo xtask rules-page` from these literals;
//! web/boot.js), so that an English page does not download any Chinese (docs/sizes.md,
//! session 8). A text is missing only where no file is loaded (an English page); there, and for
//! a value a template names but was not given, it shows as [`MISSING`].
//! `zh_kept!("…")` marks the few Chinese texts the first-frame module keeps on purpose.

/// Chinese text by key, as the first-frame module holds it (see the module's comment); the
/// text itself everywhere else.
#[cfg(not(feature = "lite"))]
pub type Zh = &'static str;

/// Chinese text by key, as the first-frame module holds it (see the module's comment).
#[cfg(feature = "lite")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zh(pub u16);

/// What a lookup that misses shows (no key of the data file matched): e2e tests look for it.
pub const MISSING: &str = "[zh?]";

/// Chinese text: the literal, or in the first-frame module its lookup by key.
#[cfg(not(feature = "lite"))]
macro_rules! zh {
    ($text:literal) => {
        $text
    };
}

#[cfg(feature = "lite")]
macro_rules! zh {
    ($text:literal) => {{
        const ZH: $crate::i18n::Zh = $crate::i18n::zh_rank(podlife_spec::text_key($text));
        $crate::i18n::zh_text(ZH)
    }};
}

/// Chinese text in a `const` (a [`Zh`]; [`zh_text`] reads it).
#[cfg(not(feature = "lite"))]
macro_rules! zh_const {
    ($text:literal) => {
        $text
    };
}

#[cfg(feature = "lite")]
macro_rules! zh_const {
    ($text:literal) => {
        $crate::i18n::zh_rank(podlife_spec::text_key($text))
    };
}

/// Chinese text the first-frame module keeps (an English page shows it too, or it must show
/// when the data file could not be downloaded): the literal in every build.
macro_rules! zh_kept {
    ($text:literal) => {
        $text
    };
}

/// `format!` with a Chinese template whose values are all named (`{name}` or `{name:.N}`,
/// checked at compile time); in the first-frame module the template comes from the data file.
#[cfg(not(feature = "lite"))]
macro_rules! zh_format {
    ($text:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        const _: () = $crate::i18n::check_template($text, &[$(stringify!($name)),*]);
        format!($text $(, $name = $value)*)
    }};
}

#[cfg(feature = "lite")]
macro_rules! zh_format {
    ($text:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        const _: () = $crate::i18n::check_template($text, &[$(stringify!($name)),*]);
        const ZH: $crate::i18n::Zh = $crate::i18n::zh_rank(podlife_spec::text_key($text));
        $crate::i18n::fill(
            $crate::i18n::zh_text(ZH),
            &[$((stringify!($name), &$value as &dyn std::fmt::Display)),*],
        )
    }};
}

/// Checks a `zh_format!` template at compile time: every `{…}` is `{name}` or `{name:.N}` (one
/// digit) with `name` among `names`, braces are otherwise doubled. What [`fill`] can place.
pub const fn check_template(template: &str, names: &[&str]) {
    let b = template.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'}' {
            assert!(
                i + 1 < b.len() && b[i + 1] == b'}',
                "zh_format!: a lone closing brace"
            );
            i += 2;
            continue;
        }
        if b[i] != b'{' {
            i += 1;
            continue;
        }
        if i + 1 < b.len() && b[i + 1] == b'{' {
            i += 2;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
            end += 1;
        }
        assert!(end > start, "zh_format!: every placeholder is named");
        let mut found = false;
        let mut n = 0;
        while n < names.len() {
            let name = names[n].as_bytes();
            if name.len() == end - start {
                let mut k = 0;
                while k < name.len() && name[k] == b[start + k] {
                    k += 1;
                }
                found |= k == name.len();
            }
            n += 1;
        }
        assert!(
            found,
            "zh_format!: a placeholder's name is not among the values"
        );
        if end + 3 < b.len() && b[end] == b':' && b[end + 1] == b'.' && b[end + 2].is_ascii_digit()
        {
            end += 3;
        }
        assert!(
            end < b.len() && b[end] == b'}',
            "zh_format!: only named placeholders, with at most a precision"
        );
        i = end + 1;
    }
}

/// A `zh_format!` template with its values placed (the first-frame module's `format!`).
#[cfg(any(feature = "lite", test))]
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let Some(close) = tail.find('}') else {
            break;
        };
        let (name, digits) = tail[1..close]
            .split_once(":.")
            .unwrap_or((&tail[1..close], ""));
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => {
                let _ = match digits.parse::<usize>() {
                    Ok(p) => write!(out, "{v:.p$}"),
                    Err(_) => write!(out, "{v}"),
                };
            }
            None => out.push_str(MISSING),
        }
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(feature = "lite")]
include!(concat!(env!("OUT_DIR"), "/zh_keys.rs"));

/// A text's place in the data file (sorted by key), from its key, at compile time: a text
/// web/build.rs did not find (a macro it cannot see) does not compile.
#[cfg(feature = "lite")]
pub const fn zh_rank(key: u64) -> Zh {
    let (mut lo, mut hi) = (0, ZH_KEYS.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if ZH_KEYS[mid] == key {
            assert!(mid <= u16::MAX as usize, "more texts than a u16 counts");
            return Zh(mid as u16);
        }
        if ZH_KEYS[mid] < key {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    panic!("a Chinese text web/build.rs did not find in web/src")
}

/// The text of a [`Zh`].
#[cfg(not(feature = "lite"))]
pub const fn zh_text(z: Zh) -> &'static str {
    z
}

/// The text of a [`Zh`]: its line of the data file, or [`MISSING`].
#[cfg(feature = "lite")]
#[inline(never)]
pub fn zh_text(z: Zh) -> &'static str {
    table::get(z.0)
}

/// The first-frame module's Chinese texts: the data file's lines (one text each, in the order of
/// their keys). Loaded once, for the page's life (leaked: `&'static str` like literals).
#[cfg(feature = "lite")]
mod table {
    use std::sync::OnceLock;

    static TABLE: OnceLock<Vec<&'static str>> = OnceLock::new();

    /// False for a file of another build (its own key is not the one web/build.rs computed).
    pub fn load(text: String) -> bool {
        if podlife_spec::text_key(&text) != super::ZH_SUM {
            return false;
        }
        let text: &'static str = Box::leak(text.into_boxed_str());
        let _ = TABLE.set(text.lines().collect());
        true
    }

    pub fn loaded() -> bool {
        TABLE.get().is_some()
    }

    pub fn get(rank: u16) -> &'static str {
        TABLE
            .get()
            .and_then(|t| t.get(usize::from(rank)).copied())
            .unwrap_or(super::MISSING)
    }
}

/// Whether Chinese can be shown now: always, but in the first-frame module only once the data
/// file is loaded — which web/boot.js does before the module starts on a Chinese page
/// (`window.podlifeZhText`).
pub fn zh_ready() -> bool {
    #[cfg(feature = "lite")]
    {
        if table::loaded() {
            return true;
        }
        let text = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"podlifeZhText".into()).ok())
            .and_then(|v| v.as_string());
        text.is_some_and(table::load)
    }
    #[cfg(not(feature = "lite"))]
    true
}

/// The first-frame module: downloads the data file (web/boot.js's `window.podlifeZh()`, a
/// promise of its text) and sends `Msg::ZhLoaded` with the outcome (why it failed, if it did).
/// False when it could not even start (no loader in the page).
#[cfg(feature = "lite")]
pub fn zh_fetch() -> bool {
    use crate::types::Msg;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let loaded = Closure::once_into_js(|text: JsValue| {
        crate::send(Msg::ZhLoaded(match text.as_string().map(table::load) {
            Some(true) => Ok(()),
            _ => Err("not this version's text".into()),
        }));
    });
    let failed = Closure::once_into_js(|why: JsValue| {
        let why = match why.as_f64() {
            Some(status) => format!("HTTP {status}"),
            None => why
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default(),
        };
        crate::send(Msg::ZhLoaded(Err(why)));
    });
    let call = |name: &str, this: &JsValue| {
        js_sys::Reflect::get(this, &name.into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    };
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Some(promise) = call("podlifeZh", &window).and_then(|f| f.call0(&window).ok()) else {
        return false;
    };
    call("then", &promise).is_some_and(|then| then.call2(&promise, &loaded, &failed).is_ok())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "zh-CN" | "zh" | "zh-Hans" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// Picks English or Chinese text.
    pub fn pick(self, en: &'static str, zh: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// Every fixed UI string: key, English, Chinese. A table rather than a `match` on the key:
/// the lookup is one small loop instead of a comparison chain per key (docs/sizes.md, session 7).
const TEXTS: &[(&str, &str, Zh)] = &[
        ("tagline",
            "The life of a Kubernetes Pod, as the kubelet drives it.",
            zh_const!("Kubernetes Pod 的一生，按 kubelet 的真实行为演示。"),
        ),
        ("manifest", "Manifest", zh_const!("清单")),
        ("editor-label", "Pod manifest (YAML)", zh_const!("Pod 清单（YAML）")),
        ("diagnostics", "Diagnostics", zh_const!("诊断")),
        ("no-problems", "No problems found.", zh_const!("没有发现问题。")),
        ("stale",
            "The manifest has errors: showing the last valid run.",
            zh_const!("清单有错误：正在显示上一次有效的运行结果。"),
        ),
        ("no-run",
            "Fix the errors to see the Pod run.",
            zh_const!("修正错误后即可看到 Pod 的运行。"),
        ),
        ("play", "Play", zh_const!("播放")),
        ("pause", "Pause", zh_const!("暂停")),
        ("speed", "Speed", zh_const!("速度")),
        ("time", "Time in seconds", zh_const!("时间（秒）")),
        ("time-help",
            "Type seconds and press Enter to jump",
            zh_const!("输入秒数并按回车跳转"),
        ),
        ("prev-event", "Previous event (←)", zh_const!("上一个事件（←）")),
        ("next-event", "Next event (→)", zh_const!("下一个事件（→）")),
        ("scrub", "Simulated time", zh_const!("模拟时间")),
        ("timeline", "Timeline", zh_const!("时间线")),
        ("gallery", "Examples", zh_const!("示例")),
        ("lang", "Language", zh_const!("语言")),
        ("share", "Share", zh_const!("分享")),
        ("share-privacy",
            "The whole scenario is inside the link (after #): nothing is uploaded anywhere.",
            zh_const!("整个场景都在链接里（# 之后）：不会上传到任何地方。"),
        ),
        ("share-link", "Link", zh_const!("链接")),
        ("share-embed", "Embed (HTML)", zh_const!("嵌入（HTML）")),
        ("embed-view", "Embed view", zh_const!("嵌入视图")),
        ("copy", "Copy", zh_const!("复制")),
        ("copied", "Copied", zh_const!("已复制")),
        ("download", "Download scenario (.yaml)", zh_const!("下载场景（.yaml）")),
        ("open-full", "Open in podlife ↗", zh_const!("在 podlife 中打开 ↗")),
        ("link-error", "This link could not be opened.", zh_const!("无法打开此链接。")),
        ("link-error-kept",
            "Nothing was loaded; your draft is unchanged.",
            zh_const!("未加载任何内容；你的草稿保持不变。"),
        ),
        ("link-opened",
            "Opened a shared scenario. Your previous draft is kept.",
            zh_const!("已打开分享的场景。你之前的草稿已保留。"),
        ),
        ("restore-draft", "Restore your previous draft", zh_const!("恢复之前的草稿")),
        ("dismiss", "Dismiss", zh_const!("关闭提示")),
        ("query-ignored", "Address parameter", zh_const!("地址参数")),
        ("container", "Container", zh_const!("容器")),
        ("actions", "Actions", zh_const!("操作")),
        ("views", "kubectl views", zh_const!("kubectl 视图")),
        ("run-exec", "Run", zh_const!("执行")),
        ("delete", "Delete pod", zh_const!("删除 Pod")),
        ("grace", "Grace period (s)", zh_const!("宽限期（秒）")),
        ("create-svc", "Create Service", zh_const!("创建 Service")),
        ("remove-svc", "Remove Service", zh_const!("删除 Service")),
        ("node-down", "Node down", zh_const!("节点宕机")),
        ("node-up", "Node up", zh_const!("节点恢复")),
        ("exec-output", "exec output", zh_const!("exec 输出")),
        ("no-exec",
            "No exec yet. Pick a command above: it is added to the scenario at the current time.",
            zh_const!("还没有执行过 exec。在上方选择命令：它会以当前时间加入场景。"),
        ),
        ("why-hint",
            "Click an event, a probe tick, a lane or a condition on the timeline (or a row of the events panel) to see why it happened and which YAML lines caused it.",
            zh_const!("点击时间线上的事件、探针刻度、泳道或条件（或事件面板中的一行），查看它发生的原因以及对应的 YAML 行。"),
        ),
        ("close", "Close", zh_const!("关闭")),
        ("termination", "Termination", zh_const!("终止")),
        ("who", "Who does what", zh_const!("谁在做什么")),
        ("phase", "phase", zh_const!("阶段")),
        ("events-row", "events", zh_const!("事件")),
        ("init", "init containers", zh_const!("init 容器")),
        ("sidecar", "sidecar containers", zh_const!("边车容器")),
        ("regular", "containers", zh_const!("容器")),
        ("capped", "The run hit a bound:", zh_const!("运行触及上限：")),
        ("zoom", "Zoom", zh_const!("缩放")),
        ("playback", "Playback", zh_const!("播放控制")),
        ("command", "Command", zh_const!("命令")),
        ("service-name", "Service name", zh_const!("Service 名称")),
        ("legend", "Legend", zh_const!("图例")),
        ("zoom-all", "whole run", zh_const!("整个运行")),
        ("back-off", "back-off", zh_const!("退避")),
        ("grace-span", "grace period", zh_const!("宽限期")),
        ("startup", "startup", zh_const!("启动探针")),
        ("liveness", "liveness", zh_const!("存活探针")),
        ("readiness", "readiness", zh_const!("就绪探针")),
        ("countdown-idle", "no container is stopping now", zh_const!("当前没有容器在停止")),
        ("actions-at", "Added to the scenario at", zh_const!("加入场景的时刻：")),
        ("suggestions", "Commands for this container", zh_const!("适合此容器的命令")),
        ("panels", "kubectl panels", zh_const!("kubectl 面板")),
        ("panes", "Panes", zh_const!("窗格")),
        ("pane-editor", "Editor", zh_const!("编辑器")),
        ("pane-timeline", "Timeline", zh_const!("时间线")),
        ("pane-kubectl", "kubectl", zh_const!("kubectl")),
        ("tab-why", "Why", zh_const!("原因")),
        ("tab-actions", "Actions", zh_const!("操作")),
        ("tab-version", "Version", zh_const!("版本")),
        ("kube-version",
            "Kubernetes version: the minor whose kubelet, scheduler and kubectl the run follows",
            zh_const!("Kubernetes 版本：运行所遵循的 kubelet、调度器与 kubectl 的次版本"),
        ),
        ("differs", "What differs", zh_const!("版本差异")),
        ("differs-title-short",
            "What differs in this version for this scenario",
            zh_const!("此场景在该版本中有何不同"),
        ),
        ("differs-title",
            "rules of this scenario that depend on the version",
            zh_const!("此场景中随版本而变的规则"),
        ),
        ("differs-none",
            "Nothing in this scenario depends on the version: 1.33 to 1.37 run it alike.",
            zh_const!("此场景不受版本影响：1.33 至 1.37 的运行结果相同。"),
        ),
        ("differs-all",
            "Every rule that depends on the version ↗",
            zh_const!("所有随版本而变的规则 ↗"),
        ),
        ("resize-editor", "Resize the editor (← →)", zh_const!("调整编辑器宽度（← →）")),
        ("resize-timeline", "Resize the timeline (↑ ↓)", zh_const!("调整时间线高度（↑ ↓）")),
        ("yaml-lines", "YAML lines", zh_const!("YAML 行")),
        ("rule", "Rule", zh_const!("规则")),
        ("concept", "Kubernetes docs ↗", zh_const!("Kubernetes 文档 ↗")),
        ("edited", "edited", zh_const!("已修改")),
        ("own-manifest", "Your manifest", zh_const!("你的清单")),
        ("hint-idle",
            "Tab reaches the editor like any control; Tab again moves on.",
            zh_const!("Tab 可像其他控件一样进入编辑器，再按 Tab 继续前进。"),
        ),
        ("hint-focus",
            "Type or click to edit · Tab moves on",
            zh_const!("输入或点击即可编辑 · Tab 移到下一个控件"),
        ),
        ("hint-editing",
            "Editing: Tab indents · Esc then Tab leaves the editor",
            zh_const!("编辑中：Tab 缩进 · 先按 Esc 再按 Tab 离开编辑器"),
        ),
        ("help-title", "Keyboard shortcuts", zh_const!("键盘快捷键")),
        ("key-play", "Play or pause", zh_const!("播放或暂停")),
        ("key-step", "Previous or next event", zh_const!("上一个或下一个事件")),
        ("key-help", "This list", zh_const!("显示此列表")),
        ("key-esc", "Close a dialog or panel", zh_const!("关闭对话框或面板")),
        ("key-tab", "Next control; in the editor, indent once editing", zh_const!("下一个控件；在编辑器中编辑时缩进")),
        ("key-leave", "Leave the editor", zh_const!("离开编辑器")),
        ("key-search", "Search in the editor", zh_const!("在编辑器中搜索")),
        ("key-undo", "Undo an edit", zh_const!("撤销编辑")),
        ("key-time", "Jump to the typed time (time field)", zh_const!("跳到输入的时间（时间框）")),
        ("key-split", "Resize panes (on a divider)", zh_const!("调整窗格大小（在分隔条上）")),
        ("help-more",
            "Click an event, a probe tick, a lane or a condition on the timeline to see why it happened.",
            zh_const!("点击时间线上的事件、探针刻度、泳道或条件，查看它发生的原因。"),
        ),
        ("view-timeline", "timeline", zh_const!("时间线")),
        ("view-kubectl", "kubectl", zh_const!("kubectl")),
        ("view-split", "timeline + kubectl", zh_const!("时间线 + kubectl")),
        ("view-editor", "editor", zh_const!("编辑器")),
        ("view-compare", "compare A and B", zh_const!("对比 A 与 B")),
        // Compare, expectations and Export (issue 16).
        ("compare", "Compare", zh_const!("对比")),
        ("compare-title",
            "Run a copy of this scenario as B and see what differs",
            zh_const!("把当前场景复制为 B 一起运行，查看差异"),
        ),
        ("side-a", "A (scenario)", zh_const!("A（场景）")),
        ("side-b", "B (variant)", zh_const!("B（变体）")),
        ("reset-b", "B = A", zh_const!("B = A")),
        ("reset-b-title", "Make B a copy of A again", zh_const!("把 B 重新设为 A 的副本")),
        ("b-stale", "has errors: last valid run", zh_const!("有错误：显示上一次有效运行")),
        ("b-no-run",
            "B has no valid run yet: fix its errors (tab B).",
            zh_const!("B 还没有有效的运行：请修正它的错误（B 标签页）。"),
        ),
        ("tab-diff", "differences", zh_const!("差异")),
        ("first-divergence", "first divergence", zh_const!("首个分歧")),
        ("tab-expect", "expect", zh_const!("预期")),
        ("expect-row", "expect", zh_const!("预期")),
        ("no-expect",
            "No expectations: add spec.expect to the Scenario document.",
            zh_const!("没有预期：在 Scenario 文档中添加 spec.expect。"),
        ),
        ("passed", "passed", zh_const!("通过")),
        ("failed", "failed", zh_const!("未通过")),
        ("export", "Export", zh_const!("导出")),
        ("more", "More", zh_const!("更多")),
        ("more-title", "Language, compare, share, export", zh_const!("语言、对比、分享、导出")),
        ("export-more", "Export…", zh_const!("导出…")),
        ("timeline-keys",
            "Timeline: arrow keys move between its items, Enter explains one",
            zh_const!("时间线：方向键在各项之间移动，回车查看解释"),
        ),
        ("key-timeline",
            "On the timeline: between items of a row (← →), between rows (↑ ↓), first or last (Home, End)",
            zh_const!("在时间线上：同一行内移动（← →），换行（↑ ↓），首项或末项（Home、End）"),
        ),
        ("key-timeline-enter",
            "On the timeline: put the playhead on the item and explain it",
            zh_const!("在时间线上：把播放头移到该项并解释它"),
        ),
        ("export-svg", "Timeline SVG", zh_const!("时间线 SVG")),
        ("export-png", "Timeline PNG", zh_const!("时间线 PNG")),
        ("export-json", "Trace JSON", zh_const!("轨迹 JSON")),
        ("export-yaml", "-o yaml at", zh_const!("-o yaml，时刻")),
        ("export-cli", "The same SVG from the CLI:", zh_const!("用命令行生成同样的 SVG：")),
        ("footer",
            "podlife runs in your browser: nothing is sent anywhere.",
            zh_const!("podlife 在你的浏览器中运行：不向任何地方发送数据。"),
        ),
        ("rules-doc", "The kubelet rules podlife follows ↗", zh_const!("podlife 遵循的 kubelet 规则 ↗")),
        ("pod-lifecycle", "Pod lifecycle on kubernetes.io ↗", zh_const!("kubernetes.io 上的 Pod 生命周期 ↗")),
        ("keys-hint", "Press ? for keyboard shortcuts.", zh_const!("按 ? 查看键盘快捷键。")),
];

/// A fixed UI string by key ("?" for an unknown key).
pub fn tr(lang: Lang, key: &str) -> &'static str {
    match TEXTS.iter().find(|(name, _, _)| *name == key) {
        Some(&(_, en, zh)) => lang.pick(en, zh_text(zh)),
        None => "?",
    }
}

/// The bound a run hit (`Trace::capped`, the engine's words: "<what> at t=<time>") in the
/// page's language. Unknown texts stay as the engine wrote them.
pub fn capped(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    // The probe-mark cap names its instant inside the sentence.
    if let Some(t) = text
        .strip_prefix("probe mark cap reached at t=")
        .and_then(|r| r.strip_suffix(" (later marks dropped)"))
    {
        return zh_format!("探针标记数在 t={t} 达到上限（之后的标记不再记录）", t = t);
    }
    let Some((what, at)) = text.rsplit_once(" at t=") else {
        return text.to_string();
    };
    let zh = match what {
        "frame cap reached" => zh!("状态帧数达到上限"),
        "event cap reached" => zh!("事件数达到上限"),
        "step cap reached" => zh!("模拟步数达到上限"),
        "internal: no progress" => zh!("内部：模拟没有进展"),
        "internal: too many steps at one instant" => zh!("内部：同一时刻的步数过多"),
        "internal: sync step bound reached (pod worker)" => {
            zh!("内部：同步步骤达到上限（pod worker）")
        }
        "internal: kill step bound reached (killContainer)" => {
            zh!("内部：停止步骤达到上限（killContainer）")
        }
        "internal: start step bound reached (startContainer)" => {
            zh!("内部：启动步骤达到上限（startContainer）")
        }
        "internal: kill pass bound reached (termination order)" => {
            zh!("内部：停止轮次达到上限（termination order）")
        }
        _ => return text.to_string(),
    };
    zh_format!("{zh}，t={at}", zh = zh, at = at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bound the engine reports (its `cap(...)` texts, read from its sources) has
    /// Chinese: a new bound without a row here fails.
    #[test]
    fn every_cap_of_the_engine_is_translated() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/engine/src");
        let mut found = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(root)];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).expect("engine sources").flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs")
                    && !p.to_string_lossy().contains("tests")
                {
                    let src = std::fs::read_to_string(&p).expect("readable");
                    // `.cap(now, "why")`, `.cap("why")`, possibly over lines.
                    for (i, _) in src.match_indices("cap(") {
                        let rest = &src[i..(i + 200).min(src.len())];
                        if !(src[..i].ends_with('.') || src[..i].trim_end().ends_with('.')) {
                            continue;
                        }
                        if let Some(q) = rest.find('"') {
                            let tail = &rest[q + 1..];
                            if let Some(end) = tail.find('"') {
                                if rest[..q].matches(')').count() == 0 {
                                    found.push(tail[..end].to_string());
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(found.len() >= 8, "the engine's caps were found: {found:?}");
        for why in &found {
            let text = format!("{why} at t=12.5s");
            let zh = capped(&text, Lang::Zh);
            assert_ne!(zh, text, "{why} has no Chinese");
            assert!(zh.ends_with("t=12.5s"), "{zh}");
        }
        let marks = capped(
            "probe mark cap reached at t=3m0s (later marks dropped)",
            Lang::Zh,
        );
        assert!(
            marks.contains("t=3m0s") && !marks.contains("reached"),
            "{marks}"
        );
        assert_eq!(
            capped("event cap reached at t=1s", Lang::En),
            "event cap reached at t=1s"
        );
    }

    #[test]
    fn every_key_has_both_languages() {
        for key in [
            "tagline",
            "manifest",
            "stale",
            "play",
            "pause",
            "speed",
            "time",
            "gallery",
            "lang",
            "actions",
            "delete",
            "termination",
            "who",
            "tab-version",
            "kube-version",
            "differs",
            "differs-title-short",
            "differs-title",
            "differs-none",
            "differs-all",
            "compare",
            "side-a",
            "side-b",
            "b-stale",
            "b-no-run",
            "tab-diff",
            "first-divergence",
            "tab-expect",
            "no-expect",
            "passed",
            "failed",
            "export",
            "export-svg",
            "export-png",
            "export-json",
            "export-yaml",
            "export-cli",
            "compare-title",
            "reset-b-title",
            "more",
            "more-title",
            "export-more",
            "timeline-keys",
            "key-timeline",
            "key-timeline-enter",
        ] {
            assert_ne!(tr(Lang::En, key), "?", "{key}");
            assert_ne!(tr(Lang::Zh, key), "?", "{key}");
            assert_ne!(tr(Lang::En, key), tr(Lang::Zh, key), "{key} untranslated");
        }
        assert_eq!(tr(Lang::En, "no-such-key"), "?");
    }

    /// The first-frame module's `format!` places values as `format!` does, for the forms
    /// `check_template` lets through.
    #[test]
    fn fill_is_format() {
        let (at, secs, n) = ("12.5", 2.25_f64, 3);
        assert_eq!(
            fill(
                "{at} 秒：{n} 次 {{原样}} {secs:.1} {secs}",
                &[("at", &at), ("secs", &secs), ("n", &n)]
            ),
            format!("{at} 秒：{n} 次 {{原样}} {secs:.1} {secs}")
        );
        assert_eq!(fill("缺 {x}", &[]), format!("缺 {MISSING}"));
        check_template("{a} {b:.2} {{c}}", &["a", "b"]);
    }

    #[test]
    #[should_panic(expected = "not among the values")]
    fn a_template_names_only_given_values() {
        check_template("{a} {b}", &["a"]);
    }

    #[test]
    fn codes_round_trip() {
        for l in [Lang::En, Lang::Zh] {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }
}
