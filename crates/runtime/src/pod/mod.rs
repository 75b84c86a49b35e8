//! `PodRuntime`'s parts beyond the core in `lib.rs`: container setup, probes, exec sessions.

mod exec;
mod probes;
mod setup;
mod termination;

#[cfg(test)]
mod tests;
