// Air: stations coloured by AQI (HJ 633 colours) with a day slider and an hour slider
// (the daily AQI, or the real-time AQI of one hour), a city's daily AQI over a year as a
// calendar heat-map, and the year's heavy-pollution alerts per city as a timeline.
import { alertColour, list } from "../api.js";
import { baseMap, dot } from "../map.js";
import { getLang, nameOf, t } from "../i18n.js";

const levels = [[0, 50, "#00E400"], [51, 100, "#FFFF00"], [101, 150, "#FF7E00"], [151, 200, "#FF0000"], [201, 300, "#99004C"], [301, 500, "#7E0023"]];

function calendar(el, rows, year) {
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    tooltip: { formatter: (p) => `${p.value[0]}: AQI ${p.value[1]}` },
    visualMap: { type: "piecewise", orient: "horizontal", left: "center", bottom: 0,
      pieces: levels.map(([lo, hi, color], i) => ({ min: lo, max: hi, color, label: getLang() === "en" ? `${lo}–${hi}` : `${i + 1}级` })) },
    calendar: { range: String(year), cellSize: ["auto", 14], top: 30, left: 40, right: 20,
      dayLabel: { nameMap: getLang() === "en" ? "EN" : "ZH" }, monthLabel: { nameMap: getLang() === "en" ? "EN" : "ZH" }, yearLabel: { show: true } },
    series: [{ type: "heatmap", coordinateSystem: "calendar", data: rows.filter((r) => r.aqi !== null).map((r) => [r.date, r.aqi]) }],
  }, true);
}

// One row per city with an alert, a bar per episode from its first to its last day,
// coloured by level (ECharts custom series over a time axis).
function timeline(el, alerts) {
  const cities = [...new Map(alerts.map((a) => [a.city, a])).values()];
  const row = new Map(cities.map((c, i) => [c.city, i]));
  const day = 86400000;
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    tooltip: { formatter: (p) => { const a = p.data.a; return `${nameOf({ name_zh: a.name_zh, name_en: a.name_en, code: a.city })}<br>${a.start} – ${a.end} · ${t("alert." + a.level)} · AQI ${a.peak_aqi}`; } },
    grid: { left: 110, right: 20, top: 10, bottom: 30 },
    xAxis: { type: "time" },
    yAxis: { type: "category", data: cities.map((c) => nameOf({ name_zh: c.name_zh, name_en: c.name_en, code: c.city })), inverse: true },
    series: [{
      type: "custom",
      renderItem: (params, api) => {
        const y = api.value(0), from = api.coord([api.value(1), y]), to = api.coord([api.value(2), y]);
        const h = api.size([0, 1])[1] * 0.6;
        return { type: "rect", shape: { x: from[0], y: from[1] - h / 2, width: Math.max(2, to[0] - from[0]), height: h }, style: { fill: api.visual("color") } };
      },
      encode: { x: [1, 2], y: 0 },
      data: alerts.map((a) => ({ value: [row.get(a.city), Date.parse(a.start), Date.parse(a.end) + day], itemStyle: { color: alertColour[a.level] }, a })),
    }],
  }, true);
}

export default async function air(el) {
  el.innerHTML = `<h3>${t("air.map")}</h3>
    <div class="panel"><label>${t("air.day")} <input type="range" id="aday" min="0" max="0" value="0"></label> <b id="adate"></b>
      <label>${t("air.hour")} <input type="range" id="ahour" min="0" max="24" value="24"></label> <b id="ahourv"></b></div>
    <div class="split"><div class="map" id="amap"></div>
    <div class="panel"><label>${t("col.city")} <select id="acity"></select></label><div class="chart" id="acal"></div></div></div>
    <h3>${t("air.timeline")}</h3><div class="legend">${Object.entries(alertColour).map(([l, c]) => `<span><span class="swatch" style="background:${c}"></span>${t("alert." + l)}</span>`).join("")}</div>
    <div class="chart" id="atimeline"></div>`;
  const days = await list("/api/v1/air/daily?by=station");
  const stations = await list("/api/v1/stations");
  const map = await baseMap(document.getElementById("amap"));
  const dates = [...new Set(days.map((d) => d.date))].sort();
  const byStation = new Map(stations.map((s) => [s.code, { s, marker: dot(s.lat, s.lon, "#ccc", nameOf(s), 6).addTo(map) }]));
  const slider = document.getElementById("aday"), hour = document.getElementById("ahour");
  slider.max = String(Math.max(0, dates.length - 1));
  slider.value = slider.max;
  const hourly = new Map(); // date → its station-hours (fetched when an hour is chosen)
  const colourOf = (aqi) => (aqi === null ? "#ccc" : levels.find(([, hi]) => aqi <= hi)?.[2] ?? "#7E0023");
  const show = (code, when, r) => {
    const e = byStation.get(code);
    if (!e) return;
    e.marker.setStyle({ fillColor: r.colour || colourOf(r.aqi) });
    e.marker.setTooltipContent(`${nameOf(e.s)} · ${when} · AQI ${r.aqi ?? "–"} ${(getLang() === "en" ? r.category_en : r.category_zh) ?? ""}`);
    e.marker.getElement()?.setAttribute("data-aqi", r.aqi ?? "");
  };
  const paint = async () => {
    const date = dates[Number(slider.value)];
    const h = Number(hour.value);
    document.getElementById("adate").textContent = date ?? "";
    document.getElementById("ahourv").textContent = h === 24 ? t("air.daily") : `${String(h).padStart(2, "0")}:00`;
    if (h === 24) {
      for (const d of days.filter((x) => x.date === date)) show(d.unit, date, d);
    } else if (date) {
      if (!hourly.has(date)) hourly.set(date, await list(`/api/v1/air/hourly?from=${date}&to=${date}`));
      for (const r of hourly.get(date).filter((x) => x.hour === h)) show(r.station, r.time.slice(0, 16).replace("T", " "), r);
    }
    document.getElementById("amap").dataset.hour = String(h);
  };
  slider.addEventListener("input", paint);
  hour.addEventListener("input", paint);
  await paint();
  const cities = [...new Map(stations.map((s) => [s.city, s])).values()];
  const sel = document.getElementById("acity");
  sel.innerHTML = cities.map((s) => `<option value="${s.city}">${getLang() === "en" ? s.city_en : s.city_zh}</option>`).join("");
  const last = dates[dates.length - 1] || "2022-12-31";
  const year = last.slice(0, 4);
  const draw = async () => {
    const rows = await list(`/api/v1/air/daily?city=${encodeURIComponent(sel.value)}&from=${year}-01-01&to=${last}`);
    const cal = document.getElementById("acal");
    calendar(cal, rows, year);
    cal.dataset.city = sel.value;
  };
  sel.addEventListener("change", draw);
  await draw();
  const alerts = dates.length ? await list(`/api/v1/air/alerts?kind=city&from=${year}-01-01&to=${last}`) : [];
  const tl = document.getElementById("atimeline");
  if (alerts.length) timeline(tl, alerts);
  else tl.innerHTML = `<p>${t("air.timeline.none")}</p>`;
  tl.dataset.alerts = String(alerts.length);
}
