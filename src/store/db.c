/*
 * db.c — opening the SQLite store, its settings, and error translation.
 */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

je_status je_migrate(je_db *db, je_error *err); /* migrate.c */

int64_t je_db_now(void)
{
    return (int64_t)time(NULL);
}

je_status je_db_fail(je_db *db, je_error *err, const char *what)
{
    int code = sqlite3_extended_errcode(db->db) & 0xff;
    je_status st = code == SQLITE_CONSTRAINT ? JE_ECONFLICT
                   : (code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN ||
                      code == SQLITE_READONLY)
                       ? JE_EIO
                       : JE_EDB;
    const char *hint = code == SQLITE_BUSY       ? " (another jointenv is writing; try again)"
                       : code == SQLITE_FULL     ? " (the disk is full)"
                       : code == SQLITE_NOTADB   ? " (the file is not a jointenv database)"
                       : code == SQLITE_READONLY ? " (the database file is read-only)"
                                                 : "";
    return je_error_set_at(err, st, db->path, 0, 0, NULL, "%s: %s%s", what, sqlite3_errmsg(db->db),
                           hint);
}

je_status je_db_exec(je_db *db, const char *sql, je_error *err)
{
    if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "database");
    return JE_OK;
}

je_status je_db_open(const char *path, je_db **out, je_error *err)
{
    *out = NULL;
    je_db *db = calloc(1, sizeof *db);
    if (db == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    snprintf(db->path, sizeof db->path, "%s", path);
    je_gov_act_local_admin(db); /* see governance.h: the file's holder */
    int rc = sqlite3_open_v2(
        path, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    je_status st;
    if (rc != SQLITE_OK) {
        st = je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "cannot open database: %s",
                             db->db ? sqlite3_errmsg(db->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(db->db, 5000);
    /* WAL: readers never block the writer; a crash loses nothing committed.
       synchronous=NORMAL is durable across application crashes in WAL mode (a power
       loss may roll back the last commits, never corrupt). */
    if ((st = je_db_exec(db,
                         "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                         "PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;"
                         "PRAGMA temp_store=MEMORY;",
                         err)) != JE_OK)
        goto fail;
    if ((st = je_migrate(db, err)) != JE_OK)
        goto fail;
    *out = db;
    return JE_OK;
fail:
    je_db_close(db);
    return st;
}

void je_db_close(je_db *db)
{
    if (db == NULL)
        return;
    sqlite3_finalize(db->generation);
    sqlite3_close_v2(db->db);
    free(db);
}

void je_db_set_actor(je_db *db, const char *actor)
{
    /* A label for the local administrator only: a logged-in user is who they are. */
    if (db->who.local_admin)
        snprintf(db->actor, sizeof db->actor, "%s", actor && *actor ? actor : "local-admin");
}

je_status je_db_collect(je_db *db, sqlite3_stmt *s, size_t size, je_row_reader read,
                        const char *what, void **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    size_t n = 0, cap = 0;
    char *v = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char *bigger = realloc(v, ncap * size);
            if (bigger == NULL) {
                free(v);
                sqlite3_finalize(s);
                return je_error_set(err, JE_ENOMEM, "out of memory %s", what);
            }
            v = bigger;
            cap = ncap;
        }
        memset(v + n * size, 0, size);
        read(s, v + n * size);
        n++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(v);
        return je_db_fail(db, err, what);
    }
    *out = v;
    *out_n = n;
    return JE_OK;
}

void je_db_copy_text(char *dst, size_t size, sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    snprintf(dst, size, "%s", t ? (const char *)t : "");
}

int je_db_prepare_all(je_db *db, const char *const *sql, sqlite3_stmt **all, size_t n)
{
    memset(all, 0, n * sizeof *all);
    for (size_t i = 0; i < n; i++)
        if (sqlite3_prepare_v2(db->db, sql[i], -1, &all[i], NULL) != SQLITE_OK)
            return 0;
    return 1;
}

void je_db_finalize_all(sqlite3_stmt **all, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sqlite3_finalize(all[i]);
}
