//! `spec.expect` of the Scenario document: what it parses to, and every malformed expectation
//! as a diagnostic with its exact message and line:column (errors and warnings rendered as
//! `LINE:COL: severity: path: message`).

use podlife_manifest::{load, Severity};
use podlife_spec::expect::{Check, CmpOp, Count, Expectation, When, Window};
use podlife_spec::SimTime;

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  readinessGates:\n  - conditionType: example.com/feature\n  initContainers:\n  - name: init\n    image: busybox\n  containers:\n  - name: app\n    image: nginx:1.27\n";
/// Line of the Scenario document's first `expect` item (`  - ...`).
const FIRST: usize = 19;

fn scenario(expect: &str) -> String {
    format!("{POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  expect:\n{expect}")
}

fn rendered(input: &str) -> Vec<String> {
    load(input)
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Hint)
        .map(|d| d.render("f").trim_start_matches("f:").to_string())
        .collect()
}

#[track_caller]
fn check(expect: &str, want: &[&str]) {
    let input = scenario(expect);
    assert_eq!(rendered(&input), want, "\ninput:\n{input}");
}

#[track_caller]
fn parsed(expect: &str) -> Vec<Expectation> {
    let input = scenario(expect);
    let loaded = load(&input);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    assert!(loaded.scenario.is_some());
    loaded.expectations
}

#[test]
fn the_issue_example_parses() {
    let e = parsed(concat!(
        "  - at: 20s\n    kubectl: {ready: \"1/1\", status: Running, restarts: 0}\n",
        "  - within: [0s, 5m]\n    event: {reason: Killing, count: \">= 3\"}\n",
        "  - never: {phase: Failed}\n",
    ));
    assert_eq!(e.len(), 3);
    assert_eq!(
        (e[0].path.as_str(), e[0].line, e[0].column),
        ("spec.expect[0]", FIRST, 3)
    );
    assert_eq!(e[0].when, When::At(SimTime::from_secs(20)));
    let Check::State(s) = &e[0].check else {
        panic!("{:?}", e[0].check)
    };
    let k = s.kubectl.as_ref().unwrap();
    assert_eq!(k.ready.as_deref(), Some("1/1"));
    assert_eq!(k.status.as_deref(), Some("Running"));
    assert_eq!(k.restarts, Some(Count::exactly(0)));
    assert_eq!(e[1].line, FIRST + 2);
    assert_eq!(
        e[1].when,
        When::Eventually(Window {
            from: SimTime::ZERO,
            to: Some(SimTime::from_secs(300))
        })
    );
    let Check::Event(ev) = &e[1].check else {
        panic!()
    };
    assert_eq!(ev.reason.as_deref(), Some("Killing"));
    assert_eq!(
        ev.count,
        Count {
            op: CmpOp::Ge,
            value: 3
        }
    );
    assert_eq!(e[2].when, When::Never(Window::ALL));
    let Check::State(s) = &e[2].check else {
        panic!()
    };
    assert_eq!(s.phase.as_deref(), Some("Failed"));
}

#[test]
fn the_full_grammar_parses() {
    let e = parsed(concat!(
        "  - name: app restarts once\n    within: [1m, 2m]\n    always:\n      container: {restarts: \">= 1\", lastState: {reason: Error, exitCode: 137}}\n",
        "  - eventually:\n      condition: {type: Ready, status: True}\n",
        "  - at: 30s\n    container: {name: init, state: Terminated, reason: Completed, exitCode: 0, ready: false, started: false}\n",
        "  - at: 1m\n    log: {container: app, line: started, stream: stdout, count: \"< 2\"}\n",
        "  - never: {event: {type: Warning}}\n",
        "  - at: 2m\n    exists: false\n",
        "  - at: 1m\n    condition: {type: example.com/feature}\n",
    ));
    assert_eq!(e.len(), 7);
    assert_eq!(e[0].name.as_deref(), Some("app restarts once"));
    let Check::State(s) = &e[0].check else {
        panic!()
    };
    let c = s.container.as_ref().unwrap();
    assert_eq!(c.name, "app", "the only regular container when not named");
    assert_eq!(
        c.last_state.as_ref().unwrap().exit_code,
        Some(Count::exactly(137))
    );
    let Check::State(s) = &e[1].check else {
        panic!()
    };
    assert_eq!(
        s.condition.as_ref().unwrap().status.as_deref(),
        Some("True")
    );
    let Check::State(s) = &e[2].check else {
        panic!()
    };
    assert_eq!(
        s.container.as_ref().unwrap().state.as_deref(),
        Some("terminated")
    );
    let Check::Log(l) = &e[3].check else { panic!() };
    assert_eq!(
        (l.line.as_str(), l.count.op, l.count.value),
        ("started", CmpOp::Lt, 2)
    );
    let Check::Event(ev) = &e[4].check else {
        panic!()
    };
    assert_eq!(ev.count, Count::exactly(0), "never: none");
    let Check::State(s) = &e[5].check else {
        panic!()
    };
    assert_eq!(s.exists, Some(false));
}

#[test]
fn unknown_fields_at_any_depth() {
    check(
        "  - at: 20s\n    kubectl: {redy: \"1/1\"}\n    bogus: 1\n",
        &[
            "20:5: error: spec.expect[0].kubectl: Required value: must specify at least one of ready, status, restarts, ip, node",
            "20:15: error: unknown field \"spec.expect[0].kubectl.redy\"",
            "21:5: error: unknown field \"spec.expect[0].bogus\"",
        ],
    );
    check(
        "  - never: {container: {lastState: {code: 1}}}\n",
        &[
            "19:25: error: spec.expect[0].never.container.lastState: Required value: must specify at least one of reason, exitCode, message",
            "19:37: error: unknown field \"spec.expect[0].never.container.lastState.code\"",
        ],
    );
}

#[test]
fn types_are_checked_first() {
    check(
        "  - at: [20s]\n    kubectl: {ready: 1}\n",
        &[
            "19:5: error: spec.expect[0].at: Invalid value: \"array\": spec.expect[0].at in body must be of type string or number: \"array\"",
            "20:15: error: spec.expect[0].kubectl.ready: Invalid value: \"integer\": spec.expect[0].kubectl.ready in body must be of type string: \"integer\"",
        ],
    );
    check(
        "  - just a string\n",
        &["19:3: error: spec.expect[0]: Invalid value: \"string\": spec.expect[0] in body must be of type object: \"string\""],
    );
}

#[test]
fn when_is_required_and_unambiguous() {
    check(
        "  - kubectl: {status: Running}\n",
        &["19:3: error: spec.expect[0]: Required value: must specify when: at, within, eventually, always or never"],
    );
    check(
        "  - at: 5s\n    within: [0s, 1m]\n    phase: Running\n",
        &["20:5: error: spec.expect[0].within: Forbidden: may not specify both at and within: at checks one instant, within a window"],
    );
    check(
        "  - never: {phase: Failed}\n    always: {phase: Running}\n",
        &["20:5: error: spec.expect[0].always: Forbidden: may not specify more than 1 of eventually, always, never"],
    );
    check(
        "  - at: 5s\n    never: {phase: Failed}\n",
        &["20:5: error: spec.expect[0].never: Forbidden: may not be combined with at (at checks one instant; use within for a window)"],
    );
    check(
        "  - never: {phase: Failed}\n    kubectl: {status: Error}\n",
        &["20:5: error: spec.expect[0].kubectl: Forbidden: with never, the checks go inside it: never: {kubectl: ...}"],
    );
}

#[test]
fn what_to_check_is_required_and_single() {
    check(
        "  - at: 5s\n",
        &["19:3: error: spec.expect[0]: Required value: must specify what to check: one of exists, phase, kubectl, condition, container, event, log"],
    );
    check(
        "  - at: 5s\n    phase: Running\n    event: {reason: Started}\n",
        &["21:5: error: spec.expect[0].event: Forbidden: may not check more than one of the pod's state, its events and its log lines in one expectation: split it in two"],
    );
    check(
        "  - always: {event: {reason: Started}}\n",
        &["19:14: error: spec.expect[0].always.event: Forbidden: always checks the pod's state at every instant; to count events, use within: [from, to] with count"],
    );
    check(
        "  - never: {log: {line: x, count: 2}}\n",
        &["19:28: error: spec.expect[0].never.log.count: Forbidden: never means no matching log lines (count 0): remove count"],
    );
    check(
        "  - at: 5s\n    log: {container: app}\n",
        &["20:5: error: spec.expect[0].log.line: Required value"],
    );
}

#[test]
fn values_are_validated() {
    check(
        "  - at: soon\n    phase: Runing\n",
        &[
            "19:5: error: spec.expect[0].at: Invalid value: \"soon\": must be a duration such as 90s, 4m or 1h30m, or a number of seconds",
            "20:5: error: spec.expect[0].phase: Unsupported value: \"Runing\": supported values: \"Pending\", \"Running\", \"Succeeded\", \"Failed\", \"Unknown\"",
        ],
    );
    check(
        "  - within: [5m]\n    phase: Running\n  - within: [5m, 1m]\n    phase: Running\n",
        &[
            "19:5: error: spec.expect[0].within: Invalid value: [\"5m\"]: must be [from, to], two durations such as [0s, 5m]",
            "21:18: error: spec.expect[1].within[1]: Invalid value: \"1m\": must not be before the window's start (5m0s)",
        ],
    );
    check(
        "  - at: 5s\n    kubectl: {ready: one, restarts: \">= x\"}\n",
        &[
            "20:15: error: spec.expect[0].kubectl.ready: Invalid value: \"one\": must be READY as kubectl prints it: ready/total containers, such as \"1/1\"",
            "20:27: error: spec.expect[0].kubectl.restarts: Invalid value: \">= x\": must be a number or a comparison such as \">= 3\", \"== 0\" or \"< 2\"",
        ],
    );
    check(
        "  - at: 5s\n    event: {type: Warn, container: web}\n",
        &[
            "20:13: error: spec.expect[0].event.type: Unsupported value: \"Warn\": supported values: \"Normal\", \"Warning\"",
            "20:25: error: spec.expect[0].event.container: Not found: \"web\"",
        ],
    );
    check(
        "  - at: 5s\n    condition: {type: Redy, status: maybe}\n",
        &[
            "20:17: error: spec.expect[0].condition.type: Unsupported value: \"Redy\": supported values: \"PodScheduled\", \"PodReadyToStartContainers\", \"Initialized\", \"ContainersReady\", \"Ready\", \"DisruptionTarget\", \"example.com/feature\"",
            "20:29: error: spec.expect[0].condition.status: Unsupported value: \"maybe\": supported values: \"True\", \"False\", \"Unknown\"",
        ],
    );
    check(
        "  - at: 5s\n    container: {state: sleeping}\n",
        &["20:17: error: spec.expect[0].container.state: Unsupported value: \"sleeping\": supported values: \"waiting\", \"running\", \"terminated\""],
    );
}

#[test]
fn container_names_resolve_against_the_pod() {
    check(
        "  - at: 5s\n    container: {name: web, ready: true}\n",
        &["20:17: error: spec.expect[0].container.name: Not found: \"web\""],
    );
    // Two regular containers: the name is required.
    let two = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n  - name: b\n    image: nginx:1.27\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  expect:\n  - at: 5s\n    container: {ready: true}\n";
    assert_eq!(
        rendered(two),
        ["17:5: error: spec.expect[0].container.name: Required value: the pod has 2 containers: name one of \"a\", \"b\""]
    );
}

#[test]
fn a_malformed_expectation_stops_the_run_like_any_scenario_error() {
    let loaded = load(&scenario(
        "  - at: 5s\n    phase: Runing\n  - at: 5s\n    phase: Running\n",
    ));
    assert!(loaded.has_errors());
    assert!(loaded.scenario.is_none());
}

#[test]
fn expectations_do_not_change_the_scenario() {
    let with = load(&scenario("  - at: 5s\n    phase: Running\n"));
    let without = load(&format!(
        "{POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec: {{}}\n"
    ));
    assert_eq!(with.scenario, without.scenario);
    assert_eq!(with.expectations.len(), 1);
    assert!(without.expectations.is_empty());
    // Where a failed check points: the field inside the expectation.
    let span = with.scenario_span("spec.expect[0].phase").unwrap();
    assert_eq!((span.line, span.column), (FIRST + 1, 5));
}

#[test]
fn the_list_is_bounded() {
    let items = "  - never: {phase: Failed}\n".repeat(501);
    check(
        &items,
        &["18:3: error: spec.expect: Too many: 501: must have at most 500 items"],
    );
    let items = "  - never: {phase: Failed}\n".repeat(500);
    assert_eq!(parsed(&items).len(), 500);
}
