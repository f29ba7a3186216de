/*
 * cmd_user.c — jointenv user add|list|grant|revoke|passwd and token
 * create|list|revoke. Rules and storage: include/jointenv/governance.h.
 */
#include "cli/cli.h"
#include "jointenv/governance.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char user_add_usage[] =
    "Arguments: NAME (1-63 of A-Z a-z 0-9 . _ -)\n\n"
    "Options:\n"
    "  --display TEXT     display name (default: NAME)\n"
    "  --password-stdin   read the password from the first line of stdin (scripts)\n"
    "  --no-password      no password: the user logs in with API tokens only\n\n"
    "Without either option the password is asked twice on the terminal (no echo).\n"
    "Needs the local administrator or an admin role. Example:\n"
    "  jointenv user add li --display 'Li Wei' && jointenv user grant li --jurisdiction 510000 "
    "--role analyst\n";
const char user_list_usage[] = "Lists every user: name, display name, whether a password is "
                               "set, roles, created (UTC).\n";
const char user_grant_usage[] =
    "Arguments: NAME\n\n"
    "Options:\n"
    "  --jurisdiction J   a stored jurisdiction code (510000) or 'joint' (the joint office)\n"
    "  --role R           viewer, analyst, inspector or admin\n\n"
    "viewer reads; analyst writes the jurisdiction's records; inspector writes inspection\n"
    "records; admin does both and manages the jurisdiction's roles and signing key. Needs\n"
    "admin in J (or the local administrator). See docs/governance.md for the full table.\n";
const char user_revoke_usage[] = "Arguments: NAME\n\n"
                                 "Options:\n"
                                 "  --jurisdiction J   as user grant\n"
                                 "  --role R           as user grant\n";
const char user_passwd_usage[] =
    "Arguments: NAME\n\n"
    "Options:\n"
    "  --password-stdin   read the new password from the first line of stdin\n"
    "  --no-password      remove the password (tokens only)\n\n"
    "The user themself, an admin over every jurisdiction the user has a role in, or the\n"
    "local administrator.\n";
const char token_create_usage[] =
    "Options:\n"
    "  --for NAME        the user the token acts as (default: you; the local\n"
    "                    administrator must name one)\n"
    "  --label TEXT      what the token is for (\"ci\", \"nightly import\")\n"
    "  --expires DAYS    valid for DAYS days (default 90; 0 = never)\n\n"
    "Prints the token once; only its hash is stored. Use it as JOINTENV_TOKEN=jet_... for\n"
    "scripts and CI (no password, no prompt).\n";
const char token_list_usage[] = "Options:\n"
                                "  --for NAME   tokens of NAME (the local administrator: "
                                "default all; others see their own)\n";
const char token_revoke_usage[] = "Arguments: ID (from token list)\n";

/* Options shared by these commands. */
typedef struct opts {
    const char *display, *jur, *role, *who, *label;
    long expires_days;
    int pw_stdin, no_pw;
    const char *arg; /* the one positional argument */
} opts;

static int parse(cli *c, const char *cmd, int argc, char **argv, opts *o, int want_arg)
{
    static const struct option longopts[] = {{"display", required_argument, NULL, 'd'},
                                             {"jurisdiction", required_argument, NULL, 'j'},
                                             {"role", required_argument, NULL, 'r'},
                                             {"for", required_argument, NULL, 'f'},
                                             {"label", required_argument, NULL, 'l'},
                                             {"expires", required_argument, NULL, 'e'},
                                             {"password-stdin", no_argument, NULL, 'p'},
                                             {"no-password", no_argument, NULL, 'n'},
                                             {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->expires_days = 90;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        char *end;
        switch (ch) {
        case 'd':
            o->display = optarg;
            break;
        case 'j':
            o->jur = optarg;
            break;
        case 'r':
            o->role = optarg;
            break;
        case 'f':
            o->who = optarg;
            break;
        case 'l':
            o->label = optarg;
            break;
        case 'e':
            o->expires_days = strtol(optarg, &end, 10);
            if (*end || o->expires_days < 0 || o->expires_days > 3650)
                return cli_usage_error(c, cmd, "--expires takes whole days, 0 to 3650");
            break;
        case 'p':
            o->pw_stdin = 1;
            break;
        case 'n':
            o->no_pw = 1;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (want_arg && optind + 1 != argc)
        return cli_usage_error(c, cmd, optind >= argc ? "missing NAME" : "unexpected argument '%s'",
                               optind >= argc ? "" : argv[optind + 1]);
    if (!want_arg && optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    o->arg = want_arg ? argv[optind] : NULL;
    return -1;
}

/* The password of a new user or passwd: stdin, the terminal twice, or none. */
static int new_password(cli *c, const char *cmd, const opts *o, const char *user, char *buf,
                        size_t size, const char **out)
{
    *out = NULL;
    if (o->no_pw)
        return -1;
    if (o->pw_stdin) {
        if (fgets(buf, (int)size, stdin) == NULL)
            return cli_usage_error(c, cmd, "--password-stdin: nothing on stdin");
        buf[strcspn(buf, "\r\n")] = '\0';
        *out = buf;
        return -1;
    }
    char again[1100];
    if (cli_read_password("New password for", user, buf, size) != 0)
        return cli_usage_error(c, cmd,
                               "no terminal to ask the password on: use --password-stdin or "
                               "--no-password");
    if (cli_read_password("Repeat the password for", user, again, sizeof again) != 0 ||
        strcmp(buf, again) != 0) {
        fprintf(stderr, "%s: the passwords differ; nothing changed\n", c->prog);
        return EXIT_USAGE;
    }
    *out = buf;
    return -1;
}

static int finish(cli *c, je_db *db, je_status st, const je_error *err, const char *done)
{
    int code = st == JE_OK ? EXIT_OK : cli_fail(c, st, err);
    if (st == JE_OK && done)
        printf("%s\n", done);
    je_db_close(db);
    return code;
}

int cmd_user_add(cli *c, int argc, char **argv)
{
    opts o;
    int rc = parse(c, "user add", argc, argv, &o, 1);
    if (rc >= 0)
        return rc;
    char pw[1100];
    const char *password;
    if ((rc = new_password(c, "user add", &o, o.arg, pw, sizeof pw, &password)) >= 0)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_gov_user_add(db, o.arg, o.display, password, &err);
    memset(pw, 0, sizeof pw);
    char msg[160];
    snprintf(msg, sizeof msg, "user %s added%s", o.arg,
             password ? "" : " (no password: tokens only)");
    return finish(c, db, st, &err, msg);
}

int cmd_user_passwd(cli *c, int argc, char **argv)
{
    opts o;
    int rc = parse(c, "user passwd", argc, argv, &o, 1);
    if (rc >= 0)
        return rc;
    char pw[1100];
    const char *password;
    if ((rc = new_password(c, "user passwd", &o, o.arg, pw, sizeof pw, &password)) >= 0)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_gov_user_passwd(db, o.arg, password, &err);
    memset(pw, 0, sizeof pw);
    return finish(c, db, st, &err, password ? "password changed" : "password removed");
}

static int role_change(cli *c, const char *cmd, int argc, char **argv, int grant)
{
    opts o;
    int rc = parse(c, cmd, argc, argv, &o, 1);
    if (rc >= 0)
        return rc;
    if (!o.jur || !o.role)
        return cli_usage_error(c, cmd, "--jurisdiction and --role are required");
    je_gov_role role;
    je_error err;
    if (je_gov_role_parse(o.role, &role, &err) != JE_OK)
        return cli_usage_error(c, cmd, "%s", err.message);
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_status st = grant ? je_gov_role_grant(db, o.arg, o.jur, role, &err)
                         : je_gov_role_revoke(db, o.arg, o.jur, role, &err);
    char msg[200];
    snprintf(msg, sizeof msg, "%s %s %s %s in %s", grant ? "granted" : "revoked", o.arg,
             grant ? "the role" : "the role", o.role, o.jur);
    return finish(c, db, st, &err, msg);
}

int cmd_user_grant(cli *c, int argc, char **argv)
{
    return role_change(c, "user grant", argc, argv, 1);
}

int cmd_user_revoke(cli *c, int argc, char **argv)
{
    return role_change(c, "user revoke", argc, argv, 0);
}

static void when(int64_t t, char *buf, size_t size)
{
    if (t == 0)
        buf[0] = '\0';
    else
        je_time_format(t, 0, buf, size);
}

int cmd_user_list(cli *c, int argc, char **argv)
{
    opts o;
    int rc = parse(c, "user list", argc, argv, &o, 0);
    if (rc >= 0)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_gov_user *u;
    size_t n;
    je_error err;
    je_status st = je_gov_users(db, &u, &n, &err);
    if (st != JE_OK)
        return finish(c, db, st, &err, NULL);
    static const char *const names[] = {"name", "display_name", "password", "roles", "created"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *t = out_table_new(NULL, 5, names, types);
    for (size_t i = 0; t && i < n; i++) {
        char created[40];
        when(u[i].created_at, created, sizeof created);
        const char *cells[] = {u[i].name, u[i].display_name, u[i].has_password ? "yes" : "no",
                               u[i].roles, created};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    free(u);
    return finish(c, db, JE_OK, NULL, NULL);
}

int cmd_token_create(cli *c, int argc, char **argv)
{
    opts o;
    int rc = parse(c, "token create", argc, argv, &o, 0);
    if (rc >= 0)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    const je_gov_actor *me = je_gov_whoami(db);
    const char *user = o.who ? o.who : me->local_admin ? NULL : me->user;
    if (user == NULL || *user == '\0') {
        je_db_close(db);
        return cli_usage_error(c, "token create", "say which user the token is for: --for NAME");
    }
    char text[JE_GOV_TOKEN_CHARS];
    int64_t id = 0;
    je_error err;
    int64_t expires = o.expires_days ? (int64_t)time(NULL) + o.expires_days * 86400 : 0;
    je_status st = je_gov_token_create(db, user, o.label, expires, text, &id, &err);
    if (st == JE_OK) {
        char exp[40] = "never";
        if (expires)
            when(expires, exp, sizeof exp);
        printf("%s\n", text);
        fprintf(stderr,
                "token %lld for %s, expires %s. It is shown only now: keep it secret "
                "(e.g. JOINTENV_TOKEN in your CI's secret store).\n",
                (long long)id, user, exp);
    }
    memset(text, 0, sizeof text);
    return finish(c, db, st, &err, NULL);
}

int cmd_token_list(cli *c, int argc, char **argv)
{
    opts o;
    int rc = parse(c, "token list", argc, argv, &o, 0);
    if (rc >= 0)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_gov_token *t;
    size_t n;
    je_error err;
    je_status st = je_gov_tokens(db, o.who, &t, &n, &err);
    if (st != JE_OK)
        return finish(c, db, st, &err, NULL);
    static const char *const names[] = {"id",      "user",    "label",    "created",
                                        "expires", "revoked", "last_used"};
    static const col_type types[] = {COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *tab = out_table_new(NULL, 7, names, types);
    for (size_t i = 0; tab && i < n; i++) {
        char id[24], cr[40], ex[40], rv[40], lu[40];
        snprintf(id, sizeof id, "%lld", (long long)t[i].id);
        when(t[i].created_at, cr, sizeof cr);
        when(t[i].expires_at, ex, sizeof ex);
        when(t[i].revoked_at, rv, sizeof rv);
        when(t[i].last_used_at, lu, sizeof lu);
        const char *cells[] = {id, t[i].user, t[i].label, cr, ex, rv, lu};
        out_table_add(tab, cells);
    }
    if (tab)
        out_table_print(tab, c->format, stdout);
    out_table_free(tab);
    free(t);
    return finish(c, db, JE_OK, NULL, NULL);
}

int cmd_token_revoke(cli *c, int argc, char **argv)
{
    opts o;
    int rc = parse(c, "token revoke", argc, argv, &o, 1);
    if (rc >= 0)
        return rc;
    char *end;
    long long id = strtoll(o.arg, &end, 10);
    if (*end || id <= 0)
        return cli_usage_error(c, "token revoke", "ID must be a token number (token list)");
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_gov_token_revoke(db, (int64_t)id, &err);
    char msg[64];
    snprintf(msg, sizeof msg, "token %lld revoked", id);
    return finish(c, db, st, &err, msg);
}
