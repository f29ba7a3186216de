/*
 * cmd_allocate.c — jointenv water allocate: solve a basin water-allocation scheme
 * (allocation.h) for a year, optionally in a drought (inflows × factor, or a dry-year
 * series), and show delivered water and shortage by jurisdiction, sector and
 * priority, per demand, per link, per month, and at the monitoring sections.
 * No database: the scheme is a file (default: the synthetic demo scheme).
 */
#include "cli/cli.h"

#include "jointenv/allocation.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char water_allocate_usage[] =
    "Options:\n"
    "  --year Y              the scheme's year (default 2022; the default scheme is\n"
    "                        data/demo/chengyu/allocation-Y.json, synthetic)\n"
    "  --scheme FILE         an allocation scheme (JSON; format in docs/allocation.md)\n"
    "  --inflow-factor F     drought scenario: every natural inflow x F (e.g. 0.7)\n"
    "  --inflows FILE        dry-year series, CSV node,month,inflow_hm3 (month 1-12);\n"
    "                        replaces the listed nodes' inflows (then x F if given)\n"
    "  --priorities M        lexicographic (default: exact, one LP per priority level)\n"
    "                        or weighted (one LP, weights 1000^level)\n"
    "  --equal-cuts          share a priority level's shortage evenly: minimise the\n"
    "                        largest cut (fraction of a demand's month) in the level\n"
    "  --show W              summary (default: by jurisdiction, sector, priority),\n"
    "                        demands, links (year), months (by jurisdiction),\n"
    "                        sections (monthly flow at each monitoring/boundary\n"
    "                        section) or flows (monthly flow on every link)\n"
    "  --time-limit S        seconds per LP solve (default: none)\n"
    "  --write-lp FILE       also write the first LP (CPLEX LP format) for checking\n\n"
    "Volumes in hm3 (10^6 m3). Priority 1 is served first; a shortage falls on the\n"
    "lowest priority first. Ecological minimum flows and agreed shares are hard\n"
    "constraints: when they cannot all hold, every one in the way is listed (link or\n"
    "share, month, shortfall) and the exit code is 3.\n";

enum { O_YEAR = 256, O_SCHEME, O_FACTOR, O_INFLOWS, O_PRIO, O_SHOW, O_TIME, O_LP, O_EQUAL };

typedef struct alloc_args {
    int year;
    const char *scheme, *inflows, *show, *lp;
    char scheme_buf[1024];
    je_alloc_options opt;
} alloc_args;

static int parse_args(cli *c, int argc, char **argv, alloc_args *a)
{
    static const struct option longopts[] = {{"year", required_argument, NULL, O_YEAR},
                                             {"scheme", required_argument, NULL, O_SCHEME},
                                             {"inflow-factor", required_argument, NULL, O_FACTOR},
                                             {"inflows", required_argument, NULL, O_INFLOWS},
                                             {"priorities", required_argument, NULL, O_PRIO},
                                             {"show", required_argument, NULL, O_SHOW},
                                             {"time-limit", required_argument, NULL, O_TIME},
                                             {"write-lp", required_argument, NULL, O_LP},
                                             {"equal-cuts", no_argument, NULL, O_EQUAL},
                                             {NULL, 0, NULL, 0}};
    static const char *const shows[] = {"summary", "demands",  "links",
                                        "months",  "sections", "flows"};
    const char *cmd = "water allocate";
    je_alloc_options_default(&a->opt);
    a->show = "summary";
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        char *end = NULL;
        je_error err;
        switch (ch) {
        case O_YEAR: {
            long y = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end || y < 1900 || y > 2200)
                return cli_usage_error(c, cmd, "--year must be a year (e.g. 2022)");
            a->year = (int)y;
            break;
        }
        case O_SCHEME:
            a->scheme = optarg;
            break;
        case O_FACTOR:
            a->opt.inflow_factor = strtod(optarg, &end);
            if (*optarg == '\0' || *end || !(a->opt.inflow_factor >= 0) ||
                !isfinite(a->opt.inflow_factor))
                return cli_usage_error(c, cmd, "--inflow-factor must be a number >= 0 (e.g. 0.7)");
            break;
        case O_INFLOWS:
            a->inflows = optarg;
            break;
        case O_PRIO:
            if (je_alloc_priority_mode_parse(optarg, &a->opt.mode, &err) != JE_OK)
                return cli_usage_error(c, cmd, "--priorities must be lexicographic or weighted");
            break;
        case O_SHOW: {
            int ok = 0;
            for (size_t k = 0; k < sizeof shows / sizeof *shows; k++)
                ok |= strcmp(optarg, shows[k]) == 0;
            if (!ok)
                return cli_usage_error(c, cmd,
                                       "--show must be summary, demands, links, months, "
                                       "sections or flows");
            a->show = optarg;
            break;
        }
        case O_TIME:
            a->opt.time_limit_s = strtod(optarg, &end);
            if (*optarg == '\0' || *end || !(a->opt.time_limit_s > 0))
                return cli_usage_error(c, cmd, "--time-limit needs seconds > 0");
            break;
        case O_LP:
            a->lp = optarg;
            break;
        case O_EQUAL:
            a->opt.equal_cuts = 1;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    if (!a->scheme) {
        char rel[64];
        snprintf(rel, sizeof rel, "demo/chengyu/allocation-%d.json", a->year ? a->year : 2022);
        a->scheme = cli_data_path(rel, a->scheme_buf, sizeof a->scheme_buf);
    }
    a->opt.lp_path = a->lp;
    if (a->opt.equal_cuts && a->opt.mode != JE_ALLOC_LEXICOGRAPHIC)
        return cli_usage_error(c, cmd, "--equal-cuts needs --priorities lexicographic");
    return -1;
}

/* ---- formatting ------------------------------------------------------------- */

static void fmt_num(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.3f", fabs(v) < 5e-4 ? 0.0 : v);
}

static void fmt_pct(char *buf, size_t size, double part, double whole)
{
    if (whole > 0)
        snprintf(buf, size, "%.1f", 100.0 * part / whole);
    else
        buf[0] = '\0';
}

static void month_name(int year, int m, char *buf, size_t size)
{
    if (m < 0)
        snprintf(buf, size, "%04d", year);
    else
        snprintf(buf, size, "%04d-%02d", year, m + 1);
}

static int days_in_month(int year, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return d[m] + (m == 1 && leap);
}

/* ---- tables ----------------------------------------------------------------- */

static void add_totals(out_table *t, const char *group, const je_alloc_total *tt, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        char d[32], g[32], s[32], p[16];
        fmt_num(d, sizeof d, tt[k].demand_hm3);
        fmt_num(g, sizeof g, tt[k].delivered_hm3);
        fmt_num(s, sizeof s, tt[k].shortage_hm3);
        fmt_pct(p, sizeof p, tt[k].delivered_hm3, tt[k].demand_hm3);
        const char *cells[6] = {group, tt[k].key, d, g, s, p};
        out_table_add(t, cells);
    }
}

static out_table *summary_table(const je_alloc_scheme *s, const je_alloc_result *r, je_error *err,
                                je_status *st)
{
    static const char *const names[] = {"group",         "key",          "demand_hm3",
                                        "delivered_hm3", "shortage_hm3", "supplied_pct"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_NUM, COL_NUM};
    static const struct {
        je_alloc_group by;
        const char *name;
    } groups[] = {{JE_ALLOC_BY_JURISDICTION, "jurisdiction"},
                  {JE_ALLOC_BY_SECTOR, "sector"},
                  {JE_ALLOC_BY_PRIORITY, "priority"}};
    out_table *t = out_table_new("Delivered water and shortage, year (hm3)", 6, names, types);
    double all[3] = {0, 0, 0};
    for (size_t g = 0; t && g < 3 && *st == JE_OK; g++) {
        je_alloc_total *tt = NULL;
        size_t n = 0;
        if ((*st = je_alloc_totals(s, r, groups[g].by, 0, &tt, &n, err)) != JE_OK)
            break;
        add_totals(t, groups[g].name, tt, n);
        for (size_t k = 0; g == 0 && k < n; k++) {
            all[0] += tt[k].demand_hm3;
            all[1] += tt[k].delivered_hm3;
            all[2] += tt[k].shortage_hm3;
        }
        free(tt);
    }
    if (t && *st == JE_OK) {
        je_alloc_total tot = {.key = "all", .month = -1};
        tot.demand_hm3 = all[0];
        tot.delivered_hm3 = all[1];
        tot.shortage_hm3 = all[2];
        add_totals(t, "all", &tot, 1);
    }
    return t;
}

static out_table *demands_table(const je_alloc_scheme *s, const je_alloc_result *r)
{
    static const char *const names[] = {
        "demand",     "node",          "jurisdiction", "sector",       "priority",
        "demand_hm3", "delivered_hm3", "shortage_hm3", "supplied_pct", "worst_month"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM,
                                     COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM,  COL_TEXT};
    out_table *t = out_table_new("Demands, year (hm3)", 10, names, types);
    for (size_t k = 0; t && k < s->n_demands; k++) {
        const je_alloc_demand *d = &s->demands[k];
        double want = 0, got = 0, worst = 0;
        int wm = -1;
        for (int m = 0; m < JE_ALLOC_MONTHS; m++) {
            double g = r->delivered_hm3[k * JE_ALLOC_MONTHS + (size_t)m];
            want += d->volume_hm3[m];
            got += g;
            if (d->volume_hm3[m] - g > worst + 5e-4) {
                worst = d->volume_hm3[m] - g;
                wm = m;
            }
        }
        char pr[16], dv[32], gv[32], sv[32], pc[16], wmn[16] = "";
        snprintf(pr, sizeof pr, "%d", d->priority);
        fmt_num(dv, sizeof dv, want);
        fmt_num(gv, sizeof gv, got);
        fmt_num(sv, sizeof sv, fmax(0, want - got));
        fmt_pct(pc, sizeof pc, got, want);
        if (wm >= 0)
            month_name(s->year, wm, wmn, sizeof wmn);
        const char *cells[10] = {d->id,
                                 s->nodes[d->node].code,
                                 d->jurisdiction,
                                 je_alloc_sector_name(d->sector),
                                 pr,
                                 dv,
                                 gv,
                                 sv,
                                 pc,
                                 wmn};
        out_table_add(t, cells);
    }
    return t;
}

static out_table *links_table(const je_alloc_scheme *s, const je_alloc_result *r)
{
    static const char *const names[] = {"link",
                                        "from",
                                        "to",
                                        "kind",
                                        "section",
                                        "boundary",
                                        "flow_hm3",
                                        "loss_hm3",
                                        "min_month_flow_hm3",
                                        "eco_min_hm3",
                                        "max_capacity_use_pct"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM};
    out_table *t = out_table_new("Links, year (hm3 entering each link)", 11, names, types);
    for (size_t l = 0; t && l < s->n_links; l++) {
        const je_alloc_link *lk = &s->links[l];
        double flow = 0, eco = 0, minf = INFINITY, use = -1;
        for (int m = 0; m < JE_ALLOC_MONTHS; m++) {
            double f = r->flow_hm3[l * JE_ALLOC_MONTHS + (size_t)m];
            flow += f;
            eco += lk->eco_min_hm3[m];
            minf = fmin(minf, f);
            if (isfinite(lk->capacity_hm3[m]) && lk->capacity_hm3[m] > 0)
                use = fmax(use, 100.0 * f / lk->capacity_hm3[m]);
        }
        char fv[32], lv[32], mv[32], ev[32], uv[16] = "";
        fmt_num(fv, sizeof fv, flow);
        fmt_num(lv, sizeof lv, flow * lk->loss);
        fmt_num(mv, sizeof mv, minf);
        fmt_num(ev, sizeof ev, eco);
        if (use >= 0)
            snprintf(uv, sizeof uv, "%.1f", use);
        const char *cells[11] = {lk->id,
                                 s->nodes[lk->from].code,
                                 s->nodes[lk->to].code,
                                 je_alloc_link_kind_name(lk->kind),
                                 lk->section,
                                 lk->boundary ? "yes" : "no",
                                 fv,
                                 lv,
                                 mv,
                                 ev,
                                 uv};
        out_table_add(t, cells);
    }
    return t;
}

static out_table *months_table(const je_alloc_scheme *s, const je_alloc_result *r, je_error *err,
                               je_status *st)
{
    static const char *const names[] = {"month",         "jurisdiction", "demand_hm3",
                                        "delivered_hm3", "shortage_hm3", "supplied_pct"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_NUM, COL_NUM};
    je_alloc_total *tt = NULL;
    size_t n = 0;
    if ((*st = je_alloc_totals(s, r, JE_ALLOC_BY_JURISDICTION, 1, &tt, &n, err)) != JE_OK)
        return NULL;
    out_table *t =
        out_table_new("Delivered water by month and jurisdiction (hm3)", 6, names, types);
    for (int m = 0; t && m < JE_ALLOC_MONTHS; m++)
        for (size_t k = 0; k < n; k++) {
            if (tt[k].month != m)
                continue;
            char mn[16], d[32], g[32], sv[32], p[16];
            month_name(s->year, m, mn, sizeof mn);
            fmt_num(d, sizeof d, tt[k].demand_hm3);
            fmt_num(g, sizeof g, tt[k].delivered_hm3);
            fmt_num(sv, sizeof sv, tt[k].shortage_hm3);
            fmt_pct(p, sizeof p, tt[k].delivered_hm3, tt[k].demand_hm3);
            const char *cells[6] = {mn, tt[k].key, d, g, sv, p};
            out_table_add(t, cells);
        }
    free(tt);
    return t;
}

/* Monthly and annual flow on every link that carries a section or crosses a boundary
 * (every link when `all`). */
static out_table *flows_table(const je_alloc_scheme *s, const je_alloc_result *r, int all)
{
    static const char *const names[] = {"section",  "link",      "boundary",    "month",
                                        "flow_hm3", "flow_m3_s", "eco_min_hm3", "margin_hm3"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM};
    out_table *t = out_table_new(all ? "Flow on every link (at its head)"
                                     : "Flow at the sections (at the head of their link)",
                                 8, names, types);
    for (size_t l = 0; t && l < s->n_links; l++) {
        const je_alloc_link *lk = &s->links[l];
        if (!all && !lk->section[0] && !lk->boundary)
            continue;
        double fy = 0, ey = 0, days = 0;
        for (int m = 0; m <= JE_ALLOC_MONTHS; m++) {
            double f, e, dd;
            if (m < JE_ALLOC_MONTHS) {
                f = r->flow_hm3[l * JE_ALLOC_MONTHS + (size_t)m];
                e = lk->eco_min_hm3[m];
                dd = days_in_month(s->year, m);
                fy += f;
                ey += e;
                days += dd;
            } else {
                f = fy;
                e = ey;
                dd = days;
            }
            char mn[16], fv[32], qv[32], ev[32], mv[32];
            month_name(s->year, m < JE_ALLOC_MONTHS ? m : -1, mn, sizeof mn);
            fmt_num(fv, sizeof fv, f);
            fmt_num(qv, sizeof qv, f * 1e6 / (dd * 86400.0));
            fmt_num(ev, sizeof ev, e);
            fmt_num(mv, sizeof mv, f - e);
            const char *cells[8] = {lk->section[0] ? lk->section : lk->id,
                                    lk->id,
                                    lk->boundary ? "yes" : "no",
                                    mn,
                                    fv,
                                    qv,
                                    ev,
                                    mv};
            out_table_add(t, cells);
        }
    }
    return t;
}

/* ---- the command ------------------------------------------------------------ */

static void print_header(const alloc_args *a, const je_alloc_scheme *s, const je_alloc_result *r)
{
    printf("Water allocation %d: %s%s\n", s->year, s->name[0] ? s->name : s->id,
           s->synthetic ? " [synthetic data]" : "");
    printf("  %zu nodes, %zu links, %zu demands, %zu shares; priorities %s%s", s->n_nodes,
           s->n_links, s->n_demands, s->n_shares, je_alloc_priority_mode_name(a->opt.mode),
           a->opt.equal_cuts ? " with equal cuts" : "");
    if (a->inflows)
        printf("; inflows from %s", a->inflows);
    if (a->opt.inflow_factor != 1)
        printf("; inflows x %g", a->opt.inflow_factor);
    printf("\n  LP %d rows x %d columns (%zu nonzeros), %d solve(s), %.2f s\n\n", r->lp_rows,
           r->lp_cols, r->lp_nonzeros, r->solves, r->seconds);
}

static int report_infeasible(cli *c, const alloc_args *a, const je_alloc_scheme *s,
                             const je_alloc_result *r)
{
    fprintf(stderr, "%s: error: scheme %s has no feasible allocation", c->prog, s->id);
    if (a->opt.inflow_factor != 1 || a->inflows)
        fprintf(stderr, " in this scenario (%s%sinflows x %g)", a->inflows ? a->inflows : "",
                a->inflows ? ", " : "", a->opt.inflow_factor);
    fprintf(stderr, ": %zu constraint(s) cannot hold:\n", r->n_issues);
    for (size_t k = 0; k < r->n_issues; k++)
        fprintf(stderr, "  %s\n", r->issues[k].message);
    return EXIT_BADDATA;
}

static int show(cli *c, const alloc_args *a, const je_alloc_scheme *s, const je_alloc_result *r)
{
    je_error err;
    je_status st = JE_OK;
    out_table *t = NULL;
    if (strcmp(a->show, "summary") == 0)
        t = summary_table(s, r, &err, &st);
    else if (strcmp(a->show, "demands") == 0)
        t = demands_table(s, r);
    else if (strcmp(a->show, "links") == 0)
        t = links_table(s, r);
    else if (strcmp(a->show, "months") == 0)
        t = months_table(s, r, &err, &st);
    else
        t = flows_table(s, r, strcmp(a->show, "flows") == 0);
    if (st != JE_OK) {
        out_table_free(t);
        return cli_fail(c, st, &err);
    }
    if (!t)
        return cli_fail(c, JE_ENOMEM, NULL);
    if (c->format == OUT_TABLE)
        print_header(a, s, r);
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

int cmd_water_allocate(cli *c, int argc, char **argv)
{
    alloc_args a;
    memset(&a, 0, sizeof a);
    int code = parse_args(c, argc, argv, &a);
    if (code >= 0)
        return code;
    je_error err;
    je_alloc_scheme s;
    je_status st = je_alloc_scheme_load(a.scheme, &s, &err);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    double *inflow = NULL;
    if (a.year && s.year != a.year) {
        je_error_set(&err, JE_EDATA, "%s is the scheme of %d, not %d", a.scheme, s.year, a.year);
        st = JE_EDATA;
    }
    if (st == JE_OK && a.inflows) {
        inflow = malloc((s.n_nodes * JE_ALLOC_MONTHS + 1) * sizeof *inflow);
        st = inflow ? je_alloc_inflows_load(&s, a.inflows, inflow, &err)
                    : je_error_set(&err, JE_ENOMEM, "out of memory");
        a.opt.inflow_hm3 = inflow;
    }
    je_alloc_result r;
    memset(&r, 0, sizeof r);
    if (st == JE_OK) {
        a.opt.progress = cli_progress;
        a.opt.progress_ctx = c;
        st = je_alloc_solve(&s, &a.opt, &r, &err);
        cli_progress_done(c);
    }
    if (st != JE_OK)
        code = cli_fail(c, st, &err);
    else if (!r.feasible)
        code = report_infeasible(c, &a, &s, &r);
    else
        code = show(c, &a, &s, &r);
    je_alloc_result_free(&r);
    free(inflow);
    je_alloc_scheme_free(&s);
    return code;
}
