fn main() {
    podlife_web::start();
}

// The app's allocator: talc instead of Rust's default dlmalloc for wasm (smaller module,
// docs/sizes.md). Single-threaded wasm only; native builds (tests) keep the system allocator.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
