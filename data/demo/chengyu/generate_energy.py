#!/usr/bin/env python3
"""Generate the SYNTHETIC energy, coal-unit, renewable and audit demo data of the
Sichuan-Chongqing demo.

    python3 data/demo/chengyu/generate_energy.py
    # writes energy_activity.csv, coal_units.csv, energy_renewables.csv, energy_cp_audits.csv

Everything here is made up to be of a plausible order of magnitude, not statistics:
- energy_activity.csv: 2020-2022 end-use activity per jurisdiction (district "") by
  sector, and for four districts; GDP at constant 2020 prices and resident population.
  Totals on the equal-value electricity basis come to about 2.3e8 tce/yr for Sichuan and
  0.85e8 tce/yr for Chongqing (illustrative orders of magnitude, not official figures).
  Units vary from row to row (万t, t, 亿m3, 万Nm3, 亿kWh, MWh, GJ, 亿元, 万人 ...) so that
  the import's unit conversion is exercised.
- coal_units.csv: 40 coal power units (GEM-style fields), synthetic codes and plants.
- energy_cp_audits.csv: 80 cleaner-production audits at every stage of the lifecycle
  (dates around 2023-06-30), synthetic enterprises.
- energy_renewables.csv: 60 renewable installations (hydro, wind, solar, biomass) along
  the corridor, synthetic names, positions and outputs.
Python 3 standard library only; deterministic (seeded).
"""
import csv
import datetime
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20221108)

# Base year 2020 end-use quantities (value, unit) per jurisdiction and sector, and the
# growth of each sector in 2021 and 2022 (fractions).
BASE = {
    "510000": {
        "industry": {"raw_coal": (4200, "万t"), "washed_coal": (600, "万t"),
                     "coke": (950, "万t"), "natural_gas": (118, "亿m3"),
                     "fuel_oil": (40, "万t"), "diesel": (180, "万t"),
                     "electricity": (1650, "亿kWh"), "heat": (2.0e8, "GJ")},
        "cement": {"raw_coal": (1650, "万t"), "natural_gas": (3, "亿m3"),
                   "electricity": (190, "亿kWh"), "clinker": (7300, "万t")},
        "transport": {"gasoline": (800, "万t"), "diesel": (650, "万t"),
                      "kerosene": (190, "万t"), "natural_gas": (22, "亿m3"),
                      "electricity": (95, "亿kWh")},
        "buildings": {"natural_gas": (88, "亿m3"), "lpg": (180, "万t"),
                      "raw_coal": (250, "万t"), "electricity": (900, "亿kWh"),
                      "heat": (3.0e7, "GJ")},
        "agriculture": {"diesel": (110, "万t"), "electricity": (120, "亿kWh")},
    },
    "500000": {
        "industry": {"raw_coal": (1050, "万t"), "washed_coal": (120, "万t"),
                     "coke": (250, "万t"), "natural_gas": (45, "亿m3"),
                     "fuel_oil": (15, "万t"), "diesel": (60, "万t"),
                     "electricity": (560, "亿kWh"), "heat": (6.0e7, "GJ")},
        "cement": {"raw_coal": (750, "万t"), "natural_gas": (1, "亿m3"),
                   "electricity": (85, "亿kWh"), "clinker": (3400, "万t")},
        "transport": {"gasoline": (330, "万t"), "diesel": (260, "万t"),
                      "kerosene": (120, "万t"), "natural_gas": (12, "亿m3"),
                      "electricity": (40, "亿kWh")},
        "buildings": {"natural_gas": (38, "亿m3"), "lpg": (70, "万t"),
                      "raw_coal": (80, "万t"), "electricity": (420, "亿kWh"),
                      "heat": (1.0e7, "GJ")},
        "agriculture": {"diesel": (40, "万t"), "electricity": (35, "亿kWh")},
    },
}
GROWTH = {  # sector: (2021, 2022)
    "510000": {"industry": (0.050, 0.010), "cement": (0.020, -0.040),
               "transport": (0.060, 0.030), "buildings": (0.070, 0.080),
               "agriculture": (0.020, 0.020)},
    "500000": {"industry": (0.055, 0.045), "cement": (0.030, -0.020),
               "transport": (0.050, 0.030), "buildings": (0.060, 0.070),
               "agriculture": (0.020, 0.010)},
}
# GDP at constant 2020 prices (亿元) and population (万人), 2020-2022.
ECON = {
    "510000": {"gdp": (48600, 0.082, 0.029), "population": (8371, 8372, 8374)},
    "500000": {"gdp": (25000, 0.083, 0.026), "population": (3209, 3212, 3213)},
}
# Districts: (jurisdiction, code, share of the jurisdiction's base activity, GDP share,
# population share, sector growth multipliers (2021, 2022)).
DISTRICTS = [
    ("510000", "510100", 0.22, 0.36, 0.25, (0.6, 0.5)),   # Chengdu: slower growth
    ("510000", "510400", 0.07, 0.025, 0.015, (1.3, 1.6)),  # Panzhihua: heavy industry
    ("500000", "500112", 0.10, 0.085, 0.06, (0.8, 0.7)),   # Yubei
    ("500000", "500102", 0.09, 0.05, 0.035, (1.2, 1.4)),   # Fuling
]
YEARS = (2020, 2021, 2022)


def fmt(x):
    return ("%.6g" % x) if abs(x) < 1e6 else ("%.0f" % x)


def activity_rows():
    rows = []
    for jur, sectors in BASE.items():
        for sector, items in sectors.items():
            g = GROWTH[jur][sector]
            for item, (q, unit) in items.items():
                level = q
                for k, year in enumerate(YEARS):
                    if k > 0:
                        level *= 1 + g[k - 1]
                    # a unit other than the base one on some rows: MWh for electricity in 2022
                    if item == "electricity" and year == 2022:
                        rows.append((jur, "", sector, year, item, fmt(level * 1e5), "MWh"))
                    else:
                        rows.append((jur, "", sector, year, item, fmt(level), unit))
        gdp0, g1, g2 = ECON[jur]["gdp"]
        gdps = (gdp0, gdp0 * (1 + g1), gdp0 * (1 + g1) * (1 + g2))
        for k, year in enumerate(YEARS):
            rows.append((jur, "", "all", year, "gdp", fmt(gdps[k]), "亿元"))
            rows.append((jur, "", "all", year, "population", fmt(ECON[jur]["population"][k]),
                         "万人"))
    for jur, dist, share, gdp_share, pop_share, mult in DISTRICTS:
        for sector, items in BASE[jur].items():
            g = GROWTH[jur][sector]
            for item, (q, unit) in items.items():
                level = q * share * (0.8 + 0.4 * rng.random())
                for k, year in enumerate(YEARS):
                    if k > 0:
                        level *= 1 + g[k - 1] * mult[k - 1]
                    rows.append((jur, dist, sector, year, item, fmt(level), unit))
        gdp0, g1, g2 = ECON[jur]["gdp"]
        gdps = (gdp0, gdp0 * (1 + g1), gdp0 * (1 + g1) * (1 + g2))
        for k, year in enumerate(YEARS):
            rows.append((jur, dist, "all", year, "gdp", fmt(gdps[k] * gdp_share * 1e4), "万元"))
            rows.append((jur, dist, "all", year, "population",
                         fmt(ECON[jur]["population"][k] * pop_share * 1e4), "person"))
    return rows


TECH = [  # (technology, capacities, coal rate range gce/kWh, years)
    ("subcritical", (135, 200, 300, 330), (312, 335), (1990, 2008)),
    ("supercritical", (350, 600, 660), (296, 306), (2005, 2016)),
    ("ultra-supercritical", (660, 1000), (278, 290), (2010, 2021)),
    ("cfb", (135, 300, 350), (318, 340), (2000, 2015)),
]


def unit_rows():
    rows = []
    plants = {"510000": ["Jiangyou", "Guang'an", "Luzhou", "Yibin", "Baima", "Dazhou",
                         "Neijiang", "Panzhihua"],
              "500000": ["Luohuang", "Shizhu", "Hechuan", "Banan", "Wanzhou", "Fuling",
                         "Anwen"]}
    n = 0
    for jur, count in (("510000", 21), ("500000", 19)):
        for k in range(count):
            tech, caps, rate, years = TECH[rng.randrange(len(TECH))]
            cap = rng.choice(caps)
            year = rng.randint(*years)
            coal = round(rng.uniform(*rate), 1)
            hours = rng.uniform(3300, 4800)
            status = "operating"
            if n in (3, 24):
                status, year, tech, cap, coal = "retired", 1988, "subcritical", 125, 360.0
            elif n == 11:
                status = "mothballed"
            elif n == 30:
                status, year = "construction", 2024
            gen = 0 if status in ("retired", "construction") else round(cap * hours)
            plant = plants[jur][k % len(plants[jur])]
            code = "%s-%s-%02d" % ("SC" if jur == "510000" else "CQ", plant[:3].upper(), k + 1)
            rows.append((code, plant + " Power Plant (synthetic)", jur, cap, year, tech, coal,
                         gen, status))
            n += 1
    return rows


RE_SITES = {  # jurisdiction: (kind, count, capacity range MW, hours range, lon, lat box)
    "510000": [("hydro", 14, (300, 7000), (3800, 4600), (101.0, 103.5, 26.5, 31.0)),
               ("wind", 10, (50, 300), (2000, 2600), (101.5, 103.0, 26.5, 28.5)),
               ("solar", 12, (20, 300), (1300, 1700), (100.5, 102.5, 27.5, 31.5)),
               ("biomass", 4, (15, 60), (5000, 6500), (103.5, 106.0, 29.0, 31.5))],
    "500000": [("hydro", 6, (100, 1300), (3500, 4300), (107.0, 109.5, 28.5, 31.0)),
               ("wind", 6, (40, 200), (1800, 2400), (107.0, 109.0, 29.0, 31.0)),
               ("solar", 5, (10, 100), (900, 1200), (105.5, 108.0, 29.0, 30.5)),
               ("biomass", 3, (10, 40), (5000, 6500), (106.0, 107.0, 29.3, 30.0))],
}


def renewable_rows():
    rows = []
    for jur, kinds in RE_SITES.items():
        side = "SC" if jur == "510000" else "CQ"
        for kind, count, caps, hours, box in kinds:
            for k in range(count):
                cap = round(rng.uniform(*caps), 0 if caps[1] > 500 else 1)
                year = rng.randint(1995 if kind == "hydro" else 2012, 2023)
                gen = round(cap * rng.uniform(*hours))
                lon = round(rng.uniform(box[0], box[1]), 3)
                lat = round(rng.uniform(box[2], box[3]), 3)
                code = "%s-%s-%02d" % (side, kind[:2].upper(), k + 1)
                name = "%s %s station %d (synthetic)" % (side, kind, k + 1)
                rows.append((code, name, jur, "", kind, cap, year, lon, lat, gen))
    return rows


STAGES = ["listed", "started", "pre-assessment", "options", "implementation", "acceptance",
          "certified", "renewal-due"]
CP_SECTORS = ["cement", "chemicals", "metals", "paper", "food", "electronics", "power"]


def iso(day):
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isoformat()


def audit_rows():
    """80 enterprises, ten at each stage; dates relative to 2023-06-30."""
    ref = (datetime.date(2023, 6, 30) - datetime.date(1970, 1, 1)).days
    rows = []
    for k in range(80):
        jur = "510000" if k < 50 else "500000"
        side = "SC" if jur == "510000" else "CQ"
        stage = STAGES[k % len(STAGES)]
        sector = CP_SECTORS[k % len(CP_SECTORS)]
        listed = ref - rng.randint(60, 1500)
        since = max(listed, ref - rng.randint(0, 240))
        if stage == "listed":
            since = listed = ref - rng.randint(0, 120)
        cert = level = expires = ""
        if stage in ("certified", "renewal-due"):
            cert = "CP-%s-%04d" % (side, 1000 + k)
            level = rng.choice(["I", "II", "III"])
            end = since  # renewal due from the day the certificate expired
            if stage == "certified":
                end = ref + rng.randint(-30, 5 * 365)
            expires = iso(end)
        done = STAGES.index(stage) >= STAGES.index("implementation")
        inv = round(rng.uniform(50, 3000), 1) if done else 0
        tce = round(inv * rng.uniform(1.5, 6)) if done else 0
        water = round(inv * rng.uniform(20, 200)) if done else 0
        co2 = round(tce * rng.uniform(2.0, 2.7)) if done else 0
        rows.append(("%s-E%03d" % (side, k + 1), "%s %s enterprise %d (synthetic)" % (side, sector, k + 1),
                     jur, sector, "mandatory" if k % 3 else "voluntary", stage, iso(listed),
                     iso(since), cert, level, expires, inv, tce, water, co2))
    return rows


def main():
    with open(os.path.join(HERE, "energy_activity.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["jurisdiction", "district", "sector", "year", "item", "quantity", "unit"])
        w.writerows(activity_rows())
    with open(os.path.join(HERE, "coal_units.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "plant", "jurisdiction", "capacity_mw", "commissioned", "technology",
                    "coal_gce_kwh", "generation_mwh", "status"])
        w.writerows(unit_rows())
    with open(os.path.join(HERE, "energy_renewables.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "jurisdiction", "district", "kind", "capacity_mw",
                    "commissioned", "lon", "lat", "generation_mwh"])
        w.writerows(renewable_rows())
    with open(os.path.join(HERE, "energy_cp_audits.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["enterprise", "name", "jurisdiction", "sector", "kind", "stage", "listed_on",
                    "stage_since", "certificate", "level", "expires_on", "investment_1e4_yuan",
                    "savings_tce", "savings_water_t", "co2_reduction_t"])
        w.writerows(audit_rows())


if __name__ == "__main__":
    main()
