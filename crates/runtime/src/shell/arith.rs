//! Shell arithmetic (`$(( ))`).

use std::collections::BTreeMap;

/// Evaluates `e` (already expanded), reading and assigning shell variables.
pub(crate) fn evaluate(e: &str, vars: &mut BTreeMap<String, String>) -> Result<i64, String> {
    let mut p = Arith {
        s: e.as_bytes(),
        i: 0,
        vars,
        depth: 0,
    };
    let v = p.assign()?;
    p.skip_blanks();
    if p.i < p.s.len() {
        return Err("arithmetic syntax error".to_string());
    }
    Ok(v)
}

/// `$(( ))` arithmetic: integers, + - * / % comparisons, && || !, parentheses, `=`.
struct Arith<'a> {
    s: &'a [u8],
    i: usize,
    vars: &'a mut BTreeMap<String, String>,
    depth: usize,
}

impl Arith<'_> {
    fn skip_blanks(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, t: &str) -> bool {
        self.skip_blanks();
        if self.s[self.i..].starts_with(t.as_bytes()) {
            // Do not split `==` into `=`, or `<=` into `<`.
            let next = self.s.get(self.i + t.len()).copied();
            if (t == "=" || t == "<" || t == ">" || t == "!") && next == Some(b'=') {
                return false;
            }
            if (t == "&" && next == Some(b'&')) || (t == "|" && next == Some(b'|')) {
                return false;
            }
            self.i += t.len();
            return true;
        }
        false
    }
    fn assign(&mut self) -> Result<i64, String> {
        self.skip_blanks();
        let save = self.i;
        let mut name = String::new();
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            name.push(self.s[self.i] as char);
            self.i += 1;
        }
        if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) && self.eat("=") {
            let v = self.assign()?;
            self.vars.insert(name, v.to_string());
            return Ok(v);
        }
        self.i = save;
        self.or()
    }
    fn or(&mut self) -> Result<i64, String> {
        let mut v = self.and()?;
        while self.eat("||") {
            let r = self.and()?;
            v = (v != 0 || r != 0) as i64;
        }
        Ok(v)
    }
    fn and(&mut self) -> Result<i64, String> {
        let mut v = self.cmp()?;
        while self.eat("&&") {
            let r = self.cmp()?;
            v = (v != 0 && r != 0) as i64;
        }
        Ok(v)
    }
    fn cmp(&mut self) -> Result<i64, String> {
        let mut v = self.add()?;
        loop {
            v = if self.eat("==") {
                (v == self.add()?) as i64
            } else if self.eat("!=") {
                (v != self.add()?) as i64
            } else if self.eat("<=") {
                (v <= self.add()?) as i64
            } else if self.eat(">=") {
                (v >= self.add()?) as i64
            } else if self.eat("<") {
                (v < self.add()?) as i64
            } else if self.eat(">") {
                (v > self.add()?) as i64
            } else {
                return Ok(v);
            };
        }
    }
    fn add(&mut self) -> Result<i64, String> {
        let mut v = self.mul()?;
        loop {
            if self.eat("+") {
                v = v.wrapping_add(self.mul()?);
            } else if self.eat("-") {
                v = v.wrapping_sub(self.mul()?);
            } else {
                return Ok(v);
            }
        }
    }
    fn mul(&mut self) -> Result<i64, String> {
        let mut v = self.unary()?;
        loop {
            if self.eat("*") {
                v = v.wrapping_mul(self.unary()?);
            } else if self.eat("/") || self.eat("%") {
                let is_div = self.s[self.i - 1] == b'/';
                let r = self.unary()?;
                if r == 0 {
                    return Err("divide by zero".into());
                }
                v = if is_div {
                    v.wrapping_div(r)
                } else {
                    v.wrapping_rem(r)
                };
            } else {
                return Ok(v);
            }
        }
    }
    fn unary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("arithmetic syntax error".into());
        }
        let r = if self.eat("-") {
            self.unary().map(|v| v.wrapping_neg())
        } else if self.eat("+") {
            self.unary()
        } else if self.eat("!") {
            self.unary().map(|v| (v == 0) as i64)
        } else if self.eat("(") {
            let v = self.assign()?;
            if !self.eat(")") {
                return Err("arithmetic syntax error".into());
            }
            Ok(v)
        } else {
            self.atom()
        };
        self.depth -= 1;
        r
    }
    fn atom(&mut self) -> Result<i64, String> {
        self.skip_blanks();
        let start = self.i;
        if self.i < self.s.len() && self.s[self.i] == b'$' {
            self.i += 1;
        }
        let ns = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        let tok = std::str::from_utf8(&self.s[ns..self.i]).unwrap_or("");
        if tok.is_empty() {
            let _ = start;
            return Err("arithmetic syntax error".into());
        }
        if tok.starts_with(|c: char| c.is_ascii_digit()) {
            return tok
                .parse()
                .map_err(|_| "arithmetic syntax error".to_string());
        }
        let v = self.vars.get(tok).cloned().unwrap_or_default();
        Ok(v.trim().parse().unwrap_or(0))
    }
}
