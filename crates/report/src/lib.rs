//! Pure functions over podlife traces, shared by the CLI and the page:
//!
//! - [`expect`]: evaluating the Scenario document's `expect:` list against a trace
//!   (`podlife test`; the page's pass/fail marks);
//! - [`diff`]: what differs between two runs, first divergence first (`podlife diff`; the
//!   page's Compare);
//! - [`svg`]: the timeline as a standalone SVG document (`podlife run --output svg`; the
//!   page's download), on the lane model of [`lanes`].
//!
//! Like the engine: no clock, no IO, no unseeded randomness, no hash-ordered output; every
//! loop is bounded by the trace's own size.

#![forbid(unsafe_code)]

pub mod diff;
pub mod expect;
pub mod lanes;
pub mod svg;

/// The language of the words this crate writes into pictures (kubectl's own terms stay as
/// kubectl prints them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// BCP 47 code: `en`, `zh-CN`.
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

    pub fn pick(self, en: &'static str, zh: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

#[cfg(test)]
mod tests;
