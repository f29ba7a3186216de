// Ecology: the zero-waste composite ranking of the districts with the change since last
// year (a click on a bar or a row lists the district's indicators, score against target;
// docs/waste.md: score = min(100, 100·v/target), or target/v for lower-is-better), the
// gene-bank accessions with their regeneration status (docs/conserve.md), forest coverage
// and stock progress against the targets per unit (progress = share of the way done,
// elapsed = share of the time; on track when progress ≥ elapsed), and the diversity of
// the stored biodiversity surveys per site or jurisdiction (Shannon, Chao1; docs/survey.md).
import { esc, list } from "../api.js";
import { getLang, nameOf, t } from "../i18n.js";

const sideColour = { "510000": "#1f5fbf", "500000": "#c2410c" };
const statusColour = { ok: "#2ca02c", low_stock: "#e6c200", regeneration_due: "#ff7e00", regeneration_overdue: "#d62728" };
const state = { by: "site", wasteYear: null };
const fmt = (v, d = 1) => (v === null || v === undefined ? "–" : Number(v).toLocaleString(undefined, { maximumFractionDigits: d, minimumFractionDigits: d }));
const signed = (v) => (v === null || v === undefined || Number.isNaN(v) ? "–" : `${v > 0 ? "▲ +" : v < 0 ? "▼ " : ""}${fmt(v)}`);

function wasteChart(el, rows, onPick) {
  const sorted = [...rows].filter((r) => r.composite !== null).sort((a, b) => a.composite - b.composite);
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 10, right: 90, top: 10, bottom: 10, containLabel: true },
    xAxis: { type: "value", max: 100 },
    yAxis: { type: "category", data: sorted.map((r) => nameOf(r)) },
    series: [{ type: "bar", name: t("eco.composite"),
      data: sorted.map((r) => ({ value: +r.composite.toFixed(1), itemStyle: { color: sideColour[r.jurisdiction] || "#6b7785" } })),
      label: { show: true, position: "right", formatter: (p) => `${p.value.toFixed(1)}  ${signed(sorted[p.dataIndex].change)}` } }],
  }, true);
  chart.off("click");
  chart.on("click", (p) => onPick(sorted[p.dataIndex]));
}

function forestChart(el, rows, name) {
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  const label = (r) => `${name(r)}\n${t("eco.ind." + r.indicator)}`;
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "–" : `${v.toFixed(0)}%`) },
    legend: { top: 0 },
    grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: rows.map(label), axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: "value", name: "%", max: (v) => Math.max(100, Math.ceil(v.max / 10) * 10) },
    series: [
      { name: t("eco.progress"), type: "bar", data: rows.map((r) => ({ value: r.progress === null ? null : 100 * r.progress,
        itemStyle: { color: r.met ? "#2ca02c" : r.on_track ? "#1f77e0" : "#ff7e00" } })) },
      { name: t("energy.elapsed"), type: "line", data: rows.map((r) => (r.elapsed === null ? null : 100 * r.elapsed)), lineStyle: { type: "dashed" }, itemStyle: { color: "#333" } },
    ],
  }, true);
}

function diversityChart(el, rows) {
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 10, right: 10, top: 30, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0, fontSize: 11 } },
    yAxis: [{ type: "value", name: "H′" }, { type: "value", name: "Chao1" }],
    series: [
      { name: "Shannon H′", type: "bar", data: rows.map((r) => (r.shannon === null ? null : +r.shannon.toFixed(3))), itemStyle: { color: "#0b6bcb" } },
      { name: "Chao1", type: "bar", yAxisIndex: 1, data: rows.map((r) => (r.chao1 === null ? null : +r.chao1.toFixed(1))), itemStyle: { color: "#8fb8e8" } },
    ],
  }, true);
}

async function showIndicators(box, d, year) {
  box.innerHTML = `<p>${esc(t("loading"))}</p>`;
  const rows = await list(`/api/v1/waste/indicators?district=${encodeURIComponent(d.code)}&year=${year}`);
  box.innerHTML = `<h4>${esc(nameOf(d))} · ${year}</h4><table id="eindtable"><thead><tr><th>${esc(t("eco.indicator"))}</th><th>${esc(t("eco.value"))}</th><th>${esc(t("col.target"))}</th><th>${esc(t("eco.score"))}</th><th>${esc(t("col.met"))}</th></tr></thead><tbody>` +
    rows.map((x) => `<tr title="${esc(x.inputs || "")}"><td class="wrap">${x.mandatory ? "★ " : ""}${esc(x.indicator)} ${esc(nameOf({ name_zh: x.name_zh, name_en: x.name_en, code: x.indicator }))}</td>
      <td class="num">${fmt(x.value, 2)} ${esc(x.unit || "")}</td><td class="num">${fmt(x.target, 2)}</td>
      <td><div class="bar" style="min-width:70px"><span style="width:${x.score ?? 0}%"></span></div>${x.score === null ? esc(t("eco.notreported")) : fmt(x.score, 0)}</td>
      <td>${x.met === null ? "–" : `<span class="chip ${x.met ? "ok" : "bad"}">${esc(t(x.met ? "yes" : "no"))}</span>`}</td></tr>`).join("") +
    `</tbody></table><p class="sub">${esc(t("eco.rule"))}</p>`;
  box.dataset.district = d.code; // tests wait for this
}

export default async function ecology(el) {
  const [scores, bank, forests, jur] = await Promise.all([
    list("/api/v1/waste/scores"), list("/api/v1/genebank"), list("/api/v1/forests"), list("/api/v1/jurisdictions")]);
  const jname = (c) => { const j = jur.find((x) => x.code === c); return j ? nameOf(j) : c; };
  el.innerHTML = `<h3 id="ewtitle"></h3>
    <div id="ewaste"></div>
    <h3>${esc(t("eco.forests"))}</h3><div id="eforest"></div>
    <h3>${esc(t("eco.diversity"))}</h3>
    <div class="toolbar"><label>${esc(t("eco.by"))} <select id="eby"><option value="site">${esc(t("eco.by.site"))}</option><option value="jurisdiction">${esc(t("col.jurisdiction"))}</option></select></label></div>
    <div id="ediv"></div>
    <h3>${esc(t("eco.genebank"))}</h3><div id="ebank"></div>`;

  // Zero-waste: the latest year with data (the route's default) and up to four before it
  // that have a composite; a year selector over them.
  const wbox = document.getElementById("ewaste");
  const latest = scores.length ? scores[0].year : null;
  const cand = latest === null ? [] : [0, 1, 2, 3, 4].map((k) => latest - k);
  const perYear = await Promise.all(cand.map((y) => (y === latest ? scores : list(`/api/v1/waste/scores?year=${y}`))));
  const years = cand.filter((y, i) => perYear[i].some((r) => r.composite !== null));
  if (!years.includes(state.wasteYear)) state.wasteYear = years[0] ?? null;
  const drawWaste = () => {
    const year = state.wasteYear, rows = perYear[cand.indexOf(year)];
    document.getElementById("ewtitle").textContent = t("eco.waste", { year });
    wbox.innerHTML = `<div class="toolbar"><label>${esc(t("col.year"))} <select id="ewyear">${years.map((y) => `<option${y === year ? " selected" : ""}>${y}</option>`).join("")}</select></label></div>
      <div class="split"><div><div class="chart" id="ewchart"></div>
      <div class="legend">${Object.entries(sideColour).map(([j, c]) => `<span><span class="swatch" style="background:${c}"></span>${esc(jname(j))}</span>`).join("")}</div></div>
      <div class="panel" id="eind"><p>${esc(t("eco.click"))}</p></div></div>
      <div class="panel"><table id="ewtable" data-year="${year}"><thead><tr><th>${esc(t("eco.rank"))}</th><th>${esc(t("col.district"))}</th><th>${esc(t("col.jurisdiction"))}</th><th>${esc(t("eco.composite"))}</th><th>${esc(t("eco.change"))}</th><th>${esc(t("eco.coverage"))}</th><th>${esc(t("eco.mandatory"))}</th></tr></thead><tbody>` +
      [...rows].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99)).map((r) => `<tr data-district="${esc(r.code)}" tabindex="0"><td class="num">${r.rank ?? "–"}</td><td>${esc(nameOf(r))}</td><td>${esc(jname(r.jurisdiction))}</td><td class="num">${fmt(r.composite)}</td><td class="num ${r.change > 0 ? "good" : r.change < 0 ? "bad" : ""}">${signed(r.change)}</td><td class="num">${r.coverage === null ? "–" : Math.round(100 * r.coverage) + "%"}</td><td class="num">${r.mandatory_met}/${r.mandatory_total}</td></tr>`).join("") +
      `</tbody></table></div>`;
    const box = document.getElementById("eind");
    const pick = (d) => showIndicators(box, d, year).catch((e) => { box.innerHTML = `<p class="error">${esc(t("error.load", { msg: e.message }))}</p>`; });
    wasteChart(document.getElementById("ewchart"), rows, pick);
    document.querySelectorAll("#ewtable tbody tr").forEach((tr) => {
      const open = () => pick(rows.find((s) => s.code === tr.dataset.district));
      tr.addEventListener("click", open);
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    });
    document.getElementById("ewyear").addEventListener("change", (e) => { state.wasteYear = Number(e.target.value); drawWaste(); });
  };
  if (!years.length) {
    document.getElementById("ewtitle").textContent = t("eco.waste", { year: "" });
    wbox.innerHTML = `<p class="none">${esc(t("eco.waste.none"))}</p>`;
  } else drawWaste();

  // Forests: each unit's latest year, per indicator with a target.
  const fbox = document.getElementById("eforest");
  const newest = new Map();
  for (const r of forests) {
    if (r.target === null) continue;
    const k = `${r.unit}/${r.indicator}`;
    if (!newest.has(k) || newest.get(k).year < r.year) newest.set(k, r);
  }
  const frows = [...newest.values()].sort((a, b) => a.unit.localeCompare(b.unit) || a.indicator.localeCompare(b.indicator));
  if (!frows.length) fbox.innerHTML = `<p class="none">${esc(t("eco.forests.none"))}</p>`;
  else {
    const fmtv = (r, v) => (r.indicator === "stock_m3" ? `${fmt(v / 1e8, 2)} ${t("eco.unit.1e8m3")}` : `${fmt(v, 2)}%`);
    fbox.innerHTML = `<div class="split"><div><div class="chart" id="efchart"></div></div><div class="panel"><table id="eftable"><thead><tr><th>${esc(t("col.name"))}</th><th>${esc(t("eco.indicator"))}</th><th>${esc(t("col.year"))}</th><th>${esc(t("eco.value"))}</th><th>${esc(t("col.target"))}</th><th>${esc(t("eco.progress"))}</th><th>${esc(t("energy.elapsed"))}</th><th>${esc(t("col.status"))}</th></tr></thead><tbody>` +
      frows.map((r) => `<tr><td>${esc(nameOf(r))}</td><td>${esc(t("eco.ind." + r.indicator))}</td><td>${r.year}</td><td class="num">${fmtv(r, r.value)}</td><td class="num">${fmtv(r, r.target)} (${r.target_year})</td><td class="num">${fmt(100 * r.progress, 0)}%</td><td class="num">${fmt(100 * r.elapsed, 0)}%</td><td><span class="chip ${r.met || r.on_track ? "ok" : "bad"}">${esc(t(r.met ? "eco.met" : r.on_track ? "eco.ontrack" : "eco.behind"))}</span></td></tr>`).join("") +
      `</tbody></table></div></div>`;
    forestChart(document.getElementById("efchart"), frows, nameOf);
  }

  // Diversity per site or per jurisdiction.
  const by = document.getElementById("eby");
  by.value = state.by;
  const dbox = document.getElementById("ediv");
  const drawDiv = async () => {
    const rows = (await list(`/api/v1/surveys/diversity?by=${state.by}`)).map((r) => ({ ...r, label: state.by === "jurisdiction" ? jname(r.code) : r.code }));
    if (!rows.length) { dbox.innerHTML = `<p class="none">${esc(t("eco.diversity.none"))}</p>`; return; }
    dbox.innerHTML = `<div class="split"><div><div class="chart" id="edchart"></div></div><div class="panel"><table id="edtable"><thead><tr><th>${esc(t(state.by === "site" ? "eco.by.site" : "col.jurisdiction"))}</th>${state.by === "site" ? `<th>${esc(t("col.jurisdiction"))}</th>` : ""}<th>S</th><th>N</th><th>Shannon H′</th><th>Simpson</th><th>Chao1</th><th>ACE</th><th>${esc(t("eco.rarefied"))}</th></tr></thead><tbody>` +
      rows.map((r) => `<tr><td>${esc(r.label)}</td>${state.by === "site" ? `<td>${esc(jname(r.jurisdiction))}</td>` : ""}<td class="num">${r.S}</td><td class="num">${fmt(r.N, 0)}</td><td class="num">${fmt(r.shannon, 3)}</td><td class="num">${fmt(r.simpson, 3)}</td><td class="num">${fmt(r.chao1, 1)}</td><td class="num">${fmt(r.ace, 1)}</td><td class="num">${fmt(r.rarefied_S, 1)} (n=${fmt(r.rarefied_n, 0)})</td></tr>`).join("") +
      `</tbody></table></div></div>`;
    diversityChart(document.getElementById("edchart"), rows);
    dbox.dataset.by = state.by;
  };
  by.addEventListener("change", () => { state.by = by.value; drawDiv().catch((e) => { dbox.innerHTML = `<p class="error">${esc(t("error.load", { msg: e.message }))}</p>`; }); });
  await drawDiv();

  // Gene bank.
  const bbox = document.getElementById("ebank");
  const species = (r) => (getLang() === "en" ? r.species_en : r.species_zh) || r.species_zh || r.species_en;
  if (!bank.length) bbox.innerHTML = `<p class="none">${esc(t("eco.genebank.none"))}</p>`;
  else bbox.innerHTML = `<div class="panel"><table id="ebanktable"><thead><tr><th>${esc(t("col.code"))}</th><th>${esc(t("eco.species"))}</th><th>${esc(t("eco.kind"))}</th><th>${esc(t("eco.bank"))}</th><th>${esc(t("col.jurisdiction"))}</th><th>${esc(t("eco.accessions"))}</th><th>${esc(t("eco.samples"))}</th><th>${esc(t("eco.lastregen"))}</th><th>${esc(t("eco.since"))}</th><th>${esc(t("col.status"))}</th></tr></thead><tbody>` +
    [...bank].sort((a, b) => Object.keys(statusColour).indexOf(b.status) - Object.keys(statusColour).indexOf(a.status) || a.code.localeCompare(b.code)).map((r) => `<tr><td>${esc(r.code)}</td><td class="wrap">${esc(species(r))}</td><td>${esc(t("eco.kind." + r.kind))}</td><td class="wrap">${esc(r.bank)} · ${esc(r.location)}</td><td>${esc(jname(r.jurisdiction))}</td><td class="num">${r.accessions}</td><td class="num">${fmt(r.samples, 0)} / ${fmt(r.min_samples, 0)}</td><td>${esc(r.last_regeneration || "–")}</td><td class="num">${fmt(r.years_since, 1)} / ${fmt(r.interval_years, 0)}</td><td><span class="light" style="background:${statusColour[r.status] || "#999"}"></span>${esc(t("eco.status." + r.status))}</td></tr>`).join("") +
    `</tbody></table><p class="sub">${esc(t("eco.bank.rule"))}</p></div>`;
}
