//! Any URL fragment → the share-link decoder: a clear error or a state that re-encodes to a
//! link that decodes to the same state; never a panic, never more than 64 KiB of text.
//!
//! Inputs starting with byte 0xFF reach format 2's inflater directly: byte 1 picks a catalogue
//! entry, the rest is the deflate data, and the target writes the entry's valid prefix (number
//! and hash) itself — a random fragment almost never names a base correctly.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..=c.len() {
            s.push(char::from(A[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    s
}

fn check(fragment: &str) {
    if let Ok(state) = podlife_share::decode(fragment) {
        assert!(state.text.len() <= 64 * 1024);
        if let Ok(again) = podlife_share::encode(&state) {
            // `encode` picks the shorter format; everything but `format_version` round-trips.
            let back = podlife_share::decode(&again).ok().map(|mut s| {
                s.format_version = state.format_version;
                s
            });
            assert_eq!(back, Some(state));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let [0xff, pick, rest @ ..] = data {
        let catalogue = podlife_share::CATALOGUE;
        let base = &catalogue[usize::from(*pick) % catalogue.len()];
        let mut bytes = Vec::with_capacity(rest.len() + 6);
        let mut n = base.number;
        while n >= 0x80 {
            bytes.push((n as u8 & 0x7f) | 0x80);
            n >>= 7;
        }
        bytes.push(n as u8);
        bytes.extend_from_slice(&podlife_share::fnv1a32(base.text.as_bytes()).to_le_bytes());
        bytes.extend_from_slice(rest);
        check(&format!("2{}", base64url(&bytes)));
        return;
    }
    let Ok(fragment) = std::str::from_utf8(data) else {
        return;
    };
    check(fragment);
});
