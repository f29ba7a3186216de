#!/usr/bin/python3
"""Reference DO-sag calculator in numpy, the peer of `jointenv river dosag`.

Reads a CSV with the columns case,l0_mg_l,d0_mg_l,kd_per_d,ka_per_d,u_m_s
[,kr_per_d][,do_sat_mg_l][,x_km] and writes case,t_crit_d,x_crit_km,d_crit_mg_l,
do_min_mg_l[,d_at_x_mg_l,do_at_x_mg_l] — the same columns as the C calculator —
vectorised over all rows. The formulas are the textbook ones, written independently
of src/water/streeter_phelps.c (plain log and exp, the deficit at t_c evaluated from
the deficit equation rather than from the critical-point identity):

  D(t) = kd L0/(ka - kr) (e^-kr t - e^-ka t) + D0 e^-ka t        (Chapra 1997, Lecture 21)
  D(t) = (kd L0 t + D0) e^-ka t                                    when ka = kr
  t_c  = ln{ka/kr [1 - D0 (ka - kr)/(kd L0)]}/(ka - kr)            (Thomann & Mueller 1987 ch. 6)
  t_c  = 1/ka - D0/(kd L0)                                         when ka = kr
  t_c  = 0 when kd L0 <= ka D0 (the deficit only falls).

Usage: river_numpy.py IN.csv OUT.csv   (prints the seconds spent computing on stderr)
"""
import csv
import sys
import time

import numpy as np


def dosag(l0, d0, kd, kr, ka, u, sat, x):
    rising = kd * l0 > ka * d0
    dk = ka - kr
    same = dk == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        arg = (ka / kr) * (1.0 - d0 * dk / (kd * l0))
        tc_gen = np.log(arg) / dk
        tc_eq = 1.0 / ka - d0 / (kd * l0)
        tc = np.where(same, tc_eq, tc_gen)
        tc = np.where(rising & (tc > 0), tc, 0.0)

        def deficit(t):
            gen = kd * l0 / dk * (np.exp(-kr * t) - np.exp(-ka * t)) + d0 * np.exp(-ka * t)
            eq = (kd * l0 * t + d0) * np.exp(-ka * t)
            return np.where(same, eq, gen)

        dc = np.where(tc > 0, deficit(tc), d0)
        xc = u * 86.4 * tc
        dx = deficit(x / (u * 86.4))
    return tc, xc, dc, sat - dc, dx, sat - dx


def fmt(v):
    return "" if np.isnan(v) else "%.12g" % v


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, newline="") as f:
        cols = [c.strip() for c in f.readline().strip().split(",")]
    try:
        # fast path: a file without empty cells (the benchmark's)
        idx = [i for i, c in enumerate(cols) if c != "case"]
        data = np.loadtxt(src, delimiter=",", skiprows=1, usecols=idx, ndmin=2)
        num = {cols[i]: data[:, k] for k, i in enumerate(idx)}
        ci = cols.index("case")
        with open(src, newline="") as f:
            next(f)
            cases = [line.rstrip("\r\n").split(",")[ci] for line in f]
    except ValueError:
        with open(src, newline="") as f:
            rows = list(csv.DictReader(f))
        cases = [r["case"] for r in rows]
        num = {c: np.array([float(r[c]) if r[c] != "" else np.nan for r in rows])
               for c in cols if c != "case"}

    def col(name, default=np.nan):
        if name not in num:
            return np.full(len(cases), default)
        return num[name]

    l0, d0, kd, ka, u = (col(c) for c in ("l0_mg_l", "d0_mg_l", "kd_per_d", "ka_per_d", "u_m_s"))
    kr = col("kr_per_d")
    kr = np.where(np.isnan(kr), kd, kr)
    sat, x = col("do_sat_mg_l"), col("x_km")
    t0 = time.perf_counter()
    out = dosag(l0, d0, kd, kr, ka, u, sat, x)
    dt = time.perf_counter() - t0
    with_x = "x_km" in cols
    names = ["case", "t_crit_d", "x_crit_km", "d_crit_mg_l", "do_min_mg_l"]
    if with_x:
        names += ["d_at_x_mg_l", "do_at_x_mg_l"]
    with open(dst, "w", newline="") as f:
        f.write(",".join(names) + "\n")
        for i, case in enumerate(cases):
            vals = [fmt(a[i]) for a in out[: 6 if with_x else 4]]
            f.write(",".join([case] + vals) + "\n")
    print("%.6f" % dt, file=sys.stderr)


if __name__ == "__main__":
    main()
