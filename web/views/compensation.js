// Compensation: the ledger with each pair's running balance, who pays whom (the
// settlement lines' amounts per payer → payee), and the settlement lines; a click on a
// line opens its basis: outcome, clause, and the formula with its numbers.
import { esc, getJSON, list } from "../api.js";
import { nameOf, t } from "../i18n.js";

const yuan = (s) => Number(s).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function whoPaysWhom(el, lines, name) {
  const flows = new Map();
  for (const l of lines) {
    if (!l.payer || !l.payee || !l.amount_fen) continue;
    const k = `${l.payer}→${l.payee}`;
    flows.set(k, (flows.get(k) || 0) + l.amount_fen);
  }
  const keys = [...flows.keys()].sort();
  const label = (k) => k.split("→").map(name).join(" → ");
  const chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: (v) => `¥${yuan(v)}` },
    grid: { left: 10, right: 30, top: 10, bottom: 10, containLabel: true },
    xAxis: { type: "value", name: "¥" },
    yAxis: { type: "category", data: keys.map(label) },
    series: [{ type: "bar", data: keys.map((k) => flows.get(k) / 100), itemStyle: { color: "#0b6bcb" }, label: { show: true, position: "right", formatter: (p) => `¥${yuan(p.value)}` } }],
  }, true);
}

function explain(box, l, name) {
  box.innerHTML = `<h4>${esc(l.section || "POOL")} · ${esc(l.period)}</h4><table>
    <tr><th>${t("col.agreement")}</th><td>${esc(l.agreement)} (${esc(l.rule)})</td></tr>
    <tr><th>${t("col.outcome")}</th><td>${esc(l.outcome)}</td></tr>
    <tr><th>${t("col.payer")}</th><td>${esc(l.payer ? name(l.payer) : "–")}</td></tr>
    <tr><th>${t("col.payee")}</th><td>${esc(l.payee ? name(l.payee) : "–")}</td></tr>
    <tr><th>${t("col.amount")}</th><td>¥${yuan(l.amount_yuan)}</td></tr>
    <tr><th>${t("col.clause")}</th><td class="wrap">${esc(l.clause)}</td></tr>
    <tr><th>${t("col.formula")}</th><td class="wrap"><code>${esc(l.formula)}</code></td></tr>
    <tr><th>${t("col.run")}</th><td><a href="/api/v1/runs/${l.run}" target="_blank">${l.run}</a></td></tr></table>`;
  box.dataset.line = l.code;
}

export default async function compensation(el) {
  const [ledger, lines, jur] = await Promise.all([
    list("/api/v1/compensation/ledger"), list("/api/v1/compensation/settlements"), list("/api/v1/jurisdictions")]);
  const name = (c) => { const j = jur.find((x) => x.code === c); return j ? nameOf(j) : c; };
  if (!ledger.length && !lines.length) {
    el.innerHTML = `<h3>${t("comp.ledger")}</h3><p class="none" id="cnone">${esc(t("comp.none"))}</p>`;
    return;
  }
  el.innerHTML = `<h3>${t("comp.ledger")}</h3><div class="panel" id="pledger"></div>
    <div class="split"><div><h3>${t("comp.who")}</h3><div class="chart" id="pchart"></div></div>
    <div><h3>${t("comp.explain")}</h3><div class="panel" id="explain"><p>${t("comp.click")}</p></div></div></div>
    <h3>${t("comp.settlements")}</h3><label><input type="checkbox" id="ppaying" checked> ${t("comp.paying")}</label>
    <div class="panel" id="psettle"></div>`;
  document.getElementById("pledger").innerHTML = `<table><thead><tr><th>${t("col.period")}</th><th>${t("col.agreement")}</th><th>${t("col.payer")}</th><th>${t("col.payee")}</th><th>${t("col.amount")}</th><th>${t("col.owes")}</th><th>${t("col.balance")}</th><th>${t("col.kind")}</th><th>${t("col.run")}</th></tr></thead><tbody>` +
    ledger.map((l) => `<tr><td>${esc(l.period)}</td><td>${esc(l.agreement)}</td><td>${esc(name(l.payer))}</td><td>${esc(name(l.payee))}</td><td class="num">${yuan(Math.abs(l.net_yuan))}</td><td>${esc(name(l.owes))} → ${esc(name(l.owed))}</td><td class="num">${yuan(Math.abs(l.balance_yuan))}</td><td>${esc(l.kind)}</td><td>${l.run}</td></tr>`).join("") + `</tbody></table>`;
  whoPaysWhom(document.getElementById("pchart"), lines, name);
  const box = document.getElementById("explain");
  const paying = document.getElementById("ppaying");
  const table = () => {
    const shown = lines.map((l, i) => [l, i]).filter(([l]) => !paying.checked || l.amount_fen > 0);
    document.getElementById("psettle").innerHTML = `<table><thead><tr><th>${t("col.section")}</th><th>${t("col.period")}</th><th>${t("col.outcome")}</th><th>${t("col.payer")}</th><th>${t("col.payee")}</th><th>${t("col.amount")}</th></tr></thead><tbody>` +
    shown.map(([l, i]) => `<tr data-i="${i}" tabindex="0"><td>${esc(l.section || "POOL")}</td><td>${esc(l.period)}</td><td>${esc(l.outcome)}</td><td>${esc(l.payer ? name(l.payer) : "–")}</td><td>${esc(l.payee ? name(l.payee) : "–")}</td><td class="num">${yuan(l.amount_yuan)}</td></tr>`).join("") + `</tbody></table>`;
    document.querySelectorAll("#psettle tbody tr").forEach((tr) => {
      const open = () => { explain(box, lines[Number(tr.dataset.i)], name); document.querySelectorAll("#psettle tr.sel").forEach((x) => x.classList.remove("sel")); tr.classList.add("sel"); };
      tr.addEventListener("click", open);
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    });
  };
  paying.addEventListener("change", table);
  table();
}
