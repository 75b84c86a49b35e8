//! Developer tasks. `cargo xtask serve` builds and serves the playground; `cargo xtask test` runs
//! every test. Both first install whatever is missing, idempotently: the wasm target, Trunk,
//! wasm-bindgen-cli (the exact version in Cargo.lock), Chromium and its driver (Debian), and the
//! npm packages of `e2e/` (Playwright, and the wasm-opt Trunk uses).

mod bench;
mod rules_page;
mod steps;
mod tools;
mod wasm_imports;
mod zh_text;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "podlife developer tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build the playground (release) and serve it on 127.0.0.1.
    Serve {
        /// Port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// Run every check and test: fmt, clippy, native tests, wasm tests (Node and headless
    /// Chromium), the engine purity check, the release web build and browser end-to-end tests.
    Test {
        /// Skip the installs and the web build and browser steps (quick native loop).
        #[arg(long)]
        native_only: bool,
    },
    /// Build the playground into dist/ (release) and print its sizes.
    Dist,
    /// Measure speed and size against bench/budgets.toml (not part of `test`); fails only on
    /// the size budgets (bytes before the first animated frame, whole load), the share-link
    /// budget and a request outside the origin.
    Bench {
        /// Fewer repetitions.
        #[arg(long)]
        quick: bool,
        /// Measure the existing dist/ instead of building the app into target/bench/dist.
        #[arg(long)]
        use_dist: bool,
        /// Native figures, sizes of dist/ and links only (no wasm build, no Chromium).
        #[arg(long)]
        no_browser: bool,
        /// CI's report run: --quick --use-dist (the dist/ the tests just built); while
        /// bench/budgets.toml sets a CI cap, the whole load is held to it and the first-frame
        /// bytes are reported instead of failing.
        #[arg(long)]
        ci: bool,
    },
    /// Render docs/kubelet-rules.md and docs/kubernetes-versions.md into rules.html and
    /// versions.html in DIR, and write the app's Chinese text (its zh! literals) into
    /// zh-CN.txt there (Trunk's pre_build hook: index.html copies them into dist/).
    RulesPage {
        /// Where to write the pages.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.task {
        Task::Serve { port } => steps::serve(&root, port),
        Task::Test { native_only } => steps::test(&root, native_only),
        Task::Dist => steps::dist(&root),
        Task::RulesPage { dir } => rules_page::write(&root, &root.join(&dir))
            .and_then(|()| zh_text::write(&root, &root.join(&dir))),
        Task::Bench {
            quick,
            use_dist,
            no_browser,
            ci,
        } => bench::bench(
            &root,
            &bench::Options {
                quick: quick || ci,
                use_dist: use_dist || ci,
                no_browser,
                ci,
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The checkout `cargo xtask` was run in: the nearest directory up from the current one that
/// holds this workspace (crates/xtask). Not the path the binary was built from: two checkouts
/// sharing one target dir share the `xtask` binary cargo runs (it is not re-linked when the
/// other checkout's build is up to date), so that path can be another checkout's.
fn workspace_root() -> PathBuf {
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let built_root = built.ancestors().nth(2).map(PathBuf::from).unwrap_or(built);
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            cwd.ancestors()
                .find(|d| {
                    d.join("crates/xtask/Cargo.toml").is_file() && d.join("Cargo.toml").is_file()
                })
                .map(PathBuf::from)
        })
        .unwrap_or(built_root)
}
