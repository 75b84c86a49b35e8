//! Restart back-off and image-pull back-off: the kubelet's `flowcontrol.Backoff` (§6.2, §10.6).
//! Deterministic: no jitter (the kubelet's CrashLoopBackOff has none, §6.2).

use std::borrow::Borrow;

use podlife_spec::SimTime;

#[derive(Clone, Copy, Debug)]
struct Entry {
    backoff_ms: u64,
    last_update: SimTime,
}

#[derive(Clone, Debug)]
pub struct Backoff<K: Ord> {
    initial_ms: u64,
    max_ms: u64,
    /// An entry older than this (event time − lastUpdate) counts as expired.
    expire_ms: u64,
    /// One entry per key (a container, an image: a short list, searched in order; a
    /// `BTreeMap` per key type would add two tree instances to the app).
    entries: Vec<(K, Entry)>,
}

impl<K: Ord + Clone> Backoff<K> {
    /// CrashLoopBackOff: 10 s doubling to 300 s, reset after 600 s (§6.2).
    pub fn crash_loop() -> Self {
        Backoff {
            initial_ms: 10_000,
            max_ms: 300_000,
            expire_ms: 600_000,
            entries: Vec::new(),
        }
    }
    /// Image pull back-off: 10 s doubling to 300 s; client-go's default expiry 2 × max (§10.6).
    pub fn image_pull() -> Self {
        Backoff {
            initial_ms: 10_000,
            max_ms: 300_000,
            expire_ms: 600_000,
            entries: Vec::new(),
        }
    }

    fn entry<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&Entry>
    where
        K: Borrow<Q>,
    {
        self.entries
            .iter()
            .find(|(k, _)| k.borrow() == key)
            .map(|(_, e)| e)
    }

    fn expired(&self, e: &Entry, event_time: SimTime) -> bool {
        event_time.as_millis() > e.last_update.as_millis() + self.expire_ms
    }

    /// `IsInBackOffSince(key, since)`: now − since < current back-off (§6.3 step 2).
    pub fn in_backoff_since<Q: Ord + ?Sized>(&self, key: &Q, since: SimTime, now: SimTime) -> bool
    where
        K: Borrow<Q>,
    {
        match self.entry(key) {
            Some(e) if !self.expired(e, now) => {
                now.saturating_sub(since).as_millis() < e.backoff_ms
            }
            _ => false,
        }
    }

    /// Current back-off of `key` in ms (0 if none).
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> u64
    where
        K: Borrow<Q>,
    {
        self.entry(key).map(|e| e.backoff_ms).unwrap_or(0)
    }

    /// `Next(key, eventTime)`: new or expired entry → initial; else double, capped (§6.3 step 3).
    pub fn next(&mut self, key: &K, event_time: SimTime, now: SimTime) {
        let fresh = match self.entry(key) {
            None => true,
            Some(e) => self.expired(e, event_time),
        };
        let backoff_ms = if fresh {
            self.initial_ms
        } else {
            let cur = self.entry(key).map(|e| e.backoff_ms).unwrap_or(0);
            (cur.saturating_mul(2)).min(self.max_ms)
        };
        let entry = Entry {
            backoff_ms,
            last_update: now,
        };
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some((_, e)) => *e = entry,
            None => self.entries.push((key.clone(), entry)),
        }
    }

    /// Time of the last `next` for `key`.
    pub fn last_update<Q: Ord + ?Sized>(&self, key: &Q) -> Option<SimTime>
    where
        K: Borrow<Q>,
    {
        self.entry(key).map(|e| e.last_update)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn t(s: u64) -> SimTime {
        SimTime::from_secs(s)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn crash_loop_curve_6_4() {
        let mut b: Backoff<u32> = Backoff::crash_loop();
        // crash #1: no entry → not in back-off, start now.
        assert!(!b.in_backoff_since(&0, t(10), t(11)));
        b.next(&0, t(10), t(11));
        assert_eq!(b.get(&0), 10_000);
        // crash #2 at 13 → in back-off until 23.
        assert!(b.in_backoff_since(&0, t(13), t(14)));
        assert!(!b.in_backoff_since(&0, t(13), t(23)));
        b.next(&0, t(13), t(23));
        assert_eq!(b.get(&0), 20_000);
        for expect in [40_000, 80_000, 160_000, 300_000, 300_000] {
            b.next(&0, t(30), t(30));
            assert_eq!(b.get(&0), expect);
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn resets_after_600s_6_4() {
        let mut b: Backoff<u32> = Backoff::crash_loop();
        b.next(&0, t(0), t(0));
        b.next(&0, t(5), t(15));
        assert_eq!(b.get(&0), 20_000);
        // ran 700 s after the last restart: expired → not in back-off, next gap 10 s again.
        assert!(!b.in_backoff_since(&0, t(715), t(716)));
        b.next(&0, t(715), t(716));
        assert_eq!(b.get(&0), 10_000);
    }
}
