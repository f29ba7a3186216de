/*
 * river_check.c — the rules of a valid river network, checked on the whole stored
 * network inside the transaction of an import of reaches (so the file is rejected
 * when the network it leaves behind is invalid): no river split (at most one
 * downstream reach of kind `reach` per node), no cycle (Kahn's algorithm; a cycle is
 * then found by walking backwards through the nodes left), one connected piece
 * (union-find over every reach), every node on a reach, and every section and load
 * within its reach's length and not on a withdrawal.
 */
#include "store/river_internal.h"

#include <geodesic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double je_rv_polyline_km(const double *xy, size_t n)
{
    struct geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563); /* WGS-84 */
    double m = 0;
    for (size_t i = 1; i < n; i++) {
        double s12 = 0;
        geod_inverse(&g, xy[2 * i - 1], xy[2 * i - 2], xy[2 * i + 1], xy[2 * i], &s12, NULL, NULL);
        m += s12;
    }
    return m / 1000.0;
}

typedef struct edge {
    int64_t id;
    char code[64];
    size_t from, to; /* node indexes; to = SIZE_MAX for a withdrawal */
    int river;       /* kind = reach */
} edge;

typedef struct net {
    size_t nn, ne;
    int64_t *node_id;
    char (*node_code)[64];
    edge *e;
} net;

static void net_free(net *g)
{
    free(g->node_id);
    free(g->node_code);
    free(g->e);
}

static size_t node_index(const net *g, int64_t id)
{
    size_t lo = 0, hi = g->nn;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g->node_id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->nn && g->node_id[lo] == id ? lo : SIZE_MAX;
}

static je_status net_read(je_db *db, net *g, je_error *err)
{
    memset(g, 0, sizeof *g);
    sqlite3_stmt *s = NULL;
    je_status st = JE_OK;
    size_t cap = 0;
    if (sqlite3_prepare_v2(db->db, "SELECT id, code FROM river_node ORDER BY id", -1, &s, NULL) !=
        SQLITE_OK)
        return je_db_fail(db, err, "checking the river network");
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (g->nn == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *ids = realloc(g->node_id, cap * sizeof *ids);
            if (ids)
                g->node_id = ids;
            char(*codes)[64] = ids ? realloc(g->node_code, cap * sizeof *codes) : NULL;
            if (codes)
                g->node_code = codes;
            if (!ids || !codes) {
                st = JE_ENOMEM;
                break;
            }
        }
        g->node_id[g->nn] = sqlite3_column_int64(s, 0);
        je_db_copy_text(g->node_code[g->nn], 64, s, 1);
        g->nn++;
    }
    sqlite3_finalize(s);
    if (st != JE_OK)
        return je_error_set(err, st, "out of memory");
    if (sqlite3_prepare_v2(db->db,
                           "SELECT id, code, from_node, coalesce(to_node, 0), kind FROM"
                           " river_reach ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "checking the river network");
    cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (g->ne == cap) {
            cap = cap ? cap * 2 : 64;
            edge *e = realloc(g->e, cap * sizeof *e);
            if (e == NULL) {
                st = JE_ENOMEM;
                break;
            }
            g->e = e;
        }
        edge *e = &g->e[g->ne++];
        e->id = sqlite3_column_int64(s, 0);
        je_db_copy_text(e->code, sizeof e->code, s, 1);
        e->from = node_index(g, sqlite3_column_int64(s, 2));
        int64_t to = sqlite3_column_int64(s, 3);
        e->to = to ? node_index(g, to) : SIZE_MAX;
        e->river = strcmp((const char *)sqlite3_column_text(s, 4), "reach") == 0;
    }
    sqlite3_finalize(s);
    if (st != JE_OK)
        return je_error_set(err, st, "out of memory");
    return JE_OK;
}

typedef struct checker {
    je_batch *b;
    je_rv_line_fn line_of;
    void *ctx;
    int nomem;
} checker;

static void reject(checker *k, const char *reach, const char *fmt, ...) JE_PRINTF(3, 4);
static void reject(checker *k, const char *reach, const char *fmt, ...)
{
    char msg[JE_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long line = reach && k->line_of ? k->line_of(k->ctx, reach) : 0;
    if (je_rv_reject_at(k->b, line, NULL, "%s", msg) != JE_OK)
        k->nomem = 1;
}

/* A node with two downstream river reaches. */
static void check_splits(checker *k, const net *g, size_t *cnt, size_t *first)
{
    memset(cnt, 0, g->nn * sizeof *cnt);
    for (size_t i = 0; i < g->ne; i++) {
        if (!g->e[i].river)
            continue;
        size_t f = g->e[i].from;
        if (cnt[f]++ == 0)
            first[f] = i;
        else if (cnt[f] == 2)
            reject(k, g->e[i].code,
                   "node %s has two downstream river reaches (%s and %s): a river does not "
                   "split; make the smaller one kind diversion",
                   g->node_code[f], g->e[first[f]].code, g->e[i].code);
    }
}

/* Kahn's algorithm over the links between two nodes; on a cycle name its reaches. */
static je_status check_cycles(checker *k, const net *g)
{
    size_t *indeg = calloc(g->nn + 1, sizeof *indeg);
    size_t *queue = malloc((g->nn + 1) * sizeof *queue);
    size_t *instart = calloc(g->nn + 2, sizeof *instart);
    size_t *inedge = malloc((g->ne + 1) * sizeof *inedge);
    size_t *mark = calloc(g->nn + 1, sizeof *mark);
    je_status st = JE_OK;
    if (!indeg || !queue || !instart || !inedge || !mark) {
        st = JE_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < g->ne; i++)
        if (g->e[i].to != SIZE_MAX) {
            indeg[g->e[i].to]++;
            instart[g->e[i].to + 1]++;
        }
    for (size_t n = 0; n < g->nn; n++)
        instart[n + 1] += instart[n];
    size_t *fill = queue; /* reuse as cursor before the queue is needed */
    for (size_t n = 0; n < g->nn; n++)
        fill[n] = instart[n];
    for (size_t i = 0; i < g->ne; i++)
        if (g->e[i].to != SIZE_MAX)
            inedge[fill[g->e[i].to]++] = i;
    /* out-edges by scanning: fine for a check run once per import */
    size_t head = 0, tail = 0, done = 0;
    for (size_t n = 0; n < g->nn; n++)
        if (indeg[n] == 0)
            queue[tail++] = n;
    size_t *outstart = calloc(g->nn + 2, sizeof *outstart);
    size_t *outedge = malloc((g->ne + 1) * sizeof *outedge);
    if (!outstart || !outedge) {
        free(outstart);
        free(outedge);
        st = JE_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < g->ne; i++)
        outstart[g->e[i].from + 1]++;
    for (size_t n = 0; n < g->nn; n++)
        outstart[n + 1] += outstart[n];
    for (size_t n = 0; n <= g->nn; n++)
        mark[n] = outstart[n];
    for (size_t i = 0; i < g->ne; i++)
        outedge[mark[g->e[i].from]++] = i;
    memset(mark, 0, (g->nn + 1) * sizeof *mark);
    while (head < tail) {
        size_t n = queue[head++];
        done++;
        for (size_t j = outstart[n]; j < outstart[n + 1]; j++) {
            size_t to = g->e[outedge[j]].to;
            if (to != SIZE_MAX && --indeg[to] == 0)
                queue[tail++] = to;
        }
    }
    free(outstart);
    free(outedge);
    if (done < g->nn) {
        /* walk backwards from a node left over, through in-links from nodes left over,
           until a node repeats: the walk from its first visit is a cycle */
        size_t n = 0;
        while (indeg[n] == 0)
            n++;
        size_t step = 1;
        size_t *via = queue; /* via[node] = in-edge taken into it, walking backwards */
        while (mark[n] == 0) {
            mark[n] = step++;
            size_t j = instart[n];
            while (indeg[g->e[inedge[j]].from] == 0)
                j++;
            via[n] = inedge[j];
            n = g->e[inedge[j]].from;
        }
        char list[400] = "";
        size_t m = n, count = 0;
        do {
            const edge *e = &g->e[via[m]];
            char part[80];
            snprintf(part, sizeof part, "%s%s", count ? " <- " : "", e->code);
            strncat(list, part, sizeof list - strlen(list) - 1);
            count++;
            m = e->from;
        } while (m != n && count < 20);
        reject(k, g->e[via[n]].code,
               "the reaches form a cycle (%s): water would flow back to where it came from; "
               "check from_node and to_node",
               list);
    }
out:
    free(indeg);
    free(queue);
    free(instart);
    free(inedge);
    free(mark);
    return st;
}

static size_t uf_find(size_t *p, size_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

/* One connected piece, every node on a reach. */
static je_status check_pieces(checker *k, const net *g)
{
    size_t *p = malloc((g->nn + 1) * sizeof *p);
    size_t *used = calloc(g->nn + 1, sizeof *used);
    size_t *size = calloc(g->nn + 1, sizeof *size);
    size_t *first = malloc((g->nn + 1) * sizeof *first);
    if (!p || !used || !size || !first) {
        free(p);
        free(used);
        free(size);
        free(first);
        return JE_ENOMEM;
    }
    for (size_t n = 0; n < g->nn; n++)
        p[n] = n;
    for (size_t i = 0; i < g->ne; i++) {
        used[g->e[i].from] = 1;
        if (g->e[i].to != SIZE_MAX) {
            used[g->e[i].to] = 1;
            size_t a = uf_find(p, g->e[i].from), c = uf_find(p, g->e[i].to);
            if (a != c)
                p[a] = c;
        }
    }
    for (size_t n = 0; n < g->nn; n++)
        if (!used[n])
            reject(k, NULL,
                   "node %s is on no reach (a disconnected piece: give it its reaches, or "
                   "remove it)",
                   g->node_code[n]);
    size_t big = SIZE_MAX;
    for (size_t i = 0; i < g->ne; i++) {
        size_t r = uf_find(p, g->e[i].from);
        if (size[r]++ == 0)
            first[r] = i;
        if (big == SIZE_MAX || size[r] > size[big])
            big = r;
    }
    for (size_t n = 0; n < g->nn; n++)
        if (size[n] > 0 && n != big)
            reject(k, g->e[first[n]].code,
                   "reach %s and %zu other reach(es) with it are not connected to the rest of "
                   "the network (reach %s ...): the network must be one connected piece",
                   g->e[first[n]].code, size[n] - 1, g->e[first[big]].code);
    free(p);
    free(used);
    free(size);
    free(first);
    return JE_OK;
}

/* Sections and loads beyond the (new) length of their reach, or on a withdrawal. */
static je_status check_positions(checker *k, je_db *db, je_error *err)
{
    static const char sql[] =
        "SELECT 'section', s.code, r.code, l.km, r.length_km, r.kind FROM section_location l"
        " JOIN section s ON s.id = l.section_id JOIN river_reach r ON r.id = l.reach_id"
        " WHERE l.km > r.length_km * (1 + 1e-9) OR r.kind = 'withdrawal'"
        " UNION ALL "
        "SELECT 'load', d.code, r.code, d.km, r.length_km, r.kind FROM river_load d"
        " JOIN river_reach r ON r.id = d.reach_id"
        " WHERE d.km > r.length_km * (1 + 1e-9) OR r.kind = 'withdrawal'";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "checking the river network");
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *what = (const char *)sqlite3_column_text(s, 0);
        const char *code = (const char *)sqlite3_column_text(s, 1);
        const char *reach = (const char *)sqlite3_column_text(s, 2);
        if (strcmp((const char *)sqlite3_column_text(s, 5), "withdrawal") == 0)
            reject(k, reach, "%s %s lies on reach %s, which is now a withdrawal", what, code,
                   reach);
        else
            reject(k, reach, "%s %s at km %g is beyond the end of reach %s (now %g km long)", what,
                   code, sqlite3_column_double(s, 3), reach, sqlite3_column_double(s, 4));
    }
    sqlite3_finalize(s);
    return JE_OK;
}

je_status je_rv_check_network(je_batch *b, je_rv_line_fn line_of, void *ctx, je_error *err)
{
    checker k = {b, line_of, ctx, 0};
    net g;
    je_status st = net_read(b->db, &g, err);
    if (st != JE_OK) {
        net_free(&g);
        return st;
    }
    if (g.ne > 0) {
        size_t *cnt = malloc((g.nn + 1) * sizeof *cnt);
        size_t *first = malloc((g.nn + 1) * sizeof *first);
        if (cnt && first)
            check_splits(&k, &g, cnt, first);
        else
            st = JE_ENOMEM;
        free(cnt);
        free(first);
        if (st == JE_OK)
            st = check_cycles(&k, &g);
        if (st == JE_OK)
            st = check_pieces(&k, &g);
    }
    net_free(&g);
    if (st == JE_ENOMEM || k.nomem)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    if (st != JE_OK)
        return st;
    st = check_positions(&k, b->db, err);
    if (st == JE_OK && k.nomem)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    return st;
}
