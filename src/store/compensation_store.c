/*
 * compensation_store.c — the store's side of ecological compensation: gathering an
 * agreement's inputs (period means, classes, flows), recording a settlement as a run
 * with its lines and ledger lines, the ledger, and re-running a recorded run.
 *
 * Re-settling a period (documented in compensation.h and docs/compensation.md): the
 * same output bytes → nothing written, the existing run reported; other bytes →
 * refused unless supersede, which reverses the old ledger lines and posts the new.
 */
#include "jointenv/compensation.h"
#include "jointenv/run.h"
#include "store/internal.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------- */
/* Inputs                                                                     */

typedef struct picked {
    je_section_list all;    /* every section (owns the strings) */
    je_section_list sel;    /* the agreement's: arrays owned here, strings borrowed */
    je_comp_section **rule; /* the agreement's entry of each selected section, or NULL */
} picked;

static void picked_free(picked *p)
{
    free(p->sel.items);
    free(p->sel.utc_offset_s);
    free(p->sel.id);
    free(p->rule);
    je_section_list_free(&p->all);
}

static int is_party(const je_comp_agreement *a, const char *code)
{
    for (size_t j = 0; j < a->n_parties; j++)
        if (strcmp(a->parties[j], code) == 0)
            return 1;
    return 0;
}

static void pick(picked *p, size_t k, je_comp_section *rule)
{
    size_t n = p->sel.n++;
    p->sel.items[n] = p->all.items[k];
    p->sel.utc_offset_s[n] = p->all.utc_offset_s[k];
    p->sel.id[n] = p->all.id[k];
    p->rule[n] = rule;
}

/* The sections an agreement settles, in the agreement's order (all-boundary: the
 * store's order). */
static je_status pick_sections(je_db *db, const je_comp_agreement *a, picked *p, je_error *err)
{
    memset(p, 0, sizeof *p);
    je_section_filter f = {0};
    f.boundary_only = a->all_boundary;
    je_status st = je_store_sections(db, &f, &p->all, err);
    if (st != JE_OK)
        return st;
    size_t cap = p->all.n ? p->all.n : 1;
    p->sel.items = calloc(cap, sizeof *p->sel.items);
    p->sel.utc_offset_s = calloc(cap, sizeof *p->sel.utc_offset_s);
    p->sel.id = calloc(cap, sizeof *p->sel.id);
    p->rule = calloc(cap, sizeof *p->rule);
    if (!p->sel.items || !p->sel.utc_offset_s || !p->sel.id || !p->rule)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    if (a->all_boundary) {
        for (size_t k = 0; k < p->all.n; k++)
            if (is_party(a, p->all.items[k].upstream) && is_party(a, p->all.items[k].downstream))
                pick(p, k, NULL);
        return JE_OK;
    }
    for (size_t j = 0; j < a->n_sections; j++) {
        je_comp_section *s = &a->sections[j];
        size_t k = 0;
        while (k < p->all.n && strcmp(p->all.items[k].code, s->code) != 0)
            k++;
        if (k == p->all.n)
            return je_error_set(err, JE_ENOTFOUND,
                                "section %s of agreement %s is not in the database (import "
                                "its sections first)",
                                s->code, a->id);
        const je_section *x = &p->all.items[k];
        if (!s->upstream[0] && !x->upstream[0])
            return je_error_set(err, JE_EDATA,
                                "section %s of agreement %s is not a boundary section: the "
                                "agreement must name its upstream and downstream parties",
                                s->code, a->id);
        if (!s->upstream[0] && (!is_party(a, x->upstream) || !is_party(a, x->downstream)))
            return je_error_set(err, JE_EDATA,
                                "section %s flows from %s to %s, which are not both parties of "
                                "agreement %s",
                                s->code, x->upstream, x->downstream, a->id);
        pick(p, k, s);
    }
    return JE_OK;
}

/* The samples of series k that fall in local month m (0: all). */
static je_wq_series month_of(const je_wq_series_set *set, size_t k, int32_t off, int m)
{
    je_wq_series out = {set->series[k].samples, 0};
    if (m == 0)
        return set->series[k];
    size_t first = set->series[k].n;
    for (size_t i = 0; i < set->series[k].n; i++) {
        int y, mo, d;
        je_time_local_fields(je_wq_series_set_time(set, k, i), off, &y, &mo, &d);
        if (mo == m) {
            if (first == set->series[k].n)
                first = i;
            out.n++;
        }
    }
    out.samples = first < set->series[k].n ? set->series[k].samples + first : NULL;
    return out;
}

static je_status fill_input(je_db *db, const je_comp_agreement *a, const picked *p, size_t k,
                            int year, int month, je_wq_series cur, je_wq_series prev,
                            je_comp_input *x, je_error *err)
{
    const je_section *s = &p->sel.items[k];
    const je_comp_section *r = p->rule[k];
    memset(x, 0, sizeof *x);
    snprintf(x->section, sizeof x->section, "%s", s->code);
    snprintf(x->upstream, sizeof x->upstream, "%s",
             r && r->upstream[0] ? r->upstream : s->upstream);
    snprintf(x->downstream, sizeof x->downstream, "%s",
             r && r->downstream[0] ? r->downstream : s->downstream);
    x->waterbody = s->waterbody;
    x->target = r && r->target ? r->target : s->target;
    x->year = year;
    x->month = month;
    x->n_samples = cur.n;
    je_wq_section_result res;
    je_wq_sample cm, pm;
    je_status st;
    if ((st = je_wq_assess_sections(s, 1, &cur, &prev, &res, err)) != JE_OK ||
        (st = je_wq_mean(cur.samples, cur.n, &cm, err)) != JE_OK ||
        (st = je_wq_mean(prev.samples, prev.n, &pm, err)) != JE_OK)
        return st;
    x->cls = res.result.cls;
    x->prev_cls = res.prev_cls;
    for (size_t i = 0; i < JE_COMP_MAX_ITEMS; i++) {
        x->conc_mg_l[i] = i < a->n_items ? cm.value[a->items[i]] : NAN;
        x->prev_conc_mg_l[i] = i < a->n_items ? pm.value[a->items[i]] : NAN;
    }
    return je_store_section_flow(db, s->code, year, month, &x->flow_m3_s, err);
}

je_status je_comp_load_inputs(je_db *db, const je_comp_agreement *a, int year, int month,
                              je_comp_input **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    int monthly = je_comp_rule_monthly(a->type);
    if (month < 0 || month > 12 || (month && !monthly))
        return je_error_set(err, JE_EINVAL, "%s is a %s agreement: it settles by %s", a->id,
                            je_comp_rule_type_name(a->type), monthly ? "month" : "year");
    picked p;
    je_wq_series_set cur = {0}, prev = {0};
    je_status st = pick_sections(db, a, &p, err);
    je_period yp = {JE_PERIOD_YEAR, year, 0}, pp = {JE_PERIOD_YEAR, year - 1, 0};
    if (st == JE_OK)
        st = je_store_water_series(db, &p.sel, &yp, &cur, err);
    if (st == JE_OK)
        st = je_store_water_series(db, &p.sel, &pp, &prev, err);
    int m0 = monthly ? (month ? month : 1) : 0, m1 = monthly ? (month ? month : 12) : 0;
    size_t n = p.sel.n * (size_t)(m1 - m0 + 1);
    je_comp_input *v = st == JE_OK ? calloc(n ? n : 1, sizeof *v) : NULL;
    if (st == JE_OK && v == NULL)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    size_t used = 0;
    for (size_t k = 0; k < p.sel.n && st == JE_OK; k++)
        for (int m = m0; m <= m1 && st == JE_OK; m++) {
            int32_t off = p.sel.utc_offset_s[k];
            je_wq_series c = month_of(&cur, k, off, m);
            je_wq_series pv =
                a->trend == JE_COMP_TREND_SAME_MONTH ? month_of(&prev, k, off, m) : prev.series[k];
            st = fill_input(db, a, &p, k, year, m, c, pv, &v[used++], err);
        }
    je_wq_series_set_free(&cur);
    je_wq_series_set_free(&prev);
    picked_free(&p);
    if (st != JE_OK) {
        free(v);
        return st;
    }
    *out = v;
    *out_n = used;
    return JE_OK;
}

/* ------------------------------------------------------------------------- */
/* Computing a settlement (shared by settle and verify)                      */

typedef struct computed {
    je_comp_result result;
    char *inputs, *output;
    char input_sha[65], output_sha[65];
} computed;

static void computed_free(computed *c)
{
    je_comp_result_free(&c->result);
    free(c->inputs);
    free(c->output);
    memset(c, 0, sizeof *c);
}

static je_status sha_text(const char *text, size_t len, char hex[65], je_error *err)
{
    je_sha256 h;
    if (je_sha256_init(&h) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_sha256_update(&h, text, len);
    je_sha256_final_hex(&h, hex);
    return JE_OK;
}

static je_status compute(je_db *db, const je_comp_agreement *a, int year, int month, computed *c,
                         je_error *err)
{
    memset(c, 0, sizeof *c);
    je_comp_input *in = NULL;
    size_t n = 0, ilen = 0, olen = 0;
    je_status st = je_comp_load_inputs(db, a, year, month, &in, &n, err);
    if (st == JE_OK)
        st = je_comp_inputs_canonical(a, in, n, &c->inputs, &ilen, err);
    if (st == JE_OK)
        st = je_comp_settle(a, in, n, &c->result, err);
    if (st == JE_OK)
        st = je_comp_result_canonical(&c->result, &c->output, &olen, err);
    if (st == JE_OK)
        st = sha_text(c->inputs, ilen, c->input_sha, err);
    if (st == JE_OK)
        st = sha_text(c->output, olen, c->output_sha, err);
    free(in);
    if (st != JE_OK)
        computed_free(c);
    return st;
}

/* ------------------------------------------------------------------------- */
/* Settling into the store                                                    */

static void period_text(int year, int month, char *buf, size_t size)
{
    if (month)
        snprintf(buf, size, "%04d-%02d", year, month);
    else
        snprintf(buf, size, "%04d", year);
}

typedef struct existing {
    int64_t settlement_id, run_id;
    char input_sha[65], output_sha[65], rules_sha[65];
} existing;

/* The settlement in force for (agreement, year, month): 1 found, 0 none, -1 error. */
static int find_existing(je_db *db, const char *agreement, int year, int month, existing *e)
{
    memset(e, 0, sizeof *e);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT s.id, s.run_id, r.input_sha256, coalesce(r.output_sha256, ''),"
                           " coalesce(r.ruleset_sha256, '') FROM comp_settlement s"
                           " JOIN run r ON r.id = s.run_id WHERE s.agreement = ?1 AND s.year = ?2"
                           " AND s.month = ?3 AND s.superseded_by IS NULL",
                           -1, &s, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(s, 1, agreement, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, year);
    sqlite3_bind_int(s, 3, month);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        e->settlement_id = sqlite3_column_int64(s, 0);
        e->run_id = sqlite3_column_int64(s, 1);
        je_db_copy_text(e->input_sha, sizeof e->input_sha, s, 2);
        je_db_copy_text(e->output_sha, sizeof e->output_sha, s, 3);
        je_db_copy_text(e->rules_sha, sizeof e->rules_sha, s, 4);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* A settlement of the same year that a year (or a month) would overlap: its month,
 * or -1 when none (-2 on error). */
static int overlapping(je_db *db, const char *agreement, int year, int month, int64_t *run)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT month, run_id FROM comp_settlement WHERE agreement = ?1 AND"
                           " year = ?2 AND superseded_by IS NULL AND month <> ?3 AND"
                           " (month = 0 OR ?3 = 0) ORDER BY month LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return -2;
    sqlite3_bind_text(s, 1, agreement, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, year);
    sqlite3_bind_int(s, 3, month);
    int m = -1, rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        m = sqlite3_column_int(s, 0);
        *run = sqlite3_column_int64(s, 1);
    } else if (rc != SQLITE_DONE) {
        m = -2;
    }
    sqlite3_finalize(s);
    return m;
}

static je_status exec_bind(je_db *db, const char *sql, const char *what, int64_t a1, int64_t a2,
                           je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, what);
    sqlite3_bind_int64(s, 1, a1);
    sqlite3_bind_int64(s, 2, a2);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? JE_OK : je_db_fail(db, err, what);
}

/* Append one ledger line with the pair's new running balance. */
static je_status post(je_db *db, int64_t settlement, int64_t run, const je_comp_agreement *a,
                      int year, int month, const char *pa, const char *pb, int64_t net,
                      const char *kind, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT INTO comp_ledger(settlement_id, run_id, agreement, year, month,"
                           " party_a, party_b, net_fen, balance_fen, kind, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8 + coalesce((SELECT"
                           " balance_fen FROM comp_ledger WHERE party_a = ?6 AND party_b = ?7"
                           " ORDER BY id DESC LIMIT 1), 0), ?9, ?10)",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "posting to the ledger");
    sqlite3_bind_int64(s, 1, settlement);
    sqlite3_bind_int64(s, 2, run);
    sqlite3_bind_text(s, 3, a->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, year);
    sqlite3_bind_int(s, 5, month);
    sqlite3_bind_text(s, 6, pa, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, pb, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, net);
    sqlite3_bind_text(s, 9, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 10, je_db_now());
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? JE_OK : je_db_fail(db, err, "posting to the ledger");
}

/* Reverse the settlement lines of a superseded settlement. */
static je_status reverse(je_db *db, int64_t old_settlement, int64_t settlement, int64_t run,
                         const je_comp_agreement *a, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT year, month, party_a, party_b, net_fen FROM comp_ledger WHERE"
                           " settlement_id = ? AND kind = 'settlement' ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reversing the ledger");
    sqlite3_bind_int64(s, 1, old_settlement);
    je_status st = JE_OK;
    int rc;
    while (st == JE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        char pa[JE_COMP_PARTY_MAX], pb[JE_COMP_PARTY_MAX];
        je_db_copy_text(pa, sizeof pa, s, 2);
        je_db_copy_text(pb, sizeof pb, s, 3);
        st = post(db, settlement, run, a, sqlite3_column_int(s, 0), sqlite3_column_int(s, 1), pa,
                  pb, -sqlite3_column_int64(s, 4), "reversal", err);
    }
    sqlite3_finalize(s);
    return st;
}

static je_status insert_lines(je_db *db, int64_t settlement, const je_comp_result *r, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT INTO comp_line(settlement_id, seq, section, year, month,"
                           " outcome, payer, payee, amount_fen, value, clause, formula)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "recording the settlement");
    for (size_t k = 0; k < r->n; k++) {
        const je_comp_line *l = &r->lines[k];
        sqlite3_bind_int64(s, 1, settlement);
        sqlite3_bind_int64(s, 2, (int64_t)k + 1);
        sqlite3_bind_text(s, 3, l->section, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 4, l->year);
        sqlite3_bind_int(s, 5, l->month);
        sqlite3_bind_text(s, 6, l->outcome, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 7, l->payer, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 8, l->payee, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 9, l->amount_fen);
        if (isnan(l->value))
            sqlite3_bind_null(s, 10);
        else
            sqlite3_bind_double(s, 10, l->value);
        sqlite3_bind_text(s, 11, l->clause, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 12, l->formula, -1, SQLITE_STATIC);
        int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            sqlite3_finalize(s);
            return je_db_fail(db, err, "recording the settlement");
        }
    }
    sqlite3_finalize(s);
    return JE_OK;
}

static char *params_json(const je_comp_agreement *a, const char *rules_path, int year, int month)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:i}", "agreement", a->id, "rule",
                          je_comp_rule_type_name(a->type), "rules_path",
                          rules_path ? rules_path : "", "year", year, "month", month);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return text;
}

/* Everything written by one settlement, inside the caller's transaction. */
static je_status record(je_db *db, const je_comp_agreement *a, const char *rules_path,
                        const char *rules_sha, int year, int month, const existing *old,
                        je_comp_settle_report *rep, const computed *c, je_error *err)
{
    char *params = params_json(a, rules_path, year, month);
    if (params == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_run_new rn = {"compensation", rules_sha, c->input_sha, c->output_sha,
                     params,         c->inputs, c->output};
    je_status st = je_run_record(db, &rn, &rep->run_id, err);
    free(params);
    if (st == JE_OK && old)
        st = exec_bind(db, "UPDATE comp_settlement SET superseded_by = ?2 WHERE id = ?1",
                       "superseding the settlement", old->settlement_id, rep->run_id, err);
    sqlite3_stmt *s;
    if (st == JE_OK &&
        sqlite3_prepare_v2(db->db,
                           "INSERT INTO comp_settlement(run_id, agreement, rule, year, month)"
                           " VALUES (?, ?, ?, ?, ?)",
                           -1, &s, NULL) != SQLITE_OK)
        st = je_db_fail(db, err, "recording the settlement");
    int64_t sid = 0;
    if (st == JE_OK) {
        sqlite3_bind_int64(s, 1, rep->run_id);
        sqlite3_bind_text(s, 2, a->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, je_comp_rule_type_name(a->type), -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 4, year);
        sqlite3_bind_int(s, 5, month);
        int rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
            st = je_db_fail(db, err, "recording the settlement");
        sid = sqlite3_last_insert_rowid(db->db);
    }
    if (st == JE_OK)
        st = insert_lines(db, sid, &c->result, err);
    if (st == JE_OK && old)
        st = reverse(db, old->settlement_id, sid, rep->run_id, a, err);
    for (size_t k = 0; k < rep->n_pairs && st == JE_OK; k++)
        if (rep->pairs[k].net_fen != 0)
            st = post(db, sid, rep->run_id, a, year, month, rep->pairs[k].a, rep->pairs[k].b,
                      rep->pairs[k].net_fen, "settlement", err);
    if (st == JE_OK) {
        char key[96], per[16];
        period_text(year, month, per, sizeof per);
        snprintf(key, sizeof key, "%s/%s", a->id, per);
        json_t *after = json_pack("{s:I, s:s, s:s, s:s, s:I}", "run", (json_int_t)rep->run_id,
                                  "output_sha256", c->output_sha, "input_sha256", c->input_sha,
                                  "rules_sha256", rules_sha ? rules_sha : "", "supersedes",
                                  (json_int_t)(old ? old->run_id : 0));
        char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(after);
        if (text == NULL)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        st = je_audit_append(db, NULL, "comp_settlement", key, "insert", NULL, text, err);
        free(text);
    }
    return st;
}

je_status je_comp_settle_store(je_db *db, const je_comp_agreement *a, const char *rules_path,
                               const char *rules_sha256, int year, int month, int supersede,
                               je_comp_settle_report *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    if (db == NULL || a == NULL)
        return je_error_set(err, JE_EINVAL, "je_comp_settle_store: NULL argument");
    snprintf(out->rules_sha256, sizeof out->rules_sha256, "%s", rules_sha256 ? rules_sha256 : "");
    /* A settlement binds both sides: it is a joint record, posted by the joint office
       (ARCHITECTURE.md, "Ownership": joint records need the joint office). Either side
       can recompute it (run verify) without writing. */
    char what[160];
    snprintf(what, sizeof what, "the settlement of agreement %s", a->id);
    je_status st = je_db_may(db, JE_GOV_WRITE, JE_GOV_JOINT, 0, what, err);
    if (st != JE_OK)
        return st;
    st = je_db_exec(db, "BEGIN IMMEDIATE", err);
    if (st != JE_OK)
        return st;
    computed c;
    if ((st = compute(db, a, year, month, &c, err)) != JE_OK) {
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    memcpy(out->input_sha256, c.input_sha, 65);
    memcpy(out->output_sha256, c.output_sha, 65);
    st = je_comp_pairs(&c.result, &out->pairs, &out->n_pairs, err);
    char per[16];
    period_text(year, month, per, sizeof per);
    existing old;
    int found = st == JE_OK ? find_existing(db, a->id, year, month, &old) : 0;
    int64_t orun = 0;
    int om = st == JE_OK && found >= 0 ? overlapping(db, a->id, year, month, &orun) : -1;
    if (st == JE_OK && (found < 0 || om == -2))
        st = je_db_fail(db, err, "reading settlements");
    else if (st == JE_OK && om >= 0) {
        char op[16];
        period_text(year, om, op, sizeof op);
        st = je_error_set(err, JE_ECONFLICT,
                          "%s of %s is already settled (run %lld); settling %s as well would "
                          "count the same months twice in the ledger",
                          op, a->id, (long long)orun, per);
    } else if (st == JE_OK && found == 1 && strcmp(old.output_sha, c.output_sha) == 0) {
        out->already = 1;
        out->run_id = old.run_id;
    } else if (st == JE_OK && found == 1 && !supersede) {
        int rules = rules_sha256 && strcmp(old.rules_sha, rules_sha256) != 0;
        int inputs = strcmp(old.input_sha, c.input_sha) != 0;
        st = je_error_set(err, JE_ECONFLICT,
                          "%s of %s is already settled by run %lld with other results (%s%s%s); "
                          "re-settle with --supersede to reverse it in the ledger and post the "
                          "new amounts",
                          per, a->id, (long long)old.run_id, inputs ? "the input data changed" : "",
                          inputs && rules ? ", " : "",
                          rules    ? "the rule file changed"
                          : inputs ? ""
                                   : "the engine changed");
    } else if (st == JE_OK) {
        if (found == 1)
            out->superseded = old.run_id;
        st = record(db, a, rules_path, rules_sha256, year, month, found == 1 ? &old : NULL, out, &c,
                    err);
    }
    if (st == JE_OK && !out->already)
        st = je_db_exec(db, "COMMIT", err);
    if (st != JE_OK || out->already)
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    out->result = c.result;
    c.result.lines = NULL;
    c.result.n = 0;
    computed_free(&c);
    if (st != JE_OK)
        je_comp_settle_report_free(out);
    return st;
}

void je_comp_settle_report_free(je_comp_settle_report *r)
{
    if (r == NULL)
        return;
    je_comp_result_free(&r->result);
    free(r->pairs);
    r->pairs = NULL;
    r->n_pairs = 0;
}

/* ------------------------------------------------------------------------- */
/* The ledger                                                                 */

static void read_ledger(sqlite3_stmt *s, void *record)
{
    je_comp_ledger_row *r = record;
    r->id = sqlite3_column_int64(s, 0);
    r->run_id = sqlite3_column_int64(s, 1);
    je_db_copy_text(r->agreement, sizeof r->agreement, s, 2);
    r->year = sqlite3_column_int(s, 3);
    r->month = sqlite3_column_int(s, 4);
    je_db_copy_text(r->party_a, sizeof r->party_a, s, 5);
    je_db_copy_text(r->party_b, sizeof r->party_b, s, 6);
    r->net_fen = sqlite3_column_int64(s, 7);
    r->balance_fen = sqlite3_column_int64(s, 8);
    je_db_copy_text(r->kind, sizeof r->kind, s, 9);
    r->created_at = sqlite3_column_int64(s, 10);
}

je_status je_comp_ledger(je_db *db, const char *a, const char *b, je_comp_ledger_row **out,
                         size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT id, run_id, agreement, year, month, party_a, party_b, net_fen,"
                           " balance_fen, kind, created_at FROM comp_ledger"
                           " WHERE ?1 IS NULL OR (party_a = min(?1, ?2) AND party_b = max(?1, ?2))"
                           " ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the ledger");
    if (a && b) {
        sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
    }
    return je_db_collect(db, s, sizeof(je_comp_ledger_row), read_ledger, "reading the ledger",
                         (void **)out, out_n, err);
}

/* ------------------------------------------------------------------------- */
/* Verifying a run                                                            */

/* Append to buf the lines of `a` that `b` lacks, each prefixed. */
static void diff_lines(const char *a, const char *b, const char *prefix, char *buf, size_t size,
                       int *shown)
{
    const char *p = a;
    while (*p && *shown < 8) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        int found = 0;
        for (const char *q = b; q && *q && !found;) {
            const char *qe = strchr(q, '\n');
            size_t qn = qe ? (size_t)(qe - q) : strlen(q);
            found = qn == n && memcmp(p, q, n) == 0;
            q = qe ? qe + 1 : NULL;
        }
        if (!found) {
            size_t off = strlen(buf);
            if (off + 8 < size)
                snprintf(buf + off, size - off, "%s %.*s\n", prefix, (int)(n > 300 ? 300 : n), p);
            (*shown)++;
        }
        p = e ? e + 1 : p + n;
    }
}

je_status je_comp_run_verify(je_db *db, int64_t run_id, const char *rules_path, je_comp_verify *out,
                             je_error *err)
{
    memset(out, 0, sizeof *out);
    je_run run;
    je_status st = je_run_get(db, run_id, &run, err);
    if (st != JE_OK)
        return st;
    if (strcmp(run.engine, "compensation") != 0) {
        je_run_clear(&run);
        return je_error_set(err, JE_EINVAL, "run %lld is a %s run, not a compensation run",
                            (long long)run_id, run.engine);
    }
    memcpy(out->stored_rules, run.ruleset_sha256, 65);
    memcpy(out->stored_input, run.input_sha256, 65);
    memcpy(out->stored_output, run.output_sha256, 65);
    json_error_t je;
    json_t *p = run.params ? json_loads(run.params, 0, &je) : NULL;
    const char *path = NULL;
    int year = 0, month = 0;
    if (p == NULL ||
        json_unpack(p, "{s:s, s:i, s:i}", "rules_path", &path, "year", &year, "month", &month) != 0)
        st = je_error_set(err, JE_EDATA, "run %lld has unreadable parameters", (long long)run_id);
    if (st == JE_OK)
        snprintf(out->rules_path, sizeof out->rules_path, "%s", rules_path ? rules_path : path);
    je_comp_agreement a;
    memset(&a, 0, sizeof a);
    if (st == JE_OK)
        st = je_comp_agreement_load(out->rules_path, &a, out->now_rules, err);
    json_decref(p);
    computed c;
    memset(&c, 0, sizeof c);
    if (st == JE_OK)
        st = compute(db, &a, year, month, &c, err);
    if (st == JE_OK) {
        memcpy(out->now_input, c.input_sha, 65);
        memcpy(out->now_output, c.output_sha, 65);
        out->identical = strcmp(out->stored_output, out->now_output) == 0;
        out->rules_changed = strcmp(out->stored_rules, out->now_rules) != 0;
        out->inputs_changed = strcmp(out->stored_input, out->now_input) != 0;
        if (out->inputs_changed && run.inputs) {
            int shown = 0;
            diff_lines(run.inputs, c.inputs, "- stored:", out->changes, sizeof out->changes,
                       &shown);
            diff_lines(c.inputs, run.inputs, "+ now:   ", out->changes, sizeof out->changes,
                       &shown);
        }
    }
    computed_free(&c);
    je_comp_agreement_free(&a);
    je_run_clear(&run);
    return st;
}
