//! The timeline's geometry (time against pixels, the zoomed window) over the lane model the
//! page shares with the SVG export (`podlife_report::lanes`: segments of equal state per row,
//! probe ticks, the legend). [`crate::timeline`] draws them.

use podlife_engine::Trace;
use podlife_spec::SimTime;

pub use podlife_report::lanes::{
    condition_segments, container_segments, legend, phase_segments, Seg, Tick,
};

use crate::i18n::Lang;

/// A name cut to `max` characters with an ellipsis (the full name is in the tooltip).
pub fn short_label(name: &str, max: usize) -> String {
    const MIN: usize = 4;
    let max = max.max(MIN);
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// The narrowest chart drawn: below it the timeline scrolls sideways instead of shrinking.
pub const MIN_WIDTH: f64 = 320.0;
/// Room right of the plot (the last axis label ends inside the chart).
const RIGHT: f64 = 12.0;

/// The label column's width for a chart `width` pixels wide: narrow charts (phones, small
/// embeds) keep more of their width for the plot.
pub fn label_width(width: f64) -> f64 {
    if width < 560.0 {
        96.0
    } else {
        150.0
    }
}

/// The time window the chart shows (all of the run, or a zoomed page) and the chart's width in
/// CSS pixels. The chart is drawn one SVG unit per pixel, so its text keeps its size at any
/// width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub from: SimTime,
    pub to: SimTime,
    pub width: f64,
}

impl Scale {
    pub fn all(until: SimTime, width: f64) -> Scale {
        Scale {
            from: SimTime::ZERO,
            to: until,
            width: width.max(MIN_WIDTH),
        }
    }

    /// A `window`-long page holding `t` between its quarter and three quarters, within
    /// [0, end]; it moves by half pages, so playback re-lays out the chart only now and then.
    pub fn page(t: SimTime, window: SimTime, end: SimTime, width: f64) -> Scale {
        let w = window.as_millis().clamp(1, end.as_millis().max(1));
        let half = (w / 2).max(1);
        let start = (t.as_millis().saturating_sub(w / 4) / half * half)
            .min(end.as_millis().saturating_sub(w));
        Scale {
            from: SimTime::from_millis(start),
            to: SimTime::from_millis(start + w),
            width: width.max(MIN_WIDTH),
        }
    }

    pub fn visible(&self, a: SimTime, b: SimTime) -> bool {
        b >= self.from && a <= self.to
    }

    /// Where the plot starts (right of the label column).
    pub fn left(&self) -> f64 {
        label_width(self.width)
    }

    /// The plot's width.
    pub fn plot(&self) -> f64 {
        (self.width - self.left() - RIGHT).max(1.0)
    }
}

pub fn x_of(t: SimTime, sc: Scale) -> f64 {
    let span = sc.to.saturating_sub(sc.from).as_millis().max(1) as f64;
    let t = t.max(sc.from).min(sc.to).saturating_sub(sc.from);
    sc.left() + (t.as_millis() as f64 / span) * sc.plot()
}

/// The time at x (inverse of [`x_of`]), clamped to the window.
pub fn t_of(x: f64, sc: Scale) -> SimTime {
    let f = ((x - sc.left()) / sc.plot()).clamp(0.0, 1.0);
    let span = sc.to.saturating_sub(sc.from).as_millis() as f64;
    SimTime::from_millis(sc.from.as_millis() + (f * span).round() as u64)
}

/// The probe ticks of one container's probe inside the window (the shared lane model's, for
/// a window of this chart).
pub fn probe_ticks(trace: &Trace, container: &str, probe: &str, sc: Scale) -> Vec<Tick> {
    let window = podlife_report::lanes::Scale {
        from: sc.from,
        to: sc.to,
    };
    podlife_report::lanes::probe_ticks(trace, container, probe, window)
}

/// A tick's tooltip: time, probe, result, the threshold counter and the probe's output.
pub fn tick_tip(trace: &Trace, probe: &str, t: &Tick, lang: Lang) -> String {
    let Some(m) = trace.probes.get(t.mark) else {
        return String::new();
    };
    let output = m.output.trim_end();
    match lang {
        Lang::En => format!(
            "{} {probe} {} (x{} in a row) {output}",
            t.at, m.result, t.run
        ),
        Lang::Zh => zh_format!(
            "{at} {probe} {result}（连续第 {run} 次）{output}",
            at = t.at,
            probe = probe,
            result = m.result,
            run = t.run,
            output = output,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_and_t_are_inverse() {
        let until = Scale::all(SimTime::from_secs(600), 1000.0);
        for ms in [0, 1_000, 59_999, 300_000, 600_000] {
            let t = SimTime::from_millis(ms);
            let back = t_of(x_of(t, until), until);
            assert!(
                (back.as_millis() as i64 - ms as i64).abs() <= 1,
                "{ms} -> {back}"
            );
        }
        assert_eq!(t_of(-50.0, until), SimTime::ZERO);
        assert_eq!(t_of(2000.0, until), until.to);
        let z = Scale {
            from: SimTime::from_secs(60),
            to: SimTime::from_secs(120),
            width: 1000.0,
        };
        assert_eq!(
            t_of(x_of(SimTime::from_secs(90), z), z),
            SimTime::from_secs(90)
        );
        assert_eq!(x_of(SimTime::from_secs(10), z), 150.0);
        let narrow = Scale::all(SimTime::from_secs(60), 100.0);
        assert_eq!(narrow.width, MIN_WIDTH, "never narrower than MIN_WIDTH");
        assert_eq!(narrow.left(), 96.0);
        assert_eq!(x_of(SimTime::from_secs(60), narrow), MIN_WIDTH - 12.0);
    }

    #[test]
    fn zoom_pages_keep_the_playhead_in_their_middle_half() {
        let end = SimTime::from_secs(600);
        let w = SimTime::from_secs(60);
        let p = Scale::page(SimTime::from_secs(75), w, end, 800.0);
        assert_eq!(
            (p.from, p.to),
            (SimTime::from_secs(60), SimTime::from_secs(120))
        );
        let last = Scale::page(SimTime::from_secs(590), w, end, 800.0);
        assert_eq!((last.from, last.to), (SimTime::from_secs(540), end));
        let wide = Scale::page(SimTime::from_secs(5), SimTime::from_secs(900), end, 800.0);
        assert_eq!((wide.from, wide.to), (SimTime::ZERO, end));
    }

    #[test]
    fn crash_loop_lane_shows_backoff_and_errors() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"exit 1\"]\n";
        let run = crate::model::analyse(text).run.expect("valid");
        let segs = container_segments(&run.trace, "c");
        assert!(
            segs.iter()
                .any(|s| s.label.starts_with("Waiting:CrashLoopBackOff · #")
                    && s.class == "st-backoff"),
            "{segs:?}"
        );
        assert!(
            segs.iter()
                .any(|s| s.label == "Terminated:Error (1)" && s.class == "st-error"),
            "{segs:?}"
        );
        // Segments tile time without overlap.
        for w in segs.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        let phases = phase_segments(&run.trace);
        assert_eq!(phases[0].label, "Pending");
        assert!(phases.iter().any(|s| s.label == "Running"));
    }

    #[test]
    fn ticks_are_only_those_in_the_window_and_tips_say_what_happened() {
        let text = include_str!("../../e2e/bench/kitchen-sink.yaml");
        let run = crate::model::analyse(text).run.expect("valid");
        let tr = &run.trace;
        let all = Scale::all(tr.until, 800.0);
        let page = Scale {
            from: SimTime::from_secs(60),
            to: SimTime::from_secs(180),
            width: 800.0,
        };
        let c = &run.names[run.names.len() - 1];
        let every = probe_ticks(tr, c, "liveness", all);
        let some = probe_ticks(tr, c, "liveness", page);
        assert!(!some.is_empty() && some.len() < every.len());
        assert!(some.iter().all(|t| t.at >= page.from && t.at <= page.to));
        let inside: Vec<Tick> = every
            .iter()
            .copied()
            .filter(|t| t.at >= page.from && t.at <= page.to)
            .collect();
        assert_eq!(some, inside);
        let tip = tick_tip(tr, "liveness", &some[0], Lang::En);
        let m = &tr.probes[some[0].mark];
        assert!(
            tip.starts_with(&format!(
                "{} liveness {} (x{} in a row)",
                some[0].at, m.result, some[0].run
            )),
            "{tip}"
        );
    }
}
