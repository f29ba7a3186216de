/*
 * jointenv/allocation.h — the basin water-allocation scheme: a monthly network-flow
 * linear program over a shared basin (natural inflows at nodes, river, diversion and
 * return links with capacities and losses, ecological minimum flows, demands by
 * jurisdiction, sector and priority, agreed shares between jurisdictions), solved by
 * COIN-OR CBC through solver.h. Format of the scheme file, the LP written out, and
 * the priority modes: docs/allocation.md.
 *
 * Units. Every volume is in hm³ (10⁶ m³) per calendar month; a flow of 1 m³/s held
 * for a 30-day month is 2.592 hm³. Names end in _hm3. Fractions (losses, consumptive
 * use, shares, tolerances) are between 0 and 1. Months are indexed 0 (January) … 11.
 *
 * Policy. Priorities are data: priority 1 is served first (the scheme, not this code,
 * decides that domestic water comes first, as the Water Law requires; see
 * docs/STANDARDS.md). Agreed shares are data too.
 *
 * No storage: nodes hold no water from one month to the next (no reservoirs), so the
 * months are coupled only through shares whose period is the year.
 *
 * Everything here is re-entrant and keeps no global state; a scheme may be read by
 * several threads at once; a result belongs to its caller. Nothing prints.
 */
#ifndef JOINTENV_ALLOCATION_H
#define JOINTENV_ALLOCATION_H

#include "core.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JE_ALLOC_MONTHS 12

typedef enum {
    JE_ALLOC_SOURCE = 0,   /* a headwater: natural inflow, no inflowing link needed */
    JE_ALLOC_JUNCTION = 1, /* a confluence, a diversion head, a boundary section */
    JE_ALLOC_DEMAND = 2,   /* a place where users withdraw water (demands may sit anywhere) */
    JE_ALLOC_OUTLET = 3    /* where water leaves the basin; no outgoing links */
} je_alloc_node_kind;

typedef enum {
    JE_ALLOC_RIVER = 0,     /* a river reach */
    JE_ALLOC_DIVERSION = 1, /* a canal (e.g. the Changzheng Canal 长征渠) */
    JE_ALLOC_RETURN = 2     /* carries the non-consumed part of demands back to a river */
} je_alloc_link_kind;

typedef enum {
    JE_ALLOC_DOMESTIC = 0,
    JE_ALLOC_INDUSTRIAL = 1,
    JE_ALLOC_AGRICULTURAL = 2,
    JE_ALLOC_ECOLOGICAL = 3
} je_alloc_sector;
#define JE_ALLOC_NSECTORS 4

typedef enum {
    JE_ALLOC_LEXICOGRAPHIC = 0, /* exact: one LP per priority level, earlier levels fixed */
    JE_ALLOC_WEIGHTED = 1       /* one LP; the r-th level (r = 1 first) weighs 1000^(L − r) */
} je_alloc_priority_mode;

/* Names as used in scheme files and on the command line ("source", "river",
 * "domestic", "lexicographic" …); NULL for an out-of-range value. parse: exact,
 * lower case; JE_EINVAL (err says which names are allowed) otherwise. */
JE_API const char *je_alloc_node_kind_name(je_alloc_node_kind k);
JE_API const char *je_alloc_link_kind_name(je_alloc_link_kind k);
JE_API const char *je_alloc_sector_name(je_alloc_sector s);
JE_API const char *je_alloc_priority_mode_name(je_alloc_priority_mode m);
JE_API je_status je_alloc_priority_mode_parse(const char *s, je_alloc_priority_mode *out,
                                              je_error *err);

typedef struct je_alloc_node {
    char code[32];
    char name_zh[96];
    char name_en[96];
    char jurisdiction[16]; /* GB/T 2260 code, e.g. "510000" */
    je_alloc_node_kind kind;
    double inflow_hm3[JE_ALLOC_MONTHS]; /* natural (local) inflow, ≥ 0 */
} je_alloc_node;

typedef struct je_alloc_link {
    char id[32];
    int from, to; /* node indices */
    je_alloc_link_kind kind;
    double capacity_hm3[JE_ALLOC_MONTHS]; /* INFINITY when unlimited */
    double eco_min_hm3[JE_ALLOC_MONTHS];  /* ecological minimum (at the link's head); 0 = none */
    double loss;                          /* fraction of the entering flow lost, in [0, 1) */
    char section[32];                     /* a monitoring section on the link, or "" */
    int boundary;                         /* 1: the link crosses a jurisdiction boundary */
} je_alloc_link;

typedef struct je_alloc_demand {
    char id[32];
    int node; /* node index */
    char jurisdiction[16];
    je_alloc_sector sector;
    int priority;                       /* 1 = served first; 1 … 99 */
    double volume_hm3[JE_ALLOC_MONTHS]; /* wanted, ≥ 0 */
    double consumptive;                 /* consumed fraction; the rest returns */
    int return_link; /* link index (a return link leaving the demand's node), or −1: the
                        non-consumed part returns to the demand's own node */
} je_alloc_demand;

typedef struct je_alloc_share_party {
    char jurisdiction[16];
    double share; /* agreed fraction; the parties' shares sum to 1 */
} je_alloc_share_party;

typedef struct je_alloc_share {
    char id[32];
    int per_month;    /* 1: the share holds every month; 0: over the year */
    double tolerance; /* each party's delivered fraction is within share ± tolerance */
    int *nodes;       /* scope: demands at these node indices (NULL: every node) */
    size_t n_nodes;
    unsigned sectors; /* scope: bit (1 << sector) set for included sectors */
    je_alloc_share_party *parties;
    size_t n_parties;
} je_alloc_share;

/* A parsed, validated scheme. Arrays are owned by the scheme (je_alloc_scheme_free). */
typedef struct je_alloc_scheme {
    char id[64];
    char name[160];
    int year;
    int synthetic; /* the file says its numbers are synthetic */
    je_alloc_node *nodes;
    size_t n_nodes;
    je_alloc_link *links;
    size_t n_links;
    je_alloc_demand *demands;
    size_t n_demands;
    je_alloc_share *shares;
    size_t n_shares;
} je_alloc_scheme;

/* Parse and validate a scheme from JSON text (`len` bytes; `name` is the file name
 * used in messages, may be NULL). On success *out holds the scheme (free it with
 * je_alloc_scheme_free); on failure *out is zeroed and err says where and why, as
 * path:line:column with the JSON path of the offending value in err->field, e.g.
 * "scheme.json:41:7: links[3].to: unknown node 'X'" (JE_EDATA). Checked: JSON syntax;
 * unknown, missing and mistyped members; duplicate codes and ids; links between
 * unknown nodes, from a node to itself, or out of an outlet; return links that no
 * demand of their head node uses; nodes other than outlets with no outgoing river or
 * diversion link; cycles; no outlet; negative volumes; losses not in [0, 1);
 * ecological minimum above the capacity; shares that do not sum to 1 or name a
 * jurisdiction with no demand in their scope. JE_ENOMEM possible. */
JE_API je_status je_alloc_scheme_parse(const char *json, size_t len, const char *name,
                                       je_alloc_scheme *out, je_error *err);
/* Read the file at `path` and parse it (JE_EIO when it cannot be read). */
JE_API je_status je_alloc_scheme_load(const char *path, je_alloc_scheme *out, je_error *err);
/* Release what a scheme owns and zero it; NULL and a zeroed scheme are fine. */
JE_API void je_alloc_scheme_free(je_alloc_scheme *s);

/* Index of the node with that code / the link with that id, or −1. Linear search. */
JE_API int je_alloc_node_index(const je_alloc_scheme *s, const char *code);
JE_API int je_alloc_link_index(const je_alloc_scheme *s, const char *id);

/* A dry-year inflow series from CSV `node,month,inflow_hm3` (month 1–12, one row per
 * node and month; a node listed must have all twelve months). `inflow_hm3` (n_nodes × 12,
 * node-major, caller-owned) is first filled with the scheme's inflows, then the listed
 * nodes' series replace them. Bad rows: JE_EDATA with path:line:column (the first
 * one). */
JE_API je_status je_alloc_inflows_load(const je_alloc_scheme *s, const char *path,
                                       double *inflow_hm3, je_error *err);

typedef struct je_alloc_options {
    je_alloc_priority_mode mode; /* default lexicographic */
    double inflow_factor;        /* every inflow × this (≥ 0; default 1) */
    const double *inflow_hm3;    /* n_nodes × 12 replacing the scheme's inflows, or NULL */
    int equal_cuts;          /* lexicographic only: after each level's total is fixed, make its cuts
                                as even as possible (minimise the largest shortage fraction of any
                                demand-month of the level, then keep every one at least that well
                                served); one more LP per level that is short. Default 0. */
    double time_limit_s;     /* per LP solve; 0 = none */
    const char *lp_path;     /* if set, the first LP is also written there (CPLEX LP format) */
    je_progress_fn progress; /* called after each solve (done, total solves); may be NULL */
    void *progress_ctx;
} je_alloc_options;

JE_API void je_alloc_options_default(je_alloc_options *o);

typedef enum {
    JE_ALLOC_ISSUE_ECO_FLOW = 0, /* link `index` cannot carry its ecological minimum */
    JE_ALLOC_ISSUE_EXCESS = 1,   /* node `index` receives more than its links can carry */
    JE_ALLOC_ISSUE_SHARE = 2     /* share `index` cannot be kept within its tolerance */
} je_alloc_issue_kind;

/* Why a scheme has no feasible allocation: from a relaxation in which each hard
 * constraint has a slack, the least total slack, and every positive one named. */
typedef struct je_alloc_issue {
    je_alloc_issue_kind kind;
    int index;            /* link, node or share index */
    int month;            /* 0–11, or −1 for a yearly share */
    double shortfall_hm3; /* the slack: missing ecological flow, excess water, share gap */
    char message[256];    /* e.g. "link JL-B2 (section X) in 2022-03: ecological minimum
                             30 hm³, at most 21.4 hm³ can flow: shortfall 8.6 hm³" */
} je_alloc_issue;

typedef struct je_alloc_result {
    int feasible; /* 1: the arrays below hold the allocation; 0: see issues */
    je_alloc_issue *issues;
    size_t n_issues;
    double *inflow_hm3;    /* n_nodes × 12: the inflows used (after series and factor) */
    double *flow_hm3;      /* n_links × 12: flow entering each link (at its head) */
    double *delivered_hm3; /* n_demands × 12 */
    double *outflow_hm3;   /* n_nodes × 12: leaving the basin (outlets only; 0 elsewhere) */
    int lp_rows, lp_cols;  /* size of the (first) LP */
    size_t lp_nonzeros;
    int solves;     /* LPs solved */
    double seconds; /* total solver time */
} je_alloc_result;

/* Allocate: build the LP (docs/allocation.md, "Formulation") and solve it by
 * priority. Mass balance holds at every node and month:
 *   inflow + Σ in-links (1 − loss)·flow + Σ returns to the node itself
 *     = Σ out-links (not return) flow + Σ delivered + outflow,
 * each return link carries Σ (1 − consumptive)·delivered of the demands using it;
 * 0 ≤ flow ≤ capacity; flow ≥ ecological minimum; 0 ≤ delivered ≤ demand; shares
 * within tolerance. Lexicographic mode maximises the delivered volume of priority 1,
 * fixes it (to within 1e-9 relative + 1e-7 hm³), then priority 2, and so on; each stage also pays a
 * tiny cost (1e-6 per hm³) on diversion flows so canals carry only water that is
 * used. How a shortage is split among demands of one priority is not specified
 * unless opt->equal_cuts is set.
 * JE_OK whenever the solver ran: res->feasible says whether an allocation exists,
 * and when not, res->issues names each binding constraint (link/node/share, month,
 * shortfall). JE_ESOLVER when CBC fails or stops without a solution; JE_EINVAL for
 * bad options, and for weighted mode with more than 4 priority levels (weights beyond
 * 1000³ would exceed the solver's precision). Free res with je_alloc_result_free (also after an
 * error). */
JE_API je_status je_alloc_solve(const je_alloc_scheme *s, const je_alloc_options *opt,
                                je_alloc_result *res, je_error *err);
JE_API void je_alloc_result_free(je_alloc_result *res);

typedef enum {
    JE_ALLOC_BY_DEMAND = 0,
    JE_ALLOC_BY_NODE = 1,
    JE_ALLOC_BY_SECTOR = 2,
    JE_ALLOC_BY_PRIORITY = 3,
    JE_ALLOC_BY_JURISDICTION = 4
} je_alloc_group;

typedef struct je_alloc_total {
    char key[40];      /* demand id, node code, sector name, "P1" …, or jurisdiction */
    int month;         /* 0–11, or −1 for the year */
    double demand_hm3; /* wanted */
    double delivered_hm3;
    double shortage_hm3; /* demand − delivered (≥ 0) */
} je_alloc_total;

/* Totals of a feasible result by group, for the year (month −1) when `monthly` is 0,
 * else one row per group and month; groups in order of first appearance among the
 * demands (priorities ascending, sectors in enum order). *out is malloc'd (free()),
 * *out_n its length. JE_EINVAL for an infeasible result; JE_ENOMEM possible. */
JE_API je_status je_alloc_totals(const je_alloc_scheme *s, const je_alloc_result *res,
                                 je_alloc_group by, int monthly, je_alloc_total **out,
                                 size_t *out_n, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_ALLOCATION_H */
