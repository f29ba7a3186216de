/* store_support.c — see store_support.h. */
#include "support/store_support.h"

#include "support/support.h"

#include <criterion/criterion.h>
#include <string.h>

je_db *t_open_db(const char *path)
{
    je_db *db = NULL;
    je_error e;
    je_error_clear(&e);
    je_status st = je_db_open(path, &db, &e);
    cr_assert_eq(st, JE_OK, "je_db_open(%s): %s: %s", path, je_status_name(st), e.message);
    cr_assert_not_null(db);
    return db;
}

void t_import_ok(je_db *db, t_import_fn fn, const char *file, const je_import_opts *o,
                 je_import_report *rep)
{
    je_error e;
    je_error_clear(&e);
    je_status st = fn(db, file, o, rep, &e);
    if (st != JE_OK) {
        char first[700] = "";
        if (rep->errors.count)
            je_error_format(&rep->errors.items[0], first, sizeof first);
        cr_assert_fail("import %s: %s: %s; %zu error(s), first: %s", file, je_status_name(st),
                       e.message, rep->errors.total, first);
    }
    cr_assert_eq(rep->errors.total, 0, "import %s: OK with %zu errors", file, rep->errors.total);
}

const char *t_file_with(const char *name, const char *text)
{
    const char *p = t_path(name);
    t_write(p, text);
    return p;
}

void t_expect_rejected(const char *db_path, je_db *db, t_import_fn fn, const char *file,
                       const je_import_opts *o, long line, long col, const char *msg, size_t total)
{
    char before[65], after[65];
    t_db_fingerprint(db_path, before);
    long long batches = t_db_int(db_path, "SELECT count(*) FROM import_batch");
    long long audits = t_db_int(db_path, "SELECT count(*) FROM audit_log");
    je_import_report rep;
    je_error e;
    je_error_clear(&e);
    je_status st = fn(db, file, o, &rep, &e);
    cr_assert_eq(st, JE_EDATA, "%s: expected EDATA (%s), got %s: %s", file, msg, je_status_name(st),
                 e.message);
    cr_assert_geq(rep.errors.count, 1, "%s: no errors listed", file);
    const je_error *x = &rep.errors.items[0];
    char text[700];
    je_error_format(x, text, sizeof text);
    cr_assert_eq(x->status, JE_EDATA, "%s: error status %s", text, je_status_name(x->status));
    cr_assert_eq(x->line, line, "%s: line %ld, expected %ld (%s)", text, x->line, line, msg);
    cr_assert_eq(x->column, col, "%s: column %ld, expected %ld (%s)", text, x->column, col, msg);
    cr_assert(strstr(x->message, msg) != NULL, "%s: message lacks '%s'", text, msg);
    cr_assert_str_eq(x->path, file, "error path '%s', expected '%s'", x->path, file);
    if (total)
        cr_assert_eq(rep.errors.total, total, "%s: %zu errors, expected %zu (first: %s)", file,
                     rep.errors.total, total, text);
    cr_assert_eq(rep.batch_id, 0, "rejected import has batch id %lld", (long long)rep.batch_id);
    t_db_fingerprint(db_path, after);
    cr_assert_str_eq(after, before, "%s (%s): the database changed (fingerprint %s, was %s)", file,
                     msg, after, before);
    cr_assert_eq(t_db_int(db_path, "SELECT count(*) FROM import_batch"), batches);
    cr_assert_eq(t_db_int(db_path, "SELECT count(*) FROM audit_log"), audits);
    je_import_report_free(&rep);
}

long t_char_col(const char *row, int k)
{
    long col = 1;
    for (const char *p = row; *p && k > 0; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80)
            col++;
        if (*p == ',')
            k--;
    }
    return col;
}
