/*
 * cmd_enterprise.c — jointenv import enterprises|enterprise-links, enterprise list|
 * show|check: one identity per enterprise across the cement, coal and audit registries
 * (docs/energy.md §8; include/jointenv/enterprise.h).
 */
#include "cli/cli.h"
#include "cli/energy_cli.h"

#include "jointenv/enterprise.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char enterprises_usage[] =
    "FILE columns: code,name_zh,name_en,jurisdiction,district,sector\n"
    "  code: the unified social credit code (统一社会信用代码), 18 characters, GB 32100-2015;\n"
    "    its check character (the 18th) is verified, so a mistyped code is refused;\n"
    "  name_en and district may be empty (or absent); sector: a free code (cement, power,\n"
    "    chemicals ...); jurisdiction: an imported GB/T 2260 code.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update enterprises that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing; every enterprise is permission-checked in its jurisdiction and\n"
    "written to the audit log.\n";

const char enterprise_links_usage[] =
    "FILE columns: registry,code,enterprise_code\n"
    "  registry: clinker-line (a line of the plants registry), coal-unit or cp-audit;\n"
    "  code: the record's code (for cp-audit, the audit's enterprise key);\n"
    "  enterprise_code: a stored enterprise (empty removes the link).\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       change links that already point to another enterprise\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "Coal units and audits can also carry the link in their own files (an optional\n"
    "enterprise_code column). Each change is permission-checked against the record's\n"
    "jurisdiction and logged as an update of that record.\n";

const char enterprise_list_usage[] =
    "Options:\n"
    "  --jurisdiction J     enterprises of one side\n\n"
    "Every enterprise with its code, names, jurisdiction, district, sector and how many\n"
    "clinker lines, coal units and audits point to it.\n";

const char enterprise_show_usage[] =
    "Usage: jointenv enterprise show CODE\n\n"
    "Everything the registries know about one enterprise: its record, its clinker lines,\n"
    "coal units, cleaner-production audit and the audit's options, and its energy\n"
    "activity rows (energy-activity rows whose enterprise column is the code).\n";

const char enterprise_check_usage[] =
    "Usage: jointenv enterprise check CODE...\n\n"
    "Checks unified social credit codes (GB 32100-2015: length, code set, the\n"
    "administrative division digits, the mod-31 check character) without a database.\n"
    "Exit 0 when every code is valid, 3 otherwise; each bad code is named with the reason.\n";

int cmd_import_enterprises(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_enterprises);
}

int cmd_import_enterprise_links(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_enterprise_links);
}

/* Options: --jurisdiction J (list only); `npos` positional arguments expected (-1:
 * one or more). -1 when fine. */
static int eparse(cli *c, const char *cmd, int argc, char **argv, const char **jur, int npos)
{
    static const struct option longopts[] = {{"jurisdiction", required_argument, NULL, 'j'},
                                             {NULL, 0, NULL, 0}};
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'j' && jur)
            *jur = optarg;
        else
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
    }
    int have = argc - optind;
    if (npos == 0 && have > 0)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    if (npos > 0 && have != npos)
        return cli_usage_error(c, cmd, "one CODE expected");
    if (npos < 0 && have < 1)
        return cli_usage_error(c, cmd, "at least one CODE expected");
    return -1;
}

static const char *const ent_names[] = {"code",          "name_zh",    "name_en",
                                        "jurisdiction",  "district",   "sector",
                                        "clinker_lines", "coal_units", "audits"};
enum { ENT_NC = sizeof ent_names / sizeof ent_names[0] };

static void add_enterprise(out_table *t, const je_enterprise *e)
{
    char n[3][16];
    snprintf(n[0], 16, "%d", e->lines);
    snprintf(n[1], 16, "%d", e->coal_units);
    snprintf(n[2], 16, "%d", e->audits);
    const char *cells[ENT_NC] = {
        e->code, e->name_zh, e->name_en, e->jurisdiction, e->district, e->sector, n[0], n[1], n[2]};
    out_table_add(t, cells);
}

static out_table *enterprise_table(const char *title)
{
    col_type types[ENT_NC];
    for (size_t k = 0; k < ENT_NC; k++)
        types[k] = k >= 6 ? COL_NUM : COL_TEXT;
    return out_table_new(title, ENT_NC, ent_names, types);
}

int cmd_enterprise_list(cli *c, int argc, char **argv)
{
    const char *jur = NULL;
    int code = eparse(c, "enterprise list", argc, argv, &jur, 0);
    if (code >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_enterprise *e = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_enterprises(db, jur, &e, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    out_table *t = enterprise_table(NULL);
    for (size_t i = 0; t && i < n; i++)
        add_enterprise(t, &e[i]);
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    free(e);
    return t ? EXIT_OK : EXIT_RUNTIME;
}

int cmd_enterprise_show(cli *c, int argc, char **argv)
{
    int code = eparse(c, "enterprise show", argc, argv, NULL, 1);
    if (code >= 0)
        return code;
    const char *ent = argv[optind];
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_enterprise e;
    je_ent_record *r = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_enterprise_get(db, ent, &e, &err);
    if (st == JE_OK)
        st = je_store_enterprise_records(db, ent, &r, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    out_table *te = enterprise_table("Enterprise");
    if (te)
        add_enterprise(te, &e);
    static const char *const names[] = {"registry", "code", "name", "jurisdiction", "detail"};
    out_table *tr = out_table_new("What the registries know", 5, names, NULL);
    for (size_t i = 0; tr && i < n; i++) {
        const char *cells[5] = {je_ent_kind_name(r[i].kind), r[i].code, r[i].name,
                                r[i].jurisdiction, r[i].detail};
        out_table_add(tr, cells);
    }
    if (te && tr) {
        out_table *both[2] = {te, tr};
        static const char *const keys[2] = {"enterprise", "records"};
        energy_print_tables(c, both, keys, 2);
    }
    code = te && tr ? EXIT_OK : EXIT_RUNTIME;
    out_table_free(te);
    out_table_free(tr);
    free(r);
    return code;
}

int cmd_enterprise_check(cli *c, int argc, char **argv)
{
    int code = eparse(c, "enterprise check", argc, argv, NULL, -1);
    if (code >= 0)
        return code;
    int bad = 0;
    for (int i = optind; i < argc; i++) {
        je_error err;
        if (je_uscc_check(argv[i], &err) == JE_OK)
            printf("%s: valid\n", argv[i]);
        else {
            fprintf(stderr, "%s: %s\n", c->prog, err.message);
            bad++;
        }
    }
    return bad ? EXIT_BADDATA : EXIT_OK;
}
