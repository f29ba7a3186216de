/* CLI golden runs and behaviour: `jointenv` as a user runs it. Outputs are compared
 * with hand-worked golden files (tests/cli/golden/README.md) by the comparator. */
#include "jointenv/core.h"
#include "support/compare.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static char why[1024];

static void cleanup(void)
{
    t_cleanup();
}

static const char *golden(const char *name)
{
    static char p[768];
    snprintf(p, sizeof p, "%s/tests/cli/golden/%s", JE_SOURCE_DIR, name);
    return p;
}

/* A database with the cli_* fixtures loaded. */
static const char *fixture_db(void)
{
    static char db[768];
    snprintf(db, sizeof db, "%s", t_path("cli.db"));
    const char *files[][2] = {{"jurisdictions", "cli_jurisdictions.csv"},
                              {"sections", "cli_sections.csv"},
                              {"water-samples", "cli_samples.csv"}};
    for (int i = 0; i < 3; i++) {
        char *out, *err;
        const char *args[] = {"--db", db, "import", files[i][0], t_fixture(files[i][1]), NULL};
        int rc = t_run(&out, &err, args);
        cr_assert_eq(rc, 0, "import %s: exit %d: %s", files[i][1], rc, err);
        free(out);
        free(err);
    }
    return db;
}

TestSuite(cli, .fini = cleanup);

Test(cli, classify_matches_golden)
{
    char *out, *err;
    const char *args[] = {"water",    "classify", "--input", t_fixture("cli_classify.csv"),
                          "--format", "csv",      NULL};
    cr_assert_eq(t_run(&out, &err, args), 0, "stderr: %s", err);
    char *exp = t_read(golden("classify.csv"));
    cr_assert(t_csv_compare(exp, out, NULL, why, sizeof why), "%s", why);
    free(exp);
    free(out);
    free(err);
}

Test(cli, assess_every_level_matches_golden)
{
    const char *db = fixture_db();
    const char *levels[] = {"section", "river", "basin", "jurisdiction"};
    for (int i = 0; i < 4; i++) {
        char *out, *err, name[64];
        const char *args[] = {"--db",    db,        "water",    "assess", "--period", "2022",
                              "--level", levels[i], "--format", "csv",    NULL};
        cr_assert_eq(t_run(&out, &err, args), 0, "%s: %s", levels[i], err);
        snprintf(name, sizeof name, "assess_%s_2022.csv", levels[i]);
        char *exp = t_read(golden(name));
        cr_assert(
            t_csv_compare(exp, out, "share_I_III=abs:0.05,share_worse_v=abs:0.05", why, sizeof why),
            "%s: %s", levels[i], why);
        free(exp);
        free(out);
        free(err);
    }
}

Test(cli, assess_json_keeps_numbers_and_all_levels)
{
    const char *db = fixture_db();
    char *out, *err;
    const char *args[] = {"--db",    db,    "water",    "assess", "--period", "2022",
                          "--level", "all", "--format", "json",   NULL};
    cr_assert_eq(t_run(&out, &err, args), 0, "%s", err);
    json_error_t je;
    json_t *doc = json_loads(out, 0, &je);
    cr_assert_not_null(doc, "not JSON: %s", je.text);
    cr_assert_str_eq(json_string_value(json_object_get(doc, "period")), "2022");
    json_t *rivers = json_object_get(doc, "river");
    cr_assert_eq(json_array_size(rivers), 2);
    json_t *r1 = json_array_get(rivers, 0);
    cr_assert(json_is_integer(json_object_get(r1, "sections")));
    cr_assert_eq(json_integer_value(json_object_get(r1, "sections")), 5);
    cr_assert_str_eq(json_string_value(json_object_get(r1, "status")), "中度污染");
    cr_assert_eq(json_array_size(json_object_get(doc, "section")), 7);
    json_decref(doc);
    free(out);
    free(err);
}

Test(cli, assess_filters_and_quarter_period)
{
    const char *db = fixture_db();
    char *out, *err;
    const char *args[] = {"--db",     db,        "water",           "assess",
                          "--period", "2022-Q1", "--boundary-only", "--format",
                          "csv",      NULL};
    cr_assert_eq(t_run(&out, &err, args), 0, "%s", err);
    /* Q1 holds only the January samples: B2 NH3-N 1.4 → IV; A3 0.3 → II */
    cr_assert(strstr(out, "\nA3,") && strstr(out, "\nB2,"), "%s", out);
    cr_assert_null(strstr(out, "\nA1,"), "boundary-only leaked A1: %s", out);
    cr_assert(strstr(out, ",1,IV,III,no,") != NULL, "%s", out);
    free(out);
    free(err);
    const char *a2[] = {"--db",    db,         "water", "assess", "--river",
                        "B River", "--format", "csv",   NULL};
    cr_assert_eq(t_run(&out, &err, a2), 0, "%s", err);
    cr_assert(strstr(out, "\nB1,") && strstr(out, "\nB2,") && !strstr(out, "\nA1,"), "%s", out);
    free(out);
    free(err);
}

Test(cli, usage_errors_exit_2)
{
    const char *cases[][8] = {
        {"water", "assess", "--period", "2022-13", NULL},
        {"water", "assess", "--level", "planet", NULL},
        {"water", "classify", NULL},
        {"import", "sections", NULL},
        {"frobnicate", NULL},
        {"water", "nope", NULL},
        {"--format", "xml", "init", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out, *err;
        const char *args[10] = {"--db", t_path("u.db")};
        for (int k = 0; cases[i][k]; k++)
            args[2 + k] = cases[i][k];
        int rc = t_run(&out, &err, args);
        cr_assert_eq(rc, 2, "case %zu (%s %s): exit %d, stderr %s", i, cases[i][0],
                     cases[i][1] ? cases[i][1] : "", rc, err);
        cr_assert(err && strlen(err) > 0, "case %zu: no message", i);
        free(out);
        free(err);
    }
}

Test(cli, help_on_every_command)
{
    const char *cmds[][3] = {{"init"},
                             {"demo"},
                             {"import", "jurisdictions"},
                             {"import", "sections"},
                             {"import", "water-samples"},
                             {"import", "list"},
                             {"water", "classify"},
                             {"water", "assess"},
                             {"water", "samples"},
                             {"import"},
                             {"water"}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *out, *err;
        const char *args[4] = {cmds[i][0], cmds[i][1] ? cmds[i][1] : "--help",
                               cmds[i][1] ? "--help" : NULL, NULL};
        int rc = t_run(&out, &err, args);
        cr_assert_eq(rc, 0, "%s %s --help: exit %d", cmds[i][0], cmds[i][1] ? cmds[i][1] : "", rc);
        cr_assert(out && (strstr(out, "Usage") || strstr(out, "usage")), "%s: %s", cmds[i][0], out);
        free(out);
        free(err);
    }
}

Test(cli, bad_import_exits_3_lists_rows_and_leaves_db_unchanged)
{
    const char *db = fixture_db();
    char before[65], after[65];
    t_db_fingerprint(db, before);
    const char *bad = t_path("bad.csv");
    t_write(bad, "section,sampled_at,nh3n,tp\n"
                 "A1,2022-03-01T09:00,0.5,0.1\n"
                 "A1,2022-04-01T09:00,abc,0.1\n"
                 "ZZ,2022-04-01T09:00,0.5,0.1\n"
                 "A2,2022-04-01T09:00,0.5,-0.2\n");
    char *out, *err;
    const char *args[] = {"--db", db, "import", "water-samples", bad, NULL};
    cr_assert_eq(t_run(&out, &err, args), 3, "stderr: %s", err);
    cr_assert(strstr(err, "bad.csv:3:21:") != NULL, "%s", err);
    cr_assert(strstr(err, "bad.csv:4:1:") && strstr(err, "unknown section 'ZZ'"), "%s", err);
    cr_assert(strstr(err, "bad.csv:5:25:") && strstr(err, "negative"), "%s", err);
    cr_assert(strstr(err, "unchanged") != NULL, "%s", err);
    t_db_fingerprint(db, after);
    cr_assert_str_eq(before, after, "database changed by a rejected import");
    free(out);
    free(err);
}

Test(cli, demo_tells_the_designed_story)
{
    const char *db = t_path("demo.db");
    char *out, *err;
    const char *args[] = {"--db", db, "demo", NULL};
    cr_assert_eq(t_run(&out, &err, args), 0, "%s", err);
    free(out);
    free(err);
    char *story_text = t_read(JE_SOURCE_DIR "/data/demo/chengyu/expected_story.json");
    json_t *story = json_loads(story_text, 0, NULL);
    cr_assert_not_null(story);
    /* 2022 annual: the improving section improved, the worsening one got worse */
    const char *a22[] = {"--db", db,         "water", "assess", "--period",
                         "2022", "--format", "csv",   NULL};
    cr_assert_eq(t_run(&out, &err, a22), 0, "%s", err);
    char needle[128];
    snprintf(needle, sizeof needle, "\n%s,", json_string_value(json_object_get(story, "improves")));
    char *line = strstr(out, needle);
    cr_assert_not_null(line, "%s missing", needle);
    cr_assert(strstr(line, ",improved,") && strstr(line, ",improved,") < strchr(line + 1, '\n'),
              "improving section: %.200s", line);
    snprintf(needle, sizeof needle, "\n%s,", json_string_value(json_object_get(story, "worsens")));
    line = strstr(out, needle);
    cr_assert_not_null(line);
    cr_assert(strstr(line, ",worse,") && strstr(line, ",worse,") < strchr(line + 1, '\n'),
              "worsening section: %.200s", line);
    free(out);
    free(err);
    /* 2022-Q1: the dry-season sections fail their target */
    const char *q1[] = {"--db",    db,         "water", "assess", "--period",
                        "2022-Q1", "--format", "csv",   NULL};
    cr_assert_eq(t_run(&out, &err, q1), 0, "%s", err);
    json_t *fails = json_object_get(story, "fail_dry_season");
    cr_assert_geq(json_array_size(fails), 1);
    for (size_t i = 0; i < json_array_size(fails); i++) {
        snprintf(needle, sizeof needle, "\n%s,", json_string_value(json_array_get(fails, i)));
        line = strstr(out, needle);
        cr_assert_not_null(line, "%s", needle);
        char *eol = strchr(line + 1, '\n');
        char *no = strstr(line, ",no,");
        cr_assert(no && (!eol || no < eol), "dry-season section should fail: %.200s", line);
    }
    free(out);
    free(err);
    json_decref(story);
    free(story_text);
}

/* The bad-input list, through the CLI as a user meets it: exit status 3, the
 * file:line:column of the problem in the message, and the database unchanged. */
typedef struct bad_case {
    const char *name;
    const char *text;  /* file content (bytes) */
    size_t len;        /* 0: strlen(text) */
    const char *where; /* expected ":line:column:" (or ":line:" for file-level) */
    const char *why;   /* expected substring of the reason */
} bad_case;

Test(cli, bad_input_matrix_exit_3_location_and_unchanged_db)
{
    static const char nonutf8[] =
        "section,sampled_at,nh3n\nA1,2022-03-01,0.5\nA\xff,2022-03-02,0.5\n";
    const bad_case cases[] = {
        {"non-numeric", "section,sampled_at,nh3n\nA1,2022-03-01,0.5x\n", 0,
         ":2:15:", "not a number"},
        {"negative", "section,sampled_at,nh3n,tp\nA1,2022-03-01,0.5,-0.1\n", 0,
         ":2:19:", "negative"},
        {"unknown item (wide)", "section,sampled_at,nh3n,zinc\nA1,2022-03-01,0.5,1\n", 0,
         ":1:25:", "unknown column 'zinc'"},
        {"unknown item (long)", "section,sampled_at,item,value\nA1,2022-03-01,zinc,1\n", 0,
         ":2:15:", "unknown item 'zinc'"},
        {"unknown unit", "section,sampled_at,item,value,unit\nA1,2022-03-01,nh3n,1,mg/m3\n", 0,
         ":2:22:", "unknown unit 'mg/m3'"},
        {"unknown section", "section,sampled_at,nh3n\nZZ9,2022-03-01,0.5\n", 0,
         ":2:1:", "unknown section 'ZZ9'"},
        {"duplicate row", "section,sampled_at,nh3n\nA1,2022-03-01,0.5\nA1,2022-03-01,0.6\n", 0,
         ":3:15:", "appears twice in this file"},
        {"already stored", "section,sampled_at,nh3n\nA1,2022-01-15T09:00,0.5\n", 0,
         ":2:21:", "use --replace"},
        {"truncated quoted field", "section,sampled_at,nh3n\nA1,2022-03-01,\"0.5\n", 0,
         ":2:15:", "unterminated quoted field"},
        {"empty file (header only, no rows)", "section,sampled_at,nh3n\n", 0,
         ":2:1:", "no data rows"},
        {"0-byte file", "", 0, ":1:1:", "empty file"},
        {"non-UTF-8 bytes", nonutf8, sizeof nonutf8 - 1, ":3:2:", "invalid UTF-8"},
        {"impossible date", "section,sampled_at,nh3n\nA1,2022-02-30,0.5\n", 0,
         ":2:4:", "no such day"},
    };
    const char *db = fixture_db();
    char before[65], after[65];
    t_db_fingerprint(db, before);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad_case *c = &cases[i];
        const char *f = t_path("bad_input.csv");
        t_write_bytes(f, c->text, c->len ? c->len : strlen(c->text));
        char *out, *err;
        const char *args[] = {"--db", db, "import", "water-samples", f, NULL};
        int rc = t_run(&out, &err, args);
        cr_expect_eq(rc, 3, "%s: exit %d, stderr: %s", c->name, rc, err);
        char where[64];
        snprintf(where, sizeof where, "bad_input.csv%s", c->where);
        cr_expect(err && strstr(err, where), "%s: expected '%s' in: %s", c->name, where, err);
        cr_expect(err && strstr(err, c->why), "%s: expected '%s' in: %s", c->name, c->why, err);
        t_db_fingerprint(db, after);
        cr_expect_str_eq(before, after, "%s: the database changed", c->name);
        free(out);
        free(err);
    }
}

/* `water samples` writes what `import water-samples` reads: exporting, importing into
 * an empty database and exporting again gives the same bytes — values, times,
 * detection-limit notation and invalid flags included. */
Test(cli, samples_export_imports_back_unchanged)
{
    const char *db = fixture_db();
    const char *extra = t_path("extra.csv");
    t_write(extra, "section,sampled_at,hg,cd,cd_flag,tp\n"
                   "A1,2022-08-01T10:30+08:00,0.00004L,0.0031,X,0.123456\n"
                   "B2,2022-08-02,<0.00001,0.0005,,0.02\n");
    char *out, *err;
    const char *imp[] = {"--db", db, "import", "water-samples", extra, NULL};
    cr_assert_eq(t_run(&out, &err, imp), 0, "%s", err);
    free(out);
    free(err);
    const char *exp1[] = {"--db", db, "water", "samples", "--format", "csv", NULL};
    char *first;
    cr_assert_eq(t_run(&first, &err, exp1), 0, "%s", err);
    free(err);
    cr_assert(strstr(first, "0.00004L") && strstr(first, "0.00001L") && strstr(first, ",X"), "%s",
              first);
    cr_assert(strstr(first, "A1,2022-08-01T10:30:00+08:00,"), "%s", first);
    const char *dump = t_path("dump.csv");
    t_write(dump, first);

    static char db2[768];
    snprintf(db2, sizeof db2, "%s", t_path("copy.db"));
    const char *steps[][5] = {{"import", "jurisdictions", t_fixture("cli_jurisdictions.csv")},
                              {"import", "sections", t_fixture("cli_sections.csv")},
                              {"import", "water-samples", dump}};
    for (int i = 0; i < 3; i++) {
        const char *a[] = {"--db", db2, steps[i][0], steps[i][1], steps[i][2], NULL};
        cr_assert_eq(t_run(&out, &err, a), 0, "%s: %s", steps[i][1], err);
        free(out);
        free(err);
    }
    const char *exp2[] = {"--db", db2, "water", "samples", "--format", "csv", NULL};
    char *second;
    cr_assert_eq(t_run(&second, &err, exp2), 0, "%s", err);
    cr_assert_str_eq(first, second);
    /* a period filter keeps only its samples */
    free(second);
    free(err);
    const char *q[] = {"--db",    db2,        "water", "samples", "--period",
                       "2022-08", "--format", "csv",   NULL};
    cr_assert_eq(t_run(&second, &err, q), 0, "%s", err);
    int lines = 0;
    for (const char *p = second; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 3, "header + 2 August samples, got:\n%s", second);
    free(first);
    free(second);
    free(err);
}

/* `import list` shows each accepted file with the SHA-256 of its bytes; a rejected
 * file leaves no batch. */
Test(cli, import_list_shows_accepted_files_with_their_hash)
{
    const char *db = fixture_db();
    const char *bad = t_path("rejected.csv");
    t_write(bad, "section,sampled_at,nh3n\nNOPE,2022-01-01,0.1\n");
    char *out, *err;
    const char *imp[] = {"--db", db, "import", "water-samples", bad, NULL};
    cr_assert_eq(t_run(&out, &err, imp), 3);
    free(out);
    free(err);
    const char *args[] = {"--db", db, "import", "list", "--format", "csv", NULL};
    cr_assert_eq(t_run(&out, &err, args), 0, "%s", err);
    int lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 4, "header + 3 accepted imports:\n%s", out);
    cr_assert_null(strstr(out, "rejected.csv"), "%s", out);
    char hex[65];
    je_error e;
    cr_assert_eq(je_sha256_file(t_fixture("cli_samples.csv"), hex, &e), JE_OK);
    char *first = strchr(out, '\n');
    cr_assert(first && strncmp(first + 1, "3,", 2) == 0, "newest first (batch 3):\n%s", out);
    char *row = strstr(out, "water-samples,");
    cr_assert_not_null(row, "%s", out);
    cr_assert(strstr(row, hex) != NULL, "sha256 %s not on the water-samples row:\n%s", hex, out);
    cr_assert(strstr(row, ",20,20,0,no,") != NULL, "%s", row);
    free(out);
    free(err);
}
