//! Export (issue 16 item 3): files made in the page from the run on screen — the timeline as SVG
//! (`podlife_report::svg::timeline`, the function behind `podlife run --output svg`, so the
//! bytes are the CLI's for the same view) and as PNG (that SVG drawn into a canvas: a `data:`
//! image, which the page's CSP allows, no request anywhere), the trace as JSON and
//! `kubectl get pod -o yaml` at the playhead. Nothing leaves the browser.

// The first-frame module (`lite`) leaves this work to the full one (web/src/handover.rs).
#![cfg_attr(feature = "lite", allow(dead_code, unused_imports))]

use podlife_spec::SimTime;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Lang;
use crate::lanes::Scale;
use crate::model::Run;
use crate::types::Export;

fn report_lang(lang: Lang) -> podlife_report::Lang {
    match lang {
        Lang::En => podlife_report::Lang::En,
        Lang::Zh => podlife_report::Lang::Zh,
    }
}

/// The window of the chart on screen as the report's scale.
fn window(scale: Scale) -> podlife_report::lanes::Scale {
    podlife_report::lanes::Scale {
        from: scale.from,
        to: scale.to,
    }
}

/// The SVG of the timeline on screen: its window, the playhead, the expectations' verdicts.
pub fn svg(run: &Run, t: SimTime, scale: Scale, lang: Lang) -> String {
    podlife_report::svg::timeline(
        &run.trace,
        &run.loaded.expectations,
        Some(window(scale)),
        Some(t),
        report_lang(lang),
    )
}

fn dur(t: SimTime) -> String {
    podlife_spec::format_go_duration(t.as_millis())
}

/// The command that writes the same SVG from the same scenario file.
pub fn cli_command(file: &str, t: SimTime, scale: Scale, lang: Lang) -> String {
    let mut c = format!(
        "podlife run {file} --output svg --at {} --window {}..{}",
        dur(t),
        dur(scale.from),
        dur(scale.to)
    );
    if lang == Lang::Zh {
        c.push_str(" --lang zh-CN");
    }
    c
}

/// `liveness-exec` → `liveness-exec-timeline.svg`; an unsafe pod name → `podlife-…`.
pub fn file_name(pod: &str, what: Export, t: SimTime) -> String {
    let base = crate::share::file_name(Some(pod));
    let stem = base.strip_suffix(".yaml").unwrap_or(&base);
    let stem = if stem == "podlife-scenario" {
        "podlife"
    } else {
        stem
    };
    match what {
        Export::Svg => format!("{stem}-timeline.svg"),
        Export::Png => format!("{stem}-timeline.png"),
        Export::Json => format!("{stem}-trace.json"),
        Export::Yaml => format!("{stem}-{}.yaml", dur(t)),
    }
}

/// Saves `url`'s data as `name` (an anchor with `download`, clicked).
fn save(name: &str, url: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    a.set_href(url);
    a.set_download(name);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
}

fn data_url(mime: &str, text: &str) -> String {
    format!(
        "data:{mime};charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    )
}

/// Makes and saves one export of `run` at `t` (the chart's window `scale`).
#[cfg(feature = "lite")]
pub fn export(_run: &Run, _what: Export, _t: SimTime, _scale: Scale, _lang: Lang) {
    // The first-frame module hands Export over to the full module (web/src/handover.rs).
}

/// Makes and saves one export of `run` at `t` (the chart's window `scale`).
#[cfg(not(feature = "lite"))]
pub fn export(run: &Run, what: Export, t: SimTime, scale: Scale, lang: Lang) {
    let name = file_name(&run.trace.pod.name, what, t);
    match what {
        Export::Svg => save(&name, &data_url("image/svg+xml", &svg(run, t, scale, lang))),
        Export::Png => png(&name, &svg(run, t, scale, lang)),
        Export::Json => {
            let mut j = run.trace.to_json();
            j.push('\n');
            save(&name, &data_url("application/json", &j));
        }
        Export::Yaml => save(&name, &data_url("application/yaml", &run.pod_yaml(t))),
    }
}

/// The SVG drawn at twice its size into a canvas, saved as PNG. The SVG is self-contained
/// (inline styles, system fonts), loaded as a `data:` image: the canvas stays clean.
fn png(name: &str, svg: &str) {
    let Ok(img) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let name = name.to_string();
    let loaded = img.clone();
    let onload = Closure::once_into_js(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(canvas) = doc
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        let (w, h) = (loaded.natural_width(), loaded.natural_height());
        canvas.set_width(w * 2);
        canvas.set_height(h * 2);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &loaded,
            0.0,
            0.0,
            f64::from(w * 2),
            f64::from(h * 2),
        );
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            save(&name, &url);
        }
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&data_url("image/svg+xml", svg));
}

/// The Share dialog's Export section: one button per file (for A and B while comparing), and
/// the command that writes the same SVG.
pub fn section(
    pod: &str,
    t: SimTime,
    scale: Scale,
    lang: Lang,
    comparing: bool,
    send: &yew::Callback<crate::types::Msg>,
) -> yew::Html {
    use crate::i18n::tr;
    use crate::types::{Msg, Which};
    use yew::prelude::*;
    let row = |which: Which| {
        let side = match (comparing, which) {
            (false, _) => "",
            (true, Which::A) => "A · ",
            (true, Which::B) => "B · ",
        };
        let button = |what: Export, key: &'static str, id: &'static str| {
            let label = if what == Export::Yaml {
                format!("{}{} {}", side, tr(lang, key), crate::types::secs_text(t))
            } else {
                format!("{side}{}", tr(lang, key))
            };
            let testid = if which == Which::B {
                format!("{id}-b")
            } else {
                id.to_string()
            };
            html! {
                <button data-testid={testid} onclick={send.reform(move |_| Msg::Export(which, what))}>{ label }</button>
            }
        };
        html! {
            <div class="export-row">
                { button(Export::Svg, "export-svg", "export-svg") }
                { button(Export::Png, "export-png", "export-png") }
                { button(Export::Json, "export-json", "export-json") }
                { button(Export::Yaml, "export-yaml", "export-yaml") }
            </div>
        }
    };
    let file = crate::share::file_name(Some(pod));
    html! {
        <section class="export" aria-labelledby="export-title" data-testid="export">
            <h3 id="export-title">{ tr(lang, "export") }</h3>
            { row(Which::A) }
            if comparing {
                { row(Which::B) }
            }
            <p class="export-cli">{ tr(lang, "export-cli") }{ " " }
                <code data-testid="export-cli">{ cli_command(&file, t, scale, lang) }</code></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_says_the_same_view() {
        let scale = Scale {
            from: SimTime::from_secs(60),
            to: SimTime::from_secs(180),
            width: 800.0,
        };
        assert_eq!(
            cli_command("pod.yaml", SimTime::from_millis(90_500), scale, Lang::Zh),
            "podlife run pod.yaml --output svg --at 1m30.5s --window 1m0s..3m0s --lang zh-CN"
        );
        assert_eq!(
            file_name("liveness-exec", Export::Yaml, SimTime::from_millis(21_600)),
            "liveness-exec-21.6s.yaml"
        );
        assert_eq!(
            file_name("Bad/Name", Export::Svg, SimTime::ZERO),
            "podlife-timeline.svg"
        );
    }
}
