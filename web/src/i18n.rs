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

/// Every fixed UI string, by key.
pub fn tr(lang: Lang, key: &str) -> &'static str {
    let (en, zh) = match key {
        "tagline" => (
            "The life of a Kubernetes Pod, as the kubelet drives it.",
            "Kubernetes Pod 的一生，按 kubelet 的真实行为演示。",
        ),
        "manifest" => ("Manifest", "清单"),
        "editor-label" => ("Pod manifest (YAML)", "Pod 清单（YAML）"),
        "diagnostics" => ("Diagnostics", "诊断"),
        "no-problems" => ("No problems found.", "没有发现问题。"),
        "stale" => (
            "The manifest has errors: showing the last valid run.",
            "清单有错误：正在显示上一次有效的运行结果。",
        ),
        "no-run" => (
            "Fix the errors to see the Pod run.",
            "修正错误后即可看到 Pod 的运行。",
        ),
        "play" => ("Play", "播放"),
        "pause" => ("Pause", "暂停"),
        "speed" => ("Speed", "速度"),
        "time" => ("Time (s)", "时间（秒）"),
        "time-help" => (
            "Type seconds and press Enter to jump",
            "输入秒数并按回车跳转",
        ),
        "prev-event" => ("Previous event (←)", "上一个事件（←）"),
        "next-event" => ("Next event (→)", "下一个事件（→）"),
        "scrub" => ("Simulated time", "模拟时间"),
        "timeline" => ("Timeline", "时间线"),
        "gallery" => ("Examples", "示例"),
        "lang" => ("Language", "语言"),
        "share" => ("Share", "分享"),
        "share-privacy" => (
            "The whole scenario is inside the link (after #): nothing is uploaded anywhere.",
            "整个场景都在链接里（# 之后）：不会上传到任何地方。",
        ),
        "share-link" => ("Link", "链接"),
        "share-embed" => ("Embed (HTML)", "嵌入（HTML）"),
        "embed-view" => ("Embed view", "嵌入视图"),
        "copy" => ("Copy", "复制"),
        "copied" => ("Copied", "已复制"),
        "download" => ("Download scenario (.yaml)", "下载场景（.yaml）"),
        "open-full" => ("Open in podlife ↗", "在 podlife 中打开 ↗"),
        "link-error" => ("This link could not be opened.", "无法打开此链接。"),
        "link-error-kept" => (
            "Nothing was loaded; your draft is unchanged.",
            "未加载任何内容；你的草稿保持不变。",
        ),
        "link-opened" => (
            "Opened a shared scenario. Your previous draft is kept.",
            "已打开分享的场景。你之前的草稿已保留。",
        ),
        "restore-draft" => ("Restore your previous draft", "恢复之前的草稿"),
        "dismiss" => ("Dismiss", "关闭提示"),
        "query-ignored" => ("Address parameter", "地址参数"),
        "views" => ("kubectl", "kubectl"),
        "events" => ("Events", "事件"),
        "logs-previous" => ("--previous", "--previous"),
        "container" => ("Container", "容器"),
        "actions" => ("Actions at this instant", "在当前时刻操作"),
        "exec" => ("exec", "exec"),
        "run-exec" => ("Run", "执行"),
        "delete" => ("Delete pod", "删除 Pod"),
        "grace" => ("Grace period (s)", "宽限期（秒）"),
        "force" => ("--force", "--force"),
        "create-svc" => ("Create Service", "创建 Service"),
        "remove-svc" => ("Remove Service", "删除 Service"),
        "node-down" => ("Node down", "节点宕机"),
        "node-up" => ("Node up", "节点恢复"),
        "exec-output" => ("exec output", "exec 输出"),
        "no-exec" => (
            "No exec yet. Pick a command above: it is added to the scenario at the current time.",
            "还没有执行过 exec。在上方选择命令：它会以当前时间加入场景。",
        ),
        "why" => ("Why?", "为什么？"),
        "why-hint" => (
            "Click an event or a container lane to see why it happened and which YAML lines caused it.",
            "点击一个事件或容器泳道，查看它发生的原因以及对应的 YAML 行。",
        ),
        "close" => ("Close", "关闭"),
        "termination" => ("Termination", "终止"),
        "grace-left" => ("left of the grace period", "宽限期剩余"),
        "who" => ("Who does what", "谁在做什么"),
        "phase" => ("phase", "阶段"),
        "events-row" => ("events", "事件"),
        "init" => ("init", "init"),
        "sidecar" => ("sidecar", "sidecar"),
        "regular" => ("containers", "容器"),
        "capped" => ("The run hit a bound:", "运行触及上限："),
        "reduced" => (
            "Reduced motion: press Play to animate.",
            "已减少动态效果：按播放开始动画。",
        ),
        "ref" => ("Reference", "参考"),
        "zoom" => ("Zoom", "缩放"),
        "playback" => ("Playback", "播放控制"),
        "command" => ("Command", "命令"),
        "service-name" => ("Service name", "Service 名称"),
        "legend" => ("Legend", "图例"),
        "run-took" => ("Parsed and simulated in", "解析并模拟用时"),
        "grace-ended" => ("ended at", "结束于"),
        "zoom-all" => ("whole run", "整个运行"),
        _ => ("?", "?"),
    };
    lang.pick(en, zh)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "why",
            "termination",
            "who",
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
