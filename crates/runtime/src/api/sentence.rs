//! The model's sentence about a container, as kinds and values: rendered in English here (the
//! CLI's and the trace's language, byte for byte what it always was) and in other languages by
//! the page (web/src/hints.rs), whose exhaustive match makes every new kind bring its Chinese.

use std::fmt;

use podlife_spec::SimTime;
use serde::{Serialize, Serializer};

/// What the model decided a container does: clauses said one after another (`; `). Shared,
/// not copied, when an explanation is cloned (no clone code per kind in the app).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub clauses: std::rc::Rc<[Clause]>,
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
#[derive(Clone, Debug)]
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

/// A value a phrase shows.
enum Part<'a> {
    Text(&'a str),
    /// A number, duration or instant, shown as it displays.
    Shown(&'a dyn fmt::Display),
    Bytes(&'a Bytes),
    /// Items joined by `, `.
    Joined(&'a [String]),
    Step(&'a Step),
    /// Steps one after another.
    Steps(&'a [Step]),
    Pipeline(&'a [Step]),
}

const NONE: Part<'static> = Part::Text("");

/// Words that join phrases, per language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joiner {
    /// Between clauses.
    Clauses,
    /// Between steps.
    Then,
    /// Between the commands of a pipeline.
    PipedInto,
    /// Before a second `if` arm.
    ElseIf,
    /// An `else` part: `{0}` its steps.
    Otherwise,
    /// Memory that is not whole MiB: `{0}` the number.
    Bytes,
}

/// One language's templates for the sentence: `{0}`, `{1}`, `{2}` place a kind's values (in
/// the order of [`English`]'s templates). Implementations match every kind, no catch-all.
pub trait Phrasebook {
    fn clause(&self, clause: &Clause) -> &'static str;
    fn step(&self, step: &Step) -> &'static str;
    fn guess(&self, guess: &Guess) -> &'static str;
    fn joiner(&self, joiner: Joiner) -> &'static str;
}

impl Clause {
    fn parts(&self) -> [Part<'_>; 3] {
        use Part::{Steps as List, Text};
        match self {
            Clause::Script { script, steps } => [Text(script), List(steps), NONE],
            Clause::ScriptDoesNotParse { script, error } => [Text(script), Text(error), NONE],
            Clause::ShellWithoutScript { shell } => [Text(shell), NONE, NONE],
            Clause::SleepsThenExits { duration } => [Part::Shown(duration), NONE, NONE],
            Clause::Does(step) => [Part::Step(step), NONE, NONE],
            Clause::Stress {
                allocated,
                workers,
                timeout,
            } => [
                Part::Bytes(allocated),
                Part::Shown(workers),
                Text(timeout.as_deref().unwrap_or("")),
            ],
            Clause::NginxQuitsGracefully { milliseconds }
            | Clause::NginxStopsFast { milliseconds } => [Part::Shown(milliseconds), NONE, NONE],
            Clause::OutOfMemory {
                working_set,
                limit,
                milliseconds,
            } => [
                Part::Bytes(working_set),
                Part::Bytes(limit),
                Part::Shown(milliseconds),
            ],
            Clause::FitsMemoryLimit { working_set, limit } => {
                [Part::Bytes(working_set), Part::Bytes(limit), NONE]
            }
            Clause::ScenarioExits { after, code } => [Part::Shown(after), Part::Shown(code), NONE],
            Clause::ScenarioListens { after } => [Part::Shown(after), NONE, NONE],
            Clause::ThenExits
            | Clause::NginxServes
            | Clause::NginxForksIntoBackground
            | Clause::LivenessDemoServer
            | Clause::Goproxy
            | Clause::HttpdServes
            | Clause::RedisListens
            | Clause::UnknownServer
            | Clause::IgnoresSigtermByScenario
            | Clause::DiesOfSigtermByScenario
            | Clause::HttpdStopsGracefully
            | Clause::ExitsPromptlyOnSigterm
            | Clause::GoProgramExits2OnSigterm
            | Clause::Exits143OnSigtermGuessed
            | Clause::IgnoresSigtermAsPid1 => [NONE, NONE, NONE],
        }
    }
}

impl Step {
    fn parts(&self) -> [Part<'_>; 3] {
        use Part::{Steps as List, Text};
        match self {
            Step::Sets { names } => [Part::Joined(names), NONE, NONE],
            Step::Creates { paths } | Step::Removes { paths } => [Text(paths), NONE, NONE],
            Step::CreatesDirectory { path }
            | Step::PrintsFile { path }
            | Step::FollowsForever { path }
            | Step::PrintsEnd { path } => [Text(path), NONE, NONE],
            Step::Sleeps { duration } => [Part::Shown(duration), NONE, NONE],
            Step::Runs { command } => [Text(command), NONE, NONE],
            Step::Writes { target } => [Text(target), NONE, NONE],
            Step::Prints { text } => [Text(text), NONE, NONE],
            Step::LooksUp { name } => [Text(name), NONE, NONE],
            Step::Exits { status } => [Text(status), NONE, NONE],
            Step::SignalsNginx { signal } => [Text(signal), NONE, NONE],
            Step::OutputTo { step, target } => [Part::Step(step), Text(target), NONE],
            Step::AndIfSucceeds { first, then } => [Part::Step(first), Part::Step(then), NONE],
            Step::OrIfFails { first, otherwise } => {
                [Part::Step(first), Part::Step(otherwise), NONE]
            }
            Step::InBackground(step) | Step::Not(step) => [Part::Step(step), NONE, NONE],
            Step::Pipeline(steps) => [Part::Pipeline(steps), NONE, NONE],
            Step::Group(steps) => [List(steps), NONE, NONE],
            // Said arm by arm (`say_step`).
            Step::If { .. } => [NONE, NONE, NONE],
            Step::Repeat {
                body, condition, ..
            } => [List(body), List(condition), NONE],
            Step::For {
                variable,
                items,
                body,
            } => [Text(variable), Text(items), List(body)],
            Step::BranchesOn { word } => [Text(word), NONE, NONE],
            Step::DefinesFunction { name } => [Text(name), NONE, NONE],
            Step::SleepsForever | Step::ExitsWithLastStatus | Step::DoesNothing => {
                [NONE, NONE, NONE]
            }
        }
    }
}

impl Guess {
    fn parts(&self) -> [Part<'_>; 3] {
        use Part::Text;
        match self {
            Guess::UnknownImageServer { image, ports } => [Text(image), Part::Joined(ports), NONE],
            Guess::UnknownImageBusybox { image } => [Text(image), NONE, NONE],
            Guess::ScriptSyntaxError { error } => [Text(error), NONE, NONE],
            Guess::NotInImageShellPrints {
                program,
                image,
                shell_message,
            } => [Text(program), Text(image), Text(shell_message)],
            Guess::NotInImageCannotStart { program, image } => [Text(program), Text(image), NONE],
            Guess::EnvGuessed { name, value } => [Text(name), Text(value), NONE],
            Guess::EnvEmpty { name } => [Text(name), NONE, NONE],
            Guess::ShellBusyForever { steps } => [Part::Shown(steps), NONE, NONE],
            Guess::AwkBusyForever { steps } => [Part::Shown(steps), NONE, NONE],
            Guess::AwkRunsCommand { what } => [Text(what), NONE, NONE],
            Guess::ProgramNotModelled { command } => [Text(command), NONE, NONE],
            Guess::CommandNotModelled { name } => [Text(name), NONE, NONE],
            Guess::TooManyProcesses { limit } => [Part::Shown(limit), NONE, NONE],
            Guess::SchedulerBound { runs, at } => [Part::Shown(runs), Part::Shown(at), NONE],
            Guess::NcListenNotModelled => [NONE, NONE, NONE],
        }
    }
}

fn say_parts(out: &mut String, template: &str, parts: &[Part<'_>], book: &dyn Phrasebook) {
    podlife_spec::phrase::fill(out, template, &mut |out, i| {
        if let Some(part) = parts.get(i) {
            say_part(out, part, book);
        }
    });
}

fn say_part(out: &mut String, part: &Part<'_>, book: &dyn Phrasebook) {
    use std::fmt::Write;
    match part {
        Part::Text(text) => out.push_str(text),
        Part::Shown(value) => {
            let _ = write!(out, "{value}");
        }
        Part::Bytes(bytes) => match bytes.mebibytes() {
            Some(m) => {
                let _ = write!(out, "{m} MiB");
            }
            None => say_parts(
                out,
                book.joiner(Joiner::Bytes),
                &[Part::Shown(&bytes.0)],
                book,
            ),
        },
        Part::Joined(items) => out.push_str(&items.join(", ")),
        Part::Step(step) => say_step(out, step, book),
        Part::Steps(steps) => say_steps(out, steps, book.joiner(Joiner::Then), book),
        Part::Pipeline(steps) => say_steps(out, steps, book.joiner(Joiner::PipedInto), book),
    }
}

fn say_steps(out: &mut String, steps: &[Step], separator: &str, book: &dyn Phrasebook) {
    for (i, step) in steps.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        say_step(out, step, book);
    }
}

fn say_step(out: &mut String, step: &Step, book: &dyn Phrasebook) {
    if let Step::If { arms, otherwise } = step {
        for (i, (condition, then)) in arms.iter().enumerate() {
            if i > 0 {
                out.push_str(book.joiner(Joiner::ElseIf));
            }
            say_parts(
                out,
                book.step(step),
                &[Part::Steps(condition), Part::Steps(then)],
                book,
            );
        }
        if let Some(steps) = otherwise {
            say_parts(
                out,
                book.joiner(Joiner::Otherwise),
                &[Part::Steps(steps)],
                book,
            );
        }
        return;
    }
    say_parts(out, book.step(step), &step.parts(), book);
}

impl Sentence {
    /// The sentence in the language of `book`.
    pub fn say(&self, book: &dyn Phrasebook) -> String {
        let mut out = String::new();
        for (i, clause) in self.clauses.iter().enumerate() {
            if i > 0 {
                out.push_str(book.joiner(Joiner::Clauses));
            }
            say_parts(&mut out, book.clause(clause), &clause.parts(), book);
        }
        out
    }
}

impl Step {
    /// The step in the language of `book`.
    pub fn say(&self, book: &dyn Phrasebook) -> String {
        let mut out = String::new();
        say_step(&mut out, self, book);
        out
    }
}

impl Clause {
    /// The clause in the language of `book`.
    pub fn say(&self, book: &dyn Phrasebook) -> String {
        let mut out = String::new();
        say_parts(&mut out, book.clause(self), &self.parts(), book);
        out
    }
}

impl Guess {
    /// The guess in the language of `book`.
    pub fn say(&self, book: &dyn Phrasebook) -> String {
        let mut out = String::new();
        say_parts(&mut out, book.guess(self), &self.parts(), book);
        out
    }
}

/// The CLI's and the trace's language.
pub struct English;

impl Phrasebook for English {
    fn clause(&self, clause: &Clause) -> &'static str {
        match clause {
            Clause::Script { .. } => "runs `{0}`: {1}",
            Clause::ScriptDoesNotParse { .. } => "runs `{0}`, which does not parse: `sh: {1}` (exit 2)",
            Clause::ShellWithoutScript { .. } => "runs `{0}` with no script and no stdin: exits 0 at once",
            Clause::ThenExits => "then exits",
            Clause::SleepsThenExits { .. } => "sleeps {0}, then exits 0",
            Clause::Does(_) => "{0}",
            Clause::NginxServes => "nginx serves /usr/share/nginx/html on port 80 (200 for files, 404 for missing ones, 403 for a directory without index)",
            Clause::NginxForksIntoBackground => "`nginx` without `daemon off;` forks into the background: the container's main process exits 0 at once",
            Clause::LivenessDemoServer => "the liveness demo server: /healthz on port 8080 answers 200 for the first 10 s after start, then 500",
            Clause::Goproxy => "goproxy: an HTTP proxy listening on port 8080",
            Clause::HttpdServes => "Apache httpd serves /usr/local/apache2/htdocs on port 80",
            Clause::RedisListens => "redis-server listens on port 6379",
            Clause::UnknownServer => "an unknown server on the declared container ports",
            Clause::Stress { timeout: Some(_), .. } => "stress allocates {0} ({1} × --vm-bytes) and exits 0 after --timeout {2}",
            Clause::Stress { timeout: None, .. } => "stress allocates {0} ({1} × --vm-bytes) and runs until killed",
            Clause::IgnoresSigtermByScenario => "ignores SIGTERM (scenario override): dies only at SIGKILL, exit 137",
            Clause::DiesOfSigtermByScenario => "dies of SIGTERM (scenario override): exit 143",
            Clause::NginxQuitsGracefully { .. } => "when stopped gets the image's STOPSIGNAL SIGQUIT and exits 0 after {0} ms (graceful shutdown)",
            Clause::NginxStopsFast { .. } => "exits 0 {0} ms after SIGTERM (fast shutdown)",
            Clause::HttpdStopsGracefully => "when stopped gets the image's STOPSIGNAL SIGWINCH and exits 0 (graceful stop)",
            Clause::ExitsPromptlyOnSigterm => "exits 0 promptly on SIGTERM",
            Clause::GoProgramExits2OnSigterm => "on SIGTERM exits 2 (a Go program as PID 1: the re-raised signal is ignored, the runtime exits 2)",
            Clause::Exits143OnSigtermGuessed => "exits 143 on SIGTERM (guessed)",
            Clause::IgnoresSigtermAsPid1 => "ignores SIGTERM as PID 1 (dies only at SIGKILL after the grace period, exit 137)",
            Clause::OutOfMemory { .. } => "working set {0} exceeds the {1} memory limit: OOMKilled (exit 137) {2} ms after it allocates",
            Clause::FitsMemoryLimit { .. } => "working set {0} fits the {1} memory limit",
            Clause::ScenarioExits { .. } => "scenario: the main process exits {0} after start with code {1}",
            Clause::ScenarioListens { .. } => "scenario: starts listening {0} after start",
        }
    }

    fn step(&self, step: &Step) -> &'static str {
        match step {
            Step::Sets { .. } => "sets {0}",
            Step::Creates { .. } => "creates {0}",
            Step::Removes { .. } => "removes {0}",
            Step::CreatesDirectory { .. } => "creates directory {0}",
            Step::Sleeps { .. } => "sleeps {0}",
            Step::SleepsForever => "sleeps forever",
            Step::Runs { .. } => "runs `{0}`",
            Step::Writes { .. } => "writes {0}",
            Step::Prints { .. } => "prints `{0}`",
            Step::PrintsFile { .. } => "prints {0}",
            Step::FollowsForever { .. } => "follows {0} forever",
            Step::PrintsEnd { .. } => "prints the end of {0}",
            Step::LooksUp { .. } => "looks up {0} (resolves once that Service exists)",
            Step::ExitsWithLastStatus => "exits with the last status",
            Step::Exits { .. } => "exits {0}",
            Step::DoesNothing => "does nothing",
            Step::SignalsNginx { .. } => "signals nginx to {0}",
            Step::OutputTo { .. } => "{0} (output to {1})",
            Step::AndIfSucceeds { .. } => "{0} and, if that succeeds, {1}",
            Step::OrIfFails { .. } => "{0}, or if that fails {1}",
            Step::InBackground(_) => "{0} (in the background)",
            Step::Pipeline(_) | Step::Group(_) => "{0}",
            Step::Not(_) => "not ({0})",
            Step::If { .. } => "if {0}: {1}",
            Step::Repeat { until: true, .. } => "repeats [{0}] until [{1}] succeeds",
            Step::Repeat { until: false, .. } => "repeats [{0}] while [{1}] succeeds",
            Step::For { .. } => "for {0} in {1}: {2}",
            Step::BranchesOn { .. } => "branches on {0}",
            Step::DefinesFunction { .. } => "defines function {0}",
        }
    }

    fn guess(&self, guess: &Guess) -> &'static str {
        match guess {
            Guess::UnknownImageServer { .. } => "image `{0}` is not in the catalogue: modelled as a server listening on its declared ports [{1}] (HTTP 200 on every path), exiting 143 on SIGTERM",
            Guess::UnknownImageBusybox { .. } => "image `{0}` is not in the catalogue: assumed to have a busybox userland; any other program it runs is modelled as a server listening on the declared ports that exits 143 on SIGTERM",
            Guess::ScriptSyntaxError { .. } => "the script has a syntax error: {0}",
            Guess::NotInImageShellPrints { .. } => "`{0}` is not in image {1}: the shell prints `{2}` and the command exits 127",
            Guess::NotInImageCannotStart { .. } => "`{0}` is not in image {1}: the container cannot start (StartError / RunContainerError)",
            Guess::EnvGuessed { .. } => "env {0} comes from valueFrom: guessed as `{1}` from its name",
            Guess::EnvEmpty { .. } => "env {0} comes from valueFrom: modelled as an empty string",
            Guess::ShellBusyForever { .. } => "a shell loop ran {0} steps without sleeping; it is modelled as busy forever",
            Guess::AwkBusyForever { .. } => "awk ran {0} steps without finishing; it is modelled as busy forever",
            Guess::AwkRunsCommand { .. } => "awk: `{0}` runs a command, which the model does not: it does nothing",
            Guess::NcListenNotModelled => "`nc -l` is not modelled; it is assumed to wait forever",
            Guess::ProgramNotModelled { .. } => "`{0}` is not modelled; it is assumed to succeed at once",
            Guess::CommandNotModelled { .. } => "`{0}` is not modelled; it is assumed to succeed without output",
            Guess::TooManyProcesses { .. } => "more than {0} processes: further forks fail",
            Guess::SchedulerBound { .. } => "scheduler bound ({0} runs at one instant) reached at {1}; remaining shells wait",
        }
    }

    fn joiner(&self, joiner: Joiner) -> &'static str {
        match joiner {
            Joiner::Clauses => "; ",
            Joiner::Then => ", then ",
            Joiner::PipedInto => " piped into ",
            Joiner::ElseIf => "; else ",
            Joiner::Otherwise => "; otherwise {0}",
            Joiner::Bytes => "{0} bytes",
        }
    }
}

impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&English))
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&English))
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&English))
    }
}

impl fmt::Display for Guess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&English))
    }
}

/// Equal when the CLI says the same (one comparison instead of one per kind).
impl PartialEq for Guess {
    fn eq(&self, other: &Guess) -> bool {
        self.say(&English) == other.say(&English)
    }
}

impl Eq for Guess {}

/// The trace's JSON keeps the English text (docs/trace-format.md).
impl Serialize for Sentence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.say(&English))
    }
}

impl Serialize for Guess {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.say(&English))
    }
}

/// Compared as the CLI prints it.
impl PartialEq<&str> for Sentence {
    fn eq(&self, other: &&str) -> bool {
        self.say(&English) == *other
    }
}
