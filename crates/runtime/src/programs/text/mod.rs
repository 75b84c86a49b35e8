//! Text tools: `grep`, `sed` (with their regular expressions), `head`, `tail`, `wc`.

#[cfg(not(feature = "lite"))]
pub(crate) mod awk;
#[cfg(not(feature = "lite"))]
pub(crate) mod ere;
#[cfg(not(feature = "lite-servers"))]
pub(crate) mod grep;
pub(crate) mod head;
#[cfg(not(feature = "lite-servers"))]
pub(crate) mod regex;
#[cfg(not(feature = "lite-servers"))]
pub(crate) mod sed;
pub(crate) mod tail;
pub(crate) mod wc;

#[cfg(test)]
mod tests;
