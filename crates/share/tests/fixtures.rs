//! Old links keep their meaning: every released link format has fixtures in
//! `tests/fixtures/v<N>/*.json` — `{ "fragment": …, "state": … }` (the exact decoded state) or
//! `{ "fragment": …, "error_kind": … }` (the `DecodeError::kind`). They are written once, when
//! a format is released, and never regenerated: a failure here means old links changed meaning.
//!
//! New fixtures (never overwriting existing files) are written by
//! `PODLIFE_WRITE_FIXTURES=1 cargo test -p podlife-share --test fixtures`.

use std::path::{Path, PathBuf};

use podlife_share::{
    decode, encode, encode_v1, CompareState, Lang, Panel, ShareState, View, FORMAT_VERSION,
};
use podlife_spec::SimTime;
use serde_json::{json, Value};

fn dir(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}"))
}

/// The fixtures of a format, written once when it was released (only the current format's are
/// ever written).
fn new_fixtures(version: u32) -> Vec<(&'static str, Value)> {
    match version {
        2 => v2_fixtures(),
        3 => v3_fixtures(),
        _ => Vec::new(),
    }
}

/// Format 3: comparisons (issue 16).
fn v3_fixtures() -> Vec<(&'static str, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let exec = std::fs::read_to_string(root.join("examples/seeds/liveness-exec.yaml")).unwrap();
    let threshold = exec.replace(
        "      periodSeconds: 5\n",
        "      periodSeconds: 5\n      failureThreshold: 1\n",
    );
    let pair = |a: &str, b: &str, b_minor: u32| {
        let mut s = ShareState::new(a);
        s.compare = Some(CompareState {
            text: b.to_owned(),
            kube_minor: b_minor,
        });
        s
    };
    let ok = |s: ShareState, f: String| {
        assert!(f.starts_with('3'), "{f}");
        let mut s = s;
        s.format_version = 3;
        json!({ "fragment": f, "state": s })
    };
    let threshold_pair = pair(&exec, &threshold, 37);
    let link = encode(&threshold_pair).unwrap();
    // B differs only in the Kubernetes version its Scenario document asks for.
    let mut version = pair(
        &exec,
        &format!("{exec}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.34\"\n"),
        34,
    );
    version.view = View::Compare;
    version.lang = Lang::ZhCn;
    version.time = SimTime::from_secs(40);
    let err = |f: String| {
        let e = decode(&f).unwrap_err();
        json!({ "fragment": f, "error_kind": e.kind(), "message": e.to_string() })
    };
    // A format-1 fragment of a plain (one-run) payload behind "3": no run B.
    let plain = encode_v1(&ShareState::new(exec.clone())).unwrap();
    vec![
        (
            "compare-liveness-threshold",
            ok(threshold_pair.clone(), link.clone()),
        ),
        (
            "compare-version-only-zh",
            ok(version.clone(), encode(&version).unwrap()),
        ),
        (
            "compare-format-1-inside",
            ok(threshold_pair.clone(), encode_v1(&threshold_pair).unwrap()),
        ),
        ("error-truncated", err(link[..link.len() - 5].to_owned())),
        ("error-newer-format", err(format!("4{}", &link[1..]))),
        ("error-compare-without-b", err(format!("3{plain}"))),
        ("error-not-a-link", err("#compare".into())),
    ]
}

/// Format 2: links compressed against a gallery example.
fn v2_fixtures() -> Vec<(&'static str, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let exec = read("examples/seeds/liveness-exec.yaml");
    let annotated = read("examples/seeds/nginx-annotated.yaml");
    // An edited gallery example: a changed value, a removed line, an added Scenario document.
    let edited = annotated
        .replace("nginx:latest", "nginx:1.27")
        .replacen("\n", "\n# 我的修改\n", 1)
        + "---\napiVersion: podlife/v1\nkind: Scenario\nmetadata: {name: mine}\nspec:\n  until: 3m\n";
    let mut full =
        ShareState::new(read("web/examples/job-with-sidecar.yaml").replace("  ", "    "));
    full.kube_minor = 33;
    full.time = SimTime::from_millis(75_250);
    full.speed_milli = 10_000;
    full.view = View::Split;
    full.panel = Panel::Describe;
    full.container = Some("app".into());
    full.lang = Lang::ZhCn;
    let ok = |s: ShareState| {
        let f = encode(&s).unwrap();
        assert!(f.starts_with('2'), "{f}");
        let mut s = s;
        s.format_version = 2;
        json!({ "fragment": f, "state": s })
    };
    let exec_link = encode(&ShareState::new(exec.clone())).unwrap();
    let cut = exec_link[..exec_link.len() - 4].to_owned();
    let err = |f: String| {
        let e = decode(&f).unwrap_err();
        json!({ "fragment": f, "error_kind": e.kind(), "message": e.to_string() })
    };
    // Base number 127 (not in the catalogue of format 2's release) and a wrong hash for 3.
    // The first 8 characters after "2" are 6 bytes: the 5-byte prefix and 1 byte of deflate.
    let unknown = format!("2fwAAAAAA{}", &exec_link[9..]);
    let mismatch = format!("2AwAAAAAA{}", &exec_link[9..]);
    vec![
        ("seed-liveness-exec", ok(ShareState::new(exec))),
        ("seed-nginx-annotated", ok(ShareState::new(annotated))),
        ("edited-nginx-annotated", ok(ShareState::new(edited))),
        ("full-view-state-reindented", ok(full)),
        ("error-truncated", err(cut)),
        ("error-newer-format", err(format!("3{}", &exec_link[1..]))),
        ("error-unknown-base", err(unknown)),
        ("error-base-mismatch", err(mismatch)),
        ("error-not-a-link", err("hello-world".into())),
    ]
}

#[test]
fn write_new_fixtures_when_asked() {
    if std::env::var_os("PODLIFE_WRITE_FIXTURES").is_none() {
        return;
    }
    let d = dir(FORMAT_VERSION);
    std::fs::create_dir_all(&d).unwrap();
    for (name, v) in new_fixtures(FORMAT_VERSION) {
        let p = d.join(format!("{name}.json"));
        if !p.exists() {
            std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap() + "\n").unwrap();
        }
    }
}

#[test]
fn every_released_fixture_decodes_exactly_as_recorded() {
    let mut seen = 0;
    for version in 1..=FORMAT_VERSION {
        let d = dir(version);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (every released format needs fixtures)",
                    d.display()
                )
            })
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        assert!(files.len() >= 5, "too few fixtures for v{version}");
        for p in files {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let fragment = v["fragment"].as_str().unwrap();
            let got = decode(fragment);
            if let Some(state) = v.get("state") {
                let want: ShareState = serde_json::from_value(state.clone()).unwrap();
                assert_eq!(got.as_ref(), Ok(&want), "{}", p.display());
                assert_eq!(want.format_version, version, "{}", p.display());
                // They also pin the encoders: same state, same link. `encode` writes the
                // current format; format 1 lives on in `encode_v1` (what web/embed.js writes).
                let again = match version {
                    1 => encode_v1(&want),
                    // Format 3 wraps format 1 or 2: its fixtures say which.
                    3 if fragment.starts_with("31") => encode_v1(&want),
                    2 | 3 => encode(&want),
                    _ => continue,
                };
                assert_eq!(again.as_deref(), Ok(fragment), "{}", p.display());
            } else {
                // The kind is pinned; the message may be reworded (it is kept for readers).
                let want = v["error_kind"].as_str().unwrap();
                let from_a_known_format = fragment
                    .chars()
                    .next()
                    .and_then(|c| c.to_digit(10))
                    .is_some_and(|v| v <= FORMAT_VERSION);
                if want == "NewerFormat" && from_a_known_format {
                    // Recorded when that format did not exist yet (v1's "2…" fixture). Now this
                    // build reads the format; the fragment was never a real link of it, so it
                    // must still be refused, now by that format's own checks.
                    assert!(got.is_err(), "{}", p.display());
                } else {
                    assert_eq!(got.map_err(|e| e.kind()), Err(want), "{}", p.display());
                }
            }
            seen += 1;
        }
    }
    assert!(seen >= 23);
}

/// A link cut off by a chat app says "incomplete", not "damaged": every proper prefix of every
/// released link (these fixtures and the replayed links of `tests/links/v<N>`) decodes to
/// `Truncated`. (Before the inflater told "needs more input" from a data error, 543 of the
/// 1,409 prefixes of `tests/links/v1` said `Corrupt`.)
#[test]
fn every_prefix_of_a_released_link_is_truncated() {
    let mut fragments = Vec::new();
    for version in 1..=FORMAT_VERSION {
        for e in std::fs::read_dir(dir(version)).unwrap() {
            let p = e.unwrap().path();
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            if v.get("state").is_some() {
                fragments.push((p, v["fragment"].as_str().unwrap().to_string()));
            }
        }
    }
    for version in 1..=FORMAT_VERSION {
        let links =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../tests/links/v{version}"));
        for e in std::fs::read_dir(&links).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "link") {
                let text = std::fs::read_to_string(&p).unwrap();
                let f = podlife_share::fragment_of(&text).to_string();
                assert!(decode(&f).is_ok(), "{}", p.display());
                fragments.push((p, f));
            }
        }
    }
    let mut prefixes = 0;
    for (p, fragment) in &fragments {
        for cut in 1..fragment.len() {
            let got = decode(&fragment[..cut]).map_err(|e| e.kind());
            assert_eq!(got, Err("Truncated"), "{} cut at {cut}", p.display());
            prefixes += 1;
        }
    }
    assert!(prefixes > 1400, "only {prefixes} prefixes");
}
