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

// Heavy-pollution alert levels (the plans name them by colour; hex values ours).
export const alertColour = { blue: "#1f6fd1", yellow: "#e6c200", orange: "#ff7e00", red: "#e02020" };
// Dual-control warning lights.
export const lightColour = { green: "#2ca02c", yellow: "#e6c200", red: "#d62728" };

// getJSON, but null for a 404 (a thing not there yet: no schedule, no data).
export async function getOptional(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (r.status === 404) return null;
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error(body?.error?.message || `${r.status} ${r.statusText}`);
  return body;
}

// list, but null for a 404.
export async function listOptional(path) {
  const first = await getOptional(path);
  return first === null ? null : list(path);
}

// Text safe for innerHTML.
export function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
