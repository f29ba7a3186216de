/*
 * cmd_air_alerts.c — jointenv air alerts: heavy-pollution alert episodes per city from
 * a forecast file (or from the daily AQI of stored hours, as a hindcast), each side
 * judged by its own rule set, and the joint regional alerts when cities of both
 * sides are in alert at once.
 */
#include "cli/air.h"

#include "jointenv/air_alerts.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RULESETS 8

typedef struct ruleset_for {
    char jurisdiction[16]; /* "" = the default */
    char path[1024];
    je_alert_rules *rules;
} ruleset_for;

static je_status load_rules(ruleset_for *r, je_error *err)
{
    size_t len;
    char *text = cli_read_file(r->path, &len, err);
    if (text == NULL)
        return err->status;
    je_status st = je_alert_rules_parse(text, len, r->path, &r->rules, err);
    free(text);
    return st;
}

/* The first station of each city, from the station list (ordered by city). */
static size_t city_heads(const je_air_station *st, size_t n, const je_air_station **out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(st[i].city, st[i - 1].city) != 0)
            out[k++] = &st[i];
    return k;
}

/* Read a forecast CSV `city,date,aqi` (daily) or `city,time,aqi` (rolling 24-hour AQI
 * each hour) into one series per city. Bad rows go to diag. */
static je_status read_forecast(const char *path, const je_air_station **heads, size_t nheads,
                               je_alert_series *out, int64_t *step_s, je_diag *diag, je_error *err)
{
    je_csv *r;
    je_status st = je_csv_open(path, &r, err);
    if (st != JE_OK)
        return st;
    je_error e;
    if ((st = je_csv_read_header(r, &e)) != JE_OK) {
        je_csv_close(r);
        if (st == JE_EDATA)
            return je_diag_add(diag, &e);
        return je_error_set(err, st, "%s", e.message);
    }
    int c_city = je_csv_column(r, "city"), c_date = je_csv_column(r, "date");
    int c_time = je_csv_column(r, "time"), c_aqi = je_csv_column(r, "aqi");
    int hourly = c_date < 0 && c_time >= 0;
    int c_when = hourly ? c_time : c_date;
    *step_s = hourly ? 3600 : 86400;
    if (c_city < 0 || c_when < 0 || c_aqi < 0 || je_csv_ncolumns(r) != 3) {
        je_error_set_at(&e, JE_EDATA, path, 1, 1, NULL,
                        "a forecast file has the columns city,date,aqi (daily AQI) or "
                        "city,time,aqi (rolling 24-hour AQI each hour)");
        je_csv_close(r);
        return je_diag_add(diag, &e);
    }
    /* Two passes over memory would need the rows kept; instead each row lands in its
       city's series, grown as needed and indexed from the earliest time seen. */
    typedef struct cell {
        size_t city;
        int64_t t;
        double aqi;
    } cell;
    cell *cells = NULL;
    size_t n = 0, cap = 0;
    int has;
    for (;;) {
        st = je_csv_next(r, &has, &e);
        if (st == JE_EDATA) {
            je_diag_add(diag, &e);
            continue;
        }
        if (st != JE_OK) {
            je_error_set(err, st, "%s", e.message);
            break;
        }
        if (!has)
            break;
        const char *city = je_csv_field(r, (size_t)c_city);
        size_t k = 0;
        while (k < nheads && strcmp(heads[k]->city, city) != 0)
            k++;
        if (k == nheads) {
            je_csv_error(r, (size_t)c_city, &e,
                         "unknown city '%s' (a city of the stored air stations)", city);
            je_diag_add(diag, &e);
            continue;
        }
        const char *w = je_csv_field(r, (size_t)c_when);
        int64_t t;
        if (je_time_parse(w, strlen(w), heads[k]->utc_offset_s, &t, NULL) != JE_OK ||
            (hourly && (t + heads[k]->utc_offset_s) % 3600 != 0)) {
            je_csv_error(r, (size_t)c_when, &e, "'%s' is not a %s", w,
                         hourly ? "time on the hour (2022-12-18T08:00)" : "date (YYYY-MM-DD)");
            je_diag_add(diag, &e);
            continue;
        }
        const char *a = je_csv_field(r, (size_t)c_aqi);
        double v;
        if (je_parse_double(a, strlen(a), &v) != JE_OK || v < 0 || v > 500) {
            je_csv_error(r, (size_t)c_aqi, &e, "AQI '%s' is not a number from 0 to 500", a);
            je_diag_add(diag, &e);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            cell *bigger = realloc(cells, cap * sizeof *cells);
            if (bigger == NULL) {
                st = je_error_set(err, JE_ENOMEM, "out of memory");
                break;
            }
            cells = bigger;
        }
        cells[n++] = (cell){k, t, v};
    }
    je_csv_close(r);
    for (size_t k = 0; k < nheads && st == JE_OK; k++) {
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (size_t i = 0; i < n; i++)
            if (cells[i].city == k) {
                lo = cells[i].t < lo ? cells[i].t : lo;
                hi = cells[i].t > hi ? cells[i].t : hi;
            }
        je_alert_series *s = &out[k];
        s->city = heads[k];
        if (lo == INT64_MAX)
            continue;
        if ((hi - lo) / *step_s > 366 * 24 * 5) {
            st = je_error_set(err, JE_EINVAL, "forecast for %s spans more than 5 years",
                              heads[k]->city);
            break;
        }
        s->t0 = lo;
        s->n = (size_t)((hi - lo) / *step_s) + 1;
        s->aqi = malloc(s->n * sizeof *s->aqi);
        if (s->aqi == NULL) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        for (size_t i = 0; i < s->n; i++)
            s->aqi[i] = NAN;
        for (size_t i = 0; i < n; i++)
            if (cells[i].city == k)
                s->aqi[(cells[i].t - lo) / *step_s] = cells[i].aqi;
    }
    free(cells);
    return st;
}

static void when_text(int64_t t, int32_t off, int64_t step_s, char *buf, size_t size)
{
    if (step_s == 86400)
        je_time_format_date(t, off, buf, size);
    else
        je_time_format(t, off, buf, size);
}

static out_table *alerts_table(const je_alert_series *s, size_t n, int64_t step_s)
{
    static const char *const names[] = {"city",     "city_zh",       "jurisdiction", "level",
                                        "level_zh", "start",         "end",          "days",
                                        "peak_aqi", "reduction_pct", "rules"};
    enum { NC = sizeof names / sizeof names[0] };
    static const col_type types[NC] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                       COL_TEXT, COL_NUM,  COL_NUM,  COL_NUM,  COL_TEXT};
    out_table *t = out_table_new("Heavy-pollution alerts by city", NC, names, types);
    for (size_t k = 0; t && k < n; k++)
        for (size_t i = 0; i < s[k].n_ep; i++) {
            const je_alert_episode *e = &s[k].ep[i];
            char start[40], end[40], days[24], peak[16], red[16];
            int32_t off = s[k].city->utc_offset_s;
            when_text(e->start, off, step_s, start, sizeof start);
            /* the last step covered, shown inclusively */
            when_text(e->end - step_s, off, step_s, end, sizeof end);
            snprintf(days, sizeof days, "%.4g", (double)(e->end - e->start) / 86400.0);
            snprintf(peak, sizeof peak, "%.0f", e->peak_aqi);
            snprintf(red, sizeof red, "%d", e->reduction_pct);
            const char *cells[NC] = {s[k].city->city,
                                     s[k].city->city_zh,
                                     s[k].city->jurisdiction,
                                     je_alert_level_name(e->level),
                                     je_alert_level_name_zh(e->level),
                                     start,
                                     end,
                                     days,
                                     peak,
                                     red,
                                     je_alert_rules_id(s[k].rules)};
            if (!out_table_add(t, cells)) {
                out_table_free(t);
                return NULL;
            }
        }
    return t;
}

static out_table *joint_table(const je_alert_joint *j, size_t n, int32_t off, int64_t step_s)
{
    static const char *const names[] = {"joint_alert",  "start", "end",           "days",
                                        "jurisdiction", "level", "reduction_pct", "cities"};
    enum { NC = sizeof names / sizeof names[0] };
    static const col_type types[NC] = {COL_NUM,  COL_TEXT, COL_TEXT, COL_NUM,
                                       COL_TEXT, COL_TEXT, COL_NUM,  COL_NUM};
    out_table *t =
        out_table_new("Joint regional alerts (both sides in alert at once)", NC, names, types);
    for (size_t i = 0; t && i < n; i++)
        for (size_t k = 0; k < j[i].n_sides; k++) {
            char id[24], start[40], end[40], days[24], red[16], nc[24];
            snprintf(id, sizeof id, "%zu", i + 1);
            when_text(j[i].start, off, step_s, start, sizeof start);
            when_text(j[i].end - step_s, off, step_s, end, sizeof end);
            snprintf(days, sizeof days, "%.4g", (double)(j[i].end - j[i].start) / 86400.0);
            snprintf(red, sizeof red, "%d", j[i].side[k].reduction_pct);
            snprintf(nc, sizeof nc, "%zu", j[i].side[k].n_cities);
            const char *cells[NC] = {id,
                                     start,
                                     end,
                                     days,
                                     j[i].side[k].jurisdiction,
                                     je_alert_level_name(j[i].side[k].level),
                                     red,
                                     nc};
            if (!out_table_add(t, cells)) {
                out_table_free(t);
                return NULL;
            }
        }
    return t;
}

int cmd_air_alerts(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {AIR_COMMON_OPTIONS,
                                             {"forecast", required_argument, NULL, 'f'},
                                             {"rules", required_argument, NULL, 'R'},
                                             {"rules-for", required_argument, NULL, 'P'},
                                             {"show", required_argument, NULL, 'w'},
                                             {NULL, 0, NULL, 0}};
    const char *cmd = "air alerts";
    air_select sel = {0};
    const char *forecast = NULL, *show = "all";
    ruleset_for rs[MAX_RULESETS];
    memset(rs, 0, sizeof rs);
    size_t nrs = 1;
    cli_data_path("rules/air-alert-mee-2017.json", rs[0].path, sizeof rs[0].path);
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'f') {
            forecast = optarg;
        } else if (ch == 'R') {
            snprintf(rs[0].path, sizeof rs[0].path, "%s", optarg);
        } else if (ch == 'P') {
            const char *eq = strchr(optarg, '=');
            if (eq == NULL || eq == optarg || (size_t)(eq - optarg) >= sizeof rs[0].jurisdiction)
                return cli_usage_error(c, cmd, "--rules-for needs CODE=FILE, e.g. 500000=%s",
                                       "my-rules.json");
            if (nrs == MAX_RULESETS)
                return cli_usage_error(c, cmd, "at most %d rule sets", MAX_RULESETS - 1);
            memcpy(rs[nrs].jurisdiction, optarg, (size_t)(eq - optarg));
            snprintf(rs[nrs].path, sizeof rs[nrs].path, "%s", eq + 1);
            nrs++;
        } else if (ch == 'w') {
            show = optarg;
            if (strcmp(show, "all") && strcmp(show, "alerts") && strcmp(show, "joint"))
                return cli_usage_error(c, cmd, "--show must be alerts, joint or all");
        } else {
            int rc = air_common_option(c, cmd, ch, optarg, &sel);
            if (rc < 0)
                return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
            if (rc != EXIT_OK)
                return rc;
        }
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    if (forecast && (sel.from || sel.to))
        return cli_usage_error(c, cmd, "use --forecast FILE or --from/--to, not both");
    if (strcmp(show, "all") == 0 && c->format == OUT_CSV)
        return cli_usage_error(c, cmd,
                               "two tables: use --show alerts or --show joint with --format csv");
    je_error err;
    je_error_clear(&err);
    je_status st = JE_OK;
    for (size_t i = 0; i < nrs && st == JE_OK; i++)
        st = load_rules(&rs[i], &err);
    je_db *db = st == JE_OK ? cli_open_db(c) : NULL;
    je_alert_set set = {0};
    const je_air_station **heads = NULL;
    je_alert_rules_for by[MAX_RULESETS];
    size_t nheads = 0;
    int code = EXIT_OK;
    je_diag diag;
    je_diag_init(&diag, 50);
    set.step_s = 86400;
    if (st != JE_OK) {
        code = cli_fail(c, st, &err);
        goto done;
    }
    if (db == NULL) {
        code = EXIT_RUNTIME;
        goto done;
    }
    if (forecast) {
        /* Every stored city is known (a forecast file usually covers all of them);
           --city/--station/--jurisdiction then choose which are shown. */
        if ((st = je_store_air_stations(db, NULL, &set.stations, &set.n_stations, &err)) != JE_OK)
            goto fail;
        heads = malloc((set.n_stations ? set.n_stations : 1) * sizeof *heads);
        set.s = calloc(set.n_stations ? set.n_stations : 1, sizeof *set.s);
        if (heads == NULL || set.s == NULL) {
            st = je_error_set(&err, JE_ENOMEM, "out of memory");
            goto fail;
        }
        nheads = city_heads(set.stations, set.n_stations, heads);
        set.n = nheads;
        if ((st = read_forecast(forecast, heads, nheads, set.s, &set.step_s, &diag, &err)) !=
            JE_OK)
            goto fail;
        if (diag.total > 0) {
            cli_print_diag(&diag);
            fprintf(stderr, "%s: %zu error(s); no alerts computed. Fix the rows above.\n", forecast,
                    diag.total);
            code = EXIT_BADDATA;
            goto done;
        }
        if (sel.f.city || sel.f.station || sel.f.jurisdiction) {
            je_air_station *keep = NULL;
            size_t nkeep = 0;
            if ((st = je_store_air_stations(db, &sel.f, &keep, &nkeep, &err)) != JE_OK)
                goto fail;
            size_t k = 0;
            for (size_t i = 0; i < set.n; i++) {
                size_t j = 0;
                while (j < nkeep && strcmp(keep[j].city, set.s[i].city->city) != 0)
                    j++;
                if (j < nkeep)
                    set.s[k++] = set.s[i];
                else
                    free(set.s[i].aqi);
            }
            set.n = k;
            free(keep);
            if (set.n == 0) {
                st = je_error_set(&err, JE_ENOTFOUND, "no stored city matches the selection");
                goto fail;
            }
        }
    } else {
        int64_t d0, d1;
        if ((code = air_resolve_range(c, db, cmd, sel.from, sel.to, &d0, &d1)) != EXIT_OK)
            goto done;
        st = je_alert_set_from_store(db, &sel.f, d0, (size_t)(d1 - d0 + 1), &sel.daily, &set,
                                     &err);
        if (st != JE_OK)
            goto fail;
    }
    for (size_t i = 1; i < nrs; i++)
        by[i - 1] = (je_alert_rules_for){rs[i].jurisdiction, rs[i].rules};
    if ((st = je_alert_set_judge(&set, rs[0].rules, by, nrs - 1, &err)) != JE_OK)
        goto fail;
    {
        out_table *ta = strcmp(show, "joint") ? alerts_table(set.s, set.n, set.step_s) : NULL;
        int32_t off = set.n ? set.s[0].city->utc_offset_s : 8 * 3600;
        out_table *tj =
            strcmp(show, "alerts") ? joint_table(set.joint, set.n_joint, off, set.step_s) : NULL;
        if (c->format == OUT_JSON && ta && tj) {
            json_t *doc = json_object();
            json_object_set_new(doc, "alerts", out_table_json(ta));
            json_object_set_new(doc, "joint", out_table_json(tj));
            json_dumpf(doc, stdout, JSON_INDENT(2));
            fputc('\n', stdout);
            json_decref(doc);
        } else {
            if (ta)
                out_table_print(ta, c->format, stdout);
            if (ta && tj && c->format == OUT_TABLE)
                fputc('\n', stdout);
            if (tj)
                out_table_print(tj, c->format, stdout);
        }
        out_table_free(ta);
        out_table_free(tj);
    }
    goto done;
fail:
    code = cli_fail(c, st, &err);
done:
    je_alert_set_free(&set);
    free(heads);
    je_diag_free(&diag);
    for (size_t i = 0; i < nrs; i++)
        je_alert_rules_free(rs[i].rules);
    if (db)
        je_db_close(db);
    return code;
}
