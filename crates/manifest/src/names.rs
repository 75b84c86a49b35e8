//! Name rules (DNS-1123 / RFC 1035 / qualified names / port names) with the API server's
//! messages, deterministic UIDs and the names controllers give their pods.

use std::fmt::Write;

/// Kubernetes' `rand` alphabet: no vowels, no confusable characters.
pub const SAFE_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

const LABEL_RE: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const SUBDOMAIN_RE: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1035_RE: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME_RE: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_RE: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

/// The apimachinery `RegexError` shape, including its double space between examples.
fn regex_error(msg: &str, re: &str, examples: &[&str]) -> String {
    let mut s = String::from(msg);
    if examples.is_empty() {
        let _ = write!(s, " (regex used for validation is '{re}')");
        return s;
    }
    s.push_str(" (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            s.push_str(" or ");
        }
        let _ = write!(s, "'{e}', ");
    }
    let _ = write!(s, "regex used for validation is '{re}')");
    s
}

fn is_label_body(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// `IsDNS1123Label` messages (empty when valid).
pub fn dns1123_label(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    if s.len() > 63 {
        out.push("must be no more than 63 characters".to_string());
    }
    if !is_label_body(s) {
        out.push(regex_error(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            LABEL_RE,
            &["my-name", "123-abc"],
        ));
    }
    out
}

/// `IsDNS1123Subdomain` messages.
pub fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    if s.len() > 253 {
        out.push("must be no more than 253 characters".to_string());
    }
    if s.is_empty() || !s.split('.').all(is_label_body) {
        out.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            SUBDOMAIN_RE,
            &["example.com"],
        ));
    }
    out
}

/// `IsDNS1035Label` messages.
pub fn dns1035_label(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    if s.len() > 63 {
        out.push("must be no more than 63 characters".to_string());
    }
    if !is_label_body(s) || !s.as_bytes()[0].is_ascii_lowercase() {
        out.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            DNS1035_RE,
            &["my-name", "abc-123"],
        ));
    }
    out
}

fn is_qualified_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// `IsQualifiedName` messages (label keys, readiness gate condition types).
pub fn qualified_name(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if s.matches('/').count() > 1 {
        out.push(regex_error(
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            QUALIFIED_NAME_RE,
            &["MyName", "my.name", "123-abc"],
        ) + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        return out;
    }
    if let Some(p) = prefix {
        if p.is_empty() {
            out.push("prefix part must be non-empty".to_string());
        } else {
            for m in dns1123_subdomain(p) {
                out.push(format!("prefix part {m}"));
            }
        }
    }
    if name.is_empty() {
        out.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        out.push("name part must be no more than 63 characters".to_string());
    }
    if !is_qualified_part(name) {
        out.push(regex_error(
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            QUALIFIED_NAME_RE,
            &["MyName", "my.name", "123-abc"],
        ));
    }
    out
}

/// `IsValidLabelValue` messages.
pub fn label_value(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    if s.len() > 63 {
        out.push("must be no more than 63 characters".to_string());
    }
    if !s.is_empty() && !is_qualified_part(s) {
        out.push(regex_error(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            LABEL_VALUE_RE,
            &["MyValue", "my_value", "12345"],
        ));
    }
    out
}

/// `IsValidPortName` messages (IANA_SVC_NAME).
pub fn port_name(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    if s.len() > 15 {
        out.push("must be no more than 15 characters".to_string());
    }
    if !s
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        out.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if s.contains("--") {
        out.push("must not contain consecutive hyphens".to_string());
    }
    if !s.bytes().any(|c| c.is_ascii_lowercase()) {
        out.push("must contain at least one letter (a-z)".to_string());
    }
    if s.starts_with('-') || s.ends_with('-') {
        out.push("must not begin or end with a hyphen".to_string());
    }
    out
}

/// `IsValidPortNum` message.
pub fn port_num(n: i64) -> Option<String> {
    if (1..=65535).contains(&n) {
        None
    } else {
        Some("must be between 1 and 65535, inclusive".to_string())
    }
}

/// FNV-1a, 32 bit (what Kubernetes uses for pod-template-hash).
pub fn fnv32a(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in data {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// FNV-1a, 64 bit, with a chosen offset basis (to derive independent streams).
pub fn fnv64a(data: &[u8], basis: u64) -> u64 {
    let mut h = basis;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `rand.SafeEncodeString`: each byte mapped onto the safe alphabet.
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| SAFE_ALPHABET[usize::from(b) % SAFE_ALPHABET.len()] as char)
        .collect()
}

/// A deterministic stand-in for `rand.String(n)`, seeded from `seed`.
pub fn pseudo_random_suffix(seed: &str, n: usize) -> String {
    let mut x = fnv64a(seed.as_bytes(), 0xcbf2_9ce4_8422_2325);
    let mut out = String::new();
    for _ in 0..n {
        // splitmix64 step: portable and well mixed.
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let z = mix(x);
        out.push(SAFE_ALPHABET[(z % SAFE_ALPHABET.len() as u64) as usize] as char);
    }
    out
}

/// splitmix64's finalizer: spreads similar inputs over all bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Deterministic UUID-shaped UID for `namespace/name` (version-4 layout).
pub fn uid_for(namespace: &str, name: &str) -> String {
    let key = format!("{namespace}/{name}");
    let hi = mix(fnv64a(key.as_bytes(), 0xcbf2_9ce4_8422_2325));
    let lo = mix(fnv64a(key.as_bytes(), 0x8422_2325_cbf2_9ce4));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
        (hi >> 32) as u32,
        (hi >> 16) as u16,
        (hi & 0x0fff) as u16,
        8 + ((lo >> 62) & 0x3),
        ((lo >> 48) & 0x0fff) as u16,
        lo & 0xffff_ffff_ffff
    )
}

/// The pod-template-hash a Deployment gives its ReplicaSet: FNV-32a of the template,
/// printed in decimal, then safe-encoded (as `controller.ComputeHash` does; the exact bytes
/// hashed differ from Kubernetes' Go struct dump, so the value is stable but not identical).
pub fn pod_template_hash(template_canonical: &str) -> String {
    safe_encode(&fnv32a(template_canonical.as_bytes()).to_string())
}

/// A canonical text of a template for [`pod_template_hash`]. Mapping keys are sorted: the
/// controller hashes the decoded object, so the order of keys in the YAML does not change the
/// hash. (Our own walk rather than a YAML emitter: the emitter would be linked into the app
/// for this alone.)
pub fn canonical(v: &serde_yaml::Value) -> String {
    let mut out = String::new();
    canonical_into(v, &mut out, 0);
    out
}

fn canonical_into(v: &serde_yaml::Value, out: &mut String, depth: usize) {
    use serde_yaml::Value;
    // YAML nesting is bounded by the parser's own recursion limit; this is a second guard.
    if depth > 256 {
        out.push('…');
        return;
    }
    match v {
        Value::Null => out.push('~'),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => {
            out.push('"');
            for c in s.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        }
        Value::Sequence(items) => {
            out.push('[');
            for item in items {
                canonical_into(item, out, depth + 1);
                out.push(',');
            }
            out.push(']');
        }
        Value::Mapping(m) => {
            let mut entries: Vec<(String, &Value)> = m
                .iter()
                .map(|(k, v)| {
                    let mut key = String::new();
                    canonical_into(k, &mut key, depth + 1);
                    (key, v)
                })
                .collect();
            crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
            out.push('{');
            for (k, v) in entries {
                out.push_str(&k);
                out.push(':');
                canonical_into(v, out, depth + 1);
                out.push(',');
            }
            out.push('}');
        }
        Value::Tagged(t) => {
            out.push_str(&t.tag.to_string());
            out.push(' ');
            canonical_into(&t.value, out, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn template_hash_ignores_key_order_but_not_content() {
        let hash = |y: &str| pod_template_hash(&canonical(&serde_yaml::from_str(y).unwrap()));
        let a =
            hash("metadata: {labels: {app: web}}\nspec: {containers: [{name: c, image: nginx}]}");
        let b =
            hash("spec: {containers: [{image: nginx, name: c}]}\nmetadata: {labels: {app: web}}");
        let c =
            hash("metadata: {labels: {app: web}}\nspec: {containers: [{name: c, image: nginx:1}]}");
        assert_eq!(a, b);
        assert_ne!(a, c);
        // Safe-encoded: the alphabet the controller uses, never vowels.
        assert!(
            a.chars()
                .all(|ch| "bcdfghjklmnpqrstvwxz2456789".contains(ch)),
            "{a}"
        );
        assert_eq!(
            canonical(&serde_yaml::from_str(r#"{b: [1, "x\"y"], a: ~, c: true}"#).unwrap()),
            r#"{"a":~,"b":[1,"x\"y",],"c":true,}"#
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn dns_label_messages_match_the_api_server() {
        assert!(dns1123_label("web-1").is_empty());
        assert_eq!(
            dns1123_label("My_App"),
            vec!["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
        );
        assert_eq!(
            dns1123_subdomain("a_b"),
            vec!["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]
        );
        assert!(dns1123_subdomain("app.example.com").is_empty());
        assert_eq!(dns1035_label("1abc").len(), 1);
        assert!(dns1035_label("abc-1").is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn port_names() {
        assert!(port_name("http").is_empty());
        assert_eq!(
            port_name("80"),
            vec!["must contain at least one letter (a-z)"]
        );
        assert_eq!(
            port_name("HTTP"),
            vec![
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)"
            ]
        );
        assert_eq!(
            port_num(0).as_deref(),
            Some("must be between 1 and 65535, inclusive")
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn uid_is_deterministic_and_uuid_shaped() {
        let u = uid_for("default", "liveness-exec");
        assert_eq!(u, uid_for("default", "liveness-exec"));
        assert_ne!(u, uid_for("default", "liveness-exec2"));
        let parts: Vec<usize> = u.split('-').map(str::len).collect();
        assert_eq!(parts, vec![8, 4, 4, 4, 12]);
        assert_eq!(&u[14..15], "4");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn template_hash_uses_the_safe_alphabet_digits() {
        let h = pod_template_hash("x");
        assert!(h.len() >= 9 && h.len() <= 10, "{h}");
        assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
        let s = pseudo_random_suffix("default/myapp", 5);
        assert_eq!(s.len(), 5);
        assert!(s.bytes().all(|b| SAFE_ALPHABET.contains(&b)));
    }
}
