/*
 * pathway.c — the carbon-peak pathway: a Kaya projection from the accounted base
 * year, peak detection, the LMDI-I additive decomposition (Ang 2005) and the
 * scenario file.
 *
 * Kaya identity (Kaya 1990; IPCC AR5 WG III Ch. 5):  C = P × (G/P) × (E/G) × (C/E),
 * with C/E = (1 − s) × φ: s the non-fossil share of energy, φ the CO2 per tce of
 * fossil energy. The base year is copied, not recomputed, so it is reproduced exactly.
 */
#include "energy/energy_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double rate_at(const je_growth_path *g, int year)
{
    if (g->n == 0)
        return 0;
    for (size_t k = 0; k < g->n; k++)
        if (year <= g->until[k])
            return g->rate[k];
    return g->rate[g->n - 1];
}

/* Linear between (base_year, base) and the points; flat after the last. */
static double share_linear(const je_share_path *s, int base_year, double base, int year)
{
    int y0 = base_year;
    double v0 = base;
    for (size_t k = 0; k < s->n; k++) {
        if (s->year[k] <= base_year)
            continue;
        if (year <= s->year[k])
            return v0 + (s->share[k] - v0) * (double)(year - y0) / (double)(s->year[k] - y0);
        y0 = s->year[k];
        v0 = s->share[k];
    }
    return v0;
}

/* The value of the last point at or before `year`; 0 before the first. */
static double step_at(const je_share_path *s, int year)
{
    double v = 0;
    for (size_t k = 0; k < s->n; k++)
        if (s->year[k] <= year)
            v = s->share[k];
    return v;
}

je_status je_kaya_project(const je_kaya_base *b, const je_kaya_params *p, int end_year,
                          je_kaya_series *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    if (end_year < b->year || end_year - b->year >= JE_PATH_YEARS_MAX)
        return je_error_set(err, JE_EINVAL, "end year %d must be within %d years after %d",
                            end_year, JE_PATH_YEARS_MAX - 1, b->year);
    if (!(b->population > 0 && b->gdp_1e4_yuan > 0 && b->energy_tce > 0 && b->co2_t > 0))
        return je_error_set(err, JE_EDATA,
                            "base year %d needs population, GDP, energy and CO2 all > 0", b->year);
    if (!(p->base_non_fossil_share >= 0 && p->base_non_fossil_share < 1))
        return je_error_set(err, JE_EDATA, "base non-fossil share %g must be in [0, 1)",
                            p->base_non_fossil_share);
    double pop = b->population, gpc = b->gdp_1e4_yuan / b->population;
    double ei = b->energy_tce / b->gdp_1e4_yuan;
    double phi = b->co2_t / b->energy_tce / (1 - p->base_non_fossil_share);
    out->year0 = b->year;
    out->n = (size_t)(end_year - b->year) + 1;
    out->population[0] = b->population;
    out->gdp_1e4_yuan[0] = b->gdp_1e4_yuan;
    out->energy_tce[0] = b->energy_tce;
    out->co2_t[0] = b->co2_t;
    out->non_fossil_share[0] = p->base_non_fossil_share;
    for (size_t t = 1; t < out->n; t++) {
        int y = b->year + (int)t;
        pop *= 1 + rate_at(&p->population, y);
        gpc *= 1 + rate_at(&p->gdp_per_capita, y);
        ei *= 1 + rate_at(&p->energy_intensity, y);
        phi *= 1 + rate_at(&p->fossil_carbon, y);
        double s = share_linear(&p->non_fossil, b->year, p->base_non_fossil_share, y);
        if (!(s >= 0 && s < 1))
            return je_error_set(err, JE_EDATA, "non-fossil share %g in %d must be in [0, 1)", s, y);
        out->population[t] = pop;
        out->gdp_1e4_yuan[t] = pop * gpc;
        out->energy_tce[t] = out->gdp_1e4_yuan[t] * ei;
        out->non_fossil_share[t] = s;
        double c = out->energy_tce[t] * (1 - s) * phi - step_at(&p->retired_co2_t, y);
        out->co2_t[t] = c > 0 ? c : 0;
    }
    return JE_OK;
}

size_t je_series_peak(const double *v, size_t n, int *out_peaked)
{
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (v[i] > v[best])
            best = i;
    if (out_peaked)
        *out_peaked = n > 0 && best + 1 < n;
    return best;
}

/* The logarithmic mean L(a, b) = (a − b)/(ln a − ln b), L(a, a) = a (Ang 2005, eq. 2). */
static double logmean(double a, double b)
{
    if (a == b)
        return a;
    return (a - b) / (log(a) - log(b));
}

je_status je_lmdi_additive(const double *x0, const double *xt, size_t n, double *out_delta,
                           je_error *err)
{
    if (n == 0 || n > 8)
        return je_error_set(err, JE_EINVAL, "LMDI needs 1 to 8 factors (got %zu)", n);
    double c0 = 1, ct = 1;
    for (size_t k = 0; k < n; k++) {
        if (!(x0[k] > 0 && xt[k] > 0))
            return je_error_set(err, JE_EDATA,
                                "LMDI factor %zu is not positive (%g, %g): the logarithmic "
                                "mean is undefined",
                                k, x0[k], xt[k]);
        c0 *= x0[k];
        ct *= xt[k];
    }
    double l = logmean(ct, c0);
    for (size_t k = 0; k < n; k++)
        out_delta[k] = l * log(xt[k] / x0[k]); /* Ang 2005, Table 1, LMDI-I additive */
    return JE_OK;
}

/* ---- scenario file ---------------------------------------------------------- */

/* The value of a per-jurisdiction member: the member itself, or when it is an object,
 * its member `jur`. */
static je_status per_jur(const jparser *p, json_t *v, const char *path, const char *jur,
                         json_t **out, char *ep, size_t size)
{
    snprintf(ep, size, "%s", path);
    *out = v;
    if (json_is_object(v)) {
        jp_join(ep, size, path, jur);
        *out = json_object_get(v, jur);
        if (!*out)
            return jp_fail(p, ep, "is missing (the path is given per jurisdiction)");
    }
    return JE_OK;
}

static je_status parse_scenario(const jparser *p, json_t *s, const char *path, json_t *jurs,
                                json_t *base_share, je_pathway_scenario *out)
{
    static const char *const known[] = {"population",
                                        "gdp_per_capita",
                                        "energy_intensity",
                                        "fossil_carbon",
                                        "non_fossil_share",
                                        "coal_retirement_co2_t",
                                        NULL};
    je_status st = jp_members(p, s, path, known);
    if (st == JE_OK)
        st = jp_string(p, s, path, "name", 0, out->name, sizeof out->name);
    static const char *const growth[] = {"population", "gdp_per_capita", "energy_intensity",
                                         "fossil_carbon"};
    for (size_t j = 0; j < json_array_size(jurs) && st == JE_OK; j++) {
        const char *jur = json_string_value(json_array_get(jurs, j));
        snprintf(out->jurisdiction[j], 16, "%s", jur);
        je_kaya_params *k = &out->params[j];
        memset(k, 0, sizeof *k);
        je_growth_path *gp[] = {&k->population, &k->gdp_per_capita, &k->energy_intensity,
                                &k->fossil_carbon};
        char mp[160], ep[200];
        json_t *v;
        for (size_t g = 0; g < 4 && st == JE_OK; g++) {
            jp_join(mp, sizeof mp, path, growth[g]);
            v = json_object_get(s, growth[g]);
            if (!v)
                st = jp_fail(p, mp, "is missing");
            if (st == JE_OK)
                st = per_jur(p, v, mp, jur, &v, ep, sizeof ep);
            if (st == JE_OK)
                st = jp_growth(p, v, ep, -0.5, 0.5, gp[g]);
        }
        jp_join(mp, sizeof mp, path, "non_fossil_share");
        v = json_object_get(s, "non_fossil_share");
        if (st == JE_OK && !v)
            st = jp_fail(p, mp, "is missing");
        if (st == JE_OK)
            st = per_jur(p, v, mp, jur, &v, ep, sizeof ep);
        if (st == JE_OK)
            st = jp_share(p, v, ep, "share", 0, 0.99, &k->non_fossil);
        jp_join(mp, sizeof mp, path, "coal_retirement_co2_t");
        v = json_object_get(s, "coal_retirement_co2_t");
        if (st == JE_OK && v)
            st = per_jur(p, v, mp, jur, &v, ep, sizeof ep);
        if (st == JE_OK && v)
            st = jp_share(p, v, ep, "t", 0, 1e10, &k->retired_co2_t);
        if (st == JE_OK)
            st = jp_number(p, base_share, "base_non_fossil_share", jur, 0, 0.99, 0,
                           &k->base_non_fossil_share);
        out->n = j + 1;
    }
    return st;
}

je_status je_pathway_parse(const char *json, size_t len, const char *name, je_pathway_file *out,
                           je_error *err)
{
    jparser p = {name ? name : "(scenario)", err};
    memset(out, 0, sizeof *out);
    json_t *root, *base_share;
    je_status st = jp_parse_root(&p, json, len, &root);
    if (st != JE_OK)
        return st;
    static const char *const known[] = {
        "base_year", "end_year", "jurisdictions", "base_non_fossil_share", "scenarios", NULL};
    st = jp_members(&p, root, "", known);
    if (st == JE_OK)
        st = jp_string(&p, root, "", "id", 0, out->id, sizeof out->id);
    if (st == JE_OK)
        st = jp_int(&p, root, "", "base_year", 1990, 2200, 0, &out->base_year);
    if (st == JE_OK)
        st = jp_int(&p, root, "", "end_year", out->base_year + 1,
                    out->base_year + JE_PATH_YEARS_MAX - 1, 0, &out->end_year);
    json_t *jurs = json_object_get(root, "jurisdictions");
    if (st == JE_OK && (!json_is_array(jurs) || json_array_size(jurs) == 0 ||
                        json_array_size(jurs) > JE_DUAL_TARGETS_MAX))
        st = jp_fail(&p, "jurisdictions", "must be an array of 1 to %d codes", JE_DUAL_TARGETS_MAX);
    for (size_t j = 0; st == JE_OK && j < json_array_size(jurs); j++) {
        json_t *v = json_array_get(jurs, j);
        if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) >= 16)
            st = jp_fail(&p, "jurisdictions", "[%zu] must be a jurisdiction code", j);
    }
    if (st == JE_OK)
        st = jp_object(&p, root, "", "base_non_fossil_share", 0, &base_share);
    json_t *sc = json_object_get(root, "scenarios");
    if (st == JE_OK && (!json_is_array(sc) || json_array_size(sc) == 0 ||
                        json_array_size(sc) > JE_PATH_SCENARIOS_MAX))
        st = jp_fail(&p, "scenarios", "must be an array of 1 to %d scenarios",
                     JE_PATH_SCENARIOS_MAX);
    for (size_t i = 0; st == JE_OK && i < json_array_size(sc); i++) {
        char sp[32];
        snprintf(sp, sizeof sp, "scenarios[%zu]", i);
        json_t *s = json_array_get(sc, i);
        if (!json_is_object(s))
            st = jp_fail(&p, sp, "must be an object");
        else
            st = parse_scenario(&p, s, sp, jurs, base_share, &out->scenarios[i]);
        out->n_scenarios = i + 1;
    }
    json_decref(root);
    return st;
}

je_status je_pathway_load(const char *path, je_pathway_file *out, je_error *err)
{
    char *buf;
    size_t n;
    je_status st = jp_read_file(path, &buf, &n, err);
    if (st != JE_OK)
        return st;
    st = je_pathway_parse(buf, n, path, out, err);
    free(buf);
    return st;
}
