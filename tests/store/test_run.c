/* Runs (jointenv/run.h): every run recorded has its audit entry, in the same
 * transaction, naming the engine and the hashes that identify the result, and the
 * chain still verifies. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/governance.h"
#include "jointenv/run.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(run, .fini = cleanup);

Test(run, each_run_has_its_audit_entry)
{
    const char *path = t_path("runs.db");
    je_db *db = t_open_db(path);
    je_error err;
    static const char *const engines[2] = {"stagger", "zero-waste"};
    int64_t ids[2];
    for (int i = 0; i < 2; i++) {
        je_run_new r = {.engine = engines[i],
                        .ruleset_sha256 = i ? NULL : "ab12",
                        .input_sha256 = "in-hash",
                        .output_sha256 = i ? "out-b" : "out-a",
                        .params = "{}",
                        .inputs = "[]",
                        .output = "{}"};
        cr_assert_eq(je_run_record(db, &r, &ids[i], &err), JE_OK, "%s", err.message);
    }
    cr_assert_neq(ids[0], ids[1]);
    je_audit_entry *e = NULL;
    size_t n = 0;
    cr_assert_eq(je_audit_entries(db, "run", NULL, 1, &e, &n, &err), JE_OK, "%s", err.message);
    cr_assert_eq(n, 2, "%zu run entries", n);
    for (size_t i = 0; i < n; i++) {
        char key[32];
        snprintf(key, sizeof key, "%lld", (long long)ids[i]);
        cr_expect_str_eq(e[i].record_key, key);
        cr_expect_str_eq(e[i].action, "insert");
        cr_assert_not_null(e[i].after);
        cr_expect(strstr(e[i].after, engines[i]) != NULL, "%s", e[i].after);
        cr_expect(strstr(e[i].after, i ? "out-b" : "out-a") != NULL, "%s", e[i].after);
        cr_expect(strstr(e[i].after, "in-hash") != NULL, "%s", e[i].after);
    }
    cr_expect(strstr(e[0].after, "\"rules_sha256\":\"ab12\"") != NULL, "%s", e[0].after);
    cr_expect(strstr(e[1].after, "\"rules_sha256\":null") != NULL, "no rule set: %s", e[1].after);
    je_audit_entries_free(e, n);
    je_audit_report rep;
    cr_assert_eq(je_audit_verify(db, &rep, &err), JE_OK, "%s", err.message);
    cr_expect(rep.ok, "%s", rep.problem);
    /* a malformed run is refused and leaves neither a run nor an entry */
    je_run_new bad = {.engine = "stagger", .input_sha256 = NULL, .params = "{}"};
    cr_expect_eq(je_run_record(db, &bad, NULL, &err), JE_EINVAL);
    je_db_close(db);
    cr_expect_eq(t_db_int(path, "SELECT count(*) FROM run"), 2);
    cr_expect_eq(t_db_int(path, "SELECT count(*) FROM audit_log WHERE tbl = 'run'"), 2);
}
