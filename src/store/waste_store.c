/*
 * waste_store.c — zero-waste city districts and their data in the store (waste.h):
 * imports (districts as logged records, values as bulk rows under the batch's
 * content hash), queries, and the evaluation recorded as a run.
 */
#include "store/eco_internal.h"

#include "jointenv/run.h"
#include "jointenv/waste.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- districts --------------------------------------------------------------- */

enum { D_CODE, D_ZH, D_EN, D_JUR, D_NCOLS };
static const char *const d_cols[D_NCOLS] = {"code", "name_zh", "name_en", "jurisdiction"};

je_status je_import_waste_districts(je_db *db, const char *path, const je_import_opts *opts,
                                    je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "waste-districts", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    static const char *const sql[] = {
        "SELECT batch_id FROM waste_district WHERE code = ?1",
        "INSERT INTO waste_district(code, name_zh, name_en, owner, batch_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5)",
        "UPDATE waste_district SET name_zh = ?2, name_en = ?3, owner = ?4, batch_id = ?5"
        " WHERE code = ?1"};
    sqlite3_stmt *q[3];
    int c[D_NCOLS];
    if (!je_db_prepare_all(db, sql, q, 3)) {
        st = je_db_fail(db, err, "importing zero-waste districts");
        goto end;
    }
    if ((st = je_batch_header(&b, d_cols, D_NCOLS, (1u << D_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, d_cols, 0, 0};
        eco_len(&r, D_CODE, 15, 1);
        eco_len(&r, D_ZH, 63, 1);
        eco_len(&r, D_EN, 95, 0);
        eco_check_jur(&r, D_JUR);
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        int exists = je_row_exists(q[0], &r, D_CODE, "district");
        if (exists < 0)
            continue;
        sqlite3_stmt *w = exists ? q[2] : q[1];
        for (int k = 0; k < D_NCOLS; k++)
            sqlite3_bind_text(w, k + 1, je_row_field(&r, k), -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 5, b.id);
        if ((st = je_record_put(&b, w, exists, "waste_district", "zero-waste district", "owner",
                                je_row_field(&r, D_CODE), je_row_field(&r, D_JUR),
                                "importing zero-waste districts", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, 3);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- values ------------------------------------------------------------------ */

enum { V_DIST, V_YEAR, V_VAR, V_VALUE, V_NCOLS };
static const char *const v_cols[V_NCOLS] = {"district", "year", "variable", "value"};
enum { VQ_DIST, VQ_GET, VQ_DEL, VQ_INS, VQ_N };

/* One value row: validated, permission checked, the stored one replaced (--replace)
   or the row rejected. JE_OK, or a fatal status. */
static je_status value_row(je_row *r, sqlite3_stmt **q, je_error *err)
{
    double year, value;
    eco_num(r, V_YEAR, 1900, 2200, 1, 0, &year);
    eco_len(r, V_VAR, 47, 1);
    eco_num(r, V_VALUE, 0, INFINITY, 0, 0, &value);
    const char *code = je_row_field(r, V_DIST);
    sqlite3_bind_text(q[VQ_DIST], 1, code, -1, SQLITE_STATIC);
    int64_t dist = 0;
    char owner[16] = "";
    if (sqlite3_step(q[VQ_DIST]) == SQLITE_ROW) {
        dist = sqlite3_column_int64(q[VQ_DIST], 0);
        je_db_copy_text(owner, sizeof owner, q[VQ_DIST], 1);
    }
    sqlite3_reset(q[VQ_DIST]);
    if (dist == 0)
        je_row_reject(r, V_DIST,
                      "unknown district '%s' (import it first: jointenv import waste-districts "
                      "FILE)",
                      code);
    if (r->bad || r->nomem)
        return JE_OK;
    char what[96];
    snprintf(what, sizeof what, "zero-waste data of district %s", code);
    je_status st = eco_may_write(r, V_DIST, owner, what, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *g = q[VQ_GET];
    sqlite3_bind_int64(g, 1, dist);
    sqlite3_bind_int(g, 2, (int)year);
    sqlite3_bind_text(g, 3, je_row_field(r, V_VAR), -1, SQLITE_STATIC);
    int64_t old_id = 0, old_batch = 0;
    if (sqlite3_step(g) == SQLITE_ROW) {
        old_id = sqlite3_column_int64(g, 0);
        old_batch = sqlite3_column_int64(g, 1);
    }
    sqlite3_reset(g);
    if (old_id && (old_batch == r->b->id || !r->b->opts->replace)) {
        je_row_reject(r, V_VAR, "%s of district %s, %d %s", je_row_field(r, V_VAR), code,
                      (int)year,
                      old_batch == r->b->id ? "appears twice in this file"
                                            : "is already stored (use --replace to update it)");
        return JE_OK;
    }
    if (old_id) {
        if (!je_batch_replaced(r->b, old_batch))
            return je_error_set(err, JE_ENOMEM, "out of memory");
        sqlite3_bind_int64(q[VQ_DEL], 1, old_id);
        int rc = sqlite3_step(q[VQ_DEL]);
        sqlite3_reset(q[VQ_DEL]);
        if (rc != SQLITE_DONE)
            return je_db_fail(r->b->db, err, "importing zero-waste data");
    }
    sqlite3_stmt *w = q[VQ_INS];
    sqlite3_bind_int64(w, 1, dist);
    sqlite3_bind_int(w, 2, (int)year);
    sqlite3_bind_text(w, 3, je_row_field(r, V_VAR), -1, SQLITE_STATIC);
    sqlite3_bind_double(w, 4, value);
    sqlite3_bind_int64(w, 5, r->b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    if (rc != SQLITE_DONE)
        return je_db_fail(r->b->db, err, "importing zero-waste data");
    if (old_id)
        r->b->rep->updated++;
    else
        r->b->rep->inserted++;
    return JE_OK;
}

je_status je_import_waste_values(je_db *db, const char *path, const je_import_opts *opts,
                                 je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "waste-data", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    eco_bulk(&b, "waste_value", "district_ref");
    static const char *const sql[VQ_N] = {
        "SELECT id, owner FROM waste_district WHERE code = ?1",
        "SELECT id, batch_id FROM waste_value WHERE district_ref = ?1 AND year = ?2 AND"
        " variable = ?3",
        "DELETE FROM waste_value WHERE id = ?1",
        "INSERT INTO waste_value(district_ref, year, variable, value, batch_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5)"};
    sqlite3_stmt *q[VQ_N];
    int c[V_NCOLS];
    if (!je_db_prepare_all(db, sql, q, VQ_N)) {
        st = je_db_fail(db, err, "importing zero-waste data");
        goto end;
    }
    if ((st = je_batch_header(&b, v_cols, V_NCOLS, (1u << V_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, v_cols, 0, 0};
        if ((st = value_row(&r, q, err)) != JE_OK)
            break;
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
    }
    if (st == JE_OK && rep->errors.total == 0)
        st = eco_extent(&b, "waste_value", "district_ref", err);
end:
    je_db_finalize_all(q, VQ_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- queries ----------------------------------------------------------------- */

static void read_district(sqlite3_stmt *s, void *rec)
{
    je_waste_district *d = rec;
    je_db_copy_text(d->code, sizeof d->code, s, 0);
    je_db_copy_text(d->name_zh, sizeof d->name_zh, s, 1);
    je_db_copy_text(d->name_en, sizeof d->name_en, s, 2);
    je_db_copy_text(d->jurisdiction, sizeof d->jurisdiction, s, 3);
}

static void read_value(sqlite3_stmt *s, void *rec)
{
    je_waste_value *v = rec;
    je_db_copy_text(v->district, sizeof v->district, s, 0);
    v->year = sqlite3_column_int(s, 1);
    je_db_copy_text(v->variable, sizeof v->variable, s, 2);
    v->value = sqlite3_column_double(s, 3);
}

#define READABLE "(d.public = 1 OR ?1 = 1 OR instr(?2, ',' || d.owner || ',') > 0)"

static je_status collect(je_db *db, const char *sql, size_t size, je_row_reader rd,
                         const char *what, void **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, what);
    int all;
    char readable[JE_GOV_MAX_GRANTS * 8 + 2];
    je_db_readable(db, &all, readable, sizeof readable);
    sqlite3_bind_int(s, 1, all);
    sqlite3_bind_text(s, 2, readable, -1, SQLITE_TRANSIENT);
    return je_db_collect(db, s, size, rd, what, out, out_n, err);
}

je_status je_store_waste_districts(je_db *db, je_waste_district **out, size_t *out_n,
                                   je_error *err)
{
    void *v;
    je_status st = collect(db,
                           "SELECT d.code, d.name_zh, d.name_en, d.owner FROM waste_district d"
                           " WHERE " READABLE " ORDER BY d.code",
                           sizeof **out, read_district, "listing zero-waste districts", &v, out_n,
                           err);
    *out = v;
    return st;
}

je_status je_store_waste_values(je_db *db, je_waste_value **out, size_t *out_n, je_error *err)
{
    void *v;
    je_status st =
        collect(db,
                "SELECT d.code, x.year, x.variable, x.value FROM waste_value x"
                " JOIN waste_district d ON d.id = x.district_ref WHERE " READABLE
                " ORDER BY d.code, x.year, x.variable",
                sizeof **out, read_value, "listing zero-waste data", &v, out_n, err);
    *out = v;
    return st;
}

/* ---- the evaluation as a run ------------------------------------------------- */

static void num(FILE *fp, double v)
{
    if (!isnan(v))
        fprintf(fp, "%.10g", v);
}

je_status je_waste_canonical(const je_waste_system *sys, const je_waste_district *d, size_t nd,
                             const je_waste_card *cards, char **out, je_error *err)
{
    size_t len;
    *out = NULL;
    FILE *fp = open_memstream(out, &len);
    if (fp == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    fputs("district,rank,composite,coverage,prev_composite,mandatory", fp);
    for (size_t i = 0; i < sys->n_ind; i++)
        fprintf(fp, ",%s", sys->ind[i].id);
    fputc('\n', fp);
    for (size_t k = 0; k < nd; k++) {
        const je_waste_card *c = &cards[k];
        fprintf(fp, "%s,%d,", d[k].code, c->rank);
        num(fp, c->composite);
        fputc(',', fp);
        num(fp, c->coverage);
        fputc(',', fp);
        num(fp, c->prev_composite);
        fprintf(fp, ",%zu/%zu", c->mandatory_met, c->mandatory_total);
        for (size_t i = 0; i < sys->n_ind; i++) {
            fputc(',', fp);
            num(fp, c->res[i].value);
        }
        fputc('\n', fp);
    }
    if (fclose(fp) != 0) {
        free(*out);
        *out = NULL;
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    return JE_OK;
}

static char *read_all(const char *path, size_t *len, je_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "cannot read the indicator system");
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = cap ? 2 * cap : 65536;
            char *p = realloc(buf, cap + 1);
            if (p == NULL) {
                free(buf);
                fclose(fp);
                je_error_set(err, JE_ENOMEM, "out of memory");
                return NULL;
            }
            buf = p;
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
    } while (got > 0);
    fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* What one evaluation computed: the canonical inputs and output and their hashes. */
typedef struct computed {
    char rules_sha[65], input_sha[65], output_sha[65];
    char *inputs, *output;
} computed;

static void computed_free(computed *c)
{
    free(c->inputs);
    free(c->output);
}

static void sha_text(const char *text, char hex[65])
{
    je_sha256 h;
    hex[0] = '\0';
    if (je_sha256_init(&h) != JE_OK)
        return;
    je_sha256_update(&h, text, strlen(text));
    je_sha256_final_hex(&h, hex);
    je_sha256_free(&h);
}

/* 1 when the evaluation of `year` reads values of year y: year, year − 1 and the
   base years of "change" indicators (je_waste_evaluate). */
static int year_used(const je_waste_system *sys, int year, int y)
{
    if (y == year || y == year - 1)
        return 1;
    for (size_t i = 0; i < sys->n_ind; i++)
        if (sys->ind[i].formula == JE_WASTE_CHANGE && sys->ind[i].base_year == y)
            return 1;
    return 0;
}

static je_status compute(je_db *db, const char *system_path, int year, computed *c, je_error *err)
{
    memset(c, 0, sizeof *c);
    size_t len = 0;
    char *json = read_all(system_path, &len, err);
    if (json == NULL)
        return err ? err->status : JE_EIO;
    je_waste_system sys;
    memset(&sys, 0, sizeof sys);
    je_status st = je_waste_system_parse(json, len, system_path, &sys, err);
    if (st == JE_OK) {
        je_sha256 h;
        if ((st = je_sha256_init(&h)) == JE_OK) {
            je_sha256_update(&h, json, len);
            je_sha256_final_hex(&h, c->rules_sha);
            je_sha256_free(&h);
        }
    }
    free(json);
    je_waste_district *d = NULL;
    je_waste_value *v = NULL;
    size_t nd = 0, nv = 0, nused = 0;
    je_waste_card *cards = NULL;
    if (st == JE_OK && (st = je_store_waste_districts(db, &d, &nd, err)) == JE_OK)
        st = je_store_waste_values(db, &v, &nv, err);
    FILE *fp = NULL;
    size_t ilen;
    if (st == JE_OK && (fp = open_memstream(&c->inputs, &ilen)) == NULL)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    if (st == JE_OK) {
        fputs("code,name_zh,name_en,jurisdiction\n", fp);
        for (size_t k = 0; k < nd; k++)
            fprintf(fp, "%s,%s,%s,%s\n", d[k].code, d[k].name_zh, d[k].name_en,
                    d[k].jurisdiction);
        fputs("district,year,variable,value\n", fp);
        for (size_t i = 0; i < nv; i++)
            if (year_used(&sys, year, v[i].year)) {
                fprintf(fp, "%s,%d,%s,%.17g\n", v[i].district, v[i].year, v[i].variable,
                        v[i].value);
                v[nused++] = v[i];
            }
        if (fclose(fp) != 0)
            st = je_error_set(err, JE_ENOMEM, "out of memory");
    }
    if (st == JE_OK && nused == 0)
        st = je_error_set(err, JE_ENOTFOUND,
                          "no zero-waste data for %d in the database (import it: jointenv "
                          "import waste-data FILE)",
                          year);
    if (st == JE_OK)
        st = je_waste_evaluate(&sys, d, nd, v, nused, year, &cards, err);
    if (st == JE_OK)
        st = je_waste_canonical(&sys, d, nd, cards, &c->output, err);
    if (st == JE_OK) {
        sha_text(c->inputs, c->input_sha);
        sha_text(c->output, c->output_sha);
    }
    je_waste_cards_free(cards, nd);
    je_waste_system_free(&sys);
    free(d);
    free(v);
    if (st != JE_OK)
        computed_free(c);
    return st;
}

je_status je_waste_run_record(je_db *db, const char *system_path, int year, int64_t *out_run,
                              je_error *err)
{
    if (!db->who.local_admin && db->who.user[0] == '\0')
        return je_error_set(err, JE_EPERM,
                            "anonymous users may not record a zero-waste run (log in with --user "
                            "NAME or JOINTENV_TOKEN)");
    je_status st;
    computed c;
    if ((st = compute(db, system_path, year, &c, err)) != JE_OK)
        return st;
    json_t *p = json_pack("{s:s, s:i}", "system_path", system_path, "year", year);
    char *params = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(p);
    if (params == NULL)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    else {
        je_run_new r = {"zero-waste", c.rules_sha, c.input_sha, c.output_sha,
                        params,       c.inputs,    c.output};
        st = je_run_record(db, &r, out_run, err);
    }
    free(params);
    computed_free(&c);
    return st;
}

je_status je_waste_run_verify(je_db *db, int64_t run_id, const char *system_path,
                              je_waste_verify *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    je_run run;
    je_status st = je_run_get(db, run_id, &run, err);
    if (st != JE_OK)
        return st;
    if (strcmp(run.engine, "zero-waste") != 0) {
        st = je_error_set(err, JE_EINVAL, "run %lld is a %s run, not a zero-waste run",
                          (long long)run_id, run.engine);
        je_run_clear(&run);
        return st;
    }
    memcpy(out->stored_rules, run.ruleset_sha256, 65);
    memcpy(out->stored_input, run.input_sha256, 65);
    memcpy(out->stored_output, run.output_sha256, 65);
    json_t *p = run.params ? json_loads(run.params, 0, NULL) : NULL;
    const char *path = NULL;
    if (p == NULL || json_unpack(p, "{s:s, s:i}", "system_path", &path, "year", &out->year) != 0)
        st = je_error_set(err, JE_EDATA, "run %lld has unreadable parameters", (long long)run_id);
    else
        snprintf(out->system_path, sizeof out->system_path, "%s", system_path ? system_path : path);
    json_decref(p);
    je_run_clear(&run);
    computed c;
    if (st == JE_OK && (st = compute(db, out->system_path, out->year, &c, err)) == JE_OK) {
        memcpy(out->now_rules, c.rules_sha, 65);
        memcpy(out->now_input, c.input_sha, 65);
        memcpy(out->now_output, c.output_sha, 65);
        out->identical = strcmp(out->stored_output, out->now_output) == 0;
        out->rules_changed = strcmp(out->stored_rules, out->now_rules) != 0;
        out->inputs_changed = strcmp(out->stored_input, out->now_input) != 0;
        computed_free(&c);
    }
    return st;
}
