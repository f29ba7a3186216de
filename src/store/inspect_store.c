/*
 * inspect_store.c — the outfall registry and the inspector pools: imports (per-record
 * permission and audit through je_record_check / je_record_log) and queries.
 * Draws: inspect_draw.c; inspections, cases and patrols: inspect_case.c.
 */
#include "store/inspect_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared checks ---------------------------------------------------------- */

static int is_district(const char *s)
{
    if (strlen(s) != 6)
        return 0;
    for (int i = 0; i < 6; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static void check_text(je_row *r, int col, size_t lo, size_t hi)
{
    if (r->c[col] < 0)
        return;
    size_t len = strlen(je_row_field(r, col));
    if (len < lo)
        je_row_reject(r, col, "empty %s", r->cols[col]);
    else if (len > hi)
        je_row_reject(r, col, "%s too long (%zu bytes; at most %zu)", r->cols[col], len, hi);
}

/* A lookup statement that must find field `col` (skipped when empty). */
static int lookup(sqlite3_stmt *s, const char *v)
{
    sqlite3_bind_text(s, 1, v, -1, SQLITE_STATIC);
    int found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    return found;
}

static void check_district(je_row *r, int col)
{
    const char *d = je_row_field(r, col);
    if (!is_district(d))
        je_row_reject(r, col,
                      "invalid district '%s' (a six-digit GB/T 2260 county-level code such as "
                      "500116)",
                      d);
}

static int check_flag(je_row *r, int col)
{
    const char *t = je_row_field(r, col);
    if (r->c[col] < 0 || t[0] == '\0')
        return 1;
    if (strcmp(t, "0") != 0 && strcmp(t, "1") != 0) {
        je_row_reject(r, col, "invalid %s '%s' (1 or 0)", r->cols[col], t);
        return 1;
    }
    return t[0] == '1';
}

/* ---- outfalls ---------------------------------------------------------------- */

enum {
    O_CODE,
    O_NAME_ZH,
    O_NAME_EN,
    O_TYPE,
    O_JUR,
    O_DIST,
    O_ENT,
    O_TOWN,
    O_RIVER,
    O_REACH,
    O_LON,
    O_LAT,
    O_PERMIT,
    O_RISK,
    O_ACTIVE,
    O_NCOLS
};
static const char *const o_cols[O_NCOLS] = {
    "code",  "name_zh", "name_en", "type", "jurisdiction", "district", "enterprise", "town",
    "river", "reach",   "lon",     "lat",  "permit",       "risk",     "active"};

enum { QO_JUR, QO_GET, QO_INS, QO_UPD, QO_RIVER, QO_REACH, QO_N };
static const char *const outfall_sql[QO_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM outfall WHERE code = ?",
    "INSERT INTO outfall(code, name_zh, name_en, type, owner, district, enterprise, town, river,"
    " reach, lon, lat, permit, risk, active, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    "UPDATE outfall SET name_zh = ?2, name_en = ?3, type = ?4, owner = ?5, district = ?6,"
    " enterprise = ?7, town = ?8, river = ?9, reach = ?10, lon = ?11, lat = ?12, permit = ?13,"
    " risk = ?14, active = ?15, batch_id = ?16 WHERE code = ?1",
    "SELECT 1 FROM river WHERE code = ?1 UNION ALL SELECT 1 FROM river_reach WHERE river_code = ?1",
    "SELECT river_code FROM river_reach WHERE code = ?",
};

typedef struct outfall_vals {
    double lon, lat, risk;
    int active;
} outfall_vals;

static double num_in(je_row *r, int col, double lo, double hi, const char *what)
{
    const char *t = je_row_field(r, col);
    double x;
    if (je_parse_double(t, strlen(t), &x) != JE_OK || isnan(x) || x < lo || x > hi) {
        je_row_reject(r, col, "invalid %s '%s' (%s, %g to %g)", r->cols[col], t, what, lo, hi);
        return NAN;
    }
    return x;
}

static void validate_outfall(sqlite3_stmt **q, je_row *r, outfall_vals *x)
{
    check_text(r, O_CODE, 1, 31);
    check_text(r, O_NAME_ZH, 1, 95);
    check_text(r, O_NAME_EN, 0, 127);
    check_text(r, O_ENT, 0, 31);
    check_text(r, O_TOWN, 0, 63);
    check_text(r, O_PERMIT, 0, 47);
    je_outfall_type t;
    je_error e;
    if (je_outfall_type_parse(je_row_field(r, O_TYPE), &t, &e) != JE_OK)
        je_row_reject(r, O_TYPE, "%s", e.message);
    const char *j = je_row_field(r, O_JUR);
    if (!lookup(q[QO_JUR], j))
        je_row_reject(r, O_JUR, "unknown jurisdiction '%s' (import jurisdictions first)", j);
    check_district(r, O_DIST);
    const char *ent = je_row_field(r, O_ENT), *town = je_row_field(r, O_TOWN);
    if (ent[0] == '\0' && town[0] == '\0')
        je_row_reject(r, O_ENT,
                      "no owner: give the enterprise (unified social credit code) or the "
                      "responsible town");
    const char *river = je_row_field(r, O_RIVER), *reach = je_row_field(r, O_REACH);
    if (river[0] && !lookup(q[QO_RIVER], river))
        je_row_reject(r, O_RIVER, "unknown river '%s' (import sections or the river network first)",
                      river);
    if (reach[0]) {
        sqlite3_bind_text(q[QO_REACH], 1, reach, -1, SQLITE_STATIC);
        if (sqlite3_step(q[QO_REACH]) != SQLITE_ROW)
            je_row_reject(r, O_REACH,
                          "unknown reach '%s' (import reaches first, or leave it empty)", reach);
        else if (river[0] == '\0' ||
                 strcmp((const char *)sqlite3_column_text(q[QO_REACH], 0), river) != 0)
            je_row_reject(r, O_REACH, "reach '%s' lies on river %s, not on '%s'", reach,
                          (const char *)sqlite3_column_text(q[QO_REACH], 0), river);
        sqlite3_reset(q[QO_REACH]);
    }
    x->lon = num_in(r, O_LON, -180, 180, "decimal degrees");
    x->lat = num_in(r, O_LAT, -90, 90, "decimal degrees");
    x->risk = num_in(r, O_RISK, 0, 100, "risk score");
    x->active = check_flag(r, O_ACTIVE);
}

/* Bind the outfall's fields to the INSERT or UPDATE w (je_record_put runs it). */
static void bind_outfall(sqlite3_stmt *w, je_row *r, const outfall_vals *x)
{
    static const int text[] = {O_CODE, O_NAME_ZH, O_NAME_EN, O_TYPE,  O_JUR,
                               O_DIST, O_ENT,     O_TOWN,    O_RIVER, O_REACH};
    for (int k = 0; k < 10; k++)
        sqlite3_bind_text(w, k + 1, je_row_field(r, text[k]), -1, SQLITE_STATIC);
    sqlite3_bind_double(w, 11, x->lon);
    sqlite3_bind_double(w, 12, x->lat);
    sqlite3_bind_text(w, 13, je_row_field(r, O_PERMIT), -1, SQLITE_STATIC);
    sqlite3_bind_double(w, 14, x->risk);
    sqlite3_bind_int(w, 15, x->active);
    sqlite3_bind_int64(w, 16, r->b->id);
}

je_status je_import_outfalls(je_db *db, const char *path, const je_import_opts *opts,
                             je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "outfalls", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[O_NCOLS];
    sqlite3_stmt *q[QO_N];
    if (!je_db_prepare_all(db, outfall_sql, q, QO_N)) {
        st = je_db_fail(db, err, "importing outfalls");
        goto end;
    }
    /* every column but active is required */
    if ((st = je_batch_header(&b, o_cols, O_NCOLS, (1u << O_ACTIVE) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, o_cols, 0, 0};
        outfall_vals x;
        validate_outfall(q, &r, &x);
        int exists = r.bad ? 0 : je_row_exists(q[QO_GET], &r, O_CODE, "outfall");
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        sqlite3_stmt *w = q[exists ? QO_UPD : QO_INS];
        bind_outfall(w, &r, &x);
        if ((st = je_record_put(&b, w, exists, "outfall", "outfall", "owner",
                                je_row_field(&r, O_CODE), je_row_field(&r, O_JUR),
                                "importing outfalls", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, QO_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

#define OUTFALL_SELECT                                                                             \
    "SELECT o.code, o.name_zh, o.name_en, o.type, o.owner, o.district, o.enterprise, o.town,"      \
    " o.river, o.reach, o.lon, o.lat, o.permit, o.risk, o.active,"                                 \
    " (SELECT max(i.day) FROM inspection i WHERE i.outfall = o.code) FROM outfall o"

static void read_outfall(sqlite3_stmt *s, void *rec)
{
    je_outfall *o = rec;
    je_db_copy_text(o->code, sizeof o->code, s, 0);
    je_db_copy_text(o->name_zh, sizeof o->name_zh, s, 1);
    je_db_copy_text(o->name_en, sizeof o->name_en, s, 2);
    je_outfall_type_parse((const char *)sqlite3_column_text(s, 3), &o->type, NULL);
    je_db_copy_text(o->jurisdiction, sizeof o->jurisdiction, s, 4);
    je_db_copy_text(o->district, sizeof o->district, s, 5);
    je_db_copy_text(o->enterprise, sizeof o->enterprise, s, 6);
    je_db_copy_text(o->town, sizeof o->town, s, 7);
    je_db_copy_text(o->river, sizeof o->river, s, 8);
    je_db_copy_text(o->reach, sizeof o->reach, s, 9);
    o->lon = sqlite3_column_double(s, 10);
    o->lat = sqlite3_column_double(s, 11);
    je_db_copy_text(o->permit, sizeof o->permit, s, 12);
    o->risk = sqlite3_column_double(s, 13);
    o->active = sqlite3_column_int(s, 14);
    o->last_inspected_day =
        sqlite3_column_type(s, 15) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 15);
}

je_status je_store_outfalls(je_db *db, const char *jurisdiction, const char *river,
                            je_outfall **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           OUTFALL_SELECT " WHERE (?1 IS NULL OR o.owner = ?1)"
                                          " AND (?2 IS NULL OR o.river = ?2) ORDER BY o.code",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing outfalls");
    sqlite3_bind_text(s, 1, jurisdiction, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, river, -1, SQLITE_STATIC);
    void *v;
    je_status st =
        je_db_collect(db, s, sizeof(je_outfall), read_outfall, "listing outfalls", &v, out_n, err);
    *out = v;
    return st;
}

/* ---- inspectors ---------------------------------------------------------------- */

enum { I_CODE, I_NAME, I_JUR, I_DIST, I_ACTIVE, I_USER, I_NCOLS };
static const char *const i_cols[I_NCOLS] = {"code",     "name",   "jurisdiction",
                                            "district", "active", "user"};
enum { QI_JUR, QI_GET, QI_INS, QI_UPD, QI_USER, QI_N };
static const char *const inspector_sql[QI_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM inspector WHERE code = ?",
    "INSERT INTO inspector(code, name, owner, district, active, user_name, batch_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "UPDATE inspector SET name = ?2, owner = ?3, district = ?4, active = ?5, user_name = ?6,"
    " batch_id = ?7 WHERE code = ?1",
    "SELECT 1 FROM app_user WHERE name = ?",
};

/* Bind the inspector's fields to the INSERT or UPDATE w (je_record_put runs it). */
static void bind_inspector(sqlite3_stmt *w, je_row *r, int active)
{
    static const int text[] = {I_CODE, I_NAME, I_JUR, I_DIST};
    for (int k = 0; k < 4; k++)
        sqlite3_bind_text(w, k + 1, je_row_field(r, text[k]), -1, SQLITE_STATIC);
    sqlite3_bind_int(w, 5, active);
    sqlite3_bind_text(w, 6, je_row_field(r, I_USER), -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 7, r->b->id);
}

je_status je_import_inspectors(je_db *db, const char *path, const je_import_opts *opts,
                               je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "inspectors", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[I_NCOLS];
    sqlite3_stmt *q[QI_N];
    if (!je_db_prepare_all(db, inspector_sql, q, QI_N)) {
        st = je_db_fail(db, err, "importing inspectors");
        goto end;
    }
    if ((st = je_batch_header(&b, i_cols, I_NCOLS, (1u << I_USER) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, i_cols, 0, 0};
        check_text(&r, I_CODE, 1, 31);
        check_text(&r, I_NAME, 1, 63);
        check_text(&r, I_USER, 0, 63);
        const char *j = je_row_field(&r, I_JUR), *user = je_row_field(&r, I_USER);
        if (!lookup(q[QI_JUR], j))
            je_row_reject(&r, I_JUR, "unknown jurisdiction '%s' (import jurisdictions first)", j);
        check_district(&r, I_DIST);
        if (r.c[I_ACTIVE] >= 0 && je_row_field(&r, I_ACTIVE)[0] == '\0')
            je_row_reject(&r, I_ACTIVE, "empty active (1 or 0)");
        int active = check_flag(&r, I_ACTIVE);
        if (user[0] && !lookup(q[QI_USER], user))
            je_row_reject(&r, I_USER,
                          "unknown user '%s' (add it with jointenv user add, or "
                          "leave user empty)",
                          user);
        int exists = r.bad ? 0 : je_row_exists(q[QI_GET], &r, I_CODE, "inspector");
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        sqlite3_stmt *w = q[exists ? QI_UPD : QI_INS];
        bind_inspector(w, &r, active);
        if ((st = je_record_put(&b, w, exists, "inspector", "inspector", "owner",
                                je_row_field(&r, I_CODE), j, "importing inspectors", err)) !=
            JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, QI_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

static void read_inspector(sqlite3_stmt *s, void *rec)
{
    je_inspector *x = rec;
    je_db_copy_text(x->code, sizeof x->code, s, 0);
    je_db_copy_text(x->name, sizeof x->name, s, 1);
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 2);
    je_db_copy_text(x->district, sizeof x->district, s, 3);
    x->active = sqlite3_column_int(s, 4);
    je_db_copy_text(x->user, sizeof x->user, s, 5);
}

je_status je_inspect_load_inspectors(je_db *db, const char *jurisdiction, int check_read,
                                     je_inspector **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    int all;
    char list[512];
    je_db_readable(db, &all, list, sizeof list);
    if (!check_read)
        all = 1;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT code, name, owner, district, active, user_name FROM inspector"
                           " WHERE (?1 IS NULL OR owner = ?1)"
                           " AND (?2 = 1 OR instr(?3, ',' || owner || ',') > 0) ORDER BY code",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing inspectors");
    sqlite3_bind_text(s, 1, jurisdiction, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, all);
    sqlite3_bind_text(s, 3, list, -1, SQLITE_TRANSIENT);
    void *v;
    je_status st = je_db_collect(db, s, sizeof(je_inspector), read_inspector, "listing inspectors",
                                 &v, out_n, err);
    *out = v;
    return st;
}

je_status je_store_inspectors(je_db *db, const char *jurisdiction, je_inspector **out,
                              size_t *out_n, je_error *err)
{
    if (db->who.user[0] == '\0' && !db->who.local_admin)
        return je_error_set(err, JE_EPERM,
                            "anonymous users may not list inspectors (log in with --user NAME "
                            "or JOINTENV_TOKEN)");
    return je_inspect_load_inspectors(db, jurisdiction, 1, out, out_n, err);
}
