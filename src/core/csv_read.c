/*
 * csv_read.c — a streaming RFC 4180 reader, the hot path of every import.
 *
 * How it works: bytes are read in large chunks into one buffer. A row is scanned
 * from its first byte; field boundaries are recorded as offsets and only once the
 * whole row is in the buffer are the delimiters overwritten with NULs, so a row cut
 * by the end of the buffer can simply be scanned again after the buffer is refilled
 * (the unread tail moves to the front; the buffer doubles when one row fills it).
 * Unquoted fields and quoted fields without doubled quotes are used in place; only
 * fields with "" escapes are copied (unescaped) into a side buffer. The raw bytes of
 * the current row stay intact apart from those NULs, which is what lets
 * je_csv_field_pos() compute a line:column lazily, only when an error is reported.
 */
#include "jointenv/core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1u << 20)
#define PROGRESS_STEP ((uint64_t)4 << 20)

typedef struct field {
    size_t start;   /* offset of the text, in buf or (escaped) in scratch */
    size_t len;     /* bytes of text */
    size_t raw;     /* offset in buf of the field's first raw byte */
    int in_scratch; /* text was unescaped into scratch */
} field;

struct je_csv {
    int fd; /* -1 for a memory source */
    int own_fd;
    const char *mem; /* memory source */
    size_t mem_len, mem_pos;
    char path[JE_ERROR_PATH_MAX];

    char *buf;
    size_t cap, len, pos; /* buffer capacity, bytes held, parse position */
    int eof;
    int started;     /* BOM handled */
    int consume_all; /* an unterminated quote: nothing after it can be read */
    int row_simple;  /* current row is ASCII on one line: positions are offsets */
    size_t err_at;   /* offset of a syntax error in the current row, 0 if none */
    long line;       /* line number at pos */

    /* current row */
    size_t row_start;
    long row_line;
    field *f;
    size_t nf, fcap;
    char *scratch;
    size_t slen, scap;

    /* header */
    char **names;
    size_t ncols;

    je_csv_chunk_fn chunk_fn;
    void *chunk_ctx;
    je_progress_fn progress_fn;
    void *progress_ctx;
    uint64_t bytes_read, file_size, next_progress;
};

/* Characters that end an unquoted field or are illegal in one. */
static const unsigned char special[256] = {
    ['\n'] = 1, ['\r'] = 1, [','] = 1, ['"'] = 1, ['\0'] = 0,
};

static char *trim_dup(const char *s, size_t n);

static je_status csv_new(const char *name, je_csv **out)
{
    je_csv *r = calloc(1, sizeof *r);
    if (r == NULL)
        return JE_ENOMEM;
    r->fd = -1;
    r->cap = CHUNK + 1;
    r->buf = malloc(r->cap);
    if (r->buf == NULL) {
        free(r);
        return JE_ENOMEM;
    }
    snprintf(r->path, sizeof r->path, "%s", name ? name : "<input>");
    r->line = 1;
    r->next_progress = PROGRESS_STEP;
    *out = r;
    return JE_OK;
}

je_status je_csv_open(const char *path, je_csv **out, je_error *err)
{
    *out = NULL;
    je_csv *r;
    if (csv_new(path, &r) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory opening %s", path);
    if (strcmp(path, "-") == 0) {
        r->fd = 0;
    } else {
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            int e = errno;
            je_csv_close(r);
            return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(e));
        }
        r->own_fd = 1;
        struct stat st;
        if (fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode))
            r->file_size = (uint64_t)st.st_size;
        else if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            je_csv_close(r);
            return je_error_set_at(err, JE_EIO, path, 0, 0, NULL,
                                   "is a directory, expected a CSV file");
        }
    }
    *out = r;
    return JE_OK;
}

je_status je_csv_open_mem(const char *data, size_t len, const char *name, je_csv **out,
                          je_error *err)
{
    *out = NULL;
    je_csv *r;
    if (csv_new(name, &r) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    r->mem = data;
    r->mem_len = len;
    r->file_size = len;
    *out = r;
    return JE_OK;
}

je_status je_csv_open_part(const char *data, size_t len, const je_csv *header, long first_line,
                           je_csv **out, je_error *err)
{
    *out = NULL;
    je_csv *r;
    if (csv_new(header->path, &r) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    r->mem = data;
    r->mem_len = len;
    r->file_size = len;
    r->started = 1; /* a part has no byte-order mark */
    r->line = first_line;
    r->names = calloc(header->ncols ? header->ncols : 1, sizeof *r->names);
    for (size_t i = 0; r->names && i < header->ncols; i++) {
        r->names[i] = trim_dup(header->names[i], strlen(header->names[i]));
        if (r->names[i] == NULL)
            break;
        r->ncols++;
    }
    if (r->names == NULL || r->ncols != header->ncols) {
        je_csv_close(r);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    *out = r;
    return JE_OK;
}

void je_csv_close(je_csv *r)
{
    if (r == NULL)
        return;
    if (r->own_fd && r->fd >= 0)
        close(r->fd);
    for (size_t i = 0; i < r->ncols; i++)
        free(r->names[i]);
    free(r->names);
    free(r->f);
    free(r->scratch);
    free(r->buf);
    free(r);
}

void je_csv_on_chunk(je_csv *r, je_csv_chunk_fn fn, void *ctx)
{
    r->chunk_fn = fn;
    r->chunk_ctx = ctx;
}

void je_csv_on_progress(je_csv *r, je_progress_fn fn, void *ctx)
{
    r->progress_fn = fn;
    r->progress_ctx = ctx;
}

/* Read more bytes. Keeps [row_start, len) and moves it to the front; grows the
 * buffer when the current row already fills it. Returns JE_OK (possibly at eof). */
static je_status refill(je_csv *r, je_error *err)
{
    if (r->row_start > 0) {
        memmove(r->buf, r->buf + r->row_start, r->len - r->row_start);
        r->len -= r->row_start;
        r->pos -= r->row_start;
        r->row_start = 0;
    }
    if (r->cap - 1 - r->len < CHUNK / 2) {
        size_t cap = r->cap * 2;
        char *b = realloc(r->buf, cap);
        if (b == NULL)
            return je_error_set_at(err, JE_ENOMEM, r->path, r->line, 0, NULL,
                                   "out of memory: a row longer than %zu bytes", r->cap);
        r->buf = b;
        r->cap = cap;
    }
    size_t want = r->cap - 1 - r->len;
    ssize_t n;
    if (r->fd >= 0) {
        do
            n = read(r->fd, r->buf + r->len, want);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            return je_error_set_at(err, JE_EIO, r->path, r->line, 0, NULL, "read failed: %s",
                                   strerror(errno));
    } else {
        size_t left = r->mem_len - r->mem_pos;
        n = (ssize_t)(left < want ? left : want);
        memcpy(r->buf + r->len, r->mem + r->mem_pos, (size_t)n);
        r->mem_pos += (size_t)n;
    }
    if (n == 0) {
        r->eof = 1;
        return JE_OK;
    }
    if (r->chunk_fn)
        r->chunk_fn(r->chunk_ctx, (const unsigned char *)r->buf + r->len, (size_t)n);
    r->len += (size_t)n;
    r->bytes_read += (uint64_t)n;
    if (r->progress_fn && r->bytes_read >= r->next_progress) {
        r->progress_fn(r->progress_ctx, r->bytes_read, r->file_size, "reading");
        while (r->next_progress <= r->bytes_read)
            r->next_progress += PROGRESS_STEP;
    }
    if (!r->started && r->len >= 3) {
        r->started = 1;
        if (memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
            r->pos = r->row_start = 3; /* UTF-8 byte-order mark */
    }
    return JE_OK;
}

/* Line/column of a raw offset inside the current row (UTF-8 characters counted). */
static void raw_pos(const je_csv *r, size_t raw, long *out_line, long *out_col)
{
    if (r->row_simple && raw >= r->row_start) {
        *out_line = r->row_line;
        *out_col = (long)(raw - r->row_start) + 1;
        return;
    }
    long line = r->row_line, col = 1;
    for (size_t i = r->row_start; i < raw && i < r->len; i++) {
        unsigned char c = (unsigned char)r->buf[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            col++;
        }
    }
    *out_line = line;
    *out_col = col;
}

static je_status error_at_raw(const je_csv *r, size_t raw, je_error *err, const char *fmt,
                              const char *arg)
{
    long line, col;
    raw_pos(r, raw, &line, &col);
    return je_error_set_at(err, JE_EDATA, r->path, line, col, NULL, fmt, arg);
}

/* Offset of the first invalid UTF-8 sequence in [p, end), or (size_t)-1. Checks
 * overlong forms, surrogates and the U+10FFFF limit (RFC 3629). */
static size_t utf8_invalid(const unsigned char *s, size_t n, int *out_ascii)
{
    size_t i = 0;
    *out_ascii = 1;
    while (i < n) {
        /* ASCII fast path, eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        *out_ascii = 0;
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else
            return i;
        if (i + need >= n)
            return i; /* truncated sequence */
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += need + 1;
    }
    return (size_t)-1;
}

static je_status push_field(je_csv *r, size_t start, size_t len, size_t raw, int in_scratch)
{
    if (r->nf == r->fcap) {
        size_t cap = r->fcap ? r->fcap * 2 : 32;
        field *f = realloc(r->f, cap * sizeof *f);
        if (f == NULL)
            return JE_ENOMEM;
        r->f = f;
        r->fcap = cap;
    }
    r->f[r->nf++] = (field){start, len, raw, in_scratch};
    return JE_OK;
}

static je_status scratch_put(je_csv *r, const char *p, size_t n)
{
    if (r->slen + n + 1 > r->scap) {
        size_t cap = r->scap ? r->scap : 256;
        while (cap < r->slen + n + 1)
            cap *= 2;
        char *s = realloc(r->scratch, cap);
        if (s == NULL)
            return JE_ENOMEM;
        r->scratch = s;
        r->scap = cap;
    }
    memcpy(r->scratch + r->slen, p, n);
    r->slen += n;
    return JE_OK;
}

enum scan { SCAN_ROW, SCAN_MORE, SCAN_END, SCAN_ERROR };

/* Scan one row starting at r->pos. SCAN_MORE: the buffer ended first (refill and
 * rescan). Terminators are written only after success. */
static enum scan scan_row(je_csv *r, je_error *err, long *newlines)
{
    char *b = r->buf;
    size_t n = r->len, p = r->pos;
    r->nf = 0;
    r->slen = 0;
    *newlines = 0;
    for (;;) {
        size_t raw = p;
        if (p < n && b[p] == '"') {
            /* Quoted field: up to the closing quote; "" is a literal quote. */
            size_t q = p + 1, seg = q;
            int escaped = 0;
            size_t s0 = r->slen;
            for (;;) {
                const char *hit = memchr(b + q, '"', n - q);
                if (hit == NULL) {
                    if (r->eof) {
                        r->consume_all = 1;
                        error_at_raw(r, raw, err, "unterminated quoted field%s",
                                     " (a closing \" is missing before the end of the file)");
                        return SCAN_ERROR;
                    }
                    return SCAN_MORE;
                }
                q = (size_t)(hit - b);
                if (q + 1 >= n && !r->eof)
                    return SCAN_MORE; /* cannot tell "" from a closing quote yet */
                if (q + 1 < n && b[q + 1] == '"') {
                    if (scratch_put(r, b + seg, q + 1 - seg) != JE_OK)
                        goto nomem;
                    escaped = 1;
                    q += 2;
                    seg = q;
                    continue;
                }
                break;
            }
            for (size_t k = p + 1; k < q; k++)
                if (b[k] == '\n')
                    (*newlines)++;
            if (escaped) {
                if (scratch_put(r, b + seg, q - seg) != JE_OK || scratch_put(r, "", 1) != JE_OK)
                    goto nomem;
                if (push_field(r, s0, r->slen - 1 - s0, raw, 1) != JE_OK)
                    goto nomem;
            } else if (push_field(r, p + 1, q - (p + 1), raw, 0) != JE_OK)
                goto nomem;
            p = q + 1;
            if (p < n && b[p] != ',' && b[p] != '\n' && b[p] != '\r') {
                r->err_at = p;
                error_at_raw(r, p, err, "unexpected character after a closing quote%s",
                             " (a quote inside a quoted field must be doubled: \"\")");
                return SCAN_ERROR;
            }
        } else {
            size_t q = p;
            while (q < n && !special[(unsigned char)b[q]])
                q++;
            if (q < n && b[q] == '"') {
                r->err_at = q;
                error_at_raw(r, q, err, "%s",
                             "quote inside an unquoted field (quote the whole field and "
                             "double the inner quote)");
                return SCAN_ERROR;
            }
            if (q >= n && !r->eof)
                return SCAN_MORE;
            if (push_field(r, p, q - p, raw, 0) != JE_OK)
                goto nomem;
            p = q;
        }
        /* p is at a delimiter, a line end, or the end of input. */
        if (p < n && b[p] == ',') {
            p++;
            continue;
        }
        if (p < n && b[p] == '\r') {
            if (p + 1 >= n && !r->eof)
                return SCAN_MORE;
            p++;
            if (p < n && b[p] == '\n')
                p++;
        } else if (p < n && b[p] == '\n')
            p++;
        else if (p >= n && !r->eof)
            return SCAN_MORE;
        /* Terminate in-place fields now that the row is complete. */
        for (size_t i = 0; i < r->nf; i++)
            if (!r->f[i].in_scratch)
                b[r->f[i].start + r->f[i].len] = '\0';
        r->pos = p;
        return SCAN_ROW;
    }
nomem:
    je_error_set_at(err, JE_ENOMEM, r->path, r->line, 0, NULL, "out of memory");
    return SCAN_ERROR;
}

/* Scan the next non-blank row into r->f. *out_has_row 0 at end of input. */
static je_status read_row(je_csv *r, int *out_has_row, je_error *err)
{
    *out_has_row = 0;
    for (;;) {
        if (r->pos >= r->len) {
            if (r->eof)
                return JE_OK;
            r->row_start = r->pos;
            je_status st = refill(r, err);
            if (st != JE_OK)
                return st;
            continue;
        }
        /* Skip blank lines. */
        char c = r->buf[r->pos];
        if (c == '\n') {
            r->pos++;
            r->line++;
            continue;
        }
        if (c == '\r') {
            if (r->pos + 1 >= r->len && !r->eof) {
                r->row_start = r->pos;
                je_status st = refill(r, err);
                if (st != JE_OK)
                    return st;
                continue;
            }
            if (r->pos + 1 < r->len && r->buf[r->pos + 1] == '\n') {
                r->pos += 2;
                r->line++;
                continue;
            }
        }
        r->row_start = r->pos;
        r->row_line = r->line;
        r->row_simple = 0;
        r->err_at = 0;
        long newlines;
        enum scan s = scan_row(r, err, &newlines);
        if (s == SCAN_MORE) {
            je_status st = refill(r, err);
            if (st != JE_OK)
                return st;
            r->pos = r->row_start;
            continue;
        }
        if (s == SCAN_ERROR) {
            /* Resume after the line holding the error, so the caller may continue: a
               quoted field before it may have spanned lines, and those belong to the
               broken record. */
            size_t from = r->err_at > r->row_start ? r->err_at : r->row_start;
            const char *nl = memchr(r->buf + from, '\n', r->len - from);
            r->pos = nl && !r->consume_all ? (size_t)(nl - r->buf) + 1 : r->len;
            for (size_t k = r->row_start; k < r->pos; k++)
                r->line += r->buf[k] == '\n';
            r->nf = 0;
            return err ? err->status : JE_EDATA;
        }
        int ascii;
        size_t bad = utf8_invalid((const unsigned char *)r->buf + r->row_start,
                                  r->pos - r->row_start, &ascii);
        r->row_simple = ascii && newlines == 0;
        r->line += newlines + 1;
        if (bad != (size_t)-1) {
            long line, col;
            raw_pos(r, r->row_start + bad, &line, &col);
            je_error_set_at(err, JE_EDATA, r->path, line, col, NULL,
                            "invalid UTF-8 byte 0x%02X (save the file as UTF-8)",
                            (unsigned char)r->buf[r->row_start + bad]);
            return JE_EDATA;
        }
        *out_has_row = 1;
        return JE_OK;
    }
}

static char *trim_dup(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

je_status je_csv_read_header(je_csv *r, je_error *err)
{
    int has = 0;
    je_status st = read_row(r, &has, err);
    if (st != JE_OK)
        return st;
    if (!has)
        return je_error_set_at(err, JE_EDATA, r->path, 1, 1, NULL,
                               "empty file: expected a header row with column names");
    r->names = calloc(r->nf, sizeof *r->names);
    if (r->names == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    r->ncols = r->nf;
    for (size_t i = 0; i < r->nf; i++) {
        r->names[i] = trim_dup(je_csv_field(r, i), je_csv_field_len(r, i));
        if (r->names[i] == NULL)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        if (r->names[i][0] == '\0')
            return je_csv_error(r, i, err, "empty column name in the header (column %zu)", i + 1);
        for (size_t k = 0; k < i; k++)
            if (strcasecmp(r->names[k], r->names[i]) == 0)
                return je_csv_error(r, i, err, "duplicate column '%s' in the header", r->names[i]);
    }
    return JE_OK;
}

int je_csv_column(const je_csv *r, const char *name)
{
    for (size_t i = 0; i < r->ncols; i++)
        if (strcasecmp(r->names[i], name) == 0)
            return (int)i;
    return -1;
}

size_t je_csv_ncolumns(const je_csv *r)
{
    return r->ncols;
}

const char *je_csv_column_name(const je_csv *r, size_t i)
{
    return i < r->ncols ? r->names[i] : "";
}

je_status je_csv_next(je_csv *r, int *out_has_row, je_error *err)
{
    je_status st = read_row(r, out_has_row, err);
    if (st != JE_OK || !*out_has_row)
        return st;
    if (r->ncols > 0 && r->nf != r->ncols) {
        if (r->nf > r->ncols)
            return je_csv_error(r, r->ncols, err, "%zu fields, the header has %zu columns", r->nf,
                                r->ncols);
        long line, col;
        /* point at the end of the row's text, before the line end */
        field *last = &r->f[r->nf - 1];
        raw_pos(r, last->in_scratch ? last->raw : last->start + last->len, &line, &col);
        return je_error_set_at(err, JE_EDATA, r->path, line, col, NULL,
                               "%zu fields, the header has %zu columns (missing '%s')", r->nf,
                               r->ncols, r->names[r->nf]);
    }
    return JE_OK;
}

size_t je_csv_nfields(const je_csv *r)
{
    return r->nf;
}

const char *je_csv_field(const je_csv *r, size_t i)
{
    if (i >= r->nf)
        return "";
    const field *f = &r->f[i];
    return f->in_scratch ? r->scratch + f->start : r->buf + f->start;
}

size_t je_csv_field_len(const je_csv *r, size_t i)
{
    return i < r->nf ? r->f[i].len : 0;
}

long je_csv_line(const je_csv *r)
{
    return r->row_line;
}

void je_csv_field_pos(const je_csv *r, size_t i, long *out_line, long *out_column)
{
    if (i < r->nf)
        raw_pos(r, r->f[i].raw, out_line, out_column);
    else {
        *out_line = r->row_line;
        *out_column = 1;
    }
}

const char *je_csv_path(const je_csv *r)
{
    return r->path;
}

je_status je_csv_error(const je_csv *r, size_t i, je_error *err, const char *fmt, ...)
{
    if (err == NULL)
        return JE_EDATA;
    long line, col;
    je_csv_field_pos(r, i, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    je_error_vset(err, JE_EDATA, fmt, ap);
    va_end(ap);
    snprintf(err->path, sizeof err->path, "%s", r->path);
    snprintf(err->field, sizeof err->field, "%s", i < r->ncols ? r->names[i] : "");
    err->line = line;
    err->column = col;
    return JE_EDATA;
}
