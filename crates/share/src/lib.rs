//! podlife share links: the scenario text, its behaviour profile and the view state in a URL
//! fragment (`#…`, never sent to a server), and the query parameters of embeds.
//!
//! Pure functions shared by the web app and the CLI; no IO, no clock; builds for wasm32.
//!
//! # Using it
//!
//! ```
//! use podlife_share::{decode, encode, fragment_of, share_link, ShareState};
//!
//! // Web app: after each (debounced) edit, replaceState with the new fragment.
//! let mut state = ShareState::new("apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n");
//! state.time = podlife_spec::SimTime::from_secs(42);
//! let fragment = encode(&state).unwrap(); // show EncodeError's message if this fails
//! assert!(fragment.len() < 100);
//!
//! // CLI: `podlife share FILE --base URL` and `podlife run <link>`.
//! let link = share_link("https://podlife.example/", &state).unwrap();
//! if let Some(w) = podlife_share::link_length_warning(link.chars().count()) {
//!     eprintln!("{w}");
//! }
//! let back = decode(fragment_of(&link)).unwrap(); // DecodeError's Display is user-facing
//! assert_eq!((back.text.as_str(), back.time), (state.text.as_str(), state.time));
//! assert_eq!(back.format_version, 1); // which format `encode` chose (see below)
//!
//! // Embeds: query parameters.
//! let (params, problems) = podlife_share::parse_query("?embed=1&view=kubectl&t=90");
//! assert!(params.embed && problems.is_empty());
//! ```
//!
//! # Link format, version 1
//!
//! `fragment = "1" base64url_nopad(raw_deflate(payload, dictionary = DICT_V1))`
//!
//! - The first character is the format version (`1`-`9`). A larger version than
//!   [`FORMAT_VERSION`] is refused with "made by a newer podlife (format vN)"; any other first
//!   character means "not a podlife link". ASCII whitespace inside the data is ignored (mail
//!   clients wrap long links).
//! - `payload = header text`. The header is a list of `key value` pairs ending with key `0`;
//!   keys are LEB128 varints `field << 1 | wire`, where wire `0` is a varint value and wire `1` a
//!   varint length plus that many bytes. Fields: 1 Kubernetes minor and 2 engine rules version
//!   (always present: the behaviour profile), 3 time in ms, 4 speed in thousandths, 5 view,
//!   6 kubectl panel, 7 selected container (bytes, UTF-8), 8 language. Fields 3-8 are omitted when
//!   default (0, 1000, timeline, get, none, en). Unknown fields are skipped, so a newer podlife
//!   may add view-only fields without a new version; anything that changes what a link *means*
//!   needs a new format version (and the old decoder stays).
//! - `text` is the rest of the payload: the editor text, UTF-8, without C0/C1 control characters
//!   other than tab, LF, CR, NEL, and without bidirectional overrides.
//! - The payload is at most 64 KiB ([`MAX_DECODED_BYTES`]); decoding inflates into a fixed
//!   buffer of that size and stops there, so a deflate bomb allocates nothing more.
//! - `DICT_V1` (`src/dict_v1.txt`) is a preset deflate dictionary of common Pod/Scenario YAML.
//!   It is part of formats 1 and 2 forever: a test pins its hash.
//! - The encoder is a canonical deflate (one fixed-Huffman block, specified in `deflate.rs`) so
//!   that `web/embed.js` produces the identical fragment in any browser ([`encode_v1`]); the
//!   decoder accepts any valid raw deflate stream.
//!
//! # Link format, version 2: compressed against a gallery example
//!
//! `fragment = "2" base64url_nopad(varint(N) ++ le32(H) ++ raw_deflate(payload, dict_v2))`
//!
//! - `N` is the number of a base text in the [`CATALOGUE`] (the gallery examples, append-only
//!   forever; `src/catalogue.rs`), `H` the FNV-1a 32 hash ([`fnv1a32`]) of that text's exact
//!   bytes, little-endian. The decoder refuses an unknown `N` ("based on gallery example #N of a
//!   newer podlife") and a hash that is not its copy's ("based on a version of the gallery
//!   example … that this podlife does not have") rather than guess. The base is named outside
//!   the deflate stream because the stream cannot be read without it.
//! - `dict_v2 = the last 32 KiB of (DICT_V1 ++ base text)`: the base last, so matches into it
//!   are the nearest. Catalogue texts are at most 16 KiB ([`MAX_BASE_BYTES`]), so today nothing
//!   is cut; the rule fixes what happens if that ever changes.
//! - `payload` is exactly format 1's (header + text); the deflate encoder is the same.
//! - A link cut anywhere, also inside `N` or `H`, is "incomplete".
//!
//! [`encode`] writes whichever is shortest: format 1, or format 2 against each of the six
//! catalogue entries sharing the most lines with the text (lines compared without surrounding
//! whitespace; ties go to format 1, then to the more similar entry). A gallery example shared
//! unedited is a 21-31 character fragment (85 for the 4 KB `nginx-annotated.yaml`, whose
//! format-1 link is 1,913); an edited one costs only its edits. Measured (`tests/seeds.rs`,
//! table in `docs/embedding.md`): the 35 seed examples take 909 characters in all (format 1:
//! 6,180; no dictionary: 12,556). Encoding takes about 0.5 ms for a 4 KB text (native, release).
//! `web/embed.js` keeps writing format 1: it turns arbitrary docs YAML into iframe URLs, where
//! length matters less, and format 2 would need the catalogue in the script.
//!
//! # Link format, version 3: a comparison of two runs
//!
//! `fragment = "3" inner`, where `inner` is a format-1 or format-2 fragment (its own version
//! character included) of a payload whose header has two more fields, both required in format
//! 3: 9 the byte length of A's text (varint) and 10 the Kubernetes minor of run B (varint); and
//! whose text is A's text followed by B's. Both runs use the header's engine rules version;
//! field 1 is A's Kubernetes minor. B follows A in the same deflate stream, so a B that differs
//! from A in a value costs a few characters (liveness-exec with `failureThreshold: 1` in B:
//! 49 characters, against 24 for the example alone). Outside format 3, fields 9 and 10 are
//! unknown fields like any other (skipped). A podlife that reads only formats 1 and 2 refuses
//! a comparison with "made by a newer podlife (format v3)" instead of showing A alone as if it
//! were the whole link. `encode` writes format 3 for every state with a comparison.
//!
//! Old links keep their meaning: `tests/fixtures/v<N>/*.json` hold released fragments with their
//! expected decoded state, replayed by `tests/fixtures.rs`; `tests/catalogue.rs` pins every
//! catalogue text.

#![forbid(unsafe_code)]

mod catalogue;
mod codec;
mod deflate;
mod query;
mod state;

use std::fmt;

pub use catalogue::{fnv1a32, BaseText, CATALOGUE, MAX_BASE_BYTES};
pub use codec::{
    decode, encode, encode_v1, encode_v2, DecodeError, EncodeError, MAX_CONTAINER_BYTES,
    MAX_FRAGMENT_CHARS, SPEED_MILLI_RANGE,
};
pub use query::{parse_query, EmbedParams, QueryError, Theme, QUERY_SPEED_MILLI_RANGE};
pub use state::{CompareState, Lang, Panel, ShareState, View, DEFAULT_SPEED_MILLI};

/// The newest format version [`decode`] reads ([`encode`] writes format 3 for comparisons, else
/// the shorter of 1 and 2).
pub const FORMAT_VERSION: u32 = 3;

/// Largest decoded payload (header + text) a link may hold.
pub const MAX_DECODED_BYTES: usize = 64 * 1024;

/// The preset deflate dictionary of formats 1 and 2. Never edit: it would change every link.
pub const DICT_V1: &[u8] = include_bytes!("dict_v1.txt");

/// Typical scenarios should stay under this many characters of link.
pub const TARGET_LINK_CHARS: usize = 1_000;
/// Above this many characters chat apps (Discord: 2,000) cut links: warn and offer a download.
pub const WARN_LINK_CHARS: usize = 2_000;

/// The `postMessage` type the embedded playground posts to its parent with its content height:
/// `{ type: "podlife:height", height: <CSS px> }`. `web/embed.js` listens for it.
pub const EMBED_HEIGHT_MESSAGE_TYPE: &str = "podlife:height";
/// Heights `web/embed.js` accepts from an embed (CSS px); others are clamped.
pub const EMBED_HEIGHT_RANGE: (u32, u32) = (120, 4_000);

/// A warning about a link that is too long for chat apps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkLengthWarning {
    pub chars: usize,
}

impl fmt::Display for LinkLengthWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "This link is {} characters long; chat apps cut links longer than {} characters. \
             Download the scenario file and share that instead.",
            self.chars, WARN_LINK_CHARS
        )
    }
}

/// A warning when a link of `chars` characters is longer than [`WARN_LINK_CHARS`].
pub fn link_length_warning(chars: usize) -> Option<LinkLengthWarning> {
    (chars > WARN_LINK_CHARS).then_some(LinkLengthWarning { chars })
}

/// The fragment part of a pasted link, fragment or bare payload: everything after the first `#`
/// if there is one, else the whole (trimmed) input.
pub fn fragment_of(input: &str) -> &str {
    let t = input.trim();
    match t.split_once('#') {
        Some((_, f)) => f,
        None => t,
    }
}

/// Whether `input` (a CLI argument, a pasted string) looks like a podlife link rather than
/// scenario text or a file name: it contains `#` followed by a format version character and
/// no whitespace.
pub fn looks_like_link(input: &str) -> bool {
    let t = input.trim();
    !t.contains(char::is_whitespace)
        && t.split_once('#').is_some_and(|(_, f)| {
            f.starts_with(|c: char| c.is_ascii_digit() || c.is_ascii_lowercase())
        })
}

/// `base` (any existing fragment dropped) + `#` + the encoded state.
pub fn share_link(base: &str, state: &ShareState) -> Result<String, EncodeError> {
    let base = base.split('#').next().unwrap_or("");
    Ok(format!("{base}#{}", encode(state)?))
}

/// The embed URL: `base` (query and fragment dropped) + `?embed=1&…` + `#fragment`.
pub fn embed_url(base: &str, fragment: &str, params: &EmbedParams) -> String {
    let base = base.split(['?', '#']).next().unwrap_or("");
    let mut p = params.clone();
    p.embed = true;
    format!("{base}?{}#{fragment}", p.to_query())
}

/// Escapes text for an HTML attribute value or text node.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An `<iframe>` snippet for the Share dialog's "copy embed" (fixed height; works without
/// script; `embed.js` on the host page makes it auto-size).
pub fn iframe_snippet(embed_url: &str, title: &str, height_px: u32) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height_px}\" loading=\"lazy\" \
         style=\"border:1px solid #ccc;border-radius:6px\"></iframe>",
        html_escape(embed_url),
        html_escape(title)
    )
}

/// A Markdown link for the Share dialog's "copy Markdown".
pub fn markdown_link(title: &str, link: &str) -> String {
    let mut t = String::with_capacity(title.len());
    for c in title.chars() {
        if matches!(c, '[' | ']' | '\\') {
            t.push('\\');
        }
        t.push(c);
    }
    format!("[{t}]({link})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn warning_threshold() {
        assert_eq!(link_length_warning(2000), None);
        let w = link_length_warning(2001).unwrap();
        assert_eq!(
            w.to_string(),
            "This link is 2001 characters long; chat apps cut links longer than 2000 \
             characters. Download the scenario file and share that instead."
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn fragments_are_found() {
        assert_eq!(fragment_of(" https://x.example/?embed=1#1abc \n"), "1abc");
        assert_eq!(fragment_of("#1abc"), "1abc");
        assert_eq!(fragment_of("1abc"), "1abc");
        assert!(looks_like_link("https://x.example/#1abc"));
        assert!(looks_like_link("#1abc"));
        assert!(!looks_like_link("pod.yaml"));
        assert!(!looks_like_link("apiVersion: v1 # comment"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn links_and_snippets() {
        let s = ShareState::new("kind: Pod\n");
        let f = encode(&s).unwrap();
        assert_eq!(
            share_link("https://p.example/app#old", &s).unwrap(),
            format!("https://p.example/app#{f}")
        );
        let (params, _) = parse_query("view=kubectl&t=5");
        let u = embed_url("https://p.example/?x=1", &f, &params);
        assert_eq!(
            u,
            format!("https://p.example/?embed=1&view=kubectl&t=5#{f}")
        );
        assert_eq!(
            iframe_snippet("https://p.example/?a=1&b=2", "Pod \"x\" <demo>", 480),
            "<iframe src=\"https://p.example/?a=1&amp;b=2\" title=\"Pod &quot;x&quot; &lt;demo&gt;\" \
             width=\"100%\" height=\"480\" loading=\"lazy\" style=\"border:1px solid #ccc;border-radius:6px\"></iframe>"
        );
        assert_eq!(
            markdown_link("a [b]", "https://x/#1"),
            "[a \\[b\\]](https://x/#1)"
        );
    }
}
