//! The gallery: every example of the course notes (examples/seeds) plus a few classics,
//! compiled into the app so each opens instantly and offline.

use yew::prelude::*;

use crate::i18n::{tr, Lang};

pub struct Example {
    pub id: &'static str,
    pub en: &'static str,
    pub zh: crate::i18n::Zh,
    pub text: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "busybox-crash-loop",
        en: "Classic: bare busybox crash loop",
        zh: zh_const!("经典：busybox 崩溃循环"),
        text: include_str!("../examples/busybox-crash-loop.yaml"),
    },
    Example {
        id: "slow-starter-startup-probe",
        en: "Classic: slow starter with a startup probe",
        zh: zh_const!("经典：带启动探针的慢启动应用"),
        text: include_str!("../examples/slow-starter-startup-probe.yaml"),
    },
    Example {
        id: "job-with-sidecar",
        en: "Classic: Job with a sidecar",
        zh: zh_const!("经典：带边车容器的 Job"),
        text: include_str!("../examples/job-with-sidecar.yaml"),
    },
    Example {
        id: "liveness-exec",
        en: "Liveness probe (exec): the upstream example",
        zh: zh_const!("存活探针（exec）：官方示例"),
        text: include_str!("../../examples/seeds/liveness-exec.yaml"),
    },
    Example {
        id: "liveness-exec-busyboxplus",
        en: "Liveness exec with busyboxplus",
        zh: zh_const!("存活探针 exec（busyboxplus）"),
        text: include_str!("../../examples/seeds/liveness-exec-busyboxplus.yaml"),
    },
    Example {
        id: "liveness-exec-live-file",
        en: "Liveness exec: /tmp/live removed after 60 s",
        zh: zh_const!("存活探针 exec：60 秒后删除 /tmp/live"),
        text: include_str!("../../examples/seeds/liveness-exec-live-file.yaml"),
    },
    Example {
        id: "liveness-http",
        en: "Liveness probe (httpGet): /healthz fails after 10 s",
        zh: zh_const!("存活探针（httpGet）：10 秒后 /healthz 失败"),
        text: include_str!("../../examples/seeds/liveness-http.yaml"),
    },
    Example {
        id: "liveness-http-gcr",
        en: "Liveness httpGet (k8s.gcr.io/liveness)",
        zh: zh_const!("存活探针 httpGet（k8s.gcr.io/liveness）"),
        text: include_str!("../../examples/seeds/liveness-http-gcr.yaml"),
    },
    Example {
        id: "liveness-httpget-nginx",
        en: "Liveness httpGet on nginx (then rm index.html)",
        zh: zh_const!("nginx 存活探针 httpGet（随后删除 index.html）"),
        text: include_str!("../../examples/seeds/liveness-httpget-nginx.yaml"),
    },
    Example {
        id: "liveness-httpget-misindented",
        en: "Liveness httpGet, mis-indented (broken)",
        zh: zh_const!("存活探针 httpGet，缩进错误（有错）"),
        text: include_str!("../../examples/seeds/liveness-httpget-misindented.yaml"),
    },
    Example {
        id: "liveness-tcp-myapp",
        en: "Liveness probe (tcpSocket) on myapp",
        zh: zh_const!("myapp 的存活探针（tcpSocket）"),
        text: include_str!("../../examples/seeds/liveness-tcp-myapp.yaml"),
    },
    Example {
        id: "liveness-tcp-nginx",
        en: "Liveness tcpSocket on nginx (then nginx -s stop)",
        zh: zh_const!("nginx 存活探针 tcpSocket（随后 nginx -s stop）"),
        text: include_str!("../../examples/seeds/liveness-tcp-nginx.yaml"),
    },
    Example {
        id: "goproxy-tcp-probes",
        en: "Readiness and liveness tcpSocket (goproxy)",
        zh: zh_const!("就绪与存活探针 tcpSocket（goproxy）"),
        text: include_str!("../../examples/seeds/goproxy-tcp-probes.yaml"),
    },
    Example {
        id: "readiness-httpget-myapp",
        en: "Readiness httpGet on a missing page: never Ready",
        zh: zh_const!("就绪探针请求不存在的页面：永不就绪"),
        text: include_str!("../../examples/seeds/readiness-httpget-myapp.yaml"),
    },
    Example {
        id: "readiness-httpget-service",
        en: "Readiness httpGet with a Service",
        zh: zh_const!("就绪探针 httpGet 与 Service"),
        text: include_str!("../../examples/seeds/readiness-httpget-service.yaml"),
    },
    Example {
        id: "liveness-readiness-httpget",
        en: "Liveness and readiness on the same page",
        zh: zh_const!("同一页面上的存活与就绪探针"),
        text: include_str!("../../examples/seeds/liveness-readiness-httpget.yaml"),
    },
    Example {
        id: "readiness-gate-fragment",
        en: "Readiness gate (a fragment, broken)",
        zh: zh_const!("就绪门控（片段，有错）"),
        text: include_str!("../../examples/seeds/readiness-gate-fragment.yaml"),
    },
    Example {
        id: "init-containers-services",
        en: "Init containers waiting for Services (broken Service)",
        zh: zh_const!("等待 Service 的 Init 容器（Service 有错）"),
        text: include_str!("../../examples/seeds/init-containers-services.yaml"),
    },
    Example {
        id: "init-containers-namespace-dns",
        en: "Init containers waiting for myservice DNS",
        zh: zh_const!("等待 myservice DNS 的 Init 容器"),
        text: include_str!("../../examples/seeds/init-containers-namespace-dns.yaml"),
    },
    Example {
        id: "lifecycle-demo-message",
        en: "postStart and preStop hooks writing a message",
        zh: zh_const!("postStart 与 preStop 钩子写入消息"),
        text: include_str!("../../examples/seeds/lifecycle-demo-message.yaml"),
    },
    Example {
        id: "lifecycle-demo-nginx-quit",
        en: "postStart, and preStop nginx -s quit",
        zh: zh_const!("postStart，以及 preStop 执行 nginx -s quit"),
        text: include_str!("../../examples/seeds/lifecycle-demo-nginx-quit.yaml"),
    },
    Example {
        id: "poststart-nginx",
        en: "postStart overwrites index.html",
        zh: zh_const!("postStart 覆盖 index.html"),
        text: include_str!("../../examples/seeds/poststart-nginx.yaml"),
    },
    Example {
        id: "prestop-hostpath",
        en: "preStop writes into a hostPath volume",
        zh: zh_const!("preStop 写入 hostPath 卷"),
        text: include_str!("../../examples/seeds/prestop-hostpath.yaml"),
    },
    Example {
        id: "memory-limit-within",
        en: "Memory within the limit (150M of 200Mi)",
        zh: zh_const!("内存在限制之内（150M / 200Mi）"),
        text: include_str!("../../examples/seeds/memory-limit-within.yaml"),
    },
    Example {
        id: "memory-limit-exceeded",
        en: "Memory over the limit: OOMKilled",
        zh: zh_const!("内存超出限制：OOMKilled"),
        text: include_str!("../../examples/seeds/memory-limit-exceeded.yaml"),
    },
    Example {
        id: "image-pull-always",
        en: "imagePullPolicy: Always (misspelled registry)",
        zh: zh_const!("imagePullPolicy: Always（仓库地址拼错）"),
        text: include_str!("../../examples/seeds/image-pull-always.yaml"),
    },
    Example {
        id: "image-pull-never",
        en: "imagePullPolicy: Never (image absent)",
        zh: zh_const!("imagePullPolicy: Never（镜像不存在）"),
        text: include_str!("../../examples/seeds/image-pull-never.yaml"),
    },
    Example {
        id: "image-pull-ifnotpresent-bad-tag",
        en: "imagePullPolicy: IfNotPresent with a bad tag",
        zh: zh_const!("imagePullPolicy: IfNotPresent，标签错误"),
        text: include_str!("../../examples/seeds/image-pull-ifnotpresent-bad-tag.yaml"),
    },
    Example {
        id: "pod1-harbar-typo",
        en: "Minimal pod, misspelled registry",
        zh: zh_const!("最简 Pod，仓库地址拼错"),
        text: include_str!("../../examples/seeds/pod1-harbar-typo.yaml"),
    },
    Example {
        id: "pod1-nginx",
        en: "One pod, one nginx container",
        zh: zh_const!("一个 Pod 一个 nginx 容器"),
        text: include_str!("../../examples/seeds/pod1-nginx.yaml"),
    },
    Example {
        id: "pod1-stress",
        en: "One stress container, no limits",
        zh: zh_const!("一个 stress 容器，无资源限制"),
        text: include_str!("../../examples/seeds/pod1-stress.yaml"),
    },
    Example {
        id: "one-pod-multi-container",
        en: "Two stress containers with limits",
        zh: zh_const!("两个带资源限制的 stress 容器"),
        text: include_str!("../../examples/seeds/one-pod-multi-container.yaml"),
    },
    Example {
        id: "two-stress-containers-no-space",
        en: "Two containers, missing space after a colon (broken)",
        zh: zh_const!("两个容器，冒号后缺少空格（有错）"),
        text: include_str!("../../examples/seeds/two-stress-containers-no-space.yaml"),
    },
    Example {
        id: "nodename",
        en: "nodeName bypasses the scheduler",
        zh: zh_const!("nodeName 绕过调度器"),
        text: include_str!("../../examples/seeds/nodename.yaml"),
    },
    Example {
        id: "nodeselector",
        en: "nodeSelector app: webserver",
        zh: zh_const!("nodeSelector app: webserver"),
        text: include_str!("../../examples/seeds/nodeselector.yaml"),
    },
    Example {
        id: "sidecar-deployment",
        en: "Deployment with a sidecar container (broken)",
        zh: zh_const!("带边车容器的 Deployment（有错）"),
        text: include_str!("../../examples/seeds/sidecar-deployment.yaml"),
    },
    Example {
        id: "nginx-annotated",
        en: "The fully annotated nginx Pod (broken)",
        zh: zh_const!("完整注释的 nginx Pod（有错）"),
        text: include_str!("../../examples/seeds/nginx-annotated.yaml"),
    },
    Example {
        id: "myapp-pod-hello",
        en: "Pod template: echo Hello Kubernetes!",
        zh: zh_const!("Pod 模板：echo Hello Kubernetes!"),
        text: include_str!("../../examples/seeds/myapp-pod-hello.yaml"),
    },
];

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The example whose text this is, if any (the default example counts as liveness-exec).
pub fn example_of(text: &str) -> Option<&'static Example> {
    if text == crate::DEFAULT_EXAMPLE {
        return find("liveness-exec");
    }
    EXAMPLES.iter().find(|e| e.text == text)
}

#[derive(Properties)]
pub struct GalleryProps {
    pub lang: Lang,
    /// The example loaded last, and whether the draft has been edited since.
    pub loaded: Option<&'static str>,
    pub edited: bool,
    pub on_pick: Callback<String>,
}

impl PartialEq for GalleryProps {
    // The callback is recreated on every render; it always does the same.
    fn eq(&self, o: &Self) -> bool {
        self.lang == o.lang && self.loaded == o.loaded && self.edited == o.edited
    }
}

/// The example picker: names the loaded example (marked when edited), else "your manifest".
/// Its own component, so playback frames do not re-diff 40 options.
#[function_component(GallerySelect)]
pub fn gallery_select(p: &GalleryProps) -> Html {
    let on_pick = p.on_pick.clone();
    let onchange = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if !s.value().is_empty() {
            on_pick.emit(s.value());
        }
    });
    let lang = p.lang;
    let current = p.loaded.and_then(find);
    let first = match (current, p.edited) {
        (Some(e), true) => format!(
            "{} · {}",
            lang.pick(e.en, crate::i18n::zh_text(e.zh)),
            tr(lang, "edited")
        ),
        _ => tr(lang, "own-manifest").to_string(),
    };
    let placeholder = current.is_none() || p.edited;
    html! {
        <select data-testid="gallery" {onchange} aria-label={tr(lang, "gallery")}>
            <option value="" selected={placeholder}>{ first }</option>
            { for EXAMPLES.iter().map(|e| html! {
                <option value={e.id} selected={!placeholder && p.loaded == Some(e.id)}>{ lang.pick(e.en, crate::i18n::zh_text(e.zh)) }</option>
            }) }
        </select>
    }
}
