//! The wall clock of the simulation: a simulated instant as a UTC calendar date, for everything
//! that prints dates (kubectl's timestamps, `date`, nginx logs).

use crate::SimTime;

/// Wall-clock time of pod creation (2025-01-01T00:00:00Z), in Unix seconds.
pub const EPOCH_UNIX_SECS: u64 = 1_735_689_600;

pub const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A UTC calendar date and time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    /// 1-12.
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday.
    pub weekday: u32,
}

impl Civil {
    pub fn month_name(&self) -> &'static str {
        MONTHS[(self.month - 1) as usize]
    }

    pub fn weekday_name(&self) -> &'static str {
        WEEKDAYS[self.weekday as usize]
    }
}

/// The wall-clock date of simulated instant `t` (whole seconds).
pub fn civil(t: SimTime) -> Civil {
    let secs = EPOCH_UNIX_SECS as i64 + t.whole_secs() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    Civil {
        year: if month <= 2 { y + 1 } else { y },
        month,
        day,
        hour: (rem / 3600) as u32,
        minute: ((rem % 3600) / 60) as u32,
        second: (rem % 60) as u32,
        weekday: ((days + 4).rem_euclid(7)) as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn epoch_and_a_leap_day() {
        let c = civil(SimTime::ZERO);
        assert_eq!(
            (c.year, c.month, c.day, c.weekday_name()),
            (2025, 1, 1, "Wed")
        );
        // 2028-02-29 12:34:56 is 1,154 days and 45,296 s after the epoch.
        let c = civil(SimTime::from_secs(1154 * 86_400 + 45_296));
        assert_eq!(
            (
                c.year,
                c.month_name(),
                c.day,
                c.hour,
                c.minute,
                c.second,
                c.weekday_name()
            ),
            (2028, "Feb", 29, 12, 34, 56, "Tue")
        );
    }
}
