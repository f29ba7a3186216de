#!/usr/bin/env python3
"""Generate the SYNTHETIC outfall registry and inspector pools of the Sichuan-Chongqing
demo (issue 6, patrols and inspections).

    python3 data/demo/chengyu/generate_inspect.py
    # writes outfalls.csv (80 outfalls) and inspectors.csv (24 inspectors)

Everything here is made up: outfall names, enterprises, permits, risk scores,
inspector names. Positions lie on the demo's river reaches (river_reaches.csv, the
reach's owner is the outfall's jurisdiction); the district of an outfall is the
nearest of a small table of real county-level divisions (GB/T 2260 codes, centroids
rounded by hand: approximate, for the demo only). Enterprise codes look like unified
social credit codes but contain "SYNTH" and are not valid codes. Python 3 standard
library only; deterministic (seeded).
"""
import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20230501)

# county-level divisions (GB/T 2260) with rough centroids (lon, lat)
DISTRICTS = {
    "510000": [
        ("510502", "江阳区", 105.44, 28.88), ("510521", "泸县", 105.38, 29.15),
        ("510522", "合江县", 105.83, 28.81), ("511502", "翠屏区", 104.62, 28.77),
        ("510903", "船山区", 105.58, 30.50), ("511602", "广安区", 106.64, 30.47),
        ("511623", "邻水县", 106.93, 30.33), ("511622", "武胜县", 106.29, 30.35),
        ("511702", "通川区", 107.50, 31.21), ("511722", "宣汉县", 107.73, 31.35),
        ("511302", "顺庆区", 106.09, 30.80), ("511902", "巴州区", 106.77, 31.85),
        ("512002", "雁江区", 104.65, 30.12), ("511025", "资中县", 104.85, 29.76),
        ("511725", "渠县", 106.97, 30.84), ("511724", "大竹县", 107.20, 30.74),
        ("511781", "万源市", 108.04, 32.07), ("510923", "大英县", 105.25, 30.58),
    ],
    "500000": [
        ("500116", "江津区", 106.26, 29.29), ("500118", "永川区", 105.93, 29.36),
        ("500153", "荣昌区", 105.59, 29.40), ("500111", "大足区", 105.72, 29.71),
        ("500152", "潼南区", 105.84, 30.19), ("500151", "铜梁区", 106.06, 29.84),
        ("500117", "合川区", 106.28, 29.97), ("500112", "渝北区", 106.63, 29.72),
        ("500113", "巴南区", 106.54, 29.40), ("500115", "长寿区", 107.08, 29.86),
        ("500102", "涪陵区", 107.39, 29.70), ("500154", "开州区", 108.39, 31.16),
        ("500229", "城口县", 108.66, 31.95), ("500155", "梁平区", 107.80, 30.67),
        ("500110", "綦江区", 106.65, 29.03),
    ],
}
SKIP_REACHES = {"YZ-09", "HAN-01", "HAN-02"}  # run far outside the two sides
TYPES = [("industrial", 0.40), ("municipal", 0.20), ("agricultural", 0.15),
         ("rainwater", 0.10), ("combined", 0.10), ("other", 0.05)]
TYPE_ZH = {"industrial": "工业排污口", "municipal": "污水处理厂排污口",
           "agricultural": "养殖排口", "rainwater": "雨水排口", "combined": "合流制溢流口",
           "other": "其他排口"}
TYPE_EN = {"industrial": "Industrial outfall", "municipal": "WWTP outfall",
           "agricultural": "Farm outlet", "rainwater": "Rainwater outlet",
           "combined": "Combined sewer overflow", "other": "Other outlet"}
RISK = {"industrial": (40, 95), "municipal": (30, 80), "agricultural": (20, 70),
        "rainwater": (5, 40), "combined": (20, 60), "other": (5, 35)}


def point_on(geom, f):
    pts = [tuple(map(float, p.split())) for p in geom.split(";")]
    seg = [math.dist(a, b) for a, b in zip(pts, pts[1:])]
    d = f * sum(seg)
    for (a, b), s in zip(zip(pts, pts[1:]), seg):
        if d <= s or s == seg[-1]:
            t = d / s if s else 0
            return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        d -= s
    return pts[-1]


def nearest(j, lon, lat):
    return min(DISTRICTS[j], key=lambda d: (d[2] - lon) ** 2 + (d[3] - lat) ** 2)


def pick_type():
    x, acc = rng.random(), 0.0
    for t, p in TYPES:
        acc += p
        if x < acc:
            return t
    return TYPES[-1][0]


def outfalls():
    with open(os.path.join(HERE, "river_reaches.csv"), encoding="utf-8") as f:
        reaches = [r for r in csv.DictReader(f)
                   if r["kind"] == "reach" and r["code"] not in SKIP_REACHES and r["geometry"]]
    rows, n = [], {"510000": 0, "500000": 0}
    for k in range(80):
        r = reaches[k % len(reaches)] if k < len(reaches) else rng.choice(reaches)
        j = r["owner"]
        lon, lat = point_on(r["geometry"], rng.uniform(0.1, 0.9))
        lon += rng.uniform(-0.004, 0.004)
        lat += rng.uniform(-0.004, 0.004)
        dist = nearest(j, lon, lat)
        n[j] += 1
        side = "SC" if j == "510000" else "CQ"
        code = f"{side}-OF-{n[j]:03d}"
        t = pick_type()
        ent = town = permit = ""
        if t in ("industrial", "municipal") or (t == "agricultural" and rng.random() < 0.5):
            ent = f"91{dist[0]}SYNTH{n[j]:03d}"[:18].ljust(18, "0")
            permit = f"{dist[0]}SYN{rng.randrange(10**7):07d}001P"
        else:
            town = dist[1] + rng.choice(["城关镇", "新华镇", "龙泉镇", "白沙镇"])
        risk = rng.randint(*RISK[t])
        active = "0" if rng.random() < 0.04 else "1"
        river = r["river_code"]
        rows.append([code, f"{dist[1]}{TYPE_ZH[t]}{n[j]}号（合成）",
                     f"{TYPE_EN[t]} {n[j]} (synthetic)", t, j, dist[0], ent, town,
                     river, r["code"], f"{lon:.5f}", f"{lat:.5f}", permit, str(risk), active])
    rows.sort()
    with open(os.path.join(HERE, "outfalls.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name_zh", "name_en", "type", "jurisdiction", "district",
                    "enterprise", "town", "river", "reach", "lon", "lat", "permit", "risk",
                    "active"])
        w.writerows(rows)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超",
         "霞", "平", "刚", "桂英", "建华", "晓东", "丽", "志强", "海燕"]


def inspectors():
    rows = []
    for j, side in (("510000", "SC"), ("500000", "CQ")):
        for k in range(12):
            d = DISTRICTS[j][k % len(DISTRICTS[j])]
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            active = "0" if k == 11 else "1"  # one retired inspector per side
            rows.append([f"{side}-I{k + 1:02d}", name, j, d[0], active, ""])
    with open(os.path.join(HERE, "inspectors.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "jurisdiction", "district", "active", "user"])
        w.writerows(rows)


if __name__ == "__main__":
    outfalls()
    inspectors()
