#!/usr/bin/env python3
"""Write survey_dwc.csv: the demo survey (survey.csv: site,species,count) as Darwin Core
occurrences, one survey event per site on 2022-05-15, the jurisdiction taken from the
site code (SC-510000-N1 -> 510000) into higherGeographyID. Synthetic, as survey.csv."""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "survey.csv"), newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
with open(os.path.join(HERE, "survey_dwc.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["eventID", "eventDate", "samplingProtocol", "locationID", "scientificName",
                "taxonRank", "individualCount", "higherGeographyID"])
    for r in rows:
        site = r["site"]
        parts = site.split("-")
        jur = parts[1] if len(parts) > 2 and parts[1].isdigit() else ""
        w.writerow([f"{site}-2022", "2022-05-15", "transect count", site, r["species"],
                    "species", r["count"], jur])
