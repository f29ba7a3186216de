/*
 * river.c — the steady-state transport model: one sweep over the nodes in topological
 * order; at each node the incoming water mixes, then each outgoing link is walked
 * down stretch by stretch (a stretch ends at a load, a section or the end of a
 * diffuse load) with the closed-form solutions of first-order decay and of the
 * Streeter–Phelps oxygen balance. Cost: O(reaches + loads + sections) per month.
 */
#include "water/river_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------- */
/* inputs and parameters                                                      */

void je_river_month_init(je_river_month *m)
{
    memset(m, 0, sizeof *m);
    m->temp_c_all = 20.0;
    for (int s = 0; s < JE_RIVER_NSUB; s++)
        m->background_mg_l[s] = NAN;
}

void je_river_params_default(je_river_params *p)
{
    /* Illustrative defaults within the ranges of Chapra (1997) Lectures 19–23; NOT
       standards (see river.h). */
    static const double k20[JE_RIVER_NSUB] = {0.20, 0.15, 0.15, 0.05, 0.25, 0};
    static const double theta[JE_RIVER_NSUB] = {1.047, 1.047, 1.08, 1.024, 1.047, 1};
    memset(p, 0, sizeof *p);
    memcpy(p->k20_per_d, k20, sizeof k20);
    memcpy(p->theta, theta, sizeof theta);
    p->kd20_per_d = NAN;
    p->theta_kd = 1.047;
    p->theta_ka = 1.024;
    p->reaeration = JE_REAER_OCONNOR_DOBBINS;
    p->ka20_per_d = NAN;
    p->ka_min_per_d = 0.6;
    /* L/BOD5 = 1/(1 − e^(−5·0.23)), the BOD bottle curve y = L(1 − e^(−k1 t)) (Chapra 1997
       Lecture 19) with k1 = 0.23/d. */
    p->bod_u_ratio = 1.0 / (1.0 - exp(-5.0 * 0.23));
    p->elevation_m = 0;
    p->reach_results = 1;
}

static je_status check_params(const je_river_params *p, je_error *err)
{
    for (int s = 0; s < JE_RIVER_DO; s++) {
        if (!(p->k20_per_d[s] >= 0) || isinf(p->k20_per_d[s]) || !(p->theta[s] > 0))
            return je_error_set(err, JE_EINVAL, "parameters: %s rate %g /d or theta %g invalid",
                                je_river_sub_code((je_river_sub)s), p->k20_per_d[s], p->theta[s]);
    }
    if (!(p->k20_per_d[JE_RIVER_BOD5] > 0))
        return je_error_set(err, JE_EINVAL, "parameters: the BOD5 rate must be positive");
    if (!isnan(p->kd20_per_d) && !(p->kd20_per_d >= 0 && isfinite(p->kd20_per_d)))
        return je_error_set(err, JE_EINVAL, "parameters: kd20 %g /d invalid", p->kd20_per_d);
    if (!(p->theta_kd > 0) || !(p->theta_ka > 0) || !(p->bod_u_ratio > 0) ||
        !(p->ka_min_per_d >= 0) || !isfinite(p->elevation_m))
        return je_error_set(err, JE_EINVAL,
                            "parameters: theta_kd, theta_ka, bod_u_ratio must be positive, "
                            "ka_min 0 or more, elevation finite");
    if ((unsigned)p->reaeration > JE_REAER_FIXED)
        return je_error_set(err, JE_EINVAL, "parameters: invalid reaeration formula");
    if (p->reaeration == JE_REAER_FIXED && !(p->ka20_per_d > 0 && isfinite(p->ka20_per_d)))
        return je_error_set(err, JE_EINVAL, "parameters: a fixed ka20 must be positive (%g /d)",
                            p->ka20_per_d);
    return JE_OK;
}

je_status river_check_inputs(const je_river_net *net, const je_river_month *m,
                             const je_river_params *p, je_error *err)
{
    if (net == NULL || !net->valid)
        return je_error_set(err, JE_EINVAL,
                            "the river network is not validated (call je_river_net_validate)");
    if (m == NULL || m->q_m3_s == NULL)
        return je_error_set(err, JE_EINVAL, "no flows for the month");
    je_status st = check_params(p, err);
    if (st != JE_OK)
        return st;
    for (size_t r = 0; r < net->n_reaches; r++) {
        double q = m->q_m3_s[r];
        int ch = net->reach[r].kind == JE_REACH_CHANNEL;
        if (!isfinite(q) || q < 0 || (ch && q == 0))
            return je_error_set(err, JE_EDATA, "reach %s: flow %g m3/s; a %s needs %s",
                                net->reach[r].code, q, je_reach_kind_name(net->reach[r].kind),
                                ch ? "a flow > 0" : "a flow of 0 or more");
    }
    for (size_t l = 0; m->load_q_m3_s && l < net->n_loads; l++) {
        double q = m->load_q_m3_s[l];
        if (!isnan(q) && !(q >= 0 && isfinite(q)))
            return je_error_set(err, JE_EDATA, "load %s: discharge %g m3/s in the scenario",
                                net->load[l].code, q);
    }
    for (size_t l = 0; m->load_factor && l < net->n_loads; l++)
        if (!(m->load_factor[l] >= 0 && isfinite(m->load_factor[l])))
            return je_error_set(err, JE_EDATA, "load %s: factor %g in the scenario",
                                net->load[l].code, m->load_factor[l]);
    return JE_OK;
}

double river_load_q(const je_river_net *net, const je_river_month *m, size_t l)
{
    const river_load *ld = &net->load[l];
    if (ld->kind == JE_LOAD_DIFFUSE)
        return 0;
    if (m->load_q_m3_s != NULL && !isnan(m->load_q_m3_s[l]))
        return m->load_q_m3_s[l];
    return ld->q_m3_s;
}

double river_load_factor(const je_river_month *m, size_t l)
{
    return m->load_factor ? m->load_factor[l] : 1.0;
}

je_status river_rates_of(const je_river_net *net, const je_river_month *m, const je_river_params *p,
                         size_t r, river_rates *rt, je_error *err)
{
    double t = m->temp_c ? m->temp_c[r] : m->temp_c_all;
    if (t == rt->temp_c)
        return JE_OK;
    if (!(t >= -1.0 && t <= 50.0))
        return je_error_set(err, JE_EDATA, "reach %s: water temperature %g C is outside -1..50",
                            net->reach[r].code, t);
    for (int s = 0; s < JE_RIVER_DO; s++)
        rt->k[s] = je_river_rate_at(p->k20_per_d[s], p->theta[s], t);
    rt->k[JE_RIVER_DO] = 0;
    double kd20 = isnan(p->kd20_per_d) ? p->k20_per_d[JE_RIVER_BOD5] : p->kd20_per_d;
    rt->kd = je_river_rate_at(kd20, p->theta_kd, t);
    rt->ka_factor = pow(p->theta_ka, t - 20.0);
    rt->cs_mg_l = je_river_do_sat(t, p->elevation_m);
    rt->temp_c = t;
    return JE_OK;
}

je_status river_hydraulics_at(const je_river_net *net, const je_river_params *p, size_t k,
                              double q_m3_s, const river_rates *rt, double *u_m_s, double *h_m,
                              double *ka_per_d, je_error *err)
{
    const je_river_hydraulics *h = &net->step[k].hyd;
    size_t r = net->step[k].reach;
    /* Hydraulic geometry v = a·Q^b, H = c·Q^d (Leopold & Maddock 1953; the power
       functions of QUAL2E, Brown & Barnwell 1987). */
    double u = isfinite(h->u_m_s) ? h->u_m_s : h->vel_a * pow(q_m3_s, h->vel_b);
    double d = isfinite(h->h_m)       ? h->h_m
               : isfinite(h->depth_c) ? h->depth_c * pow(q_m3_s, h->depth_d)
                                      : NAN;
    double ka20;
    if (p->reaeration == JE_REAER_FIXED) {
        ka20 = p->ka20_per_d;
    } else {
        if (isnan(d))
            return je_error_set(err, JE_EDATA,
                                "reach %s: no depth given, and the %s formula needs one",
                                net->reach[r].code, je_reaeration_name(p->reaeration));
        ka20 = je_river_ka20(p->reaeration, u, d);
        if (ka20 < p->ka_min_per_d)
            ka20 = p->ka_min_per_d;
    }
    if (!(u > 0) || !isfinite(u) || !(ka20 > 0))
        return je_error_set(err, JE_EDATA, "reach %s: velocity %g m/s or ka %g /d not positive",
                            net->reach[r].code, u, ka20);
    *u_m_s = u;
    *h_m = d;
    /* ka(T) = ka20·1.024^(T−20) (Elmore & West 1961; Chapra 1997 Lecture 20). */
    *ka_per_d = ka20 * rt->ka_factor;
    return JE_OK;
}

/* ------------------------------------------------------------------------- */
/* the walk down one reach                                                    */

typedef struct stretch {
    double k[JE_RIVER_NSUB], kd, ka, r_u; /* rates; L/BOD5 */
    double src[JE_RIVER_NSUB];            /* distributed source, mg/L per day */
} stretch;

/* BOD (ultimate) and deficit at time t of a stretch from L0, D0 with a distributed
 * BOD source SL (mg/L/d): the Streeter–Phelps solution plus the distributed-source
 * terms (Chapra 1997 Lecture 22):
 *   L(t) = L0 e^(−kr t) + SL (1 − e^(−kr t))/kr
 *   D(t) = D0 e^(−ka t) + kd L0 g + kd SL/kr·[(1 − e^(−ka t))/ka − g],
 *   g = (e^(−kr t) − e^(−ka t))/(ka − kr). */
static void bod_do_at(const stretch *st, double l0, double d0, double t, double *l, double *d,
                      double *out_ea)
{
    double kr = st->k[JE_RIVER_BOD5], ka = st->ka, sl = st->src[JE_RIVER_BOD5] * st->r_u;
    double ea = exp(-ka * t), er = exp(-kr * t), dk = ka - kr;
    /* g by the plain difference when it loses no more than a few digits, else without
       cancellation (river_expdiff) */
    double g = fabs(dk) * t > 0.5 ? (er - ea) / dk : river_expdiff(ka, kr, t);
    double dd = d0 * ea + st->kd * l0 * g;
    if (sl != 0)
        dd += st->kd * sl / kr * (river_phi_t(ka, t) - g);
    if (l)
        *l = sl != 0 ? l0 * er + sl * river_phi_t(kr, t) : l0 * er;
    *d = dd;
    if (out_ea)
        *out_ea = ea;
}

/* The time of the largest deficit inside (0, t) of a stretch, or −1 when the deficit
 * peaks at neither... i.e. when dD/dt does not change from + to − inside. dD/dt =
 * kd L − ka D changes sign at most once (L is monotonic), so bisection is safe. */
static double peak_time(const stretch *st, double l0, double d0, double t)
{
    double sl = st->src[JE_RIVER_BOD5] * st->r_u;
    if (st->kd * l0 - st->ka * d0 <= 0 && sl == 0)
        return -1;
    if (sl == 0) {
        double tc;
        if (je_river_sp_critical(l0, d0, st->kd, st->k[JE_RIVER_BOD5], st->ka, &tc, NULL, NULL) !=
                JE_OK ||
            !(tc > 0 && tc < t))
            return -1;
        return tc;
    }
    double l, d;
    if (st->kd * l0 - st->ka * d0 <= 0)
        return -1;
    bod_do_at(st, l0, d0, t, &l, &d, NULL);
    if (st->kd * l - st->ka * d >= 0)
        return -1;
    double a = 0, b = t;
    for (int i = 0; i < 60; i++) {
        double mid = 0.5 * (a + b);
        bod_do_at(st, l0, d0, mid, &l, &d, NULL);
        if (st->kd * l - st->ka * d > 0)
            a = mid;
        else
            b = mid;
    }
    return 0.5 * (a + b);
}

/* Advance the state over travel time t. */
static void advance(const stretch *st, river_state *s, double t, int sources)
{
    /* First-order decay with a distributed source (plug flow, Chapra 1997 Lecture 9):
       C(t) = C0 e^(−k t) + S (1 − e^(−k t))/k. */
    for (int i = 0; i < JE_RIVER_BOD5; i++) {
        s->c[i] *= exp(-st->k[i] * t);
        if (sources)
            s->c[i] += st->src[i] * river_phi_t(st->k[i], t);
    }
    double l0 = s->c[JE_RIVER_BOD5] * st->r_u, l, d, d0 = s->c[JE_RIVER_DO];
    double e_a;
    bod_do_at(st, l0, d0, t, &l, &d, &e_a);
    /* the BOD-made part of the deficit: D is linear in (D0, L0, SL), so that part is
       its own D0 decayed plus everything but the D0 term */
    s->d_bod = s->d_bod * e_a + (d - d0 * e_a);
    s->c[JE_RIVER_BOD5] = l / st->r_u;
    s->c[JE_RIVER_DO] = d;
}

static int counts(const river_walk *w, size_t l)
{
    return w->active == RIVER_ALL || w->active == l;
}

static void track(river_walk *w, const stretch *st, const river_state *s, double x0, double t0,
                  double dt, double u_km_d)
{
    if (!w->track_crit)
        return;
    double tp = peak_time(st, s->c[JE_RIVER_BOD5] * st->r_u, s->c[JE_RIVER_DO], dt);
    if (tp > 0) {
        double d;
        bod_do_at(st, s->c[JE_RIVER_BOD5] * st->r_u, s->c[JE_RIVER_DO], tp, NULL, &d, NULL);
        if (d > w->crit_d_mg_l) {
            w->crit_d_mg_l = d;
            w->crit_t_d = t0 + tp;
            w->crit_x_km = x0 + tp * u_km_d;
        }
    }
}

static void note_point(river_walk *w, const river_state *s, double x, double t)
{
    if (w->track_crit && s->c[JE_RIVER_DO] > w->crit_d_mg_l) {
        w->crit_d_mg_l = s->c[JE_RIVER_DO];
        w->crit_x_km = x;
        w->crit_t_d = t;
    }
}

je_status river_walk_reach(river_walk *w, size_t k, const river_rates *rt, river_state *s,
                           je_error *err)
{
    const river_step *sp = &w->net->step[k];
    const je_river_net *net = w->net;
    const je_river_params *p = w->p;
    stretch st;
    memcpy(st.k, rt->k, sizeof st.k);
    st.kd = rt->kd;
    st.r_u = p->bod_u_ratio;
    double w_kg[JE_RIVER_NSUB] = {0}; /* active diffuse loads, kg/(d km) */
    int n_diff = 0;
    double u, h;
    je_status rc = river_hydraulics_at(net, p, k, s->q_m3_s, rt, &u, &h, &st.ka, err);
    if (rc != JE_OK)
        return rc;
    w->u0_m_s = u;
    w->h0_m = h;
    w->ka0_per_d = st.ka;
    w->travel_d = 0;
    w->crit_d_mg_l = s->c[JE_RIVER_DO];
    w->crit_x_km = 0;
    w->crit_t_d = 0;
    double x = 0, t = 0, len = sp->length_km;
    size_t e = sp->ev_begin, e_end = sp->ev_end;
    for (;;) {
        double x_next = e < e_end ? net->ev[e].x_km : len;
        if (x_next > len)
            x_next = len;
        if (x_next > x) {
            /* u m/s → km/d; the distributed source S = w·u/Q in mg/L/d for w in kg/(d km)
               (Chapra 1997 Lecture 9: W/Q per unit travel time). */
            double u_km_d = u * 86.4, dt = (x_next - x) / u_km_d;
            for (int i = 0; i < JE_RIVER_DO; i++)
                st.src[i] = n_diff ? w_kg[i] * u / s->q_m3_s : 0;
            track(w, &st, s, x, t, dt, u_km_d);
            advance(&st, s, dt, n_diff);
            t += dt;
            x = x_next;
            note_point(w, s, x, t);
        }
        if (e >= e_end)
            break;
        const river_event *ev = &net->ev[e++];
        switch ((river_event_type)ev->type) {
        case EV_SECTION:
            if (w->on_section)
                w->on_section(w->ctx, ev->idx, s, rt);
            break;
        case EV_DIFF_START:
        case EV_DIFF_END:
            if (counts(w, ev->idx)) {
                const river_load *ld = &net->load[ev->idx];
                double f = river_load_factor(w->m, ev->idx);
                double sign = ev->type == EV_DIFF_START ? 1.0 : -1.0;
                n_diff += ev->type == EV_DIFF_START ? 1 : -1;
                for (int i = 0; i < JE_RIVER_DO; i++)
                    w_kg[i] =
                        n_diff == 0
                            ? 0
                            : w_kg[i] + sign * f * (isnan(ld->w_kg_d_km[i]) ? 0 : ld->w_kg_d_km[i]);
            }
            break;
        case EV_POINT: {
            const river_load *ld = &net->load[ev->idx];
            double ql = river_load_q(net, w->m, ev->idx), q = s->q_m3_s, qn = q + ql;
            if (ql == 0)
                break;
            int on = counts(w, ev->idx);
            double f = river_load_factor(w->m, ev->idx);
            /* complete mixing, flow-weighted (Chapra 1997 Lecture 9) */
            for (int i = 0; i < JE_RIVER_DO; i++) {
                double cl = on && !isnan(ld->conc_mg_l[i]) ? f * ld->conc_mg_l[i] : 0;
                s->c[i] = (q * s->c[i] + ql * cl) / qn;
            }
            /* the discharge's deficit at the river's saturation; NAN DO = saturated */
            double dl = on && !isnan(ld->conc_mg_l[JE_RIVER_DO])
                            ? f * (rt->cs_mg_l - ld->conc_mg_l[JE_RIVER_DO])
                            : 0;
            s->c[JE_RIVER_DO] = (q * s->c[JE_RIVER_DO] + ql * dl) / qn;
            s->d_bod = q * s->d_bod / qn;
            s->q_m3_s = qn;
            rc = river_hydraulics_at(net, p, k, qn, rt, &u, &h, &st.ka, err);
            if (rc != JE_OK)
                return rc;
            break;
        }
        }
    }
    w->travel_d = t;
    return JE_OK;
}

/* ------------------------------------------------------------------------- */
/* the sweep                                                                  */

/* The month's arrays are indexed by reach and node number, which need not follow the
 * sweep order: fetch a few nodes ahead so that those reads do not stall the sweep
 * (they were most of its time on a million reaches). */
#if defined(__GNUC__)
#define PREFETCH(p, w) __builtin_prefetch((p), (w))
#else
#define PREFETCH(p, w) ((void)(p))
#endif
enum { AHEAD = 16 };

static void prefetch_node(const je_river_net *net, const je_river_month *m,
                          const je_river_result *res, size_t k)
{
    if (k >= net->n_nodes)
        return;
    PREFETCH(&res->node_lateral_m3_s[net->node_order[k]], 1);
    for (size_t j = net->step_off[k]; j < net->step_off[k + 1]; j++) {
        size_t r = net->step[j].reach;
        PREFETCH(&m->q_m3_s[r], 0);
        if (m->temp_c)
            PREFETCH(&m->temp_c[r], 0);
        if (res->reaches)
            PREFETCH(&res->reaches[r], 1);
    }
}

void je_river_result_free(je_river_result *r)
{
    if (r == NULL)
        return;
    free(r->sections);
    free(r->reaches);
    free(r->node_lateral_m3_s);
    memset(r, 0, sizeof *r);
}

typedef struct sweep_ctx {
    const je_river_net *net;
    je_river_result *res;
} sweep_ctx;

static void record_section(void *ctx, size_t sec, const river_state *s, const river_rates *rt)
{
    sweep_ctx *c = ctx;
    je_river_section_result *o = &c->res->sections[sec];
    je_waterbody wb = c->net->section[sec].waterbody;
    memcpy(o->conc_mg_l, s->c, sizeof o->conc_mg_l);
    o->deficit_mg_l = s->c[JE_RIVER_DO];
    o->do_sat_mg_l = rt->cs_mg_l;
    double dox = rt->cs_mg_l - s->c[JE_RIVER_DO];
    o->conc_mg_l[JE_RIVER_DO] = dox > 0 ? dox : 0;
    o->q_m3_s = s->q_m3_s;
    o->temp_c = rt->temp_c;
    o->cls = JE_WQ_CLASS_NONE;
    for (int i = 0; i < JE_RIVER_NSUB; i++) {
        o->item_class[i] =
            je_gb3838_item_class(je_river_sub_item((je_river_sub)i), o->conc_mg_l[i], wb);
        if (o->item_class[i] > o->cls)
            o->cls = o->item_class[i];
    }
}

/* Per-node accumulators: flow and fluxes (Q·C; the DO slot holds Q·DO). */
typedef struct node_acc {
    double q;
    double f[JE_RIVER_NSUB];
} node_acc;

static void reach_nan(je_river_reach_result *o)
{
    double *d = (double *)o;
    for (size_t i = 0; i < sizeof *o / sizeof(double); i++)
        d[i] = NAN;
}

static void conc_of(const river_state *s, double cs, double *out)
{
    memcpy(out, s->c, JE_RIVER_NSUB * sizeof *out);
    out[JE_RIVER_DO] = cs - s->c[JE_RIVER_DO];
}

/* The whole sweep with the loads in `active` (RIVER_ALL or RIVER_NONE). */
static je_status sweep(const je_river_net *net, const je_river_month *m, const je_river_params *p,
                       size_t active, je_river_result *res, je_error *err)
{
    size_t nn = net->n_nodes;
    node_acc *acc = calloc(nn, sizeof *acc);
    if (acc == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory running the river model");
    sweep_ctx sc = {net, res};
    river_walk w = {net, m, p, active, 1, record_section, &sc, 0, 0, 0, 0, 0, 0, 0};
    river_rates rt;
    rt.temp_c = NAN;
    je_status st = JE_OK;
    res->crit_reach = RIVER_NONE;
    res->crit_do_mg_l = INFINITY;
    for (size_t k = 0; k < nn && st == JE_OK; k++) {
        /* accumulators and steps are by rank, so this loop reads memory in order */
        prefetch_node(net, m, res, k + AHEAD);
        size_t o0 = net->step_off[k], o1 = net->step_off[k + 1];
        if (o0 == o1)
            continue; /* the outlet */
        double qout = 0;
        for (size_t j = o0; j < o1; j++)
            qout += m->q_m3_s[net->step[j].reach];
        node_acc *a = &acc[k];
        size_t n = net->node_order[k];
        double lat = qout - a->q, qnode = lat > 0 ? qout : a->q;
        res->node_lateral_m3_s[n] = lat;
        if (lat > 0) {
            /* lateral (or headwater) inflow at the node's inflow concentration; a NAN DO
               is saturated at the temperature of the first link it enters */
            st = river_rates_of(net, m, p, net->step[o0].reach, &rt, err);
            if (st != JE_OK)
                break;
            for (int i = 0; i < JE_RIVER_NSUB; i++) {
                double c = m->inflow_mg_l ? m->inflow_mg_l[n * JE_RIVER_NSUB + (size_t)i] : NAN;
                if (!isfinite(c))
                    c = m->background_mg_l[i];
                if (isnan(c))
                    c = i == JE_RIVER_DO ? rt.cs_mg_l : 0;
                a->f[i] += lat * c;
            }
        }
        for (size_t j = o0; j < o1 && st == JE_OK; j++) {
            const river_step *sp = &net->step[j];
            size_t r = sp->reach;
            je_river_reach_result *ro = res->reaches ? &res->reaches[r] : NULL;
            double q = m->q_m3_s[r];
            if (q == 0) {
                if (ro)
                    reach_nan(ro);
                continue;
            }
            st = river_rates_of(net, m, p, r, &rt, err);
            if (st != JE_OK)
                break;
            /* complete mixing at the node (Chapra 1997 Lecture 9); oxygen mixes as DO and
               becomes a deficit against this link's saturation */
            river_state s;
            for (int i = 0; i < JE_RIVER_NSUB; i++)
                s.c[i] = a->f[i] / qnode;
            s.c[JE_RIVER_DO] = rt.cs_mg_l - s.c[JE_RIVER_DO];
            s.d_bod = 0;
            s.q_m3_s = q;
            if (ro) {
                ro->q_in_m3_s = q;
                conc_of(&s, rt.cs_mg_l, ro->conc_in_mg_l);
            }
            if (sp->kind == JE_REACH_WITHDRAWAL) {
                if (ro) {
                    ro->q_out_m3_s = q;
                    memcpy(ro->conc_out_mg_l, ro->conc_in_mg_l, sizeof ro->conc_out_mg_l);
                    ro->u_m_s = ro->h_m = ro->ka_per_d = ro->travel_d = NAN;
                    ro->crit_x_km = ro->crit_t_d = ro->crit_do_mg_l = NAN;
                }
                continue;
            }
            st = river_walk_reach(&w, j, &rt, &s, err);
            if (st != JE_OK)
                break;
            double crit_do = rt.cs_mg_l - w.crit_d_mg_l;
            if (ro) {
                ro->q_out_m3_s = s.q_m3_s;
                conc_of(&s, rt.cs_mg_l, ro->conc_out_mg_l);
                ro->u_m_s = w.u0_m_s;
                ro->h_m = w.h0_m;
                ro->ka_per_d = w.ka0_per_d;
                ro->travel_d = w.travel_d;
                ro->crit_x_km = w.crit_x_km;
                ro->crit_t_d = w.crit_t_d;
                ro->crit_do_mg_l = crit_do > 0 ? crit_do : 0;
            }
            if (crit_do < res->crit_do_mg_l) {
                res->crit_do_mg_l = crit_do;
                res->crit_reach = r;
                res->crit_x_km = w.crit_x_km;
                res->crit_t_d = w.crit_t_d;
            }
            node_acc *b = &acc[sp->to_rank];
            b->q += s.q_m3_s;
            for (int i = 0; i < JE_RIVER_DO; i++)
                b->f[i] += s.q_m3_s * s.c[i];
            b->f[JE_RIVER_DO] += s.q_m3_s * (rt.cs_mg_l - s.c[JE_RIVER_DO]);
        }
    }
    if (res->crit_do_mg_l < 0)
        res->crit_do_mg_l = 0;
    free(acc);
    return st;
}

/* Run with the loads in `active`; shared by the model and the attribution. */
static je_status run(const je_river_net *net, const je_river_month *month,
                     const je_river_params *params, size_t active, int reach_results,
                     je_river_result *out, je_error *err)
{
    size_t ns = net->n_sections, nr = net->n_reaches, nn = net->n_nodes;
    out->n_sections = ns;
    out->n_reaches = nr;
    out->n_nodes = nn;
    out->sections = calloc(ns ? ns : 1, sizeof *out->sections);
    out->reaches = reach_results ? calloc(nr, sizeof *out->reaches) : NULL;
    out->node_lateral_m3_s = calloc(nn, sizeof *out->node_lateral_m3_s);
    if (out->sections == NULL || (reach_results && out->reaches == NULL) ||
        out->node_lateral_m3_s == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory running the river model");
    for (size_t i = 0; i < ns; i++) {
        je_river_section_result *o = &out->sections[i];
        for (int s = 0; s < JE_RIVER_NSUB; s++) {
            o->conc_mg_l[s] = NAN;
            o->item_class[s] = JE_WQ_CLASS_NONE;
        }
        o->deficit_mg_l = o->do_sat_mg_l = o->q_m3_s = o->temp_c = NAN;
        o->cls = JE_WQ_CLASS_NONE;
    }
    return sweep(net, month, params, active, out, err);
}

je_status je_river_model_run(const je_river_net *net, const je_river_month *month,
                             const je_river_params *params, je_river_result *out, je_error *err)
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
    return run(net, month, params, RIVER_ALL, params->reach_results, out, err);
}

je_status river_background(const je_river_net *net, const je_river_month *month,
                           const je_river_params *params, je_river_result *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    return run(net, month, params, RIVER_NONE, 0, out, err);
}
