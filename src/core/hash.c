/*
 * hash.c — SHA-256 file fingerprints over OpenSSL's EVP interface (libcrypto).
 * OpenSSL is used rather than libsodium here only for speed: its SHA-256 uses the
 * x86 SHA extensions, and the import hashes every byte it reads.
 */
#include "jointenv/core.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

je_status je_sha256_init(je_sha256 *h)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    h->ctx_ = ctx;
    if (ctx == NULL)
        return JE_ENOMEM;
    if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        je_sha256_free(h);
        return JE_EINTERNAL;
    }
    return JE_OK;
}

void je_sha256_update(je_sha256 *h, const void *bytes, size_t len)
{
    if (h->ctx_ && len > 0)
        EVP_DigestUpdate(h->ctx_, bytes, len);
}

void je_sha256_final_hex(je_sha256 *h, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    hex[0] = '\0';
    if (h->ctx_ == NULL || EVP_DigestFinal_ex(h->ctx_, out, &n) != 1 || n != 32) {
        je_sha256_free(h);
        return;
    }
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[out[i] >> 4];
        hex[2 * i + 1] = digits[out[i] & 15];
    }
    hex[64] = '\0';
    je_sha256_free(h);
}

void je_sha256_free(je_sha256 *h)
{
    EVP_MD_CTX_free(h->ctx_);
    h->ctx_ = NULL;
}

je_status je_sha256_file(const char *path, char hex[65], je_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    je_sha256 h;
    if (je_sha256_init(&h) != JE_OK) {
        fclose(f);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    unsigned char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        je_sha256_update(&h, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        je_sha256_free(&h);
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "read failed");
    }
    je_sha256_final_hex(&h, hex);
    return hex[0] ? JE_OK : je_error_set(err, JE_EINTERNAL, "SHA-256 failed");
}
