/*
 * run.c — runs: the provenance record of every published figure (run.h).
 */
#include "jointenv/run.h"
#include "store/internal.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The run's audit entry: table "run", its id, "insert", with what identifies the
 * result (engine, rule set, input and output hashes) — so that the hash-chained log
 * holds every published figure as it holds every imported record. */
static je_status audit_run(je_db *db, const je_run_new *r, int64_t id, je_error *err)
{
    json_t *after = json_pack("{s:s, s:s?, s:s, s:s?}", "engine", r->engine, "rules_sha256",
                              r->ruleset_sha256, "input_sha256", r->input_sha256,
                              "output_sha256", r->output_sha256);
    char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(after);
    if (text == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)id);
    je_status st = je_audit_append(db, NULL, "run", key, "insert", NULL, text, err);
    free(text);
    return st;
}

je_status je_run_record(je_db *db, const je_run_new *r, int64_t *out_id, je_error *err)
{
    if (db == NULL || r == NULL || r->engine == NULL || r->input_sha256 == NULL ||
        r->params == NULL)
        return je_error_set(err, JE_EINVAL, "je_run_record: NULL argument");
    /* the run and its audit entry together: a savepoint is a transaction of its own
       when the caller has none, and nests in the caller's when it has one */
    je_status st = je_db_exec(db, "SAVEPOINT run_record", err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT INTO run(engine, engine_version, ruleset_sha256, input_sha256,"
                           " params, actor, created_at, output_sha256, inputs, output)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &s, NULL) != SQLITE_OK) {
        st = je_db_fail(db, err, "recording the run");
        goto done;
    }
    const char *text[] = {r->engine,       je_version(), r->ruleset_sha256,
                          r->input_sha256, r->params,    db->actor};
    for (int i = 0; i < 6; i++)
        if (text[i])
            sqlite3_bind_text(s, i + 1, text[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 7, je_db_now());
    const char *more[] = {r->output_sha256, r->inputs, r->output};
    for (int i = 0; i < 3; i++)
        if (more[i])
            sqlite3_bind_text(s, 8 + i, more[i], -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        st = je_db_fail(db, err, "recording the run");
        goto done;
    }
    int64_t id = sqlite3_last_insert_rowid(db->db);
    st = audit_run(db, r, id, err);
    if (st == JE_OK && out_id)
        *out_id = id;
done:
    if (st == JE_OK)
        return je_db_exec(db, "RELEASE run_record", err);
    sqlite3_exec(db->db, "ROLLBACK TO run_record; RELEASE run_record", NULL, NULL, NULL);
    return st;
}

static char *dup_col(sqlite3_stmt *s, int col, int *nomem)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL)
        return NULL;
    const char *t = (const char *)sqlite3_column_text(s, col);
    size_t n = (size_t)sqlite3_column_bytes(s, col);
    char *d = malloc(n + 1);
    if (d == NULL) {
        *nomem = 1;
        return NULL;
    }
    memcpy(d, t, n);
    d[n] = '\0';
    return d;
}

static void read_head(sqlite3_stmt *s, void *record)
{
    je_run *r = record;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    je_db_copy_text(r->engine, sizeof r->engine, s, 1);
    je_db_copy_text(r->engine_version, sizeof r->engine_version, s, 2);
    je_db_copy_text(r->ruleset_sha256, sizeof r->ruleset_sha256, s, 3);
    je_db_copy_text(r->input_sha256, sizeof r->input_sha256, s, 4);
    je_db_copy_text(r->output_sha256, sizeof r->output_sha256, s, 5);
    je_db_copy_text(r->actor, sizeof r->actor, s, 6);
    r->created_at = sqlite3_column_int64(s, 7);
}

#define RUN_HEAD                                                                                   \
    "SELECT id, engine, engine_version, coalesce(ruleset_sha256, ''), input_sha256,"               \
    " coalesce(output_sha256, ''), actor, created_at"

je_status je_run_list(je_db *db, je_run **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, RUN_HEAD " FROM run ORDER BY id DESC", -1, &s, NULL) !=
        SQLITE_OK)
        return je_db_fail(db, err, "listing runs");
    return je_db_collect(db, s, sizeof(je_run), read_head, "listing runs", (void **)out, out_n,
                         err);
}

je_status je_run_get(je_db *db, int64_t id, je_run *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, RUN_HEAD ", params, inputs, output FROM run WHERE id = ?", -1,
                           &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the run");
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        if (rc == SQLITE_DONE)
            return je_error_set(err, JE_ENOTFOUND, "no run %lld", (long long)id);
        return je_db_fail(db, err, "reading the run");
    }
    read_head(s, out);
    int nomem = 0;
    out->params = dup_col(s, 8, &nomem);
    out->inputs = dup_col(s, 9, &nomem);
    out->output = dup_col(s, 10, &nomem);
    sqlite3_finalize(s);
    if (nomem) {
        je_run_clear(out);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    return JE_OK;
}

void je_run_clear(je_run *r)
{
    if (r == NULL)
        return;
    free(r->params);
    free(r->inputs);
    free(r->output);
    r->params = r->inputs = r->output = NULL;
}
