//! Numbers: `seq`, `expr`.

use crate::kernel::process::Syscalls;
use crate::shell::vm::{Run, Vm};

pub(crate) fn seq(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let nums: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let (a, s, b) = match nums.as_slice() {
        [b] => (1, 1, *b),
        [a, b] => (*a, 1, *b),
        [a, s, b] => (*a, *s, *b),
        _ => return Run::Done(1),
    };
    if s == 0 {
        return Run::Done(1);
    }
    let mut out = String::new();
    let mut x = a;
    let mut n = 0;
    while (s > 0 && x <= b) || (s < 0 && x >= b) {
        out.push_str(&format!("{x}\n"));
        x += s;
        n += 1;
        if n > 100_000 {
            break;
        }
    }
    vm.out(sys, &out);
    Run::Done(0)
}

pub(crate) fn expr(vm: &mut Vm, sys: &mut Syscalls, args: &[String]) -> Run {
    let r = match args {
        [a, op, b] => {
            let (x, y) = (a.parse::<i64>().ok(), b.parse::<i64>().ok());
            match (x, y, op.as_str()) {
                (Some(x), Some(y), "+") => Some(x + y),
                (Some(x), Some(y), "-") => Some(x - y),
                (Some(x), Some(y), "*") => Some(x * y),
                (Some(x), Some(y), "/") if y != 0 => Some(x / y),
                (Some(x), Some(y), "%") if y != 0 => Some(x % y),
                (Some(x), Some(y), "<") => Some((x < y) as i64),
                (Some(x), Some(y), ">") => Some((x > y) as i64),
                (_, _, "=") => Some((a == b) as i64),
                _ => None,
            }
        }
        [a] => a.parse().ok(),
        _ => None,
    };
    match r {
        Some(v) => {
            vm.out(sys, &format!("{v}\n"));
            Run::Done((v == 0) as i32)
        }
        None => {
            vm.err(sys, "expr: syntax error\n");
            Run::Done(2)
        }
    }
}
