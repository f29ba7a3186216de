#!/usr/bin/env python3
"""Generate the SYNTHETIC Sichuan-Chongqing (chengyu) cement demo data set.

Every clinker line, plant name, stack, emission rate, grade and exemption written
by this script is INVENTED; so are the meteorology and the clinker demand.  The
places the plants cluster around are real cement areas; the plant names are not
real companies.  The receptor populations are approximate 2020 census figures
(rounded to 10 000).  See README.md, section "Cement staggered production
(generate_cement.py)".

Usage (from the repository root, or from anywhere):

    /usr/bin/python3 data/demo/chengyu/generate_cement.py

Outputs (next to this script):

    plants.csv  receptors.csv  met_2022-winter.csv  clinker_demand.csv

The output is byte-for-byte reproducible under the rules of generate_air.py:
every random draw comes from a random.Random seeded with a SHA-256 digest of
(SEED, keys...), only random.random() is used, noise is built with plain
arithmetic (no libm transcendental functions; diurnal and seasonal shapes are
fixed tables), and numbers are formatted with fixed rules.  Only the Python 3
standard library is used.
"""

import csv
import datetime
import hashlib
import random
import sys
from pathlib import Path

SEED = 20221101  # first day of the winter season; change it and the data change
OUT_DIR = Path(__file__).resolve().parent

SC = "510000"  # 四川省 Sichuan Province (GB/T 2260)
CQ = "500000"  # 重庆市 Chongqing Municipality (GB/T 2260)

# GB 4915-2013 Table 1 / Table 2 kiln limits and the 2024 ultra-low levels, mg/Nm3
# (PM, SO2, NOx), and the flue-gas volume, Nm3/t clinker: the same numbers as
# src/industry/std_gb4915.c (measured rates are drawn below these).
LIMITS = {"general": (30.0, 200.0, 400.0), "special": (20.0, 100.0, 320.0),
          "ultra-low": (10.0, 35.0, 50.0)}
FLUE_NM3_T = 2300.0
REGIME_OF_GRADE = {"A": "ultra-low", "B": "special", "C": "general", "D": "general"}
MEASURED_SHARE = 0.40  # lines with measured rates; the others are derived from limits
# measured rate = limit-derived rate x uniform(lo, hi), by grade
MEASURED_FACTOR = {"A": (0.50, 0.95), "B": (0.55, 0.95), "C": (0.60, 0.95), "D": (0.85, 1.00)}

# ---------------------------------------------------------------- clusters --
# key, jurisdiction, place zh, place en, lon, lat, spread (deg), market region, lines
# Centres are approximate (hand-placed in the hilly limestone country near the
# named place, WGS-84).
CLUSTERS = [
    ("SC-GA", SC, "广安", "Guang'an", 106.78, 30.40, 0.15, "SC-NE", 10),
    ("SC-DZ", SC, "达州", "Dazhou", 107.45, 31.15, 0.18, "SC-NE", 10),
    ("SC-GY", SC, "广元", "Guangyuan", 105.85, 32.40, 0.15, "SC-N", 7),
    ("SC-MY", SC, "江油", "Jiangyou", 104.75, 31.70, 0.15, "SC-N", 9),
    ("SC-DP", SC, "彭州", "Pengzhou", 103.80, 31.05, 0.12, "SC-W", 8),
    ("SC-MS", SC, "眉山", "Meishan", 103.75, 29.95, 0.15, "SC-W", 7),
    ("SC-LS", SC, "乐山", "Leshan", 103.60, 29.50, 0.15, "SC-S", 13),
    ("SC-YB", SC, "宜宾", "Yibin", 104.65, 28.65, 0.18, "SC-S", 10),
    ("CQ-WZ", CQ, "万州", "Wanzhou", 108.38, 30.80, 0.15, "CQ-NE", 8),
    ("CQ-ZHX", CQ, "忠县", "Zhongxian", 108.03, 30.30, 0.10, "CQ-NE", 6),
    ("CQ-FL", CQ, "涪陵", "Fuling", 107.40, 29.70, 0.12, "CQ-C", 8),
    ("CQ-CS", CQ, "长寿", "Changshou", 107.08, 29.85, 0.08, "CQ-C", 5),
    ("CQ-HC", CQ, "合川", "Hechuan", 106.28, 30.00, 0.10, "CQ-W", 6),
    ("CQ-YC", CQ, "永川", "Yongchuan", 105.92, 29.35, 0.10, "CQ-W", 5),
    ("CQ-QJ", CQ, "綦江", "Qijiang", 106.65, 29.00, 0.12, "CQ-W", 8),
]

# Typical line sizes (t clinker/day) and how often each is drawn.
SIZES = [(2500, 0.22), (4500, 0.20), (5000, 0.30), (6000, 0.12), (6700, 0.08), (10000, 0.08)]
LINES_PER_PLANT = [(1, 0.45), (2, 0.40), (3, 0.15)]
GRADES = [("A", 0.10), ("B", 0.45), ("C", 0.35), ("D", 0.10)]

# Exemptions and duties (line codes; the lines exist because the counts are fixed).
COPROCESSING = ["SC-DP-L02", "SC-MY-L03", "SC-MS-L01", "SC-YB-L04", "CQ-CS-L02", "CQ-HC-L01",
                "CQ-FL-L05", "CQ-YC-L03"]
SPECIAL_CEMENT = {"SC-GY-L04": 100, "CQ-QJ-L06": 100, "SC-LS-L07": 60, "SC-DZ-L03": 50,
                  "SC-GA-L05": 20, "SC-YB-L02": 15, "CQ-WZ-L02": 25, "CQ-ZHX-L04": 10}
CARBIDE_SLAG = ["SC-YB-L08", "CQ-CS-L04"]
HEATING_DUTY = ["SC-GY-L01", "SC-GY-L02"]

# Invented brand syllables (pinyin beside).  Pairs that are, or look like, real
# cement brands are skipped.
BRAND_1 = [("磐", "Pan"), ("岩", "Yan"), ("峰", "Feng"), ("岭", "Ling"), ("砺", "Li"),
           ("垣", "Yuan"), ("崇", "Chong"), ("瑞", "Rui"), ("盛", "Sheng"), ("恒", "Heng"),
           ("坚", "Jian"), ("峻", "Jun"), ("磊", "Lei"), ("砥", "Di"), ("础", "Chu"), ("嵘", "Rong")]
BRAND_2 = [("川", "chuan"), ("石", "shi"), ("安", "an"), ("丰", "feng"), ("源", "yuan"),
           ("泰", "tai"), ("宇", "yu"), ("澄", "cheng")]
REAL_BRANDS = {"嘉华", "华新", "海螺", "金顶", "峨胜", "利森", "红狮", "冀东", "富皇", "天山", "华润",
               "尧柏", "亚东", "台泥", "拉豪", "瑞安", "恒安", "盛安", "瑞丰", "恒丰", "恒源",
               "恒泰", "瑞泰", "盛丰", "盛源", "盛泰"}

# --------------------------------------------------------------- receptors --
# code (GB/T 2260), zh, en, jurisdiction, lon, lat, population (2020 census,
# approximate, rounded to 10 000).  A prefecture listed beside some of its
# county-level units stands for the rest of it ("excl. ...").
RECEPTORS = [
    ("510100", "成都", "Chengdu (excl. Dujiangyan, Pengzhou)", SC, 104.066, 30.657, 19450000),
    ("510181", "都江堰", "Dujiangyan", SC, 103.647, 30.988, 710000),
    ("510182", "彭州", "Pengzhou", SC, 103.958, 30.990, 780000),
    ("510500", "泸州", "Luzhou", SC, 105.443, 28.889, 4250000),
    ("510700", "绵阳", "Mianyang (excl. Jiangyou)", SC, 104.679, 31.468, 4080000),
    ("510781", "江油", "Jiangyou", SC, 104.745, 31.778, 790000),
    ("510800", "广元", "Guangyuan", SC, 105.843, 32.435, 2310000),
    ("510900", "遂宁", "Suining", SC, 105.593, 30.533, 2810000),
    ("511000", "内江", "Neijiang", SC, 105.058, 29.580, 3140000),
    ("511100", "乐山", "Leshan (excl. Emeishan)", SC, 103.766, 29.552, 2740000),
    ("511181", "峨眉山", "Emeishan", SC, 103.484, 29.601, 420000),
    ("511400", "眉山", "Meishan", SC, 103.848, 30.075, 2960000),
    ("511500", "宜宾", "Yibin", SC, 104.643, 28.752, 4590000),
    ("511600", "广安", "Guang'an (excl. Linshui, Huaying)", SC, 106.633, 30.456, 2230000),
    ("511623", "邻水", "Linshui", SC, 106.930, 30.334, 770000),
    ("511681", "华蓥", "Huaying", SC, 106.783, 30.390, 250000),
    ("511700", "达州", "Dazhou", SC, 107.468, 31.209, 5390000),
    ("512000", "资阳", "Ziyang", SC, 104.628, 30.129, 2310000),
    ("500100", "重庆中心城区", "Chongqing central urban area", CQ, 106.551, 29.563, 10350000),
    ("500101", "万州", "Wanzhou", CQ, 108.409, 30.808, 1570000),
    ("500102", "涪陵", "Fuling", CQ, 107.390, 29.703, 1120000),
    ("500110", "綦江", "Qijiang", CQ, 106.651, 29.028, 1010000),
    ("500111", "大足", "Dazu", CQ, 105.722, 29.707, 830000),
    ("500115", "长寿", "Changshou", CQ, 107.081, 29.857, 690000),
    ("500117", "合川", "Hechuan", CQ, 106.276, 29.972, 1250000),
    ("500118", "永川", "Yongchuan", CQ, 105.927, 29.356, 1150000),
    ("500151", "铜梁", "Tongliang", CQ, 106.056, 29.845, 690000),
    ("500152", "潼南", "Tongnan", CQ, 105.840, 30.191, 690000),
    ("500153", "荣昌", "Rongchang", CQ, 105.594, 29.405, 670000),
    ("500233", "忠县", "Zhongxian", CQ, 108.038, 30.300, 720000),
]
AIR_CITIES = ["510100", "511600", "511700", "510900", "512000", "511000", "510500",
              "500100", "500117", "500151", "500111", "500153", "500118", "500152"]

# ------------------------------------------------------------- meteorology --
MET_POINT = (105.60, 30.00)  # representative point, basin centre (between Suining and Dazu)
MET_FIRST = datetime.date(2022, 11, 1)
MET_LAST = datetime.date(2023, 3, 31)
MET_OFFSET = "+08:00"
# Monthly mean temperature (°C), anchored on the 15th, linear in between.
TEMP_ANCHORS = [(datetime.date(2022, 10, 15), 18.5), (datetime.date(2022, 11, 15), 14.5),
                (datetime.date(2022, 12, 15), 9.0), (datetime.date(2023, 1, 15), 7.0),
                (datetime.date(2023, 2, 15), 9.5), (datetime.date(2023, 3, 15), 14.0),
                (datetime.date(2023, 4, 15), 18.5)]
# Diurnal shapes, local hour 0..23 (hour-beginning).
TEMP_DIURNAL = [-0.55, -0.65, -0.75, -0.85, -0.92, -0.98, -1.00, -0.95, -0.75, -0.40, 0.00, 0.40,
                0.72, 0.92, 1.00, 0.95, 0.80, 0.55, 0.30, 0.10, -0.08, -0.22, -0.35, -0.45]
WIND_DIURNAL = [0.80, 0.78, 0.76, 0.75, 0.75, 0.76, 0.78, 0.82, 0.90, 1.00, 1.12, 1.25,
                1.36, 1.45, 1.50, 1.48, 1.38, 1.22, 1.06, 0.95, 0.88, 0.85, 0.83, 0.81]
MIX_DAY = [0, 0, 0, 0, 0, 0, 0, 0, 260, 340, 440, 540,
           630, 700, 740, 730, 640, 480, 0, 0, 0, 0, 0, 0]  # m, unstable/neutral daytime shape
# Turner's insolation class by month and local hour (1 weak, 2 slight, 3 moderate,
# 4 strong; 0 night), tabulated by hand for 30 °N, 105.6 °E, Beijing time.
INSOLATION = {
    11: {8: 1, 9: 2, 10: 2, 11: 3, 12: 3, 13: 3, 14: 3, 15: 2, 16: 2, 17: 1},
    12: {9: 1, 10: 2, 11: 2, 12: 3, 13: 3, 14: 2, 15: 2, 16: 1, 17: 1},
    1: {9: 1, 10: 2, 11: 2, 12: 3, 13: 3, 14: 3, 15: 2, 16: 2, 17: 1},
    2: {8: 1, 9: 2, 10: 2, 11: 3, 12: 3, 13: 3, 14: 3, 15: 3, 16: 2, 17: 1},
    3: {8: 1, 9: 2, 10: 3, 11: 3, 12: 3, 13: 4, 14: 3, 15: 3, 16: 2, 17: 2, 18: 1},
}
# Turner's stability table: rows by wind speed (m/s upper bounds of the knot
# classes 0-1, 2-3, 4-5, 6, 7, 8-9, 10, 11, >=12), columns NRI 4, 3, 2, 1, 0, -1, -2.
TURNER_U = [0.8, 1.8, 2.8, 3.3, 3.9, 4.9, 5.4, 5.9, 1e9]
# (G, extremely stable, is reported as F.)
TURNER = ["AABCDFF", "ABBCDFF", "ABCDDEF", "BBCDDEF", "BBCDDDE", "BCCDDDE", "CCDDDDE",
          "CCDDDDD", "CDDDDDD"]
# Stagnant spell matching the air demo's December episode: weaker wind, lower mixing.
STAGNANT = (datetime.date(2022, 12, 15), datetime.date(2022, 12, 25), 0.60, 0.65)
CALM_M_S = 0.5  # below this an hour is a calm

# ------------------------------------------------------------------ demand --
DEMAND_MONTHS = ["2022-11", "2022-12", "2023-01", "2023-02", "2023-03"]
# Share of the region's capacity demanded per day, by month (Spring Festival
# 2023-01-22: January and February lowest).
DEMAND_SHARE = [0.52, 0.55, 0.40, 0.36, 0.44]


# ------------------------------------------------------------------ helpers --
def rng_for(*keys):
    """A Random seeded from SHA-256 of the keys: stable across runs/platforms."""
    text = ":".join(str(k) for k in (SEED,) + keys)
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def unif(r, a, b):
    return a + (b - a) * r.random()


def gauss4(r):
    """Approximately N(0,1): 4 uniforms, rescaled (var 4/12 -> 1)."""
    return (r.random() + r.random() + r.random() + r.random() - 2.0) * 1.7320508075688772


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def pick(r, table):
    """A value of [(value, weight), ...] (weights sum to 1)."""
    x = r.random()
    for value, w in table:
        if x < w:
            return value
        x -= w
    return table[-1][0]


def fmt(x, digits):
    """Fixed-point text; -0.0 written as 0."""
    t = f"{x:.{digits}f}"
    return t[1:] if t.startswith("-") and float(t) == 0.0 else t


def ar1(keys, phi, n):
    """Unit-variance AR(1) series of length n; innovation i from rng_for(*keys, i)."""
    s = (1.0 - phi * phi) ** 0.5
    out, x = [], 0.0
    for i in range(-10, n):
        x = phi * x + s * gauss4(rng_for(*keys, i))
        if i >= 0:
            out.append(x)
    return out


# ----------------------------------------------------------------- plants --
def brands():
    r = rng_for("brands")
    pairs = [(a + b, ae + be) for a, ae in BRAND_1 for b, be in BRAND_2 if a + b not in REAL_BRANDS]
    for i in range(len(pairs) - 1, 0, -1):  # Fisher-Yates with random.random() only
        j = int(r.random() * (i + 1))
        pairs[i], pairs[j] = pairs[j], pairs[i]
    return pairs


def derived(regime, cap):
    return [lim * FLUE_NM3_T * cap / 86400.0 / 1000.0 for lim in LIMITS[regime]]


def stack_for(r, cap):
    """Stack height, diameter, exit temperature and velocity consistent with the
    flue-gas volume: actual m3/s = Nm3/s x T/273.15 x 1.1 (moisture)."""
    f = (cap - 2500.0) / 7500.0
    height = round(clamp(82.0 + 32.0 * f + 4.0 * gauss4(r), 80.0, 120.0))
    diam = round(clamp(3.0 + 2.0 * f + 0.2 * gauss4(r), 3.0, 5.0), 1)
    temp = round(unif(r, 380.0, 450.0))
    q_act = cap * FLUE_NM3_T / 86400.0 * temp / 273.15 * 1.1
    v = clamp(4.0 * q_act / (3.141592653589793 * diam * diam), 10.0, 20.0)
    return height, diam, round(v, 1), temp


def make_plants():
    rows = []
    names = brands()
    nb = 0
    for key, jur, pzh, pen, lon0, lat0, spread, region, n in CLUSTERS:
        line = 0
        while line < n:
            r = rng_for("plant", key, line)
            k = min(pick(r, LINES_PER_PLANT), n - line)
            bzh, ben = names[nb]
            nb += 1
            plant_zh = f"{pzh}{bzh}水泥有限公司"
            lon = lon0 + unif(r, -spread, spread)
            lat = lat0 + unif(r, -spread, spread)
            for j in range(k):
                line += 1
                code = f"{key}-L{line:02d}"
                rl = rng_for("line", code)
                cap = pick(rl, SIZES)
                h, d, v, t = stack_for(rl, cap)
                grade = pick(rl, GRADES)
                regime = REGIME_OF_GRADE[grade]
                measured = rl.random() < MEASURED_SHARE
                if measured:
                    lo, hi = MEASURED_FACTOR[grade]
                    q = [fmt(x * unif(rl, lo, hi), 3) for x in derived(regime, cap)]
                    limits = ""
                else:
                    q = ["", "", ""]
                    limits = regime
                rows.append({
                    "code": code, "plant": plant_zh,
                    "name_zh": f"{pzh}{bzh}水泥{j + 1}号熟料线",
                    "name_en": f"{pen} {ben} Cement clinker line {j + 1}",
                    "jurisdiction": jur,
                    "lon": fmt(lon + 0.004 * j, 4), "lat": fmt(lat + 0.002 * j, 4),
                    "region": region, "capacity_t_d": str(cap),
                    "stack_height_m": str(h), "stack_diam_m": fmt(d, 1),
                    "exit_v_m_s": fmt(v, 1), "exit_temp_k": str(t), "grade": grade,
                    "coprocessing": "1" if code in COPROCESSING else "0",
                    "special_cement_pct": str(SPECIAL_CEMENT.get(code, 0)),
                    "carbide_slag": "1" if code in CARBIDE_SLAG else "0",
                    "heating_duty": "1" if code in HEATING_DUTY else "0",
                    "pm_g_s": q[0], "so2_g_s": q[1], "nox_g_s": q[2], "limits": limits,
                })
    return rows


PLANT_COLS = ["code", "plant", "name_zh", "name_en", "jurisdiction", "lon", "lat", "region",
              "capacity_t_d", "stack_height_m", "stack_diam_m", "exit_v_m_s", "exit_temp_k",
              "grade", "coprocessing", "special_cement_pct", "carbide_slag", "heating_duty",
              "pm_g_s", "so2_g_s", "nox_g_s", "limits"]


# ------------------------------------------------------------- meteorology --
def temp_mean(date):
    for (d0, t0), (d1, t1) in zip(TEMP_ANCHORS, TEMP_ANCHORS[1:]):
        if d0 <= date <= d1:
            return t0 + (t1 - t0) * (date - d0).days / (d1 - d0).days
    raise ValueError(date)


def turner(u, insol, cloud, day):
    """Pasquill-Gifford class by Turner's net radiation index (simplified ceiling rule:
    cloud >= 8 tenths counts as a low ceiling)."""
    if day:
        nri = insol - (2 if cloud >= 8 else 1 if cloud >= 6 else 0)
        nri = 0 if cloud == 10 else max(nri, 1)
    else:
        nri = 0 if cloud == 10 else -1 if cloud >= 5 else -2
    row = next(i for i, lim in enumerate(TURNER_U) if u < lim)
    return TURNER[row][4 - nri]


def make_met():
    ndays = (MET_LAST - MET_FIRST).days + 1
    wind_ar = ar1(("met", "wind"), 0.6, ndays)
    cloud_ar = ar1(("met", "cloud"), 0.7, ndays)
    temp_ar = ar1(("met", "temp"), 0.8, ndays)
    rows = []
    for d in range(ndays):
        date = MET_FIRST + datetime.timedelta(days=d)
        rd = rng_for("met", "day", d)
        stagnant = STAGNANT[0] <= date <= STAGNANT[1]
        wind_day = clamp(1.05 + 0.40 * wind_ar[d], 0.4, 2.2) * (STAGNANT[2] if stagnant else 1.0)
        cloud_day = clamp(7.8 + 2.0 * cloud_ar[d], 1.0, 10.0)
        dir_day = unif(rd, 10.0, 70.0) if rd.random() < 0.70 else unif(rd, 0.0, 360.0)
        tmean = temp_mean(date) + 2.0 * temp_ar[d]
        for h in range(24):
            r = rng_for("met", "hour", d, h)
            cloud = int(clamp(cloud_day + 1.0 * gauss4(r), 0.0, 10.0) + 0.5)
            amp = 2.0 if cloud >= 9 else 3.0 if cloud >= 6 else 4.5
            temp_k = 273.15 + tmean + amp * TEMP_DIURNAL[h] + 0.3 * gauss4(r)
            u = clamp(wind_day * WIND_DIURNAL[h] * (1.0 + 0.30 * gauss4(r)), 0.0, 3.0)
            u = int(u * 10.0 + 0.5) / 10.0
            direction = int(dir_day + 25.0 * gauss4(r) + 720.0 + 0.5) % 360
            insol = INSOLATION[date.month].get(h, 0)
            stab = turner(u, insol, cloud, insol > 0)
            if insol > 0 and MIX_DAY[h] > 0:
                mix = MIX_DAY[h] * {"A": 1.1, "B": 1.0, "C": 0.9}.get(stab, 0.75)
            else:
                mix = {"D": 340.0, "E": 260.0}.get(stab, 210.0)
            mix *= (1.0 + 0.12 * gauss4(r)) * (STAGNANT[3] if stagnant else 1.0)
            mix = clamp(mix, 200.0, 800.0)
            rows.append([f"{date.isoformat()}T{h:02d}:00{MET_OFFSET}", fmt(u, 1), str(direction),
                         fmt(temp_k, 1), str(int(mix / 10.0 + 0.5) * 10), stab, str(cloud)])
    return rows


# ------------------------------------------------------------------ demand --
def make_demand(plants):
    cap = {}
    for p in plants:
        cap[p["region"]] = cap.get(p["region"], 0) + int(p["capacity_t_d"])
    rows = []
    for region in sorted(cap):
        for m, month in enumerate(DEMAND_MONTHS):
            r = rng_for("demand", region, month)
            v = cap[region] * DEMAND_SHARE[m] * (1.0 + 0.03 * gauss4(r))
            rows.append([region, month, str(int(v / 10.0 + 0.5) * 10)])
    return rows, cap


# ------------------------------------------------------------------ checks --
def check(plants, met, demand, cap):
    problems = []
    if len(plants) != 120:
        problems.append(f"{len(plants)} lines, expected 120")
    if len({p["code"] for p in plants}) != len(plants):
        problems.append("duplicate line codes")
    for p in plants:
        h, d = float(p["stack_height_m"]), float(p["stack_diam_m"])
        v, t = float(p["exit_v_m_s"]), float(p["exit_temp_k"])
        if not (80 <= h <= 120 and 3 <= d <= 5 and 10 <= v <= 20 and 380 <= t <= 450):
            problems.append(f"{p['code']}: stack out of the designed ranges")
        if (p["limits"] == "") == (p["pm_g_s"] == ""):
            problems.append(f"{p['code']}: rates neither measured nor derived")
        if max(len(p[k].encode()) for k in ("plant", "name_zh")) > 95:
            problems.append(f"{p['code']}: name too long")
    codes = {p["code"] for p in plants}
    for c in COPROCESSING + CARBIDE_SLAG + HEATING_DUTY + list(SPECIAL_CEMENT):
        if c not in codes:
            problems.append(f"exemption for unknown line {c}")
    if len(met) != 151 * 24:
        problems.append(f"{len(met)} met hours, expected {151 * 24}")
    for row in met:
        u, mix = float(row[1]), float(row[4])
        if not (0.0 <= u <= 3.0 and 200 <= mix <= 800 and row[5] in "ABCDEF"):
            problems.append(f"met {row[0]} out of range")
    calm = sum(1 for row in met if float(row[1]) < CALM_M_S) / len(met)
    if not 0.05 <= calm <= 0.30:
        problems.append(f"calm share {calm:.3f} outside 0.05-0.30")
    share = sum(int(x[2]) for x in demand) / sum(cap[x[0]] for x in demand)
    if not 0.40 <= share <= 0.60:  # Q1 quota stops half the days: demand must fit
        problems.append(f"demand share {share:.3f} outside 0.40-0.60")
    air = set(AIR_CITIES)
    if not air <= {x[0] for x in RECEPTORS}:
        problems.append("an air-demo city has no receptor")
    return problems, calm, share


def write_csv(name, header, rows):
    with open(OUT_DIR / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    plants = make_plants()
    met = make_met()
    demand, cap = make_demand(plants)
    problems, calm, share = check(plants, met, demand, cap)
    write_csv("plants.csv", PLANT_COLS, [[p[k] for k in PLANT_COLS] for p in plants])
    write_csv("receptors.csv", ["code", "name_zh", "name_en", "jurisdiction", "lon", "lat",
                                "population"],
              [[c, zh, en, j, fmt(lo, 3), fmt(la, 3), str(pop)]
               for c, zh, en, j, lo, la, pop in RECEPTORS])
    write_csv("met_2022-winter.csv", ["time", "u_m_s", "dir_from_deg", "temp_k",
                                      "mixing_height_m", "stability", "cloud_tenths"], met)
    write_csv("clinker_demand.csv", ["region", "month", "demand_t_d"], demand)
    for jur, name in ((SC, "Sichuan"), (CQ, "Chongqing")):
        mine = [p for p in plants if p["jurisdiction"] == jur]
        print(f"{name}: {len(mine)} lines, {sum(int(p['capacity_t_d']) for p in mine)} t/d")
    print(f"calm hours {calm:.3f}, demand/capacity {share:.3f}")
    if problems:
        for p in problems:
            print("CHECK FAILED:", p, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
