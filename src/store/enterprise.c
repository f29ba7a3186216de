/*
 * enterprise.c — the enterprise registry (one identity per enterprise across the
 * cement, coal and audit registries), the links from those registries to it, and
 * what the registries know about one enterprise (include/jointenv/enterprise.h).
 *
 * Every write goes through je_record_check / je_record_log (batch.c): the actor's
 * permission in the record's jurisdiction, and a hash-chained audit entry per record.
 */
#include "store/internal.h"

#include "jointenv/enterprise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- enterprises ------------------------------------------------------------ */

enum { E_CODE, E_NAME_ZH, E_NAME_EN, E_JUR, E_DIST, E_SECTOR, E_N };
static const char *const e_cols[E_N] = {"code",         "name_zh",  "name_en",
                                        "jurisdiction", "district", "sector"};

enum { QE_JUR, QE_GET, QE_INS, QE_UPD, QE_N };
static const char *const e_sql[QE_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM enterprise WHERE code = ?",
    "INSERT INTO enterprise(code, name_zh, name_en, owner, district, sector, batch_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "UPDATE enterprise SET name_zh = ?2, name_en = ?3, owner = ?4, district = ?5, sector = ?6,"
    " batch_id = ?7 WHERE code = ?1",
};

static void validate_enterprise(sqlite3_stmt *jur, je_row *r)
{
    static const struct {
        int col;
        size_t lo, hi;
    } text[] = {{E_NAME_ZH, 1, 127},
                {E_NAME_EN, 0, 127},
                {E_JUR, 1, 15},
                {E_DIST, 0, 63},
                {E_SECTOR, 1, 31}};
    for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
        size_t len = strlen(je_row_field(r, text[k].col));
        if (len < text[k].lo)
            je_row_reject(r, text[k].col, "empty %s", e_cols[text[k].col]);
        else if (len > text[k].hi)
            je_row_reject(r, text[k].col, "%s too long (%zu bytes; at most %zu)",
                          e_cols[text[k].col], len, text[k].hi);
    }
    je_error e;
    if (je_uscc_check(je_row_field(r, E_CODE), &e) != JE_OK)
        je_row_reject(r, E_CODE, "%s", e.message);
    const char *j = je_row_field(r, E_JUR);
    if (j[0]) {
        sqlite3_bind_text(jur, 1, j, -1, SQLITE_STATIC);
        int found = sqlite3_step(jur) == SQLITE_ROW;
        sqlite3_reset(jur);
        if (!found)
            je_row_reject(r, E_JUR, "unknown jurisdiction '%s' (import jurisdictions first)", j);
    }
}

/* Bind the enterprise's fields to the INSERT or UPDATE w (je_record_put runs it). */
static void bind_enterprise(sqlite3_stmt *w, je_row *r)
{
    static const int cols[] = {E_CODE, E_NAME_ZH, E_NAME_EN, E_JUR, E_DIST, E_SECTOR};
    for (int k = 0; k < 6; k++)
        sqlite3_bind_text(w, k + 1, je_row_field(r, cols[k]), -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 7, r->b->id);
}

je_status je_import_enterprises(je_db *db, const char *path, const je_import_opts *opts,
                                je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "enterprises", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[E_N];
    sqlite3_stmt *q[QE_N];
    if (!je_db_prepare_all(db, e_sql, q, QE_N)) {
        st = je_db_fail(db, err, "importing enterprises");
        goto end;
    }
    /* district and name_en may be absent; the rest are required */
    uint64_t required = (1u << E_N) - 1 - (1u << E_DIST) - (1u << E_NAME_EN);
    if ((st = je_batch_header(&b, e_cols, E_N, required, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, e_cols, 0, 0};
        validate_enterprise(q[QE_JUR], &r);
        int exists = r.bad ? 0 : je_row_exists(q[QE_GET], &r, E_CODE, "enterprise");
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        sqlite3_stmt *w = q[exists ? QE_UPD : QE_INS];
        bind_enterprise(w, &r);
        if ((st = je_record_put(&b, w, exists, "enterprise", "enterprise", "owner",
                                je_row_field(&r, E_CODE), je_row_field(&r, E_JUR),
                                "importing enterprises", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, QE_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- links ------------------------------------------------------------------ */

enum { L_REG, L_CODE, L_ENT, L_N };
static const char *const l_cols[L_N] = {"registry", "code", "enterprise_code"};

/* The registries a link can point from: the table, the word for messages, and the
 * column holding the record's jurisdiction. */
static const struct {
    const char *name, *tbl, *word, *owner_col;
} registries[] = {
    {"clinker-line", "clinker_line", "clinker line", "owner"},
    {"coal-unit", "coal_unit", "coal unit", "owner"},
    {"cp-audit", "cp_audit", "cleaner-production audit", "owner"},
};
enum { N_REG = sizeof registries / sizeof registries[0] };

/* Per registry: the record's owner and link, and the update. */
typedef struct link_stmts {
    sqlite3_stmt *get[N_REG], *set[N_REG];
    sqlite3_stmt *ent;
} link_stmts;

static void link_stmts_free(link_stmts *s)
{
    for (int k = 0; k < N_REG; k++) {
        sqlite3_finalize(s->get[k]);
        sqlite3_finalize(s->set[k]);
    }
    sqlite3_finalize(s->ent);
}

static int link_stmts_prepare(je_db *db, link_stmts *s)
{
    memset(s, 0, sizeof *s);
    char sql[200];
    for (int k = 0; k < N_REG; k++) {
        snprintf(sql, sizeof sql, "SELECT %s, enterprise_code FROM %s WHERE code = ?1",
                 registries[k].owner_col, registries[k].tbl);
        if (sqlite3_prepare_v2(db->db, sql, -1, &s->get[k], NULL) != SQLITE_OK)
            return 0;
        snprintf(sql, sizeof sql, "UPDATE %s SET enterprise_code = ?2 WHERE code = ?1",
                 registries[k].tbl);
        if (sqlite3_prepare_v2(db->db, sql, -1, &s->set[k], NULL) != SQLITE_OK)
            return 0;
    }
    return sqlite3_prepare_v2(db->db, "SELECT 1 FROM enterprise WHERE code = ?1", -1, &s->ent,
                              NULL) == SQLITE_OK;
}

/* Validate one link row: *reg the registry, owner the record's jurisdiction. 0 when
 * the row was rejected (or there is nothing to change: *same). */
static int validate_link(link_stmts *s, je_row *r, int *reg, char owner[16], int *same)
{
    const char *name = je_row_field(r, L_REG), *code = je_row_field(r, L_CODE),
               *ent = je_row_field(r, L_ENT);
    *same = 0;
    *reg = -1;
    for (int k = 0; k < N_REG; k++)
        if (strcmp(name, registries[k].name) == 0)
            *reg = k;
    if (*reg < 0) {
        je_row_reject(r, L_REG, "unknown registry '%s' (clinker-line, coal-unit or cp-audit)",
                      name);
        return 0;
    }
    if (ent[0]) {
        je_error e;
        if (je_uscc_check(ent, &e) != JE_OK) {
            je_row_reject(r, L_ENT, "%s", e.message);
            return 0;
        }
        sqlite3_bind_text(s->ent, 1, ent, -1, SQLITE_STATIC);
        int found = sqlite3_step(s->ent) == SQLITE_ROW;
        sqlite3_reset(s->ent);
        if (!found) {
            je_row_reject(r, L_ENT,
                          "unknown enterprise %s (import it first: jointenv import enterprises "
                          "FILE)",
                          ent);
            return 0;
        }
    }
    sqlite3_stmt *g = s->get[*reg];
    sqlite3_bind_text(g, 1, code, -1, SQLITE_STATIC);
    int found = sqlite3_step(g) == SQLITE_ROW;
    char now[32] = "";
    if (found) {
        je_db_copy_text(owner, 16, g, 0);
        je_db_copy_text(now, sizeof now, g, 1);
    }
    sqlite3_reset(g);
    if (!found) {
        je_row_reject(r, L_CODE, "unknown %s '%s' (import it first)", registries[*reg].word, code);
        return 0;
    }
    if (strcmp(now, ent) == 0) {
        *same = 1;
        return 0;
    }
    if (now[0] && !r->b->opts->replace) {
        je_row_reject(r, L_ENT,
                      "%s %s is already linked to enterprise %s (use --replace to change it)",
                      registries[*reg].word, code, now);
        return 0;
    }
    return 1;
}

je_status je_import_enterprise_links(je_db *db, const char *path, const je_import_opts *opts,
                                     je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "enterprise-links", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[L_N];
    link_stmts s;
    if (!link_stmts_prepare(db, &s)) {
        st = je_db_fail(db, err, "importing enterprise links");
        goto end;
    }
    if ((st = je_batch_header(&b, l_cols, L_N, (1u << L_N) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, l_cols, 0, 0};
        int reg, same;
        char owner[16] = "";
        int ok = validate_link(&s, &r, &reg, owner, &same);
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (!ok)
            continue;
        const char *code = je_row_field(&r, L_CODE), *ent = je_row_field(&r, L_ENT);
        char *before = NULL;
        if ((st = je_record_check(&b, JE_GOV_WRITE, registries[reg].tbl, registries[reg].word,
                                  registries[reg].owner_col, code, owner, &before, err)) != JE_OK)
            break;
        sqlite3_stmt *w = s.set[reg];
        sqlite3_bind_text(w, 1, code, -1, SQLITE_STATIC);
        if (ent[0])
            sqlite3_bind_text(w, 2, ent, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(w, 2);
        int rc = sqlite3_step(w);
        sqlite3_reset(w);
        if (rc != SQLITE_DONE) {
            free(before);
            st = je_db_fail(db, err, "importing enterprise links");
            break;
        }
        if ((st = je_record_log(&b, registries[reg].tbl, code, owner, before, err)) != JE_OK)
            break;
        rep->updated++;
    }
end:
    link_stmts_free(&s);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- queries ---------------------------------------------------------------- */

static const char ent_select[] =
    "SELECT e.code, e.name_zh, e.name_en, e.owner, e.district, e.sector,"
    " (SELECT count(*) FROM clinker_line l WHERE l.enterprise_code = e.code),"
    " (SELECT count(*) FROM coal_unit u WHERE u.enterprise_code = e.code),"
    " (SELECT count(*) FROM cp_audit a WHERE a.enterprise_code = e.code)"
    " FROM enterprise e";

static void read_enterprise(sqlite3_stmt *s, void *record)
{
    je_enterprise *x = record;
    je_db_copy_text(x->code, sizeof x->code, s, 0);
    je_db_copy_text(x->name_zh, sizeof x->name_zh, s, 1);
    je_db_copy_text(x->name_en, sizeof x->name_en, s, 2);
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 3);
    je_db_copy_text(x->district, sizeof x->district, s, 4);
    je_db_copy_text(x->sector, sizeof x->sector, s, 5);
    x->lines = sqlite3_column_int(s, 6);
    x->coal_units = sqlite3_column_int(s, 7);
    x->audits = sqlite3_column_int(s, 8);
}

je_status je_store_enterprises(je_db *db, const char *jurisdiction, je_enterprise **out,
                               size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    char sql[700];
    snprintf(sql, sizeof sql, "%s WHERE (?1 IS NULL OR e.owner = ?1) ORDER BY e.code", ent_select);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing enterprises");
    if (jurisdiction)
        sqlite3_bind_text(s, 1, jurisdiction, -1, SQLITE_STATIC);
    void *v;
    je_status st = je_db_collect(db, s, sizeof(je_enterprise), read_enterprise,
                                 "listing enterprises", &v, out_n, err);
    *out = v;
    return st;
}

je_status je_store_enterprise_get(je_db *db, const char *code, je_enterprise *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    char sql[700];
    snprintf(sql, sizeof sql, "%s WHERE e.code = ?1", ent_select);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the enterprise");
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    void *v;
    size_t n = 0;
    je_status st = je_db_collect(db, s, sizeof(je_enterprise), read_enterprise,
                                 "reading the enterprise", &v, &n, err);
    if (st != JE_OK)
        return st;
    if (n == 0)
        st = je_error_set(err, JE_ENOTFOUND,
                          "no enterprise %s (jointenv enterprise list shows the registry; "
                          "import it with jointenv import enterprises FILE)",
                          code);
    else
        *out = *(je_enterprise *)v;
    free(v);
    return st;
}

const char *je_ent_kind_name(je_ent_kind k)
{
    switch (k) {
    case JE_ENT_CLINKER_LINE:
        return "clinker-line";
    case JE_ENT_COAL_UNIT:
        return "coal-unit";
    case JE_ENT_CP_AUDIT:
        return "cp-audit";
    case JE_ENT_CP_OPTION:
        return "cp-option";
    case JE_ENT_ENERGY:
        return "energy";
    }
    return "?";
}

/* One query per kind: kind, code, name, jurisdiction, detail, all for ?1 = the
 * enterprise code. */
static const char records_sql[] =
    "SELECT 0, code, name_zh, owner, printf('plant %s, %g t/d clinker, grade %s', plant,"
    "  capacity_t_d, grade) FROM clinker_line WHERE enterprise_code = ?1"
    " UNION ALL SELECT 1, code, plant, owner, printf('%g MW, %s, commissioned %d, %s, %.0f MWh',"
    "  capacity_mw, technology, commissioned, status, generation_mwh)"
    "  FROM coal_unit WHERE enterprise_code = ?1"
    " UNION ALL SELECT 2, enterprise, name, owner, printf('%s audit, stage %s since %s',"
    "  CASE mandatory WHEN 1 THEN 'mandatory' ELSE 'voluntary' END, stage,"
    "  date(stage_day * 86400, 'unixepoch')) FROM cp_audit WHERE enterprise_code = ?1"
    " UNION ALL SELECT 3, o.code, o.title, o.owner, printf('%s cost, %s, investment %d.%02d yuan,"
    " %g tce, %g t water, %g t material', o.cost_class, o.status, o.investment_fen / 100,"
    "  o.investment_fen % 100, o.savings_tce, o.savings_water_t, o.savings_material_t)"
    "  FROM cp_option o JOIN cp_audit a ON a.enterprise = o.audit WHERE a.enterprise_code = ?1"
    " UNION ALL SELECT 4, year || ' ' || item, sector, jurisdiction, printf('%g (base unit; %s)',"
    "  quantity, CASE district WHEN '' THEN 'jurisdiction-wide' ELSE 'district ' || district"
    "  END) FROM energy_activity WHERE enterprise = ?1"
    " ORDER BY 1, 2";

static void read_record(sqlite3_stmt *s, void *record)
{
    je_ent_record *x = record;
    x->kind = (je_ent_kind)sqlite3_column_int(s, 0);
    je_db_copy_text(x->code, sizeof x->code, s, 1);
    je_db_copy_text(x->name, sizeof x->name, s, 2);
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 3);
    je_db_copy_text(x->detail, sizeof x->detail, s, 4);
}

je_status je_store_enterprise_records(je_db *db, const char *code, je_ent_record **out,
                                      size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    je_enterprise e;
    je_status st = je_store_enterprise_get(db, code, &e, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, records_sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the enterprise's records");
    sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
    void *v;
    st = je_db_collect(db, s, sizeof(je_ent_record), read_record,
                       "reading the enterprise's records", &v, out_n, err);
    *out = v;
    return st;
}
