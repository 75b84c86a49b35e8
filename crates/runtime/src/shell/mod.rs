//! The shell: a POSIX sh (busybox ash / dash level) scanner and parser, a compiler to a flat
//! instruction list, and a resumable interpreter with its builtins. Runs on the kernel (through
//! `Syscalls`); runs programs through the `vm::Programs` table the crate root wires in.

pub(crate) mod arith;
pub(crate) mod ast;
pub(crate) mod builtins;
pub(crate) mod compile;
pub(crate) mod glob;
pub(crate) mod parser;
pub(crate) mod vm;

#[cfg(test)]
mod tests;
