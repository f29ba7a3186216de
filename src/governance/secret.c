/*
 * secret.c — passwords (Argon2id), API tokens, hex, and the audit chain's hash.
 * libsodium does the cryptography; sodium_init() is called before first use (it is
 * idempotent and thread-safe).
 */
#include "jointenv/governance.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define TOKEN_PREFIX "jet_"
#define TOKEN_BYTES 32

_Static_assert(crypto_pwhash_STRBYTES <= JE_GOV_PWHASH_MAX, "password hash buffer");

je_status je_gov_password_hash(const char *password, char out[JE_GOV_PWHASH_MAX], je_error *err)
{
    size_t n = password ? strlen(password) : 0;
    if (n == 0 || n > 1024)
        return je_error_set(err, JE_EINVAL, "a password must have 1 to 1024 bytes");
    if (sodium_init() < 0)
        return je_error_set(err, JE_EINTERNAL, "libsodium could not be initialised");
    /* INTERACTIVE: 64 MiB, 2 passes (see governance.h for why not MODERATE). */
    if (crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return je_error_set(err, JE_ENOMEM, "out of memory hashing the password (needs 64 MiB)");
    return JE_OK;
}

int je_gov_password_check(const char *hash, const char *password)
{
    if (hash == NULL || password == NULL || sodium_init() < 0)
        return 0;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void je_gov_token_new(char text[JE_GOV_TOKEN_CHARS], unsigned char hash[32])
{
    unsigned char secret[TOKEN_BYTES];
    if (sodium_init() < 0) {
        /* cannot happen once libsodium loaded; never hand out a predictable token */
        memset(text, 0, JE_GOV_TOKEN_CHARS);
        memset(hash, 0, 32);
        return;
    }
    randombytes_buf(secret, sizeof secret);
    memcpy(text, TOKEN_PREFIX, 4);
    sodium_bin2base64(text + 4, JE_GOV_TOKEN_CHARS - 4, secret, sizeof secret,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    crypto_generichash(hash, 32, secret, sizeof secret, NULL, 0);
    sodium_memzero(secret, sizeof secret);
}

je_status je_gov_token_hash(const char *text, unsigned char hash[32], je_error *err)
{
    unsigned char secret[TOKEN_BYTES];
    size_t n = 0;
    if (sodium_init() < 0)
        return je_error_set(err, JE_EINTERNAL, "libsodium could not be initialised");
    if (text == NULL || strncmp(text, TOKEN_PREFIX, 4) != 0 ||
        sodium_base642bin(secret, sizeof secret, text + 4, strlen(text + 4), NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        n != TOKEN_BYTES)
        return je_error_set(err, JE_EINVAL,
                            "not a jointenv API token (expected jet_ and 43 characters)");
    crypto_generichash(hash, 32, secret, sizeof secret, NULL, 0);
    sodium_memzero(secret, sizeof secret);
    return JE_OK;
}

void je_gov_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

je_status je_gov_unhex(const char *text, unsigned char *out, size_t n, je_error *err)
{
    size_t len = text ? strlen(text) : 0;
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
        len--;
    size_t got = 0;
    if (len != 2 * n || sodium_hex2bin(out, n, text, len, NULL, &got, NULL) != 0 || got != n)
        return je_error_set(err, JE_EINVAL, "expected %zu hexadecimal digits", 2 * n);
    return JE_OK;
}

static void put_u64(crypto_generichash_state *h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    crypto_generichash_update(h, b, 8);
}

static void put_text(crypto_generichash_state *h, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_u64(h, s ? (uint64_t)n : UINT64_MAX); /* NULL differs from "" */
    if (n)
        crypto_generichash_update(h, (const unsigned char *)s, n);
}

void je_audit_entry_hash(const unsigned char prev[32], int64_t seq, int64_t at, const char *actor,
                         const char *jurisdiction, const char *tbl, const char *record_key,
                         const char *action, const char *before, const char *after,
                         unsigned char out[32])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    crypto_generichash_update(&h, prev, 32);
    put_u64(&h, (uint64_t)seq);
    put_u64(&h, (uint64_t)at);
    put_text(&h, actor);
    put_text(&h, jurisdiction);
    put_text(&h, tbl);
    put_text(&h, record_key);
    put_text(&h, action);
    put_text(&h, before);
    put_text(&h, after);
    crypto_generichash_final(&h, out, 32);
}

void je_audit_keygen(unsigned char pk[32], unsigned char sk[64])
{
    if (sodium_init() < 0) {
        memset(pk, 0, 32);
        memset(sk, 0, 64);
        return;
    }
    crypto_sign_keypair(pk, sk);
}
