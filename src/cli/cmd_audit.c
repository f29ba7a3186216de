/*
 * cmd_audit.c — jointenv audit log|verify|export|verify-bundle|keygen. The chain,
 * the content hashes and the bundle format: include/jointenv/governance.h and
 * docs/governance.md.
 */
#include "cli/cli.h"
#include "jointenv/governance.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char audit_log_usage[] =
    "Options:\n"
    "  --table T    entries of one table (section, air_station, clinker_line, receptor,\n"
    "               jurisdiction, app_user, user_role, api_token, signing_key, import_batch)\n"
    "  --key K      entries of one record (its code; an import batch's number)\n"
    "  --from SEQ   entries from sequence number SEQ on\n\n"
    "Columns: seq, at (UTC), actor, jurisdiction, table, key, action, before, after (JSON).\n"
    "Example: jointenv audit log --table section --key CQ-LO-01\n";
const char audit_verify_usage[] =
    "Walks the whole hash chain from entry 1 and recomputes the content hash of every\n"
    "observation import (water samples, hourly air values). Exit 0 when intact; exit 1\n"
    "naming the first broken link: an entry edited, deleted, inserted or reordered, or an\n"
    "import whose rows were changed directly in the database.\n";
const char audit_export_usage[] =
    "Options:\n"
    "  --from SEQ   first entry (default 1)\n"
    "  --key FILE   the jurisdiction's secret key (from audit keygen)\n"
    "  --out FILE   write the bundle there (default: stdout)\n\n"
    "A JSON-lines bundle signed with Ed25519 (format: docs/governance.md); the other side\n"
    "checks it with: jointenv audit verify-bundle FILE --pubkey KEY.pub\n";
const char audit_verify_bundle_usage[] =
    "Arguments: FILE\n\n"
    "Options:\n"
    "  --pubkey KEY   the signer's public key: a .pub file from audit keygen, or its 64 hex\n"
    "                 digits\n\n"
    "Checks the signature over the bundle and the hash chain inside it; needs no database.\n"
    "Exit 0 valid, 3 invalid (with the reason).\n";
const char audit_keygen_usage[] =
    "Options:\n"
    "  --jurisdiction J   the jurisdiction (or 'joint') the key signs for\n"
    "  --out-dir DIR      where to write J.key (secret, mode 0600) and J.pub (default .)\n\n"
    "Registers the public key in the database (needs admin in J). Keep J.key off the\n"
    "shared database host; hand J.pub to the other side.\n";

typedef struct aopts {
    const char *table, *key, *out, *pubkey, *jur, *dir;
    long long from;
    const char *arg;
} aopts;

static int parse(cli *c, const char *cmd, int argc, char **argv, aopts *o, int want_arg)
{
    static const struct option longopts[] = {
        {"table", required_argument, NULL, 't'},   {"key", required_argument, NULL, 'k'},
        {"from", required_argument, NULL, 'f'},    {"out", required_argument, NULL, 'o'},
        {"pubkey", required_argument, NULL, 'p'},  {"jurisdiction", required_argument, NULL, 'j'},
        {"out-dir", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->from = 1;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        char *end;
        switch (ch) {
        case 't':
            o->table = optarg;
            break;
        case 'k':
            o->key = optarg;
            break;
        case 'f':
            o->from = strtoll(optarg, &end, 10);
            if (*end || o->from < 1)
                return cli_usage_error(c, cmd, "--from takes a sequence number >= 1");
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'p':
            o->pubkey = optarg;
            break;
        case 'j':
            o->jur = optarg;
            break;
        case 'd':
            o->dir = optarg;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (want_arg && optind + 1 != argc)
        return cli_usage_error(c, cmd,
                               optind >= argc ? "missing FILE%s" : "unexpected argument '%s'",
                               optind >= argc ? "" : argv[optind + 1]);
    if (!want_arg && optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    o->arg = want_arg ? argv[optind] : NULL;
    return -1;
}

int cmd_audit_log(cli *c, int argc, char **argv)
{
    aopts o;
    int rc = parse(c, "audit log", argc, argv, &o, 0);
    if (rc >= 0)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_audit_entry *e;
    size_t n;
    je_error err;
    je_status st = je_audit_entries(db, o.table, o.key, o.from, &e, &n, &err);
    if (st != JE_OK) {
        je_db_close(db);
        return cli_fail(c, st, &err);
    }
    static const char *const names[] = {"seq", "at",     "actor",  "jurisdiction", "table",
                                        "key", "action", "before", "after"};
    static const col_type types[] = {COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *t = out_table_new(NULL, 9, names, types);
    for (size_t i = 0; t && i < n; i++) {
        char seq[24], at[40];
        snprintf(seq, sizeof seq, "%lld", (long long)e[i].seq);
        je_time_format(e[i].at, 0, at, sizeof at);
        const char *cells[] = {
            seq,         at,          e[i].actor, e[i].jurisdiction, e[i].tbl, e[i].record_key,
            e[i].action, e[i].before, e[i].after};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    je_audit_entries_free(e, n);
    je_db_close(db);
    return EXIT_OK;
}

int cmd_audit_verify(cli *c, int argc, char **argv)
{
    aopts o;
    int rc = parse(c, "audit verify", argc, argv, &o, 0);
    if (rc >= 0)
        return rc;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_audit_report rep;
    je_error err;
    je_status st = je_audit_verify(db, &rep, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    if (rep.ok) {
        printf("audit log intact: %s\n", rep.problem);
        return EXIT_OK;
    }
    fprintf(stderr, "%s: audit verify: BROKEN: %s\n", c->prog, rep.problem);
    return EXIT_RUNTIME;
}

/* A key file holds hex digits (and maybe a newline); a --pubkey may be the hex itself. */
static je_status read_key(const char *path_or_hex, unsigned char *out, size_t n, je_error *err)
{
    if (je_gov_unhex(path_or_hex, out, n, NULL) == JE_OK)
        return JE_OK;
    size_t len;
    char *text = cli_read_file(path_or_hex, &len, err);
    if (text == NULL)
        return JE_EIO;
    char *z = realloc(text, len + 1);
    if (z == NULL) {
        free(text);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    z[len] = '\0';
    je_status st = je_gov_unhex(z, out, n, err);
    memset(z, 0, len);
    free(z);
    if (st != JE_OK)
        je_error_set(err, st, "%s is not a jointenv %s key (%zu hex digits)", path_or_hex,
                     n == 64 ? "secret" : "public", 2 * n);
    return st;
}

int cmd_audit_export(cli *c, int argc, char **argv)
{
    aopts o;
    int rc = parse(c, "audit export", argc, argv, &o, 0);
    if (rc >= 0)
        return rc;
    if (!o.key)
        return cli_usage_error(c, "audit export", "--key FILE (the secret key) is required");
    unsigned char sk[64];
    je_error err;
    je_status st = read_key(o.key, sk, sizeof sk, &err);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    char *text = NULL;
    size_t len = 0;
    st = je_audit_export(db, o.from, sk, &text, &len, &err);
    memset(sk, 0, sizeof sk);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    FILE *fp = o.out ? fopen(o.out, "wb") : stdout;
    int ok = fp && fwrite(text, 1, len, fp) == len;
    if (fp && fp != stdout)
        ok = fclose(fp) == 0 && ok;
    free(text);
    if (!ok) {
        je_error_set(&err, JE_EIO, "cannot write %s", o.out ? o.out : "stdout");
        return cli_fail(c, JE_EIO, &err);
    }
    return EXIT_OK;
}

int cmd_audit_verify_bundle(cli *c, int argc, char **argv)
{
    aopts o;
    int rc = parse(c, "audit verify-bundle", argc, argv, &o, 1);
    if (rc >= 0)
        return rc;
    if (!o.pubkey)
        return cli_usage_error(c, "audit verify-bundle", "--pubkey KEY is required");
    unsigned char pk[32];
    je_error err;
    je_status st = read_key(o.pubkey, pk, sizeof pk, &err);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    size_t len;
    char *text = cli_read_file(o.arg, &len, &err);
    if (text == NULL)
        return cli_fail(c, JE_EIO, &err);
    je_bundle_info info;
    st = je_audit_verify_bundle(text, len, pk, &info, &err);
    free(text);
    if (st != JE_OK) {
        fprintf(stderr, "%s: %s: INVALID: %s\n", c->prog, o.arg, err.message);
        return cli_exit_code(st);
    }
    printf("%s: valid bundle signed by %s: entries %lld-%lld (%lld), head %.16s...\n", o.arg,
           info.signer, (long long)info.from_seq, (long long)info.to_seq, (long long)info.entries,
           info.head_hash);
    return EXIT_OK;
}

static int write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0)
        return 0;
    size_t n = strlen(text);
    int ok = write(fd, text, n) == (ssize_t)n;
    return close(fd) == 0 && ok;
}

int cmd_audit_keygen(cli *c, int argc, char **argv)
{
    aopts o;
    int rc = parse(c, "audit keygen", argc, argv, &o, 0);
    if (rc >= 0)
        return rc;
    if (!o.jur)
        return cli_usage_error(c, "audit keygen", "--jurisdiction J is required");
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    unsigned char pk[32], sk[64];
    je_audit_keygen(pk, sk);
    char skhex[130], pkhex[66], skpath[1024], pkpath[1024];
    je_gov_hex(sk, 64, skhex);
    je_gov_hex(pk, 32, pkhex);
    strcat(skhex, "\n");
    strcat(pkhex, "\n");
    snprintf(skpath, sizeof skpath, "%s/%s.key", o.dir ? o.dir : ".", o.jur);
    snprintf(pkpath, sizeof pkpath, "%s/%s.pub", o.dir ? o.dir : ".", o.jur);
    je_error err;
    je_status st = je_audit_key_register(db, o.jur, pk, &err);
    je_db_close(db);
    if (st == JE_OK && (!write_file(skpath, skhex, 0600) || !write_file(pkpath, pkhex, 0644)))
        st = je_error_set(&err, JE_EIO,
                          "cannot write %s and %s (they must not exist yet); the public key is "
                          "registered: run keygen again to replace it",
                          skpath, pkpath);
    memset(sk, 0, sizeof sk);
    memset(skhex, 0, sizeof skhex);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    printf("%s: secret key (keep it private)\n%s: public key (registered; give it to the other "
           "side)\n",
           skpath, pkpath);
    return EXIT_OK;
}
