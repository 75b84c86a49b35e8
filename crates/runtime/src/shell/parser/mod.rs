//! Scanner + recursive-descent parser for sh scripts: lists, pipelines, compound commands,
//! redirections and here-documents (words are in `words.rs`). Errors use busybox ash's wording.

use std::cell::RefCell;
use std::rc::Rc;

use crate::shell::ast::*;

mod words;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError(pub String);

const MAX_DEPTH: usize = 64;

pub(crate) fn parse(src: &str) -> Result<Program, SyntaxError> {
    let mut p = Parser {
        s: src.chars().collect(),
        i: 0,
        line: 1,
        heredocs: Vec::new(),
        depth: 0,
    };
    let body = p.list(&[])?;
    p.skip_blanks_and_newlines();
    if p.i < p.s.len() {
        return Err(p.unexpected());
    }
    Ok(Program { body })
}

struct Parser {
    s: Vec<char>,
    i: usize,
    line: u32,
    /// Here-documents whose bodies start after the next newline: (delimiter, strip tabs, slot).
    heredocs: Vec<(String, bool, Rc<RefCell<String>>)>,
    depth: usize,
}

const RESERVED: [&str; 14] = [
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "{",
    "}",
];

impl Parser {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }
    fn starts(&self, t: &str) -> bool {
        t.chars()
            .enumerate()
            .all(|(k, c)| self.peek_at(k) == Some(c))
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn err_eof(&self, expecting: &str) -> SyntaxError {
        SyntaxError(format!(
            "syntax error: unexpected end of file (expecting \"{expecting}\")"
        ))
    }

    fn unexpected(&mut self) -> SyntaxError {
        let save = self.i;
        let tok = if let Some(op) = self.peek_op() {
            op.to_string()
        } else if let Ok(Some(w)) = self.word() {
            w.render()
        } else {
            self.peek().map(|c| c.to_string()).unwrap_or_default()
        };
        self.i = save;
        if tok == "\n" || tok.is_empty() {
            return SyntaxError("syntax error: unexpected newline".into());
        }
        SyntaxError(format!("syntax error: unexpected \"{tok}\""))
    }

    /// Blanks, line continuations and comments (not newlines).
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(' ') | Some('\t') | Some('\r') => {
                    self.i += 1;
                }
                Some('\\') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                Some('#') => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                _ => return,
            }
        }
    }

    fn newline(&mut self) -> Result<bool, SyntaxError> {
        self.skip_blanks();
        if self.peek() == Some('\n') {
            self.bump();
            self.read_heredoc_bodies()?;
            return Ok(true);
        }
        Ok(false)
    }

    fn skip_blanks_and_newlines(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek() == Some('\n') {
                self.bump();
                let _ = self.read_heredoc_bodies();
            } else {
                return;
            }
        }
    }

    fn read_heredoc_bodies(&mut self) -> Result<(), SyntaxError> {
        let docs = std::mem::take(&mut self.heredocs);
        for (delim, strip, slot) in docs {
            let mut body = String::new();
            loop {
                if self.i >= self.s.len() {
                    break;
                }
                let mut line = String::new();
                while let Some(c) = self.bump() {
                    if c == '\n' {
                        break;
                    }
                    line.push(c);
                }
                let l = if strip {
                    line.trim_start_matches('\t').to_string()
                } else {
                    line
                };
                if l == delim {
                    break;
                }
                body.push_str(&l);
                body.push('\n');
            }
            *slot.borrow_mut() = body;
        }
        Ok(())
    }

    fn peek_op(&self) -> Option<&'static str> {
        const OPS: [&str; 15] = [
            "&&", "||", ";;", "<<-", "<<", ">>", ">&", "<&", ">|", ";", "&", "|", "(", ")", "\n",
        ];
        for op in OPS {
            if self.starts(op) {
                return Some(op);
            }
        }
        match self.peek() {
            Some('<') => Some("<"),
            Some('>') => Some(">"),
            _ => None,
        }
    }

    /// Next reserved word at the cursor (without consuming).
    fn peek_reserved(&mut self) -> Option<String> {
        self.skip_blanks();
        let save = (self.i, self.line);
        let r = match self.word() {
            Ok(Some(w)) => w
                .as_plain()
                .filter(|s| RESERVED.contains(s) || *s == "!" || *s == "in")
                .map(str::to_string),
            _ => None,
        };
        (self.i, self.line) = save;
        r
    }

    fn expect_reserved(&mut self, kw: &str) -> Result<(), SyntaxError> {
        self.skip_blanks_and_newlines();
        if self.peek_reserved().as_deref() == Some(kw) {
            self.word()?;
            Ok(())
        } else if self.i >= self.s.len() {
            Err(self.err_eof(kw))
        } else {
            Err(self.unexpected())
        }
    }

    fn list(&mut self, terms: &[&str]) -> Result<List, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError("syntax error: nesting too deep".into()));
        }
        let mut out = Vec::new();
        loop {
            self.skip_blanks_and_newlines();
            if self.i >= self.s.len() {
                break;
            }
            if let Some(r) = self.peek_reserved() {
                if terms.contains(&r.as_str()) {
                    break;
                }
            }
            if self.starts(")") || self.starts(";;") {
                break;
            }
            let mut and_or = self.and_or()?;
            self.skip_blanks();
            if self.starts("&&") || self.starts("||") {
                return Err(self.unexpected());
            }
            if self.starts(";;") {
                out.push(and_or);
                break;
            }
            match self.peek() {
                Some(';') => {
                    self.bump();
                }
                Some('&') => {
                    self.bump();
                    and_or.background = true;
                }
                Some('\n') => {
                    self.newline()?;
                }
                None => {}
                Some(')') => {}
                _ => {
                    out.push(and_or);
                    if let Some(r) = self.peek_reserved() {
                        if terms.contains(&r.as_str()) {
                            break;
                        }
                    }
                    return Err(self.unexpected());
                }
            }
            out.push(and_or);
        }
        self.depth -= 1;
        Ok(out)
    }

    fn and_or(&mut self) -> Result<AndOr, SyntaxError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            self.skip_blanks();
            let c = if self.starts("&&") {
                Connector::And
            } else if self.starts("||") {
                Connector::Or
            } else {
                break;
            };
            self.i += 2;
            self.skip_blanks_and_newlines();
            rest.push((c, self.pipeline()?));
        }
        Ok(AndOr {
            first,
            rest,
            background: false,
        })
    }

    fn pipeline(&mut self) -> Result<Pipeline, SyntaxError> {
        self.skip_blanks();
        let mut negate = false;
        if self.peek_reserved().as_deref() == Some("!") {
            self.word()?;
            negate = true;
        }
        let mut commands = vec![self.command()?];
        loop {
            self.skip_blanks();
            if self.peek() == Some('|') && self.peek_at(1) != Some('|') {
                self.bump();
                self.skip_blanks_and_newlines();
                commands.push(self.command()?);
            } else {
                break;
            }
        }
        Ok(Pipeline { negate, commands })
    }

    fn redirs_after(&mut self) -> Result<Vec<Redirection>, SyntaxError> {
        let mut v = Vec::new();
        loop {
            self.skip_blanks();
            match self.redir()? {
                Some(r) => v.push(r),
                None => return Ok(v),
            }
        }
    }

    fn command(&mut self) -> Result<Command, SyntaxError> {
        self.skip_blanks();
        if self.i >= self.s.len() {
            return Err(SyntaxError("syntax error: unexpected end of file".into()));
        }
        if self.peek() == Some('(') {
            self.bump();
            let body = self.list(&[])?;
            self.skip_blanks_and_newlines();
            if self.peek() != Some(')') {
                return Err(if self.i >= self.s.len() {
                    self.err_eof(")")
                } else {
                    self.unexpected()
                });
            }
            self.bump();
            let r = self.redirs_after()?;
            return Ok(Command::Subshell(body, r));
        }
        match self.peek_reserved().as_deref() {
            Some("{") => {
                self.word()?;
                let body = self.list(&["}"])?;
                self.expect_reserved("}")?;
                let r = self.redirs_after()?;
                Ok(Command::Group(body, r))
            }
            Some("if") => {
                self.word()?;
                let mut arms = Vec::new();
                let mut els = None;
                loop {
                    let cond = self.list(&["then"])?;
                    self.expect_reserved("then")?;
                    let body = self.list(&["elif", "else", "fi"])?;
                    arms.push((cond, body));
                    self.skip_blanks_and_newlines();
                    match self.peek_reserved().as_deref() {
                        Some("elif") => {
                            self.word()?;
                        }
                        Some("else") => {
                            self.word()?;
                            els = Some(self.list(&["fi"])?);
                            self.expect_reserved("fi")?;
                            break;
                        }
                        _ => {
                            self.expect_reserved("fi")?;
                            break;
                        }
                    }
                }
                let redirections = self.redirs_after()?;
                Ok(Command::If {
                    arms,
                    els,
                    redirections,
                })
            }
            Some(kw @ ("while" | "until")) => {
                let until = kw == "until";
                self.word()?;
                let cond = self.list(&["do"])?;
                self.expect_reserved("do")?;
                let body = self.list(&["done"])?;
                self.expect_reserved("done")?;
                let redirections = self.redirs_after()?;
                Ok(Command::While {
                    until,
                    cond,
                    body,
                    redirections,
                })
            }
            Some("for") => {
                self.word()?;
                self.skip_blanks();
                let var = match self.word()? {
                    Some(w) => w
                        .as_plain()
                        .map(str::to_string)
                        .ok_or_else(|| self.unexpected())?,
                    None => return Err(self.unexpected()),
                };
                self.skip_blanks_and_newlines();
                let mut words = None;
                if self.peek_reserved().as_deref() == Some("in") {
                    self.word()?;
                    let mut items = Vec::new();
                    loop {
                        self.skip_blanks();
                        if matches!(self.peek(), Some(';') | Some('\n') | None) {
                            break;
                        }
                        match self.word()? {
                            Some(w) => items.push(w),
                            None => return Err(self.unexpected()),
                        }
                    }
                    words = Some(items);
                }
                self.skip_blanks();
                if self.peek() == Some(';') {
                    self.bump();
                }
                self.expect_reserved("do")?;
                let body = self.list(&["done"])?;
                self.expect_reserved("done")?;
                let redirections = self.redirs_after()?;
                Ok(Command::For {
                    var,
                    words,
                    body,
                    redirections,
                })
            }
            Some("case") => {
                self.word()?;
                self.skip_blanks();
                let word = self.word()?.ok_or_else(|| self.unexpected())?;
                self.expect_reserved("in")?;
                let mut arms = Vec::new();
                loop {
                    self.skip_blanks_and_newlines();
                    if self.peek_reserved().as_deref() == Some("esac") {
                        self.word()?;
                        break;
                    }
                    if self.i >= self.s.len() {
                        return Err(self.err_eof("esac"));
                    }
                    if self.peek() == Some('(') {
                        self.bump();
                    }
                    let mut pats = Vec::new();
                    loop {
                        self.skip_blanks();
                        let w = self.word()?.ok_or_else(|| self.unexpected())?;
                        pats.push(w);
                        self.skip_blanks();
                        match self.peek() {
                            Some('|') => {
                                self.bump();
                            }
                            Some(')') => {
                                self.bump();
                                break;
                            }
                            _ => return Err(self.unexpected()),
                        }
                    }
                    let body = self.list(&["esac"])?;
                    arms.push((pats, body));
                    self.skip_blanks_and_newlines();
                    if self.starts(";;") {
                        self.i += 2;
                    }
                }
                let redirections = self.redirs_after()?;
                Ok(Command::Case {
                    word,
                    arms,
                    redirections,
                })
            }
            Some(r @ ("then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "}" | "in")) => {
                Err(SyntaxError(format!("syntax error: unexpected \"{r}\"")))
            }
            _ => self.simple(),
        }
    }

    fn simple(&mut self) -> Result<Command, SyntaxError> {
        let line = self.line;
        let mut command = SimpleCommand {
            assignments: Vec::new(),
            words: Vec::new(),
            redirections: Vec::new(),
            line,
        };
        loop {
            self.skip_blanks();
            if let Some(r) = self.redir()? {
                command.redirections.push(r);
                continue;
            }
            if self.peek_op().is_some() || self.i >= self.s.len() {
                break;
            }
            // Function definition: `name() { ...; }`
            let save = (self.i, self.line);
            let w = match self.word()? {
                Some(w) => w,
                None => break,
            };
            if command.words.is_empty()
                && command.assignments.is_empty()
                && command.redirections.is_empty()
            {
                if let Some(name) = w.as_plain() {
                    self.skip_blanks();
                    if self.starts("()")
                        || (self.peek() == Some('(') && {
                            let mut k = 1;
                            while self.peek_at(k) == Some(' ') {
                                k += 1;
                            }
                            self.peek_at(k) == Some(')')
                        })
                    {
                        let name = name.to_string();
                        while self.peek() != Some(')') {
                            self.bump();
                        }
                        self.bump();
                        self.skip_blanks_and_newlines();
                        let body = self.command()?;
                        return Ok(Command::FunctionDefinition {
                            name,
                            body: Box::new(body),
                        });
                    }
                }
            }
            if command.words.is_empty() {
                if let Some((name, val)) = split_assignment(&w) {
                    command.assignments.push((name, val));
                    continue;
                }
            }
            let _ = save;
            command.words.push(w);
        }
        if command.words.is_empty()
            && command.assignments.is_empty()
            && command.redirections.is_empty()
        {
            return Err(self.unexpected());
        }
        Ok(Command::Simple(Rc::new(command)))
    }

    fn redir(&mut self) -> Result<Option<Redirection>, SyntaxError> {
        let save = (self.i, self.line);
        let mut fd: Option<u32> = None;
        let mut k = 0;
        while let Some(c) = self.peek_at(k) {
            if c.is_ascii_digit() {
                k += 1;
            } else {
                break;
            }
        }
        if k > 0 && matches!(self.peek_at(k), Some('<') | Some('>')) {
            let n: String = self.s[self.i..self.i + k].iter().collect();
            fd = n.parse().ok();
            self.i += k;
        }
        let op = if self.starts(">>") {
            self.i += 2;
            RedirectionOp::Append
        } else if self.starts(">&") {
            self.i += 2;
            RedirectionOp::DupOut
        } else if self.starts("<&") {
            self.i += 2;
            RedirectionOp::DupIn
        } else if self.starts("<<-") {
            self.i += 3;
            RedirectionOp::HereDoc {
                strip: true,
                expand: true,
                body: Rc::default(),
            }
        } else if self.starts("<<") {
            self.i += 2;
            RedirectionOp::HereDoc {
                strip: false,
                expand: true,
                body: Rc::default(),
            }
        } else if self.starts(">|") {
            self.i += 2;
            RedirectionOp::Out
        } else if self.starts(">") {
            self.i += 1;
            RedirectionOp::Out
        } else if self.starts("<") {
            self.i += 1;
            RedirectionOp::In
        } else {
            (self.i, self.line) = save;
            return Ok(None);
        };
        self.skip_blanks();
        let target = match self.word()? {
            Some(w) => w,
            None => {
                return Err(if self.i >= self.s.len() {
                    SyntaxError("syntax error: unexpected end of file".into())
                } else {
                    self.unexpected()
                })
            }
        };
        let default_fd = matches!(
            op,
            RedirectionOp::In | RedirectionOp::DupIn | RedirectionOp::HereDoc { .. }
        ) as u32;
        let fd = fd.unwrap_or(if default_fd == 1 { 0 } else { 1 });
        if let RedirectionOp::HereDoc { strip, .. } = op {
            let quoted = target.parts.iter().any(|p| matches!(p, Part::Quoted(_)));
            let delim = target
                .parts
                .iter()
                .map(|p| match p {
                    Part::Literal(s) | Part::Quoted(s) => s.clone(),
                    _ => String::new(),
                })
                .collect::<String>();
            // The body is read when the line ends; the AST keeps a handle to it.
            let body = Rc::new(RefCell::new(String::new()));
            self.heredocs.push((delim, strip, body.clone()));
            return Ok(Some(Redirection {
                fd,
                op: RedirectionOp::HereDoc {
                    strip,
                    expand: !quoted,
                    body,
                },
                target,
            }));
        }
        Ok(Some(Redirection { fd, op, target }))
    }
}

/// `NAME=value` → (NAME, value word).
fn split_assignment(w: &Word) -> Option<(String, Word)> {
    let Some(Part::Literal(first)) = w.parts.first() else {
        return None;
    };
    let eq = first.find('=')?;
    let name = &first[..eq];
    if name.is_empty()
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let mut parts = Vec::new();
    let rest = &first[eq + 1..];
    if !rest.is_empty() {
        parts.push(Part::Quoted(rest.to_string()));
    }
    parts.extend(w.parts[1..].iter().cloned());
    Some((name.to_string(), Word { parts }))
}
