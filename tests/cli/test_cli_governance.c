/* CLI runs of users, tokens and the audit log as an operator and a CI job meet them:
 * the local administrator sets up a user with a role and a token; the token acts
 * non-interactively and is refused the other side's records with the reason; a wrong
 * password, a wrong or revoked token are refused; audit log/verify/keygen/export/
 * verify-bundle, with tampering found; --help for every command. */
#include "support/support.h"

#include "jointenv/governance.h"
#include "jointenv/store.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_governance, .init = NULL, .fini = cleanup);

static char *out_, *err_;

/* Run jointenv --db <tmp>/g.db ARGS... (NULL-terminated); returns the exit code;
 * output in out_/err_. */
static int run(const char *const *a)
{
    free(out_);
    free(err_);
    out_ = err_ = NULL;
    static char db[1024];
    snprintf(db, sizeof db, "%s", t_path("g.db"));
    const char *args[24] = {"--db", db};
    size_t n = 2;
    while (*a && n < 23)
        args[n++] = *a++;
    args[n] = NULL;
    return t_run(&out_, &err_, args);
}
#define J(...) run((const char *const[]){__VA_ARGS__, NULL})

static void has(const char *text, const char *what)
{
    cr_expect(text && strstr(text, what) != NULL, "output lacks '%s':\n%s", what,
              text ? text : "(none)");
}

/* The local admin's database with both jurisdictions and the small sections, and a
 * user li (analyst in Chongqing) with a token; returns the token (static). */
static const char *setup(void)
{
    unsetenv("JOINTENV_TOKEN");
    unsetenv("JOINTENV_USER");
    unsetenv("JOINTENV_PASSWORD");
    cr_assert_eq(J("import", "jurisdictions", t_fixture("jurisdictions.csv")), 0, "%s", err_);
    cr_assert_eq(J("import", "sections", t_fixture("sections_small.csv")), 0, "%s", err_);
    cr_assert_eq(J("user", "add", "li", "--display", "Li Wei", "--no-password"), 0, "%s", err_);
    has(out_, "user li added");
    cr_assert_eq(J("user", "grant", "li", "--jurisdiction", "500000", "--role", "analyst"), 0, "%s",
                 err_);
    cr_assert_eq(J("token", "create", "--for", "li", "--label", "ci"), 0, "%s", err_);
    static char tok[64];
    snprintf(tok, sizeof tok, "%s", out_);
    tok[strcspn(tok, "\n")] = '\0';
    cr_assert(strncmp(tok, "jet_", 4) == 0, "token '%s'", tok);
    has(err_, "shown only now");
    return tok;
}

Test(cli_governance, a_token_acts_without_prompts_and_only_on_its_own_side, .timeout = 120)
{
    const char *tok = setup();
    setenv("JOINTENV_TOKEN", tok, 1);
    cr_expect_eq(J("import", "sections", "--replace", t_fixture("sections_small.csv")), 1);
    has(err_, "user 'li' (analyst 500000) may not write section JL01 owned by 510000; ask a "
              "510000 analyst or admin");
    cr_expect_eq(J("user", "list", "--format", "csv"), 0, "%s", err_);
    has(out_, "li,Li Wei,no,analyst 500000,");
    /* li may not grant roles */
    cr_expect_eq(J("user", "grant", "li", "--jurisdiction", "510000", "--role", "admin"), 1);
    has(err_, "may not administer the roles of 510000");
    /* a token for someone else: --user must match */
    setenv("JOINTENV_USER", "someone", 1);
    cr_expect_eq(J("user", "list"), 1);
    has(err_, "belongs to 'li', not 'someone'");
    unsetenv("JOINTENV_USER");
    /* wrong token */
    setenv("JOINTENV_TOKEN", "jet_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1);
    cr_expect_eq(J("user", "list"), 1);
    has(err_, "unknown API token");
    /* revoked */
    unsetenv("JOINTENV_TOKEN");
    cr_expect_eq(J("token", "list", "--format", "csv"), 0);
    has(out_, "1,li,ci,");
    cr_expect_eq(J("token", "revoke", "1"), 0, "%s", err_);
    setenv("JOINTENV_TOKEN", tok, 1);
    cr_expect_eq(J("user", "list"), 1);
    has(err_, "API token 1 of 'li' was revoked");
    unsetenv("JOINTENV_TOKEN");
}

Test(cli_governance, password_login_from_the_environment, .timeout = 120)
{
    setup();
    je_db *db;
    je_error e;
    cr_assert_eq(je_db_open(t_path("g.db"), &db, &e), JE_OK);
    cr_assert_eq(je_gov_user_passwd(db, "li", "pw-of-li", &e), JE_OK, "%s", e.message);
    je_db_close(db);
    setenv("JOINTENV_PASSWORD", "wrong", 1);
    cr_expect_eq(J("--user", "li", "user", "list"), 1);
    has(err_, "wrong user name or password for 'li'");
    setenv("JOINTENV_PASSWORD", "pw-of-li", 1);
    cr_expect_eq(J("--user", "li", "user", "list", "--format", "csv"), 0, "%s", err_);
    setenv("JOINTENV_USER", "li", 1);
    cr_expect_eq(J("audit", "log", "--table", "section", "--key", "JL03", "--format", "csv"), 0,
                 "%s", err_);
    has(out_, ",local-admin,500000,section,JL03,insert,");
    unsetenv("JOINTENV_USER");
    unsetenv("JOINTENV_PASSWORD");
}

Test(cli_governance, audit_verify_keygen_export_and_verify_bundle, .timeout = 120)
{
    setup();
    cr_expect_eq(J("audit", "verify"), 0, "%s", err_);
    has(out_, "audit log intact");
    const char *dir = t_tmpdir();
    cr_assert_eq(J("audit", "keygen", "--jurisdiction", "510000", "--out-dir", dir), 0, "%s", err_);
    char key[1024], pub[1024], bundle[1024];
    snprintf(key, sizeof key, "%s/510000.key", dir);
    snprintf(pub, sizeof pub, "%s/510000.pub", dir);
    snprintf(bundle, sizeof bundle, "%s/bundle.jsonl", dir);
    cr_assert_eq(J("audit", "export", "--from", "1", "--key", key, "--out", bundle), 0, "%s", err_);
    cr_expect_eq(J("audit", "verify-bundle", bundle, "--pubkey", pub), 0, "%s", err_);
    has(out_, "valid bundle signed by 510000");
    /* one flipped byte */
    char *text = t_read(bundle);
    cr_assert(text != NULL);
    char *p = strstr(text, "JL02");
    cr_assert(p != NULL);
    p[3] = '9';
    t_write(bundle, text);
    free(text);
    cr_expect_eq(J("audit", "verify-bundle", bundle, "--pubkey", pub), 3);
    has(err_, "INVALID: bad signature");
    /* tampering in the database */
    sqlite3 *s;
    cr_assert_eq(sqlite3_open(t_path("g.db"), &s), SQLITE_OK);
    cr_assert_eq(
        sqlite3_exec(s, "UPDATE audit_log SET actor = 'x' WHERE seq = 4", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(s);
    cr_expect_eq(J("audit", "verify"), 1);
    has(err_, "BROKEN: audit entry 4 was altered");
}

Test(cli_governance, help_for_every_command)
{
    static const char *const cmds[][2] = {
        {"user", "add"},     {"user", "list"},    {"user", "grant"},   {"user", "revoke"},
        {"user", "passwd"},  {"token", "create"}, {"token", "list"},   {"token", "revoke"},
        {"audit", "log"},    {"audit", "verify"}, {"audit", "export"}, {"audit", "verify-bundle"},
        {"audit", "keygen"},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        cr_expect_eq(J(cmds[i][0], cmds[i][1], "--help"), 0, "%s %s", cmds[i][0], cmds[i][1]);
        has(out_, "Usage: jointenv ");
    }
    cr_expect_eq(J("--help"), 0);
    has(out_, "--user NAME");
    cr_expect_eq(J("user", "grant", "li"), 2);
    has(err_, "--jurisdiction and --role are required");
}
