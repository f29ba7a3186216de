/*
 * allocation_scheme.c — the allocation scheme JSON (docs/allocation.md) into a
 * je_alloc_scheme, and the checks that make the LP meaningful.
 *
 * How errors get a line and column: jansson keeps no positions for values, so once
 * the text parsed, a failing check names the JSON path of the value ("links[3].to")
 * and locate() walks the text again along that path to find where the value starts.
 * The walk only has to handle valid JSON (jansson accepted it).
 */
#include "jointenv/allocation.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *text;
    size_t len;
    const char *name;
    je_error *err;
    je_strmap *node_ix, *link_ix, *demand_ix; /* code/id → index, for large schemes */
} parser;

/* ---- locating a JSON path in the text -------------------------------------- */

typedef struct {
    const char *s;
    size_t n, i;
    long line, col;
} cursor;

static void adv(cursor *c)
{
    unsigned char ch = (unsigned char)c->s[c->i++];
    if (ch == '\n') {
        c->line++;
        c->col = 1;
    } else if ((ch & 0xC0) != 0x80) {
        c->col++;
    }
}

static void skip_ws(cursor *c)
{
    while (c->i < c->n && strchr(" \t\r\n", c->s[c->i]) && c->s[c->i])
        adv(c);
}

static void skip_string(cursor *c)
{
    adv(c); /* opening quote */
    while (c->i < c->n && c->s[c->i] != '"') {
        if (c->s[c->i] == '\\')
            adv(c);
        if (c->i < c->n)
            adv(c);
    }
    if (c->i < c->n)
        adv(c);
}

static void skip_value(cursor *c)
{
    skip_ws(c);
    if (c->i >= c->n)
        return;
    char ch = c->s[c->i];
    if (ch == '"') {
        skip_string(c);
    } else if (ch == '{' || ch == '[') {
        adv(c);
        skip_ws(c);
        while (c->i < c->n && c->s[c->i] != '}' && c->s[c->i] != ']') {
            if (ch == '{') {
                skip_string(c);
                skip_ws(c);
                adv(c); /* ':' */
            }
            skip_value(c);
            skip_ws(c);
            if (c->i < c->n && c->s[c->i] == ',') {
                adv(c);
                skip_ws(c);
            }
        }
        if (c->i < c->n)
            adv(c);
    } else {
        while (c->i < c->n && !strchr(",]} \t\r\n", c->s[c->i]))
            adv(c);
    }
}

/* Move to the member `key` (klen bytes) of the object at c; 0 when absent. */
static int enter_key(cursor *c, const char *key, size_t klen)
{
    skip_ws(c);
    if (c->i >= c->n || c->s[c->i] != '{')
        return 0;
    adv(c);
    for (;;) {
        skip_ws(c);
        if (c->i >= c->n || c->s[c->i] != '"')
            return 0;
        size_t k0 = c->i + 1;
        skip_string(c);
        size_t k1 = c->i - 1;
        skip_ws(c);
        adv(c); /* ':' */
        skip_ws(c);
        if (k1 - k0 == klen && memcmp(c->s + k0, key, klen) == 0)
            return 1;
        skip_value(c);
        skip_ws(c);
        if (c->i >= c->n || c->s[c->i] != ',')
            return 0;
        adv(c);
    }
}

static int enter_index(cursor *c, long idx)
{
    skip_ws(c);
    if (c->i >= c->n || c->s[c->i] != '[')
        return 0;
    adv(c);
    for (long k = 0; k < idx; k++) {
        skip_value(c);
        skip_ws(c);
        if (c->i >= c->n || c->s[c->i] != ',')
            return 0;
        adv(c);
    }
    skip_ws(c);
    return c->i < c->n && c->s[c->i] != ']';
}

/* Line and column of the value at `path` ("links[3].to"); of the deepest part of it
 * that exists when the rest is missing. */
static void locate(const parser *p, const char *path, long *line, long *col)
{
    cursor c = {p->text, p->len, 0, 1, 1};
    skip_ws(&c);
    cursor ok = c;
    const char *s = path;
    while (*s) {
        if (*s == '.')
            s++;
        int found;
        if (*s == '[') {
            long idx = strtol(s + 1, NULL, 10);
            found = enter_index(&c, idx);
            const char *close = strchr(s, ']');
            s = close ? close + 1 : s + strlen(s);
        } else {
            size_t k = strcspn(s, ".[");
            found = enter_key(&c, s, k);
            s += k;
        }
        if (!found)
            break;
        skip_ws(&c);
        ok = c;
    }
    *line = ok.line;
    *col = ok.col;
}

static je_status fail(const parser *p, const char *path, const char *fmt, ...) JE_PRINTF(3, 4);

static je_status fail(const parser *p, const char *path, const char *fmt, ...)
{
    char what[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    long line, col;
    locate(p, path, &line, &col);
    return je_error_set_at(p->err, JE_EDATA, p->name, line, col, path, "%s: %s", path, what);
}

static void join(char *buf, size_t size, const char *path, const char *key)
{
    snprintf(buf, size, "%s%s%s", path, path[0] ? "." : "", key);
}

/* ---- typed members ---------------------------------------------------------- */

static je_status members(const parser *p, json_t *obj, const char *path, const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int ok = strcmp(key, "source") == 0 || strcmp(key, "notes") == 0;
        for (const char *const *k = known; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (!ok) {
            char mp[160];
            join(mp, sizeof mp, path, key);
            return fail(p, mp, "is not a known member");
        }
    }
    return JE_OK;
}

static je_status text(const parser *p, json_t *obj, const char *path, const char *key, int optional,
                      char *out, size_t size)
{
    char mp[160];
    join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (optional)
            return JE_OK;
        return fail(p, mp, "is missing");
    }
    if (!json_is_string(v))
        return fail(p, mp, "must be a string");
    size_t n = json_string_length(v);
    if ((!optional && n == 0) || n >= size)
        return fail(p, mp, "must be a %sstring of at most %zu bytes", optional ? "" : "non-empty ",
                    size - 1);
    memcpy(out, json_string_value(v), n + 1);
    return JE_OK;
}

static je_status number(const parser *p, json_t *v, const char *mp, double lo, double hi,
                        int hi_open, double *out)
{
    if (!json_is_number(v))
        return fail(p, mp, "must be a number");
    double x = json_number_value(v);
    if (!(x >= lo && (hi_open ? x < hi : x <= hi)))
        return fail(p, mp, "must be in [%g, %g%s (got %g)", lo, hi, hi_open ? ")" : "]", x);
    *out = x;
    return JE_OK;
}

/* A member that is one number (every month the same) or an array of 12; absent gives
 * `dflt` when optional. */
static je_status monthly(const parser *p, json_t *obj, const char *path, const char *key,
                         int optional, double dflt, double out[JE_ALLOC_MONTHS])
{
    char mp[160];
    join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (!optional)
            return fail(p, mp, "is missing");
        for (int m = 0; m < JE_ALLOC_MONTHS; m++)
            out[m] = dflt;
        return JE_OK;
    }
    if (json_is_number(v)) {
        double x = 0;
        je_status st = number(p, v, mp, 0, 1e12, 0, &x);
        for (int m = 0; m < JE_ALLOC_MONTHS; m++)
            out[m] = x;
        return st;
    }
    if (!json_is_array(v) || json_array_size(v) != JE_ALLOC_MONTHS)
        return fail(p, mp, "must be a number or an array of 12 monthly numbers (hm3)");
    for (int m = 0; m < JE_ALLOC_MONTHS; m++) {
        char ip[176];
        snprintf(ip, sizeof ip, "%s[%d]", mp, m);
        je_status st = number(p, json_array_get(v, (size_t)m), ip, 0, 1e12, 0, &out[m]);
        if (st != JE_OK)
            return st;
    }
    return JE_OK;
}

static je_status fraction(const parser *p, json_t *obj, const char *path, const char *key,
                          double dflt, int hi_open, double *out)
{
    char mp[160];
    join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        *out = dflt;
        return JE_OK;
    }
    return number(p, v, mp, 0, 1, hi_open, out);
}

/* An array member; `empty_ok` allows []. */
static je_status array(const parser *p, json_t *obj, const char *key, int optional, json_t **out)
{
    *out = json_object_get(obj, key);
    if (!*out) {
        if (optional)
            return JE_OK;
        return fail(p, key, "is missing");
    }
    if (!json_is_array(*out))
        return fail(p, key, "must be an array");
    return JE_OK;
}

/* ---- names ------------------------------------------------------------------ */

static const char *const node_kinds[] = {"source", "junction", "demand", "outlet"};
static const char *const link_kinds[] = {"river", "diversion", "return"};
static const char *const sectors[] = {"domestic", "industrial", "agricultural", "ecological"};
static const char *const modes[] = {"lexicographic", "weighted"};

static const char *name_of(const char *const *names, size_t n, int k)
{
    return k >= 0 && (size_t)k < n ? names[k] : NULL;
}

const char *je_alloc_node_kind_name(je_alloc_node_kind k)
{
    return name_of(node_kinds, 4, (int)k);
}

const char *je_alloc_link_kind_name(je_alloc_link_kind k)
{
    return name_of(link_kinds, 3, (int)k);
}

const char *je_alloc_sector_name(je_alloc_sector s)
{
    return name_of(sectors, 4, (int)s);
}

const char *je_alloc_priority_mode_name(je_alloc_priority_mode m)
{
    return name_of(modes, 2, (int)m);
}

static int find_name(const char *const *names, size_t n, const char *s)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(names[k], s) == 0)
            return (int)k;
    return -1;
}

je_status je_alloc_priority_mode_parse(const char *s, je_alloc_priority_mode *out, je_error *err)
{
    int k = s ? find_name(modes, 2, s) : -1;
    if (k < 0 || !out)
        return je_error_set(err, JE_EINVAL, "priority mode '%s': must be lexicographic or weighted",
                            s ? s : "(null)");
    *out = (je_alloc_priority_mode)k;
    return JE_OK;
}

static je_status enum_member(const parser *p, json_t *obj, const char *path, const char *key,
                             const char *const *names, size_t n, int *out)
{
    char buf[32], mp[160];
    je_status st = text(p, obj, path, key, 0, buf, sizeof buf);
    if (st != JE_OK)
        return st;
    *out = find_name(names, n, buf);
    if (*out >= 0)
        return JE_OK;
    join(mp, sizeof mp, path, key);
    char allowed[128] = "";
    for (size_t k = 0; k < n; k++)
        snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%s",
                 k ? (k + 1 == n ? " or " : ", ") : "", names[k]);
    return fail(p, mp, "unknown value '%s' (must be %s)", buf, allowed);
}

/* ---- lookups ---------------------------------------------------------------- */

int je_alloc_node_index(const je_alloc_scheme *s, const char *code)
{
    for (size_t i = 0; s && code && i < s->n_nodes; i++)
        if (strcmp(s->nodes[i].code, code) == 0)
            return (int)i;
    return -1;
}

int je_alloc_link_index(const je_alloc_scheme *s, const char *id)
{
    for (size_t i = 0; s && id && i < s->n_links; i++)
        if (strcmp(s->links[i].id, id) == 0)
            return (int)i;
    return -1;
}

static je_status node_ref(const parser *p, const je_alloc_scheme *s, json_t *obj, const char *path,
                          const char *key, int *out)
{
    char code[32], mp[160];
    je_status st = text(p, obj, path, key, 0, code, sizeof code);
    if (st != JE_OK)
        return st;
    int64_t ix = -1;
    *out = je_strmap_get(p->node_ix, code, strlen(code), &ix) ? (int)ix : -1;
    (void)s;
    join(mp, sizeof mp, path, key);
    return *out >= 0 ? JE_OK : fail(p, mp, "unknown node '%s'", code);
}

/* Record `key` → index in map; a key seen before is an error at path.member. */
static je_status unique(const parser *p, je_strmap *map, const char *key, size_t index,
                        const char *path, const char *member, const char *what)
{
    int64_t old;
    if (je_strmap_get(map, key, strlen(key), &old)) {
        char mp[96];
        snprintf(mp, sizeof mp, "%s.%s", path, member);
        return fail(p, mp, "duplicate %s '%s' (also at index %lld)", what, key, (long long)old);
    }
    if (je_strmap_put(map, key, (int64_t)index) != JE_OK)
        return je_error_set(p->err, JE_ENOMEM, "out of memory reading the scheme");
    return JE_OK;
}

/* ---- sections of the file --------------------------------------------------- */

static je_status parse_nodes(const parser *p, json_t *root, je_alloc_scheme *s)
{
    static const char *const known[] = {"code", "name_zh",    "name_en", "jurisdiction",
                                        "kind", "inflow_hm3", NULL};
    json_t *arr;
    je_status st = array(p, root, "nodes", 0, &arr);
    if (st != JE_OK)
        return st;
    if (json_array_size(arr) == 0)
        return fail(p, "nodes", "must list at least one node");
    s->nodes = calloc(json_array_size(arr), sizeof *s->nodes);
    if (!s->nodes)
        return je_error_set(p->err, JE_ENOMEM, "out of memory reading the scheme");
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        char path[48];
        snprintf(path, sizeof path, "nodes[%zu]", i);
        if (!json_is_object(v))
            return fail(p, path, "must be an object");
        je_alloc_node *n = &s->nodes[i];
        int kind = 0;
        if ((st = members(p, v, path, known)) != JE_OK ||
            (st = text(p, v, path, "code", 0, n->code, sizeof n->code)) != JE_OK ||
            (st = text(p, v, path, "name_zh", 1, n->name_zh, sizeof n->name_zh)) != JE_OK ||
            (st = text(p, v, path, "name_en", 1, n->name_en, sizeof n->name_en)) != JE_OK ||
            (st = text(p, v, path, "jurisdiction", 0, n->jurisdiction, sizeof n->jurisdiction)) !=
                JE_OK ||
            (st = enum_member(p, v, path, "kind", node_kinds, 4, &kind)) != JE_OK ||
            (st = monthly(p, v, path, "inflow_hm3", 1, 0, n->inflow_hm3)) != JE_OK)
            return st;
        n->kind = (je_alloc_node_kind)kind;
        if ((st = unique(p, p->node_ix, n->code, i, path, "code", "node code")) != JE_OK)
            return st;
        s->n_nodes = i + 1;
    }
    return JE_OK;
}

static je_status parse_link(const parser *p, json_t *v, const char *path, je_alloc_scheme *s,
                            je_alloc_link *l)
{
    static const char *const known[] = {"id",           "from", "to",          "kind",
                                        "capacity_hm3", "loss", "eco_min_hm3", "section",
                                        "boundary",     NULL};
    char mp[64];
    int kind = 0;
    je_status st;
    if ((st = members(p, v, path, known)) != JE_OK ||
        (st = text(p, v, path, "id", 0, l->id, sizeof l->id)) != JE_OK)
        return st;
    if ((st = unique(p, p->link_ix, l->id, (size_t)(l - s->links), path, "id", "link id")) != JE_OK)
        return st;
    if ((st = node_ref(p, s, v, path, "from", &l->from)) != JE_OK ||
        (st = node_ref(p, s, v, path, "to", &l->to)) != JE_OK ||
        (st = enum_member(p, v, path, "kind", link_kinds, 3, &kind)) != JE_OK ||
        (st = monthly(p, v, path, "capacity_hm3", 1, INFINITY, l->capacity_hm3)) != JE_OK ||
        (st = monthly(p, v, path, "eco_min_hm3", 1, 0, l->eco_min_hm3)) != JE_OK ||
        (st = fraction(p, v, path, "loss", 0, 1, &l->loss)) != JE_OK ||
        (st = text(p, v, path, "section", 1, l->section, sizeof l->section)) != JE_OK)
        return st;
    l->kind = (je_alloc_link_kind)kind;
    json_t *b = json_object_get(v, "boundary");
    snprintf(mp, sizeof mp, "%s.boundary", path);
    if (b && !json_is_boolean(b))
        return fail(p, mp, "must be true or false");
    l->boundary = b ? json_is_true(b) : 0;
    snprintf(mp, sizeof mp, "%s.to", path);
    if (l->from == l->to)
        return fail(p, mp, "a link cannot end where it starts ('%s')", s->nodes[l->to].code);
    snprintf(mp, sizeof mp, "%s.from", path);
    if (s->nodes[l->from].kind == JE_ALLOC_OUTLET)
        return fail(p, mp, "'%s' is an outlet: no link may leave it", s->nodes[l->from].code);
    for (int m = 0; m < JE_ALLOC_MONTHS; m++)
        if (l->eco_min_hm3[m] > l->capacity_hm3[m]) {
            snprintf(mp, sizeof mp, "%s.eco_min_hm3", path);
            return fail(p, mp, "month %d: ecological minimum %g hm3 exceeds the capacity %g hm3",
                        m + 1, l->eco_min_hm3[m], l->capacity_hm3[m]);
        }
    return JE_OK;
}

static je_status parse_links(const parser *p, json_t *root, je_alloc_scheme *s)
{
    json_t *arr;
    je_status st = array(p, root, "links", 0, &arr);
    if (st != JE_OK)
        return st;
    s->links = calloc(json_array_size(arr) + 1, sizeof *s->links);
    if (!s->links)
        return je_error_set(p->err, JE_ENOMEM, "out of memory reading the scheme");
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        char path[48];
        snprintf(path, sizeof path, "links[%zu]", i);
        if (!json_is_object(v))
            return fail(p, path, "must be an object");
        if ((st = parse_link(p, v, path, s, &s->links[i])) != JE_OK)
            return st;
        s->n_links = i + 1;
    }
    return JE_OK;
}

static je_status parse_demand(const parser *p, json_t *v, const char *path, je_alloc_scheme *s,
                              je_alloc_demand *d)
{
    static const char *const known[] = {"id",          "node",        "jurisdiction",
                                        "sector",      "priority",    "volume_hm3",
                                        "consumptive", "return_link", NULL};
    char mp[64];
    int sector = 0;
    je_status st;
    if ((st = members(p, v, path, known)) != JE_OK ||
        (st = text(p, v, path, "id", 0, d->id, sizeof d->id)) != JE_OK ||
        (st = node_ref(p, s, v, path, "node", &d->node)) != JE_OK ||
        (st = text(p, v, path, "jurisdiction", 1, d->jurisdiction, sizeof d->jurisdiction)) !=
            JE_OK ||
        (st = enum_member(p, v, path, "sector", sectors, 4, &sector)) != JE_OK ||
        (st = monthly(p, v, path, "volume_hm3", 0, 0, d->volume_hm3)) != JE_OK ||
        (st = fraction(p, v, path, "consumptive", 1, 0, &d->consumptive)) != JE_OK)
        return st;
    d->sector = (je_alloc_sector)sector;
    if (!d->jurisdiction[0])
        memcpy(d->jurisdiction, s->nodes[d->node].jurisdiction, sizeof d->jurisdiction);
    snprintf(mp, sizeof mp, "%s.priority", path);
    json_t *pr = json_object_get(v, "priority");
    if (!pr)
        return fail(p, mp, "is missing");
    if (!json_is_integer(pr) || json_integer_value(pr) < 1 || json_integer_value(pr) > 99)
        return fail(p, mp, "must be a whole number from 1 (served first) to 99");
    d->priority = (int)json_integer_value(pr);
    d->return_link = -1;
    char rl[32] = "";
    if ((st = text(p, v, path, "return_link", 1, rl, sizeof rl)) != JE_OK)
        return st;
    if (rl[0]) {
        snprintf(mp, sizeof mp, "%s.return_link", path);
        int64_t ix = -1;
        d->return_link = je_strmap_get(p->link_ix, rl, strlen(rl), &ix) ? (int)ix : -1;
        if (d->return_link < 0)
            return fail(p, mp, "unknown link '%s'", rl);
        const je_alloc_link *l = &s->links[d->return_link];
        if (l->kind != JE_ALLOC_RETURN || l->from != d->node)
            return fail(p, mp, "'%s' must be a return link leaving the demand's node '%s'", rl,
                        s->nodes[d->node].code);
    }
    return JE_OK;
}

static je_status parse_demands(const parser *p, json_t *root, je_alloc_scheme *s)
{
    json_t *arr;
    je_status st = array(p, root, "demands", 0, &arr);
    if (st != JE_OK)
        return st;
    s->demands = calloc(json_array_size(arr) + 1, sizeof *s->demands);
    if (!s->demands)
        return je_error_set(p->err, JE_ENOMEM, "out of memory reading the scheme");
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        char path[48];
        snprintf(path, sizeof path, "demands[%zu]", i);
        if (!json_is_object(v))
            return fail(p, path, "must be an object");
        je_alloc_demand *d = &s->demands[i];
        if ((st = parse_demand(p, v, path, s, d)) != JE_OK)
            return st;
        if ((st = unique(p, p->demand_ix, d->id, i, path, "id", "demand id")) != JE_OK)
            return st;
        s->n_demands = i + 1;
    }
    return JE_OK;
}

static int in_scope(const je_alloc_share *sh, const je_alloc_demand *d)
{
    if (!(sh->sectors & (1u << d->sector)))
        return 0;
    if (!sh->nodes)
        return 1;
    for (size_t k = 0; k < sh->n_nodes; k++)
        if (sh->nodes[k] == d->node)
            return 1;
    return 0;
}

static je_status share_scope(const parser *p, json_t *v, const char *path, je_alloc_share *sh)
{
    char mp[96];
    json_t *nodes = json_object_get(v, "nodes"), *sec = json_object_get(v, "sectors");
    sh->sectors = (1u << JE_ALLOC_NSECTORS) - 1;
    if (sec) {
        snprintf(mp, sizeof mp, "%s.sectors", path);
        if (!json_is_array(sec) || json_array_size(sec) == 0)
            return fail(p, mp, "must be a non-empty array of sector names");
        sh->sectors = 0;
        for (size_t k = 0; k < json_array_size(sec); k++) {
            json_t *e = json_array_get(sec, k);
            int x = json_is_string(e) ? find_name(sectors, 4, json_string_value(e)) : -1;
            snprintf(mp, sizeof mp, "%s.sectors[%zu]", path, k);
            if (x < 0)
                return fail(p, mp, "must be domestic, industrial, agricultural or ecological");
            sh->sectors |= 1u << x;
        }
    }
    if (nodes) {
        snprintf(mp, sizeof mp, "%s.nodes", path);
        if (!json_is_array(nodes) || json_array_size(nodes) == 0)
            return fail(p, mp, "must be a non-empty array of node codes");
        sh->nodes = calloc(json_array_size(nodes), sizeof *sh->nodes);
        if (!sh->nodes)
            return je_error_set(p->err, JE_ENOMEM, "out of memory reading the scheme");
        for (size_t k = 0; k < json_array_size(nodes); k++) {
            json_t *e = json_array_get(nodes, k);
            snprintf(mp, sizeof mp, "%s.nodes[%zu]", path, k);
            int64_t ix = -1;
            int x = json_is_string(e) && je_strmap_get(p->node_ix, json_string_value(e),
                                                       json_string_length(e), &ix)
                        ? (int)ix
                        : -1;
            if (x < 0)
                return fail(p, mp, "unknown node '%s'",
                            json_is_string(e) ? json_string_value(e) : "");
            sh->nodes[sh->n_nodes++] = x;
        }
    }
    return JE_OK;
}

static je_status share_parties(const parser *p, json_t *v, const char *path, je_alloc_scheme *s,
                               je_alloc_share *sh)
{
    char mp[96];
    snprintf(mp, sizeof mp, "%s.shares", path);
    json_t *obj = json_object_get(v, "shares");
    if (!obj)
        return fail(p, mp, "is missing");
    if (!json_is_object(obj) || json_object_size(obj) < 2)
        return fail(p, mp, "must be an object of at least two jurisdictions and their shares");
    sh->parties = calloc(json_object_size(obj), sizeof *sh->parties);
    if (!sh->parties)
        return je_error_set(p->err, JE_ENOMEM, "out of memory reading the scheme");
    double sum = 0;
    const char *key;
    json_t *e;
    json_object_foreach(obj, key, e)
    {
        char kp[128];
        snprintf(kp, sizeof kp, "%s.%s", mp, key);
        je_alloc_share_party *pt = &sh->parties[sh->n_parties];
        je_status st = number(p, e, kp, 0, 1, 0, &pt->share);
        if (st != JE_OK)
            return st;
        if (strlen(key) >= sizeof pt->jurisdiction)
            return fail(p, kp, "is not a jurisdiction code");
        memcpy(pt->jurisdiction, key, strlen(key) + 1);
        int any = 0;
        for (size_t k = 0; k < s->n_demands && !any; k++)
            any = strcmp(s->demands[k].jurisdiction, key) == 0 && in_scope(sh, &s->demands[k]);
        if (!any)
            return fail(p, kp, "jurisdiction '%s' has no demand in the share's scope", key);
        sum += pt->share;
        sh->n_parties++;
    }
    if (fabs(sum - 1) > 1e-6)
        return fail(p, mp, "the shares sum to %g, not 1", sum);
    return JE_OK;
}

static je_status parse_shares(const parser *p, json_t *root, je_alloc_scheme *s)
{
    static const char *const known[] = {"id",      "period", "tolerance", "nodes",
                                        "sectors", "shares", NULL};
    json_t *arr;
    je_status st = array(p, root, "shares", 1, &arr);
    if (st != JE_OK || !arr)
        return st;
    s->shares = calloc(json_array_size(arr) + 1, sizeof *s->shares);
    if (!s->shares)
        return je_error_set(p->err, JE_ENOMEM, "out of memory reading the scheme");
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        char path[48], mp[64], period[16] = "year";
        snprintf(path, sizeof path, "shares[%zu]", i);
        if (!json_is_object(v))
            return fail(p, path, "must be an object");
        je_alloc_share *sh = &s->shares[i];
        s->n_shares = i + 1;
        if ((st = members(p, v, path, known)) != JE_OK ||
            (st = text(p, v, path, "id", 0, sh->id, sizeof sh->id)) != JE_OK ||
            (st = text(p, v, path, "period", 1, period, sizeof period)) != JE_OK ||
            (st = fraction(p, v, path, "tolerance", 0, 0, &sh->tolerance)) != JE_OK ||
            (st = share_scope(p, v, path, sh)) != JE_OK ||
            (st = share_parties(p, v, path, s, sh)) != JE_OK)
            return st;
        snprintf(mp, sizeof mp, "%s.period", path);
        if (strcmp(period, "year") && strcmp(period, "month"))
            return fail(p, mp, "must be year or month");
        sh->per_month = strcmp(period, "month") == 0;
    }
    return JE_OK;
}

/* ---- whole-network checks --------------------------------------------------- */

/* Every non-outlet node needs a way out; return links must be used; no cycles. */
static je_status check_network(const parser *p, je_alloc_scheme *s)
{
    int outlets = 0;
    char *has_out = calloc(s->n_nodes + 1, 1), *used = calloc(s->n_links + 1, 1);
    if (!has_out || !used) {
        free(has_out);
        free(used);
        return je_error_set(p->err, JE_ENOMEM, "out of memory checking the scheme");
    }
    for (size_t l = 0; l < s->n_links; l++)
        if (s->links[l].kind != JE_ALLOC_RETURN)
            has_out[s->links[l].from] = 1;
    for (size_t d = 0; d < s->n_demands; d++)
        if (s->demands[d].return_link >= 0)
            used[s->demands[d].return_link] = 1;
    je_status st0 = JE_OK;
    for (size_t n = 0; n < s->n_nodes && st0 == JE_OK; n++) {
        if (s->nodes[n].kind == JE_ALLOC_OUTLET) {
            outlets++;
            continue;
        }
        if (!has_out[n]) {
            char path[48];
            snprintf(path, sizeof path, "nodes[%zu]", n);
            st0 = fail(p, path,
                       "node '%s' is not an outlet and has no outgoing river or diversion link "
                       "(its water would have nowhere to go)",
                       s->nodes[n].code);
        }
    }
    if (st0 == JE_OK && !outlets)
        st0 = fail(p, "nodes", "no node is an outlet (kind \"outlet\"): water cannot leave");
    for (size_t l = 0; l < s->n_links && st0 == JE_OK; l++) {
        if (s->links[l].kind != JE_ALLOC_RETURN || used[l])
            continue;
        char path[48];
        snprintf(path, sizeof path, "links[%zu]", l);
        st0 = fail(p, path, "return link '%s' is the return_link of no demand", s->links[l].id);
    }
    free(has_out);
    free(used);
    if (st0 != JE_OK)
        return st0;
    /* cycles: Kahn's algorithm; what is left over lies on or behind a cycle */
    size_t nn = s->n_nodes;
    int *indeg = calloc(nn + 1, sizeof *indeg), *queue = calloc(nn + 1, sizeof *queue);
    if (!indeg || !queue) {
        free(indeg);
        free(queue);
        return je_error_set(p->err, JE_ENOMEM, "out of memory checking the scheme");
    }
    /* adjacency in CSR by link head */
    size_t *start = calloc(nn + 1, sizeof *start);
    int *adj = calloc(s->n_links + 1, sizeof *adj);
    je_status st = JE_OK;
    if (!start || !adj) {
        st = je_error_set(p->err, JE_ENOMEM, "out of memory checking the scheme");
        goto done;
    }
    for (size_t l = 0; l < s->n_links; l++) {
        start[s->links[l].from + 1]++;
        indeg[s->links[l].to]++;
    }
    for (size_t n = 0; n < nn; n++)
        start[n + 1] += start[n];
    {
        size_t *fill = calloc(nn + 1, sizeof *fill);
        if (!fill) {
            st = je_error_set(p->err, JE_ENOMEM, "out of memory checking the scheme");
            goto done;
        }
        for (size_t l = 0; l < s->n_links; l++) {
            int f = s->links[l].from;
            adj[start[f] + fill[f]++] = (int)l;
        }
        free(fill);
    }
    size_t head = 0, tail = 0;
    for (size_t n = 0; n < nn; n++)
        if (indeg[n] == 0)
            queue[tail++] = (int)n;
    while (head < tail) {
        int n = queue[head++];
        for (size_t k = start[n]; k < start[n + 1]; k++)
            if (--indeg[s->links[adj[k]].to] == 0)
                queue[tail++] = s->links[adj[k]].to;
    }
    if (tail < nn) {
        for (size_t l = 0; l < s->n_links; l++)
            if (indeg[s->links[l].from] > 0 && indeg[s->links[l].to] > 0) {
                char path[48];
                snprintf(path, sizeof path, "links[%zu]", l);
                st = fail(p, path,
                          "link '%s' (%s -> %s) lies on a cycle; a basin network must "
                          "be acyclic",
                          s->links[l].id, s->nodes[s->links[l].from].code,
                          s->nodes[s->links[l].to].code);
                break;
            }
    }
done:
    free(indeg);
    free(queue);
    free(start);
    free(adj);
    return st;
}

static je_status parse_root(const parser *p, json_t *root, je_alloc_scheme *s)
{
    static const char *const known[] = {"id",    "name",    "year",   "synthetic", "nodes",
                                        "links", "demands", "shares", "units",     NULL};
    if (!json_is_object(root))
        return fail(p, "", "the scheme must be a JSON object");
    je_status st;
    if ((st = members(p, root, "", known)) != JE_OK ||
        (st = text(p, root, "", "id", 0, s->id, sizeof s->id)) != JE_OK ||
        (st = text(p, root, "", "name", 1, s->name, sizeof s->name)) != JE_OK)
        return st;
    json_t *y = json_object_get(root, "year");
    if (!y)
        return fail(p, "year", "is missing");
    if (!json_is_integer(y) || json_integer_value(y) < 1900 || json_integer_value(y) > 2200)
        return fail(p, "year", "must be a year (1900-2200)");
    s->year = (int)json_integer_value(y);
    json_t *syn = json_object_get(root, "synthetic");
    if (syn && !json_is_boolean(syn))
        return fail(p, "synthetic", "must be true or false");
    s->synthetic = syn ? json_is_true(syn) : 0;
    json_t *units = json_object_get(root, "units");
    if (units && (!json_is_string(units) || strcmp(json_string_value(units), "hm3") != 0))
        return fail(p, "units", "must be \"hm3\" (volumes per month in 10^6 m3)");
    if ((st = parse_nodes(p, root, s)) != JE_OK || (st = parse_links(p, root, s)) != JE_OK ||
        (st = parse_demands(p, root, s)) != JE_OK || (st = parse_shares(p, root, s)) != JE_OK)
        return st;
    return check_network(p, s);
}

je_status je_alloc_scheme_parse(const char *json, size_t len, const char *name,
                                je_alloc_scheme *out, je_error *err)
{
    if (!out)
        return je_error_set(err, JE_EINVAL, "je_alloc_scheme_parse: out is NULL");
    memset(out, 0, sizeof *out);
    if (!json)
        return je_error_set(err, JE_EINVAL, "je_alloc_scheme_parse: json is NULL");
    parser p = {json, len, name ? name : "(scheme)", err, NULL, NULL, NULL};
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return je_error_set_at(err, JE_EDATA, p.name, je.line > 0 ? je.line : 1,
                               je.column > 0 ? je.column : 1, NULL, "invalid JSON: %s", je.text);
    je_status st = JE_OK;
    if (je_strmap_new(64, &p.node_ix) != JE_OK || je_strmap_new(64, &p.link_ix) != JE_OK ||
        je_strmap_new(64, &p.demand_ix) != JE_OK)
        st = je_error_set(err, JE_ENOMEM, "out of memory reading the scheme");
    if (st == JE_OK)
        st = parse_root(&p, root, out);
    je_strmap_free(p.node_ix);
    je_strmap_free(p.link_ix);
    je_strmap_free(p.demand_ix);
    json_decref(root);
    if (st != JE_OK)
        je_alloc_scheme_free(out);
    return st;
}

je_status je_alloc_scheme_load(const char *path, je_alloc_scheme *out, je_error *err)
{
    if (!path || !out)
        return je_error_set(err, JE_EINVAL, "je_alloc_scheme_load: NULL argument");
    memset(out, 0, sizeof *out);
    char *buf;
    size_t n;
    je_status st = je_file_read(path, 0, &buf, &n, err);
    if (st != JE_OK)
        return st;
    st = je_alloc_scheme_parse(buf, n, path, out, err);
    free(buf);
    return st;
}

void je_alloc_scheme_free(je_alloc_scheme *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < s->n_shares; k++) {
        free(s->shares[k].nodes);
        free(s->shares[k].parties);
    }
    free(s->nodes);
    free(s->links);
    free(s->demands);
    free(s->shares);
    memset(s, 0, sizeof *s);
}

/* ---- dry-year inflow series ------------------------------------------------- */

je_status je_alloc_inflows_load(const je_alloc_scheme *s, const char *path, double *inflow_hm3,
                                je_error *err)
{
    if (!s || !path || !inflow_hm3)
        return je_error_set(err, JE_EINVAL, "je_alloc_inflows_load: NULL argument");
    for (size_t n = 0; n < s->n_nodes; n++)
        memcpy(inflow_hm3 + n * JE_ALLOC_MONTHS, s->nodes[n].inflow_hm3,
               sizeof s->nodes[n].inflow_hm3);
    unsigned short *seen = calloc(s->n_nodes + 1, sizeof *seen);
    if (!seen)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_csv *r = NULL;
    je_status st = je_csv_open(path, &r, err);
    if (st == JE_OK)
        st = je_csv_read_header(r, err);
    int cn = -1, cm = -1, cv = -1;
    if (st == JE_OK) {
        cn = je_csv_column(r, "node");
        cm = je_csv_column(r, "month");
        cv = je_csv_column(r, "inflow_hm3");
        if (cn < 0 || cm < 0 || cv < 0)
            st = je_error_set_at(err, JE_EDATA, path, 1, 1, NULL,
                                 "an inflow series has the columns node,month,inflow_hm3");
    }
    for (int has = 1; st == JE_OK;) {
        if ((st = je_csv_next(r, &has, err)) != JE_OK || !has)
            break;
        const char *code = je_csv_field(r, (size_t)cn), *ms = je_csv_field(r, (size_t)cm);
        const char *vs = je_csv_field(r, (size_t)cv);
        int n = je_alloc_node_index(s, code);
        double month, v;
        if (n < 0)
            st = je_csv_error(r, (size_t)cn, err, "unknown node '%s' (not in scheme %s)", code,
                              s->id);
        else if (je_parse_double(ms, strlen(ms), &month) != JE_OK || month != floor(month) ||
                 month < 1 || month > 12)
            st = je_csv_error(r, (size_t)cm, err, "month must be 1-12 (got '%s')", ms);
        else if (je_parse_double(vs, strlen(vs), &v) != JE_OK || !(v >= 0))
            st =
                je_csv_error(r, (size_t)cv, err, "inflow_hm3 must be a number >= 0 (got '%s')", vs);
        else if (seen[n] & (1u << ((int)month - 1)))
            st = je_csv_error(r, (size_t)cm, err, "node %s month %d is given twice", code,
                              (int)month);
        else {
            seen[n] = (unsigned short)(seen[n] | (1u << ((int)month - 1)));
            inflow_hm3[(size_t)n * JE_ALLOC_MONTHS + (size_t)month - 1] = v;
        }
    }
    for (size_t n = 0; st == JE_OK && n < s->n_nodes; n++)
        if (seen[n] && seen[n] != 0xFFF)
            st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL,
                                 "node %s: the series must give all 12 months (some are missing)",
                                 s->nodes[n].code);
    je_csv_close(r);
    free(seen);
    return st;
}
