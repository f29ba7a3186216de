/*
 * energy_run.c — published energy accounts as runs (run.h): the account of a year is
 * computed from the stored activity and the three factor files, and recorded with the
 * SHA-256 of its canonical inputs, its factor files and its canonical output, so that
 * `run verify` can recompute it from the current data and name what changed.
 *
 * Canonical forms (the bytes the hashes are taken over) are documented in energy.h.
 */
#include "store/internal.h"

#include "jointenv/energy.h"
#include "jointenv/run.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENGINE "energy-account"

/* A growing string; on out of memory `bad` is set and appends are ignored. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    int bad;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...) JE_PRINTF(2, 3);
static void sb_add(sbuf *b, const char *fmt, ...)
{
    if (b->bad)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = b->cap - b->len;
        int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->bad = 1;
            return;
        }
        if (b->s && (size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (s == NULL) {
            b->bad = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

/* A figure as %.17g (round-trips a double exactly); empty for NAN. */
static void sb_num(sbuf *b, double v, int last)
{
    if (isnan(v))
        sb_add(b, "%s", last ? "\n" : ",");
    else
        sb_add(b, "%.17g%s", v, last ? "\n" : ",");
}

static void sha_text(const char *text, size_t len, char hex[65])
{
    je_sha256 h;
    if (je_sha256_init(&h) != JE_OK) {
        hex[0] = '\0';
        return;
    }
    je_sha256_update(&h, text, len);
    je_sha256_final_hex(&h, hex);
    je_sha256_free(&h);
}

typedef struct computed {
    sbuf inputs, output;
    char input_sha[65], output_sha[65], rules_sha[65];
} computed;

static void computed_free(computed *c)
{
    free(c->inputs.s);
    free(c->output.s);
    memset(c, 0, sizeof *c);
}

static const char *basis_name(je_elec_basis b)
{
    return b == JE_ELEC_EQUAL_VALUE ? "equal-value" : "equivalent";
}

static const char *scope_name(je_elec_scope s)
{
    return s == JE_SCOPE_NATIONAL ? "national" : s == JE_SCOPE_REGIONAL ? "regional" : "provincial";
}

static const char *by_name(je_energy_group g)
{
    return g == JE_BY_DISTRICT ? "district" : g == JE_BY_SECTOR ? "sector" : "jurisdiction";
}

/* The factor files' combined SHA-256 and the factors themselves. */
static je_status load_rules(const je_energy_publish *p, je_energy_factors *f, char sha[65],
                            je_error *err)
{
    const char *path[3] = {p->tce_path, p->co2_path, p->elec_path};
    static const char *const tag[3] = {"tce", "co2", "elec"};
    char hex[3][65], text[3 * 80];
    size_t len = 0;
    memset(f, 0, sizeof *f);
    for (int k = 0; k < 3; k++) {
        if (path[k] == NULL)
            return je_error_set(err, JE_EINVAL, "the %s factor file is not given", tag[k]);
        je_status st = je_sha256_file(path[k], hex[k], err);
        if (st == JE_OK)
            st = je_energy_factors_load(path[k], f, err);
        if (st != JE_OK)
            return st;
        len += (size_t)snprintf(text + len, sizeof text - len, "%s %s\n", tag[k], hex[k]);
    }
    sha_text(text, len, sha);
    return je_energy_factors_check(f, err);
}

/* Compute the account and its canonical inputs and output. */
static je_status compute(je_db *db, const je_energy_publish *p, computed *c, je_error *err)
{
    memset(c, 0, sizeof *c);
    je_energy_factors *f = malloc(sizeof *f);
    if (f == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_energy_activity *a = NULL;
    size_t n = 0;
    je_energy_account acc = {0};
    je_status st = load_rules(p, f, c->rules_sha, err);
    if (st == JE_OK)
        st = je_store_energy_activity(db, p->o.year - 1, p->o.year, &a, &n, err);
    if (st == JE_OK)
        st = je_energy_account_compute(a, n, f, &p->o, &acc, err);
    if (st == JE_OK) {
        sb_add(&c->inputs, "jurisdiction,district,sector,enterprise,year,item,quantity\n");
        for (size_t i = 0; i < n; i++)
            sb_add(&c->inputs, "%s,%s,%s,%s,%d,%s,%.17g\n", a[i].jurisdiction, a[i].district,
                   a[i].sector, a[i].enterprise, a[i].year, a[i].item, a[i].quantity);
        sb_add(&c->output,
               "jurisdiction,district,sector,energy_tce,fuel_tce,elec_tce,heat_tce,co2_t,"
               "co2_fuel_t,co2_process_t,co2_elec_t,co2_heat_t,elec_mwh,gdp_1e4_yuan,population,"
               "tce_per_1e4_yuan,co2_t_per_1e4_yuan,tce_per_capita,co2_t_per_capita,energy_yoy,"
               "co2_yoy,intensity_yoy,share_of_energy\n");
        for (size_t i = 0; i < acc.n; i++) {
            const je_energy_row *r = &acc.rows[i];
            sb_add(&c->output, "%s,%s,%s,", r->jurisdiction, r->district, r->sector);
            const double v[] = {r->cur.energy_tce,    r->cur.fuel_tce,       r->cur.elec_tce,
                                r->cur.heat_tce,      r->cur.co2_t,          r->cur.co2_fuel_t,
                                r->cur.co2_process_t, r->cur.co2_elec_t,     r->cur.co2_heat_t,
                                r->cur.elec_mwh,      r->cur.gdp_1e4_yuan,   r->cur.population,
                                r->tce_per_1e4_yuan,  r->co2_t_per_1e4_yuan, r->tce_per_capita,
                                r->co2_t_per_capita,  r->energy_yoy,         r->co2_yoy,
                                r->intensity_yoy,     r->share_of_energy};
            size_t nv = sizeof v / sizeof v[0];
            for (size_t k = 0; k < nv; k++)
                sb_num(&c->output, v[k], k + 1 == nv);
        }
        if (c->inputs.bad || c->output.bad || !c->inputs.s || !c->output.s)
            st = je_error_set(err, JE_ENOMEM, "out of memory");
    }
    if (st == JE_OK) {
        sha_text(c->inputs.s, c->inputs.len, c->input_sha);
        sha_text(c->output.s, c->output.len, c->output_sha);
    } else
        computed_free(c);
    je_energy_account_free(&acc);
    free(a);
    free(f);
    return st;
}

static char *params_json(const je_energy_publish *p)
{
    json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "year", p->o.year, "by",
                          by_name(p->o.by), "electricity", basis_name(p->o.basis), "scope",
                          scope_name(p->o.scope), "tce_factors", p->tce_path, "co2_factors",
                          p->co2_path, "elec_factors", p->elec_path);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return text;
}

/* May the actor publish? Publishing states figures in the name of a jurisdiction or
 * the joint office: write permission in at least one of them. */
static je_status may_publish(je_db *db, je_error *err)
{
    if (db->who.local_admin)
        return JE_OK;
    if (db->who.user[0] == '\0')
        return je_error_set(err, JE_EPERM,
                            "anonymous users may not publish accounts (log in with --user NAME "
                            "or JOINTENV_TOKEN)");
    for (size_t k = 0; k < db->who.n_grants; k++)
        if (je_gov_may(&db->who, JE_GOV_WRITE, db->who.grants[k].jurisdiction, 0, "account",
                       NULL) == JE_OK)
            return JE_OK;
    char roles[256];
    return je_error_set(err, JE_EPERM,
                        "user '%s' (%s) may not publish accounts: it takes an analyst or admin "
                        "role in a jurisdiction or the joint office",
                        db->who.user, je_gov_describe(&db->who, roles, sizeof roles));
}

je_status je_energy_account_publish(je_db *db, const je_energy_publish *p, int64_t *out_run_id,
                                    je_error *err)
{
    if (db == NULL || p == NULL || out_run_id == NULL)
        return je_error_set(err, JE_EINVAL, "je_energy_account_publish: NULL argument");
    *out_run_id = 0;
    je_status st = may_publish(db, err);
    if (st != JE_OK)
        return st;
    if ((st = je_db_exec(db, "BEGIN IMMEDIATE", err)) != JE_OK)
        return st;
    computed c;
    char *params = NULL;
    if ((st = compute(db, p, &c, err)) == JE_OK && (params = params_json(p)) == NULL)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    if (st == JE_OK) {
        je_run_new rn = {ENGINE, c.rules_sha, c.input_sha, c.output_sha,
                         params, c.inputs.s,  c.output.s};
        st = je_run_record(db, &rn, out_run_id, err);
    }
    /* je_run_record appends the run's audit entry */
    free(params);
    computed_free(&c); /* zeroed by compute, also when it failed */
    if (st == JE_OK && (st = je_db_exec(db, "COMMIT", err)) == JE_OK)
        return JE_OK;
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    *out_run_id = 0;
    return st;
}

/* Append to out the lines of a that are not lines of b, each prefixed. */
static void diff_lines(const char *a, const char *b, const char *prefix, char *out, size_t size)
{
    size_t blen = strlen(b);
    for (const char *p = a; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        int found = 0;
        for (const char *q = b; !found && q + n <= b + blen;) {
            const char *qe = strchr(q, '\n');
            size_t m = qe ? (size_t)(qe - q) : strlen(q);
            found = m == n && memcmp(p, q, n) == 0;
            if (!qe)
                break;
            q = qe + 1;
        }
        if (!found) {
            size_t used = strlen(out);
            if (used + n + strlen(prefix) + 2 < size)
                snprintf(out + used, size - used, "%s %.*s\n", prefix, (int)n, p);
            else if (used + 5 < size && (used < 4 || strcmp(out + used - 4, "...\n") != 0))
                snprintf(out + used, size - used, "...\n");
        }
        p = e ? e + 1 : p + n;
    }
}

je_status je_energy_run_verify(je_db *db, int64_t run_id, je_energy_verify *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    je_run run;
    je_status st = je_run_get(db, run_id, &run, err);
    if (st != JE_OK)
        return st;
    if (strcmp(run.engine, ENGINE) != 0) {
        st = je_error_set(err, JE_EINVAL, "run %lld is a %s run, not an %s run", (long long)run_id,
                          run.engine, ENGINE);
        je_run_clear(&run);
        return st;
    }
    memcpy(out->stored_rules, run.ruleset_sha256, 65);
    memcpy(out->stored_input, run.input_sha256, 65);
    memcpy(out->stored_output, run.output_sha256, 65);
    json_error_t je;
    json_t *pj = run.params ? json_loads(run.params, 0, &je) : NULL;
    je_energy_publish p;
    memset(&p, 0, sizeof p);
    const char *by = NULL, *basis = NULL, *scope = NULL;
    if (pj == NULL ||
        json_unpack(pj, "{s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "year", &p.o.year, "by", &by,
                    "electricity", &basis, "scope", &scope, "tce_factors", &p.tce_path,
                    "co2_factors", &p.co2_path, "elec_factors", &p.elec_path) != 0)
        st = je_error_set(err, JE_EDATA, "run %lld has unreadable parameters", (long long)run_id);
    if (st == JE_OK) {
        p.o.by = strcmp(by, "district") == 0 ? JE_BY_DISTRICT
                 : strcmp(by, "sector") == 0 ? JE_BY_SECTOR
                                             : JE_BY_JURISDICTION;
        p.o.basis = strcmp(basis, "equal-value") == 0 ? JE_ELEC_EQUAL_VALUE : JE_ELEC_EQUIVALENT;
        p.o.scope = strcmp(scope, "national") == 0   ? JE_SCOPE_NATIONAL
                    : strcmp(scope, "regional") == 0 ? JE_SCOPE_REGIONAL
                                                     : JE_SCOPE_PROVINCIAL;
    }
    computed c;
    memset(&c, 0, sizeof c);
    if (st == JE_OK)
        st = compute(db, &p, &c, err);
    json_decref(pj);
    if (st == JE_OK) {
        memcpy(out->now_rules, c.rules_sha, 65);
        memcpy(out->now_input, c.input_sha, 65);
        memcpy(out->now_output, c.output_sha, 65);
        out->identical = strcmp(out->stored_output, out->now_output) == 0;
        out->rules_changed = strcmp(out->stored_rules, out->now_rules) != 0;
        out->inputs_changed = strcmp(out->stored_input, out->now_input) != 0;
        if (out->inputs_changed && run.inputs) {
            diff_lines(run.inputs, c.inputs.s, "- stored:", out->changes, sizeof out->changes);
            diff_lines(c.inputs.s, run.inputs, "+ now:   ", out->changes, sizeof out->changes);
        }
        if (!out->identical && run.output) {
            diff_lines(run.output, c.output.s, "- stored:", out->output_changes,
                       sizeof out->output_changes);
            diff_lines(c.output.s, run.output, "+ now:   ", out->output_changes,
                       sizeof out->output_changes);
        }
    }
    computed_free(&c);
    je_run_clear(&run);
    return st;
}
