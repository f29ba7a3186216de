/*
 * account.c — energy (tce) and CO2 of activity records, totals by jurisdiction,
 * district or sector, intensities, per-capita figures and year-on-year change.
 *
 * How: je_energy_record turns one record into its contributions; the groups of the
 * year and of the year before are summed into a small array found by linear search
 * (a region has tens of groups, not thousands).
 */
#include "energy/energy_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void je_energy_totals_zero(je_energy_totals *t)
{
    memset(t, 0, sizeof *t);
    t->gdp_1e4_yuan = NAN;
    t->population = NAN;
}

static double add_nan(double a, double b)
{
    if (isnan(a))
        return b;
    if (isnan(b))
        return a;
    return a + b;
}

void je_energy_totals_add(je_energy_totals *t, const je_energy_totals *x)
{
    t->fuel_tce += x->fuel_tce;
    t->elec_tce += x->elec_tce;
    t->heat_tce += x->heat_tce;
    t->energy_tce += x->energy_tce;
    t->co2_fuel_t += x->co2_fuel_t;
    t->co2_process_t += x->co2_process_t;
    t->co2_elec_t += x->co2_elec_t;
    t->co2_heat_t += x->co2_heat_t;
    t->co2_t += x->co2_t;
    t->elec_mwh += x->elec_mwh;
    t->gdp_1e4_yuan = add_nan(t->gdp_1e4_yuan, x->gdp_1e4_yuan);
    t->population = add_nan(t->population, x->population);
}

/* Energy, GDP and population of a record (no CO2: needs no grid factor). */
je_status je_energy_record_tce(const je_energy_activity *a, const je_energy_factors *f,
                               je_elec_basis basis, je_energy_totals *out, je_error *err)
{
    je_energy_totals_zero(out);
    const je_energy_item *it = je_energy_item_find(a->item);
    if (!it)
        return je_error_set(err, JE_EINVAL, "unknown item '%s'", a->item);
    double q = a->quantity, k;
    switch (it->kind) {
    case JE_ITEM_FUEL: {
        const je_energy_fuel_factor *x = je_energy_fuel(f, a->item);
        if (!x || isnan(x->tce_per_unit))
            return je_error_set(err, JE_ENOTFOUND, "no standard-coal coefficient for %s in %s",
                                a->item, f->tce_id);
        out->fuel_tce = q * x->tce_per_unit; /* GB/T 2589-2020 Appendix A */
        break;
    }
    case JE_ITEM_ELECTRICITY: {
        out->elec_mwh = q;
        je_status st = je_energy_elec_tce_per_mwh(f, basis, a->year, &k, err);
        if (st != JE_OK)
            return st;
        out->elec_tce = q * k;
        break;
    }
    case JE_ITEM_HEAT:
        out->heat_tce = q * f->heat_tce_per_gj; /* GB/T 2589-2020 Appendix A: 0.03412 kgce/MJ */
        break;
    case JE_ITEM_CLINKER:
        break;
    case JE_ITEM_GDP:
        out->gdp_1e4_yuan = q;
        break;
    case JE_ITEM_POPULATION:
        out->population = q;
        break;
    }
    out->energy_tce = out->fuel_tce + out->elec_tce + out->heat_tce;
    return JE_OK;
}

je_status je_energy_record(const je_energy_activity *a, const je_energy_factors *f,
                           je_elec_basis basis, je_elec_scope scope, je_energy_totals *out,
                           je_error *err)
{
    je_status st = je_energy_record_tce(a, f, basis, out, err);
    if (st != JE_OK)
        return st;
    double q = a->quantity, k;
    switch (je_energy_item_find(a->item)->kind) {
    case JE_ITEM_FUEL:
        st = je_energy_fuel_co2(f, a->item, a->sector, q, &out->co2_fuel_t, err);
        break;
    case JE_ITEM_ELECTRICITY:
        if ((st = je_energy_elec_co2(f, a->year, scope, a->jurisdiction, &k, err)) == JE_OK)
            out->co2_elec_t = q * k; /* indirect: the grid factor of the year and scope */
        break;
    case JE_ITEM_HEAT:
        out->co2_heat_t = q * f->heat_co2_t_per_gj;
        break;
    case JE_ITEM_CLINKER:
        out->co2_process_t = q * f->clinker_co2_t_per_t; /* calcination, per t clinker */
        break;
    case JE_ITEM_GDP:
    case JE_ITEM_POPULATION:
        break;
    }
    if (st != JE_OK)
        return st;
    out->co2_t = out->co2_fuel_t + out->co2_process_t + out->co2_elec_t + out->co2_heat_t;
    return JE_OK;
}

typedef struct group {
    char jurisdiction[16], district[64], sector[32];
    je_energy_totals t[2]; /* [0] the year, [1] the year before */
    int has[2];
    int prev_bad; /* a factor of the year before is missing: no year-on-year change */
} group;

typedef struct groups {
    group *g;
    size_t n, cap;
} groups;

static group *find_group(groups *gs, const char *j, const char *d, const char *s)
{
    for (size_t i = 0; i < gs->n; i++)
        if (strcmp(gs->g[i].jurisdiction, j) == 0 && strcmp(gs->g[i].district, d) == 0 &&
            strcmp(gs->g[i].sector, s) == 0)
            return &gs->g[i];
    if (gs->n == gs->cap) {
        size_t cap = gs->cap ? gs->cap * 2 : 16;
        group *ng = realloc(gs->g, cap * sizeof *ng);
        if (!ng)
            return NULL;
        gs->g = ng;
        gs->cap = cap;
    }
    group *x = &gs->g[gs->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->jurisdiction, sizeof x->jurisdiction, "%s", j);
    snprintf(x->district, sizeof x->district, "%s", d);
    snprintf(x->sector, sizeof x->sector, "%s", s);
    je_energy_totals_zero(&x->t[0]);
    je_energy_totals_zero(&x->t[1]);
    return x;
}

static int cmp_group(const void *a, const void *b)
{
    const group *x = a, *y = b;
    /* the joint row last */
    int jx = strcmp(x->jurisdiction, "joint") == 0, jy = strcmp(y->jurisdiction, "joint") == 0;
    if (jx != jy)
        return jx - jy;
    int c = strcmp(x->jurisdiction, y->jurisdiction);
    if (c == 0)
        c = strcmp(x->district, y->district);
    if (c == 0)
        c = strcmp(x->sector, y->sector);
    return c;
}

static double ratio(double a, double b)
{
    return isnan(a) || isnan(b) || b == 0 ? NAN : a / b;
}

static double change(double cur, double prev, int has_prev)
{
    return has_prev && !isnan(prev) && prev != 0 && !isnan(cur) ? cur / prev - 1 : NAN;
}

static void fill_row(je_energy_row *r, const group *g)
{
    memset(r, 0, sizeof *r);
    snprintf(r->jurisdiction, sizeof r->jurisdiction, "%s", g->jurisdiction);
    snprintf(r->district, sizeof r->district, "%s", g->district);
    snprintf(r->sector, sizeof r->sector, "%s", g->sector);
    r->cur = g->t[0];
    r->prev = g->t[1];
    r->has_prev = g->has[1] && !g->prev_bad;
    r->tce_per_1e4_yuan = ratio(r->cur.energy_tce, r->cur.gdp_1e4_yuan);
    r->co2_t_per_1e4_yuan = ratio(r->cur.co2_t, r->cur.gdp_1e4_yuan);
    r->tce_per_capita = ratio(r->cur.energy_tce, r->cur.population);
    r->co2_t_per_capita = ratio(r->cur.co2_t, r->cur.population);
    r->energy_yoy = change(r->cur.energy_tce, r->prev.energy_tce, r->has_prev);
    r->co2_yoy = change(r->cur.co2_t, r->prev.co2_t, r->has_prev);
    r->intensity_yoy =
        change(r->tce_per_1e4_yuan, ratio(r->prev.energy_tce, r->prev.gdp_1e4_yuan), r->has_prev);
    r->share_of_energy = NAN;
}

/* The group key of a record, or 0 when the record is outside this grouping. */
static int key_of(const je_energy_activity *a, je_energy_group by, const char **d, const char **s)
{
    int whole = a->district[0] == '\0';
    int econ = strcmp(a->sector, "all") == 0;
    switch (by) {
    case JE_BY_JURISDICTION:
        *d = "";
        *s = "";
        return whole;
    case JE_BY_DISTRICT:
        *d = a->district;
        *s = "";
        return !whole;
    case JE_BY_SECTOR:
        *d = "";
        *s = a->sector;
        return whole && !econ;
    }
    return 0;
}

je_status je_energy_account_compute(const je_energy_activity *a, size_t n,
                                    const je_energy_factors *f, const je_energy_options *o,
                                    je_energy_account *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    groups gs = {0};
    je_status st = JE_OK;
    size_t in_year = 0;
    for (size_t i = 0; i < n && st == JE_OK; i++) {
        int slot = a[i].year == o->year ? 0 : a[i].year == o->year - 1 ? 1 : -1;
        const char *d, *s;
        if (slot < 0 || !key_of(&a[i], o->by, &d, &s))
            continue;
        in_year += slot == 0;
        je_energy_totals x;
        je_status rs = je_energy_record(&a[i], f, o->basis, o->scope, &x, err);
        if (rs != JE_OK && (slot == 0 || rs != JE_ENOTFOUND)) {
            st = rs;
            break;
        }
        if (rs != JE_OK) /* the year before lacks a factor: no year-on-year change */
            je_error_clear(err);
        for (int joint = 0; joint < 1 + (o->by == JE_BY_JURISDICTION); joint++) {
            group *g = find_group(&gs, joint ? "joint" : a[i].jurisdiction, d, s);
            if (!g) {
                st = je_error_set(err, JE_ENOMEM, "out of memory");
                break;
            }
            if (rs != JE_OK)
                g->prev_bad = 1;
            else
                je_energy_totals_add(&g->t[slot], &x);
            g->has[slot] = 1;
        }
    }
    if (st == JE_OK && in_year == 0)
        st = je_error_set(err, JE_ENOTFOUND, "no activity data for %d (import energy-activity)",
                          o->year);
    size_t m = 0;
    for (size_t i = 0; i < gs.n; i++)
        if (gs.g[i].has[0])
            gs.g[m++] = gs.g[i];
    if (st == JE_OK && m > 0 && !(out->rows = calloc(m, sizeof *out->rows)))
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    if (st != JE_OK) {
        free(gs.g);
        return st;
    }
    qsort(gs.g, m, sizeof *gs.g, cmp_group);
    for (size_t i = 0; i < m; i++)
        fill_row(&out->rows[i], &gs.g[i]);
    out->n = m;
    if (o->by == JE_BY_SECTOR) {
        for (size_t i = 0; i < m; i++) {
            double tot = 0;
            for (size_t k = 0; k < m; k++)
                if (strcmp(out->rows[k].jurisdiction, out->rows[i].jurisdiction) == 0)
                    tot += out->rows[k].cur.energy_tce;
            out->rows[i].share_of_energy = ratio(out->rows[i].cur.energy_tce, tot);
        }
    }
    free(gs.g);
    return JE_OK;
}

void je_energy_account_free(je_energy_account *acc)
{
    if (!acc)
        return;
    free(acc->rows);
    acc->rows = NULL;
    acc->n = 0;
}
