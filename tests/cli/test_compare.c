/* The golden-run comparator must itself be right: it must catch every difference
 * that matters and forgive only what the tolerance says. */
#include "support/compare.h"

#include <criterion/criterion.h>
#include <string.h>

static char why[512];

Test(compare, identical_text_is_equal)
{
    cr_assert(t_csv_compare("a,b\n1,x\n", "a,b\n1,x\n", NULL, why, sizeof why));
}

Test(compare, numbers_within_default_tolerance_only)
{
    cr_assert(t_csv_compare("a\n1.0\n", "a\n1\n", NULL, why, sizeof why));
    cr_assert_not(t_csv_compare("a\n1.0\n", "a\n1.001\n", NULL, why, sizeof why));
    cr_assert(strstr(why, "column 'a'") != NULL, "why: %s", why);
}

Test(compare, per_column_absolute_and_relative_tolerance)
{
    cr_assert(t_csv_compare("a,b\n1.0,100\n", "a,b\n1.004,100.5\n", "a=abs:0.005,b=rel:0.01", why,
                            sizeof why));
    cr_assert_not(
        t_csv_compare("a,b\n1.0,100\n", "a,b\n1.006,100\n", "a=abs:0.005", why, sizeof why));
    cr_assert_not(t_csv_compare("a,b\n1.0,100\n", "a,b\n1.0,102\n", "b=rel:0.01", why, sizeof why));
}

Test(compare, text_differences_are_never_tolerated)
{
    cr_assert_not(t_csv_compare("a\nII\n", "a\nIII\n", "a=abs:100", why, sizeof why));
    /* an empty cell is not zero */
    cr_assert_not(t_csv_compare("a,b\n,1\n", "a,b\n0,1\n", NULL, why, sizeof why));
}

Test(compare, header_and_row_count_differences)
{
    cr_assert_not(t_csv_compare("a,b\n1,2\n", "a,c\n1,2\n", NULL, why, sizeof why));
    cr_assert_not(t_csv_compare("a\n1\n2\n", "a\n1\n", NULL, why, sizeof why));
    cr_assert(strstr(why, "expected has more rows") != NULL, "why: %s", why);
    cr_assert_not(t_csv_compare("a\n1\n", "a,b\n1,2\n", NULL, why, sizeof why));
    cr_assert_not(t_csv_compare("a\n1\n", NULL, NULL, why, sizeof why));
}
