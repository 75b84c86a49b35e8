//! Compiles the AST into a flat instruction list. A flat program with a program counter is
//! what makes the interpreter resumable: pausing inside `sleep` only means remembering `pc`.

use std::rc::Rc;

use super::ast::*;

#[derive(Debug)]
pub(crate) enum Op {
    /// Expand and run a simple command (its command substitutions already ran, results on
    /// the result stack). `tail` = last command of a `sh -c` string (ash execs it in place).
    Simple {
        command: Rc<SimpleCommand>,
        substitutions: usize,
        tail: bool,
    },
    SubBegin {
        end: usize,
        capture: bool,
        pipe_in: bool,
    },
    /// `to_pipe`: captured output becomes the next pipeline stage's stdin.
    SubEnd {
        capture: bool,
        to_pipe: bool,
    },
    Jump(usize),
    JumpIfOk(usize),
    JumpIfFail(usize),
    Not,
    SetStatus(i32),
    LoopEnter {
        cont: usize,
        exit: usize,
    },
    LoopSave,
    LoopExit,
    ForInit {
        var: String,
        words: Option<Rc<Vec<Word>>>,
        substitutions: usize,
        cont: usize,
        exit: usize,
    },
    ForNext {
        exit: usize,
    },
    CaseWord {
        word: Rc<Word>,
        substitutions: usize,
    },
    CaseTest {
        pats: Rc<Vec<Word>>,
        substitutions: usize,
        next: usize,
    },
    CasePop,
    FunctionDefinition {
        name: String,
        entry: usize,
        skip: usize,
    },
    Return,
    RedirectionPush {
        redirections: Rc<Vec<Redirection>>,
        substitutions: usize,
    },
    RedirectionPop,
    Background {
        end: usize,
    },
    ErrExit,
    Halt,
}

#[derive(Debug, Default)]
pub(crate) struct Code {
    pub ops: Vec<Op>,
}

pub(crate) fn compile(p: &Program, top_level: bool) -> Code {
    let mut c = Compiler { ops: Vec::new() };
    c.list(&p.body, false, top_level);
    c.ops.push(Op::Halt);
    Code { ops: c.ops }
}

struct Compiler {
    ops: Vec<Op>,
}

fn count_subs_word(w: &Word) -> usize {
    w.parts
        .iter()
        .map(|p| match p {
            Part::CommandSubstitution(..) => 1,
            Part::Arith(w, _) => count_subs_word(w),
            Part::Parameter(expansion, _) => match &expansion.op {
                ParameterOp::Default(_, w)
                | ParameterOp::Assign(_, w)
                | ParameterOp::Alt(_, w)
                | ParameterOp::Error(_, w)
                | ParameterOp::TrimPrefix(_, w)
                | ParameterOp::TrimSuffix(_, w) => count_subs_word(w),
                _ => 0,
            },
            _ => 0,
        })
        .sum()
}

impl Compiler {
    fn here(&self) -> usize {
        self.ops.len()
    }

    fn patch(&mut self, at: usize, target: usize) {
        match &mut self.ops[at] {
            Op::Jump(t) | Op::JumpIfOk(t) | Op::JumpIfFail(t) => *t = target,
            Op::SubBegin { end, .. } => *end = target,
            Op::LoopEnter { exit, .. } => *exit = target,
            Op::ForInit { exit, .. } => *exit = target,
            Op::ForNext { exit } => *exit = target,
            Op::CaseTest { next, .. } => *next = target,
            Op::FunctionDefinition { skip, .. } => *skip = target,
            Op::Background { end } => *end = target,
            _ => {}
        }
    }

    /// Emits the command substitutions of `w` in evaluation order.
    fn subs_word(&mut self, w: &Word) {
        for p in &w.parts {
            match p {
                Part::CommandSubstitution(prog, _) => {
                    let at = self.here();
                    self.ops.push(Op::SubBegin {
                        end: 0,
                        capture: true,
                        pipe_in: false,
                    });
                    self.list(&prog.body, false, false);
                    let end = self.here();
                    self.ops.push(Op::SubEnd {
                        capture: true,
                        to_pipe: false,
                    });
                    self.patch(at, end);
                }
                Part::Parameter(expansion, _) => match &expansion.op {
                    ParameterOp::Default(_, w)
                    | ParameterOp::Assign(_, w)
                    | ParameterOp::Alt(_, w)
                    | ParameterOp::Error(_, w)
                    | ParameterOp::TrimPrefix(_, w)
                    | ParameterOp::TrimSuffix(_, w) => self.subs_word(w),
                    _ => {}
                },
                Part::Arith(w, _) => self.subs_word(w),
                _ => {}
            }
        }
    }

    fn list(&mut self, l: &List, cond: bool, top: bool) {
        if l.is_empty() {
            self.ops.push(Op::SetStatus(0));
        }
        for (i, and_or) in l.iter().enumerate() {
            let last = top && i + 1 == l.len();
            if and_or.background {
                let at = self.here();
                self.ops.push(Op::Background { end: 0 });
                self.and_or(and_or, false, false);
                self.ops.push(Op::Halt);
                let end = self.here();
                self.patch(at, end);
            } else {
                self.and_or(and_or, cond, last);
            }
        }
    }

    fn and_or(&mut self, and_or: &AndOr, cond: bool, tail: bool) {
        let n = and_or.rest.len();
        self.pipeline(&and_or.first, cond || n > 0, tail && n == 0);
        if n == 0 && !cond {
            self.ops.push(Op::ErrExit);
        }
        for (k, (conn, p)) in and_or.rest.iter().enumerate() {
            let at = self.here();
            self.ops.push(match conn {
                Connector::And => Op::JumpIfFail(0),
                Connector::Or => Op::JumpIfOk(0),
            });
            let last = k + 1 == n;
            self.pipeline(p, cond || !last, tail && last);
            if last && !cond {
                self.ops.push(Op::ErrExit);
            }
            let end = self.here();
            self.patch(at, end);
        }
    }

    fn pipeline(&mut self, p: &Pipeline, cond: bool, tail: bool) {
        let cond = cond || p.negate;
        if p.commands.len() == 1 {
            self.command(&p.commands[0], cond, tail && !p.negate);
        } else {
            let n = p.commands.len();
            for (i, c) in p.commands.iter().enumerate() {
                let last = i + 1 == n;
                let at = self.here();
                self.ops.push(Op::SubBegin {
                    end: 0,
                    capture: !last,
                    pipe_in: i > 0,
                });
                self.command(c, cond, false);
                let end = self.here();
                self.ops.push(Op::SubEnd {
                    capture: !last,
                    to_pipe: !last,
                });
                self.patch(at, end);
            }
        }
        if p.negate {
            self.ops.push(Op::Not);
        }
    }

    fn redirs_begin(&mut self, r: &[Redirection]) -> bool {
        if r.is_empty() {
            return false;
        }
        let mut substitutions = 0;
        for x in r {
            self.subs_word(&x.target);
            substitutions += count_subs_word(&x.target);
        }
        self.ops.push(Op::RedirectionPush {
            redirections: Rc::new(r.to_vec()),
            substitutions,
        });
        true
    }

    fn command(&mut self, c: &Command, cond: bool, tail: bool) {
        match c {
            Command::Simple(simple) => {
                let mut substitutions = 0;
                for (_, w) in &simple.assignments {
                    self.subs_word(w);
                    substitutions += count_subs_word(w);
                }
                for w in &simple.words {
                    self.subs_word(w);
                    substitutions += count_subs_word(w);
                }
                for r in &simple.redirections {
                    self.subs_word(&r.target);
                    substitutions += count_subs_word(&r.target);
                }
                self.ops.push(Op::Simple {
                    command: simple.clone(),
                    substitutions,
                    tail,
                });
            }
            Command::Group(l, r) => {
                let pushed = self.redirs_begin(r);
                self.list(l, cond, false);
                if pushed {
                    self.ops.push(Op::RedirectionPop);
                }
            }
            Command::Subshell(l, r) => {
                let pushed = self.redirs_begin(r);
                let at = self.here();
                self.ops.push(Op::SubBegin {
                    end: 0,
                    capture: false,
                    pipe_in: false,
                });
                self.list(l, cond, false);
                let end = self.here();
                self.ops.push(Op::SubEnd {
                    capture: false,
                    to_pipe: false,
                });
                self.patch(at, end);
                if pushed {
                    self.ops.push(Op::RedirectionPop);
                }
            }
            Command::If {
                arms,
                els,
                redirections,
            } => {
                let pushed = self.redirs_begin(redirections);
                let mut to_end = Vec::new();
                for (c, body) in arms {
                    self.list(c, true, false);
                    let at = self.here();
                    self.ops.push(Op::JumpIfFail(0));
                    self.list(body, cond, false);
                    to_end.push(self.here());
                    self.ops.push(Op::Jump(0));
                    let next = self.here();
                    self.patch(at, next);
                }
                match els {
                    Some(e) => self.list(e, cond, false),
                    None => self.ops.push(Op::SetStatus(0)),
                }
                let end = self.here();
                for j in to_end {
                    self.patch(j, end);
                }
                if pushed {
                    self.ops.push(Op::RedirectionPop);
                }
            }
            Command::While {
                until,
                cond: c,
                body,
                redirections,
            } => {
                let pushed = self.redirs_begin(redirections);
                let enter = self.here();
                self.ops.push(Op::LoopEnter {
                    cont: enter + 1,
                    exit: 0,
                });
                let top = self.here();
                self.list(c, true, false);
                let test = self.here();
                self.ops.push(if *until {
                    Op::JumpIfOk(0)
                } else {
                    Op::JumpIfFail(0)
                });
                self.list(body, cond, false);
                self.ops.push(Op::LoopSave);
                self.ops.push(Op::Jump(top));
                let exit = self.here();
                self.ops.push(Op::LoopExit);
                self.patch(enter, exit);
                self.patch(test, exit);
                if pushed {
                    self.ops.push(Op::RedirectionPop);
                }
            }
            Command::For {
                var,
                words,
                body,
                redirections,
            } => {
                let pushed = self.redirs_begin(redirections);
                let mut substitutions = 0;
                if let Some(items) = words {
                    for w in items {
                        self.subs_word(w);
                        substitutions += count_subs_word(w);
                    }
                }
                let init = self.here();
                self.ops.push(Op::ForInit {
                    var: var.clone(),
                    words: words.as_ref().map(|w| Rc::new(w.clone())),
                    substitutions,
                    cont: init + 1,
                    exit: 0,
                });
                let next = self.here();
                self.ops.push(Op::ForNext { exit: 0 });
                self.list(body, cond, false);
                self.ops.push(Op::LoopSave);
                self.ops.push(Op::Jump(next));
                let exit = self.here();
                self.ops.push(Op::LoopExit);
                self.patch(init, exit);
                self.patch(next, exit);
                if pushed {
                    self.ops.push(Op::RedirectionPop);
                }
            }
            Command::Case {
                word,
                arms,
                redirections,
            } => {
                let pushed = self.redirs_begin(redirections);
                self.subs_word(word);
                self.ops.push(Op::CaseWord {
                    word: Rc::new(word.clone()),
                    substitutions: count_subs_word(word),
                });
                let mut to_end = Vec::new();
                for (pats, body) in arms {
                    let mut substitutions = 0;
                    for p in pats {
                        self.subs_word(p);
                        substitutions += count_subs_word(p);
                    }
                    let at = self.here();
                    self.ops.push(Op::CaseTest {
                        pats: Rc::new(pats.clone()),
                        substitutions,
                        next: 0,
                    });
                    self.list(body, cond, false);
                    to_end.push(self.here());
                    self.ops.push(Op::Jump(0));
                    let next = self.here();
                    self.patch(at, next);
                }
                self.ops.push(Op::SetStatus(0));
                let end = self.here();
                for j in to_end {
                    self.patch(j, end);
                }
                self.ops.push(Op::CasePop);
                if pushed {
                    self.ops.push(Op::RedirectionPop);
                }
            }
            Command::FunctionDefinition { name, body } => {
                let at = self.here();
                self.ops.push(Op::FunctionDefinition {
                    name: name.clone(),
                    entry: at + 1,
                    skip: 0,
                });
                self.command(body, false, false);
                self.ops.push(Op::Return);
                let skip = self.here();
                self.patch(at, skip);
            }
        }
    }
}
