//! stress(1): allocates `--vm` × `--vm-bytes` (the working set the OOM killer sees) and runs
//! until killed or `--timeout`.

use podlife_spec::SimTime;

use crate::kernel::images::Daemon;
use crate::kernel::process::{ProgramSpec, Stream, Syscalls};
use crate::shell::vm::{Run, Vm};

/// stress(1) sizes: `256M` = 256 MiB (stress uses powers of 1024).
pub(crate) fn stress_bytes(s: &str) -> Option<i128> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()? {
        'b' | 'B' => (&s[..s.len() - 1], 1i128),
        'k' | 'K' => (&s[..s.len() - 1], 1024),
        'm' | 'M' => (&s[..s.len() - 1], 1024 * 1024),
        'g' | 'G' => (&s[..s.len() - 1], 1024 * 1024 * 1024),
        _ => (s, 1),
    };
    num.parse::<i128>().ok().map(|n| n * mult)
}

fn stress_secs(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1),
        'm' => (&s[..s.len() - 1], 60),
        'h' => (&s[..s.len() - 1], 3600),
        'd' => (&s[..s.len() - 1], 86_400),
        'y' => (&s[..s.len() - 1], 31_536_000),
        _ => (s, 1),
    };
    num.parse::<u64>().ok().map(|n| n * mult)
}

pub(crate) fn stress(vm: &mut Vm, sys: &mut Syscalls, argv: &[String], tail: bool) -> Run {
    let (mut cpu, mut io, mut vmn, mut hdd) = (0i128, 0i128, 0i128, 0i128);
    let mut bytes: i128 = 256 * 1024 * 1024;
    let mut timeout: Option<u64> = None;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let v = argv.get(i + 1).map(String::as_str).unwrap_or("");
        match a {
            "--cpu" | "-c" => cpu = v.parse().unwrap_or(0),
            "--io" | "-i" => io = v.parse().unwrap_or(0),
            "--vm" | "-m" => vmn = v.parse().unwrap_or(0),
            "--hdd" | "-d" => hdd = v.parse().unwrap_or(0),
            "--vm-bytes" => bytes = stress_bytes(v).unwrap_or(bytes),
            "--timeout" | "-t" => timeout = stress_secs(v),
            "--vm-hang" | "--vm-stride" | "--hdd-bytes" | "--backoff" => {}
            "--vm-keep" | "-v" | "--verbose" | "-q" | "--quiet" | "-n" | "--dry-run" => {
                i += 1;
                continue;
            }
            "--help" | "-?" | "--version" => {
                vm.out(sys, "`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n");
                return Run::Done(0);
            }
            _ => {
                vm.err(
                    sys,
                    &format!("stress: FAIL: [1] (244) unrecognized option: {a}\n"),
                );
                return Run::Done(1);
            }
        }
        i += 2;
    }
    let me = if tail {
        1
    } else {
        sys.pod
            .instance(sys.container_index)
            .map(|i| i.next_pid)
            .unwrap_or(2)
    };
    if cpu + io + vmn + hdd == 0 {
        vm.out(sys, "`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n");
        return Run::Done(0);
    }
    vm.out(
        sys,
        &format!(
            "stress: info: [{me}] dispatching hogs: {cpu} cpu, {io} io, {vmn} vm, {hdd} hdd\n"
        ),
    );
    let memory = sys.behavior_memory().unwrap_or(vmn * bytes);
    let timer = timeout.map(|t| (sys.now + SimTime::from_secs(t), 0));
    let exit_output = timeout.map(|t| {
        (
            Stream::Stdout,
            format!("stress: info: [{me}] successful run completed in {t}s\n"),
        )
    });
    let pid = sys.spawn_program(ProgramSpec {
        cmdline: String::new(),
        exit_output,
        comm: "stress".into(),
        timer,
        daemon: Some(Daemon::Stress),
        ports: Vec::new(),
        memory,
        tail,
    });
    Run::Wait(pid)
}
