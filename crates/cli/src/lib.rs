//! The `podlife` command line: `run`, `validate`, `share`, `test` and `diff`. `main.rs` only calls
//! [`main_with`], so tests can drive the whole CLI in-process.
//!
//! `run` and `validate` accept a manifest file, `-` (stdin: manifest text or a link), or a
//! share link (a full URL or a bare `#fragment`). A link brings its behaviour profile
//! (Kubernetes minor) and its playhead time, which `--at` defaults to.

#![forbid(unsafe_code)]

mod check;

pub use check::junit_xml;

use std::io::{Read, Write};

use clap::{Parser, Subcommand, ValueEnum};
use podlife_engine::{simulate, text, views};
use podlife_manifest::LoadOptions;
use podlife_share::{fragment_of, looks_like_link, ShareState};
use podlife_spec::{
    parse_duration, parse_kube_version, Scenario, SimTime, MAX_UNTIL, SUPPORTED_KUBE_MINORS,
};

/// The base URL `podlife share` uses without `--base`: the address `podlife serve` (README)
/// listens on by default. Replace it with your deployed playground's URL.
pub const DEFAULT_SHARE_BASE: &str = "http://127.0.0.1:8080/";

/// The name diagnostics use for a scenario that came from a link (there is no file).
pub const LINK_SOURCE_NAME: &str = "<link>";

#[derive(Parser, Debug)]
#[command(
    name = "podlife",
    version,
    about = "Watch a Pod's life as the kubelet drives it",
    after_help = "INPUT is a manifest file, `-` for stdin (manifest text or a link), or a podlife \
                  share link: a full URL (`http://…/#2…`) or a bare fragment (`#2…`, quote it in \
                  the shell)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Simulate a manifest or a share link and print the result.
    #[command(
        after_help = "With a link, the run uses the link's Kubernetes version and --at defaults \
                      to the link's playhead time (the horizon when the link has none)."
    )]
    Run {
        /// Manifest file, `-` (stdin: text or a link), or a share link (URL or `#fragment`).
        #[arg(value_name = "INPUT")]
        file: String,
        /// Kubernetes version to behave as (1.33 … 1.37; `1.36`, `v1.36`, `1.36.2` or `36`),
        /// overriding the Scenario's `kubernetesVersion` and a link's.
        #[arg(long = "kubernetes-version", value_name = "VERSION", value_parser = kube_version_arg)]
        kubernetes_version: Option<u32>,
        /// Horizon (overrides the Scenario's `until`), e.g. 5m or 300.
        #[arg(long)]
        until: Option<String>,
        /// What to print.
        #[arg(long, value_enum, default_value_t = OutputKind::Text)]
        output: OutputKind,
        /// The instant the kubectl views show (default: the link's time, else the horizon);
        /// with `--output svg`, where the playhead is drawn.
        #[arg(long)]
        at: Option<String>,
        /// Language of the SVG's own words (`en` or `zh-CN`; default: the link's, else en).
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// With `--output svg`: the time window drawn, `FROM..TO` (e.g. `30s..2m30s`), as the
        /// page's zoomed timeline shows it (default: the whole run).
        #[arg(long, value_name = "FROM..TO")]
        window: Option<String>,
    },
    /// Run manifests and check the expectations in their Scenario documents (`spec.expect`);
    /// exit 0 only if every file loads and every expectation holds.
    #[command(
        after_help = "Each failure is printed as FILE:LINE:COL: error: spec.expect[N]: what was \
                      expected — observed what, and when. A file without expectations passes \
                      when it is valid and runs. --junit writes a JUnit XML report for CI."
    )]
    Test {
        /// Manifest files, `-` (stdin), or share links.
        #[arg(value_name = "INPUT", required = true)]
        files: Vec<String>,
        /// Also write a JUnit XML report to PATH (one test suite per file, one test case per
        /// expectation).
        #[arg(long, value_name = "PATH")]
        junit: Option<String>,
    },
    /// Run two scenarios and print what differs: events in one and not the other or at other
    /// times, and status changes; first divergence first. Exit 0: same; 1: different.
    #[command(
        after_help = "A comparison link (the page's Compare, `podlife share A --compare B`) holds \
                      both runs: `podlife diff '<link>'` compares them. Exit status: 0 when the \
                      runs are the same, 1 when they differ, 2 when an input is invalid \
                      (diagnostics on stderr) or on a usage error."
    )]
    Diff {
        /// Run A: a manifest file, `-` (stdin), or a share link; or a comparison link alone.
        #[arg(value_name = "A")]
        a: String,
        /// Run B (omitted when A is a comparison link).
        #[arg(value_name = "B")]
        b: Option<String>,
        /// Horizon of both runs (overrides their Scenarios' `until`), e.g. 5m.
        #[arg(long)]
        until: Option<String>,
    },
    /// Check a manifest or a share link and print diagnostics.
    Validate {
        /// Manifest file, `-` (stdin: text or a link), or a share link (URL or `#fragment`).
        #[arg(value_name = "INPUT")]
        file: String,
        /// Kubernetes version whose API server validates (1.33 … 1.37), overriding the
        /// Scenario's `kubernetesVersion` and a link's.
        #[arg(long = "kubernetes-version", value_name = "VERSION", value_parser = kube_version_arg)]
        kubernetes_version: Option<u32>,
    },
    /// Print a share link that replays a manifest (the scenario travels in the URL fragment);
    /// given a link, print it on another base URL.
    #[command(
        after_help = "Links longer than 2,000 characters get a warning on stderr: chat apps cut \
                      them; share the file instead."
    )]
    Share {
        /// Manifest file, `-` (stdin), or a share link to re-base.
        #[arg(value_name = "INPUT")]
        file: String,
        /// The playground's URL the link points at.
        #[arg(long, default_value = DEFAULT_SHARE_BASE, value_name = "URL")]
        base: String,
        /// Playhead time stored in the link, e.g. 90s or 2m30s (default: none).
        #[arg(long)]
        at: Option<String>,
        /// Kubernetes version the link replays as (1.33 … 1.37; default: the Scenario's
        /// `kubernetesVersion`, or the link's when re-basing one).
        #[arg(long = "kubernetes-version", value_name = "VERSION", value_parser = kube_version_arg)]
        kubernetes_version: Option<u32>,
        /// A second manifest: the link compares the two runs (the page opens it in Compare;
        /// `podlife diff '<link>'` prints the differences).
        #[arg(long, value_name = "B")]
        compare: Option<String>,
    },
}

/// clap's parser for `--kubernetes-version`: the minor, or why not.
fn kube_version_arg(s: &str) -> Result<u32, String> {
    parse_kube_version(s).map_err(|e| e.to_string())
}

/// The minor to load a text as: the flag, else the link's profile when this build models it
/// (else the text's own Scenario document decides).
fn minor_override(flag: Option<u32>, link: Option<&ShareState>) -> Option<u32> {
    flag.or_else(|| {
        link.map(|s| s.kube_minor)
            .filter(|m| SUPPORTED_KUBE_MINORS.contains(m))
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputKind {
    Text,
    Json,
    Get,
    Wide,
    Watch,
    Describe,
    /// `kubectl get pod -o yaml`: the whole object at `--at`.
    Yaml,
    /// `kubectl get pod -o json`: the whole object at `--at` (`json` is the trace).
    PodJson,
    /// The timeline as an SVG image (playhead at `--at`).
    Svg,
}

/// What an INPUT argument resolved to.
#[derive(Debug)]
pub enum Input {
    /// Manifest text and the name diagnostics use for it.
    Text { name: String, text: String },
    /// A decoded share link.
    Link(Box<ShareState>),
}

/// Whether a command-line argument is meant as a link rather than a file name. A bare
/// `#fragment` or anything with a scheme is a link; otherwise an existing file wins over a
/// name that merely looks like a link (`a#1.yaml`).
fn arg_is_link(arg: &str) -> bool {
    let t = arg.trim();
    if is_plainly_link(t) {
        return true;
    }
    looks_like_link(t) && !std::path::Path::new(arg).exists()
}

/// A URL with a fragment, or a bare `#fragment`: a link, even a broken or empty one (so the user
/// gets the link's error, not a YAML one). Whitespace is allowed inside (mail clients wrap
/// long links; the decoder skips it), but not a YAML mapping (`key: value`), so a manifest
/// that starts with a `#` comment stays a manifest.
fn is_plainly_link(t: &str) -> bool {
    let has_scheme = t.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    // `#` then the data (or nothing); `# text` and `##` start YAML comments.
    let bare = t
        .strip_prefix('#')
        .is_some_and(|f| !f.starts_with(|c: char| c.is_whitespace() || c == '#'));
    (bare || (has_scheme && t.contains('#')))
        && !t.contains(": ")
        && !t.contains(":\n")
        && !t.contains(":\r")
}

/// Reads INPUT: a file, `-` (stdin: text or a link) or a link. Errors are user-facing.
pub fn read_input(arg: &str, stdin: &mut dyn Read) -> Result<Input, String> {
    if arg == "-" {
        let mut s = String::new();
        stdin
            .read_to_string(&mut s)
            .map_err(|e| format!("-: cannot read stdin: {e}"))?;
        let t = s.trim();
        if looks_like_link(t) || is_plainly_link(t) {
            return decode_link(t);
        }
        return Ok(Input::Text {
            name: "-".into(),
            text: s,
        });
    }
    if arg_is_link(arg) {
        return decode_link(arg);
    }
    let text = std::fs::read_to_string(arg).map_err(|e| format!("{arg}: {e}"))?;
    Ok(Input::Text {
        name: arg.to_string(),
        text,
    })
}

fn decode_link(link: &str) -> Result<Input, String> {
    podlife_share::decode(fragment_of(link))
        .map(|s| Input::Link(Box::new(s)))
        .map_err(|e| e.to_string())
}

/// Applies a link's behaviour profile to the scenario loaded from its text: the link records
/// the Kubernetes minor its author's run used, so the replay uses it too (when this build
/// models it; otherwise [`ShareState::compat_notes`] says so and the default stays), and the
/// engine rules version it was made with (clamped to this build's: a newer link runs with
/// these rules, and its notes say so).
pub fn apply_link_profile(state: &ShareState, scenario: &mut Scenario) {
    if SUPPORTED_KUBE_MINORS.contains(&state.kube_minor) {
        scenario.setup.kube_minor = state.kube_minor;
    }
    scenario.setup.rules_version =
        podlife_spec::profile::Profile::new(scenario.setup.kube_minor, state.rules_version).rules;
}

/// Prepares the scenario loaded from a link's text for replay, as `podlife run <link>` does:
/// applies the link's profile ([`apply_link_profile`]) and returns the instant the kubectl
/// views show, the link's playhead time. A time of 0 is indistinguishable from "no playhead
/// saved" (the codec omits it), so it means the horizon, as for a file. The horizon grows to
/// include that instant.
pub fn prepare_link_run(state: &ShareState, scenario: &mut Scenario) -> SimTime {
    apply_link_profile(state, scenario);
    let at = if state.time > SimTime::ZERO {
        state.time
    } else {
        scenario.setup.until
    };
    extend_until(scenario, at)
}

/// Grows the horizon to include `at` (capped at [`MAX_UNTIL`]); returns `at`.
fn extend_until(scenario: &mut Scenario, at: SimTime) -> SimTime {
    if at > scenario.setup.until {
        scenario.setup.until = at.min(MAX_UNTIL);
    }
    at
}

/// Runs the CLI with `args` (including the program name); returns the exit code.
/// 0 = ok, 1 = invalid input (bad manifest or link, unreadable file), 2 = usage error.
pub fn main_with(
    args: &[String],
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let rendered = e.render().to_string();
            if code == 0 {
                let _ = out.write_all(rendered.as_bytes());
            } else {
                let _ = err.write_all(rendered.as_bytes());
            }
            return code;
        }
    };
    match cli.command {
        Command::Validate {
            file,
            kubernetes_version,
        } => validate(&file, kubernetes_version, stdin, out, err),
        Command::Run {
            file,
            kubernetes_version,
            until,
            output,
            at,
            lang,
            window,
        } => run(
            &file,
            RunOptions {
                until,
                output,
                at,
                lang,
                window,
                kube_minor: kubernetes_version,
            },
            stdin,
            out,
            err,
        ),
        Command::Share {
            file,
            base,
            at,
            kubernetes_version,
            compare,
        } => share(
            &file,
            &base,
            ShareFlags {
                at,
                kube_minor: kubernetes_version,
                compare,
            },
            stdin,
            out,
            err,
        ),
        Command::Test { files, junit } => check::test(&files, junit.as_deref(), stdin, out, err),
        Command::Diff { a, b, until } => match parse_flag("until", until, err) {
            Ok(u) => check::diff_cmd(&a, b.as_deref(), u, stdin, out, err),
            Err(code) => code,
        },
    }
}

fn parse_flag(flag: &str, v: Option<String>, err: &mut dyn Write) -> Result<Option<SimTime>, i32> {
    v.as_deref().map(parse_duration).transpose().map_err(|e| {
        let _ = writeln!(err, "error: --{flag}: {e}");
        2
    })
}

/// Loads INPUT: text, its diagnostics' file name, and the link it came from (if any).
fn load_input(
    file: &str,
    stdin: &mut dyn Read,
    err: &mut dyn Write,
) -> Result<(String, String, Option<ShareState>), i32> {
    match read_input(file, stdin) {
        Ok(Input::Text { name, text }) => Ok((name, text, None)),
        Ok(Input::Link(state)) => {
            for n in state.compat_notes() {
                let _ = writeln!(err, "note: {n}");
            }
            if state.compare.is_some() {
                let _ = writeln!(
                    err,
                    "note: this link compares two runs; this is run A (`podlife diff '<link>'` \
                     prints what differs)"
                );
            }
            Ok((
                LINK_SOURCE_NAME.to_string(),
                state.text.clone(),
                Some(*state),
            ))
        }
        Err(m) => {
            let _ = writeln!(err, "error: {m}");
            Err(1)
        }
    }
}

fn validate(
    file: &str,
    kube_minor: Option<u32>,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let (name, text, link) = match load_input(file, stdin, err) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let opts = LoadOptions {
        kube_minor: minor_override(kube_minor, link.as_ref()),
        rules_version: link.as_ref().map(|s| s.rules_version),
    };
    let loaded = podlife_manifest::load_with(&text, &opts);
    for d in &loaded.diagnostics {
        let _ = writeln!(err, "{}", d.render(&name));
    }
    if loaded.has_errors() || loaded.scenario.is_none() {
        1
    } else {
        let _ = writeln!(out, "{name}: ok");
        0
    }
}

/// `podlife run`'s flags.
struct RunOptions {
    until: Option<String>,
    output: OutputKind,
    at: Option<String>,
    lang: Option<String>,
    window: Option<String>,
    kube_minor: Option<u32>,
}

/// `--window FROM..TO`: a non-empty time window.
fn parse_window(v: &str) -> Result<podlife_report::lanes::Scale, String> {
    let (from, to) = v
        .split_once("..")
        .ok_or_else(|| format!("{v:?}: expected FROM..TO, e.g. 30s..2m30s"))?;
    let from = parse_duration(from.trim()).map_err(|e| e.to_string())?;
    let to = parse_duration(to.trim()).map_err(|e| e.to_string())?;
    if to <= from {
        return Err(format!("{v:?}: the window ends before it starts"));
    }
    Ok(podlife_report::lanes::Scale { from, to })
}

fn run(
    file: &str,
    opts: RunOptions,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let RunOptions {
        until,
        output,
        at,
        lang,
        window,
        kube_minor,
    } = opts;
    let window = match window.as_deref().map(parse_window).transpose() {
        Ok(w) => w,
        Err(e) => {
            let _ = writeln!(err, "error: --window: {e}");
            return 2;
        }
    };
    let until = match parse_flag("until", until, err) {
        Ok(u) => u,
        Err(code) => return code,
    };
    let at = match parse_flag("at", at, err) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let lang = match lang.as_deref().map(podlife_report::Lang::from_code) {
        Some(None) => {
            let _ = writeln!(err, "error: --lang: use en or zh-CN");
            return 2;
        }
        Some(Some(l)) => Some(l),
        None => None,
    };
    let explicit_at = at.is_some();
    let (name, text_in, link) = match load_input(file, stdin, err) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let load_opts = LoadOptions {
        kube_minor: minor_override(kube_minor, link.as_ref()),
        rules_version: link.as_ref().map(|s| s.rules_version),
    };
    let loaded = podlife_manifest::load_with(&text_in, &load_opts);
    for d in &loaded.diagnostics {
        let _ = writeln!(err, "{}", d.render(&name));
    }
    // Like `kubectl apply`: objects with errors are reported and left out, the rest runs, and
    // the exit status still says something failed.
    let status = i32::from(loaded.has_errors());
    let Some(mut scenario) = loaded.scenario else {
        return 1;
    };
    if let Some(u) = until {
        scenario.setup.until = u.min(MAX_UNTIL);
    }
    // The profile is already the flag's, else the link's (`load_with`).
    let at = match (&link, at) {
        (Some(state), None) => {
            let at = if state.time > SimTime::ZERO {
                state.time
            } else {
                scenario.setup.until
            };
            extend_until(&mut scenario, at)
        }
        (Some(_), Some(at)) => extend_until(&mut scenario, at),
        (None, at) => {
            let at = at.unwrap_or(scenario.setup.until);
            extend_until(&mut scenario, at)
        }
    };
    let trace = simulate(&scenario);
    if output == OutputKind::Svg {
        // The playhead where the user (or the link) put it; none otherwise.
        let playhead =
            (explicit_at || link.as_ref().is_some_and(|l| l.time > SimTime::ZERO)).then_some(at);
        let lang = lang.unwrap_or(match &link {
            Some(l) if l.lang == podlife_share::Lang::ZhCn => podlife_report::Lang::Zh,
            _ => podlife_report::Lang::En,
        });
        let svg =
            podlife_report::svg::timeline(&trace, &loaded.expectations, window, playhead, lang);
        let _ = out.write_all(svg.as_bytes());
        return status;
    }
    let _ = out.write_all(render(&trace, output, at).as_bytes());
    status
}

/// The timeline of `trace` as SVG, with the expectations' verdicts on it (the page's download
/// is the same function: `podlife_report::svg::timeline`).
pub fn svg_of(
    trace: &podlife_engine::Trace,
    expectations: &[podlife_spec::expect::Expectation],
    playhead: Option<SimTime>,
    lang: podlife_report::Lang,
) -> String {
    podlife_report::svg::timeline(trace, expectations, None, playhead, lang)
}

/// The share state `podlife share` encodes for `text`: the Kubernetes minor the text runs with
/// (its Scenario's `kubernetesVersion`, else the default) and the playhead time `at`.
pub fn share_state(text: &str, at: Option<SimTime>) -> ShareState {
    share_state_as(text, at, None)
}

/// [`share_state`] with an explicit Kubernetes minor (`--kubernetes-version`).
pub fn share_state_as(text: &str, at: Option<SimTime>, kube_minor: Option<u32>) -> ShareState {
    let mut state = ShareState::new(text);
    if let Some(m) = kube_minor {
        state.kube_minor = m;
    } else if let Some(sc) = podlife_manifest::load(text).scenario {
        state.kube_minor = sc.setup.kube_minor;
    }
    if let Some(t) = at {
        state.time = t;
    }
    state
}

/// `podlife share`'s flags.
struct ShareFlags {
    at: Option<String>,
    kube_minor: Option<u32>,
    compare: Option<String>,
}

fn share(
    file: &str,
    base: &str,
    flags: ShareFlags,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let ShareFlags {
        at,
        kube_minor,
        compare,
    } = flags;
    let at = match parse_flag("at", at, err) {
        Ok(a) => a,
        Err(code) => return code,
    };
    // A link is re-based (its text, profile and view state kept); text gets a fresh state.
    let state = match read_input(file, stdin) {
        Ok(Input::Text { text, .. }) => share_state_as(&text, at, kube_minor),
        Ok(Input::Link(mut state)) => {
            if let Some(t) = at {
                state.time = t;
            }
            if let Some(m) = kube_minor {
                state.kube_minor = m;
            }
            *state
        }
        Err(m) => {
            let _ = writeln!(err, "error: {m}");
            return 1;
        }
    };
    let mut state = state;
    if let Some(b) = compare {
        // B: a file's text with its own Kubernetes minor, or another link's run A.
        state.compare = match read_input(&b, stdin) {
            Ok(Input::Text { text, .. }) => {
                let b = share_state(&text, None);
                Some(podlife_share::CompareState {
                    text: b.text,
                    kube_minor: b.kube_minor,
                })
            }
            Ok(Input::Link(link)) => Some(podlife_share::CompareState {
                text: link.text,
                kube_minor: link.kube_minor,
            }),
            Err(m) => {
                let _ = writeln!(err, "error: {m}");
                return 1;
            }
        };
    }
    match podlife_share::share_link(base, &state) {
        Ok(link) => {
            if let Some(w) = podlife_share::link_length_warning(link.chars().count()) {
                let _ = writeln!(err, "warning: {w}");
            }
            let _ = writeln!(out, "{link}");
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: {file}: {e}");
            1
        }
    }
}

/// Renders one output kind of a finished trace at instant `at`.
pub fn render(trace: &podlife_engine::Trace, kind: OutputKind, at: SimTime) -> String {
    match kind {
        OutputKind::Text => {
            let mut s = String::new();
            for e in &trace.explanations {
                s.push_str(&format!("# {}: {}\n", e.container, e.summary));
                for w in &e.warnings {
                    s.push_str(&format!("#   warning: {w}\n"));
                }
            }
            s.push_str(&text::timeline(trace));
            for x in &trace.execs {
                s.push_str(&format!(
                    "# exec at {} in {}: {} → exit {}\n{}",
                    x.time,
                    x.container,
                    x.command.join(" "),
                    x.exit_code,
                    x.output
                ));
                if !x.output.is_empty() && !x.output.ends_with('\n') {
                    s.push('\n');
                }
            }
            s
        }
        OutputKind::Json => {
            let mut j = trace.to_json();
            j.push('\n');
            j
        }
        OutputKind::Get => views::get_pods(trace, at),
        OutputKind::Wide => views::get_pods_wide(trace, at),
        OutputKind::Watch => views::get_pods_watch(trace, at),
        OutputKind::Describe => views::describe_pod(trace, at),
        OutputKind::Yaml => views::pod_yaml(trace, at),
        OutputKind::PodJson => views::pod_json(trace, at),
        OutputKind::Svg => svg_of(trace, &[], Some(at), podlife_report::Lang::En),
    }
}
