/*
 * cmd_conserve.c — jointenv genebank status|update and jointenv forest progress
 * (jointenv/conserve.h) over the registers in the database (or CSV files, as
 * calculators); jointenv import genebank|forests|forest-targets.
 */
#include "cli/cli.h"

#include "jointenv/conserve.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char import_genebank_usage[] =
    "FILE columns: code,species_zh,species_en,kind,bank,location,jurisdiction,accessions,\n"
    "  samples,last_regeneration\n"
    "  kind: seed plant semen embryo live tissue dna; accessions: a whole number >= 0;\n"
    "  samples >= 0 (in storage); last_regeneration: YYYY or YYYY-MM; jurisdiction: the\n"
    "  stored jurisdiction that owns the accession (only its side may write it).\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update accessions that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing; each accession is logged with its before and after.\n";
const char import_forests_usage[] =
    "FILE columns: unit,name_zh,name_en,year,coverage_pct,stock_m3,afforestation_ha\n"
    "  [,jurisdiction]\n"
    "  unit: GB/T 2260 code of a jurisdiction or district; coverage_pct 0-100, stock_m3\n"
    "  and afforestation_ha >= 0, each may be empty. Without a jurisdiction column the\n"
    "  owner is the unit's province-level code (its first two digits, then 0000).\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update years already stored\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing; the units are logged records, the yearly values are covered by the\n"
    "import's content hash (jointenv audit verify).\n";
const char import_forest_targets_usage[] =
    "FILE columns: unit,indicator,base_year,base,target_year,target\n"
    "  indicator: coverage_pct or stock_m3; the unit must be stored (import forests\n"
    "  first); target != base, target_year > base_year.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update targets that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n";
const char genebank_update_usage[] =
    "Arguments: CODE (the accession)\n\n"
    "Options (at least one):\n"
    "  --regenerated WHEN  a regeneration done in WHEN (YYYY or YYYY-MM; not before the\n"
    "                      last one recorded)\n"
    "  --samples N         the samples in storage now (a stock count)\n"
    "  --note TEXT         a note kept with the accession\n\n"
    "Writes need an analyst or admin of the accession's jurisdiction; every update is\n"
    "in the audit log with the record before and after (jointenv audit log\n"
    "--table genebank_accession --key CODE).\n";

int cmd_import_genebank(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_genebank);
}

int cmd_import_forests(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_forests);
}

int cmd_import_forest_targets(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_forest_targets);
}

const char genebank_status_usage[] =
    "Options:\n"
    "  (default)      the accessions stored in the database (jointenv import genebank)\n"
    "  --input FILE   instead, the accessions from a CSV: code,species_zh,species_en,kind,\n"
    "                 bank,location,jurisdiction,accessions,samples,last_regeneration (a\n"
    "                 year, or YYYY-MM); e.g. data/demo/chengyu/genebank.csv\n"
    "  --rules FILE   intervals and minimum stocks per kind (default\n"
    "                 data/rules/genebank-intervals.json; illustrative values)\n"
    "  --year Y       the year to judge at (default: this year)\n\n"
    "Per accession: years since its last regeneration, the kind's interval and minimum,\n"
    "and its status: regeneration_overdue (> 1.5 intervals), regeneration_due, low_stock\n"
    "or ok. Kinds: seed plant semen embryo live tissue dna.\n";
const char forest_progress_usage[] =
    "Options:\n"
    "  (default)       the forests and targets stored in the database (jointenv import\n"
    "                  forests, jointenv import forest-targets)\n"
    "  --input FILE    instead, from files: CSV unit,name_zh,name_en,year,coverage_pct,\n"
    "                  stock_m3,afforestation_ha (e.g. data/demo/chengyu/forests.csv)\n"
    "  --targets FILE  CSV unit,indicator,base_year,base,target_year,target (indicator:\n"
    "                  coverage_pct or stock_m3; with --input, default: the demo's\n"
    "                  forest_targets.csv)\n\n"
    "Per unit, year and indicator with a target: the value, the target, progress from the\n"
    "base (share of the way), the share of time elapsed, on_track (progress >= elapsed)\n"
    "and met.\n";

/* ---- gene banks ---------------------------------------------------------------- */

typedef struct gb_kind {
    char name[16];
    double interval, min;
} gb_kind;

typedef struct gb_ctx {
    gb_kind kinds[16];
    size_t n;
    int year;
    int c[10];
} gb_ctx;

static const char *const gb_cols[10] = {"code",         "species_zh", "species_en", "kind",
                                        "bank",         "location",   "jurisdiction",
                                        "accessions",   "samples",    "last_regeneration"};

static int gb_rules(cli *c, const char *path, gb_ctx *g)
{
    je_error err;
    size_t len;
    char *text = cli_read_file(path, &len, &err);
    if (text == NULL)
        return cli_fail(c, JE_EIO, &err);
    json_error_t je;
    json_t *root = json_loadb(text, len, 0, &je);
    free(text);
    json_t *kinds = json_object_get(root, "kinds");
    if (!json_is_object(kinds)) {
        fprintf(stderr, "%s:%d:%d: %s\n", path, root ? 1 : je.line, root ? 1 : je.column,
                root ? "no \"kinds\" object" : je.text);
        json_decref(root);
        return EXIT_BADDATA;
    }
    const char *k;
    json_t *v;
    json_object_foreach(kinds, k, v) {
        json_t *iv = json_object_get(v, "interval_years"), *mn = json_object_get(v, "min_samples");
        if (g->n == 16 || strlen(k) >= sizeof g->kinds[0].name || !json_is_number(iv) ||
            !(json_number_value(iv) > 0) || !json_is_number(mn)) {
            fprintf(stderr, "%s: kinds.%s: needs interval_years > 0 and min_samples\n", path, k);
            json_decref(root);
            return EXIT_BADDATA;
        }
        snprintf(g->kinds[g->n].name, sizeof g->kinds[0].name, "%s", k);
        g->kinds[g->n].interval = json_number_value(iv);
        g->kinds[g->n++].min = json_number_value(mn);
    }
    json_decref(root);
    return EXIT_OK;
}

static out_table *gb_begin(void *ctx, je_csv *r, je_diag *diag)
{
    gb_ctx *g = ctx;
    for (int i = 0; r && i < 10; i++)
        if ((g->c[i] = je_csv_column(r, gb_cols[i])) < 0) {
            je_error e;
            je_error_set_at(&e, JE_EDATA, je_csv_path(r), 1, 1, NULL, "missing column '%s'",
                            gb_cols[i]);
            je_diag_add(diag, &e);
        }
    if (diag && diag->total)
        return NULL;
    static const char *const names[] = {"code",     "species_zh", "species_en", "kind",
                                        "bank",     "jurisdiction", "samples",  "years_since",
                                        "interval", "min_samples", "status"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM,  COL_TEXT};
    return out_table_new("Gene-bank accessions", 11, names, types);
}

/* One accession's line: id = code, species_zh, species_en, kind, bank, jurisdiction;
   regenerated in year y, month m (0: the year only). */
static je_status gb_add(const gb_ctx *g, const gb_kind *k, const char *const id[6], double samples,
                        int y, int m, out_table *t)
{
    /* the year judged at, mid-year, against the regeneration month */
    double since = m ? (double)(g->year - y) + (6.5 - (double)m) / 12.0 : (double)(g->year - y);
    je_gb_status st = je_gb_status_of(since, k->interval, samples, k->min);
    char sm[32], ys[32], iv[32], mn[32];
    snprintf(sm, sizeof sm, "%.0f", samples);
    snprintf(ys, sizeof ys, "%.1f", since);
    snprintf(iv, sizeof iv, "%g", k->interval);
    snprintf(mn, sizeof mn, "%g", k->min);
    const char *cells[11] = {id[0], id[1], id[2], id[3], id[4], id[5],
                             sm,    ys,    iv,    mn,    je_gb_status_name(st)};
    return out_table_add(t, cells) ? JE_OK : JE_ENOMEM;
}

static const gb_kind *gb_kind_of(const gb_ctx *g, const char *kind)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->kinds[i].name, kind) == 0)
            return &g->kinds[i];
    return NULL;
}

/* The accessions stored in the database. */
static int gb_from_db(cli *c, gb_ctx *g, const char *rules)
{
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_gb_accession *a = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_genebank(db, &a, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    if (n == 0) {
        fprintf(stderr,
                "%s: no gene-bank accessions in %s (import them: jointenv import genebank "
                "FILE, or give --input FILE)\n",
                c->prog, c->db_path);
        free(a);
        return EXIT_RUNTIME;
    }
    out_table *t = gb_begin(g, NULL, NULL);
    int code = t ? EXIT_OK : EXIT_RUNTIME;
    for (size_t i = 0; code == EXIT_OK && i < n; i++) {
        const gb_kind *k = gb_kind_of(g, a[i].kind);
        int y, m = 0;
        char tail;
        int parts = sscanf(a[i].last_regeneration, "%4d-%2d%c", &y, &m, &tail);
        if (k == NULL) {
            fprintf(stderr, "%s: accession %s: kind '%s' is not in the rules %s\n", c->prog,
                    a[i].code, a[i].kind, rules);
            code = EXIT_BADDATA;
        } else if (parts < 1 || y > g->year) {
            fprintf(stderr, "%s: accession %s: last regeneration %s is after %d\n", c->prog,
                    a[i].code, a[i].last_regeneration, g->year);
            code = EXIT_BADDATA;
        } else {
            const char *id[6] = {a[i].code,    a[i].species_zh, a[i].species_en,
                                 a[i].kind,    a[i].bank,       a[i].jurisdiction};
            if (gb_add(g, k, id, a[i].samples, y, parts == 2 ? m : 0, t) != JE_OK)
                code = cli_fail(c, JE_ENOMEM, NULL);
        }
    }
    if (code == EXIT_OK)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    free(a);
    return code;
}

static je_status gb_row(void *ctx, je_csv *r, je_diag *diag, out_table *t, je_error *err)
{
    (void)err;
    gb_ctx *g = ctx;
    const char *kind = je_csv_field(r, (size_t)g->c[3]);
    const gb_kind *k = NULL;
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->kinds[i].name, kind) == 0)
            k = &g->kinds[i];
    if (k == NULL)
        cli_diag_field(diag, r, (size_t)g->c[3], "kind: '%s' is not in the rules", kind);
    double samples;
    int ok = cli_cell_num(diag, r, g->c[8], CLI_NONNEG, 0, "samples", &samples);
    int y = 0, m = 1;
    char tail;
    const char *lr = je_csv_field(r, (size_t)g->c[9]);
    int n = sscanf(lr, "%4d-%2d%c", &y, &m, &tail);
    if (!(n == 1 || n == 2) || y < 1900 || y > g->year || m < 1 || m > 12) {
        cli_diag_field(diag, r, (size_t)g->c[9],
                       "last_regeneration: '%s' is not a year or YYYY-MM up to %d", lr, g->year);
        ok = 0;
    }
    if (!ok || k == NULL)
        return JE_OK;
    const char *id[6] = {je_csv_field(r, (size_t)g->c[0]), je_csv_field(r, (size_t)g->c[1]),
                         je_csv_field(r, (size_t)g->c[2]), kind,
                         je_csv_field(r, (size_t)g->c[4]), je_csv_field(r, (size_t)g->c[6])};
    return gb_add(g, k, id, samples, y, n == 2 ? m : 0, t);
}

int cmd_genebank_status(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"input", required_argument, NULL, 'i'},
                                             {"rules", required_argument, NULL, 'r'},
                                             {"year", required_argument, NULL, 'y'},
                                             {NULL, 0, NULL, 0}};
    static char rules_buf[1024];
    const char *input = NULL;
    const char *rules = cli_data_path("rules/genebank-intervals.json", rules_buf, sizeof rules_buf);
    gb_ctx g = {0};
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    g.year = tmv.tm_year + 1900;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'i')
            input = optarg;
        else if (ch == 'r')
            rules = optarg;
        else if (ch == 'y') {
            char *end;
            long y = strtol(optarg, &end, 10);
            if (*end || y < 1900 || y > 2200)
                return cli_usage_error(c, "genebank status", "--year must be a year");
            g.year = (int)y;
        } else
            return cli_usage_error(c, "genebank status", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc)
        return cli_usage_error(c, "genebank status", "unexpected argument '%s'", argv[optind]);
    int code = gb_rules(c, rules, &g);
    if (code != EXIT_OK)
        return code;
    if (input == NULL)
        return gb_from_db(c, &g, rules);
    static const cli_calc ops = {gb_begin, gb_row};
    return cli_calc_run(c, input, &ops, &g);
}

/* ---- forests ------------------------------------------------------------------- */

enum { F_COVERAGE, F_STOCK, F_NIND };
static const char *const f_ind[F_NIND] = {"coverage_pct", "stock_m3"};

typedef struct f_target {
    char unit[16];
    int ind;
    je_forest_target t;
} f_target;

typedef struct f_ctx {
    f_target *t;
    size_t n;
    int c[5];
} f_ctx;

/* Read the targets file; bad rows printed as path:line:column. */
static int f_targets(cli *c, const char *path, f_ctx *f)
{
    je_error err;
    je_csv *r;
    je_status st = je_csv_open(path, &r, &err);
    if (st == JE_OK)
        st = je_csv_read_header(r, &err);
    if (st != JE_OK) {
        je_csv_close(r);
        return cli_fail(c, st, &err);
    }
    static const char *const cols[6] = {"unit", "indicator", "base_year", "base", "target_year",
                                         "target"};
    int col[6];
    je_diag diag;
    je_diag_init(&diag, 50);
    for (int i = 0; i < 6; i++)
        if ((col[i] = je_csv_column(r, cols[i])) < 0) {
            je_error e;
            je_error_set_at(&e, JE_EDATA, path, 1, 1, NULL, "missing column '%s'", cols[i]);
            je_diag_add(&diag, &e);
        }
    int has;
    size_t cap = 0;
    while (diag.total == 0 && (st = cli_next_row(r, &diag, &has, &err)) == JE_OK && has) {
        f_target x = {0};
        const char *ind = je_csv_field(r, (size_t)col[1]);
        x.ind = -1;
        for (int i = 0; i < F_NIND; i++)
            if (strcmp(ind, f_ind[i]) == 0)
                x.ind = i;
        if (x.ind < 0)
            cli_diag_field(&diag, r, (size_t)col[1], "indicator: '%s' is not coverage_pct or stock_m3",
                           ind);
        double by, ty;
        int ok = cli_cell_num(&diag, r, col[2], CLI_POS, 0, "base_year", &by) &
                 cli_cell_num(&diag, r, col[3], CLI_NONNEG, 0, "base", &x.t.base) &
                 cli_cell_num(&diag, r, col[4], CLI_POS, 0, "target_year", &ty) &
                 cli_cell_num(&diag, r, col[5], CLI_NONNEG, 0, "target", &x.t.target);
        if (!ok || x.ind < 0 || je_csv_field_len(r, (size_t)col[0]) >= sizeof x.unit)
            continue;
        x.t.base_year = (int)by;
        x.t.target_year = (int)ty;
        je_forest_progress p;
        if (je_forest_progress_of(&x.t, x.t.base_year, x.t.base, &p, &err) != JE_OK) {
            cli_diag_field(&diag, r, (size_t)col[5], "%s", err.message);
            continue;
        }
        snprintf(x.unit, sizeof x.unit, "%s", je_csv_field(r, (size_t)col[0]));
        if (f->n == cap) {
            cap = cap ? 2 * cap : 8;
            f_target *nt = realloc(f->t, cap * sizeof *nt);
            if (nt == NULL)
                break;
            f->t = nt;
        }
        f->t[f->n++] = x;
    }
    je_csv_close(r);
    if (diag.total) {
        cli_print_diag(&diag);
        fprintf(stderr, "%s: %zu error(s); no output written\n", path, diag.total);
    }
    int code = diag.total ? EXIT_BADDATA : EXIT_OK;
    je_diag_free(&diag);
    return code;
}

static out_table *f_begin(void *ctx, je_csv *r, je_diag *diag)
{
    f_ctx *f = ctx;
    static const char *const cols[5] = {"unit", "name_zh", "year", "coverage_pct", "stock_m3"};
    for (int i = 0; r && i < 5; i++)
        if ((f->c[i] = je_csv_column(r, cols[i])) < 0) {
            je_error e;
            je_error_set_at(&e, JE_EDATA, je_csv_path(r), 1, 1, NULL, "missing column '%s'",
                            cols[i]);
            je_diag_add(diag, &e);
        }
    if (diag && diag->total)
        return NULL;
    static const char *const names[] = {"unit",     "name_zh", "year",    "indicator", "value",
                                        "target",   "target_year", "progress", "elapsed",
                                        "on_track", "met"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_NUM, COL_TEXT, COL_NUM, COL_NUM,
                                     COL_NUM,  COL_NUM,  COL_NUM, COL_TEXT, COL_TEXT};
    return out_table_new("Forest indicators against targets", 11, names, types);
}

static je_status f_add(const f_ctx *f, const char *unit, const char *name_zh, double year,
                       const double *v, out_table *t, je_error *err);

static je_status f_row(void *ctx, je_csv *r, je_diag *diag, out_table *t, je_error *err)
{
    f_ctx *f = ctx;
    double year, v[F_NIND];
    int ok = cli_cell_num(diag, r, f->c[2], CLI_POS, 0, "year", &year) &
             cli_cell_num(diag, r, f->c[3], CLI_NONNEG, 1, "coverage_pct", &v[F_COVERAGE]) &
             cli_cell_num(diag, r, f->c[4], CLI_NONNEG, 1, "stock_m3", &v[F_STOCK]);
    if (!ok)
        return JE_OK;
    return f_add(f, je_csv_field(r, (size_t)f->c[0]), je_csv_field(r, (size_t)f->c[1]), year, v, t,
                 err);
}

/* The lines of one unit's year: one per indicator with a target. */
static je_status f_add(const f_ctx *f, const char *unit, const char *name_zh, double year,
                       const double *v, out_table *t, je_error *err)
{
    for (size_t i = 0; i < f->n; i++) {
        const f_target *x = &f->t[i];
        if (strcmp(x->unit, unit) != 0 || isnan(v[x->ind]))
            continue;
        je_forest_progress p;
        if (je_forest_progress_of(&x->t, (int)year, v[x->ind], &p, err) != JE_OK)
            return JE_OK;
        char ys[16], vs[32], ts[32], ty[16], ps[16], es[16];
        snprintf(ys, sizeof ys, "%.0f", year);
        /* stocks in whole m3, coverage as given */
        snprintf(vs, sizeof vs, x->ind == F_STOCK ? "%.0f" : "%.6g", v[x->ind]);
        snprintf(ts, sizeof ts, x->ind == F_STOCK ? "%.0f" : "%.6g", x->t.target);
        snprintf(ty, sizeof ty, "%d", x->t.target_year);
        snprintf(ps, sizeof ps, "%.3f", p.progress);
        snprintf(es, sizeof es, "%.3f", p.elapsed);
        const char *cells[11] = {unit, name_zh, ys, f_ind[x->ind], vs, ts, ty, ps, es,
                                 p.on_track ? "yes" : "no", p.met ? "yes" : "no"};
        if (!out_table_add(t, cells))
            return JE_ENOMEM;
    }
    return JE_OK;
}

/* Forests and targets stored in the database. */
static int f_from_db(cli *c)
{
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_forest_row *rows = NULL;
    je_forest_target_row *tg = NULL;
    size_t n = 0, nt = 0;
    je_error err;
    je_status st = je_store_forests(db, &rows, &n, &err);
    if (st == JE_OK)
        st = je_store_forest_targets(db, &tg, &nt, &err);
    je_db_close(db);
    f_ctx f = {0};
    int code = st == JE_OK ? EXIT_OK : cli_fail(c, st, &err);
    if (code == EXIT_OK && (n == 0 || nt == 0)) {
        fprintf(stderr,
                "%s: no forest %s in %s (import them: jointenv import forests FILE, jointenv "
                "import forest-targets FILE; or give --input FILE)\n",
                c->prog, n == 0 ? "data" : "targets", c->db_path);
        code = EXIT_RUNTIME;
    }
    if (code == EXIT_OK && (f.t = calloc(nt, sizeof *f.t)) == NULL)
        code = cli_fail(c, JE_ENOMEM, NULL);
    for (size_t i = 0; code == EXIT_OK && i < nt; i++) {
        snprintf(f.t[i].unit, sizeof f.t[i].unit, "%s", tg[i].unit);
        f.t[i].ind = strcmp(tg[i].indicator, f_ind[F_STOCK]) == 0 ? F_STOCK : F_COVERAGE;
        f.t[i].t = tg[i].t;
        f.n++;
    }
    out_table *t = code == EXIT_OK ? f_begin(&f, NULL, NULL) : NULL;
    for (size_t i = 0; t && code == EXIT_OK && i < n; i++) {
        const double v[F_NIND] = {rows[i].coverage_pct, rows[i].stock_m3};
        if (f_add(&f, rows[i].unit, rows[i].name_zh, rows[i].year, v, t, &err) != JE_OK)
            code = cli_fail(c, JE_ENOMEM, NULL);
    }
    if (t && code == EXIT_OK)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    free(f.t);
    free(rows);
    free(tg);
    return code;
}

int cmd_genebank_update(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"regenerated", required_argument, NULL, 'r'},
                                             {"samples", required_argument, NULL, 's'},
                                             {"note", required_argument, NULL, 'n'},
                                             {NULL, 0, NULL, 0}};
    const char *regen = NULL, *note = NULL;
    double samples = NAN;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'r')
            regen = optarg;
        else if (ch == 'n')
            note = optarg;
        else if (ch == 's') {
            char *end;
            samples = strtod(optarg, &end);
            if (*end || !(samples >= 0) || !isfinite(samples))
                return cli_usage_error(c, "genebank update", "--samples must be a number >= 0");
        } else
            return cli_usage_error(c, "genebank update", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind + 1 != argc)
        return cli_usage_error(c, "genebank update", "give one accession CODE");
    if (regen == NULL && isnan(samples) && note == NULL)
        return cli_usage_error(c, "genebank update",
                               "give --regenerated WHEN, --samples N and/or --note TEXT");
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_gb_update(db, argv[optind], regen, samples, note, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    printf("%s: updated", argv[optind]);
    if (regen)
        printf("; regenerated %s", regen);
    if (!isnan(samples))
        printf("; %.0f samples in storage", samples);
    if (note)
        printf("; note: %s", note);
    printf(" (in the audit log)\n");
    return EXIT_OK;
}

int cmd_forest_progress(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"input", required_argument, NULL, 'i'},
                                             {"targets", required_argument, NULL, 't'},
                                             {NULL, 0, NULL, 0}};
    static char tg_buf[1024];
    const char *input = NULL, *targets = NULL;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'i')
            input = optarg;
        else if (ch == 't')
            targets = optarg;
        else
            return cli_usage_error(c, "forest progress", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc)
        return cli_usage_error(c, "forest progress", "unexpected argument '%s'", argv[optind]);
    if (input == NULL && targets)
        return cli_usage_error(c, "forest progress", "--targets goes with --input FILE");
    if (input == NULL)
        return f_from_db(c);
    if (targets == NULL)
        targets = cli_data_path("demo/chengyu/forest_targets.csv", tg_buf, sizeof tg_buf);
    f_ctx f = {0};
    int code = f_targets(c, targets, &f);
    if (code == EXIT_OK) {
        static const cli_calc ops = {f_begin, f_row};
        code = cli_calc_run(c, input, &ops, &f);
    }
    free(f.t);
    return code;
}
