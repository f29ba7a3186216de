// Overview: headline figures of both sides.
import { getJSON, list } from "../api.js";
import { nameOf, t } from "../i18n.js";

function card(label, value, sub = "") {
  return `<div class="card"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
}

const pct = (a, b) => (b ? `${Math.round((100 * a) / b)}%` : "–");

// The share of days with AQI ≤ 100 (优良天数比例) in the latest year with data, the
// mean over the cities.
async function goodAir() {
  let last;
  try { last = (await getJSON("/api/v1/air/daily?limit=1")).items[0]; } catch (e) { return ""; }
  if (!last) return "";
  const days = await list(`/api/v1/air/daily?from=${last.date.slice(0, 4)}-01-01&to=${last.date.slice(0, 4)}-12-31`);
  const by = new Map();
  for (const d of days) {
    if (d.aqi === null) continue;
    const c = by.get(d.unit) || { good: 0, n: 0 };
    c.n++; if (d.aqi <= 100) c.good++;
    by.set(d.unit, c);
  }
  const shares = [...by.values()].map((c) => c.good / c.n);
  if (!shares.length) return "";
  const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
  return card(t("ov.goodair"), `${Math.round(100 * mean)}%`, t("ov.goodair.sub", { year: last.date.slice(0, 4), n: shares.length }));
}

export default async function overview(el) {
  const [jur, assess, stations, plants] = await Promise.all([
    list("/api/v1/jurisdictions"),
    getJSON("/api/v1/water/assessment?limit=1000"),
    list("/api/v1/stations"),
    list("/api/v1/plants"),
  ]);
  const rows = assess.items;
  const period = rows.length ? rows[0].period : "";
  const scored = rows.filter((r) => r.met !== null);
  const met = scored.filter((r) => r.met).length;
  const boundary = scored.filter((r) => r.kind === "boundary");
  let html = `<div class="cards">`;
  html += card(t("ov.sections"), pct(met, scored.length), t("ov.sections.sub", { met, n: scored.length, period }));
  html += card(t("ov.boundary"), pct(boundary.filter((r) => r.met).length, boundary.length),
    `${boundary.filter((r) => r.met).length}/${boundary.length}`);
  html += await goodAir();
  html += card(t("ov.stations"), stations.length);
  html += card(t("ov.plants"), plants.length);
  html += `</div><div class="cards">`;
  for (const j of jur) {
    const mine = scored.filter((r) => r.jurisdiction === j.code);
    const ok = mine.filter((r) => r.met).length;
    html += card(`${nameOf(j)} · ${t("ov.sections")}`, pct(ok, mine.length), `${ok}/${mine.length}`);
  }
  el.innerHTML = html + `</div>`;
}
