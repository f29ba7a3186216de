/*
 * migrate.c — versioned schema migrations, embedded in the library and applied on
 * open, each in its own transaction, recorded in schema_version.
 */
#include "store/internal.h"
#include "store/migrations.h"

#include <stdio.h>

je_status je_migrate(je_db *db, je_error *err);

int je_db_schema_latest(void)
{
    int v = 0;
    for (size_t i = 0; i < je_migrations_count; i++)
        if (je_migrations[i].version > v)
            v = je_migrations[i].version;
    return v;
}

int je_db_schema_version(je_db *db)
{
    sqlite3_stmt *s;
    int v = 0;
    if (sqlite3_prepare_v2(db->db, "SELECT max(version) FROM schema_version", -1, &s, NULL) ==
        SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            v = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    return v;
}

je_status je_migrate(je_db *db, je_error *err)
{
    je_status st = je_db_exec(db,
                              "CREATE TABLE IF NOT EXISTS schema_version ("
                              " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                              " applied_at INTEGER NOT NULL) STRICT",
                              err);
    if (st != JE_OK)
        return st;
    int have = je_db_schema_version(db);
    if (have > je_db_schema_latest())
        return je_error_set_at(err, JE_ESCHEMA, db->path, 0, 0, NULL,
                               "database schema version %d is newer than this jointenv (%d); "
                               "upgrade jointenv",
                               have, je_db_schema_latest());
    for (size_t i = 0; i < je_migrations_count; i++) {
        const je_migration *m = &je_migrations[i];
        if (m->version <= have)
            continue;
        if ((st = je_db_exec(db, "BEGIN IMMEDIATE", err)) != JE_OK)
            return st;
        if (je_db_schema_version(db) >= m->version) { /* another process applied it */
            sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
            continue;
        }
        char rec[256];
        snprintf(rec, sizeof rec,
                 "INSERT INTO schema_version(version, name, applied_at) VALUES (%d, '%s', %lld)",
                 m->version, m->name, (long long)je_db_now());
        if ((st = je_db_exec(db, m->sql, err)) != JE_OK ||
            (st = je_db_exec(db, rec, err)) != JE_OK) {
            sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
            return st;
        }
        if ((st = je_db_exec(db, "COMMIT", err)) != JE_OK)
            return st;
    }
    return JE_OK;
}
