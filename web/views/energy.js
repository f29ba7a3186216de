// Energy: the dual-control barometer (red / yellow / green per jurisdiction and
// district; intensity-reduction progress and allowance used against time elapsed) and
// CO2 by sector for each side.
import { esc, getOptional, list, lightColour } from "../api.js";
import { nameOf, t } from "../i18n.js";

const pct = (v) => (v === null || v === undefined ? "–" : `${(100 * v).toFixed(1)}%`);
const light = (l) => `<span class="light" style="background:${lightColour[l] || "#999"}" title="${esc(t("level." + l))}"></span>${esc(t("level." + l))}`;

function progressChart(el, rows, name) {
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "–" : `${v.toFixed(1)}%`) },
    legend: { top: 0 },
    grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: rows.map(name), axisLabel: { interval: 0, rotate: rows.length > 3 ? 30 : 0, fontSize: 11 } },
    yAxis: { type: "value", name: "%" },
    series: [
      { name: t("energy.reduction") + " / " + t("energy.target"), type: "bar", itemStyle: { color: "#6b7785" },
        data: rows.map((r) => ({ value: r.progress === null ? null : 100 * r.progress, itemStyle: { color: lightColour[r.intensity_level] } })) },
      { name: t("energy.used"), type: "bar", itemStyle: { color: "#b7c0ca" },
        data: rows.map((r) => ({ value: r.used_share === null ? null : 100 * r.used_share, itemStyle: { color: lightColour[r.total_level], opacity: 0.6 } })) },
      { name: t("energy.elapsed"), type: "line", data: rows.map((r) => 100 * r.elapsed_share), lineStyle: { type: "dashed" }, itemStyle: { color: "#333" } },
    ],
  }, true);
}

function co2Chart(el, rows, jname) {
  const sectors = [...new Set(rows.map((r) => r.sector))].sort();
  const jurs = [...new Set(rows.map((r) => r.jurisdiction))].sort();
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: jurs.map(jname) },
    yAxis: { type: "value" },
    series: sectors.map((s) => ({ name: s, type: "bar", stack: "co2",
      data: jurs.map((j) => { const r = rows.find((x) => x.jurisdiction === j && x.sector === s); return r && r.co2_t !== null ? +(r.co2_t / 1e4).toFixed(1) : 0; }) })),
  }, true);
}

export default async function energy(el) {
  const baro = await getOptional("/api/v1/energy/barometer?limit=1");
  if (baro === null) {
    el.innerHTML = `<h3>${t("energy.barometer")}</h3><p class="none">${esc(t("energy.none"))}</p>`;
    return;
  }
  const [rows, sectors, jur] = await Promise.all([
    list("/api/v1/energy/barometer"), list("/api/v1/energy/account?by=sector"), list("/api/v1/jurisdictions")]);
  const jname = (c) => { const j = jur.find((x) => x.code === c); return j ? nameOf(j) : c; };
  const name = (r) => (r.district ? `${jname(r.jurisdiction)} ${r.district}` : jname(r.jurisdiction));
  const year = rows.length ? rows[0].year : "";
  el.innerHTML = `<h3>${t("energy.barometer")} · ${year}</h3><div class="cards" id="elights">${rows.filter((r) => !r.district).map((r) =>
      `<div class="card"><div class="label">${esc(jname(r.jurisdiction))}</div><div class="value">${light(r.level)}</div>
       <div class="sub">${t("energy.reduction")} ${pct(r.intensity_reduction)} / ${t("energy.target")} ${pct(r.target_reduction)} · ${t("energy.elapsed")} ${pct(r.elapsed_share)}</div></div>`).join("")}</div>
    <div class="split"><div><h3>${t("energy.progress")}</h3><div class="chart" id="ebar"></div></div>
    <div><h3>${t("energy.co2")}</h3><div class="chart" id="eco2"></div></div></div>
    <div class="panel" id="etable"><table><thead><tr><th>${t("col.jurisdiction")}</th><th>${t("col.district")}</th><th>${t("energy.level")}</th><th>${t("energy.intensity")}</th><th>${t("energy.reduction")}</th><th>${t("energy.target")}</th><th>${t("energy.elapsed")}</th><th>${t("energy.total")}</th><th>${t("energy.used")}</th></tr></thead><tbody>` +
    rows.map((r) => `<tr><td>${esc(jname(r.jurisdiction))}</td><td>${esc(r.district || "–")}</td><td>${light(r.level)}</td><td class="num">${r.intensity?.toFixed(4) ?? "–"}</td><td class="num">${pct(r.intensity_reduction)}</td><td class="num">${pct(r.target_reduction)}</td><td class="num">${pct(r.elapsed_share)}</td><td class="num">${r.energy_tce === null ? "–" : Math.round(r.energy_tce).toLocaleString()}</td><td class="num">${pct(r.used_share)}</td></tr>`).join("") +
    `</tbody></table></div>`;
  progressChart(document.getElementById("ebar"), rows, name);
  co2Chart(document.getElementById("eco2"), sectors.filter((r) => r.jurisdiction !== "joint"), jname);
}
