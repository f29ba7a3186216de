/*
 * comp_settlements.c — the lines of the settlements in force, read back
 * (jointenv/comp_settlements.h).
 */
#include "jointenv/comp_settlements.h"
#include "store/internal.h"

#include <math.h>
#include <string.h>

static void read_line(sqlite3_stmt *s, void *record)
{
    je_comp_stored_line *r = record;
    memset(r, 0, sizeof *r);
    r->run_id = sqlite3_column_int64(s, 0);
    je_db_copy_text(r->agreement, sizeof r->agreement, s, 1);
    je_db_copy_text(r->rule, sizeof r->rule, s, 2);
    r->period_year = sqlite3_column_int(s, 3);
    r->period_month = sqlite3_column_int(s, 4);
    r->seq = sqlite3_column_int(s, 5);
    je_comp_line *l = &r->line;
    je_db_copy_text(l->section, sizeof l->section, s, 6);
    l->year = sqlite3_column_int(s, 7);
    l->month = sqlite3_column_int(s, 8);
    je_db_copy_text(l->outcome, sizeof l->outcome, s, 9);
    je_db_copy_text(l->payer, sizeof l->payer, s, 10);
    je_db_copy_text(l->payee, sizeof l->payee, s, 11);
    l->amount_fen = sqlite3_column_int64(s, 12);
    l->value = sqlite3_column_type(s, 13) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 13);
    je_db_copy_text(l->clause, sizeof l->clause, s, 14);
    je_db_copy_text(l->formula, sizeof l->formula, s, 15);
}

je_status je_comp_stored_lines(je_db *db, int year, const char *section, je_comp_stored_line **out,
                               size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(
            db->db,
            "SELECT st.run_id, st.agreement, st.rule, st.year, st.month, l.seq, l.section,"
            " l.year, l.month, l.outcome, l.payer, l.payee, l.amount_fen, l.value, l.clause,"
            " l.formula FROM comp_settlement st JOIN comp_line l ON l.settlement_id = st.id"
            " WHERE st.superseded_by IS NULL AND (?1 = 0 OR st.year = ?1)"
            " AND (?2 IS NULL OR l.section = ?2)"
            " ORDER BY st.agreement, st.year, st.month, l.seq",
            -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading settlements");
    sqlite3_bind_int(s, 1, year);
    if (section)
        sqlite3_bind_text(s, 2, section, -1, SQLITE_STATIC);
    return je_db_collect(db, s, sizeof(je_comp_stored_line), read_line, "reading settlements",
                         (void **)out, out_n, err);
}
