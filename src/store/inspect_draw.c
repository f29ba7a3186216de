/*
 * inspect_draw.c — recorded double-random draws. The order matters and is the point:
 * the registries are read, the draw made and written — parameters, list, hash and
 * the audit entry — in one IMMEDIATE transaction, and only after its COMMIT are the
 * results read back and handed to the caller. Nobody sees a draw that is not on the
 * record, and a draw cannot be re-run quietly until a convenient list comes up: every
 * attempt is in the audit log.
 */
#include "store/inspect_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

je_status je_inspect_begin(je_db *db, je_error *err)
{
    return je_db_exec(db, "BEGIN IMMEDIATE", err);
}

je_status je_inspect_end(je_db *db, je_status st, je_error *err)
{
    if (st == JE_OK && (st = je_db_exec(db, "COMMIT", err)) == JE_OK)
        return JE_OK;
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static je_status insert_draw(je_db *db, const je_draw_params *p, const je_draw_result *r,
                             int64_t *out_id, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT INTO inspect_draw(code, day, seed, count, team_size,"
                           " exclude_days, by_river, jurisdiction, list_hash, warnings, drawn_by,"
                           " drawn_at) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM"
                           " inspect_draw), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "recording the draw");
    sqlite3_bind_int64(s, 1, p->day);
    sqlite3_bind_text(s, 2, p->seed, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, p->count);
    sqlite3_bind_int(s, 4, p->team_size);
    sqlite3_bind_int(s, 5, p->exclude_days);
    sqlite3_bind_int(s, 6, p->by_river ? 1 : 0);
    sqlite3_bind_text(s, 7, p->jurisdiction, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, r->list_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, r->warnings, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, db->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 11, je_db_now());
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return je_db_fail(db, err, "recording the draw");
    *out_id = sqlite3_last_insert_rowid(db->db);
    return JE_OK;
}

static je_status insert_rows(je_db *db, int64_t id, const je_draw_result *r, const je_outfall *o,
                             const je_inspector *ins, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT INTO inspect_draw_target(draw_id, rank, outfall, stratum, team)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "recording the draw");
    je_status st = JE_OK;
    for (size_t t = 0; st == JE_OK && t < r->n_targets; t++) {
        const je_draw_target *tg = &r->targets[t];
        char team[JE_DRAW_MAX_TEAM * 33] = "";
        for (int k = 0; k < tg->team_n; k++) {
            size_t len = strlen(team);
            snprintf(team + len, sizeof team - len, "%s%s", k ? ";" : "", ins[tg->team[k]].code);
        }
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int(s, 2, tg->rank);
        sqlite3_bind_text(s, 3, o[tg->outfall].code, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, tg->stratum, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, team, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = je_db_fail(db, err, "recording the draw");
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return st;
}

/* The audit entry: parameters, hash and the whole list, so the log alone proves what
 * was drawn, from which seed, before anyone saw it. */
static je_status log_draw(je_db *db, int64_t id, const je_draw_params *p, const je_draw_result *r,
                          const char *list, je_error *err)
{
    json_t *a = json_pack(
        "{s:I, s:I, s:s, s:i, s:i, s:i, s:b, s:s, s:s, s:s, s:i, s:s}", "id", (json_int_t)id, "day",
        (json_int_t)p->day, "seed", p->seed, "count", p->count, "team_size", p->team_size,
        "exclude_days", p->exclude_days, "by_river", p->by_river, "jurisdiction", p->jurisdiction,
        "list_hash", r->list_hash, "list", list, "eligible", r->eligible, "warnings", r->warnings);
    char *text = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(a);
    if (text == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)id);
    je_status st =
        je_audit_append(db, JE_GOV_JOINT, "inspect_draw", key, "insert", NULL, text, err);
    free(text);
    return st;
}

static je_status draw_in_tx(je_db *db, const je_draw_params *p, int64_t *out_id, je_error *err)
{
    je_outfall *o = NULL;
    je_inspector *ins = NULL;
    size_t no = 0, ni = 0;
    je_draw_result r;
    memset(&r, 0, sizeof r);
    char *list = NULL;
    je_status st = je_store_outfalls(db, NULL, NULL, &o, &no, err);
    if (st == JE_OK)
        st = je_inspect_load_inspectors(db, NULL, 0, &ins, &ni, err);
    if (st == JE_OK)
        st = je_inspect_draw(o, no, ins, ni, p, &r, err);
    if (st == JE_OK && (list = je_draw_list_text(&r, o, ins)) == NULL)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    if (st == JE_OK)
        st = insert_draw(db, p, &r, out_id, err);
    if (st == JE_OK)
        st = insert_rows(db, *out_id, &r, o, ins, err);
    if (st == JE_OK)
        st = log_draw(db, *out_id, p, &r, list, err);
    free(list);
    je_draw_result_free(&r);
    free(o);
    free(ins);
    return st;
}

je_status je_store_draw(je_db *db, const je_draw_params *p, int64_t *out_id, je_draw_row **out_rows,
                        size_t *out_n, je_error *err)
{
    *out_id = 0;
    *out_rows = NULL;
    *out_n = 0;
    je_status st = je_db_may(db, JE_GOV_INSPECT, JE_GOV_JOINT, 0, "a double-random draw", err);
    if (st != JE_OK)
        return st;
    if ((st = je_inspect_begin(db, err)) != JE_OK)
        return st;
    int64_t id = 0;
    st = je_inspect_end(db, draw_in_tx(db, p, &id, err), err);
    if (st != JE_OK)
        return st;
    /* committed: now it may be disclosed, read back from the record */
    je_draw_info info;
    st = je_store_draw_get(db, id, &info, out_rows, out_n, err);
    if (st == JE_OK)
        *out_id = id;
    return st;
}

#define DRAW_SELECT                                                                                \
    "SELECT id, day, seed, count, team_size, exclude_days, by_river, jurisdiction, list_hash,"     \
    " closed, public, drawn_by, drawn_at, warnings FROM inspect_draw"

static void read_draw(sqlite3_stmt *s, void *rec)
{
    je_draw_info *d = rec;
    d->id = sqlite3_column_int64(s, 0);
    d->day = sqlite3_column_int64(s, 1);
    je_db_copy_text(d->seed, sizeof d->seed, s, 2);
    d->count = sqlite3_column_int(s, 3);
    d->team_size = sqlite3_column_int(s, 4);
    d->exclude_days = sqlite3_column_int(s, 5);
    d->by_river = sqlite3_column_int(s, 6);
    je_db_copy_text(d->jurisdiction, sizeof d->jurisdiction, s, 7);
    je_db_copy_text(d->list_hash, sizeof d->list_hash, s, 8);
    d->closed = sqlite3_column_int(s, 9);
    d->is_public = sqlite3_column_int(s, 10);
    je_db_copy_text(d->drawn_by, sizeof d->drawn_by, s, 11);
    d->drawn_at = sqlite3_column_int64(s, 12);
    je_db_copy_text(d->warnings, sizeof d->warnings, s, 13);
}

/* Readable: public, or the actor may read joint-office records. */
static int can_read_joint(je_db *db)
{
    return je_db_may(db, JE_GOV_READ, JE_GOV_JOINT, 0, NULL, NULL) == JE_OK;
}

je_status je_store_draws(je_db *db, je_draw_info **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, DRAW_SELECT " WHERE public = 1 OR ?1 = 1 ORDER BY id DESC", -1,
                           &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing draws");
    sqlite3_bind_int(s, 1, can_read_joint(db));
    void *v;
    je_status st =
        je_db_collect(db, s, sizeof(je_draw_info), read_draw, "listing draws", &v, out_n, err);
    *out = v;
    return st;
}

static void read_row(sqlite3_stmt *s, void *rec)
{
    je_draw_row *x = rec;
    x->draw_id = sqlite3_column_int64(s, 0);
    x->rank = sqlite3_column_int(s, 1);
    je_db_copy_text(x->outfall, sizeof x->outfall, s, 2);
    je_db_copy_text(x->stratum, sizeof x->stratum, s, 3);
    je_db_copy_text(x->team, sizeof x->team, s, 4);
    je_db_copy_text(x->outfall_jurisdiction, sizeof x->outfall_jurisdiction, s, 5);
    je_db_copy_text(x->outfall_district, sizeof x->outfall_district, s, 6);
}

je_status je_store_draw_get(je_db *db, int64_t id, je_draw_info *info, je_draw_row **rows,
                            size_t *n_rows, je_error *err)
{
    *rows = NULL;
    *n_rows = 0;
    memset(info, 0, sizeof *info);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, DRAW_SELECT " WHERE id = ?1", -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the draw");
    sqlite3_bind_int64(s, 1, id);
    void *v;
    size_t n;
    je_status st =
        je_db_collect(db, s, sizeof(je_draw_info), read_draw, "reading the draw", &v, &n, err);
    if (st != JE_OK)
        return st;
    if (n == 0) {
        free(v);
        return je_error_set(err, JE_ENOTFOUND, "no draw %lld (jointenv inspect draws lists them)",
                            (long long)id);
    }
    *info = *(je_draw_info *)v;
    free(v);
    char what[48];
    snprintf(what, sizeof what, "draw %lld before it is closed", (long long)id);
    if ((st = je_db_may(db, JE_GOV_READ, JE_GOV_JOINT, info->is_public, what, err)) != JE_OK)
        return st;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT t.draw_id, t.rank, t.outfall, t.stratum, t.team, o.owner,"
                           " o.district FROM inspect_draw_target t JOIN outfall o ON"
                           " o.code = t.outfall WHERE t.draw_id = ?1 ORDER BY t.rank",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the draw");
    sqlite3_bind_int64(s, 1, id);
    st = je_db_collect(db, s, sizeof(je_draw_row), read_row, "reading the draw", &v, n_rows, err);
    *rows = v;
    return st;
}

je_status je_store_draw_close(je_db *db, int64_t id, je_error *err)
{
    char what[48], key[24];
    snprintf(what, sizeof what, "draw %lld", (long long)id);
    snprintf(key, sizeof key, "%lld", (long long)id);
    je_status st = je_db_may(db, JE_GOV_INSPECT, JE_GOV_JOINT, 0, what, err);
    if (st != JE_OK || (st = je_inspect_begin(db, err)) != JE_OK)
        return st;
    static const char sel[] =
        "SELECT id, closed, public, list_hash FROM inspect_draw WHERE code = ?1";
    char *before = NULL;
    st = je_audit_snapshot(db, sel, key, &before, err);
    if (st == JE_OK && before == NULL)
        st = je_error_set(err, JE_ENOTFOUND, "no draw %lld (jointenv inspect draws lists them)",
                          (long long)id);
    if (st == JE_OK && strstr(before, "\"closed\":1"))
        st = je_error_set(err, JE_ECONFLICT, "draw %lld is closed already; its results are public",
                          (long long)id);
    if (st == JE_OK) {
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(db->db,
                               "UPDATE inspect_draw SET closed = 1, public = 1 WHERE id = ?1", -1,
                               &s, NULL) != SQLITE_OK)
            st = je_db_fail(db, err, "closing the draw");
        else {
            sqlite3_bind_int64(s, 1, id);
            if (sqlite3_step(s) != SQLITE_DONE)
                st = je_db_fail(db, err, "closing the draw");
            sqlite3_finalize(s);
        }
    }
    if (st == JE_OK)
        st = je_audit_record(db, JE_GOV_JOINT, "inspect_draw", key, "update", before, sel, err);
    free(before);
    return je_inspect_end(db, st, err);
}
