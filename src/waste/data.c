/*
 * data.c — reading the districts and the long-layout data of the zero-waste indicators
 * (jointenv/waste.h): every bad cell goes to the diagnostics as path:line:column and
 * the reading goes on, so that a user sees every problem of a file at once.
 */
#include "jointenv/waste.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Open path and check its header has `cols`; their indexes into idx. */
static je_status open_with(const char *path, const char *const *cols, size_t n, int *idx,
                           je_csv **out, je_error *err)
{
    je_status st = je_csv_open(path, out, err);
    if (st != JE_OK)
        return st;
    if ((st = je_csv_read_header(*out, err)) != JE_OK)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if ((idx[i] = je_csv_column(*out, cols[i])) < 0) {
            st = je_error_set_at(err, JE_EDATA, path, 1, 1, NULL, "missing column '%s'", cols[i]);
            goto fail;
        }
    return JE_OK;
fail:
    je_csv_close(*out);
    *out = NULL;
    return st;
}

/* Grow *v (of *cap items of `size`) to hold one more; 0 when out of memory. */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 1;
    size_t nc = *cap ? *cap * 2 : 64;
    void *p = realloc(*v, nc * size);
    if (p == NULL)
        return 0;
    *v = p;
    *cap = nc;
    return 1;
}

static void copy_field(char *dst, size_t size, const je_csv *r, int col)
{
    snprintf(dst, size, "%s", je_csv_field(r, (size_t)col));
}

static int too_long(je_csv *r, int col, size_t size, je_diag *diag, const char *what)
{
    if (je_csv_field_len(r, (size_t)col) > 0 && je_csv_field_len(r, (size_t)col) < size)
        return 0;
    je_error e;
    je_csv_error(r, (size_t)col, &e, "%s: empty, or longer than %zu bytes", what, size - 1);
    je_diag_add(diag, &e);
    return 1;
}

je_status je_waste_read_districts(const char *path, je_waste_district **out, size_t *out_n,
                                  je_diag *diag, je_error *err)
{
    static const char *const cols[] = {"code", "name_zh", "name_en", "jurisdiction"};
    int c[4];
    je_csv *r;
    *out = NULL;
    *out_n = 0;
    je_status st = open_with(path, cols, 4, c, &r, err);
    if (st != JE_OK)
        return st;
    size_t cap = 0;
    int has;
    while ((st = je_csv_next(r, &has, err)) == JE_OK && has) {
        je_waste_district d;
        if (too_long(r, c[0], sizeof d.code, diag, "code") ||
            too_long(r, c[1], sizeof d.name_zh, diag, "name_zh") ||
            too_long(r, c[2], sizeof d.name_en, diag, "name_en") ||
            too_long(r, c[3], sizeof d.jurisdiction, diag, "jurisdiction"))
            continue;
        copy_field(d.code, sizeof d.code, r, c[0]);
        copy_field(d.name_zh, sizeof d.name_zh, r, c[1]);
        copy_field(d.name_en, sizeof d.name_en, r, c[2]);
        copy_field(d.jurisdiction, sizeof d.jurisdiction, r, c[3]);
        if (!grow((void **)out, &cap, *out_n, sizeof **out)) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        (*out)[(*out_n)++] = d;
    }
    je_csv_close(r);
    return st;
}

je_status je_waste_read_values(const char *path, je_waste_value **out, size_t *out_n,
                               je_diag *diag, je_error *err)
{
    static const char *const cols[] = {"district", "year", "variable", "value"};
    int c[4];
    je_csv *r;
    *out = NULL;
    *out_n = 0;
    je_status st = open_with(path, cols, 4, c, &r, err);
    if (st != JE_OK)
        return st;
    size_t cap = 0;
    int has;
    while ((st = je_csv_next(r, &has, err)) == JE_OK && has) {
        je_waste_value v;
        je_error e;
        double year;
        if (too_long(r, c[0], sizeof v.district, diag, "district") ||
            too_long(r, c[2], sizeof v.variable, diag, "variable"))
            continue;
        if (je_parse_double(je_csv_field(r, (size_t)c[1]), je_csv_field_len(r, (size_t)c[1]),
                            &year) != JE_OK ||
            year != floor(year) || year < 1900 || year > 2200) {
            je_csv_error(r, (size_t)c[1], &e, "year: '%s' is not a year",
                         je_csv_field(r, (size_t)c[1]));
            je_diag_add(diag, &e);
            continue;
        }
        if (je_parse_double(je_csv_field(r, (size_t)c[3]), je_csv_field_len(r, (size_t)c[3]),
                            &v.value) != JE_OK ||
            !isfinite(v.value) || v.value < 0) {
            je_csv_error(r, (size_t)c[3], &e, "value: '%s' is not a number of 0 or more",
                         je_csv_field(r, (size_t)c[3]));
            je_diag_add(diag, &e);
            continue;
        }
        v.year = (int)year;
        copy_field(v.district, sizeof v.district, r, c[0]);
        copy_field(v.variable, sizeof v.variable, r, c[2]);
        if (!grow((void **)out, &cap, *out_n, sizeof **out)) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        (*out)[(*out_n)++] = v;
    }
    je_csv_close(r);
    return st;
}
