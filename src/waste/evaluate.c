/*
 * evaluate.c — indicator values, scores and the composite of each district
 * (jointenv/waste.h): formulas over the district's variables of a year, with the
 * inputs written down so that every figure can be traced to its data.
 */
#include "jointenv/waste.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double je_waste_score(je_waste_direction d, double v, double target)
{
    if (isnan(v) || !(target > 0))
        return NAN;
    if (d == JE_WASTE_HIGHER)
        return v <= 0 ? 0.0 : fmin(100.0, 100.0 * v / target);
    return v <= target ? 100.0 : 100.0 * target / v;
}

/* The values of one district: a view of the caller's array (no copy). */
typedef struct dview {
    const je_waste_value *v;
    size_t n;
    const char *district;
} dview;

static double lookup(const dview *d, int year, const char *var)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].year == year && strcmp(d->v[i].district, d->district) == 0 &&
            strcmp(d->v[i].variable, var) == 0)
            return d->v[i].value;
    return NAN;
}

/* Σ of the terms in `year`, NAN when one is missing; each "var=value" (with @year when
   not `year`) appended to the provenance text. */
static double sum_terms(const dview *d, int year, int this_year, const char (*terms)[48], size_t n,
                        char *prov, size_t size)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double x = lookup(d, year, terms[i]);
        size_t off = strlen(prov);
        if (year == this_year)
            snprintf(prov + off, size - off, "%s%s=%.10g", off ? "; " : "", terms[i], x);
        else
            snprintf(prov + off, size - off, "%s%s@%d=%.10g", off ? "; " : "", terms[i], year, x);
        s += x;
    }
    return s;
}

static void evaluate_one(const je_waste_indicator *x, const dview *d, int year, je_waste_result *r)
{
    r->inputs[0] = '\0';
    double v = NAN;
    switch (x->formula) {
    case JE_WASTE_RATIO: {
        double num = sum_terms(d, year, year, x->num, x->n_num, r->inputs,
                               sizeof r->inputs);
        double den = sum_terms(d, year, year, x->den, x->n_den, r->inputs,
                               sizeof r->inputs);
        v = den != 0 ? x->scale * num / den : NAN;
        break;
    }
    case JE_WASTE_VALUE:
        v = sum_terms(d, year, year, x->num, 1, r->inputs, sizeof r->inputs);
        break;
    case JE_WASTE_CHANGE: {
        /* decline since the base year: (base − v) / base */
        double now = sum_terms(d, year, year, x->num, 1, r->inputs, sizeof r->inputs);
        double base = sum_terms(d, x->base_year, year, x->num, 1, r->inputs,
                                sizeof r->inputs);
        v = base != 0 ? x->scale * (base - now) / base : NAN;
        break;
    }
    }
    r->value = isfinite(v) ? v : NAN;
    r->score = je_waste_score(x->direction, r->value, x->target);
    r->met = isnan(r->value) ? -1 : r->score >= 100.0;
}

/* Composite of one district in one year (into card fields when card != NULL);
   returns the composite. */
static double composite(const je_waste_system *sys, const dview *d, int year, je_waste_result *res,
                        double *coverage, size_t *mand_total, size_t *mand_met)
{
    double sw = 0, sws = 0, wall = 0;
    *mand_total = *mand_met = 0;
    for (size_t i = 0; i < sys->n_ind; i++) {
        const je_waste_indicator *x = &sys->ind[i];
        evaluate_one(x, d, year, &res[i]);
        wall += x->weight;
        if (x->mandatory) {
            (*mand_total)++;
            *mand_met += res[i].met == 1;
        }
        if (isnan(res[i].score))
            continue;
        sw += x->weight;
        sws += x->weight * res[i].score;
    }
    *coverage = wall > 0 ? sw / wall : 0;
    return sw > 0 ? sws / sw : NAN;
}

je_status je_waste_evaluate(const je_waste_system *sys, const je_waste_district *districts,
                            size_t n_districts, const je_waste_value *values, size_t n_values,
                            int year, je_waste_card **out, je_error *err)
{
    *out = NULL;
    if (sys == NULL || (n_districts && districts == NULL))
        return je_error_set(err, JE_EINVAL, "zero-waste evaluation: no indicator system");
    je_waste_card *cards = calloc(n_districts ? n_districts : 1, sizeof *cards);
    je_waste_result *prev = malloc((sys->n_ind ? sys->n_ind : 1) * sizeof *prev);
    if (cards == NULL || prev == NULL) {
        free(cards);
        free(prev);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < n_districts; k++) {
        je_waste_card *c = &cards[k];
        c->district = k;
        if ((c->res = calloc(sys->n_ind ? sys->n_ind : 1, sizeof *c->res)) == NULL) {
            je_waste_cards_free(cards, n_districts);
            free(prev);
            return je_error_set(err, JE_ENOMEM, "out of memory");
        }
        dview d = {values, n_values, districts[k].code};
        c->composite = composite(sys, &d, year, c->res, &c->coverage, &c->mandatory_total,
                                 &c->mandatory_met);
        double cov;
        size_t mt, mm;
        c->prev_composite = composite(sys, &d, year - 1, prev, &cov, &mt, &mm);
    }
    /* rank: 1 + the number of districts with a strictly higher composite */
    for (size_t k = 0; k < n_districts; k++) {
        if (isnan(cards[k].composite))
            continue;
        int better = 0;
        for (size_t j = 0; j < n_districts; j++)
            better += !isnan(cards[j].composite) && cards[j].composite > cards[k].composite;
        cards[k].rank = better + 1;
    }
    free(prev);
    *out = cards;
    return JE_OK;
}

void je_waste_cards_free(je_waste_card *cards, size_t n)
{
    if (cards == NULL)
        return;
    for (size_t k = 0; k < n; k++)
        free(cards[k].res);
    free(cards);
}
