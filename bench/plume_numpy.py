#!/usr/bin/python3
"""plume_numpy.py — the numpy peer of bench/bench_plume.c (docs/BENCHMARKS.md, "Plume").

    /usr/bin/python3 bench/plume_numpy.py DIR [--repeat R]

Reads the case bench_plume wrote into DIR (plume_sources.csv, plume_receptors.csv,
plume_met.csv, every number with 17 significant digits, so the very same doubles) and
computes the mean source-receptor transfer matrix (ug/m3 per g/s) with the formulas of
src/air/plume.c written the plain vectorised numpy way — per hour, whole
receptors x sources arrays:

  - wind at stack top by the power law u (h/10)^p, ISC3 rural exponents, at least the
    1 m/s calm threshold; hours with an anemometer wind below 1 m/s skipped (count 0);
  - Briggs plume rise as in ISC3 (buoyancy and momentum fluxes with g = 9.80616, the
    crossover temperature difference, buoyant or momentum final rise, the 2/3-law and
    momentum gradual rise; stable E/F forms with dtheta/dz 0.020 and 0.035 K/m);
  - sigma_y and sigma_z by the ISC3 fits of the Pasquill-Gifford curves (sigma_z by
    distance segment, capped at 5000 m);
  - the Gaussian plume with its ground image, and with a mixing lid the image series
    i = -4 ... 4 (well mixed once sigma_z > 1.6 L; 0 above the lid; a plume above the
    lid reflected upwards);
  - receptors upwind (x <= 0 along the wind) 0; the mean over all hours.

Only the computation is timed (best of R passes), not reading the files. It then
compares its matrix with the C one (DIR/plume_c_mean.f64): |c - p| <= 1e-9 max(|c|, |p|)
+ 1e-300 for every element (the absolute term covers subnormal tails), and exits 1
when any element disagrees. Prints key=value lines.
"""
import argparse
import sys
import time

import numpy as np

G = 9.80616
UG_PER_G = 1e6
CALM = 1.0
ANEMOMETER = 10.0
NREFL = 4
P_RURAL = np.array([0.07, 0.07, 0.10, 0.15, 0.35, 0.55])
DTHETA = np.array([0, 0, 0, 0, 0.020, 0.035])
# ISC3 vol. II Table 1-1: sigma_y = 465.11628 x tan(0.017453293 (c - d ln x)), x km
SY_C = np.array([24.1670, 18.3330, 12.5000, 8.3330, 6.2500, 4.1667])
SY_D = np.array([2.5334, 1.8096, 1.0857, 0.72382, 0.54287, 0.36191])
# ISC3 vol. II Table 1-2: sigma_z = a x^b on the first segment with x <= x_max (km)
INF = np.inf
SZ = [
    [(0.10, 122.800, 0.94470), (0.15, 158.080, 1.05420), (0.20, 170.220, 1.09320),
     (0.25, 179.520, 1.12620), (0.30, 217.410, 1.26440), (0.40, 258.890, 1.40940),
     (0.50, 346.750, 1.72830), (3.11, 453.850, 2.11660), (INF, 5000.0, 0.0)],
    [(0.20, 90.673, 0.93198), (0.40, 98.483, 0.98332), (INF, 109.300, 1.09710)],
    [(INF, 61.141, 0.91465)],
    [(0.30, 34.459, 0.86974), (1.00, 32.093, 0.81066), (3.00, 32.093, 0.64403),
     (10.00, 33.504, 0.60486), (30.00, 36.650, 0.56589), (INF, 44.053, 0.51179)],
    [(0.10, 24.260, 0.83660), (0.30, 23.331, 0.81956), (1.00, 21.628, 0.75660),
     (2.00, 21.628, 0.63077), (4.00, 22.534, 0.57154), (10.00, 24.703, 0.50527),
     (20.00, 26.970, 0.46713), (40.00, 35.420, 0.37615), (INF, 47.618, 0.29592)],
    [(0.20, 15.209, 0.81558), (0.70, 14.457, 0.78407), (1.00, 13.953, 0.68465),
     (2.00, 13.953, 0.63227), (3.00, 14.823, 0.54503), (7.00, 16.187, 0.46490),
     (15.00, 17.836, 0.41507), (30.00, 22.651, 0.32681), (60.00, 27.074, 0.27436),
     (INF, 34.219, 0.21716)],
]
SZ_XMAX = [np.array([s[0] for s in c]) for c in SZ]
SZ_A = [np.array([s[1] for s in c]) for c in SZ]
SZ_B = [np.array([s[2] for s in c]) for c in SZ]


def load(path):
    return np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")


def sigmas_pg(st, x):
    xkm = x / 1000.0
    th = 0.017453293 * (SY_C[st] - SY_D[st] * np.log(xkm))
    sy = 465.11628 * xkm * np.tan(th)
    k = np.minimum(np.searchsorted(SZ_XMAX[st], xkm, side="left"), len(SZ_XMAX[st]) - 1)
    sz = np.minimum(SZ_A[st][k] * xkm ** SZ_B[st][k], 5000.0)
    return sy, sz


def rise_params(hs, d, v, ts, ta, us, st):
    """Per-source rise function: final, x_final, coef, k, expo, use_sin (ISC3 1.1.4)."""
    n = len(hs)
    fb = np.where(ts > ta, G * v * d * d * (ts - ta) / (4.0 * ts), 0.0)
    fm = v * v * d * d * ta / (4.0 * ts)
    ok = (us > 0) & (d > 0) & (v > 0) & (ts > 0)
    final = np.zeros(n)
    xf = np.zeros(n)
    coef = np.zeros(n)
    k = np.zeros(n)
    expo = np.zeros(n)
    use_sin = np.zeros(n, dtype=bool)
    bj = 1.0 / 3.0 + us / v
    if st >= 4:  # stable
        sp = G * DTHETA[st] / ta
        rs = np.sqrt(sp)
        dtc = 0.019582 * ts * v * rs
        buoy = (ts - ta >= dtc) & (fb > 0)
        final = np.where(buoy, 2.6 * np.cbrt(fb / (us * sp)),
                         np.minimum(1.5 * np.cbrt(fm / (us * rs)), 3.0 * d * v / us))
        xf = np.where(buoy, 2.0715 * us / rs, 0.5 * np.pi * us / rs)
        coef = np.where(buoy, 1.60 * np.cbrt(fb) / us, np.cbrt(3.0 * fm / (bj * bj * us * rs)))
        k = np.where(buoy, 1.0, rs / us)
        expo = np.where(buoy, 2.0 / 3.0, 1.0 / 3.0)
        use_sin = ~buoy
    else:
        small = fb < 55.0
        dtc = np.where(small, 0.0297 * ts * np.cbrt(v) / np.cbrt(d * d),
                       0.00575 * ts * np.cbrt(v * v) / np.cbrt(d))
        with np.errstate(divide="ignore", invalid="ignore"):
            xf_b = np.where(small, 49.0 * fb ** 0.625, 119.0 * fb ** 0.4)
        buoy = (ts - ta >= dtc) & (fb > 0)
        final = np.where(buoy, np.where(small, 21.425 * fb ** 0.75 / us, 38.71 * fb ** 0.6 / us),
                         3.0 * d * v / us)
        xf = np.where(buoy | (fb > 0), xf_b, 4.0 * d * (v + 3.0 * us) * (v + 3.0 * us) / (v * us))
        coef = np.where(buoy, 1.60 * np.cbrt(fb) / us, 1.0)
        k = np.where(buoy, 1.0, 3.0 * fm / (bj * bj * us * us))
        expo = np.where(buoy, 2.0 / 3.0, 1.0 / 3.0)
    z = np.zeros(n)
    return (np.where(ok, final, z), np.where(ok, xf, z), np.where(ok, coef, z),
            np.where(ok, k, z), np.where(ok, expo, z), np.where(ok, use_sin, False))


def transfer_mean(src, rec, met):
    sx, sy0 = src["x_m"], src["y_m"]
    hs, d, v, ts = src["height_m"], src["diam_m"], src["exit_v_m_s"], src["exit_temp_k"]
    rx, ry, rz = rec["x_m"][:, None], rec["y_m"][:, None], rec["z_m"][:, None]
    dx = rx - sx[None, :]
    dy = ry - sy0[None, :]
    mean = np.zeros(dx.shape)
    for m in met:
        u = float(m["u_m_s"])
        if u < CALM:
            continue
        st = "ABCDEF".index(str(m["stability"]))
        ta = float(m["temp_k"])
        lid = float(m["mixing_height_m"])
        us = np.where(hs > 0, u * (hs / ANEMOMETER) ** P_RURAL[st], 0.0)
        us = np.maximum(us, CALM)
        final, xf, coef, k, expo, use_sin = rise_params(hs, d, v, ts, ta, us, st)
        th = float(m["dir_from_deg"]) * np.pi / 180.0
        ex, ey = -np.sin(th), -np.cos(th)
        xd = dx * ex + dy * ey
        yc = dy * ex - dx * ey
        xs = np.where(xd > 0, xd, 1.0)
        sig_y, sig_z = sigmas_pg(st, xs)
        xc = np.minimum(np.maximum(xs, 0.0), xf)
        g = np.where(use_sin, np.sin(k * xc), k * xc)
        rise = np.where(xs >= xf, final, np.minimum(coef * g ** expo, final))
        h = hs + rise
        lateral = np.exp(-0.5 * (yc / sig_y) * (yc / sig_y))
        a = -0.5 / (sig_z * sig_z)
        if not np.isfinite(lid):
            vert = np.exp(a * (rz - h) * (rz - h)) + np.exp(a * (rz + h) * (rz + h))
            c = UG_PER_G * lateral * vert / (2.0 * np.pi * us * sig_y * sig_z)
        else:
            above = h > lid
            v_up = np.exp(a * (rz - h) * (rz - h)) + np.exp(
                a * (rz + h - 2.0 * lid) * (rz + h - 2.0 * lid))
            v_in = np.zeros(dx.shape)
            for i in range(-NREFL, NREFL + 1):
                shift = 2.0 * i * lid
                d1 = rz - h + shift
                d2 = rz + h + shift
                v_in = v_in + np.exp(a * d1 * d1) + np.exp(a * d2 * d2)
            c_series = UG_PER_G * lateral * np.where(above, v_up, v_in) / (
                2.0 * np.pi * us * sig_y * sig_z)
            c_mixed = UG_PER_G * lateral / (np.sqrt(2.0 * np.pi) * us * sig_y * lid)
            c = np.where(above, np.where(rz <= lid, 0.0, c_series),
                         np.where(rz > lid, 0.0,
                                  np.where(sig_z > 1.6 * lid, c_mixed, c_series)))
        mean += np.where((xd > 0) & (us > 0), c, 0.0)
    return mean / len(met)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    src = load(f"{a.dir}/plume_sources.csv")
    rec = load(f"{a.dir}/plume_receptors.csv")
    met = np.atleast_1d(load(f"{a.dir}/plume_met.csv"))
    best = np.inf
    mean = None
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        mean = transfer_mean(src, rec, met)
        best = min(best, time.perf_counter() - t0)
    evals = len(src) * len(rec) * len(met)
    c = np.fromfile(f"{a.dir}/plume_c_mean.f64", dtype=np.float64).reshape(mean.shape)
    diff = np.abs(c - mean)
    scale = np.maximum(np.abs(c), np.abs(mean))
    bad = diff > 1e-9 * scale + 1e-300
    normal = scale > 1e-290
    rel = np.where(normal, diff / np.where(normal, scale, 1.0), 0.0)
    print(f"numpy={np.__version__}")
    print(f"evaluations={evals}")
    print(f"seconds={best:.6f}")
    print(f"evals_per_s={evals / best:.0f}")
    print(f"transfer_sum={mean.sum():.17g}")
    print(f"nonzero={int((mean > 0).sum())}")
    print(f"max_rel_diff={rel.max():.3e}")
    print(f"disagree={int(bad.sum())}")
    if bad.any():
        i = np.unravel_index(np.argmax(np.where(bad, rel, -1)), mean.shape)
        print(f"plume_numpy.py: {int(bad.sum())} of {mean.size} transfer coefficients differ "
              f"by more than 1e-9 relative; worst receptor {i[0]} source {i[1]}: "
              f"C {c[i]:.17g}, numpy {mean[i]:.17g}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
