/*
 * inspect_case.c — inspections, joint patrols and the rectification cases their
 * findings open. Each call is one transaction with its audit entries (row JSON before
 * and after); permissions are checked before anything is written (inspect.h lists who
 * may do what). The state table itself is the pure src/inspect/case.c.
 */
#include "store/inspect_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASE_ROW_SQL "SELECT * FROM rect_case WHERE code = ?1"
#define INSPECTION_ROW_SQL "SELECT * FROM inspection WHERE code = ?1"
#define PATROL_ROW_SQL "SELECT * FROM patrol WHERE code = ?1"
#define ENTRY_ROW_SQL "SELECT * FROM patrol_entry WHERE patrol_id || '/' || seq = ?1"

static je_status step_done(je_db *db, sqlite3_stmt *s, const char *what, je_error *err)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? JE_OK : je_db_fail(db, err, what);
}

static je_status prepare(je_db *db, const char *sql, sqlite3_stmt **s, const char *what,
                         je_error *err)
{
    return sqlite3_prepare_v2(db->db, sql, -1, s, NULL) == SQLITE_OK ? JE_OK
                                                                     : je_db_fail(db, err, what);
}

typedef struct outfall_owner {
    char owner[16], district[16], enterprise[32], town[64];
} outfall_owner;

static je_status find_outfall(je_db *db, const char *code, outfall_owner *o, je_error *err)
{
    sqlite3_stmt *s;
    je_status st =
        prepare(db, "SELECT owner, district, enterprise, town FROM outfall WHERE code = ?1", &s,
                "reading the outfall", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    int found = sqlite3_step(s) == SQLITE_ROW;
    if (found) {
        je_db_copy_text(o->owner, sizeof o->owner, s, 0);
        je_db_copy_text(o->district, sizeof o->district, s, 1);
        je_db_copy_text(o->enterprise, sizeof o->enterprise, s, 2);
        je_db_copy_text(o->town, sizeof o->town, s, 3);
    }
    sqlite3_finalize(s);
    return found ? JE_OK
                 : je_error_set(err, JE_ENOTFOUND,
                                "unknown outfall '%s' (jointenv outfall list shows the registry)",
                                code);
}

static int jurisdiction_exists(je_db *db, const char *code)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM jurisdiction WHERE code = ?1", -1, &s, NULL) !=
        SQLITE_OK)
        return 0;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    int found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found;
}

/* The next id of `tbl` as text (its code), so that the audit log's record key is
 * known before the insert. */
static int64_t next_id(je_db *db, const char *tbl)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) + 1 FROM %s", tbl);
    sqlite3_stmt *s;
    int64_t id = 1;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return id;
}

static je_status add_event(je_db *db, int64_t case_id, int64_t day, const char *from,
                           const char *to, const char *note, je_error *err)
{
    sqlite3_stmt *s;
    je_status st = prepare(db,
                           "INSERT INTO rect_case_event(case_id, seq, day, from_state, to_state,"
                           " actor, note) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM"
                           " rect_case_event WHERE case_id = ?1), ?2, ?3, ?4, ?5, ?6)",
                           &s, "recording the case's history", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_int64(s, 1, case_id);
    sqlite3_bind_int64(s, 2, day);
    sqlite3_bind_text(s, 3, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, to, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, db->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, note ? note : "", -1, SQLITE_STATIC);
    return step_done(db, s, "recording the case's history", err);
}

/* Open the case of a finding made by `finder` on `day` (source "inspection" or
 * "patrol", its id). Inside the caller's transaction. */
static je_status open_case(je_db *db, const char *source, int64_t source_id, const char *finder,
                           int64_t day, const je_finding *f, int64_t *out_case, je_error *err)
{
    if (f->text == NULL || f->text[0] == '\0')
        return je_error_set(err, JE_EINVAL, "a finding needs its text (what was found)");
    if (f->deadline_day <= day)
        return je_error_set(err, JE_EINVAL,
                            "the rectification deadline must be after the day of the finding");
    outfall_owner o;
    memset(&o, 0, sizeof o);
    je_status st;
    const char *owner = finder;
    if (f->outfall && f->outfall[0]) {
        if ((st = find_outfall(db, f->outfall, &o, err)) != JE_OK)
            return st;
        owner = o.owner;
    } else {
        if (f->place == NULL || f->place[0] == '\0')
            return je_error_set(err, JE_EINVAL, "a finding needs an outfall or a place");
        if (f->source_side && f->source_side[0]) {
            if (!jurisdiction_exists(db, f->source_side))
                return je_error_set(err, JE_EINVAL, "unknown jurisdiction '%s' for the source",
                                    f->source_side);
            owner = f->source_side;
        }
    }
    const char *resp = f->responsible && f->responsible[0] ? f->responsible
                       : o.enterprise[0]                   ? o.enterprise
                                                           : o.town;
    if (resp[0] == '\0')
        return je_error_set(err, JE_EINVAL,
                            "a finding about a place needs the responsible party (--responsible)");
    int handed_off = strcmp(owner, finder) != 0;
    int64_t id = next_id(db, "rect_case");
    char code[24];
    snprintf(code, sizeof code, "%lld", (long long)id);
    sqlite3_stmt *s;
    if ((st = prepare(db,
                      "INSERT INTO rect_case(id, code, state, source, source_id, outfall, place,"
                      " finding, found_by, owner, handed_off, responsible, opened_day,"
                      " deadline_day, updated_day) VALUES (?1, ?2, 'open', ?3, ?4, ?5, ?6, ?7, ?8,"
                      " ?9, ?10, ?11, ?12, ?13, ?12)",
                      &s, "opening the case", err)) != JE_OK)
        return st;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, source, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, source_id);
    sqlite3_bind_text(s, 5, f->outfall ? f->outfall : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, f->place ? f->place : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, f->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, finder, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, owner, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 10, handed_off);
    sqlite3_bind_text(s, 11, resp, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 12, day);
    sqlite3_bind_int64(s, 13, f->deadline_day);
    if ((st = step_done(db, s, "opening the case", err)) != JE_OK)
        return st;
    char note[160];
    if (handed_off)
        snprintf(note, sizeof note,
                 "found by %s; the source is on %s's side: cross-border hand-off, case owned "
                 "by %s",
                 finder, owner, owner);
    else
        snprintf(note, sizeof note, "found by %s", finder);
    if ((st = add_event(db, id, day, "", "open", note, err)) != JE_OK)
        return st;
    *out_case = id;
    return je_audit_record(db, owner, "rect_case", code, "insert", NULL, CASE_ROW_SQL, err);
}

static je_status insert_inspection(je_db *db, const char *outfall, const char *side, int64_t day,
                                   int64_t draw_id, const char *inspectors, const char *kind,
                                   int finding, int64_t *out_id, je_error *err)
{
    int64_t id = next_id(db, "inspection");
    char code[24];
    snprintf(code, sizeof code, "%lld", (long long)id);
    sqlite3_stmt *s;
    je_status st = prepare(db,
                           "INSERT INTO inspection(id, code, outfall, day, side, draw_id,"
                           " inspectors, kind, result, recorded_by, recorded_at) VALUES (?1, ?2,"
                           " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                           &s, "recording the inspection", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, outfall, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, day);
    sqlite3_bind_text(s, 5, side, -1, SQLITE_STATIC);
    if (draw_id > 0)
        sqlite3_bind_int64(s, 6, draw_id);
    else
        sqlite3_bind_null(s, 6);
    sqlite3_bind_text(s, 7, inspectors ? inspectors : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, finding ? "finding" : "compliant", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, db->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 11, je_db_now());
    if ((st = step_done(db, s, "recording the inspection", err)) != JE_OK)
        return st;
    *out_id = id;
    return JE_OK;
}

static je_status link_case(je_db *db, const char *tbl, const char *key_sql, const char *key,
                           int64_t case_id, je_error *err)
{
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE %s SET case_id = ?2 WHERE %s = ?1", tbl, key_sql);
    sqlite3_stmt *s;
    je_status st = prepare(db, sql, &s, "linking the case", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, case_id);
    return step_done(db, s, "linking the case", err);
}

static je_status on_draw(je_db *db, int64_t draw_id, const char *outfall, je_error *err)
{
    sqlite3_stmt *s;
    je_status st =
        prepare(db, "SELECT 1 FROM inspect_draw_target WHERE draw_id = ?1 AND outfall = ?2", &s,
                "reading the draw", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_int64(s, 1, draw_id);
    sqlite3_bind_text(s, 2, outfall, -1, SQLITE_STATIC);
    int found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found ? JE_OK
                 : je_error_set(err, JE_ECONFLICT, "outfall %s is not a target of draw %lld",
                                outfall, (long long)draw_id);
}

static je_status inspection_tx(je_db *db, const char *outfall, const char *side, int64_t day,
                               int64_t draw_id, const char *inspectors, const je_finding *finding,
                               int64_t *out_insp, int64_t *out_case, je_error *err)
{
    je_status st = draw_id > 0 ? on_draw(db, draw_id, outfall, err) : JE_OK;
    if (st == JE_OK)
        st = insert_inspection(db, outfall, side, day, draw_id, inspectors, "inspection",
                               finding != NULL, out_insp, err);
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)*out_insp);
    if (st == JE_OK && finding) {
        je_finding f = *finding;
        f.outfall = outfall;
        st = open_case(db, "inspection", *out_insp, side, day, &f, out_case, err);
        if (st == JE_OK)
            st = link_case(db, "inspection", "code", key, *out_case, err);
    }
    if (st == JE_OK)
        st = je_audit_record(db, side, "inspection", key, "insert", NULL, INSPECTION_ROW_SQL, err);
    return st;
}

je_status je_store_inspection(je_db *db, const char *outfall, const char *side, int64_t day,
                              int64_t draw_id, const char *inspectors, const je_finding *finding,
                              int64_t *out_inspection, int64_t *out_case, je_error *err)
{
    *out_inspection = 0;
    *out_case = 0;
    outfall_owner o;
    je_status st = find_outfall(db, outfall, &o, err);
    if (st != JE_OK)
        return st;
    if (!side || !jurisdiction_exists(db, side))
        return je_error_set(err, JE_EINVAL, "unknown inspecting side '%s' (a jurisdiction code)",
                            side ? side : "");
    char what[96];
    snprintf(what, sizeof what, "inspections of outfall %s by %s", outfall, side);
    if ((st = je_db_may(db, JE_GOV_INSPECT, side, 0, what, err)) != JE_OK)
        return st;
    if ((st = je_inspect_begin(db, err)) != JE_OK)
        return st;
    st = inspection_tx(db, outfall, side, day, draw_id, inspectors, finding, out_inspection,
                       out_case, err);
    st = je_inspect_end(db, st, err);
    if (st != JE_OK)
        *out_inspection = *out_case = 0;
    return st;
}

/* ---- cases --------------------------------------------------------------------- */

#define CASE_SELECT                                                                                \
    "SELECT id, state, source, source_id, outfall, place, finding, found_by, owner, handed_off,"   \
    " responsible, opened_day, deadline_day, updated_day, reopened, reinspections FROM rect_case"

static void read_case(sqlite3_stmt *s, void *rec)
{
    je_case *c = rec;
    c->id = sqlite3_column_int64(s, 0);
    je_case_state_parse((const char *)sqlite3_column_text(s, 1), &c->state, NULL);
    je_db_copy_text(c->source, sizeof c->source, s, 2);
    c->source_id = sqlite3_column_int64(s, 3);
    je_db_copy_text(c->outfall, sizeof c->outfall, s, 4);
    je_db_copy_text(c->place, sizeof c->place, s, 5);
    je_db_copy_text(c->finding, sizeof c->finding, s, 6);
    je_db_copy_text(c->found_by, sizeof c->found_by, s, 7);
    je_db_copy_text(c->owner, sizeof c->owner, s, 8);
    c->handed_off = sqlite3_column_int(s, 9);
    je_db_copy_text(c->responsible, sizeof c->responsible, s, 10);
    c->opened_day = sqlite3_column_int64(s, 11);
    c->deadline_day = sqlite3_column_int64(s, 12);
    c->updated_day = sqlite3_column_int64(s, 13);
    c->reopened = sqlite3_column_int(s, 14);
    c->reinspections = sqlite3_column_int(s, 15);
}

je_status je_store_cases(je_db *db, je_case_state state, const char *jurisdiction, je_case **out,
                         size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    int all;
    char list[512];
    je_db_readable(db, &all, list, sizeof list);
    sqlite3_stmt *s;
    je_status st = prepare(db,
                           CASE_SELECT " WHERE (public = 1 OR ?1 = 1 OR instr(?2, ',' || owner ||"
                                       " ',') > 0 OR instr(?2, ',' || found_by || ',') > 0)"
                                       " AND (?3 IS NULL OR state = ?3)"
                                       " AND (?4 IS NULL OR owner = ?4 OR found_by = ?4)"
                                       " ORDER BY id",
                           &s, "listing cases", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_int(s, 1, all);
    sqlite3_bind_text(s, 2, list, -1, SQLITE_TRANSIENT);
    if (state < JE_CASE_STATE_COUNT)
        sqlite3_bind_text(s, 3, je_case_state_name(state), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, jurisdiction, -1, SQLITE_STATIC);
    void *v;
    st = je_db_collect(db, s, sizeof(je_case), read_case, "listing cases", &v, out_n, err);
    *out = v;
    return st;
}

static void read_event(sqlite3_stmt *s, void *rec)
{
    je_case_event *e = rec;
    e->case_id = sqlite3_column_int64(s, 0);
    e->seq = sqlite3_column_int(s, 1);
    e->day = sqlite3_column_int64(s, 2);
    je_db_copy_text(e->from_state, sizeof e->from_state, s, 3);
    je_db_copy_text(e->to_state, sizeof e->to_state, s, 4);
    je_db_copy_text(e->actor, sizeof e->actor, s, 5);
    je_db_copy_text(e->note, sizeof e->note, s, 6);
}

/* The case (no permission check). */
static je_status load_case(je_db *db, int64_t id, je_case *out, int *is_public, je_error *err)
{
    sqlite3_stmt *s;
    je_status st = prepare(db,
                           CASE_SELECT ", (SELECT public FROM rect_case WHERE id = ?1)"
                                       " WHERE id = ?1",
                           &s, "reading the case", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        read_case(s, out);
        *is_public = sqlite3_column_int(s, 16);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return JE_OK;
    return rc == SQLITE_DONE
               ? je_error_set(err, JE_ENOTFOUND, "no case %lld (jointenv cases list shows them)",
                              (long long)id)
               : je_db_fail(db, err, "reading the case");
}

static je_status may_read_case(je_db *db, const je_case *c, int is_public, je_error *err)
{
    char what[48];
    snprintf(what, sizeof what, "case %lld", (long long)c->id);
    if (je_db_may(db, JE_GOV_READ, c->found_by, is_public, what, NULL) == JE_OK)
        return JE_OK;
    return je_db_may(db, JE_GOV_READ, c->owner, is_public, what, err);
}

je_status je_store_case_get(je_db *db, int64_t id, je_case *out, je_case_event **ev, size_t *n_ev,
                            je_error *err)
{
    *ev = NULL;
    *n_ev = 0;
    int pub = 0;
    je_status st = load_case(db, id, out, &pub, err);
    if (st == JE_OK)
        st = may_read_case(db, out, pub, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *s;
    if ((st = prepare(db,
                      "SELECT case_id, seq, day, from_state, to_state, actor, note FROM"
                      " rect_case_event WHERE case_id = ?1 ORDER BY seq",
                      &s, "reading the case's history", err)) != JE_OK)
        return st;
    sqlite3_bind_int64(s, 1, id);
    void *v;
    st = je_db_collect(db, s, sizeof(je_case_event), read_event, "reading the case's history", &v,
                       n_ev, err);
    *ev = v;
    return st;
}

static void legal_next(je_case_state from, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int t = 0; t < JE_CASE_STATE_COUNT; t++)
        if (je_case_transition(from, (je_case_state)t) != JE_CASE_ACTOR_NONE) {
            size_t len = strlen(buf);
            snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                     je_case_state_name((je_case_state)t));
        }
    if (buf[0] == '\0')
        snprintf(buf, size, "none");
}

/* May the actor make a move that `who` makes on case c? */
static je_status may_move(je_db *db, const je_case *c, je_case_actor who, je_case_state to,
                          je_error *err)
{
    char what[96];
    snprintf(what, sizeof what, "case %lld (moving it to %s)", (long long)c->id,
             je_case_state_name(to));
    if (who == JE_CASE_ACTOR_RESPONSIBLE)
        return je_db_may(db, JE_GOV_WRITE, c->owner, 0, what, err);
    if (je_db_may(db, JE_GOV_INSPECT, JE_GOV_JOINT, 0, what, NULL) == JE_OK)
        return JE_OK;
    return je_db_may(db, JE_GOV_INSPECT, c->found_by, 0, what, err);
}

static je_status apply_move(je_db *db, const je_case *c, je_case_state to, int64_t day,
                            const char *note, je_error *err)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)c->id);
    char *before = NULL;
    je_status st = je_audit_snapshot(db, CASE_ROW_SQL, key, &before, err);
    if (st != JE_OK)
        return st;
    int reinspect =
        c->state == JE_CASE_SUBMITTED && (to == JE_CASE_VERIFIED || to == JE_CASE_REOPENED);
    sqlite3_stmt *s;
    if ((st = prepare(db,
                      "UPDATE rect_case SET state = ?2, updated_day = ?3, reopened = reopened +"
                      " ?4, reinspections = reinspections + ?5, public = ?6 WHERE id = ?1",
                      &s, "updating the case", err)) == JE_OK) {
        sqlite3_bind_int64(s, 1, c->id);
        sqlite3_bind_text(s, 2, je_case_state_name(to), -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, day);
        sqlite3_bind_int(s, 4, to == JE_CASE_REOPENED);
        sqlite3_bind_int(s, 5, reinspect);
        sqlite3_bind_int(s, 6, to == JE_CASE_CLOSED);
        st = step_done(db, s, "updating the case", err);
    }
    if (st == JE_OK)
        st = add_event(db, c->id, day, je_case_state_name(c->state), je_case_state_name(to), note,
                       err);
    if (st == JE_OK && reinspect && c->outfall[0]) { /* the re-inspection is an inspection */
        int64_t insp;
        st = insert_inspection(db, c->outfall, c->found_by, day, 0, "", "reinspection",
                               to == JE_CASE_REOPENED, &insp, err);
        char ikey[24];
        snprintf(ikey, sizeof ikey, "%lld", (long long)insp);
        if (st == JE_OK)
            st = link_case(db, "inspection", "code", ikey, c->id, err);
        if (st == JE_OK)
            st = je_audit_record(db, c->found_by, "inspection", ikey, "insert", NULL,
                                 INSPECTION_ROW_SQL, err);
    }
    if (st == JE_OK)
        st = je_audit_record(db, c->owner, "rect_case", key, "update", before, CASE_ROW_SQL, err);
    free(before);
    return st;
}

je_status je_store_case_update(je_db *db, int64_t id, je_case_state to, int64_t day,
                               const char *note, je_error *err)
{
    je_status st = je_inspect_begin(db, err);
    if (st != JE_OK)
        return st;
    je_case c;
    int pub;
    st = load_case(db, id, &c, &pub, err);
    je_case_actor who = st == JE_OK ? je_case_transition(c.state, to) : JE_CASE_ACTOR_NONE;
    if (st == JE_OK && who == JE_CASE_ACTOR_NONE) {
        char next[96];
        legal_next(c.state, next, sizeof next);
        st = je_error_set(err, JE_ECONFLICT, "case %lld is %s: it cannot move to %s (next: %s)",
                          (long long)id, je_case_state_name(c.state), je_case_state_name(to), next);
    }
    if (st == JE_OK)
        st = may_move(db, &c, who, to, err);
    if (st == JE_OK && day < c.updated_day) {
        char d[16];
        st = je_error_set(err, JE_EINVAL, "the date is before the case's last change (%s)",
                          je_time_format_date(c.updated_day * 86400, 0, d, sizeof d));
    }
    if (st == JE_OK)
        st = apply_move(db, &c, to, day, note, err);
    return je_inspect_end(db, st, err);
}

/* ---- patrols ------------------------------------------------------------------- */

/* Split "A;B,C" into codes; each is checked with `check` (?1 = code; a row must come
 * back); the first column of that row goes into cols (joined by ';'). */
static je_status check_list(je_db *db, const char *list, const char *sql, const char *what,
                            char *norm, size_t norm_size, char *cols, size_t cols_size, int *n,
                            je_error *err)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list ? list : "");
    norm[0] = '\0';
    if (cols)
        cols[0] = '\0';
    *n = 0;
    sqlite3_stmt *s;
    je_status st = prepare(db, sql, &s, "checking the patrol", err);
    if (st != JE_OK)
        return st;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ";, ", &save); tok && st == JE_OK;
         tok = strtok_r(NULL, ";, ", &save)) {
        sqlite3_bind_text(s, 1, tok, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_ROW)
            st = je_error_set(err, JE_EINVAL, "unknown %s '%s'", what, tok);
        else {
            size_t len = strlen(norm);
            snprintf(norm + len, norm_size - len, "%s%s", len ? ";" : "", tok);
            if (cols) {
                len = strlen(cols);
                snprintf(cols + len, cols_size - len, "%s%s,", len ? "" : ",",
                         (const char *)sqlite3_column_text(s, 0));
            }
            (*n)++;
        }
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return st;
}

je_status je_store_patrol_plan(je_db *db, const char *owner, int64_t day, const char *title,
                               const char *reaches, const char *team, int64_t *out_id,
                               je_error *err)
{
    *out_id = 0;
    if (!owner || !jurisdiction_exists(db, owner))
        return je_error_set(err, JE_EINVAL, "unknown patrol owner '%s' (a jurisdiction code)",
                            owner ? owner : "");
    je_status st = je_db_may(db, JE_GOV_INSPECT, owner, 0, "a joint patrol", err);
    if (st != JE_OK)
        return st;
    char r_norm[256], t_norm[256], sides[512];
    int nr, nt;
    if ((st = check_list(db, reaches, "SELECT code FROM river_reach WHERE code = ?1", "reach",
                         r_norm, sizeof r_norm, NULL, 0, &nr, err)) != JE_OK)
        return st;
    if ((st = check_list(db, team, "SELECT owner FROM inspector WHERE code = ?1 AND active = 1",
                         "or inactive inspector", t_norm, sizeof t_norm, sides, sizeof sides, &nt,
                         err)) != JE_OK)
        return st;
    if (nr == 0)
        return je_error_set(err, JE_EINVAL, "a patrol needs at least one reach");
    if (nt < 2)
        return je_error_set(err, JE_ECONFLICT,
                            "team rule 'at least one inspector from each side': a joint patrol "
                            "needs at least two inspectors (team: %s)",
                            t_norm[0] ? t_norm : "none");
    char own[24];
    snprintf(own, sizeof own, ",%s,", owner);
    int other = 0;
    for (char *p = sides + 1; *p; p = strchr(p, ',') + 1)
        if (strncmp(p, owner, strlen(owner)) != 0 || p[strlen(owner)] != ',')
            other = 1;
    if (!strstr(sides, own) || !other)
        return je_error_set(err, JE_ECONFLICT,
                            "team rule 'at least one inspector from each side': a joint patrol "
                            "needs inspectors of %s and of the other side (team: %s)",
                            owner, t_norm[0] ? t_norm : "none");
    if ((st = je_inspect_begin(db, err)) != JE_OK)
        return st;
    int64_t id = next_id(db, "patrol");
    char code[24];
    snprintf(code, sizeof code, "%lld", (long long)id);
    sqlite3_stmt *s;
    if ((st = prepare(db,
                      "INSERT INTO patrol(id, code, day, owner, title, reaches, team, planned_by,"
                      " planned_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                      &s, "planning the patrol", err)) == JE_OK) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, day);
        sqlite3_bind_text(s, 4, owner, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, title ? title : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, r_norm, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 7, t_norm, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 8, db->actor, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 9, je_db_now());
        st = step_done(db, s, "planning the patrol", err);
    }
    if (st == JE_OK)
        st = je_audit_record(db, owner, "patrol", code, "insert", NULL, PATROL_ROW_SQL, err);
    if ((st = je_inspect_end(db, st, err)) == JE_OK)
        *out_id = id;
    return st;
}

#define PATROL_SELECT                                                                              \
    "SELECT p.id, p.day, p.owner, p.title, p.reaches, p.team,"                                     \
    " (SELECT count(*) FROM patrol_entry e WHERE e.patrol_id = p.id),"                             \
    " (SELECT count(*) FROM patrol_entry e WHERE e.patrol_id = p.id AND e.case_id IS NOT NULL)"    \
    " FROM patrol p"

static void read_patrol(sqlite3_stmt *s, void *rec)
{
    je_patrol *p = rec;
    p->id = sqlite3_column_int64(s, 0);
    p->day = sqlite3_column_int64(s, 1);
    je_db_copy_text(p->owner, sizeof p->owner, s, 2);
    je_db_copy_text(p->title, sizeof p->title, s, 3);
    je_db_copy_text(p->reaches, sizeof p->reaches, s, 4);
    je_db_copy_text(p->team, sizeof p->team, s, 5);
    p->log_entries = sqlite3_column_int(s, 6);
    p->findings = sqlite3_column_int(s, 7);
}

je_status je_store_patrols(je_db *db, je_patrol **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    int all;
    char list[512];
    je_db_readable(db, &all, list, sizeof list);
    sqlite3_stmt *s;
    je_status st = prepare(db,
                           PATROL_SELECT " WHERE ?1 = 1 OR instr(?2, ',' || p.owner || ',') > 0"
                                         " ORDER BY p.day DESC, p.id DESC",
                           &s, "listing patrols", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_int(s, 1, all);
    sqlite3_bind_text(s, 2, list, -1, SQLITE_TRANSIENT);
    void *v;
    st = je_db_collect(db, s, sizeof(je_patrol), read_patrol, "listing patrols", &v, out_n, err);
    *out = v;
    return st;
}

static je_status load_patrol(je_db *db, int64_t id, je_patrol *out, je_error *err)
{
    sqlite3_stmt *s;
    je_status st = prepare(db, PATROL_SELECT " WHERE p.id = ?1", &s, "reading the patrol", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_int64(s, 1, id);
    void *v;
    size_t n;
    if ((st = je_db_collect(db, s, sizeof(je_patrol), read_patrol, "reading the patrol", &v, &n,
                            err)) != JE_OK)
        return st;
    if (n == 1)
        *out = *(je_patrol *)v;
    free(v);
    return n == 1 ? JE_OK
                  : je_error_set(err, JE_ENOTFOUND,
                                 "no patrol %lld (jointenv patrol list shows them)", (long long)id);
}

static void read_entry(sqlite3_stmt *s, void *rec)
{
    je_patrol_entry *e = rec;
    e->patrol_id = sqlite3_column_int64(s, 0);
    e->seq = sqlite3_column_int(s, 1);
    e->at = sqlite3_column_int64(s, 2);
    e->lon = sqlite3_column_type(s, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 3);
    e->lat = sqlite3_column_type(s, 4) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 4);
    je_db_copy_text(e->observation, sizeof e->observation, s, 5);
    je_db_copy_text(e->photo, sizeof e->photo, s, 6);
    e->case_id = sqlite3_column_int64(s, 7);
}

je_status je_store_patrol_get(je_db *db, int64_t id, je_patrol *out, je_patrol_entry **entries,
                              size_t *n, je_error *err)
{
    *entries = NULL;
    *n = 0;
    je_status st = load_patrol(db, id, out, err);
    char what[48];
    snprintf(what, sizeof what, "patrol %lld", (long long)id);
    if (st == JE_OK)
        st = je_db_may(db, JE_GOV_READ, out->owner, 0, what, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *s;
    if ((st = prepare(db,
                      "SELECT patrol_id, seq, at, lon, lat, observation, photo, case_id FROM"
                      " patrol_entry WHERE patrol_id = ?1 ORDER BY seq",
                      &s, "reading the patrol log", err)) != JE_OK)
        return st;
    sqlite3_bind_int64(s, 1, id);
    void *v;
    st = je_db_collect(db, s, sizeof(je_patrol_entry), read_entry, "reading the patrol log", &v, n,
                       err);
    *entries = v;
    return st;
}

static je_status patrol_log_tx(je_db *db, const je_patrol *p, int64_t at, double lon, double lat,
                               const char *observation, const char *photo, const je_finding *f,
                               int64_t *out_case, je_error *err)
{
    sqlite3_stmt *s;
    je_status st = prepare(db,
                           "INSERT INTO patrol_entry(patrol_id, seq, at, lon, lat, observation,"
                           " photo) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM"
                           " patrol_entry WHERE patrol_id = ?1), ?2, ?3, ?4, ?5, ?6)"
                           " RETURNING seq",
                           &s, "logging the patrol", err);
    if (st != JE_OK)
        return st;
    sqlite3_bind_int64(s, 1, p->id);
    sqlite3_bind_int64(s, 2, at);
    if (isnan(lon) || isnan(lat)) {
        sqlite3_bind_null(s, 3);
        sqlite3_bind_null(s, 4);
    } else {
        sqlite3_bind_double(s, 3, lon);
        sqlite3_bind_double(s, 4, lat);
    }
    sqlite3_bind_text(s, 5, observation ? observation : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, photo ? photo : "", -1, SQLITE_STATIC);
    int seq = 0;
    if (sqlite3_step(s) == SQLITE_ROW)
        seq = sqlite3_column_int(s, 0);
    if ((st = step_done(db, s, "logging the patrol", err)) != JE_OK || seq == 0)
        return st != JE_OK ? st : je_db_fail(db, err, "logging the patrol");
    char key[48];
    snprintf(key, sizeof key, "%lld/%d", (long long)p->id, seq);
    if (f) {
        /* the day of the finding: the local day of the patrol's owner (+08:00 for both
           demo sides; the offset is stored with the jurisdiction) */
        sqlite3_stmt *q;
        int64_t off = 8 * 3600;
        if (sqlite3_prepare_v2(db->db, "SELECT utc_offset_s FROM jurisdiction WHERE code = ?1", -1,
                               &q, NULL) == SQLITE_OK) {
            sqlite3_bind_text(q, 1, p->owner, -1, SQLITE_STATIC);
            if (sqlite3_step(q) == SQLITE_ROW)
                off = sqlite3_column_int64(q, 0);
            sqlite3_finalize(q);
        }
        int64_t day = je_time_local_day(at, (int32_t)off);
        if ((st = open_case(db, "patrol", p->id, p->owner, day, f, out_case, err)) != JE_OK)
            return st;
        if ((st = prepare(db,
                          "UPDATE patrol_entry SET case_id = ?3 WHERE patrol_id = ?1 AND seq = ?2",
                          &s, "linking the case", err)) != JE_OK)
            return st;
        sqlite3_bind_int64(s, 1, p->id);
        sqlite3_bind_int(s, 2, seq);
        sqlite3_bind_int64(s, 3, *out_case);
        if ((st = step_done(db, s, "linking the case", err)) != JE_OK)
            return st;
    }
    return je_audit_record(db, p->owner, "patrol_entry", key, "insert", NULL, ENTRY_ROW_SQL, err);
}

je_status je_store_patrol_log(je_db *db, int64_t patrol_id, int64_t at, double lon, double lat,
                              const char *observation, const char *photo, const je_finding *finding,
                              int64_t *out_case, je_error *err)
{
    *out_case = 0;
    if (isnan(lon) != isnan(lat) ||
        (!isnan(lon) && (lon < -180 || lon > 180 || lat < -90 || lat > 90)))
        return je_error_set(err, JE_EINVAL,
                            "a track point needs both lon (-180 to 180) and lat (-90 to 90)");
    if ((!observation || !observation[0]) && !finding)
        return je_error_set(err, JE_EINVAL, "a log entry needs an observation or a finding");
    je_patrol p;
    je_status st = load_patrol(db, patrol_id, &p, err);
    char what[48];
    snprintf(what, sizeof what, "patrol %lld", (long long)patrol_id);
    if (st == JE_OK)
        st = je_db_may(db, JE_GOV_INSPECT, p.owner, 0, what, err);
    if (st != JE_OK || (st = je_inspect_begin(db, err)) != JE_OK)
        return st;
    st = patrol_log_tx(db, &p, at, lon, lat, observation, photo, finding, out_case, err);
    st = je_inspect_end(db, st, err);
    if (st != JE_OK)
        *out_case = 0;
    return st;
}
