#!/usr/bin/python3
"""bench/diversity_numpy.py — the peer of `jointenv ecology diversity`: per site S, N,
Shannon (base e), Simpson 1 - sum p^2, inverse Simpson, Pielou J' and the bias-corrected
Chao1 (vegan estimateR: S + F1 (F1 - 1) / (2 (F2 + 1))), vectorised with numpy over a
site,species,count CSV. Also generates the benchmark's input.

  diversity_numpy.py gen OUT.csv ROWS SITES SPECIES SEED
  diversity_numpy.py run IN.csv OUT.csv        (prints compute seconds on stderr)
"""
import sys
import time

import numpy as np


def gen(path, rows, sites, species, seed):
    rng = np.random.default_rng(seed)
    per = rows // sites
    # a log-series-like pool: a few common species, many rare ones
    w = 1.0 / np.arange(1, species + 1) ** 1.1
    w /= w.sum()
    with open(path, "w") as f:
        f.write("site,species,count\n")
        for s in range(sites):
            sp = rng.choice(species, size=per, replace=False, p=w)
            cnt = rng.geometric(0.35, size=per)
            f.write("".join(f"S{s:05d},sp{k:05d},{c}\n" for k, c in zip(sp, cnt)))


def run(inp, out):
    site, cnt = np.loadtxt(inp, delimiter=",", skiprows=1, usecols=(0, 2), dtype=str, unpack=True)
    t0 = time.perf_counter()
    c = cnt.astype(float)
    keys, idx = np.unique(site, return_inverse=True)
    n = np.bincount(idx, weights=c)
    s = np.bincount(idx, weights=(c > 0).astype(float))
    p = c / n[idx]
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0.0)
    shannon = -np.bincount(idx, weights=plogp)
    simpson = 1.0 - np.bincount(idx, weights=p * p)
    f1 = np.bincount(idx, weights=(c == 1).astype(float))
    f2 = np.bincount(idx, weights=(c == 2).astype(float))
    chao1 = s + f1 * (f1 - 1) / (2 * (f2 + 1))
    pielou = np.where(s > 1, shannon / np.log(np.maximum(s, 2)), np.nan)
    secs = time.perf_counter() - t0
    with open(out, "w") as f:
        f.write("site,S,N,shannon,simpson,invsimpson,pielou,chao1\n")
        for i, k in enumerate(keys):
            f.write(f"{k},{int(s[i])},{int(n[i])},{shannon[i]:.17g},{simpson[i]:.17g},"
                    f"{1 / (1 - simpson[i]):.17g},{pielou[i]:.17g},{chao1[i]:.17g}\n")
    print(f"{secs:.3f}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        run(sys.argv[2], sys.argv[3])
