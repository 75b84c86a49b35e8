//! awk values (number, string, or a string from input that looks numeric), their conversions
//! (`CONVFMT`, `OFMT`, integers printed as integers) and `printf`'s formats.

use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Uninit,
    Num(f64),
    Str(String),
    /// Input (fields, `getline`, `-v`, `ARGV`, `ENVIRON`): a number when it looks like one.
    StrNum(String),
}

/// The numeric prefix of `s` as `strtod` reads it (leading blanks, sign, digits, fraction,
/// exponent); 0 when there is none.
pub(super) fn to_number(s: &str) -> f64 {
    numeric_prefix(s).0
}

/// (value, whether the whole string is that number with only blanks around it), as C's
/// `strtod` reads it (both awks use it): decimal, `0x` hexadecimal, `inf`, `nan`.
fn numeric_prefix(s: &str) -> (f64, bool) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let start = i;
    if i < b.len() && matches!(b[i], b'+' | b'-') {
        i += 1;
    }
    let negative = b.get(start) == Some(&b'-');
    let blank_after = |end: usize| {
        b[end..]
            .iter()
            .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
    };
    let word =
        |w: &str| b.len() >= i + w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w.as_bytes());
    if word("infinity") || word("inf") {
        let end = i + if word("infinity") { 8 } else { 3 };
        let v = if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        return (v, blank_after(end));
    }
    if word("nan") {
        let v = if negative { -f64::NAN } else { f64::NAN };
        return (v, blank_after(i + 3));
    }
    if b.get(i) == Some(&b'0')
        && matches!(b.get(i + 1), Some(b'x' | b'X'))
        && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
    {
        let mut end = i + 2;
        let mut v = 0f64;
        while end < b.len() && b[end].is_ascii_hexdigit() {
            v = v * 16.0 + f64::from((b[end] as char).to_digit(16).unwrap_or(0));
            end += 1;
        }
        return (if negative { -v } else { v }, blank_after(end));
    }
    let digits_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - digits_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - f;
    }
    if digits == 0 {
        return (0.0, false);
    }
    if i < b.len() && matches!(b[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < b.len() && matches!(b[j], b'+' | b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    let value = s[start..i].parse::<f64>().unwrap_or(0.0);
    let mut end = i;
    while end < b.len() && matches!(b[end], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        end += 1;
    }
    (value, end == b.len())
}

/// Whether input text counts as a number in comparisons (POSIX "numeric string").
pub(super) fn looks_numeric(s: &str) -> bool {
    numeric_prefix(s).1
}

/// A number as awk turns it into a string: an integral value as an integer, others with
/// `format` (`CONVFMT` or `OFMT`).
pub(super) fn number_to_string(n: f64, format: &str) -> String {
    // Both awks print an integral value that fits a C long as an integer.
    if n == n.trunc() && n.abs() < 9.2e18 {
        return format!("{}", n as i64);
    }
    if n.is_nan() {
        return if n.is_sign_negative() { "-nan" } else { "nan" }.into();
    }
    if n.is_infinite() {
        return if n < 0.0 { "-inf" } else { "inf" }.into();
    }
    sprintf(format, &[Value::Num(n)], "%.6g", false).0
}

impl Value {
    pub fn number(&self) -> f64 {
        match self {
            Value::Uninit => 0.0,
            Value::Num(n) => *n,
            Value::Str(s) | Value::StrNum(s) => to_number(s),
        }
    }

    /// The string value, numbers converted with `convfmt`.
    pub fn string(&self, convfmt: &str) -> String {
        match self {
            Value::Uninit => String::new(),
            Value::Num(n) => number_to_string(*n, convfmt),
            Value::Str(s) | Value::StrNum(s) => s.clone(),
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Value::Uninit => false,
            Value::Num(n) => *n != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::StrNum(s) => {
                if looks_numeric(s) {
                    to_number(s) != 0.0
                } else {
                    !s.is_empty()
                }
            }
        }
    }

    fn is_numeric(&self) -> bool {
        match self {
            Value::Uninit | Value::Num(_) => true,
            Value::Str(_) => false,
            Value::StrNum(s) => looks_numeric(s),
        }
    }
}

/// POSIX comparison: numeric when both sides are numeric (numbers, numeric input, unset),
/// otherwise byte-wise as strings.
pub(super) fn compare(a: &Value, b: &Value, convfmt: &str) -> Ordering {
    if a.is_numeric() && b.is_numeric() {
        a.number()
            .partial_cmp(&b.number())
            .unwrap_or(Ordering::Equal)
    } else {
        a.string(convfmt)
            .as_bytes()
            .cmp(b.string(convfmt).as_bytes())
    }
}

/// A double converted to a C `int` on the images' CPUs (out of range: `INT_MIN`).
fn c_int(n: f64) -> i64 {
    if n.is_nan() || !(-2_147_483_648.0..2_147_483_648.0).contains(&n) {
        i64::from(i32::MIN)
    } else {
        n.trunc() as i64
    }
}

/// `%e`-style mantissa/exponent text as C prints it (`1.500000e+02`).
fn exponent_form(n: f64, precision: usize, upper: bool) -> String {
    let s = format!("{:.*e}", precision, n);
    let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = exponent.parse().unwrap_or(0);
    let text = format!("{mantissa}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper {
        text.to_uppercase()
    } else {
        text
    }
}

/// `%g`: the shorter of `%e` and `%f` at `precision` significant digits, trailing zeros
/// removed unless `alternate`.
fn general_form(n: f64, precision: usize, upper: bool, alternate: bool) -> String {
    let p = precision.max(1);
    if n == 0.0 {
        return if alternate {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
    }
    let e_text = format!("{:.*e}", p - 1, n);
    let exponent: i32 = e_text
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let mut text = if exponent < -4 || exponent >= p as i32 {
        exponent_form(n, p - 1, upper)
    } else {
        format!("{:.*}", (p as i32 - 1 - exponent).max(0) as usize, n)
    };
    if !alternate {
        if let Some(e_at) = text.find(['e', 'E']) {
            let (mantissa, rest) = text.split_at(e_at);
            let mantissa = trim_zeros(mantissa);
            text = format!("{mantissa}{rest}");
        } else {
            text = trim_zeros(&text).to_string();
        }
    }
    text
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// awk's `sprintf`: (text, whether arguments ran short — mawk's error; busybox formats them
/// empty). `convfmt` formats numbers given to `%s`; `busybox` converts `%d` and `%x` through a
/// C `int` as busybox does.
pub(super) fn sprintf(
    format: &str,
    args: &[Value],
    convfmt: &str,
    busybox: bool,
) -> (String, bool) {
    let f = format.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(format.len() + 16);
    let mut next = 0usize;
    let mut short = false;
    let mut take = |short: &mut bool| -> Value {
        let v = args.get(next).cloned();
        next += 1;
        if v.is_none() {
            *short = true;
        }
        v.unwrap_or(Value::Uninit)
    };
    let mut i = 0;
    while i < f.len() {
        if f[i] != b'%' {
            out.push(f[i]);
            i += 1;
            continue;
        }
        if f.get(i + 1) == Some(&b'%') {
            out.push(b'%');
            i += 2;
            continue;
        }
        let spec_start = i;
        i += 1;
        let (mut left, mut plus, mut space, mut alternate, mut zero) =
            (false, false, false, false, false);
        while i < f.len() {
            match f[i] {
                b'-' => left = true,
                b'+' => plus = true,
                b' ' => space = true,
                b'#' => alternate = true,
                b'0' => zero = true,
                _ => break,
            }
            i += 1;
        }
        let mut width: usize = 0;
        if f.get(i) == Some(&b'*') {
            let w = take(&mut short).number();
            if w < 0.0 {
                left = true;
            }
            width = (w.abs() as usize).min(10_000);
            i += 1;
        } else {
            while i < f.len() && f[i].is_ascii_digit() {
                width = (width * 10 + usize::from(f[i] - b'0')).min(10_000);
                i += 1;
            }
        }
        let mut precision: Option<usize> = None;
        if f.get(i) == Some(&b'.') {
            i += 1;
            let mut p = 0usize;
            if f.get(i) == Some(&b'*') {
                p = (take(&mut short).number().max(0.0) as usize).min(10_000);
                i += 1;
            } else {
                while i < f.len() && f[i].is_ascii_digit() {
                    p = (p * 10 + usize::from(f[i] - b'0')).min(10_000);
                    i += 1;
                }
            }
            precision = Some(p);
        }
        // Length modifiers are accepted and ignored.
        while i < f.len() && matches!(f[i], b'h' | b'l' | b'L' | b'q' | b'j' | b'z' | b't') {
            i += 1;
        }
        let Some(&conv) = f.get(i) else {
            out.extend_from_slice(&f[spec_start..]);
            break;
        };
        i += 1;
        let (body, numeric): (String, bool) = match conv {
            b'd' | b'i' => {
                let n = take(&mut short).number();
                let v = if busybox {
                    c_int(n)
                } else if n.is_nan() {
                    0
                } else {
                    n.trunc().clamp(i64::MIN as f64, i64::MAX as f64) as i64
                };
                let mut digits = v.unsigned_abs().to_string();
                if let Some(p) = precision {
                    if p == 0 && v == 0 {
                        digits.clear();
                    }
                    while digits.len() < p {
                        digits.insert(0, '0');
                    }
                }
                let sign = if v < 0 {
                    "-"
                } else if plus {
                    "+"
                } else if space {
                    " "
                } else {
                    ""
                };
                (format!("{sign}{digits}"), precision.is_none())
            }
            b'o' | b'x' | b'X' | b'u' => {
                let n = take(&mut short).number();
                let v = if busybox {
                    c_int(n) as i32 as u32 as u64
                } else if n < 0.0 {
                    (n.trunc() as i64) as u64
                } else {
                    n.trunc().min(u64::MAX as f64) as u64
                };
                let mut digits = match conv {
                    b'o' => format!("{v:o}"),
                    b'x' => format!("{v:x}"),
                    b'X' => format!("{v:X}"),
                    _ => v.to_string(),
                };
                if let Some(p) = precision {
                    while digits.len() < p {
                        digits.insert(0, '0');
                    }
                }
                if alternate && v != 0 {
                    match conv {
                        b'o' => digits.insert(0, '0'),
                        b'x' => digits.insert_str(0, "0x"),
                        b'X' => digits.insert_str(0, "0X"),
                        _ => {}
                    }
                }
                (digits, precision.is_none())
            }
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                let n = take(&mut short).number();
                let p = precision.unwrap_or(6);
                let mut text = if n.is_nan() {
                    "nan".to_string()
                } else if n.is_infinite() {
                    "inf".to_string()
                } else {
                    match conv {
                        b'e' | b'E' => exponent_form(n.abs(), p, conv == b'E'),
                        b'f' | b'F' => format!("{:.*}", p, n.abs()),
                        _ => general_form(n.abs(), p, conv == b'G', alternate),
                    }
                };
                if alternate && p == 0 && matches!(conv, b'f' | b'F') {
                    text.push('.');
                }
                let sign = if n.is_sign_negative() && !n.is_nan() {
                    "-"
                } else if plus {
                    "+"
                } else if space {
                    " "
                } else {
                    ""
                };
                let finite = n.is_finite();
                (format!("{sign}{text}"), finite)
            }
            b'c' => {
                // A number (or numeric input) is a byte; a string gives its first character.
                let v = take(&mut short);
                let numeric = match &v {
                    Value::Num(_) => true,
                    Value::StrNum(s) => looks_numeric(s),
                    _ => false,
                };
                let text = if numeric {
                    let byte = v.number() as i64 as u8;
                    String::from_utf8_lossy(&[byte]).into_owned()
                } else {
                    v.string(convfmt)
                        .chars()
                        .next()
                        .map(String::from)
                        .unwrap_or_default()
                };
                (text, false)
            }
            b's' => {
                let mut s = take(&mut short).string(convfmt);
                if let Some(p) = precision {
                    let mut cut = p.min(s.len());
                    while !s.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    s.truncate(cut);
                }
                (s, false)
            }
            other => {
                // Unknown conversion: printed as written.
                out.extend_from_slice(&f[spec_start..i]);
                let _ = other;
                continue;
            }
        };
        let len = body.chars().count();
        if len >= width {
            out.extend_from_slice(body.as_bytes());
        } else if left {
            out.extend_from_slice(body.as_bytes());
            out.extend(std::iter::repeat_n(b' ', width - len));
        } else if zero && numeric {
            let (sign, digits) = match body.as_bytes().first() {
                Some(b'-' | b'+' | b' ') => body.split_at(1),
                _ => ("", body.as_str()),
            };
            let (prefix, digits) = if digits.starts_with("0x") || digits.starts_with("0X") {
                digits.split_at(2)
            } else {
                ("", digits)
            };
            out.extend_from_slice(sign.as_bytes());
            out.extend_from_slice(prefix.as_bytes());
            out.extend(std::iter::repeat_n(b'0', width - len));
            out.extend_from_slice(digits.as_bytes());
        } else {
            out.extend(std::iter::repeat_n(b' ', width - len));
            out.extend_from_slice(body.as_bytes());
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), short)
}
