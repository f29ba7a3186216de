/*
 * water_query.c — reading water samples back: per section and period for the
 * engines, the latest year with data, counts.
 */
#include "store/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t je_wq_series_set_time(const je_wq_series_set *s, size_t k, size_t i)
{
    return s->times_[(size_t)(s->series[k].samples - s->samples_) + i];
}

void je_wq_series_set_free(je_wq_series_set *s)
{
    if (s == NULL)
        return;
    free(s->series);
    free(s->samples_);
    free(s->times_);
    memset(s, 0, sizeof *s);
}

je_status je_store_water_series(je_db *db, const je_section_list *sections, const je_period *period,
                                je_wq_series_set *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    char cols[1024] = "";
    for (int i = 0; i < JE_WQ_NITEMS; i++) {
        char one[32];
        snprintf(one, sizeof one, ", v_%s", je_wq_item_code((je_wq_item)i));
        strcat(cols, one);
    }
    char sql[1400];
    snprintf(sql, sizeof sql,
             "SELECT bdl_mask, invalid_mask, sampled_at%s FROM water_sample WHERE section_id = ?1"
             " AND sampled_at >= ?2 AND sampled_at < ?3 ORDER BY sampled_at",
             cols);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading water samples");
    out->n = sections->n;
    out->series = calloc(sections->n ? sections->n : 1, sizeof *out->series);
    size_t cap = 0, used = 0;
    size_t *first = calloc(sections->n ? sections->n : 1, sizeof *first);
    je_status st = out->series && first ? JE_OK : JE_ENOMEM;
    for (size_t k = 0; k < sections->n && st == JE_OK; k++) {
        int64_t t0 = INT64_MIN, t1 = INT64_MAX;
        if (period)
            je_period_range(period, sections->utc_offset_s[k], &t0, &t1);
        sqlite3_bind_int64(s, 1, sections->id[k]);
        sqlite3_bind_int64(s, 2, t0);
        sqlite3_bind_int64(s, 3, t1);
        first[k] = used;
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            if (used == cap) {
                size_t ncap = cap ? cap * 2 : 256;
                je_wq_sample *v = realloc(out->samples_, ncap * sizeof *v);
                if (v)
                    out->samples_ = v;
                int64_t *tv = v ? realloc(out->times_, ncap * sizeof *tv) : NULL;
                if (tv)
                    out->times_ = tv;
                if (v == NULL || tv == NULL) {
                    st = JE_ENOMEM;
                    break;
                }
                cap = ncap;
            }
            out->times_[used] = sqlite3_column_int64(s, 2);
            je_wq_sample *x = &out->samples_[used++];
            x->bdl_mask = (uint32_t)sqlite3_column_int64(s, 0);
            x->invalid_mask = (uint32_t)sqlite3_column_int64(s, 1);
            for (int i = 0; i < JE_WQ_NITEMS; i++)
                x->value[i] = sqlite3_column_type(s, i + 3) == SQLITE_NULL
                                  ? NAN
                                  : sqlite3_column_double(s, i + 3);
        }
        if (st == JE_OK && rc != SQLITE_DONE)
            st = JE_EDB;
        sqlite3_reset(s);
        out->series[k].n = used - first[k];
    }
    sqlite3_finalize(s);
    if (st == JE_OK)
        for (size_t k = 0; k < sections->n; k++)
            out->series[k].samples = out->samples_ ? out->samples_ + first[k] : NULL;
    free(first);
    if (st != JE_OK) {
        je_wq_series_set_free(out);
        return st == JE_ENOMEM ? je_error_set(err, st, "out of memory")
                               : je_db_fail(db, err, "reading water samples");
    }
    return JE_OK;
}

je_status je_store_water_latest_year(je_db *db, int *out_year, je_error *err)
{
    *out_year = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT max(w.sampled_at + j.utc_offset_s) FROM water_sample w"
                           " JOIN section s ON s.id = w.section_id"
                           " JOIN jurisdiction j ON j.code = s.owner",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading water samples");
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        int y, m, d;
        je_time_local_fields(sqlite3_column_int64(s, 0), 0, &y, &m, &d);
        *out_year = y;
    }
    sqlite3_finalize(s);
    return JE_OK;
}

je_status je_store_water_counts(je_db *db, int64_t *out_samples, int64_t *out_values, je_error *err)
{
    char sql[1024] = "SELECT count(*), coalesce(sum(0";
    for (int i = 0; i < JE_WQ_NITEMS; i++) {
        char one[40];
        snprintf(one, sizeof one, " + (v_%s IS NOT NULL)", je_wq_item_code((je_wq_item)i));
        strcat(sql, one);
    }
    strcat(sql, "), 0) FROM water_sample");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "counting water samples");
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *out_samples = sqlite3_column_int64(s, 0);
        *out_values = sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? JE_OK : je_db_fail(db, err, "counting water samples");
}
