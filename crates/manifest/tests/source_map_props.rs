//! The path → span index, checked on random documents written three ways (serde_yaml's emitter,
//! kubectl's style, flow/JSON style): every key and item is found, at text that really is that
//! key or item.
#![cfg(not(target_arch = "wasm32"))] // proptest does not build for wasm32-unknown-unknown

use podlife_manifest::source_map::{build, render_path, Seg};
use proptest::prelude::*;
use serde_yaml::{Mapping, Value};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[a-z][a-z0-9 ./:-]{0,12}".prop_map(Value::String),
        any::<i32>().prop_map(|n| Value::Number(n.into())),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        Just(Value::String("multi\nline".into())),
        Just(Value::String("with: colon # hash".into())),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z][a-zA-Z0-9_.-]{0,10}",
        1 => Just("with space".to_string()),
        1 => Just("colon: key".to_string()),
        1 => Just("#hash".to_string()),
        1 => Just("yes".to_string()),
        1 => Just("123".to_string()),
        1 => Just("app.kubernetes.io/name".to_string()),
        1 => Just("-dash".to_string()),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 60, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Sequence),
            prop::collection::vec((key(), inner), 0..5).prop_map(|kv| {
                let mut m = Mapping::new();
                for (k, v) in kv {
                    m.insert(Value::String(k), v);
                }
                Value::Mapping(m)
            }),
        ]
    })
}

/// A flow-style (JSON-like) rendering with every scalar quoted.
fn flow(v: &Value, out: &mut String) {
    match v {
        Value::Mapping(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n ");
                }
                out.push_str(&format!("{:?}: ", k.as_str().unwrap_or("")));
                flow(x, out);
            }
            out.push('}');
        }
        Value::Sequence(s) => {
            out.push('[');
            for (i, x) in s.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(x, out);
            }
            out.push(']');
        }
        Value::String(s) => out.push_str(&format!("{s:?}")),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(&b.to_string()),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Tagged(_) => out.push_str("null"),
    }
}

fn single_line(v: Value) -> Value {
    match v {
        Value::String(s) if s.contains('\n') => Value::String(s.replace('\n', " ")),
        Value::Sequence(s) => Value::Sequence(s.into_iter().map(single_line).collect()),
        Value::Mapping(m) => {
            Value::Mapping(m.into_iter().map(|(k, x)| (k, single_line(x))).collect())
        }
        other => other,
    }
}

fn check_all_paths(text: &str) {
    let parsed: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("generated text does not parse: {e}\n{text}"),
    };
    let map = build(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut stack: Vec<(Vec<Seg>, &Value)> = vec![(Vec::new(), &parsed)];
    while let Some((p, v)) = stack.pop() {
        if !p.is_empty() {
            let span = map
                .docs
                .first()
                .and_then(|d| d.get(&p))
                .unwrap_or_else(|| panic!("no span for {}\n{text}", render_path(&p)));
            let at: String = lines[span.line - 1].chars().skip(span.column - 1).collect();
            match p.last() {
                Some(Seg::Key(k)) => assert!(
                    at.starts_with(k.as_str())
                        || at.starts_with(&format!("{k:?}"))
                        || at.starts_with(&format!("'{k}'")),
                    "{} at {}:{} is {at:?}\n{text}",
                    render_path(&p),
                    span.line,
                    span.column
                ),
                _ => assert!(
                    !at.is_empty() && !at.starts_with([' ', ',']),
                    "{} at {at:?}\n{text}",
                    render_path(&p)
                ),
            }
            assert!(
                (span.end_line, span.end_column) >= (span.line, span.column),
                "{}",
                render_path(&p)
            );
        }
        match v {
            Value::Mapping(m) => {
                for (k, x) in m {
                    let mut q = p.clone();
                    q.push(Seg::Key(k.as_str().unwrap_or_default().to_string()));
                    stack.push((q, x));
                }
            }
            Value::Sequence(s) => {
                for (i, x) in s.iter().enumerate() {
                    let mut q = p.clone();
                    q.push(Seg::Index(i));
                    stack.push((q, x));
                }
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn serde_yaml_style(v in value()) {
        let text = serde_yaml::to_string(&v).expect("emit");
        check_all_paths(&text);
    }

    #[test]
    fn flow_style(v in value()) {
        let mut text = String::new();
        flow(&v, &mut text);
        text.push('\n');
        check_all_paths(&text);
    }

    #[test]
    fn comment_lines_between_entries(v in value()) {
        // A comment line after every line.
        // A comment line would end a block scalar: no multi-line strings here.
        let base = serde_yaml::to_string(&single_line(v)).expect("emit");
        let mut text = String::new();
        for line in base.lines() {
            text.push_str(line);
            text.push_str("\n# note\n");
        }
        check_all_paths(&text);
    }
}
