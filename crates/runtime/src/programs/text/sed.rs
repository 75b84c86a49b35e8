//! `sed`: `s/re/rep/[gp]`, `/re/d`, `d`, `p`; `-n`, `-i`, `-e`.

use super::regex::re_find;
use crate::kernel::fs::normalize;
use crate::kernel::process::Syscalls;
use crate::programs::messages::gnu;
use crate::shell::vm::{Run, Vm};

enum SedCommand {
    Subst {
        re: Vec<char>,
        rep: String,
        global: bool,
        print: bool,
    },
    Delete(Option<Vec<char>>),
    Print(Option<Vec<char>>),
}

fn parse_sed(script: &str) -> Result<Vec<SedCommand>, String> {
    let c: Vec<char> = script.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < c.len() {
        while i < c.len() && (c[i] == ';' || c[i] == '\n' || c[i] == ' ') {
            i += 1;
        }
        if i >= c.len() {
            break;
        }
        let mut addr = None;
        if c[i] == '/' {
            let end = c[i + 1..]
                .iter()
                .position(|x| *x == '/')
                .ok_or("unterminated address regex")?;
            addr = Some(c[i + 1..i + 1 + end].to_vec());
            i += end + 2;
        }
        match c.get(i) {
            Some('s') => {
                let d = *c.get(i + 1).ok_or("unterminated `s' command")?;
                let mut parts = vec![String::new()];
                let mut k = i + 2;
                while k < c.len() && parts.len() < 3 {
                    if c[k] == '\\' && c.get(k + 1) == Some(&d) {
                        if let Some(p) = parts.last_mut() {
                            p.push(d);
                        }
                        k += 2;
                        continue;
                    }
                    if c[k] == d {
                        parts.push(String::new());
                    } else if let Some(p) = parts.last_mut() {
                        p.push(c[k]);
                    }
                    k += 1;
                }
                if parts.len() < 3 {
                    return Err("unterminated `s' command".into());
                }
                let flags = parts.pop().unwrap_or_default();
                let mut flag_end = k;
                while flag_end < c.len() && c[flag_end] != ';' && c[flag_end] != '\n' {
                    flag_end += 1;
                }
                let more: String = c[k..flag_end].iter().collect();
                let flags = format!("{flags}{more}");
                let rep = parts.pop().unwrap_or_default();
                let re = parts.pop().unwrap_or_default();
                out.push(SedCommand::Subst {
                    re: re.chars().collect(),
                    rep,
                    global: flags.contains('g'),
                    print: flags.contains('p'),
                });
                i = flag_end;
            }
            Some('d') => {
                out.push(SedCommand::Delete(addr));
                i += 1;
            }
            Some('p') => {
                out.push(SedCommand::Print(addr));
                i += 1;
            }
            Some(x) => return Err(format!("unknown command: `{x}'")),
            None => return Err("missing command".into()),
        }
    }
    Ok(out)
}

fn sed_line(commands: &[SedCommand], line: &str, quiet: bool) -> String {
    let mut cur: Vec<char> = line.chars().collect();
    let mut extra = String::new();
    for command in commands {
        match command {
            SedCommand::Subst {
                re,
                rep,
                global,
                print,
            } => {
                let mut out: Vec<char> = Vec::new();
                let mut pos = 0;
                let mut changed = false;
                while pos <= cur.len() {
                    let Some((s, e)) = re_find(re, &cur, pos) else {
                        break;
                    };
                    out.extend_from_slice(&cur[pos..s]);
                    let matched: String = cur[s..e].iter().collect();
                    let mut r = rep.chars().peekable();
                    while let Some(ch) = r.next() {
                        match ch {
                            '&' => out.extend(matched.chars()),
                            '\\' => {
                                if let Some(n) = r.next() {
                                    out.push(if n == 'n' { '\n' } else { n });
                                }
                            }
                            c => out.push(c),
                        }
                    }
                    changed = true;
                    if e == s {
                        if s < cur.len() {
                            out.push(cur[s]);
                        }
                        pos = s + 1;
                    } else {
                        pos = e;
                    }
                    if !global {
                        break;
                    }
                }
                if changed {
                    if pos < cur.len() {
                        out.extend_from_slice(&cur[pos..]);
                    }
                    cur = out;
                    if *print {
                        extra.push_str(&cur.iter().collect::<String>());
                        extra.push('\n');
                    }
                }
            }
            SedCommand::Delete(addr) => {
                if addr.as_ref().is_none_or(|a| re_find(a, &cur, 0).is_some()) {
                    return extra;
                }
            }
            SedCommand::Print(addr) => {
                if addr.as_ref().is_none_or(|a| re_find(a, &cur, 0).is_some()) {
                    extra.push_str(&cur.iter().collect::<String>());
                    extra.push('\n');
                }
            }
        }
    }
    if !quiet {
        extra.push_str(&cur.iter().collect::<String>());
        extra.push('\n');
    }
    extra
}

/// `sed [-n] [-i] [-e SCRIPT]... [SCRIPT] [FILE]...`: `s/re/rep/[gp]`, `/re/d`, `d`, `p`.
pub(crate) fn sed(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let (mut quiet, mut inplace) = (false, false);
    let mut scripts = Vec::new();
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-n" => quiet = true,
            "-i" => inplace = true,
            "-e" => {
                if let Some(s) = args.get(i + 1) {
                    scripts.push(s.clone());
                }
                i += 1;
            }
            "-E" | "-r" => {}
            s if s.starts_with("-i") => inplace = true,
            _ => {
                if scripts.is_empty() {
                    scripts.push(a.clone());
                } else {
                    files.push(a.clone());
                }
            }
        }
        i += 1;
    }
    let commands = match parse_sed(&scripts.join("\n")) {
        Ok(c) => c,
        Err(e) => {
            vm.err(sys, &format!("sed: -e expression #1, char 0: {e}\n"));
            return Run::Done(1);
        }
    };
    let run = |text: &str| -> String {
        text.lines()
            .map(|l| sed_line(&commands, l, quiet))
            .collect()
    };
    if files.is_empty() {
        let input = vm.read_stdin_all();
        let out = run(&input);
        vm.out(sys, &out);
        return Run::Done(0);
    }
    let mut status = 0;
    for f in &files {
        let p = normalize(&vm.cwd, f);
        let text = match sys.fs().read(&p) {
            Ok(t) => t.to_string(),
            Err(e) => {
                let m = if gnu(sys) {
                    format!("sed: can't read {f}: {}\n", e.strerror())
                } else {
                    format!("sed: {f}: {}\n", e.strerror())
                };
                vm.err(sys, &m);
                status = if gnu(sys) { 2 } else { 1 };
                continue;
            }
        };
        let out = run(&text);
        if inplace {
            if let Err(e) = sys.fs().write(&p, &out, false) {
                vm.err(sys, &format!("sed: can't create {f}: {}\n", e.strerror()));
                status = 4;
            }
        } else {
            vm.out(sys, &out);
        }
    }
    Run::Done(status)
}
