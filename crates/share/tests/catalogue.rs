//! The format-2 catalogue is append-only: an entry's text may never change, or links made
//! against it would decode to other text. These pins were recorded when each entry was added;
//! append a line for each new entry, never edit one.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use podlife_share::{decode, encode, fnv1a32, ShareState, CATALOGUE, MAX_BASE_BYTES};

/// (number, id, FNV-1a 32 of the text) of every released catalogue entry.
const PINNED: &[(u32, &str, u32)] = &[
    (0, "busybox-crash-loop", 0xc5b598a2),
    (1, "slow-starter-startup-probe", 0xf4f7f189),
    (2, "job-with-sidecar", 0x99f16c0a),
    (3, "liveness-exec", 0x008a875b),
    (4, "liveness-exec-busyboxplus", 0xc61b577e),
    (5, "liveness-exec-live-file", 0x008bf9ea),
    (6, "liveness-http", 0x531aee0e),
    (7, "liveness-http-gcr", 0xafbb205e),
    (8, "liveness-httpget-nginx", 0x225f6917),
    (9, "liveness-httpget-misindented", 0xb9344b02),
    (10, "liveness-tcp-myapp", 0xa4b104cd),
    (11, "liveness-tcp-nginx", 0xe1bc54ee),
    (12, "goproxy-tcp-probes", 0xe6bb42bf),
    (13, "readiness-httpget-myapp", 0xb9d324a7),
    (14, "readiness-httpget-service", 0x4becbecb),
    (15, "liveness-readiness-httpget", 0xece6a323),
    (16, "readiness-gate-fragment", 0x625f80df),
    (17, "init-containers-services", 0x193ba41d),
    (18, "init-containers-namespace-dns", 0x144baeeb),
    (19, "lifecycle-demo-message", 0x92c494a4),
    (20, "lifecycle-demo-nginx-quit", 0x75a57027),
    (21, "poststart-nginx", 0x07c66bf1),
    (22, "prestop-hostpath", 0x4d28334f),
    (23, "memory-limit-within", 0xccb3f57d),
    (24, "memory-limit-exceeded", 0x1e8164af),
    (25, "image-pull-always", 0x7f836616),
    (26, "image-pull-never", 0xbbd5c34c),
    (27, "image-pull-ifnotpresent-bad-tag", 0x86b9970d),
    (28, "pod1-harbar-typo", 0xd032abe5),
    (29, "pod1-nginx", 0x23adac87),
    (30, "pod1-stress", 0xf10fd5a5),
    (31, "one-pod-multi-container", 0x15ab0c0c),
    (32, "two-stress-containers-no-space", 0xff9b0437),
    (33, "nodename", 0x225c5796),
    (34, "nodeselector", 0x7b03db2e),
    (35, "sidecar-deployment", 0x11092446),
    (36, "nginx-annotated", 0x76079b9a),
    (37, "myapp-pod-hello", 0xa3d4a1e7),
];

#[test]
fn catalogue_entries_never_change() {
    assert!(
        CATALOGUE.len() >= PINNED.len(),
        "catalogue entries were removed: {} left of {} released",
        CATALOGUE.len(),
        PINNED.len()
    );
    assert_eq!(
        CATALOGUE.len(),
        PINNED.len(),
        "a new catalogue entry needs its pin in PINNED"
    );
    let mut problems = Vec::new();
    for (i, (e, &(number, id, hash))) in CATALOGUE.iter().zip(PINNED).enumerate() {
        assert_eq!(e.number as usize, i, "entry numbers are their index");
        let actual = fnv1a32(e.text.as_bytes());
        if (e.number, e.id, e.hash, actual) != (number, id, hash, hash) {
            problems.push(format!(
                "catalogue entry {number} ({id}): text hash {actual:#010x}, pinned {hash:#010x}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nA catalogue text changed (probably its gallery file was edited). Every format-2 link \
         made against it would change meaning: add a new entry instead. Restore the old text as \
         crates/share/catalogue/<id>.<number>.yaml (from git), point the old entry there, and \
         append a new entry (next number, same id) for the new text, with its pin here.",
        problems.join("\n")
    );
}

#[test]
fn catalogue_texts_fit_and_are_distinct() {
    let mut seen = BTreeSet::new();
    for e in CATALOGUE {
        assert!(
            e.text.len() <= MAX_BASE_BYTES,
            "{}: {} bytes",
            e.id,
            e.text.len()
        );
        assert!(seen.insert(e.hash), "{}: the same text twice", e.id);
        assert!(
            !e.id.is_empty()
                && e.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every gallery file is the newest catalogue entry of its id, so sharing an example unedited
/// gives a tiny link. (A new gallery file needs a new entry; an edited one, see above.)
#[test]
fn every_gallery_example_is_the_newest_entry_of_its_id() {
    let mut n = 0;
    for dir in ["examples/seeds", "web/examples"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_none_or(|x| x != "yaml") {
                continue;
            }
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let newest = CATALOGUE.iter().rev().find(|e| e.id == id);
            assert!(
                newest.is_some_and(|e| e.text == text),
                "{}: not the newest catalogue entry of id {id} (append one)",
                p.display()
            );
            let f = encode(&ShareState::new(text.clone())).unwrap();
            assert!(f.len() <= 100, "{id}: {} chars", f.len());
            assert_eq!(decode(&f).map(|s| s.text), Ok(text));
            n += 1;
        }
    }
    assert_eq!(n, 38);
}
