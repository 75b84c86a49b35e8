//! Time rendering for the kubectl views: HumanDuration (§4.9), RFC 1123Z and RFC 3339 wall
//! times. Absolute times are the fixed epoch [`EPOCH_UNIX_SECS`] plus simulated time.

use podlife_spec::civil::civil;
use podlife_spec::SimTime;

/// The pod's creation instant: 2025-01-01T00:00:00Z (a Wednesday). Documented in
/// docs/trace-format.md; every absolute timestamp a view prints is this plus sim time.
pub const EPOCH_UNIX_SECS: i64 = podlife_spec::civil::EPOCH_UNIX_SECS as i64;

/// kubectl's HumanDuration (apimachinery util/duration), §4.9. `d_ms` may be negative.
pub fn human_duration(d_ms: i64) -> String {
    if d_ms < -1000 {
        return "<invalid>".to_string();
    }
    if d_ms < 0 {
        return "0s".to_string();
    }
    let seconds = d_ms / 1000;
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{}h", hours / 24, h);
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{}d", hours / 24 / 365, dy);
    }
    format!("{}y", hours / 24 / 365)
}

/// HumanDuration of `now - then`.
pub fn since(now: SimTime, then: SimTime) -> String {
    human_duration(now.as_millis() as i64 - then.as_millis() as i64)
}

/// Go's `time.RFC1123Z` in UTC: `Wed, 01 Jan 2025 00:00:05 +0000` (describe's Start Time).
pub fn rfc1123z(t: SimTime) -> String {
    let c = civil(t);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
        c.weekday_name(),
        c.day,
        c.month_name(),
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// RFC 3339 with whole seconds, as the API serialises metav1.Time: `2025-01-01T00:00:05Z`.
pub fn rfc3339(t: SimTime) -> String {
    let c = civil(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn human_duration_table_4_9() {
        assert_eq!(human_duration(-2000), "<invalid>");
        assert_eq!(human_duration(-500), "0s");
        assert_eq!(human_duration(59_999), "59s");
        assert_eq!(human_duration(119_000), "119s");
        assert_eq!(human_duration(120_000), "2m");
        assert_eq!(human_duration(222_000), "3m42s");
        assert_eq!(human_duration(600_000), "10m");
        assert_eq!(human_duration(3 * 3_600_000), "3h");
        assert_eq!(human_duration(3 * 3_600_000 + 60_000), "3h1m");
        assert_eq!(human_duration(47 * 3_600_000), "47h");
        assert_eq!(human_duration(49 * 3_600_000), "2d1h");
        assert_eq!(human_duration(10 * 86_400_000), "10d");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn wall_times_from_fixed_epoch() {
        assert_eq!(rfc1123z(SimTime::ZERO), "Wed, 01 Jan 2025 00:00:00 +0000");
        assert_eq!(
            rfc3339(SimTime::from_millis(225_200)),
            "2025-01-01T00:03:45Z"
        );
        assert_eq!(
            rfc1123z(SimTime::from_secs(86_400 * 3 + 61)),
            "Sat, 04 Jan 2025 00:01:01 +0000"
        );
    }
}
