// Water: sections on the map coloured by their GB 3838 class; a click shows the
// section's sample history per item with the class limits as bands; river status.
import { classColour, getJSON, list } from "../api.js";
import { baseMap, dot, riverLines } from "../map.js";
import { nameOf, t } from "../i18n.js";

const bandColour = { I: "rgba(31,119,224,0.10)", II: "rgba(31,119,224,0.06)", III: "rgba(44,160,44,0.10)", IV: "rgba(230,200,0,0.12)", V: "rgba(255,127,14,0.12)" };

function historyChart(el, section, samples, limits, item) {
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  const lim = limits.find((l) => l.code === item);
  const bands = [];
  if (lim && !lim.minimum) {
    let lo = 0;
    for (const c of ["I", "II", "III", "IV", "V"]) {
      if (lim[c] === null || lim[c] <= lo) continue;
      bands.push([{ yAxis: lo, itemStyle: { color: bandColour[c] }, name: t("class.limit", { cls: c }) }, { yAxis: lim[c] }]);
      lo = lim[c];
    }
  }
  chart.setOption({
    title: { text: t("water.history", { name: nameOf(section) }), textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { left: 50, right: 20, top: 50, bottom: 40 },
    xAxis: { type: "time" },
    yAxis: { type: "value", name: lim ? `${item} (${lim.unit})` : item },
    series: [{
      type: "line", name: item, showSymbol: true,
      data: samples.filter((s) => s[item] !== null && s[item] !== undefined).map((s) => [s.sampled_at, s[item]]),
      markArea: { silent: true, data: bands, label: { show: true, position: "insideRight", fontSize: 10 } },
    }],
  }, true);
}

export default async function water(el) {
  el.innerHTML = `<div class="split"><div><div class="map" id="wmap"></div>
    <div class="legend">${["I", "II", "III", "IV", "V", "劣V"].map((c) => `<span><span class="swatch" style="background:${classColour[c]}"></span>${c}</span>`).join("")}</div></div>
    <div><div class="panel"><label>${t("water.item")} <select id="item"></select></label>
    <div class="chart" id="wchart"><p style="padding:12px">${t("water.click")}</p></div></div></div></div>
    <h3>${t("water.rivers")}</h3><div class="panel" id="rivers"></div>`;
  const [assess, rivers, limits] = await Promise.all([
    list("/api/v1/water/assessment"), list("/api/v1/water/assessment?level=river"), list("/api/v1/water/limits"),
  ]);
  const map = await baseMap(document.getElementById("wmap"));
  await riverLines(map, nameOf);
  const select = document.getElementById("item");
  let current = null;
  const show = async (s) => {
    const samples = await list(`/api/v1/sections/${encodeURIComponent(s.code)}/samples`);
    const items = limits.map((l) => l.code).filter((c) => samples.some((x) => x[c] !== undefined && x[c] !== null));
    const keep = items.includes(select.value) ? select.value : (items.includes("codmn") ? "codmn" : items[0]);
    select.innerHTML = items.map((c) => `<option value="${c}">${c}</option>`).join("");
    select.value = keep;
    current = { s, samples };
    const chartEl = document.getElementById("wchart");
    chartEl.innerHTML = "";
    historyChart(chartEl, s, samples, limits, keep);
    chartEl.dataset.section = s.code;
  };
  select.addEventListener("change", () => current && historyChart(document.getElementById("wchart"), current.s, current.samples, limits, select.value));
  for (const s of assess) {
    if (s.lat === null) continue;
    const colour = classColour[s.class] || "#9aa5b1";
    const m = dot(s.lat, s.lon, colour, `${nameOf(s)} · ${s.class ?? "–"}`).on("click", () => show(s)).addTo(map);
    m.getElement()?.setAttribute("data-section", s.code); // SVG path: clickable, and found by tests
  }
  document.getElementById("rivers").innerHTML = `<table><thead><tr><th>${t("col.river")}</th><th>${t("col.sections")}</th><th>${t("col.class")}</th><th>${t("col.status")}</th><th>${t("col.good")}</th><th>${t("col.main")}</th></tr></thead><tbody>` +
    rivers.map((r) => `<tr><td>${nameOf(r)}</td><td>${r.sections}</td><td>${r.class ?? ""}</td><td>${(document.documentElement.lang === "en" ? r.status_en : r.status_zh) ?? ""}</td><td>${r.share_good === null ? "" : Math.round(100 * r.share_good) + "%"}</td><td>${r.main_pollutants ?? ""}</td></tr>`).join("") +
    `</tbody></table>`;
  el._showSection = show; // for tests and deep links
  const first = assess.find((s) => s.lat !== null);
  el.dataset.firstSection = first ? first.code : "";
}
