/*
 * jointenv/river.h — a river network and a steady-state water-quality model on it:
 * complete mixing at confluences and loads, first-order decay of COD, CODMn, NH3-N,
 * TP and BOD5, and the BOD–DO balance by Streeter–Phelps with reaeration by
 * O'Connor–Dobbins, Churchill or Owens–Gibbs; the critical point of the oxygen sag;
 * each load's (and each jurisdiction's) contribution to every section; and the least
 * load reduction that brings chosen sections to their target class (an LP).
 *
 * Engines here are pure: no I/O, no globals, deterministic, re-entrant. A network is
 * built by one thread (the je_river_net_add_* functions), then checked once by
 * je_river_net_validate; after that it is read-only, and any number of threads may run
 * the model, attribution and cuts on it at once (e.g. one month each).
 *
 * Units: lengths and distances km (x_km, measured from a reach's upstream end); flows
 * m³/s; velocities m/s; depths m; temperatures °C; rates per day (k_per_d, at the
 * reach's temperature unless the name says 20 °C); concentrations mg/L; diffuse loads
 * kg/d per km of reach; travel times days. A value not given is NAN.
 *
 * References (each formula cites its own in src/water/): Chapra, Surface Water-Quality
 * Modeling (1997), lectures 9 (plug flow, distributed loads), 19 (BOD, oxygen
 * saturation), 20 (reaeration), 21–22 (Streeter–Phelps, point and distributed sources); Thomann &
 * Mueller, Principles of Surface Water Quality Modeling and Control (1987), ch. 6; O'Connor &
 * Dobbins (1958); Churchill, Elmore & Buckingham (1962); Owens, Edwards & Gibbs (1964); APHA
 * Standard Methods 4500-O after Benson & Krause (1984) for DO saturation. User guide:
 * docs/river.md.
 */
#ifndef JOINTENV_RIVER_H
#define JOINTENV_RIVER_H

#include "core.h"
#include "water.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * Substances the model carries. The order is fixed; arrays indexed by
 * je_river_sub have JE_RIVER_NSUB entries. The DO slot holds dissolved oxygen (mg/L)
 * in concentrations and the oxygen DEFICIT in attribution (see there).
 * ------------------------------------------------------------------------- */
#define JE_RIVER_SUB_MAP(X)                                                                        \
    X(COD, "cod", JE_WQ_COD)                                                                       \
    X(CODMN, "codmn", JE_WQ_CODMN)                                                                 \
    X(NH3N, "nh3n", JE_WQ_NH3N)                                                                    \
    X(TP, "tp", JE_WQ_TP)                                                                          \
    X(BOD5, "bod5", JE_WQ_BOD5)                                                                    \
    X(DO, "do", JE_WQ_DO)

typedef enum {
#define JE_RIVER_SUB_ENUM(id, code, item) JE_RIVER_##id,
    JE_RIVER_SUB_MAP(JE_RIVER_SUB_ENUM)
#undef JE_RIVER_SUB_ENUM
        JE_RIVER_NSUB
} je_river_sub;

/* "cod", "codmn", "nh3n", "tp", "bod5", "do" (the je_wq_item codes); NULL when out of
 * range. The GB 3838 item of a substance (JE_WQ_NITEMS when out of range). Find by
 * code (case-insensitive, `len` bytes): JE_ENOTFOUND when unknown. */
JE_API const char *je_river_sub_code(je_river_sub s);
JE_API je_wq_item je_river_sub_item(je_river_sub s);
JE_API je_status je_river_sub_find(const char *code, size_t len, je_river_sub *out);

/* ---------------------------------------------------------------------------
 * Single-reach formulas (also what `jointenv river dosag` computes).
 * ------------------------------------------------------------------------- */

/* A first-order rate at temperature: k(T) = k20·θ^(T−20) (the θ model, Chapra 1997 Lecture 2). NAN
 * in, NAN out. */
JE_API double je_river_rate_at(double k20_per_d, double theta, double temp_c);

/* DO saturation (mg/L) of fresh water at 1 atm and temp_c (0–40 °C), by Benson & Krause
 * (1984) as given in APHA Standard Methods 4500-O and Chapra (1997) Lecture 19:
 * ln Cs = −139.34411 + 1.575701e5/Ta − 6.642308e7/Ta² + 1.243800e10/Ta³ − 8.621949e11/Ta⁴,
 * Ta = T + 273.15 K; with elevation_m > 0 reduced by ln Cs,p = ln Cs − 1.148e−4·elev
 * (Zison et al. 1978, as in Chapra 1997 Lecture 19). NAN outside −1…50 °C or for NAN input. */
JE_API double je_river_do_sat(double temp_c, double elevation_m);

typedef enum {
    JE_REAER_OCONNOR_DOBBINS = 0, /* ka20 = 3.93·U^0.5/H^1.5 (O'Connor & Dobbins 1958) */
    JE_REAER_CHURCHILL = 1,       /* ka20 = 5.026·U/H^1.67 (Churchill et al. 1962) */
    JE_REAER_OWENS_GIBBS = 2,     /* ka20 = 5.32·U^0.67/H^1.85 (Owens et al. 1964) */
    JE_REAER_FIXED = 3            /* ka20 given in je_river_params.ka20_per_d */
} je_reaeration;

/* "oconnor-dobbins", "churchill", "owens-gibbs", "fixed" (NULL when out of range); parse
 * is case-insensitive and also accepts "od", "oconnor", "owens"; JE_EINVAL otherwise. */
JE_API const char *je_reaeration_name(je_reaeration f);
JE_API je_status je_reaeration_parse(const char *s, je_reaeration *out, je_error *err);

/* Reaeration rate at 20 °C (per day) from mean velocity u_m_s and mean depth h_m by one
 * of the three formulas (SI forms as tabulated in Chapra 1997 Lecture 20). NAN for
 * JE_REAER_FIXED, u < 0, h ≤ 0 or NAN input. Correct to T with je_river_rate_at(ka20,
 * 1.024, T) (Elmore & West 1961, Chapra Lecture 20). */
JE_API double je_river_ka20(je_reaeration f, double u_m_s, double h_m);

/* Streeter–Phelps deficit (mg/L) at travel time t_d from an initial ultimate BOD l0_mg_l
 * and deficit d0_mg_l, with deoxygenation kd, BOD removal kr (kr = kd in the classic
 * model; kr = kd + settling, Chapra 1997 Lecture 21) and reaeration ka, all per day at the
 * water's temperature:
 *   D(t) = kd·L0/(ka − kr)·(e^(−kr t) − e^(−ka t)) + D0·e^(−ka t)   (Chapra Lecture 21)
 *   D(t) = (kd·L0·t + D0)·e^(−ka t)                        when ka = kr (its limit)
 * evaluated in a form without cancellation when ka is close to kr. NAN for negative or
 * NAN inputs, or ka ≤ 0, kr ≤ 0. */
JE_API double je_river_sp_deficit(double l0_mg_l, double d0_mg_l, double kd_per_d, double kr_per_d,
                                  double ka_per_d, double t_d);

/* The critical (maximum-deficit) point of a Streeter–Phelps sag (Chapra 1997 Lecture 21;
 * Thomann & Mueller 1987 ch. 6):
 *   t_c = 1/(ka − kr) · ln{ ka/kr · [1 − D0·(ka − kr)/(kd·L0)] }
 *   t_c = 1/ka − D0/(kd·L0)                                 when ka = kr,
 *   D_c = kd/ka · L0 · e^(−kr t_c).
 * Valid for ka above, equal to or below kr. When the deficit is not rising at the start
 * (kd·L0 ≤ ka·D0, which includes L0 = 0 and D0 at or past the critical value) the
 * deficit only falls: t_c = 0 and D_c = D0. out_t_crit_d and out_d_crit_mg_l receive
 * the point (either may be NULL). JE_EINVAL (with the reason) for negative or NAN
 * l0, d0, kd, or ka, kr not > 0. */
JE_API je_status je_river_sp_critical(double l0_mg_l, double d0_mg_l, double kd_per_d,
                                      double kr_per_d, double ka_per_d, double *out_t_crit_d,
                                      double *out_d_crit_mg_l, je_error *err);

/* ---------------------------------------------------------------------------
 * The network: nodes, reaches between them, sections and loads on reaches.
 *
 * A reach runs from one node to another (a directed link). CHANNEL reaches form a tree
 * that drains to one outlet: every node has at most one outgoing channel, and exactly
 * one node (the outlet) has none. DIVERSION links take water from a node to another
 * node (a canal such as the Changzheng Canal; they may join another branch of the
 * tree, so the whole is a directed acyclic graph); WITHDRAWAL links take water out of
 * the network (to_node NULL). Water leaving a node by any link carries the node's
 * mixed concentration.
 *
 * Elements are numbered from 0 in the order they are added; month conditions and
 * results use these indexes. Codes are unique per element kind; strings are copied.
 * ------------------------------------------------------------------------- */
typedef struct je_river_net je_river_net;

typedef enum {
    JE_REACH_CHANNEL = 0,   /* a river reach */
    JE_REACH_DIVERSION = 1, /* a canal from a node to another node */
    JE_REACH_WITHDRAWAL = 2 /* water taken out of the network (no to_node) */
} je_reach_kind;

typedef enum {
    JE_LOAD_OUTFALL = 0,   /* a sewage or industrial outfall */
    JE_LOAD_WWTP = 1,      /* a wastewater treatment plant's discharge */
    JE_LOAD_TRIBUTARY = 2, /* a tributary not modelled as reaches */
    JE_LOAD_DIFFUSE = 3    /* non-point: mass per km along [km, km_end] of its reach */
} je_load_kind;

/* "channel", "diversion", "withdrawal"; "outfall", "wwtp", "tributary", "diffuse"
 * (NULL when out of range). Parse is case-insensitive; JE_EINVAL when unknown. */
JE_API const char *je_reach_kind_name(je_reach_kind k);
JE_API je_status je_reach_kind_parse(const char *s, je_reach_kind *out, je_error *err);
JE_API const char *je_load_kind_name(je_load_kind k);
JE_API je_status je_load_kind_parse(const char *s, je_load_kind *out, je_error *err);

/* Hydraulics of a reach: velocity u = u_m_s when finite, else u = vel_a·Q^vel_b; depth
 * h = h_m when finite, else h = depth_c·Q^depth_d (Leopold & Maddock 1953 hydraulic
 * geometry, the power functions of QUAL2E, Brown & Barnwell 1987), Q the flow (m³/s) of the
 * stretch. Velocity is always needed (travel time); depth only for the reaeration formulas.
 * Coefficients not used are NAN. je_river_hydraulics_none() gives all NAN. */
typedef struct je_river_hydraulics {
    double u_m_s;
    double vel_a, vel_b;
    double h_m;
    double depth_c, depth_d;
} je_river_hydraulics;

JE_API je_river_hydraulics je_river_hydraulics_none(void);

typedef struct je_river_reach_spec {
    const char *code;
    const char *from_node;
    const char *to_node; /* NULL (or "") for a WITHDRAWAL */
    je_reach_kind kind;
    double length_km; /* > 0; ignored (may be NAN) for a WITHDRAWAL */
    je_river_hydraulics hyd;
} je_river_reach_spec;

typedef struct je_river_section_spec {
    const char *code;
    const char *reach;
    double x_km;            /* from the reach's upstream end, 0 ≤ x_km ≤ length */
    je_waterbody waterbody; /* for the TP limits */
    je_wq_class target;     /* target class, JE_WQ_CLASS_NONE when none */
} je_river_section_spec;

typedef struct je_river_load_spec {
    const char *code;
    const char *owner; /* jurisdiction code (e.g. "510000", "500000"); required */
    je_load_kind kind;
    const char *reach;
    double x_km;     /* point loads: position; DIFFUSE: start of its stretch (NAN = 0) */
    double x_end_km; /* DIFFUSE: end of its stretch (NAN = end of the reach); else unused */
    double q_m3_s;   /* point loads: discharge (≥ 0; it adds to the river's flow);
                        DIFFUSE: unused (diffuse loads add mass, not water) */
    /* point loads: concentration of the discharge, mg/L; NAN = none of it. The DO slot
       is the discharge's dissolved oxygen (NAN = saturated at the river's
       temperature, i.e. no oxygen deficit). */
    double conc_mg_l[JE_RIVER_NSUB];
    /* DIFFUSE: mass per km of stretch, kg/(d·km); NAN = none. The DO slot is unused. */
    double w_kg_d_km[JE_RIVER_NSUB];
} je_river_load_spec;

/* A load spec with every number NAN, kind OUTFALL and NULL strings. */
JE_API void je_river_load_spec_init(je_river_load_spec *s);

/* An empty network (*out; free with je_river_net_free). JE_ENOMEM. */
JE_API je_status je_river_net_new(je_river_net **out, je_error *err);
JE_API void je_river_net_free(je_river_net *net);

/* Add an element; its index goes to *out_index (may be NULL). Adding anything clears
 * the network's validated state.
 *   add_node: JE_ECONFLICT for a code already used, JE_EINVAL for an empty code.
 *   add_reach: nodes named by from_node/to_node that do not exist yet are added.
 *     JE_ECONFLICT for a duplicate code; JE_EINVAL for an empty code or node, a
 *     WITHDRAWAL with a to_node or a CHANNEL/DIVERSION without one. Lengths, loops and
 *     hydraulics are checked by je_river_net_validate, so an import can report all.
 *   add_section, add_load: JE_ENOTFOUND when the reach is not (yet) in the network;
 *     JE_ECONFLICT for a duplicate code; JE_EINVAL for an empty code or owner. Positions
 *     and numbers are checked by je_river_net_validate.
 * JE_ENOMEM always possible. err names the element. */
JE_API je_status je_river_net_add_node(je_river_net *net, const char *code, size_t *out_index,
                                       je_error *err);
JE_API je_status je_river_net_add_reach(je_river_net *net, const je_river_reach_spec *spec,
                                        size_t *out_index, je_error *err);
JE_API je_status je_river_net_add_section(je_river_net *net, const je_river_section_spec *spec,
                                          size_t *out_index, je_error *err);
JE_API je_status je_river_net_add_load(je_river_net *net, const je_river_load_spec *spec,
                                       size_t *out_index, je_error *err);

/* Check the network and prepare it for the model (topological order, per-reach event
 * lists). Each problem is one je_error in `diag` (may be NULL) naming the element and
 * the reason; err gets the first. Problems: a reach with length ≤ 0 or NAN (not
 * withdrawals); a reach from a node to itself; a cycle (the nodes on it named); a node
 * with two outgoing channels; a node with no reach; more than one node without an
 * outgoing channel (the outlet is the one most reaches drain to; each other piece is
 * reported as disconnected, with its end node and size); a velocity not given (no
 * finite u_m_s > 0 and no vel_a > 0) or a depth given as h_m ≤ 0 or depth_c ≤ 0; a
 * section or load with x_km < 0 or beyond its reach's length (tolerance 1e-9 km), or on
 * a withdrawal; a diffuse stretch with x_end_km < x_km; a load with q_m3_s < 0 or NAN
 * (point loads), a negative concentration or mass; an empty network. Returns JE_OK
 * (network ready, read-only from now on), JE_EDATA (invalid) or JE_ENOMEM. */
JE_API je_status je_river_net_validate(je_river_net *net, je_diag *diag, je_error *err);
/* 1 when validated and not changed since. */
JE_API int je_river_net_is_valid(const je_river_net *net);

/* Sizes, codes and lookups. Codes are owned by the network. Index out of range: NULL. */
JE_API size_t je_river_net_node_count(const je_river_net *net);
JE_API size_t je_river_net_reach_count(const je_river_net *net);
JE_API size_t je_river_net_section_count(const je_river_net *net);
JE_API size_t je_river_net_load_count(const je_river_net *net);
/* Jurisdictions owning loads, numbered in order of first appearance. */
JE_API size_t je_river_net_owner_count(const je_river_net *net);
JE_API const char *je_river_net_node_code(const je_river_net *net, size_t i);
JE_API const char *je_river_net_reach_code(const je_river_net *net, size_t i);
JE_API const char *je_river_net_section_code(const je_river_net *net, size_t i);
JE_API const char *je_river_net_load_code(const je_river_net *net, size_t i);
JE_API const char *je_river_net_owner_code(const je_river_net *net, size_t i);
/* The owner index of load i ((size_t)-1 when out of range). */
JE_API size_t je_river_net_load_owner(const je_river_net *net, size_t i);
/* Index of an element by code: JE_OK or JE_ENOTFOUND. */
JE_API je_status je_river_net_find_node(const je_river_net *net, const char *code, size_t *out);
JE_API je_status je_river_net_find_reach(const je_river_net *net, const char *code, size_t *out);
JE_API je_status je_river_net_find_section(const je_river_net *net, const char *code, size_t *out);
JE_API je_status je_river_net_find_load(const je_river_net *net, const char *code, size_t *out);
JE_API je_status je_river_net_find_owner(const je_river_net *net, const char *code, size_t *out);
/* The spec of an element as added (strings borrowed from the network). JE_EINVAL when
 * i is out of range. */
JE_API je_status je_river_net_reach(const je_river_net *net, size_t i, je_river_reach_spec *out);
JE_API je_status je_river_net_section(const je_river_net *net, size_t i,
                                      je_river_section_spec *out);
JE_API je_status je_river_net_load(const je_river_net *net, size_t i, je_river_load_spec *out);
/* After validation: the outlet node and the reaches in topological (upstream-first)
 * order, n_reaches entries written to out_order. JE_EINVAL if not validated. */
JE_API je_status je_river_net_outlet(const je_river_net *net, size_t *out_node);
JE_API je_status je_river_net_order(const je_river_net *net, size_t *out_order);

/* ---------------------------------------------------------------------------
 * Month conditions and parameters.
 * ------------------------------------------------------------------------- */

/* The state of the network in one month. Arrays are caller-owned and read only.
 *
 * Flow: q_m3_s[r] is the flow entering reach r at its upstream end (point loads on the
 * reach add their discharge further down). It must be > 0 for channels, ≥ 0 for
 * diversions and withdrawals. At a node the water arriving (outflows of the incoming
 * reaches) and the water leaving (the q_m3_s of its outgoing links) need not balance:
 * a surplus leaving is a lateral inflow at the node (all of it at a headwater node)
 * with the node's inflow concentration; a surplus arriving is lost (seepage,
 * unrecorded use) at the mixed concentration.
 *
 * Inflow concentration of node n, substance s: inflow_mg_l[n·JE_RIVER_NSUB + s] when
 * that array is given and the entry is finite, else background_mg_l[s]. A NAN DO means
 * saturated at the temperature of the reach the water enters; other NANs mean 0.
 */
typedef struct je_river_month {
    const double *q_m3_s;      /* n_reaches entries; required */
    const double *temp_c;      /* n_reaches entries, or NULL: temp_c_all everywhere */
    double temp_c_all;         /* used when temp_c is NULL */
    const double *inflow_mg_l; /* n_nodes × JE_RIVER_NSUB, or NULL */
    double background_mg_l[JE_RIVER_NSUB];
    /* Scenario (both may be NULL): load_q_m3_s replaces point loads' discharges (n_loads
       entries; NAN = the network's), load_factor multiplies each load's mass of every
       substance (and its oxygen deficit) (n_loads entries; 1 = unchanged). */
    const double *load_q_m3_s;
    const double *load_factor;
} je_river_month;

/* A month with NULL arrays, temp_c_all 20, background NAN (0, DO saturated). */
JE_API void je_river_month_init(je_river_month *m);

/* Model parameters. The defaults are illustrative values within the ranges given by Chapra
 * (1997) Lectures 19–23 for medium rivers — DEFAULTS, not standards: calibrate them for a real
 * river. k20_per_d: first-order removal at 20 °C: COD 0.20, CODMn 0.15, NH3-N 0.15, TP 0.05, BOD5
 * 0.25 (for BOD5 this is kr, removal including settling); the DO slot unused. theta: COD 1.047,
 * CODMn 1.047, NH3-N 1.08, TP 1.024, BOD5 1.047 (typical values in Chapra 1997 Lectures 19 and 23).
 *   kd20_per_d: deoxygenation rate at 20 °C; NAN (default) = kr, the classic model.
 *   theta_kd 1.047; theta_ka 1.024 (Elmore & West 1961).
 *   reaeration: O'CONNOR_DOBBINS; ka20_per_d for FIXED (default NAN).
 *   ka_min_per_d: lower bound on ka at 20 °C from the formulas, so that a deep slow
 *     reach keeps some reaeration (default 0.6/d, an illustrative floor) — 0 for none.
 *   bod_u_ratio: ultimate to five-day BOD, L = ratio·BOD5, used only for the oxygen
 *     balance: 1/(1 − e^(−5·0.23)) = 1.463 for a bottle rate of 0.23/d (Chapra Lecture
 *     19); 1 treats BOD5 as the ultimate BOD.
 *   elevation_m: for DO saturation (default 0).
 *   reach_results: 1 (default) to fill je_river_result.reaches, 0 to skip them. */
typedef struct je_river_params {
    double k20_per_d[JE_RIVER_NSUB];
    double theta[JE_RIVER_NSUB];
    double kd20_per_d;
    double theta_kd;
    double theta_ka;
    je_reaeration reaeration;
    double ka20_per_d;
    double ka_min_per_d;
    double bod_u_ratio;
    double elevation_m;
    int reach_results;
} je_river_params;

JE_API void je_river_params_default(je_river_params *p);

/* ---------------------------------------------------------------------------
 * The model.
 * ------------------------------------------------------------------------- */
typedef struct je_river_section_result {
    double conc_mg_l[JE_RIVER_NSUB]; /* modelled; DO slot = DO (≥ 0, see deficit) */
    double deficit_mg_l;             /* oxygen deficit Cs − DO (not clipped) */
    double do_sat_mg_l;
    double q_m3_s; /* flow at the section */
    double temp_c;
    je_wq_class item_class[JE_RIVER_NSUB]; /* GB 3838 class of each substance */
    je_wq_class cls;                       /* worst of them */
} je_river_section_result;

typedef struct je_river_reach_result {
    double q_in_m3_s, q_out_m3_s;        /* at the upstream end, at the downstream end */
    double u_m_s, h_m;                   /* at the upstream end's flow (h NAN if not given) */
    double ka_per_d;                     /* at the upstream end (NAN with no depth/FIXED) */
    double conc_in_mg_l[JE_RIVER_NSUB];  /* just below the upstream node */
    double conc_out_mg_l[JE_RIVER_NSUB]; /* at the downstream end */
    double travel_d;                     /* travel time through the reach */
    /* the critical point: where DO is lowest on the reach (the upstream end when it
       falls nowhere), distance from the upstream end, travel time from it, DO there */
    double crit_x_km, crit_t_d, crit_do_mg_l;
} je_river_reach_result;

typedef struct je_river_result {
    size_t n_sections, n_reaches, n_nodes;
    je_river_section_result *sections; /* n_sections */
    je_river_reach_result *reaches;    /* n_reaches, NULL when params.reach_results = 0 */
    double *node_lateral_m3_s;         /* n_nodes: + lateral inflow, − loss */
    /* the lowest DO over the network's channels and diversions */
    size_t crit_reach;
    double crit_x_km, crit_t_d, crit_do_mg_l;
} je_river_result;

/* Run the steady-state model for one month (see docs/river.md for the equations). One
 * sweep over the reaches in topological order, linear in reaches + sections + loads.
 * At each node the incoming reaches, the lateral inflow and (for the node's outgoing
 * links) mix completely, flow-weighted (Chapra 1997 Lecture 9); each reach is cut at its
 * loads and sections into stretches of constant flow, and on each stretch:
 *   C(t) = C0·e^(−k t) + W/(Q k)·(1 − e^(−k t))  (decay with a distributed load W per
 *          length, Chapra Lecture 9), k = k20·θ^(T−20), t = Δx/u;
 *   the deficit by Streeter–Phelps with L = bod_u_ratio·BOD5 (je_river_sp_deficit) plus
 *   the deficit of a distributed BOD load (Chapra Lecture 22);
 *   point loads mix into the stretch below them, flow-weighted.
 * Oxygen mixes as DO (mass balance), so a confluence of waters at different
 * temperatures carries their deficits flow-weighted plus the change in saturation.
 * Sections at the same x_km as a load are below it. DO is reported clipped at 0 (the
 * model's deficit can exceed saturation; deficit_mg_l is not clipped).
 * *out is filled (free with je_river_result_free, also after a failure). The network
 * must be validated (JE_EINVAL otherwise); params NULL = defaults. JE_EDATA (naming the
 * reach) for a channel flow ≤ 0, a negative flow, a temperature outside −1…50 °C, or a
 * reach without depth when a formula needs one; JE_EINVAL for bad parameters; JE_ENOMEM. */
JE_API je_status je_river_model_run(const je_river_net *net, const je_river_month *month,
                                    const je_river_params *params, je_river_result *out,
                                    je_error *err);
JE_API void je_river_result_free(je_river_result *r);

/* ---------------------------------------------------------------------------
 * Attribution. For fixed flows and temperatures the model is linear in the loads'
 * masses: every section's concentration is the background part (headwater and lateral
 * inflows, and the change of DO saturation at confluences — the model run with every
 * load's mass set to 0, discharges kept) plus one contribution per load. For oxygen the
 * attributed quantity is the deficit: a load's contribution is the deficit its BOD
 * causes plus that of its own low DO; DO = Cs − (background + Σ contributions), before
 * clipping at 0. The contributions at a section are computed by following each load
 * downstream (cost: Σ over loads of the reaches below them), not by one model run per
 * load.
 * ------------------------------------------------------------------------- */
typedef struct je_river_attrib {
    size_t n_sections, n_loads;
    size_t *section; /* the attributed section indexes (n_sections) */
    /* [j·JE_RIVER_NSUB + s]: the modelled value (DO slot: the deficit) and its
       background part */
    double *conc_mg_l;
    double *background_mg_l;
    /* [(j·n_loads + l)·JE_RIVER_NSUB + s]: contribution of load l (DO slot: deficit) */
    double *load_mg_l;
    /* [j·n_loads + l]: the part of load l's deficit contribution due to its BOD5 (the
       part a BOD5 cut removes) */
    double *load_do_bod_mg_l;
    double *do_sat_mg_l; /* [j]: DO saturation at the section (DO = Cs − deficit) */
} je_river_attrib;

/* Attribute the concentrations at the sections listed in `sections` (n indexes; NULL
 * = every section, in order) to the loads. *out is filled (free with
 * je_river_attrib_free, also after a failure). Same conditions and errors as
 * je_river_model_run. */
JE_API je_status je_river_attribute(const je_river_net *net, const je_river_month *month,
                                    const je_river_params *params, const size_t *sections, size_t n,
                                    je_river_attrib *out, je_error *err);
JE_API void je_river_attrib_free(je_river_attrib *a);

/* Sum an attribution by owner jurisdiction: out[(j·n_owners + o)·JE_RIVER_NSUB + s],
 * caller-allocated with a->n_sections × je_river_net_owner_count(net) × JE_RIVER_NSUB
 * entries. JE_EINVAL for NULL arguments. */
JE_API je_status je_river_attrib_by_owner(const je_river_net *net, const je_river_attrib *a,
                                          double *out, je_error *err);

/* ---------------------------------------------------------------------------
 * Required cuts: the least load reduction that brings sections to their targets.
 *
 * LP (solved by CBC through jointenv/solver.h): variables f[l][s] ∈ [0, 1], the
 * fraction of load l's mass of substance s (COD … BOD5) removed; for every target
 * section j and item s among its items, with the attribution above:
 *   background[j][s] + Σ_l load[j][l][s]·(1 − f[l][s]) ≤ limit(s, target_j)
 * and for DO (a minimum): background deficit + Σ_l (deficit[j][l] − do_bod[j][l]·
 * f[l][BOD5]) ≤ Cs_j − DO limit. limit = je_gb3838_limit(item, target, waterbody).
 * Objective: minimise Σ f[l][s]·M[l][s] (M the load's mass, kg/d), or with costs
 * Σ f·M·365/1000·cost_fen_per_t[l] (cost of the removed tonnes per year). Rule
 * EQUAL_PER_OWNER: one f per owner and substance, shared by its loads (an equal
 * percentage cut within each jurisdiction).
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_CUT_PER_LOAD = 0,       /* each load cut on its own */
    JE_CUT_EQUAL_PER_OWNER = 1 /* one percentage per jurisdiction and substance */
} je_river_cut_rule;

typedef struct je_river_cut_target {
    size_t section;     /* section index */
    je_wq_class target; /* JE_WQ_CLASS_NONE: the section's own target */
    unsigned items;     /* bit (1u << je_river_sub) per item to meet; 0 = all six */
} je_river_cut_target;

typedef struct je_river_cut_opts {
    je_river_cut_rule rule;
    const int64_t *cost_fen_per_t; /* n_loads entries, or NULL: minimise mass */
    double time_limit_s;           /* 0 = none */
} je_river_cut_opts;

/* A constraint no cut can meet: with every load's mass of the item removed the section
 * still fails, because of the background (or, for DO, of deficits a BOD5 cut does not
 * remove). */
typedef struct je_river_cut_issue {
    size_t section;
    je_river_sub sub;
    double floor_mg_l; /* the lowest value reachable (DO: the highest DO) */
    double limit_mg_l; /* the target class's limit */
} je_river_cut_issue;

typedef struct je_river_cuts_result {
    int feasible;
    size_t n_loads, n_owners, n_targets;
    double *frac;               /* [l·JE_RIVER_NSUB + s], 0…1 (DO slot 0) */
    double *cut_kg_d;           /* [l·JE_RIVER_NSUB + s], kg/d removed */
    double *owner_cut_kg_d;     /* [o·JE_RIVER_NSUB + s] */
    double *after_mg_l;         /* [t·JE_RIVER_NSUB + s]: target t's value after the cuts */
    double total_cut_kg_d;      /* Σ cut_kg_d */
    double total_cost_fen_a;    /* with costs: Σ cost per year (fen/a), else NAN */
    je_river_cut_issue *issues; /* when infeasible */
    size_t n_issues;
} je_river_cuts_result;

/* Solve the cuts for n targets. JE_OK with feasible = 1 and the cuts; JE_EDATA with
 * feasible = 0 when some target cannot be met even by removing every load — every such
 * (section, item) is in out->issues and err names the first ("section S: nh3n stays at
 * 1.3 mg/L from the background alone, above the class III limit 1.0 mg/L"); JE_EINVAL
 * for a bad target (index, class NONE with no section target), an unvalidated network;
 * JE_ESOLVER; JE_ENOMEM. *out is filled (free with je_river_cuts_free, always).
 * opts NULL = per load, by mass. */
JE_API je_status je_river_cuts(const je_river_net *net, const je_river_month *month,
                               const je_river_params *params, const je_river_cut_target *targets,
                               size_t n, const je_river_cut_opts *opts, je_river_cuts_result *out,
                               je_error *err);
JE_API void je_river_cuts_free(je_river_cuts_result *r);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_RIVER_H */
