/* gen_out.c — see gen_out.h. */
#include "gen_out.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "bench";

void gen_set_prog(const char *p)
{
    prog = p;
}

void gen_die(const char *what, const char *path)
{
    fprintf(stderr, "%s: %s %s: %s\n", prog, what, path, strerror(errno));
    exit(1);
}

void out_open(out *o, const char *path)
{
    o->path = path;
    o->fp = fopen(path, "wb");
    if (o->fp == NULL)
        gen_die("cannot create", path);
    o->cap = 1u << 22;
    o->buf = malloc(o->cap);
    o->len = 0;
    if (o->buf == NULL) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(1);
    }
}

void out_flush(out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->fp) != o->len)
        gen_die("cannot write", o->path);
    o->len = 0;
}

void out_close(out *o)
{
    out_flush(o);
    if (fclose(o->fp) != 0)
        gen_die("cannot write", o->path);
    free(o->buf);
}

char *out_room(out *o, size_t n)
{
    if (o->cap - o->len < n)
        out_flush(o);
    return o->buf + o->len;
}

void out_mem(out *o, const char *s, size_t n)
{
    memcpy(out_room(o, n), s, n);
    o->len += n;
}

void out_str(out *o, const char *s)
{
    out_mem(o, s, strlen(s));
}

void out_fixed(out *o, double v, int dec)
{
    static const double scale[] = {1, 10, 100, 1000, 10000};
    uint64_t m = (uint64_t)(v * scale[dec] + 0.5);
    char tmp[32];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + m % 10);
        m /= 10;
    } while (m > 0 || n <= dec);
    char *p = out_room(o, 32);
    size_t k = 0;
    for (int i = n - 1; i >= 0; i--) {
        p[k++] = tmp[i];
        if (i == dec && dec > 0)
            p[k++] = '.';
    }
    o->len += k;
}

void gen_write_jurisdictions(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/jurisdictions.csv", dir);
    out o;
    out_open(&o, path);
    out_str(&o, "code,name_zh,name_en,utc_offset\n"
                "510000,四川省,Sichuan Province,+08:00\n"
                "500000,重庆市,Chongqing Municipality,+08:00\n");
    out_close(&o);
}
