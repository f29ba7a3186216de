/* circuit_internal.h — what the circuit files share (not installed). */
#ifndef JE_ECOLOGY_CIRCUIT_INTERNAL_H
#define JE_ECOLOGY_CIRCUIT_INTERNAL_H

#include "jointenv/ecology.h"

/* A conductance graph as an edge list: edge e joins eu[e] and ev[e] (0 ≤ id < n,
 * eu != ev) with conductance eg[e] > 0. Parallel edges add up. */
typedef struct sgraph {
    int64_t n;
    size_t ne;
    int64_t *eu, *ev;
    double *eg;
} sgraph;

/* The graph of a raster by Circuitscape's rules (ecology.h): *node_of (nrows × ncols,
 * malloc'd) maps a cell to its node or −1. */
je_status raster_graph(const je_raster *h, const je_circuit_opts *o, int64_t **node_of, sgraph *G,
                       je_error *err);

/* Connected components: comp[node]; nodes of component k are
 * nodes[nstart[k] .. nstart[k+1]), its edges edges[estart[k] .. estart[k+1]). */
typedef struct cc_index {
    int64_t ncomp;
    int64_t *comp, *nstart, *nodes, *estart, *edges;
} cc_index;

je_status cc_build(const sgraph *G, cc_index *c, je_error *err);
void cc_free(cc_index *c);

/* Solve the reduced Laplacian of the given edges for nodes with loc[node] ≥ 0 (m of
 * them, numbered 0..m−1; loc −1 = grounded) plus gdiag[0..m) on the diagonal (finite
 * conductances to ground; NULL: none): B (m × k, column-major) is overwritten
 * by the solutions. *used_cg becomes 1 (Jacobi CG) or 2 (AMG-CG) when an iterative
 * solver ran. */
je_status solve_local(const sgraph *G, const int64_t *edges, size_t ne, const int64_t *loc,
                      const double *gdiag, int64_t m, double *B, size_t k, const je_circuit_opts *o,
                      int *used_cg, je_error *err);

/* The reduced Laplacian of the given edges (nodes with loc ≥ 0, m of them) in CSR form,
 * both triangles, the diagonal first in each row; dinv = 1 / diagonal. */
typedef struct csr {
    int64_t m;
    int64_t *rp, *ci;
    double *v, *dinv;
} csr;
je_status csr_build(const sgraph *G, const int64_t *edges, size_t ne, const int64_t *loc,
                    const double *gdiag, int64_t m, csr *A, je_error *err);
void csr_free(csr *a);

/* AMG-preconditioned CG through hypre (circuit_amg.c) on A (consumed: freed as soon as
 * hypre holds a copy): B (m × k, column-major) is overwritten by the solutions.
 * amg_available() is 0 when the library was built without hypre. */
int amg_available(void);
je_status solve_amg(csr *A, double *B, size_t k, const je_circuit_opts *o, je_error *err);

/* Add Circuitscape's node currents for voltages V over the given edges into acc
 * (nodes[0..nn) are the nodes those edges touch); out/in are zeroed scratch arrays,
 * left zeroed. */
void node_currents_add(const sgraph *G, const int64_t *edges, size_t ne, const int64_t *nodes,
                       int64_t nn, const double *V, double *out, double *in, double *acc);

/* Focal ids and their distinct nodes: id k has nodes[start[k] .. start[k+1]) (none when
 * its cells are not nodes); the first is the node of its first point. */
typedef struct focal_sets {
    size_t nid;
    int64_t *ids;
    int64_t *start, *nodes;
    unsigned char *include; /* nid × nid, or NULL = all pairs */
} focal_sets;

void focal_sets_free(focal_sets *F);

/* Run the mode of o on G: res gets the resistances (pairwise nid × nid, one-to-all
 * nid; untouched for all-to-one), node_cur (n, may be NULL) the summed node currents. */
je_status circuit_solve(const sgraph *G, const focal_sets *F, const je_circuit_opts *o, double *res,
                        double *node_cur, je_circuit_result *info, je_error *err);

#endif
