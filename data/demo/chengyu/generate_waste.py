#!/usr/bin/env python3
"""Synthetic zero-waste-city data for nine demo districts and cities (2020-2022).

Writes waste_districts.csv (code,name_zh,name_en,jurisdiction) and waste_data.csv
(district,year,variable,value) next to this script. The numbers are SYNTHETIC: of a
plausible order of magnitude for the size of each place, with a yearly improvement and
per-place differences, so that scores, ranks and year-on-year changes show something.
The variables are those of data/rules/zero-waste-2021.json. Deterministic (seeded).
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DISTRICTS = [  # GB/T 2260 code, names, jurisdiction, size factor (industry), farming factor
    ("500103", "渝中区", "Yuzhong District", "500000", 0.2, 0.0),
    ("500105", "江北区", "Jiangbei District", "500000", 0.6, 0.1),
    ("500106", "沙坪坝区", "Shapingba District", "500000", 0.8, 0.3),
    ("500107", "九龙坡区", "Jiulongpo District", "500000", 1.0, 0.3),
    ("500112", "渝北区", "Yubei District", "500000", 1.2, 0.6),
    ("510100", "成都市", "Chengdu", "510000", 4.0, 1.5),
    ("510300", "自贡市", "Zigong", "510000", 0.9, 1.0),
    ("510500", "泸州市", "Luzhou", "510000", 1.1, 1.2),
    ("510600", "德阳市", "Deyang", "510000", 1.5, 1.1),
]


def main():
    rnd = random.Random(20221129)
    with open(os.path.join(HERE, "waste_districts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name_zh", "name_en", "jurisdiction"])
        for code, zh, en, jur, _, _ in DISTRICTS:
            w.writerow([code, zh, en, jur])
    rows = []
    for code, _, _, _, ind, farm in DISTRICTS:
        skill = rnd.uniform(0.85, 1.1)  # how well this place does
        for year in (2020, 2021, 2022):
            g = 1 + 0.04 * (year - 2020) * skill  # yearly improvement
            va = 1.0e6 * ind * (1 + 0.05 * (year - 2020))  # 10^4 yuan industrial value added
            sw = va * rnd.uniform(0.6, 1.0) / g
            hw = va * rnd.uniform(0.012, 0.03) / g
            v = {
                "ind_va_1e4_yuan": va,
                "ind_sw_t": sw,
                "ind_hw_t": hw,
                "ind_sw_used_t": sw * min(0.98, rnd.uniform(0.65, 0.8) * g * skill),
                "express_pkg": 1.0e7 * (ind + 0.5),
                "express_green_pkg": 1.0e7 * (ind + 0.5) * min(0.99, rnd.uniform(0.6, 0.85) * g),
                "cw_t": 2.0e6 * (ind + 0.3),
                "cw_reused_t": 2.0e6 * (ind + 0.3) * min(0.95, rnd.uniform(0.35, 0.55) * g * skill),
                "msw_t": 4.0e5 * (ind + 0.5),
                "msw_recycled_t": 4.0e5 * (ind + 0.5) * min(0.9, rnd.uniform(0.4, 0.55) * g * skill),
                "msw_landfill_t": 4.0e5 * (ind + 0.5) * rnd.uniform(0.3, 0.4) / g ** 3,
                "hw_capacity_t": hw * rnd.uniform(0.8, 1.3) * g,
                "zw_cells": round(60 * (ind + 0.5) * g * skill),
                "satisfaction_pct": min(99.0, rnd.uniform(78, 88) * g ** 0.3),
            }
            if farm > 0:  # farming places only
                v.update({
                    "straw_collectible_t": 3.0e5 * farm,
                    "straw_used_t": 3.0e5 * farm * min(0.98, rnd.uniform(0.8, 0.92) * g),
                    "manure_t": 5.0e5 * farm,
                    "manure_used_t": 5.0e5 * farm * min(0.97, rnd.uniform(0.7, 0.85) * g),
                    "film_used_t": 1.0e3 * farm,
                    "film_recovered_t": 1.0e3 * farm * min(0.97, rnd.uniform(0.75, 0.88) * g),
                    "villages": round(120 * farm),
                    "villages_covered": round(120 * farm * min(1.0, rnd.uniform(0.7, 0.9) * g)),
                })
            for var, val in v.items():
                rows.append([code, year, var, f"{val:.6g}" if isinstance(val, float) else val])
    with open(os.path.join(HERE, "waste_data.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["district", "year", "variable", "value"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
