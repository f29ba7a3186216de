/*
 * batch.c — the frame every import shares: open the file, hash it while it is read,
 * one transaction, the import_batch row and its audit entry, and the decision at
 * the end (commit only when no row was rejected and it is not a dry run).
 */
#include "store/internal.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void hash_chunk(void *ctx, const unsigned char *bytes, size_t len)
{
    je_sha256_update(ctx, bytes, len);
}

je_status je_batch_begin(je_batch *b, je_db *db, const char *kind, const char *path,
                         const je_import_opts *opts, je_import_report *rep, je_error *err)
{
    memset(b, 0, sizeof *b);
    memset(rep, 0, sizeof *rep);
    b->db = db;
    b->opts = opts ? opts : &b->defaults;
    b->rep = rep;
    b->kind = kind;
    b->path = path;
    je_diag_init(&rep->errors, b->opts->max_errors);
    if (je_sha256_init(&b->sha) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_status st = je_csv_open(path, &b->csv, err);
    if (st != JE_OK) {
        je_sha256_free(&b->sha);
        return st;
    }
    je_csv_on_chunk(b->csv, hash_chunk, &b->sha);
    if (b->opts->progress)
        je_csv_on_progress(b->csv, b->opts->progress, b->opts->progress_ctx);
    /* IMMEDIATE: take the write lock now, so validation against the database sees
       exactly what the commit will be applied to. */
    if ((st = je_db_exec(db, "BEGIN IMMEDIATE", err)) != JE_OK) {
        je_csv_close(b->csv);
        b->csv = NULL;
        je_sha256_free(&b->sha);
        return st;
    }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT INTO import_batch(kind, file_name, sha256, row_count, inserted,"
                           " updated, replace, actor, imported_at)"
                           " VALUES (?, ?, ?, 0, 0, 0, ?, ?, ?)",
                           -1, &s, NULL) != SQLITE_OK) {
        st = je_db_fail(db, err, "recording the import");
        goto fail;
    }
    sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, "0000000000000000000000000000000000000000000000000000000000000000", -1,
                      SQLITE_STATIC);
    sqlite3_bind_int(s, 4, b->opts->replace ? 1 : 0);
    sqlite3_bind_text(s, 5, db->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, je_db_now());
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        st = je_db_fail(db, err, "recording the import");
        goto fail;
    }
    b->id = sqlite3_last_insert_rowid(db->db);
    return JE_OK;
fail:
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    je_csv_close(b->csv);
    b->csv = NULL;
    je_sha256_free(&b->sha);
    return st;
}

je_status je_batch_reject(je_batch *b, const je_error *e)
{
    return je_diag_add(&b->rep->errors, e);
}

void je_row_reject(je_row *r, int field, const char *fmt, ...)
{
    char msg[JE_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    je_error e;
    je_csv_error(r->b->csv, (size_t)r->c[field], &e, "%s", msg);
    if (je_batch_reject(r->b, &e) != JE_OK)
        r->nomem = 1;
    r->bad++;
}

const char *je_row_field(const je_row *r, int field)
{
    return je_csv_field(r->b->csv, (size_t)r->c[field]);
}

int je_row_exists(sqlite3_stmt *get, je_row *r, int col, const char *what)
{
    sqlite3_bind_text(get, 1, je_row_field(r, col), -1, SQLITE_STATIC);
    int exists = 0;
    int64_t batch = 0;
    if (sqlite3_step(get) == SQLITE_ROW) {
        exists = 1;
        batch = sqlite3_column_int64(get, 0);
    }
    sqlite3_reset(get);
    if (exists && batch == r->b->id) {
        je_row_reject(r, col, "%s %s appears twice in this file", what, je_row_field(r, col));
        return -1;
    }
    if (exists && !r->b->opts->replace) {
        je_row_reject(r, col, "%s %s already exists (use --replace to update it)", what,
                      je_row_field(r, col));
        return -1;
    }
    return exists;
}

je_status je_batch_header(je_batch *b, const char *const *known, size_t n, uint64_t required,
                          int *idx, je_error *err)
{
    je_error e;
    je_error_clear(&e);
    je_status st = je_csv_read_header(b->csv, &e);
    if (st != JE_OK) {
        if (st != JE_EDATA)
            return je_error_set(err, st, "%s", e.message);
        return je_batch_reject(b, &e) == JE_OK ? JE_EDATA : JE_ENOMEM;
    }
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        idx[i] = je_csv_column(b->csv, known[i]);
        if (idx[i] < 0 && (required >> i) & 1) {
            je_error_set_at(&e, JE_EDATA, b->path, 1, 1, known[i],
                            "missing column '%s' in the header", known[i]);
            bad = 1;
            if (je_batch_reject(b, &e) != JE_OK)
                return JE_ENOMEM;
        }
    }
    for (size_t c = 0; c < je_csv_ncolumns(b->csv); c++) {
        const char *name = je_csv_column_name(b->csv, c);
        size_t i = 0;
        while (i < n && strcasecmp(known[i], name) != 0)
            i++;
        if (i == n) {
            long line, col;
            je_csv_field_pos(b->csv, c, &line, &col);
            char list[512] = "";
            for (size_t k = 0; k < n; k++) {
                strncat(list, k ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, known[k], sizeof list - strlen(list) - 1);
            }
            je_error_set_at(&e, JE_EDATA, b->path, line, col, name,
                            "unknown column '%s' (expected: %s)", name, list);
            bad = 1;
            if (je_batch_reject(b, &e) != JE_OK)
                return JE_ENOMEM;
        }
    }
    return bad ? JE_EDATA : JE_OK;
}

je_status je_batch_next(je_batch *b, int *out_has_row, je_error *err)
{
    for (;;) {
        je_error e; /* filled by je_csv_next only on failure */
        je_status st = je_csv_next(b->csv, out_has_row, &e);
        if (st == JE_OK) {
            if (*out_has_row)
                b->rep->rows++;
            return JE_OK;
        }
        if (st != JE_EDATA)
            return je_error_set_at(err, st, e.path, e.line, e.column, NULL, "%s", e.message);
        b->rep->rows++;
        if (je_batch_reject(b, &e) != JE_OK)
            return je_error_set(err, JE_ENOMEM, "out of memory");
    }
}

static je_status finish_record(je_batch *b, je_error *err)
{
    je_db *db = b->db;
    je_import_report *rep = b->rep;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "UPDATE import_batch SET sha256 = ?, row_count = ?, inserted = ?,"
                           " updated = ? WHERE id = ?",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "recording the import");
    sqlite3_bind_text(s, 1, rep->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (int64_t)rep->rows);
    sqlite3_bind_int64(s, 3, (int64_t)rep->inserted);
    sqlite3_bind_int64(s, 4, (int64_t)rep->updated);
    sqlite3_bind_int64(s, 5, b->id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return je_db_fail(db, err, "recording the import");
    json_t *after =
        json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:b}", "kind", b->kind, "file", b->path, "sha256",
                  rep->sha256, "rows", (json_int_t)rep->rows, "inserted", (json_int_t)rep->inserted,
                  "updated", (json_int_t)rep->updated, "replace", b->opts->replace);
    char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(after);
    if (text == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)b->id);
    je_status st = je_audit_append(db, NULL, "import_batch", key, "import", NULL, text, err);
    free(text);
    return st;
}

je_status je_batch_end(je_batch *b, je_status st, je_error *err)
{
    je_db *db = b->db;
    je_import_report *rep = b->rep;
    je_sha256_final_hex(&b->sha, rep->sha256);
    je_csv_close(b->csv);
    b->csv = NULL;
    if (st == JE_OK && rep->errors.total > 0)
        st = je_error_set_at(err, JE_EDATA, b->path, 0, 0, NULL,
                             "%zu error(s); nothing was imported", rep->errors.total);
    if (st == JE_OK && !b->opts->dry_run) {
        if ((st = finish_record(b, err)) == JE_OK &&
            (st = je_db_exec(db, "COMMIT", err)) == JE_OK) {
            rep->batch_id = b->id;
            return JE_OK;
        }
    }
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    rep->batch_id = 0;
    return st;
}

void je_import_report_free(je_import_report *r)
{
    if (r)
        je_diag_free(&r->errors);
}

je_status je_store_import_batches(je_db *db, size_t limit, je_import_batch **out, size_t *out_n,
                                  je_error *err)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT id, kind, file_name, sha256, row_count, inserted, updated,"
                           " replace, actor, imported_at FROM import_batch ORDER BY id DESC"
                           " LIMIT ?1",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing imports");
    sqlite3_bind_int64(s, 1, limit ? (int64_t)limit : -1);
    size_t n = 0, cap = 0;
    je_import_batch *v = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            je_import_batch *nv = realloc(v, cap * sizeof *nv);
            if (nv == NULL) {
                free(v);
                sqlite3_finalize(s);
                return je_error_set(err, JE_ENOMEM, "out of memory");
            }
            v = nv;
        }
        je_import_batch *b = &v[n++];
        memset(b, 0, sizeof *b);
        b->id = sqlite3_column_int64(s, 0);
        snprintf(b->kind, sizeof b->kind, "%s", (const char *)sqlite3_column_text(s, 1));
        snprintf(b->file_name, sizeof b->file_name, "%s", (const char *)sqlite3_column_text(s, 2));
        snprintf(b->sha256, sizeof b->sha256, "%s", (const char *)sqlite3_column_text(s, 3));
        b->rows = sqlite3_column_int64(s, 4);
        b->inserted = sqlite3_column_int64(s, 5);
        b->updated = sqlite3_column_int64(s, 6);
        b->replace = sqlite3_column_int(s, 7);
        snprintf(b->actor, sizeof b->actor, "%s", (const char *)sqlite3_column_text(s, 8));
        b->imported_at = sqlite3_column_int64(s, 9);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(v);
        return je_db_fail(db, err, "listing imports");
    }
    *out = v;
    *out_n = n;
    return JE_OK;
}
