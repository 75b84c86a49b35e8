//! Kubernetes resource quantities (`500m`, `128Mi`, `1.5`, `1e3`), stored in milli-units and
//! re-printed in the API server's canonical form (`1000m` → `1`, `1024Mi` → `1Gi`).

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Quantity {
    /// Value in thousandths of the unit (cpu: millicores; memory: milli-bytes).
    pub milli: i128,
    /// Canonical text, as `kubectl get -o yaml` prints it.
    pub canonical: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuantityError(pub String);

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QuantityError {}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    BinarySi,
    DecimalSi,
    DecimalExponent,
}

const MAX_MILLI: i128 = 1_000_000_000_000_000_000_000_000_000; // 1e27 milli = 1e24 units

/// The API server's message for any text that is not a quantity.
#[cold]
fn err() -> QuantityError {
    QuantityError(
        "quantities must match the regular expression \
         '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            .to_string(),
    )
}

/// The suffixes: (suffix, binary exponent, decimal exponent). A binary one is `BinarySi`, the
/// others (no suffix too) `DecimalSi`.
const SUFFIXES: [(&str, u32, i32); 16] = [
    ("", 0, 0),
    ("Ki", 10, 0),
    ("Mi", 20, 0),
    ("Gi", 30, 0),
    ("Ti", 40, 0),
    ("Pi", 50, 0),
    ("Ei", 60, 0),
    ("n", 0, -9),
    ("u", 0, -6),
    ("m", 0, -3),
    ("k", 0, 3),
    ("M", 0, 6),
    ("G", 0, 9),
    ("T", 0, 12),
    ("P", 0, 15),
    ("E", 0, 18),
];

/// Parses a quantity the way the API server does. Returns the API server's message on error:
/// `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`.
pub fn parse_quantity(text: &str) -> Result<Quantity, QuantityError> {
    let s = text.trim();
    if s.is_empty() || s.len() > 64 {
        return Err(err());
    }
    let (neg, body) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let num_len = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let (num, suffix) = body.split_at(num_len);
    if num.is_empty() || num == "." || num.matches('.').count() > 1 {
        return Err(err());
    }
    // Value as a rational: digits / 10^frac_len.
    let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
    let digits: String = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    if digits.len() > 30 {
        return Err(err());
    }
    let mantissa: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| err())?
    };
    let frac_len = frac_part.len() as i32;

    let (format, mult_num, exp10): (Format, i128, i32) =
        match SUFFIXES.iter().find(|(text, _, _)| *text == suffix) {
            Some(&(_, 0, exp10)) => (Format::DecimalSi, 1, exp10),
            Some(&(_, bits, _)) => (Format::BinarySi, 1 << bits, 0),
            None => {
                let rest = suffix
                    .strip_prefix('e')
                    .or_else(|| suffix.strip_prefix('E'))
                    .ok_or_else(err)?;
                let e: i32 = rest.parse().map_err(|_| err())?;
                if !(-40..=40).contains(&e) {
                    return Err(err());
                }
                (Format::DecimalExponent, 1, e)
            }
        };

    // milli = mantissa * mult * 10^(exp10 + 3 - frac_len), rounded up (as Kubernetes does) when
    // precision below a milli-unit is lost.
    let shift = exp10 + 3 - frac_len;
    let base = mantissa.checked_mul(mult_num).ok_or_else(err)?;
    let milli = if shift >= 0 {
        let p = 10i128.checked_pow(shift as u32).ok_or_else(err)?;
        base.checked_mul(p).ok_or_else(err)?
    } else {
        let p = 10i128.checked_pow((-shift) as u32).ok_or_else(err)?;
        let q = base / p;
        if base % p != 0 {
            q + 1
        } else {
            q
        }
    };
    if milli > MAX_MILLI {
        return Err(err());
    }
    let milli = if neg { -milli } else { milli };
    Ok(Quantity {
        milli,
        canonical: canonical(milli, format),
    })
}

impl Quantity {
    /// `self + other` as resource.Quantity's Add does it: the sum keeps `self`'s format.
    pub fn plus(&self, other: &Quantity) -> Quantity {
        let c = &self.canonical;
        let format = if c.ends_with('i') {
            Format::BinarySi
        } else if c.contains('e') {
            Format::DecimalExponent
        } else {
            Format::DecimalSi
        };
        let milli = self.milli.saturating_add(other.milli);
        Quantity {
            milli,
            canonical: canonical(milli, format),
        }
    }
}

fn canonical(milli: i128, format: Format) -> String {
    if milli == 0 {
        return "0".to_string();
    }
    let neg = milli < 0;
    let m = milli.abs();
    let sign = if neg { "-" } else { "" };
    let whole = m % 1000 == 0;
    if format == Format::BinarySi && whole {
        let units = m / 1000;
        // Binary suffixes are used only when the value is at least 1Ki and exact.
        const SUFFIXES: [(&str, u32); 6] = [
            ("Ei", 60),
            ("Pi", 50),
            ("Ti", 40),
            ("Gi", 30),
            ("Mi", 20),
            ("Ki", 10),
        ];
        for (suffix, bits) in SUFFIXES {
            let unit = 1i128 << bits;
            if units >= unit && units % unit == 0 {
                return format!("{sign}{}{suffix}", units / unit);
            }
        }
        if units < 1024 {
            return format!("{sign}{units}");
        }
    }
    // Decimal: the largest power of 1000 that keeps an integer mantissa.
    let mut mant = m;
    let mut exp3 = -1i32; // milli
    while mant % 1000 == 0 && exp3 < 6 {
        mant /= 1000;
        exp3 += 1;
    }
    if format == Format::DecimalExponent {
        let e = exp3 * 3;
        return if e == 0 {
            format!("{sign}{mant}")
        } else {
            format!("{sign}{mant}e{e}")
        };
    }
    let suffix = match exp3 {
        -1 => "m",
        0 => "",
        1 => "k",
        2 => "M",
        3 => "G",
        4 => "T",
        5 => "P",
        _ => "E",
    };
    format!("{sign}{mant}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn q(s: &str) -> Quantity {
        parse_quantity(s).unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn values() {
        assert_eq!(q("500m").milli, 500);
        assert_eq!(q("1").milli, 1000);
        assert_eq!(q("1.5").milli, 1500);
        assert_eq!(q("128Mi").milli, 128 * 1024 * 1024 * 1000);
        assert_eq!(q("150M").milli, 150_000_000_000);
        assert_eq!(q("1e3").milli, 1_000_000);
        assert_eq!(q("1u").milli, 1, "sub-milli precision rounds up");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn canonical_forms() {
        assert_eq!(q("1000m").canonical, "1");
        assert_eq!(q("0.5").canonical, "500m");
        assert_eq!(q("1024Mi").canonical, "1Gi");
        assert_eq!(q("200Mi").canonical, "200Mi");
        assert_eq!(q("150M").canonical, "150M");
        assert_eq!(q("2000").canonical, "2k");
        assert_eq!(q("1500m").canonical, "1500m");
        assert_eq!(q("0.5Gi").canonical, "512Mi");
        assert_eq!(q("1e3").canonical, "1e3");
        assert_eq!(q("0").canonical, "0");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn errors() {
        for bad in ["", "abc", "1Zi", "1.2.3", "--1", ".", "1e999", "Mi"] {
            assert!(parse_quantity(bad).is_err(), "{bad:?} should fail");
        }
    }
}
