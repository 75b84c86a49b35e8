//! `awk`: busybox awk in busybox images, mawk (Debian's default awk) in Debian images — the
//! POSIX language scripts use, with each one's options, error messages and exit statuses, and
//! `for (k in a)` in each one's order. Bounded by a step budget; a program that does not end
//! within it is a busy loop (the shell waiting for it waits forever).

mod array;
mod interp;
mod lexer;
mod parser;
mod value;

use self::interp::{Interp, RuntimeError, Stop, World};
use self::lexer::LexError;
use self::parser::ParseError;
use crate::api::sentence::Guess;
use crate::kernel::fs::normalize;
use crate::kernel::images::Flavor;
use crate::kernel::process::{ProgramSpec, Syscalls};
use crate::programs::text::ere::ReError;
use crate::shell::vm::{Run, Vm};

const BUSYBOX_USAGE: &str = "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n\n\t-v VAR=VAL\tSet variable\n\t-F SEP\t\tUse SEP as field separator\n\t-f FILE\t\tRead program from FILE\n\t-e AWK_PROGRAM\n";

const MAWK_USAGE: &str = "Usage: mawk [Options] [Program] [file ...]\n\nProgram:\n    The -f option value is the name of a file containing program text.\n    If no -f option is given, a \"--\" ends option processing; the following\n    parameters are the program text.\n\nOptions:\n    -f program-file  Program  text is read from file instead of from the\n                     command-line.  Multiple -f options are accepted.\n    -F value         sets the field separator, FS, to value.\n    -v var=value     assigns value to program variable var.\n    --               unambiguous end of options.\n\n    Implementation-specific options are prefixed with \"-W\".  They can be\n    abbreviated:\n\n    -W version       show version information and exit.\n    -W dump          show assembler-like listing of program and exit.\n    -W help          show this message and exit.\n    -W interactive   set unbuffered output, line-buffered input.\n    -W exec file     use file as program as well as last option.\n    -W posix         stricter POSIX checking.\n    -W random=number set initial random seed.\n    -W sprintf=number adjust size of sprintf buffer.\n    -W traditional   pre-POSIX 2001.\n    -W usage         show this message and exit.\n";

/// The container seen from a running awk program.
struct Container<'v, 's, 'a> {
    vm: &'v mut Vm,
    sys: &'s mut Syscalls<'a>,
    stdin: Option<String>,
}

impl World for Container<'_, '_, '_> {
    fn read(&mut self, path: &str) -> Result<String, &'static str> {
        if path == "/dev/null" {
            return Ok(String::new());
        }
        let p = normalize(&self.vm.cwd, path);
        self.sys
            .fs()
            .read(&p)
            .map(str::to_string)
            .map_err(|e| e.strerror())
    }

    fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), &'static str> {
        if path == "/dev/stderr" {
            self.vm.err(self.sys, data);
            return Ok(());
        }
        if path == "/dev/null" {
            return Ok(());
        }
        let p = normalize(&self.vm.cwd, path);
        self.sys
            .fs()
            .write(&p, data, append)
            .map_err(|e| e.strerror())
    }

    fn stdin(&mut self) -> String {
        match self.stdin.take() {
            Some(s) => s,
            None => self.vm.read_stdin_all(),
        }
    }

    fn not_modelled(&mut self, what: &str) {
        self.sys.add_diagnostic(Guess::AwkRunsCommand {
            what: what.to_string(),
        });
    }
}

fn regex_message(e: ReError, mawk: bool) -> &'static str {
    match (e, mawk) {
        (ReError::MissingParen, true) => "missing ')'",
        (ReError::UnmatchedParen, true) => "missing '('",
        (ReError::BadClass, true) => "bad class -- [], [^] or [",
        (ReError::MissingOperand, true) => "missing operand",
        (ReError::BadInterval, true) => "bad interval expression",
        (ReError::TooLarge, true) => "resource exhaustion -- regular expression too large",
        (ReError::TrailingBackslash, true) => "missing operand",
        (ReError::MissingParen, false) => "Unmatched ( or \\(",
        (ReError::UnmatchedParen, false) => "Unmatched ) or \\)",
        (ReError::BadClass, false) => "Unmatched [, [^, [:, [., or [=",
        (ReError::MissingOperand, false) => "Invalid preceding regular expression",
        (ReError::BadInterval, false) => "Invalid content of \\{\\}",
        (ReError::TooLarge, false) => "Regular expression too big",
        (ReError::TrailingBackslash, false) => "Trailing backslash",
    }
}

/// A compile error as the awk prints it.
fn parse_message(e: &ParseError, mawk: bool) -> String {
    let first10 = |s: &str| s.chars().take(10).collect::<String>();
    if mawk {
        match e {
            ParseError::Unexpected(token, line) => {
                let near = match token.as_deref() {
                    None => "end of file".to_string(),
                    Some("\n") => "end of line".to_string(),
                    Some(t) => t.to_string(),
                };
                format!("awk: line {line}: syntax error at or near {near}\n")
            }
            ParseError::Missing(c, near, line) => {
                format!("awk: line {line}: missing {c} near {near}\n")
            }
            ParseError::Lex(LexError::UnterminatedString(s), line) => {
                format!(
                    "awk: line {line}: runaway string constant \"{} ...\n",
                    first10(s)
                )
            }
            ParseError::Lex(LexError::UnterminatedRegex(s), line) => {
                format!(
                    "awk: line {line}: runaway regular expression /{} ...\n",
                    first10(s)
                )
            }
            ParseError::Lex(LexError::UnexpectedChar(c), line) => {
                if *c > ' ' && (*c as u32) < 127 {
                    format!("awk: {line}: unexpected character '{c}'\n")
                } else {
                    format!(
                        "awk: {line}: unexpected character 0x{:02x}\n",
                        (*c as u32) & 0xff
                    )
                }
            }
            ParseError::Regex(r, pattern, line) => format!(
                "awk: line {line}: regular expression compile failed ({})\n{pattern}\n",
                regex_message(*r, true)
            ),
            ParseError::UndefinedFunction(name, line) => {
                format!("awk: line {line}: function {name} never defined\n")
            }
            ParseError::DuplicateFunction(name, line) => {
                format!("awk: line {line}: redefinition of {name}\n")
            }
            ParseError::OutsideLoop(k, line) => {
                format!("awk: line {line}: {k} statement outside of loop\n")
            }
            ParseError::Extra(c, line) => format!("awk: line {line}: extra '{c}'\n"),
            ParseError::TypeClash(name, array_first, line) => format!(
                "awk: line {line}: illegal reference to {} {name}\n",
                if *array_first { "array" } else { "variable" }
            ),
        }
    } else {
        let at = |line: &u32, m: &str| format!("awk: cmd. line:{line}: {m}\n");
        match e {
            ParseError::Unexpected(_, line)
            | ParseError::Missing(_, _, line)
            | ParseError::TypeClash(_, _, line)
            | ParseError::Extra(_, line)
            | ParseError::Lex(LexError::UnexpectedChar(_), line) => at(line, "Unexpected token"),
            // An unterminated string or regular expression runs into the end of the text.
            ParseError::Lex(_, line) => at(line, "Unexpected end of string"),
            ParseError::Regex(r, pattern, _) => {
                format!("awk: bad regex '{pattern}': {}\n", regex_message(*r, false))
            }
            ParseError::UndefinedFunction(_, line) => at(line, "Call to undefined function"),
            ParseError::DuplicateFunction(_, line) => at(line, "Duplicate function"),
            ParseError::OutsideLoop(k, line) => at(line, &format!("'{k}' not in a loop")),
        }
    }
}

/// A run-time error as the awk prints it (mawk adds where it was in the input).
fn runtime_message(
    e: &RuntimeError,
    line: u32,
    mawk: bool,
    filename: &str,
    fnr: u64,
    nr: u64,
) -> String {
    if mawk {
        let where_ = format!("\tFILENAME=\"{filename}\" FNR={fnr} NR={nr}\n");
        let rt = |m: String| format!("awk: run time error: {m}\n{where_}");
        match e {
            RuntimeError::DivisionByZero => rt("division by zero".into()),
            RuntimeError::NegativeField(n) => rt(format!(
                "negative field index ${}",
                value::number_to_string(*n, "%.6g")
            )),
            RuntimeError::TooFewArguments(f) => {
                rt(format!("not enough arguments passed to printf(\"{f}\")"))
            }
            RuntimeError::Regex(r, p) => rt(format!(
                "regular expression compile failed ({})\n{p}",
                regex_message(*r, true)
            )),
            RuntimeError::CannotOpen(path, why, output) => {
                let what = if *output { " for output" } else { "" };
                format!("awk: cannot open \"{path}\"{what} ({why})\n")
            }
            RuntimeError::NotArray => rt("type error: scalar used as an array".into()),
            RuntimeError::NestingTooDeep => rt("function call nesting too deep".into()),
        }
    } else {
        let at = |m: &str| format!("awk: cmd. line:{line}: {m}\n");
        match e {
            RuntimeError::DivisionByZero => at("Division by zero"),
            RuntimeError::NegativeField(_) => at("Access to negative field"),
            RuntimeError::TooFewArguments(_) => at("Too few arguments"),
            RuntimeError::Regex(r, p) => {
                format!("awk: bad regex '{p}': {}\n", regex_message(*r, false))
            }
            // Input: libbb's fopen_or_warn (`awk: FILE: strerror`); output: xfopen.
            RuntimeError::CannotOpen(path, why, false) => format!("awk: {path}: {why}\n"),
            RuntimeError::CannotOpen(path, why, true) => {
                format!("awk: can't open '{path}': {why}\n")
            }
            RuntimeError::NotArray => at("Not an array"),
            RuntimeError::NestingTooDeep => at("Function call nesting too deep"),
        }
    }
}

/// Steps one awk run may take (a loop that never ends meets it: busy forever).
const AWK_STEP_BUDGET: u64 = 300_000;

pub(crate) fn awk(vm: &mut Vm, sys: &mut Syscalls, args: &[String], tail: bool) -> Run {
    let mawk = sys.image().flavor == Flavor::Debian;
    let failure = if mawk { 2 } else { 1 };
    let mut assignments: Vec<String> = Vec::new();
    let mut field_separator: Option<String> = None;
    let mut program_files: Vec<String> = Vec::new();
    let mut programs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            i += 1;
            break;
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        let (flag, attached) = a.split_at(2.min(a.len()));
        let value = |i: &mut usize| -> Option<String> {
            if !attached.is_empty() {
                return Some(attached.to_string());
            }
            *i += 1;
            args.get(*i).cloned()
        };
        match flag {
            "-F" => field_separator = value(&mut i),
            "-v" => match value(&mut i) {
                Some(v) if interp::operand_assignment(&v).is_some() => assignments.push(v),
                Some(v) => {
                    let m = if mawk {
                        format!("awk: improper assignment: -v {v}\n")
                    } else {
                        BUSYBOX_USAGE.to_string()
                    };
                    vm.err(sys, &m);
                    return Run::Done(failure);
                }
                None => break,
            },
            "-f" => {
                if let Some(f) = value(&mut i) {
                    program_files.push(f)
                }
            }
            "-e" if !mawk => {
                if let Some(p) = value(&mut i) {
                    programs.push(p)
                }
            }
            "-W" => {
                let _ = value(&mut i);
                if !mawk {
                    vm.err(sys, "awk: warning: option -W is ignored\n");
                }
            }
            _ => {
                let m = if mawk {
                    format!("awk: not an option: {a}\n")
                } else {
                    // getopt's words: a short option is invalid, a long one unrecognized.
                    let why = match a.strip_prefix("--") {
                        Some(_) => format!("unrecognized option '{a}'"),
                        None => format!("invalid option -- '{}'", a.chars().nth(1).unwrap_or('-')),
                    };
                    format!("awk: {why}\n{BUSYBOX_USAGE}")
                };
                vm.err(sys, &m);
                return Run::Done(failure);
            }
        }
        i += 1;
    }
    let mut source = String::new();
    for f in &program_files {
        let p = normalize(&vm.cwd, f);
        match sys.fs().read(&p).map(str::to_string) {
            Ok(text) => {
                source.push_str(&text);
                source.push('\n');
            }
            Err(e) => {
                let m = if mawk {
                    format!("awk: cannot open \"{f}\" ({})\n", e.strerror())
                } else {
                    format!("awk: can't open '{f}': {}\n", e.strerror())
                };
                vm.err(sys, &m);
                return Run::Done(failure);
            }
        }
    }
    for p in &programs {
        source.push_str(p);
        source.push('\n');
    }
    if program_files.is_empty() && programs.is_empty() {
        match args.get(i) {
            Some(p) => {
                source = p.clone();
                i += 1;
            }
            None => {
                // mawk prints its usage and, with no program, exits 0.
                vm.err(sys, if mawk { MAWK_USAGE } else { BUSYBOX_USAGE });
                return Run::Done(if mawk { 0 } else { failure });
            }
        }
    }
    let operands: Vec<String> = args[i..].to_vec();
    vm.charge(0, source.len());
    let program = match parser::parse(&source, mawk) {
        Ok(p) => p,
        Err(e) => {
            vm.err(sys, &parse_message(&e, mawk));
            return Run::Done(failure);
        }
    };
    let environ: Vec<(String, String)> = vm
        .vars
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let now_unix = crate::kernel::clock::SIM_EPOCH_UNIX + sys.now.as_secs_f64() as u64;
    let mut container = Container {
        vm,
        sys,
        stdin: None,
    };
    let (outcome, stdout, steps, exit_code, place) = {
        let mut run = Interp::new(&program, mawk, &mut container);
        run.budget = AWK_STEP_BUDGET;
        run.now_unix = now_unix;
        let mut argv = vec!["awk".to_string()];
        argv.extend(operands);
        run.set_arguments(&environ, &argv);
        if let Some(fs) = &field_separator {
            // Escapes are processed (`-F '\t'`); `-Ft` is a `t` in both awks, not a tab.
            run.assign_text("FS", fs);
        }
        for a in &assignments {
            if let Some((name, value)) = interp::operand_assignment(a) {
                run.assign_text(name, value);
            }
        }
        let mut outcome = run.run_begin();
        if outcome.is_ok() && run.has_main() {
            outcome = run.run_main();
        }
        // `exit` in BEGIN or a rule still runs END; an error does not.
        if matches!(outcome, Ok(()) | Err(Stop::Exit)) {
            let ended = run.run_end();
            if !matches!(ended, Ok(()) | Err(Stop::Exit)) {
                outcome = ended;
            }
        }
        let place = run.place();
        let stdout = std::mem::take(&mut run.stdout);
        (outcome, stdout, run.steps, run.exit_code, place)
    };
    let Container { vm, sys, .. } = container;
    vm.charge_steps(steps);
    match outcome {
        Ok(()) | Err(Stop::Exit) => {
            vm.out(sys, &stdout);
            Run::Done(exit_code)
        }
        Err(Stop::Error(e, line)) => {
            // stderr is unbuffered; stdout is flushed at exit, after the message.
            let (filename, fnr, nr) = place;
            vm.err(sys, &runtime_message(&e, line, mawk, &filename, fnr, nr));
            vm.out(sys, &stdout);
            Run::Done(failure)
        }
        Err(Stop::Busy) => {
            sys.add_diagnostic(Guess::AwkBusyForever {
                steps: AWK_STEP_BUDGET,
            });
            // Output to a pipe is written in 4 KiB blocks; a partial block stays buffered.
            let flushed = stdout.len() / 4096 * 4096;
            let mut cut = flushed;
            while !stdout.is_char_boundary(cut) {
                cut -= 1;
            }
            vm.out(sys, &stdout[..cut]);
            let pid = sys.spawn_program(ProgramSpec {
                comm: "awk".into(),
                cmdline: String::new(),
                exit_output: None,
                timer: None,
                daemon: None,
                ports: Vec::new(),
                memory: 0,
                tail,
            });
            Run::Wait(pid)
        }
    }
}

#[cfg(test)]
mod tests;
