//! Image references and the texts of the image manager (§10).

/// FNV-1a, used for every made-up identifier (container IDs, digests, sizes, IPs).
pub fn fnv64(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// 64 hex digits derived from `parts` (a containerd ID or a sha256 digest look-alike).
pub fn hex64(parts: &[&str]) -> String {
    let mut out = String::with_capacity(64);
    let mut x = fnv64(parts);
    for _ in 0..4 {
        // SplitMix64 steps: well-mixed, portable, deterministic.
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        out.push_str(&format!("{z:016x}"));
    }
    out
}

/// `nginx` → `docker.io/library/nginx:latest`; `foo/bar:1` → `docker.io/foo/bar:1`;
/// `registry.k8s.io/busybox` → `registry.k8s.io/busybox:latest`. Digests are kept.
pub fn normalize(image: &str) -> String {
    let (name, suffix) = if let Some(at) = image.find('@') {
        (&image[..at], image[at..].to_string())
    } else {
        let last_slash = image.rfind('/').map(|i| i + 1).unwrap_or(0);
        match image[last_slash..].rfind(':') {
            Some(c) => (
                &image[..last_slash + c],
                image[last_slash + c..].to_string(),
            ),
            None => (image, ":latest".to_string()),
        }
    };
    let first = name.split('/').next().unwrap_or("");
    let has_registry =
        name.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let full = if has_registry {
        name.to_string()
    } else if name.contains('/') {
        format!("docker.io/{name}")
    } else {
        format!("docker.io/library/{name}")
    };
    format!("{full}{suffix}")
}

/// The repository part of a normalised reference (no tag or digest).
pub fn repository(image: &str) -> String {
    let n = normalize(image);
    if let Some(at) = n.find('@') {
        return n[..at].to_string();
    }
    let last_slash = n.rfind('/').map(|i| i + 1).unwrap_or(0);
    match n[last_slash..].rfind(':') {
        Some(c) => n[..last_slash + c].to_string(),
        None => n,
    }
}

/// `docker.io/library/busybox@sha256:<made-up digest>`.
pub fn image_id(image: &str) -> String {
    format!(
        "{}@sha256:{}",
        repository(image),
        hex64(&["image", &normalize(image)])
    )
}

/// A plausible, deterministic compressed image size in bytes (not a real measurement).
pub fn image_size(image: &str) -> u64 {
    let n = normalize(image);
    let base: u64 = if n.contains("busybox") {
        2_150_000
    } else if n.contains("alpine") {
        3_600_000
    } else if n.contains("nginx") {
        72_000_000
    } else {
        30_000_000
    };
    base + fnv64(&[&n]) % 1_000_000
}

/// The containerd error text for a pull of an image the registry does not have.
pub fn not_found_error(image: &str) -> String {
    let n = normalize(image);
    format!(
        "rpc error: code = NotFound desc = failed to pull and unpack image \"{n}\": failed to resolve reference \"{n}\": {n}: not found"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn normalizes_references() {
        assert_eq!(normalize("busybox"), "docker.io/library/busybox:latest");
        assert_eq!(normalize("nginx:1.25"), "docker.io/library/nginx:1.25");
        assert_eq!(
            normalize("ikubernetes/myapp:v1"),
            "docker.io/ikubernetes/myapp:v1"
        );
        assert_eq!(
            normalize("registry.k8s.io/liveness"),
            "registry.k8s.io/liveness:latest"
        );
        assert_eq!(normalize("localhost:5000/app"), "localhost:5000/app:latest");
        assert_eq!(repository("nginx:1.25"), "docker.io/library/nginx");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn ids_are_stable() {
        assert_eq!(hex64(&["x"]), hex64(&["x"]));
        assert_eq!(hex64(&["x"]).len(), 64);
        assert_ne!(hex64(&["x"]), hex64(&["y"]));
    }
}
