#!/usr/bin/env python3
"""Write clinker_transfers.csv: the transfer arcs between the demo's market regions
(issue 4, `jointenv stagger plan --transfers`). SYNTHETIC: the links follow the
regions' geography (neighbouring regions; the Yangtze from southern Sichuan through
Chongqing carries more), the capacities are invented round figures of about a tenth
of a region's winter clinker demand. Each link is given in both directions.

Usage: python3 generate_transfers.py   (writes clinker_transfers.csv beside it)
"""
import csv
import os

# (region, region, t/d each way)
LINKS = [
    ("SC-W", "SC-N", 5000),    # Chengdu plain - Mianyang/Deyang
    ("SC-W", "SC-S", 5000),    # Chengdu plain - Leshan/Meishan
    ("SC-W", "SC-NE", 4000),   # Chengdu - Suining/Nanchong
    ("SC-N", "SC-NE", 3000),   # Mianyang - Nanchong/Bazhong
    ("SC-S", "SC-NE", 3000),   # Zigong/Neijiang - Suining
    ("SC-S", "CQ-W", 8000),    # Yibin/Luzhou - Yongchuan/Jiangjin (Yangtze)
    ("SC-NE", "CQ-W", 5000),   # Guang'an - Hechuan
    ("SC-NE", "CQ-NE", 4000),  # Dazhou - Wanzhou/Kaizhou
    ("CQ-W", "CQ-C", 8000),    # western Chongqing - main city (Yangtze)
    ("CQ-C", "CQ-NE", 6000),   # main city - Fuling/Wanzhou (Yangtze)
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "clinker_transfers.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to", "capacity_t_d"])
        for a, b, cap in LINKS:
            w.writerow([a, b, cap])
            w.writerow([b, a, cap])


if __name__ == "__main__":
    main()
