//! Query parameters of the playground URL (issue 7 item 5): `embed`, `view`, `theme`, `t`, `speed`,
//! `autoplay`, `readonly`, `controls`, `lang`, `example`. Unknown parameters are ignored; a bad
//! value keeps that parameter's default and is reported.

use std::fmt;

use podlife_spec::{parse_duration, SimTime, MAX_UNTIL};

use crate::state::{Lang, ShareState, View};

/// Speeds `speed=` accepts, in thousandths (the playground's 0.25×–100×).
pub const QUERY_SPEED_MILLI_RANGE: (u32, u32) = (250, 100_000);
/// At most this many errors are reported (the rest of a hostile query is still parsed).
const MAX_ERRORS: usize = 16;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    Light,
    Dark,
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// Parsed query parameters. `None` means "not given": the link's (or the app's) value applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedParams {
    /// `embed=1`: minimal chrome, click-to-load poster.
    pub embed: bool,
    pub view: Option<View>,
    pub theme: Theme,
    /// `t=<seconds>` (also `90s`, `1m30s`): start time.
    pub time: Option<SimTime>,
    /// `speed=2` / `speed=0.5` / `speed=10x`, in thousandths.
    pub speed_milli: Option<u32>,
    pub autoplay: bool,
    pub readonly: bool,
    /// `controls=0` hides the playback controls.
    pub controls: bool,
    pub lang: Option<Lang>,
    /// `example=<id>`: open a gallery example (`[a-z0-9-]`, ≤ 64 characters).
    pub example: Option<String>,
}

impl Default for EmbedParams {
    fn default() -> Self {
        EmbedParams {
            embed: false,
            view: None,
            theme: Theme::Auto,
            time: None,
            speed_milli: None,
            autoplay: false,
            readonly: false,
            controls: true,
            lang: None,
            example: None,
        }
    }
}

/// One rejected parameter value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub param: String,
    pub value: String,
    /// What is accepted, for the user.
    pub expected: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ignored {}={:?}: expected {}",
            self.param, self.value, self.expected
        )
    }
}

/// Percent-decodes (and `+` → space); `None` if the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn parse_speed(v: &str) -> Option<u32> {
    let v = v.trim();
    let v = v
        .strip_suffix('x')
        .or_else(|| v.strip_suffix('×'))
        .unwrap_or(v);
    // Digits with at most three decimals, parsed exactly (no float rounding surprises).
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if int.is_empty() && frac.is_empty()
        || int.len() > 7
        || frac.len() > 3
        || !int.bytes().all(|c| c.is_ascii_digit())
        || !frac.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let int: u32 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut f = frac.to_owned();
    while f.len() < 3 {
        f.push('0');
    }
    let frac: u32 = f.parse().ok()?;
    let milli = int.checked_mul(1000)?.checked_add(frac)?;
    let (lo, hi) = QUERY_SPEED_MILLI_RANGE;
    (lo..=hi).contains(&milli).then_some(milli)
}

fn parse_lang(v: &str) -> Option<Lang> {
    match v.to_ascii_lowercase().as_str() {
        "en" | "en-us" | "en-gb" => Some(Lang::En),
        "zh-cn" | "zh" | "zh-hans" | "zh-hans-cn" => Some(Lang::ZhCn),
        _ => None,
    }
}

fn valid_example_id(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 64
        && v.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// Parses a query string (with or without the leading `?`; a `#fragment` after it is ignored).
/// Never fails: bad values are reported and keep their defaults; unknown parameters are ignored;
/// a repeated parameter's last value wins.
pub fn parse_query(query: &str) -> (EmbedParams, Vec<QueryError>) {
    let q = query.trim();
    let q = q.strip_prefix('?').unwrap_or(q);
    let q = q.split('#').next().unwrap_or("");
    let mut p = EmbedParams::default();
    let mut errors = Vec::new();
    for pair in q.split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(k), Some(v)) = (percent_decode(k), percent_decode(v)) else {
            continue;
        };
        let mut bad = |expected: &str| {
            if errors.len() < MAX_ERRORS {
                errors.push(QueryError {
                    param: k.chars().take(32).collect(),
                    value: v.chars().take(64).collect(),
                    expected: expected.to_owned(),
                });
            }
        };
        match k.as_str() {
            "embed" | "autoplay" | "readonly" | "controls" => match parse_bool(&v) {
                Some(b) => match k.as_str() {
                    "embed" => p.embed = b,
                    "autoplay" => p.autoplay = b,
                    "readonly" => p.readonly = b,
                    _ => p.controls = b,
                },
                None => bad("1 or 0"),
            },
            "view" => match View::ALL.into_iter().find(|x| x.as_str() == v) {
                Some(x) => p.view = Some(x),
                None => bad("timeline, kubectl, split, editor or compare"),
            },
            "theme" => match v.as_str() {
                "light" => p.theme = Theme::Light,
                "dark" => p.theme = Theme::Dark,
                "auto" => p.theme = Theme::Auto,
                _ => bad("light, dark or auto"),
            },
            "t" => match parse_duration(&v) {
                Ok(t) if t <= MAX_UNTIL => p.time = Some(t),
                _ => bad("a time in seconds (90, 1.5) or a duration (1m30s), at most 24h"),
            },
            "speed" => match parse_speed(&v) {
                Some(s) => p.speed_milli = Some(s),
                None => bad("a speed from 0.25 to 100 (e.g. 2, 0.5, 10x)"),
            },
            "lang" => match parse_lang(&v) {
                Some(l) => p.lang = Some(l),
                None => bad("en or zh-CN"),
            },
            "example" => {
                if valid_example_id(&v) {
                    p.example = Some(v.clone());
                } else {
                    bad("an example id (lowercase letters, digits and '-')");
                }
            }
            _ => {}
        }
    }
    (p, errors)
}

impl EmbedParams {
    /// The canonical query string for these parameters (defaults omitted, fixed order), without
    /// `?`; empty when everything is default.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.embed {
            parts.push("embed=1".into());
        }
        if let Some(e) = &self.example {
            parts.push(format!("example={e}"));
        }
        if let Some(v) = self.view {
            parts.push(format!("view={}", v.as_str()));
        }
        if self.theme != Theme::Auto {
            parts.push(format!("theme={}", self.theme.as_str()));
        }
        if let Some(t) = self.time {
            parts.push(format!("t={}", format_secs(t)));
        }
        if let Some(s) = self.speed_milli {
            parts.push(format!("speed={}", format_milli(s)));
        }
        if self.autoplay {
            parts.push("autoplay=1".into());
        }
        if self.readonly {
            parts.push("readonly=1".into());
        }
        if !self.controls {
            parts.push("controls=0".into());
        }
        if let Some(l) = self.lang {
            parts.push(format!("lang={}", l.as_str()));
        }
        parts.join("&")
    }

    /// Query values override a link's view state (an embed may start elsewhere than the link).
    pub fn apply_to(&self, state: &mut ShareState) {
        if let Some(v) = self.view {
            state.view = v;
        }
        if let Some(t) = self.time {
            state.time = t;
        }
        if let Some(s) = self.speed_milli {
            state.speed_milli = s;
        }
        if let Some(l) = self.lang {
            state.lang = l;
        }
    }
}

fn format_secs(t: SimTime) -> String {
    format_thousandths(t.as_millis())
}

fn format_milli(v: u32) -> String {
    format_thousandths(u64::from(v))
}

/// `1500` → `1.5`, `2000` → `2`.
fn format_thousandths(v: u64) -> String {
    if v.is_multiple_of(1000) {
        format!("{}", v / 1000)
    } else {
        let s = format!("{}.{:03}", v / 1000, v % 1000);
        s.trim_end_matches('0').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn defaults_when_empty() {
        assert_eq!(parse_query(""), (EmbedParams::default(), vec![]));
        assert_eq!(parse_query("?"), (EmbedParams::default(), vec![]));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_parameter() {
        let (p, e) = parse_query(
            "?embed=1&view=kubectl&theme=dark&t=90&speed=2.5&autoplay=1&readonly=true&controls=0&lang=zh-CN&example=crash-loop&utm_source=x",
        );
        assert_eq!(e, vec![]);
        assert_eq!(
            p,
            EmbedParams {
                embed: true,
                view: Some(View::Kubectl),
                theme: Theme::Dark,
                time: Some(SimTime::from_secs(90)),
                speed_milli: Some(2500),
                autoplay: true,
                readonly: true,
                controls: false,
                lang: Some(Lang::ZhCn),
                example: Some("crash-loop".into()),
            }
        );
        assert_eq!(
            p.to_query(),
            "embed=1&example=crash-loop&view=kubectl&theme=dark&t=90&speed=2.5&autoplay=1&readonly=1&controls=0&lang=zh-CN"
        );
        assert_eq!(parse_query(&p.to_query()).0, p);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn time_forms() {
        for (v, ms) in [("1.5", 1500), ("1m30s", 90_000), ("0", 0), ("45s", 45_000)] {
            assert_eq!(
                parse_query(&format!("t={v}")).0.time,
                Some(SimTime::from_millis(ms)),
                "{v}"
            );
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn speed_forms() {
        for (v, m) in [
            ("2", 2000),
            ("0.25", 250),
            ("10x", 10_000),
            ("100", 100_000),
            (".5", 500),
        ] {
            assert_eq!(
                parse_query(&format!("speed={v}")).0.speed_milli,
                Some(m),
                "{v}"
            );
        }
        for v in [
            "0",
            "0.1",
            "101",
            "1e3",
            "-1",
            "NaN",
            "inf",
            "1.2345",
            "",
            "99999999999",
        ] {
            let (p, e) = parse_query(&format!("speed={v}"));
            assert_eq!(p.speed_milli, None, "{v}");
            assert_eq!(e.len(), 1, "{v}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn bad_values_are_reported_and_keep_defaults() {
        let (p, e) =
            parse_query("view=graph&theme=pink&t=-5&lang=fr&example=../etc&embed=maybe&t=25h");
        assert_eq!(p, EmbedParams::default());
        let msgs: Vec<String> = e.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            msgs,
            vec![
                "ignored view=\"graph\": expected timeline, kubectl, split, editor or compare",
                "ignored theme=\"pink\": expected light, dark or auto",
                "ignored t=\"-5\": expected a time in seconds (90, 1.5) or a duration (1m30s), at most 24h",
                "ignored lang=\"fr\": expected en or zh-CN",
                "ignored example=\"../etc\": expected an example id (lowercase letters, digits and '-')",
                "ignored embed=\"maybe\": expected 1 or 0",
                "ignored t=\"25h\": expected a time in seconds (90, 1.5) or a duration (1m30s), at most 24h",
            ]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn percent_encoding_and_last_wins() {
        let (p, e) = parse_query("lang=zh%2DCN&view=split&view=editor&example=a%zz");
        assert_eq!(p.lang, Some(Lang::ZhCn));
        assert_eq!(p.view, Some(View::Editor));
        assert_eq!(e.len(), 1); // "a%zz" is not a valid id
        assert!(parse_query("embed").0.embed);
        assert!(parse_query("?embed=1#1abc").0.embed);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn apply_overrides_view_state() {
        let mut s = ShareState::new("x");
        let (p, _) = parse_query("t=30&view=kubectl&speed=4&lang=zh-CN");
        p.apply_to(&mut s);
        assert_eq!(
            (s.time, s.view, s.speed_milli, s.lang),
            (SimTime::from_secs(30), View::Kubectl, 4000, Lang::ZhCn)
        );
    }
}
