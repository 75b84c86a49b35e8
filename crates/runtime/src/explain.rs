//! Human-readable summary of what the model decided for each container.

use crate::api::sentence::{Bytes, Clause, Guess, Seconds, Sentence, Step};
use crate::api::Explanation;
use crate::kernel::container::{container_argv, stop_signal};
use crate::kernel::images::{Flavor, BUSYBOX_APPLETS, DEBIAN_AWK, DEBIAN_PROGRAMS};
use crate::kernel::process::{Container, PodState, OOM_DELAY};
use crate::programs::parse_sleep;
use crate::programs::servers::SERVER_STOP_DELAY;
use crate::programs::stress::stress_bytes;
use crate::shell::ast::{
    AndOr, Command, Connector, List, Part, RedirectionOp, SimpleCommand, Word,
};
use crate::shell::parser::parse;
use crate::shell::vm::builtins::is_builtin;

struct Context<'a> {
    c: &'a Container,
    /// Debian images have mawk (rules 2).
    awk: bool,
    warnings: Vec<Guess>,
    funcs: Vec<String>,
}

impl Context<'_> {
    fn in_image(&self, name: &str) -> bool {
        let base = name.rsplit('/').next().unwrap_or(name);
        if is_builtin(base) || self.funcs.iter().any(|f| f == name) {
            return true;
        }
        if self
            .c
            .image
            .programs
            .iter()
            .any(|(p, _)| *p == name || p.rsplit('/').next() == Some(base))
        {
            return true;
        }
        if !self.c.image.known {
            return true;
        }
        match self.c.image.flavor {
            Flavor::Busybox => BUSYBOX_APPLETS.contains(&base),
            Flavor::Debian => {
                DEBIAN_PROGRAMS.contains(&base) || (self.awk && DEBIAN_AWK.contains(&base))
            }
        }
    }
}

fn literal(w: &Word) -> String {
    w.render()
}

fn simple_phrase(context: &mut Context, simple: &SimpleCommand) -> Step {
    let words: Vec<String> = simple.words.iter().map(literal).collect();
    let out_target = simple
        .redirections
        .iter()
        .find(|r| matches!(r.op, RedirectionOp::Out | RedirectionOp::Append) && r.fd == 1)
        .map(|r| literal(&r.target));
    let Some(name) = words.first() else {
        let names: Vec<String> = simple.assignments.iter().map(|(k, _)| k.clone()).collect();
        return Step::Sets { names };
    };
    let base = name.rsplit('/').next().unwrap_or(name).to_string();
    let args: Vec<&String> = words[1..].iter().filter(|a| !a.starts_with('-')).collect();
    let first = args.first().map(|s| s.as_str()).unwrap_or("");
    let is_literal = simple.words[0]
        .parts
        .iter()
        .all(|p| matches!(p, Part::Literal(_) | Part::Quoted(_)));
    if is_literal && !context.in_image(name) {
        let shell_message = if context.c.image.flavor == Flavor::Debian {
            format!("sh: 1: {name}: not found")
        } else {
            format!("sh: {name}: not found")
        };
        context.warnings.push(Guess::NotInImageShellPrints {
            program: name.clone(),
            image: context.c.image.name.to_string(),
            shell_message,
        });
    }
    let joined = |args: &[&String]| {
        args.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let p = match base.as_str() {
        "touch" => Step::Creates {
            paths: joined(&args),
        },
        "rm" => Step::Removes {
            paths: joined(&args),
        },
        "mkdir" => Step::CreatesDirectory {
            path: first.to_string(),
        },
        "sleep" => match parse_sleep(first) {
            Ok(Some(ms)) => Step::Sleeps {
                duration: Seconds(ms),
            },
            Ok(None) => Step::SleepsForever,
            Err(()) => Step::Runs {
                command: words.join(" "),
            },
        },
        "echo" | "printf" => match &out_target {
            Some(t) => Step::Writes { target: t.clone() },
            None => Step::Prints {
                text: words[1..].join(" "),
            },
        },
        "cat" => Step::PrintsFile {
            path: first.to_string(),
        },
        "tail" if words.iter().any(|w| w == "-f" || w == "-F") => Step::FollowsForever {
            path: first.to_string(),
        },
        "tail" => Step::PrintsEnd {
            path: first.to_string(),
        },
        "nslookup" => Step::LooksUp {
            name: first.to_string(),
        },
        "exit" if first.is_empty() => Step::ExitsWithLastStatus,
        "exit" => Step::Exits {
            status: first.to_string(),
        },
        "true" | ":" => Step::DoesNothing,
        "nginx" if words.iter().any(|w| w == "-s") => Step::SignalsNginx {
            signal: words.last().cloned().unwrap_or_default(),
        },
        _ => Step::Runs {
            command: words.join(" "),
        },
    };
    match (out_target, base.as_str()) {
        (Some(target), b) if b != "echo" && b != "printf" => Step::OutputTo {
            step: Box::new(p),
            target,
        },
        _ => p,
    }
}

fn list_phrase(context: &mut Context, l: &List) -> Vec<Step> {
    l.iter()
        .map(|and_or| and_or_phrase(context, and_or))
        .collect()
}

fn and_or_phrase(context: &mut Context, and_or: &AndOr) -> Step {
    let mut s = pipeline_phrase(context, &and_or.first.commands, and_or.first.negate);
    for (c, p) in &and_or.rest {
        let ps = Box::new(pipeline_phrase(context, &p.commands, p.negate));
        s = match c {
            Connector::And => Step::AndIfSucceeds {
                first: Box::new(s),
                then: ps,
            },
            Connector::Or => Step::OrIfFails {
                first: Box::new(s),
                otherwise: ps,
            },
        };
    }
    if and_or.background {
        s = Step::InBackground(Box::new(s));
    }
    s
}

fn pipeline_phrase(context: &mut Context, commands: &[Command], negate: bool) -> Step {
    let mut parts: Vec<Step> = commands
        .iter()
        .map(|c| command_phrase(context, c))
        .collect();
    let s = if parts.len() == 1 {
        parts.remove(0)
    } else {
        Step::Pipeline(parts)
    };
    if negate {
        Step::Not(Box::new(s))
    } else {
        s
    }
}

fn command_phrase(context: &mut Context, c: &Command) -> Step {
    match c {
        Command::Simple(simple) => simple_phrase(context, simple),
        Command::Group(l, _) | Command::Subshell(l, _) => Step::Group(list_phrase(context, l)),
        Command::If { arms, els, .. } => {
            let arms = arms
                .iter()
                .map(|(c, b)| (list_phrase(context, c), list_phrase(context, b)))
                .collect();
            let otherwise = els.as_ref().map(|e| list_phrase(context, e));
            Step::If { arms, otherwise }
        }
        Command::While {
            until, cond, body, ..
        } => {
            let condition = list_phrase(context, cond);
            let body = list_phrase(context, body);
            Step::Repeat {
                body,
                condition,
                until: *until,
            }
        }
        Command::For {
            var, words, body, ..
        } => {
            let items = words
                .as_ref()
                .map(|w| w.iter().map(literal).collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| "\"$@\"".into());
            Step::For {
                variable: var.clone(),
                items,
                body: list_phrase(context, body),
            }
        }
        Command::Case { word, .. } => Step::BranchesOn {
            word: literal(word),
        },
        Command::FunctionDefinition { name, .. } => Step::DefinesFunction { name: name.clone() },
    }
}

/// What the final program does on SIGTERM when it is PID 1.
fn term_phrase(prog: &str, c: &Container) -> Clause {
    match c.behavior.ignore_sigterm {
        Some(true) => return Clause::IgnoresSigtermByScenario,
        Some(false)
            if !matches!(
                prog,
                "nginx"
                    | "httpd-foreground"
                    | "httpd"
                    | "redis-server"
                    | "server"
                    | "goproxy"
                    | "app-server"
            ) =>
        {
            return Clause::DiesOfSigtermByScenario
        }
        _ => {}
    }
    let milliseconds = SERVER_STOP_DELAY.as_millis();
    match prog {
        "nginx" if stop_signal(c) == 3 => Clause::NginxQuitsGracefully { milliseconds },
        "nginx" => Clause::NginxStopsFast { milliseconds },
        "httpd-foreground" | "httpd" if stop_signal(c) == 28 => Clause::HttpdStopsGracefully,
        "httpd-foreground" | "httpd" | "redis-server" => Clause::ExitsPromptlyOnSigterm,
        "server" | "goproxy" => Clause::GoProgramExits2OnSigterm,
        "app-server" => Clause::Exits143OnSigtermGuessed,
        _ => Clause::IgnoresSigtermAsPid1,
    }
}

pub(crate) fn explain(pod: &PodState, container_index: usize) -> Explanation {
    let c = &pod.containers[container_index];
    let mut context = Context {
        c,
        awk: pod.profile.has(podlife_spec::profile::Rule::AwkPrograms),
        warnings: Vec::new(),
        funcs: Vec::new(),
    };
    let argv = container_argv(c);
    let mut clauses: Vec<Clause> = Vec::new();
    let mut final_prog = argv
        .first()
        .map(|a| a.rsplit('/').next().unwrap_or(a).to_string())
        .unwrap_or_default();
    let mut rest = argv.clone();
    // Entrypoint wrappers exec their arguments.
    while rest
        .first()
        .is_some_and(|a| a.ends_with("docker-entrypoint.sh"))
        && rest.len() > 1
    {
        rest.remove(0);
        final_prog = rest[0].rsplit('/').next().unwrap_or(&rest[0]).to_string();
    }
    if !c.image.known {
        if c.spec.command.is_empty() && c.spec.args.is_empty() {
            let ports: Vec<String> = c
                .spec
                .ports
                .iter()
                .map(|p| p.container_port.to_string())
                .collect();
            context.warnings.push(Guess::UnknownImageServer {
                image: c.spec.image.clone(),
                ports,
            });
        } else {
            context.warnings.push(Guess::UnknownImageBusybox {
                image: c.spec.image.clone(),
            });
        }
    }
    let shells = ["sh", "bash", "ash", "dash"];
    if rest.len() >= 3
        && shells.contains(&final_prog.as_str())
        && rest[1..].iter().any(|a| a == "-c")
    {
        let pos = rest.iter().position(|a| a == "-c").unwrap_or(1);
        let script = rest.get(pos + 1).cloned().unwrap_or_default();
        match parse(&script) {
            Ok(p) => {
                collect_funcs(&p.body, &mut context.funcs);
                let steps = list_phrase(&mut context, &p.body);
                clauses.push(Clause::Script {
                    script: shorten(&script),
                    steps,
                });
                // ash execs the last command of `sh -c`; that program is PID 1 at the end.
                final_prog = "sh".into();
                if let Some(last) = p.body.last() {
                    if last.rest.is_empty()
                        && !last.background
                        && last.first.commands.len() == 1
                        && !last.first.negate
                    {
                        if let Command::Simple(simple) = &last.first.commands[0] {
                            if let Some(w) = simple.words.first() {
                                final_prog =
                                    w.render().rsplit('/').next().unwrap_or("sh").to_string();
                            }
                        }
                    }
                }
                if ends_by_itself(&p.body) {
                    clauses.push(Clause::ThenExits);
                }
            }
            Err(e) => {
                clauses.push(Clause::ScriptDoesNotParse {
                    script,
                    error: e.0.clone(),
                });
                context
                    .warnings
                    .push(Guess::ScriptSyntaxError { error: e.0 });
            }
        }
    } else if shells.contains(&final_prog.as_str()) && rest.len() == 1 {
        clauses.push(Clause::ShellWithoutScript {
            shell: rest[0].clone(),
        });
    } else {
        let clause = match final_prog.as_str() {
            "nginx" => {
                if rest
                    .iter()
                    .any(|a| a.replace(' ', "").contains("daemonoff"))
                {
                    Clause::NginxServes
                } else {
                    Clause::NginxForksIntoBackground
                }
            }
            "server" => Clause::LivenessDemoServer,
            "goproxy" => Clause::Goproxy,
            "httpd-foreground" | "httpd" => Clause::HttpdServes,
            "redis-server" => Clause::RedisListens,
            "app-server" => Clause::UnknownServer,
            "stress" => {
                let mut vm = 0i128;
                let mut bytes = 256 * 1024 * 1024;
                let mut timeout = None;
                let mut i = 1;
                while i < rest.len() {
                    match rest[i].as_str() {
                        "--vm" | "-m" => {
                            vm = rest.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(0)
                        }
                        "--vm-bytes" => {
                            bytes = rest
                                .get(i + 1)
                                .and_then(|v| stress_bytes(v))
                                .unwrap_or(bytes)
                        }
                        "--timeout" | "-t" => timeout = rest.get(i + 1).cloned(),
                        _ => {}
                    }
                    i += 1;
                }
                Clause::Stress {
                    allocated: Bytes(vm * bytes),
                    workers: vm,
                    timeout,
                }
            }
            "sleep" => match rest.get(1).map(|a| parse_sleep(a)) {
                Some(Ok(Some(ms))) => Clause::SleepsThenExits {
                    duration: Seconds(ms),
                },
                Some(Ok(None)) => Clause::Does(Step::SleepsForever),
                _ => Clause::Does(Step::Runs {
                    command: rest.join(" "),
                }),
            },
            _ => Clause::Does(Step::Runs {
                command: rest.join(" "),
            }),
        };
        clauses.push(clause);
        if let Some(first) = rest.first() {
            if !context.in_image(first) && c.image.known {
                context.warnings.push(Guess::NotInImageCannotStart {
                    program: first.clone(),
                    image: c.image.name.to_string(),
                });
            }
        }
    }
    if !c.image.known
        && !BUSYBOX_APPLETS.contains(&final_prog.as_str())
        && !shells.contains(&final_prog.as_str())
    {
        final_prog = "app-server".into();
    }
    clauses.push(term_phrase(&final_prog, c));
    // Memory.
    if let Some(limit) = c.spec.resources.memory_limit_bytes() {
        let working_set = c.behavior.memory_bytes.or_else(|| stress_ws(&rest));
        if let Some(working_set) = working_set {
            clauses.push(if working_set > limit {
                Clause::OutOfMemory {
                    working_set: Bytes(working_set),
                    limit: Bytes(limit),
                    milliseconds: OOM_DELAY.as_millis(),
                }
            } else {
                Clause::FitsMemoryLimit {
                    working_set: Bytes(working_set),
                    limit: Bytes(limit),
                }
            });
        }
    }
    let b = &c.behavior;
    if let Some(t) = b.exit_after {
        clauses.push(Clause::ScenarioExits {
            after: Seconds(t.as_millis()),
            code: b.exit_code.unwrap_or(0),
        });
    }
    if let Some(t) = b.listen_after {
        clauses.push(Clause::ScenarioListens {
            after: Seconds(t.as_millis()),
        });
    }
    for (name, guess) in &c.guessed_env {
        context.warnings.push(match guess {
            Some(value) => Guess::EnvGuessed {
                name: name.clone(),
                value: value.clone(),
            },
            None => Guess::EnvEmpty { name: name.clone() },
        });
    }
    let _ = pod;
    Explanation {
        container: c.spec.name.clone(),
        summary: Sentence {
            clauses: clauses.into(),
        },
        warnings: context.warnings,
    }
}

fn stress_ws(argv: &[String]) -> Option<i128> {
    if argv.first().map(|a| a.rsplit('/').next().unwrap_or(a)) != Some("stress") {
        return None;
    }
    let mut vm = 0i128;
    let mut bytes = 256 * 1024 * 1024;
    let mut i = 1;
    while i < argv.len() {
        match argv[i].as_str() {
            "--vm" | "-m" => vm = argv.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(0),
            "--vm-bytes" => {
                bytes = argv
                    .get(i + 1)
                    .and_then(|v| stress_bytes(v))
                    .unwrap_or(bytes)
            }
            _ => {}
        }
        i += 1;
    }
    (vm > 0).then_some(vm * bytes)
}

/// Whether the script's last step finishes by itself (no trailing `sleep infinity`/server).
fn ends_by_itself(l: &List) -> bool {
    let Some(last) = l.last() else { return true };
    let p = last.rest.last().map(|(_, p)| p).unwrap_or(&last.first);
    let Some(Command::Simple(simple)) = p.commands.last() else {
        return false;
    };
    let words: Vec<String> = simple.words.iter().map(|w| w.render()).collect();
    let name = words.first().cloned().unwrap_or_default();
    match name.rsplit('/').next().unwrap_or(&name) {
        "nginx" | "httpd-foreground" | "redis-server" | "exit" => false,
        "tail" => !words.iter().any(|w| w == "-f" || w == "-F"),
        "sleep" => !words
            .iter()
            .skip(1)
            .any(|w| matches!(parse_sleep(w), Ok(None))),
        _ => true,
    }
}

fn collect_funcs(l: &List, out: &mut Vec<String>) {
    for and_or in l {
        for p in std::iter::once(&and_or.first).chain(and_or.rest.iter().map(|(_, p)| p)) {
            for c in &p.commands {
                match c {
                    Command::FunctionDefinition { name, .. } => out.push(name.clone()),
                    Command::Group(l, _) | Command::Subshell(l, _) => collect_funcs(l, out),
                    Command::If { arms, els, .. } => {
                        for (a, b) in arms {
                            collect_funcs(a, out);
                            collect_funcs(b, out);
                        }
                        if let Some(e) = els {
                            collect_funcs(e, out);
                        }
                    }
                    Command::While { cond, body, .. } => {
                        collect_funcs(cond, out);
                        collect_funcs(body, out);
                    }
                    Command::For { body, .. } => collect_funcs(body, out),
                    Command::Case { arms, .. } => {
                        for (_, b) in arms {
                            collect_funcs(b, out);
                        }
                    }
                    Command::Simple(_) => {}
                }
            }
        }
    }
}

/// A script as quoted in a summary: one line, at most 160 characters.
fn shorten(script: &str) -> String {
    let one: String = script.trim().replace('\n', " ");
    if one.chars().count() <= 160 {
        one
    } else {
        let mut s: String = one.chars().take(157).collect();
        s.push_str("...");
        s
    }
}

#[cfg(test)]
mod tests;
