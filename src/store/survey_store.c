/*
 * survey_store.c — Darwin Core surveys in the store (survey.h): the import of a
 * Darwin Core CSV or Archive (events as logged records owned by their jurisdiction,
 * occurrences as bulk rows under the batch's content hash) and the occurrences read
 * back with their events' fields, for the diversity tables and the archive export.
 */
#include "store/eco_internal.h"
#include "survey/dwc_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_EVENT, Q_EINS, Q_EUPD, Q_OBATCH, Q_ODEL, Q_OINS, Q_N };
static const char *const sql[Q_N] = {
    "SELECT id, batch_id, event_date, protocol, sample_size, sample_size_unit, location_id,"
    " locality, lat, lon, round, owner FROM survey_event WHERE code = ?1",
    "INSERT INTO survey_event(code, event_date, protocol, sample_size, sample_size_unit,"
    " location_id, locality, lat, lon, round, owner, batch_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    "UPDATE survey_event SET event_date = ?2, protocol = ?3, sample_size = ?4,"
    " sample_size_unit = ?5, location_id = ?6, locality = ?7, lat = ?8, lon = ?9, round = ?10,"
    " owner = ?11, batch_id = ?12 WHERE code = ?1",
    "SELECT DISTINCT batch_id FROM survey_occurrence WHERE event_ref = ?1",
    "DELETE FROM survey_occurrence WHERE event_ref = ?1",
    "INSERT INTO survey_occurrence(event_ref, scientific_name, taxon_rank, individual_count,"
    " recorded_by, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};

typedef struct dwc_import {
    je_batch *b;
    sqlite3_stmt *q[Q_N];
    int no_jur_told;
    size_t rows, cb_errors; /* rows given to on_row, errors it added */
    char told_exists[64]; /* the last event said to exist: its further rows say nothing */
    int64_t *replaced;    /* events this file replaces (their rows count as updated) */
    size_t n_replaced, cap_replaced;
} dwc_import;

static int was_replaced(const dwc_import *im, int64_t id)
{
    for (size_t i = im->n_replaced; i > 0; i--)
        if (im->replaced[i - 1] == id)
            return 1;
    return 0;
}

static int note_replaced(dwc_import *im, int64_t id)
{
    if (im->n_replaced == im->cap_replaced) {
        size_t cap = im->cap_replaced ? 2 * im->cap_replaced : 16;
        int64_t *v = realloc(im->replaced, cap * sizeof *v);
        if (v == NULL)
            return 0;
        im->replaced = v;
        im->cap_replaced = cap;
    }
    im->replaced[im->n_replaced++] = id;
    return 1;
}

static je_status reject(dwc_import *im, je_csv *r, const int *col, int t, const char *fmt, ...)
    JE_PRINTF(5, 6);
static je_status reject(dwc_import *im, je_csv *r, const int *col, int t, const char *fmt, ...)
{
    char msg[JE_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    je_error e;
    je_csv_error(r, (size_t)(col[t] >= 0 ? col[t] : 0), &e, "%s", msg);
    return je_batch_reject(im->b, &e);
}

static int same_num(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* The event already written by this file: do this row's event fields agree? The first
   that differs is rejected at its column. 1 when they agree. */
static int agrees(dwc_import *im, je_csv *r, const int *col, const je_occurrence *o,
                  sqlite3_stmt *e, je_status *st)
{
    const char *text[][2] = {{o->event_date, (const char *)sqlite3_column_text(e, 2)},
                             {o->protocol, (const char *)sqlite3_column_text(e, 3)},
                             {o->sample_size_unit, (const char *)sqlite3_column_text(e, 5)},
                             {o->location_id, (const char *)sqlite3_column_text(e, 6)},
                             {o->locality, (const char *)sqlite3_column_text(e, 7)},
                             {o->parent_event_id, (const char *)sqlite3_column_text(e, 10)},
                             {o->jurisdiction, (const char *)sqlite3_column_text(e, 11)}};
    static const int tterm[] = {T_DATE, T_PROTOCOL, T_UNIT, T_LOCATION, T_LOCALITY, T_PARENT,
                                T_GEO};
    for (size_t i = 0; i < sizeof tterm / sizeof tterm[0]; i++)
        if (strcmp(text[i][0], text[i][1] ? text[i][1] : "") != 0) {
            *st = reject(im, r, col, tterm[i],
                         "%s '%s' differs from '%s' on an earlier row of event %s (the rows of "
                         "one event share its event fields)",
                         je_dwc_term_name(tterm[i]), text[i][0], text[i][1] ? text[i][1] : "",
                         o->event_id);
            return 0;
        }
    const double nums[][2] = {{o->sample_size, eco_col_num(e, 4)},
                              {o->lat, eco_col_num(e, 8)},
                              {o->lon, eco_col_num(e, 9)}};
    static const int nterm[] = {T_SIZE, T_LAT, T_LON};
    for (size_t i = 0; i < 3; i++)
        if (!same_num(nums[i][0], nums[i][1])) {
            *st = reject(im, r, col, nterm[i],
                         "%s differs from %.10g on an earlier row of event %s (the rows of one "
                         "event share its event fields)",
                         je_dwc_term_name(nterm[i]), nums[i][1], o->event_id);
            return 0;
        }
    return 1;
}

/* Insert (or, replacing, update) event o; *out_id its id. */
static je_status write_event(dwc_import *im, const je_occurrence *o, int64_t id, int64_t *out_id,
                             je_error *err)
{
    je_batch *b = im->b;
    char *before = NULL;
    je_status st = je_record_check(b, JE_GOV_WRITE, "survey_event", "survey event", "owner",
                                   o->event_id, o->jurisdiction, &before, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *w = id ? im->q[Q_EUPD] : im->q[Q_EINS];
    sqlite3_bind_text(w, 1, o->event_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 2, o->event_date, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 3, o->protocol, -1, SQLITE_STATIC);
    eco_bind_num(w, 4, o->sample_size);
    sqlite3_bind_text(w, 5, o->sample_size_unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 6, o->location_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 7, o->locality, -1, SQLITE_STATIC);
    eco_bind_num(w, 8, o->lat);
    eco_bind_num(w, 9, o->lon);
    sqlite3_bind_text(w, 10, o->parent_event_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 11, o->jurisdiction, -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 12, b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    if (rc != SQLITE_DONE) {
        free(before);
        return je_db_fail(b->db, err, "importing survey events");
    }
    *out_id = id ? id : sqlite3_last_insert_rowid(b->db->db);
    return je_record_log(b, "survey_event", o->event_id, o->jurisdiction, before, err);
}

/* Replacing event `id`: its occurrences go, and the batches that wrote them are
   re-hashed at the end (je_batch_replaced). */
static je_status drop_occurrences(dwc_import *im, int64_t id, je_error *err)
{
    sqlite3_stmt *s = im->q[Q_OBATCH];
    sqlite3_bind_int64(s, 1, id);
    int ok = 1;
    while (ok && sqlite3_step(s) == SQLITE_ROW)
        ok = je_batch_replaced(im->b, sqlite3_column_int64(s, 0));
    sqlite3_reset(s);
    if (!ok)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    sqlite3_bind_int64(im->q[Q_ODEL], 1, id);
    int rc = sqlite3_step(im->q[Q_ODEL]);
    sqlite3_reset(im->q[Q_ODEL]);
    return rc == SQLITE_DONE ? JE_OK : je_db_fail(im->b->db, err, "importing survey events");
}

static je_status on_row_in(dwc_import *im, je_csv *r, const int *col, const je_occurrence *o,
                           je_error *err);

static je_status on_row(void *ctx, je_csv *r, const int *col, const je_occurrence *o,
                        je_error *err)
{
    dwc_import *im = ctx;
    je_batch *b = im->b;
    size_t before_errors = b->rep->errors.total;
    im->rows++;
    je_status st = on_row_in(im, r, col, o, err);
    im->cb_errors += b->rep->errors.total - before_errors;
    return st;
}

static je_status on_row_in(dwc_import *im, je_csv *r, const int *col, const je_occurrence *o,
                           je_error *err)
{
    je_batch *b = im->b;
    size_t before_errors = b->rep->errors.total;
    je_status st = JE_OK;
    if (col[T_GEO] < 0) {
        if (!im->no_jur_told) {
            je_error e;
            je_error_set_at(&e, JE_EDATA, b->path, 1, 1, NULL,
                            "no higherGeographyID (or jurisdiction) column: every event needs "
                            "the jurisdiction that owns it");
            st = je_batch_reject(b, &e);
            im->no_jur_told = 1;
        }
        return st == JE_OK ? JE_OK : je_error_set(err, st, "out of memory");
    }
    if (o->jurisdiction[0] == '\0')
        st = reject(im, r, col, T_GEO, "empty higherGeographyID (the jurisdiction of the event)");
    else if (eco_jur_exists(b->db, o->jurisdiction) != 1)
        st = reject(im, r, col, T_GEO, "unknown jurisdiction '%s' (import jurisdictions first)",
                    o->jurisdiction);
    int y = 0;
    if (st == JE_OK && (sscanf(o->event_date, "%4d", &y) != 1 || y < 1800 || y > 2200))
        st = reject(im, r, col, T_DATE, "eventDate: '%s' is not an ISO 8601 date (YYYY-MM-DD)",
                    o->event_date);
    if (st != JE_OK)
        return je_error_set(err, st, "out of memory");
    sqlite3_stmt *e = im->q[Q_EVENT];
    sqlite3_bind_text(e, 1, o->event_id, -1, SQLITE_STATIC);
    int64_t id = 0, batch = 0;
    int skip = 0;
    int exists = sqlite3_step(e) == SQLITE_ROW;
    if (exists) {
        id = sqlite3_column_int64(e, 0);
        batch = sqlite3_column_int64(e, 1);
        if (batch == b->id)
            agrees(im, r, col, o, e, &st);
        else if (!b->opts->replace) {
            /* one error per event, not one per row: the import is rejected anyway */
            if (strcmp(im->told_exists, o->event_id) != 0)
                st = reject(im, r, col, T_EVENT,
                            "event %s already exists (use --replace to replace it and its "
                            "occurrences)",
                            o->event_id);
            snprintf(im->told_exists, sizeof im->told_exists, "%s", o->event_id);
            skip = 1;
        }
    }
    sqlite3_reset(e);
    if (st != JE_OK)
        return je_error_set(err, st, "out of memory");
    if (skip || b->rep->errors.total > before_errors)
        return JE_OK;
    int replacing = exists && batch != b->id;
    if (!exists || replacing) {
        if (replacing && (st = drop_occurrences(im, id, err)) != JE_OK)
            return st;
        if (replacing && !note_replaced(im, id))
            return je_error_set(err, JE_ENOMEM, "out of memory");
        if ((st = write_event(im, o, id, &id, err)) != JE_OK)
            return st;
    }
    sqlite3_stmt *w = im->q[Q_OINS];
    sqlite3_bind_int64(w, 1, id);
    sqlite3_bind_text(w, 2, o->scientific_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 3, o->taxon_rank, -1, SQLITE_STATIC);
    sqlite3_bind_double(w, 4, o->count);
    sqlite3_bind_text(w, 5, o->recorded_by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 6, b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    if (rc != SQLITE_DONE)
        return je_db_fail(b->db, err, "importing occurrences");
    if (was_replaced(im, id))
        b->rep->updated++;
    else
        b->rep->inserted++;
    return JE_OK;
}

/* The file's bytes into the batch's SHA-256 (the reading itself goes through the
   Darwin Core reader, which also opens archives). */
static je_status hash_file(je_batch *b, je_error *err)
{
    FILE *fp = fopen(b->path, "rb");
    if (fp == NULL)
        return je_error_set_at(err, JE_EIO, b->path, 0, 0, NULL, "cannot open the file");
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        je_sha256_update(&b->sha, buf, n);
    int bad = ferror(fp);
    fclose(fp);
    return bad ? je_error_set_at(err, JE_EIO, b->path, 0, 0, NULL, "read error") : JE_OK;
}

je_status je_import_dwc(je_db *db, const char *path, const je_import_opts *opts,
                        je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "dwc", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    eco_bulk(&b, "survey_occurrence", "event_ref");
    dwc_import im;
    memset(&im, 0, sizeof im);
    im.b = &b;
    if (!je_db_prepare_all(db, sql, im.q, Q_N)) {
        st = je_db_fail(db, err, "importing a Darwin Core file");
        goto end;
    }
    if ((st = hash_file(&b, err)) != JE_OK)
        goto end;
    je_error e;
    je_error_clear(&e);
    st = je_dwc_scan(path, on_row, &im, &rep->errors, &e);
    if (st == JE_EDATA) /* the file as a whole: no required column, not an archive … */
        st = je_batch_reject(&b, &e) == JE_OK ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
    else if (st != JE_OK && err)
        *err = e;
    /* rows: those read whole, and those the reader rejected (one error each, mostly) */
    rep->rows = im.rows + (rep->errors.total - im.cb_errors);
    if (st == JE_OK && rep->errors.total == 0)
        st = eco_extent(&b, "survey_occurrence", "event_ref", err);
end:
    je_db_finalize_all(im.q, Q_N);
    free(im.replaced);
    return je_batch_end(&b, st, err);
}

static void read_occurrence(sqlite3_stmt *s, void *rec)
{
    je_occurrence *o = rec;
    memset(o, 0, sizeof *o);
    je_db_copy_text(o->event_id, sizeof o->event_id, s, 0);
    je_db_copy_text(o->event_date, sizeof o->event_date, s, 1);
    je_db_copy_text(o->protocol, sizeof o->protocol, s, 2);
    o->sample_size = eco_col_num(s, 3);
    je_db_copy_text(o->sample_size_unit, sizeof o->sample_size_unit, s, 4);
    je_db_copy_text(o->location_id, sizeof o->location_id, s, 5);
    je_db_copy_text(o->locality, sizeof o->locality, s, 6);
    o->lat = eco_col_num(s, 7);
    o->lon = eco_col_num(s, 8);
    je_db_copy_text(o->parent_event_id, sizeof o->parent_event_id, s, 9);
    je_db_copy_text(o->jurisdiction, sizeof o->jurisdiction, s, 10);
    je_db_copy_text(o->scientific_name, sizeof o->scientific_name, s, 11);
    je_db_copy_text(o->taxon_rank, sizeof o->taxon_rank, s, 12);
    o->count = sqlite3_column_double(s, 13);
    je_db_copy_text(o->recorded_by, sizeof o->recorded_by, s, 14);
}

je_status je_store_occurrences(je_db *db, const char *jurisdiction, je_occurrence **out,
                               size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(
            db->db,
            "SELECT e.code, e.event_date, e.protocol, e.sample_size, e.sample_size_unit,"
            " e.location_id, e.locality, e.lat, e.lon, e.round, e.owner, o.scientific_name,"
            " o.taxon_rank, o.individual_count, o.recorded_by"
            " FROM survey_occurrence o JOIN survey_event e ON e.id = o.event_ref"
            " WHERE (?3 IS NULL OR e.owner = ?3)"
            "   AND (e.public = 1 OR ?1 = 1 OR instr(?2, ',' || e.owner || ',') > 0)"
            " ORDER BY e.id, o.id",
            -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing occurrences");
    int all;
    char readable[JE_GOV_MAX_GRANTS * 8 + 2];
    je_db_readable(db, &all, readable, sizeof readable);
    sqlite3_bind_int(s, 1, all);
    sqlite3_bind_text(s, 2, readable, -1, SQLITE_TRANSIENT);
    if (jurisdiction)
        sqlite3_bind_text(s, 3, jurisdiction, -1, SQLITE_STATIC);
    void *v;
    je_status st = je_db_collect(db, s, sizeof **out, read_occurrence, "listing occurrences", &v,
                                 out_n, err);
    *out = v;
    return st;
}
