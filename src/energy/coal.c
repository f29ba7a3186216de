/*
 * coal.c — coal power units: CO2 of a unit, the retirement target file, and the
 * retirement plan (an exact MILP over solver.h, and two ranked rules to compare).
 *
 * MILP (docs/energy.md "Coal planning"): units u (operating, of the target's
 * jurisdiction), target years k = 1…K. Binary r[u,k] = 1 when u is retired by year k.
 *   r[u,k] ≥ r[u,k−1]                                     (retired stays retired)
 *   Σ_u P_u r[u,k] ≥ Σ_u P_u − capmax_k                   (capacity cap)
 *   Σ_u C_u r[u,k] ≥ Σ_u C_u − co2max_k                   (CO2 cap)
 *   Σ_u f P_u r[u,k] ≤ Σ_u f P_u + other_k − peak_k (1 + reserve)   (firm capacity)
 * Cost of retiring u in year k: c[u,k] = P_u × max(0, life − age_u,k) (stranded MW·yr)
 * + 10⁻³ P_u (fewest MW among equals); with r cumulative, Σ_k c[u,k](r[u,k] − r[u,k−1])
 * = Σ_k r[u,k](c[u,k] − c[u,k+1]), c[u,K+1] = 0.
 */
#include "energy/energy_internal.h"

#include "jointenv/solver.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *je_unit_status_name(je_unit_status s)
{
    switch (s) {
    case JE_UNIT_OPERATING:
        return "operating";
    case JE_UNIT_RETIRED:
        return "retired";
    case JE_UNIT_MOTHBALLED:
        return "mothballed";
    case JE_UNIT_CONSTRUCTION:
        return "construction";
    }
    return "?";
}

const char *je_coal_method_name(je_coal_method m)
{
    switch (m) {
    case JE_COAL_MILP:
        return "milp";
    case JE_COAL_BY_AGE:
        return "by-age";
    case JE_COAL_BY_EFFICIENCY:
        return "by-efficiency";
    }
    return "?";
}

je_status je_coal_unit_co2(const je_coal_unit *u, const je_energy_factors *f, double *out_co2_t,
                           je_error *err)
{
    const je_energy_fuel_factor *x = je_energy_fuel(f, "raw_coal");
    if (!x || isnan(x->tce_per_unit) || !(x->tce_per_unit > 0))
        return je_error_set(err, JE_ENOTFOUND, "no raw_coal factors in %s/%s", f->tce_id,
                            f->co2_id);
    double co2_per_t;
    je_status st = je_energy_fuel_co2(f, "raw_coal", "power", 1.0, &co2_per_t, err);
    if (st != JE_OK)
        return st;
    /* gce/kWh = kgce/MWh: generation (MWh) × rate × 10⁻³ = tce; CO2 per tce of raw coal =
       NCV × CC × OF × 44/12 / (tce per t), GB/T 2589 and the CO2 file. */
    double tce = u->generation_mwh * u->coal_gce_kwh * 1e-3;
    *out_co2_t = tce * co2_per_t / x->tce_per_unit;
    return JE_OK;
}

/* ---- target file ------------------------------------------------------------ */

je_status je_coal_target_parse(const char *json, size_t len, const char *name, je_coal_target *out,
                               je_error *err)
{
    jparser p = {name ? name : "(target)", err};
    memset(out, 0, sizeof *out);
    json_t *root;
    je_status st = jp_parse_root(&p, json, len, &root);
    if (st != JE_OK)
        return st;
    static const char *const known[] = {"jurisdiction",      "reserve_margin", "firm_factor",
                                        "design_life_years", "years",          NULL};
    static const char *const yk[] = {"year",           "max_capacity_mw", "max_co2_t",
                                     "peak_demand_mw", "other_firm_mw",   NULL};
    st = jp_members(&p, root, "", known);
    if (st == JE_OK)
        st = jp_string(&p, root, "", "id", 0, out->id, sizeof out->id);
    if (st == JE_OK)
        st =
            jp_string(&p, root, "", "jurisdiction", 1, out->jurisdiction, sizeof out->jurisdiction);
    if (st == JE_OK)
        st = jp_number(&p, root, "", "reserve_margin", 0, 1, 0, &out->reserve_margin);
    if (st == JE_OK)
        st = jp_number(&p, root, "", "firm_factor", 0, 1, 0, &out->firm_factor);
    if (st == JE_OK)
        st = jp_int(&p, root, "", "design_life_years", 1, 80, 0, &out->design_life_years);
    json_t *ys = json_object_get(root, "years");
    if (st == JE_OK &&
        (!json_is_array(ys) || json_array_size(ys) == 0 || json_array_size(ys) > JE_COAL_YEARS_MAX))
        st = jp_fail(&p, "years", "must be an array of 1 to %d target years", JE_COAL_YEARS_MAX);
    for (size_t i = 0; st == JE_OK && i < json_array_size(ys); i++) {
        json_t *y = json_array_get(ys, i);
        char yp[32];
        snprintf(yp, sizeof yp, "years[%zu]", i);
        je_coal_target_year *x = &out->years[i];
        x->max_capacity_mw = x->max_co2_t = NAN;
        if (!json_is_object(y))
            st = jp_fail(&p, yp, "must be an object");
        if (st == JE_OK)
            st = jp_members(&p, y, yp, yk);
        if (st == JE_OK)
            st = jp_int(&p, y, yp, "year", 1990, 2200, 0, &x->year);
        if (st == JE_OK && i > 0 && x->year <= out->years[i - 1].year)
            st = jp_fail(&p, yp, "year must increase");
        if (st == JE_OK)
            st = jp_number(&p, y, yp, "max_capacity_mw", 0, 1e7, 1, &x->max_capacity_mw);
        if (st == JE_OK)
            st = jp_number(&p, y, yp, "max_co2_t", 0, 1e11, 1, &x->max_co2_t);
        if (st == JE_OK)
            st = jp_number(&p, y, yp, "peak_demand_mw", 0, 1e7, 0, &x->peak_demand_mw);
        if (st == JE_OK)
            st = jp_number(&p, y, yp, "other_firm_mw", 0, 1e7, 0, &x->other_firm_mw);
        out->n_years = i + 1;
    }
    json_decref(root);
    return st;
}

je_status je_coal_target_load(const char *path, je_coal_target *out, je_error *err)
{
    char *buf;
    size_t n;
    je_status st = jp_read_file(path, &buf, &n, err);
    if (st != JE_OK)
        return st;
    st = je_coal_target_parse(buf, n, path, out, err);
    free(buf);
    return st;
}

/* ---- planning --------------------------------------------------------------- */

typedef struct prob {
    const je_coal_unit *u;
    const je_coal_target *t;
    size_t *idx; /* candidate units (indices into u) */
    size_t m;
    double *co2; /* per candidate */
    double sum_p, sum_c;
} prob;

static double required_firm(const je_coal_target *t, size_t k)
{
    return t->years[k].peak_demand_mw * (1 + t->reserve_margin);
}

static double stranded(const prob *p, size_t i, int year)
{
    const je_coal_unit *u = &p->u[p->idx[i]];
    double left = (double)p->t->design_life_years - (double)(year - u->commissioned);
    return u->capacity_mw * (left > 0 ? left : 0);
}

/* Which constraints a model includes (for the diagnosis of an infeasible target). */
enum { C_CAP = 1, C_CO2 = 2, C_FIRM = 4, C_ALL = 7 };

/* Build and solve the MILP over target years k0…k1 with the constraints in `which`.
 * *feasible 0/1; r (m × K, may be NULL) gets the solution. */
static je_status solve(const prob *p, size_t k0, size_t k1, int which, int *feasible, double *r,
                       je_error *err)
{
    const je_coal_target *t = p->t;
    size_t K = k1 - k0 + 1, m = p->m;
    je_lp *lp;
    je_status st = je_lp_new(JE_LP_MINIMIZE, &lp, err);
    if (st != JE_OK)
        return st;
    int *col = malloc((2 * m + 2) * sizeof *col);
    double *val = malloc((2 * m + 2) * sizeof *val);
    if (!col || !val)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < m && st == JE_OK; i++)
        for (size_t k = k0; k <= k1 && st == JE_OK; k++) {
            double c = stranded(p, i, t->years[k].year) + 1e-3 * p->u[p->idx[i]].capacity_mw;
            double next =
                k < k1 ? stranded(p, i, t->years[k + 1].year) + 1e-3 * p->u[p->idx[i]].capacity_mw
                       : 0;
            st = je_lp_add_col(lp, 0, 1, c - next, 1, NULL, NULL, err);
        }
#define R(i, k) ((int)((i)*K + ((k)-k0)))
    for (size_t i = 0; i < m && st == JE_OK; i++)
        for (size_t k = k0 + 1; k <= k1 && st == JE_OK; k++) {
            int cc[2] = {R(i, k), R(i, k - 1)};
            double vv[2] = {1, -1};
            st = je_lp_add_row(lp, 2, cc, vv, 0, INFINITY, NULL, NULL, err);
        }
    for (size_t k = k0; k <= k1 && st == JE_OK; k++) {
        const je_coal_target_year *y = &t->years[k];
        for (size_t i = 0; i < m; i++)
            col[i] = R(i, k);
        if ((which & C_CAP) && !isnan(y->max_capacity_mw)) {
            for (size_t i = 0; i < m; i++)
                val[i] = p->u[p->idx[i]].capacity_mw;
            st = je_lp_add_row(lp, m, col, val, p->sum_p - y->max_capacity_mw, INFINITY, NULL, NULL,
                               err);
        }
        if (st == JE_OK && (which & C_CO2) && !isnan(y->max_co2_t)) {
            for (size_t i = 0; i < m; i++)
                val[i] = p->co2[i] * 1e-3; /* kt: keeps the row's scale near the others */
            st = je_lp_add_row(lp, m, col, val, (p->sum_c - y->max_co2_t) * 1e-3, INFINITY, NULL,
                               NULL, err);
        }
        if (st == JE_OK && (which & C_FIRM)) {
            for (size_t i = 0; i < m; i++)
                val[i] = t->firm_factor * p->u[p->idx[i]].capacity_mw;
            st = je_lp_add_row(lp, m, col, val, -INFINITY,
                               t->firm_factor * p->sum_p + y->other_firm_mw - required_firm(t, k),
                               NULL, NULL, err);
        }
    }
#undef R
    je_lp_result res;
    memset(&res, 0, sizeof res);
    if (st == JE_OK) {
        je_lp_params prm = {.time_limit_s = 60, .rel_gap = 1e-9};
        st = je_lp_solve(lp, &prm, &res, err);
    }
    if (st == JE_OK) {
        *feasible = res.status == JE_LP_OPTIMAL || res.status == JE_LP_FEASIBLE;
        if (*feasible && r && res.x)
            for (size_t q = 0; q < m * K; q++)
                r[q] = res.x[q];
        if (!*feasible && res.status != JE_LP_INFEASIBLE)
            st = je_error_set(err, JE_ESOLVER, "the retirement MILP ended %s",
                              je_lp_status_name(res.status));
    }
    je_lp_result_free(&res);
    je_lp_free(lp);
    free(col);
    free(val);
    return st;
}

static const char *const cname[] = {"the capacity cap", "the CO2 cap", "the capacity and CO2 caps"};

/* Which year and which constraints make the target infeasible. */
static je_status diagnose(const prob *p, char *msg, size_t size, je_error *err)
{
    const je_coal_target *t = p->t;
    for (size_t k = 0; k < t->n_years; k++) {
        double firm = t->firm_factor * p->sum_p + t->years[k].other_firm_mw;
        if (firm < required_firm(t, k)) {
            snprintf(msg, size,
                     "%d: firm capacity %.0f MW is below peak demand plus reserve %.0f MW even "
                     "with every coal unit kept",
                     t->years[k].year, firm, required_firm(t, k));
            return JE_OK;
        }
        static const int cap_alone[] = {C_CAP | C_FIRM, C_CO2 | C_FIRM, C_ALL};
        for (size_t c = 0; c < 3; c++) {
            int ok;
            je_status st = solve(p, k, k, cap_alone[c], &ok, NULL, err);
            if (st != JE_OK)
                return st;
            if (!ok) {
                snprintf(msg, size,
                         "%d: %s and firm capacity >= %.0f MW (peak %.0f MW + %.0f %% "
                         "reserve) cannot both hold: retiring enough coal leaves too little "
                         "firm capacity",
                         t->years[k].year, cname[c], required_firm(t, k),
                         t->years[k].peak_demand_mw, t->reserve_margin * 100);
                return JE_OK;
            }
        }
    }
    for (size_t k = 1; k < t->n_years; k++) {
        int ok;
        je_status st = solve(p, 0, k, C_ALL, &ok, NULL, err);
        if (st != JE_OK)
            return st;
        if (!ok) {
            snprintf(msg, size,
                     "%d: each year is feasible alone, but units retired to meet the earlier "
                     "years' caps leave too little firm capacity by %d",
                     t->years[k].year, t->years[k].year);
            return JE_OK;
        }
    }
    snprintf(msg, size, "the targets cannot be met together");
    return JE_OK;
}

static int cmp_age(const void *a, const void *b, const prob *p)
{
    const je_coal_unit *x = &p->u[*(const size_t *)a], *y = &p->u[*(const size_t *)b];
    if (x->commissioned != y->commissioned)
        return x->commissioned < y->commissioned ? -1 : 1;
    return strcmp(x->code, y->code);
}

static int cmp_eff(const void *a, const void *b, const prob *p)
{
    const je_coal_unit *x = &p->u[*(const size_t *)a], *y = &p->u[*(const size_t *)b];
    if (x->coal_gce_kwh != y->coal_gce_kwh)
        return x->coal_gce_kwh > y->coal_gce_kwh ? -1 : 1;
    return strcmp(x->code, y->code);
}

/* Insertion sort with a context (qsort has none; m is tens of units). */
static void sort_order(size_t *o, size_t m, const prob *p,
                       int (*cmp)(const void *, const void *, const prob *))
{
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && cmp(&o[j], &o[j - 1], p) < 0; j--) {
            size_t tmp = o[j];
            o[j] = o[j - 1];
            o[j - 1] = tmp;
        }
}

/* The ranked rules: retire in order until both caps hold; then check firm capacity. */
static void ranked(const prob *p, je_coal_method method, je_coal_plan *out, const double *co2_of)
{
    const je_coal_target *t = p->t;
    size_t *o = malloc((p->m ? p->m : 1) * sizeof *o);
    if (!o) {
        out->feasible = 0;
        snprintf(out->infeasible, sizeof out->infeasible, "out of memory");
        return;
    }
    for (size_t i = 0; i < p->m; i++)
        o[i] = p->idx[i];
    sort_order(o, p->m, p, method == JE_COAL_BY_AGE ? cmp_age : cmp_eff);
    double cap = p->sum_p, co2 = p->sum_c;
    size_t next = 0;
    for (size_t k = 0; k < t->n_years && out->feasible; k++) {
        const je_coal_target_year *y = &t->years[k];
        while (next < p->m && ((!isnan(y->max_capacity_mw) && cap > y->max_capacity_mw) ||
                               (!isnan(y->max_co2_t) && co2 > y->max_co2_t))) {
            out->retire_year[o[next]] = y->year;
            cap -= p->u[o[next]].capacity_mw;
            co2 -= co2_of[o[next]];
            next++;
        }
        double firm = t->firm_factor * cap + y->other_firm_mw;
        if ((!isnan(y->max_capacity_mw) && cap > y->max_capacity_mw) ||
            (!isnan(y->max_co2_t) && co2 > y->max_co2_t)) {
            out->feasible = 0;
            snprintf(out->infeasible, sizeof out->infeasible,
                     "%d: the caps cannot be met even with every unit retired", y->year);
        } else if (firm < required_firm(t, k) && next == 0) {
            out->feasible = 0;
            snprintf(out->infeasible, sizeof out->infeasible,
                     "%d: firm capacity %.0f MW is below peak demand plus reserve %.0f MW even "
                     "with every coal unit kept",
                     y->year, firm, required_firm(t, k));
        } else if (firm < required_firm(t, k)) {
            out->feasible = 0;
            snprintf(out->infeasible, sizeof out->infeasible,
                     "%d: retiring %s leaves firm capacity %.0f MW below peak demand plus "
                     "reserve %.0f MW",
                     y->year,
                     method == JE_COAL_BY_AGE ? "the oldest units first"
                                              : "the least efficient units first",
                     firm, required_firm(t, k));
        }
    }
    free(o);
}

static void summarize(const prob *p, je_coal_plan *out, const double *co2_of)
{
    const je_coal_target *t = p->t;
    out->n_years = t->n_years;
    for (size_t k = 0; k < t->n_years; k++) {
        je_coal_plan_year *y = &out->years[k];
        y->year = t->years[k].year;
        y->capacity_mw = y->co2_t = y->retired_mw = 0;
        for (size_t i = 0; i < p->m; i++) {
            size_t u = p->idx[i];
            int ry = out->retire_year[u];
            if (ry == 0 || ry > y->year) {
                y->capacity_mw += p->u[u].capacity_mw;
                y->co2_t += co2_of[u];
            }
            if (ry == y->year)
                y->retired_mw += p->u[u].capacity_mw;
        }
        y->firm_mw = t->firm_factor * y->capacity_mw + t->years[k].other_firm_mw;
        y->required_firm_mw = required_firm(t, k);
    }
    for (size_t i = 0; i < p->m; i++) {
        size_t u = p->idx[i];
        if (out->retire_year[u]) {
            out->retired_mw += p->u[u].capacity_mw;
            out->stranded_mw_years += stranded(p, i, out->retire_year[u]);
        }
    }
    out->co2_avoided_t = p->sum_c - (out->n_years ? out->years[out->n_years - 1].co2_t : 0);
}

je_status je_coal_plan_compute(const je_coal_unit *u, size_t n, const je_energy_factors *f,
                               const je_coal_target *t, je_coal_method method, je_coal_plan *out,
                               je_error *err)
{
    memset(out, 0, sizeof *out);
    if (t->n_years == 0 || t->n_years > JE_COAL_YEARS_MAX)
        return je_error_set(err, JE_EINVAL, "a coal target needs 1 to %d years", JE_COAL_YEARS_MAX);
    out->method = method;
    out->feasible = 1;
    out->n_units = n;
    prob p = {u, t, NULL, 0, NULL, 0, 0};
    double *co2_of = calloc(n ? n : 1, sizeof *co2_of);
    p.idx = malloc((n ? n : 1) * sizeof *p.idx);
    p.co2 = malloc((n ? n : 1) * sizeof *p.co2);
    out->retire_year = calloc(n ? n : 1, sizeof *out->retire_year);
    je_status st = JE_OK;
    if (!co2_of || !p.idx || !p.co2 || !out->retire_year)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && st == JE_OK; i++) {
        if (u[i].status != JE_UNIT_OPERATING ||
            (t->jurisdiction[0] && strcmp(t->jurisdiction, u[i].jurisdiction) != 0))
            continue;
        if ((st = je_coal_unit_co2(&u[i], f, &co2_of[i], err)) != JE_OK)
            break;
        p.co2[p.m] = co2_of[i];
        p.idx[p.m++] = i;
        p.sum_p += u[i].capacity_mw;
        p.sum_c += co2_of[i];
    }
    double *r = NULL;
    /* with no unit to retire there is nothing to optimise: the ranked check says
       whether the targets hold as they are */
    if (st == JE_OK && method == JE_COAL_MILP && p.m > 0) {
        int ok = 0;
        r = calloc(p.m * t->n_years + 1, sizeof *r);
        if (!r)
            st = je_error_set(err, JE_ENOMEM, "out of memory");
        if (st == JE_OK)
            st = solve(&p, 0, t->n_years - 1, C_ALL, &ok, r, err);
        if (st == JE_OK && ok) {
            for (size_t i = 0; i < p.m; i++)
                for (size_t k = 0; k < t->n_years; k++)
                    if (r[i * t->n_years + k] > 0.5) {
                        out->retire_year[p.idx[i]] = t->years[k].year;
                        break;
                    }
        } else if (st == JE_OK) {
            out->feasible = 0;
            st = diagnose(&p, out->infeasible, sizeof out->infeasible, err);
        }
    } else if (st == JE_OK) {
        ranked(&p, method, out, co2_of);
    }
    if (st == JE_OK)
        summarize(&p, out, co2_of);
    free(r);
    free(co2_of);
    free(p.idx);
    free(p.co2);
    if (st != JE_OK)
        je_coal_plan_free(out);
    return st;
}

void je_coal_plan_free(je_coal_plan *p)
{
    if (!p)
        return;
    free(p->retire_year);
    p->retire_year = NULL;
}
