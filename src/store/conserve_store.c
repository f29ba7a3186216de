/*
 * conserve_store.c — gene-bank accessions, forest units, their yearly values and
 * targets in the store (conserve.h). Accessions, units and targets are records
 * (permission checked, logged with before and after); yearly forest values are bulk
 * rows under the batch's content hash.
 */
#include "store/eco_internal.h"

#include "jointenv/conserve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- gene banks ---------------------------------------------------------------- */

enum { G_CODE, G_ZH, G_EN, G_KIND, G_BANK, G_LOC, G_JUR, G_ACC, G_SAMPLES, G_LAST, G_NCOLS };
static const char *const g_cols[G_NCOLS] = {"code",       "species_zh", "species_en", "kind",
                                            "bank",       "location",   "jurisdiction",
                                            "accessions", "samples",    "last_regeneration"};

/* The kinds of material (FAO Genebank Standards 2014; FAO cryoconservation guidelines
   2012 — docs/conserve.md), as the schema's CHECK. */
static const char *const gb_kinds[] = {"seed", "plant", "semen", "embryo", "live", "tissue", "dna"};

static int gb_validate(je_row *r, double *acc, double *samples)
{
    eco_len(r, G_CODE, 31, 1);
    eco_len(r, G_ZH, 63, 1);
    eco_len(r, G_EN, 127, 0);
    eco_len(r, G_BANK, 127, 1);
    eco_len(r, G_LOC, 95, 0);
    const char *k = je_row_field(r, G_KIND);
    size_t i = 0;
    while (i < sizeof gb_kinds / sizeof gb_kinds[0] && strcmp(gb_kinds[i], k) != 0)
        i++;
    if (i == sizeof gb_kinds / sizeof gb_kinds[0])
        je_row_reject(r, G_KIND, "kind: '%s' is not seed, plant, semen, embryo, live, tissue or dna",
                      k);
    eco_check_jur(r, G_JUR);
    eco_num(r, G_ACC, 0, 1e9, 1, 0, acc);
    eco_num(r, G_SAMPLES, 0, INFINITY, 0, 0, samples);
    int y, m;
    const char *lr = je_row_field(r, G_LAST);
    if (!eco_year_month(lr, &y, &m))
        je_row_reject(r, G_LAST, "last_regeneration: '%s' is not a year or YYYY-MM (1900 to 2200)",
                      lr);
    return r->bad == 0;
}

je_status je_import_genebank(je_db *db, const char *path, const je_import_opts *opts,
                             je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "genebank", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    static const char *const sql[] = {
        "SELECT batch_id FROM genebank_accession WHERE code = ?1",
        "INSERT INTO genebank_accession(code, species_zh, species_en, kind, bank, location, owner,"
        " accessions, samples, last_regeneration, batch_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        "UPDATE genebank_accession SET species_zh = ?2, species_en = ?3, kind = ?4, bank = ?5,"
        " location = ?6, owner = ?7, accessions = ?8, samples = ?9, last_regeneration = ?10,"
        " batch_id = ?11 WHERE code = ?1"};
    sqlite3_stmt *q[3];
    int c[G_NCOLS];
    if (!je_db_prepare_all(db, sql, q, 3)) {
        st = je_db_fail(db, err, "importing gene-bank accessions");
        goto end;
    }
    if ((st = je_batch_header(&b, g_cols, G_NCOLS, (1u << G_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, g_cols, 0, 0};
        double acc, samples;
        int good = gb_validate(&r, &acc, &samples);
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (!good)
            continue;
        int exists = je_row_exists(q[0], &r, G_CODE, "accession");
        if (exists < 0)
            continue;
        sqlite3_stmt *w = exists ? q[2] : q[1];
        static const int text[] = {G_CODE, G_ZH, G_EN, G_KIND, G_BANK, G_LOC, G_JUR};
        for (int k = 0; k < 7; k++)
            sqlite3_bind_text(w, k + 1, je_row_field(&r, text[k]), -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 8, (int64_t)acc);
        sqlite3_bind_double(w, 9, samples);
        sqlite3_bind_text(w, 10, je_row_field(&r, G_LAST), -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 11, b.id);
        if ((st = je_record_put(&b, w, exists, "genebank_accession", "gene-bank accession",
                                "owner", je_row_field(&r, G_CODE), je_row_field(&r, G_JUR),
                                "importing gene-bank accessions", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, 3);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

#define READABLE(t) "(" t ".public = 1 OR ?1 = 1 OR instr(?2, ',' || " t ".owner || ',') > 0)"

static je_status list(je_db *db, const char *sql, size_t size, je_row_reader rd, const char *what,
                      void **out, size_t *out_n, je_error *err)
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

static void read_accession(sqlite3_stmt *s, void *rec)
{
    je_gb_accession *a = rec;
    je_db_copy_text(a->code, sizeof a->code, s, 0);
    je_db_copy_text(a->species_zh, sizeof a->species_zh, s, 1);
    je_db_copy_text(a->species_en, sizeof a->species_en, s, 2);
    je_db_copy_text(a->kind, sizeof a->kind, s, 3);
    je_db_copy_text(a->bank, sizeof a->bank, s, 4);
    je_db_copy_text(a->location, sizeof a->location, s, 5);
    je_db_copy_text(a->jurisdiction, sizeof a->jurisdiction, s, 6);
    a->accessions = sqlite3_column_int64(s, 7);
    a->samples = sqlite3_column_double(s, 8);
    je_db_copy_text(a->last_regeneration, sizeof a->last_regeneration, s, 9);
    je_db_copy_text(a->note, sizeof a->note, s, 10);
}

je_status je_store_genebank(je_db *db, je_gb_accession **out, size_t *out_n, je_error *err)
{
    void *v;
    je_status st = list(db,
                        "SELECT a.code, a.species_zh, a.species_en, a.kind, a.bank, a.location,"
                        " a.owner, a.accessions, a.samples, a.last_regeneration, a.note"
                        " FROM genebank_accession a WHERE " READABLE("a") " ORDER BY a.id",
                        sizeof **out, read_accession, "listing gene-bank accessions", &v, out_n,
                        err);
    *out = v;
    return st;
}

#define GB_ROW_SQL "SELECT * FROM genebank_accession WHERE code = ?1"

static je_status gb_update_in(je_db *db, const char *code, const char *regenerated, double samples,
                              const char *note, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT owner, last_regeneration FROM genebank_accession WHERE code = ?1",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "updating a gene-bank accession");
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    char owner[16] = "", last[8] = "";
    int found = sqlite3_step(s) == SQLITE_ROW;
    if (found) {
        je_db_copy_text(owner, sizeof owner, s, 0);
        je_db_copy_text(last, sizeof last, s, 1);
    }
    sqlite3_finalize(s);
    if (!found)
        return je_error_set(err, JE_ENOTFOUND,
                            "no gene-bank accession '%s' (jointenv genebank status lists them)",
                            code);
    char what[64];
    snprintf(what, sizeof what, "gene-bank accession %s", code);
    je_status st = je_db_may(db, JE_GOV_WRITE, owner, 0, what, err);
    if (st != JE_OK)
        return st;
    int y, m, ly, lm;
    if (regenerated && !eco_year_month(regenerated, &y, &m))
        return je_error_set(err, JE_EINVAL,
                            "regenerated: '%s' is not a year or YYYY-MM (1900 to 2200)",
                            regenerated);
    if (regenerated && eco_year_month(last, &ly, &lm) && (y < ly || (y == ly && m && lm && m < lm)))
        return je_error_set(err, JE_EINVAL,
                            "regenerated %s is before the recorded last regeneration %s of %s",
                            regenerated, last, code);
    if (!isnan(samples) && !(samples >= 0 && isfinite(samples)))
        return je_error_set(err, JE_EINVAL, "samples: %g is not a number of 0 or more", samples);
    char *before = NULL;
    if ((st = je_audit_snapshot(db, GB_ROW_SQL, code, &before, err)) != JE_OK)
        return st;
    if (sqlite3_prepare_v2(db->db,
                           "UPDATE genebank_accession SET last_regeneration ="
                           " coalesce(?2, last_regeneration), samples = coalesce(?3, samples),"
                           " note = coalesce(?4, note) WHERE code = ?1",
                           -1, &s, NULL) != SQLITE_OK) {
        free(before);
        return je_db_fail(db, err, "updating a gene-bank accession");
    }
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    eco_bind_opt(s, 2, regenerated);
    eco_bind_num(s, 3, samples);
    if (note)
        sqlite3_bind_text(s, 4, note, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        st = je_db_fail(db, err, "updating a gene-bank accession");
    else
        st = je_audit_record(db, owner, "genebank_accession", code, "update", before, GB_ROW_SQL,
                             err);
    free(before);
    return st;
}

je_status je_gb_update(je_db *db, const char *code, const char *regenerated, double samples,
                       const char *note, je_error *err)
{
    if (code == NULL || (regenerated == NULL && isnan(samples) && note == NULL))
        return je_error_set(err, JE_EINVAL,
                            "nothing to update: give a regeneration, a stock count or a note");
    je_status st = je_db_exec(db, "BEGIN IMMEDIATE", err);
    if (st != JE_OK)
        return st;
    if ((st = gb_update_in(db, code, regenerated, samples, note, err)) == JE_OK &&
        (st = je_db_exec(db, "COMMIT", err)) == JE_OK)
        return JE_OK;
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* ---- forests ------------------------------------------------------------------- */

enum { F_UNIT, F_ZH, F_EN, F_YEAR, F_COV, F_STOCK, F_AFF, F_JUR, F_NCOLS };
static const char *const f_cols[F_NCOLS] = {"unit",         "name_zh",  "name_en",
                                            "year",         "coverage_pct", "stock_m3",
                                            "afforestation_ha", "jurisdiction"};
enum { FQ_UNIT, FQ_UINS, FQ_UUPD, FQ_GET, FQ_DEL, FQ_INS, FQ_N };

/* The unit of row r: created, or renamed when its names changed (a logged record).
   *out_id its id (0 when the row was rejected), owner its jurisdiction. */
static je_status forest_unit(je_row *r, sqlite3_stmt **q, const char *owner, int64_t *out_id,
                             je_error *err)
{
    je_batch *b = r->b;
    const char *code = je_row_field(r, F_UNIT), *zh = je_row_field(r, F_ZH),
               *en = je_row_field(r, F_EN);
    *out_id = 0;
    sqlite3_stmt *g = q[FQ_UNIT];
    sqlite3_bind_text(g, 1, code, -1, SQLITE_STATIC);
    int exists = 0, same = 0;
    if (sqlite3_step(g) == SQLITE_ROW) {
        exists = 1;
        *out_id = sqlite3_column_int64(g, 0);
        same = strcmp((const char *)sqlite3_column_text(g, 1), zh) == 0 &&
               strcmp((const char *)sqlite3_column_text(g, 2), en) == 0 &&
               strcmp((const char *)sqlite3_column_text(g, 3), owner) == 0;
    }
    sqlite3_reset(g);
    if (exists && same)
        return JE_OK;
    char *before = NULL;
    je_status st = je_record_check(b, JE_GOV_WRITE, "forest_unit", "forest unit", "owner", code,
                                   owner, &before, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *w = exists ? q[FQ_UUPD] : q[FQ_UINS];
    sqlite3_bind_text(w, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 2, zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 3, en, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 4, owner, -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 5, b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    if (rc != SQLITE_DONE) {
        free(before);
        return je_db_fail(b->db, err, "importing forests");
    }
    if (!exists)
        *out_id = sqlite3_last_insert_rowid(b->db->db);
    return je_record_log(b, "forest_unit", code, owner, before, err);
}

static je_status forest_row(je_row *r, sqlite3_stmt **q, je_error *err)
{
    double year, v[3];
    eco_len(r, F_UNIT, 15, 1);
    eco_len(r, F_ZH, 63, 1);
    eco_len(r, F_EN, 95, 0);
    eco_num(r, F_YEAR, 1900, 2200, 1, 0, &year);
    eco_num(r, F_COV, 0, 100, 0, 1, &v[0]);
    eco_num(r, F_STOCK, 0, INFINITY, 0, 1, &v[1]);
    eco_num(r, F_AFF, 0, INFINITY, 0, 1, &v[2]);
    /* the owner: the jurisdiction column, else the province-level unit of the code
       (GB/T 2260: its first two digits, then 0000) */
    char owner[16] = "";
    const char *unit = je_row_field(r, F_UNIT);
    if (r->c[F_JUR] >= 0) {
        if (eco_check_jur(r, F_JUR))
            snprintf(owner, sizeof owner, "%s", je_row_field(r, F_JUR));
    } else if (strlen(unit) == 6) {
        snprintf(owner, sizeof owner, "%.2s0000", unit);
        if (eco_jur_exists(r->b->db, owner) != 1)
            je_row_reject(r, F_UNIT,
                          "unit %s: its province-level jurisdiction %s is not stored (import "
                          "jurisdictions first, or add a jurisdiction column)",
                          unit, owner);
    } else
        je_row_reject(r, F_UNIT,
                      "unit '%s' is not a 6-digit GB/T 2260 code: add a jurisdiction column",
                      unit);
    if (r->bad || r->nomem)
        return JE_OK;
    char what[64];
    snprintf(what, sizeof what, "forest data of %s", unit);
    je_status st = eco_may_write(r, F_UNIT, owner, what, err);
    int64_t uid = 0;
    if (st == JE_OK)
        st = forest_unit(r, q, owner, &uid, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *g = q[FQ_GET];
    sqlite3_bind_int64(g, 1, uid);
    sqlite3_bind_int(g, 2, (int)year);
    int64_t old_id = 0, old_batch = 0;
    if (sqlite3_step(g) == SQLITE_ROW) {
        old_id = sqlite3_column_int64(g, 0);
        old_batch = sqlite3_column_int64(g, 1);
    }
    sqlite3_reset(g);
    if (old_id && (old_batch == r->b->id || !r->b->opts->replace)) {
        je_row_reject(r, F_YEAR, "%s, %d %s", unit, (int)year,
                      old_batch == r->b->id ? "appears twice in this file"
                                            : "is already stored (use --replace to update it)");
        return JE_OK;
    }
    if (old_id) {
        if (!je_batch_replaced(r->b, old_batch))
            return je_error_set(err, JE_ENOMEM, "out of memory");
        sqlite3_bind_int64(q[FQ_DEL], 1, old_id);
        int rc = sqlite3_step(q[FQ_DEL]);
        sqlite3_reset(q[FQ_DEL]);
        if (rc != SQLITE_DONE)
            return je_db_fail(r->b->db, err, "importing forests");
    }
    sqlite3_stmt *w = q[FQ_INS];
    sqlite3_bind_int64(w, 1, uid);
    sqlite3_bind_int(w, 2, (int)year);
    for (int k = 0; k < 3; k++)
        eco_bind_num(w, 3 + k, v[k]);
    sqlite3_bind_int64(w, 6, r->b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    if (rc != SQLITE_DONE)
        return je_db_fail(r->b->db, err, "importing forests");
    if (old_id)
        r->b->rep->updated++;
    else
        r->b->rep->inserted++;
    return JE_OK;
}

je_status je_import_forests(je_db *db, const char *path, const je_import_opts *opts,
                            je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "forests", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    eco_bulk(&b, "forest_value", "unit_ref");
    static const char *const sql[FQ_N] = {
        "SELECT id, name_zh, name_en, owner FROM forest_unit WHERE code = ?1",
        "INSERT INTO forest_unit(code, name_zh, name_en, owner, batch_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5)",
        "UPDATE forest_unit SET name_zh = ?2, name_en = ?3, owner = ?4, batch_id = ?5"
        " WHERE code = ?1",
        "SELECT id, batch_id FROM forest_value WHERE unit_ref = ?1 AND year = ?2",
        "DELETE FROM forest_value WHERE id = ?1",
        "INSERT INTO forest_value(unit_ref, year, coverage_pct, stock_m3, afforestation_ha,"
        " batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};
    sqlite3_stmt *q[FQ_N];
    int c[F_NCOLS];
    if (!je_db_prepare_all(db, sql, q, FQ_N)) {
        st = je_db_fail(db, err, "importing forests");
        goto end;
    }
    if ((st = je_batch_header(&b, f_cols, F_NCOLS, (1u << 4) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, f_cols, 0, 0};
        if ((st = forest_row(&r, q, err)) != JE_OK)
            break;
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
    }
    if (st == JE_OK && rep->errors.total == 0)
        st = eco_extent(&b, "forest_value", "unit_ref", err);
end:
    je_db_finalize_all(q, FQ_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

enum { T_UNIT, T_IND, T_BY, T_BASE, T_TY, T_TARGET, T_NCOLS };
static const char *const t_cols[T_NCOLS] = {"unit", "indicator", "base_year", "base",
                                            "target_year", "target"};

static je_status target_row(je_row *r, sqlite3_stmt **q, je_error *err)
{
    je_batch *b = r->b;
    je_forest_target t;
    double by, ty;
    const char *ind = je_row_field(r, T_IND);
    if (strcmp(ind, "coverage_pct") != 0 && strcmp(ind, "stock_m3") != 0)
        je_row_reject(r, T_IND, "indicator: '%s' is not coverage_pct or stock_m3", ind);
    int ok = eco_num(r, T_BY, 1900, 2200, 1, 0, &by) & eco_num(r, T_TY, 1900, 2200, 1, 0, &ty) &
             eco_num(r, T_BASE, 0, INFINITY, 0, 0, &t.base) &
             eco_num(r, T_TARGET, 0, INFINITY, 0, 0, &t.target);
    if (ok) {
        t.base_year = (int)by;
        t.target_year = (int)ty;
        je_forest_progress p;
        je_error e;
        if (je_forest_progress_of(&t, t.base_year, t.base, &p, &e) != JE_OK)
            je_row_reject(r, T_TARGET, "%s", e.message);
    }
    const char *unit = je_row_field(r, T_UNIT);
    sqlite3_bind_text(q[0], 1, unit, -1, SQLITE_STATIC);
    int64_t uid = 0;
    char owner[16] = "";
    if (sqlite3_step(q[0]) == SQLITE_ROW) {
        uid = sqlite3_column_int64(q[0], 0);
        je_db_copy_text(owner, sizeof owner, q[0], 1);
    }
    sqlite3_reset(q[0]);
    if (uid == 0)
        je_row_reject(r, T_UNIT, "unknown forest unit '%s' (import it first: jointenv import "
                                 "forests FILE)",
                      unit);
    if (r->bad || r->nomem)
        return JE_OK;
    char code[40];
    snprintf(code, sizeof code, "%s/%s", unit, ind);
    sqlite3_bind_text(q[1], 1, code, -1, SQLITE_STATIC);
    int exists = 0;
    int64_t batch = 0;
    if (sqlite3_step(q[1]) == SQLITE_ROW) {
        exists = 1;
        batch = sqlite3_column_int64(q[1], 0);
    }
    sqlite3_reset(q[1]);
    if (exists && (batch == b->id || !b->opts->replace)) {
        je_row_reject(r, T_IND, "the %s target of %s %s", ind, unit,
                      batch == b->id ? "appears twice in this file"
                                     : "already exists (use --replace to update it)");
        return JE_OK;
    }
    char *before = NULL;
    je_status st = je_record_check(b, JE_GOV_WRITE, "forest_target", "forest target", "owner", code,
                                   owner, &before, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *w = exists ? q[3] : q[2];
    sqlite3_bind_text(w, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 2, uid);
    sqlite3_bind_text(w, 3, ind, -1, SQLITE_STATIC);
    sqlite3_bind_int(w, 4, t.base_year);
    sqlite3_bind_double(w, 5, t.base);
    sqlite3_bind_int(w, 6, t.target_year);
    sqlite3_bind_double(w, 7, t.target);
    sqlite3_bind_text(w, 8, owner, -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 9, b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    if (rc != SQLITE_DONE) {
        free(before);
        return je_db_fail(b->db, err, "importing forest targets");
    }
    if ((st = je_record_log(b, "forest_target", code, owner, before, err)) != JE_OK)
        return st;
    if (exists)
        b->rep->updated++;
    else
        b->rep->inserted++;
    return JE_OK;
}

je_status je_import_forest_targets(je_db *db, const char *path, const je_import_opts *opts,
                                   je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "forest-targets", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    static const char *const sql[4] = {
        "SELECT id, owner FROM forest_unit WHERE code = ?1",
        "SELECT batch_id FROM forest_target WHERE code = ?1",
        "INSERT INTO forest_target(code, unit_ref, indicator, base_year, base, target_year,"
        " target, owner, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        "UPDATE forest_target SET unit_ref = ?2, indicator = ?3, base_year = ?4, base = ?5,"
        " target_year = ?6, target = ?7, owner = ?8, batch_id = ?9 WHERE code = ?1"};
    sqlite3_stmt *q[4];
    int c[T_NCOLS];
    if (!je_db_prepare_all(db, sql, q, 4)) {
        st = je_db_fail(db, err, "importing forest targets");
        goto end;
    }
    if ((st = je_batch_header(&b, t_cols, T_NCOLS, (1u << T_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, t_cols, 0, 0};
        if ((st = target_row(&r, q, err)) != JE_OK)
            break;
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
    }
end:
    je_db_finalize_all(q, 4);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

static void read_forest(sqlite3_stmt *s, void *rec)
{
    je_forest_row *f = rec;
    je_db_copy_text(f->unit, sizeof f->unit, s, 0);
    je_db_copy_text(f->name_zh, sizeof f->name_zh, s, 1);
    je_db_copy_text(f->name_en, sizeof f->name_en, s, 2);
    je_db_copy_text(f->jurisdiction, sizeof f->jurisdiction, s, 3);
    f->year = sqlite3_column_int(s, 4);
    f->coverage_pct = eco_col_num(s, 5);
    f->stock_m3 = eco_col_num(s, 6);
    f->afforestation_ha = eco_col_num(s, 7);
}

je_status je_store_forests(je_db *db, je_forest_row **out, size_t *out_n, je_error *err)
{
    void *v;
    je_status st =
        list(db,
             "SELECT u.code, u.name_zh, u.name_en, u.owner, x.year, x.coverage_pct, x.stock_m3,"
             " x.afforestation_ha FROM forest_value x JOIN forest_unit u ON u.id = x.unit_ref"
             " WHERE " READABLE("u") " ORDER BY u.id, x.year",
             sizeof **out, read_forest, "listing forests", &v, out_n, err);
    *out = v;
    return st;
}

static void read_target(sqlite3_stmt *s, void *rec)
{
    je_forest_target_row *t = rec;
    je_db_copy_text(t->unit, sizeof t->unit, s, 0);
    je_db_copy_text(t->indicator, sizeof t->indicator, s, 1);
    je_db_copy_text(t->jurisdiction, sizeof t->jurisdiction, s, 2);
    t->t.base_year = sqlite3_column_int(s, 3);
    t->t.base = sqlite3_column_double(s, 4);
    t->t.target_year = sqlite3_column_int(s, 5);
    t->t.target = sqlite3_column_double(s, 6);
}

je_status je_store_forest_targets(je_db *db, je_forest_target_row **out, size_t *out_n,
                                  je_error *err)
{
    void *v;
    je_status st = list(db,
                        "SELECT u.code, t.indicator, t.owner, t.base_year, t.base, t.target_year,"
                        " t.target FROM forest_target t JOIN forest_unit u ON u.id = t.unit_ref"
                        " WHERE " READABLE("t") " ORDER BY t.id",
                        sizeof **out, read_target, "listing forest targets", &v, out_n, err);
    *out = v;
    return st;
}
