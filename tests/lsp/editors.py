#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""editors.py SOURCE_DIR -- the editor files under editors/: the VS Code
extension's JSON files parse and hang together (package.json names the
grammar, the language configuration and extension.js, declares the npm
dependency, vendors no node_modules), and the keyword lists of the Vim
syntax and the TextMate grammar are exactly the lexer's (src/lexer/
lexer.l's keyword rules). The grammar's expressions are tried on sample
text; the Vim syntax too, when vim is installed."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def lexer_keywords(src):
    """Every '"word"  return TOKEN;' rule of lexer.l."""
    text = open(os.path.join(src, "src/lexer/lexer.l")).read()
    words = re.findall(r'^"([A-Za-z][A-Za-z0-9]*)"\s+return [A-Z0-9_]+;',
                       text, re.M)
    if len(words) < 20:
        fail("only %d keywords found in lexer.l: parser broken?" % len(words))
    return set(words)


def vim_keywords(path):
    words = set()
    for line in open(path):
        m = re.match(r"syn keyword (\w+)\s+(.*)", line)
        if m and "contained" not in m.group(2).split():
            words |= set(m.group(2).split())
        m = re.match(r'syn match micaType "\\<\\\((.*)\\\)\\>', line)
        if m:
            words |= set(m.group(1).split("\\|"))
    return words


def tm_keywords(grammar):
    words = set()
    for p in grammar["repository"]["keywords"]["patterns"]:
        m = re.search(r"\(\?:([^()]*)\)", p["match"])
        if not m:
            fail("keyword pattern without (?:...): %r" % p["match"])
            continue
        words |= set(m.group(1).split("|"))
    return words


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail("%s: %s" % (path, e))
        return None


def tm_scope(grammar, text):
    """The scope the grammar's first matching top-level rule gives the
    start of text (Python's re accepts these Oniguruma expressions)."""
    for inc in grammar["patterns"]:
        for p in grammar["repository"][inc["include"][1:]]["patterns"]:
            m = re.match(p.get("match") or p.get("begin"), text)
            if m and m.end() > 0:
                return p["name"], m.group(0)
    return None, ""


def check_vscode(src, lexer):
    root = os.path.join(src, "editors/vscode")
    pkg = load(os.path.join(root, "package.json"))
    conf = load(os.path.join(root, "language-configuration.json"))
    gram = load(os.path.join(root, "syntaxes/mica.tmLanguage.json"))
    if not (pkg and conf and gram):
        return
    langs = pkg.get("contributes", {}).get("languages", [])
    grams = pkg.get("contributes", {}).get("grammars", [])
    if not langs or langs[0].get("id") != "mica" or \
            ".mica" not in langs[0].get("extensions", []):
        fail("package.json: no language mica for .mica files")
    for rel in ([l.get("configuration") for l in langs] +
                [g.get("path") for g in grams] + [pkg.get("main")]):
        if not rel or not os.path.isfile(os.path.join(root, rel)):
            fail("package.json names a missing file: %r" % rel)
    if not grams or grams[0].get("scopeName") != gram.get("scopeName"):
        fail("package.json's grammar scope is not the grammar's")
    if "vscode-languageclient" not in pkg.get("dependencies", {}):
        fail("package.json does not declare vscode-languageclient")
    if os.path.exists(os.path.join(root, "node_modules")):
        fail("editors/vscode/node_modules is vendored")
    if conf.get("comments") != {"lineComment": "//",
                                "blockComment": ["/*", "*/"]}:
        fail("language-configuration.json: comments %r" %
             conf.get("comments"))
    if ["{", "}"] not in conf.get("brackets", []):
        fail("language-configuration.json: no {} brackets")
    js = open(os.path.join(root, pkg.get("main", "extension.js"))).read()
    if "'lsp'" not in js or "vscode-languageclient" not in js:
        fail("extension.js does not start micac lsp with the client")

    tm = tm_keywords(gram)
    if tm != lexer:
        fail("TextMate keywords differ from the lexer's: missing %s, extra %s"
             % (sorted(lexer - tm), sorted(tm - lexer)))
    for text, scope, what in (
            ("// a comment", "comment.line.double-slash.mica", None),
            ("/* x */", "comment.block.mica", None),
            ("sha256:" + "ab" * 32 + ";", "constant.other.digest.mica",
             "sha256:" + "ab" * 32),
            ("hex:00ff;", "string.unquoted.hex.mica", "hex:00ff"),
            ("0x4_0000_0000;", "constant.numeric.hex.mica",
             "0x4_0000_0000"),
            ("1_000 KiB", "constant.numeric.decimal.mica", "1_000"),
            ("KiB {", "keyword.other.unit.mica", "KiB"),
            ("sha512;", "support.type.hash.mica", "sha512"),
            ("realm x", "keyword.control.mica", "realm"),
            ("realm-x", None, None),
            ("hostcall 0x10", "keyword.other.transfer.mica", "hostcall")):
        got, matched = tm_scope(gram, text)
        if got != scope or (what and matched != what):
            fail("TextMate: %r scoped %r (%r), want %r (%r)" %
                 (text, got, matched, scope, what))


VIM_PROBE = """set rtp^=%(rtp)s
filetype on
syntax on
edit %(file)s
let out = []
for [l, c] in %(points)s
  call add(out, synIDattr(synID(l, c, 1), 'name'))
endfor
call writefile(out, '%(out)s')
qa!
"""


def check_vim(src, lexer):
    path = os.path.join(src, "editors/vim/syntax/mica.vim")
    vim = vim_keywords(path)
    if vim != lexer:
        fail("Vim keywords differ from the lexer's: missing %s, extra %s"
             % (sorted(lexer - vim), sorted(vim - lexer)))
    if not shutil.which("vim"):
        print("vim not installed: its highlighting not tried")
        return
    text = ("policy p version 1; // note\n"
            "realm my-realm { measurement = sha256:%s; }\n"
            "region r : protected, 4 KiB { my-realm: r @ 0x1_0000; }\n"
            % ("ab" * 32))
    # (line, byte column) -> the group Vim must give it.
    want = [((1, 1), "micaStatement"), ((1, 22), "micaComment"),
            ((2, 7), ""), ((2, 10), ""), ((2, 34), "micaDigest"),
            ((3, 23), "micaNumber"), ((3, 25), "micaUnit"),
            ((3, 45), "micaNumber"), ((1, 10), "micaStatement")]
    with tempfile.TemporaryDirectory() as tmp:
        f = os.path.join(tmp, "t.mica")
        out = os.path.join(tmp, "out")
        open(f, "w").write(text)
        probe = os.path.join(tmp, "probe.vim")
        open(probe, "w").write(VIM_PROBE % {
            "rtp": os.path.join(src, "editors/vim"), "file": f, "out": out,
            "points": json.dumps([list(p) for p, _ in want])})
        try:
            subprocess.run(["vim", "-Nu", "NONE", "-es", "-S", probe],
                           stdin=subprocess.DEVNULL, timeout=60,
                           capture_output=True)
        except subprocess.TimeoutExpired:
            fail("vim did not finish")
            return
        if not os.path.exists(out):
            fail("vim wrote no probe output")
            return
        got = open(out).read().split("\n")
        for (p, g), name in zip(want, got):
            if g != name:
                fail("Vim: line %d column %d is %r, want %r" % (p + (name, g)))


def main():
    if len(sys.argv) != 2:
        print("usage: editors.py SOURCE_DIR", file=sys.stderr)
        return 2
    lexer = lexer_keywords(sys.argv[1])
    check_vscode(sys.argv[1], lexer)
    check_vim(sys.argv[1], lexer)
    if failures:
        print("%d failure(s)" % failures)
        return 1
    print("editors: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
