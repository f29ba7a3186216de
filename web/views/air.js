// Air: the monitoring stations by city.
import { list } from "../api.js";
import { baseMap, dot } from "../map.js";
import { nameOf, t } from "../i18n.js";

export default async function air(el) {
  el.innerHTML = `<h3>${t("air.map")}</h3><div class="map" id="amap"></div><div class="panel" id="atable"></div>`;
  const stations = await list("/api/v1/stations");
  const map = await baseMap(document.getElementById("amap"));
  for (const s of stations) if (s.lat !== null) dot(s.lat, s.lon, "#00E400", `${nameOf(s)} · ${s.city}`, 5).addTo(map);
  const cityName = (s) => (document.documentElement.lang === "en" ? s.city_en : s.city_zh) || s.city;
  document.getElementById("atable").innerHTML = `<table><thead><tr><th>${t("col.code")}</th><th>${t("col.name")}</th><th>${t("col.city")}</th><th>${t("col.jurisdiction")}</th></tr></thead><tbody>` +
    stations.map((s) => `<tr><td>${s.code}</td><td>${nameOf(s)}</td><td>${cityName(s)}</td><td>${s.jurisdiction}</td></tr>`).join("") + `</tbody></table>`;
}
