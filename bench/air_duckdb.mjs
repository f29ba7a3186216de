#!/usr/bin/env node
// air_duckdb.mjs — the DuckDB peer of the air benchmark (docs/BENCHMARKS.md, "Air:
// import, daily aggregation, AQI"): the daily report of every station and local day of
// an hourly CSV, in one SQL statement.
//
//   node bench/air_duckdb.mjs IN.csv OUT.csv
//
// IN: station,time,so2,no2,co,o3,pm10,pm25 (time "2022-01-01T08:00", local start of the
// hour; µg/m³, CO mg/m³; empty = missing). OUT: station,date,aqi,so2,no2,co,o3_1h,
// o3_8h,pm10,pm25, the concentrations unrounded, empty when invalid. Rules (the same as
// jointenv's je_aq_daily, 2022 data, so HJ 633-2012 and GB 3095-2012):
//  - 24-hour means of SO2, NO2, CO, PM10, PM2.5: valid with >= 20 non-null hours;
//  - O3 daily maximum 1-hour: valid with >= 20 valid hours, or when above 200;
//  - O3 8-hour windows beginning at hours 0..16 of the day, each valid with >= 6 valid
//    hours; MDA8 = the maximum of the valid windows, valid with >= 14 valid windows or
//    when above 160;
//  - IAQI by HJ 633-2012 Table 1, daily report (24-h columns for SO2, NO2, CO, PM10,
//    PM2.5; the O3 1-h column for the 1-hour maximum; the O3 8-h column for MDA8, with
//    no IAQI above 800), 500 above the top breakpoint, rounded up (ceil, looking
//    through 1e-9 of representation error as jointenv does); AQI = the largest IAQI.
// The hours of a station-day are pivoted into 24 columns by one hash aggregation, so a
// missing row and an empty cell count the same. Prints seconds= (the statement: read,
// aggregate, write), startup_seconds= (creating the database) and days= (station-days
// written), with the DuckDB version and its thread count.
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
    console.error('usage: node bench/air_duckdb.mjs IN.csv OUT.csv');
    process.exit(2);
}
const q = (s) => "'" + s.replace(/'/g, "''") + "'";

// HJ 633-2012 Table 1: breakpoints for IAQI 0, 50, 100, 150, 200, 300, 400, 500.
const IAQI = [0, 50, 100, 150, 200, 300, 400, 500];
const BP = {
    so2: [0, 50, 150, 475, 800, 1600, 2100, 2620],
    no2: [0, 40, 80, 180, 280, 565, 750, 940],
    co: [0, 2, 4, 14, 24, 36, 48, 60],
    o3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
    o3_8h: [0, 100, 160, 215, 265, 800], // above 800: no 8-hour IAQI (note 3)
    pm10: [0, 50, 150, 250, 350, 420, 500, 600],
    pm25: [0, 35, 75, 115, 150, 250, 350, 500],
};

// The rounded-up IAQI of column `c` as a CASE expression.
function iaqi(c, bp, above) {
    let s = `CASE WHEN ${c} IS NULL OR ${c} < 0 THEN NULL WHEN ${c} > ${bp[bp.length - 1]} THEN ${above}`;
    for (let k = 1; k < bp.length; k++)
        s += ` WHEN ${c} <= ${bp[k]} THEN ceil((${IAQI[k]} - ${IAQI[k - 1]}) * (${c} - ${bp[k - 1]})` +
            ` / (${bp[k]} - ${bp[k - 1]}) + ${IAQI[k - 1]} - 1e-9)`;
    return s + ' END';
}

const hours = [...Array(24).keys()];
const wins = [...Array(17).keys()];
const pivot = hours.map((h) => `max(o3) FILTER (WHERE hr = ${h}) AS o${h}`).join(',\n  ');
const winCols = wins
    .map((w) => {
        const k = hours.slice(w, w + 8);
        const n = k.map((h) => `(o${h} IS NOT NULL)::INTEGER`).join(' + ');
        const s = k.map((h) => `coalesce(o${h}, 0)`).join(' + ');
        return `CASE WHEN ${n} >= 6 THEN (${s}) / (${n}) END AS w${w}`;
    })
    .join(',\n  ');
const nWins = wins.map((w) => `(w${w} IS NOT NULL)::INTEGER`).join(' + ');
const mda8 = `greatest(${wins.map((w) => `w${w}`).join(', ')})`;

const sql = `
COPY (
WITH h AS (
  SELECT station, CAST(time AS DATE) AS day, hour(time) AS hr, so2, no2, co, o3, pm10, pm25
  FROM read_csv(${q(input)}, header = true, delim = ',', quote = '"',
    timestampformat = '%Y-%m-%dT%H:%M',
    columns = {'station': 'VARCHAR', 'time': 'TIMESTAMP', 'so2': 'DOUBLE', 'no2': 'DOUBLE',
               'co': 'DOUBLE', 'o3': 'DOUBLE', 'pm10': 'DOUBLE', 'pm25': 'DOUBLE'})
), d AS (
  SELECT station, day,
  CASE WHEN count(so2) >= 20 THEN avg(so2) END AS so2,
  CASE WHEN count(no2) >= 20 THEN avg(no2) END AS no2,
  CASE WHEN count(co) >= 20 THEN avg(co) END AS co,
  CASE WHEN count(pm10) >= 20 THEN avg(pm10) END AS pm10,
  CASE WHEN count(pm25) >= 20 THEN avg(pm25) END AS pm25,
  CASE WHEN count(o3) >= 20 OR max(o3) > 200 THEN max(o3) END AS o3_1h,
  ${pivot}
  FROM h GROUP BY station, day
), w AS (
  SELECT station, day, so2, no2, co, pm10, pm25, o3_1h,
  ${winCols}
  FROM d
), m AS (
  SELECT station, day, so2, no2, co, pm10, pm25, o3_1h,
    CASE WHEN ${nWins} >= 14 OR ${mda8} > 160 THEN ${mda8} END AS o3_8h
  FROM w
)
SELECT station, strftime(day, '%Y-%m-%d') AS date,
  greatest(${iaqi('so2', BP.so2, 500)}, ${iaqi('no2', BP.no2, 500)}, ${iaqi('co', BP.co, 500)},
           ${iaqi('o3_1h', BP.o3_1h, 500)}, ${iaqi('o3_8h', BP.o3_8h, 'NULL')},
           ${iaqi('pm10', BP.pm10, 500)}, ${iaqi('pm25', BP.pm25, 500)})::INTEGER AS aqi,
  so2, no2, co, o3_1h, o3_8h, pm10, pm25
FROM m ORDER BY station, day
) TO ${q(output)} (HEADER, DELIMITER ',');
`;

const t0 = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
const t1 = performance.now();
const res = await con.runAndReadAll(sql);
const t2 = performance.now();
const days = Number(res.getRows()[0][0]);
const v = await con.runAndReadAll("SELECT version(), current_setting('threads')");
const [version, threads] = v.getRows()[0];
console.log(`impl=duckdb\nduckdb=${version}\nthreads=${threads}`);
console.log(`seconds=${((t2 - t1) / 1000).toFixed(3)}\nstartup_seconds=${((t1 - t0) / 1000).toFixed(3)}`);
console.log(`days=${days}`);
con.closeSync();
