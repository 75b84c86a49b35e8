//! How a program sits in a container's filesystem: a file whose content is a marker naming the
//! program (`/bin/cat` → `busybox`), as the image's userland lays them out; and what `exec`
//! finds at a path.

use crate::kernel::images::{Flavor, BUSYBOX_APPLETS, DEBIAN_AWK, DEBIAN_PROGRAMS};

pub(crate) const MARKER: &str = "\u{7f}ELF podlife:";

/// Files an image starts with: its userland as program markers.
/// `/bin/<name>` without the formatting machinery (called for every applet of every image).
fn bin_path(name: &str) -> String {
    let mut p = String::with_capacity(5 + name.len());
    p.push_str("/bin/");
    p.push_str(name);
    p
}

pub(crate) fn userland(flavor: Flavor, awk: bool) -> Vec<(String, String)> {
    let mut v = Vec::new();
    match flavor {
        Flavor::Busybox => {
            let content = format!("{MARKER}busybox\n");
            v.push(("/bin/busybox".to_string(), content.clone()));
            for a in BUSYBOX_APPLETS {
                v.push((bin_path(a), content.clone()));
            }
        }
        Flavor::Debian => {
            let content = format!("{MARKER}coreutils\n");
            for a in DEBIAN_PROGRAMS {
                v.push((bin_path(a), content.clone()));
            }
            if awk {
                for a in DEBIAN_AWK {
                    v.push((bin_path(a), content.clone()));
                }
            }
        }
    }
    v
}

#[derive(Clone, Debug)]
pub(crate) enum Found {
    Program { path: String, prog: String },
    Script { path: String, text: String },
    Missing,
    Denied(String),
}
