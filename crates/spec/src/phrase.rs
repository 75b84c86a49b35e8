//! One template filler for the phrases podlife says in several languages (the manifest's
//! notes, the runtime's sentence): a language is a table of templates per kind, `{0}`..`{9}`
//! place the kind's values. Tables are data; the code that places values is this one loop.

/// Appends `template` to `out`, `{N}` replaced by what `value(out, N)` appends.
pub fn fill(out: &mut String, template: &str, value: &mut dyn FnMut(&mut String, usize)) {
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match after.as_bytes() {
            [digit @ b'0'..=b'9', b'}', ..] => {
                value(out, usize::from(digit - b'0'));
                rest = &after[2..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn values_are_placed_in_any_order_and_braces_kept() {
        let mut out = String::new();
        let values = ["a", "b"];
        fill(&mut out, "{1} then {0} {x} {", &mut |out, n| {
            out.push_str(values.get(n).copied().unwrap_or("?"))
        });
        assert_eq!(out, "b then a {x} {");
    }
}
