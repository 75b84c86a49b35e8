//! The pod lifecycle event generator (the kubelet's pleg/generic.go): it relists container
//! state at every whole second of pod time, and a change at time x is noticed by the first
//! relist strictly after x (rules §0.2); any change is a PLEG event, which triggers a sync.

use podlife_spec::SimTime;

use crate::kubelet::container::Containers;
use crate::sim::clock::next_whole_second_after;
use crate::sim::recorder::Recorder;

pub(crate) struct Pleg {
    /// The earliest container-state change not yet relisted.
    changed_since: Option<SimTime>,
}

impl Pleg {
    pub(crate) fn new() -> Pleg {
        Pleg {
            changed_since: None,
        }
    }

    /// Container state changed at `at`.
    pub(crate) fn notice(&mut self, at: SimTime) {
        self.changed_since.get_or_insert(at);
    }

    /// The kubelet restarted: the next relist sees everything as changed since `now`.
    pub(crate) fn restart(&mut self, now: SimTime) {
        self.changed_since = Some(now);
    }

    /// The next relist that has something to report.
    pub(crate) fn next_relist(&self) -> Option<SimTime> {
        self.changed_since.map(next_whole_second_after)
    }

    /// Relists if one is due at `now`: exits that happened before `now` become known to the
    /// kubelet. Returns whether a relist happened (a PLEG event: the pod worker syncs).
    pub(crate) fn relist(
        &mut self,
        now: SimTime,
        containers: &mut Containers,
        recorder: &mut Recorder,
    ) -> bool {
        let Some(changed) = self.changed_since else {
            return false;
        };
        if next_whole_second_after(changed) > now {
            return false;
        }
        let mut later: Option<SimTime> = None;
        for slot in &mut containers.slots {
            for instance in &mut slot.instances {
                if let (Some(e), false) = (&instance.exit, instance.exit_seen) {
                    if e.at < now {
                        instance.exit_seen = true;
                    } else {
                        later = Some(later.map_or(e.at, |l: SimTime| l.min(e.at)));
                    }
                }
            }
        }
        self.changed_since = later;
        recorder.mark(now, "relist", None, String::new());
        true
    }
}
