//! What a share link carries.

use podlife_spec::{SimTime, DEFAULT_KUBE_MINOR, ENGINE_RULES_VERSION};
use serde::{Deserialize, Serialize};

use crate::FORMAT_VERSION;

/// Everything a share link carries: the scenario text, the behaviour profile it was run with,
/// and the view state. Derived data (the trace) is never stored: the recipient recomputes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareState {
    /// The link format this state was decoded from (1 or 2). [`crate::encode`] ignores it and
    /// writes the shorter format, so `decode(encode(s))` equals `s` up to this field;
    /// [`ShareState::new`] sets [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The whole editor text: the manifest stream including any `kind: Scenario` document.
    pub text: String,
    /// Behaviour profile: Kubernetes minor (35 = 1.35) the run used. Recorded even when the text
    /// does not say, so the link keeps its meaning when podlife's default profile moves on.
    pub kube_minor: u32,
    /// `podlife_spec::ENGINE_RULES_VERSION` of the podlife that made the link.
    pub rules_version: u32,
    /// Playhead position.
    pub time: SimTime,
    /// Playback speed in thousandths (1000 = real time, 10000 = 10×).
    pub speed_milli: u32,
    pub view: View,
    pub panel: Panel,
    /// Selected container (lane / logs target), if any.
    pub container: Option<String>,
    pub lang: Lang,
    /// A comparison (link format 3): the second run, B. `text` above is run A. Both run with
    /// `rules_version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<CompareState>,
}

/// Run B of a comparison: its whole text and the Kubernetes minor it ran with (recorded for
/// the same reason as A's [`ShareState::kube_minor`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareState {
    pub text: String,
    pub kube_minor: u32,
}

impl CompareState {
    /// B with `text`, run with the current default Kubernetes minor.
    pub fn new(text: impl Into<String>) -> Self {
        CompareState {
            text: text.into(),
            kube_minor: DEFAULT_KUBE_MINOR,
        }
    }
}

impl ShareState {
    /// A state for `text` with the current profile and default view state.
    pub fn new(text: impl Into<String>) -> Self {
        ShareState {
            format_version: FORMAT_VERSION,
            text: text.into(),
            kube_minor: DEFAULT_KUBE_MINOR,
            rules_version: ENGINE_RULES_VERSION,
            time: SimTime::ZERO,
            speed_milli: DEFAULT_SPEED_MILLI,
            view: View::default(),
            panel: Panel::default(),
            container: None,
            lang: Lang::default(),
            compare: None,
        }
    }

    /// Speed as a factor (1.0 = real time).
    pub fn speed(&self) -> f64 {
        f64::from(self.speed_milli) / 1000.0
    }

    /// A note for the user when the link was made with engine rules newer than this build
    /// knows (the run may differ from what the author saw), else `None`. Older rules need no
    /// note: the run replays with the rules the link records (`Setup::rules_version`).
    pub fn rules_note(&self) -> Option<String> {
        (self.rules_version > ENGINE_RULES_VERSION).then(|| {
            format!(
                "This link was made with podlife engine rules v{}; this podlife runs rules v{}, \
                 so the run may differ from what its author saw.",
                self.rules_version, ENGINE_RULES_VERSION
            )
        })
    }
}

impl ShareState {
    /// Run B of a comparison as a one-run state: B's text and Kubernetes minor, everything
    /// else (rules version, view state) as the link's. `None` for a link of one run.
    pub fn run_b(&self) -> Option<ShareState> {
        let b = self.compare.as_ref()?;
        Some(ShareState {
            text: b.text.clone(),
            kube_minor: b.kube_minor,
            compare: None,
            ..self.clone()
        })
    }

    /// Run A of a comparison (or the link's only run) as a one-run state.
    pub fn run_a(&self) -> ShareState {
        ShareState {
            compare: None,
            ..self.clone()
        }
    }

    /// Notes for the user about replaying this link on this build: different engine rules, or a
    /// Kubernetes profile this build does not model (the app then runs its default profile).
    pub fn compat_notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = self.rules_note().into_iter().collect();
        let minors =
            std::iter::once(self.kube_minor).chain(self.compare.iter().map(|c| c.kube_minor));
        for minor in minors {
            if !podlife_spec::SUPPORTED_KUBE_MINORS.contains(&minor)
                && !notes.iter().any(|n| n.contains(&format!("1.{minor} ")))
            {
                notes.push(format!(
                    "This link asks for Kubernetes 1.{minor} behaviour, which this podlife does \
                     not model; it runs with 1.{DEFAULT_KUBE_MINOR} instead."
                ));
            }
        }
        notes
    }
}

/// Default speed written into state (1×). Omitted from the link when equal.
pub const DEFAULT_SPEED_MILLI: u32 = 1000;

/// The main layout. Wire codes are part of the format: never renumber.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    #[default]
    Timeline,
    Kubectl,
    Split,
    Editor,
    /// A comparison's two timelines on one axis and the list of what differs (a link without a
    /// comparison shows its timeline).
    Compare,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Timeline,
        View::Kubectl,
        View::Split,
        View::Editor,
        View::Compare,
    ];

    /// The name used in query parameters (`view=`).
    pub fn as_str(self) -> &'static str {
        match self {
            View::Timeline => "timeline",
            View::Kubectl => "kubectl",
            View::Split => "split",
            View::Editor => "editor",
            View::Compare => "compare",
        }
    }

    pub(crate) fn code(self) -> u64 {
        match self {
            View::Timeline => 0,
            View::Kubectl => 1,
            View::Split => 2,
            View::Editor => 3,
            View::Compare => 4,
        }
    }

    /// Unknown codes (a newer podlife's view) fall back to the default view.
    pub(crate) fn from_code(c: u64) -> View {
        View::ALL
            .into_iter()
            .find(|v| v.code() == c)
            .unwrap_or_default()
    }
}

/// The selected kubectl panel. Wire codes are part of the format: never renumber.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Panel {
    #[default]
    Get,
    Describe,
    Yaml,
    Logs,
    Events,
}

impl Panel {
    pub const ALL: [Panel; 5] = [
        Panel::Get,
        Panel::Describe,
        Panel::Yaml,
        Panel::Logs,
        Panel::Events,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Panel::Get => "get",
            Panel::Describe => "describe",
            Panel::Yaml => "yaml",
            Panel::Logs => "logs",
            Panel::Events => "events",
        }
    }

    pub(crate) fn code(self) -> u64 {
        match self {
            Panel::Get => 0,
            Panel::Describe => 1,
            Panel::Yaml => 2,
            Panel::Logs => 3,
            Panel::Events => 4,
        }
    }

    pub(crate) fn from_code(c: u64) -> Panel {
        Panel::ALL
            .into_iter()
            .find(|v| v.code() == c)
            .unwrap_or_default()
    }
}

/// UI language. Wire codes are part of the format: never renumber.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// BCP 47 tag as used by `lang=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    pub(crate) fn code(self) -> u64 {
        match self {
            Lang::En => 0,
            Lang::ZhCn => 1,
        }
    }

    pub(crate) fn from_code(c: u64) -> Lang {
        Lang::ALL
            .into_iter()
            .find(|v| v.code() == c)
            .unwrap_or_default()
    }
}
