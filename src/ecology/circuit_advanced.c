/* circuit_advanced.c — Circuitscape's advanced scenario: arbitrary current sources and
 * grounds on the raster graph (ecology.h states the rules; Circuitscape.jl
 * src/raster/advanced.jl and the Circuitscape 4 user guide, "Advanced mode", are the
 * reference for them).
 *
 * How. Sources and ground conductances are summed per graph node (polygon cells merge).
 * Conflicts (a node with both) follow remove_src_or_gnd; a source on a direct ground
 * is dropped. For every connected component with a source and a ground the system
 *     (L + diag(g_finite)) v = s,   v = 0 on directly grounded nodes
 * is solved once (solve_local: CHOLMOD, CG or AMG as the options say). */
#include "circuit_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void je_circuit_adv_opts_init(je_circuit_adv_opts *a)
{
    memset(a, 0, sizeof *a);
    a->ground_is_resistance = 1;
    a->conflict = JE_CIRCUIT_KEEP_ALL;
}

static const struct {
    const char *name;
    je_circuit_conflict c;
} conflict_names[] = {{"keepall", JE_CIRCUIT_KEEP_ALL},
                      {"rmvsrc", JE_CIRCUIT_RM_SRC},
                      {"rmvgnd", JE_CIRCUIT_RM_GND},
                      {"rmvall", JE_CIRCUIT_RM_ALL}};

je_status je_circuit_conflict_parse(const char *s, je_circuit_conflict *out, je_error *err)
{
    for (size_t i = 0; i < sizeof conflict_names / sizeof *conflict_names; i++)
        if (!strcasecmp(s, conflict_names[i].name)) {
            *out = conflict_names[i].c;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL,
                        "unknown remove_src_or_gnd '%s' (keepall, rmvsrc, rmvgnd or rmvall)", s);
}

void je_circuit_adv_result_free(je_circuit_adv_result *r)
{
    if (!r)
        return;
    free(r->voltage);
    free(r->current);
    free(r);
}

/* Per-node sources (A) and ground conductances (S, INFINITY = direct). */
static je_status node_terms(const je_raster *src, const je_raster *gnd, const int64_t *node_of,
                            size_t nc, int64_t ncols, const je_circuit_adv_opts *a, double *s,
                            double *g, je_error *err)
{
    for (size_t i = 0; i < nc; i++) {
        double v = src->data[i], w = gnd->data[i];
        if ((isfinite(v) && v < 0) || isinf(v))
            return je_error_set(err, JE_EDATA,
                                "source raster: cell row %lld, column %lld holds %g (a source is "
                                "a current in amperes, finite and >= 0)",
                                (long long)(i / (size_t)ncols), (long long)(i % (size_t)ncols), v);
        if ((isfinite(w) && w < 0) || isinf(w))
            return je_error_set(err, JE_EDATA,
                                "ground raster: cell row %lld, column %lld holds %g (a ground is "
                                "a resistance or conductance, finite and >= 0)",
                                (long long)(i / (size_t)ncols), (long long)(i % (size_t)ncols), w);
        int64_t u = node_of[i];
        if (u < 0)
            continue; /* not a node: Circuitscape ignores it too */
        if (isfinite(v) && v > 0)
            s[u] += a->unit_currents ? 1.0 : v;
        if (isnan(w))
            continue;
        double cond;
        if (a->ground_is_resistance)
            cond = w == 0 ? INFINITY : 1.0 / w; /* 0 Ω: a direct connection */
        else
            cond = w; /* 0 S: no ground */
        if (cond > 0 && a->direct_grounds)
            cond = INFINITY;
        g[u] += cond;
    }
    return JE_OK;
}

static void resolve_conflicts(double *s, double *g, int64_t n, je_circuit_conflict c)
{
    for (int64_t u = 0; u < n; u++) {
        if (s[u] > 0 && g[u] > 0) {
            switch (c) {
            case JE_CIRCUIT_RM_SRC:
                s[u] = 0;
                break;
            case JE_CIRCUIT_RM_GND:
                g[u] = 0;
                break;
            case JE_CIRCUIT_RM_ALL:
                s[u] = g[u] = 0;
                break;
            case JE_CIRCUIT_KEEP_ALL:
                break;
            }
        }
        if (isinf(g[u]))
            s[u] = 0; /* held at 0 V: its current goes straight to ground */
    }
}

typedef struct {
    const sgraph *G;
    cc_index cc;
    double *s, *g, *V, *out, *in, *gloc, *B;
    int64_t *loc;
} adv_ctx;

static void adv_ctx_free(adv_ctx *x)
{
    cc_free(&x->cc);
    free(x->s);
    free(x->g);
    free(x->V);
    free(x->out);
    free(x->in);
    free(x->gloc);
    free(x->B);
    free(x->loc);
}

/* Solve component k; V gets its voltages, out/in the node currents' two sides. */
static je_status solve_component(adv_ctx *x, int64_t k, const je_circuit_opts *o, int *used_cg,
                                 je_error *err)
{
    int64_t m = 0;
    for (int64_t t = x->cc.nstart[k]; t < x->cc.nstart[k + 1]; t++) {
        int64_t u = x->cc.nodes[t];
        x->loc[u] = isinf(x->g[u]) ? -1 : m++;
    }
    for (int64_t t = x->cc.nstart[k]; t < x->cc.nstart[k + 1]; t++) {
        int64_t u = x->cc.nodes[t];
        if (x->loc[u] >= 0) {
            x->B[x->loc[u]] = x->s[u];
            x->gloc[x->loc[u]] = x->g[u];
        }
    }
    const int64_t *edges = x->cc.edges + x->cc.estart[k];
    size_t ne = (size_t)(x->cc.estart[k + 1] - x->cc.estart[k]);
    je_status st = solve_local(x->G, edges, ne, x->loc, x->gloc, m, x->B, 1, o, used_cg, err);
    if (st != JE_OK)
        return st;
    for (int64_t t = x->cc.nstart[k]; t < x->cc.nstart[k + 1]; t++) {
        int64_t u = x->cc.nodes[t];
        x->V[u] = x->loc[u] >= 0 ? x->B[x->loc[u]] : 0;
    }
    /* Circuitscape's node currents: edge currents leaving / entering, and the current
     * into a finite ground on the side of the voltage's sign */
    for (size_t t = 0; t < ne; t++) {
        int64_t e = edges[t], u = x->G->eu[e], v = x->G->ev[e];
        double i = x->G->eg[e] * (x->V[u] - x->V[v]);
        if (i > 0) {
            x->out[u] += i;
            x->in[v] += i;
        } else {
            x->out[v] -= i;
            x->in[u] -= i;
        }
    }
    for (int64_t t = x->cc.nstart[k]; t < x->cc.nstart[k + 1]; t++) {
        int64_t u = x->cc.nodes[t];
        if (isfinite(x->g[u]) && x->g[u] > 0) {
            double i = x->g[u] * x->V[u];
            if (i >= 0)
                x->out[u] += i;
            else
                x->in[u] -= i;
        }
    }
    return JE_OK;
}

je_status je_circuit_advanced(const je_raster *h, const je_raster *src, const je_raster *gnd,
                              const je_circuit_opts *o, const je_circuit_adv_opts *a,
                              je_circuit_adv_result **out, je_error *err)
{
    *out = NULL;
    if (!je_raster_same_grid(h, src) || !je_raster_same_grid(h, gnd))
        return je_error_set(err, JE_EINVAL,
                            "the source and ground rasters must have the habitat's grid");
    size_t nc = (size_t)h->nrows * (size_t)h->ncols;
    sgraph G;
    int64_t *node_of = NULL;
    adv_ctx x;
    memset(&x, 0, sizeof x);
    x.G = &G;
    je_circuit_adv_result *r = NULL;
    je_status st = raster_graph(h, o, &node_of, &G, err);
    if (st != JE_OK)
        return st;
    size_t n = (size_t)(G.n > 0 ? G.n : 1);
    x.s = calloc(n, sizeof *x.s);
    x.g = calloc(n, sizeof *x.g);
    x.V = calloc(n, sizeof *x.V);
    x.out = calloc(n, sizeof *x.out);
    x.in = calloc(n, sizeof *x.in);
    x.gloc = calloc(n, sizeof *x.gloc);
    x.B = calloc(n, sizeof *x.B);
    x.loc = malloc(n * sizeof *x.loc);
    r = calloc(1, sizeof *r);
    if (r) {
        r->voltage = malloc((nc ? nc : 1) * sizeof *r->voltage);
        r->current = calloc(nc ? nc : 1, sizeof *r->current);
    }
    if (!x.s || !x.g || !x.V || !x.out || !x.in || !x.gloc || !x.B || !x.loc || !r || !r->voltage ||
        !r->current) {
        st = je_error_set(err, JE_ENOMEM, "out of memory for %lld nodes", (long long)G.n);
        goto done;
    }
    if ((st = node_terms(src, gnd, node_of, nc, h->ncols, a, x.s, x.g, err)) != JE_OK)
        goto done;
    resolve_conflicts(x.s, x.g, G.n, a->conflict);
    if ((st = cc_build(&G, &x.cc, err)) != JE_OK)
        goto done;
    unsigned char *solved = calloc((size_t)(x.cc.ncomp > 0 ? x.cc.ncomp : 1), 1);
    if (!solved) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    for (int64_t k = 0; k < x.cc.ncomp && st == JE_OK; k++) {
        double ssum = 0, gsum = 0;
        for (int64_t t = x.cc.nstart[k]; t < x.cc.nstart[k + 1]; t++) {
            ssum += x.s[x.cc.nodes[t]];
            gsum += x.g[x.cc.nodes[t]];
        }
        if (!(ssum > 0 && gsum > 0))
            continue;
        st = solve_component(&x, k, o, &r->used_cg, err);
        solved[k] = 1;
        r->n_solved++;
        r->source_total_a += ssum;
    }
    if (st == JE_OK && r->n_solved == 0)
        st = je_error_set(err, JE_EDATA,
                          "no connected part of the habitat has both a source and a ground "
                          "(check that the source and ground cells lie on valid habitat cells)");
    for (size_t i = 0; st == JE_OK && i < nc; i++) {
        int64_t u = node_of[i];
        int on = u >= 0 && solved[x.cc.comp[u]];
        r->voltage[i] = on ? x.V[u] : NAN;
        r->current[i] = on ? (x.out[u] > x.in[u] ? x.out[u] : x.in[u]) : 0;
    }
    free(solved);
    r->nrows = h->nrows;
    r->ncols = h->ncols;
    r->n_nodes = G.n;
    r->n_components = x.cc.ncomp;
done:
    adv_ctx_free(&x);
    free(node_of);
    free(G.eu);
    free(G.ev);
    free(G.eg);
    if (st != JE_OK)
        je_circuit_adv_result_free(r);
    else
        *out = r;
    return st;
}

je_status je_circuit_adv_write(const je_circuit_adv_result *r, const je_raster *grid,
                               const char *prefix, int volt, int cur, int null_currents_to_nodata,
                               je_error *err)
{
    je_raster *m = NULL;
    je_status st = je_raster_clone(grid, &m, err);
    if (st != JE_OK)
        return st;
    size_t nc = (size_t)grid->nrows * (size_t)grid->ncols, n = strlen(prefix) + 32;
    char *path = malloc(n);
    if (!path) {
        je_raster_free(m);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    m->nodata = -9999;
    if (volt) {
        memcpy(m->data, r->voltage, nc * sizeof *m->data);
        snprintf(path, n, "%s_voltmap.asc", prefix);
        st = je_raster_write(m, path, err);
    }
    if (st == JE_OK && cur) {
        for (size_t i = 0; i < nc; i++)
            m->data[i] = null_currents_to_nodata && r->current[i] == 0 ? NAN : r->current[i];
        snprintf(path, n, "%s_curmap.asc", prefix);
        st = je_raster_write(m, path, err);
    }
    free(path);
    je_raster_free(m);
    return st;
}
