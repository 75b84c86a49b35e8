//! `echo` and `printf`, ash's builtins and busybox's/coreutils' programs alike (dash's `echo`
//! interprets escapes; ash's takes `-e`).

use std::collections::VecDeque;

use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

pub(crate) fn unescape(s: &str, stop_at_c: &mut bool) -> String {
    let mut o = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            o.push(c);
            continue;
        }
        match it.next() {
            Some('n') => o.push('\n'),
            Some('t') => o.push('\t'),
            Some('r') => o.push('\r'),
            Some('a') => o.push('\x07'),
            Some('b') => o.push('\x08'),
            Some('f') => o.push('\x0c'),
            Some('v') => o.push('\x0b'),
            Some('e') => o.push('\x1b'),
            Some('\\') => o.push('\\'),
            Some('c') => {
                *stop_at_c = true;
                return o;
            }
            Some('0') => {
                let mut n = 0u32;
                for _ in 0..3 {
                    match it.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            it.next();
                        }
                        None => break,
                    }
                }
                o.push(char::from_u32(n).unwrap_or('?'));
            }
            Some(x) => {
                o.push('\\');
                o.push(x);
            }
            None => o.push('\\'),
        }
    }
    o
}

pub(crate) fn echo(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let mut newline = true;
    let mut escapes = sys.dash();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a.len() > 1
            && a.starts_with('-')
            && a[1..].chars().all(|c| "neE".contains(c))
            && !sys.dash()
            || (sys.dash() && a == "-n")
        {
            for c in a[1..].chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    'E' => escapes = false,
                    _ => {}
                }
            }
            i += 1;
        } else {
            break;
        }
    }
    let joined = args[i..].join(" ");
    let mut stop = false;
    let mut s = if escapes {
        unescape(&joined, &mut stop)
    } else {
        joined
    };
    if newline && !stop {
        s.push('\n');
    }
    vm.out(sys, &s);
    Run::Done(0)
}

pub(crate) fn printf(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let Some(fmt) = args.first() else {
        vm.err(sys, "printf: usage: printf format [arg ...]\n");
        return Run::Done(2);
    };
    let mut rest: VecDeque<&String> = args[1..].iter().collect();
    let mut out = String::new();
    let mut status = 0;
    for _round in 0..1000 {
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        let mut consumed = false;
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                let mut stop = false;
                let mut j = i + 1;
                if j < chars.len() && chars[j] == '0' {
                    j += 1;
                    while j < chars.len() && j < i + 5 && chars[j].is_digit(8) {
                        j += 1;
                    }
                } else {
                    j = (i + 2).min(chars.len());
                }
                let seq: String = chars[i..j].iter().collect();
                out.push_str(&unescape(&seq, &mut stop));
                if stop {
                    vm.out(sys, &out);
                    return Run::Done(status);
                }
                i = j;
                continue;
            }
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            i += 1;
            if i < chars.len() && chars[i] == '%' {
                out.push('%');
                i += 1;
                continue;
            }
            let mut spec = String::new();
            while i < chars.len() && "-+ #0123456789.".contains(chars[i]) {
                spec.push(chars[i]);
                i += 1;
            }
            let Some(&conv) = chars.get(i) else { break };
            i += 1;
            let arg = rest.pop_front().map(|s| s.as_str());
            consumed = consumed || arg.is_some();
            let arg = arg.unwrap_or("");
            let left = spec.contains('-');
            let zero = spec
                .trim_start_matches(['-', '+', ' ', '#'])
                .starts_with('0')
                && !left;
            let (w, prec): (usize, Option<usize>) = match spec
                .trim_start_matches(['-', '+', ' ', '#', '0'])
                .split_once('.')
            {
                Some((w, p)) => (w.parse::<usize>().unwrap_or(0), p.parse::<usize>().ok()),
                None => (
                    spec.trim_start_matches(['-', '+', ' ', '#', '0'])
                        .parse::<usize>()
                        .unwrap_or(0),
                    None,
                ),
            };
            let (w, prec) = (w.min(10_000), prec.map(|p| p.min(100)));
            let body = match conv {
                's' => {
                    let mut s = arg.to_string();
                    if let Some(p) = prec {
                        s = s.chars().take(p).collect();
                    }
                    s
                }
                'b' => {
                    let mut stop = false;
                    unescape(arg, &mut stop)
                }
                'c' => arg
                    .chars()
                    .next()
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let n = if arg.is_empty() {
                        0
                    } else {
                        match arg.parse::<i64>() {
                            Ok(n) => n,
                            Err(_) => {
                                vm.err(sys, &format!("printf: invalid number '{arg}'\n"));
                                status = 1;
                                0
                            }
                        }
                    };
                    match conv {
                        'x' => format!("{n:x}"),
                        'X' => format!("{n:X}"),
                        'o' => format!("{n:o}"),
                        _ => n.to_string(),
                    }
                }
                'f' | 'g' | 'e' => {
                    let n = arg.parse::<f64>().unwrap_or(0.0);
                    format!("{:.*}", prec.unwrap_or(6), n)
                }
                other => format!("%{spec}{other}"),
            };
            let padded = if body.chars().count() >= w {
                body
            } else if left {
                format!("{body:<w$}")
            } else if zero && "diuxXof".contains(conv) {
                let neg = body.starts_with('-');
                let digits = body.trim_start_matches('-');
                format!(
                    "{}{:0>width$}",
                    if neg { "-" } else { "" },
                    digits,
                    width = w - neg as usize
                )
            } else {
                format!("{body:>w$}")
            };
            out.push_str(&padded);
        }
        if rest.is_empty() || !consumed {
            break;
        }
    }
    vm.out(sys, &out);
    Run::Done(status)
}
