/*
 * comp_pool_share.c — pool-and-share settlement (Chishui River style).
 *
 * Source: the Chishui River scheme (Yunnan–Guizhou–Sichuan, 2018–2020), standards.md
 * §5.1 (V2): a pool of 2 亿元 a year filled in parts 1 : 5 : 4 and allocated 3 : 4 : 3;
 * per reach, when the boundary section fails its target (annual mean of CODMn, NH3-N
 * and TP at Class II), the upstream party's share is deducted and paid to the parties
 * named (清水铺 fails: Yunnan's share to Guizhou and Sichuan 50/50; 鲢鱼溪 fails:
 * Guizhou pays Sichuan).
 *
 * How it is computed here:
 *  1. contribution_j = pool × c_j / Σc and allocation_j = pool × a_j / Σa, each part
 *     rounded half away from zero to fen, the last party taking the remainder so the
 *     parts add up to the pool exactly;
 *  2. a pool-base line per party: allocation − contribution, paid by the pool to the
 *     party (or by the party to the pool when negative);
 *  3. each section whose worst item class (annual means of the agreement's items) is
 *     worse than its target forfeits forfeit_percent % of its upstream party's
 *     allocation (never more than what is left of it), split among the beneficiaries by
 *     their parts (same rounding), one forfeit line per beneficiary: upstream pays it.
 * A section without an annual mean of every item forfeits nothing (no-data line).
 */
#include "water/comp_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* total × part / sum, half away from zero (all ≥ 0; parser bounds keep it in range). */
static int64_t share(int64_t total, int64_t part, int64_t sum)
{
    return (2 * total * part + sum) / (2 * sum);
}

/* Split total by parts; the last takes the remainder. */
static void split(int64_t total, const int *parts, size_t n, int64_t *out)
{
    int64_t sum = 0, given = 0;
    for (size_t i = 0; i < n; i++)
        sum += parts[i];
    for (size_t i = 0; i < n; i++) {
        out[i] = i + 1 < n ? share(total, parts[i], sum) : total - given;
        given += out[i];
    }
}

static int party_index(const je_comp_agreement *a, const char *code)
{
    for (size_t j = 0; j < a->n_parties; j++)
        if (strcmp(a->parties[j], code) == 0)
            return (int)j;
    return -1;
}

static const je_comp_section *find_section(const je_comp_agreement *a, const char *code)
{
    for (size_t j = 0; j < a->n_sections; j++)
        if (strcmp(a->sections[j].code, code) == 0)
            return &a->sections[j];
    return NULL;
}

/* The pool-base line of party j. */
static je_status base_line(const je_comp_agreement *a, comp_out *o, int year, size_t j,
                           int64_t contrib, int64_t alloc, je_error *err)
{
    je_comp_line *l = comp_line_new(o, NULL);
    if (l == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    l->year = year;
    snprintf(l->outcome, sizeof l->outcome, "pool-base");
    comp_clause(l, a->pool_clause);
    int64_t net = alloc - contrib;
    const char *party = a->parties[j];
    snprintf(l->payer, sizeof l->payer, "%s", net >= 0 ? JE_COMP_POOL : party);
    snprintf(l->payee, sizeof l->payee, "%s", net >= 0 ? party : JE_COMP_POOL);
    l->amount_fen = net >= 0 ? net : -net; /* net 0: the line still names its party */
    char c[32], al[32], p[32];
    comp_formula(l, "%s: allocation %s (%d parts) - contribution %s (%d parts) of pool %s yuan",
                 party, je_comp_format_yuan(alloc, al, sizeof al), a->allocation_parts[j],
                 je_comp_format_yuan(contrib, c, sizeof c), a->contribution_parts[j],
                 je_comp_format_yuan(a->pool_fen, p, sizeof p));
    return JE_OK;
}

je_status comp_settle_pool_share(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                                 comp_out *o, je_error *err)
{
    /* One settlement per year present in the inputs (normally one). */
    for (size_t k0 = 0; k0 < n; k0++) {
        int year = in[k0].year, seen = 0;
        for (size_t k = 0; k < k0; k++)
            seen |= in[k].year == year;
        if (seen)
            continue;
        int64_t contrib[JE_COMP_MAX_PARTIES], alloc[JE_COMP_MAX_PARTIES], left[JE_COMP_MAX_PARTIES];
        split(a->pool_fen, a->contribution_parts, a->n_parties, contrib);
        split(a->pool_fen, a->allocation_parts, a->n_parties, alloc);
        je_status st = JE_OK;
        for (size_t j = 0; j < a->n_parties && st == JE_OK; j++) {
            left[j] = alloc[j];
            st = base_line(a, o, year, j, contrib[j], alloc[j], err);
        }
        for (size_t k = k0; k < n && st == JE_OK; k++) {
            const je_comp_input *x = &in[k];
            if (x->year != year)
                continue;
            const je_comp_section *s = find_section(a, x->section);
            je_wq_class cls = comp_items_class(a, x->conc_mg_l, x->waterbody);
            int u = party_index(a, x->upstream);
            char conc[256] = "";
            for (size_t i = 0, off = 0; i < a->n_items && off < sizeof conc; i++)
                off += (size_t)snprintf(conc + off, sizeof conc - off, "%s%s %.4g", i ? ", " : "",
                                        je_wq_item_code(a->items[i]), x->conc_mg_l[i]);
            if (cls == JE_WQ_CLASS_NONE || x->target == JE_WQ_CLASS_NONE || u < 0 || s == NULL) {
                je_comp_line *l = comp_line_new(o, x);
                if (l == NULL)
                    return je_error_set(err, JE_ENOMEM, "out of memory");
                snprintf(l->outcome, sizeof l->outcome, "no-data");
                comp_clause(l, s ? s->clause : a->pool_clause);
                comp_formula(l, "annual means (%s), target %s, upstream %s: nothing forfeited",
                             conc, je_wq_class_label(x->target),
                             u < 0 ? "not a party" : x->upstream);
                continue;
            }
            if (cls <= x->target) {
                je_comp_line *l = comp_line_new(o, x);
                if (l == NULL)
                    return je_error_set(err, JE_ENOMEM, "out of memory");
                snprintf(l->outcome, sizeof l->outcome, "met");
                comp_clause(l, s->clause);
                comp_formula(l, "annual means %s: class %s meets target %s; %s keeps its share",
                             conc, je_wq_class_label(cls), je_wq_class_label(x->target),
                             x->upstream);
                continue;
            }
            int64_t forfeit = share(alloc[u], s->forfeit_percent, 100);
            if (forfeit > left[u])
                forfeit = left[u];
            left[u] -= forfeit;
            int64_t part[JE_COMP_MAX_PARTIES];
            int bsum = 0;
            for (size_t b = 0; b < s->n_beneficiaries; b++)
                bsum += s->beneficiary_parts[b];
            split(forfeit, s->beneficiary_parts, s->n_beneficiaries, part);
            for (size_t b = 0; b < s->n_beneficiaries; b++) {
                je_comp_line *l = comp_line_new(o, x);
                if (l == NULL)
                    return je_error_set(err, JE_ENOMEM, "out of memory");
                snprintf(l->outcome, sizeof l->outcome, "forfeit");
                comp_clause(l, s->clause);
                if (part[b] > 0) {
                    snprintf(l->payer, sizeof l->payer, "%s", x->upstream);
                    snprintf(l->payee, sizeof l->payee, "%s", s->beneficiary[b]);
                    l->amount_fen = part[b];
                }
                char f[32], al[32], pb[32];
                comp_formula(l,
                             "annual means %s: class %s misses target %s; %d%% of %s's "
                             "allocation %s = %s yuan forfeited, %d/%d parts to %s = %s yuan",
                             conc, je_wq_class_label(cls), je_wq_class_label(x->target),
                             s->forfeit_percent, x->upstream,
                             je_comp_format_yuan(alloc[u], al, sizeof al),
                             je_comp_format_yuan(forfeit, f, sizeof f), s->beneficiary_parts[b],
                             bsum, s->beneficiary[b], je_comp_format_yuan(part[b], pb, sizeof pb));
            }
        }
        if (st != JE_OK)
            return st;
    }
    return JE_OK;
}
