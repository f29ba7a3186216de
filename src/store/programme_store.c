/*
 * programme_store.c — the joint programme in the store: imports of tasks, milestones
 * and evidence, reading tasks back, updates and sign-offs with their permission rules
 * and audit entries (the rules are stated in include/jointenv/programme.h).
 */
#include "store/internal.h"

#include "jointenv/programme.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- permissions ------------------------------------------------------------ */

static int holds(const je_gov_actor *a, const char *jur, int admin_only)
{
    for (size_t i = 0; i < a->n_grants; i++)
        if (strcmp(a->grants[i].jurisdiction, jur) == 0 &&
            (a->grants[i].role == JE_ROLE_ADMIN ||
             (!admin_only && a->grants[i].role == JE_ROLE_ANALYST)))
            return 1;
    return 0;
}

/* Analyst or admin of the joint office, or the local administrator. */
static int joint_office(const je_gov_actor *a, int admin_only)
{
    return a->local_admin || holds(a, JE_GOV_JOINT, admin_only);
}

static je_status may_update(je_db *db, const je_task *t, je_error *err)
{
    const je_gov_actor *a = &db->who;
    if (joint_office(a, 0) || holds(a, t->lead, 0) || holds(a, t->co_lead, 0))
        return JE_OK;
    char roles[256];
    return je_error_set(err, JE_EPERM,
                        "user '%s' (%s) may not update task %s: ask an analyst or admin of %s "
                        "(lead), %s (co-lead) or the joint office",
                        a->user[0] ? a->user : "anonymous", je_gov_describe(a, roles, sizeof roles),
                        t->code, t->lead, t->co_lead);
}

/* ---- imports ---------------------------------------------------------------- */

typedef struct pkind {
    const char *kind, *what;
    const char *const *cols;
    size_t ncols;
    uint64_t required;
    const char *const *sql;
    size_t nsql;
    /* validate and write one row; bad rows are rejected into r; returns a fatal
       status only (JE_OK otherwise) */
    je_status (*row)(je_row *r, sqlite3_stmt **q, je_error *err);
} pkind;

static je_status run_import(je_db *db, const pkind *k, const char *path, const je_import_opts *opts,
                            je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, k->kind, path, opts, rep, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *q[8];
    int c[16];
    if (!je_db_prepare_all(db, k->sql, q, k->nsql)) {
        st = je_db_fail(db, err, k->what);
        goto end;
    }
    if ((st = je_batch_header(&b, k->cols, k->ncols, k->required, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, k->cols, 0, 0};
        st = k->row(&r, q, err);
        if (st == JE_OK && r.nomem)
            st = je_error_set(err, JE_ENOMEM, "out of memory");
        if (st != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, k->nsql);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* Text of column col with lo..hi bytes (rejected otherwise). */
static const char *text_of(je_row *r, int col, size_t lo, size_t hi)
{
    const char *t = je_row_field(r, col);
    size_t len = strlen(t);
    if (len < lo)
        je_row_reject(r, col, "empty %s", r->cols[col]);
    else if (len > hi)
        je_row_reject(r, col, "%s too long (%zu bytes; at most %zu)", r->cols[col], len, hi);
    return t;
}

/* A whole number of column col in [lo, hi]; INT_MIN after rejecting. */
static int int_of(je_row *r, int col, int lo, int hi)
{
    const char *t = je_row_field(r, col);
    double v;
    if (je_parse_double(t, strlen(t), &v) != JE_OK || v != floor(v) || v < lo || v > hi) {
        je_row_reject(r, col, "invalid %s '%s' (a whole number, %d to %d)", r->cols[col], t, lo,
                      hi);
        return INT_MIN;
    }
    return (int)v;
}

/* A date YYYY-MM-DD of column col as days since 1970; 0 for an empty optional one;
 * -1 after rejecting. */
static int64_t day_of(je_row *r, int col, int optional)
{
    const char *t = je_row_field(r, col);
    if (optional && t[0] == '\0')
        return 0;
    int64_t secs;
    if (strlen(t) != 10 || je_time_parse(t, 10, 0, &secs, NULL) != JE_OK) {
        je_row_reject(r, col, "invalid %s '%s' (a date YYYY-MM-DD)", r->cols[col], t);
        return -1;
    }
    return je_time_local_day(secs, 0);
}

static int jurisdiction_known(sqlite3_stmt *jur, const char *code)
{
    sqlite3_bind_text(jur, 1, code, -1, SQLITE_STATIC);
    int found = sqlite3_step(jur) == SQLITE_ROW;
    sqlite3_reset(jur);
    return found;
}

/* Existing record `code` (a derived key): 1 exists and may be replaced, 0 new, -1 after
 * rejecting at column col (twice in this file; exists without --replace). */
static int exists_code(sqlite3_stmt *get, je_row *r, int col, const char *what, const char *code)
{
    sqlite3_bind_text(get, 1, code, -1, SQLITE_TRANSIENT);
    int exists = 0;
    int64_t batch = 0;
    if (sqlite3_step(get) == SQLITE_ROW) {
        exists = 1;
        batch = sqlite3_column_int64(get, 0);
    }
    sqlite3_reset(get);
    if (exists && batch == r->b->id) {
        je_row_reject(r, col, "%s %s appears twice in this file", what, code);
        return -1;
    }
    if (exists && !r->b->opts->replace) {
        je_row_reject(r, col, "%s %s already exists (use --replace to update it)", what, code);
        return -1;
    }
    return exists;
}

static je_status step_done(je_db *db, sqlite3_stmt *s, const char *what, je_error *err)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE ? JE_OK : je_db_fail(db, err, what);
}

static je_status revoke_signoffs(je_db *db, int64_t task_id, const char *why, je_error *err);

/* -- tasks -- */

enum { T_CODE, T_YEAR, T_CAT, T_TZH, T_TEN, T_LEAD, T_CO, T_LAG, T_CAG, T_STATUS, T_PCT, T_N };
static const char *const t_cols[T_N] = {"code",           "year",   "category",    "title_zh",
                                        "title_en",       "lead",   "co_lead",     "lead_agency",
                                        "co_lead_agency", "status", "progress_pct"};
enum { TQ_JUR, TQ_GET, TQ_INS, TQ_UPD, TQ_ID, TQ_N };
static const char *const t_sql[TQ_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM programme_task WHERE code = ?",
    "INSERT INTO programme_task(code, year, category, title_zh, title_en, lead, co_lead,"
    " lead_agency, co_lead_agency, status, progress_pct, updated_at, batch_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    "UPDATE programme_task SET year = ?2, category = ?3, title_zh = ?4, title_en = ?5,"
    " lead = ?6, co_lead = ?7, lead_agency = ?8, co_lead_agency = ?9, status = ?10,"
    " progress_pct = ?11, updated_at = ?12, batch_id = ?13 WHERE code = ?1",
    "SELECT id FROM programme_task WHERE code = ?",
};

static je_status task_row(je_row *r, sqlite3_stmt **q, je_error *err)
{
    je_db *db = r->b->db;
    const char *code = text_of(r, T_CODE, 1, 31);
    int year = int_of(r, T_YEAR, 2000, 2100);
    const char *cat = je_row_field(r, T_CAT);
    if (!je_task_category_find(cat)) {
        size_t n;
        const je_task_category *all = je_task_categories(&n);
        char list[400] = "";
        for (size_t k = 0; k < n; k++) {
            strncat(list, k ? ", " : "", sizeof list - strlen(list) - 1);
            strncat(list, all[k].code, sizeof list - strlen(list) - 1);
        }
        je_row_reject(r, T_CAT, "unknown category '%s' (%s)", cat, list);
    }
    text_of(r, T_TZH, 1, 199);
    text_of(r, T_TEN, 1, 299);
    text_of(r, T_LAG, 1, 127);
    text_of(r, T_CAG, 1, 127);
    const char *lead = je_row_field(r, T_LEAD), *co = je_row_field(r, T_CO);
    if (!jurisdiction_known(q[TQ_JUR], lead))
        je_row_reject(r, T_LEAD, "unknown jurisdiction '%s' (import jurisdictions first)", lead);
    if (!jurisdiction_known(q[TQ_JUR], co))
        je_row_reject(r, T_CO, "unknown jurisdiction '%s' (import jurisdictions first)", co);
    else if (strcmp(lead, co) == 0)
        je_row_reject(r, T_CO, "the co-lead must differ from the lead (%s)", lead);
    je_task_status status = JE_TASK_PLANNED;
    je_error e;
    int status_ok = je_task_status_parse(je_row_field(r, T_STATUS), &status, &e) == JE_OK;
    if (!status_ok)
        je_row_reject(r, T_STATUS, "%s", e.message);
    int pct = int_of(r, T_PCT, 0, 100);
    if (status_ok && pct != INT_MIN && status == JE_TASK_DONE && pct != 100)
        je_row_reject(r, T_PCT, "a done task has progress 100 (got %d)", pct);
    if (status_ok && pct != INT_MIN && status == JE_TASK_PLANNED && pct != 0)
        je_row_reject(r, T_PCT, "a planned task has progress 0 (got %d)", pct);
    int exists = r->bad ? 0 : exists_code(q[TQ_GET], r, T_CODE, "task", code);
    if (r->bad || r->nomem)
        return JE_OK;
    char *before = NULL;
    je_status st = je_record_check(r->b, JE_GOV_WRITE, "programme_task", "task", "owner", code,
                                   JE_GOV_JOINT, &before, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *w = q[exists ? TQ_UPD : TQ_INS];
    for (int k = T_CODE; k <= T_STATUS; k++)
        if (k != T_YEAR)
            sqlite3_bind_text(w, k + 1, je_row_field(r, k), -1, SQLITE_STATIC);
    sqlite3_bind_int(w, 2, year);
    sqlite3_bind_text(w, 10, je_task_status_name(status), -1, SQLITE_STATIC);
    sqlite3_bind_int(w, 11, pct);
    sqlite3_bind_int64(w, 12, je_db_now());
    sqlite3_bind_int64(w, 13, r->b->id);
    if ((st = step_done(db, w, "importing tasks", err)) != JE_OK) {
        free(before);
        return st;
    }
    if ((st = je_record_log(r->b, "programme_task", code, JE_GOV_JOINT, before, err)) != JE_OK)
        return st;
    if (exists) {
        sqlite3_bind_text(q[TQ_ID], 1, code, -1, SQLITE_STATIC);
        int64_t id = sqlite3_step(q[TQ_ID]) == SQLITE_ROW ? sqlite3_column_int64(q[TQ_ID], 0) : 0;
        sqlite3_reset(q[TQ_ID]);
        if ((st = revoke_signoffs(db, id, "task replaced by an import", err)) != JE_OK)
            return st;
        r->b->rep->updated++;
    } else
        r->b->rep->inserted++;
    return JE_OK;
}

static const pkind task_kind = {"tasks", "importing tasks", t_cols, T_N, (1u << T_N) - 1, t_sql,
                                TQ_N,    task_row};

je_status je_import_tasks(je_db *db, const char *path, const je_import_opts *opts,
                          je_import_report *rep, je_error *err)
{
    return run_import(db, &task_kind, path, opts, rep, err);
}

/* -- milestones -- */

enum { M_TASK, M_SEQ, M_TZH, M_TEN, M_DUE, M_DONE, M_N };
static const char *const m_cols[M_N] = {"task", "seq", "title_zh", "title_en", "due_on", "done_on"};
enum { MQ_TASK, MQ_GET, MQ_INS, MQ_UPD, MQ_N };
static const char *const m_sql[MQ_N] = {
    "SELECT id FROM programme_task WHERE code = ?",
    "SELECT batch_id FROM programme_milestone WHERE code = ?",
    "INSERT INTO programme_milestone(code, task_id, seq, title_zh, title_en, due_day, done_day,"
    " batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "UPDATE programme_milestone SET task_id = ?2, seq = ?3, title_zh = ?4, title_en = ?5,"
    " due_day = ?6, done_day = ?7, batch_id = ?8 WHERE code = ?1",
};

/* The id of task `code` (column col), 0 after rejecting. */
static int64_t task_id_of(je_row *r, sqlite3_stmt *get, int col)
{
    const char *code = je_row_field(r, col);
    sqlite3_bind_text(get, 1, code, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(get) == SQLITE_ROW ? sqlite3_column_int64(get, 0) : 0;
    sqlite3_reset(get);
    if (id == 0)
        je_row_reject(r, col, "unknown task '%s' (import tasks first)", code);
    return id;
}

static je_status milestone_row(je_row *r, sqlite3_stmt **q, je_error *err)
{
    je_db *db = r->b->db;
    int64_t task = task_id_of(r, q[MQ_TASK], M_TASK);
    int seq = int_of(r, M_SEQ, 1, 99);
    text_of(r, M_TZH, 1, 199);
    text_of(r, M_TEN, 1, 299);
    int64_t due = day_of(r, M_DUE, 0);
    int64_t done = r->c[M_DONE] >= 0 ? day_of(r, M_DONE, 1) : 0;
    char code[64];
    snprintf(code, sizeof code, "%s/M%d", je_row_field(r, M_TASK), seq);
    int exists = r->bad ? 0 : exists_code(q[MQ_GET], r, M_SEQ, "milestone", code);
    if (r->bad || r->nomem || due < 0 || done < 0)
        return JE_OK;
    char *before = NULL;
    je_status st = je_record_check(r->b, JE_GOV_WRITE, "programme_milestone", "milestone", NULL,
                                   code, JE_GOV_JOINT, &before, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *w = q[exists ? MQ_UPD : MQ_INS];
    sqlite3_bind_text(w, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(w, 2, task);
    sqlite3_bind_int(w, 3, seq);
    sqlite3_bind_text(w, 4, je_row_field(r, M_TZH), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 5, je_row_field(r, M_TEN), -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 6, due);
    sqlite3_bind_int64(w, 7, done);
    sqlite3_bind_int64(w, 8, r->b->id);
    if ((st = step_done(db, w, "importing milestones", err)) != JE_OK) {
        free(before);
        return st;
    }
    if ((st = je_record_log(r->b, "programme_milestone", code, JE_GOV_JOINT, before, err)) != JE_OK)
        return st;
    if (exists) {
        if ((st = revoke_signoffs(db, task, "milestone replaced by an import", err)) != JE_OK)
            return st;
        r->b->rep->updated++;
    } else
        r->b->rep->inserted++;
    return JE_OK;
}

static const pkind milestone_kind = {"milestones", "importing milestones", m_cols,
                                     M_N,          (1u << M_DONE) - 1,     m_sql,
                                     MQ_N,         milestone_row};

je_status je_import_milestones(je_db *db, const char *path, const je_import_opts *opts,
                               je_import_report *rep, je_error *err)
{
    return run_import(db, &milestone_kind, path, opts, rep, err);
}

/* -- evidence -- */

enum { E_TASK, E_SEQ, E_KIND, E_TEXT, E_IND, E_SCOPE, E_OP, E_TARGET, E_N };
static const char *const e_cols[E_N] = {"task",      "seq",   "kind", "text",
                                        "indicator", "scope", "op",   "target"};
enum { EQ_TASK, EQ_GET, EQ_INS, EQ_UPD, EQ_JUR, EQ_N };
static const char *const e_sql[EQ_N] = {
    "SELECT id FROM programme_task WHERE code = ?",
    "SELECT batch_id FROM programme_evidence WHERE code = ?",
    "INSERT INTO programme_evidence(code, task_id, seq, kind, text, indicator, scope, op,"
    " target, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    "UPDATE programme_evidence SET task_id = ?2, seq = ?3, kind = ?4, text = ?5,"
    " indicator = ?6, scope = ?7, op = ?8, target = ?9, batch_id = ?10 WHERE code = ?1",
    "SELECT lead, co_lead FROM programme_task WHERE id = ?",
};

/* What an evidence item must hold for its kind (shared by the import and updates):
 * NULL when fine, else the reason, and *bad_col the column (E_*) it concerns. */
static const char *evidence_problem(je_evidence_kind kind, const char *text, const char *ind,
                                    const char *op, int has_target, int *bad_col, char *buf,
                                    size_t size)
{
    if (kind != JE_EVIDENCE_INDICATOR) {
        *bad_col = text[0] ? (ind[0] ? E_IND : op[0] ? E_OP : has_target ? E_TARGET : -1) : E_TEXT;
        if (*bad_col == E_TEXT)
            snprintf(buf, size,
                     "a %s evidence item needs its text (a statement, or a file "
                     "reference or URL)",
                     je_evidence_kind_name(kind));
        else if (*bad_col >= 0)
            snprintf(buf, size, "indicator, op and target are for kind indicator only");
        return *bad_col >= 0 ? buf : NULL;
    }
    *bad_col = -1;
    if (!je_task_indicator_find(ind)) {
        size_t n;
        const je_task_indicator *all = je_task_indicators(&n);
        int len = snprintf(buf, size, "unknown indicator '%s' (", ind);
        for (size_t k = 0; k < n && len > 0 && (size_t)len < size; k++)
            len += snprintf(buf + len, size - (size_t)len, "%s%s", k ? ", " : "", all[k].name);
        if (len > 0 && (size_t)len < size)
            snprintf(buf + len, size - (size_t)len, ")");
        *bad_col = E_IND;
        return buf;
    }
    je_cmp_op o;
    je_error e;
    if (je_cmp_op_parse(op, &o, &e) != JE_OK) {
        *bad_col = E_OP;
        snprintf(buf, size, "%.300s", e.message);
        return buf;
    }
    if (!has_target) {
        *bad_col = E_TARGET;
        snprintf(buf, size, "an indicator evidence item needs a target number");
        return buf;
    }
    return NULL;
}

static je_status evidence_row(je_row *r, sqlite3_stmt **q, je_error *err)
{
    je_db *db = r->b->db;
    int64_t task = task_id_of(r, q[EQ_TASK], E_TASK);
    int seq = int_of(r, E_SEQ, 1, 99);
    const char *k = je_row_field(r, E_KIND);
    int kind = -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(k, je_evidence_kind_name((je_evidence_kind)i)) == 0)
            kind = i;
    if (kind < 0)
        je_row_reject(r, E_KIND, "invalid kind '%s' (text, file or indicator)", k);
    text_of(r, E_TEXT, 0, 399);
    const char *scope = je_row_field(r, E_SCOPE);
    if (scope[0] && task) { /* as je_task_update: one of the task's two sides */
        char lead[16] = "", co[16] = "";
        sqlite3_bind_int64(q[EQ_JUR], 1, task);
        if (sqlite3_step(q[EQ_JUR]) == SQLITE_ROW) {
            je_db_copy_text(lead, sizeof lead, q[EQ_JUR], 0);
            je_db_copy_text(co, sizeof co, q[EQ_JUR], 1);
        }
        sqlite3_reset(q[EQ_JUR]);
        if (strcmp(scope, lead) != 0 && strcmp(scope, co) != 0)
            je_row_reject(r, E_SCOPE,
                          "scope '%s' is neither the lead (%s) nor the co-lead (%s) of the task "
                          "(empty: both sides)",
                          scope, lead, co);
    }
    const char *t = je_row_field(r, E_TARGET);
    double target = NAN;
    if (t[0] && (je_parse_double(t, strlen(t), &target) != JE_OK))
        je_row_reject(r, E_TARGET, "invalid target '%s' (a number)", t);
    if (kind >= 0) {
        char why[400];
        int col;
        if (evidence_problem((je_evidence_kind)kind, je_row_field(r, E_TEXT),
                             je_row_field(r, E_IND), je_row_field(r, E_OP), t[0] != '\0', &col, why,
                             sizeof why))
            je_row_reject(r, col, "%s", why);
    }
    char code[64];
    snprintf(code, sizeof code, "%s/E%d", je_row_field(r, E_TASK), seq);
    int exists = r->bad ? 0 : exists_code(q[EQ_GET], r, E_SEQ, "evidence", code);
    if (r->bad || r->nomem)
        return JE_OK;
    char *before = NULL;
    je_status st = je_record_check(r->b, JE_GOV_WRITE, "programme_evidence", "evidence", NULL, code,
                                   JE_GOV_JOINT, &before, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *w = q[exists ? EQ_UPD : EQ_INS];
    je_cmp_op op = JE_CMP_GE;
    if (kind == JE_EVIDENCE_INDICATOR)
        je_cmp_op_parse(je_row_field(r, E_OP), &op, NULL);
    sqlite3_bind_text(w, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(w, 2, task);
    sqlite3_bind_int(w, 3, seq);
    sqlite3_bind_text(w, 4, je_evidence_kind_name((je_evidence_kind)kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 5, je_row_field(r, E_TEXT), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 6, je_row_field(r, E_IND), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 7, scope, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 8, kind == JE_EVIDENCE_INDICATOR ? je_cmp_op_name(op) : "", -1,
                      SQLITE_STATIC);
    if (isnan(target))
        sqlite3_bind_null(w, 9);
    else
        sqlite3_bind_double(w, 9, target);
    sqlite3_bind_int64(w, 10, r->b->id);
    if ((st = step_done(db, w, "importing evidence", err)) != JE_OK) {
        free(before);
        return st;
    }
    if ((st = je_record_log(r->b, "programme_evidence", code, JE_GOV_JOINT, before, err)) != JE_OK)
        return st;
    if (exists) {
        if ((st = revoke_signoffs(db, task, "evidence replaced by an import", err)) != JE_OK)
            return st;
        r->b->rep->updated++;
    } else
        r->b->rep->inserted++;
    return JE_OK;
}

static const pkind evidence_kind = {
    "task-evidence", "importing evidence", e_cols, E_N, (1u << E_N) - 1, e_sql, EQ_N, evidence_row};

je_status je_import_task_evidence(je_db *db, const char *path, const je_import_opts *opts,
                                  je_import_report *rep, je_error *err)
{
    return run_import(db, &evidence_kind, path, opts, rep, err);
}

/* ---- reading ---------------------------------------------------------------- */

static void read_task(sqlite3_stmt *s, void *record)
{
    je_task *t = record;
    memset(t, 0, sizeof *t);
    je_db_copy_text(t->code, sizeof t->code, s, 0);
    t->year = sqlite3_column_int(s, 1);
    je_db_copy_text(t->category, sizeof t->category, s, 2);
    je_db_copy_text(t->title_zh, sizeof t->title_zh, s, 3);
    je_db_copy_text(t->title_en, sizeof t->title_en, s, 4);
    je_db_copy_text(t->lead, sizeof t->lead, s, 5);
    je_db_copy_text(t->co_lead, sizeof t->co_lead, s, 6);
    je_db_copy_text(t->lead_agency, sizeof t->lead_agency, s, 7);
    je_db_copy_text(t->co_lead_agency, sizeof t->co_lead_agency, s, 8);
    const unsigned char *st = sqlite3_column_text(s, 9);
    if (je_task_status_parse(st ? (const char *)st : "", &t->status, NULL) != JE_OK)
        t->status = JE_TASK_PLANNED;
    t->progress_pct = sqlite3_column_int(s, 10);
    t->updated_at = sqlite3_column_int64(s, 11);
}

static void read_milestone(sqlite3_stmt *s, void *record)
{
    je_milestone *m = record;
    m->seq = sqlite3_column_int(s, 0);
    je_db_copy_text(m->title_zh, sizeof m->title_zh, s, 1);
    je_db_copy_text(m->title_en, sizeof m->title_en, s, 2);
    m->due_day = sqlite3_column_int64(s, 3);
    m->done_day = sqlite3_column_int64(s, 4);
}

static void read_evidence(sqlite3_stmt *s, void *record)
{
    je_evidence *e = record;
    memset(e, 0, sizeof *e);
    e->seq = sqlite3_column_int(s, 0);
    const unsigned char *k = sqlite3_column_text(s, 1);
    for (int i = 0; i < 3; i++)
        if (k && strcmp((const char *)k, je_evidence_kind_name((je_evidence_kind)i)) == 0)
            e->kind = (je_evidence_kind)i;
    je_db_copy_text(e->text, sizeof e->text, s, 2);
    je_db_copy_text(e->indicator, sizeof e->indicator, s, 3);
    je_db_copy_text(e->scope, sizeof e->scope, s, 4);
    const unsigned char *op = sqlite3_column_text(s, 5);
    if (!op || je_cmp_op_parse((const char *)op, &e->op, NULL) != JE_OK)
        e->op = JE_CMP_GE;
    e->target = sqlite3_column_type(s, 6) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 6);
    e->value = NAN;
    e->meets = -1;
}

static void read_signoff(sqlite3_stmt *s, void *record)
{
    je_signoff *g = record;
    memset(g, 0, sizeof *g);
    je_db_copy_text(g->jurisdiction, sizeof g->jurisdiction, s, 0);
    je_db_copy_text(g->user, sizeof g->user, s, 1);
    g->signed_at = sqlite3_column_int64(s, 2);
    je_db_copy_text(g->note, sizeof g->note, s, 3);
    g->revoked_at = sqlite3_column_int64(s, 4);
    je_db_copy_text(g->revoked_reason, sizeof g->revoked_reason, s, 5);
}

/* The children of task `code` through sql (?1 = code) into *out. */
static je_status children(je_db *db, const char *sql, const char *code, size_t size,
                          je_row_reader read, void **out, size_t *n, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading tasks");
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    return je_db_collect(db, s, size, read, "reading tasks", out, n, err);
}

je_status je_store_tasks(je_db *db, const je_task_filter *f, je_task **out, size_t *out_n,
                         je_error *err)
{
    *out = NULL;
    *out_n = 0;
    static const char sql[] =
        "SELECT code, year, category, title_zh, title_en, lead, co_lead, lead_agency,"
        " co_lead_agency, status, progress_pct, updated_at FROM programme_task"
        " WHERE (?1 = 0 OR year = ?1) AND (?2 IS NULL OR category = ?2) AND (?3 IS NULL OR"
        " code = ?3) AND (?4 IS NULL OR status = ?4) AND (?5 IS NULL OR lead = ?5 OR"
        " co_lead = ?5) ORDER BY code";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading tasks");
    if (f) {
        sqlite3_bind_int(s, 1, f->year);
        if (f->category)
            sqlite3_bind_text(s, 2, f->category, -1, SQLITE_STATIC);
        if (f->code)
            sqlite3_bind_text(s, 3, f->code, -1, SQLITE_STATIC);
        if (f->status >= 0)
            sqlite3_bind_text(s, 4, je_task_status_name((je_task_status)f->status), -1,
                              SQLITE_STATIC);
        if (f->lead)
            sqlite3_bind_text(s, 5, f->lead, -1, SQLITE_STATIC);
    } else
        sqlite3_bind_int(s, 1, 0);
    void *v;
    size_t n;
    je_status st = je_db_collect(db, s, sizeof(je_task), read_task, "reading tasks", &v, &n, err);
    if (st != JE_OK)
        return st;
    je_task *t = v;
    for (size_t i = 0; i < n && st == JE_OK; i++) {
        void *m = NULL, *e = NULL, *g = NULL;
        st = children(db,
                      "SELECT m.seq, m.title_zh, m.title_en, m.due_day, m.done_day FROM"
                      " programme_milestone m JOIN programme_task t ON t.id = m.task_id"
                      " WHERE t.code = ?1 ORDER BY m.seq",
                      t[i].code, sizeof(je_milestone), read_milestone, &m, &t[i].n_milestones, err);
        t[i].milestones = m;
        if (st == JE_OK)
            st = children(db,
                          "SELECT e.seq, e.kind, e.text, e.indicator, e.scope, e.op, e.target"
                          " FROM programme_evidence e JOIN programme_task t ON t.id = e.task_id"
                          " WHERE t.code = ?1 ORDER BY e.seq",
                          t[i].code, sizeof(je_evidence), read_evidence, &e, &t[i].n_evidence, err);
        t[i].evidence = e;
        if (st == JE_OK)
            st = children(db,
                          "SELECT g.jurisdiction, g.user, g.signed_at, g.note, g.revoked_at,"
                          " g.revoked_reason FROM programme_signoff g JOIN programme_task t"
                          " ON t.id = g.task_id WHERE t.code = ?1 ORDER BY g.id",
                          t[i].code, sizeof(je_signoff), read_signoff, &g, &t[i].n_signoffs, err);
        t[i].signoffs = g;
    }
    if (st != JE_OK) {
        je_tasks_free(t, n);
        return st;
    }
    *out = t;
    *out_n = n;
    return JE_OK;
}

je_status je_store_task_evaluate(je_db *db, je_task *tasks, size_t n, const je_task_env *env,
                                 je_error *err)
{
    /* the same indicator, year and scope are computed once per call */
    typedef struct memo {
        const char *name, *scope;
        int year;
        double value;
        char note[200];
    } memo;
    memo *seen = NULL;
    size_t n_seen = 0, cap = 0;
    je_status st = JE_OK;
    for (size_t i = 0; i < n && st == JE_OK; i++)
        for (size_t k = 0; k < tasks[i].n_evidence && st == JE_OK; k++) {
            je_evidence *e = &tasks[i].evidence[k];
            if (e->kind != JE_EVIDENCE_INDICATOR)
                continue;
            size_t j = 0;
            while (j < n_seen &&
                   !(seen[j].year == tasks[i].year && strcmp(seen[j].name, e->indicator) == 0 &&
                     strcmp(seen[j].scope, e->scope) == 0))
                j++;
            if (j == n_seen) {
                if (n_seen == cap) {
                    cap = cap ? 2 * cap : 16;
                    memo *nv = realloc(seen, cap * sizeof *nv);
                    if (nv == NULL) {
                        st = je_error_set(err, JE_ENOMEM, "out of memory");
                        break;
                    }
                    seen = nv;
                }
                memo *m = &seen[n_seen];
                m->name = e->indicator;
                m->scope = e->scope;
                m->year = tasks[i].year;
                st = je_task_indicator_eval(db, e->indicator, tasks[i].year, e->scope, env,
                                            &m->value, m->note, sizeof m->note, err);
                if (st == JE_ENOTFOUND) { /* a name no longer in the registry */
                    m->value = NAN;
                    snprintf(m->note, sizeof m->note, "unknown indicator");
                    st = JE_OK;
                }
                n_seen++;
            }
            if (st != JE_OK)
                break;
            e->value = seen[j].value;
            snprintf(e->note, sizeof e->note, "%s", seen[j].note);
            e->meets = je_cmp_eval(e->op, e->value, e->target);
        }
    free(seen);
    return st;
}

/* ---- changes ---------------------------------------------------------------- */

static const char task_sql[] = "SELECT * FROM programme_task WHERE code = ?1";
static const char ms_sql[] = "SELECT * FROM programme_milestone WHERE code = ?1";
static const char ev_sql[] = "SELECT * FROM programme_evidence WHERE code = ?1";
static const char so_sql[] = "SELECT * FROM programme_signoff WHERE code = ?1";

/* Run one bound write statement (sql, binding with `bind`) between a snapshot of
 * record `key` of `tbl` (select) and its audit entry. */
typedef void (*binder)(sqlite3_stmt *s, const void *ctx);
static je_status logged_write(je_db *db, const char *tbl, const char *select, const char *key,
                              const char *sql, binder bind, const void *ctx, je_error *err)
{
    char *before = NULL;
    je_status st = je_audit_snapshot(db, select, key, &before, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK) {
        free(before);
        return je_db_fail(db, err, "changing a task");
    }
    bind(s, ctx);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        st = je_db_fail(db, err, "changing a task");
    else
        st = je_audit_record(db, JE_GOV_JOINT, tbl, key, before ? "update" : "insert", before,
                             select, err);
    free(before);
    return st;
}

typedef struct revoke_ctx {
    int64_t id, now;
    const char *why;
} revoke_ctx;

static void bind_revoke(sqlite3_stmt *s, const void *ctx)
{
    const revoke_ctx *c = ctx;
    sqlite3_bind_int64(s, 1, c->id);
    sqlite3_bind_int64(s, 2, c->now);
    sqlite3_bind_text(s, 3, c->why, -1, SQLITE_STATIC);
}

/* Withdraw every sign-off in force of task `task_id` (logged, one entry each). */
static je_status revoke_signoffs(je_db *db, int64_t task_id, const char *why, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT id, code FROM programme_signoff WHERE task_id = ?1 AND"
                           " revoked_at = 0 ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "withdrawing sign-offs");
    sqlite3_bind_int64(s, 1, task_id);
    int64_t ids[8];
    char codes[8][64];
    size_t n = 0;
    while (n < 8 && sqlite3_step(s) == SQLITE_ROW) {
        ids[n] = sqlite3_column_int64(s, 0);
        je_db_copy_text(codes[n], sizeof codes[n], s, 1);
        n++;
    }
    sqlite3_finalize(s);
    char reason[200];
    snprintf(reason, sizeof reason, "%s (%s)", why, db->actor);
    je_status st = JE_OK;
    for (size_t i = 0; i < n && st == JE_OK; i++) {
        revoke_ctx c = {ids[i], je_db_now(), reason};
        st = logged_write(db, "programme_signoff", so_sql, codes[i],
                          "UPDATE programme_signoff SET revoked_at = ?2, revoked_reason = ?3"
                          " WHERE id = ?1",
                          bind_revoke, &c, err);
    }
    return st;
}

/* The stored task `code` and its id, inside the caller's transaction. */
static je_status load_task(je_db *db, const char *code, je_task **t, int64_t *id, je_error *err)
{
    je_task_filter f = {0, NULL, code, -1, NULL};
    size_t n;
    je_status st = je_store_tasks(db, &f, t, &n, err);
    if (st != JE_OK)
        return st;
    if (n == 0)
        return je_error_set(err, JE_ENOTFOUND, "no task %s (jointenv tasks list shows them)", code);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, "SELECT id FROM programme_task WHERE code = ?1", -1, &s, NULL) !=
        SQLITE_OK)
        return je_db_fail(db, err, "reading tasks");
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    *id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return JE_OK;
}

void je_task_change_init(je_task_change *c)
{
    memset(c, 0, sizeof *c);
    c->status = -1;
    c->progress_pct = -1;
    c->evidence_kind = -1;
    c->target = NAN;
}

typedef struct task_vals {
    const char *code;
    je_task_status status;
    int pct;
    int64_t now;
} task_vals;

static void bind_task(sqlite3_stmt *s, const void *ctx)
{
    const task_vals *v = ctx;
    sqlite3_bind_text(s, 1, v->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, je_task_status_name(v->status), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, v->pct);
    sqlite3_bind_int64(s, 4, v->now);
}
static const char task_upd[] = "UPDATE programme_task SET status = ?2, progress_pct = ?3,"
                               " updated_at = ?4 WHERE code = ?1";

typedef struct ms_vals {
    const char *code;
    int64_t done_day;
} ms_vals;

static void bind_ms(sqlite3_stmt *s, const void *ctx)
{
    const ms_vals *v = ctx;
    sqlite3_bind_text(s, 1, v->code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, v->done_day);
}

typedef struct ev_vals {
    const char *code;
    int64_t task_id;
    int seq;
    const je_task_change *c;
} ev_vals;

static void bind_ev(sqlite3_stmt *s, const void *ctx)
{
    const ev_vals *v = ctx;
    const je_task_change *c = v->c;
    int ind = c->evidence_kind == JE_EVIDENCE_INDICATOR;
    sqlite3_bind_text(s, 1, v->code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, v->task_id);
    sqlite3_bind_int(s, 3, v->seq);
    sqlite3_bind_text(s, 4, je_evidence_kind_name((je_evidence_kind)c->evidence_kind), -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(s, 5, c->evidence_text ? c->evidence_text : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, ind ? c->indicator : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, ind && c->scope ? c->scope : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, ind ? je_cmp_op_name(c->op) : "", -1, SQLITE_STATIC);
    if (ind)
        sqlite3_bind_double(s, 9, c->target);
    else
        sqlite3_bind_null(s, 9);
}

/* Check a change against the task, the rules and the actor; JE_OK when it may go. */
static je_status check_change(je_db *db, const je_task *t, const je_task_change *c, je_error *err)
{
    je_status st = may_update(db, t, err);
    if (st != JE_OK)
        return st;
    const je_gov_actor *a = &db->who;
    if (c->status >= 0 && (je_task_status)c->status != t->status) {
        je_task_status to = (je_task_status)c->status;
        char list[128];
        if (!je_task_transition_ok(t->status, to))
            return je_error_set(err, JE_ECONFLICT, "task %s is %s: it can move to %s, not to %s",
                                t->code, je_task_status_name(t->status),
                                je_task_transitions_from(t->status, list, sizeof list),
                                je_task_status_name(to));
        if ((t->status == JE_TASK_DONE || t->status == JE_TASK_DROPPED) && !joint_office(a, 0))
            return je_error_set(err, JE_EPERM, "only the joint office may %s task %s (it is %s)",
                                t->status == JE_TASK_DONE ? "reopen" : "revive", t->code,
                                je_task_status_name(t->status));
        int s1 = je_task_signed(t, t->lead, NULL), s2 = je_task_signed(t, t->co_lead, NULL);
        if (to == JE_TASK_DONE && !(s1 && s2) && !joint_office(a, 1))
            return je_error_set(
                err, JE_ECONFLICT,
                "task %s needs the sign-off of both %s (lead) and %s (co-lead) to be done; "
                "missing: %s%s%s (an admin of each signs: jointenv tasks sign %s --as J)",
                t->code, t->lead, t->co_lead, s1 ? "" : t->lead, !s1 && !s2 ? ", " : "",
                s2 ? "" : t->co_lead, t->code);
    }
    if (c->progress_pct != -1 && (c->progress_pct < 0 || c->progress_pct > 100))
        return je_error_set(err, JE_EINVAL, "progress must be 0 to 100 (got %d)", c->progress_pct);
    if (c->milestone) {
        size_t i = 0;
        while (i < t->n_milestones && t->milestones[i].seq != c->milestone)
            i++;
        if (i == t->n_milestones)
            return je_error_set(err, JE_ENOTFOUND, "task %s has no milestone %d (it has %zu)",
                                t->code, c->milestone, t->n_milestones);
    }
    if (c->evidence_kind >= 0) {
        if (c->evidence_kind > JE_EVIDENCE_INDICATOR)
            return je_error_set(err, JE_EINVAL, "unknown evidence kind");
        char why[400];
        int col;
        const char *op = c->evidence_kind == JE_EVIDENCE_INDICATOR ? je_cmp_op_name(c->op) : "";
        if (evidence_problem(
                (je_evidence_kind)c->evidence_kind, c->evidence_text ? c->evidence_text : "",
                c->evidence_kind == JE_EVIDENCE_INDICATOR && c->indicator ? c->indicator : "", op,
                c->evidence_kind == JE_EVIDENCE_INDICATOR && isfinite(c->target), &col, why,
                sizeof why))
            return je_error_set(err, JE_EINVAL, "%s", why);
        if (c->evidence_text && strlen(c->evidence_text) > 399)
            return je_error_set(err, JE_EINVAL, "evidence text too long (at most 399 bytes)");
        if (c->evidence_kind == JE_EVIDENCE_INDICATOR && c->scope && c->scope[0] &&
            strcmp(c->scope, t->lead) != 0 && strcmp(c->scope, t->co_lead) != 0)
            return je_error_set(err, JE_EINVAL, "scope '%s' is neither %s nor %s (empty: both)",
                                c->scope, t->lead, t->co_lead);
    }
    if (c->status < 0 && c->progress_pct < 0 && c->milestone == 0 && c->evidence_kind < 0)
        return je_error_set(err, JE_EINVAL,
                            "nothing to change (give a status, progress, milestone or evidence)");
    return JE_OK;
}

static je_status apply_change(je_db *db, const je_task *t, int64_t id, const je_task_change *c,
                              je_error *err)
{
    je_status st = JE_OK;
    task_vals tv = {t->code, t->status, t->progress_pct, je_db_now()};
    if (c->status >= 0)
        tv.status = (je_task_status)c->status;
    if (c->progress_pct >= 0)
        tv.pct = c->progress_pct;
    if (tv.status == JE_TASK_DONE)
        tv.pct = 100; /* a done task is complete */
    if (tv.status != t->status || tv.pct != t->progress_pct)
        st = logged_write(db, "programme_task", task_sql, t->code, task_upd, bind_task, &tv, err);
    if (st == JE_OK && c->milestone) {
        char code[64];
        snprintf(code, sizeof code, "%s/M%d", t->code, c->milestone);
        ms_vals mv = {code, c->done_day};
        st = logged_write(db, "programme_milestone", ms_sql, code,
                          "UPDATE programme_milestone SET done_day = ?2 WHERE code = ?1", bind_ms,
                          &mv, err);
    }
    if (st == JE_OK && c->evidence_kind >= 0) {
        int seq = 1;
        for (size_t i = 0; i < t->n_evidence; i++)
            if (t->evidence[i].seq >= seq)
                seq = t->evidence[i].seq + 1;
        if (seq > 99)
            return je_error_set(err, JE_EINVAL, "task %s has 99 evidence items already", t->code);
        char code[64];
        snprintf(code, sizeof code, "%s/E%d", t->code, seq);
        ev_vals ev = {code, id, seq, c};
        st = logged_write(db, "programme_evidence", ev_sql, code,
                          "INSERT INTO programme_evidence(code, task_id, seq, kind, text,"
                          " indicator, scope, op, target) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                          " ?8, ?9)",
                          bind_ev, &ev, err);
    }
    /* a sign-off attests the task as it was: any change but the step to done withdraws it */
    if (st == JE_OK && tv.status != JE_TASK_DONE)
        st = revoke_signoffs(db, id, "task changed", err);
    return st;
}

je_status je_task_update(je_db *db, const char *code, const je_task_change *c, je_error *err)
{
    je_status st = je_db_exec(db, "BEGIN IMMEDIATE", err);
    if (st != JE_OK)
        return st;
    je_task *t = NULL;
    int64_t id = 0;
    if ((st = load_task(db, code, &t, &id, err)) == JE_OK &&
        (st = check_change(db, t, c, err)) == JE_OK &&
        (st = apply_change(db, t, id, c, err)) == JE_OK)
        st = je_db_exec(db, "COMMIT", err);
    if (st != JE_OK)
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    je_tasks_free(t, t ? 1 : 0);
    return st;
}

typedef struct sign_vals {
    const char *code, *jur, *user, *note;
    int64_t task_id, now;
} sign_vals;

static void bind_sign(sqlite3_stmt *s, const void *ctx)
{
    const sign_vals *v = ctx;
    sqlite3_bind_text(s, 1, v->code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, v->task_id);
    sqlite3_bind_text(s, 3, v->jur, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, v->user, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, v->now);
    sqlite3_bind_text(s, 6, v->note ? v->note : "", -1, SQLITE_STATIC);
}

static je_status check_sign(je_db *db, const je_task *t, const char *jur, je_error *err)
{
    const je_gov_actor *a = &db->who;
    int is_lead = strcmp(jur, t->lead) == 0, is_co = strcmp(jur, t->co_lead) == 0;
    if (!is_lead && !is_co)
        return je_error_set(err, JE_EINVAL,
                            "%s is neither the lead (%s) nor the co-lead (%s) of task %s", jur,
                            t->lead, t->co_lead, t->code);
    if (!a->local_admin && !holds(a, jur, 1)) {
        char roles[256];
        return je_error_set(err, JE_EPERM,
                            "user '%s' (%s) may not sign task %s off for %s: that needs an admin "
                            "of %s",
                            a->user[0] ? a->user : "anonymous",
                            je_gov_describe(a, roles, sizeof roles), t->code, jur, jur);
    }
    if (t->status != JE_TASK_IN_PROGRESS && t->status != JE_TASK_AT_RISK)
        return je_error_set(err, JE_ECONFLICT,
                            "task %s is %s: only a task in progress or at risk can be signed off",
                            t->code, je_task_status_name(t->status));
    char open[256] = "";
    for (size_t i = 0; i < t->n_milestones; i++)
        if (t->milestones[i].done_day == 0) {
            size_t len = strlen(open);
            snprintf(open + len, sizeof open - len, "%sM%d", len ? ", " : "", t->milestones[i].seq);
        }
    if (open[0])
        return je_error_set(err, JE_ECONFLICT,
                            "task %s has milestones not done (%s): mark them done first", t->code,
                            open);
    if (t->progress_pct != 100)
        return je_error_set(err, JE_ECONFLICT,
                            "task %s is at %d %%: set its progress to 100 before signing off",
                            t->code, t->progress_pct);
    char user[64];
    if (je_task_signed(t, jur, user))
        return je_error_set(err, JE_ECONFLICT, "task %s is already signed off for %s by '%s'",
                            t->code, jur, user);
    const char *other = is_lead ? t->co_lead : t->lead;
    if (je_task_signed(t, other, user) && strcmp(user, db->actor) == 0)
        return je_error_set(err, JE_ECONFLICT,
                            "'%s' signed task %s off for %s already; the sign-off for %s must "
                            "come from another person",
                            user, t->code, other, jur);
    return JE_OK;
}

je_status je_task_sign(je_db *db, const char *code, const char *jurisdiction, const char *note,
                       int *out_done, je_error *err)
{
    if (out_done)
        *out_done = 0;
    if (note && strlen(note) > 199)
        return je_error_set(err, JE_EINVAL, "the note is too long (at most 199 bytes)");
    je_status st = je_db_exec(db, "BEGIN IMMEDIATE", err);
    if (st != JE_OK)
        return st;
    je_task *t = NULL;
    int64_t id = 0;
    if ((st = load_task(db, code, &t, &id, err)) == JE_OK &&
        (st = check_sign(db, t, jurisdiction, err)) == JE_OK) {
        char scode[64];
        snprintf(scode, sizeof scode, "%s/S%zu", t->code, t->n_signoffs + 1);
        sign_vals v = {scode, jurisdiction, db->actor, note, id, je_db_now()};
        st = logged_write(db, "programme_signoff", so_sql, scode,
                          "INSERT INTO programme_signoff(code, task_id, jurisdiction, user,"
                          " signed_at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                          bind_sign, &v, err);
        const char *other = strcmp(jurisdiction, t->lead) == 0 ? t->co_lead : t->lead;
        if (st == JE_OK && je_task_signed(t, other, NULL)) {
            /* both sides have signed: the task is done (the state machine allows it
               from in-progress and at-risk, checked above) */
            task_vals tv = {t->code, JE_TASK_DONE, 100, je_db_now()};
            st = logged_write(db, "programme_task", task_sql, t->code, task_upd, bind_task, &tv,
                              err);
            if (st == JE_OK && out_done)
                *out_done = 1;
        }
        if (st == JE_OK)
            st = je_db_exec(db, "COMMIT", err);
    }
    if (st != JE_OK)
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    je_tasks_free(t, t ? 1 : 0);
    return st;
}
