#!/usr/bin/env python3
"""Generate the SYNTHETIC ecology demo: a land-cover-like raster of a corridor strip
along a border river (north bank Sichuan 510000, south bank Chongqing 500000), habitat
patches on both banks, a reclassification table and focal points.

Nothing here is observed data. Python 3 standard library only; deterministic (seed 9).
Also a synthetic biodiversity survey (survey.csv: site,species,count).
Run:  python3 data/demo/chengyu/ecology/generate.py  (writes next to this script)

Grid: 200 x 120 cells of 60 m (12 km x 7.2 km), UTM zone 48N coordinates (EPSG:32648),
lower-left corner 620000 E, 3290000 N.
Classes: 1 forest, 2 shrub/grass, 3 farmland, 4 built-up, 5 river water, 6 riparian
wetland.
"""
import math
import os
import random

NC, NR, CELL = 200, 120, 60.0
XLL, YLL = 620000.0, 3290000.0
HERE = os.path.dirname(os.path.abspath(__file__))


def river_row(c):
    """Row of the river centre line at column c (a meander across the strip)."""
    return 60 + 14 * math.sin(c / 23.0) + 5 * math.sin(c / 7.0 + 1.0)


def build():
    rnd = random.Random(9)
    lc = [[3] * NC for _ in range(NR)]  # farmland by default
    # shrub/grass noise
    for r in range(NR):
        for c in range(NC):
            if rnd.random() < 0.18:
                lc[r][c] = 2
    # forest blobs (habitat) on both banks + scattered woods
    blobs = [(20, 25, 12), (150, 18, 14), (40, 100, 13), (170, 98, 12), (95, 30, 6), (110, 92, 6)]
    for (bc, br, rad) in blobs:
        for r in range(NR):
            for c in range(NC):
                if (r - br) ** 2 + (c - bc) ** 2 <= rad * rad * (0.8 + 0.4 * rnd.random()):
                    lc[r][c] = 1
    # two towns
    for (bc, br, w, h) in [(80, 8, 14, 10), (125, 108, 16, 9)]:
        for r in range(br, min(NR, br + h)):
            for c in range(bc, min(NC, bc + w)):
                lc[r][c] = 4
    # the river (3 cells wide) with a riparian wetland fringe of 2 cells
    for c in range(NC):
        rc = river_row(c)
        for r in range(NR):
            d = abs(r - rc)
            if d <= 1.5:
                lc[r][c] = 5
            elif d <= 3.5 and lc[r][c] != 4:
                lc[r][c] = 6
    patches = [[0] * NC for _ in range(NR)]
    for k, (bc, br, rad) in enumerate(blobs[:4], start=1):
        for r in range(NR):
            for c in range(NC):
                if lc[r][c] == 1 and (r - br) ** 2 + (c - bc) ** 2 <= (rad - 3) ** 2:
                    patches[r][c] = k
    focal = []
    for k, (bc, br, _) in enumerate(blobs[:4], start=1):
        x = XLL + (bc + 0.5) * CELL
        y = YLL + (NR - br - 0.5) * CELL
        focal.append((k, x, y))
    return lc, patches, focal


def write_asc(path, grid, nodata=-9999):
    with open(path, "w") as f:
        f.write(f"ncols {NC}\nnrows {NR}\nxllcorner {XLL}\nyllcorner {YLL}\n"
                f"cellsize {CELL}\nNODATA_value {nodata}\n")
        for row in grid:
            f.write(" ".join(str(v if v != 0 else nodata) for v in row) + "\n")


def main():
    lc, patches, focal = build()
    write_asc(os.path.join(HERE, "landcover.asc"), lc)
    write_asc(os.path.join(HERE, "patches.asc"), patches)
    with open(os.path.join(HERE, "reclass.csv"), "w") as f:
        f.write("class,resistance,name\n1,1,forest\n2,5,shrub/grass\n3,20,farmland\n"
                "4,200,built-up\n5,100,river water\n6,3,riparian wetland\n")
    with open(os.path.join(HERE, "focal.txt"), "w") as f:
        for k, x, y in focal:
            f.write(f"{k} {x} {y}\n")
    # resistance raster for the circuit run (same table)
    res = {1: 1, 2: 5, 3: 20, 4: 200, 5: 100, 6: 3}
    write_asc(os.path.join(HERE, "resistance.asc"), [[res[v] for v in row] for row in lc])
    with open(os.path.join(HERE, "circuit.ini"), "w") as f:
        f.write("[Circuitscape mode]\ndata_type = raster\nscenario = pairwise\n\n"
                "[Habitat raster or graph]\nhabitat_file = resistance.asc\n"
                "habitat_map_is_resistances = True\n\n"
                "[Options for pairwise and one-to-all and all-to-one modes]\n"
                "point_file = focal.txt\n\n"
                "[Connection scheme for raster habitat data]\n"
                "connect_four_neighbors_only = False\nconnect_using_avg_resistances = True\n\n"
                "[Output options]\nwrite_cur_maps = True\nwrite_cum_cur_map_only = True\n"
                "output_file = out/demo.out\n")
    write_survey(os.path.join(HERE, "survey.csv"))


def write_survey(path):
    """A synthetic survey: 6 sites (3 per bank), birds and plants drawn from one regional
    pool with geometric-like abundances; site,species,count."""
    rnd = random.Random(90)
    pool = [f"species_{k:02d}" for k in range(1, 41)]
    sites = ["SC-510000-N1", "SC-510000-N2", "SC-510000-N3",
             "CQ-500000-S1", "CQ-500000-S2", "CQ-500000-S3"]
    with open(path, "w") as f:
        f.write("site,species,count\n")
        for i, site in enumerate(sites):
            for k, sp in enumerate(pool):
                lam = 30.0 * (0.85 ** k) * (0.8 + 0.4 * rnd.random()) * (1.2 if i < 3 else 0.9)
                n = int(lam * rnd.random() ** 1.5)
                if n > 0:
                    f.write(f"{site},{sp},{n}\n")


if __name__ == "__main__":
    main()
