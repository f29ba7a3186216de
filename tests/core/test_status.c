/* Statuses: one list generates names and messages; errors format with locations. */
#include "jointenv/core.h"

#include <criterion/criterion.h>
#include <string.h>

Test(status, names_and_messages_come_from_one_list)
{
    cr_assert_str_eq(je_status_name(JE_OK), "OK");
    cr_assert_str_eq(je_status_name(JE_EDATA), "EDATA");
    cr_assert_str_eq(je_strerror(JE_ENOMEM), "out of memory");
    for (int s = 0; s < JE_STATUS_COUNT; s++) {
        cr_assert_neq(strcmp(je_status_name((je_status)s), "UNKNOWN"), 0);
        cr_assert_neq(strcmp(je_strerror((je_status)s), "unknown status"), 0);
    }
    cr_assert_str_eq(je_status_name(JE_STATUS_COUNT), "UNKNOWN");
}

Test(status, error_format_has_path_line_column)
{
    je_error e;
    char buf[256];
    je_error_set_at(&e, JE_EDATA, "f.csv", 7, 12, "nh3n", "bad %s", "value");
    cr_assert_eq(e.status, JE_EDATA);
    cr_assert_str_eq(je_error_format(&e, buf, sizeof buf), "f.csv:7:12: bad value");
    cr_assert_str_eq(e.field, "nh3n");
    je_error_set(&e, JE_EINVAL, "plain");
    cr_assert_str_eq(je_error_format(&e, buf, sizeof buf), "plain");
    cr_assert_eq(je_error_set(NULL, JE_EIO, "ignored"), JE_EIO);
}

Test(status, diag_keeps_limit_and_counts_all)
{
    je_diag d;
    je_diag_init(&d, 3);
    je_error e;
    je_error_set(&e, JE_EDATA, "x");
    for (int i = 0; i < 10; i++)
        cr_assert_eq(je_diag_add(&d, &e), JE_OK);
    cr_assert_eq(d.count, 3);
    cr_assert_eq(d.total, 10);
    je_diag_free(&d);
}
