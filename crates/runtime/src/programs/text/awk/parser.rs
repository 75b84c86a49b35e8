//! awk's grammar (POSIX, as busybox and mawk accept it) by recursive descent over the token
//! list: pattern-action items, `BEGIN`/`END`, functions, statements and the expression
//! precedence ladder (`?:`, `||`, `&&`, `in`, `~`, comparison, concatenation, `+`, `*`, unary,
//! `^`, `++`, `$`).

use super::lexer::{LexError, Lexer, Token};
use crate::programs::text::ere::{ReError, Regex};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Var {
    Global(usize),
    Local(usize),
}

#[derive(Clone, Debug)]
pub(super) enum Getline {
    Main,
    File(Box<Expr>),
    Command(Box<Expr>),
}

#[derive(Clone, Debug)]
pub(super) enum Expr {
    Number(f64),
    Str(String),
    /// A regular expression literal: `$0 ~ /re/` as a value.
    Regex(usize),
    Variable(Var),
    Field(Box<Expr>),
    Element(Var, Vec<Expr>),
    In(Vec<Expr>, Var),
    /// `=` (op `'='`) or `+=`, `-=`, ... (op `'+'`, ...).
    Assign(char, Box<Expr>, Box<Expr>),
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Arith(char, Box<Expr>, Box<Expr>),
    Compare(&'static str, Box<Expr>, Box<Expr>),
    /// `~` (false) or `!~` (true).
    Match(bool, Box<Expr>, Box<Expr>),
    Concat(Box<Expr>, Box<Expr>),
    Negate(Box<Expr>),
    Plus(Box<Expr>),
    /// (prefix?, +1 or -1, lvalue)
    Increment(bool, f64, Box<Expr>),
    Call(usize, Vec<Expr>),
    Builtin(&'static str, Vec<Expr>),
    Getline(Option<Box<Expr>>, Getline),
    /// `(a, b)`: only before `in` or as print's arguments.
    Grouping(Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Redirect {
    Truncate,
    Append,
    Pipe,
}

#[derive(Clone, Debug)]
pub(super) enum Stmt {
    /// An expression, and its line (busybox names the line in run-time errors).
    Expr(Expr, u32),
    Print(bool, Vec<Expr>, Option<(Redirect, Expr)>, u32),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    Do(Box<Stmt>, Expr),
    For(
        Option<Box<Stmt>>,
        Option<Expr>,
        Option<Box<Stmt>>,
        Box<Stmt>,
    ),
    ForIn(Var, Var, Box<Stmt>),
    Block(Vec<Stmt>),
    Next,
    NextFile,
    Exit(Option<Expr>),
    Return(Option<Expr>),
    Break,
    Continue,
    Delete(Var, Option<Vec<Expr>>),
    /// A plain `getline`: the next record into `$0`.
    ReadRecord,
}

#[derive(Clone, Debug)]
pub(super) enum Pattern {
    All,
    Expr(Expr),
    Range(Expr, Expr),
}

#[derive(Clone, Debug)]
pub(super) struct Function {
    pub name: String,
    pub params: usize,
    /// Parameters the body uses as arrays (an unset argument becomes the caller's array).
    pub array_params: Vec<bool>,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Program {
    pub begin: Vec<Stmt>,
    pub end: Vec<Stmt>,
    pub rules: Vec<(Pattern, Option<Vec<Stmt>>)>,
    pub functions: Vec<Function>,
    pub globals: Vec<String>,
    pub regexes: Vec<Regex>,
}

/// What went wrong, and on which line; `mod.rs` words it as the image's awk does.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum ParseError {
    /// The token (its text), or `None` at the end of a line or of the program.
    Unexpected(Option<String>, u32),
    /// A `}` or `)` is missing when the program ends (mawk: `missing } near end of file`).
    Missing(char, String, u32),
    Lex(LexError, u32),
    Regex(ReError, String, u32),
    UndefinedFunction(String, u32),
    DuplicateFunction(String, u32),
    OutsideLoop(&'static str, u32),
    /// mawk: a name used as a variable and as an array (true: first as an array).
    TypeClash(String, bool, u32),
    /// mawk: a `)` or `}` with nothing open.
    Extra(char, u32),
}

/// Statement nesting the parser accepts (recursion bound for hostile input).
const MAX_DEPTH: u32 = 100;

pub(super) struct Parser {
    tokens: Vec<(Token, u32)>,
    at: usize,
    program: Program,
    locals: Vec<String>,
    local_arrays: Vec<bool>,
    calls: Vec<(String, u32)>,
    loops: u32,
    depth: u32,
    braces: u32,
    parens: u32,
    /// Per global: used as a scalar / as an array (mawk checks both never happen).
    uses: Vec<(bool, bool)>,
    clash: Option<(String, bool, u32)>,
    mawk: bool,
}

pub(super) fn parse(text: &str, mawk: bool) -> Result<Program, ParseError> {
    let mut lexer = Lexer::new(text, mawk);
    let mut tokens = Vec::new();
    loop {
        let line = lexer.line;
        match lexer.next() {
            Ok(Token::End) => {
                // mawk reads the program with a newline added: the end is one line further.
                tokens.push((Token::End, lexer.line + u32::from(mawk)));
                break;
            }
            Ok(t) => tokens.push((t, line)),
            Err(e) => return Err(ParseError::Lex(e, lexer.line)),
        }
        if tokens.len() > 200_000 {
            return Err(ParseError::Unexpected(None, lexer.line));
        }
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        program: Program::default(),
        locals: Vec::new(),
        local_arrays: Vec::new(),
        calls: Vec::new(),
        loops: 0,
        depth: 0,
        braces: 0,
        parens: 0,
        uses: Vec::new(),
        clash: None,
        mawk,
    };
    parser.items()?;
    if let (true, Some((name, array_first, line))) = (mawk, parser.clash.take()) {
        return Err(ParseError::TypeClash(name, array_first, line));
    }
    // Calls are resolved once every function is known (a call may come first).
    let mut resolved = Vec::new();
    let end_line = parser.tokens.last().map_or(1, |t| t.1);
    for (name, line) in &parser.calls {
        match parser
            .program
            .functions
            .iter()
            .position(|f| &f.name == name)
        {
            Some(i) => resolved.push(i),
            // mawk finds it out at the end of the program.
            None => {
                return Err(ParseError::UndefinedFunction(
                    name.clone(),
                    if mawk { end_line } else { *line },
                ))
            }
        }
    }
    let mut program = parser.program;
    let map: Vec<usize> = resolved;
    let fix = |stmts: &mut Vec<Stmt>| {
        for s in stmts.iter_mut() {
            fix_stmt(s, &map);
        }
    };
    fix(&mut program.begin);
    fix(&mut program.end);
    for (pattern, action) in program.rules.iter_mut() {
        match pattern {
            Pattern::All => {}
            Pattern::Expr(e) => fix_expr(e, &map),
            Pattern::Range(a, b) => {
                fix_expr(a, &map);
                fix_expr(b, &map);
            }
        }
        if let Some(a) = action {
            fix(a);
        }
    }
    for f in program.functions.iter_mut() {
        fix(&mut f.body);
    }
    Ok(program)
}

/// Replaces each call's provisional number (its place in the call list) by the function's.
fn fix_expr(e: &mut Expr, map: &[usize]) {
    match e {
        Expr::Call(i, args) => {
            *i = map.get(*i).copied().unwrap_or(0);
            for a in args {
                fix_expr(a, map);
            }
        }
        Expr::Field(a)
        | Expr::Not(a)
        | Expr::Negate(a)
        | Expr::Plus(a)
        | Expr::Increment(_, _, a) => fix_expr(a, map),
        Expr::Element(_, list)
        | Expr::In(list, _)
        | Expr::Builtin(_, list)
        | Expr::Grouping(list) => {
            for a in list {
                fix_expr(a, map);
            }
        }
        Expr::Assign(_, a, b)
        | Expr::And(a, b)
        | Expr::Or(a, b)
        | Expr::Arith(_, a, b)
        | Expr::Compare(_, a, b)
        | Expr::Match(_, a, b)
        | Expr::Concat(a, b) => {
            fix_expr(a, map);
            fix_expr(b, map);
        }
        Expr::Ternary(a, b, c) => {
            fix_expr(a, map);
            fix_expr(b, map);
            fix_expr(c, map);
        }
        Expr::Getline(target, source) => {
            if let Some(t) = target {
                fix_expr(t, map);
            }
            if let Getline::File(x) | Getline::Command(x) = source {
                fix_expr(x, map);
            }
        }
        Expr::Number(_) | Expr::Str(_) | Expr::Regex(_) | Expr::Variable(_) => {}
    }
}

fn fix_stmt(s: &mut Stmt, map: &[usize]) {
    match s {
        Stmt::Expr(e, _) => fix_expr(e, map),
        Stmt::Do(b, e) | Stmt::While(e, b) => {
            fix_expr(e, map);
            fix_stmt(b, map);
        }
        Stmt::Print(_, args, output, _) => {
            for a in args {
                fix_expr(a, map);
            }
            if let Some((_, e)) = output {
                fix_expr(e, map);
            }
        }
        Stmt::If(c, a, b) => {
            fix_expr(c, map);
            fix_stmt(a, map);
            if let Some(b) = b {
                fix_stmt(b, map);
            }
        }
        Stmt::For(init, cond, step, body) => {
            if let Some(i) = init {
                fix_stmt(i, map);
            }
            if let Some(c) = cond {
                fix_expr(c, map);
            }
            if let Some(s) = step {
                fix_stmt(s, map);
            }
            fix_stmt(body, map);
        }
        Stmt::ForIn(_, _, body) => fix_stmt(body, map),
        Stmt::Block(list) => {
            for s in list {
                fix_stmt(s, map);
            }
        }
        Stmt::Exit(Some(e)) | Stmt::Return(Some(e)) => fix_expr(e, map),
        Stmt::Delete(_, Some(list)) => {
            for e in list {
                fix_expr(e, map);
            }
        }
        _ => {}
    }
}

fn is_lvalue(e: &Expr) -> bool {
    matches!(e, Expr::Variable(_) | Expr::Field(_) | Expr::Element(..))
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.at.min(self.tokens.len() - 1)].0
    }

    fn peek_at(&self, k: usize) -> &Token {
        &self.tokens[(self.at + k).min(self.tokens.len() - 1)].0
    }

    fn line(&self) -> u32 {
        self.tokens[self.at.min(self.tokens.len() - 1)].1
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        self.at += 1;
        t
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Token::Op(o) if *o == op)
    }

    fn is_keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Token::Keyword(x) if *x == k)
    }

    fn error<T>(&self) -> Result<T, ParseError> {
        let line = self.line();
        let token = self.peek();
        match token {
            Token::Op(")") if self.parens == 0 => return Err(ParseError::Extra(')', line)),
            Token::Op("}") if self.braces == 0 => return Err(ParseError::Extra('}', line)),
            _ => {}
        }
        if matches!(token, Token::End) {
            if self.braces > 0 {
                return Err(ParseError::Missing('}', "end of file".into(), line));
            }
            if self.parens > 0 {
                return Err(ParseError::Missing(')', "end of file".into(), line));
            }
        }
        if self.parens > 0 && matches!(token, Token::Newline | Token::Op(";" | "}")) {
            let near = match token {
                Token::Newline => "end of line".to_string(),
                Token::Op(o) => o.to_string(),
                _ => String::new(),
            };
            return Err(ParseError::Missing(')', near, line));
        }
        let text = match token {
            Token::End | Token::Newline => None,
            Token::Number(n) => Some(super::value::number_to_string(*n, "%.6g")),
            Token::String(s) | Token::Name(s) | Token::Call(s) => Some(s.clone()),
            Token::Regex(r) => Some(format!("/{r}/")),
            Token::Builtin(b) | Token::Keyword(b) | Token::Op(b) => Some(b.to_string()),
        };
        Err(ParseError::Unexpected(text, line))
    }

    fn expect_op(&mut self, op: &str) -> Result<(), ParseError> {
        if self.is_op(op) {
            self.bump();
            Ok(())
        } else {
            self.error()
        }
    }

    fn newlines(&mut self) {
        while matches!(self.peek(), Token::Newline) {
            self.bump();
        }
    }

    fn terminators(&mut self) {
        while matches!(self.peek(), Token::Newline | Token::Op(";")) {
            self.bump();
        }
    }

    fn global(&mut self, name: &str) -> usize {
        match self.program.globals.iter().position(|g| g == name) {
            Some(i) => i,
            None => {
                self.program.globals.push(name.to_string());
                self.program.globals.len() - 1
            }
        }
    }

    fn variable(&mut self, name: &str, as_array: bool) -> Var {
        match self.locals.iter().position(|l| l == name) {
            Some(i) => {
                if as_array {
                    self.local_arrays[i] = true;
                }
                Var::Local(i)
            }
            None => {
                let g = self.global(name);
                if self.uses.len() <= g {
                    self.uses.resize(g + 1, (false, false));
                }
                let (scalar, array) = self.uses[g];
                if ((as_array && scalar) || (!as_array && array)) && self.clash.is_none() {
                    self.clash = Some((name.to_string(), array, self.line()));
                }
                if as_array {
                    self.uses[g].1 = true;
                } else {
                    self.uses[g].0 = true;
                }
                Var::Global(g)
            }
        }
    }

    fn array_name(&mut self) -> Result<Var, ParseError> {
        match self.bump() {
            Token::Name(n) => Ok(self.variable(&n, true)),
            _ => {
                self.at -= 1;
                self.error()
            }
        }
    }

    fn regex(&mut self, pattern: String) -> Result<usize, ParseError> {
        match Regex::new(pattern.as_bytes()) {
            Ok(r) => {
                self.program.regexes.push(r);
                Ok(self.program.regexes.len() - 1)
            }
            Err(e) => Err(ParseError::Regex(e, pattern, self.line())),
        }
    }

    fn items(&mut self) -> Result<(), ParseError> {
        loop {
            self.terminators();
            match self.peek().clone() {
                Token::End => return Ok(()),
                Token::Keyword("BEGIN") => {
                    self.bump();
                    let body = self.block()?;
                    self.program.begin.extend(body);
                }
                Token::Keyword("END") => {
                    self.bump();
                    let body = self.block()?;
                    self.program.end.extend(body);
                }
                Token::Keyword("function" | "func") => self.function()?,
                Token::Op("{") => {
                    let body = self.block()?;
                    self.program.rules.push((Pattern::All, Some(body)));
                }
                _ => {
                    let first = self.expr(false)?;
                    let pattern = if self.is_op(",") {
                        self.bump();
                        self.newlines();
                        Pattern::Range(first, self.expr(false)?)
                    } else {
                        Pattern::Expr(first)
                    };
                    let action = if self.is_op("{") {
                        Some(self.block()?)
                    } else {
                        None
                    };
                    self.program.rules.push((pattern, action));
                }
            }
            if !matches!(self.peek(), Token::Newline | Token::Op(";") | Token::End)
                && !matches!(
                    self.tokens.get(self.at.wrapping_sub(1)),
                    Some((Token::Op("}"), _))
                )
            {
                return self.error();
            }
        }
    }

    fn function(&mut self) -> Result<(), ParseError> {
        self.bump();
        let line = self.line();
        let name = match self.bump() {
            Token::Name(n) | Token::Call(n) => n,
            _ => {
                self.at -= 1;
                return self.error();
            }
        };
        if self.program.functions.iter().any(|f| f.name == name) {
            return Err(ParseError::DuplicateFunction(name, line));
        }
        self.expect_op("(")?;
        self.locals.clear();
        self.local_arrays.clear();
        while !self.is_op(")") {
            match self.bump() {
                Token::Name(p) => {
                    self.locals.push(p);
                    self.local_arrays.push(false);
                }
                _ => {
                    self.at -= 1;
                    return self.error();
                }
            }
            if self.is_op(",") {
                self.bump();
                self.newlines();
            } else if !self.is_op(")") {
                return self.error();
            }
        }
        self.bump();
        self.newlines();
        // Recursive calls see the function already declared.
        self.program.functions.push(Function {
            name,
            params: self.locals.len(),
            array_params: Vec::new(),
            body: Vec::new(),
        });
        let index = self.program.functions.len() - 1;
        let body = self.block()?;
        self.program.functions[index].body = body;
        self.program.functions[index].array_params = std::mem::take(&mut self.local_arrays);
        self.locals.clear();
        Ok(())
    }

    fn block(&mut self) -> Result<Vec<Stmt>, ParseError> {
        if !self.is_op("{") {
            return self.error();
        }
        self.bump();
        self.braces += 1;
        let mut body = Vec::new();
        loop {
            self.terminators();
            if self.is_op("}") {
                self.bump();
                self.braces -= 1;
                return Ok(body);
            }
            body.push(self.statement()?);
        }
    }

    /// A simple statement ends at `;`, a newline, a `}` or the end.
    fn end_simple(&mut self) -> Result<(), ParseError> {
        match self.peek() {
            Token::Op(";") | Token::Newline => {
                self.bump();
                Ok(())
            }
            Token::Op("}") | Token::End => Ok(()),
            _ => self.error(),
        }
    }

    fn body(&mut self) -> Result<Stmt, ParseError> {
        self.newlines();
        // mawk reads a `}` as ending a statement too: `if (x) }` has an empty body.
        if self.mawk && self.is_op("}") {
            return Ok(Stmt::Block(Vec::new()));
        }
        if self.is_op(";") {
            self.bump();
            return Ok(Stmt::Block(Vec::new()));
        }
        self.statement()
    }

    fn statement(&mut self) -> Result<Stmt, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error();
        }
        let s = self.statement_inner();
        self.depth -= 1;
        s
    }

    fn statement_inner(&mut self) -> Result<Stmt, ParseError> {
        let line = self.line();
        match self.peek().clone() {
            Token::Op("{") => Ok(Stmt::Block(self.block()?)),
            Token::Keyword("if") => {
                self.bump();
                let cond = self.condition()?;
                let then = self.body()?;
                // `else` may follow on a later line or after `;`.
                let save = self.at;
                self.terminators();
                if self.is_keyword("else") {
                    self.bump();
                    let other = self.body()?;
                    Ok(Stmt::If(cond, Box::new(then), Some(Box::new(other))))
                } else {
                    self.at = save;
                    Ok(Stmt::If(cond, Box::new(then), None))
                }
            }
            Token::Keyword("while") => {
                self.bump();
                let cond = self.condition()?;
                self.loops += 1;
                let body = self.body();
                self.loops -= 1;
                Ok(Stmt::While(cond, Box::new(body?)))
            }
            Token::Keyword("do") => {
                self.bump();
                self.loops += 1;
                let body = self.body();
                self.loops -= 1;
                let body = body?;
                self.terminators();
                if !self.is_keyword("while") {
                    return self.error();
                }
                self.bump();
                let cond = self.condition()?;
                self.end_simple()?;
                Ok(Stmt::Do(Box::new(body), cond))
            }
            Token::Keyword("for") => self.for_statement(),
            Token::Op(";") => {
                self.bump();
                Ok(Stmt::Block(Vec::new()))
            }
            _ => {
                let s = self.simple_statement(line)?;
                self.end_simple()?;
                Ok(s)
            }
        }
    }

    fn condition(&mut self) -> Result<Expr, ParseError> {
        self.expect_op("(")?;
        self.parens += 1;
        let e = self.expr(false)?;
        self.expect_op(")")?;
        self.parens -= 1;
        Ok(e)
    }

    fn for_statement(&mut self) -> Result<Stmt, ParseError> {
        self.bump();
        self.expect_op("(")?;
        self.parens += 1;
        if let (Token::Name(k), Token::Keyword("in"), Token::Name(a), Token::Op(")")) = (
            self.peek().clone(),
            self.peek_at(1).clone(),
            self.peek_at(2).clone(),
            self.peek_at(3).clone(),
        ) {
            self.at += 4;
            self.parens -= 1;
            let key = self.variable(&k, false);
            let array = self.variable(&a, true);
            self.loops += 1;
            let body = self.body();
            self.loops -= 1;
            return Ok(Stmt::ForIn(key, array, Box::new(body?)));
        }
        let line = self.line();
        let init = if self.is_op(";") {
            None
        } else {
            Some(Box::new(self.simple_statement(line)?))
        };
        self.expect_op(";")?;
        self.newlines();
        let cond = if self.is_op(";") {
            None
        } else {
            Some(self.expr(false)?)
        };
        self.expect_op(";")?;
        self.newlines();
        let step = if self.is_op(")") {
            None
        } else {
            Some(Box::new(self.simple_statement(line)?))
        };
        self.expect_op(")")?;
        self.parens -= 1;
        self.loops += 1;
        let body = self.body();
        self.loops -= 1;
        Ok(Stmt::For(init, cond, step, Box::new(body?)))
    }

    fn simple_statement(&mut self, line: u32) -> Result<Stmt, ParseError> {
        match self.peek().clone() {
            Token::Keyword(k @ ("break" | "continue")) => {
                self.bump();
                if self.loops == 0 {
                    return Err(ParseError::OutsideLoop(k, line));
                }
                Ok(if k == "break" {
                    Stmt::Break
                } else {
                    Stmt::Continue
                })
            }
            Token::Keyword("next") => {
                self.bump();
                Ok(Stmt::Next)
            }
            Token::Keyword("nextfile") => {
                self.bump();
                Ok(Stmt::NextFile)
            }
            Token::Keyword(k @ ("exit" | "return")) => {
                self.bump();
                let value = if matches!(
                    self.peek(),
                    Token::Op(";" | "}") | Token::Newline | Token::End
                ) {
                    None
                } else {
                    Some(self.expr(false)?)
                };
                Ok(if k == "exit" {
                    Stmt::Exit(value)
                } else {
                    Stmt::Return(value)
                })
            }
            Token::Keyword("delete") => {
                self.bump();
                let array = self.array_name()?;
                if self.is_op("[") {
                    self.bump();
                    let list = self.expr_list()?;
                    self.expect_op("]")?;
                    Ok(Stmt::Delete(array, Some(list)))
                } else {
                    Ok(Stmt::Delete(array, None))
                }
            }
            Token::Keyword(k @ ("print" | "printf")) => {
                self.bump();
                let mut args = Vec::new();
                if !matches!(
                    self.peek(),
                    Token::Op(";" | "}" | ">" | ">>" | "|") | Token::Newline | Token::End
                ) {
                    let first = self.expr(true)?;
                    match first {
                        Expr::Grouping(list) if !self.is_op(",") => args = list,
                        first => {
                            args.push(first);
                            while self.is_op(",") {
                                self.bump();
                                self.newlines();
                                args.push(self.expr(true)?);
                            }
                        }
                    }
                }
                let output = match self.peek() {
                    Token::Op(">") | Token::Op(">>") | Token::Op("|") => {
                        let how = match self.bump() {
                            Token::Op(">") => Redirect::Truncate,
                            Token::Op(">>") => Redirect::Append,
                            _ => Redirect::Pipe,
                        };
                        Some((how, self.concatenation(true)?))
                    }
                    _ => None,
                };
                if k == "printf" && args.is_empty() {
                    return self.error();
                }
                Ok(Stmt::Print(k == "printf", args, output, line))
            }
            _ => {
                let e = self.expr(false)?;
                if let Expr::Getline(None, Getline::Main) = e {
                    return Ok(Stmt::ReadRecord);
                }
                Ok(Stmt::Expr(e, line))
            }
        }
    }

    /// A call's arguments: a bare name may be a scalar or an array (the callee decides), so it
    /// counts as neither use.
    fn call_args(&mut self) -> Result<Vec<Expr>, ParseError> {
        let mut args = Vec::new();
        if self.is_op(")") {
            return Ok(args);
        }
        loop {
            self.newlines();
            let bare = match (self.peek().clone(), self.peek_at(1)) {
                (Token::Name(n), Token::Op("," | ")")) => Some(n),
                _ => None,
            };
            match bare {
                Some(n) => {
                    self.bump();
                    let var = match self.locals.iter().position(|l| *l == n) {
                        Some(i) => Var::Local(i),
                        None => Var::Global(self.global(&n)),
                    };
                    args.push(Expr::Variable(var));
                }
                None => args.push(self.expr(false)?),
            }
            if !self.is_op(",") {
                return Ok(args);
            }
            self.bump();
        }
    }

    fn expr_list(&mut self) -> Result<Vec<Expr>, ParseError> {
        let mut list = vec![self.expr(false)?];
        while self.is_op(",") {
            self.bump();
            self.newlines();
            list.push(self.expr(false)?);
        }
        Ok(list)
    }

    pub(super) fn expr(&mut self, no_gt: bool) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error();
        }
        let lhs = self.ternary(no_gt)?;
        let op = match self.peek() {
            Token::Op(o @ ("=" | "+=" | "-=" | "*=" | "/=" | "%=" | "^=" | "**="))
                if is_lvalue(&lhs) =>
            {
                o.chars().next().unwrap_or('=')
            }
            _ => {
                self.depth -= 1;
                return Ok(lhs);
            }
        };
        let op = if op == '*' && matches!(self.peek(), Token::Op("**=")) {
            '^'
        } else {
            op
        };
        self.bump();
        self.newlines();
        let rhs = self.expr(no_gt)?;
        self.depth -= 1;
        Ok(Expr::Assign(op, Box::new(lhs), Box::new(rhs)))
    }

    fn ternary(&mut self, no_gt: bool) -> Result<Expr, ParseError> {
        let cond = self.or(no_gt)?;
        if !self.is_op("?") {
            return Ok(cond);
        }
        self.bump();
        self.newlines();
        let a = self.expr(no_gt)?;
        self.newlines();
        self.expect_op(":")?;
        self.newlines();
        let b = self.expr(no_gt)?;
        Ok(Expr::Ternary(Box::new(cond), Box::new(a), Box::new(b)))
    }

    fn or(&mut self, no_gt: bool) -> Result<Expr, ParseError> {
        let mut lhs = self.and(no_gt)?;
        while self.is_op("||") {
            self.bump();
            self.newlines();
            let rhs = self.and(no_gt)?;
            lhs = Expr::Or(Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn and(&mut self, no_gt: bool) -> Result<Expr, ParseError> {
        let mut lhs = self.membership(no_gt)?;
        while self.is_op("&&") {
            self.bump();
            self.newlines();
            let rhs = self.membership(no_gt)?;
            lhs = Expr::And(Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn membership(&mut self, no_gt: bool) -> Result<Expr, ParseError> {
        let mut lhs = self.matching(no_gt)?;
        while self.is_keyword("in") {
            self.bump();
            let array = self.array_name()?;
            let keys = match lhs {
                Expr::Grouping(list) => list,
                other => vec![other],
            };
            lhs = Expr::In(keys, array);
        }
        Ok(lhs)
    }

    fn matching(&mut self, no_gt: bool) -> Result<Expr, ParseError> {
        let mut lhs = self.comparison(no_gt)?;
        while let Token::Op(o @ ("~" | "!~")) = self.peek() {
            let negate = *o == "!~";
            self.bump();
            let rhs = self.comparison(no_gt)?;
            lhs = Expr::Match(negate, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn comparison(&mut self, no_gt: bool) -> Result<Expr, ParseError> {
        let lhs = self.concatenation(no_gt)?;
        let op = match self.peek() {
            Token::Op(">") if no_gt => return Ok(lhs),
            Token::Op(o @ ("<" | "<=" | "==" | "!=" | ">=" | ">")) => *o,
            Token::Op("|") if matches!(self.peek_at(1), Token::Keyword("getline")) => {
                self.bump();
                self.bump();
                let target = self.getline_target()?;
                return Ok(Expr::Getline(target, Getline::Command(Box::new(lhs))));
            }
            _ => return Ok(lhs),
        };
        self.bump();
        let rhs = self.concatenation(no_gt)?;
        Ok(Expr::Compare(op, Box::new(lhs), Box::new(rhs)))
    }

    fn starts_operand(&self) -> bool {
        match self.peek() {
            Token::Number(_) | Token::String(_) | Token::Name(_) | Token::Call(_) => true,
            Token::Builtin(_) | Token::Regex(_) => true,
            Token::Op(o) => matches!(*o, "$" | "(" | "++" | "--"),
            _ => false,
        }
    }

    fn concatenation(&mut self, no_gt: bool) -> Result<Expr, ParseError> {
        let mut lhs = self.additive()?;
        // `a -1` is a subtraction and `a !b` an error: concatenation needs another operand start.
        while self.starts_operand() {
            let rhs = self.additive()?;
            lhs = Expr::Concat(Box::new(lhs), Box::new(rhs));
        }
        let _ = no_gt;
        Ok(lhs)
    }

    fn additive(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.multiplicative()?;
        while let Token::Op(o @ ("+" | "-")) = self.peek() {
            let op = o.chars().next().unwrap_or('+');
            self.bump();
            let rhs = self.multiplicative()?;
            lhs = Expr::Arith(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn multiplicative(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.unary()?;
        while let Token::Op(o @ ("*" | "/" | "%")) = self.peek() {
            let op = o.chars().next().unwrap_or('*');
            self.bump();
            let rhs = self.unary()?;
            lhs = Expr::Arith(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error();
        }
        let e = match self.peek() {
            Token::Op("!") => {
                self.bump();
                Expr::Not(Box::new(self.unary()?))
            }
            Token::Op("-") => {
                self.bump();
                Expr::Negate(Box::new(self.unary()?))
            }
            Token::Op("+") => {
                self.bump();
                Expr::Plus(Box::new(self.unary()?))
            }
            _ => self.power()?,
        };
        self.depth -= 1;
        Ok(e)
    }

    fn power(&mut self) -> Result<Expr, ParseError> {
        let base = self.postfix()?;
        if !matches!(self.peek(), Token::Op("^" | "**")) {
            return Ok(base);
        }
        self.bump();
        // Right-associative, and the exponent may carry a sign: `2^-1`.
        let exponent = match self.peek() {
            Token::Op("-") => {
                self.bump();
                Expr::Negate(Box::new(self.power()?))
            }
            Token::Op("+") => {
                self.bump();
                self.power()?
            }
            _ => self.power()?,
        };
        Ok(Expr::Arith('^', Box::new(base), Box::new(exponent)))
    }

    fn postfix(&mut self) -> Result<Expr, ParseError> {
        let e = self.primary()?;
        if is_lvalue(&e) {
            if let Token::Op(o @ ("++" | "--")) = self.peek() {
                let delta = if *o == "++" { 1.0 } else { -1.0 };
                self.bump();
                return Ok(Expr::Increment(false, delta, Box::new(e)));
            }
        }
        Ok(e)
    }

    fn getline_target(&mut self) -> Result<Option<Box<Expr>>, ParseError> {
        if matches!(self.peek(), Token::Name(_) | Token::Op("$")) {
            let target = self.primary()?;
            if !is_lvalue(&target) {
                return self.error();
            }
            return Ok(Some(Box::new(target)));
        }
        Ok(None)
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        match self.bump() {
            Token::Number(n) => Ok(Expr::Number(n)),
            Token::String(s) => Ok(Expr::Str(s)),
            Token::Regex(r) => Ok(Expr::Regex(self.regex(r)?)),
            Token::Op("$") => {
                let index = match self.peek() {
                    Token::Op(o @ ("++" | "--")) => {
                        let delta = if *o == "++" { 1.0 } else { -1.0 };
                        self.bump();
                        let target = self.primary()?;
                        if !is_lvalue(&target) {
                            return self.error();
                        }
                        Expr::Increment(true, delta, Box::new(target))
                    }
                    Token::Op("-") => {
                        self.bump();
                        Expr::Negate(Box::new(self.primary()?))
                    }
                    _ => self.primary()?,
                };
                Ok(Expr::Field(Box::new(index)))
            }
            Token::Op("(") => {
                self.parens += 1;
                let list = self.expr_list()?;
                self.newlines();
                self.expect_op(")")?;
                self.parens -= 1;
                let mut list = list;
                Ok(if list.len() == 1 {
                    list.pop().unwrap_or(Expr::Number(0.0))
                } else {
                    Expr::Grouping(list)
                })
            }
            Token::Op(o @ ("++" | "--")) => {
                let delta = if o == "++" { 1.0 } else { -1.0 };
                let target = self.primary()?;
                if !is_lvalue(&target) {
                    return self.error();
                }
                Ok(Expr::Increment(true, delta, Box::new(target)))
            }
            Token::Op("-") => Ok(Expr::Negate(Box::new(self.unary()?))),
            Token::Op("!") => Ok(Expr::Not(Box::new(self.unary()?))),
            Token::Name(n) => {
                if self.is_op("[") {
                    self.bump();
                    let array = self.variable(&n, true);
                    let list = self.expr_list()?;
                    self.expect_op("]")?;
                    Ok(Expr::Element(array, list))
                } else {
                    Ok(Expr::Variable(self.variable(&n, false)))
                }
            }
            Token::Call(name) => {
                let line = self.line();
                self.expect_op("(")?;
                self.parens += 1;
                let args = self.call_args()?;
                self.expect_op(")")?;
                self.parens -= 1;
                self.calls.push((name, line));
                Ok(Expr::Call(self.calls.len() - 1, args))
            }
            Token::Builtin(name) => {
                if !self.is_op("(") {
                    if name == "length" {
                        return Ok(Expr::Builtin(name, Vec::new()));
                    }
                    self.at -= 1;
                    return self.error();
                }
                self.bump();
                self.parens += 1;
                let args = self.call_args()?;
                self.expect_op(")")?;
                self.parens -= 1;
                if name == "split" {
                    if let Some(Expr::Variable(v)) = args.get(1) {
                        match *v {
                            Var::Local(i) => self.local_arrays[i] = true,
                            Var::Global(g) => {
                                let n = self.program.globals[g].clone();
                                self.variable(&n, true);
                            }
                        }
                    }
                }
                Ok(Expr::Builtin(name, args))
            }
            Token::Keyword("getline") => {
                let target = self.getline_target()?;
                if self.is_op("<") {
                    self.bump();
                    let file = self.primary()?;
                    return Ok(Expr::Getline(target, Getline::File(Box::new(file))));
                }
                Ok(Expr::Getline(target, Getline::Main))
            }
            _ => {
                self.at -= 1;
                self.error()
            }
        }
    }
}
