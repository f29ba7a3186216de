/* CSV: the RFC 4180 reader (memory and files, rows across chunk boundaries, error
 * locations in UTF-8 characters) and the writer (minimal quoting, round trips). */
#include "support/support.h"

#include "jointenv/core.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(csv, .fini = cleanup);

/* ---- helpers ------------------------------------------------------------- */

static je_csv *open_str(const char *s)
{
    je_csv *r = NULL;
    je_error e;
    je_status st = je_csv_open_mem(s, strlen(s), "mem.csv", &r, &e);
    cr_assert_eq(st, JE_OK, "je_csv_open_mem: %s (%s)", je_status_name(st), e.message);
    cr_assert_not_null(r);
    return r;
}

static je_csv *open_bytes(const char *s, size_t n)
{
    je_csv *r = NULL;
    je_error e;
    je_status st = je_csv_open_mem(s, n, "mem.csv", &r, &e);
    cr_assert_eq(st, JE_OK, "je_csv_open_mem: %s (%s)", je_status_name(st), e.message);
    return r;
}

static void header_ok(je_csv *r)
{
    je_error e;
    je_error_clear(&e);
    je_status st = je_csv_read_header(r, &e);
    cr_assert_eq(st, JE_OK, "read_header: got %s, expected OK (%s at %ld:%ld)", je_status_name(st),
                 e.message, e.line, e.column);
}

/* Read the next row, expect it to be well formed, at `line`, with the given fields. */
static void expect_row(je_csv *r, long line, size_t n, ...)
{
    int has = -1;
    je_error e;
    je_error_clear(&e);
    je_status st = je_csv_next(r, &has, &e);
    cr_assert_eq(st, JE_OK, "next: got %s (%s at %ld:%ld), expected a row at line %ld",
                 je_status_name(st), e.message, e.line, e.column, line);
    cr_assert_eq(has, 1, "next: no row, expected one at line %ld", line);
    cr_assert_eq(je_csv_line(r), line, "row line: got %ld, expected %ld", je_csv_line(r), line);
    cr_assert_eq(je_csv_nfields(r), n, "fields at line %ld: got %zu, expected %zu", line,
                 je_csv_nfields(r), n);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        const char *want = va_arg(ap, const char *);
        const char *got = je_csv_field(r, i);
        cr_assert_str_eq(got, want, "line %ld field %zu: got '%s', expected '%s'", line, i, got,
                         want);
        cr_assert_eq(je_csv_field_len(r, i), strlen(want),
                     "line %ld field %zu: length %zu, expected %zu", line, i,
                     je_csv_field_len(r, i), strlen(want));
    }
    va_end(ap);
}

static void expect_end(je_csv *r)
{
    int has = -1;
    je_error e;
    je_error_clear(&e);
    je_status st = je_csv_next(r, &has, &e);
    cr_assert_eq(st, JE_OK, "at end: got %s (%s)", je_status_name(st), e.message);
    cr_assert_eq(has, 0, "expected the end of input, got a row at line %ld", je_csv_line(r));
}

/* Expect je_csv_next to fail with JE_EDATA at line:column with `msg` in the message. */
static void expect_error(je_csv *r, long line, long col, const char *msg)
{
    int has = -1;
    je_error e;
    je_error_clear(&e);
    je_status st = je_csv_next(r, &has, &e);
    cr_assert_eq(st, JE_EDATA, "expected EDATA (%s), got %s", msg, je_status_name(st));
    cr_assert_eq(e.status, JE_EDATA, "err.status %s", je_status_name(e.status));
    cr_assert_eq(e.line, line, "'%s': line %ld, expected %ld", e.message, e.line, line);
    cr_assert_eq(e.column, col, "'%s': column %ld, expected %ld", e.message, e.column, col);
    cr_assert(strstr(e.message, msg) != NULL, "message '%s' lacks '%s'", e.message, msg);
    cr_assert_str_eq(e.path, "mem.csv", "path '%s'", e.path);
}

static void expect_header_error(const char *text, long line, long col, const char *msg)
{
    je_csv *r = open_str(text);
    je_error e;
    je_error_clear(&e);
    je_status st = je_csv_read_header(r, &e);
    cr_assert_eq(st, JE_EDATA, "header '%s': got %s, expected EDATA", text, je_status_name(st));
    cr_assert_eq(e.line, line, "header '%s': line %ld, expected %ld", text, e.line, line);
    cr_assert_eq(e.column, col, "header '%s': column %ld, expected %ld", text, e.column, col);
    cr_assert(strstr(e.message, msg) != NULL, "header '%s': message '%s' lacks '%s'", text,
              e.message, msg);
    je_csv_close(r);
}

/* ---- reading ---------------------------------------------------------------- */

Test(csv, plain_rows_with_lf)
{
    je_csv *r = open_str("a,b,c\n1,2,3\nx,,z\n");
    header_ok(r);
    cr_assert_eq(je_csv_ncolumns(r), 3);
    expect_row(r, 2, 3, "1", "2", "3");
    expect_row(r, 3, 3, "x", "", "z");
    expect_end(r);
    expect_end(r); /* stays at the end */
    je_csv_close(r);
}

Test(csv, quoted_fields_with_commas_and_doubled_quotes)
{
    je_csv *r = open_str("a,b,c\n\"x,y\",2,\"3\"\n\"he said \"\"hi\"\"\",\"\"\"\",\"\"\n"
                         "\"\"\"\"\"\",\"a,\"\"b\"\",c\",end\n");
    header_ok(r);
    expect_row(r, 2, 3, "x,y", "2", "3");
    expect_row(r, 3, 3, "he said \"hi\"", "\"", "");
    expect_row(r, 4, 3, "\"\"", "a,\"b\",c", "end");
    expect_end(r);
    je_csv_close(r);
}

Test(csv, embedded_newlines_and_line_numbers_after_them)
{
    je_csv *r = open_str("a,b\n\"line1\nline2\",x\nnext,y\n\"one\r\ntwo\n\nthree\",\"\"\"q\n\"\n"
                         "last,z\n");
    header_ok(r);
    expect_row(r, 2, 2, "line1\nline2", "x");
    expect_row(r, 4, 2, "next", "y");
    expect_row(r, 5, 2, "one\r\ntwo\n\nthree", "\"q\n");
    expect_row(r, 10, 2, "last", "z");
    expect_end(r);
    je_csv_close(r);
}

Test(csv, crlf_lf_and_no_final_newline)
{
    je_csv *r = open_str("a,b\r\n1,2\r\n3,4\n5,6\r\n7,8");
    header_ok(r);
    cr_assert_str_eq(je_csv_column_name(r, 1), "b", "CR kept in a header name: '%s'",
                     je_csv_column_name(r, 1));
    expect_row(r, 2, 2, "1", "2");
    expect_row(r, 3, 2, "3", "4");
    expect_row(r, 4, 2, "5", "6");
    expect_row(r, 5, 2, "7", "8");
    expect_end(r);
    je_csv_close(r);

    /* a quoted last field before CRLF */
    r = open_str("a,b\r\n\"1\",\"2\"\r\n");
    header_ok(r);
    expect_row(r, 2, 2, "1", "2");
    expect_end(r);
    je_csv_close(r);
}

Test(csv, utf8_bom_is_skipped)
{
    je_csv *r = open_str("\xEF\xBB\xBFsection,value\nS1,1\n");
    header_ok(r);
    cr_assert_eq(je_csv_column(r, "section"), 0, "column of 'section': %d",
                 je_csv_column(r, "section"));
    cr_assert_str_eq(je_csv_column_name(r, 0), "section");
    expect_row(r, 2, 2, "S1", "1");
    expect_end(r);
    je_csv_close(r);

    /* the same through a file */
    const char *p = t_path("bom.csv");
    t_write(p, "\xEF\xBB\xBF"
               "a,b\n\"x\",y\n");
    je_error e;
    cr_assert_eq(je_csv_open(p, &r, &e), JE_OK, "%s", e.message);
    header_ok(r);
    cr_assert_eq(je_csv_column(r, "a"), 0);
    expect_row(r, 2, 2, "x", "y");
    expect_end(r);
    je_csv_close(r);

    /* a BOM only: an empty file */
    r = open_str("\xEF\xBB\xBF");
    cr_assert_eq(je_csv_read_header(r, &e), JE_EDATA);
    je_csv_close(r);
}

Test(csv, blank_lines_are_skipped)
{
    je_csv *r = open_str("\na,b\n\n1,2\n\r\n\n3,4\n\n\n");
    header_ok(r);
    cr_assert_eq(je_csv_column(r, "a"), 0);
    expect_row(r, 4, 2, "1", "2");
    expect_row(r, 7, 2, "3", "4");
    expect_end(r);
    je_csv_close(r);
}

Test(csv, header_lookup_is_case_insensitive_and_trimmed)
{
    je_csv *r = open_str(" Section ,\tSAMPLED_AT\t,  nh3n[ug/L]\nS1,2022-01-01,1\n");
    header_ok(r);
    cr_assert_eq(je_csv_ncolumns(r), 3);
    cr_assert_eq(je_csv_column(r, "section"), 0, "got %d", je_csv_column(r, "section"));
    cr_assert_eq(je_csv_column(r, "SECTION"), 0, "got %d", je_csv_column(r, "SECTION"));
    cr_assert_eq(je_csv_column(r, "sampled_at"), 1, "got %d", je_csv_column(r, "sampled_at"));
    cr_assert_eq(je_csv_column(r, "NH3N[UG/L]"), 2, "got %d", je_csv_column(r, "NH3N[UG/L]"));
    cr_assert_eq(je_csv_column(r, "missing"), -1, "got %d", je_csv_column(r, "missing"));
    cr_assert_eq(je_csv_column(r, "sect"), -1, "prefix matched: %d", je_csv_column(r, "sect"));
    cr_assert_str_eq(je_csv_column_name(r, 0), "Section", "name '%s'", je_csv_column_name(r, 0));
    cr_assert_str_eq(je_csv_column_name(r, 1), "SAMPLED_AT", "name '%s'", je_csv_column_name(r, 1));
    cr_assert_str_eq(je_csv_column_name(r, 9), "", "out of range name '%s'",
                     je_csv_column_name(r, 9));
    expect_row(r, 2, 3, "S1", "2022-01-01", "1");
    je_csv_close(r);
}

Test(csv, duplicate_and_empty_header_names_are_rejected)
{
    expect_header_error("a,b,A\n1,2,3\n", 1, 5, "duplicate");
    expect_header_error("a,b, a \n1,2,3\n", 1, 5, "duplicate");
    expect_header_error("a,,b\n1,2,3\n", 1, 3, "empty");
    expect_header_error("a,b,  \n1,2,3\n", 1, 5, "empty");
    expect_header_error("段,,b\n", 1, 3, "empty");
    expect_header_error("", 1, 1, "empty");
    expect_header_error("\n\n\r\n", 1, 1, "empty");
}

Test(csv, field_count_mismatch_reports_line_and_column)
{
    je_csv *r = open_str("a,b,c\n1,2\n1,2,3,4\n5,6,7\n甲,乙\n");
    header_ok(r);
    /* too few: at the end of the row's text */
    expect_error(r, 2, 4, "2 fields, the header has 3");
    cr_assert_eq(je_csv_nfields(r), 2, "the short row stays available: %zu fields",
                 je_csv_nfields(r));
    cr_assert_str_eq(je_csv_field(r, 0), "1");
    cr_assert_str_eq(je_csv_field(r, 1), "2");
    cr_assert_str_eq(je_csv_field(r, 2), "", "out of range field '%s'", je_csv_field(r, 2));
    cr_assert_eq(je_csv_field_len(r, 2), 0);
    /* too many: at the first extra field */
    expect_error(r, 3, 7, "4 fields, the header has 3");
    cr_assert_eq(je_csv_nfields(r), 4);
    expect_row(r, 4, 3, "5", "6", "7");
    /* columns count characters, not bytes */
    expect_error(r, 5, 4, "2 fields");
    expect_end(r);
    je_csv_close(r);
}

Test(csv, unterminated_quote_stops_reading)
{
    je_csv *r = open_str("a,b\n1,\"abc\n2,3\n4,5\n");
    header_ok(r);
    expect_error(r, 2, 3, "unterminated quoted field");
    expect_end(r);
    je_csv_close(r);

    r = open_str("a,b\nx,y\n段,\"abc");
    header_ok(r);
    expect_row(r, 2, 2, "x", "y");
    expect_error(r, 3, 3, "unterminated");
    expect_end(r);
    je_csv_close(r);
}

Test(csv, quote_inside_unquoted_field)
{
    je_csv *r = open_str("a,b\nab\"c,d\n3,4\n");
    header_ok(r);
    expect_error(r, 2, 3, "quote inside an unquoted field");
    expect_row(r, 3, 2, "3", "4");
    expect_end(r);
    je_csv_close(r);
}

Test(csv, text_after_closing_quote)
{
    je_csv *r = open_str("a,b\n\"ab\"c,d\n5,6\nx,\"y\" \n7,8\n");
    header_ok(r);
    expect_error(r, 2, 5, "after a closing quote");
    expect_row(r, 3, 2, "5", "6");
    expect_error(r, 4, 6, "after a closing quote");
    expect_row(r, 5, 2, "7", "8");
    expect_end(r);
    je_csv_close(r);
}

Test(csv, invalid_utf8_has_line_and_character_column)
{
    static const char text[] = "a,b\n"
                               "段,\xff\n"         /* line 2: 0xFF at character 3 */
                               "ok,fine\n"         /* line 3 */
                               "x,\xC0\x80\n"      /* line 4: overlong NUL */
                               "段落,x\xE4\xB8\n"  /* line 5: truncated 3-byte sequence */
                               "\"q\nr\",段\xff\n" /* line 6-7: after a newline in quotes */
                               "y,\xED\xA0\x80\n"  /* line 8: a surrogate */
                               "z,\xE4\xB8";       /* line 9: truncated at the end of input */
    je_csv *r = open_bytes(text, sizeof text - 1);
    header_ok(r);
    expect_error(r, 2, 3, "invalid UTF-8");
    expect_row(r, 3, 2, "ok", "fine");
    expect_error(r, 4, 3, "invalid UTF-8");
    expect_error(r, 5, 5, "invalid UTF-8");
    expect_error(r, 7, 5, "invalid UTF-8");
    expect_error(r, 8, 3, "invalid UTF-8");
    expect_error(r, 9, 3, "invalid UTF-8");
    expect_end(r);
    je_csv_close(r);

    /* valid multi-byte text next to the end of input is fine */
    static const char good[] = "a,b\n段,\xF0\x9F\x98\x80";
    r = open_bytes(good, sizeof good - 1);
    header_ok(r);
    expect_row(r, 2, 2, "段", "\xF0\x9F\x98\x80");
    expect_end(r);
    je_csv_close(r);

    /* in the header */
    static const char badhead[] = "a,\xff\n1,2\n";
    r = open_bytes(badhead, sizeof badhead - 1);
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_csv_read_header(r, &e), JE_EDATA);
    cr_assert_eq(e.line, 1, "line %ld", e.line);
    cr_assert_eq(e.column, 3, "column %ld", e.column);
    je_csv_close(r);
}

Test(csv, field_pos_and_csv_error_count_characters)
{
    je_csv *r = open_str("名称,值,备注\n甲乙,\"丙\n丁\",戊\n");
    header_ok(r);
    expect_row(r, 2, 3, "甲乙", "丙\n丁", "戊");
    long line, col;
    je_csv_field_pos(r, 0, &line, &col);
    cr_assert(line == 2 && col == 1, "field 0 at %ld:%ld, expected 2:1", line, col);
    je_csv_field_pos(r, 1, &line, &col);
    cr_assert(line == 2 && col == 4, "field 1 at %ld:%ld, expected 2:4", line, col);
    je_csv_field_pos(r, 2, &line, &col);
    cr_assert(line == 3 && col == 4, "field 2 at %ld:%ld, expected 3:4", line, col);
    je_error e;
    cr_assert_eq(je_csv_error(r, 2, &e, "bad %s", "thing"), JE_EDATA);
    cr_assert(e.line == 3 && e.column == 4, "error at %ld:%ld, expected 3:4", e.line, e.column);
    cr_assert_str_eq(e.message, "bad thing");
    cr_assert_str_eq(e.field, "备注", "field name '%s'", e.field);
    cr_assert_str_eq(e.path, "mem.csv");
    cr_assert_str_eq(je_csv_path(r), "mem.csv");
    cr_assert_eq(je_csv_error(r, 0, NULL, "x"), JE_EDATA);
    je_csv_close(r);
}

Test(csv, a_row_longer_than_the_chunk_is_read_intact)
{
    size_t big = (size_t)3 << 20; /* 3 MiB */
    size_t cap = 3 * big + 256;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t n = 0;
    n += (size_t)sprintf(text + n, "a,b,c\n");
    /* unquoted 3 MiB field */
    for (size_t i = 0; i < big; i++)
        text[n++] = (char)('a' + i % 26);
    n += (size_t)sprintf(text + n, ",mid,\"");
    /* quoted 3 MiB field holding commas, newlines and doubled quotes; each "" counts
       one character of the field */
    size_t qlen = 0;
    for (size_t i = 0; qlen < big; i++, qlen++) {
        char c = "x,\n\"yz"[i % 6];
        text[n++] = c;
        if (c == '"')
            text[n++] = '"';
    }
    n += (size_t)sprintf(text + n, "\"\nafter,1,2\n");
    cr_assert(n < cap);

    const char *p = t_path("big.csv");
    t_write_bytes(p, text, n);
    for (int src = 0; src < 2; src++) {
        je_csv *r;
        je_error e;
        if (src == 0)
            cr_assert_eq(je_csv_open(p, &r, &e), JE_OK, "%s", e.message);
        else
            r = open_bytes(text, n);
        header_ok(r);
        int has;
        je_error_clear(&e);
        je_status st = je_csv_next(r, &has, &e);
        cr_assert_eq(st, JE_OK, "src %d: %s (%s at %ld:%ld)", src, je_status_name(st), e.message,
                     e.line, e.column);
        cr_assert_eq(has, 1);
        cr_assert_eq(je_csv_nfields(r), 3);
        cr_assert_eq(je_csv_field_len(r, 0), big, "src %d: field 0 length %zu, expected %zu", src,
                     je_csv_field_len(r, 0), big);
        const char *f0 = je_csv_field(r, 0);
        for (size_t i = 0; i < big; i++)
            if (f0[i] != (char)('a' + i % 26))
                cr_assert_fail("src %d: field 0 byte %zu is '%c', expected '%c'", src, i, f0[i],
                               (char)('a' + i % 26));
        cr_assert_str_eq(je_csv_field(r, 1), "mid");
        cr_assert_eq(je_csv_field_len(r, 2), big, "src %d: field 2 length %zu, expected %zu", src,
                     je_csv_field_len(r, 2), big);
        const char *f2 = je_csv_field(r, 2);
        for (size_t i = 0; i < big; i++)
            if (f2[i] != "x,\n\"yz"[i % 6])
                cr_assert_fail("src %d: field 2 byte %zu is 0x%02x, expected 0x%02x", src, i,
                               (unsigned char)f2[i], (unsigned char)"x,\n\"yz"[i % 6]);
        /* the quoted field held big/6 newlines: the next row's line follows them */
        long nl = (long)((big + 3) / 6);
        expect_row(r, 3 + nl, 3, "after", "1", "2");
        expect_end(r);
        je_csv_close(r);
    }
    free(text);
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    h ^= 0xff; /* field separator */
    h *= 1099511628211ull;
    return h;
}

static void hash_chunk(void *ctx, const unsigned char *bytes, size_t len)
{
    je_sha256_update(ctx, bytes, len);
}

Test(csv, rows_straddling_chunk_boundaries)
{
    /* ~5 MB of rows of varying shape: LF and CRLF, quoted fields with commas, doubled
       quotes and newlines, multi-byte UTF-8 — so every kind of boundary falls inside
       some row at some chunk edge. */
    size_t cap = 6u << 20, n = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    n += (size_t)sprintf(text + n, "id,name,note,value\n");
    uint64_t want = 1469598103934665603ull;
    long line = 2, last_line = 0;
    size_t rows = 0;
    char f[4][128];
    while (n < (size_t)5 << 20) {
        size_t i = rows;
        snprintf(f[0], sizeof f[0], "%zu", i);
        snprintf(f[1], sizeof f[1], "断面%zu号", i * 7919 % 100003);
        if (i % 3 == 0)
            snprintf(f[2], sizeof f[2], "plain%zu", i);
        else if (i % 3 == 1)
            snprintf(f[2], sizeof f[2], "a,\"b\"%zu", i);
        else
            snprintf(f[2], sizeof f[2], "two\nlines %zu", i);
        snprintf(f[3], sizeof f[3], "%zu.%03zu", i % 1000, i % 997);
        for (int k = 0; k < 4; k++)
            want = fnv(want, f[k], strlen(f[k]));
        last_line = line;
        /* write it */
        n += (size_t)sprintf(text + n, "%s,%s,", f[0], f[1]);
        if (i % 3 == 0)
            n += (size_t)sprintf(text + n, "%s", f[2]);
        else if (i % 3 == 1)
            n += (size_t)sprintf(text + n, "\"a,\"\"b\"\"%zu\"", i);
        else {
            n += (size_t)sprintf(text + n, "\"%s\"", f[2]);
            line++;
        }
        n += (size_t)sprintf(text + n, ",%s%s", f[3], i % 2 ? "\r\n" : "\n");
        line++;
        rows++;
        if (i % 1000 == 999) { /* a blank line now and then */
            text[n++] = '\n';
            line++;
        }
    }
    const char *p = t_path("rows.csv");
    t_write_bytes(p, text, n);

    char file_hex[65], chunk_hex[65];
    je_error e;
    cr_assert_eq(je_sha256_file(p, file_hex, &e), JE_OK);
    je_sha256 sh;
    je_sha256_init(&sh);

    je_csv *r;
    cr_assert_eq(je_csv_open(p, &r, &e), JE_OK, "%s", e.message);
    je_csv_on_chunk(r, hash_chunk, &sh);
    header_ok(r);
    uint64_t got = 1469598103934665603ull;
    size_t nrows = 0;
    int has;
    je_status st;
    long prev_line = 1;
    while ((st = je_csv_next(r, &has, &e)) == JE_OK && has) {
        cr_assert_eq(je_csv_nfields(r), 4, "row %zu: %zu fields", nrows, je_csv_nfields(r));
        for (size_t k = 0; k < 4; k++)
            got = fnv(got, je_csv_field(r, k), je_csv_field_len(r, k));
        char id[32];
        snprintf(id, sizeof id, "%zu", nrows);
        if (strcmp(je_csv_field(r, 0), id) != 0)
            cr_assert_fail("row %zu has id '%s' (line %ld)", nrows, je_csv_field(r, 0),
                           je_csv_line(r));
        cr_assert_gt(je_csv_line(r), prev_line);
        prev_line = je_csv_line(r);
        nrows++;
    }
    cr_assert_eq(st, JE_OK, "%s at %ld:%ld", e.message, e.line, e.column);
    cr_assert_eq(nrows, rows, "read %zu rows, wrote %zu", nrows, rows);
    cr_assert_eq(got, want, "field checksum %016llx, expected %016llx", (unsigned long long)got,
                 (unsigned long long)want);
    cr_assert_eq(prev_line, last_line, "last row at line %ld, expected %ld", prev_line, last_line);
    je_sha256_final_hex(&sh, chunk_hex);
    cr_assert_str_eq(chunk_hex, file_hex, "chunk hash %s, file hash %s", chunk_hex, file_hex);
    je_csv_close(r);
    free(text);
}

static void count_progress(void *ctx, uint64_t done, uint64_t total, const char *what)
{
    (void)what;
    uint64_t *c = ctx;
    cr_assert_leq(done, total, "progress %llu of %llu", (unsigned long long)done,
                  (unsigned long long)total);
    c[0]++;
    c[1] = done;
}

Test(csv, progress_reports_bytes_of_file_size)
{
    size_t n = 4 + ((size_t)9 << 20);
    char *text = malloc(n);
    cr_assert_not_null(text);
    memcpy(text, "a,b\n", 4);
    for (size_t i = 4; i < n; i += 8)
        memcpy(text + i, "123,456\n", 8);
    const char *p = t_path("progress.csv");
    t_write_bytes(p, text, n);
    free(text);
    je_csv *r;
    je_error e;
    cr_assert_eq(je_csv_open(p, &r, &e), JE_OK);
    uint64_t c[2] = {0, 0};
    je_csv_on_progress(r, count_progress, c);
    header_ok(r);
    int has;
    size_t rows = 0;
    while (je_csv_next(r, &has, &e) == JE_OK && has)
        rows++;
    cr_assert_eq(rows, (n - 4) / 8, "rows %zu", rows);
    cr_assert_geq(c[0], 2, "progress called %llu times for 9 MiB", (unsigned long long)c[0]);
    je_csv_close(r);
}

Test(csv, empty_file_and_missing_file)
{
    const char *p = t_path("empty.csv");
    t_write_bytes(p, "", 0);
    je_csv *r;
    je_error e;
    cr_assert_eq(je_csv_open(p, &r, &e), JE_OK, "%s", e.message);
    je_error_clear(&e);
    je_status st = je_csv_read_header(r, &e);
    cr_assert_eq(st, JE_EDATA, "empty file header: %s", je_status_name(st));
    cr_assert(strstr(e.message, "empty") != NULL, "message '%s'", e.message);
    cr_assert_eq(e.line, 1, "line %ld", e.line);
    je_csv_close(r);

    r = open_bytes("", 0);
    cr_assert_eq(je_csv_read_header(r, &e), JE_EDATA);
    je_csv_close(r);

    r = (je_csv *)1;
    st = je_csv_open(t_path("no-such-file.csv"), &r, &e);
    cr_assert_eq(st, JE_EIO, "missing file: %s", je_status_name(st));
    cr_assert_null(r);
    cr_assert(strstr(e.path, "no-such-file.csv") != NULL, "path '%s'", e.path);

    st = je_csv_open(t_tmpdir(), &r, &e);
    cr_assert_eq(st, JE_EIO, "directory: %s", je_status_name(st));
    je_csv_close(NULL);
}

Test(csv, rows_without_a_header)
{
    /* je_csv_next without a header: no field-count check */
    je_csv *r = open_str("1,2\n3\n4,5,6\n");
    expect_row(r, 1, 2, "1", "2");
    expect_row(r, 2, 1, "3");
    expect_row(r, 3, 3, "4", "5", "6");
    expect_end(r);
    je_csv_close(r);
}

/* ---- writing ------------------------------------------------------------------ */

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static je_status sbuf_write(void *ctx, const char *bytes, size_t len)
{
    sbuf *b = ctx;
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + len + 1)
            cap *= 2;
        b->p = realloc(b->p, cap);
        cr_assert_not_null(b->p);
        b->cap = cap;
    }
    memcpy(b->p + b->n, bytes, len);
    b->n += len;
    b->p[b->n] = '\0';
    return JE_OK;
}

static je_status fail_write(void *ctx, const char *bytes, size_t len)
{
    (void)ctx;
    (void)bytes;
    (void)len;
    return JE_EIO;
}

static const char *write_one(sbuf *b, const char *field)
{
    je_csv_writer *w;
    b->n = 0;
    sbuf_write(b, "", 0);
    cr_assert_eq(je_csv_writer_new(sbuf_write, b, &w), JE_OK);
    cr_assert_eq(je_csv_write_field(w, field), JE_OK);
    je_csv_writer_free(w);
    return b->p;
}

Test(csv, writer_quotes_only_when_needed)
{
    sbuf b = {0};
    struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},   {"", ""},
        {"段面 1", "段面 1"}, {"1.5", "1.5"},
        {"a,b", "\"a,b\""},   {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},   {"line\nbreak", "\"line\nbreak\""},
        {"cr\r", "\"cr\r\""}, {"a\r\nb", "\"a\r\nb\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = write_one(&b, cases[i].in);
        cr_assert_str_eq(got, cases[i].out, "field '%s' written as '%s', expected '%s'",
                         cases[i].in, got, cases[i].out);
    }
    cr_assert_str_eq(write_one(&b, NULL), "", "NULL written as '%s'", b.p);

    je_csv_writer *w;
    b.n = 0;
    cr_assert_eq(je_csv_writer_new(sbuf_write, &b, &w), JE_OK);
    je_csv_write_field(w, "a");
    je_csv_write_field(w, "b,c");
    je_csv_write_field(w, "");
    cr_assert_eq(je_csv_end_row(w), JE_OK);
    je_csv_write_field(w, "x");
    je_csv_end_row(w);
    cr_assert_str_eq(b.p, "a,\"b,c\",\nx\n", "rows written as '%s'", b.p);
    je_csv_writer_free(w);

    cr_assert_eq(je_csv_writer_new(fail_write, NULL, &w), JE_OK);
    cr_assert_eq(je_csv_write_field(w, "x"), JE_EIO);
    cr_assert_eq(je_csv_write_field(w, "q\"q"), JE_EIO);
    cr_assert_eq(je_csv_end_row(w), JE_EIO);
    je_csv_writer_free(w);
    free(b.p);
}

/* A small deterministic generator (xorshift64*). */
static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

Test(csv, writer_reader_round_trip)
{
    static const char *const atoms[] = {"a",  "Z",    "0",    "9",  ",",  "\"", "\n",
                                        "\r", "\r\n", " ",    "\t", "段", "é",  "\xF0\x9F\x98\x80",
                                        ";",  "'",    "\"\"", ",,"};
    const size_t natoms = sizeof atoms / sizeof atoms[0];
    enum { NROWS = 3000, NCOLS = 5 };
    rng_state = 0x5EED1234ABCDull;
    char *(*fields)[NCOLS] = calloc(NROWS, sizeof *fields);
    cr_assert_not_null(fields);
    sbuf b = {0};
    je_csv_writer *w;
    cr_assert_eq(je_csv_writer_new(sbuf_write, &b, &w), JE_OK);
    for (int c = 0; c < NCOLS; c++) {
        char h[8];
        snprintf(h, sizeof h, "c%d", c);
        je_csv_write_field(w, h);
    }
    je_csv_end_row(w);
    for (int i = 0; i < NROWS; i++) {
        for (int c = 0; c < NCOLS; c++) {
            size_t len = (size_t)(rng() % 12);
            char *f = calloc(1, len * 4 + 1);
            for (size_t k = 0; k < len; k++)
                strcat(f, atoms[rng() % natoms]);
            fields[i][c] = f;
            cr_assert_eq(je_csv_write_field(w, f), JE_OK);
        }
        cr_assert_eq(je_csv_end_row(w), JE_OK);
    }
    je_csv_writer_free(w);

    for (int src = 0; src < 2; src++) {
        je_csv *r;
        je_error e;
        if (src == 0) {
            r = open_bytes(b.p, b.n);
        } else {
            const char *p = t_path("roundtrip.csv");
            t_write_bytes(p, b.p, b.n);
            cr_assert_eq(je_csv_open(p, &r, &e), JE_OK);
        }
        header_ok(r);
        cr_assert_eq(je_csv_ncolumns(r), NCOLS);
        for (int i = 0; i < NROWS; i++) {
            int has = 0;
            je_error_clear(&e);
            je_status st = je_csv_next(r, &has, &e);
            cr_assert_eq(st, JE_OK, "row %d: %s (%s at %ld:%ld)", i, je_status_name(st), e.message,
                         e.line, e.column);
            cr_assert_eq(has, 1, "row %d missing", i);
            cr_assert_eq(je_csv_nfields(r), NCOLS, "row %d: %zu fields", i, je_csv_nfields(r));
            for (int c = 0; c < NCOLS; c++) {
                const char *got = je_csv_field(r, (size_t)c);
                if (strcmp(got, fields[i][c]) != 0 ||
                    je_csv_field_len(r, (size_t)c) != strlen(fields[i][c]))
                    cr_assert_fail("row %d col %d: read '%s', wrote '%s'", i, c, got, fields[i][c]);
            }
        }
        expect_end(r);
        je_csv_close(r);
    }
    for (int i = 0; i < NROWS; i++)
        for (int c = 0; c < NCOLS; c++)
            free(fields[i][c]);
    free(fields);
    free(b.p);
}

/* A broken record whose quoted field spans lines is one error, and reading resumes
 * on the line after it with the right line numbers (regression: it resumed inside
 * the record and reported a spurious second error). */
Test(csv_regression, broken_multiline_record_is_one_error)
{
    static const char text[] = "a,b\n\"x\ny\"z,1\nok,2\n";
    je_csv *r;
    je_error e;
    cr_assert_eq(je_csv_open_mem(text, sizeof text - 1, "m.csv", &r, &e), JE_OK);
    cr_assert_eq(je_csv_read_header(r, &e), JE_OK);
    int has, errors = 0, rows = 0;
    long err_line = 0, err_col = 0, ok_line = 0;
    for (;;) {
        je_status st = je_csv_next(r, &has, &e);
        if (st == JE_EDATA) {
            errors++;
            err_line = e.line;
            err_col = e.column;
            continue;
        }
        cr_assert_eq(st, JE_OK);
        if (!has)
            break;
        rows++;
        ok_line = je_csv_line(r);
        cr_assert_str_eq(je_csv_field(r, 0), "ok");
    }
    cr_assert_eq(errors, 1, "errors %d", errors);
    cr_assert_eq(err_line, 3, "error at line %ld", err_line);
    cr_assert_eq(err_col, 3, "error at column %ld", err_col);
    cr_assert_eq(rows, 1);
    cr_assert_eq(ok_line, 4, "the good row is on line %ld", ok_line);
    je_csv_close(r);
}
