/*
 * api_ecology.c — issue 9's read-only routes over the store: zero-waste scores and
 * indicators (waste.h, 环固体〔2021〕114号 indicator system), survey diversity per site
 * or jurisdiction (survey.h, ecology.h), gene-bank accessions with their status and
 * forest indicators against targets (conserve.h). Computed on each request from the
 * stored data, as the CLI commands compute them.
 *
 * Rule files: the zero-waste system is the one the latest published zero-waste run
 * used (jointenv waste score --publish), else $JOINTENV_DATA/rules/zero-waste-2021.json,
 * else data/rules/zero-waste-2021.json under the working directory, else the source
 * tree's; the gene-bank intervals likewise (genebank-intervals.json).
 */
#include "server/internal.h"

#include "jointenv/conserve.h"
#include "jointenv/ecology.h"
#include "jointenv/run.h"
#include "jointenv/survey.h"
#include "jointenv/waste.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- parameters (documented in the route table's OpenAPI) ------------------------ */

const param_doc eco_year_params[] = {
    {"year", "integer", "the year (default: the latest with data)"}, {NULL, NULL, NULL}};
const param_doc eco_indicator_params[] = {
    {"district", "string", "one district's code"},
    {"year", "integer", "the year (default: the latest with data)"},
    {NULL, NULL, NULL}};
const param_doc eco_diversity_params[] = {
    {"by", "string", "site (locationID; default) or jurisdiction (higherGeographyID)"},
    {NULL, NULL, NULL}};
const param_doc eco_genebank_params[] = {
    {"year", "integer", "the year judged at (default: this year)"}, {NULL, NULL, NULL}};

/* ---- rule files ------------------------------------------------------------------ */

/* The first of $JOINTENV_DATA/rules/NAME, data/rules/NAME (the working directory) and
   the source tree's data/rules/NAME (a build run in place) that exists. */
static const char *rules_file(const char *name, char *buf, size_t size)
{
    const char *env = getenv("JOINTENV_DATA");
    if (env && *env) {
        snprintf(buf, size, "%s/rules/%s", env, name);
        return buf;
    }
    snprintf(buf, size, "data/rules/%s", name);
    FILE *fp = fopen(buf, "rb");
    if (fp) {
        fclose(fp);
        return buf;
    }
    const char *src = __FILE__, *cut = strstr(src, "src/server/api_ecology.c");
    if (cut)
        snprintf(buf, size, "%.*sdata/rules/%s", (int)(cut - src), src, name);
    return buf;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = cap ? 2 * cap : 65536;
            char *p = realloc(buf, cap + 1);
            if (p == NULL) {
                free(buf);
                fclose(fp);
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

/* The zero-waste system: the latest published run's, else the shipped one. */
static je_status waste_system(je_db *db, je_waste_system *sys, je_error *err)
{
    char path[1024] = "";
    je_run *runs = NULL;
    size_t n = 0;
    if (je_run_list(db, &runs, &n, NULL) == JE_OK)
        for (size_t i = 0; i < n && path[0] == '\0'; i++) {
            je_run r;
            if (strcmp(runs[i].engine, "zero-waste") != 0 || je_run_get(db, runs[i].id, &r, NULL) != JE_OK)
                continue;
            json_t *p = r.params ? json_loads(r.params, 0, NULL) : NULL;
            const char *s = json_string_value(json_object_get(p, "system_path"));
            if (s)
                snprintf(path, sizeof path, "%s", s);
            json_decref(p);
            je_run_clear(&r);
        }
    free(runs);
    size_t len = 0;
    char *json = path[0] ? slurp(path, &len) : NULL;
    if (json == NULL)
        json = slurp(rules_file("zero-waste-2021.json", path, sizeof path), &len);
    if (json == NULL)
        return je_error_set(err, JE_ENOTFOUND,
                            "the zero-waste indicator system %s cannot be read (set JOINTENV_DATA "
                            "to the data directory)",
                            path);
    je_status st = je_waste_system_parse(json, len, path, sys, err);
    free(json);
    return st;
}

/* ?year=YYYY into *year (0 when absent). */
static je_status year_param(const req *r, int *year, je_error *err)
{
    const char *s = req_param(r, "year");
    *year = 0;
    if (s == NULL)
        return JE_OK;
    char *end;
    long y = strtol(s, &end, 10);
    if (*s == '\0' || *end || y < 1900 || y > 2200)
        return je_error_set(err, JE_EINVAL, "year: '%s' is not a year", s);
    *year = (int)y;
    return JE_OK;
}

/* ---- zero-waste -------------------------------------------------------------------- */

typedef struct waste_eval {
    je_waste_system sys;
    je_waste_district *d;
    size_t nd;
    je_waste_value *v;
    size_t nv;
    je_waste_card *cards;
    int year;
} waste_eval;

static void waste_eval_free(waste_eval *w)
{
    je_waste_cards_free(w->cards, w->nd);
    je_waste_system_free(&w->sys);
    free(w->d);
    free(w->v);
}

/* Districts, values and their evaluation; w->nd = 0 (no rows) when nothing is stored. */
static je_status waste_load(req *r, waste_eval *w, je_error *err)
{
    memset(w, 0, sizeof *w);
    je_status st = year_param(r, &w->year, err);
    if (st == JE_OK && (st = je_store_waste_districts(r->db, &w->d, &w->nd, err)) == JE_OK)
        st = je_store_waste_values(r->db, &w->v, &w->nv, err);
    if (st != JE_OK || w->nv == 0) {
        w->nd = 0; /* an empty list */
        return st;
    }
    if ((st = waste_system(r->db, &w->sys, err)) != JE_OK)
        return st;
    if (w->year == 0) /* the latest year with data */
        for (size_t i = 0; i < w->nv; i++)
            w->year = w->v[i].year > w->year ? w->v[i].year : w->year;
    return je_waste_evaluate(&w->sys, w->d, w->nd, w->v, w->nv, w->year, &w->cards, err);
}

je_status api_waste_scores(req *r, result *out, je_error *err)
{
    waste_eval w;
    je_status st = waste_load(r, &w, err);
    if (st == JE_OK) {
        out->rows = json_array();
        for (size_t k = 0; k < w.nd; k++) {
            const je_waste_card *c = &w.cards[k];
            json_t *o = json_object();
            json_object_set_new(o, "code", json_string(w.d[k].code));
            json_object_set_new(o, "name_zh", jstr(w.d[k].name_zh));
            json_object_set_new(o, "name_en", jstr(w.d[k].name_en));
            json_object_set_new(o, "jurisdiction", jstr(w.d[k].jurisdiction));
            json_object_set_new(o, "year", json_integer(w.year));
            json_object_set_new(o, "rank", c->rank ? json_integer(c->rank) : json_null());
            json_object_set_new(o, "composite", jnum(c->composite));
            json_object_set_new(o, "coverage", jnum(c->coverage));
            json_object_set_new(o, "prev_composite", jnum(c->prev_composite));
            json_object_set_new(o, "change", jnum(c->composite - c->prev_composite));
            json_object_set_new(o, "mandatory_met", json_integer((json_int_t)c->mandatory_met));
            json_object_set_new(o, "mandatory_total",
                                json_integer((json_int_t)c->mandatory_total));
            json_array_append_new(out->rows, o);
        }
    }
    waste_eval_free(&w);
    return st;
}

je_status api_waste_indicators(req *r, result *out, je_error *err)
{
    waste_eval w;
    je_status st = waste_load(r, &w, err);
    const char *district = req_param(r, "district");
    size_t found = 0;
    if (st == JE_OK)
        out->rows = json_array();
    for (size_t k = 0; st == JE_OK && k < w.nd; k++) {
        if (district && strcmp(district, w.d[k].code) != 0)
            continue;
        found++;
        for (size_t i = 0; i < w.sys.n_ind; i++) {
            const je_waste_indicator *x = &w.sys.ind[i];
            const je_waste_result *res = &w.cards[k].res[i];
            char code[48];
            snprintf(code, sizeof code, "%s/%s", w.d[k].code, x->id);
            json_t *o = json_object();
            json_object_set_new(o, "code", json_string(code));
            json_object_set_new(o, "district", json_string(w.d[k].code));
            json_object_set_new(o, "jurisdiction", jstr(w.d[k].jurisdiction));
            json_object_set_new(o, "year", json_integer(w.year));
            json_object_set_new(o, "indicator", json_string(x->id));
            json_object_set_new(o, "name_zh", jstr(x->name_zh));
            json_object_set_new(o, "name_en", jstr(x->name_en));
            json_object_set_new(o, "unit", jstr(x->unit));
            json_object_set_new(o, "value", jnum(res->value));
            json_object_set_new(o, "target", jnum(x->target));
            json_object_set_new(o, "score", jnum(res->score));
            json_object_set_new(o, "met", res->met < 0 ? json_null() : json_boolean(res->met));
            json_object_set_new(o, "mandatory", json_boolean(x->mandatory));
            json_object_set_new(o, "inputs", jstr(res->inputs));
            json_array_append_new(out->rows, o);
        }
    }
    if (st == JE_OK && district && found == 0)
        st = je_error_set(err, JE_ENOTFOUND, "no zero-waste district '%s'", district);
    waste_eval_free(&w);
    return st;
}

/* ---- survey diversity --------------------------------------------------------------- */

/* Occurrences ordered by group key (site or jurisdiction), then species. */
static int cmp_site(const void *a, const void *b)
{
    const je_occurrence *x = a, *y = b;
    int c = strcmp(x->location_id, y->location_id);
    return c ? c : strcmp(x->scientific_name, y->scientific_name);
}

static int cmp_jurisdiction(const void *a, const void *b)
{
    const je_occurrence *x = a, *y = b;
    int c = strcmp(x->jurisdiction, y->jurisdiction);
    return c ? c : strcmp(x->scientific_name, y->scientific_name);
}

static const char *group_key(const je_occurrence *o, int by)
{
    return by ? o->jurisdiction : o->location_id;
}

je_status api_survey_diversity(req *r, result *out, je_error *err)
{
    const char *bys = req_param(r, "by");
    int by = 0;
    if (bys && strcmp(bys, "jurisdiction") == 0)
        by = 1;
    else if (bys && strcmp(bys, "site") != 0)
        return je_error_set(err, JE_EINVAL, "by: '%s' is not site or jurisdiction", bys);
    je_occurrence *o = NULL;
    size_t n = 0;
    je_status st = je_store_occurrences(r->db, NULL, &o, &n, err);
    if (st != JE_OK)
        return st;
    if (n > 1)
        qsort(o, n, sizeof *o, by ? cmp_jurisdiction : cmp_site);
    /* groups: start[g] … start[g + 1] share a key; counts per species summed below */
    double *counts = malloc((n ? n : 1) * sizeof *counts);
    size_t *start = malloc((n + 1) * sizeof *start);
    size_t ng = 0;
    if (counts == NULL || start == NULL)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; st == JE_OK && i < n; i++)
        if (i == 0 || strcmp(group_key(&o[i - 1], by), group_key(&o[i], by)) != 0)
            start[ng++] = i;
    if (st == JE_OK)
        start[ng] = n;
    /* the smallest group's N: the common sample size for rarefaction */
    double rare = NAN;
    for (int pass = 0; st == JE_OK && pass < 2; pass++) {
        if (pass == 1)
            out->rows = json_array();
        for (size_t g = 0; g < ng; g++) {
            size_t ns = 0;
            for (size_t i = start[g]; i < start[g + 1]; i++) {
                if (i == start[g] || strcmp(o[i].scientific_name, o[i - 1].scientific_name) != 0)
                    counts[ns++] = 0;
                counts[ns - 1] += o[i].count;
            }
            je_diversity d;
            if (je_diversity_compute(counts, ns, M_E, &d, NULL) != JE_OK)
                continue;
            if (pass == 0) {
                if (d.N >= 1 && (isnan(rare) || d.N < rare))
                    rare = d.N;
                continue;
            }
            const je_occurrence *x = &o[start[g]];
            json_t *row = json_object();
            json_object_set_new(row, "code", json_string(group_key(x, by)[0] ? group_key(x, by)
                                                                             : "(none)"));
            json_object_set_new(row, "jurisdiction", jstr(x->jurisdiction));
            json_object_set_new(row, "S", json_integer((json_int_t)d.S));
            json_object_set_new(row, "N", jnum(d.N));
            json_object_set_new(row, "shannon", jnum(d.shannon));
            json_object_set_new(row, "simpson", jnum(d.simpson));
            json_object_set_new(row, "chao1", jnum(d.chao1));
            json_object_set_new(row, "ace", jnum(d.ace));
            json_object_set_new(row, "rarefied_S", jnum(je_rarefy(counts, ns, rare)));
            json_object_set_new(row, "rarefied_n", jnum(rare));
            json_array_append_new(out->rows, row);
        }
    }
    free(counts);
    free(start);
    free(o);
    return st;
}

/* ---- gene banks and forests ---------------------------------------------------------- */

/* The interval and minimum of `kind` from the rules (NAN when unknown). */
static void gb_rule(json_t *rules, const char *kind, double *interval, double *min)
{
    json_t *k = json_object_get(json_object_get(rules, "kinds"), kind);
    json_t *iv = json_object_get(k, "interval_years"), *mn = json_object_get(k, "min_samples");
    *interval = json_is_number(iv) ? json_number_value(iv) : NAN;
    *min = json_is_number(mn) ? json_number_value(mn) : NAN;
}

je_status api_genebank(req *r, result *out, je_error *err)
{
    int year;
    je_status st = year_param(r, &year, err);
    if (st != JE_OK)
        return st;
    if (year == 0) {
        time_t now = time(NULL);
        struct tm tmv;
        gmtime_r(&now, &tmv);
        year = tmv.tm_year + 1900;
    }
    char path[1024];
    json_t *rules = json_load_file(rules_file("genebank-intervals.json", path, sizeof path), 0, NULL);
    je_gb_accession *a = NULL;
    size_t n = 0;
    if ((st = je_store_genebank(r->db, &a, &n, err)) != JE_OK) {
        json_decref(rules);
        return st;
    }
    out->rows = json_array();
    for (size_t i = 0; i < n; i++) {
        int y = 0, m = 0;
        char tail;
        int parts = sscanf(a[i].last_regeneration, "%4d-%2d%c", &y, &m, &tail);
        /* judged mid-year against the regeneration month (as jointenv genebank status) */
        double since = parts == 2 ? (double)(year - y) + (6.5 - (double)m) / 12.0
                                  : (double)(year - y);
        double interval, min;
        gb_rule(rules, a[i].kind, &interval, &min);
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(a[i].code));
        json_object_set_new(o, "species_zh", jstr(a[i].species_zh));
        json_object_set_new(o, "species_en", jstr(a[i].species_en));
        json_object_set_new(o, "kind", jstr(a[i].kind));
        json_object_set_new(o, "bank", jstr(a[i].bank));
        json_object_set_new(o, "location", jstr(a[i].location));
        json_object_set_new(o, "jurisdiction", jstr(a[i].jurisdiction));
        json_object_set_new(o, "accessions", json_integer((json_int_t)a[i].accessions));
        json_object_set_new(o, "samples", jnum(a[i].samples));
        json_object_set_new(o, "last_regeneration", jstr(a[i].last_regeneration));
        json_object_set_new(o, "years_since", jnum(round(since * 10) / 10));
        json_object_set_new(o, "interval_years", jnum(interval));
        json_object_set_new(o, "min_samples", jnum(min));
        json_object_set_new(o, "status",
                            isnan(interval) ? json_null()
                                            : json_string(je_gb_status_name(je_gb_status_of(
                                                  since, interval, a[i].samples, min))));
        json_object_set_new(o, "note", jstr(a[i].note));
        json_array_append_new(out->rows, o);
    }
    free(a);
    json_decref(rules);
    return JE_OK;
}

je_status api_forests(req *r, result *out, je_error *err)
{
    je_forest_row *f = NULL;
    je_forest_target_row *t = NULL;
    size_t n = 0, nt = 0;
    je_status st = je_store_forests(r->db, &f, &n, err);
    if (st == JE_OK)
        st = je_store_forest_targets(r->db, &t, &nt, err);
    if (st == JE_OK)
        out->rows = json_array();
    for (size_t i = 0; st == JE_OK && i < n; i++) {
        static const char *const ind[2] = {"coverage_pct", "stock_m3"};
        const double v[2] = {f[i].coverage_pct, f[i].stock_m3};
        for (int k = 0; k < 2; k++) {
            if (isnan(v[k]))
                continue;
            const je_forest_target_row *x = NULL;
            for (size_t j = 0; j < nt && x == NULL; j++)
                if (strcmp(t[j].unit, f[i].unit) == 0 && strcmp(t[j].indicator, ind[k]) == 0)
                    x = &t[j];
            je_forest_progress p;
            int has = x && je_forest_progress_of(&x->t, f[i].year, v[k], &p, NULL) == JE_OK;
            char code[48];
            snprintf(code, sizeof code, "%s/%d/%s", f[i].unit, f[i].year, ind[k]);
            json_t *o = json_object();
            json_object_set_new(o, "code", json_string(code));
            json_object_set_new(o, "unit", json_string(f[i].unit));
            json_object_set_new(o, "name_zh", jstr(f[i].name_zh));
            json_object_set_new(o, "name_en", jstr(f[i].name_en));
            json_object_set_new(o, "jurisdiction", jstr(f[i].jurisdiction));
            json_object_set_new(o, "year", json_integer(f[i].year));
            json_object_set_new(o, "indicator", json_string(ind[k]));
            json_object_set_new(o, "value", jnum(v[k]));
            json_object_set_new(o, "afforestation_ha", jnum(f[i].afforestation_ha));
            json_object_set_new(o, "target", has ? jnum(x->t.target) : json_null());
            json_object_set_new(o, "target_year", has ? json_integer(x->t.target_year) : json_null());
            json_object_set_new(o, "progress", has ? jnum(p.progress) : json_null());
            json_object_set_new(o, "elapsed", has ? jnum(p.elapsed) : json_null());
            json_object_set_new(o, "on_track", has ? json_boolean(p.on_track) : json_null());
            json_object_set_new(o, "met", has ? json_boolean(p.met) : json_null());
            json_array_append_new(out->rows, o);
        }
    }
    free(f);
    free(t);
    return st;
}
