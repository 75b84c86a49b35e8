//! Any text → the manifest front end: must return diagnostics, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = podlife_manifest::load(text);
        // No scenario ⇒ an error says why. A scenario with errors only when they are in
        // other objects, which kubectl apply leaves out (a hint says so).
        if loaded.scenario.is_none() {
            assert!(loaded.has_errors());
        } else if loaded.has_errors() {
            assert!(loaded
                .diagnostics
                .iter()
                .any(|d| d.message.english().contains("not created")));
        }
    }
});
