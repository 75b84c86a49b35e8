//! The `podlife` command line: `run` and `validate`. `main.rs` only calls [`main_with`], so
//! tests can drive the whole CLI in-process.

#![forbid(unsafe_code)]

use std::io::{Read, Write};

use clap::{Parser, Subcommand, ValueEnum};
use podlife_engine::{simulate, text, views};
use podlife_spec::{parse_duration, SimTime, MAX_UNTIL};

#[derive(Parser, Debug)]
#[command(
    name = "podlife",
    version,
    about = "Watch a Pod's life as the kubelet drives it"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Simulate a manifest and print the result.
    Run {
        /// Manifest file (`-` = stdin).
        file: String,
        /// Horizon (overrides the Scenario's `until`), e.g. 5m or 300.
        #[arg(long)]
        until: Option<String>,
        /// What to print.
        #[arg(long, value_enum, default_value_t = OutputKind::Text)]
        output: OutputKind,
        /// The instant the kubectl views show (default: the horizon).
        #[arg(long)]
        at: Option<String>,
    },
    /// Check a manifest and print diagnostics.
    Validate {
        /// Manifest file (`-` = stdin).
        file: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputKind {
    Text,
    Json,
    Get,
    Wide,
    Watch,
    Describe,
    Yaml,
}

fn read_input(file: &str, stdin: &mut dyn Read) -> Result<String, String> {
    if file == "-" {
        let mut s = String::new();
        stdin
            .read_to_string(&mut s)
            .map_err(|e| format!("-: cannot read stdin: {e}"))?;
        Ok(s)
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))
    }
}

/// Runs the CLI with `args` (including the program name); returns the exit code.
/// 0 = ok, 1 = invalid input, 2 = usage error.
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
        Command::Validate { file } => {
            let text = match read_input(&file, stdin) {
                Ok(t) => t,
                Err(m) => {
                    let _ = writeln!(err, "error: {m}");
                    return 1;
                }
            };
            let loaded = podlife_manifest::load(&text);
            for d in &loaded.diagnostics {
                let _ = writeln!(err, "{}", d.render(&file));
            }
            if loaded.has_errors() || loaded.scenario.is_none() {
                1
            } else {
                let _ = writeln!(out, "{file}: ok");
                0
            }
        }
        Command::Run {
            file,
            until,
            output,
            at,
        } => {
            let until = match until.as_deref().map(parse_duration).transpose() {
                Ok(u) => u,
                Err(e) => {
                    let _ = writeln!(err, "error: --until: {e}");
                    return 2;
                }
            };
            let at = match at.as_deref().map(parse_duration).transpose() {
                Ok(a) => a,
                Err(e) => {
                    let _ = writeln!(err, "error: --at: {e}");
                    return 2;
                }
            };
            let text_in = match read_input(&file, stdin) {
                Ok(t) => t,
                Err(m) => {
                    let _ = writeln!(err, "error: {m}");
                    return 1;
                }
            };
            let loaded = podlife_manifest::load(&text_in);
            for d in &loaded.diagnostics {
                let _ = writeln!(err, "{}", d.render(&file));
            }
            let has_errors = loaded.has_errors();
            let Some(mut scenario) = loaded.scenario.filter(|_| !has_errors) else {
                return 1;
            };
            if let Some(u) = until {
                scenario.setup.until = u.min(MAX_UNTIL);
            }
            let at = at.unwrap_or(scenario.setup.until);
            if at > scenario.setup.until {
                scenario.setup.until = at.min(MAX_UNTIL);
            }
            let trace = simulate(&scenario);
            let _ = out.write_all(render(&trace, output, at).as_bytes());
            0
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
        OutputKind::Yaml => views::status_yaml(trace, at),
    }
}
