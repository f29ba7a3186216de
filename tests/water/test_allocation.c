/* The water-allocation engine (allocation.h) on small networks whose optimum is
 * known by hand, its infeasibility report, the scheme parser's errors (with line and
 * column), and properties on the demo scheme: mass balance at every node and month,
 * and monotonicity in the inflow factor.
 *
 * Hand-computed cases (every month alike unless said otherwise; volumes in hm3):
 *  PRIO   S(10) -> A -> O; at A d1 P1 wants 6, d2 P2 wants 6, fully consumed:
 *         d1 = 6, d2 = 4 (the shortage falls on P2).
 *  CAP    S(10) -> A (capacity 5), S -> O, A -> O; at A d P1 wants 8: d = 5.
 *  LOSS   S(10) -> A with 20 % loss; at A d wants 10: d = 8.
 *  RETURN S(10) -> A -> B -> O; at A dA (P1, 10, consumptive 0.4, returning to B
 *         by a return link with 10 % loss), at B dB (P2, 10): dA = 10, the return
 *         carries 6, B receives 5.4, dB = 5.4.
 *  SHARE  S(10) -> A -> O; at A a Sichuan demand (P1, 10) and a Chongqing demand
 *         (P1, 2); share 60/40 +- 5: D_CQ >= 0.35 T and D_SC <= 0.65 T with D_CQ <= 2
 *         give T = 2/0.35 = 5.714286, D_SC = 3.714286.
 *  ECO    S(10) -> O with an ecological minimum of 12 in March only: infeasible,
 *         one issue: that link, month 2 (March), shortfall 2. */
#include "jointenv/allocation.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void near(const char *what, double got, double want, double tol)
{
    cr_assert(fabs(got - want) <= tol, "%s: %.12g, expected %.12g (tolerance %g)", what, got, want,
              tol);
}

/* JSON written with ' for " (readable in C). */
static je_status parse_q(const char *q, je_alloc_scheme *s, je_error *err)
{
    size_t n = strlen(q);
    char *j = malloc(n + 1);
    for (size_t i = 0; i <= n; i++)
        j[i] = q[i] == '\'' ? '"' : q[i];
    je_status st = je_alloc_scheme_parse(j, n, "t.json", s, err);
    free(j);
    return st;
}

static void load_q(const char *q, je_alloc_scheme *s)
{
    je_error err;
    je_status st = parse_q(q, s, &err);
    char buf[700];
    cr_assert_eq(st, JE_OK, "parse: %s", je_error_format(&err, buf, sizeof buf));
}

static void solve(const je_alloc_scheme *s, je_alloc_priority_mode mode, double factor,
                  je_alloc_result *r)
{
    je_alloc_options o;
    je_alloc_options_default(&o);
    o.mode = mode;
    o.inflow_factor = factor;
    je_error err;
    je_status st = je_alloc_solve(s, &o, r, &err);
    cr_assert_eq(st, JE_OK, "solve: %s", err.message);
}

static double del(const je_alloc_scheme *s, const je_alloc_result *r, const char *id, int m)
{
    for (size_t k = 0; k < s->n_demands; k++)
        if (strcmp(s->demands[k].id, id) == 0)
            return r->delivered_hm3[k * JE_ALLOC_MONTHS + (size_t)m];
    cr_assert_fail("no demand %s", id);
    return NAN;
}

static double flow(const je_alloc_scheme *s, const je_alloc_result *r, const char *id, int m)
{
    int l = je_alloc_link_index(s, id);
    cr_assert(l >= 0, "no link %s", id);
    return r->flow_hm3[(size_t)l * JE_ALLOC_MONTHS + (size_t)m];
}

#define HEAD "{'id':'t','year':2022,"
#define NODES_SAO                                                                                  \
    "'nodes':[{'code':'S','jurisdiction':'510000','kind':'source','inflow_hm3':10},"               \
    "{'code':'A','jurisdiction':'510000','kind':'demand'},"                                        \
    "{'code':'O','jurisdiction':'500000','kind':'outlet'}],"

static const char prio_q[] =
    HEAD NODES_SAO "'links':[{'id':'SA','from':'S','to':'A','kind':'river'},"
                   "{'id':'AO','from':'A','to':'O','kind':'river'}],"
                   "'demands':[{'id':'d1','node':'A','sector':'domestic','priority':1,"
                   "'volume_hm3':6},"
                   "{'id':'d2','node':'A','sector':'agricultural','priority':2,'volume_hm3':6}]}";

Test(allocation, shortage_falls_on_the_lowest_priority)
{
    for (int mode = 0; mode < 2; mode++) {
        je_alloc_scheme s;
        load_q(prio_q, &s);
        je_alloc_result r;
        solve(&s, (je_alloc_priority_mode)mode, 1, &r);
        cr_assert(r.feasible);
        for (int m = 0; m < 12; m++) {
            near("d1", del(&s, &r, "d1", m), 6, 1e-6);
            near("d2", del(&s, &r, "d2", m), 4, 1e-6);
            near("outflow", r.outflow_hm3[2 * 12 + (size_t)m], 0, 1e-6);
        }
        cr_assert_eq(r.solves, mode == 0 ? 2 : 1);
        je_alloc_total *t;
        size_t n;
        cr_assert_eq(je_alloc_totals(&s, &r, JE_ALLOC_BY_PRIORITY, 0, &t, &n, NULL), JE_OK);
        cr_assert_eq(n, 2);
        cr_assert_str_eq(t[0].key, "P1");
        near("P1 year", t[0].delivered_hm3, 72, 1e-5);
        near("P2 shortage", t[1].shortage_hm3, 24, 1e-5);
        free(t);
        je_alloc_result_free(&r);
        je_alloc_scheme_free(&s);
    }
}

Test(allocation, a_drought_factor_moves_the_shortage_up_the_priorities)
{
    je_alloc_scheme s;
    load_q(prio_q, &s);
    je_alloc_result r;
    solve(&s, JE_ALLOC_LEXICOGRAPHIC, 0.5, &r); /* 5 of water: d1 5, d2 0 */
    near("d1", del(&s, &r, "d1", 0), 5, 1e-6);
    near("d2", del(&s, &r, "d2", 0), 0, 1e-6);
    je_alloc_result_free(&r);
    je_alloc_scheme_free(&s);
}

Test(allocation, capacity_binds)
{
    je_alloc_scheme s;
    load_q(HEAD NODES_SAO "'links':[{'id':'SA','from':'S','to':'A','kind':'diversion',"
                          "'capacity_hm3':5},{'id':'SO','from':'S','to':'O','kind':'river'},"
                          "{'id':'AO','from':'A','to':'O','kind':'river'}],"
                          "'demands':[{'id':'d','node':'A','sector':'industrial','priority':1,"
                          "'volume_hm3':8}]}",
           &s);
    je_alloc_result r;
    solve(&s, JE_ALLOC_LEXICOGRAPHIC, 1, &r);
    near("d", del(&s, &r, "d", 4), 5, 1e-6);
    near("SA", flow(&s, &r, "SA", 4), 5, 1e-6);
    near("SO", flow(&s, &r, "SO", 4), 5, 1e-6);
    near("AO", flow(&s, &r, "AO", 4), 0, 1e-6);
    je_alloc_result_free(&r);
    je_alloc_scheme_free(&s);
}

Test(allocation, losses_are_counted)
{
    je_alloc_scheme s;
    load_q(HEAD NODES_SAO "'links':[{'id':'SA','from':'S','to':'A','kind':'river','loss':0.2},"
                          "{'id':'AO','from':'A','to':'O','kind':'river'}],"
                          "'demands':[{'id':'d','node':'A','sector':'industrial','priority':1,"
                          "'volume_hm3':10}]}",
           &s);
    je_alloc_result r;
    solve(&s, JE_ALLOC_WEIGHTED, 1, &r);
    near("d", del(&s, &r, "d", 0), 8, 1e-6);
    near("SA", flow(&s, &r, "SA", 0), 10, 1e-6);
    je_alloc_result_free(&r);
    je_alloc_scheme_free(&s);
}

Test(allocation, return_flows_reach_the_downstream_user)
{
    je_alloc_scheme s;
    load_q(HEAD "'nodes':[{'code':'S','jurisdiction':'510000','kind':'source','inflow_hm3':10},"
                "{'code':'A','jurisdiction':'510000','kind':'demand'},"
                "{'code':'B','jurisdiction':'500000','kind':'demand'},"
                "{'code':'O','jurisdiction':'500000','kind':'outlet'}],"
                "'links':[{'id':'SA','from':'S','to':'A','kind':'river'},"
                "{'id':'AB','from':'A','to':'B','kind':'river','boundary':true},"
                "{'id':'R','from':'A','to':'B','kind':'return','loss':0.1},"
                "{'id':'BO','from':'B','to':'O','kind':'river'}],"
                "'demands':[{'id':'dA','node':'A','sector':'industrial','priority':1,"
                "'volume_hm3':10,'consumptive':0.4,'return_link':'R'},"
                "{'id':'dB','node':'B','sector':'agricultural','priority':2,'volume_hm3':10}]}",
           &s);
    cr_assert_eq(s.demands[1].jurisdiction[0], '5', "a demand takes its node's jurisdiction");
    je_alloc_result r;
    solve(&s, JE_ALLOC_LEXICOGRAPHIC, 1, &r);
    near("dA", del(&s, &r, "dA", 0), 10, 1e-6);
    near("R", flow(&s, &r, "R", 0), 6, 1e-6);
    near("AB", flow(&s, &r, "AB", 0), 0, 1e-6);
    near("dB", del(&s, &r, "dB", 0), 5.4, 1e-6);
    je_alloc_result_free(&r);
    je_alloc_scheme_free(&s);
}

Test(allocation, a_share_with_tolerance_binds)
{
    je_alloc_scheme s;
    load_q(HEAD NODES_SAO "'links':[{'id':'SA','from':'S','to':'A','kind':'river'},"
                          "{'id':'AO','from':'A','to':'O','kind':'river'}],"
                          "'demands':[{'id':'sc','node':'A','sector':'agricultural','priority':1,"
                          "'volume_hm3':10,'jurisdiction':'510000'},"
                          "{'id':'cq','node':'A','sector':'agricultural','priority':1,"
                          "'volume_hm3':2,'jurisdiction':'500000'}],"
                          "'shares':[{'id':'canal','period':'month','tolerance':0.05,"
                          "'shares':{'510000':0.6,'500000':0.4}}]}",
           &s);
    for (int mode = 0; mode < 2; mode++) {
        je_alloc_result r;
        solve(&s, (je_alloc_priority_mode)mode, 1, &r);
        for (int m = 0; m < 12; m++) {
            double sc = del(&s, &r, "sc", m), cq = del(&s, &r, "cq", m);
            near("cq", cq, 2, 1e-6);
            near("sc", sc, 2 * 0.65 / 0.35, 1e-6);
            cr_assert(sc / (sc + cq) <= 0.65 + 1e-9, "share %g", sc / (sc + cq));
        }
        je_alloc_result_free(&r);
    }
    je_alloc_scheme_free(&s);
}

Test(allocation, an_impossible_ecological_flow_is_named_with_its_month)
{
    je_alloc_scheme s;
    load_q(HEAD "'nodes':[{'code':'S','jurisdiction':'510000','kind':'source','inflow_hm3':10},"
                "{'code':'O','jurisdiction':'500000','kind':'outlet'}],"
                "'links':[{'id':'SO','from':'S','to':'O','kind':'river','section':'BD-1',"
                "'eco_min_hm3':[0,0,12,0,0,0,0,0,0,0,0,0]}],'demands':[]}",
           &s);
    je_alloc_result r;
    solve(&s, JE_ALLOC_LEXICOGRAPHIC, 1, &r);
    cr_assert_eq(r.feasible, 0);
    cr_assert_eq(r.n_issues, 1, "%zu issues", r.n_issues);
    cr_assert_eq(r.issues[0].kind, JE_ALLOC_ISSUE_ECO_FLOW);
    cr_assert_eq(r.issues[0].index, 0);
    cr_assert_eq(r.issues[0].month, 2);
    near("shortfall", r.issues[0].shortfall_hm3, 2, 1e-6);
    cr_assert(strstr(r.issues[0].message, "link SO (section BD-1) in 2022-03") != NULL, "%s",
              r.issues[0].message);
    je_alloc_total *t;
    size_t n;
    cr_assert_eq(je_alloc_totals(&s, &r, JE_ALLOC_BY_NODE, 0, &t, &n, NULL), JE_EINVAL);
    je_alloc_result_free(&r);
    je_alloc_scheme_free(&s);
}

Test(allocation, too_much_water_for_the_links_is_named)
{
    je_alloc_scheme s;
    load_q(HEAD "'nodes':[{'code':'S','jurisdiction':'510000','kind':'source','inflow_hm3':10},"
                "{'code':'O','jurisdiction':'500000','kind':'outlet'}],"
                "'links':[{'id':'SO','from':'S','to':'O','kind':'river','capacity_hm3':7}],"
                "'demands':[]}",
           &s);
    je_alloc_result r;
    solve(&s, JE_ALLOC_WEIGHTED, 1, &r);
    cr_assert_eq(r.feasible, 0);
    cr_assert_eq(r.n_issues, 12);
    cr_assert_eq(r.issues[0].kind, JE_ALLOC_ISSUE_EXCESS);
    near("excess", r.issues[0].shortfall_hm3, 3, 1e-6);
    cr_assert(strstr(r.issues[0].message, "node S in 2022-01") != NULL, "%s", r.issues[0].message);
    je_alloc_result_free(&r);
    je_alloc_scheme_free(&s);
}

/* ---- bad scheme files ------------------------------------------------------ */

static void bad(const char *q, long line, long col, const char *field, const char *msg)
{
    je_alloc_scheme s;
    je_error err;
    je_status st = parse_q(q, &s, &err);
    char buf[700];
    je_error_format(&err, buf, sizeof buf);
    cr_assert_eq(st, JE_EDATA, "accepted (expected %s)", msg);
    cr_assert_eq(err.line, line, "line %ld, expected %ld: %s", err.line, line, buf);
    cr_assert_eq(err.column, col, "column %ld, expected %ld: %s", err.column, col, buf);
    if (field)
        cr_assert_str_eq(err.field, field, "%s", buf);
    cr_assert(strstr(buf, msg) != NULL, "'%s' not in: %s", msg, buf);
    cr_assert_eq(s.nodes, NULL);
}

#define TWO_NODES                                                                                  \
    "{'id':'t','year':2022,\n"                                                                     \
    " 'nodes':[{'code':'S','jurisdiction':'510000','kind':'source'},\n"                            \
    "          {'code':'O','jurisdiction':'500000','kind':'outlet'}],\n"

Test(allocation_scheme, an_unknown_node_is_located)
{
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'river'},\n"
                  "   {'id':'L2','from':'S',\n"
                  "    'to':'X','kind':'river'}],'demands':[]}",
        6, 10, "links[1].to", "t.json:6:10: links[1].to: unknown node 'X'");
}

Test(allocation_scheme, syntax_errors_have_a_position)
{
    bad("{'id':'t',\n 'year':2022,,}", 2, 14, NULL, "invalid JSON");
}

Test(allocation_scheme, bad_values_are_named)
{
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'canal'}],'demands':[]}", 4, 49,
        "links[0].kind", "unknown value 'canal' (must be river, diversion or return)");
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'river','loss':1}],"
                  "'demands':[]}",
        4, 64, "links[0].loss", "must be in [0, 1)");
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'river','speed':1}],"
                  "'demands':[]}",
        4, 65, "links[0].speed", "is not a known member");
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'river',"
                  "'eco_min_hm3':5,'capacity_hm3':4}],'demands':[]}",
        4, 71, "links[0].eco_min_hm3", "month 1: ecological minimum 5 hm3 exceeds the capacity");
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'river'}],\n"
                  " 'demands':[{'id':'d','node':'S','sector':'domestic','priority':0,"
                  "'volume_hm3':1}]}",
        5, 65, "demands[0].priority", "from 1 (served first) to 99");
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'river'}],\n"
                  " 'demands':[{'id':'d','node':'S','sector':'domestic','priority':1,"
                  "'volume_hm3':[1,2]}]}",
        5, 80, "demands[0].volume_hm3", "array of 12 monthly numbers");
}

Test(allocation_scheme, network_errors_are_named)
{
    bad(TWO_NODES " 'links':[],'demands':[]}", 2, 11, "nodes[0]",
        "node 'S' is not an outlet and has no outgoing river or diversion link");
    bad("{'id':'t','year':2022,\n 'nodes':[{'code':'A','jurisdiction':'1','kind':'source'},\n"
        "  {'code':'B','jurisdiction':'1','kind':'junction'},\n"
        "  {'code':'O','jurisdiction':'1','kind':'outlet'}],\n"
        " 'links':[{'id':'AB','from':'A','to':'B','kind':'river'},\n"
        "  {'id':'BA','from':'B','to':'A','kind':'river'},\n"
        "  {'id':'BO','from':'B','to':'O','kind':'river'}],'demands':[]}",
        5, 11, "links[0]", "lies on a cycle");
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'river'},\n"
                  "  {'id':'SO','from':'S','to':'O','kind':'river'}],'demands':[]}",
        5, 9, "links[1].id", "duplicate link id 'SO'");
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'river'}],\n"
                  " 'demands':[{'id':'d','node':'S','sector':'domestic','priority':1,"
                  "'volume_hm3':1,'return_link':'SO'}]}",
        5, 96, "demands[0].return_link", "must be a return link leaving the demand's node");
    bad(TWO_NODES " 'links':[{'id':'SO','from':'S','to':'O','kind':'river'}],\n"
                  " 'demands':[{'id':'d','node':'S','sector':'domestic','priority':1,"
                  "'volume_hm3':1}],\n 'shares':[{'id':'x','shares':{'510000':0.5,'500000':0.5}}]}",
        6, 54, "shares[0].shares.500000", "jurisdiction '500000' has no demand");
}

Test(allocation_scheme, the_demo_scheme_loads)
{
    je_alloc_scheme s;
    je_error err;
    je_status st =
        je_alloc_scheme_load(JE_SOURCE_DIR "/data/demo/chengyu/allocation-2022.json", &s, &err);
    cr_assert_eq(st, JE_OK, "%s", err.message);
    cr_assert_eq(s.year, 2022);
    cr_assert(s.synthetic);
    int canal = je_alloc_link_index(&s, "CZQ-2");
    cr_assert(canal >= 0);
    cr_assert_eq(s.links[canal].kind, JE_ALLOC_DIVERSION);
    cr_assert(s.links[canal].boundary);
    je_alloc_scheme_free(&s);
}

/* ---- properties on the demo scheme ------------------------------------------ */

static void load_demo(je_alloc_scheme *s)
{
    je_error err;
    cr_assert_eq(
        je_alloc_scheme_load(JE_SOURCE_DIR "/data/demo/chengyu/allocation-2022.json", s, &err),
        JE_OK, "%s", err.message);
}

/* inflow + in·(1 − loss) + own returns = out + withdrawals + outflow, and every return
 * link carries the non-consumed part of its demands. */
static void check_balance(const je_alloc_scheme *s, const je_alloc_result *r)
{
    for (int m = 0; m < 12; m++) {
        for (size_t n = 0; n < s->n_nodes; n++) {
            double in = r->inflow_hm3[n * 12 + (size_t)m], out = r->outflow_hm3[n * 12 + (size_t)m];
            for (size_t l = 0; l < s->n_links; l++) {
                double f = r->flow_hm3[l * 12 + (size_t)m];
                if (s->links[l].to == (int)n)
                    in += f * (1 - s->links[l].loss);
                if (s->links[l].from == (int)n && s->links[l].kind != JE_ALLOC_RETURN)
                    out += f;
            }
            for (size_t k = 0; k < s->n_demands; k++) {
                const je_alloc_demand *d = &s->demands[k];
                double g = r->delivered_hm3[k * 12 + (size_t)m];
                if (d->node != (int)n)
                    continue;
                out += g;
                if (d->return_link < 0)
                    in += (1 - d->consumptive) * g;
            }
            cr_assert(fabs(in - out) <= 1e-6 * (1 + in), "node %s month %d: in %.9g, out %.9g",
                      s->nodes[n].code, m + 1, in, out);
        }
        for (size_t l = 0; l < s->n_links; l++) {
            if (s->links[l].kind != JE_ALLOC_RETURN)
                continue;
            double ret = 0;
            for (size_t k = 0; k < s->n_demands; k++)
                if (s->demands[k].return_link == (int)l)
                    ret += (1 - s->demands[k].consumptive) * r->delivered_hm3[k * 12 + (size_t)m];
            near("return link", r->flow_hm3[l * 12 + (size_t)m], ret, 1e-6);
        }
        for (size_t l = 0; l < s->n_links; l++) {
            double f = r->flow_hm3[l * 12 + (size_t)m];
            cr_assert(f >= s->links[l].eco_min_hm3[m] - 1e-6 &&
                          f <= s->links[l].capacity_hm3[m] + 1e-6,
                      "link %s month %d: %g outside [%g, %g]", s->links[l].id, m + 1, f,
                      s->links[l].eco_min_hm3[m], s->links[l].capacity_hm3[m]);
        }
    }
}

Test(allocation, mass_balances_at_every_node_and_month)
{
    je_alloc_scheme s;
    load_demo(&s);
    const double factors[] = {1, 0.6, 0.4};
    for (int mode = 0; mode < 3; mode++) /* lexicographic, weighted, equal cuts */
        for (size_t i = 0; i < 3; i++) {
            je_alloc_options o;
            je_alloc_options_default(&o);
            o.mode = mode == 1 ? JE_ALLOC_WEIGHTED : JE_ALLOC_LEXICOGRAPHIC;
            o.equal_cuts = mode == 2;
            o.inflow_factor = factors[i];
            je_alloc_result r;
            je_error err;
            cr_assert_eq(je_alloc_solve(&s, &o, &r, &err), JE_OK, "%s", err.message);
            cr_assert(r.feasible, "infeasible at %g", factors[i]);
            check_balance(&s, &r);
            je_alloc_result_free(&r);
        }
    je_alloc_scheme_free(&s);
}

/* Less water never gives more: the lexicographic vector of delivered volumes by
 * priority (and, on the demo, the total) does not grow as the inflow shrinks. */
Test(allocation, less_water_never_delivers_more)
{
    je_alloc_scheme s;
    load_demo(&s);
    double prev[3] = {INFINITY, INFINITY, INFINITY}, prev_total = INFINITY;
    for (double f = 1.2; f > 0.39; f -= 0.05) {
        je_alloc_result r;
        solve(&s, JE_ALLOC_LEXICOGRAPHIC, f, &r);
        cr_assert(r.feasible, "infeasible at %g", f);
        je_alloc_total *t;
        size_t n;
        cr_assert_eq(je_alloc_totals(&s, &r, JE_ALLOC_BY_PRIORITY, 0, &t, &n, NULL), JE_OK);
        cr_assert_eq(n, 3);
        double total = t[0].delivered_hm3 + t[1].delivered_hm3 + t[2].delivered_hm3;
        /* lexicographically not greater */
        int k = 0;
        while (k < 3 && fabs(t[k].delivered_hm3 - prev[k]) <= 1e-6)
            k++;
        cr_assert(k == 3 || t[k].delivered_hm3 < prev[k],
                  "factor %.2f: P%d delivered %.9g > %.9g with more water", f, k + 1,
                  t[k].delivered_hm3, prev[k]);
        cr_assert(total <= prev_total + 1e-6, "factor %.2f: total %.9g > %.9g", f, total,
                  prev_total);
        for (int j = 0; j < 3; j++)
            prev[j] = t[j].delivered_hm3;
        prev_total = total;
        free(t);
        je_alloc_result_free(&r);
    }
    je_alloc_scheme_free(&s);
}

Test(allocation, weighted_and_lexicographic_agree_on_the_demo)
{
    je_alloc_scheme s;
    load_demo(&s);
    je_alloc_result a, b;
    solve(&s, JE_ALLOC_LEXICOGRAPHIC, 0.4, &a);
    solve(&s, JE_ALLOC_WEIGHTED, 0.4, &b);
    je_alloc_total *ta, *tb;
    size_t na, nb;
    cr_assert_eq(je_alloc_totals(&s, &a, JE_ALLOC_BY_PRIORITY, 0, &ta, &na, NULL), JE_OK);
    cr_assert_eq(je_alloc_totals(&s, &b, JE_ALLOC_BY_PRIORITY, 0, &tb, &nb, NULL), JE_OK);
    for (size_t k = 0; k < na; k++)
        near(ta[k].key, tb[k].delivered_hm3, ta[k].delivered_hm3, 1e-4);
    free(ta);
    free(tb);
    je_alloc_result_free(&a);
    je_alloc_result_free(&b);
    je_alloc_scheme_free(&s);
}

/* ---- dry-year series and options -------------------------------------------- */

Test(allocation, a_dry_year_series_replaces_the_listed_nodes)
{
    je_alloc_scheme s;
    load_q(prio_q, &s);
    char path[] = "/tmp/je_alloc_inflowsXXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("node,month,inflow_hm3\n", f);
    for (int m = 1; m <= 12; m++)
        fprintf(f, "S,%d,%d\n", m, m == 7 ? 3 : 8);
    fclose(f);
    double in[3 * 12];
    je_error err;
    cr_assert_eq(je_alloc_inflows_load(&s, path, in, &err), JE_OK, "%s", err.message);
    je_alloc_options o;
    je_alloc_options_default(&o);
    o.inflow_hm3 = in;
    je_alloc_result r;
    cr_assert_eq(je_alloc_solve(&s, &o, &r, &err), JE_OK);
    near("d1 July", del(&s, &r, "d1", 6), 3, 1e-6);
    near("d2 July", del(&s, &r, "d2", 6), 0, 1e-6);
    near("d2 May", del(&s, &r, "d2", 4), 2, 1e-6);
    je_alloc_result_free(&r);
    /* a bad row is located */
    f = fopen(path, "w");
    fputs("node,month,inflow_hm3\nS,1,8\nS,13,8\n", f);
    fclose(f);
    cr_assert_eq(je_alloc_inflows_load(&s, path, in, &err), JE_EDATA);
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.column, 3);
    cr_assert(strstr(err.message, "month must be 1-12") != NULL, "%s", err.message);
    f = fopen(path, "w");
    fputs("node,month,inflow_hm3\nS,1,8\n", f);
    fclose(f);
    cr_assert_eq(je_alloc_inflows_load(&s, path, in, &err), JE_EDATA);
    cr_assert(strstr(err.message, "all 12 months") != NULL, "%s", err.message);
    remove(path);
    je_alloc_scheme_free(&s);
}

Test(allocation, bad_options_are_rejected)
{
    je_alloc_scheme s;
    load_q(prio_q, &s);
    je_alloc_options o;
    je_alloc_options_default(&o);
    o.inflow_factor = -1;
    je_alloc_result r;
    je_error err;
    cr_assert_eq(je_alloc_solve(&s, &o, &r, &err), JE_EINVAL);
    je_alloc_result_free(&r);
    cr_assert_eq(je_alloc_solve(&s, NULL, &r, &err), JE_OK, "NULL options are the defaults");
    cr_assert(r.feasible);
    je_alloc_result_free(&r);
    je_alloc_priority_mode mode;
    cr_assert_eq(je_alloc_priority_mode_parse("weighted", &mode, NULL), JE_OK);
    cr_assert_eq(mode, JE_ALLOC_WEIGHTED);
    cr_assert_eq(je_alloc_priority_mode_parse("fair", &mode, &err), JE_EINVAL);
    je_alloc_scheme_free(&s);
}

/* EQUAL  S(10) -> A -> B -> O; dA at A and dB at B, both P1 wanting 8, fully
 *        consumed, then dC at B (P2, 3). With equal cuts: the worst cut of P1 is as
 *        small as can be: dA = dB = 5 (cut 37.5 % each); dC gets nothing. */
Test(allocation, equal_cuts_share_a_shortage_within_a_priority)
{
    je_alloc_scheme s;
    load_q(HEAD "'nodes':[{'code':'S','jurisdiction':'510000','kind':'source','inflow_hm3':10},"
                "{'code':'A','jurisdiction':'510000','kind':'demand'},"
                "{'code':'B','jurisdiction':'500000','kind':'demand'},"
                "{'code':'O','jurisdiction':'500000','kind':'outlet'}],"
                "'links':[{'id':'SA','from':'S','to':'A','kind':'river'},"
                "{'id':'AB','from':'A','to':'B','kind':'river'},"
                "{'id':'BO','from':'B','to':'O','kind':'river'}],"
                "'demands':[{'id':'dA','node':'A','sector':'agricultural','priority':1,"
                "'volume_hm3':8},"
                "{'id':'dB','node':'B','sector':'agricultural','priority':1,'volume_hm3':8},"
                "{'id':'dC','node':'B','sector':'industrial','priority':2,'volume_hm3':3}]}",
           &s);
    je_alloc_options o;
    je_alloc_options_default(&o);
    o.equal_cuts = 1;
    je_alloc_result r;
    je_error err;
    cr_assert_eq(je_alloc_solve(&s, &o, &r, &err), JE_OK, "%s", err.message);
    cr_assert(r.feasible);
    for (int m = 0; m < 12; m++) {
        near("dA", del(&s, &r, "dA", m), 5, 1e-6);
        near("dB", del(&s, &r, "dB", m), 5, 1e-6);
        near("dC", del(&s, &r, "dC", m), 0, 1e-6);
    }
    cr_assert_eq(r.solves, 4, "P1 and P2, each with its equal-cuts stage: %d solves", r.solves);
    je_alloc_result_free(&r);
    o.mode = JE_ALLOC_WEIGHTED;
    cr_assert_eq(je_alloc_solve(&s, &o, &r, &err), JE_EINVAL);
    je_alloc_result_free(&r);
    je_alloc_scheme_free(&s);
}

Test(allocation, weighted_mode_refuses_too_many_levels)
{
    je_alloc_scheme s;
    load_q(HEAD NODES_SAO "'links':[{'id':'SA','from':'S','to':'A','kind':'river'},"
                          "{'id':'AO','from':'A','to':'O','kind':'river'}],'demands':["
                          "{'id':'a','node':'A','sector':'domestic','priority':1,'volume_hm3':1},"
                          "{'id':'b','node':'A','sector':'domestic','priority':2,'volume_hm3':1},"
                          "{'id':'c','node':'A','sector':'domestic','priority':3,'volume_hm3':1},"
                          "{'id':'d','node':'A','sector':'domestic','priority':4,'volume_hm3':1},"
                          "{'id':'e','node':'A','sector':'domestic','priority':9,'volume_hm3':4}]}",
           &s);
    je_alloc_options o;
    je_alloc_options_default(&o);
    o.mode = JE_ALLOC_WEIGHTED;
    je_alloc_result r;
    je_error err;
    cr_assert_eq(je_alloc_solve(&s, &o, &r, &err), JE_EINVAL);
    cr_assert(strstr(err.message, "at most 4 levels") != NULL, "%s", err.message);
    je_alloc_result_free(&r);
    solve(&s, JE_ALLOC_LEXICOGRAPHIC, 0.5, &r); /* 5 of water: a-d 1 each, e 1 */
    cr_assert_eq(r.solves, 5);
    near("e", del(&s, &r, "e", 0), 1, 1e-6);
    near("d", del(&s, &r, "d", 0), 1, 1e-6);
    je_alloc_result_free(&r);
    je_alloc_scheme_free(&s);
}

/* Every prefix and many one-byte corruptions of the demo scheme are either accepted or
 * rejected with a position (never a crash or a leak; run under ASan). */
Test(allocation_scheme, damaged_files_are_rejected_cleanly)
{
    FILE *f = fopen(JE_SOURCE_DIR "/data/demo/chengyu/allocation-2022.json", "rb");
    cr_assert_not_null(f);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text, f);
    fclose(f);
    cr_assert(n > 1000 && n < sizeof text);
    static const char junk[] = {'"', '}', ']', ',', '-', '0', 'x', ':', '{', '['};
    for (size_t cut = 0; cut < n + 400; cut += 37) {
        static char buf[1 << 16];
        size_t len = cut < n ? cut : n;
        memcpy(buf, text, n);
        if (cut >= n) /* a one-byte corruption */
            buf[(cut * 7919) % n] = junk[cut % sizeof junk];
        je_alloc_scheme s;
        je_error err;
        je_status st = je_alloc_scheme_parse(buf, cut >= n ? n : len, "d.json", &s, &err);
        if (st == JE_OK) {
            je_alloc_scheme_free(&s);
            continue;
        }
        cr_assert_eq(st, JE_EDATA, "cut %zu: %s", cut, err.message);
        cr_assert(err.line >= 1 && err.column >= 1, "cut %zu: no position for %s", cut,
                  err.message);
    }
}
