//! Text tools: `grep`, `sed` (with their regular expressions), `head`, `tail`, `wc`.

pub(crate) mod awk;
pub(crate) mod ere;
pub(crate) mod grep;
pub(crate) mod head;
pub(crate) mod regex;
pub(crate) mod sed;
pub(crate) mod tail;
pub(crate) mod wc;

#[cfg(test)]
mod tests;
