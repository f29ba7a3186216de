/*
 * stagger_heuristic.c — a fast schedule: greedy construction by weight, then local
 * search, every step keeping every rule.
 *
 * State: the schedule x and, per day, the capacity stopped per region, in all and
 * per jurisdiction, and the lines stopped per stop-half group, so a move's effect
 * on the coupling rules costs O(days moved). Locked days (alert stops, the fixed
 * past) are never touched.
 *
 * Construction, line by line (lines with the largest quota first): add a block of
 * days — a new stop of min_run_days, or one day extending a stop — choosing the
 * block that most reduces the line's unmet counting rules (settlement, quarter,
 * month rules) per day added, then the largest weight per day; blocks that would
 * break the total cap, the restart limit, supply or the jurisdiction share are
 * skipped. When nothing is owed, blocks of positive weight are added up to the
 * line's maximum. A line that cannot meet its rules makes the result NO_SOLUTION.
 *
 * Local search (first improvement, lines in a seeded order, until a pass improves
 * nothing or the time limit): (a) move a whole stop to another place, (b) move one
 * day from the end of a stop to the end of another (or the same) stop. A move is
 * kept when it raises the weight stopped and the line's rules (re-counted in full)
 * and the coupling rules still hold.
 */
#include "industry/stagger_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const je_stagger_problem *p;
    const je_stagger_rules *r;
    const sg_model *m;
    size_t L, D;
    uint8_t *x;
    double *reg, *tot, *jur;
    int *half_of, *half_cnt;
    size_t *cfirst, *cn;
    int *starts;  /* n_months scratch */
    int *cnt;     /* per count scratch */
    double noise; /* construction: weights scaled by 1 ± noise (later attempts) */
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

typedef struct {
    int a, len;
    double red, w; /* per day */
} cand;

static int better(const cand *c, const cand *best)
{
    if (best->len == 0)
        return 1;
    if (c->red > best->red + EPS)
        return 1;
    if (c->red < best->red - EPS)
        return 0;
    return c->w > best->w + EPS;
}

/* Evaluate adding zeros [a, a+len) to line l; 0 if not allowed. */
static int eval_block(heur *h, size_t l, int a, int len, int total, cand *out)
{
    const uint8_t *row = h->x + l * h->D;
    const sg_model *m = h->m;
    int D = (int)h->D;
    if (total + len > m->total_max[l])
        return 0;
    double w = 0;
    for (int d = a; d < a + len; d++) {
        if (row[d] || locked(h, l, (size_t)d) || !can_add(h, l, (size_t)d))
            return 0;
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
    double red = 0;
    for (size_t k = h->cfirst[l]; k < h->cfirst[l] + h->cn[l]; k++) {
        const sg_count *c = &m->counts[k];
        int def = c->need - h->cnt[k];
        if (def <= 0)
            continue;
        int lo = a > c->from ? a : c->from, hi = a + len < c->to ? a + len : c->to;
        int in = hi - lo;
        red += in < def ? (in > 0 ? in : 0) : def;
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
    for (size_t k = h->cfirst[l]; k < h->cfirst[l] + h->cn[l]; k++) {
        const sg_count *c = &m->counts[k];
        int n = 0;
        for (int d = c->from; d < c->to; d++)
            n += row[d];
        h->cnt[k] = n;
        *deficit += n < c->need ? c->need - n : 0;
    }
    memset(h->starts, 0, m->n_months * sizeof *h->starts);
    *total = 0;
    for (size_t d = 0; d < h->D; d++) {
        *total += row[d];
        if (row[d] && (d == 0 || !row[d - 1]) && sg_counts_as_restart(h->p, m, l, d))
            h->starts[m->month_of_day[d]]++;
    }
}

static int construct_line(heur *h, size_t l)
{
    int D = (int)h->D, Lr = h->r->min_run_days;
    for (;;) {
        int total, deficit;
        line_state(h, l, &total, &deficit);
        const uint8_t *row = h->x + l * h->D;
        cand best = {0, 0, 0, 0}, c;
        for (int a = 0; a < D; a++) {
            int adj = (a > 0 && row[a - 1]) || (a + 1 < D && row[a + 1]);
            if ((adj || Lr == 1 || a == D - 1) && eval_block(h, l, a, 1, total, &c) &&
                better(&c, &best))
                best = c;
            int len = a + Lr <= D ? Lr : D - a;
            if (len > 1 && eval_block(h, l, a, len, total, &c) && better(&c, &best))
                best = c;
        }
        if (best.len == 0 || (deficit == 0 && !(best.w > 0)) || (deficit > 0 && best.red <= 0))
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
    if (!h->reg || !h->tot || !h->jur || !h->half_of || !h->half_cnt || !h->cfirst || !h->cn ||
        !h->starts || !h->cnt)
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

static int by_quota_desc(const void *a, const void *b, const sg_model *m)
{
    int qa = m->total_min[*(const size_t *)a], qb = m->total_min[*(const size_t *)b];
    return (qa < qb) - (qa > qb);
}

/* Insertion sort keeps it deterministic and free of a global for qsort's context. */
static void order_lines(size_t *ord, size_t n, const sg_model *m)
{
    for (size_t i = 1; i < n; i++) {
        size_t v = ord[i], j = i;
        while (j > 0 && by_quota_desc(&ord[j - 1], &v, m) > 0) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = v;
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
 * the failing line first, the rest shuffled, and noisy weights. Returns −1 on
 * success, else a line that could not meet its rules. */
static long construct(heur *h, size_t *ord, uint8_t *stop)
{
    const sg_model *m = h->m;
    long failed = -1;
    h->rng = 0x5eed;
    for (int attempt = 0; attempt < 30; attempt++) {
        if (attempt > 0) {
            memset(stop, 0, h->L * h->D);
            memset(h->reg, 0, h->p->n_regions * h->D * sizeof *h->reg);
            memset(h->tot, 0, h->D * sizeof *h->tot);
            memset(h->jur, 0, h->p->n_jurisdictions * h->D * sizeof *h->jur);
            memset(h->half_cnt, 0, (m->n_half + 1) * sizeof *h->half_cnt);
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
    for (size_t l = 0; l < h.L; l++)
        ord[l] = l;
    order_lines(ord, h.L, m);
    long failed = construct(&h, ord, stop);
    if (failed >= 0) {
        res->status = JE_STAGGER_NO_SOLUTION;
        const char *code = p->lines[failed].code;
        snprintf(res->message, sizeof res->message,
                 "heuristic: no schedule found; line %s (#%ld) cannot meet its counting rules "
                 "with the others placed (try the MIP, which proves infeasibility)",
                 code ? code : "?", failed);
    } else {
        uint64_t rng = o->seed ? o->seed : 1;
        int improved = 1, passes = 0;
        while (improved && sg_now() - t0 < limit) {
            improved = 0;
            for (size_t i = h.L; i > 1; i--) {
                size_t j = (size_t)(sg_rand(&rng) % i), t = ord[i - 1];
                ord[i - 1] = ord[j];
                ord[j] = t;
            }
            for (size_t i = 0; i < h.L && sg_now() - t0 < limit; i++)
                improved |= improve_line(&h, ord[i]);
            passes++;
        }
        res->status = JE_STAGGER_FEASIBLE;
        snprintf(res->message, sizeof res->message, "heuristic: feasible after %d pass(es)",
                 passes);
    }
    teardown(&h);
    free(ord);
    return JE_OK;
}
