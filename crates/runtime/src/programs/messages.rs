//! Wording shared by the programs: GNU coreutils (Debian images) and busybox say the same
//! things differently.

use crate::kernel::fs::FsErr;
use crate::kernel::process::Sys;

/// Whether the image speaks GNU (Debian) rather than busybox.
pub(crate) fn gnu(sys: &Sys) -> bool {
    sys.dash()
}

/// `tool: cannot <action> 'path': <error>` as coreutils says it, `can't` as busybox does.
pub(crate) fn cannot(sys: &Sys, tool: &str, action: &str, path: &str, e: FsErr) -> String {
    let verb = if gnu(sys) { "cannot" } else { "can't" };
    format!("{tool}: {verb} {action} '{path}': {}\n", e.strerror())
}
