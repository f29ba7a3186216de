#!/usr/bin/env python3
"""Generate the SYNTHETIC Sichuan-Chongqing (chengyu) surface-water demo data set.

All measurements written by this script are invented.  River names, town
names and jurisdiction codes are real; coordinates are approximate and
hand-placed; water-function targets are illustrative.  See README.md.

Usage (from the repository root, or from anywhere):

    /usr/bin/python3 data/demo/chengyu/generate.py

Outputs (next to this script):

    jurisdictions.csv  sections.csv  water_samples.csv  expected_story.json

The output is byte-for-byte reproducible: every random draw comes from a
random.Random seeded with a SHA-256 digest of (SEED, section, month, item),
only random.random() is used, noise is built with plain arithmetic (no libm
transcendental functions), and numbers are formatted with fixed rules.
Only the Python 3 standard library is used.
"""

import csv
import datetime
import hashlib
import json
import random
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

SEED = 20220322  # fixed seed (World Water Day 2022); change it and the data change
OUT_DIR = Path(__file__).resolve().parent
YEARS = (2021, 2022)

SC = "510000"  # 四川省 Sichuan Province (GB/T 2260)
CQ = "500000"  # 重庆市 Chongqing Municipality (GB/T 2260)

JURISDICTIONS = [
    (SC, "四川省", "Sichuan Province", "+08:00"),
    (CQ, "重庆市", "Chongqing Municipality", "+08:00"),
]

# basin code -> (zh, en)
BASINS = {
    "B-YZ": ("长江干流及直接支流", "Yangtze main stem and direct tributaries"),
    "B-JL": ("嘉陵江", "Jialing River"),
    "B-TJ": ("沱江", "Tuojiang River"),
    "B-HJ": ("汉江", "Han River"),
}

# river code -> (zh, en, basin, flows from, flows to)
RIVERS = {
    "R01": ("长江", "Yangtze River", "B-YZ", SC, CQ),
    "R02": ("嘉陵江", "Jialing River", "B-JL", SC, CQ),
    "R03": ("渠江", "Qu River", "B-JL", SC, CQ),
    "R04": ("涪江", "Fu River", "B-JL", SC, CQ),
    "R05": ("琼江", "Qiong River", "B-JL", SC, CQ),
    "R06": ("姚市河", "Yaoshi River", "B-JL", SC, CQ),
    "R07": ("龙台河", "Longtai River", "B-JL", SC, CQ),
    "R08": ("南溪河", "Nanxi River", "B-JL", CQ, SC),
    "R09": ("铜钵河", "Tongbo River", "B-JL", CQ, SC),
    "R10": ("前河", "Qian River", "B-JL", CQ, SC),
    "R11": ("中河", "Zhong River", "B-JL", CQ, SC),
    "R12": ("任河", "Ren River", "B-HJ", CQ, SC),
    "R13": ("南河", "Nan River", "B-YZ", SC, CQ),
    "R14": ("御临河", "Yulin River", "B-YZ", SC, CQ),
    "R15": ("大洪河", "Dahong River", "B-YZ", SC, CQ),
    "R16": ("龙溪河", "Longxi River", "B-YZ", CQ, SC),
    "R17": ("濑溪河", "Laixi River", "B-TJ", CQ, SC),
    "R18": ("大清流河", "Daqingliu River", "B-TJ", CQ, SC),
    "R19": ("渔箭河", "Yujian River", "B-TJ", SC, CQ),
    "R20": ("塘河", "Tang River", "B-YZ", SC, CQ),
    "R21": ("大陆溪", "Dalu Creek", "B-YZ", SC, CQ),
    "R22": ("卧龙河", "Wolong River", "B-YZ", SC, CQ),
}

# Sections, listed upstream -> downstream within each river.
# (code, name_zh, name_en, river, lon, lat, kind, target, waterbody, q, clean)
#   q     : 0..1 baseline pollution level used by the generator (not written)
#   clean : mountain headwater; NH3-N / TP often below the detection limit
B, N, P = "boundary", "national", "provincial"
SECTIONS = [
    ("SC-YZ-01", "手爬岩", "Shoupayan", "R01", 105.4980, 28.8950, N, "II", "river", 0.22, False),
    ("SC-YZ-02", "榕山", "Rongshan", "R01", 105.7150, 28.8130, P, "II", "river", 0.22, False),
    ("CQ-YZ-03", "朱沱", "Zhutuo", "R01", 105.8530, 29.0120, B, "II", "river", 0.20, False),
    ("CQ-YZ-04", "白沙", "Baisha", "R01", 106.1250, 29.0830, P, "II", "river", 0.24, False),
    ("CQ-YZ-05", "寸滩", "Cuntan", "R01", 106.6020, 29.6180, N, "III", "river", 0.35, False),
    ("SC-JL-01", "金溪电站", "Jinxi Hydropower Station", "R02", 106.4050, 31.0150, N, "II", "river", 0.15, False),
    ("SC-JL-02", "小渡口", "Xiaodukou", "R02", 106.1150, 30.7650, N, "II", "river", 0.22, False),
    ("SC-JL-03", "烈面", "Liemian", "R02", 106.2780, 30.3950, P, "II", "river", 0.20, False),
    ("CQ-JL-04", "利泽", "Lize", "R02", 106.2560, 30.2620, B, "II", "river", 0.20, False),
    ("CQ-JL-05", "东津沱", "Dongjintuo", "R02", 106.2830, 29.9920, P, "II", "river", 0.25, False),
    ("CQ-JL-06", "北温泉", "Beiwenquan", "R02", 106.4180, 29.8480, N, "II", "river", 0.24, False),
    ("SC-QJ-01", "三汇", "Sanhui", "R03", 106.9950, 31.0850, P, "III", "river", 0.50, False),
    ("SC-QJ-02", "团堡岭", "Tuanbaoling", "R03", 106.9350, 30.7200, P, "III", "river", 0.55, False),
    ("SC-QJ-03", "赛龙", "Sailong", "R03", 106.5560, 30.2950, B, "III", "river", 0.50, False),
    ("CQ-QJ-04", "渭溪", "Weixi", "R03", 106.4800, 30.2300, P, "III", "river", 0.48, False),
    ("CQ-QJ-05", "小沔", "Xiaomian", "R03", 106.4000, 30.1250, N, "III", "river", 0.45, False),
    ("SC-FJ-01", "香山", "Xiangshan", "R04", 105.3950, 30.8250, N, "II", "river", 0.20, False),
    ("SC-FJ-02", "龙凤", "Longfeng", "R04", 105.6050, 30.4350, P, "II", "river", 0.26, False),
    ("CQ-FJ-03", "玉溪", "Yuxi", "R04", 105.7100, 30.3050, B, "II", "river", 0.24, False),
    ("CQ-FJ-04", "梓潼", "Zitong", "R04", 105.8400, 30.1950, P, "II", "river", 0.27, False),
    ("CQ-FJ-05", "渭沱", "Weituo", "R04", 106.1650, 29.9450, N, "II", "river", 0.25, False),
    ("SC-QG-01", "大安", "Da'an", "R05", 105.4900, 30.1100, P, "III", "river", 0.60, False),
    ("CQ-QG-02", "光辉", "Guanghui", "R05", 105.5700, 30.0600, B, "III", "river", 0.60, False),
    ("CQ-QG-03", "崇龛", "Chongkan", "R05", 105.6100, 30.0250, P, "III", "river", 0.55, False),
    ("CQ-QG-04", "安居", "Anju", "R05", 106.1000, 30.0000, P, "III", "river", 0.50, False),
    ("SC-YS-01", "姚市", "Yaoshi", "R06", 105.4600, 29.9600, P, "III", "river", 0.60, False),
    ("CQ-YS-02", "白沙村", "Baishacun", "R06", 105.5650, 30.0100, B, "III", "river", 0.65, False),
    ("SC-LT-01", "凡林", "Fanlin", "R07", 105.5200, 29.9900, B, "III", "river", 0.60, False),
    ("CQ-NX-01", "古楼", "Gulou", "R08", 106.1300, 30.2350, P, "III", "river", 0.55, False),
    ("SC-NX-02", "清平", "Qingping", "R08", 106.1800, 30.2900, B, "III", "river", 0.60, False),
    ("CQ-TB-01", "铁门", "Tiemen", "R09", 107.5100, 30.7700, P, "III", "river", 0.55, False),
    ("SC-TB-02", "上河坝", "Shangheba", "R09", 107.3950, 30.8150, B, "III", "river", 0.65, False),
    ("SC-TB-03", "矮墩子", "Aidunzi", "R09", 107.4300, 31.0600, P, "III", "river", 0.60, False),
    ("CQ-QH-01", "明中", "Mingzhong", "R10", 108.7300, 31.9900, P, "II", "river", 0.05, True),
    ("SC-QH-02", "土堡寨", "Tubaozhai", "R10", 108.4200, 31.7800, B, "II", "river", 0.08, True),
    ("SC-QH-03", "樊哙", "Fankuai", "R10", 108.2000, 31.5600, P, "II", "river", 0.12, True),
    ("SC-ZH-01", "黄金口", "Huangjinkou", "R11", 108.2100, 31.8300, B, "II", "river", 0.10, True),
    ("CQ-RH-01", "岔溪口", "Chaxikou", "R12", 108.5200, 31.9800, P, "II", "river", 0.05, True),
    ("SC-RH-02", "水寨子", "Shuizhaizi", "R12", 108.3300, 32.0400, B, "II", "river", 0.08, True),
    ("SC-RH-03", "大竹河", "Dazhuhe", "R12", 108.2300, 32.2300, P, "II", "river", 0.10, True),
    ("SC-NH-01", "巫山乡", "Wushanxiang", "R13", 108.0300, 31.0200, B, "II", "river", 0.25, False),
    ("CQ-NH-02", "临江", "Linjiang", "R13", 108.2900, 31.0900, P, "II", "river", 0.28, False),
    ("SC-YL-01", "丰和", "Fenghe", "R14", 106.9500, 30.4300, P, "III", "river", 0.50, False),
    ("SC-YL-02", "御临", "Yulin", "R14", 106.8700, 30.0600, B, "III", "river", 0.55, False),
    ("CQ-YL-03", "石船", "Shichuan", "R14", 106.8500, 29.8400, P, "III", "river", 0.55, False),
    ("CQ-YL-04", "洛碛", "Luoqi", "R14", 106.9200, 29.7300, P, "III", "river", 0.50, False),
    ("SC-DH-01", "岗架大桥", "Gangjia Bridge", "R15", 107.2100, 30.5200, P, "III", "river", 0.45, False),
    ("SC-DH-02", "黎家", "Lijia", "R15", 107.0900, 30.1700, B, "III", "river", 0.50, False),
    ("CQ-DH-03", "大洪湖", "Dahong Lake", "R15", 107.0600, 30.0400, P, "III", "lake", 0.40, False),
    ("CQ-LO-01", "蒋洞子", "Jiangdongzi", "R16", 105.7400, 29.3200, B, "III", "river", 0.55, False),
    ("SC-LO-02", "方洞", "Fangdong", "R16", 105.6100, 29.2100, P, "III", "river", 0.55, False),
    ("CQ-LA-01", "龙水", "Longshui", "R17", 105.7800, 29.6100, P, "III", "river", 0.60, False),
    ("CQ-LA-02", "峰高", "Fenggao", "R17", 105.5900, 29.4600, P, "III", "river", 0.60, False),
    ("CQ-LA-03", "清江", "Qingjiang", "R17", 105.4950, 29.2750, B, "III", "river", 0.65, False),
    ("SC-LA-04", "胡市", "Hushi", "R17", 105.3950, 29.0150, N, "III", "river", 0.60, False),
    ("CQ-DQ-01", "吴家", "Wujia", "R18", 105.3800, 29.5300, B, "III", "river", 0.70, False),
    ("SC-DQ-02", "石子", "Shizi", "R18", 105.2100, 29.5900, P, "III", "river", 0.60, False),
    ("SC-YJ-01", "周兴", "Zhouxing", "R19", 105.3100, 29.3900, B, "III", "river", 0.60, False),
    ("CQ-YJ-02", "龙集", "Longji", "R19", 105.3650, 29.3300, P, "III", "river", 0.60, False),
    ("CQ-TH-01", "塘河", "Tanghe", "R20", 106.0700, 28.9600, B, "III", "river", 0.45, False),
    ("CQ-DL-01", "仙龙", "Xianlong", "R21", 105.8100, 29.1600, B, "III", "river", 0.50, False),
    ("CQ-WL-01", "沙坪", "Shaping", "R22", 107.2800, 30.4200, B, "III", "river", 0.50, False),
]

# ---------------------------------------------------------------- the story --
# Sections that fail their Class III target in the dry season (Dec-Apr).
# extra_nh3n / extra_tp are added (mg/L) at the peak of the dry season.
FAIL_DRY = {
    "SC-TB-02": {"nh3n": 0.75, "tp": 0.16},  # 铜钵河 上河坝: NH3-N and TP
    "CQ-LA-03": {"nh3n": 1.20, "tp": 0.00},  # 濑溪河 清江: NH3-N (Class V)
    "CQ-DQ-01": {"nh3n": 0.85, "tp": 0.11},  # 大清流河 吴家: NH3-N and TP
    "CQ-YS-02": {"nh3n": 0.00, "tp": 0.17},  # 姚市河 白沙村: TP
}
# Downstream neighbours see a damped share of the same dry-season load.
DRY_SPILLOVER = {"SC-TB-03": ("SC-TB-02", 0.30), "SC-LA-04": ("CQ-LA-03", 0.25),
                 "SC-DQ-02": ("CQ-DQ-01", 0.30)}
DRY_WEIGHT = {12: 0.6, 1: 1.0, 2: 1.1, 3: 0.95, 4: 0.5}

IMPROVES = "CQ-QG-02"  # 琼江 光辉: treatment-plant upgrade, effect from mid-2021
IMPROVE_SPILLOVER = {"CQ-QG-03": 0.30}  # 崇龛, just downstream
WORSENS = "CQ-LO-01"  # 龙溪河 蒋洞子: new discharges from January 2022
CD_SPIKE = ("CQ-RH-01", 2022, 7, "0.0058")  # one month, Cd just above Class III

DRY_MONTHS = (12, 1, 2, 3, 4)
FLOOD_MONTHS = (6, 7, 8, 9)
WATER_TEMP = {1: 11, 2: 12, 3: 15, 4: 19, 5: 23, 6: 26, 7: 28, 8: 28, 9: 25, 10: 21, 11: 17, 12: 13}

# detection limits written (with flag L) when a result is below them
DL = {"nh3n": "0.025", "tp": "0.010", "hg": "0.00004", "cd": "0.0005",
      "cr6": "0.004", "pb": "0.001", "cn": "0.001"}

COLUMNS = ["section", "sampled_at", "ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn",
           "cu", "zn", "f", "se", "as", "hg", "cd", "cr6", "pb", "cn", "phenol", "oil", "las",
           "s2", "fcoli", "nh3n_flag", "tp_flag", "hg_flag", "cd_flag", "cr6_flag", "pb_flag",
           "cn_flag"]

# GB 3838-2002 Table 1 limits, Class I..V (mg/L; DO is a minimum)
LIMITS = {
    "do": (7.5, 6, 5, 3, 2), "codmn": (2, 4, 6, 10, 15), "cod": (15, 15, 20, 30, 40),
    "bod5": (3, 3, 4, 6, 10), "nh3n": (0.15, 0.5, 1.0, 1.5, 2.0),
    "tp_river": (0.02, 0.1, 0.2, 0.3, 0.4), "tp_lake": (0.01, 0.025, 0.05, 0.1, 0.2),
    "tn": (0.2, 0.5, 1.0, 1.5, 2.0), "cu": (0.01, 1.0, 1.0, 1.0, 1.0),
    "zn": (0.05, 1.0, 1.0, 2.0, 2.0), "f": (1.0, 1.0, 1.0, 1.5, 1.5),
    "se": (0.01, 0.01, 0.01, 0.02, 0.02), "as": (0.05, 0.05, 0.05, 0.1, 0.1),
    "hg": (0.00005, 0.00005, 0.0001, 0.001, 0.001), "cd": (0.001, 0.005, 0.005, 0.005, 0.01),
    "cr6": (0.01, 0.05, 0.05, 0.05, 0.1), "pb": (0.01, 0.01, 0.05, 0.05, 0.1),
    "cn": (0.005, 0.05, 0.2, 0.2, 0.2), "phenol": (0.002, 0.002, 0.005, 0.01, 0.1),
    "oil": (0.05, 0.05, 0.05, 0.5, 1.0), "las": (0.2, 0.2, 0.2, 0.3, 0.3),
    "s2": (0.05, 0.1, 0.2, 0.5, 1.0),
}
ROMAN = ("I", "II", "III", "IV", "V", "劣V")


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


def mult(r, sigma):
    """Multiplicative noise around 1, kept positive."""
    return max(0.35, 1.0 + sigma * gauss(r))


def fixed(x, nd):
    return f"{x:.{nd}f}"


def sig(x, digits=2):
    """Round to `digits` significant digits; plain notation, no trailing zeros."""
    d = Decimal(repr(float(x)))
    q = Decimal(1).scaleb(d.adjusted() - digits + 1)
    s = format(d.quantize(q, rounding=ROUND_HALF_EVEN), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def do_sat(t):
    """Saturated dissolved oxygen (mg/L) at temperature t (degC), fresh water."""
    return 14.62 - 0.3898 * t + 0.006969 * t * t - 0.00005897 * t * t * t


def sampling_time(code, year, month):
    r = rng_for(code, year, month, "time")
    day = 5 + int(r.random() * 16)  # 5..20
    minutes = 480 + 10 * int(r.random() * 49)  # 08:00..16:00
    return f"{year:04d}-{month:02d}-{day:02d}T{minutes // 60:02d}:{minutes % 60:02d}"


def trace(r, lo, hi):
    return sig(unif(r, lo, hi), 2)


def flagged(r, item, p_below, lo, hi):
    """(value, flag): below detection limit with probability p_below."""
    if r.random() < p_below:
        return DL[item], "L"
    return trace(r, lo, hi), ""


# --------------------------------------------------------------- generation --
def sample(sec, year, month):
    code, _zh, _en, _river, _lon, _lat, _kind, target, body, q, clean = sec
    t = (year - YEARS[0]) * 12 + (month - 1)  # 0..23
    dry = month in DRY_MONTHS
    flood = month in FLOOD_MONTHS
    lake = body == "lake"
    r = rng_for(code, year, month, "values")
    sec_r = rng_for(code, "profile")
    ph_mean = unif(sec_r, 7.55, 8.10)

    # structural extras (mg/L) from the story
    x_nh3, x_tp, x_codmn, x_bod, x_do = 0.0, 0.0, 0.0, 0.0, 0.0
    if month in DRY_WEIGHT:
        w = DRY_WEIGHT[month] * mult(r, 0.08)
        if code in FAIL_DRY:
            x_nh3 += FAIL_DRY[code]["nh3n"] * w
            x_tp += FAIL_DRY[code]["tp"] * w
        if code in DRY_SPILLOVER:
            src, share = DRY_SPILLOVER[code]
            x_nh3 += FAIL_DRY[src]["nh3n"] * w * share
            x_tp += FAIL_DRY[src]["tp"] * w * share
    if code == IMPROVES or code in IMPROVE_SPILLOVER:
        share = 1.0 if code == IMPROVES else IMPROVE_SPILLOVER[code]
        ramp = {6: 0.8, 7: 0.6, 8: 0.4, 9: 0.2, 10: 0.05}
        f = 1.0 if t < 6 else ramp.get(t, 0.0)
        x_nh3 += 1.20 * f * share * mult(r, 0.08)
        x_tp += 0.17 * f * share * mult(r, 0.08)
    if code == WORSENS and year == 2022:
        f = {1: 0.6, 2: 0.85}.get(month, 1.0) * mult(r, 0.06)
        x_codmn += 4.2 * f
        x_tp += 0.14 * f
        x_bod += 1.2 * f
        x_do -= 0.6 * f

    temp = WATER_TEMP[month]
    ph = ph_mean + 0.12 * gauss(r) - (0.10 if flood else 0.0) + (0.15 if lake and flood else 0.0)
    ph = min(8.6, max(7.2, ph))
    do = do_sat(temp) * (0.93 - 0.10 * q) + 0.25 * gauss(r) + x_do
    do = min(10.8, max(5.2, do))

    codmn = (1.5 + 2.0 * q + (0.6 if lake else 0.0)) * (1.22 if flood else 1.0) * mult(r, 0.08) + x_codmn
    cod = codmn * unif(r, 3.0, 3.7)
    bod5 = (0.8 + 1.6 * q) * (1.08 if flood else 1.0) * mult(r, 0.10) + x_bod

    if clean:
        nh3 = 0.03
        tp = 0.012
    else:
        nh3 = 0.06 + 0.55 * q
        tp = (0.012 + 0.045 * q) if lake else (0.03 + 0.13 * q)
    nh3 = nh3 * (1.35 if dry else 0.75 if flood else 1.0) * mult(r, 0.15) + x_nh3
    tp = tp * (0.9 if dry else 1.3 if flood else 1.0) * mult(r, 0.15) + x_tp
    if lake:
        tn = (0.45 + 0.60 * q) * (1.1 if dry else 1.0) * mult(r, 0.08)
    else:
        tn = (0.75 + 1.30 * q) * (1.1 if dry else 1.0) * mult(r, 0.10) + 1.1 * x_nh3

    nh3_s, nh3_f = (DL["nh3n"], "L") if nh3 < 0.025 else (fixed(nh3, 3), "")
    tp_s, tp_f = (DL["tp"], "L") if tp < 0.010 else (fixed(tp, 3), "")

    hg = flagged(r, "hg", 0.92, 0.000040, 0.000049)
    cd = flagged(r, "cd", 0.80, 0.00050, 0.0012)
    cr6 = flagged(r, "cr6", 0.85, 0.0040, 0.0090)
    pb = flagged(r, "pb", 0.65, 0.0010, 0.0040)
    cn = flagged(r, "cn", 0.85, 0.0010, 0.0040)
    if (code, year, month) == CD_SPIKE[:3]:
        cd = (CD_SPIKE[3], "")

    center = 900.0 if target in ("I", "II") else 2600.0
    if code in FAIL_DRY and dry:
        center *= 1.6
    fcoli = center * (1.25 if flood else 1.0) * max(0.3, 1.0 + 0.5 * gauss(r))
    fcoli_s = sig(fcoli, 2)

    row = {
        "section": code,
        "sampled_at": sampling_time(code, year, month),
        "ph": fixed(ph, 2),
        "do": fixed(do, 1),
        "codmn": fixed(codmn, 1),
        "cod": fixed(max(cod, 4.0), 0),
        "bod5": fixed(bod5, 1),
        "nh3n": nh3_s,
        "tp": tp_s,
        "tn": fixed(tn, 2),
        "cu": trace(r, 0.0010, 0.0060),
        "zn": trace(r, 0.0020, 0.0200),
        "f": fixed(unif(r, 0.15, 0.45), 2),
        "se": trace(r, 0.00020, 0.00060),
        "as": trace(r, 0.00050, 0.0025),
        "hg": hg[0], "cd": cd[0], "cr6": cr6[0], "pb": pb[0], "cn": cn[0],
        "phenol": trace(r, 0.00030, 0.0016),
        "oil": trace(r, 0.010, 0.040),
        "las": trace(r, 0.020, 0.090),
        "s2": trace(r, 0.0050, 0.030),
        "fcoli": fcoli_s,
        "nh3n_flag": nh3_f, "tp_flag": tp_f, "hg_flag": hg[1], "cd_flag": cd[1],
        "cr6_flag": cr6[1], "pb_flag": pb[1], "cn_flag": cn[1],
    }
    # a few cells not measured (missing data is normal)
    m = rng_for(code, year, month, "missing")
    for item, p in (("s2", 0.03), ("las", 0.02), ("oil", 0.01), ("fcoli", 0.01)):
        if m.random() < p:
            row[item] = ""
    return row


def section_rows():
    rows = []
    for s in SECTIONS:
        river = RIVERS[s[3]]
        upstream = downstream = ""
        if s[6] == "boundary":
            upstream, downstream = river[3], river[4]
        owner = SC if s[0].startswith("SC-") else CQ
        rows.append({
            "code": s[0], "name_zh": s[1], "name_en": s[2], "river_code": s[3],
            "river_zh": river[0], "river_en": river[1], "basin_code": river[2],
            "basin_zh": BASINS[river[2]][0], "basin_en": BASINS[river[2]][1],
            "lon": fixed(s[4], 4), "lat": fixed(s[5], 4), "kind": s[6], "owner": owner,
            "upstream": upstream, "downstream": downstream, "target_class": s[7],
            "waterbody": s[8],
        })
    return rows


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow([row[h] for h in header] if isinstance(row, dict) else row)


# ------------------------------------------------------------------- checks --
def item_class(item, value, lake):
    if item == "ph":
        return 1 if 6.0 <= value <= 9.0 else 6
    lim = LIMITS[("tp_lake" if lake else "tp_river") if item == "tp" else item]
    for k, v in enumerate(lim):
        if (value >= v) if item == "do" else (value <= v):
            return k + 1
    return 6


ASSESSED = ["ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "cu", "zn", "f", "se", "as",
            "hg", "cd", "cr6", "pb", "cn", "phenol", "oil", "las", "s2"]


def mean_class(rows, lake):
    """Class of the mean over rows (21 items; TN added for lakes). L -> DL/2."""
    items = ASSESSED + (["tn"] if lake else [])
    worst = 1
    for item in items:
        vals = []
        for row in rows:
            if row[item] == "":
                continue
            v = float(row[item])
            if row.get(item + "_flag") == "L":
                v /= 2.0
            vals.append(v)
        if vals:
            worst = max(worst, item_class(item, sum(vals) / len(vals), lake))
    return worst


def check(sec_rows, samples):
    errors = []
    codes = [s["code"] for s in sec_rows]
    if len(set(codes)) != len(codes):
        errors.append("duplicate section codes")
    by_sec = {}
    seen = set()
    for row in samples:
        key = (row["section"], row["sampled_at"])
        if key in seen:
            errors.append(f"duplicate sample {key}")
        seen.add(key)
        datetime.datetime.strptime(row["sampled_at"], "%Y-%m-%dT%H:%M")
        by_sec.setdefault(row["section"], []).append(row)
    for s in sec_rows:
        if len(by_sec.get(s["code"], [])) != 24:
            errors.append(f"{s['code']}: {len(by_sec.get(s['code'], []))} rows, expected 24")
        if s["kind"] == "boundary":
            if not s["upstream"] or not s["downstream"] or s["upstream"] == s["downstream"]:
                errors.append(f"{s['code']}: bad boundary up/downstream")
        elif s["upstream"] or s["downstream"]:
            errors.append(f"{s['code']}: up/downstream filled on non-boundary")
        if not (103.5 <= float(s["lon"]) <= 110.2 and 28.2 <= float(s["lat"]) <= 32.5):
            errors.append(f"{s['code']}: coordinates out of range")
        if s["code"][:2] != ("SC" if s["owner"] == SC else "CQ"):
            errors.append(f"{s['code']}: prefix does not match owner")
    rivers = {s["river_code"] for s in sec_rows}
    if len(rivers) < 22:
        errors.append(f"only {len(rivers)} rivers")
    for rc in rivers:
        if not any(s["kind"] == "boundary" for s in sec_rows if s["river_code"] == rc):
            errors.append(f"{rc}: no boundary section")
    per_river = {rc: sum(1 for s in sec_rows if s["river_code"] == rc) for rc in rivers}
    if min(per_river.values()) >= 5:
        errors.append("no river with fewer than 5 sections")
    if sum(1 for s in sec_rows if s["basin_code"] == "B-JL") < 5:
        errors.append("Jialing basin has fewer than 5 sections")
    flows = {(RIVERS[rc][3], RIVERS[rc][4]) for rc in rivers}
    if sum(1 for rc in rivers if RIVERS[rc][3] == CQ) < 2 or len(flows) != 2:
        errors.append("need rivers flowing both ways, at least two from 500000")

    target = {s["code"]: ROMAN.index(s["target_class"]) + 1 for s in sec_rows}
    lake = {s["code"]: s["waterbody"] == "lake" for s in sec_rows}
    story = {}
    for code, rows in by_sec.items():
        y1 = [r for r in rows if r["sampled_at"].startswith("2021")]
        y2 = [r for r in rows if r["sampled_at"].startswith("2022")]
        q1 = [r for r in y2 if r["sampled_at"][5:7] in ("01", "02", "03")]
        story[code] = (mean_class(y1, lake[code]), mean_class(y2, lake[code]),
                       mean_class(q1, lake[code]))
    for code in FAIL_DRY:
        if story[code][2] < 4:
            errors.append(f"{code}: 2022-Q1 class {ROMAN[story[code][2] - 1]}, expected IV or V")
    if story[IMPROVES][0] != 4 or story[IMPROVES][1] > 3:
        errors.append(f"{IMPROVES}: does not improve IV -> III ({story[IMPROVES]})")
    if story[WORSENS][0] > 3 or story[WORSENS][1] != 4:
        errors.append(f"{WORSENS}: does not worsen II/III -> IV ({story[WORSENS]})")
    special = set(FAIL_DRY) | {IMPROVES, WORSENS}
    for code, (c21, c22, cq1) in story.items():
        if code in special:
            continue
        if c21 > target[code] or c22 > target[code]:
            errors.append(f"{code}: annual mean misses target ({c21}, {c22} vs {target[code]})")
        if cq1 > target[code]:
            errors.append(f"{code}: 2022-Q1 misses target ({cq1} vs {target[code]})")
    return errors, story, by_sec


def main():
    sec_rows = section_rows()
    samples = [sample(s, y, m) for s in SECTIONS for y in YEARS for m in range(1, 13)]

    write_csv(OUT_DIR / "jurisdictions.csv", ["code", "name_zh", "name_en", "utc_offset"],
              JURISDICTIONS)
    write_csv(OUT_DIR / "sections.csv", list(sec_rows[0].keys()), sec_rows)
    write_csv(OUT_DIR / "water_samples.csv", COLUMNS, samples)
    story_json = {"fail_dry_season": list(FAIL_DRY), "improves": IMPROVES, "worsens": WORSENS}
    with open(OUT_DIR / "expected_story.json", "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(story_json, ensure_ascii=False, indent=2) + "\n")

    errors, story, by_sec = check(sec_rows, samples)
    names = {s[0]: f"{RIVERS[s[3]][0]} {s[1]}" for s in SECTIONS}

    def cls(c):
        return ROMAN[c - 1]

    print(f"seed {SEED}; wrote {OUT_DIR}")
    print(f"  jurisdictions.csv  {len(JURISDICTIONS)} rows")
    print(f"  sections.csv       {len(sec_rows)} sections, "
          f"{len({s['river_code'] for s in sec_rows})} rivers, "
          f"{len({s['basin_code'] for s in sec_rows})} basins, "
          f"{sum(1 for s in sec_rows if s['kind'] == 'boundary')} boundary sections")
    print(f"  water_samples.csv  {len(samples)} rows (24 per section, 2021-01..2022-12)")
    print("story (class of annual mean 2021 / 2022 / mean of 2022-Q1):")
    for code in FAIL_DRY:
        c = story[code]
        print(f"  fail dry season  {code}  {names[code]}: {cls(c[0])} / {cls(c[1])} / Q1 {cls(c[2])}")
    for label, code in (("improves", IMPROVES), ("worsens", WORSENS)):
        c = story[code]
        print(f"  {label:15s}  {code}  {names[code]}: {cls(c[0])} / {cls(c[1])} / Q1 {cls(c[2])}")
    print(f"  Cd spike         {CD_SPIKE[0]}  {CD_SPIKE[1]}-{CD_SPIKE[2]:02d}: Cd {CD_SPIKE[3]} mg/L")
    if errors:
        print("CHECK FAILED:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
