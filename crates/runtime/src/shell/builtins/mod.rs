//! Builtins that are also programs: ash and dash run `echo`, `printf`, `test`/`[` and `kill`
//! themselves, and busybox's applets of the same names share the code. The programs layer
//! runs these for `/bin/echo` and friends.

pub(crate) mod echo;
pub(crate) mod kill;
pub(crate) mod test;
