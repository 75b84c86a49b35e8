//! The shell's syntax tree (POSIX sh / busybox ash subset).

use std::cell::RefCell;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Program {
    pub body: List,
}

pub(crate) type List = Vec<AndOr>;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
    pub background: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Connector {
    And,
    Or,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Pipeline {
    pub negate: bool,
    pub commands: Vec<Command>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Command {
    Simple(Rc<SimpleCommand>),
    Group(List, Vec<Redirection>),
    Subshell(List, Vec<Redirection>),
    If {
        arms: Vec<(List, List)>,
        els: Option<List>,
        redirections: Vec<Redirection>,
    },
    While {
        until: bool,
        cond: List,
        body: List,
        redirections: Vec<Redirection>,
    },
    For {
        var: String,
        words: Option<Vec<Word>>,
        body: List,
        redirections: Vec<Redirection>,
    },
    Case {
        word: Word,
        arms: Vec<(Vec<Word>, List)>,
        redirections: Vec<Redirection>,
    },
    FunctionDefinition {
        name: String,
        body: Box<Command>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SimpleCommand {
    pub assignments: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirections: Vec<Redirection>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Redirection {
    pub fd: u32,
    pub op: RedirectionOp,
    pub target: Word,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RedirectionOp {
    Out,
    Append,
    In,
    DupOut,
    DupIn,
    /// Here-document; the body is filled in once the parser reaches the end of the line.
    HereDoc {
        strip: bool,
        expand: bool,
        body: Rc<RefCell<String>>,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Word {
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Part {
    /// Unquoted literal text (subject to globbing).
    Literal(String),
    /// Quoted literal text.
    Quoted(String),
    Parameter(Box<ParameterExpansion>, bool),
    CommandSubstitution(Rc<Program>, bool),
    /// `$(( ))`: the expression text, itself subject to `$` expansion first.
    Arith(Word, bool),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ParameterExpansion {
    pub name: String,
    pub op: ParameterOp,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ParameterOp {
    Plain,
    Length,
    /// `${x:-w}` (colon = true) / `${x-w}`
    Default(bool, Word),
    Assign(bool, Word),
    Alt(bool, Word),
    Error(bool, Word),
    /// `#`/`##` (long = true)
    TrimPrefix(bool, Word),
    TrimSuffix(bool, Word),
}

impl Word {
    /// The text if the word is a single unquoted literal (used for reserved words).
    pub fn as_plain(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Literal(s)] => Some(s),
            _ => None,
        }
    }

    /// Source-like rendering (for `set -x`-free explanations and for loop summaries).
    pub fn render(&self) -> String {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Literal(t) => s.push_str(t),
                Part::Quoted(t) => s.push_str(t),
                Part::Parameter(expansion, _) => {
                    s.push_str("${");
                    s.push_str(&expansion.name);
                    s.push('}');
                }
                Part::CommandSubstitution(_, _) => s.push_str("$(...)"),
                Part::Arith(e, _) => {
                    s.push_str("$((");
                    s.push_str(&e.render());
                    s.push_str("))");
                }
            }
        }
        s
    }
}
