/* Passwords and API tokens: Argon2id hashes that verify only the right password, one
 * message for a wrong user or password, tokens that work until they expire or are
 * revoked, are stored only as hashes, and remember their last use; every change of a
 * user, role or token is in the audit log. */
#define _GNU_SOURCE /* memmem */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/governance.h"
#include "jointenv/store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(identity, .fini = cleanup);

Test(identity, password_hash_is_argon2id_and_checks_only_the_right_password)
{
    char h[JE_GOV_PWHASH_MAX];
    je_error err;
    cr_assert_eq(je_gov_password_hash("correct horse", h, &err), JE_OK, "%s", err.message);
    cr_expect(strncmp(h, "$argon2id$", 10) == 0, "%s", h);
    cr_expect(je_gov_password_check(h, "correct horse"));
    cr_expect(!je_gov_password_check(h, "correct hors"));
    cr_expect(!je_gov_password_check(h, ""));
    char h2[JE_GOV_PWHASH_MAX];
    cr_assert_eq(je_gov_password_hash("correct horse", h2, &err), JE_OK);
    cr_expect_str_neq(h, h2, "salted: two hashes of one password differ");
    cr_expect_eq(je_gov_password_hash("", h, &err), JE_EINVAL);
}

static je_db *db_with_li(void)
{
    je_db *db = t_open_db(t_path("i.db"));
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    je_error err;
    cr_assert_eq(je_gov_user_add(db, "li", "Li Wei", "s3cret-pw", &err), JE_OK, "%s", err.message);
    cr_assert_eq(je_gov_role_grant(db, "li", "510000", JE_ROLE_ANALYST, &err), JE_OK);
    return db;
}

Test(identity, password_login_right_wrong_and_unknown_user)
{
    je_db *db = db_with_li();
    je_error err;
    cr_expect_eq(je_gov_login_password(db, "li", "s3cret-pw", &err), JE_OK, "%s", err.message);
    const je_gov_actor *me = je_gov_whoami(db);
    cr_expect_str_eq(me->user, "li");
    cr_expect_eq(me->local_admin, 0);
    cr_assert_eq(me->n_grants, 1);
    cr_expect_str_eq(me->grants[0].jurisdiction, "510000");
    cr_expect_eq(me->grants[0].role, JE_ROLE_ANALYST);

    cr_expect_eq(je_gov_login_password(db, "li", "wrong", &err), JE_EPERM);
    cr_expect_str_eq(err.message, "wrong user name or password for 'li'");
    cr_expect_str_eq(je_gov_whoami(db)->user, "", "a failed login leaves nobody logged in");
    cr_expect_eq(je_gov_login_password(db, "nobody", "s3cret-pw", &err), JE_EPERM);
    cr_expect_str_eq(err.message, "wrong user name or password for 'nobody'");
    /* a token-only user has no password to log in with */
    je_gov_act_local_admin(db);
    cr_assert_eq(je_gov_user_add(db, "bot", NULL, NULL, &err), JE_OK);
    cr_expect_eq(je_gov_login_password(db, "bot", "", &err), JE_EPERM);
    /* changing the password: the old one stops working */
    cr_assert_eq(je_gov_login_password(db, "li", "s3cret-pw", &err), JE_OK);
    cr_expect_eq(je_gov_user_passwd(db, "li", "n3w-pw", &err), JE_OK, "%s", err.message);
    cr_expect_eq(je_gov_login_password(db, "li", "s3cret-pw", &err), JE_EPERM);
    cr_expect_eq(je_gov_login_password(db, "li", "n3w-pw", &err), JE_OK);
    /* li may not change bot's password (li is not an admin) */
    cr_expect_eq(je_gov_user_passwd(db, "bot", "x", &err), JE_EPERM);
    je_db_close(db);
    /* the hash, never the password, is stored */
    cr_expect_eq(t_db_int(t_path("i.db"), "SELECT count(*) FROM app_user WHERE pw_hash LIKE "
                                          "'$argon2id$%' AND name = 'li'"),
                 1);
    cr_expect_eq(t_db_int(t_path("i.db"), "SELECT count(*) FROM audit_log WHERE after LIKE "
                                          "'%argon2%' OR after LIKE '%n3w-pw%'"),
                 0, "the audit log holds no password hash");
}

Test(identity, tokens_work_until_revoked_or_expired)
{
    je_db *db = db_with_li();
    je_error err;
    char tok[JE_GOV_TOKEN_CHARS], old[JE_GOV_TOKEN_CHARS];
    int64_t id = 0, id_old = 0;
    cr_assert_eq(je_gov_token_create(db, "li", "ci", 0, tok, &id, &err), JE_OK, "%s", err.message);
    cr_expect_eq(strlen(tok), 47);
    cr_expect(strncmp(tok, "jet_", 4) == 0);
    cr_assert_eq(je_gov_token_create(db, "li", "old", (int64_t)time(NULL) - 10, old, &id_old, &err),
                 JE_OK);
    cr_expect_eq(je_gov_login_token(db, tok, &err), JE_OK, "%s", err.message);
    cr_expect_str_eq(je_gov_whoami(db)->user, "li");
    cr_expect_eq(je_gov_whoami(db)->token_id, id);
    /* wrong: a changed character; malformed; expired */
    char wrong[JE_GOV_TOKEN_CHARS];
    memcpy(wrong, tok, sizeof wrong);
    wrong[10] = wrong[10] == 'A' ? 'B' : 'A';
    cr_expect_eq(je_gov_login_token(db, wrong, &err), JE_EPERM);
    cr_expect(strstr(err.message, "unknown API token") != NULL, "%s", err.message);
    cr_expect_eq(je_gov_login_token(db, "hello", &err), JE_EPERM);
    cr_expect(strstr(err.message, "not a jointenv API token") != NULL, "%s", err.message);
    cr_expect_eq(je_gov_login_token(db, old, &err), JE_EPERM);
    cr_expect(strstr(err.message, "has expired") != NULL, "%s", err.message);
    /* revoked by its user */
    cr_assert_eq(je_gov_login_token(db, tok, &err), JE_OK);
    cr_expect_eq(je_gov_token_revoke(db, id, &err), JE_OK, "%s", err.message);
    cr_expect_eq(je_gov_login_token(db, tok, &err), JE_EPERM);
    cr_expect(strstr(err.message, "was revoked") != NULL, "%s", err.message);
    je_gov_act_local_admin(db);
    cr_expect_eq(je_gov_token_revoke(db, 999, &err), JE_ENOTFOUND);
    je_gov_token *list;
    size_t n;
    cr_assert_eq(je_gov_tokens(db, NULL, &list, &n, &err), JE_OK);
    cr_assert_eq(n, 2);
    cr_expect_neq(list[0].last_used_at, 0, "last use is recorded");
    cr_expect_neq(list[0].revoked_at, 0);
    cr_expect_eq(list[1].last_used_at, 0, "an expired token was never used");
    free(list);
    je_db_close(db);
    /* only the hash is stored: the token's text appears nowhere in the file */
    FILE *fp = fopen(t_path("i.db"), "rb");
    cr_assert(fp != NULL);
    static char bytes[1 << 22];
    size_t len = fread(bytes, 1, sizeof bytes, fp);
    fclose(fp);
    cr_assert_gt(len, 0);
    cr_expect(memmem(bytes, len, tok + 4, strlen(tok + 4)) == NULL);
    cr_expect_eq(t_db_int(t_path("i.db"), "SELECT count(*) FROM api_token WHERE "
                                          "length(secret_hash) = 32"),
                 2);
}

Test(identity, others_cannot_see_or_revoke_my_tokens)
{
    je_db *db = db_with_li();
    je_error err;
    cr_assert_eq(je_gov_user_add(db, "wang", NULL, "pw-wang", &err), JE_OK);
    char t_li[JE_GOV_TOKEN_CHARS], t_wang[JE_GOV_TOKEN_CHARS];
    int64_t id_li;
    cr_assert_eq(je_gov_token_create(db, "li", "a", 0, t_li, &id_li, &err), JE_OK);
    cr_assert_eq(je_gov_token_create(db, "wang", "b", 0, t_wang, NULL, &err), JE_OK);
    cr_assert_eq(je_gov_login_token(db, t_wang, &err), JE_OK);
    cr_expect_eq(je_gov_token_revoke(db, id_li, &err), JE_EPERM);
    cr_expect(strstr(err.message, "may not revoke token") != NULL, "%s", err.message);
    je_gov_token *list;
    size_t n;
    cr_assert_eq(je_gov_tokens(db, NULL, &list, &n, &err), JE_OK);
    cr_expect_eq(n, 1);
    cr_expect_str_eq(list[0].user, "wang");
    free(list);
    je_db_close(db);
}

Test(identity, user_role_and_token_changes_are_audited_per_record)
{
    je_db *db = db_with_li();
    je_error err;
    cr_assert_eq(je_gov_role_revoke(db, "li", "510000", JE_ROLE_ANALYST, &err), JE_OK);
    je_audit_entry *e;
    size_t n;
    cr_assert_eq(je_audit_entries(db, "user_role", "li analyst 510000", 1, &e, &n, &err), JE_OK);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(e[0].action, "insert");
    cr_expect_str_eq(e[0].jurisdiction, "510000");
    cr_expect(e[0].before == NULL && e[0].after && strstr(e[0].after, "\"role\":\"analyst\""));
    cr_expect_str_eq(e[1].action, "delete");
    cr_expect(e[1].after == NULL && e[1].before != NULL);
    je_audit_entries_free(e, n);
    cr_assert_eq(je_audit_entries(db, "app_user", "li", 1, &e, &n, &err), JE_OK);
    cr_expect_eq(n, 1);
    cr_expect(strstr(e[0].after, "\"has_password\":1") != NULL, "%s", e[0].after);
    je_audit_entries_free(e, n);
    je_db_close(db);
}
