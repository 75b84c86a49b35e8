//! The user's actions (the scenario's `actions`): `kubectl exec`, `kubectl delete`,
//! creating and removing Services, taking the node down and up.

use podlife_spec::ActionKind;

use super::Sim;
use crate::runtime::Runtime;

impl<R: Runtime> Sim<R> {
    /// Runs every action due by now. Returns whether any ran.
    pub(super) fn run_actions(&mut self) -> bool {
        let mut did = false;
        while let Some(action) = self
            .scenario
            .setup
            .actions
            .get(self.next_action)
            .filter(|a| a.at <= self.now)
            .cloned()
        {
            self.next_action += 1;
            did = true;
            match action.kind {
                ActionKind::Exec { container, command } => {
                    let pod = &self.scenario.pod;
                    let result = self.kubelet.execs.user_exec(
                        &mut self.runtime,
                        self.now,
                        &pod.name,
                        pod.spec.containers.first().map(|c| c.name.as_str()),
                        self.object.exists,
                        self.node.kubelet_up,
                        container,
                        command,
                    );
                    if let Some(result) = result {
                        self.recorder.execs.push(result);
                    }
                }
                ActionKind::Delete {
                    grace_period_seconds,
                    force,
                } => {
                    if !self.object.exists {
                        continue;
                    }
                    let grace = grace_period_seconds
                        .unwrap_or(self.scenario.pod.spec.termination_grace_period_seconds)
                        .max(0);
                    self.api_delete(if force { 0 } else { grace }, force);
                }
                ActionKind::CreateService(s) => self.runtime.set_service(self.now, &s, true),
                ActionKind::RemoveService(s) => self.runtime.set_service(self.now, &s, false),
                ActionKind::NodeDown => {
                    if self.node.kubelet_up && self.scheduler.node.is_some() {
                        let (kubelet, mut env) = self.parts();
                        kubelet.stop(&mut env); // the prober stops with the kubelet
                        self.node.down(self.now);
                        self.recorder
                            .mark(self.now, "node-down", None, String::new());
                    }
                }
                ActionKind::RemoveSchedulingGates { names } => {
                    // §11.8: the patch updates the object (a watch event of its own); with the
                    // last gate gone the scheduler takes the pod at once.
                    if !self.object.exists || !self.object.remove_scheduling_gates(&names) {
                        continue;
                    }
                    let generation = self.object.generation;
                    self.patch_status(|f| {
                        if f.generation.is_some() {
                            f.generation = Some(generation);
                        }
                    });
                    if self.object.scheduling_gates.is_empty() && self.object.deletion.is_none() {
                        self.try_schedule();
                    }
                }
                ActionKind::NodeUp => {
                    if !self.node.kubelet_up {
                        self.node.up();
                        self.recorder.mark(self.now, "node-up", None, String::new());
                        self.kubelet.restart(self.now);
                    }
                }
            }
        }
        did
    }
}
