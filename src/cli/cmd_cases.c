/*
 * cmd_cases.c — rectification cases and joint patrols on the command line.
 */
#include "cli/cli.h"
#include "cli/inspect_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define V(a, o) ((a).v[(o)-IO_FIRST])

/* ---- cases ----------------------------------------------------------------------- */

const char cases_list_usage[] =
    "Options:\n"
    "  --status S         open, rectifying, submitted, verified, closed or reopened\n"
    "  --jurisdiction J   cases owned or found by J\n"
    "  --overdue          only cases past their deadline (not verified or closed)\n"
    "  --as-of D          the day overdue is judged on (default: today, UTC)\n\n"
    "Rectification cases you may read: state, the finding, who found it and who owns\n"
    "it (handed_off 1 when the source is on the other side), the responsible party,\n"
    "deadline, days overdue and escalation level (1: 1-30 days, remind; 2: 31-90,\n"
    "escalate to the bureau; 3: over 90, the joint office; docs/inspect.md).\n";
const char cases_show_usage[] = "Usage: jointenv cases show CASE [--as-of D]\n\n"
                                "One case and its history (every move, who, when, note).\n";
const char cases_update_usage[] =
    "Usage: jointenv cases update CASE --to STATE [--date D] [--note TEXT]\n\n"
    "Moves a case:\n"
    "  open -> rectifying, rectifying|reopened -> submitted     the responsible side\n"
    "                                                           (analyst or admin)\n"
    "  submitted -> verified|reopened (a re-inspection), verified -> closed|reopened,\n"
    "  closed -> reopened              inspectors of the side that found it, or the joint\n"
    "                                  office\n"
    "Any other move is refused (exit 1) and changes nothing. Every move is logged.\n";

static int case_id_arg(cli *c, const char *cmd, const char *s, int64_t *id)
{
    long v = 0;
    int code = icli_int(c, cmd, "CASE", s, 1, 2147483647L, &v);
    *id = v;
    return code;
}

static int as_of_arg(cli *c, const char *cmd, const icli_args *a, int64_t *as_of)
{
    *as_of = je_time_local_day((int64_t)time(NULL), 8 * 3600);
    if (V(*a, IO_AS_OF) && (*as_of = icli_day(V(*a, IO_AS_OF))) < 0)
        return cli_usage_error(c, cmd, "--as-of needs a date YYYY-MM-DD");
    return -1;
}

static int cases_out(cli *c, const je_case *k, size_t n, int64_t as_of, int only_overdue)
{
    static const char *const names[] = {"case",        "state",    "outfall",       "place",
                                        "finding",     "found_by", "owner",         "handed_off",
                                        "responsible", "opened",   "deadline",      "days_overdue",
                                        "escalation",  "reopened", "reinspections", "source"};
    col_type types[16];
    for (int i = 0; i < 16; i++)
        types[i] =
            (i == 0 || i == 7 || i == 11 || i == 12 || i == 13 || i == 14) ? COL_NUM : COL_TEXT;
    out_table *t = out_table_new(NULL, 16, names, types);
    for (size_t i = 0; t && i < n; i++) {
        int64_t over;
        int level = je_case_escalation(k[i].state, k[i].deadline_day, as_of, &over);
        if (only_overdue && level == 0)
            continue;
        char id[24], op[16], dl[16], ov[24], lv[8], ro[8], ri[8], src[48];
        snprintf(id, sizeof id, "%lld", (long long)k[i].id);
        snprintf(ov, sizeof ov, "%lld", (long long)over);
        snprintf(lv, sizeof lv, "%d", level);
        snprintf(ro, sizeof ro, "%d", k[i].reopened);
        snprintf(ri, sizeof ri, "%d", k[i].reinspections);
        snprintf(src, sizeof src, "%s %lld", k[i].source, (long long)k[i].source_id);
        const char *cells[] = {id,
                               je_case_state_name(k[i].state),
                               k[i].outfall,
                               k[i].place,
                               k[i].finding,
                               k[i].found_by,
                               k[i].owner,
                               k[i].handed_off ? "1" : "0",
                               k[i].responsible,
                               icli_date(k[i].opened_day, op, sizeof op),
                               icli_date(k[i].deadline_day, dl, sizeof dl),
                               ov,
                               lv,
                               ro,
                               ri,
                               src};
        out_table_add(t, cells);
    }
    if (!t)
        return EXIT_RUNTIME;
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

int cmd_cases_list(cli *c, int argc, char **argv)
{
    static const char cmd[] = "cases list";
    icli_args a;
    int code = icli_parse(
        c, cmd, argc, argv,
        IO_BIT(IO_STATUS) | IO_BIT(IO_JUR) | IO_BIT(IO_OVERDUE) | IO_BIT(IO_AS_OF), 0, &a);
    int64_t as_of;
    if (code >= 0 || (code = as_of_arg(c, cmd, &a, &as_of)) >= 0)
        return code;
    je_case_state state = JE_CASE_STATE_COUNT;
    je_error err;
    if (V(a, IO_STATUS) && je_case_state_parse(V(a, IO_STATUS), &state, &err) != JE_OK)
        return cli_usage_error(c, cmd, "--status: %s", err.message);
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_case *k = NULL;
    size_t n = 0;
    je_status st = je_store_cases(db, state, V(a, IO_JUR), &k, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    code = cases_out(c, k, n, as_of, V(a, IO_OVERDUE) != NULL);
    free(k);
    return code;
}

int cmd_cases_show(cli *c, int argc, char **argv)
{
    static const char cmd[] = "cases show";
    icli_args a;
    int64_t id, as_of;
    int code = icli_parse(c, cmd, argc, argv, IO_BIT(IO_AS_OF), 1, &a);
    if (code >= 0 || (code = case_id_arg(c, cmd, a.pos, &id)) >= 0 ||
        (code = as_of_arg(c, cmd, &a, &as_of)) >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_case k;
    je_case_event *ev = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_case_get(db, id, &k, &ev, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    if (c->format == OUT_TABLE) {
        code = cases_out(c, &k, 1, as_of, 0);
        printf("\n");
    }
    static const char *const names[] = {"case", "seq", "day", "from", "to", "actor", "note"};
    static const col_type types[] = {COL_NUM,  COL_NUM,  COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *t = out_table_new(c->format == OUT_TABLE ? "history" : NULL, 7, names, types);
    for (size_t i = 0; t && i < n; i++) {
        char id_s[24], seq[16], day[16];
        snprintf(id_s, sizeof id_s, "%lld", (long long)ev[i].case_id);
        snprintf(seq, sizeof seq, "%d", ev[i].seq);
        const char *cells[] = {id_s,
                               seq,
                               icli_date(ev[i].day, day, sizeof day),
                               ev[i].from_state,
                               ev[i].to_state,
                               ev[i].actor,
                               ev[i].note};
        out_table_add(t, cells);
    }
    free(ev);
    if (!t)
        return EXIT_RUNTIME;
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

int cmd_cases_update(cli *c, int argc, char **argv)
{
    static const char cmd[] = "cases update";
    icli_args a;
    int64_t id;
    int code =
        icli_parse(c, cmd, argc, argv, IO_BIT(IO_TO) | IO_BIT(IO_DATE) | IO_BIT(IO_NOTE), 1, &a);
    if (code >= 0 || (code = case_id_arg(c, cmd, a.pos, &id)) >= 0)
        return code;
    je_case_state to;
    je_error err;
    if (!V(a, IO_TO))
        return cli_usage_error(c, cmd, "--to needs the new state");
    if (je_case_state_parse(V(a, IO_TO), &to, &err) != JE_OK)
        return cli_usage_error(c, cmd, "--to: %s", err.message);
    int64_t day = je_time_local_day((int64_t)time(NULL), 8 * 3600);
    if (V(a, IO_DATE) && (day = icli_day(V(a, IO_DATE))) < 0)
        return cli_usage_error(c, cmd, "--date needs YYYY-MM-DD");
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_status st = je_store_case_update(db, id, to, day, V(a, IO_NOTE), &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    printf("case %lld: now %s\n", (long long)id, je_case_state_name(to));
    return EXIT_OK;
}

/* ---- patrols --------------------------------------------------------------------- */

const char patrol_plan_usage[] =
    "Usage: jointenv patrol plan --date D --side J --reaches A,B --team X,Y [--title T]\n\n"
    "Plans a joint patrol over stored river reaches with a mixed team: at least one\n"
    "active inspector of the planning side J and one of the other side. Needs the\n"
    "inspector or admin role in J. Prints the patrol's number.\n";
const char patrol_log_usage[] =
    "Usage: jointenv patrol log PATROL --time T [options]\n\n"
    "Options:\n"
    "  --time T            ISO 8601 (without an offset: +08:00)\n"
    "  --lon X --lat Y     a track point (WGS 84)\n"
    "  --observation TEXT  what was seen\n"
    "  --photo FILE        a photo, by file reference (the file is not copied)\n"
    "  --finding TEXT      a finding: opens a rectification case, with\n"
    "  --deadline D        the rectification deadline, and either\n"
    "  --outfall CODE      the outfall it is about, or\n"
    "  --place TEXT        a place, with --source-side J when the source is on the other\n"
    "                      side (the case is then handed off to J) and --responsible P\n";
const char patrol_list_usage[] = "Patrols you may read, newest first.\n";
const char patrol_show_usage[] = "Usage: jointenv patrol show PATROL\n\n"
                                 "A patrol and its log (time, track point, observation, photo,\n"
                                 "case).\n";

int cmd_patrol_plan(cli *c, int argc, char **argv)
{
    static const char cmd[] = "patrol plan";
    icli_args a;
    int code = icli_parse(c, cmd, argc, argv,
                          IO_BIT(IO_DATE) | IO_BIT(IO_SIDE) | IO_BIT(IO_REACHES) | IO_BIT(IO_TEAM) |
                              IO_BIT(IO_TITLE),
                          0, &a);
    if (code >= 0)
        return code;
    int64_t day = icli_day(V(a, IO_DATE));
    if (day < 0)
        return cli_usage_error(c, cmd, "--date needs YYYY-MM-DD");
    if (!V(a, IO_SIDE) || !V(a, IO_REACHES) || !V(a, IO_TEAM))
        return cli_usage_error(c, cmd, "--side, --reaches and --team are required");
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    int64_t id;
    je_error err;
    je_status st = je_store_patrol_plan(db, V(a, IO_SIDE), day, V(a, IO_TITLE), V(a, IO_REACHES),
                                        V(a, IO_TEAM), &id, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    printf("patrol %lld planned\n", (long long)id);
    return EXIT_OK;
}

int cmd_patrol_log(cli *c, int argc, char **argv)
{
    static const char cmd[] = "patrol log";
    icli_args a;
    int64_t id;
    int code = icli_parse(c, cmd, argc, argv,
                          IO_BIT(IO_TIME) | IO_BIT(IO_LON) | IO_BIT(IO_LAT) |
                              IO_BIT(IO_OBSERVATION) | IO_BIT(IO_PHOTO) | IO_BIT(IO_FINDING) |
                              IO_BIT(IO_DEADLINE) | IO_BIT(IO_RESPONSIBLE) | IO_BIT(IO_OUTFALL) |
                              IO_BIT(IO_PLACE) | IO_BIT(IO_SOURCE_SIDE),
                          1, &a);
    if (code >= 0 || (code = case_id_arg(c, cmd, a.pos, &id)) >= 0)
        return code;
    int64_t at;
    if (!V(a, IO_TIME) ||
        je_time_parse(V(a, IO_TIME), strlen(V(a, IO_TIME)), 8 * 3600, &at, NULL) != JE_OK)
        return cli_usage_error(c, cmd, "--time needs an ISO 8601 time (2023-05-10T09:30)");
    double lon = NAN, lat = NAN;
    const char *ls = V(a, IO_LON), *as = V(a, IO_LAT);
    if ((ls && je_parse_double(ls, strlen(ls), &lon) != JE_OK) ||
        (as && je_parse_double(as, strlen(as), &lat) != JE_OK) || (!ls != !as))
        return cli_usage_error(c, cmd, "--lon and --lat need two numbers (decimal degrees)");
    je_finding f;
    int has;
    if ((code = icli_finding(c, cmd, &a, &f, &has)) >= 0)
        return code;
    if (!has && (V(a, IO_OUTFALL) || V(a, IO_PLACE) || V(a, IO_SOURCE_SIDE)))
        return cli_usage_error(c, cmd, "--outfall, --place and --source-side go with --finding");
    f.outfall = V(a, IO_OUTFALL);
    f.place = V(a, IO_PLACE);
    f.source_side = V(a, IO_SOURCE_SIDE);
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    int64_t cs;
    je_error err;
    je_status st = je_store_patrol_log(db, id, at, lon, lat, V(a, IO_OBSERVATION), V(a, IO_PHOTO),
                                       has ? &f : NULL, &cs, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    if (cs)
        printf("patrol %lld: logged; case %lld opened\n", (long long)id, (long long)cs);
    else
        printf("patrol %lld: logged\n", (long long)id);
    return EXIT_OK;
}

static out_table *patrol_table(void)
{
    static const char *const names[] = {"patrol",  "day",  "owner",       "title",
                                        "reaches", "team", "log_entries", "findings"};
    static const col_type types[] = {COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_NUM,  COL_NUM};
    return out_table_new(NULL, 8, names, types);
}

static void patrol_row(out_table *t, const je_patrol *p)
{
    char id[24], day[16], le[16], fi[16];
    snprintf(id, sizeof id, "%lld", (long long)p->id);
    snprintf(le, sizeof le, "%d", p->log_entries);
    snprintf(fi, sizeof fi, "%d", p->findings);
    const char *cells[] = {
        id, icli_date(p->day, day, sizeof day), p->owner, p->title, p->reaches, p->team, le, fi};
    out_table_add(t, cells);
}

int cmd_patrol_list(cli *c, int argc, char **argv)
{
    icli_args a;
    int code = icli_parse(c, "patrol list", argc, argv, 0, 0, &a);
    if (code >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_patrol *p = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_patrols(db, &p, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    out_table *t = patrol_table();
    for (size_t i = 0; t && i < n; i++)
        patrol_row(t, &p[i]);
    free(p);
    if (!t)
        return EXIT_RUNTIME;
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

int cmd_patrol_show(cli *c, int argc, char **argv)
{
    static const char cmd[] = "patrol show";
    icli_args a;
    int64_t id;
    int code = icli_parse(c, cmd, argc, argv, 0, 1, &a);
    if (code >= 0 || (code = case_id_arg(c, cmd, a.pos, &id)) >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (!db)
        return EXIT_RUNTIME;
    je_patrol p;
    je_patrol_entry *e = NULL;
    size_t n = 0;
    je_error err;
    je_status st = je_store_patrol_get(db, id, &p, &e, &n, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    if (c->format == OUT_TABLE) {
        out_table *t = patrol_table();
        if (t) {
            patrol_row(t, &p);
            out_table_print(t, c->format, stdout);
            out_table_free(t);
        }
        printf("\n");
    }
    static const char *const names[] = {"patrol", "seq",         "time",  "lon",
                                        "lat",    "observation", "photo", "case"};
    static const col_type types[] = {COL_NUM, COL_NUM,  COL_TEXT, COL_NUM,
                                     COL_NUM, COL_TEXT, COL_TEXT, COL_NUM};
    out_table *t = out_table_new(c->format == OUT_TABLE ? "log" : NULL, 8, names, types);
    for (size_t i = 0; t && i < n; i++) {
        char pid[24], seq[16], at[40], lon[24] = "", lat[24] = "", cs[24] = "";
        snprintf(pid, sizeof pid, "%lld", (long long)e[i].patrol_id);
        snprintf(seq, sizeof seq, "%d", e[i].seq);
        je_time_format(e[i].at, 8 * 3600, at, sizeof at);
        if (!isnan(e[i].lon)) {
            snprintf(lon, sizeof lon, "%.5f", e[i].lon);
            snprintf(lat, sizeof lat, "%.5f", e[i].lat);
        }
        if (e[i].case_id)
            snprintf(cs, sizeof cs, "%lld", (long long)e[i].case_id);
        const char *cells[] = {pid, seq, at, lon, lat, e[i].observation, e[i].photo, cs};
        out_table_add(t, cells);
    }
    free(e);
    if (!t)
        return EXIT_RUNTIME;
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}
