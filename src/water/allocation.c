/*
 * allocation.c — the monthly network-flow LP of an allocation scheme and its solve
 * by priority (allocation.h; the formulation is written out in docs/allocation.md).
 *
 * How: one LP covers all twelve months (they are independent but for yearly shares).
 * Columns, month-major inside each block:
 *   flow  x[l][t]  0 … capacity (lower bound the ecological minimum)
 *   del   d[k][t]  0 … demand
 *   out   o[n][t]  ≥ 0, outlets only
 *   (relaxation only) eco slack per link-month with a minimum, excess slack per
 *   non-outlet node-month, and an under/over slack per share row.
 * Rows: a balance per node and month, a return row per return link and month, two
 * rows per share party and period, and in lexicographic mode one row per already
 * served priority level fixing its delivered total.
 *
 * solver.h offers no way to change costs or bounds of a built model, so each stage
 * builds its LP afresh (cheap next to the solve). When the first stage is
 * infeasible, a relaxation (every hard constraint with a slack, minimise the sum of
 * slacks) says which constraints are in the way; its positive slacks become issues.
 */
#include "jointenv/allocation.h"

#include "jointenv/solver.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define M JE_ALLOC_MONTHS
#define DIVERSION_COST 1e-6 /* per hm³ on diversion links: canals carry only used water */
#define ISSUE_TOL 1e-6      /* slacks above this (hm³) are reported */
#define WEIGHTED_MAX_LEVELS 4

typedef struct model {
    const je_alloc_scheme *s;
    const double *inflow; /* n_nodes × 12 */
    int relax;            /* build the slack relaxation */
    int named;            /* give columns and rows names (for LP files) */
    /* per stage */
    const double *level_weight; /* per demand: objective weight (maximised), or NULL */
    const int *fixed_level;     /* priorities fixed so far (count n_fixed) */
    const double *fixed_total;  /* their delivered totals */
    int n_fixed;
    const double *d_lo; /* per demand-month lower bound (equal cuts of fixed levels), or NULL */
    int fair_level;     /* priority whose worst cut ratio z is minimised (equal cuts), or 0 */
    int c_z;            /* the column of z */
    /* layout */
    int c_flow, c_del, c_out, c_eco, c_spill, c_share;
    int *out_col; /* per node: first outflow column or −1 */
    int *eco_col; /* per link-month: eco slack column or −1 (relax) */
    int n_share_rows;
    size_t nnz;
    /* adjacency, CSR over nodes */
    size_t *in_start, *out_start, *dem_start, *ret_start; /* ret_start: over links */
    int *in_link, *out_link, *dem_at, *ret_dem;
    /* row buffer */
    int *idx;
    double *val;
    je_lp *lp;
} model;

/* CSR lists: for each node, the links entering, the links leaving (not return), the
 * demands withdrawing there. */
static int build_adjacency(model *m)
{
    const je_alloc_scheme *s = m->s;
    size_t nn = s->n_nodes;
    m->in_start = calloc(nn + 1, sizeof *m->in_start);
    m->out_start = calloc(nn + 1, sizeof *m->out_start);
    m->dem_start = calloc(nn + 1, sizeof *m->dem_start);
    m->in_link = malloc((s->n_links + 1) * sizeof *m->in_link);
    m->out_link = malloc((s->n_links + 1) * sizeof *m->out_link);
    m->dem_at = malloc((s->n_demands + 1) * sizeof *m->dem_at);
    m->ret_start = calloc(s->n_links + 1, sizeof *m->ret_start);
    m->ret_dem = malloc((s->n_demands + 1) * sizeof *m->ret_dem);
    size_t *fill = calloc((nn > s->n_links ? nn : s->n_links) + 1, sizeof *fill);
    if (!m->in_start || !m->out_start || !m->dem_start || !m->in_link || !m->out_link ||
        !m->dem_at || !m->ret_start || !m->ret_dem || !fill) {
        free(fill);
        return 0;
    }
    for (size_t k = 0; k < s->n_demands; k++)
        if (s->demands[k].return_link >= 0)
            m->ret_start[s->demands[k].return_link + 1]++;
    for (size_t l = 0; l < s->n_links; l++)
        m->ret_start[l + 1] += m->ret_start[l];
    for (size_t k = 0; k < s->n_demands; k++) {
        int l = s->demands[k].return_link;
        if (l >= 0)
            m->ret_dem[m->ret_start[l] + fill[l]++] = (int)k;
    }
    memset(fill, 0, (nn + 1) * sizeof *fill);
    for (size_t l = 0; l < s->n_links; l++) {
        m->in_start[s->links[l].to + 1]++;
        if (s->links[l].kind != JE_ALLOC_RETURN)
            m->out_start[s->links[l].from + 1]++;
    }
    for (size_t k = 0; k < s->n_demands; k++)
        m->dem_start[s->demands[k].node + 1]++;
    for (size_t n = 0; n < nn; n++) {
        m->in_start[n + 1] += m->in_start[n];
        m->out_start[n + 1] += m->out_start[n];
        m->dem_start[n + 1] += m->dem_start[n];
    }
    for (size_t l = 0; l < s->n_links; l++) {
        int t = s->links[l].to;
        m->in_link[m->in_start[t] + fill[t]++] = (int)l;
    }
    memset(fill, 0, (nn + 1) * sizeof *fill);
    for (size_t l = 0; l < s->n_links; l++) {
        if (s->links[l].kind == JE_ALLOC_RETURN)
            continue;
        int f = s->links[l].from;
        m->out_link[m->out_start[f] + fill[f]++] = (int)l;
    }
    memset(fill, 0, (nn + 1) * sizeof *fill);
    for (size_t k = 0; k < s->n_demands; k++) {
        int n = s->demands[k].node;
        m->dem_at[m->dem_start[n] + fill[n]++] = (int)k;
    }
    free(fill);
    return 1;
}

static void model_free(model *m)
{
    free(m->in_start);
    free(m->out_start);
    free(m->dem_start);
    free(m->in_link);
    free(m->out_link);
    free(m->dem_at);
    free(m->ret_start);
    free(m->ret_dem);
    free(m->out_col);
    free(m->eco_col);
    free(m->idx);
    free(m->val);
    je_lp_free(m->lp);
    m->lp = NULL;
}

static je_status add_col(model *m, double lo, double hi, double cost, const char *kind,
                         const char *id, int t, je_error *err)
{
    char name[128];
    if (m->named)
        snprintf(name, sizeof name, "%s_%s_%02d", kind, id, t + 1);
    return je_lp_add_col(m->lp, lo, hi, cost, 0, m->named ? name : NULL, NULL, err);
}

static je_status add_row(model *m, size_t n, double lo, double hi, const char *kind, const char *id,
                         int t, je_error *err)
{
    char name[128];
    if (m->named) {
        if (t >= 0)
            snprintf(name, sizeof name, "%s_%s_%02d", kind, id, t + 1);
        else
            snprintf(name, sizeof name, "%s_%s_year", kind, id);
    }
    m->nnz += n;
    return je_lp_add_row(m->lp, n, m->idx, m->val, lo, hi, m->named ? name : NULL, NULL, err);
}

static je_status add_columns(model *m, je_error *err)
{
    const je_alloc_scheme *s = m->s;
    je_status st = JE_OK;
    m->c_flow = 0;
    for (size_t l = 0; l < s->n_links && st == JE_OK; l++) {
        const je_alloc_link *lk = &s->links[l];
        double cost = lk->kind == JE_ALLOC_DIVERSION && !m->relax ? DIVERSION_COST : 0;
        for (int t = 0; t < M && st == JE_OK; t++)
            st = add_col(m, m->relax ? 0 : lk->eco_min_hm3[t], lk->capacity_hm3[t], cost, "f",
                         lk->id, t, err);
    }
    m->c_del = je_lp_ncols(m->lp);
    for (size_t k = 0; k < s->n_demands && st == JE_OK; k++) {
        const je_alloc_demand *d = &s->demands[k];
        double w = m->level_weight ? -m->level_weight[k] : 0; /* minimise −w·d */
        for (int t = 0; t < M && st == JE_OK; t++) {
            double hi = d->volume_hm3[t];
            double lo = m->d_lo ? fmin(hi, fmax(0, m->d_lo[k * M + (size_t)t])) : 0;
            st = add_col(m, lo, hi, w, "d", d->id, t, err);
        }
    }
    m->c_out = je_lp_ncols(m->lp);
    for (size_t n = 0; n < s->n_nodes && st == JE_OK; n++) {
        m->out_col[n] = -1;
        if (s->nodes[n].kind != JE_ALLOC_OUTLET)
            continue;
        m->out_col[n] = je_lp_ncols(m->lp);
        for (int t = 0; t < M && st == JE_OK; t++)
            st = add_col(m, 0, INFINITY, 0, "o", s->nodes[n].code, t, err);
    }
    m->c_z = -1;
    if (m->fair_level && st == JE_OK) {
        m->c_z = je_lp_ncols(m->lp);
        st = add_col(m, 0, 1, 1, "z", "cut", -1, err);
    }
    if (!m->relax || st != JE_OK)
        return st;
    m->c_eco = je_lp_ncols(m->lp);
    for (size_t l = 0; l < s->n_links && st == JE_OK; l++)
        for (int t = 0; t < M && st == JE_OK; t++) {
            m->eco_col[l * M + (size_t)t] = -1;
            if (s->links[l].eco_min_hm3[t] > 0) {
                m->eco_col[l * M + (size_t)t] = je_lp_ncols(m->lp);
                st = add_col(m, 0, INFINITY, 1, "eco_slack", s->links[l].id, t, err);
            }
        }
    m->c_spill = je_lp_ncols(m->lp);
    for (size_t n = 0; n < s->n_nodes && st == JE_OK; n++)
        for (int t = 0; t < M && st == JE_OK; t++)
            st = add_col(m, 0, s->nodes[n].kind == JE_ALLOC_OUTLET ? 0 : INFINITY, 1, "excess",
                         s->nodes[n].code, t, err);
    return st;
}

static int dcol(const model *m, size_t k, int t)
{
    return m->c_del + (int)(k * M) + t;
}

static int fcol(const model *m, size_t l, int t)
{
    return m->c_flow + (int)(l * M) + t;
}

/* Balance of node n in month t: in − out − withdrawals (net of own returns) − outflow
 * (− excess) = −inflow. */
static je_status balance_row(model *m, size_t n, int t, je_error *err)
{
    const je_alloc_scheme *s = m->s;
    size_t q = 0;
    for (size_t k = m->in_start[n]; k < m->in_start[n + 1]; k++) {
        int l = m->in_link[k];
        m->idx[q] = fcol(m, (size_t)l, t);
        m->val[q++] = 1.0 - s->links[l].loss;
    }
    for (size_t k = m->out_start[n]; k < m->out_start[n + 1]; k++) {
        m->idx[q] = fcol(m, (size_t)m->out_link[k], t);
        m->val[q++] = -1.0;
    }
    for (size_t k = m->dem_start[n]; k < m->dem_start[n + 1]; k++) {
        const je_alloc_demand *d = &s->demands[m->dem_at[k]];
        double c = d->return_link < 0 ? -d->consumptive : -1.0;
        if (c == 0)
            continue;
        m->idx[q] = dcol(m, (size_t)m->dem_at[k], t);
        m->val[q++] = c;
    }
    if (m->out_col[n] >= 0) {
        m->idx[q] = m->out_col[n] + t;
        m->val[q++] = -1.0;
    }
    if (m->relax && s->nodes[n].kind != JE_ALLOC_OUTLET) {
        m->idx[q] = m->c_spill + (int)(n * M) + t;
        m->val[q++] = -1.0;
    }
    double rhs = -m->inflow[n * M + (size_t)t];
    return add_row(m, q, rhs, rhs, "bal", s->nodes[n].code, t, err);
}

/* A return link carries the non-consumed part of the demands that use it. */
static je_status return_row(model *m, size_t l, int t, je_error *err)
{
    const je_alloc_scheme *s = m->s;
    size_t q = 0;
    m->idx[q] = fcol(m, l, t);
    m->val[q++] = 1.0;
    for (size_t j = m->ret_start[l]; j < m->ret_start[l + 1]; j++) {
        size_t k = (size_t)m->ret_dem[j];
        if (s->demands[k].consumptive < 1) {
            m->idx[q] = dcol(m, k, t);
            m->val[q++] = -(1.0 - s->demands[k].consumptive);
        }
    }
    return add_row(m, q, 0, 0, "ret", s->links[l].id, t, err);
}

static int share_scope(const je_alloc_share *sh, const je_alloc_demand *d)
{
    if (!(sh->sectors & (1u << d->sector)))
        return 0;
    if (!sh->nodes)
        return 1;
    for (size_t k = 0; k < sh->n_nodes; k++)
        if (sh->nodes[k] == d->node)
            return 1;
    return 0;
}

static int party_of(const je_alloc_share *sh, const je_alloc_demand *d)
{
    if (!share_scope(sh, d))
        return -1;
    for (size_t j = 0; j < sh->n_parties; j++)
        if (strcmp(sh->parties[j].jurisdiction, d->jurisdiction) == 0)
            return (int)j;
    return -1;
}

/* D_j − f·T ≥ 0 (lower, f = share − tol) or ≤ 0 (upper, f = share + tol) over the
 * months t0 … t1 − 1. */
static je_status share_row(model *m, size_t si, size_t j, int upper, int t0, int t1, je_error *err)
{
    const je_alloc_scheme *s = m->s;
    const je_alloc_share *sh = &s->shares[si];
    double f = sh->parties[j].share + (upper ? sh->tolerance : -sh->tolerance);
    if ((!upper && f <= 0) || (upper && f >= 1))
        return JE_OK;
    size_t q = 0;
    for (size_t k = 0; k < s->n_demands; k++) {
        int pj = party_of(sh, &s->demands[k]);
        if (pj < 0)
            continue;
        double c = (pj == (int)j ? 1.0 : 0.0) - f;
        for (int t = t0; t < t1; t++) {
            m->idx[q] = dcol(m, k, t);
            m->val[q++] = c;
        }
    }
    if (m->relax) {
        int col;
        char id[64];
        snprintf(id, sizeof id, "%s_%s_%s", sh->id, sh->parties[j].jurisdiction,
                 upper ? "hi" : "lo");
        je_status st = je_lp_add_col(m->lp, 0, INFINITY, 1, 0, NULL, &col, err);
        if (st != JE_OK)
            return st;
        m->idx[q] = col;
        m->val[q++] = upper ? -1.0 : 1.0;
    }
    m->n_share_rows++;
    char id[64];
    snprintf(id, sizeof id, "%s_%s_%s", sh->id, sh->parties[j].jurisdiction, upper ? "hi" : "lo");
    return add_row(m, q, upper ? -INFINITY : 0, upper ? 0 : INFINITY, "share", id,
                   t1 - t0 == 1 ? t0 : -1, err);
}

static je_status add_rows(model *m, je_error *err)
{
    const je_alloc_scheme *s = m->s;
    je_status st = JE_OK;
    for (size_t n = 0; n < s->n_nodes && st == JE_OK; n++)
        for (int t = 0; t < M && st == JE_OK; t++)
            st = balance_row(m, n, t, err);
    for (size_t l = 0; l < s->n_links && st == JE_OK; l++)
        for (int t = 0; t < M && st == JE_OK && s->links[l].kind == JE_ALLOC_RETURN; t++)
            st = return_row(m, l, t, err);
    for (size_t l = 0; m->relax && l < s->n_links && st == JE_OK; l++)
        for (int t = 0; t < M && st == JE_OK; t++) {
            int c = m->eco_col[l * M + (size_t)t];
            if (c < 0)
                continue;
            m->idx[0] = fcol(m, l, t);
            m->val[0] = 1;
            m->idx[1] = c;
            m->val[1] = 1;
            st = add_row(m, 2, s->links[l].eco_min_hm3[t], INFINITY, "eco", s->links[l].id, t, err);
        }
    m->c_share = je_lp_ncols(m->lp);
    for (size_t si = 0; si < s->n_shares && st == JE_OK; si++) {
        const je_alloc_share *sh = &s->shares[si];
        int periods = sh->per_month ? M : 1;
        for (int p = 0; p < periods && st == JE_OK; p++) {
            int t0 = sh->per_month ? p : 0, t1 = sh->per_month ? p + 1 : M;
            for (size_t j = 0; j < sh->n_parties && st == JE_OK; j++) {
                st = share_row(m, si, j, 0, t0, t1, err);
                if (st == JE_OK)
                    st = share_row(m, si, j, 1, t0, t1, err);
            }
        }
    }
    /* equal cuts: d ≥ D·(1 − z) for every demand-month of the fair level */
    for (size_t k = 0; m->fair_level && k < s->n_demands && st == JE_OK; k++) {
        if (s->demands[k].priority != m->fair_level)
            continue;
        for (int t = 0; t < M && st == JE_OK; t++) {
            double want = s->demands[k].volume_hm3[t];
            if (want <= 0)
                continue;
            m->idx[0] = dcol(m, k, t);
            m->val[0] = 1;
            m->idx[1] = m->c_z;
            m->val[1] = want;
            st = add_row(m, 2, want, INFINITY, "cut", s->demands[k].id, t, err);
        }
    }
    for (int f = 0; f < m->n_fixed && st == JE_OK; f++) {
        size_t q = 0;
        for (size_t k = 0; k < s->n_demands; k++)
            if (s->demands[k].priority == m->fixed_level[f])
                for (int t = 0; t < M; t++) {
                    m->idx[q] = dcol(m, k, t);
                    m->val[q++] = 1.0;
                }
        double a = m->fixed_total[f];
        char id[16];
        snprintf(id, sizeof id, "P%d", m->fixed_level[f]);
        st = add_row(m, q, a - 1e-9 * fabs(a) - 1e-7, INFINITY, "level", id, -1, err);
    }
    return st;
}

/* Build the LP of one stage into m->lp. */
static je_status build(model *m, je_error *err)
{
    je_lp_free(m->lp);
    m->lp = NULL;
    m->nnz = 0;
    m->n_share_rows = 0;
    je_status st = je_lp_new(JE_LP_MINIMIZE, &m->lp, err);
    if (st == JE_OK)
        st = add_columns(m, err);
    if (st == JE_OK)
        st = add_rows(m, err);
    return st;
}

/* ---- results ---------------------------------------------------------------- */

static void month_label(const je_alloc_scheme *s, int t, char *buf, size_t size)
{
    if (t < 0)
        snprintf(buf, size, "%04d", s->year);
    else
        snprintf(buf, size, "%04d-%02d", s->year, t + 1);
}

static je_status add_issue(je_alloc_result *res, je_alloc_issue_kind kind, int index, int month,
                           double v, const char *msg)
{
    je_alloc_issue *b = realloc(res->issues, (res->n_issues + 1) * sizeof *b);
    if (!b)
        return JE_ENOMEM;
    res->issues = b;
    je_alloc_issue *is = &b[res->n_issues++];
    is->kind = kind;
    is->index = index;
    is->month = month;
    is->shortfall_hm3 = v;
    snprintf(is->message, sizeof is->message, "%s", msg);
    return JE_OK;
}

/* Name the positive slacks of a solved relaxation. */
static je_status collect_issues(const model *m, const double *x, je_alloc_result *res)
{
    const je_alloc_scheme *s = m->s;
    char msg[256], when[16];
    je_status st = JE_OK;
    for (size_t l = 0; l < s->n_links && st == JE_OK; l++)
        for (int t = 0; t < M && st == JE_OK; t++) {
            int c = m->eco_col[l * M + (size_t)t];
            if (c < 0 || x[c] <= ISSUE_TOL)
                continue;
            const je_alloc_link *lk = &s->links[l];
            month_label(s, t, when, sizeof when);
            snprintf(msg, sizeof msg,
                     "link %s%s%s%s in %s: ecological minimum %.4g hm3, at most %.4g hm3 can "
                     "flow there: shortfall %.4g hm3",
                     lk->id, lk->section[0] ? " (section " : "", lk->section,
                     lk->section[0] ? ")" : "", when, lk->eco_min_hm3[t], x[fcol(m, l, t)], x[c]);
            st = add_issue(res, JE_ALLOC_ISSUE_ECO_FLOW, (int)l, t, x[c], msg);
        }
    for (size_t n = 0; n < s->n_nodes && st == JE_OK; n++)
        for (int t = 0; t < M && st == JE_OK; t++) {
            double v = x[m->c_spill + (int)(n * M) + t];
            if (v <= ISSUE_TOL)
                continue;
            month_label(s, t, when, sizeof when);
            snprintf(msg, sizeof msg,
                     "node %s in %s: %.4g hm3 more water arrives than its outgoing links can "
                     "carry (raise a capacity or add a link)",
                     s->nodes[n].code, when, v);
            st = add_issue(res, JE_ALLOC_ISSUE_EXCESS, (int)n, t, v, msg);
        }
    int col = m->c_share;
    for (size_t si = 0; si < s->n_shares && st == JE_OK; si++) {
        const je_alloc_share *sh = &s->shares[si];
        int periods = sh->per_month ? M : 1;
        for (int p = 0; p < periods; p++)
            for (size_t j = 0; j < sh->n_parties; j++)
                for (int upper = 0; upper < 2; upper++) {
                    double f = sh->parties[j].share + (upper ? sh->tolerance : -sh->tolerance);
                    if ((!upper && f <= 0) || (upper && f >= 1))
                        continue;
                    double v = x[col++];
                    if (v <= ISSUE_TOL || st != JE_OK)
                        continue;
                    month_label(s, sh->per_month ? p : -1, when, sizeof when);
                    snprintf(msg, sizeof msg,
                             "share %s in %s: %s's delivered water cannot be kept %s %.4g of the "
                             "total: off by %.4g hm3",
                             sh->id, when, sh->parties[j].jurisdiction,
                             upper ? "at most" : "at least", f, v);
                    st = add_issue(res, JE_ALLOC_ISSUE_SHARE, (int)si, sh->per_month ? p : -1, v,
                                   msg);
                }
    }
    return st;
}

static void take_solution(const model *m, const double *x, je_alloc_result *res)
{
    const je_alloc_scheme *s = m->s;
    for (size_t l = 0; l < s->n_links; l++)
        for (int t = 0; t < M; t++)
            res->flow_hm3[l * M + (size_t)t] = fmax(0, x[fcol(m, l, t)]);
    for (size_t k = 0; k < s->n_demands; k++)
        for (int t = 0; t < M; t++)
            res->delivered_hm3[k * M + (size_t)t] = fmax(0, x[dcol(m, k, t)]);
    for (size_t n = 0; n < s->n_nodes; n++)
        for (int t = 0; t < M; t++)
            res->outflow_hm3[n * M + (size_t)t] =
                m->out_col[n] >= 0 ? fmax(0, x[m->out_col[n] + t]) : 0;
}

/* ---- solve ------------------------------------------------------------------ */

void je_alloc_options_default(je_alloc_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->mode = JE_ALLOC_LEXICOGRAPHIC;
    o->inflow_factor = 1;
}

void je_alloc_result_free(je_alloc_result *res)
{
    if (!res)
        return;
    free(res->issues);
    free(res->inflow_hm3);
    free(res->flow_hm3);
    free(res->delivered_hm3);
    free(res->outflow_hm3);
    memset(res, 0, sizeof *res);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Distinct priorities with a positive demand, ascending. Returns the count. */
static int priority_levels(const je_alloc_scheme *s, int *levels)
{
    int n = 0;
    for (size_t k = 0; k < s->n_demands; k++) {
        double v = 0;
        for (int t = 0; t < M; t++)
            v += s->demands[k].volume_hm3[t];
        if (v <= 0)
            continue;
        int seen = 0;
        for (int i = 0; i < n && !seen; i++)
            seen = levels[i] == s->demands[k].priority;
        if (!seen)
            levels[n++] = s->demands[k].priority;
    }
    qsort(levels, (size_t)n, sizeof *levels, cmp_int);
    return n;
}

static je_status solve_stage(model *m, const je_alloc_options *o, je_alloc_result *res,
                             je_lp_result *lr, int first, je_error *err)
{
    je_status st = build(m, err);
    if (st != JE_OK)
        return st;
    if (first && !m->relax) {
        res->lp_rows = je_lp_nrows(m->lp);
        res->lp_cols = je_lp_ncols(m->lp);
        res->lp_nonzeros = m->nnz;
        if (o->lp_path && (st = je_lp_write(m->lp, o->lp_path, err)) != JE_OK)
            return st;
    }
    je_lp_params prm = {.time_limit_s = o->time_limit_s, .rel_gap = 1e-9};
    st = je_lp_solve(m->lp, &prm, lr, err);
    res->solves++;
    res->seconds += lr->seconds;
    if (st != JE_OK)
        return st;
    if (lr->status == JE_LP_OPTIMAL || lr->status == JE_LP_INFEASIBLE)
        return JE_OK;
    st = je_error_set(err, JE_ESOLVER, "the allocation LP%s ended %s after %.1f s",
                      m->relax ? " relaxation" : "", je_lp_status_name(lr->status), lr->seconds);
    je_lp_result_free(lr);
    return st;
}

/* The relaxation after an infeasible first stage: fills res->issues. */
static je_status diagnose(model *m, const je_alloc_options *o, je_alloc_result *res, je_error *err)
{
    m->relax = 1;
    m->level_weight = NULL;
    m->n_fixed = 0;
    m->d_lo = NULL;
    m->fair_level = 0;
    je_lp_result lr;
    je_status st = solve_stage(m, o, res, &lr, 0, err);
    if (st != JE_OK)
        return st;
    if (lr.status != JE_LP_OPTIMAL) {
        je_lp_result_free(&lr);
        return je_error_set(err, JE_ESOLVER, "the allocation relaxation is %s",
                            je_lp_status_name(lr.status));
    }
    st = collect_issues(m, lr.x, res);
    je_lp_result_free(&lr);
    if (st != JE_OK)
        return je_error_set(err, st, "out of memory");
    if (res->n_issues == 0)
        add_issue(res, JE_ALLOC_ISSUE_EXCESS, -1, -1, 0,
                  "the LP is infeasible but its relaxation names no constraint (numerical "
                  "trouble; check for very large or very small volumes)");
    return JE_OK;
}

static je_status check_options(const je_alloc_scheme *s, const je_alloc_options *o, je_error *err)
{
    if (o->mode != JE_ALLOC_LEXICOGRAPHIC && o->mode != JE_ALLOC_WEIGHTED)
        return je_error_set(err, JE_EINVAL, "unknown priority mode %d", (int)o->mode);
    if (!(o->inflow_factor >= 0) || !isfinite(o->inflow_factor) || o->inflow_factor > 1e6)
        return je_error_set(err, JE_EINVAL, "the inflow factor must be a number >= 0 (got %g)",
                            o->inflow_factor);
    if (!(o->time_limit_s >= 0))
        return je_error_set(err, JE_EINVAL, "the time limit must be >= 0 seconds");
    for (size_t i = 0; o->inflow_hm3 && i < s->n_nodes * M; i++)
        if (!(o->inflow_hm3[i] >= 0) || !isfinite(o->inflow_hm3[i]))
            return je_error_set(err, JE_EINVAL, "inflow of node %s month %zu must be >= 0",
                                s->nodes[i / M].code, i % M + 1);
    return JE_OK;
}

static je_status alloc_arrays(const je_alloc_scheme *s, je_alloc_result *res)
{
    res->inflow_hm3 = calloc(s->n_nodes * M + 1, sizeof *res->inflow_hm3);
    res->flow_hm3 = calloc(s->n_links * M + 1, sizeof *res->flow_hm3);
    res->delivered_hm3 = calloc(s->n_demands * M + 1, sizeof *res->delivered_hm3);
    res->outflow_hm3 = calloc(s->n_nodes * M + 1, sizeof *res->outflow_hm3);
    return res->inflow_hm3 && res->flow_hm3 && res->delivered_hm3 && res->outflow_hm3 ? JE_OK
                                                                                      : JE_ENOMEM;
}

/* The stages proper, after set-up. */
/* Total delivered at priority `level`, and the shortage, in res. */
static void level_totals(const je_alloc_scheme *s, const je_alloc_result *res, int level,
                         double *out_got, double *out_short)
{
    double got = 0, miss = 0;
    for (size_t k = 0; k < s->n_demands; k++)
        if (s->demands[k].priority == level)
            for (int t = 0; t < M; t++) {
                double g = res->delivered_hm3[k * M + (size_t)t];
                got += g;
                miss += fmax(0, s->demands[k].volume_hm3[t] - g);
            }
    *out_got = got;
    *out_short = miss;
}

/* Equal cuts after level g's total is fixed: minimise the worst cut ratio z of the
 * level, then bound every demand-month of the level below by D·(1 − z) in d_lo. */
static je_status equal_cuts(model *m, const je_alloc_options *o, je_alloc_result *res, int level,
                            double *weight, double *d_lo, je_error *err)
{
    const je_alloc_scheme *s = m->s;
    for (size_t k = 0; k < s->n_demands; k++)
        weight[k] = 0;
    m->fair_level = level;
    je_lp_result lr;
    je_status st = solve_stage(m, o, res, &lr, 0, err);
    m->fair_level = 0;
    if (st != JE_OK)
        return st;
    if (lr.status != JE_LP_OPTIMAL) {
        je_lp_result_free(&lr);
        return je_error_set(err, JE_ESOLVER,
                            "the equal-cuts stage of priority %d is %s (numerical trouble)", level,
                            je_lp_status_name(lr.status));
    }
    double z = fmin(1, lr.x[m->c_z]);
    take_solution(m, lr.x, res);
    je_lp_result_free(&lr);
    for (size_t k = 0; k < s->n_demands; k++)
        if (s->demands[k].priority == level)
            for (int t = 0; t < M; t++) {
                double want = s->demands[k].volume_hm3[t];
                d_lo[k * M + (size_t)t] = want * (1 - z) - 1e-9 * want - 1e-7;
            }
    return JE_OK;
}

static je_status run_stages(model *m, const je_alloc_options *o, je_alloc_result *res, int *levels,
                            int n_levels, double *weight, double *fixed_total, double *d_lo,
                            je_error *err)
{
    const je_alloc_scheme *s = m->s;
    int stages = o->mode == JE_ALLOC_WEIGHTED || n_levels == 0 ? 1 : n_levels;
    m->fixed_level = levels;
    m->fixed_total = fixed_total;
    m->d_lo = o->equal_cuts ? d_lo : NULL;
    for (int g = 0; g < stages; g++) {
        for (size_t k = 0; k < s->n_demands; k++) {
            int rank = 0;
            while (rank < n_levels && levels[rank] != s->demands[k].priority)
                rank++;
            if (o->mode == JE_ALLOC_WEIGHTED)
                weight[k] = rank < n_levels ? pow(1000.0, n_levels - 1 - rank) : 0;
            else
                weight[k] = rank == g ? 1.0 : 0.0;
        }
        m->level_weight = weight;
        m->n_fixed = o->mode == JE_ALLOC_WEIGHTED ? 0 : g;
        je_lp_result lr;
        je_status st = solve_stage(m, o, res, &lr, g == 0, err);
        if (st != JE_OK)
            return st;
        if (lr.status == JE_LP_INFEASIBLE) {
            je_lp_result_free(&lr);
            if (g > 0)
                return je_error_set(err, JE_ESOLVER,
                                    "stage %d of the allocation became infeasible after fixing "
                                    "priority %d (numerical trouble)",
                                    g + 1, levels[g - 1]);
            res->feasible = 0;
            return diagnose(m, o, res, err);
        }
        take_solution(m, lr.x, res);
        je_lp_result_free(&lr);
        if (g < n_levels && o->mode == JE_ALLOC_LEXICOGRAPHIC) {
            double miss;
            level_totals(s, res, levels[g], &fixed_total[g], &miss);
            m->n_fixed = g + 1;
            if (o->equal_cuts && miss > 1e-6 &&
                (st = equal_cuts(m, o, res, levels[g], weight, d_lo, err)) != JE_OK)
                return st;
        }
        if (o->progress)
            o->progress(o->progress_ctx, (uint64_t)g + 1, (uint64_t)stages, "allocation");
    }
    res->feasible = 1;
    return JE_OK;
}

je_status je_alloc_solve(const je_alloc_scheme *s, const je_alloc_options *opt,
                         je_alloc_result *res, je_error *err)
{
    if (!res)
        return je_error_set(err, JE_EINVAL, "je_alloc_solve: res is NULL");
    memset(res, 0, sizeof *res);
    if (!s || !s->nodes)
        return je_error_set(err, JE_EINVAL, "je_alloc_solve: no scheme");
    je_alloc_options o;
    if (opt)
        o = *opt;
    else
        je_alloc_options_default(&o);
    je_status st = check_options(s, &o, err);
    if (st != JE_OK)
        return st;
    if (alloc_arrays(s, res) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t n = 0; n < s->n_nodes; n++)
        for (int t = 0; t < M; t++) {
            size_t i = n * M + (size_t)t;
            res->inflow_hm3[i] =
                (o.inflow_hm3 ? o.inflow_hm3[i] : s->nodes[n].inflow_hm3[t]) * o.inflow_factor;
        }
    model m = {.s = s, .inflow = res->inflow_hm3, .named = o.lp_path != NULL};
    size_t cap = s->n_links + s->n_demands * M + 8;
    m.idx = malloc(cap * sizeof *m.idx);
    m.val = malloc(cap * sizeof *m.val);
    m.out_col = malloc((s->n_nodes + 1) * sizeof *m.out_col);
    m.eco_col = malloc((s->n_links * M + 1) * sizeof *m.eco_col);
    int *levels = malloc((s->n_demands + 1) * sizeof *levels);
    double *weight = malloc((s->n_demands + 1) * sizeof *weight);
    double *fixed = malloc((s->n_demands + 1) * sizeof *fixed);
    double *d_lo = calloc(s->n_demands * M + 1, sizeof *d_lo);
    if (!m.idx || !m.val || !m.out_col || !m.eco_col || !levels || !weight || !fixed || !d_lo ||
        !build_adjacency(&m))
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    int n_levels = st == JE_OK ? priority_levels(s, levels) : 0;
    if (st == JE_OK && o.mode == JE_ALLOC_WEIGHTED && o.equal_cuts)
        st = je_error_set(err, JE_EINVAL, "equal cuts need lexicographic priorities");
    if (st == JE_OK && o.mode == JE_ALLOC_WEIGHTED && n_levels > WEIGHTED_MAX_LEVELS)
        st = je_error_set(err, JE_EINVAL,
                          "weighted priorities handle at most %d levels (weights up to 1000^%d "
                          "stay within the solver's precision); this scheme has %d: use "
                          "lexicographic",
                          WEIGHTED_MAX_LEVELS, WEIGHTED_MAX_LEVELS - 1, n_levels);
    if (st == JE_OK)
        st = run_stages(&m, &o, res, levels, n_levels, weight, fixed, d_lo, err);
    model_free(&m);
    free(levels);
    free(weight);
    free(fixed);
    free(d_lo);
    return st;
}

/* ---- totals ----------------------------------------------------------------- */

static void group_key(const je_alloc_scheme *s, const je_alloc_demand *d, je_alloc_group by,
                      char *key, size_t size)
{
    switch (by) {
    case JE_ALLOC_BY_DEMAND:
        snprintf(key, size, "%s", d->id);
        break;
    case JE_ALLOC_BY_NODE:
        snprintf(key, size, "%s", s->nodes[d->node].code);
        break;
    case JE_ALLOC_BY_SECTOR:
        snprintf(key, size, "%s", je_alloc_sector_name(d->sector));
        break;
    case JE_ALLOC_BY_PRIORITY:
        snprintf(key, size, "P%d", d->priority);
        break;
    case JE_ALLOC_BY_JURISDICTION:
        snprintf(key, size, "%s", d->jurisdiction);
        break;
    }
}

/* Order of groups: priorities ascending and sectors in enum order; others as met. */
static int group_rank(const je_alloc_demand *d, je_alloc_group by)
{
    switch (by) {
    case JE_ALLOC_BY_PRIORITY:
        return d->priority;
    case JE_ALLOC_BY_SECTOR:
        return (int)d->sector;
    case JE_ALLOC_BY_DEMAND:
    case JE_ALLOC_BY_NODE:
    case JE_ALLOC_BY_JURISDICTION:
        break;
    }
    return 0;
}

je_status je_alloc_totals(const je_alloc_scheme *s, const je_alloc_result *res, je_alloc_group by,
                          int monthly, je_alloc_total **out, size_t *out_n, je_error *err)
{
    if (!s || !res || !out || !out_n)
        return je_error_set(err, JE_EINVAL, "je_alloc_totals: NULL argument");
    *out = NULL;
    *out_n = 0;
    if (!res->feasible || !res->delivered_hm3)
        return je_error_set(err, JE_EINVAL, "je_alloc_totals: the result holds no allocation");
    if ((int)by < 0 || by > JE_ALLOC_BY_JURISDICTION)
        return je_error_set(err, JE_EINVAL, "je_alloc_totals: unknown grouping %d", (int)by);
    /* the groups, with a rank each */
    size_t ng = 0;
    char(*keys)[40] = malloc((s->n_demands + 1) * sizeof *keys);
    int *rank = malloc((s->n_demands + 1) * sizeof *rank);
    int *group = malloc((s->n_demands + 1) * sizeof *group);
    if (!keys || !rank || !group) {
        free(keys);
        free(rank);
        free(group);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < s->n_demands; k++) {
        char key[40];
        group_key(s, &s->demands[k], by, key, sizeof key);
        int r = group_rank(&s->demands[k], by);
        size_t g = 0;
        while (g < ng && strcmp(keys[g], key) != 0)
            g++;
        if (g == ng) { /* insert keeping ranks sorted (stable among equal ranks) */
            size_t at = ng;
            while (at > 0 && rank[at - 1] > r)
                at--;
            memmove(keys + at + 1, keys + at, (ng - at) * sizeof *keys);
            memmove(rank + at + 1, rank + at, (ng - at) * sizeof *rank);
            for (size_t j = 0; j < k; j++)
                if (group[j] >= (int)at)
                    group[j]++;
            memcpy(keys[at], key, sizeof key);
            rank[at] = r;
            ng++;
            g = at;
        }
        group[k] = (int)g;
    }
    size_t per = monthly ? M : 1;
    je_alloc_total *t = calloc(ng * per + 1, sizeof *t);
    if (!t) {
        free(keys);
        free(rank);
        free(group);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    for (size_t g = 0; g < ng; g++)
        for (size_t p = 0; p < per; p++) {
            memcpy(t[g * per + p].key, keys[g], sizeof keys[g]);
            t[g * per + p].month = monthly ? (int)p : -1;
        }
    for (size_t k = 0; k < s->n_demands; k++)
        for (int m = 0; m < M; m++) {
            je_alloc_total *r = &t[(size_t)group[k] * per + (monthly ? (size_t)m : 0)];
            double want = s->demands[k].volume_hm3[m], got = res->delivered_hm3[k * M + (size_t)m];
            r->demand_hm3 += want;
            r->delivered_hm3 += got;
            r->shortage_hm3 += fmax(0, want - got);
        }
    free(keys);
    free(rank);
    free(group);
    *out = t;
    *out_n = ng * per;
    return JE_OK;
}
