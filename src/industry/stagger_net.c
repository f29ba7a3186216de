/*
 * stagger_net.c — the transfer network's daily feasibility for the solvers: can the
 * running capacity, moved along the arcs within their capacities, meet every
 * region's demand? (Issue 4: "each market region's daily clinker demand must be met
 * by the lines running, with cross-region transfer allowed up to a capacity".)
 *
 * A transshipment problem: region r has balance b(r) = running(r) − demand(r). A
 * flow exists iff the max-flow from a source (to every r with b > 0, capacity b)
 * through the arcs to a sink (from every r with b < 0, capacity −b) saturates the
 * sink arcs (Gale 1957). Regions are few (JE_STAGGER_NET_REGIONS_MAX), so a dense
 * matrix and Edmonds–Karp are ample. The checker verifies the same condition by
 * another route (every cut, stagger_check.c).
 */
#include "industry/stagger_internal.h"

#include <math.h>
#include <string.h>

size_t sg_net_scratch(size_t n_regions)
{
    size_t V = n_regions + 2;
    return V * V + 2 * V;
}

/* Breadth-first search for an augmenting path in the residual matrix; prev[v] is
 * the node before v (−1 unreached). 1 when t is reached. */
static int bfs(const double *res, size_t V, size_t s, size_t t, double *prev, double *queue)
{
    for (size_t v = 0; v < V; v++)
        prev[v] = -1;
    prev[s] = (double)s;
    size_t head = 0, tail = 0;
    queue[tail++] = (double)s;
    while (head < tail) {
        size_t u = (size_t)queue[head++];
        for (size_t v = 0; v < V; v++)
            if (prev[v] < 0 && res[u * V + v] > 1e-12) {
                prev[v] = (double)u;
                if (v == t)
                    return 1;
                queue[tail++] = (double)v;
            }
    }
    return 0;
}

int sg_net_feasible(const je_stagger_problem *p, const sg_model *m, size_t d,
                    const double *stopped_t_d, double *scratch)
{
    size_t R = p->n_regions, D = m->D, V = R + 2, s = R, t = R + 1;
    if (!p->demand_t_d)
        return 1;
    double need = 0, total = 0;
    int short_any = 0;
    for (size_t g = 0; g < R; g++) {
        double b = m->run_full[g * D + d] - stopped_t_d[g] - p->demand_t_d[g * D + d];
        total += b;
        if (b < 0) {
            need -= b;
            short_any = 1;
        }
    }
    if (!short_any)
        return 1; /* every region covers itself */
    if (total < -1e-9 * (1 + need))
        return 0; /* not enough in all, whatever the arcs */
    double *res = scratch, *prev = scratch + V * V, *queue = prev + V;
    memset(res, 0, V * V * sizeof *res);
    for (size_t a = 0; a < p->n_arcs; a++)
        res[(size_t)p->arcs[a].from * V + (size_t)p->arcs[a].to] += p->arcs[a].cap_t_d;
    for (size_t g = 0; g < R; g++) {
        double b = m->run_full[g * D + d] - stopped_t_d[g] - p->demand_t_d[g * D + d];
        if (b > 0)
            res[s * V + g] = b;
        else
            res[g * V + t] = -b;
    }
    double flow = 0;
    while (flow < need - 1e-9 * (1 + need) && bfs(res, V, s, t, prev, queue)) {
        double aug = INFINITY;
        for (size_t v = t; v != s; v = (size_t)prev[v])
            aug = fmin(aug, res[(size_t)prev[v] * V + v]);
        for (size_t v = t; v != s; v = (size_t)prev[v]) {
            size_t u = (size_t)prev[v];
            res[u * V + v] -= aug;
            res[v * V + u] += aug;
        }
        flow += aug;
    }
    return flow >= need - 1e-9 * (1 + need);
}
