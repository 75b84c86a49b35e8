//! Any text → the manifest front end: must return diagnostics, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = podlife_manifest::load(text);
        // A scenario comes back exactly when there is no error.
        assert_eq!(loaded.scenario.is_some(), !loaded.has_errors());
    }
});
