//! UI text in English and Simplified Chinese. Kubernetes terms and kubectl output stay as kubectl
//! prints them; only the playground's own words are translated.

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
const TEXTS: &[(&str, &str, &str)] = &[
        ("tagline",
            "The life of a Kubernetes Pod, as the kubelet drives it.",
            "Kubernetes Pod 的一生，按 kubelet 的真实行为演示。",
        ),
        ("manifest", "Manifest", "清单"),
        ("editor-label", "Pod manifest (YAML)", "Pod 清单（YAML）"),
        ("diagnostics", "Diagnostics", "诊断"),
        ("no-problems", "No problems found.", "没有发现问题。"),
        ("stale",
            "The manifest has errors: showing the last valid run.",
            "清单有错误：正在显示上一次有效的运行结果。",
        ),
        ("no-run",
            "Fix the errors to see the Pod run.",
            "修正错误后即可看到 Pod 的运行。",
        ),
        ("play", "Play", "播放"),
        ("pause", "Pause", "暂停"),
        ("speed", "Speed", "速度"),
        ("time", "Time in seconds", "时间（秒）"),
        ("time-help",
            "Type seconds and press Enter to jump",
            "输入秒数并按回车跳转",
        ),
        ("prev-event", "Previous event (←)", "上一个事件（←）"),
        ("next-event", "Next event (→)", "下一个事件（→）"),
        ("scrub", "Simulated time", "模拟时间"),
        ("timeline", "Timeline", "时间线"),
        ("gallery", "Examples", "示例"),
        ("lang", "Language", "语言"),
        ("share", "Share", "分享"),
        ("share-privacy",
            "The whole scenario is inside the link (after #): nothing is uploaded anywhere.",
            "整个场景都在链接里（# 之后）：不会上传到任何地方。",
        ),
        ("share-link", "Link", "链接"),
        ("share-embed", "Embed (HTML)", "嵌入（HTML）"),
        ("embed-view", "Embed view", "嵌入视图"),
        ("copy", "Copy", "复制"),
        ("copied", "Copied", "已复制"),
        ("download", "Download scenario (.yaml)", "下载场景（.yaml）"),
        ("open-full", "Open in podlife ↗", "在 podlife 中打开 ↗"),
        ("link-error", "This link could not be opened.", "无法打开此链接。"),
        ("link-error-kept",
            "Nothing was loaded; your draft is unchanged.",
            "未加载任何内容；你的草稿保持不变。",
        ),
        ("link-opened",
            "Opened a shared scenario. Your previous draft is kept.",
            "已打开分享的场景。你之前的草稿已保留。",
        ),
        ("restore-draft", "Restore your previous draft", "恢复之前的草稿"),
        ("dismiss", "Dismiss", "关闭提示"),
        ("query-ignored", "Address parameter", "地址参数"),
        ("container", "Container", "容器"),
        ("actions", "Actions", "操作"),
        ("views", "kubectl views", "kubectl 视图"),
        ("run-exec", "Run", "执行"),
        ("delete", "Delete pod", "删除 Pod"),
        ("grace", "Grace period (s)", "宽限期（秒）"),
        ("create-svc", "Create Service", "创建 Service"),
        ("remove-svc", "Remove Service", "删除 Service"),
        ("node-down", "Node down", "节点宕机"),
        ("node-up", "Node up", "节点恢复"),
        ("exec-output", "exec output", "exec 输出"),
        ("no-exec",
            "No exec yet. Pick a command above: it is added to the scenario at the current time.",
            "还没有执行过 exec。在上方选择命令：它会以当前时间加入场景。",
        ),
        ("why-hint",
            "Click an event, a probe tick, a lane or a condition on the timeline (or a row of the events panel) to see why it happened and which YAML lines caused it.",
            "点击时间线上的事件、探针刻度、泳道或条件（或事件面板中的一行），查看它发生的原因以及对应的 YAML 行。",
        ),
        ("close", "Close", "关闭"),
        ("termination", "Termination", "终止"),
        ("who", "Who does what", "谁在做什么"),
        ("phase", "phase", "阶段"),
        ("events-row", "events", "事件"),
        ("init", "init containers", "init 容器"),
        ("sidecar", "sidecar containers", "边车容器"),
        ("regular", "containers", "容器"),
        ("capped", "The run hit a bound:", "运行触及上限："),
        ("zoom", "Zoom", "缩放"),
        ("playback", "Playback", "播放控制"),
        ("command", "Command", "命令"),
        ("service-name", "Service name", "Service 名称"),
        ("legend", "Legend", "图例"),
        ("zoom-all", "whole run", "整个运行"),
        ("back-off", "back-off", "退避"),
        ("grace-span", "grace period", "宽限期"),
        ("startup", "startup", "启动探针"),
        ("liveness", "liveness", "存活探针"),
        ("readiness", "readiness", "就绪探针"),
        ("countdown-idle", "no container is stopping now", "当前没有容器在停止"),
        ("actions-at", "Added to the scenario at", "加入场景的时刻："),
        ("suggestions", "Commands for this container", "适合此容器的命令"),
        ("panels", "kubectl panels", "kubectl 面板"),
        ("panes", "Panes", "窗格"),
        ("pane-editor", "Editor", "编辑器"),
        ("pane-timeline", "Timeline", "时间线"),
        ("pane-kubectl", "kubectl", "kubectl"),
        ("tab-why", "Why", "原因"),
        ("tab-actions", "Actions", "操作"),
        ("tab-version", "Version", "版本"),
        ("kube-version",
            "Kubernetes version: the minor whose kubelet, scheduler and kubectl the run follows",
            "Kubernetes 版本：运行所遵循的 kubelet、调度器与 kubectl 的次版本",
        ),
        ("differs", "What differs", "版本差异"),
        ("differs-title-short",
            "What differs in this version for this scenario",
            "此场景在该版本中有何不同",
        ),
        ("differs-title",
            "rules of this scenario that depend on the version",
            "此场景中随版本而变的规则",
        ),
        ("differs-none",
            "Nothing in this scenario depends on the version: 1.33 to 1.37 run it alike.",
            "此场景不受版本影响：1.33 至 1.37 的运行结果相同。",
        ),
        ("differs-all",
            "Every rule that depends on the version ↗",
            "所有随版本而变的规则 ↗",
        ),
        ("resize-editor", "Resize the editor (← →)", "调整编辑器宽度（← →）"),
        ("resize-timeline", "Resize the timeline (↑ ↓)", "调整时间线高度（↑ ↓）"),
        ("yaml-lines", "YAML lines", "YAML 行"),
        ("rule", "Rule", "规则"),
        ("concept", "Kubernetes docs ↗", "Kubernetes 文档 ↗"),
        ("edited", "edited", "已修改"),
        ("own-manifest", "Your manifest", "你的清单"),
        ("hint-idle",
            "Tab reaches the editor like any control; Tab again moves on.",
            "Tab 可像其他控件一样进入编辑器，再按 Tab 继续前进。",
        ),
        ("hint-focus",
            "Type or click to edit · Tab moves on",
            "输入或点击即可编辑 · Tab 移到下一个控件",
        ),
        ("hint-editing",
            "Editing: Tab indents · Esc then Tab leaves the editor",
            "编辑中：Tab 缩进 · 先按 Esc 再按 Tab 离开编辑器",
        ),
        ("help-title", "Keyboard shortcuts", "键盘快捷键"),
        ("key-play", "Play or pause", "播放或暂停"),
        ("key-step", "Previous or next event", "上一个或下一个事件"),
        ("key-help", "This list", "显示此列表"),
        ("key-esc", "Close a dialog or panel", "关闭对话框或面板"),
        ("key-tab", "Next control; in the editor, indent once editing", "下一个控件；在编辑器中编辑时缩进"),
        ("key-leave", "Leave the editor", "离开编辑器"),
        ("key-search", "Search in the editor", "在编辑器中搜索"),
        ("key-undo", "Undo an edit", "撤销编辑"),
        ("key-time", "Jump to the typed time (time field)", "跳到输入的时间（时间框）"),
        ("key-split", "Resize panes (on a divider)", "调整窗格大小（在分隔条上）"),
        ("help-more",
            "Click an event, a probe tick, a lane or a condition on the timeline to see why it happened.",
            "点击时间线上的事件、探针刻度、泳道或条件，查看它发生的原因。",
        ),
        ("view-timeline", "timeline", "时间线"),
        ("view-kubectl", "kubectl", "kubectl"),
        ("view-split", "timeline + kubectl", "时间线 + kubectl"),
        ("view-editor", "editor", "编辑器"),
        ("view-compare", "compare A and B", "对比 A 与 B"),
        // Compare, expectations and Export (issue 16).
        ("compare", "Compare", "对比"),
        ("compare-title",
            "Run a copy of this scenario as B and see what differs",
            "把当前场景复制为 B 一起运行，查看差异",
        ),
        ("side-a", "A (scenario)", "A（场景）"),
        ("side-b", "B (variant)", "B（变体）"),
        ("reset-b", "B = A", "B = A"),
        ("reset-b-title", "Make B a copy of A again", "把 B 重新设为 A 的副本"),
        ("b-stale", "has errors: last valid run", "有错误：显示上一次有效运行"),
        ("b-no-run",
            "B has no valid run yet: fix its errors (tab B).",
            "B 还没有有效的运行：请修正它的错误（B 标签页）。",
        ),
        ("tab-diff", "differences", "差异"),
        ("first-divergence", "first divergence", "首个分歧"),
        ("tab-expect", "expect", "预期"),
        ("expect-row", "expect", "预期"),
        ("no-expect",
            "No expectations: add spec.expect to the Scenario document.",
            "没有预期：在 Scenario 文档中添加 spec.expect。",
        ),
        ("passed", "passed", "通过"),
        ("failed", "failed", "未通过"),
        ("export", "Export", "导出"),
        ("more", "More", "更多"),
        ("more-title", "Language, compare, share, export", "语言、对比、分享、导出"),
        ("export-more", "Export…", "导出…"),
        ("timeline-keys",
            "Timeline: arrow keys move between its items, Enter explains one",
            "时间线：方向键在各项之间移动，回车查看解释",
        ),
        ("key-timeline",
            "On the timeline: between items of a row (← →), between rows (↑ ↓), first or last (Home, End)",
            "在时间线上：同一行内移动（← →），换行（↑ ↓），首项或末项（Home、End）",
        ),
        ("key-timeline-enter",
            "On the timeline: put the playhead on the item and explain it",
            "在时间线上：把播放头移到该项并解释它",
        ),
        ("export-svg", "Timeline SVG", "时间线 SVG"),
        ("export-png", "Timeline PNG", "时间线 PNG"),
        ("export-json", "Trace JSON", "轨迹 JSON"),
        ("export-yaml", "-o yaml at", "-o yaml，时刻"),
        ("export-cli", "The same SVG from the CLI:", "用命令行生成同样的 SVG："),
        ("footer",
            "podlife runs in your browser: nothing is sent anywhere.",
            "podlife 在你的浏览器中运行：不向任何地方发送数据。",
        ),
        ("rules-doc", "The kubelet rules podlife follows ↗", "podlife 遵循的 kubelet 规则 ↗"),
        ("pod-lifecycle", "Pod lifecycle on kubernetes.io ↗", "kubernetes.io 上的 Pod 生命周期 ↗"),
        ("keys-hint", "Press ? for keyboard shortcuts.", "按 ? 查看键盘快捷键。"),
];

/// A fixed UI string by key ("?" for an unknown key).
pub fn tr(lang: Lang, key: &str) -> &'static str {
    match TEXTS.iter().find(|(name, _, _)| *name == key) {
        Some(&(_, en, zh)) => lang.pick(en, zh),
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
        return format!("探针标记数在 t={t} 达到上限（之后的标记不再记录）");
    }
    let Some((what, at)) = text.rsplit_once(" at t=") else {
        return text.to_string();
    };
    let zh = match what {
        "frame cap reached" => "状态帧数达到上限",
        "event cap reached" => "事件数达到上限",
        "step cap reached" => "模拟步数达到上限",
        "internal: no progress" => "内部：模拟没有进展",
        "internal: too many steps at one instant" => "内部：同一时刻的步数过多",
        "internal: sync step bound reached (pod worker)" => "内部：同步步骤达到上限（pod worker）",
        "internal: kill step bound reached (killContainer)" => {
            "内部：停止步骤达到上限（killContainer）"
        }
        "internal: start step bound reached (startContainer)" => {
            "内部：启动步骤达到上限（startContainer）"
        }
        "internal: kill pass bound reached (termination order)" => {
            "内部：停止轮次达到上限（termination order）"
        }
        _ => return text.to_string(),
    };
    format!("{zh}，t={at}")
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

    #[test]
    fn codes_round_trip() {
        for l in [Lang::En, Lang::Zh] {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }
}
