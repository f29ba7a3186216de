/*
 * river_cuts.c — the least load reduction that brings sections to their target class:
 * a linear program over the attribution (river_attrib.c). Because every section's
 * value is background + Σ contribution·(1 − fraction cut), each (section, item) is one
 * linear row; bounds 0 ≤ fraction ≤ 1. A row that even cutting everything cannot meet
 * (background alone above the limit) is reported by name before any solve: when no
 * such row exists, cutting everything meets every row, so the LP is feasible.
 */
#include "jointenv/solver.h"
#include "water/river_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void je_river_cuts_free(je_river_cuts_result *r)
{
    if (r == NULL)
        return;
    free(r->frac);
    free(r->cut_kg_d);
    free(r->owner_cut_kg_d);
    free(r->after_mg_l);
    free(r->issues);
    memset(r, 0, sizeof *r);
}

/* A load's mass of each substance in the month, kg/d: point loads q·C (m³/s × g/m³ =
 * g/s; × 86.4 = kg/d), diffuse loads w × stretch length. */
static void load_mass(const je_river_net *net, const je_river_month *m, size_t l,
                      double out[JE_RIVER_NSUB])
{
    const river_load *ld = &net->load[l];
    double f = river_load_factor(m, l);
    for (int s = 0; s < JE_RIVER_NSUB; s++) {
        double v;
        if (ld->kind == JE_LOAD_DIFFUSE)
            v = ld->w_kg_d_km[s] * (ld->x_end_km - ld->x_km);
        else
            v = river_load_q(net, m, l) * ld->conc_mg_l[s] * 86.4;
        out[s] = s == JE_RIVER_DO || isnan(v) ? 0 : v * f;
    }
}

typedef struct cut_lp {
    je_lp *lp;
    int *col; /* [unit·NSUB + s]: column, −1 when none */
    size_t n_units;
    const size_t *unit_of; /* load → unit (itself, or its owner) */
} cut_lp;

static je_status check_targets(const je_river_net *net, const je_river_cut_target *t, size_t n,
                               je_wq_class *cls, je_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].section >= net->n_sections)
            return je_error_set(err, JE_EINVAL, "cut target %zu: section index %zu out of range", i,
                                t[i].section);
        cls[i] = t[i].target != JE_WQ_CLASS_NONE ? t[i].target : net->section[t[i].section].target;
        if (cls[i] < JE_WQ_CLASS_I || cls[i] > JE_WQ_CLASS_V)
            return je_error_set(err, JE_EINVAL, "section %s: no target class (I-V) to cut to",
                                net->section[t[i].section].code);
    }
    return JE_OK;
}

static unsigned items_of(const je_river_cut_target *t)
{
    return t->items ? t->items : (1u << JE_RIVER_NSUB) - 1;
}

/* Build the rows; record the unreachable ones as issues. */
static je_status build_rows(const je_river_net *net, const je_river_attrib *a,
                            const je_river_cut_target *t, const je_wq_class *cls,
                            const size_t *row_of_t, size_t n, cut_lp *c, je_river_cuts_result *out,
                            je_error *err)
{
    size_t nl = a->n_loads;
    int *cols = malloc((nl ? nl : 1) * sizeof *cols);
    double *vals = malloc((nl ? nl : 1) * sizeof *vals);
    double *acc = calloc(c->n_units ? c->n_units : 1, sizeof *acc);
    je_status st = cols && vals && acc ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && st == JE_OK; i++) {
        size_t j = row_of_t[i];
        je_waterbody wb = net->section[t[i].section].waterbody;
        for (int s = 0; s < JE_RIVER_NSUB && st == JE_OK; s++) {
            if (!(items_of(&t[i]) & (1u << s)))
                continue;
            double limit = je_gb3838_limit(je_river_sub_item((je_river_sub)s), cls[i], wb);
            double now = a->conc_mg_l[j * JE_RIVER_NSUB + (size_t)s], need, floor;
            int var = s == JE_RIVER_DO ? JE_RIVER_BOD5 : s;
            memset(acc, 0, c->n_units * sizeof *acc);
            double removable = 0;
            for (size_t l = 0; l < nl; l++) {
                double v = s == JE_RIVER_DO
                               ? a->load_do_bod_mg_l[j * nl + l]
                               : a->load_mg_l[(j * nl + l) * JE_RIVER_NSUB + (size_t)s];
                acc[c->unit_of[l]] += v;
                removable += v;
            }
            if (s == JE_RIVER_DO) {
                /* DO is a minimum: the deficit must not exceed Cs − limit */
                double allowed = a->do_sat_mg_l[j] - limit;
                need = now - allowed;
                floor = now - removable;
                if (need > 0 && floor > allowed) {
                    out->issues[out->n_issues++] = (je_river_cut_issue){
                        t[i].section, JE_RIVER_DO, a->do_sat_mg_l[j] - floor, limit};
                    continue;
                }
            } else {
                need = now - limit;
                floor = now - removable;
                if (need > 0 && floor > limit) {
                    out->issues[out->n_issues++] =
                        (je_river_cut_issue){t[i].section, (je_river_sub)s, floor, limit};
                    continue;
                }
            }
            if (need <= 0)
                continue;
            size_t k = 0;
            for (size_t u = 0; u < c->n_units; u++) {
                int col = c->col[u * JE_RIVER_NSUB + (size_t)var];
                if (acc[u] > 0 && col >= 0) {
                    cols[k] = col;
                    vals[k++] = acc[u];
                }
            }
            st = je_lp_add_row(c->lp, k, cols, vals, need, INFINITY, NULL, NULL, err);
        }
    }
    free(cols);
    free(vals);
    free(acc);
    return st;
}

static void explain(const je_river_net *net, const je_river_cut_issue *is, const je_wq_class cls,
                    je_error *err)
{
    if (is->sub == JE_RIVER_DO)
        je_error_set(err, JE_EDATA,
                     "section %s: do stays at %.3g mg/L even with every load's BOD5 removed, "
                     "below the class %s minimum %.3g mg/L",
                     net->section[is->section].code, is->floor_mg_l, je_wq_class_label(cls),
                     is->limit_mg_l);
    else
        je_error_set(err, JE_EDATA,
                     "section %s: %s stays at %.4g mg/L from the background alone (every load "
                     "removed), above the class %s limit %.4g mg/L",
                     net->section[is->section].code, je_river_sub_code(is->sub), is->floor_mg_l,
                     je_wq_class_label(cls), is->limit_mg_l);
}

static je_status alloc_result(je_river_cuts_result *out, size_t nl, size_t no, size_t n)
{
    out->n_loads = nl;
    out->n_owners = no;
    out->n_targets = n;
    out->frac = calloc((nl ? nl : 1) * JE_RIVER_NSUB, sizeof(double));
    out->cut_kg_d = calloc((nl ? nl : 1) * JE_RIVER_NSUB, sizeof(double));
    out->owner_cut_kg_d = calloc((no ? no : 1) * JE_RIVER_NSUB, sizeof(double));
    out->after_mg_l = calloc((n ? n : 1) * JE_RIVER_NSUB, sizeof(double));
    out->issues = calloc((n ? n : 1) * JE_RIVER_NSUB, sizeof *out->issues);
    out->total_cost_fen_a = NAN;
    return out->frac && out->cut_kg_d && out->owner_cut_kg_d && out->after_mg_l && out->issues
               ? JE_OK
               : JE_ENOMEM;
}

/* Values at the targets after the cuts. */
static void after_values(const je_river_attrib *a, const size_t *row_of_t, size_t n,
                         const double *frac, je_river_cuts_result *out)
{
    size_t nl = a->n_loads;
    for (size_t i = 0; i < n; i++) {
        size_t j = row_of_t[i];
        for (size_t s = 0; s < JE_RIVER_NSUB; s++) {
            double v = a->conc_mg_l[j * JE_RIVER_NSUB + s];
            for (size_t l = 0; l < nl; l++) {
                if (s == JE_RIVER_DO)
                    v -= a->load_do_bod_mg_l[j * nl + l] * frac[l * JE_RIVER_NSUB + JE_RIVER_BOD5];
                else
                    v -= a->load_mg_l[(j * nl + l) * JE_RIVER_NSUB + s] *
                         frac[l * JE_RIVER_NSUB + s];
            }
            out->after_mg_l[i * JE_RIVER_NSUB + s] = s == JE_RIVER_DO ? a->do_sat_mg_l[j] - v : v;
        }
    }
}

je_status je_river_cuts(const je_river_net *net, const je_river_month *month,
                        const je_river_params *params, const je_river_cut_target *targets, size_t n,
                        const je_river_cut_opts *opts, je_river_cuts_result *out, je_error *err)
{
    if (out == NULL)
        return je_error_set(err, JE_EINVAL, "no result");
    memset(out, 0, sizeof *out);
    je_river_cut_opts def_opts = {JE_CUT_PER_LOAD, NULL, 0};
    if (opts == NULL)
        opts = &def_opts;
    if (net == NULL || !net->valid || (n > 0 && targets == NULL))
        return je_error_set(err, JE_EINVAL, "cuts: a validated network and targets are needed");
    if ((unsigned)opts->rule > JE_CUT_EQUAL_PER_OWNER)
        return je_error_set(err, JE_EINVAL, "cuts: invalid rule");
    size_t nl = net->n_loads, no = net->n_owners;
    if (alloc_result(out, nl, no, n) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory for the cuts");
    je_wq_class *cls = malloc((n ? n : 1) * sizeof *cls);
    size_t *row_of_t = malloc((n ? n : 1) * sizeof *row_of_t);
    size_t *secs = malloc((n ? n : 1) * sizeof *secs);
    size_t *row_of_sec = malloc((net->n_sections ? net->n_sections : 1) * sizeof *row_of_sec);
    size_t *unit_of = malloc((nl ? nl : 1) * sizeof *unit_of);
    double *mass = malloc((nl ? nl : 1) * JE_RIVER_NSUB * sizeof *mass);
    je_river_attrib a = {0};
    cut_lp c = {0};
    je_lp_result lr = {0};
    je_status st = cls && row_of_t && secs && row_of_sec && unit_of && mass
                       ? JE_OK
                       : je_error_set(err, JE_ENOMEM, "out of memory for the cuts");
    if (st == JE_OK)
        st = check_targets(net, targets, n, cls, err);
    size_t ns = 0;
    if (st == JE_OK) {
        /* the distinct sections, attributed once */
        for (size_t i = 0; i < net->n_sections; i++)
            row_of_sec[i] = RIVER_NONE;
        for (size_t i = 0; i < n; i++) {
            size_t sec = targets[i].section;
            if (row_of_sec[sec] == RIVER_NONE) {
                row_of_sec[sec] = ns;
                secs[ns++] = sec;
            }
            row_of_t[i] = row_of_sec[sec];
        }
        st = je_river_attribute(net, month, params, secs, ns, &a, err);
    }
    if (st == JE_OK) {
        int per_owner = opts->rule == JE_CUT_EQUAL_PER_OWNER;
        c.n_units = per_owner ? no : nl;
        for (size_t l = 0; l < nl; l++) {
            unit_of[l] = per_owner ? net->load[l].owner : l;
            load_mass(net, month, l, mass + l * JE_RIVER_NSUB);
        }
        c.unit_of = unit_of;
        c.col = malloc((c.n_units ? c.n_units : 1) * JE_RIVER_NSUB * sizeof *c.col);
        double *cost = calloc((c.n_units ? c.n_units : 1) * JE_RIVER_NSUB, sizeof *cost);
        if (c.col == NULL || cost == NULL)
            st = je_error_set(err, JE_ENOMEM, "out of memory for the cuts");
        else
            st = je_lp_new(JE_LP_MINIMIZE, &c.lp, err);
        /* objective: kg/d removed, or fen/a = kg/d × 365/1000 t × fen/t */
        for (size_t l = 0; l < nl && st == JE_OK; l++)
            for (size_t s = 0; s < JE_RIVER_DO; s++) {
                double w = opts->cost_fen_per_t ? 0.365 * (double)opts->cost_fen_per_t[l] : 1.0;
                cost[unit_of[l] * JE_RIVER_NSUB + s] += mass[l * JE_RIVER_NSUB + s] * w;
            }
        for (size_t u = 0; u < c.n_units && st == JE_OK; u++)
            for (size_t s = 0; s < JE_RIVER_NSUB && st == JE_OK; s++) {
                c.col[u * JE_RIVER_NSUB + s] = -1;
                if (s != JE_RIVER_DO)
                    st = je_lp_add_col(c.lp, 0, 1, cost[u * JE_RIVER_NSUB + s], 0, NULL,
                                       &c.col[u * JE_RIVER_NSUB + s], err);
            }
        free(cost);
    }
    if (st == JE_OK)
        st = build_rows(net, &a, targets, cls, row_of_t, n, &c, out, err);
    if (st == JE_OK && out->n_issues > 0) {
        size_t t0 = 0;
        while (t0 < n && targets[t0].section != out->issues[0].section)
            t0++;
        explain(net, &out->issues[0], cls[t0 < n ? t0 : 0], err);
        st = JE_EDATA;
    }
    if (st == JE_OK && je_lp_nrows(c.lp) > 0) {
        je_lp_params lp_params = {.time_limit_s = opts->time_limit_s, .rel_gap = 1e-9, .threads = 1};
        st = je_lp_solve(c.lp, &lp_params, &lr, err);
        if (st == JE_OK && (lr.status != JE_LP_OPTIMAL || lr.x == NULL))
            st = je_error_set(err, JE_ESOLVER, "cuts: the LP ended %s",
                              je_lp_status_name(lr.status));
    }
    if (st == JE_OK) {
        for (size_t l = 0; l < nl; l++)
            for (size_t s = 0; s < JE_RIVER_DO; s++) {
                int col = c.col[unit_of[l] * JE_RIVER_NSUB + s];
                double f = lr.x && col >= 0 ? lr.x[col] : 0;
                f = f < 0 ? 0 : f > 1 ? 1 : f;
                out->frac[l * JE_RIVER_NSUB + s] = f;
                double kg = f * mass[l * JE_RIVER_NSUB + s];
                out->cut_kg_d[l * JE_RIVER_NSUB + s] = kg;
                out->owner_cut_kg_d[net->load[l].owner * JE_RIVER_NSUB + s] += kg;
                out->total_cut_kg_d += kg;
                if (opts->cost_fen_per_t) {
                    if (isnan(out->total_cost_fen_a))
                        out->total_cost_fen_a = 0;
                    out->total_cost_fen_a += kg * 0.365 * (double)opts->cost_fen_per_t[l];
                }
            }
        after_values(&a, row_of_t, n, out->frac, out);
        out->feasible = 1;
    }
    je_lp_result_free(&lr);
    je_lp_free(c.lp);
    free(c.col);
    je_river_attrib_free(&a);
    free(cls);
    free(row_of_t);
    free(secs);
    free(row_of_sec);
    free(unit_of);
    free(mass);
    return st;
}
