/* Store imports of air quality data through the library API: stations and their
 * cities, hourly observations in wide and long layouts, units, validity flags,
 * duplicates and --replace, dry runs, the bad-input matrix (every rejection says
 * where the problem is and leaves the database as it was), and reading hours back
 * by the station's local day. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/store.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(import_air, .fini = cleanup);

typedef t_import_fn import_fn;

/* 2022-01-01T00:00Z = 18993 days × 86400 s = 1640995200; local days count from there. */
#define DAY_2022_01_01 18993
#define UTC_2022_01_01 1640995200LL
#define H 3600LL
/* 2022-01-01T00:00 at +08:00 is 2021-12-31T16:00Z. */
#define LOCAL_2022_01_01 (UTC_2022_01_01 - 8 * H)

/* ---- helpers ------------------------------------------------------------- */

#define STA_HDR "code,name_zh,name_en,city,city_zh,city_en,district,jurisdiction,lon,lat,kind\n"

/* Two cities: Chengdu (Sichuan, two stations) and Chongqing's central area (one). */
static const char stations_csv[] =
    STA_HDR "SC-A,金泉两河,Jinquan Lianghe,510100,成都,Chengdu,金牛区,510000,104.0218,30.7093,"
            "national\n"
            "SC-B,十里店,Shilidian,510100,成都,Chengdu,成华区,510000,104.1143,30.6952,provincial\n"
            "CQ-A,解放碑,Jiefangbei,500100,重庆中心城区,Chongqing centre,渝中区,500000,106.577,"
            "29.557,background\n";

/* A database with the jurisdictions fixture (+08:00 both) and the stations above. */
static je_db *air_db(char *dbp, size_t n, const char *name)
{
    snprintf(dbp, n, "%s", t_path(name));
    je_db *db = t_open_db(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_air_stations, t_file_with("air_stations.csv", stations_csv), NULL,
                &rep);
    cr_assert_eq(rep.inserted, 3, "stations inserted %zu", rep.inserted);
    je_import_report_free(&rep);
    return db;
}

/* Hourly values, wide layout. Local times (+08:00) unless an offset is given:
 * 2022-01-01T02:00Z is 10:00 local. */
static const char hourly_wide[] = "station,time,so2,no2,co,o3,pm10,pm25\n"
                                  "SC-A,2021-12-31T23:00,5,20,0.5,30,60,31\n"
                                  "SC-A,2022-01-01T00:00,10,30,1.1,20,100,50\n"
                                  "SC-A,2022-01-01T01:00,11,31,1.2,21,101,51\n"
                                  "SC-A,2022-01-01T02:00Z,12,32,1.3,22,102,52\n"
                                  "SC-A,2022-01-01T23:00,13,33,1.4,23,103,53\n"
                                  "SC-A,2022-01-02T00:00,14,34,1.5,24,104,54\n"
                                  "SC-B,2022-01-01T00:00,,40,,,,70\n"
                                  "CQ-A,2022-01-01T05:00,1,2,0.3,4,5,6\n";

static long long db_int(const char *db_path, const char *fmt, ...) JE_PRINTF(2, 3);

static long long db_int(const char *db_path, const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return t_db_int(db_path, sql);
}

/* One stored column of air_hourly (station code, UTC hour start); *is_null set. */
static double stored(const char *db_path, const char *station, long long hour_at,
                     const char *column, int *is_null)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT h.%s FROM air_hourly h JOIN air_station s ON s.id = h.station_id"
             " WHERE s.code = '%s' AND h.hour_at = %lld",
             column, station, hour_at);
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "no row for %s at %lld", station, hour_at);
    *is_null = sqlite3_column_type(s, 0) == SQLITE_NULL;
    double v = sqlite3_column_double(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void expect_stored(const char *db_path, const char *station, long long hour_at,
                          const char *column, double want)
{
    int null;
    double v = stored(db_path, station, hour_at, column, &null);
    cr_assert(!null, "%s %lld %s is NULL, expected %.17g", station, hour_at, column, want);
    cr_assert(fabs(v - want) <= 1e-9 * (1 + fabs(want)), "%s %lld %s = %.17g, expected %.17g",
              station, hour_at, column, v, want);
}

/* All stations (ordered by jurisdiction, city, code) and their hours. */
static je_air_station *stations_of(je_db *db, size_t *n)
{
    je_air_station *st = NULL;
    je_error e;
    cr_assert_eq(je_store_air_stations(db, NULL, &st, n, &e), JE_OK, "%s", e.message);
    return st;
}

static size_t station_index(const je_air_station *st, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(st[i].code, code) == 0)
            return i;
    cr_assert_fail("station %s not listed", code);
    return 0;
}

static void read_hours(je_db *db, const je_air_station *st, size_t n, int64_t day0, size_t days,
                       je_air_hours *h)
{
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_store_air_hours(db, st, n, day0, days, h, &e), JE_OK, "%s", e.message);
    cr_assert_eq(h->n_stations, n);
    cr_assert_eq(h->n_days, days);
    cr_assert_eq(h->day0, day0);
}

/* Hour `i` of pollutant p at station `code` is `want` (NAN: must be NAN). */
static void expect_hour(const je_air_hours *h, const je_air_station *st, size_t n, const char *code,
                        je_aq_pol p, size_t i, double want)
{
    const double *x = je_air_hours_series(h, station_index(st, n, code), p);
    if (isnan(want))
        cr_assert(isnan(x[i]), "%s %s hour %zu = %.17g, expected NAN", code, je_aq_pol_code(p), i,
                  x[i]);
    else
        cr_assert(fabs(x[i] - want) <= 1e-9 * (1 + fabs(want)),
                  "%s %s hour %zu = %.17g, expected %.17g", code, je_aq_pol_code(p), i, x[i], want);
}

static size_t count_valid(const je_air_hours *h, size_t s, je_aq_pol p)
{
    const double *x = je_air_hours_series(h, s, p);
    size_t k = 0;
    for (size_t i = 0; i < 24 * h->n_days; i++)
        k += isnan(x[i]) ? 0u : 1u;
    return k;
}

/* Expect an import to be rejected: JE_EDATA, the first error at line:col with `msg`
 * in its message, `total` errors (when total > 0), and the database unchanged. */

/* ---- stations ------------------------------------------------------------ */

Test(import_air, stations_good_file_cities_created_once)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "st.db");
    /* three stations, two cities: Chengdu is created once for SC-A and SC-B */
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM air_station"), 3);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM air_city"), 2);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM air_city WHERE code = '510100' AND"
                               " name_zh = '成都' AND name_en = 'Chengdu' AND"
                               " jurisdiction = '510000'"),
                 1);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM import_batch WHERE kind = 'air-stations'"
                               " AND row_count = 3 AND inserted = 3"),
                 1);

    size_t n;
    je_air_station *st = stations_of(db, &n);
    cr_assert_eq(n, 3, "stations %zu", n);
    /* ordered by jurisdiction (500000 first), city, code */
    cr_assert_str_eq(st[0].code, "CQ-A");
    cr_assert_str_eq(st[1].code, "SC-A");
    cr_assert_str_eq(st[2].code, "SC-B");
    cr_assert_str_eq(st[0].city, "500100");
    cr_assert_str_eq(st[0].city_zh, "重庆中心城区");
    cr_assert_str_eq(st[0].city_en, "Chongqing centre");
    cr_assert_str_eq(st[0].jurisdiction, "500000");
    cr_assert_str_eq(st[0].kind, "background");
    cr_assert_str_eq(st[0].district, "渝中区");
    cr_assert_str_eq(st[1].name_zh, "金泉两河");
    cr_assert_str_eq(st[1].name_en, "Jinquan Lianghe");
    cr_assert_str_eq(st[2].kind, "provincial");
    cr_assert(fabs(st[1].lon - 104.0218) < 1e-9 && fabs(st[1].lat - 30.7093) < 1e-9,
              "SC-A at %.6f, %.6f", st[1].lon, st[1].lat);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(st[i].utc_offset_s, 8 * 3600, "%s offset %d", st[i].code,
                     (int)st[i].utc_offset_s);
    free(st);

    /* filters: city by code, Chinese name, English name (any case); jurisdiction; station */
    const je_air_filter filters[] = {{.city = "510100"},
                                     {.city = "成都"},
                                     {.city = "chengdu"},
                                     {.jurisdiction = "500000"},
                                     {.station = "SC-B"},
                                     {.city = "Nowhere"},
                                     {.jurisdiction = "510000", .city = "500100"}};
    const size_t want[] = {2, 2, 2, 1, 1, 0, 0};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        je_error e;
        cr_assert_eq(je_store_air_stations(db, &filters[i], &st, &n, &e), JE_OK, "%s", e.message);
        cr_assert_eq(n, want[i], "filter %zu: %zu stations, expected %zu", i, n, want[i]);
        free(st);
    }

    /* a later file with another station of a stored city reuses the city */
    je_import_report rep;
    t_import_ok(db, je_import_air_stations,
                t_file_with("more.csv", STA_HDR "SC-C,三瓦窑,Sanwayao,510100,成都,Chengdu,武侯区,"
                                                "510000,104.0764,30.5738,national\n"),
                NULL, &rep);
    cr_assert_eq(rep.inserted, 1);
    je_import_report_free(&rep);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM air_city"), 2);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM air_station s JOIN air_city c"
                               " ON c.id = s.city_id WHERE c.code = '510100'"),
                 3);
    je_db_close(db);
}

enum {
    S_CODE,
    S_NAME_ZH,
    S_NAME_EN,
    S_CITY,
    S_CITY_ZH,
    S_CITY_EN,
    S_DISTRICT,
    S_JUR,
    S_LON,
    S_LAT,
    S_KIND,
    S_NCOLS
};

/* A station row: the base row with fields replaced by (index, text) pairs, -1 ends. */
static void station_row(char *out, size_t size, ...)
{
    const char *f[S_NCOLS] = {"SC-N",   "新站",   "New Station", "510100", "成都",    "Chengdu",
                              "青羊区", "510000", "104.05",      "30.66",  "national"};
    va_list ap;
    va_start(ap, size);
    int k;
    while ((k = va_arg(ap, int)) >= 0)
        f[k] = va_arg(ap, const char *);
    va_end(ap);
    out[0] = '\0';
    for (int i = 0; i < S_NCOLS; i++) {
        strncat(out, i ? "," : "", size - strlen(out) - 1);
        strncat(out, f[i], size - strlen(out) - 1);
    }
}

static void expect_station_rejected(const char *dbp, je_db *db, const char *row, int field,
                                    const char *msg)
{
    char text[1024];
    snprintf(text, sizeof text, STA_HDR "%s\n", row);
    const char *f = t_file_with("bad_stations.csv", text);
    t_expect_rejected(dbp, db, je_import_air_stations, f, NULL, 2, t_char_col(row, field), msg, 1);
}

Test(import_air, bad_stations)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "badst.db");
    char row[512];

    /* a stored city code with other names, or in another jurisdiction */
    station_row(row, sizeof row, S_CITY_ZH, "蓉城", -1);
    expect_station_rejected(dbp, db, row, S_CITY_ZH, "exists with other names");
    station_row(row, sizeof row, S_CITY_EN, "Chengtu", -1);
    expect_station_rejected(dbp, db, row, S_CITY_ZH, "exists with other names");
    station_row(row, sizeof row, S_JUR, "500000", -1);
    expect_station_rejected(dbp, db, row, S_JUR, "belongs to jurisdiction 510000");
    /* an unknown jurisdiction */
    station_row(row, sizeof row, S_CITY, "440100", S_CITY_ZH, "广州", S_CITY_EN, "Guangzhou", S_JUR,
                "440000", -1);
    expect_station_rejected(dbp, db, row, S_JUR, "unknown jurisdiction '440000'");
    /* kind, coordinates, empty fields */
    station_row(row, sizeof row, S_KIND, "county", -1);
    expect_station_rejected(dbp, db, row, S_KIND, "invalid kind");
    station_row(row, sizeof row, S_LON, "200", -1);
    expect_station_rejected(dbp, db, row, S_LON, "invalid longitude");
    station_row(row, sizeof row, S_LON, "abc", -1);
    expect_station_rejected(dbp, db, row, S_LON, "invalid longitude");
    station_row(row, sizeof row, S_LAT, "-91", -1);
    expect_station_rejected(dbp, db, row, S_LAT, "invalid latitude");
    station_row(row, sizeof row, S_CODE, "", -1);
    expect_station_rejected(dbp, db, row, S_CODE, "empty code");
    /* an existing station code without replace */
    station_row(row, sizeof row, S_CODE, "SC-A", -1);
    expect_station_rejected(dbp, db, row, S_CODE, "already exists");

    /* a new city defined twice in one file with different names: the second row is
       checked against the first (line 3) and nothing of the file is kept */
    char r1[512], r2[512], text[2048];
    station_row(r1, sizeof r1, S_CODE, "SC-X1", S_CITY, "511600", S_CITY_ZH, "广安", S_CITY_EN,
                "Guang'an", -1);
    station_row(r2, sizeof r2, S_CODE, "SC-X2", S_CITY, "511600", S_CITY_ZH, "广安市", S_CITY_EN,
                "Guang'an", -1);
    snprintf(text, sizeof text, STA_HDR "%s\n%s\n", r1, r2);
    t_expect_rejected(dbp, db, je_import_air_stations, t_file_with("twocity.csv", text), NULL, 3,
                      t_char_col(r2, S_CITY_ZH), "exists with other names", 1);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM air_city WHERE code = '511600'"), 0);

    /* the base row imports */
    station_row(row, sizeof row, -1);
    snprintf(text, sizeof text, STA_HDR "%s\n", row);
    je_import_report rep;
    t_import_ok(db, je_import_air_stations, t_file_with("good_station.csv", text), NULL, &rep);
    cr_assert_eq(rep.inserted, 1);
    je_import_report_free(&rep);
    je_db_close(db);
}

Test(import_air, stations_replace_updates)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "strep.db");
    char row[512], text[1024];
    station_row(row, sizeof row, S_CODE, "SC-A", S_NAME_ZH, "金泉", S_LON, "104.5", S_KIND,
                "provincial", -1);
    snprintf(text, sizeof text, STA_HDR "%s\n", row);
    je_import_opts o = {.replace = 1};
    je_import_report rep;
    t_import_ok(db, je_import_air_stations, t_file_with("rep_station.csv", text), &o, &rep);
    cr_assert_eq(rep.updated, 1, "updated %zu", rep.updated);
    cr_assert_eq(rep.inserted, 0, "inserted %zu", rep.inserted);
    je_import_report_free(&rep);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM air_station WHERE code = 'SC-A' AND"
                               " name_zh = '金泉' AND abs(lon - 104.5) < 1e-9 AND"
                               " kind = 'provincial' AND district = '青羊区'"),
                 1);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM air_station"), 3);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM air_city"), 2);
    je_db_close(db);
}

/* ---- hourly: wide and long, hours by local day ----------------------------- */

Test(import_air, hourly_wide_stored_at_utc_and_read_by_local_day)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "wide.db");
    je_error e;
    int64_t first = -1, last = -1, count = -1;
    /* nothing stored yet */
    cr_assert_eq(je_store_air_days(db, &first, &last, &e), JE_ENOTFOUND);
    cr_assert_eq(je_store_air_count(db, &count, &e), JE_OK);
    cr_assert_eq(count, 0);

    je_import_report rep;
    t_import_ok(db, je_import_air_hourly, t_file_with("wide.csv", hourly_wide), NULL, &rep);
    cr_assert_eq(rep.rows, 8, "rows %zu", rep.rows);
    cr_assert_eq(rep.inserted, 8, "inserted %zu", rep.inserted);
    cr_assert_eq(rep.updated, 0);
    cr_assert_gt(rep.batch_id, 0);
    long long batch = rep.batch_id;
    je_import_report_free(&rep);
    cr_assert_eq(db_int(dbp,
                        "SELECT count(*) FROM import_batch WHERE id = %lld AND"
                        " kind = 'air-hourly' AND row_count = 8 AND inserted = 8",
                        batch),
                 1);

    cr_assert_eq(je_store_air_count(db, &count, &e), JE_OK);
    cr_assert_eq(count, 8, "stored station-hours %lld", (long long)count);
    /* 2021-12-31T23:00 local is day 18992; 2022-01-02T00:00 local is day 18994 */
    cr_assert_eq(je_store_air_days(db, &first, &last, &e), JE_OK, "%s", e.message);
    cr_assert_eq(first, DAY_2022_01_01 - 1, "first day %lld", (long long)first);
    cr_assert_eq(last, DAY_2022_01_01 + 1, "last day %lld", (long long)last);

    /* stored by the UTC start of the hour: 00:00 local = 2021-12-31T16:00Z */
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01, "pm25", 50);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01, "co", 1.1);
    expect_stored(dbp, "SC-A", UTC_2022_01_01 + 2 * H, "pm25", 52); /* the 'Z' row */
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01 - H, "pm25", 31);
    int null;
    stored(dbp, "SC-B", LOCAL_2022_01_01, "so2", &null);
    cr_assert(null, "SC-B so2 was empty, stored non-NULL");

    size_t n;
    je_air_station *st = stations_of(db, &n);
    je_air_hours h;
    read_hours(db, st, n, DAY_2022_01_01, 2, &h);
    /* SC-A: 00:00 → 0, 01:00 → 1, 02:00Z = 10:00 local → 10, 23:00 → 23, next day 00:00 → 24 */
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 0, 50);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 1, 51);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 10, 52);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 23, 53);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 24, 54);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 2, NAN);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 47, NAN);
    expect_hour(&h, st, n, "SC-A", JE_AQ_SO2, 0, 10);
    expect_hour(&h, st, n, "SC-A", JE_AQ_NO2, 10, 32);
    expect_hour(&h, st, n, "SC-A", JE_AQ_CO, 23, 1.4);
    expect_hour(&h, st, n, "SC-A", JE_AQ_O3, 24, 24);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM10, 1, 101);
    /* exactly five valid PM2.5 hours at SC-A in these two days (31 is the day before) */
    cr_assert_eq(count_valid(&h, station_index(st, n, "SC-A"), JE_AQ_PM25), 5);
    for (int p = 0; p < JE_AQ_NPOL; p++)
        cr_assert_eq(count_valid(&h, station_index(st, n, "SC-A"), (je_aq_pol)p), 5, "%s",
                     je_aq_pol_code((je_aq_pol)p));
    /* SC-B: only NO2 and PM2.5 at 00:00 */
    expect_hour(&h, st, n, "SC-B", JE_AQ_NO2, 0, 40);
    expect_hour(&h, st, n, "SC-B", JE_AQ_PM25, 0, 70);
    expect_hour(&h, st, n, "SC-B", JE_AQ_SO2, 0, NAN);
    expect_hour(&h, st, n, "SC-B", JE_AQ_CO, 0, NAN);
    cr_assert_eq(count_valid(&h, station_index(st, n, "SC-B"), JE_AQ_PM10), 0);
    /* CQ-A at 05:00 */
    expect_hour(&h, st, n, "CQ-A", JE_AQ_PM25, 5, 6);
    expect_hour(&h, st, n, "CQ-A", JE_AQ_CO, 5, 0.3);
    cr_assert_eq(count_valid(&h, station_index(st, n, "CQ-A"), JE_AQ_PM25), 1);
    je_air_hours_free(&h);

    /* one day: the next day's 00:00 is not in it */
    read_hours(db, st, n, DAY_2022_01_01, 1, &h);
    cr_assert_eq(count_valid(&h, station_index(st, n, "SC-A"), JE_AQ_PM25), 4);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 23, 53);
    je_air_hours_free(&h);
    /* the day before: only its 23:00 */
    read_hours(db, st, n, DAY_2022_01_01 - 1, 1, &h);
    cr_assert_eq(count_valid(&h, station_index(st, n, "SC-A"), JE_AQ_PM25), 1);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 23, 31);
    je_air_hours_free(&h);
    /* a subset of stations, in the caller's order */
    je_air_station two[2] = {st[station_index(st, n, "SC-B")], st[station_index(st, n, "CQ-A")]};
    read_hours(db, two, 2, DAY_2022_01_01, 1, &h);
    cr_assert(je_air_hours_series(&h, 0, JE_AQ_PM25)[0] == 70, "SC-B first");
    cr_assert(je_air_hours_series(&h, 1, JE_AQ_PM25)[5] == 6, "CQ-A second");
    je_air_hours_free(&h);
    free(st);
    je_db_close(db);
}

/* Each station's hours are read in its own jurisdiction's local day. */
Test(import_air, hours_follow_each_stations_utc_offset)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "tz.db");
    je_import_report rep;
    t_import_ok(
        db, je_import_jurisdictions,
        t_file_with("tz_j.csv", "code,name_zh,name_en,utc_offset\n990000,测试,Test,+00:00\n"), NULL,
        &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_air_stations,
                t_file_with("tz_s.csv",
                            STA_HDR "ZZ-1,零站,Zero,990100,零城,Zero City,零区,990000,0,"
                                    "51.5,national\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    /* the same instant, 2022-01-01T00:00Z, written as local time of each station */
    t_import_ok(db, je_import_air_hourly,
                t_file_with("tz_h.csv", "station,time,pm25\n"
                                        "ZZ-1,2022-01-01T00:00,7\n"
                                        "SC-A,2022-01-01T08:00,8\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    cr_assert_eq(
        db_int(dbp, "SELECT count(*) FROM air_hourly WHERE hour_at = %lld", UTC_2022_01_01), 2,
        "both rows at 2022-01-01T00:00Z");
    size_t n;
    je_air_station *st = stations_of(db, &n);
    cr_assert_eq(st[station_index(st, n, "ZZ-1")].utc_offset_s, 0);
    je_air_hours h;
    read_hours(db, st, n, DAY_2022_01_01, 1, &h);
    expect_hour(&h, st, n, "ZZ-1", JE_AQ_PM25, 0, 7);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 8, 8);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 0, NAN);
    je_air_hours_free(&h);
    free(st);
    je_db_close(db);
}

/* The long form of `wide`: one row per non-empty value, pollutant codes as written in
 * `codes` (aliases and other cases allowed). */
static void wide_to_long(const char *wide, const char *const codes[6], char *out, size_t size)
{
    snprintf(out, size, "station,time,pollutant,value\n");
    const char *line = strchr(wide, '\n') + 1;
    while (*line) {
        const char *end = strchr(line, '\n');
        char buf[256];
        size_t len = (size_t)(end - line);
        memcpy(buf, line, len);
        buf[len] = '\0';
        char *f[8];
        int k = 0;
        for (char *p = buf, *tok; k < 8 && (tok = strsep(&p, ",")) != NULL;)
            f[k++] = tok;
        cr_assert_eq(k, 8);
        for (int i = 0; i < 6; i++)
            if (f[2 + i][0])
                snprintf(out + strlen(out), size - strlen(out), "%s,%s,%s,%s\n", f[0], f[1],
                         codes[i], f[2 + i]);
        line = end + 1;
    }
}

Test(import_air, long_layout_stores_what_the_wide_layout_stores)
{
    char pa[768], pb[768];
    je_db *a = air_db(pa, sizeof pa, "a.db");
    je_db *b = air_db(pb, sizeof pb, "b.db");
    je_import_report rep;
    t_import_ok(a, je_import_air_hourly, t_file_with("w.csv", hourly_wide), NULL, &rep);
    je_import_report_free(&rep);
    static const char *const codes[6] = {"so2", "NO2", "co", "o3", "PM10", "pm2.5"};
    char longtext[8192];
    wide_to_long(hourly_wide, codes, longtext, sizeof longtext);
    t_import_ok(b, je_import_air_hourly, t_file_with("l.csv", longtext), NULL, &rep);
    /* 7 rows of 6 values + SC-B's 2 = 44 rows, 8 station-hours */
    cr_assert_eq(rep.rows, 44, "long rows %zu", rep.rows);
    cr_assert_eq(rep.inserted, 8, "long inserted %zu", rep.inserted);
    je_import_report_free(&rep);

    size_t na, nb;
    je_air_station *sa = stations_of(a, &na), *sb = stations_of(b, &nb);
    cr_assert_eq(na, nb);
    je_air_hours ha, hb;
    read_hours(a, sa, na, DAY_2022_01_01 - 1, 3, &ha);
    read_hours(b, sb, nb, DAY_2022_01_01 - 1, 3, &hb);
    size_t values = 0;
    for (size_t s = 0; s < na; s++)
        for (int p = 0; p < JE_AQ_NPOL; p++) {
            const double *x = je_air_hours_series(&ha, s, (je_aq_pol)p);
            const double *y = je_air_hours_series(&hb, s, (je_aq_pol)p);
            for (size_t i = 0; i < 72; i++) {
                int same =
                    (isnan(x[i]) && isnan(y[i])) || memcmp(&x[i], &y[i], sizeof(double)) == 0;
                cr_assert(same, "%s %s hour %zu: wide %.17g, long %.17g", sa[s].code,
                          je_aq_pol_code((je_aq_pol)p), i, x[i], y[i]);
                values += isnan(x[i]) ? 0u : 1u;
            }
        }
    cr_assert_eq(values, 44, "values compared %zu", values);
    je_air_hours_free(&ha);
    je_air_hours_free(&hb);
    free(sa);
    free(sb);
    je_db_close(a);
    je_db_close(b);
}

/* ---- units and flags ------------------------------------------------------- */

Test(import_air, units_in_header_and_unit_column_convert)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "units.db");
    je_import_report rep;
    /* co 1000 µg/m³ = 1 mg/m³; pm25 0.05 mg/m³ = 50 µg/m³; "(ug/m3)" is canonical */
    t_import_ok(db, je_import_air_hourly,
                t_file_with("uw.csv", "station,time,co[ug/m3],pm25[mg/m3],no2 (ug/m3)\n"
                                      "SC-A,2022-01-01T00:00,1000,0.05,40\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01, "co", 1.0);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01, "pm25", 50.0);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01, "no2", 40.0);
    /* long: co 1500 µg/m³ = 1.5 mg/m³; no2 0.04 mg/m³ = 40 µg/m³; empty unit = canonical */
    t_import_ok(db, je_import_air_hourly,
                t_file_with("ul.csv", "station,time,pollutant,value,unit\n"
                                      "SC-A,2022-01-01T01:00,co,1500,ug/m3\n"
                                      "SC-A,2022-01-01T01:00,no2,0.04,mg/m3\n"
                                      "SC-A,2022-01-01T01:00,pm25,35,\n"
                                      "SC-B,2022-01-01T01:00,co,2,mg/m3\n"),
                NULL, &rep);
    cr_assert_eq(rep.inserted, 2, "inserted %zu", rep.inserted);
    je_import_report_free(&rep);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01 + H, "co", 1.5);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01 + H, "no2", 40.0);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01 + H, "pm25", 35.0);
    expect_stored(dbp, "SC-B", LOCAL_2022_01_01 + H, "co", 2.0);

    /* unknown units: in the header (line 1, that column) and in the unit column */
    const char *bw = t_file_with("ubad.csv", "station,time,pm25[ppm]\nSC-A,2022-01-02T00:00,1\n");
    t_expect_rejected(dbp, db, je_import_air_hourly, bw, NULL, 1, 14, "unknown unit 'ppm'", 1);
    const char *row = "SC-A,2022-01-02T00:00,no2,10,ppb";
    char text[256];
    snprintf(text, sizeof text, "station,time,pollutant,value,unit\n%s\n", row);
    t_expect_rejected(dbp, db, je_import_air_hourly, t_file_with("ubad2.csv", text), NULL, 2,
                      t_char_col(row, 4), "unknown unit 'ppb'", 1);
    je_db_close(db);
}

Test(import_air, flags_mark_values_invalid_but_keep_them)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "flags.db");
    je_import_report rep;
    t_import_ok(db, je_import_air_hourly,
                t_file_with("fw.csv", "station,time,no2,pm25,pm25_flag,pm10,pm10_flag\n"
                                      "SC-A,2022-01-01T00:00,30,50,X,100,\n"
                                      "SC-A,2022-01-01T01:00,31,51,H,101,V\n"
                                      "SC-A,2022-01-01T02:00,32,52,V,102,X\n"
                                      "SC-A,2022-01-01T03:00,33,53,,103,\n"),
                NULL, &rep);
    cr_assert_eq(rep.inserted, 4);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_air_hourly,
                t_file_with("fl.csv", "station,time,pollutant,value,flag\n"
                                      "SC-B,2022-01-01T00:00,pm25,70,X\n"
                                      "SC-B,2022-01-01T00:00,no2,40,V\n"
                                      "SC-B,2022-01-01T00:00,pm10,90,\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    /* the flagged values are stored, with their bits in invalid_mask */
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01, "pm25", 50);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01 + H, "pm25", 51);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01 + 2 * H, "pm10", 102);
    expect_stored(dbp, "SC-B", LOCAL_2022_01_01, "pm25", 70);
    const struct {
        const char *station;
        long long t;
        unsigned mask;
    } masks[] = {{"SC-A", LOCAL_2022_01_01, 1u << JE_AQ_PM25},
                 {"SC-A", LOCAL_2022_01_01 + H, 1u << JE_AQ_PM25},
                 {"SC-A", LOCAL_2022_01_01 + 2 * H, 1u << JE_AQ_PM10},
                 {"SC-A", LOCAL_2022_01_01 + 3 * H, 0},
                 {"SC-B", LOCAL_2022_01_01, 1u << JE_AQ_PM25}};
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        int null;
        double m = stored(dbp, masks[i].station, masks[i].t, "invalid_mask", &null);
        cr_assert_eq((unsigned)m, masks[i].mask, "%s %lld: invalid_mask 0x%x, expected 0x%x",
                     masks[i].station, masks[i].t, (unsigned)m, masks[i].mask);
    }
    /* ... and never read back as values */
    size_t n;
    je_air_station *st = stations_of(db, &n);
    je_air_hours h;
    read_hours(db, st, n, DAY_2022_01_01, 1, &h);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 0, NAN); /* X */
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 1, NAN); /* H */
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 2, 52);  /* V */
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 3, 53);  /* empty */
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM10, 0, 100);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM10, 1, 101);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM10, 2, NAN); /* X */
    expect_hour(&h, st, n, "SC-A", JE_AQ_NO2, 0, 30);   /* a flag touches only its pollutant */
    expect_hour(&h, st, n, "SC-A", JE_AQ_NO2, 2, 32);
    expect_hour(&h, st, n, "SC-B", JE_AQ_PM25, 0, NAN);
    expect_hour(&h, st, n, "SC-B", JE_AQ_NO2, 0, 40);
    expect_hour(&h, st, n, "SC-B", JE_AQ_PM10, 0, 90);
    je_air_hours_free(&h);
    free(st);

    /* an unknown flag is rejected at the flag's field, wide and long */
    const char *wrow = "SC-A,2022-01-02T00:00,30,50,Q";
    char text[256];
    snprintf(text, sizeof text, "station,time,no2,pm25,pm25_flag\n%s\n", wrow);
    t_expect_rejected(dbp, db, je_import_air_hourly, t_file_with("fq.csv", text), NULL, 2,
                      t_char_col(wrow, 4), "unknown flag 'Q'", 1);
    const char *lrow = "SC-A,2022-01-02T00:00,pm25,50,Q";
    snprintf(text, sizeof text, "station,time,pollutant,value,flag\n%s\n", lrow);
    t_expect_rejected(dbp, db, je_import_air_hourly, t_file_with("fq2.csv", text), NULL, 2,
                      t_char_col(lrow, 4), "unknown flag 'Q'", 1);
    je_db_close(db);
}

Test(import_air, wide_row_with_no_values_is_skipped)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "empty.db");
    je_import_report rep;
    t_import_ok(db, je_import_air_hourly,
                t_file_with("e.csv", "station,time,so2,no2,co,o3,pm10,pm25\n"
                                     "SC-A,2022-01-01T00:00,,,,,,\n"
                                     "SC-A,2022-01-01T01:00,,30,,,,\n"
                                     "SC-B,2022-01-01T01:00, ,,,,,\n"),
                NULL, &rep);
    cr_assert_eq(rep.rows, 3, "rows %zu", rep.rows);
    cr_assert_eq(rep.inserted, 1, "inserted %zu", rep.inserted);
    je_import_report_free(&rep);
    int64_t count = 0;
    cr_assert_eq(je_store_air_count(db, &count, NULL), JE_OK);
    cr_assert_eq(count, 1, "station-hours %lld", (long long)count);
    cr_assert_eq(
        db_int(dbp, "SELECT count(*) FROM air_hourly WHERE hour_at = %lld", LOCAL_2022_01_01), 0,
        "the empty row was stored");
    je_db_close(db);
}

/* ---- the bad-input matrix -------------------------------------------------- */

#define WIDE_HDR "station,time,so2,no2,co,o3,pm10,pm25\n"
/* every bad file starts with this good row (line 2), which must not be kept either */
#define GOOD_ROW "SC-B,2022-01-03T05:00,,,,,,33\n"

Test(import_air, bad_hourly_rows_rejected_with_location_and_db_unchanged)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "bad.db");
    je_import_report rep;
    t_import_ok(db, je_import_air_hourly, t_file_with("base.csv", hourly_wide), NULL, &rep);
    je_import_report_free(&rep);

    /* wide rows after GOOD_ROW: `bad` is the 1-based index of the bad row among
       rows[] (its line is 2 + bad), `field` its bad field */
    const struct {
        const char *rows[2];
        int bad, field;
        const char *msg;
    } cases[] = {
        {{"SC-A,2022-01-03T00:00,,,,,,6000"}, 1, 7, "out of range"},
        {{"SC-A,2022-01-03T00:00,,,,,-5,"}, 1, 6, "negative"},
        {{"SC-A,2022-01-03T00:00,,abc,,,,"}, 1, 3, "not a number"},
        {{"SC-A,2022-01-03T00:00,,,1.2.3,,,"}, 1, 4, "not a number"},
        {{"ZZ-9,2022-01-03T00:00,,,,,,40"}, 1, 0, "unknown station 'ZZ-9'"},
        {{"SC-A,2022-01-01T08:30,,,,,,40"}, 1, 1, "not on the hour"},
        {{"SC-A,2099-01-01T00:00,,,,,,40"}, 1, 1, "in the future"},
        {{"SC-A,2022-02-30T00:00,,,,,,40"}, 1, 1, "time"},
        /* the same (station, hour, pollutant) twice in the file, even written as UTC */
        {{"SC-A,2022-01-03T00:00,,,,,,40", "SC-A,2022-01-03T00:00,,,,,,41"},
         2,
         7,
         "appears twice in this file"},
        {{"SC-A,2022-01-03T08:00,,,,,,40", "SC-A,2022-01-03T00:00Z,,,,,,41"},
         2,
         7,
         "appears twice in this file"},
        /* already in the database (SC-A 2022-01-01T00:00 pm25 = 50) */
        {{"SC-A,2022-01-01T00:00,,,,,,40"}, 1, 7, "use --replace"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, WIDE_HDR GOOD_ROW "%s\n%s%s", cases[i].rows[0],
                 cases[i].rows[1] ? cases[i].rows[1] : "", cases[i].rows[1] ? "\n" : "");
        const char *bad = cases[i].rows[cases[i].bad - 1];
        t_expect_rejected(dbp, db, je_import_air_hourly, t_file_with("bad.csv", text), NULL,
                          2 + cases[i].bad, t_char_col(bad, cases[i].field), cases[i].msg, 1);
    }
    /* a different pollutant of the same station-hour in the same file is no duplicate:
       checked by importing it (and then the rejections above left nothing behind) */

    /* unknown pollutant: a wide column (line 1) and a long row */
    t_expect_rejected(
        dbp, db, je_import_air_hourly,
        t_file_with("badcol.csv", "station,time,pm25,lead\nSC-A,2022-01-03T00:00,4,5\n"), NULL, 1,
        19, "unknown column 'lead'", 1);
    const char *lrows[] = {"SC-A,2022-01-03T00:00,lead,5", "SC-A,2022-01-03T00:00,pm25,x5",
                           "SC-A,2022-01-03T00:00,pm25,-1", "SC-A,2022-01-01T00:00,pm25,5"};
    const int lfield[] = {2, 3, 3, 3};
    const char *lmsg[] = {"unknown pollutant 'lead'", "not a number", "negative", "use --replace"};
    for (size_t i = 0; i < 4; i++) {
        char text[256];
        snprintf(text, sizeof text, "station,time,pollutant,value\n%s\n", lrows[i]);
        t_expect_rejected(dbp, db, je_import_air_hourly, t_file_with("badlong.csv", text), NULL, 2,
                          t_char_col(lrows[i], lfield[i]), lmsg[i], 1);
    }
    /* long: the same pollutant twice, adjacent and apart */
    t_expect_rejected(dbp, db, je_import_air_hourly,
                      t_file_with("dl1.csv", "station,time,pollutant,value\n"
                                             "SC-A,2022-01-03T00:00,pm25,5\n"
                                             "SC-A,2022-01-03T00:00,pm25,6\n"),
                      NULL, 3, 28, "twice", 1);
    t_expect_rejected(dbp, db, je_import_air_hourly,
                      t_file_with("dl2.csv", "station,time,pollutant,value\n"
                                             "SC-A,2022-01-03T00:00,pm25,5\n"
                                             "SC-B,2022-01-03T00:00,pm25,5\n"
                                             "SC-A,2022-01-03T00:00,pm25,6\n"),
                      NULL, 4, 28, "twice in this file", 1);
    /* every bad row is listed, not just the first; the first at line 2, column 28
       ("SC-A," 5 + "2022-01-03T00:00," 17 + five commas = 27 characters before pm25) */
    t_expect_rejected(dbp, db, je_import_air_hourly,
                      t_file_with("many.csv", WIDE_HDR "SC-A,2022-01-03T00:00,,,,,,6000\n" GOOD_ROW
                                                       "ZZ-9,2022-01-03T00:00,,,,,,40\n"
                                                       "SC-A,2022-01-03T01:00,-1,,,,,\n"),
                      NULL, 2, 28, "out of range", 3);

    /* and after all that, the base content is intact and a good file imports */
    int64_t count = 0;
    cr_assert_eq(je_store_air_count(db, &count, NULL), JE_OK);
    cr_assert_eq(count, 8, "station-hours %lld", (long long)count);
    t_import_ok(db, je_import_air_hourly,
                t_file_with("merge.csv", WIDE_HDR "SC-A,2022-01-03T00:00,,,,,,40\n"
                                                  "SC-A,2022-01-03T00:00,,7,,,,\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01 + 48 * H, "pm25", 40);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01 + 48 * H, "no2", 7);
    je_db_close(db);
}

/* ---- replace, late values and dry runs -------------------------------------- */

Test(import_air, replace_updates_stored_values_and_validity)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "rep.db");
    je_import_report rep;
    t_import_ok(db, je_import_air_hourly, t_file_with("base.csv", hourly_wide), NULL, &rep);
    je_import_report_free(&rep);
    je_import_opts o = {.replace = 1};
    /* a corrected PM2.5 at SC-A 00:00 (was 50) and a new hour */
    t_import_ok(db, je_import_air_hourly,
                t_file_with("r1.csv", "station,time,pm25\n"
                                      "SC-A,2022-01-01T00:00,80\n"
                                      "SC-A,2022-01-01T04:00,44\n"),
                &o, &rep);
    cr_assert_eq(rep.updated, 1, "updated %zu", rep.updated);
    cr_assert_eq(rep.inserted, 1, "inserted %zu", rep.inserted);
    cr_assert_eq(
        db_int(dbp, "SELECT replace FROM import_batch WHERE id = %lld", (long long)rep.batch_id), 1,
        "batch not marked replace");
    je_import_report_free(&rep);
    size_t n;
    je_air_station *st = stations_of(db, &n);
    je_air_hours h;
    read_hours(db, st, n, DAY_2022_01_01, 1, &h);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 0, 80);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 4, 44);
    expect_hour(&h, st, n, "SC-A", JE_AQ_NO2, 0, 30); /* not in the file: kept */
    expect_hour(&h, st, n, "SC-A", JE_AQ_CO, 0, 1.1);
    je_air_hours_free(&h);

    /* replaced with an invalid mark, then with a valid value again */
    t_import_ok(db, je_import_air_hourly,
                t_file_with("r2.csv", "station,time,pm25,pm25_flag\nSC-A,2022-01-01T00:00,81,X\n"),
                &o, &rep);
    je_import_report_free(&rep);
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01, "pm25", 81);
    read_hours(db, st, n, DAY_2022_01_01, 1, &h);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 0, NAN);
    expect_hour(&h, st, n, "SC-A", JE_AQ_NO2, 0, 30);
    je_air_hours_free(&h);
    t_import_ok(db, je_import_air_hourly,
                t_file_with("r3.csv", "station,time,pollutant,value,flag\n"
                                      "SC-A,2022-01-01T00:00,pm25,82,V\n"),
                &o, &rep);
    je_import_report_free(&rep);
    read_hours(db, st, n, DAY_2022_01_01, 1, &h);
    expect_hour(&h, st, n, "SC-A", JE_AQ_PM25, 0, 82);
    je_air_hours_free(&h);

    /* without replace, a pollutant the stored hour lacks is added (late data) */
    t_import_ok(db, je_import_air_hourly,
                t_file_with("late.csv", "station,time,so2\nSC-B,2022-01-01T00:00,9\n"), NULL, &rep);
    cr_assert_eq(rep.updated, 1, "updated %zu", rep.updated);
    je_import_report_free(&rep);
    read_hours(db, st, n, DAY_2022_01_01, 1, &h);
    expect_hour(&h, st, n, "SC-B", JE_AQ_SO2, 0, 9);
    expect_hour(&h, st, n, "SC-B", JE_AQ_PM25, 0, 70);
    je_air_hours_free(&h);
    int64_t count = 0;
    cr_assert_eq(je_store_air_count(db, &count, NULL), JE_OK);
    cr_assert_eq(count, 9, "station-hours %lld (8 + the new 04:00)", (long long)count);

    /* the same key twice in one file is an error even with replace */
    t_expect_rejected(dbp, db, je_import_air_hourly,
                      t_file_with("r4.csv", "station,time,pm25\n"
                                            "SC-A,2022-01-01T00:00,90\n"
                                            "SC-A,2022-01-01T00:00,91\n"),
                      &o, 3, 23, "twice in this file", 1);
    free(st);
    je_db_close(db);
}

Test(import_air, dry_run_writes_nothing)
{
    char dbp[768];
    je_db *db = air_db(dbp, sizeof dbp, "dry.db");
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    long long batches = t_db_int(dbp, "SELECT count(*) FROM import_batch");
    je_import_opts dry = {.dry_run = 1};
    je_import_report rep;
    t_import_ok(db, je_import_air_hourly, t_file_with("d.csv", hourly_wide), &dry, &rep);
    cr_assert_eq(rep.rows, 8);
    cr_assert_eq(rep.inserted, 8, "dry run would insert %zu", rep.inserted);
    cr_assert_eq(rep.batch_id, 0, "dry run batch id %lld", (long long)rep.batch_id);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(after, before, "dry run changed the database");
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM import_batch"), batches);
    int64_t count = -1;
    cr_assert_eq(je_store_air_count(db, &count, NULL), JE_OK);
    cr_assert_eq(count, 0);

    /* a dry run finds duplicates inside the file as the real import does */
    t_expect_rejected(dbp, db, je_import_air_hourly,
                      t_file_with("dd.csv", "station,time,pm25\n"
                                            "SC-A,2022-01-01T00:00,1\n"
                                            "SC-A,2022-01-01T00:00,2\n"),
                      &dry, 3, 23, "twice in this file", 1);

    /* stations too */
    t_import_ok(db, je_import_air_stations,
                t_file_with("ds.csv", STA_HDR "SC-D,新站,New,510100,成都,Chengdu,青羊区,510000,"
                                              "104,30.6,national\n"),
                &dry, &rep);
    cr_assert_eq(rep.inserted, 1);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(after, before, "dry run of stations changed the database");

    /* after the real import, a dry run sees duplicates against the database, and a dry
       run with replace changes nothing */
    t_import_ok(db, je_import_air_hourly, t_file_with("d.csv", hourly_wide), NULL, &rep);
    je_import_report_free(&rep);
    const char *again = t_file_with("again.csv", "station,time,pm25\nSC-A,2022-01-01T00:00,99\n");
    t_expect_rejected(dbp, db, je_import_air_hourly, again, &dry, 2, 23, "use --replace", 1);
    t_db_fingerprint(dbp, before);
    je_import_opts dry_rep = {.dry_run = 1, .replace = 1};
    t_import_ok(db, je_import_air_hourly, again, &dry_rep, &rep);
    cr_assert_eq(rep.updated, 1, "dry replace would update %zu", rep.updated);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(after, before, "dry run with replace changed the database");
    expect_stored(dbp, "SC-A", LOCAL_2022_01_01, "pm25", 50);
    je_db_close(db);
}

/* The same station twice in one file is an error even with --replace (which would
 * otherwise keep whichever row came last, silently). */
Test(import_air, station_twice_in_one_file)
{
    char dbp[512];
    je_db *db = air_db(dbp, sizeof dbp, "twice.db");
    const char *f =
        t_file_with("twice.csv", STA_HDR "SC-X,新站,New,510100,成都,Chengdu,金牛区,510000,104.05,"
                                         "30.70,national\n"
                                         "SC-X,新站,New,510100,成都,Chengdu,金牛区,510000,104.06,"
                                         "30.71,national\n");
    je_import_opts o = {.replace = 1};
    t_expect_rejected(dbp, db, je_import_air_stations, f, &o, 3, 1, "appears twice in this file",
                      1);
    je_db_close(db);
}
