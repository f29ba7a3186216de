// Browser test of the dashboard: jointenv serve over a small database (the demo's
// jurisdictions, sections, water samples, stations and clinker lines), driven by
// playwright-core in Debian's chromium, headless, on a closed network. Loads each view,
// clicks a section on the map and waits for its chart, switches the language, checks
// the phone width has no horizontal scrolling, and saves screenshots as artefacts.
// Usage: node tests/web/dashboard.mjs JOINTENV_BINARY ARTEFACT_DIR
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
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

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/#/water`);
  await ready("water");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `phone width: no horizontal scrolling (${overflow} px)`);
  await page.screenshot({ path: join(artefacts, "water-phone.png"), fullPage: true });
  check(errors.length === 0, `no script errors in the browser${errors.length ? ": " + errors.join(" | ") : ""}`);
} finally {
  await browser.close();
  srv.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
