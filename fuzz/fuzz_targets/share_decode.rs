//! Any URL fragment → the share-link decoder: a clear error or a state that re-encodes to a
//! link that decodes to the same state; never a panic, never more than 64 KiB of text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(fragment) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(state) = podlife_share::decode(fragment) {
        assert!(state.text.len() <= 64 * 1024);
        if let Ok(again) = podlife_share::encode(&state) {
            assert_eq!(podlife_share::decode(&again).ok(), Some(state));
        }
    }
});
