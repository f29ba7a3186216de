/*
 * file.c — reading a whole file (jointenv/core.h): the one reader the rule files,
 * schemes, agreements and imports share.
 */
#include "jointenv/core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

je_status je_file_read(const char *path, size_t max_bytes, char **out, size_t *out_len,
                       je_error *err)
{
    *out = NULL;
    *out_len = 0;
    if (path == NULL)
        return je_error_set(err, JE_EINVAL, "no file name");
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    je_status st = JE_OK;
    while (buf) {
        if (n == cap) {
            char *nb = realloc(buf, (cap *= 2) + 1);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (max_bytes && n > max_bytes) {
            st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL,
                                 "the file is larger than %zu bytes", max_bytes);
            break;
        }
        if (k == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (buf == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory reading %s", path);
    if (st == JE_OK && bad)
        st = je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "error reading the file");
    if (st != JE_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return JE_OK;
}
