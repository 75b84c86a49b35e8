//! POSIX extended regular expressions over bytes, as awk uses them in the C locale: literals,
//! `.`, bracket expressions (ranges, `^`, `[:class:]`), `^` and `$` (the string's ends),
//! groups, `|`, `*`, `+`, `?` and intervals `{n}`, `{n,}`, `{n,m}`. Compiled to a Thompson NFA and
//! run without backtracking (time proportional to text × pattern), leftmost-longest as POSIX
//! asks for `sub`, `gsub`, `match` and `split`.

/// Why a pattern does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReError {
    /// `(` without `)`.
    MissingParen,
    /// `)` without `(`.
    UnmatchedParen,
    /// `[` without `]`, or a bad `[:class:]`.
    BadClass,
    /// A repetition with nothing to repeat (`*a`, `a|*`).
    MissingOperand,
    /// A bad `{n,m}`.
    BadInterval,
    /// More than the model compiles (intervals multiply the pattern).
    TooLarge,
    /// A trailing backslash.
    TrailingBackslash,
}

/// Instructions of the compiled pattern; a state is an index into them.
#[derive(Clone, Debug)]
enum Inst {
    Byte(u8),
    Any,
    Set(usize),
    Split(usize, usize),
    Jump(usize),
    Start,
    End,
    Match,
}

#[derive(Clone, Debug)]
enum Node {
    Empty,
    Byte(u8),
    Any,
    Set(usize),
    Start,
    End,
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

/// Instructions one pattern may compile to.
const MAX_PROGRAM: usize = 20_000;
/// Largest count in an interval (RE_DUP_MAX).
const MAX_REPEAT: u32 = 255;

#[derive(Clone, Debug)]
pub(crate) struct Regex {
    program: Vec<Inst>,
    sets: Vec<[u64; 4]>,
}

struct Parser<'p> {
    pattern: &'p [u8],
    at: usize,
    sets: Vec<[u64; 4]>,
    depth: u32,
}

fn class_contains(name: &[u8], b: u8) -> Option<bool> {
    let c = b as char;
    Some(match name {
        b"alpha" => c.is_ascii_alphabetic(),
        b"digit" => c.is_ascii_digit(),
        b"alnum" => c.is_ascii_alphanumeric(),
        b"upper" => c.is_ascii_uppercase(),
        b"lower" => c.is_ascii_lowercase(),
        b"space" => matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
        b"blank" => matches!(b, b' ' | b'\t'),
        b"punct" => c.is_ascii_punctuation(),
        b"print" => (0x20..0x7f).contains(&b),
        b"graph" => (0x21..0x7f).contains(&b),
        b"cntrl" => b < 0x20 || b == 0x7f,
        b"xdigit" => c.is_ascii_hexdigit(),
        _ => return None,
    })
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.pattern.get(self.at).copied()
    }

    fn alternation(&mut self) -> Result<Node, ReError> {
        let mut branches = vec![self.concatenation()?];
        while self.peek() == Some(b'|') {
            self.at += 1;
            branches.push(self.concatenation()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternate(branches)
        })
    }

    fn concatenation(&mut self) -> Result<Node, ReError> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == b'|' || c == b')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.repetitions(atom)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    fn repetitions(&mut self, mut atom: Node) -> Result<Node, ReError> {
        loop {
            // `interval` consumes its braces; the one-character operators are consumed here.
            let (min, max) = match self.peek() {
                Some(b'*') => (0, None),
                Some(b'+') => (1, None),
                Some(b'?') => (0, Some(1)),
                Some(b'{') => match self.interval()? {
                    Some(bounds) => {
                        self.at -= 1;
                        bounds
                    }
                    None => return Ok(atom),
                },
                _ => return Ok(atom),
            };
            self.at += 1;
            if matches!(atom, Node::Start | Node::End) {
                return Err(ReError::MissingOperand);
            }
            atom = Node::Repeat(Box::new(atom), min, max);
        }
    }

    /// `{n}`, `{n,}`, `{n,m}` (consumed), or `None` when `{` is a literal brace.
    fn interval(&mut self) -> Result<Option<(u32, Option<u32>)>, ReError> {
        let rest = &self.pattern[self.at + 1..];
        let Some(close) = rest.iter().position(|&c| c == b'}') else {
            return Ok(None);
        };
        let body = &rest[..close];
        if body.is_empty() || !body.iter().all(|c| c.is_ascii_digit() || *c == b',') {
            return Ok(None);
        }
        let text = std::str::from_utf8(body).map_err(|_| ReError::BadInterval)?;
        let number = |s: &str| -> Result<u32, ReError> {
            let n: u32 = s.parse().map_err(|_| ReError::BadInterval)?;
            if n > MAX_REPEAT {
                return Err(ReError::BadInterval);
            }
            Ok(n)
        };
        let bounds = match text.split_once(',') {
            None => {
                let n = number(text)?;
                (n, Some(n))
            }
            Some((low, "")) => (number(low)?, None),
            Some((low, high)) => (number(low)?, Some(number(high)?)),
        };
        if bounds.1.is_some_and(|high| high < bounds.0) {
            return Err(ReError::BadInterval);
        }
        self.at += close + 2;
        Ok(Some(bounds))
    }

    fn atom(&mut self) -> Result<Node, ReError> {
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.at += 1;
        Ok(match c {
            b'.' => Node::Any,
            b'^' => Node::Start,
            b'$' => Node::End,
            b'(' => {
                self.depth += 1;
                if self.depth > 200 {
                    return Err(ReError::TooLarge);
                }
                let inner = self.alternation()?;
                if self.peek() != Some(b')') {
                    return Err(ReError::MissingParen);
                }
                self.at += 1;
                self.depth -= 1;
                inner
            }
            b')' => return Err(ReError::UnmatchedParen),
            b'*' | b'+' | b'?' => return Err(ReError::MissingOperand),
            b'[' => self.bracket()?,
            b'\\' => {
                let Some(e) = self.peek() else {
                    return Err(ReError::TrailingBackslash);
                };
                self.at += 1;
                Node::Byte(match e {
                    b'n' => b'\n',
                    b't' => b'\t',
                    b'r' => b'\r',
                    b'f' => 0x0c,
                    b'v' => 0x0b,
                    b'a' => 0x07,
                    b'b' => 0x08,
                    other => other,
                })
            }
            other => Node::Byte(other),
        })
    }

    fn bracket(&mut self) -> Result<Node, ReError> {
        let mut set = [0u64; 4];
        let add = |set: &mut [u64; 4], b: u8| set[(b >> 6) as usize] |= 1 << (b & 63);
        let negate = self.peek() == Some(b'^');
        if negate {
            self.at += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(ReError::BadClass);
            };
            if c == b']' && !first {
                self.at += 1;
                break;
            }
            first = false;
            if c == b'[' && self.pattern.get(self.at + 1) == Some(&b':') {
                let rest = &self.pattern[self.at + 2..];
                let end = rest
                    .windows(2)
                    .position(|w| w == b":]")
                    .ok_or(ReError::BadClass)?;
                let name = &rest[..end];
                class_contains(name, b'a').ok_or(ReError::BadClass)?;
                for b in 0..=255u8 {
                    if class_contains(name, b) == Some(true) {
                        add(&mut set, b);
                    }
                }
                self.at += end + 4;
                continue;
            }
            self.at += 1;
            let low = if c == b'\\' {
                // awk keeps backslash escapes inside brackets (`[\/]`, `[\]]`).
                let e = self.peek().ok_or(ReError::BadClass)?;
                self.at += 1;
                match e {
                    b'n' => b'\n',
                    b't' => b'\t',
                    other => other,
                }
            } else {
                c
            };
            if self.peek() == Some(b'-')
                && self.pattern.get(self.at + 1).is_some_and(|&n| n != b']')
            {
                let high = self.pattern[self.at + 1];
                self.at += 2;
                if high < low {
                    return Err(ReError::BadClass);
                }
                for b in low..=high {
                    add(&mut set, b);
                }
            } else {
                add(&mut set, low);
            }
        }
        if negate {
            for word in set.iter_mut() {
                *word = !*word;
            }
        }
        self.sets.push(set);
        Ok(Node::Set(self.sets.len() - 1))
    }
}

fn emit(node: &Node, program: &mut Vec<Inst>) -> Result<(), ReError> {
    if program.len() > MAX_PROGRAM {
        return Err(ReError::TooLarge);
    }
    match node {
        Node::Empty => {}
        Node::Byte(b) => program.push(Inst::Byte(*b)),
        Node::Any => program.push(Inst::Any),
        Node::Set(i) => program.push(Inst::Set(*i)),
        Node::Start => program.push(Inst::Start),
        Node::End => program.push(Inst::End),
        Node::Concat(items) => {
            for item in items {
                emit(item, program)?;
            }
        }
        Node::Alternate(branches) => {
            let mut jumps = Vec::new();
            for (k, branch) in branches.iter().enumerate() {
                if k + 1 < branches.len() {
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    emit(branch, program)?;
                    jumps.push(program.len());
                    program.push(Inst::Jump(0));
                    let next = program.len();
                    program[split] = Inst::Split(split + 1, next);
                } else {
                    emit(branch, program)?;
                }
            }
            let end = program.len();
            for j in jumps {
                program[j] = Inst::Jump(end);
            }
        }
        Node::Repeat(inner, min, max) => {
            for _ in 0..*min {
                emit(inner, program)?;
            }
            match max {
                None => {
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    emit(inner, program)?;
                    program.push(Inst::Jump(split));
                    let end = program.len();
                    program[split] = Inst::Split(split + 1, end);
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(program.len());
                        program.push(Inst::Split(0, 0));
                        emit(inner, program)?;
                    }
                    let end = program.len();
                    for s in splits {
                        program[s] = Inst::Split(s + 1, end);
                    }
                }
            }
        }
    }
    Ok(())
}

impl Regex {
    pub(crate) fn new(pattern: &[u8]) -> Result<Regex, ReError> {
        let mut parser = Parser {
            pattern,
            at: 0,
            sets: Vec::new(),
            depth: 0,
        };
        let node = parser.alternation()?;
        if parser.at < pattern.len() {
            return Err(ReError::UnmatchedParen);
        }
        let mut program = Vec::new();
        emit(&node, &mut program)?;
        program.push(Inst::Match);
        if program.len() > MAX_PROGRAM {
            return Err(ReError::TooLarge);
        }
        Ok(Regex {
            program,
            sets: parser.sets,
        })
    }

    /// Whether the pattern matches anywhere in `text`; `work` counts the steps taken.
    pub(crate) fn is_match(&self, text: &[u8], work: &mut u64) -> bool {
        self.find_at(text, 0, work).is_some()
    }

    /// The leftmost-longest match starting at or after `from`: (start, end).
    pub(crate) fn find_at(
        &self,
        text: &[u8],
        from: usize,
        work: &mut u64,
    ) -> Option<(usize, usize)> {
        let n = self.program.len();
        let mut run = Run {
            current: vec![usize::MAX; n],
            next: vec![usize::MAX; n],
            list: Vec::with_capacity(n),
            next_list: Vec::with_capacity(n),
            stack: Vec::new(),
            marks: vec![0; n],
            generation: 0,
            best: None,
        };
        let mut pos = from.min(text.len());
        loop {
            // A new thread starts here while no match has been found yet.
            if run.best.is_none() {
                self.add(&mut run, false, 0, pos, pos, text);
            }
            if pos >= text.len() || (run.list.is_empty() && run.best.is_some()) {
                break;
            }
            *work += run.list.len() as u64 + 1;
            let b = text[pos];
            for k in 0..run.list.len() {
                let state = run.list[k];
                let start = run.current[state];
                if run.best.is_some_and(|(s, _)| start > s) {
                    continue;
                }
                let step = match &self.program[state] {
                    Inst::Byte(x) => *x == b,
                    Inst::Any => true,
                    Inst::Set(i) => self.sets[*i][(b >> 6) as usize] & (1 << (b & 63)) != 0,
                    _ => false,
                };
                if step {
                    self.add(&mut run, true, state + 1, start, pos + 1, text);
                }
            }
            for k in 0..run.list.len() {
                let state = run.list[k];
                run.current[state] = usize::MAX;
            }
            std::mem::swap(&mut run.current, &mut run.next);
            std::mem::swap(&mut run.list, &mut run.next_list);
            run.next_list.clear();
            pos += 1;
        }
        run.best
    }

    /// Follows the empty transitions from `state` at `pos` for a thread that began at `start`,
    /// adding the states that read a byte to the current (or, `to_next`, the next) list with
    /// the earliest start per state, and recording matches.
    fn add(
        &self,
        run: &mut Run,
        to_next: bool,
        state: usize,
        start: usize,
        pos: usize,
        text: &[u8],
    ) {
        run.generation += 1;
        run.stack.clear();
        run.stack.push(state);
        while let Some(s) = run.stack.pop() {
            if run.marks[s] == run.generation {
                continue;
            }
            run.marks[s] = run.generation;
            match &self.program[s] {
                Inst::Split(a, b) => {
                    run.stack.push(*b);
                    run.stack.push(*a);
                }
                Inst::Jump(a) => run.stack.push(*a),
                Inst::Start => {
                    if pos == 0 {
                        run.stack.push(s + 1);
                    }
                }
                Inst::End => {
                    if pos == text.len() {
                        run.stack.push(s + 1);
                    }
                }
                Inst::Match => {
                    let better = match run.best {
                        None => true,
                        Some((bs, be)) => start < bs || (start == bs && pos > be),
                    };
                    if better {
                        run.best = Some((start, pos));
                    }
                }
                _ => {
                    let (starts, list) = if to_next {
                        (&mut run.next, &mut run.next_list)
                    } else {
                        (&mut run.current, &mut run.list)
                    };
                    if starts[s] == usize::MAX {
                        starts[s] = start;
                        list.push(s);
                    } else if start < starts[s] {
                        starts[s] = start;
                    }
                }
            }
        }
    }
}

/// The matcher's working state for one search.
struct Run {
    current: Vec<usize>,
    next: Vec<usize>,
    list: Vec<usize>,
    next_list: Vec<usize>,
    stack: Vec<usize>,
    marks: Vec<u32>,
    generation: u32,
    best: Option<(usize, usize)>,
}

#[cfg(test)]
mod tests;
