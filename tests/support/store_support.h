/* store_support.h — helpers the store-import tests share: open a database, import a
 * file that must be accepted, import one that must be rejected at a given
 * line:column with the database left exactly as it was. */
#ifndef JE_TEST_STORE_SUPPORT_H
#define JE_TEST_STORE_SUPPORT_H

#include "jointenv/store.h"

typedef je_status (*t_import_fn)(je_db *, const char *, const je_import_opts *, je_import_report *,
                                 je_error *);

/* Open (creating) a database; the test fails if it cannot. */
je_db *t_open_db(const char *path);
/* Import `file`; the test fails unless it is accepted without errors. */
void t_import_ok(je_db *db, t_import_fn fn, const char *file, const je_import_opts *o,
                 je_import_report *rep);
/* Write `text` to <tmpdir>/name; returns the path (a t_path slot). */
const char *t_file_with(const char *name, const char *text);
/* Import `file`, which must be rejected (JE_EDATA) with its first error at line:col
 * containing `msg` (and `total` errors in all unless 0), and leave the database's
 * content, batches and audit log unchanged. */
void t_expect_rejected(const char *db_path, je_db *db, t_import_fn fn, const char *file,
                       const je_import_opts *o, long line, long col, const char *msg, size_t total);
/* 1-based character column of field k of a simple (unquoted) CSV row. */
long t_char_col(const char *row, int k);

#endif
