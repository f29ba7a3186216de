/*
 * output.c — tables for people (aligned, CJK characters counted double-width),
 * CSV for programs, JSON for programs that want types.
 */
#include "cli/cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct out_table {
    char *title;
    size_t ncols;
    char **names;
    col_type *types;
    char **cells; /* rows × ncols, NULL = empty */
    size_t nrows, cap;
};

static char *dup(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return NULL;
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

out_table *out_table_new(const char *title, size_t ncols, const char *const *names,
                         const col_type *types)
{
    out_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->title = title ? dup(title) : NULL;
    t->ncols = ncols;
    t->names = calloc(ncols, sizeof *t->names);
    t->types = calloc(ncols, sizeof *t->types);
    if (t->names == NULL || t->types == NULL) {
        out_table_free(t);
        return NULL;
    }
    for (size_t i = 0; i < ncols; i++) {
        t->names[i] = dup(names[i]);
        t->types[i] = types ? types[i] : COL_TEXT;
    }
    return t;
}

int out_table_add(out_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **c = realloc(t->cells, cap * t->ncols * sizeof *c);
        if (c == NULL)
            return 0;
        t->cells = c;
        t->cap = cap;
    }
    for (size_t i = 0; i < t->ncols; i++)
        t->cells[t->nrows * t->ncols + i] = dup(cells[i]);
    t->nrows++;
    return 1;
}

size_t out_table_rows(const out_table *t)
{
    return t->nrows;
}

void out_table_free(out_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    for (size_t i = 0; t->names && i < t->ncols; i++)
        free(t->names[i]);
    free(t->cells);
    free(t->names);
    free(t->types);
    free(t->title);
    free(t);
}

/* Display width of UTF-8 text: East Asian wide and fullwidth characters take two
 * columns (Unicode UAX #11 ranges for CJK, Hangul, fullwidth forms). */
static size_t display_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        int n;
        if (*p < 0x80) {
            cp = *p;
            n = 1;
        } else if ((*p & 0xE0) == 0xC0) {
            cp = *p & 0x1Fu;
            n = 2;
        } else if ((*p & 0xF0) == 0xE0) {
            cp = *p & 0x0Fu;
            n = 3;
        } else {
            cp = *p & 0x07u;
            n = 4;
        }
        for (int k = 1; k < n && p[k]; k++)
            cp = (cp << 6) | (p[k] & 0x3Fu);
        for (int k = 0; k < n && *p; k++)
            p++;
        int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                   (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                   (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                   (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        w += wide ? 2 : 1;
    }
    return w;
}

static void pad(FILE *fp, const char *s, size_t width, int right)
{
    size_t w = display_width(s);
    if (right)
        for (size_t i = w; i < width; i++)
            fputc(' ', fp);
    fputs(s, fp);
    if (!right)
        for (size_t i = w; i < width; i++)
            fputc(' ', fp);
}

static void print_text(const out_table *t, FILE *fp)
{
    size_t *w = calloc(t->ncols, sizeof *w);
    if (w == NULL)
        return;
    for (size_t c = 0; c < t->ncols; c++)
        w[c] = display_width(t->names[c] ? t->names[c] : "");
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            size_t x = display_width(s ? s : "-");
            if (x > w[c])
                w[c] = x;
        }
    if (t->title)
        fprintf(fp, "%s\n", t->title);
    for (size_t c = 0; c < t->ncols; c++) {
        if (c + 1 < t->ncols || t->types[c] == COL_NUM)
            pad(fp, t->names[c] ? t->names[c] : "", w[c], t->types[c] == COL_NUM);
        else
            fputs(t->names[c] ? t->names[c] : "", fp);
        fputs(c + 1 < t->ncols ? "  " : "\n", fp);
    }
    for (size_t c = 0; c < t->ncols; c++) {
        for (size_t i = 0; i < w[c]; i++)
            fputc('-', fp);
        fputs(c + 1 < t->ncols ? "  " : "\n", fp);
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            /* the last column is not padded: no trailing blanks */
            if (c + 1 < t->ncols)
                pad(fp, s ? s : "-", w[c], t->types[c] == COL_NUM);
            else if (t->types[c] == COL_NUM)
                pad(fp, s ? s : "-", w[c], 1);
            else
                fputs(s ? s : "-", fp);
            fputs(c + 1 < t->ncols ? "  " : "\n", fp);
        }
    free(w);
}

static je_status write_file(void *ctx, const char *bytes, size_t len)
{
    return fwrite(bytes, 1, len, ctx) == len ? JE_OK : JE_EIO;
}

static void print_csv(const out_table *t, FILE *fp)
{
    je_csv_writer *w;
    if (je_csv_writer_new(write_file, fp, &w) != JE_OK)
        return;
    for (size_t c = 0; c < t->ncols; c++)
        je_csv_write_field(w, t->names[c]);
    je_csv_end_row(w);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            je_csv_write_field(w, t->cells[r * t->ncols + c]);
        je_csv_end_row(w);
    }
    je_csv_writer_free(w);
}

void *out_table_json(const out_table *t)
{
    json_t *arr = json_array();
    for (size_t r = 0; arr && r < t->nrows; r++) {
        json_t *o = json_object();
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            json_t *v;
            if (s == NULL)
                v = json_null();
            else if (t->types[c] == COL_NUM) {
                double d;
                v = je_parse_double(s, strlen(s), &d) == JE_OK ? json_real(d) : json_string(s);
                if (v && json_is_real(v) && d == (double)(long long)d && strchr(s, '.') == NULL) {
                    json_decref(v);
                    v = json_integer((json_int_t)d);
                }
            } else
                v = json_string(s);
            json_object_set_new(o, t->names[c], v);
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

void out_table_print(const out_table *t, out_format f, FILE *fp)
{
    switch (f) {
    case OUT_TABLE:
        print_text(t, fp);
        break;
    case OUT_CSV:
        print_csv(t, fp);
        break;
    case OUT_JSON: {
        json_t *j = out_table_json(t);
        if (j) {
            /* 15 significant digits: what a double holds reliably, no binary tails */
            json_dumpf(j, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
            fputc('\n', fp);
            json_decref(j);
        }
        break;
    }
    }
}
