//! Cross-crate tests live in `tests/tests/*.rs`; this library holds what several of them share.

use std::path::Path;

/// Compares `actual` with the golden file at `path`; with `UPDATE_GOLDEN` set, writes it instead.
/// A difference fails with the first differing line of each side.
pub fn check_golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create golden dir");
        }
        std::fs::write(path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing golden {}: run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let diff_line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "golden {} differs at line {}:\n expected: {:?}\n actual:   {:?}\n(UPDATE_GOLDEN=1 to accept)",
            path.display(),
            diff_line + 1,
            expected.lines().nth(diff_line),
            actual.lines().nth(diff_line)
        );
    }
}
