// Browser test of the dashboard: jointenv serve over a small database (the demo's
// jurisdictions, sections, water samples, stations, hours, clinker lines and energy
// activity; a compensation year settled; a stop schedule published), driven by
// playwright-core in Debian's chromium, headless, on a closed network. Loads each view,
// clicks a section on the map and waits for its chart, a task for its panel, a
// zero-waste district for its indicators, switches the language, checks
// the phone width has no horizontal scrolling, and saves screenshots as artefacts.
// Usage: node tests/web/dashboard.mjs JOINTENV_BINARY ARTEFACT_DIR
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "web", ".npm", "package.json"));
const { chromium } = require("playwright-core");
const [bin, artefacts = join(root, "build-test", "web-artefacts")] = process.argv.slice(2);
mkdirSync(artefacts, { recursive: true });

const fail = (msg) => { console.error(`FAIL: ${msg}`); process.exitCode = 1; throw new Error(msg); };
const check = (cond, msg) => { if (!cond) fail(msg); console.log(`ok - ${msg}`); };

const dir = mkdtempSync(join(tmpdir(), "je-web-"));
const db = join(dir, "web.db");
const demo = join(root, "data", "demo", "chengyu");
for (const [kind, file] of [["jurisdictions", "jurisdictions.csv"], ["sections", "sections.csv"],
  ["water-samples", "water_samples.csv"], ["air-stations", "air_stations.csv"], ["plants", "plants.csv"],
  ["air-hourly", "air_hourly_2022.csv"]])
  execFileSync(bin, ["--db", db, "import", kind, join(demo, file)], { stdio: ["ignore", "ignore", "inherit"] });
execFileSync(bin, ["--db", db, "import", "energy-activity", join(demo, "energy_activity.csv")], { stdio: ["ignore", "ignore", "inherit"] });
execFileSync(bin, ["--db", db, "compensation", "settle", "--year", "2022"], { stdio: ["ignore", "ignore", "inherit"] });
// Issue 7's views: the 2022 programme (and the registries its live indicators read), the
// outfall registry and inspector pools (on the river network), the surveys, zero-waste
// districts, gene bank and forests.
for (const [kind, file] of [["coal-units", "coal_units.csv"], ["renewables", "energy_renewables.csv"],
  ["cp-audits", "energy_cp_audits.csv"], ["tasks", "programme_2022_tasks.csv"], ["milestones", "programme_2022_milestones.csv"],
  ["task-evidence", "programme_2022_evidence.csv"], ["river-nodes", "river_nodes.csv"], ["reaches", "river_reaches.csv"],
  ["outfalls", "outfalls.csv"], ["inspectors", "inspectors.csv"], ["dwc", "ecology/survey_dwc.csv"],
  ["waste-districts", "waste_districts.csv"], ["waste-data", "waste_data.csv"], ["genebank", "genebank.csv"],
  ["forests", "forests.csv"], ["forest-targets", "forest_targets.csv"]])
  execFileSync(bin, ["--db", db, "import", kind, join(demo, file)], { stdio: ["ignore", "ignore", "inherit"] });
const cli = (...args) => execFileSync(bin, ["--db", db, ...args], { stdio: ["ignore", "ignore", "inherit"] });
publishSchedule(db);

// A stop schedule for 2023-Q1 as a "stagger" run, shaped as je_stagger_run_record writes
// it (include/jointenv/stagger_run.h): each demo line stops 10 days, staggered. Written
// with sqlite3 until `jointenv stagger plan --publish` exists (then: plan and publish).
function publishSchedule(path) {
  const [head, ...rows] = readFileSync(join(demo, "plants.csv"), "utf8").trim().split("\n");
  const col = head.split(",");
  const at = (r, k) => r.split(",")[col.indexOf(k)];
  const day0 = Date.UTC(2023, 0, 1), n = 90, iso = (d) => new Date(day0 + d * 86400000).toISOString().slice(0, 10);
  const lines = rows.map((r, i) => {
    const from = (i * 7) % (n - 10);
    return { capacity_t_d: Number(at(r, "capacity_t_d")), code: at(r, "code"), grade: at(r, "grade"),
      jurisdiction: at(r, "jurisdiction"), region: at(r, "region"), stop_days: 10,
      stops: [{ days: 10, from: iso(from), to: iso(from + 9) }], _from: from };
  });
  const regions = [...new Set(lines.map((l) => l.region))].sort();
  const capacity = [];
  for (let d = 0; d < n; d++)
    for (const region of regions) {
      const mine = lines.filter((l) => l.region === region);
      const cap = mine.reduce((s, l) => s + l.capacity_t_d, 0);
      const running = mine.filter((l) => d < l._from || d > l._from + 9).reduce((s, l) => s + l.capacity_t_d, 0);
      capacity.push({ capacity_t_d: cap, date: iso(d), demand_t_d: Math.round(0.8 * cap), region, running_t_d: running });
    }
  lines.forEach((l) => delete l._from);
  const output = JSON.stringify({ capacity, exposure: { avoided: 380, avoided_share: 0.38, baseline: 1000, remaining: 620 },
    first_day: iso(0), jurisdictions: ["500000", "510000"], last_day: iso(n - 1), lines, n_days: n, regions, rules: "stagger-chengyu-2023" });
  const sha = (t) => createHash("sha256").update(t).digest("hex");
  const q = (t) => `'${t.replace(/'/g, "''")}'`;
  execFileSync("sqlite3", [path, `INSERT INTO run(engine, engine_version, ruleset_sha256, input_sha256, params, actor, created_at, output_sha256, inputs, output) VALUES ('stagger', 'test', NULL, ${q(sha("{}"))}, '{}', 'web-test', strftime('%s','now'), ${q(sha(output))}, '{}', ${q(output)})`]);
}

const srv = spawn(bin, ["--db", db, "serve", "--port", "0", "--threads", "2", "--web", join(root, "web")],
  { stdio: ["ignore", "ignore", "pipe"] });
const base = await new Promise((resolve, reject) => {
  let err = "";
  srv.stderr.on("data", (d) => {
    err += d;
    const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) resolve(`http://127.0.0.1:${m[1]}`);
  });
  srv.on("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20000);
});

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--disable-sync", "--disable-quic"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const ready = (name) => page.waitForSelector(`#view[data-ready="${name}"]`, { timeout: 30000 });

  await page.goto(`${base}/#/overview`);
  await ready("overview");
  const cards = await page.locator(".card").count();
  check(cards >= 6, `overview shows its headline cards (${cards})`);
  check((await page.locator(".card .value").first().textContent()).endsWith("%"), "overview: share of sections meeting target");
  await page.screenshot({ path: join(artefacts, "overview-zh.png"), fullPage: true });

  await page.goto(`${base}/#/water`);
  await ready("water");
  const markers = await page.locator("path[data-section]").count();
  check(markers === 62, `water map: a marker per demo section (${markers})`);
  const code = await page.locator("path[data-section]").first().getAttribute("data-section");
  await page.locator(`path[data-section="${code}"]`).click({ force: true });
  await page.waitForSelector(`#wchart[data-section="${code}"] canvas`, { timeout: 15000 });
  check(true, `clicking section ${code} draws its sample history`);
  const rows = await page.locator("#rivers tbody tr").count();
  check(rows === 22, `river status table lists the 22 demo rivers (${rows})`);
  const reaches = await page.locator('#wmap path[stroke="#3b82c4"]').count();
  check(reaches === 46, `water map draws the 46 demo reaches from /api/v1/rivers.geojson (${reaches})`);
  await page.screenshot({ path: join(artefacts, "water-zh.png"), fullPage: true });

  await page.click("#lang");
  await ready("water");
  const h1 = await page.locator("header h1").textContent();
  check(h1.startsWith("Sichuan"), `language switch: English title (${h1})`);
  check((await page.locator("nav a").nth(1).textContent()) === "Water", "language switch: English navigation");
  await page.screenshot({ path: join(artefacts, "water-en.png"), fullPage: true });

  await page.goto(`${base}/#/air`);
  await ready("air");
  const coloured = await page.locator("path[data-aqi]").count();
  check(coloured === 40, `air map: every station coloured by its AQI (${coloured})`);
  await page.waitForSelector("#acal canvas");
  check(true, "air: a city's AQI calendar is drawn");
  await page.screenshot({ path: join(artefacts, "air-en.png"), fullPage: true });
  await page.goto(`${base}/#/cement`);
  await ready("cement");
  await page.screenshot({ path: join(artefacts, "cement-en.png"), fullPage: true });
  check(await page.locator("#ctable tbody tr").count() === 120, "cement view lists the 120 demo lines");

  // The dashboard views of issue 7, in English, then in Chinese.
  const views = async (lang) => {
    await page.goto(`${base}/#/overview`);
    await ready("overview");
    check(await page.locator("#headlines .card").count() >= 3, `overview (${lang}): alerts, lines stopped, compensation balance`);
    await page.screenshot({ path: join(artefacts, `overview-${lang}.png`), fullPage: true });

    await page.goto(`${base}/#/air`);
    await ready("air");
    await page.waitForSelector("#atimeline canvas", { timeout: 30000 });
    check(Number(await page.getAttribute("#atimeline", "data-alerts")) > 0, `air (${lang}): the alert timeline has the year's episodes`);
    await page.locator("#ahour").evaluate((e) => { e.value = "12"; e.dispatchEvent(new Event("input")); });
    await page.waitForSelector('#amap[data-hour="12"]', { timeout: 30000 });
    const hourly = await page.locator("path[data-aqi]").count();
    check(hourly === 40, `air (${lang}): the hour slider colours every station by its hourly AQI (${hourly})`);
    await page.screenshot({ path: join(artefacts, `air-hourly-${lang}.png`), fullPage: true });

    await page.goto(`${base}/#/cement`);
    await ready("cement");
    await page.waitForSelector("#cgantt canvas", { timeout: 15000 });
    await page.waitForSelector("#ccap canvas", { timeout: 15000 });
    check(Number(await page.getAttribute("#cgantt", "data-lines")) === 120, `cement (${lang}): a Gantt row per line of the published schedule`);
    await page.selectOption("#cjur", "500000");
    const cq = Number(await page.getAttribute("#cgantt", "data-lines"));
    check(cq > 0 && cq < 120, `cement (${lang}): the jurisdiction filter keeps Chongqing's lines (${cq})`);
    await page.screenshot({ path: join(artefacts, `cement-schedule-${lang}.png`), fullPage: true });

    await page.goto(`${base}/#/compensation`);
    await ready("compensation");
    await page.waitForSelector("#pchart canvas", { timeout: 15000 });
    check(await page.locator("#pledger tbody tr").count() > 0, `compensation (${lang}): the ledger lists the settlement`);
    await page.locator("#psettle tbody tr").first().click();
    await page.waitForSelector("#explain[data-line] code", { timeout: 5000 });
    check(true, `compensation (${lang}): clicking a settlement line explains it`);
    await page.screenshot({ path: join(artefacts, `compensation-${lang}.png`), fullPage: true });

    await page.goto(`${base}/#/energy`);
    await ready("energy");
    await page.waitForSelector("#ebar canvas", { timeout: 15000 });
    await page.waitForSelector("#eco2 canvas", { timeout: 15000 });
    check(await page.locator("#elights .light").count() === 2, `energy (${lang}): a warning light per side`);
    await page.screenshot({ path: join(artefacts, `energy-${lang}.png`), fullPage: true });

    const untranslated = async (v) => {
      const m = (await page.locator("#view").textContent()).match(/\b(tasks|insp|eco|case|flag|status|cat|evidence)\.[a-z]/);
      check(!m, `${v} (${lang}): no untranslated message keys${m ? ": " + m[0] : ""}`);
    };

    // The programme judged on 2022-09-30 (docs/programme.md: 6 overdue, 6 at risk,
    // 16 on track, 3 done, 1 dropped).
    await page.goto(`${base}/#/tasks`);
    await ready("tasks");
    await page.fill("#tasof", "2022-09-30");
    await page.dispatchEvent("#tasof", "change");
    await page.waitForSelector('#tboard[data-as-of="2022-09-30"]', { timeout: 15000 });
    const flagCount = async (f) => Number(await page.locator(`#tsummary [data-flag="${f}"] b`).textContent());
    const story = [await flagCount("overdue"), await flagCount("at-risk"), await flagCount("on-track"), await flagCount("done"), await flagCount("dropped")];
    check(story.join(",") === "6,6,16,3,1", `tasks (${lang}): overdue, at risk, on track, done, dropped on 2022-09-30 (${story})`);
    check(await page.locator(".tcard").count() === 32 && await page.locator(".lane").count() === 5, `tasks (${lang}): 32 cards in 5 categories`);
    check(await page.locator(".tcard.flag-overdue").count() === 6, `tasks (${lang}): the overdue cards are highlighted`);
    await page.locator('.tcard[data-task="CY22-04"]').click();
    await page.waitForSelector('#tpanel[data-task="CY22-04"]', { timeout: 15000 });
    check(await page.locator("#tms tbody tr.overdue").count() === 1, `tasks (${lang}): CY22-04's panel marks its overdue milestone`);
    await page.click("#tpanel .close"); // the panel covers the board's right edge
    await page.waitForSelector("#tpanel", { state: "hidden", timeout: 5000 });
    await page.locator('.tcard[data-task="CY22-09"]').click();
    await page.waitForSelector('#tpanel[data-task="CY22-09"]', { timeout: 15000 });
    check(await page.locator('#tpanel .ev-ind[data-meets="true"]').count() === 1 && (await page.locator("#tpanel .ev-ind").textContent()).includes("95.5"),
      `tasks (${lang}): CY22-09's evidence shows the live boundary-section figure 95.5 % as met`);
    await page.screenshot({ path: join(artefacts, `tasks-${lang}.png`), fullPage: true });
    await page.click("#tpanel .close");
    await page.selectOption("#tflag", "overdue");
    await page.waitForSelector('#tboard[data-tasks="6"]', { timeout: 15000 });
    check(true, `tasks (${lang}): the flag filter keeps the 6 overdue tasks`);
    await page.selectOption("#tflag", "");
    await untranslated("tasks");

    await page.goto(`${base}/#/inspect`);
    await ready("inspect");
    await page.waitForSelector("#icchart canvas", { timeout: 15000 });
    check(await page.locator("#itargets tbody tr").count() === 6, `inspect (${lang}): the closed draw's 6 targets`);
    check(await page.locator("#icasetable tbody tr").count() === 1, `inspect (${lang}): only the closed case is public (1 of 2)`);
    check(await page.locator("#ipublic").count() === 1, `inspect (${lang}): the view says what anonymous viewers see`);
    await page.screenshot({ path: join(artefacts, `inspect-${lang}.png`), fullPage: true });
    await untranslated("inspect");

    await page.goto(`${base}/#/ecology`);
    await ready("ecology");
    await page.waitForSelector("#ewchart canvas", { timeout: 15000 });
    await page.waitForSelector("#efchart canvas", { timeout: 15000 });
    await page.waitForSelector("#edchart canvas", { timeout: 15000 });
    check(await page.locator("#ewtable tbody tr").count() === 9, `ecology (${lang}): the nine zero-waste districts ranked`);
    check(await page.locator("#ewtable tbody tr").first().locator("td").first().textContent() === "1", `ecology (${lang}): rank 1 first`);
    await page.locator('#ewtable tbody tr[data-district="510100"]').click();
    await page.waitForSelector('#eind[data-district="510100"] #eindtable', { timeout: 15000 });
    check(await page.locator("#eindtable tbody tr").count() === 14, `ecology (${lang}): a click on Chengdu lists its 14 indicators`);
    await page.selectOption("#ewyear", "2021");
    await page.waitForSelector('#ewtable[data-year="2021"]', { timeout: 15000 });
    const yz = await page.locator('#ewtable tr[data-district="500103"] td:nth-child(5)').textContent();
    check(yz.includes("▼") && yz.includes("3.3"), `ecology (${lang}): 2021 shows Yuzhong's fall since 2020 (${yz})`);
    await page.selectOption("#ewyear", "2022");
    await page.waitForSelector('#ewtable[data-year="2022"]', { timeout: 15000 });
    check(await page.locator("#ebanktable tbody tr").count() === 9, `ecology (${lang}): the nine gene-bank accessions`);
    await page.selectOption("#eby", "jurisdiction");
    await page.waitForSelector('#ediv[data-by="jurisdiction"] #edchart canvas', { timeout: 15000 });
    check(await page.locator("#edtable tbody tr").count() === 2, `ecology (${lang}): diversity per jurisdiction, one row a side`);
    await page.screenshot({ path: join(artefacts, `ecology-${lang}.png`), fullPage: true });
    await page.selectOption("#eby", "site");
    await untranslated("ecology");
  };
  // Inspections before anything was drawn (the demo holds none): an explanation, no error.
  await page.goto(`${base}/#/inspect`);
  await ready("inspect");
  check(await page.locator("#idrawnone").count() === 1 && await page.locator("#icasenone").count() === 1,
    "inspect: without draws or cases the view explains how to make them");
  check((await page.locator("#idrawnone").textContent()).includes("jointenv inspect close"), "inspect: the empty state names inspect close");
  check(await page.locator("#imap path[data-outfall]").count() === 80, "inspect: the 80 demo outfalls are on the map");
  await page.screenshot({ path: join(artefacts, "inspect-empty-en.png"), fullPage: true });
  // Then a draw of 6 with two findings; case 1 is taken to closed, case 2 stays open, and
  // the draw is closed: anonymous callers see the draw and case 1, not case 2.
  cli("inspect", "draw", "--count", "6", "--date", "2023-05-10", "--seed", "web test");
  const targets = execFileSync(bin, ["--db", db, "--format", "csv", "inspect", "show", "1"], { encoding: "utf8" })
    .trim().split("\n").slice(1).map((l) => l.split(","));
  check(targets.length === 6, `inspect: the draw has 6 targets (${targets.length})`);
  const [t1, t2] = targets;
  cli("inspect", "record", t1[2], "--date", "2023-05-10", "--side", t1[3] === "500000" ? "510000" : "500000", "--draw", "1",
    "--finding", "black discharge", "--deadline", "2023-06-10");
  cli("inspect", "record", t2[2], "--date", "2023-05-10", "--side", t2[3], "--draw", "1",
    "--finding", "no permit sign", "--deadline", "2023-05-31");
  for (const to of ["rectifying", "submitted", "verified", "closed"]) cli("cases", "update", "1", "--to", to, "--note", `web test ${to}`);
  cli("inspect", "close", "1");

  await views("en");
  check((await page.locator("nav a").nth(4).textContent()) === "Compensation", "English navigation: compensation");
  await page.click("#lang");
  await ready("ecology"); // the last view views() visits
  check((await page.locator("nav a").nth(5).textContent()) === "能源双控", "language switch: Chinese navigation");
  await views("zh");
  check(!(await page.locator("#view").textContent()).includes("energy."), "no untranslated message keys");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/#/water`);
  await ready("water");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `phone width: no horizontal scrolling (${overflow} px)`);
  await page.screenshot({ path: join(artefacts, "water-phone.png"), fullPage: true });
  for (const v of ["compensation", "energy", "cement", "tasks", "inspect", "ecology"]) {
    await page.goto(`${base}/#/${v}`);
    await ready(v);
    const o = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(o <= 1, `phone width: ${v} has no horizontal scrolling (${o} px)`);
    await page.screenshot({ path: join(artefacts, `${v}-phone.png`), fullPage: true });
  }
  check(errors.length === 0, `no script errors in the browser${errors.length ? ": " + errors.join(" | ") : ""}`);
} finally {
  await browser.close();
  srv.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
