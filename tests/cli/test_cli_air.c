/* CLI runs of the air commands as a user meets them: `air aqi` against hand-worked
 * HJ 633-2012 values, `air daily` on a small constructed data set (city means of
 * stations, the 20-valid-hours rule, late and corrected hours recomputed on the next
 * call), `air alerts` from a constructed forecast (levels, duties, joint alerts),
 * input and usage errors, and the designed story of the Sichuan–Chongqing demo.
 *
 * HJ 633-2012 Table 1 breakpoints used below (IAQI 0/50/100/150/200/300/400/500):
 *   SO2 24 h 0/50/150/475/800/1600/2100/2620     NO2 24 h 0/40/80/180/280/565/750/940
 *   CO 24 h 0/2/4/14/24/36/48/60 (mg/m³)          O3 1 h 0/160/200/300/400/800/1000/1200
 *   O3 8 h 0/100/160/215/265/800                  PM10 24 h 0/50/150/250/350/420/500/600
 *   PM2.5 24 h 0/35/75/115/150/250/350/500
 * IAQI = (IAQI_hi − IAQI_lo)/(BP_hi − BP_lo) × (C − BP_lo) + IAQI_lo, rounded up (§6.2).
 * HJ 633—2026 moves the PM2.5 breakpoint at IAQI 100 to 60 (shared/reference/standards.md
 * §2). */
#include "support/support.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_air, .fini = cleanup);

/* ---- a small CSV reader for the command outputs ------------------------------ */

typedef struct table {
    char **cell; /* row-major, row 0 = header */
    size_t ncols, nrows;
} table;

static void table_free(table *t)
{
    for (size_t i = 0; i < t->ncols * t->nrows; i++)
        free(t->cell[i]);
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* Parse CSV text (RFC 4180 quoting); every row must have the header's width. */
static table table_parse(const char *text)
{
    table t = {0};
    cr_assert_not_null(text, "no output");
    size_t cap = 64, n = 0, width = 0, in_row = 0;
    t.cell = malloc(cap * sizeof *t.cell);
    const char *p = text;
    while (*p) {
        char buf[1024];
        size_t k = 0;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                if (*p == '"')
                    p++;
                if (k < sizeof buf - 1)
                    buf[k++] = *p;
            }
            if (*p == '"')
                p++;
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r')
                if (k < sizeof buf - 1)
                    buf[k++] = *p++;
        }
        buf[k] = '\0';
        if (n == cap)
            t.cell = realloc(t.cell, (cap *= 2) * sizeof *t.cell);
        t.cell[n++] = strdup(buf);
        in_row++;
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p == '\r')
            p++;
        if (*p == '\n')
            p++;
        if (width == 0)
            width = in_row;
        cr_assert_eq(in_row, width, "row %zu has %zu fields, header %zu:\n%s", n / width, in_row,
                     width, text);
        in_row = 0;
    }
    t.ncols = width;
    t.nrows = width ? n / width : 0;
    return t;
}

static int col_of(const table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->cell[c], name) == 0)
            return (int)c;
    cr_assert_fail("no column '%s'", name);
    return -1;
}

static const char *get(const table *t, size_t row, const char *name)
{
    cr_assert_lt(row, t->nrows);
    return t->cell[row * t->ncols + (size_t)col_of(t, name)];
}

/* The data row whose column k1 is v1 (and k2 is v2 when k2 is not NULL); fails if none
 * or several. */
static size_t row_where(const table *t, const char *k1, const char *v1, const char *k2,
                        const char *v2)
{
    size_t found = 0, count = 0;
    for (size_t r = 1; r < t->nrows; r++)
        if (strcmp(get(t, r, k1), v1) == 0 && (k2 == NULL || strcmp(get(t, r, k2), v2) == 0)) {
            found = r;
            count++;
        }
    cr_assert_eq(count, 1, "%zu rows with %s=%s %s=%s", count, k1, v1, k2 ? k2 : "", k2 ? v2 : "");
    return found;
}

/* Expect field `name` of `row` to read `want` exactly. */
static void expect_field(const table *t, size_t row, const char *name, const char *want,
                         const char *what)
{
    const char *v = get(t, row, name);
    cr_assert_str_eq(v, want, "%s: %s = '%s', expected '%s'", what, name, v, want);
}

/* Run jointenv with a NULL-terminated argument list; expect exit `code`. Returns stdout
 * (caller frees); *err_out gets stderr when not NULL (else it is freed). */
static char *run_expect(int code, char **err_out, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err, args);
    char cmd[512] = "";
    for (int i = 0; args[i] && strlen(cmd) < 400; i++)
        snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), "%s ", args[i]);
    cr_assert_eq(rc, code, "%s: exit %d, expected %d; stderr: %s", cmd, rc, code, err);
    if (err_out)
        *err_out = err;
    else
        free(err);
    return out;
}

/* Run and parse the CSV stdout (exit 0). */
static table run_table(const char *const *args)
{
    char *out = run_expect(0, NULL, args);
    table t = table_parse(out);
    free(out);
    return t;
}

/* ---- fixtures ------------------------------------------------------------- */

/* Stations: Chengdu (Sichuan) with SC-A and SC-B, Chongqing's centre with CQ-A. */
static const char stations_csv[] =
    "code,name_zh,name_en,city,city_zh,city_en,district,jurisdiction,lon,lat,kind\n"
    "SC-A,金泉两河,Jinquan Lianghe,510100,成都,Chengdu,金牛区,510000,104.0218,30.7093,national\n"
    "SC-B,十里店,Shilidian,510100,成都,Chengdu,成华区,510000,104.1143,30.6952,national\n"
    "CQ-A,解放碑,Jiefangbei,500100,重庆中心城区,Chongqing centre,渝中区,500000,106.577,29.557,"
    "national\n";

static void import_file(const char *db, const char *kind, const char *path, int replace)
{
    const char *args[] = {
        "--db", db, "import", kind, replace ? "--replace" : path, replace ? path : NULL, NULL};
    free(run_expect(0, NULL, args));
}

/* A database with jurisdictions and the stations above; returns its path (static). */
static const char *station_db(void)
{
    static char db[768];
    snprintf(db, sizeof db, "%s", t_path("air.db"));
    import_file(db, "jurisdictions", t_fixture("jurisdictions.csv"), 0);
    const char *st = t_path("stations.csv");
    t_write(st, stations_csv);
    import_file(db, "air-stations", st, 0);
    return db;
}

/* ---- air aqi ---------------------------------------------------------------- */

/* Hand-worked daily reports (HJ 633-2012, dates before 2026-03-01 unless noted):
 * r1 PM2.5 40: (100−50)/(75−35)·(40−35)+50 = 56.25 → 57; AQI 57, level 2, primary pm25.
 * r2 PM10 150 → 100 (a breakpoint); PM2.5 75 → 100: a tie, primary "pm10;pm25".
 * r3 all good: SO2 20 → 50/50·20 = 20; NO2 30 → 50/40·30 = 37.5 → 38; CO 0.8 → 50/2·0.8
 *    = 20; O3 1 h 100 → 50/160·100 = 31.25 → 32; O3 8 h 80 → 50/100·80 = 40; PM10 40 →
 *    40; PM2.5 20 → 50/35·20 = 28.57 → 29. AQI 40 ≤ 50: level 1, no primary pollutant.
 * r4 2026-03-01, PM2.5 60: HJ 633—2026 (auto by date) 60 is the IAQI-100 breakpoint →
 *    100; under HJ 633-2012 it is 81.25 → 82.
 * r5 NO2 200 (between 180 → 150 and 280 → 200): 50/100·(200−180)+150 = 160; CO 5 (between
 *    4 → 100 and 14 → 150): 50/10·(5−4)+100 = 105; AQI 160, level 4 (151–200), primary no2.
 * r6 O3 8 h 900 > 800: not rated (Table 1 note 3), O3 rated by its 1 h 300 → 150;
 *    AQI 150, level 3, primary o3_1h.
 * r7 SO2 100 → 50/100·(100−50)+50 = 75; PM2.5 115 → 150 (breakpoint): AQI 150, level 3.
 * r8 PM2.5 600 > 500 (top breakpoint) → 500; level 6. */
static const char aqi_input[] = "id,date,so2,no2,co,o3_1h,o3_8h,pm10,pm25\n"
                                "r1,2022-06-01,,,,,,,40\n"
                                "r2,2022-06-01,,,,,,150,75\n"
                                "r3,2022-06-01,20,30,0.8,100,80,40,20\n"
                                "r4,2026-03-01,,,,,,,60\n"
                                "r5,2022-06-01,,200,5,,,,\n"
                                "r6,2022-06-01,,,,300,900,,\n"
                                "r7,2022-06-01,100,,,,,,115\n"
                                "r8,2022-06-01,,,,,,,600\n";

typedef struct aqi_expect {
    const char *id, *aqi, *level, *category, *category_en, *primary, *standard;
    const char *iaqi[7]; /* so2 no2 co o3_1h o3_8h pm10 pm25 */
} aqi_expect;

static void check_aqi_rows(const table *t, const aqi_expect *x, size_t n)
{
    static const char *const items[7] = {"iaqi_so2",   "iaqi_no2",  "iaqi_co",  "iaqi_o3_1h",
                                         "iaqi_o3_8h", "iaqi_pm10", "iaqi_pm25"};
    cr_assert_eq(t->nrows, n + 1, "%zu rows, expected %zu", t->nrows - 1, n);
    for (size_t i = 0; i < n; i++) {
        size_t r = row_where(t, "id", x[i].id, NULL, NULL);
        expect_field(t, r, "aqi", x[i].aqi, x[i].id);
        expect_field(t, r, "level", x[i].level, x[i].id);
        expect_field(t, r, "category", x[i].category, x[i].id);
        expect_field(t, r, "category_en", x[i].category_en, x[i].id);
        expect_field(t, r, "primary", x[i].primary, x[i].id);
        expect_field(t, r, "standard", x[i].standard, x[i].id);
        for (int k = 0; k < 7; k++)
            expect_field(t, r, items[k], x[i].iaqi[k], x[i].id);
    }
}

Test(cli_air, aqi_daily_report_hand_worked)
{
    const char *in = t_path("aqi.csv");
    t_write(in, aqi_input);
    const char *args[] = {"air", "aqi", "--input", in, "--format", "csv", NULL};
    table t = run_table(args);
    const aqi_expect x[] = {
        {"r1", "57", "2", "良", "Good", "pm25", "hj633-2012", {"", "", "", "", "", "", "57"}},
        {"r2",
         "100",
         "2",
         "良",
         "Good",
         "pm10;pm25",
         "hj633-2012",
         {"", "", "", "", "", "100", "100"}},
        {"r3",
         "40",
         "1",
         "优",
         "Excellent",
         "",
         "hj633-2012",
         {"20", "38", "20", "32", "40", "40", "29"}},
        {"r4", "100", "2", "良", "Good", "pm25", "hj633-2026", {"", "", "", "", "", "", "100"}},
        {"r5",
         "160",
         "4",
         "中度污染",
         "Moderately polluted",
         "no2",
         "hj633-2012",
         {"", "160", "105", "", "", "", ""}},
        {"r6",
         "150",
         "3",
         "轻度污染",
         "Lightly polluted",
         "o3_1h",
         "hj633-2012",
         {"", "", "", "150", "", "", ""}},
        {"r7",
         "150",
         "3",
         "轻度污染",
         "Lightly polluted",
         "pm25",
         "hj633-2012",
         {"75", "", "", "", "", "", "150"}},
        {"r8",
         "500",
         "6",
         "严重污染",
         "Severely polluted",
         "pm25",
         "hj633-2012",
         {"", "", "", "", "", "", "500"}},
    };
    check_aqi_rows(&t, x, sizeof x / sizeof x[0]);
    table_free(&t);
}

Test(cli_air, aqi_standard_and_rounding_options)
{
    const char *in = t_path("aqi.csv");
    t_write(in, aqi_input);
    /* --standard hj633-2012 rates r4 (2026-03-01, PM2.5 60) by the 2012 table: 82 */
    const char *a1[] = {"air",        "aqi",      "--input", in,  "--standard",
                        "hj633-2012", "--format", "csv",     NULL};
    table t = run_table(a1);
    size_t r = row_where(&t, "id", "r4", NULL, NULL);
    expect_field(&t, r, "aqi", "82", "r4 hj633-2012");
    expect_field(&t, r, "iaqi_pm25", "82", "r4 hj633-2012");
    expect_field(&t, r, "standard", "hj633-2012", "r4 hj633-2012");
    table_free(&t);
    /* --rounding none keeps the fraction: r1 56.25; r3 NO2 37.50, PM2.5 1000/35 = 28.57,
       AQI 40.00 (PM10 and O3 8 h) */
    const char *a2[] = {"air", "aqi", "--input", in, "--rounding", "none", "--format", "csv", NULL};
    t = run_table(a2);
    r = row_where(&t, "id", "r1", NULL, NULL);
    expect_field(&t, r, "aqi", "56.25", "r1 none");
    expect_field(&t, r, "iaqi_pm25", "56.25", "r1 none");
    r = row_where(&t, "id", "r3", NULL, NULL);
    expect_field(&t, r, "iaqi_no2", "37.50", "r3 none");
    expect_field(&t, r, "iaqi_pm25", "28.57", "r3 none");
    expect_field(&t, r, "iaqi_o3_1h", "31.25", "r3 none");
    expect_field(&t, r, "aqi", "40.00", "r3 none");
    table_free(&t);
    /* --rounding round: 56.25 → 56 (where ceil gives 57); 37.5 → 38 (half away from 0) */
    const char *a3[] = {"air",   "aqi",      "--input", in,  "--rounding",
                        "round", "--format", "csv",     NULL};
    t = run_table(a3);
    r = row_where(&t, "id", "r1", NULL, NULL);
    expect_field(&t, r, "aqi", "56", "r1 round");
    r = row_where(&t, "id", "r3", NULL, NULL);
    expect_field(&t, r, "iaqi_no2", "38", "r3 round");
    expect_field(&t, r, "iaqi_o3_1h", "31", "r3 round");
    table_free(&t);
}

Test(cli_air, aqi_bad_input_exit_3_with_location)
{
    const struct {
        const char *name, *text, *where, *why;
    } cases[] = {
        /* "r1,2022-06-01," is 14 characters: pm25 starts at column 15 */
        {"nonnum.csv", "id,date,pm25\nr1,2022-06-01,4x0\n", "nonnum.csv:2:15:", "not a number"},
        {"unknowncol.csv", "id,date,pm25,lead\nr1,2022-06-01,40,1\n",
         "unknowncol.csv:1:14:", "unknown column 'lead'"},
        {"negative.csv", "id,date,pm25,pm10\nr1,2022-06-01,40,-3\n",
         "negative.csv:2:18:", "negative"},
        {"baddate.csv", "id,date,pm25\nr1,2022-13-01,40\n", "baddate.csv:2:4:", "not a date"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *in = t_path(cases[i].name);
        t_write(in, cases[i].text);
        const char *args[] = {"air", "aqi", "--input", in, "--format", "csv", NULL};
        char *err;
        char *out = run_expect(3, &err, args);
        cr_assert(err && strstr(err, cases[i].where), "%s: expected '%s' in: %s", cases[i].name,
                  cases[i].where, err);
        cr_assert(strstr(err, cases[i].why), "%s: expected '%s' in: %s", cases[i].name,
                  cases[i].why, err);
        cr_assert(out == NULL || out[0] == '\0', "%s: output written despite errors: %s",
                  cases[i].name, out);
        free(out);
        free(err);
    }
}

/* ---- air daily --------------------------------------------------------------- */

/* Two days of hours (local time, +08:00) for the stations of station_db():
 * 2022-01-01  SC-A PM10 100, PM2.5 30 (00–11 h) and 50 (12–23 h)
 *             SC-B PM10 120, PM2.5 60
 *             CQ-A PM2.5 20
 * 2022-01-02  SC-A PM10 200, PM2.5 missing 00–04 h, 100 after
 *             SC-B PM10 300, PM2.5 100 flagged X (invalid) 00–04 h, 100 after (valid) */
static void write_daily_hours(const char *path)
{
    size_t cap = 16384;
    char *s = malloc(cap);
    snprintf(s, cap, "station,time,pm10,pm25,pm25_flag\n");
    for (int h = 0; h < 24; h++) {
        size_t n = strlen(s);
        snprintf(s + n, cap - n,
                 "SC-A,2022-01-01T%02d:00,100,%d,\n"
                 "SC-B,2022-01-01T%02d:00,120,60,\n"
                 "CQ-A,2022-01-01T%02d:00,,20,\n"
                 "SC-A,2022-01-02T%02d:00,200,%s,\n"
                 "SC-B,2022-01-02T%02d:00,300,100,%s\n",
                 h, h < 12 ? 30 : 50, h, h, h, h < 5 ? "" : "100", h, h < 5 ? "X" : "");
    }
    t_write(path, s);
    free(s);
}

static table daily(const char *db, const char *from, const char *to, const char *by)
{
    const char *args[] = {"--db", db, "air",      "daily", "--from",           from,
                          "--to", to, "--format", "csv",   by ? "--by" : NULL, by,
                          NULL};
    return run_table(args);
}

Test(cli_air, daily_city_means_validity_and_aqi)
{
    const char *db = station_db();
    const char *hours = t_path("hours.csv");
    write_daily_hours(hours);
    import_file(db, "air-hourly", hours, 0);

    table t = daily(db, "2022-01-01", "2022-01-02", NULL);
    /* two cities × two days */
    cr_assert_eq(t.nrows, 5, "%zu rows", t.nrows - 1);
    /* Chengdu 2022-01-01: city hour = mean of SC-A and SC-B.
       PM2.5 (30+60)/2 = 45 for 12 h and (50+60)/2 = 55 for 12 h → 24-h mean 50 →
       IAQI 50/40·(50−35)+50 = 68.75 → 69.  PM10 (100+120)/2 = 110 → 50/100·(110−50)+50
       = 80.  AQI 80, level 2 (良), primary pm10; 48 of 144 hour-values. */
    size_t r = row_where(&t, "city", "510100", "date", "2022-01-01");
    const char *what = "510100 2022-01-01";
    expect_field(&t, r, "city_zh", "成都", what);
    expect_field(&t, r, "jurisdiction", "510000", what);
    expect_field(&t, r, "stations", "2", what);
    expect_field(&t, r, "pm25", "50", what);
    expect_field(&t, r, "pm10", "110", what);
    expect_field(&t, r, "aqi", "80", what);
    expect_field(&t, r, "level", "2", what);
    expect_field(&t, r, "category", "良", what);
    expect_field(&t, r, "primary", "pm10", what);
    expect_field(&t, r, "so2", "", what);
    expect_field(&t, r, "o3_8h", "", what);
    expect_field(&t, r, "completeness", "48/144", what);
    expect_field(&t, r, "standard", "hj633-2012", what);
    /* Chengdu 2022-01-02: PM2.5 00–04 h missing at SC-A and invalid at SC-B → 19 valid
       hours < 20: no 24-h mean.  PM10 (200+300)/2 = 250 → 150 exactly.  AQI 150, level 3
       (轻度污染), primary pm10; 24 + 19 = 43 hour-values. */
    r = row_where(&t, "city", "510100", "date", "2022-01-02");
    what = "510100 2022-01-02";
    expect_field(&t, r, "pm25", "", what);
    expect_field(&t, r, "pm10", "250", what);
    expect_field(&t, r, "aqi", "150", what);
    expect_field(&t, r, "level", "3", what);
    expect_field(&t, r, "category", "轻度污染", what);
    expect_field(&t, r, "primary", "pm10", what);
    expect_field(&t, r, "completeness", "43/144", what);
    /* Chongqing 2022-01-01: PM2.5 20 → 50/35·20 = 28.57 → 29 ≤ 50: level 1, no primary */
    r = row_where(&t, "city", "500100", "date", "2022-01-01");
    what = "500100 2022-01-01";
    expect_field(&t, r, "stations", "1", what);
    expect_field(&t, r, "pm25", "20", what);
    expect_field(&t, r, "aqi", "29", what);
    expect_field(&t, r, "level", "1", what);
    expect_field(&t, r, "category", "优", what);
    expect_field(&t, r, "primary", "", what);
    /* and no data on 2022-01-02: no AQI */
    r = row_where(&t, "city", "500100", "date", "2022-01-02");
    expect_field(&t, r, "aqi", "", "500100 2022-01-02");
    expect_field(&t, r, "pm25", "", "500100 2022-01-02");
    table_free(&t);

    /* by station: SC-A 2022-01-01 PM2.5 (12·30 + 12·50)/24 = 40 → 56.25 → 57; PM10 100
       → 50/100·50+50 = 75: AQI 75, primary pm10.  SC-B: PM2.5 60 → 81.25 → 82; PM10 120
       → 85: AQI 85, primary pm10.  SC-B 2022-01-02: its 5 X hours leave 19 → no mean. */
    t = daily(db, "2022-01-01", "2022-01-02", "station");
    cr_assert_eq(t.nrows, 7, "%zu rows", t.nrows - 1);
    r = row_where(&t, "station", "SC-A", "date", "2022-01-01");
    expect_field(&t, r, "city", "510100", "SC-A");
    expect_field(&t, r, "pm25", "40", "SC-A");
    expect_field(&t, r, "pm10", "100", "SC-A");
    expect_field(&t, r, "aqi", "75", "SC-A");
    expect_field(&t, r, "primary", "pm10", "SC-A");
    r = row_where(&t, "station", "SC-B", "date", "2022-01-01");
    expect_field(&t, r, "pm25", "60", "SC-B");
    expect_field(&t, r, "aqi", "85", "SC-B");
    r = row_where(&t, "station", "SC-B", "date", "2022-01-02");
    expect_field(&t, r, "pm25", "", "SC-B 2022-01-02");
    expect_field(&t, r, "pm10", "300", "SC-B 2022-01-02");
    table_free(&t);

    /* filters: --city by English name, --jurisdiction */
    const char *a1[] = {"--db",     db,       "air",        "daily", "--city",
                        "Chengdu",  "--from", "2022-01-01", "--to",  "2022-01-01",
                        "--format", "csv",    NULL};
    t = run_table(a1);
    cr_assert_eq(t.nrows, 2, "%zu rows", t.nrows - 1);
    expect_field(&t, 1, "city", "510100", "--city Chengdu");
    table_free(&t);
    const char *a2[] = {"--db",   db,         "air", "daily", "--jurisdiction",
                        "500000", "--format", "csv", NULL};
    t = run_table(a2);
    /* without --from/--to: every stored day (2022-01-01 and 2022-01-02) */
    cr_assert_eq(t.nrows, 3, "%zu rows", t.nrows - 1);
    for (size_t i = 1; i < t.nrows; i++)
        expect_field(&t, i, "city", "500100", "--jurisdiction 500000");
    table_free(&t);
}

/* Late and corrected hours: nothing derived is stored, so the next call shows them. */
Test(cli_air, daily_recomputed_after_late_and_corrected_hours)
{
    const char *db = station_db();
    const char *hours = t_path("hours.csv");
    write_daily_hours(hours);
    import_file(db, "air-hourly", hours, 0);

    table t = daily(db, "2022-01-01", "2022-01-02", NULL);
    size_t r = row_where(&t, "city", "510100", "date", "2022-01-01");
    expect_field(&t, r, "pm25", "50", "before");
    expect_field(&t, r, "aqi", "80", "before");
    expect_field(&t, r, "primary", "pm10", "before");
    r = row_where(&t, "city", "510100", "date", "2022-01-02");
    expect_field(&t, r, "pm25", "", "before");
    table_free(&t);

    /* a corrected spike: SC-A 05:00 PM2.5 30 → 510. The city hour goes from
       (30+60)/2 = 45 to (510+60)/2 = 285, +240 over 24 h = +10: the mean is 60 →
       IAQI 50/40·(60−35)+50 = 81.25 → 82 > PM10's 80: AQI 82, primary pm25. */
    const char *fix = t_path("fix.csv");
    t_write(fix, "station,time,pm25\nSC-A,2022-01-01T05:00,510\n");
    /* without --replace it is refused (exit 3) and nothing changes */
    char before[65], after[65];
    t_db_fingerprint(db, before);
    const char *norep[] = {"--db", db, "import", "air-hourly", fix, NULL};
    char *err;
    free(run_expect(3, &err, norep));
    cr_assert(strstr(err, "fix.csv:2:23:") && strstr(err, "--replace"), "%s", err);
    free(err);
    t_db_fingerprint(db, after);
    cr_assert_str_eq(after, before, "a refused import changed the database");
    import_file(db, "air-hourly", fix, 1);
    /* a late hour: SC-A 2022-01-02 04:00 PM2.5 220 (the stored hour had PM10 only). The
       city hour 04:00 is SC-A's alone (SC-B's is invalid): 20 valid hours now, mean
       (19·100 + 220)/20 = 106 → IAQI 50/40·(106−75)+100 = 138.75 → 139 < PM10's 150. */
    const char *late = t_path("late.csv");
    t_write(late, "station,time,pollutant,value\nSC-A,2022-01-02T04:00,pm25,220\n");
    import_file(db, "air-hourly", late, 0);

    t = daily(db, "2022-01-01", "2022-01-02", NULL);
    r = row_where(&t, "city", "510100", "date", "2022-01-01");
    expect_field(&t, r, "pm25", "60", "after the correction");
    expect_field(&t, r, "aqi", "82", "after the correction");
    expect_field(&t, r, "primary", "pm25", "after the correction");
    expect_field(&t, r, "pm10", "110", "after the correction");
    r = row_where(&t, "city", "510100", "date", "2022-01-02");
    expect_field(&t, r, "pm25", "106", "after the late hour");
    expect_field(&t, r, "aqi", "150", "after the late hour");
    expect_field(&t, r, "completeness", "44/144", "after the late hour");
    table_free(&t);
    /* the station view agrees: SC-A 2022-01-01 (11·30 + 510 + 12·50)/24 = 1440/24 = 60 */
    t = daily(db, "2022-01-01", "2022-01-01", "station");
    r = row_where(&t, "station", "SC-A", "date", "2022-01-01");
    expect_field(&t, r, "pm25", "60", "SC-A after the correction");
    table_free(&t);
}

Test(cli_air, import_air_hourly_bad_file_exit_3_and_db_unchanged)
{
    const char *db = station_db();
    char before[65], after[65];
    t_db_fingerprint(db, before);
    const char *bad = t_path("bad_air.csv");
    t_write(bad, "station,time,pm10,pm25\n"
                 "SC-A,2022-01-01T00:00,80,40\n"
                 "SC-A,2022-01-01T01:00,80,abc\n"
                 "ZZ-9,2022-01-01T01:00,80,40\n"
                 "SC-B,2022-01-01T01:30,80,40\n"
                 "SC-B,2022-01-01T02:00,80,6000\n");
    const char *args[] = {"--db", db, "import", "air-hourly", bad, NULL};
    char *err;
    free(run_expect(3, &err, args));
    /* "SC-A,2022-01-01T01:00,80," is 25 characters: pm25 at column 26 */
    cr_assert(strstr(err, "bad_air.csv:3:26:") && strstr(err, "not a number"), "%s", err);
    cr_assert(strstr(err, "bad_air.csv:4:1:") && strstr(err, "unknown station 'ZZ-9'"), "%s", err);
    cr_assert(strstr(err, "bad_air.csv:5:6:") && strstr(err, "not on the hour"), "%s", err);
    cr_assert(strstr(err, "bad_air.csv:6:26:") && strstr(err, "out of range"), "%s", err);
    free(err);
    t_db_fingerprint(db, after);
    cr_assert_str_eq(after, before, "the database changed");
    /* --dry-run on a good file writes nothing either */
    const char *good = t_path("good_air.csv");
    t_write(good, "station,time,pm25\nSC-A,2022-01-01T00:00,40\n");
    const char *dry[] = {"--db", db, "import", "air-hourly", "--dry-run", good, NULL};
    free(run_expect(0, NULL, dry));
    t_db_fingerprint(db, after);
    cr_assert_str_eq(after, before, "a dry run changed the database");
}

/* ---- air alerts --------------------------------------------------------------- */

/* Daily forecast AQI; rule set MEE 2017 (data/rules/air-alert-mee-2017.json): blue > 200
 * for 24 h; yellow > 200 for 48 h; orange > 200 for 72 h and > 300 for 24 h; red > 200
 * for 96 h and > 300 for 48 h; duties blue 0, yellow 10, orange 20, red 30 %.
 *   510100 (Sichuan):   150, 210, 220, 180 → > 200 on 12-11 and 12-12 (48 h) → yellow,
 *                       2022-12-11 … 2022-12-12, 2 days, peak 220, 10 %.
 *   500100 (Chongqing): 120, 150, 250, 320, 260, 100 → > 200 on 12-12 … 12-14 (72 h),
 *                       > 300 on 12-13 (24 h) → orange, 12-12 … 12-14, 3 days, peak 320,
 *                       20 %.
 * Joint: both in alert only on 2022-12-12 (yellow covers [12-11, 12-13), orange
 * [12-12, 12-15)): one joint alert, 1 day, sides 500000 orange 20 % and 510000 yellow
 * 10 %, one city each. */
static const char forecast_csv[] = "city,date,aqi\n"
                                   "510100,2022-12-10,150\n"
                                   "510100,2022-12-11,210\n"
                                   "510100,2022-12-12,220\n"
                                   "510100,2022-12-13,180\n"
                                   "500100,2022-12-10,120\n"
                                   "500100,2022-12-11,150\n"
                                   "500100,2022-12-12,250\n"
                                   "500100,2022-12-13,320\n"
                                   "500100,2022-12-14,260\n"
                                   "500100,2022-12-15,100\n";

static table alerts(const char *db, const char *forecast, const char *show, const char *extra)
{
    const char *args[] = {"--db",   db,   "air",      "alerts", "--forecast", forecast,
                          "--show", show, "--format", "csv",    extra,        NULL};
    return run_table(args);
}

Test(cli_air, alerts_from_a_forecast_levels_duties_and_joint)
{
    const char *db = station_db();
    const char *fc = t_path("forecast.csv");
    t_write(fc, forecast_csv);
    table t = alerts(db, fc, "alerts", NULL);
    cr_assert_eq(t.nrows, 3, "two episodes expected, got %zu", t.nrows - 1);
    size_t r = row_where(&t, "city", "510100", NULL, NULL);
    expect_field(&t, r, "jurisdiction", "510000", "510100");
    expect_field(&t, r, "level", "yellow", "510100");
    expect_field(&t, r, "level_zh", "黄色", "510100");
    expect_field(&t, r, "start", "2022-12-11", "510100");
    expect_field(&t, r, "end", "2022-12-12", "510100");
    expect_field(&t, r, "days", "2", "510100");
    expect_field(&t, r, "peak_aqi", "220", "510100");
    expect_field(&t, r, "reduction_pct", "10", "510100");
    expect_field(&t, r, "rules", "mee-2017-4level", "510100");
    r = row_where(&t, "city", "500100", NULL, NULL);
    expect_field(&t, r, "jurisdiction", "500000", "500100");
    expect_field(&t, r, "level", "orange", "500100");
    expect_field(&t, r, "start", "2022-12-12", "500100");
    expect_field(&t, r, "end", "2022-12-14", "500100");
    expect_field(&t, r, "days", "3", "500100");
    expect_field(&t, r, "peak_aqi", "320", "500100");
    expect_field(&t, r, "reduction_pct", "20", "500100");
    table_free(&t);

    t = alerts(db, fc, "joint", NULL);
    cr_assert_eq(t.nrows, 3, "one joint alert, two sides, got %zu rows", t.nrows - 1);
    for (size_t i = 1; i < 3; i++) {
        expect_field(&t, i, "joint_alert", "1", "joint");
        expect_field(&t, i, "start", "2022-12-12", "joint");
        expect_field(&t, i, "end", "2022-12-12", "joint");
        expect_field(&t, i, "days", "1", "joint");
        expect_field(&t, i, "cities", "1", "joint");
    }
    /* sides in order of jurisdiction code */
    expect_field(&t, 1, "jurisdiction", "500000", "joint side 1");
    expect_field(&t, 1, "level", "orange", "joint side 1");
    expect_field(&t, 1, "reduction_pct", "20", "joint side 1");
    expect_field(&t, 2, "jurisdiction", "510000", "joint side 2");
    expect_field(&t, 2, "level", "yellow", "joint side 2");
    expect_field(&t, 2, "reduction_pct", "10", "joint side 2");
    table_free(&t);

    /* JSON: both tables */
    const char *js[] = {"--db", db, "air", "alerts", "--forecast", fc, "--format", "json", NULL};
    char *out = run_expect(0, NULL, js);
    json_error_t je;
    json_t *doc = json_loads(out, 0, &je);
    cr_assert_not_null(doc, "not JSON: %s\n%s", je.text, out);
    cr_assert_eq(json_array_size(json_object_get(doc, "alerts")), 2);
    cr_assert_eq(json_array_size(json_object_get(doc, "joint")), 2);
    json_decref(doc);
    free(out);
}

/* Each side judged by its own rule set. With the 2018 guidance for Sichuan (yellow > 200
 * for 24 h or > 150 for 48 h; orange > 200 for 48 h; lowest trigger > 150):
 *   510100: 150 (not above 150), 210, 220, 180 → the episode is 12-11 … 12-13 (3 days),
 *   > 200 for 48 h → orange, 20 %, rules mee-2018-guidance.
 *   500100 stays orange under MEE 2017.
 * Joint: [12-11, 12-14) ∩ [12-12, 12-15) = 12-12 … 12-13, 2 days, both sides orange. */
Test(cli_air, alerts_rule_set_per_jurisdiction)
{
    const char *db = station_db();
    const char *fc = t_path("forecast.csv");
    t_write(fc, forecast_csv);
    char rules[900];
    snprintf(rules, sizeof rules, "--rules-for=510000=%s/data/rules/air-alert-2018-guidance.json",
             JE_SOURCE_DIR);
    table t = alerts(db, fc, "alerts", rules);
    size_t r = row_where(&t, "city", "510100", NULL, NULL);
    expect_field(&t, r, "level", "orange", "510100 (2018 guidance)");
    expect_field(&t, r, "start", "2022-12-11", "510100 (2018 guidance)");
    expect_field(&t, r, "end", "2022-12-13", "510100 (2018 guidance)");
    expect_field(&t, r, "days", "3", "510100 (2018 guidance)");
    expect_field(&t, r, "reduction_pct", "20", "510100 (2018 guidance)");
    expect_field(&t, r, "rules", "mee-2018-guidance", "510100 (2018 guidance)");
    r = row_where(&t, "city", "500100", NULL, NULL);
    expect_field(&t, r, "level", "orange", "500100");
    expect_field(&t, r, "rules", "mee-2017-4level", "500100");
    table_free(&t);
    t = alerts(db, fc, "joint", rules);
    cr_assert_eq(t.nrows, 3, "%zu rows", t.nrows - 1);
    for (size_t i = 1; i < 3; i++) {
        expect_field(&t, i, "start", "2022-12-12", "joint");
        expect_field(&t, i, "end", "2022-12-13", "joint");
        expect_field(&t, i, "days", "2", "joint");
        expect_field(&t, i, "level", "orange", "joint");
        expect_field(&t, i, "reduction_pct", "20", "joint");
    }
    table_free(&t);
}

/* --city / --jurisdiction select the cities alerted; the forecast's rows of the other
 * stored cities are not errors (510100 is a city of the stored stations: calling it
 * "unknown" would be false). One side alone makes no joint alert. */
Test(cli_air, alerts_forecast_with_a_city_filter)
{
    const char *db = station_db();
    const char *fc = t_path("forecast.csv");
    t_write(fc, forecast_csv);
    const char *a1[] = {"--db",   db,       "air",    "alerts",   "--forecast", fc,  "--city",
                        "500100", "--show", "alerts", "--format", "csv",        NULL};
    table t = run_table(a1);
    cr_assert_eq(t.nrows, 2, "%zu alerts", t.nrows - 1);
    expect_field(&t, 1, "city", "500100", "--city 500100");
    expect_field(&t, 1, "level", "orange", "--city 500100");
    table_free(&t);
    const char *a2[] = {
        "--db",   db,       "air",   "alerts",   "--forecast", fc,  "--jurisdiction",
        "510000", "--show", "joint", "--format", "csv",        NULL};
    t = run_table(a2);
    cr_assert_eq(t.nrows, 1, "a joint alert with one side: %zu rows", t.nrows - 1);
    table_free(&t);
}

Test(cli_air, alerts_bad_forecast_rows_exit_3)
{
    const char *db = station_db();
    const char *fc = t_path("badfc.csv");
    /* "500100,2022-12-11," is 18 characters: the AQI is at column 19 */
    t_write(fc, "city,date,aqi\n"
                "510100,2022-12-10,150\n"
                "999999,2022-12-11,200\n"
                "500100,2022-12-11,abc\n"
                "500100,2022-13-01,100\n"
                "500100,2022-12-12,600\n");
    const char *args[] = {"--db",   db,       "air",      "alerts", "--forecast", fc,
                          "--show", "alerts", "--format", "csv",    NULL};
    char *err;
    char *out = run_expect(3, &err, args);
    cr_assert(strstr(err, "badfc.csv:3:1:") && strstr(err, "unknown city '999999'"), "%s", err);
    cr_assert(strstr(err, "badfc.csv:4:19:") && strstr(err, "AQI 'abc'"), "%s", err);
    cr_assert(strstr(err, "badfc.csv:5:8:"), "bad date: %s", err);
    cr_assert(strstr(err, "badfc.csv:6:19:") && strstr(err, "AQI '600'"), "%s", err);
    cr_assert(out == NULL || out[0] == '\0', "alerts written despite errors: %s", out);
    free(out);
    free(err);
    /* a file with other columns */
    t_write(fc, "city,day,aqi\n510100,2022-12-10,150\n");
    out = run_expect(3, &err, args);
    cr_assert(strstr(err, "badfc.csv:1:"), "%s", err);
    free(out);
    free(err);
}

Test(cli_air, usage_errors_exit_2)
{
    const char *fc = t_path("fc.csv");
    t_write(fc, forecast_csv);
    const char *in = t_path("aqi.csv");
    t_write(in, aqi_input);
    const char *cases[][10] = {
        {"air", "alerts", "--forecast", fc, "--format", "csv", NULL}, /* --show all + csv */
        {"air", "alerts", "--forecast", fc, "--show", "all", "--format", "csv", NULL},
        {"air", "alerts", "--forecast", fc, "--show", "everything", NULL},
        {"air", "alerts", "--forecast", fc, "--from", "2022-12-01", "--show", "alerts", NULL},
        {"air", "alerts", "--rules-for", "nofile", "--show", "alerts", NULL},
        {"air", "daily", "--by", "province", NULL},
        {"air", "daily", "--from", "2022-02-30", "--to", "2022-03-01", NULL},
        {"air", "daily", "--from", "2022-03-02", "--to", "2022-03-01", NULL},
        {"air", "daily", "extra", NULL},
        {"air", "aqi", NULL},
        {"air", "aqi", "--input", in, "--report", "weekly", NULL},
        {"air", "aqi", "--input", in, "--standard", "hj633-1999", NULL},
        {"air", "aqi", "--input", in, "--rounding", "floor", NULL},
        {"air", "assess", "--year", "22", NULL},
        {"air", "assess", "--from", "2022-01-01", NULL},
        {"air", "assess", "--edition", "2020", NULL},
        {"air", "frobnicate", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[14] = {"--db", t_path("u.db")};
        for (int k = 0; cases[i][k]; k++)
            args[2 + k] = cases[i][k];
        char *out, *err;
        int rc = t_run(&out, &err, args);
        cr_expect_eq(rc, 2, "case %zu (%s %s %s %s): exit %d, stderr %s", i, cases[i][1],
                     cases[i][2] ? cases[i][2] : "", cases[i][3] ? cases[i][3] : "",
                     cases[i][3] && cases[i][4] ? cases[i][4] : "", rc, err);
        cr_expect(err && strlen(err) > 0, "case %zu: no message", i);
        free(out);
        free(err);
    }
}

Test(cli_air, help_on_every_air_command)
{
    const char *cmds[][2] = {{"air", "aqi"},           {"air", "daily"},
                             {"air", "assess"},        {"air", "alerts"},
                             {"import", "air-hourly"}, {"import", "air-stations"}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const char *args[] = {cmds[i][0], cmds[i][1], "--help", NULL};
        char *out = run_expect(0, NULL, args);
        cr_assert(out && strstr(out, "Usage"), "%s %s --help: %s", cmds[i][0], cmds[i][1], out);
        free(out);
    }
}

/* ---- the demo's designed story (data/demo/chengyu/air_expected_story.json) ------ */

static const char *demo_db(void)
{
    static char db[768];
    snprintf(db, sizeof db, "%s", t_path("demo.db"));
    const char *args[] = {"--db", db, "demo", NULL};
    free(run_expect(0, NULL, args));
    return db;
}

static json_t *story(void)
{
    char *text = t_read(JE_SOURCE_DIR "/data/demo/chengyu/air_expected_story.json");
    cr_assert_not_null(text);
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);
    cr_assert_not_null(doc, "story: %s", je.text);
    free(text);
    return doc;
}

static const char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    cr_assert_not_null(s, "story: no string '%s'", key);
    return s;
}

static int level_rank(const char *level)
{
    static const char *const order[] = {"none", "blue", "yellow", "orange", "red"};
    for (int i = 0; i < 5; i++)
        if (strcmp(level, order[i]) == 0)
            return i;
    cr_assert_fail("unknown level '%s'", level);
    return -1;
}

/* The alert row of `city` whose start lies in [from, to] (ISO dates compare as text). */
static size_t alert_row_in(const table *t, const char *city, const char *from, const char *to)
{
    size_t found = 0, count = 0;
    for (size_t r = 1; r < t->nrows; r++) {
        const char *s = get(t, r, "start");
        if (strcmp(get(t, r, "city"), city) == 0 && strcmp(s, from) >= 0 && strcmp(s, to) <= 0) {
            found = r;
            count++;
        }
    }
    cr_assert_eq(count, 1, "city %s: %zu alerts starting in %s … %s", city, count, from, to);
    return found;
}

/* The hindcast over 2022: every city the story lists for an episode is in alert at the
 * designed level, from its first to its last day over 150 µg/m³ PM2.5 (AQI > 200), with
 * the designed peak; the episode is a joint alert of both sides, each at the highest
 * level of its cities, with all of them counted. The December forecast file gives the
 * designed level per city. */
Test(cli_air, demo_alerts_tell_the_designed_story)
{
    const char *db = demo_db();
    json_t *doc = story();
    const char *ha[] = {"--db",       db,     "air",        "alerts", "--from",
                        "2022-01-01", "--to", "2022-12-31", "--show", "alerts",
                        "--format",   "csv",  NULL};
    table al = run_table(ha);
    const char *hj[] = {"--db",       db,       "air",   "alerts",   "--from", "2022-01-01", "--to",
                        "2022-12-31", "--show", "joint", "--format", "csv",    NULL};
    table jt = run_table(hj);
    json_t *episodes = json_object_get(doc, "episodes");
    cr_assert_eq(json_array_size(episodes), 2);
    size_t n_city_alerts = 0;
    for (size_t e = 0; e < json_array_size(episodes); e++) {
        json_t *ep = json_array_get(episodes, e);
        const char *from = json_string_value(json_array_get(json_object_get(ep, "build_up"), 0));
        const char *to = jstr(ep, "end");
        int side_rank[2] = {0, 0};
        size_t side_cities[2] = {0, 0};
        const char *sides[2] = {"500000", "510000"};
        const char *groups[2] = {"cities_over_150_two_or_more_days", "cities_over_150_one_day"};
        for (int g = 0; g < 2; g++)
            for (int s = 0; s < 2; s++) {
                json_t *list = json_object_get(json_object_get(ep, groups[g]), sides[s]);
                for (size_t i = 0; i < json_array_size(list); i++) {
                    json_t *c = json_array_get(list, i);
                    const char *city = jstr(c, "city");
                    json_t *days = json_object_get(c, "days_pm25_over_150");
                    char what[128];
                    snprintf(what, sizeof what, "%s %s", jstr(ep, "name"), city);
                    size_t r = alert_row_in(&al, city, from, to);
                    expect_field(&al, r, "jurisdiction", sides[s], what);
                    expect_field(&al, r, "level", jstr(c, "alert"), what);
                    expect_field(&al, r, "start", json_string_value(json_array_get(days, 0)), what);
                    expect_field(&al, r, "end",
                                 json_string_value(json_array_get(days, json_array_size(days) - 1)),
                                 what);
                    char peak[16];
                    snprintf(peak, sizeof peak, "%lld",
                             (long long)json_integer_value(json_object_get(c, "peak_aqi")));
                    expect_field(&al, r, "peak_aqi", peak, what);
                    int rank = level_rank(jstr(c, "alert"));
                    side_rank[s] = rank > side_rank[s] ? rank : side_rank[s];
                    side_cities[s]++;
                    n_city_alerts++;
                }
            }
        cr_assert(side_cities[0] > 0 && side_cities[1] > 0, "episode %zu: story lacks a side", e);
        /* the joint alert of this episode */
        size_t hits = 0;
        for (size_t r = 1; r < jt.nrows; r++) {
            if (strcmp(get(&jt, r, "start"), jstr(ep, "start")) != 0)
                continue;
            char what[64];
            snprintf(what, sizeof what, "joint %s", jstr(ep, "name"));
            expect_field(&jt, r, "end", jstr(ep, "end"), what);
            const char *jur = get(&jt, r, "jurisdiction");
            int s = strcmp(jur, "500000") == 0 ? 0 : 1;
            cr_assert(s == 0 || strcmp(jur, "510000") == 0, "%s: side %s", what, jur);
            static const char *const names[] = {"none", "blue", "yellow", "orange", "red"};
            expect_field(&jt, r, "level", names[side_rank[s]], what);
            char nc[16];
            snprintf(nc, sizeof nc, "%zu", side_cities[s]);
            expect_field(&jt, r, "cities", nc, what);
            hits++;
        }
        cr_assert_eq(hits, 2, "episode %s: %zu joint rows, expected one per side", jstr(ep, "name"),
                     hits);
    }
    /* the story's cities are the only alerts of the year */
    cr_assert_eq(al.nrows - 1, n_city_alerts, "%zu alerts in 2022, the story designs %zu",
                 al.nrows - 1, n_city_alerts);
    cr_assert_eq(jt.nrows - 1, 4, "two joint alerts × two sides expected, got %zu rows",
                 jt.nrows - 1);
    table_free(&al);
    table_free(&jt);

    /* the December forecast */
    json_t *fc = json_object_get(doc, "forecast");
    char path[768];
    snprintf(path, sizeof path, "%s/data/demo/chengyu/%s", JE_SOURCE_DIR, jstr(fc, "file"));
    table ft = alerts(db, path, "alerts", NULL);
    const char *city;
    json_t *lv;
    json_object_foreach(json_object_get(fc, "alerts"), city, lv)
    {
        int best = 0;
        for (size_t r = 1; r < ft.nrows; r++)
            if (strcmp(get(&ft, r, "city"), city) == 0) {
                int k = level_rank(get(&ft, r, "level"));
                best = k > best ? k : best;
            }
        cr_assert_eq(best, level_rank(json_string_value(lv)),
                     "forecast %s: highest level rank %d, story says %s", city, best,
                     json_string_value(lv));
    }
    table_free(&ft);
    table fj = alerts(db, path, "joint", NULL);
    cr_assert_geq(fj.nrows - 1, 2, "the forecast makes a joint alert of both sides");
    table_free(&fj);
    json_decref(doc);
}

/* Annual assessment and daily figures of the demo against its design. */
Test(cli_air, demo_assess_and_daily_match_the_design)
{
    const char *db = demo_db();
    json_t *doc = story();
    json_t *means = json_object_get(doc, "annual_mean_pm25_city");
    cr_assert_eq(json_object_size(means), 14);

    const char *aa[] = {"--db", db, "air", "assess", "--year", "2022", "--format", "csv", NULL};
    table t = run_table(aa);
    cr_assert_eq(t.nrows - 1, 14, "%zu cities assessed, the demo has 14", t.nrows - 1);
    const char *city;
    json_t *v;
    json_object_foreach(means, city, v)
    {
        size_t r = row_where(&t, "city", city, NULL, NULL);
        /* the output rounds to whole µg/m³; the story has one decimal */
        double got = atof(get(&t, r, "pm25")), want = json_real_value(v);
        cr_assert(fabs(got - want) <= 0.5 + 1e-9, "%s annual PM2.5 %s, story %.1f", city,
                  get(&t, r, "pm25"), want);
        expect_field(&t, r, "aqi_days", "365", city);
    }
    table_free(&t);

    /* the peak day of Chengdu's January episode */
    json_t *cd = json_array_get(
        json_object_get(json_object_get(json_array_get(json_object_get(doc, "episodes"), 0),
                                        "cities_over_150_two_or_more_days"),
                        "510000"),
        0);
    cr_assert_str_eq(jstr(cd, "city"), "510100");
    const char *pd = jstr(cd, "peak_date");
    const char *ad[] = {"--db", db,     "air", "daily",    "--city", "510100", "--from",
                        pd,     "--to", pd,    "--format", "csv",    NULL};
    t = run_table(ad);
    cr_assert_eq(t.nrows, 2);
    char want[32];
    snprintf(want, sizeof want, "%lld",
             (long long)json_integer_value(json_object_get(cd, "peak_aqi")));
    expect_field(&t, 1, "aqi", want, "Chengdu peak day");
    expect_field(&t, 1, "level", "6", "Chengdu peak day (AQI > 300)");
    expect_field(&t, 1, "primary", "pm25", "Chengdu peak day");
    double pm25 = atof(get(&t, 1, "pm25"));
    cr_assert(fabs(pm25 - json_real_value(json_object_get(cd, "peak_pm25"))) <= 0.5 + 1e-9,
              "peak PM2.5 %s", get(&t, 1, "pm25"));
    table_free(&t);

    /* the designed gaps: a station with 19 valid PM2.5 hours a day has no PM2.5 mean
       those days; a three-day outage has no values at all */
    json_t *gaps = json_object_get(doc, "gaps");
    json_t *part = json_object_get(gaps, "pm25_partial_days");
    cr_assert_eq(json_integer_value(json_object_get(part, "valid_hours_per_day")), 19);
    const char *ap[] = {"--db",      db,
                        "air",       "daily",
                        "--by",      "station",
                        "--station", jstr(part, "station"),
                        "--from",    jstr(part, "first_day"),
                        "--to",      jstr(part, "last_day"),
                        "--format",  "csv",
                        NULL};
    t = run_table(ap);
    cr_assert_eq(t.nrows - 1, 7, "%zu days", t.nrows - 1);
    for (size_t r = 1; r < t.nrows; r++) {
        expect_field(&t, r, "pm25", "", get(&t, r, "date"));
        cr_assert_str_neq(get(&t, r, "pm10"), "", "%s: PM10 should be there", get(&t, r, "date"));
    }
    table_free(&t);
    json_t *outage = json_object_get(gaps, "outage");
    const char *ao[] = {"--db",      db,
                        "air",       "daily",
                        "--by",      "station",
                        "--station", jstr(outage, "station"),
                        "--from",    jstr(outage, "first_day"),
                        "--to",      jstr(outage, "last_day"),
                        "--format",  "csv",
                        NULL};
    t = run_table(ao);
    cr_assert_eq(t.nrows - 1, 3, "%zu days", t.nrows - 1);
    for (size_t r = 1; r < t.nrows; r++) {
        expect_field(&t, r, "aqi", "", get(&t, r, "date"));
        expect_field(&t, r, "completeness", "0/144", get(&t, r, "date"));
    }
    table_free(&t);
    json_decref(doc);
}
