/* leastcost.c — cost-distance (Dijkstra with a binary heap over the 8- or 4-neighbour
 * grid), reclassification, least-cost paths and corridors between patches. */
#include "jointenv/ecology.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double d;
    int64_t i;
} hnode;

typedef struct {
    hnode *v;
    size_t n, cap;
} heap;

static int heap_push(heap *h, double d, int64_t i)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 1024;
        hnode *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return -1;
        h->v = v;
        h->cap = cap;
    }
    size_t k = h->n++;
    while (k > 0) {
        size_t p = (k - 1) / 2;
        if (h->v[p].d <= d)
            break;
        h->v[k] = h->v[p];
        k = p;
    }
    h->v[k] = (hnode){d, i};
    return 0;
}

static hnode heap_pop(heap *h)
{
    hnode top = h->v[0], last = h->v[--h->n];
    size_t k = 0;
    for (;;) {
        size_t c = 2 * k + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->v[c + 1].d < h->v[c].d)
            c++;
        if (h->v[c].d >= last.d)
            break;
        h->v[k] = h->v[c];
        k = c;
    }
    if (h->n)
        h->v[k] = last;
    return top;
}

static int passable(double c)
{
    return isfinite(c) && c >= 0;
}

je_status je_cost_distance(const double *cost, int64_t nrows, int64_t ncols, const int64_t *src,
                           size_t n_src, const je_cost_opts *o, double *out_dist, int64_t *out_pred,
                           je_error *err)
{
    static const int dr[8] = {-1, 1, 0, 0, -1, -1, 1, 1}, dc[8] = {0, 0, -1, 1, -1, 1, -1, 1};
    int64_t n = nrows * ncols;
    int nd = o->four_neighbors ? 4 : 8;
    double cs = o->cellsize > 0 ? o->cellsize : 1;
    for (int64_t i = 0; i < n; i++) {
        out_dist[i] = INFINITY;
        if (out_pred)
            out_pred[i] = -1;
    }
    heap h = {NULL, 0, 0};
    for (size_t s = 0; s < n_src; s++) {
        if (src[s] < 0 || src[s] >= n || !passable(cost[src[s]])) {
            free(h.v);
            return je_error_set(err, JE_EINVAL,
                                "source cell %lld is outside the grid or impassable",
                                (long long)src[s]);
        }
        out_dist[src[s]] = 0;
        if (heap_push(&h, 0, src[s]))
            goto nomem;
    }
    while (h.n) {
        hnode t = heap_pop(&h);
        if (t.d > out_dist[t.i])
            continue;
        int64_t r = t.i / ncols, c = t.i % ncols;
        for (int k = 0; k < nd; k++) {
            int64_t r2 = r + dr[k], c2 = c + dc[k];
            if (r2 < 0 || r2 >= nrows || c2 < 0 || c2 >= ncols)
                continue;
            int64_t j = r2 * ncols + c2;
            if (!passable(cost[j]))
                continue;
            double step = o->rule == JE_COST_ENTERED
                              ? cost[j]
                              : (cost[t.i] + cost[j]) / 2 * cs * (k >= 4 ? sqrt(2.0) : 1.0);
            double d = t.d + step;
            if (d < out_dist[j]) {
                out_dist[j] = d;
                if (out_pred)
                    out_pred[j] = t.i;
                if (heap_push(&h, d, j))
                    goto nomem;
            }
        }
    }
    free(h.v);
    return JE_OK;
nomem:
    free(h.v);
    return je_error_set(err, JE_ENOMEM, "out of memory in the cost-distance queue");
}

je_status je_reclass(const je_raster *lc, const double *cls, const double *value, size_t n,
                     je_raster **out, je_error *err)
{
    je_status st = je_raster_clone(lc, out, err);
    if (st != JE_OK)
        return st;
    size_t nc = (size_t)lc->nrows * (size_t)lc->ncols;
    for (size_t i = 0; i < nc; i++) {
        double v = lc->data[i];
        if (isnan(v))
            continue;
        size_t k = 0;
        while (k < n && cls[k] != v)
            k++;
        if (k == n) {
            je_raster_free(*out);
            *out = NULL;
            return je_error_set(err, JE_EDATA,
                                "land-cover class %g (row %zu, column %zu) is not in the table", v,
                                i / (size_t)lc->ncols + 1, i % (size_t)lc->ncols + 1);
        }
        (*out)->data[i] = value[k];
    }
    return JE_OK;
}

void je_corridors_free(je_corridors *c)
{
    if (!c)
        return;
    free(c->links);
    free(c->corridor);
    free(c->path_rank);
    free(c);
}

static int cmp_link(const void *a, const void *b)
{
    const je_linkage *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return (x->to > y->to) - (x->to < y->to);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

je_status je_corridors_compute(const je_raster *res, const je_raster *patches, je_cost_rule rule,
                               double width, je_progress_fn progress, void *progress_ctx,
                               je_corridors **out, je_error *err)
{
    *out = NULL;
    if (!je_raster_same_grid(res, patches))
        return je_error_set(err, JE_EINVAL, "the patch raster must have the resistance's grid");
    int64_t R = res->nrows, C = res->ncols, n = R * C;
    double *pid = malloc((size_t)n * sizeof *pid);
    size_t np = 0;
    if (!pid)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (int64_t i = 0; i < n; i++)
        if (isfinite(patches->data[i]) && patches->data[i] > 0)
            pid[np++] = patches->data[i];
    qsort(pid, np, sizeof *pid, cmp_d);
    size_t P = 0;
    for (size_t i = 0; i < np; i++)
        if (!P || pid[i] != pid[P - 1])
            pid[P++] = pid[i];
    if (P < 2) {
        free(pid);
        return je_error_set(err, JE_EDATA, "need at least two habitat patches, found %zu", P);
    }
    je_corridors *cr = calloc(1, sizeof *cr);
    double *D = malloc((size_t)n * P * sizeof *D);
    int64_t *pred = malloc((size_t)n * P * sizeof *pred);
    int64_t *srcs = malloc((size_t)n * sizeof *srcs);
    je_status st = JE_OK;
    if (!cr || !D || !pred || !srcs)
        goto nomem;
    cr->n_links = P * (P - 1) / 2;
    cr->links = calloc(cr->n_links, sizeof *cr->links);
    cr->corridor = malloc((size_t)n * sizeof *cr->corridor);
    cr->path_rank = calloc((size_t)n, sizeof *cr->path_rank);
    if (!cr->links || !cr->corridor || !cr->path_rank)
        goto nomem;
    je_cost_opts o = {rule, 0, je_raster_cellsize(res)};
    for (size_t p = 0; p < P && st == JE_OK; p++) {
        size_t ns = 0;
        for (int64_t i = 0; i < n; i++)
            if (patches->data[i] == pid[p] && isfinite(res->data[i]) && res->data[i] >= 0)
                srcs[ns++] = i;
        st = je_cost_distance(res->data, R, C, srcs, ns, &o, D + (size_t)n * p,
                              pred + (size_t)n * p, err);
        if (progress)
            progress(progress_ctx, p + 1, P, "cost-distance surfaces");
    }
    if (st != JE_OK)
        goto fail;
    size_t L = 0;
    double cs = je_raster_cellsize(res);
    for (size_t a = 0; a < P; a++)
        for (size_t b = a + 1; b < P; b++) {
            je_linkage *l = &cr->links[L++];
            l->from = (int64_t)pid[a];
            l->to = (int64_t)pid[b];
            l->cost = INFINITY;
            int64_t end = -1;
            const double *Da = D + (size_t)n * a;
            for (int64_t i = 0; i < n; i++)
                if (patches->data[i] == pid[b] && Da[i] < l->cost) {
                    l->cost = Da[i];
                    end = i;
                }
            l->euclid = NAN;
            if (end < 0)
                continue;
            int64_t start = end, cells = 1;
            while (pred[(size_t)n * a + (size_t)start] >= 0) {
                start = pred[(size_t)n * a + (size_t)start];
                cells++;
            }
            l->path_cells = cells;
            l->euclid = cs * hypot((double)(start / C - end / C), (double)(start % C - end % C));
        }
    qsort(cr->links, cr->n_links, sizeof *cr->links, cmp_link);
    for (int64_t i = 0; i < n; i++)
        cr->corridor[i] = NAN;
    for (size_t k = 0; k < cr->n_links; k++) {
        je_linkage *l = &cr->links[k];
        if (!isfinite(l->cost))
            continue;
        l->rank = (int64_t)k + 1;
        size_t a = 0, b = 0;
        while (pid[a] != (double)l->from)
            a++;
        while (pid[b] != (double)l->to)
            b++;
        const double *Da = D + (size_t)n * a, *Db = D + (size_t)n * b;
        if (width >= 0)
            for (int64_t i = 0; i < n; i++) {
                double v = Da[i] + Db[i] - l->cost;
                if (v <= width && !(v >= cr->corridor[i]))
                    cr->corridor[i] = v < 0 ? 0 : v;
            }
        /* trace the path again: from the cheapest cell of b back to a */
        int64_t cur = -1;
        double best = INFINITY;
        for (int64_t i = 0; i < n; i++)
            if (patches->data[i] == (double)l->to && Da[i] < best) {
                best = Da[i];
                cur = i;
            }
        for (; cur >= 0; cur = pred[(size_t)n * a + (size_t)cur])
            if (!cr->path_rank[cur])
                cr->path_rank[cur] = l->rank;
    }
    free(pid);
    free(D);
    free(pred);
    free(srcs);
    *out = cr;
    return JE_OK;
nomem:
    st = je_error_set(err, JE_ENOMEM, "out of memory for %zu cost surfaces of %lld cells", P,
                      (long long)n);
fail:
    free(pid);
    free(D);
    free(pred);
    free(srcs);
    je_corridors_free(cr);
    return st;
}
