/*
 * jointenv/ecology.h — ecological corridors and biodiversity surveys: circuit theory
 * as Circuitscape computes it, least-cost distances, paths and corridors, and the
 * diversity indices of vegan / EstimateS. docs/ecology.md is the user guide.
 *
 * Thread safety: every function is re-entrant and keeps no global state (CHOLMOD gets
 * its own cholmod_common per call), except the AMG solver's process-wide MPI start and
 * its lock (JE_CIRCUIT_SOLVER_AMG). The circuit solver uses OpenMP and the BLAS
 * threads behind CHOLMOD. Nothing here prints, exits or aborts.
 */
#ifndef JOINTENV_ECOLOGY_H
#define JOINTENV_ECOLOGY_H

#include "core.h"
#include "raster.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ===========================================================================
 * Circuit theory (Circuitscape conventions; McRae 2006, McRae et al. 2008)
 *
 * Raster → graph. A cell is a node when its habitat value is finite and > 0 (and,
 * with a mask, the mask cell is finite and > 0). Its conductance is c = 1/r when
 * the habitat holds resistances, else the value itself. Each cell is joined to its
 * E and S neighbours (and, unless four_neighbors, to SE and SW), both being nodes;
 * the edge conductance is
 *     avg_resistances:  g = 1 / ((r_a + r_b) / 2)      (r = 1/c)
 *     otherwise:        g = (c_a + c_b) / 2
 * and a diagonal edge's g is divided by √2. The cell size does not enter (as in
 * Circuitscape). Polygon cells (a polygon raster, ids > 0) are merged into one node
 * ("short-circuit regions"). Focal points with the same id on different nodes form a
 * focal region: its nodes are short-circuited only while that id is one end of the
 * pair being solved.
 *
 * Pairwise: for each pair of focal ids (i, j) in one connected component, 1 A is
 * injected at i and j is grounded; the effective resistance is the voltage at i.
 * Pairs in different components, pairs excluded by the pair list, and ids whose cells
 * are not nodes get −1; the diagonal is 0; two ids on the same node give 0. Without
 * focal regions the reduced Laplacian of each component is factored ONCE (CHOLMOD,
 * 64-bit indices) and each focal point costs one solve; with them every pair is
 * factored on its own contracted graph.
 *
 * One-to-all: for each id, 1 A at (its first point's) node, every other focal node
 * grounded; the "resistance" is the voltage at the source (−1 when no grounded node
 * is reachable). All-to-one: 1 A into every other focal node, that id's nodes
 * grounded; no resistances (NULL), currents only.
 *
 * Currents (Circuitscape's definition): the current through node u for one solve is
 * max(Σ_v g_uv·max(0, V_u − V_v), Σ_v g_uv·max(0, V_v − V_u)), i.e. the larger of the
 * current leaving and entering it through edges; every cell of a merged node gets the
 * node's current. The cumulative map sums this over all solved pairs (sources).
 * ======================================================================== */

typedef enum {
    JE_CIRCUIT_PAIRWISE = 0,
    JE_CIRCUIT_ONE_TO_ALL = 1,
    JE_CIRCUIT_ALL_TO_ONE = 2,
    JE_CIRCUIT_ADVANCED = 3 /* sources and grounds rasters: je_circuit_advanced */
} je_circuit_mode;

/* Linear solvers. Every solve is of a reduced graph Laplacian (symmetric positive
 * definite). AUTO: CHOLMOD for a component of up to `cg_above_nodes` free nodes
 * (default JE_CIRCUIT_AUTO_ITERATIVE_NODES), AMG above it (CG when the library was built
 * without hypre). CHOLMOD is exact and its extra solves are cheap, but its supernodal
 * factor of an 8-neighbour grid needs about 1.1 KB per node (11 GB at 10 M nodes); AMG
 * needs about 0.6 KB per node (the whole run's peak) and time close to linear in the size. */
typedef enum {
    JE_CIRCUIT_SOLVER_AUTO = 0,
    JE_CIRCUIT_SOLVER_CHOLMOD = 1, /* sparse Cholesky, factor once, solve many (SuiteSparse) */
    JE_CIRCUIT_SOLVER_CG = 2,      /* conjugate gradients, Jacobi preconditioner, OpenMP */
    JE_CIRCUIT_SOLVER_AMG = 3      /* CG preconditioned by hypre BoomerAMG (one V-cycle per
                                      iteration), set up once per grounding; single-threaded;
                                      JE_EINVAL when built without hypre. Debian's hypre needs
                                      MPI: the first AMG solve starts it (MPI_Init_thread, once
                                      per process, never finalised) unless the program did; AMG
                                      solves in one process run one at a time (hypre keeps
                                      global state). At most 2^31 − 1 matrix entries. */
} je_circuit_solver;

/* AUTO's default switch from CHOLMOD to AMG (free nodes in one component). */
#define JE_CIRCUIT_AUTO_ITERATIVE_NODES 2000000

/* "auto", "cholmod", "cg", "amg" (parse also takes Circuitscape's "cg+amg" → AMG). */
JE_API const char *je_circuit_solver_name(je_circuit_solver s);
JE_API je_status je_circuit_solver_parse(const char *s, je_circuit_solver *out, je_error *err);

/* "pairwise", "one-to-all", "all-to-one", "advanced" (Circuitscape's scenario names). */
JE_API const char *je_circuit_mode_name(je_circuit_mode m);
JE_API je_status je_circuit_mode_parse(const char *s, je_circuit_mode *out, je_error *err);

/* A focal point: id (> 0) at cell (row, col) of the habitat grid. */
typedef struct je_focal {
    int64_t id;
    int64_t row, col;
} je_focal;

/* Pairs to solve (Circuitscape's included_pairs_file). Focal ids not in ids[] are
 * dropped; pair (ids[a], ids[b]) is solved when include[a * n + b] is non-zero. */
typedef struct je_circuit_pairs {
    size_t n;
    int64_t *ids;
    unsigned char *include; /* n × n, symmetric */
} je_circuit_pairs;

typedef struct je_circuit_opts {
    je_circuit_mode mode;
    int four_neighbors;            /* connect_four_neighbors_only */
    int avg_resistances;           /* connect_using_avg_resistances */
    int habitat_is_resistance;     /* habitat_map_is_resistances */
    const je_raster *polygons;     /* short-circuit regions (same grid), or NULL */
    const je_raster *mask;         /* cells not finite or ≤ 0 are removed, or NULL */
    const je_circuit_pairs *pairs; /* NULL: all pairs */
    int want_current;              /* compute the cumulative current map */
    je_circuit_solver solver;
    int64_t cg_above_nodes; /* AUTO switches to AMG (or CG) above this many free nodes in a
                               component (0: JE_CIRCUIT_AUTO_ITERATIVE_NODES) */
    double cg_rtol; /* CG / AMG stop: ‖r‖₂ ≤ rtol·‖b‖₂ (0: 1e-10 CG, 1e-9 AMG) */
    int64_t cg_max_iter;     /* 0: CG 20,000 + nodes / 10, AMG 1,000 */
    je_progress_fn progress; /* solves done / total, or NULL */
    void *progress_ctx;
} je_circuit_opts;

/* Circuitscape's defaults: pairwise, 8 neighbours, average conductance, habitat of
 * resistances, current map on, solver AUTO. */
JE_API void je_circuit_opts_init(je_circuit_opts *o);

typedef struct je_circuit_result {
    je_circuit_mode mode;
    size_t n_ids;
    int64_t *ids;       /* focal ids, ascending */
    double *resistance; /* PAIRWISE: n_ids × n_ids; ONE_TO_ALL: n_ids; else NULL */
    int64_t nrows, ncols;
    double *cum_current; /* nrows × ncols (raster) or nodes (network); NULL if unwanted */
    int64_t n_nodes;     /* graph nodes after merging */
    int64_t n_components;
    int64_t n_solves; /* right-hand sides solved */
    int used_cg;      /* 0: every solve direct (CHOLMOD); 1: Jacobi CG ran; 2: AMG-CG ran */
} je_circuit_result;

/* Solve a raster circuit (pairwise, one-to-all, all-to-one; mode ADVANCED: JE_EINVAL,
 * see je_circuit_advanced). `habitat` gives the resistances or conductances; `focal`
 * lists n_focal points (ids ≤ 0 are ignored; rows/cols outside the grid: JE_EINVAL).
 * polygons/mask must be on the same grid (JE_EINVAL). JE_ESOLVER when the
 * factorization or CG fails; JE_ENOMEM. *out is freed with je_circuit_result_free. */
JE_API je_status je_circuit_raster(const je_raster *habitat, const je_focal *focal, size_t n_focal,
                                   const je_circuit_opts *o, je_circuit_result **out,
                                   je_error *err);

/* Solve a network circuit (Circuitscape's network mode): n_edges edges from[k]–to[k]
 * with value[k] a resistance (values_are_resistances) or conductance (> 0, finite;
 * JE_EINVAL otherwise); node ids are any int64; focal_nodes lists the focal node ids
 * (each must appear in an edge, else its row is −1). cum_current is per node in the
 * order of ascending node id (n_nodes of them). */
JE_API je_status je_circuit_network(size_t n_edges, const int64_t *from, const int64_t *to,
                                    const double *value, int values_are_resistances,
                                    const int64_t *focal_nodes, size_t n_focal,
                                    const je_circuit_opts *o, je_circuit_result **out,
                                    je_error *err);

JE_API void je_circuit_result_free(je_circuit_result *r);

/* ---- advanced mode (Circuitscape `scenario = advanced`) --------------------------
 * Current sources and grounds given as rasters on the habitat's grid:
 *   sources: amperes injected at the cell (NAN or 0: none; summed over the cells of a
 *     merged polygon node). With unit_currents every non-zero source is 1 A.
 *   grounds: per cell, a conductance to ground (siemens), or with
 *     ground_is_resistance (Circuitscape's default) a resistance to ground in ohms,
 *     r = 0 meaning a direct (0 Ω) connection. With direct_grounds every non-zero
 *     ground is a direct connection. NAN: no ground. Summed per node (conductances).
 *   Negative sources or grounds: JE_EDATA naming the cell.
 * A node that is both a source and a ground is resolved by `conflict` (Circuitscape's
 * remove_src_or_gnd): KEEP_ALL keeps both, RM_SRC drops the source, RM_GND the ground,
 * RM_ALL both; a source on a direct ground is dropped in every case (its current goes
 * straight to ground). Each connected component that has both a source and a ground is
 * solved: (L + diag(g_finite)) v = s with the directly grounded nodes at v = 0;
 * components without either are left unsolved.
 * Results per cell: voltage (V; NAN where the cell is not a node of a solved
 * component) and current (A; Circuitscape's node current — the larger of the current
 * leaving and entering the node, the current into a finite ground counting as
 * leaving — 0 outside solved components). */
typedef enum {
    JE_CIRCUIT_KEEP_ALL = 0, /* keepall */
    JE_CIRCUIT_RM_SRC = 1,   /* rmvsrc */
    JE_CIRCUIT_RM_GND = 2,   /* rmvgnd */
    JE_CIRCUIT_RM_ALL = 3    /* rmvall */
} je_circuit_conflict;

typedef struct je_circuit_adv_opts {
    int ground_is_resistance; /* ground_file_is_resistances (default 1) */
    int direct_grounds;       /* use_direct_grounds */
    int unit_currents;        /* use_unit_currents */
    je_circuit_conflict conflict;
} je_circuit_adv_opts;

/* Circuitscape's defaults: ground values are resistances, no direct grounds, source
 * values as given, keepall. */
JE_API void je_circuit_adv_opts_init(je_circuit_adv_opts *a);

/* "keepall", "rmvsrc", "rmvgnd", "rmvall". */
JE_API je_status je_circuit_conflict_parse(const char *s, je_circuit_conflict *out, je_error *err);

typedef struct je_circuit_adv_result {
    int64_t nrows, ncols;
    double *voltage;                         /* nrows × ncols, NAN outside solved components */
    double *current;                         /* nrows × ncols */
    int64_t n_nodes, n_components, n_solved; /* components solved */
    double source_total_a;                   /* amperes injected in solved components */
    int used_cg;                             /* as je_circuit_result */
} je_circuit_adv_result;

/* Solve the advanced scenario. `o` gives the graph rules (neighbours, averaging,
 * habitat kind, polygons, mask, solver); its mode, focal and pair settings are not
 * used. sources/grounds must be on the habitat's grid (JE_EINVAL). JE_EDATA when no
 * component has both a source and a ground (nothing to solve). Free *out with
 * je_circuit_adv_result_free. */
JE_API je_status je_circuit_advanced(const je_raster *habitat, const je_raster *sources,
                                     const je_raster *grounds, const je_circuit_opts *o,
                                     const je_circuit_adv_opts *a, je_circuit_adv_result **out,
                                     je_error *err);
JE_API void je_circuit_adv_result_free(je_circuit_adv_result *r);

/* Focal points from a file: a raster (any GDAL format; cells with a finite value > 0
 * become points with that id), or a text file of "id x y" lines (whitespace
 * separated, '#' comments) placed on `grid` by je_raster_cell_of. Points outside the
 * grid: JE_EDATA naming the line. *out (malloc'd, free()) and *n. */
JE_API je_status je_circuit_focal_read(const char *path, const je_raster *grid, je_focal **out,
                                       size_t *n, je_error *err);

/* An included-pairs file in either Circuitscape form: "min m / max M" then a matrix
 * whose first row and column are ids (pair kept when m ≤ value ≤ M), or "mode include"
 * / "mode exclude" followed by "id id" lines. Free with je_circuit_pairs_free. */
JE_API je_status je_circuit_pairs_read(const char *path, je_circuit_pairs **out, je_error *err);
JE_API void je_circuit_pairs_free(je_circuit_pairs *p);

/* Write Circuitscape's `_resistances.out`: pairwise — a matrix whose first row is
 * 0 then the ids and each further row an id then its resistances (−1 unreachable);
 * one-to-all — "id resistance" rows. Numbers space-separated, shortest round-trip
 * form. JE_EINVAL for all-to-one (no resistances); JE_EIO. */
JE_API je_status je_circuit_write_resistances(const je_circuit_result *r, const char *path,
                                              je_error *err);

/* A Circuitscape .ini file (raster data_type, scenario pairwise / one-to-all /
 * all-to-one / advanced). Relative paths are taken from the .ini file's directory.
 * Advanced mode needs source_file and ground_file (rasters) instead of point_file. */
typedef struct je_circuit_ini {
    char *habitat_file, *point_file, *polygon_file, *mask_file, *pairs_file, *output_file;
    char *source_file, *ground_file;
    je_circuit_adv_opts adv;
    int write_volt_maps;  /* advanced: write <prefix>_voltmap.asc */
    je_circuit_opts opts; /* polygons/mask/pairs pointers unset: the run loads them */
    int use_polygons, use_mask, use_included_pairs; /* the files count only when set */
    int write_cur_maps;                             /* write the cumulative current map */
    int set_null_currents_to_nodata;
} je_circuit_ini;

/* Parse `path`. Unknown keys, unsupported values (e.g. data_type = network,
 * scenario = advanced, use_variable_source_strengths = True) and malformed lines are
 * JE_EDATA with the line number in err; the first one stops the parse. */
JE_API je_status je_circuit_ini_read(const char *path, je_circuit_ini **out, je_error *err);
JE_API void je_circuit_ini_free(je_circuit_ini *ini);

/* Run an .ini: read the rasters and points, solve, and write
 * `<prefix>_resistances.out` (pairwise, one-to-all) and `<prefix>_cum_curmap.asc`
 * (when write_cur_maps), prefix = out_prefix or the ini's output_file without
 * extension. *out (may be NULL) receives the result. Advanced mode writes
 * `<prefix>_voltmap.asc` (write_volt_maps) and `<prefix>_curmap.asc` (write_cur_maps),
 * as Circuitscape does, and *out stays NULL (je_circuit_advanced gives the maps in
 * memory). */
JE_API je_status je_circuit_ini_run(const je_circuit_ini *ini, const char *out_prefix,
                                    je_progress_fn progress, void *progress_ctx,
                                    je_circuit_result **out, je_error *err);

/* Write an advanced result as ESRI ASCII grids on `grid`'s georeferencing:
 * `<prefix>_voltmap.asc` when volt, `<prefix>_curmap.asc` when cur (NAN and, with
 * null_currents_to_nodata, zero currents are written as nodata −9999). JE_EIO. */
JE_API je_status je_circuit_adv_write(const je_circuit_adv_result *r, const je_raster *grid,
                                      const char *prefix, int volt, int cur,
                                      int null_currents_to_nodata, je_error *err);

/* ===========================================================================
 * Least-cost distance, paths and corridors
 *
 * The grid's cells have costs per unit length (NAN, negative or infinite: impassable;
 * 0 is allowed). Moves go to the 8 neighbours (4 with four_neighbors).
 *   JE_COST_GEOMETRIC: a move costs (c_a + c_b)/2 × step, step = cellsize for N/S/E/W
 *     and cellsize·√2 for diagonals (GRASS r.cost, skimage MCP_Geometric).
 *   JE_COST_ENTERED: a move costs the entered cell's cost, whatever the direction
 *     (skimage MCP). The start cells cost 0.
 * Dijkstra with a binary heap: O(n log n).
 * ======================================================================== */

typedef enum { JE_COST_GEOMETRIC = 0, JE_COST_ENTERED = 1 } je_cost_rule;

typedef struct je_cost_opts {
    je_cost_rule rule;
    int four_neighbors;
    double cellsize; /* length of a cell side (0: 1) */
} je_cost_opts;

/* Accumulated cost from the nearest of n_src source cells (indices row*ncols+col)
 * into out_dist (nrows × ncols; unreachable = INFINITY). out_pred (may be NULL) gets
 * each cell's predecessor on its least-cost path (−1 at sources and unreachable
 * cells). JE_EINVAL for a source out of range or impassable; JE_ENOMEM. */
JE_API je_status je_cost_distance(const double *cost, int64_t nrows, int64_t ncols,
                                  const int64_t *src, size_t n_src, const je_cost_opts *o,
                                  double *out_dist, int64_t *out_pred, je_error *err);

/* Resistance raster from a land-cover raster: cell class k (an integer value) gets
 * value[i] where cls[i] == k. NAN cells stay NAN; a class missing from the table is
 * JE_EDATA naming it. *out freed with je_raster_free. */
JE_API je_status je_reclass(const je_raster *landcover, const double *cls, const double *value,
                            size_t n, je_raster **out, je_error *err);

/* One linkage between two patches. */
typedef struct je_linkage {
    int64_t from, to;   /* patch ids, from < to */
    double cost;        /* least-cost distance (INFINITY when none) */
    double euclid;      /* distance between the two patches' nearest path ends */
    int64_t path_cells; /* cells on the path */
    int64_t rank;       /* 1 = cheapest */
} je_linkage;

typedef struct je_corridors {
    size_t n_links;
    je_linkage *links;  /* ranked by cost, ascending */
    double *corridor;   /* nrows × ncols: min over linkages of D_a + D_b − cost (≤ width), NAN
                           elsewhere */
    int64_t *path_rank; /* nrows × ncols: rank of the cheapest path crossing the cell, 0 none */
} je_corridors;

/* Corridors between the patches of `patches` (cells with a finite value > 0 are
 * patch `value`; same grid as `resistance`): cost-distance surfaces from every patch
 * (multi-source), the least-cost path and cost for every pair of patches, and the
 * normalised corridor D_a + D_b − cost(a,b) kept where ≤ width (map units of cost;
 * width < 0: no corridor map). Cell size from the raster. */
JE_API je_status je_corridors_compute(const je_raster *resistance, const je_raster *patches,
                                      je_cost_rule rule, double width, je_progress_fn progress,
                                      void *progress_ctx, je_corridors **out, je_error *err);
JE_API void je_corridors_free(je_corridors *c);

/* ===========================================================================
 * Diversity of one sample (site) from species abundances
 *   S = species with n_i > 0; N = Σ n_i; p_i = n_i / N
 *   shannon = −Σ p_i ln p_i / ln(base)           (vegan diversity, base e default)
 *   simpson = 1 − Σ p_i², invsimpson = 1 / Σ p_i²  (vegan)
 *   pielou = shannon / log_base(S)   (NAN when S = 1)
 *   chao1 = S + F1(F1 − 1) / (2(F2 + 1))          (vegan estimateR: bias-corrected,
 *           no small-sample factor)
 *   chao1_classic = S + F1² / (2 F2) (Chao 1984; NAN when F2 = 0)
 *   chao1_estimates = EstimateS's default: S + K F1²/(2F2) when F2 > 0, else
 *           S + K F1(F1 − 1)/2, K = (N − 1)/N.
 *   chao1_var = variance of the bias-corrected chao1 (Chao 2005; EstimateS 9 guide,
 *           appendix B, with K = 1): F2 > 0: F1(F1−1)/(2(F2+1)) + F1(2F1−1)²/(4(F2+1)²)
 *           + F1²F2(F1−1)²/(4(F2+1)⁴); F2 = 0: F1(F1−1)/2 + F1(2F1−1)²/4 − F1⁴/(4 chao1).
 *   chao1_lo, chao1_hi = the log-normal 95 % interval (Chao 1987, as EstimateS):
 *           S + f0/C, S + f0·C, f0 = chao1 − S, C = exp(1.96 √ln(1 + var/f0²));
 *           lo = hi = chao1 when f0 = 0.
 *   ace (vegan estimateR, rare = n_i ≤ 10): S_abund + S_rare/C + (F1/C)·γ²,
 *           C = 1 − F1/N_rare, γ² = max(S_rare Σ i(i−1)F_i / (C N_rare (N_rare − 1)) − 1, 0);
 *           NAN when every rare species is a singleton (C = 0).
 * ======================================================================== */
typedef struct je_diversity {
    int64_t S;
    double N;
    double shannon, simpson, invsimpson, pielou;
    double chao1, chao1_classic, chao1_estimates, chao1_var, chao1_lo, chao1_hi;
    double ace;
} je_diversity;

/* Indices of n abundances (counts ≥ 0, integers for chao1/ace; zeros are absent
 * species). log_base e or 2 (any > 1). JE_EINVAL for a negative or non-finite count,
 * or N = 0. */
JE_API je_status je_diversity_compute(const double *counts, size_t n, double log_base,
                                      je_diversity *out, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_ECOLOGY_H */
