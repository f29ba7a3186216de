// Browser test of the dashboard: jointenv serve over a small database (the demo's
// jurisdictions, sections, water samples, stations, hours, clinker lines and energy
// activity; a compensation year settled; a stop schedule published), driven by
// playwright-core in Debian's chromium, headless, on a closed network. Loads each view,
// clicks a section on the map and waits for its chart, switches the language, checks
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
  };
  await views("en");
  check((await page.locator("nav a").nth(4).textContent()) === "Compensation", "English navigation: compensation");
  await page.click("#lang");
  await ready("energy");
  check((await page.locator("nav a").nth(5).textContent()) === "能源双控", "language switch: Chinese navigation");
  await views("zh");
  check(!(await page.locator("#view").textContent()).includes("energy."), "no untranslated message keys");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/#/water`);
  await ready("water");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `phone width: no horizontal scrolling (${overflow} px)`);
  await page.screenshot({ path: join(artefacts, "water-phone.png"), fullPage: true });
  for (const v of ["compensation", "energy", "cement"]) {
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
