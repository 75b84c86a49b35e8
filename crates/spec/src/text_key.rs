//! The key of a UI text: FNV-1a (64 bits) of its UTF-8 bytes. A `const fn`, so that the web
//! app's first-frame module names its Chinese texts by key without carrying them (the `zh!`
//! macros, web/src/i18n.rs) and xtask (native) keys the data file it writes from the same
//! function (docs/sizes.md, session 8).

/// FNV-1a, 64 bits, of `text`'s bytes.
pub const fn text_key(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::text_key;

    #[test]
    fn known_values() {
        // FNV-1a's published test vectors.
        assert_eq!(text_key(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(text_key("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(text_key("foobar"), 0x8594_4171_f739_67e8);
        // Evaluated at compile time as at run time.
        const K: u64 = text_key("播放");
        assert_eq!(K, text_key(&String::from("播放")));
        assert_ne!(text_key("播放"), text_key("暂停"));
    }
}
