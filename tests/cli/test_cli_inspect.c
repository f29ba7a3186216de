/* The inspection commands as a user runs them: --help everywhere, the draw printed
 * only as recorded and the same from the same seed on another database, exit codes
 * (usage 2, refused move 1, bad file 3 with path:line:column), and a case's life. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_inspect, .fini = cleanup);

static const char *demo(const char *f)
{
    static char buf[8][1024];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/data/demo/chengyu/%s", JE_SOURCE_DIR, f);
    return buf[k];
}

/* t_run, freeing what the caller does not want (out or err NULL). */
static int run(char **out, char **err, const char *const *args)
{
    char *o = NULL, *e = NULL;
    int rc = t_run(&o, &e, args);
    if (out == NULL)
        free(o);
    else
        *out = o;
    if (err == NULL)
        free(e);
    else
        *err = e;
    return rc;
}

static const char *loaded_db(const char *name)
{
    static char db[2][768];
    static int k;
    k = (k + 1) % 2;
    snprintf(db[k], sizeof db[k], "%s", t_path(name));
    static const char *const steps[][2] = {{"jurisdictions", "jurisdictions.csv"},
                                           {"river-nodes", "river_nodes.csv"},
                                           {"reaches", "river_reaches.csv"},
                                           {"outfalls", "outfalls.csv"},
                                           {"inspectors", "inspectors.csv"}};
    for (size_t i = 0; i < 5; i++) {
        char *e;
        const char *args[] = {"--db", db[k], "import", steps[i][0], demo(steps[i][1]), NULL};
        int rc = run(NULL, &e, args);
        cr_assert_eq(rc, 0, "import %s: %d: %s", steps[i][0], rc, e);
        free(e);
    }
    return db[k];
}

Test(cli_inspect, every_command_has_help)
{
    static const char *const cmds[][2] = {
        {"import", "outfalls"}, {"import", "inspectors"}, {"outfall", "list"},  {"outfall", "show"},
        {"inspector", "list"},  {"inspect", "draw"},      {"inspect", "draws"}, {"inspect", "show"},
        {"inspect", "close"},   {"inspect", "record"},    {"cases", "list"},    {"cases", "show"},
        {"cases", "update"},    {"patrol", "plan"},       {"patrol", "log"},    {"patrol", "list"},
        {"patrol", "show"}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *out;
        const char *args[] = {cmds[i][0], cmds[i][1], "--help", NULL};
        cr_expect_eq(run(&out, NULL, args), 0, "%s %s --help", cmds[i][0], cmds[i][1]);
        cr_expect(out && strlen(out) > 60, "%s %s --help printed too little", cmds[i][0],
                  cmds[i][1]);
        free(out);
    }
}

Test(cli_inspect, draw_is_reproducible_from_the_seed_and_shown_as_recorded)
{
    const char *a = loaded_db("a.db");
    char *out1, *err1, *out2, *err2, *shown;
    const char *d1[] = {"--db",    a,    "--format", "csv",        "inspect", "draw",
                        "--count", "12", "--date",   "2023-05-10", "--seed",  "2023-05 joint",
                        NULL};
    cr_assert_eq(t_run(&out1, &err1, d1), 0, "%s", err1);
    cr_expect(strstr(err1, "list hash (BLAKE2b-256): ") != NULL, "%s", err1);
    cr_expect(strstr(err1, "open (not public until closed)") != NULL, "%s", err1);
    /* 12 rows and a header */
    int lines = 0;
    for (const char *p = out1; *p; p++)
        lines += *p == '\n';
    cr_expect_eq(lines, 13, "%s", out1);
    const char *show[] = {"--db", a, "--format", "csv", "inspect", "show", "1", NULL};
    cr_assert_eq(run(&shown, NULL, show), 0);
    cr_expect_str_eq(shown, out1, "what was printed is what was recorded");
    /* another database with the same registry, the same seed: the same list */
    const char *b = loaded_db("b.db");
    d1[1] = b;
    cr_assert_eq(t_run(&out2, &err2, d1), 0, "%s", err2);
    cr_expect_str_eq(out2, out1);
    cr_expect(strstr(err1, "list hash") && strstr(err2, "list hash") &&
                  strncmp(strstr(err1, "list hash"), strstr(err2, "list hash"), 90) == 0,
              "hashes differ:\n%s\n%s", err1, err2);
    free(out1);
    free(err1);
    free(out2);
    free(err2);
    free(shown);
}

Test(cli_inspect, exit_codes_and_a_case_life)
{
    const char *db = loaded_db("c.db");
    char *out, *err;
    const char *bad_opt[] = {"--db", db, "inspect", "draw", "--count", "3", "--bogus", NULL};
    cr_expect_eq(run(NULL, &err, bad_opt), 2);
    cr_expect(strstr(err, "unknown option '--bogus'") != NULL, "%s", err);
    free(err);
    const char *no_date[] = {"--db", db, "inspect", "draw", "--count", "3", NULL};
    cr_expect_eq(run(NULL, NULL, no_date), 2);
    const char *bad = t_path("bad.csv");
    t_write(bad, "code,name_zh,name_en,type,jurisdiction,district,enterprise,town,river,reach,"
                 "lon,lat,permit,risk\n"
                 "N-1,x,x,industrial,510000,510502,E,,R01,YZ-02,105.5,28.9,,101\n");
    const char *imp[] = {"--db", db, "import", "outfalls", bad, NULL};
    cr_expect_eq(run(NULL, &err, imp), 3);
    char want[1024];
    snprintf(want, sizeof want, "%s:2:59: invalid risk '101'", bad);
    cr_expect(strstr(err, want) != NULL, "'%s' lacks '%s'", err, want);
    free(err);
    const char *rec[] = {"--db",           db,           "inspect",    "record", "CQ-OF-001",
                         "--date",         "2023-05-10", "--side",     "510000", "--finding",
                         "sheen on water", "--deadline", "2023-06-10", NULL};
    cr_assert_eq(run(&out, &err, rec), 0, "%s", err);
    cr_expect(strstr(out, "case 1 opened, owned by 500000 (cross-border hand-off)") != NULL, "%s",
              out);
    free(out);
    free(err);
    const char *skip[] = {"--db", db, "cases", "update", "1", "--to", "closed", NULL};
    cr_expect_eq(run(NULL, &err, skip), 1);
    cr_expect(strstr(err, "case 1 is open: it cannot move to closed (next: rectifying)") != NULL,
              "%s", err);
    free(err);
    const char *list[] = {"--db", db,          "--format", "json",       "cases",
                          "list", "--overdue", "--as-of",  "2023-08-01", NULL};
    cr_assert_eq(run(&out, NULL, list), 0);
    json_t *j = json_loads(out, 0, NULL);
    cr_assert(json_is_array(j) && json_array_size(j) == 1, "%s", out);
    json_t *k = json_array_get(j, 0);
    cr_expect_eq(json_number_value(json_object_get(k, "days_overdue")), 52);
    cr_expect_eq(json_number_value(json_object_get(k, "escalation")), 2);
    json_decref(j);
    free(out);
}
