# SPDX-License-Identifier: BSD-3-Clause
"""Independent checks of micac's CoRIMs, signed CoRIMs and EARs.

Nothing here comes from micac: a CBOR decoder, ECDSA over P-256 and
P-384 (verification, and key generation for the signing keys micac is
given), PEM and base64url are written out below from their
specifications (RFC 8949, SEC 1 / FIPS 186, RFC 7468, RFC 7515), and the
expected values are read from reference.json.

    corim_ear.py keygen CURVE PRIV.pem PUB.pem
    corim_ear.py corim DIR            reference.json vs the two CoRIMs
    corim_ear.py cose FILE.cose PUB.pem CORIM
    corim_ear.py ear FILE KIND [PUB.pem] [key=value ...]
    corim_ear.py claim10 TOKEN        the realm challenge, in hex
Exit status 0 when every check holds, 1 with a message otherwise.
"""
import base64
import hashlib
import json
import os
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


# ---- CBOR (RFC 8949), decoding only --------------------------------------

class Tag:
    def __init__(self, n, v):
        self.n, self.v = n, v

    def __repr__(self):
        return "Tag(%d, %r)" % (self.n, self.v)


def cbor_item(b, i, strict):
    ib = b[i]
    major, info = ib >> 5, ib & 31
    i += 1
    if info < 24:
        arg = info
    elif info <= 27:
        n = 1 << (info - 24)
        arg = int.from_bytes(b[i:i + n], "big")
        check(len(b[i:i + n]) == n, "truncated")
        if strict:
            check(arg >= (24 if n == 1 else 1 << (4 * n)),
                  "head not in shortest form at %d" % (i - 1))
        i += n
    else:
        fail("indefinite or reserved head at %d" % (i - 1))
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major in (2, 3):
        s = b[i:i + arg]
        check(len(s) == arg, "truncated string")
        return (bytes(s) if major == 2 else s.decode("utf-8")), i + arg
    if major == 4:
        out = []
        for _ in range(arg):
            v, i = cbor_item(b, i, strict)
            out.append(v)
        return out, i
    if major == 5:
        out, last = {}, None
        for _ in range(arg):
            k0 = i
            k, i = cbor_item(b, i, strict)
            kb = bytes(b[k0:i])
            if strict and last is not None:
                check(kb > last, "map keys not in bytewise order")
            last = kb
            check(k not in out, "duplicate key %r" % (k,))
            v, i = cbor_item(b, i, strict)
            out[k] = v
        return out, i
    if major == 6:
        v, i = cbor_item(b, i, strict)
        return Tag(arg, v), i
    fail("simple value or float at %d" % (i - 1))


def cbor(b, strict=True):
    v, i = cbor_item(b, 0, strict)
    check(i == len(b), "trailing bytes")
    return v


# ---- ECDSA (SEC 1, FIPS 186-4) --------------------------------------------

CURVES = {
    "P-256": dict(
        p=2**256 - 2**224 + 2**192 + 2**96 - 1,
        a=-3,
        n=0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551,
        gx=0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
        gy=0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5,
        size=32, oid=bytes.fromhex("2a8648ce3d030107"),
        hash=hashlib.sha256),
    "P-384": dict(
        p=2**384 - 2**128 - 2**96 + 2**32 - 1,
        a=-3,
        n=int("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372d"
              "df581a0db248b0a77aecec196accc52973", 16),
        gx=int("aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a3"
               "85502f25dbf55296c3a545e3872760ab7", 16),
        gy=int("3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c"
               "00a60b1ce1d7e819d7a431d7c90ea0e5f", 16),
        size=48, oid=bytes.fromhex("2b81040022"),
        hash=hashlib.sha384),
}


def ec_add(c, P, Q):
    if P is None:
        return Q
    if Q is None:
        return P
    p = c["p"]
    if P[0] == Q[0] and (P[1] + Q[1]) % p == 0:
        return None
    if P == Q:
        lam = (3 * P[0] * P[0] + c["a"]) * pow(2 * P[1], -1, p) % p
    else:
        lam = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (lam * lam - P[0] - Q[0]) % p
    return x, (lam * (P[0] - x) - P[1]) % p


def ec_mul(c, k, P):
    R = None
    while k:
        if k & 1:
            R = ec_add(c, R, P)
        P = ec_add(c, P, P)
        k >>= 1
    return R


def ecdsa_verify(c, Q, msg, sig):
    n, size = c["n"], c["size"]
    if len(sig) != 2 * size:
        return False
    r = int.from_bytes(sig[:size], "big")
    s = int.from_bytes(sig[size:], "big")
    if not (0 < r < n and 0 < s < n):
        return False
    e = int.from_bytes(c["hash"](msg).digest(), "big")
    w = pow(s, -1, n)
    X = ec_add(c, ec_mul(c, e * w % n, (c["gx"], c["gy"])),
               ec_mul(c, r * w % n, Q))
    return X is not None and X[0] % n == r


# ---- keys: DER and PEM (RFC 5915, RFC 5480, RFC 7468) ---------------------

def der(tag, body):
    n = len(body)
    ln = bytes([n]) if n < 128 else bytes([0x81, n])
    return bytes([tag]) + ln + body


def pem(label, body):
    b = base64.b64encode(body).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (
        label, "\n".join(lines), label)


def keygen(curve, priv, pub):
    c = CURVES[curve]
    d = int.from_bytes(os.urandom(c["size"] + 8), "big") % (c["n"] - 1) + 1
    Q = ec_mul(c, d, (c["gx"], c["gy"]))
    point = b"\x04" + Q[0].to_bytes(c["size"], "big") + \
        Q[1].to_bytes(c["size"], "big")
    ec_priv = der(0x30, der(0x02, b"\x01") +
                  der(0x04, d.to_bytes(c["size"], "big")) +
                  der(0xa0, der(0x06, c["oid"])) +
                  der(0xa1, der(0x03, b"\x00" + point)))
    spki = der(0x30, der(0x30, der(0x06, bytes.fromhex("2a8648ce3d0201")) +
                         der(0x06, c["oid"])) +
               der(0x03, b"\x00" + point))
    open(priv, "w").write(pem("EC PRIVATE KEY", ec_priv))
    open(pub, "w").write(pem("PUBLIC KEY", spki))


def read_pub(path):
    """The curve and point of a PEM SubjectPublicKeyInfo."""
    text = open(path).read()
    body = "".join(l for l in text.splitlines() if not l.startswith("-----"))
    spki = base64.b64decode(body)
    for name, c in CURVES.items():
        if c["oid"] in spki:
            size = c["size"]
            pt = spki[-(2 * size + 1):]
            check(pt[0] == 4, "not an uncompressed point")
            return c, (int.from_bytes(pt[1:1 + size], "big"),
                       int.from_bytes(pt[1 + size:], "big"))
    fail("unknown curve in " + path)


def b64url_decode(s):
    check("=" not in s, "base64url with padding")
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


# ---- the CoRIMs against reference.json ------------------------------------

NI = {"sha-256": 1, "sha-384": 7, "sha-512": 8}


def corim_triples(path, profile):
    """The reference triples of an unsigned CoRIM file (or bytes)."""
    b = open(path, "rb").read() if isinstance(path, str) else path
    top = cbor(b)
    check(isinstance(top, Tag) and top.n == 501, "not tag 501")
    m = top.v
    check(sorted(m) == [0, 1, 3], "corim-map keys %r" % sorted(m))
    check(isinstance(m[3], Tag) and m[3].n == 32 and m[3].v == profile,
          "profile %r" % (m[3],))
    check(len(m[1]) == 1 and isinstance(m[1][0], Tag) and
          m[1][0].n == 506 and isinstance(m[1][0].v, bytes),
          "tags: not one 506(bstr)")
    comid = cbor(m[1][0].v)
    check(sorted(comid) == [1, 4], "comid keys %r" % sorted(comid))
    check(list(comid[4]) == [0], "triples: reference triples only")
    return m[0], comid[1], comid[4][0]


def digest_of(mval, alg):
    check(list(mval) == [2], "a digest measurement has only key 2")
    check(len(mval[2]) == 1 and mval[2][0][0] == alg, "digests %r" % mval)
    return mval[2][0][1].hex()


def check_corim(d):
    ref = json.load(open(os.path.join(d, "reference.json")))
    alg = NI[ref["hash"]]
    names = sorted(ref["realms"])
    rims = [ref["realms"][n]["rim"] for n in names]

    cid, ident, triples = corim_triples(os.path.join(d, "reference.corim"),
                                        "tag:arm.com,2025:cca_realm#1.0.0")
    check(cid == ref["policy"], "reference.corim id")
    check(ident == {0: ref["policy"] + "/cca-realm", 1: ref["version"]},
          "tag-identity %r" % ident)
    check(len(triples) == len(names), "one triple per realm")
    for t, rim in zip(triples, rims):
        env, meas = t
        cls = env[0]
        check(list(env) == [0] and list(cls) == [0], "env %r" % env)
        check(cls[0].n == 560 and cls[0].v.hex() == rim, "class-id")
        keys = [mm[0] for mm in meas]
        check(keys[0] == "cca.rim" and set(keys) <= {"cca.rim", "cca.rpv"},
              "mkeys %r" % keys)
        check(digest_of(meas[0][1], alg) == rim, "cca.rim")
        for mm in meas[1:]:
            check(list(mm[1]) == [4] and mm[1][4].n == 560 and
                  0 < len(mm[1][4].v) <= 64, "cca.rpv")

    cid, ident, triples = corim_triples(os.path.join(d, "mica.corim"),
                                        "tag:mica.dev,2026:workflow#1")
    check(cid == ref["policy"], "mica.corim id")
    check(ident == {0: ref["policy"] + "/mica", 1: ref["version"]},
          "tag-identity %r" % ident)
    check(len(triples) == len(names), "one triple per realm")
    for t, n in zip(triples, names):
        r = ref["realms"][n]
        env, meas = t
        check(env == {0: {0: env[0][0], 2: n}}, "class of %s" % n)
        check(env[0][0].n == 560 and env[0][0].v.hex() == r["rim"],
              "class-id of %s" % n)
        got = {}
        for mm in meas:
            check(sorted(mm) == [0, 1], "measurement-map")
            got.setdefault(mm[0], []).append(mm[1])
        check(digest_of(got["mica.image"][0], alg) == r["image_measurement"],
              "image of %s" % n)
        check(digest_of(got["mica.blob"][0], alg) == r["blob_digest"],
              "blob of %s" % n)
        blob = open(os.path.join(d, r["blob"]), "rb").read()
        h = hashlib.sha256 if alg == 1 else hashlib.sha512
        check(h(blob).hexdigest() == r["blob_digest"], "blob digest")
        check(digest_of(got["mica.workflow"][0], alg) ==
              ref["workflow_digest"], "workflow of %s" % n)
        check(got["mica.policy"] == [{1: ref["version"],
                                      11: ref["policy"]}], "policy")
        regions = [v[11] for v in got.get("mica.region", [])]
        check(regions == sorted(regions) and
              all(list(v) == [11] for v in got.get("mica.region", [])),
              "regions of %s" % n)
        check(set(got) <= {"mica.image", "mica.blob", "mica.workflow",
                           "mica.policy", "mica.region"}, "mkeys")
    print("corim: %s: %d realms" % (ref["policy"], len(names)))


def check_cose(path, pub, corim):
    c, Q = read_pub(pub)
    b = open(path, "rb").read()
    top = cbor(b)
    check(isinstance(top, Tag) and top.n == 18 and len(top.v) == 4,
          "not a tag-18 COSE_Sign1")
    ph_b, unprot, payload, sig = top.v
    ph = cbor(ph_b)
    alg = -7 if c["size"] == 32 else -35
    check(sorted(ph) == [1, 3, 8], "protected header keys")
    check(ph[1] == alg and ph[3] == "application/rim+cbor", "alg/type")
    check(cbor(ph[8]) == {0: {0: "micac"}}, "corim-meta")
    check(unprot == {}, "unprotected header")
    check(payload == open(corim, "rb").read(), "payload is not the CoRIM")
    # Sig_structure = ["Signature1", protected, h'', payload]
    def bstr(x):
        n = len(x)
        h = bytes([0x40 | n]) if n < 24 else bytes([0x58, n]) if n < 256 \
            else bytes([0x59]) + n.to_bytes(2, "big")
        return h + x
    tbs = b"\x84\x6aSignature1" + bstr(ph_b) + b"\x40" + bstr(payload)
    check(ecdsa_verify(c, Q, tbs, sig), "signature does not verify")
    print("cose: %s: verified (%s)" % (os.path.basename(path),
                                      "ES256" if alg == -7 else "ES384"))


# ---- EAR (draft-fv-rats-ear, veraison/ear) --------------------------------

CLAIMS = ["configuration", "executables", "file-system", "hardware",
          "instance-identity", "runtime-opaque", "sourced-data",
          "storage-opaque"]


def tier(v):
    return ("contraindicated" if v >= 96 else "warning" if v >= 32 else
            "affirming" if v >= 2 else "none")


def read_ear(path, pub):
    text = open(path).read()
    if pub is None:
        return json.loads(text)
    check(text.endswith("\n") and text.count("\n") == 1, "JWT: one line")
    parts = text.strip().split(".")
    check(len(parts) == 3, "JWT: not three parts")
    check(json.loads(b64url_decode(parts[0])) ==
          {"alg": "ES256", "typ": "JWT"}, "JWT header")
    c, Q = read_pub(pub)
    check(c["size"] == 32, "ES256 needs P-256")
    sig = b64url_decode(parts[2])
    check(len(sig) == 64, "JWS ES256 signature is r || s, 64 bytes")
    check(ecdsa_verify(c, Q, (parts[0] + "." + parts[1]).encode(), sig),
          "JWT signature does not verify")
    return json.loads(b64url_decode(parts[1]))


def check_ear(path, kind, pub, opts):
    e = read_ear(path, pub)
    check(e["eat_profile"] == "tag:github.com,2023:veraison/ear", "profile")
    check(isinstance(e["iat"], int), "iat")
    if "iat" in opts:
        check(e["iat"] == int(opts["iat"]), "iat %r" % e["iat"])
    vid = e["ear.verifier-id"]
    check(sorted(vid) == ["build", "developer"] and
          vid["build"].startswith("micac "), "verifier-id %r" % vid)
    if "nonce" in opts:
        check(b64url_decode(e["eat_nonce"]) == bytes.fromhex(opts["nonce"]),
              "eat_nonce")
    else:
        check("eat_nonce" not in e, "eat_nonce without a challenge")
    sm = e["submods"]
    for name, a in sm.items():
        v = a["ear.trustworthiness-vector"]
        check(sorted(v) == CLAIMS, "%s: the eight claims" % name)
        worst = max(v.values(), key=lambda x: ["none", "affirming",
                    "warning", "contraindicated"].index(tier(x)))
        check(a["ear.status"] == tier(worst),
              "%s: status %s, vector says %s" % (name, a["ear.status"],
                                                 tier(worst)))
        if "workflow" in opts:
            check(a["ear.appraisal-policy-id"] ==
                  "policy:mica/workflow/" + opts["workflow"],
                  "%s: appraisal policy" % name)
    members = sorted(k for k in sm if k.startswith("mica.member."))
    check(sorted(sm) == ["CCA_REALM", "CCA_SSD_PLATFORM"] + members,
          "submods %r" % sorted(sm))
    if "members" in opts:
        check(members == ["mica.member." + m
                          for m in sorted(opts["members"].split(","))],
              "members %r" % members)
    plat = sm["CCA_SSD_PLATFORM"]["ear.trustworthiness-vector"]
    realm = sm["CCA_REALM"]["ear.trustworthiness-vector"]
    st = {k: a["ear.status"] for k, a in sm.items()}
    if kind == "good":
        check(all(s == "affirming" for s in st.values()), "status %r" % st)
        check(plat["instance-identity"] == 2 and plat["hardware"] == 2,
              "platform")
        check(realm["instance-identity"] == 2 and
              realm["executables"] == 2 and realm["configuration"] == 2,
              "realm %r" % realm)
        for m in members:
            v = sm[m]["ear.trustworthiness-vector"]
            check(v["executables"] == 2 and v["configuration"] == 2, m)
    elif kind == "badsig":
        check(set(plat.values()) == {99} and set(realm.values()) == {99},
              "a failed platform signature is 99 throughout")
        check(st["CCA_SSD_PLATFORM"] == "contraindicated", "status")
    elif kind == "rim":
        check(realm["executables"] == 96, "RIM mismatch: executables 96")
        check(st["CCA_REALM"] == "contraindicated", "status")
        check(plat["instance-identity"] == 2, "the platform still holds")
    elif kind == "challenge":
        check(realm["instance-identity"] == 96, "challenge: identity 96")
        check(realm["executables"] == 2, "the RIM still matches")
        check(st["CCA_REALM"] == "contraindicated", "status")
    elif kind == "member":
        bad = [m for m in members if
               sm[m]["ear.trustworthiness-vector"]["executables"] == 96]
        check(len(bad) == 1 and st[bad[0]] == "contraindicated",
              "one member matches no realm: %r" % st)
        check(bad[0] == "mica.member." + opts["bad"], "which member")
        check(realm["sourced-data"] == 96, "realm sourced-data 96")
        check(realm["executables"] == 2, "the attester still matches")
    else:
        fail("unknown kind " + kind)
    if "token" in opts:
        # The RMM's audit record (claims -77102 count, -77103 chain),
        # read from the token here, is copied into CCA_REALM as is, and
        # a non-zero count makes runtime-opaque a warning (32).
        rc = realm_claims(opts["token"])
        au = sm["CCA_REALM"].get("mica.audit")
        check(au == {"chain": rc[-77103].hex(), "count": rc[-77102]},
              "mica.audit %r, the token says count %r" % (au, rc[-77102]))
        check(realm["runtime-opaque"] == (32 if rc[-77102] else 0),
              "runtime-opaque %r for audit count %r" %
              (realm["runtime-opaque"], rc[-77102]))
    for name in sm:
        if name != "CCA_REALM":
            check("mica.audit" not in sm[name], name + ": mica.audit")
    print("ear: %s: %s" % (kind, " ".join("%s=%s" % kv
                                          for kv in sorted(st.items()))))


def realm_claims(path):
    """The realm claims of a CCA token (tag 399 or 907)."""
    top = cbor(open(path, "rb").read(), strict=False)
    m = top.v
    realm = m[44241]
    if isinstance(realm, list):
        realm = realm[1]
    sign1 = cbor(realm, strict=False)
    return cbor(sign1.v[2], strict=False)


def claim10(path):
    """The realm challenge of a CCA token."""
    print(realm_claims(path)[10].hex())


def main(a):
    if a[0] == "keygen":
        keygen(a[1], a[2], a[3])
    elif a[0] == "corim":
        check_corim(a[1])
    elif a[0] == "cose":
        check_cose(a[1], a[2], a[3])
    elif a[0] == "ear":
        pub = a[3] if len(a) > 3 and "=" not in a[3] else None
        opts = dict(x.split("=", 1) for x in a[3 + (pub is not None):])
        check_ear(a[1], a[2], pub, opts)
    elif a[0] == "claim10":
        claim10(a[1])
    else:
        fail("unknown command")


if __name__ == "__main__":
    main(sys.argv[1:])
