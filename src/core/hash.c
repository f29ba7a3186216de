/*
 * hash.c — SHA-256 file fingerprints over libsodium (crypto_hash_sha256).
 */
#include "jointenv/core.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((je_sha256 *)0)->state),
               "je_sha256 state too small");

void je_sha256_init(je_sha256 *h) { crypto_hash_sha256_init((crypto_hash_sha256_state *)h->state); }

void je_sha256_update(je_sha256 *h, const void *bytes, size_t len)
{
    crypto_hash_sha256_update((crypto_hash_sha256_state *)h->state, bytes, len);
}

void je_sha256_final_hex(je_sha256 *h, char hex[65])
{
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final((crypto_hash_sha256_state *)h->state, out);
    sodium_bin2hex(hex, 65, out, sizeof out);
}

je_status je_sha256_file(const char *path, char hex[65], je_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    je_sha256 h;
    je_sha256_init(&h);
    unsigned char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        je_sha256_update(&h, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "read failed");
    je_sha256_final_hex(&h, hex);
    return JE_OK;
}
