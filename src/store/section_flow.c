/*
 * section_flow.c — monitored monthly flow per section (`import section-flows`),
 * needed by exceedance-price settlements (the month's volume) — and the query.
 */
#include "jointenv/compensation.h"
#include "store/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { F_SECTION, F_MONTH, F_FLOW, F_NCOLS };
static const char *const f_cols[F_NCOLS] = {"section", "month", "flow_m3_s"};

enum { Q_SEC, Q_GET, Q_UPSERT, Q_N };
static const char *const f_sql[Q_N] = {
    "SELECT id FROM section WHERE code = ?",
    "SELECT batch_id FROM section_flow WHERE section_id = ?1 AND year = ?2 AND month = ?3",
    "INSERT INTO section_flow(section_id, year, month, flow_m3_s, batch_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (section_id, year, month) DO UPDATE SET"
    " flow_m3_s = excluded.flow_m3_s, batch_id = excluded.batch_id",
};

/* The (section, month) key of a row: 1 exists, 0 new, -1 rejected (twice in this file,
 * or stored and no --replace). */
static int flow_exists(sqlite3_stmt *get, je_row *r, int64_t sid, const je_period *p)
{
    sqlite3_bind_int64(get, 1, sid);
    sqlite3_bind_int(get, 2, p->year);
    sqlite3_bind_int(get, 3, p->index);
    int exists = 0;
    int64_t batch = 0;
    if (sqlite3_step(get) == SQLITE_ROW) {
        exists = 1;
        batch = sqlite3_column_int64(get, 0);
    }
    sqlite3_reset(get);
    if (exists && batch == r->b->id) {
        je_row_reject(r, F_MONTH, "section %s month %s appears twice in this file",
                      je_row_field(r, F_SECTION), je_row_field(r, F_MONTH));
        return -1;
    }
    if (exists && !r->b->opts->replace) {
        je_row_reject(r, F_MONTH,
                      "the flow of %s in %s is already stored (use --replace to "
                      "update it)",
                      je_row_field(r, F_SECTION), je_row_field(r, F_MONTH));
        return -1;
    }
    return exists;
}

je_status je_import_section_flows(je_db *db, const char *path, const je_import_opts *opts,
                                  je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "section-flows", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[F_NCOLS];
    sqlite3_stmt *q[Q_N];
    if (!je_db_prepare_all(db, f_sql, q, Q_N)) {
        st = je_db_fail(db, err, "importing section flows");
        goto end;
    }
    if ((st = je_batch_header(&b, f_cols, F_NCOLS, (1u << F_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, f_cols, 0, 0};
        int64_t sid = 0;
        sqlite3_bind_text(q[Q_SEC], 1, je_row_field(&r, F_SECTION), -1, SQLITE_STATIC);
        if (sqlite3_step(q[Q_SEC]) == SQLITE_ROW)
            sid = sqlite3_column_int64(q[Q_SEC], 0);
        sqlite3_reset(q[Q_SEC]);
        if (sid == 0)
            je_row_reject(&r, F_SECTION, "unknown section '%s' (import sections first)",
                          je_row_field(&r, F_SECTION));
        je_period p;
        const char *m = je_row_field(&r, F_MONTH);
        if (je_period_parse(m, &p, NULL) != JE_OK || p.kind != JE_PERIOD_MONTH)
            je_row_reject(&r, F_MONTH, "invalid month '%s' (YYYY-MM)", m);
        double flow = NAN;
        const char *t = je_row_field(&r, F_FLOW);
        if (je_parse_double(t, strlen(t), &flow) != JE_OK || !(flow >= 0) || flow > 1e6)
            je_row_reject(&r, F_FLOW, "invalid flow_m3_s '%s' (m3/s, 0 to 1000000)", t);
        int exists = r.bad ? 0 : flow_exists(q[Q_GET], &r, sid, &p);
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        /* a section's monitored flows are its owner's to write */
        if ((st = je_owner_check(&b, "section", "owner", "section", je_row_field(&r, F_SECTION),
                                 err)) != JE_OK)
            break;
        sqlite3_stmt *w = q[Q_UPSERT];
        sqlite3_bind_int64(w, 1, sid);
        sqlite3_bind_int(w, 2, p.year);
        sqlite3_bind_int(w, 3, p.index);
        sqlite3_bind_double(w, 4, flow);
        sqlite3_bind_int64(w, 5, b.id);
        int rc = sqlite3_step(w);
        sqlite3_reset(w);
        if (rc != SQLITE_DONE) {
            st = je_db_fail(db, err, "importing section flows");
            break;
        }
        if (exists)
            rep->updated++;
        else
            rep->inserted++;
    }
end:
    je_db_finalize_all(q, Q_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

je_status je_store_section_flow(je_db *db, const char *section, int year, int month,
                                double *out_flow_m3_s, je_error *err)
{
    *out_flow_m3_s = NAN;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT avg(f.flow_m3_s), count(*) FROM section_flow f"
                           " JOIN section s ON s.id = f.section_id"
                           " WHERE s.code = ?1 AND f.year = ?2 AND (?3 = 0 OR f.month = ?3)",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading section flows");
    sqlite3_bind_text(s, 1, section, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, year);
    sqlite3_bind_int(s, 3, month);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_int(s, 1) > 0)
        *out_flow_m3_s = sqlite3_column_double(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? JE_OK : je_db_fail(db, err, "reading section flows");
}
