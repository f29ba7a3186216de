/*
 * energy_opts.c — the options and loaders the energy and coal commands share
 * (cli/energy_cli.h).
 */
#include "cli/cli.h"
#include "cli/energy_cli.h"

#include "jointenv/energy.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


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
    O_JUR,
    O_PUBLISH
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
                                         {"publish", no_argument, NULL, O_PUBLISH},
                                         {NULL, 0, NULL, 0}};


/* Parse the options of `cmd` (allowed: a string of the option letters' ids is overkill;
 * every command takes the common set and ignores what it does not use). -1 when fine. */
int energy_parse(cli *c, const char *cmd, int argc, char **argv, eargs *a)
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
        case O_PUBLISH:
            if (strcmp(cmd, "energy account") != 0)
                return cli_usage_error(c, cmd, "--publish is an option of energy account");
            a->publish = 1;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    return -1;
}

int energy_load_factors(cli *c, const eargs *a, je_energy_factors *f)
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
int energy_load_activity(cli *c, int from, int to, je_energy_activity **a, size_t *n)
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
const char *energy_num(char *buf, size_t size, double v, const char *fmt)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, size, fmt, v);
    return buf;
}

const char *energy_scope_name(je_elec_scope s)
{
    return s == JE_SCOPE_NATIONAL ? "national" : s == JE_SCOPE_REGIONAL ? "regional" : "provincial";
}

const char *energy_basis_name(je_elec_basis b)
{
    return b == JE_ELEC_EQUAL_VALUE ? "equal-value" : "equivalent";
}


void energy_print_tables(cli *c, out_table *const *t, const char *const *keys, size_t n)
{
    if (c->format == OUT_JSON) {
        json_t *doc = json_object();
        for (size_t k = 0; doc && k < n; k++)
            if (t[k])
                json_object_set_new(doc, keys[k], out_table_json(t[k]));
        if (doc)
            json_dumpf(doc, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(doc);
        return;
    }
    int first = 1;
    for (size_t k = 0; k < n; k++) {
        if (!t[k])
            continue;
        if (!first && c->format == OUT_TABLE)
            fputc('\n', stdout);
        out_table_print(t[k], c->format, stdout);
        first = 0;
    }
}

const char *energy_yuan(char *buf, size_t size, int64_t fen)
{
    snprintf(buf, size, "%s%lld.%02lld", fen < 0 ? "-" : "", (long long)(llabs(fen) / 100),
             (long long)(llabs(fen) % 100));
    return buf;
}
