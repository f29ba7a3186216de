/*
 * status.c — the status list's names and messages, and je_error / je_diag.
 * The enum, je_strerror and je_status_name all come from JE_STATUS_MAP in core.h,
 * so a new status cannot be added to one and forgotten in another.
 */
#include "jointenv/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *je_strerror(je_status st)
{
    switch (st) {
#define JE_STATUS_MSG(name, msg)                                                                   \
    case JE_##name:                                                                                \
        return msg;
        JE_STATUS_MAP(JE_STATUS_MSG)
#undef JE_STATUS_MSG
    case JE_STATUS_COUNT:
        break;
    }
    return "unknown status";
}

const char *je_status_name(je_status st)
{
    switch (st) {
#define JE_STATUS_NAME(name, msg)                                                                  \
    case JE_##name:                                                                                \
        return #name;
        JE_STATUS_MAP(JE_STATUS_NAME)
#undef JE_STATUS_NAME
    case JE_STATUS_COUNT:
        break;
    }
    return "UNKNOWN";
}

const char *je_version(void)
{
    return JE_VERSION;
}

void je_error_clear(je_error *err)
{
    if (err == NULL)
        return;
    memset(err, 0, sizeof *err);
    err->status = JE_OK;
}

static void copy_str(char *dst, size_t size, const char *src)
{
    if (src == NULL) {
        dst[0] = '\0';
        return;
    }
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

je_status je_error_vset(je_error *err, je_status st, const char *fmt, va_list ap)
{
    if (err == NULL)
        return st;
    err->status = st;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    err->path[0] = '\0';
    err->field[0] = '\0';
    err->line = 0;
    err->column = 0;
    return st;
}

je_status je_error_set(je_error *err, je_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    je_error_vset(err, st, fmt, ap);
    va_end(ap);
    return st;
}

je_status je_error_set_at(je_error *err, je_status st, const char *path, long line, long column,
                          const char *field, const char *fmt, ...)
{
    if (err == NULL)
        return st;
    va_list ap;
    va_start(ap, fmt);
    je_error_vset(err, st, fmt, ap);
    va_end(ap);
    copy_str(err->path, sizeof err->path, path);
    copy_str(err->field, sizeof err->field, field);
    err->line = line;
    err->column = column;
    return st;
}

char *je_error_format(const je_error *err, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    if (err == NULL) {
        buf[0] = '\0';
        return buf;
    }
    const char *msg = err->message[0] ? err->message : je_strerror(err->status);
    if (err->path[0] && err->line > 0 && err->column > 0)
        snprintf(buf, size, "%s:%ld:%ld: %s", err->path, err->line, err->column, msg);
    else if (err->path[0] && err->line > 0)
        snprintf(buf, size, "%s:%ld: %s", err->path, err->line, msg);
    else if (err->path[0])
        snprintf(buf, size, "%s: %s", err->path, msg);
    else
        snprintf(buf, size, "%s", msg);
    return buf;
}

void je_diag_init(je_diag *d, size_t limit)
{
    memset(d, 0, sizeof *d);
    d->limit = limit ? limit : 50;
}

je_status je_diag_add(je_diag *d, const je_error *e)
{
    d->total++;
    if (d->count >= d->limit)
        return JE_OK;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        je_error *items = realloc(d->items, cap * sizeof *items);
        if (items == NULL)
            return JE_ENOMEM;
        d->items = items;
        d->cap = cap;
    }
    d->items[d->count++] = *e;
    return JE_OK;
}

void je_diag_free(je_diag *d)
{
    free(d->items);
    memset(d, 0, sizeof *d);
}
