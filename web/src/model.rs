//! Pure functions behind the panels: the run of a text, `kubectl logs`, exec transcripts, and
//! appending an action to the Scenario document. Everything here is a function of (text) or of
//! (trace, t), testable natively.

use std::cell::OnceCell;

use podlife_engine::Trace;
use podlife_manifest::{Diagnostic, Loaded, Severity};
use podlife_report::expect::Outcome;
use podlife_spec::{ActionKind, SimTime};

use crate::i18n::Lang;

/// One valid text and what the engine made of it, with what the panels derive from the trace
/// alone (computed once per run, not per frame).
pub struct Run {
    pub text: String,
    pub trace: Trace,
    pub loaded: Loaded,
    /// [`view_end`] of the trace: where the timeline and playback end.
    pub end: SimTime,
    /// [`container_names`] of the trace.
    pub names: Vec<String>,
    /// [`event_times`] of the trace.
    pub steps: Vec<SimTime>,
    /// Every container stop of the trace (the termination countdown).
    pub kills: Vec<crate::countdown::Kill>,
    /// The countdown's reserved rows.
    pub kill_rows: usize,
    /// The version rules this run meets (built on first use).
    differs: OnceCell<Vec<crate::versions::Differ>>,
    /// The verdicts of the Scenario's `spec.expect`, in English and in Chinese (made on first
    /// use; the same verdicts and instants in both).
    #[cfg(not(feature = "lite"))]
    outcomes: [OnceCell<Vec<Outcome>>; 2],
}

impl Run {
    pub fn new(text: String, trace: Trace, loaded: Loaded) -> Run {
        let kills = crate::countdown::kills(&trace);
        Run {
            kill_rows: crate::countdown::max_rows(&kills),
            kills,
            end: view_end(&trace),
            names: container_names(&trace),
            steps: event_times(&trace),
            text,
            trace,
            loaded,
            differs: OnceCell::new(),
            #[cfg(not(feature = "lite"))]
            outcomes: [OnceCell::new(), OnceCell::new()],
        }
    }

    /// The verdict of each expectation (`spec.expect`), its messages in `lang`.
    #[cfg(not(feature = "lite"))]
    pub fn outcomes(&self, lang: Lang) -> &[Outcome] {
        let (i, l) = match lang {
            Lang::En => (0, podlife_report::Lang::En),
            Lang::Zh => (1, podlife_report::Lang::Zh),
        };
        self.outcomes[i].get_or_init(|| {
            podlife_report::expect::evaluate_in(&self.loaded.expectations, &self.trace, l)
        })
    }

    /// The first-frame module never shows a run with expectations (`needs_full`): none, as a
    /// constant, so that the code drawing them is left out of it.
    #[cfg(feature = "lite")]
    pub fn outcomes(&self, _lang: Lang) -> &[Outcome] {
        &[]
    }

    /// The YAML lines of expectation `index` (its list item in the Scenario document).
    pub fn expectation_lines(&self, index: usize) -> Option<(usize, usize)> {
        let e = self.loaded.expectations.get(index)?;
        self.loaded
            .scenario_span(&e.path)
            .map(|s| (s.line, s.end_line.max(s.line)))
            .or(Some((e.line, e.line)))
    }

    /// `kubectl get pod NAME -o yaml` at `t` (what the `-o yaml` panel shows, without the
    /// command line).
    pub fn pod_yaml(&self, t: SimTime) -> String {
        // The first-frame module has no stored object: its `-o yaml` tab hands over first.
        #[cfg(feature = "lite")]
        let y = {
            let _ = t;
            String::new()
        };
        #[cfg(not(feature = "lite"))]
        let y = podlife_engine::views::pod_yaml(&self.trace, t);
        y
    }

    /// "What differs in this version": [`crate::versions::differs`] of this run.
    pub fn differs(&self) -> &[crate::versions::Differ] {
        self.differs.get_or_init(|| crate::versions::differs(self))
    }

    /// The previous step instant before `t` (←), or 0.
    pub fn prev_step(&self, t: SimTime) -> SimTime {
        let i = self.steps.partition_point(|&x| x < t);
        i.checked_sub(1)
            .and_then(|i| self.steps.get(i))
            .copied()
            .unwrap_or(SimTime::ZERO)
    }

    /// The next step instant after `t` (→), or the end of the view.
    pub fn next_step(&self, t: SimTime) -> SimTime {
        let i = self.steps.partition_point(|&x| x <= t);
        self.steps.get(i).copied().unwrap_or(self.end)
    }
}

/// What the page shows for one draft: diagnostics always, a run when the text is valid.
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    pub run: Option<Run>,
    /// Where the YAML names its Kubernetes version (the picker edits it there).
    pub version_span: Option<podlife_manifest::Span>,
    /// The first-frame module (`lite`) cannot show this draft as the full app would: the pod
    /// runs a program it leaves out, or the Scenario has expectations (valid or not: it does not
    /// check them). The page hands over to the full module (web/src/handover.rs); `run` is None
    /// then. Always false without `lite`.
    pub needs_full: bool,
}

/// Draft text → diagnostics and (when the Pod is valid) the simulated trace — also when
/// another object of the stream has an error and is left out, as `kubectl apply` does.
/// Never panics.
pub fn analyse(text: &str) -> Analysis {
    analyse_with(text, &crate::versions::Choice::default())
}

/// [`analyse`] with the profile the picker or an opened link chooses
/// ([`crate::versions::load`]).
pub fn analyse_with(text: &str, choice: &crate::versions::Choice) -> Analysis {
    let loaded = crate::versions::load(text, choice);
    let version_span = crate::versions::version_span(&loaded);
    let diagnostics = loaded.diagnostics.clone();
    // The first-frame module does not check expectations (not even for their diagnostics).
    let mut needs_full = cfg!(feature = "lite") && loaded.expectations_left_out;
    let run = match &loaded.scenario {
        Some(s) if !needs_full => {
            let trace = podlife_engine::simulate(s);
            needs_full = cfg!(feature = "lite") && !trace.not_in_build.is_empty();
            (!needs_full).then(|| Run::new(text.to_string(), trace, loaded))
        }
        _ => None,
    };
    Analysis {
        diagnostics,
        run,
        version_span,
        needs_full,
    }
}

/// `FILE:LINE:COL: severity: message`, the way the CLI prints it.
pub fn render_diagnostic(d: &Diagnostic) -> String {
    d.render("pod.yaml")
}

pub fn is_error(d: &Diagnostic) -> bool {
    d.severity == Severity::Error
}

/// Where the timeline and playback end: the horizon, or shortly after the pod is gone or in a
/// terminal phase (sticky, §1.6) and nothing more happens — else the interesting part would
/// be squeezed to the left of a 10-minute axis.
pub fn view_end(trace: &Trace) -> SimTime {
    let terminal = trace
        .frames
        .iter()
        .any(|f| !f.exists || f.phase == "Succeeded" || f.phase == "Failed");
    if !terminal {
        return trace.until;
    }
    let last = trace
        .frames
        .iter()
        .map(|f| f.time)
        .chain(trace.events.iter().map(|e| e.time))
        .chain(trace.scenario.setup.actions.iter().map(|a| a.at))
        .max()
        .unwrap_or(SimTime::ZERO);
    let margin = (last.as_millis() / 5).max(10_000);
    SimTime::from_millis(last.as_millis() + margin).min(trace.until)
}

/// Instants the ←/→ keys step through: every event (recorded or not) and every status change.
pub fn event_times(trace: &Trace) -> Vec<SimTime> {
    let mut v: Vec<SimTime> = trace.events.iter().map(|e| e.time).collect();
    v.extend(trace.marks.iter().map(|m| m.time));
    // One shared sort routine for the whole app (code size, docs/sizes.md).
    podlife_manifest::sort::sort(&mut v);
    v.dedup();
    v
}

pub fn prev_event(trace: &Trace, t: SimTime) -> SimTime {
    event_times(trace)
        .into_iter()
        .rev()
        .find(|&x| x < t)
        .unwrap_or(SimTime::ZERO)
}

pub fn next_event(trace: &Trace, t: SimTime) -> SimTime {
    event_times(trace)
        .into_iter()
        .find(|&x| x > t)
        .unwrap_or(view_end(trace))
}

/// Container names in status order (init containers in spec order, then regular ones).
pub fn container_names(trace: &Trace) -> Vec<String> {
    let spec = &trace.scenario.pod.spec;
    spec.init_containers
        .iter()
        .chain(spec.containers.iter())
        .map(|c| c.name.clone())
        .collect()
}

/// The container `kubectl logs` picks without `-c`: the first regular container (the
/// `kubectl.kubernetes.io/default-container` annotation wins when it names one).
pub fn default_container(trace: &Trace) -> Option<String> {
    let pod = &trace.scenario.pod;
    if let Some(c) = pod
        .annotations
        .get("kubectl.kubernetes.io/default-container")
    {
        if pod.spec.containers.iter().any(|x| &x.name == c) {
            return Some(c.clone());
        }
    }
    pod.spec.containers.first().map(|c| c.name.clone())
}

/// `kubectl logs POD -c CONTAINER [--previous]` at `t`. The kubelet serves the newest instance
/// that has run (also while the container waits in CrashLoopBackOff); `--previous` the one
/// recorded in lastState.
pub fn logs(trace: &Trace, t: SimTime, container: &str, previous: bool) -> String {
    let pod = &trace.pod.name;
    let Some(frame) = trace.frame_at(t).filter(|f| f.exists) else {
        return format!("Error from server (NotFound): pods \"{pod}\" not found\n");
    };
    let Some(st) = frame.containers.iter().find(|c| &*c.name == container) else {
        return format!("error: container {container} is not valid for pod {pod}\n");
    };
    // restartCount is the newest instance's number; while it waits in back-off, the newest
    // (dead) instance is also lastState.
    let instance = if previous {
        if st.last_state.is_none() {
            return format!(
                "Error from server (BadRequest): previous terminated container \"{container}\" in pod \"{pod}\" not found\n"
            );
        }
        if st.state == "waiting" {
            st.restart_count
        } else {
            st.restart_count.saturating_sub(1)
        }
    } else if st.state == "waiting" && st.last_state.is_none() {
        return format!(
            "Error from server (BadRequest): container \"{container}\" in pod \"{pod}\" is waiting to start: {}\n",
            st.reason.as_deref().unwrap_or("ContainerCreating")
        );
    } else {
        st.restart_count
    };
    let mut out = String::new();
    for l in trace
        .logs
        .iter()
        .filter(|l| l.container == container && l.restart_count == instance && l.time <= t)
    {
        out.push_str(&l.line);
        out.push('\n');
    }
    out
}

/// `kubectl exec` transcripts of the exec actions finished by `t`, newest last.
pub fn exec_transcripts(trace: &Trace, t: SimTime) -> String {
    let mut out = String::new();
    for x in trace.execs.iter().filter(|x| x.time <= t) {
        out.push_str(&format!(
            "$ kubectl exec {} -c {} -- {}\n",
            trace.pod.name,
            x.container,
            shell_words(&x.command)
        ));
        if x.finished > t {
            out.push_str("…\n");
            continue;
        }
        out.push_str(&x.output);
        if !x.output.is_empty() && !x.output.ends_with('\n') {
            out.push('\n');
        }
        if x.exit_code != 0 {
            out.push_str(&format!(
                "command terminated with exit code {}\n",
                x.exit_code
            ));
        }
    }
    out
}

fn shell_words(cmd: &[String]) -> String {
    cmd.iter()
        .map(|w| {
            if !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:@%+,".contains(c))
            {
                w.clone()
            } else {
                format!("'{}'", w.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `at:` as the Scenario document writes it: `42s`, `42.5s`, `42.125s`.
pub fn format_at(t: SimTime) -> String {
    let ms = t.as_millis();
    let frac = ms % 1000;
    if frac == 0 {
        format!("{}s", ms / 1000)
    } else {
        let f = format!("{frac:03}");
        format!("{}.{}s", ms / 1000, f.trim_end_matches('0'))
    }
}

/// A YAML double-quoted scalar (JSON escaping, which YAML accepts).
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The YAML list item for an action (lines without the list indentation).
pub fn action_item(at: SimTime, kind: &ActionKind) -> Vec<String> {
    let mut v = vec![format!("- at: {}", format_at(at))];
    match kind {
        ActionKind::Exec { container, command } => {
            v.push("  exec:".into());
            if let Some(c) = container {
                v.push(format!("    container: {}", yaml_str(c)));
            }
            let words: Vec<String> = command.iter().map(|w| yaml_str(w)).collect();
            v.push(format!("    command: [{}]", words.join(", ")));
        }
        ActionKind::Delete {
            grace_period_seconds,
            force,
        } => {
            v.push("  delete:".into());
            if let Some(g) = grace_period_seconds {
                v.push(format!("    gracePeriodSeconds: {g}"));
            }
            if *force {
                v.push("    force: true".into());
            }
            if grace_period_seconds.is_none() && !force {
                v[1] = "  delete: {}".into();
            }
        }
        ActionKind::CreateService(s) | ActionKind::RemoveService(s) => {
            let verb = if matches!(kind, ActionKind::CreateService(_)) {
                "create"
            } else {
                "remove"
            };
            v.push(format!("  {verb}:"));
            v.push("    kind: Service".into());
            v.push(format!("    name: {}", yaml_str(&s.name)));
        }
        ActionKind::NodeDown => v.push("  nodeDown: {}".into()),
        ActionKind::NodeUp => v.push("  nodeUp: {}".into()),
        ActionKind::RemoveSchedulingGates { names } if names.is_empty() => {
            v.push("  removeSchedulingGates: {}".into())
        }
        ActionKind::RemoveSchedulingGates { names } => {
            let names: Vec<String> = names.iter().map(|n| yaml_str(n)).collect();
            v.push("  removeSchedulingGates:".into());
            v.push(format!("    names: [{}]", names.join(", ")));
        }
    }
    v
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_doc_separator(line: &str) -> bool {
    line == "---" || line.starts_with("--- ") || line == "..."
}

/// Appends an action to the `kind: Scenario` document of `text` (creating the document, its
/// `spec` or its `actions` list when missing) and returns the new text. Only the lines of the
/// Scenario document change, so the user's formatting elsewhere is kept.
pub fn append_action(text: &str, at: SimTime, kind: &ActionKind) -> String {
    let item = action_item(at, kind);
    let lines: Vec<&str> = text.split('\n').collect();
    // Document boundaries: [start, end) line ranges.
    let mut docs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, l) in lines.iter().enumerate() {
        if is_doc_separator(l.trim_end()) {
            docs.push((start, i));
            start = i + 1;
        }
    }
    docs.push((start, lines.len()));
    let scenario = docs.iter().copied().find(|&(s, e)| {
        lines[s..e]
            .iter()
            .any(|l| l.trim_end() == "kind: Scenario" || l.trim_end() == "kind: \"Scenario\"")
    });
    let Some((s, e)) = scenario else {
        let mut out = text.trim_end_matches('\n').to_string();
        out.push_str("\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  actions:\n");
        for l in &item {
            out.push_str("  ");
            out.push_str(l);
            out.push('\n');
        }
        return out;
    };
    // Last non-blank, non-comment line of the document, so we append after real content.
    let content_end = (s..e)
        .rev()
        .find(|&i| {
            let t = lines[i].trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .map(|i| i + 1)
        .unwrap_or(e);
    let spec = (s..e).find(|&i| lines[i].trim_end() == "spec:");
    let mut out_lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let insert: Vec<String>;
    let at_line: usize;
    match spec {
        None => {
            at_line = content_end;
            let mut v = vec!["spec:".to_string(), "  actions:".to_string()];
            v.extend(item.iter().map(|l| format!("  {l}")));
            insert = v;
        }
        Some(sp) => {
            // The spec block: following lines indented more than 0 (or blank/comments).
            let spec_end = (sp + 1..e)
                .find(|&i| {
                    let t = lines[i].trim();
                    !t.is_empty() && !t.starts_with('#') && indent_of(lines[i]) == 0
                })
                .unwrap_or(content_end)
                .min(content_end.max(sp + 1));
            let actions = (sp + 1..spec_end).find(|&i| lines[i].trim_end() == "  actions:");
            match actions {
                None => {
                    at_line = spec_end;
                    let mut v = vec!["  actions:".to_string()];
                    v.extend(item.iter().map(|l| format!("  {l}")));
                    insert = v;
                }
                Some(a) => {
                    // Items are `- ` at indentation 2 (or 4); the list ends at the first
                    // content line indented ≤ 2 that is not an item.
                    let mut dash = 2;
                    let mut end = spec_end;
                    for i in a + 1..spec_end {
                        let t = lines[i].trim();
                        if t.is_empty() || t.starts_with('#') {
                            continue;
                        }
                        let ind = indent_of(lines[i]);
                        if t.starts_with("- ") && i == next_content(&lines, a + 1, spec_end) {
                            dash = ind;
                        }
                        if ind < dash || (ind == dash && !t.starts_with('-')) || ind < 2 {
                            end = i;
                            break;
                        }
                    }
                    // Trim trailing blank lines inside the list.
                    while end > a + 1 && lines[end - 1].trim().is_empty() {
                        end -= 1;
                    }
                    at_line = end;
                    let pad = " ".repeat(dash);
                    insert = item.iter().map(|l| format!("{pad}{l}")).collect();
                }
            }
        }
    }
    let tail = out_lines.split_off(at_line);
    out_lines.extend(insert);
    out_lines.extend(tail);
    let mut out = out_lines.join("\n");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn next_content(lines: &[&str], from: usize, to: usize) -> usize {
    (from..to)
        .find(|&i| {
            let t = lines[i].trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .unwrap_or(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use podlife_spec::ServiceRef;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"echo hi; sleep 5; exit 3\"]\n";

    #[test]
    fn appends_a_scenario_document_when_there_is_none() {
        let out = append_action(
            POD,
            SimTime::from_millis(42_500),
            &ActionKind::Delete {
                grace_period_seconds: Some(5),
                force: false,
            },
        );
        assert_eq!(
            out,
            format!("{POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  actions:\n  - at: 42.5s\n    delete:\n      gracePeriodSeconds: 5\n")
        );
        let loaded = podlife_manifest::load(&out);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let s = loaded.scenario.unwrap();
        assert_eq!(s.setup.actions.len(), 1);
        assert_eq!(s.setup.actions[0].at, SimTime::from_millis(42_500));
    }

    #[test]
    fn appends_to_an_existing_actions_list_and_keeps_what_follows() {
        let text = format!("{POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 2m\n  actions:\n  - at: 10s\n    nodeDown: {{}}\n  seed: 3\n");
        let out = append_action(&text, SimTime::from_secs(20), &ActionKind::NodeUp);
        assert!(
            out.ends_with("  actions:\n  - at: 10s\n    nodeDown: {}\n  - at: 20s\n    nodeUp: {}\n  seed: 3\n"),
            "{out}"
        );
        let loaded = podlife_manifest::load(&out);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let s = loaded.scenario.unwrap();
        assert_eq!(s.setup.actions.len(), 2);
        assert_eq!(s.setup.seed, 3);
    }

    #[test]
    fn adds_actions_to_a_spec_without_them() {
        let text =
            format!("{POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 2m\n");
        let svc = ServiceRef {
            namespace: "default".into(),
            name: "web".into(),
        };
        let out = append_action(
            &text,
            SimTime::from_secs(1),
            &ActionKind::CreateService(svc),
        );
        let loaded = podlife_manifest::load(&out);
        assert!(!loaded.has_errors(), "{out}\n{:?}", loaded.diagnostics);
        let s = loaded.scenario.unwrap();
        assert_eq!(s.setup.until, SimTime::from_secs(120));
        assert_eq!(s.setup.actions.len(), 1);
    }

    #[test]
    fn exec_commands_are_quoted_so_markup_and_quotes_survive() {
        let out = append_action(
            POD,
            SimTime::from_secs(3),
            &ActionKind::Exec {
                container: Some("c".into()),
                command: vec!["sh".into(), "-c".into(), "echo \"<b>x</b>\" 'y'".into()],
            },
        );
        let s = podlife_manifest::load(&out).scenario.unwrap();
        match &s.setup.actions[0].kind {
            ActionKind::Exec { command, .. } => {
                assert_eq!(command[2], "echo \"<b>x</b>\" 'y'")
            }
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn logs_follow_instances_and_previous() {
        let a = analyse(POD);
        let run = a.run.expect("valid");
        let tr = &run.trace;
        // Before the container exists: waiting to start.
        let early = logs(tr, SimTime::ZERO, "c", false);
        assert!(early.starts_with("Error from server"), "{early}");
        let prev = logs(tr, SimTime::ZERO, "c", true);
        assert_eq!(
            prev,
            "Error from server (BadRequest): previous terminated container \"c\" in pod \"p\" not found\n"
        );
        // Later, after at least one restart, the current instance printed "hi".
        let end = tr.until;
        assert!(logs(tr, end, "c", false).contains("hi"));
        assert!(logs(tr, end, "c", true).contains("hi"));
        assert_eq!(
            logs(tr, end, "nope", false),
            "error: container nope is not valid for pod p\n"
        );
    }

    #[test]
    fn the_view_ends_after_a_terminal_phase_and_not_before() {
        let job = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: j\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"sleep 5\"]\n";
        let run = analyse(job).run.expect("valid");
        let end = view_end(&run.trace);
        let done = run
            .trace
            .frames
            .iter()
            .find(|f| f.phase == "Succeeded")
            .expect("succeeds")
            .time;
        assert!(end > done && end < run.trace.until, "{end} vs {done}");
        let live = analyse(POD).run.expect("valid");
        assert_eq!(view_end(&live.trace), live.trace.until);
    }

    #[test]
    fn event_steps_walk_forward_and_back() {
        let run = analyse(POD).run.unwrap();
        let tr = &run.trace;
        let first = next_event(tr, SimTime::ZERO);
        assert!(first > SimTime::ZERO || tr.events.iter().any(|e| e.time == first));
        let second = next_event(tr, first);
        assert!(second > first);
        assert_eq!(prev_event(tr, second), first);
        assert_eq!(prev_event(tr, SimTime::ZERO), SimTime::ZERO);
    }

    #[test]
    fn cached_steps_match_the_trace_functions() {
        let run = analyse(POD).run.unwrap();
        let tr = &run.trace;
        assert_eq!(run.end, view_end(tr));
        assert_eq!(run.names, container_names(tr));
        assert!(run.steps.len() > 3, "{:?}", run.steps);
        let mut probes: Vec<SimTime> = run.steps.clone();
        probes.extend(
            run.steps
                .iter()
                .map(|t| t.saturating_add(SimTime::from_millis(1))),
        );
        probes.extend([SimTime::ZERO, run.end, tr.until]);
        for t in probes {
            assert_eq!(run.prev_step(t), prev_event(tr, t), "prev at {t}");
            assert_eq!(run.next_step(t), next_event(tr, t), "next at {t}");
        }
    }

    #[test]
    fn invalid_text_has_located_errors_and_no_run() {
        let a = analyse("apiVersion: v1\nkind: Pod\nmetadata: [\n");
        assert!(a.run.is_none());
        let d = a
            .diagnostics
            .iter()
            .find(|d| is_error(d))
            .expect("an error");
        assert!(d.line >= 3, "{d:?}");
        assert!(
            render_diagnostic(d).starts_with(&format!("pod.yaml:{}:{}: error: ", d.line, d.column))
        );
    }
}
