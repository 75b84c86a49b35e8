//! Finding the program to run: what is at a path (a program of the image, a `#!` script,
//! something not executable) and the `$PATH` search, remembered per container while the
//! image alone decides the answer.

use crate::kernel::executables::{Found, MARKER};
use crate::kernel::fs::{normalize, Entry};
use crate::kernel::process::Syscalls;

/// What is at `path`: a program of the image, a `#!` script, something not executable, or
/// nothing.
pub(crate) fn check_path(sys: &mut Syscalls, path: &str) -> Option<Found> {
    match sys.fs().stat(path) {
        Some(Entry::File(s)) => {
            if let Some(rest) = s.strip_prefix(MARKER) {
                Some(Found::Program {
                    path: path.to_string(),
                    prog: rest.trim().to_string(),
                })
            } else if s.starts_with("#!") {
                Some(Found::Script {
                    path: path.to_string(),
                    text: s.clone(),
                })
            } else {
                Some(Found::Denied(path.to_string()))
            }
        }
        Some(Entry::Dir) => Some(Found::Denied(path.to_string())),
        None => None,
    }
}

/// What running `name` finds: a path is taken as it is (relative to `cwd`); a plain name is
/// searched in `path_var` (`$PATH`, the default when unset), as `execvp` does.
pub(crate) fn find_program(
    sys: &mut Syscalls,
    cwd: &str,
    path_var: Option<&str>,
    name: &str,
) -> Found {
    if name.contains('/') {
        let p = normalize(cwd, name);
        return check_path(sys, &p).unwrap_or_else(|| unknown_image_program(sys, &p));
    }
    let path: &str =
        path_var.unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    let has_dots = |s: &str| s.as_bytes().windows(2).any(|w| w == b"..");
    let name_plain = !has_dots(name);
    // While nothing was written under any PATH directory, the answer comes from the image
    // alone and is remembered per container (every restart looks up the same programs).
    // Entries are only made for absolute, normalised PATHs outside any mount, which stays
    // true for the container; what an instance wrote is checked on each hit.
    let container_index = sys.container_index;
    let clean = |sys: &mut Syscalls| {
        sys.pod.instance(container_index).is_some() && {
            let fs = sys.fs();
            !fs.root
                .upper_has_under_any(path.split(':').take(32).map(|d| d.trim_end_matches('/')))
        }
    };
    if let Some(i) = sys
        .pod
        .program_lookups
        .iter()
        .position(|e| e.0 == container_index && e.2 == name && e.1 == path)
    {
        if clean(sys) {
            return sys.pod.program_lookups[i].3.clone();
        }
    }
    let found = find_in_path(sys, path, name, name_plain);
    let memo_ok = name_plain
        && path.split(':').take(32).all(|d| {
            d.starts_with('/') && !has_dots(d) && !d.contains("//") && {
                let d = d.trim_end_matches('/');
                let under = |m: &str| {
                    let m = m.trim_end_matches('/');
                    d.strip_prefix(m)
                        .is_some_and(|r| r.is_empty() || r.starts_with('/'))
                };
                !sys.pod
                    .containers
                    .get(container_index)
                    .is_some_and(|c| c.mounts.iter().any(|m| under(&m.path)))
            }
        })
        && clean(sys);
    if memo_ok {
        let memo = &mut sys.pod.program_lookups;
        if memo.len() >= 128 {
            memo.clear();
        }
        memo.retain(|e| !(e.0 == container_index && e.2 == name && e.1 == path));
        memo.push((
            container_index,
            path.to_string(),
            name.to_string(),
            found.clone(),
        ));
    }
    found
}

fn find_in_path(sys: &mut Syscalls, path: &str, name: &str, name_plain: bool) -> Found {
    let has_dots = |s: &str| s.as_bytes().windows(2).any(|w| w == b"..");
    let mut buf = String::with_capacity(64);
    for dir in path.split(':').take(32) {
        buf.clear();
        if name_plain && dir.starts_with('/') && !has_dots(dir) {
            buf.push_str(dir.trim_end_matches('/'));
            buf.push('/');
            buf.push_str(name);
        } else {
            buf.push_str(&normalize("/", &format!("{dir}/{name}")));
        }
        if let Some(f @ (Found::Program { .. } | Found::Script { .. })) = check_path(sys, &buf) {
            return f;
        }
    }
    unknown_image_program(sys, &format!("/usr/local/bin/{name}"))
}

/// An image outside the catalogue is assumed to contain any program it is asked to run; the
/// program is modelled as the fallback server (listens on the declared ports).
fn unknown_image_program(sys: &mut Syscalls, path: &str) -> Found {
    if sys.image().known {
        return Found::Missing;
    }
    Found::Program {
        path: path.to_string(),
        prog: "generic-server".into(),
    }
}

/// The path `name` runs from, if it can run (`which`, `command -v`).
pub(crate) fn which(
    sys: &mut Syscalls,
    cwd: &str,
    path_var: Option<&str>,
    name: &str,
) -> Option<String> {
    match find_program(sys, cwd, path_var, name) {
        Found::Program { path, .. } | Found::Script { path, .. } => Some(path),
        _ => None,
    }
}

/// Whether `argv[0]` can be executed at all (for container start errors).
pub(crate) fn start_check(
    sys: &mut Syscalls,
    cwd: &str,
    path_var: Option<&str>,
    name: &str,
) -> Result<(), String> {
    match find_program(sys, cwd, path_var, name) {
        Found::Program { .. } | Found::Script { .. } => Ok(()),
        Found::Denied(p) => Err(format!("exec: \"{name}\": stat {p}: permission denied")),
        Found::Missing => {
            if name.contains('/') {
                Err(format!(
                    "exec: \"{name}\": stat {name}: no such file or directory"
                ))
            } else {
                Err(format!(
                    "exec: \"{name}\": executable file not found in $PATH"
                ))
            }
        }
    }
}
