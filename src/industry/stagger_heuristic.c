/*
 * stagger_heuristic.c — a fast schedule: greedy construction by weight, then local
 * search, every step keeping every rule.
 *
 * State: the schedule x and, per day, the capacity stopped per region, in all and
 * per jurisdiction, and the lines stopped per stop-half group, so a move's effect
 * on the coupling rules costs O(days moved). Locked days (alert stops, the fixed
 * past) are never touched.
 *
 * Construction, line by line (largest quota first, then the most weight per day:
 * every line wants the same high-exposure days, and the lines that avoid most on
 * them choose first): add a block of days — a new stop of min_run_days, or one day
 * extending a stop. While the line owes days, only blocks paying the counting rule
 * due first (settlement, quarter, month rules: standards.md §4.2) are taken; among
 * them, and once nothing is owed among all, the block of most weight per day.
 * Blocks that would break the total cap, the restart limit, supply or the
 * jurisdiction share are skipped, and so are blocks after which the line could no
 * longer meet its later rules within its maximum (min_extra): with the maximum
 * equal to the quota (no extra days, as shipped) a day spent on weight in March is
 * a day November's rule lacks.
 *
 * Repair: when no block fits beside the lines already placed, the line takes the
 * block that pays its debt with the fewest days blocked by supply or share, and
 * the other lines' stops on those days move to their best other places, each
 * keeping all its rules (an ejection chain of depth one). Only if that fails too
 * does construction start again (the failing line first, noisy weights, 30
 * attempts) and then give NO_SOLUTION. Small instances are built several times
 * with noisy weights and the best kept (ROUNDS).
 *
 * Local search (first improvement, lines in a seeded order, until a pass improves
 * nothing or the time limit): (a) move a whole stop to another place, (b) move one
 * day from the end of a stop to the end of another (or the same) stop; when neither
 * gains, (c) a best response: the whole line lifted and re-placed by its exact DP
 * (stagger_linedp.c) on the days with room beside the others — which splits, merges
 * and re-sizes stops as (a) and (b) cannot. A move is kept when it raises the
 * weight stopped and the line's rules (re-counted in full) and the coupling rules
 * still hold. The MIP's primal side adds (d) exchanges: two lines of one
 * jurisdiction or region lifted together, the first re-placed by its DP (it may
 * take the second's days), then the second around it.
 */
#include "industry/stagger_internal.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int a, len;
    double red, w; /* per day */
} cand;

typedef struct {
    const je_stagger_problem *p;
    const je_stagger_rules *r;
    const sg_model *m;
    size_t L, D;
    uint8_t *x;
    double *reg, *tot, *jur;
    int *half_of, *half_cnt;
    size_t *cfirst, *cn;
    int *starts;      /* n_months scratch */
    int *cnt;         /* per count scratch */
    size_t *cby;      /* per line's counts, ordered by due day (min_extra) */
    uint8_t *tmp;     /* D scratch: a row with a block added (min_extra) */
    cand *cands;      /* 2 D scratch: the blocks of one construction step */
    int *pos;         /* D scratch (repair) */
    double *pw;       /* D scratch (repair) */
    double *nstop;    /* n_regions scratch: stopped t/d per region (network check) */
    double *nscratch; /* sg_net_scratch(n_regions) (network check) */
    sg_linedp dp;     /* best response: one line's exact DP (stagger_linedp.c) */
    double *bcost;    /* D scratch (best response): a day's cost, +∞ = no room */
    uint8_t *bmust;   /* 2 D scratch (best response): the day may not be lifted */
    uint8_t *brow;    /* D scratch (best response): the DP's row */
    uint8_t *bold;    /* 2 D scratch (best response): the rows before the move */
    long moved;       /* repair: stops of other lines moved to make room */
    long urgent;      /* construction: the line's deficient count due first, or −1 */
    double noise;     /* construction: weights scaled by 1 ± noise (later attempts) */
    uint64_t rng;
} heur;

#define EPS 1e-7

static double wt(const heur *h, size_t l, size_t d)
{
    return h->p->weight[l * h->D + d] * h->m->capf[l * h->D + d];
}

static int locked(const heur *h, size_t l, size_t d)
{
    return h->m->forced[l * h->D + d] != 0; /* an alert stop or a past day */
}

static void set(heur *h, size_t l, size_t d, int v)
{
    size_t D = h->D;
    if (h->x[l * D + d] == v)
        return;
    const je_stagger_line *ln = &h->p->lines[l];
    double s = v ? 1.0 : -1.0, eff = ln->capacity_t_d * h->m->capf[l * D + d];
    h->x[l * D + d] = (uint8_t)v;
    h->reg[(size_t)ln->region * D + d] += s * eff;
    h->tot[d] += s * eff;
    h->jur[(size_t)ln->jurisdiction * D + d] += s * ln->capacity_t_d;
    int g = h->half_of[l * D + d];
    if (g >= 0)
        h->half_cnt[g] += v ? 1 : -1;
}

/* May line l stop on day d, given the other lines (supply, share)? */
static int can_add(const heur *h, size_t l, size_t d)
{
    size_t D = h->D;
    const je_stagger_line *ln = &h->p->lines[l];
    double eff = ln->capacity_t_d * h->m->capf[l * D + d];
    double rs = h->m->region_slack[(size_t)ln->region * D + d], ts = h->m->total_slack[d];
    if (h->reg[(size_t)ln->region * D + d] + eff > rs + 1e-6 * (1 + fabs(rs)))
        return 0;
    if (h->tot[d] + eff > ts + 1e-6 * (1 + fabs(ts)))
        return 0;
    double lim = h->m->jur_limit[(size_t)ln->jurisdiction * D + d];
    if (h->r->max_jur_stop_share < 1 &&
        h->jur[(size_t)ln->jurisdiction * D + d] + ln->capacity_t_d > lim + 1e-6 * (1 + lim))
        return 0;
    if (h->m->net) { /* the transfer network: max-flow over the regions (stagger_net.c) */
        if (h->m->net_locked[d])
            return 0;
        size_t R = h->p->n_regions;
        for (size_t g = 0; g < R; g++)
            h->nstop[g] = h->reg[g * D + d] + (g == (size_t)ln->region ? eff : 0);
        return sg_net_feasible(h->p, h->m, d, h->nstop, h->nscratch);
    }
    return 1;
}

static int can_remove(const heur *h, size_t l, size_t d)
{
    if (locked(h, l, d))
        return 0;
    int g = h->half_of[l * h->D + d];
    return g < 0 || h->half_cnt[g] - 1 >= h->m->half[g].need;
}

/* Every per-line rule of line l (counts, total, minimum stop, restarts). */
static int line_ok(heur *h, size_t l)
{
    const uint8_t *row = h->x + l * h->D;
    const sg_model *m = h->m;
    for (size_t k = h->cfirst[l]; k < h->cfirst[l] + h->cn[l]; k++) {
        const sg_count *c = &m->counts[k];
        int n = 0;
        for (int d = c->from; d < c->to; d++)
            n += row[d];
        if (n < c->need)
            return 0;
    }
    memset(h->starts, 0, m->n_months * sizeof *h->starts);
    int total = 0;
    for (size_t d = 0; d < h->D; d++) {
        total += row[d];
        if (!row[d] || (d > 0 && row[d - 1]))
            continue;
        if (sg_counts_as_restart(h->p, m, l, d))
            h->starts[m->month_of_day[d]]++;
        size_t e = d;
        while (e + 1 < h->D && row[e + 1])
            e++;
        if (e + 1 < h->D && (int)(e - d + 1) < h->r->min_run_days)
            return 0;
    }
    if (total > m->total_max[l])
        return 0;
    for (size_t k = 0; k < m->n_months && h->r->max_restarts_month > 0; k++)
        if (h->starts[k] > h->r->max_restarts_month)
            return 0;
    return 1;
}

/* ---- construction ----------------------------------------------------------- */

/* Lengthen the runs of t (2 = a day min_extra added) that hold an added day and are
 * shorter than the minimum stop, rightwards then leftwards over free days (the
 * padding counts toward later rules); returns the days added. */
static int pad_runs(heur *h, size_t l, uint8_t *t)
{
    int D = (int)h->D, Lr = h->r->min_run_days, added = 0;
    const uint8_t *forced = h->m->forced + l * h->D;
    for (int s = 0; s < D && Lr > 1; s++) {
        if (!t[s] || (s > 0 && t[s - 1]))
            continue;
        int e = s, mine = t[s] == 2;
        while (e + 1 < D && t[e + 1])
            mine |= t[++e] == 2;
        while (mine && e - s + 1 < Lr && e + 1 < D && forced[e + 1] != 2) {
            t[++e] = 2;
            added++;
            while (e + 1 < D && t[e + 1])
                e++;
        }
        while (mine && e - s + 1 < Lr && e + 1 < D && s > 0 && forced[s - 1] != 2 && !t[s - 1]) {
            t[--s] = 2;
            added++;
        }
        s = e;
    }
    return added;
}

/* About the fewest more stop days line l needs to meet all its counting rules, were
 * the zeros [a, a+len) stopped too (len 0: as it is), ignoring the other lines and
 * the restart limit: counts in order of due day, each topped up with its latest
 * free days (the earliest-deadline greedy, exact for "at least k days in each
 * interval"), new runs padded to the minimum stop. INT_MAX/2 when even that is
 * impossible. Construction keeps it within the line's remaining maximum, so no
 * line spends on weight the days a later rule needs. */
static int min_extra(heur *h, size_t l, int a, int len)
{
    const sg_model *m = h->m;
    size_t D = h->D;
    uint8_t *t = h->tmp;
    memcpy(t, h->x + l * D, D);
    for (int d = a; d < a + len; d++)
        t[d] = 1;
    int extra = 0;
    for (size_t i = 0; i < h->cn[l]; i++) {
        const sg_count *c = &m->counts[h->cby[h->cfirst[l] + i]];
        int n = 0, before = extra;
        for (int d = c->from; d < c->to; d++)
            n += t[d] != 0;
        for (int d = c->to - 1; d >= c->from && n < c->need; d--)
            if (!t[d] && m->forced[l * D + (size_t)d] != 2) {
                t[d] = 2;
                n++;
                extra++;
            }
        if (n < c->need)
            return INT_MAX / 2;
        if (extra > before)
            extra += pad_runs(h, l, t);
    }
    return extra;
}

/* Evaluate adding zeros [a, a+len) to line l; 0 if not allowed. With `blocked`
 * non-NULL the other lines (supply, share) are ignored and *blocked counts the
 * days on which they leave no room (the repair then makes room). */
static int eval_block(heur *h, size_t l, int a, int len, int total, int *blocked, cand *out)
{
    const uint8_t *row = h->x + l * h->D;
    const sg_model *m = h->m;
    int D = (int)h->D;
    if (total + len > m->total_max[l])
        return 0;
    double w = 0;
    if (blocked)
        *blocked = 0;
    for (int d = a; d < a + len; d++) {
        if (row[d] || locked(h, l, (size_t)d))
            return 0;
        if (!can_add(h, l, (size_t)d)) {
            if (!blocked)
                return 0;
            ++*blocked;
        }
        w += wt(h, l, (size_t)d);
    }
    if (h->r->max_restarts_month > 0) {
        int new_start = (a == 0 || !row[a - 1]) && sg_counts_as_restart(h->p, m, l, (size_t)a);
        int lost =
            a + len < D && row[a + len] && sg_counts_as_restart(h->p, m, l, (size_t)(a + len));
        int mo = m->month_of_day[a];
        int add = new_start - (lost && m->month_of_day[a + len] == mo);
        if (add > 0 && h->starts[mo] + add > h->r->max_restarts_month)
            return 0;
    }
    /* red: the days paying the most urgent debt (the count due first) */
    double red = 0;
    if (h->urgent >= 0) {
        const sg_count *c = &m->counts[h->urgent];
        int lo = a > c->from ? a : c->from, hi = a + len < c->to ? a + len : c->to;
        red = hi > lo ? hi - lo : 0;
    }
    if (h->noise > 0)
        w *= 1.0 + h->noise * ((double)(sg_rand(&h->rng) % 2001) / 1000.0 - 1.0);
    *out = (cand){a, len, red / len, w / len};
    return 1;
}

static void line_state(heur *h, size_t l, int *total, int *deficit)
{
    const uint8_t *row = h->x + l * h->D;
    const sg_model *m = h->m;
    *deficit = 0;
    h->urgent = -1;
    for (size_t i = 0; i < h->cn[l]; i++) {
        size_t k = h->cby[h->cfirst[l] + i];
        const sg_count *c = &m->counts[k];
        int n = 0;
        for (int d = c->from; d < c->to; d++)
            n += row[d];
        h->cnt[k] = n;
        *deficit += n < c->need ? c->need - n : 0;
        if (n < c->need && h->urgent < 0)
            h->urgent = (long)k;
    }
    memset(h->starts, 0, m->n_months * sizeof *h->starts);
    *total = 0;
    for (size_t d = 0; d < h->D; d++) {
        *total += row[d];
        if (row[d] && (d == 0 || !row[d - 1]) && sg_counts_as_restart(h->p, m, l, d))
            h->starts[m->month_of_day[d]]++;
    }
}

static int repair(heur *h, size_t l, int total, int extra);

/* The line's next block: the most weight per day among the blocks that fit beside
 * the other lines and leave the line able to meet its counting rules within its
 * maximum (min_extra: checked exactly only when the cheap bound is not enough). */
static int next_block(heur *h, size_t l, int total, int extra, cand *out)
{
    int D = (int)h->D, Lr = h->r->min_run_days, budget = h->m->total_max[l] - total;
    const uint8_t *row = h->x + l * h->D;
    size_t n = 0;
    for (int a = 0; a < D; a++) {
        int adj = (a > 0 && row[a - 1]) || (a + 1 < D && row[a + 1]);
        /* while a debt is due, only the blocks paying it (red > 0) */
        if ((adj || Lr == 1 || a == D - 1) && eval_block(h, l, a, 1, total, NULL, &h->cands[n]))
            n += h->urgent < 0 || h->cands[n].red > 0;
        int len = a + Lr <= D ? Lr : D - a;
        if (len > 1 && eval_block(h, l, a, len, total, NULL, &h->cands[n]))
            n += h->urgent < 0 || h->cands[n].red > 0;
    }
    for (;;) {
        size_t b = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (h->cands[i].len > 0 && (b == SIZE_MAX || h->cands[i].w > h->cands[b].w + EPS))
                b = i;
        if (b == SIZE_MAX)
            return 0;
        cand c = h->cands[b];
        if (extra <= budget - c.len || min_extra(h, l, c.a, c.len) <= budget - c.len) {
            *out = c;
            return 1;
        }
        h->cands[b].len = 0;
    }
}

static int construct_line(heur *h, size_t l)
{
    int repairs = 0;
    for (;;) {
        int total, deficit;
        line_state(h, l, &total, &deficit);
        int extra = deficit > 0 ? min_extra(h, l, 0, 0) : 0;
        if (extra > h->m->total_max[l] - total)
            return 0;
        cand best;
        int found = next_block(h, l, total, extra, &best);
        if (deficit > 0 && !found) {
            /* Nothing fits beside the lines already placed: make room (repair). */
            if (repairs++ < 4 * (int)h->D && repair(h, l, total, extra))
                continue;
            return 0;
        }
        if (!found || (deficit == 0 && !(best.w > 0)))
            return deficit == 0 && line_ok(h, l);
        for (int d = best.a; d < best.a + best.len; d++)
            set(h, l, (size_t)d, 1);
    }
}

/* ---- local search ----------------------------------------------------------- */

/* Try moving the stop [s, e] of line l elsewhere; 1 if a move was kept. */
static int move_run(heur *h, size_t l, int s, int e)
{
    int D = (int)h->D, len = e - s + 1;
    uint8_t *row = h->x + l * h->D;
    double old = 0;
    for (int d = s; d <= e; d++) {
        if (!can_remove(h, l, (size_t)d))
            return 0;
        old += wt(h, l, (size_t)d);
    }
    for (int d = s; d <= e; d++)
        set(h, l, (size_t)d, 0);
    for (int a = 0; a + len <= D; a++) {
        if (a == s)
            continue;
        double w = 0;
        int ok = 1;
        for (int d = a; d < a + len && ok; d++) {
            ok = !row[d] && !locked(h, l, (size_t)d) && can_add(h, l, (size_t)d);
            w += wt(h, l, (size_t)d);
        }
        if (!ok || w <= old + EPS * (1 + old))
            continue;
        for (int d = a; d < a + len; d++)
            set(h, l, (size_t)d, 1);
        if (line_ok(h, l))
            return 1;
        for (int d = a; d < a + len; d++)
            set(h, l, (size_t)d, 0);
    }
    for (int d = s; d <= e; d++)
        set(h, l, (size_t)d, 1);
    return 0;
}

/* Try moving one end day of a stop to a day next to a stop; 1 if kept. */
static int move_day(heur *h, size_t l, int from)
{
    int D = (int)h->D;
    uint8_t *row = h->x + l * h->D;
    if (!can_remove(h, l, (size_t)from))
        return 0;
    double old = wt(h, l, (size_t)from);
    set(h, l, (size_t)from, 0);
    for (int a = 0; a < D; a++) {
        if (a == from || row[a] || locked(h, l, (size_t)a))
            continue;
        int adj = (a > 0 && row[a - 1]) || (a + 1 < D && row[a + 1]);
        if (!adj && h->r->min_run_days > 1 && a != D - 1)
            continue;
        if (wt(h, l, (size_t)a) <= old + EPS * (1 + old) || !can_add(h, l, (size_t)a))
            continue;
        set(h, l, (size_t)a, 1);
        if (line_ok(h, l))
            return 1;
        set(h, l, (size_t)a, 0);
    }
    set(h, l, (size_t)from, 1);
    return 0;
}

static int improve_line(heur *h, size_t l)
{
    int D = (int)h->D, moved = 0;
    uint8_t *row = h->x + l * h->D;
    for (int s = 0; s < D; s++) {
        if (!row[s] || (s > 0 && row[s - 1]))
            continue;
        int e = s;
        while (e + 1 < D && row[e + 1])
            e++;
        if (move_run(h, l, s, e)) {
            moved = 1;
            continue;
        }
        if (move_day(h, l, e) || (e != s && move_day(h, l, s)))
            moved = 1;
    }
    return moved;
}

/* ---- best response ----------------------------------------------------------- */

/* Lift line l's stops, except those that may not move (a duty, the fixed past, a
 * stop-half group's member: must[d] = 1). The weight the line stopped. */
static double lift(heur *h, size_t l, uint8_t *must)
{
    double w = 0;
    uint8_t *row = h->x + l * h->D;
    for (size_t d = 0; d < h->D; d++) {
        must[d] = 0;
        if (!row[d])
            continue;
        w += wt(h, l, d);
        if (locked(h, l, d) || !can_remove(h, l, d))
            must[d] = 1;
        else
            set(h, l, d, 0);
    }
    return w;
}

static void put_row(heur *h, size_t l, const uint8_t *row)
{
    for (size_t d = 0; d < h->D; d++)
        set(h, l, d, row[d]);
}

/* The best schedule of lifted line l on the days where it fits beside the others as
 * they stand (its exact DP, stagger_linedp.c, the weights as the prize) into
 * h->brow; the weight it stops, or −1 when the line has none. */
static double best_row(heur *h, size_t l, const uint8_t *must)
{
    for (size_t d = 0; d < h->D; d++)
        h->bcost[d] =
            must[d] || (!locked(h, l, d) && can_add(h, l, d)) ? -wt(h, l, d) : INFINITY;
    int exact = 1;
    double v = sg_linedp_solve(&h->dp, h->p, h->r, h->m, l, h->bcost, must, h->brow, &exact);
    return v == INFINITY ? -1 : -v;
}

/* Best response: line l re-placed whole by its DP beside the others. Its present
 * schedule is one of the DP's choices, so the DP never does worse; kept when it
 * stops more weight and the line's rules hold (re-counted: the DP may have solved
 * a relaxation). The gain (0: not moved). */
static double respond_line(heur *h, size_t l)
{
    uint8_t *old = h->bold;
    memcpy(old, h->x + l * h->D, h->D);
    double w0 = lift(h, l, h->bmust), w1 = best_row(h, l, h->bmust);
    if (w1 > w0 + EPS * (1 + w0)) {
        put_row(h, l, h->brow);
        if (line_ok(h, l))
            return w1 - w0;
    }
    put_row(h, l, old);
    return 0;
}

/* An exchange: lines a and b lifted together, a re-placed by its DP first (it may
 * take b's days), then b by its DP around it; kept when the two stop more weight
 * than before and both keep their rules. The gain (0: nothing changed). */
static double respond_pair(heur *h, size_t a, size_t b)
{
    size_t D = h->D;
    uint8_t *olda = h->bold, *oldb = h->bold + D, *musta = h->bmust, *mustb = h->bmust + D;
    memcpy(olda, h->x + a * D, D);
    memcpy(oldb, h->x + b * D, D);
    double w0 = lift(h, b, mustb) + lift(h, a, musta);
    double wa = best_row(h, a, musta);
    if (wa >= 0) {
        put_row(h, a, h->brow);
        double wb = best_row(h, b, mustb);
        if (wb >= 0 && wa + wb > w0 + EPS * (1 + w0)) {
            put_row(h, b, h->brow);
            if (line_ok(h, a) && line_ok(h, b))
                return wa + wb - w0;
        }
    }
    put_row(h, a, olda);
    put_row(h, b, oldb);
    return 0;
}

/* Does line b stop on a day where lifted line a has no room (so that lifting b
 * could let a in)? */
static int blocks(heur *h, size_t a, size_t b)
{
    const uint8_t *rb = h->x + b * h->D;
    for (size_t d = 0; d < h->D; d++)
        if (rb[d] && !h->x[a * h->D + d] && !locked(h, a, d) && !can_add(h, a, d))
            return 1;
    return 0;
}

/* ---- repair ------------------------------------------------------------------ */

/* Move the stop of line l2 that covers day d to the free place of the same length
 * that stops the most weight, anywhere but on days [ta, tb) (the days being freed),
 * keeping every rule of l2 (re-counted in full) and the coupling rules. A shift by
 * one day is such a move. 1 if moved. */
static int relocate(heur *h, size_t l2, int d, int ta, int tb, int *pos, double *pw)
{
    int D = (int)h->D, s = d, e = d;
    uint8_t *row = h->x + l2 * h->D;
    while (s > 0 && row[s - 1])
        s--;
    while (e + 1 < D && row[e + 1])
        e++;
    int len = e - s + 1;
    for (int k = s; k <= e; k++)
        if (!can_remove(h, l2, (size_t)k))
            return 0;
    for (int k = s; k <= e; k++)
        set(h, l2, (size_t)k, 0);
    size_t n = 0;
    for (int a = 0; a + len <= D; a++) {
        if (a < tb && a + len > ta)
            continue;
        double w = 0;
        int ok = 1;
        for (int k = a; k < a + len && ok; k++) {
            ok = !row[k] && !locked(h, l2, (size_t)k) && can_add(h, l2, (size_t)k);
            w += wt(h, l2, (size_t)k);
        }
        if (ok) {
            pos[n] = a;
            pw[n++] = w;
        }
    }
    /* the heaviest places first (selection: usually the first passes) */
    for (size_t i = 0; i < n; i++) {
        size_t b = i;
        for (size_t j = i + 1; j < n; j++)
            if (pw[j] > pw[b])
                b = j;
        int ta2 = pos[b];
        pos[b] = pos[i];
        pw[b] = pw[i];
        pos[i] = ta2;
        for (int k = ta2; k < ta2 + len; k++)
            set(h, l2, (size_t)k, 1);
        if (line_ok(h, l2)) {
            h->moved++;
            return 1;
        }
        for (int k = ta2; k < ta2 + len; k++)
            set(h, l2, (size_t)k, 0);
    }
    for (int k = s; k <= e; k++)
        set(h, l2, (size_t)k, 1);
    return 0;
}

/* Free room for line l on day d (supply, share) by relocating the stops of other
 * lines that stop on d and count in the limit that binds, avoiding [ta, tb). */
static int make_room(heur *h, size_t l, int d, int ta, int tb, int *pos, double *pw)
{
    size_t D = h->D;
    const je_stagger_line *ln = &h->p->lines[l];
    while (!can_add(h, l, (size_t)d)) {
        double eff = ln->capacity_t_d * h->m->capf[l * D + (size_t)d];
        size_t g = (size_t)ln->region * D + (size_t)d, j = (size_t)ln->jurisdiction * D + (size_t)d;
        int reg =
            h->reg[g] + eff > h->m->region_slack[g] + 1e-6 * (1 + fabs(h->m->region_slack[g]));
        int jur =
            h->r->max_jur_stop_share < 1 &&
            h->jur[j] + ln->capacity_t_d > h->m->jur_limit[j] + 1e-6 * (1 + h->m->jur_limit[j]);
        int moved = 0;
        for (size_t i = 0; i < h->L && !moved; i++) {
            size_t l2 = (i + l) % h->L; /* start after l: spread the disturbance */
            const je_stagger_line *o = &h->p->lines[l2];
            if (l2 == l || !h->x[l2 * D + (size_t)d] || locked(h, l2, (size_t)d) ||
                (reg && o->region != ln->region) || (jur && o->jurisdiction != ln->jurisdiction))
                continue;
            moved = relocate(h, l2, d, ta, tb, pos, pw);
        }
        if (!moved)
            return 0;
    }
    return 1;
}

/* Line l still owes days but no block fits beside the lines already placed. Take
 * the blocks that would pay some of the debt, keep the line within its maximum and
 * fit its own rules if the other lines made room, fewest blocked days first, and
 * make room for one: the other lines' stops on its blocked days move elsewhere (an
 * ejection chain of depth one), each keeping its own rules. 1 if a block now fits
 * (construction then places it). */
static int repair(heur *h, size_t l, int total, int extra)
{
    enum { K = 8 };
    int D = (int)h->D, Lr = h->r->min_run_days, nb = 0, budget = h->m->total_max[l] - total;
    const uint8_t *row = h->x + l * h->D;
    cand top[K];
    int tblk[K];
    for (int a = 0; a < D; a++) {
        int adj = (a > 0 && row[a - 1]) || (a + 1 < D && row[a + 1]);
        for (int kind = 0; kind < 2; kind++) {
            int len = kind ? (a + Lr <= D ? Lr : D - a) : 1;
            if (kind ? len <= 1 : !(adj || Lr == 1 || a == D - 1))
                continue;
            cand c;
            int blk;
            if (!eval_block(h, l, a, len, total, &blk, &c) || !(c.red > 0) || blk == 0)
                continue;
            /* keep the K with the fewest blocked days, then the most weight */
            int at = nb;
            while (at > 0 && (blk < tblk[at - 1] || (blk == tblk[at - 1] && c.w > top[at - 1].w)))
                at--;
            if (at >= K || (extra > budget - len && min_extra(h, l, a, len) > budget - len))
                continue;
            for (int i = (nb < K ? nb : K - 1); i > at; i--) {
                top[i] = top[i - 1];
                tblk[i] = tblk[i - 1];
            }
            top[at] = c;
            tblk[at] = blk;
            if (nb < K)
                nb++;
        }
    }
    for (int i = 0; i < nb; i++) {
        int ok = 1;
        for (int d = top[i].a; d < top[i].a + top[i].len && ok; d++)
            ok = make_room(h, l, d, top[i].a, top[i].a + top[i].len, h->pos, h->pw);
        if (ok)
            return 1;
    }
    return 0;
}

/* ---- driver ----------------------------------------------------------------- */

static je_status setup(heur *h)
{
    const sg_model *m = h->m;
    size_t L = h->L, D = h->D;
    h->x = NULL;
    h->reg = calloc(h->p->n_regions * D, sizeof *h->reg);
    h->tot = calloc(D, sizeof *h->tot);
    h->jur = calloc(h->p->n_jurisdictions * D, sizeof *h->jur);
    h->half_of = malloc(L * D * sizeof *h->half_of);
    h->half_cnt = calloc(m->n_half + 1, sizeof *h->half_cnt);
    h->cfirst = calloc(L, sizeof *h->cfirst);
    h->cn = calloc(L, sizeof *h->cn);
    h->starts = calloc(m->n_months, sizeof *h->starts);
    h->cnt = calloc(m->n_counts + 1, sizeof *h->cnt);
    h->cby = malloc((m->n_counts + 1) * sizeof *h->cby);
    h->tmp = malloc(D);
    h->cands = malloc(2 * D * sizeof *h->cands);
    h->pos = malloc(D * sizeof *h->pos);
    h->pw = malloc(D * sizeof *h->pw);
    h->nstop = malloc(h->p->n_regions * sizeof *h->nstop);
    h->nscratch = malloc(sg_net_scratch(h->p->n_regions) * sizeof *h->nscratch);
    h->bcost = malloc(D * sizeof *h->bcost);
    h->bmust = malloc(2 * D);
    h->brow = malloc(D);
    h->bold = malloc(2 * D);
    if (!h->bcost || !h->bmust || !h->brow || !h->bold ||
        sg_linedp_init(&h->dp, h->r, m) != JE_OK)
        return JE_ENOMEM;
    if (!h->reg || !h->tot || !h->jur || !h->half_of || !h->half_cnt || !h->cfirst || !h->cn ||
        !h->starts || !h->cnt || !h->cby || !h->tmp || !h->cands || !h->pos || !h->pw ||
        !h->nstop || !h->nscratch)
        return JE_ENOMEM;
    for (size_t k = 0; k < L * D; k++)
        h->half_of[k] = -1;
    for (size_t g = 0; g < m->n_half; g++)
        for (size_t i = 0; i < m->half[g].n; i++)
            h->half_of[(size_t)m->half_lines[m->half[g].first + i] * D + (size_t)m->half[g].day] =
                (int)g;
    for (size_t k = m->n_counts; k-- > 0;) { /* counts are grouped by line */
        size_t l = (size_t)m->counts[k].line;
        h->cfirst[l] = k;
        h->cn[l]++;
    }
    /* each line's counts by due day (insertion sort: a line has a few dozen) */
    for (size_t k = 0; k < m->n_counts; k++) {
        size_t first = h->cfirst[m->counts[k].line], j = k;
        h->cby[k] = k;
        while (j > first && m->counts[h->cby[j - 1]].to > m->counts[k].to) {
            h->cby[j] = h->cby[j - 1];
            j--;
        }
        h->cby[j] = k;
    }
    return JE_OK;
}

static void teardown(heur *h)
{
    free(h->reg);
    free(h->tot);
    free(h->jur);
    free(h->half_of);
    free(h->half_cnt);
    free(h->cfirst);
    free(h->cn);
    free(h->starts);
    free(h->cnt);
    free(h->cby);
    free(h->tmp);
    free(h->cands);
    free(h->pos);
    free(h->pw);
    free(h->nstop);
    free(h->nscratch);
    free(h->bcost);
    free(h->bmust);
    free(h->brow);
    free(h->bold);
    sg_linedp_free(&h->dp);
}

/* Stop-half groups: stop the group's lines of largest weight until enough stop. */
static void meet_half(heur *h)
{
    const sg_model *m = h->m;
    for (size_t g = 0; g < m->n_half; g++) {
        const sg_half *hf = &m->half[g];
        while (h->half_cnt[g] < hf->need) {
            size_t best = SIZE_MAX;
            for (size_t i = 0; i < hf->n; i++) {
                size_t l = (size_t)m->half_lines[hf->first + i];
                if (h->x[l * h->D + (size_t)hf->day] || locked(h, l, (size_t)hf->day))
                    continue;
                if (best == SIZE_MAX || wt(h, l, (size_t)hf->day) > wt(h, best, (size_t)hf->day))
                    best = l;
            }
            if (best == SIZE_MAX)
                break;
            set(h, best, (size_t)hf->day, 1);
        }
    }
}

/* Does line a come before line b? Largest quota first (the most days to place),
 * then the most weight per day: with the days of high exposure wanted by every
 * line, the lines that avoid the most on them choose first. */
static int before(const sg_model *m, const double *key, size_t a, size_t b)
{
    if (m->total_min[a] != m->total_min[b])
        return m->total_min[a] > m->total_min[b];
    return key[a] > key[b];
}

/* A stable merge sort (deterministic, no global context for qsort). */
static void order_lines(size_t *ord, size_t *tmp, size_t n, const sg_model *m, const double *key)
{
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = before(m, key, ord[j], ord[i]) ? ord[j++] : ord[i++];
            while (i < mid)
                tmp[k++] = ord[i++];
            while (j < hi)
                tmp[k++] = ord[j++];
        }
        memcpy(ord, tmp, n * sizeof *ord);
    }
}

/* Stops shorter than min_run_days made by locked days (a past stop that the
 * horizon's fixed part cuts, a one-day alert stop) are lengthened: forward, then
 * backward, as far as the coupling rules allow. */
static void lengthen_short_stops(heur *h, size_t l)
{
    int D = (int)h->D, Lr = h->r->min_run_days;
    uint8_t *row = h->x + l * h->D;
    for (int s = 0; s < D; s++) {
        if (!row[s] || (s > 0 && row[s - 1]))
            continue;
        int e = s;
        while (e + 1 < D && row[e + 1])
            e++;
        while (e - s + 1 < Lr && e + 1 < D && !row[e + 1] && !locked(h, l, (size_t)e + 1) &&
               can_add(h, l, (size_t)e + 1)) {
            set(h, l, (size_t)++e, 1);
            while (e + 1 < D && row[e + 1])
                e++;
        }
        while (e - s + 1 < Lr && e + 1 < D && s > 0 && !row[s - 1] &&
               !locked(h, l, (size_t)s - 1) && can_add(h, l, (size_t)s - 1))
            set(h, l, (size_t)--s, 1);
        s = e;
    }
}

/* Build a schedule line by line; on failure start again (up to 30 attempts) with
 * the failing line first, the rest shuffled, and noisy weights. The first attempt
 * uses weights × (1 ± noise0) drawn from `seed`. Returns −1 on success, else a line
 * that could not meet its rules. */
static long construct(heur *h, size_t *ord, uint8_t *stop, uint64_t seed, double noise0)
{
    const sg_model *m = h->m;
    long failed = -1;
    h->rng = seed;
    h->noise = noise0;
    for (int attempt = 0; attempt < 30; attempt++) {
        memset(stop, 0, h->L * h->D);
        memset(h->reg, 0, h->p->n_regions * h->D * sizeof *h->reg);
        memset(h->tot, 0, h->D * sizeof *h->tot);
        memset(h->jur, 0, h->p->n_jurisdictions * h->D * sizeof *h->jur);
        memset(h->half_cnt, 0, (m->n_half + 1) * sizeof *h->half_cnt);
        if (attempt > 0) {
            for (size_t i = h->L; i > 1; i--) {
                size_t j = (size_t)(sg_rand(&h->rng) % i), t = ord[i - 1];
                ord[i - 1] = ord[j];
                ord[j] = t;
            }
            for (size_t i = 0; i < h->L; i++)
                if ((long)ord[i] == failed) {
                    ord[i] = ord[0];
                    ord[0] = (size_t)failed;
                }
            h->noise = 0.5;
        }
        for (size_t l = 0; l < h->L; l++)
            for (size_t d = 0; d < h->D; d++)
                if (m->forced[l * h->D + d] == 1)
                    set(h, l, d, 1);
        meet_half(h);
        for (size_t l = 0; l < h->L; l++)
            lengthen_short_stops(h, l);
        failed = -1;
        for (size_t i = 0; i < h->L && failed < 0; i++)
            if (!construct_line(h, ord[i]))
                failed = (long)ord[i];
        if (failed < 0)
            break;
    }
    h->noise = 0;
    return failed;
}

static void shuffle(size_t *ord, size_t n, uint64_t *rng)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(sg_rand(rng) % i), t = ord[i - 1];
        ord[i - 1] = ord[j];
        ord[j] = t;
    }
}

/* Local search to a local optimum (or the time limit): the small moves until a pass
 * improves nothing, then a pass of best responses, and again while that gains.
 * Returns the passes made. */
static int local_search(heur *h, size_t *ord, uint64_t *rng, double t0, double limit)
{
    int improved = 1, passes = 0;
    while (improved && sg_now() - t0 < limit) {
        improved = 0;
        shuffle(ord, h->L, rng);
        for (size_t i = 0; i < h->L && sg_now() - t0 < limit; i++)
            improved |= improve_line(h, ord[i]);
        passes++;
        if (improved)
            continue;
        for (size_t i = 0; i < h->L && sg_now() - t0 < limit; i++)
            improved |= respond_line(h, ord[i]) > 0;
    }
    return passes;
}

/* Exchanges (respond_pair) between lines of one jurisdiction or one market region
 * where the second blocks the first, in seeded order, with best responses between
 * rounds, until a round gains nothing or the time limit. Returns the rounds. */
static int exchange_search(heur *h, size_t *ord, uint64_t *rng, double t0, double limit)
{
    int improved = 1, rounds = 0;
    const je_stagger_line *ln = h->p->lines;
    while (improved && sg_now() - t0 < limit) {
        improved = 0;
        shuffle(ord, h->L, rng);
        for (size_t i = 0; i < h->L && sg_now() - t0 < limit; i++) {
            size_t a = ord[i];
            if (h->m->exempt[a])
                continue;
            for (size_t j = 0; j < h->L; j++) {
                size_t b = ord[j];
                if (b == a || h->m->exempt[b] ||
                    (ln[a].jurisdiction != ln[b].jurisdiction && ln[a].region != ln[b].region) ||
                    !blocks(h, a, b))
                    continue;
                improved |= respond_pair(h, a, b) > 0;
            }
        }
        for (size_t i = 0; i < h->L && sg_now() - t0 < limit; i++)
            improved |= respond_line(h, ord[i]) > 0;
        rounds++;
    }
    return rounds;
}

static double stopped_weight(const heur *h)
{
    double s = 0;
    for (size_t k = 0; k < h->L * h->D; k++)
        if (h->x[k])
            s += h->p->weight[k] * h->m->capf[k];
    return s;
}

/* Small instances (up to this many line-days) are built ROUNDS times, the later
 * rounds with weights × (1 ± 0.3), keeping the best: greedy line by line packs
 * tight small instances badly, and a round costs there a few milliseconds. A fixed
 * count, not a time budget, keeps the result the same on every machine. */
#define SMALL_LINE_DAYS 5000
#define ROUNDS 8

je_status sg_solve_heuristic(const je_stagger_problem *p, const je_stagger_rules *r,
                             const sg_model *m, const je_stagger_options *o, uint8_t *stop,
                             je_stagger_result *res, je_error *err)
{
    heur h = {.p = p, .r = r, .m = m, .L = m->L, .D = m->D};
    double t0 = sg_now(), limit = o->time_limit_s > 0 ? o->time_limit_s : 60;
    size_t *ord = malloc(h.L * sizeof *ord);
    je_status st = ord ? setup(&h) : JE_ENOMEM;
    h.x = stop;
    if (st != JE_OK) {
        teardown(&h);
        free(ord);
        return je_error_set(err, JE_ENOMEM, "out of memory in the stagger heuristic");
    }
    size_t *otmp = malloc(h.L * sizeof *otmp);
    double *key = malloc(h.L * sizeof *key);
    if (!otmp || !key) {
        free(otmp);
        free(key);
        teardown(&h);
        free(ord);
        return je_error_set(err, JE_ENOMEM, "out of memory in the stagger heuristic");
    }
    for (size_t l = 0; l < h.L; l++) {
        ord[l] = l;
        key[l] = 0;
        for (size_t d = 0; d < h.D; d++)
            key[l] += wt(&h, l, d);
    }
    order_lines(ord, otmp, h.L, m, key);
    free(otmp);
    free(key);
    int rounds = h.L * h.D <= SMALL_LINE_DAYS ? ROUNDS : 1, passes = 0;
    size_t *ord0 = malloc(h.L * sizeof *ord0);
    uint8_t *best = rounds > 1 ? malloc(h.L * h.D) : NULL;
    if (!ord0 || (rounds > 1 && !best)) {
        free(ord0);
        free(best);
        teardown(&h);
        free(ord);
        return je_error_set(err, JE_ENOMEM, "out of memory in the stagger heuristic");
    }
    memcpy(ord0, ord, h.L * sizeof *ord);
    long failed = -1, moved = 0;
    double best_w = -1;
    uint64_t rng = o->seed ? o->seed : 1;
    for (int k = 0; k < rounds && (k == 0 || sg_now() - t0 < limit); k++) {
        memcpy(ord, ord0, h.L * sizeof *ord);
        long moved0 = h.moved;
        failed = construct(&h, ord, stop, 0x5eed + (uint64_t)k, k ? 0.3 : 0);
        if (failed >= 0)
            break;
        int n = local_search(&h, ord, &rng, t0, limit);
        double w = stopped_weight(&h);
        if (w > best_w) {
            best_w = w;
            passes = n;
            moved = h.moved - moved0;
            if (best)
                memcpy(best, stop, h.L * h.D);
        }
    }
    if (best_w >= 0 && best)
        memcpy(stop, best, h.L * h.D);
    free(best);
    free(ord0);
    if (best_w < 0) {
        res->status = JE_STAGGER_NO_SOLUTION;
        const char *code = p->lines[failed].code;
        snprintf(res->message, sizeof res->message,
                 "heuristic: no schedule found; line %s (#%ld) cannot meet its counting rules "
                 "with the others placed (try the MIP, which proves infeasibility)",
                 code ? code : "?", failed);
    } else {
        res->status = JE_STAGGER_FEASIBLE;
        snprintf(res->message, sizeof res->message,
                 "heuristic: feasible after %d pass(es) of local search; %ld stop(s) moved to "
                 "make room",
                 passes, moved);
    }
    teardown(&h);
    free(ord);
    return JE_OK;
}

je_status sg_improve_heuristic(const je_stagger_problem *p, const je_stagger_rules *r,
                               const sg_model *m, const je_stagger_options *o, int exchanges,
                               uint8_t *stop, int *out_passes)
{
    heur h = {.p = p, .r = r, .m = m, .L = m->L, .D = m->D};
    size_t LD = h.L * h.D;
    double t0 = sg_now(), limit = o->time_limit_s > 0 ? o->time_limit_s : 60;
    size_t *ord = malloc(h.L * sizeof *ord);
    uint8_t *copy = malloc(LD);
    je_status st = ord && copy ? setup(&h) : JE_ENOMEM;
    if (st != JE_OK) {
        teardown(&h);
        free(ord);
        free(copy);
        return je_error_set(NULL, JE_ENOMEM, "out of memory in the stagger heuristic");
    }
    /* the state (stopped capacity per region, jurisdiction and day; stop-half counts)
       of the given schedule, built as construction builds it */
    memcpy(copy, stop, LD);
    memset(stop, 0, LD);
    h.x = stop;
    for (size_t k = 0; k < LD; k++)
        if (copy[k])
            set(&h, k / h.D, k % h.D, 1);
    free(copy);
    for (size_t l = 0; l < h.L; l++)
        ord[l] = l;
    uint64_t rng = o->seed ? o->seed : 1;
    *out_passes = local_search(&h, ord, &rng, t0, limit);
    if (exchanges)
        *out_passes += exchange_search(&h, ord, &rng, t0, limit);
    teardown(&h);
    free(ord);
    return JE_OK;
}
