//! Human-readable summary of what the model decided for each container.

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

fn mebibytes(b: i128) -> String {
    if b % (1024 * 1024) == 0 {
        format!("{} MiB", b / (1024 * 1024))
    } else {
        format!("{b} bytes")
    }
}

struct Context<'a> {
    c: &'a Container,
    /// Debian images have mawk (rules 2).
    awk: bool,
    warnings: Vec<String>,
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

fn simple_phrase(context: &mut Context, simple: &SimpleCommand) -> String {
    let words: Vec<String> = simple.words.iter().map(literal).collect();
    let out_target = simple
        .redirections
        .iter()
        .find(|r| matches!(r.op, RedirectionOp::Out | RedirectionOp::Append) && r.fd == 1)
        .map(|r| literal(&r.target));
    let Some(name) = words.first() else {
        let names: Vec<String> = simple.assignments.iter().map(|(k, _)| k.clone()).collect();
        return format!("sets {}", names.join(", "));
    };
    let base = name.rsplit('/').next().unwrap_or(name).to_string();
    let args: Vec<&String> = words[1..].iter().filter(|a| !a.starts_with('-')).collect();
    let first = args.first().map(|s| s.as_str()).unwrap_or("");
    let is_literal = simple.words[0]
        .parts
        .iter()
        .all(|p| matches!(p, Part::Literal(_) | Part::Quoted(_)));
    if is_literal && !context.in_image(name) {
        let sh = if context.c.image.flavor == Flavor::Debian {
            format!("sh: 1: {name}: not found")
        } else {
            format!("sh: {name}: not found")
        };
        context.warnings.push(format!(
            "`{name}` is not in image {}: the shell prints `{sh}` and the command exits 127",
            context.c.image.name
        ));
    }
    let p = match base.as_str() {
        "touch" => format!(
            "creates {}",
            args.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "rm" => format!(
            "removes {}",
            args.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "mkdir" => format!("creates directory {first}"),
        "sleep" => match parse_sleep(first) {
            Ok(Some(ms)) => format!("sleeps {}", fmt_secs(ms)),
            Ok(None) => "sleeps forever".into(),
            Err(()) => format!("runs `{}`", words.join(" ")),
        },
        "echo" | "printf" => match &out_target {
            Some(t) => format!("writes {t}"),
            None => format!("prints `{}`", words[1..].join(" ")),
        },
        "cat" => format!("prints {first}"),
        "tail" if words.iter().any(|w| w == "-f" || w == "-F") => {
            format!("follows {first} forever")
        }
        "tail" => format!("prints the end of {first}"),
        "nslookup" => format!("looks up {first} (resolves once that Service exists)"),
        "exit" => format!(
            "exits {}",
            if first.is_empty() {
                "with the last status"
            } else {
                first
            }
        ),
        "true" | ":" => "does nothing".into(),
        "nginx" if words.iter().any(|w| w == "-s") => format!(
            "signals nginx to {}",
            words.last().map(String::as_str).unwrap_or("")
        ),
        _ => format!("runs `{}`", words.join(" ")),
    };
    match (&out_target, base.as_str()) {
        (Some(t), b) if b != "echo" && b != "printf" => format!("{p} (output to {t})"),
        _ => p,
    }
}

fn fmt_secs(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{}.{:03} s", ms / 1000, ms % 1000)
            .trim_end_matches('0')
            .to_string()
    }
}

fn list_phrase(context: &mut Context, l: &List) -> String {
    l.iter()
        .map(|and_or| and_or_phrase(context, and_or))
        .collect::<Vec<_>>()
        .join(", then ")
}

fn and_or_phrase(context: &mut Context, and_or: &AndOr) -> String {
    let mut s = pipeline_phrase(context, &and_or.first.commands, and_or.first.negate);
    for (c, p) in &and_or.rest {
        let ps = pipeline_phrase(context, &p.commands, p.negate);
        s = match c {
            Connector::And => format!("{s} and, if that succeeds, {ps}"),
            Connector::Or => format!("{s}, or if that fails {ps}"),
        };
    }
    if and_or.background {
        s = format!("{s} (in the background)");
    }
    s
}

fn pipeline_phrase(context: &mut Context, commands: &[Command], negate: bool) -> String {
    let parts: Vec<String> = commands
        .iter()
        .map(|c| command_phrase(context, c))
        .collect();
    let s = parts.join(" piped into ");
    if negate {
        format!("not ({s})")
    } else {
        s
    }
}

fn command_phrase(context: &mut Context, c: &Command) -> String {
    match c {
        Command::Simple(simple) => simple_phrase(context, simple),
        Command::Group(l, _) | Command::Subshell(l, _) => list_phrase(context, l),
        Command::If { arms, els, .. } => {
            let mut s = String::new();
            for (k, (c, b)) in arms.iter().enumerate() {
                let cs = list_phrase(context, c);
                let bs = list_phrase(context, b);
                s.push_str(&format!(
                    "{}if {cs}: {bs}",
                    if k > 0 { "; else " } else { "" }
                ));
            }
            if let Some(e) = els {
                s.push_str(&format!("; otherwise {}", list_phrase(context, e)));
            }
            s
        }
        Command::While {
            until, cond, body, ..
        } => {
            let cs = list_phrase(context, cond);
            let bs = list_phrase(context, body);
            if *until {
                format!("repeats [{bs}] until [{cs}] succeeds")
            } else {
                format!("repeats [{bs}] while [{cs}] succeeds")
            }
        }
        Command::For {
            var, words, body, ..
        } => {
            let items = words
                .as_ref()
                .map(|w| w.iter().map(literal).collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| "\"$@\"".into());
            format!("for {var} in {items}: {}", list_phrase(context, body))
        }
        Command::Case { word, .. } => format!("branches on {}", literal(word)),
        Command::FunctionDefinition { name, .. } => format!("defines function {name}"),
    }
}

/// What the final program does on SIGTERM when it is PID 1.
fn term_phrase(prog: &str, c: &Container) -> String {
    match c.behavior.ignore_sigterm {
        Some(true) => {
            return "ignores SIGTERM (scenario override): dies only at SIGKILL, exit 137".into()
        }
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
            return "dies of SIGTERM (scenario override): exit 143".into()
        }
        _ => {}
    }
    match prog {
        "nginx" if stop_signal(c) == 3 => format!(
            "when stopped gets the image's STOPSIGNAL SIGQUIT and exits 0 after {} ms (graceful shutdown)",
            SERVER_STOP_DELAY.as_millis()
        ),
        "nginx" => format!("exits 0 {} ms after SIGTERM (fast shutdown)", SERVER_STOP_DELAY.as_millis()),
        "httpd-foreground" | "httpd" if stop_signal(c) == 28 => {
            "when stopped gets the image's STOPSIGNAL SIGWINCH and exits 0 (graceful stop)".into()
        }
        "httpd-foreground" | "httpd" | "redis-server" => "exits 0 promptly on SIGTERM".into(),
        "server" | "goproxy" => "on SIGTERM exits 2 (a Go program as PID 1: the re-raised signal is ignored, the runtime exits 2)".into(),
        "app-server" => "exits 143 on SIGTERM (guessed)".into(),
        _ => "ignores SIGTERM as PID 1 (dies only at SIGKILL after the grace period, exit 137)".into(),
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
    let mut summary;
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
            context.warnings.push(format!(
                "image `{}` is not in the catalogue: modelled as a server listening on its declared ports [{}] (HTTP 200 on every path), exiting 143 on SIGTERM",
                c.spec.image,
                ports.join(", ")
            ));
        } else {
            context.warnings.push(format!("image `{}` is not in the catalogue: assumed to have a busybox userland; any other program it runs is modelled as a server listening on the declared ports that exits 143 on SIGTERM", c.spec.image));
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
                summary = format!("runs `{}`: {steps}", shorten(&script));
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
                    summary.push_str("; then exits");
                }
            }
            Err(e) => {
                summary = format!(
                    "runs `{script}`, which does not parse: `sh: {}` (exit 2)",
                    e.0
                );
                context
                    .warnings
                    .push(format!("the script has a syntax error: {}", e.0));
            }
        }
    } else if shells.contains(&final_prog.as_str()) && rest.len() == 1 {
        summary = format!(
            "runs `{}` with no script and no stdin: exits 0 at once",
            rest[0]
        );
    } else {
        summary = match final_prog.as_str() {
            "nginx" => {
                if rest.iter().any(|a| a.replace(' ', "").contains("daemonoff")) {
                    "nginx serves /usr/share/nginx/html on port 80 (200 for files, 404 for missing ones, 403 for a directory without index)".to_string()
                } else {
                    "`nginx` without `daemon off;` forks into the background: the container's main process exits 0 at once".to_string()
                }
            }
            "server" => "the liveness demo server: /healthz on port 8080 answers 200 for the first 10 s after start, then 500".into(),
            "goproxy" => "goproxy: an HTTP proxy listening on port 8080".into(),
            "httpd-foreground" | "httpd" => "Apache httpd serves /usr/local/apache2/htdocs on port 80".into(),
            "redis-server" => "redis-server listens on port 6379".into(),
            "app-server" => "an unknown server on the declared container ports".into(),
            "stress" => {
                let mut vm = 0i128;
                let mut bytes = 256 * 1024 * 1024;
                let mut timeout = None;
                let mut i = 1;
                while i < rest.len() {
                    match rest[i].as_str() {
                        "--vm" | "-m" => vm = rest.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(0),
                        "--vm-bytes" => bytes = rest.get(i + 1).and_then(|v| stress_bytes(v)).unwrap_or(bytes),
                        "--timeout" | "-t" => timeout = rest.get(i + 1).cloned(),
                        _ => {}
                    }
                    i += 1;
                }
                let mut s = format!("stress allocates {} ({vm} × --vm-bytes)", mebibytes(vm * bytes));
                if let Some(t) = timeout {
                    s.push_str(&format!(" and exits 0 after --timeout {t}"));
                } else {
                    s.push_str(" and runs until killed");
                }
                s
            }
            "sleep" => match rest.get(1).map(|a| parse_sleep(a)) {
                Some(Ok(Some(ms))) => format!("sleeps {}, then exits 0", fmt_secs(ms)),
                Some(Ok(None)) => "sleeps forever".into(),
                _ => format!("runs `{}`", rest.join(" ")),
            },
            _ => format!("runs `{}`", rest.join(" ")),
        };
        if let Some(first) = rest.first() {
            if !context.in_image(first) && c.image.known {
                context.warnings.push(format!("`{first}` is not in image {}: the container cannot start (StartError / RunContainerError)", c.image.name));
            }
        }
    }
    if !c.image.known
        && !BUSYBOX_APPLETS.contains(&final_prog.as_str())
        && !shells.contains(&final_prog.as_str())
    {
        final_prog = "app-server".into();
    }
    summary.push_str("; ");
    summary.push_str(&term_phrase(&final_prog, c));
    // Memory.
    if let Some(limit) = c.spec.resources.memory_limit_bytes() {
        let working_set = c.behavior.memory_bytes.or_else(|| stress_ws(&rest));
        if let Some(working_set) = working_set {
            if working_set > limit {
                summary.push_str(&format!(
                    "; working set {} exceeds the {} memory limit: OOMKilled (exit 137) {} ms after it allocates",
                    mebibytes(working_set),
                    mebibytes(limit),
                    OOM_DELAY.as_millis()
                ));
            } else {
                summary.push_str(&format!(
                    "; working set {} fits the {} memory limit",
                    mebibytes(working_set),
                    mebibytes(limit)
                ));
            }
        }
    }
    let b = &c.behavior;
    if let Some(t) = b.exit_after {
        summary.push_str(&format!(
            "; scenario: the main process exits {} after start with code {}",
            fmt_secs(t.as_millis()),
            b.exit_code.unwrap_or(0)
        ));
    }
    if let Some(t) = b.listen_after {
        summary.push_str(&format!(
            "; scenario: starts listening {} after start",
            fmt_secs(t.as_millis())
        ));
    }
    for (name, guess) in &c.guessed_env {
        context.warnings.push(match guess {
            Some(v) => format!("env {name} comes from valueFrom: guessed as `{v}` from its name"),
            None => format!("env {name} comes from valueFrom: modelled as an empty string"),
        });
    }
    let _ = pod;
    Explanation {
        container: c.spec.name.clone(),
        summary,
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
