/*
 * cmd_compensation.c — jointenv compensation settle|ledger|explain, import
 * section-flows, and run list|show|verify (docs/compensation.md).
 */
#include "cli/cli.h"
#include "jointenv/compensation.h"
#include "jointenv/run.h"

#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_AGREEMENT "rules/compensation-chongqing-2018.json"

const char compensation_settle_usage[] =
    "Options:\n"
    "  --year Y          the year (default: the latest year with water samples)\n"
    "  --month M         one month (1-12 or YYYY-MM) of a monthly agreement; default the\n"
    "                    whole year (every month of a monthly agreement)\n"
    "  --agreement FILE  the agreement (default data/rules/compensation-chongqing-2018.json;\n"
    "                    others: compensation-xinan-pindex.json, compensation-chishui-pool.json,\n"
    "                    compensation-exceedance-price-demo.json; format: docs/compensation.md)\n"
    "  --supersede       replace a settlement of the same period whose results differ: its\n"
    "                    ledger lines are reversed and the new ones posted\n\n"
    "Settles the period from the stored samples and flows, and records it as a run (rule\n"
    "file SHA-256, canonical inputs and output with their SHA-256): one line per section\n"
    "and month (or year) with its outcome, who pays whom and the clause; one ledger line\n"
    "per pair of jurisdictions. Settling the same period again with the same data and\n"
    "rules writes nothing (the same bytes); with other results it is refused unless\n"
    "--supersede. Table output adds the net per section and per pair of parties; json\n"
    "gives {run, already_settled, rules/input/output_sha256, lines, sections, pairs}.\n";

const char compensation_ledger_usage[] =
    "Options:\n"
    "  --pair A,B   only the ledger of jurisdictions A and B (in either order)\n\n"
    "Every ledger line in posting order: the settlement (agreement, period, run), the\n"
    "pair (party_a < party_b; POOL for a pool-share pool), net_yuan (> 0: party_a pays\n"
    "party_b), the pair's running balance after the line, and its kind (settlement, or\n"
    "the reversal of a superseded settlement).\n";

const char compensation_explain_usage[] =
    "Options:\n"
    "  --section CODE    the section\n"
    "  --month M         YYYY-MM, or 1-12 with --year\n"
    "  --year Y          the year (an annual agreement needs only this)\n"
    "  --agreement FILE  as for settle\n\n"
    "Computes (writes nothing) and shows every input of the section's settlement - the\n"
    "period means of the indicators, class, target, trend basis, flow - the formula\n"
    "with the numbers substituted, the outcome, who pays whom, and the clause applied.\n";

const char run_list_usage[] = "Every run, newest first: id, time (UTC), engine and version, the\n"
                              "SHA-256 of the rule file, the inputs and the output, who.\n";

const char run_show_usage[] =
    "ID: a run number (run list).\n\n"
    "Options:\n"
    "  --inputs   print the run's canonical inputs (the bytes input_sha256 is taken over)\n"
    "  --output   print the run's canonical output\n\n"
    "Without either: the run's record, parameters included.\n";

const char run_verify_usage[] =
    "ID: a run number (run list).\n\n"
    "Options:\n"
    "  --agreement FILE   compensation runs: the rule file to use (default: the path\n"
    "                     recorded with the run)\n\n"
    "Recomputes a compensation, energy-account or zero-waste run from the current data\n"
    "and rule file and compares the bytes: the\n"
    "rule file's SHA-256, the canonical inputs' and the output's. Names what changed (the\n"
    "rules, the inputs - with the input records that differ - or neither). Exit 0 when\n"
    "the output is identical, 3 when it is not.\n";

const char section_flows_usage[] =
    "FILE columns: section,month,flow_m3_s\n"
    "  month YYYY-MM; flow_m3_s the month's mean monitored flow, m3/s (0 to 1000000).\n"
    "  Exceedance-price agreements take the month's volume from it.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update flows already stored for the same section and month\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing: one transaction per file; a (section, month) twice in one file is an\n"
    "error.\n";

int cmd_import_section_flows(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_section_flows);
}

/* ------------------------------------------------------------------------- */
/* Shared helpers                                                             */

static int parse_int(const char *s, long lo, long hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < lo || v > hi)
        return 0;
    *out = (int)v;
    return 1;
}

/* --month: "3" or "2022-03" (which also sets the year). */
static int parse_month(const char *s, int *year, int *month)
{
    if (parse_int(s, 1, 12, month))
        return 1;
    je_period p;
    if (je_period_parse(s, &p, NULL) != JE_OK || p.kind != JE_PERIOD_MONTH)
        return 0;
    *year = p.year;
    *month = p.index;
    return 1;
}

static void period_str(int year, int month, char *buf, size_t size)
{
    if (month)
        snprintf(buf, size, "%04d-%02d", year, month);
    else
        snprintf(buf, size, "%04d", year);
}

/* Load the agreement (default shipped file); the absolute path into abs. */
static int load_agreement(cli *c, const char *file, je_comp_agreement *a, char sha[65], char *abs,
                          size_t abs_size)
{
    char def[1024];
    if (file == NULL)
        file = cli_data_path(DEFAULT_AGREEMENT, def, sizeof def);
    je_error err;
    je_status st = je_comp_agreement_load(file, a, sha, &err);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    char real[PATH_MAX];
    snprintf(abs, abs_size, "%s", realpath(file, real) ? real : file);
    return EXIT_OK;
}

static int default_year(cli *c, je_db *db, int *year)
{
    if (*year)
        return EXIT_OK;
    je_error err;
    je_status st = je_store_water_latest_year(db, year, &err);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    if (*year == 0) {
        fprintf(stderr, "%s: no water samples stored; give --year\n", c->prog);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

static out_table *lines_table(const je_comp_result *r, int with_formula)
{
    static const char *const names[] = {"section",     "period", "outcome", "payer",  "payee",
                                        "amount_yuan", "value",  "clause",  "formula"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_NUM,  COL_NUM,  COL_TEXT, COL_TEXT};
    out_table *t = out_table_new("Settlement", with_formula ? 9 : 8, names, types);
    for (size_t k = 0; t && k < r->n; k++) {
        const je_comp_line *l = &r->lines[k];
        char per[16], amt[32], val[32] = "";
        period_str(l->year, l->month, per, sizeof per);
        je_comp_format_yuan(l->amount_fen, amt, sizeof amt);
        if (!isnan(l->value))
            snprintf(val, sizeof val, "%.6g", l->value);
        const char *cells[9] = {l->section, per, l->outcome, l->payer,  l->payee,
                                amt,        val, l->clause,  l->formula};
        if (!out_table_add(t, cells)) {
            out_table_free(t);
            return NULL;
        }
    }
    return t;
}

static out_table *pairs_table(const je_comp_pair *p, size_t n)
{
    static const char *const names[] = {"party_a", "party_b", "net_yuan", "meaning"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_NUM, COL_TEXT};
    out_table *t = out_table_new("Net per pair of parties", 4, names, types);
    for (size_t k = 0; t && k < n; k++) {
        char amt[32], abs_amt[32], meaning[96];
        je_comp_format_yuan(p[k].net_fen, amt, sizeof amt);
        je_comp_format_yuan(p[k].net_fen < 0 ? -p[k].net_fen : p[k].net_fen, abs_amt,
                            sizeof abs_amt);
        if (p[k].net_fen == 0)
            snprintf(meaning, sizeof meaning, "even");
        else
            snprintf(meaning, sizeof meaning, "%s pays %s %s yuan",
                     p[k].net_fen > 0 ? p[k].a : p[k].b, p[k].net_fen > 0 ? p[k].b : p[k].a,
                     abs_amt);
        const char *cells[4] = {p[k].a, p[k].b, amt, meaning};
        if (!out_table_add(t, cells)) {
            out_table_free(t);
            return NULL;
        }
    }
    return t;
}

/* The lines of each section netted over the period (a monthly rule's year): one row
 * per section and pair of parties, sections in the order of their first line. */
static void section_rows(out_table *t, const je_comp_result *r, size_t k)
{
    const char *code = r->lines[k].section;
    je_comp_result one = {calloc(r->n, sizeof *one.lines), 0};
    for (size_t i = k; one.lines && i < r->n; i++)
        if (strcmp(r->lines[i].section, code) == 0)
            one.lines[one.n++] = r->lines[i];
    je_comp_pair *p = NULL;
    size_t np = 0;
    je_error err;
    if (one.lines && je_comp_pairs(&one, &p, &np, &err) == JE_OK) {
        char n[24], amt[32], abs_amt[32], meaning[96];
        snprintf(n, sizeof n, "%zu", one.n);
        if (np == 0) {
            const char *cells[6] = {code, NULL, NULL, n, "0.00", "nothing paid"};
            out_table_add(t, cells);
        }
        for (size_t i = 0; i < np; i++) {
            int64_t v = p[i].net_fen;
            je_comp_format_yuan(v, amt, sizeof amt);
            je_comp_format_yuan(v < 0 ? -v : v, abs_amt, sizeof abs_amt);
            snprintf(meaning, sizeof meaning, "%s pays %s %s yuan", v > 0 ? p[i].a : p[i].b,
                     v > 0 ? p[i].b : p[i].a, abs_amt);
            const char *cells[6] = {code, p[i].a, p[i].b, n, amt, v ? meaning : "even"};
            out_table_add(t, cells);
        }
    }
    free(p);
    free(one.lines);
}

static out_table *sections_table(const je_comp_result *r)
{
    static const char *const names[] = {"section", "party_a",  "party_b",
                                        "lines",   "net_yuan", "meaning"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_TEXT};
    out_table *t = out_table_new("Net per section", 6, names, types);
    for (size_t k = 0; t && k < r->n; k++) {
        const char *code = r->lines[k].section;
        size_t j = 0;
        while (j < k && strcmp(r->lines[j].section, code) != 0)
            j++;
        if (code[0] && j == k) /* the section's first line */
            section_rows(t, r, k);
    }
    return t;
}

/* ------------------------------------------------------------------------- */
/* compensation settle                                                        */

static void print_settlement(cli *c, const je_comp_settle_report *rep)
{
    out_table *lines = lines_table(&rep->result, c->format != OUT_TABLE);
    out_table *pairs = pairs_table(rep->pairs, rep->n_pairs);
    out_table *secs = sections_table(&rep->result);
    if (lines == NULL || pairs == NULL || secs == NULL) {
        fprintf(stderr, "%s: out of memory\n", c->prog);
    } else if (c->format == OUT_JSON) {
        json_t *o =
            json_pack("{s:I, s:b, s:s, s:s, s:s, s:o, s:o, s:o}", "run", (json_int_t)rep->run_id,
                      "already_settled", rep->already, "rules_sha256", rep->rules_sha256,
                      "input_sha256", rep->input_sha256, "output_sha256", rep->output_sha256,
                      "lines", (json_t *)out_table_json(lines), "sections",
                      (json_t *)out_table_json(secs), "pairs", (json_t *)out_table_json(pairs));
        char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        if (text)
            printf("%s\n", text);
        free(text);
        json_decref(o);
    } else {
        out_table_print(lines, c->format, stdout);
        if (c->format == OUT_TABLE) {
            fputc('\n', stdout);
            out_table_print(secs, c->format, stdout);
            fputc('\n', stdout);
            out_table_print(pairs, c->format, stdout);
        }
    }
    out_table_free(lines);
    out_table_free(pairs);
    out_table_free(secs);
}

int cmd_compensation_settle(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"year", required_argument, NULL, 'y'},
                                             {"month", required_argument, NULL, 'm'},
                                             {"agreement", required_argument, NULL, 'a'},
                                             {"supersede", no_argument, NULL, 's'},
                                             {NULL, 0, NULL, 0}};
    const char *cmd = "compensation settle", *file = NULL;
    int year = 0, month = 0, supersede = 0, ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'y' && !parse_int(optarg, 1990, 2100, &year))
            return cli_usage_error(c, cmd, "--year needs a year (1990-2100)");
        if (ch == 'm' && !parse_month(optarg, &year, &month))
            return cli_usage_error(c, cmd, "--month needs 1-12 or YYYY-MM");
        if (ch == 'a')
            file = optarg;
        else if (ch == 's')
            supersede = 1;
        else if (ch != 'y' && ch != 'm')
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    je_comp_agreement a;
    char sha[65], abs[PATH_MAX + 1];
    int rc = load_agreement(c, file, &a, sha, abs, sizeof abs);
    if (rc != EXIT_OK)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL) {
        je_comp_agreement_free(&a);
        return EXIT_RUNTIME;
    }
    if ((rc = default_year(c, db, &year)) == EXIT_OK) {
        je_comp_settle_report rep;
        je_error err;
        je_status st = je_comp_settle_store(db, &a, abs, sha, year, month, supersede, &rep, &err);
        if (st != JE_OK) {
            rc = cli_fail(c, st, &err);
        } else {
            print_settlement(c, &rep);
            char per[16];
            period_str(year, month, per, sizeof per);
            if (rep.already)
                fprintf(stderr,
                        "%s %s: already settled with identical results by run %lld; nothing "
                        "written\n",
                        a.id, per, (long long)rep.run_id);
            else
                fprintf(stderr,
                        "%s %s: settled, run %lld%s (rules %.12s, inputs %.12s, output %.12s; "
                        "'jointenv run verify %lld' re-runs it)\n",
                        a.id, per, (long long)rep.run_id,
                        rep.superseded ? " (supersedes an earlier run)" : "", rep.rules_sha256,
                        rep.input_sha256, rep.output_sha256, (long long)rep.run_id);
            je_comp_settle_report_free(&rep);
        }
    }
    je_db_close(db);
    je_comp_agreement_free(&a);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* compensation ledger                                                        */

int cmd_compensation_ledger(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"pair", required_argument, NULL, 'p'},
                                             {NULL, 0, NULL, 0}};
    const char *cmd = "compensation ledger";
    char pa[32] = "", pb[32] = "";
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch != 'p')
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        const char *comma = strchr(optarg, ',');
        if (comma == NULL || comma == optarg || !comma[1] ||
            (size_t)(comma - optarg) >= sizeof pa || strlen(comma + 1) >= sizeof pb)
            return cli_usage_error(c, cmd, "--pair needs two jurisdiction codes, A,B");
        snprintf(pa, sizeof pa, "%.*s", (int)(comma - optarg), optarg);
        snprintf(pb, sizeof pb, "%s", comma + 1);
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_comp_ledger_row *v;
    size_t n;
    je_error err;
    je_status st = je_comp_ledger(db, pa[0] ? pa : NULL, pb[0] ? pb : NULL, &v, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    static const char *const names[] = {
        "id",      "run",      "agreement",    "period", "party_a",
        "party_b", "net_yuan", "balance_yuan", "kind",   "balance_meaning"};
    static const col_type types[] = {COL_NUM,  COL_NUM, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_NUM, COL_NUM,  COL_TEXT, COL_TEXT};
    out_table *t = out_table_new("Compensation ledger", 10, names, types);
    for (size_t k = 0; t && k < n; k++) {
        char id[24], run[24], per[16], net[32], bal[32], abs_bal[32], meaning[96];
        snprintf(id, sizeof id, "%lld", (long long)v[k].id);
        snprintf(run, sizeof run, "%lld", (long long)v[k].run_id);
        period_str(v[k].year, v[k].month, per, sizeof per);
        je_comp_format_yuan(v[k].net_fen, net, sizeof net);
        je_comp_format_yuan(v[k].balance_fen, bal, sizeof bal);
        int64_t b = v[k].balance_fen;
        je_comp_format_yuan(b < 0 ? -b : b, abs_bal, sizeof abs_bal);
        if (b == 0)
            snprintf(meaning, sizeof meaning, "even");
        else
            snprintf(meaning, sizeof meaning, "%s owes %s %s yuan in all",
                     b > 0 ? v[k].party_a : v[k].party_b, b > 0 ? v[k].party_b : v[k].party_a,
                     abs_bal);
        const char *cells[10] = {id,  run, v[k].agreement, per,    v[k].party_a, v[k].party_b,
                                 net, bal, v[k].kind,      meaning};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    free(v);
    return t ? EXIT_OK : EXIT_RUNTIME;
}

/* ------------------------------------------------------------------------- */
/* compensation explain                                                       */

static void kv(out_table *t, const char *key, const char *fmt, ...) JE_PRINTF(3, 4);

static void kv(out_table *t, const char *key, const char *fmt, ...)
{
    char v[JE_COMP_FORMULA_MAX + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v, sizeof v, fmt, ap);
    va_end(ap);
    const char *cells[2] = {key, v};
    out_table_add(t, cells);
}

static void explain_rows(out_table *t, const je_comp_agreement *a, const char *abs,
                         const je_comp_input *x, const je_comp_result *r)
{
    char per[16];
    period_str(x->year, x->month, per, sizeof per);
    kv(t, "agreement", "%s (%s)", a->id, a->name);
    kv(t, "rule", "%s", je_comp_rule_type_name(a->type));
    kv(t, "rule_file", "%s", abs);
    kv(t, "section", "%s", x->section);
    kv(t, "period", "%s", per);
    kv(t, "upstream", "%s", x->upstream);
    kv(t, "downstream", "%s", x->downstream);
    kv(t, "waterbody", "%s", x->waterbody == JE_WATERBODY_LAKE ? "lake" : "river");
    kv(t, "target_class", "%s", je_wq_class_label(x->target));
    kv(t, "samples", "%zu", x->n_samples);
    kv(t, "class", "%s (2011 method, all assessed items)", je_wq_class_label(x->cls));
    kv(t, "trend_basis_class", "%s (%s)", je_wq_class_label(x->prev_cls),
       a->trend == JE_COMP_TREND_SAME_MONTH ? "same month, previous year" : "previous year");
    if (isnan(x->flow_m3_s))
        kv(t, "flow_m3_s", "not monitored");
    else
        kv(t, "flow_m3_s", "%.6g", x->flow_m3_s);
    for (size_t i = 0; i < a->n_items; i++) {
        char key[48], cur[32] = "none", prev[32] = "none";
        snprintf(key, sizeof key, "%s_mg_l", je_wq_item_code(a->items[i]));
        if (!isnan(x->conc_mg_l[i]))
            snprintf(cur, sizeof cur, "%.6g", x->conc_mg_l[i]);
        if (!isnan(x->prev_conc_mg_l[i]))
            snprintf(prev, sizeof prev, "%.6g", x->prev_conc_mg_l[i]);
        kv(t, key, "%s (trend basis %s)", cur, prev);
    }
    for (size_t k = 0; k < r->n; k++) {
        const je_comp_line *l = &r->lines[k];
        if (strcmp(l->section, x->section) != 0 && l->section[0])
            continue;
        char amt[32];
        je_comp_format_yuan(l->amount_fen, amt, sizeof amt);
        kv(t, "outcome", "%s", l->outcome);
        kv(t, "formula", "%s", l->formula);
        kv(t, "payment", "%s%s%s%s %s yuan", l->payer[0] ? l->payer : "nobody pays",
           l->payer[0] ? " pays " : "", l->payee, l->payer[0] ? "" : ":", amt);
        kv(t, "clause", "%s", l->clause);
    }
}

int cmd_compensation_explain(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"section", required_argument, NULL, 's'},
                                             {"month", required_argument, NULL, 'm'},
                                             {"year", required_argument, NULL, 'y'},
                                             {"agreement", required_argument, NULL, 'a'},
                                             {NULL, 0, NULL, 0}};
    const char *cmd = "compensation explain", *file = NULL, *section = NULL;
    int year = 0, month = 0, ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'y' && !parse_int(optarg, 1990, 2100, &year))
            return cli_usage_error(c, cmd, "--year needs a year (1990-2100)");
        if (ch == 'm' && !parse_month(optarg, &year, &month))
            return cli_usage_error(c, cmd, "--month needs 1-12 or YYYY-MM");
        if (ch == 's')
            section = optarg;
        else if (ch == 'a')
            file = optarg;
        else if (ch != 'y' && ch != 'm')
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    if (section == NULL)
        return cli_usage_error(c, cmd, "missing --section CODE");
    if (year == 0)
        return cli_usage_error(c, cmd, "missing --month YYYY-MM (or --year)");
    je_comp_agreement a;
    char sha[65], abs[PATH_MAX + 1];
    int rc = load_agreement(c, file, &a, sha, abs, sizeof abs);
    if (rc != EXIT_OK)
        return rc;
    if (je_comp_rule_monthly(a.type) && month == 0) {
        je_comp_agreement_free(&a);
        return cli_usage_error(c, cmd, "%s settles by month: give --month", a.id);
    }
    if (!je_comp_rule_monthly(a.type))
        month = 0; /* an annual rule: the year of the month given */
    je_db *db = cli_open_db(c);
    if (db == NULL) {
        je_comp_agreement_free(&a);
        return EXIT_RUNTIME;
    }
    je_comp_input *in = NULL;
    size_t n = 0;
    je_comp_result r = {0};
    je_error err;
    je_status st = je_comp_load_inputs(db, &a, year, month, &in, &n, &err);
    je_db_close(db);
    size_t k = 0;
    while (st == JE_OK && k < n && strcmp(in[k].section, section) != 0)
        k++;
    if (st == JE_OK && k == n)
        st = je_error_set(&err, JE_ENOTFOUND, "section %s is not settled by %s", section, a.id);
    /* pool-share lines depend on every section: settle them all, show this one's */
    if (st == JE_OK)
        st = a.type == JE_COMP_POOL_SHARE ? je_comp_settle(&a, in, n, &r, &err)
                                          : je_comp_settle(&a, &in[k], 1, &r, &err);
    if (st == JE_OK) {
        static const char *const names[] = {"field", "value"};
        out_table *t = out_table_new("Explanation", 2, names, NULL);
        if (t) {
            explain_rows(t, &a, abs, &in[k], &r);
            out_table_print(t, c->format, stdout);
        }
        out_table_free(t);
        rc = t ? EXIT_OK : EXIT_RUNTIME;
    } else {
        rc = cli_fail(c, st, &err);
    }
    je_comp_result_free(&r);
    free(in);
    je_comp_agreement_free(&a);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* run list | show | verify                                                   */

static int run_id_arg(cli *c, const char *cmd, int argc, char **argv, int64_t *id)
{
    if (optind + 1 != argc)
        return cli_usage_error(c, cmd, optind >= argc ? "missing run ID" : "one run ID at a time");
    char *end;
    long long v = strtoll(argv[optind], &end, 10);
    if (*end || v < 1)
        return cli_usage_error(c, cmd, "'%s' is not a run ID", argv[optind]);
    *id = v;
    return EXIT_OK;
}

int cmd_run_list(cli *c, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage_error(c, "run list", "unexpected argument '%s'", argv[1]);
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_run *v;
    size_t n;
    je_error err;
    je_status st = je_run_list(db, &v, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    static const char *const names[] = {
        "run",          "created_at",   "engine",        "engine_version",
        "rules_sha256", "input_sha256", "output_sha256", "actor"};
    out_table *t = out_table_new("Runs", 8, names, NULL);
    for (size_t k = 0; t && k < n; k++) {
        char id[24], when[32];
        snprintf(id, sizeof id, "%lld", (long long)v[k].id);
        je_time_format(v[k].created_at, 0, when, sizeof when);
        const char *cells[8] = {id,
                                when,
                                v[k].engine,
                                v[k].engine_version,
                                v[k].ruleset_sha256,
                                v[k].input_sha256,
                                v[k].output_sha256,
                                v[k].actor};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    free(v);
    return t ? EXIT_OK : EXIT_RUNTIME;
}

int cmd_run_show(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"inputs", no_argument, NULL, 'i'}, {"output", no_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
    int raw = 0, ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch != 'i' && ch != 'o')
            return cli_usage_error(c, "run show", "unknown option '%s'", argv[optind - 1]);
        raw = ch;
    }
    int64_t id = 0;
    int rc = run_id_arg(c, "run show", argc, argv, &id);
    if (rc != EXIT_OK)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_run r;
    je_error err;
    je_status st = je_run_get(db, id, &r, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    if (raw) {
        const char *text = raw == 'i' ? r.inputs : r.output;
        fputs(text ? text : "", stdout);
        je_run_clear(&r);
        return EXIT_OK;
    }
    static const char *const names[] = {"field", "value"};
    out_table *t = out_table_new("Run", 2, names, NULL);
    if (t) {
        char when[32];
        kv(t, "run", "%lld", (long long)r.id);
        kv(t, "engine", "%s", r.engine);
        kv(t, "engine_version", "%s", r.engine_version);
        kv(t, "created_at", "%s", je_time_format(r.created_at, 0, when, sizeof when));
        kv(t, "actor", "%s", r.actor);
        kv(t, "params", "%s", r.params ? r.params : "");
        kv(t, "rules_sha256", "%s", r.ruleset_sha256);
        kv(t, "input_sha256", "%s", r.input_sha256);
        kv(t, "output_sha256", "%s", r.output_sha256);
        kv(t, "input_bytes", "%zu", r.inputs ? strlen(r.inputs) : 0);
        kv(t, "output_bytes", "%zu", r.output ? strlen(r.output) : 0);
        out_table_print(t, c->format, stdout);
    }
    out_table_free(t);
    je_run_clear(&r);
    return t ? EXIT_OK : EXIT_RUNTIME;
}

int cmd_run_verify(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"agreement", required_argument, NULL, 'a'},
                                             {NULL, 0, NULL, 0}};
    const char *file = NULL;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch != 'a')
            return cli_usage_error(c, "run verify", "unknown option '%s'", argv[optind - 1]);
        file = optarg;
    }
    int64_t id = 0;
    int rc = run_id_arg(c, "run verify", argc, argv, &id);
    if (rc != EXIT_OK)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    /* each engine recomputes its own runs */
    je_run run = {0};
    je_error err;
    je_status st = je_run_get(db, id, &run, &err);
    char engine[32] = "";
    if (st == JE_OK)
        snprintf(engine, sizeof engine, "%s", run.engine);
    je_run_clear(&run);
    if (strcmp(engine, "energy-account") == 0 || strcmp(engine, "zero-waste") == 0) {
        je_db_close(db);
        if (file)
            return cli_usage_error(c, "run verify", "--agreement is for compensation runs");
        return engine[0] == 'e' ? cli_energy_run_verify(c, id)
                                : cli_waste_run_verify(c, id, NULL);
    }
    je_comp_verify v;
    if (st == JE_OK && strcmp(engine, "compensation") != 0)
        st = je_error_set(&err, JE_EINVAL,
                          "run %lld is a '%s' run: run verify recomputes compensation, "
                          "energy-account and zero-waste runs",
                          (long long)id, engine);
    if (st == JE_OK)
        st = je_comp_run_verify(db, id, file, &v, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    static const char *const names[] = {"field", "value"};
    out_table *t = out_table_new("Verification", 2, names, NULL);
    if (t) {
        kv(t, "run", "%lld", (long long)id);
        kv(t, "verdict", "%s",
           v.identical ? "identical: the output bytes are the same"
                       : "DIFFERENT: the output bytes have changed");
        kv(t, "rule_file", "%s", v.rules_path);
        kv(t, "rules", "%s (stored %.16s, now %.16s)", v.rules_changed ? "changed" : "unchanged",
           v.stored_rules, v.now_rules);
        kv(t, "inputs", "%s (stored %.16s, now %.16s)", v.inputs_changed ? "changed" : "unchanged",
           v.stored_input, v.now_input);
        kv(t, "output", "%s (stored %.16s, now %.16s)", v.identical ? "identical" : "changed",
           v.stored_output, v.now_output);
        for (char *line = strtok(v.changes, "\n"); line; line = strtok(NULL, "\n"))
            kv(t, "input_change", "%s", line);
        out_table_print(t, c->format, stdout);
    }
    out_table_free(t);
    if (t == NULL)
        return EXIT_RUNTIME;
    return v.identical ? EXIT_OK : EXIT_BADDATA;
}
