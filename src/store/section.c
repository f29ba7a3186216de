/*
 * section.c — monitoring sections with their rivers and basins: import and queries.
 */
#include "store/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    S_CODE,
    S_NAME_ZH,
    S_NAME_EN,
    S_RIVER,
    S_RIVER_ZH,
    S_RIVER_EN,
    S_BASIN,
    S_BASIN_ZH,
    S_BASIN_EN,
    S_LON,
    S_LAT,
    S_KIND,
    S_OWNER,
    S_UP,
    S_DOWN,
    S_TARGET,
    S_WATERBODY,
    S_NCOLS
};
static const char *const s_cols[S_NCOLS] = {
    "code",       "name_zh",  "name_en",    "river_code",   "river_zh", "river_en",
    "basin_code", "basin_zh", "basin_en",   "lon",          "lat",      "kind",
    "owner",      "upstream", "downstream", "target_class", "waterbody"};

typedef struct stmts {
    sqlite3_stmt *basin_get, *basin_ins, *river_get, *river_ins, *jur, *sec_get, *sec_ins, *sec_upd;
} stmts;

/* The struct is nothing but statement pointers, used as an array. */
#define NSTMTS (sizeof(stmts) / sizeof(sqlite3_stmt *))

static void stmts_free(stmts *q)
{
    je_db_finalize_all((sqlite3_stmt **)q, NSTMTS);
}

static int prepare_all(je_db *db, stmts *q)
{
    static const char *const sql[] = {
        "SELECT id, name_zh, name_en FROM basin WHERE code = ?",
        "INSERT INTO basin(code, name_zh, name_en) VALUES (?, ?, ?)",
        "SELECT r.id, r.name_zh, r.name_en, b.code FROM river r JOIN basin b ON b.id = r.basin_id"
        " WHERE r.code = ?",
        "INSERT INTO river(code, name_zh, name_en, basin_id) VALUES (?, ?, ?, ?)",
        "SELECT 1 FROM jurisdiction WHERE code = ?",
        "SELECT id FROM section WHERE code = ?",
        "INSERT INTO section(code, name_zh, name_en, river_id, lon, lat, kind, owner, upstream,"
        " downstream, target_class, waterbody, batch_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        "UPDATE section SET name_zh = ?2, name_en = ?3, river_id = ?4, lon = ?5, lat = ?6,"
        " kind = ?7, owner = ?8, upstream = ?9, downstream = ?10, target_class = ?11,"
        " waterbody = ?12, batch_id = ?13 WHERE code = ?1",
    };
    _Static_assert(sizeof sql / sizeof sql[0] == NSTMTS, "one SQL text per statement");
    return je_db_prepare_all(db, sql, (sqlite3_stmt **)q, NSTMTS);
}

typedef struct row_ctx {
    je_batch *b;
    const int *c;
    int bad; /* errors in this row */
    int nomem;
} row_ctx;

static void reject(row_ctx *r, int col, const char *fmt, const char *a, const char *b2)
{
    je_error e;
    je_csv_error(r->b->csv, (size_t)col, &e, fmt, a, b2);
    if (je_batch_reject(r->b, &e) != JE_OK)
        r->nomem = 1;
    r->bad++;
}

static const char *F(row_ctx *r, int k)
{
    return je_csv_field(r->b->csv, (size_t)r->c[k]);
}

static int jur_exists(stmts *q, const char *code)
{
    sqlite3_bind_text(q->jur, 1, code, -1, SQLITE_STATIC);
    int found = sqlite3_step(q->jur) == SQLITE_ROW;
    sqlite3_reset(q->jur);
    return found;
}

/* Find or create basin and river; names must agree with what is stored. Returns the
 * river id, 0 after rejecting the row, -1 on a database error. */
static int64_t river_id(je_db *db, stmts *q, row_ctx *r)
{
    int64_t bid = 0, rid = 0;
    sqlite3_bind_text(q->basin_get, 1, F(r, S_BASIN), -1, SQLITE_STATIC);
    if (sqlite3_step(q->basin_get) == SQLITE_ROW) {
        bid = sqlite3_column_int64(q->basin_get, 0);
        if (strcmp((const char *)sqlite3_column_text(q->basin_get, 1), F(r, S_BASIN_ZH)) != 0 ||
            strcmp((const char *)sqlite3_column_text(q->basin_get, 2), F(r, S_BASIN_EN)) != 0)
            reject(r, S_BASIN_ZH, "basin %s exists with other names (%s)", F(r, S_BASIN),
                   (const char *)sqlite3_column_text(q->basin_get, 1));
    }
    sqlite3_reset(q->basin_get);
    if (r->bad)
        return 0;
    if (bid == 0) {
        sqlite3_bind_text(q->basin_ins, 1, F(r, S_BASIN), -1, SQLITE_STATIC);
        sqlite3_bind_text(q->basin_ins, 2, F(r, S_BASIN_ZH), -1, SQLITE_STATIC);
        sqlite3_bind_text(q->basin_ins, 3, F(r, S_BASIN_EN), -1, SQLITE_STATIC);
        int rc = sqlite3_step(q->basin_ins);
        sqlite3_reset(q->basin_ins);
        if (rc != SQLITE_DONE)
            return -1;
        bid = sqlite3_last_insert_rowid(db->db);
    }
    sqlite3_bind_text(q->river_get, 1, F(r, S_RIVER), -1, SQLITE_STATIC);
    if (sqlite3_step(q->river_get) == SQLITE_ROW) {
        rid = sqlite3_column_int64(q->river_get, 0);
        if (strcmp((const char *)sqlite3_column_text(q->river_get, 1), F(r, S_RIVER_ZH)) != 0 ||
            strcmp((const char *)sqlite3_column_text(q->river_get, 2), F(r, S_RIVER_EN)) != 0)
            reject(r, S_RIVER_ZH, "river %s exists with other names (%s)", F(r, S_RIVER),
                   (const char *)sqlite3_column_text(q->river_get, 1));
        else if (strcmp((const char *)sqlite3_column_text(q->river_get, 3), F(r, S_BASIN)) != 0)
            reject(r, S_BASIN, "river %s belongs to basin %s", F(r, S_RIVER),
                   (const char *)sqlite3_column_text(q->river_get, 3));
    }
    sqlite3_reset(q->river_get);
    if (r->bad)
        return 0;
    if (rid == 0) {
        sqlite3_bind_text(q->river_ins, 1, F(r, S_RIVER), -1, SQLITE_STATIC);
        sqlite3_bind_text(q->river_ins, 2, F(r, S_RIVER_ZH), -1, SQLITE_STATIC);
        sqlite3_bind_text(q->river_ins, 3, F(r, S_RIVER_EN), -1, SQLITE_STATIC);
        sqlite3_bind_int64(q->river_ins, 4, bid);
        int rc = sqlite3_step(q->river_ins);
        sqlite3_reset(q->river_ins);
        if (rc != SQLITE_DONE)
            return -1;
        rid = sqlite3_last_insert_rowid(db->db);
    }
    return rid;
}

/* Validate one row's fields; rejects into the report. */
static void validate_row(stmts *q, row_ctx *r, double *lon, double *lat, je_section_kind *kind,
                         je_wq_class *target, je_waterbody *wb)
{
    static const int required[] = {S_CODE,     S_NAME_ZH, S_NAME_EN,  S_RIVER,    S_RIVER_ZH,
                                   S_RIVER_EN, S_BASIN,   S_BASIN_ZH, S_BASIN_EN, S_OWNER};
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
        if (F(r, required[k])[0] == '\0')
            reject(r, required[k], "empty %s%s", s_cols[required[k]], "");
    const char *t = F(r, S_LON);
    if (je_parse_double(t, strlen(t), lon) != JE_OK || *lon < -180 || *lon > 180)
        reject(r, S_LON, "invalid longitude '%s'%s (decimal degrees, -180 to 180)", t, "");
    t = F(r, S_LAT);
    if (je_parse_double(t, strlen(t), lat) != JE_OK || *lat < -90 || *lat > 90)
        reject(r, S_LAT, "invalid latitude '%s'%s (decimal degrees, -90 to 90)", t, "");
    t = F(r, S_KIND);
    if (je_section_kind_parse(t, strlen(t), kind) != JE_OK)
        reject(r, S_KIND, "invalid kind '%s'%s (national, provincial or boundary)", t, "");
    t = F(r, S_TARGET);
    *target = JE_WQ_CLASS_NONE;
    if (t[0] &&
        (je_wq_class_parse(t, strlen(t), target) != JE_OK || *target == JE_WQ_CLASS_WORSE_V))
        reject(r, S_TARGET, "invalid target_class '%s'%s (I, II, III, IV or V)", t, "");
    t = F(r, S_WATERBODY);
    if (strcmp(t, "river") == 0 || t[0] == '\0')
        *wb = JE_WATERBODY_RIVER;
    else if (strcmp(t, "lake") == 0)
        *wb = JE_WATERBODY_LAKE;
    else
        reject(r, S_WATERBODY, "invalid waterbody '%s'%s (river or lake)", t, "");
    const char *own = F(r, S_OWNER);
    if (own[0] && !jur_exists(q, own))
        reject(r, S_OWNER, "unknown jurisdiction '%s'%s (import jurisdictions first)", own, "");
    const char *up = F(r, S_UP), *down = F(r, S_DOWN);
    int boundary = *kind == JE_SECTION_BOUNDARY;
    if (boundary && (!up[0] || !down[0]))
        reject(r, up[0] ? S_DOWN : S_UP, "a boundary section needs upstream and downstream%s%s",
               " jurisdictions", "");
    if (!boundary && (up[0] || down[0]))
        reject(r, up[0] ? S_UP : S_DOWN, "upstream/downstream are only for boundary sections%s%s",
               " (kind is not boundary)", "");
    if (up[0] && !jur_exists(q, up))
        reject(r, S_UP, "unknown jurisdiction '%s'%s", up, "");
    if (down[0] && !jur_exists(q, down))
        reject(r, S_DOWN, "unknown jurisdiction '%s'%s", down, "");
    if (up[0] && strcmp(up, down) == 0)
        reject(r, S_DOWN, "upstream and downstream are the same jurisdiction '%s'%s", up, "");
}

je_status je_import_sections(je_db *db, const char *path, const je_import_opts *opts,
                             je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "sections", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[S_NCOLS];
    stmts q;
    int prepared = prepare_all(db, &q);
    if (!prepared) {
        st = je_db_fail(db, err, "importing sections");
        goto end;
    }
    /* all but upstream/downstream are required columns */
    uint64_t required = ((1u << S_NCOLS) - 1) & ~((1u << S_UP) | (1u << S_DOWN));
    if ((st = je_batch_header(&b, s_cols, S_NCOLS, required, c, err)) != JE_OK)
        goto end;
    /* Without upstream/downstream columns those fields read as empty (c = -1 is out
       of range for je_csv_field), so a boundary row is rejected with a clear reason. */
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        row_ctx r = {&b, c, 0, 0};
        double lon = NAN, lat = NAN;
        je_section_kind kind = JE_SECTION_NATIONAL;
        je_wq_class target;
        je_waterbody wb = JE_WATERBODY_RIVER;
        validate_row(&q, &r, &lon, &lat, &kind, &target, &wb);
        int64_t rid = r.bad ? 0 : river_id(db, &q, &r);
        if (rid < 0) {
            st = je_db_fail(db, err, "importing sections");
            break;
        }
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        const char *code = F(&r, S_CODE);
        sqlite3_bind_text(q.sec_get, 1, code, -1, SQLITE_STATIC);
        int exists = sqlite3_step(q.sec_get) == SQLITE_ROW;
        sqlite3_reset(q.sec_get);
        if (exists && !b.opts->replace) {
            reject(&r, S_CODE, "section %s already exists%s (use --replace to update it)", code,
                   "");
            continue;
        }
        char *before = NULL;
        if ((st = je_record_check(&b, JE_GOV_WRITE, "section", "section", "owner", code,
                                  F(&r, S_OWNER), &before, err)) != JE_OK)
            break;
        sqlite3_stmt *w = exists ? q.sec_upd : q.sec_ins;
        sqlite3_bind_text(w, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 2, F(&r, S_NAME_ZH), -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 3, F(&r, S_NAME_EN), -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 4, rid);
        sqlite3_bind_double(w, 5, lon);
        sqlite3_bind_double(w, 6, lat);
        sqlite3_bind_text(w, 7, je_section_kind_name(kind), -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 8, F(&r, S_OWNER), -1, SQLITE_STATIC);
        if (kind == JE_SECTION_BOUNDARY) {
            sqlite3_bind_text(w, 9, F(&r, S_UP), -1, SQLITE_STATIC);
            sqlite3_bind_text(w, 10, F(&r, S_DOWN), -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_null(w, 9);
            sqlite3_bind_null(w, 10);
        }
        if (target == JE_WQ_CLASS_NONE)
            sqlite3_bind_null(w, 11);
        else
            sqlite3_bind_int(w, 11, (int)target);
        sqlite3_bind_text(w, 12, wb == JE_WATERBODY_LAKE ? "lake" : "river", -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 13, b.id);
        int rc = sqlite3_step(w);
        sqlite3_reset(w);
        if (rc != SQLITE_DONE) {
            free(before);
            st = je_db_fail(db, err, "importing sections");
            break;
        }
        if ((st = je_record_log(&b, "section", code, F(&r, S_OWNER), before, err)) != JE_OK)
            break;
        if (exists)
            rep->updated++;
        else
            rep->inserted++;
    }
end:
    stmts_free(&q);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ------------------------------------------------------------------------- */
/* Queries                                                                    */

typedef struct strpool {
    char **v;
    size_t n, cap;
} strpool;

static const char *pool_dup(strpool *p, const unsigned char *s)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        char **v = realloc(p->v, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        p->v = v;
        p->cap = cap;
    }
    const char *src = s ? (const char *)s : "";
    size_t n = strlen(src);
    char *d = malloc(n + 1);
    if (d == NULL)
        return NULL;
    memcpy(d, src, n + 1);
    p->v[p->n++] = d;
    return d;
}

void je_section_list_free(je_section_list *l)
{
    if (l == NULL)
        return;
    strpool *p = l->priv_;
    if (p) {
        for (size_t i = 0; i < p->n; i++)
            free(p->v[i]);
        free(p->v);
        free(p);
    }
    free(l->items);
    free(l->utc_offset_s);
    free(l->id);
    memset(l, 0, sizeof *l);
}

je_status je_store_sections(je_db *db, const je_section_filter *f, je_section_list *out,
                            je_error *err)
{
    memset(out, 0, sizeof *out);
    static const char sql[] =
        "SELECT s.id, s.code, s.name_zh, s.name_en, r.code, r.name_zh, r.name_en, b.code,"
        " b.name_zh, b.name_en, s.owner, coalesce(s.upstream, ''), coalesce(s.downstream, ''),"
        " s.lon, s.lat, s.kind, s.waterbody, coalesce(s.target_class, 0), j.utc_offset_s"
        " FROM section s JOIN river r ON r.id = s.river_id JOIN basin b ON b.id = r.basin_id"
        " JOIN jurisdiction j ON j.code = s.owner"
        " WHERE (?1 IS NULL OR s.code = ?1)"
        "   AND (?2 IS NULL OR r.code = ?2 OR r.name_zh = ?2 OR lower(r.name_en) = lower(?2))"
        "   AND (?3 IS NULL OR s.owner = ?3 OR s.upstream = ?3 OR s.downstream = ?3)"
        "   AND (?4 = 0 OR s.kind = 'boundary')"
        "   AND (s.public = 1 OR ?5 = 1 OR instr(?6, ',' || s.owner || ',') > 0)"
        " ORDER BY b.code, r.code, s.code";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing sections");
    if (f && f->section)
        sqlite3_bind_text(s, 1, f->section, -1, SQLITE_STATIC);
    if (f && f->river)
        sqlite3_bind_text(s, 2, f->river, -1, SQLITE_STATIC);
    if (f && f->jurisdiction)
        sqlite3_bind_text(s, 3, f->jurisdiction, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, f && f->boundary_only ? 1 : 0);
    int all; /* non-public sections: only for those who may read them (governance.h) */
    char readable[JE_GOV_MAX_GRANTS * 8 + 2];
    je_db_readable(db, &all, readable, sizeof readable);
    sqlite3_bind_int(s, 5, all);
    sqlite3_bind_text(s, 6, readable, -1, SQLITE_TRANSIENT);
    strpool *pool = calloc(1, sizeof *pool);
    out->priv_ = pool;
    size_t cap = 0;
    int rc;
    je_status st = JE_OK;
    while (pool && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            je_section *it = realloc(out->items, cap * sizeof *it);
            int32_t *off = it ? realloc(out->utc_offset_s, cap * sizeof *off) : NULL;
            if (it)
                out->items = it;
            if (off)
                out->utc_offset_s = off;
            int64_t *ids = off ? realloc(out->id, cap * sizeof *ids) : NULL;
            if (ids)
                out->id = ids;
            if (!it || !off || !ids) {
                st = JE_ENOMEM;
                break;
            }
        }
        je_section *x = &out->items[out->n];
        const char **str[] = {&x->code,     &x->name_zh,  &x->name_en,    &x->river_code,
                              &x->river_zh, &x->river_en, &x->basin_code, &x->basin_zh,
                              &x->basin_en, &x->owner,    &x->upstream,   &x->downstream};
        for (int k = 0; k < 12; k++)
            if ((*str[k] = pool_dup(pool, sqlite3_column_text(s, k + 1))) == NULL)
                st = JE_ENOMEM;
        if (st != JE_OK)
            break;
        x->lon = sqlite3_column_double(s, 13);
        x->lat = sqlite3_column_double(s, 14);
        const char *kind = (const char *)sqlite3_column_text(s, 15);
        je_section_kind_parse(kind, strlen(kind), &x->kind);
        x->waterbody = strcmp((const char *)sqlite3_column_text(s, 16), "lake") == 0
                           ? JE_WATERBODY_LAKE
                           : JE_WATERBODY_RIVER;
        x->target = (je_wq_class)sqlite3_column_int(s, 17);
        out->utc_offset_s[out->n] = sqlite3_column_int(s, 18);
        out->id[out->n] = sqlite3_column_int64(s, 0);
        out->n++;
    }
    sqlite3_finalize(s);
    if (pool == NULL || st == JE_ENOMEM) {
        je_section_list_free(out);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    return JE_OK;
}
