/* inspect_cli.h — the inspection commands (cmd_inspect.c, cmd_cases.c): their entry
 * points and --help texts for main.c's table, and the option parsing they share.
 * Included by cli.h (between its issue-6-inspections markers). */
#ifndef JE_CLI_INSPECT_H
#define JE_CLI_INSPECT_H

#include "jointenv/inspect.h" /* je_import_outfalls, je_import_inspectors (demo steps) */

int cmd_import_outfalls(cli *c, int argc, char **argv);
int cmd_import_inspectors(cli *c, int argc, char **argv);
int cmd_outfall_list(cli *c, int argc, char **argv);
int cmd_outfall_show(cli *c, int argc, char **argv);
int cmd_inspector_list(cli *c, int argc, char **argv);
int cmd_inspect_draw(cli *c, int argc, char **argv);
int cmd_inspect_draws(cli *c, int argc, char **argv);
int cmd_inspect_show(cli *c, int argc, char **argv);
int cmd_inspect_close(cli *c, int argc, char **argv);
int cmd_inspect_record(cli *c, int argc, char **argv);
int cmd_cases_list(cli *c, int argc, char **argv);
int cmd_cases_show(cli *c, int argc, char **argv);
int cmd_cases_update(cli *c, int argc, char **argv);
int cmd_patrol_plan(cli *c, int argc, char **argv);
int cmd_patrol_log(cli *c, int argc, char **argv);
int cmd_patrol_list(cli *c, int argc, char **argv);
int cmd_patrol_show(cli *c, int argc, char **argv);
extern const char outfalls_usage[], inspectors_usage[], outfall_list_usage[], outfall_show_usage[],
    inspector_list_usage[], inspect_draw_usage[], inspect_draws_usage[], inspect_show_usage[],
    inspect_close_usage[], inspect_record_usage[], cases_list_usage[], cases_show_usage[],
    cases_update_usage[], patrol_plan_usage[], patrol_log_usage[], patrol_list_usage[],
    patrol_show_usage[];

/* Options of every inspection command; each command allows a subset (IO_BIT mask). */
enum {
    IO_FIRST = 400,
    IO_JUR = IO_FIRST,
    IO_RIVER,
    IO_GEOJSON,
    IO_COUNT,
    IO_DATE,
    IO_SEED,
    IO_TEAM_SIZE,
    IO_EXCLUDE,
    IO_STRATA,
    IO_SIDE,
    IO_DRAW,
    IO_INSPECTORS,
    IO_FINDING,
    IO_DEADLINE,
    IO_RESPONSIBLE,
    IO_STATUS,
    IO_OVERDUE,
    IO_AS_OF,
    IO_TO,
    IO_NOTE,
    IO_REACHES,
    IO_TEAM,
    IO_TITLE,
    IO_TIME,
    IO_LON,
    IO_LAT,
    IO_OBSERVATION,
    IO_PHOTO,
    IO_OUTFALL,
    IO_PLACE,
    IO_SOURCE_SIDE,
    IO_LAST
};
#define IO_BIT(o) (1ull << ((o)-IO_FIRST))

typedef struct icli_args {
    const char *v[IO_LAST - IO_FIRST]; /* the option's argument ("1" for flags), or NULL */
    const char *pos;                   /* the positional argument, when one is expected */
} icli_args;

/* Parse argv: options outside `allowed` and a wrong number of positional arguments
 * (0 or 1) are usage errors. Returns -1 to go on, else the exit code. */
int icli_parse(cli *c, const char *cmd, int argc, char **argv, unsigned long long allowed,
               int positional, icli_args *a);
/* A whole number in [lo, hi] for option `opt`; -1 to go on, else the exit code. */
int icli_int(cli *c, const char *cmd, const char *opt, const char *s, long lo, long hi, long *out);
/* YYYY-MM-DD into days since 1970 (-1 when bad); a day back into text ("" for < 0). */
int64_t icli_day(const char *s);
const char *icli_date(int64_t day, char *buf, size_t size);
/* --finding, --deadline, --responsible into f (*has 0 without --finding). -1 to go on. */
int icli_finding(cli *c, const char *cmd, const icli_args *a, je_finding *f, int *has);

#endif
