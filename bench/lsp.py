#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""lsp.py BUILD_DIR [REALMS [ROUNDS]] -- micac lsp's latency and memory
(bench/LSP.md).

Latency: for a generated policy of REALMS realms (bench/genpolicy), the
time from sending a didChange to receiving its publishDiagnostics, and
a hover on the last realm (which parses and runs the reach query), each
the median of ROUNDS, against the yardstick measured in the same run:
`micac check` of the same file, process start included. Bound: 1.5x.

Memory: the server's peak RSS (VmHWM) after hostile input -- a 15 MB
message decoding into far more than the 96 MiB JSON budget, then
documents up to the 64 MiB limit -- against its peak after an ordinary
session on the same policy. Bound: 16 + 96 + 64 MiB over the ordinary
peak (micac(1), LANGUAGE SERVER)."""
import json
import os
import statistics
import subprocess
import sys
import time


class Server:
    def __init__(self, micac):
        self.p = subprocess.Popen([micac, "lsp"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        self.n = 0

    def send(self, obj):
        b = json.dumps(obj).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
        self.p.stdin.flush()

    def raw(self, b):
        self.p.stdin.write(b)
        self.p.stdin.flush()

    def recv(self):
        h = b""
        while not h.endswith(b"\r\n\r\n"):
            c = self.p.stdout.read(1)
            if not c:
                raise EOFError("server closed")
            h += c
        return json.loads(self.p.stdout.read(int(h.split(b":")[1])))

    def request(self, method, params):
        self.n += 1
        self.send({"jsonrpc": "2.0", "id": self.n, "method": method,
                   "params": params})
        while True:
            m = self.recv()
            if m.get("id") == self.n:
                return m

    def until(self, method):
        while True:
            m = self.recv()
            if m.get("method") == method:
                return m

    def hwm_kib(self):
        for line in open("/proc/%d/status" % self.p.pid):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def stop(self):
        self.request("shutdown", None)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.p.wait()


def median_time(fn, rounds):
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    build = sys.argv[1]
    realms = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    micac = os.path.join(build, "micac")
    path = "/tmp/lspbench-%d.mica" % os.getpid()
    with open(path, "w") as f:
        subprocess.run([os.path.join(build, "bench/genpolicy"), str(realms)],
                       stdout=f, check=True)
    text = open(path).read()
    uri = "file://" + path
    last = max(i for i, l in enumerate(text.split("\n"))
               if l.startswith("realm "))

    check = median_time(lambda: subprocess.run(
        [micac, "check", path], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL), rounds)

    s = Server(micac)
    s.request("initialize", {"capabilities": {}})
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "mica", "version": 1,
                         "text": text}}})
    s.until("textDocument/publishDiagnostics")
    version = [1]

    def change():
        version[0] += 1
        s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri,
                                            "version": version[0]},
                           "contentChanges": [{"text": text + "// %d\n"
                                               % version[0]}]}})
        d = s.until("textDocument/publishDiagnostics")
        assert d["params"]["diagnostics"] == [], d

    def hover():
        r = s.request("textDocument/hover", {
            "textDocument": {"uri": uri},
            "position": {"line": last, "character": 7}})
        assert "reaches" in r["result"]["contents"]["value"], r

    diag = median_time(change, rounds)
    hov = median_time(hover, rounds)
    ordinary = s.hwm_kib()
    s.stop()

    # Hostile input on a fresh server, after the same ordinary session.
    s = Server(micac)
    s.request("initialize", {"capabilities": {}})
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "mica", "version": 1,
                         "text": text}}})
    s.until("textDocument/publishDiagnostics")
    body = b"[" + b"[]," * 5000000 + b"[]]"
    s.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    s.recv()
    # 7 MiB of 80-byte comment lines (one 7 MiB line would measure the
    # lexer's long-token cost instead: bench/LSP.md)
    blob = ("// " + "x" * 76 + "\n") * ((7 << 20) // 80)
    taken = 0
    for i in range(12):   # 12 x 7 MiB: past the 64 MiB of documents
        s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {
                    "uri": "file:///big%d.mica" % i, "languageId": "mica",
                    "version": 1, "text": blob}}})
        m = s.recv()
        taken += m.get("method") == "textDocument/publishDiagnostics"
    hostile = s.hwm_kib()
    s.stop()
    os.unlink(path)

    bound = ordinary + (16 + 96 + 64) * 1024
    print("| policy | %d realms, %d bytes |" % (realms, len(text)))
    print("|---|---|")
    print("| micac check (yardstick) | %.1f ms |" % (check * 1e3))
    print("| didChange to publishDiagnostics | %.1f ms (%.2fx, bound 1.5x) |"
          % (diag * 1e3, diag / check))
    print("| hover with reach | %.1f ms (%.2fx, bound 1.5x) |"
          % (hov * 1e3, hov / check))
    print("| peak RSS, ordinary session | %d KiB |" % ordinary)
    print("| peak RSS, hostile input (%d of 12 big documents taken) | "
          "%d KiB (bound %d KiB) |" % (taken, hostile, bound))
    ok = diag <= 1.5 * check and hov <= 1.5 * check and hostile <= bound
    print("result: %s" % ("within bounds" if ok else "OUT OF BOUNDS"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
