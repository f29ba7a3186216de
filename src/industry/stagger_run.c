/*
 * stagger_run.c — a staggered-production schedule published as a run
 * (jointenv/stagger_run.h): its canonical JSON output (stop intervals per line,
 * capacity running against demand per region and day, exposure avoided) and inputs,
 * recorded with je_run_record after the permission check; and the newest one read back.
 */
#include "jointenv/stagger_run.h"
#include "jointenv/governance.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Canonical JSON: sorted keys, no spaces, reals with 17 significant digits. */
#define CANON (JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17))

static void day_text(int64_t day, char buf[16])
{
    int y, m, d;
    je_civil_from_days(day, &y, &m, &d);
    snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
}

static json_t *jdate(int64_t day)
{
    char b[16];
    day_text(day, b);
    return json_string(b);
}

static je_status check(const je_stagger_publish *pub, je_error *err)
{
    const je_stagger_problem *p = pub ? pub->problem : NULL;
    if (p == NULL || pub->rules == NULL || pub->stop == NULL || pub->jurisdictions == NULL ||
        pub->regions == NULL || (p->n_lines > 0 && p->lines == NULL))
        return je_error_set(err, JE_EINVAL, "je_stagger_run: NULL argument");
    if (p->n_days == 0 || p->n_lines == 0)
        return je_error_set(err, JE_EINVAL, "a schedule needs at least one line and one day");
    for (size_t i = 0; i < p->n_lines; i++) {
        const je_stagger_line *l = &p->lines[i];
        if (l->code == NULL || l->code[0] == '\0')
            return je_error_set(err, JE_EINVAL, "line %zu has no code", i + 1);
        if (l->jurisdiction < 0 || (size_t)l->jurisdiction >= p->n_jurisdictions || l->region < 0 ||
            (size_t)l->region >= p->n_regions)
            return je_error_set(err, JE_EINVAL,
                                "line %s: jurisdiction or region index out of range", l->code);
    }
    for (size_t j = 0; j < p->n_jurisdictions; j++)
        if (pub->jurisdictions[j] == NULL)
            return je_error_set(err, JE_EINVAL, "jurisdiction %zu has no code", j);
    for (size_t r = 0; r < p->n_regions; r++)
        if (pub->regions[r] == NULL)
            return je_error_set(err, JE_EINVAL, "region %zu has no code", r);
    return JE_OK;
}

static json_t *codes(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

/* One line with its stop intervals (runs of stopped days). */
static json_t *line_json(const je_stagger_publish *pub, size_t i)
{
    const je_stagger_problem *p = pub->problem;
    const je_stagger_line *l = &p->lines[i];
    const uint8_t *s = pub->stop + i * p->n_days;
    json_t *stops = json_array();
    size_t days = 0;
    for (size_t d = 0; d < p->n_days;) {
        if (!s[d]) {
            d++;
            continue;
        }
        size_t e = d;
        while (e + 1 < p->n_days && s[e + 1])
            e++;
        json_array_append_new(
            stops, json_pack("{s:o, s:o, s:I}", "from", jdate(p->first_day + (int64_t)d), "to",
                             jdate(p->first_day + (int64_t)e), "days", (json_int_t)(e - d + 1)));
        days += e - d + 1;
        d = e + 1;
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:f, s:I, s:o}", "code", l->code, "jurisdiction",
                     pub->jurisdictions[l->jurisdiction], "region", pub->regions[l->region],
                     "grade", je_grade_name(l->grade), "capacity_t_d", l->capacity_t_d, "stop_days",
                     (json_int_t)days, "stops", stops);
}

/* Capacity, running capacity and demand per day and region. */
static json_t *capacity_json(const je_stagger_publish *pub)
{
    const je_stagger_problem *p = pub->problem;
    json_t *a = json_array();
    for (size_t d = 0; d < p->n_days; d++)
        for (size_t r = 0; r < p->n_regions; r++) {
            double cap = 0, run = 0;
            for (size_t i = 0; i < p->n_lines; i++)
                if ((size_t)p->lines[i].region == r) {
                    cap += p->lines[i].capacity_t_d;
                    if (!pub->stop[i * p->n_days + d])
                        run += p->lines[i].capacity_t_d;
                }
            json_t *dem = p->demand_t_d ? json_real(p->demand_t_d[r * p->n_days + d]) : json_null();
            json_array_append_new(a, json_pack("{s:o, s:s, s:f, s:f, s:o}", "date",
                                               jdate(p->first_day + (int64_t)d), "region",
                                               pub->regions[r], "capacity_t_d", cap, "running_t_d",
                                               run, "demand_t_d", dem));
        }
    return a;
}

static json_t *exposure_json(const je_stagger_publish *pub, je_error *err)
{
    const je_stagger_problem *p = pub->problem;
    uint8_t *none = calloc(p->n_lines * p->n_days, 1);
    if (none == NULL) {
        je_error_set(err, JE_ENOMEM, "out of memory");
        return NULL;
    }
    double base = je_stagger_exposure(p, pub->rules, none);
    free(none);
    double rem = je_stagger_exposure(p, pub->rules, pub->stop);
    return json_pack("{s:f, s:f, s:f, s:o}", "baseline", base, "remaining", rem, "avoided",
                     base - rem, "avoided_share",
                     base > 0 ? json_real((base - rem) / base) : json_null());
}

static json_t *inputs_json(const je_stagger_publish *pub, je_error *err)
{
    const je_stagger_problem *p = pub->problem;
    je_sha256 h;
    if (je_sha256_init(&h) != JE_OK) {
        je_error_set(err, JE_ENOMEM, "out of memory");
        return NULL;
    }
    char num[40];
    for (size_t k = 0; p->weight && k < p->n_lines * p->n_days; k++) {
        int n = snprintf(num, sizeof num, "%.17g\n", p->weight[k]);
        je_sha256_update(&h, num, (size_t)n);
    }
    char whex[65];
    je_sha256_final_hex(&h, whex);
    je_sha256_free(&h);
    json_t *lines = json_array();
    for (size_t i = 0; i < p->n_lines; i++) {
        const je_stagger_line *l = &p->lines[i];
        json_array_append_new(
            lines, json_pack("{s:s, s:s, s:s, s:i, s:f, s:s, s:f, s:b, s:b, s:f}", "code", l->code,
                             "jurisdiction", pub->jurisdictions[l->jurisdiction], "region",
                             pub->regions[l->region], "city", l->city, "capacity_t_d",
                             l->capacity_t_d, "grade", je_grade_name(l->grade),
                             "special_cement_share", l->special_cement_share, "carbide_slag_only",
                             l->carbide_slag_only, "msw_coprocessing", l->msw_coprocessing,
                             "hazardous_waste_share", l->hazardous_waste_share));
    }
    json_t *demand = json_null();
    if (p->demand_t_d) {
        demand = json_array();
        for (size_t k = 0; k < p->n_regions * p->n_days; k++)
            json_array_append_new(demand, json_real(p->demand_t_d[k]));
    }
    return json_pack("{s:o, s:I, s:o, s:o, s:s, s:o}", "first_day", jdate(p->first_day), "n_days",
                     (json_int_t)p->n_days, "lines", lines, "demand_t_d", demand, "weight_sha256",
                     whex, "rules", json_string(pub->rules->id));
}

je_status je_stagger_run_canonical(const je_stagger_publish *pub, char **out_output,
                                   char **out_inputs, je_error *err)
{
    *out_output = NULL;
    *out_inputs = NULL;
    je_status st = check(pub, err);
    if (st != JE_OK)
        return st;
    const je_stagger_problem *p = pub->problem;
    json_t *lines = json_array();
    for (size_t i = 0; i < p->n_lines; i++)
        json_array_append_new(lines, line_json(pub, i));
    json_t *exposure = exposure_json(pub, err);
    json_t *inputs = exposure ? inputs_json(pub, err) : NULL;
    if (exposure == NULL || inputs == NULL) {
        json_decref(lines);
        json_decref(exposure);
        return err && err->status ? err->status : JE_ENOMEM;
    }
    json_t *doc = json_pack(
        "{s:o, s:o, s:I, s:s, s:o, s:o, s:o, s:o, s:o}", "first_day", jdate(p->first_day),
        "last_day", jdate(p->first_day + (int64_t)p->n_days - 1), "n_days", (json_int_t)p->n_days,
        "rules", pub->rules->id, "jurisdictions", codes(pub->jurisdictions, p->n_jurisdictions),
        "regions", codes(pub->regions, p->n_regions), "lines", lines, "capacity",
        capacity_json(pub), "exposure", exposure);
    *out_output = doc ? json_dumps(doc, CANON) : NULL;
    *out_inputs = json_dumps(inputs, CANON);
    json_decref(doc);
    json_decref(inputs);
    if (*out_output == NULL || *out_inputs == NULL) {
        free(*out_output);
        free(*out_inputs);
        *out_output = *out_inputs = NULL;
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    return JE_OK;
}

static je_status sha_text(const char *text, char hex[65], je_error *err)
{
    je_sha256 h;
    if (je_sha256_init(&h) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_sha256_update(&h, text, strlen(text));
    je_sha256_final_hex(&h, hex);
    je_sha256_free(&h);
    return JE_OK;
}

je_status je_stagger_run_record(je_db *db, const je_stagger_publish *pub, int64_t *out_run_id,
                                je_error *err)
{
    je_status st = check(pub, err);
    if (st != JE_OK)
        return st;
    /* every jurisdiction whose lines the schedule stops must be writable by the actor */
    const je_gov_actor *who = je_gov_whoami(db);
    for (size_t j = 0; j < pub->problem->n_jurisdictions; j++) {
        char what[64];
        snprintf(what, sizeof what, "the stop schedule of %s's lines", pub->jurisdictions[j]);
        if ((st = je_gov_may(who, JE_GOV_WRITE, pub->jurisdictions[j], 0, what, err)) != JE_OK)
            return st;
    }
    char *output, *inputs;
    if ((st = je_stagger_run_canonical(pub, &output, &inputs, err)) != JE_OK)
        return st;
    char in_sha[65], out_sha[65];
    if ((st = sha_text(inputs, in_sha, err)) == JE_OK &&
        (st = sha_text(output, out_sha, err)) == JE_OK) {
        je_run_new r = {"stagger",
                        pub->ruleset_sha256,
                        in_sha,
                        out_sha,
                        pub->params ? pub->params : "{}",
                        inputs,
                        output};
        st = je_run_record(db, &r, out_run_id, err);
    }
    free(output);
    free(inputs);
    return st;
}

je_status je_stagger_run_latest(je_db *db, je_run *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    je_run *runs = NULL;
    size_t n = 0;
    je_status st = je_run_list(db, &runs, &n, err);
    if (st != JE_OK)
        return st;
    int64_t id = 0;
    for (size_t i = 0; i < n && id == 0; i++) /* newest first */
        if (strcmp(runs[i].engine, "stagger") == 0)
            id = runs[i].id;
    free(runs);
    if (id == 0)
        return je_error_set(err, JE_ENOTFOUND,
                            "no stop schedule published yet (publish one with: jointenv stagger "
                            "plan ... --publish)");
    return je_run_get(db, id, out, err);
}
