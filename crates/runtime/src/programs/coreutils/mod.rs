//! The basic userland (busybox applets, GNU coreutils and friends): files, paths, numbers,
//! time, who and where. Each program keeps its own messages in both wordings.

pub(crate) mod files;
pub(crate) mod numbers;
pub(crate) mod paths;
pub(crate) mod sleep;
pub(crate) mod system;

#[cfg(test)]
mod tests;
