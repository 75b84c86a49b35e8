//! Running commands, and installing the tools the build and tests need (idempotently: each
//! install runs only when the tool is missing or has the wrong version).

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const TRUNK_VERSION: &str = "0.21.14";

/// Tally of test results parsed from the runners' own summary lines.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
    pub ignored: u64,
}

impl Tally {
    /// Reads one output line of cargo's libtest, wasm-bindgen-test-runner or `node --test`.
    pub fn observe(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            // `ok. 9 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s`
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                let (n, what) = match words.as_slice() {
                    [_, n, what, ..] if n.parse::<u64>().is_ok() => (*n, *what),
                    [n, what, ..] => (*n, *what),
                    _ => continue,
                };
                let Ok(n) = n.parse::<u64>() else { continue };
                match what {
                    "passed" => self.passed += n,
                    "failed" => self.failed += n,
                    "ignored" => self.ignored += n,
                    _ => {}
                }
            }
        } else if let Some(n) = line.strip_prefix("# pass ") {
            self.passed += n.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            self.failed += n.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# skipped ") {
            self.ignored += n.trim().parse::<u64>().unwrap_or(0);
        }
    }

    pub fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
    }
}

/// The environment every child process gets: node_modules/.bin (wasm-opt, before Debian's) and
/// cargo's bin dir (trunk, wasm-bindgen) first on PATH.
pub struct Env {
    pub root: PathBuf,
    path: OsString,
}

impl Env {
    pub fn new(root: &Path) -> Env {
        let mut dirs = vec![root.join("e2e/node_modules/.bin"), cargo_home().join("bin")];
        if let Some(p) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&p));
        }
        let path = std::env::join_paths(dirs).unwrap_or_default();
        Env {
            root: root.to_path_buf(),
            path,
        }
    }

    pub fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("PATH", &self.path).current_dir(&self.root);
        c
    }

    /// The cargo that runs this xtask.
    pub fn cargo(&self) -> Command {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        self.cmd(&cargo)
    }
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs a command with inherited output; an error names the command.
pub fn run(c: &mut Command) -> Result<(), String> {
    eprintln!("$ {}", describe(c));
    let status = c
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", describe(c)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(c)))
    }
}

/// Runs a test command, echoing its stdout while tallying the runners' summary lines.
pub fn run_tests(c: &mut Command) -> Result<Tally, String> {
    eprintln!("$ {}", describe(c));
    let mut child = c
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{}`: {e}", describe(c)))?;
    let mut tally = Tally::default();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            println!("{line}");
            tally.observe(&line);
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("`{}` did not finish: {e}", describe(c)))?;
    if status.success() {
        Ok(tally)
    } else {
        Err(format!("`{}` failed ({status})", describe(c)))
    }
}

/// Stdout of a command that succeeded, else None (also when the program is missing).
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The `wasm-bindgen` version Cargo.lock resolved; the CLI must be exactly this.
pub fn locked_wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".to_string())
}

pub fn ensure_wasm_target(env: &Env) -> Result<(), String> {
    let installed =
        output(env.cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(env
        .cmd("rustup")
        .args(["target", "add", "wasm32-unknown-unknown"]))
}

fn cargo_install(env: &Env, args: &[&str]) -> Result<(), String> {
    let mut c = env.cargo();
    // Tool builds must not land in (or lock) the project's target dir.
    c.env_remove("CARGO_TARGET_DIR").arg("install").args(args);
    run(&mut c)
}

pub fn ensure_trunk(env: &Env) -> Result<(), String> {
    let have = output(env.cmd("trunk").arg("--version")).unwrap_or_default();
    if have.trim() == format!("trunk {TRUNK_VERSION}") {
        return Ok(());
    }
    // 0.22 needs a newer rustc than this machine has; --locked keeps its tested dependency set.
    cargo_install(env, &["--locked", "trunk", "--version", TRUNK_VERSION])
}

pub fn ensure_wasm_bindgen(env: &Env) -> Result<(), String> {
    let want = locked_wasm_bindgen_version(&env.root)?;
    let have = output(env.cmd("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.trim() == format!("wasm-bindgen {want}") {
        return Ok(());
    }
    // Without --locked: its lockfile pins a webpki-roots release this registry does not serve.
    cargo_install(env, &["wasm-bindgen-cli", "--version", &want])
}

pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

pub fn ensure_cargo_fuzz(env: &Env) -> Result<(), String> {
    let have = output(env.cmd("cargo").args(["fuzz", "--version"])).unwrap_or_default();
    if have.trim() == format!("cargo-fuzz {CARGO_FUZZ_VERSION}") {
        return Ok(());
    }
    cargo_install(
        env,
        &["--locked", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION],
    )
}

/// npm projects the build and tests need: e2e/ (Playwright; wasm-opt and zopfli for post-build) and
/// web/editor/ (CodeMirror 6 and esbuild, bundled by Trunk's pre_build hook).
pub const NPM_DIRS: [&str; 2] = ["e2e", "web/editor"];

/// `npm ci` in each of [`NPM_DIRS`] whose node_modules does not match its package-lock.json.
pub fn ensure_npm(env: &Env) -> Result<(), String> {
    for d in NPM_DIRS {
        ensure_npm_in(env, d)?;
    }
    Ok(())
}

fn ensure_npm_in(env: &Env, rel: &str) -> Result<(), String> {
    let dir = env.root.join(rel);
    let lock = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("cannot read {rel}/package-lock.json: {e}"))?;
    let stamp_path = dir.join("node_modules/.podlife-lock-stamp");
    let want = format!("{:016x}", fnv1a(&lock));
    if std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    run(env
        .cmd("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir))?;
    std::fs::write(&stamp_path, want).map_err(|e| format!("cannot write npm stamp: {e}"))
}

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's Hugo (the docs generator of the embed tests).
pub const HUGO: &str = "/usr/bin/hugo";

/// Debian's Chromium and ChromeDriver (test tools must never download a browser), a CJK font
/// and Hugo.
pub fn ensure_chromium(env: &Env) -> Result<(), String> {
    // A CJK font, so screenshots of the 简体中文 UI show characters instead of boxes.
    let cjk_font = Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    // Hugo builds the docs site the embed tests load (e2e/docs-site/hugo): a real generator.
    let hugo = Path::new(HUGO);
    if Path::new(CHROMIUM).exists()
        && Path::new(CHROMEDRIVER).exists()
        && cjk_font.exists()
        && hugo.exists()
    {
        return Ok(());
    }
    let uid = output(env.cmd("id").arg("-u")).unwrap_or_default();
    if uid.trim() != "0" {
        return Err(
            "Chromium is missing: run `sudo apt-get install chromium chromium-driver`".to_string(),
        );
    }
    run(env.cmd("apt-get").arg("update"))?;
    run(env
        .cmd("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
            "fonts-wqy-microhei",
            "hugo",
        ]))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_libtest_and_node_lines() {
        let mut t = Tally::default();
        t.observe("test result: ok. 9 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s");
        t.observe("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out");
        t.observe("# pass 4");
        t.observe("# fail 1");
        t.observe("unrelated 7 passed");
        assert_eq!(
            t,
            Tally {
                passed: 16,
                failed: 3,
                ignored: 1
            }
        );
    }

    #[test]
    fn reads_wasm_bindgen_from_lockfile() {
        let dir = std::env::temp_dir().join(format!("xtask-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("Cargo.lock"),
            "[[package]]\nname = \"wasm-bindgen-shared\"\nversion = \"9.9.9\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n",
        )
        .unwrap();
        assert_eq!(locked_wasm_bindgen_version(&dir).unwrap(), "0.2.130");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
