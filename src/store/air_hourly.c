/*
 * air_hourly.c — hourly air observations at stations: the observation kind (the six
 * AQI pollutants, their units, plausibility ceilings and validity marks) for the
 * shared importer (obs_import.c), and reading hours back for the engines.
 */
#include "store/obs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *pol_code(int i)
{
    return je_aq_pol_code((je_aq_pol)i);
}

static int pol_find(const char *code, size_t len, int *out)
{
    je_aq_pol p;
    if (je_aq_pol_find(code, len, &p) != JE_OK)
        return 0;
    *out = (int)p;
    return 1;
}

static je_status unit_convert(int i, const char *unit, size_t len, double v, double *out,
                              je_error *err)
{
    return je_aq_unit_convert((je_aq_pol)i, unit, len, v, out, err);
}

/* Plausibility ceilings (canonical units). Not a standard: a guard against unit mix-ups
 * (mg/m³ typed as µg/m³) and typing errors, set well above anything recorded in
 * China (dust storms bring PM10 to a few thousand µg/m³; HJ 633's scales end at
 * PM10 600, PM2.5 500, SO2 2620, NO2 3840, O3 1200 µg/m³ and CO 150 mg/m³). */
static const double ceiling[JE_AQ_NPOL] = {
    [JE_AQ_SO2] = 10000, [JE_AQ_NO2] = 5000,   [JE_AQ_CO] = 200,
    [JE_AQ_O3] = 2000,   [JE_AQ_PM10] = 10000, [JE_AQ_PM25] = 5000,
};

static int check(int i, double v, char *msg, size_t size)
{
    if (v > ceiling[i]) {
        snprintf(msg, size, "is out of range (above the plausible %g %s; check the unit)",
                 ceiling[i], je_aq_pol_unit((je_aq_pol)i));
        return 0;
    }
    return 1;
}

/* Validity marks. Empty, V or N: valid. Invalid (kept, never used): X, and the marks
 * the national network's data carry for values that must not be used (instrument
 * fault, calibration, maintenance, out of range, insufficient data, failed review).
 * The list is MEM (from published network data, not checked against HJ 818-2018's
 * own table); see docs/air.md. */
static const char *const invalid_marks[] = {"X",  "H",  "B",  "BB", "W",  "HSp", "LSp", "PZ",
                                            "PS", "AS", "CZ", "CS", "Re", "M",   "F",   "T"};

static int flag(const char *f, int *bdl, int *invalid)
{
    (void)bdl;
    if (strcasecmp(f, "V") == 0 || strcasecmp(f, "N") == 0)
        return 1;
    for (size_t k = 0; k < sizeof invalid_marks / sizeof invalid_marks[0]; k++)
        if (strcasecmp(f, invalid_marks[k]) == 0)
            return *invalid = 1;
    return 0;
}

static const obs_kind air_hourly = {
    .kind = "air-hourly",
    .what = "hourly air",
    .site_col = "station",
    .site_import = "jointenv import air-stations FILE",
    .time_col = "time",
    .item_col = "pollutant",
    .sites_sql = "SELECT s.code, s.id, j.utc_offset_s, s.owner FROM air_station s"
                 " JOIN jurisdiction j ON j.code = s.owner",
    .table = "air_hourly",
    .site_key = "station_id",
    .time_key = "hour_at",
    .value_prefix = "",
    .nitems = JE_AQ_NPOL,
    .has_bdl = 0,
    .hourly = 1,
    .empty_rows_ok = 1,
    .item_code = pol_code,
    .item_find = pol_find,
    .unit_convert = unit_convert,
    .check = check,
    .flag = flag,
    .flag_help = "empty or V = valid; X, H, B, BB, W, HSp, LSp, PZ, PS, AS, CZ, CS, Re, M, F, "
                 "T = invalid",
};

je_status je_import_air_hourly(je_db *db, const char *path, const je_import_opts *opts,
                               je_import_report *rep, je_error *err)
{
    return je_obs_import(db, &air_hourly, path, opts, rep, err);
}

/* ---- reading back */

const double *je_air_hours_series(const je_air_hours *h, size_t s, je_aq_pol p)
{
    return h->values_ + (s * JE_AQ_NPOL + (size_t)p) * 24 * h->n_days;
}

void je_air_hours_free(je_air_hours *h)
{
    if (h == NULL)
        return;
    free(h->values_);
    memset(h, 0, sizeof *h);
}

je_status je_store_air_hours(je_db *db, const je_air_station *stations, size_t n, int64_t day0,
                             size_t n_days, je_air_hours *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    if (n_days == 0 || n_days > 366 * 50)
        return je_error_set(err, JE_EINVAL, "reading air hours: %zu days asked", n_days);
    size_t per = 24 * n_days, total = (n ? n : 1) * JE_AQ_NPOL * per;
    out->values_ = malloc(total * sizeof *out->values_);
    if (out->values_ == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory (%zu station-days)", n * n_days);
    for (size_t i = 0; i < total; i++)
        out->values_[i] = NAN;
    out->n_stations = n;
    out->n_days = n_days;
    out->day0 = day0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT hour_at, invalid_mask, so2, no2, co, o3, pm10, pm25"
                           " FROM air_hourly WHERE station_id = ?1 AND hour_at >= ?2"
                           " AND hour_at < ?3",
                           -1, &s, NULL) != SQLITE_OK) {
        je_air_hours_free(out);
        return je_db_fail(db, err, "reading air hours");
    }
    for (size_t k = 0; k < n; k++) {
        int64_t t0 = day0 * 86400 - stations[k].utc_offset_s;
        int64_t t1 = t0 + (int64_t)per * 3600;
        sqlite3_bind_int64(s, 1, stations[k].id);
        sqlite3_bind_int64(s, 2, t0);
        sqlite3_bind_int64(s, 3, t1);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            int64_t h = (sqlite3_column_int64(s, 0) - t0) / 3600;
            uint32_t invalid = (uint32_t)sqlite3_column_int64(s, 1);
            for (int p = 0; p < JE_AQ_NPOL; p++) {
                if ((invalid >> p) & 1 || sqlite3_column_type(s, p + 2) == SQLITE_NULL)
                    continue;
                double *series = out->values_ + (k * JE_AQ_NPOL + (size_t)p) * per;
                series[h] = sqlite3_column_double(s, p + 2);
            }
        }
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            sqlite3_finalize(s);
            je_air_hours_free(out);
            return je_db_fail(db, err, "reading air hours");
        }
    }
    sqlite3_finalize(s);
    return JE_OK;
}

je_status je_store_air_days(je_db *db, int64_t *out_first, int64_t *out_last, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT min(h.hour_at), max(h.hour_at), (SELECT j.utc_offset_s FROM"
                           " jurisdiction j JOIN air_station st ON st.owner = j.code"
                           " ORDER BY st.id LIMIT 1) FROM air_hourly h",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading air hours");
    int found = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL;
    if (found) {
        int32_t off = sqlite3_column_int(s, 2);
        *out_first = je_time_local_day(sqlite3_column_int64(s, 0), off);
        *out_last = je_time_local_day(sqlite3_column_int64(s, 1), off);
    }
    sqlite3_finalize(s);
    if (!found)
        return je_error_set(err, JE_ENOTFOUND,
                            "no hourly air data (import some: jointenv import air-hourly FILE)");
    return JE_OK;
}

je_status je_store_air_count(je_db *db, int64_t *out_hours, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, "SELECT count(*) FROM air_hourly", -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "counting air hours");
    *out_hours = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return JE_OK;
}
