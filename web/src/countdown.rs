//! The termination countdown: for every container the kubelet stops (a delete, a failed
//! liveness or startup probe, a failed postStart hook, an active deadline), the grace period
//! counting down from the `Killing` event across the preStop hook, then SIGTERM, then the
//! 2-second minimum or SIGKILL, up to the container's end (kubelet killContainer, rules §8.5,
//! §9.2–§9.5). Every instant comes from the trace: the `Killing` event, the `preStop` span,
//! the `SIGTERM` mark (with the grace it gave the runtime), the `SIGKILL` mark, the
//! container's `finishedAt`. Only the grace period the kill started with is read from the
//! objects (the deletion's `deletionGracePeriodSeconds`, or the probe's or pod's
//! `terminationGracePeriodSeconds`); tests check it against those trace instants.

use podlife_engine::Trace;
use podlife_spec::SimTime;
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::types::{class_names, secs_text};

/// The runtime's stop timeout is never below this (kubelet `minimumGracePeriodInSeconds`).
pub const MIN_GRACE_MS: u64 = 2000;
/// A restart's countdown stays on screen this long after the container ended.
const LINGER_MS: u64 = 5000;

/// Why the kubelet stops the container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The pod is being deleted (`kubectl delete`, an eviction).
    Delete,
    /// The pod's own end: a terminal phase or `activeDeadlineSeconds`.
    PodStop,
    Liveness,
    Startup,
    PostStart,
}

/// One container's stop, as the trace recorded it.
#[derive(Clone, Debug, PartialEq)]
pub struct Kill {
    pub container: String,
    pub cause: Cause,
    /// The `Killing` event.
    pub start: SimTime,
    /// The grace period the kill started with.
    pub grace_ms: u64,
    /// The preStop hook's start and end (open: still running at the end of the trace).
    pub pre_stop: Option<(SimTime, Option<SimTime>)>,
    /// SIGTERM and the stop timeout the runtime got (what was left of the grace period, but at
    /// least [`MIN_GRACE_MS`]).
    pub sigterm: Option<(SimTime, u64)>,
    pub sigkill: Option<SimTime>,
    /// When the process was gone (its `finishedAt`), if within the trace.
    pub end: Option<SimTime>,
    pub exit_code: Option<i32>,
}

/// Where a stop is at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    PreStop,
    /// A sidecar waits for the regular containers (and later sidecars) to stop first.
    Waiting,
    Sigterm,
    /// The grace period is used up: SIGTERM went with the 2-second minimum before SIGKILL.
    Minimum,
    Sigkill,
    Stopped,
}

impl Kill {
    /// The grace period left when the preStop hook ended: the kubelet subtracts the hook's
    /// whole seconds (§8.5), and nothing when it ran into the grace period (§9.5).
    fn grace_after_pre_stop(&self) -> u64 {
        match self.pre_stop {
            Some((s, Some(e))) => {
                let secs = e.saturating_sub(s).whole_secs() * 1000;
                self.grace_ms.saturating_sub(secs)
            }
            _ => self.grace_ms,
        }
    }

    /// When the preStop hook ended, or the kill started when there is none.
    fn after_pre_stop(&self) -> SimTime {
        match self.pre_stop {
            Some((_, Some(e))) => e,
            Some((_, None)) => SimTime::from_millis(u64::MAX),
            None => self.start,
        }
    }

    /// Whether SIGTERM went with the 2-second minimum (nothing left of the grace period).
    pub fn minimum(&self) -> bool {
        match self.sigterm {
            Some((t1, timeout)) => {
                let left = self
                    .grace_after_pre_stop()
                    .saturating_sub(t1.saturating_sub(self.after_pre_stop()).as_millis());
                timeout == MIN_GRACE_MS && left < MIN_GRACE_MS
            }
            None => false,
        }
    }

    /// The phase at `t` (`t` at or after the start) and the milliseconds left of it: of the
    /// grace period before SIGTERM, of the stop timeout after it.
    pub fn at(&self, t: SimTime) -> (Phase, u64) {
        if self.end.is_some_and(|e| t >= e) {
            return (Phase::Stopped, 0);
        }
        if let Some(k) = self.sigkill.filter(|k| t >= *k) {
            let _ = k;
            return (Phase::Sigkill, 0);
        }
        if let Some((t1, timeout)) = self.sigterm.filter(|(t1, _)| t >= *t1) {
            let left = timeout.saturating_sub(t.saturating_sub(t1).as_millis());
            let phase = if self.minimum() {
                Phase::Minimum
            } else {
                Phase::Sigterm
            };
            return (phase, left);
        }
        let after = self.after_pre_stop();
        if t < after {
            let left = self
                .grace_ms
                .saturating_sub(t.saturating_sub(self.start).as_millis());
            return (Phase::PreStop, left);
        }
        let left = self
            .grace_after_pre_stop()
            .saturating_sub(t.saturating_sub(after).as_millis());
        (Phase::Waiting, left)
    }
}

/// `spec.containers{web}` → `web`.
fn object_container(object: &str) -> Option<&str> {
    let open = object.find('{')?;
    object.get(open + 1..object.len().checked_sub(1)?)
}

fn secs_ms(s: i64) -> u64 {
    u64::try_from(s).unwrap_or(0).saturating_mul(1000)
}

/// Every container stop in the trace, in the order they started.
pub fn kills(trace: &Trace) -> Vec<Kill> {
    let spec = &trace.scenario.pod.spec;
    let mut out: Vec<Kill> = Vec::new();
    for e in trace.events.iter().filter(|e| e.reason == "Killing") {
        let Some(name) = object_container(&e.object) else {
            continue;
        };
        let Some(c) = spec
            .init_containers
            .iter()
            .chain(spec.containers.iter())
            .find(|c| c.name == name)
        else {
            continue;
        };
        let frame = trace.frame_at(e.time);
        let (cause, grace_s) = if e.message.contains("failed liveness probe") {
            let p = c.liveness_probe.as_ref();
            (
                Cause::Liveness,
                p.and_then(|p| p.termination_grace_period_seconds)
                    .unwrap_or(spec.termination_grace_period_seconds),
            )
        } else if e.message.contains("failed startup probe") {
            let p = c.startup_probe.as_ref();
            (
                Cause::Startup,
                p.and_then(|p| p.termination_grace_period_seconds)
                    .unwrap_or(spec.termination_grace_period_seconds),
            )
        } else if e.message == "FailedPostStartHook" {
            (Cause::PostStart, spec.termination_grace_period_seconds)
        } else {
            // A deletion's grace period, which the kubelet never lets below one second (§9.2).
            match frame.and_then(|f| f.deletion_grace_period_seconds) {
                Some(g) => (Cause::Delete, g.max(1)),
                None => (Cause::PodStop, spec.termination_grace_period_seconds),
            }
        };
        // This kill's records: from its start up to the next kill of the same container.
        let next = trace
            .events
            .iter()
            .filter(|x| x.reason == "Killing" && x.time > e.time && x.object == e.object)
            .map(|x| x.time)
            .next()
            .unwrap_or(SimTime::from_millis(u64::MAX));
        let mine = |c: &Option<String>| c.as_deref() == Some(name);
        let pre_stop = trace
            .spans
            .iter()
            .find(|s| s.kind == "preStop" && mine(&s.container) && s.start == e.time)
            .map(|s| (s.start, s.end));
        let sigterm = trace
            .marks
            .iter()
            .find(|m| {
                m.kind == "SIGTERM" && mine(&m.container) && m.time >= e.time && m.time < next
            })
            .map(|m| {
                let timeout = m
                    .detail
                    .strip_prefix("grace ")
                    .and_then(|g| podlife_spec::parse_duration(g).ok())
                    .map(|g| g.as_millis())
                    .unwrap_or(MIN_GRACE_MS);
                (m.time, timeout)
            });
        let sigkill = trace
            .marks
            .iter()
            .find(|m| {
                m.kind == "SIGKILL" && mine(&m.container) && m.time >= e.time && m.time < next
            })
            .map(|m| m.time);
        // The instance's end: the first status after the start that shows it terminated.
        let ended = trace
            .frames
            .iter()
            .filter(|f| f.time >= e.time)
            .find_map(|f| {
                let s = f.containers.iter().find(|s| &*s.name == name)?;
                if s.state == "terminated" {
                    return s
                        .finished_at
                        .filter(|x| *x >= e.time)
                        .map(|x| (x, s.exit_code));
                }
                s.last_state
                    .as_ref()
                    .filter(|l| l.finished_at >= e.time)
                    .map(|l| (l.finished_at, Some(l.exit_code)))
            });
        out.push(Kill {
            container: name.to_string(),
            cause,
            start: e.time,
            grace_ms: secs_ms(grace_s),
            pre_stop,
            sigterm,
            sigkill,
            end: ended.map(|x| x.0),
            exit_code: ended.and_then(|x| x.1),
        });
    }
    out
}

/// The stops to show at `t`: those under way, and for a few seconds those just ended (a pod
/// deletion's stay until the end). Sidecars stop after the regular containers, later sidecars
/// first: shown in the order they stop.
pub fn showing(kills: &[Kill], t: SimTime) -> Vec<&Kill> {
    let mut v: Vec<&Kill> = kills
        .iter()
        .filter(|k| k.start <= t)
        .filter(|k| {
            matches!(k.cause, Cause::Delete | Cause::PodStop)
                || k.end
                    .is_none_or(|e| t < e.saturating_add(SimTime::from_millis(LINGER_MS)))
        })
        .collect();
    // Only the newest group of stops that began together (a later restart replaces an older).
    if let Some(latest) = v.iter().map(|k| k.start).max() {
        let window = SimTime::from_secs(1);
        let under_way = |k: &&Kill| k.end.is_none_or(|e| t < e);
        if v.iter().any(under_way) {
            v.retain(|k| under_way(k) || k.start.saturating_add(window) >= latest);
        } else {
            v.retain(|k| k.start.saturating_add(window) >= latest);
        }
    }
    podlife_spec::sort::sort_by_key(&mut v, |k| {
        k.sigterm
            .map(|s| s.0)
            .or(k.end)
            .unwrap_or(SimTime::from_millis(u64::MAX))
    });
    v
}

/// The most containers ever shown at once in this run (the countdown's reserved rows).
pub fn max_rows(kills: &[Kill]) -> usize {
    let mut starts: Vec<SimTime> = kills.iter().map(|k| k.start).collect();
    starts.dedup();
    starts
        .iter()
        .map(|t| showing(kills, *t).len())
        .chain(
            kills
                .iter()
                .filter_map(|k| k.sigterm)
                .map(|s| showing(kills, s.0).len()),
        )
        .max()
        .unwrap_or(0)
}

fn seconds(ms: u64) -> String {
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}

fn cause_text(k: &Kill, lang: Lang) -> String {
    let at = secs_text(k.start);
    let grace = k.grace_ms / 1000;
    match (k.cause, lang) {
        (Cause::Delete, Lang::En) => format!("Pod deleted at {at} s · grace period {grace} s"),
        (Cause::Delete, Lang::Zh) => zh_format!(
            "Pod 于 {at} 秒被删除 · 宽限期 {grace} 秒",
            at = at,
            grace = grace
        ),
        (Cause::PodStop, Lang::En) => format!("Pod stopping at {at} s · grace period {grace} s"),
        (Cause::PodStop, Lang::Zh) => zh_format!(
            "Pod 于 {at} 秒停止 · 宽限期 {grace} 秒",
            at = at,
            grace = grace
        ),
        (Cause::Liveness, Lang::En) => {
            format!("Liveness probe failed at {at} s: restart · grace period {grace} s")
        }
        (Cause::Liveness, Lang::Zh) => zh_format!(
            "存活探针于 {at} 秒失败：重启 · 宽限期 {grace} 秒",
            at = at,
            grace = grace
        ),
        (Cause::Startup, Lang::En) => {
            format!("Startup probe failed at {at} s: restart · grace period {grace} s")
        }
        (Cause::Startup, Lang::Zh) => zh_format!(
            "启动探针于 {at} 秒失败：重启 · 宽限期 {grace} 秒",
            at = at,
            grace = grace
        ),
        (Cause::PostStart, Lang::En) => {
            format!("postStart hook failed at {at} s · grace period {grace} s")
        }
        (Cause::PostStart, Lang::Zh) => {
            zh_format!(
                "postStart 钩子于 {at} 秒失败 · 宽限期 {grace} 秒",
                at = at,
                grace = grace
            )
        }
    }
}

/// The phase's name and what the seconds left mean, for one container at `t`.
fn phase_text(k: &Kill, t: SimTime, lang: Lang) -> (Phase, String) {
    let (phase, left) = k.at(t);
    let left = seconds(left);
    let text = match (phase, lang) {
        (Phase::PreStop, Lang::En) => format!("preStop hook · {left} s left of the grace period"),
        (Phase::PreStop, Lang::Zh) => {
            zh_format!("preStop 钩子 · 宽限期剩余 {left} 秒", left = left)
        }
        (Phase::Waiting, Lang::En) => {
            format!("waiting for the app containers · {left} s left of the grace period")
        }
        (Phase::Waiting, Lang::Zh) => {
            zh_format!("等待应用容器停止 · 宽限期剩余 {left} 秒", left = left)
        }
        (Phase::Sigterm, Lang::En) => format!("SIGTERM · {left} s left of the grace period"),
        (Phase::Sigterm, Lang::Zh) => zh_format!("SIGTERM · 宽限期剩余 {left} 秒", left = left),
        (Phase::Minimum, Lang::En) => {
            format!("SIGTERM · grace period used up · {left} s left of the 2 s minimum")
        }
        (Phase::Minimum, Lang::Zh) => {
            zh_format!(
                "SIGTERM · 宽限期已用完 · 2 秒最短期限剩余 {left} 秒",
                left = left
            )
        }
        (Phase::Sigkill, Lang::En) => "SIGKILL · 0.0 s left".to_string(),
        (Phase::Sigkill, Lang::Zh) => zh!("SIGKILL · 剩余 0.0 秒").to_string(),
        (Phase::Stopped, _) => {
            let code = k.exit_code.map(|c| c.to_string()).unwrap_or_default();
            let killed = k.sigkill.map(|x| match lang {
                Lang::En => format!("SIGKILL at {} s · ", secs_text(x)),
                Lang::Zh => zh_format!("{at} 秒 SIGKILL · ", at = secs_text(x)),
            });
            let killed = killed.unwrap_or_default();
            match lang {
                Lang::En => format!("{killed}stopped (exit code {code})"),
                Lang::Zh => zh_format!(
                    "{killed}已停止（退出码 {code}）",
                    killed = killed,
                    code = code
                ),
            }
        }
    };
    (phase, text)
}

/// One stop told from the trace: the grace period and where it came from, the preStop hook,
/// SIGTERM with what was left (or the 2-second minimum), SIGKILL, the end.
pub fn story(k: &Kill, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let grace = k.grace_ms / 1000;
    let from = match (k.cause, zh) {
        (Cause::Delete, false) => "the deletion's grace period",
        (Cause::Delete, true) => zh!("删除请求的宽限期"),
        (Cause::Liveness | Cause::Startup, false) => {
            "the probe's terminationGracePeriodSeconds, else the pod's"
        }
        (Cause::Liveness | Cause::Startup, true) => {
            zh!("探针的 terminationGracePeriodSeconds，未设置则用 Pod 的")
        }
        (_, false) => "the pod's terminationGracePeriodSeconds",
        (_, true) => zh!("Pod 的 terminationGracePeriodSeconds"),
    };
    let mut parts = vec![if zh {
        zh_format!(
            "kubelet 于 {at} 秒停止容器 {container}，宽限期 {grace} 秒（{from}）。",
            at = secs_text(k.start),
            container = k.container,
            grace = grace,
            from = from,
        )
    } else {
        format!(
            "The kubelet stops container {} at {} s with a grace period of {grace} s ({from}).",
            k.container,
            secs_text(k.start)
        )
    }];
    if let Some((s, e)) = k.pre_stop {
        parts.push(match (e, zh) {
            (Some(e), false) => format!(
                "The preStop hook runs first, {}–{} s; its whole seconds come off the grace period{}.",
                secs_text(s),
                secs_text(e),
                if e.saturating_sub(s).as_millis() >= k.grace_ms {
                    ", and it ran into its end: the kubelet stopped waiting"
                } else {
                    ""
                }
            ),
            (Some(e), true) => zh_format!(
                "先执行 preStop 钩子（{from}–{to} 秒）；它用掉的整秒数从宽限期中扣除{ended}。",
                from = secs_text(s),
                to = secs_text(e),
                ended = if e.saturating_sub(s).as_millis() >= k.grace_ms { zh!("，且它用完了宽限期：kubelet 不再等待") } else { "" },
            ),
            (None, false) => format!("The preStop hook runs from {} s.", secs_text(s)),
            (None, true) => zh_format!("preStop 钩子从 {at} 秒开始执行。", at = secs_text(s)),
        });
    }
    if let Some((t1, n)) = k.sigterm {
        let secs = seconds(n);
        parts.push(match (k.minimum(), zh) {
            (true, false) => format!(
                "SIGTERM at {} s: nothing is left of the grace period, so the runtime gets the 2 s minimum before SIGKILL.",
                secs_text(t1)
            ),
            (true, true) => zh_format!(
                "{at} 秒发送 SIGTERM：宽限期已用完，运行时在 SIGKILL 前获得 2 秒的最短期限。",
                at = secs_text(t1),
            ),
            (false, false) => format!("SIGTERM at {} s, with {secs} s left before SIGKILL.", secs_text(t1)),
            (false, true) => zh_format!("{at} 秒发送 SIGTERM，距 SIGKILL 还剩 {secs} 秒。", at = secs_text(t1), secs = secs),
        });
    }
    if let Some(kill) = k.sigkill {
        parts.push(if zh {
            zh_format!("进程仍在运行：{at} 秒发送 SIGKILL。", at = secs_text(kill))
        } else {
            format!(
                "The process was still running: SIGKILL at {} s.",
                secs_text(kill)
            )
        });
    }
    if let Some(end) = k.end {
        let code = k.exit_code.map(|c| c.to_string()).unwrap_or_default();
        parts.push(if zh {
            zh_format!(
                "容器于 {at} 秒结束，退出码 {code}。",
                at = secs_text(end),
                code = code
            )
        } else {
            format!(
                "The container ended at {} s with exit code {code}.",
                secs_text(end)
            )
        });
    }
    parts.join(" ")
}

/// The steps of one stop as a bar: preStop, waiting, the grace after SIGTERM, the minimum,
/// with the playhead on it.
fn bar(k: &Kill, t: SimTime) -> Html {
    let end = k
        .end
        .or(k.sigkill)
        .or(k
            .sigterm
            .map(|(t1, n)| t1.saturating_add(SimTime::from_millis(n))))
        .unwrap_or(k.start.saturating_add(SimTime::from_millis(k.grace_ms)))
        .max(
            k.start
                .saturating_add(SimTime::from_millis(k.grace_ms.max(1))),
        );
    let span = end.saturating_sub(k.start).as_millis().max(1) as f64;
    let x = |at: SimTime| (at.saturating_sub(k.start).as_millis() as f64 / span * 100.0).min(100.0);
    let mut parts: Vec<(f64, f64, &str)> = Vec::new();
    if let Some((s, e)) = k.pre_stop {
        parts.push((x(s), x(e.unwrap_or(end)), "cd-hook"));
    }
    if let Some((t1, n)) = k.sigterm {
        let after = k.after_pre_stop().min(t1);
        if t1 > after {
            parts.push((x(after), x(t1), "cd-wait"));
        }
        let stop = k
            .sigkill
            .or(k.end)
            .unwrap_or(t1.saturating_add(SimTime::from_millis(n)));
        let class = if k.minimum() {
            "cd-minimum"
        } else {
            "cd-grace"
        };
        parts.push((x(t1), x(stop), class));
    }
    let now = x(t.min(end));
    html! {
        <svg class="cd-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
            <rect class="cd-bg" x="0" y="1" width="100" height="6" />
            { for parts.into_iter().map(|(a, b, class)| html! {
                <rect class={class} x={format!("{a:.2}")} y="1" width={format!("{:.2}", (b - a).max(0.3))} height="6" />
            }) }
            <rect class="cd-now" x={format!("{:.2}", (now - 0.4).max(0.0))} y="0" width="0.8" height="8" />
        </svg>
    }
}

/// The countdown box (`data-testid=countdown`): always there with the same height (`rows`: the
/// most containers this run ever stops at once), so nothing around it moves when a stop starts
/// or ends.
pub fn countdown(kills: &[Kill], t: SimTime, lang: Lang, rows: usize) -> Html {
    let shown = showing(kills, t);
    let rows = rows.max(1);
    let rows_class = format!("rows-{}", rows.min(4));
    let class = class_names(&[
        Some("wb-countdown"),
        Some(&rows_class),
        shown.is_empty().then_some("idle"),
    ]);
    html! {
        <section class={class} data-testid="countdown" role="status" aria-label={tr(lang, "termination")}>
            if let Some(first) = shown.first() {
                <p class="cd-head"><strong>{ tr(lang, "termination") }</strong>{ " · " }{ cause_text(first, lang) }</p>
                <ol class="cd-rows">
                    { for shown.iter().map(|k| {
                        let (phase, text) = phase_text(k, t, lang);
                        let class = match phase {
                            Phase::PreStop => "cd-prestop",
                            Phase::Waiting => "cd-waiting",
                            Phase::Sigterm => "cd-sigterm",
                            Phase::Minimum => "cd-min",
                            Phase::Sigkill => "cd-sigkill",
                            Phase::Stopped => "cd-stopped",
                        };
                        html! {
                            <li class={class_names(&[Some("cd-row"), Some(class)])} data-container={k.container.clone()}>
                                <span class="cd-name">{ k.container.clone() }</span>
                                { bar(k, t) }
                                <span class="cd-phase">{ text }</span>
                            </li>
                        }
                    }) }
                </ol>
            } else {
                <p class="cd-head"><strong>{ tr(lang, "termination") }</strong>{ " · " }{ tr(lang, "countdown-idle") }</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{analyse, append_action};
    use podlife_spec::ActionKind;

    /// The example: grace 10 s, a preStop that sleeps 20 s, deleted at 20 s.
    const PRESTOP: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: prestop\nspec:\n  terminationGracePeriodSeconds: 10\n  containers:\n  - name: app\n    image: busybox\n    command: [sleep, \"3600\"]\n    lifecycle:\n      preStop:\n        exec:\n          command: [sleep, \"20\"]\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  actions:\n  - at: 20s\n    delete: {}\n";

    fn at(s: f64) -> SimTime {
        SimTime::from_millis((s * 1000.0) as u64)
    }

    #[test]
    fn the_grace_period_counts_down_across_the_prestop_hook_then_the_minimum() {
        let run = analyse(PRESTOP).run.expect("valid");
        let ks = kills(&run.trace);
        assert_eq!(ks.len(), 1, "{ks:?}");
        let k = &ks[0];
        assert_eq!(k.cause, Cause::Delete);
        assert_eq!(k.start, at(20.0));
        assert_eq!(k.grace_ms, 10_000);
        assert_eq!(k.pre_stop, Some((at(20.0), Some(at(30.0)))));
        assert_eq!(k.sigterm, Some((at(30.0), 2000)));
        assert!(k.minimum());
        assert_eq!(k.at(at(25.0)), (Phase::PreStop, 5000));
        assert_eq!(k.at(at(29.9)), (Phase::PreStop, 100));
        assert_eq!(k.at(at(30.0)), (Phase::Minimum, 2000));
        assert_eq!(k.at(at(31.5)), (Phase::Minimum, 500));
        assert_eq!(k.sigkill, Some(at(32.0)));
        // SIGKILL ends the process at once.
        assert_eq!(k.end, Some(at(32.0)));
        assert_eq!(k.at(at(32.0)).0, Phase::Stopped);
        let (_, text) = phase_text(k, at(25.0), Lang::En);
        assert_eq!(text, "preStop hook · 5.0 s left of the grace period");
        let (_, text) = phase_text(k, at(31.0), Lang::En);
        assert_eq!(
            text,
            "SIGTERM · grace period used up · 1.0 s left of the 2 s minimum"
        );
        assert_eq!(
            phase_text(k, at(40.0), Lang::En).1,
            "SIGKILL at 32.0 s · stopped (exit code 137)"
        );
    }

    /// The trace's own instants agree with the grace period the page starts from: preStop
    /// never outlasts it, SIGTERM gives what is left (whole seconds of the hook subtracted,
    /// at least 2 s), SIGKILL follows when that runs out.
    fn consistent(trace: &Trace, what: &str) {
        for k in kills(trace) {
            if let Some((s, Some(e))) = k.pre_stop {
                assert!(
                    e.saturating_sub(s).as_millis() <= k.grace_ms,
                    "{what}: preStop outlasts the grace period: {k:?}"
                );
            }
            if let Some((t1, timeout)) = k.sigterm {
                let left = k
                    .grace_after_pre_stop()
                    .saturating_sub(t1.saturating_sub(k.after_pre_stop()).as_millis());
                assert_eq!(timeout, left.max(MIN_GRACE_MS), "{what}: {k:?}");
                if let Some(kill) = k.sigkill {
                    assert_eq!(
                        kill,
                        t1.saturating_add(SimTime::from_millis(timeout)),
                        "{what}: {k:?}"
                    );
                }
            }
            // The countdown never runs backwards while a phase lasts.
            let mut last: Option<(Phase, u64)> = None;
            let stop = k.end.unwrap_or(trace.until).min(trace.until);
            let mut t = k.start;
            while t <= stop {
                let now = k.at(t);
                if let Some((p, left)) = last {
                    if p == now.0 {
                        assert!(now.1 <= left, "{what}: {k:?} at {t}");
                    }
                }
                last = Some(now);
                t = t.saturating_add(SimTime::from_millis(250));
            }
        }
    }

    #[test]
    fn the_page_grace_period_matches_the_engines_instants_for_every_example() {
        for ex in crate::gallery::EXAMPLES {
            let Some(run) = analyse(ex.text).run else {
                continue;
            };
            consistent(&run.trace, ex.id);
            for (secs, grace, force) in
                [(20, None, false), (45, Some(5), false), (70, Some(0), true)]
            {
                let text = append_action(
                    ex.text,
                    SimTime::from_secs(secs),
                    &ActionKind::Delete {
                        grace_period_seconds: grace,
                        force,
                    },
                );
                if let Some(run) = analyse(&text).run {
                    consistent(&run.trace, &format!("{} deleted at {secs}s", ex.id));
                }
            }
        }
    }

    #[test]
    fn liveness_kills_use_the_pods_grace_and_linger_briefly() {
        let run = analyse(crate::DEFAULT_EXAMPLE).run.expect("valid");
        let ks = kills(&run.trace);
        let first = ks.first().expect("a liveness kill");
        assert_eq!(first.cause, Cause::Liveness);
        assert_eq!(first.grace_ms, 30_000);
        let (t1, timeout) = first.sigterm.expect("SIGTERM");
        assert_eq!(t1, first.start);
        assert_eq!(timeout, 30_000);
        assert_eq!(showing(&ks, first.start).len(), 1);
        let end = first.end.expect("ends");
        assert_eq!(
            showing(&ks, end.saturating_add(SimTime::from_secs(4))).len(),
            1
        );
        assert!(showing(&ks, end.saturating_add(SimTime::from_secs(6))).is_empty());
        assert_eq!(max_rows(&ks), 1);
    }
}
