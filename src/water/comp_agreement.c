/*
 * comp_agreement.c — an agreement's JSON (format in docs/compensation.md) into a
 * je_comp_agreement. Strict: unknown members, missing members, wrong types and values
 * out of range are errors naming the JSON path ("$.p_index.k0 must be …") with the
 * line and column of the value in the file (or of the object it is missing from).
 * jansson reports positions only for syntax errors, so a small scanner (locate) walks
 * the text along the path to find the value.
 * Every object may carry "source", "notes" (strings) and "provenance" (official,
 * official-unverified or illustrative); rule blocks and branches must carry provenance.
 */
#include "jointenv/compensation.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *name;
    const char *text;
    size_t len;
    je_error *err;
} parser;

/* ------------------------------------------------------------------------- */
/* Where a JSON path is in the text                                           */

typedef struct scan {
    const char *s;
    size_t n, i;
} scan;

static int at(const scan *c, char ch)
{
    return c->i < c->n && c->s[c->i] == ch;
}

static void ws(scan *c)
{
    while (c->i < c->n &&
           (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\r' || c->s[c->i] == '\n'))
        c->i++;
}

static int skip_string(scan *c)
{
    if (!at(c, '"'))
        return 0;
    c->i++;
    while (c->i < c->n) {
        char ch = c->s[c->i++];
        if (ch == '\\')
            c->i++;
        else if (ch == '"')
            return 1;
    }
    return 0;
}

static int skip_value(scan *c)
{
    ws(c);
    if (c->i >= c->n)
        return 0;
    char open = c->s[c->i];
    if (open == '"')
        return skip_string(c);
    if (open != '{' && open != '[') {
        while (c->i < c->n && !strchr(",}] \t\r\n", c->s[c->i]))
            c->i++;
        return 1;
    }
    char close = open == '{' ? '}' : ']';
    c->i++;
    ws(c);
    if (at(c, close)) {
        c->i++;
        return 1;
    }
    for (;;) {
        if (open == '{') {
            ws(c);
            if (!skip_string(c))
                return 0;
            ws(c);
            if (!at(c, ':'))
                return 0;
            c->i++;
        }
        if (!skip_value(c))
            return 0;
        ws(c);
        if (at(c, ',')) {
            c->i++;
            continue;
        }
        if (at(c, close)) {
            c->i++;
            return 1;
        }
        return 0;
    }
}

/* Byte offset of the value at `path` ("$.a.b[2].c"), or of the deepest part found. */
static size_t locate(const char *s, size_t n, const char *path)
{
    scan c = {s, n, 0};
    ws(&c);
    size_t best = c.i;
    const char *p = path[0] == '$' ? path + 1 : path;
    while (*p) {
        ws(&c);
        if (*p == '.') {
            const char *k = ++p;
            while (*p && *p != '.' && *p != '[')
                p++;
            size_t klen = (size_t)(p - k);
            if (!at(&c, '{'))
                break;
            c.i++;
            int found = 0;
            for (;;) {
                ws(&c);
                size_t k0 = c.i + 1;
                if (!skip_string(&c))
                    break;
                size_t k1 = c.i - 1;
                ws(&c);
                if (!at(&c, ':'))
                    break;
                c.i++;
                ws(&c);
                if (k1 - k0 == klen && memcmp(s + k0, k, klen) == 0) {
                    found = 1;
                    break;
                }
                if (!skip_value(&c))
                    break;
                ws(&c);
                if (!at(&c, ','))
                    break;
                c.i++;
            }
            if (!found)
                break;
            best = c.i;
        } else if (*p == '[') {
            unsigned long idx = strtoul(p + 1, NULL, 10);
            const char *e = strchr(p, ']');
            p = e ? e + 1 : p + strlen(p);
            if (!at(&c, '['))
                break;
            c.i++;
            int ok = 1;
            for (unsigned long k = 0; k < idx && ok; k++) {
                ok = skip_value(&c);
                ws(&c);
                if (ok && at(&c, ','))
                    c.i++;
                else
                    ok = 0;
            }
            if (!ok)
                break;
            ws(&c);
            best = c.i;
        } else {
            break;
        }
    }
    return best;
}

static void line_col(const char *s, size_t off, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

static je_status fail(const parser *p, const char *path, const char *fmt, ...) JE_PRINTF(3, 4);

static je_status fail(const parser *p, const char *path, const char *fmt, ...)
{
    char what[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    long line, col;
    line_col(p->text, locate(p->text, p->len, path), &line, &col);
    return je_error_set_at(p->err, JE_EDATA, p->name, line, col, path, "%s %s", path, what);
}

/* ------------------------------------------------------------------------- */
/* Members                                                                    */

static void join(char *buf, size_t size, const char *path, const char *key)
{
    snprintf(buf, size, "%s.%s", path, key);
}

static je_status provenance(const parser *p, json_t *v, const char *path)
{
    static const char *const ok[] = {"official", "official-unverified", "illustrative"};
    if (json_is_string(v))
        for (size_t i = 0; i < 3; i++)
            if (strcmp(json_string_value(v), ok[i]) == 0)
                return JE_OK;
    return fail(p, path, "must be \"official\", \"official-unverified\" or \"illustrative\"");
}

/* Reject members not in `known` (plus source, notes, provenance); check provenance,
 * and require it when `need_prov`. */
static je_status members(const parser *p, json_t *obj, const char *path, const char *const *known,
                         int need_prov)
{
    const char *key;
    json_t *v;
    char mp[160];
    json_object_foreach(obj, key, v)
    {
        join(mp, sizeof mp, path, key);
        if (strcmp(key, "provenance") == 0) {
            je_status st = provenance(p, v, mp);
            if (st != JE_OK)
                return st;
            continue;
        }
        int ok = strcmp(key, "source") == 0 || strcmp(key, "notes") == 0;
        if (ok && !json_is_string(v))
            return fail(p, mp, "must be a string");
        for (const char *const *k = known; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (!ok)
            return fail(p, mp, "is not a known member");
    }
    if (need_prov && !json_object_get(obj, "provenance"))
        return fail(p, path,
                    "needs a \"provenance\" (official, official-unverified or "
                    "illustrative)");
    return JE_OK;
}

static je_status get(const parser *p, json_t *obj, const char *path, const char *key, int optional,
                     json_t **out)
{
    *out = json_object_get(obj, key);
    if (*out == NULL && !optional)
        return fail(p, path, "is missing member \"%s\"", key);
    return JE_OK;
}

static je_status object(const parser *p, json_t *obj, const char *path, const char *key,
                        json_t **out)
{
    je_status st = get(p, obj, path, key, 0, out);
    char mp[160];
    join(mp, sizeof mp, path, key);
    if (st == JE_OK && !json_is_object(*out))
        return fail(p, mp, "must be an object");
    return st;
}

static je_status string(const parser *p, json_t *obj, const char *path, const char *key,
                        int optional, char *buf, size_t size)
{
    json_t *v;
    je_status st = get(p, obj, path, key, optional, &v);
    if (st != JE_OK || v == NULL)
        return st;
    char mp[160];
    join(mp, sizeof mp, path, key);
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) >= size)
        return fail(p, mp, "must be a non-empty string of at most %zu bytes", size - 1);
    snprintf(buf, size, "%s", json_string_value(v));
    return JE_OK;
}

static je_status number_v(const parser *p, json_t *v, const char *mp, double lo, double hi,
                          double *out)
{
    if (!json_is_number(v))
        return fail(p, mp, "must be a number");
    double x = json_number_value(v);
    if (!(x >= lo && x <= hi))
        return fail(p, mp, "must be between %g and %g (is %g)", lo, hi, x);
    *out = x;
    return JE_OK;
}

static je_status number(const parser *p, json_t *obj, const char *path, const char *key, double lo,
                        double hi, double *out)
{
    json_t *v;
    je_status st = get(p, obj, path, key, 0, &v);
    char mp[160];
    join(mp, sizeof mp, path, key);
    return st != JE_OK ? st : number_v(p, v, mp, lo, hi, out);
}

static je_status integer_v(const parser *p, json_t *v, const char *mp, long lo, long hi, int *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return fail(p, mp, "must be a whole number from %ld to %ld", lo, hi);
    *out = (int)json_integer_value(v);
    return JE_OK;
}

/* An amount in yuan (≥ 0, at most two decimals, ≤ 10^11 yuan) to fen. */
static je_status yuan(const parser *p, json_t *obj, const char *path, const char *key, int64_t *out)
{
    double y = 0;
    je_status st = number(p, obj, path, key, 0, 1e11, &y);
    if (st != JE_OK)
        return st;
    double fen = y * 100.0;
    double r = floor(fen + 0.5);
    if (fabs(fen - r) > 1e-3) { /* doubles hold 10^13 fen to ~0.002 */
        char mp[160];
        join(mp, sizeof mp, path, key);
        return fail(p, mp, "has more than two decimals (money is kept in fen)");
    }
    *out = (int64_t)r;
    return JE_OK;
}

static je_status party_code(const parser *p, const je_comp_agreement *a, json_t *v, const char *mp,
                            char *out)
{
    if (!json_is_string(v))
        return fail(p, mp, "must be a jurisdiction code (string)");
    for (size_t j = 0; j < a->n_parties; j++)
        if (strcmp(a->parties[j], json_string_value(v)) == 0) {
            snprintf(out, JE_COMP_PARTY_MAX, "%s", a->parties[j]);
            return JE_OK;
        }
    return fail(p, mp, "\"%s\" is not one of the agreement's parties", json_string_value(v));
}

static je_status payer(const parser *p, json_t *obj, const char *path, int allow_none,
                       je_comp_payer *out)
{
    char s[16] = "";
    je_status st = string(p, obj, path, "payer", 0, s, sizeof s);
    if (st != JE_OK)
        return st;
    if (strcmp(s, "upstream") == 0)
        *out = JE_COMP_UPSTREAM_PAYS;
    else if (strcmp(s, "downstream") == 0)
        *out = JE_COMP_DOWNSTREAM_PAYS;
    else if (allow_none && strcmp(s, "none") == 0)
        *out = JE_COMP_PAYS_NONE;
    else {
        char mp[160];
        join(mp, sizeof mp, path, "payer");
        return fail(p, mp, "must be \"upstream\", \"downstream\"%s",
                    allow_none ? " or \"none\"" : "");
    }
    return JE_OK;
}

static je_status item_index(const parser *p, const je_comp_agreement *a, const char *key,
                            const char *mp, size_t *out)
{
    je_wq_item it;
    if (je_wq_item_find(key, strlen(key), &it) != JE_OK)
        return fail(p, mp, "is not a GB 3838 item code");
    for (size_t i = 0; i < a->n_items; i++)
        if (a->items[i] == it) {
            *out = i;
            return JE_OK;
        }
    return fail(p, mp, "is not one of the agreement's indicators");
}

/* An object item → number for every indicator (all required unless `optional`); out[i]
 * stays as it is for absent items. */
static je_status item_numbers(const parser *p, const je_comp_agreement *a, json_t *obj,
                              const char *path, const char *key, int optional, double lo, double hi,
                              double *out)
{
    json_t *o;
    je_status st = get(p, obj, path, key, optional, &o);
    if (st != JE_OK || o == NULL)
        return st;
    char mp[160], ip[200];
    join(mp, sizeof mp, path, key);
    if (!json_is_object(o))
        return fail(p, mp, "must be an object of item code: number");
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        size_t i = 0;
        join(ip, sizeof ip, mp, k);
        if ((st = item_index(p, a, k, ip, &i)) != JE_OK ||
            (st = number_v(p, v, ip, lo, hi, &out[i])) != JE_OK)
            return st;
    }
    if (!optional)
        for (size_t i = 0; i < a->n_items; i++)
            if (!json_object_get(o, je_wq_item_code(a->items[i])))
                return fail(p, mp, "is missing indicator \"%s\"", je_wq_item_code(a->items[i]));
    return JE_OK;
}

/* ------------------------------------------------------------------------- */
/* Top level                                                                  */

static je_status parse_parties(const parser *p, json_t *root, je_comp_agreement *a)
{
    json_t *v = json_object_get(root, "parties");
    if (!v)
        return fail(p, "$", "is missing member \"parties\"");
    if (!json_is_array(v) || json_array_size(v) < 2 || json_array_size(v) > JE_COMP_MAX_PARTIES)
        return fail(p, "$.parties", "must be an array of 2 to %d jurisdiction codes",
                    JE_COMP_MAX_PARTIES);
    for (size_t j = 0; j < json_array_size(v); j++) {
        json_t *c = json_array_get(v, j);
        char mp[64];
        snprintf(mp, sizeof mp, "$.parties[%zu]", j);
        const char *s = json_is_string(c) ? json_string_value(c) : "";
        if (strlen(s) != 6 || strspn(s, "0123456789") != 6)
            return fail(p, mp, "must be a six-digit GB/T 2260 code");
        for (size_t k = 0; k < j; k++)
            if (strcmp(a->parties[k], s) == 0)
                return fail(p, mp, "\"%s\" is listed twice", s);
        snprintf(a->parties[j], sizeof a->parties[j], "%s", s);
    }
    a->n_parties = json_array_size(v);
    return JE_OK;
}

static je_status parse_items(const parser *p, json_t *root, je_comp_agreement *a)
{
    json_t *v = json_object_get(root, "indicators");
    if (!v) {
        if (a->type == JE_COMP_TARGET_TREND)
            return JE_OK;
        return fail(p, "$", "is missing member \"indicators\"");
    }
    if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > JE_COMP_MAX_ITEMS)
        return fail(p, "$.indicators", "must be an array of 1 to %d GB 3838 item codes",
                    JE_COMP_MAX_ITEMS);
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *c = json_array_get(v, i);
        char mp[64];
        snprintf(mp, sizeof mp, "$.indicators[%zu]", i);
        je_wq_item it;
        if (!json_is_string(c) ||
            je_wq_item_find(json_string_value(c), json_string_length(c), &it) != JE_OK)
            return fail(p, mp, "is not a GB 3838 item code (codmn, nh3n, tp, ...)");
        if (it == JE_WQ_PH || it == JE_WQ_DO)
            return fail(p, mp, "pH and DO have no concentration limit to exceed");
        for (size_t k = 0; k < i; k++)
            if (a->items[k] == it)
                return fail(p, mp, "\"%s\" is listed twice", json_string_value(c));
        a->items[i] = it;
    }
    a->n_items = json_array_size(v);
    return JE_OK;
}

static je_status parse_section(const parser *p, json_t *o, const char *path, je_comp_agreement *a,
                               je_comp_section *s)
{
    static const char *const known[] = {"code",          "upstream",      "downstream",
                                        "target",        "baseline_mg_l", "forfeit_percent",
                                        "beneficiaries", "clause",        NULL};
    if (!json_is_object(o))
        return fail(p, path, "must be an object");
    je_status st = members(p, o, path, known, 0);
    if (st == JE_OK)
        st = string(p, o, path, "code", 0, s->code, sizeof s->code);
    char mp[200];
    for (int side = 0; side < 2 && st == JE_OK; side++) {
        const char *key = side ? "downstream" : "upstream";
        json_t *v = json_object_get(o, key);
        join(mp, sizeof mp, path, key);
        if (v)
            st = party_code(p, a, v, mp, side ? s->downstream : s->upstream);
    }
    if (st == JE_OK && s->upstream[0] && strcmp(s->upstream, s->downstream) == 0) {
        join(mp, sizeof mp, path, "downstream");
        return fail(p, mp, "is the same party as upstream");
    }
    json_t *t = json_object_get(o, "target");
    if (st == JE_OK && t) {
        join(mp, sizeof mp, path, "target");
        if (!json_is_string(t) ||
            je_wq_class_parse(json_string_value(t), json_string_length(t), &s->target) != JE_OK ||
            s->target == JE_WQ_CLASS_WORSE_V)
            return fail(p, mp, "must be a class \"I\" to \"V\"");
    }
    for (size_t i = 0; i < JE_COMP_MAX_ITEMS; i++)
        s->baseline_mg_l[i] = NAN;
    if (st != JE_OK)
        return st;
    if (a->type == JE_COMP_PINDEX)
        return item_numbers(p, a, o, path, "baseline_mg_l", 0, 1e-9, 1e6, s->baseline_mg_l);
    if (json_object_get(o, "baseline_mg_l")) {
        join(mp, sizeof mp, path, "baseline_mg_l");
        return fail(p, mp, "is only for p-index agreements");
    }
    if (a->type != JE_COMP_POOL_SHARE) {
        static const char *const pool_only[] = {"forfeit_percent", "beneficiaries", "clause"};
        for (size_t k = 0; k < 3; k++)
            if (json_object_get(o, pool_only[k])) {
                join(mp, sizeof mp, path, pool_only[k]);
                return fail(p, mp, "is only for pool-share agreements");
            }
        return JE_OK;
    }
    json_t *v;
    join(mp, sizeof mp, path, "forfeit_percent");
    if ((st = get(p, o, path, "forfeit_percent", 0, &v)) != JE_OK ||
        (st = integer_v(p, v, mp, 0, 100, &s->forfeit_percent)) != JE_OK ||
        (st = string(p, o, path, "clause", 0, s->clause, sizeof s->clause)) != JE_OK ||
        (st = get(p, o, path, "beneficiaries", 0, &v)) != JE_OK)
        return st;
    join(mp, sizeof mp, path, "beneficiaries");
    if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > JE_COMP_MAX_PARTIES)
        return fail(p, mp, "must be an array of {\"party\", \"parts\"}");
    for (size_t b = 0; b < json_array_size(v); b++) {
        json_t *e = json_array_get(v, b);
        char bp[240], fp[280];
        snprintf(bp, sizeof bp, "%s[%zu]", mp, b);
        static const char *const bk[] = {"party", "parts", NULL};
        if (!json_is_object(e))
            return fail(p, bp, "must be an object {\"party\", \"parts\"}");
        json_t *pv, *nv;
        if ((st = members(p, e, bp, bk, 0)) != JE_OK || (st = get(p, e, bp, "party", 0, &pv)) ||
            (st = get(p, e, bp, "parts", 0, &nv)) != JE_OK)
            return st;
        join(fp, sizeof fp, bp, "party");
        if ((st = party_code(p, a, pv, fp, s->beneficiary[b])) != JE_OK)
            return st;
        if (strcmp(s->beneficiary[b], s->upstream) == 0)
            return fail(p, fp, "is the upstream party itself");
        join(fp, sizeof fp, bp, "parts");
        if ((st = integer_v(p, nv, fp, 1, 10000, &s->beneficiary_parts[b])) != JE_OK)
            return st;
    }
    s->n_beneficiaries = json_array_size(v);
    return JE_OK;
}

static je_status parse_sections(const parser *p, json_t *root, je_comp_agreement *a)
{
    json_t *v = json_object_get(root, "sections");
    if (!v)
        return fail(p, "$", "is missing member \"sections\"");
    if (json_is_string(v) && strcmp(json_string_value(v), "all-boundary") == 0) {
        if (a->type == JE_COMP_PINDEX || a->type == JE_COMP_POOL_SHARE)
            return fail(p, "$.sections",
                        "must list the sections (with their %s) for a %s "
                        "agreement",
                        a->type == JE_COMP_PINDEX ? "baselines" : "forfeits",
                        je_comp_rule_type_name(a->type));
        a->all_boundary = 1;
        return JE_OK;
    }
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 10000)
        return fail(p, "$.sections", "must be \"all-boundary\" or an array of section objects");
    a->sections = calloc(json_array_size(v), sizeof *a->sections);
    if (a->sections == NULL)
        return je_error_set(p->err, JE_ENOMEM, "out of memory");
    a->n_sections = json_array_size(v);
    for (size_t k = 0; k < a->n_sections; k++) {
        char mp[64];
        snprintf(mp, sizeof mp, "$.sections[%zu]", k);
        je_status st = parse_section(p, json_array_get(v, k), mp, a, &a->sections[k]);
        if (st != JE_OK)
            return st;
        for (size_t j = 0; j < k; j++)
            if (strcmp(a->sections[j].code, a->sections[k].code) == 0) {
                char cp[80];
                snprintf(cp, sizeof cp, "%s.code", mp);
                return fail(p, cp, "\"%s\" is listed twice", a->sections[k].code);
            }
    }
    return JE_OK;
}

/* A branch {payer, amount_yuan (when `amount`), clause, provenance}. */
static je_status parse_branch(const parser *p, json_t *obj, const char *path, const char *key,
                              int amount, je_comp_branch_rule *r)
{
    static const char *const with_amount[] = {"payer", "amount_yuan", "clause", NULL};
    static const char *const without[] = {"payer", "clause", NULL};
    json_t *b;
    char mp[160];
    join(mp, sizeof mp, path, key);
    je_status st = object(p, obj, path, key, &b);
    if (st == JE_OK)
        st = members(p, b, mp, amount ? with_amount : without, 1);
    if (st == JE_OK)
        st = payer(p, b, mp, amount, &r->payer);
    if (st == JE_OK && amount)
        st = yuan(p, b, mp, "amount_yuan", &r->amount_fen);
    if (st == JE_OK)
        st = string(p, b, mp, "clause", 0, r->clause, sizeof r->clause);
    return st;
}

static je_status parse_target_trend(const parser *p, json_t *blk, je_comp_agreement *a)
{
    static const char *const known[] = {"trend",     "met_improved", "met_same",
                                        "met_worse", "failed",       NULL};
    static const char *const keys[JE_COMP_NBRANCH] = {"met_improved", "met_same", "met_worse",
                                                      "failed"};
    const char *path = "$.target_and_trend";
    je_status st = members(p, blk, path, known, 0);
    char trend[40] = "same-month-previous-year";
    if (st == JE_OK)
        st = string(p, blk, path, "trend", 1, trend, sizeof trend);
    if (st != JE_OK)
        return st;
    if (strcmp(trend, "same-month-previous-year") == 0)
        a->trend = JE_COMP_TREND_SAME_MONTH;
    else if (strcmp(trend, "previous-year") == 0)
        a->trend = JE_COMP_TREND_PREV_YEAR;
    else
        return fail(p, "$.target_and_trend.trend",
                    "must be \"same-month-previous-year\" or \"previous-year\"");
    for (int b = 0; b < JE_COMP_NBRANCH && st == JE_OK; b++)
        st = parse_branch(p, blk, path, keys[b], 1, &a->branch[b]);
    return st;
}

static je_status parse_pindex(const parser *p, json_t *blk, je_comp_agreement *a)
{
    static const char *const known[] = {"k0", "weights", "amount_yuan", "p_le1", "p_gt1", NULL};
    const char *path = "$.p_index";
    for (size_t i = 0; i < JE_COMP_MAX_ITEMS; i++)
        a->weight[i] = NAN;
    je_status st = members(p, blk, path, known, 1);
    if (st == JE_OK)
        st = number(p, blk, path, "k0", 1e-6, 10, &a->k0);
    if (st == JE_OK)
        st = item_numbers(p, a, blk, path, "weights", 0, 0, 10, a->weight);
    if (st == JE_OK)
        st = yuan(p, blk, path, "amount_yuan", &a->pindex_amount_fen);
    if (st == JE_OK)
        st = parse_branch(p, blk, path, "p_le1", 0, &a->p_le1);
    if (st == JE_OK)
        st = parse_branch(p, blk, path, "p_gt1", 0, &a->p_gt1);
    return st;
}

static je_status parts(const parser *p, json_t *blk, const char *path, const char *key,
                       const je_comp_agreement *a, int *out)
{
    json_t *v;
    char mp[160];
    join(mp, sizeof mp, path, key);
    je_status st = get(p, blk, path, key, 0, &v);
    if (st != JE_OK)
        return st;
    if (!json_is_array(v) || json_array_size(v) != a->n_parties)
        return fail(p, mp, "must be an array of %zu whole numbers, one per party in order",
                    a->n_parties);
    int sum = 0;
    for (size_t j = 0; j < a->n_parties; j++) {
        char ep[200];
        snprintf(ep, sizeof ep, "%s[%zu]", mp, j);
        if ((st = integer_v(p, json_array_get(v, j), ep, 0, 10000, &out[j])) != JE_OK)
            return st;
        sum += out[j];
    }
    return sum > 0 ? JE_OK : fail(p, mp, "must not be all zero");
}

static je_status parse_pool(const parser *p, json_t *blk, je_comp_agreement *a)
{
    static const char *const known[] = {"amount_yuan", "contribution_parts", "allocation_parts",
                                        "clause", NULL};
    const char *path = "$.pool_share";
    je_status st = members(p, blk, path, known, 1);
    if (st == JE_OK)
        st = yuan(p, blk, path, "amount_yuan", &a->pool_fen);
    if (st == JE_OK)
        st = parts(p, blk, path, "contribution_parts", a, a->contribution_parts);
    if (st == JE_OK)
        st = parts(p, blk, path, "allocation_parts", a, a->allocation_parts);
    if (st == JE_OK)
        st = string(p, blk, path, "clause", 0, a->pool_clause, sizeof a->pool_clause);
    return st;
}

static je_status parse_exceedance(const parser *p, json_t *blk, je_comp_agreement *a)
{
    static const char *const known[] = {"payer", "unit_price_yuan_per_t", "target_mg_l", "clause",
                                        NULL};
    const char *path = "$.exceedance_price";
    double price[JE_COMP_MAX_ITEMS];
    for (size_t i = 0; i < JE_COMP_MAX_ITEMS; i++)
        a->target_mg_l[i] = price[i] = NAN;
    je_status st = members(p, blk, path, known, 1);
    if (st == JE_OK)
        st = payer(p, blk, path, 0, &a->exceed_payer);
    if (st == JE_OK)
        st = item_numbers(p, a, blk, path, "unit_price_yuan_per_t", 0, 0, 1e9, price);
    if (st == JE_OK)
        st = item_numbers(p, a, blk, path, "target_mg_l", 1, 0, 1e6, a->target_mg_l);
    if (st == JE_OK)
        st = string(p, blk, path, "clause", 0, a->exceed_clause, sizeof a->exceed_clause);
    for (size_t i = 0; i < a->n_items && st == JE_OK; i++) {
        double fen = floor(price[i] * 100.0 + 0.5);
        if (fabs(price[i] * 100.0 - fen) > 1e-3) {
            char mp[120];
            snprintf(mp, sizeof mp, "%s.unit_price_yuan_per_t.%s", path,
                     je_wq_item_code(a->items[i]));
            return fail(p, mp, "has more than two decimals (money is kept in fen)");
        }
        a->price_fen_per_t[i] = (int64_t)fen;
    }
    return st;
}

static je_status parse_root(const parser *p, json_t *root, je_comp_agreement *a)
{
    static const char *const known[] = {"id",
                                        "name",
                                        "rule",
                                        "period",
                                        "parties",
                                        "indicators",
                                        "sections",
                                        "target_and_trend",
                                        "p_index",
                                        "pool_share",
                                        "exceedance_price",
                                        NULL};
    static const char *const blocks[] = {"target_and_trend", "p_index", "pool_share",
                                         "exceedance_price"};
    if (!json_is_object(root))
        return fail(p, "$", "must be an object");
    je_status st = members(p, root, "$", known, 0);
    if (st == JE_OK)
        st = string(p, root, "$", "id", 0, a->id, sizeof a->id);
    if (st == JE_OK)
        st = string(p, root, "$", "name", 1, a->name, sizeof a->name);
    char rule[40] = "";
    if (st == JE_OK)
        st = string(p, root, "$", "rule", 0, rule, sizeof rule);
    if (st != JE_OK)
        return st;
    if (!a->name[0])
        snprintf(a->name, sizeof a->name, "%s", a->id);
    int type = -1;
    for (int t = 0; t < 4; t++)
        if (strcmp(rule, je_comp_rule_type_name((je_comp_rule_type)t)) == 0)
            type = t;
    if (type < 0)
        return fail(p, "$.rule",
                    "must be \"target-and-trend\", \"p-index\", \"pool-share\" or "
                    "\"exceedance-price\"");
    a->type = (je_comp_rule_type)type;
    for (int t = 0; t < 4; t++)
        if (t != type && json_object_get(root, blocks[t])) {
            char mp[64];
            snprintf(mp, sizeof mp, "$.%s", blocks[t]);
            return fail(p, mp, "does not belong in a %s agreement", rule);
        }
    json_t *period, *blk;
    static const char *const pk[] = {"from", "to", NULL};
    double from = 0, to = 0;
    if ((st = object(p, root, "$", "period", &period)) != JE_OK ||
        (st = members(p, period, "$.period", pk, 0)) != JE_OK ||
        (st = number(p, period, "$.period", "from", 1990, 2100, &from)) != JE_OK ||
        (st = number(p, period, "$.period", "to", from, 2100, &to)) != JE_OK)
        return st;
    a->year_from = (int)from;
    a->year_to = (int)to;
    if (a->year_from != from || a->year_to != to)
        return fail(p, "$.period", "years must be whole numbers");
    if ((st = parse_parties(p, root, a)) != JE_OK || (st = parse_items(p, root, a)) != JE_OK ||
        (st = parse_sections(p, root, a)) != JE_OK ||
        (st = object(p, root, "$", blocks[type], &blk)) != JE_OK)
        return st;
    switch (a->type) {
    case JE_COMP_TARGET_TREND:
        return parse_target_trend(p, blk, a);
    case JE_COMP_PINDEX:
        return parse_pindex(p, blk, a);
    case JE_COMP_POOL_SHARE:
        return parse_pool(p, blk, a);
    case JE_COMP_EXCEEDANCE_PRICE:
        return parse_exceedance(p, blk, a);
    }
    return JE_OK;
}

je_status je_comp_agreement_parse(const char *json, size_t len, const char *name,
                                  je_comp_agreement *out, je_error *err)
{
    if (!json || !out)
        return je_error_set(err, JE_EINVAL, "je_comp_agreement_parse: NULL argument");
    memset(out, 0, sizeof *out);
    parser p = {name ? name : "(agreement)", json, len, err};
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return je_error_set_at(err, JE_EDATA, p.name, je.line > 0 ? je.line : 1,
                               je.column > 0 ? je.column : 1, NULL, "invalid JSON: %s", je.text);
    je_status st = parse_root(&p, root, out);
    json_decref(root);
    if (st != JE_OK)
        je_comp_agreement_free(out);
    return st;
}

je_status je_comp_agreement_load(const char *path, je_comp_agreement *out, char *sha256_hex,
                                 je_error *err)
{
    if (!path || !out)
        return je_error_set(err, JE_EINVAL, "je_comp_agreement_load: NULL argument");
    memset(out, 0, sizeof *out);
    char *buf;
    size_t n;
    je_status st = je_file_read(path, 1 << 20, &buf, &n, err); /* an agreement: ≤ 1 MiB */
    if (st != JE_OK)
        return st;
    if (sha256_hex) {
        je_sha256 h;
        if (je_sha256_init(&h) != JE_OK)
            st = je_error_set(err, JE_ENOMEM, "out of memory");
        else {
            je_sha256_update(&h, buf, n);
            je_sha256_final_hex(&h, sha256_hex);
        }
    }
    if (st == JE_OK)
        st = je_comp_agreement_parse(buf, n, path, out, err);
    free(buf);
    return st;
}

void je_comp_agreement_free(je_comp_agreement *a)
{
    if (a == NULL)
        return;
    free(a->sections);
    a->sections = NULL;
    a->n_sections = 0;
}
