// Overview: headline figures of both sides.
import { getJSON, list } from "../api.js";
import { nameOf, t } from "../i18n.js";

function card(label, value, sub = "") {
  return `<div class="card"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
}

const pct = (a, b) => (b ? `${Math.round((100 * a) / b)}%` : "–");

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
