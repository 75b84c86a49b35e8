//! The shell's file descriptors at work: writing to stdout/stderr, captures, files and the
//! container log; reading stdin.

use super::{Sink, Vm};
use crate::kernel::process::{Stream, Syscalls};

impl Vm {
    // ---- output -------------------------------------------------------------------------

    pub(super) fn resolve_fd(&self, fd: u32) -> Option<usize> {
        self.fds.iter().rposition(|(f, _)| *f == fd)
    }

    /// The capture frame stdout currently goes to, if any.
    pub fn stdout_capture(&self) -> Option<usize> {
        match self.resolve_fd(1).map(|i| &self.fds[i].1) {
            Some(Sink::Capture(i)) => Some(*i),
            _ => None,
        }
    }

    /// Output of a child shell that belongs to capture frame `idx`.
    pub fn append_capture(&mut self, idx: usize, text: &str) {
        if let Some(c) = self.subs.get_mut(idx).and_then(|s| s.capture.as_mut()) {
            if c.len() < 1 << 20 {
                c.push_str(text);
            }
        }
    }

    pub fn write(&mut self, sys: &mut Syscalls, fd: u32, text: &str) {
        if text.is_empty() {
            return;
        }
        let sink = match self.resolve_fd(fd) {
            Some(i) => self.fds[i].1.clone(),
            None => match fd {
                1 => Sink::Base(Stream::Stdout),
                2 => Sink::Base(Stream::Stderr),
                _ => Sink::Null,
            },
        };
        // What reaches the container log stays in the trace: it costs 8 times a copy.
        let weight = match sink {
            Sink::Base(_) | Sink::ContainerLog(_) => 8,
            _ => 1,
        };
        self.charge(0, text.len().saturating_mul(weight));
        match sink {
            Sink::Base(s) => {
                if let Some((ls, last)) = self.out.last_mut() {
                    if *ls == s && last.len() < 4096 {
                        last.push_str(text);
                        return;
                    }
                }
                self.out.push((s, text.to_string()));
            }
            Sink::Capture(i) => {
                if let Some(c) = self.subs.get_mut(i).and_then(|s| s.capture.as_mut()) {
                    if c.len() < 1 << 20 {
                        c.push_str(text);
                    }
                }
            }
            Sink::File(path) => {
                if sys.fs().write(&path, text, true).is_err() {
                    self.write_error = true;
                }
            }
            Sink::ContainerLog(s) => sys.log_to_container(s, text),
            Sink::Null | Sink::Input { .. } => {}
        }
    }

    pub fn out(&mut self, sys: &mut Syscalls, text: &str) {
        self.write(sys, 1, text);
    }

    pub fn err(&mut self, sys: &mut Syscalls, text: &str) {
        self.write(sys, 2, text);
    }

    /// Reads all of stdin (pipes, `<` redirections, here-documents; PID 1 has none).
    pub fn read_stdin_all(&mut self) -> String {
        match self.resolve_fd(0) {
            Some(i) => match &mut self.fds[i].1 {
                Sink::Input { data, pos } => {
                    let s = data[*pos..].to_string();
                    *pos = data.len();
                    self.charge(0, s.len());
                    s
                }
                _ => String::new(),
            },
            None => String::new(),
        }
    }

    pub(super) fn read_line(&mut self) -> Option<String> {
        let i = self.resolve_fd(0)?;
        match &mut self.fds[i].1 {
            Sink::Input { data, pos } => {
                if *pos >= data.len() {
                    return None;
                }
                let rest = &data[*pos..];
                let (line, adv) = match rest.find('\n') {
                    Some(n) => (rest[..n].to_string(), n + 1),
                    None => (rest.to_string(), rest.len()),
                };
                *pos += adv;
                Some(line)
            }
            _ => None,
        }
    }

    /// `sh: ` (ash) or `sh: 3: ` (dash) prefix for shell diagnostics.
    pub fn diag_prefix(&self, sys: &Syscalls) -> String {
        if sys.dash() {
            format!("{}: {}: ", self.arg0, self.line)
        } else {
            format!("{}: ", self.arg0)
        }
    }
}
