/* compare.c — see compare.h. */
#include "support/compare.h"

#include "jointenv/core.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct table {
    je_csv *r;
} table;

static double tol_for(const char *tolerances, const char *col, int *relative)
{
    *relative = 0;
    if (tolerances == NULL)
        return 1e-9;
    size_t n = strlen(col);
    const char *p = tolerances;
    while (*p) {
        if (strncmp(p, col, n) == 0 && p[n] == '=') {
            const char *v = p + n + 1;
            *relative = strncmp(v, "rel:", 4) == 0;
            if (strncmp(v, "abs:", 4) == 0 || *relative)
                v += 4;
            return strtod(v, NULL);
        }
        p = strchr(p, ',');
        if (p == NULL)
            break;
        p++;
    }
    return 1e-9;
}

static int is_number(const char *s, double *v)
{
    return s[0] && je_parse_double(s, strlen(s), v) == JE_OK;
}

int t_csv_compare(const char *expected, const char *actual, const char *tolerances, char *why,
                  size_t why_size)
{
    je_csv *e = NULL, *a = NULL;
    je_error err;
    int ok = 0;
    if (expected == NULL || actual == NULL) {
        snprintf(why, why_size, "missing %s output", expected ? "actual" : "expected");
        return 0;
    }
    je_csv_open_mem(expected, strlen(expected), "expected", &e, &err);
    je_csv_open_mem(actual, strlen(actual), "actual", &a, &err);
    if (je_csv_read_header(e, &err) != JE_OK || je_csv_read_header(a, &err) != JE_OK) {
        snprintf(why, why_size, "header: %s", err.message);
        goto done;
    }
    if (je_csv_ncolumns(e) != je_csv_ncolumns(a)) {
        snprintf(why, why_size, "columns: expected %zu, actual %zu", je_csv_ncolumns(e),
                 je_csv_ncolumns(a));
        goto done;
    }
    for (size_t c = 0; c < je_csv_ncolumns(e); c++)
        if (strcmp(je_csv_column_name(e, c), je_csv_column_name(a, c)) != 0) {
            snprintf(why, why_size, "column %zu: expected '%s', actual '%s'", c + 1,
                     je_csv_column_name(e, c), je_csv_column_name(a, c));
            goto done;
        }
    for (size_t row = 1;; row++) {
        int he, ha;
        if (je_csv_next(e, &he, &err) != JE_OK || je_csv_next(a, &ha, &err) != JE_OK) {
            snprintf(why, why_size, "row %zu: %s", row, err.message);
            goto done;
        }
        if (!he || !ha) {
            if (he != ha) {
                snprintf(why, why_size, "row count differs: %s has more rows (row %zu)",
                         he ? "expected" : "actual", row);
                goto done;
            }
            break;
        }
        for (size_t c = 0; c < je_csv_ncolumns(e); c++) {
            const char *x = je_csv_field(e, c), *y = je_csv_field(a, c);
            if (strcmp(x, y) == 0)
                continue;
            double dx, dy;
            int rel;
            double tol = tol_for(tolerances, je_csv_column_name(e, c), &rel);
            if (is_number(x, &dx) && is_number(y, &dy)) {
                double diff = fabs(dx - dy);
                double lim = rel ? tol * fmax(fabs(dx), fabs(dy)) : tol;
                if (diff <= lim)
                    continue;
            }
            snprintf(why, why_size, "row %zu, column '%s': expected '%s', actual '%s'", row,
                     je_csv_column_name(e, c), x, y);
            goto done;
        }
    }
    ok = 1;
done:
    je_csv_close(e);
    je_csv_close(a);
    return ok;
}
