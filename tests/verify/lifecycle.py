# SPDX-License-Identifier: BSD-3-Clause
"""lifecycle.py MICAC LIFECYCLE_TOKENS SOURCE_DIR -- micac verify's policy lifecycle:
several --reference sets, --min-version, --revoked (man/mica-revoked.5).

lifecycle_tokens writes two versions of policy g (realm a unchanged,
realm b changed), a policy h, and group tokens of each. Every expected
value (realm names, RIMs, image measurements, blob and workflow digests,
versions) is read here from the reference.json files with Python's own
JSON reader, never taken from micac's output.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

micac, maker, srcdir = sys.argv[1], sys.argv[2], sys.argv[3]
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def run(*args):
    p = subprocess.run([micac, "verify", *args], capture_output=True,
                       text=True, cwd=tmp)
    return p.returncode, p.stdout, p.stderr


def expect(what, got, status, out=None, err=None, noout=False):
    rc, so, se = got
    if rc != status:
        fail(f"{what}: exit {rc}, want {status}\n{so}{se}")
        return
    for pat in out or []:
        if not re.search(pat, so, re.M):
            fail(f"{what}: stdout lacks /{pat}/:\n{so}")
    for pat in err or []:
        if not re.search(pat, se, re.M):
            fail(f"{what}: stderr lacks /{pat}/:\n{se}")
    if noout and so:
        fail(f"{what}: stdout not empty:\n{so}")


def put(name, text):
    with open(os.path.join(tmp, name), "w", encoding="utf-8",
              newline="") as f:
        f.write(text)
    return name


def member_line(ref, file, realm):
    """The line micac prints for a member matched in one set."""
    r = ref["realms"][realm]
    return (rf"^verified: member \d+: realm {realm} \(rim {r['rim'][:8]}"
            rf"\.\.\.\) of {re.escape(file)} \(policy {ref['policy']} "
            rf"version {ref['version']}\)")


tmpdir = tempfile.TemporaryDirectory()
tmp = tmpdir.name
if subprocess.run([maker, tmp], capture_output=True).returncode != 0:
    print("FAIL: lifecycle_tokens")
    sys.exit(1)
g1, g2, h1, k1 = (json.load(open(os.path.join(tmp, n)))
                  for n in ("g1.json", "g2.json", "h1.json", "k1.json"))
key = ["--platform-key", "cpak.pem"]
V1 = ["--token", "v1.cbor"] + key
V2 = ["--token", "v2.cbor"] + key
BOTH = ["--reference", "g1.json", "--reference", "g2.json"]

# The inputs are what the test needs: realm a's image is the same in both
# versions, b's is not; every final RIM differs (the blob carries the
# version), so no Realm of version 1 can pass as one of version 2.
assert (g1["policy"], g1["version"], g2["version"]) == ("g", 1, 2)
assert (g1["realms"]["a"]["image_measurement"] ==
        g2["realms"]["a"]["image_measurement"])
assert (g1["realms"]["b"]["image_measurement"] !=
        g2["realms"]["b"]["image_measurement"])
for n in ("a", "b"):
    assert g1["realms"][n]["rim"] != g2["realms"][n]["rim"]
    assert g1["realms"][n]["blob_digest"] != g2["realms"][n]["blob_digest"]
assert g1["workflow_digest"] != g2["workflow_digest"]

# ---- several reference sets ----------------------------------------------
for order in (BOTH, BOTH[2:] + BOTH[:2]):
    got = run(*V1, *order)
    expect("v1 token, both sets", got, 0,
           [member_line(g1, "g1.json", "a") + ", the attesting realm$",
            member_line(g1, "g1.json", "b") + "$"])
    if "g2.json" in got[1]:
        fail("v1 token matched g2.json:\n" + got[1])
    got = run(*V2, *order)
    expect("v2 token, both sets", got, 0,
           [member_line(g2, "g2.json", "a") + ", the attesting realm$",
            member_line(g2, "g2.json", "b") + "$"])
    if "g1.json" in got[1]:
        fail("v2 token matched g1.json:\n" + got[1])
expect("v1 token, v2 set only", run(*V1, "--reference", "g2.json"), 1,
       err=[r"realm token RIM \(claim 44238\) "
            + g1["realms"]["a"]["rim"][:8]
            + r"\.\.\.: no realm of policy g has this final RIM"],
       noout=True)
expect("h token against g's sets", run("--token", "h1.cbor", *key, *BOTH),
       1, err=["no realm of any reference set has this final RIM"],
       noout=True)
expect("h token with h among the sets",
       run("--token", "h1.cbor", *key, *BOTH, "--reference", "h1.json"), 0,
       [member_line(h1, "h1.json", "d"), member_line(h1, "h1.json", "e")])

# A Realm of another policy (k) joined version 1's group through `any`:
# matched by k's own set, and only then.
VK = ["--token", "v1k.cbor"] + key
K = ["--reference", "k1.json"]
expect("any joiner, with k's set", run(*VK, *BOTH, *K, "--require-all"), 0,
       [member_line(g1, "g1.json", "a") + ", the attesting realm$",
        member_line(g1, "g1.json", "b") + "$",
        member_line(k1, "k1.json", "x") + "$"])
expect("any joiner, without k's set", run(*VK, *BOTH), 1,
       err=[r"group member \d+ \(RIM " + k1["realms"]["x"]["rim"][:8]
            + r"\.\.\.\): a realm of another policy \(workflow digest "
            + k1["workflow_digest"][:8] + r"\.\.\., claim -77101\); no "
            r"reference values given for it$"], noout=True)
expect("any joiner, g=1 k=2", run(*VK, *BOTH, *K, "--min-version", "g=1",
                                  "--min-version", "k=2"), 1,
       err=[r"\(realm 'x' of policy k version 1\): policy k version 1 is "
            r"below the minimum version 2$"])
expect("any joiner, 2 k=1", run(*VK, *BOTH, *K, "--min-version", "2",
                                "--min-version", "k=1"), 1,
       err=[r"\(realm '[ab]' of policy g version 1\): policy g version 1 is "
            r"below the minimum version 2$"])
expect("any joiner, 1", run(*VK, *BOTH, *K, "--min-version", "1"), 0)
put("rev.txt", "policy k version 1 # k withdrawn\n")
expect("any joiner, k revoked", run(*VK, *BOTH, *K, "--revoked", "rev.txt"),
       1, err=[r"\(realm 'x' of policy k version 1\): revoked by "
               r"rev\.txt:1 \(its policy and version\): k withdrawn$"])

# The ordinary token (no group claim): one member, the realm token.
B2 = ["--token", "b2.cbor"] + key
expect("ordinary token, both sets", run(*B2, *BOTH), 0,
       [r"^verified: member 0: realm b \(rim " + g2["realms"]["b"]["rim"][:8]
        + r"\.\.\.\) of g2\.json \(policy g version 2\), the attesting "
        r"realm$"])
expect("ordinary token, --min-version 3", run(*B2, *BOTH, "--min-version",
                                              "3"), 1,
       err=[r"^micac: verify: realm token \(realm 'b' of policy g version "
            r"2\): policy g version 2 is below the minimum version 3$"])
put("rev.txt", "sha256:" + g2["realms"]["b"]["image_measurement"] + " #x\n")
expect("ordinary token, revoked", run(*B2, *BOTH, "--revoked", "rev.txt"), 1,
       err=[r"^micac: verify: realm token \(realm 'b' of policy g version "
            r"2\): revoked by rev\.txt:1 \(its image measurement\): x$"])
expect("ordinary token, --require-all", run(*B2, *BOTH, "--require-all"),
       1, err=[r"realm 'a' of policy g is not attested: the token has no "
               r"group claim \(g2\.json\)$"])

# A member in two sets: the same final RIM in both (version 1's file
# relabelled version 2). All sets it matched, ordered by policy name and
# version whatever the order of the options.
g1b = dict(g1, version=2)
put("g1b.json", json.dumps(g1b, indent=1) + "\n")
for order in (["g1.json", "g1b.json"], ["g1b.json", "g1.json"]):
    args = [x for f in order for x in ("--reference", f)]
    got = run(*V1, *args)
    expect("member in two sets", got, 0,
           [member_line(g1, "g1.json", n) + f"; realm {n} of g1b.json "
            r"\(policy g version 2\)" for n in ("a", "b")])

# --require-all: the sets the attesting realm matched, not every set.
expect("require-all, rollout", run(*V1, *BOTH, "--require-all"), 0)
g1z = json.loads(json.dumps(g1))
g1z["realms"]["z"] = dict(g1["realms"]["a"], rim="00" * 32)
put("g1z.json", json.dumps(g1z) + "\n")
expect("require-all, a realm missing",
       run(*V1, "--reference", "g1z.json", "--reference", "g2.json",
           "--require-all"), 1,
       err=[r"realm 'z' of policy g is not in the group \(g1z\.json\)$"],
       noout=True)

# ---- --min-version -------------------------------------------------------
for mv in ("2", "g=2"):
    expect(f"--min-version {mv}, v1 token",
           run(*V1, *BOTH, "--min-version", mv), 1,
           err=[r"^micac: verify: group member \d+ \(realm '[ab]' of policy "
                r"g version 1\): policy g version 1 is below the minimum "
                r"version 2$"], noout=True)
    expect(f"--min-version {mv}, v2 token (a unchanged, b changed)",
           run(*V2, *BOTH, "--min-version", mv), 0,
           [member_line(g2, "g2.json", "a"), member_line(g2, "g2.json", "b")])
expect("--min-version 1, v1 token", run(*V1, *BOTH, "--min-version", "1"), 0)
expect("--min-version 2, member in an old and a new set",
       run(*V1, "--reference", "g1.json", "--reference", "g1b.json",
           "--min-version", "2"), 0)
expect("--min-version 3, member in versions 1 and 2 only",
       run(*V1, "--reference", "g1.json", "--reference", "g1b.json",
           "--min-version", "3"), 1, err=["below the minimum version 3"])
# Per policy: h's minimum does not touch g, the default yields to NAME=N.
expect("--min-version h=2 spares g",
       run(*V1, *BOTH, "--reference", "h1.json", "--min-version", "h=2"), 0)
expect("--min-version h=2 refuses h",
       run("--token", "h1.cbor", *key, "--reference", "h1.json",
           "--min-version", "h=2"), 1,
       err=[r"realm '[de]' of policy h version 1\): policy h version 1 is "
            r"below the minimum version 2"])
expect("--min-version 2 with h=1",
       run("--token", "h1.cbor", *key, "--reference", "h1.json",
           "--min-version", "2", "--min-version", "h=1"), 0)
for bad in ("x", "", "g=", "=2", "01", "-1", "1.0", "9g=1",
            "18446744073709551616"):
    expect(f"--min-version '{bad}'", run(*V1, *BOTH, "--min-version", bad),
           2, err=["--min-version wants N or NAME=N"], noout=True)
expect("--min-version given twice",
       run(*V1, *BOTH, "--min-version", "1", "--min-version", "2"), 2,
       err=["--min-version given twice"])
expect("--min-version for no set's policy",
       run(*V1, *BOTH, "--min-version", "k=2"), 2,
       err=["no --reference is of policy k"], noout=True)
expect("--min-version without --reference", run(*V1, "--min-version", "1"),
       2, err=["--min-version needs --reference"])

# ---- --revoked -----------------------------------------------------------
HEAD = "# revoked Realms\n\n   # indented comment\n"   # entries on line 4


def revoked_case(what, entry, token_refused, token_kept, realm, why):
    put("rev.txt", HEAD + entry + "   # " + why + "  \n")
    expect(f"revoked {what}: refused",
           run(*token_refused, *BOTH, "--revoked", "rev.txt"), 1,
           err=[rf"^micac: verify: group member \d+ \(realm '{realm}' of "
                rf"policy g version \d\): revoked by rev\.txt:4 \(its "
                rf"{what}\): {re.escape(why)}$"], noout=True)
    if token_kept:
        expect(f"revoked {what}: the other version verifies",
               run(*token_kept, *BOTH, "--revoked", "rev.txt"), 0)


revoked_case("image measurement",
             "sha256:" + g1["realms"]["b"]["image_measurement"], V1, V2, "b",
             "b v1 leaks its key")
revoked_case("blob digest", "sha256:" + g1["realms"]["a"]["blob_digest"].upper(),
             V1, V2, "a", "bad blob")
revoked_case("workflow digest", "\tsha256:" + g1["workflow_digest"], V1, V2,
             "[ab]", "workflow v1 withdrawn")
revoked_case("policy and version", "policy g version 1", V1, V2, "[ab]",
             "g v1 end of life")
revoked_case("policy and version", "policy g version 2", V2, V1, "[ab]",
             "g v2 recalled")
# a's image is the same in both versions: revoking it refuses both.
revoked_case("image measurement",
             "sha256:" + g2["realms"]["a"]["image_measurement"], V2, None,
             "a", "a's image")
expect("image of a, v1 token", run(*V1, *BOTH, "--revoked", "rev.txt"), 1,
       err=[r"realm 'a' of policy g version 1\): revoked by rev\.txt:4"])
# Revocation wins over every other match: a member in two sets is
# refused when the entry of either is revoked.
put("rev.txt", "policy g version 2 # relabelled set withdrawn\n")
expect("revoked: second of two matches",
       run(*V1, "--reference", "g1.json", "--reference", "g1b.json",
           "--revoked", "rev.txt"), 1,
       err=[r"group member \d \(realm '[ab]' of policy g version 2\): revoked "
            r"by rev\.txt:1 \(its policy and version\): relabelled set "
            r"withdrawn$"], noout=True)
# Entries that match nothing, of another policy, of another size.
put("rev.txt", "policy h version 1 # h is gone\npolicy g version 3 # future\n"
    "sha512:" + "ab" * 64 + " # another size\n"
    "sha256:" + "00" * 32 + " # nothing\n")
expect("revoked list matching nothing", run(*V1, *BOTH, "--revoked",
                                            "rev.txt"), 0)
put("empty.txt", "")
expect("empty revoked list", run(*V1, *BOTH, "--revoked", "empty.txt"), 0)
expect("--revoked without --reference", run(*V1, "--revoked", "empty.txt"),
       2, err=["--revoked needs --reference"])
expect("--revoked missing file", run(*V1, *BOTH, "--revoked", "nope.txt"), 2)

D = "sha256:" + "1f" * 32
bad = [  # (file text, line, column, message)
    ("sha256:abc # short\n", 1, 8, "sha256: wants 64 hexadecimal digits, "
     "not 3"),
    ("sha512:" + "1f" * 32 + " # short\n", 1, 8, "sha512: wants 128"),
    ("sha256:" + "g" * 64 + " # x\n", 1, 8, "'g' is not a hexadecimal"),
    ("# ok\nmd5:" + "00" * 16 + " # x\n", 2, 1, "expected sha256:HEX"),
    ("\n  " + D + "\n", 2, 3 + len(D), "an entry needs a comment"),
    (D + " #   \t\n", 1, len(D) + 2, "empty comment"),
    (D + " x # why\n", 1, len(D) + 2, "unexpected 'x' after the entry"),
    ("policy g # why\n", 1, 10, "'version' expected"),
    ("policy g release 1 # why\n", 1, 10, "'version' expected after the "
     "policy name"),
    ("policy g version # why\n", 1, 18, "the version number expected"),
    ("policy g version 01 # why\n", 1, 18, "leading zero"),
    ("policy g version x # why\n", 1, 18, "unsigned integer"),
    ("policy g version 99999999999999999999 # why\n", 1, 18, "larger than"),
    ("policy 9g version 1 # why\n", 1, 8, "a policy name starts with"),
    (D + " # one\n\n" + D + " # two\n", 3, 1, "the same entry as line 1"),
    (D + " # no newline", 1, len(D) + 14, "does not end with a newline"),
    (D + " # dos\r\n", 1, len(D) + 7, "carriage return"),
    (D + " # nul\0\n", 1, len(D) + 7, "control character 0x00"),
    (D + " # " + "w" * 128 + "\n", 1, len(D) + 4, "comment longer than 127"),
    ("".join(f"sha256:{i:064x} # n\n" for i in range(257)), 257, 1,
     "more than 256 entries"),
]
for text, line, col, msg in bad:
    put("bad.txt", text)
    # A token that would not verify: the list is read before anything.
    for tok in (V1, ["--token", "cpak.pem"] + key):
        expect(f"malformed list /{msg}/", run(*tok, *BOTH, "--revoked",
                                              "bad.txt"), 2,
               err=[rf"^bad\.txt:{line}:{col}: error: .*{re.escape(msg)}"],
               noout=True)

# The example of man/mica-revoked.5 is a list micac reads.
man = open(os.path.join(srcdir, "man", "mica-revoked.5")).read()
example = man.split(".SH EXAMPLES\n.nf\n")[1].split("\n.fi\n")[0]
put("example.txt", example.replace("\\-", "-") + "\n")
expect("mica-revoked(5)'s example", run(*V1, *BOTH, "--revoked",
                                        "example.txt"), 0)

# ---- the EAR says what the lifecycle refused -----------------------------
def ear_vector(*args):
    run(*args, "--ear", "ear.json")
    with open(os.path.join(tmp, "ear.json")) as f:
        return json.load(f)["submods"]["CCA_REALM"][
            "ear.trustworthiness-vector"]


G1 = ["--reference", "g1.json"]
vec = ear_vector(*V1, *G1)
if (vec["executables"], vec["configuration"]) != (2, 2):
    fail(f"EAR of a verified token: {vec}")
vec = ear_vector(*V1, *G1, "--min-version", "2")
if (vec["executables"], vec["configuration"]) != (2, 96):
    fail(f"EAR below the minimum version: {vec}")
put("rev.txt", "sha256:" + g1["realms"]["b"]["image_measurement"] + " # b\n")
vec = ear_vector(*V1, *G1, "--revoked", "rev.txt")
if (vec["executables"], vec["configuration"]) != (96, 2):
    fail(f"EAR of a revoked member: {vec}")

# ---- CoRIM reference sets ------------------------------------------------
# micac compile of the same policies (measurements from the JSON) writes
# the same reference.json, and the CoRIMs beside it.
for n, ref in (("g1", g1), ("g2", g2)):
    text = open(os.path.join(tmp, n + ".in")).read()
    for name, idx in re.findall(r"realm (\w+) \{ measurement = %R(\d)", text):
        text = text.replace("%R" + idx, "sha256:"
                            + ref["realms"][name]["image_measurement"])
    put(n + ".mica", text)
    p = subprocess.run([micac, "compile", n + ".mica", "-o", "c" + n],
                       capture_output=True, text=True, cwd=tmp)
    if p.returncode != 0:
        fail(f"micac compile {n}.mica: {p.stderr}")
    elif (open(os.path.join(tmp, "c" + n, "reference.json")).read()
          != open(os.path.join(tmp, n + ".json")).read()):
        fail(f"micac compile {n}.mica: another reference.json")
MC = ["--reference", "cg1/mica.corim", "--reference", "cg2/mica.corim"]
expect("mica.corim sets", run(*V1, *MC), 0,
       [member_line(g1, "cg1/mica.corim", n) for n in ("a", "b")])
expect("mica.corim sets, --min-version 2", run(*V1, *MC, "--min-version",
                                                "2"), 1,
       err=[r"policy g version 1 is below the minimum version 2$"])
expect("mica.corim sets, v2 token, --min-version 2",
       run(*V2, *MC, "--min-version", "2", "--require-all"), 0,
       [member_line(g2, "cg2/mica.corim", n) for n in ("a", "b")])
put("rev.txt", "sha256:" + g1["realms"]["b"]["blob_digest"] + " # b\n")
expect("mica.corim sets, blob revoked", run(*V1, *MC, "--revoked",
                                            "rev.txt"), 1,
       err=[r"\(realm 'b' of policy g version 1\): revoked by rev\.txt:1 "
            r"\(its blob digest\): b$"])
# reference.corim: the RIMs alone; realms named "rim:" and 16 hex digits.
RC = ["--reference", "cg1/reference.corim", "--reference",
      "cg2/reference.corim"]
got = run(*V2, *RC, "--min-version", "2")
expect("reference.corim sets", got, 0,
       [rf"^verified: member \d+: realm rim:{g2['realms'][n]['rim'][:16]} "
        rf"\(rim {g2['realms'][n]['rim'][:8]}\.\.\.\) of "
        r"cg2/reference\.corim \(policy g version 2\)" for n in ("a", "b")])
expect("reference.corim sets, --min-version 2", run(*V1, *RC,
                                                    "--min-version", "2"),
       1, err=[r"policy g version 1 is below the minimum version 2$"])
put("rev.txt", "policy g version 2 # recalled\n")
put("rev.txt", "sha256:" + "00" * 32 + " # unknown digests are not zero\n")
expect("reference.corim sets, a zero digest revokes nothing",
       run(*V2, *RC, "--revoked", "rev.txt"), 0)
put("rev.txt", "policy g version 2 # recalled\n")
expect("reference.corim sets, version revoked",
       run(*V2, *RC, "--revoked", "rev.txt"), 1,
       err=[r"revoked by rev\.txt:1 \(its policy and version\): recalled$"])

# ---- the bound on --reference --------------------------------------------
sixteen = ["--reference", "g1.json"] * 16
got = run(*V1, *sixteen)
expect("16 sets", got, 0)
if got[1].count("of g1.json") != 32:
    fail("16 sets: each member should list 16 matches:\n" + got[1])
expect("17 sets", run(*V1, *sixteen, "--reference", "g2.json"), 2,
       err=["more than 16 --reference"], noout=True)

print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
