//! Properties: every valid state round-trips exactly; no input makes `decode` or `parse_query`
//! panic; damaged links are refused or decode to a valid state, never anything else.
#![cfg(not(target_arch = "wasm32"))]

use podlife_share::{
    decode, encode, encode_v1, encode_v2, parse_query, CompareState, DecodeError, EncodeError,
    Lang, Panel, ShareState, View, CATALOGUE, MAX_DECODED_BYTES,
};
use podlife_spec::{SimTime, MAX_UNTIL};
use proptest::prelude::*;

/// A gallery example with a few lines replaced, dropped or added (what users share).
fn edited_example() -> impl Strategy<Value = String> {
    (
        0..CATALOGUE.len(),
        proptest::collection::vec((any::<prop::sample::Index>(), "[ -~]{0,30}\n?"), 0..4),
    )
        .prop_map(|(i, edits)| {
            let mut lines: Vec<String> = CATALOGUE[i]
                .text
                .split_inclusive('\n')
                .map(str::to_owned)
                .collect();
            for (at, new) in edits {
                let k = at.index(lines.len() + 1);
                if k < lines.len() && new.is_empty() {
                    lines.remove(k);
                } else {
                    lines.insert(k, new);
                }
            }
            lines.concat()
        })
}

/// Text a link may carry: printable characters, tab, LF, CR, CJK, emoji.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~\t\n\r]{0,300}",
        "[a-z: \n-]{0,200}",
        "[\\PC\t\n]{0,120}",
        Just("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n".to_owned()),
        edited_example(),
    ]
    .prop_map(|s| {
        s.chars()
            .filter(|&c| !matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
            .collect()
    })
}

fn state() -> impl Strategy<Value = ShareState> {
    (
        text(),
        0u32..=u32::MAX,
        0u32..=u32::MAX,
        0..=MAX_UNTIL.as_millis(),
        1u32..=1_000_000,
        0usize..5,
        0usize..5,
        proptest::option::of("[a-z0-9-]{0,63}"),
        0usize..2,
        proptest::option::of((text(), 0u32..=u32::MAX)),
    )
        .prop_map(|(t, k, r, ms, sp, v, p, c, l, b)| {
            let mut s = ShareState::new(t);
            s.kube_minor = k;
            s.rules_version = r;
            s.time = SimTime::from_millis(ms);
            s.speed_milli = sp;
            s.view = View::ALL[v];
            s.panel = Panel::ALL[p];
            s.container = c;
            s.lang = Lang::ALL[l];
            s.compare = b.map(|(text, kube_minor)| CompareState { text, kube_minor });
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn round_trip(s in state()) {
        let f = encode(&s).unwrap();
        prop_assert!(f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(encode(&s).unwrap(), f.clone()); // deterministic
        // The shortest of the formats: never longer than format 1 (ties are format 1).
        let v1 = encode_v1(&s).unwrap();
        prop_assert!(f.len() < v1.len() || f == v1);
        let mut want = s.clone();
        // A comparison is format 3 around format 1 or 2.
        let inner = f.strip_prefix('3').filter(|_| s.compare.is_some()).unwrap_or(&f);
        prop_assert_eq!(s.compare.is_some(), inner.len() < f.len());
        want.format_version = match (s.compare.is_some(), f == v1) {
            (true, _) => 3,
            (false, true) => 1,
            (false, false) => 2,
        };
        prop_assert!(inner.starts_with('1') || inner.starts_with('2'));
        prop_assert_eq!(decode(&f), Ok(want.clone()));
        // Format 2 against any entry decodes to the same state.
        want.format_version = if s.compare.is_some() { 3 } else { 2 };
        for e in [&CATALOGUE[0], &CATALOGUE[CATALOGUE.len() - 1]] {
            let g = encode_v2(&s, e.number).unwrap().unwrap();
            prop_assert_eq!(decode(&g), Ok(want.clone()));
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,400}") {
        let _ = decode(&s);
        let _ = parse_query(&s);
    }

    #[test]
    fn arbitrary_link_bodies_never_panic(s in "3?[12][A-Za-z0-9_-]{0,600}") {
        if let Ok(st) = decode(&s) {
            // Whatever decodes is a valid state that re-encodes.
            prop_assert!(encode(&st).is_ok());
        }
    }

    #[test]
    fn damaged_links_are_refused_or_valid(s in state(), pos in any::<prop::sample::Index>(), c in "[A-Za-z0-9_-]") {
        let f = encode(&s).unwrap();
        let i = 1 + pos.index(f.len() - 1);
        let mut g = f.clone();
        g.replace_range(i..i + 1, &c);
        match decode(&g) {
            Ok(st) => prop_assert!(encode(&st).is_ok()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        // Any cut is refused (chat apps cut links).
        let cut = 1 + pos.index(f.len() - 1);
        prop_assert!(decode(&f[..cut]).is_err());
    }

    #[test]
    fn arbitrary_queries_never_panic(q in "[a-z=&%0-9.A-Z+-]{0,200}") {
        let (p, errors) = parse_query(&q);
        prop_assert!(errors.len() <= 16);
        prop_assert_eq!(parse_query(&p.to_query()).0, p);
    }
}

#[test]
fn size_limit_boundary() {
    // Header of a default state is 5 bytes: text of 64 KiB - 5 fits, one more byte does not.
    let fits = ShareState::new("x".repeat(MAX_DECODED_BYTES - 5));
    let f = encode(&fits).unwrap();
    assert_eq!(decode(&f).map(|s| s.text.len()), Ok(MAX_DECODED_BYTES - 5));
    let over = ShareState::new("x".repeat(MAX_DECODED_BYTES - 4));
    assert_eq!(
        encode(&over),
        Err(EncodeError::TooLarge {
            bytes: MAX_DECODED_BYTES + 1
        })
    );
}

#[test]
fn oversized_fragment_is_refused_before_decoding() {
    let f = format!("1{}", "A".repeat(200_000));
    assert_eq!(decode(&f), Err(DecodeError::TooLong { chars: 200_001 }));
}
