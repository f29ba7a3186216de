/* cli.h — what the command files share: options, output, exit codes. */
#ifndef JE_CLI_H
#define JE_CLI_H

#include "jointenv/core.h"
#include "jointenv/store.h"

#include <stdarg.h>
#include <stdio.h>

/* Exit codes (documented in --help and README). */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_BADDATA = 3 };

typedef enum { OUT_TABLE, OUT_CSV, OUT_JSON } out_format;

typedef struct cli {
    const char *prog;
    const char *db_path;
    out_format format;
    int stdout_tty;
    int stderr_tty;
} cli;

typedef int (*cmd_fn)(cli *c, int argc, char **argv);

typedef struct cli_command {
    const char *group; /* "water", or NULL for a top-level command */
    const char *name;
    cmd_fn fn;
    const char *summary;
    const char *usage; /* full --help text after the synopsis line */
} cli_command;

/* Open the database; on failure print the error and return NULL. */
je_db *cli_open_db(cli *c);
/* Print "jointenv: error: <formatted error>" and return the exit code for st. */
int cli_fail(cli *c, je_status st, const je_error *err);
int cli_exit_code(je_status st);
/* Print a usage error and return EXIT_USAGE. */
int cli_usage_error(cli *c, const char *cmd, const char *fmt, ...) JE_PRINTF(3, 4);
/* Print the help of one command to stdout. */
void cli_print_help(const cli_command *cmd);
/* 1 if argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);
/* A progress bar on stderr when it is a TTY; silent otherwise. ctx = cli*. */
void cli_progress(void *ctx, uint64_t done, uint64_t total, const char *what);
void cli_progress_done(cli *c);

/* Output tables (output.c): typed columns, rendered as an aligned table (CJK-width
 * aware), CSV, or JSON (an array of objects; numbers stay numbers). */
typedef enum { COL_TEXT, COL_NUM } col_type;
typedef struct out_table out_table;
out_table *out_table_new(const char *title, size_t ncols, const char *const *names,
                         const col_type *types);
/* Append a row of ncols cells (copied). NULL or "" is empty (JSON null). 0 on ENOMEM. */
int out_table_add(out_table *t, const char *const *cells);
size_t out_table_rows(const out_table *t);
void out_table_print(const out_table *t, out_format f, FILE *fp);
/* JSON value of the table (array of objects); caller json_decref()s. */
void *out_table_json(const out_table *t);
void out_table_free(out_table *t);

/* Commands. */
int cmd_init(cli *c, int argc, char **argv);
int cmd_demo(cli *c, int argc, char **argv);
int cmd_import_jurisdictions(cli *c, int argc, char **argv);
int cmd_import_sections(cli *c, int argc, char **argv);
int cmd_import_water_samples(cli *c, int argc, char **argv);
int cmd_import_list(cli *c, int argc, char **argv);
int cmd_water_classify(cli *c, int argc, char **argv);
int cmd_water_assess(cli *c, int argc, char **argv);
int cmd_water_samples(cli *c, int argc, char **argv);
int cmd_import_air_stations(cli *c, int argc, char **argv);
int cmd_import_air_hourly(cli *c, int argc, char **argv);
int cmd_air_aqi(cli *c, int argc, char **argv);
int cmd_air_daily(cli *c, int argc, char **argv);
int cmd_air_assess(cli *c, int argc, char **argv);
int cmd_air_alerts(cli *c, int argc, char **argv);

int cmd_import_plants(cli *c, int argc, char **argv);
int cmd_import_receptors(cli *c, int argc, char **argv);
int cmd_air_plume(cli *c, int argc, char **argv);
int cmd_air_dispersion(cli *c, int argc, char **argv);
int cmd_stagger_plan(cli *c, int argc, char **argv);
int cmd_stagger_check(cli *c, int argc, char **argv);
int cmd_stagger_export(cli *c, int argc, char **argv);
/* Their --help texts, kept beside each command's code. */
extern const char plants_usage[], receptors_usage[], air_plume_usage[], air_dispersion_usage[],
    stagger_plan_usage[], stagger_check_usage[], stagger_export_usage[];

int cmd_river_dosag(cli *c, int argc, char **argv);
extern const char river_dosag_usage[];
/* the stored river network (cmd_river_db.c) */
#include "jointenv/river_store.h" /* je_import_river_* etc. for the demo's steps */
int cmd_import_river_nodes(cli *c, int argc, char **argv);
int cmd_import_reaches(cli *c, int argc, char **argv);
int cmd_import_reach_conditions(cli *c, int argc, char **argv);
int cmd_import_river_sections(cli *c, int argc, char **argv);
int cmd_import_river_loads(cli *c, int argc, char **argv);
int cmd_import_load_values(cli *c, int argc, char **argv);
int cmd_import_headwaters(cli *c, int argc, char **argv);
int cmd_river_model(cli *c, int argc, char **argv);
int cmd_river_attribute(cli *c, int argc, char **argv);
int cmd_river_cuts(cli *c, int argc, char **argv);
int cmd_river_export(cli *c, int argc, char **argv);
extern const char river_nodes_usage[], reaches_usage[], reach_conditions_usage[],
    river_sections_usage[], river_loads_usage[], load_values_usage[], headwaters_usage[],
    river_model_usage[], river_attribute_usage[], river_cuts_usage[], river_export_usage[];
/* -- river network and transport model (issue 5; cmd_river.c) -- */
#include "jointenv/compensation.h" /* je_import_section_flows for the demo's steps */
int cmd_import_section_flows(cli *c, int argc, char **argv);
int cmd_compensation_settle(cli *c, int argc, char **argv);
int cmd_compensation_ledger(cli *c, int argc, char **argv);
int cmd_compensation_explain(cli *c, int argc, char **argv);
int cmd_run_list(cli *c, int argc, char **argv);
int cmd_run_show(cli *c, int argc, char **argv);
int cmd_run_verify(cli *c, int argc, char **argv);
extern const char section_flows_usage[], compensation_settle_usage[], compensation_ledger_usage[],
    compensation_explain_usage[], run_list_usage[], run_show_usage[], run_verify_usage[];
/* -- ecological compensation and runs (issue 5; cmd_compensation.c) -- */
int cmd_water_allocate(cli *c, int argc, char **argv);
extern const char water_allocate_usage[];
/* -- water allocation (issue 5; cmd_allocate.c) -- */
int cmd_user_add(cli *c, int argc, char **argv);
int cmd_user_list(cli *c, int argc, char **argv);
int cmd_user_grant(cli *c, int argc, char **argv);
int cmd_user_revoke(cli *c, int argc, char **argv);
int cmd_user_passwd(cli *c, int argc, char **argv);
int cmd_token_create(cli *c, int argc, char **argv);
int cmd_token_list(cli *c, int argc, char **argv);
int cmd_token_revoke(cli *c, int argc, char **argv);
int cmd_audit_log(cli *c, int argc, char **argv);
int cmd_audit_verify(cli *c, int argc, char **argv);
int cmd_audit_export(cli *c, int argc, char **argv);
int cmd_audit_verify_bundle(cli *c, int argc, char **argv);
int cmd_audit_keygen(cli *c, int argc, char **argv);
extern const char user_add_usage[], user_list_usage[], user_grant_usage[], user_revoke_usage[],
    user_passwd_usage[], token_create_usage[], token_list_usage[], token_revoke_usage[],
    audit_log_usage[], audit_verify_usage[], audit_export_usage[], audit_verify_bundle_usage[],
    audit_keygen_usage[];
/* Read a password from the terminal (/dev/tty) without echo, after "PROMPT USER: ".
 * 0 on success; -1 when there is no terminal (main.c). */
int cli_read_password(const char *prompt, const char *user, char *buf, size_t size);
/* -- users, tokens and the audit log (issue 6; cmd_user.c, cmd_audit.c) -- */
#include "jointenv/energy.h" /* je_import_energy_activity, je_import_coal_units (demo steps) */
int cmd_import_energy_activity(cli *c, int argc, char **argv);
int cmd_import_coal_units(cli *c, int argc, char **argv);
int cmd_energy_account(cli *c, int argc, char **argv);
int cmd_energy_barometer(cli *c, int argc, char **argv);
int cmd_energy_pathway(cli *c, int argc, char **argv);
int cmd_coal_units(cli *c, int argc, char **argv);
int cmd_coal_plan(cli *c, int argc, char **argv);
int cmd_import_renewables(cli *c, int argc, char **argv);
int cmd_energy_nonfossil(cli *c, int argc, char **argv);
extern const char energy_activity_usage[], coal_units_usage[], energy_account_usage[],
    energy_barometer_usage[], energy_pathway_usage[], coal_units_list_usage[],
    coal_plan_usage[], renewables_usage[], energy_nonfossil_usage[], cp_audits_usage[],
    audits_list_usage[], audits_show_usage[], audits_update_usage[], audits_summary_usage[];
int cmd_import_cp_audits(cli *c, int argc, char **argv);
int cmd_audits_list(cli *c, int argc, char **argv);
int cmd_audits_show(cli *c, int argc, char **argv);
int cmd_audits_update(cli *c, int argc, char **argv);
int cmd_audits_summary(cli *c, int argc, char **argv);
/* -- energy, carbon, coal units, audits (issue 8; cmd_energy.c) -- */
int cmd_ecology_circuit(cli *c, int argc, char **argv);
int cmd_ecology_corridors(cli *c, int argc, char **argv);
int cmd_ecology_diversity(cli *c, int argc, char **argv);
extern const char ecology_circuit_usage[], ecology_corridors_usage[], ecology_diversity_usage[];
int cmd_ecology_survey(cli *c, int argc, char **argv); /* cmd_survey.c */
extern const char ecology_survey_usage[];
/* -- ecology: corridors, circuits, diversity (issue 9; cmd_ecology.c) -- */
/* zero-waste cities (cmd_waste.c) */
int cmd_waste_indicators(cli *c, int argc, char **argv);
int cmd_waste_score(cli *c, int argc, char **argv);
int cmd_waste_report(cli *c, int argc, char **argv);
extern const char waste_indicators_usage[], waste_score_usage[], waste_report_usage[];
/* gene banks and forests (cmd_conserve.c) */
int cmd_genebank_status(cli *c, int argc, char **argv);
int cmd_forest_progress(cli *c, int argc, char **argv);
extern const char genebank_status_usage[], forest_progress_usage[];
#include "jointenv/programme.h" /* je_import_tasks etc. for the demo's steps */
int cmd_import_tasks(cli *c, int argc, char **argv);
int cmd_import_milestones(cli *c, int argc, char **argv);
int cmd_import_task_evidence(cli *c, int argc, char **argv);
int cmd_tasks_list(cli *c, int argc, char **argv);
int cmd_tasks_show(cli *c, int argc, char **argv);
int cmd_tasks_update(cli *c, int argc, char **argv);
int cmd_tasks_sign(cli *c, int argc, char **argv);
int cmd_tasks_report(cli *c, int argc, char **argv);
int cmd_tasks_indicators(cli *c, int argc, char **argv);
extern const char tasks_import_usage[], milestones_import_usage[], evidence_import_usage[],
    tasks_list_usage[], tasks_show_usage[], tasks_update_usage[], tasks_sign_usage[],
    tasks_report_usage[], tasks_indicators_usage[];
#include "cli/inspect_cli.h" /* outfalls, inspectors, draws, cases, patrols */
#include "jointenv/enterprise.h" /* je_import_enterprises, _links (demo steps) */
int cmd_import_enterprises(cli *c, int argc, char **argv);
int cmd_import_enterprise_links(cli *c, int argc, char **argv);
int cmd_enterprise_list(cli *c, int argc, char **argv);
int cmd_enterprise_show(cli *c, int argc, char **argv);
int cmd_enterprise_check(cli *c, int argc, char **argv);
int cmd_import_cp_options(cli *c, int argc, char **argv);
/* run verify of an energy-account run (cmd_energy.c): the exit code, or -1 when run
 * `id` is not an energy-account run (or cannot be read: the caller reports it). */
int cli_energy_run_verify(cli *c, int64_t id);
/* Recompute zero-waste run id (cmd_waste.c); system NULL = the one it recorded. */
int cli_waste_run_verify(cli *c, int64_t id, const char *system);
extern const char enterprises_usage[], enterprise_links_usage[], enterprise_list_usage[],
    enterprise_show_usage[], enterprise_check_usage[], cp_options_usage[];
#include "jointenv/conserve.h" /* je_import_genebank, je_import_forests … (demo steps) */
#include "jointenv/survey.h"   /* je_import_dwc (demo steps) */
#include "jointenv/waste.h"    /* je_import_waste_* (demo steps) */
int cmd_import_dwc(cli *c, int argc, char **argv);             /* cmd_survey.c */
int cmd_import_waste_districts(cli *c, int argc, char **argv); /* cmd_waste.c */
int cmd_import_waste_data(cli *c, int argc, char **argv);
int cmd_waste_verify(cli *c, int argc, char **argv);
int cmd_import_genebank(cli *c, int argc, char **argv); /* cmd_conserve.c */
int cmd_import_forests(cli *c, int argc, char **argv);
int cmd_import_forest_targets(cli *c, int argc, char **argv);
int cmd_genebank_update(cli *c, int argc, char **argv);
extern const char import_dwc_usage[], import_waste_districts_usage[], import_waste_data_usage[],
    waste_verify_usage[], import_genebank_usage[], import_forests_usage[],
    import_forest_targets_usage[], genebank_update_usage[];
/* serve (cmd_serve.c) */
int cmd_serve(cli *c, int argc, char **argv);
extern const char serve_usage[];

/* Path of a shipped data file (rel under data/): $JOINTENV_DATA/rel when set, else
 * the data/ of the source tree this binary was built from. Returns buf. */
const char *cli_data_path(const char *rel, char *buf, size_t size);

/* Import one file with the common options and report (cmd_import.c). */
typedef je_status (*import_fn)(je_db *, const char *, const je_import_opts *, je_import_report *,
                               je_error *);
int cli_run_import(cli *c, je_db *db, import_fn fn, const char *path, const je_import_opts *o,
                   int quiet);
/* A whole `import KIND` command: parses --dry-run, --replace, --max-errors N and one
 * FILE from argv (argv[0] = KIND), opens the database and runs cli_run_import. */
int cli_import_cmd(cli *c, int argc, char **argv, import_fn fn);
/* Calculators (calc.c): CSV in, one output row per input row. `begin` checks the
 * header (problems into diag) and returns the output table, NULL when the header is
 * bad (or out of memory, diag empty); `row` appends one row's output, putting a bad
 * row's problems into diag; it returns a fatal status only. */
typedef struct cli_calc {
    out_table *(*begin)(void *ctx, je_csv *r, je_diag *diag);
    je_status (*row)(void *ctx, je_csv *r, je_diag *diag, out_table *t, je_error *err);
} cli_calc;
int cli_calc_run(cli *c, const char *input, const cli_calc *ops, void *ctx);
/* Add "path:line:column: message" for field `col` of the current row to d. */
void cli_diag_field(je_diag *d, je_csv *r, size_t col, const char *fmt, ...) JE_PRINTF(4, 5);

/* A whole file, malloc'ed (free()); NULL with err filled on failure. */
char *cli_read_file(const char *path, size_t *len, je_error *err);

/* A numeric cell of the current row into *out: empty is NAN when `optional`, else an
 * error; CLI_POS / CLI_NONNEG check the sign. 0 (after a diag naming `what`) when bad. */
typedef enum { CLI_ANY, CLI_POS, CLI_NONNEG } cli_range;
int cli_cell_num(je_diag *diag, je_csv *r, int col, cli_range rg, int optional, const char *what,
                 double *out);

/* The next well-formed row of r: malformed rows (CSV syntax, field count) go to diag
 * and are skipped. JE_OK with *has 0 at the end; a fatal status otherwise. */
je_status cli_next_row(je_csv *r, je_diag *diag, int *has, je_error *err);

/* Read an hourly meteorology file (met.c; at most max_hours rows, 0 = all) into *out
 * (malloc'd). Bad rows go to diag; Turner's method uses the place lon0/lat0. Returns
 * a fatal status only. */
typedef struct je_met_hour je_met_hour;
je_status cli_read_met(const char *path, long max_hours, double lon0, double lat0, je_diag *diag,
                       je_met_hour **out, size_t *out_n, je_error *err);

/* Print the rows of a diag list to stderr. */
void cli_print_diag(const je_diag *d);

#endif
