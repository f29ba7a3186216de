/*
 * river_import.c — imports of the river network's nodes, monthly reach conditions,
 * section locations, loads, load values and headwater concentrations (the reaches
 * themselves are in river_reach.c). Each follows the frame of batch.c: one
 * transaction, every bad row reported, all or nothing.
 */
#include "store/river_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const je_rv_item_code[RV_NITEMS] = {"cod", "codmn", "nh3n", "tp", "bod5", "do"};
const je_wq_item je_rv_item[RV_NITEMS] = {JE_WQ_COD, JE_WQ_CODMN, JE_WQ_NH3N,
                                          JE_WQ_TP,  JE_WQ_BOD5,  JE_WQ_DO};

int je_rv_month_ok(const char *s)
{
    if (strlen(s) != 7 || s[4] != '-')
        return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    return m >= 1 && m <= 12;
}

je_status je_rv_reject_at(je_batch *b, long line, const char *field, const char *fmt, ...)
{
    je_error e;
    char msg[JE_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    je_error_set_at(&e, JE_EDATA, b->path, line, 0, field, "%s", msg);
    return je_batch_reject(b, &e);
}

/* A number of field `f` in [lo, hi] into *out. Empty: NAN when optional, else an
 * error. 1 when usable. */
static int num(je_row *r, int f, double lo, double hi, int optional, const char *unit, double *out)
{
    const char *t = je_row_field(r, f);
    *out = NAN;
    if (t[0] == '\0') {
        if (optional)
            return 1;
        je_row_reject(r, f, "empty %s", r->cols[f]);
        return 0;
    }
    double x;
    if (je_parse_double(t, strlen(t), &x) != JE_OK || x < lo || x > hi) {
        je_row_reject(r, f, "invalid %s '%s' (%s, %g to %g)", r->cols[f], t, unit, lo, hi);
        return 0;
    }
    *out = x;
    return 1;
}

static void need_text(je_row *r, const int *fields, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (je_row_field(r, fields[k])[0] == '\0')
            je_row_reject(r, fields[k], "empty %s", r->cols[fields[k]]);
}

/* The id of the record whose code is field f (by `get`, ?1 = code; column 0 = id),
 * 0 after rejecting the row as unknown. */
static int64_t lookup(sqlite3_stmt *get, je_row *r, int f, const char *what, const char *hint)
{
    const char *code = je_row_field(r, f);
    if (code[0] == '\0')
        return 0;
    sqlite3_bind_text(get, 1, code, -1, SQLITE_STATIC);
    int64_t id = 0;
    if (sqlite3_step(get) == SQLITE_ROW)
        id = sqlite3_column_int64(get, 0);
    sqlite3_reset(get);
    if (id == 0)
        je_row_reject(r, f, "unknown %s '%s'%s", what, code, hint);
    return id;
}

/* Whether a key (bound by the caller) exists, with the duplicate-in-file and
 * --replace rules of je_row_exists: 1 exists (update), 0 new, -1 rejected. */
static int key_exists(sqlite3_stmt *get, je_row *r, int f, const char *what)
{
    int exists = 0;
    int64_t batch = 0;
    if (sqlite3_step(get) == SQLITE_ROW) {
        exists = 1;
        batch = sqlite3_column_int64(get, 0);
    }
    sqlite3_reset(get);
    if (exists && batch == r->b->id) {
        je_row_reject(r, f, "%s appears twice in this file", what);
        return -1;
    }
    if (exists && !r->b->opts->replace) {
        je_row_reject(r, f, "%s already exists (use --replace to update it)", what);
        return -1;
    }
    return exists;
}

static je_status step_write(je_db *db, sqlite3_stmt *w, je_import_report *rep, int exists,
                            const char *what, je_error *err)
{
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    sqlite3_clear_bindings(w);
    if (rc != SQLITE_DONE)
        return je_db_fail(db, err, what);
    if (exists)
        rep->updated++;
    else
        rep->inserted++;
    return JE_OK;
}

static void bind_num(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_double(s, i, v);
}

/* ---- nodes ---------------------------------------------------------------- */

enum { N_CODE, N_NAME_ZH, N_NAME_EN, N_LON, N_LAT, N_OWNER, N_NCOLS };
static const char *const n_cols[N_NCOLS] = {"code", "name_zh", "name_en", "lon", "lat", "owner"};
enum { QN_JUR, QN_GET, QN_INS, QN_UPD, QN_N };
static const char *const node_sql[QN_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM river_node WHERE code = ?",
    "INSERT INTO river_node(code, name_zh, name_en, lon, lat, owner, batch_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "UPDATE river_node SET name_zh = ?2, name_en = ?3, lon = ?4, lat = ?5, owner = ?6,"
    " batch_id = ?7 WHERE code = ?1",
};

static void check_jur(sqlite3_stmt *jur, je_row *r, int f)
{
    const char *code = je_row_field(r, f);
    if (code[0] == '\0')
        return;
    sqlite3_bind_text(jur, 1, code, -1, SQLITE_STATIC);
    int found = sqlite3_step(jur) == SQLITE_ROW;
    sqlite3_reset(jur);
    if (!found)
        je_row_reject(r, f, "unknown jurisdiction '%s' (import jurisdictions first)", code);
}

je_status je_import_river_nodes(je_db *db, const char *path, const je_import_opts *opts,
                                je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "river-nodes", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[N_NCOLS];
    sqlite3_stmt *q[QN_N];
    if (!je_db_prepare_all(db, node_sql, q, QN_N)) {
        st = je_db_fail(db, err, "importing river nodes");
        goto end;
    }
    if ((st = je_batch_header(&b, n_cols, N_NCOLS, (1u << N_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, n_cols, 0, 0};
        static const int text[] = {N_CODE, N_NAME_ZH, N_NAME_EN, N_OWNER};
        need_text(&r, text, 4);
        double lon, lat;
        num(&r, N_LON, -180, 180, 0, "decimal degrees", &lon);
        num(&r, N_LAT, -90, 90, 0, "decimal degrees", &lat);
        check_jur(q[QN_JUR], &r, N_OWNER);
        int exists = r.bad ? 0 : je_row_exists(q[QN_GET], &r, N_CODE, "node");
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        sqlite3_stmt *w = q[exists ? QN_UPD : QN_INS];
        for (int k = N_CODE; k <= N_NAME_EN; k++)
            sqlite3_bind_text(w, k + 1, je_row_field(&r, k), -1, SQLITE_STATIC);
        sqlite3_bind_double(w, 4, lon);
        sqlite3_bind_double(w, 5, lat);
        sqlite3_bind_text(w, 6, je_row_field(&r, N_OWNER), -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 7, b.id);
        /* a registry record: its owner's analysts write it, each change audited */
        if ((st = je_record_put(&b, w, exists, "river_node", "river node", "owner",
                                je_row_field(&r, N_CODE), je_row_field(&r, N_OWNER),
                                "importing river nodes", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, QN_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- reach conditions ----------------------------------------------------- */

enum { C_REACH, C_MONTH, C_FLOW, C_TEMP, C_NCOLS };
static const char *const c_cols[C_NCOLS] = {"reach", "month", "flow_m3_s", "temp_c"};
enum { QC_REACH, QC_GET, QC_INS, QC_UPD, QC_N };
static const char *const cond_sql[QC_N] = {
    "SELECT id FROM river_reach WHERE code = ?",
    "SELECT batch_id FROM reach_condition WHERE reach_id = ?1 AND month = ?2",
    "INSERT INTO reach_condition(reach_id, month, flow_m3_s, temp_c, batch_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
    "UPDATE reach_condition SET flow_m3_s = ?3, temp_c = ?4, batch_id = ?5"
    " WHERE reach_id = ?1 AND month = ?2",
};

/* Flow ceiling: the Yangtze's largest recorded flood is about 110 000 m³/s. */
#define FLOW_MAX_M3_S 200000.0

static int check_month(je_row *r, int f, int allow_empty)
{
    const char *m = je_row_field(r, f);
    if ((allow_empty && m[0] == '\0') || je_rv_month_ok(m))
        return 1;
    je_row_reject(r, f, "invalid month '%s' (YYYY-MM%s)", m, allow_empty ? ", or empty" : "");
    return 0;
}

je_status je_import_reach_conditions(je_db *db, const char *path, const je_import_opts *opts,
                                     je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "reach-conditions", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[C_NCOLS];
    sqlite3_stmt *q[QC_N];
    if (!je_db_prepare_all(db, cond_sql, q, QC_N)) {
        st = je_db_fail(db, err, "importing reach conditions");
        goto end;
    }
    if ((st = je_batch_header(&b, c_cols, C_NCOLS, (1u << C_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, c_cols, 0, 0};
        static const int text[] = {C_REACH};
        need_text(&r, text, 1);
        int64_t reach = lookup(q[QC_REACH], &r, C_REACH, "reach", " (import reaches first)");
        check_month(&r, C_MONTH, 0);
        double flow, temp;
        num(&r, C_FLOW, 0, FLOW_MAX_M3_S, 0, "m3/s", &flow);
        /* the range the model runs on (river.c: -1 to 50 C): a month that imports must
           also run */
        num(&r, C_TEMP, -1, 50, 0, "degrees C", &temp);
        int exists = 0;
        if (!r.bad) {
            sqlite3_bind_int64(q[QC_GET], 1, reach);
            sqlite3_bind_text(q[QC_GET], 2, je_row_field(&r, C_MONTH), -1, SQLITE_STATIC);
            exists = key_exists(q[QC_GET], &r, C_MONTH, "this reach and month");
        }
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        /* the reach's owner writes its conditions */
        if ((st = je_owner_check(&b, "river_reach", "owner", "reach", je_row_field(&r, C_REACH),
                                 err)) != JE_OK)
            break;
        sqlite3_stmt *w = q[exists ? QC_UPD : QC_INS];
        sqlite3_bind_int64(w, 1, reach);
        sqlite3_bind_text(w, 2, je_row_field(&r, C_MONTH), -1, SQLITE_STATIC);
        sqlite3_bind_double(w, 3, flow);
        sqlite3_bind_double(w, 4, temp);
        sqlite3_bind_int64(w, 5, b.id);
        if ((st = step_write(db, w, rep, exists, "importing reach conditions", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, QC_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- section locations ---------------------------------------------------- */

enum { L_SECTION, L_REACH, L_KM, L_NCOLS };
static const char *const l_cols[L_NCOLS] = {"section", "reach", "km"};
enum { QL_SECTION, QL_REACH, QL_GET, QL_INS, QL_UPD, QL_N };
static const char *const loc_sql[QL_N] = {
    "SELECT id FROM section WHERE code = ?",
    "SELECT id, length_km, kind FROM river_reach WHERE code = ?",
    "SELECT batch_id FROM section_location WHERE section_id = ?",
    "INSERT INTO section_location(section_id, reach_id, km, batch_id) VALUES (?1, ?2, ?3, ?4)",
    "UPDATE section_location SET reach_id = ?2, km = ?3, batch_id = ?4 WHERE section_id = ?1",
};

/* The reach of field f: its id and length (0 after rejecting the row). Sections and
 * point loads lie on river reaches or diversions, not on withdrawals. */
static int64_t reach_of(sqlite3_stmt *get, je_row *r, int f, double *len_km, const char *what)
{
    const char *code = je_row_field(r, f);
    if (code[0] == '\0')
        return 0;
    sqlite3_bind_text(get, 1, code, -1, SQLITE_STATIC);
    int64_t id = 0;
    int withdrawal = 0;
    if (sqlite3_step(get) == SQLITE_ROW) {
        id = sqlite3_column_int64(get, 0);
        *len_km = sqlite3_column_double(get, 1);
        withdrawal = strcmp((const char *)sqlite3_column_text(get, 2), "withdrawal") == 0;
    }
    sqlite3_reset(get);
    if (id == 0)
        je_row_reject(r, f, "unknown reach '%s' (import reaches first)", code);
    else if (withdrawal) {
        je_row_reject(r, f, "reach '%s' is a withdrawal: a %s lies on a river reach or diversion",
                      code, what);
        id = 0;
    }
    return id;
}

/* km of field f within [0, len_km] of reach field rf. */
static void check_km(je_row *r, int f, int rf, double len_km, int known, double *km)
{
    if (!num(r, f, 0, 1e5, 0, "km from the reach's upstream end", km) || !known)
        return;
    if (*km > len_km * (1 + 1e-9))
        je_row_reject(r, f, "km %g is beyond the end of reach %s (%g km long)", *km,
                      je_row_field(r, rf), len_km);
}

je_status je_import_river_sections(je_db *db, const char *path, const je_import_opts *opts,
                                   je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "river-sections", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[L_NCOLS];
    sqlite3_stmt *q[QL_N];
    if (!je_db_prepare_all(db, loc_sql, q, QL_N)) {
        st = je_db_fail(db, err, "importing section locations");
        goto end;
    }
    if ((st = je_batch_header(&b, l_cols, L_NCOLS, (1u << L_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, l_cols, 0, 0};
        static const int text[] = {L_SECTION, L_REACH};
        need_text(&r, text, 2);
        int64_t sec = lookup(q[QL_SECTION], &r, L_SECTION, "section", " (import sections first)");
        double len = 0, km;
        int64_t reach = reach_of(q[QL_REACH], &r, L_REACH, &len, "section");
        check_km(&r, L_KM, L_REACH, len, reach != 0, &km);
        int exists = 0;
        if (!r.bad) {
            sqlite3_bind_int64(q[QL_GET], 1, sec);
            exists = key_exists(q[QL_GET], &r, L_SECTION, "the location of this section");
        }
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        /* where a section lies is the section's owner's to say */
        if ((st = je_owner_check(&b, "section", "owner", "section", je_row_field(&r, L_SECTION),
                                 err)) != JE_OK)
            break;
        sqlite3_stmt *w = q[exists ? QL_UPD : QL_INS];
        sqlite3_bind_int64(w, 1, sec);
        sqlite3_bind_int64(w, 2, reach);
        sqlite3_bind_double(w, 3, km);
        sqlite3_bind_int64(w, 4, b.id);
        if ((st = step_write(db, w, rep, exists, "importing section locations", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, QL_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- loads ---------------------------------------------------------------- */

enum { D_CODE, D_NAME_ZH, D_NAME_EN, D_KIND, D_OWNER, D_REACH, D_KM, D_NCOLS };
static const char *const d_cols[D_NCOLS] = {"code",  "name_zh", "name_en", "kind",
                                            "owner", "reach",   "km"};
enum { QD_JUR, QD_REACH, QD_GET, QD_INS, QD_UPD, QD_N };
static const char *const load_sql[QD_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT id, length_km, kind FROM river_reach WHERE code = ?",
    "SELECT batch_id FROM river_load WHERE code = ?",
    "INSERT INTO river_load(code, name_zh, name_en, kind, owner, reach_id, km, batch_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "UPDATE river_load SET name_zh = ?2, name_en = ?3, kind = ?4, owner = ?5, reach_id = ?6,"
    " km = ?7, batch_id = ?8 WHERE code = ?1",
};

je_status je_import_river_loads(je_db *db, const char *path, const je_import_opts *opts,
                                je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "river-loads", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[D_NCOLS];
    sqlite3_stmt *q[QD_N];
    if (!je_db_prepare_all(db, load_sql, q, QD_N)) {
        st = je_db_fail(db, err, "importing loads");
        goto end;
    }
    if ((st = je_batch_header(&b, d_cols, D_NCOLS, (1u << D_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, d_cols, 0, 0};
        static const int text[] = {D_CODE, D_NAME_ZH, D_NAME_EN, D_OWNER, D_REACH};
        need_text(&r, text, 5);
        check_jur(q[QD_JUR], &r, D_OWNER);
        const char *kind = je_row_field(&r, D_KIND);
        int diffuse = strcmp(kind, "diffuse") == 0;
        if (!diffuse && strcmp(kind, "outfall") != 0 && strcmp(kind, "wwtp") != 0 &&
            strcmp(kind, "tributary") != 0)
            je_row_reject(&r, D_KIND, "invalid kind '%s' (outfall, wwtp, tributary or diffuse)",
                          kind);
        double len = 0, km = NAN;
        int64_t reach = reach_of(q[QD_REACH], &r, D_REACH, &len, "load");
        if (diffuse && je_row_field(&r, D_KM)[0] != '\0')
            je_row_reject(&r, D_KM, "a diffuse load is spread along its reach: leave km empty");
        else if (!diffuse)
            check_km(&r, D_KM, D_REACH, len, reach != 0, &km);
        int exists = r.bad ? 0 : je_row_exists(q[QD_GET], &r, D_CODE, "load");
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        sqlite3_stmt *w = q[exists ? QD_UPD : QD_INS];
        for (int k = D_CODE; k <= D_OWNER; k++)
            sqlite3_bind_text(w, k + 1, je_row_field(&r, k), -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 6, reach);
        bind_num(w, 7, km);
        sqlite3_bind_int64(w, 8, b.id);
        if ((st = je_record_put(&b, w, exists, "river_load", "load", "owner",
                                je_row_field(&r, D_CODE), je_row_field(&r, D_OWNER),
                                "importing loads", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, QD_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- load values and headwaters ------------------------------------------- */

/* Concentration ceilings (mg/L): raw sewage is COD ~ 400-1 000, NH3-N ~ 30-60,
 * TP ~ 5-10; these accept industrial effluents and reject unit slips (µg/L as mg/L). */
static const double conc_max[RV_NITEMS] = {5000, 2000, 500, 100, 3000, 20};

/* Shared by load-values (with flow) and headwaters (without): key, month, items. */
typedef struct value_import {
    const char *kind, *key_col, *what, *key_hint;
    const char *owner_tbl; /* the keyed record's table: its owner writes the values */
    int has_flow;
    const char *sql[4]; /* key lookup, get, insert, update */
} value_import;

enum { V_KEY, V_MONTH, V_FLOW, V_ITEM0, V_NCOLS = V_ITEM0 + RV_NITEMS };

static je_status import_values(je_db *db, const value_import *vi, const char *path,
                               const je_import_opts *opts, je_import_report *rep, je_error *err)
{
    const char *cols[V_NCOLS] = {vi->key_col, "month", "flow_m3_s"};
    for (int i = 0; i < RV_NITEMS; i++)
        cols[V_ITEM0 + i] = je_rv_item_code[i];
    je_batch b;
    je_status st = je_batch_begin(&b, db, vi->kind, path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[V_NCOLS];
    sqlite3_stmt *q[4];
    if (!je_db_prepare_all(db, vi->sql, q, 4)) {
        st = je_db_fail(db, err, "importing values");
        goto end;
    }
    uint64_t required = (1u << V_KEY) | (1u << V_MONTH) | (vi->has_flow ? 1u << V_FLOW : 0);
    if (vi->has_flow) {
        if ((st = je_batch_header(&b, cols, V_NCOLS, required, c, err)) != JE_OK)
            goto end;
    } else {
        /* no flow column: known = key, month, items */
        const char *known[V_NCOLS - 1];
        int ci[V_NCOLS - 1];
        known[0] = cols[V_KEY];
        known[1] = cols[V_MONTH];
        for (int i = 0; i < RV_NITEMS; i++)
            known[2 + i] = cols[V_ITEM0 + i];
        if ((st = je_batch_header(&b, known, V_NCOLS - 1, 3, ci, err)) != JE_OK)
            goto end;
        c[V_KEY] = ci[0];
        c[V_MONTH] = ci[1];
        c[V_FLOW] = -1;
        for (int i = 0; i < RV_NITEMS; i++)
            c[V_ITEM0 + i] = ci[2 + i];
    }
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, cols, 0, 0};
        static const int text[] = {V_KEY};
        need_text(&r, text, 1);
        int64_t key = lookup(q[0], &r, V_KEY, vi->what, vi->key_hint);
        check_month(&r, V_MONTH, 1);
        double flow = NAN, v[RV_NITEMS];
        if (vi->has_flow)
            num(&r, V_FLOW, 0, FLOW_MAX_M3_S, 0, "m3/s", &flow);
        int given = 0;
        for (int i = 0; i < RV_NITEMS; i++) {
            v[i] = NAN;
            if (c[V_ITEM0 + i] >= 0 && num(&r, V_ITEM0 + i, 0, conc_max[i], 1, "mg/L", &v[i]))
                given += !isnan(v[i]);
        }
        if (!r.bad && given == 0)
            je_row_reject(&r, V_KEY, "no concentration given (cod, codmn, nh3n, tp, bod5, do)");
        int exists = 0;
        if (!r.bad) {
            sqlite3_bind_int64(q[1], 1, key);
            sqlite3_bind_text(q[1], 2, je_row_field(&r, V_MONTH), -1, SQLITE_STATIC);
            exists = key_exists(q[1], &r, V_MONTH, "this month's row");
        }
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        if ((st = je_owner_check(&b, vi->owner_tbl, "owner", vi->what,
                                 je_row_field(&r, V_KEY), err)) != JE_OK)
            break;
        sqlite3_stmt *w = q[exists ? 3 : 2];
        sqlite3_bind_int64(w, 1, key);
        sqlite3_bind_text(w, 2, je_row_field(&r, V_MONTH), -1, SQLITE_STATIC);
        for (int i = 0; i < RV_NITEMS; i++)
            bind_num(w, 3 + i, v[i]);
        sqlite3_bind_int64(w, 9, b.id);
        if (vi->has_flow)
            sqlite3_bind_double(w, 10, flow);
        if ((st = step_write(db, w, rep, exists, "importing values", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, 4);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

je_status je_import_load_values(je_db *db, const char *path, const je_import_opts *opts,
                                je_import_report *rep, je_error *err)
{
    static const value_import vi = {
        "load-values",
        "load",
        "load",
        " (import river-loads first)",
        "river_load",
        1,
        {"SELECT id FROM river_load WHERE code = ?",
         "SELECT batch_id FROM load_value WHERE load_id = ?1 AND month = ?2",
         "INSERT INTO load_value(load_id, month, v_cod, v_codmn, v_nh3n, v_tp, v_bod5, v_do,"
         " batch_id, flow_m3_s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
         "UPDATE load_value SET v_cod = ?3, v_codmn = ?4, v_nh3n = ?5, v_tp = ?6, v_bod5 = ?7,"
         " v_do = ?8, batch_id = ?9, flow_m3_s = ?10 WHERE load_id = ?1 AND month = ?2"}};
    return import_values(db, &vi, path, opts, rep, err);
}

je_status je_import_headwaters(je_db *db, const char *path, const je_import_opts *opts,
                               je_import_report *rep, je_error *err)
{
    static const value_import vi = {
        "headwaters",
        "node",
        "node",
        " (import river-nodes first)",
        "river_node",
        0,
        {"SELECT id FROM river_node WHERE code = ?",
         "SELECT batch_id FROM river_headwater WHERE node_id = ?1 AND month = ?2",
         "INSERT INTO river_headwater(node_id, month, v_cod, v_codmn, v_nh3n, v_tp, v_bod5,"
         " v_do, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
         "UPDATE river_headwater SET v_cod = ?3, v_codmn = ?4, v_nh3n = ?5, v_tp = ?6,"
         " v_bod5 = ?7, v_do = ?8, batch_id = ?9 WHERE node_id = ?1 AND month = ?2"}};
    return import_values(db, &vi, path, opts, rep, err);
}

je_status je_store_river_counts(je_db *db, int64_t *out_nodes, int64_t *out_reaches,
                                int64_t *out_sections, int64_t *out_loads, je_error *err)
{
    static const char *const sql[4] = {
        "SELECT count(*) FROM river_node", "SELECT count(*) FROM river_reach",
        "SELECT count(*) FROM section_location", "SELECT count(*) FROM river_load"};
    int64_t *out[4] = {out_nodes, out_reaches, out_sections, out_loads};
    for (int i = 0; i < 4; i++) {
        if (out[i] == NULL)
            continue;
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(db->db, sql[i], -1, &s, NULL) != SQLITE_OK)
            return je_db_fail(db, err, "counting the river network");
        *out[i] = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_finalize(s);
    }
    return JE_OK;
}
