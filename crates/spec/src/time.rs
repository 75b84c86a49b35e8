//! Simulated time: integer milliseconds since the pod was created. No wall clock anywhere.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Milliseconds since the pod object was created. Printed as `12.500s`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(pub u64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub const fn from_millis(ms: u64) -> Self {
        SimTime(ms)
    }
    /// Saturates instead of overflowing (user input can carry absurd second counts).
    pub const fn from_secs(s: u64) -> Self {
        SimTime(s.saturating_mul(1000))
    }
    pub const fn as_millis(self) -> u64 {
        self.0
    }
    /// Seconds as a float, for the trace JSON (millisecond precision).
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
    /// Whole seconds, truncated.
    pub const fn whole_secs(self) -> u64 {
        self.0 / 1000
    }
    pub fn saturating_sub(self, other: SimTime) -> SimTime {
        SimTime(self.0.saturating_sub(other.0))
    }
    pub fn saturating_add(self, other: SimTime) -> SimTime {
        SimTime(self.0.saturating_add(other.0))
    }
}

impl std::ops::Add for SimTime {
    type Output = SimTime;
    fn add(self, rhs: SimTime) -> SimTime {
        SimTime(self.0.saturating_add(rhs.0))
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}s", self.0 / 1000, self.0 % 1000)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    Empty,
    Invalid(String),
    Overflow,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Empty => write!(f, "empty duration"),
            DurationError::Invalid(s) => write!(
                f,
                "invalid duration {s:?}: use seconds (90) or a Go duration (1m30s, 500ms, 2h)"
            ),
            DurationError::Overflow => write!(f, "duration too large"),
        }
    }
}

impl std::error::Error for DurationError {}

/// Parses a plain number of seconds (`90`, `1.5`) or a Go-style duration (`1m30s`, `500ms`, `2h`).
/// Negative durations are rejected. Result is rounded down to whole milliseconds.
pub fn parse_duration(text: &str) -> Result<SimTime, DurationError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(DurationError::Empty);
    }
    let invalid = || DurationError::Invalid(text.to_string());
    // Plain seconds.
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return decimal_to_ms(s, 1000).ok_or_else(invalid).map(SimTime);
    }
    let mut total: u64 = 0;
    let mut rest = s;
    let mut any = false;
    while !rest.is_empty() {
        let num_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if num_len == 0 {
            return Err(invalid());
        }
        let (num, tail) = rest.split_at(num_len);
        let unit_len = tail.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        if unit_len == 0 {
            return Err(invalid());
        }
        let (unit, tail) = tail.split_at(unit_len);
        let scale: u64 = match unit {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            _ => return Err(invalid()),
        };
        let ms = decimal_to_ms(num, scale).ok_or_else(invalid)?;
        total = total.checked_add(ms).ok_or(DurationError::Overflow)?;
        rest = tail;
        any = true;
    }
    if !any {
        return Err(invalid());
    }
    Ok(SimTime(total))
}

/// `digits[.digits]` times `scale` milliseconds, truncated to whole milliseconds.
fn decimal_to_ms(num: &str, scale: u64) -> Option<u64> {
    let (int, frac) = match num.split_once('.') {
        Some((i, f)) => (i, f),
        None => (num, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if frac.contains('.') {
        return None;
    }
    let int_v: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut ms = int_v.checked_mul(scale)?;
    // Fractional part: at most 9 digits matter for millisecond precision.
    let mut denom: u64 = 1;
    let mut frac_v: u64 = 0;
    for b in frac.bytes().take(9) {
        frac_v = frac_v * 10 + u64::from(b - b'0');
        denom *= 10;
    }
    ms = ms.checked_add(frac_v.checked_mul(scale)? / denom)?;
    Some(ms)
}

/// Formats milliseconds the way Go's `time.Duration.String()` does for whole-ms values:
/// `0s`, `500ms`, `10s`, `1m20s`, `5m0s`, `1h0m0s`, `1.234s`.
pub fn format_go_duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let hours = ms / 3_600_000;
    let minutes = (ms / 60_000) % 60;
    let secs = (ms / 1000) % 60;
    let frac = ms % 1000;
    let mut sec_str = secs.to_string();
    if frac != 0 {
        let f = format!("{frac:03}");
        sec_str.push('.');
        sec_str.push_str(f.trim_end_matches('0'));
    }
    if hours > 0 {
        format!("{hours}h{minutes}m{sec_str}s")
    } else if minutes > 0 {
        format!("{minutes}m{sec_str}s")
    } else {
        format!("{sec_str}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn parses_seconds_and_go_durations() {
        assert_eq!(parse_duration("90").unwrap(), SimTime(90_000));
        assert_eq!(parse_duration("1.5").unwrap(), SimTime(1_500));
        assert_eq!(parse_duration("4m").unwrap(), SimTime(240_000));
        assert_eq!(parse_duration("1m30s").unwrap(), SimTime(90_000));
        assert_eq!(parse_duration("500ms").unwrap(), SimTime(500));
        assert_eq!(parse_duration("2h").unwrap(), SimTime(7_200_000));
        assert_eq!(parse_duration("1.5s").unwrap(), SimTime(1_500));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn rejects_garbage() {
        assert!(parse_duration("").is_err());
        assert!(parse_duration("-5s").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("s").is_err());
        assert!(parse_duration("1..2").is_err());
        assert!(parse_duration("99999999999999999999h").is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn go_duration_format() {
        assert_eq!(format_go_duration(0), "0s");
        assert_eq!(format_go_duration(500), "500ms");
        assert_eq!(format_go_duration(10_000), "10s");
        assert_eq!(format_go_duration(80_000), "1m20s");
        assert_eq!(format_go_duration(300_000), "5m0s");
        assert_eq!(format_go_duration(3_600_000), "1h0m0s");
        assert_eq!(format_go_duration(1_234), "1.234s");
        assert_eq!(format_go_duration(2_500), "2.5s");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn display() {
        assert_eq!(SimTime(12_500).to_string(), "12.500s");
    }
}
