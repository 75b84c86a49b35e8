//! Wording shared by the programs: GNU coreutils (Debian images) and busybox say the same
//! things differently.

use crate::kernel::fs::FsError;
use crate::kernel::process::Syscalls;

/// Whether the image speaks GNU (Debian) rather than busybox.
pub(crate) fn gnu(sys: &Syscalls) -> bool {
    sys.dash()
}

/// `tool: cannot <action> 'path': <error>` as coreutils says it, `can't` as busybox does.
pub(crate) fn cannot(sys: &Syscalls, tool: &str, action: &str, path: &str, e: FsError) -> String {
    let verb = if gnu(sys) { "cannot" } else { "can't" };
    format!("{tool}: {verb} {action} '{path}': {}\n", e.strerror())
}
