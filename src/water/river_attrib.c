/*
 * river_attrib.c — each load's contribution to the sections. With flows and
 * temperatures fixed the model is linear in the loads' masses (every step — decay,
 * the Streeter–Phelps deficit, flow-weighted mixing — is linear in the concentrations
 * and the sources), so a load's contribution is the model run with that load's mass
 * alone, every concentration at the headwaters 0, and no change of saturation at the
 * confluences (a background effect). That run is zero above the load, so it is done
 * only below it: the load's own reach from its top, then the nodes downstream in
 * topological order (a heap keyed by the node's rank handles diversions that split
 * the path and rejoin it). Cost: Σ over loads of the reaches below them. The
 * background is one full run with no load mass; the modelled values another.
 */
#include "water/river_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void je_river_attrib_free(je_river_attrib *a)
{
    if (a == NULL)
        return;
    free(a->section);
    free(a->conc_mg_l);
    free(a->background_mg_l);
    free(a->load_mg_l);
    free(a->load_do_bod_mg_l);
    free(a->do_sat_mg_l);
    memset(a, 0, sizeof *a);
}

typedef struct attrib_ctx {
    const size_t *row; /* section → row, RIVER_NONE when not attributed */
    je_river_attrib *out;
    size_t load;
} attrib_ctx;

static void record(void *ctx, size_t sec, const river_state *s, const river_rates *rt)
{
    (void)rt;
    attrib_ctx *a = ctx;
    size_t j = a->row[sec];
    if (j == RIVER_NONE)
        return;
    size_t k = j * a->out->n_loads + a->load;
    memcpy(a->out->load_mg_l + k * JE_RIVER_NSUB, s->c, JE_RIVER_NSUB * sizeof(double));
    a->out->load_do_bod_mg_l[k] = s->d_bod;
}

/* A min-heap of node ranks. */
typedef struct heap {
    size_t *a;
    size_t n;
} heap;

static void heap_push(heap *h, size_t v)
{
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h->a[p] <= v)
            break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = v;
}

static size_t heap_pop(heap *h)
{
    size_t top = h->a[0], v = h->a[--h->n], i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->a[c + 1] < h->a[c])
            c++;
        if (v <= h->a[c])
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n > 0)
        h->a[i] = v;
    return top;
}

/* Fluxes (Q·C, deficit in the DO slot; and Q·d_bod) arriving at each node. */
typedef struct flux {
    double f[JE_RIVER_NSUB];
    double f_bod;
} flux;

typedef struct prop {
    const je_river_net *net;
    const je_river_month *m;
    const double *qnode; /* flow of the mixed water at each node, by rank */
    flux *acc;
    unsigned char *queued;
    heap h;
    river_walk w;
    river_rates rt;
} prop;

/* Add a reach's outflow to the node of rank `node`. */
static void deliver(prop *p, size_t node, const river_state *s)
{
    flux *a = &p->acc[node];
    for (int i = 0; i < JE_RIVER_NSUB; i++)
        a->f[i] += s->q_m3_s * s->c[i];
    a->f_bod += s->q_m3_s * s->d_bod;
    if (!p->queued[node]) {
        p->queued[node] = 1;
        heap_push(&p->h, node);
    }
}

/* The contribution of load l, everywhere below it. */
static je_status follow_load(prop *p, size_t l, je_error *err)
{
    const je_river_net *net = p->net;
    size_t r0 = net->load[l].reach, k0 = net->reach_pos[r0];
    if (p->m->q_m3_s[r0] == 0)
        return JE_OK;
    je_status st = river_rates_of(net, p->m, p->w.p, r0, &p->rt, err);
    river_state s;
    memset(&s, 0, sizeof s);
    s.q_m3_s = p->m->q_m3_s[r0];
    p->w.active = l;
    if (st == JE_OK)
        st = river_walk_reach(&p->w, k0, &p->rt, &s, err);
    if (st != JE_OK)
        return st;
    deliver(p, net->step[k0].to_rank, &s);
    p->w.active = RIVER_NONE;
    while (p->h.n > 0) {
        size_t n = heap_pop(&p->h);
        flux in = p->acc[n];
        memset(&p->acc[n], 0, sizeof p->acc[n]);
        p->queued[n] = 0;
        for (size_t k = net->step_off[n]; k < net->step_off[n + 1]; k++) {
            const river_step *sp = &net->step[k];
            if (sp->kind == JE_REACH_WITHDRAWAL || p->m->q_m3_s[sp->reach] == 0)
                continue;
            for (int i = 0; i < JE_RIVER_NSUB; i++)
                s.c[i] = in.f[i] / p->qnode[n];
            s.d_bod = in.f_bod / p->qnode[n];
            s.q_m3_s = p->m->q_m3_s[sp->reach];
            st = river_rates_of(net, p->m, p->w.p, sp->reach, &p->rt, err);
            if (st == JE_OK)
                st = river_walk_reach(&p->w, k, &p->rt, &s, err);
            if (st != JE_OK)
                return st;
            deliver(p, sp->to_rank, &s);
        }
    }
    return JE_OK;
}

/* The mixed flow at each node (by rank), as the model sweep computes it: max(in, out). */
static double *node_flows(const je_river_net *net, const je_river_month *m)
{
    size_t nn = net->n_nodes;
    double *qin = calloc(nn, sizeof *qin), *qout = calloc(nn, sizeof *qout);
    if (qin == NULL || qout == NULL) {
        free(qin);
        free(qout);
        return NULL;
    }
    for (size_t k = 0; k < nn; k++)
        for (size_t j = net->step_off[k]; j < net->step_off[k + 1]; j++) {
            const river_step *sp = &net->step[j];
            double q = m->q_m3_s[sp->reach];
            qout[k] += q;
            if (sp->to_rank == RIVER_NONE || q == 0)
                continue;
            for (size_t e = sp->ev_begin; e < sp->ev_end; e++)
                if (net->ev[e].type == EV_POINT)
                    q += river_load_q(net, m, net->ev[e].idx);
            qin[sp->to_rank] += q;
        }
    for (size_t n = 0; n < nn; n++)
        qin[n] = qout[n] > qin[n] ? qout[n] : qin[n];
    free(qout);
    return qin;
}

static je_status alloc_out(je_river_attrib *out, size_t ns, size_t nl)
{
    out->n_sections = ns;
    out->n_loads = nl;
    size_t a = ns ? ns : 1, b = ns * nl;
    if (b == 0)
        b = 1;
    out->section = malloc(a * sizeof *out->section);
    out->conc_mg_l = calloc(a * JE_RIVER_NSUB, sizeof(double));
    out->background_mg_l = calloc(a * JE_RIVER_NSUB, sizeof(double));
    out->do_sat_mg_l = calloc(a, sizeof(double));
    out->load_mg_l = calloc(b * JE_RIVER_NSUB, sizeof(double));
    out->load_do_bod_mg_l = calloc(b, sizeof(double));
    return out->section && out->conc_mg_l && out->background_mg_l && out->do_sat_mg_l &&
                   out->load_mg_l && out->load_do_bod_mg_l
               ? JE_OK
               : JE_ENOMEM;
}

/* Copy a model run's section values (DO slot = deficit) into rows. */
static void copy_rows(const je_river_result *res, const size_t *sec, size_t n, double *rows,
                      double *cs)
{
    for (size_t j = 0; j < n; j++) {
        const je_river_section_result *s = &res->sections[sec[j]];
        memcpy(rows + j * JE_RIVER_NSUB, s->conc_mg_l, JE_RIVER_NSUB * sizeof(double));
        rows[j * JE_RIVER_NSUB + JE_RIVER_DO] = s->deficit_mg_l;
        if (cs)
            cs[j] = s->do_sat_mg_l;
    }
}

je_status je_river_attribute(const je_river_net *net, const je_river_month *month,
                             const je_river_params *params, const size_t *sections, size_t n,
                             je_river_attrib *out, je_error *err)
{
    if (out == NULL)
        return je_error_set(err, JE_EINVAL, "no result");
    memset(out, 0, sizeof *out);
    je_river_params def;
    if (params == NULL) {
        je_river_params_default(&def);
        params = &def;
    }
    je_status st = river_check_inputs(net, month, params, err);
    if (st != JE_OK)
        return st;
    size_t ns = sections ? n : net->n_sections, nl = net->n_loads;
    if (alloc_out(out, ns, nl) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory for the attribution");
    size_t *row = malloc((net->n_sections ? net->n_sections : 1) * sizeof *row);
    if (row == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory for the attribution");
    for (size_t i = 0; i < net->n_sections; i++)
        row[i] = RIVER_NONE;
    for (size_t j = 0; j < ns; j++) {
        size_t sec = sections ? sections[j] : j;
        if (sec >= net->n_sections || row[sec] != RIVER_NONE) {
            free(row);
            return je_error_set(err, JE_EINVAL, "section index %zu %s", sec,
                                sec >= net->n_sections ? "out of range" : "listed twice");
        }
        row[sec] = j;
        out->section[j] = sec;
    }
    je_river_params pp = *params;
    pp.reach_results = 0;
    je_river_result res;
    st = je_river_model_run(net, month, &pp, &res, err);
    if (st == JE_OK)
        copy_rows(&res, out->section, ns, out->conc_mg_l, out->do_sat_mg_l);
    je_river_result_free(&res);
    if (st == JE_OK) {
        st = river_background(net, month, &pp, &res, err);
        if (st == JE_OK)
            copy_rows(&res, out->section, ns, out->background_mg_l, NULL);
        je_river_result_free(&res);
    }
    if (st != JE_OK || nl == 0 || ns == 0) {
        free(row);
        return st;
    }
    attrib_ctx ac = {row, out, 0};
    prop p = {0};
    p.net = net;
    p.m = month;
    p.qnode = node_flows(net, month);
    p.acc = calloc(net->n_nodes, sizeof *p.acc);
    p.queued = calloc(net->n_nodes, 1);
    p.h.a = malloc(net->n_nodes * sizeof *p.h.a);
    p.w = (river_walk){net, month, &pp, RIVER_NONE, 0, record, &ac, 0, 0, 0, 0, 0, 0, 0};
    p.rt.temp_c = NAN;
    if (p.qnode == NULL || p.acc == NULL || p.queued == NULL || p.h.a == NULL)
        st = je_error_set(err, JE_ENOMEM, "out of memory for the attribution");
    for (size_t l = 0; l < nl && st == JE_OK; l++) {
        ac.load = l;
        st = follow_load(&p, l, err);
    }
    free((void *)p.qnode);
    free(p.acc);
    free(p.queued);
    free(p.h.a);
    free(row);
    return st;
}

je_status je_river_attrib_by_owner(const je_river_net *net, const je_river_attrib *a, double *out,
                                   je_error *err)
{
    if (net == NULL || a == NULL || out == NULL || a->n_loads != net->n_loads)
        return je_error_set(err, JE_EINVAL, "attribution by owner: bad arguments");
    size_t no = net->n_owners;
    memset(out, 0, a->n_sections * no * JE_RIVER_NSUB * sizeof *out);
    for (size_t j = 0; j < a->n_sections; j++)
        for (size_t l = 0; l < a->n_loads; l++) {
            const double *c = a->load_mg_l + (j * a->n_loads + l) * JE_RIVER_NSUB;
            double *o = out + (j * no + net->load[l].owner) * JE_RIVER_NSUB;
            for (int s = 0; s < JE_RIVER_NSUB; s++)
                o[s] += c[s];
        }
    return JE_OK;
}
