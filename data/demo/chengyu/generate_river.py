#!/usr/bin/env python3
"""Generate the SYNTHETIC river network of the Sichuan-Chongqing (chengyu) demo.

The rivers, towns and confluences are real places; the network drawn through them
is COARSE (straight lines between hand-placed points, lengths = 1.25 x the straight
line), and every flow, temperature, load and load value written here is INVENTED
or derived from the synthetic water samples of water_samples.csv.  See README.md,
section "River network (generate_river.py)".

Usage (from the repository root, or from anywhere):

    /usr/bin/python3 data/demo/chengyu/generate_river.py

Outputs (next to this script):

    river_nodes.csv  river_reaches.csv  river_reaches.geojson  river_conditions.csv
    river_sections.csv  river_loads.csv  river_load_values.csv  river_headwaters.csv

Reproducible byte for byte under the rules of generate.py: no random numbers at all,
no libm transcendental functions (the cosine of the equirectangular distance is a
Taylor series in plain arithmetic; sqrt is correctly rounded by IEEE 754), fixed
number formats.  Only the Python 3 standard library is used.
"""

import csv
import json
import sys
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent
SC, CQ = "510000", "500000"
MONTHS = [f"{y}-{m:02d}" for y in (2021, 2022) for m in range(1, 13)]
ITEMS = ["cod", "codmn", "nh3n", "tp", "bod5", "do"]
SINUOSITY = 1.25  # river length / straight line between the points

# Seasonal flow factors by month (Jan..Dec; mean about 1): large rivers and small
# rivers (flashier).  2022: the Sichuan-Chongqing summer drought, Jul-Sep x 0.6.
SEASON = {
    "large": [0.42, 0.38, 0.42, 0.60, 0.95, 1.30, 1.95, 1.75, 1.60, 1.15, 0.75, 0.52],
    "medium": [0.36, 0.32, 0.38, 0.58, 0.98, 1.38, 2.00, 1.78, 1.62, 1.12, 0.68, 0.45],
    "small": [0.30, 0.25, 0.32, 0.55, 1.00, 1.45, 2.10, 1.80, 1.60, 1.10, 0.60, 0.40],
}
DROUGHT_2022 = {7: 0.6, 8: 0.6, 9: 0.6}
TEMP_C = [10.0, 11.0, 14.0, 18.0, 22.0, 25.0, 27.0, 27.5, 24.0, 20.0, 15.5, 11.5]

# Hydraulic geometry by river class (hand-chosen coefficients, v = a*Q^b m/s,
# depth = c*Q^d m; Q in m3/s): large 7 000 m3/s -> 1.45 m/s, 10.7 m; medium 700 ->
# 0.87 m/s, 3.9 m; small 10 -> 0.44 m/s, 0.88 m.
HYD = {"large": (0.060, 0.36, 0.20, 0.45), "medium": (0.10, 0.33, 0.25, 0.42),
       "small": (0.22, 0.30, 0.35, 0.40)}

# Background inflow concentrations (mg/L: cod, codmn, nh3n, tp, bod5, do) of
# headwaters on rivers without sections and of lateral inflows (unmodelled
# tributaries): rural hill-country streams.
BACKGROUND = [9.0, 2.4, 0.20, 0.06, 1.6, None]

# ------------------------------------------------------------------ rivers --
# Each river: code, river_code (R.. from sections.csv, or a free code), zh, en,
# class, and its points from upstream down: ("N", node) or ("S", section code).
# Nodes: code -> (zh, en, lon, lat, owner, lateral inflow m3/s annual mean).
# Nodes outside the two jurisdictions (the Han and the Yangtze below Yunyang, drawn
# only so the network drains to one outlet) are owned by the jurisdiction the
# water leaves.
NODES = {
    "YZ-YB": ("宜宾", "Yibin", 104.64, 28.77, SC, 6800.0),
    "YZ-LZ": ("泸州（沱江口）", "Luzhou (Tuo mouth)", 105.44, 28.90, SC, 0.0),
    "YZ-LX": ("龙溪河口", "Longxi mouth", 105.62, 28.86, SC, 0.0),
    "YZ-DL": ("大陆溪口", "Dalu mouth", 105.90, 29.03, CQ, 0.0),
    "YZ-TH": ("塘河口", "Tang mouth", 106.10, 29.05, CQ, 0.0),
    "YZ-CQ": ("朝天门（嘉陵江口）", "Chaotianmen (Jialing mouth)", 106.585, 29.565, CQ, 60.0),
    "YZ-LQ": ("洛碛（御临河口）", "Luoqi (Yulin mouth)", 106.93, 29.71, CQ, 0.0),
    "YZ-CS": ("长寿（大洪河口）", "Changshou (Dahong mouth)", 107.08, 29.83, CQ, 350.0),
    "YZ-YY": ("云阳（澎溪河口）", "Yunyang (Pengxi mouth)", 108.70, 30.93, CQ, 600.0),
    "YZ-WH": ("武汉（汉江口，区外）", "Wuhan (Han mouth, outside)", 114.28, 30.58, CQ, 0.0),
    "TJ-ZZ": ("资中", "Zizhong", 104.85, 29.78, SC, 300.0),
    "TJ-NJ": ("内江（大清流河口）", "Neijiang (Daqingliu mouth)", 105.06, 29.58, SC, 40.0),
    "TJ-HS": ("胡市（濑溪河口）", "Hushi (Laixi mouth)", 105.40, 28.95, SC, 30.0),
    "DQ-HD": ("大清流河源", "Daqingliu head", 105.50, 29.50, CQ, 4.0),
    "LA-HD": ("濑溪河源", "Laixi head", 105.85, 29.72, CQ, 9.0),
    "LA-YJ": ("渔箭河口", "Yujian mouth", 105.52, 29.33, CQ, 3.0),
    "YJ-HD": ("渔箭河源", "Yujian head", 105.22, 29.45, SC, 2.5),
    "LO-HD": ("龙溪河源", "Longxi head", 105.86, 29.42, CQ, 7.0),
    "DL-HD": ("大陆溪源", "Dalu head", 105.70, 29.25, SC, 2.5),
    "TH-HD": ("塘河源", "Tang head", 105.98, 28.85, SC, 9.0),
    "JL-CX": ("苍溪", "Cangxi", 105.94, 31.73, SC, 600.0),
    "JL-NX": ("南溪河口", "Nanxi mouth", 106.22, 30.30, SC, 60.0),
    "JL-QJ": ("渠江口", "Qu mouth", 106.275, 30.03, CQ, 0.0),
    "JL-FJ": ("涪江口", "Fu mouth", 106.28, 30.00, CQ, 0.0),
    "NX-HD": ("南溪河源", "Nanxi head", 106.05, 30.18, CQ, 3.0),
    "QJ-SH": ("三汇（州河巴河汇口）", "Sanhui (Zhou-Ba confluence)", 107.00, 31.09, SC, 0.0),
    "BA-BZ": ("巴中", "Bazhong", 106.75, 31.86, SC, 220.0),
    "ZHOU-XH": ("宣汉（前河中河汇口）", "Xuanhan (Qian-Zhong confluence)", 107.72, 31.35, SC, 110.0),
    "ZHOU-DZ": ("达州（铜钵河口）", "Dazhou (Tongbo mouth)", 107.47, 31.21, SC, 40.0),
    "QH-HD": ("前河源（城口）", "Qian head (Chengkou)", 108.90, 32.05, CQ, 35.0),
    "ZH-HD": ("中河源", "Zhong head", 108.40, 31.95, CQ, 22.0),
    "TB-HD": ("铜钵河源（梁平）", "Tongbo head (Liangping)", 107.62, 30.68, CQ, 8.0),
    "FJ-MY": ("绵阳", "Mianyang", 104.74, 31.46, SC, 340.0),
    "FJ-QG": ("琼江口", "Qiong mouth", 106.12, 29.98, CQ, 30.0),
    "QG-LZ": ("乐至（琼江源）", "Lezhi (Qiong head)", 105.03, 30.28, SC, 30.0),
    "QG-YS": ("姚市河口", "Yaoshi mouth", 105.59, 30.045, CQ, 0.0),
    "QG-LT": ("龙台河口", "Longtai mouth", 105.66, 30.02, CQ, 10.0),
    "YS-HD": ("姚市河源", "Yaoshi head", 105.38, 29.92, SC, 2.0),
    "LT-HD": ("龙台河源", "Longtai head", 105.45, 29.93, SC, 2.0),
    "YL-HD": ("御临河源（邻水）", "Yulin head (Linshui)", 107.05, 30.62, SC, 18.0),
    "DH-HD": ("大洪河源", "Dahong head", 107.30, 30.65, SC, 13.0),
    "DH-WL": ("卧龙河口", "Wolong mouth", 107.07, 29.95, CQ, 0.0),
    "WL-HD": ("卧龙河源", "Wolong head", 107.38, 30.50, SC, 3.0),
    "NH-HD": ("南河源", "Nan head", 107.90, 31.05, SC, 9.0),
    "RH-HD": ("任河源", "Ren head", 108.70, 31.90, CQ, 35.0),
    "RH-ZY": ("紫阳（任河口，区外）", "Ziyang (Ren mouth, outside)", 108.53, 32.52, SC, 0.0),
    "HAN-HZ": ("汉中（汉江，区外）", "Hanzhong (Han, outside)", 107.02, 33.07, SC, 300.0),
}

RIVERS = [
    ("YZ", "R01", "长江", "Yangtze", "large",
     [("N", "YZ-YB"), ("N", "YZ-LZ"), ("S", "SC-YZ-01"), ("N", "YZ-LX"), ("S", "SC-YZ-02"),
      ("S", "CQ-YZ-03"), ("N", "YZ-DL"), ("N", "YZ-TH"), ("S", "CQ-YZ-04"), ("N", "YZ-CQ"),
      ("S", "CQ-YZ-05"), ("N", "YZ-LQ"), ("N", "YZ-CS"), ("N", "YZ-YY"), ("N", "YZ-WH")]),
    ("TJ", "TJ", "沱江", "Tuo", "medium",
     [("N", "TJ-ZZ"), ("N", "TJ-NJ"), ("N", "TJ-HS"), ("N", "YZ-LZ")]),
    ("DQ", "R18", "大清流河", "Daqingliu", "small",
     [("N", "DQ-HD"), ("S", "CQ-DQ-01"), ("S", "SC-DQ-02"), ("N", "TJ-NJ")]),
    ("LA", "R17", "濑溪河", "Laixi", "small",
     [("N", "LA-HD"), ("S", "CQ-LA-01"), ("S", "CQ-LA-02"), ("N", "LA-YJ"), ("S", "CQ-LA-03"),
      ("S", "SC-LA-04"), ("N", "TJ-HS")]),
    ("YJ", "R19", "渔箭河", "Yujian", "small",
     [("N", "YJ-HD"), ("S", "SC-YJ-01"), ("S", "CQ-YJ-02"), ("N", "LA-YJ")]),
    ("LO", "R16", "龙溪河", "Longxi", "small",
     [("N", "LO-HD"), ("S", "CQ-LO-01"), ("S", "SC-LO-02"), ("N", "YZ-LX")]),
    ("DL", "R21", "大陆溪", "Dalu", "small", [("N", "DL-HD"), ("S", "CQ-DL-01"), ("N", "YZ-DL")]),
    ("TH", "R20", "塘河", "Tang", "small", [("N", "TH-HD"), ("S", "CQ-TH-01"), ("N", "YZ-TH")]),
    ("JL", "R02", "嘉陵江", "Jialing", "medium",
     [("N", "JL-CX"), ("S", "SC-JL-01"), ("S", "SC-JL-02"), ("S", "SC-JL-03"), ("N", "JL-NX"),
      ("S", "CQ-JL-04"), ("N", "JL-QJ"), ("N", "JL-FJ"), ("S", "CQ-JL-05"), ("S", "CQ-JL-06"),
      ("N", "YZ-CQ")]),
    ("NX", "R08", "南溪河", "Nanxi", "small",
     [("N", "NX-HD"), ("S", "CQ-NX-01"), ("S", "SC-NX-02"), ("N", "JL-NX")]),
    ("QJ", "R03", "渠江", "Qu", "medium",
     [("N", "QJ-SH"), ("S", "SC-QJ-01"), ("S", "SC-QJ-02"), ("S", "SC-QJ-03"), ("S", "CQ-QJ-04"),
      ("S", "CQ-QJ-05"), ("N", "JL-QJ")]),
    ("BA", "BA", "巴河", "Ba", "medium", [("N", "BA-BZ"), ("N", "QJ-SH")]),
    ("ZHOU", "ZHOU", "州河", "Zhou", "medium",
     [("N", "ZHOU-XH"), ("N", "ZHOU-DZ"), ("N", "QJ-SH")]),
    ("QH", "R10", "前河", "Qian", "small",
     [("N", "QH-HD"), ("S", "CQ-QH-01"), ("S", "SC-QH-02"), ("S", "SC-QH-03"), ("N", "ZHOU-XH")]),
    ("ZH", "R11", "中河", "Zhong", "small", [("N", "ZH-HD"), ("S", "SC-ZH-01"), ("N", "ZHOU-XH")]),
    ("TB", "R09", "铜钵河", "Tongbo", "small",
     [("N", "TB-HD"), ("S", "CQ-TB-01"), ("S", "SC-TB-02"), ("S", "SC-TB-03"), ("N", "ZHOU-DZ")]),
    ("FJ", "R04", "涪江", "Fu", "medium",
     [("N", "FJ-MY"), ("S", "SC-FJ-01"), ("S", "SC-FJ-02"), ("S", "CQ-FJ-03"), ("S", "CQ-FJ-04"),
      ("N", "FJ-QG"), ("S", "CQ-FJ-05"), ("N", "JL-FJ")]),
    ("QG", "R05", "琼江", "Qiong", "small",
     [("N", "QG-LZ"), ("S", "SC-QG-01"), ("S", "CQ-QG-02"), ("N", "QG-YS"), ("S", "CQ-QG-03"),
      ("N", "QG-LT"), ("S", "CQ-QG-04"), ("N", "FJ-QG")]),
    ("YS", "R06", "姚市河", "Yaoshi", "small",
     [("N", "YS-HD"), ("S", "SC-YS-01"), ("S", "CQ-YS-02"), ("N", "QG-YS")]),
    ("LT", "R07", "龙台河", "Longtai", "small", [("N", "LT-HD"), ("S", "SC-LT-01"), ("N", "QG-LT")]),
    ("YL", "R14", "御临河", "Yulin", "small",
     [("N", "YL-HD"), ("S", "SC-YL-01"), ("S", "SC-YL-02"), ("S", "CQ-YL-03"), ("S", "CQ-YL-04"),
      ("N", "YZ-LQ")]),
    ("DH", "R15", "大洪河", "Dahong", "small",
     [("N", "DH-HD"), ("S", "SC-DH-01"), ("S", "SC-DH-02"), ("S", "CQ-DH-03"), ("N", "DH-WL"),
      ("N", "YZ-CS")]),
    ("WL", "R22", "卧龙河", "Wolong", "small", [("N", "WL-HD"), ("S", "CQ-WL-01"), ("N", "DH-WL")]),
    ("NH", "R13", "南河", "Nan", "small",
     [("N", "NH-HD"), ("S", "SC-NH-01"), ("S", "CQ-NH-02"), ("N", "YZ-YY")]),
    ("RH", "R12", "任河", "Ren", "small",
     [("N", "RH-HD"), ("S", "CQ-RH-01"), ("S", "SC-RH-02"), ("S", "SC-RH-03"), ("N", "RH-ZY")]),
    ("HAN", "HAN", "汉江", "Han", "medium", [("N", "HAN-HZ"), ("N", "RH-ZY"), ("N", "YZ-WH")]),
]

# ------------------------------------------------------------------- loads --
# code, zh, en, kind, owner, river, section or node the load lies just above
# (None: the middle of the reach that ends at `node`), flow m3/s, and the
# concentrations (cod, codmn, nh3n, tp, bod5, do) — or "story" for loads whose
# monthly values are derived from the observed samples (see story_loads).
# WWTPs discharge at about GB 18918 Class 1A (COD 50, BOD5 10, NH3-N 5, TP 0.5):
# typical effluent COD 25, CODMn 8, NH3-N 1.5, TP 0.3, BOD5 6, DO 4.
WWTP = [25.0, 8.0, 1.5, 0.30, 6.0, 4.0]
RAW = [220.0, 60.0, 28.0, 3.2, 110.0, 1.0]      # untreated domestic sewage
LOADS = [
    ("SC-WW-LZ", "泸州城区污水处理厂", "Luzhou municipal WWTP", "wwtp", SC, "YZ", "SC-YZ-02", 2.2, WWTP),
    ("CQ-WW-JJ", "江津污水处理厂", "Jiangjin WWTP", "wwtp", CQ, "YZ", "CQ-YZ-04", 1.0, WWTP),
    ("CQ-WW-JGS", "鸡冠石污水处理厂", "Jiguanshi WWTP", "wwtp", CQ, "YZ", "YZ-LQ", 9.0, WWTP),
    ("SC-TR-CS", "赤水河", "Chishui River (tributary)", "tributary", SC, "YZ", "CQ-YZ-03", 300.0,
     [8.0, 1.9, 0.15, 0.05, 1.2, 9.0]),
    ("SC-WW-NJ", "内江污水处理厂", "Neijiang WWTP", "wwtp", SC, "TJ", "TJ-HS", 1.2, WWTP),
    ("SC-WW-NC", "南充污水处理厂", "Nanchong WWTP", "wwtp", SC, "JL", "SC-JL-02", 2.0, WWTP),
    ("SC-WW-WS", "武胜污水处理厂", "Wusheng WWTP", "wwtp", SC, "JL", "CQ-JL-04", 0.3, WWTP),
    ("CQ-WW-HC", "合川污水处理厂", "Hechuan WWTP", "wwtp", CQ, "JL", "CQ-JL-06", 1.2, WWTP),
    ("SC-WW-GA", "广安污水处理厂", "Guang'an WWTP", "wwtp", SC, "QJ", "SC-QJ-03", 0.9, WWTP),
    ("SC-WW-DZ", "达州污水处理厂", "Dazhou WWTP", "wwtp", SC, "ZHOU", "QJ-SH", 1.3, WWTP),
    ("SC-WW-SN", "遂宁污水处理厂", "Suining WWTP", "wwtp", SC, "FJ", "SC-FJ-02", 1.3, WWTP),
    ("CQ-WW-TN", "潼南污水处理厂", "Tongnan WWTP", "wwtp", CQ, "FJ", "CQ-FJ-04", 0.4, WWTP),
    ("CQ-WW-DZ", "大足污水处理厂", "Dazu WWTP", "wwtp", CQ, "LA", "CQ-LA-02", 0.35, WWTP),
    ("SC-WW-LS", "邻水污水处理厂", "Linshui WWTP", "wwtp", SC, "YL", "SC-YL-02", 0.25, WWTP),
    ("CQ-WW-CK", "城口污水处理厂", "Chengkou WWTP", "wwtp", CQ, "RH", "CQ-RH-01", 0.05, WWTP),
    ("SC-DF-JL", "嘉陵江农业面源", "Jialing farmland runoff", "diffuse", SC, "JL", "SC-JL-02", 0.0, "diffuse"),
    ("SC-DF-FJ", "涪江农业面源", "Fu farmland runoff", "diffuse", SC, "FJ", "SC-FJ-02", 0.0, "diffuse"),
    ("CQ-DF-QG", "琼江农业面源", "Qiong farmland runoff", "diffuse", CQ, "QG", "CQ-QG-04", 0.0, "diffuse"),
    # the story (README, "The story"): loads upstream of the sections that fail
    ("CQ-OF-TB", "梁平农村生活污水及养殖排口", "Liangping rural sewage and livestock outfall",
     "outfall", CQ, "TB", "SC-TB-02", 0.12, "story"),
    ("CQ-OF-LA", "荣昌生活污水溢流口", "Rongchang sewage overflow", "outfall", CQ, "LA",
     "CQ-LA-03", 0.15, "story"),
    ("CQ-OF-DQ", "荣昌养殖排口", "Rongchang livestock outfall", "outfall", CQ, "DQ", "CQ-DQ-01",
     0.08, "story"),
    ("SC-OF-YS", "安岳姚市镇排口", "Yaoshi town outfall (Anyue)", "outfall", SC, "YS",
     "CQ-YS-02", 0.05, "story"),
    ("SC-WW-AY", "安岳污水处理厂", "Anyue WWTP (upgraded mid-2021)", "wwtp", SC, "QG",
     "CQ-QG-02", 0.25, "story"),
    ("CQ-OF-LO", "永川新建企业排口", "Yongchuan new industrial outfall (2022)", "outfall", CQ,
     "LO", "CQ-LO-01", 0.10, "story"),
]
STORY_ITEMS = ["cod", "codmn", "nh3n", "tp", "bod5"]
CONC_CAP = [1500.0, 400.0, 120.0, 25.0, 800.0]  # a story load stays below raw industrial levels


def fmt(x, nd):
    s = f"{x:.{nd}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def cos_rad(x):
    """cos by its Taylor series (|x| < 0.7 here): plain arithmetic, no libm."""
    x2 = x * x
    term, total = 1.0, 1.0
    for k in range(1, 10):
        term *= -x2 / ((2 * k - 1) * (2 * k))
        total += term
    return total


def dist_km(a, b):
    """Equirectangular distance (km) between two lon/lat points: good to 0.1 % at this size."""
    lat_m = (a[1] + b[1]) / 2 * 3.141592653589793 / 180
    dx = (b[0] - a[0]) * cos_rad(lat_m) * 111.195
    dy = (b[1] - a[1]) * 111.195
    return (dx * dx + dy * dy) ** 0.5


def read_csv(name):
    with open(OUT_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def observed():
    """(section, 'YYYY-MM') -> {item: value}; below detection = half the limit."""
    obs = {}
    for r in read_csv("water_samples.csv"):
        v = {}
        for it in ITEMS:
            if r[it] == "":
                continue
            x = float(r[it])
            if r.get(it + "_flag") == "L":
                x /= 2
            v[it] = x
        obs[(r["section"], r["sampled_at"][:7])] = v
    return obs


def build():
    sections = {r["code"]: r for r in read_csv("sections.csv")}
    nodes_used, reaches, locs = set(), [], []
    for code, rcode, zh, en, cls, pts in RIVERS:
        k = 0
        cur = None  # (from node, [points], [(section, cumulative straight km)])
        for kind, ref in pts:
            xy = (NODES[ref][2], NODES[ref][3]) if kind == "N" else (
                float(sections[ref]["lon"]), float(sections[ref]["lat"]))
            if cur is not None:
                cur[3] += dist_km(cur[1][-1], xy)
                cur[1].append(xy)
            if kind == "S":
                cur[2].append((ref, cur[3]))
                continue
            nodes_used.add(ref)
            if cur is not None:
                k += 1
                reaches.append({"code": f"{code}-{k:02d}", "river": (code, rcode, zh, en, cls),
                                "from": cur[0], "to": ref, "pts": cur[1],
                                "len": round(cur[3] * SINUOSITY, 1), "secs": cur[2]})
            cur = [ref, [xy], [], 0.0]
    for r in reaches:
        for sec, km in r["secs"]:
            locs.append((sec, r["code"], round(km * SINUOSITY, 1)))
    return sections, nodes_used, reaches, locs


def topo(reaches):
    """Reaches upstream first."""
    into = {}
    for r in reaches:
        into.setdefault(r["to"], []).append(r)
    done, order = set(), []

    def visit(r):
        if r["code"] in done:
            return
        for u in into.get(r["from"], []):
            visit(u)
        done.add(r["code"])
        order.append(r)
    for r in reaches:
        visit(r)
    return order


def month_factor(cls, month):
    y, m = int(month[:4]), int(month[5:])
    f = SEASON[cls][m - 1]
    if y == 2022:
        f *= DROUGHT_2022.get(m, 1.0)
    return f


def flows(reaches, loads_q):
    """Flow entering each reach per month: the flows arriving at its from node (with the
    point loads' discharges) plus the node's lateral inflow."""
    q = {}
    order = topo(reaches)
    for month in MONTHS:
        out_of = {}
        for r in order:
            cls = r["river"][4]
            arriving = out_of.get(r["from"], 0.0)
            lateral = NODES[r["from"]][5] * month_factor(cls, month)
            qin = arriving + lateral
            q[(r["code"], month)] = qin
            out_of[r["to"]] = out_of.get(r["to"], 0.0) + qin + loads_q.get(r["code"], 0.0)
    return q


def load_place(load, reaches, locs):
    """(reach code, km) of a load: just above the named section, or in the middle of the
    reach ending at the named node (a tributary: 1 km above the section)."""
    river, at = load[5], load[6]
    for sec, reach, km in locs:
        if sec == at:
            return reach, max(0.0, round(km - 1.0, 1))
    for r in reaches:
        if r["river"][0] == river and r["to"] == at:
            return r["code"], round(r["len"] / 2, 1)
    sys.exit(f"load {load[0]}: no place {at} on river {river}")


def section_above(sec, locs, reach_of_load, km):
    """The observed section just upstream of a load on the same river, or None."""
    best = None
    for s, reach, k in locs:
        if reach == reach_of_load and k < km and (best is None or k > best[1]):
            best = (s, k)
    return best[0] if best else None


DRY = (12, 1, 2, 3, 4)  # dry-season months: little dilution, the outfall shows


def story_period(load, month):
    """The Anyue WWTP is upgraded in mid-2021; other story loads change by year."""
    if load[0] == "SC-WW-AY":
        return "before" if month < "2021-07" else "after"
    return month[:4]


def story_values(load, place, q, obs, locs, reaches):
    """Concentrations that bring the fully mixed river to the observed value at the
    section below in the dry season: C = (C_obs (Q + q) - C_up Q) / q per dry month,
    C_up the observed value at the section above (or the background), averaged over
    the dry months of each period (a year; for the Anyue WWTP before and after its
    upgrade), clipped at 0 and the cap, and used in every month of the period. Decay on
    the way is ignored, and in the wet season the runoff that raises TP and CODMn is
    not in these loads, so there the model comes out below the observations."""
    reach, km = place
    up = section_above(load[6], locs, reach, km)
    ql = load[7]
    sums = {}
    for month in MONTHS:
        if int(month[5:]) not in DRY:
            continue
        qr = q[(reach, month)]
        target = obs.get((load[6], month), {})
        above = obs.get((up, month), {}) if up else {}
        acc = sums.setdefault(story_period(load, month), [[0.0, 0] for _ in STORY_ITEMS])
        for i, it in enumerate(STORY_ITEMS):
            if it in target:
                acc[i][0] += (target[it] * (qr + ql) - above.get(it, BACKGROUND[i]) * qr) / ql
                acc[i][1] += 1
    rows = []
    for month in MONTHS:
        acc = sums[story_period(load, month)]
        vals = [min(max(t / n, 0.0), CONC_CAP[i]) if n else None for i, (t, n) in enumerate(acc)]
        rows.append((month, ql, vals + [2.0]))
    return rows


def main():
    sections, nodes_used, reaches, locs = build()
    obs = observed()
    missing = [s for s in sections if s not in {l[0] for l in locs}]
    if missing:
        sys.exit(f"sections not on the network: {missing}")
    unused = set(NODES) - nodes_used
    if unused:
        sys.exit(f"nodes on no reach: {sorted(unused)}")
    reach_by = {r["code"]: r for r in reaches}
    places = {ld[0]: load_place(ld, reaches, locs) for ld in LOADS}
    loads_q = {}
    for ld in LOADS:
        if ld[3] != "diffuse":
            loads_q[places[ld[0]][0]] = loads_q.get(places[ld[0]][0], 0.0) + ld[7]
    q = flows(reaches, loads_q)

    with open(OUT_DIR / "river_nodes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name_zh", "name_en", "lon", "lat", "owner"])
        for code in sorted(NODES):
            zh, en, lon, lat, owner, _ = NODES[code]
            w.writerow([code, zh, en, f"{lon:.3f}", f"{lat:.3f}", owner])

    cols = ["code", "name_zh", "name_en", "river_code", "from_node", "to_node", "length_km",
            "kind", "velocity_m_s", "vel_a", "vel_b", "depth_m", "depth_c", "depth_d", "owner",
            "geometry"]
    features = []
    with open(OUT_DIR / "river_reaches.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in reaches:
            code, rcode, zh, en, cls = r["river"]
            a, b, c, d = HYD[cls]
            fz, tz = NODES[r["from"]][0], NODES[r["to"]][0]
            row = {"code": r["code"], "name_zh": f"{zh}：{fz}—{tz}",
                   "name_en": f"{en}: {NODES[r['from']][1]} - {NODES[r['to']][1]}",
                   "river_code": rcode, "from_node": r["from"], "to_node": r["to"],
                   "length_km": fmt(r["len"], 1), "kind": "reach", "velocity_m_s": "",
                   "vel_a": fmt(a, 3), "vel_b": fmt(b, 2), "depth_m": "", "depth_c": fmt(c, 2),
                   "depth_d": fmt(d, 2), "owner": NODES[r["from"]][4],
                   "geometry": ";".join(f"{x:.4f} {y:.4f}" for x, y in r["pts"])}
            w.writerow([row[k] for k in cols])
            props = {k: row[k] for k in cols if k != "geometry"}
            for k in ("length_km", "vel_a", "vel_b", "depth_c", "depth_d"):
                props[k] = float(props[k])
            for k in ("velocity_m_s", "depth_m"):
                del props[k]
            features.append({"type": "Feature", "properties": props,
                             "geometry": {"type": "LineString",
                                          "coordinates": [[round(x, 4), round(y, 4)]
                                                          for x, y in r["pts"]]}})
    with open(OUT_DIR / "river_reaches.geojson", "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False,
                  indent=None, separators=(",", ":"))
        f.write("\n")

    with open(OUT_DIR / "river_conditions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["reach", "month", "flow_m3_s", "temp_c"])
        for r in reaches:
            for month in MONTHS:
                qq = q[(r["code"], month)]
                temp = TEMP_C[int(month[5:]) - 1] + (1.0 if month.startswith("2022-0") and
                                                     int(month[5:]) in (7, 8) else 0.0)
                w.writerow([r["code"], month, fmt(qq, 3 if qq < 10 else 1), fmt(temp, 1)])

    with open(OUT_DIR / "river_sections.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["section", "reach", "km"])
        for sec, reach, km in locs:
            w.writerow([sec, reach, fmt(km, 1)])

    with open(OUT_DIR / "river_loads.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name_zh", "name_en", "kind", "owner", "reach", "km"])
        for ld in LOADS:
            reach, km = places[ld[0]]
            w.writerow([ld[0], ld[1], ld[2], ld[3], ld[4], reach,
                        "" if ld[3] == "diffuse" else fmt(km, 1)])

    with open(OUT_DIR / "river_load_values.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["load", "month", "flow_m3_s"] + ITEMS)
        for ld in LOADS:
            if ld[8] == "story":
                for month, ql, vals in story_values(ld, places[ld[0]], q, obs, locs, reaches):
                    w.writerow([ld[0], month, fmt(ql, 3)] +
                               ["" if v is None else fmt(v, 3) for v in vals])
            elif ld[8] == "diffuse":
                # farmland runoff: an equivalent flow x concentration giving the mass,
                # spread along the reach; most of it in the wet season
                reach = reach_by[places[ld[0]][0]]
                for month in MONTHS:
                    f_m = month_factor("small", month)
                    w.writerow([ld[0], month, fmt(0.5 * f_m * reach["len"] / 50, 3),
                                "40", "12", "1.2", "0.9", "8", ""])
            else:
                w.writerow([ld[0], "", fmt(ld[7], 3)] + [fmt(v, 3) for v in ld[8]])

    with open(OUT_DIR / "river_headwaters.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["node", "month"] + ITEMS)
        first_section = {}
        for r in reaches:
            if r["secs"] and r["river"][0] not in first_section:
                first_section[r["river"][0]] = (r["from"], r["secs"][0][0])
        heads = {r["from"] for r in reaches} - {r["to"] for r in reaches}
        calibrated = {}
        for river, (node, sec) in first_section.items():
            if node in heads and not any(ld[6] == sec and ld[8] == "story" for ld in LOADS):
                calibrated[node] = sec
        for node in sorted(n for n in NODES if NODES[n][5] > 0):
            if node in calibrated:
                for month in MONTHS:
                    v = obs.get((calibrated[node], month), {})
                    w.writerow([node, month] + [fmt(v[it], 3) if it in v else "" for it in ITEMS])
            else:
                w.writerow([node, ""] + [fmt(x, 3) if x is not None else "" for x in BACKGROUND])
    print(f"river network: {len(NODES)} nodes, {len(reaches)} reaches, {len(locs)} sections "
          f"located, {len(LOADS)} loads, {len(MONTHS)} months")


if __name__ == "__main__":
    main()
