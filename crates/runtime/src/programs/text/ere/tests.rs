//! Extended regular expressions: POSIX leftmost-longest matches and compile errors.

use wasm_bindgen_test::wasm_bindgen_test;

use super::{ReError, Regex};

fn find(pattern: &str, text: &str) -> Option<(usize, usize)> {
    Regex::new(pattern.as_bytes())
        .unwrap()
        .find_at(text.as_bytes(), 0, &mut 0)
}

#[wasm_bindgen_test(unsupported = test)]
fn leftmost_then_longest() {
    assert_eq!(find("b+", "abbbc"), Some((1, 4)));
    assert_eq!(find("a|ab|abc", "xabcd"), Some((1, 4)));
    assert_eq!(find("(a|ab)(c|bcd)", "abcd"), Some((0, 4)));
    assert_eq!(find("x*", "abc"), Some((0, 0)));
    assert_eq!(find("abcd|b", "xabcx"), Some((2, 3)));
    assert_eq!(find("[0-9]+\\.[0-9]*", "v1.25.3"), Some((1, 5)));
    assert_eq!(find("^a", "ba"), None);
    assert_eq!(find("a$", "aba"), Some((2, 3)));
    assert_eq!(find("$", "abc"), Some((3, 3)));
    assert_eq!(find("^$", ""), Some((0, 0)));
}

#[wasm_bindgen_test(unsupported = test)]
fn classes_intervals_and_escapes() {
    assert_eq!(find("[[:digit:]]{2,3}", "a12345"), Some((1, 4)));
    assert_eq!(find("x{2}", "xxx"), Some((0, 2)));
    assert_eq!(find("(ab){2}c", "xababc"), Some((1, 6)));
    assert_eq!(find("((a){2}b){2}", "aabaab"), Some((0, 6)));
    assert_eq!(find("[^a-c]+", "abcdef"), Some((3, 6)));
    assert_eq!(find("[]a]+", "x]a]"), Some((1, 4)));
    assert_eq!(find("\\.", "a.b"), Some((1, 2)));
    assert_eq!(find("a{", "a{"), Some((0, 2)));
    assert_eq!(find("[[:space:]]+", "a \t b"), Some((1, 4)));
    assert_eq!(find("(ab)+", "ababx"), Some((0, 4)));
    assert_eq!(find("colou?r", "the color"), Some((4, 9)));
}

#[wasm_bindgen_test(unsupported = test)]
fn bad_patterns_are_errors_not_panics() {
    assert_eq!(Regex::new(b"(a").err(), Some(ReError::MissingParen));
    assert_eq!(Regex::new(b"a)").err(), Some(ReError::UnmatchedParen));
    assert_eq!(Regex::new(b"[a").err(), Some(ReError::BadClass));
    assert_eq!(Regex::new(b"[[:nope:]]").err(), Some(ReError::BadClass));
    assert_eq!(Regex::new(b"*a").err(), Some(ReError::MissingOperand));
    assert_eq!(Regex::new(b"a{3,1}").err(), Some(ReError::BadInterval));
    assert_eq!(Regex::new(b"a\\").err(), Some(ReError::TrailingBackslash));
    assert_eq!(
        Regex::new(b"((a{255}){255}){255}").err(),
        Some(ReError::TooLarge)
    );
    for junk in ["", "|", "()", "a||b", "(|)", "[^]]", "\u{ff}+"] {
        let _ = Regex::new(junk.as_bytes()).map(|r| r.find_at(b"xyz", 0, &mut 0));
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn work_is_proportional_to_text_times_pattern() {
    let r = Regex::new(b"(a|aa)*b").unwrap();
    let text = vec![b'a'; 10_000];
    let mut work = 0;
    assert_eq!(r.find_at(&text, 0, &mut work), None);
    assert!(work < 10_000 * 50, "{work}");
}
