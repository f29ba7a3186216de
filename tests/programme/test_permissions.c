/* Who may update and sign tasks (programme.h): every role in every jurisdiction
 * (lead, co-lead, joint office, an outsider) against update and sign; the sign-off
 * rules (same user twice, both sides by one person, wrong jurisdiction, viewer,
 * withdrawn after a change); done only with both sign-offs (or a joint-office admin);
 * the state machine through je_task_update; the audit log of every change. */
#include "fixture.h"

#include <stdlib.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(programme_permissions, .fini = cleanup);

static je_task_change progress(int pct)
{
    je_task_change c;
    je_task_change_init(&c);
    c.progress_pct = pct;
    return c;
}

Test(programme_permissions, update_by_role_and_jurisdiction)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    static const char *const jur[] = {"510000", "500000", JE_GOV_JOINT, "440000"};
    /* expected: analyst and admin of the lead, the co-lead or the joint office */
    static const int may[4][JE_ROLE_COUNT] = {
        /* viewer analyst inspector admin */
        {0, 1, 0, 1}, /* lead */
        {0, 1, 0, 1}, /* co-lead */
        {0, 1, 0, 1}, /* joint office */
        {0, 0, 0, 0}, /* outsider */
    };
    int pct = 50;
    je_task_change start = progress(pct);
    cr_assert_eq(je_task_update(db, "B", &start, NULL), JE_OK);
    for (int j = 0; j < 4; j++)
        for (int r = 0; r < JE_ROLE_COUNT; r++) {
            char name[32], tok[JE_GOV_TOKEN_CHARS];
            snprintf(name, sizeof name, "u%d%d", j, r);
            fx_user(db, name, jur[j], (je_gov_role)r, tok);
            fx_as(db, tok);
            je_task_change c = progress(++pct);
            je_error e;
            je_status st = je_task_update(db, "B", &c, &e);
            const char *role = je_gov_role_name((je_gov_role)r);
            if (may[j][r]) {
                cr_expect_eq(st, JE_OK, "%s %s: %s", role, jur[j], e.message);
            } else {
                cr_expect_eq(st, JE_EPERM, "%s %s may not update", role, jur[j]);
                cr_expect(strstr(e.message, name) && strstr(e.message, "510000 (lead)"), "%s",
                          e.message);
                pct--;
            }
            je_gov_act_local_admin(db);
            je_task *t = fx_task(db, "B");
            cr_expect_eq(t->progress_pct, pct, "%s %s: progress %d, expected %d", role, jur[j],
                         t->progress_pct, pct);
            je_tasks_free(t, 1);
        }
    /* anonymous */
    je_gov_logout(db);
    je_task_change c = progress(1);
    cr_expect_eq(je_task_update(db, "B", &c, NULL), JE_EPERM);
    je_db_close(db);
}

Test(programme_permissions, sign_by_role_and_jurisdiction)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    static const char *const jur[] = {"510000", JE_GOV_JOINT, "440000"};
    for (int j = 0; j < 3; j++)
        for (int r = 0; r < JE_ROLE_COUNT; r++) {
            char name[32], tok[JE_GOV_TOKEN_CHARS];
            snprintf(name, sizeof name, "s%d%d", j, r);
            fx_user(db, name, jur[j], (je_gov_role)r, tok);
            fx_as(db, tok);
            je_error e;
            je_status st = je_task_sign(db, "A", "510000", NULL, NULL, &e);
            int want_ok = j == 0 && r == JE_ROLE_ADMIN; /* only an admin of 510000 */
            cr_expect_eq(st, want_ok ? JE_OK : JE_EPERM, "%s %s signing for 510000: %s",
                         je_gov_role_name((je_gov_role)r), jur[j], e.message);
            if (!want_ok)
                cr_expect(strstr(e.message, "needs an admin of 510000"), "%s", e.message);
        }
    /* an admin of the outsider may not sign for a side that is not lead or co-lead */
    char out[JE_GOV_TOKEN_CHARS];
    fx_user(db, "gd-admin", "440000", JE_ROLE_ADMIN, out);
    fx_as(db, out);
    je_error e;
    cr_expect_eq(je_task_sign(db, "A", "440000", NULL, NULL, &e), JE_EINVAL);
    cr_expect(strstr(e.message, "neither the lead (510000) nor the co-lead (500000)"), "%s",
              e.message);
    je_db_close(db);
}

Test(programme_permissions, both_sides_by_two_people_make_it_done)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    char both[JE_GOV_TOKEN_CHARS], cq[JE_GOV_TOKEN_CHARS];
    fx_user(db, "both", "510000", JE_ROLE_ADMIN, both);
    fx_user(db, "both", "500000", JE_ROLE_ADMIN, both);
    fx_user(db, "cq-admin", "500000", JE_ROLE_ADMIN, cq);
    fx_as(db, both);
    je_error e;
    int done = -1;
    cr_assert_eq(je_task_sign(db, "A", "510000", "checked on site", &done, &e), JE_OK, "%s",
                 e.message);
    cr_expect_eq(done, 0);
    /* the same side twice */
    cr_expect_eq(je_task_sign(db, "A", "510000", NULL, NULL, &e), JE_ECONFLICT);
    cr_expect(strstr(e.message, "already signed off for 510000 by 'both'"), "%s", e.message);
    /* the other side by the same person */
    cr_expect_eq(je_task_sign(db, "A", "500000", NULL, NULL, &e), JE_ECONFLICT);
    cr_expect(strstr(e.message, "another person"), "%s", e.message);
    je_task *t = fx_task(db, "A");
    cr_expect_eq(t->status, JE_TASK_IN_PROGRESS, "one side is not enough");
    je_tasks_free(t, 1);
    fx_as(db, cq);
    cr_assert_eq(je_task_sign(db, "A", "500000", NULL, &done, &e), JE_OK, "%s", e.message);
    cr_expect_eq(done, 1);
    t = fx_task(db, "A");
    cr_expect_eq(t->status, JE_TASK_DONE);
    cr_assert_eq(t->n_signoffs, 2);
    cr_expect_str_eq(t->signoffs[0].user, "both");
    cr_expect_str_eq(t->signoffs[0].note, "checked on site");
    cr_expect_str_eq(t->signoffs[1].user, "cq-admin");
    cr_expect_gt(t->signoffs[1].signed_at, 0);
    cr_expect_eq(t->signoffs[1].revoked_at, 0);
    je_tasks_free(t, 1);
    /* a done task cannot be signed again */
    cr_expect_eq(je_task_sign(db, "A", "500000", NULL, NULL, &e), JE_ECONFLICT);
    /* every step is in the chained log */
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'programme_signoff'"
                               " AND action = 'insert'"),
                 2);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'programme_task' AND"
                               " record_key = 'A' AND action = 'update' AND after LIKE "
                               "'%\"status\":\"done\"%'"),
                 1);
    je_gov_act_local_admin(db);
    je_audit_report rep;
    cr_assert_eq(je_audit_verify(db, &rep, &e), JE_OK, "%s", e.message);
    cr_expect_eq(rep.ok, 1, "%s", rep.problem);
    je_db_close(db);
}

Test(programme_permissions, a_change_withdraws_signoffs)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    char sc[JE_GOV_TOKEN_CHARS], cq[JE_GOV_TOKEN_CHARS], an[JE_GOV_TOKEN_CHARS];
    fx_user(db, "sc-admin", "510000", JE_ROLE_ADMIN, sc);
    fx_user(db, "cq-admin", "500000", JE_ROLE_ADMIN, cq);
    fx_user(db, "cq-analyst", "500000", JE_ROLE_ANALYST, an);
    fx_as(db, sc);
    je_error e;
    cr_assert_eq(je_task_sign(db, "B", "510000", NULL, NULL, &e), JE_OK, "%s", e.message);
    /* the co-lead's analyst adds evidence after the lead signed */
    fx_as(db, an);
    je_task_change c;
    je_task_change_init(&c);
    c.evidence_kind = JE_EVIDENCE_TEXT;
    c.evidence_text = "late photo of the site";
    cr_assert_eq(je_task_update(db, "B", &c, &e), JE_OK, "%s", e.message);
    je_task *t = fx_task(db, "B");
    cr_assert_eq(t->n_signoffs, 1);
    cr_expect_gt(t->signoffs[0].revoked_at, 0, "the change withdrew the sign-off");
    cr_expect(strstr(t->signoffs[0].revoked_reason, "changed") &&
                  strstr(t->signoffs[0].revoked_reason, "cq-analyst"),
              "%s", t->signoffs[0].revoked_reason);
    cr_expect_eq(je_task_signed(t, "510000", NULL), 0);
    je_tasks_free(t, 1);
    /* so the co-lead's sign-off alone does not complete it */
    fx_as(db, cq);
    int done = -1;
    cr_assert_eq(je_task_sign(db, "B", "500000", NULL, &done, &e), JE_OK, "%s", e.message);
    cr_expect_eq(done, 0);
    /* the lead signs again: now done */
    fx_as(db, sc);
    cr_assert_eq(je_task_sign(db, "B", "510000", NULL, &done, &e), JE_OK, "%s", e.message);
    cr_expect_eq(done, 1);
    t = fx_task(db, "B");
    cr_expect_eq(t->status, JE_TASK_DONE);
    cr_expect_eq(t->n_signoffs, 3, "withdrawn sign-offs are kept");
    je_tasks_free(t, 1);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'programme_signoff'"
                               " AND action = 'update'"),
                 1, "the withdrawal is logged");
    je_db_close(db);
}

Test(programme_permissions, done_needs_both_signoffs_or_the_joint_office)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    char an[JE_GOV_TOKEN_CHARS], ja[JE_GOV_TOKEN_CHARS], jn[JE_GOV_TOKEN_CHARS];
    fx_user(db, "sc-analyst", "510000", JE_ROLE_ANALYST, an);
    fx_user(db, "j-admin", JE_GOV_JOINT, JE_ROLE_ADMIN, ja);
    fx_user(db, "j-analyst", JE_GOV_JOINT, JE_ROLE_ANALYST, jn);
    je_task_change c;
    je_task_change_init(&c);
    c.status = JE_TASK_DONE;
    je_error e;
    fx_as(db, an);
    cr_expect_eq(je_task_update(db, "A", &c, &e), JE_ECONFLICT);
    cr_expect(strstr(e.message, "sign-off of both 510000 (lead) and 500000 (co-lead)") &&
                  strstr(e.message, "missing: 510000, 500000"),
              "%s", e.message);
    fx_as(db, jn);
    cr_expect_eq(je_task_update(db, "A", &c, &e), JE_ECONFLICT, "a joint analyst is not enough");
    fx_as(db, ja);
    cr_assert_eq(je_task_update(db, "A", &c, &e), JE_OK, "%s", e.message);
    /* reopening is the joint office's */
    c.status = JE_TASK_IN_PROGRESS;
    fx_as(db, an);
    cr_expect_eq(je_task_update(db, "A", &c, &e), JE_EPERM);
    cr_expect(strstr(e.message, "only the joint office may reopen"), "%s", e.message);
    fx_as(db, jn);
    cr_expect_eq(je_task_update(db, "A", &c, &e), JE_OK, "%s", e.message);
    je_db_close(db);
}

Test(programme_permissions, state_machine_through_updates)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    je_task_change c;
    je_task_change_init(&c);
    c.status = JE_TASK_AT_RISK;
    je_error e;
    /* C is planned: at-risk is not next */
    cr_expect_eq(je_task_update(db, "C", &c, &e), JE_ECONFLICT);
    cr_expect(strstr(e.message, "task C is planned: it can move to in-progress, dropped, not to "
                                "at-risk"),
              "%s", e.message);
    c.status = JE_TASK_IN_PROGRESS;
    cr_expect_eq(je_task_update(db, "C", &c, &e), JE_OK, "%s", e.message);
    c.status = JE_TASK_AT_RISK;
    cr_expect_eq(je_task_update(db, "C", &c, &e), JE_OK, "%s", e.message);
    /* a task with an open milestone cannot be signed off */
    cr_expect_eq(je_task_sign(db, "C", "500000", NULL, NULL, &e), JE_ECONFLICT);
    cr_expect(strstr(e.message, "milestones not done (M1)"), "%s", e.message);
    je_task_change m;
    je_task_change_init(&m);
    m.milestone = 1;
    m.done_day = je_days_from_civil(2022, 7, 2);
    cr_expect_eq(je_task_update(db, "C", &m, &e), JE_OK, "%s", e.message);
    cr_expect_eq(je_task_sign(db, "C", "500000", NULL, NULL, &e), JE_ECONFLICT);
    cr_expect(strstr(e.message, "set its progress to 100"), "%s", e.message);
    m.milestone = 7;
    cr_expect_eq(je_task_update(db, "C", &m, &e), JE_ENOTFOUND);
    je_task_change none;
    je_task_change_init(&none);
    cr_expect_eq(je_task_update(db, "C", &none, &e), JE_EINVAL);
    cr_expect_eq(je_task_update(db, "NOPE", &c, &e), JE_ENOTFOUND);
    je_task_change ev;
    je_task_change_init(&ev);
    ev.evidence_kind = JE_EVIDENCE_INDICATOR;
    ev.indicator = "coal-units-retired";
    ev.scope = "440000";
    ev.target = 3;
    cr_expect_eq(je_task_update(db, "C", &ev, &e), JE_EINVAL);
    cr_expect(strstr(e.message, "scope '440000' is neither 500000 nor 510000"), "%s", e.message);
    ev.scope = NULL;
    cr_expect_eq(je_task_update(db, "C", &ev, &e), JE_OK, "%s", e.message);
    je_task *t = fx_task(db, "C");
    cr_expect_eq(t->status, JE_TASK_AT_RISK);
    cr_expect_eq(t->milestones[0].done_day, je_days_from_civil(2022, 7, 2));
    cr_assert_eq(t->n_evidence, 1);
    cr_expect_str_eq(t->evidence[0].indicator, "coal-units-retired");
    je_tasks_free(t, 1);
    je_db_close(db);
}
