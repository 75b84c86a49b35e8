#!/usr/bin/env python3
"""Runs `podlife test` over the podlife blocks of a documentation site.

Finds the code blocks that web/embed.js turns into playgrounds -- in Markdown sources
(```podlife, ```yaml podlife, ```yaml,podlife, ```yaml {class="podlife"},
```yaml title="podlife: ...") and in built HTML (pre.podlife, .podlife pre,
pre > code.podlife, pre > code.language-podlife, code[data-lang="podlife"], a Docusaurus
code block titled "podlife ...") -- writes each to a temporary file, runs
`podlife test` on all of them, and reports every finding at its place in the page:
PAGE:LINE:COL, in the terminal and in the JUnit XML report.

Usage: podlife-docs-test.py [--podlife CMD] [--junit PATH] PATH...
PATH is a file or a directory (searched for .md, .markdown, .mdx, .html, .htm).
Exit status: podlife test's (0: every block valid and every expectation holds), or 1
when no podlife block was found (a misconfigured path should not pass silently), 2 on
a usage error. Standard library only (Python 3.8+).
"""

import argparse
import html.parser
import os
import re
import shlex
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

MARKDOWN = (".md", ".markdown", ".mdx")
HTML = (".html", ".htm")
FENCE = re.compile(r"^( {0,3}|\s*(?:[-*+]|\d+[.)])\s+|\s+)(`{3,}|~{3,})(.*)$")


class Block:
    """A podlife block: its text and where its first line is in the page."""

    def __init__(self, page, line, column, text):
        self.page = page
        self.line = line  # 1-based line of the block's first text line
        self.column = column  # 1-based column where the block's text starts
        self.text = text


def is_podlife_info(info):
    """Whether a fence's info string marks a podlife block (as embed.js would see it)."""
    info = info.strip()
    words = re.split(r"[\s,]+", info.split("{", 1)[0])
    if "podlife" in words or "language-podlife" in words:
        return True
    attrs = info[info.find("{"):] if "{" in info else ""
    if re.search(r"""class\s*=\s*["'][^"']*\bpodlife\b""", attrs) or re.search(r"\.podlife\b", attrs):
        return True
    # Docusaurus: ```yaml title="podlife: ..."
    m = re.search(r"""title\s*=\s*["']([^"']*)["']""", info)
    return bool(m and re.match(r"podlife\b", m.group(1).strip(), re.I))


def markdown_blocks(page, text):
    blocks = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        prefix, fence, info = m.group(1), m.group(2), m.group(3)
        if fence[0] == "`" and "`" in info:
            i += 1
            continue
        indent = len(prefix)
        close = re.compile(r"^\s*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if is_podlife_info(info):
            body = []
            for raw in lines[i + 1 : j]:
                # Content is indented like the fence (list items); take that much off.
                cut = min(indent, len(raw) - len(raw.lstrip(" ")))
                body.append(raw[cut:])
            blocks.append(Block(page, i + 2, indent + 1, "\n".join(body) + "\n"))
        i = j + 1
    return blocks


class HtmlBlocks(html.parser.HTMLParser):
    """Collects the text of the <pre> elements embed.js would pick up."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, page, source):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.source = source
        self.stack = []  # (tag, attrs dict, is podlife context)
        self.pre = None  # [start line, start column, text parts, podlife?]
        self.blocks = []
        self.titled = False  # a Docusaurus title "podlife ..." seen in the current container
        self.title_text = None

    def classes(self, attrs):
        return (attrs.get("class") or "").split()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        inside_podlife = any("podlife" in self.classes(x) for _, x, _ in self.stack)
        if tag == "pre" and self.pre is None:
            line, col = self.getpos()
            podlife = "podlife" in self.classes(a) or inside_podlife or self.titled
            self.pre = [line, col, [], podlife, True]
        elif tag == "code" and self.pre is not None:
            c = self.classes(a)
            if "podlife" in c or "language-podlife" in c or a.get("data-lang") == "podlife":
                self.pre[3] = True
        if any("codeBlockTitle" in x for x in self.classes(a)):
            self.title_text = []
        if tag not in self.VOID:
            self.stack.append((tag, a, False))

    def handle_endtag(self, tag):
        if self.title_text is not None and tag == "div":
            if re.match(r"podlife\b", "".join(self.title_text).strip(), re.I):
                self.titled = True
            self.title_text = None
        if tag == "pre" and self.pre is not None:
            line, col, parts, podlife, _ = self.pre
            if podlife:
                text = "".join(parts)
                # The text starts after the tag (and embed.js drops one leading newline).
                if text.startswith("\n"):
                    text = text[1:]
                    start_line, start_col = line + 1, 1
                else:
                    start_line, start_col = line, col + 1
                if not text.endswith("\n"):
                    text += "\n"
                self.blocks.append(Block(self.page, start_line, start_col, text))
            self.pre = None
            self.titled = False
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self.title_text is not None:
            self.title_text.append(data)
        if self.pre is not None:
            self.pre[2].append(data)


def html_blocks(page, text):
    p = HtmlBlocks(page, text)
    p.feed(text)
    p.close()
    # The column of text right after <pre ...>: find the tag's end on its line.
    lines = text.split("\n")
    for b in p.blocks:
        if b.column > 1:
            row = lines[b.line - 1]
            end = row.find(">", b.column - 1)
            b.column = end + 2 if end >= 0 else 1
    return p.blocks


def pages(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
                for f in sorted(files):
                    if f.lower().endswith(MARKDOWN + HTML):
                        yield os.path.join(root, f)
        else:
            yield path


def blocks_of(page):
    with open(page, encoding="utf-8") as f:
        text = f.read()
    if page.lower().endswith(HTML):
        return html_blocks(page, text)
    return markdown_blocks(page, text)


def main(argv):
    ap = argparse.ArgumentParser(description="Run `podlife test` over the podlife blocks of docs pages.")
    ap.add_argument("paths", nargs="+", metavar="PATH")
    ap.add_argument("--podlife", default="podlife", help="the podlife command (default: podlife)")
    ap.add_argument("--junit", metavar="PATH", help="write a JUnit XML report (pages as files)")
    args = ap.parse_args(argv)

    blocks = []
    for page in pages(args.paths):
        try:
            blocks.extend(blocks_of(page))
        except OSError as e:
            print(f"{page}: error: {e}", file=sys.stderr)
            return 2
    if not blocks:
        print("podlife-docs-test: no podlife blocks found in " + " ".join(args.paths), file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="podlife-docs-") as tmp:
        where = {}
        files = []
        for n, b in enumerate(blocks, 1):
            name = os.path.join(tmp, f"block{n:04}.yaml")
            with open(name, "w", encoding="utf-8") as f:
                f.write(b.text)
            where[name] = b
            files.append(name)
        junit = os.path.join(tmp, "junit.xml")
        cmd = shlex.split(args.podlife) + ["test", "--junit", junit] + files
        proc = subprocess.run(cmd, capture_output=True, text=True)

        located = re.compile("(" + "|".join(re.escape(f) for f in files) + r")(?::(\d+):(\d+))?")

        def place(m):
            b = where[m.group(1)]
            if m.group(2) is None:
                return f"{b.page}:{b.line}"
            line, col = int(m.group(2)), int(m.group(3))
            return f"{b.page}:{b.line + line - 1}:{col + b.column - 1}"

        sys.stdout.write(located.sub(place, proc.stdout))
        sys.stderr.write(located.sub(place, proc.stderr))
        if args.junit and os.path.exists(junit):
            # Block files become PAGE:LINE (suites: one per block) and PAGE (file,
            # classname); each case's line becomes its line in the page.
            tree = ET.parse(junit)
            for el in tree.iter():
                for key in ("name", "message"):
                    if el.get(key):
                        el.set(key, located.sub(place, el.get(key)))
                if el.text:
                    el.text = located.sub(place, el.text)
                if el.tag == "testcase" and el.get("file") in where:
                    b = where[el.get("file")]
                    el.set("file", b.page)
                    el.set("classname", b.page)
                    el.set("line", str(b.line + int(el.get("line", "1")) - 1))
            tree.write(args.junit, encoding="UTF-8", xml_declaration=True)
        return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
