//! `kubectl events --for pod/NAME` at an instant: one row per Event object (identical
//! occurrences aggregated by the kubelet's recorder, §13.4), as kubectl's event printer writes
//! it (staging/src/k8s.io/kubectl/pkg/cmd/events/event_printer.go, events.go):
//!
//! - header `LAST SEEN  TYPE  REASON  OBJECT  MESSAGE`, through the tabwriter of
//!   `printers.GetNewTabWriter` (minwidth 6, padding 3, the same as `kubectl get`);
//! - LAST SEEN: the kubelet's core/v1 Events carry no eventTime or series, so a repeated Event
//!   reads `<since lastTimestamp> (x<count> over <since firstTimestamp>)`, a single one
//!   `<since firstTimestamp>`;
//! - OBJECT is `Kind/name` (`Pod/liveness-exec`), the message is trimmed of surrounding white
//!   space and terminal-escaped (ESC → `^[`, CR → `\r`);
//! - rows sorted by lastTimestamp (whole seconds, ties in creation order);
//! - no Event: `No events found in <namespace> namespace.` (kubectl writes it to stderr).
//!
//! Versions: 1.33–1.37 print a multi-line message as it is, so its later lines break out of
//! the table (the tabwriter ends a row at a line break). Cutting the message at its first line
//! break with `...` is kubernetes/kubernetes PR 142149 (kubectl issue 1883), after 1.37: it is
//! keyed on the profile's minor in [`truncates_multiline_messages`].

use podlife_spec::SimTime;
use std::fmt::Write;

use super::describe::{event_rows, EventRow};
use super::tabwriter::TabWriter;
use crate::trace::Trace;

/// The first minor whose `kubectl events` cuts a multi-line message at its first line break.
const FIRST_MINOR_TRUNCATING: u32 = 38;

/// Whether `kubectl events` of `minor` cuts multi-line messages (see the module docs).
pub fn truncates_multiline_messages(minor: u32) -> bool {
    minor >= FIRST_MINOR_TRUNCATING
}

/// One Event of the table and where it is in the output.
#[derive(Clone, Debug, PartialEq)]
pub struct EventsRow {
    /// The aggregated Event, as describe also shows it.
    pub event: EventRow,
    /// Index in `trace.events` of the Event's latest recorded occurrence at the instant.
    pub index: Option<usize>,
    /// First output line of the row (0 is the header) and how many lines it takes (more than
    /// one when the message spans lines and the minor prints it as it is).
    pub line: usize,
    pub lines: usize,
}

/// The output of `kubectl events --for pod/NAME` at `t` and its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct EventsTable {
    /// What kubectl prints (stdout, or the stderr line when there is no Event).
    pub text: String,
    pub rows: Vec<EventsRow>,
}

/// printers.EscapeTerminal: ESC and CR are shown, not obeyed.
fn escape_terminal(s: &str) -> String {
    s.replace('\x1b', "^[").replace('\r', "\\r")
}

/// The message as the minor's event printer writes it.
fn message_cell(message: &str, minor: u32) -> String {
    let m = message.trim();
    if truncates_multiline_messages(minor) {
        if let Some(i) = m.find(['\x0c', '\n', '\r']) {
            return format!("{}...", escape_terminal(&m[..i]));
        }
    }
    escape_terminal(m)
}

/// `kubectl events --for pod/NAME` at `t` for the profile's minor.
pub fn kubectl_events(trace: &Trace, t: SimTime) -> EventsTable {
    let minor = trace.scenario.setup.kube_minor;
    let events = event_rows(trace, t);
    if events.is_empty() {
        return EventsTable {
            text: format!("No events found in {} namespace.\n", trace.pod.namespace),
            rows: Vec::new(),
        };
    }
    let mut table = String::from("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    let mut rows = Vec::with_capacity(events.len());
    let mut line = 1;
    for event in events {
        let message = message_cell(&event.message, minor);
        let lines = message.split('\n').count();
        let _ = writeln!(
            table,
            "{}\t{}\t{}\tPod/{}\t{}",
            event.age,
            escape_terminal(event.type_),
            escape_terminal(event.reason),
            escape_terminal(&trace.pod.name),
            message
        );
        let index = latest_occurrence(trace, &event, t);
        rows.push(EventsRow {
            event,
            index,
            line,
            lines,
        });
        line += lines;
    }
    EventsTable {
        text: TabWriter::kubectl_get().format(&table),
        rows,
    }
}

/// The recorded occurrence an aggregated Event shows: the latest one at or before `t` with its
/// type, reason, source and message.
fn latest_occurrence(trace: &Trace, row: &EventRow, t: SimTime) -> Option<usize> {
    trace
        .events
        .iter()
        .enumerate()
        .take_while(|(_, e)| e.time <= t)
        .filter(|(_, e)| {
            e.recorded
                && e.type_ == row.type_
                && e.reason == row.reason
                && e.from == row.from
                && e.message == row.message
        })
        .map(|(i, _)| i)
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{container, scenario};
    use crate::trace::Event;
    use crate::views::describe::EVENT_TTL;

    /// A busybox pod running `sh -c <script>` for `until_s` seconds.
    fn run(script: &str, until_s: u64) -> Trace {
        let mut c = container("c", "busybox");
        c.command = vec!["sh".into(), "-c".into(), script.into()];
        let mut s = scenario("p", vec![c]);
        s.setup.until = SimTime::from_secs(until_s);
        crate::simulate(&s)
    }

    fn event(time: u64, type_: &'static str, reason: &'static str, message: &str) -> Event {
        Event {
            time: SimTime::from_millis(time),
            type_,
            reason,
            from: "kubelet",
            object: "spec.containers{c}".into(),
            message: message.into(),
            recorded: true,
        }
    }

    fn trace_with(events: Vec<Event>, minor: u32) -> Trace {
        let mut tr = run("sleep 3600", 1);
        tr.events = events;
        tr.scenario.setup.kube_minor = minor;
        tr
    }

    #[test]
    fn repeated_occurrences_are_one_row_with_their_count_and_span() {
        let tr = trace_with(
            vec![
                event(1_000, "Normal", "Pulling", "Pulling image \"busybox\""),
                event(
                    40_000,
                    "Warning",
                    "BackOff",
                    "Back-off restarting failed container c in pod p_default(u)",
                ),
                event(
                    70_000,
                    "Warning",
                    "BackOff",
                    "Back-off restarting failed container c in pod p_default(u)",
                ),
                event(
                    130_500,
                    "Warning",
                    "BackOff",
                    "Back-off restarting failed container c in pod p_default(u)",
                ),
            ],
            35,
        );
        let out = kubectl_events(&tr, SimTime::from_secs(300));
        let name = &tr.pod.name;
        let lines: Vec<&str> = out.text.lines().collect();
        assert_eq!(lines.len(), 3, "{}", out.text);
        assert!(lines[0].starts_with("LAST SEEN"), "{}", out.text);
        assert!(lines[0].contains("   TYPE   "), "{}", out.text);
        assert!(lines[1].starts_with("4m59s "), "{}", out.text);
        assert!(lines[1].contains(&format!("Pod/{name}")), "{}", out.text);
        // 300 - 130 = 170 s = 2m50s since the last, 300 - 40 = 4m20s since the first.
        assert!(
            lines[2].starts_with("2m50s (x3 over 4m20s)   Warning   BackOff"),
            "{}",
            out.text
        );
        assert_eq!(out.rows.len(), 2);
        assert_eq!(out.rows[1].index, Some(3));
        assert_eq!((out.rows[1].line, out.rows[1].lines), (2, 1));
        assert_eq!(out.rows[0].event.count, 1);
    }

    #[test]
    fn rows_follow_the_instant() {
        let tr = trace_with(
            vec![
                event(1_000, "Normal", "Pulling", "Pulling image \"busybox\""),
                event(5_000, "Warning", "Unhealthy", "Liveness probe failed: x"),
                event(10_000, "Warning", "Unhealthy", "Liveness probe failed: x"),
            ],
            35,
        );
        assert_eq!(kubectl_events(&tr, SimTime::from_secs(4)).rows.len(), 1);
        let at7 = kubectl_events(&tr, SimTime::from_secs(7));
        assert_eq!(at7.rows[1].event.count, 1);
        assert_eq!(at7.rows[1].index, Some(1));
        let at12 = kubectl_events(&tr, SimTime::from_secs(12));
        assert_eq!(at12.rows[1].event.count, 2);
        assert_eq!(at12.rows[1].index, Some(2));
        assert!(at12.text.contains("2s (x2 over 7s)"), "{}", at12.text);
    }

    #[test]
    fn no_event_is_kubectls_stderr_line() {
        let tr = trace_with(Vec::new(), 35);
        let out = kubectl_events(&tr, SimTime::from_secs(3));
        assert_eq!(out.text, "No events found in default namespace.\n");
        assert!(out.rows.is_empty());
    }

    #[test]
    fn multi_line_messages_break_the_table_until_the_minor_that_cuts_them() {
        let msg = "Liveness probe failed: line one\nline two\n";
        let old = kubectl_events(
            &trace_with(vec![event(1_000, "Warning", "Unhealthy", msg)], 37),
            SimTime::from_secs(2),
        );
        assert!(
            old.text
                .ends_with("Liveness probe failed: line one\nline two\n"),
            "{}",
            old.text
        );
        assert_eq!((old.rows[0].line, old.rows[0].lines), (1, 2));
        let new = kubectl_events(
            &trace_with(vec![event(1_000, "Warning", "Unhealthy", msg)], 38),
            SimTime::from_secs(2),
        );
        assert!(
            new.text.ends_with("Liveness probe failed: line one...\n"),
            "{}",
            new.text
        );
        assert_eq!(new.rows[0].lines, 1);
    }

    #[test]
    fn terminal_control_characters_are_escaped() {
        let tr = trace_with(vec![event(1_000, "Normal", "Started", "a\x1b[2Jb\rc")], 35);
        let out = kubectl_events(&tr, SimTime::from_secs(2));
        assert!(out.text.contains("a^[[2Jb\\rc"), "{}", out.text);
    }

    #[test]
    fn the_crash_loop_has_one_back_off_row() {
        let tr = run("exit 1", 300);
        let out = kubectl_events(&tr, SimTime::from_secs(300));
        let backoff: Vec<&str> = out.text.lines().filter(|l| l.contains("BackOff")).collect();
        assert_eq!(backoff.len(), 1, "{}", out.text);
        assert!(backoff[0].contains(" (x"), "{}", out.text);
        let occurrences = tr
            .events
            .iter()
            .filter(|e| e.reason == "BackOff" && e.recorded)
            .count();
        assert!(occurrences > 1, "{occurrences}");
        // Every row points at an occurrence with its reason.
        for r in &out.rows {
            let i = r.index.expect("an occurrence");
            assert_eq!(tr.events[i].reason, r.event.reason);
        }
    }

    /// A trace with `events` at the default profile's minor and `rules`.
    fn trace_rules(events: Vec<Event>, rules: u32) -> Trace {
        let mut tr = trace_with(events, 37);
        tr.scenario.setup.rules_version = rules;
        tr
    }

    fn reasons(out: &EventsTable) -> Vec<&'static str> {
        out.rows.iter().map(|r| r.event.reason).collect()
    }

    const BACK_OFF: &str = "Back-off restarting failed container c in pod p_default(u)";

    #[test]
    fn an_event_goes_an_hour_after_its_last_write() {
        let tr = trace_rules(
            vec![event(
                1_000,
                "Normal",
                "Pulling",
                "Pulling image \"busybox\"",
            )],
            2,
        );
        // Written at 1 s: its lease (TTL 1 h + the 60 s reuse window) ends at 3661 s.
        let before = kubectl_events(&tr, SimTime::from_millis(3_660_999));
        assert_eq!(reasons(&before), ["Pulling"], "{}", before.text);
        assert!(before.text.contains("\n60m "), "{}", before.text);
        let after = kubectl_events(&tr, SimTime::from_secs(3_661));
        assert!(after.rows.is_empty(), "{}", after.text);
        assert_eq!(after.text, "No events found in default namespace.\n");
        // A link made with rules v1 keeps every Event.
        let v1 = kubectl_events(
            &trace_rules(tr.events.clone(), 1),
            SimTime::from_secs(7_200),
        );
        assert_eq!(reasons(&v1), ["Pulling"], "{}", v1.text);
    }

    #[test]
    fn an_aggregated_event_written_again_stays() {
        // Pulling once at 1 s; BackOff every 5 minutes (each a PATCH of the same Event) for 2 h.
        let mut events = vec![event(
            1_000,
            "Normal",
            "Pulling",
            "Pulling image \"busybox\"",
        )];
        for k in 0..24 {
            events.push(event(40_000 + k * 300_000, "Warning", "BackOff", BACK_OFF));
        }
        let tr = trace_rules(events, 2);
        let out = kubectl_events(&tr, SimTime::from_secs(7_200));
        assert_eq!(reasons(&out), ["BackOff"], "{}", out.text);
        // The last write was at 6940 s: 4m20s ago; the count and firstTimestamp are the
        // Event's whole history.
        assert!(
            out.text
                .contains("4m20s (x24 over 119m)   Warning   BackOff"),
            "{}",
            out.text
        );
    }

    #[test]
    fn an_expired_event_written_again_comes_back_with_its_count() {
        // Written at 10 s, then not again until 2 h: the recorder's PATCH finds no Event and
        // creates it anew with its cached count and firstTimestamp.
        let tr = trace_rules(
            vec![
                event(10_000, "Warning", "BackOff", BACK_OFF),
                event(7_000_000, "Warning", "BackOff", BACK_OFF),
            ],
            2,
        );
        assert!(kubectl_events(&tr, SimTime::from_secs(6_000))
            .rows
            .is_empty());
        let out = kubectl_events(&tr, SimTime::from_secs(7_010));
        assert!(out.text.contains("10s (x2 over 116m)"), "{}", out.text);
    }

    #[test]
    fn writes_within_a_minute_share_a_lease() {
        // The API server's lease manager hands the 1 s write's lease (ending at 3661 s) to the
        // 30 s write; the 70 s write gets its own (ending at 3730 s). The scheduler's Events
        // are another store with its own leases.
        let mut scheduled = event(30_000, "Normal", "Scheduled", "Successfully assigned");
        scheduled.from = "default-scheduler";
        scheduled.object = crate::kubelet::events::POD_OBJECT.into();
        let tr = trace_rules(
            vec![
                event(1_000, "Normal", "Pulling", "Pulling image \"busybox\""),
                scheduled,
                event(30_000, "Normal", "Pulled", "Successfully pulled image"),
                event(70_000, "Normal", "Created", "Container created"),
            ],
            2,
        );
        let at = |s: u64| reasons(&kubectl_events(&tr, SimTime::from_secs(s)));
        assert_eq!(at(3_660), ["Pulling", "Scheduled", "Pulled", "Created"]);
        assert_eq!(at(3_661), ["Scheduled", "Created"]);
        assert_eq!(at(3_690), ["Created"]);
        assert!(at(3_730).is_empty());
    }

    #[test]
    fn a_two_hour_crash_loop_reads_like_a_cluster() {
        let tr = run("exit 1", 7_200);
        assert_eq!(
            tr.scenario.setup.rules_version,
            podlife_spec::ENGINE_RULES_VERSION
        );
        let t = SimTime::from_secs(7_200);
        let out = kubectl_events(&tr, t);
        // Scheduling and the first start are over an hour old. After the spam filter's burst
        // (§13.4) one write per 5 minutes gets through, and the BackOff the kubelet repeats at
        // every sync takes it: that Event alone stays, with its whole count, as long crash
        // loops read on a cluster.
        assert_eq!(reasons(&out), ["BackOff"], "{}", out.text);
        assert!(
            out.text.contains(" over 119m)   Warning   BackOff"),
            "{}",
            out.text
        );
        for row in &out.rows {
            assert!(t < row.event.last + EVENT_TTL, "{row:?}");
        }
        let describe = crate::views::describe_pod(&tr, t);
        let events = &describe[describe.find("\nEvents:").expect("events")..];
        assert_eq!(events.trim_start().lines().count(), 4, "{describe}");
        assert!(events.contains("  Warning  BackOff "), "{describe}");
        // The same run under rules v1 still lists the first hour.
        let mut v1 = tr.clone();
        v1.scenario.setup.rules_version = 1;
        assert!(reasons(&kubectl_events(&v1, t)).contains(&"Scheduled"));
    }
}
