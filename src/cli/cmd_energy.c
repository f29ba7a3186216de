/*
 * cmd_energy.c — jointenv import energy-activity|coal-units, energy account|barometer|
 * pathway, coal units|plan: energy and carbon accounting, the dual-control barometer,
 * the carbon-peak pathway and coal-unit retirement planning (docs/energy.md).
 */
#include "cli/cli.h"

#include "jointenv/energy.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char energy_activity_usage[] =
    "FILE columns: jurisdiction,district,sector,year,item,quantity,unit[,enterprise]\n"
    "  district: empty for the whole jurisdiction; sector: a free code (industry, cement,\n"
    "    power, transport, buildings ...), 'all' for gdp and population (only them).\n"
    "  item: raw_coal washed_coal coke crude_oil fuel_oil gasoline kerosene diesel lpg\n"
    "    refinery_gas natural_gas coke_oven_gas electricity heat clinker gdp population\n"
    "  unit (checked against the item): t kg 1e4 t (万t); Nm3 m3 1e4 Nm3 (万Nm3, 万m3)\n"
    "    1e8 Nm3 (亿m3); kWh 1e4 kWh (万kWh) MWh GWh 1e8 kWh (亿kWh) TWh; GJ MJ TJ;\n"
    "    yuan 1e4 yuan (万元) 1e8 yuan (亿元); person 1e4 person (万人).\n"
    "  GDP at constant prices. Quantities are stored in the base unit (t, 1e4 Nm3, MWh,\n"
    "    GJ, 1e4 yuan, person) beside the number and unit given.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update records that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing: one transaction per file; a wrong unit for an item is an error at\n"
    "its path:line:column.\n";

const char coal_units_usage[] =
    "FILE columns: code,plant,jurisdiction,capacity_mw,commissioned,technology,\n"
    "  coal_gce_kwh,generation_mwh,status\n"
    "  capacity 1-2000 MW; commissioned: year; coal_gce_kwh: supply coal consumption\n"
    "  200-500 gce/kWh; generation_mwh: annual, at most capacity x 8784 h; status\n"
    "  operating|retired|mothballed|construction.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update units that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n";

#define FACTOR_OPTIONS                                                                             \
    "  --factors F          fuel CO2 defaults: guideline (default; Chinese GHG guidelines) or\n"   \
    "                       ipcc2006 (IPCC 2006 Vol. 2 Table 2.2); reported with the result\n"     \
    "  --co2-factors FILE   a fuel CO2 file of your own instead (format: docs/energy.md)\n"        \
    "  --tce-factors FILE   standard-coal file (default rules/energy-factors-gbt2589-2020.json)\n" \
    "  --elec-factors FILE  electricity CO2 file (default\n"                                       \
    "                       rules/electricity-factors-mee-2021-2022.json)\n"

const char energy_account_usage[] =
    "Options:\n"
    "  --year Y             the year (required)\n"
    "  --by B               jurisdiction (default; with a joint row), district or sector\n"
    "  --electricity E      standard-coal basis of electricity: equivalent (default; GB/T\n"
    "                       2589 0.1229 kgce/kWh) or equal-value (the year's coal rate)\n"
    "  --scope S            electricity CO2 factor: provincial (default), regional, "
    "national\n" FACTOR_OPTIONS "\n"
    "Per group: energy (tce: fuels by GB/T 2589, electricity on the basis, heat), CO2 (t:\n"
    "fuel FC x NCV x CC x OF x 44/12, clinker process, electricity and heat indirect),\n"
    "GDP, population, intensities (tce and t CO2 per 1e4 yuan), per capita figures and\n"
    "the change on the year before. Every row states the basis and factor sets used.\n";

const char energy_barometer_usage[] =
    "Options:\n"
    "  --year Y             the year (required; within the targets' period)\n"
    "  --targets FILE       period targets and warning rule (default\n"
    "                       rules/dual-control-14fyp-chengyu.json; illustrative targets)\n"
    "  --tce-factors FILE   standard-coal file (as energy account)\n\n"
    "Per target (jurisdiction or district): time elapsed in the period, intensity against\n"
    "the base year, the reduction achieved and its share of the target, total energy\n"
    "against its allowance, the red/yellow/green level of each and overall (rule in the\n"
    "targets file), and the sectors whose energy use grew most since the base year.\n";

const char energy_pathway_usage[] =
    "Options:\n"
    "  --scenario FILE      scenario file (e.g. data/scenarios/pathway-chengyu.json)\n"
    "  --show W             summary (default), series, or lmdi\n"
    "  --series FILE        also write the chart-ready series (.csv or .json by extension)\n"
    "  --scope S, --factors F, ...  factor options as energy account (base-year CO2)\n\n"
    "Projects each jurisdiction from the accounted base year by the Kaya identity\n"
    "C = P x (G/P) x (E/G) x (C/E), with C/E = (1 - non-fossil share) x fossil CO2 per tce\n"
    "and the CO2 of retired coal units removed; reports the peak year and level per\n"
    "scenario and the LMDI-I contribution of each factor (Ang 2005) base -> end year.\n";

const char coal_units_list_usage[] =
    "Options:\n"
    "  --jurisdiction J     units of one side\n" FACTOR_OPTIONS
    "\nEvery stored unit with its age, and its annual CO2 (generation x coal rate, x the CO2\n"
    "per tce of raw coal from the factor files).\n";

const char coal_plan_usage[] =
    "Options:\n"
    "  --target FILE        retirement targets (e.g. data/scenarios/coal-target-chengyu.json)\n"
    "  --method M           all (default), milp, by-age or by-efficiency\n"
    "  --show W             summary (default), years or units\n" FACTOR_OPTIONS
    "\nChooses which operating units retire by each target year so that coal capacity and\n"
    "its CO2 stay within the caps while firm capacity >= peak demand x (1 + reserve):\n"
    "exactly (MILP, least stranded MW x years of design life) and by two ranked rules\n"
    "(oldest first, least efficient first) for comparison. A target that cannot be met\n"
    "is reported with its year and binding constraint (exit 3).\n";

int cmd_import_energy_activity(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_energy_activity);
}

int cmd_import_coal_units(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_coal_units);
}

/* ---- shared options ------------------------------------------------------------ */

enum {
    O_YEAR = 256,
    O_BY,
    O_ELEC,
    O_SCOPE,
    O_FACTORS,
    O_CO2,
    O_TCE,
    O_ELECF,
    O_TARGETS,
    O_SCENARIO,
    O_SHOW,
    O_SERIES,
    O_TARGET,
    O_METHOD,
    O_JUR
};

static const struct option longopts[] = {{"year", required_argument, NULL, O_YEAR},
                                         {"by", required_argument, NULL, O_BY},
                                         {"electricity", required_argument, NULL, O_ELEC},
                                         {"scope", required_argument, NULL, O_SCOPE},
                                         {"factors", required_argument, NULL, O_FACTORS},
                                         {"co2-factors", required_argument, NULL, O_CO2},
                                         {"tce-factors", required_argument, NULL, O_TCE},
                                         {"elec-factors", required_argument, NULL, O_ELECF},
                                         {"targets", required_argument, NULL, O_TARGETS},
                                         {"scenario", required_argument, NULL, O_SCENARIO},
                                         {"show", required_argument, NULL, O_SHOW},
                                         {"series", required_argument, NULL, O_SERIES},
                                         {"target", required_argument, NULL, O_TARGET},
                                         {"method", required_argument, NULL, O_METHOD},
                                         {"jurisdiction", required_argument, NULL, O_JUR},
                                         {NULL, 0, NULL, 0}};

typedef struct eargs {
    je_energy_options o;
    const char *co2, *tce, *elecf, *targets, *scenario, *show, *series, *target, *method, *jur;
    char co2_buf[1024], tce_buf[1024], elec_buf[1024], tgt_buf[1024];
} eargs;

/* Parse the options of `cmd` (allowed: a string of the option letters' ids is overkill;
 * every command takes the common set and ignores what it does not use). -1 when fine. */
static int parse(cli *c, const char *cmd, int argc, char **argv, eargs *a)
{
    memset(a, 0, sizeof *a);
    a->o.basis = JE_ELEC_EQUIVALENT;
    a->o.scope = JE_SCOPE_PROVINCIAL;
    a->o.by = JE_BY_JURISDICTION;
    a->co2 = cli_data_path("rules/co2-factors-guideline.json", a->co2_buf, sizeof a->co2_buf);
    a->tce = cli_data_path("rules/energy-factors-gbt2589-2020.json", a->tce_buf, sizeof a->tce_buf);
    a->elecf = cli_data_path("rules/electricity-factors-mee-2021-2022.json", a->elec_buf,
                             sizeof a->elec_buf);
    a->targets =
        cli_data_path("rules/dual-control-14fyp-chengyu.json", a->tgt_buf, sizeof a->tgt_buf);
    a->show = "summary";
    a->method = "all";
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        char *end;
        switch (ch) {
        case O_YEAR: {
            long y = strtol(optarg, &end, 10);
            if (*end || y < 1990 || y > 2100)
                return cli_usage_error(c, cmd, "--year needs a year 1990-2100");
            a->o.year = (int)y;
            break;
        }
        case O_BY:
            if (strcmp(optarg, "jurisdiction") == 0)
                a->o.by = JE_BY_JURISDICTION;
            else if (strcmp(optarg, "district") == 0)
                a->o.by = JE_BY_DISTRICT;
            else if (strcmp(optarg, "sector") == 0)
                a->o.by = JE_BY_SECTOR;
            else
                return cli_usage_error(c, cmd, "--by must be jurisdiction, district or sector");
            break;
        case O_ELEC:
            if (strcmp(optarg, "equivalent") == 0)
                a->o.basis = JE_ELEC_EQUIVALENT;
            else if (strcmp(optarg, "equal-value") == 0)
                a->o.basis = JE_ELEC_EQUAL_VALUE;
            else
                return cli_usage_error(c, cmd, "--electricity must be equivalent or equal-value");
            break;
        case O_SCOPE:
            if (strcmp(optarg, "provincial") == 0)
                a->o.scope = JE_SCOPE_PROVINCIAL;
            else if (strcmp(optarg, "regional") == 0)
                a->o.scope = JE_SCOPE_REGIONAL;
            else if (strcmp(optarg, "national") == 0)
                a->o.scope = JE_SCOPE_NATIONAL;
            else
                return cli_usage_error(c, cmd, "--scope must be provincial, regional or national");
            break;
        case O_FACTORS:
            if (strcmp(optarg, "guideline") == 0)
                a->co2 = cli_data_path("rules/co2-factors-guideline.json", a->co2_buf,
                                       sizeof a->co2_buf);
            else if (strcmp(optarg, "ipcc2006") == 0)
                a->co2 =
                    cli_data_path("rules/co2-factors-ipcc2006.json", a->co2_buf, sizeof a->co2_buf);
            else
                return cli_usage_error(c, cmd, "--factors must be guideline or ipcc2006");
            break;
        case O_CO2:
            a->co2 = optarg;
            break;
        case O_TCE:
            a->tce = optarg;
            break;
        case O_ELECF:
            a->elecf = optarg;
            break;
        case O_TARGETS:
            a->targets = optarg;
            break;
        case O_SCENARIO:
            a->scenario = optarg;
            break;
        case O_SHOW:
            a->show = optarg;
            break;
        case O_SERIES:
            a->series = optarg;
            break;
        case O_TARGET:
            a->target = optarg;
            break;
        case O_METHOD:
            a->method = optarg;
            break;
        case O_JUR:
            a->jur = optarg;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    return -1;
}

static int load_factors(cli *c, const eargs *a, je_energy_factors *f)
{
    je_error err;
    je_error_clear(&err);
    memset(f, 0, sizeof *f);
    je_status st = je_energy_factors_load(a->tce, f, &err);
    if (st == JE_OK)
        st = je_energy_factors_load(a->co2, f, &err);
    if (st == JE_OK)
        st = je_energy_factors_load(a->elecf, f, &err);
    if (st == JE_OK)
        st = je_energy_factors_check(f, &err);
    return st == JE_OK ? -1 : cli_fail(c, st, &err);
}

/* Stored activity of years from…to; -1 when fine (caller frees *a). */
static int load_activity(cli *c, int from, int to, je_energy_activity **a, size_t *n)
{
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_store_energy_activity(db, from, to, a, n, &err);
    je_db_close(db);
    return st == JE_OK ? -1 : cli_fail(c, st, &err);
}

/* Number cells: whole numbers for tonnes, 4-6 significant digits for ratios. */
static const char *num(char *buf, size_t size, double v, const char *fmt)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, size, fmt, v);
    return buf;
}

static const char *scope_name(je_elec_scope s)
{
    return s == JE_SCOPE_NATIONAL ? "national" : s == JE_SCOPE_REGIONAL ? "regional" : "provincial";
}

static const char *basis_name(je_elec_basis b)
{
    return b == JE_ELEC_EQUAL_VALUE ? "equal-value" : "equivalent";
}

/* ---- energy account ------------------------------------------------------------ */

int cmd_energy_account(cli *c, int argc, char **argv)
{
    eargs a;
    int code = parse(c, "energy account", argc, argv, &a);
    if (code >= 0)
        return code;
    if (!a.o.year)
        return cli_usage_error(c, "energy account", "--year is required");
    je_energy_factors *f = malloc(sizeof *f);
    if (!f)
        return EXIT_RUNTIME;
    je_energy_activity *act = NULL;
    size_t n = 0;
    je_energy_account acc = {0};
    if ((code = load_factors(c, &a, f)) < 0 &&
        (code = load_activity(c, a.o.year - 1, a.o.year, &act, &n)) < 0) {
        je_error err;
        je_status st = je_energy_account_compute(act, n, f, &a.o, &acc, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    if (code < 0) {
        static const char *const names[] = {"jurisdiction",
                                            "district",
                                            "sector",
                                            "year",
                                            "energy_tce",
                                            "fuel_tce",
                                            "elec_tce",
                                            "heat_tce",
                                            "co2_t",
                                            "co2_fuel_t",
                                            "co2_process_t",
                                            "co2_elec_t",
                                            "co2_heat_t",
                                            "elec_mwh",
                                            "gdp_1e4_yuan",
                                            "population",
                                            "tce_per_1e4_yuan",
                                            "co2_t_per_1e4_yuan",
                                            "tce_per_capita",
                                            "co2_t_per_capita",
                                            "energy_yoy",
                                            "co2_yoy",
                                            "intensity_yoy",
                                            "share_of_energy",
                                            "electricity_basis",
                                            "elec_scope",
                                            "factors"};
        enum { NC = sizeof names / sizeof names[0] };
        col_type types[NC];
        for (size_t k = 0; k < NC; k++)
            types[k] = k < 3 || k >= 24 ? COL_TEXT : COL_NUM;
        char title[400], fs[200];
        snprintf(fs, sizeof fs, "%s + %s + %s", f->tce_id, f->co2_id, f->elec_id);
        snprintf(title, sizeof title,
                 "Energy and CO2, %d (electricity %s basis; grid factor %s; factors %s)", a.o.year,
                 basis_name(a.o.basis), scope_name(a.o.scope), fs);
        out_table *t = out_table_new(title, NC, names, types);
        for (size_t i = 0; t && i < acc.n; i++) {
            const je_energy_row *r = &acc.rows[i];
            char b[24][32];
            char yr[8];
            snprintf(yr, sizeof yr, "%d", a.o.year);
            const double v0[] = {r->cur.energy_tce,    r->cur.fuel_tce,     r->cur.elec_tce,
                                 r->cur.heat_tce,      r->cur.co2_t,        r->cur.co2_fuel_t,
                                 r->cur.co2_process_t, r->cur.co2_elec_t,   r->cur.co2_heat_t,
                                 r->cur.elec_mwh,      r->cur.gdp_1e4_yuan, r->cur.population};
            const double v1[] = {r->tce_per_1e4_yuan, r->co2_t_per_1e4_yuan, r->tce_per_capita,
                                 r->co2_t_per_capita, r->energy_yoy,         r->co2_yoy,
                                 r->intensity_yoy,    r->share_of_energy};
            const char *cells[NC] = {r->jurisdiction, r->district, r->sector, yr};
            for (size_t k = 0; k < 12; k++)
                cells[4 + k] = num(b[k], sizeof b[k], v0[k], "%.0f");
            for (size_t k = 0; k < 8; k++)
                cells[16 + k] = num(b[12 + k], sizeof b[12 + k], v1[k], "%.6g");
            cells[24] = basis_name(a.o.basis);
            cells[25] = scope_name(a.o.scope);
            cells[26] = fs;
            out_table_add(t, cells);
        }
        if (t)
            out_table_print(t, c->format, stdout);
        code = t ? EXIT_OK : EXIT_RUNTIME;
        out_table_free(t);
    }
    je_energy_account_free(&acc);
    free(act);
    free(f);
    return code;
}

/* ---- energy barometer ------------------------------------------------------------ */

int cmd_energy_barometer(cli *c, int argc, char **argv)
{
    eargs a;
    int code = parse(c, "energy barometer", argc, argv, &a);
    if (code >= 0)
        return code;
    if (!a.o.year)
        return cli_usage_error(c, "energy barometer", "--year is required");
    je_energy_factors *f = malloc(sizeof *f);
    je_dual_rules *r = malloc(sizeof *r);
    je_energy_activity *act = NULL;
    je_barometer_row *rows = NULL;
    size_t n = 0, nr = 0;
    je_error err;
    code = !f || !r ? EXIT_RUNTIME : -1;
    if (code < 0) {
        je_status st = je_dual_rules_load(a.targets, r, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    if (code < 0 && (code = load_factors(c, &a, f)) < 0 &&
        (code = load_activity(c, 0, 0, &act, &n)) < 0) {
        je_status st = je_barometer_compute(act, n, f, r, a.o.year, &rows, &nr, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    if (code < 0) {
        static const char *const names[] = {"jurisdiction",  "district",        "year",
                                            "elapsed_share", "base_intensity",  "intensity",
                                            "intensity_yoy", "reduction",       "target_reduction",
                                            "progress",      "base_energy_tce", "energy_tce",
                                            "allowance_tce", "used_share",      "intensity_level",
                                            "total_level",   "level",           "drivers",
                                            "targets"};
        enum { NC = sizeof names / sizeof names[0] };
        col_type types[NC];
        for (size_t k = 0; k < NC; k++)
            types[k] = (k >= 2 && k <= 13) ? COL_NUM : COL_TEXT;
        char title[300];
        snprintf(title, sizeof title,
                 "Dual-control barometer %d (%s, period %d-%d, electricity %s basis)", a.o.year,
                 r->id, r->base_year, r->end_year, basis_name(r->basis));
        out_table *t = out_table_new(title, NC, names, types);
        for (size_t i = 0; t && i < nr; i++) {
            const je_barometer_row *x = &rows[i];
            char b[12][32], yr[8], drv[300] = "";
            snprintf(yr, sizeof yr, "%d", x->year);
            const double v[] = {x->elapsed_share, x->base_intensity,      x->intensity,
                                x->intensity_yoy, x->intensity_reduction, x->target_reduction,
                                x->progress,      x->base_energy_tce,     x->energy_tce,
                                x->allowance_tce, x->used_share};
            const char *cells[NC] = {x->jurisdiction, x->district, yr};
            for (size_t k = 0; k < 11; k++)
                cells[3 + k] = num(b[k], sizeof b[k], v[k], k >= 7 && k <= 9 ? "%.0f" : "%.6g");
            for (size_t k = 0; k < x->n_drivers; k++) {
                char one[80];
                snprintf(one, sizeof one, "%s%s +%.0f tce", k ? "; " : "", x->driver_sector[k],
                         x->driver_delta_tce[k]);
                strncat(drv, one, sizeof drv - strlen(drv) - 1);
            }
            cells[14] = je_warning_name(x->intensity_level);
            cells[15] = je_warning_name(x->total_level);
            cells[16] = je_warning_name(x->level);
            cells[17] = drv;
            cells[18] = r->id;
            out_table_add(t, cells);
        }
        if (t)
            out_table_print(t, c->format, stdout);
        code = t ? EXIT_OK : EXIT_RUNTIME;
        out_table_free(t);
    }
    free(rows);
    free(act);
    free(f);
    free(r);
    return code;
}

/* ---- energy pathway ------------------------------------------------------------- */

typedef struct path_out {
    out_table *summary, *series;
} path_out;

static void add_series(out_table *t, const char *scen, const char *jur, const je_kaya_series *s)
{
    for (size_t i = 0; i < s->n; i++) {
        char b[6][32];
        snprintf(b[0], 32, "%d", s->year0 + (int)i);
        snprintf(b[1], 32, "%.0f", s->population[i]);
        snprintf(b[2], 32, "%.0f", s->gdp_1e4_yuan[i]);
        snprintf(b[3], 32, "%.0f", s->energy_tce[i]);
        snprintf(b[4], 32, "%.0f", s->co2_t[i]);
        num(b[5], 32, s->non_fossil_share[i], "%.4f");
        const char *cells[] = {scen, jur, b[0], b[1], b[2], b[3], b[4], b[5]};
        out_table_add(t, cells);
    }
}

/* Peak and LMDI of one series into the summary table. */
static int add_summary(out_table *t, const char *scen, const char *jur, const je_kaya_series *s)
{
    int peaked;
    size_t pk = je_series_peak(s->co2_t, s->n, &peaked);
    size_t e = s->n - 1;
    double x0[4] = {s->population[0], s->gdp_1e4_yuan[0] / s->population[0],
                    s->energy_tce[0] / s->gdp_1e4_yuan[0], s->co2_t[0] / s->energy_tce[0]};
    double xt[4] = {s->population[e], s->gdp_1e4_yuan[e] / s->population[e],
                    s->energy_tce[e] / s->gdp_1e4_yuan[e], s->co2_t[e] / s->energy_tce[e]};
    double d[4] = {NAN, NAN, NAN, NAN};
    je_error err;
    if (je_lmdi_additive(x0, xt, 4, d, &err) != JE_OK)
        d[0] = d[1] = d[2] = d[3] = NAN; /* zero CO2 at the end: no log-mean */
    char b[12][32];
    snprintf(b[0], 32, "%d", s->year0);
    snprintf(b[1], 32, "%.0f", s->co2_t[0]);
    snprintf(b[2], 32, "%d", s->year0 + (int)pk);
    snprintf(b[3], 32, "%.0f", s->co2_t[pk]);
    snprintf(b[4], 32, "%d", s->year0 + (int)e);
    snprintf(b[5], 32, "%.0f", s->co2_t[e]);
    for (int k = 0; k < 4; k++)
        num(b[6 + k], 32, d[k], "%.0f");
    snprintf(b[10], 32, "%.0f", s->co2_t[e] - s->co2_t[0]);
    const char *cells[] = {scen, jur,  b[0], b[1], b[2], b[3], peaked ? "yes" : "no",
                           b[4], b[5], b[6], b[7], b[8], b[9], b[10]};
    return out_table_add(t, cells);
}

static void sum_series(je_kaya_series *j, const je_kaya_series *s, int first)
{
    if (first) {
        *j = *s;
        for (size_t i = 0; i < s->n; i++) /* energy-weighted below */
            j->non_fossil_share[i] = s->non_fossil_share[i] * s->energy_tce[i];
        return;
    }
    for (size_t i = 0; i < s->n && i < j->n; i++) {
        j->population[i] += s->population[i];
        j->gdp_1e4_yuan[i] += s->gdp_1e4_yuan[i];
        j->energy_tce[i] += s->energy_tce[i];
        j->co2_t[i] += s->co2_t[i];
        j->non_fossil_share[i] += s->non_fossil_share[i] * s->energy_tce[i];
    }
}

static int write_series(cli *c, const out_table *t, const char *path)
{
    size_t len = strlen(path);
    out_format fmt = len > 5 && strcmp(path + len - 5, ".json") == 0 ? OUT_JSON : OUT_CSV;
    FILE *fp = fopen(path, "w");
    if (!fp) {
        je_error err;
        je_error_set(&err, JE_EIO, "cannot write %s", path);
        return cli_fail(c, JE_EIO, &err);
    }
    out_table_print(t, fmt, fp);
    return fclose(fp) == 0 ? -1 : EXIT_RUNTIME;
}

static int run_pathway(cli *c, const eargs *a, const je_pathway_file *pf,
                       const je_energy_account *acc, path_out *po)
{
    je_kaya_series *s = malloc(sizeof *s), *joint = malloc(sizeof *joint);
    int code = s && joint ? -1 : EXIT_RUNTIME;
    for (size_t k = 0; code < 0 && k < pf->n_scenarios; k++) {
        const je_pathway_scenario *sc = &pf->scenarios[k];
        for (size_t j = 0; code < 0 && j < sc->n; j++) {
            const je_energy_row *r = NULL;
            for (size_t i = 0; i < acc->n; i++)
                if (strcmp(acc->rows[i].jurisdiction, sc->jurisdiction[j]) == 0)
                    r = &acc->rows[i];
            je_error err;
            if (!r) {
                je_error_set(&err, JE_ENOTFOUND, "no activity data of %s for the base year %d",
                             sc->jurisdiction[j], pf->base_year);
                code = cli_fail(c, JE_ENOTFOUND, &err);
                break;
            }
            je_kaya_base b = {pf->base_year, r->cur.population, r->cur.gdp_1e4_yuan,
                              r->cur.energy_tce, r->cur.co2_t};
            je_status st = je_kaya_project(&b, &sc->params[j], pf->end_year, s, &err);
            if (st != JE_OK) {
                code = cli_fail(c, st, &err);
                break;
            }
            sum_series(joint, s, j == 0);
            add_summary(po->summary, sc->name, sc->jurisdiction[j], s);
            add_series(po->series, sc->name, sc->jurisdiction[j], s);
        }
        if (code < 0 && sc->n > 1) {
            for (size_t i = 0; i < joint->n; i++)
                joint->non_fossil_share[i] /= joint->energy_tce[i];
            add_summary(po->summary, sc->name, "joint", joint);
            add_series(po->series, sc->name, "joint", joint);
        }
    }
    (void)a;
    free(s);
    free(joint);
    return code;
}

int cmd_energy_pathway(cli *c, int argc, char **argv)
{
    eargs a;
    int code = parse(c, "energy pathway", argc, argv, &a);
    if (code >= 0)
        return code;
    if (!a.scenario)
        return cli_usage_error(c, "energy pathway", "--scenario FILE is required");
    if (strcmp(a.show, "summary") != 0 && strcmp(a.show, "series") != 0)
        return cli_usage_error(c, "energy pathway", "--show must be summary or series");
    je_pathway_file *pf = malloc(sizeof *pf);
    je_energy_factors *f = malloc(sizeof *f);
    je_energy_activity *act = NULL;
    size_t n = 0;
    je_energy_account acc = {0};
    je_error err;
    code = pf && f ? -1 : EXIT_RUNTIME;
    if (code < 0) {
        je_status st = je_pathway_load(a.scenario, pf, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    if (code < 0 && (code = load_factors(c, &a, f)) < 0 &&
        (code = load_activity(c, pf->base_year - 1, pf->base_year, &act, &n)) < 0) {
        a.o.year = pf->base_year;
        a.o.by = JE_BY_JURISDICTION;
        je_status st = je_energy_account_compute(act, n, f, &a.o, &acc, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    path_out po = {NULL, NULL};
    if (code < 0) {
        static const char *const sn[] = {"scenario",
                                         "jurisdiction",
                                         "base_year",
                                         "base_co2_t",
                                         "peak_year",
                                         "peak_co2_t",
                                         "peaked",
                                         "end_year",
                                         "end_co2_t",
                                         "lmdi_population_t",
                                         "lmdi_gdp_per_capita_t",
                                         "lmdi_energy_intensity_t",
                                         "lmdi_carbon_intensity_t",
                                         "change_co2_t"};
        static const col_type st_[] = {COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_NUM,
                                       COL_NUM,  COL_TEXT, COL_NUM, COL_NUM, COL_NUM,
                                       COL_NUM,  COL_NUM,  COL_NUM, COL_NUM};
        static const char *const rn[] = {"scenario",   "jurisdiction",    "year",
                                         "population", "gdp_1e4_yuan",    "energy_tce",
                                         "co2_t",      "non_fossil_share"};
        static const col_type rt[] = {COL_TEXT, COL_TEXT, COL_NUM, COL_NUM,
                                      COL_NUM,  COL_NUM,  COL_NUM, COL_NUM};
        char title[300];
        snprintf(title, sizeof title,
                 "Carbon-peak pathway %s, %d-%d (Kaya; LMDI-I, Ang 2005; electricity %s; %s)",
                 pf->id, pf->base_year, pf->end_year, basis_name(a.o.basis), f->co2_id);
        po.summary = out_table_new(title, 14, sn, st_);
        po.series = out_table_new(NULL, 8, rn, rt);
        code = po.summary && po.series ? run_pathway(c, &a, pf, &acc, &po) : EXIT_RUNTIME;
    }
    if (code < 0 && a.series)
        code = write_series(c, po.series, a.series);
    if (code < 0) {
        out_table_print(strcmp(a.show, "series") == 0 ? po.series : po.summary, c->format, stdout);
        code = EXIT_OK;
    }
    out_table_free(po.summary);
    out_table_free(po.series);
    je_energy_account_free(&acc);
    free(act);
    free(f);
    free(pf);
    return code;
}

/* ---- coal units and plans --------------------------------------------------------- */

static int load_units(cli *c, const char *jur, je_coal_unit **u, size_t *n)
{
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_store_coal_units(db, jur, u, n, &err);
    je_db_close(db);
    return st == JE_OK ? -1 : cli_fail(c, st, &err);
}

int cmd_coal_units(cli *c, int argc, char **argv)
{
    eargs a;
    int code = parse(c, "coal units", argc, argv, &a);
    if (code >= 0)
        return code;
    je_energy_factors *f = malloc(sizeof *f);
    je_coal_unit *u = NULL;
    size_t n = 0;
    code = f ? -1 : EXIT_RUNTIME;
    if (code < 0 && (code = load_factors(c, &a, f)) < 0 &&
        (code = load_units(c, a.jur, &u, &n)) < 0) {
        static const char *const names[] = {
            "code",       "plant",        "jurisdiction",   "capacity_mw", "commissioned",
            "technology", "coal_gce_kwh", "generation_mwh", "status",      "co2_t"};
        static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM,  COL_NUM,
                                         COL_TEXT, COL_NUM,  COL_NUM,  COL_TEXT, COL_NUM};
        out_table *t = out_table_new(NULL, 10, names, types);
        for (size_t i = 0; t && i < n; i++) {
            char b[5][32];
            double co2 = NAN;
            je_coal_unit_co2(&u[i], f, &co2, NULL);
            snprintf(b[0], 32, "%g", u[i].capacity_mw);
            snprintf(b[1], 32, "%d", u[i].commissioned);
            snprintf(b[2], 32, "%g", u[i].coal_gce_kwh);
            snprintf(b[3], 32, "%.0f", u[i].generation_mwh);
            num(b[4], 32, co2, "%.0f");
            const char *cells[] = {u[i].code, u[i].plant, u[i].jurisdiction,
                                   b[0],      b[1],       u[i].technology,
                                   b[2],      b[3],       je_unit_status_name(u[i].status),
                                   b[4]};
            out_table_add(t, cells);
        }
        if (t)
            out_table_print(t, c->format, stdout);
        code = t ? EXIT_OK : EXIT_RUNTIME;
        out_table_free(t);
    }
    free(u);
    free(f);
    return code;
}

static void plan_rows(out_table *t, const char *show, const je_coal_plan *p, const je_coal_unit *u,
                      size_t n)
{
    const char *m = je_coal_method_name(p->method);
    char b[8][32];
    if (strcmp(show, "summary") == 0) {
        snprintf(b[0], 32, "%.0f", p->retired_mw);
        snprintf(b[1], 32, "%.0f", p->stranded_mw_years);
        snprintf(b[2], 32, "%.0f", p->co2_avoided_t);
        const char *cells[] = {m, p->feasible ? "yes" : "no", b[0], b[1], b[2], p->infeasible};
        out_table_add(t, cells);
    } else if (strcmp(show, "years") == 0) {
        for (size_t k = 0; k < p->n_years; k++) {
            const je_coal_plan_year *y = &p->years[k];
            snprintf(b[0], 32, "%d", y->year);
            snprintf(b[1], 32, "%.0f", y->capacity_mw);
            snprintf(b[2], 32, "%.0f", y->co2_t);
            snprintf(b[3], 32, "%.0f", y->firm_mw);
            snprintf(b[4], 32, "%.0f", y->required_firm_mw);
            snprintf(b[5], 32, "%.0f", y->retired_mw);
            const char *cells[] = {m, b[0], b[1], b[2], b[3], b[4], b[5]};
            out_table_add(t, cells);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            if (!p->retire_year[i])
                continue;
            snprintf(b[0], 32, "%d", p->retire_year[i]);
            snprintf(b[1], 32, "%g", u[i].capacity_mw);
            snprintf(b[2], 32, "%d", u[i].commissioned);
            snprintf(b[3], 32, "%g", u[i].coal_gce_kwh);
            const char *cells[] = {m, u[i].code, u[i].jurisdiction, b[1], b[2], b[3], b[0]};
            out_table_add(t, cells);
        }
    }
}

static out_table *plan_table(const char *show, const je_coal_target *tg)
{
    static const char *const sn[] = {
        "method", "feasible", "retired_mw", "stranded_mw_years", "co2_avoided_t", "infeasible"};
    static const col_type st_[] = {COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_NUM, COL_TEXT};
    static const char *const yn[] = {
        "method", "year", "capacity_mw", "co2_t", "firm_mw", "required_firm_mw", "retired_mw"};
    static const col_type yt[] = {COL_TEXT, COL_NUM, COL_NUM, COL_NUM, COL_NUM, COL_NUM, COL_NUM};
    static const char *const un[] = {"method",       "code",         "jurisdiction", "capacity_mw",
                                     "commissioned", "coal_gce_kwh", "retire_year"};
    static const col_type ut[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_NUM, COL_NUM};
    char title[200];
    snprintf(title, sizeof title, "Coal retirement plan, target %s (reserve %.0f %%, firm %.2f)",
             tg->id, tg->reserve_margin * 100, tg->firm_factor);
    if (strcmp(show, "summary") == 0)
        return out_table_new(title, 6, sn, st_);
    if (strcmp(show, "years") == 0)
        return out_table_new(title, 7, yn, yt);
    return out_table_new(title, 7, un, ut);
}

int cmd_coal_plan(cli *c, int argc, char **argv)
{
    eargs a;
    int code = parse(c, "coal plan", argc, argv, &a);
    if (code >= 0)
        return code;
    if (!a.target)
        return cli_usage_error(c, "coal plan", "--target FILE is required");
    if (strcmp(a.show, "summary") && strcmp(a.show, "years") && strcmp(a.show, "units"))
        return cli_usage_error(c, "coal plan", "--show must be summary, years or units");
    je_coal_method methods[3] = {JE_COAL_MILP, JE_COAL_BY_AGE, JE_COAL_BY_EFFICIENCY};
    size_t nm = 3;
    if (strcmp(a.method, "all") != 0) {
        nm = 1;
        if (strcmp(a.method, "milp") == 0)
            methods[0] = JE_COAL_MILP;
        else if (strcmp(a.method, "by-age") == 0)
            methods[0] = JE_COAL_BY_AGE;
        else if (strcmp(a.method, "by-efficiency") == 0)
            methods[0] = JE_COAL_BY_EFFICIENCY;
        else
            return cli_usage_error(c, "coal plan",
                                   "--method must be all, milp, by-age or by-efficiency");
    }
    je_energy_factors *f = malloc(sizeof *f);
    je_coal_target tg;
    je_coal_unit *u = NULL;
    size_t n = 0;
    je_error err;
    code = f ? -1 : EXIT_RUNTIME;
    if (code < 0) {
        je_status st = je_coal_target_load(a.target, &tg, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    if (code < 0 && (code = load_factors(c, &a, f)) < 0)
        code = load_units(c, NULL, &u, &n);
    out_table *t = code < 0 ? plan_table(a.show, &tg) : NULL;
    int infeasible = 0;
    for (size_t k = 0; code < 0 && t && k < nm; k++) {
        je_coal_plan p;
        je_status st = je_coal_plan_compute(u, n, f, &tg, methods[k], &p, &err);
        if (st != JE_OK) {
            code = cli_fail(c, st, &err);
            break;
        }
        plan_rows(t, a.show, &p, u, n);
        if (!p.feasible && k == 0) {
            infeasible = 1;
            fprintf(stderr, "%s: target %s cannot be met (%s): %s\n", c->prog, tg.id,
                    je_coal_method_name(p.method), p.infeasible);
        }
        je_coal_plan_free(&p);
    }
    if (code < 0 && t) {
        out_table_print(t, c->format, stdout);
        code = infeasible ? EXIT_BADDATA : EXIT_OK;
    } else if (code < 0)
        code = EXIT_RUNTIME;
    out_table_free(t);
    free(u);
    free(f);
    return code;
}

/* ---- clean-energy corridor ------------------------------------------------------- */

const char renewables_usage[] =
    "FILE columns: code,name,jurisdiction,district,kind,capacity_mw,commissioned,lon,lat,\n"
    "  generation_mwh\n"
    "  kind: hydro|wind|solar|biomass; capacity 0.1-30000 MW; commissioned: year;\n"
    "  lon/lat WGS 84; generation_mwh: annual in a normal year, at most capacity x 8784 h.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update installations that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n";

const char energy_nonfossil_usage[] =
    "Options:\n"
    "  --year Y             the year (required)\n"
    "  --targets FILE       non-fossil share targets (default\n"
    "                       rules/energy-nonfossil-targets-chengyu.json; illustrative)\n"
    "  --tce-factors FILE   standard-coal file (its coal rate of the year is used)\n\n"
    "Per jurisdiction: renewable capacity in operation by kind (commissioned by the year),\n"
    "its generation, the share of end-use electricity it covers, its standard coal by the\n"
    "year's coal rate (substitution method) and its share of total energy on the\n"
    "equal-value basis, with the nearest target at or after the year. Local generation\n"
    "exported elsewhere counts here: a corridor figure, not the official statistic.\n";

int cmd_import_renewables(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_renewables);
}

static int load_renewables(cli *c, je_renewable **re, size_t *n)
{
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_store_renewables(db, NULL, re, n, &err);
    je_db_close(db);
    return st == JE_OK ? -1 : cli_fail(c, st, &err);
}

int cmd_energy_nonfossil(cli *c, int argc, char **argv)
{
    eargs a;
    int code = parse(c, "energy nonfossil", argc, argv, &a);
    if (code >= 0)
        return code;
    if (!a.o.year)
        return cli_usage_error(c, "energy nonfossil", "--year is required");
    char tbuf[1024];
    if (strcmp(a.targets, a.tgt_buf) == 0) /* not given: the corridor's own default */
        a.targets = cli_data_path("rules/energy-nonfossil-targets-chengyu.json", tbuf, sizeof tbuf);
    je_energy_factors *f = malloc(sizeof *f);
    je_nonfossil_targets *tg = malloc(sizeof *tg);
    je_renewable *re = NULL;
    je_energy_activity *act = NULL;
    je_nonfossil_row *rows = NULL;
    size_t nre = 0, na = 0, nr = 0;
    je_error err;
    code = f && tg ? -1 : EXIT_RUNTIME;
    if (code < 0) {
        je_status st = je_nonfossil_targets_load(a.targets, tg, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    if (code < 0 && (code = load_factors(c, &a, f)) < 0 &&
        (code = load_renewables(c, &re, &nre)) < 0 &&
        (code = load_activity(c, a.o.year, a.o.year, &act, &na)) < 0) {
        je_status st = je_nonfossil_compute(re, nre, act, na, f, tg, a.o.year, &rows, &nr, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    if (code < 0) {
        static const char *const names[] = {"jurisdiction",
                                            "year",
                                            "hydro_mw",
                                            "wind_mw",
                                            "solar_mw",
                                            "biomass_mw",
                                            "generation_mwh",
                                            "elec_mwh",
                                            "share_of_electricity",
                                            "nonfossil_tce",
                                            "energy_tce",
                                            "share_of_energy",
                                            "target_year",
                                            "target_share_of_energy",
                                            "target_share_of_electricity"};
        col_type types[15];
        for (int k = 0; k < 15; k++)
            types[k] = k == 0 ? COL_TEXT : COL_NUM;
        char title[200];
        snprintf(title, sizeof title, "Non-fossil shares %d (targets %s; equal-value basis)",
                 a.o.year, tg->id);
        out_table *t = out_table_new(title, 15, names, types);
        for (size_t i = 0; t && i < nr; i++) {
            const je_nonfossil_row *r = &rows[i];
            char b[14][32];
            snprintf(b[0], 32, "%d", r->year);
            for (int k = 0; k < JE_RE_COUNT; k++)
                snprintf(b[1 + k], 32, "%.1f", r->capacity_mw[k]);
            num(b[5], 32, r->generation_mwh, "%.0f");
            num(b[6], 32, r->elec_mwh, "%.0f");
            num(b[7], 32, r->share_of_electricity, "%.4f");
            num(b[8], 32, r->nonfossil_tce, "%.0f");
            num(b[9], 32, r->energy_tce, "%.0f");
            num(b[10], 32, r->share_of_energy, "%.4f");
            num(b[11], 32, r->target_year ? (double)r->target_year : NAN, "%.0f");
            num(b[12], 32, r->target_share_of_energy, "%.4f");
            num(b[13], 32, r->target_share_of_electricity, "%.4f");
            const char *cells[15] = {r->jurisdiction};
            for (int k = 0; k < 14; k++)
                cells[1 + k] = b[k];
            out_table_add(t, cells);
        }
        if (t)
            out_table_print(t, c->format, stdout);
        code = t ? EXIT_OK : EXIT_RUNTIME;
        out_table_free(t);
    }
    free(rows);
    free(act);
    free(re);
    free(tg);
    free(f);
    return code;
}

/* ---- cleaner-production audits ---------------------------------------------------- */

const char cp_audits_usage[] =
    "FILE columns: enterprise,name,jurisdiction,sector,kind,stage,listed_on,stage_since,\n"
    "  certificate,level,expires_on,investment_1e4_yuan,savings_tce,savings_water_t,\n"
    "  co2_reduction_t\n"
    "  kind: mandatory|voluntary; stage: listed|started|pre-assessment|options|\n"
    "  implementation|acceptance|certified|renewal-due; dates YYYY-MM-DD; certificate,\n"
    "  level and expires_on for (and only for) certified and renewal-due audits.\n\n"
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
    "Usage: jointenv audits show ENTERPRISE [--today D] [--rules FILE]\n";
const char audits_update_usage[] =
    "Usage: jointenv audits update ENTERPRISE --stage S [--date D]\n"
    "       [--certificate N --level L --expires D]\n\n"
    "Moves an audit to its next stage (listed > started > pre-assessment > options >\n"
    "implementation > acceptance > certified > renewal-due > started). Certifying needs\n"
    "the certificate number, level and expiry. Logged in the audit log (before, after).\n";
const char audits_summary_usage[] =
    "Options:\n" AUDIT_OPTIONS
    "\nPer jurisdiction and sector: audits, mandatory, certified, overdue, expiring,\n"
    "expired, and the investment and savings of the options implemented.\n";

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
                                        "co2_reduction_t"};
    col_type types[16];
    for (int k = 0; k < 16; k++)
        types[k] = k >= 12 ? COL_NUM : COL_TEXT;
    out_table *t = out_table_new(NULL, 16, names, types);
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
                               v[3]};
        out_table_add(t, cells);
        shown++;
    }
    if (only_one && shown == 0) {
        je_error err;
        je_error_set(&err, JE_ENOTFOUND, "no cleaner-production audit for enterprise %s",
                     a->enterprise);
        code = cli_fail(c, JE_ENOTFOUND, &err);
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
    if (t && done)
        out_table_print(t, c->format, stdout);
    code = t && done ? EXIT_OK : EXIT_RUNTIME;
    out_table_free(t);
    free(done);
    free(au);
    return code;
}
