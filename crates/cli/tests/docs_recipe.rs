//! The docs-CI recipe (docs/docs-ci.md): `docs/ci/podlife-docs-test.py` finds the podlife
//! blocks of Markdown and HTML pages, runs this build's `podlife test` on them, and reports
//! each finding at its page:line:column, in the terminal and in JUnit XML.

use std::path::{Path, PathBuf};
use std::process::Command;

const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/ci/podlife-docs-test.py"
);
const PODLIFE: &str = env!("CARGO_BIN_EXE_podlife");

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("podlife-docs-recipe-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn script(args: &[&str]) -> (i32, String, String) {
    let out = Command::new("python3")
        .arg(SCRIPT)
        .args(["--podlife", PODLIFE])
        .args(args)
        .output()
        .expect("python3 runs (the docs-CI recipe needs Python 3, as the README's setup says)");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: liveness-exec\nspec:\n  containers:\n  - name: liveness\n    image: registry.k8s.io/busybox:1.36\n    args: [/bin/sh, -c, \"touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600\"]\n    livenessProbe:\n      exec: {command: [cat, /tmp/healthy]}\n      initialDelaySeconds: 5\n      periodSeconds: 5\n";

fn scenario(expect: &str) -> String {
    format!("{POD}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  expect:\n{expect}")
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A Markdown page: a ```podlife block that holds, a Docusaurus-titled one, a plain YAML block
/// (not ours, and not even valid), and, inside a list item, a ```yaml,podlife block whose
/// expectation fails. Returns the page and the line and column of the failing field.
fn markdown_page(dir: &Path) -> (String, usize, usize) {
    let holds = scenario("  - at: 20s\n    kubectl: {ready: \"1/1\", status: Running}\n");
    let fails = scenario("  - at: 20s\n    kubectl: {ready: \"0/1\"}\n");
    let mut page = String::from("# Liveness probes\n\nA pod that is killed:\n\n```podlife\n");
    page.push_str(&holds);
    page.push_str("```\n\n```yaml title=\"podlife: the same, titled\"\n");
    page.push_str(&holds);
    page.push_str("```\n\nNot a playground:\n\n```yaml\nkind: [\n```\n\n1. In a list:\n\n   ```yaml,podlife\n");
    let before = page.lines().count();
    page.push_str(&indent(&fails, "   "));
    page.push_str("\n   ```\n");
    // The failing field `ready:` of `kubectl: {ready: ...}`: its line in `fails`, plus the
    // lines before the block; its column plus the list indentation.
    let (line_in_block, row) = fails
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("ready: \"0/1\""))
        .expect("the failing line");
    let col = row.find("ready").expect("ready") + 1 + 3;
    let p = dir.join("probes.md");
    std::fs::write(&p, page).expect("write");
    (
        p.to_string_lossy().into_owned(),
        before + line_in_block + 1,
        col,
    )
}

/// A built HTML page: a `pre.podlife` block and a highlighted block in a `.podlife` wrapper
/// (entities and spans inside, as generators write them).
fn html_page(dir: &Path) -> String {
    let holds = scenario("  - never: {phase: Failed}\n");
    let highlighted = holds
        .replace('"', "&quot;")
        .lines()
        .map(|l| format!("<span class=\"line\">{l}</span>"))
        .collect::<Vec<_>>()
        .join("\n");
    let page = format!(
        "<!doctype html>\n<html><body>\n<h1>Docs</h1>\n<pre class=\"podlife\">\n{holds}</pre>\n<div class=\"podlife highlight\"><pre><code class=\"language-yaml\">{highlighted}\n</code></pre></div>\n<pre><code>not: [ours</code></pre>\n</body></html>\n"
    );
    let p = dir.join("built.html");
    std::fs::write(&p, page).expect("write");
    p.to_string_lossy().into_owned()
}

#[test]
fn the_recipe_checks_every_podlife_block_and_points_into_the_page() {
    let dir = scratch("site");
    let (md, line, col) = markdown_page(&dir);
    let html = html_page(&dir);
    let junit = dir.join("junit.xml");
    let junit_arg = junit.to_string_lossy().into_owned();
    let (code, out, err) = script(&["--junit", &junit_arg, dir.to_str().unwrap()]);
    assert_eq!(code, 1, "one block fails\n{out}\n{err}");
    // Five blocks: three in the Markdown page (the plain YAML one is not ours), two in HTML.
    assert!(
        out.ends_with("podlife test: 5 files, 4 passed, 1 failed\n"),
        "{out}\n{err}"
    );
    let failure = out
        .lines()
        .find(|l| l.contains(": error: "))
        .expect("the failure");
    assert!(
        failure.starts_with(&format!(
            "{md}:{line}:{col}: error: spec.expect[0]: at 20s: kubectl.ready = \"0/1\""
        )),
        "{failure}\nwant {md}:{line}:{col}"
    );
    assert!(failure.contains("kubectl.ready is \"1/1\""), "{failure}");
    assert!(
        out.lines()
            .filter(|l| l.starts_with(&format!("{html}:")))
            .count()
            == 2,
        "{out}"
    );
    assert!(!out.contains("block0"), "no temporary names left: {out}");
    // The JUnit report names the pages and lines.
    let xml = std::fs::read_to_string(&junit).expect("report");
    let doc = roxmltree::Document::parse(&xml).expect("valid XML");
    let failed: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .filter(|n| n.children().any(|c| c.has_tag_name("failure")))
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attribute("file"), Some(md.as_str()));
    assert_eq!(failed[0].attribute("line"), Some(line.to_string().as_str()));
    assert!(doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .all(|n| n.attribute("file") == Some(md.as_str())
            || n.attribute("file") == Some(html.as_str())));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn passing_pages_exit_0_and_no_blocks_is_an_error() {
    let dir = scratch("passing");
    let html = html_page(&dir);
    let (code, out, err) = script(&[&html]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.ends_with("podlife test: 2 files, 2 passed, 0 failed\n"),
        "{out}"
    );
    let empty = scratch("empty");
    std::fs::write(
        empty.join("readme.md"),
        "# nothing here\n\n```yaml\na: 1\n```\n",
    )
    .unwrap();
    let (code, _, err) = script(&[empty.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("no podlife blocks found"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&empty);
}
