//! What a shell's variables hold in memory. A value longer than 1 MiB keeps its first MiB and
//! its full length, so a doubling loop (`x="$x$x"`) reaches gigabytes in a few steps without the
//! model holding them, and each step costs no copy once the value is at the bound. Under rules 2
//! a large assignment is charged to the process: over the container's memory bound the shell
//! stops in the allocation and the OOM killer ends the container (`PodState::check_oom`).

use std::collections::VecDeque;

use podlife_spec::profile::Rule;

use super::expand::{is_plain_variable, MAX_WORD_BYTES};
use super::Vm;
use crate::kernel::process::{Step, Syscalls};
use crate::shell::ast::{ParameterOp, Part, Word};

/// Values at least this long are charged (smaller ones cannot reach a memory bound within the
/// step budget, so ordinary scripts pay nothing).
const CHARGED_FROM: u64 = 64 << 10;

impl Vm {
    /// The full length of variable `name` whose kept value is `value`.
    pub(super) fn logical_len(&self, name: &str, value: &str) -> u64 {
        // The bound cuts at a character boundary: a cut value is at most 3 bytes short of it.
        if value.len() + 3 >= MAX_WORD_BYTES {
            if let Some(&full) = self.long_values.get(name) {
                if full > value.len() as u64 {
                    return full;
                }
            }
        }
        value.len() as u64
    }

    /// What the shell's variables and arguments take (names, values at their full length).
    fn variables_bytes(&self) -> u64 {
        let mut total: u64 = 0;
        for (name, value) in self.vars.iter() {
            total = total
                .saturating_add(name.len() as u64 + 2)
                .saturating_add(self.logical_len(name, value));
        }
        for argument in &self.positional {
            total = total.saturating_add(argument.len() as u64 + 1);
        }
        total
    }

    /// Expands the value of assignment `name=word`: (value, full length). `None`: the value is
    /// unchanged — `x="$x..."` with `x` already at the bound keeps its kept text, only its length
    /// grows — so a runaway doubling loop copies nothing.
    pub(super) fn expand_assignment(
        &mut self,
        sys: &mut Syscalls,
        name: &str,
        word: &Word,
        subs: &mut VecDeque<String>,
    ) -> Result<(Option<String>, u64), String> {
        self.cut_bytes = 0;
        let starts_with_itself = matches!(word.parts.first(),
            Some(Part::Parameter(e, _)) if e.name == name && e.op == ParameterOp::Plain)
            && is_plain_variable(name);
        let own = self.vars.get(name).filter(|v| v.len() >= MAX_WORD_BYTES);
        if let (true, Some(own)) = (starts_with_itself, own) {
            let own = self.logical_len(name, own);
            self.expand_into(sys, word, subs, &mut String::new(), 1, true)?;
            return Ok((None, own.saturating_add(self.cut_bytes)));
        }
        let value = self.expand_one(sys, word, subs)?;
        let full = (value.len() as u64).saturating_add(self.cut_bytes);
        Ok((Some(value), full))
    }

    /// Assigns `name` (`None`: keeps its value) with full length `full`. Under rules 2 a large
    /// value is charged while it is built — the old value, the expansion and the variable's new
    /// copy are all held at that moment — and `Some(Step::Blocked)` says the container is over
    /// its memory bound.
    pub(super) fn assign_charged(
        &mut self,
        sys: &mut Syscalls,
        name: String,
        value: Option<String>,
        full: u64,
    ) -> Option<Step> {
        let old = self
            .vars
            .get(&name)
            .map_or(0, |v| self.logical_len(&name, v));
        let charged =
            sys.has(Rule::RunawayMemoryOomKilled) && (full >= CHARGED_FROM || old >= CHARGED_FROM);
        if charged
            && sys.allocate(
                self.variables_bytes()
                    .saturating_add(full.saturating_mul(2)),
            )
        {
            return Some(Step::Blocked);
        }
        let kept = match value {
            Some(v) => {
                let kept = v.len() as u64;
                self.vars_mut().insert(name.clone(), v);
                kept
            }
            None => self.vars.get(&name).map_or(0, |v| v.len() as u64),
        };
        if full > kept {
            self.long_values.insert(name, full);
        } else if !self.long_values.is_empty() {
            self.long_values.remove(&name);
        }
        if charged && sys.allocate(self.variables_bytes()) {
            return Some(Step::Blocked);
        }
        None
    }
}

#[cfg(test)]
mod tests;
