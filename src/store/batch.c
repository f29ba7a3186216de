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
    if (!db->who.local_admin && db->who.user[0] == '\0')
        return je_error_set(err, JE_EPERM,
                            "anonymous users may not import %s (log in with --user NAME or "
                            "JOINTENV_TOKEN)",
                            kind);
    b->db = db;
    b->opts = opts ? opts : &b->defaults;
    b->rep = rep;
    b->kind = kind;
    b->path = path;
    je_diag_init(&rep->errors, b->opts->max_errors);
    if (je_sha256_init(&b->sha) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_status st = b->opts->data ? je_csv_open_mem(b->opts->data, b->opts->data_len, path,
                                                   &b->csv, err)
                                 : je_csv_open(path, &b->csv, err);
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

int je_batch_replaced(je_batch *b, int64_t old)
{
    for (size_t i = 0; i < b->n_replaced; i++)
        if (b->replaced[i] == old)
            return 1;
    if (b->n_replaced == b->cap_replaced) {
        size_t cap = b->cap_replaced ? 2 * b->cap_replaced : 8;
        int64_t *v = realloc(b->replaced, cap * sizeof *v);
        if (v == NULL)
            return 0;
        b->replaced = v;
        b->cap_replaced = cap;
    }
    b->replaced[b->n_replaced++] = old;
    return 1;
}

/* An earlier batch lost rows to this one (--replace): its content hash is recomputed
 * and the new one logged as an update of that batch, so verify keeps checking the
 * rows it still holds. */
static je_status rehash_replaced(je_batch *b, int64_t old, je_error *err)
{
    char hex[65], key[32];
    int64_t n = 0;
    je_status st = je_batch_content_hash(b->db, old, b->obs_table, b->obs_site_key, b->obs_time_key,
                                         hex, &n, err);
    if (st != JE_OK)
        return st;
    char by[32];
    snprintf(by, sizeof by, "%lld", (long long)b->id);
    json_t *after =
        json_pack("{s:s, s:s, s:I, s:s, s:s}", "kind", b->kind, "content", hex, "content_rows",
                  (json_int_t)n, "table", b->obs_table, "replaced_by", by);
    char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(after);
    if (text == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    snprintf(key, sizeof key, "%lld", (long long)old);
    st = je_audit_append(b->db, NULL, "import_batch", key, "update", NULL, text, err);
    free(text);
    return st;
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
    je_status st = JE_OK;
    if (after && b->obs_table) {
        char hex[65];
        int64_t n = b->content_rows;
        memcpy(hex, b->content, sizeof hex);
        if (hex[0] == '\0') /* not computed while importing: read the rows back */
            st = je_batch_content_hash(db, b->id, b->obs_table, b->obs_site_key, b->obs_time_key,
                                       hex, &n, err);
        if (st == JE_OK && (json_object_set_new(after, "content", json_string(hex)) != 0 ||
                            json_object_set_new(after, "content_rows", json_integer(n)) != 0 ||
                            json_object_set_new(after, "table", json_string(b->obs_table)) != 0))
            st = je_error_set(err, JE_ENOMEM, "out of memory");
    }
    char *text = after && st == JE_OK ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(after);
    if (st != JE_OK)
        return st;
    if (text == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)b->id);
    st = je_audit_append(db, NULL, "import_batch", key, "import", NULL, text, err);
    free(text);
    for (size_t i = 0; st == JE_OK && i < b->n_replaced; i++)
        st = rehash_replaced(b, b->replaced[i], err);
    return st;
}

static je_status end_batch(je_batch *b, je_status st, je_error *err);

je_status je_batch_end(je_batch *b, je_status st, je_error *err)
{
    je_sha256_final_hex(&b->sha, b->rep->sha256);
    st = end_batch(b, st, err);
    free(b->replaced);
    b->replaced = NULL;
    b->n_replaced = b->cap_replaced = 0;
    return st;
}

static je_status end_batch(je_batch *b, je_status st, je_error *err)
{
    je_db *db = b->db;
    je_import_report *rep = b->rep;
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

/* ---- registry records: permission and per-record audit (see internal.h) */

je_status je_record_check(je_batch *b, je_gov_action action, const char *tbl, const char *word,
                          const char *owner_col, const char *code, const char *new_owner,
                          char **before, je_error *err)
{
    je_db *db = b->db;
    char sql[160], what[160];
    *before = NULL;
    snprintf(what, sizeof what, "%s %s", word, code);
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE code = ?1", tbl);
    je_status st = je_audit_snapshot(db, sql, code, before, err);
    if (st != JE_OK)
        return st;
    if (*before && owner_col) { /* an update: the record's present owner must agree too */
        sqlite3_stmt *s;
        snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE code = ?1", owner_col, tbl);
        if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
            st = je_db_fail(db, err, "checking permissions");
        else {
            char owner[16] = "";
            sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
            if (sqlite3_step(s) == SQLITE_ROW)
                je_db_copy_text(owner, sizeof owner, s, 0);
            sqlite3_finalize(s);
            st = je_db_may(db, action, owner, 0, what, err);
        }
    }
    if (st == JE_OK)
        st = je_db_may(db, action, new_owner, 0, what, err);
    if (st != JE_OK) {
        free(*before);
        *before = NULL;
    }
    return st;
}

je_status je_record_log(je_batch *b, const char *tbl, const char *code, const char *owner,
                        char *before, je_error *err)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE code = ?1", tbl);
    je_status st =
        je_audit_record(b->db, owner, tbl, code, before ? "update" : "insert", before, sql, err);
    free(before);
    return st;
}

je_status je_owner_check(je_batch *b, const char *tbl, const char *owner_col, const char *word,
                         const char *code, je_error *err)
{
    je_db *db = b->db;
    if (db->who.local_admin)
        return JE_OK;
    char sql[160], owner[16] = "";
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE code = ?1", owner_col, tbl);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "checking permissions");
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    int found = sqlite3_step(s) == SQLITE_ROW;
    if (found)
        je_db_copy_text(owner, sizeof owner, s, 0);
    sqlite3_finalize(s);
    if (!found)
        return JE_OK;
    for (size_t i = 0; i < b->n_may_owner; i++)
        if (strcmp(b->may_owner[i], owner) == 0)
            return JE_OK;
    char what[160];
    snprintf(what, sizeof what, "values of %s %s", word, code);
    je_status st = je_db_may(db, JE_GOV_WRITE, owner, 0, what, err);
    if (st == JE_OK && b->n_may_owner < sizeof b->may_owner / sizeof b->may_owner[0])
        snprintf(b->may_owner[b->n_may_owner++], sizeof b->may_owner[0], "%s", owner);
    return st;
}

je_status je_record_put(je_batch *b, sqlite3_stmt *w, int exists, const char *tbl,
                        const char *word, const char *owner_col, const char *code,
                        const char *owner, const char *doing, je_error *err)
{
    char *before = NULL;
    je_status st = je_record_check(b, JE_GOV_WRITE, tbl, word, owner_col, code, owner, &before,
                                   err);
    if (st != JE_OK) {
        sqlite3_reset(w);
        return st;
    }
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    if (rc != SQLITE_DONE) {
        free(before);
        return je_db_fail(b->db, err, doing);
    }
    if ((st = je_record_log(b, tbl, code, owner, before, err)) != JE_OK)
        return st;
    if (exists)
        b->rep->updated++;
    else
        b->rep->inserted++;
    return JE_OK;
}
