//! The simulated wall clock, for the texts processes print (`date`, server logs).

use podlife_spec::civil::civil;
use podlife_spec::SimTime;

/// Wall-clock time of pod creation in the simulation (2025-01-01T00:00:00Z), used only where
/// processes print dates (`date`, nginx logs).
pub const SIM_EPOCH_UNIX: u64 = podlife_spec::civil::EPOCH_UNIX_SECS;

/// `2025/01/01 00:00:05` (nginx error log).
pub fn numeric_date_time(t: SimTime) -> String {
    let c = civil(t);
    format!(
        "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `Wed Jan  1 00:00:05 UTC 2025` (`date`).
pub fn date_string(t: SimTime) -> String {
    let c = civil(t);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} UTC {}",
        c.weekday_name(),
        c.month_name(),
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year
    )
}
