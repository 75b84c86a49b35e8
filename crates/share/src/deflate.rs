//! Canonical raw deflate with a preset dictionary.
//!
//! The encoder is deliberately simple and fully specified (one fixed-Huffman block, hash-chain
//! LZ77 with one-step lazy matching), so `web/embed.js` can reproduce it byte for byte: browser
//! `CompressionStream('deflate-raw')` output depends on the zlib build (Chromium, Firefox and
//! WebKit differ) and could never match a Rust encoder. Any standard inflater reads the output;
//! the decoder here accepts every valid raw deflate stream (fixed, dynamic or stored blocks).
//!
//! Encoder algorithm (mirrored in `web/embed.js`; change neither without the other):
//! - `buf = dict ++ data`; positions `p < dict.len()` are only match sources.
//! - `hash(p) = ((buf[p] << 10) ^ (buf[p+1] << 5) ^ buf[p+2]) & 0x7fff`; chains link each
//!   inserted position to the previous one with the same hash.
//! - `find(p)`: walk the chain from the newest candidate, at most [`MAX_CHAIN`] candidates, while
//!   the distance is ≤ 32768; keep a candidate only if strictly longer than the best so far (so
//!   ties go to the nearest); stop at 258 or at the bytes left. Matches shorter than 3 are none.
//! - Main loop: at `p`, with match `m = find(p)`: no match → literal, insert `p`. A match →
//!   insert `p`; if `m.len < LAZY_LIMIT`, `n = find(p + 1)`, and if `n.len > m.len` emit the
//!   literal at `p` and continue at `p + 1` with `n`. Otherwise emit `m` and insert
//!   `p+1 .. p+m.len`.

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// How many chain candidates `find` examines (bounds the work per position).
const MAX_CHAIN: usize = 128;
/// Lazy matching is only tried after matches shorter than this.
const LAZY_LIMIT: usize = 32;
const WINDOW: usize = 32768;
const HASH_SIZE: usize = 1 << 15;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

struct BitWriter {
    out: Vec<u8>,
    acc: u32,
    nbits: u32,
}

impl BitWriter {
    /// Writes `n` (≤ 16) bits of `value`, least significant first (deflate bit order).
    fn bits(&mut self, value: u32, n: u32) {
        self.acc |= (value & ((1 << n) - 1)) << self.nbits;
        self.nbits += n;
        while self.nbits >= 8 {
            self.out.push((self.acc & 0xff) as u8);
            self.acc >>= 8;
            self.nbits -= 8;
        }
    }

    /// Writes a Huffman code of `len` bits, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let mut rev = 0;
        for i in 0..len {
            rev |= ((code >> i) & 1) << (len - 1 - i);
        }
        self.bits(rev, len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.nbits > 0 {
            self.out.push((self.acc & 0xff) as u8);
        }
        self.out
    }
}

/// The fixed literal/length code (RFC 1951 section 3.2.6).
fn write_litlen(w: &mut BitWriter, sym: u32) {
    match sym {
        0..=143 => w.code(0x30 + sym, 8),
        144..=255 => w.code(0x190 + (sym - 144), 9),
        256..=279 => w.code(sym - 256, 7),
        _ => w.code(0xc0 + (sym - 280), 8),
    }
}

fn write_match(w: &mut BitWriter, len: usize, dist: usize) {
    // Largest base ≤ len: 258 takes code 285, as zlib does.
    let li = LEN_BASE
        .iter()
        .rposition(|&b| usize::from(b) <= len)
        .unwrap_or(0);
    write_litlen(w, 257 + li as u32);
    w.bits(
        (len - usize::from(LEN_BASE[li])) as u32,
        u32::from(LEN_EXTRA[li]),
    );
    let di = DIST_BASE
        .iter()
        .rposition(|&b| usize::from(b) <= dist)
        .unwrap_or(0);
    w.code(di as u32, 5);
    w.bits(
        (dist - usize::from(DIST_BASE[di])) as u32,
        u32::from(DIST_EXTRA[di]),
    );
}

struct Matcher<'a> {
    buf: &'a [u8],
    head: Vec<i32>,
    prev: Vec<i32>,
}

impl Matcher<'_> {
    fn hash(&self, p: usize) -> usize {
        let b = self.buf;
        ((usize::from(b[p]) << 10) ^ (usize::from(b[p + 1]) << 5) ^ usize::from(b[p + 2]))
            & (HASH_SIZE - 1)
    }

    fn insert(&mut self, p: usize) {
        if p + 2 < self.buf.len() {
            let h = self.hash(p);
            self.prev[p] = self.head[h];
            self.head[h] = p as i32;
        }
    }

    /// Longest match for position `p` among already inserted positions: (len, dist), len 0 if none.
    fn find(&self, p: usize) -> (usize, usize) {
        let n = self.buf.len();
        if p + MIN_MATCH > n {
            return (0, 0);
        }
        let max_len = MAX_MATCH.min(n - p);
        let (mut best_len, mut best_dist) = (MIN_MATCH - 1, 0);
        let mut c = self.head[self.hash(p)];
        let mut chain = 0;
        while c >= 0 && chain < MAX_CHAIN {
            let cu = c as usize;
            if p - cu > WINDOW {
                break;
            }
            // A candidate that differs at `best_len` cannot be strictly longer: skip the full
            // comparison (same result, far fewer byte compares on repetitive text).
            if self.buf[cu + best_len] != self.buf[p + best_len] {
                c = self.prev[cu];
                chain += 1;
                continue;
            }
            let l = self.buf[cu..]
                .iter()
                .zip(&self.buf[p..p + max_len])
                .take_while(|(a, b)| a == b)
                .count();
            if l > best_len {
                best_len = l;
                best_dist = p - cu;
                if l == max_len {
                    break;
                }
            }
            c = self.prev[cu];
            chain += 1;
        }
        if best_len >= MIN_MATCH {
            (best_len, best_dist)
        } else {
            (0, 0)
        }
    }
}

/// Compresses `data` as one final fixed-Huffman deflate block whose matches may reach back
/// into `dict` (a preset dictionary, ≤ 32 KiB).
pub(crate) fn deflate(dict: &[u8], data: &[u8]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(dict.len() + data.len());
    buf.extend_from_slice(dict);
    buf.extend_from_slice(data);
    let n = buf.len();
    let mut m = Matcher {
        buf: &buf,
        head: vec![-1; HASH_SIZE],
        prev: vec![-1; n],
    };
    for p in 0..dict.len() {
        m.insert(p);
    }
    let mut w = BitWriter {
        out: Vec::with_capacity(data.len() / 2 + 8),
        acc: 0,
        nbits: 0,
    };
    w.bits(1, 1); // BFINAL
    w.bits(1, 2); // BTYPE = 01, fixed Huffman
    let mut p = dict.len();
    let mut cur = m.find(p);
    while p < n {
        if cur.0 == 0 {
            write_litlen(&mut w, u32::from(buf[p]));
            m.insert(p);
            p += 1;
            cur = m.find(p);
            continue;
        }
        m.insert(p);
        if cur.0 < LAZY_LIMIT {
            let next = m.find(p + 1);
            if next.0 > cur.0 {
                write_litlen(&mut w, u32::from(buf[p]));
                p += 1;
                cur = next;
                continue;
            }
        }
        write_match(&mut w, cur.0, cur.1);
        for q in p + 1..p + cur.0 {
            m.insert(q);
        }
        p += cur.0;
        cur = m.find(p);
    }
    write_litlen(&mut w, 256);
    w.finish()
}

/// Why inflation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InflateError {
    /// The stream ends before its final block does (a cut-off link).
    Truncated,
    /// More than `limit` bytes of output; inflation stopped there.
    TooLarge,
    /// Not a valid deflate stream, or bytes after its end.
    Corrupt,
}

/// Inflates raw deflate `input` with preset dictionary `dict`, producing at most `limit` bytes.
/// The output buffer is allocated once (`dict.len() + limit + 1`), so a deflate bomb cannot make
/// it allocate more.
pub(crate) fn inflate(dict: &[u8], input: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut out = vec![0u8; dict.len() + limit + 1];
    out[..dict.len()].copy_from_slice(dict);
    let mut state = Box::<DecompressorOxide>::default();
    // Non-wrapping buffer: back-references may reach the preloaded dictionary but nothing before.
    // HAS_MORE_INPUT: at the end of `input` the inflater stops with NeedsMoreInput instead of
    // reading zero bits past it, so a cut-off stream is told apart from damaged data.
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
        | inflate_flags::TINFL_FLAG_HAS_MORE_INPUT;
    let (status, consumed, produced) = decompress(&mut state, input, &mut out, dict.len(), flags);
    match status {
        TINFLStatus::Done => {
            if produced > limit {
                return Err(InflateError::TooLarge);
            }
            if consumed != input.len() {
                return Err(InflateError::Corrupt);
            }
            let mut data = out.split_off(dict.len());
            data.truncate(produced);
            Ok(data)
        }
        TINFLStatus::HasMoreOutput => Err(InflateError::TooLarge),
        TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
            Err(InflateError::Truncated)
        }
        _ => Err(InflateError::Corrupt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn round_trips_with_and_without_dictionary() {
        let dict = b"apiVersion: v1\nkind: Pod\n";
        for data in [
            &b""[..],
            b"a",
            b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n",
            &[7u8; 1000],
        ] {
            let z = deflate(dict, data);
            assert_eq!(inflate(dict, &z, 65536).as_deref(), Ok(data));
            let z = deflate(b"", data);
            assert_eq!(inflate(b"", &z, 65536).as_deref(), Ok(data));
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn empty_input_is_two_bytes() {
        // BFINAL=1, BTYPE=01, EOB (7 zero bits): 0b00000011, 0b00000000.
        assert_eq!(deflate(b"", b""), vec![0x03, 0x00]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn dictionary_matches_shrink_output() {
        let dict = b"initialDelaySeconds: periodSeconds: failureThreshold: ";
        let data = b"initialDelaySeconds: 5\nperiodSeconds: 5\nfailureThreshold: 3\n";
        assert!(deflate(dict, data).len() < deflate(b"", data).len() / 2);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn limit_is_enforced_while_inflating() {
        let data = vec![b'a'; 5000];
        let z = deflate(b"", &data);
        assert_eq!(inflate(b"", &z, 4999), Err(InflateError::TooLarge));
        assert_eq!(inflate(b"", &z, 5000).map(|d| d.len()), Ok(5000));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn cut_streams_are_truncated() {
        let data = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: truncated-example\n";
        let z = deflate(b"", data);
        for cut in 0..z.len() {
            assert_eq!(
                inflate(b"", &z[..cut], 65536),
                Err(InflateError::Truncated),
                "cut {cut}"
            );
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn trailing_bytes_are_corrupt() {
        let mut z = deflate(b"", b"hello");
        z.push(0);
        assert_eq!(inflate(b"", &z, 65536), Err(InflateError::Corrupt));
    }
}
