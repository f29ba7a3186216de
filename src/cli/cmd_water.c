/*
 * cmd_water.c — jointenv water classify (a calculator) and water assess.
 */
#include "cli/cli.h"
#include "jointenv/water.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------- */
/* water classify                                                             */

static int parse_waterbody(const char *s, je_waterbody *out)
{
    if (strcasecmp(s, "river") == 0)
        *out = JE_WATERBODY_RIVER;
    else if (strcasecmp(s, "lake") == 0 || strcasecmp(s, "reservoir") == 0)
        *out = JE_WATERBODY_LAKE;
    else
        return 0;
    return 1;
}

static void fmt_num(char *buf, size_t n, double v, int decimals)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, n, "%.*f", decimals, v);
}

typedef struct classify_in {
    int c_id, c_wb;
    int c_item[JE_WQ_NITEMS];
    je_waterbody def;
} classify_in;

static out_table *classify_begin(void *ctx, je_csv *r, je_diag *diag)
{
    classify_in *in = ctx;
    in->c_id = je_csv_column(r, "sample_id");
    in->c_wb = je_csv_column(r, "waterbody");
    int bad = 0;
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        in->c_item[i] = je_csv_column(r, je_wq_item_code((je_wq_item)i));
    if (in->c_id < 0) {
        je_error e;
        je_error_set_at(&e, JE_EDATA, je_csv_path(r), 1, 1, "sample_id",
                        "missing column 'sample_id' in the header");
        je_diag_add(diag, &e);
        bad = 1;
    }
    for (size_t c = 0; c < je_csv_ncolumns(r); c++) {
        const char *name = je_csv_column_name(r, c);
        je_wq_item it;
        if ((int)c == in->c_id || (int)c == in->c_wb ||
            je_wq_item_find(name, strlen(name), &it) == JE_OK)
            continue;
        long line, col;
        je_csv_field_pos(r, c, &line, &col);
        je_error e;
        je_error_set_at(&e, JE_EDATA, je_csv_path(r), line, col, name,
                        "unknown column '%s' (sample_id, waterbody, or an item code: ph do "
                        "codmn cod bod5 nh3n tp tn cu zn f se as hg cd cr6 pb cn phenol oil "
                        "las s2 fcoli)",
                        name);
        je_diag_add(diag, &e);
        bad = 1;
    }
    if (bad)
        return NULL;
    /* columns: sample_id, class, class_label, status, main_pollutants, <item>_class */
    const char *names[5 + JE_WQ_NITEMS];
    col_type types[5 + JE_WQ_NITEMS];
    char item_names[JE_WQ_NITEMS][24];
    size_t nc = 0;
    static const char *const fixed[] = {"sample_id", "class", "class_label", "status",
                                        "main_pollutants"};
    for (size_t k = 0; k < 5; k++) {
        names[nc] = fixed[k];
        types[nc++] = k == 1 ? COL_NUM : COL_TEXT;
    }
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        if (in->c_item[i] >= 0) {
            snprintf(item_names[i], sizeof item_names[i], "%s_class",
                     je_wq_item_code((je_wq_item)i));
            names[nc] = item_names[i];
            types[nc++] = COL_NUM;
        }
    return out_table_new(NULL, nc, names, types);
}

/* One row → sample; problems go to diag. Returns 1 if the row is good. */
static int classify_sample(classify_in *in, je_csv *r, je_diag *diag, je_wq_sample *s,
                           je_waterbody *wb)
{
    size_t before = diag->total;
    je_wq_sample_clear(s);
    *wb = in->def;
    if (in->c_wb >= 0 && je_csv_field(r, (size_t)in->c_wb)[0] &&
        !parse_waterbody(je_csv_field(r, (size_t)in->c_wb), wb))
        cli_diag_field(diag, r, (size_t)in->c_wb, "invalid waterbody '%s' (river or lake)",
                       je_csv_field(r, (size_t)in->c_wb));
    for (int i = 0; i < JE_WQ_NITEMS; i++) {
        if (in->c_item[i] < 0)
            continue;
        size_t col = (size_t)in->c_item[i];
        const char *t = je_csv_field(r, col);
        size_t n = je_csv_field_len(r, col);
        if (n == 0)
            continue;
        double v;
        if (je_parse_double(t, n, &v) != JE_OK)
            cli_diag_field(diag, r, col, "'%s' is not a number", t);
        else if (v < 0)
            cli_diag_field(diag, r, col, "negative value %s (concentrations cannot be negative)",
                           t);
        else if (i == JE_WQ_PH && v > 14)
            cli_diag_field(diag, r, col, "pH %s is outside the pH scale 0-14", t);
        else
            s->value[i] = v;
    }
    return diag->total == before;
}

static je_status classify_row(void *ctx, je_csv *r, je_diag *diag, out_table *t, je_error *err)
{
    classify_in *in = ctx;
    je_wq_sample s;
    je_waterbody wb;
    if (!classify_sample(in, r, diag, &s, &wb))
        return JE_OK;
    je_wq_result res;
    je_status st = je_gb3838_classify(&s, wb, &res, err);
    if (st != JE_OK)
        return st;
    char cls[8], main[256], ic[JE_WQ_NITEMS][8];
    const char *cells[5 + JE_WQ_NITEMS];
    size_t k = 0;
    snprintf(cls, sizeof cls, "%d", (int)res.cls);
    cells[k++] = je_csv_field(r, (size_t)in->c_id);
    cells[k++] = res.cls ? cls : NULL;
    cells[k++] = res.cls ? je_wq_class_label(res.cls) : NULL;
    cells[k++] = res.cls ? je_wq_status_en(je_wq_status_of_class(res.cls)) : NULL;
    cells[k++] = je_wq_main_format(&res, main, sizeof main);
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        if (in->c_item[i] >= 0) {
            snprintf(ic[i], sizeof ic[i], "%d", (int)res.item_class[i]);
            cells[k++] = res.item_class[i] ? ic[i] : NULL;
        }
    return out_table_add(t, cells) ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}

int cmd_water_classify(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"input", required_argument, NULL, 'i'},
                                             {"waterbody", required_argument, NULL, 'w'},
                                             {NULL, 0, NULL, 0}};
    const char *input = NULL;
    classify_in in = {.def = JE_WATERBODY_RIVER};
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'i')
            input = optarg;
        else if (ch == 'w') {
            if (!parse_waterbody(optarg, &in.def))
                return cli_usage_error(c, "water classify", "--waterbody must be river or lake");
        } else
            return cli_usage_error(c, "water classify", "unknown option '%s'", argv[optind - 1]);
    }
    if (input == NULL && optind < argc)
        input = argv[optind++];
    if (input == NULL)
        return cli_usage_error(c, "water classify", "missing --input FILE");
    if (optind != argc)
        return cli_usage_error(c, "water classify", "unexpected argument '%s'", argv[optind]);
    static const cli_calc ops = {classify_begin, classify_row};
    return cli_calc_run(c, input, &ops, &in);
}

/* ------------------------------------------------------------------------- */
/* water assess                                                               */

typedef struct assess_data {
    je_section_list secs;
    je_wq_series_set cur, prev;
    je_wq_section_result *res;
    je_jurisdiction *jur;
    size_t njur;
    je_period period;
} assess_data;

static const char *jur_name(const assess_data *d, const char *code, int en)
{
    for (size_t i = 0; i < d->njur; i++)
        if (strcmp(d->jur[i].code, code) == 0)
            return en ? d->jur[i].name_en : d->jur[i].name_zh;
    return code;
}

static out_table *section_table(const assess_data *d, const char *title)
{
    static const char *const names[] = {
        "section",  "name_zh",    "name_en", "river",  "kind",
        "upstream", "downstream", "samples", "class",  "target",
        "met",      "prev_class", "change",  "status", "main_pollutants"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_NUM,  COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *t = out_table_new(title, 15, names, types);
    for (size_t i = 0; t && i < d->secs.n; i++) {
        const je_section *s = &d->secs.items[i];
        const je_wq_section_result *r = &d->res[i];
        char n[16], main[256];
        snprintf(n, sizeof n, "%zu", r->n_samples);
        const char *cells[15] = {
            s->code,
            s->name_zh,
            s->name_en,
            s->river_zh,
            je_section_kind_name(s->kind),
            s->upstream,
            s->downstream,
            n,
            r->result.cls ? je_wq_class_label(r->result.cls) : NULL,
            s->target ? je_wq_class_label(s->target) : NULL,
            r->met < 0 ? NULL
            : r->met   ? "yes"
                       : "no",
            r->prev_cls ? je_wq_class_label(r->prev_cls) : NULL,
            r->change ? je_wq_change_name(r->change) : NULL,
            r->result.cls ? je_wq_status_zh(je_wq_status_of_class(r->result.cls)) : NULL,
            je_wq_main_format(&r->result, main, sizeof main)};
        if (!out_table_add(t, cells)) {
            out_table_free(t);
            return NULL;
        }
    }
    return t;
}

static void group_main(const je_wq_group_result *g, char *buf, size_t size)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < g->n_main && off < size; k++) {
        const char *code = je_wq_item_code(g->main_item[k]);
        int w;
        if (g->method == JE_WQ_METHOD_PROPORTION)
            w = snprintf(buf + off, size - off, "%s%s(%.0f%%)", k ? ";" : "", code,
                         100.0 * g->main_rate[k]);
        else if (isnan(g->main_rate[k]))
            w = snprintf(buf + off, size - off, "%s%s", k ? ";" : "", code);
        else
            w = snprintf(buf + off, size - off, "%s%s(%.2g)", k ? ";" : "", code, g->main_rate[k]);
        if (w < 0)
            return;
        off += (size_t)w;
    }
}

static out_table *group_table(const assess_data *d, je_wq_level level, const char *title,
                              je_error *err, je_status *st)
{
    je_wq_group_result *g;
    size_t ng;
    *st = je_wq_assess_groups(d->secs.items, d->res, d->secs.n, level, &g, &ng, err);
    if (*st != JE_OK)
        return NULL;
    int jur = level == JE_WQ_LEVEL_JURISDICTION;
    static const char *const names[] = {"code",
                                        "name_zh",
                                        "name_en",
                                        "sections",
                                        "I",
                                        "II",
                                        "III",
                                        "IV",
                                        "V",
                                        "worse_v",
                                        "share_I_III",
                                        "share_worse_v",
                                        "method",
                                        "class",
                                        "status",
                                        "status_en",
                                        "met_target",
                                        "main_pollutants",
                                        "boundary_out_met",
                                        "boundary_in_met"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM,  COL_NUM,
                                     COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM,
                                     COL_NUM,  COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *t = out_table_new(title, jur ? 20 : 18, names, types);
    for (size_t k = 0; t && k < ng; k++) {
        const je_wq_group_result *x = &g[k];
        char num[8][16], share[2][16], met[32], main[256], bout[32], bin[32];
        snprintf(num[0], 16, "%zu", x->n_sections);
        for (int c = 1; c <= 6; c++)
            snprintf(num[c], 16, "%zu", x->n_class[c]);
        fmt_num(share[0], 16, x->n_sections ? 100.0 * x->share_good : NAN, 1);
        fmt_num(share[1], 16, x->n_sections ? 100.0 * x->share_worse_v : NAN, 1);
        snprintf(met, sizeof met, "%zu/%zu", x->n_met, x->n_with_target);
        group_main(x, main, sizeof main);
        je_wq_boundary_summary b;
        je_wq_boundary_summarize(d->secs.items, d->res, d->secs.n, x->key, &b);
        snprintf(bout, sizeof bout, "%zu/%zu", b.out_met, b.out_n);
        snprintf(bin, sizeof bin, "%zu/%zu", b.in_met, b.in_n);
        const char *cells[20] = {x->key,
                                 jur ? jur_name(d, x->key, 0) : x->name_zh,
                                 jur ? jur_name(d, x->key, 1) : x->name_en,
                                 num[0],
                                 num[1],
                                 num[2],
                                 num[3],
                                 num[4],
                                 num[5],
                                 num[6],
                                 share[0],
                                 share[1],
                                 x->n_sections == 0               ? NULL
                                 : x->method == JE_WQ_METHOD_MEAN ? "mean"
                                                                  : "proportion",
                                 x->cls ? je_wq_class_label(x->cls) : NULL,
                                 x->status ? je_wq_status_zh(x->status) : NULL,
                                 x->status ? je_wq_status_en(x->status) : NULL,
                                 met,
                                 main,
                                 bout,
                                 bin};
        if (!out_table_add(t, cells)) {
            out_table_free(t);
            t = NULL;
        }
    }
    free(g);
    return t;
}

/* The options that select sections and a period, shared by assess and samples:
 * --period, --section, --river, --jurisdiction, --boundary-only, and --level where
 * `level` is not NULL. Returns EXIT_OK or the usage error's exit code. */
static int parse_selection(cli *c, const char *cmd, int argc, char **argv, const char **period,
                           const char **level, je_section_filter *f)
{
    static const struct option longopts[] = {{"period", required_argument, NULL, 'p'},
                                             {"section", required_argument, NULL, 's'},
                                             {"river", required_argument, NULL, 'r'},
                                             {"jurisdiction", required_argument, NULL, 'j'},
                                             {"boundary-only", no_argument, NULL, 'b'},
                                             {"level", required_argument, NULL, 'l'},
                                             {NULL, 0, NULL, 0}};
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'p')
            *period = optarg;
        else if (ch == 's')
            f->section = optarg;
        else if (ch == 'r')
            f->river = optarg;
        else if (ch == 'j')
            f->jurisdiction = optarg;
        else if (ch == 'b')
            f->boundary_only = 1;
        else if (ch == 'l' && level)
            *level = optarg;
        else if (ch == 'l')
            return cli_usage_error(c, cmd, "unknown option '--level'");
        else
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
    }
    return EXIT_OK;
}

static je_status load(je_db *db, const je_section_filter *f, assess_data *d, je_error *err)
{
    je_status st;
    if ((st = je_store_jurisdictions(db, &d->jur, &d->njur, err)) != JE_OK ||
        (st = je_store_sections(db, f, &d->secs, err)) != JE_OK)
        return st;
    je_period prev = je_period_previous(&d->period);
    if ((st = je_store_water_series(db, &d->secs, &d->period, &d->cur, err)) != JE_OK ||
        (st = je_store_water_series(db, &d->secs, &prev, &d->prev, err)) != JE_OK)
        return st;
    d->res = calloc(d->secs.n ? d->secs.n : 1, sizeof *d->res);
    if (d->res == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    return je_wq_assess_sections(d->secs.items, d->secs.n, d->cur.series, d->prev.series, d->res,
                                 err);
}

static void assess_free(assess_data *d)
{
    je_section_list_free(&d->secs);
    je_wq_series_set_free(&d->cur);
    je_wq_series_set_free(&d->prev);
    free(d->res);
    free(d->jur);
}

int cmd_water_assess(cli *c, int argc, char **argv)
{
    const char *period = NULL, *level_s = "section";
    je_section_filter f = {0};
    int rc = parse_selection(c, "water assess", argc, argv, &period, &level_s, &f);
    if (rc != EXIT_OK)
        return rc;
    if (optind != argc)
        return cli_usage_error(c, "water assess", "unexpected argument '%s'", argv[optind]);
    int all = strcmp(level_s, "all") == 0;
    je_wq_level level = JE_WQ_LEVEL_SECTION;
    if (!all && je_wq_level_parse(level_s, &level) != JE_OK)
        return cli_usage_error(c, "water assess",
                               "--level must be section, river, basin, jurisdiction or all");
    if (all && c->format == OUT_CSV)
        return cli_usage_error(c, "water assess",
                               "--level all prints several tables: use --format table or json");
    assess_data d = {0};
    je_error err;
    je_error_clear(&err);
    if (period && je_period_parse(period, &d.period, &err) != JE_OK)
        return cli_usage_error(c, "water assess", "%s", err.message);
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_status st = JE_OK;
    int code = EXIT_OK;
    if (period == NULL) {
        int y;
        if ((st = je_store_water_latest_year(db, &y, &err)) != JE_OK) {
            code = cli_fail(c, st, &err);
            goto out;
        }
        if (y == 0) {
            fprintf(stderr,
                    "%s: no water samples in %s (load some: jointenv demo, or "
                    "jointenv import water-samples FILE)\n",
                    c->prog, c->db_path);
            code = EXIT_RUNTIME;
            goto out;
        }
        d.period = (je_period){JE_PERIOD_YEAR, y, 0};
    }
    if ((st = load(db, &f, &d, &err)) != JE_OK) {
        code = cli_fail(c, st, &err);
        goto out;
    }
    if (d.secs.n == 0) {
        fprintf(stderr, "%s: no section matches the filter\n", c->prog);
        code = EXIT_RUNTIME;
        goto out;
    }
    char pbuf[16];
    je_period_format(&d.period, pbuf, sizeof pbuf);
    json_t *doc = c->format == OUT_JSON ? json_object() : NULL;
    if (doc)
        json_object_set_new(doc, "period", json_string(pbuf));
    for (int l = JE_WQ_LEVEL_SECTION; l <= JE_WQ_LEVEL_JURISDICTION && code == EXIT_OK; l++) {
        if (!all && l != (int)level)
            continue;
        char title[128];
        snprintf(title, sizeof title, "Water quality by %s, %s (GB 3838-2002)",
                 je_wq_level_name((je_wq_level)l), pbuf);
        out_table *t = l == JE_WQ_LEVEL_SECTION ? section_table(&d, title)
                                                : group_table(&d, (je_wq_level)l, title, &err, &st);
        if (t == NULL) {
            code = st != JE_OK ? cli_fail(c, st, &err) : EXIT_RUNTIME;
            break;
        }
        if (doc)
            json_object_set_new(doc, je_wq_level_name((je_wq_level)l), out_table_json(t));
        else {
            if (l != JE_WQ_LEVEL_SECTION && all)
                fputc('\n', stdout);
            out_table_print(t, c->format, stdout);
        }
        out_table_free(t);
    }
    if (doc) {
        if (code == EXIT_OK) {
            json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
            fputc('\n', stdout);
        }
        json_decref(doc);
    }
out:
    assess_free(&d);
    je_db_close(db);
    return code;
}

/* ------------------------------------------------------------------------- */
/* water samples                                                              */

/* The stored value as import reads it back: plain decimals (no exponent, as
 * laboratories write them; 12 decimals hold every digit a lab reports) and "0.01L"
 * below the detection limit. */
static void fmt_value(char *buf, size_t n, double v, int bdl)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, n, fabs(v) < 1e9 ? "%.12f" : "%.0f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf);
        while (e > dot + 1 && e[-1] == '0')
            *--e = '\0';
        if (e == dot + 1)
            *dot = '\0';
    }
    if (bdl)
        strncat(buf, "L", n - strlen(buf) - 1);
}

int cmd_water_samples(cli *c, int argc, char **argv)
{
    const char *period = NULL;
    je_section_filter f = {0};
    int rc = parse_selection(c, "water samples", argc, argv, &period, NULL, &f);
    if (rc != EXIT_OK)
        return rc;
    if (optind != argc)
        return cli_usage_error(c, "water samples", "unexpected argument '%s'", argv[optind]);
    je_period per;
    je_error err;
    je_error_clear(&err);
    if (period && je_period_parse(period, &per, &err) != JE_OK)
        return cli_usage_error(c, "water samples", "%s", err.message);
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_section_list secs = {0};
    je_wq_series_set set = {0};
    out_table *t = NULL;
    int code = EXIT_OK;
    je_status st;
    if ((st = je_store_sections(db, &f, &secs, &err)) != JE_OK ||
        (st = je_store_water_series(db, &secs, period ? &per : NULL, &set, &err)) != JE_OK) {
        code = cli_fail(c, st, &err);
        goto out;
    }
    /* columns: the items (and invalid flags) that occur in what is shown */
    uint32_t used = 0, flagged = 0;
    for (size_t k = 0; k < set.n; k++)
        for (size_t i = 0; i < set.series[k].n; i++) {
            const je_wq_sample *x = &set.series[k].samples[i];
            for (int it = 0; it < JE_WQ_NITEMS; it++)
                if (!isnan(x->value[it]))
                    used |= 1u << it;
            flagged |= x->invalid_mask;
        }
    const char *names[2 + 2 * JE_WQ_NITEMS];
    col_type types[2 + 2 * JE_WQ_NITEMS];
    char flag_names[JE_WQ_NITEMS][24];
    size_t nc = 0;
    names[nc] = "section";
    types[nc++] = COL_TEXT;
    names[nc] = "sampled_at";
    types[nc++] = COL_TEXT;
    for (int it = 0; it < JE_WQ_NITEMS; it++)
        if (used & (1u << it)) {
            names[nc] = je_wq_item_code((je_wq_item)it);
            types[nc++] = COL_TEXT; /* "0.01L" is text; plain values stay exact */
        }
    for (int it = 0; it < JE_WQ_NITEMS; it++)
        if (flagged & (1u << it)) {
            snprintf(flag_names[it], sizeof flag_names[it], "%s_flag",
                     je_wq_item_code((je_wq_item)it));
            names[nc] = flag_names[it];
            types[nc++] = COL_TEXT;
        }
    t = out_table_new(NULL, nc, names, types);
    for (size_t k = 0; t && k < set.n; k++) {
        for (size_t i = 0; i < set.series[k].n; i++) {
            const je_wq_sample *x = &set.series[k].samples[i];
            char when[32], vals[JE_WQ_NITEMS][32];
            const char *cells[2 + 2 * JE_WQ_NITEMS];
            size_t m = 0;
            cells[m++] = secs.items[k].code;
            cells[m++] = je_time_format(je_wq_series_set_time(&set, k, i), secs.utc_offset_s[k],
                                        when, sizeof when);
            for (int it = 0; it < JE_WQ_NITEMS; it++)
                if (used & (1u << it)) {
                    fmt_value(vals[it], sizeof vals[it], x->value[it], (x->bdl_mask >> it) & 1);
                    cells[m++] = vals[it];
                }
            for (int it = 0; it < JE_WQ_NITEMS; it++)
                if (flagged & (1u << it))
                    cells[m++] = (x->invalid_mask >> it) & 1 ? "X" : NULL;
            if (!out_table_add(t, cells)) {
                code = EXIT_RUNTIME;
                goto out;
            }
        }
    }
    if (t)
        out_table_print(t, c->format, stdout);
out:
    out_table_free(t);
    je_wq_series_set_free(&set);
    je_section_list_free(&secs);
    je_db_close(db);
    return code;
}
