/*
 * cmd_waste.c — jointenv waste indicators|score|report|verify: the zero-waste-city
 * indicator system (jointenv/waste.h) over the districts and data in the database (or
 * data files, as a calculator); jointenv import waste-districts|waste-data.
 */
#include "cli/cli.h"

#include "jointenv/run.h"
#include "jointenv/waste.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define WASTE_OPTIONS                                                                              \
    "  --year Y          the year (default: the latest in the data)\n"                             \
    "  --system FILE     the indicator system (default data/rules/zero-waste-2021.json)\n"         \
    "  (default)         the districts and data stored in the database (jointenv import\n"    \
    "                    waste-districts FILE, jointenv import waste-data FILE)\n"                \
    "  --districts FILE  instead, from files: CSV code,name_zh,name_en,jurisdiction\n"            \
    "                    (default then: the demo's)\n"                                            \
    "  --data FILE       and CSV district,year,variable,value (default then: the demo's)\n"

const char waste_indicators_usage[] =
    "Options:\n" WASTE_OPTIONS "  --district CODE   one district\n\n"
    "Every indicator of every district: its value by the system's formula, the inputs it\n"
    "used (provenance), the target, the score 0-100 and whether the target is met. An\n"
    "indicator whose inputs are missing is not reported (empty) and leaves the composite.\n";
const char waste_score_usage[] =
    "Options:\n" WASTE_OPTIONS
    "  --publish         record the computation as a run (its inputs, the system file and\n"
    "                    the output, each with its SHA-256) so that anyone can recompute\n"
    "                    it: jointenv waste verify RUN (database data only)\n\n"
    "Per district: the composite score (weighted mean of the reported indicators' scores),\n"
    "coverage (share of the weight reported), rank, last year's composite and the change,\n"
    "and the mandatory indicators met. Scores: higher is better min(100, 100 v/target);\n"
    "lower is better min(100, 100 target/v). See docs/waste.md.\n";
const char waste_report_usage[] =
    "Options:\n" WASTE_OPTIONS "  --district CODE   the district (required)\n"
    "  --html            HTML instead of Markdown\n\n"
    "A district's report card: composite, rank and change, then each first-level area with\n"
    "its indicators (value, target, score, met), unmet mandatory indicators first.\n";

const char import_waste_districts_usage[] =
    "FILE columns: code,name_zh,name_en,jurisdiction\n"
    "  code: the district's GB/T 2260 code (or any code up to 15 bytes); jurisdiction:\n"
    "  the stored jurisdiction that owns it (only its analysts and admins may write it).\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update districts that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing; each district is logged in the audit log with its before and after.\n";
const char import_waste_data_usage[] =
    "FILE columns: district,year,variable,value (long layout; value >= 0 in the\n"
    "  variable's unit, docs/waste.md lists them). The district must be stored; writing\n"
    "  its data needs write permission on its jurisdiction.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update values already stored (same district, year, variable)\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing; the rows are covered by the import's content hash, which jointenv\n"
    "audit verify recomputes.\n";
const char waste_verify_usage[] =
    "Arguments: RUN (a run id from jointenv waste score --publish; jointenv run list)\n\n"
    "Options:\n"
    "  --system FILE   the indicator system to use instead of the recorded path\n\n"
    "Recomputes the run from the data stored now and the system file, and compares the\n"
    "output bytes (SHA-256) with the recorded ones; says whether the inputs or the rules\n"
    "changed. Exit 0 identical, 3 different.\n";

int cmd_import_waste_districts(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_waste_districts);
}

int cmd_import_waste_data(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_waste_values);
}

typedef struct waste_in {
    const char *system, *districts, *data, *district;
    int year, html, publish;
    je_db *db;
    je_waste_system sys;
    je_waste_district *d;
    size_t nd;
    je_waste_value *v;
    size_t nv;
    je_waste_card *cards;
} waste_in;

static void waste_free(waste_in *w)
{
    je_waste_cards_free(w->cards, w->nd);
    je_waste_system_free(&w->sys);
    free(w->d);
    free(w->v);
    if (w->db)
        je_db_close(w->db);
}

/* The districts and values: from the database, or (either file option given) files. */
static int waste_data(cli *c, waste_in *w, je_error *err)
{
    je_status st;
    if (w->districts == NULL && w->data == NULL) {
        if ((w->db = cli_open_db(c)) == NULL)
            return EXIT_RUNTIME;
        if ((st = je_store_waste_districts(w->db, &w->d, &w->nd, err)) != JE_OK ||
            (st = je_store_waste_values(w->db, &w->v, &w->nv, err)) != JE_OK)
            return cli_fail(c, st, err);
        if (w->nv == 0) {
            fprintf(stderr,
                    "%s: no zero-waste data in %s (import it: jointenv import waste-districts "
                    "FILE and jointenv import waste-data FILE; or give --data FILE)\n",
                    c->prog, c->db_path);
            return EXIT_RUNTIME;
        }
        return EXIT_OK;
    }
    static char dist_buf[1024], data_buf[1024];
    if (w->districts == NULL)
        w->districts = cli_data_path("demo/chengyu/waste_districts.csv", dist_buf, sizeof dist_buf);
    if (w->data == NULL)
        w->data = cli_data_path("demo/chengyu/waste_data.csv", data_buf, sizeof data_buf);
    je_diag diag;
    je_diag_init(&diag, 50);
    if ((st = je_waste_read_districts(w->districts, &w->d, &w->nd, &diag, err)) != JE_OK ||
        (st = je_waste_read_values(w->data, &w->v, &w->nv, &diag, err)) != JE_OK) {
        je_diag_free(&diag);
        return cli_fail(c, st, err);
    }
    if (diag.total > 0) {
        cli_print_diag(&diag);
        fprintf(stderr, "%s: %zu bad row(s); nothing computed\n", c->prog, diag.total);
        je_diag_free(&diag);
        return EXIT_BADDATA;
    }
    je_diag_free(&diag);
    return EXIT_OK;
}

/* Parse the options, read the three files and evaluate. EXIT_OK or the exit code. */
static int waste_load(cli *c, const char *cmd, int argc, char **argv, waste_in *w)
{
    static const struct option longopts[] = {{"year", required_argument, NULL, 'y'},
                                             {"system", required_argument, NULL, 's'},
                                             {"districts", required_argument, NULL, 'D'},
                                             {"data", required_argument, NULL, 'd'},
                                             {"district", required_argument, NULL, 'k'},
                                             {"html", no_argument, NULL, 'h'},
                                             {"publish", no_argument, NULL, 'p'},
                                             {NULL, 0, NULL, 0}};
    static char sys_buf[1024];
    w->system = cli_data_path("rules/zero-waste-2021.json", sys_buf, sizeof sys_buf);
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'y': {
            char *end;
            long y = strtol(optarg, &end, 10);
            if (*end || y < 1900 || y > 2200)
                return cli_usage_error(c, cmd, "--year must be a year");
            w->year = (int)y;
            break;
        }
        case 's':
            w->system = optarg;
            break;
        case 'D':
            w->districts = optarg;
            break;
        case 'd':
            w->data = optarg;
            break;
        case 'k':
            w->district = optarg;
            break;
        case 'h':
            w->html = 1;
            break;
        case 'p':
            w->publish = 1;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    if (strcmp(cmd, "waste report") == 0 && w->district == NULL)
        return cli_usage_error(c, cmd, "missing --district CODE");
    if (w->publish && (strcmp(cmd, "waste score") != 0 || w->districts || w->data))
        return cli_usage_error(c, cmd,
                               "--publish is for waste score over the database (a run is "
                               "recomputed from the stored data)");
    je_error err;
    je_error_clear(&err);
    size_t len;
    char *json = cli_read_file(w->system, &len, &err);
    je_status st = json ? je_waste_system_parse(json, len, w->system, &w->sys, &err) : JE_EIO;
    free(json);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    int code = waste_data(c, w, &err);
    if (code != EXIT_OK)
        return code;
    if (w->year == 0)
        for (size_t i = 0; i < w->nv; i++)
            w->year = w->v[i].year > w->year ? w->v[i].year : w->year;
    if (w->year == 0) {
        fprintf(stderr, "%s: %s holds no data\n", c->prog, w->data ? w->data : c->db_path);
        return EXIT_BADDATA;
    }
    if ((st = je_waste_evaluate(&w->sys, w->d, w->nd, w->v, w->nv, w->year, &w->cards, &err)) !=
        JE_OK)
        return cli_fail(c, st, &err);
    return EXIT_OK;
}

static void fmt(char *buf, size_t n, double v, int decimals)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, n, "%.*f", decimals, v);
}

/* Decimals for an indicator's value: 4 for small ratios (t/10^4 yuan), 0 for counts. */
static int decimals_of(const je_waste_indicator *x)
{
    return strcmp(x->unit, "count") == 0 ? 0 : x->target < 1 ? 4 : 2;
}

int cmd_waste_indicators(cli *c, int argc, char **argv)
{
    waste_in w = {0};
    int code = waste_load(c, "waste indicators", argc, argv, &w);
    if (code != EXIT_OK) {
        waste_free(&w);
        return code;
    }
    static const char *const names[] = {"district", "name",  "indicator", "indicator_name",
                                        "unit",     "value", "target",    "score",
                                        "met",      "mandatory", "inputs"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM,
                                     COL_NUM,  COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT};
    char title[64];
    snprintf(title, sizeof title, "Zero-waste indicators, %d", w.year);
    out_table *t = out_table_new(title, 11, names, types);
    for (size_t k = 0; t && k < w.nd; k++) {
        if (w.district && strcmp(w.district, w.d[k].code) != 0)
            continue;
        for (size_t i = 0; i < w.sys.n_ind; i++) {
            const je_waste_indicator *x = &w.sys.ind[i];
            const je_waste_result *r = &w.cards[k].res[i];
            char v[32], tg[32], sc[32];
            fmt(v, sizeof v, r->value, decimals_of(x));
            fmt(tg, sizeof tg, x->target, decimals_of(x));
            fmt(sc, sizeof sc, r->score, 1);
            const char *cells[11] = {w.d[k].code, w.d[k].name_zh, x->id, x->name_zh, x->unit, v,
                                     tg, sc, r->met < 0 ? NULL : r->met ? "yes" : "no",
                                     x->mandatory ? "yes" : "no", r->inputs};
            out_table_add(t, cells);
        }
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    waste_free(&w);
    return t ? EXIT_OK : EXIT_RUNTIME;
}

int cmd_waste_score(cli *c, int argc, char **argv)
{
    waste_in w = {0};
    int code = waste_load(c, "waste score", argc, argv, &w);
    if (code != EXIT_OK) {
        waste_free(&w);
        return code;
    }
    static const char *const names[] = {"rank",     "district", "name_zh", "name_en",
                                        "jurisdiction", "composite", "coverage", "prev",
                                        "change",   "mandatory_met"};
    static const col_type types[] = {COL_NUM, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_NUM, COL_NUM,  COL_NUM,  COL_NUM,  COL_TEXT};
    char title[64];
    snprintf(title, sizeof title, "Zero-waste composite score, %d", w.year);
    out_table *t = out_table_new(title, 10, names, types);
    /* by rank, unranked last */
    for (int rank = 0; t && rank <= (int)w.nd; rank++)
        for (size_t k = 0; k < w.nd; k++) {
            const je_waste_card *cd = &w.cards[k];
            if (cd->rank != (rank == (int)w.nd ? 0 : rank + 1) || (rank == (int)w.nd && cd->rank))
                continue;
            char rk[8], comp[16], cov[16], prev[16], chg[16], mand[16];
            snprintf(rk, sizeof rk, "%d", cd->rank);
            fmt(comp, sizeof comp, cd->composite, 1);
            fmt(cov, sizeof cov, cd->coverage, 2);
            fmt(prev, sizeof prev, cd->prev_composite, 1);
            fmt(chg, sizeof chg, cd->composite - cd->prev_composite, 1);
            snprintf(mand, sizeof mand, "%zu/%zu", cd->mandatory_met, cd->mandatory_total);
            const char *cells[10] = {cd->rank ? rk : NULL, w.d[k].code, w.d[k].name_zh,
                                     w.d[k].name_en, w.d[k].jurisdiction, comp, cov, prev, chg,
                                     mand};
            out_table_add(t, cells);
        }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    code = t ? EXIT_OK : EXIT_RUNTIME;
    if (code == EXIT_OK && w.publish) {
        int64_t run = 0;
        je_error err;
        je_status st = je_waste_run_record(w.db, w.system, w.year, &run, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
        else
            fprintf(stderr, "recorded as run %lld (jointenv waste verify %lld recomputes it)\n",
                    (long long)run, (long long)run);
    }
    waste_free(&w);
    return code;
}

int cmd_waste_verify(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"system", required_argument, NULL, 's'},
                                             {NULL, 0, NULL, 0}};
    const char *system = NULL;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch != 's')
            return cli_usage_error(c, "waste verify", "unknown option '%s'", argv[optind - 1]);
        system = optarg;
    }
    if (optind + 1 != argc)
        return cli_usage_error(c, "waste verify", "give one RUN id");
    char *end;
    long long id = strtoll(argv[optind], &end, 10);
    if (*end || id < 1)
        return cli_usage_error(c, "waste verify", "RUN must be a run id (jointenv run list)");
    return cli_waste_run_verify(c, id, system);
}

/* Recompute zero-waste run `id` (with the indicator system `system`, or the one it
 * recorded) and print the verdict; also `jointenv run verify` for such runs. */
int cli_waste_run_verify(cli *c, int64_t id, const char *system)
{
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_waste_verify v;
    je_error err;
    je_status st = je_waste_run_verify(db, id, system, &v, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    static const char *const names[] = {"field", "value"};
    static const col_type types[] = {COL_TEXT, COL_TEXT};
    out_table *t = out_table_new("Verification", 2, names, types);
    char buf[8][1200];
    snprintf(buf[0], sizeof buf[0], "%lld", (long long)id);
    snprintf(buf[1], sizeof buf[1], "%s",
             v.identical ? "identical: the output bytes are the same"
                         : "DIFFERENT: the output bytes have changed");
    snprintf(buf[2], sizeof buf[2], "%d", v.year);
    snprintf(buf[3], sizeof buf[3], "%s", v.system_path);
    snprintf(buf[4], sizeof buf[4], "%s (stored %.16s, now %.16s)",
             v.rules_changed ? "changed" : "unchanged", v.stored_rules, v.now_rules);
    snprintf(buf[5], sizeof buf[5], "%s (stored %.16s, now %.16s)",
             v.inputs_changed ? "changed" : "unchanged", v.stored_input, v.now_input);
    snprintf(buf[6], sizeof buf[6], "%s (stored %.16s, now %.16s)",
             v.identical ? "identical" : "changed", v.stored_output, v.now_output);
    static const char *const keys[] = {"run", "verdict", "year", "system", "rules", "inputs",
                                       "output"};
    for (int i = 0; t && i < 7; i++) {
        const char *cells[2] = {keys[i], buf[i]};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    if (t == NULL)
        return EXIT_RUNTIME;
    return v.identical ? EXIT_OK : EXIT_BADDATA;
}

/* One indicator line of the report card. */
static void report_line(FILE *fp, int html, const je_waste_indicator *x, const je_waste_result *r)
{
    char v[32], tg[32], sc[32];
    fmt(v, sizeof v, r->value, decimals_of(x));
    fmt(tg, sizeof tg, x->target, decimals_of(x));
    fmt(sc, sizeof sc, r->score, 1); /* 99.6 must not print as a met-looking 100 */
    const char *met = r->met < 0 ? "—" : r->met ? "✓" : "✗";
    if (html)
        fprintf(fp, "<tr><td>%s</td><td>%s%s<br><small>%s</small></td><td>%s %s</td><td>%s</td>"
                    "<td>%s</td><td>%s</td></tr>\n",
                x->id, x->name_zh, x->mandatory ? " ★" : "", x->name_en, v[0] ? v : "—", x->unit,
                tg, sc[0] ? sc : "—", met);
    else
        fprintf(fp, "| %s | %s%s (%s) | %s %s | %s | %s | %s |\n", x->id, x->name_zh,
                x->mandatory ? " ★" : "", x->name_en, v[0] ? v : "—", x->unit, tg,
                sc[0] ? sc : "—", met);
}

int cmd_waste_report(cli *c, int argc, char **argv)
{
    waste_in w = {0};
    int code = waste_load(c, "waste report", argc, argv, &w);
    if (code == EXIT_OK && w.district == NULL)
        code = cli_usage_error(c, "waste report", "missing --district CODE");
    size_t k = 0;
    while (code == EXIT_OK && k < w.nd && strcmp(w.d[k].code, w.district) != 0)
        k++;
    if (code == EXIT_OK && k == w.nd) {
        fprintf(stderr, "%s: no district '%s' in %s\n", c->prog, w.district,
                w.districts ? w.districts : c->db_path);
        code = EXIT_RUNTIME;
    }
    if (code != EXIT_OK) {
        waste_free(&w);
        return code;
    }
    const je_waste_card *cd = &w.cards[k];
    FILE *fp = stdout;
    char comp[16], prev[16];
    fmt(comp, sizeof comp, cd->composite, 1);
    fmt(prev, sizeof prev, cd->prev_composite, 1);
    if (w.html)
        fprintf(fp, "<!doctype html><meta charset=\"utf-8\"><title>%s %d</title>\n"
                    "<h1>%s · %s — 无废城市建设 %d</h1>\n",
                w.d[k].name_zh, w.year, w.d[k].name_zh, w.d[k].name_en, w.year);
    else
        fprintf(fp, "# %s · %s — 无废城市建设 zero-waste city, %d\n\n", w.d[k].name_zh,
                w.d[k].name_en, w.year);
    fprintf(fp, w.html ? "<p>Composite <b>%s</b> (rank %d of %zu; %d: %s); coverage %.0f %%; "
                         "mandatory indicators met %zu of %zu. System: %s.</p>\n"
                       : "Composite **%s** (rank %d of %zu; %d: %s); coverage %.0f %%; "
                         "mandatory indicators met %zu of %zu. System: %s.\n",
            comp[0] ? comp : "—", cd->rank, w.nd, w.year - 1, prev[0] ? prev : "—",
            100 * cd->coverage, cd->mandatory_met, cd->mandatory_total, w.sys.id);
    /* first-level areas (groups with one-part ids), unmet mandatory indicators first */
    for (size_t g = 0; g < w.sys.n_groups; g++) {
        const je_waste_group *grp = &w.sys.groups[g];
        if (strchr(grp->id, '.'))
            continue;
        size_t idlen = strlen(grp->id);
        fprintf(fp, w.html ? "<h2>%s %s · %s</h2>\n<table><tr><th>id</th><th>indicator</th>"
                             "<th>value</th><th>target</th><th>score</th><th>met</th></tr>\n"
                           : "\n## %s %s · %s\n\n| id | indicator | value | target | score | met |"
                             "\n|---|---|---:|---:|---:|:-:|\n",
                grp->id, grp->name_zh, grp->name_en);
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < w.sys.n_ind; i++) {
                const je_waste_indicator *x = &w.sys.ind[i];
                int first = x->mandatory && cd->res[i].met != 1;
                if (strncmp(x->group, grp->id, idlen) != 0 || x->group[idlen] != '.' ||
                    first != (pass == 0))
                    continue;
                report_line(fp, w.html, x, &cd->res[i]);
            }
        if (w.html)
            fputs("</table>\n", fp);
    }
    fprintf(fp,
            w.html ? "<p><small>★ mandatory. Values computed from %s; inputs: jointenv "
                     "waste indicators.</small></p>\n"
                   : "\n★ mandatory. Values computed from %s; their inputs: `jointenv "
                     "waste indicators`.\n",
            w.data ? "the data file" : "the database");
    waste_free(&w);
    return EXIT_OK;
}
