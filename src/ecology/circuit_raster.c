/* circuit_raster.c — raster and network fronts of the circuit solver: cells (or
 * network node ids) → graph nodes and edges by Circuitscape's rules, focal points →
 * focal sets, results back onto cells. */
#include "circuit_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void je_circuit_opts_init(je_circuit_opts *o)
{
    memset(o, 0, sizeof *o);
    o->mode = JE_CIRCUIT_PAIRWISE;
    o->four_neighbors = 0;
    o->avg_resistances = 0;
    o->habitat_is_resistance = 1;
    o->want_current = 1;
    o->solver = JE_CIRCUIT_SOLVER_AUTO;
}

static const struct {
    const char *name;
    je_circuit_mode mode;
} mode_names[] = {{"pairwise", JE_CIRCUIT_PAIRWISE},
                  {"one-to-all", JE_CIRCUIT_ONE_TO_ALL},
                  {"all-to-one", JE_CIRCUIT_ALL_TO_ONE},
                  {"advanced", JE_CIRCUIT_ADVANCED}};

const char *je_circuit_mode_name(je_circuit_mode m)
{
    for (size_t i = 0; i < sizeof mode_names / sizeof *mode_names; i++)
        if (mode_names[i].mode == m)
            return mode_names[i].name;
    return "?";
}

je_status je_circuit_mode_parse(const char *s, je_circuit_mode *out, je_error *err)
{
    for (size_t i = 0; i < sizeof mode_names / sizeof *mode_names; i++)
        if (!strcmp(s, mode_names[i].name)) {
            *out = mode_names[i].mode;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL,
                        "unknown circuit mode '%s' (pairwise, one-to-all, all-to-one or advanced)",
                        s);
}

static const struct {
    const char *name;
    je_circuit_solver solver;
} solver_names[] = {{"auto", JE_CIRCUIT_SOLVER_AUTO},
                    {"cholmod", JE_CIRCUIT_SOLVER_CHOLMOD},
                    {"cg", JE_CIRCUIT_SOLVER_CG},
                    {"amg", JE_CIRCUIT_SOLVER_AMG},
                    {"cg+amg", JE_CIRCUIT_SOLVER_AMG}};

const char *je_circuit_solver_name(je_circuit_solver s)
{
    for (size_t i = 0; i < sizeof solver_names / sizeof *solver_names; i++)
        if (solver_names[i].solver == s)
            return solver_names[i].name;
    return "?";
}

je_status je_circuit_solver_parse(const char *s, je_circuit_solver *out, je_error *err)
{
    for (size_t i = 0; i < sizeof solver_names / sizeof *solver_names; i++)
        if (!strcasecmp(s, solver_names[i].name)) {
            *out = solver_names[i].solver;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL, "unknown solver '%s' (auto, cholmod, cg or amg)", s);
}

void je_circuit_result_free(je_circuit_result *r)
{
    if (!r)
        return;
    free(r->ids);
    free(r->resistance);
    free(r->cum_current);
    free(r);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int64_t find_i64(const int64_t *v, size_t n, int64_t key)
{
    const int64_t *p = bsearch(&key, v, n, sizeof *v, cmp_i64);
    return p ? p - v : -1;
}

/* Sort and deduplicate v in place; returns the new length. */
static size_t uniq(int64_t *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_i64);
    size_t m = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[m - 1])
            v[m++] = v[i];
    return m;
}

/* Focal sets from (id, node) points: ids filtered by pairs, sorted; nodes distinct per
 * id in point order (node −1 = not a node: the id stays, with no nodes). */
static je_status build_focal(const int64_t *pid, const int64_t *pnode, size_t np,
                             const je_circuit_pairs *pairs, focal_sets *F, je_error *err)
{
    memset(F, 0, sizeof *F);
    F->ids = malloc((np ? np : 1) * sizeof *F->ids);
    if (!F->ids)
        goto nomem;
    size_t n = 0;
    for (size_t i = 0; i < np; i++)
        if (pid[i] > 0 && (!pairs || find_i64(pairs->ids, pairs->n, pid[i]) >= 0))
            F->ids[n++] = pid[i];
    F->nid = uniq(F->ids, n);
    F->start = calloc(F->nid + 1, sizeof *F->start);
    F->nodes = malloc((np ? np : 1) * sizeof *F->nodes);
    if (!F->start || !F->nodes)
        goto nomem;
    size_t q = 0;
    for (size_t k = 0; k < F->nid; k++) {
        F->start[k] = (int64_t)q;
        for (size_t i = 0; i < np; i++) {
            if (pid[i] != F->ids[k] || pnode[i] < 0)
                continue;
            int seen = 0;
            for (size_t t = (size_t)F->start[k]; t < q; t++)
                seen |= F->nodes[t] == pnode[i];
            if (!seen)
                F->nodes[q++] = pnode[i];
        }
    }
    F->start[F->nid] = (int64_t)q;
    if (pairs) {
        F->include = calloc(F->nid * F->nid + 1, 1);
        if (!F->include)
            goto nomem;
        for (size_t a = 0; a < F->nid; a++)
            for (size_t b = 0; b < F->nid; b++) {
                int64_t pa = find_i64(pairs->ids, pairs->n, F->ids[a]);
                int64_t pb = find_i64(pairs->ids, pairs->n, F->ids[b]);
                F->include[a * F->nid + b] = pairs->include[(size_t)pa * pairs->n + (size_t)pb];
            }
    }
    return JE_OK;
nomem:
    focal_sets_free(F);
    return je_error_set(err, JE_ENOMEM, "out of memory for %zu focal points", np);
}

static je_status new_result(const je_circuit_opts *o, const focal_sets *F, int64_t ncur,
                            je_circuit_result **out, je_error *err)
{
    je_circuit_result *r = calloc(1, sizeof *r);
    size_t nid = F->nid;
    size_t nres = o->mode == JE_CIRCUIT_PAIRWISE ? nid * nid : nid;
    if (!r)
        goto nomem;
    r->mode = o->mode;
    r->n_ids = nid;
    r->ids = malloc((nid ? nid : 1) * sizeof *r->ids);
    if (!r->ids)
        goto nomem;
    memcpy(r->ids, F->ids, nid * sizeof *r->ids);
    if (o->mode != JE_CIRCUIT_ALL_TO_ONE) {
        r->resistance = malloc((nres ? nres : 1) * sizeof *r->resistance);
        if (!r->resistance)
            goto nomem;
        for (size_t i = 0; i < nres; i++)
            r->resistance[i] = -1;
        if (o->mode == JE_CIRCUIT_PAIRWISE)
            for (size_t i = 0; i < nid; i++)
                r->resistance[i * nid + i] = 0;
    }
    if (o->want_current &&
        !(r->cum_current = calloc((size_t)(ncur > 0 ? ncur : 1), sizeof(double))))
        goto nomem;
    *out = r;
    return JE_OK;
nomem:
    je_circuit_result_free(r);
    return je_error_set(err, JE_ENOMEM, "out of memory for the circuit results");
}

static int cell_ok(const je_raster *h, const je_raster *mask, size_t i)
{
    double v = h->data[i];
    if (!(isfinite(v) && v > 0))
        return 0;
    return !mask || (isfinite(mask->data[i]) && mask->data[i] > 0);
}

static double edge_g(const je_circuit_opts *o, double va, double vb)
{
    double ca = o->habitat_is_resistance ? 1 / va : va, cb = o->habitat_is_resistance ? 1 / vb : vb;
    if (o->avg_resistances)
        return 1 / ((1 / ca + 1 / cb) / 2);
    return (ca + cb) / 2;
}

/* Node numbering of the valid cells (polygons merged); node_of[cell] = −1 elsewhere. */
static je_status number_cells(const je_raster *h, const je_circuit_opts *o, int64_t *node_of,
                              int64_t *out_n, je_error *err)
{
    size_t nc = (size_t)h->nrows * (size_t)h->ncols;
    const je_raster *poly = o->polygons;
    int64_t *pid = NULL, *pnode = NULL;
    size_t np = 0;
    if (poly) {
        pid = malloc((nc ? nc : 1) * sizeof *pid);
        if (!pid)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        for (size_t i = 0; i < nc; i++)
            if (isfinite(poly->data[i]) && poly->data[i] > 0)
                pid[np++] = (int64_t)poly->data[i];
        np = uniq(pid, np);
        pnode = malloc((np ? np : 1) * sizeof *pnode);
        if (!pnode) {
            free(pid);
            return je_error_set(err, JE_ENOMEM, "out of memory");
        }
        for (size_t k = 0; k < np; k++)
            pnode[k] = -1;
    }
    int64_t n = 0;
    for (size_t i = 0; i < nc; i++) {
        node_of[i] = -1;
        /* a polygon cell belongs to its polygon's node even where the habitat has no
         * data (Circuitscape's node map); it has edges only where the habitat is valid */
        if (poly && isfinite(poly->data[i]) && poly->data[i] > 0) {
            int64_t k = find_i64(pid, np, (int64_t)poly->data[i]);
            if (pnode[k] < 0)
                pnode[k] = n++;
            node_of[i] = pnode[k];
        } else if (cell_ok(h, o->mask, i)) {
            node_of[i] = n++;
        }
    }
    free(pid);
    free(pnode);
    *out_n = n;
    return JE_OK;
}

static je_status build_edges(const je_raster *h, const je_circuit_opts *o, const int64_t *node_of,
                             sgraph *G, je_error *err)
{
    static const int dr[4] = {0, 1, 1, 1}, dc[4] = {1, 0, 1, -1};
    int ndir = o->four_neighbors ? 2 : 4;
    int64_t R = h->nrows, C = h->ncols;
    for (int pass = 0; pass < 2; pass++) {
        size_t ne = 0;
        for (int64_t r = 0; r < R; r++)
            for (int64_t c = 0; c < C; c++) {
                int64_t a = node_of[r * C + c];
                if (a < 0 || !cell_ok(h, o->mask, (size_t)(r * C + c)))
                    continue;
                for (int d = 0; d < ndir; d++) {
                    int64_t r2 = r + dr[d], c2 = c + dc[d];
                    if (r2 >= R || c2 < 0 || c2 >= C)
                        continue;
                    int64_t b = node_of[r2 * C + c2];
                    if (b < 0 || b == a || !cell_ok(h, o->mask, (size_t)(r2 * C + c2)))
                        continue;
                    if (pass) {
                        double g = edge_g(o, h->data[r * C + c], h->data[r2 * C + c2]);
                        G->eu[ne] = a;
                        G->ev[ne] = b;
                        G->eg[ne] = d >= 2 ? g / sqrt(2.0) : g;
                    }
                    ne++;
                }
            }
        if (!pass) {
            G->eu = malloc((ne ? ne : 1) * sizeof *G->eu);
            G->ev = malloc((ne ? ne : 1) * sizeof *G->ev);
            G->eg = malloc((ne ? ne : 1) * sizeof *G->eg);
            if (!G->eu || !G->ev || !G->eg)
                return je_error_set(err, JE_ENOMEM, "out of memory for %zu edges", ne);
        }
        G->ne = ne;
    }
    return JE_OK;
}

je_status raster_graph(const je_raster *h, const je_circuit_opts *o, int64_t **node_of_out,
                       sgraph *G, je_error *err)
{
    *node_of_out = NULL;
    memset(G, 0, sizeof *G);
    if ((o->polygons && !je_raster_same_grid(h, o->polygons)) ||
        (o->mask && !je_raster_same_grid(h, o->mask)))
        return je_error_set(err, JE_EINVAL,
                            "the polygon and mask rasters must have the habitat's grid");
    size_t nc = (size_t)h->nrows * (size_t)h->ncols;
    int64_t *node_of = malloc((nc ? nc : 1) * sizeof *node_of);
    if (!node_of)
        return je_error_set(err, JE_ENOMEM, "out of memory for %zu cells", nc);
    je_status st = number_cells(h, o, node_of, &G->n, err);
    if (st == JE_OK)
        st = build_edges(h, o, node_of, G, err);
    if (st != JE_OK) {
        free(node_of);
        free(G->eu);
        free(G->ev);
        free(G->eg);
        memset(G, 0, sizeof *G);
        return st;
    }
    *node_of_out = node_of;
    return JE_OK;
}

je_status je_circuit_raster(const je_raster *h, const je_focal *focal, size_t n_focal,
                            const je_circuit_opts *o, je_circuit_result **out, je_error *err)
{
    *out = NULL;
    if (o->mode == JE_CIRCUIT_ADVANCED)
        return je_error_set(err, JE_EINVAL,
                            "advanced mode takes sources and grounds: use je_circuit_advanced");
    if ((o->polygons && !je_raster_same_grid(h, o->polygons)) ||
        (o->mask && !je_raster_same_grid(h, o->mask)))
        return je_error_set(err, JE_EINVAL,
                            "the polygon and mask rasters must have the habitat's grid");
    for (size_t i = 0; i < n_focal; i++)
        if (focal[i].row < 0 || focal[i].row >= h->nrows || focal[i].col < 0 ||
            focal[i].col >= h->ncols)
            return je_error_set(err, JE_EINVAL, "focal point %zu (id %lld) is outside the grid",
                                i + 1, (long long)focal[i].id);
    size_t nc = (size_t)h->nrows * (size_t)h->ncols;
    sgraph G;
    memset(&G, 0, sizeof G);
    focal_sets F;
    memset(&F, 0, sizeof F);
    je_circuit_result *r = NULL;
    int64_t *pid = NULL, *pnode = NULL;
    int64_t *node_of = NULL;
    je_status st = raster_graph(h, o, &node_of, &G, err);
    if (st != JE_OK)
        goto done;
    pid = malloc((n_focal ? n_focal : 1) * sizeof *pid);
    pnode = malloc((n_focal ? n_focal : 1) * sizeof *pnode);
    if (!pid || !pnode) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n_focal; i++) {
        pid[i] = focal[i].id;
        pnode[i] = node_of[focal[i].row * h->ncols + focal[i].col];
    }
    if ((st = build_focal(pid, pnode, n_focal, o->pairs, &F, err)) != JE_OK)
        goto done;
    double *node_cur = NULL;
    if (o->want_current && !(node_cur = calloc((size_t)(G.n > 0 ? G.n : 1), sizeof *node_cur))) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = new_result(o, &F, (int64_t)nc, &r, err)) == JE_OK)
        st = circuit_solve(&G, &F, o, r->resistance, node_cur, r, err);
    if (st == JE_OK && node_cur)
        for (size_t i = 0; i < nc; i++)
            r->cum_current[i] = node_of[i] >= 0 ? node_cur[node_of[i]] : 0;
    free(node_cur);
    if (st == JE_OK) {
        r->nrows = h->nrows;
        r->ncols = h->ncols;
    }
done:
    free(node_of);
    free(pid);
    free(pnode);
    free(G.eu);
    free(G.ev);
    free(G.eg);
    focal_sets_free(&F);
    if (st != JE_OK)
        je_circuit_result_free(r);
    else
        *out = r;
    return st;
}

je_status je_circuit_network(size_t n_edges, const int64_t *from, const int64_t *to,
                             const double *value, int values_are_resistances,
                             const int64_t *focal_nodes, size_t n_focal, const je_circuit_opts *o,
                             je_circuit_result **out, je_error *err)
{
    *out = NULL;
    for (size_t e = 0; e < n_edges; e++)
        if (!(isfinite(value[e]) && value[e] > 0))
            return je_error_set(err, JE_EINVAL, "edge %zu (%lld–%lld) has value %g, not > 0", e + 1,
                                (long long)from[e], (long long)to[e], value[e]);
    sgraph G;
    memset(&G, 0, sizeof G);
    focal_sets F;
    memset(&F, 0, sizeof F);
    je_circuit_result *r = NULL;
    int64_t *ids = malloc((2 * n_edges + 1) * sizeof *ids);
    int64_t *pnode = malloc((n_focal + 1) * sizeof *pnode);
    G.eu = malloc((n_edges + 1) * sizeof *G.eu);
    G.ev = malloc((n_edges + 1) * sizeof *G.ev);
    G.eg = malloc((n_edges + 1) * sizeof *G.eg);
    je_status st = JE_OK;
    if (!ids || !pnode || !G.eu || !G.ev || !G.eg) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t e = 0; e < n_edges; e++) {
        ids[2 * e] = from[e];
        ids[2 * e + 1] = to[e];
    }
    size_t nn = uniq(ids, 2 * n_edges);
    G.n = (int64_t)nn;
    for (size_t e = 0; e < n_edges; e++) {
        int64_t a = find_i64(ids, nn, from[e]), b = find_i64(ids, nn, to[e]);
        if (a == b)
            continue;
        G.eu[G.ne] = a;
        G.ev[G.ne] = b;
        G.eg[G.ne++] = values_are_resistances ? 1 / value[e] : value[e];
    }
    for (size_t i = 0; i < n_focal; i++)
        pnode[i] = find_i64(ids, nn, focal_nodes[i]);
    /* network focal ids may be 0: shift by one while building, back afterwards */
    int64_t *fid = malloc((n_focal + 1) * sizeof *fid);
    if (!fid) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    int64_t lo = 0;
    for (size_t i = 0; i < n_focal; i++)
        lo = focal_nodes[i] < lo ? focal_nodes[i] : lo;
    for (size_t i = 0; i < n_focal; i++)
        fid[i] = focal_nodes[i] - lo + 1;
    st = build_focal(fid, pnode, n_focal, NULL, &F, err);
    free(fid);
    if (st != JE_OK)
        goto done;
    for (size_t k = 0; k < F.nid; k++)
        F.ids[k] = F.ids[k] + lo - 1;
    if ((st = new_result(o, &F, G.n, &r, err)) == JE_OK)
        st = circuit_solve(&G, &F, o, r->resistance, r->cum_current, r, err);
done:
    free(ids);
    free(pnode);
    free(G.eu);
    free(G.ev);
    free(G.eg);
    focal_sets_free(&F);
    if (st != JE_OK)
        je_circuit_result_free(r);
    else
        *out = r;
    return st;
}
