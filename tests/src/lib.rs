//! Cross-crate tests live in `tests/tests/*.rs`; this library is intentionally empty.
