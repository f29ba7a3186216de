/* The kill test: an import killed with SIGKILL in the middle leaves the database
 * exactly as it was before the import, intact, and usable. */
#include "support/support.h"

#include "jointenv/store.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(crash, .fini = cleanup, .timeout = 300);

#define BIG_ROWS 300000

static const char *const sections[] = {"JL01", "JL02", "JL03", "TJ01", "TJ02"};

/* ~13 MB of wide rows for the fixture sections, each (section, time) distinct, in
 * 2000–2001 (the fixtures' samples are in 2022). */
static void make_big(const char *path)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    fputs("section,sampled_at,ph,do,nh3n,tp,codmn\n", f);
    int64_t day0 = je_days_from_civil(2000, 1, 1);
    for (int i = 0; i < BIG_ROWS; i++) {
        int k = i / 5;
        int64_t minutes = (int64_t)k * 10;
        int y, m, d;
        je_civil_from_days(day0 + minutes / 1440, &y, &m, &d);
        int hh = (int)(minutes % 1440 / 60), mm = (int)(minutes % 60);
        fprintf(f, "%s,%04d-%02d-%02dT%02d:%02d,7.%d,8.%d,0.%03d,0.0%d,2.%d\n", sections[i % 5], y,
                m, d, hh, mm, i % 10, i % 7, i % 1000, i % 10, i % 9);
    }
    cr_assert_eq(fclose(f), 0);
}

static void import_ok(je_db *db,
                      je_status (*fn)(je_db *, const char *, const je_import_opts *,
                                      je_import_report *, je_error *),
                      const char *file)
{
    je_import_report rep;
    je_error e;
    je_error_clear(&e);
    je_status st = fn(db, file, NULL, &rep, &e);
    cr_assert_eq(st, JE_OK, "import %s: %s: %s (%zu errors)", file, je_status_name(st), e.message,
                 rep.errors.total);
    je_import_report_free(&rep);
}

/* A fresh database at path with the fixtures. */
static void make_db(const char *path)
{
    char side[800];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    je_db *db;
    je_error e;
    cr_assert_eq(je_db_open(path, &db, &e), JE_OK, "%s", e.message);
    import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"));
    import_ok(db, je_import_sections, t_fixture("sections_small.csv"));
    import_ok(db, je_import_water_samples, t_fixture("samples_small_wide.csv"));
    je_db_close(db);
}

static void integrity_ok(const char *path)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK, "%s",
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "%s", sqlite3_errmsg(db));
    char result[256];
    snprintf(result, sizeof result, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    cr_assert_str_eq(result, "ok", "integrity_check: %s", result);
}

/* After a kill: the database opens, is intact, holds exactly what it held before,
 * and takes a normal import. `tag` names the attempt in messages. */
static void check_after_kill(const char *path, const char *before, const char *tag)
{
    je_db *db = NULL;
    je_error e;
    je_error_clear(&e);
    je_status st = je_db_open(path, &db, &e);
    cr_assert_eq(st, JE_OK, "%s: reopening after the kill: %s: %s", tag, je_status_name(st),
                 e.message);
    cr_assert_eq(je_db_schema_version(db), je_db_schema_latest());
    integrity_ok(path);
    char after[65];
    t_db_fingerprint(path, after);
    cr_assert_str_eq(after, before, "%s: database changed by a killed import (%s, was %s)", tag,
                     after, before);
    int64_t ns = -1, nv = -1;
    cr_assert_eq(je_store_water_counts(db, &ns, &nv, &e), JE_OK);
    cr_assert_eq(ns, 5, "%s: %lld samples after the kill, expected the fixture's 5", tag,
                 (long long)ns);
    cr_assert_eq(t_db_int(path, "SELECT count(*) FROM import_batch"), 3,
                 "%s: import batches %lld, expected 3", tag,
                 t_db_int(path, "SELECT count(*) FROM import_batch"));
    /* one entry per import batch (the registry records have theirs besides) */
    cr_assert_eq(t_db_int(path, "SELECT count(*) FROM audit_log WHERE tbl = 'import_batch'"), 3);
    je_db_close(db);
}

static void small_import_works(const char *path)
{
    const char *small = t_path("after.csv");
    t_write(small, "section,sampled_at,ph,nh3n\nJL03,2022-06-01T09:00,7.2,0.4\n"
                   "TJ01,2022-06-01T09:00,7.3,0.5\n");
    je_db *db;
    je_error e;
    cr_assert_eq(je_db_open(path, &db, &e), JE_OK, "%s", e.message);
    int64_t n0, ns, nv;
    cr_assert_eq(je_store_water_counts(db, &n0, &nv, &e), JE_OK);
    import_ok(db, je_import_water_samples, small);
    cr_assert_eq(je_store_water_counts(db, &ns, &nv, &e), JE_OK);
    cr_assert_eq(ns, n0 + 2, "samples %lld after a normal import, expected %lld", (long long)ns,
                 (long long)(n0 + 2));
    je_db_close(db);
    integrity_ok(path);
}

/* ---- in-process child: killed once its progress shows it is mid-import ----------- */

static int progress_fd = -1;

static void on_progress(void *ctx, uint64_t done, uint64_t total, const char *what)
{
    (void)ctx;
    (void)what;
    (void)total;
    (void)done;
    char c = 'p';
    if (write(progress_fd, &c, 1) != 1)
        _exit(9);
}

/* Run the big import in a child; kill it after its `nth` progress report. */
static void kill_after_progress(const char *dbp, const char *big, int nth, const char *before)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1, "fork: %s", strerror(errno));
    if (pid == 0) {
        close(fds[0]);
        progress_fd = fds[1];
        je_db *db;
        je_error e;
        if (je_db_open(dbp, &db, &e) != JE_OK)
            _exit(2);
        je_import_opts o = {0};
        o.progress = on_progress;
        je_import_report rep;
        je_status st = je_import_water_samples(db, big, &o, &rep, &e);
        _exit(st == JE_OK ? 0 : 3);
    }
    close(fds[1]);
    int seen = 0;
    while (seen < nth) {
        struct pollfd p = {fds[0], POLLIN, 0};
        int r = poll(&p, 1, 120000);
        if (r <= 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            cr_assert_fail("no progress from the importing child in 120 s");
        }
        char c;
        ssize_t n = read(fds[0], &c, 1);
        if (n <= 0) {
            int status;
            waitpid(pid, &status, 0);
            cr_assert_fail("the child ended before progress report %d (status 0x%x)", nth, status);
        }
        seen++;
    }
    cr_assert_eq(kill(pid, SIGKILL), 0);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    close(fds[0]);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
              "the child was not killed mid-import (status 0x%x)", status);
    char tag[64];
    snprintf(tag, sizeof tag, "killed after progress %d", nth);
    check_after_kill(dbp, before, tag);
}

Test(crash, sigkill_mid_import_leaves_the_database_as_it_was)
{
    char dbp[768], big[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("crash.db"));
    snprintf(big, sizeof big, "%s", t_path("big.csv"));
    make_db(dbp);
    make_big(big);
    char before[65];
    t_db_fingerprint(dbp, before);
    integrity_ok(dbp);
    kill_after_progress(dbp, big, 1, before);
    kill_after_progress(dbp, big, 2, before);
    small_import_works(dbp);
}

/* ---- the CLI, killed while it reads the file, or around its commit ------------- */

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* The read offset of `path` in process pid (from /proc), or -1 when it does not have
 * the file open (yet, or any more). */
static long long read_offset(pid_t pid, const char *path)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    long long pos = -1;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && pos < 0) {
        char link[600], target[1024];
        snprintf(link, sizeof link, "%s/%s", dir, de->d_name);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n <= 0)
            continue;
        target[n] = '\0';
        if (strcmp(target, path) != 0)
            continue;
        char info[600];
        snprintf(info, sizeof info, "/proc/%d/fdinfo/%s", (int)pid, de->d_name);
        FILE *f = fopen(info, "r");
        if (f == NULL)
            continue;
        char line[128];
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "pos: %lld", &pos) == 1)
                break;
        fclose(f);
    }
    closedir(d);
    return pos;
}

static pid_t start_cli(const char *dbp, const char *big)
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int nul = open("/dev/null", O_RDWR);
        dup2(nul, 0);
        dup2(nul, 1);
        dup2(nul, 2);
        execl(JE_BINARY, JE_BINARY, "--db", dbp, "import", "water-samples", big, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Wait until the CLI has read at least `at` bytes of big (-1: the child ended). */
static long long wait_for_offset(pid_t pid, const char *big, long long at)
{
    for (int w = 0; w < 120000; w++) {
        long long pos = read_offset(pid, big);
        if (pos >= at)
            return pos;
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid)
            cr_assert_fail("the CLI ended (status 0x%x) before reading %lld bytes", status, at);
        sleep_ms(1);
    }
    cr_assert_fail("the CLI did not read %lld bytes in 120 s", at);
    return -1;
}

Test(crash, sigkill_of_the_cli_while_it_reads)
{
    if (access("/proc/self/fdinfo", R_OK) != 0)
        cr_skip_test("no /proc/PID/fdinfo here to see how far the import got");
    char dbp[768], big[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("cli-crash.db"));
    snprintf(big, sizeof big, "%s", t_path("big.csv"));
    make_big(big);
    char real[1024];
    cr_assert_not_null(realpath(big, real));
    struct stat st;
    cr_assert_eq(stat(big, &st), 0);
    make_db(dbp);
    char before[65];
    t_db_fingerprint(dbp, before);
    pid_t pid = start_cli(dbp, real);
    long long pos = wait_for_offset(pid, real, 4ll << 20);
    cr_assert_eq(kill(pid, SIGKILL), 0);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status 0x%x", status);
    cr_assert_lt(pos, (long long)st.st_size, "killed after reading the whole file (%lld)", pos);
    char tag[96];
    snprintf(tag, sizeof tag, "CLI killed at byte %lld of %lld", pos, (long long)st.st_size);
    check_after_kill(dbp, before, tag);
    small_import_works(dbp);
}

static long long file_size(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

/* Killed after the whole file is read, once its WAL starts to grow (the commit writing
 * its pages) or a little later, the import is all or nothing:
 * the database holds the fixtures alone, or the fixtures and every row of the file,
 * and is intact either way. */
Test(crash, sigkill_of_the_cli_around_its_commit_is_all_or_nothing)
{
    if (access("/proc/self/fdinfo", R_OK) != 0)
        cr_skip_test("no /proc/PID/fdinfo here to see how far the import got");
    char dbp[768], big[768], wal[800];
    snprintf(dbp, sizeof dbp, "%s", t_path("cli-commit.db"));
    snprintf(big, sizeof big, "%s", t_path("big.csv"));
    snprintf(wal, sizeof wal, "%s-wal", dbp);
    make_big(big);
    char real[1024];
    cr_assert_not_null(realpath(big, real));
    struct stat st;
    cr_assert_eq(stat(big, &st), 0);
    /* kill this many ms after the WAL starts to grow: 0 as the commit begins, 3 with
       part of its pages written, 3000 most likely after it finished (then the whole
       file must be there) */
    const long delays[] = {0, 3, 3000};
    for (size_t a = 0; a < sizeof delays / sizeof delays[0]; a++) {
        make_db(dbp);
        char before[65];
        t_db_fingerprint(dbp, before);
        pid_t pid = start_cli(dbp, real);
        wait_for_offset(pid, real, (long long)st.st_size);
        int status = 0, ended = 0;
        long long base = file_size(wal);
        for (int w = 0; w < 600000 && file_size(wal) <= base; w++) {
            if (waitpid(pid, &status, WNOHANG) == pid) {
                ended = 1; /* finished on its own */
                break;
            }
            struct timespec ts = {0, 100000};
            nanosleep(&ts, NULL);
        }
        if (!ended)
            sleep_ms(delays[a]);
        if (!ended) {
            kill(pid, SIGKILL);
            cr_assert_eq(waitpid(pid, &status, 0), pid);
        }
        cr_assert(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0),
                  "delay %ld: status 0x%x", delays[a], status);
        je_db *db;
        je_error e;
        cr_assert_eq(je_db_open(dbp, &db, &e), JE_OK, "delay %ld: %s", delays[a], e.message);
        integrity_ok(dbp);
        int64_t ns = -1, nv = -1;
        cr_assert_eq(je_store_water_counts(db, &ns, &nv, &e), JE_OK);
        je_db_close(db);
        if (ns == 5) {
            char after[65];
            t_db_fingerprint(dbp, after);
            cr_assert_str_eq(after, before, "delay %ld: partial change (%s, was %s)", delays[a],
                             after, before);
            cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM import_batch"), 3);
        } else {
            cr_assert_eq(ns, 5 + BIG_ROWS, "delay %ld: %lld samples: neither none nor all",
                         delays[a], (long long)ns);
            cr_assert_eq(nv, 25 + 5 * (int64_t)BIG_ROWS, "delay %ld: %lld values", delays[a],
                         (long long)nv);
            cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM import_batch"), 4);
            cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'import_batch'"),
                         4);
            cr_assert_eq(t_db_int(dbp, "SELECT row_count FROM import_batch WHERE id = 4"),
                         BIG_ROWS);
        }
        small_import_works(dbp);
    }
}
