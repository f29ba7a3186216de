// Inspections: the outfall registry on the map (fill: risk score 0–100; outline: the
// owning side), the double-random draws with their targets and teams, rectification
// cases counted by state and side with their overdue escalation level (docs/inspect.md:
// 1 for 1–30 days, 2 for 31–90, 3 beyond, computed by the server as of today), and the
// joint patrols. The dashboard asks anonymously, so it sees the public subset only:
// closed draws and closed cases (GET /api/v1/inspections/draws, /api/v1/cases).
import { esc, list } from "../api.js";
import { baseMap, riverLines } from "../map.js";
import { nameOf, t } from "../i18n.js";

// Outline colour of each side (ours; the map's fills are the risk scale).
const sideColour = { "510000": "#1f5fbf", "500000": "#c2410c" };
const caseStates = ["open", "rectifying", "submitted", "reopened", "verified", "closed"];
const escColour = ["#9aa5b1", "#e6c200", "#ff7e00", "#d62728"];

// Risk 0–100 → green (0) · yellow (50) · red (100).
export function riskColour(r) {
  if (r === null || r === undefined) return "#9aa5b1";
  const x = Math.max(0, Math.min(100, r)) / 100;
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const [c0, c1, f] = x < 0.5 ? [[44, 160, 44], [230, 194, 0], x / 0.5] : [[230, 194, 0], [214, 39, 40], (x - 0.5) / 0.5];
  return `rgb(${mix(c0[0], c1[0], f)},${mix(c0[1], c1[1], f)},${mix(c0[2], c1[2], f)})`;
}

function casesChart(el, cases, jname) {
  const sides = [...new Set(cases.map((c) => c.owner))].sort();
  const states = caseStates.filter((s) => cases.some((c) => c.state === s));
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: states.map((s) => t("case." + s)) },
    yAxis: { type: "value", minInterval: 1 },
    series: sides.map((j) => ({ name: jname(j), type: "bar", stack: "n", itemStyle: { color: sideColour[j] },
      data: states.map((s) => cases.filter((c) => c.owner === j && c.state === s).length) })),
  }, true);
}

export default async function inspect(el) {
  const today = new Date().toISOString().slice(0, 10);
  const [outfalls, draws, cases, patrols, jur] = await Promise.all([
    list("/api/v1/outfalls"), list("/api/v1/inspections/draws"), list(`/api/v1/cases?as_of=${today}`),
    list("/api/v1/patrols"), list("/api/v1/jurisdictions")]);
  const jname = (c) => { const j = jur.find((x) => x.code === c); return j ? nameOf(j) : c; };
  const oname = (code) => { const o = outfalls.find((x) => x.code === code); return o ? `${code} · ${nameOf(o)}` : code; };
  el.innerHTML = `<p class="note" id="ipublic">${esc(t("insp.public"))}</p>
    <div class="split"><div><h3>${esc(t("insp.map"))}</h3><div class="map" id="imap"></div>
      <div class="legend">${[0, 25, 50, 75, 100].map((r) => `<span><span class="swatch" style="background:${riskColour(r)}"></span>${r}</span>`).join("")}
        <span>${esc(t("insp.risk"))}</span>
        ${Object.entries(sideColour).map(([j, c]) => `<span><span class="swatch ring" style="border-color:${c}"></span>${esc(jname(j))}</span>`).join("")}</div></div>
    <div><h3>${esc(t("insp.cases"))}</h3><div id="icasebox"></div></div></div>
    <h3>${esc(t("insp.draws"))}</h3><div id="idraws"></div>
    <h3>${esc(t("insp.casetable"))}</h3><div id="icases"></div>
    <h3>${esc(t("insp.patrols"))}</h3><div id="ipatrols"></div>`;

  const map = await baseMap(document.getElementById("imap"));
  await riverLines(map, nameOf);
  let placed = 0;
  const group = L.featureGroup().addTo(map);
  for (const o of outfalls) {
    if (o.lat === null || o.lon === null) continue;
    const m = L.circleMarker([o.lat, o.lon], { radius: 6, color: sideColour[o.jurisdiction] || "#333", weight: 2,
      fillColor: riskColour(o.risk), fillOpacity: o.active ? 0.9 : 0.3 })
      .bindTooltip(`${esc(o.code)} · ${esc(nameOf(o))}<br>${esc(t("insp.type." + o.type))} · ${esc(t("insp.risk"))} ${o.risk ?? "–"}<br>${esc(t("insp.last"))} ${esc(o.last_inspected || "–")}`)
      .addTo(group);
    m.getElement()?.setAttribute("data-outfall", o.code);
    placed++;
  }
  if (placed) map.fitBounds(group.getBounds(), { padding: [20, 20] });
  document.getElementById("imap").dataset.outfalls = String(placed);

  const box = document.getElementById("icasebox");
  if (!cases.length) box.innerHTML = `<p class="none" id="icasenone">${esc(t("insp.cases.none"))}</p>`;
  else {
    box.innerHTML = `<div class="chart" id="icchart"></div>`;
    casesChart(document.getElementById("icchart"), cases, jname);
  }

  const dbox = document.getElementById("idraws");
  if (!draws.length) dbox.innerHTML = `<p class="none" id="idrawnone">${esc(t("insp.draws.none"))}</p>`;
  else {
    dbox.innerHTML = `<div class="panel"><table id="idrawtable"><thead><tr><th>#</th><th>${esc(t("insp.day"))}</th><th>${esc(t("insp.targets"))}</th><th>${esc(t("insp.strata"))}</th><th>${esc(t("insp.team"))}</th><th>${esc(t("insp.seed"))}</th><th>${esc(t("insp.hash"))}</th><th>${esc(t("insp.by"))}</th></tr></thead><tbody>` +
      draws.map((d) => `<tr><td>${d.id}</td><td>${esc(d.day)}</td><td class="num">${d.count}</td><td>${esc(t("insp.strata." + d.strata))}${d.jurisdiction ? ` · ${esc(jname(d.jurisdiction))}` : ""}</td><td class="num">${d.team_size}</td><td>${esc(d.seed)}</td><td><code title="${esc(d.list_hash)}">${esc(d.list_hash.slice(0, 12))}…</code></td><td>${esc(d.drawn_by)}</td></tr>` +
        (d.warnings ? `<tr><td></td><td colspan="7" class="wrap sub">⚠ ${esc(d.warnings)}</td></tr>` : "")).join("") +
      `</tbody></table></div><h4>${esc(t("insp.targetlist"))}</h4><div class="panel"><table id="itargets"><thead><tr><th>#</th><th>${esc(t("insp.rank"))}</th><th>${esc(t("insp.outfall"))}</th><th>${esc(t("insp.stratum"))}</th><th>${esc(t("insp.team"))}</th></tr></thead><tbody>` +
      draws.flatMap((d) => d.targets.map((x) => `<tr><td>${d.id}</td><td class="num">${x.rank}</td><td>${esc(oname(x.outfall))}</td><td>${esc(x.stratum)}</td><td>${esc(x.team.split(";").join(", "))}</td></tr>`)).join("") +
      `</tbody></table></div>`;
  }

  const cbox = document.getElementById("icases");
  if (!cases.length) cbox.innerHTML = `<p class="sub">${esc(t("insp.cases.empty"))}</p>`;
  else cbox.innerHTML = `<div class="panel"><table id="icasetable"><thead><tr><th>#</th><th>${esc(t("col.status"))}</th><th>${esc(t("insp.where"))}</th><th>${esc(t("insp.finding"))}</th><th>${esc(t("insp.foundby"))}</th><th>${esc(t("insp.owner"))}</th><th>${esc(t("insp.responsible"))}</th><th>${esc(t("insp.deadline"))}</th><th>${esc(t("insp.daysover"))}</th><th>${esc(t("insp.escalation"))}</th></tr></thead><tbody>` +
    cases.map((c) => `<tr><td>${c.id}</td><td>${esc(t("case." + c.state))}</td><td>${esc(c.outfall ? oname(c.outfall) : c.place)}</td><td class="wrap">${esc(c.finding)}</td><td>${esc(jname(c.found_by))}</td><td>${esc(jname(c.owner))}${c.handed_off ? ` <span class="chip" title="${esc(t("insp.handoff"))}">⇄</span>` : ""}</td><td>${esc(c.responsible || "–")}</td><td>${esc(c.deadline)}</td><td class="num">${c.days_overdue ?? "–"}</td><td><span class="chip" style="border-color:${escColour[c.escalation ?? 0]}">${esc(t("insp.level." + (c.escalation ?? 0)))}</span></td></tr>`).join("") +
    `</tbody></table></div>`;

  const pbox = document.getElementById("ipatrols");
  if (!patrols.length) pbox.innerHTML = `<p class="sub" id="ipatrolnone">${esc(t("insp.patrols.none"))}</p>`;
  else pbox.innerHTML = `<div class="panel"><table id="ipatroltable"><thead><tr><th>#</th><th>${esc(t("insp.day"))}</th><th>${esc(t("col.jurisdiction"))}</th><th>${esc(t("col.name"))}</th><th>${esc(t("insp.reaches"))}</th><th>${esc(t("insp.team"))}</th><th>${esc(t("insp.logs"))}</th><th>${esc(t("insp.findings"))}</th></tr></thead><tbody>` +
    patrols.map((p) => `<tr><td>${p.id}</td><td>${esc(p.day)}</td><td>${esc(jname(p.jurisdiction))}</td><td>${esc(p.title || "–")}</td><td>${esc(p.reaches)}</td><td>${esc(p.team)}</td><td class="num">${p.log_entries}</td><td class="num">${p.findings}</td></tr>`).join("") +
    `</tbody></table></div>`;
}
