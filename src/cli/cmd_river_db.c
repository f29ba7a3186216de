/*
 * cmd_river_db.c — the river commands that work on the stored network: the imports
 * (river-nodes, reaches, reach-conditions, river-sections, river-loads, load-values,
 * headwaters), `river model` (concentrations and classes at every located section,
 * compared with the month's samples), `river attribute` (contributions by load and
 * by jurisdiction), `river cuts` (least load reduction to meet targets) and
 * `river export` (GeoJSON). Formats and equations: docs/river.md.
 */
#include "cli/cli.h"

#include "jointenv/river_store.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_OPTS                                                                                \
    "Options:\n"                                                                                   \
    "  --dry-run       validate (against the database too); write nothing\n"                       \
    "  --replace       update records that already exist\n"                                        \
    "  --max-errors N  list at most N bad rows (default 50)\n\n"                                   \
    "All or nothing: one transaction per file; a key twice in one file is an error.\n"

const char river_nodes_usage[] =
    "FILE columns: code,name_zh,name_en,lon,lat,owner\n"
    "  A source, confluence, outlet or any point where a reach begins or ends (WGS-84\n"
    "  degrees; owner a jurisdiction code).\n\n" IMPORT_OPTS;
const char reaches_usage[] =
    "FILE: CSV, or GeoJSON (a FeatureCollection of LineStrings with these properties).\n"
    "CSV columns: code,name_zh,name_en,river_code,from_node,to_node,length_km,kind,\n"
    "  velocity_m_s,vel_a,vel_b,depth_m,depth_c,depth_d,owner,geometry\n"
    "  kind: reach (default) | diversion | withdrawal (no to_node). Velocity: velocity_m_s,\n"
    "  or vel_a,vel_b (v = a*Q^b); depth (for reaeration): depth_m, or depth_c,depth_d\n"
    "  (depth = c*Q^d). geometry: \"lon lat;lon lat;...\" from the upstream end (empty: the\n"
    "  straight line between the nodes). length_km empty: the geodesic length (WGS-84).\n\n"
    "After the rows, the whole network is checked: a cycle, a disconnected piece, a node\n"
    "on no reach, a river that splits (use a diversion), more than one outlet, a section\n"
    "or load beyond its reach's end are each a clear error, and the file is "
    "rejected.\n\n" IMPORT_OPTS;
const char reach_conditions_usage[] =
    "FILE columns: reach,month,flow_m3_s,temp_c\n"
    "  month YYYY-MM; flow_m3_s: the monthly mean entering the reach at its upstream end;\n"
    "  temp_c: water temperature (-5 to 45). Where more water leaves a node than arrives,\n"
    "  the surplus enters there with the node's inflow concentrations (import "
    "headwaters).\n\n" IMPORT_OPTS;
const char river_sections_usage[] =
    "FILE columns: section,reach,km\n"
    "  Where a monitoring section (import sections) lies: km from the reach's upstream end,\n"
    "  0 to the reach's length.\n\n" IMPORT_OPTS;
const char river_loads_usage[] =
    "FILE columns: code,name_zh,name_en,kind,owner,reach,km\n"
    "  kind: outfall | wwtp | tributary (at km of the reach) | diffuse (km empty: spread\n"
    "  along the whole reach). owner: the jurisdiction it discharges from.\n\n" IMPORT_OPTS;
const char load_values_usage[] =
    "FILE columns: load,month,flow_m3_s,cod,codmn,nh3n,tp,bod5,do\n"
    "  month YYYY-MM, or empty: every month without a row of its own. flow_m3_s: the\n"
    "  discharge (diffuse loads: flow x concentration gives the mass, 86.4 kg/d per m3/s\n"
    "  x mg/L, spread over the reach; their water is in the reach flows). Concentrations\n"
    "  mg/L, empty = none; do empty = saturated.\n\n" IMPORT_OPTS;
const char headwaters_usage[] =
    "FILE columns: node,month,cod,codmn,nh3n,tp,bod5,do\n"
    "  Concentrations (mg/L) of the water entering at the node: all of a headwater's flow,\n"
    "  the lateral surplus elsewhere. month as load-values. A node without a row brings\n"
    "  clean water (do saturated).\n\n" IMPORT_OPTS;

int cmd_import_river_nodes(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_river_nodes);
}
int cmd_import_reaches(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_reaches);
}
int cmd_import_reach_conditions(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_reach_conditions);
}
int cmd_import_river_sections(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_river_sections);
}
int cmd_import_river_loads(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_river_loads);
}
int cmd_import_load_values(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_load_values);
}
int cmd_import_headwaters(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_headwaters);
}

/* ---- shared ------------------------------------------------------------------ */

static void fmt_num(char *buf, size_t n, double v, int digits)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, n, "%.*f", digits, v);
}

/* Decimals to show per substance. */
static const int sub_digits[JE_RIVER_NSUB] = {1, 2, 3, 3, 2, 2};

/* The section metadata of the store, indexed like the network's sections. */
typedef struct sec_meta {
    je_section_list list;
    size_t *of_net; /* net section i -> list index (SIZE_MAX when absent) */
} sec_meta;

static je_status sections_meta(je_db *db, const je_river_net *net, sec_meta *m, je_error *err)
{
    memset(m, 0, sizeof *m);
    je_status st = je_store_sections(db, NULL, &m->list, err);
    if (st != JE_OK)
        return st;
    size_t ns = je_river_net_section_count(net);
    m->of_net = malloc((ns ? ns : 1) * sizeof *m->of_net);
    if (m->of_net == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < ns; i++) {
        m->of_net[i] = SIZE_MAX;
        const char *code = je_river_net_section_code(net, i);
        for (size_t k = 0; k < m->list.n; k++)
            if (strcmp(m->list.items[k].code, code) == 0)
                m->of_net[i] = k;
    }
    return JE_OK;
}

static void sections_meta_free(sec_meta *m)
{
    je_section_list_free(&m->list);
    free(m->of_net);
}

/* Common options of model, attribute and cuts. */
typedef struct river_opts {
    const char *month, *scenario, *section, *item, *target, *rule, *items, *by, *show, *costs;
    je_river_params params;
} river_opts;

static int parse_opts(cli *c, const char *cmd, int argc, char **argv, river_opts *o)
{
    static const struct option longopts[] = {{"month", required_argument, NULL, 'm'},
                                             {"scenario", required_argument, NULL, 's'},
                                             {"section", required_argument, NULL, 'x'},
                                             {"item", required_argument, NULL, 'i'},
                                             {"target", required_argument, NULL, 't'},
                                             {"rule", required_argument, NULL, 'r'},
                                             {"items", required_argument, NULL, 'I'},
                                             {"by", required_argument, NULL, 'b'},
                                             {"show", required_argument, NULL, 'w'},
                                             {"reaeration", required_argument, NULL, 'a'},
                                             {"costs", required_argument, NULL, 'C'},
                                             {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    je_river_params_default(&o->params);
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'm':
            o->month = optarg;
            break;
        case 's':
            o->scenario = optarg;
            break;
        case 'x':
            o->section = optarg;
            break;
        case 'i':
            o->item = optarg;
            break;
        case 't':
            o->target = optarg;
            break;
        case 'r':
            o->rule = optarg;
            break;
        case 'I':
            o->items = optarg;
            break;
        case 'b':
            o->by = optarg;
            break;
        case 'w':
            o->show = optarg;
            break;
        case 'C':
            o->costs = optarg;
            break;
        case 'a': {
            je_error e;
            if (je_reaeration_parse(optarg, &o->params.reaeration, &e) != JE_OK)
                return cli_usage_error(c, cmd, "%s", e.message);
            break;
        }
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    if (o->month == NULL)
        return cli_usage_error(c, cmd, "--month YYYY-MM is required");
    return EXIT_OK;
}

/* A scenario file `load,factor` into factor[] (n_loads, 1 = unchanged). Bad rows go to
 * diag. Returns a fatal status only. */
static je_status read_scenario(const char *path, const je_river_net *net, double *factor,
                               je_diag *diag, je_error *err)
{
    size_t nl = je_river_net_load_count(net);
    for (size_t i = 0; i < nl; i++)
        factor[i] = 1.0;
    je_csv *r;
    je_status st = je_csv_open(path, &r, err);
    if (st != JE_OK)
        return st;
    je_error e;
    if (je_csv_read_header(r, &e) != JE_OK) {
        je_diag_add(diag, &e);
        je_csv_close(r);
        return JE_OK;
    }
    int cl = je_csv_column(r, "load"), cf = je_csv_column(r, "factor");
    if (cl < 0 || cf < 0) {
        je_error_set_at(&e, JE_EDATA, path, 1, 1, NULL, "the header needs columns load,factor");
        je_diag_add(diag, &e);
        je_csv_close(r);
        return JE_OK;
    }
    int has;
    while ((st = cli_next_row(r, diag, &has, err)) == JE_OK && has) {
        size_t l;
        if (je_river_net_find_load(net, je_csv_field(r, (size_t)cl), &l) != JE_OK) {
            cli_diag_field(diag, r, (size_t)cl, "unknown load '%s'", je_csv_field(r, (size_t)cl));
            continue;
        }
        double f;
        if (cli_cell_num(diag, r, cf, CLI_NONNEG, 0, "factor", &f))
            factor[l] = f;
    }
    je_csv_close(r);
    return st;
}

/* The data of the month with the scenario applied; prints errors. EXIT_OK or a code. */
typedef struct run_ctx {
    je_db *db;
    je_river_data data;
    double *factor;
    sec_meta meta;
} run_ctx;

static void run_free(run_ctx *x)
{
    je_river_data_free(&x->data);
    free(x->factor);
    sections_meta_free(&x->meta);
    if (x->db)
        je_db_close(x->db);
}

static int run_open(cli *c, const river_opts *o, run_ctx *x)
{
    memset(x, 0, sizeof *x);
    je_error err;
    je_error_clear(&err);
    if ((x->db = cli_open_db(c)) == NULL)
        return EXIT_RUNTIME;
    je_status st = je_river_store_load(x->db, o->month, &x->data, &err);
    if (st == JE_OK)
        st = sections_meta(x->db, x->data.net, &x->meta, &err);
    if (st == JE_OK && o->scenario) {
        size_t nl = je_river_net_load_count(x->data.net);
        x->factor = malloc((nl ? nl : 1) * sizeof *x->factor);
        if (x->factor == NULL)
            st = je_error_set(&err, JE_ENOMEM, "out of memory");
        je_diag diag;
        je_diag_init(&diag, 50);
        if (st == JE_OK)
            st = read_scenario(o->scenario, x->data.net, x->factor, &diag, &err);
        if (st == JE_OK && diag.total) {
            cli_print_diag(&diag);
            fprintf(stderr, "%s: %zu error(s); nothing was computed\n", o->scenario, diag.total);
            je_diag_free(&diag);
            return EXIT_BADDATA;
        }
        je_diag_free(&diag);
        x->data.month.load_factor = x->factor;
    }
    return st == JE_OK ? EXIT_OK : cli_fail(c, st, &err);
}

/* ---- river model ------------------------------------------------------------- */

const char river_model_usage[] =
    "Options:\n"
    "  --month YYYY-MM     the month (flows, temperatures, loads of that month)\n"
    "  --scenario FILE     CSV load,factor: scale loads' masses (0.5 = half; e.g. a\n"
    "                      planned WWTP upgrade)\n"
    "  --reaeration F      oconnor-dobbins (default), churchill, owens-gibbs\n"
    "  --show W            sections, fit or all (default; csv needs one)\n\n"
    "Runs the steady-state transport model on the stored network (docs/river.md) and\n"
    "shows, per located section, the modelled COD, CODMn, NH3-N, TP, BOD5 and DO, the\n"
    "GB 3838 class over these six items, the target, and the class of the month's\n"
    "observed sample over the same items. 'fit' compares model and observation per item\n"
    "over the sections with both: n, mean observed, mean modelled, bias (model -\n"
    "observed), RMSE and bias relative to the mean observed - how far to trust it.\n";

static out_table *model_table(const run_ctx *x, const je_river_result *res, const je_wq_sample *obs,
                              const int *has_obs)
{
    static const char *const names[] = {
        "section", "name_zh", "name_en", "river", "kind", "target", "q_m3_s", "cod",
        "codmn",   "nh3n",    "tp",      "bod5",  "do",   "class",  "met",    "observed_class"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM,
                                     COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *t = out_table_new(NULL, 16, names, types);
    for (size_t i = 0; t && i < res->n_sections; i++) {
        const je_river_section_result *s = &res->sections[i];
        size_t k = x->meta.of_net[i];
        const je_section *m = k != SIZE_MAX ? &x->meta.list.items[k] : NULL;
        char q[32], v[JE_RIVER_NSUB][32];
        fmt_num(q, sizeof q, s->q_m3_s, s->q_m3_s < 10 ? 2 : 0);
        for (int j = 0; j < JE_RIVER_NSUB; j++)
            fmt_num(v[j], sizeof v[j], s->conc_mg_l[j], sub_digits[j]);
        const char *obs_cls = "";
        if (has_obs[i]) {
            je_wq_result r;
            if (je_gb3838_classify(&obs[i], m ? m->waterbody : JE_WATERBODY_RIVER, &r, NULL) ==
                JE_OK)
                obs_cls = je_wq_class_label(r.cls);
        }
        je_wq_class target = m ? m->target : JE_WQ_CLASS_NONE;
        const char *met = target == JE_WQ_CLASS_NONE ? "" : s->cls <= target ? "yes" : "no";
        const char *cells[16] = {je_river_net_section_code(x->data.net, i),
                                 m ? m->name_zh : "",
                                 m ? m->name_en : "",
                                 m ? m->river_en : "",
                                 m ? je_section_kind_name(m->kind) : "",
                                 target ? je_wq_class_label(target) : "",
                                 q,
                                 v[0],
                                 v[1],
                                 v[2],
                                 v[3],
                                 v[4],
                                 v[5],
                                 je_wq_class_label(s->cls),
                                 met,
                                 obs_cls};
        out_table_add(t, cells);
    }
    return t;
}

static out_table *fit_table(const je_river_result *res, const je_wq_sample *obs, const int *has_obs)
{
    static const char *const names[] = {"item", "n",    "mean_observed", "mean_model",
                                        "bias", "rmse", "bias_pct"};
    static const col_type types[] = {COL_TEXT, COL_NUM, COL_NUM, COL_NUM,
                                     COL_NUM,  COL_NUM, COL_NUM};
    out_table *t = out_table_new(NULL, 7, names, types);
    for (int j = 0; t && j < JE_RIVER_NSUB; j++) {
        je_wq_item it = je_river_sub_item((je_river_sub)j);
        double so = 0, sm = 0, sd = 0, sdd = 0;
        size_t n = 0;
        for (size_t i = 0; i < res->n_sections; i++) {
            if (!has_obs[i])
                continue;
            double o = je_wq_sample_assess_value(&obs[i], it), m = res->sections[i].conc_mg_l[j];
            if (isnan(o) || isnan(m))
                continue;
            so += o;
            sm += m;
            sd += m - o;
            sdd += (m - o) * (m - o);
            n++;
        }
        char cn[24], a[32], b[32], bias[32], rmse[32], pct[32];
        snprintf(cn, sizeof cn, "%zu", n);
        int d = sub_digits[j] + 1;
        fmt_num(a, sizeof a, n ? so / (double)n : NAN, d);
        fmt_num(b, sizeof b, n ? sm / (double)n : NAN, d);
        fmt_num(bias, sizeof bias, n ? sd / (double)n : NAN, d);
        fmt_num(rmse, sizeof rmse, n ? sqrt(sdd / (double)n) : NAN, d);
        fmt_num(pct, sizeof pct, n && so > 0 ? 100 * sd / so : NAN, 1);
        const char *cells[7] = {je_river_sub_code((je_river_sub)j), cn, a, b, bias, rmse, pct};
        out_table_add(t, cells);
    }
    return t;
}

/* The month's observed sample at every network section (the first of the month). */
static je_status observed(run_ctx *x, je_wq_sample *obs, int *has_obs, je_error *err)
{
    je_period p;
    je_status st = je_period_parse(x->data.month_code, &p, err);
    je_wq_series_set set;
    if (st != JE_OK || (st = je_store_water_series(x->db, &x->meta.list, &p, &set, err)) != JE_OK)
        return st;
    size_t ns = je_river_net_section_count(x->data.net);
    for (size_t i = 0; i < ns; i++) {
        size_t k = x->meta.of_net[i];
        has_obs[i] = k != SIZE_MAX && set.series[k].n > 0;
        je_wq_sample_clear(&obs[i]);
        if (!has_obs[i])
            continue;
        /* the six modelled items only, so the classes compare like with like */
        for (int j = 0; j < JE_RIVER_NSUB; j++) {
            je_wq_item it = je_river_sub_item((je_river_sub)j);
            obs[i].value[it] = set.series[k].samples[0].value[it];
            obs[i].bdl_mask |= set.series[k].samples[0].bdl_mask & (1u << it);
            obs[i].invalid_mask |= set.series[k].samples[0].invalid_mask & (1u << it);
        }
    }
    je_wq_series_set_free(&set);
    return JE_OK;
}

static void print_two(cli *c, const char *na, out_table *a, const char *nb, out_table *b)
{
    if (c->format == OUT_JSON && a && b) {
        json_t *doc = json_object();
        json_object_set_new(doc, na, out_table_json(a));
        json_object_set_new(doc, nb, out_table_json(b));
        json_dumpf(doc, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(doc);
        return;
    }
    if (a)
        out_table_print(a, c->format, stdout);
    if (a && b && c->format == OUT_TABLE)
        fputc('\n', stdout);
    if (b)
        out_table_print(b, c->format, stdout);
}

static int check_show(cli *c, const char *cmd, const char **show, const char *a, const char *b)
{
    if (*show == NULL)
        *show = "all";
    if (strcmp(*show, "all") && strcmp(*show, a) && strcmp(*show, b))
        return cli_usage_error(c, cmd, "--show/--by must be %s, %s or all", a, b);
    if (strcmp(*show, "all") == 0 && c->format == OUT_CSV)
        return cli_usage_error(c, cmd, "two tables: choose %s or %s with --format csv", a, b);
    return EXIT_OK;
}

int cmd_river_model(cli *c, int argc, char **argv)
{
    const char *cmd = "river model";
    river_opts o;
    int code = parse_opts(c, cmd, argc, argv, &o);
    if (code == EXIT_OK)
        code = check_show(c, cmd, &o.show, "sections", "fit");
    if (code != EXIT_OK)
        return code;
    run_ctx x;
    if ((code = run_open(c, &o, &x)) != EXIT_OK) {
        run_free(&x);
        return code;
    }
    je_error err;
    je_error_clear(&err);
    je_river_result res;
    memset(&res, 0, sizeof res);
    size_t ns = je_river_net_section_count(x.data.net);
    je_wq_sample *obs = malloc((ns ? ns : 1) * sizeof *obs);
    int *has_obs = calloc(ns ? ns : 1, sizeof *has_obs);
    je_status st = obs && has_obs ? JE_OK : je_error_set(&err, JE_ENOMEM, "out of memory");
    if (st == JE_OK)
        st = je_river_model_run(x.data.net, &x.data.month, &o.params, &res, &err);
    if (st == JE_OK)
        st = observed(&x, obs, has_obs, &err);
    if (st == JE_OK) {
        out_table *a = strcmp(o.show, "fit") ? model_table(&x, &res, obs, has_obs) : NULL;
        out_table *b = strcmp(o.show, "sections") ? fit_table(&res, obs, has_obs) : NULL;
        print_two(c, "sections", a, "fit", b);
        out_table_free(a);
        out_table_free(b);
    } else {
        code = cli_fail(c, st, &err);
    }
    je_river_result_free(&res);
    free(obs);
    free(has_obs);
    run_free(&x);
    return code;
}

/* ---- river attribute --------------------------------------------------------- */

const char river_attribute_usage[] =
    "Options:\n"
    "  --section CODE      the section\n"
    "  --month YYYY-MM     the month\n"
    "  --item ITEM         cod, codmn, nh3n, tp, bod5 or do (default: the item furthest\n"
    "                      above its class III limit at the section, relative to it)\n"
    "  --scenario FILE     as river model\n"
    "  --by W              load, jurisdiction or all (default; csv needs one)\n\n"
    "The model is linear in the loads: the modelled value is the background (headwater\n"
    "and lateral inflows) plus one contribution per load. Shows the loads that reach the\n"
    "section (contribution not 0) ranked, with their\n"
    "share of the modelled value, and summed by jurisdiction (owner of the load). For\n"
    "do the attributed quantity is the oxygen deficit (saturation - DO).\n";

static je_river_sub main_item(const je_river_net *net, const je_river_attrib *a, size_t j)
{
    je_river_section_spec spec;
    je_river_net_section(net, a->section[j], &spec);
    je_river_sub best = JE_RIVER_NH3N;
    double worst = -INFINITY;
    for (int s = 0; s < JE_RIVER_NSUB - 1; s++) {
        double lim = je_gb3838_class3_limit(je_river_sub_item((je_river_sub)s), spec.waterbody);
        double r = a->conc_mg_l[j * JE_RIVER_NSUB + (size_t)s] / lim;
        if (r > worst) {
            worst = r;
            best = (je_river_sub)s;
        }
    }
    return best;
}

typedef struct ranked {
    size_t idx;
    double v;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    double x = ((const ranked *)a)->v, y = ((const ranked *)b)->v;
    return x < y ? 1 : x > y ? -1 : 0;
}

static out_table *attr_table(const je_river_net *net, const je_river_attrib *a, je_river_sub s,
                             int by_owner, const double *owner_v)
{
    static const char *const names[] = {
        "rank", "source", "kind", "owner", "item", "contribution_mg_l", "share_pct"};
    static const col_type types[] = {COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_NUM,  COL_NUM};
    out_table *t = out_table_new(NULL, 7, names, types);
    size_t n = by_owner ? je_river_net_owner_count(net) : a->n_loads;
    ranked *r = malloc((n ? n : 1) * sizeof *r);
    if (t == NULL || r == NULL) {
        free(r);
        out_table_free(t);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        r[i].idx = i;
        r[i].v = by_owner ? owner_v[i * JE_RIVER_NSUB + s] : a->load_mg_l[i * JE_RIVER_NSUB + s];
    }
    qsort(r, n, sizeof *r, cmp_ranked);
    double total = a->conc_mg_l[s];
    const char *item = s == JE_RIVER_DO ? "do_deficit" : je_river_sub_code(s);
    char num[32], pct[32], rank[24];
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        je_river_load_spec spec;
        const char *code, *kind = "", *owner;
        if (!by_owner && r[i].v == 0)
            continue; /* not upstream of the section, or no mass of the item */
        if (by_owner) {
            code = owner = je_river_net_owner_code(net, r[i].idx);
            kind = "jurisdiction";
        } else {
            je_river_net_load(net, r[i].idx, &spec);
            code = spec.code;
            kind = je_load_kind_name(spec.kind);
            owner = spec.owner;
        }
        snprintf(rank, sizeof rank, "%zu", ++shown);
        fmt_num(num, sizeof num, r[i].v, 4);
        fmt_num(pct, sizeof pct, total != 0 ? 100 * r[i].v / total : NAN, 1);
        const char *cells[7] = {rank, code, kind, owner, item, num, pct};
        out_table_add(t, cells);
    }
    fmt_num(num, sizeof num, a->background_mg_l[s], 4);
    fmt_num(pct, sizeof pct, total != 0 ? 100 * a->background_mg_l[s] / total : NAN, 1);
    const char *bg[7] = {"", "background", "inflows", "", item, num, pct};
    out_table_add(t, bg);
    fmt_num(num, sizeof num, total, 4);
    const char *tot[7] = {"", "modelled", "total", "", item, num, "100.0"};
    out_table_add(t, tot);
    free(r);
    return t;
}

int cmd_river_attribute(cli *c, int argc, char **argv)
{
    const char *cmd = "river attribute";
    river_opts o;
    int code = parse_opts(c, cmd, argc, argv, &o);
    if (code == EXIT_OK && o.section == NULL)
        code = cli_usage_error(c, cmd, "--section CODE is required");
    const char *by = o.by;
    if (code == EXIT_OK)
        code = check_show(c, cmd, &by, "load", "jurisdiction");
    je_river_sub sub = JE_RIVER_NSUB;
    if (code == EXIT_OK && o.item && je_river_sub_find(o.item, strlen(o.item), &sub) != JE_OK)
        code =
            cli_usage_error(c, cmd, "unknown --item '%s' (cod, codmn, nh3n, tp, bod5, do)", o.item);
    if (code != EXIT_OK)
        return code;
    run_ctx x;
    if ((code = run_open(c, &o, &x)) != EXIT_OK) {
        run_free(&x);
        return code;
    }
    je_error err;
    je_error_clear(&err);
    size_t sec;
    je_river_attrib a;
    memset(&a, 0, sizeof a);
    double *owner_v = NULL;
    je_status st = je_river_net_find_section(x.data.net, o.section, &sec);
    if (st != JE_OK)
        st = je_error_set(&err, JE_ENOTFOUND,
                          "section %s is not located on the river network (import "
                          "river-sections)",
                          o.section);
    if (st == JE_OK)
        st = je_river_attribute(x.data.net, &x.data.month, &o.params, &sec, 1, &a, &err);
    if (st == JE_OK) {
        size_t no = je_river_net_owner_count(x.data.net);
        owner_v = calloc((no ? no : 1) * JE_RIVER_NSUB, sizeof *owner_v);
        st = owner_v ? je_river_attrib_by_owner(x.data.net, &a, owner_v, &err)
                     : je_error_set(&err, JE_ENOMEM, "out of memory");
    }
    if (st == JE_OK) {
        if (sub == JE_RIVER_NSUB)
            sub = main_item(x.data.net, &a, 0);
        out_table *tl =
            strcmp(by, "jurisdiction") ? attr_table(x.data.net, &a, sub, 0, NULL) : NULL;
        out_table *tj = strcmp(by, "load") ? attr_table(x.data.net, &a, sub, 1, owner_v) : NULL;
        print_two(c, "loads", tl, "jurisdictions", tj);
        out_table_free(tl);
        out_table_free(tj);
    } else {
        code = cli_fail(c, st, &err);
    }
    free(owner_v);
    je_river_attrib_free(&a);
    run_free(&x);
    return code;
}

/* ---- river cuts -------------------------------------------------------------- */

const char river_cuts_usage[] =
    "Options:\n"
    "  --section CODE[,CODE...]  the sections to bring to the target\n"
    "  --target CLASS            I-V (default: each section's own target)\n"
    "  --month YYYY-MM           the month\n"
    "  --items LIST              items to meet, e.g. nh3n,tp (default: all six)\n"
    "  --rule R                  per-load (default: each load cut on its own) or\n"
    "                            equal-percent (one percentage per jurisdiction and item)\n"
    "  --scenario FILE           as river model (cuts come on top of it)\n"
    "  --costs FILE              CSV load,cost_yuan_per_t for every load: minimise the\n"
    "                            yearly cost of the removed tonnes instead of their mass\n"
    "  --by W                    load, jurisdiction or all (default; csv needs one)\n\n"
    "Solves the LP of docs/river.md: the least total load removed (kg/d; with --costs the\n"
    "least yearly cost, yuan) so that every\n"
    "listed section meets the target class in the month, and reports each\n"
    "jurisdiction's and each load's cut. When some target cannot be met even by removing\n"
    "every load (the background alone fails), says which and by how much (exit 3).\n";

static out_table *cuts_table(const je_river_net *net, const je_river_cuts_result *r, int by_owner)
{
    static const char *const lnames[] = {"load", "kind", "owner", "item", "cut_pct", "cut_kg_d"};
    static const char *const onames[] = {"jurisdiction", "item", "cut_kg_d"};
    static const col_type ltypes[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM, COL_NUM};
    static const col_type otypes[] = {COL_TEXT, COL_TEXT, COL_NUM};
    out_table *t =
        by_owner ? out_table_new(NULL, 3, onames, otypes) : out_table_new(NULL, 6, lnames, ltypes);
    char pct[32], kg[32];
    for (size_t o = 0; t && by_owner && o < r->n_owners; o++)
        for (int s = 0; s < JE_RIVER_NSUB - 1; s++) {
            fmt_num(kg, sizeof kg, r->owner_cut_kg_d[o * JE_RIVER_NSUB + (size_t)s], 2);
            const char *cells[3] = {je_river_net_owner_code(net, o),
                                    je_river_sub_code((je_river_sub)s), kg};
            out_table_add(t, cells);
        }
    for (size_t l = 0; t && !by_owner && l < r->n_loads; l++) {
        je_river_load_spec spec;
        je_river_net_load(net, l, &spec);
        for (int s = 0; s < JE_RIVER_NSUB - 1; s++) {
            double f = r->frac[l * JE_RIVER_NSUB + (size_t)s];
            if (!(f > 1e-9))
                continue;
            fmt_num(pct, sizeof pct, 100 * f, 1);
            fmt_num(kg, sizeof kg, r->cut_kg_d[l * JE_RIVER_NSUB + (size_t)s], 2);
            const char *cells[6] = {spec.code,  je_load_kind_name(spec.kind),
                                    spec.owner, je_river_sub_code((je_river_sub)s),
                                    pct,        kg};
            out_table_add(t, cells);
        }
    }
    return t;
}

static int parse_targets(cli *c, const char *cmd, const river_opts *o, const je_river_net *net,
                         je_river_cut_target **out, size_t *n)
{
    je_wq_class cls = JE_WQ_CLASS_NONE;
    if (o->target && (je_wq_class_parse(o->target, strlen(o->target), &cls) != JE_OK ||
                      cls == JE_WQ_CLASS_WORSE_V))
        return cli_usage_error(c, cmd, "invalid --target '%s' (I, II, III, IV or V)", o->target);
    unsigned items = 0;
    if (o->items) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", o->items);
        for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            je_river_sub s;
            if (je_river_sub_find(tok, strlen(tok), &s) != JE_OK)
                return cli_usage_error(c, cmd, "unknown item '%s' in --items", tok);
            items |= 1u << s;
        }
    }
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", o->section);
    *n = 0;
    *out = calloc(strlen(buf) / 2 + 2, sizeof **out);
    if (*out == NULL)
        return EXIT_RUNTIME;
    for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t s;
        if (je_river_net_find_section(net, tok, &s) != JE_OK) {
            fprintf(stderr, "%s: section %s is not located on the river network\n", c->prog, tok);
            return EXIT_BADDATA;
        }
        (*out)[(*n)++] = (je_river_cut_target){s, cls, items};
    }
    return EXIT_OK;
}

/* --costs FILE: load,cost_yuan_per_t for every load of the network, into fen per tonne
   (money in integer fen: rounded half away from zero). Bad rows and loads without a
   cost are listed; EXIT_BADDATA then. */
static int read_costs(cli *c, const char *path, const je_river_net *net, int64_t **out)
{
    size_t nl = je_river_net_load_count(net);
    *out = calloc(nl ? nl : 1, sizeof **out);
    char *seen = calloc(nl ? nl : 1, 1);
    je_csv *r = NULL;
    je_error err;
    je_diag diag;
    je_diag_init(&diag, 50);
    je_error_clear(&err);
    je_status st = *out && seen ? je_csv_open(path, &r, &err)
                                : je_error_set(&err, JE_ENOMEM, "out of memory");
    if (st == JE_OK)
        st = je_csv_read_header(r, &err);
    int cl = r ? je_csv_column(r, "load") : -1, cc = r ? je_csv_column(r, "cost_yuan_per_t") : -1;
    if (st == JE_OK && (cl < 0 || cc < 0))
        st = je_error_set_at(&err, JE_EDATA, path, 1, 1, NULL,
                             "the header needs load and cost_yuan_per_t");
    int has;
    while (st == JE_OK && (st = cli_next_row(r, &diag, &has, &err)) == JE_OK && has) {
        size_t l;
        double v;
        if (je_river_net_find_load(net, je_csv_field(r, (size_t)cl), &l) != JE_OK) {
            cli_diag_field(&diag, r, (size_t)cl, "no load '%s' on the network",
                           je_csv_field(r, (size_t)cl));
            continue;
        }
        if (!cli_cell_num(&diag, r, cc, CLI_NONNEG, 0, "cost_yuan_per_t", &v))
            continue;
        (*out)[l] = llround(v * 100.0);
        seen[l] = 1;
    }
    je_csv_close(r);
    for (size_t l = 0; st == JE_OK && l < nl; l++)
        if (!seen[l]) {
            je_error e;
            je_error_set_at(&e, JE_EDATA, path, 0, 0, NULL, "no cost for load %s",
                            je_river_net_load_code(net, l));
            je_diag_add(&diag, &e);
        }
    free(seen);
    int code = st != JE_OK ? cli_fail(c, st, &err) : EXIT_OK;
    if (code == EXIT_OK && diag.total) {
        cli_print_diag(&diag);
        code = EXIT_BADDATA;
    }
    je_diag_free(&diag);
    return code;
}

int cmd_river_cuts(cli *c, int argc, char **argv)
{
    const char *cmd = "river cuts";
    river_opts o;
    int code = parse_opts(c, cmd, argc, argv, &o);
    if (code == EXIT_OK && o.section == NULL)
        code = cli_usage_error(c, cmd, "--section CODE[,CODE] is required");
    je_river_cut_opts co = {JE_CUT_PER_LOAD, NULL, 0};
    if (code == EXIT_OK && o.rule) {
        if (strcmp(o.rule, "equal-percent") == 0)
            co.rule = JE_CUT_EQUAL_PER_OWNER;
        else if (strcmp(o.rule, "per-load") != 0)
            code = cli_usage_error(c, cmd, "--rule must be per-load or equal-percent");
    }
    const char *by = o.by;
    if (code == EXIT_OK)
        code = check_show(c, cmd, &by, "load", "jurisdiction");
    if (code != EXIT_OK)
        return code;
    run_ctx x;
    if ((code = run_open(c, &o, &x)) != EXIT_OK) {
        run_free(&x);
        return code;
    }
    je_river_cut_target *targets = NULL;
    size_t nt = 0;
    code = parse_targets(c, cmd, &o, x.data.net, &targets, &nt);
    int64_t *costs = NULL;
    if (code == EXIT_OK && o.costs) {
        code = read_costs(c, o.costs, x.data.net, &costs);
        co.cost_fen_per_t = costs;
    }
    je_river_cuts_result r;
    memset(&r, 0, sizeof r);
    je_error err;
    je_error_clear(&err);
    if (code == EXIT_OK) {
        je_status st =
            je_river_cuts(x.data.net, &x.data.month, &o.params, targets, nt, &co, &r, &err);
        if (st == JE_OK) {
            out_table *tl = strcmp(by, "jurisdiction") ? cuts_table(x.data.net, &r, 0) : NULL;
            out_table *tj = strcmp(by, "load") ? cuts_table(x.data.net, &r, 1) : NULL;
            print_two(c, "loads", tl, "jurisdictions", tj);
            out_table_free(tl);
            out_table_free(tj);
            if (costs)
                fprintf(stderr, "cost of the cuts: %.2f yuan a year\n", r.total_cost_fen_a / 100.0);
        } else {
            for (size_t i = 0; i < r.n_issues; i++)
                fprintf(stderr, "%s: %s: %s cannot get below %.4g mg/L (limit %.4g mg/L)\n",
                        c->prog, je_river_net_section_code(x.data.net, r.issues[i].section),
                        je_river_sub_code(r.issues[i].sub), r.issues[i].floor_mg_l,
                        r.issues[i].limit_mg_l);
            code = cli_fail(c, st, &err);
        }
    }
    je_river_cuts_free(&r);
    free(costs);
    free(targets);
    run_free(&x);
    return code;
}

/* ---- river export ------------------------------------------------------------ */

const char river_export_usage[] =
    "Options:\n"
    "  --month YYYY-MM   add the modelled values of that month: each reach gets the\n"
    "                    concentrations and GB 3838 class at its downstream end\n"
    "                    (class, cod ... do), each section its modelled class\n"
    "  --output FILE     write to FILE (default: standard output)\n\n"
    "Writes the stored network as one GeoJSON FeatureCollection (always GeoJSON; the\n"
    "global --format is ignored): reaches as LineStrings (layer \"reach\"), located\n"
    "sections and loads as Points (layer \"section\", \"load\"), for web maps.\n";

/* Add the month's modelled values to the reach and section features. */
static je_status add_model(json_t *root, const run_ctx *x, const je_river_params *p, je_error *err)
{
    je_river_result res;
    je_status st = je_river_model_run(x->data.net, &x->data.month, p, &res, err);
    if (st != JE_OK) {
        je_river_result_free(&res);
        return st;
    }
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(root, "features"), i, f)
    {
        json_t *props = json_object_get(f, "properties");
        const char *layer = json_string_value(json_object_get(props, "layer"));
        const char *code = json_string_value(json_object_get(props, "code"));
        size_t k;
        if (!layer || !code)
            continue;
        json_object_set_new(props, "month", json_string(x->data.month_code));
        if (strcmp(layer, "reach") == 0 && res.reaches &&
            je_river_net_find_reach(x->data.net, code, &k) == JE_OK) {
            const je_river_reach_result *r = &res.reaches[k];
            je_wq_class worst = JE_WQ_CLASS_NONE;
            for (int s = 0; s < JE_RIVER_NSUB; s++) {
                double v = r->conc_out_mg_l[s];
                json_object_set_new(props, je_river_sub_code((je_river_sub)s),
                                    isnan(v) ? json_null() : json_real(je_round_sig(v, 4)));
                je_wq_class cl =
                    je_gb3838_item_class(je_river_sub_item((je_river_sub)s), v, JE_WATERBODY_RIVER);
                if (cl > worst)
                    worst = cl;
            }
            json_object_set_new(props, "flow_m3_s", json_real(je_round_sig(r->q_out_m3_s, 4)));
            json_object_set_new(props, "class", json_string(je_wq_class_label(worst)));
        } else if (strcmp(layer, "section") == 0 &&
                   je_river_net_find_section(x->data.net, code, &k) == JE_OK) {
            json_object_set_new(props, "class",
                                json_string(je_wq_class_label(res.sections[k].cls)));
        }
    }
    je_river_result_free(&res);
    return JE_OK;
}

int cmd_river_export(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"month", required_argument, NULL, 'm'},
                                             {"output", required_argument, NULL, 'o'},
                                             {NULL, 0, NULL, 0}};
    const char *cmd = "river export", *out_path = NULL;
    river_opts o;
    memset(&o, 0, sizeof o);
    je_river_params_default(&o.params);
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'm')
            o.month = optarg;
        else if (ch == 'o')
            out_path = optarg;
        else
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    run_ctx x;
    memset(&x, 0, sizeof x);
    int code = EXIT_OK;
    if (o.month)
        code = run_open(c, &o, &x);
    else if ((x.db = cli_open_db(c)) == NULL)
        code = EXIT_RUNTIME;
    je_error err;
    je_error_clear(&err);
    char *text = NULL;
    je_status st = JE_OK;
    if (code == EXIT_OK)
        st = je_river_export_geojson(x.db, &text, &err);
    if (code == EXIT_OK && st == JE_OK && o.month) {
        json_t *root = json_loads(text, 0, NULL);
        st = root ? add_model(root, &x, &o.params, &err)
                  : je_error_set(&err, JE_ENOMEM, "out of memory");
        free(text);
        text = st == JE_OK ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
        json_decref(root);
        if (st == JE_OK && text == NULL)
            st = je_error_set(&err, JE_ENOMEM, "out of memory");
    }
    if (code == EXIT_OK && st == JE_OK) {
        FILE *fp = out_path ? fopen(out_path, "w") : stdout;
        if (fp == NULL) {
            st = je_error_set(&err, JE_EIO, "cannot write %s", out_path);
        } else {
            fputs(text, fp);
            fputc('\n', fp);
            if (fp != stdout && fclose(fp) != 0)
                st = je_error_set(&err, JE_EIO, "cannot write %s", out_path);
        }
    }
    if (code == EXIT_OK && st != JE_OK)
        code = cli_fail(c, st, &err);
    free(text);
    run_free(&x);
    return code;
}
