/* support.c — see support.h. */
#include "support/support.h"

#include "jointenv/core.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[512];

const char *t_tmpdir(void)
{
    if (tmpdir[0] == '\0') {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/jetest.XXXXXX", base && *base ? base : "/tmp");
        if (mkdtemp(tmpdir) == NULL) {
            perror("mkdtemp");
            abort();
        }
    }
    return tmpdir;
}

void t_cleanup(void)
{
    if (tmpdir[0]) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "cleanup of %s failed\n", tmpdir);
        tmpdir[0] = '\0';
    }
}

const char *t_path(const char *name)
{
    static char slots[64][768];
    static int next;
    char *p = slots[next++ % 64];
    snprintf(p, 768, "%s/%s", t_tmpdir(), name);
    return p;
}

const char *t_fixture(const char *name)
{
    static char slots[8][768];
    static int next;
    char *p = slots[next++ % 8];
    snprintf(p, 768, "%s/tests/data/%s", JE_SOURCE_DIR, name);
    return p;
}

void t_write_bytes(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(bytes, 1, n, f) != n) {
        perror(path);
        abort();
    }
    fclose(f);
}

void t_write(const char *path, const char *text)
{
    t_write_bytes(path, text, strlen(text));
}

char *t_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

int t_run(char **out, char **err, const char *const *args)
{
    char ofile[768], efile[768];
    snprintf(ofile, sizeof ofile, "%s/.run.out", t_tmpdir());
    snprintf(efile, sizeof efile, "%s/.run.err", t_tmpdir());
    size_t n = 0;
    while (args[n])
        n++;
    char **argv = calloc(n + 2, sizeof *argv);
    argv[0] = (char *)JE_BINARY;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = (char *)args[i];
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int fo = open(ofile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(efile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(in, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(JE_BINARY, argv);
        _exit(127);
    }
    free(argv);
    int status = 0;
    waitpid(pid, &status, 0);
    if (out)
        *out = t_read(ofile);
    if (err)
        *err = t_read(efile);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void t_db_fingerprint(const char *db_path, char hex[65])
{
    sqlite3 *db;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot open %s\n", db_path);
        abort();
    }
    je_sha256 h;
    if (je_sha256_init(&h) != JE_OK)
        abort();
    sqlite3_stmt *tables;
    sqlite3_prepare_v2(db,
                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                       -1, &tables, NULL);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char sql[300];
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        je_sha256_update(&h, name, strlen(name) + 1);
        /* every table's rows in a stable order: by all columns */
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1, 2", name);
        sqlite3_stmt *rows;
        if (sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK)
            continue;
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(rows); c++) {
                const void *b = sqlite3_column_blob(rows, c);
                int nb = sqlite3_column_bytes(rows, c);
                int type = sqlite3_column_type(rows, c);
                je_sha256_update(&h, &type, sizeof type);
                je_sha256_update(&h, &nb, sizeof nb);
                if (b && nb > 0)
                    je_sha256_update(&h, b, (size_t)nb);
            }
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    je_sha256_final_hex(&h, hex);
}

long long t_db_int(const char *db_path, const char *sql)
{
    sqlite3 *db;
    long long v = -1;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            v = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return v;
}
