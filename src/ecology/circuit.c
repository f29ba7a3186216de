/* circuit.c — Circuitscape-style circuit solves on a graph (ecology.h explains what).
 *
 * How. A graph is an edge list (u, v, conductance). Components come from a
 * union-find; nodes and edges are bucketed per component. A solve grounds a set of
 * nodes (voltage 0) and assembles the reduced Laplacian of the remaining nodes of one
 * component: diag(u) = Σ g over its edges (edges to grounded nodes included),
 * offdiag(u,v) = −g. CHOLMOD factors it (64-bit "l" interface, upper triangle, stype
 * 1) once and solves all right-hand sides of that grounding together; the CG path
 * runs Jacobi-preconditioned conjugate gradients column by column on a CSR copy, and
 * the AMG path hands the same CSR matrix to hypre (circuit_amg.c).
 *
 * Pairwise without focal regions: one ground g per component (its first focal node),
 * one solve per other focal node u: X_u = L⁻¹ e_u. Then, with X_g = 0,
 *     R(a, b) = X_a[a] + X_b[b] − 2 X_a[b]      and the pair's voltages V = X_a − X_b,
 * which is exactly "1 A into a, b grounded" up to a constant. With focal regions each
 * pair is solved on its own contracted graph (circuit_pair_regions). */
#include "circuit_internal.h"

#include <cholmod.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- union-find and components ---------------------------------------- */

static int64_t uf_find(int64_t *p, int64_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

void cc_free(cc_index *c)
{
    free(c->comp);
    free(c->nstart);
    free(c->nodes);
    free(c->estart);
    free(c->edges);
    memset(c, 0, sizeof *c);
}

je_status cc_build(const sgraph *G, cc_index *c, je_error *err)
{
    memset(c, 0, sizeof *c);
    int64_t n = G->n;
    int64_t *p = malloc((size_t)(n > 0 ? n : 1) * sizeof *p);
    c->comp = malloc((size_t)(n > 0 ? n : 1) * sizeof *c->comp);
    c->nodes = malloc((size_t)(n > 0 ? n : 1) * sizeof *c->nodes);
    c->edges = malloc((G->ne > 0 ? G->ne : 1) * sizeof *c->edges);
    if (!p || !c->comp || !c->nodes || !c->edges)
        goto nomem;
    for (int64_t i = 0; i < n; i++)
        p[i] = i;
    for (size_t e = 0; e < G->ne; e++) {
        int64_t a = uf_find(p, G->eu[e]), b = uf_find(p, G->ev[e]);
        if (a != b)
            p[a < b ? b : a] = a < b ? a : b;
    }
    int64_t nc = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t r = uf_find(p, i);
        c->comp[i] = (r == i) ? nc++ : c->comp[r];
    }
    c->ncomp = nc;
    c->nstart = calloc((size_t)nc + 1, sizeof *c->nstart);
    c->estart = calloc((size_t)nc + 1, sizeof *c->estart);
    if (!c->nstart || !c->estart)
        goto nomem;
    for (int64_t i = 0; i < n; i++)
        c->nstart[c->comp[i] + 1]++;
    for (size_t e = 0; e < G->ne; e++)
        c->estart[c->comp[G->eu[e]] + 1]++;
    for (int64_t k = 0; k < nc; k++) {
        c->nstart[k + 1] += c->nstart[k];
        c->estart[k + 1] += c->estart[k];
    }
    /* p is reused as the fill cursor */
    for (int64_t k = 0; k < nc; k++)
        p[k] = c->nstart[k];
    for (int64_t i = 0; i < n; i++)
        c->nodes[p[c->comp[i]]++] = i;
    for (int64_t k = 0; k < nc; k++)
        p[k] = c->estart[k];
    for (size_t e = 0; e < G->ne; e++)
        c->edges[p[c->comp[G->eu[e]]]++] = (int64_t)e;
    free(p);
    return JE_OK;
nomem:
    free(p);
    cc_free(c);
    return je_error_set(err, JE_ENOMEM, "out of memory for the components of %lld nodes",
                        (long long)n);
}

/* ---- linear solves ------------------------------------------------------ */

enum { SOLVE_BLOCK = 4 }; /* right-hand sides per CHOLMOD solve call */

static je_status solve_cholmod(const sgraph *G, const int64_t *edges, size_t ne, const int64_t *loc,
                               const double *gdiag, int64_t m, double *B, size_t k, je_error *err)
{
    cholmod_common c;
    cholmod_l_start(&c);
    c.print = 0;
    c.error_handler = NULL;
    je_status st = JE_OK;
    cholmod_sparse *A = NULL;
    cholmod_factor *L = NULL;
    cholmod_dense *X = NULL;
    size_t nnz = (size_t)m;
    for (size_t t = 0; t < ne; t++) {
        int64_t e = edges[t];
        if (loc[G->eu[e]] >= 0 && loc[G->ev[e]] >= 0)
            nnz++;
    }
    cholmod_triplet *T = cholmod_l_allocate_triplet((size_t)m, (size_t)m, nnz, 1, CHOLMOD_REAL, &c);
    if (!T) {
        st = je_error_set(err, JE_ENOMEM, "out of memory for a %lld-node Laplacian", (long long)m);
        goto done;
    }
    SuiteSparse_long *Ti = T->i, *Tj = T->j;
    double *Tx = T->x;
    for (int64_t a = 0; a < m; a++) {
        Ti[a] = Tj[a] = a;
        Tx[a] = 0;
    }
    size_t q = (size_t)m;
    for (size_t t = 0; t < ne; t++) {
        int64_t e = edges[t], a = loc[G->eu[e]], b = loc[G->ev[e]];
        double g = G->eg[e];
        if (a >= 0)
            Tx[a] += g;
        if (b >= 0)
            Tx[b] += g;
        if (a >= 0 && b >= 0) {
            Ti[q] = a < b ? a : b;
            Tj[q] = a < b ? b : a;
            Tx[q] = -g;
            q++;
        }
    }
    for (int64_t a = 0; gdiag && a < m; a++)
        Tx[a] += gdiag[a]; /* conductances to ground (advanced mode) */
    T->nnz = q;
    A = cholmod_l_triplet_to_sparse(T, q, &c);
    cholmod_l_free_triplet(&T, &c);
    if (!A) {
        st = je_error_set(err, JE_ENOMEM, "out of memory assembling a %lld-node Laplacian",
                          (long long)m);
        goto done;
    }
    L = cholmod_l_analyze(A, &c);
    if (!L || !cholmod_l_factorize(A, L, &c) || c.status != CHOLMOD_OK) {
        st = je_error_set(err, c.status == CHOLMOD_OUT_OF_MEMORY ? JE_ENOMEM : JE_ESOLVER,
                          "CHOLMOD could not factor the %lld-node Laplacian (status %d%s)",
                          (long long)m, c.status,
                          c.status == CHOLMOD_NOT_POSDEF ? ", not positive definite" : "");
        goto done;
    }
    cholmod_l_free_sparse(&A, &c); /* not needed for the solves: memory back first */
    /* solve in blocks of columns so that CHOLMOD's output copy stays small */
    for (size_t j0 = 0; j0 < k; j0 += SOLVE_BLOCK) {
        size_t nb = k - j0 < SOLVE_BLOCK ? k - j0 : SOLVE_BLOCK;
        cholmod_dense Bd;
        memset(&Bd, 0, sizeof Bd);
        Bd.nrow = (size_t)m;
        Bd.ncol = nb;
        Bd.nzmax = (size_t)m * nb;
        Bd.d = (size_t)m;
        Bd.x = B + (size_t)m * j0;
        Bd.xtype = CHOLMOD_REAL;
        Bd.dtype = CHOLMOD_DOUBLE;
        X = cholmod_l_solve(CHOLMOD_A, L, &Bd, &c);
        if (!X) {
            st = je_error_set(err, JE_ESOLVER, "CHOLMOD solve failed (status %d)", c.status);
            goto done;
        }
        memcpy(Bd.x, X->x, (size_t)m * nb * sizeof *B);
        cholmod_l_free_dense(&X, &c);
    }
done:
    cholmod_l_free_dense(&X, &c);
    cholmod_l_free_factor(&L, &c);
    cholmod_l_free_sparse(&A, &c);
    cholmod_l_finish(&c);
    return st;
}

void csr_free(csr *a)
{
    free(a->rp);
    free(a->ci);
    free(a->v);
    free(a->dinv);
}

je_status csr_build(const sgraph *G, const int64_t *edges, size_t ne, const int64_t *loc,
                    const double *gdiag, int64_t m, csr *A, je_error *err)
{
    memset(A, 0, sizeof *A);
    A->m = m;
    A->rp = calloc((size_t)m + 1, sizeof *A->rp);
    A->dinv = calloc((size_t)m, sizeof *A->dinv);
    if (!A->rp || !A->dinv)
        goto nomem;
    for (int64_t a = 0; a < m; a++)
        A->rp[a + 1] = 1;
    for (size_t t = 0; t < ne; t++) {
        int64_t e = edges[t], a = loc[G->eu[e]], b = loc[G->ev[e]];
        if (a >= 0 && b >= 0) {
            A->rp[a + 1]++;
            A->rp[b + 1]++;
        }
    }
    for (int64_t a = 0; a < m; a++)
        A->rp[a + 1] += A->rp[a];
    size_t nnz = (size_t)A->rp[m];
    A->ci = malloc(nnz * sizeof *A->ci);
    A->v = malloc(nnz * sizeof *A->v);
    int64_t *cur = malloc((size_t)m * sizeof *cur);
    if (!A->ci || !A->v || !cur) {
        free(cur);
        goto nomem;
    }
    for (int64_t a = 0; a < m; a++) {
        A->ci[A->rp[a]] = a;
        A->v[A->rp[a]] = 0;
        cur[a] = A->rp[a] + 1;
    }
    for (size_t t = 0; t < ne; t++) {
        int64_t e = edges[t], a = loc[G->eu[e]], b = loc[G->ev[e]];
        double g = G->eg[e];
        if (a >= 0)
            A->v[A->rp[a]] += g;
        if (b >= 0)
            A->v[A->rp[b]] += g;
        if (a >= 0 && b >= 0) {
            A->ci[cur[a]] = b;
            A->v[cur[a]++] = -g;
            A->ci[cur[b]] = a;
            A->v[cur[b]++] = -g;
        }
    }
    free(cur);
    for (int64_t a = 0; gdiag && a < m; a++)
        A->v[A->rp[a]] += gdiag[a];
    for (int64_t a = 0; a < m; a++)
        A->dinv[a] = 1.0 / A->v[A->rp[a]];
    return JE_OK;
nomem:
    csr_free(A);
    return je_error_set(err, JE_ENOMEM, "out of memory for a %lld-node system", (long long)m);
}

static void spmv(const csr *A, const double *x, double *y)
{
    int64_t m = A->m;
#pragma omp parallel for schedule(static)
    for (int64_t a = 0; a < m; a++) {
        double s = 0;
        for (int64_t p = A->rp[a]; p < A->rp[a + 1]; p++)
            s += A->v[p] * x[A->ci[p]];
        y[a] = s;
    }
}

static double dot(const double *x, const double *y, int64_t m)
{
    double s = 0;
#pragma omp parallel for reduction(+ : s) schedule(static)
    for (int64_t a = 0; a < m; a++)
        s += x[a] * y[a];
    return s;
}

/* Jacobi-preconditioned CG on A x = b, x overwriting b. */
static je_status pcg(const csr *A, double *bx, double rtol, int64_t maxit, double *work,
                     je_error *err)
{
    int64_t m = A->m;
    double *x = work, *r = work + m, *z = work + 2 * m, *p = work + 3 * m, *q = work + 4 * m;
    double bn = sqrt(dot(bx, bx, m));
    if (bn == 0)
        return JE_OK;
#pragma omp parallel for schedule(static)
    for (int64_t a = 0; a < m; a++) {
        x[a] = 0;
        r[a] = bx[a];
        z[a] = r[a] * A->dinv[a];
        p[a] = z[a];
    }
    double rz = dot(r, z, m);
    int64_t it = 0;
    for (; it < maxit; it++) {
        spmv(A, p, q);
        double alpha = rz / dot(p, q, m);
#pragma omp parallel for schedule(static)
        for (int64_t a = 0; a < m; a++) {
            x[a] += alpha * p[a];
            r[a] -= alpha * q[a];
            z[a] = r[a] * A->dinv[a];
        }
        if (sqrt(dot(r, r, m)) <= rtol * bn)
            break;
        double rz2 = dot(r, z, m), beta = rz2 / rz;
        rz = rz2;
#pragma omp parallel for schedule(static)
        for (int64_t a = 0; a < m; a++)
            p[a] = z[a] + beta * p[a];
    }
    if (it >= maxit)
        return je_error_set(err, JE_ESOLVER,
                            "CG did not converge in %lld iterations on %lld nodes "
                            "(raise the iteration limit or use CHOLMOD)",
                            (long long)maxit, (long long)m);
    memcpy(bx, x, (size_t)m * sizeof *x);
    return JE_OK;
}

static je_status solve_cg(const sgraph *G, const int64_t *edges, size_t ne, const int64_t *loc,
                          const double *gdiag, int64_t m, double *B, size_t k,
                          const je_circuit_opts *o, je_error *err)
{
    csr A;
    je_status st = csr_build(G, edges, ne, loc, gdiag, m, &A, err);
    if (st != JE_OK)
        return st;
    double *work = malloc((size_t)m * 5 * sizeof *work);
    if (!work) {
        csr_free(&A);
        return je_error_set(err, JE_ENOMEM, "out of memory for CG work vectors");
    }
    double rtol = o->cg_rtol > 0 ? o->cg_rtol : 1e-10;
    int64_t maxit = o->cg_max_iter > 0 ? o->cg_max_iter : 20000 + m / 10;
    for (size_t j = 0; j < k && st == JE_OK; j++)
        st = pcg(&A, B + (size_t)m * j, rtol, maxit, work, err);
    free(work);
    csr_free(&A);
    return st;
}

static int64_t circuit_auto_limit(const je_circuit_opts *o)
{
    return o->cg_above_nodes > 0 ? o->cg_above_nodes : JE_CIRCUIT_AUTO_ITERATIVE_NODES;
}

je_status solve_local(const sgraph *G, const int64_t *edges, size_t ne, const int64_t *loc,
                      const double *gdiag, int64_t m, double *B, size_t k, const je_circuit_opts *o,
                      int *used_cg, je_error *err)
{
    if (m == 0 || k == 0)
        return JE_OK;
    je_circuit_solver s = o->solver;
    if (s == JE_CIRCUIT_SOLVER_AUTO)
        s = m <= circuit_auto_limit(o)
                ? JE_CIRCUIT_SOLVER_CHOLMOD
                : (amg_available() ? JE_CIRCUIT_SOLVER_AMG : JE_CIRCUIT_SOLVER_CG);
    switch (s) {
    case JE_CIRCUIT_SOLVER_CG:
        *used_cg = 1;
        return solve_cg(G, edges, ne, loc, gdiag, m, B, k, o, err);
    case JE_CIRCUIT_SOLVER_AMG: {
        csr A;
        je_status st = csr_build(G, edges, ne, loc, gdiag, m, &A, err);
        if (st != JE_OK)
            return st;
        *used_cg = 2;
        return solve_amg(&A, B, k, o, err);
    }
    case JE_CIRCUIT_SOLVER_AUTO:
    case JE_CIRCUIT_SOLVER_CHOLMOD:
        break;
    }
    return solve_cholmod(G, edges, ne, loc, gdiag, m, B, k, err);
}

/* ---- currents ----------------------------------------------------------- */

void node_currents_add(const sgraph *G, const int64_t *edges, size_t ne, const int64_t *nodes,
                       int64_t nn, const double *V, double *out, double *in, double *acc)
{
    for (size_t t = 0; t < ne; t++) {
        int64_t e = edges[t], u = G->eu[e], v = G->ev[e];
        double i = G->eg[e] * (V[u] - V[v]);
        if (i > 0) {
            out[u] += i;
            in[v] += i;
        } else {
            out[v] -= i;
            in[u] -= i;
        }
    }
    for (int64_t t = 0; t < nn; t++) {
        int64_t u = nodes[t];
        acc[u] += out[u] > in[u] ? out[u] : in[u];
        out[u] = in[u] = 0;
    }
}
