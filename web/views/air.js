// Air: stations coloured by their daily AQI (HJ 633 colours) with a day slider, and a
// city's daily AQI over a year as a calendar heat-map.
import { getJSON, list } from "../api.js";
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

export default async function air(el) {
  el.innerHTML = `<h3>${t("air.map")}</h3>
    <div class="panel"><label>${t("air.day")} <input type="range" id="aday" min="0" max="0" value="0"></label> <b id="adate"></b></div>
    <div class="split"><div class="map" id="amap"></div>
    <div class="panel"><label>${t("col.city")} <select id="acity"></select></label><div class="chart" id="acal"></div></div></div>`;
  const days = await list("/api/v1/air/daily?by=station");
  const stations = await list("/api/v1/stations");
  const map = await baseMap(document.getElementById("amap"));
  const dates = [...new Set(days.map((d) => d.date))].sort();
  const byStation = new Map(stations.map((s) => [s.code, { s, marker: dot(s.lat, s.lon, "#ccc", nameOf(s), 6).addTo(map) }]));
  const slider = document.getElementById("aday");
  slider.max = String(Math.max(0, dates.length - 1));
  slider.value = slider.max;
  const paint = () => {
    const date = dates[Number(slider.value)];
    document.getElementById("adate").textContent = date ?? "";
    for (const d of days.filter((x) => x.date === date)) {
      const e = byStation.get(d.unit);
      if (!e) continue;
      e.marker.setStyle({ fillColor: d.colour || "#ccc" });
      e.marker.setTooltipContent(`${nameOf(e.s)} · ${date} · AQI ${d.aqi ?? "–"} ${(getLang() === "en" ? d.category_en : d.category_zh) ?? ""}`);
      e.marker.getElement()?.setAttribute("data-aqi", d.aqi ?? "");
    }
  };
  slider.addEventListener("input", paint);
  paint();
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
}
