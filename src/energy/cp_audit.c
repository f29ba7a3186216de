/*
 * cp_audit.c — the cleaner-production audit lifecycle (清洁生产审核办法, 2016, NDRC and
 * MEP Order No. 38: listing, audit, options, implementation, evaluation and acceptance),
 * its deadlines and certificate expiry. The deadlines are configuration
 * (data/rules/energy-cleaner-production-audit.json), not constants here.
 */
#include "energy/energy_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NULL-terminated: also the list of members of max_days_in_stage. */
static const char *const stage_names[JE_CP_COUNT + 1] = {
    "listed",     "started",   "pre-assessment", "options", "implementation",
    "acceptance", "certified", "renewal-due",    NULL};

const char *je_cp_stage_name(je_cp_stage s)
{
    return (unsigned)s < JE_CP_COUNT ? stage_names[s] : "?";
}

je_status je_cp_stage_parse(const char *name, je_cp_stage *out, je_error *err)
{
    for (int i = 0; i < JE_CP_COUNT; i++)
        if (name && strcmp(name, stage_names[i]) == 0) {
            *out = (je_cp_stage)i;
            return JE_OK;
        }
    return je_error_set(err, JE_EDATA,
                        "unknown stage '%s' (listed, started, pre-assessment, options, "
                        "implementation, acceptance, certified, renewal-due)",
                        name ? name : "");
}

int je_cp_transition_ok(je_cp_stage from, je_cp_stage to)
{
    if ((unsigned)from >= JE_CP_COUNT || (unsigned)to >= JE_CP_COUNT)
        return 0;
    if (from == JE_CP_RENEWAL_DUE)
        return to == JE_CP_STARTED; /* a new audit round */
    return to == from + 1;
}

const char *je_cp_flag_name(je_cp_flag f)
{
    switch (f) {
    case JE_CP_ON_TIME:
        return "on-time";
    case JE_CP_OVERDUE:
        return "overdue";
    case JE_CP_EXPIRING:
        return "expiring";
    case JE_CP_EXPIRED:
        return "expired";
    }
    return "?";
}

je_cp_flag je_cp_check(const je_cp_rules *r, const je_cp_audit *a, int64_t today,
                       int64_t *out_due_day)
{
    int64_t due = 0;
    je_cp_flag f = JE_CP_ON_TIME;
    if (a->stage == JE_CP_CERTIFIED && a->expires_day > 0) {
        due = a->expires_day;
        if (today > a->expires_day)
            f = JE_CP_EXPIRED;
        else if (a->expires_day - today <= r->expiring_within_days)
            f = JE_CP_EXPIRING;
    } else if ((unsigned)a->stage < JE_CP_COUNT && r->max_days[a->stage] > 0) {
        due = a->stage_day + r->max_days[a->stage];
        if (today > due)
            f = JE_CP_OVERDUE;
    }
    if (out_due_day)
        *out_due_day = due;
    return f;
}

je_status je_cp_rules_parse(const char *json, size_t len, const char *name, je_cp_rules *out,
                            je_error *err)
{
    jparser p = {name ? name : "(rules)", err};
    memset(out, 0, sizeof *out);
    json_t *root, *md;
    je_status st = jp_parse_root(&p, json, len, &root);
    if (st != JE_OK)
        return st;
    static const char *const known[] = {"kind", "max_days_in_stage", "certificate_years",
                                        "expiring_within_days", NULL};
    char kind[40] = "";
    st = jp_members(&p, root, "", known);
    if (st == JE_OK)
        st = jp_string(&p, root, "", "id", 0, out->id, sizeof out->id);
    if (st == JE_OK)
        st = jp_string(&p, root, "", "kind", 0, kind, sizeof kind);
    if (st == JE_OK && strcmp(kind, "cleaner-production-rules") != 0)
        st = jp_fail(&p, "kind", "must be cleaner-production-rules");
    if (st == JE_OK)
        st = jp_object(&p, root, "", "max_days_in_stage", 0, &md);
    if (st == JE_OK)
        st = jp_members(&p, md, "max_days_in_stage", stage_names);
    for (int i = 0; st == JE_OK && i < JE_CP_COUNT; i++)
        st = jp_int(&p, md, "max_days_in_stage", stage_names[i], 0, 3650, 1, &out->max_days[i]);
    if (st == JE_OK)
        st = jp_int(&p, root, "", "certificate_years", 1, 20, 0, &out->certificate_years);
    if (st == JE_OK)
        st = jp_int(&p, root, "", "expiring_within_days", 0, 3650, 0, &out->expiring_within_days);
    json_decref(root);
    return st;
}

je_status je_cp_rules_load(const char *path, je_cp_rules *out, je_error *err)
{
    char *buf;
    size_t n;
    je_status st = jp_read_file(path, &buf, &n, err);
    if (st != JE_OK)
        return st;
    st = je_cp_rules_parse(buf, n, path, out, err);
    free(buf);
    return st;
}

/* ---- options ---------------------------------------------------------------------- */

/* The two classes the audit names ("无/低费方案", "中/高费方案"; 《清洁生产审核办法》 2016);
 * no threshold is set nationally, so the class is the audit report's. */
const char *je_cp_cost_class_name(je_cp_cost_class c)
{
    return c == JE_CP_MEDIUM_HIGH_COST ? "medium-high" : "no-low";
}

static const char *const option_status_names[JE_CP_OPT_COUNT] = {
    "proposed", "approved", "implemented", "verified", "dropped"};

const char *je_cp_option_status_name(je_cp_option_status s)
{
    return (unsigned)s < JE_CP_OPT_COUNT ? option_status_names[s] : "?";
}

int je_cp_option_realised(je_cp_option_status s)
{
    return s == JE_CP_OPT_IMPLEMENTED || s == JE_CP_OPT_VERIFIED;
}

static const char *const pollutant_names[JE_CP_NPOLL] = {"cod", "nh3n", "so2", "nox",
                                                          "pm",  "vocs", "co2"};

const char *je_cp_pollutant_name(int k)
{
    return k >= 0 && k < JE_CP_NPOLL ? pollutant_names[k] : "?";
}

void je_cp_option_add(je_cp_option_totals *t, const je_cp_option *o)
{
    t->n++;
    if (o->status == JE_CP_OPT_DROPPED) {
        t->n_dropped++;
        return;
    }
    t->n_class[o->cost_class == JE_CP_MEDIUM_HIGH_COST]++;
    int hi = je_cp_option_realised(o->status) ? 2 : 1; /* [0] always, [1] when realised */
    if (hi == 2)
        t->n_realised++;
    for (int k = 0; k < hi; k++) {
        t->investment_fen[k] += o->investment_fen;
        t->tce[k] += o->savings_tce;
        t->water_t[k] += o->savings_water_t;
        t->material_t[k] += o->savings_material_t;
        for (int p = 0; p < JE_CP_NPOLL; p++)
            t->reduction_t[k][p] += o->reduction_t[p];
    }
}

je_status je_yuan_parse_fen(const char *text, int64_t *out_fen, je_error *err)
{
    const char *p = text;
    int64_t yuan = 0;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        if (yuan > (INT64_MAX / 100 - 9) / 10)
            return je_error_set(err, JE_EDATA, "'%s' is too large", text);
        yuan = yuan * 10 + (*p - '0');
    }
    int64_t fen = 0;
    int decimals = 0;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9' && decimals < 3; p++, decimals++)
            fen = fen * 10 + (*p - '0');
        if (decimals == 1)
            fen *= 10;
    }
    if (digits == 0 || *p != '\0' || decimals > 2 || (decimals == 0 && p[-1] == '.'))
        return je_error_set(err, JE_EDATA,
                            "'%s' is not an amount in yuan (digits, at most two decimals: "
                            "1234.56; no sign, no thousands separators)",
                            text);
    *out_fen = yuan * 100 + fen;
    return JE_OK;
}
