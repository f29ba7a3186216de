/*
 * calc.c — the frame of the CLI's calculators (water classify, air aqi): read a CSV,
 * one output row per input row, every bad row listed as path:line:column, and no
 * output at all when any row is bad (exit 3).
 */
#include "cli/cli.h"

#include <math.h>

int cli_calc_run(cli *c, const char *input, const cli_calc *ops, void *ctx)
{
    je_csv *r;
    je_error err;
    je_status st = je_csv_open(input, &r, &err);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    je_diag diag;
    je_diag_init(&diag, 50);
    out_table *t = NULL;
    int code = EXIT_OK;
    if ((st = je_csv_read_header(r, &err)) != JE_OK) {
        if (st == JE_EDATA)
            je_diag_add(&diag, &err);
        else
            code = cli_fail(c, st, &err);
        goto done;
    }
    if ((t = ops->begin(ctx, r, &diag)) == NULL) {
        if (diag.total == 0)
            code = cli_fail(c, JE_ENOMEM, NULL);
        goto done;
    }
    for (;;) {
        int has;
        je_error e;
        je_error_clear(&e);
        st = je_csv_next(r, &has, &e);
        if (st == JE_EDATA) {
            je_diag_add(&diag, &e);
            continue;
        }
        if (st == JE_OK && has)
            st = ops->row(ctx, r, &diag, t, &e);
        if (st != JE_OK) {
            code = cli_fail(c, st, &e);
            goto done;
        }
        if (!has)
            break;
    }
done:
    if (diag.total > 0 && code == EXIT_OK) {
        cli_print_diag(&diag);
        fprintf(stderr, "%s: %zu error(s); no output written. Fix the rows above.\n", input,
                diag.total);
        code = EXIT_BADDATA;
    } else if (code == EXIT_OK && t) {
        out_table_print(t, c->format, stdout);
    }
    out_table_free(t);
    je_diag_free(&diag);
    je_csv_close(r);
    return code;
}

void cli_diag_field(je_diag *d, je_csv *r, size_t col, const char *fmt, ...)
{
    char msg[JE_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    je_error e;
    je_csv_error(r, col, &e, "%s", msg);
    je_diag_add(d, &e);
}

int cli_cell_num(je_diag *diag, je_csv *r, int col, cli_range rg, int optional, const char *what,
                 double *out)
{
    *out = NAN;
    if (col < 0)
        return 1;
    const char *t = je_csv_field(r, (size_t)col);
    size_t n = je_csv_field_len(r, (size_t)col);
    if (n == 0) {
        if (optional)
            return 1;
        cli_diag_field(diag, r, (size_t)col, "missing %s", what);
        return 0;
    }
    if (je_parse_double(t, n, out) != JE_OK) {
        cli_diag_field(diag, r, (size_t)col, "%s '%s' is not a number", what, t);
        return 0;
    }
    if ((rg == CLI_POS && !(*out > 0)) || (rg == CLI_NONNEG && *out < 0)) {
        cli_diag_field(diag, r, (size_t)col, "%s %s must be %s", what, t,
                       rg == CLI_POS ? "> 0" : ">= 0");
        return 0;
    }
    return 1;
}

je_status cli_next_row(je_csv *r, je_diag *diag, int *has, je_error *err)
{
    for (;;) {
        je_error e;
        je_status st = je_csv_next(r, has, &e);
        if (st == JE_EDATA) {
            if (je_diag_add(diag, &e) != JE_OK)
                return je_error_set(err, JE_ENOMEM, "out of memory");
            continue;
        }
        if (st != JE_OK)
            *err = e;
        return st;
    }
}
