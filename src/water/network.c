/*
 * network.c — the river network: building it element by element, looking elements
 * up by code, and validating it (lengths, loops, a single outlet, positions on
 * reaches), which also prepares what the model sweep needs: the nodes in topological
 * order (Kahn's algorithm), each node's outgoing links and each reach's events (loads
 * and sections) sorted by distance. Everything is O(n) or O(n log n) and iterative.
 */
#include "water/river_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------- */
/* names                                                                      */

static const char *const reach_kind_names[] = {"channel", "diversion", "withdrawal"};
static const char *const load_kind_names[] = {"outfall", "wwtp", "tributary", "diffuse"};

const char *je_reach_kind_name(je_reach_kind k)
{
    return (unsigned)k < 3 ? reach_kind_names[k] : NULL;
}

const char *je_load_kind_name(je_load_kind k)
{
    return (unsigned)k < 4 ? load_kind_names[k] : NULL;
}

je_status je_reach_kind_parse(const char *s, je_reach_kind *out, je_error *err)
{
    for (unsigned i = 0; s != NULL && i < 3; i++)
        if (strcasecmp(s, reach_kind_names[i]) == 0) {
            *out = (je_reach_kind)i;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL, "unknown reach kind '%s' (channel, diversion, withdrawal)",
                        s ? s : "");
}

je_status je_load_kind_parse(const char *s, je_load_kind *out, je_error *err)
{
    for (unsigned i = 0; s != NULL && i < 4; i++)
        if (strcasecmp(s, load_kind_names[i]) == 0) {
            *out = (je_load_kind)i;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL,
                        "unknown load kind '%s' (outfall, wwtp, tributary, diffuse)", s ? s : "");
}

je_river_hydraulics je_river_hydraulics_none(void)
{
    je_river_hydraulics h = {NAN, NAN, NAN, NAN, NAN, NAN};
    return h;
}

void je_river_load_spec_init(je_river_load_spec *s)
{
    memset(s, 0, sizeof *s);
    s->kind = JE_LOAD_OUTFALL;
    s->x_km = s->x_end_km = s->q_m3_s = NAN;
    for (int i = 0; i < JE_RIVER_NSUB; i++)
        s->conc_mg_l[i] = s->w_kg_d_km[i] = NAN;
}

/* ------------------------------------------------------------------------- */
/* building                                                                   */

static void invalidate(je_river_net *net)
{
    net->valid = 0;
    free(net->node_order);
    free(net->node_rank);
    free(net->reach_order);
    free(net->out_off);
    free(net->out_link);
    free(net->ev_off);
    free(net->ev);
    free(net->step);
    free(net->step_off);
    free(net->reach_pos);
    net->node_order = net->node_rank = net->reach_order = NULL;
    net->out_off = net->out_link = net->ev_off = NULL;
    net->ev = NULL;
    net->step = NULL;
    net->step_off = net->reach_pos = NULL;
}

je_status je_river_net_new(je_river_net **out, je_error *err)
{
    je_river_net *net = calloc(1, sizeof *net);
    if (net == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory creating a river network");
    if (je_strmap_new(64, &net->node_map) != JE_OK || je_strmap_new(64, &net->reach_map) != JE_OK ||
        je_strmap_new(16, &net->section_map) != JE_OK ||
        je_strmap_new(16, &net->load_map) != JE_OK || je_strmap_new(4, &net->owner_map) != JE_OK) {
        je_river_net_free(net);
        return je_error_set(err, JE_ENOMEM, "out of memory creating a river network");
    }
    *out = net;
    return JE_OK;
}

void je_river_net_free(je_river_net *net)
{
    if (net == NULL)
        return;
    invalidate(net);
    for (size_t i = 0; i < net->n_nodes; i++)
        free(net->node_code[i]);
    for (size_t i = 0; i < net->n_reaches; i++)
        free(net->reach[i].code);
    for (size_t i = 0; i < net->n_sections; i++)
        free(net->section[i].code);
    for (size_t i = 0; i < net->n_loads; i++)
        free(net->load[i].code);
    for (size_t i = 0; i < net->n_owners; i++)
        free(net->owner_code[i]);
    free(net->node_code);
    free(net->reach);
    free(net->section);
    free(net->load);
    free(net->owner_code);
    je_strmap_free(net->node_map);
    je_strmap_free(net->reach_map);
    je_strmap_free(net->section_map);
    je_strmap_free(net->load_map);
    je_strmap_free(net->owner_map);
    free(net);
}

/* Make room for one more element of `size` bytes in *arr (count n, capacity *cap). */
static int reserve(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 1;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, nc * size);
    if (p == NULL)
        return 0;
    *arr = p;
    *cap = nc;
    return 1;
}

static int lookup(const je_strmap *m, const char *code, size_t *out)
{
    int64_t v;
    if (code == NULL || !je_strmap_get(m, code, strlen(code), &v))
        return 0;
    if (out)
        *out = (size_t)v;
    return 1;
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Append a code to a (codes, map) pair; index to *out. */
static je_status add_code(char ***codes, size_t *n, size_t *cap, je_strmap *map, const char *code,
                          size_t *out)
{
    if (!reserve((void **)codes, cap, *n, sizeof **codes))
        return JE_ENOMEM;
    char *d = dup(code);
    if (d == NULL)
        return JE_ENOMEM;
    if (je_strmap_put(map, code, (int64_t)*n) != JE_OK) {
        free(d);
        return JE_ENOMEM;
    }
    (*codes)[*n] = d;
    *out = (*n)++;
    return JE_OK;
}

static int empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

je_status je_river_net_add_node(je_river_net *net, const char *code, size_t *out_index,
                                je_error *err)
{
    if (net == NULL || empty(code))
        return je_error_set(err, JE_EINVAL, "a node needs a code");
    if (lookup(net->node_map, code, NULL))
        return je_error_set(err, JE_ECONFLICT, "node %s: the code is used twice", code);
    invalidate(net);
    size_t idx;
    if (add_code(&net->node_code, &net->n_nodes, &net->cap_nodes, net->node_map, code, &idx) !=
        JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory adding node %s", code);
    if (out_index)
        *out_index = idx;
    return JE_OK;
}

static je_status node_or_new(je_river_net *net, const char *code, size_t *out, je_error *err)
{
    if (lookup(net->node_map, code, out))
        return JE_OK;
    return je_river_net_add_node(net, code, out, err);
}

je_status je_river_net_add_reach(je_river_net *net, const je_river_reach_spec *spec,
                                 size_t *out_index, je_error *err)
{
    if (net == NULL || spec == NULL || empty(spec->code))
        return je_error_set(err, JE_EINVAL, "a reach needs a code");
    const char *code = spec->code;
    if ((unsigned)spec->kind > JE_REACH_WITHDRAWAL)
        return je_error_set(err, JE_EINVAL, "reach %s: invalid kind", code);
    if (lookup(net->reach_map, code, NULL))
        return je_error_set(err, JE_ECONFLICT, "reach %s: the code is used twice", code);
    if (empty(spec->from_node))
        return je_error_set(err, JE_EINVAL, "reach %s: no from-node", code);
    int wd = spec->kind == JE_REACH_WITHDRAWAL;
    if (wd && !empty(spec->to_node))
        return je_error_set(err, JE_EINVAL,
                            "reach %s: a withdrawal leaves the network and has no to-node (%s)",
                            code, spec->to_node);
    if (!wd && empty(spec->to_node))
        return je_error_set(err, JE_EINVAL, "reach %s: a %s needs a to-node", code,
                            je_reach_kind_name(spec->kind));
    river_reach r = {0};
    r.kind = spec->kind;
    r.length_km = spec->length_km;
    r.hyd = spec->hyd;
    r.to = RIVER_NONE;
    je_status st = node_or_new(net, spec->from_node, &r.from, err);
    if (st == JE_OK && !wd)
        st = node_or_new(net, spec->to_node, &r.to, err);
    if (st != JE_OK)
        return st;
    invalidate(net);
    if (!reserve((void **)&net->reach, &net->cap_reaches, net->n_reaches, sizeof *net->reach) ||
        (r.code = dup(code)) == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory adding reach %s", code);
    if (je_strmap_put(net->reach_map, code, (int64_t)net->n_reaches) != JE_OK) {
        free(r.code);
        return je_error_set(err, JE_ENOMEM, "out of memory adding reach %s", code);
    }
    net->reach[net->n_reaches] = r;
    if (out_index)
        *out_index = net->n_reaches;
    net->n_reaches++;
    return JE_OK;
}

je_status je_river_net_add_section(je_river_net *net, const je_river_section_spec *spec,
                                   size_t *out_index, je_error *err)
{
    if (net == NULL || spec == NULL || empty(spec->code))
        return je_error_set(err, JE_EINVAL, "a section needs a code");
    river_section s = {0};
    if (!lookup(net->reach_map, spec->reach, &s.reach))
        return je_error_set(err, JE_ENOTFOUND, "section %s: reach '%s' is not in the network",
                            spec->code, spec->reach ? spec->reach : "");
    if (lookup(net->section_map, spec->code, NULL))
        return je_error_set(err, JE_ECONFLICT, "section %s: the code is used twice", spec->code);
    if ((unsigned)spec->waterbody > JE_WATERBODY_LAKE || (unsigned)spec->target > JE_WQ_CLASS_V)
        return je_error_set(err, JE_EINVAL, "section %s: invalid waterbody or target class",
                            spec->code);
    s.x_km = spec->x_km;
    s.waterbody = spec->waterbody;
    s.target = spec->target;
    invalidate(net);
    if (!reserve((void **)&net->section, &net->cap_sections, net->n_sections,
                 sizeof *net->section) ||
        (s.code = dup(spec->code)) == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory adding section %s", spec->code);
    if (je_strmap_put(net->section_map, spec->code, (int64_t)net->n_sections) != JE_OK) {
        free(s.code);
        return je_error_set(err, JE_ENOMEM, "out of memory adding section %s", spec->code);
    }
    net->section[net->n_sections] = s;
    if (out_index)
        *out_index = net->n_sections;
    net->n_sections++;
    return JE_OK;
}

je_status je_river_net_add_load(je_river_net *net, const je_river_load_spec *spec,
                                size_t *out_index, je_error *err)
{
    if (net == NULL || spec == NULL || empty(spec->code))
        return je_error_set(err, JE_EINVAL, "a load needs a code");
    if (empty(spec->owner))
        return je_error_set(err, JE_EINVAL, "load %s: no owner jurisdiction", spec->code);
    if ((unsigned)spec->kind > JE_LOAD_DIFFUSE)
        return je_error_set(err, JE_EINVAL, "load %s: invalid kind", spec->code);
    river_load l = {0};
    if (!lookup(net->reach_map, spec->reach, &l.reach))
        return je_error_set(err, JE_ENOTFOUND, "load %s: reach '%s' is not in the network",
                            spec->code, spec->reach ? spec->reach : "");
    if (lookup(net->load_map, spec->code, NULL))
        return je_error_set(err, JE_ECONFLICT, "load %s: the code is used twice", spec->code);
    if (!lookup(net->owner_map, spec->owner, &l.owner) &&
        add_code(&net->owner_code, &net->n_owners, &net->cap_owners, net->owner_map, spec->owner,
                 &l.owner) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory adding load %s", spec->code);
    l.kind = spec->kind;
    l.x_km = spec->x_km;
    l.x_end_km = spec->x_end_km;
    l.q_m3_s = spec->q_m3_s;
    memcpy(l.conc_mg_l, spec->conc_mg_l, sizeof l.conc_mg_l);
    memcpy(l.w_kg_d_km, spec->w_kg_d_km, sizeof l.w_kg_d_km);
    invalidate(net);
    if (!reserve((void **)&net->load, &net->cap_loads, net->n_loads, sizeof *net->load) ||
        (l.code = dup(spec->code)) == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory adding load %s", spec->code);
    if (je_strmap_put(net->load_map, spec->code, (int64_t)net->n_loads) != JE_OK) {
        free(l.code);
        return je_error_set(err, JE_ENOMEM, "out of memory adding load %s", spec->code);
    }
    net->load[net->n_loads] = l;
    if (out_index)
        *out_index = net->n_loads;
    net->n_loads++;
    return JE_OK;
}

/* ------------------------------------------------------------------------- */
/* lookups                                                                    */

size_t je_river_net_node_count(const je_river_net *net)
{
    return net ? net->n_nodes : 0;
}
size_t je_river_net_reach_count(const je_river_net *net)
{
    return net ? net->n_reaches : 0;
}
size_t je_river_net_section_count(const je_river_net *net)
{
    return net ? net->n_sections : 0;
}
size_t je_river_net_load_count(const je_river_net *net)
{
    return net ? net->n_loads : 0;
}
size_t je_river_net_owner_count(const je_river_net *net)
{
    return net ? net->n_owners : 0;
}
const char *je_river_net_node_code(const je_river_net *net, size_t i)
{
    return net && i < net->n_nodes ? net->node_code[i] : NULL;
}
const char *je_river_net_reach_code(const je_river_net *net, size_t i)
{
    return net && i < net->n_reaches ? net->reach[i].code : NULL;
}
const char *je_river_net_section_code(const je_river_net *net, size_t i)
{
    return net && i < net->n_sections ? net->section[i].code : NULL;
}
const char *je_river_net_load_code(const je_river_net *net, size_t i)
{
    return net && i < net->n_loads ? net->load[i].code : NULL;
}
const char *je_river_net_owner_code(const je_river_net *net, size_t i)
{
    return net && i < net->n_owners ? net->owner_code[i] : NULL;
}
size_t je_river_net_load_owner(const je_river_net *net, size_t i)
{
    return net && i < net->n_loads ? net->load[i].owner : RIVER_NONE;
}

static je_status find_in(const je_river_net *net, const je_strmap *m, const char *code, size_t *out)
{
    return net != NULL && lookup(m, code, out) ? JE_OK : JE_ENOTFOUND;
}
je_status je_river_net_find_node(const je_river_net *net, const char *code, size_t *out)
{
    return find_in(net, net ? net->node_map : NULL, code, out);
}
je_status je_river_net_find_reach(const je_river_net *net, const char *code, size_t *out)
{
    return find_in(net, net ? net->reach_map : NULL, code, out);
}
je_status je_river_net_find_section(const je_river_net *net, const char *code, size_t *out)
{
    return find_in(net, net ? net->section_map : NULL, code, out);
}
je_status je_river_net_find_load(const je_river_net *net, const char *code, size_t *out)
{
    return find_in(net, net ? net->load_map : NULL, code, out);
}
je_status je_river_net_find_owner(const je_river_net *net, const char *code, size_t *out)
{
    return find_in(net, net ? net->owner_map : NULL, code, out);
}

je_status je_river_net_reach(const je_river_net *net, size_t i, je_river_reach_spec *out)
{
    if (net == NULL || out == NULL || i >= net->n_reaches)
        return JE_EINVAL;
    const river_reach *r = &net->reach[i];
    out->code = r->code;
    out->from_node = net->node_code[r->from];
    out->to_node = r->to == RIVER_NONE ? NULL : net->node_code[r->to];
    out->kind = r->kind;
    out->length_km = r->length_km;
    out->hyd = r->hyd;
    return JE_OK;
}

je_status je_river_net_section(const je_river_net *net, size_t i, je_river_section_spec *out)
{
    if (net == NULL || out == NULL || i >= net->n_sections)
        return JE_EINVAL;
    const river_section *s = &net->section[i];
    out->code = s->code;
    out->reach = net->reach[s->reach].code;
    out->x_km = s->x_km;
    out->waterbody = s->waterbody;
    out->target = s->target;
    return JE_OK;
}

je_status je_river_net_load(const je_river_net *net, size_t i, je_river_load_spec *out)
{
    if (net == NULL || out == NULL || i >= net->n_loads)
        return JE_EINVAL;
    const river_load *l = &net->load[i];
    out->code = l->code;
    out->owner = net->owner_code[l->owner];
    out->kind = l->kind;
    out->reach = net->reach[l->reach].code;
    out->x_km = l->x_km;
    out->x_end_km = l->x_end_km;
    out->q_m3_s = l->q_m3_s;
    memcpy(out->conc_mg_l, l->conc_mg_l, sizeof l->conc_mg_l);
    memcpy(out->w_kg_d_km, l->w_kg_d_km, sizeof l->w_kg_d_km);
    return JE_OK;
}

int je_river_net_is_valid(const je_river_net *net)
{
    return net != NULL && net->valid;
}

je_status je_river_net_outlet(const je_river_net *net, size_t *out_node)
{
    if (net == NULL || !net->valid || out_node == NULL)
        return JE_EINVAL;
    *out_node = net->outlet;
    return JE_OK;
}

je_status je_river_net_order(const je_river_net *net, size_t *out_order)
{
    if (net == NULL || !net->valid || out_order == NULL)
        return JE_EINVAL;
    memcpy(out_order, net->reach_order, net->n_reaches * sizeof *out_order);
    return JE_OK;
}

/* ------------------------------------------------------------------------- */
/* validation                                                                 */

typedef struct vctx {
    je_diag *diag;
    je_error *err;
    size_t n; /* problems found */
    int nomem;
} vctx;

static void problem(vctx *v, const char *fmt, ...) JE_PRINTF(2, 3);
static void problem(vctx *v, const char *fmt, ...)
{
    je_error e;
    je_error_clear(&e);
    va_list ap;
    va_start(ap, fmt);
    je_error_vset(&e, JE_EDATA, fmt, ap);
    va_end(ap);
    if (v->n == 0 && v->err)
        *v->err = e;
    if (v->diag && je_diag_add(v->diag, &e) != JE_OK)
        v->nomem = 1;
    v->n++;
}

static int finite_pos(double x)
{
    return isfinite(x) && x > 0;
}

static void check_reaches(const je_river_net *net, vctx *v)
{
    for (size_t i = 0; i < net->n_reaches; i++) {
        const river_reach *r = &net->reach[i];
        if (r->kind == JE_REACH_WITHDRAWAL)
            continue;
        if (!finite_pos(r->length_km))
            problem(v, "reach %s: length %g km; it must be positive", r->code, r->length_km);
        if (r->from == r->to)
            problem(v, "reach %s: runs from node %s to itself (a cycle)", r->code,
                    net->node_code[r->from]);
        const je_river_hydraulics *h = &r->hyd;
        if (!finite_pos(h->u_m_s) && !(finite_pos(h->vel_a) && isfinite(h->vel_b)))
            problem(v, "reach %s: no velocity (give u_m_s > 0, or vel_a > 0 and vel_b)", r->code);
        if (!isnan(h->h_m) && !finite_pos(h->h_m))
            problem(v, "reach %s: depth %g m; it must be positive", r->code, h->h_m);
        if (isnan(h->h_m) && !isnan(h->depth_c) &&
            !(finite_pos(h->depth_c) && isfinite(h->depth_d)))
            problem(v, "reach %s: depth coefficients c = %g, d = %g; c must be positive", r->code,
                    h->depth_c, h->depth_d);
    }
}

/* Distance x on reach r, or the reason it is not on it. */
static int on_reach(const je_river_net *net, size_t r, double x)
{
    const double tol = 1e-9;
    return isfinite(x) && x >= -tol && x <= net->reach[r].length_km + tol;
}

static void check_places(je_river_net *net, vctx *v)
{
    for (size_t i = 0; i < net->n_sections; i++) {
        const river_section *s = &net->section[i];
        const river_reach *r = &net->reach[s->reach];
        if (r->kind == JE_REACH_WITHDRAWAL)
            problem(v, "section %s: on withdrawal %s, which leaves the network", s->code, r->code);
        else if (finite_pos(r->length_km) && !on_reach(net, s->reach, s->x_km))
            problem(v, "section %s: at km %g, off reach %s (length %g km)", s->code, s->x_km,
                    r->code, r->length_km);
    }
    for (size_t i = 0; i < net->n_loads; i++) {
        river_load *l = &net->load[i];
        const river_reach *r = &net->reach[l->reach];
        if (r->kind == JE_REACH_WITHDRAWAL) {
            problem(v, "load %s: on withdrawal %s, which leaves the network", l->code, r->code);
            continue;
        }
        if (l->kind == JE_LOAD_DIFFUSE && isnan(l->x_km))
            l->x_km = 0; /* a diffuse load with no place covers the whole reach */
        if (finite_pos(r->length_km) && !on_reach(net, l->reach, l->x_km))
            problem(v, "load %s: at km %g, off reach %s (length %g km)", l->code, l->x_km, r->code,
                    r->length_km);
        if (l->kind == JE_LOAD_DIFFUSE) {
            double end = isnan(l->x_end_km) ? r->length_km : l->x_end_km;
            if (finite_pos(r->length_km) && (!on_reach(net, l->reach, end) || end < l->x_km))
                problem(v,
                        "load %s: diffuse stretch km %g to %g is not within reach %s (length "
                        "%g km)",
                        l->code, l->x_km, end, r->code, r->length_km);
            for (int s = 0; s < JE_RIVER_NSUB; s++)
                if (s != JE_RIVER_DO && l->w_kg_d_km[s] < 0)
                    problem(v, "load %s: negative %s mass %g kg/(d km)", l->code,
                            je_river_sub_code((je_river_sub)s), l->w_kg_d_km[s]);
        } else {
            if (!(isfinite(l->q_m3_s) && l->q_m3_s >= 0))
                problem(v, "load %s: discharge %g m3/s; it must be 0 or more", l->code, l->q_m3_s);
            for (int s = 0; s < JE_RIVER_NSUB; s++)
                if (l->conc_mg_l[s] < 0 || isinf(l->conc_mg_l[s]))
                    problem(v, "load %s: %s concentration %g mg/L; it must be 0 or more", l->code,
                            je_river_sub_code((je_river_sub)s), l->conc_mg_l[s]);
        }
    }
}

/* Outgoing links per node (CSR); two channels out of a node is a problem. */
static int build_out_links(je_river_net *net, vctx *v)
{
    size_t nn = net->n_nodes, nr = net->n_reaches;
    net->out_off = calloc(nn + 1, sizeof *net->out_off);
    net->out_link = malloc((nr ? nr : 1) * sizeof *net->out_link);
    if (net->out_off == NULL || net->out_link == NULL)
        return 0;
    for (size_t i = 0; i < nr; i++)
        net->out_off[net->reach[i].from + 1]++;
    for (size_t n = 0; n < nn; n++)
        net->out_off[n + 1] += net->out_off[n];
    size_t *fill = malloc((nn ? nn : 1) * sizeof *fill);
    if (fill == NULL)
        return 0;
    memcpy(fill, net->out_off, nn * sizeof *fill);
    for (size_t i = 0; i < nr; i++)
        net->out_link[fill[net->reach[i].from]++] = i;
    free(fill);
    for (size_t n = 0; n < nn; n++) {
        size_t first = RIVER_NONE;
        for (size_t k = net->out_off[n]; k < net->out_off[n + 1]; k++) {
            size_t r = net->out_link[k];
            if (net->reach[r].kind != JE_REACH_CHANNEL)
                continue;
            if (first == RIVER_NONE)
                first = r;
            else
                problem(v,
                        "node %s: two channels flow out of it (%s and %s); model a split as a "
                        "diversion",
                        net->node_code[n], net->reach[first].code, net->reach[r].code);
        }
    }
    return 1;
}

/* Kahn's algorithm over every link with a to-node. Nodes left over lie on or below a
 * cycle; one cycle is named by walking back along unprocessed in-links. */
static int topo_order(je_river_net *net, vctx *v)
{
    size_t nn = net->n_nodes, nr = net->n_reaches;
    size_t *indeg = calloc(nn ? nn : 1, sizeof *indeg);
    net->node_order = malloc((nn ? nn : 1) * sizeof *net->node_order);
    net->node_rank = malloc((nn ? nn : 1) * sizeof *net->node_rank);
    if (indeg == NULL || net->node_order == NULL || net->node_rank == NULL) {
        free(indeg);
        return 0;
    }
    for (size_t i = 0; i < nr; i++)
        if (net->reach[i].to != RIVER_NONE)
            indeg[net->reach[i].to]++;
    size_t head = 0, tail = 0;
    for (size_t n = 0; n < nn; n++)
        if (indeg[n] == 0)
            net->node_order[tail++] = n;
    while (head < tail) {
        size_t n = net->node_order[head++];
        for (size_t k = net->out_off[n]; k < net->out_off[n + 1]; k++) {
            size_t to = net->reach[net->out_link[k]].to;
            if (to != RIVER_NONE && --indeg[to] == 0)
                net->node_order[tail++] = to;
        }
    }
    if (tail < nn) {
        /* Some node with indeg > 0 remains; walk back along in-links from unprocessed
           nodes until a node repeats: that loop is a cycle. */
        size_t *pred = malloc(nn * sizeof *pred);
        size_t *seen = calloc(nn, sizeof *seen);
        if (pred == NULL || seen == NULL) {
            free(pred);
            free(seen);
            free(indeg);
            return 0;
        }
        for (size_t n = 0; n < nn; n++)
            pred[n] = RIVER_NONE;
        for (size_t i = 0; i < nr; i++) {
            size_t to = net->reach[i].to;
            if (to != RIVER_NONE && indeg[to] > 0 && indeg[net->reach[i].from] > 0)
                pred[to] = i;
        }
        size_t start = RIVER_NONE;
        for (size_t n = 0; n < nn && start == RIVER_NONE; n++)
            if (indeg[n] > 0 && pred[n] != RIVER_NONE)
                start = n;
        size_t n = start, step = 1;
        while (n != RIVER_NONE && seen[n] == 0) {
            seen[n] = step++;
            n = pred[n] == RIVER_NONE ? RIVER_NONE : net->reach[pred[n]].from;
        }
        char names[400] = "";
        size_t len = 0, count = 0;
        if (n != RIVER_NONE) {
            size_t m = n;
            do { /* the cycle, listed downstream from m back along pred: reverse order */
                count++;
                m = net->reach[pred[m]].from;
            } while (m != n);
            /* list in flow direction: collect then print reversed */
            size_t *cyc = malloc(count * sizeof *cyc);
            if (cyc != NULL) {
                m = n;
                for (size_t k = 0; k < count; k++) {
                    cyc[count - 1 - k] = m;
                    m = net->reach[pred[m]].from;
                }
                for (size_t k = 0; k <= count && len + 4 < sizeof names; k++) {
                    int w = snprintf(names + len, sizeof names - len, "%s%s", k ? " -> " : "",
                                     net->node_code[cyc[k % count]]);
                    if (w < 0)
                        break;
                    len += (size_t)w;
                }
                free(cyc);
            }
        }
        problem(v, "cycle through nodes %s (%zu nodes on or below a cycle)", names[0] ? names : "?",
                nn - tail);
        free(pred);
        free(seen);
    }
    for (size_t k = 0; k < tail; k++)
        net->node_rank[net->node_order[k]] = k;
    free(indeg);
    return 1;
}

/* Each node without an outgoing channel ends a piece; the outlet is the end that most
 * reaches drain to along channels; the others are disconnected pieces. Also nodes with
 * no link at all. Only called on an acyclic network. */
static int find_outlet(je_river_net *net, vctx *v)
{
    size_t nn = net->n_nodes;
    size_t *down = malloc(nn * sizeof *down); /* the channel out of each node */
    size_t *end = malloc(nn * sizeof *end);   /* the end node each node drains to */
    size_t *count = calloc(nn, sizeof *count);
    int *linked = calloc(nn, sizeof *linked);
    if (down == NULL || end == NULL || count == NULL || linked == NULL) {
        free(down);
        free(end);
        free(count);
        free(linked);
        return 0;
    }
    for (size_t n = 0; n < nn; n++)
        down[n] = RIVER_NONE;
    for (size_t i = 0; i < net->n_reaches; i++) {
        const river_reach *r = &net->reach[i];
        linked[r->from] = 1;
        if (r->to != RIVER_NONE)
            linked[r->to] = 1;
        if (r->kind == JE_REACH_CHANNEL)
            down[r->from] = r->to;
    }
    /* reverse topological order: a node's end is its channel's end */
    for (size_t k = nn; k-- > 0;) {
        size_t n = net->node_order[k];
        end[n] = down[n] == RIVER_NONE ? n : end[down[n]];
        count[end[n]]++;
    }
    size_t outlet = RIVER_NONE;
    for (size_t n = 0; n < nn; n++)
        if (linked[n] && down[n] == RIVER_NONE &&
            (outlet == RIVER_NONE || count[n] > count[outlet]))
            outlet = n;
    net->outlet = outlet;
    for (size_t n = 0; n < nn; n++) {
        if (!linked[n])
            problem(v, "node %s: not connected to any reach", net->node_code[n]);
        else if (down[n] == RIVER_NONE && n != outlet)
            problem(v,
                    "node %s: no channel flows out of it, so the %zu node(s) draining to it are "
                    "disconnected from the outlet %s",
                    net->node_code[n], count[n], net->node_code[outlet]);
    }
    free(down);
    free(end);
    free(count);
    free(linked);
    return 1;
}

static int cmp_event(const void *a, const void *b)
{
    const river_event *x = a, *y = b;
    if (x->x_km != y->x_km)
        return x->x_km < y->x_km ? -1 : 1;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Events per reach (CSR), each reach's events sorted by (x, type). */
static int build_events(je_river_net *net)
{
    size_t nr = net->n_reaches, ne = net->n_sections;
    for (size_t i = 0; i < net->n_loads; i++)
        ne += net->load[i].kind == JE_LOAD_DIFFUSE ? 2 : 1;
    net->ev_off = calloc(nr + 1, sizeof *net->ev_off);
    net->ev = malloc((ne ? ne : 1) * sizeof *net->ev);
    size_t *fill = malloc((nr ? nr : 1) * sizeof *fill);
    if (net->ev_off == NULL || net->ev == NULL || fill == NULL) {
        free(fill);
        return 0;
    }
    for (size_t i = 0; i < net->n_sections; i++)
        net->ev_off[net->section[i].reach + 1]++;
    for (size_t i = 0; i < net->n_loads; i++)
        net->ev_off[net->load[i].reach + 1] += net->load[i].kind == JE_LOAD_DIFFUSE ? 2 : 1;
    for (size_t r = 0; r < nr; r++)
        net->ev_off[r + 1] += net->ev_off[r];
    memcpy(fill, net->ev_off, nr * sizeof *fill);
    for (size_t i = 0; i < net->n_sections; i++) {
        const river_section *s = &net->section[i];
        net->ev[fill[s->reach]++] = (river_event){s->x_km, EV_SECTION, 0, i};
    }
    for (size_t i = 0; i < net->n_loads; i++) {
        river_load *l = &net->load[i];
        if (l->kind == JE_LOAD_DIFFUSE) {
            if (isnan(l->x_end_km))
                l->x_end_km = net->reach[l->reach].length_km;
            net->ev[fill[l->reach]++] = (river_event){l->x_km, EV_DIFF_START, 0, i};
            net->ev[fill[l->reach]++] = (river_event){l->x_end_km, EV_DIFF_END, 0, i};
        } else {
            net->ev[fill[l->reach]++] = (river_event){l->x_km, EV_POINT, 0, i};
        }
    }
    free(fill);
    for (size_t r = 0; r < nr; r++) {
        size_t n = net->ev_off[r + 1] - net->ev_off[r];
        if (n > 1)
            qsort(net->ev + net->ev_off[r], n, sizeof *net->ev, cmp_event);
    }
    return 1;
}

/* The sweep order: a depth-first post-order from the outlet over incoming links
 * (iterative; a node is emitted after every node upstream of it), which is
 * topological and keeps a node close to its upstream neighbours in memory. Then the
 * steps: each node's outgoing links in that order, with their data copied. */
static int build_sweep_order(je_river_net *net)
{
    size_t nn = net->n_nodes, nr = net->n_reaches;
    size_t *in_off = calloc(nn + 1, sizeof *in_off);
    size_t *in_link = malloc((nr ? nr : 1) * sizeof *in_link);
    size_t *stack = malloc(nn * sizeof *stack), *next = calloc(nn, sizeof *next);
    unsigned char *seen = calloc(nn, 1);
    size_t *post = malloc(nn * sizeof *post);
    net->reach_order = malloc((nr ? nr : 1) * sizeof *net->reach_order);
    net->step = malloc((nr ? nr : 1) * sizeof *net->step);
    net->step_off = malloc((nn + 1) * sizeof *net->step_off);
    net->reach_pos = malloc((nr ? nr : 1) * sizeof *net->reach_pos);
    int ok = in_off && in_link && stack && next && seen && post && net->reach_order && net->step &&
             net->step_off && net->reach_pos;
    if (ok) {
        for (size_t r = 0; r < nr; r++)
            if (net->reach[r].to != RIVER_NONE)
                in_off[net->reach[r].to + 1]++;
        for (size_t n = 0; n < nn; n++)
            in_off[n + 1] += in_off[n];
        memcpy(next, in_off, nn * sizeof *next);
        for (size_t r = 0; r < nr; r++)
            if (net->reach[r].to != RIVER_NONE)
                in_link[next[net->reach[r].to]++] = r;
        memcpy(next, in_off, nn * sizeof *next);
        size_t k = 0, top = 0;
        stack[top++] = net->outlet;
        seen[net->outlet] = 1;
        while (top > 0) {
            size_t n = stack[top - 1];
            if (next[n] < in_off[n + 1]) {
                size_t up = net->reach[in_link[next[n]++]].from;
                if (!seen[up]) {
                    seen[up] = 1;
                    stack[top++] = up;
                }
            } else {
                post[k++] = n;
                top--;
            }
        }
        /* every node drains to the outlet in a valid network; keep Kahn's order if not */
        if (k == nn) {
            memcpy(net->node_order, post, nn * sizeof *post);
            for (size_t i = 0; i < nn; i++)
                net->node_rank[net->node_order[i]] = i;
        }
        size_t j = 0;
        for (size_t i = 0; i < nn; i++) {
            size_t n = net->node_order[i];
            net->step_off[i] = j;
            for (size_t e = net->out_off[n]; e < net->out_off[n + 1]; e++) {
                size_t r = net->out_link[e];
                const river_reach *rr = &net->reach[r];
                river_step *st = &net->step[j];
                st->reach = r;
                st->to_rank = rr->to == RIVER_NONE ? RIVER_NONE : 0; /* set below */
                st->ev_begin = net->ev_off[r];
                st->ev_end = net->ev_off[r + 1];
                st->length_km = rr->length_km;
                st->hyd = rr->hyd;
                st->kind = rr->kind;
                net->reach_order[j] = r;
                net->reach_pos[r] = j++;
            }
        }
        net->step_off[nn] = j;
        for (size_t i = 0; i < nr; i++)
            if (net->step[i].to_rank != RIVER_NONE)
                net->step[i].to_rank = net->node_rank[net->reach[net->step[i].reach].to];
    }
    free(in_off);
    free(in_link);
    free(stack);
    free(next);
    free(seen);
    free(post);
    return ok;
}

je_status je_river_net_validate(je_river_net *net, je_diag *diag, je_error *err)
{
    if (net == NULL)
        return je_error_set(err, JE_EINVAL, "no network");
    invalidate(net);
    vctx v = {diag, err, 0, 0};
    if (net->n_reaches == 0) {
        problem(&v, "the network has no reaches");
        return JE_EDATA;
    }
    check_reaches(net, &v);
    check_places(net, &v);
    int ok = build_out_links(net, &v);
    size_t before = v.n;
    ok = ok && topo_order(net, &v);
    int acyclic = v.n == before;
    ok = ok && (!acyclic || find_outlet(net, &v));
    if (ok && !v.nomem && v.n > 0) {
        invalidate(net);
        return JE_EDATA;
    }
    ok = ok && build_events(net);
    ok = ok && build_sweep_order(net);
    if (!ok || v.nomem) {
        invalidate(net);
        return je_error_set(err, JE_ENOMEM, "out of memory validating the river network");
    }
    net->valid = 1;
    return JE_OK;
}
