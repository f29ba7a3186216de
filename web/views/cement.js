// Cement: the clinker lines on the map by performance grade, the published stop
// schedule as a Gantt chart (a row per line, stops coloured by jurisdiction; filter by
// jurisdiction or market region), capacity running against demand, the exposure
// avoided, and the lines' table.
import { esc, getJSON, gradeColour, list } from "../api.js";
import { baseMap, dot } from "../map.js";
import { nameOf, t } from "../i18n.js";

const jurColour = { 510000: "#1f77e0", 500000: "#d9822b" };
const DAY = 86400000;

function gantt(el, lines, first, last) {
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  const data = [];
  lines.forEach((l, i) => {
    for (const iv of (l.stops || "").split(";").filter(Boolean)) {
      const [from, to] = iv.split("/");
      data.push({ value: [i, Date.parse(from), Date.parse(to) + DAY], itemStyle: { color: jurColour[l.jurisdiction] || "#888" }, l, from, to });
    }
  });
  el.style.height = `${Math.max(240, 60 + 16 * lines.length)}px`;
  chart.resize();
  chart.setOption({
    tooltip: { formatter: (p) => `${esc(nameOf(p.data.l))} (${p.data.l.code})<br>${p.data.from} – ${p.data.to}` },
    grid: { left: 150, right: 20, top: 10, bottom: 30 },
    xAxis: { type: "time", min: Date.parse(first), max: Date.parse(last) + DAY },
    yAxis: { type: "category", inverse: true, data: lines.map((l) => `${nameOf(l)}`), axisLabel: { fontSize: 10 } },
    dataZoom: lines.length > 30 ? [{ type: "slider", yAxisIndex: 0, right: 0, width: 14, startValue: 0, endValue: 29 }] : [],
    series: [{
      type: "custom",
      renderItem: (params, api) => {
        const y = api.value(0), a = api.coord([api.value(1), y]), b = api.coord([api.value(2), y]);
        const h = api.size([0, 1])[1] * 0.7;
        return { type: "rect", shape: { x: a[0], y: a[1] - h / 2, width: Math.max(2, b[0] - a[0]), height: h }, style: { fill: api.visual("color") } };
      },
      encode: { x: [1, 2], y: 0 },
      data,
    }],
  }, true);
}

function capacityChart(el, rows) {
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const sum = (k) => dates.map((d) => rows.filter((r) => r.date === d).reduce((s, r) => s + (r[k] ?? 0), 0));
  const hasDemand = rows.some((r) => r.demand_t_d !== null);
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 30, bottom: 30 },
    xAxis: { type: "category", data: dates },
    yAxis: { type: "value", name: "t/d" },
    series: [
      { name: t("cement.running"), type: "line", areaStyle: { opacity: 0.2 }, showSymbol: false, data: sum("running_t_d") },
      { name: t("cement.stopped"), type: "bar", stack: "s", data: sum("stopped_t_d"), itemStyle: { color: "#bbb" } },
      ...(hasDemand ? [{ name: t("cement.demand"), type: "line", showSymbol: false, lineStyle: { type: "dashed", color: "#d62728" }, data: sum("demand_t_d") }] : []),
    ],
  }, true);
}

async function schedule(el) {
  const runs = await list("/api/v1/runs?engine=stagger");
  const box = document.getElementById("csched");
  if (!runs.length) {
    box.innerHTML = `<p class="none">${esc(t("cement.none"))}</p>`;
    box.dataset.published = "0";
    return;
  }
  const [lines, capacity, summary] = await Promise.all([
    list("/api/v1/stagger/schedule"), list("/api/v1/stagger/capacity"), getJSON("/api/v1/stagger/summary")]);
  const jurs = [...new Set(lines.map((l) => l.jurisdiction))].sort();
  const regions = [...new Set(lines.map((l) => l.region))].sort();
  const ex = summary.exposure || {};
  box.dataset.published = "1";
  box.innerHTML = `<div class="cards"><div class="card"><div class="label">${t("cement.exposure")}</div>
      <div class="value">${ex.avoided_share === null || ex.avoided_share === undefined ? "–" : Math.round(100 * ex.avoided_share) + "%"}</div>
      <div class="sub">${esc(t("cement.exposure.sub", { run: summary.run, from: summary.first_day, to: summary.last_day, share: ex.avoided_share === null ? "–" : (100 * ex.avoided_share).toFixed(1) + "%" }))}</div></div>
      <div class="card"><div class="label">${t("cement.stopdays")}</div><div class="value">${summary.stop_days}</div><div class="sub">${summary.lines} · ${esc(summary.rules)}</div></div></div>
    <div class="panel">${t("cement.filter")} <select id="cjur"><option value="">${t("col.jurisdiction")}: ${t("cement.all")}</option>${jurs.map((j) => `<option>${esc(j)}</option>`).join("")}</select>
      <select id="creg"><option value="">${t("cement.all")}</option>${regions.map((r) => `<option>${esc(r)}</option>`).join("")}</select>
      <span class="legend">${jurs.map((j) => `<span><span class="swatch" style="background:${jurColour[j] || "#888"}"></span>${esc(j)}</span>`).join("")}</span></div>
    <div class="chart" id="cgantt"></div>
    <h3>${t("cement.capacity")}</h3><div class="chart" id="ccap"></div>`;
  const draw = () => {
    const j = document.getElementById("cjur").value, r = document.getElementById("creg").value;
    const shown = lines.filter((l) => (!j || l.jurisdiction === j) && (!r || l.region === r));
    gantt(document.getElementById("cgantt"), shown, summary.first_day, summary.last_day);
    capacityChart(document.getElementById("ccap"), capacity.filter((c) => !r || c.region === r));
    document.getElementById("cgantt").dataset.lines = String(shown.length);
  };
  document.getElementById("cjur").addEventListener("change", draw);
  document.getElementById("creg").addEventListener("change", draw);
  draw();
}

export default async function cement(el) {
  el.innerHTML = `<h3>${t("cement.map")}</h3><div class="map" id="cmap"></div>
    <div class="legend">${Object.entries(gradeColour).map(([g, c]) => `<span><span class="swatch" style="background:${c}"></span>${g}</span>`).join("")}</div>
    <h3>${t("cement.schedule")}</h3><div id="csched"></div>
    <h3>${t("cement.table")}</h3><div class="panel" id="ctable"></div>`;
  const plants = await list("/api/v1/plants");
  const map = await baseMap(document.getElementById("cmap"));
  for (const p of plants) if (p.lat !== null) dot(p.lat, p.lon, gradeColour[p.grade] || "#999", `${nameOf(p)} · ${p.grade}`, 6).addTo(map);
  document.getElementById("ctable").innerHTML = `<table><thead><tr><th>${t("col.code")}</th><th>${t("col.name")}</th><th>${t("col.jurisdiction")}</th><th>${t("col.grade")}</th><th>${t("col.capacity")}</th></tr></thead><tbody>` +
    plants.map((p) => `<tr><td>${p.code}</td><td>${nameOf(p)}</td><td>${p.jurisdiction}</td><td>${p.grade}</td><td>${p.capacity_t_d}</td></tr>`).join("") + `</tbody></table>`;
  await schedule(el);
}
