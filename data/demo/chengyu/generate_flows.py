#!/usr/bin/env python3
"""Generate SYNTHETIC monthly mean flows of the chengyu demo's boundary sections.

All flows written by this script are invented: an order-of-magnitude annual mean
per river (big rivers thousands of m3/s, border streams a few m3/s) times a
Sichuan-basin seasonal shape (dry Dec-Mar, wet Jun-Sep) times seeded noise. They
are NOT hydrological data. See README.md ("Section flows").

Usage (from anywhere):  /usr/bin/python3 data/demo/chengyu/generate_flows.py
Output (next to this script): section_flows.csv  (section,month,flow_m3_s)

Byte-for-byte reproducible: each value comes from a random.Random seeded with a
SHA-256 digest of (SEED, section, month), only random.random() and plain
arithmetic are used, and values are printed with a fixed format.
"""

import csv
import hashlib
import random
from pathlib import Path

SEED = 20220322
OUT_DIR = Path(__file__).resolve().parent
YEARS = (2021, 2022)

# Illustrative annual mean flow (m3/s) of each river at its boundary section.
RIVER_MEAN_M3_S = {
    "R01": 8000.0,  # Yangtze at Zhutuo
    "R02": 2100.0,  # Jialing at Lize
    "R03": 700.0,   # Qu
    "R04": 550.0,   # Fu
    "R05": 28.0,    # Qiong
    "R06": 4.0,     # Yaoshi
    "R07": 3.0,     # Longtai
    "R08": 6.0,     # Nanxi
    "R09": 9.0,     # Tongbo
    "R10": 45.0,    # Qian
    "R11": 20.0,    # Zhong
    "R12": 60.0,    # Ren
    "R13": 15.0,    # Nan
    "R14": 30.0,    # Yulin
    "R15": 12.0,    # Dahong
    "R16": 10.0,    # Longxi
    "R17": 18.0,    # Laixi
    "R18": 5.0,     # Daqingliu
    "R19": 4.5,     # Yujian
    "R20": 25.0,    # Tang
    "R21": 2.5,     # Dalu
    "R22": 3.5,     # Wolong
}

# Month factor (mean 1): dry winter, wet summer (Sichuan basin pattern, illustrative).
SEASON = [0.45, 0.40, 0.50, 0.70, 1.00, 1.45, 1.90, 1.80, 1.60, 1.10, 0.65, 0.45]


def draw(section, year, month):
    key = f"{SEED}|{section}|{year:04d}-{month:02d}".encode()
    rng = random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))
    # sum of 4 uniforms: mean 2, centred to mean 1, spread about +-20 %
    return 1.0 + (sum(rng.random() for _ in range(4)) - 2.0) * 0.2


def main():
    with open(OUT_DIR / "sections.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] == "boundary"]
    out = []
    for r in rows:
        mean = RIVER_MEAN_M3_S[r["river_code"]]
        for y in YEARS:
            for m in range(1, 13):
                q = mean * SEASON[m - 1] * draw(r["code"], y, m)
                out.append((r["code"], f"{y:04d}-{m:02d}", f"{q:.3f}"))
    with open(OUT_DIR / "section_flows.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("section", "month", "flow_m3_s"))
        w.writerows(out)
    assert len(out) == len(rows) * 12 * len(YEARS)
    print(f"section_flows.csv: {len(out)} rows, {len(rows)} boundary sections (synthetic)")


if __name__ == "__main__":
    main()
