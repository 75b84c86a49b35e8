use super::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn yaml_of(key: &str, value: &str) -> String {
    let mut m = Json::map();
    m.insert(key, value);
    m.to_yaml()
}

/// The value as `key: <value>` prints it (one line).
fn styled(value: &str) -> String {
    yaml_of("k", value)
        .strip_prefix("k: ")
        .unwrap_or_default()
        .trim_end_matches('\n')
        .to_string()
}

#[wasm_bindgen_test(unsupported = test)]
fn strings_take_the_first_style_go_yaml_allows() {
    let cases = [
        ("Running", "Running"),
        ("True", "\"True\""),
        ("true", "\"true\""),
        ("yes", "\"yes\""),
        ("Y", "\"Y\""),
        ("on", "\"on\""),
        ("~", "\"~\""),
        ("null", "\"null\""),
        ("", "\"\""),
        ("80", "\"80\""),
        ("1", "\"1\""),
        ("-1", "\"-1\""),
        ("0.5", "\"0.5\""),
        ("1e3", "\"1e3\""),
        ("0x1F", "\"0x1F\""),
        ("08", "\"08\""),
        ("1_000", "\"1_000\""),
        ("12:30", "\"12:30\""),
        (".5", "\".5\""),
        ("2025-01-01T00:00:00Z", "\"2025-01-01T00:00:00Z\""),
        ("2025-01-01", "\"2025-01-01\""),
        ("2025-1-1", "\"2025-1-1\""),
        ("2025-01-01T00:00:00", "2025-01-01T00:00:00"),
        ("2025-13-01", "2025-13-01"),
        ("1Gi", "1Gi"),
        ("500m", "500m"),
        ("1.2.3", "1.2.3"),
        ("-c", "-c"),
        ("-", "'-'"),
        ("- x", "'- x'"),
        ("a#b", "a#b"),
        ("a #b", "'a #b'"),
        ("#a", "'#a'"),
        ("key: v", "'key: v'"),
        ("http://x", "http://x"),
        ("ends:", "'ends:'"),
        ("@x", "'@x'"),
        ("*", "'*'"),
        ("[app]", "'[app]'"),
        ("a [b]", "a [b]"),
        (" lead", "' lead'"),
        ("trail ", "'trail '"),
        ("it's", "it's"),
        ("'x': y", "'''x'': y'"),
        (
            "containers with unready status: [app]",
            "'containers with unready status: [app]'",
        ),
        ("<<", "<<"),
        ("---", "'---'"),
        ("a\tb", "\"a\\tb\""),
        ("é ü 中文", "é ü 中文"),
        ("x\u{1F600}", "\"x\\U0001F600\""),
        ("bell\u{7}", "\"bell\\a\""),
        ("nbsp\u{a0}x", "nbsp\u{a0}x"),
        ("q\"uote", "q\"uote"),
        ("\"q", "'\"q'"),
        ("back\\slash", "back\\slash"),
    ];
    for (input, want) in cases {
        assert_eq!(styled(input), want, "{input:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn multi_line_strings_are_literal_blocks() {
    assert_eq!(yaml_of("k", "a\nb\n"), "k: |\n  a\n  b\n");
    assert_eq!(yaml_of("k", "a\nb"), "k: |-\n  a\n  b\n");
    assert_eq!(yaml_of("k", "a\n\n"), "k: |+\n  a\n\n");
    assert_eq!(yaml_of("k", " a\nb\n"), "k: |2\n   a\n  b\n");
    assert_eq!(yaml_of("k", "a\n\n  b\n"), "k: |\n  a\n\n    b\n");
    // A space before a line break rules out the block: double quotes with escapes.
    assert_eq!(yaml_of("k", "a \nb"), "k: \"a \\nb\"\n");
    // A literal in a sequence is indented past the dash.
    let mut m = Json::map();
    m.insert(
        "args",
        Json::List(vec!["-c".into(), "echo a\necho b\n".into()]),
    );
    m.insert("z", 1i64);
    assert_eq!(m.to_yaml(), "args:\n- -c\n- |\n  echo a\n  echo b\nz: 1\n");
    // A multi-line key is written as a complex (`?`) key.
    let mut m = Json::map();
    m.insert("a\nb", "v");
    assert_eq!(m.to_yaml(), "? |-\n  a\n  b\n: v\n");
}

#[wasm_bindgen_test(unsupported = test)]
fn long_scalars_fold_after_column_80() {
    let mut m = Json::map();
    let mut c = Json::map();
    c.insert(
        "message",
        "Back-off pulling image \"nginx:1.9.0s\": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image",
    );
    let mut s = Json::map();
    s.insert("waiting", c);
    m.insert("state", s);
    assert_eq!(
        m.to_yaml(),
        // The first space met after column 80 becomes a line break, indented two past the key
        // (checked against go-yaml v2.4).
        "state:\n  waiting:\n    message: 'Back-off pulling image \"nginx:1.9.0s\": ErrImagePull: rpc error: code\n      = NotFound desc = failed to pull and unpack image'\n"
    );
    // Plain scalars in a sequence fold at the item's text column.
    let mut m = Json::map();
    m.insert(
        "args",
        Json::List(vec![
            "while true; do echo hello from the sidecar container at $(date) >> /var/log/app.log; sleep 5; done".into(),
        ]),
    );
    assert_eq!(
        m.to_yaml(),
        "args:\n- while true; do echo hello from the sidecar container at $(date) >> /var/log/app.log;\n  sleep 5; done\n"
    );
    // Double-quoted scalars fold too; a space after the break point is kept with `\`.
    let long = format!("{}\t  {}", "x".repeat(78), "y");
    assert_eq!(
        yaml_of("k", &long),
        format!("k: \"{}\\t\n  \\ {}\"\n", "x".repeat(78), "y")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn keys_sort_like_go_yaml() {
    let mut keys = vec![
        "b", "a", "a10", "a9", "A", "_x", "a_b", "aB", "a.b", "a1", "1", "a01",
    ];
    crate::sort::sort_by(&mut keys, |a, b| {
        if yaml_key_less(a, b) {
            std::cmp::Ordering::Less
        } else if yaml_key_less(b, a) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    // Non-letters before letters (`_` before `A`), digit runs by value (a9 < a10); checked
    // against go-yaml v2.4.
    assert_eq!(
        keys,
        vec!["_x", "1", "A", "a", "a.b", "a_b", "a1", "a01", "a9", "a10", "aB", "b"]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn block_structure_matches_kubectl() {
    let mut top = Json::map();
    let mut b = Json::map();
    b.insert("z", 1i64);
    b.insert("a", "80");
    top.insert("b", b);
    let mut item = Json::map();
    item.insert("q", 1i64);
    item.insert("p", Json::List(vec![Json::Int(1)]));
    top.insert("a", Json::List(vec!["x".into(), item, Json::map()]));
    top.insert("c", Json::map());
    top.insert("d", "");
    top.insert("e", "true");
    top.insert("f", "512Mi");
    top.insert("g", Json::List(vec![]));
    top.insert("h", Json::Null);
    top.insert("i", false);
    assert_eq!(
        top.to_yaml(),
        "a:\n- x\n- p:\n  - 1\n  q: 1\n- {}\nb:\n  a: \"80\"\n  z: 1\nc: {}\nd: \"\"\ne: \"true\"\nf: 512Mi\ng: []\nh: null\ni: false\n"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn json_like_encoding_json() {
    let mut top = Json::map();
    top.insert("z", Json::List(vec![Json::Int(1), "a<b>&c".into()]));
    top.insert("a", Json::map());
    top.insert("m", Json::List(vec![]));
    top.insert("s", "tab\there\nline \u{2028}\u{1}\u{8}");
    top.insert("f", Json::float("0.5"));
    assert_eq!(
        top.to_json_pretty(),
        "{\n    \"a\": {},\n    \"f\": 0.5,\n    \"m\": [],\n    \"s\": \"tab\\there\\nline \\u2028\\u0001\\b\",\n    \"z\": [\n        1,\n        \"a\\u003cb\\u003e\\u0026c\"\n    ]\n}\n"
    );
    assert_eq!(
        top.to_json_compact(),
        "{\"a\":{},\"f\":0.5,\"m\":[],\"s\":\"tab\\there\\nline \\u2028\\u0001\\b\",\"z\":[1,\"a\\u003cb\\u003e\\u0026c\"]}"
    );
    for (shortest, go) in [
        ("1e21", "1e+21"),
        ("1.5e-7", "1.5e-7"),
        ("1.0", "1"),
        ("123456.5", "123456.5"),
        ("0.000001", "0.000001"),
        ("1e-7", "1e-7"),
        ("-2.5e20", "-250000000000000000000"),
        ("1.25e22", "1.25e+22"),
        ("0.5", "0.5"),
    ] {
        assert_eq!(go_float(shortest), go, "{shortest}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn timestamps_follow_time_parse() {
    assert!(timestamp("2025-01-01"));
    assert!(timestamp("2025-1-1T1:2:3Z"));
    assert!(timestamp("2025-01-01t00:00:00.5+01:00"));
    assert!(timestamp("2025-01-01 00:00:00"));
    assert!(timestamp("2024-02-29"));
    assert!(!timestamp("2025-02-29"));
    assert!(!timestamp("2025-01-01T00:00:00"));
    assert!(!timestamp("2025-01-01x"));
    assert!(!timestamp("20250-01-01"));
    assert!(!timestamp("2025-01-01T24:00:00Z"));
}
