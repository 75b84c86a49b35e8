//! The catalogue of format-2 base texts: the gallery examples a v2 link is compressed against.
//!
//! Append-only, forever: a v2 link names its base by its number here (its index) and carries the
//! FNV-1a 32 hash of the base's exact bytes, which `decode` checks. An entry's text may never
//! change, or every link made against it would decode to different text (or be refused).
//!
//! The texts are the gallery's own files (`examples/seeds`, `web/examples`), included here so the
//! app and the catalogue hold the same bytes. `tests/catalogue.rs` pins each entry's hash: when a
//! gallery file is edited, that test fails. Then copy the *old* text (from git) to
//! `crates/share/catalogue/<id>.<number>.yaml`, point the old entry's `include_str!` there
//! (number, id and hash unchanged), and append a new entry (next number, same id) for the new
//! text.

/// One base text of format 2.
#[derive(Debug)]
pub struct BaseText {
    /// The entry's number in links (its index in [`CATALOGUE`]).
    pub number: u32,
    /// The gallery example id (`?example=<id>`); several entries may share an id when an example
    /// was edited (the newest is the last).
    pub id: &'static str,
    /// FNV-1a 32 of `text`'s bytes, pinned here (and checked by a test against the text).
    pub hash: u32,
    /// The exact text.
    pub text: &'static str,
}

const fn entry(number: u32, id: &'static str, hash: u32, text: &'static str) -> BaseText {
    BaseText {
        number,
        id,
        hash,
        text,
    }
}

/// Largest base text the catalogue may hold (so `DICT_V1 ++ base` fits the 32 KiB deflate
/// window without cutting the dictionary; `tests/catalogue.rs` checks it).
pub const MAX_BASE_BYTES: usize = 16 * 1024;

/// Every format-2 base, in number order. Append only; never edit, reorder or remove an entry.
pub const CATALOGUE: &[BaseText] = &[
    entry(
        0,
        "busybox-crash-loop",
        0xc5b598a2,
        include_str!("../../../web/examples/busybox-crash-loop.yaml"),
    ),
    entry(
        1,
        "slow-starter-startup-probe",
        0xf4f7f189,
        include_str!("../../../web/examples/slow-starter-startup-probe.yaml"),
    ),
    entry(
        2,
        "job-with-sidecar",
        0x99f16c0a,
        include_str!("../../../web/examples/job-with-sidecar.yaml"),
    ),
    entry(
        3,
        "liveness-exec",
        0x008a875b,
        include_str!("../../../examples/seeds/liveness-exec.yaml"),
    ),
    entry(
        4,
        "liveness-exec-busyboxplus",
        0xc61b577e,
        include_str!("../../../examples/seeds/liveness-exec-busyboxplus.yaml"),
    ),
    entry(
        5,
        "liveness-exec-live-file",
        0x008bf9ea,
        include_str!("../../../examples/seeds/liveness-exec-live-file.yaml"),
    ),
    entry(
        6,
        "liveness-http",
        0x531aee0e,
        include_str!("../../../examples/seeds/liveness-http.yaml"),
    ),
    entry(
        7,
        "liveness-http-gcr",
        0xafbb205e,
        include_str!("../../../examples/seeds/liveness-http-gcr.yaml"),
    ),
    entry(
        8,
        "liveness-httpget-nginx",
        0x225f6917,
        include_str!("../../../examples/seeds/liveness-httpget-nginx.yaml"),
    ),
    entry(
        9,
        "liveness-httpget-misindented",
        0xb9344b02,
        include_str!("../../../examples/seeds/liveness-httpget-misindented.yaml"),
    ),
    entry(
        10,
        "liveness-tcp-myapp",
        0xa4b104cd,
        include_str!("../../../examples/seeds/liveness-tcp-myapp.yaml"),
    ),
    entry(
        11,
        "liveness-tcp-nginx",
        0xe1bc54ee,
        include_str!("../../../examples/seeds/liveness-tcp-nginx.yaml"),
    ),
    entry(
        12,
        "goproxy-tcp-probes",
        0xe6bb42bf,
        include_str!("../../../examples/seeds/goproxy-tcp-probes.yaml"),
    ),
    entry(
        13,
        "readiness-httpget-myapp",
        0xb9d324a7,
        include_str!("../../../examples/seeds/readiness-httpget-myapp.yaml"),
    ),
    entry(
        14,
        "readiness-httpget-service",
        0x4becbecb,
        include_str!("../../../examples/seeds/readiness-httpget-service.yaml"),
    ),
    entry(
        15,
        "liveness-readiness-httpget",
        0xece6a323,
        include_str!("../../../examples/seeds/liveness-readiness-httpget.yaml"),
    ),
    entry(
        16,
        "readiness-gate-fragment",
        0x625f80df,
        include_str!("../../../examples/seeds/readiness-gate-fragment.yaml"),
    ),
    entry(
        17,
        "init-containers-services",
        0x193ba41d,
        include_str!("../../../examples/seeds/init-containers-services.yaml"),
    ),
    entry(
        18,
        "init-containers-namespace-dns",
        0x144baeeb,
        include_str!("../../../examples/seeds/init-containers-namespace-dns.yaml"),
    ),
    entry(
        19,
        "lifecycle-demo-message",
        0x92c494a4,
        include_str!("../../../examples/seeds/lifecycle-demo-message.yaml"),
    ),
    entry(
        20,
        "lifecycle-demo-nginx-quit",
        0x75a57027,
        include_str!("../../../examples/seeds/lifecycle-demo-nginx-quit.yaml"),
    ),
    entry(
        21,
        "poststart-nginx",
        0x07c66bf1,
        include_str!("../../../examples/seeds/poststart-nginx.yaml"),
    ),
    entry(
        22,
        "prestop-hostpath",
        0x4d28334f,
        include_str!("../../../examples/seeds/prestop-hostpath.yaml"),
    ),
    entry(
        23,
        "memory-limit-within",
        0xccb3f57d,
        include_str!("../../../examples/seeds/memory-limit-within.yaml"),
    ),
    entry(
        24,
        "memory-limit-exceeded",
        0x1e8164af,
        include_str!("../../../examples/seeds/memory-limit-exceeded.yaml"),
    ),
    entry(
        25,
        "image-pull-always",
        0x7f836616,
        include_str!("../../../examples/seeds/image-pull-always.yaml"),
    ),
    entry(
        26,
        "image-pull-never",
        0xbbd5c34c,
        include_str!("../../../examples/seeds/image-pull-never.yaml"),
    ),
    entry(
        27,
        "image-pull-ifnotpresent-bad-tag",
        0x86b9970d,
        include_str!("../../../examples/seeds/image-pull-ifnotpresent-bad-tag.yaml"),
    ),
    entry(
        28,
        "pod1-harbar-typo",
        0xd032abe5,
        include_str!("../../../examples/seeds/pod1-harbar-typo.yaml"),
    ),
    entry(
        29,
        "pod1-nginx",
        0x23adac87,
        include_str!("../../../examples/seeds/pod1-nginx.yaml"),
    ),
    entry(
        30,
        "pod1-stress",
        0xf10fd5a5,
        include_str!("../../../examples/seeds/pod1-stress.yaml"),
    ),
    entry(
        31,
        "one-pod-multi-container",
        0x15ab0c0c,
        include_str!("../../../examples/seeds/one-pod-multi-container.yaml"),
    ),
    entry(
        32,
        "two-stress-containers-no-space",
        0xff9b0437,
        include_str!("../../../examples/seeds/two-stress-containers-no-space.yaml"),
    ),
    entry(
        33,
        "nodename",
        0x225c5796,
        include_str!("../../../examples/seeds/nodename.yaml"),
    ),
    entry(
        34,
        "nodeselector",
        0x7b03db2e,
        include_str!("../../../examples/seeds/nodeselector.yaml"),
    ),
    entry(
        35,
        "sidecar-deployment",
        0x11092446,
        include_str!("../../../examples/seeds/sidecar-deployment.yaml"),
    ),
    entry(
        36,
        "nginx-annotated",
        0x76079b9a,
        include_str!("../../../examples/seeds/nginx-annotated.yaml"),
    ),
    entry(
        37,
        "myapp-pod-hello",
        0xa3d4a1e7,
        include_str!("../../../examples/seeds/myapp-pod-hello.yaml"),
    ),
];

/// FNV-1a 32 of `bytes`: the base hash a v2 link carries.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h
}
