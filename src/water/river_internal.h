/*
 * river_internal.h — the river network's layout, shared by the files of the river
 * engine (network.c builds and validates it; river.c, river_attrib.c and river_cuts.c
 * read it). Not part of the public API.
 */
#ifndef JE_RIVER_INTERNAL_H
#define JE_RIVER_INTERNAL_H

#include "jointenv/river.h"

#include <stddef.h>
#include <stdint.h>

#define RIVER_NONE ((size_t)-1)

typedef struct river_reach {
    char *code;
    size_t from, to; /* node indexes; to = RIVER_NONE for a withdrawal */
    je_reach_kind kind;
    double length_km;
    je_river_hydraulics hyd;
} river_reach;

typedef struct river_section {
    char *code;
    size_t reach;
    double x_km;
    je_waterbody waterbody;
    je_wq_class target;
} river_section;

typedef struct river_load {
    char *code;
    size_t owner;
    je_load_kind kind;
    size_t reach;
    double x_km, x_end_km; /* x_end_km resolved (NAN → reach length) at validation */
    double q_m3_s;
    double conc_mg_l[JE_RIVER_NSUB];
    double w_kg_d_km[JE_RIVER_NSUB];
} river_load;

/* Something that happens at a place on a reach, in order of x then type. */
typedef enum {
    EV_DIFF_END = 0, /* a diffuse stretch ends */
    EV_POINT = 1,    /* a point load mixes in */
    EV_DIFF_START = 2,
    EV_SECTION = 3 /* sections at a load's place are below it */
} river_event_type;

typedef struct river_event {
    double x_km;
    uint32_t type; /* river_event_type */
    uint32_t pad_;
    size_t idx; /* load or section index */
} river_event;

/* One outgoing link in sweep order, with what the walk needs, stored contiguously so
 * that the sweep reads memory in order. */
typedef struct river_step {
    size_t reach;   /* reach index */
    size_t to_rank; /* rank of the to-node; RIVER_NONE for a withdrawal */
    size_t ev_begin, ev_end;
    double length_km;
    je_river_hydraulics hyd;
    je_reach_kind kind;
} river_step;

struct je_river_net {
    size_t n_nodes, cap_nodes;
    char **node_code;
    size_t n_reaches, cap_reaches;
    river_reach *reach;
    size_t n_sections, cap_sections;
    river_section *section;
    size_t n_loads, cap_loads;
    river_load *load;
    size_t n_owners, cap_owners;
    char **owner_code;
    je_strmap *node_map, *reach_map, *section_map, *load_map, *owner_map;

    /* Filled by je_river_net_validate. */
    int valid;
    size_t outlet;
    size_t *node_order; /* n_nodes, upstream first (depth-first post-order from the
                           outlet, so that a node comes soon after its upstream nodes) */
    size_t *node_rank;  /* position of each node in node_order */
    size_t *reach_order;
    river_step *step;  /* n_reaches: the outgoing links of the nodes in node order */
    size_t *step_off;  /* n_nodes + 1, by rank: steps of the node of rank k */
    size_t *reach_pos; /* n_reaches: the step of each reach */
    size_t *out_off;   /* n_nodes + 1: outgoing links of node n are out_link[out_off[n] …] */
    size_t *out_link;  /* n_reaches */
    size_t *ev_off;    /* n_reaches + 1 */
    river_event *ev;   /* events of each reach, sorted */
};

/* Per-reach quantities of one month that do not depend on the loads' masses. */
typedef struct river_rates {
    double k[JE_RIVER_NSUB]; /* per day at the reach's temperature; DO slot unused */
    double kd;               /* deoxygenation */
    double ka_factor;        /* theta_ka^(T−20) */
    double cs_mg_l;          /* DO saturation */
    double temp_c;
} river_rates;

/* The rates of reach r in a month into *rt; rt->temp_c on entry is the last
 * temperature computed (NAN at first): the same temperature reuses them. JE_EDATA
 * naming the reach for a temperature outside −1…50 °C. */
je_status river_rates_of(const je_river_net *net, const je_river_month *m, const je_river_params *p,
                         size_t r, river_rates *rt, je_error *err);
/* Velocity, depth and ka (at the reach's temperature) of step k at flow q. JE_EDATA
 * naming the reach when a formula needs a depth that is not given. */
je_status river_hydraulics_at(const je_river_net *net, const je_river_params *p, size_t k,
                              double q_m3_s, const river_rates *rt, double *u_m_s, double *h_m,
                              double *ka_per_d, je_error *err);
/* Check a month's arrays and parameters against a validated network. */
je_status river_check_inputs(const je_river_net *net, const je_river_month *m,
                             const je_river_params *p, je_error *err);
/* Discharge of a point load in a month (scenario override), and its mass factor. */
double river_load_q(const je_river_net *net, const je_river_month *m, size_t l);
double river_load_factor(const je_river_month *m, size_t l);
/* (e^(−b t) − e^(−a t)) / (a − b) without cancellation (t·e^(−a t) when a = b). */
double river_expdiff(double a, double b, double t);
/* (1 − e^(−k t)) / k, = t when k = 0. */
double river_phi_t(double k, double t);

/* The water's state at a place: concentrations, the DO slot holding the oxygen
 * deficit; d_bod the part of the deficit produced by BOD on the way; the flow. */
typedef struct river_state {
    double c[JE_RIVER_NSUB];
    double d_bod;
    double q_m3_s;
} river_state;

#define RIVER_ALL ((size_t)-2)

typedef void (*river_section_fn)(void *ctx, size_t section, const river_state *s,
                                 const river_rates *rt);

/* One walk down a reach: the loads whose mass counts (`active`: RIVER_ALL, RIVER_NONE or
 * one load index; the discharges of all point loads always count), what to do at each
 * section, and what comes back (travel time, the maximum deficit and where). */
typedef struct river_walk {
    const je_river_net *net;
    const je_river_month *m;
    const je_river_params *p;
    size_t active;
    int track_crit;
    river_section_fn on_section;
    void *ctx;
    /* out */
    double u0_m_s, h0_m, ka0_per_d; /* at the upstream end */
    double travel_d;
    double crit_d_mg_l, crit_x_km, crit_t_d;
} river_walk;

/* Carry *s (the state just below the upstream node) down the reach of step k to its
 * downstream end. JE_EDATA from the hydraulics. */
je_status river_walk_reach(river_walk *w, size_t k, const river_rates *rt, river_state *s,
                           je_error *err);

/* The model with no load's mass (discharges kept): the background of the attribution.
 * Inputs must have been checked (river_check_inputs). *out as je_river_model_run's,
 * without reach results. */
je_status river_background(const je_river_net *net, const je_river_month *month,
                           const je_river_params *params, je_river_result *out, je_error *err);

#endif
