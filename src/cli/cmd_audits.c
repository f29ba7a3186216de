/*
 * cmd_audits.c — jointenv import cp-audits|cp-options, audits list|show|update|summary:
 * cleaner-production audits, their stages and deadlines, and their options one by one
 * (docs/energy.md §7).
 */
#include "cli/cli.h"
#include "cli/energy_cli.h"

#include "jointenv/energy.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- cleaner-production audits ---------------------------------------------------- */

const char cp_audits_usage[] =
    "FILE columns: enterprise,name,jurisdiction,sector,kind,stage,listed_on,stage_since,\n"
    "  certificate,level,expires_on,investment_1e4_yuan,savings_tce,savings_water_t,\n"
    "  co2_reduction_t\n"
    "  kind: mandatory|voluntary; stage: listed|started|pre-assessment|options|\n"
    "  implementation|acceptance|certified|renewal-due; dates YYYY-MM-DD; certificate,\n"
    "  level and expires_on for (and only for) certified and renewal-due audits.\n"
    "  Optional column enterprise_code: the enterprise's unified social credit code (GB\n"
    "  32100, checked) in the enterprise registry (jointenv import enterprises).\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update enterprises that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n";

#define AUDIT_OPTIONS                                                                              \
    "  --today D            the day deadlines are judged on (default: today, UTC)\n"               \
    "  --rules FILE         deadlines (default rules/energy-cleaner-production-audit.json)\n"

const char audits_list_usage[] =
    "Options:\n"
    "  --jurisdiction J     one side\n"
    "  --due                only overdue, expiring and expired audits\n" AUDIT_OPTIONS
    "\nEach enterprise's audit: stage, since when, its deadline or certificate expiry, and\n"
    "on-time | overdue | expiring | expired.\n";
const char audits_show_usage[] =
    "Usage: jointenv audits show ENTERPRISE [--today D] [--rules FILE]\n\n"
    "The audit (stage, deadline, certificate) and its options one by one (cost class,\n"
    "status, investment, savings, emission reductions), with the totals proposed (every\n"
    "option not dropped) and realised (implemented or verified).\n";
const char audits_update_usage[] =
    "Usage: jointenv audits update ENTERPRISE --stage S [--date D]\n"
    "       [--certificate N --level L --expires D]\n\n"
    "Moves an audit to its next stage (listed > started > pre-assessment > options >\n"
    "implementation > acceptance > certified > renewal-due > started). Certifying needs\n"
    "the certificate number, level and expiry. Logged in the audit log (before, after).\n";
const char audits_summary_usage[] =
    "Options:\n" AUDIT_OPTIONS
    "  --jurisdiction J     one side\n"
    "\nPer jurisdiction and sector: audits, mandatory, certified, overdue, expiring,\n"
    "expired, and the investment and savings the audits report. Then, from the options\n"
    "one by one (import cp-options), each measure proposed (options not dropped) against\n"
    "realised (implemented or verified) and the share realised: options, investment\n"
    "(yuan), energy (tce), water (t), material (t) and the reduction of each pollutant\n"
    "(t a year).\n";

const char cp_options_usage[] =
    "FILE columns: audit,option_no,title,cost_class,investment_yuan,savings_tce,\n"
    "  savings_water_t,savings_material_t,status[,cod_t,nh3n_t,so2_t,nox_t,pm_t,vocs_t,co2_t]\n"
    "  audit: the enterprise key of a stored audit (audits list); option_no 1-9999, unique\n"
    "  in the audit; cost_class no-low (无/低费) or medium-high (中/高费), as the audit\n"
    "  report classifies the option; investment_yuan: yuan, at most two decimals (kept as\n"
    "  integer fen); savings and reductions: t (tce) a year, >= 0, an empty reduction is 0;\n"
    "  status proposed|approved|implemented|verified|dropped.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update options that already exist (same audit and number)\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing: one transaction per file; each option is permission-checked in its\n"
    "audit's jurisdiction and written to the audit log.\n";

typedef struct aargs {
    const char *jur, *rules, *stage, *date, *cert, *level, *expires, *enterprise;
    int due;
    int64_t today;
    char rbuf[1024];
} aargs;

enum { A_JUR = 300, A_DUE, A_TODAY, A_RULES, A_STAGE, A_DATE, A_CERT, A_LEVEL, A_EXPIRES };
static const struct option audit_longopts[] = {
    {"jurisdiction", required_argument, NULL, A_JUR}, {"due", no_argument, NULL, A_DUE},
    {"today", required_argument, NULL, A_TODAY},      {"rules", required_argument, NULL, A_RULES},
    {"stage", required_argument, NULL, A_STAGE},      {"date", required_argument, NULL, A_DATE},
    {"certificate", required_argument, NULL, A_CERT}, {"level", required_argument, NULL, A_LEVEL},
    {"expires", required_argument, NULL, A_EXPIRES},  {NULL, 0, NULL, 0}};

/* A date YYYY-MM-DD into days since 1970; -1 when bad. */
static int64_t parse_day(const char *s)
{
    int64_t t;
    if (!s || strlen(s) != 10 || je_time_parse(s, 10, 0, &t, NULL) != JE_OK)
        return -1;
    return je_time_local_day(t, 0);
}

static int aparse(cli *c, const char *cmd, int argc, char **argv, aargs *a, int positional)
{
    memset(a, 0, sizeof *a);
    a->rules = cli_data_path("rules/energy-cleaner-production-audit.json", a->rbuf, sizeof a->rbuf);
    a->today = je_time_local_day((int64_t)time(NULL), 0);
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", audit_longopts, NULL)) != -1) {
        switch (ch) {
        case A_JUR:
            a->jur = optarg;
            break;
        case A_DUE:
            a->due = 1;
            break;
        case A_TODAY:
            if ((a->today = parse_day(optarg)) < 0)
                return cli_usage_error(c, cmd, "--today needs a date YYYY-MM-DD");
            break;
        case A_RULES:
            a->rules = optarg;
            break;
        case A_STAGE:
            a->stage = optarg;
            break;
        case A_DATE:
            a->date = optarg;
            break;
        case A_CERT:
            a->cert = optarg;
            break;
        case A_LEVEL:
            a->level = optarg;
            break;
        case A_EXPIRES:
            a->expires = optarg;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind + positional != argc)
        return cli_usage_error(c, cmd,
                               positional ? "one ENTERPRISE expected" : "unexpected argument");
    if (positional)
        a->enterprise = argv[optind];
    return -1;
}

int cmd_import_cp_audits(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_cp_audits);
}

int cmd_import_cp_options(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_cp_options);
}

/* Options of one audit (or all of a's jurisdiction); -1 when fine. */
static int load_options(cli *c, const char *audit, const char *jur, je_cp_option **o, size_t *n)
{
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_store_cp_options(db, audit, jur, o, n, &err);
    je_db_close(db);
    return st == JE_OK ? -1 : cli_fail(c, st, &err);
}

/* The options of one audit, one a row, then its totals proposed and realised. */
static out_table *options_table(const je_cp_option *o, size_t n)
{
    static const char *const names[] = {
        "option", "title", "cost_class", "status", "investment_yuan", "savings_tce",
        "savings_water_t", "savings_material_t", "cod_t", "nh3n_t", "so2_t", "nox_t", "pm_t",
        "vocs_t", "co2_t"};
    enum { NC = sizeof names / sizeof names[0] };
    col_type types[NC];
    for (size_t k = 0; k < NC; k++)
        types[k] = k >= 4 ? COL_NUM : COL_TEXT;
    out_table *t = out_table_new("Options", NC, names, types);
    je_cp_option_totals tot;
    memset(&tot, 0, sizeof tot);
    char b[NC][40];
    for (size_t i = 0; t && i < n; i++) {
        je_cp_option_add(&tot, &o[i]);
        snprintf(b[0], 40, "%d", o[i].option_no);
        energy_yuan(b[4], 40, o[i].investment_fen);
        const double v[] = {o[i].savings_tce, o[i].savings_water_t, o[i].savings_material_t};
        for (int k = 0; k < 3; k++)
            snprintf(b[5 + k], 40, "%g", v[k]);
        for (int k = 0; k < JE_CP_NPOLL; k++)
            snprintf(b[8 + k], 40, "%g", o[i].reduction_t[k]);
        const char *cells[NC] = {b[0], o[i].title, je_cp_cost_class_name(o[i].cost_class),
                                 je_cp_option_status_name(o[i].status)};
        for (size_t k = 4; k < NC; k++)
            cells[k] = b[k];
        out_table_add(t, cells);
    }
    for (int r = 0; t && n && r < 2; r++) {
        snprintf(b[0], 40, "%s", r ? "realised" : "proposed");
        snprintf(b[1], 40, "%zu option(s)%s", r ? tot.n_realised : tot.n - tot.n_dropped,
                 r ? ": implemented or verified" : " not dropped");
        energy_yuan(b[4], 40, tot.investment_fen[r]);
        snprintf(b[5], 40, "%g", tot.tce[r]);
        snprintf(b[6], 40, "%g", tot.water_t[r]);
        snprintf(b[7], 40, "%g", tot.material_t[r]);
        for (int k = 0; k < JE_CP_NPOLL; k++)
            snprintf(b[8 + k], 40, "%g", tot.reduction_t[r][k]);
        const char *cells[NC] = {b[0], b[1], "", ""};
        for (size_t k = 4; k < NC; k++)
            cells[k] = b[k];
        out_table_add(t, cells);
    }
    return t;
}

static int load_audits(cli *c, const aargs *a, je_cp_rules *r, je_cp_audit **au, size_t *n)
{
    je_error err;
    je_status st = je_cp_rules_load(a->rules, r, &err);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    st = je_store_cp_audits(db, a->jur, au, n, &err);
    je_db_close(db);
    return st == JE_OK ? -1 : cli_fail(c, st, &err);
}

static const char *date_of(char *buf, size_t size, int64_t day)
{
    if (day <= 0) {
        buf[0] = '\0';
        return buf;
    }
    return je_time_format_date(day * 86400, 0, buf, size);
}

static int audits_table(cli *c, const aargs *a, int only_one)
{
    je_cp_rules r;
    je_cp_audit *au = NULL;
    size_t n = 0;
    int code = load_audits(c, a, &r, &au, &n);
    if (code >= 0)
        return code;
    static const char *const names[] = {"enterprise",
                                        "name",
                                        "jurisdiction",
                                        "sector",
                                        "kind",
                                        "stage",
                                        "since",
                                        "due",
                                        "flag",
                                        "certificate",
                                        "level",
                                        "expires",
                                        "investment_1e4_yuan",
                                        "savings_tce",
                                        "savings_water_t",
                                        "co2_reduction_t",
                                        "enterprise_code"};
    col_type types[17];
    for (int k = 0; k < 17; k++)
        types[k] = k >= 12 && k < 16 ? COL_NUM : COL_TEXT;
    out_table *t = out_table_new(NULL, 17, names, types);
    size_t shown = 0;
    for (size_t i = 0; t && i < n; i++) {
        if (only_one && strcmp(au[i].enterprise, a->enterprise) != 0)
            continue;
        int64_t due;
        je_cp_flag f = je_cp_check(&r, &au[i], a->today, &due);
        if (a->due && f == JE_CP_ON_TIME)
            continue;
        char d[3][16], v[4][32];
        const double amt[] = {au[i].investment_1e4_yuan, au[i].savings_tce, au[i].savings_water_t,
                              au[i].co2_reduction_t};
        for (int k = 0; k < 4; k++)
            snprintf(v[k], 32, "%g", amt[k]);
        const char *cells[] = {au[i].enterprise,
                               au[i].name,
                               au[i].jurisdiction,
                               au[i].sector,
                               au[i].mandatory ? "mandatory" : "voluntary",
                               je_cp_stage_name(au[i].stage),
                               date_of(d[0], 16, au[i].stage_day),
                               date_of(d[1], 16, due),
                               je_cp_flag_name(f),
                               au[i].certificate,
                               au[i].level,
                               date_of(d[2], 16, au[i].expires_day),
                               v[0],
                               v[1],
                               v[2],
                               v[3],
                               au[i].enterprise_code};
        out_table_add(t, cells);
        shown++;
    }
    if (only_one && shown == 0) {
        je_error err;
        je_error_set(&err, JE_ENOTFOUND, "no cleaner-production audit for enterprise %s",
                     a->enterprise);
        code = cli_fail(c, JE_ENOTFOUND, &err);
    } else if (t && only_one) {
        je_cp_option *o = NULL;
        size_t no = 0;
        code = load_options(c, a->enterprise, NULL, &o, &no);
        if (code < 0) {
            out_table *to = options_table(o, no);
            out_table *both[2] = {t, to};
            static const char *const keys[2] = {"audit", "options"};
            energy_print_tables(c, both, keys, 2);
            code = to ? EXIT_OK : EXIT_RUNTIME;
            out_table_free(to);
        }
        free(o);
    } else if (t) {
        out_table_print(t, c->format, stdout);
        code = EXIT_OK;
    } else
        code = EXIT_RUNTIME;
    out_table_free(t);
    free(au);
    return code;
}

int cmd_audits_list(cli *c, int argc, char **argv)
{
    aargs a;
    int code = aparse(c, "audits list", argc, argv, &a, 0);
    return code >= 0 ? code : audits_table(c, &a, 0);
}

int cmd_audits_show(cli *c, int argc, char **argv)
{
    aargs a;
    int code = aparse(c, "audits show", argc, argv, &a, 1);
    return code >= 0 ? code : audits_table(c, &a, 1);
}

int cmd_audits_update(cli *c, int argc, char **argv)
{
    aargs a;
    int code = aparse(c, "audits update", argc, argv, &a, 1);
    if (code >= 0)
        return code;
    je_cp_stage to;
    je_error err;
    if (!a.stage || je_cp_stage_parse(a.stage, &to, &err) != JE_OK)
        return cli_usage_error(c, "audits update", "--stage needs a stage (%s)",
                               a.stage ? err.message : "required");
    int64_t day = a.date ? parse_day(a.date) : a.today;
    int64_t exp = a.expires ? parse_day(a.expires) : 0;
    if (day < 0 || exp < 0)
        return cli_usage_error(c, "audits update", "--date and --expires need YYYY-MM-DD");
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_status st = je_store_cp_advance(db, a.enterprise, to, day, a.cert, a.level, exp, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    printf("%s: now %s\n", a.enterprise, je_cp_stage_name(to));
    return EXIT_OK;
}

/* Options rolled up per (jurisdiction, sector) of their audit: each measure proposed
 * against realised. */
static out_table *options_summary(const je_cp_audit *au, size_t n, const je_cp_option *o,
                                  size_t no)
{
    static const char *const names[] = {"jurisdiction", "sector",   "measure",
                                        "proposed",     "realised", "share_realised"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_NUM};
    out_table *t = out_table_new("Audit options: proposed (not dropped) vs realised "
                                 "(implemented or verified)",
                                 6, names, types);
    char *done = calloc(n + 1, 1);
    for (size_t i = 0; t && done && i < n; i++) {
        if (done[i])
            continue;
        je_cp_option_totals tot;
        memset(&tot, 0, sizeof tot);
        for (size_t k = i; k < n; k++) {
            if (done[k] || strcmp(au[k].jurisdiction, au[i].jurisdiction) != 0 ||
                strcmp(au[k].sector, au[i].sector) != 0)
                continue;
            done[k] = 1;
            for (size_t j = 0; j < no; j++)
                if (strcmp(o[j].audit, au[k].enterprise) == 0)
                    je_cp_option_add(&tot, &o[j]);
        }
        if (tot.n == 0)
            continue;
        struct {
            const char *measure;
            double v[2];
        } m[5 + JE_CP_NPOLL] = {
            {"options", {(double)(tot.n - tot.n_dropped), (double)tot.n_realised}},
            {"investment_yuan",
             {(double)tot.investment_fen[0] / 100.0, (double)tot.investment_fen[1] / 100.0}},
            {"savings_tce", {tot.tce[0], tot.tce[1]}},
            {"savings_water_t", {tot.water_t[0], tot.water_t[1]}},
            {"savings_material_t", {tot.material_t[0], tot.material_t[1]}},
        };
        static const char *const poll[JE_CP_NPOLL] = {"cod_t", "nh3n_t", "so2_t", "nox_t",
                                                      "pm_t",  "vocs_t", "co2_t"};
        for (int p = 0; p < JE_CP_NPOLL; p++) {
            m[5 + p].measure = poll[p];
            m[5 + p].v[0] = tot.reduction_t[0][p];
            m[5 + p].v[1] = tot.reduction_t[1][p];
        }
        for (int k = 0; k < 5 + JE_CP_NPOLL; k++) {
            char b[3][40];
            if (k == 1) {
                energy_yuan(b[0], 40, tot.investment_fen[0]);
                energy_yuan(b[1], 40, tot.investment_fen[1]);
            } else {
                snprintf(b[0], 40, "%g", m[k].v[0]);
                snprintf(b[1], 40, "%g", m[k].v[1]);
            }
            energy_num(b[2], 40, m[k].v[0] > 0 ? m[k].v[1] / m[k].v[0] : NAN, "%.3f");
            const char *cells[6] = {au[i].jurisdiction, au[i].sector, m[k].measure,
                                    b[0], b[1], b[2]};
            out_table_add(t, cells);
        }
    }
    free(done);
    return t;
}

int cmd_audits_summary(cli *c, int argc, char **argv)
{
    aargs a;
    int code = aparse(c, "audits summary", argc, argv, &a, 0);
    if (code >= 0)
        return code;
    je_cp_rules r;
    je_cp_audit *au = NULL;
    size_t n = 0;
    if ((code = load_audits(c, &a, &r, &au, &n)) >= 0)
        return code;
    /* groups (jurisdiction, sector) in the order their first enterprise is listed */
    static const char *const names[] = {"jurisdiction", "sector",          "audits",
                                        "mandatory",    "certified",       "overdue",
                                        "expiring",     "expired",         "investment_1e4_yuan",
                                        "savings_tce",  "savings_water_t", "co2_reduction_t"};
    col_type types[12];
    for (int k = 0; k < 12; k++)
        types[k] = k >= 2 ? COL_NUM : COL_TEXT;
    out_table *t = out_table_new(NULL, 12, names, types);
    char *done = calloc(n + 1, 1);
    for (size_t i = 0; t && done && i < n; i++) {
        if (done[i])
            continue;
        double v[10] = {0};
        for (size_t k = i; k < n; k++) {
            if (done[k] || strcmp(au[k].jurisdiction, au[i].jurisdiction) != 0 ||
                strcmp(au[k].sector, au[i].sector) != 0)
                continue;
            done[k] = 1;
            je_cp_flag f = je_cp_check(&r, &au[k], a.today, NULL);
            v[0] += 1;
            v[1] += au[k].mandatory;
            v[2] += au[k].stage == JE_CP_CERTIFIED;
            v[3] += f == JE_CP_OVERDUE;
            v[4] += f == JE_CP_EXPIRING;
            v[5] += f == JE_CP_EXPIRED;
            v[6] += au[k].investment_1e4_yuan;
            v[7] += au[k].savings_tce;
            v[8] += au[k].savings_water_t;
            v[9] += au[k].co2_reduction_t;
        }
        char b[10][32];
        const char *cells[12] = {au[i].jurisdiction, au[i].sector};
        for (int k = 0; k < 10; k++) {
            snprintf(b[k], 32, k == 6 ? "%.1f" : "%.0f", v[k]);
            cells[2 + k] = b[k];
        }
        out_table_add(t, cells);
    }
    je_cp_option *o = NULL;
    size_t no = 0;
    out_table *to = NULL;
    if (t && done && (code = load_options(c, NULL, a.jur, &o, &no)) < 0) {
        to = options_summary(au, n, o, no);
        out_table *both[2] = {t, to};
        static const char *const keys[2] = {"audits", "options"};
        energy_print_tables(c, both, keys, 2);
        code = to ? EXIT_OK : EXIT_RUNTIME;
    } else if (code < 0)
        code = EXIT_RUNTIME;
    out_table_free(to);
    free(o);
    out_table_free(t);
    free(done);
    free(au);
    return code;
}

