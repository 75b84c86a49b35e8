//! Any script as a container's `sh -c`, probed, exec'd and signalled over simulated time:
//! bounded and panic-free.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(script) = std::str::from_utf8(data) {
        podlife_runtime::fuzz_script(script);
    }
});
