/*
 * generation.c — je_db_generation (jointenv/store.h): the newest audit entry and
 * import batch, read through one statement kept prepared on the handle.
 */
#include "store/internal.h"

je_status je_db_generation(je_db *db, int64_t *out, je_error *err)
{
    if (db->generation == NULL &&
        sqlite3_prepare_v3(db->db,
                           "SELECT coalesce((SELECT max(seq) FROM audit_log), 0),"
                           " coalesce((SELECT max(id) FROM import_batch), 0)",
                           -1, SQLITE_PREPARE_PERSISTENT, &db->generation, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the database generation");
    int rc = sqlite3_step(db->generation);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(db->generation, 0) * 1000003 +
               sqlite3_column_int64(db->generation, 1);
    sqlite3_reset(db->generation);
    return rc == SQLITE_ROW ? JE_OK : je_db_fail(db, err, "reading the database generation");
}
