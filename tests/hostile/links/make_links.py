#!/usr/bin/env python3
"""Writes the hostile share links of this directory (run once; the outputs are committed).

Format 1 (crates/share/src/lib.rs): "1" + base64url_nopad(raw_deflate(payload, zdict=DICT_V1)),
payload = header (varint key/value pairs ending with key 0) + scenario text.
"""
import base64, os, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DICT = open(os.path.join(HERE, "../../../crates/share/src/dict_v1.txt"), "rb").read()
HEADER = bytes([2, 35, 4, 1, 0])  # kube minor 35, rules v1, end
POD = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: app, image: busybox:1.36}\n"


def frag(payload, version="1", zdict=True):
    c = zlib.compressobj(9, zlib.DEFLATED, -15, zdict=DICT) if zdict else zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = c.compress(payload) + c.flush()
    return version + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def write(name, link):
    with open(os.path.join(HERE, name + ".link"), "w") as f:
        f.write(link + "\n")


good = frag(HEADER + POD)
write("truncated-half", "https://podlife.example/#" + good[: len(good) // 2])
write("truncated-last-char", "https://podlife.example/#" + good[:-1])
write("not-a-podlife-link", "https://example.com/docs#installation")
write("bad-character", "#" + good[:10] + "$" + good[10:])
write("percent-encoded", "#" + good[:5] + "%2B" + good[5:])
write("empty-fragment", "https://podlife.example/#")
write("corrupt-data", "#1" + "QUJD" * 8)
write("deflate-bomb", "#" + frag(HEADER + b"#" * (200 * 1024), zdict=False))
write("control-characters", "#" + frag(HEADER + POD + b"\x1b[31mred\x07\n"))
write("bidi-override", "#" + frag(HEADER + POD.replace(b"name: p", b"name: p\xe2\x80\xaeevil")))
write("invalid-utf8", "#" + frag(HEADER + POD + b"\xff\xfe\n"))
write("header-length-overflow", "#" + frag(bytes([2, 35, 4, 1, 15, 0xFF, 0xFF, 0x03]) + b"app"))
write("header-unterminated-varint", "#" + frag(bytes([2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])))
write("newer-version", "#" + frag(HEADER + POD, version="4"))
# Decodes: hostile text inside a valid link goes on to the manifest front end.
bomb = open(os.path.join(HERE, "../yaml/alias-bomb-billion-laughs.yaml"), "rb").read()
write("valid-link-alias-bomb", "#" + frag(HEADER + bomb))
# A mail client wrapped it: whitespace inside the data is ignored by the decoder.
write("valid-link-wrapped-by-mail", "https://podlife.example/#" + good[:20] + "\n  " + good[20:40] + "\r\n" + good[40:])
