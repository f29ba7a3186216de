/*
 * bundle.c — checking a signed audit bundle without the database it came from
 * (the format: je_audit_export in governance.h and docs/governance.md).
 */
#include "jointenv/governance.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* One entry line: recompute its hash and check it follows `prev`. */
static je_status check_entry(json_t *o, unsigned char prev[32], int64_t *seq, je_error *err)
{
    unsigned char ph[32], h[32], want[32];
    *seq = (int64_t)json_integer_value(json_object_get(o, "seq"));
    if (!json_is_integer(json_object_get(o, "seq")) || !str(o, "tbl") || !str(o, "action") ||
        je_gov_unhex(str(o, "prev_hash"), ph, 32, NULL) != JE_OK ||
        je_gov_unhex(str(o, "hash"), h, 32, NULL) != JE_OK)
        return je_error_set(err, JE_EDATA, "bundle entry %lld is malformed", (long long)*seq);
    if (sodium_memcmp(ph, prev, 32) != 0)
        return je_error_set(err, JE_EDATA,
                            "bundle entry %lld does not follow the entry before it (chain broken)",
                            (long long)*seq);
    je_audit_entry_hash(ph, *seq, (int64_t)json_integer_value(json_object_get(o, "at")),
                        str(o, "actor"), str(o, "jurisdiction"), str(o, "tbl"),
                        str(o, "record_key"), str(o, "action"), str(o, "before"), str(o, "after"),
                        want);
    if (sodium_memcmp(want, h, 32) != 0)
        return je_error_set(err, JE_EDATA, "bundle entry %lld does not match its hash",
                            (long long)*seq);
    memcpy(prev, h, 32);
    return JE_OK;
}

je_status je_audit_verify_bundle(const char *text, size_t len, const unsigned char pk[32],
                                 je_bundle_info *info, je_error *err)
{
    memset(info, 0, sizeof *info);
    if (sodium_init() < 0)
        return je_error_set(err, JE_EINTERNAL, "libsodium could not be initialised");
    /* The signature line is the last line; it signs every byte before it. */
    size_t end = len;
    while (end > 0 && text[end - 1] == '\n')
        end--;
    size_t start = end;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    json_t *sigline = json_loadb(text + start, end - start, 0, NULL);
    unsigned char sig[crypto_sign_BYTES];
    je_status st = JE_OK;
    if (start == 0 || sigline == NULL ||
        je_gov_unhex(str(sigline, "signature"), sig, sizeof sig, NULL) != JE_OK)
        st = je_error_set(err, JE_EDATA,
                          "not a jointenv audit bundle: no signature line at the end");
    json_decref(sigline);
    if (st != JE_OK)
        return st;
    if (crypto_sign_verify_detached(sig, (const unsigned char *)text, start, pk) != 0)
        return je_error_set(err, JE_EDATA,
                            "bad signature: the bundle was changed after it was signed, or it "
                            "was not signed with the secret key of this public key");
    /* Signed; now the chain inside it. */
    unsigned char prev[32];
    size_t pos = 0, count = 0;
    while (pos < start && st == JE_OK) {
        const char *nl = memchr(text + pos, '\n', start - pos);
        size_t lend = nl ? (size_t)(nl - text) : start;
        json_t *o = json_loadb(text + pos, lend - pos, 0, NULL);
        if (o == NULL) {
            st = je_error_set(err, JE_EDATA, "bundle line %zu is not JSON", count + 1);
        } else if (count == 0) {
            const char *f = str(o, "format");
            if (f == NULL || strcmp(f, "jointenv-audit-bundle/1") != 0 ||
                je_gov_unhex(str(o, "prev_hash"), prev, 32, NULL) != JE_OK)
                st = je_error_set(err, JE_EDATA, "unknown bundle format (jointenv-audit-bundle/1)");
            else {
                snprintf(info->signer, sizeof info->signer, "%s",
                         str(o, "signer") ? str(o, "signer") : "");
                info->from_seq = (int64_t)json_integer_value(json_object_get(o, "from_seq"));
                info->to_seq = (int64_t)json_integer_value(json_object_get(o, "to_seq"));
                info->entries = (int64_t)json_integer_value(json_object_get(o, "entries"));
                snprintf(info->head_hash, sizeof info->head_hash, "%s",
                         str(o, "head_hash") ? str(o, "head_hash") : "");
            }
        } else {
            int64_t seq;
            if ((st = check_entry(o, prev, &seq, err)) == JE_OK &&
                seq != info->from_seq + (int64_t)count - 1)
                st = je_error_set(err, JE_EDATA, "bundle entry %lld is out of sequence",
                                  (long long)seq);
        }
        json_decref(o);
        count++;
        pos = lend + 1;
    }
    if (st == JE_OK && (int64_t)count - 1 != info->entries)
        st = je_error_set(err, JE_EDATA, "the bundle says %lld entries but holds %zu",
                          (long long)info->entries, count ? count - 1 : 0);
    if (st == JE_OK) {
        char hh[65];
        je_gov_hex(prev, 32, hh);
        if (strcmp(hh, info->head_hash) != 0)
            st = je_error_set(err, JE_EDATA, "the bundle's head hash is not its last entry's");
    }
    return st;
}
