//! `test` and `[`: the expression grammar (`!`, `-a`, `-o`, parentheses), string, number and
//! file tests, with ash's error wording.

use crate::kernel::executables::MARKER;
use crate::kernel::fs::{normalize, Entry};
use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

/// `[ ... ]`: `test` with a closing bracket.
pub(crate) fn bracket(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    if args.last().map(String::as_str) != Some("]") {
        let p = vm.diag_prefix(sys);
        vm.err(sys, &format!("{p}[: missing ]\n"));
        return Run::Done(2);
    }
    Run::Done(test(vm, sys, &args[..args.len() - 1], "["))
}

pub(crate) fn test(vm: &mut Vm, sys: &mut Syscalls, args: &[String], name: &str) -> i32 {
    let mut t = Tester {
        vm,
        sys,
        a: args,
        i: 0,
        err: None,
        name,
    };
    if args.is_empty() {
        return 1;
    }
    let r = t.or();
    if t.err.is_none() && t.i < args.len() {
        t.err = Some(format!("{}: unexpected operator", args[t.i]));
    }
    if let Some(e) = t.err.take() {
        let p = t.vm.diag_prefix(t.sys);
        let msg = format!("{p}{name}: {e}\n");
        t.vm.err(t.sys, &msg);
        return 2;
    }
    (!r) as i32
}

struct Tester<'a, 'b, 'c> {
    vm: &'a mut Vm,
    sys: &'a mut Syscalls<'b>,
    a: &'c [String],
    i: usize,
    err: Option<String>,
    #[allow(dead_code)]
    name: &'c str,
}

impl Tester<'_, '_, '_> {
    fn peek(&self) -> Option<&str> {
        self.a.get(self.i).map(String::as_str)
    }
    fn or(&mut self) -> bool {
        let mut v = self.and();
        while self.peek() == Some("-o") {
            self.i += 1;
            let r = self.and();
            v = v || r;
        }
        v
    }
    fn and(&mut self) -> bool {
        let mut v = self.not();
        while self.peek() == Some("-a") {
            self.i += 1;
            let r = self.not();
            v = v && r;
        }
        v
    }
    fn not(&mut self) -> bool {
        if self.peek() == Some("!") && self.a.len() - self.i > 1 {
            self.i += 1;
            return !self.not();
        }
        self.primary()
    }
    fn primary(&mut self) -> bool {
        let Some(a) = self.peek().map(str::to_string) else {
            self.err = Some("argument expected".into());
            return false;
        };
        if a == "(" {
            self.i += 1;
            let v = self.or();
            if self.peek() == Some(")") {
                self.i += 1;
            } else {
                self.err = Some("closing paren expected".into());
            }
            return v;
        }
        // Binary?
        if let Some(op) = self.a.get(self.i + 1).map(String::as_str) {
            let bin = matches!(
                op,
                "=" | "==" | "!=" | "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" | "<" | ">"
            );
            if bin && self.a.get(self.i + 2).is_some() {
                let b = self.a[self.i + 2].clone();
                self.i += 3;
                let num = |s: &str, t: &mut Self| -> i64 {
                    match s.trim().parse::<i64>() {
                        Ok(n) => n,
                        Err(_) => {
                            t.err.get_or_insert(format!("{s}: bad number"));
                            0
                        }
                    }
                };
                return match op {
                    "=" | "==" => a == b,
                    "!=" => a != b,
                    "<" => a < b,
                    ">" => a > b,
                    _ => {
                        let (x, y) = (num(&a, self), num(&b, self));
                        match op {
                            "-eq" => x == y,
                            "-ne" => x != y,
                            "-lt" => x < y,
                            "-le" => x <= y,
                            "-gt" => x > y,
                            _ => x >= y,
                        }
                    }
                };
            }
        }
        if a.len() == 2 && a.starts_with('-') && self.a.get(self.i + 1).is_some() {
            let x = self.a[self.i + 1].clone();
            let unary = "efdsrwxznhLpSbcgukGOt".contains(&a[1..]);
            if unary {
                self.i += 2;
                let p = normalize(&self.vm.cwd, &x);
                let mut fs = self.sys.fs();
                return match &a[1..] {
                    "z" => x.is_empty(),
                    "n" => !x.is_empty(),
                    "e" | "r" | "w" => fs.stat(&p).is_some(),
                    "f" => fs.is_file(&p),
                    "d" => fs.is_dir(&p),
                    "s" => {
                        matches!(fs.stat(&p), Some(Entry::File(s)) if !s.is_empty())
                            || fs.is_dir(&p)
                    }
                    "x" => {
                        matches!(fs.stat(&p), Some(Entry::File(s)) if s.starts_with(MARKER) || s.starts_with("#!"))
                            || fs.is_dir(&p)
                    }
                    "t" => false,
                    _ => {
                        let _ = &mut fs;
                        false
                    }
                };
            }
        }
        self.i += 1;
        !a.is_empty()
    }
}
