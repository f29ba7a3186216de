#!/usr/bin/env python3
"""An independent re-implementation of jointenv's double-random draw, from the
specification in include/jointenv/inspect.h (not from the C code), so that either side
can check a published draw without jointenv.

    jointenv outfall list --format csv > outfalls.csv
    jointenv inspector list --format csv > inspectors.csv
    python3 scripts/inspect_draw_reference.py outfalls.csv inspectors.csv \
        --seed demo-1 --count 10 --date 2023-05-10 [--team-size 2] [--exclude-days 180] \
        [--strata river|jurisdiction] [--jurisdiction J]

Prints the canonical list and its BLAKE2b-256 (compare with `jointenv inspect show N`
and the draw's audit entry). The registry must be as it was when the draw was made
(last_inspected in particular). Needs Python 3 and the `cryptography` package (ChaCha20).
"""
import argparse
import csv
import datetime
import hashlib
import math
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms


def stream(seed32, n):
    """libsodium randombytes_buf_deterministic: ChaCha20 (IETF, 96-bit nonce
    "LibsodiumDRG", block counter 0) keystream of n bytes keyed by seed32."""
    nonce = struct.pack("<I", 0) + b"LibsodiumDRG"
    enc = Cipher(algorithms.ChaCha20(seed32, nonce), mode=None).encryptor()
    return enc.update(b"\0" * n)


def uniforms(seed32, n):
    b = stream(seed32, 8 * n) if n else b""
    return [((struct.unpack_from("<Q", b, 8 * i)[0] >> 11) + 0.5) / 2.0**53 for i in range(n)]


def sub(s, label, r=None):
    h = hashlib.blake2b(digest_size=32)
    h.update(s)
    h.update(label.encode())
    if r is not None:
        h.update(struct.pack("<Q", r))
    return h.digest()


def day_of(text):
    return (datetime.date.fromisoformat(text) - datetime.date(1970, 1, 1)).days


def draw(outfalls, inspectors, seed, count, day, team_size=2, exclude_days=180, by_river=True,
         jurisdiction=""):
    S = hashlib.blake2b(seed.encode(), digest_size=32).digest()
    el = []
    for o in outfalls:
        if o["active"] != "1" or (jurisdiction and o["jurisdiction"] != jurisdiction):
            continue
        li = o.get("last_inspected") or ""
        if exclude_days > 0 and li and day_of(li) > day - exclude_days:
            continue
        el.append(o)
    el.sort(key=lambda o: o["code"].encode())
    if len(el) < count:
        raise SystemExit(f"cannot draw {count} targets: {len(el)} eligible")

    def stratum(o):
        return f"{o['jurisdiction']}/{o['river'] or '-'}" if by_river else o["jurisdiction"]

    names = sorted({stratum(o) for o in el}, key=str.encode)
    size = {h: sum(1 for o in el if stratum(o) == h) for h in names}
    N = len(el)
    alloc = {h: count * size[h] // N for h in names}
    rem = {h: count * size[h] % N for h in names}
    for _ in range(count - sum(alloc.values())):
        best = max((h for h in names if rem[h] > 0),
                   key=lambda h: (rem[h], size[h], [-c for c in h.encode()]))
        alloc[best] += 1
        rem[best] = 0
    u = uniforms(sub(S, "targets"), len(el))
    keyed = []
    for o, x in zip(el, u):
        w = 1.0 + float(o["risk"])
        keyed.append((stratum(o), math.log(x) / w, o))
    targets = []
    for h in names:
        c = sorted((k for k in keyed if k[0] == h), key=lambda k: (-k[1], k[2]["code"].encode()))
        targets += [(h, k[2]) for k in c[:alloc[h]]]
    pool = sorted(inspectors, key=lambda x: x["code"].encode())
    sides = sorted({x["jurisdiction"] for x in pool if x["active"] == "1"}, key=str.encode)
    used = [0] * len(pool)
    keys = [uniforms(sub(S, "team", rank), len(pool)) for rank in range(1, len(targets) + 1)]
    teams = [[] for _ in targets]

    def ok(i, o, side):
        x = pool[i]
        return x["active"] == "1" and x["district"] != o["district"] and \
            (side is None or x["jurisdiction"] == side)

    def coverable(start, side):
        """Each of targets[start:] a distinct unused eligible inspector of side?"""
        match = {}

        def aug(t, seen):
            for i in range(len(pool)):
                if i in seen or used[i] or not ok(i, targets[t][1], side):
                    continue
                seen.add(i)
                if i not in match or aug(match[i], seen):
                    match[i] = t
                    return True
            return False
        return all(aug(t, set()) for t in range(start, len(targets)))

    def pick(t, side, only_unused, check_rest):
        o = targets[t][1]
        cand = [i for i in range(len(pool)) if ok(i, o, side) and i not in teams[t]
                and not (only_unused and used[i])]
        cand.sort(key=lambda i: (used[i], keys[t][i], pool[i]["code"].encode()))
        for i in cand:
            if not check_rest:
                return i
            used[i] += 1
            good = coverable(t + 1, side)
            used[i] -= 1
            if good:
                return i
        raise SystemExit(f"team rule cannot be met for {o['code']}")

    for side in sides:  # phase 1: one of each side
        exact = coverable(0, side)
        for t in range(len(targets)):
            i = pick(t, side, exact, exact)
            teams[t].append(i)
            used[i] += 1
    lines = []
    for t, (h, o) in enumerate(targets):  # phase 2: fill the teams
        while len(teams[t]) < team_size:
            i = pick(t, None, False, False)
            teams[t].append(i)
            used[i] += 1
        codes = sorted((pool[i]["code"] for i in teams[t]), key=str.encode)
        lines.append(f"{t + 1},{o['code']},{h},{';'.join(codes)}\n")
    text = "".join(lines)
    return text, hashlib.blake2b(text.encode(), digest_size=32).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outfalls")
    ap.add_argument("inspectors")
    ap.add_argument("--seed", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--date", required=True)
    ap.add_argument("--team-size", type=int, default=2)
    ap.add_argument("--exclude-days", type=int, default=180)
    ap.add_argument("--strata", choices=["river", "jurisdiction"], default="river")
    ap.add_argument("--jurisdiction", default="")
    a = ap.parse_args()
    with open(a.outfalls, encoding="utf-8") as f:
        outfalls = list(csv.DictReader(f))
    with open(a.inspectors, encoding="utf-8") as f:
        inspectors = list(csv.DictReader(f))
    text, h = draw(outfalls, inspectors, a.seed, a.count, day_of(a.date), a.team_size,
                   a.exclude_days, a.strata == "river", a.jurisdiction)
    print(text, end="")
    print(f"list hash (BLAKE2b-256): {h}")


if __name__ == "__main__":
    main()
