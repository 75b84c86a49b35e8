//! Virtual-time helpers every part shares: user-written seconds and the whole-second grids the
//! kubelet's loops run on (PLEG relist and the sync ticker, rules §0.2 and §0.4).

use podlife_spec::SimTime;

/// User-supplied seconds (any i64) as a duration: negative → 0, huge → saturated.
pub(crate) fn user_seconds(seconds: i64) -> SimTime {
    SimTime::from_millis((seconds.max(0) as u64).saturating_mul(1000))
}

/// The first whole second strictly after `t`.
pub(crate) fn next_whole_second_after(t: SimTime) -> SimTime {
    SimTime::from_millis(
        (t.as_millis() / 1000)
            .saturating_add(1)
            .saturating_mul(1000),
    )
}

/// The first whole second at or after `t`.
pub(crate) fn whole_second_at_or_after(t: SimTime) -> SimTime {
    SimTime::from_millis(t.as_millis().div_ceil(1000).saturating_mul(1000))
}
