// The JSON API (docs/server.md). list() follows the "next" cursors to the end.
export async function getJSON(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error(body?.error?.message || `${r.status} ${r.statusText}`);
  return body;
}

export async function list(path) {
  const sep = path.includes("?") ? "&" : "?";
  let items = [], cursor = null;
  do {
    const page = await getJSON(`${path}${sep}limit=1000${cursor ? "&cursor=" + encodeURIComponent(cursor) : ""}`);
    items = items.concat(page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}

// Standard colours: GB 3838 classes (blue I–II, green III, yellow IV, orange V, red 劣V,
// as the bulletins draw them — docs/STANDARDS.md marks them MEM) and AQI (HJ 633 Appendix A).
export const classColour = { I: "#1f77e0", II: "#1f77e0", III: "#2ca02c", IV: "#e6c800", V: "#ff7f0e", "劣V": "#d62728" };
export const gradeColour = { A: "#2ca02c", B: "#1f77e0", C: "#ff7f0e", D: "#d62728" };
export const aqiColour = [[50, "#00E400"], [100, "#FFFF00"], [150, "#FF7E00"], [200, "#FF0000"], [300, "#99004C"], [Infinity, "#7E0023"]];
