#!/usr/bin/env python3
"""Generate the SYNTHETIC Sichuan-Chongqing (chengyu) air-quality demo data set.

All measurements and forecasts written by this script are invented.  City,
district and station names are real or real-sounding; coordinates are
approximate and hand-placed; station codes and kinds are made up.  See
README.md, section "Air quality (generate_air.py)".

Usage (from the repository root, or from anywhere):

    /usr/bin/python3 data/demo/chengyu/generate_air.py

Outputs (next to this script):

    air_stations.csv  air_hourly_2022.csv  air_forecast_2022-12.csv
    air_expected_story.json

The output is byte-for-byte reproducible: every random draw comes from a
random.Random seeded with a SHA-256 digest of (SEED, keys...), only
random.random() is used, noise is built with plain arithmetic (no libm
transcendental functions; diurnal and seasonal shapes are fixed tables), and
numbers are formatted with fixed rules.  Only the Python 3 standard library
is used.
"""

import csv
import datetime
import hashlib
import json
import random
import sys
from pathlib import Path

SEED = 20221218  # fixed seed (peak of the designed December episode); change it and the data change
OUT_DIR = Path(__file__).resolve().parent
YEAR = 2022
NDAYS = 365
DAY0 = datetime.date(YEAR, 1, 1)

SC = "510000"  # 四川省 Sichuan Province (GB/T 2260)
CQ = "500000"  # 重庆市 Chongqing Municipality (GB/T 2260)

# ------------------------------------------------------------------- cities --
# key -> (city code, zh, en, jurisdiction, pm_scale, o3_scale, o3_peak_cap)
# pm_scale multiplies the seasonal PM2.5 baseline (Chengdu = 1.00).
# o3_scale multiplies the seasonal O3 afternoon peak; o3_peak_cap (µg/m³) caps
# the afternoon peak (0 = no cap), which keeps the eastern cities below an
# 8-h O3 of 160 µg/m³.
CITIES = {
    "SC-CD": ("510100", "成都", "Chengdu", SC, 1.00, 1.00, 0),
    "SC-GA": ("511600", "广安", "Guang'an", SC, 0.78, 0.86, 148),
    "SC-DZ": ("511700", "达州", "Dazhou", SC, 0.86, 0.84, 148),
    "SC-SN": ("510900", "遂宁", "Suining", SC, 0.84, 0.95, 0),
    "SC-ZY": ("512000", "资阳", "Ziyang", SC, 0.86, 0.97, 0),
    "SC-NJ": ("511000", "内江", "Neijiang", SC, 0.92, 0.95, 0),
    "SC-LZ": ("510500", "泸州", "Luzhou", SC, 0.94, 0.96, 0),
    "CQ-ZX": ("500100", "重庆中心城区", "Chongqing central urban area", CQ, 0.92, 0.96, 0),
    "CQ-HC": ("500117", "合川", "Hechuan", CQ, 0.84, 0.90, 0),
    "CQ-TL": ("500151", "铜梁", "Tongliang", CQ, 0.82, 0.88, 0),
    "CQ-DZ": ("500111", "大足", "Dazu", CQ, 0.80, 0.88, 0),
    "CQ-RC": ("500153", "荣昌", "Rongchang", CQ, 0.86, 0.90, 0),
    "CQ-YC": ("500118", "永川", "Yongchuan", CQ, 0.88, 0.92, 0),
    "CQ-TN": ("500152", "潼南", "Tongnan", CQ, 0.78, 0.82, 148),
}
CITY_ORDER = list(CITIES)  # file order (a list, never dict iteration order of a set)

N, P, BG = "national", "provincial", "background"

# code, name_zh, name_en, district, lon, lat, kind
# Coordinates are approximate (hand-placed near the named place, WGS-84).
STATIONS = [
    ("SC-CD-01", "金泉两河", "Jinquan Lianghe", "金牛区", 104.02180, 30.70930, N),
    ("SC-CD-02", "十里店", "Shilidian", "成华区", 104.11430, 30.69520, N),
    ("SC-CD-03", "三瓦窑", "Sanwayao", "武侯区", 104.07640, 30.57380, N),
    ("SC-CD-04", "沙河铺", "Shahepu", "锦江区", 104.10360, 30.63150, N),
    ("SC-CD-05", "梁家巷", "Liangjiaxiang", "金牛区", 104.08170, 30.68960, N),
    ("SC-CD-06", "草堂寺", "Caotangsi", "青羊区", 104.03280, 30.66210, N),
    ("SC-CD-07", "人民公园", "Renmin Park", "青羊区", 104.05790, 30.65890, N),
    ("SC-CD-08", "灵岩寺", "Lingyansi", "都江堰市", 103.62640, 31.01560, BG),
    ("SC-GA-01", "城南", "Chengnan", "广安区", 106.63820, 30.44250, N),
    ("SC-GA-02", "枣山", "Zaoshan", "广安区", 106.60310, 30.48730, P),
    ("SC-DZ-01", "凤凰山", "Fenghuangshan", "通川区", 107.49160, 31.22340, N),
    ("SC-DZ-02", "西外", "Xiwai", "通川区", 107.45580, 31.21260, N),
    ("SC-SN-01", "西山", "Xishan", "船山区", 105.56830, 30.52190, N),
    ("SC-SN-02", "河东", "Hedong", "船山区", 105.60640, 30.50870, N),
    ("SC-ZY-01", "狮子山", "Shizishan", "雁江区", 104.64750, 30.13450, N),
    ("SC-ZY-02", "资溪", "Zixi", "雁江区", 104.62270, 30.11620, P),
    ("SC-NJ-01", "乐贤", "Lexian", "市中区", 105.05340, 29.58160, N),
    ("SC-NJ-02", "东兴", "Dongxing", "东兴区", 105.08270, 29.59740, N),
    ("SC-LZ-01", "小市", "Xiaoshi", "龙马潭区", 105.44610, 28.90340, N),
    ("SC-LZ-02", "兰田", "Lantian", "江阳区", 105.41230, 28.85170, N),
    ("CQ-ZX-01", "解放碑", "Jiefangbei", "渝中区", 106.57720, 29.55810, N),
    ("CQ-ZX-02", "杨家坪", "Yangjiaping", "九龙坡区", 106.51140, 29.50820, N),
    ("CQ-ZX-03", "南坪", "Nanping", "南岸区", 106.56020, 29.52970, N),
    ("CQ-ZX-04", "唐家沱", "Tangjiatuo", "江北区", 106.63860, 29.61890, N),
    ("CQ-ZX-05", "两路", "Lianglu", "渝北区", 106.63120, 29.71860, N),
    ("CQ-ZX-06", "礼嘉", "Lijia", "渝北区", 106.52930, 29.65870, N),
    ("CQ-ZX-07", "天生", "Tiansheng", "北碚区", 106.43160, 29.82970, N),
    ("CQ-ZX-08", "缙云山", "Jinyunshan", "北碚区", 106.38280, 29.83860, BG),
    ("CQ-HC-01", "南津街", "Nanjinjie", "合川区", 106.27430, 29.97810, N),
    ("CQ-HC-02", "钓鱼城", "Diaoyucheng", "合川区", 106.30860, 30.00470, P),
    ("CQ-TL-01", "巴川", "Bachuan", "铜梁区", 106.05120, 29.84150, N),
    ("CQ-TL-02", "东城", "Dongcheng", "铜梁区", 106.07360, 29.85270, P),
    ("CQ-DZ-01", "棠香", "Tangxiang", "大足区", 105.72180, 29.70820, N),
    ("CQ-DZ-02", "龙岗", "Longgang", "大足区", 105.73940, 29.69560, P),
    ("CQ-RC-01", "昌元", "Changyuan", "荣昌区", 105.59420, 29.40460, N),
    ("CQ-RC-02", "广顺", "Guangshun", "荣昌区", 105.56280, 29.42310, P),
    ("CQ-YC-01", "中山路", "Zhongshanlu", "永川区", 105.92760, 29.35640, N),
    ("CQ-YC-02", "胜利路", "Shenglilu", "永川区", 105.90430, 29.36910, P),
    ("CQ-TN-01", "桂林", "Guilin", "潼南区", 105.84010, 30.19130, N),
    ("CQ-TN-02", "梓潼", "Zitong", "潼南区", 105.81560, 30.17280, P),
]

POLLUTANTS = ["so2", "no2", "co", "o3", "pm10", "pm25"]

# ---------------------------------------------------------------- the story --
# Two regional PM2.5 episodes.  For every city the designed daily-mean PM2.5
# (µg/m³, city mean of stations) is given for an 11-day window: build-up, the
# core days, clearing.  Outside the windows the city daily mean is capped below
# 139 µg/m³, so AQI > 200 happens only here.  Design margins (together with the
# ±2.5 % day noise and the ±4 % forecast error): values meant to exceed 150 are
# >= 166, values meant to stay below are <= 138; values meant to exceed 250 are
# >= 274, values between 150 and 250 are <= 230.
EPISODES = [
    {
        "name": "2022-01",
        "window_start": "2022-01-05",  # first designed day (11 days)
        "start": "2022-01-08",
        "end": "2022-01-12",
        "cities": {
            #         05   06   07   08   09   10   11   12   13   14   15
            "SC-CD": (88, 102, 128, 172, 214, 274, 286, 196, 132, 84, 62),   # red
            "SC-ZY": (82, 95, 120, 168, 198, 228, 224, 178, 125, 80, 58),    # yellow
            "SC-SN": (78, 88, 110, 132, 176, 208, 192, 134, 108, 72, 55),    # yellow
            "SC-NJ": (80, 92, 116, 135, 182, 224, 210, 168, 118, 76, 58),    # yellow
            "SC-LZ": (72, 82, 98, 118, 134, 172, 186, 128, 96, 66, 52),      # yellow
            "SC-GA": (64, 72, 88, 104, 122, 170, 132, 106, 84, 58, 46),      # blue
            "SC-DZ": (70, 76, 90, 104, 118, 134, 128, 108, 86, 62, 50),      # none
            "CQ-ZX": (84, 96, 122, 168, 198, 228, 278, 184, 128, 82, 60),    # orange
            "CQ-YC": (76, 88, 108, 134, 172, 204, 218, 168, 112, 74, 56),    # yellow
            "CQ-RC": (76, 86, 104, 128, 168, 196, 180, 132, 104, 70, 54),    # yellow
            "CQ-DZ": (70, 80, 98, 120, 136, 178, 170, 128, 98, 68, 52),      # yellow
            "CQ-TL": (70, 80, 96, 118, 134, 172, 168, 124, 96, 66, 50),      # yellow
            "CQ-HC": (68, 78, 94, 116, 130, 170, 166, 122, 94, 64, 50),      # yellow
            "CQ-TN": (64, 72, 88, 106, 124, 168, 134, 104, 82, 58, 46),      # blue
        },
        "alerts": {"SC-CD": "red", "SC-ZY": "yellow", "SC-SN": "yellow", "SC-NJ": "yellow",
                   "SC-LZ": "yellow", "SC-GA": "blue", "SC-DZ": "none",
                   "CQ-ZX": "orange", "CQ-YC": "yellow", "CQ-RC": "yellow", "CQ-DZ": "yellow",
                   "CQ-TL": "yellow", "CQ-HC": "yellow", "CQ-TN": "blue"},
    },
    {
        "name": "2022-12",
        "window_start": "2022-12-15",
        "start": "2022-12-18",
        "end": "2022-12-22",
        "cities": {
            #         15   16   17   18   19   20   21   22   23   24   25
            "SC-CD": (80, 94, 120, 168, 208, 276, 228, 172, 124, 82, 60),    # orange
            "SC-ZY": (76, 88, 112, 136, 182, 226, 204, 166, 116, 76, 58),    # yellow
            "SC-SN": (70, 80, 96, 118, 136, 176, 168, 124, 94, 66, 50),      # yellow
            "SC-NJ": (74, 86, 108, 132, 170, 214, 196, 136, 104, 70, 54),    # yellow
            "SC-LZ": (72, 82, 100, 126, 166, 198, 176, 128, 98, 68, 52),     # yellow
            "SC-GA": (62, 70, 84, 100, 120, 138, 128, 104, 82, 58, 46),      # none
            "SC-DZ": (66, 74, 88, 106, 124, 168, 136, 108, 86, 60, 48),      # blue
            "CQ-ZX": (82, 98, 124, 168, 222, 278, 290, 204, 136, 88, 66),    # red
            "CQ-YC": (78, 92, 116, 168, 204, 280, 226, 170, 120, 80, 60),    # orange
            "CQ-RC": (74, 86, 104, 128, 170, 208, 188, 166, 110, 74, 56),    # yellow
            "CQ-DZ": (72, 84, 100, 124, 166, 196, 178, 130, 100, 70, 52),    # yellow
            "CQ-TL": (70, 82, 98, 120, 138, 186, 174, 128, 96, 66, 50),      # yellow
            "CQ-HC": (76, 88, 108, 136, 176, 212, 196, 132, 100, 70, 54),    # yellow
            "CQ-TN": (64, 74, 90, 108, 128, 172, 136, 106, 84, 60, 46),      # blue
        },
        "alerts": {"SC-CD": "orange", "SC-ZY": "yellow", "SC-SN": "yellow", "SC-NJ": "yellow",
                   "SC-LZ": "yellow", "SC-GA": "none", "SC-DZ": "blue",
                   "CQ-ZX": "red", "CQ-YC": "orange", "CQ-RC": "yellow", "CQ-DZ": "yellow",
                   "CQ-TL": "yellow", "CQ-HC": "yellow", "CQ-TN": "blue"},
    },
]
NON_EPISODE_CAP = 138.0  # µg/m³, city daily PM2.5 outside the episode windows

FORECAST_FIRST = datetime.date(2022, 12, 10)
FORECAST_LAST = datetime.date(2022, 12, 31)
FORECAST_ERROR = 0.04  # forecast AQI = observed AQI x (1 ± up to 4 %)

# Data gaps (to exercise the validity rules).  Everything else: ~1 % of hours
# missing at random per station and pollutant.
P_MISSING = 0.01
OUTAGE = ("SC-NJ-02", "2022-07-12", "2022-07-14")  # all pollutants empty, 3 whole days
PM25_GAP = ("SC-CD-03", "2022-03-28", "2022-04-03", (2, 3, 4, 5, 6))  # PM2.5 only, 5 h/day
# (the PM2.5 gap spans a month boundary so both months keep 27 valid days)

O3_SUMMER_MONTHS = (5, 6, 7, 8)

# ---------------------------------------------------------- fixed shapes --
# Monthly values are anchored on the 15th and interpolated linearly by day.
PM25_SEASON = [76, 54, 38, 30, 24, 20, 18, 19, 21, 30, 46, 72]  # Chengdu, µg/m³
PM_SIGMA = [0.26, 0.26, 0.22, 0.20, 0.20, 0.20, 0.20, 0.20, 0.20, 0.22, 0.26, 0.26]
O3_PEAK = [66, 88, 112, 138, 162, 172, 176, 170, 140, 104, 80, 64]  # afternoon 1-h peak
NO2_SEASON = [1.28, 1.06, 1.04, 0.95, 0.85, 0.78, 0.75, 0.78, 0.90, 1.05, 1.20, 1.30]
SO2_SEASON = [1.28, 1.12, 1.02, 0.95, 0.88, 0.82, 0.80, 0.82, 0.90, 1.00, 1.15, 1.28]
CO_SEASON = [1.34, 1.18, 1.02, 0.92, 0.84, 0.78, 0.76, 0.78, 0.86, 0.98, 1.15, 1.32]
PM10_SEASON = [0.97, 0.98, 1.07, 1.08, 1.02, 0.98, 0.97, 0.98, 1.00, 1.00, 0.99, 0.97]

# Diurnal shapes, hour 0..23 (hour-beginning).  Normalised to mean 1 below,
# except O3, whose table is the fraction between the night base and the peak.
PM_DIURNAL = [1.08, 1.08, 1.06, 1.04, 1.02, 1.01, 1.02, 1.06, 1.10, 1.12, 1.08, 1.00,
              0.92, 0.86, 0.82, 0.80, 0.82, 0.88, 0.96, 1.04, 1.10, 1.12, 1.12, 1.10]
NO2_DIURNAL = [0.95, 0.90, 0.85, 0.80, 0.78, 0.80, 0.90, 1.10, 1.30, 1.28, 1.10, 0.95,
               0.85, 0.78, 0.74, 0.74, 0.80, 0.95, 1.20, 1.35, 1.30, 1.20, 1.10, 1.02]
CO_DIURNAL = [1.00, 0.98, 0.95, 0.92, 0.90, 0.92, 0.98, 1.08, 1.16, 1.14, 1.05, 0.98,
              0.92, 0.88, 0.86, 0.86, 0.90, 0.98, 1.08, 1.14, 1.12, 1.08, 1.04, 1.02]
SO2_DIURNAL = [0.90, 0.88, 0.86, 0.85, 0.85, 0.86, 0.88, 0.94, 1.02, 1.10, 1.16, 1.18,
               1.18, 1.15, 1.12, 1.08, 1.04, 1.00, 0.98, 0.98, 0.96, 0.94, 0.92, 0.91]
O3_DIURNAL = [0.10, 0.07, 0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.18, 0.32, 0.48, 0.64,
              0.80, 0.92, 0.99, 1.00, 0.94, 0.82, 0.64, 0.45, 0.30, 0.21, 0.15, 0.12]


def normalised(table):
    m = sum(table) / len(table)
    return [v / m for v in table]


PM_DIURNAL = normalised(PM_DIURNAL)
NO2_DIURNAL = normalised(NO2_DIURNAL)
CO_DIURNAL = normalised(CO_DIURNAL)
SO2_DIURNAL = normalised(SO2_DIURNAL)

# HJ 633-2012 Table 1 breakpoints (24-h means; O3 8-h and 1-h), IAQI 0..500
IAQI = [0, 50, 100, 150, 200, 300, 400, 500]
BP = {
    "so2": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "no2": [0, 40, 80, 180, 280, 565, 750, 940],
    "co": [0, 2, 4, 14, 24, 36, 48, 60],
    "pm10": [0, 50, 150, 250, 350, 420, 500, 600],
    "pm25": [0, 35, 75, 115, 150, 250, 350, 500],
    "o3_8h": [0, 100, 160, 215, 265, 800],
    "o3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
}


# ------------------------------------------------------------------ helpers --
def rng_for(*keys):
    """A Random seeded from SHA-256 of the keys: stable across runs/platforms."""
    text = ":".join(str(k) for k in (SEED,) + keys)
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def unif(r, a, b):
    return a + (b - a) * r.random()


def gauss(r):
    """Approximately N(0,1) (Irwin-Hall, 12 uniforms): plain arithmetic only."""
    return sum(r.random() for _ in range(12)) - 6.0


def gauss4(r):
    """Cheaper approximately N(0,1): 4 uniforms, rescaled (var 4/12 -> 1)."""
    return (r.random() + r.random() + r.random() + r.random() - 2.0) * 1.7320508075688772


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def day_date(d):
    return DAY0 + datetime.timedelta(days=d)


def day_index(iso):
    return (datetime.date.fromisoformat(iso) - DAY0).days


def seasonal(table, d):
    """Monthly table anchored on the 15th of each month, linear in between."""
    date = day_date(d)
    m = date.month - 1
    anchor = datetime.date(YEAR, m + 1, 15)
    if date >= anchor:
        m2 = (m + 1) % 12
        nxt = datetime.date(YEAR + (1 if m == 11 else 0), m2 + 1, 15)
        w = (date - anchor).days / (nxt - anchor).days
        return table[m] + (table[m2] - table[m]) * w
    m0 = (m - 1) % 12
    prv = datetime.date(YEAR - (1 if m == 0 else 0), m0 + 1, 15)
    w = (date - prv).days / (anchor - prv).days
    return table[m0] + (table[m] - table[m0]) * w


def ar1(keys, phi, n=NDAYS):
    """Unit-variance AR(1) series of length n; innovation i from rng_for(*keys, i)."""
    s = (1.0 - phi * phi) ** 0.5
    out = []
    x = 0.0
    for i in range(-10, n):  # 10 days spin-up
        x = phi * x + s * gauss(rng_for(*keys, i))
        if i >= 0:
            out.append(x)
    return out


def fmt_int(x):
    return str(int(x + 0.5))


def fmt_co(x):
    return f"{x:.1f}"


def iaqi(kind, c):
    bp = BP[kind]
    if c >= bp[-1]:
        return 500.0 if kind != "o3_8h" else None
    for k in range(1, len(bp)):
        if c <= bp[k]:
            return IAQI[k - 1] + (IAQI[k] - IAQI[k - 1]) * (c - bp[k - 1]) / (bp[k] - bp[k - 1])
    return 500.0


def ceil_int(x):
    i = int(x)
    return i if i == x else i + 1


def daily_aqi(means):
    """HJ 633-2012 daily AQI from daily values (dict), ceil; None if no items."""
    vals = []
    for k in ("so2", "no2", "co", "pm10", "pm25", "o3_1h"):
        if means.get(k) is not None:
            vals.append(iaqi(k, means[k]))
    if means.get("o3_8h") is not None:
        v = iaqi("o3_8h", means["o3_8h"])
        if v is not None:
            vals.append(v)
    return ceil_int(max(vals)) if vals else None


# ----------------------------------------------------------- city day levels --
def episode_day_levels():
    """{city: {day index: designed PM2.5 daily mean}} for the episode windows."""
    out = {c: {} for c in CITY_ORDER}
    for ep in EPISODES:
        d0 = day_index(ep["window_start"])
        for c in CITY_ORDER:
            for i, v in enumerate(ep["cities"][c]):
                out[c][d0 + i] = float(v)
    return out


def city_levels():
    """Per city: PM2.5 daily level, PM 'stagnation ratio', O3 afternoon peak."""
    reg_pm = ar1(("region", "pm"), 0.72)
    reg_sun = ar1(("region", "sun"), 0.65)
    ep = episode_day_levels()
    out = {}
    for c in CITY_ORDER:
        _code, _zh, _en, _j, pm_scale, o3_scale, o3_cap = CITIES[c]
        loc_pm = ar1((c, "pm"), 0.5)
        loc_sun = ar1((c, "sun"), 0.4)
        pm, ratio, o3 = [], [], []
        for d in range(NDAYS):
            base = seasonal(PM25_SEASON, d) * pm_scale
            sig = PM_SIGMA[day_date(d).month - 1]
            f = clamp(1.0 + sig * reg_pm[d], 0.45, 1.8) * clamp(1.0 + 0.09 * loc_pm[d], 0.78, 1.25)
            if d in ep[c]:
                u = rng_for(c, d, "episode").random()
                lvl = ep[c][d] * (1.0 + 0.05 * (u - 0.5))  # ±2.5 %
            else:
                lvl = base * f
                if lvl > 120.0:  # soft cap: stagnant days outside the episodes
                    lvl = 120.0 + 0.45 * (lvl - 120.0)
                lvl = min(lvl, NON_EPISODE_CAP)
            pm.append(lvl)
            ratio.append(lvl / base)
            sun = clamp(1.0 + 0.22 * reg_sun[d] + 0.06 * loc_sun[d], 0.45, 1.5)
            damp = 1.0 / (1.0 + 0.25 * max(0.0, lvl / base - 1.2))
            peak = seasonal(O3_PEAK, d) * o3_scale * sun * damp
            if o3_cap:
                peak = min(peak, o3_cap)
            o3.append(peak)
        out[c] = {"pm": pm, "ratio": ratio, "o3": o3}
    return out


# ---------------------------------------------------------- station series --
def station_profile(st):
    code, _zh, _en, _dist, _lon, _lat, kind = st
    r = rng_for(code, "profile")
    bg = kind == BG
    central = code[:5] in ("SC-CD", "CQ-ZX")
    p = {
        "pm_f": 0.70 if bg else unif(r, 0.92, 1.08),
        "pm10_ratio": unif(r, 1.42, 1.62) * (1.05 if bg else 1.0),
        "no2": unif(r, 11, 15) if bg else (unif(r, 28, 37) if central else unif(r, 22, 31)),
        "so2": unif(r, 4, 7) if bg else (unif(r, 8, 12) if code.startswith("CQ") else unif(r, 5, 9)),
        "co": unif(r, 0.45, 0.55) if bg else unif(r, 0.65, 0.85),
        "o3_f": 1.06 if bg else unif(r, 0.96, 1.03),
        "o3_night": 32.0 if bg else unif(r, 4, 9),
    }
    return p


def gap_hours():
    """{(station, hour index): set of pollutants forced missing}.

    Entries keyed (station, "day", day index) name the pollutants that must have
    exactly the designed hours missing that day (no random misses on top).
    """
    out = {}
    st, d1, d2 = OUTAGE
    for d in range(day_index(d1), day_index(d2) + 1):
        for h in range(24):
            out[(st, d * 24 + h)] = set(POLLUTANTS)
    st, d1, d2, hours = PM25_GAP
    for d in range(day_index(d1), day_index(d2) + 1):
        out[(st, "day", d)] = {"pm25"}  # pollutants with exactly the designed gap that day
        for h in hours:
            out.setdefault((st, d * 24 + h), set()).add("pm25")
    return out


def station_targets(city, codes, profiles):
    """Station daily PM2.5 targets for one city.

    Station factor x day noise, normalised over the city's stations each day so
    that the mean of the stations equals the city level exactly.
    """
    out = {s: [] for s in codes}
    for d in range(NDAYS):
        f = [profiles[s]["pm_f"] * (1.0 + 0.05 * gauss(rng_for(s, d, "day"))) for s in codes]
        m = sum(f) / len(f)
        for s, x in zip(codes, f):
            out[s].append(city["pm"][d] * x / m)
    return out


def station_series(st, city, prof, tgt, gaps):
    """Formatted hourly values for one station: list of 8760 lists of 6 strings."""
    code = st[0]
    pm, ratio, o3p = city["pm"], city["ratio"], city["o3"]
    state = {p: 0.0 for p in POLLUTANTS}
    rows = []
    for d in range(NDAYS):
        r = rng_for(code, d, "hours")
        month = day_date(d).month - 1
        t_prev = tgt[d - 1] if d > 0 else tgt[d]
        t_next = tgt[d + 1] if d + 1 < NDAYS else tgt[d]
        sr = ratio[d]
        no2_day = prof["no2"] * NO2_SEASON[month] * clamp(1.0 + 0.35 * (sr - 1.0), 0.6, 1.8)
        so2_day = prof["so2"] * SO2_SEASON[month] * clamp(1.0 + 0.25 * (sr - 1.0), 0.7, 1.6)
        co_day = prof["co"] * CO_SEASON[month] * clamp(1.0 + 0.40 * (sr - 1.0), 0.6, 2.0)
        pm10_r = prof["pm10_ratio"] * PM10_SEASON[month] * (0.88 if pm[d] > 150 else 1.0)
        if datetime.date(2022, 1, 28) <= day_date(d) <= datetime.date(2022, 2, 8):
            no2_day *= 0.72  # Spring Festival holiday: less traffic
            co_day *= 0.9
        summer = clamp((seasonal(O3_PEAK, d) - 64.0) / (176.0 - 64.0), 0.0, 1.0)
        night = prof["o3_night"] + 14.0 * summer
        peak = o3p[d] * prof["o3_f"]
        draws = []
        for h in range(24):
            e = {}
            for p in POLLUTANTS:
                state[p] = 0.7 * state[p] + 0.714 * gauss4(r)
                e[p] = state[p]
            miss = {p: r.random() < P_MISSING for p in POLLUTANTS}
            draws.append((e, miss))
        # PM2.5: ramp between neighbouring days, diurnal shape, noise; scaled so
        # the station's daily mean equals its target exactly (before rounding)
        raw = []
        for h in range(24):
            t = (h + 0.5 - 12.0) / 24.0
            ramp = tgt[d] + t * ((tgt[d] - t_prev) if t < 0 else (t_next - tgt[d]))
            raw.append(max(1.0, ramp) * PM_DIURNAL[h] * clamp(1.0 + 0.12 * draws[h][0]["pm25"], 0.5, 1.6))
        k = tgt[d] / (sum(raw) / 24.0)
        for h in range(24):
            e, miss = draws[h]
            pm25 = max(2.0, raw[h] * k)
            pm10 = pm25 * pm10_r * clamp(1.0 + 0.07 * e["pm10"], 0.8, 1.25)
            pm10 = max(pm10, pm25 + 2.0)
            no2 = max(2.0, no2_day * NO2_DIURNAL[h] * clamp(1.0 + 0.15 * e["no2"], 0.4, 1.8))
            so2 = max(2.0, so2_day * SO2_DIURNAL[h] * clamp(1.0 + 0.18 * e["so2"], 0.4, 2.0))
            co = max(0.2, co_day * CO_DIURNAL[h] * clamp(1.0 + 0.10 * e["co"], 0.6, 1.5))
            o3 = (night + (peak - night) * O3_DIURNAL[h]) * clamp(1.0 + 0.08 * e["o3"], 0.6, 1.4)
            o3 = max(2.0, o3)
            vals = {"so2": fmt_int(so2), "no2": fmt_int(no2), "co": fmt_co(co),
                    "o3": fmt_int(o3), "pm10": fmt_int(pm10), "pm25": fmt_int(pm25)}
            forced = gaps.get((code, d * 24 + h), ())
            if (code, "day", d) in gaps:  # keep the designed gap exact: no random misses on top
                miss = {p: miss[p] and p not in gaps[(code, "day", d)] for p in POLLUTANTS}
            rows.append([("" if (miss[p] or p in forced) else vals[p]) for p in POLLUTANTS])
    return rows


# ------------------------------------------------------------------- checks --
def city_daily(series, city_codes):
    """City daily stats from the formatted station values.

    City hourly value = mean of the stations' valid hourly values; the daily
    mean needs >= 20 valid city hours.  O3: daily max 8-h moving mean (windows
    within the day, >= 6 valid hours each) and daily max 1-h.
    """
    out = {}
    for c in CITY_ORDER:
        sts = city_codes[c]
        hourly = {p: [] for p in POLLUTANTS}
        for i in range(NDAYS * 24):
            for p_i, p in enumerate(POLLUTANTS):
                v = [float(series[s][i][p_i]) for s in sts if series[s][i][p_i] != ""]
                hourly[p].append(sum(v) / len(v) if v else None)
        days = []
        for d in range(NDAYS):
            rec = {}
            for p in POLLUTANTS:
                v = [x for x in hourly[p][d * 24:d * 24 + 24] if x is not None]
                rec[p] = sum(v) / len(v) if len(v) >= 20 else None
            o3 = hourly["o3"][d * 24:d * 24 + 24]
            best = None
            for s0 in range(17):
                w = [x for x in o3[s0:s0 + 8] if x is not None]
                if len(w) >= 6:
                    m = sum(w) / len(w)
                    best = m if best is None or m > best else best
            rec["o3_8h"] = best
            v = [x for x in o3 if x is not None]
            rec["o3_1h"] = max(v) if len(v) >= 20 else None
            days.append(rec)
        out[c] = days
    return out


def runs(flags):
    """Maximal runs of True: list of (first index, last index)."""
    res, start = [], None
    for i, f in enumerate(flags + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            res.append((start, i - 1))
            start = None
    return res


def alert_level(aqis):
    """Highest MEE 2017 alert level over a daily AQI series (None = no data)."""
    order = ["none", "blue", "yellow", "orange", "red"]
    best = 0
    for a, b in runs([(x is not None and x > 200) for x in aqis]):
        n200 = b - a + 1
        n300 = sum(1 for x in aqis[a:b + 1] if x > 300)
        top = max(aqis[a:b + 1])
        lvl = 1
        if n200 >= 2:
            lvl = 2
        if n200 >= 3 and n300 >= 1:
            lvl = 3
        if (n200 >= 4 and n300 >= 2) or top >= 500:
            lvl = 4
        best = max(best, lvl)
    return order[best]


def iso(d):
    return day_date(d).isoformat()


def main():
    levels = city_levels()
    gaps = gap_hours()
    city_codes = {c: [s[0] for s in STATIONS if s[0][:5] == c] for c in CITY_ORDER}
    profiles = {s[0]: station_profile(s) for s in STATIONS}
    targets = {}
    for c in CITY_ORDER:
        targets.update(station_targets(levels[c], city_codes[c], profiles))
    series = {s[0]: station_series(s, levels[s[0][:5]], profiles[s[0]], targets[s[0]], gaps)
              for s in STATIONS}

    # ---- write the files
    with open(OUT_DIR / "air_stations.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name_zh", "name_en", "city", "city_zh", "city_en", "district",
                    "jurisdiction", "lon", "lat", "kind"])
        for code, zh, en, dist, lon, lat, kind in STATIONS:
            cc, czh, cen, jur = CITIES[code[:5]][:4]
            w.writerow([code, zh, en, cc, czh, cen, dist, jur, f"{lon:.5f}", f"{lat:.5f}", kind])
    times = []
    for d in range(NDAYS):
        ds = iso(d)
        for h in range(24):
            times.append(f"{ds}T{h:02d}:00")
    with open(OUT_DIR / "air_hourly_2022.csv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write("station,time," + ",".join(POLLUTANTS) + "\n")
        for st in STATIONS:
            code = st[0]
            fh.write("".join(f"{code},{t},{','.join(v)}\n" for t, v in zip(times, series[code])))

    daily = city_daily(series, city_codes)
    obs_aqi = {c: [daily_aqi(rec) for rec in daily[c]] for c in CITY_ORDER}

    fr = []
    f0, f1 = day_index(FORECAST_FIRST.isoformat()), day_index(FORECAST_LAST.isoformat())
    fc_aqi = {c: [] for c in CITY_ORDER}
    for c in CITY_ORDER:
        for d in range(f0, f1 + 1):
            r = rng_for(CITIES[c][0], iso(d), "forecast")
            a = obs_aqi[c][d] * (1.0 + FORECAST_ERROR * (2.0 * r.random() - 1.0))
            a = int(a + 0.5)
            fc_aqi[c].append(a)
            fr.append([CITIES[c][0], iso(d), str(a)])
    with open(OUT_DIR / "air_forecast_2022-12.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["city", "date", "aqi"])
        w.writerows(fr)

    # ---- the story, as found in the data, checked against the design
    errors = []
    pm = {c: [rec["pm25"] for rec in daily[c]] for c in CITY_ORDER}
    eps_json = []
    for ep in EPISODES:
        w0 = day_index(ep["window_start"])
        w1 = w0 + len(ep["cities"][CITY_ORDER[0]]) - 1
        e0, e1 = day_index(ep["start"]), day_index(ep["end"])
        sides = {SC: [], CQ: []}
        single = {SC: [], CQ: []}
        for c in CITY_ORDER:
            code, zh, en, jur = CITIES[c][:4]
            seg = pm[c][w0:w1 + 1]
            if any(v is None for v in seg):
                errors.append(f"{c}: missing daily PM2.5 in episode {ep['name']}")
                continue
            over150 = [w0 + i for i, v in enumerate(seg) if v > 150]
            over250 = [w0 + i for i, v in enumerate(seg) if v > 250]
            lvl = alert_level(obs_aqi[c][w0:w1 + 1])
            if lvl != ep["alerts"][c]:
                errors.append(f"{c} {ep['name']}: observed alert {lvl}, designed {ep['alerts'][c]}")
            if ep["name"] == "2022-12":
                flvl = alert_level(fc_aqi[c])
                if flvl != ep["alerts"][c]:
                    errors.append(f"{c}: forecast alert {flvl}, designed {ep['alerts'][c]}")
            if over150 and (min(over150) < e0 or max(over150) > e1):
                errors.append(f"{c} {ep['name']}: exceedance outside the core days")
            pk = max(range(len(seg)), key=lambda i: seg[i])
            entry = {
                "city": code, "key": c, "name_zh": zh, "name_en": en,
                "days_pm25_over_150": [iso(d) for d in over150],
                "days_pm25_over_250": [iso(d) for d in over250],
                "peak_pm25": round(seg[pk], 1), "peak_date": iso(w0 + pk),
                "peak_aqi": obs_aqi[c][w0 + pk],
                "alert": lvl,
            }
            rr = runs([v > 150 for v in seg])
            longest = max((b - a + 1 for a, b in rr), default=0)
            if longest >= 2:
                sides[jur].append(entry)
            elif longest == 1:
                single[jur].append(entry)
        for jur in (SC, CQ):
            n3 = sum(1 for e in sides[jur] if len(e["days_pm25_over_150"]) >= 3)
            n250 = sum(1 for e in sides[jur] if e["days_pm25_over_250"])
            if n3 < 2 or n250 < 1:
                errors.append(f"{ep['name']} {jur}: {n3} cities >150 for 3 days, {n250} > 250")
        eps_json.append({
            "name": ep["name"], "start": ep["start"], "end": ep["end"],
            "build_up": [iso(w0 + 1), iso(e0 - 1)], "clearing": [iso(e1 + 1), iso(e1 + 2)],
            "cities_over_150_two_or_more_days": {SC: sides[SC], CQ: sides[CQ]},
            "cities_over_150_one_day": {SC: single[SC], CQ: single[CQ]},
        })
    in_window = set()
    for ep in EPISODES:
        w0 = day_index(ep["window_start"])
        in_window.update(range(w0, w0 + len(ep["cities"][CITY_ORDER[0]])))
    for c in CITY_ORDER:
        for d in range(NDAYS):
            if d not in in_window and pm[c][d] is not None and pm[c][d] > 150:
                errors.append(f"{c}: PM2.5 > 150 outside the episodes on {iso(d)}")
            if d not in in_window and obs_aqi[c][d] is not None and obs_aqi[c][d] > 200:
                errors.append(f"{c}: AQI > 200 outside the episodes on {iso(d)}")

    o3_over, o3_not = [], []
    for c in CITY_ORDER:
        code, zh, en = CITIES[c][:3]
        ds = [d for d in range(NDAYS) if day_date(d).month in O3_SUMMER_MONTHS]
        v = [daily[c][d]["o3_8h"] for d in ds if daily[c][d]["o3_8h"] is not None]
        n = sum(1 for x in v if x > 160)
        wint = [daily[c][d]["o3_8h"] for d in range(NDAYS)
                if day_date(d).month in (12, 1) and daily[c][d]["o3_8h"] is not None]
        e = {"city": code, "key": c, "name_en": en, "days_over_160": n,
             "max_mda8": round(max(v), 1), "summer_mean_mda8": round(sum(v) / len(v), 1),
             "winter_max_mda8": round(max(wint), 1)}
        (o3_over if n else o3_not).append(e)
        if max(wint) > 120:
            errors.append(f"{c}: winter O3 8h max {max(wint):.0f}")
    if len(o3_over) < 6 or len(o3_not) < 2:
        errors.append(f"O3 story: {len(o3_over)} cities over 160, {len(o3_not)} not")

    annual = {}
    for c in CITY_ORDER:
        v = [x for x in pm[c] if x is not None]
        annual[c] = round(sum(v) / len(v), 1)

    # completeness of every station and pollutant: >= 324 valid days, >= 27 per month (25 Feb)
    for st in STATIONS:
        code = st[0]
        for p_i, p in enumerate(POLLUTANTS):
            per_month = [0] * 12
            for d in range(NDAYS):
                n = sum(1 for h in range(24) if series[code][d * 24 + h][p_i] != "")
                if n >= 20:
                    per_month[day_date(d).month - 1] += 1
            if sum(per_month) < 324 or min(per_month[:1] + per_month[2:]) < 27 or per_month[1] < 25:
                errors.append(f"{code} {p}: incomplete {per_month}")

    st, d1, d2, hours = PM25_GAP
    for d in range(day_index(d1), day_index(d2) + 1):
        n = sum(1 for h in range(24) if series[st][d * 24 + h][POLLUTANTS.index("pm25")] != "")
        if n != 24 - len(hours):
            errors.append(f"{st} {iso(d)}: {n} valid PM2.5 hours")
    st, d1, d2 = OUTAGE
    if any(v != "" for d in range(day_index(d1), day_index(d2) + 1)
           for h in range(24) for v in series[st][d * 24 + h]):
        errors.append(f"{st}: outage not empty")

    story_json = {
        "_note": "SYNTHETIC data. Numbers computed from air_hourly_2022.csv by generate_air.py.",
        "seed": SEED,
        "method": {
            "city_value": "mean of the city's stations' valid hourly values, then the daily mean",
            "daily_valid_hours": 20,
            "o3_mda8": "max of the 8-h moving means starting 00:00..16:00 of the day, >= 6 valid hours each",
            "aqi": "HJ 633-2012 daily AQI (24-h means, O3 1-h max and 8-h max), IAQI rounded up",
            "alert_scheme": "MEE 2017: blue 1 day AQI>200; yellow >=2 days >200; orange >=3 days >200 "
                            "and >=1 day >300; red >=4 days >200 and >=2 days >300 (consecutive runs)",
            "alert_source": "observed city daily AQI; for 2022-12 the forecast file gives the same level",
        },
        "episodes": eps_json,
        "forecast": {"file": "air_forecast_2022-12.csv", "first": FORECAST_FIRST.isoformat(),
                     "last": FORECAST_LAST.isoformat(),
                     "alerts": {CITIES[c][0]: alert_level(fc_aqi[c]) for c in CITY_ORDER}},
        "o3_summer": {"months": list(O3_SUMMER_MONTHS), "threshold_mda8": 160,
                      "cities_exceeding": o3_over, "cities_not_exceeding": o3_not},
        "annual_mean_pm25_city": {CITIES[c][0]: annual[c] for c in CITY_ORDER},
        "gaps": {
            "random_missing_fraction": P_MISSING,
            "outage": {"station": OUTAGE[0], "first_day": OUTAGE[1], "last_day": OUTAGE[2],
                       "pollutants": "all"},
            "pm25_partial_days": {"station": PM25_GAP[0], "first_day": PM25_GAP[1],
                                  "last_day": PM25_GAP[2],
                                  "missing_hours": [f"{h:02d}:00" for h in PM25_GAP[3]],
                                  "valid_hours_per_day": 24 - len(PM25_GAP[3])},
        },
    }
    with open(OUT_DIR / "air_expected_story.json", "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(story_json, ensure_ascii=False, indent=2) + "\n")

    print(f"seed {SEED}; wrote {OUT_DIR}")
    print(f"  air_stations.csv          {len(STATIONS)} stations in {len(CITY_ORDER)} cities")
    print(f"  air_hourly_2022.csv       {len(STATIONS) * NDAYS * 24} rows")
    print(f"  air_forecast_2022-12.csv  {len(fr)} rows")
    for e in eps_json:
        print(f"episode {e['name']} ({e['start']} .. {e['end']}):")
        for jur in (SC, CQ):
            for x in e["cities_over_150_two_or_more_days"][jur] + e["cities_over_150_one_day"][jur]:
                print(f"  {x['key']} {x['name_en']:30s} >150: {len(x['days_pm25_over_150'])} d, "
                      f">250: {len(x['days_pm25_over_250'])} d, peak {x['peak_pm25']} "
                      f"on {x['peak_date']}, alert {x['alert']}")
    print("summer O3 (MDA8 > 160): " + ", ".join(f"{e['key']} {e['days_over_160']} d" for e in o3_over))
    print("  not exceeding: " + ", ".join(f"{e['key']} max {e['max_mda8']}" for e in o3_not))
    print("annual PM2.5: " + ", ".join(f"{c} {annual[c]}" for c in CITY_ORDER))
    if errors:
        print("CHECK FAILED:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
