/* support.h — helpers shared by the tests: temp dirs, files, running the CLI,
 * and a content fingerprint of a database (to prove a rejected import changed
 * nothing). */
#ifndef JE_TEST_SUPPORT_H
#define JE_TEST_SUPPORT_H

#include <stddef.h>

/* A fresh empty directory under $TMPDIR (removed by t_cleanup). Returns its path. */
const char *t_tmpdir(void);
void t_cleanup(void);
/* Path "<tmpdir>/<name>" in a static rotating buffer (64 slots; copy it if you keep it). */
const char *t_path(const char *name);
/* Write/read whole files. t_read returns malloc'd NUL-terminated text (or NULL). */
void t_write(const char *path, const char *text);
void t_write_bytes(const char *path, const void *bytes, size_t n);
char *t_read(const char *path);
/* Path of a committed fixture: JE_SOURCE_DIR "/tests/data/<name>". */
const char *t_fixture(const char *name);

/* Run the jointenv binary with argv (NULL-terminated, without the program name),
 * stdin from /dev/null; capture stdout and stderr (malloc'd, may be NULL args).
 * Returns the exit code (or 128 + signal). */
int t_run(char **out, char **err, const char *const *args);

/* SHA-256 (hex) over the content of every user table of the database, rows in key
 * order: equal before and after means the content is unchanged. */
void t_db_fingerprint(const char *db_path, char hex[65]);
/* Run one SQL query returning a single integer. */
long long t_db_int(const char *db_path, const char *sql);

#endif
