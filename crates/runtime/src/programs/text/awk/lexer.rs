//! awk's tokens: a `/` starts a regular expression where an operand may begin, a newline is a
//! token (it ends statements), `name(` with no blank is a function call.

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Token {
    Number(f64),
    String(String),
    Regex(String),
    Name(String),
    /// A name directly followed by `(`.
    Call(String),
    Builtin(&'static str),
    Keyword(&'static str),
    /// Punctuation and operators, as written.
    Op(&'static str),
    Newline,
    End,
}

const KEYWORDS: &[&str] = &[
    "BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue",
    "next", "nextfile", "exit", "return", "delete", "in", "getline", "print", "printf",
];

pub(super) const BUILTINS: &[&str] = &[
    "length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "tolower", "toupper",
    "int", "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "system", "close",
    "fflush",
];

const OPERATORS: &[&str] = &[
    "+=", "-=", "*=", "/=", "%=", "^=", "**=", "==", "<=", ">=", "!=", "++", "--", "&&", "||",
    ">>", "!~", "**", "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!",
    ">", "<", "|", "?", ":", "~", "$", "=",
];

/// A lexing error: the awk's own wording is chosen by the caller.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum LexError {
    UnterminatedString(String),
    UnterminatedRegex(String),
    UnexpectedChar(char),
}

pub(super) struct Lexer<'s> {
    text: &'s [u8],
    at: usize,
    pub line: u32,
    /// Whether the last token ends an operand (so `/` divides).
    after_operand: bool,
    /// mawk: no `**`, no octal or hex constants; busybox has them.
    mawk: bool,
}

/// The escapes of awk strings and regular expression literals (`\n`, `\t`, `\"`, `\/`, octal);
/// an unknown escape keeps its backslash (busybox and mawk both do), and in a `regex` literal
/// `\\` stays escaped for the matcher.
pub(super) fn unescape(raw: &[u8], regex: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        if c != b'\\' || i + 1 == raw.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = raw[i + 1];
        i += 2;
        let mapped = match e {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'\\' if !regex => b'\\',
            b'"' => b'"',
            b'/' => b'/',
            b'a' => 0x07,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'v' => 0x0b,
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                let mut n = 1;
                while n < 3 && i < raw.len() && (b'0'..=b'7').contains(&raw[i]) {
                    v = v * 8 + u32::from(raw[i] - b'0');
                    i += 1;
                    n += 1;
                }
                (v & 0xff) as u8
            }
            other => {
                out.push(b'\\');
                other
            }
        };
        out.push(mapped);
    }
    out
}

impl<'s> Lexer<'s> {
    pub fn new(text: &'s str, mawk: bool) -> Lexer<'s> {
        Lexer {
            text: text.as_bytes(),
            at: 0,
            line: 1,
            after_operand: false,
            mawk,
        }
    }

    fn peek(&self, k: usize) -> u8 {
        self.text.get(self.at + k).copied().unwrap_or(0)
    }

    pub fn next(&mut self) -> Result<Token, LexError> {
        let token = self.scan()?;
        self.after_operand = matches!(
            token,
            Token::Number(_)
                | Token::String(_)
                | Token::Name(_)
                | Token::Regex(_)
                | Token::Builtin(_)
        ) || matches!(token, Token::Op(")" | "]" | "$" | "++" | "--"));
        Ok(token)
    }

    fn scan(&mut self) -> Result<Token, LexError> {
        loop {
            match self.peek(0) {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\\' if self.peek(1) == b'\n' => {
                    self.at += 2;
                    self.line += 1;
                }
                b'\\' if self.peek(1) == b'\r' && self.peek(2) == b'\n' => {
                    self.at += 3;
                    self.line += 1;
                }
                b'#' => {
                    while self.at < self.text.len() && self.text[self.at] != b'\n' {
                        self.at += 1;
                    }
                }
                _ => break,
            }
        }
        let Some(&c) = self.text.get(self.at) else {
            return Ok(Token::End);
        };
        if c == b'\n' {
            self.at += 1;
            self.line += 1;
            return Ok(Token::Newline);
        }
        if c == b'"' {
            self.at += 1;
            let start = self.at;
            loop {
                match self.text.get(self.at) {
                    None | Some(b'\n') => {
                        let raw = &self.text[start..self.at];
                        return Err(LexError::UnterminatedString(
                            String::from_utf8_lossy(raw).into_owned(),
                        ));
                    }
                    Some(b'"') => break,
                    Some(b'\\') if self.at + 1 < self.text.len() => {
                        if self.text[self.at + 1] == b'\n' {
                            self.line += 1;
                        }
                        self.at += 2;
                    }
                    Some(_) => self.at += 1,
                }
            }
            let raw = strip_line_continuations(&self.text[start..self.at]);
            self.at += 1;
            let text = unescape(&raw, false);
            return Ok(Token::String(String::from_utf8_lossy(&text).into_owned()));
        }
        if c == b'/' && !self.after_operand {
            self.at += 1;
            let start = self.at;
            let mut in_bracket = false;
            loop {
                match self.text.get(self.at) {
                    None | Some(b'\n') => {
                        let raw = &self.text[start..self.at];
                        return Err(LexError::UnterminatedRegex(
                            String::from_utf8_lossy(raw).into_owned(),
                        ));
                    }
                    Some(b'\\') if self.at + 1 < self.text.len() => self.at += 2,
                    Some(b'[') => {
                        in_bracket = true;
                        self.at += 1;
                        if self.peek(0) == b'^' {
                            self.at += 1;
                        }
                        if self.peek(0) == b']' {
                            self.at += 1;
                        }
                    }
                    Some(b']') => {
                        in_bracket = false;
                        self.at += 1;
                    }
                    Some(b'/') if !in_bracket => break,
                    Some(_) => self.at += 1,
                }
            }
            let raw = &self.text[start..self.at];
            self.at += 1;
            let text = unescape(raw, true);
            return Ok(Token::Regex(String::from_utf8_lossy(&text).into_owned()));
        }
        if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_ascii_digit()) {
            return Ok(Token::Number(self.number()));
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = self.at;
            while self.peek(0).is_ascii_alphanumeric() || self.peek(0) == b'_' {
                self.at += 1;
            }
            let word = String::from_utf8_lossy(&self.text[start..self.at]).into_owned();
            if let Some(k) = KEYWORDS.iter().find(|k| **k == word) {
                return Ok(Token::Keyword(k));
            }
            if let Some(b) = BUILTINS.iter().find(|b| **b == word) {
                return Ok(Token::Builtin(b));
            }
            if self.peek(0) == b'(' {
                return Ok(Token::Call(word));
            }
            return Ok(Token::Name(word));
        }
        for op in OPERATORS {
            if self.mawk && op.starts_with("**") {
                continue;
            }
            if self.text[self.at..].starts_with(op.as_bytes()) {
                self.at += op.len();
                return Ok(Token::Op(op));
            }
        }
        let ch = String::from_utf8_lossy(&self.text[self.at..(self.at + 4).min(self.text.len())])
            .chars()
            .next()
            .unwrap_or('?');
        Err(LexError::UnexpectedChar(ch))
    }

    fn number(&mut self) -> f64 {
        let start = self.at;
        // busybox reads program constants with C's rules: `0x1A` is 26, `011` is 9.
        if !self.mawk && self.peek(0) == b'0' && self.peek(1).is_ascii_digit() {
            let mut end = self.at + 1;
            while self
                .text
                .get(end)
                .is_some_and(|c| (b'0'..=b'7').contains(c))
            {
                end += 1;
            }
            if !self
                .text
                .get(end)
                .is_some_and(|c| c.is_ascii_digit() || *c == b'.' || *c == b'e' || *c == b'E')
            {
                let digits = std::str::from_utf8(&self.text[self.at..end]).unwrap_or("0");
                self.at = end;
                return u64::from_str_radix(digits, 8).map_or(0.0, |v| v as f64);
            }
        }
        if !self.mawk
            && self.peek(0) == b'0'
            && matches!(self.peek(1), b'x' | b'X')
            && self.peek(2).is_ascii_hexdigit()
        {
            self.at += 2;
            let hex_start = self.at;
            while self.peek(0).is_ascii_hexdigit() {
                self.at += 1;
            }
            let digits = std::str::from_utf8(&self.text[hex_start..self.at]).unwrap_or("0");
            return u64::from_str_radix(digits, 16).map_or(0.0, |v| v as f64);
        }
        while self.peek(0).is_ascii_digit() {
            self.at += 1;
        }
        if self.peek(0) == b'.' {
            self.at += 1;
            while self.peek(0).is_ascii_digit() {
                self.at += 1;
            }
        }
        if matches!(self.peek(0), b'e' | b'E') {
            let sign = usize::from(matches!(self.peek(1), b'+' | b'-'));
            if self.peek(1 + sign).is_ascii_digit() {
                self.at += 1 + sign;
                while self.peek(0).is_ascii_digit() {
                    self.at += 1;
                }
            }
        }
        std::str::from_utf8(&self.text[start..self.at])
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0)
    }
}

/// A backslash-newline inside a string continues it on the next line.
fn strip_line_continuations(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\' && raw.get(i + 1) == Some(&b'\n') {
            i += 2;
            continue;
        }
        if raw[i] == b'\\' && i + 1 < raw.len() {
            out.push(raw[i]);
            out.push(raw[i + 1]);
            i += 2;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}
