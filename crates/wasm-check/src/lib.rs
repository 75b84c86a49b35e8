//! Built for `wasm32-unknown-unknown` by `cargo xtask test`, which then fails if the module
//! imports anything from its host: the front end, runtime model, engine and report crate must be pure
//! computation (no clock, no randomness, no IO, no JS). The export keeps all of that code alive
//! through the linker, so the check sees everything a real run uses.

const EXAMPLE: &str = include_str!("../../../web/default-example.yaml");

/// Loads the default example and reports the number of diagnostics (a value the linker cannot
/// predict, so nothing is optimised away).
pub fn selfcheck() -> u32 {
    let loaded = podlife_manifest::load(EXAMPLE);
    let mut n = loaded.diagnostics.len() as u32;
    if let Some(scenario) = loaded.scenario {
        let rt = podlife_runtime::PodRuntime::new(&scenario, "10.244.0.5");
        n += rt.explain().len() as u32;
        // The report crate: expectations, the difference of two runs, the SVG export.
        let trace = podlife_engine::simulate(&scenario);
        let outcomes = podlife_report::expect::evaluate(&loaded.expectations, &trace);
        n += outcomes.iter().filter(|o| o.passed).count() as u32;
        n += podlife_report::diff::diff(&trace, &trace).items.len() as u32;
        let svg = podlife_report::svg::render(&trace, &podlife_report::svg::SvgOptions::default());
        n += svg.len() as u32;
    }
    n
}

/// The C-ABI export the wasm module keeps.
#[allow(unsafe_code)] // `no_mangle` is what makes this a module export; nothing else is unsafe.
#[no_mangle]
pub extern "C" fn podlife_selfcheck() -> u32 {
    selfcheck()
}
