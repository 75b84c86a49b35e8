//! The tasks: serve, test, dist.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use crate::tools::{self, Env, Tally};
use crate::wasm_imports;

const WASM: &str = "wasm32-unknown-unknown";
/// Library crates that must stay pure and whose tests also run compiled for wasm (in Node).
const PURE_CRATES: [&str; 6] = [
    "podlife-spec",
    "podlife-runtime",
    "podlife-engine",
    "podlife-manifest",
    "podlife-share",
    "podlife-report",
];

struct Report {
    rows: Vec<(String, f64, String)>,
    tally: Tally,
}

impl Report {
    fn new() -> Report {
        Report {
            rows: Vec::new(),
            tally: Tally::default(),
        }
    }

    /// Runs one named step, timing it; the first failure stops the whole task.
    fn step(
        &mut self,
        name: &str,
        f: impl FnOnce() -> Result<Option<Tally>, String>,
    ) -> Result<(), String> {
        eprintln!("\n==> {name}");
        let t0 = Instant::now();
        let r = f();
        let secs = t0.elapsed().as_secs_f64();
        match r {
            Ok(tally) => {
                let note = match tally {
                    Some(t) => {
                        self.tally.add(t);
                        format!("{} passed, {} failed", t.passed, t.failed)
                    }
                    None => "ok".to_string(),
                };
                self.rows.push((name.to_string(), secs, note));
                Ok(())
            }
            Err(e) => {
                self.rows
                    .push((name.to_string(), secs, "FAILED".to_string()));
                self.print();
                Err(format!("{name}: {e}"))
            }
        }
    }

    fn print(&self) {
        eprintln!("\nxtask summary");
        for (name, secs, note) in &self.rows {
            eprintln!("  {name:<44} {secs:>7.1}s  {note}");
        }
    }
}

fn install_tools(env: &Env, browser: bool) -> Result<Option<Tally>, String> {
    tools::ensure_wasm_target(env)?;
    tools::ensure_npm(env)?;
    tools::ensure_trunk(env)?;
    tools::ensure_wasm_bindgen(env)?;
    if browser {
        tools::ensure_chromium(env)?;
    }
    Ok(None)
}

fn fetch(env: &Env) -> Result<Option<Tally>, String> {
    // Trunk builds with --offline, so every crate must be in the local registry first.
    tools::run(env.cargo().args(["fetch", "--locked"]))?;
    Ok(None)
}

fn trunk_build(env: &Env) -> Result<Option<Tally>, String> {
    tools::run(
        env.cmd("trunk")
            .args(["build", "--release"])
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .env_remove("RUST_BACKTRACE"),
    )?;
    Ok(None)
}

pub fn serve(root: &Path, port: u16) -> Result<(), String> {
    let env = Env::new(root);
    let mut report = Report::new();
    report.step("install missing tools", || install_tools(&env, false))?;
    report.step("cargo fetch", || fetch(&env))?;
    eprintln!("\npodlife: building, then serving at http://127.0.0.1:{port}/  (Ctrl-C stops)");
    tools::run(
        env.cmd("trunk")
            .args([
                "serve",
                "--release",
                "--address",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .env_remove("RUST_BACKTRACE"),
    )
}

pub fn dist(root: &Path) -> Result<(), String> {
    let env = Env::new(root);
    let mut report = Report::new();
    report.step("install missing tools", || install_tools(&env, false))?;
    report.step("cargo fetch", || fetch(&env))?;
    report.step("trunk build --release", || trunk_build(&env))?;
    print_sizes(&root.join("dist"))?;
    report.print();
    Ok(())
}

pub fn test(root: &Path, native_only: bool) -> Result<(), String> {
    let env = Env::new(root);
    let mut report = Report::new();
    if !native_only {
        report.step("install missing tools", || install_tools(&env, true))?;
        report.step("cargo fetch", || fetch(&env))?;
    }
    report.step("cargo fmt --check", || {
        tools::run(env.cargo().args(["fmt", "--all", "--", "--check"]))?;
        Ok(None)
    })?;
    report.step("clippy (native, all targets)", || {
        tools::run(env.cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]))?;
        Ok(None)
    })?;
    report.step("clippy (wasm32: web app and pure crates)", || {
        let mut c = env.cargo();
        c.args(["clippy", "--locked", "--all-targets", "--target", WASM]);
        c.args(["-p", "podlife-web"]);
        for p in PURE_CRATES {
            c.args(["-p", p]);
        }
        tools::run(c.args(["--", "-D", "warnings"]))?;
        Ok(None)
    })?;
    // `lite-servers` (measured, not shipped) implies `lite` (the page's): both cfg sides compile.
    report.step("clippy (wasm32: the first-frame module)", || {
        tools::run(env.cargo().args([
            "clippy",
            "--locked",
            "--target",
            WASM,
            "-p",
            "podlife-web",
            "--features",
            "lite-servers",
            "--",
            "-D",
            "warnings",
        ]))?;
        Ok(None)
    })?;
    report.step("native tests (workspace)", || {
        tools::run_tests(env.cargo().args(["test", "--workspace", "--locked"])).map(Some)
    })?;
    // The first-frame module shows the full module's run or hands over (web/tests/lite_parity.rs;
    // the workspace run above checked the full module's side of the fixture).
    report.step("first-frame module: the full runs or a hand-over", || {
        let mut tally = Tally::default();
        for features in ["lite", "lite-servers"] {
            let t = tools::run_tests(env.cargo().args([
                "test",
                "--locked",
                "-p",
                "podlife-web",
                "--features",
                features,
                "--test",
                "lite_parity",
            ]))?;
            tally.passed += t.passed;
            tally.failed += t.failed;
            tally.ignored += t.ignored;
        }
        Ok(Some(tally))
    })?;
    if native_only {
        report.print();
        println!(
            "xtask test (native only): {} passed, {} failed",
            report.tally.passed, report.tally.failed
        );
        return Ok(());
    }
    report.step("engine purity (wasm module imports nothing)", || {
        engine_purity(&env).map(|_| None)
    })?;
    report.step("pure crates' tests compiled for wasm (Node)", || {
        let mut c = env.cargo();
        c.args(["test", "--locked", "--target", WASM, "--lib"]);
        for p in PURE_CRATES {
            c.args(["-p", p]);
        }
        tools::run_tests(&mut c).map(Some)
    })?;
    report.step("same traces native and wasm (Node)", || {
        tools::run_tests(env.cargo().args([
            "test",
            "--locked",
            "--target",
            WASM,
            "-p",
            "podlife-tests",
            "--test",
            "wasm_parity",
        ]))
        .map(Some)
    })?;
    report.step("web wasm-bindgen tests (headless Chromium)", || {
        tools::run_tests(
            env.cargo()
                .args([
                    "test",
                    "--locked",
                    "--target",
                    WASM,
                    "-p",
                    "podlife-web",
                    "--test",
                    "browser",
                ])
                .env("CHROMEDRIVER", tools::CHROMEDRIVER)
                .env(
                    "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                    root.join("web/webdriver.json"),
                ),
        )
        .map(Some)
    })?;
    report.step("trunk build --release", || trunk_build(&env))?;
    report.step("web bundle sizes", || {
        print_sizes(&root.join("dist")).map(|_| None)
    })?;
    report.step("fuzz smoke (cargo fuzz, each target briefly)", || {
        fuzz_smoke(&env).map(|_| None)
    })?;
    report.step("browser end-to-end (Playwright + Chromium)", || {
        tools::run_tests(
            env.cmd("node")
                .args(["--test", "--test-reporter=tap"])
                .current_dir(root.join("e2e"))
                .env("PODLIFE_DIST", root.join("dist"))
                .env("PODLIFE_ARTIFACTS", root.join("target/e2e"))
                .env("CHROMIUM", tools::CHROMIUM),
        )
        .map(Some)
    })?;
    report.print();
    println!(
        "xtask test: {} passed, {} failed",
        report.tally.passed, report.tally.failed
    );
    if report.tally.failed > 0 {
        return Err(format!("{} tests failed", report.tally.failed));
    }
    Ok(())
}

/// Fuzz targets and the seconds each gets in the test command's smoke run; longer runs are
/// documented in docs/fuzzing.md.
const FUZZ_TARGETS: [(&str, &str); 4] = [
    ("manifest", "examples/seeds"),
    ("shell", ""),
    ("share_decode", ""),
    ("simulate", "examples/seeds"),
];
const FUZZ_SMOKE_SECS: u32 = 10;

/// Builds the cargo-fuzz targets (nightly, with AddressSanitizer) and runs each briefly.
fn fuzz_smoke(env: &Env) -> Result<(), String> {
    let toolchains =
        tools::output(env.cmd("rustup").args(["toolchain", "list"])).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        // No other toolchain can be fetched here: say so instead of pretending.
        println!(
            "fuzz smoke: SKIPPED — no nightly toolchain on this machine (cargo fuzz needs one)"
        );
        return Ok(());
    }
    tools::ensure_cargo_fuzz(env)?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env.root.join("target"));
    let fuzz_dir = env.root.join("fuzz");
    let fuzz_cmd = || {
        let mut c = env.cmd("cargo");
        c.current_dir(&fuzz_dir)
            .env_remove("RUSTUP_TOOLCHAIN")
            .env("CARGO_TARGET_DIR", target_dir.join("fuzz"))
            .args(["+nightly", "fuzz"]);
        c
    };
    tools::run(fuzz_cmd().args(["build", "-O"]))?;
    for (target, seeds) in FUZZ_TARGETS {
        let corpus = target_dir.join("fuzz-corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("cannot create corpus dir: {e}"))?;
        let mut c = fuzz_cmd();
        c.args(["run", "-O", target]).arg(&corpus);
        if !seeds.is_empty() {
            c.arg(env.root.join(seeds));
        }
        c.args([
            "--",
            &format!("-max_total_time={FUZZ_SMOKE_SECS}"),
            "-timeout=10",
            "-rss_limit_mb=2048",
        ]);
        tools::run(&mut c)?;
        println!("fuzz smoke: {target}: no crash in {FUZZ_SMOKE_SECS} s");
    }
    Ok(())
}

/// Builds the engine, runtime model and front end into a bare wasm module (no wasm-bindgen)
/// and fails if it imports anything: the engine reads no clock, no randomness, no IO.
fn engine_purity(env: &Env) -> Result<(), String> {
    tools::run(env.cargo().args([
        "build",
        "--locked",
        "--release",
        "--target",
        WASM,
        "-p",
        "podlife-wasm-check",
    ]))?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env.root.join("target"));
    let path = target_dir
        .join(WASM)
        .join("release/podlife_wasm_check.wasm");
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let imports = wasm_imports::imports(&bytes)?;
    let exports = wasm_imports::exports(&bytes)?;
    if !exports.iter().any(|e| e == "podlife_selfcheck") {
        return Err("the check module lost its export; the check would prove nothing".into());
    }
    if !imports.is_empty() {
        return Err(format!(
            "the engine's wasm module imports from its host: {}",
            imports.join(", ")
        ));
    }
    println!(
        "engine purity: {} bytes of wasm, {} exports, 0 imports",
        bytes.len(),
        exports.len()
    );
    Ok(())
}

/// Raw, gzip and brotli q11 sizes of every file in dist/: the sizes of its precompressed
/// `.gz`/`.br` copies (web/post-build.mjs writes them), computed when a copy is missing.
fn print_sizes(dist: &Path) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.ends_with(".gz") && !name.ends_with(".br")
        })
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let (mut raw_t, mut gz_t, mut br_t) = (0usize, 0usize, 0usize);
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli-11"
    );
    for e in entries {
        let path = e.path();
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let copy = |suffix: &str| {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            std::fs::metadata(p).ok().map(|m| m.len() as usize)
        };
        let gz = match copy(".gz") {
            Some(n) => n,
            None => gzip_len(&bytes)?,
        };
        let br = match copy(".br") {
            Some(n) => n,
            None => brotli_len(&bytes)?,
        };
        println!(
            "{:<40} {:>10} {:>10} {:>10}",
            e.file_name().to_string_lossy(),
            bytes.len(),
            gz,
            br
        );
        raw_t += bytes.len();
        gz_t += gz;
        br_t += br;
    }
    println!("{:<40} {raw_t:>10} {gz_t:>10} {br_t:>10}", "total");
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize, String> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(enc.finish().map_err(|e| e.to_string())?.len())
}

fn brotli_len(bytes: &[u8]) -> Result<usize, String> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(out.len())
}
