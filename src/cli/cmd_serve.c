/*
 * cmd_serve.c — jointenv serve: the HTTP API and the dashboard until SIGINT/SIGTERM,
 * which stop it gracefully (requests in flight finish).
 */
#include "cli/cli.h"

#include "jointenv/server.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char serve_usage[] =
    "Options:\n"
    "  --bind ADDR       IPv4 address to listen on (default 127.0.0.1; 0.0.0.0 = all)\n"
    "  --port N          TCP port (default 8080; 0 = any free port, printed)\n"
    "  --threads N       worker threads (default: one per core)\n"
    "  --web DIR         the dashboard's files, served at / (default: the web/ of the\n"
    "                    source tree; none when it does not exist)\n"
    "  --access-log F    one JSON line per request to F ('-' = stderr; default: none)\n"
    "  --timeout S       idle-connection timeout, seconds (default 30)\n\n"
    "Serves the JSON API under /api/v1/ (the OpenAPI document: /api/v1/openapi.json) over\n"
    "the database of --db. Lists page with ?limit=&cursor=, give CSV with ?format=csv or\n"
    "'Accept: text/csv', and GeoJSON at PATH.geojson for things with a place. SIGINT or\n"
    "SIGTERM stops accepting, lets requests in flight finish (up to 10 s) and exits 0.\n";

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

static void log_line(void *ctx, const char *line)
{
    pthread_mutex_lock(&log_mu);
    fprintf(ctx, "%s\n", line);
    fflush(ctx);
    pthread_mutex_unlock(&log_mu);
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*s == '\0' || *end != '\0' || *s == '-' || v > max)
        return 0;
    *out = v;
    return 1;
}

int cmd_serve(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"bind", required_argument, NULL, 'b'},
                                             {"port", required_argument, NULL, 'p'},
                                             {"threads", required_argument, NULL, 't'},
                                             {"web", required_argument, NULL, 'w'},
                                             {"access-log", required_argument, NULL, 'l'},
                                             {"timeout", required_argument, NULL, 'T'},
                                             {NULL, 0, NULL, 0}};
    je_server_opts o;
    je_server_opts_default(&o);
    o.db_path = c->db_path;
    char webdir[1024], datadir[1024];
    o.web_root = cli_data_path("../web", webdir, sizeof webdir);
    o.data_root = cli_data_path("", datadir, sizeof datadir);
    const char *log = NULL;
    unsigned long v;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'b':
            o.bind = optarg;
            break;
        case 'p':
            if (!parse_uint(optarg, 65535, &v))
                return cli_usage_error(c, "serve", "--port must be 0-65535");
            o.port = (uint16_t)v;
            break;
        case 't':
            if (!parse_uint(optarg, 256, &v) || v == 0)
                return cli_usage_error(c, "serve", "--threads must be 1-256");
            o.threads = (unsigned)v;
            break;
        case 'w':
            o.web_root = optarg;
            break;
        case 'l':
            log = optarg;
            break;
        case 'T':
            if (!parse_uint(optarg, 3600, &v) || v == 0)
                return cli_usage_error(c, "serve", "--timeout must be 1-3600 seconds");
            o.timeout_s = (unsigned)v;
            break;
        default:
            return cli_usage_error(c, "serve", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(c, "serve", "unexpected argument '%s'", argv[optind]);
    if (access(o.web_root, R_OK) != 0)
        o.web_root = NULL;
    FILE *logfp = NULL;
    if (log) {
        logfp = strcmp(log, "-") == 0 ? stderr : fopen(log, "a");
        if (logfp == NULL) {
            fprintf(stderr, "%s: cannot write the access log %s\n", c->prog, log);
            return EXIT_RUNTIME;
        }
        o.access_log = log_line;
        o.access_log_ctx = logfp;
    }
    /* SIGINT and SIGTERM are taken by sigwait below, in this thread only: block them
       before the workers start so that they inherit the mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN); /* a client that goes away is not our death */
    je_server *srv;
    je_error err;
    je_error_clear(&err);
    je_status st = je_server_start(&o, &srv, &err);
    if (st != JE_OK) {
        if (logfp && logfp != stderr)
            fclose(logfp);
        return cli_fail(c, st, &err);
    }
    fprintf(stderr, "jointenv: serving %s on http://%s:%u/ (API /api/v1/, dashboard %s); "
                    "Ctrl-C stops\n",
            c->db_path, o.bind, (unsigned)je_server_port(srv), o.web_root ? o.web_root : "none");
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "jointenv: %s: finishing requests in flight\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    je_server_stop(srv, 10);
    if (logfp && logfp != stderr)
        fclose(logfp);
    return EXIT_OK;
}
