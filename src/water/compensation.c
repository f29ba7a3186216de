/*
 * compensation.c — the settlement entry point (dispatch by rule type through a
 * table), line helpers, netting per pair of parties, canonical serialisations,
 * and the one rounding rule of money (je_comp_round_fen).
 */
#include "water/comp_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef je_status (*settle_fn)(const je_comp_agreement *, const je_comp_input *, size_t, comp_out *,
                               je_error *);

/* One row per rule type: its name, whether it settles by month, its engine. */
static const struct {
    const char *name;
    int monthly;
    settle_fn fn;
} rule_types[] = {
    [JE_COMP_TARGET_TREND] = {"target-and-trend", 1, comp_settle_target_trend},
    [JE_COMP_PINDEX] = {"p-index", 0, comp_settle_pindex},
    [JE_COMP_POOL_SHARE] = {"pool-share", 0, comp_settle_pool_share},
    [JE_COMP_EXCEEDANCE_PRICE] = {"exceedance-price", 1, comp_settle_exceedance},
};
#define N_TYPES (sizeof rule_types / sizeof rule_types[0])

const char *je_comp_rule_type_name(je_comp_rule_type t)
{
    return (size_t)t < N_TYPES ? rule_types[t].name : "?";
}

int je_comp_rule_monthly(je_comp_rule_type t)
{
    return (size_t)t < N_TYPES ? rule_types[t].monthly : 0;
}

const char *je_comp_branch_name(je_comp_branch b)
{
    static const char *const names[JE_COMP_NBRANCH] = {"met-improved", "met-same", "met-worse",
                                                       "failed"};
    return (size_t)b < JE_COMP_NBRANCH ? names[b] : "?";
}

int je_comp_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

int64_t je_comp_round_fen(double fen)
{
    double x = je_round_sig(fen, 12);
    double r = x < 0 ? -floor(-x + 0.5) : floor(x + 0.5);
    return (int64_t)r;
}

char *je_comp_format_yuan(int64_t fen, char *buf, size_t size)
{
    uint64_t m = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;
    snprintf(buf, size, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(m / 100),
             (unsigned long long)(m % 100));
    return buf;
}

/* ------------------------------------------------------------------------- */
/* Line helpers                                                               */

je_comp_line *comp_line_new(comp_out *o, const je_comp_input *in)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 32;
        je_comp_line *v = realloc(o->lines, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        o->lines = v;
        o->cap = cap;
    }
    je_comp_line *l = &o->lines[o->n++];
    memset(l, 0, sizeof *l);
    l->value = NAN;
    if (in) {
        snprintf(l->section, sizeof l->section, "%s", in->section);
        l->year = in->year;
        l->month = in->month;
    }
    return l;
}

void comp_line_pay(je_comp_line *l, const je_comp_input *in, je_comp_payer p, int64_t fen)
{
    l->payer[0] = l->payee[0] = '\0';
    l->amount_fen = 0;
    if (p == JE_COMP_PAYS_NONE || fen <= 0)
        return;
    const char *from = p == JE_COMP_UPSTREAM_PAYS ? in->upstream : in->downstream;
    const char *to = p == JE_COMP_UPSTREAM_PAYS ? in->downstream : in->upstream;
    snprintf(l->payer, sizeof l->payer, "%s", from);
    snprintf(l->payee, sizeof l->payee, "%s", to);
    l->amount_fen = fen;
}

void comp_formula(je_comp_line *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->formula, sizeof l->formula, fmt, ap);
    va_end(ap);
}

void comp_clause(je_comp_line *l, const char *text)
{
    snprintf(l->clause, sizeof l->clause, "%s", text);
}

je_wq_class comp_items_class(const je_comp_agreement *a, const double *conc, je_waterbody wb)
{
    je_wq_class worst = JE_WQ_CLASS_NONE;
    for (size_t i = 0; i < a->n_items; i++) {
        if (isnan(conc[i]))
            return JE_WQ_CLASS_NONE;
        je_wq_class c = je_gb3838_item_class(a->items[i], conc[i], wb);
        if (c > worst)
            worst = c;
    }
    return worst;
}

/* ------------------------------------------------------------------------- */
/* Settlement                                                                 */

je_status je_comp_settle(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                         je_comp_result *out, je_error *err)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (a == NULL || out == NULL || (in == NULL && n > 0))
        return je_error_set(err, JE_EINVAL, "je_comp_settle: NULL argument");
    if ((size_t)a->type >= N_TYPES)
        return je_error_set(err, JE_EINVAL, "je_comp_settle: unknown rule type %d", (int)a->type);
    int monthly = rule_types[a->type].monthly;
    for (size_t k = 0; k < n; k++) {
        if (monthly ? in[k].month < 1 || in[k].month > 12 : in[k].month != 0)
            return je_error_set(err, JE_EINVAL,
                                "%s: a %s agreement settles by %s; input %zu (%s) has month %d",
                                a->id, rule_types[a->type].name, monthly ? "month" : "year", k,
                                in[k].section, in[k].month);
        if (in[k].year < a->year_from || in[k].year > a->year_to)
            return je_error_set(err, JE_EINVAL, "%s covers %d-%d, not %d", a->id, a->year_from,
                                a->year_to, in[k].year);
    }
    comp_out o = {0};
    je_status st = rule_types[a->type].fn(a, in, n, &o, err);
    if (st != JE_OK) {
        free(o.lines);
        return st;
    }
    out->lines = o.lines;
    out->n = o.n;
    return JE_OK;
}

void je_comp_result_free(je_comp_result *r)
{
    if (r == NULL)
        return;
    free(r->lines);
    memset(r, 0, sizeof *r);
}

je_status je_comp_pairs(const je_comp_result *r, je_comp_pair **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    je_comp_pair *v = calloc(r->n ? r->n : 1, sizeof *v);
    if (v == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t k = 0; k < r->n; k++) {
        const je_comp_line *l = &r->lines[k];
        if (l->amount_fen == 0 || !l->payer[0])
            continue;
        int payer_first = strcmp(l->payer, l->payee) < 0;
        const char *a = payer_first ? l->payer : l->payee;
        const char *b = payer_first ? l->payee : l->payer;
        size_t i = 0;
        while (i < n && !(strcmp(v[i].a, a) == 0 && strcmp(v[i].b, b) == 0))
            i++;
        if (i == n) {
            snprintf(v[n].a, sizeof v[n].a, "%s", a);
            snprintf(v[n].b, sizeof v[n].b, "%s", b);
            n++;
        }
        v[i].net_fen += payer_first ? l->amount_fen : -l->amount_fen;
    }
    /* insertion sort by (a, b): few pairs */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0; j--) {
            int c = strcmp(v[j - 1].a, v[j].a);
            if (c < 0 || (c == 0 && strcmp(v[j - 1].b, v[j].b) <= 0))
                break;
            je_comp_pair t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    *out = v;
    *out_n = n;
    return JE_OK;
}

/* ------------------------------------------------------------------------- */
/* Canonical serialisations                                                   */

typedef struct sbuf {
    char *p;
    size_t n, cap;
    int nomem;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) JE_PRINTF(2, 3);

static void sb_printf(sbuf *b, const char *fmt, ...)
{
    if (b->nomem)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int w = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (w < 0) {
            b->nomem = 1;
            return;
        }
        if (b->p && (size_t)w < b->cap - b->n) {
            b->n += (size_t)w;
            return;
        }
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + (size_t)w + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (np == NULL) {
            b->nomem = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
}

static je_status sb_finish(sbuf *b, char **out, size_t *out_len, je_error *err)
{
    if (b->nomem || b->p == NULL) {
        free(b->p);
        *out = NULL;
        *out_len = 0;
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    *out = b->p;
    *out_len = b->n;
    return JE_OK;
}

/* "%.17g", or "NaN" (printf's "nan"/"-nan" spelling differs between C libraries). */
static const char *num(double v, char *buf, size_t size)
{
    if (isnan(v))
        snprintf(buf, size, "NaN");
    else
        snprintf(buf, size, "%.17g", v);
    return buf;
}

je_status je_comp_inputs_canonical(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                                   char **out, size_t *out_len, je_error *err)
{
    sbuf b = {0};
    sb_printf(&b, "jointenv-compensation-inputs 1\nagreement\t%s\nrule\t%s\nitems", a->id,
              je_comp_rule_type_name(a->type));
    for (size_t i = 0; i < a->n_items; i++)
        sb_printf(&b, "\t%s", je_wq_item_code(a->items[i]));
    sb_printf(&b, "\n");
    char t[40];
    for (size_t k = 0; k < n; k++) {
        const je_comp_input *x = &in[k];
        sb_printf(&b, "%s\t%04d-%02d\t%s\t%s\t%s\t%s\t%zu\t%s\t%s\t%s", x->section, x->year,
                  x->month, x->upstream, x->downstream,
                  x->waterbody == JE_WATERBODY_LAKE ? "lake" : "river",
                  je_wq_class_label(x->target), x->n_samples, je_wq_class_label(x->cls),
                  je_wq_class_label(x->prev_cls), num(x->flow_m3_s, t, sizeof t));
        for (size_t i = 0; i < a->n_items; i++)
            sb_printf(&b, "\t%s", num(x->conc_mg_l[i], t, sizeof t));
        for (size_t i = 0; i < a->n_items; i++)
            sb_printf(&b, "\t%s", num(x->prev_conc_mg_l[i], t, sizeof t));
        sb_printf(&b, "\n");
    }
    return sb_finish(&b, out, out_len, err);
}

je_status je_comp_result_canonical(const je_comp_result *r, char **out, size_t *out_len,
                                   je_error *err)
{
    sbuf b = {0};
    sb_printf(&b, "jointenv-compensation-output 1\n");
    char t[40];
    for (size_t k = 0; k < r->n; k++) {
        const je_comp_line *l = &r->lines[k];
        sb_printf(&b, "%s\t%04d-%02d\t%s\t%s\t%s\t%lld\t%s\t%s\t%s\n", l->section, l->year,
                  l->month, l->outcome, l->payer, l->payee, (long long)l->amount_fen,
                  num(l->value, t, sizeof t), l->clause, l->formula);
    }
    return sb_finish(&b, out, out_len, err);
}
