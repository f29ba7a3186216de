/*
 * audit.c — appending to the hash-chained audit log.
 *
 * hash(n) = BLAKE2b-256(hash(n-1) || seq || at || actor || jurisdiction || tbl ||
 *                       record_key || action || before || after)
 * with each text field length-prefixed (8-byte little-endian length) so that no two
 * different entries can hash the same bytes. Entry 1 chains from 32 zero bytes.
 * (je_audit_entry_hash in src/governance/secret.c; governance.h documents it.)
 * Verification and signed export: audit_log.c.
 */
#include "store/internal.h"

#include <string.h>

#define HASH_BYTES 32

je_status je_audit_append(je_db *db, const char *jurisdiction, const char *tbl,
                          const char *record_key, const char *action, const char *before,
                          const char *after, je_error *err)
{
    unsigned char prev[HASH_BYTES] = {0};
    int64_t seq = 1;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db->db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1,
                           &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the audit log");
    if (sqlite3_step(s) == SQLITE_ROW) {
        seq = sqlite3_column_int64(s, 0) + 1;
        if (sqlite3_column_bytes(s, 1) == HASH_BYTES)
            memcpy(prev, sqlite3_column_blob(s, 1), HASH_BYTES);
    }
    sqlite3_finalize(s);

    int64_t at = je_db_now();
    unsigned char hash[HASH_BYTES];
    je_audit_entry_hash(prev, seq, at, db->actor, jurisdiction, tbl, record_key, action, before,
                        after, hash);

    if (sqlite3_prepare_v2(db->db,
                           "INSERT INTO audit_log(seq, at, actor, jurisdiction, tbl, record_key,"
                           " action, before, after, prev_hash, hash)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "writing the audit log");
    sqlite3_bind_int64(s, 1, seq);
    sqlite3_bind_int64(s, 2, at);
    sqlite3_bind_text(s, 3, db->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, jurisdiction, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, record_key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, before, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, after, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 10, prev, HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob(s, 11, hash, HASH_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return je_db_fail(db, err, "writing the audit log");
    return JE_OK;
}
