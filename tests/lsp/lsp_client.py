#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""lsp_client.py MICAC -- drives `micac lsp` as an editor would and checks
every answer against values worked out by hand in this file (LSP 3.17:
0-based lines, characters in UTF-16 code units).

A session: initialize, open a policy with a syntax error after non-ASCII
text in a comment, then one with a leak, then a fixed one (empty
diagnostics), hover, definition, shutdown, exit (status 0). Then the
robustness cases, each on a fresh server: garbage headers, bad JSON,
wrong types, unknown documents and methods, an oversized Content-Length,
the input ending in the middle of a message, exit without shutdown.
Every read has a deadline, so a server that hangs fails the test."""
import json
import os
import select
import subprocess
import sys
import time

TIMEOUT = 60.0
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def expect(what, got, want):
    if got != want:
        fail("%s: got %r, want %r" % (what, got, want))


class Server:
    def __init__(self, micac):
        self.p = subprocess.Popen([micac, "lsp"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.buf = b""
        self.notes = []   # notifications received, in order
        self.next_id = 1

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no answer in %.0f s" % TIMEOUT)
        r, _, _ = select.select([self.p.stdout], [], [], left)
        if not r:
            raise TimeoutError("no answer in %.0f s" % TIMEOUT)
        chunk = os.read(self.p.stdout.fileno(), 65536)
        if not chunk:
            raise EOFError("the server closed its output")
        self.buf += chunk

    def message(self):
        """The next message the server writes, checked for framing."""
        deadline = time.monotonic() + TIMEOUT
        while b"\r\n\r\n" not in self.buf:
            self._fill(deadline)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        expect("header", lines[0].startswith(b"Content-Length: "), True)
        n = int(lines[0].split(b":")[1])
        while len(self.buf) < n:
            self._fill(deadline)
        body, self.buf = self.buf[:n], self.buf[n:]
        msg = json.loads(body)
        expect("jsonrpc member", msg.get("jsonrpc"), "2.0")
        return msg

    def response(self):
        """The next response, notifications kept in self.notes."""
        while True:
            m = self.message()
            if "method" in m:
                self.notes.append(m)
            else:
                return m

    def notification(self, method):
        while True:
            if self.notes:
                m = self.notes.pop(0)
            else:
                m = self.message()
            if m.get("method") == method:
                return m
            fail("unexpected message before %s: %r" % (method, m))

    def request(self, method, params=None):
        rid = self.next_id
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        r = self.response()
        expect(method + " response id", r.get("id"), rid)
        return r

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def wait(self):
        try:
            return self.p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            fail("the server did not exit")
            return None

    def close(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()
        for f in (self.p.stdin, self.p.stdout, self.p.stderr):
            try:
                f.close()
            except OSError:
                pass


URI = "file:///work/pipeline.mica"
A64 = "a" * 64
B64 = "b" * 64

# Line 4 (0-based) puts a syntax error after a comment holding U+00E9
# (2 UTF-8 bytes, 1 UTF-16 unit) and U+1F600 (4 bytes, 2 units).
BROKEN = ("policy t version 1;\n"
          "\n"
          "realm a {\n"
          "  measurement = sha256:" + A64 + ";\n"
          "  /* \u00e9\U0001F600 */ trust = bogus;\n"
          "}\n"
          "\n"
          "realm b {\n"
          "  measurement = sha256:" + B64 + ";\n"
          "  trust = distrustful;\n"
          "  strict = false;\n"
          "}\n"
          "\n"
          "region buf : protected, 4 KiB {\n"
          "  a: w @ 0x1000;\n"
          "  b: r @ 0x1000;\n"
          "}\n")
LEAKY = BROKEN.replace("trust = bogus", "trust = trusted")
FIXED = LEAKY.replace("  strict = false;\n", "")


def rng(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1},
            "end": {"line": l2, "character": c2}}


# MESSY in the layout of micac fmt (micac(1), FMT), written out by hand.
MESSY = ("policy  t version 1;\n"
         "realm a {\n"
         "      measurement = sha256:" + A64 + ";\n"
         " trust=trusted;\n"
         "}\n"
         "realm b { measurement = sha256:" + B64 + "; }\n"
         "\n\n\n"
         "region buf : protected, 4  KiB {\n"
         "  a:w@0x1000;\n"
         "        b: r @ 0x1000;\n"
         "}\n")
CANON = ("policy t version 1;\n"
         "\n"
         "realm a {\n"
         "  measurement = sha256:" + A64 + ";\n"
         "  trust = trusted;\n"
         "}\n"
         "\n"
         "realm b {\n"
         "  measurement = sha256:" + B64 + ";\n"
         "}\n"
         "\n"
         "region buf : protected, 4 KiB {\n"
         "  a: w @ 0x1000;\n"
         "  b: r @ 0x1000;\n"
         "}\n")


def apply_edits(text, edits):
    """Applies LSP TextEdits (UTF-16 positions) to text, last first."""
    lines = text.split("\n")

    def offset(pos):
        before = "\n".join(lines[:pos["line"]])
        off = len(before) + (1 if pos["line"] else 0)
        line = lines[pos["line"]] if pos["line"] < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= pos["character"]:
                return off + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return off + len(line)

    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]),
                     e["newText"]) for e in edits), reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def formatting(s):
    """Formatting: a messy file, the edit applied gives the hand-written
    layout; then formatted text gets no edit; a broken file, null."""
    uri = "file:///work/messy.mica"
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "mica", "version": 1, "text": MESSY}})
    s.notification("textDocument/publishDiagnostics")
    opts = {"tabSize": 8, "insertSpaces": False}
    r = s.request("textDocument/formatting",
                  {"textDocument": {"uri": uri}, "options": opts})
    edits = r.get("result") or []
    expect("one edit", len(edits), 1)
    if edits:
        expect("the edit spans the document", edits[0]["range"],
               rng(0, 0, MESSY.count("\n"), 0))
        expect("formatted text", apply_edits(MESSY, edits), CANON)
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": CANON}]})
    s.notification("textDocument/publishDiagnostics")
    r = s.request("textDocument/formatting",
                  {"textDocument": {"uri": uri}, "options": opts})
    expect("formatted text: no edit", r.get("result"), [])
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 3},
        "contentChanges": [{"text": BROKEN.replace(";", "", 1)}]})
    s.notification("textDocument/publishDiagnostics")
    r = s.request("textDocument/formatting",
                  {"textDocument": {"uri": uri}, "options": opts})
    expect("a file that does not parse: null", "result" in r and
           r["result"] is None, True)
    s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    s.notification("textDocument/publishDiagnostics")


def code_action(s):
    """A misspelt realm after non-ASCII comment text: the quick fix's
    edit, in UTF-16 positions, applied by this client, fixes it."""
    uri = "file:///work/typo.mica"
    # "  /* " 5 units, e-acute 1, the emoji 2, " */ " 4: 'bb' spans
    # characters 12..14 of line 14 (bytes 15..17).
    typo = FIXED.replace("  b: r @ 0x1000;",
                         "  /* \u00e9\U0001F600 */ bb: r @ 0x1000;")
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "mica", "version": 1, "text": typo}})
    d = s.notification("textDocument/publishDiagnostics")["params"][
        "diagnostics"]
    expect("typo diagnostics", [(x.get("range"), x.get("code"),
                                 x.get("message")) for x in d],
           [(rng(14, 12, 14, 14), "mica.name.unknown",
             "unknown realm 'bb'; did you mean 'b'?")])
    at = {"textDocument": {"uri": uri}, "range": rng(14, 13, 14, 13),
          "context": {"diagnostics": d}}
    r = s.request("textDocument/codeAction", at)
    acts = r.get("result") or []
    expect("one quick fix", len(acts), 1)
    if acts:
        a = acts[0]
        expect("action kind", a.get("kind"), "quickfix")
        expect("action title", a.get("title"), "Replace 'bb' with 'b'")
        expect("action diagnostic", [x.get("code") for x in
                                     a.get("diagnostics", [])],
               ["mica.name.unknown"])
        edits = a.get("edit", {}).get("changes", {}).get(uri)
        expect("action edit", edits,
               [{"range": rng(14, 12, 14, 14), "newText": "b"}])
        fixed = apply_edits(typo, edits or [])
        expect("the fixed text", fixed,
               typo.replace(" bb: r", " b: r"))
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": fixed}]})
        p = s.notification("textDocument/publishDiagnostics")["params"]
        expect("after the quick fix", p.get("diagnostics"), [])
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"text": typo}]})
        s.notification("textDocument/publishDiagnostics")
    # Elsewhere in the file, or only refactorings asked: nothing.
    r = s.request("textDocument/codeAction", dict(at, range=rng(2, 0, 2, 3)))
    expect("no quick fix away from the diagnostic", r.get("result"), [])
    r = s.request("textDocument/codeAction",
                  dict(at, context={"diagnostics": [], "only": ["refactor"]}))
    expect("only refactorings: none", r.get("result"), [])
    s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    s.notification("textDocument/publishDiagnostics")


def session(micac):
    s = Server(micac)
    try:
        # Before initialize: ServerNotInitialized (-32002).
        r = s.request("textDocument/hover", {})
        expect("request before initialize", r.get("error", {}).get("code"),
               -32002)

        r = s.request("initialize", {"processId": None, "rootUri": None,
                                     "capabilities": {}})
        caps = r.get("result", {}).get("capabilities", {})
        expect("positionEncoding", caps.get("positionEncoding"), "utf-16")
        expect("textDocumentSync", caps.get("textDocumentSync"),
               {"openClose": True, "change": 1})
        expect("definitionProvider", caps.get("definitionProvider"), True)
        expect("hoverProvider", caps.get("hoverProvider"), True)
        expect("codeActionProvider", caps.get("codeActionProvider"),
               {"codeActionKinds": ["quickfix"]})
        expect("documentFormattingProvider",
               caps.get("documentFormattingProvider"), True)
        expect("serverInfo name", r["result"].get("serverInfo", {})
               .get("name"), "micac")
        s.notify("initialized", {})

        # 1. The syntax error. "  /* " is 5 units, e-acute 1, the emoji
        # 2, " */ trust = " 12: 'bogus' spans characters 20..25 (bytes
        # 23..28: micac's column 24).
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": URI, "languageId": "mica", "version": 1,
            "text": BROKEN}})
        p = s.notification("textDocument/publishDiagnostics")["params"]
        expect("publish uri", p.get("uri"), URI)
        expect("publish version", p.get("version"), 1)
        d = p.get("diagnostics", [])
        expect("syntax diagnostics", len(d), 1)
        if d:
            expect("syntax range", d[0].get("range"), rng(4, 20, 4, 25))
            expect("syntax severity", d[0].get("severity"), 1)
            expect("syntax message", d[0].get("message"),
                   "unexpected identifier 'bogus', expecting 'trusted' "
                   "or 'distrustful' or 'untrusted'")

        # 2. The leak: b (line 7, "realm b", name at 6..7) is distrustful
        # and not strict; the note points at "strict" (line 10, 2..8).
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"text": LEAKY}]})
        p = s.notification("textDocument/publishDiagnostics")["params"]
        expect("leak version", p.get("version"), 2)
        d = p.get("diagnostics", [])
        expect("leak diagnostics", len(d), 1)
        if d:
            expect("leak range", d[0].get("range"), rng(7, 6, 7, 7))
            expect("leak message", d[0].get("message"),
                   "distrustful realm 'b' can leak data to the host")
            expect("leak rule", d[0].get("code"), "mica.flow.leak")
            rel = d[0].get("relatedInformation", [])
            hops = [x for x in rel
                    if x["message"].startswith("leak path: b --exit--> host")]
            expect("leak path note", len(hops), 1)
            at_strict = [x for x in rel
                         if x["location"] == {"uri": URI,
                                              "range": rng(10, 2, 10, 8)}]
            expect("a note at 'strict = false'", len(at_strict) >= 1, True)

        # 3. Hover and definition on the subject 'b' of "  b: r @ 0x1000;"
        # (line 15, character 2).
        pos = {"textDocument": {"uri": URI},
               "position": {"line": 15, "character": 2}}
        r = s.request("textDocument/hover", pos)
        h = r.get("result") or {}
        expect("hover kind", h.get("contents", {}).get("kind"), "markdown")
        text = h.get("contents", {}).get("value", "")
        for want in ("`b`", "trust: distrustful\n", "strict: false\n",
                     "`buf` (r)", "known once the policy has no errors"):
            expect("hover mentions %r" % want, want in text, True)
        expect("hover range", h.get("range"), rng(15, 2, 15, 3))
        r = s.request("textDocument/definition", pos)
        expect("definition", r.get("result"),
               {"uri": URI, "range": rng(7, 6, 7, 7)})
        # On the realm a of line 14, cursor just after the name.
        r = s.request("textDocument/definition", {
            "textDocument": {"uri": URI},
            "position": {"line": 14, "character": 3}})
        expect("definition after the name", r.get("result"),
               {"uri": URI, "range": rng(2, 6, 2, 7)})
        # On a keyword: nothing.
        r = s.request("textDocument/definition", {
            "textDocument": {"uri": URI},
            "position": {"line": 13, "character": 1}})
        expect("definition on a keyword", r.get("result", "absent"), None)

        # 4. Fixed: an empty list.
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": URI, "version": 3},
            "contentChanges": [{"text": FIXED}]})
        p = s.notification("textDocument/publishDiagnostics")["params"]
        expect("fixed diagnostics", p.get("diagnostics"), [])
        expect("fixed version", p.get("version"), 3)
        # One line less above: "  b: r @ 0x1000;" is line 14 now.
        pos = {"textDocument": {"uri": URI},
               "position": {"line": 14, "character": 2}}
        r = s.request("textDocument/hover", pos)
        text = (r.get("result") or {}).get("contents", {}).get("value", "")
        expect("hover after the fix: default strictness",
               "strict: true (default)\n" in text, True)
        # b only reads buf and may not exit: its data goes nowhere.
        expect("hover: b's data reaches nothing",
               "reaches nothing outside it" in text, True)
        # a writes buf, which b reads: a's data reaches buf, then b.
        r = s.request("textDocument/hover", {
            "textDocument": {"uri": URI},
            "position": {"line": 2, "character": 6}})
        text = (r.get("result") or {}).get("contents", {}).get("value", "")
        for want in ("trust: trusted\n",
                     "- `buf` (region): `a -w-> buf`\n",
                     "- `b` (distrustful realm): `a -w-> buf -r-> b`\n"):
            expect("hover on a mentions %r" % want, want in text, True)

        formatting(s)
        code_action(s)

        # 5. didClose clears the markers.
        s.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        p = s.notification("textDocument/publishDiagnostics")["params"]
        expect("diagnostics after close", p.get("diagnostics"), [])
        r = s.request("textDocument/hover", pos)
        expect("hover on a closed document",
               r.get("error", {}).get("code"), -32602)

        r = s.request("shutdown")
        expect("shutdown result", "result" in r and r["result"] is None,
               True)
        r = s.request("textDocument/hover", pos)
        expect("request after shutdown", r.get("error", {}).get("code"),
               -32600)
        s.notify("exit")
        expect("exit status after shutdown", s.wait(), 0)
    finally:
        s.close()


def error_code(r):
    return r.get("error", {}).get("code")


def robustness(micac):
    s = Server(micac)
    try:
        s.request("initialize", {"capabilities": {}})
        s.notify("initialized", {})
        # A header line without a colon, a header block without a length.
        s.raw(b"garbage\r\n\r\n")
        r = s.response()
        expect("garbage header", (r.get("id"), error_code(r)),
               (None, -32700))
        s.raw(b"Content-Type: application/json\r\n\r\n")
        r = s.response()
        expect("no Content-Length", error_code(r), -32700)
        s.raw(b"Content-Length: 12x\r\n\r\n")
        r = s.response()
        expect("bad Content-Length", error_code(r), -32700)
        s.raw(b"X-" + b"y" * 5000 + b": z\r\nContent-Length: 2\r\n\r\n{}")
        r = s.response()
        expect("a 5000-byte header line", error_code(r), -32700)
        # Bad JSON, and JSON that is no request.
        s.raw(b"Content-Length: 9\r\n\r\n{\"id\": 1,")
        r = s.response()
        expect("bad JSON", (r.get("id"), error_code(r)), (None, -32700))
        for body, what in ((b"[1,2]", "an array"), (b"42", "a number"),
                           (b'{"jsonrpc":"1.0","id":1,"method":"x"}',
                            "jsonrpc 1.0"),
                           (b'{"jsonrpc":"2.0","id":{},"method":"x"}',
                            "an object id"),
                           (b'{"jsonrpc":"2.0","id":5,"method":7}',
                            "a number method")):
            s.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            r = s.response()
            expect(what, error_code(r), -32600)
        # Wrong types in params, unknown documents, unknown methods.
        r = s.request("textDocument/hover", {"textDocument": {"uri": 5},
                                             "position": {}})
        expect("uri a number", error_code(r), -32602)
        r = s.request("textDocument/hover", [1])
        expect("params an array", error_code(r), -32602)
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": URI, "languageId": "mica", "version": 1,
            "text": FIXED}})
        p = s.notification("textDocument/publishDiagnostics")["params"]
        expect("open then diagnostics", p.get("diagnostics"), [])
        r = s.request("textDocument/definition", {
            "textDocument": {"uri": URI},
            "position": {"line": "x", "character": -1}})
        expect("position of strings", error_code(r), -32602)
        r = s.request("textDocument/definition", {
            "textDocument": {"uri": URI},
            "position": {"line": 1 << 40, "character": 1 << 40}})
        expect("position far past the end", r.get("result", "absent"),
               None)
        r = s.request("textDocument/definition", {
            "textDocument": {"uri": "file:///nowhere.mica"},
            "position": {"line": 0, "character": 0}})
        expect("unknown document", error_code(r), -32602)
        r = s.request("workspace/noSuchRequest", {})
        expect("unknown request", error_code(r), -32601)
        s.notify("$/noSuchNotification", {"x": 1})
        s.notify("textDocument/didChange", {"textDocument": {"uri": 3}})
        r = s.request("initialize", {"capabilities": {}})
        expect("second initialize", error_code(r), -32600)
        # Memory bounds (micac(1), LANGUAGE SERVER): 3 MB of "[]," would
        # decode into some 170 MB of JSON values, past the 96 MiB budget:
        # a ParseError (without the budget: InvalidRequest, a non-request).
        body = b"[" + b"[]," * 1000000 + b"[]]"
        s.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        r = s.response()
        expect("JSON over the memory budget", error_code(r), -32700)
        # 4.2 MB of newlines: text and line tables past 64 MiB, refused
        # with a message to the user, and the document is not open.
        big = "file:///work/newlines.mica"
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": big, "languageId": "mica", "version": 1,
            "text": "\n" * 4200000}})
        m = s.notification("window/showMessage")["params"]
        expect("refused document: message type", m.get("type"), 1)
        r = s.request("textDocument/hover", {
            "textDocument": {"uri": big},
            "position": {"line": 0, "character": 0}})
        expect("a refused document is not open", error_code(r), -32602)
        expect("nothing answers notifications", s.notes, [])
        # Still serving.
        r = s.request("textDocument/hover", {
            "textDocument": {"uri": URI},
            "position": {"line": 13, "character": 2}})
        expect("hover after the abuse", "`a`" in
               (r.get("result") or {}).get("contents", {}).get("value", ""),
               True)
        # Exit without shutdown: status 1.
        s.notify("exit")
        expect("exit without shutdown", s.wait(), 1)
    finally:
        s.close()

    # A Content-Length past the limit: an error at once, the body is
    # skipped, not stored; the input ending then ends the server.
    s = Server(micac)
    try:
        s.raw(b"Content-Length: 99999999999999999999999\r\n\r\n{}")
        r = s.response()
        expect("huge Content-Length", error_code(r), -32600)
        s.p.stdin.close()
        expect("status at end of input, no shutdown", s.wait(), 1)
    finally:
        s.close()
    # The input ending in the middle of a header, then of a body.
    for tail in (b"Content-Len", b"Content-Length: 100\r\n\r\n{\"jsonrpc\""):
        s = Server(micac)
        try:
            s.raw(tail)
            s.p.stdin.close()
            expect("status at EOF mid-message %r" % tail[:12], s.wait(), 1)
            expect("no output at EOF mid-message",
                   s.p.stdout.read(), b"")
        finally:
            s.close()


def main():
    if len(sys.argv) != 2:
        print("usage: lsp_client.py MICAC", file=sys.stderr)
        return 2
    for case in (session, robustness):
        try:
            case(sys.argv[1])
        except (TimeoutError, EOFError, ValueError, KeyError) as e:
            fail("%s: %s: %s" % (case.__name__, type(e).__name__, e))
    if failures:
        print("%d failure(s)" % failures)
        return 1
    print("lsp_client: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
