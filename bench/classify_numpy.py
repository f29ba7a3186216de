#!/usr/bin/python3
"""classify_numpy.py — the numpy peer of bench/bench_classify.c (docs/BENCHMARKS.md).

    /usr/bin/python3 bench/classify_numpy.py [--n N] [--seed X] [--repeat R]

Builds bit-identical samples from the same counter-based generator as bench_classify.c
(draw k of sample i = splitmix64 finalizer of seed + (32*i + k + 1) * 0x9E3779B97F4A7C15,
value = hi - u * (hi - lo)), then classifies them by GB 3838-2002 Table 1 the
straightforward numpy way: one np.searchsorted per item over the class limits (DO on
the negated minimums, pH by np.where on the 6-9 range, TP by np.where on the
waterbody), the sample class the element-wise maximum over the assessed items (all but
TN and fecal coliform). Only the classification is timed (best of R passes), as in
the C benchmark. Prints the same key=value lines, so bench/run.sh can check that
data_xor, checksum, item_checksum and hist agree.
"""
import argparse
import sys
import time

import numpy as np

U = np.uint64
GOLDEN = U(0x9E3779B97F4A7C15)

# Order as in bench_classify.c: ph, do, codmn, cod, bod5, nh3n, tp, tn, fcoli.
ITEMS = ["ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn", "fcoli"]
ASSESSED = ["ph", "do", "codmn", "cod", "bod5", "nh3n", "tp"]  # TN, fcoli: reported only
# Generation bands [lo, hi] per item and class 0..6 (index 0 unused); = band_lo/band_hi
# in bench_classify.c.
BAND_LO = [
    [0, 6.6, 6.6, 6.6, 6.6, 6.6, 9.05],
    [0, 7.5, 6.0, 5.0, 3.0, 2.0, 0.5],
    [0, 0.2, 2.0, 4.0, 6.0, 10.0, 15.0],
    [0, 1.5, 15.0, 15.0, 20.0, 30.0, 40.0],
    [0, 0.3, 3.0, 3.0, 4.0, 6.0, 10.0],
    [0, 0.015, 0.15, 0.5, 1.0, 1.5, 2.0],
    [0, 0.002, 0.02, 0.1, 0.2, 0.3, 0.4],
    [0, 0.02, 0.2, 0.5, 1.0, 1.5, 2.0],
    [0, 20.0, 200.0, 2000.0, 10000.0, 20000.0, 40000.0],
]
BAND_HI = [
    [0, 8.8, 8.8, 8.8, 8.8, 8.8, 9.65],
    [0, 11.0, 7.5, 6.0, 5.0, 3.0, 2.0],
    [0, 2.0, 4.0, 6.0, 10.0, 15.0, 30.0],
    [0, 15.0, 15.0, 20.0, 30.0, 40.0, 80.0],
    [0, 3.0, 3.0, 4.0, 6.0, 10.0, 20.0],
    [0, 0.15, 0.5, 1.0, 1.5, 2.0, 4.0],
    [0, 0.02, 0.1, 0.2, 0.3, 0.4, 0.8],
    [0, 0.2, 0.5, 1.0, 1.5, 2.0, 4.0],
    [0, 200.0, 2000.0, 10000.0, 20000.0, 40000.0, 80000.0],
]
TP_LAKE_LO = [0, 0.001, 0.01, 0.025, 0.05, 0.1, 0.2]
TP_LAKE_HI = [0, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4]
LEVEL_CUM = [0.06, 0.48, 0.80, 0.92, 0.97]

# GB 3838-2002 Table 1 limits of classes I..V (mg/L; fecal coliform count/L).
LIMITS = {
    "do": np.array([7.5, 6.0, 5.0, 3.0, 2.0]),  # minimum
    "codmn": np.array([2.0, 4.0, 6.0, 10.0, 15.0]),
    "cod": np.array([15.0, 15.0, 20.0, 30.0, 40.0]),
    "bod5": np.array([3.0, 3.0, 4.0, 6.0, 10.0]),
    "nh3n": np.array([0.15, 0.5, 1.0, 1.5, 2.0]),
    "tp": np.array([0.02, 0.1, 0.2, 0.3, 0.4]),
    "tp_lake": np.array([0.01, 0.025, 0.05, 0.1, 0.2]),
    "tn": np.array([0.2, 0.5, 1.0, 1.5, 2.0]),
    "fcoli": np.array([200.0, 2000.0, 10000.0, 20000.0, 40000.0]),
}


def mix(z):
    z = (z ^ (z >> U(30))) * U(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> U(27))) * U(0x94D049BB133111EB)
    return z ^ (z >> U(31))


def draw(seed, base, k):
    """Draw k of every sample, uniform in [0, 1); base = 32 * i as uint64."""
    z = mix(U(seed) + (base + U(k + 1)) * GOLDEN)
    return (z >> U(11)).astype(np.float64) * 2.0**-53


def generate(n, seed):
    base = np.arange(n, dtype=np.uint64) * U(32)
    lake = draw(seed, base, 0) < 0.1
    uq = draw(seed, base, 1)
    q = np.ones(n, dtype=np.int64)
    for c in LEVEL_CUM:
        q += uq >= c
    values = {}
    data_xor = U(0)
    for j, item in enumerate(ITEMS):
        ud = draw(seed, base, 2 + j)
        k = q - (ud >= 0.4) - (ud >= 0.75)
        np.maximum(k, 1, out=k)
        if item == "ph":
            k = np.where((k == 6) & (ud >= 0.1), 5, k)
        lo = np.array(BAND_LO[j])[k]
        hi = np.array(BAND_HI[j])[k]
        if item == "tp":
            lo = np.where(lake, np.array(TP_LAKE_LO)[k], lo)
            hi = np.where(lake, np.array(TP_LAKE_HI)[k], hi)
        v = hi - draw(seed, base, 11 + j) * (hi - lo)
        values[item] = v
        data_xor ^= np.bitwise_xor.reduce(v.view(np.uint64))
        if sys.stderr.isatty():
            print(f"\rgenerating samples (numpy): item {j + 1} / {len(ITEMS)}", end="",
                  file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    return values, lake, int(data_xor)


def class_le(v, limits):
    """Class 1..6 of a 'not more than' item: limits inclusive, the better class wins."""
    c = np.searchsorted(limits, v, side="left") + 1
    return np.where(np.isnan(v), 0, c)


def classify(values, lake):
    cls = {}
    v = values["ph"]
    cls["ph"] = np.select([np.isnan(v), (v >= 6.0) & (v <= 9.0)], [0, 1], 6)
    v = values["do"]  # a minimum: first class whose limit the value reaches
    c = np.searchsorted(-LIMITS["do"], -v, side="left") + 1
    cls["do"] = np.where(np.isnan(v), 0, c)
    for item in ("codmn", "cod", "bod5", "nh3n", "tn", "fcoli"):
        cls[item] = class_le(values[item], LIMITS[item])
    cls["tp"] = np.where(lake, class_le(values["tp"], LIMITS["tp_lake"]),
                         class_le(values["tp"], LIMITS["tp"]))
    sample = np.maximum.reduce([cls[i] for i in ASSESSED])
    checksum = int(sample.sum())
    item_checksum = sum(int(cls[i].sum()) for i in ITEMS)
    hist = np.bincount(sample, minlength=7)
    return checksum, item_checksum, hist


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    values, lake, data_xor = generate(a.n, a.seed)
    best = float("inf")
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        checksum, item_checksum, hist = classify(values, lake)
        best = min(best, time.perf_counter() - t0)
    print(f"impl=numpy\nn={a.n}\nseed={a.seed}\nrepeat={a.repeat}\nseconds={best:.6f}")
    print(f"samples_per_s={a.n / best:.0f}\nns_per_sample={best * 1e9 / a.n:.2f}")
    print(f"checksum={checksum}\nitem_checksum={item_checksum}")
    print("hist=" + ",".join(str(int(h)) for h in hist))
    print(f"data_xor={data_xor:016x}\nnumpy={np.__version__}")


if __name__ == "__main__":
    main()
