/*
 * cmd_coal.c — jointenv import coal-units, coal units|plan: the coal power unit
 * registry and retirement planning (docs/energy.md §5).
 */
#include "cli/cli.h"
#include "cli/energy_cli.h"

#include "jointenv/energy.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char coal_units_usage[] =
    "FILE columns: code,plant,jurisdiction,capacity_mw,commissioned,technology,\n"
    "  coal_gce_kwh,generation_mwh,status\n"
    "  capacity 1-2000 MW; commissioned: year; coal_gce_kwh: supply coal consumption\n"
    "  200-500 gce/kWh; generation_mwh: annual, at most capacity x 8784 h; status\n"
    "  operating|retired|mothballed|construction.\n"
    "  Optional column enterprise_code: the owner's unified social credit code (GB 32100,\n"
    "  checked) in the enterprise registry (jointenv import enterprises); without the\n"
    "  column --replace keeps a unit's link.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update units that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n";

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

int cmd_import_coal_units(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_coal_units);
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
    int code = energy_parse(c, "coal units", argc, argv, &a);
    if (code >= 0)
        return code;
    je_energy_factors *f = malloc(sizeof *f);
    je_coal_unit *u = NULL;
    size_t n = 0;
    code = f ? -1 : EXIT_RUNTIME;
    if (code < 0 && (code = energy_load_factors(c, &a, f)) < 0 &&
        (code = load_units(c, a.jur, &u, &n)) < 0) {
        static const char *const names[] = {
            "code",       "plant",        "jurisdiction",   "capacity_mw", "commissioned",
            "technology", "coal_gce_kwh", "generation_mwh", "status",      "co2_t",
            "enterprise_code"};
        static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM,  COL_NUM,  COL_TEXT,
                                         COL_NUM,  COL_NUM,  COL_TEXT, COL_NUM,  COL_TEXT};
        out_table *t = out_table_new(NULL, 11, names, types);
        for (size_t i = 0; t && i < n; i++) {
            char b[5][32];
            double co2 = NAN;
            je_coal_unit_co2(&u[i], f, &co2, NULL);
            snprintf(b[0], 32, "%g", u[i].capacity_mw);
            snprintf(b[1], 32, "%d", u[i].commissioned);
            snprintf(b[2], 32, "%g", u[i].coal_gce_kwh);
            snprintf(b[3], 32, "%.0f", u[i].generation_mwh);
            energy_num(b[4], 32, co2, "%.0f");
            const char *cells[] = {u[i].code, u[i].plant, u[i].jurisdiction,
                                   b[0],      b[1],       u[i].technology,
                                   b[2],      b[3],       je_unit_status_name(u[i].status),
                                   b[4],      u[i].enterprise_code};
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
    int code = energy_parse(c, "coal plan", argc, argv, &a);
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
    if (code < 0 && (code = energy_load_factors(c, &a, f)) < 0)
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

