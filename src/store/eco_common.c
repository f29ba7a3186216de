/*
 * eco_common.c — helpers the issue-9 stores share (eco_internal.h).
 */
#include "store/eco_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int eco_jur_exists(je_db *db, const char *code)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM jurisdiction WHERE code = ?1", -1, &s, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int eco_check_jur(je_row *r, int field)
{
    const char *j = je_row_field(r, field);
    if (j[0] == '\0') {
        je_row_reject(r, field, "empty %s (the jurisdiction that owns the record)",
                      r->cols[field]);
        return 0;
    }
    if (eco_jur_exists(r->b->db, j) != 1) {
        je_row_reject(r, field, "unknown jurisdiction '%s' (import jurisdictions first)", j);
        return 0;
    }
    return 1;
}

je_status eco_may_write(je_row *r, int field, const char *owner, const char *what, je_error *err)
{
    je_error e;
    je_error_clear(&e);
    if (je_db_may(r->b->db, JE_GOV_WRITE, owner, 0, what, &e) == JE_OK)
        return JE_OK;
    long line = 0, col = 0;
    je_csv_field_pos(r->b->csv, (size_t)(r->c[field] >= 0 ? r->c[field] : 0), &line, &col);
    return je_error_set_at(err, JE_EPERM, r->b->path, line, col, NULL, "%s", e.message);
}

void eco_bulk(je_batch *b, const char *tbl, const char *site_col)
{
    b->obs_table = tbl;
    b->obs_site_key = site_col;
    b->obs_time_key = "id";
}

je_status eco_extent(je_batch *b, const char *tbl, const char *site_col, je_error *err)
{
    char sql[320];
    snprintf(sql, sizeof sql,
             "INSERT INTO batch_extent(batch_id, tbl, site_id, t_min, t_max)"
             " SELECT ?1, '%s', %s, min(id), max(id) FROM %s WHERE batch_id = ?1 GROUP BY %s",
             tbl, site_col, tbl, site_col);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(b->db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(b->db, err, "recording the import's extent");
    sqlite3_bind_int64(s, 1, b->id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? JE_OK : je_db_fail(b->db, err, "recording the import's extent");
}

int eco_num(je_row *r, int field, double lo, double hi, int whole, int empty_ok, double *out)
{
    *out = NAN;
    if (r->c[field] < 0)
        return empty_ok;
    const char *t = je_row_field(r, field);
    if (t[0] == '\0') {
        if (!empty_ok)
            je_row_reject(r, field, "empty %s", r->cols[field]);
        return empty_ok;
    }
    double v;
    if (je_parse_double(t, strlen(t), &v) != JE_OK || !isfinite(v) || v < lo || v > hi ||
        (whole && v != floor(v))) {
        je_row_reject(r, field, "%s: '%s' is not %s from %g to %g", r->cols[field], t,
                      whole ? "a whole number" : "a number", lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}

int eco_len(je_row *r, int field, size_t max, int required)
{
    if (r->c[field] < 0)
        return !required;
    size_t n = strlen(je_row_field(r, field));
    if (n == 0 && required) {
        je_row_reject(r, field, "empty %s", r->cols[field]);
        return 0;
    }
    if (n > max) {
        je_row_reject(r, field, "%s too long (%zu bytes; at most %zu)", r->cols[field], n, max);
        return 0;
    }
    return 1;
}

int eco_year_month(const char *s, int *year, int *month)
{
    int y = 0, m = 0, used = 0;
    *year = 0;
    *month = 0;
    if (sscanf(s, "%4d%n", &y, &used) != 1 || used != 4)
        return 0;
    if (s[4] == '-') {
        int used2 = 0;
        if (sscanf(s + 5, "%2d%n", &m, &used2) != 1 || used2 != 2 || s[7] != '\0' || m < 1 ||
            m > 12)
            return 0;
    } else if (s[4] != '\0')
        return 0;
    if (y < 1900 || y > 2200)
        return 0;
    *year = y;
    *month = m;
    return 1;
}

void eco_bind_opt(sqlite3_stmt *s, int i, const char *text)
{
    if (text && text[0])
        sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

void eco_bind_num(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_double(s, i, v);
}

double eco_col_num(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}
