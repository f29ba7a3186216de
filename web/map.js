// A Leaflet map without tiles (the network may be closed): the two jurisdictions'
// boundaries from /geo/ and whatever layers a view adds.
export async function baseMap(el) {
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix("").addAttribution("Natural Earth");
  const style = { color: "#7a8794", weight: 1, fillColor: "#eef2f6", fillOpacity: 1 };
  const bounds = [];
  for (const code of ["CN-SC", "CN-CQ"]) {
    try {
      const g = await (await fetch(`/geo/${code}.json`)).json();
      const layer = L.geoJSON(g, { style: { ...style, fillColor: code === "CN-SC" ? "#eef3f8" : "#f6f1ea" } }).addTo(map);
      bounds.push(layer.getBounds());
    } catch (e) { /* the map still works without its boundaries */ }
  }
  if (bounds.length) map.fitBounds(bounds.reduce((a, b) => a.extend(b)), { padding: [8, 8] });
  else map.setView([30.2, 105.8], 6);
  return map;
}

// The river network (GET /api/v1/rivers.geojson): each reach as a blue line under the
// view's markers, its name on hover. Nothing when no network is stored.
export async function riverLines(map, nameOf) {
  try {
    const g = await (await fetch("/api/v1/rivers.geojson")).json();
    const reaches = { ...g, features: (g.features || []).filter((f) => f.properties.layer === "reach") };
    L.geoJSON(reaches, { style: { color: "#3b82c4", weight: 1.5, opacity: 0.8 }, interactive: true })
      .eachLayer((l) => l.bindTooltip(nameOf(l.feature.properties)))
      .addTo(map);
  } catch (e) { /* the map still works without its rivers */ }
}

export function dot(lat, lon, colour, title, radius = 7) {
  return L.circleMarker([lat, lon], { radius, color: "#333", weight: 1, fillColor: colour, fillOpacity: 0.9 })
    .bindTooltip(title);
}
