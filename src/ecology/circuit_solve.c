/* circuit_solve.c — the three Circuitscape scenarios on a graph (see circuit.c for the
 * linear algebra and ecology.h for the conventions). */
#include "circuit_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void focal_sets_free(focal_sets *F)
{
    free(F->ids);
    free(F->start);
    free(F->nodes);
    free(F->include);
    memset(F, 0, sizeof *F);
}

typedef struct {
    const sgraph *G;
    const focal_sets *F;
    const je_circuit_opts *o;
    cc_index cc;
    int64_t *loc;
    double *V, *out, *in; /* V always; out/in only with node_cur */
    double *node_cur;
    je_circuit_result *info;
    uint64_t done, total;
} ctx;

static int included(const focal_sets *F, size_t a, size_t b)
{
    return !F->include || F->include[a * F->nid + b];
}

static int64_t nnodes(const focal_sets *F, size_t k)
{
    return F->start[k + 1] - F->start[k];
}
static int64_t node0(const focal_sets *F, size_t k)
{
    return nnodes(F, k) > 0 ? F->nodes[F->start[k]] : -1;
}

static void progress(ctx *x, const char *what)
{
    x->done++;
    if (x->o->progress)
        x->o->progress(x->o->progress_ctx, x->done, x->total, what);
}

/* Number the nodes of component k that are not grounded; returns m. */
static int64_t number_nodes(ctx *x, int64_t k, const unsigned char *grounded_flag,
                            int64_t single_ground)
{
    int64_t m = 0;
    for (int64_t t = x->cc.nstart[k]; t < x->cc.nstart[k + 1]; t++) {
        int64_t u = x->cc.nodes[t];
        int g = (u == single_ground) || (grounded_flag && grounded_flag[u]);
        x->loc[u] = g ? -1 : m++;
    }
    return m;
}

static void reset_loc(ctx *x, int64_t k)
{
    for (int64_t t = x->cc.nstart[k]; t < x->cc.nstart[k + 1]; t++)
        x->loc[x->cc.nodes[t]] = -1;
}

static je_status solve_comp(ctx *x, int64_t k, int64_t m, double *B, size_t ncol, je_error *err)
{
    const int64_t *edges = x->cc.edges + x->cc.estart[k];
    size_t ne = (size_t)(x->cc.estart[k + 1] - x->cc.estart[k]);
    x->info->n_solves += (int64_t)ncol;
    return solve_local(x->G, edges, ne, x->loc, NULL, m, B, ncol, x->o, &x->info->used_cg, err);
}

static void add_currents(ctx *x, int64_t k)
{
    if (!x->node_cur)
        return;
    node_currents_add(x->G, x->cc.edges + x->cc.estart[k],
                      (size_t)(x->cc.estart[k + 1] - x->cc.estart[k]),
                      x->cc.nodes + x->cc.nstart[k], x->cc.nstart[k + 1] - x->cc.nstart[k], x->V,
                      x->out, x->in, x->node_cur);
}

/* ---- pairwise, every id on at most one node ----------------------------- */

static je_status pairwise_simple(ctx *x, double *res, je_error *err)
{
    const focal_sets *F = x->F;
    size_t nid = F->nid;
    int64_t *cid = malloc((nid ? nid : 1) * sizeof *cid); /* component of id */
    size_t *members = malloc((nid ? nid : 1) * sizeof *members);
    int64_t *dn = malloc((nid ? nid : 1) * sizeof *dn);  /* distinct nodes */
    size_t *col = malloc((nid ? nid : 1) * sizeof *col); /* id → index in dn */
    je_status st = JE_OK;
    if (!cid || !members || !dn || !col) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t a = 0; a < nid; a++)
        cid[a] = node0(F, a) >= 0 ? x->cc.comp[node0(F, a)] : -1;
    x->total = nid;
    for (size_t a0 = 0; a0 < nid && st == JE_OK; a0++) {
        int64_t k = cid[a0];
        int first = 1;
        for (size_t b = 0; b < a0; b++)
            if (cid[b] == k)
                first = 0;
        if (k < 0 || !first)
            continue;
        size_t nm = 0, nd = 0;
        for (size_t a = a0; a < nid; a++) {
            if (cid[a] != k)
                continue;
            members[nm++] = a;
            size_t j = 0;
            while (j < nd && dn[j] != node0(F, a))
                j++;
            if (j == nd)
                dn[nd++] = node0(F, a);
            col[a] = j;
        }
        if (nd < 2) {
            for (size_t i = 0; i < nm; i++)
                for (size_t j = 0; j < nm; j++)
                    if (i != j && included(F, members[i], members[j]))
                        res[members[i] * nid + members[j]] = 0;
            continue;
        }
        int64_t m = number_nodes(x, k, NULL, dn[0]);
        size_t ncol = nd - 1;
        double *B = calloc((size_t)m * ncol, sizeof *B);
        if (!B) {
            st =
                je_error_set(err, JE_ENOMEM, "out of memory for %zu right-hand sides of %lld nodes",
                             ncol, (long long)m);
            break;
        }
        for (size_t j = 1; j < nd; j++)
            B[(size_t)m * (j - 1) + (size_t)x->loc[dn[j]]] = 1;
        st = solve_comp(x, k, m, B, ncol, err);
        /* voltage of node u for unit injection at dn[j], dn[0] grounded */
#define VOLT(j, u) ((j) == 0 || x->loc[u] < 0 ? 0.0 : B[(size_t)m * ((j)-1) + (size_t)x->loc[u]])
        for (size_t i = 0; i < nm && st == JE_OK; i++) {
            for (size_t j = i + 1; j < nm; j++) {
                size_t a = members[i], b = members[j];
                if (!included(F, a, b))
                    continue;
                size_t ca = col[a], cb = col[b];
                double r = 0;
                if (ca != cb)
                    r = VOLT(ca, dn[ca]) + VOLT(cb, dn[cb]) - 2 * VOLT(ca, dn[cb]);
                res[a * nid + b] = res[b * nid + a] = r;
                if (ca == cb || !x->node_cur)
                    continue;
                for (int64_t t = x->cc.nstart[k]; t < x->cc.nstart[k + 1]; t++) {
                    int64_t u = x->cc.nodes[t];
                    x->V[u] = VOLT(ca, u) - VOLT(cb, u);
                }
                add_currents(x, k);
            }
        }
#undef VOLT
        free(B);
        reset_loc(x, k);
        for (size_t i = 0; i < nm; i++)
            progress(x, "pairwise solves");
    }
done:
    free(cid);
    free(members);
    free(dn);
    free(col);
    return st;
}

/* ---- pairwise with focal regions: contract the pair's nodes ------------- */

static je_status pair_region(ctx *x, size_t a, size_t b, int64_t *label, double *res, je_error *err)
{
    const sgraph *G = x->G;
    const focal_sets *F = x->F;
    size_t nid = F->nid;
    for (int64_t u = 0; u < G->n; u++)
        label[u] = -1;
    for (int64_t t = F->start[a]; t < F->start[a + 1]; t++)
        label[F->nodes[t]] = 0;
    for (int64_t t = F->start[b]; t < F->start[b + 1]; t++) {
        if (label[F->nodes[t]] == 0) { /* the two ids share a node */
            res[a * nid + b] = res[b * nid + a] = 0;
            return JE_OK;
        }
        label[F->nodes[t]] = 1;
    }
    int64_t nh = 2;
    for (int64_t u = 0; u < G->n; u++)
        if (label[u] < 0)
            label[u] = nh++;
    sgraph H = {nh, 0, NULL, NULL, NULL};
    H.eu = malloc((G->ne ? G->ne : 1) * sizeof *H.eu);
    H.ev = malloc((G->ne ? G->ne : 1) * sizeof *H.ev);
    H.eg = malloc((G->ne ? G->ne : 1) * sizeof *H.eg);
    int64_t *loc = malloc((size_t)nh * sizeof *loc);
    double *vh = calloc((size_t)nh * 4, sizeof *vh);
    cc_index cc;
    memset(&cc, 0, sizeof cc);
    je_status st = JE_OK;
    if (!H.eu || !H.ev || !H.eg || !loc || !vh) {
        st = je_error_set(err, JE_ENOMEM, "out of memory contracting focal regions");
        goto done;
    }
    for (size_t e = 0; e < G->ne; e++) {
        int64_t p = label[G->eu[e]], q = label[G->ev[e]];
        if (p == q)
            continue;
        H.eu[H.ne] = p;
        H.ev[H.ne] = q;
        H.eg[H.ne++] = G->eg[e];
    }
    if ((st = cc_build(&H, &cc, err)) != JE_OK)
        goto done;
    int64_t k = cc.comp[0];
    if (cc.comp[1] != k)
        goto done; /* stays −1 */
    int64_t m = 0;
    for (int64_t u = 0; u < nh; u++)
        loc[u] = -1;
    for (int64_t t = cc.nstart[k]; t < cc.nstart[k + 1]; t++)
        if (cc.nodes[t] != 1)
            loc[cc.nodes[t]] = m++;
    double *B = calloc((size_t)m, sizeof *B);
    if (!B) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    B[loc[0]] = 1;
    const int64_t *edges = cc.edges + cc.estart[k];
    size_t ne = (size_t)(cc.estart[k + 1] - cc.estart[k]);
    x->info->n_solves++;
    st = solve_local(&H, edges, ne, loc, NULL, m, B, 1, x->o, &x->info->used_cg, err);
    if (st == JE_OK) {
        res[a * nid + b] = res[b * nid + a] = B[loc[0]];
        if (x->node_cur) {
            double *V = vh, *out = vh + nh, *in = vh + 2 * nh, *acc = vh + 3 * nh;
            for (int64_t u = 0; u < nh; u++)
                V[u] = loc[u] >= 0 ? B[loc[u]] : 0;
            node_currents_add(&H, edges, ne, cc.nodes + cc.nstart[k],
                              cc.nstart[k + 1] - cc.nstart[k], V, out, in, acc);
            for (int64_t u = 0; u < G->n; u++)
                x->node_cur[u] += acc[label[u]];
        }
    }
    free(B);
done:
    cc_free(&cc);
    free(H.eu);
    free(H.ev);
    free(H.eg);
    free(loc);
    free(vh);
    return st;
}

static je_status pairwise_regions(ctx *x, double *res, je_error *err)
{
    const focal_sets *F = x->F;
    int64_t *label = malloc((size_t)(x->G->n > 0 ? x->G->n : 1) * sizeof *label);
    if (!label)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_status st = JE_OK;
    x->total = F->nid * (F->nid - 1) / 2;
    for (size_t a = 0; a < F->nid && st == JE_OK; a++)
        for (size_t b = a + 1; b < F->nid && st == JE_OK; b++) {
            if (nnodes(F, a) > 0 && nnodes(F, b) > 0 && included(F, a, b))
                st = pair_region(x, a, b, label, res, err);
            progress(x, "pairwise solves");
        }
    free(label);
    return st;
}

/* ---- one-to-all and all-to-one ----------------------------------------- */

static je_status one_id(ctx *x, size_t i, unsigned char *grounded, double *res, je_error *err)
{
    const focal_sets *F = x->F;
    int one_to_all = x->o->mode == JE_CIRCUIT_ONE_TO_ALL;
    je_status st = JE_OK;
    for (size_t j = 0; j < F->nid; j++) {
        int g = one_to_all ? (j != i && included(F, i, j)) : (j == i);
        if (g)
            for (int64_t t = F->start[j]; t < F->start[j + 1]; t++)
                grounded[F->nodes[t]] = 1;
    }
    int64_t s = node0(F, i);
    if (one_to_all && s >= 0)
        grounded[s] = 0; /* a source on a grounded node keeps its source (rmvgnd) */
    for (int64_t k = 0; k < x->cc.ncomp && st == JE_OK; k++) {
        int has_ground = 0, has_src = 0;
        for (int64_t t = x->cc.nstart[k]; t < x->cc.nstart[k + 1]; t++)
            has_ground |= grounded[x->cc.nodes[t]];
        if (one_to_all)
            has_src = s >= 0 && x->cc.comp[s] == k;
        else
            for (size_t j = 0; j < F->nid; j++)
                if (j != i && included(F, i, j))
                    for (int64_t t = F->start[j]; t < F->start[j + 1]; t++)
                        has_src |= x->cc.comp[F->nodes[t]] == k && !grounded[F->nodes[t]];
        if (!has_ground || !has_src)
            continue;
        int64_t m = number_nodes(x, k, grounded, -1);
        double *B = calloc((size_t)(m ? m : 1), sizeof *B);
        if (!B) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (one_to_all)
            B[x->loc[s]] = 1;
        else
            for (size_t j = 0; j < F->nid; j++)
                if (j != i && included(F, i, j))
                    for (int64_t t = F->start[j]; t < F->start[j + 1]; t++) {
                        int64_t u = F->nodes[t];
                        if (x->cc.comp[u] == k && x->loc[u] >= 0)
                            B[x->loc[u]] += 1;
                    }
        st = solve_comp(x, k, m, B, 1, err);
        if (st == JE_OK) {
            for (int64_t t = x->cc.nstart[k]; t < x->cc.nstart[k + 1]; t++) {
                int64_t u = x->cc.nodes[t];
                x->V[u] = x->loc[u] >= 0 ? B[x->loc[u]] : 0;
            }
            if (one_to_all)
                res[i] = x->V[s];
            add_currents(x, k);
        }
        free(B);
        reset_loc(x, k);
    }
    for (int64_t u = 0; u < x->G->n; u++)
        grounded[u] = 0;
    return st;
}

static je_status one_all(ctx *x, double *res, je_error *err)
{
    unsigned char *grounded = calloc((size_t)(x->G->n > 0 ? x->G->n : 1), 1);
    if (!grounded)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_status st = JE_OK;
    x->total = x->F->nid;
    for (size_t i = 0; i < x->F->nid && st == JE_OK; i++) {
        st = one_id(x, i, grounded, res, err);
        progress(x,
                 x->o->mode == JE_CIRCUIT_ONE_TO_ALL ? "one-to-all solves" : "all-to-one solves");
    }
    free(grounded);
    return st;
}

je_status circuit_solve(const sgraph *G, const focal_sets *F, const je_circuit_opts *o, double *res,
                        double *node_cur, je_circuit_result *info, je_error *err)
{
    ctx x;
    memset(&x, 0, sizeof x);
    x.G = G;
    x.F = F;
    x.o = o;
    x.node_cur = node_cur;
    x.info = info;
    size_t n = (size_t)(G->n > 0 ? G->n : 1);
    je_status st = cc_build(G, &x.cc, err);
    if (st != JE_OK)
        return st;
    info->n_nodes = G->n;
    info->n_components = x.cc.ncomp;
    x.loc = malloc(n * sizeof *x.loc);
    x.V = calloc(n, sizeof *x.V);
    if (node_cur) {
        x.out = calloc(n, sizeof *x.out);
        x.in = calloc(n, sizeof *x.in);
    }
    if (!x.loc || !x.V || (node_cur && (!x.out || !x.in))) {
        st = je_error_set(err, JE_ENOMEM, "out of memory for %lld nodes", (long long)G->n);
        goto done;
    }
    for (size_t u = 0; u < (size_t)G->n; u++)
        x.loc[u] = -1;
    if (o->mode == JE_CIRCUIT_PAIRWISE) {
        int regions = 0;
        for (size_t a = 0; a < F->nid; a++)
            regions |= nnodes(F, a) > 1;
        st = regions ? pairwise_regions(&x, res, err) : pairwise_simple(&x, res, err);
    } else {
        st = one_all(&x, res, err);
    }
done:
    cc_free(&x.cc);
    free(x.loc);
    free(x.V);
    free(x.out);
    free(x.in);
    return st;
}
