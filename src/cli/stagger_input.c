/*
 * stagger_input.c — assembling a staggered-production problem from the store and the
 * files a planner has: the clinker lines (store), the population receptors (store),
 * hourly meteorology (--met), regional clinker demand (--demand) and alerts (a
 * forecast of daily AQI per city, --alerts). The weights are the exposure each line
 * causes on each day:
 *
 *   w[line][day] = q_line × Σ_receptors population × T_day[receptor][line]
 *
 * with T_day the mean transfer coefficient (µg/m³ per g/s) of the day's hours by the
 * Gaussian plume engine (je_plume_transfer), in µg/m³ · person. A day without
 * meteorology takes the mean of all the hours there are (a climatological weight).
 */
#include "cli/stagger.h"

#include "jointenv/geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void stagger_input_free(stagger_input *in)
{
    free(in->plants);
    free(in->lines);
    free(in->weight);
    free(in->demand);
    free(in->arcs);
    free(in->alert);
    for (size_t i = 0; i < in->n_regions; i++)
        free(in->region[i]);
    free(in->region);
    for (size_t i = 0; i < in->n_cities; i++)
        free(in->city[i]);
    free(in->city);
    memset(in, 0, sizeof *in);
}

/* Index of `name` in a growing list of strings (added when new); -1 on ENOMEM. */
static int index_of(char ***list, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], name) == 0)
            return (int)i;
    char **bigger = realloc(*list, (*n + 1) * sizeof *bigger);
    if (bigger == NULL)
        return -1;
    *list = bigger;
    size_t len = strlen(name);
    if ((bigger[*n] = malloc(len + 1)) == NULL)
        return -1;
    memcpy(bigger[*n], name, len + 1);
    return (int)(*n)++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lines of the store as the scheduler sees them; regions and jurisdictions indexed in
 * code order. */
static je_status load_lines(je_db *db, const char *jurisdiction, stagger_input *in, je_error *err)
{
    je_status st = je_store_plants(db, jurisdiction, &in->plants, &in->n_lines, err);
    if (st != JE_OK)
        return st;
    if (in->n_lines == 0)
        return je_error_set(err, JE_ENOTFOUND,
                            "no clinker lines stored (import them: jointenv import plants FILE)");
    in->lines = calloc(in->n_lines, sizeof *in->lines);
    if (in->lines == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < in->n_lines; i++)
        if (index_of(&in->region, &in->n_regions, in->plants[i].region) < 0)
            return je_error_set(err, JE_ENOMEM, "out of memory");
    qsort(in->region, in->n_regions, sizeof *in->region, cmp_str);
    for (size_t i = 0; i < in->n_lines; i++) {
        const je_plant *p = &in->plants[i];
        size_t j = 0;
        while (j < in->n_jur && strcmp(in->jur[j], p->jurisdiction) != 0)
            j++;
        if (j == in->n_jur) {
            if (in->n_jur == STAGGER_MAX_JUR)
                return je_error_set(err, JE_EINVAL, "more than %d jurisdictions", STAGGER_MAX_JUR);
            snprintf(in->jur[in->n_jur++], sizeof in->jur[0], "%s", p->jurisdiction);
        }
        je_stagger_line *l = &in->lines[i];
        l->code = p->code;
        l->jurisdiction = (int)j;
        l->region = index_of(&in->region, &in->n_regions, p->region);
        l->city = -1;
        l->capacity_t_d = p->capacity_t_d;
        l->grade = (je_grade)(p->grade - 'A');
        l->special_cement_share = p->special_cement / 100.0;
        l->carbide_slag_only = p->carbide_slag;
        /* The store keeps one co-processing flag (MSW or hazardous waste); it is taken
           as MSW co-processing, the exemption of the 2024 draft. */
        l->msw_coprocessing = p->coprocessing;
        l->hazardous_waste_share = 0.0;
        l->heating_duty = p->heating_duty;
        l->deep_treatment_a = p->deep_treatment_a;
    }
    return JE_OK;
}

/* Each line's alert area: the stored air-monitoring city nearest to it (by the mean
 * position of the city's stations), if within STAGGER_CITY_KM. */
static je_status assign_cities(je_db *db, stagger_input *in, je_error *err)
{
    je_air_station *st = NULL;
    size_t n = 0;
    je_status s = je_store_air_stations(db, NULL, &st, &n, err);
    if (s != JE_OK || n == 0) {
        free(st);
        return s;
    }
    double *clon = calloc(n, sizeof *clon), *clat = calloc(n, sizeof *clat);
    int *cnt = calloc(n, sizeof *cnt);
    if (clon == NULL || clat == NULL || cnt == NULL) {
        s = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        int k = index_of(&in->city, &in->n_cities, st[i].city);
        if (k < 0) {
            s = je_error_set(err, JE_ENOMEM, "out of memory");
            goto done;
        }
        clon[k] += st[i].lon;
        clat[k] += st[i].lat;
        cnt[k]++;
    }
    for (size_t k = 0; k < in->n_cities; k++) {
        clon[k] /= cnt[k];
        clat[k] /= cnt[k];
    }
    for (size_t i = 0; i < in->n_lines; i++) {
        double best = INFINITY;
        for (size_t k = 0; k < in->n_cities; k++) {
            /* equirectangular distance: enough to pick the nearest city */
            double dx = (in->plants[i].lon - clon[k]) * cos(in->plants[i].lat * M_PI / 180.0);
            double dy = in->plants[i].lat - clat[k];
            double d_km = sqrt(dx * dx + dy * dy) * 111.195;
            if (d_km < best && d_km <= STAGGER_CITY_KM) {
                best = d_km;
                in->lines[i].city = (int)k;
            }
        }
    }
done:
    free(st);
    free(clon);
    free(clat);
    free(cnt);
    return s;
}

/* The plume weights: w[line][day] (see the top of the file). */
static je_status compute_weights(cli *c, je_db *db, const stagger_opts *o, stagger_input *in,
                                 je_diag *diag, je_error *err)
{
    je_receptor *rec = NULL;
    size_t nr = 0;
    je_status st = je_store_receptors(db, NULL, &rec, &nr, err);
    if (st != JE_OK)
        return st;
    if (nr == 0) {
        free(rec);
        return je_error_set(err, JE_ENOTFOUND,
                            "no population receptors stored (import them: "
                            "jointenv import receptors FILE)");
    }
    size_t ns = in->n_lines;
    double lon0 = 0, lat0 = 0;
    for (size_t i = 0; i < ns; i++) {
        lon0 += in->plants[i].lon / (double)ns;
        lat0 += in->plants[i].lat / (double)ns;
    }
    je_met_hour *met = NULL;
    size_t nh = 0;
    je_geo_plane *plane = NULL;
    je_plume_source *src = calloc(ns, sizeof *src);
    je_plume_receptor *rc = calloc(nr, sizeof *rc);
    double *x = malloc((ns + nr) * sizeof *x), *y = malloc((ns + nr) * sizeof *y);
    double *t_day = malloc(nr * ns * sizeof *t_day), *t_all = malloc(nr * ns * sizeof *t_all);
    in->weight = calloc(ns * in->n_days, sizeof *in->weight);
    if (!src || !rc || !x || !y || !t_day || !t_all || !in->weight) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = cli_read_met(o->met, 0, lon0, lat0, diag, &met, &nh, err)) != JE_OK ||
        diag->total > 0)
        goto done;
    if ((st = je_geo_local(lon0, lat0, JE_GEO_AEQD, &plane, err)) != JE_OK)
        goto done;
    for (size_t i = 0; i < ns; i++) {
        x[i] = in->plants[i].lon;
        y[i] = in->plants[i].lat;
    }
    for (size_t r = 0; r < nr; r++) {
        x[ns + r] = rec[r].lon;
        y[ns + r] = rec[r].lat;
    }
    if ((st = je_geo_to_xy(plane, x, y, ns + nr, x, y, err)) != JE_OK)
        goto done;
    for (size_t i = 0; i < ns; i++)
        src[i] = (je_plume_source){x[i], y[i], in->plants[i].stack};
    for (size_t r = 0; r < nr; r++)
        rc[r] = (je_plume_receptor){x[ns + r], y[ns + r], 0.0};
    je_plume_opts po;
    je_plume_opts_default(&po);
    size_t used = 0;
    if ((st = je_plume_transfer(src, ns, rc, nr, met, nh, &po, NULL, t_all, &used, err)) != JE_OK)
        goto done;
    /* hours grouped by local day (+08:00 by the met file's times) */
    size_t h0 = 0;
    for (size_t d = 0; d < in->n_days; d++) {
        int64_t day = in->first_day + (int64_t)d;
        while (h0 < nh && je_time_local_day(met[h0].t, STAGGER_OFFSET_S) < day)
            h0++;
        size_t h1 = h0;
        while (h1 < nh && je_time_local_day(met[h1].t, STAGGER_OFFSET_S) == day)
            h1++;
        const double *t = t_all;
        if (h1 > h0) {
            if ((st = je_plume_transfer(src, ns, rc, nr, met + h0, h1 - h0, &po, NULL, t_day, NULL,
                                        err)) != JE_OK)
                goto done;
            t = t_day;
        } else {
            in->days_without_met++;
        }
        for (size_t i = 0; i < ns; i++) {
            double q = in->plants[i].q_g_s[o->pollutant], sum = 0.0;
            for (size_t r = 0; r < nr; r++)
                sum += rec[r].population * t[r * ns + i];
            in->weight[i * in->n_days + d] = q * sum;
        }
        cli_progress(c, d + 1, in->n_days, "days");
        h0 = h1;
    }
    cli_progress_done(c);
done:
    je_geo_free(plane);
    free(rec);
    free(met);
    free(src);
    free(rc);
    free(x);
    free(y);
    free(t_day);
    free(t_all);
    return st;
}

/* --demand FILE: region,month,demand_t_d (month YYYY-MM). Days of a month missing from
 * the file have no demand (no supply rule those days). */
static je_status read_demand(const char *path, stagger_input *in, je_diag *diag, je_error *err)
{
    in->demand = calloc(in->n_regions * in->n_days, sizeof *in->demand);
    if (in->demand == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_csv *r;
    je_status st = je_csv_open(path, &r, err);
    if (st != JE_OK)
        return st;
    static const char *const cols[] = {"region", "month", "demand_t_d"};
    int c[3];
    if ((st = je_csv_read_header(r, err)) != JE_OK) {
        je_csv_close(r);
        return st == JE_EDATA ? je_diag_add(diag, err) : st;
    }
    for (int k = 0; k < 3; k++)
        if ((c[k] = je_csv_column(r, cols[k])) < 0) {
            je_error e;
            je_error_set_at(&e, JE_EDATA, path, 1, 1, NULL,
                            "missing column '%s' (region,month,demand_t_d)", cols[k]);
            je_diag_add(diag, &e);
        }
    for (int has = 1; diag->total == 0;) {
        if ((st = cli_next_row(r, diag, &has, err)) != JE_OK || !has)
            break;
        const char *reg = je_csv_field(r, (size_t)c[0]), *mon = je_csv_field(r, (size_t)c[1]);
        size_t k = 0;
        while (k < in->n_regions && strcmp(in->region[k], reg) != 0)
            k++;
        int y, m;
        char tail;
        double v;
        if (k == in->n_regions) {
            cli_diag_field(diag, r, (size_t)c[0],
                           "unknown market region '%s' (no stored line "
                           "belongs to it)",
                           reg);
            continue;
        }
        if (sscanf(mon, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12) {
            cli_diag_field(diag, r, (size_t)c[1], "'%s' is not a month (YYYY-MM)", mon);
            continue;
        }
        if (!cli_cell_num(diag, r, c[2], CLI_NONNEG, 0, "demand", &v))
            continue;
        int64_t first = je_days_from_civil(y, m, 1);
        int64_t next = m == 12 ? je_days_from_civil(y + 1, 1, 1) : je_days_from_civil(y, m + 1, 1);
        for (int64_t d = first; d < next; d++)
            if (d >= in->first_day && d < in->first_day + (int64_t)in->n_days)
                in->demand[k * in->n_days + (size_t)(d - in->first_day)] = v;
    }
    je_csv_close(r);
    return st;
}

/* --transfers FILE: from,to,capacity_t_d — the transfer arcs between market regions
 * (one direction each; give both for a two-way link). */
static je_status read_transfers(const char *path, stagger_input *in, je_diag *diag, je_error *err)
{
    je_csv *r;
    je_status st = je_csv_open(path, &r, err);
    if (st != JE_OK)
        return st;
    static const char *const cols[] = {"from", "to", "capacity_t_d"};
    int c[3];
    if ((st = je_csv_read_header(r, err)) != JE_OK) {
        je_csv_close(r);
        return st == JE_EDATA ? je_diag_add(diag, err) : st;
    }
    for (int k = 0; k < 3; k++)
        if ((c[k] = je_csv_column(r, cols[k])) < 0) {
            je_error e;
            je_error_set_at(&e, JE_EDATA, path, 1, 1, NULL,
                            "missing column '%s' (from,to,capacity_t_d)", cols[k]);
            je_diag_add(diag, &e);
        }
    size_t cap = 0;
    int header_ok = diag->total == 0;
    for (int has = 1; header_ok;) { /* every bad row is reported, not only the first */
        if ((st = cli_next_row(r, diag, &has, err)) != JE_OK || !has)
            break;
        int end[2];
        for (int k = 0; k < 2; k++) {
            const char *reg = je_csv_field(r, (size_t)c[k]);
            size_t g = 0;
            while (g < in->n_regions && strcmp(in->region[g], reg) != 0)
                g++;
            end[k] = g < in->n_regions ? (int)g : -1;
            if (end[k] < 0)
                cli_diag_field(diag, r, (size_t)c[k],
                               "unknown market region '%s' (no stored line belongs to it)", reg);
        }
        double v;
        if (end[0] < 0 || end[1] < 0 ||
            !cli_cell_num(diag, r, c[2], CLI_NONNEG, 0, "transfer capacity (t/d)", &v))
            continue;
        if (end[0] == end[1]) {
            cli_diag_field(diag, r, (size_t)c[1], "an arc from region '%s' to itself",
                           in->region[end[0]]);
            continue;
        }
        size_t a = 0;
        while (a < in->n_arcs && !(in->arcs[a].from == end[0] && in->arcs[a].to == end[1]))
            a++;
        if (a < in->n_arcs) {
            cli_diag_field(diag, r, (size_t)c[0], "the arc %s → %s is given twice",
                           in->region[end[0]], in->region[end[1]]);
            continue;
        }
        if (in->n_arcs == cap) {
            size_t nc = cap ? 2 * cap : 16;
            je_stagger_arc *bigger = realloc(in->arcs, nc * sizeof *bigger);
            if (bigger == NULL) {
                st = je_error_set(err, JE_ENOMEM, "out of memory");
                break;
            }
            in->arcs = bigger;
            cap = nc;
        }
        in->arcs[in->n_arcs++] = (je_stagger_arc){end[0], end[1], v};
    }
    je_csv_close(r);
    if (st == JE_OK && diag->total == 0 && in->n_regions > JE_STAGGER_NET_REGIONS_MAX)
        return je_error_set(err, JE_EINVAL,
                            "%s: a transfer network of %zu market regions; at most %d are "
                            "supported",
                            path, in->n_regions, JE_STAGGER_NET_REGIONS_MAX);
    return st;
}

/* --alerts FILE: a forecast of daily AQI per city (city,date,aqi), turned into alert
 * levels per city and day by the alert rule set (air.h), for the lines' alert areas. */
static je_status read_alerts(const stagger_opts *o, stagger_input *in, je_diag *diag, je_error *err)
{
    in->alert = calloc(in->n_cities * in->n_days + 1, 1);
    if (in->alert == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    size_t len;
    char *json = cli_read_file(o->alert_rules, &len, err);
    if (json == NULL)
        return err->status;
    je_alert_rules *rules = NULL;
    je_status st = je_alert_rules_parse(json, len, o->alert_rules, &rules, err);
    free(json);
    if (st != JE_OK)
        return st;
    double *aqi = malloc((in->n_cities * in->n_days + 1) * sizeof *aqi);
    je_csv *r = NULL;
    if (aqi == NULL) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < in->n_cities * in->n_days; i++)
        aqi[i] = NAN;
    if ((st = je_csv_open(o->alerts, &r, err)) != JE_OK)
        goto done;
    if ((st = je_csv_read_header(r, err)) != JE_OK) {
        if (st == JE_EDATA)
            st = je_diag_add(diag, err);
        goto done;
    }
    int cc = je_csv_column(r, "city"), cd = je_csv_column(r, "date"), ca = je_csv_column(r, "aqi");
    if (cc < 0 || cd < 0 || ca < 0) {
        je_error e;
        je_error_set_at(&e, JE_EDATA, o->alerts, 1, 1, NULL,
                        "an alert forecast has the columns city,date,aqi");
        st = je_diag_add(diag, &e);
        goto done;
    }
    for (int has = 1;;) {
        if ((st = cli_next_row(r, diag, &has, err)) != JE_OK)
            goto done;
        if (!has)
            break;
        const char *city = je_csv_field(r, (size_t)cc), *date = je_csv_field(r, (size_t)cd);
        size_t k = 0;
        while (k < in->n_cities && strcmp(in->city[k], city) != 0)
            k++;
        int64_t day;
        double v;
        if (k == in->n_cities) {
            cli_diag_field(diag, r, (size_t)cc,
                           "unknown city '%s' (a city of the stored air "
                           "stations)",
                           city);
            continue;
        }
        if (!air_parse_date(date, &day)) {
            cli_diag_field(diag, r, (size_t)cd, "'%s' is not a date (YYYY-MM-DD)", date);
            continue;
        }
        if (!cli_cell_num(diag, r, ca, CLI_NONNEG, 0, "AQI", &v))
            continue;
        if (day >= in->first_day && day < in->first_day + (int64_t)in->n_days)
            aqi[k * in->n_days + (size_t)(day - in->first_day)] = v;
    }
    for (size_t k = 0; k < in->n_cities && diag->total == 0; k++) {
        je_alert_episode *ep = NULL;
        size_t n = 0;
        if ((st = je_alert_episodes(rules, aqi + k * in->n_days, in->n_days, in->first_day * 86400,
                                    86400, &ep, &n, err)) != JE_OK)
            goto done;
        for (size_t e = 0; e < n; e++)
            for (size_t d = ep[e].first; d <= ep[e].last; d++)
                in->alert[k * in->n_days + d] = (uint8_t)ep[e].level;
        free(ep);
    }
done:
    je_csv_close(r);
    free(aqi);
    je_alert_rules_free(rules);
    return st;
}

je_status stagger_input_load(cli *c, je_db *db, const stagger_opts *o, stagger_input *in,
                             je_diag *diag, je_error *err)
{
    memset(in, 0, sizeof *in);
    in->first_day = o->first_day;
    in->n_days = o->n_days;
    je_status st = load_lines(db, o->jurisdiction, in, err);
    if (st == JE_OK)
        st = assign_cities(db, in, err);
    if (st == JE_OK && o->met)
        st = compute_weights(c, db, o, in, diag, err);
    if (st == JE_OK && !o->met) {
        /* No meteorology: every day weighs the line's emission alone (the plan then
           only meets the rules, it does not place stops by exposure). */
        in->weight = malloc(in->n_lines * in->n_days * sizeof *in->weight);
        if (in->weight == NULL)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        for (size_t i = 0; i < in->n_lines; i++)
            for (size_t d = 0; d < in->n_days; d++)
                in->weight[i * in->n_days + d] = in->plants[i].q_g_s[o->pollutant];
    }
    if (st == JE_OK && diag->total == 0 && o->demand)
        st = read_demand(o->demand, in, diag, err);
    if (st == JE_OK && diag->total == 0 && o->transfers)
        st = read_transfers(o->transfers, in, diag, err);
    if (st == JE_OK && diag->total == 0 && o->alerts)
        st = read_alerts(o, in, diag, err);
    return st;
}

void stagger_problem_of(const stagger_input *in, je_stagger_problem *p)
{
    memset(p, 0, sizeof *p);
    p->n_lines = in->n_lines;
    p->lines = in->lines;
    p->n_days = in->n_days;
    p->first_day = in->first_day;
    p->weight = in->weight;
    p->n_jurisdictions = in->n_jur;
    p->n_regions = in->n_regions;
    p->demand_t_d = in->demand;
    p->n_arcs = in->n_arcs;
    p->arcs = in->arcs;
    p->region_names = (const char *const *)in->region;
    p->n_cities = in->n_cities;
    p->alert = in->alert;
}
