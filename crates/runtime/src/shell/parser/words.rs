//! Words: quoting, `$` expansions (`${...}`, `$(...)`, `$((...))`), backquotes, and the
//! sub-parses of command substitutions.

use std::rc::Rc;

use super::{Parser, SyntaxError, MAX_DEPTH};
use crate::shell::ast::*;

impl Parser {
    /// Reads one word; `None` at an operator or end.
    pub(super) fn word(&mut self) -> Result<Option<Word>, SyntaxError> {
        let mut parts: Vec<Part> = Vec::new();
        let mut literal = String::new();
        let start = self.i;
        fn flush(literal: &mut String, parts: &mut Vec<Part>) {
            if !literal.is_empty() {
                parts.push(Part::Literal(std::mem::take(literal)));
            }
        }
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\n' | '\r' | ';' | '&' | '|' | '(' | ')' | '<' | '>' => break,
                '#' if self.i == start => break,
                '\\' => {
                    self.bump();
                    match self.bump() {
                        Some('\n') => {}
                        Some(n) => {
                            flush(&mut literal, &mut parts);
                            parts.push(Part::Quoted(n.to_string()));
                        }
                        None => literal.push('\\'),
                    }
                }
                '\'' => {
                    self.bump();
                    let mut q = String::new();
                    loop {
                        match self.bump() {
                            Some('\'') => break,
                            Some(ch) => q.push(ch),
                            None => {
                                return Err(SyntaxError(
                                    "syntax error: unterminated quoted string".into(),
                                ))
                            }
                        }
                    }
                    flush(&mut literal, &mut parts);
                    parts.push(Part::Quoted(q));
                }
                '"' => {
                    self.bump();
                    flush(&mut literal, &mut parts);
                    self.double_quoted(&mut parts)?;
                }
                '$' => {
                    flush(&mut literal, &mut parts);
                    self.dollar(&mut parts, false)?;
                }
                '`' => {
                    flush(&mut literal, &mut parts);
                    let p = self.backtick(false)?;
                    parts.push(p);
                }
                _ => {
                    self.bump();
                    literal.push(c);
                }
            }
        }
        flush(&mut literal, &mut parts);
        if self.i == start {
            return Ok(None);
        }
        if parts.is_empty() {
            parts.push(Part::Quoted(String::new()));
        }
        Ok(Some(Word { parts }))
    }

    fn double_quoted(&mut self, parts: &mut Vec<Part>) -> Result<(), SyntaxError> {
        let mut q = String::new();
        let mut any = false;
        loop {
            match self.peek() {
                None => {
                    return Err(SyntaxError(
                        "syntax error: unterminated quoted string".into(),
                    ))
                }
                Some('"') => {
                    self.bump();
                    break;
                }
                Some('\\') => {
                    self.bump();
                    match self.bump() {
                        Some(c @ ('$' | '`' | '"' | '\\')) => q.push(c),
                        Some('\n') => {}
                        Some(c) => {
                            q.push('\\');
                            q.push(c);
                        }
                        None => {
                            return Err(SyntaxError(
                                "syntax error: unterminated quoted string".into(),
                            ))
                        }
                    }
                }
                Some('$') => {
                    if !q.is_empty() {
                        parts.push(Part::Quoted(std::mem::take(&mut q)));
                    }
                    any = true;
                    self.dollar(parts, true)?;
                }
                Some('`') => {
                    if !q.is_empty() {
                        parts.push(Part::Quoted(std::mem::take(&mut q)));
                    }
                    any = true;
                    let p = self.backtick(true)?;
                    parts.push(p);
                }
                Some(c) => {
                    self.bump();
                    q.push(c);
                }
            }
        }
        if !q.is_empty() || !any {
            parts.push(Part::Quoted(q));
        }
        Ok(())
    }

    fn backtick(&mut self, quoted: bool) -> Result<Part, SyntaxError> {
        self.bump();
        let mut inner = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(SyntaxError(
                        "syntax error: unterminated quoted string".into(),
                    ))
                }
                Some('`') => break,
                Some('\\') => match self.bump() {
                    Some(c @ ('$' | '`' | '\\')) => inner.push(c),
                    Some(c) => {
                        inner.push('\\');
                        inner.push(c);
                    }
                    None => {}
                },
                Some(c) => inner.push(c),
            }
        }
        let prog = self.sub_parse(&inner)?;
        Ok(Part::CommandSubstitution(Rc::new(prog), quoted))
    }

    fn sub_parse(&mut self, src: &str) -> Result<Program, SyntaxError> {
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError("syntax error: nesting too deep".into()));
        }
        let mut p = Parser {
            s: src.chars().collect(),
            i: 0,
            line: self.line,
            heredocs: Vec::new(),
            depth: self.depth + 1,
        };
        let body = p.list(&[])?;
        p.skip_blanks_and_newlines();
        if p.i < p.s.len() {
            return Err(p.unexpected());
        }
        Ok(Program { body })
    }

    /// Index just past the `)` matching an already-consumed `(`.
    fn matching_paren(&self, mut k: usize) -> Option<usize> {
        let mut depth = 1;
        while k < self.s.len() {
            match self.s[k] {
                '\\' => k += 1,
                '\'' => {
                    k += 1;
                    while k < self.s.len() && self.s[k] != '\'' {
                        k += 1;
                    }
                }
                '"' => {
                    k += 1;
                    while k < self.s.len() && self.s[k] != '"' {
                        if self.s[k] == '\\' {
                            k += 1;
                        }
                        k += 1;
                    }
                }
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(k + 1);
                    }
                }
                _ => {}
            }
            k += 1;
        }
        None
    }

    fn dollar(&mut self, parts: &mut Vec<Part>, quoted: bool) -> Result<(), SyntaxError> {
        self.depth += 1;
        let r = self.dollar_inner(parts, quoted);
        self.depth -= 1;
        r
    }

    fn dollar_inner(&mut self, parts: &mut Vec<Part>, quoted: bool) -> Result<(), SyntaxError> {
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError("syntax error: nesting too deep".into()));
        }
        self.bump(); // $
        match self.peek() {
            Some('(') if self.peek_at(1) == Some('(') => {
                let end = self.matching_paren(self.i + 1).ok_or_else(|| {
                    SyntaxError("syntax error: unterminated arithmetic expression".into())
                })?;
                // end is past the inner ')'; expect another ')'
                if end < self.i + 4 || self.s.get(end - 2) != Some(&')') {
                    return Err(SyntaxError(
                        "syntax error: unterminated arithmetic expression".into(),
                    ));
                }
                let expr: String = self.s[self.i + 2..end - 2].iter().collect();
                while self.i < end {
                    self.bump();
                }
                let w = self.arith_word(&expr)?;
                parts.push(Part::Arith(w, quoted));
            }
            Some('(') => {
                let end = self.matching_paren(self.i + 1).ok_or_else(|| {
                    SyntaxError("syntax error: unterminated quoted string".into())
                })?;
                let inner: String = self.s[self.i + 1..end - 1].iter().collect();
                let prog = self.sub_parse(&inner)?;
                while self.i < end {
                    self.bump();
                }
                parts.push(Part::CommandSubstitution(Rc::new(prog), quoted));
            }
            Some('{') => {
                self.bump();
                let mut name = String::new();
                let mut length = false;
                if self.peek() == Some('#') && self.peek_at(1).is_some_and(|c| c != '}') {
                    self.bump();
                    length = true;
                }
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric()
                        || c == '_'
                        || (name.is_empty() && "?#@*!$-0".contains(c))
                    {
                        self.bump();
                        name.push(c);
                        if !(c.is_ascii_alphanumeric() || c == '_') {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    return Err(SyntaxError("syntax error: bad substitution".into()));
                }
                let op = if length {
                    ParameterOp::Length
                } else {
                    let colon = self.peek() == Some(':');
                    if colon {
                        self.bump();
                    }
                    match self.peek() {
                        Some('}') => ParameterOp::Plain,
                        Some(c @ ('-' | '=' | '+' | '?' | '#' | '%')) => {
                            self.bump();
                            let long = (c == '#' || c == '%') && self.peek() == Some(c);
                            if long {
                                self.bump();
                            }
                            let w = self.brace_word()?;
                            match c {
                                '-' => ParameterOp::Default(colon, w),
                                '=' => ParameterOp::Assign(colon, w),
                                '+' => ParameterOp::Alt(colon, w),
                                '?' => ParameterOp::Error(colon, w),
                                '#' => ParameterOp::TrimPrefix(long, w),
                                _ => ParameterOp::TrimSuffix(long, w),
                            }
                        }
                        _ => return Err(SyntaxError("syntax error: bad substitution".into())),
                    }
                };
                if self.peek() != Some('}') {
                    return Err(SyntaxError("syntax error: bad substitution".into()));
                }
                self.bump();
                parts.push(Part::Parameter(
                    Box::new(ParameterExpansion { name, op }),
                    quoted,
                ));
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        name.push(c);
                        self.bump();
                    } else {
                        break;
                    }
                }
                parts.push(Part::Parameter(
                    Box::new(ParameterExpansion {
                        name,
                        op: ParameterOp::Plain,
                    }),
                    quoted,
                ));
            }
            Some(c) if c.is_ascii_digit() || "?#@*!$-".contains(c) => {
                self.bump();
                parts.push(Part::Parameter(
                    Box::new(ParameterExpansion {
                        name: c.to_string(),
                        op: ParameterOp::Plain,
                    }),
                    quoted,
                ));
            }
            _ => parts.push(if quoted {
                Part::Quoted("$".into())
            } else {
                Part::Literal("$".into())
            }),
        }
        Ok(())
    }

    /// An arithmetic expression as a word: `$x`, `$(...)` and backticks expand, the rest is
    /// literal text for the evaluator.
    fn arith_word(&mut self, text: &str) -> Result<Word, SyntaxError> {
        let mut p = Parser {
            s: text.chars().collect(),
            i: 0,
            line: self.line,
            heredocs: Vec::new(),
            depth: self.depth + 1,
        };
        let mut parts = Vec::new();
        let mut literal = String::new();
        while let Some(c) = p.peek() {
            match c {
                '$' => {
                    if !literal.is_empty() {
                        parts.push(Part::Quoted(std::mem::take(&mut literal)));
                    }
                    p.dollar(&mut parts, true)?;
                }
                '`' => {
                    if !literal.is_empty() {
                        parts.push(Part::Quoted(std::mem::take(&mut literal)));
                    }
                    let b = p.backtick(true)?;
                    parts.push(b);
                }
                _ => {
                    p.bump();
                    literal.push(c);
                }
            }
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(Part::Quoted(literal));
        }
        Ok(Word { parts })
    }

    /// The word inside `${x:-word}` up to the closing brace.
    fn brace_word(&mut self) -> Result<Word, SyntaxError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        loop {
            match self.peek() {
                None => return Err(SyntaxError("syntax error: bad substitution".into())),
                Some('}') => break,
                Some('$') => {
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    self.dollar(&mut parts, false)?;
                }
                Some('"') => {
                    self.bump();
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    self.double_quoted(&mut parts)?;
                }
                Some('\'') => {
                    self.bump();
                    let mut q = String::new();
                    loop {
                        match self.bump() {
                            Some('\'') => break,
                            Some(c) => q.push(c),
                            None => {
                                return Err(SyntaxError(
                                    "syntax error: unterminated quoted string".into(),
                                ))
                            }
                        }
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Quoted(q));
                }
                Some(c) => {
                    self.bump();
                    literal.push(c);
                }
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Word { parts })
    }
}
