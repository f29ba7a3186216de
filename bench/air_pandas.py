#!/usr/bin/python3
"""air_pandas.py — the pandas peer of the air benchmark (docs/BENCHMARKS.md, "Air:
import, daily aggregation, AQI"): the daily report of every station and local day of
an hourly CSV.

    /usr/bin/python3 bench/air_pandas.py IN.csv OUT.csv

IN: station,time,so2,no2,co,o3,pm10,pm25 (time "2022-01-01T08:00", local start of the
hour; ug/m3, CO mg/m3; empty = missing). OUT: station,date,aqi,so2,no2,co,o3_1h,o3_8h,
pm10,pm25, the concentrations unrounded, empty when invalid. The rules are those of
bench/air_duckdb.mjs and jointenv's je_aq_daily (2022: HJ 633-2012, GB 3095-2012):
24-hour means valid with >= 20 hours; O3 1-hour maximum valid with >= 20 hours or above
200; 8-hour O3 windows beginning at hours 0..16, valid with >= 6 hours, MDA8 valid with
>= 14 valid windows or above 160; IAQI by HJ 633-2012 Table 1 (daily report; no O3 8-h
IAQI above 800; 500 above the top breakpoint), rounded up through 1e-9 of representation
error; AQI = the largest IAQI.

The plain pandas way: read_csv, to_datetime, one groupby for the 24-hour figures, the
O3 hours unstacked to a (station-day x 24) frame for the windows, the IAQI piecewise
with numpy. Prints seconds= (from reading to written), days= and the pandas version.
"""
import sys
import time

import numpy as np
import pandas as pd

IAQI = np.array([0, 50, 100, 150, 200, 300, 400, 500], dtype=float)
BP = {  # HJ 633-2012 Table 1
    "so2": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "no2": [0, 40, 80, 180, 280, 565, 750, 940],
    "co": [0, 2, 4, 14, 24, 36, 48, 60],
    "o3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "o3_8h": [0, 100, 160, 215, 265, 800],  # above 800: no 8-hour IAQI (note 3)
    "pm10": [0, 50, 150, 250, 350, 420, 500, 600],
    "pm25": [0, 35, 75, 115, 150, 250, 350, 500],
}
POLS = ["so2", "no2", "co", "pm10", "pm25"]


def iaqi(c, item):
    """Rounded-up IAQI of the concentrations c (NaN = not rated)."""
    bp = np.array(BP[item], dtype=float)
    c = np.asarray(c, dtype=float)
    k = np.clip(np.searchsorted(bp, c, side="left"), 1, len(bp) - 1)
    lo, hi = bp[k - 1], bp[k]
    v = (IAQI[k] - IAQI[k - 1]) * (c - lo) / (hi - lo) + IAQI[k - 1]
    v = np.ceil(v - 1e-9)
    v = np.where(c > bp[-1], np.nan if item == "o3_8h" else 500.0, v)
    return np.where(np.isnan(c) | (c < 0), np.nan, v)


def daily(path):
    df = pd.read_csv(path, dtype={"station": "category", "time": str, "so2": float,
                                  "no2": float, "co": float, "o3": float, "pm10": float,
                                  "pm25": float})
    t = pd.to_datetime(df["time"], format="%Y-%m-%dT%H:%M")
    df["day"] = t.dt.normalize()
    df["hr"] = t.dt.hour
    df = df.drop(columns="time")
    g = df.groupby(["station", "day"], observed=True, sort=True)
    n = g[POLS + ["o3"]].count()
    out = g[POLS].mean()
    for p in POLS:
        out[p] = out[p].where(n[p] >= 20)
    o3max = g["o3"].max()
    out["o3_1h"] = o3max.where((n["o3"] >= 20) | (o3max > 200))
    # O3 hours as 24 columns, then the 17 eight-hour windows beginning at 00 … 16
    o3 = df.set_index(["station", "day", "hr"])["o3"].unstack("hr").reindex(columns=range(24))
    o3 = o3.reindex(out.index)
    wins = []
    for w in range(17):
        part = o3.iloc[:, w:w + 8]
        wins.append(part.mean(axis=1).where(part.count(axis=1) >= 6))
    wins = pd.concat(wins, axis=1)
    mda8 = wins.max(axis=1)
    out["o3_8h"] = mda8.where((wins.count(axis=1) >= 14) | (mda8 > 160))
    iaqis = np.column_stack([iaqi(out[c].to_numpy(), c)
                             for c in ["so2", "no2", "co", "o3_1h", "o3_8h", "pm10", "pm25"]])
    with np.errstate(all="ignore"):
        aqi = np.fmax.reduce(iaqis, axis=1)
    out["aqi"] = pd.array(np.where(np.isnan(aqi), pd.NA, aqi), dtype="Int64")
    out = out.reset_index()
    out["date"] = out["day"].dt.strftime("%Y-%m-%d")
    return out[["station", "date", "aqi", "so2", "no2", "co", "o3_1h", "o3_8h", "pm10",
                "pm25"]]


def main():
    if len(sys.argv) != 3:
        print("usage: /usr/bin/python3 bench/air_pandas.py IN.csv OUT.csv", file=sys.stderr)
        sys.exit(2)
    t0 = time.perf_counter()
    out = daily(sys.argv[1])
    out.to_csv(sys.argv[2], index=False)
    t1 = time.perf_counter()
    print(f"impl=pandas\npandas={pd.__version__}\nnumpy={np.__version__}")
    print(f"seconds={t1 - t0:.3f}\ndays={len(out)}")


if __name__ == "__main__":
    main()
