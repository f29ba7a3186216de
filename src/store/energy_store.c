/*
 * energy_store.c — energy activity data and coal power units: imports and queries.
 *
 * Activity rows are long (one item per row) with the unit on every row; quantities
 * are converted to the item's base unit by je_energy_unit_convert (energy.h) and the
 * given number and unit are kept beside them.
 */
#include "store/internal.h"

#include "jointenv/energy.h"
#include "jointenv/enterprise.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- activity -------------------------------------------------------------- */

/* The energy imports differ only in their columns, statements and row handling; the
 * loop — validate, look for the existing row, check the actor's permission, insert or
 * update, log, count — is this one. Every table's statements come in the order of
 * Q_*: the jurisdiction lookup (the audit lookup for options), the existing row,
 * insert, update, the enterprise lookup. */
enum { Q_JUR, Q_GET, Q_INS, Q_UPD, Q_ENT, Q_N };
#define ENT_SQL "SELECT 1 FROM enterprise WHERE code = ?"

typedef struct energy_kind {
    const char *kind; /* the batch kind ("coal-units") */
    const char *what; /* for errors ("importing coal units") */
    const char *const *sql;
    const char *const *cols;
    size_t ncols;
    uint64_t required;
    size_t rec_size;
    void (*validate)(sqlite3_stmt *const *q, je_row *r, void *rec);
    /* 1 exists (and may be replaced), 0 new, -1 rejected (into r) */
    int (*exists)(sqlite3_stmt *get, je_row *r, const void *rec);
    int (*write)(sqlite3_stmt *w, je_row *r, const void *rec); /* 1 written */
    /* Registry records: the table and the word for messages, and the record's code
       and owning jurisdiction, for je_record_check/_log. Activity rows (tbl NULL) are
       checked against their jurisdiction only (owner_of); the batch's audit entry
       records them. */
    const char *tbl, *word;
    const char *(*code_of)(const je_row *r, const void *rec);
    const char *(*owner_of)(const je_row *r, const void *rec);
} energy_kind;

/* An optional enterprise_code column (col): empty, or a valid GB 32100 code of a
 * stored enterprise. */
static void check_enterprise(sqlite3_stmt *ent, je_row *r, int col)
{
    if (r->c[col] < 0)
        return;
    const char *code = je_row_field(r, col);
    if (code[0] == '\0')
        return;
    je_error e;
    if (je_uscc_check(code, &e) != JE_OK) {
        je_row_reject(r, col, "%s", e.message);
        return;
    }
    sqlite3_bind_text(ent, 1, code, -1, SQLITE_STATIC);
    int found = sqlite3_step(ent) == SQLITE_ROW;
    sqlite3_reset(ent);
    if (!found)
        je_row_reject(r, col, "unknown enterprise %s (import it first: jointenv import enterprises "
                              "FILE)", code);
}

/* Bind the optional enterprise_code column (col) at ?n (NULL when empty or absent)
 * and ?n+1: 1 when the column is present (an update then sets the link), 0 when
 * absent (an update keeps it). */
static void bind_enterprise(sqlite3_stmt *w, const je_row *r, int col, int n)
{
    const char *code = r->c[col] >= 0 ? je_row_field(r, col) : "";
    if (code[0])
        sqlite3_bind_text(w, n, code, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(w, n);
    sqlite3_bind_int(w, n + 1, r->c[col] >= 0);
}

static je_status import_rows(je_db *db, const energy_kind *k, const char *path,
                             const je_import_opts *opts, je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, k->kind, path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[32]; /* the widest table has 15 columns */
    sqlite3_stmt *q[Q_N];
    void *rec = k->ncols <= 32 ? malloc(k->rec_size) : NULL;
    if (rec == NULL) {
        memset(q, 0, sizeof q);
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto end;
    }
    if (!je_db_prepare_all(db, k->sql, q, Q_N)) {
        st = je_db_fail(db, err, k->what);
        goto end;
    }
    if ((st = je_batch_header(&b, k->cols, k->ncols, k->required, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, k->cols, 0, 0};
        memset(rec, 0, k->rec_size);
        k->validate(q, &r, rec);
        int exists = r.bad ? 0 : k->exists(q[Q_GET], &r, rec);
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        char *before = NULL;
        if (k->tbl && (st = je_record_check(&b, JE_GOV_WRITE, k->tbl, k->word, "owner",
                                            k->code_of(&r, rec), k->owner_of(&r, rec), &before,
                                            err)) != JE_OK)
            break;
        if (!k->tbl && (st = je_db_may(db, JE_GOV_WRITE, k->owner_of(&r, rec), 0, k->word,
                                       err)) != JE_OK)
            break;
        if (!k->write(exists ? q[Q_UPD] : q[Q_INS], &r, rec)) {
            free(before);
            st = je_db_fail(db, err, k->what);
            break;
        }
        if (k->tbl && (st = je_record_log(&b, k->tbl, k->code_of(&r, rec), k->owner_of(&r, rec),
                                          before, err)) != JE_OK)
            break;
        if (exists)
            rep->updated++;
        else
            rep->inserted++;
    }
end:
    je_db_finalize_all(q, Q_N);
    free(rec);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

enum { A_JUR, A_DIST, A_SECTOR, A_YEAR, A_ITEM, A_QTY, A_UNIT, A_ENT, A_NCOLS };
static const char *const a_cols[A_NCOLS] = {"jurisdiction", "district", "sector", "year",
                                            "item",         "quantity", "unit",   "enterprise"};

static const char *const act_sql[Q_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM energy_activity WHERE jurisdiction = ?1 AND district = ?2 AND"
    " sector = ?3 AND enterprise = ?4 AND year = ?5 AND item = ?6",
    "INSERT INTO energy_activity(jurisdiction, district, sector, enterprise, year, item,"
    " quantity, given_quantity, given_unit, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9, ?10)",
    "UPDATE energy_activity SET quantity = ?7, given_quantity = ?8, given_unit = ?9,"
    " batch_id = ?10 WHERE jurisdiction = ?1 AND district = ?2 AND sector = ?3 AND"
    " enterprise = ?4 AND year = ?5 AND item = ?6",
    ENT_SQL,
};

static void check_len(je_row *r, int col, size_t lo, size_t hi)
{
    if (r->c[col] < 0)
        return;
    size_t len = strlen(je_row_field(r, col));
    if (len < lo)
        je_row_reject(r, col, "empty %s", a_cols[col]);
    else if (len > hi)
        je_row_reject(r, col, "%s too long (%zu bytes; at most %zu)", a_cols[col], len, hi);
}

typedef struct act_vals {
    int year;
    double given, base;
} act_vals;

static void validate_activity(sqlite3_stmt *const *q, je_row *r, void *rec)
{
    sqlite3_stmt *jur = q[Q_JUR];
    act_vals *x = rec;
    check_len(r, A_JUR, 1, 15);
    check_len(r, A_DIST, 0, 63);
    check_len(r, A_SECTOR, 1, 31);
    check_len(r, A_ENT, 0, 63);
    const char *j = je_row_field(r, A_JUR);
    if (j[0]) {
        sqlite3_bind_text(jur, 1, j, -1, SQLITE_STATIC);
        int found = sqlite3_step(jur) == SQLITE_ROW;
        sqlite3_reset(jur);
        if (!found)
            je_row_reject(r, A_JUR, "unknown jurisdiction '%s' (import jurisdictions first)", j);
    }
    const char *t = je_row_field(r, A_YEAR);
    double y;
    if (je_parse_double(t, strlen(t), &y) != JE_OK || y != floor(y) || y < 1990 || y > 2100)
        je_row_reject(r, A_YEAR, "invalid year '%s' (1990 to 2100)", t);
    else
        x->year = (int)y;
    const char *item = je_row_field(r, A_ITEM);
    const je_energy_item *it = je_energy_item_find(item);
    if (!it) {
        size_t n;
        const je_energy_item *all = je_energy_items(&n);
        char list[400] = "";
        for (size_t k = 0; k < n; k++) {
            strncat(list, k ? " " : "", sizeof list - strlen(list) - 1);
            strncat(list, all[k].code, sizeof list - strlen(list) - 1);
        }
        je_row_reject(r, A_ITEM, "unknown item '%s' (%s)", item, list);
    } else {
        int econ = it->kind == JE_ITEM_GDP || it->kind == JE_ITEM_POPULATION;
        int all = strcmp(je_row_field(r, A_SECTOR), "all") == 0;
        if (econ && !all)
            je_row_reject(r, A_SECTOR, "%s is recorded with sector 'all' (got '%s')", item,
                          je_row_field(r, A_SECTOR));
        else if (!econ && all)
            je_row_reject(r, A_SECTOR,
                          "sector 'all' is for gdp and population only; give %s "
                          "by sector",
                          item);
    }
    t = je_row_field(r, A_QTY);
    if (je_parse_double(t, strlen(t), &x->given) != JE_OK || x->given < 0) {
        je_row_reject(r, A_QTY, "invalid quantity '%s' (a number >= 0)", t);
        return;
    }
    if (!it)
        return;
    je_error e;
    if (je_energy_unit_convert(item, je_row_field(r, A_UNIT), x->given, &x->base, &e) != JE_OK)
        je_row_reject(r, A_UNIT, "%s", e.message);
}

/* 1 exists (and --replace), 0 new, -1 rejected (twice in this file, or no --replace). */
static int activity_exists(sqlite3_stmt *get, je_row *r, const void *rec)
{
    const int year = ((const act_vals *)rec)->year;
    static const int key[] = {A_JUR, A_DIST, A_SECTOR, A_ENT};
    for (int k = 0; k < 4; k++)
        sqlite3_bind_text(get, k + 1, je_row_field(r, key[k]), -1, SQLITE_STATIC);
    sqlite3_bind_int(get, 5, year);
    sqlite3_bind_text(get, 6, je_row_field(r, A_ITEM), -1, SQLITE_STATIC);
    int exists = 0;
    int64_t batch = 0;
    if (sqlite3_step(get) == SQLITE_ROW) {
        exists = 1;
        batch = sqlite3_column_int64(get, 0);
    }
    sqlite3_reset(get);
    if (!exists || (batch != r->b->id && r->b->opts->replace))
        return exists;
    const char *d = je_row_field(r, A_DIST);
    je_row_reject(r, A_ITEM, "%s of %s%s%s, sector %s, %d %s", je_row_field(r, A_ITEM),
                  je_row_field(r, A_JUR), d[0] ? " district " : "", d, je_row_field(r, A_SECTOR),
                  year,
                  batch == r->b->id ? "appears twice in this file"
                                    : "already exists (use --replace to update it)");
    return -1;
}

static int write_activity(sqlite3_stmt *w, je_row *r, const void *rec)
{
    const act_vals *x = rec;
    static const int key[] = {A_JUR, A_DIST, A_SECTOR, A_ENT};
    for (int k = 0; k < 4; k++)
        sqlite3_bind_text(w, k + 1, je_row_field(r, key[k]), -1, SQLITE_STATIC);
    sqlite3_bind_int(w, 5, x->year);
    sqlite3_bind_text(w, 6, je_row_field(r, A_ITEM), -1, SQLITE_STATIC);
    sqlite3_bind_double(w, 7, x->base);
    sqlite3_bind_double(w, 8, x->given);
    sqlite3_bind_text(w, 9, je_row_field(r, A_UNIT), -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 10, r->b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    return rc == SQLITE_DONE;
}

static const char *activity_owner(const je_row *r, const void *rec)
{
    (void)rec;
    return je_row_field(r, A_JUR);
}

static const energy_kind activity_kind = {
    "energy-activity", "importing energy activity", act_sql, a_cols, A_NCOLS,
    (1u << A_ENT) - 1, sizeof(act_vals), validate_activity, activity_exists, write_activity,
    NULL, "energy activity", NULL, activity_owner};

je_status je_import_energy_activity(je_db *db, const char *path, const je_import_opts *opts,
                                    je_import_report *rep, je_error *err)
{
    return import_rows(db, &activity_kind, path, opts, rep, err);
}

static void read_activity(sqlite3_stmt *s, void *record)
{
    je_energy_activity *x = record;
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 0);
    je_db_copy_text(x->district, sizeof x->district, s, 1);
    je_db_copy_text(x->sector, sizeof x->sector, s, 2);
    je_db_copy_text(x->enterprise, sizeof x->enterprise, s, 3);
    x->year = sqlite3_column_int(s, 4);
    je_db_copy_text(x->item, sizeof x->item, s, 5);
    x->quantity = sqlite3_column_double(s, 6);
}

je_status je_store_energy_activity(je_db *db, int year_from, int year_to, je_energy_activity **out,
                                   size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    static const char sql[] =
        "SELECT jurisdiction, district, sector, enterprise, year, item, quantity"
        " FROM energy_activity WHERE (?1 = 0 OR year >= ?1) AND (?2 = 0 OR year <= ?2)"
        " ORDER BY jurisdiction, district, sector, year, item, enterprise";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing energy activity");
    sqlite3_bind_int(s, 1, year_from);
    sqlite3_bind_int(s, 2, year_to);
    void *v;
    je_status st = je_db_collect(db, s, sizeof(je_energy_activity), read_activity,
                                 "listing energy activity", &v, out_n, err);
    *out = v;
    return st;
}

/* ---- coal units ------------------------------------------------------------ */

enum {
    U_CODE,
    U_PLANT,
    U_JUR,
    U_CAP,
    U_COMM,
    U_TECH,
    U_COAL,
    U_GEN,
    U_STATUS,
    U_ENTC,
    U_NCOLS
};
static const char *const u_cols[U_NCOLS] = {
    "code",         "plant",          "jurisdiction", "capacity_mw",    "commissioned",
    "technology",   "coal_gce_kwh",   "generation_mwh", "status",       "enterprise_code"};

static const char *const unit_sql[Q_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM coal_unit WHERE code = ?",
    "INSERT INTO coal_unit(code, plant, owner, capacity_mw, commissioned, technology,"
    " coal_gce_kwh, generation_mwh, status, batch_id, enterprise_code) VALUES (?1, ?2, ?3, ?4,"
    " ?5, ?6, ?7, ?8, ?9, ?10, CASE WHEN ?12 THEN ?11 END)",
    "UPDATE coal_unit SET plant = ?2, owner = ?3, capacity_mw = ?4, commissioned = ?5,"
    " technology = ?6, coal_gce_kwh = ?7, generation_mwh = ?8, status = ?9, batch_id = ?10,"
    " enterprise_code = CASE WHEN ?12 THEN ?11 ELSE enterprise_code END WHERE code = ?1",
    ENT_SQL,
};

static const char *const statuses[] = {"operating", "retired", "mothballed", "construction"};

/* A number of column col in [lo, hi] (whole when `whole`); NAN after rejecting. */
static double unit_num(je_row *r, int col, double lo, double hi, int whole, const char *what)
{
    const char *t = je_row_field(r, col);
    double v;
    if (je_parse_double(t, strlen(t), &v) != JE_OK || v < lo || v > hi ||
        (whole && v != floor(v))) {
        je_row_reject(r, col, "invalid %s '%s' (%s, %g to %g)", u_cols[col], t, what, lo, hi);
        return NAN;
    }
    return v;
}

static void validate_unit(sqlite3_stmt *const *q, je_row *r, void *rec)
{
    sqlite3_stmt *jur = q[Q_JUR];
    check_enterprise(q[Q_ENT], r, U_ENTC);
    je_coal_unit *x = rec;
    static const struct {
        int col;
        size_t max;
    } text[] = {{U_CODE, 31}, {U_PLANT, 95}, {U_JUR, 15}, {U_TECH, 31}};
    for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
        size_t len = strlen(je_row_field(r, text[k].col));
        if (len == 0 || len > text[k].max)
            je_row_reject(r, text[k].col, "%s %s", len ? "too long" : "empty", u_cols[text[k].col]);
    }
    const char *j = je_row_field(r, U_JUR);
    if (j[0]) {
        sqlite3_bind_text(jur, 1, j, -1, SQLITE_STATIC);
        int found = sqlite3_step(jur) == SQLITE_ROW;
        sqlite3_reset(jur);
        if (!found)
            je_row_reject(r, U_JUR, "unknown jurisdiction '%s' (import jurisdictions first)", j);
    }
    x->capacity_mw = unit_num(r, U_CAP, 1, 2000, 0, "MW");
    double y = unit_num(r, U_COMM, 1950, 2100, 1, "year");
    x->commissioned = isnan(y) ? 0 : (int)y;
    x->coal_gce_kwh = unit_num(r, U_COAL, 200, 500, 0, "supply coal consumption, gce/kWh");
    double hi = isnan(x->capacity_mw) ? 2000 * 8784.0 : x->capacity_mw * 8784.0;
    x->generation_mwh = unit_num(r, U_GEN, 0, hi, 0, "MWh a year, at most capacity x 8784 h");
    const char *s = je_row_field(r, U_STATUS);
    size_t k = 0;
    while (k < 4 && strcmp(statuses[k], s) != 0)
        k++;
    if (k == 4)
        je_row_reject(r, U_STATUS,
                      "invalid status '%s' (operating, retired, mothballed or construction)", s);
}

static int unit_exists(sqlite3_stmt *get, je_row *r, const void *rec)
{
    (void)rec;
    return je_row_exists(get, r, U_CODE, "unit");
}

static int write_unit(sqlite3_stmt *w, je_row *r, const void *rec)
{
    const je_coal_unit *x = rec;
    static const int text_cols[] = {U_CODE, U_PLANT, U_JUR};
    for (int k = 0; k < 3; k++)
        sqlite3_bind_text(w, k + 1, je_row_field(r, text_cols[k]), -1, SQLITE_STATIC);
    sqlite3_bind_double(w, 4, x->capacity_mw);
    sqlite3_bind_int(w, 5, x->commissioned);
    sqlite3_bind_text(w, 6, je_row_field(r, U_TECH), -1, SQLITE_STATIC);
    sqlite3_bind_double(w, 7, x->coal_gce_kwh);
    sqlite3_bind_double(w, 8, x->generation_mwh);
    sqlite3_bind_text(w, 9, je_row_field(r, U_STATUS), -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 10, r->b->id);
    bind_enterprise(w, r, U_ENTC, 11);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    return rc == SQLITE_DONE;
}

static const char *unit_code(const je_row *r, const void *rec)
{
    (void)rec;
    return je_row_field(r, U_CODE);
}

static const char *unit_owner(const je_row *r, const void *rec)
{
    (void)rec;
    return je_row_field(r, U_JUR);
}

static const energy_kind unit_kind = {
    "coal-units", "importing coal units", unit_sql, u_cols, U_NCOLS, (1u << U_ENTC) - 1,
    sizeof(je_coal_unit), validate_unit, unit_exists, write_unit, "coal_unit", "coal unit",
    unit_code, unit_owner};

je_status je_import_coal_units(je_db *db, const char *path, const je_import_opts *opts,
                               je_import_report *rep, je_error *err)
{
    return import_rows(db, &unit_kind, path, opts, rep, err);
}

static void read_unit(sqlite3_stmt *s, void *record)
{
    je_coal_unit *x = record;
    je_db_copy_text(x->code, sizeof x->code, s, 0);
    je_db_copy_text(x->plant, sizeof x->plant, s, 1);
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 2);
    x->capacity_mw = sqlite3_column_double(s, 3);
    x->commissioned = sqlite3_column_int(s, 4);
    je_db_copy_text(x->technology, sizeof x->technology, s, 5);
    x->coal_gce_kwh = sqlite3_column_double(s, 6);
    x->generation_mwh = sqlite3_column_double(s, 7);
    const unsigned char *t = sqlite3_column_text(s, 8);
    x->status = JE_UNIT_OPERATING;
    for (int k = 0; k < 4; k++)
        if (t && strcmp((const char *)t, statuses[k]) == 0)
            x->status = (je_unit_status)k;
    je_db_copy_text(x->enterprise_code, sizeof x->enterprise_code, s, 9);
}

je_status je_store_coal_units(je_db *db, const char *jurisdiction, je_coal_unit **out,
                              size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    static const char sql[] = "SELECT code, plant, owner, capacity_mw, commissioned, technology,"
                              " coal_gce_kwh, generation_mwh, status, enterprise_code FROM coal_unit"
                              " WHERE (?1 IS NULL OR owner = ?1) ORDER BY code";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing coal units");
    if (jurisdiction)
        sqlite3_bind_text(s, 1, jurisdiction, -1, SQLITE_STATIC);
    void *v;
    je_status st =
        je_db_collect(db, s, sizeof(je_coal_unit), read_unit, "listing coal units", &v, out_n, err);
    *out = v;
    return st;
}

/* ---- renewable installations ---------------------------------------------------- */

enum { RE_CODE, RE_NAME, RE_JUR, RE_DIST, RE_KIND, RE_CAP, RE_COMM, RE_LON, RE_LAT, RE_GEN, RE_N };
static const char *const re_cols[RE_N] = {"code", "name",          "jurisdiction", "district",
                                          "kind", "capacity_mw",   "commissioned", "lon",
                                          "lat",  "generation_mwh"};

static const char *const re_sql[Q_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM renewable_installation WHERE code = ?",
    "INSERT INTO renewable_installation(code, name, owner, district, kind, capacity_mw,"
    " commissioned, lon, lat, generation_mwh, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " ?8, ?9, ?10, ?11)",
    "UPDATE renewable_installation SET name = ?2, owner = ?3, district = ?4, kind = ?5,"
    " capacity_mw = ?6, commissioned = ?7, lon = ?8, lat = ?9, generation_mwh = ?10,"
    " batch_id = ?11 WHERE code = ?1",
    ENT_SQL,
};

/* A number of column col in [lo, hi]; NAN after rejecting. */
static double re_num(je_row *r, int col, double lo, double hi, int whole, const char *what)
{
    const char *t = je_row_field(r, col);
    double v;
    if (je_parse_double(t, strlen(t), &v) != JE_OK || v < lo || v > hi ||
        (whole && v != floor(v))) {
        je_row_reject(r, col, "invalid %s '%s' (%s, %g to %g)", re_cols[col], t, what, lo, hi);
        return NAN;
    }
    return v;
}

static void validate_re(sqlite3_stmt *const *q, je_row *r, void *rec)
{
    sqlite3_stmt *jur = q[Q_JUR];
    je_renewable *x = rec;
    static const struct {
        int col;
        size_t lo, hi;
    } text[] = {{RE_CODE, 1, 31}, {RE_NAME, 1, 95}, {RE_JUR, 1, 15}, {RE_DIST, 0, 63}};
    for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
        size_t len = strlen(je_row_field(r, text[k].col));
        if (len < text[k].lo || len > text[k].hi)
            je_row_reject(r, text[k].col, "%s %s", len ? "too long" : "empty",
                          re_cols[text[k].col]);
    }
    const char *j = je_row_field(r, RE_JUR);
    if (j[0]) {
        sqlite3_bind_text(jur, 1, j, -1, SQLITE_STATIC);
        int found = sqlite3_step(jur) == SQLITE_ROW;
        sqlite3_reset(jur);
        if (!found)
            je_row_reject(r, RE_JUR, "unknown jurisdiction '%s' (import jurisdictions first)", j);
    }
    const char *k = je_row_field(r, RE_KIND);
    int kind = -1;
    for (int i = 0; i < JE_RE_COUNT; i++)
        if (strcmp(k, je_re_kind_name((je_re_kind)i)) == 0)
            kind = i;
    if (kind < 0)
        je_row_reject(r, RE_KIND, "invalid kind '%s' (hydro, wind, solar or biomass)", k);
    else
        x->kind = (je_re_kind)kind;
    x->capacity_mw = re_num(r, RE_CAP, 0.1, 30000, 0, "MW");
    double y = re_num(r, RE_COMM, 1950, 2100, 1, "year");
    x->commissioned = isnan(y) ? 0 : (int)y;
    x->lon = re_num(r, RE_LON, -180, 180, 0, "degrees");
    x->lat = re_num(r, RE_LAT, -90, 90, 0, "degrees");
    double hi = isnan(x->capacity_mw) ? 30000 * 8784.0 : x->capacity_mw * 8784.0;
    x->generation_mwh = re_num(r, RE_GEN, 0, hi, 0, "MWh a year, at most capacity x 8784 h");
}

static int re_exists(sqlite3_stmt *get, je_row *r, const void *rec)
{
    (void)rec;
    return je_row_exists(get, r, RE_CODE, "installation");
}

static int write_re(sqlite3_stmt *w, je_row *r, const void *rec)
{
    const je_renewable *x = rec;
    for (int k = RE_CODE; k <= RE_KIND; k++)
        sqlite3_bind_text(w, k + 1, je_row_field(r, k), -1, SQLITE_STATIC);
    sqlite3_bind_double(w, 6, x->capacity_mw);
    sqlite3_bind_int(w, 7, x->commissioned);
    sqlite3_bind_double(w, 8, x->lon);
    sqlite3_bind_double(w, 9, x->lat);
    sqlite3_bind_double(w, 10, x->generation_mwh);
    sqlite3_bind_int64(w, 11, r->b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    return rc == SQLITE_DONE;
}

static const char *re_code(const je_row *r, const void *rec)
{
    (void)rec;
    return je_row_field(r, RE_CODE);
}

static const char *re_owner(const je_row *r, const void *rec)
{
    (void)rec;
    return je_row_field(r, RE_JUR);
}

static const energy_kind re_kind = {
    "renewables", "importing renewable installations", re_sql, re_cols, RE_N, (1u << RE_N) - 1,
    sizeof(je_renewable), validate_re, re_exists, write_re, "renewable_installation",
    "renewable installation", re_code, re_owner};

je_status je_import_renewables(je_db *db, const char *path, const je_import_opts *opts,
                               je_import_report *rep, je_error *err)
{
    return import_rows(db, &re_kind, path, opts, rep, err);
}

static void read_re(sqlite3_stmt *s, void *record)
{
    je_renewable *x = record;
    je_db_copy_text(x->code, sizeof x->code, s, 0);
    je_db_copy_text(x->name, sizeof x->name, s, 1);
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 2);
    je_db_copy_text(x->district, sizeof x->district, s, 3);
    const unsigned char *k = sqlite3_column_text(s, 4);
    x->kind = JE_RE_HYDRO;
    for (int i = 0; i < JE_RE_COUNT; i++)
        if (k && strcmp((const char *)k, je_re_kind_name((je_re_kind)i)) == 0)
            x->kind = (je_re_kind)i;
    x->capacity_mw = sqlite3_column_double(s, 5);
    x->commissioned = sqlite3_column_int(s, 6);
    x->lon = sqlite3_column_double(s, 7);
    x->lat = sqlite3_column_double(s, 8);
    x->generation_mwh = sqlite3_column_double(s, 9);
}

je_status je_store_renewables(je_db *db, const char *jurisdiction, je_renewable **out,
                              size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    static const char sql[] = "SELECT code, name, owner, district, kind, capacity_mw,"
                              " commissioned, lon, lat, generation_mwh FROM renewable_installation"
                              " WHERE (?1 IS NULL OR owner = ?1) ORDER BY code";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing renewable installations");
    if (jurisdiction)
        sqlite3_bind_text(s, 1, jurisdiction, -1, SQLITE_STATIC);
    void *v;
    je_status st = je_db_collect(db, s, sizeof(je_renewable), read_re,
                                 "listing renewable installations", &v, out_n, err);
    *out = v;
    return st;
}

/* ---- cleaner-production audits ------------------------------------------------- */

enum {
    CP_ENT,
    CP_NAME,
    CP_JUR,
    CP_SECTOR,
    CP_KIND,
    CP_STAGE,
    CP_LISTED,
    CP_SINCE,
    CP_CERT,
    CP_LEVEL,
    CP_EXPIRES,
    CP_INV,
    CP_TCE,
    CP_WATER,
    CP_CO2,
    CP_ENTC,
    CP_N
};
static const char *const cp_cols[CP_N] = {"enterprise",     "name",
                                          "jurisdiction",   "sector",
                                          "kind",           "stage",
                                          "listed_on",      "stage_since",
                                          "certificate",    "level",
                                          "expires_on",     "investment_1e4_yuan",
                                          "savings_tce",    "savings_water_t",
                                          "co2_reduction_t", "enterprise_code"};

static const char *const cp_sql[Q_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM cp_audit WHERE enterprise = ?",
    "INSERT INTO cp_audit(enterprise, name, owner, sector, mandatory, stage, listed_day,"
    " stage_day, certificate, level, expires_day, investment_1e4_yuan, savings_tce,"
    " savings_water_t, co2_reduction_t, batch_id, enterprise_code) VALUES (?1, ?2, ?3, ?4, ?5,"
    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, CASE WHEN ?18 THEN ?17 END)",
    "UPDATE cp_audit SET name = ?2, owner = ?3, sector = ?4, mandatory = ?5, stage = ?6,"
    " listed_day = ?7, stage_day = ?8, certificate = ?9, level = ?10, expires_day = ?11,"
    " investment_1e4_yuan = ?12, savings_tce = ?13, savings_water_t = ?14,"
    " co2_reduction_t = ?15, batch_id = ?16,"
    " enterprise_code = CASE WHEN ?18 THEN ?17 ELSE enterprise_code END WHERE enterprise = ?1",
    ENT_SQL,
};

/* A date YYYY-MM-DD of column col into days since 1970; 0 (after rejecting) when bad. */
static int64_t cp_day(je_row *r, int col, int optional)
{
    const char *t = je_row_field(r, col);
    if (optional && t[0] == '\0')
        return 0;
    int64_t secs;
    if (strlen(t) != 10 || je_time_parse(t, 10, 0, &secs, NULL) != JE_OK) {
        je_row_reject(r, col, "invalid %s '%s' (a date YYYY-MM-DD)", cp_cols[col], t);
        return 0;
    }
    return je_time_local_day(secs, 0);
}

static void validate_cp(sqlite3_stmt *const *q, je_row *r, void *rec)
{
    sqlite3_stmt *jur = q[Q_JUR];
    check_enterprise(q[Q_ENT], r, CP_ENTC);
    je_cp_audit *x = rec;
    static const struct {
        int col;
        size_t lo, hi;
    } text[] = {{CP_ENT, 1, 31},    {CP_NAME, 1, 95}, {CP_JUR, 1, 15},
                {CP_SECTOR, 1, 31}, {CP_CERT, 0, 31}, {CP_LEVEL, 0, 15}};
    for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
        size_t len = strlen(je_row_field(r, text[k].col));
        if (len < text[k].lo || len > text[k].hi)
            je_row_reject(r, text[k].col, "%s %s", len ? "too long" : "empty",
                          cp_cols[text[k].col]);
    }
    const char *j = je_row_field(r, CP_JUR);
    if (j[0]) {
        sqlite3_bind_text(jur, 1, j, -1, SQLITE_STATIC);
        int found = sqlite3_step(jur) == SQLITE_ROW;
        sqlite3_reset(jur);
        if (!found)
            je_row_reject(r, CP_JUR, "unknown jurisdiction '%s' (import jurisdictions first)", j);
    }
    const char *k = je_row_field(r, CP_KIND);
    if (strcmp(k, "mandatory") == 0 || strcmp(k, "voluntary") == 0)
        x->mandatory = k[0] == 'm';
    else
        je_row_reject(r, CP_KIND, "invalid kind '%s' (mandatory or voluntary)", k);
    je_error e;
    int stage_ok = je_cp_stage_parse(je_row_field(r, CP_STAGE), &x->stage, &e) == JE_OK;
    if (!stage_ok)
        je_row_reject(r, CP_STAGE, "%s", e.message);
    x->listed_day = cp_day(r, CP_LISTED, 0);
    x->stage_day = cp_day(r, CP_SINCE, 0);
    x->expires_day = cp_day(r, CP_EXPIRES, 1);
    int certified = stage_ok && (x->stage == JE_CP_CERTIFIED || x->stage == JE_CP_RENEWAL_DUE);
    static const int cert_cols[] = {CP_CERT, CP_LEVEL, CP_EXPIRES};
    for (int c = 0; stage_ok && c < 3; c++) {
        int given = je_row_field(r, cert_cols[c])[0] != '\0';
        if (given != certified)
            je_row_reject(r, cert_cols[c], "%s is %s for a %s audit", cp_cols[cert_cols[c]],
                          certified ? "required" : "only", je_cp_stage_name(x->stage));
    }
    double *amt[] = {&x->investment_1e4_yuan, &x->savings_tce, &x->savings_water_t,
                     &x->co2_reduction_t};
    for (int c = 0; c < 4; c++) {
        const char *t = je_row_field(r, CP_INV + c);
        if (je_parse_double(t, strlen(t), amt[c]) != JE_OK || *amt[c] < 0)
            je_row_reject(r, CP_INV + c, "invalid %s '%s' (a number >= 0)", cp_cols[CP_INV + c], t);
    }
}

static int write_cp(sqlite3_stmt *w, je_row *r, const void *rec)
{
    const je_cp_audit *x = rec;
    static const int t1[] = {CP_ENT, CP_NAME, CP_JUR, CP_SECTOR};
    for (int k = 0; k < 4; k++)
        sqlite3_bind_text(w, k + 1, je_row_field(r, t1[k]), -1, SQLITE_STATIC);
    sqlite3_bind_int(w, 5, x->mandatory);
    sqlite3_bind_text(w, 6, je_cp_stage_name(x->stage), -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 7, x->listed_day);
    sqlite3_bind_int64(w, 8, x->stage_day);
    sqlite3_bind_text(w, 9, je_row_field(r, CP_CERT), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 10, je_row_field(r, CP_LEVEL), -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 11, x->expires_day);
    sqlite3_bind_double(w, 12, x->investment_1e4_yuan);
    sqlite3_bind_double(w, 13, x->savings_tce);
    sqlite3_bind_double(w, 14, x->savings_water_t);
    sqlite3_bind_double(w, 15, x->co2_reduction_t);
    sqlite3_bind_int64(w, 16, r->b->id);
    bind_enterprise(w, r, CP_ENTC, 17);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    return rc == SQLITE_DONE;
}

static int cp_exists(sqlite3_stmt *get, je_row *r, const void *rec)
{
    (void)rec;
    return je_row_exists(get, r, CP_ENT, "enterprise");
}

static const char *cp_code(const je_row *r, const void *rec)
{
    (void)rec;
    return je_row_field(r, CP_ENT);
}

static const char *cp_owner(const je_row *r, const void *rec)
{
    (void)rec;
    return je_row_field(r, CP_JUR);
}

static const energy_kind cp_kind = {
    "cp-audits", "importing cleaner-production audits", cp_sql, cp_cols, CP_N,
    (1u << CP_ENTC) - 1, sizeof(je_cp_audit), validate_cp, cp_exists, write_cp, "cp_audit",
    "cleaner-production audit", cp_code, cp_owner};

je_status je_import_cp_audits(je_db *db, const char *path, const je_import_opts *opts,
                              je_import_report *rep, je_error *err)
{
    return import_rows(db, &cp_kind, path, opts, rep, err);
}

static void read_cp(sqlite3_stmt *s, void *record)
{
    je_cp_audit *x = record;
    je_db_copy_text(x->enterprise, sizeof x->enterprise, s, 0);
    je_db_copy_text(x->name, sizeof x->name, s, 1);
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 2);
    je_db_copy_text(x->sector, sizeof x->sector, s, 3);
    x->mandatory = sqlite3_column_int(s, 4);
    const unsigned char *t = sqlite3_column_text(s, 5);
    if (je_cp_stage_parse(t ? (const char *)t : "", &x->stage, NULL) != JE_OK)
        x->stage = JE_CP_LISTED;
    x->listed_day = sqlite3_column_int64(s, 6);
    x->stage_day = sqlite3_column_int64(s, 7);
    je_db_copy_text(x->certificate, sizeof x->certificate, s, 8);
    je_db_copy_text(x->level, sizeof x->level, s, 9);
    x->expires_day = sqlite3_column_int64(s, 10);
    x->investment_1e4_yuan = sqlite3_column_double(s, 11);
    x->savings_tce = sqlite3_column_double(s, 12);
    x->savings_water_t = sqlite3_column_double(s, 13);
    x->co2_reduction_t = sqlite3_column_double(s, 14);
    je_db_copy_text(x->enterprise_code, sizeof x->enterprise_code, s, 15);
}

static const char cp_select[] =
    "SELECT enterprise, name, owner, sector, mandatory, stage, listed_day, stage_day,"
    " certificate, level, expires_day, investment_1e4_yuan, savings_tce, savings_water_t,"
    " co2_reduction_t, enterprise_code FROM cp_audit";

je_status je_store_cp_audits(je_db *db, const char *jurisdiction, je_cp_audit **out, size_t *out_n,
                             je_error *err)
{
    *out = NULL;
    *out_n = 0;
    char sql[600];
    snprintf(sql, sizeof sql, "%s WHERE (?1 IS NULL OR owner = ?1) ORDER BY enterprise", cp_select);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing cleaner-production audits");
    if (jurisdiction)
        sqlite3_bind_text(s, 1, jurisdiction, -1, SQLITE_STATIC);
    void *v;
    je_status st = je_db_collect(db, s, sizeof(je_cp_audit), read_cp,
                                 "listing cleaner-production audits", &v, out_n, err);
    *out = v;
    return st;
}

static char *cp_json(const je_cp_audit *a)
{
    char buf[512];
    snprintf(buf, sizeof buf,
             "{\"stage\":\"%s\",\"stage_day\":%lld,\"certificate\":\"%s\",\"level\":\"%s\","
             "\"expires_day\":%lld}",
             je_cp_stage_name(a->stage), (long long)a->stage_day, a->certificate, a->level,
             (long long)a->expires_day);
    return strdup(buf);
}

je_status je_store_cp_advance(je_db *db, const char *enterprise, je_cp_stage to, int64_t day,
                              const char *certificate, const char *level, int64_t expires_day,
                              je_error *err)
{
    je_status st = je_db_exec(db, "BEGIN IMMEDIATE", err);
    if (st != JE_OK)
        return st;
    char sql[600];
    snprintf(sql, sizeof sql, "%s WHERE enterprise = ?1", cp_select);
    sqlite3_stmt *s;
    je_cp_audit *a = NULL;
    size_t n = 0;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK) {
        st = je_db_fail(db, err, "reading the audit");
        goto fail;
    }
    sqlite3_bind_text(s, 1, enterprise, -1, SQLITE_STATIC);
    void *v;
    if ((st = je_db_collect(db, s, sizeof(je_cp_audit), read_cp, "reading the audit", &v, &n,
                            err)) != JE_OK)
        goto fail;
    a = v;
    if (n == 0) {
        st = je_error_set(err, JE_ENOTFOUND, "no cleaner-production audit for enterprise %s",
                          enterprise);
        goto fail;
    }
    char what[160];
    snprintf(what, sizeof what, "the cleaner-production audit of %s", enterprise);
    /* the audit's jurisdiction's analysts move it (governance.h) */
    if ((st = je_db_may(db, JE_GOV_WRITE, a->jurisdiction, 0, what, err)) != JE_OK)
        goto fail;
    if (!je_cp_transition_ok(a->stage, to)) {
        st = je_error_set(err, JE_ECONFLICT, "%s is at stage %s: it cannot move to %s", enterprise,
                          je_cp_stage_name(a->stage), je_cp_stage_name(to));
        goto fail;
    }
    if (to == JE_CP_CERTIFIED &&
        (!certificate || !certificate[0] || !level || !level[0] || expires_day <= day)) {
        st = je_error_set(err, JE_EINVAL,
                          "certifying needs a certificate number, a level and an expiry "
                          "date after the certification day");
        goto fail;
    }
    if (day < a->stage_day) {
        st = je_error_set(err, JE_EINVAL, "the date is before the current stage began");
        goto fail;
    }
    char *before = cp_json(a);
    a->stage = to;
    a->stage_day = day;
    if (to == JE_CP_CERTIFIED) {
        snprintf(a->certificate, sizeof a->certificate, "%s", certificate);
        snprintf(a->level, sizeof a->level, "%s", level);
        a->expires_day = expires_day;
    }
    char *after = cp_json(a);
    if (!before || !after) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    } else if (sqlite3_prepare_v2(db->db,
                                  "UPDATE cp_audit SET stage = ?2, stage_day = ?3,"
                                  " certificate = ?4, level = ?5, expires_day = ?6"
                                  " WHERE enterprise = ?1",
                                  -1, &s, NULL) != SQLITE_OK) {
        st = je_db_fail(db, err, "updating the audit");
    } else {
        sqlite3_bind_text(s, 1, enterprise, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, je_cp_stage_name(to), -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, day);
        sqlite3_bind_text(s, 4, a->certificate, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, a->level, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, a->expires_day);
        int rc = sqlite3_step(s);
        sqlite3_finalize(s);
        st = rc == SQLITE_DONE ? je_audit_append(db, a->jurisdiction, "cp_audit", enterprise,
                                                 "update", before, after, err)
                               : je_db_fail(db, err, "updating the audit");
    }
    free(before);
    free(after);
    if (st == JE_OK && (st = je_db_exec(db, "COMMIT", err)) == JE_OK) {
        free(a);
        return JE_OK;
    }
fail:
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    free(a);
    return st;
}

/* ---- audit options ----------------------------------------------------------------- */

enum {
    O_AUDIT,
    O_NO,
    O_TITLE,
    O_CLASS,
    O_INV,
    O_TCE,
    O_WATER,
    O_MATERIAL,
    O_STATUS,
    O_POLL, /* JE_CP_NPOLL optional reduction columns follow */
    O_N = O_POLL + JE_CP_NPOLL
};
static const char *const o_cols[O_N] = {
    "audit",  "option_no", "title", "cost_class", "investment_yuan", "savings_tce",
    "savings_water_t", "savings_material_t", "status", "cod_t", "nh3n_t", "so2_t", "nox_t",
    "pm_t", "vocs_t", "co2_t"};

static const char *const opt_sql[Q_N] = {
    "SELECT owner FROM cp_audit WHERE enterprise = ?",
    "SELECT batch_id FROM cp_option WHERE code = ?",
    "INSERT INTO cp_option(code, audit, option_no, owner, title, cost_class, investment_fen,"
    " savings_tce, savings_water_t, savings_material_t, cod_t, nh3n_t, so2_t, nox_t, pm_t,"
    " vocs_t, co2_t, status, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
    " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    "UPDATE cp_option SET audit = ?2, option_no = ?3, owner = ?4, title = ?5, cost_class = ?6,"
    " investment_fen = ?7, savings_tce = ?8, savings_water_t = ?9, savings_material_t = ?10,"
    " cod_t = ?11, nh3n_t = ?12, so2_t = ?13, nox_t = ?14, pm_t = ?15, vocs_t = ?16,"
    " co2_t = ?17, status = ?18, batch_id = ?19 WHERE code = ?1",
    ENT_SQL,
};

typedef struct opt_vals {
    je_cp_option o;
    char code[48]; /* audit/no: the record's key */
} opt_vals;

/* A non-negative amount (t or tce a year) of column col; an empty optional cell is 0. */
static double opt_amount(je_row *r, int col, int optional)
{
    if (r->c[col] < 0)
        return 0;
    const char *t = je_row_field(r, col);
    double v;
    if (optional && t[0] == '\0')
        return 0;
    if (je_parse_double(t, strlen(t), &v) != JE_OK || v < 0 || isnan(v) || isinf(v)) {
        je_row_reject(r, col, "invalid %s '%s' (a number >= 0, t a year)", o_cols[col], t);
        return 0;
    }
    return v;
}

static void validate_option(sqlite3_stmt *const *q, je_row *r, void *rec)
{
    opt_vals *x = rec;
    je_cp_option *o = &x->o;
    const char *audit = je_row_field(r, O_AUDIT);
    if (audit[0] == '\0' || strlen(audit) > 31)
        je_row_reject(r, O_AUDIT, "%s audit", audit[0] ? "too long" : "empty");
    else {
        sqlite3_bind_text(q[Q_JUR], 1, audit, -1, SQLITE_STATIC);
        if (sqlite3_step(q[Q_JUR]) == SQLITE_ROW)
            je_db_copy_text(o->jurisdiction, sizeof o->jurisdiction, q[Q_JUR], 0);
        sqlite3_reset(q[Q_JUR]);
        if (o->jurisdiction[0] == '\0')
            je_row_reject(r, O_AUDIT,
                          "unknown audit '%s' (an enterprise of jointenv audits list; import "
                          "it first: jointenv import cp-audits FILE)",
                          audit);
        snprintf(o->audit, sizeof o->audit, "%s", audit);
    }
    const char *t = je_row_field(r, O_NO);
    double no;
    if (je_parse_double(t, strlen(t), &no) != JE_OK || no != floor(no) || no < 1 || no > 9999)
        je_row_reject(r, O_NO, "invalid option_no '%s' (a whole number 1 to 9999)", t);
    else
        o->option_no = (int)no;
    snprintf(x->code, sizeof x->code, "%s/%d", audit, o->option_no);
    t = je_row_field(r, O_TITLE);
    if (t[0] == '\0' || strlen(t) > 127)
        je_row_reject(r, O_TITLE, "%s title (1 to 127 bytes)", t[0] ? "too long" : "empty");
    t = je_row_field(r, O_CLASS);
    if (strcmp(t, "no-low") == 0)
        o->cost_class = JE_CP_NO_LOW_COST;
    else if (strcmp(t, "medium-high") == 0)
        o->cost_class = JE_CP_MEDIUM_HIGH_COST;
    else
        je_row_reject(r, O_CLASS,
                      "invalid cost_class '%s' (no-low or medium-high, as the audit report "
                      "classifies the option)",
                      t);
    je_error e;
    if (je_yuan_parse_fen(je_row_field(r, O_INV), &o->investment_fen, &e) != JE_OK)
        je_row_reject(r, O_INV, "investment_yuan: %s", e.message);
    o->savings_tce = opt_amount(r, O_TCE, 0);
    o->savings_water_t = opt_amount(r, O_WATER, 0);
    o->savings_material_t = opt_amount(r, O_MATERIAL, 0);
    for (int k = 0; k < JE_CP_NPOLL; k++)
        o->reduction_t[k] = opt_amount(r, O_POLL + k, 1);
    t = je_row_field(r, O_STATUS);
    int s = -1;
    for (int k = 0; k < JE_CP_OPT_COUNT; k++)
        if (strcmp(t, je_cp_option_status_name((je_cp_option_status)k)) == 0)
            s = k;
    if (s < 0)
        je_row_reject(r, O_STATUS,
                      "invalid status '%s' (proposed, approved, implemented, verified or "
                      "dropped)",
                      t);
    else
        o->status = (je_cp_option_status)s;
}

static int option_exists(sqlite3_stmt *get, je_row *r, const void *rec)
{
    const opt_vals *x = rec;
    sqlite3_bind_text(get, 1, x->code, -1, SQLITE_STATIC);
    int exists = 0;
    int64_t batch = 0;
    if (sqlite3_step(get) == SQLITE_ROW) {
        exists = 1;
        batch = sqlite3_column_int64(get, 0);
    }
    sqlite3_reset(get);
    if (!exists || (batch != r->b->id && r->b->opts->replace))
        return exists;
    je_row_reject(r, O_NO, "option %d of audit %s %s", x->o.option_no, x->o.audit,
                  batch == r->b->id ? "appears twice in this file"
                                    : "already exists (use --replace to update it)");
    return -1;
}

static int write_option(sqlite3_stmt *w, je_row *r, const void *rec)
{
    const opt_vals *x = rec;
    const je_cp_option *o = &x->o;
    sqlite3_bind_text(w, 1, x->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 2, o->audit, -1, SQLITE_STATIC);
    sqlite3_bind_int(w, 3, o->option_no);
    sqlite3_bind_text(w, 4, o->jurisdiction, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 5, je_row_field(r, O_TITLE), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 6, je_cp_cost_class_name(o->cost_class), -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 7, o->investment_fen);
    sqlite3_bind_double(w, 8, o->savings_tce);
    sqlite3_bind_double(w, 9, o->savings_water_t);
    sqlite3_bind_double(w, 10, o->savings_material_t);
    for (int k = 0; k < JE_CP_NPOLL; k++)
        sqlite3_bind_double(w, 11 + k, o->reduction_t[k]);
    sqlite3_bind_text(w, 18, je_cp_option_status_name(o->status), -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 19, r->b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    return rc == SQLITE_DONE;
}

static const char *option_code(const je_row *r, const void *rec)
{
    (void)r;
    return ((const opt_vals *)rec)->code;
}

static const char *option_owner(const je_row *r, const void *rec)
{
    (void)r;
    return ((const opt_vals *)rec)->o.jurisdiction;
}

static const energy_kind option_kind = {
    "cp-options", "importing audit options", opt_sql, o_cols, O_N, (1u << O_POLL) - 1,
    sizeof(opt_vals), validate_option, option_exists, write_option, "cp_option",
    "audit option", option_code, option_owner};

je_status je_import_cp_options(je_db *db, const char *path, const je_import_opts *opts,
                               je_import_report *rep, je_error *err)
{
    return import_rows(db, &option_kind, path, opts, rep, err);
}

static void read_option(sqlite3_stmt *s, void *record)
{
    je_cp_option *o = record;
    je_db_copy_text(o->audit, sizeof o->audit, s, 0);
    o->option_no = sqlite3_column_int(s, 1);
    je_db_copy_text(o->jurisdiction, sizeof o->jurisdiction, s, 2);
    je_db_copy_text(o->title, sizeof o->title, s, 3);
    const unsigned char *t = sqlite3_column_text(s, 4);
    o->cost_class = t && strcmp((const char *)t, "medium-high") == 0 ? JE_CP_MEDIUM_HIGH_COST
                                                                      : JE_CP_NO_LOW_COST;
    o->investment_fen = sqlite3_column_int64(s, 5);
    o->savings_tce = sqlite3_column_double(s, 6);
    o->savings_water_t = sqlite3_column_double(s, 7);
    o->savings_material_t = sqlite3_column_double(s, 8);
    for (int k = 0; k < JE_CP_NPOLL; k++)
        o->reduction_t[k] = sqlite3_column_double(s, 9 + k);
    t = sqlite3_column_text(s, 16);
    o->status = JE_CP_OPT_PROPOSED;
    for (int k = 0; k < JE_CP_OPT_COUNT; k++)
        if (t && strcmp((const char *)t, je_cp_option_status_name((je_cp_option_status)k)) == 0)
            o->status = (je_cp_option_status)k;
}

je_status je_store_cp_options(je_db *db, const char *audit, const char *jurisdiction,
                              je_cp_option **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    static const char sql[] =
        "SELECT audit, option_no, owner, title, cost_class, investment_fen, savings_tce,"
        " savings_water_t, savings_material_t, cod_t, nh3n_t, so2_t, nox_t, pm_t, vocs_t, co2_t,"
        " status FROM cp_option WHERE (?1 IS NULL OR audit = ?1) AND (?2 IS NULL OR owner = ?2)"
        " ORDER BY audit, option_no";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing audit options");
    if (audit)
        sqlite3_bind_text(s, 1, audit, -1, SQLITE_STATIC);
    if (jurisdiction)
        sqlite3_bind_text(s, 2, jurisdiction, -1, SQLITE_STATIC);
    void *v;
    je_status st = je_db_collect(db, s, sizeof(je_cp_option), read_option,
                                 "listing audit options", &v, out_n, err);
    *out = v;
    return st;
}
