/*
 * draw.c — the double-random draw (双随机): targets from the outfall registry and teams
 * from both sides' inspector pools. The rules and the random streams are specified in
 * include/jointenv/inspect.h; this file follows them step by step:
 *   1. eligible outfalls, strata, largest-remainder allocation (integers only);
 *   2. in each stratum the n_h largest Efraimidis-Spirakis keys ln(u)/w;
 *   3. teams, target by target, from per-target key streams.
 * Every random number comes from libsodium's randombytes_buf_deterministic (ChaCha20
 * keyed by a BLAKE2b-256 of the seed), so a seed gives the same draw on any machine.
 */
#include "jointenv/inspect.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED_BYTES 32

static void put_u64le(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u64le(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* BLAKE2b-256(S || label || u64le(r) when with_r) — the seed of one stream. */
static void sub_seed(const unsigned char s[SEED_BYTES], const char *label, int with_r, uint64_t r,
                     unsigned char out[SEED_BYTES])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, SEED_BYTES);
    crypto_generichash_update(&st, s, SEED_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)label, strlen(label));
    if (with_r) {
        unsigned char b[8];
        put_u64le(b, r);
        crypto_generichash_update(&st, b, 8);
    }
    crypto_generichash_final(&st, out, SEED_BYTES);
}

/* n uniform numbers in (0,1) from the stream seeded by `seed`. */
static je_status uniforms(const unsigned char seed[SEED_BYTES], size_t n, double *u)
{
    if (n == 0)
        return JE_OK;
    unsigned char *bytes = malloc(8 * n);
    if (bytes == NULL)
        return JE_ENOMEM;
    randombytes_buf_deterministic(bytes, 8 * n, seed);
    for (size_t i = 0; i < n; i++)
        u[i] = ((double)(get_u64le(bytes + 8 * i) >> 11) + 0.5) / 9007199254740992.0; /* 2^53 */
    free(bytes);
    return JE_OK;
}

const char *je_outfall_type_name(je_outfall_type t)
{
    static const char *const names[JE_OUTFALL_TYPE_COUNT] = {
        "industrial", "municipal", "agricultural", "rainwater", "combined", "other"};
    return (unsigned)t < JE_OUTFALL_TYPE_COUNT ? names[t] : "?";
}

je_status je_outfall_type_parse(const char *name, je_outfall_type *out, je_error *err)
{
    for (int t = 0; t < JE_OUTFALL_TYPE_COUNT; t++)
        if (name && strcmp(name, je_outfall_type_name((je_outfall_type)t)) == 0) {
            *out = (je_outfall_type)t;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL,
                        "unknown outfall type '%s' (industrial, municipal, agricultural, "
                        "rainwater, combined or other)",
                        name ? name : "");
}

void je_draw_result_free(je_draw_result *r)
{
    if (r == NULL)
        return;
    free(r->targets);
    free(r->strata);
    memset(r, 0, sizeof *r);
}

/* ---- step 1: eligibility and strata ------------------------------------------ */

/* qsort has no context argument in C17: the elements carry the codes they are
 * compared by. */
typedef struct cand {
    size_t idx;       /* into outfalls */
    size_t stratum;   /* into the strata */
    double key;       /* ln(u)/w */
    const char *code; /* the outfall's, for ties */
} cand;

typedef struct idx_code {
    size_t idx;
    const char *code;
} idx_code;

static int cmp_idx_code(const void *a, const void *b)
{
    const idx_code *x = a, *y = b;
    return strcmp(x->code, y->code);
}

static void stratum_name(const je_outfall *o, int by_river, char *buf, size_t size)
{
    if (by_river)
        snprintf(buf, size, "%s/%s", o->jurisdiction, o->river[0] ? o->river : "-");
    else
        snprintf(buf, size, "%s", o->jurisdiction);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(((const je_draw_stratum *)a)->stratum, ((const je_draw_stratum *)b)->stratum);
}

/* Hamilton allocation of `count` over strata sizes n[h] (sum N): integers only. */
static void allocate(int count, const je_draw_stratum *s, size_t ns, int N, int *alloc)
{
    int given = 0;
    for (size_t h = 0; h < ns; h++) {
        alloc[h] = (int)((int64_t)count * s[h].eligible / N);
        given += alloc[h];
    }
    while (given < count) {
        size_t best = ns;
        int64_t best_rem = -1;
        for (size_t h = 0; h < ns; h++) {
            int64_t rem = (int64_t)count * s[h].eligible % N;
            if (rem == 0 || alloc[h] > (int)((int64_t)count * s[h].eligible / N))
                continue; /* exact quota, or already given its extra seat */
            if (rem > best_rem || (rem == best_rem && s[h].eligible > s[best].eligible)) {
                best = h;
                best_rem = rem;
            }
        }
        if (best == ns) /* cannot happen: the remainders sum to (count - given) * N */
            break;
        alloc[best]++;
        given++;
    }
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->stratum != y->stratum)
        return x->stratum < y->stratum ? -1 : 1;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1; /* larger key first */
    return strcmp(x->code, y->code);
}

/* ---- step 3: teams ------------------------------------------------------------
 *
 * Phase 1, side by side (code order): every target gets one inspector of the side.
 * When the side's unused eligible inspectors can cover every target (a bipartite
 * matching saturates the targets), each target in rank order takes the unused one
 * with the smallest key among those that leave the later targets coverable — so
 * nobody is in two teams whenever that is possible at all. When it is not, the pool
 * is too small: least-used first, smallest key, and a warning.
 * Phase 2: targets in rank order are filled to team_size from any side, least-used
 * first, smallest key (a reuse is warned about).
 */

typedef struct pool {
    const je_inspector *ins;
    size_t n;
    char sides[8][16]; /* jurisdictions of the active pool, in code order */
    size_t n_sides;
    int *used;    /* teams each inspector is in */
    double *u;    /* keys: u[t * n + i] for target t, inspector i */
    int *match_i; /* the matching: the target of inspector i, or -1 */
    int *match_t; /* the inspector of target t, or -1 */
    int *save_i;  /* a copy of the matching while a choice is tried */
    int *save_t;
    char *seen;  /* augmenting-path scratch */
    char *tried; /* candidates tried for the current target */
} pool;

static int eligible(const pool *p, size_t i, const je_outfall *o, const char *side)
{
    const je_inspector *x = &p->ins[i];
    return x->active && strcmp(x->district, o->district) != 0 &&
           (side == NULL || strcmp(x->jurisdiction, side) == 0);
}

typedef struct match_ctx {
    pool *p;
    const je_outfall *outfalls;
    const je_draw_result *r;
    const char *side;
} match_ctx;

/* Kuhn's augmenting path from target t over unused eligible inspectors of the side. */
static int augment(match_ctx *m, size_t t)
{
    pool *p = m->p;
    const je_outfall *o = &m->outfalls[m->r->targets[t].outfall];
    for (size_t i = 0; i < p->n; i++) {
        if (p->seen[i] || p->used[i] || !eligible(p, i, o, m->side))
            continue;
        p->seen[i] = 1;
        if (p->match_i[i] < 0 || augment(m, (size_t)p->match_i[i])) {
            p->match_i[i] = (int)t;
            p->match_t[t] = (int)i;
            return 1;
        }
    }
    return 0;
}

/* Match every target to an unused eligible inspector of the side; 0 when that cannot
 * be done. A greedy pass first (each target the first free eligible inspector), then
 * Kuhn's augmenting paths for the rest, stopping at the first target that finds none
 * (it never will). Only whether all are covered matters to the draw, not which
 * matching is found. */
static int match_all(match_ctx *m)
{
    pool *p = m->p;
    size_t nt = m->r->n_targets, free_n = 0;
    for (size_t i = 0; i < p->n; i++) {
        p->match_i[i] = -1;
        free_n += !p->used[i] && p->ins[i].active &&
                  (m->side == NULL || strcmp(p->ins[i].jurisdiction, m->side) == 0);
    }
    if (free_n < nt) /* fewer inspectors than targets */
        return 0;
    for (size_t t = 0; t < nt; t++) {
        const je_outfall *o = &m->outfalls[m->r->targets[t].outfall];
        p->match_t[t] = -1;
        for (size_t i = 0; i < p->n && p->match_t[t] < 0; i++)
            if (p->match_i[i] < 0 && !p->used[i] && eligible(p, i, o, m->side)) {
                p->match_i[i] = (int)t;
                p->match_t[t] = (int)i;
            }
    }
    for (size_t t = 0; t < nt; t++) {
        if (p->match_t[t] >= 0)
            continue;
        memset(p->seen, 0, p->n);
        if (!augment(m, t))
            return 0;
    }
    return 1;
}

/* The matching covers targets t.. (t's own partner included). May t take inspector i
 * and the later targets still be covered without it? When yes the matching is updated
 * (t out, i used) and 1 returned; else it is left as it was. One augmenting path at
 * most: i's later partner, if any, looks for another inspector. */
static int take(match_ctx *m, size_t t, size_t i)
{
    pool *p = m->p;
    size_t nt = m->r->n_targets;
    int later = p->match_i[i];
    memcpy(p->save_i, p->match_i, p->n * sizeof *p->match_i);
    memcpy(p->save_t, p->match_t, nt * sizeof *p->match_t);
    if (p->match_t[t] >= 0) /* t leaves the matching: its partner is free again */
        p->match_i[p->match_t[t]] = -1;
    p->match_t[t] = (int)i;
    p->used[i]++;
    p->match_i[i] = (int)t;
    if (later < 0 || (size_t)later == t)
        return 1;
    p->match_t[later] = -1;
    memset(p->seen, 0, p->n);
    if (augment(m, (size_t)later))
        return 1;
    memcpy(p->match_i, p->save_i, p->n * sizeof *p->match_i);
    memcpy(p->match_t, p->save_t, nt * sizeof *p->match_t);
    p->used[i]--;
    return 0;
}

/* i before j in target t's preference: least-used first, then the smaller key, then
 * the code. */
static int prefer(const pool *p, const double *u, size_t i, size_t j)
{
    if (p->used[i] != p->used[j])
        return p->used[i] < p->used[j];
    if (u[i] != u[j])
        return u[i] < u[j];
    return strcmp(p->ins[i].code, p->ins[j].code) < 0;
}

/* The preferred eligible inspector of `side` (NULL: any) for target t that is not in
 * its team, not tried yet, and unused when only_unused; SIZE_MAX when none. */
static size_t best_candidate(match_ctx *m, size_t t, const char *side, int only_unused)
{
    pool *p = m->p;
    const je_draw_target *tg = &m->r->targets[t];
    const je_outfall *o = &m->outfalls[tg->outfall];
    const double *u = p->u + t * p->n;
    size_t best = (size_t)-1;
    for (size_t i = 0; i < p->n; i++) {
        if (p->tried[i] || !eligible(p, i, o, side) || (only_unused && p->used[i]))
            continue;
        int in = 0;
        for (int k = 0; k < tg->team_n; k++)
            in |= tg->team[k] == i;
        if (!in && (best == (size_t)-1 || prefer(p, u, i, best)))
            best = i;
    }
    return best;
}

/* The member for target t of `side` (NULL: any): the first in preference order — with
 * exact (phase 1, the side can cover every target), the first unused one that leaves
 * the later targets covered (the matching is updated and the inspector counted as
 * used). SIZE_MAX when there is none. */
static size_t pick(match_ctx *m, size_t t, const char *side, int exact)
{
    pool *p = m->p;
    memset(p->tried, 0, p->n);
    for (;;) {
        size_t i = best_candidate(m, t, side, exact);
        if (i == (size_t)-1 || !exact)
            return i;
        if (take(m, t, i))
            return i;
        p->tried[i] = 1;
    }
}

static void warn_reuse(je_draw_result *r, const je_inspector *x, const je_outfall *o, int before)
{
    size_t len = strlen(r->warnings);
    if (len + 2 >= sizeof r->warnings)
        return;
    snprintf(r->warnings + len, sizeof r->warnings - len,
             "%spool too small: inspector %s is in more than one team on the day (again for "
             "%s; %d team(s) before)",
             len ? "; " : "", x->code, o->code, before);
}

/* Add inspector i to the team (counted as used unless `counted` already). */
static void add_member(pool *p, je_draw_result *r, je_draw_target *tg, const je_outfall *o,
                       size_t i, int counted)
{
    int before = p->used[i] - counted;
    if (before > 0)
        warn_reuse(r, &p->ins[i], o, before);
    tg->team[tg->team_n++] = i;
    if (!counted)
        p->used[i]++;
}

static je_status no_inspector(const pool *p, const je_outfall *o, const char *side, int team_n,
                              int team_size, je_error *err)
{
    int n = 0;
    for (size_t j = 0; j < p->n; j++)
        n += eligible(p, j, o, side);
    if (side)
        return je_error_set(err, JE_ECONFLICT,
                            "team rule 'at least one inspector from each side' cannot be met for "
                            "outfall %s (district %s): side %s has %d active inspector(s) from "
                            "other districts",
                            o->code, o->district, side, n);
    return je_error_set(err, JE_ECONFLICT,
                        "team rule 'no inspector on their own district' leaves %d eligible "
                        "inspector(s) for outfall %s (district %s); the team needs %d (has %d)",
                        n, o->code, o->district, team_size, team_n);
}

static je_status make_teams(const unsigned char seed[SEED_BYTES], const je_outfall *outfalls,
                            pool *p, const je_draw_params *prm, je_draw_result *r, je_error *err)
{
    for (size_t t = 0; t < r->n_targets; t++) {
        unsigned char s[SEED_BYTES];
        sub_seed(seed, "team", 1, (uint64_t)r->targets[t].rank, s);
        if (uniforms(s, p->n, p->u + t * p->n) != JE_OK)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        r->targets[t].team_n = 0;
    }
    match_ctx m = {p, outfalls, r, NULL};
    for (size_t k = 0; k < p->n_sides; k++) { /* phase 1 */
        m.side = p->sides[k];
        int exact = match_all(&m);
        for (size_t t = 0; t < r->n_targets; t++) {
            je_draw_target *tg = &r->targets[t];
            const je_outfall *o = &outfalls[tg->outfall];
            size_t i = pick(&m, t, m.side, exact);
            if (i == (size_t)-1)
                return no_inspector(p, o, m.side, tg->team_n, prm->team_size, err);
            add_member(p, r, tg, o, i, exact);
        }
    }
    m.side = NULL;
    for (size_t t = 0; t < r->n_targets; t++) { /* phase 2 */
        je_draw_target *tg = &r->targets[t];
        const je_outfall *o = &outfalls[tg->outfall];
        while (tg->team_n < prm->team_size) {
            size_t i = pick(&m, t, NULL, 0);
            if (i == (size_t)-1)
                return no_inspector(p, o, NULL, tg->team_n, prm->team_size, err);
            add_member(p, r, tg, o, i, 0);
        }
        /* the team in code order, so the list reads the same however it was filled */
        for (int a = 1; a < tg->team_n; a++)
            for (int b = a;
                 b > 0 && strcmp(p->ins[tg->team[b]].code, p->ins[tg->team[b - 1]].code) < 0; b--) {
                size_t tmp = tg->team[b];
                tg->team[b] = tg->team[b - 1];
                tg->team[b - 1] = tmp;
            }
    }
    return JE_OK;
}

/* ---- the draw ------------------------------------------------------------------ */

static je_status check_params(const je_draw_params *p, je_error *err)
{
    if (p->count < 1)
        return je_error_set(err, JE_EINVAL, "the draw needs a count of at least 1 (got %d)",
                            p->count);
    if (p->team_size < 1 || p->team_size > JE_DRAW_MAX_TEAM)
        return je_error_set(err, JE_EINVAL, "team size %d: give 1 to %d inspectors per target",
                            p->team_size, JE_DRAW_MAX_TEAM);
    if (p->exclude_days < 0)
        return je_error_set(err, JE_EINVAL, "exclude days %d: give 0 or more", p->exclude_days);
    if (p->seed[0] == '\0')
        return je_error_set(err, JE_EINVAL, "the draw needs a seed (any text)");
    return JE_OK;
}

static je_status pool_sides(pool *p, je_error *err)
{
    for (size_t i = 0; i < p->n; i++) {
        if (!p->ins[i].active)
            continue;
        size_t k = 0;
        while (k < p->n_sides && strcmp(p->sides[k], p->ins[i].jurisdiction) != 0)
            k++;
        if (k < p->n_sides)
            continue;
        if (p->n_sides == 8)
            return je_error_set(err, JE_EINVAL, "inspectors of more than 8 jurisdictions");
        snprintf(p->sides[p->n_sides++], 16, "%s", p->ins[i].jurisdiction);
    }
    /* code order, so that the sides are served in the same order everywhere */
    for (size_t a = 1; a < p->n_sides; a++)
        for (size_t b = a; b > 0 && strcmp(p->sides[b], p->sides[b - 1]) < 0; b--) {
            char tmp[16];
            memcpy(tmp, p->sides[b], 16);
            memcpy(p->sides[b], p->sides[b - 1], 16);
            memcpy(p->sides[b - 1], tmp, 16);
        }
    return JE_OK;
}

static je_status draw_targets(const unsigned char seed[SEED_BYTES], const je_outfall *outfalls,
                              size_t n_outfalls, const je_draw_params *p, je_draw_result *r,
                              je_error *err)
{
    /* eligible outfalls in code order: the key stream is consumed in that order */
    idx_code *el = malloc((n_outfalls ? n_outfalls : 1) * sizeof *el);
    cand *cd = malloc((n_outfalls ? n_outfalls : 1) * sizeof *cd);
    double *u = malloc((n_outfalls ? n_outfalls : 1) * sizeof *u);
    r->strata = malloc((n_outfalls ? n_outfalls : 1) * sizeof *r->strata);
    int *alloc = calloc(n_outfalls ? n_outfalls : 1, sizeof *alloc);
    je_status st = JE_OK;
    if (!el || !cd || !u || !r->strata || !alloc) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    size_t n = 0;
    for (size_t i = 0; i < n_outfalls; i++) {
        const je_outfall *o = &outfalls[i];
        if (!o->active || (p->jurisdiction[0] && strcmp(o->jurisdiction, p->jurisdiction) != 0))
            continue;
        if (p->exclude_days > 0 && o->last_inspected_day >= 0 &&
            o->last_inspected_day > p->day - p->exclude_days) {
            r->excluded_recent++;
            continue;
        }
        el[n++] = (idx_code){i, o->code};
    }
    qsort(el, n, sizeof *el, cmp_idx_code);
    for (size_t i = 1; i < n; i++)
        if (strcmp(el[i].code, el[i - 1].code) == 0) {
            st = je_error_set(err, JE_EINVAL, "outfall %s is given twice", el[i].code);
            goto done;
        }
    r->eligible = (int)n;
    if ((int)n < p->count) {
        st = je_error_set(err, JE_ECONFLICT,
                          "cannot draw %d targets: %zu outfall(s) are eligible (%d left out as "
                          "inspected in the last %d days)",
                          p->count, n, r->excluded_recent, p->exclude_days);
        goto done;
    }
    /* strata, sorted by name */
    for (size_t i = 0; i < n; i++) {
        char name[48];
        stratum_name(&outfalls[el[i].idx], p->by_river, name, sizeof name);
        size_t h = 0;
        while (h < r->n_strata && strcmp(r->strata[h].stratum, name) != 0)
            h++;
        if (h == r->n_strata) {
            memset(&r->strata[h], 0, sizeof r->strata[h]);
            snprintf(r->strata[h].stratum, sizeof r->strata[h].stratum, "%s", name);
            r->n_strata++;
        }
        r->strata[h].eligible++;
    }
    qsort(r->strata, r->n_strata, sizeof *r->strata, cmp_str);
    allocate(p->count, r->strata, r->n_strata, (int)n, alloc);
    /* keys */
    unsigned char s[SEED_BYTES];
    sub_seed(seed, "targets", 0, 0, s);
    if (uniforms(s, n, u) != JE_OK) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const je_outfall *o = &outfalls[el[i].idx];
        char name[48];
        stratum_name(o, p->by_river, name, sizeof name);
        je_draw_stratum key;
        snprintf(key.stratum, sizeof key.stratum, "%s", name);
        const je_draw_stratum *h =
            bsearch(&key, r->strata, r->n_strata, sizeof *r->strata, cmp_str);
        double w = 1.0 + (isnan(o->risk) || o->risk < 0 ? 0.0 : o->risk);
        cd[i] = (cand){el[i].idx, (size_t)(h - r->strata), log(u[i]) / w, o->code};
    }
    qsort(cd, n, sizeof *cd, cmp_cand);
    r->targets = calloc((size_t)p->count, sizeof *r->targets);
    if (r->targets == NULL) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    size_t start = 0;
    for (size_t h = 0; h < r->n_strata; h++) {
        for (int k = 0; k < alloc[h]; k++) {
            je_draw_target *t = &r->targets[r->n_targets++];
            t->outfall = cd[start + (size_t)k].idx;
            t->key = cd[start + (size_t)k].key;
            t->rank = (int)r->n_targets;
            snprintf(t->stratum, sizeof t->stratum, "%s", r->strata[h].stratum);
        }
        r->strata[h].drawn = alloc[h];
        start += (size_t)r->strata[h].eligible;
    }
done:
    free(el);
    free(cd);
    free(u);
    free(alloc);
    return st;
}

je_status je_inspect_draw(const je_outfall *outfalls, size_t n_outfalls,
                          const je_inspector *inspectors, size_t n_inspectors,
                          const je_draw_params *p, je_draw_result *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    je_status st = check_params(p, err);
    if (st != JE_OK)
        return st;
    if (sodium_init() < 0)
        return je_error_set(err, JE_EINVAL, "libsodium could not be initialised");
    pool pl;
    memset(&pl, 0, sizeof pl);
    pl.ins = inspectors;
    pl.n = n_inspectors;
    if ((st = pool_sides(&pl, err)) != JE_OK)
        return st;
    if (pl.n_sides == 0)
        return je_error_set(err, JE_ECONFLICT,
                            "no active inspectors: import the pools first (jointenv import "
                            "inspectors FILE)");
    if (p->team_size < (int)pl.n_sides)
        return je_error_set(err, JE_EINVAL,
                            "team rule 'at least one inspector from each side' needs a team "
                            "of at least %zu (the pool has %zu sides); got %d",
                            pl.n_sides, pl.n_sides, p->team_size);
    unsigned char seed[SEED_BYTES];
    crypto_generichash(seed, SEED_BYTES, (const unsigned char *)p->seed, strlen(p->seed), NULL, 0);
    if ((st = draw_targets(seed, outfalls, n_outfalls, p, out, err)) == JE_OK) {
        size_t ni = n_inspectors ? n_inspectors : 1;
        pl.used = calloc(ni, sizeof *pl.used);
        pl.u = malloc(ni * out->n_targets * sizeof *pl.u);
        size_t nt = out->n_targets ? out->n_targets : 1;
        pl.match_i = malloc(ni * sizeof *pl.match_i);
        pl.save_i = malloc(ni * sizeof *pl.save_i);
        pl.match_t = malloc(nt * sizeof *pl.match_t);
        pl.save_t = malloc(nt * sizeof *pl.save_t);
        pl.seen = malloc(ni);
        pl.tried = malloc(ni);
        if (!pl.used || !pl.u || !pl.match_i || !pl.save_i || !pl.match_t || !pl.save_t ||
            !pl.seen || !pl.tried)
            st = je_error_set(err, JE_ENOMEM, "out of memory");
        else
            st = make_teams(seed, outfalls, &pl, p, out, err);
    }
    free(pl.used);
    free(pl.u);
    free(pl.match_i);
    free(pl.save_i);
    free(pl.match_t);
    free(pl.save_t);
    free(pl.seen);
    free(pl.tried);
    char *text = st == JE_OK ? je_draw_list_text(out, outfalls, inspectors) : NULL;
    if (st == JE_OK && text == NULL)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    if (st == JE_OK) {
        unsigned char h[32];
        crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
        for (int i = 0; i < 32; i++)
            snprintf(out->list_hash + 2 * i, 3, "%02x", h[i]);
    }
    free(text);
    if (st != JE_OK)
        je_draw_result_free(out);
    return st;
}

char *je_draw_list_text(const je_draw_result *r, const je_outfall *outfalls,
                        const je_inspector *inspectors)
{
    size_t cap = 64 + r->n_targets * (64 + 48 + JE_DRAW_MAX_TEAM * 33);
    char *buf = malloc(cap);
    if (buf == NULL)
        return NULL;
    size_t len = 0;
    buf[0] = '\0';
    for (size_t t = 0; t < r->n_targets; t++) {
        const je_draw_target *tg = &r->targets[t];
        len += (size_t)snprintf(buf + len, cap - len, "%d,%s,%s,", tg->rank,
                                outfalls[tg->outfall].code, tg->stratum);
        for (int k = 0; k < tg->team_n; k++)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", k ? ";" : "",
                                    inspectors[tg->team[k]].code);
        len += (size_t)snprintf(buf + len, cap - len, "\n");
    }
    return buf;
}
