//! `grep` (basic regular expressions, `-q -v -i -c -n -F`).

use super::regex::regex_search;
use crate::kernel::fs::normalize;
use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

pub(crate) fn grep(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let (mut quiet, mut invert, mut icase, mut count, mut numbers, mut fixed) =
        (false, false, false, false, false, false);
    let mut pos = Vec::new();
    for a in args {
        if a.starts_with('-') && a.len() > 1 {
            for c in a[1..].chars() {
                match c {
                    'q' => quiet = true,
                    'v' => invert = true,
                    'i' => icase = true,
                    'c' => count = true,
                    'n' => numbers = true,
                    'F' => fixed = true,
                    _ => {}
                }
            }
        } else {
            pos.push(a.clone());
        }
    }
    let Some(pat) = pos.first().cloned() else {
        vm.err(sys, "grep: no pattern\n");
        return Run::Done(2);
    };
    let text = if pos.len() > 1 {
        let mut t = String::new();
        for f in &pos[1..] {
            let p = normalize(&vm.cwd, f);
            let r = sys.fs().read(&p).map(str::to_string);
            match r {
                Ok(s) => t.push_str(&s),
                Err(e) => {
                    vm.err(sys, &format!("grep: {f}: {}\n", e.strerror()));
                    return Run::Done(2);
                }
            }
        }
        t
    } else {
        vm.read_stdin_all()
    };
    let pat: String = pat.chars().take(1024).collect();
    // -i folds ASCII only: containers run in the POSIX locale unless LANG says otherwise.
    let pat = if icase { pat.to_ascii_lowercase() } else { pat };
    let mut n = 0;
    let mut out = String::new();
    for (k, line) in text.lines().enumerate() {
        // Bounded: the matcher recurses per character.
        let line: String = line.chars().take(4096).collect();
        let line = line.as_str();
        let l = if icase {
            line.to_ascii_lowercase()
        } else {
            line.to_string()
        };
        let hit = if fixed {
            l.contains(&pat)
        } else {
            regex_search(&pat, &l)
        };
        if hit != invert {
            n += 1;
            if numbers {
                out.push_str(&format!("{}:", k + 1));
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    if count {
        vm.out(sys, &format!("{n}\n"));
    } else if !quiet {
        vm.out(sys, &out);
    }
    Run::Done(if n > 0 { 0 } else { 1 })
}
