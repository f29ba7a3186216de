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

// The programme's headline figures (/api/v1/overview): alert episodes of the year, lines
// stopped today by the published schedule, the compensation balance of each pair.
async function headlines(jur) {
  const o = await getJSON("/api/v1/overview");
  const nameOfCode = (c) => { const j = jur.find((x) => x.code === c); return j ? nameOf(j) : c; };
  let html = "";
  const a = o.alerts;
  html += a && a.episodes !== undefined
    ? card(t("ov.alerts"), a.episodes, t("ov.alerts.sub", { year: a.year, n: a.episodes, joint: a.joint }))
    : card(t("ov.alerts"), "–", t("ov.alerts.none"));
  const s = o.stagger;
  html += s.published
    ? card(t("ov.stopped"), s.lines_stopped, t("ov.stopped.sub", { date: s.date, n: s.lines_stopped, lines: s.lines, cap: Math.round(s.capacity_stopped_t_d) }))
    : card(t("ov.stopped"), "–", t("ov.stopped.none"));
  const pairs = o.compensation.pairs;
  if (!pairs.length) html += card(t("ov.balance"), "–", t("ov.balance.none"));
  for (const p of pairs)
    html += card(t("ov.balance"), `¥${Number(p.balance_yuan).toLocaleString(undefined, { minimumFractionDigits: 2 })}`,
      t("ov.balance.sub", { owes: nameOfCode(p.owes), owed: nameOfCode(p.owed) }));
  return html;
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
  html += `</div><div class="cards" id="headlines">`;
  html += await headlines(jur);
  html += `</div><div class="cards">`;
  for (const j of jur) {
    const mine = scored.filter((r) => r.jurisdiction === j.code);
    const ok = mine.filter((r) => r.met).length;
    html += card(`${nameOf(j)} · ${t("ov.sections")}`, pct(ok, mine.length), `${ok}/${mine.length}`);
  }
  el.innerHTML = html + `</div>`;
}
