#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""rmm-stack.py -- the deepest stack of the RMM module, from GCC's call
graphs (-fcallgraph-info=su: one .ci file per object, each function with
its frame size and its direct calls).

    scripts/rmm-stack.py SRC_DIR CI_FILE...

Indirect calls are resolved from the module's own tables: the RMI and RSI
command tables (src/rmm/rmi.c, rsi.c, read from SRC_DIR) and the token
writer's callbacks (INDIRECT below). REC_ENTER's run_realm() belongs to
the platform, which may call mica_rmm_rsi() and mica_rmm_s2_translate()
on the same stack: those edges are counted, the platform's own frames are
not. Functions outside the module (mem*, mbedTLS, libcbor) count 0 and
are listed. Fails (exit 1) on recursion (a cycle), on a frame that is not
static or bounded, or on an indirect call it cannot resolve. Prints the deepest path
from each entry point and the deepest overall.
"""
import re
import sys

# Indirect calls other than the command tables: caller -> targets (by
# name; [] for a platform hook, whose frames are the platform's).
INDIRECT = {
    "sign1": ["realm_claims", "platform_claims"],   # attest_claims_fn
    "realm_claims": ["group_claim"],                 # attest_realm.extra
    "aw_token": ["build_platform", "build_realm"],   # the token builders
    "entropy": [],                                   # platform hook
    "mica_rmm_rmi_granule_delegate": [],             # gpt_transition
    "mica_rmm_rmi_granule_undelegate": [],           # gpt_transition
    # mbedTLS built with include/mica/rmm_mbedtls_config.h
    "mbedtls_calloc": ["buffer_alloc_calloc"],
    "mbedtls_free": ["buffer_alloc_free"],
    "buffer_alloc_calloc": [],                       # mbedtls_exit: panic
    "buffer_alloc_free": [],                         # mbedtls_exit: panic
    "ecp_modp": ["ecp_mod_p384"],                    # the one curve
    "mpi_fill_random_internal": ["mbedtls_ctr_drbg_random",
                                 "mbedtls_hmac_drbg_random"],
    "mbedtls_ctr_drbg_reseed_internal": ["entropy"],
    "hmac_drbg_reseed_core": [],                     # seeded from a buffer
    "mbedtls_platform_zeroize": [],                  # memset, through volatile
    "mbedtls_asn1_traverse_sequence_of": [],         # not called
}
ENTRIES = ["mica_rmm_rmi", "mica_rmm_rsi", "mica_rmm_init",
           "mica_rmm_s2_translate"]


def short(title):
    return title.split(":")[-1]


def table(path, prefix):
    text = open(path).read()
    return re.findall(r"\{\s*" + prefix + r"_[A-Z0-9_]+,\s*(\w+),", text)


def main():
    src, cis = sys.argv[1], sys.argv[2:]
    rmi = table(src + "/src/rmm/rmi.c", "MICA_RMI")
    rsi = table(src + "/src/rmm/rsi.c", "MICA_RSI")
    indirect = dict(INDIRECT)
    indirect["mica_rmm_rmi"] = rmi
    indirect["mica_rmm_rsi"] = rsi
    indirect["mica_rmm_rmi_rec_enter"] = rsi + ["mica_rmm_rsi",
                                                "mica_rmm_s2_translate"]
    frame, calls, bad, pending = {}, {}, [], []
    node = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
    edge = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
    for ci in cis:
        for line in open(ci):
            m = node.search(line)
            if m:
                name = m.group(1)
                size = re.search(r"\\n(\d+) bytes \(([\w,]+)", m.group(2))
                if size:
                    # static, or dynamic,bounded (the size is the bound)
                    if size.group(2) not in ("static", "dynamic,bounded"):
                        bad.append("%s: %s frame" % (name, size.group(2)))
                    frame[name] = int(size.group(1))
                    calls.setdefault(name, set())
                continue
            m = edge.search(line)
            if m:
                a, b = m.group(1), m.group(2)
                if b == "__indirect_call":
                    if short(a) not in indirect:
                        bad.append("%s: unresolved indirect call" % a)
                        continue
                    pending.append((a, indirect[short(a)]))
                else:
                    calls.setdefault(a, set()).add(b)
    # Functions are keyed by GCC's titles ("file:name" for static ones);
    # indirect targets are names, resolved to every function so named.
    byname = {}
    for f in frame:
        byname.setdefault(short(f), []).append(f)
    for a, names in pending:
        for n in names:
            calls.setdefault(a, set()).update(byname.get(n, [n]))
    outside = sorted({short(b) for s in calls.values() for b in s
                      if b not in frame})
    depth, best, state = {}, {}, {}

    def visit(f, path):
        # Iterative depth-first search would do as well; the module's call
        # graph is shallow, and a cycle is reported, not followed.
        if state.get(f) == 1:
            bad.append("recursion: " + " -> ".join(path + [f]))
            return 0
        if f in depth:
            return depth[f]
        state[f] = 1
        d, via = 0, None
        for g in sorted(calls.get(f, ())):
            if g not in frame:
                continue
            k = visit(g, path + [f])
            if k > d:
                d, via = k, g
        state[f] = 2
        depth[f] = frame.get(f, 0) + d
        best[f] = via
        return depth[f]

    for f in sorted(frame):
        visit(f, [])
    if bad:
        print("rmm-stack: " + "\n  ".join(sorted(set(bad))), file=sys.stderr)
        return 1

    def chain(f):
        out = []
        while f is not None:
            out.append("%s (%d)" % (short(f), frame[f]))
            f = best[f]
        return " -> ".join(out)

    deepest = max(frame, key=lambda f: depth[f])
    for f in ENTRIES:
        if f in frame:
            print("%-24s %6d bytes: %s" % (f, depth[f], chain(f)))
    print("deepest: %d bytes: %s" % (depth[deepest], chain(deepest)))
    print("largest frame: %s, %d bytes" %
          max(((short(f), frame[f]) for f in frame), key=lambda x: x[1]))
    print("not counted (outside what was given): " + " ".join(outside))
    return 0


if __name__ == "__main__":
    sys.exit(main())
