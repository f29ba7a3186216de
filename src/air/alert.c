/*
 * alert.c — heavy-pollution alerts (重污染天气预警): rule sets kept as data
 * (data/rules/air-alert-*.json; the format and the exact semantics are in
 * docs/air-alerts.md), the episodes of one city from its forecast AQI series, and
 * joint regional alerts of cities in two or more jurisdictions.
 *
 * Schemes (../shared/reference/standards.md §3): the MEE 2017 four-level scheme, the
 * three-level scheme of post-2019 city plans and the 2018 guidance (环办大气函〔2018〕
 * 875号, unverified) are shipped as rule sets; nothing about them is hard-coded here.
 */
#include "jointenv/air.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------------
 * Level names.
 * ------------------------------------------------------------------------- */
static const char *const level_en[] = {"none", "blue", "yellow", "orange", "red"};
static const char *const level_zh[] = {"无", "蓝色", "黄色", "橙色", "红色"};

static int level_valid(je_alert_level l)
{
    return (int)l >= JE_ALERT_NONE && (int)l <= JE_ALERT_RED;
}

const char *je_alert_level_name(je_alert_level l)
{
    return level_valid(l) ? level_en[l] : "?";
}

const char *je_alert_level_name_zh(je_alert_level l)
{
    return level_valid(l) ? level_zh[l] : "?";
}

je_status je_alert_level_parse(const char *s, je_alert_level *out)
{
    if (s == NULL || out == NULL)
        return JE_EINVAL;
    for (int l = JE_ALERT_NONE; l <= JE_ALERT_RED; l++) {
        if (strcmp(s, level_en[l]) == 0) {
            *out = (je_alert_level)l;
            return JE_OK;
        }
    }
    return JE_EINVAL;
}

/* ---------------------------------------------------------------------------
 * Rule sets.
 *
 * A condition is a comparison of the step's AQI with a threshold ("aqi_above": AQI > x,
 * "aqi_at_least": AQI >= x) and a duration: met when the steps of an episode that
 * satisfy the comparison add up to at least `hours`. A group ("all") is met when every
 * condition is; a level ("any") when one of its groups is.
 * ------------------------------------------------------------------------- */
typedef struct {
    double aqi;    /* threshold */
    int inclusive; /* 1: AQI >= aqi ("aqi_at_least"); 0: AQI > aqi ("aqi_above") */
    double hours;  /* > 0 */
} cond;

typedef struct {
    size_t first, n; /* conds[first .. first + n) */
} group;

typedef struct {
    int present;
    int reduction_pct;
    size_t first, n; /* groups[first .. first + n) */
} level_rule;

struct je_alert_rules {
    char *id, *name_zh, *name_en, *source, *confidence;
    double merge_gap_hours;
    level_rule level[JE_ALERT_RED + 1]; /* by level; [JE_ALERT_NONE] unused */
    cond *conds;
    size_t n_conds;
    group *groups;
    size_t n_groups;
    cond weakest; /* the comparison every other one implies: a step is active by it */
};

void je_alert_rules_free(je_alert_rules *r)
{
    if (r == NULL)
        return;
    free(r->id);
    free(r->name_zh);
    free(r->name_en);
    free(r->source);
    free(r->confidence);
    free(r->conds);
    free(r->groups);
    free(r);
}

const char *je_alert_rules_id(const je_alert_rules *r)
{
    return r != NULL ? r->id : NULL;
}

int je_alert_rules_reduction(const je_alert_rules *r, je_alert_level l)
{
    if (r == NULL || !level_valid(l) || l == JE_ALERT_NONE || !r->level[l].present)
        return 0;
    return r->level[l].reduction_pct;
}

/* Parser state: the name used in errors and where errors go. */
typedef struct {
    const char *name;
    je_error *err;
} parser;

#define PATH_MAX_LEN 128

static je_status member_error(const parser *p, const char *path, const char *fmt, ...)
    JE_PRINTF(3, 4);

/* JE_EDATA naming the member: "levels[1].any[0].all[0].hours must be ...". */
static je_status member_error(const parser *p, const char *path, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return je_error_set_at(p->err, JE_EDATA, p->name, 0, 0, path, "%s %s", path, what);
}

/* Member paths are for messages: a path too long for the buffer is cut, never an
 * error (vsnprintf, so the compiler does not warn about the cut). */
static void path_printf(char *buf, size_t size, const char *fmt, ...) JE_PRINTF(3, 4);

static void path_printf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

static void join_path(char *buf, const char *path, const char *key)
{
    path_printf(buf, PATH_MAX_LEN, "%s%s%s", path, path[0] ? "." : "", key);
}

/* Every member of `obj` must be one of `known` (NULL-terminated). */
static je_status check_members(const parser *p, json_t *obj, const char *path,
                               const char *const *known, const char *expected)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int ok = 0;
        for (const char *const *k = known; *k != NULL && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (!ok) {
            char mp[PATH_MAX_LEN];
            join_path(mp, path, key);
            return member_error(p, mp, "is not a known member (expected %s)", expected);
        }
    }
    return JE_OK;
}

/* A required non-empty string member, copied into *out. */
static je_status get_string(const parser *p, json_t *obj, const char *path, const char *key,
                            char **out)
{
    char mp[PATH_MAX_LEN];
    join_path(mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return member_error(p, mp, "is missing");
    if (!json_is_string(v) || json_string_length(v) == 0)
        return member_error(p, mp, "must be a non-empty string");
    if ((*out = strdup(json_string_value(v))) == NULL)
        return je_error_set(p->err, JE_ENOMEM, "out of memory");
    return JE_OK;
}

/* A required non-empty array member of objects. */
static je_status get_objects(const parser *p, json_t *obj, const char *path, const char *key,
                             const char *what, json_t **out)
{
    char mp[PATH_MAX_LEN];
    join_path(mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return member_error(p, mp, "is missing");
    if (!json_is_array(v) || json_array_size(v) == 0)
        return member_error(p, mp, "must be a non-empty array of %s", what);
    for (size_t i = 0; i < json_array_size(v); i++) {
        if (!json_is_object(json_array_get(v, i))) {
            char ep[PATH_MAX_LEN + 24];
            snprintf(ep, sizeof ep, "%s[%zu]", mp, i);
            return member_error(p, ep, "must be an object");
        }
    }
    *out = v;
    return JE_OK;
}

static const char *const cond_members[] = {"aqi_above", "aqi_at_least", "hours", NULL};

static je_status parse_cond(const parser *p, json_t *o, const char *path, cond *c)
{
    char mp[PATH_MAX_LEN];
    je_status st = check_members(p, o, path, cond_members, "aqi_above, aqi_at_least, hours");
    if (st != JE_OK)
        return st;
    json_t *above = json_object_get(o, "aqi_above");
    json_t *least = json_object_get(o, "aqi_at_least");
    if ((above == NULL) == (least == NULL))
        return member_error(p, path, "must have exactly one of aqi_above and aqi_at_least");
    json_t *x = above != NULL ? above : least;
    join_path(mp, path, above != NULL ? "aqi_above" : "aqi_at_least");
    if (!json_is_number(x) || json_number_value(x) < 0)
        return member_error(p, mp, "must be a non-negative number");
    c->aqi = json_number_value(x);
    c->inclusive = least != NULL;
    join_path(mp, path, "hours");
    json_t *h = json_object_get(o, "hours");
    if (h == NULL)
        return member_error(p, mp, "is missing");
    if (!json_is_number(h) || !(json_number_value(h) > 0))
        return member_error(p, mp, "must be a positive number");
    c->hours = json_number_value(h);
    return JE_OK;
}

static const char *const group_members[] = {"all", NULL};

static je_status parse_group(const parser *p, json_t *o, const char *path, je_alert_rules *r)
{
    char mp[PATH_MAX_LEN];
    json_t *all;
    je_status st;
    if ((st = check_members(p, o, path, group_members, "all")) != JE_OK ||
        (st = get_objects(p, o, path, "all", "conditions", &all)) != JE_OK)
        return st;
    group *g = &r->groups[r->n_groups++];
    g->first = r->n_conds;
    g->n = json_array_size(all);
    for (size_t i = 0; i < g->n; i++) {
        path_printf(mp, sizeof mp, "%s.all[%zu]", path, i);
        if ((st = parse_cond(p, json_array_get(all, i), mp, &r->conds[r->n_conds++])) != JE_OK)
            return st;
    }
    return JE_OK;
}

static const char *const level_members[] = {"level", "reduction_pct", "any", NULL};

static je_status parse_level(const parser *p, json_t *o, const char *path, je_alert_rules *r)
{
    char mp[PATH_MAX_LEN];
    json_t *any;
    je_status st;
    if ((st = check_members(p, o, path, level_members, "level, reduction_pct, any")) != JE_OK)
        return st;
    join_path(mp, path, "level");
    json_t *lv = json_object_get(o, "level");
    je_alert_level l;
    if (lv == NULL)
        return member_error(p, mp, "is missing");
    if (!json_is_string(lv))
        return member_error(p, mp, "must be a string (blue, yellow, orange or red)");
    if (je_alert_level_parse(json_string_value(lv), &l) != JE_OK || l == JE_ALERT_NONE)
        return member_error(p, mp, "\"%s\" is not a level (expected blue, yellow, orange or red)",
                            json_string_value(lv));
    level_rule *lr = &r->level[l];
    if (lr->present)
        return member_error(p, mp, "\"%s\" is defined twice", json_string_value(lv));
    join_path(mp, path, "reduction_pct");
    json_t *red = json_object_get(o, "reduction_pct");
    if (red == NULL)
        return member_error(p, mp, "is missing");
    if (!json_is_integer(red) || json_integer_value(red) < 0 || json_integer_value(red) > 100)
        return member_error(p, mp, "must be an integer from 0 to 100");
    lr->present = 1;
    lr->reduction_pct = (int)json_integer_value(red);
    if ((st = get_objects(p, o, path, "any", "condition groups", &any)) != JE_OK)
        return st;
    lr->first = r->n_groups;
    lr->n = json_array_size(any);
    for (size_t i = 0; i < lr->n; i++) {
        path_printf(mp, sizeof mp, "%s.any[%zu]", path, i);
        if ((st = parse_group(p, json_array_get(any, i), mp, r)) != JE_OK)
            return st;
    }
    return JE_OK;
}

static const char *const top_members[] = {
    "id", "name_zh", "name_en", "source", "confidence", "notes", "merge_gap_hours", "levels", NULL};

/* Upper bounds of the groups and conditions, counted before validation (members of a
 * wrong type count as empty). */
static void count_parts(json_t *levels, size_t *n_groups, size_t *n_conds)
{
    *n_groups = 0;
    *n_conds = 0;
    for (size_t i = 0; i < json_array_size(levels); i++) {
        json_t *any = json_object_get(json_array_get(levels, i), "any");
        *n_groups += json_array_size(any);
        for (size_t j = 0; j < json_array_size(any); j++)
            *n_conds += json_array_size(json_object_get(json_array_get(any, j), "all"));
    }
}

/* Does AQI `v` satisfy the comparison of `c`? NAN satisfies nothing. */
static int satisfies(const cond *c, double v)
{
    return c->inclusive ? v >= c->aqi : v > c->aqi;
}

/* The weakest comparison: the lowest threshold, and ">=" over ">" at equal thresholds.
 * Every condition's comparison implies it. */
static cond weakest_of(const je_alert_rules *r)
{
    cond w = r->conds[0];
    for (size_t i = 1; i < r->n_conds; i++) {
        const cond *c = &r->conds[i];
        if (c->aqi < w.aqi || (c->aqi == w.aqi && c->inclusive))
            w = *c;
    }
    return w;
}

static je_status parse_top(const parser *p, json_t *root, je_alert_rules *r)
{
    json_t *levels;
    je_status st;
    if (!json_is_object(root))
        return je_error_set_at(p->err, JE_EDATA, p->name, 0, 0, NULL,
                               "the rule set must be a JSON object");
    if ((st = check_members(p, root, "", top_members,
                            "id, name_zh, name_en, source, confidence, notes, merge_gap_hours, "
                            "levels")) != JE_OK ||
        (st = get_string(p, root, "", "id", &r->id)) != JE_OK ||
        (st = get_string(p, root, "", "name_zh", &r->name_zh)) != JE_OK ||
        (st = get_string(p, root, "", "name_en", &r->name_en)) != JE_OK ||
        (st = get_string(p, root, "", "source", &r->source)) != JE_OK ||
        (st = get_string(p, root, "", "confidence", &r->confidence)) != JE_OK)
        return st;
    if (strcmp(r->confidence, "V2") != 0 && strcmp(r->confidence, "V1") != 0 &&
        strcmp(r->confidence, "MEM") != 0)
        return member_error(p, "confidence", "\"%s\" is not a confidence label (V2, V1 or MEM)",
                            r->confidence);
    json_t *notes = json_object_get(root, "notes");
    if (notes != NULL && !json_is_string(notes))
        return member_error(p, "notes", "must be a string");
    json_t *gap = json_object_get(root, "merge_gap_hours");
    if (gap == NULL)
        return member_error(p, "merge_gap_hours", "is missing");
    if (!json_is_number(gap) || json_number_value(gap) < 0)
        return member_error(p, "merge_gap_hours", "must be a non-negative number");
    r->merge_gap_hours = json_number_value(gap);
    if ((st = get_objects(p, root, "", "levels", "levels", &levels)) != JE_OK)
        return st;
    size_t ng, nc;
    count_parts(levels, &ng, &nc);
    r->groups = malloc((ng ? ng : 1) * sizeof *r->groups);
    r->conds = malloc((nc ? nc : 1) * sizeof *r->conds);
    if (r->groups == NULL || r->conds == NULL)
        return je_error_set(p->err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(levels); i++) {
        char mp[PATH_MAX_LEN];
        path_printf(mp, sizeof mp, "levels[%zu]", i);
        if ((st = parse_level(p, json_array_get(levels, i), mp, r)) != JE_OK)
            return st;
    }
    r->weakest = weakest_of(r);
    return JE_OK;
}

je_status je_alert_rules_parse(const char *json, size_t len, const char *name, je_alert_rules **out,
                               je_error *err)
{
    if (out == NULL || (json == NULL && len > 0))
        return je_error_set(err, JE_EINVAL, "je_alert_rules_parse: NULL argument");
    *out = NULL;
    parser p = {name != NULL ? name : "<alert rules>", err};
    json_error_t jerr;
    json_t *root = json_loadb(json != NULL ? json : "", len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        if (json_error_code(&jerr) == json_error_out_of_memory)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        return je_error_set_at(err, JE_EDATA, p.name, jerr.line > 0 ? (long)jerr.line : 1,
                               jerr.column > 0 ? (long)jerr.column : 1, NULL, "%s", jerr.text);
    }
    je_alert_rules *r = calloc(1, sizeof *r);
    if (r == NULL) {
        json_decref(root);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    je_status st = parse_top(&p, root, r);
    json_decref(root);
    if (st != JE_OK) {
        je_alert_rules_free(r);
        return st;
    }
    *out = r;
    return JE_OK;
}

/* ---------------------------------------------------------------------------
 * Episodes of one city.
 *
 * A step is active when its AQI satisfies the weakest comparison of the set. Maximal
 * runs of active steps are joined when the steps between them (inactive or NAN) last
 * no longer than merge_gap_hours; an episode runs from its first active step to its
 * last. A condition's duration is the number of the episode's steps satisfying its
 * comparison times step_s (cumulative, not necessarily consecutive). The episode
 * takes the highest level met and is dropped when none is.
 * ------------------------------------------------------------------------- */

/* Is `c` met over steps first..last: satisfying steps × step_s ≥ hours × 3600? */
static int cond_met(const cond *c, const double *aqi, size_t first, size_t last, int64_t step_s)
{
    size_t count = 0;
    for (size_t i = first; i <= last; i++)
        count += (size_t)satisfies(c, aqi[i]);
    return (double)count * (double)step_s >= c->hours * 3600.0;
}

static int level_met(const je_alert_rules *r, const level_rule *lr, const double *aqi, size_t first,
                     size_t last, int64_t step_s)
{
    for (size_t g = lr->first; g < lr->first + lr->n; g++) {
        const group *gr = &r->groups[g];
        int all = 1;
        for (size_t c = gr->first; c < gr->first + gr->n && all; c++)
            all = cond_met(&r->conds[c], aqi, first, last, step_s);
        if (all)
            return 1;
    }
    return 0;
}

/* Append the episode first..last to *out unless it meets no level. */
static je_status add_episode(const je_alert_rules *r, const double *aqi, size_t first, size_t last,
                             int64_t t0, int64_t step_s, je_alert_episode **out, size_t *n,
                             size_t *cap, je_error *err)
{
    je_alert_level level = JE_ALERT_NONE;
    for (int l = JE_ALERT_RED; l > JE_ALERT_NONE && level == JE_ALERT_NONE; l--) {
        if (r->level[l].present && level_met(r, &r->level[l], aqi, first, last, step_s))
            level = (je_alert_level)l;
    }
    if (level == JE_ALERT_NONE)
        return JE_OK;
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        je_alert_episode *p = realloc(*out, nc * sizeof *p);
        if (p == NULL)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        *out = p;
        *cap = nc;
    }
    je_alert_episode *e = &(*out)[(*n)++];
    e->first = first;
    e->last = last;
    e->start = t0 + (int64_t)first * step_s;
    e->end = t0 + (int64_t)(last + 1) * step_s;
    e->level = level;
    e->peak_aqi = -INFINITY;
    for (size_t i = first; i <= last; i++) {
        if (!isnan(aqi[i]) && aqi[i] > e->peak_aqi)
            e->peak_aqi = aqi[i];
    }
    e->reduction_pct = r->level[level].reduction_pct;
    return JE_OK;
}

je_status je_alert_episodes(const je_alert_rules *r, const double *aqi, size_t n, int64_t t0,
                            int64_t step_s, je_alert_episode **out, size_t *out_n, je_error *err)
{
    if (r == NULL || out == NULL || out_n == NULL || (n > 0 && aqi == NULL))
        return je_error_set(err, JE_EINVAL, "je_alert_episodes: NULL argument");
    *out = NULL;
    *out_n = 0;
    if (step_s <= 0)
        return je_error_set(err, JE_EINVAL, "step_s must be positive (got %lld)",
                            (long long)step_s);
    if (n == 0)
        return JE_OK;
    /* t0 + n·step_s must be representable. */
    if (n > (size_t)INT64_MAX || step_s > (INT64_MAX - (t0 > 0 ? t0 : 0)) / (int64_t)n)
        return je_error_set(err, JE_EINVAL, "the series is too long for its time range");
    const double gap_s = r->merge_gap_hours * 3600.0;
    je_alert_episode *eps = NULL;
    size_t ne = 0, cap = 0, first = 0, last = 0;
    int open = 0;
    je_status st = JE_OK;
    for (size_t i = 0; i < n && st == JE_OK; i++) {
        if (!satisfies(&r->weakest, aqi[i]))
            continue;
        if (open && (double)(i - last - 1) * (double)step_s <= gap_s) {
            last = i;
            continue;
        }
        if (open)
            st = add_episode(r, aqi, first, last, t0, step_s, &eps, &ne, &cap, err);
        first = last = i;
        open = 1;
    }
    if (open && st == JE_OK)
        st = add_episode(r, aqi, first, last, t0, step_s, &eps, &ne, &cap, err);
    if (st != JE_OK) {
        free(eps);
        return st;
    }
    *out = eps;
    *out_n = ne;
    return JE_OK;
}

/* ---------------------------------------------------------------------------
 * Joint regional alerts.
 *
 * Every episode (level above none, end > start) covers [start, end). A sweep over
 * the episodes' boundaries finds the elementary intervals in which cities of two or
 * more jurisdictions are in alert; adjacent ones merge into maximal intervals. For
 * each interval, a side is every jurisdiction with an episode overlapping it: its
 * level is the highest of those episodes, its reduction the largest, its n_cities the
 * distinct city codes with such an episode.
 * ------------------------------------------------------------------------- */
typedef struct {
    int64_t t;
    int delta; /* +1 start, -1 end */
    size_t side;
} event;

static int event_cmp(const void *a, const void *b)
{
    const event *x = a, *y = b;
    return (x->t > y->t) - (x->t < y->t);
}

static int in_alert(const je_alert_episode *e)
{
    return e->level != JE_ALERT_NONE && e->end > e->start;
}

typedef struct {
    const je_alert_city *cities;
    size_t n_cities;
    const char *juris[JE_ALERT_MAX_SIDES]; /* sorted by strcmp */
    size_t n_juris;
    size_t *side_of; /* per city */
    int *hit;        /* per city, scratch */
} joint_ctx;

static je_status check_cities(joint_ctx *c, je_error *err)
{
    for (size_t i = 0; i < c->n_cities; i++) {
        const je_alert_city *ci = &c->cities[i];
        if (ci->city == NULL || ci->jurisdiction == NULL || (ci->n > 0 && ci->episodes == NULL))
            return je_error_set(err, JE_EINVAL, "je_alert_joint_find: city %zu: NULL member", i);
        size_t jl = strlen(ci->jurisdiction);
        if (jl == 0 || jl >= sizeof((je_alert_joint *)0)->side[0].jurisdiction)
            return je_error_set(err, JE_EINVAL,
                                "city %s: jurisdiction code \"%s\" must have 1 to 15 bytes",
                                ci->city, ci->jurisdiction);
        for (size_t k = 0; k < ci->n; k++) {
            const je_alert_episode *e = &ci->episodes[k];
            if (!level_valid(e->level) || e->end < e->start)
                return je_error_set(err, JE_EINVAL,
                                    "city %s: episode %zu has an invalid level or ends before "
                                    "it starts",
                                    ci->city, k);
        }
        size_t pos = 0;
        while (pos < c->n_juris && strcmp(c->juris[pos], ci->jurisdiction) < 0)
            pos++;
        if (pos < c->n_juris && strcmp(c->juris[pos], ci->jurisdiction) == 0)
            continue;
        if (c->n_juris == JE_ALERT_MAX_SIDES)
            return je_error_set(err, JE_EINVAL, "more than %d jurisdictions", JE_ALERT_MAX_SIDES);
        memmove(&c->juris[pos + 1], &c->juris[pos], (c->n_juris - pos) * sizeof c->juris[0]);
        c->juris[pos] = ci->jurisdiction;
        c->n_juris++;
    }
    for (size_t i = 0; i < c->n_cities; i++) {
        size_t j = 0;
        while (strcmp(c->juris[j], c->cities[i].jurisdiction) != 0)
            j++;
        c->side_of[i] = j;
    }
    return JE_OK;
}

/* Fill the sides of the joint interval j->start .. j->end. */
static void fill_sides(const joint_ctx *c, je_alert_joint *j)
{
    j->n_sides = 0;
    for (size_t s = 0; s < c->n_juris; s++) {
        je_alert_level level = JE_ALERT_NONE;
        int red = 0;
        size_t n_cities = 0;
        for (size_t i = 0; i < c->n_cities; i++) {
            const je_alert_city *ci = &c->cities[i];
            c->hit[i] = 0;
            if (c->side_of[i] != s)
                continue;
            for (size_t k = 0; k < ci->n; k++) {
                const je_alert_episode *e = &ci->episodes[k];
                if (!in_alert(e) || e->start >= j->end || e->end <= j->start)
                    continue;
                c->hit[i] = 1;
                if (e->level > level)
                    level = e->level;
                if (e->reduction_pct > red)
                    red = e->reduction_pct;
            }
            int dup = 0;
            for (size_t i2 = 0; i2 < i && c->hit[i] && !dup; i2++)
                dup =
                    c->hit[i2] && c->side_of[i2] == s && strcmp(c->cities[i2].city, ci->city) == 0;
            n_cities += (size_t)(c->hit[i] && !dup);
        }
        if (n_cities == 0)
            continue;
        snprintf(j->side[j->n_sides].jurisdiction, sizeof j->side[0].jurisdiction, "%s",
                 c->juris[s]);
        j->side[j->n_sides].level = level;
        j->side[j->n_sides].reduction_pct = red;
        j->side[j->n_sides].n_cities = n_cities;
        j->n_sides++;
    }
}

static je_status push_joint(const joint_ctx *c, int64_t start, int64_t end, je_alert_joint **out,
                            size_t *n, size_t *cap, je_error *err)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        je_alert_joint *p = realloc(*out, nc * sizeof *p);
        if (p == NULL)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        *out = p;
        *cap = nc;
    }
    je_alert_joint *j = &(*out)[(*n)++];
    memset(j, 0, sizeof *j);
    j->start = start;
    j->end = end;
    fill_sides(c, j);
    return JE_OK;
}

/* Sweep the sorted events; push every maximal joint interval. */
static je_status sweep(const joint_ctx *c, const event *ev, size_t ne, je_alert_joint **out,
                       size_t *n, je_error *err)
{
    size_t active[JE_ALERT_MAX_SIDES] = {0};
    size_t cap = 0, k = 0;
    int open = 0;
    int64_t start = 0, end = 0;
    je_status st = JE_OK;
    while (k < ne && st == JE_OK) {
        int64_t t = ev[k].t;
        for (; k < ne && ev[k].t == t; k++)
            active[ev[k].side] = ev[k].delta > 0 ? active[ev[k].side] + 1 : active[ev[k].side] - 1;
        size_t sides = 0;
        for (size_t s = 0; s < c->n_juris; s++)
            sides += active[s] > 0;
        /* The elementary interval [t, next boundary); none after the last. */
        if (sides >= 2 && k < ne) {
            if (!open)
                start = t;
            open = 1;
            end = ev[k].t;
        } else if (open) {
            st = push_joint(c, start, end, out, n, &cap, err);
            open = 0;
        }
    }
    /* The last boundary has no interval after it, so it closed any open one. */
    return st;
}

je_status je_alert_joint_find(const je_alert_city *cities, size_t n_cities, je_alert_joint **out,
                              size_t *out_n, je_error *err)
{
    if (out == NULL || out_n == NULL || (n_cities > 0 && cities == NULL))
        return je_error_set(err, JE_EINVAL, "je_alert_joint_find: NULL argument");
    *out = NULL;
    *out_n = 0;
    if (n_cities == 0)
        return JE_OK;
    joint_ctx c = {.cities = cities, .n_cities = n_cities};
    c.side_of = malloc(n_cities * sizeof *c.side_of);
    c.hit = malloc(n_cities * sizeof *c.hit);
    size_t ne = 0;
    event *ev = NULL;
    je_status st = JE_OK;
    if (c.side_of == NULL || c.hit == NULL)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    if (st == JE_OK)
        st = check_cities(&c, err);
    if (st == JE_OK) {
        for (size_t i = 0; i < n_cities; i++)
            ne += 2 * cities[i].n;
        if ((ev = malloc((ne ? ne : 1) * sizeof *ev)) == NULL)
            st = je_error_set(err, JE_ENOMEM, "out of memory");
    }
    if (st == JE_OK) {
        ne = 0;
        for (size_t i = 0; i < n_cities; i++) {
            for (size_t k = 0; k < cities[i].n; k++) {
                const je_alert_episode *e = &cities[i].episodes[k];
                if (!in_alert(e))
                    continue;
                ev[ne++] = (event){e->start, +1, c.side_of[i]};
                ev[ne++] = (event){e->end, -1, c.side_of[i]};
            }
        }
        qsort(ev, ne, sizeof *ev, event_cmp);
        st = sweep(&c, ev, ne, out, out_n, err);
    }
    free(ev);
    free(c.side_of);
    free(c.hit);
    if (st != JE_OK) {
        free(*out);
        *out = NULL;
        *out_n = 0;
    }
    return st;
}
