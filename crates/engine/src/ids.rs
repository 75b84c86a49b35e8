//! Made-up identifiers: container IDs, image digests, sizes and IPs are derived from the
//! scenario by hashing, so the same pod always gets the same ones (natively and in wasm).

use std::fmt::Write;

/// FNV-1a, used for every made-up identifier (container IDs, digests, sizes, IPs).
pub fn fnv64(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// 64 hex digits derived from `parts` (a containerd ID or a sha256 digest look-alike).
pub fn hex64(parts: &[&str]) -> String {
    let mut out = String::with_capacity(64);
    let mut x = fnv64(parts);
    for _ in 0..4 {
        // SplitMix64 steps: well-mixed, portable, deterministic.
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        let _ = write!(out, "{z:016x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn ids_are_stable() {
        assert_eq!(hex64(&["x"]), hex64(&["x"]));
        assert_eq!(hex64(&["x"]).len(), 64);
        assert_ne!(hex64(&["x"]), hex64(&["y"]));
    }
}
