//! The timeline as a standalone SVG document: a pure function of (trace, options), so the CLI
//! (`podlife run --output svg`) and the page's download give the same bytes for the same
//! scenario and view. Self-contained: colours in an inline style sheet, system fonts only, no
//! external reference of any kind; well-formed XML whatever the trace's texts contain.

use std::fmt::Write as _;

use podlife_engine::Trace;
use podlife_spec::{format_go_duration, SimTime};

use crate::lanes::{
    self, axis_ticks, condition_segments, container_segments, phase_segments, probe_ticks, Scale,
    Seg, CLASS_FILLS, CONDITION_ROWS,
};
use crate::Lang;

/// Width of the drawing in user units (and CSS pixels at 1:1).
pub const WIDTH: f64 = 1000.0;
const LABEL_W: f64 = 150.0;
const PLOT_W: f64 = WIDTH - LABEL_W - 12.0;
const ROW: f64 = 16.0;
/// Height of the title block above the chart.
const HEADER: f64 = 44.0;

/// System fonts every platform has one of (Latin and CJK), so no font is embedded or fetched.
pub const FONT_STACK: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', \
     'Helvetica Neue', Arial, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', \
     'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

/// An expectation's verdict drawn on the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectMark {
    pub time: SimTime,
    pub passed: bool,
    /// Tooltip text.
    pub label: String,
}

/// What to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct SvgOptions {
    pub lang: Lang,
    /// The time window; `None`: the whole view ([`lanes::view_end`]).
    pub scale: Option<Scale>,
    /// The playhead's instant, drawn as a line (and named in the title).
    pub playhead: Option<SimTime>,
    /// Expectation verdicts (an extra row when not empty).
    pub expectations: Vec<ExpectMark>,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            lang: Lang::En,
            scale: None,
            playhead: None,
            expectations: Vec::new(),
        }
    }
}

/// Text safe inside an XML element or a double-quoted attribute: markup characters escaped,
/// characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) replaced by U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Approximate advance of `s` in user units at the label size (Latin ~5.6, CJK ~9.5): enough to
/// decide whether a label fits and to lay out the legend.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.59 })
        .sum::<f64>()
        * size
}

/// The picture's own words (the page's, web/src/i18n.rs, so a download reads like the page).
fn words(lang: Lang, key: &str) -> &'static str {
    let (en, zh) = match key {
        "phase" => ("phase", "阶段"),
        "events" => ("events", "事件"),
        "init" => ("init", "init 容器"),
        "sidecar" => ("sidecar", "边车容器"),
        "regular" => ("containers", "容器"),
        "startup" => ("startup", "启动探针"),
        "liveness" => ("liveness", "存活探针"),
        "readiness" => ("readiness", "就绪探针"),
        "back-off" => ("back-off", "退避"),
        "termination" => ("termination", "终止"),
        "expectations" => ("expectations", "预期"),
        "timeline" => ("Timeline", "时间线"),
        "at" => ("at", "时间"),
        "passed" => ("passed", "通过"),
        "failed" => ("failed", "失败"),
        "legend" => ("Legend", "图例"),
        _ => ("", ""),
    };
    lang.pick(en, zh)
}

struct Canvas {
    out: String,
    sc: Scale,
}

impl Canvas {
    fn x(&self, t: SimTime) -> f64 {
        LABEL_W + self.sc.fraction(t) * PLOT_W
    }

    fn rect(&mut self, class: &str, x: f64, y: f64, w: f64, h: f64, title: Option<&str>) {
        let _ = write!(
            self.out,
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\""
        );
        match title {
            Some(t) => {
                let _ = write!(self.out, "><title>{}</title></rect>", xml_escape(t));
            }
            None => self.out.push_str("/>"),
        }
        self.out.push('\n');
    }

    fn text(&mut self, class: &str, x: f64, y: f64, s: &str) {
        let _ = writeln!(
            self.out,
            "<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\">{}</text>",
            xml_escape(s)
        );
    }

    fn segs(&mut self, segs: &[Seg], y: f64, h: f64, labels: bool) {
        let sc = self.sc;
        for s in segs.iter().filter(|s| {
            s.class != "st-none" && s.class != "cond-none" && sc.visible(s.start, s.end)
        }) {
            let x0 = self.x(s.start);
            let w = (self.x(s.end) - x0).max(0.8);
            let title = format!(
                "{} – {}: {}",
                format_go_duration(s.start.as_millis()),
                format_go_duration(s.end.as_millis()),
                s.label
            );
            self.rect(&format!("seg {}", s.class), x0, y, w, h, Some(&title));
            let fits = labels && s.class != "st-backoff" && text_width(&s.label, 9.5) + 6.0 < w;
            if fits {
                self.text("seg-label", x0 + 3.0, y + h - 4.0, &s.label);
            }
        }
    }
}

/// The style sheet: the page's timeline rules (web/style.css), colours from
/// [`lanes::PALETTE`].
fn style() -> String {
    let mut s = String::new();
    let muted = lanes::colour("muted");
    let bad = lanes::colour("bad");
    let _ = write!(
        s,
        "text{{font-family:{FONT_STACK};font-size:11px;fill:{}}}",
        lanes::colour("fg")
    );
    s.push_str(".title{font-size:15px;font-weight:600}");
    let _ = write!(
        s,
        ".subtitle,.axis-label,.row-label,.group-label,.legend-label{{fill:{muted}}}"
    );
    s.push_str(
        ".subtitle{font-size:11px}.axis-label{font-size:9px}.row-label.small{font-size:9.5px}",
    );
    s.push_str(".group-label{font-size:9px;font-weight:600;letter-spacing:0.05em}");
    s.push_str(".seg-label,.span-label{fill:#fff;font-size:9.5px}");
    let _ = write!(s, ".counter{{fill:{bad};font-size:7px}}");
    s.push_str(".legend-label{font-size:10px}.playhead-label{font-size:9px;font-weight:600}");
    let _ = write!(
        s,
        ".axis-tick{{stroke:{};stroke-width:0.5}}.seg{{stroke:{};stroke-width:0.5}}",
        lanes::colour("line"),
        lanes::colour("bg")
    );
    for (class, name, opacity) in CLASS_FILLS {
        let _ = write!(s, ".{class}{{fill:{}", lanes::colour(name));
        if *opacity < 1.0 {
            let _ = write!(s, ";opacity:{opacity}");
        }
        s.push('}');
    }
    let _ = write!(
        s,
        "line.sig-term{{stroke:{}}}line.sig-kill{{stroke:{bad}}}line.sig-term,line.sig-kill{{stroke-width:1;stroke-dasharray:3 2}}",
        lanes::colour("warn")
    );
    let _ = write!(
        s,
        ".playhead{{stroke:{bad};stroke-width:2}}.playhead-label{{fill:{bad}}}"
    );
    s
}

/// The Kubernetes version a trace was simulated for: `1.35`.
pub fn kube_version(trace: &Trace) -> String {
    format!("1.{}", trace.scenario.setup.kube_minor)
}

/// Renders the timeline of `trace` as an SVG document (UTF-8, ends with a newline).
pub fn render(trace: &Trace, opts: &SvgOptions) -> String {
    let lang = opts.lang;
    let sc = opts
        .scale
        .unwrap_or_else(|| Scale::all(lanes::view_end(trace)));
    let mut c = Canvas {
        out: String::new(),
        sc,
    };
    let mut y = HEADER;

    // Axis.
    for (t, label) in axis_ticks(sc) {
        let x = c.x(t);
        let _ = writeln!(
            c.out,
            "<line class=\"axis-tick\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"@BOTTOM@\"/>",
            y + 12.0
        );
        if x + 2.0 + text_width(&label, 9.0) > WIDTH {
            // The last label would be cut at the edge: end it at its tick instead.
            let _ = writeln!(
                c.out,
                "<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                x - 2.0,
                y + 10.0,
                xml_escape(&label)
            );
        } else {
            c.text("axis-label", x + 2.0, y + 10.0, &label);
        }
    }
    y += 16.0;

    // Phase band.
    c.text("row-label", 4.0, y + 12.0, words(lang, "phase"));
    c.segs(&phase_segments(trace), y, ROW, true);
    y += ROW + 4.0;

    // Conditions.
    for kind in CONDITION_ROWS {
        let segs = condition_segments(trace, kind);
        if segs.iter().all(|s| s.class == "cond-none") {
            continue;
        }
        c.text("row-label small", 4.0, y + 8.0, kind);
        c.segs(&segs, y + 1.0, 8.0, false);
        y += 11.0;
    }
    y += 4.0;

    // Containers: init, sidecar, regular.
    let spec = &trace.scenario.pod.spec;
    let groups: [(&str, Vec<&podlife_spec::Container>); 3] = [
        (
            "init",
            spec.init_containers
                .iter()
                .filter(|x| x.restart_policy.is_none())
                .collect(),
        ),
        (
            "sidecar",
            spec.init_containers
                .iter()
                .filter(|x| x.restart_policy.is_some())
                .collect(),
        ),
        ("regular", spec.containers.iter().collect()),
    ];
    for (gname, cs) in groups {
        if cs.is_empty() {
            continue;
        }
        c.text(
            "group-label",
            4.0,
            y + 10.0,
            &words(lang, gname).to_ascii_uppercase(),
        );
        y += 13.0;
        for ct in cs {
            let lane_y = y + 8.0;
            c.text("row-label", 4.0, lane_y + 12.0, &short_label(&ct.name));
            c.segs(&container_segments(trace, &ct.name), lane_y, ROW, true);
            // Spans above the lane (pull, hooks) and back-off waits on it.
            for sp in trace
                .spans
                .iter()
                .filter(|s| s.container.as_deref() == Some(ct.name.as_str()))
                .filter(|s| sc.visible(s.start, s.end.unwrap_or(sc.to)))
            {
                let end = sp.end.unwrap_or(sc.to);
                let x0 = c.x(sp.start);
                let w = (c.x(end) - x0).max(1.0);
                let (cls, yy, h) = match sp.kind {
                    "pull" => ("span-pull", y, 6.0),
                    "postStart" | "preStop" => ("span-hook", y, 6.0),
                    "backoff" => ("span-backoff", lane_y, ROW),
                    _ => ("span-other", y, 6.0),
                };
                let title = format!(
                    "{} {} – {}: {}",
                    sp.kind,
                    format_go_duration(sp.start.as_millis()),
                    format_go_duration(end.as_millis()),
                    sp.detail
                );
                c.rect(&format!("span {cls}"), x0, yy, w, h, Some(&title));
                if sp.kind == "backoff" {
                    let label = format!(
                        "{} {}",
                        words(lang, "back-off"),
                        format_go_duration(end.saturating_sub(sp.start).as_millis())
                    );
                    if text_width(&label, 9.5) + 4.0 < w {
                        c.text("span-label", x0 + 2.0, yy + h - 4.0, &label);
                    }
                }
            }
            y = lane_y + ROW + 2.0;
            for (probe, def) in [
                ("startup", &ct.startup_probe),
                ("liveness", &ct.liveness_probe),
                ("readiness", &ct.readiness_probe),
            ] {
                let Some(def) = def else { continue };
                let ticks = probe_ticks(trace, &ct.name, probe, sc);
                c.text("row-label small", 14.0, y + 7.0, words(lang, probe));
                // One path per result class: a 1.6 × 7 box per tick.
                let mut paths: Vec<(&str, String)> = Vec::new();
                for tk in &ticks {
                    let x = c.x(tk.at);
                    let k = match paths.iter().position(|p| p.0 == tk.class) {
                        Some(k) => k,
                        None => {
                            paths.push((tk.class, String::new()));
                            paths.len() - 1
                        }
                    };
                    let _ = write!(paths[k].1, "M{:.1} {:.1}h1.6v7h-1.6z", x - 0.8, y + 1.0);
                }
                for (cls, d) in paths {
                    let _ = writeln!(c.out, "<path class=\"tick {cls}\" d=\"{d}\"/>");
                }
                // Failure counters ("2/3") where the ticks are far enough apart to read them.
                for (i, tk) in ticks.iter().enumerate() {
                    let x = c.x(tk.at);
                    let apart = ticks.get(i + 1).is_none_or(|n| c.x(n.at) - x >= 14.0)
                        && (i == 0 || x - c.x(ticks[i - 1].at) >= 14.0);
                    if tk.class == "pr-fail" && apart {
                        c.text(
                            "counter",
                            x + 1.5,
                            y + 7.5,
                            &format!("{}/{}", tk.run, def.failure_threshold),
                        );
                    }
                }
                y += 10.0;
            }
            y += 3.0;
        }
    }

    // Termination grace periods.
    let grace: Vec<&podlife_engine::Span> =
        trace.spans.iter().filter(|s| s.kind == "grace").collect();
    if !grace.is_empty() {
        c.text("row-label", 4.0, y + 11.0, words(lang, "termination"));
        for g in grace
            .iter()
            .filter(|g| sc.visible(g.start, g.end.unwrap_or(sc.to)))
        {
            let end = g.end.unwrap_or(sc.to);
            let x0 = c.x(g.start);
            let w = (c.x(end) - x0).max(1.0);
            let title = format!(
                "grace {} – {}: {}",
                format_go_duration(g.start.as_millis()),
                format_go_duration(end.as_millis()),
                g.detail
            );
            c.rect("span span-grace", x0, y, w, 14.0, Some(&title));
        }
        y += 18.0;
    }

    // Events (those kubectl shows).
    c.text("row-label", 4.0, y + 11.0, words(lang, "events"));
    for e in trace
        .events
        .iter()
        .filter(|e| e.recorded && sc.visible(e.time, e.time))
    {
        let x = c.x(e.time);
        let cls = if e.type_ == "Warning" {
            "ev ev-warn"
        } else {
            "ev ev-normal"
        };
        let title = format!(
            "{} {} {}: {}",
            format_go_duration(e.time.as_millis()),
            e.type_,
            e.reason,
            e.message.trim_end()
        );
        c.rect(cls, x - 2.0, y, 4.0, 14.0, Some(&title));
    }
    y += 18.0;

    // Expectation verdicts.
    if !opts.expectations.is_empty() {
        c.text("row-label", 4.0, y + 11.0, words(lang, "expectations"));
        for m in opts
            .expectations
            .iter()
            .filter(|m| sc.visible(m.time, m.time))
        {
            let x = c.x(m.time);
            let (cls, verdict) = if m.passed {
                ("exp exp-pass", words(lang, "passed"))
            } else {
                ("exp exp-fail", words(lang, "failed"))
            };
            let _ = writeln!(
                c.out,
                "<path class=\"{cls}\" d=\"M{:.1} {:.1}l5 7l-5 7l-5 -7z\"><title>{}</title></path>",
                x,
                y,
                xml_escape(&format!("{verdict}{}{}", lang.pick(": ", "："), m.label))
            );
        }
        y += 18.0;
    }
    let chart_bottom = y + 2.0;

    // Signals: SIGTERM / SIGKILL lines across the chart.
    for m in trace
        .marks
        .iter()
        .filter(|m| (m.kind == "SIGTERM" || m.kind == "SIGKILL") && sc.visible(m.time, m.time))
    {
        let x = c.x(m.time);
        let cls = if m.kind == "SIGKILL" {
            "sig-kill"
        } else {
            "sig-term"
        };
        let _ = writeln!(
            c.out,
            "<line class=\"{cls}\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{chart_bottom:.1}\"><title>{}</title></line>",
            HEADER + 12.0,
            xml_escape(&format!(
                "{} {} {}",
                format_go_duration(m.time.as_millis()),
                m.kind,
                m.container.as_deref().unwrap_or_default()
            ))
        );
    }

    // Playhead.
    if let Some(t) = opts.playhead.filter(|t| sc.visible(*t, *t)) {
        let x = c.x(t);
        let _ = writeln!(
            c.out,
            "<line class=\"playhead\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{chart_bottom:.1}\"/>",
            HEADER + 2.0
        );
        let label = format_go_duration(t.as_millis());
        // Keep the label inside the drawing.
        let lx = if x + 4.0 + text_width(&label, 9.0) > WIDTH {
            x - 4.0 - text_width(&label, 9.0)
        } else {
            x + 3.0
        };
        // On a backing of the page colour, over the axis labels it may cross.
        let _ = writeln!(
            c.out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"11\" fill=\"{}\"/>",
            lx - 1.0,
            HEADER + 1.0,
            text_width(&label, 9.0) + 2.0,
            lanes::colour("bg")
        );
        c.text("playhead-label", lx, HEADER + 9.0, &label);
    }

    // Legend, wrapped.
    let mut ly = chart_bottom + 14.0;
    let mut lx = 4.0;
    for (cls, label) in lanes::legend(lang) {
        let w = 14.0 + text_width(label, 10.0) + 14.0;
        if lx + w > WIDTH - 4.0 {
            lx = 4.0;
            ly += 16.0;
        }
        let sw = if cls.starts_with("pr-") || cls.starts_with("sig-") {
            3.0
        } else {
            10.0
        };
        // The signal lines' colours are their classes' fills too.
        c.rect(cls, lx, ly - 9.0, sw, 10.0, None);
        c.text("legend-label", lx + sw + 4.0, ly, label);
        lx += w;
    }
    let height = (ly + 8.0).ceil();

    // Title block.
    let pod = &trace.pod.name;
    let mut sub = format!("Kubernetes {}", kube_version(trace));
    if let Some(t) = opts.playhead {
        let _ = write!(
            sub,
            " · {} {}",
            words(lang, "at"),
            format_go_duration(t.as_millis())
        );
    }
    let _ = write!(
        sub,
        " · {} {}–{}",
        words(lang, "timeline"),
        format_go_duration(sc.from.as_millis()),
        format_go_duration(sc.to.as_millis())
    );
    let title = format!("{pod} — {sub}");

    let body = c.out.replace("@BOTTOM@", &format!("{chart_bottom:.1}"));
    let mut svg = String::with_capacity(body.len() + 2048);
    svg.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"podlife-title\" lang=\"{}\">",
        lang.code()
    );
    let _ = writeln!(
        svg,
        "<title id=\"podlife-title\">{}</title>",
        xml_escape(&title)
    );
    let _ = writeln!(svg, "<style>{}</style>", style());
    let _ = writeln!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{height}\" fill=\"{}\"/>",
        lanes::colour("bg")
    );
    let _ = writeln!(
        svg,
        "<text class=\"title\" x=\"4\" y=\"18\">{}</text>",
        xml_escape(pod)
    );
    let _ = writeln!(
        svg,
        "<text class=\"subtitle\" x=\"4\" y=\"34\">{}</text>",
        xml_escape(&sub)
    );
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    svg
}

/// The SVG of the timeline as `podlife run --output svg` writes it and the page downloads it:
/// `trace` in `window` (`None`: the whole view), the playhead, and the verdict of each of
/// `expectations` at its instant, labelled in `lang` (`spec.expect[N]: what — observed`).
pub fn timeline(
    trace: &Trace,
    expectations: &[podlife_spec::expect::Expectation],
    window: Option<Scale>,
    playhead: Option<SimTime>,
    lang: Lang,
) -> String {
    let outcomes = crate::expect::evaluate_in(expectations, trace, lang);
    let marks = outcomes
        .iter()
        .map(|o| ExpectMark {
            time: o.time,
            passed: o.passed,
            label: format!(
                "{}: {} — {}",
                expectations[o.index].path, o.summary, o.observed
            ),
        })
        .collect();
    render(
        trace,
        &SvgOptions {
            lang,
            scale: window,
            playhead,
            expectations: marks,
        },
    )
}

/// A container name that fits the label column (the full name is in the title).
fn short_label(name: &str) -> String {
    const MAX: usize = 24;
    if name.chars().count() <= MAX {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}
