// Cement: the clinker lines on the map by performance grade, and their table.
import { gradeColour, list } from "../api.js";
import { baseMap, dot } from "../map.js";
import { nameOf, t } from "../i18n.js";

export default async function cement(el) {
  el.innerHTML = `<h3>${t("cement.map")}</h3><div class="map" id="cmap"></div>
    <div class="legend">${Object.entries(gradeColour).map(([g, c]) => `<span><span class="swatch" style="background:${c}"></span>${g}</span>`).join("")}</div>
    <h3>${t("cement.table")}</h3><div class="panel" id="ctable"></div>`;
  const plants = await list("/api/v1/plants");
  const map = await baseMap(document.getElementById("cmap"));
  for (const p of plants) if (p.lat !== null) dot(p.lat, p.lon, gradeColour[p.grade] || "#999", `${nameOf(p)} · ${p.grade}`, 6).addTo(map);
  document.getElementById("ctable").innerHTML = `<table><thead><tr><th>${t("col.code")}</th><th>${t("col.name")}</th><th>${t("col.jurisdiction")}</th><th>${t("col.grade")}</th><th>${t("col.capacity")}</th></tr></thead><tbody>` +
    plants.map((p) => `<tr><td>${p.code}</td><td>${nameOf(p)}</td><td>${p.jurisdiction}</td><td>${p.grade}</td><td>${p.capacity_t_d}</td></tr>`).join("") + `</tbody></table>`;
}
