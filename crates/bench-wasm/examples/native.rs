//! Native half of `cargo xtask bench`: the kitchen-sink simulation and the seek, timed.
//! Prints one `key=value` line per figure (`cargo run --profile release-native -p
//! podlife-bench-wasm --example native -- [runs]`).
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::time::Instant;

use podlife_bench_wasm::{kitchen_sink, seek, SplitMix64};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn p95(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let i = (v.len() * 95).div_ceil(100).saturating_sub(1);
    v.get(i).copied().unwrap_or(f64::NAN)
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(21)
        .max(1);
    let sc = kitchen_sink();
    let mut sims = Vec::new();
    let mut trace = podlife_engine::simulate(&sc);
    for _ in 0..runs {
        let t = Instant::now();
        let tr = podlife_engine::simulate(&sc);
        sims.push(t.elapsed().as_secs_f64() * 1000.0);
        trace = tr;
    }
    println!("simulate_median_ms={:.4}", median(sims));
    println!("events={}", trace.events.len());
    let mut rng = SplitMix64::new(1);
    let mut seeks = Vec::new();
    let mut bytes = 0usize;
    for _ in 0..runs * 20 {
        let at = rng.instant();
        let t = Instant::now();
        bytes += seek(&trace, at);
        seeks.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!("seek_samples={}", seeks.len());
    println!("seek_median_ms={:.4}", median(seeks.clone()));
    println!("seek_p95_ms={:.4}", p95(seeks.clone()));
    println!(
        "seek_max_ms={:.4}",
        seeks.iter().copied().fold(0.0, f64::max)
    );
    println!("seek_bytes={bytes}");
}
