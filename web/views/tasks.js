// Tasks: the joint programme as a board — a row per category (in the order of
// docs/programme.md), a card per task with its status chip, its flag (overdue and at risk
// highlighted), a progress bar and the lead / co-lead sides. A click (or Enter) on a card
// opens the side panel: milestones (due, done, overdue), evidence with the live indicator
// value against its target, and the sign-offs. Overdue and at risk are judged by the
// server (GET /api/v1/tasks?as_of=) by the rules of docs/programme.md, never here.
import { esc, getJSON, list } from "../api.js";
import { getLang, nameOf, t } from "../i18n.js";

const categories = ["ecological-network", "transboundary-pollution", "green-transformation", "ecological-shield", "joint-mechanisms"];
const flags = ["overdue", "at-risk", "on-track", "done", "dropped"];
// The view's choices survive a language switch (the router re-renders the view).
const state = { year: null, asOf: null, flag: "" };

const title = (x) => (getLang() === "en" ? x.title_en : x.title_zh) || x.title_zh || x.title_en || x.code;
const iso = (d) => d.toISOString().slice(0, 10);

// Default "as of": today while the year runs, its last day once it is over, its first
// before it starts.
function defaultAsOf(year) {
  const today = iso(new Date());
  if (today < `${year}-01-01`) return `${year}-01-01`;
  return today > `${year}-12-31` ? `${year}-12-31` : today;
}

const chip = (kind, value) => `<span class="chip ${kind}-${esc(value)}">${esc(t(`${kind}.${value}`))}</span>`;

function card(x, jname) {
  const signed = [x.signed_lead && jname(x.lead), x.signed_co_lead && jname(x.co_lead)].filter(Boolean);
  return `<article class="tcard flag-${esc(x.flag)}" data-task="${esc(x.code)}" tabindex="0" role="button" aria-label="${esc(x.code)}">
    <div class="thead"><b>${esc(x.code)}</b>${chip("status", x.status)}${x.flag === "overdue" || x.flag === "at-risk" ? chip("flag", x.flag) : ""}</div>
    <div class="ttitle">${esc(title(x))}</div>
    <div class="bar" title="${x.progress_pct}%"><span style="width:${Math.max(0, Math.min(100, x.progress_pct))}%"></span></div>
    <div class="sub">${x.progress_pct}% · ${esc(t("tasks.milestones.n", { done: x.milestones_done, n: x.milestones }))}${x.overdue ? ` · <span class="bad">${esc(t("tasks.overdue.n", { n: x.overdue }))}</span>` : ""}</div>
    <div class="sub">${esc(t("tasks.lead"))} ${esc(jname(x.lead))} · ${esc(t("tasks.colead"))} ${esc(jname(x.co_lead))}</div>
    ${x.next_due ? `<div class="sub">${esc(t("tasks.next", { day: x.next_due }))}</div>` : ""}
    ${signed.length ? `<div class="sub">✓ ${esc(t("tasks.signedby", { who: signed.join("、") }))}</div>` : ""}
  </article>`;
}

function evidenceRow(e, jname) {
  if (e.kind !== "indicator")
    return `<li><span class="chip">${esc(t("evidence." + e.kind))}</span> ${e.kind === "file" ? `<code>${esc(e.text)}</code>` : esc(e.text)}</li>`;
  const label = (getLang() === "en" ? e.label_en : e.label_zh) || e.indicator;
  const v = e.value === null ? "–" : `${Number(e.value).toLocaleString(undefined, { maximumFractionDigits: 1 })} ${esc(e.unit || "")}`;
  const meets = e.meets === null ? `<span class="chip">${esc(t("tasks.unknown"))}</span>`
    : `<span class="chip ${e.meets ? "ok" : "bad"}">${esc(t(e.meets ? "tasks.met" : "tasks.notmet"))}</span>`;
  return `<li class="ev-ind" data-meets="${e.meets}"><b>${esc(label)}</b>${e.scope ? ` (${esc(jname(e.scope))})` : ""}<br>
    ${esc(t("tasks.now"))} <b>${v}</b> · ${esc(t("tasks.target"))} ${esc(e.op)} ${e.target === null ? "–" : Number(e.target).toLocaleString()} ${esc(e.unit || "")} ${meets}
    ${e.note || e.text ? `<div class="sub">${esc(e.note || e.text)}</div>` : ""}</li>`;
}

async function openPanel(panel, code, jname, focus = false) {
  panel.hidden = false;
  panel.innerHTML = `<p>${esc(t("loading"))}</p>`;
  const x = await getJSON(`/api/v1/tasks/${encodeURIComponent(code)}?as_of=${state.asOf}`);
  const ms = x.milestones.map((m) => {
    const st = m.done ? `<span class="chip ok">${esc(t("tasks.done.on", { day: m.done }))}</span>`
      : m.overdue ? `<span class="chip bad">${esc(t("flag.overdue"))}</span>` : `<span class="chip">${esc(t("tasks.pending"))}</span>`;
    return `<tr class="${m.overdue ? "overdue" : ""}"><td class="num">${m.seq}</td><td class="wrap">${esc(title(m))}</td><td>${esc(m.due)}</td><td>${st}</td></tr>`;
  }).join("");
  const so = x.signoffs.map((g) => `<li>${esc(jname(g.jurisdiction))}: ${esc(g.user)} · ${esc(g.signed_at)}${g.note ? ` · ${esc(g.note)}` : ""}${g.withdrawn_at ? ` <span class="chip bad">${esc(t("tasks.withdrawn", { at: g.withdrawn_at, why: g.withdrawn_because || "" }))}</span>` : ""}</li>`).join("");
  panel.innerHTML = `<button type="button" class="close" aria-label="${esc(t("close"))}">×</button>
    <h3>${esc(x.code)} · ${esc(title(x))}</h3>
    <p>${chip("status", x.status)} ${chip("flag", x.flag)} ${esc(t("cat." + x.category))}</p>
    <div class="bar big"><span style="width:${x.progress_pct}%"></span><i style="left:${Math.min(100, x.expected_pct ?? 0)}%" title="${esc(t("tasks.expected"))}"></i></div>
    <p class="sub">${esc(t("tasks.progress", { p: x.progress_pct, e: x.expected_pct ?? "–", day: x.as_of }))}</p>
    <table><tr><th>${esc(t("tasks.lead"))}</th><td class="wrap">${esc(jname(x.lead))} · ${esc(x.lead_agency)}</td></tr>
      <tr><th>${esc(t("tasks.colead"))}</th><td class="wrap">${esc(jname(x.co_lead))} · ${esc(x.co_lead_agency)}</td></tr></table>
    <h4>${esc(t("tasks.milestones"))}</h4>
    <table id="tms"><thead><tr><th>#</th><th>${esc(t("col.name"))}</th><th>${esc(t("tasks.due"))}</th><th>${esc(t("col.status"))}</th></tr></thead><tbody>${ms}</tbody></table>
    <h4>${esc(t("tasks.evidence"))}</h4>
    ${x.evidence.length ? `<ul class="evidence">${x.evidence.map((e) => evidenceRow(e, jname)).join("")}</ul>` : `<p class="sub">${esc(t("tasks.noevidence"))}</p>`}
    <h4>${esc(t("tasks.signoffs"))}</h4>
    ${so ? `<ul>${so}</ul>` : `<p class="sub">${esc(t("tasks.nosignoffs"))}</p>`}`;
  panel.dataset.task = x.code; // tests wait for this
  const close = panel.querySelector(".close");
  close.addEventListener("click", () => { panel.hidden = true; delete panel.dataset.task; });
  if (focus) close.focus(); // keyboard users land in the panel; Escape closes it
}

export default async function tasks(el) {
  const [all, jur] = await Promise.all([list("/api/v1/tasks"), list("/api/v1/jurisdictions")]);
  const jname = (c) => { const j = jur.find((x) => x.code === c); return j ? nameOf(j) : c; };
  const years = [...new Set(all.map((x) => x.year))].sort((a, b) => b - a);
  if (!years.length) {
    el.innerHTML = `<h3>${esc(t("tasks.title"))}</h3><p class="none" id="tnone">${esc(t("tasks.none"))}</p>`;
    return;
  }
  if (!years.includes(state.year)) { state.year = years[0]; state.asOf = null; }
  state.asOf = state.asOf || defaultAsOf(state.year);
  el.innerHTML = `<div class="toolbar">
      <label>${esc(t("col.year"))} <select id="tyear">${years.map((y) => `<option${y === state.year ? " selected" : ""}>${y}</option>`).join("")}</select></label>
      <label>${esc(t("tasks.asof"))} <input type="date" id="tasof" value="${state.asOf}"></label>
      <label>${esc(t("tasks.flag"))} <select id="tflag"><option value="">${esc(t("cement.all"))}</option>${flags.map((f) => `<option value="${f}"${f === state.flag ? " selected" : ""}>${esc(t("flag." + f))}</option>`).join("")}</select></label>
    </div>
    <div class="chips" id="tsummary"></div>
    <p class="sub">${esc(t("tasks.rule"))}</p>
    <div id="tboard"></div>
    <aside class="side" id="tpanel" hidden></aside>`;
  const board = document.getElementById("tboard"), panel = document.getElementById("tpanel");
  const draw = async () => {
    const rows = await list(`/api/v1/tasks?year=${state.year}&as_of=${state.asOf}`);
    const count = (f) => rows.filter((x) => x.flag === f).length;
    document.getElementById("tsummary").innerHTML = flags.map((f) => `<span class="chip flag-${f}" data-flag="${f}">${esc(t("flag." + f))} <b>${count(f)}</b></span>`).join("");
    const shown = rows.filter((x) => !state.flag || x.flag === state.flag)
      .sort((a, b) => flags.indexOf(a.flag) - flags.indexOf(b.flag) || a.code.localeCompare(b.code));
    const cats = categories.concat([...new Set(shown.map((x) => x.category))].filter((c) => !categories.includes(c)));
    board.innerHTML = cats.map((c) => {
      const mine = shown.filter((x) => x.category === c);
      return mine.length ? `<section class="lane" data-category="${esc(c)}"><h3>${esc(t("cat." + c))} <span class="sub">(${mine.length})</span></h3>
        <div class="tcards">${mine.map((x) => card(x, jname)).join("")}</div></section>` : "";
    }).join("") || `<p class="none">${esc(t("tasks.nomatch"))}</p>`;
    board.dataset.asOf = state.asOf;
    board.dataset.tasks = String(shown.length);
    board.querySelectorAll(".tcard").forEach((c) => {
      const open = () => openPanel(panel, c.dataset.task, jname, true).catch((e) => { panel.innerHTML = `<p class="error">${esc(t("error.load", { msg: e.message }))}</p>`; });
      c.addEventListener("click", open);
      c.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
    });
    if (panel.dataset.task && !panel.hidden) await openPanel(panel, panel.dataset.task, jname);
  };
  const redraw = () => draw().catch((e) => { board.innerHTML = `<p class="error">${esc(t("error.load", { msg: e.message }))}</p>`; });
  document.getElementById("tyear").addEventListener("change", (e) => { state.year = Number(e.target.value); state.asOf = defaultAsOf(state.year); document.getElementById("tasof").value = state.asOf; redraw(); });
  document.getElementById("tasof").addEventListener("change", (e) => { if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) { state.asOf = e.target.value; redraw(); } });
  document.getElementById("tflag").addEventListener("change", (e) => { state.flag = e.target.value; redraw(); });
  panel.addEventListener("keydown", (e) => { if (e.key === "Escape") { panel.hidden = true; delete panel.dataset.task; } });
  await draw();
}
