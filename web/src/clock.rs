//! The playback clock: simulated time at the playhead, play/pause, speed and the zoomed window.
//! Pure (animation-frame timestamps are passed in), so its rules are tested natively.

use podlife_spec::SimTime;

use crate::lanes::Scale;

pub const SPEEDS: [f64; 9] = [0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];
/// 10×: the liveness example's first restart (~1 min) comes after ~6 s of watching.
pub const DEFAULT_SPEED: f64 = 10.0;
/// The longest step one animation frame may take, in wall milliseconds: a background tab
/// resumes where it was instead of jumping.
const MAX_FRAME_MS: f64 = 250.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    pub t: SimTime,
    pub playing: bool,
    pub speed: f64,
    /// The previous frame's timestamp while playing.
    last_ts: Option<f64>,
    /// A pointer drag over the timeline is seeking.
    pub scrubbing: bool,
    /// Zoomed window width (None = the whole run).
    pub zoom: Option<SimTime>,
}

/// What a frame did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Not playing: nothing changed.
    Idle,
    /// The playhead moved from the given instant; more frames to come.
    Moved(SimTime),
    /// The playhead reached the end and playback stopped.
    Ended(SimTime),
}

impl Clock {
    pub fn new(playing: bool) -> Clock {
        Clock {
            t: SimTime::ZERO,
            playing,
            speed: DEFAULT_SPEED,
            last_ts: None,
            scrubbing: false,
            // Two-minute pages: a long run's first minute is where most happens.
            zoom: Some(SimTime::from_secs(120)),
        }
    }

    /// One animation frame at wall time `ts` (ms) of a run that ends at `until`.
    pub fn frame(&mut self, ts: f64, until: SimTime) -> Step {
        if !self.playing {
            self.last_ts = None;
            return Step::Idle;
        }
        let old = self.t;
        if let Some(prev) = self.last_ts {
            let dt = (ts - prev).clamp(0.0, MAX_FRAME_MS) * self.speed;
            let next = (self.t.as_millis() as f64 + dt).round() as u64;
            self.t = SimTime::from_millis(next.min(until.as_millis()));
        }
        self.last_ts = Some(ts);
        if self.t >= until {
            self.playing = false;
            self.last_ts = None;
            Step::Ended(old)
        } else {
            Step::Moved(old)
        }
    }

    /// Play from where the playhead is (from the start once it reached the end), or pause.
    pub fn toggle(&mut self, until: SimTime) {
        self.set_playing(!self.playing, until);
    }

    pub fn set_playing(&mut self, on: bool, until: SimTime) {
        self.playing = on;
        self.last_ts = None;
        if on && self.t >= until {
            self.t = SimTime::ZERO;
        }
    }

    /// Moves the playhead (within the run) and stops playback.
    pub fn seek(&mut self, t: SimTime, until: SimTime) {
        self.t = t.min(until);
        self.playing = false;
        self.last_ts = None;
    }

    /// Moves the playhead (within the run) without touching playback.
    pub fn jump(&mut self, t: SimTime, until: SimTime) {
        self.t = t.min(until);
    }

    pub fn set_speed(&mut self, s: f64) {
        self.speed = s.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]);
    }

    /// The window the timeline shows, `width` CSS pixels wide.
    pub fn scale(&self, until: SimTime, width: f64) -> Scale {
        match self.zoom {
            Some(w) => Scale::page(self.t, w, until, width),
            None => Scale::all(until, width),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_advance_by_wall_time_times_speed_and_stop_at_the_end() {
        let until = SimTime::from_secs(10);
        let mut c = Clock::new(true);
        assert_eq!(c.frame(1000.0, until), Step::Moved(SimTime::ZERO));
        assert_eq!(
            c.t,
            SimTime::ZERO,
            "the first frame only sets the reference"
        );
        c.frame(1100.0, until);
        assert_eq!(c.t, SimTime::from_millis(1000), "100 ms at 10x");
        // A long gap (background tab) counts as 250 ms.
        c.frame(9100.0, until);
        assert_eq!(c.t, SimTime::from_millis(3500));
        c.set_speed(100.0);
        assert_eq!(
            c.frame(9200.0, until),
            Step::Ended(SimTime::from_millis(3500))
        );
        assert_eq!(c.t, until);
        assert!(!c.playing);
        assert_eq!(c.frame(9300.0, until), Step::Idle);
        // Play again from the end restarts.
        c.toggle(until);
        assert!(c.playing);
        assert_eq!(c.t, SimTime::ZERO);
    }

    #[test]
    fn seeking_pauses_and_stays_within_the_run() {
        let until = SimTime::from_secs(10);
        let mut c = Clock::new(true);
        c.seek(SimTime::from_secs(99), until);
        assert_eq!((c.t, c.playing), (until, false));
        c.set_playing(true, until);
        c.jump(SimTime::from_secs(4), until);
        assert_eq!((c.t, c.playing), (SimTime::from_secs(4), true));
        c.set_speed(1000.0);
        assert_eq!(c.speed, 100.0);
        c.set_speed(0.0);
        assert_eq!(c.speed, 0.25);
    }
}
