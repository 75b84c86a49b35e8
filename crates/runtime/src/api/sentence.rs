//! The model's sentence about a container, as kinds and values: rendered in English here (the
//! CLI's and the trace's language, byte for byte what it always was) and in other languages by
//! the page (web/src/hints.rs), whose exhaustive match makes every new kind bring its Chinese.

use std::fmt;

use podlife_spec::SimTime;
use serde::{Serialize, Serializer};

/// What the model decided a container does: clauses said one after another (`; `).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub clauses: Vec<Clause>,
}

/// Memory as the sentence shows it: `256 MiB`, or `1000 bytes` when not whole MiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bytes(pub i128);

impl Bytes {
    /// Whole mebibytes, when it is a whole number of them.
    pub fn mebibytes(self) -> Option<i128> {
        (self.0 % (1024 * 1024) == 0).then_some(self.0 / (1024 * 1024))
    }
}

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mebibytes() {
            Some(m) => write!(f, "{m} MiB"),
            None => write!(f, "{} bytes", self.0),
        }
    }
}

/// A duration as the sentence shows it: `30 s`, `1.500 s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seconds(pub u64);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        if ms.is_multiple_of(1000) {
            write!(f, "{} s", ms / 1000)
        } else {
            write!(f, "{}.{:03} s", ms / 1000, ms % 1000)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    /// `sh -c SCRIPT` and what its steps do.
    Script {
        script: String,
        steps: Vec<Step>,
    },
    ScriptDoesNotParse {
        script: String,
        error: String,
    },
    ShellWithoutScript {
        shell: String,
    },
    /// The script's last step ends by itself.
    ThenExits,
    SleepsThenExits {
        duration: Seconds,
    },
    /// A program's one step (`sleeps forever`, `runs ...`).
    Does(Step),
    NginxServes,
    NginxForksIntoBackground,
    LivenessDemoServer,
    Goproxy,
    HttpdServes,
    RedisListens,
    UnknownServer,
    Stress {
        allocated: Bytes,
        workers: i128,
        timeout: Option<String>,
    },
    // What the final program does on SIGTERM as PID 1.
    IgnoresSigtermByScenario,
    DiesOfSigtermByScenario,
    NginxQuitsGracefully {
        milliseconds: u64,
    },
    NginxStopsFast {
        milliseconds: u64,
    },
    HttpdStopsGracefully,
    ExitsPromptlyOnSigterm,
    GoProgramExits2OnSigterm,
    Exits143OnSigtermGuessed,
    IgnoresSigtermAsPid1,
    // Memory against the limit.
    OutOfMemory {
        working_set: Bytes,
        limit: Bytes,
        milliseconds: u64,
    },
    FitsMemoryLimit {
        working_set: Bytes,
        limit: Bytes,
    },
    // Behaviour a Scenario document sets.
    ScenarioExits {
        after: Seconds,
        code: i32,
    },
    ScenarioListens {
        after: Seconds,
    },
}

/// One shell step; lists of steps are said one after another (`, then `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Sets {
        names: Vec<String>,
    },
    Creates {
        paths: String,
    },
    Removes {
        paths: String,
    },
    CreatesDirectory {
        path: String,
    },
    Sleeps {
        duration: Seconds,
    },
    SleepsForever,
    Runs {
        command: String,
    },
    Writes {
        target: String,
    },
    Prints {
        text: String,
    },
    PrintsFile {
        path: String,
    },
    FollowsForever {
        path: String,
    },
    PrintsEnd {
        path: String,
    },
    LooksUp {
        name: String,
    },
    ExitsWithLastStatus,
    Exits {
        status: String,
    },
    DoesNothing,
    SignalsNginx {
        signal: String,
    },
    OutputTo {
        step: Box<Step>,
        target: String,
    },
    AndIfSucceeds {
        first: Box<Step>,
        then: Box<Step>,
    },
    OrIfFails {
        first: Box<Step>,
        otherwise: Box<Step>,
    },
    InBackground(Box<Step>),
    Pipeline(Vec<Step>),
    Not(Box<Step>),
    /// A `{ ...; }` group or `( ... )` subshell.
    Group(Vec<Step>),
    If {
        arms: Vec<(Vec<Step>, Vec<Step>)>,
        otherwise: Option<Vec<Step>>,
    },
    Repeat {
        body: Vec<Step>,
        condition: Vec<Step>,
        until: bool,
    },
    For {
        variable: String,
        items: String,
        body: Vec<Step>,
    },
    BranchesOn {
        word: String,
    },
    DefinesFunction {
        name: String,
    },
}

/// Where the model had to guess (unknown image or command), or what it found while running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guess {
    UnknownImageServer {
        image: String,
        ports: Vec<String>,
    },
    UnknownImageBusybox {
        image: String,
    },
    ScriptSyntaxError {
        error: String,
    },
    NotInImageShellPrints {
        program: String,
        image: String,
        shell_message: String,
    },
    NotInImageCannotStart {
        program: String,
        image: String,
    },
    EnvGuessed {
        name: String,
        value: String,
    },
    EnvEmpty {
        name: String,
    },
    // Found while running.
    ShellBusyForever {
        steps: u32,
    },
    AwkBusyForever {
        steps: u64,
    },
    AwkRunsCommand {
        what: String,
    },
    NcListenNotModelled,
    ProgramNotModelled {
        command: String,
    },
    CommandNotModelled {
        name: String,
    },
    TooManyProcesses {
        limit: usize,
    },
    SchedulerBound {
        runs: usize,
        at: SimTime,
    },
}

/// `items` said one after another with `separator`.
fn joined<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    items: &[T],
    separator: &str,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        item.fmt(f)?;
    }
    Ok(())
}

/// A list of steps, one after another.
pub struct Steps<'a>(pub &'a [Step]);

impl fmt::Display for Steps<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        joined(f, self.0, ", then ")
    }
}

impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        joined(f, &self.clauses, "; ")
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clause::Script { script, steps } => write!(f, "runs `{script}`: {}", Steps(steps)),
            Clause::ScriptDoesNotParse { script, error } => {
                write!(f, "runs `{script}`, which does not parse: `sh: {error}` (exit 2)")
            }
            Clause::ShellWithoutScript { shell } => {
                write!(f, "runs `{shell}` with no script and no stdin: exits 0 at once")
            }
            Clause::ThenExits => f.write_str("then exits"),
            Clause::SleepsThenExits { duration } => write!(f, "sleeps {duration}, then exits 0"),
            Clause::Does(step) => step.fmt(f),
            Clause::NginxServes => f.write_str("nginx serves /usr/share/nginx/html on port 80 (200 for files, 404 for missing ones, 403 for a directory without index)"),
            Clause::NginxForksIntoBackground => f.write_str("`nginx` without `daemon off;` forks into the background: the container's main process exits 0 at once"),
            Clause::LivenessDemoServer => f.write_str("the liveness demo server: /healthz on port 8080 answers 200 for the first 10 s after start, then 500"),
            Clause::Goproxy => f.write_str("goproxy: an HTTP proxy listening on port 8080"),
            Clause::HttpdServes => f.write_str("Apache httpd serves /usr/local/apache2/htdocs on port 80"),
            Clause::RedisListens => f.write_str("redis-server listens on port 6379"),
            Clause::UnknownServer => f.write_str("an unknown server on the declared container ports"),
            Clause::Stress { allocated, workers, timeout } => {
                write!(f, "stress allocates {allocated} ({workers} × --vm-bytes)")?;
                match timeout {
                    Some(t) => write!(f, " and exits 0 after --timeout {t}"),
                    None => f.write_str(" and runs until killed"),
                }
            }
            Clause::IgnoresSigtermByScenario => f.write_str("ignores SIGTERM (scenario override): dies only at SIGKILL, exit 137"),
            Clause::DiesOfSigtermByScenario => f.write_str("dies of SIGTERM (scenario override): exit 143"),
            Clause::NginxQuitsGracefully { milliseconds } => write!(
                f,
                "when stopped gets the image's STOPSIGNAL SIGQUIT and exits 0 after {milliseconds} ms (graceful shutdown)"
            ),
            Clause::NginxStopsFast { milliseconds } => {
                write!(f, "exits 0 {milliseconds} ms after SIGTERM (fast shutdown)")
            }
            Clause::HttpdStopsGracefully => f.write_str("when stopped gets the image's STOPSIGNAL SIGWINCH and exits 0 (graceful stop)"),
            Clause::ExitsPromptlyOnSigterm => f.write_str("exits 0 promptly on SIGTERM"),
            Clause::GoProgramExits2OnSigterm => f.write_str("on SIGTERM exits 2 (a Go program as PID 1: the re-raised signal is ignored, the runtime exits 2)"),
            Clause::Exits143OnSigtermGuessed => f.write_str("exits 143 on SIGTERM (guessed)"),
            Clause::IgnoresSigtermAsPid1 => f.write_str("ignores SIGTERM as PID 1 (dies only at SIGKILL after the grace period, exit 137)"),
            Clause::OutOfMemory { working_set, limit, milliseconds } => write!(
                f,
                "working set {working_set} exceeds the {limit} memory limit: OOMKilled (exit 137) {milliseconds} ms after it allocates"
            ),
            Clause::FitsMemoryLimit { working_set, limit } => {
                write!(f, "working set {working_set} fits the {limit} memory limit")
            }
            Clause::ScenarioExits { after, code } => write!(
                f,
                "scenario: the main process exits {after} after start with code {code}"
            ),
            Clause::ScenarioListens { after } => {
                write!(f, "scenario: starts listening {after} after start")
            }
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Sets { names } => write!(f, "sets {}", names.join(", ")),
            Step::Creates { paths } => write!(f, "creates {paths}"),
            Step::Removes { paths } => write!(f, "removes {paths}"),
            Step::CreatesDirectory { path } => write!(f, "creates directory {path}"),
            Step::Sleeps { duration } => write!(f, "sleeps {duration}"),
            Step::SleepsForever => f.write_str("sleeps forever"),
            Step::Runs { command } => write!(f, "runs `{command}`"),
            Step::Writes { target } => write!(f, "writes {target}"),
            Step::Prints { text } => write!(f, "prints `{text}`"),
            Step::PrintsFile { path } => write!(f, "prints {path}"),
            Step::FollowsForever { path } => write!(f, "follows {path} forever"),
            Step::PrintsEnd { path } => write!(f, "prints the end of {path}"),
            Step::LooksUp { name } => {
                write!(f, "looks up {name} (resolves once that Service exists)")
            }
            Step::ExitsWithLastStatus => f.write_str("exits with the last status"),
            Step::Exits { status } => write!(f, "exits {status}"),
            Step::DoesNothing => f.write_str("does nothing"),
            Step::SignalsNginx { signal } => write!(f, "signals nginx to {signal}"),
            Step::OutputTo { step, target } => write!(f, "{step} (output to {target})"),
            Step::AndIfSucceeds { first, then } => {
                write!(f, "{first} and, if that succeeds, {then}")
            }
            Step::OrIfFails { first, otherwise } => {
                write!(f, "{first}, or if that fails {otherwise}")
            }
            Step::InBackground(step) => write!(f, "{step} (in the background)"),
            Step::Pipeline(steps) => joined(f, steps, " piped into "),
            Step::Not(step) => write!(f, "not ({step})"),
            Step::Group(steps) => Steps(steps).fmt(f),
            Step::If { arms, otherwise } => {
                for (k, (condition, then)) in arms.iter().enumerate() {
                    if k > 0 {
                        f.write_str("; else ")?;
                    }
                    write!(f, "if {}: {}", Steps(condition), Steps(then))?;
                }
                match otherwise {
                    Some(steps) => write!(f, "; otherwise {}", Steps(steps)),
                    None => Ok(()),
                }
            }
            Step::Repeat {
                body,
                condition,
                until,
            } => write!(
                f,
                "repeats [{}] {} [{}] succeeds",
                Steps(body),
                if *until { "until" } else { "while" },
                Steps(condition)
            ),
            Step::For {
                variable,
                items,
                body,
            } => {
                write!(f, "for {variable} in {items}: {}", Steps(body))
            }
            Step::BranchesOn { word } => write!(f, "branches on {word}"),
            Step::DefinesFunction { name } => write!(f, "defines function {name}"),
        }
    }
}

impl fmt::Display for Guess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Guess::UnknownImageServer { image, ports } => write!(
                f,
                "image `{image}` is not in the catalogue: modelled as a server listening on its declared ports [{}] (HTTP 200 on every path), exiting 143 on SIGTERM",
                ports.join(", ")
            ),
            Guess::UnknownImageBusybox { image } => write!(
                f,
                "image `{image}` is not in the catalogue: assumed to have a busybox userland; any other program it runs is modelled as a server listening on the declared ports that exits 143 on SIGTERM"
            ),
            Guess::ScriptSyntaxError { error } => write!(f, "the script has a syntax error: {error}"),
            Guess::NotInImageShellPrints { program, image, shell_message } => write!(
                f,
                "`{program}` is not in image {image}: the shell prints `{shell_message}` and the command exits 127"
            ),
            Guess::NotInImageCannotStart { program, image } => write!(
                f,
                "`{program}` is not in image {image}: the container cannot start (StartError / RunContainerError)"
            ),
            Guess::EnvGuessed { name, value } => {
                write!(f, "env {name} comes from valueFrom: guessed as `{value}` from its name")
            }
            Guess::EnvEmpty { name } => {
                write!(f, "env {name} comes from valueFrom: modelled as an empty string")
            }
            Guess::ShellBusyForever { steps } => write!(
                f,
                "a shell loop ran {steps} steps without sleeping; it is modelled as busy forever"
            ),
            Guess::AwkBusyForever { steps } => write!(
                f,
                "awk ran {steps} steps without finishing; it is modelled as busy forever"
            ),
            Guess::AwkRunsCommand { what } => write!(
                f,
                "awk: `{what}` runs a command, which the model does not: it does nothing"
            ),
            Guess::NcListenNotModelled => {
                f.write_str("`nc -l` is not modelled; it is assumed to wait forever")
            }
            Guess::ProgramNotModelled { command } => {
                write!(f, "`{command}` is not modelled; it is assumed to succeed at once")
            }
            Guess::CommandNotModelled { name } => write!(
                f,
                "`{name}` is not modelled; it is assumed to succeed without output"
            ),
            Guess::TooManyProcesses { limit } => {
                write!(f, "more than {limit} processes: further forks fail")
            }
            Guess::SchedulerBound { runs, at } => write!(
                f,
                "scheduler bound ({runs} runs at one instant) reached at {at}; remaining shells wait"
            ),
        }
    }
}

/// The trace's JSON keeps the English text (docs/trace-format.md).
impl Serialize for Sentence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for Guess {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Compared as the CLI prints it.
impl PartialEq<&str> for Sentence {
    fn eq(&self, other: &&str) -> bool {
        self.to_string().as_str() == *other
    }
}
