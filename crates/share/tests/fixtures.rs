//! Old links keep their meaning: every released link format has fixtures in
//! `tests/fixtures/v<N>/*.json` — `{ "fragment": …, "state": … }` (the exact decoded state) or
//! `{ "fragment": …, "error_kind": … }` (the `DecodeError::kind`). They are written once, when
//! a format is released, and never regenerated: a failure here means old links changed meaning.
//!
//! New fixtures (never overwriting existing files) are written by
//! `PODLIFE_WRITE_FIXTURES=1 cargo test -p podlife-share --test fixtures`.

use std::path::{Path, PathBuf};

use podlife_share::{decode, encode, Lang, Panel, ShareState, View, FORMAT_VERSION};
use podlife_spec::SimTime;
use serde_json::{json, Value};

fn dir(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}"))
}

fn new_fixtures() -> Vec<(&'static str, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let pod = std::fs::read_to_string(root.join("examples/seeds/pod1-nginx.yaml")).unwrap();
    let scenario = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    readinessProbe:\n      httpGet: {path: /index.html, port: 80}\n      periodSeconds: 5\n---\napiVersion: podlife/v1\nkind: Scenario\nmetadata: {name: rm-index}\nspec:\n  until: 4m\n  kubernetesVersion: \"1.34\"\n  actions:\n  - {at: 60s, exec: {container: app, command: [rm, -f, /usr/share/nginx/html/index.html]}}\n  - {at: 90s, delete: {gracePeriodSeconds: 10}}\n";
    let mut full = ShareState::new(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: 中文 # 注释\nspec:\n  containers:\n  - {name: app, image: busybox, command: [sh, -c, 'exit 1']}\n",
    );
    full.kube_minor = 33;
    full.time = SimTime::from_millis(75_250);
    full.speed_milli = 10_000;
    full.view = View::Split;
    full.panel = Panel::Describe;
    full.container = Some("app".into());
    full.lang = Lang::ZhCn;
    let ok = |s: ShareState| {
        let f = encode(&s).unwrap();
        json!({ "fragment": f, "state": s })
    };
    let minimal = encode(&ShareState::new(pod.clone())).unwrap();
    let cut = minimal[..minimal.len() - 4].to_owned();
    let err = |f: String| {
        let e = decode(&f).unwrap_err();
        json!({ "fragment": f, "error_kind": e.kind(), "message": e.to_string() })
    };
    vec![
        ("seed-pod1-nginx", ok(ShareState::new(pod))),
        ("scenario-with-actions", ok(ShareState::new(scenario))),
        ("full-view-state", ok(full)),
        ("empty-text", ok(ShareState::new(""))),
        ("error-truncated", err(cut)),
        ("error-newer-format", err(format!("2{}", &minimal[1..]))),
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
    for (name, v) in new_fixtures() {
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
                // Current-format fixtures also pin the encoder: same state, same link.
                if version == FORMAT_VERSION {
                    assert_eq!(encode(&want).as_deref(), Ok(fragment), "{}", p.display());
                }
            } else {
                // The kind is pinned; the message may be reworded (it is kept for readers).
                let want = v["error_kind"].as_str().unwrap();
                assert_eq!(got.map_err(|e| e.kind()), Err(want), "{}", p.display());
            }
            seen += 1;
        }
    }
    assert!(seen >= 7);
}

/// A link cut off by a chat app says "incomplete", not "damaged": every proper prefix of every
/// released link (these fixtures and the replayed links of `tests/links/v1`) decodes to
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
    let links = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/links/v1");
    for e in std::fs::read_dir(&links).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "link") {
            let text = std::fs::read_to_string(&p).unwrap();
            let f = podlife_share::fragment_of(&text).to_string();
            assert!(decode(&f).is_ok(), "{}", p.display());
            fragments.push((p, f));
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
