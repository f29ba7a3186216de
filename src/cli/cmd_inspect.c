/*
 * cmd_inspect.c — outfalls, inspectors, double-random draws and inspections on the
 * command line (cases and patrols: cmd_cases.c). Thin: parse, call the store, print.
 */
#include "cli/cli.h"
#include "cli/inspect_cli.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- shared option parsing (inspect_cli.h) ------------------------------------ */

static const struct option all_opts[] = {{"jurisdiction", required_argument, NULL, IO_JUR},
                                         {"river", required_argument, NULL, IO_RIVER},
                                         {"geojson", no_argument, NULL, IO_GEOJSON},
                                         {"count", required_argument, NULL, IO_COUNT},
                                         {"date", required_argument, NULL, IO_DATE},
                                         {"seed", required_argument, NULL, IO_SEED},
                                         {"team-size", required_argument, NULL, IO_TEAM_SIZE},
                                         {"exclude-days", required_argument, NULL, IO_EXCLUDE},
                                         {"strata", required_argument, NULL, IO_STRATA},
                                         {"side", required_argument, NULL, IO_SIDE},
                                         {"draw", required_argument, NULL, IO_DRAW},
                                         {"inspectors", required_argument, NULL, IO_INSPECTORS},
                                         {"finding", required_argument, NULL, IO_FINDING},
                                         {"deadline", required_argument, NULL, IO_DEADLINE},
                                         {"responsible", required_argument, NULL, IO_RESPONSIBLE},
                                         {"status", required_argument, NULL, IO_STATUS},
                                         {"overdue", no_argument, NULL, IO_OVERDUE},
                                         {"as-of", required_argument, NULL, IO_AS_OF},
                                         {"to", required_argument, NULL, IO_TO},
                                         {"note", required_argument, NULL, IO_NOTE},
                                         {"reaches", required_argument, NULL, IO_REACHES},
                                         {"team", required_argument, NULL, IO_TEAM},
                                         {"title", required_argument, NULL, IO_TITLE},
                                         {"time", required_argument, NULL, IO_TIME},
                                         {"lon", required_argument, NULL, IO_LON},
                                         {"lat", required_argument, NULL, IO_LAT},
                                         {"observation", required_argument, NULL, IO_OBSERVATION},
                                         {"photo", required_argument, NULL, IO_PHOTO},
                                         {"outfall", required_argument, NULL, IO_OUTFALL},
                                         {"place", required_argument, NULL, IO_PLACE},
                                         {"source-side", required_argument, NULL, IO_SOURCE_SIDE},
                                         {NULL, 0, NULL, 0}};

int64_t icli_day(const char *s)
{
    int64_t t;
    if (!s || strlen(s) != 10 || je_time_parse(s, 10, 0, &t, NULL) != JE_OK)
        return -1;
    return je_time_local_day(t, 0);
}

const char *icli_date(int64_t day, char *buf, size_t size)
{
    if (day < 0) {
        buf[0] = '\0';
        return buf;
    }
    return je_time_format_date(day * 86400, 0, buf, size);
}

int icli_parse(cli *c, const char *cmd, int argc, char **argv, unsigned long long allowed,
               int positional, icli_args *a)
{
    memset(a, 0, sizeof *a);
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", all_opts, NULL)) != -1) {
        if (ch == '?' || ch < IO_FIRST || ch >= IO_LAST || !(allowed >> (ch - IO_FIRST) & 1))
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        a->v[ch - IO_FIRST] = optarg ? optarg : "1";
    }
    if (optind + positional != argc)
        return cli_usage_error(c, cmd,
                               positional ? "one argument expected" : "unexpected argument '%s'",
                               optind < argc ? argv[optind] : "");
    a->pos = positional ? argv[optind] : NULL;
    return -1;
}

int icli_int(cli *c, const char *cmd, const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    *out = lo;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || *s == '\0' || *end || v < lo || v > hi)
        return cli_usage_error(c, cmd, "--%s needs a whole number from %ld to %ld", opt, lo, hi);
    *out = v;
    return -1;
}

/* ---- import -------------------------------------------------------------------- */

const char outfalls_usage[] =
    "FILE columns: code,name_zh,name_en,type,jurisdiction,district,enterprise,town,river,\n"
    "  reach,lon,lat,permit,risk[,active]\n"
    "  type: industrial|municipal|agricultural|rainwater|combined|other (docs/inspect.md);\n"
    "  district: six-digit GB/T 2260 county code; enterprise: unified social credit code\n"
    "  (18 characters) or local code, or town when there is no enterprise; river, reach:\n"
    "  codes of the stored network (may be empty; a reach must lie on the river); lon/lat\n"
    "  WGS 84; risk: 0-100 (the draw's weight is 1 + risk); active: 1 (default) or 0.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update outfalls that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "Needs the analyst or admin role in each outfall's jurisdiction; every record is\n"
    "written to the audit log. All or nothing, like every import.\n";

const char inspectors_usage[] =
    "FILE columns: code,name,jurisdiction,district,active[,user]\n"
    "  district: the inspector's home district (GB/T 2260); a draw never sends an\n"
    "  inspector to an outfall there. active: 1 or 0. user: the jointenv user, optional.\n\n"
    "Options:\n"
    "  --dry-run       validate only; write nothing\n"
    "  --replace       update inspectors that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n";

int cmd_import_outfalls(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_outfalls);
}

int cmd_import_inspectors(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_inspectors);
}

/* ---- outfalls ------------------------------------------------------------------ */

const char outfall_list_usage[] =
    "Options:\n"
    "  --jurisdiction J   one side's outfalls\n"
    "  --river R          outfalls on one river (code)\n"
    "  --geojson          a GeoJSON FeatureCollection (points) instead of a table\n\n"
    "The outfall registry: code, names, type, owner jurisdiction and district, enterprise\n"
    "or town, river and reach, position, permit, risk score, active, and the day it was\n"
    "last inspected (from the recorded inspections and re-inspections).\n";
const char outfall_show_usage[] = "Usage: jointenv outfall show CODE\n\n"
                                  "One outfall, with its inspections' latest day.\n";

static json_t *outfall_feature(const je_outfall *o)
{
    char d[16];
    return json_pack(
        "{s:s, s:{s:s, s:[f, f]}, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
        "s:s, s:s, s:f, s:b, s:s?}}",
        "type", "Feature", "geometry", "type", "Point", "coordinates", o->lon, o->lat, "properties",
        "code", o->code, "name_zh", o->name_zh, "name_en", o->name_en, "type",
        je_outfall_type_name(o->type), "jurisdiction", o->jurisdiction, "district", o->district,
        "enterprise", o->enterprise, "town", o->town, "river", o->river, "reach", o->reach,
        "permit", o->permit, "risk", o->risk, "active", o->active, "last_inspected",
        o->last_inspected_day >= 0 ? icli_date(o->last_inspected_day, d, sizeof d) : NULL);
}

static int outfalls_out(cli *c, const je_outfall *o, size_t n, int geojson)
{
    if (geojson) {
        json_t *fc = json_pack("{s:s, s:[]}", "type", "FeatureCollection", "features");
        json_t *arr = fc ? json_object_get(fc, "features") : NULL;
        for (size_t i = 0; arr && i < n; i++)
            json_array_append_new(arr, outfall_feature(&o[i]));
        char *text = fc ? json_dumps(fc, JSON_INDENT(1)) : NULL;
        json_decref(fc);
        if (!text)
            return EXIT_RUNTIME;
        printf("%s\n", text);
        free(text);
        return EXIT_OK;
    }
    static const char *const names[] = {"code",         "name_zh",  "name_en",    "type",
                                        "jurisdiction", "district", "enterprise", "town",
                                        "river",        "reach",    "lon",        "lat",
                                        "permit",       "risk",     "active",     "last_inspected"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM,  COL_NUM,
                                     COL_TEXT, COL_NUM,  COL_NUM,  COL_TEXT};
    out_table *t = out_table_new(NULL, 16, names, types);
    for (size_t i = 0; t && i < n; i++) {
        char lon[24], lat[24], risk[16], d[16];
        snprintf(lon, sizeof lon, "%.5f", o[i].lon);
        snprintf(lat, sizeof lat, "%.5f", o[i].lat);
        snprintf(risk, sizeof risk, "%g", o[i].risk);
        const char *cells[] = {o[i].code,
                               o[i].name_zh,
                               o[i].name_en,
                               je_outfall_type_name(o[i].type),
                               o[i].jurisdiction,
                               o[i].district,
                               o[i].enterprise,
                               o[i].town,
                               o[i].river,
                               o[i].reach,
                               lon,
                               lat,
                               o[i].permit,
                               risk,
                               o[i].active ? "1" : "0",
                               icli_date(o[i].last_inspected_day, d, sizeof d)};
        out_table_add(t, cells);
    }
    if (!t)
        return EXIT_RUNTIME;
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

static int outfalls_cmd(cli *c, const char *jur, const char *river, const char *one, int geojson)
{
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_outfall *o = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_outfalls(db, jur, river, &o, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    size_t from = 0;
    if (one) {
        while (from < n && strcmp(o[from].code, one) != 0)
            from++;
        if (from == n) {
            free(o);
            je_error_set(&err, JE_ENOTFOUND, "unknown outfall '%s' (%s)", one,
                         "jointenv outfall list shows the registry");
            return cli_fail(c, JE_ENOTFOUND, &err);
        }
        n = from + 1;
    }
    int code = outfalls_out(c, o + from, n - from, geojson);
    free(o);
    return code;
}

int cmd_outfall_list(cli *c, int argc, char **argv)
{
    icli_args a;
    int code = icli_parse(c, "outfall list", argc, argv,
                          IO_BIT(IO_JUR) | IO_BIT(IO_RIVER) | IO_BIT(IO_GEOJSON), 0, &a);
    if (code >= 0)
        return code;
    return outfalls_cmd(c, a.v[IO_JUR - IO_FIRST], a.v[IO_RIVER - IO_FIRST], NULL,
                        a.v[IO_GEOJSON - IO_FIRST] != NULL);
}

int cmd_outfall_show(cli *c, int argc, char **argv)
{
    icli_args a;
    int code = icli_parse(c, "outfall show", argc, argv, 0, 1, &a);
    if (code >= 0)
        return code;
    return outfalls_cmd(c, NULL, NULL, a.pos, 0);
}

const char inspector_list_usage[] =
    "Options:\n"
    "  --jurisdiction J   one side's pool\n\n"
    "The inspectors you may read (roles in their jurisdiction or the joint office):\n"
    "code, name, jurisdiction, home district, active, user.\n";

int cmd_inspector_list(cli *c, int argc, char **argv)
{
    icli_args a;
    int code = icli_parse(c, "inspector list", argc, argv, IO_BIT(IO_JUR), 0, &a);
    if (code >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_inspector *x = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_inspectors(db, a.v[IO_JUR - IO_FIRST], &x, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    static const char *const names[] = {"code",     "name",   "jurisdiction",
                                        "district", "active", "user"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM, COL_TEXT};
    out_table *t = out_table_new(NULL, 6, names, types);
    for (size_t i = 0; t && i < n; i++) {
        const char *cells[] = {
            x[i].code, x[i].name, x[i].jurisdiction, x[i].district, x[i].active ? "1" : "0",
            x[i].user};
        out_table_add(t, cells);
    }
    free(x);
    if (!t)
        return EXIT_RUNTIME;
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

/* ---- draws ----------------------------------------------------------------------- */

const char inspect_draw_usage[] =
    "Usage: jointenv inspect draw --count N --date D [--seed S] [options]\n\n"
    "Options:\n"
    "  --count N          targets to draw\n"
    "  --date D           the inspection day, YYYY-MM-DD\n"
    "  --seed S           any text; the same seed and registry give the same draw on any\n"
    "                     machine (default: the current time and process id, recorded)\n"
    "  --team-size K      inspectors per target (default 2; at least one from each side)\n"
    "  --exclude-days N   skip outfalls inspected in the N days before D (default 180)\n"
    "  --strata S         river (default: jurisdiction x river) or jurisdiction\n"
    "  --jurisdiction J   draw from one side's outfalls only\n\n"
    "Double-random (双随机): targets drawn from the outfall registry, weighted by risk and\n"
    "stratified; teams drawn from both sides' pools — at least one inspector from each\n"
    "side, none on an outfall of their own home district, nobody in two teams unless\n"
    "the pool is too small (then a warning names them). The draw is written to the\n"
    "store and the audit log before it is printed, and stays non-public until\n"
    "`jointenv inspect close DRAW`. Needs the inspector or admin role in the joint\n"
    "office. The method, RNG and rules: docs/inspect.md.\n";
const char inspect_draws_usage[] =
    "Recorded draws you may read (closed draws are public): id, day, seed, count, team\n"
    "size, the hash of the list, closed, who drew and when.\n";
const char inspect_show_usage[] = "Usage: jointenv inspect show DRAW\n\n"
                                  "The targets and teams of one recorded draw.\n";
const char inspect_close_usage[] =
    "Usage: jointenv inspect close DRAW\n\n"
    "Closes a draw: its results become public (logged). Inspector or admin role in the\n"
    "joint office.\n";

static int draw_rows_out(cli *c, const je_draw_row *r, size_t n)
{
    static const char *const names[] = {"draw",     "rank",    "outfall", "jurisdiction",
                                        "district", "stratum", "team"};
    static const col_type types[] = {COL_NUM,  COL_NUM,  COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *t = out_table_new(NULL, 7, names, types);
    for (size_t i = 0; t && i < n; i++) {
        char id[24], rank[16];
        snprintf(id, sizeof id, "%lld", (long long)r[i].draw_id);
        snprintf(rank, sizeof rank, "%d", r[i].rank);
        const char *cells[] = {
            id,           rank,     r[i].outfall, r[i].outfall_jurisdiction, r[i].outfall_district,
            r[i].stratum, r[i].team};
        out_table_add(t, cells);
    }
    if (!t)
        return EXIT_RUNTIME;
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

static void draw_header(const je_draw_info *d)
{
    char day[16];
    fprintf(stderr, "draw %lld for %s: seed '%s', %d target(s), teams of %d, %s\n",
            (long long)d->id, icli_date(d->day, day, sizeof day), d->seed, d->count, d->team_size,
            d->closed ? "closed (public)" : "open (not public until closed)");
    fprintf(stderr, "list hash (BLAKE2b-256): %s\n", d->list_hash);
    if (d->warnings[0])
        fprintf(stderr, "warning: %s\n", d->warnings);
}

int cmd_inspect_draw(cli *c, int argc, char **argv)
{
    static const char cmd[] = "inspect draw";
    icli_args a;
    int code =
        icli_parse(c, cmd, argc, argv,
                   IO_BIT(IO_COUNT) | IO_BIT(IO_DATE) | IO_BIT(IO_SEED) | IO_BIT(IO_TEAM_SIZE) |
                       IO_BIT(IO_EXCLUDE) | IO_BIT(IO_STRATA) | IO_BIT(IO_JUR),
                   0, &a);
    if (code >= 0)
        return code;
    je_draw_params p;
    memset(&p, 0, sizeof p);
    long v = 0;
    if ((code = icli_int(c, cmd, "count", a.v[IO_COUNT - IO_FIRST], 1, 100000, &v)) >= 0)
        return code;
    p.count = (int)v;
    if ((p.day = icli_day(a.v[IO_DATE - IO_FIRST])) < 0)
        return cli_usage_error(c, cmd, "--date needs the inspection day YYYY-MM-DD");
    v = 2;
    if (a.v[IO_TEAM_SIZE - IO_FIRST] &&
        (code = icli_int(c, cmd, "team-size", a.v[IO_TEAM_SIZE - IO_FIRST], 1, JE_DRAW_MAX_TEAM,
                         &v)) >= 0)
        return code;
    p.team_size = (int)v;
    v = 180;
    if (a.v[IO_EXCLUDE - IO_FIRST] &&
        (code = icli_int(c, cmd, "exclude-days", a.v[IO_EXCLUDE - IO_FIRST], 0, 3650, &v)) >= 0)
        return code;
    p.exclude_days = (int)v;
    const char *strata = a.v[IO_STRATA - IO_FIRST];
    if (strata && strcmp(strata, "river") != 0 && strcmp(strata, "jurisdiction") != 0)
        return cli_usage_error(c, cmd, "--strata needs river or jurisdiction");
    p.by_river = !strata || strcmp(strata, "river") == 0;
    if (a.v[IO_JUR - IO_FIRST])
        snprintf(p.jurisdiction, sizeof p.jurisdiction, "%s", a.v[IO_JUR - IO_FIRST]);
    if (a.v[IO_SEED - IO_FIRST]) {
        if (strlen(a.v[IO_SEED - IO_FIRST]) >= sizeof p.seed || !a.v[IO_SEED - IO_FIRST][0])
            return cli_usage_error(c, cmd, "--seed needs 1 to %zu bytes of text",
                                   sizeof p.seed - 1);
        snprintf(p.seed, sizeof p.seed, "%s", a.v[IO_SEED - IO_FIRST]);
    } else {
        char when[40];
        je_time_format((int64_t)time(NULL), 0, when, sizeof when);
        snprintf(p.seed, sizeof p.seed, "%s/%ld", when, (long)getpid());
    }
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    int64_t id;
    je_draw_row *rows = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_draw(db, &p, &id, &rows, &n, &err);
    je_draw_info info;
    je_draw_row *again = NULL;
    size_t n2 = 0;
    if (st == JE_OK)
        st = je_store_draw_get(db, id, &info, &again, &n2, &err);
    free(again);
    je_db_close(db);
    if (st != JE_OK) {
        free(rows);
        return cli_fail(c, st, &err);
    }
    draw_header(&info);
    code = draw_rows_out(c, rows, n);
    free(rows);
    return code;
}

int cmd_inspect_draws(cli *c, int argc, char **argv)
{
    icli_args a;
    int code = icli_parse(c, "inspect draws", argc, argv, 0, 0, &a);
    if (code >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_draw_info *d = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_draws(db, &d, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    static const char *const names[] = {
        "draw",         "day",       "seed",   "count",    "team_size", "exclude_days", "strata",
        "jurisdiction", "list_hash", "closed", "drawn_by", "drawn_at",  "warnings"};
    col_type types[13];
    for (int k = 0; k < 13; k++)
        types[k] = (k == 0 || k == 3 || k == 4 || k == 5 || k == 9) ? COL_NUM : COL_TEXT;
    out_table *t = out_table_new(NULL, 13, names, types);
    for (size_t i = 0; t && i < n; i++) {
        char id[24], day[16], cnt[16], ts[16], ex[16], at[40];
        snprintf(id, sizeof id, "%lld", (long long)d[i].id);
        snprintf(cnt, sizeof cnt, "%d", d[i].count);
        snprintf(ts, sizeof ts, "%d", d[i].team_size);
        snprintf(ex, sizeof ex, "%d", d[i].exclude_days);
        je_time_format(d[i].drawn_at, 0, at, sizeof at);
        const char *cells[] = {id,
                               icli_date(d[i].day, day, sizeof day),
                               d[i].seed,
                               cnt,
                               ts,
                               ex,
                               d[i].by_river ? "river" : "jurisdiction",
                               d[i].jurisdiction,
                               d[i].list_hash,
                               d[i].closed ? "1" : "0",
                               d[i].drawn_by,
                               at,
                               d[i].warnings};
        out_table_add(t, cells);
    }
    free(d);
    if (!t)
        return EXIT_RUNTIME;
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

static int draw_id_arg(cli *c, const char *cmd, const char *s, int64_t *id)
{
    long v = 0;
    int code = icli_int(c, cmd, "DRAW", s, 1, 2147483647L, &v);
    *id = v;
    return code;
}

int cmd_inspect_show(cli *c, int argc, char **argv)
{
    icli_args a;
    int64_t id;
    int code = icli_parse(c, "inspect show", argc, argv, 0, 1, &a);
    if (code >= 0 || (code = draw_id_arg(c, "inspect show", a.pos, &id)) >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_draw_info info;
    je_draw_row *rows = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_draw_get(db, id, &info, &rows, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    draw_header(&info);
    code = draw_rows_out(c, rows, n);
    free(rows);
    return code;
}

int cmd_inspect_close(cli *c, int argc, char **argv)
{
    icli_args a;
    int64_t id;
    int code = icli_parse(c, "inspect close", argc, argv, 0, 1, &a);
    if (code >= 0 || (code = draw_id_arg(c, "inspect close", a.pos, &id)) >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_store_draw_close(db, id, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    printf("draw %lld closed: its results are public\n", (long long)id);
    return EXIT_OK;
}

/* ---- inspections ------------------------------------------------------------------ */

const char inspect_record_usage[] =
    "Usage: jointenv inspect record OUTFALL --date D --side J [options]\n\n"
    "Options:\n"
    "  --date D            the day of the inspection\n"
    "  --side J            the inspecting side (needs its inspector or admin role)\n"
    "  --draw N            the draw the outfall was a target of\n"
    "  --inspectors A,B    the team's inspector codes\n"
    "  --finding TEXT      what was found: opens a rectification case\n"
    "  --deadline D        with --finding: the rectification deadline (after --date)\n"
    "  --responsible P     with --finding: the responsible party (default: the outfall's\n"
    "                      enterprise, else its town)\n\n"
    "Records an inspection (the outfall's last-inspected day) and, with a finding, opens\n"
    "a case owned by the outfall's side: when that is not the inspecting side, the case is\n"
    "handed off across the border (recorded in its history).\n";

int icli_finding(cli *c, const char *cmd, const icli_args *a, je_finding *f, int *has)
{
    memset(f, 0, sizeof *f);
    *has = a->v[IO_FINDING - IO_FIRST] != NULL;
    if (!*has) {
        if (a->v[IO_DEADLINE - IO_FIRST] || a->v[IO_RESPONSIBLE - IO_FIRST])
            return cli_usage_error(c, cmd, "--deadline and --responsible go with --finding");
        return -1;
    }
    f->text = a->v[IO_FINDING - IO_FIRST];
    f->responsible = a->v[IO_RESPONSIBLE - IO_FIRST];
    if ((f->deadline_day = icli_day(a->v[IO_DEADLINE - IO_FIRST])) < 0)
        return cli_usage_error(c, cmd, "--finding needs --deadline YYYY-MM-DD");
    return -1;
}

int cmd_inspect_record(cli *c, int argc, char **argv)
{
    static const char cmd[] = "inspect record";
    icli_args a;
    int code =
        icli_parse(c, cmd, argc, argv,
                   IO_BIT(IO_DATE) | IO_BIT(IO_SIDE) | IO_BIT(IO_DRAW) | IO_BIT(IO_INSPECTORS) |
                       IO_BIT(IO_FINDING) | IO_BIT(IO_DEADLINE) | IO_BIT(IO_RESPONSIBLE),
                   1, &a);
    if (code >= 0)
        return code;
    int64_t day = icli_day(a.v[IO_DATE - IO_FIRST]);
    if (day < 0)
        return cli_usage_error(c, cmd, "--date needs the inspection day YYYY-MM-DD");
    if (!a.v[IO_SIDE - IO_FIRST])
        return cli_usage_error(c, cmd, "--side needs the inspecting jurisdiction");
    long draw = 0;
    if (a.v[IO_DRAW - IO_FIRST] &&
        (code = icli_int(c, cmd, "draw", a.v[IO_DRAW - IO_FIRST], 1, 2147483647L, &draw)) >= 0)
        return code;
    je_finding f;
    int has;
    if ((code = icli_finding(c, cmd, &a, &f, &has)) >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    int64_t insp, cs;
    je_error err;
    je_status st =
        je_store_inspection(db, a.pos, a.v[IO_SIDE - IO_FIRST], day, draw,
                            a.v[IO_INSPECTORS - IO_FIRST], has ? &f : NULL, &insp, &cs, &err);
    je_case k;
    je_case_event *ev = NULL;
    size_t nev = 0;
    if (st == JE_OK && cs > 0 && je_store_case_get(db, cs, &k, &ev, &nev, &err) == JE_OK) {
        printf("inspection %lld recorded; case %lld opened, owned by %s%s\n", (long long)insp,
               (long long)cs, k.owner, k.handed_off ? " (cross-border hand-off)" : "");
    } else if (st == JE_OK)
        printf("inspection %lld recorded (compliant)\n", (long long)insp);
    free(ev);
    je_db_close(db);
    return st == JE_OK ? EXIT_OK : cli_fail(c, st, &err);
}
