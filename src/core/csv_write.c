/*
 * csv_write.c — RFC 4180 writer: a field is quoted only when it must be (it holds a
 * comma, a quote, CR or LF; or leading/trailing blanks a spreadsheet would strip).
 */
#include "jointenv/core.h"

#include <stdlib.h>
#include <string.h>

struct je_csv_writer {
    je_write_fn write;
    void *ctx;
    int first; /* no field written yet on this row */
};

je_status je_csv_writer_new(je_write_fn write, void *ctx, je_csv_writer **out)
{
    je_csv_writer *w = calloc(1, sizeof *w);
    if (w == NULL)
        return JE_ENOMEM;
    w->write = write;
    w->ctx = ctx;
    w->first = 1;
    *out = w;
    return JE_OK;
}

static int needs_quotes(const char *s, size_t n)
{
    if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
        return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

je_status je_csv_write_field(je_csv_writer *w, const char *text)
{
    je_status st;
    if (text == NULL)
        text = "";
    if (!w->first && (st = w->write(w->ctx, ",", 1)) != JE_OK)
        return st;
    w->first = 0;
    size_t n = strlen(text);
    if (!needs_quotes(text, n))
        return w->write(w->ctx, text, n);
    if ((st = w->write(w->ctx, "\"", 1)) != JE_OK)
        return st;
    const char *p = text;
    const char *q;
    while ((q = strchr(p, '"')) != NULL) {
        if ((st = w->write(w->ctx, p, (size_t)(q - p) + 1)) != JE_OK ||
            (st = w->write(w->ctx, "\"", 1)) != JE_OK)
            return st;
        p = q + 1;
    }
    if ((st = w->write(w->ctx, p, strlen(p))) != JE_OK)
        return st;
    return w->write(w->ctx, "\"", 1);
}

je_status je_csv_end_row(je_csv_writer *w)
{
    w->first = 1;
    return w->write(w->ctx, "\n", 1);
}

void je_csv_writer_free(je_csv_writer *w)
{
    free(w);
}
