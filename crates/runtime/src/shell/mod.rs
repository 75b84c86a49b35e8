//! A busybox-ash-level shell: parser → flat instructions → resumable interpreter.

pub(crate) mod ast;
pub(crate) mod compile;
pub(crate) mod parser;
pub(crate) mod vm;
