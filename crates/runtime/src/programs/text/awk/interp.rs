//! Running an awk program: records and fields, variables (special ones included), arrays,
//! statements, expressions, built-in functions, `getline` and output redirections. Every
//! statement and expression costs a step; a program that runs out of steps is a busy loop.

use std::collections::BTreeMap;

use super::array::{Array, Key};
use super::parser::{Expr, Getline, Pattern, Program, Redirect, Stmt, Var};
use super::value::{compare, number_to_string, sprintf, Value};
use crate::programs::text::ere::{ReError, Regex};

/// The variables awk gives a meaning to, in this order after the program's own.
pub(super) const SPECIALS: [&str; 16] = [
    "NR", "FNR", "NF", "FS", "OFS", "ORS", "RS", "FILENAME", "SUBSEP", "RSTART", "RLENGTH",
    "CONVFMT", "OFMT", "ENVIRON", "ARGC", "ARGV",
];

#[derive(Clone, Copy)]
enum Special {
    Nr,
    Fnr,
    Nf,
    Fs,
    Ofs,
    Ors,
    Rs,
    Filename,
    Subsep,
    Rstart,
    Rlength,
    Convfmt,
    Ofmt,
    Environ,
    Argc,
    Argv,
}

const SPECIAL_ORDER: [Special; 16] = [
    Special::Nr,
    Special::Fnr,
    Special::Nf,
    Special::Fs,
    Special::Ofs,
    Special::Ors,
    Special::Rs,
    Special::Filename,
    Special::Subsep,
    Special::Rstart,
    Special::Rlength,
    Special::Convfmt,
    Special::Ofmt,
    Special::Environ,
    Special::Argc,
    Special::Argv,
];

/// Why a run stops early.
#[derive(Debug)]
pub(super) enum Stop {
    /// A run-time error: (message, line).
    Error(RuntimeError, u32),
    /// The step budget ran out: a loop that never ends.
    Busy,
    /// `exit`.
    Exit,
}

#[derive(Debug)]
pub(super) enum RuntimeError {
    DivisionByZero,
    NegativeField(f64),
    TooFewArguments(String),
    Regex(ReError, String),
    CannotOpen(String, &'static str, bool),
    NotArray,
    NestingTooDeep,
}

enum Flow {
    Normal,
    Next,
    NextFile,
    Break,
    Continue,
    Return(Value),
}

#[derive(Clone, Debug)]
enum Slot {
    Value(Value),
    /// (in the local arena?, index)
    Array(bool, usize),
}

struct Frame {
    slots: Vec<Slot>,
    arena_base: usize,
}

/// The outside world as the interpreter sees it.
pub(super) trait World {
    /// A file's content (input files, `getline < file`).
    fn read(&mut self, path: &str) -> Result<String, &'static str>;
    /// Writes (`append`) to a file; Err with strerror.
    fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), &'static str>;
    /// All of standard input.
    fn stdin(&mut self) -> String;
    /// A command the model does not run (`system`, pipes).
    fn not_modelled(&mut self, what: &str);
}

struct Input {
    text: String,
    at: usize,
}

pub(super) struct Interp<'p, 'w> {
    world: &'w mut dyn World,
    program: &'p Program,
    pub mawk: bool,
    names: Vec<String>,
    special_of: Vec<Option<Special>>,
    special_slot: [usize; 16],
    globals: Vec<Slot>,
    arrays: Vec<Array>,
    local_arrays: Vec<Array>,
    frames: Vec<Frame>,
    /// Statements and expressions being run, nested (`MAX_NESTING`).
    nesting: u32,
    record: String,
    /// The FS the record is split by: the one in effect when it was read or assigned.
    record_fs: String,
    fields: Option<Vec<String>>,
    ranges: Vec<bool>,
    main: Option<Input>,
    next_operand: usize,
    used_stdin: bool,
    opened_file: bool,
    files: BTreeMap<String, Input>,
    outputs: BTreeMap<String, ()>,
    pub stdout: String,
    pub steps: u64,
    pub budget: u64,
    pub exit_code: i32,
    seed: f64,
    random: u64,
    regex_cache: Vec<(String, Regex)>,
    line: u32,
    in_end: bool,
    pub now_unix: u64,
}

/// Function calls awk may nest (a model bound: the C awks grow their stacks).
const MAX_CALL_DEPTH: usize = 64;

/// Statements and expressions awk may nest while running, calls included: a bound on the
/// interpreter's own stack (wasm's is small), met only by deep recursion through big expressions.
const MAX_NESTING: u32 = 250;

impl<'p, 'w> Interp<'p, 'w> {
    pub fn new(program: &'p Program, mawk: bool, world: &'w mut dyn World) -> Interp<'p, 'w> {
        let mut names = program.globals.clone();
        let mut special_slot = [0; 16];
        for (k, name) in SPECIALS.iter().enumerate() {
            special_slot[k] = match names.iter().position(|n| n == name) {
                Some(i) => i,
                None => {
                    names.push(name.to_string());
                    names.len() - 1
                }
            };
        }
        let mut special_of = vec![None; names.len()];
        for (k, &slot) in special_slot.iter().enumerate() {
            special_of[slot] = Some(SPECIAL_ORDER[k]);
        }
        let globals = vec![Slot::Value(Value::Uninit); names.len()];
        let mut interp = Interp {
            world,
            program,
            mawk,
            names,
            special_of,
            special_slot,
            globals,
            arrays: Vec::new(),
            local_arrays: Vec::new(),
            frames: Vec::new(),
            nesting: 0,
            record: String::new(),
            record_fs: " ".into(),
            fields: Some(Vec::new()),
            ranges: vec![false; program.rules.len()],
            main: None,
            next_operand: 1,
            used_stdin: false,
            opened_file: false,
            files: BTreeMap::new(),
            outputs: BTreeMap::new(),
            stdout: String::new(),
            steps: 0,
            budget: 300_000,
            exit_code: 0,
            seed: 0.0,
            random: 0,
            regex_cache: Vec::new(),
            line: 1,
            in_end: false,
            now_unix: 0,
        };
        for (name, value) in [
            ("NR", Value::Num(0.0)),
            ("FNR", Value::Num(0.0)),
            ("FS", Value::Str(" ".into())),
            ("OFS", Value::Str(" ".into())),
            ("ORS", Value::Str("\n".into())),
            ("RS", Value::Str("\n".into())),
            ("SUBSEP", Value::Str("\u{1c}".into())),
            ("RSTART", Value::Num(0.0)),
            ("RLENGTH", Value::Num(-1.0)),
            ("CONVFMT", Value::Str("%.6g".into())),
            ("OFMT", Value::Str("%.6g".into())),
            ("FILENAME", Value::Str(String::new())),
        ] {
            let k = SPECIALS.iter().position(|s| *s == name).unwrap_or(0);
            interp.globals[special_slot[k]] = Slot::Value(value);
        }
        interp
    }

    fn special(&self, s: Special) -> usize {
        self.special_slot[s as usize]
    }

    fn get_special(&self, s: Special) -> Value {
        match &self.globals[self.special(s)] {
            Slot::Value(v) => v.clone(),
            Slot::Array(..) => Value::Uninit,
        }
    }

    fn set_special(&mut self, s: Special, v: Value) {
        let i = self.special(s);
        self.globals[i] = Slot::Value(v);
    }

    fn convfmt(&self) -> String {
        self.get_special(Special::Convfmt).string("%.6g")
    }

    fn string_of(&self, v: &Value) -> String {
        match v {
            Value::Num(_) => v.string(&self.convfmt()),
            _ => v.string("%.6g"),
        }
    }

    /// `ENVIRON` and `ARGV` (operands after the program).
    pub fn set_arguments(&mut self, environ: &[(String, String)], argv: &[String]) {
        let e = self.global_array(self.special(Special::Environ));
        for (k, v) in environ {
            if let Some(slot) = self.arrays[e].get(&Key::Str(k.clone()), true) {
                *slot = Value::StrNum(v.clone());
            }
        }
        let a = self.global_array(self.special(Special::Argv));
        for (i, arg) in argv.iter().enumerate() {
            if let Some(slot) = self.arrays[a].get(&Key::Int(i as i64), true) {
                *slot = Value::StrNum(arg.clone());
            }
        }
        self.set_special(Special::Argc, Value::Num(argv.len() as f64));
    }

    /// `-v name=value` and `name=value` operands: the value's escapes processed.
    pub fn assign_text(&mut self, name: &str, value: &str) {
        let text =
            String::from_utf8_lossy(&super::lexer::unescape(value.as_bytes(), false)).into_owned();
        if let Some(i) = self.names.iter().position(|n| n == name) {
            if matches!(self.special_of[i], Some(Special::Nf)) {
                self.set_nf(super::value::to_number(&text));
            } else {
                self.globals[i] = Slot::Value(Value::StrNum(text));
            }
        }
    }

    fn step(&mut self) -> Result<(), Stop> {
        self.steps += 1;
        if self.steps > self.budget {
            return Err(Stop::Busy);
        }
        Ok(())
    }

    fn work(&mut self, units: u64) -> Result<(), Stop> {
        self.steps += units / 64;
        self.step()
    }

    fn fail<T>(&self, e: RuntimeError) -> Result<T, Stop> {
        Err(Stop::Error(e, self.line))
    }

    // ---- arrays ------------------------------------------------------------------------

    fn global_array(&mut self, i: usize) -> usize {
        match &self.globals[i] {
            Slot::Array(false, a) => *a,
            _ => {
                self.arrays.push(Array::new(self.mawk));
                let a = self.arrays.len() - 1;
                self.globals[i] = Slot::Array(false, a);
                a
            }
        }
    }

    /// The array a name refers to, made one if it was unset.
    fn array_of(&mut self, var: Var) -> Result<(bool, usize), Stop> {
        match var {
            Var::Global(i) => {
                // busybox turns a scalar into an array silently (mawk refuses when parsing).
                if let Slot::Value(v) = &self.globals[i] {
                    if *v != Value::Uninit && self.mawk {
                        return self.fail(RuntimeError::NotArray);
                    }
                }
                Ok((false, self.global_array(i)))
            }
            Var::Local(i) => {
                let Some(frame) = self.frames.last() else {
                    return self.fail(RuntimeError::NotArray);
                };
                match frame.slots.get(i) {
                    Some(Slot::Array(local, a)) => Ok((*local, *a)),
                    Some(Slot::Value(v)) if *v == Value::Uninit || !self.mawk => {
                        self.local_arrays.push(Array::new(self.mawk));
                        let a = self.local_arrays.len() - 1;
                        if let Some(f) = self.frames.last_mut() {
                            f.slots[i] = Slot::Array(true, a);
                        }
                        Ok((true, a))
                    }
                    _ => self.fail(RuntimeError::NotArray),
                }
            }
        }
    }

    fn array_mut(&mut self, (local, a): (bool, usize)) -> &mut Array {
        if local {
            &mut self.local_arrays[a]
        } else {
            &mut self.arrays[a]
        }
    }

    fn key(&mut self, subscripts: &[Expr]) -> Result<Key, Stop> {
        if subscripts.len() == 1 {
            let v = self.eval(&subscripts[0])?;
            return Ok(match v {
                Value::Num(n) if n == n.trunc() && n.abs() < 9.2e18 => Key::Int(n as i64),
                other => Key::Str(self.string_of(&other)),
            });
        }
        let sep = self.get_special(Special::Subsep).string("%.6g");
        let mut parts = Vec::new();
        for s in subscripts {
            let v = self.eval(s)?;
            parts.push(self.string_of(&v));
        }
        Ok(Key::Str(parts.join(&sep)))
    }

    // ---- records and fields ------------------------------------------------------------

    pub fn set_record(&mut self, text: String) {
        self.record = text;
        self.record_fs = self.get_special(Special::Fs).string("%.6g");
        self.fields = None;
    }

    fn split_record(&mut self) {
        if self.fields.is_none() {
            let fs = self.record_fs.clone();
            let record = std::mem::take(&mut self.record);
            let fields = self.split_text(&record, &fs);
            self.record = record;
            self.fields = Some(fields);
        }
    }

    /// Splits `text` by a field separator as awk does: `" "` on runs of blanks and newlines
    /// (ends trimmed), one other character literally, anything longer as a regular expression.
    fn split_text(&mut self, text: &str, fs: &str) -> Vec<String> {
        if text.is_empty() {
            return Vec::new();
        }
        if fs == " " {
            return text
                .split([' ', '\t', '\n'])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
        }
        if fs.is_empty() {
            return text.chars().map(String::from).collect();
        }
        let mut chars = fs.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c != '\\' {
                return text.split(c).map(str::to_string).collect();
            }
        }
        let Ok(re) = self.regex(fs) else {
            return vec![text.to_string()];
        };
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        let mut work = 0u64;
        while let Some((s, e)) = re.find_at(bytes, at, &mut work) {
            if e == s {
                // An empty match does not split.
                if s >= bytes.len() {
                    break;
                }
                match re.find_at(bytes, s + 1, &mut work) {
                    Some((s2, e2)) if e2 > s2 => {
                        out.push(String::from_utf8_lossy(&bytes[at..s2]).into_owned());
                        at = e2;
                        continue;
                    }
                    _ => break,
                }
            }
            out.push(String::from_utf8_lossy(&bytes[at..s]).into_owned());
            at = e;
        }
        out.push(String::from_utf8_lossy(&bytes[at..]).into_owned());
        let _ = self.work(work);
        out
    }

    fn field(&mut self, i: usize) -> Value {
        // A copy costs its length (the step check that follows sees it).
        if i == 0 {
            let _ = self.work(self.record.len() as u64);
            return Value::StrNum(self.record.clone());
        }
        self.split_record();
        let text = match self.fields.as_ref().and_then(|f| f.get(i - 1)) {
            Some(s) => s.clone(),
            None => String::new(),
        };
        let _ = self.work(text.len() as u64);
        Value::StrNum(text)
    }

    /// `$0` from the fields and `OFS`; the join costs the record's length and each field.
    fn rebuild_record(&mut self) {
        let ofs = self.get_special(Special::Ofs).string("%.6g");
        if let Some(fields) = &self.fields {
            self.record = fields.join(&ofs);
            let work = self.record.len() as u64 + 16 * fields.len() as u64;
            let _ = self.work(work);
        }
    }

    fn set_field(&mut self, i: usize, text: String) {
        if i == 0 {
            self.set_record(text);
            return;
        }
        self.split_record();
        if let Some(fields) = self.fields.as_mut() {
            if fields.len() < i {
                fields.resize(i, String::new());
            }
            fields[i - 1] = text;
        }
        self.rebuild_record();
    }

    fn nf(&mut self) -> usize {
        self.split_record();
        self.fields.as_ref().map_or(0, Vec::len)
    }

    fn set_nf(&mut self, n: f64) {
        self.split_record();
        let n = n.clamp(0.0, 100_000.0) as usize;
        if let Some(fields) = self.fields.as_mut() {
            fields.resize(n, String::new());
        }
        self.rebuild_record();
    }

    fn field_index(&mut self, e: &Expr) -> Result<usize, Stop> {
        let n = self.eval(e)?.number();
        if n < 0.0 {
            return self.fail(RuntimeError::NegativeField(n));
        }
        Ok(n.min(1_000_000.0) as usize)
    }

    // ---- variables ---------------------------------------------------------------------

    fn read_var(&mut self, var: Var) -> Result<Value, Stop> {
        match var {
            Var::Global(i) => {
                if matches!(self.special_of[i], Some(Special::Nf)) {
                    return Ok(Value::Num(self.nf() as f64));
                }
                match &self.globals[i] {
                    Slot::Value(v) => Ok(v.clone()),
                    // busybox reads an array as a scalar as the empty string.
                    Slot::Array(..) if !self.mawk => Ok(Value::Uninit),
                    Slot::Array(..) => self.fail(RuntimeError::NotArray),
                }
            }
            Var::Local(i) => match self.frames.last().and_then(|f| f.slots.get(i)) {
                Some(Slot::Value(v)) => Ok(v.clone()),
                Some(Slot::Array(..)) => self.fail(RuntimeError::NotArray),
                None => Ok(Value::Uninit),
            },
        }
    }

    fn write_var(&mut self, var: Var, v: Value) -> Result<(), Stop> {
        match var {
            Var::Global(i) => {
                if matches!(self.globals[i], Slot::Array(..)) {
                    return self.fail(RuntimeError::NotArray);
                }
                if matches!(self.special_of[i], Some(Special::Nf)) {
                    self.set_nf(v.number());
                }
                self.globals[i] = Slot::Value(v);
            }
            Var::Local(i) => {
                if let Some(slot) = self.frames.last_mut().and_then(|f| f.slots.get_mut(i)) {
                    *slot = Slot::Value(v);
                }
            }
        }
        Ok(())
    }

    fn assign(&mut self, target: &Expr, v: Value) -> Result<Value, Stop> {
        match target {
            Expr::Variable(var) => self.write_var(*var, v.clone())?,
            Expr::Field(index) => {
                let i = self.field_index(index)?;
                let text = self.string_of(&v);
                self.set_field(i, text);
            }
            Expr::Element(var, subscripts) => {
                let a = self.array_of(*var)?;
                let key = self.key(subscripts)?;
                if let Some(slot) = self.array_mut(a).get(&key, true) {
                    *slot = v.clone();
                }
            }
            _ => {}
        }
        Ok(v)
    }

    // ---- regular expressions -----------------------------------------------------------

    fn regex(&mut self, pattern: &str) -> Result<Regex, Stop> {
        if let Some(i) = self.regex_cache.iter().position(|(p, _)| p == pattern) {
            return Ok(self.regex_cache[i].1.clone());
        }
        match Regex::new(pattern.as_bytes()) {
            Ok(r) => {
                if self.regex_cache.len() >= 16 {
                    self.regex_cache.remove(0);
                }
                self.regex_cache.push((pattern.to_string(), r.clone()));
                Ok(r)
            }
            Err(e) => self.fail(RuntimeError::Regex(e, pattern.to_string())),
        }
    }

    /// The pattern of a `~`, `match`, `sub`, `split` operand: a literal, or a string's text.
    fn regex_of(&mut self, e: &Expr) -> Result<Regex, Stop> {
        if let Expr::Regex(i) = e {
            return Ok(self.program.regexes[*i].clone());
        }
        let v = self.eval(e)?;
        let text = self.string_of(&v);
        self.regex(&text)
    }

    fn matches(&mut self, re: &Regex, text: &str) -> Result<bool, Stop> {
        let mut work = 0;
        let hit = re.is_match(text.as_bytes(), &mut work);
        self.work(work)?;
        Ok(hit)
    }

    // ---- running -----------------------------------------------------------------------

    /// (FILENAME, FNR, NR) for mawk's run-time error messages.
    pub fn place(&self) -> (String, u64, u64) {
        (
            self.get_special(Special::Filename).string("%.6g"),
            self.get_special(Special::Fnr).number() as u64,
            self.get_special(Special::Nr).number() as u64,
        )
    }

    pub fn has_main(&self) -> bool {
        !self.program.rules.is_empty() || !self.program.end.is_empty()
    }

    /// Runs the pattern-action rules over every input record.
    pub fn run_main(&mut self) -> Result<(), Stop> {
        while let Some(record) = self.next_record()? {
            self.set_record(record);
            let mut skip_file = false;
            for (k, (pattern, action)) in self.program.rules.iter().enumerate() {
                self.step()?;
                let selected = match pattern {
                    Pattern::All => true,
                    Pattern::Expr(e) => self.eval(e)?.truthy(),
                    Pattern::Range(a, b) => {
                        if self.ranges[k] {
                            if self.eval(b)?.truthy() {
                                self.ranges[k] = false;
                            }
                            true
                        } else if self.eval(a)?.truthy() {
                            self.ranges[k] = !self.eval(b)?.truthy();
                            true
                        } else {
                            false
                        }
                    }
                };
                if !selected {
                    continue;
                }
                let flow = match action {
                    Some(body) => self.block(body)?,
                    None => {
                        let text = self.record.clone();
                        self.output(None, &text)?;
                        let ors = self.get_special(Special::Ors).string("%.6g");
                        self.output(None, &ors)?;
                        Flow::Normal
                    }
                };
                match flow {
                    Flow::Next => break,
                    Flow::NextFile => {
                        skip_file = true;
                        break;
                    }
                    _ => {}
                }
            }
            if skip_file {
                self.main = None;
            }
        }
        Ok(())
    }

    pub fn run_end(&mut self) -> Result<(), Stop> {
        self.in_end = true;
        for s in &self.program.end {
            match self.statement(s)? {
                Flow::Next | Flow::NextFile => break,
                _ => {}
            }
        }
        Ok(())
    }

    pub fn run_begin(&mut self) -> Result<(), Stop> {
        for s in &self.program.begin {
            match self.statement(s)? {
                Flow::Next | Flow::NextFile => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// The next record of the main input (the operands in `ARGV`, else stdin).
    fn next_record(&mut self) -> Result<Option<String>, Stop> {
        loop {
            self.step()?;
            let rs = self.get_special(Special::Rs).string("%.6g");
            let mawk = self.mawk;
            if let Some(input) = self.main.as_mut() {
                if let Some(record) = take_record(input, &rs, mawk) {
                    let nr = self.get_special(Special::Nr).number() + 1.0;
                    let fnr = self.get_special(Special::Fnr).number() + 1.0;
                    self.set_special(Special::Nr, Value::Num(nr));
                    self.set_special(Special::Fnr, Value::Num(fnr));
                    return Ok(Some(record));
                }
                self.main = None;
            }
            if !self.open_next()? {
                return Ok(None);
            }
        }
    }

    /// Opens the next operand of `ARGV`; false when there is none left.
    fn open_next(&mut self) -> Result<bool, Stop> {
        let argc = self.get_special(Special::Argc).number().max(0.0) as usize;
        while self.next_operand < argc {
            let i = self.next_operand;
            self.next_operand += 1;
            let a = self.global_array(self.special(Special::Argv));
            let arg = match self.arrays[a].get(&Key::Int(i as i64), false) {
                Some(v) => v.string("%.6g"),
                None => continue,
            };
            if arg.is_empty() {
                continue;
            }
            if let Some((name, value)) = operand_assignment(&arg) {
                self.assign_text(name, value);
                continue;
            }
            self.opened_file = true;
            let text = if arg == "-" || arg == "/dev/stdin" {
                self.world.stdin()
            } else {
                match self.world.read(&arg) {
                    Ok(t) => t,
                    Err(e) => return self.fail(RuntimeError::CannotOpen(arg, e, false)),
                }
            };
            self.set_special(Special::Filename, Value::Str(arg));
            self.set_special(Special::Fnr, Value::Num(0.0));
            self.main = Some(Input { text, at: 0 });
            return Ok(true);
        }
        if self.opened_file || self.used_stdin {
            return Ok(false);
        }
        self.used_stdin = true;
        let text = self.world.stdin();
        self.set_special(Special::Filename, Value::Str("-".into()));
        self.main = Some(Input { text, at: 0 });
        Ok(true)
    }

    fn block(&mut self, body: &[Stmt]) -> Result<Flow, Stop> {
        for s in body {
            match self.statement(s)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn statement(&mut self, s: &Stmt) -> Result<Flow, Stop> {
        self.enter()?;
        let flow = self.statement_inner(s);
        self.nesting -= 1;
        flow
    }

    /// Dispatches one statement; loops and the rest are functions of their own (small stack
    /// per level, as for expressions).
    fn statement_inner(&mut self, s: &Stmt) -> Result<Flow, Stop> {
        self.step()?;
        match s {
            Stmt::Expr(e, line) => {
                self.line = *line;
                self.eval(e)?;
                Ok(Flow::Normal)
            }
            Stmt::Print(printf, args, output, line) => {
                self.line = *line;
                self.print(*printf, args, output.as_ref())?;
                Ok(Flow::Normal)
            }
            Stmt::If(cond, then, other) => {
                if self.eval(cond)?.truthy() {
                    self.statement(then)
                } else if let Some(other) = other {
                    self.statement(other)
                } else {
                    Ok(Flow::Normal)
                }
            }
            Stmt::While(cond, body) => self.run_while(cond, body),
            Stmt::Do(body, cond) => self.run_do(body, cond),
            Stmt::For(init, cond, step, body) => {
                self.run_for(init.as_deref(), cond.as_ref(), step.as_deref(), body)
            }
            Stmt::ForIn(key, array, body) => self.run_for_in(*key, *array, body),
            Stmt::Block(list) => self.block(list),
            Stmt::Next => Ok(Flow::Next),
            Stmt::NextFile => Ok(Flow::NextFile),
            Stmt::Break => Ok(Flow::Break),
            Stmt::Continue => Ok(Flow::Continue),
            Stmt::Exit(value) => {
                if let Some(v) = value {
                    self.exit_code = self.eval(v)?.number() as i32 & 0xff;
                }
                Err(Stop::Exit)
            }
            Stmt::Return(value) => match value {
                Some(v) => Ok(Flow::Return(self.eval(v)?)),
                None => Ok(Flow::Return(Value::Uninit)),
            },
            Stmt::Delete(array, subscripts) => self.run_delete(*array, subscripts.as_deref()),
            Stmt::ReadRecord => {
                self.getline(None, &Getline::Main)?;
                Ok(Flow::Normal)
            }
        }
    }

    fn run_while(&mut self, cond: &Expr, body: &Stmt) -> Result<Flow, Stop> {
        while self.eval(cond)?.truthy() {
            match self.statement(body)? {
                Flow::Break => break,
                Flow::Continue | Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn run_do(&mut self, body: &Stmt, cond: &Expr) -> Result<Flow, Stop> {
        loop {
            match self.statement(body)? {
                Flow::Break => break,
                Flow::Continue | Flow::Normal => {}
                other => return Ok(other),
            }
            if !self.eval(cond)?.truthy() {
                break;
            }
        }
        Ok(Flow::Normal)
    }

    fn run_for(
        &mut self,
        init: Option<&Stmt>,
        cond: Option<&Expr>,
        step: Option<&Stmt>,
        body: &Stmt,
    ) -> Result<Flow, Stop> {
        if let Some(init) = init {
            self.statement(init)?;
        }
        loop {
            if let Some(c) = cond {
                if !self.eval(c)?.truthy() {
                    break;
                }
            }
            match self.statement(body)? {
                Flow::Break => break,
                Flow::Continue | Flow::Normal => {}
                other => return Ok(other),
            }
            if let Some(step) = step {
                self.statement(step)?;
            }
        }
        Ok(Flow::Normal)
    }

    fn run_for_in(&mut self, key: Var, array: Var, body: &Stmt) -> Result<Flow, Stop> {
        let a = self.array_of(array)?;
        let keys = self.array_mut(a).keys();
        // The snapshot of the keys costs its size, so re-walking a big array is bounded.
        self.work(keys.iter().map(|k| k.len() as u64 + 16).sum())?;
        for k in keys {
            self.step()?;
            self.write_var(key, Value::Str(k))?;
            match self.statement(body)? {
                Flow::Break => break,
                Flow::Continue | Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn run_delete(&mut self, array: Var, subscripts: Option<&[Expr]>) -> Result<Flow, Stop> {
        let a = self.array_of(array)?;
        match subscripts {
            Some(list) => {
                let key = self.key(list)?;
                self.array_mut(a).delete(&key);
            }
            None => self.array_mut(a).clear(),
        }
        Ok(Flow::Normal)
    }

    fn print(
        &mut self,
        printf: bool,
        args: &[Expr],
        output: Option<&(Redirect, Expr)>,
    ) -> Result<(), Stop> {
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            values.push(self.eval(a)?);
        }
        let text = if printf {
            let format = values
                .first()
                .map(|v| self.string_of(v))
                .unwrap_or_default();
            let (text, short) = sprintf(
                &format,
                values.get(1..).unwrap_or(&[]),
                &self.convfmt(),
                !self.mawk,
            );
            if short && self.mawk {
                return self.fail(RuntimeError::TooFewArguments(format));
            }
            text
        } else {
            let ofmt = self.get_special(Special::Ofmt).string("%.6g");
            let ofs = self.get_special(Special::Ofs).string("%.6g");
            let ors = self.get_special(Special::Ors).string("%.6g");
            let mut line = String::new();
            if values.is_empty() {
                line.push_str(&self.record);
            }
            for (k, v) in values.iter().enumerate() {
                if k > 0 {
                    line.push_str(&ofs);
                }
                match v {
                    // mawk's print_cell signs an infinity or NaN (`+inf`, `-nan`).
                    Value::Num(n) if self.mawk && !n.is_finite() => {
                        let t = number_to_string(*n, &ofmt);
                        if !t.starts_with('-') {
                            line.push('+');
                        }
                        line.push_str(&t);
                    }
                    Value::Num(n) => line.push_str(&number_to_string(*n, &ofmt)),
                    other => line.push_str(&other.string("%.6g")),
                }
            }
            line.push_str(&ors);
            line
        };
        let target = match output {
            Some((how, e)) => {
                let v = self.eval(e)?;
                Some((*how, self.string_of(&v)))
            }
            None => None,
        };
        self.output(target, &text)
    }

    fn output(&mut self, target: Option<(Redirect, String)>, text: &str) -> Result<(), Stop> {
        self.work(text.len() as u64)?;
        match target {
            None => self.stdout.push_str(text),
            Some((_, path)) if path == "/dev/stdout" || path == "-" => self.stdout.push_str(text),
            // `print | "cat"` is stdout again, `"cat 1>&2"` stderr; other commands are not run.
            Some((Redirect::Pipe, command)) => match command.trim() {
                "cat" => self.stdout.push_str(text),
                "cat 1>&2" | "cat >&2" | "cat>&2" => {
                    let _ = self.world.write("/dev/stderr", text, true);
                }
                other => self.world.not_modelled(&format!("print | \"{other}\"")),
            },
            Some((how, path)) => {
                let first = !self.outputs.contains_key(&path);
                let append = how == Redirect::Append || !first;
                self.outputs.insert(path.clone(), ());
                if let Err(e) = self.world.write(&path, text, append) {
                    return self.fail(RuntimeError::CannotOpen(path, e, true));
                }
            }
        }
        Ok(())
    }

    fn getline(&mut self, target: Option<&Expr>, source: &Getline) -> Result<Value, Stop> {
        let record = match source {
            Getline::Main => {
                let r = self.next_record()?;
                if r.is_none() {
                    return Ok(Value::Num(0.0));
                }
                r
            }
            Getline::File(e) => {
                let v = self.eval(e)?;
                let path = self.string_of(&v);
                if !self.files.contains_key(&path) {
                    let text = if path == "-" || path == "/dev/stdin" {
                        self.world.stdin()
                    } else {
                        match self.world.read(&path) {
                            Ok(t) => t,
                            Err(_) => return Ok(Value::Num(-1.0)),
                        }
                    };
                    self.files.insert(path.clone(), Input { text, at: 0 });
                }
                let rs = self.get_special(Special::Rs).string("%.6g");
                let mawk = self.mawk;
                match self
                    .files
                    .get_mut(&path)
                    .and_then(|input| take_record(input, &rs, mawk))
                {
                    Some(r) => Some(r),
                    None => return Ok(Value::Num(0.0)),
                }
            }
            Getline::Command(e) => {
                let v = self.eval(e)?;
                let command = self.string_of(&v);
                self.world.not_modelled(&format!("\"{command}\" | getline"));
                return Ok(Value::Num(0.0));
            }
        };
        let text = record.unwrap_or_default();
        self.work(text.len() as u64)?;
        match target {
            Some(t) => {
                self.assign(t, Value::StrNum(text))?;
            }
            None => self.set_record(text),
        }
        if matches!(source, Getline::Main) && target.is_some() {
            // `getline var` counts the record but leaves $0 alone (counted in next_record).
        }
        Ok(Value::Num(1.0))
    }

    // ---- expressions -------------------------------------------------------------------

    fn eval(&mut self, e: &Expr) -> Result<Value, Stop> {
        self.enter()?;
        let value = self.eval_inner(e);
        self.nesting -= 1;
        value
    }

    /// One more level of statements and expressions being run (the Rust stack they take).
    fn enter(&mut self) -> Result<(), Stop> {
        if self.nesting >= MAX_NESTING {
            return self.fail(RuntimeError::NestingTooDeep);
        }
        self.nesting += 1;
        Ok(())
    }

    /// Dispatches one expression; the work is in small functions of their own, so each level
    /// of a deep expression or recursion takes little stack (debug builds keep every temporary
    /// of a function in its frame).
    fn eval_inner(&mut self, e: &Expr) -> Result<Value, Stop> {
        self.step()?;
        match e {
            Expr::Number(n) => Ok(Value::Num(*n)),
            Expr::Str(s) => Ok(Value::Str(s.clone())),
            Expr::Regex(i) => self.eval_regex(*i),
            Expr::Variable(v) => self.read_var(*v),
            Expr::Field(index) => self.eval_field(index),
            Expr::Element(var, subscripts) => self.eval_element(*var, subscripts),
            Expr::In(subscripts, var) => self.eval_in(subscripts, *var),
            Expr::Assign(op, target, value) => self.eval_assign(*op, target, value),
            Expr::Ternary(c, a, b) => {
                let branch = if self.eval(c)?.truthy() { a } else { b };
                self.eval(branch)
            }
            Expr::And(a, b) => {
                let result = self.eval(a)?.truthy() && self.eval(b)?.truthy();
                Ok(boolean(result))
            }
            Expr::Or(a, b) => {
                let result = self.eval(a)?.truthy() || self.eval(b)?.truthy();
                Ok(boolean(result))
            }
            Expr::Not(a) => Ok(boolean(!self.eval(a)?.truthy())),
            Expr::Arith(op, a, b) => self.eval_arith(*op, a, b),
            Expr::Compare(op, a, b) => self.eval_compare(op, a, b),
            Expr::Match(negate, subject, pattern) => self.eval_match(*negate, subject, pattern),
            Expr::Concat(a, b) => self.eval_concat(a, b),
            Expr::Negate(a) => Ok(Value::Num(-self.eval(a)?.number())),
            Expr::Plus(a) => Ok(Value::Num(self.eval(a)?.number())),
            Expr::Increment(prefix, delta, target) => self.eval_increment(*prefix, *delta, target),
            Expr::Call(f, args) => self.call(*f, args),
            Expr::Builtin(name, args) => self.builtin(name, args),
            Expr::Getline(target, source) => self.getline(target.as_deref(), source),
            Expr::Grouping(list) => self.eval_grouping(list),
        }
    }

    fn eval_regex(&mut self, i: usize) -> Result<Value, Stop> {
        let re = self.program.regexes[i].clone();
        let record = self.record.clone();
        Ok(boolean(self.matches(&re, &record)?))
    }

    fn eval_field(&mut self, index: &Expr) -> Result<Value, Stop> {
        let i = self.field_index(index)?;
        Ok(self.field(i))
    }

    fn eval_element(&mut self, var: Var, subscripts: &[Expr]) -> Result<Value, Stop> {
        let a = self.array_of(var)?;
        let key = self.key(subscripts)?;
        Ok(self
            .array_mut(a)
            .get(&key, true)
            .cloned()
            .unwrap_or(Value::Uninit))
    }

    fn eval_in(&mut self, subscripts: &[Expr], var: Var) -> Result<Value, Stop> {
        let a = self.array_of(var)?;
        let key = self.key(subscripts)?;
        Ok(boolean(self.array_mut(a).get(&key, false).is_some()))
    }

    fn eval_assign(&mut self, op: char, target: &Expr, value: &Expr) -> Result<Value, Stop> {
        let v = self.eval(value)?;
        // Assignment copies the value; a field's text stays a numeric string.
        let v = if op == '=' {
            v
        } else {
            let old = self.eval(target)?.number();
            Value::Num(self.arith(op, old, v.number())?)
        };
        self.assign(target, v)
    }

    fn eval_arith(&mut self, op: char, a: &Expr, b: &Expr) -> Result<Value, Stop> {
        let x = self.eval(a)?.number();
        let y = self.eval(b)?.number();
        Ok(Value::Num(self.arith(op, x, y)?))
    }

    fn eval_compare(&mut self, op: &str, a: &Expr, b: &Expr) -> Result<Value, Stop> {
        let x = self.eval(a)?;
        let y = self.eval(b)?;
        let ord = compare(&x, &y, &self.convfmt());
        Ok(boolean(match op {
            "<" => ord.is_lt(),
            "<=" => ord.is_le(),
            "==" => ord.is_eq(),
            "!=" => ord.is_ne(),
            ">=" => ord.is_ge(),
            _ => ord.is_gt(),
        }))
    }

    fn eval_match(&mut self, negate: bool, subject: &Expr, pattern: &Expr) -> Result<Value, Stop> {
        let s = self.eval(subject)?;
        let text = self.string_of(&s);
        let re = self.regex_of(pattern)?;
        Ok(boolean(self.matches(&re, &text)? != negate))
    }

    fn eval_concat(&mut self, a: &Expr, b: &Expr) -> Result<Value, Stop> {
        let x = self.eval(a)?;
        let y = self.eval(b)?;
        let mut s = self.string_of(&x);
        let t = self.string_of(&y);
        self.work((s.len() + t.len()) as u64)?;
        if s.len() + t.len() > 1 << 20 {
            return Err(Stop::Busy);
        }
        s.push_str(&t);
        Ok(Value::Str(s))
    }

    fn eval_increment(&mut self, prefix: bool, delta: f64, target: &Expr) -> Result<Value, Stop> {
        let old = self.eval(target)?.number();
        self.assign(target, Value::Num(old + delta))?;
        Ok(Value::Num(if prefix { old + delta } else { old }))
    }

    fn eval_grouping(&mut self, list: &[Expr]) -> Result<Value, Stop> {
        // `(a, b)` outside `in` and print: the values joined by SUBSEP.
        let sep = self.get_special(Special::Subsep).string("%.6g");
        let mut parts = Vec::new();
        for e in list {
            let v = self.eval(e)?;
            parts.push(self.string_of(&v));
        }
        Ok(Value::Str(parts.join(&sep)))
    }

    fn arith(&self, op: char, x: f64, y: f64) -> Result<f64, Stop> {
        Ok(match op {
            '+' => x + y,
            '-' => x - y,
            '*' => x * y,
            // busybox stops at a division by zero; mawk goes on with IEEE results (`inf`, and
            // the CPU's negative NaN for 0/0 and x%0).
            '/' | '%' if y == 0.0 && !self.mawk => return self.fail(RuntimeError::DivisionByZero),
            '/' if y == 0.0 && (x == 0.0 || x.is_nan()) => -f64::NAN,
            '%' if y == 0.0 => -f64::NAN,
            '/' => x / y,
            '%' => x % y,
            _ => x.powf(y),
        })
    }

    fn call(&mut self, f: usize, args: &[Expr]) -> Result<Value, Stop> {
        let function = &self.program.functions[f];
        if self.frames.len() >= MAX_CALL_DEPTH {
            return self.fail(RuntimeError::NestingTooDeep);
        }
        let mut slots = Vec::with_capacity(function.params.max(args.len()));
        for (k, a) in args.iter().enumerate() {
            let is_array_param = function.array_params.get(k).copied().unwrap_or(false);
            let slot = match a {
                Expr::Variable(v) => {
                    let passes_array = match v {
                        Var::Global(i) => matches!(self.globals[*i], Slot::Array(..)),
                        Var::Local(i) => matches!(
                            self.frames.last().and_then(|fr| fr.slots.get(*i)),
                            Some(Slot::Array(..))
                        ),
                    };
                    if passes_array || is_array_param {
                        let (local, id) = self.array_of(*v)?;
                        Slot::Array(local, id)
                    } else {
                        Slot::Value(self.eval(a)?)
                    }
                }
                _ => Slot::Value(self.eval(a)?),
            };
            slots.push(slot);
        }
        while slots.len() < function.params {
            slots.push(Slot::Value(Value::Uninit));
        }
        let base = self.local_arrays.len();
        self.frames.push(Frame {
            slots,
            arena_base: base,
        });
        let flow = self.block(&function.body);
        if let Some(frame) = self.frames.pop() {
            self.local_arrays.truncate(frame.arena_base);
        }
        Ok(match flow? {
            Flow::Return(v) => v,
            _ => Value::Uninit,
        })
    }

    fn builtin(&mut self, name: &str, args: &[Expr]) -> Result<Value, Stop> {
        // A built-in's frame is several times an expression's: it counts as four levels.
        self.nesting += 3;
        let value = match self.enter() {
            Ok(()) => {
                let value = self.builtin_inner(name, args);
                self.nesting -= 1;
                value
            }
            Err(e) => Err(e),
        };
        self.nesting -= 3;
        value
    }

    fn builtin_inner(&mut self, name: &str, args: &[Expr]) -> Result<Value, Stop> {
        let arg = |interp: &mut Self, k: usize| -> Result<Value, Stop> {
            match args.get(k) {
                Some(e) => interp.eval(e),
                None => Ok(Value::Uninit),
            }
        };
        let text = |interp: &mut Self, k: usize| -> Result<String, Stop> {
            let v = arg(interp, k)?;
            Ok(interp.string_of(&v))
        };
        Ok(match name {
            "length" => match args.first() {
                None => Value::Num(self.record.len() as f64),
                Some(Expr::Variable(v)) if self.is_array(*v) => {
                    let a = self.array_of(*v)?;
                    Value::Num(self.array_mut(a).len() as f64)
                }
                Some(_) => Value::Num(text(self, 0)?.len() as f64),
            },
            "substr" => {
                let s = text(self, 0)?;
                let len = s.len() as i64;
                let m = c_int(arg(self, 1)?.number());
                let count = if args.len() > 2 {
                    Some(c_int(arg(self, 2)?.number()))
                } else {
                    None
                };
                // Both truncate toward zero (not POSIX's rounding), each its own way.
                let (from, n) = if self.mawk {
                    // bi_funct.c bi_substr: a start before 1 shortens the count.
                    let mut i = m - 1;
                    let mut n = count.unwrap_or(len);
                    if i > len {
                        n = 0;
                    }
                    if i < 0 {
                        n -= i + 1;
                        i = 0;
                    }
                    (i, n.min(len - i))
                } else {
                    // editors/awk.c B_ss: the start is clamped, the count kept.
                    let i = (m - 1).clamp(0, len);
                    (i, count.unwrap_or(len - i).max(0).min(len - i))
                };
                if n <= 0 {
                    Value::Str(String::new())
                } else {
                    let bytes = &s.as_bytes()[from as usize..(from + n) as usize];
                    Value::Str(String::from_utf8_lossy(bytes).into_owned())
                }
            }
            "index" => {
                let s = text(self, 0)?;
                let t = text(self, 1)?;
                self.work(s.len() as u64)?;
                if t.is_empty() && !self.mawk {
                    // busybox finds nothing for an empty string.
                    Value::Num(0.0)
                } else {
                    Value::Num(s.find(&t).map_or(0.0, |i| i as f64 + 1.0))
                }
            }
            "split" => {
                let s = text(self, 0)?;
                let Some(Expr::Variable(v)) = args.get(1) else {
                    return self.fail(RuntimeError::NotArray);
                };
                let pieces = match args.get(2) {
                    Some(Expr::Regex(i)) => {
                        let pattern = self.program.regexes[*i].clone();
                        self.split_regex(&s, &pattern)
                    }
                    Some(e) => {
                        let fs = {
                            let v = self.eval(e)?;
                            self.string_of(&v)
                        };
                        self.split_text(&s, &fs)
                    }
                    None => {
                        let fs = self.get_special(Special::Fs).string("%.6g");
                        self.split_text(&s, &fs)
                    }
                };
                self.work(s.len() as u64)?;
                let n = pieces.len();
                let a = self.array_of(*v)?;
                self.array_mut(a).load(pieces);
                Value::Num(n as f64)
            }
            "sub" | "gsub" => {
                let re = match args.first() {
                    Some(e) => self.regex_of(e)?,
                    None => return self.fail(RuntimeError::TooFewArguments(name.into())),
                };
                let replacement = text(self, 1)?;
                let target = args
                    .get(2)
                    .cloned()
                    .unwrap_or(Expr::Field(Box::new(Expr::Number(0.0))));
                let current = self.eval(&target)?;
                let current = self.string_of(&current);
                let (result, count) =
                    self.substitute(&re, &replacement, &current, name == "gsub")?;
                if count > 0 {
                    self.assign(&target, Value::Str(result))?;
                }
                Value::Num(count as f64)
            }
            "match" => {
                let s = text(self, 0)?;
                let re = match args.get(1) {
                    Some(e) => self.regex_of(e)?,
                    None => return self.fail(RuntimeError::TooFewArguments(name.into())),
                };
                let mut work = 0;
                let found = re.find_at(s.as_bytes(), 0, &mut work);
                self.work(work)?;
                let (start, length) = match found {
                    Some((a, b)) => (a as f64 + 1.0, (b - a) as f64),
                    None => (0.0, -1.0),
                };
                self.set_special(Special::Rstart, Value::Num(start));
                self.set_special(Special::Rlength, Value::Num(length));
                Value::Num(start)
            }
            "sprintf" => {
                let mut values = Vec::new();
                for k in 0..args.len() {
                    values.push(arg(self, k)?);
                }
                let format = values
                    .first()
                    .map(|v| self.string_of(v))
                    .unwrap_or_default();
                let (out, short) = sprintf(
                    &format,
                    values.get(1..).unwrap_or(&[]),
                    &self.convfmt(),
                    !self.mawk,
                );
                if short && self.mawk {
                    return self.fail(RuntimeError::TooFewArguments(format));
                }
                self.work(out.len() as u64)?;
                Value::Str(out)
            }
            "tolower" => Value::Str(text(self, 0)?.to_ascii_lowercase()),
            "toupper" => Value::Str(text(self, 0)?.to_ascii_uppercase()),
            "int" => Value::Num(arg(self, 0)?.number().trunc()),
            "sqrt" => Value::Num(arg(self, 0)?.number().sqrt()),
            "exp" => Value::Num(arg(self, 0)?.number().exp()),
            "log" => Value::Num(arg(self, 0)?.number().ln()),
            "sin" => Value::Num(arg(self, 0)?.number().sin()),
            "cos" => Value::Num(arg(self, 0)?.number().cos()),
            "atan2" => {
                let y = arg(self, 0)?.number();
                Value::Num(y.atan2(arg(self, 1)?.number()))
            }
            "rand" => {
                // A fixed linear congruential sequence: deterministic, as everything here.
                self.random = self
                    .random
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407)
                    .wrapping_add(self.seed.to_bits());
                Value::Num((self.random >> 11) as f64 / (1u64 << 53) as f64)
            }
            "srand" => {
                let previous = self.seed;
                self.seed = if args.is_empty() {
                    self.now_unix as f64
                } else {
                    arg(self, 0)?.number()
                };
                self.random = 0;
                Value::Num(previous)
            }
            "system" => {
                let command = text(self, 0)?;
                self.world.not_modelled(&format!("system(\"{command}\")"));
                Value::Num(0.0)
            }
            "close" => {
                let path = text(self, 0)?;
                let known =
                    self.files.remove(&path).is_some() | self.outputs.remove(&path).is_some();
                Value::Num(if known { 0.0 } else { -1.0 })
            }
            _ => Value::Num(0.0),
        })
    }

    fn is_array(&self, v: Var) -> bool {
        match v {
            Var::Global(i) => matches!(self.globals[i], Slot::Array(..)),
            Var::Local(i) => matches!(
                self.frames.last().and_then(|f| f.slots.get(i)),
                Some(Slot::Array(..))
            ),
        }
    }

    fn split_regex(&mut self, text: &str, re: &Regex) -> Vec<String> {
        if text.is_empty() {
            return Vec::new();
        }
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        let mut work = 0;
        while let Some((s, e)) = re.find_at(bytes, at, &mut work) {
            if e == s {
                break;
            }
            out.push(String::from_utf8_lossy(&bytes[at..s]).into_owned());
            at = e;
        }
        out.push(String::from_utf8_lossy(&bytes[at..]).into_owned());
        let _ = self.work(work);
        out
    }

    /// `sub`/`gsub`: `&` in the replacement is the matched text, `\&` a literal `&`.
    fn substitute(
        &mut self,
        re: &Regex,
        replacement: &str,
        text: &str,
        global: bool,
    ) -> Result<(String, usize), Stop> {
        let bytes = text.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(text.len());
        let mut at = 0;
        let mut count = 0;
        let mut work = 0;
        let mut last_match_end: Option<usize> = None;
        while at <= bytes.len() {
            let Some((s, e)) = re.find_at(bytes, at, &mut work) else {
                break;
            };
            // An empty match right after the previous match is not a new one.
            if s == e && last_match_end == Some(s) {
                if s < bytes.len() {
                    out.push(bytes[s]);
                }
                at = s + 1;
                continue;
            }
            out.extend_from_slice(&bytes[at..s]);
            let rb = replacement.as_bytes();
            let mut k = 0;
            while k < rb.len() {
                match rb[k] {
                    b'\\' if rb.get(k + 1) == Some(&b'&') => {
                        out.push(b'&');
                        k += 2;
                    }
                    b'\\' if rb.get(k + 1) == Some(&b'\\') => {
                        out.push(b'\\');
                        k += 2;
                    }
                    b'&' => {
                        out.extend_from_slice(&bytes[s..e]);
                        k += 1;
                    }
                    c => {
                        out.push(c);
                        k += 1;
                    }
                }
            }
            count += 1;
            last_match_end = Some(e);
            if out.len() > 1 << 20 {
                return Err(Stop::Busy);
            }
            if !global {
                at = e;
                break;
            }
            if e == s {
                if s < bytes.len() {
                    out.push(bytes[s]);
                }
                at = s + 1;
            } else {
                at = e;
            }
        }
        if at < bytes.len() {
            out.extend_from_slice(&bytes[at..]);
        }
        self.work(work + out.len() as u64)?;
        Ok((String::from_utf8_lossy(&out).into_owned(), count))
    }
}

/// `name=value` as an operand (a valid name before `=`).
pub(super) fn operand_assignment(arg: &str) -> Option<(&str, &str)> {
    let (name, value) = arg.split_once('=')?;
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((name, value))
}

/// A double converted to a C `int` (truncated; out of range: the nearest bound).
fn c_int(n: f64) -> i64 {
    if n.is_nan() {
        return 0;
    }
    n.trunc().clamp(-2_147_483_647.0, 2_147_483_647.0) as i64
}

/// The next record of `input` by `rs`: a newline (or one character), a blank line for `""`
/// (paragraph mode), or — mawk — a regular expression for longer separators.
fn take_record(input: &mut Input, rs: &str, mawk: bool) -> Option<String> {
    let rest = &input.text[input.at..];
    if rest.is_empty() {
        return None;
    }
    if rs.is_empty() {
        let trimmed = rest.trim_start_matches('\n');
        let skipped = rest.len() - trimmed.len();
        if trimmed.is_empty() {
            input.at = input.text.len();
            return None;
        }
        let (record, advance) = match trimmed.find("\n\n") {
            Some(i) => {
                let after = trimmed[i..].trim_start_matches('\n');
                (&trimmed[..i], trimmed.len() - after.len())
            }
            None => (trimmed.trim_end_matches('\n'), trimmed.len()),
        };
        let record = record.to_string();
        input.at += skipped + advance;
        return Some(record);
    }
    let separator: String = if rs.len() > 1 && !mawk {
        rs.chars().take(1).collect()
    } else {
        rs.to_string()
    };
    if separator.chars().count() > 1 {
        if let Ok(re) = Regex::new(separator.as_bytes()) {
            let mut work = 0;
            return Some(match re.find_at(rest.as_bytes(), 0, &mut work) {
                Some((s, e)) if e > s => {
                    let record = rest[..s].to_string();
                    input.at += e;
                    record
                }
                _ => {
                    input.at = input.text.len();
                    rest.to_string()
                }
            });
        }
    }
    match rest.find(separator.as_str()) {
        Some(i) => {
            let record = rest[..i].to_string();
            input.at += i + separator.len();
            Some(record)
        }
        None => {
            input.at = input.text.len();
            Some(rest.to_string())
        }
    }
}

/// awk's truth value as a number.
fn boolean(b: bool) -> Value {
    Value::Num(f64::from(u8::from(b)))
}
