//! The pod sandbox (RunPodSandbox / StopPodSandbox in kuberuntime): its readiness feeds the
//! PodReadyToStartContainers condition (rules §2.2); its IP is the pod IP.

use podlife_spec::{Scenario, SimTime};

use crate::ids::fnv64;
use crate::kubelet::pleg::Pleg;
use crate::sim::recorder::Recorder;

/// Sandbox creation takes this long (a model constant).
const RUN_POD_SANDBOX_MS: u64 = 1000;

/// The pod IP the engine assigns (deterministic from the pod's UID).
pub fn pod_ip_for(scenario: &Scenario) -> String {
    let h = fnv64(&[&scenario.pod.uid, &scenario.pod.name]);
    format!("10.244.1.{}", 2 + h % 250)
}

pub(crate) struct Sandbox {
    pub(crate) ready: bool,
    /// A sandbox was created at some point: the pod has an IP from then on.
    pub(crate) ever_created: bool,
    pub(crate) ip: Option<String>,
}

impl Sandbox {
    pub(crate) fn new(ip: String) -> Sandbox {
        Sandbox {
            ready: false,
            ever_created: false,
            ip: Some(ip),
        }
    }

    /// Drives RunPodSandbox: `done` is when the running creation finishes (none yet: it
    /// starts now). Returns the instant to wait for, or `None` once the sandbox is ready.
    pub(crate) fn create(
        &mut self,
        done: &mut Option<SimTime>,
        now: SimTime,
        recorder: &mut Recorder,
        pleg: &mut Pleg,
    ) -> Option<SimTime> {
        match *done {
            None => {
                *done = Some(now + SimTime::from_millis(RUN_POD_SANDBOX_MS));
                recorder.span_open(now, "sandbox", None, "RunPodSandbox".into());
                *done
            }
            Some(d) if d <= now => {
                self.ready = true;
                self.ever_created = true;
                recorder.span_close(now, "sandbox", None);
                pleg.notice(now);
                None
            }
            Some(d) => Some(d),
        }
    }

    /// StopPodSandbox.
    pub(crate) fn stop(&mut self, now: SimTime, pleg: &mut Pleg) {
        if self.ready {
            self.ready = false;
            pleg.notice(now);
        }
    }
}
