#!/usr/bin/env python3
"""Generate the ILLUSTRATIVE 2022 joint programme of the Sichuan-Chongqing demo:
32 tasks, their milestones and evidence.

    python3 data/demo/chengyu/generate_programme.py

The tasks are written from the areas of the Sichuan-Chongqing cooperation on ecology
and environment (ecological corridors along the transboundary rivers, joint river
patrols and outfall inspections, ecological compensation, joint air-pollution alerts
and cement staggering, zero-waste cities, carbon peaking, coal units, cleaner
production, the clean-energy corridor, biodiversity surveys, gene banks, forests ...).
Their texts, leads, dates, statuses and progress are ILLUSTRATIVE: they are not the
official 2022 work points of either government. No randomness: the output is
byte-for-byte reproducible. Designed story, judged with `--as-of 2022-09-30`: some
tasks done, some overdue, some behind (at risk), the rest on track; the indicator
evidence links to figures computed from the other demo files (water, air, plants,
coal units, audits, renewables).
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SC, CQ = "510000", "500000"

AG = {
    "ee": ("四川省生态环境厅 / Sichuan Dept. of Ecology and Environment",
           "重庆市生态环境局 / Chongqing Ecology and Environment Bureau"),
    "forest": ("四川省林业和草原局 / Sichuan Forestry and Grassland Administration",
               "重庆市林业局 / Chongqing Forestry Administration"),
    "water": ("四川省水利厅 / Sichuan Dept. of Water Resources",
              "重庆市水利局 / Chongqing Water Resources Bureau"),
    "drc": ("四川省发展和改革委员会 / Sichuan Development and Reform Commission",
            "重庆市发展和改革委员会 / Chongqing Development and Reform Commission"),
    "eit": ("四川省经济和信息化厅 / Sichuan Dept. of Economy and Information Technology",
            "重庆市经济和信息化委员会 / Chongqing Economy and Information Technology Commission"),
    "energy": ("四川省能源局 / Sichuan Energy Administration",
               "重庆市能源局 / Chongqing Energy Administration"),
    "agri": ("四川省农业农村厅 / Sichuan Dept. of Agriculture and Rural Affairs",
             "重庆市农业农村委员会 / Chongqing Agriculture and Rural Affairs Commission"),
}

# code suffix, category, lead, agency key, title_zh, title_en, status, progress,
# milestones [(title_zh, title_en, due, done or "")], evidence [(kind, text, ind, scope, op, target)]
T = [
    (1, "ecological-network", SC, "ee", "沱江、嘉陵江、涪江、渠江、琼江、大清流河六条跨界河流生态缓冲带建设",
     "Ecological buffer strips along six transboundary rivers (Tuo, Jialing, Fu, Qu, Qiong, Daqingliu)",
     "in-progress", 55,
     [("完成缓冲带划定方案", "Buffer-strip delineation plan", "2022-04-30", "2022-04-28"),
      ("完成第一批示范段建设", "First demonstration reaches built", "2022-10-31", ""),
      ("年度验收", "Annual acceptance", "2022-12-20", "")],
     [("file", "docs/demo/buffer-strips-2022.pdf", "", "", "", "")]),
    (2, "ecological-network", CQ, "ee", "川渝跨界河流生态廊道联合规划",
     "Joint plan of the ecological corridors along the transboundary rivers",
     "done", 100,
     [("规划初稿", "Draft plan", "2022-03-31", "2022-03-25"),
      ("征求意见", "Consultation", "2022-05-31", "2022-05-30"),
      ("联合印发", "Issued jointly", "2022-07-31", "2022-07-15")],
     [("text", "规划已由两地联合印发 / plan issued jointly", "", "", "", "")]),
    (3, "ecological-network", SC, "forest", "明月山、华蓥山生态廊道连通性评估",
     "Connectivity assessment of the Mingyue and Huaying mountain corridors",
     "in-progress", 70,
     [("土地覆被与阻力面", "Land cover and resistance surface", "2022-05-31", "2022-05-20"),
      ("电路理论分析", "Circuit-theory analysis", "2022-08-31", "2022-08-30"),
      ("评估报告", "Assessment report", "2022-11-30", "")],
     [("file", "jointenv ecology circuit --ini data/demo/chengyu/ecology/circuit.ini", "", "", "", "")]),
    (4, "ecological-network", CQ, "forest", "铜锣山、明月山矿山生态修复",
     "Restoration of the Tongluo and Mingyue mountain quarries",
     "at-risk", 30,
     [("修复方案批复", "Restoration plan approved", "2022-03-31", "2022-04-10"),
      ("首批矿坑复绿", "First quarries re-vegetated", "2022-08-31", ""),
      ("年度验收", "Annual acceptance", "2022-12-15", "")],
     []),
    (5, "ecological-network", CQ, "water", "长江、嘉陵江岸线联合整治",
     "Joint clean-up of the Yangtze and Jialing river banks",
     "in-progress", 60,
     [("岸线问题清单", "List of bank problems", "2022-04-30", "2022-04-30"),
      ("整改过半", "Half of the problems fixed", "2022-09-30", "2022-09-28"),
      ("整改完成", "All problems fixed", "2022-12-31", "")],
     []),
    (6, "ecological-network", SC, "forest", "跨界湿地保护与恢复",
     "Protection and restoration of transboundary wetlands",
     "planned", 0,
     [("湿地本底调查", "Wetland baseline survey", "2022-10-31", ""),
      ("恢复方案", "Restoration plan", "2022-12-31", "")],
     []),
    (7, "transboundary-pollution", SC, "water", "跨界河流联合巡河",
     "Joint river patrols on the transboundary rivers",
     "in-progress", 75,
     [("一季度联合巡河", "Q1 joint patrols", "2022-03-31", "2022-03-30"),
      ("二季度联合巡河", "Q2 joint patrols", "2022-06-30", "2022-06-29"),
      ("三季度联合巡河", "Q3 joint patrols", "2022-09-30", "2022-09-30"),
      ("四季度联合巡河", "Q4 joint patrols", "2022-12-31", "")],
     [("text", "每季度至少一次联合巡河 / at least one joint patrol a quarter", "", "", "", "")]),
    (8, "transboundary-pollution", CQ, "ee", "跨界河流入河排污口联合排查整治",
     "Joint inspection and remediation of outfalls on the transboundary rivers",
     "in-progress", 40,
     [("排查完成", "Inspection finished", "2022-06-30", "2022-07-20"),
      ("整治方案", "Remediation plan", "2022-08-31", ""),
      ("整治完成过半", "Half remediated", "2022-11-30", "")],
     []),
    (9, "transboundary-pollution", SC, "ee", "跨界断面水质达标",
     "Boundary sections meet their water-quality targets",
     "in-progress", 75,
     [("上半年水质评估", "First-half assessment", "2022-07-31", "2022-07-25"),
      ("全年水质评估", "Annual assessment", "2022-12-31", "")],
     [("indicator", "跨界断面达标率 ≥ 95 %", "water-boundary-met-pct", "", ">=", "95")]),
    (10, "transboundary-pollution", CQ, "ee", "长江流域川渝横向生态保护补偿",
     "Horizontal ecological compensation between Sichuan and Chongqing in the Yangtze basin",
     "in-progress", 65,
     [("补偿协议续签", "Agreement renewed", "2022-03-31", "2022-03-31"),
      ("2021年度补偿结算", "2021 settlement", "2022-06-30", "2022-06-30"),
      ("2022年度监测数据确认", "2022 monitoring data confirmed", "2022-12-31", "")],
     [("file", "jointenv compensation settle --year 2021", "", "", "", "")]),
    (11, "transboundary-pollution", SC, "ee", "重污染天气联合预警与应急联动",
     "Joint heavy-pollution alerts and emergency response",
     "in-progress", 70,
     [("统一预警分级", "Common alert levels", "2022-03-31", "2022-03-15"),
      ("秋冬季联合应急演练", "Autumn-winter joint drill", "2022-10-31", "")],
     [("indicator", "优良天数比例 ≥ 85 %", "air-good-days-pct", "", ">=", "85")]),
    (12, "transboundary-pollution", CQ, "eit", "水泥行业常态化错峰生产协同",
     "Coordinated staggered production of the cement industry",
     "in-progress", 80,
     [("错峰方案印发", "Staggering plan issued", "2022-01-31", "2022-01-20"),
      ("一季度错峰执行检查", "Q1 staggering checked", "2022-04-15", "2022-04-15"),
      ("四季度错峰安排", "Q4 staggering arranged", "2022-10-31", "")],
     [("indicator", "纳入错峰生产的熟料生产线 = 108 条", "cement-lines-staggered", "", "=", "108")]),
    (13, "transboundary-pollution", SC, "ee", "挥发性有机物和氮氧化物协同减排",
     "Joint reduction of VOCs and NOx",
     "in-progress", 50,
     [("重点企业清单", "List of key enterprises", "2022-04-30", "2022-04-30"),
      ("治理设施升级", "Treatment upgrades", "2022-11-30", "")],
     []),
    (14, "transboundary-pollution", CQ, "ee", "成渝地区双城经济圈无废城市共建",
     "Joint building of zero-waste cities in the Chengdu-Chongqing economic circle",
     "in-progress", 45,
     [("共建指标体系", "Common indicator system", "2022-05-31", "2022-05-31"),
      ("首批无废细胞评选", "First zero-waste cells selected", "2022-09-15", ""),
      ("年度评估", "Annual assessment", "2022-12-31", "")],
     [("text", "jointenv waste score --year 2022 (无废城市综合评分 / composite score)", "", "", "", ""),
      ("indicator", "开展评估的无废城市区县 = 9 个", "zero-waste-districts", "", "=", "9")]),
    (15, "transboundary-pollution", SC, "ee", "危险废物跨省转移白名单制度",
     "Whitelist for inter-provincial transfers of hazardous waste",
     "done", 100,
     [("白名单印发", "Whitelist issued", "2022-04-30", "2022-04-12")],
     [("file", "https://example.org/illustrative/whitelist-2022", "", "", "", "")]),
    (16, "transboundary-pollution", CQ, "agri", "长江流域重点水域十年禁渔联合执法",
     "Joint enforcement of the ten-year fishing ban in the Yangtze basin",
     "in-progress", 70,
     [("春季联合执法", "Spring joint enforcement", "2022-05-31", "2022-05-28"),
      ("秋季联合执法", "Autumn joint enforcement", "2022-10-31", "")],
     []),
    (17, "green-transformation", SC, "drc", "碳达峰实施方案协同",
     "Coordinated carbon-peaking implementation plans",
     "in-progress", 60,
     [("方案初稿", "Draft plans", "2022-06-30", "2022-06-30"),
      ("方案印发", "Plans issued", "2022-12-31", "")],
     [("file", "jointenv energy pathway --scenario data/scenarios/pathway-chengyu.json", "", "", "", "")]),
    (18, "green-transformation", CQ, "energy", "煤电机组有序退出",
     "Orderly retirement of coal power units",
     "in-progress", 50,
     [("退出清单", "Retirement list", "2022-05-31", "2022-05-31"),
      ("首批机组关停", "First units closed", "2022-09-30", "")],
     [("indicator", "已退役煤电机组 ≥ 3 台", "coal-units-retired", "", ">=", "3")]),
    (19, "green-transformation", SC, "eit", "重点行业强制性清洁生产审核",
     "Mandatory cleaner-production audits in key industries",
     "in-progress", 70,
     [("审核名单公布", "Audit list published", "2022-03-31", "2022-03-31"),
      ("审核验收过半", "Half of the audits accepted", "2022-10-31", "")],
     [("indicator", "通过审核企业 ≥ 20 家", "cp-audits-certified", "", ">=", "20")]),
    (20, "green-transformation", CQ, "energy", "川渝清洁能源走廊建设",
     "The Sichuan-Chongqing clean-energy corridor",
     "in-progress", 65,
     [("走廊规划", "Corridor plan", "2022-04-30", "2022-04-30"),
      ("新增装机并网", "New capacity connected", "2022-12-31", "")],
     [("indicator", "清洁能源装机 ≥ 60000 MW", "renewable-mw", "", ">=", "60000")]),
    (21, "green-transformation", SC, "ee", "碳排放权交易与碳普惠协同",
     "Emissions trading and carbon-inclusion schemes coordinated",
     "at-risk", 20,
     [("互认规则", "Mutual-recognition rules", "2022-06-30", ""),
      ("试点上线", "Pilot online", "2022-12-31", "")],
     []),
    (22, "green-transformation", CQ, "drc", "绿色金融改革创新",
     "Green finance reform and innovation",
     "in-progress", 55,
     [("项目库", "Project pipeline", "2022-05-31", "2022-05-31"),
      ("年度评估", "Annual review", "2022-12-31", "")],
     []),
    (23, "green-transformation", SC, "drc", "工业园区循环化改造",
     "Circular retrofit of industrial parks",
     "planned", 0,
     [("园区名单", "List of parks", "2022-10-31", "")],
     []),
    (24, "green-transformation", CQ, "eit", "新能源汽车与充换电设施互联互通",
     "New-energy vehicles and interoperable charging",
     "dropped", 10,
     [("充电标准互认", "Charging standards recognised", "2022-06-30", "")],
     [("text", "并入国家充电基础设施专项 / merged into a national programme", "", "", "", "")]),
    (25, "ecological-shield", SC, "forest", "川渝生物多样性联合调查",
     "Joint biodiversity surveys",
     "in-progress", 60,
     [("调查样线布设", "Transects laid out", "2022-04-30", "2022-04-30"),
      ("夏季调查", "Summer survey", "2022-08-31", "2022-08-31"),
      ("调查报告", "Survey report", "2022-12-31", "")],
     [("file", "data/demo/chengyu/ecology/survey.csv", "", "", "", "")]),
    (26, "ecological-shield", CQ, "agri", "农作物与林木种质资源库共建共享",
     "Shared crop and forest gene banks",
     "in-progress", 45,
     [("资源目录互认", "Catalogues recognised", "2022-06-30", "2022-06-30"),
      ("更新繁殖计划", "Regeneration plan", "2022-09-20", "")],
     []),
    (27, "ecological-shield", SC, "forest", "天然林保护与国土绿化",
     "Natural-forest protection and afforestation",
     "in-progress", 70,
     [("春季造林", "Spring planting", "2022-04-30", "2022-04-25"),
      ("秋季造林", "Autumn planting", "2022-11-30", "")],
     [("text", "jointenv forest progress", "", "", "", "")]),
    (28, "ecological-shield", SC, "forest", "大熊猫国家公园与自然保护地协同管理",
     "Giant Panda National Park and protected areas managed together",
     "done", 100,
     [("巡护协作机制", "Ranger cooperation", "2022-05-31", "2022-05-20")],
     []),
    (29, "ecological-shield", CQ, "water", "水土流失综合治理",
     "Soil-erosion control",
     "in-progress", 35,
     [("治理方案", "Plan", "2022-04-30", "2022-04-30"),
      ("年度治理面积过半", "Half of the year's area treated", "2022-08-31", "")],
     []),
    (30, "ecological-shield", CQ, "forest", "长江上游珍稀鱼类栖息地保护",
     "Habitats of rare fish in the upper Yangtze",
     "in-progress", 40,
     [("栖息地评估", "Habitat assessment", "2022-09-30", "2022-09-30"),
      ("增殖放流", "Restocking", "2022-11-30", "")],
     []),
    (31, "joint-mechanisms", SC, "ee", "川渝生态环境标准统一",
     "Common ecological and environmental standards",
     "in-progress", 50,
     [("标准清单", "List of standards", "2022-05-31", "2022-05-31"),
      ("首批统一标准发布", "First common standards published", "2022-12-31", "")],
     []),
    (32, "joint-mechanisms", CQ, "ee", "生态环境监测数据共享平台",
     "Shared environmental monitoring data platform",
     "in-progress", 80,
     [("数据共享协议", "Data-sharing agreement", "2022-03-31", "2022-03-31"),
      ("平台上线", "Platform online", "2022-09-30", "2022-09-26"),
      ("审计链互验", "Audit chains cross-verified", "2022-12-31", "")],
     [("text", "jointenv audit verify; jointenv audit export", "", "", "", "")]),
]


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    assert len(T) == 32
    tasks, ms, ev = [], [], []
    for (n, cat, lead, ag, tzh, ten, status, pct, mss, evs) in T:
        code = "CY22-%02d" % n
        co = CQ if lead == SC else SC
        la, ca = AG[ag] if lead == SC else AG[ag][::-1]
        tasks.append([code, 2022, cat, tzh, ten, lead, co, la, ca, status, pct])
        for k, (mzh, men, due, done) in enumerate(mss, 1):
            ms.append([code, k, mzh, men, due, done])
        for k, (kind, text, ind, scope, op, target) in enumerate(evs, 1):
            ev.append([code, k, kind, text, ind, scope, op, target])
    write("programme_2022_tasks.csv",
          ["code", "year", "category", "title_zh", "title_en", "lead", "co_lead",
           "lead_agency", "co_lead_agency", "status", "progress_pct"], tasks)
    write("programme_2022_milestones.csv",
          ["task", "seq", "title_zh", "title_en", "due_on", "done_on"], ms)
    write("programme_2022_evidence.csv",
          ["task", "seq", "kind", "text", "indicator", "scope", "op", "target"], ev)


if __name__ == "__main__":
    main()
