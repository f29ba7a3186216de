/* jointenv serve as a process: it prints where it listens, answers, writes the access
 * log, and on SIGTERM finishes and exits 0; bad options are usage errors. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
    strncat(ud, p, sz * n < 4000 ? sz * n : 4000);
    return sz * n;
}

Test(cli_serve, serves_logs_and_stops_on_sigterm, .fini = t_cleanup)
{
    const char *db = t_path("s.db");
    const char *log = t_path("access.log");
    const char *init[] = {"--db", db, "init", NULL};
    cr_assert_eq(t_run(NULL, NULL, init), 0);
    int errpipe[2];
    cr_assert_eq(pipe(errpipe), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        dup2(errpipe[1], 2);
        close(errpipe[0]);
        execl(JE_BINARY, JE_BINARY, "--db", db, "serve", "--port", "0", "--threads", "1",
              "--access-log", log, (char *)NULL);
        _exit(127);
    }
    close(errpipe[1]);
    FILE *err = fdopen(errpipe[0], "r");
    char line[512] = "";
    cr_assert_not_null(fgets(line, sizeof line, err), "no start-up line");
    unsigned port = 0;
    char *p = strstr(line, "http://127.0.0.1:");
    cr_assert(p && sscanf(p, "http://127.0.0.1:%u/", &port) == 1, "%s", line);
    char url[128], body[4096] = "";
    snprintf(url, sizeof url, "http://127.0.0.1:%u/api/v1/health", port);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    cr_assert_eq(curl_easy_perform(c), CURLE_OK);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    cr_assert_eq(status, 200);
    cr_assert(strstr(body, "\"status\":\"ok\""), "%s", body);
    kill(pid, SIGTERM);
    int ws = 0;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "exit status %d", ws);
    char rest[1024] = "";
    size_t n = fread(rest, 1, sizeof rest - 1, err);
    rest[n] = '\0';
    fclose(err);
    cr_assert(strstr(rest, "SIGTERM"), "%s", rest);
    char *a = t_read(log);
    cr_assert(a && strstr(a, "\"path\":\"/api/v1/health\"") && strstr(a, "\"status\":200"), "%s",
              a ? a : "(no log)");
    free(a);
}

Test(cli_serve, usage_errors, .fini = t_cleanup)
{
    const char *db = t_path("s.db");
    const char *a[] = {"--db", db, "serve", "--port", "70000", NULL};
    char *err = NULL;
    cr_assert_eq(t_run(NULL, &err, a), 2);
    cr_assert(strstr(err, "--port"), "%s", err);
    free(err);
    const char *b[] = {"--db", db, "serve", "--bind", "nowhere", "--port", "0", NULL};
    cr_assert_eq(t_run(NULL, &err, b), 2);
    cr_assert(strstr(err, "IPv4"), "%s", err);
    free(err);
}
