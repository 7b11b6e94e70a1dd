#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""fmtcheck.py -- independent checks for `micac fmt` (tests/fmt/fmt.sh).

Each command reads a list of jobs, one per line, fields split by tabs:

  fmtcheck.py check LIST    ORIG FORMATTED NAME: the two hold the same
                            tokens, spelled alike, and the same comments
                            (each without the blanks ending its lines);
                            FORMATTED has no CR, no blank at a line's end,
                            no tab outside comments, no two blank lines in
                            a row, and ends with exactly one newline
  fmtcheck.py mangle LIST   SEED IN OUT STRIPPED STRIPPED_OUT: OUT is IN
                            with its tokens and comments in order but the
                            whitespace between them drawn at random
                            (spaces, tabs, CRLF or LF, everything on one
                            line, no final newline; never two line breaks
                            in a row); STRIPPED is IN without comments,
                            STRIPPED_OUT that re-laid out the same way
  fmtcheck.py apply LIST    ORIG DIFF WANT: the unified diff DIFF applied
                            to ORIG gives WANT

Failures are printed as "FAIL: NAME: why"; the exit status is 1 if any.
The tokenizer here is written from mica(5), not from the scanner.
"""
import random
import re
import sys

TOKEN = re.compile(r"""
    (?P<ws>[ \t\r\n\f\v]+)
  | (?P<line>//[^\n]*)
  | (?P<block>/\*.*?\*/)
  | (?P<digest>(?:sha256|sha512):[A-Za-z0-9_]+)
  | (?P<hexid>hex(?=:[ \t\r\n]))
  | (?P<hex>hex:[A-Za-z0-9_]+)
  | (?P<num>0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<punct>\.\.|[{};:,=@*])
""", re.X | re.S)


def scan(text):
    """[(kind, text)] without whitespace; comments as 'comment'."""
    out, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise SystemExit("fmtcheck: cannot scan at byte %d: %r"
                             % (pos, text[pos:pos + 20]))
        kind = m.lastgroup
        if kind in ("line", "block"):
            body = "\n".join(l.rstrip(" \t\r\f\v")
                             for l in m.group().split("\n"))
            out.append(("comment", body, kind))
        elif kind != "ws":
            out.append(("token", m.group(), kind))
        pos = m.end()
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8")


def mangle(seed, text):
    rnd = random.Random(seed)
    oneline = rnd.random() < 0.3
    crlf = rnd.random() < 0.5
    nl = "\r\n" if crlf else "\n"
    out = []
    items = scan(text)
    for i, (kind, body, sub) in enumerate(items):
        if i:
            prev = items[i - 1]
            if prev[0] == "comment" and prev[2] == "line":
                sep = rnd.choice(["", " ", "\t"]) + nl + rnd.choice(["", "\t", "   "])
            elif oneline:
                sep = rnd.choice([" ", "\t", "  ", " \t "])
            else:
                sep = rnd.choice([" ", " ", "\t", nl, " " + nl + "  ", "\t" + nl, "   "])
            out.append(sep)
        out.append(body.replace("\n", nl) if kind == "comment" else body)
    tail = rnd.choice(["", nl, " ", "\t" + nl])
    if items and items[-1][0] == "comment" and items[-1][2] == "line":
        tail = rnd.choice(["", nl])
    return "".join(out) + tail


def apply(text, diff):
    """Applies a unified diff with exact context; raises on mismatch."""
    src = text.splitlines(keepends=True)
    lines = diff.splitlines(keepends=True)
    if len(lines) < 2 or not lines[0].startswith("--- ") \
            or not lines[1].startswith("+++ "):
        raise SystemExit("fmtcheck: no diff headers")
    out, at, i = [], 0, 2
    hunk = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n")
    while i < len(lines):
        m = hunk.fullmatch(lines[i])
        if not m:
            raise SystemExit("fmtcheck: bad hunk header %r" % lines[i])
        a = int(m.group(1))
        na = int(m.group(2)) if m.group(2) is not None else 1
        nb = int(m.group(4)) if m.group(4) is not None else 1
        start = a - 1 if na else a
        out.extend(src[at:start])
        at = start
        i += 1
        seen_a = seen_b = 0
        while i < len(lines) and not lines[i].startswith("@@"):
            l = lines[i]
            body = l[1:]
            if i + 1 < len(lines) and lines[i + 1] == "\\ No newline at end of file\n":
                body = body[:-1]
                i += 1
            if l[0] in " -":
                if at >= len(src) or src[at] != body:
                    raise SystemExit("fmtcheck: context mismatch at line %d" % (at + 1))
                at += 1
                seen_a += 1
            if l[0] in " +":
                out.append(body)
                seen_b += 1
            if l[0] not in " -+":
                raise SystemExit("fmtcheck: bad diff line %r" % l)
            i += 1
        if (seen_a, seen_b) != (na, nb):
            raise SystemExit("fmtcheck: hunk counts %d,%d, header says %d,%d"
                             % (seen_a, seen_b, na, nb))
    out.extend(src[at:])
    return "".join(out)


def layout_faults(text):
    faults = []
    if "\r" in text:
        faults.append("a carriage return")
    if not text.endswith("\n") or text.endswith("\n\n"):
        faults.append("not one final newline")
    if "\n\n\n" in text:
        faults.append("two blank lines in a row")
    if re.search(r"[ \t]$", text, re.M):
        faults.append("blanks at the end of a line")
    code = TOKEN.sub(lambda m: "" if m.lastgroup in ("line", "block")
                     else m.group(), text)
    if "\t" in code:
        faults.append("a tab outside comments")
    return faults


def jobs(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip()]


def write(path, text):
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))


def main(argv):
    if len(argv) != 3 or argv[1] not in ("check", "mangle", "apply"):
        print(__doc__, file=sys.stderr)
        return 2
    bad = 0
    for job in jobs(argv[2]):
        if argv[1] == "check":
            orig, fmt, name = job
            a, b = scan(read(orig)), scan(read(fmt))
            why = layout_faults(read(fmt))
            if [x[:2] for x in a] != [x[:2] for x in b]:
                diff = next(((x[1], y[1]) for x, y in zip(a, b)
                             if x[:2] != y[:2]), (len(a), len(b)))
                why.append("tokens or comments changed: %r against %r" % diff)
        elif argv[1] == "mangle":
            seed, src, out, stripped, stripped_out = job
            text = read(src)
            write(out, mangle(int(seed), text))
            bare = " ".join(x[1] for x in scan(text) if x[0] != "comment")
            write(stripped, bare + "\n")
            write(stripped_out, mangle(int(seed), bare))
            why, name = [], src
        else:
            orig, diff, want = job
            name = orig
            try:
                got = apply(read(orig), read(diff)) if read(diff) else read(orig)
                why = [] if got == read(want) else ["applied diff differs"]
            except SystemExit as e:
                why = [str(e)]
        for w in why:
            print("FAIL: %s: %s" % (name, w))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
