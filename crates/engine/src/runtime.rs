//! The seam to the container runtime model. The engine drives processes only through this
//! trait; [`podlife_runtime::PodRuntime`] implements it, and engine unit tests use a scripted
//! fake so they do not depend on the model's inference.

use podlife_runtime::{
    ExecId, Explanation, LogLine, PodRuntime, RuntimeEvent, Signal, StartFailure,
};

use crate::kubelet::prober::handlers;
pub use crate::kubelet::prober::results::{ProbeOutcome, ProbeResult};
use podlife_spec::{LifecycleHandler, ProbeHandler, ServiceRef, SimTime};

pub trait Runtime {
    fn start(
        &mut self,
        now: SimTime,
        container: &str,
        restart_count: u32,
    ) -> Result<(), StartFailure>;
    fn signal(&mut self, now: SimTime, container: &str, signal: Signal);
    fn is_running(&self, container: &str) -> bool;
    fn next_wakeup(&self) -> Option<SimTime>;
    fn advance(&mut self, now: SimTime) -> Vec<RuntimeEvent>;
    fn probe(
        &mut self,
        now: SimTime,
        container: &str,
        handler: &ProbeHandler,
        timeout: SimTime,
    ) -> ProbeOutcome;
    /// A promise that probes with `handler` give the outcome the last one gave, with no side
    /// effect, at every instant from `now` until the returned time (exclusive) — as long as
    /// [`Runtime::probe_token`] of the container stays the returned token. `None`: no promise.
    /// The engine uses it to skip steady probe ticks (accounting them as if each had run).
    fn probe_stable_until(
        &self,
        _now: SimTime,
        _container: &str,
        _handler: &ProbeHandler,
    ) -> Option<(SimTime, u128)> {
        None
    }
    /// Changes whenever anything a probe of `container` could observe may have changed.
    fn probe_token(&self, _container: &str) -> u128 {
        0
    }
    /// `Some(n)`: while `n` stays the same, [`Runtime::probe_token`] of every container stays
    /// the same. `None`: no such promise (ask each container).
    fn probe_epoch(&self) -> Option<u64> {
        None
    }
    fn start_hook(&mut self, now: SimTime, container: &str, handler: &LifecycleHandler) -> ExecId;
    fn start_exec(&mut self, now: SimTime, container: &str, command: &[String]) -> ExecId;
    fn abort_exec(&mut self, now: SimTime, id: ExecId);
    fn set_service(&mut self, now: SimTime, service: &ServiceRef, exists: bool);
    fn logs(&self) -> Vec<LogLine>;
    fn explain(&self) -> Vec<Explanation>;
    /// What the pod ran that this build leaves out (`Trace::not_in_build`).
    fn not_in_build(&self) -> Vec<&'static str> {
        Vec::new()
    }
    /// The termination message the kubelet reads for `container`'s instance that just exited
    /// with `exit_code` (its terminationMessagePath file, or the log tail under
    /// FallbackToLogsOnError; §3.11). Asked when the exit is reported, before a restart.
    fn termination_message(&self, _container: &str, _exit_code: i32) -> Option<String> {
        None
    }
}

impl Runtime for PodRuntime {
    fn start(
        &mut self,
        now: SimTime,
        container: &str,
        restart_count: u32,
    ) -> Result<(), StartFailure> {
        PodRuntime::start(self, now, container, restart_count)
    }
    fn signal(&mut self, now: SimTime, container: &str, signal: Signal) {
        PodRuntime::signal(self, now, container, signal)
    }
    fn is_running(&self, container: &str) -> bool {
        PodRuntime::is_running(self, container)
    }
    fn next_wakeup(&self) -> Option<SimTime> {
        PodRuntime::next_wakeup(self)
    }
    fn advance(&mut self, now: SimTime) -> Vec<RuntimeEvent> {
        PodRuntime::advance(self, now)
    }
    fn probe(
        &mut self,
        now: SimTime,
        container: &str,
        handler: &ProbeHandler,
        timeout: SimTime,
    ) -> ProbeOutcome {
        // The model answers what the process or port does; the kubelet's rules make it a
        // probe result.
        handlers::probe(self, now, container, handler, timeout)
    }
    fn probe_stable_until(
        &self,
        _now: SimTime,
        container: &str,
        handler: &ProbeHandler,
    ) -> Option<(SimTime, u128)> {
        self.probe_settled(container, handler)
            .then(|| (SimTime(u64::MAX), self.probe_token(container)))
    }
    fn probe_token(&self, container: &str) -> u128 {
        PodRuntime::probe_token(self, container)
    }
    fn probe_epoch(&self) -> Option<u64> {
        Some(PodRuntime::probe_epoch(self))
    }
    fn start_hook(&mut self, now: SimTime, container: &str, handler: &LifecycleHandler) -> ExecId {
        PodRuntime::start_hook(self, now, container, handler)
    }
    fn start_exec(&mut self, now: SimTime, container: &str, command: &[String]) -> ExecId {
        PodRuntime::start_exec(self, now, container, command)
    }
    fn abort_exec(&mut self, now: SimTime, id: ExecId) {
        PodRuntime::abort_exec(self, now, id)
    }
    fn set_service(&mut self, now: SimTime, service: &ServiceRef, exists: bool) {
        PodRuntime::set_service(self, now, service, exists)
    }
    fn logs(&self) -> Vec<LogLine> {
        PodRuntime::logs(self).to_vec()
    }
    fn explain(&self) -> Vec<Explanation> {
        PodRuntime::explain(self)
    }
    fn not_in_build(&self) -> Vec<&'static str> {
        PodRuntime::not_in_build(self).to_vec()
    }
    fn termination_message(&self, container: &str, exit_code: i32) -> Option<String> {
        PodRuntime::termination_message(self, container, exit_code)
    }
}

/// The engine's handle on a runtime: forwards every call, and remembers `next_wakeup` until
/// the next mutating call. The engine asks for it several times per instant (timer table,
/// runtime advance); only a call that can change the runtime's state can change the answer.
pub(crate) struct Memo<R> {
    inner: R,
    wake: std::cell::Cell<Option<Option<SimTime>>>,
}

impl<R: Runtime> Memo<R> {
    pub(crate) fn new(inner: R) -> Memo<R> {
        Memo {
            inner,
            wake: std::cell::Cell::new(None),
        }
    }

    fn touch(&mut self) -> &mut R {
        self.wake.set(None);
        &mut self.inner
    }
}

impl<R: Runtime> Runtime for Memo<R> {
    fn start(
        &mut self,
        now: SimTime,
        container: &str,
        restart_count: u32,
    ) -> Result<(), StartFailure> {
        self.touch().start(now, container, restart_count)
    }
    fn signal(&mut self, now: SimTime, container: &str, signal: Signal) {
        self.touch().signal(now, container, signal);
    }
    fn is_running(&self, container: &str) -> bool {
        self.inner.is_running(container)
    }
    fn next_wakeup(&self) -> Option<SimTime> {
        if let Some(w) = self.wake.get() {
            return w;
        }
        let w = self.inner.next_wakeup();
        self.wake.set(Some(w));
        w
    }
    fn advance(&mut self, now: SimTime) -> Vec<RuntimeEvent> {
        self.touch().advance(now)
    }
    fn probe(
        &mut self,
        now: SimTime,
        container: &str,
        handler: &ProbeHandler,
        timeout: SimTime,
    ) -> ProbeOutcome {
        self.touch().probe(now, container, handler, timeout)
    }
    fn probe_stable_until(
        &self,
        now: SimTime,
        container: &str,
        handler: &ProbeHandler,
    ) -> Option<(SimTime, u128)> {
        self.inner.probe_stable_until(now, container, handler)
    }
    fn probe_token(&self, container: &str) -> u128 {
        self.inner.probe_token(container)
    }
    fn probe_epoch(&self) -> Option<u64> {
        self.inner.probe_epoch()
    }
    fn start_hook(&mut self, now: SimTime, container: &str, handler: &LifecycleHandler) -> ExecId {
        self.touch().start_hook(now, container, handler)
    }
    fn start_exec(&mut self, now: SimTime, container: &str, command: &[String]) -> ExecId {
        self.touch().start_exec(now, container, command)
    }
    fn abort_exec(&mut self, now: SimTime, id: ExecId) {
        self.touch().abort_exec(now, id);
    }
    fn set_service(&mut self, now: SimTime, service: &ServiceRef, exists: bool) {
        self.touch().set_service(now, service, exists);
    }
    fn logs(&self) -> Vec<LogLine> {
        self.inner.logs()
    }
    fn explain(&self) -> Vec<Explanation> {
        self.inner.explain()
    }
    fn not_in_build(&self) -> Vec<&'static str> {
        self.inner.not_in_build()
    }
    fn termination_message(&self, container: &str, exit_code: i32) -> Option<String> {
        self.inner.termination_message(container, exit_code)
    }
}
