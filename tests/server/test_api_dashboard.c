/* The dashboard's API routes (issue 7) over a real socket: a server on a free loopback
 * port with the shipped rule files (data/) over a small database whose answers are
 * worked out by hand below — two cities on the two sides with a few days of PM2.5, a
 * hand-made stop schedule published through the library, a compensation year settled
 * through the library, and the demo's energy activity. Contents, CSV and errors of
 * each route. */
#include "jointenv/compensation.h"
#include "jointenv/energy.h"
#include "jointenv/governance.h"
#include "jointenv/run.h"
#include "jointenv/server.h"
#include "jointenv/stagger_run.h"
#include "jointenv/store.h"
#include "support/http_support.h"
#include "support/store_support.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static je_server *srv;
static char base[64];
static int64_t stagger_run_id;

/* PM2.5 (ug/m3) all 24 hours of each day from 2022-12-01. HJ 633-2012 Table 1: 75 is
   the breakpoint of IAQI 100; 200 lies between 150 (IAQI 200) and 250 (IAQI 300), so
   IAQI = 200 + (200 − 150) / 100 × 100 = 250 > 200. MEE 2017 scheme
   (data/rules/air-alert-mee-2017.json): AQI > 200 for 24 h → blue, for 48 h → yellow.
   Chengdu (510000): 100, 250, 250, 100 → yellow 12-02 … 12-03.
   Chongqing (500000): 100, 100, 250, 100 → blue 12-03.
   Both sides in alert on 12-03 → one joint regional alert, 510000 yellow, 500000 blue. */
static const int CD_PM25[] = {75, 200, 200, 75};
static const int CQ_PM25[] = {75, 75, 200, 75};

/* The compensation agreement of tests/store/test_compensation_store.c: NH3-N classes by
   GB 3838-2002 Table 1 item 7 (≤ 0.5 II, ≤ 1.0 III, ≤ 1.5 IV) on boundary section B1
   (upstream 510000, downstream 500000).
   2022-01: III → II met-improved: 500000 pays 510000 1 000 000.00 yuan.
   2022-02: II → III met-worse: 510000 pays 500000 1 000 000.00.
   2022-03: IV failed: 510000 pays 500000 1 500 000.50.
   Net: 510000 owes 500000 1 500 000.50 yuan = 150 000 050 fen. */
static const char SECTIONS[] =
    "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,lon,lat,"
    "kind,owner,upstream,downstream,target_class,waterbody\n"
    "B1,界一,Border One,R1,河,River,B,流域,Basin,106.1,30.1,boundary,500000,510000,500000,III,"
    "river\n";
static const char SAMPLES[] = "section,sampled_at,nh3n\n"
                              "B1,2021-01-10T10:00,0.8\n"
                              "B1,2021-02-10T10:00,0.4\n"
                              "B1,2021-03-10T10:00,0.4\n"
                              "B1,2022-01-10T10:00,0.4\n"
                              "B1,2022-02-10T10:00,0.8\n"
                              "B1,2022-03-10T10:00,1.2\n";
static const char AGREEMENT[] =
    "{\"id\": \"tt-test\", \"rule\": \"target-and-trend\", \"period\": {\"from\": 2018, \"to\": "
    "2030},\n"
    " \"parties\": [\"510000\", \"500000\"], \"sections\": \"all-boundary\",\n"
    " \"target_and_trend\": {\n"
    "  \"met_improved\": {\"payer\": \"downstream\", \"amount_yuan\": 1000000, \"clause\": "
    "\"c1\", \"provenance\": \"official\"},\n"
    "  \"met_same\": {\"payer\": \"none\", \"amount_yuan\": 0, \"clause\": \"c2\", "
    "\"provenance\": \"illustrative\"},\n"
    "  \"met_worse\": {\"payer\": \"upstream\", \"amount_yuan\": 1000000, \"clause\": \"c3\", "
    "\"provenance\": \"official\"},\n"
    "  \"failed\": {\"payer\": \"upstream\", \"amount_yuan\": 1500000.50, \"clause\": \"c4\", "
    "\"provenance\": \"illustrative\"}}}\n";

static void import_ok(je_db *db, t_import_fn fn, const char *file)
{
    je_import_report rep;
    t_import_ok(db, fn, file, NULL, &rep);
    je_import_report_free(&rep);
}

static void load_air(je_db *db)
{
    import_ok(db, je_import_air_stations,
              t_file_with("st.csv",
                          "code,name_zh,name_en,city,city_zh,city_en,district,jurisdiction,lon,"
                          "lat,kind\n"
                          "S1,一号,One,510100,成都,Chengdu,510104,510000,104.06,30.66,national\n"
                          "C1,渝一,Yu One,500100,重庆,Chongqing,500103,500000,106.55,29.56,"
                          "national\n"));
    static char hours[16384];
    snprintf(hours, sizeof hours, "station,time,pm25\n");
    for (int d = 0; d < 4; d++)
        for (int h = 0; h < 24; h++)
            snprintf(hours + strlen(hours), sizeof hours - strlen(hours),
                     "S1,2022-12-%02dT%02d:00,%d\nC1,2022-12-%02dT%02d:00,%d\n", d + 1, h,
                     CD_PM25[d], d + 1, h, CQ_PM25[d]);
    import_ok(db, je_import_air_hourly, t_file_with("h.csv", hours));
}

/* Two lines in one region, 4 days from 2023-01-01, demand 1 500 t/d:
   L1 (510000, 1 000 t/d) stops 01-02 … 01-03; L2 (500000, 2 000 t/d) stops 01-04.
   Running: 3 000, 2 000, 2 000, 1 000 t/d; margin 1 500, 500, 500, −500. */
static const uint8_t STOP[] = {0, 1, 1, 0, /* L1 */ 0, 0, 0, 1 /* L2 */};

static je_status publish(je_db *db, int64_t *id, je_error *err)
{
    static je_stagger_rules rules;
    cr_assert_eq(
        je_stagger_rules_load(JE_SOURCE_DIR "/data/rules/stagger-chengyu-2023.json", &rules, err),
        JE_OK, "%s", err->message);
    static const je_stagger_line lines[2] = {{"L1", 0, 0, -1, 1000, JE_GRADE_C, 0, 0, 0, 0, 0, 0},
                                             {"L2", 1, 0, -1, 2000, JE_GRADE_C, 0, 0, 0, 0, 0, 0}};
    static const double weight[8] = {1, 1, 1, 1, 2, 2, 2, 2};
    static const double demand[4] = {1500, 1500, 1500, 1500};
    je_stagger_problem p = {0};
    p.n_lines = 2;
    p.lines = lines;
    p.n_days = 4;
    p.first_day = je_days_from_civil(2023, 1, 1);
    p.weight = weight;
    p.n_jurisdictions = 2;
    p.n_regions = 1;
    p.demand_t_d = demand;
    static const char *const jur[] = {"510000", "500000"}, *const reg[] = {"chengyu"};
    je_stagger_publish pub = {&p, &rules, STOP, jur, reg, NULL, "{\"solver\":\"hand-made\"}"};
    return je_stagger_run_record(db, &pub, id, err);
}

static void load_db(char *db_path, size_t size)
{
    snprintf(db_path, size, "%s", t_path("dash.db"));
    je_db *db = t_open_db(db_path);
    import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"));
    load_air(db);
    je_error err;
    cr_assert_eq(publish(db, &stagger_run_id, &err), JE_OK, "%s", err.message);
    import_ok(db, je_import_sections, t_file_with("s.csv", SECTIONS));
    import_ok(db, je_import_water_samples, t_file_with("w.csv", SAMPLES));
    const char *rules = t_file_with("tt.json", AGREEMENT);
    je_comp_agreement a;
    char sha[65];
    cr_assert_eq(je_comp_agreement_load(rules, &a, sha, &err), JE_OK, "%s", err.message);
    je_comp_settle_report rep;
    cr_assert_eq(je_comp_settle_store(db, &a, rules, sha, 2022, 0, 0, &rep, &err), JE_OK, "%s",
                 err.message);
    je_comp_settle_report_free(&rep);
    je_comp_agreement_free(&a);
    import_ok(db, je_import_energy_activity,
              JE_SOURCE_DIR "/data/demo/chengyu/energy_activity.csv");
    je_db_close(db);
}

static void setup(void)
{
    static char db_path[512];
    load_db(db_path, sizeof db_path);
    je_server_opts o;
    je_server_opts_default(&o);
    o.db_path = db_path;
    o.port = 0;
    o.threads = 2;
    o.data_root = JE_SOURCE_DIR "/data";
    je_error err;
    cr_assert_eq(je_server_start(&o, &srv, &err), JE_OK, "%s", err.message);
    snprintf(base, sizeof base, "http://127.0.0.1:%u", (unsigned)je_server_port(srv));
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void teardown(void)
{
    je_server_stop(srv, 5);
    srv = NULL;
    curl_global_cleanup();
    t_cleanup();
}

static json_t *get_json(const char *path, long status)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    return t_http_json(url, status);
}

static void expect_error(const char *path, long status, const char *code, const char *part)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    t_http_error(url, status, code, part);
}

/* The body of a CSV answer (malloc'd), asserting status 200 and the content type. */
static char *get_csv(const char *path)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    t_resp r = t_http(url, NULL, NULL, NULL, 0, 0);
    cr_assert_eq(r.status, 200, "GET %s: %ld: %s", path, r.status, r.body ? r.body : "");
    cr_assert(strstr(r.headers, "text/csv"), "GET %s: not CSV: %s", path, r.headers);
    return r.body;
}

static json_t *items(json_t *page)
{
    return json_object_get(page, "items");
}

static const char *s_of(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static double n_of(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The row whose key k is v. */
static json_t *row_with(json_t *rows, const char *k, const char *v)
{
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o) if (s_of(o, k) && strcmp(s_of(o, k), v) == 0) return o;
    return NULL;
}

TestSuite(dash, .init = setup, .fini = teardown);

Test(dash, hourly_aqi_uses_the_24_hour_moving_mean_of_pm)
{
    /* 2012 real-time report: PM2.5 rated by its 24-h moving mean, valid with ≥ 20 hours
       (GB 3095-2012 Table 4). On 12-01 (no hours before) hours 0–18 have < 20 hours: no
       AQI; from 19:00 the mean is 75 → 100. A 1-hour rating would give 100 every hour. */
    json_t *j = get_json("/api/v1/air/hourly?station=S1&from=2022-12-01&to=2022-12-01", 200);
    cr_assert_eq(json_array_size(items(j)), 24);
    json_t *h18 = row_with(items(j), "time", "2022-12-01T18:00:00+08:00");
    json_t *h19 = row_with(items(j), "time", "2022-12-01T19:00:00+08:00");
    cr_assert_not_null(h18);
    cr_assert_not_null(h19);
    cr_assert(json_is_null(json_object_get(h18, "aqi")), "18:00 rated with 19 hours");
    cr_assert_float_eq(n_of(h19, "aqi"), 100, 1e-9, "19:00 AQI %g", n_of(h19, "aqi"));
    cr_assert_str_eq(s_of(h19, "colour"), "#FFFF00");
    cr_assert_str_eq(s_of(h19, "primary"), "pm25");
    json_decref(j);
    /* 12-02 at 11:00: the window 12-01 12:00 … 12-02 11:00 holds 12 h of 75 and 12 h of
       200: mean 137.5, between the breakpoints 115 (IAQI 150) and 150 (IAQI 200):
       150 + (137.5 − 115) / 35 × 50 = 182.14 → rounded up (§6.2) 183, level 4. */
    j = get_json("/api/v1/air/hourly?station=S1&from=2022-12-02&to=2022-12-02", 200);
    json_t *h11 = row_with(items(j), "time", "2022-12-02T11:00:00+08:00");
    cr_assert_float_eq(n_of(h11, "aqi"), 183, 1e-9, "12-02 11:00 AQI %g", n_of(h11, "aqi"));
    cr_assert_float_eq(n_of(h11, "level"), 4, 1e-9);
    json_decref(j);
}

Test(dash, hourly_filters_csv_and_errors)
{
    json_t *j =
        get_json("/api/v1/air/hourly?jurisdiction=500000&from=2022-12-01&to=2022-12-02", 200);
    cr_assert_eq(json_array_size(items(j)), 48, "one station × 48 hours");
    cr_assert_str_eq(s_of(json_array_get(items(j), 0), "station"), "C1");
    json_decref(j);
    char *csv = get_csv("/api/v1/air/hourly?station=C1&to=2022-12-01&format=csv");
    cr_assert(strncmp(csv, "code,station,name_zh,name_en,city", 33) == 0, "%.80s", csv);
    size_t lines = 0;
    for (char *p = csv; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 25, "header + 24 hours: %zu", lines);
    free(csv);
}

Test(dash, hourly_errors)
{
    expect_error("/api/v1/air/hourly?from=2022-11-01&to=2022-12-31", 400, "bad_request",
                 "1 to 31 days");
    expect_error("/api/v1/air/hourly?to=2022-02-30", 400, "bad_request", "not a day");
    expect_error("/api/v1/air/hourly?station=NOPE", 404, "not_found", "no air station");
}

Test(dash, alerts_per_city_and_joint)
{
    json_t *j = get_json("/api/v1/air/alerts?from=2022-12-01&to=2022-12-04", 200);
    json_t *rows = items(j);
    cr_assert_eq(json_array_size(rows), 4, "2 city episodes + 1 joint alert × 2 sides");
    json_t *cd = row_with(rows, "code", "city/510100/2022-12-02");
    json_t *cq = row_with(rows, "code", "city/500100/2022-12-03");
    cr_assert_not_null(cd);
    cr_assert_not_null(cq);
    cr_assert_str_eq(s_of(cd, "level"), "yellow");
    cr_assert_str_eq(s_of(cd, "end"), "2022-12-03");
    cr_assert_float_eq(n_of(cd, "days"), 2, 1e-9);
    cr_assert_float_eq(n_of(cd, "peak_aqi"), 250, 1e-9);
    cr_assert_float_eq(n_of(cd, "reduction_pct"), 10, 1e-9);
    cr_assert_str_eq(s_of(cd, "rules"), "mee-2017-4level");
    cr_assert_str_eq(s_of(cq, "level"), "blue");
    cr_assert_str_eq(s_of(cq, "level_zh"), "蓝色");
    json_t *js = row_with(rows, "code", "joint/2022-12-03/510000");
    cr_assert_not_null(js);
    cr_assert_str_eq(s_of(js, "kind"), "joint");
    cr_assert_str_eq(s_of(js, "level"), "yellow");
    cr_assert_str_eq(s_of(js, "start"), "2022-12-03");
    cr_assert_str_eq(s_of(js, "end"), "2022-12-03");
    json_decref(j);
    /* the jurisdiction filter and kind */
    j = get_json("/api/v1/air/alerts?from=2022-12-01&to=2022-12-04&kind=joint&jurisdiction=500000",
                 200);
    cr_assert_eq(json_array_size(items(j)), 1);
    cr_assert_str_eq(s_of(json_array_get(items(j), 0), "level"), "blue");
    json_decref(j);
    /* 500000's own 3-level scheme changes its verdict; 510000 keeps the MEE scheme */
    j = get_json("/api/v1/air/alerts?from=2022-12-01&to=2022-12-04&kind=city&rules_for=500000=air-"
                 "alert-3level",
                 200);
    json_t *o = row_with(items(j), "city", "510100");
    cr_assert_not_null(o);
    cr_assert_str_eq(s_of(o, "rules"), "mee-2017-4level");
    o = row_with(items(j), "city", "500100");
    if (o)
        cr_assert_str_neq(s_of(o, "rules"), "mee-2017-4level");
    json_decref(j);
}

Test(dash, alerts_errors_and_csv)
{
    expect_error("/api/v1/air/alerts?kind=both", 400, "bad_request", "city or joint");
    expect_error("/api/v1/air/alerts?rules=../../etc/passwd", 400, "bad_request",
                 "not a shipped alert rule set");
    expect_error("/api/v1/air/alerts?rules=air-alert-nope", 404, "not_found", "no rule set");
    expect_error("/api/v1/air/alerts?rules_for=500000", 400, "bad_request", "CODE=RULES");
    char *csv = get_csv("/api/v1/air/alerts?from=2022-12-01&to=2022-12-04&kind=city&format=csv");
    cr_assert(strstr(csv, "city/510100/2022-12-02,city,510100,成都,Chengdu,510000,yellow,黄色"),
              "%s", csv);
    free(csv);
}

Test(dash, schedule_lines_and_stops)
{
    json_t *j = get_json("/api/v1/stagger/schedule", 200);
    cr_assert_eq(json_array_size(items(j)), 2);
    json_t *l1 = row_with(items(j), "code", "L1");
    cr_assert_str_eq(s_of(l1, "stops"), "2023-01-02/2023-01-03");
    cr_assert_float_eq(n_of(l1, "stop_days"), 2, 1e-9);
    cr_assert_str_eq(s_of(l1, "jurisdiction"), "510000");
    cr_assert_float_eq(n_of(l1, "run"), (double)stagger_run_id, 1e-9);
    json_decref(j);
    j = get_json("/api/v1/stagger/schedule?on=2023-01-04", 200);
    cr_assert_eq(json_array_size(items(j)), 1);
    cr_assert_str_eq(s_of(json_array_get(items(j), 0), "code"), "L2");
    json_decref(j);
    j = get_json("/api/v1/stagger/schedule?jurisdiction=500000&on=2023-01-02", 200);
    cr_assert_eq(json_array_size(items(j)), 0);
    json_decref(j);
    j = get_json("/api/v1/plants/L1/schedule", 200);
    cr_assert_eq(json_array_size(items(j)), 1);
    cr_assert_str_eq(s_of(json_array_get(items(j), 0), "from"), "2023-01-02");
    cr_assert_str_eq(s_of(json_array_get(items(j), 0), "to"), "2023-01-03");
    json_decref(j);
    expect_error("/api/v1/plants/NOPE/schedule", 404, "not_found", "not in the published");
    expect_error("/api/v1/stagger/schedule?on=2023-13-01", 400, "bad_request", "not a date");
}

Test(dash, capacity_and_summary)
{
    json_t *j = get_json("/api/v1/stagger/capacity", 200);
    cr_assert_eq(json_array_size(items(j)), 4);
    static const double running[] = {3000, 2000, 2000, 1000};
    for (int d = 0; d < 4; d++) {
        json_t *o = json_array_get(items(j), (size_t)d);
        cr_assert_float_eq(n_of(o, "running_t_d"), running[d], 1e-9, "day %d", d);
        cr_assert_float_eq(n_of(o, "margin_t_d"), running[d] - 1500, 1e-9, "day %d", d);
        cr_assert_float_eq(n_of(o, "capacity_t_d"), 3000, 1e-9);
    }
    json_decref(j);
    char *csv = get_csv("/api/v1/stagger/capacity?format=csv&region=chengyu");
    cr_assert(
        strstr(csv, "2023-01-04/chengyu,2023-01-04,chengyu,3000.0,1000.0,2000.0,1500.0,-500.0"),
        "%s", csv);
    free(csv);
    j = get_json("/api/v1/stagger/summary", 200);
    cr_assert_float_eq(n_of(j, "stop_days"), 3, 1e-9);
    cr_assert_float_eq(n_of(j, "lines"), 2, 1e-9);
    json_t *e = json_object_get(j, "exposure");
    double b = n_of(e, "baseline"), rem = n_of(e, "remaining"), av = n_of(e, "avoided");
    cr_assert(b > rem && rem > 0, "baseline %g, remaining %g", b, rem);
    cr_assert_float_eq(av, b - rem, 1e-9 * b);
    json_decref(j);
}

Test(dash, ledger_and_settlements)
{
    json_t *j = get_json("/api/v1/compensation/ledger?pair=510000,500000", 200);
    cr_assert_eq(json_array_size(items(j)), 1);
    json_t *o = json_array_get(items(j), 0);
    cr_assert_float_eq(n_of(o, "balance_fen"), -150000050.0, 0.5);
    cr_assert_str_eq(s_of(o, "owes"), "510000");
    cr_assert_str_eq(s_of(o, "owed"), "500000");
    cr_assert_str_eq(s_of(o, "balance_yuan"), "-1500000.50");
    cr_assert_str_eq(s_of(o, "period"), "2022");
    json_decref(j);
    j = get_json("/api/v1/compensation/settlements?year=2022&section=B1", 200);
    cr_assert_eq(json_array_size(items(j)), 12, "one line per month");
    json_t *jan = row_with(items(j), "period", "2022-01");
    json_t *mar = row_with(items(j), "period", "2022-03");
    cr_assert_str_eq(s_of(jan, "outcome"), "met-improved");
    cr_assert_str_eq(s_of(jan, "payer"), "500000");
    cr_assert_str_eq(s_of(jan, "payee"), "510000");
    cr_assert_str_eq(s_of(jan, "amount_yuan"), "1000000.00");
    cr_assert_str_eq(s_of(jan, "clause"), "c1");
    cr_assert_str_eq(s_of(mar, "outcome"), "failed");
    cr_assert_float_eq(n_of(mar, "amount_fen"), 150000050.0, 0.5);
    cr_assert(s_of(mar, "formula") && *s_of(mar, "formula"));
    json_decref(j);
    j = get_json("/api/v1/compensation/settlements?year=2021", 200);
    cr_assert_eq(json_array_size(items(j)), 0);
    json_decref(j);
    expect_error("/api/v1/compensation/settlements?year=20x", 400, "bad_request", "whole number");
    expect_error("/api/v1/compensation/ledger?pair=510000", 400, "bad_request", "two party");
}

Test(dash, runs_and_one_run)
{
    json_t *j = get_json("/api/v1/runs", 200);
    cr_assert_eq(json_array_size(items(j)), 2, "the schedule and the settlement");
    cr_assert(json_object_get(json_array_get(items(j), 0), "output") == NULL,
              "the list carries no output");
    json_decref(j);
    j = get_json("/api/v1/runs?engine=stagger", 200);
    cr_assert_eq(json_array_size(items(j)), 1);
    json_decref(j);
    char path[64];
    snprintf(path, sizeof path, "/api/v1/runs/%lld", (long long)stagger_run_id);
    j = get_json(path, 200);
    cr_assert_str_eq(s_of(j, "engine"), "stagger");
    cr_assert_str_eq(s_of(json_object_get(j, "params"), "solver"), "hand-made");
    const char *out = s_of(j, "output");
    cr_assert(
        out &&
            strstr(out, "\"stops\":[{\"days\":2,\"from\":\"2023-01-02\",\"to\":\"2023-01-03\"}]"),
        "%s", out);
    /* the output's SHA-256 is the one recorded */
    je_sha256 h;
    cr_assert_eq(je_sha256_init(&h), JE_OK);
    je_sha256_update(&h, out, strlen(out));
    char hex[65];
    je_sha256_final_hex(&h, hex);
    je_sha256_free(&h);
    cr_assert_str_eq(hex, s_of(j, "output_sha256"));
    json_decref(j);
    expect_error("/api/v1/runs/999", 404, "not_found", "no run 999");
    expect_error("/api/v1/runs/x1", 404, "not_found", "whole numbers");
}

Test(dash, energy_account_and_barometer)
{
    /* the joint row is the sum of the two sides (je_energy_account_compute) */
    json_t *j = get_json("/api/v1/energy/account?year=2022", 200);
    json_t *sc = row_with(items(j), "jurisdiction", "510000");
    json_t *cq = row_with(items(j), "jurisdiction", "500000");
    json_t *jt = row_with(items(j), "jurisdiction", "joint");
    cr_assert(sc && cq && jt);
    double sum = n_of(sc, "energy_tce") + n_of(cq, "energy_tce");
    cr_assert_float_eq(n_of(jt, "energy_tce"), sum, 1e-6 * sum);
    cr_assert_float_eq(n_of(sc, "tce_per_1e4_yuan"),
                       n_of(sc, "energy_tce") / n_of(sc, "gdp_1e4_yuan"), 1e-12);
    json_decref(j);
    j = get_json("/api/v1/energy/account?year=2022&by=sector&jurisdiction=500000", 200);
    cr_assert(json_array_size(items(j)) >= 3);
    json_decref(j);
    j = get_json("/api/v1/energy/barometer?year=2022", 200);
    cr_assert(json_array_size(items(j)) >= 2);
    size_t i;
    json_t *o;
    json_array_foreach(items(j), i, o)
    {
        const char *lv = s_of(o, "level");
        cr_assert(lv && (!strcmp(lv, "green") || !strcmp(lv, "yellow") || !strcmp(lv, "red")));
        cr_assert_float_eq(n_of(o, "progress"),
                           n_of(o, "intensity_reduction") / n_of(o, "target_reduction"), 1e-9);
        cr_assert_float_eq(n_of(o, "elapsed_share"), 0.4, 1e-12, "2022 of 2020-2025");
    }
    json_decref(j);
    expect_error("/api/v1/energy/account?by=city", 400, "bad_request", "district or sector");
    expect_error("/api/v1/energy/account?year=1800", 400, "bad_request", "1990-2100");
    expect_error("/api/v1/energy/account?year=2030", 404, "not_found", "");
}

Test(dash, overview_headlines)
{
    json_t *j = get_json("/api/v1/overview?date=2023-01-02&year=2022", 200);
    json_t *a = json_object_get(j, "alerts");
    cr_assert_float_eq(n_of(a, "episodes"), 2, 1e-9);
    cr_assert_float_eq(n_of(a, "joint"), 1, 1e-9);
    json_t *s = json_object_get(j, "stagger");
    cr_assert(json_is_true(json_object_get(s, "published")));
    cr_assert_float_eq(n_of(s, "lines_stopped"), 1, 1e-9);
    cr_assert_float_eq(n_of(s, "capacity_stopped_t_d"), 1000, 1e-9);
    json_t *p = json_array_get(json_object_get(json_object_get(j, "compensation"), "pairs"), 0);
    cr_assert_str_eq(s_of(p, "owes"), "510000");
    cr_assert_str_eq(s_of(p, "balance_yuan"), "1500000.50");
    json_decref(j);
    expect_error("/api/v1/overview?date=tomorrow", 400, "bad_request", "not a date");
}

/* Publishing a schedule needs write rights on every side it stops lines of. */
Test(dash, publishing_needs_both_sides)
{
    je_db *db = t_open_db(t_path("dash.db"));
    je_error err;
    cr_assert_eq(je_gov_user_add(db, "li", "Li", "a-long-password-1", &err), JE_OK, "%s",
                 err.message);
    cr_assert_eq(je_gov_role_grant(db, "li", "510000", JE_ROLE_ANALYST, &err), JE_OK, "%s",
                 err.message);
    cr_assert_eq(je_gov_login_password(db, "li", "a-long-password-1", &err), JE_OK, "%s",
                 err.message);
    int64_t id = 0;
    cr_assert_eq(publish(db, &id, &err), JE_EPERM);
    cr_assert(strstr(err.message, "500000"), "%s", err.message);
    je_run *runs;
    size_t n;
    cr_assert_eq(je_run_list(db, &runs, &n, &err), JE_OK);
    cr_assert_eq(n, 2, "nothing recorded");
    free(runs);
    je_db_close(db);
}

/* The published schedule as iCalendar (RFC 5545): L1 stops 2023-01-02 … 01-03, one
   all-day event whose DTEND is the day after (exclusive), CRLF lines. */
Test(dash, plant_calendar_ics)
{
    char url[256];
    snprintf(url, sizeof url, "%s/api/v1/plants/L1/calendar.ics", base);
    t_resp r = t_http(url, NULL, NULL, NULL, 0, 0);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.headers, "Content-Type: text/calendar"), "%s", r.headers);
    cr_assert(strncmp(r.body, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0, "%s", r.body);
    cr_assert(strstr(r.body, "\r\nDTSTART;VALUE=DATE:20230102\r\nDTEND;VALUE=DATE:20230104\r\n"),
              "%s", r.body);
    cr_assert(strstr(r.body, "UID:L1-20230102@jointenv\r\n"), "%s", r.body);
    size_t events = 0;
    for (const char *p = r.body; (p = strstr(p, "BEGIN:VEVENT")) != NULL; p++)
        events++;
    cr_assert_eq(events, 1);
    cr_assert(strstr(r.body, "END:VCALENDAR\r\n"), "%s", r.body);
    free(r.body);
    expect_error("/api/v1/plants/NOPE/calendar.ics", 404, "not_found", "not in the published");
}

/* The shipped 2022 allocation scheme through the API gives what `jointenv water
   allocate` prints for it (the same engine; 510000: 2 004.9 hm3 wanted, 1 966.024
   delivered); a drought of inflows × 0.3 has no allocation and names why. */
Test(dash, water_allocation_of_the_shipped_scheme)
{
    json_t *j = get_json("/api/v1/water/allocation", 200);
    cr_assert(json_is_true(json_object_get(j, "feasible")));
    json_t *sc = row_with(json_object_get(j, "totals"), "key", "510000");
    cr_assert_not_null(sc);
    cr_expect_float_eq(n_of(sc, "demand_hm3"), 2004.9, 1e-6);
    cr_expect_float_eq(n_of(sc, "delivered_hm3"), 1966.024, 5e-4);
    json_decref(j);
    /* a severe drought: the ecological minimum flows cannot all hold — no allocation,
       and the binding constraints named (as the CLI lists them) */
    j = get_json("/api/v1/water/allocation?inflow_factor=0.3", 200);
    cr_expect(json_is_false(json_object_get(j, "feasible")));
    json_t *issues = json_object_get(j, "issues");
    cr_expect_eq(json_array_size(issues), 4);
    cr_expect(strstr(json_string_value(json_object_get(json_array_get(issues, 0), "message")),
                     "ecological minimum"));
    cr_expect_eq(json_array_size(json_object_get(j, "totals")), 0);
    json_decref(j);
    j = get_json("/api/v1/water/allocation?by=sector", 200);
    cr_expect_not_null(row_with(json_object_get(j, "totals"), "key", "domestic"));
    json_decref(j);
    expect_error("/api/v1/water/allocation?by=river", 400, "bad_request", "by");
    expect_error("/api/v1/water/allocation?year=1999", 404, "not_found", "1999");
}
