#!/usr/bin/env python3
"""Generate the SYNTHETIC enterprise registry of the Sichuan-Chongqing demo, the links
from the cement, coal and audit registries to it, and the audit options one by one.

    python3 data/demo/chengyu/generate_enterprises.py
    # reads plants.csv, coal_units.csv, energy_cp_audits.csv
    # writes enterprises.csv, enterprise_links.csv, energy_cp_options.csv

- enterprises.csv: one enterprise per cement plant (the `plant` column of plants.csv:
  a plant owns one or more clinker lines), per coal power plant, and per audited
  enterprise that is neither. The unified social credit codes are MADE UP but well
  formed (GB 32100-2015): 9 (industry and commerce) 1 (enterprise), a real GB/T 2260
  division code of the plant's city or district, an 8-character body with its GB 11714
  check character, and the GB 32100 mod-31 check character. They belong to no real
  enterprise.
- enterprise_links.csv: registry,code,enterprise_code for every clinker line, coal unit
  and audit. Cement and power audits point to the cement or coal plant's enterprise,
  so one enterprise is seen across three registries.
- energy_cp_options.csv: 2-6 options per audit that has reached the options stage,
  no/low-cost and medium/high-cost, with investment (yuan, two decimals), savings and
  reductions; their status follows the audit's stage.
Python 3 standard library only; deterministic (seeded).
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20260829)

# GB 32100-2015 code set and weights (3^(i-1) mod 31).
CODE_SET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
# GB 11714-1997 organisation code: weights and values (digits, A=10 ... Z=35).
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def org_check(body):
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc(division):
    body = "".join(rng.choice("0123456789") for _ in range(8))
    first17 = "91" + division + body + org_check(body)
    total = sum(CODE_SET.index(ch) * w for ch, w in zip(first17, WEIGHTS))
    c = 31 - total % 31
    return first17 + CODE_SET[0 if c == 31 else c]


# GB/T 2260 codes of the cities and districts the synthetic plants are named after.
DIVISIONS = {
    "广安": "511600", "广元": "510800", "乐山": "511100", "宜宾": "511500", "彭州": "510182",
    "江油": "510781", "达州": "511700", "绵阳": "510700", "泸州": "510500", "内江": "511000",
    "攀枝花": "510400", "眉山": "511400", "雅安": "511800", "都江堰": "510181",
    "万州": "500101", "涪陵": "500102", "合川": "500117", "永川": "500118", "忠县": "500233",
    "江津": "500116", "綦江": "500110", "南川": "500119", "长寿": "500115", "石柱": "500240",
    "Jiangyou": "510781", "Guang'an": "511600", "Dazhou": "511700", "Luzhou": "510500",
    "Neijiang": "511000", "Panzhihua": "510400", "Yibin": "511500", "Baima": "510700",
    "Anwen": "500110", "Banan": "500113", "Fuling": "500102", "Hechuan": "500117",
    "Luohuang": "500116", "Shizhu": "500240", "Wanzhou": "500101",
}
DEFAULT = {"510000": "510100", "500000": "500103"}
TOWNS_ZH = {"Jiangyou": "江油", "Guang'an": "广安", "Dazhou": "达州", "Luzhou": "泸州",
            "Neijiang": "内江", "Panzhihua": "攀枝花", "Yibin": "宜宾", "Baima": "白马",
            "Anwen": "安稳", "Banan": "巴南", "Fuling": "涪陵", "Hechuan": "合川",
            "Luohuang": "珞璜", "Shizhu": "石柱", "Wanzhou": "万州"}
SECTOR_ZH = {"cement": "水泥", "chemicals": "化工", "electronics": "电子", "food": "食品",
             "metals": "金属", "paper": "造纸", "power": "电力"}


def division_of(name, jur):
    for k, v in DIVISIONS.items():
        if name.startswith(k):
            return v
    return DEFAULT[jur]


def read(name):
    with open(os.path.join(HERE, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    plants = read("plants.csv")
    units = read("coal_units.csv")
    audits = read("energy_cp_audits.csv")
    ents, links, by_plant = [], [], {}

    def add(name_zh, name_en, jur, sector, division):
        code = uscc(division)
        ents.append([code, name_zh, name_en, jur, division, sector])
        return code

    for p in plants:
        if p["plant"] not in by_plant:
            en = p["name_en"].rsplit(" clinker line", 1)[0] + " Co., Ltd. (synthetic)"
            by_plant[p["plant"]] = add(p["plant"] + "（虚构）", en, p["jurisdiction"], "cement",
                                       division_of(p["plant"], p["jurisdiction"]))
        links.append(["clinker-line", p["code"], by_plant[p["plant"]]])
    coal_plants = {}
    for u in units:
        if u["plant"] not in coal_plants:
            town = u["plant"].split(" Power Plant")[0]
            coal_plants[u["plant"]] = add(TOWNS_ZH.get(town, town) + "发电有限公司（虚构）", u["plant"],
                                          u["jurisdiction"],
                                          "power", division_of(town, u["jurisdiction"]))
        links.append(["coal-unit", u["code"], coal_plants[u["plant"]]])
    cement = sorted(set(by_plant.values()))
    power = sorted(set(coal_plants.values()))
    ent_jur = {e[0]: e[3] for e in ents}
    options = []
    for i, a in enumerate(audits):
        pool = cement if a["sector"] == "cement" else power if a["sector"] == "power" else []
        pool = [c for c in pool if ent_jur[c] == a["jurisdiction"]]
        if pool:
            code = pool[i % len(pool)]
        else:
            prov = "四川" if a["jurisdiction"] == "510000" else "重庆"
            code = add("%s%s企业%s（虚构）" % (prov, SECTOR_ZH[a["sector"]], a["enterprise"][-3:]),
                       a["name"],
                       a["jurisdiction"], a["sector"], DEFAULT[a["jurisdiction"]])
        links.append(["cp-audit", a["enterprise"], code])
        options += option_rows(a)
    write("enterprises.csv", ["code", "name_zh", "name_en", "jurisdiction", "district", "sector"],
          ents)
    write("enterprise_links.csv", ["registry", "code", "enterprise_code"], links)
    write("energy_cp_options.csv",
          ["audit", "option_no", "title", "cost_class", "investment_yuan", "savings_tce",
           "savings_water_t", "savings_material_t", "status", "cod_t", "nh3n_t", "so2_t",
           "nox_t", "pm_t", "vocs_t", "co2_t"], options)


TITLES_LOW = ["Fix compressed-air leaks", "Insulate steam lines", "Housekeeping of raw-material yard",
              "Optimise burner settings", "Recover condensate", "Meter water by workshop"]
TITLES_HIGH = ["Variable-speed drives on fans", "Waste-heat recovery", "Replace coal boiler by gas",
               "Closed-loop cooling water", "Low-NOx burners and SNCR", "Dust collector upgrade"]
LATE = {"implementation": 1, "acceptance": 2, "certified": 2, "renewal-due": 2}


def option_rows(a):
    stage = a["stage"]
    if stage in ("listed", "started", "pre-assessment"):
        return []
    rows = []
    for no in range(1, rng.randint(2, 6) + 1):
        high = no > 2 and rng.random() < 0.6
        inv = rng.randint(200000, 5000000) if high else rng.randint(2000, 49000)
        inv_yuan = "%d.%02d" % (inv, rng.randint(0, 99))
        tce = round(inv / (rng.uniform(2500, 6000) if high else rng.uniform(300, 900)), 1)
        water = rng.choice([0, 0, round(rng.uniform(100, 20000))])
        material = rng.choice([0, 0, round(rng.uniform(5, 800), 1)])
        late = LATE.get(stage, 0)
        if late == 0:
            status = rng.choice(["proposed", "approved"])
        elif late == 1:
            status = rng.choice(["approved", "implemented", "implemented", "dropped"])
        else:
            status = rng.choice(["implemented", "verified", "verified", "dropped"])
        so2 = round(tce * rng.uniform(0, 0.01), 2)
        nox = round(tce * rng.uniform(0, 0.008), 2)
        pm = round(tce * rng.uniform(0, 0.003), 2)
        cod = round(water * rng.uniform(0, 0.0002), 2)
        title = rng.choice(TITLES_HIGH if high else TITLES_LOW)
        rows.append([a["enterprise"], no, title, "medium-high" if high else "no-low", inv_yuan,
                     tce, water, material, status, cod, "", so2, nox, pm, "",
                     round(tce * 2.66, 1)])
    return rows


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    main()
