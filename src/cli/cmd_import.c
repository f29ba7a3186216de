/*
 * cmd_import.c — jointenv init, demo and import *.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef JE_DATA_DIR
#define JE_DATA_DIR "data"
#endif

void cli_print_diag(const je_diag *d)
{
    char buf[1024];
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "%s\n", je_error_format(&d->items[i], buf, sizeof buf));
    if (d->total > d->count)
        fprintf(stderr, "... and %zu more error(s) not shown (--max-errors N shows more)\n",
                d->total - d->count);
}

int cli_run_import(cli *c, je_db *db, import_fn fn, const char *path, const je_import_opts *o,
                   int quiet)
{
    je_import_report rep;
    je_error err;
    je_error_clear(&err);
    je_import_opts opts = *o;
    opts.progress = cli_progress;
    opts.progress_ctx = c;
    je_status st = fn(db, path, &opts, &rep, &err);
    cli_progress_done(c);
    int code;
    if (st == JE_EDATA && rep.errors.total > 0) {
        cli_print_diag(&rep.errors);
        fprintf(stderr,
                "%s: rejected: %zu error(s) in %zu data row(s); nothing was imported, the "
                "database is unchanged. Fix the rows above and import the file again.\n",
                path, rep.errors.total, rep.rows);
        code = EXIT_BADDATA;
    } else if (st != JE_OK) {
        code = cli_fail(c, st, &err);
    } else {
        if (!quiet) {
            if (o->dry_run)
                printf("%s: valid, %zu row(s) would import (%zu new, %zu updated); dry run, "
                       "nothing written\n",
                       path, rep.rows, rep.inserted, rep.updated);
            else
                printf("%s: imported %zu row(s): %zu new, %zu updated (batch %lld, sha256 "
                       "%.16s...)\n",
                       path, rep.rows, rep.inserted, rep.updated, (long long)rep.batch_id,
                       rep.sha256);
        }
        code = EXIT_OK;
    }
    je_import_report_free(&rep);
    return code;
}

int cli_import_cmd(cli *c, int argc, char **argv, import_fn fn)
{
    static const struct option longopts[] = {{"dry-run", no_argument, NULL, 'n'},
                                             {"replace", no_argument, NULL, 'r'},
                                             {"max-errors", required_argument, NULL, 'm'},
                                             {NULL, 0, NULL, 0}};
    char cmd[64];
    snprintf(cmd, sizeof cmd, "import %s", argv[0]);
    je_import_opts o = {0};
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'n':
            o.dry_run = 1;
            break;
        case 'r':
            o.replace = 1;
            break;
        case 'm': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1)
                return cli_usage_error(c, cmd, "--max-errors needs a positive number");
            o.max_errors = (size_t)v;
            break;
        }
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error(c, cmd, optind >= argc ? "missing FILE" : "one FILE at a time");
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    int code = cli_run_import(c, db, fn, argv[optind], &o, 0);
    je_db_close(db);
    return code;
}

int cmd_import_jurisdictions(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_jurisdictions);
}

int cmd_import_sections(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_sections);
}

int cmd_import_water_samples(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_water_samples);
}

int cmd_import_air_stations(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_air_stations);
}

int cmd_import_air_hourly(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_air_hourly);
}

const char *cli_data_path(const char *rel, char *buf, size_t size)
{
    const char *env = getenv("JOINTENV_DATA");
    snprintf(buf, size, "%s/%s", env && *env ? env : JE_DATA_DIR, rel);
    return buf;
}

int cmd_init(cli *c, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage_error(c, "init", "unexpected argument '%s'", argv[1]);
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    printf("%s: jointenv database, schema version %d\n", c->db_path, je_db_schema_version(db));
    je_db_close(db);
    return EXIT_OK;
}

int cmd_demo(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
                                             {NULL, 0, NULL, 0}};
    /* --data, else $JOINTENV_DATA/demo/chengyu (an installed copy lives in
       PREFIX/share/jointenv), else the source tree this binary was built from */
    static char envdir[1024 - 32];
    const char *dir = cli_data_path("demo/chengyu", envdir, sizeof envdir);
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'd')
            dir = optarg;
        else
            return cli_usage_error(c, "demo", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc)
        return cli_usage_error(c, "demo", "unexpected argument '%s'", argv[optind]);
    static const struct {
        const char *file;
        import_fn fn;
    } steps[] = {{"jurisdictions.csv", je_import_jurisdictions},
                 {"sections.csv", je_import_sections},
                 {"water_samples.csv", je_import_water_samples},
                 {"air_stations.csv", je_import_air_stations},
                 {"air_hourly_2022.csv", je_import_air_hourly},
                 {"plants.csv", je_import_plants},
                 {"receptors.csv", je_import_receptors},
                 {"river_nodes.csv", je_import_river_nodes},
                 {"river_reaches.csv", je_import_reaches},
                 {"river_conditions.csv", je_import_reach_conditions},
                 {"river_headwaters.csv", je_import_headwaters},
                 {"river_sections.csv", je_import_river_sections},
                 {"river_loads.csv", je_import_river_loads},
                 {"river_load_values.csv", je_import_load_values},
                 /* -- river network (issue 5) -- */
                 {"section_flows.csv", je_import_section_flows},
                 /* -- section flows (issue 5) -- */
                 {"energy_activity.csv", je_import_energy_activity},
                 {"coal_units.csv", je_import_coal_units},
                 {"energy_renewables.csv", je_import_renewables},
                 {"energy_cp_audits.csv", je_import_cp_audits},
                 /* -- energy and carbon (issue 8) -- */
                 {"programme_2022_tasks.csv", je_import_tasks},
                 {"programme_2022_milestones.csv", je_import_milestones},
                 {"programme_2022_evidence.csv", je_import_task_evidence},
                 {"outfalls.csv", je_import_outfalls},
                 {"inspectors.csv", je_import_inspectors},
                 {"enterprises.csv", je_import_enterprises},
                 {"enterprise_links.csv", je_import_enterprise_links},
                 {"energy_cp_options.csv", je_import_cp_options},
                 {"ecology/survey_dwc.csv", je_import_dwc},
                 {"waste_districts.csv", je_import_waste_districts},
                 {"waste_data.csv", je_import_waste_values},
                 {"genebank.csv", je_import_genebank},
                 {"forests.csv", je_import_forests},
                 {"forest_targets.csv", je_import_forest_targets},
    };
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_import_opts o = {0};
    o.replace = 1; /* loading the demo twice is harmless */
    int code = EXIT_OK;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && code == EXIT_OK; i++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, steps[i].file);
        if (access(path, R_OK) != 0) {
            fprintf(stderr, "%s: demo data not found: %s (use --data DIR)\n", c->prog, path);
            code = EXIT_RUNTIME;
            break;
        }
        code = cli_run_import(c, db, steps[i].fn, path, &o, 0);
    }
    if (code == EXIT_OK)
        printf("demo loaded into %s (synthetic measurements; see %s/README.md)\n", c->db_path, dir);
    je_db_close(db);
    return code;
}

int cmd_import_list(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"limit", required_argument, NULL, 'n'},
                                             {NULL, 0, NULL, 0}};
    size_t limit = 0;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'n') {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1)
                return cli_usage_error(c, "import list", "--limit needs a positive number");
            limit = (size_t)v;
        } else
            return cli_usage_error(c, "import list", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc)
        return cli_usage_error(c, "import list", "unexpected argument '%s'", argv[optind]);
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_import_batch *b = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_import_batches(db, limit, &b, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    static const char *const names[] = {"batch", "imported_at", "kind",    "file",    "sha256",
                                        "rows",  "inserted",    "updated", "replace", "actor"};
    static const col_type types[] = {COL_NUM, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_NUM, COL_NUM,  COL_NUM,  COL_TEXT, COL_TEXT};
    out_table *t = out_table_new(NULL, 10, names, types);
    for (size_t i = 0; t && i < n; i++) {
        char id[24], when[32], rows[24], ins[24], upd[24];
        snprintf(id, sizeof id, "%lld", (long long)b[i].id);
        je_time_format(b[i].imported_at, 0, when, sizeof when);
        snprintf(rows, sizeof rows, "%lld", (long long)b[i].rows);
        snprintf(ins, sizeof ins, "%lld", (long long)b[i].inserted);
        snprintf(upd, sizeof upd, "%lld", (long long)b[i].updated);
        const char *cells[10] = {id,
                                 when,
                                 b[i].kind,
                                 b[i].file_name,
                                 b[i].sha256,
                                 rows,
                                 ins,
                                 upd,
                                 b[i].replace ? "yes" : "no",
                                 b[i].actor};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    free(b);
    return t ? EXIT_OK : EXIT_RUNTIME;
}
