/*
 * cmd_energy.c — jointenv import energy-activity|renewables, energy account|barometer|
 * pathway|nonfossil: energy and carbon accounts (published as runs), the dual-control
 * barometer, the carbon-peak pathway and the clean-energy corridor (docs/energy.md).
 * Coal units are in cmd_coal.c, cleaner-production audits in cmd_audits.c.
 */
#include "cli/cli.h"
#include "cli/energy_cli.h"

#include "jointenv/energy.h"
#include "jointenv/run.h"

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
    "the change on the year before. Every row states the basis and factor sets used.\n\n"
    "  --publish            also record the account as a run: the SHA-256 of its inputs\n"
    "                       (the activity records of the year and the year before), of\n"
    "                       the three factor files and of its output, so that 'jointenv\n"
    "                       run verify ID' recomputes it later and names what changed.\n"
    "                       Needs an analyst or admin role.\n";

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

int cmd_import_energy_activity(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_energy_activity);
}

/* ---- energy account ------------------------------------------------------------ */

/* energy account --publish: record the account as a run (energy.h, run.h). */
static int publish_account(cli *c, const eargs *a)
{
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_energy_publish p = {a->o, a->tce, a->co2, a->elecf};
    int64_t id = 0;
    je_error err;
    je_status st = je_energy_account_publish(db, &p, &id, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    fprintf(stderr,
            "%s: published the %d account as run %lld ('jointenv run verify %lld' recomputes "
            "it from the data and compares)\n",
            c->prog, a->o.year, (long long)id, (long long)id);
    return EXIT_OK;
}

int cmd_energy_account(cli *c, int argc, char **argv)
{
    eargs a;
    int code = energy_parse(c, "energy account", argc, argv, &a);
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
    if ((code = energy_load_factors(c, &a, f)) < 0 &&
        (code = energy_load_activity(c, a.o.year - 1, a.o.year, &act, &n)) < 0) {
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
                 energy_basis_name(a.o.basis), energy_scope_name(a.o.scope), fs);
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
                cells[4 + k] = energy_num(b[k], sizeof b[k], v0[k], "%.0f");
            for (size_t k = 0; k < 8; k++)
                cells[16 + k] = energy_num(b[12 + k], sizeof b[12 + k], v1[k], "%.6g");
            cells[24] = energy_basis_name(a.o.basis);
            cells[25] = energy_scope_name(a.o.scope);
            cells[26] = fs;
            out_table_add(t, cells);
        }
        if (t)
            out_table_print(t, c->format, stdout);
        code = t ? EXIT_OK : EXIT_RUNTIME;
        out_table_free(t);
    }
    if (code == EXIT_OK && a.publish)
        code = publish_account(c, &a);
    je_energy_account_free(&acc);
    free(act);
    free(f);
    return code;
}

/* ---- energy barometer ------------------------------------------------------------ */

int cmd_energy_barometer(cli *c, int argc, char **argv)
{
    eargs a;
    int code = energy_parse(c, "energy barometer", argc, argv, &a);
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
    if (code < 0 && (code = energy_load_factors(c, &a, f)) < 0 &&
        (code = energy_load_activity(c, 0, 0, &act, &n)) < 0) {
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
                 r->id, r->base_year, r->end_year, energy_basis_name(r->basis));
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
                cells[3 + k] = energy_num(b[k], sizeof b[k], v[k], k >= 7 && k <= 9 ? "%.0f" : "%.6g");
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
        energy_num(b[5], 32, s->non_fossil_share[i], "%.4f");
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
        energy_num(b[6 + k], 32, d[k], "%.0f");
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
    int code = energy_parse(c, "energy pathway", argc, argv, &a);
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
    if (code < 0 && (code = energy_load_factors(c, &a, f)) < 0 &&
        (code = energy_load_activity(c, pf->base_year - 1, pf->base_year, &act, &n)) < 0) {
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
                 pf->id, pf->base_year, pf->end_year, energy_basis_name(a.o.basis), f->co2_id);
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
    int code = energy_parse(c, "energy nonfossil", argc, argv, &a);
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
    if (code < 0 && (code = energy_load_factors(c, &a, f)) < 0 &&
        (code = load_renewables(c, &re, &nre)) < 0 &&
        (code = energy_load_activity(c, a.o.year, a.o.year, &act, &na)) < 0) {
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
            energy_num(b[5], 32, r->generation_mwh, "%.0f");
            energy_num(b[6], 32, r->elec_mwh, "%.0f");
            energy_num(b[7], 32, r->share_of_electricity, "%.4f");
            energy_num(b[8], 32, r->nonfossil_tce, "%.0f");
            energy_num(b[9], 32, r->energy_tce, "%.0f");
            energy_num(b[10], 32, r->share_of_energy, "%.4f");
            energy_num(b[11], 32, r->target_year ? (double)r->target_year : NAN, "%.0f");
            energy_num(b[12], 32, r->target_share_of_energy, "%.4f");
            energy_num(b[13], 32, r->target_share_of_electricity, "%.4f");
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


/* ---- run verify for published accounts ------------------------------------------- */

int cli_energy_run_verify(cli *c, int64_t id)
{
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_error err;
    je_energy_verify *v = malloc(sizeof *v);
    je_status st =
        v ? je_energy_run_verify(db, id, v, &err) : je_error_set(&err, JE_ENOMEM, "out of memory");
    je_db_close(db);
    if (st != JE_OK) {
        free(v);
        return cli_fail(c, st, &err);
    }
    static const char *const names[] = {"field", "value"};
    out_table *t = out_table_new("Verification (energy account)", 2, names, NULL);
    char buf[300];
    const char *rows[][2] = {
        {"run", NULL},
        {"verdict", v->identical ? "identical: the output bytes are the same"
                                 : "DIFFERENT: the output bytes have changed"},
    };
    snprintf(buf, sizeof buf, "%lld", (long long)id);
    rows[0][1] = buf;
    for (size_t k = 0; t && k < 2; k++)
        out_table_add(t, rows[k]);
    struct {
        const char *field;
        int changed;
        const char *stored, *now;
    } cmp[] = {{"factors", v->rules_changed, v->stored_rules, v->now_rules},
               {"inputs", v->inputs_changed, v->stored_input, v->now_input},
               {"output", !v->identical, v->stored_output, v->now_output}};
    for (size_t k = 0; t && k < 3; k++) {
        snprintf(buf, sizeof buf, "%s (stored %.16s, now %.16s)",
                 cmp[k].changed ? "changed" : "unchanged", cmp[k].stored, cmp[k].now);
        const char *cells[2] = {cmp[k].field, buf};
        out_table_add(t, cells);
    }
    const char *lists[2][2] = {{"input_change", v->changes}, {"output_change", v->output_changes}};
    for (int l = 0; t && l < 2; l++)
        for (char *line = strtok((char *)lists[l][1], "\n"); line; line = strtok(NULL, "\n")) {
            const char *cells[2] = {lists[l][0], line};
            out_table_add(t, cells);
        }
    if (t)
        out_table_print(t, c->format, stdout);
    int code = t == NULL ? EXIT_RUNTIME : v->identical ? EXIT_OK : EXIT_BADDATA;
    out_table_free(t);
    free(v);
    return code;
}
