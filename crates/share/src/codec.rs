//! The fragment codec: `ShareState` ⇄ `<version char><base64url(…)>`.
//! Format 1: `raw deflate(header ++ text, DICT_V1)`. Format 2: `varint(base number) ++
//! fnv1a32(base) ++ raw deflate(header ++ text, dict_v2(base))`. Format 3 (a comparison):
//! `"3"` + a format-1 or format-2 fragment whose header says where A's text ends and B's
//! Kubernetes minor, and whose text is A ++ B (see `lib.rs`).

use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use podlife_spec::{SimTime, MAX_UNTIL};

use crate::catalogue::{fnv1a32, BaseText, CATALOGUE};
use crate::deflate::{self, InflateError};
use crate::state::{CompareState, Lang, Panel, ShareState, View, DEFAULT_SPEED_MILLI};
use crate::{DICT_V1, FORMAT_VERSION, MAX_DECODED_BYTES};

/// Longest fragment `decode` looks at (a 64 KiB payload that does not compress at all encodes
/// to about 98,000 characters).
pub const MAX_FRAGMENT_CHARS: usize = 128 * 1024;
/// Longest container name accepted in a link (a DNS-1123 label is ≤ 63; some slack).
pub const MAX_CONTAINER_BYTES: usize = 253;
/// Slowest and fastest speeds a link may carry, in thousandths (0.001× .. 1000×).
pub const SPEED_MILLI_RANGE: (u32, u32) = (1, 1_000_000);
/// The deflate window: a preset dictionary longer than this could not be reached.
const WINDOW: usize = 32 * 1024;

// Header keys: (field << 1) | wire, wire 0 = varint, 1 = length-delimited bytes.
const KEY_END: u64 = 0;
const KEY_KUBE_MINOR: u64 = 1 << 1;
const KEY_RULES: u64 = 2 << 1;
const KEY_TIME_MS: u64 = 3 << 1;
const KEY_SPEED: u64 = 4 << 1;
const KEY_VIEW: u64 = 5 << 1;
const KEY_PANEL: u64 = 6 << 1;
const KEY_CONTAINER: u64 = (7 << 1) | 1;
const KEY_LANG: u64 = 8 << 1;
// Format 3 only (required there): the byte length of A's text, B's Kubernetes minor.
const KEY_A_BYTES: u64 = 9 << 1;
const KEY_B_KUBE_MINOR: u64 = 10 << 1;
/// The version character of a comparison link, in front of its format-1/2 fragment.
const COMPARE_VERSION: u32 = 3;

/// Why a state cannot be encoded. The message is meant for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodeError {
    /// The payload (text plus view state) is over 64 KiB: offer "download scenario" instead.
    TooLarge { bytes: usize },
    /// The state holds something a link may not carry (e.g. a control character).
    Invalid(String),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::TooLarge { bytes } => write!(
                f,
                "This scenario is too large to share as a link ({} KiB; links hold at most \
                 {} KiB). Download the scenario file instead.",
                bytes.div_ceil(1024),
                MAX_DECODED_BYTES / 1024
            ),
            EncodeError::Invalid(why) => {
                write!(f, "This scenario cannot be shared as a link: {why}")
            }
        }
    }
}

impl std::error::Error for EncodeError {}

/// Why a link could not be opened. Every variant has a user-facing message (`Display`); nothing
/// is loaded when decoding fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Nothing after `#`.
    Empty,
    /// The fragment does not start with a podlife format version.
    NotAPodlifeLink,
    /// Made by a newer podlife; this build cannot know what it means.
    NewerFormat { found: u32, supported: u32 },
    /// Longer than any link podlife makes.
    TooLong { chars: usize },
    /// A character outside the link alphabet (A-Z a-z 0-9 - _) at this character offset.
    BadCharacter { offset: usize, ch: char },
    /// The link ends too early: usually cut off by a chat app or a line break.
    Truncated,
    /// The compressed data is damaged.
    Corrupt,
    /// The decoded scenario would be larger than 64 KiB.
    TooLarge,
    /// The view-state header is malformed (which field and why).
    BadHeader(String),
    /// The scenario text is not acceptable (invalid UTF-8, control characters).
    BadText(String),
    /// A format-2 link compressed against a gallery example this build's catalogue does not have
    /// (made by a newer podlife).
    UnknownBase { number: u64 },
    /// A format-2 link whose gallery example text differs from this build's copy of it (the
    /// catalogue is append-only, so only a modified build can get here).
    BaseMismatch { id: String },
}

impl DecodeError {
    /// A stable name for the kind of failure (for tests, telemetry-free UI choices, fixtures).
    pub fn kind(&self) -> &'static str {
        match self {
            DecodeError::Empty => "Empty",
            DecodeError::NotAPodlifeLink => "NotAPodlifeLink",
            DecodeError::NewerFormat { .. } => "NewerFormat",
            DecodeError::TooLong { .. } => "TooLong",
            DecodeError::BadCharacter { .. } => "BadCharacter",
            DecodeError::Truncated => "Truncated",
            DecodeError::Corrupt => "Corrupt",
            DecodeError::TooLarge => "TooLarge",
            DecodeError::BadHeader(_) => "BadHeader",
            DecodeError::BadText(_) => "BadText",
            DecodeError::UnknownBase { .. } => "UnknownBase",
            DecodeError::BaseMismatch { .. } => "BaseMismatch",
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "This link holds no scenario (nothing after '#')."),
            DecodeError::NotAPodlifeLink => write!(
                f,
                "This is not a podlife share link (it does not start with a podlife format \
                 version)."
            ),
            DecodeError::NewerFormat { found, supported } => write!(
                f,
                "This link was made by a newer podlife (format v{found}); this version reads \
                 links up to format v{supported}. Open it with a newer podlife."
            ),
            DecodeError::TooLong { chars } => write!(
                f,
                "This link is too long to be a podlife link ({chars} characters; at most {} \
                 are accepted).",
                MAX_FRAGMENT_CHARS
            ),
            DecodeError::BadCharacter { offset, ch } => write!(
                f,
                "This link is damaged: character {} ({:?}) is not allowed in a podlife link.",
                offset + 1,
                ch
            ),
            DecodeError::Truncated => write!(
                f,
                "This link is incomplete: it was probably cut off when it was copied or sent. \
                 Ask for the whole link, or for the scenario file."
            ),
            DecodeError::Corrupt => write!(f, "This link is damaged: its data does not decode."),
            DecodeError::TooLarge => write!(
                f,
                "This link holds more than {} KiB of scenario; podlife refuses to open it.",
                MAX_DECODED_BYTES / 1024
            ),
            DecodeError::BadHeader(why) => write!(f, "This link is damaged: {why}."),
            DecodeError::BadText(why) => write!(f, "This link's scenario was refused: {why}."),
            DecodeError::UnknownBase { number } => write!(
                f,
                "This link is based on gallery example #{number} of a newer podlife, which this \
                 version does not have. Open it with a newer podlife."
            ),
            DecodeError::BaseMismatch { id } => write!(
                f,
                "This link is based on a version of the gallery example \"{id}\" that this \
                 podlife does not have. Open it with the podlife that made it."
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The version character for format version `v` (1..=9). Letters are not versions, so a
/// fragment like `#example/x` is "not a podlife link" rather than "from a newer podlife"; a
/// tenth format would need a longer prefix (chosen by format 9's designers).
fn version_char(v: u32) -> char {
    char::from_digit(v, 10).unwrap_or('?')
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Characters a link's text (or container name) may not contain: C0 controls other than tab,
/// LF and CR; DEL; C1 controls other than NEL (YAML forbids them all); and the bidirectional
/// overrides and isolates, which could make a hostile link display text other than what runs.
fn forbidden_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'
        | '\u{80}'..='\u{84}' | '\u{86}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn check_text(text: &str) -> Result<(), String> {
    let (mut line, mut col) = (1usize, 1usize);
    for c in text.chars() {
        if forbidden_char(c) {
            return Err(format!(
                "the text contains the control character U+{:04X} at line {line}, column {col}",
                u32::from(c)
            ));
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    Ok(())
}

fn check_state(s: &ShareState) -> Result<(), String> {
    check_text(&s.text)?;
    if let Some(b) = &s.compare {
        check_text(&b.text).map_err(|why| why.replacen("the text", "the text of B", 1))?;
    }
    if let Some(c) = &s.container {
        if c.len() > MAX_CONTAINER_BYTES {
            return Err(format!(
                "the selected container name is longer than {MAX_CONTAINER_BYTES} bytes"
            ));
        }
        if let Some(bad) = c.chars().find(|&ch| forbidden_char(ch) || ch.is_control()) {
            return Err(format!(
                "the selected container name contains the control character U+{:04X}",
                u32::from(bad)
            ));
        }
    }
    if s.time > MAX_UNTIL {
        return Err(format!(
            "the time {} s is beyond the 24 h simulation horizon",
            s.time.whole_secs()
        ));
    }
    let (lo, hi) = SPEED_MILLI_RANGE;
    if !(lo..=hi).contains(&s.speed_milli) {
        return Err(format!(
            "the speed {}× is outside {}×..{}×",
            s.speed(),
            f64::from(lo) / 1000.0,
            f64::from(hi) / 1000.0
        ));
    }
    Ok(())
}

/// The uncompressed v1 payload: header fields (defaults omitted, ascending keys), end key, text.
fn payload(s: &ShareState) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.text.len() + 16);
    push_varint(&mut out, KEY_KUBE_MINOR);
    push_varint(&mut out, u64::from(s.kube_minor));
    push_varint(&mut out, KEY_RULES);
    push_varint(&mut out, u64::from(s.rules_version));
    if s.time != SimTime::ZERO {
        push_varint(&mut out, KEY_TIME_MS);
        push_varint(&mut out, s.time.as_millis());
    }
    if s.speed_milli != DEFAULT_SPEED_MILLI {
        push_varint(&mut out, KEY_SPEED);
        push_varint(&mut out, u64::from(s.speed_milli));
    }
    if s.view != View::default() {
        push_varint(&mut out, KEY_VIEW);
        push_varint(&mut out, s.view.code());
    }
    if s.panel != Panel::default() {
        push_varint(&mut out, KEY_PANEL);
        push_varint(&mut out, s.panel.code());
    }
    if let Some(c) = &s.container {
        push_varint(&mut out, KEY_CONTAINER);
        push_varint(&mut out, c.len() as u64);
        out.extend_from_slice(c.as_bytes());
    }
    if s.lang != Lang::default() {
        push_varint(&mut out, KEY_LANG);
        push_varint(&mut out, s.lang.code());
    }
    if let Some(b) = &s.compare {
        push_varint(&mut out, KEY_A_BYTES);
        push_varint(&mut out, s.text.len() as u64);
        push_varint(&mut out, KEY_B_KUBE_MINOR);
        push_varint(&mut out, u64::from(b.kube_minor));
    }
    push_varint(&mut out, KEY_END);
    out.extend_from_slice(s.text.as_bytes());
    if let Some(b) = &s.compare {
        // After A, so B's deflate matches reach back into A: a B that differs in one value
        // costs a few bytes.
        out.extend_from_slice(b.text.as_bytes());
    }
    out
}

/// The preset dictionary of a format-2 link against `base`: the last 32 KiB of
/// `DICT_V1 ++ base` (the base last, so the likeliest matches are the nearest; catalogue texts
/// are at most 16 KiB, so today nothing is cut).
fn dict_v2(base: &BaseText) -> Vec<u8> {
    let mut d = Vec::with_capacity(DICT_V1.len() + base.text.len());
    d.extend_from_slice(DICT_V1);
    d.extend_from_slice(base.text.as_bytes());
    if d.len() > WINDOW {
        d.drain(..d.len() - WINDOW);
    }
    d
}

/// The format-2 prefix naming `base`: varint number, then FNV-1a 32 of its text, little-endian.
fn base_prefix(base: &BaseText) -> Vec<u8> {
    let mut out = Vec::with_capacity(8);
    push_varint(&mut out, u64::from(base.number));
    out.extend_from_slice(&fnv1a32(base.text.as_bytes()).to_le_bytes());
    out
}

/// Characters of `n` bytes in unpadded base64.
fn b64_chars(n: usize) -> usize {
    (n * 4).div_ceil(3)
}

fn checked_payload(state: &ShareState) -> Result<Vec<u8>, EncodeError> {
    check_state(state).map_err(EncodeError::Invalid)?;
    let data = payload(state);
    if data.len() > MAX_DECODED_BYTES {
        return Err(EncodeError::TooLarge { bytes: data.len() });
    }
    Ok(data)
}

fn fragment(version: u32, bytes: &[u8]) -> String {
    let mut s = String::with_capacity(1 + b64_chars(bytes.len()));
    s.push(version_char(version));
    URL_SAFE_NO_PAD.encode_string(bytes, &mut s);
    s
}

/// How many catalogue entries `encode` compresses against (the most similar ones).
const CANDIDATES: usize = 6;

/// The catalogue entries most like `text`, best first, at most [`CANDIDATES`]. Similarity is
/// the bytes of the distinct lines an entry shares with `text`, compared without surrounding
/// whitespace (so re-indented or CRLF copies still match). Ties go to the lower number;
/// entries sharing nothing are skipped.
fn candidates(text: &str) -> Vec<&'static BaseText> {
    let lines = distinct(text.lines().map(str::trim));
    let mut scored: Vec<(usize, &'static BaseText)> = CATALOGUE
        .iter()
        .filter_map(|base| {
            let shared = distinct(
                base.text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && lines.binary_search(l).is_ok()),
            );
            let score: usize = shared.iter().map(|l| l.len()).sum();
            (score > 0).then_some((score, base))
        })
        .collect();
    // Stable sort: equal scores keep catalogue order.
    podlife_spec::sort::sort_by_key(&mut scored, |&(score, _)| std::cmp::Reverse(score));
    scored
        .into_iter()
        .take(CANDIDATES)
        .map(|(_, b)| b)
        .collect()
}

/// `lines` sorted, each once: a set as a list, without one more `BTreeSet` type in the page's
/// module.
fn distinct<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut list: Vec<&str> = lines.collect();
    podlife_spec::sort::sort(&mut list);
    list.dedup();
    list
}

/// The prefix of a comparison's fragment (`"3"`), empty otherwise.
fn compare_prefix(state: &ShareState) -> &'static str {
    if state.compare.is_some() {
        "3"
    } else {
        ""
    }
}

/// Encodes `state` as a URL fragment payload (without `#`): the shortest of format 1 and
/// format 2 against each of the catalogue entries most like the text (ties: format 1, then the
/// more similar entry); a comparison is `"3"` followed by that. `state.format_version` is
/// ignored; the decoded state's `format_version` says which format was chosen (3 for every
/// comparison). Deterministic: the same state always gives the same string.
pub fn encode(state: &ShareState) -> Result<String, EncodeError> {
    let data = checked_payload(state)?;
    Ok(format!(
        "{}{}",
        compare_prefix(state),
        shortest(state, &data)
    ))
}

/// Format 1 or 2 of `data` (the payload of `state`), whichever is shorter.
fn shortest(state: &ShareState, data: &[u8]) -> String {
    let v1 = deflate::deflate(DICT_V1, data);
    let mut best: Option<(&BaseText, Vec<u8>)> = None;
    let mut best_chars = b64_chars(v1.len());
    for base in candidates(&state.text) {
        let prefix = base_prefix(base);
        // Any deflate stream is at least 2 bytes: below this bound the base cannot win.
        if b64_chars(prefix.len() + 2) >= best_chars {
            continue;
        }
        let z = deflate::deflate(&dict_v2(base), data);
        let chars = b64_chars(prefix.len() + z.len());
        if chars < best_chars {
            best_chars = chars;
            let mut bytes = prefix;
            bytes.extend_from_slice(&z);
            best = Some((base, bytes));
        }
    }
    match best {
        None => fragment(1, &v1),
        Some((_, bytes)) => fragment(2, &bytes),
    }
}

/// Encodes `state` in format 1 only (a comparison: format 3 around format 1), exactly as
/// `web/embed.js` does (its parity tests compare against this). Prefer [`encode`], which is
/// never longer.
pub fn encode_v1(state: &ShareState) -> Result<String, EncodeError> {
    let data = checked_payload(state)?;
    Ok(format!(
        "{}{}",
        compare_prefix(state),
        fragment(1, &deflate::deflate(DICT_V1, &data))
    ))
}

/// Encodes `state` in format 2 against catalogue entry `number` (for tests and fixtures;
/// [`encode`] chooses the base itself). `None` when there is no such entry.
pub fn encode_v2(state: &ShareState, number: u32) -> Option<Result<String, EncodeError>> {
    let base = CATALOGUE.get(usize::try_from(number).ok()?)?;
    Some(checked_payload(state).map(|data| {
        let mut bytes = base_prefix(base);
        bytes.extend_from_slice(&deflate::deflate(&dict_v2(base), &data));
        format!("{}{}", compare_prefix(state), fragment(2, &bytes))
    }))
}

/// Decodes a fragment payload (with or without a leading `#`; surrounding whitespace ignored).
/// Never panics; any failure is a [`DecodeError`] with a user-facing message.
pub fn decode(fragment: &str) -> Result<ShareState, DecodeError> {
    let f = fragment.trim();
    let f = f.strip_prefix('#').unwrap_or(f);
    let mut chars = f.chars();
    let Some(vc) = chars.next() else {
        return Err(DecodeError::Empty);
    };
    let version = match vc {
        '1'..='9' => vc.to_digit(10).unwrap_or(0),
        _ => return Err(DecodeError::NotAPodlifeLink),
    };
    if version > FORMAT_VERSION {
        return Err(DecodeError::NewerFormat {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let mut body = chars.as_str();
    if f.len() > MAX_FRAGMENT_CHARS {
        return Err(DecodeError::TooLong { chars: f.len() });
    }
    // A comparison: the format-1 or format-2 fragment of its payload follows.
    let compare = version == COMPARE_VERSION;
    let inner = if compare {
        let mut rest = body.chars();
        let inner = match rest.next() {
            None => return Err(DecodeError::Truncated),
            Some('1') => 1,
            Some('2') => 2,
            Some(_) => return Err(DecodeError::Corrupt),
        };
        body = rest.as_str();
        inner
    } else {
        version
    };
    let (bytes, cut_in_quantum) = unbase64(body)?;
    let data = if inner == 1 {
        inflate(DICT_V1, &bytes)?
    } else {
        inflate_v2(&bytes)?
    };
    if cut_in_quantum {
        // The deflate stream ended, yet the link has stray bits after it: not one `encode` made.
        return Err(DecodeError::Corrupt);
    }
    let mut state = parse_payload(&data, compare)?;
    state.format_version = version;
    Ok(state)
}

/// The link's bytes, and whether its last base64 quantum was cut (see below).
fn unbase64(body: &str) -> Result<(Vec<u8>, bool), DecodeError> {
    // Mail and chat clients wrap long links: whitespace is never part of the data.
    let joined: String;
    let body = if body.contains(|c: char| c.is_ascii_whitespace()) {
        joined = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        joined.as_str()
    } else {
        body
    };
    if let Some((i, ch)) = body
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '='))
    {
        return Err(DecodeError::BadCharacter { offset: i + 1, ch });
    }
    let engine = GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    // A link cut off inside a base64 quantum: its last character carries some bits of a byte
    // that is not there. `encode` always leaves those bits zero, so a complete link never has
    // them; whether the cut data is "incomplete" or "damaged" is then the inflater's call.
    let mut cut_in_quantum = false;
    let z = match engine.decode(body) {
        Ok(z) => z,
        Err(base64::DecodeError::InvalidByte(i, b)) => {
            return Err(DecodeError::BadCharacter {
                offset: i + 1,
                ch: char::from(b),
            })
        }
        Err(base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidLastSymbol(..)) => {
            cut_in_quantum = true;
            let lenient = GeneralPurpose::new(
                &base64::alphabet::URL_SAFE,
                GeneralPurposeConfig::new()
                    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
                    .with_decode_allow_trailing_bits(true),
            );
            // A lone character in the last quantum holds no whole byte: drop it.
            let trimmed = body.trim_end_matches('=');
            let whole = if trimmed.len() % 4 == 1 {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            lenient.decode(whole).map_err(|_| DecodeError::Corrupt)?
        }
        Err(_) => return Err(DecodeError::Corrupt),
    };
    Ok((z, cut_in_quantum))
}

fn inflate(dict: &[u8], z: &[u8]) -> Result<Vec<u8>, DecodeError> {
    deflate::inflate(dict, z, MAX_DECODED_BYTES).map_err(|e| match e {
        InflateError::Truncated => DecodeError::Truncated,
        InflateError::TooLarge => DecodeError::TooLarge,
        InflateError::Corrupt => DecodeError::Corrupt,
    })
}

/// The payload of a format-2 link's bytes: prefix (base number, base hash), then deflate.
fn inflate_v2(bytes: &[u8]) -> Result<Vec<u8>, DecodeError> {
    // The prefix: base number (varint), then its hash. A link cut inside it is incomplete.
    let mut number: u64 = 0;
    let mut pos = 0;
    loop {
        let Some(&b) = bytes.get(pos) else {
            return Err(DecodeError::Truncated);
        };
        if pos == 9 {
            // Ten varint bytes and still going: no catalogue is that large.
            return Err(DecodeError::Corrupt);
        }
        number |= u64::from(b & 0x7f) << (7 * pos);
        pos += 1;
        if b & 0x80 == 0 {
            break;
        }
    }
    let Some(hash) = bytes.get(pos..pos + 4) else {
        return Err(DecodeError::Truncated);
    };
    let hash = u32::from_le_bytes([hash[0], hash[1], hash[2], hash[3]]);
    let base = usize::try_from(number)
        .ok()
        .and_then(|i| CATALOGUE.get(i))
        .ok_or(DecodeError::UnknownBase { number })?;
    if fnv1a32(base.text.as_bytes()) != hash {
        return Err(DecodeError::BaseMismatch {
            id: base.id.to_owned(),
        });
    }
    inflate(&dict_v2(base), &bytes[pos + 4..])
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn varint(&mut self, what: &str) -> Result<u64, DecodeError> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let Some(&b) = self.data.get(self.pos) else {
                return Err(DecodeError::BadHeader(format!("the {what} is cut short")));
            };
            self.pos += 1;
            let bits = u64::from(b & 0x7f);
            // Ten bytes hold any u64: a tenth byte that still says "more follows" means the
            // header is damaged, not that the number is large.
            if i == 9 && b & 0x80 != 0 {
                return Err(DecodeError::BadHeader(format!(
                    "the encoding of the {what} never ends"
                )));
            }
            if i == 9 && bits > 1 {
                return Err(DecodeError::BadHeader(format!("the {what} is too large")));
            }
            v |= bits << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(DecodeError::BadHeader(format!(
            "the encoding of the {what} never ends"
        )))
    }

    fn u32(&mut self, what: &str) -> Result<u32, DecodeError> {
        let v = self.varint(what)?;
        u32::try_from(v).map_err(|_| DecodeError::BadHeader(format!("the {what} {v} is too large")))
    }

    fn bytes(&mut self, what: &str) -> Result<&[u8], DecodeError> {
        let len = self.varint(what)?;
        let end = usize::try_from(len)
            .ok()
            .and_then(|l| self.pos.checked_add(l))
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| DecodeError::BadHeader(format!("the {what} runs past the end")))?;
        let b = &self.data[self.pos..end];
        self.pos = end;
        Ok(b)
    }
}

/// The state in a payload; `compare`: a format-3 payload, whose A/B fields are required.
fn parse_payload(data: &[u8], compare: bool) -> Result<ShareState, DecodeError> {
    let mut r = Reader { data, pos: 0 };
    let mut s = ShareState::new(String::new());
    let (mut have_kube, mut have_rules) = (false, false);
    let (mut a_bytes, mut b_minor) = (None, None);
    // Bounded: every iteration consumes at least one byte.
    loop {
        let key = r.varint("field key")?;
        match key {
            KEY_END => break,
            KEY_KUBE_MINOR => {
                s.kube_minor = r.u32("Kubernetes version")?;
                have_kube = true;
            }
            KEY_RULES => {
                s.rules_version = r.u32("engine rules version")?;
                have_rules = true;
            }
            KEY_TIME_MS => s.time = SimTime::from_millis(r.varint("time")?),
            KEY_SPEED => s.speed_milli = r.u32("speed")?,
            KEY_VIEW => s.view = View::from_code(r.varint("view")?),
            KEY_PANEL => s.panel = Panel::from_code(r.varint("panel")?),
            KEY_LANG => s.lang = Lang::from_code(r.varint("language")?),
            // Outside format 3 these are unknown fields (skipped, as before format 3).
            KEY_A_BYTES => a_bytes = Some(r.varint("length of run A's text")?),
            KEY_B_KUBE_MINOR => b_minor = Some(r.u32("Kubernetes version of run B")?),
            KEY_CONTAINER => {
                let b = r.bytes("container name")?;
                let c = std::str::from_utf8(b).map_err(|_| {
                    DecodeError::BadHeader("the container name is not valid UTF-8".into())
                })?;
                s.container = Some(c.to_owned());
            }
            // Fields added by newer podlife builds that do not change a run's meaning.
            k if k & 1 == 0 => {
                r.varint("unknown field")?;
            }
            _ => {
                r.bytes("unknown field")?;
            }
        }
    }
    if !have_kube || !have_rules {
        return Err(DecodeError::BadHeader(
            "the behaviour profile (Kubernetes version and engine rules) is missing".into(),
        ));
    }
    let text = std::str::from_utf8(&data[r.pos..]).map_err(|e| {
        DecodeError::BadText(format!(
            "the text is not valid UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    })?;
    if compare {
        let (Some(a_bytes), Some(b_minor)) = (a_bytes, b_minor) else {
            return Err(DecodeError::BadHeader(
                "the comparison's run B is missing (its length or Kubernetes version)".into(),
            ));
        };
        let split = usize::try_from(a_bytes)
            .ok()
            .filter(|&n| text.is_char_boundary(n))
            .ok_or_else(|| {
                DecodeError::BadHeader(
                    "the comparison's run A ends outside the text (or inside a character)".into(),
                )
            })?;
        let (a, b) = text.split_at(split);
        s.text = a.to_owned();
        s.compare = Some(CompareState {
            text: b.to_owned(),
            kube_minor: b_minor,
        });
    } else {
        s.text = text.to_owned();
    }
    check_state(&s).map_err(|why| {
        if why.starts_with("the text") {
            DecodeError::BadText(why)
        } else {
            DecodeError::BadHeader(why)
        }
    })?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn raw_fragment(payload: &[u8]) -> String {
        let z = deflate::deflate(DICT_V1, payload);
        format!("1{}", URL_SAFE_NO_PAD.encode(z))
    }

    /// `s` as `decode` returns it from a link of format `version`.
    fn as_decoded(s: &ShareState, version: u32) -> ShareState {
        let mut s = s.clone();
        s.format_version = version;
        s
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn minimal_state_round_trips() {
        // A tiny text: naming a base (5 bytes) costs more than it saves, so format 1.
        let s = ShareState::new("apiVersion: v1\nkind: Pod\n");
        let f = encode(&s).unwrap();
        assert_eq!(f, encode_v1(&s).unwrap());
        assert_eq!(decode(&f), Ok(as_decoded(&s, 1)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_gallery_example_is_a_format_2_link() {
        let base = CATALOGUE.iter().find(|b| b.id == "liveness-exec").unwrap();
        let s = ShareState::new(base.text);
        let f = encode(&s).unwrap();
        // "2", then base64 of: number 3, hash 0x008a875b little-endian, deflate.
        assert!(f.starts_with("2A1uHig"), "{f}");
        assert_eq!(f.len(), 24);
        assert_eq!(encode_v1(&s).unwrap().len(), 65);
        assert_eq!(decode(&f), Ok(as_decoded(&s, 2)));
        assert_eq!(encode_v2(&s, 3), Some(Ok(f)));
        assert_eq!(encode_v2(&s, u32::MAX), None);
        // Edited (a line changed, a line added): still against the same base, still short.
        let edited = base.text.replace("sleep 30", "sleep 45") + "# mine\n";
        let e = ShareState::new(edited);
        let f = encode(&e).unwrap();
        assert!(f.starts_with("2A1uHig"), "{f}");
        assert!(f.len() < 50, "{} chars", f.len());
        assert_eq!(decode(&f), Ok(as_decoded(&e, 2)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_or_different_bases_are_named() {
        let z = deflate::deflate(b"", &[2, 35, 4, 1, 0, b'x']);
        let link = |prefix: &[u8]| {
            let mut b = prefix.to_vec();
            b.extend_from_slice(&z);
            format!("2{}", URL_SAFE_NO_PAD.encode(b))
        };
        // Entry 200 (varint C8 01) does not exist in this build.
        let e = decode(&link(&[0xc8, 0x01, 1, 2, 3, 4])).unwrap_err();
        assert_eq!(e, DecodeError::UnknownBase { number: 200 });
        assert_eq!(e.kind(), "UnknownBase");
        assert_eq!(
            e.to_string(),
            "This link is based on gallery example #200 of a newer podlife, which this version \
             does not have. Open it with a newer podlife."
        );
        // Entry 3 exists, but the link's hash is not its text's.
        let e = decode(&link(&[3, 1, 2, 3, 4])).unwrap_err();
        assert_eq!(
            e,
            DecodeError::BaseMismatch {
                id: "liveness-exec".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "This link is based on a version of the gallery example \"liveness-exec\" that this \
             podlife does not have. Open it with the podlife that made it."
        );
        // The right hash: it decodes (the deflate data need not use the base).
        let mut ok = vec![3];
        ok.extend_from_slice(&0x008a_875b_u32.to_le_bytes());
        assert_eq!(decode(&link(&ok)).map(|s| s.text), Ok("x".to_owned()));
        // An endless base number is damage.
        assert_eq!(decode(&link(&[0xff; 12])), Err(DecodeError::Corrupt));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_cut_of_a_format_2_link_is_truncated() {
        let base = CATALOGUE.iter().find(|b| b.id == "nodename").unwrap();
        let f = encode(&ShareState::new(format!("{}# edited\n", base.text))).unwrap();
        assert!(f.starts_with('2'));
        for cut in 1..f.len() {
            assert_eq!(
                decode(&f[..cut]),
                Err(DecodeError::Truncated),
                "cut at {cut}"
            );
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_v2_dictionary_is_the_tail_of_dict_v1_and_the_base() {
        let small = BaseText {
            number: 0,
            id: "t",
            hash: 0,
            text: "abc",
        };
        let d = dict_v2(&small);
        assert_eq!(d.len(), DICT_V1.len() + 3);
        assert!(d.starts_with(DICT_V1) && d.ends_with(b"abc"));
        // A base near 32 KiB: the front of DICT_V1 is cut so the whole stays in the window.
        let text: &'static str = Box::leak("y".repeat(WINDOW - 100).into_boxed_str());
        let big = BaseText {
            number: 0,
            id: "t",
            hash: 0,
            text,
        };
        let d = dict_v2(&big);
        assert_eq!(d.len(), WINDOW);
        assert_eq!(&d[..100], &DICT_V1[DICT_V1.len() - 100..]);
        assert!(d.ends_with(text.as_bytes()));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn candidates_are_the_most_similar_entries() {
        let base = CATALOGUE.iter().find(|b| b.id == "pod1-stress").unwrap();
        // Re-indented with CRLF line ends: the same lines without surrounding whitespace.
        let text = base.text.replace("  ", "    ").replace('\n', "\r\n");
        let c = candidates(&text);
        assert_eq!(c.len(), CANDIDATES);
        assert_eq!(c[0].id, "pod1-stress");
        // Nothing shared, no candidates.
        assert!(candidates("zzz\n").is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn full_state_round_trips() {
        let mut s = ShareState::new("kind: Pod\n# 容器\n");
        s.kube_minor = 33;
        s.rules_version = 7;
        s.time = SimTime::from_millis(90_500);
        s.speed_milli = 250;
        s.view = View::Split;
        s.panel = Panel::Logs;
        s.container = Some("app".into());
        s.lang = Lang::ZhCn;
        let f = encode(&s).unwrap();
        let s = as_decoded(&s, 1);
        assert_eq!(decode(&f), Ok(s.clone()));
        assert_eq!(decode(&format!("  #{f}\n")), Ok(s.clone()));
        // A link wrapped by a mail client still opens.
        let (a, b) = f.split_at(f.len() / 2);
        assert_eq!(decode(&format!("{a}\n  {b}")), Ok(s));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn default_header_is_five_bytes() {
        let s = ShareState::new("x");
        assert_eq!(payload(&s), vec![2, 37, 4, 2, 0, b'x']);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn newer_format_is_named() {
        let e = decode("4AAAA").unwrap_err();
        assert_eq!(
            e,
            DecodeError::NewerFormat {
                found: 4,
                supported: 3
            }
        );
        assert_eq!(
            e.to_string(),
            "This link was made by a newer podlife (format v4); this version reads links up \
             to format v3. Open it with a newer podlife."
        );
        assert_eq!(
            decode("9AAA").unwrap_err(),
            DecodeError::NewerFormat {
                found: 9,
                supported: 3
            }
        );
        // Letters are not versions: app routes and garbage are "not a podlife link".
        assert_eq!(decode("example/crash"), Err(DecodeError::NotAPodlifeLink));
        assert_eq!(decode("zAAA"), Err(DecodeError::NotAPodlifeLink));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn not_a_link() {
        assert_eq!(decode(""), Err(DecodeError::Empty));
        assert_eq!(decode("#"), Err(DecodeError::Empty));
        assert_eq!(decode("Hello"), Err(DecodeError::NotAPodlifeLink));
        assert_eq!(decode("0abc"), Err(DecodeError::NotAPodlifeLink));
        assert_eq!(decode("éé"), Err(DecodeError::NotAPodlifeLink));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn bad_characters_are_located() {
        assert_eq!(
            decode("1abc%20def"),
            Err(DecodeError::BadCharacter { offset: 4, ch: '%' })
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_cut_is_refused() {
        let f = encode(&ShareState::new(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: cut\nspec:\n  containers:\n  - name: a\n    image: busybox\n",
        ))
        .unwrap();
        // Wherever a chat app cuts it, the message is "incomplete", never "damaged".
        for cut in 1..f.len() {
            assert_eq!(
                decode(&f[..cut]),
                Err(DecodeError::Truncated),
                "cut at {cut}"
            );
        }
        // The example: a prefix ending inside a base64 quantum.
        assert_eq!(decode("1Y1JmYWQgoQIpgFcM6EV"), Err(DecodeError::Truncated));
        // Stray bits after a complete link's last byte are damage, not a cut.
        let mut bad = f.clone();
        bad.push('B');
        bad.push('B');
        assert_eq!(decode(&bad), Err(DecodeError::Corrupt));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn missing_profile_is_refused() {
        let f = raw_fragment(&[0, b'x']);
        assert_eq!(
            decode(&f),
            Err(DecodeError::BadHeader(
                "the behaviour profile (Kubernetes version and engine rules) is missing".into()
            ))
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn huge_numbers_are_refused() {
        // kube minor = 2^32 does not fit u32.
        let mut p = vec![2];
        push_varint(&mut p, 1 << 32);
        p.extend([4, 1, 0]);
        assert_eq!(
            decode(&raw_fragment(&p)),
            Err(DecodeError::BadHeader(
                "the Kubernetes version 4294967296 is too large".into()
            ))
        );
        // A varint whose tenth byte still says "more follows" is damaged, not large.
        let p = [
            2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
        ];
        assert_eq!(
            decode(&raw_fragment(&p)),
            Err(DecodeError::BadHeader(
                "the encoding of the Kubernetes version never ends".into()
            ))
        );
        // Eleven 0xFF bytes as the whole header: the field key never ends.
        let e = decode(&raw_fragment(&[0xff; 11])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "This link is damaged: the encoding of the field key never ends."
        );
        // A terminated ten-byte varint over 64 bits is still "too large".
        let p = [
            2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02,
        ];
        assert_eq!(
            decode(&raw_fragment(&p)),
            Err(DecodeError::BadHeader(
                "the Kubernetes version is too large".into()
            ))
        );
        // Time beyond the horizon.
        let mut p = vec![2, 35, 4, 1, KEY_TIME_MS as u8];
        push_varint(&mut p, u64::MAX);
        p.push(0);
        assert!(
            matches!(decode(&raw_fragment(&p)), Err(DecodeError::BadHeader(m)) if m.contains("horizon"))
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn hostile_text_is_refused() {
        let p = [2, 35, 4, 1, 0, b'a', 0xff, b'b'];
        assert_eq!(
            decode(&raw_fragment(&p)),
            Err(DecodeError::BadText(
                "the text is not valid UTF-8 (at byte 1)".into()
            ))
        );
        let mut p = vec![2, 35, 4, 1, 0];
        p.extend_from_slice("kind: Pod\nx: \u{202e}evil\n".as_bytes());
        assert_eq!(
            decode(&raw_fragment(&p)),
            Err(DecodeError::BadText(
                "the text contains the control character U+202E at line 2, column 4".into()
            ))
        );
        let p = [2, 35, 4, 1, 0, b'a', 0x1b, b'['];
        assert!(matches!(
            decode(&raw_fragment(&p)),
            Err(DecodeError::BadText(_))
        ));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_fields_are_skipped() {
        // Field 20 varint and field 21 bytes, as a newer podlife might add.
        let p = [2, 34, 4, 1, 40, 5, 43, 2, b'h', b'i', 0, b'x'];
        let s = decode(&raw_fragment(&p)).unwrap();
        assert_eq!((s.kube_minor, s.text.as_str()), (34, "x"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn oversized_payload_is_refused_both_ways() {
        let big = "#".repeat(MAX_DECODED_BYTES);
        assert_eq!(
            encode(&ShareState::new(big.clone())),
            Err(EncodeError::TooLarge {
                bytes: MAX_DECODED_BYTES + 5
            })
        );
        let mut p = vec![2, 35, 4, 1, 0];
        p.extend_from_slice(big.as_bytes());
        assert_eq!(decode(&raw_fragment(&p)), Err(DecodeError::TooLarge));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn deflate_bomb_stops_at_the_limit() {
        // 2 MB of zeros compresses to ~16 KB; inflation must stop at 64 KiB + 1.
        let z = deflate::deflate(b"", &vec![0u8; 2_000_000]);
        let f = format!("1{}", URL_SAFE_NO_PAD.encode(z));
        assert!(f.len() < MAX_FRAGMENT_CHARS);
        assert_eq!(decode(&f), Err(DecodeError::TooLarge));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn compat_notes_name_the_mismatch() {
        let mut s = ShareState::new("");
        assert!(s.compat_notes().is_empty());
        s.kube_minor = 40;
        s.rules_version = podlife_spec::ENGINE_RULES_VERSION + 1;
        let n = s.compat_notes();
        assert_eq!(n.len(), 2);
        assert!(
            n[0].starts_with("This link was made with podlife engine rules v3"),
            "{}",
            n[0]
        );
        assert_eq!(
            n[1],
            "This link asks for Kubernetes 1.40 behaviour, which this podlife does not model; it \
             runs with 1.37 instead."
        );
        // An older rules version replays with its own rules: nothing to say.
        s.kube_minor = 35;
        s.rules_version = 1;
        assert!(s.compat_notes().is_empty());
    }

    fn compare(a: &str, b: &str) -> ShareState {
        let mut s = ShareState::new(a);
        s.compare = Some(CompareState::new(b));
        s
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_comparison_is_a_format_3_link_that_costs_its_differences() {
        let base = CATALOGUE.iter().find(|b| b.id == "liveness-exec").unwrap();
        let b = base.text.replace(
            "periodSeconds: 5",
            "periodSeconds: 5\n      failureThreshold: 1",
        );
        let mut s = compare(base.text, &b);
        s.compare.as_mut().unwrap().kube_minor = 34;
        s.time = SimTime::from_secs(42);
        let f = encode(&s).unwrap();
        // "3", then the format-2 fragment of the payload (against the same gallery example).
        assert!(f.starts_with("32A1uHig"), "{f}");
        assert!(f.len() < 60, "{} chars: {f}", f.len());
        assert_eq!(decode(&f), Ok(as_decoded(&s, 3)));
        // Format 1 inside (the iframe snippet, web/embed.js).
        let v1 = encode_v1(&s).unwrap();
        assert!(v1.starts_with("31"), "{v1}");
        assert_eq!(decode(&v1), Ok(as_decoded(&s, 3)));
        // A and B are told apart by A's byte length: an empty A, an empty B, multi-byte text.
        for (a, b) in [
            ("", "kind: Pod\n"),
            ("kind: Pod\n", ""),
            ("名字: 甲\n", "名字: 乙\n"),
        ] {
            let s = compare(a, b);
            assert_eq!(
                decode(&encode(&s).unwrap()),
                Ok(as_decoded(&s, 3)),
                "{a:?} {b:?}"
            );
        }
        // B's text is checked like A's.
        assert_eq!(
            encode(&compare("a", "b\u{7}")),
            Err(EncodeError::Invalid(
                "the text of B contains the control character U+0007 at line 1, column 2".into()
            ))
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_damaged_comparison_is_refused() {
        // A format-3 payload without its B fields, or whose A ends past the text or inside a
        // character.
        let plain = raw_fragment(&[2, 37, 4, 2, 0, b'x']);
        assert!(matches!(
            decode(&format!("3{plain}")),
            Err(DecodeError::BadHeader(_))
        ));
        let past = raw_fragment(&[2, 37, 4, 2, 18, 5, 20, 34, 0, b'x']);
        assert!(matches!(
            decode(&format!("3{past}")),
            Err(DecodeError::BadHeader(_))
        ));
        let mut inside = vec![2, 37, 4, 2, 18, 1, 20, 34, 0];
        inside.extend_from_slice("é".as_bytes());
        assert!(matches!(
            decode(&format!("3{}", raw_fragment(&inside))),
            Err(DecodeError::BadHeader(_))
        ));
        // The same fields in a format-1 payload are unknown fields: skipped.
        let one = decode(&past).unwrap();
        assert_eq!((one.text.as_str(), one.compare), ("x", None));
        // "3" alone, or cut right after it, is incomplete; another inner version is damage.
        assert_eq!(decode("3"), Err(DecodeError::Truncated));
        assert_eq!(decode("3A1uHig"), Err(DecodeError::Corrupt));
        assert_eq!(decode("33AAAA"), Err(DecodeError::Corrupt));
        let f = encode(&compare("kind: Pod\n", "kind: Pod # B\n")).unwrap();
        for cut in 1..f.len() {
            assert_eq!(
                decode(&f[..cut]),
                Err(DecodeError::Truncated),
                "cut at {cut}"
            );
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn encode_refuses_control_characters() {
        assert_eq!(
            encode(&ShareState::new("a\u{7}")),
            Err(EncodeError::Invalid(
                "the text contains the control character U+0007 at line 1, column 2".into()
            ))
        );
    }
}
