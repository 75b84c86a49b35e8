//! The kernel of the model: processes and the scheduler, signals, filesystems, the network.
//! It knows neither the shell nor the programs (see `process.rs` for the two interfaces they
//! are reached through); everything above imports from here, never the other way.

pub(crate) mod clock;
pub(crate) mod container;
pub(crate) mod exec;
pub(crate) mod executables;
pub(crate) mod fs;
pub(crate) mod http;
pub(crate) mod images;
pub(crate) mod net;
pub(crate) mod process;
pub(crate) mod scheduler;
pub(crate) mod signals;
pub(crate) mod syscalls;
