//! `podlife test` (expectations, JUnit XML) and `podlife diff` (two runs compared), on the pure
//! functions of `podlife-report`.

use std::io::{Read, Write};

use podlife_engine::{simulate, Trace};
use podlife_manifest::{Loaded, Severity};
use podlife_report::diff;
use podlife_report::expect::{evaluate, Outcome};
use podlife_spec::expect::Expectation;
use podlife_spec::{SimTime, MAX_UNTIL};

use podlife_share::ShareState;

use crate::{apply_link_profile, load_input, read_input, Input};

/// One file's results.
pub struct FileReport {
    pub name: String,
    /// Rendered load diagnostics that stop the run (errors), if any.
    pub load_errors: Vec<String>,
    /// The run hit a bound (the trace is incomplete).
    pub capped: Option<String>,
    pub cases: Vec<Case>,
}

/// One expectation's result, located in the file.
pub struct Case {
    pub name: String,
    pub line: usize,
    pub column: usize,
    /// `None` when passed; else the failure line.
    pub failure: Option<String>,
    pub outcome: Outcome,
}

impl FileReport {
    pub fn failed(&self) -> usize {
        self.cases.iter().filter(|c| c.failure.is_some()).count()
            + usize::from(self.capped.is_some())
    }

    pub fn errors(&self) -> usize {
        usize::from(!self.load_errors.is_empty())
    }
}

/// Where a field of an expectation is written: the exact field if present (inside its
/// `eventually`/`always`/`never` or inline), else the list item.
fn locate(loaded: &Loaded, e: &Expectation, field: &str) -> (usize, usize) {
    let doc = loaded
        .scenario_doc
        .and_then(|d| loaded.source_map.docs.get(d));
    if let Some(doc) = doc {
        if !field.is_empty() {
            for q in ["", "eventually.", "always.", "never."] {
                let p = format!("{}.{q}{field}", e.path);
                if let Some(s) = doc.get(&podlife_manifest::source_map::parse_path(&p)) {
                    return (s.line, s.column);
                }
            }
        }
    }
    (e.line, e.column)
}

/// The test case name of an expectation: its `name:`, else its path and what it checks.
fn case_name(e: &Expectation, o: &Outcome) -> String {
    match &e.name {
        Some(n) => format!("{}: {n}", e.path),
        None => format!("{}: {}", e.path, o.summary),
    }
}

/// Loads, runs and checks one INPUT.
fn test_one(file: &str, stdin: &mut dyn Read, err: &mut dyn Write) -> FileReport {
    let mut report = FileReport {
        name: file.to_string(),
        load_errors: Vec::new(),
        capped: None,
        cases: Vec::new(),
    };
    let (name, text, link) = match load_input(file, stdin, err) {
        Ok(x) => x,
        Err(_) => {
            report.load_errors.push(format!("{file}: cannot be read"));
            return report;
        }
    };
    report.name = name.clone();
    let loaded = podlife_manifest::load(&text);
    // Errors and warnings (a CI log is no place for lint hints).
    for d in loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Hint)
    {
        let line = d.render(&name);
        let _ = writeln!(err, "{line}");
        if d.severity == Severity::Error {
            report.load_errors.push(line);
        }
    }
    let Some(mut scenario) = loaded.scenario.clone() else {
        if report.load_errors.is_empty() {
            report.load_errors.push(format!("{name}: no scenario"));
        }
        return report;
    };
    if !report.load_errors.is_empty() {
        return report;
    }
    if let Some(state) = &link {
        apply_link_profile(state, &mut scenario);
    }
    let trace = simulate(&scenario);
    report.capped = trace.capped.clone();
    report.cases = cases(&loaded, &trace, &name);
    report
}

fn cases(loaded: &Loaded, trace: &Trace, name: &str) -> Vec<Case> {
    let outcomes = evaluate(&loaded.expectations, trace);
    loaded
        .expectations
        .iter()
        .zip(outcomes)
        .map(|(e, o)| {
            let (line, column) = if o.passed {
                (e.line, e.column)
            } else {
                locate(loaded, e, &o.field)
            };
            let failure = (!o.passed).then(|| {
                format!(
                    "{name}:{line}:{column}: error: {}: {} — {}",
                    e.path, o.summary, o.observed
                )
            });
            Case {
                name: case_name(e, &o),
                line,
                column,
                failure,
                outcome: o,
            }
        })
        .collect()
}

/// `podlife test FILE...`: 0 when every file loads and every expectation holds.
pub fn test(
    files: &[String],
    junit: Option<&str>,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut reports = Vec::new();
    for f in files {
        let r = test_one(f, stdin, err);
        print_report(&r, out);
        reports.push(r);
    }
    let passed: usize = reports
        .iter()
        .map(|r| r.cases.iter().filter(|c| c.failure.is_none()).count())
        .sum();
    let failed: usize = reports.iter().map(|r| r.failed() + r.errors()).sum();
    let _ = writeln!(
        out,
        "podlife test: {} file{}, {passed} passed, {failed} failed",
        reports.len(),
        if reports.len() == 1 { "" } else { "s" }
    );
    if let Some(path) = junit {
        let xml = junit_xml(&reports);
        if let Err(e) = std::fs::write(path, xml) {
            let _ = writeln!(err, "error: --junit {path}: {e}");
            return 1;
        }
    }
    i32::from(failed > 0)
}

fn print_report(r: &FileReport, out: &mut dyn Write) {
    if !r.load_errors.is_empty() {
        let _ = writeln!(
            out,
            "{}: error: the scenario does not load (diagnostics above); nothing was checked",
            r.name
        );
        return;
    }
    for c in &r.cases {
        match &c.failure {
            Some(f) => {
                let _ = writeln!(out, "{f}");
            }
            None => {
                let _ = writeln!(
                    out,
                    "{}:{}:{}: ok: {} — {}",
                    r.name, c.line, c.column, c.name, c.outcome.observed
                );
            }
        }
    }
    if let Some(cap) = &r.capped {
        let _ = writeln!(
            out,
            "{}: error: the run hit a bound and stopped early ({cap}): its trace is incomplete",
            r.name
        );
    }
    if r.cases.is_empty() && r.capped.is_none() {
        let _ = writeln!(
            out,
            "{}: ok: valid and runs (no expectations: add spec.expect to the Scenario document to check the run)",
            r.name
        );
    }
}

/// Test cases of a file in the JUnit report: "loads" when it does not; "runs" when it has no
/// expectation or its run was capped; one per expectation.
fn tests_of(r: &FileReport) -> usize {
    if !r.load_errors.is_empty() {
        return 1;
    }
    r.cases.len() + usize::from(r.cases.is_empty() || r.capped.is_some())
}

/// JUnit XML: one `<testsuite>` per file, one `<testcase>` per expectation (a file without
/// expectations has one case, "runs"); a file that does not load is one case with `<error>`.
pub fn junit_xml(reports: &[FileReport]) -> String {
    use podlife_report::svg::xml_escape as esc;
    let total: usize = reports.iter().map(tests_of).sum();
    let failures: usize = reports.iter().map(FileReport::failed).sum();
    let errors: usize = reports.iter().map(FileReport::errors).sum();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<testsuites name=\"podlife test\" tests=\"{total}\" failures=\"{failures}\" errors=\"{errors}\">\n"
    ));
    for r in reports {
        let n = esc(&r.name);
        let tests = tests_of(r);
        x.push_str(&format!(
            "  <testsuite name=\"{n}\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n",
            r.failed(),
            r.errors()
        ));
        if !r.load_errors.is_empty() {
            let body = r.load_errors.join("\n");
            x.push_str(&format!(
                "    <testcase classname=\"{n}\" name=\"loads\" file=\"{n}\">\n      <error message=\"the scenario does not load\" type=\"diagnostics\">{}</error>\n    </testcase>\n",
                esc(&body)
            ));
        } else {
            if r.cases.is_empty() || r.capped.is_some() {
                x.push_str(&format!(
                    "    <testcase classname=\"{n}\" name=\"runs\" file=\"{n}\">"
                ));
                if let Some(cap) = &r.capped {
                    x.push_str(&format!(
                        "\n      <failure message=\"the run hit a bound\" type=\"capped\">{}</failure>\n    ",
                        esc(cap)
                    ));
                }
                x.push_str("</testcase>\n");
            }
            for c in &r.cases {
                x.push_str(&format!(
                    "    <testcase classname=\"{n}\" name=\"{}\" file=\"{n}\" line=\"{}\">",
                    esc(&c.name),
                    c.line
                ));
                match &c.failure {
                    Some(f) => x.push_str(&format!(
                        "\n      <failure message=\"{}\" type=\"expectation\">{}</failure>\n    </testcase>\n",
                        esc(&c.outcome.observed),
                        esc(f)
                    )),
                    None => x.push_str("</testcase>\n"),
                }
            }
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    x
}

/// Loads INPUT and runs it for `diff`: its trace, or the exit code (2: invalid).
fn load_run(
    file: &str,
    until: Option<SimTime>,
    stdin: &mut dyn Read,
    err: &mut dyn Write,
) -> Result<NamedRun, i32> {
    let (name, text, link) = load_input(file, stdin, err).map_err(|_| 2)?;
    run_text(&name, &text, link.as_ref(), until, err)
}

/// Runs `text` for `diff` with the profile of the link it came from (if any).
fn run_text(
    name: &str,
    text: &str,
    link: Option<&ShareState>,
    until: Option<SimTime>,
    err: &mut dyn Write,
) -> Result<NamedRun, i32> {
    let loaded = podlife_manifest::load(text);
    for d in loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Hint)
    {
        let _ = writeln!(err, "{}", d.render(name));
    }
    match loaded.scenario {
        Some(mut s) if !loaded.has_errors() => {
            if let Some(state) = link {
                apply_link_profile(state, &mut s);
            }
            if let Some(u) = until {
                s.setup.until = u.min(MAX_UNTIL);
            }
            Ok((name.to_string(), simulate(&s)))
        }
        _ => {
            let _ = writeln!(err, "error: {name}: the scenario does not load");
            Err(2)
        }
    }
}

/// A run and the name its input goes by in messages.
type NamedRun = (String, Trace);

/// The two runs of a comparison link (A alone: `podlife diff '<link>'`).
fn compare_link_runs(
    a: &str,
    until: Option<SimTime>,
    stdin: &mut dyn Read,
    err: &mut dyn Write,
) -> Result<(NamedRun, NamedRun), i32> {
    let state = match read_input(a, stdin) {
        Ok(Input::Link(state)) => state,
        Ok(Input::Text { .. }) => {
            let _ = writeln!(
                err,
                "error: B is missing: give two inputs, or one comparison link (from the page's \
                 Compare or `podlife share A --compare B`)"
            );
            return Err(2);
        }
        Err(m) => {
            let _ = writeln!(err, "error: {m}");
            return Err(2);
        }
    };
    for n in state.compat_notes() {
        let _ = writeln!(err, "note: {n}");
    }
    let Some(b) = state.run_b() else {
        let _ = writeln!(
            err,
            "error: this link holds one run, not a comparison: give B as a second input"
        );
        return Err(2);
    };
    let a = state.run_a();
    let ra = run_text("<link A>", &a.text, Some(&a), until, err)?;
    let rb = run_text("<link B>", &b.text, Some(&b), until, err)?;
    Ok((ra, rb))
}

/// `podlife diff A B` (or `podlife diff LINK` of a comparison): 0 when the runs are the same,
/// 1 when they differ, 2 on invalid input.
pub fn diff_cmd(
    a: &str,
    b: Option<&str>,
    until: Option<SimTime>,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let runs = match b {
        None => compare_link_runs(a, until, stdin, err),
        Some(b) if a == "-" && b == "-" => {
            let _ = writeln!(err, "error: only one of A and B can be `-` (stdin)");
            Err(2)
        }
        Some(b) => load_run(a, until, stdin, err)
            .and_then(|ra| load_run(b, until, stdin, err).map(|rb| (ra, rb))),
    };
    let ((an, at), (bn, bt)) = match runs {
        Ok(x) => x,
        Err(c) => return c,
    };
    let d = diff::diff(&at, &bt);
    let _ = out.write_all(diff::render_text(&d, &at, &bt, &an, &bn).as_bytes());
    i32::from(!d.is_empty())
}
