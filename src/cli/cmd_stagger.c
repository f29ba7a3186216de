/*
 * cmd_stagger.c — jointenv stagger plan|check|export: the staggered production of the
 * stored clinker lines over a horizon of days, planned exactly (MILP) or by the
 * heuristic, re-planned when alerts are on, checked rule by rule, and exported as a
 * plant manager's calendar (CSV or iCalendar).
 *
 * A schedule file is CSV `line,date`: one row per day a line is stopped.
 */
#include "cli/stagger.h"
#include "jointenv/stagger_run.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char stagger_plan_usage[] =
    "Options:\n"
    "  --from D --to D      the horizon, local dates YYYY-MM-DD (e.g. 2022-11-01 2023-03-31)\n"
    "  --solver S           mip (default; COIN-OR CBC, exact with the gap reported) or\n"
    "                       heuristic (construction + local search, fast)\n"
    "  --time-limit S       seconds for the solver (default 60)\n"
    "  --gap PCT            mip: stop when the schedule is proven within PCT % of the\n"
    "                       least exposure possible (default 0.5; 0.01 for near-exact)\n"
    "  --write-lp FILE      mip: also write the model CBC solves (CPLEX LP format), to\n"
    "                       check it with another solver\n"
    "  --rules FILE         rule set (default data/rules/stagger-chengyu-2023.json)\n"
    "  --met FILE           hourly meteorology (time,u_m_s,dir_from_deg,temp_k,\n"
    "                       mixing_height_m,stability[,cloud_tenths]): stops are placed\n"
    "                       where the Gaussian plume model says they avoid the most\n"
    "                       population exposure (receptors: jointenv import receptors)\n"
    "  --pollutant P        pm (default), so2 or nox: the emission the exposure weighs\n"
    "  --demand FILE        region,month,demand_t_d: clinker each market region needs\n"
    "  --transfers FILE     from,to,capacity_t_d: the transfer arcs between market regions\n"
    "                       (per day, running + transfers in - out >= demand in every\n"
    "                       region); without it any region may draw on any other\n"
    "  --alerts FILE        city,date,aqi forecast: alert days bring each grade's duty\n"
    "  --alert-rules FILE   alert rule set (default data/rules/air-alert-mee-2017.json)\n"
    "  --replan FILE --today D  keep FILE's stops before D (already taken) and re-plan\n"
    "                       the rest\n"
    "  --jurisdiction J     lines of one side only\n"
    "  --out FILE           write the schedule (CSV line,date: one row per stop day)\n"
    "  --publish            record the schedule as a run (provenance: rules, inputs and\n"
    "                       output hashed), the one the dashboard and the API show;\n"
    "                       needs the right to write in every jurisdiction it stops\n"
    "  --show W             summary (default), lines, days (capacity vs demand), duties\n"
    "                       (each line's production and transport duty on each alert\n"
    "                       day from --today on), or all\n\n"
    "Every schedule is re-verified by an independent checker before it is shown. The\n"
    "summary compares it with two baselines that stop the same days: a uniform rotation\n"
    "and a random draw. See docs/stagger.md.\n";
const char stagger_check_usage[] =
    "Usage: jointenv stagger check SCHEDULE.csv --from D --to D [problem options]\n\n"
    "Re-verifies a schedule (CSV line,date, one row per stop day) against every rule, with\n"
    "the same problem options as stagger plan (--rules --demand --transfers --alerts\n"
    "--alert-rules --jurisdiction). Lists each violation with its rule, line and day; exit 3 when "
    "there\n"
    "is any.\n";
const char stagger_export_usage[] =
    "Usage: jointenv stagger export --schedule FILE --plant CODE [--ics]\n\n"
    "One line's stops from a schedule: a table of its stop periods, or with --ics an\n"
    "iCalendar file (one all-day event per stop period) a plant manager can import.\n";

typedef struct plan_args {
    stagger_opts so;
    const char *rules_path, *out, *show, *replan, *today, *schedule, *plant;
    char rules_buf[1024], alert_buf[1024];
    je_stagger_options opt;
    int ics;
    int publish; /* record the schedule as a run (the dashboard shows the newest) */
} plan_args;

enum {
    O_FROM = 256,
    O_TO,
    O_SOLVER,
    O_TIME,
    O_GAP,
    O_WRITE_LP,
    O_RULES,
    O_MET,
    O_POLL,
    O_DEMAND,
    O_ALERTS,
    O_ALERT_RULES,
    O_REPLAN,
    O_TODAY,
    O_JUR,
    O_OUT,
    O_SHOW,
    O_SCHEDULE,
    O_PLANT,
    O_ICS,
    O_TRANSFERS,
    O_PUBLISH
};

static const struct option plan_longopts[] = {
    {"from", required_argument, NULL, O_FROM},
    {"to", required_argument, NULL, O_TO},
    {"solver", required_argument, NULL, O_SOLVER},
    {"time-limit", required_argument, NULL, O_TIME},
    {"gap", required_argument, NULL, O_GAP},
    {"write-lp", required_argument, NULL, O_WRITE_LP},
    {"rules", required_argument, NULL, O_RULES},
    {"met", required_argument, NULL, O_MET},
    {"pollutant", required_argument, NULL, O_POLL},
    {"demand", required_argument, NULL, O_DEMAND},
    {"alerts", required_argument, NULL, O_ALERTS},
    {"alert-rules", required_argument, NULL, O_ALERT_RULES},
    {"replan", required_argument, NULL, O_REPLAN},
    {"today", required_argument, NULL, O_TODAY},
    {"jurisdiction", required_argument, NULL, O_JUR},
    {"out", required_argument, NULL, O_OUT},
    {"show", required_argument, NULL, O_SHOW},
    {"schedule", required_argument, NULL, O_SCHEDULE},
    {"plant", required_argument, NULL, O_PLANT},
    {"ics", no_argument, NULL, O_ICS},
    {"transfers", required_argument, NULL, O_TRANSFERS},
    {"publish", no_argument, NULL, O_PUBLISH},
    {NULL, 0, NULL, 0}};

/* Parse the options every stagger command takes; -1 when fine, else an exit code. */
static int parse(cli *c, const char *cmd, int argc, char **argv, plan_args *a, int *positional)
{
    memset(a, 0, sizeof *a);
    a->opt.solver = JE_STAGGER_MIP;
    a->opt.time_limit_s = 60;
    a->opt.rel_gap = 0.005; /* 0.5 %: well inside the weights' own uncertainty */
    a->opt.threads = 2;
    a->opt.seed = 20221101;
    a->opt.diagnose = 1;
    a->so.pollutant = JE_PLANT_PM;
    a->show = "summary";
    a->rules_path =
        cli_data_path("rules/stagger-chengyu-2023.json", a->rules_buf, sizeof a->rules_buf);
    a->so.alert_rules =
        cli_data_path("rules/air-alert-mee-2017.json", a->alert_buf, sizeof a->alert_buf);
    const char *from = NULL, *to = NULL;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", plan_longopts, NULL)) != -1) {
        char *end;
        switch (ch) {
        case O_FROM:
            from = optarg;
            break;
        case O_TO:
            to = optarg;
            break;
        case O_SOLVER:
            if (strcmp(optarg, "mip") == 0)
                a->opt.solver = JE_STAGGER_MIP;
            else if (strcmp(optarg, "heuristic") == 0)
                a->opt.solver = JE_STAGGER_HEURISTIC;
            else
                return cli_usage_error(c, cmd, "--solver must be mip or heuristic");
            break;
        case O_TIME:
            a->opt.time_limit_s = strtod(optarg, &end);
            if (*end || !(a->opt.time_limit_s > 0))
                return cli_usage_error(c, cmd, "--time-limit needs seconds > 0");
            break;
        case O_GAP:
            a->opt.rel_gap = strtod(optarg, &end) / 100;
            if (*end || !(a->opt.rel_gap > 0) || !(a->opt.rel_gap < 1))
                return cli_usage_error(c, cmd, "--gap needs a percentage > 0 and < 100");
            break;
        case O_WRITE_LP:
            a->opt.lp_path = optarg;
            break;
        case O_RULES:
            a->rules_path = optarg;
            break;
        case O_MET:
            a->so.met = optarg;
            break;
        case O_POLL:
            if (strcmp(optarg, "pm") == 0)
                a->so.pollutant = JE_PLANT_PM;
            else if (strcmp(optarg, "so2") == 0)
                a->so.pollutant = JE_PLANT_SO2;
            else if (strcmp(optarg, "nox") == 0)
                a->so.pollutant = JE_PLANT_NOX;
            else
                return cli_usage_error(c, cmd, "--pollutant must be pm, so2 or nox");
            break;
        case O_DEMAND:
            a->so.demand = optarg;
            break;
        case O_TRANSFERS:
            a->so.transfers = optarg;
            break;
        case O_ALERTS:
            a->so.alerts = optarg;
            break;
        case O_ALERT_RULES:
            a->so.alert_rules = optarg;
            break;
        case O_REPLAN:
            a->replan = optarg;
            break;
        case O_TODAY:
            a->today = optarg;
            break;
        case O_JUR:
            a->so.jurisdiction = optarg;
            break;
        case O_OUT:
            a->out = optarg;
            break;
        case O_SHOW:
            a->show = optarg;
            if (strcmp(optarg, "summary") && strcmp(optarg, "lines") && strcmp(optarg, "days") &&
                strcmp(optarg, "duties") && strcmp(optarg, "all"))
                return cli_usage_error(c, cmd,
                                       "--show must be summary, lines, days, duties or all");
            break;
        case O_SCHEDULE:
            a->schedule = optarg;
            break;
        case O_PLANT:
            a->plant = optarg;
            break;
        case O_ICS:
            a->ics = 1;
            break;
        case O_PUBLISH:
            a->publish = 1;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (positional) {
        if (optind + 1 != argc)
            return cli_usage_error(c, cmd, "give one SCHEDULE file");
        a->schedule = argv[optind];
    } else if (optind != argc) {
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    }
    if (strcmp(cmd, "stagger export") == 0)
        return -1;
    int64_t d0, d1;
    if (from == NULL || to == NULL)
        return cli_usage_error(c, cmd, "give the horizon: --from YYYY-MM-DD --to YYYY-MM-DD");
    if (!air_parse_date(from, &d0) || !air_parse_date(to, &d1) || d1 < d0)
        return cli_usage_error(c, cmd, "--from/--to must be dates, --to not before --from");
    if (d1 - d0 >= 366 * 3)
        return cli_usage_error(c, cmd, "a horizon of at most 3 years");
    a->so.first_day = d0;
    a->so.n_days = (size_t)(d1 - d0 + 1);
    if ((a->replan == NULL) != (a->today == NULL))
        return cli_usage_error(c, cmd, "--replan FILE and --today D go together");
    if (a->so.transfers && !a->so.demand)
        return cli_usage_error(c, cmd, "--transfers needs --demand (the demand they serve)");
    return -1;
}

/* Read a schedule file (line,date) into stop[n_lines × n_days]. Rows outside the
 * horizon are ignored; an unknown line is an error. */
static je_status read_schedule(const char *path, const stagger_input *in, uint8_t *stop,
                               je_diag *diag, je_error *err)
{
    je_csv *r;
    je_status st = je_csv_open(path, &r, err);
    if (st != JE_OK)
        return st;
    if ((st = je_csv_read_header(r, err)) != JE_OK) {
        je_csv_close(r);
        return st == JE_EDATA ? je_diag_add(diag, err) : st;
    }
    int cl = je_csv_column(r, "line"), cd = je_csv_column(r, "date");
    if (cl < 0 || cd < 0) {
        je_error e;
        je_error_set_at(&e, JE_EDATA, path, 1, 1, NULL,
                        "a schedule has the columns line,date (one row per stop day)");
        je_csv_close(r);
        return je_diag_add(diag, &e);
    }
    for (int has = 1;;) {
        if ((st = cli_next_row(r, diag, &has, err)) != JE_OK || !has)
            break;
        const char *code = je_csv_field(r, (size_t)cl), *date = je_csv_field(r, (size_t)cd);
        size_t i = 0;
        while (i < in->n_lines && strcmp(in->plants[i].code, code) != 0)
            i++;
        int64_t day;
        if (i == in->n_lines)
            cli_diag_field(diag, r, (size_t)cl, "unknown line '%s' (not a stored clinker line)",
                           code);
        else if (!air_parse_date(date, &day))
            cli_diag_field(diag, r, (size_t)cd, "'%s' is not a date (YYYY-MM-DD)", date);
        else if (day >= in->first_day && day < in->first_day + (int64_t)in->n_days)
            stop[i * in->n_days + (size_t)(day - in->first_day)] = 1;
    }
    je_csv_close(r);
    return st;
}

static je_status write_schedule(const char *path, const stagger_input *in, const uint8_t *stop,
                                je_error *err)
{
    FILE *fp = fopen(path, "w");
    if (fp == NULL)
        return je_error_set(err, JE_EIO, "cannot write %s", path);
    fputs("line,date\n", fp);
    for (size_t i = 0; i < in->n_lines; i++)
        for (size_t d = 0; d < in->n_days; d++)
            if (stop[i * in->n_days + d]) {
                char date[16];
                air_format_day(in->first_day + (int64_t)d, date, sizeof date);
                fprintf(fp, "%s,%s\n", in->plants[i].code, date);
            }
    if (fclose(fp) != 0)
        return je_error_set(err, JE_EIO, "cannot write %s", path);
    return JE_OK;
}

/* Load rules and problem; prints bad input. EXIT_OK or an exit code. */
static int load(cli *c, plan_args *a, je_db *db, je_stagger_rules *rules, stagger_input *in)
{
    je_error err;
    je_diag diag;
    je_diag_init(&diag, 50);
    je_status st = je_stagger_rules_load(a->rules_path, rules, &err);
    if (st == JE_OK)
        st = stagger_input_load(c, db, &a->so, in, &diag, &err);
    int code = EXIT_OK;
    if (st != JE_OK)
        code = cli_fail(c, st, &err);
    else if (diag.total > 0) {
        cli_print_diag(&diag);
        fprintf(stderr, "%s: %zu error(s) in the input files; nothing planned.\n", c->prog,
                diag.total);
        code = EXIT_BADDATA;
    }
    je_diag_free(&diag);
    return code;
}

static void print_violations(const je_stagger_report *rep, const stagger_input *in, FILE *fp)
{
    for (size_t k = 0; k < rep->count; k++) {
        const je_stagger_violation *v = &rep->items[k];
        char date[16] = "";
        if (v->day >= 0)
            air_format_day(in->first_day + v->day, date, sizeof date);
        fprintf(fp, "  %-18s %-12s %-10s %s\n", je_stagger_rule_name(v->rule),
                v->line >= 0 ? in->plants[v->line].code : "-", date[0] ? date : "-", v->message);
    }
    if (rep->total > rep->count)
        fprintf(fp, "  ... and %zu more\n", rep->total - rep->count);
}

/* Exposure and stop days by jurisdiction, and the baselines, as a table. */
/* Exposure and emissions of the plan and the baselines by jurisdiction
 * (je_stagger_tally_of, with the stored plants' emission rates). */
static out_table *summary_table(const stagger_input *in, const je_stagger_problem *p,
                                const je_stagger_rules *rules, const uint8_t *stop,
                                const uint8_t *uni, const uint8_t *rnd)
{
    static const char *const names[] = {"schedule",    "jurisdiction", "stop_days",
                                        "exposure",    "avoided",      "avoided_pct",
                                        "pm_avoided_t", "so2_avoided_t", "nox_avoided_t"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_NUM,
                                     COL_NUM,  COL_NUM,  COL_NUM, COL_NUM};
    out_table *t = out_table_new("Exposure of running lines (weight x running days; lower is "
                                 "better) and emissions avoided by the stops",
                                 9, names, types);
    double *rates = malloc((in->n_lines ? in->n_lines : 1) * 3 * sizeof *rates);
    if (!rates) {
        out_table_free(t);
        return NULL;
    }
    for (size_t i = 0; i < in->n_lines; i++)
        for (size_t k = 0; k < 3; k++) /* PM, SO2, NOx: the JE_PLANT_* order */
            rates[i * 3 + k] = in->plants[i].q_g_s[k];
    const uint8_t *sched[3] = {stop, uni, rnd};
    static const char *const label[3] = {"plan", "uniform", "random"};
    for (int s = 0; t && s < 3; s++) {
        if (sched[s] == NULL)
            continue;
        for (size_t j = 0; j <= in->n_jur; j++) {
            je_stagger_tally y;
            je_stagger_tally_of(p, rules, sched[s], rates, j < in->n_jur ? (int)j : -1, &y);
            double total = y.exposure + y.avoided;
            char sd[24], ex[32], av[32], pc[16], tn[3][32];
            snprintf(sd, sizeof sd, "%ld", y.stop_days);
            snprintf(ex, sizeof ex, "%.6g", y.exposure);
            snprintf(av, sizeof av, "%.6g", y.avoided);
            snprintf(pc, sizeof pc, "%.1f", total > 0 ? 100.0 * y.avoided / total : 0.0);
            for (int k = 0; k < 3; k++)
                snprintf(tn[k], sizeof tn[k], "%.1f", y.emissions_t[k]);
            const char *cells[9] = {label[s], j < in->n_jur ? in->jur[j] : "all",
                                    sd,       ex,
                                    av,       pc,
                                    tn[0],    tn[1],
                                    tn[2]};
            out_table_add(t, cells);
        }
    }
    free(rates);
    return t;
}

static out_table *lines_table(const stagger_input *in, const je_stagger_problem *p,
                              const je_stagger_rules *rules, const uint8_t *stop)
{
    static const char *const names[] = {"line",  "jurisdiction", "region",       "grade",
                                        "quota", "stop_days",    "stop_periods", "first_stop"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_NUM,  COL_NUM,  COL_NUM,  COL_TEXT};
    out_table *t = out_table_new("Stops by line", 8, names, types);
    for (size_t i = 0; t && i < in->n_lines; i++) {
        int quota = 0;
        je_stagger_quota(p, rules, i, &quota, NULL);
        long days = 0, periods = 0;
        long first = -1;
        for (size_t d = 0; d < in->n_days; d++) {
            int s = stop[i * in->n_days + d];
            days += s;
            if (s && (d == 0 || !stop[i * in->n_days + d - 1])) {
                periods++;
                if (first < 0)
                    first = (long)d;
            }
        }
        char q[24], sd[24], pe[24], fs[16] = "", gr[2] = {in->plants[i].grade, 0};
        snprintf(q, sizeof q, "%d", quota);
        snprintf(sd, sizeof sd, "%ld", days);
        snprintf(pe, sizeof pe, "%ld", periods);
        if (first >= 0)
            air_format_day(in->first_day + first, fs, sizeof fs);
        const char *cells[8] = {in->plants[i].code,
                                in->plants[i].jurisdiction,
                                in->plants[i].region,
                                gr,
                                q,
                                sd,
                                pe,
                                fs};
        out_table_add(t, cells);
    }
    return t;
}

static out_table *days_table(const stagger_input *in, const uint8_t *stop)
{
    static const char *const names[] = {"date",        "region",     "capacity_t_d",
                                        "running_t_d", "demand_t_d", "lines_stopped"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_NUM, COL_NUM};
    out_table *t =
        out_table_new("Clinker capacity running vs demand, by region and day", 6, names, types);
    for (size_t d = 0; t && d < in->n_days; d++)
        for (size_t r = 0; r < in->n_regions; r++) {
            double cap = 0, run = 0;
            long stopped = 0;
            for (size_t i = 0; i < in->n_lines; i++)
                if (in->lines[i].region == (int)r) {
                    cap += in->lines[i].capacity_t_d;
                    if (stop[i * in->n_days + d])
                        stopped++;
                    else
                        run += in->lines[i].capacity_t_d;
                }
            char date[16], c1[24], c2[24], c3[24], c4[24];
            air_format_day(in->first_day + (int64_t)d, date, sizeof date);
            snprintf(c1, sizeof c1, "%.0f", cap);
            snprintf(c2, sizeof c2, "%.0f", run);
            snprintf(c3, sizeof c3, "%.0f", in->demand ? in->demand[r * in->n_days + d] : NAN);
            snprintf(c4, sizeof c4, "%ld", stopped);
            const char *cells[6] = {date, in->region[r], c1, c2, in->demand ? c3 : NULL, c4};
            out_table_add(t, cells);
        }
    return t;
}

/* Alert duties from day `from` on: per line and alert day, the production duty of
 * its grade (stop, cut, stop-half; standards.md §4.3), whether the plan stops it, and
 * its transport duty (B/C: no China-IV-or-older heavy trucks; D: no road transport).
 * counts[0..2]: line-days with a production duty, a truck ban, all transport stopped. */
static out_table *duties_table(const stagger_input *in, const je_stagger_rules *rules,
                               const uint8_t *stop, size_t from, long counts[3])
{
    static const char *const names[] = {"line",  "jurisdiction", "grade",   "city",     "date",
                                        "alert", "duty",         "stopped", "transport"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
                                     COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT};
    counts[0] = counts[1] = counts[2] = 0;
    out_table *t = out_table_new("Alert duties by line and day (production and road transport)", 9,
                                 names, types);
    for (size_t i = 0; t && in->alert && i < in->n_lines; i++) {
        const je_stagger_line *l = &in->lines[i];
        if (l->city < 0)
            continue;
        for (size_t d = from; d < in->n_days; d++) {
            je_alert_level lev = (je_alert_level)in->alert[(size_t)l->city * in->n_days + d];
            if (lev == JE_ALERT_NONE)
                continue;
            je_duty duty = rules->duty[l->grade][lev];
            je_transport tr = je_stagger_transport_duty(rules, l->grade, lev);
            counts[0] += duty != JE_DUTY_NONE;
            counts[1] += tr == JE_TRANSPORT_BAN_OLD_HEAVY;
            counts[2] += tr == JE_TRANSPORT_BAN_ALL;
            char date[16], gr[2] = {in->plants[i].grade, 0};
            air_format_day(in->first_day + (int64_t)d, date, sizeof date);
            const char *cells[9] = {in->plants[i].code,
                                    in->plants[i].jurisdiction,
                                    gr,
                                    in->city[l->city],
                                    date,
                                    je_alert_level_name(lev),
                                    je_duty_name(duty),
                                    stop[i * in->n_days + d] ? "yes" : "no",
                                    je_transport_name(tr)};
            out_table_add(t, cells);
        }
    }
    return t;
}

/* --publish: the schedule as a run (jointenv/stagger_run.h), said on stderr. */
static int publish(cli *c, je_db *db, const plan_args *a, const stagger_input *in,
                   const je_stagger_problem *p, const je_stagger_rules *rules,
                   const uint8_t *stop)
{
    const char *jur[STAGGER_MAX_JUR];
    for (size_t j = 0; j < in->n_jur; j++)
        jur[j] = in->jur[j];
    char sha[65] = "";
    je_error err;
    if (je_sha256_file(a->rules_path, sha, &err) != JE_OK)
        sha[0] = '\0';
    je_stagger_publish pub = {p,   rules, stop, jur, (const char *const *)in->region,
                              sha[0] ? sha : NULL, NULL};
    int64_t run_id;
    je_status st = je_stagger_run_record(db, &pub, &run_id, &err);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    fprintf(stderr, "%s: schedule published as run %lld (jointenv run show %lld)\n", c->prog,
            (long long)run_id, (long long)run_id);
    return EXIT_OK;
}

int cmd_stagger_plan(cli *c, int argc, char **argv)
{
    const char *cmd = "stagger plan";
    plan_args a;
    int code = parse(c, cmd, argc, argv, &a, NULL);
    if (code >= 0)
        return code;
    if (c->format == OUT_CSV && strcmp(a.show, "summary") && strcmp(a.show, "lines") &&
        strcmp(a.show, "days") && strcmp(a.show, "duties"))
        return cli_usage_error(c, cmd,
                               "several tables: use --show summary|lines|days|duties with csv");
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_stagger_rules rules;
    stagger_input in;
    memset(&in, 0, sizeof in);
    code = load(c, &a, db, &rules, &in);
    je_stagger_problem p;
    stagger_problem_of(&in, &p);
    uint8_t *fixed = NULL, *uni = NULL, *rnd = NULL;
    je_stagger_result res;
    memset(&res, 0, sizeof res);
    je_error err;
    je_status st = JE_OK;
    if (code == EXIT_OK && a.replan) {
        int64_t today;
        je_diag diag;
        je_diag_init(&diag, 50);
        if (!air_parse_date(a.today, &today) || today < in.first_day ||
            today > in.first_day + (int64_t)in.n_days) {
            code = cli_usage_error(c, cmd, "--today must be a date inside the horizon");
        } else if ((fixed = calloc(in.n_lines * in.n_days, 1)) == NULL) {
            code = cli_fail(c, JE_ENOMEM, NULL);
        } else if ((st = read_schedule(a.replan, &in, fixed, &diag, &err)) != JE_OK) {
            code = cli_fail(c, st, &err);
        } else if (diag.total > 0) {
            cli_print_diag(&diag);
            code = EXIT_BADDATA;
        } else {
            p.n_fixed_days = (size_t)(today - in.first_day);
            p.fixed = fixed;
        }
        je_diag_free(&diag);
    }
    if (code == EXIT_OK) {
        st = je_stagger_plan(&p, &rules, &a.opt, &res, &err);
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    if (code == EXIT_OK && res.stop == NULL) {
        fprintf(stderr, "%s: no schedule: %s\n", c->prog, res.message);
        code = res.status == JE_STAGGER_INFEASIBLE ? EXIT_BADDATA : EXIT_RUNTIME;
    }
    if (code == EXIT_OK) {
        je_stagger_baseline(&p, &rules, JE_STAGGER_UNIFORM, 0, &uni, NULL);
        je_stagger_baseline(&p, &rules, JE_STAGGER_RANDOM, a.opt.seed, &rnd, NULL);
        if (a.out && (st = write_schedule(a.out, &in, res.stop, &err)) != JE_OK)
            code = cli_fail(c, st, &err);
    }
    if (code == EXIT_OK && a.publish)
        code = publish(c, db, &a, &in, &p, &rules, res.stop);
    if (code == EXIT_OK) {
        int all = strcmp(a.show, "all") == 0;
        long duty_counts[3] = {0, 0, 0};
        out_table *duties = duties_table(&in, &rules, res.stop, p.n_fixed_days, duty_counts);
        if (c->format == OUT_TABLE && (all || strcmp(a.show, "summary") == 0)) {
            char first[16], last[16];
            air_format_day(in.first_day, first, sizeof first);
            air_format_day(in.first_day + (int64_t)in.n_days - 1, last, sizeof last);
            printf("Staggered production %s … %s: %zu lines, %s, %s (%.1f s)\n", first, last,
                   in.n_lines, a.opt.solver == JE_STAGGER_MIP ? "MILP (CBC)" : "heuristic",
                   je_stagger_status_name(res.status), res.seconds);
            if (!isnan(res.gap))
                printf("  proven gap %.3f %%\n", 100.0 * res.gap);
            printf("  %s\n", res.message);
            if (!a.so.met)
                printf("  no --met: stops weighed by emission alone, not by exposure\n");
            else if (in.days_without_met)
                printf("  %zu day(s) without meteorology took the mean weight\n",
                       in.days_without_met);
            if (a.out)
                printf("  schedule written to %s\n", a.out);
            if (in.alert)
                printf("  alert duties from %s: %ld line-day(s) with a production duty; truck "
                       "bans: %ld line-day(s) no China-IV-or-older heavy trucks, %ld line-day(s) "
                       "no road transport (--show duties)\n",
                       a.today ? a.today : "the first day", duty_counts[0], duty_counts[1],
                       duty_counts[2]);
            printf("\n");
        }
        out_table *tabs[4] = {NULL, NULL, NULL, NULL};
        if (all || strcmp(a.show, "summary") == 0)
            tabs[0] = summary_table(&in, &p, &rules, res.stop, uni, rnd);
        if (all || strcmp(a.show, "lines") == 0)
            tabs[1] = lines_table(&in, &p, &rules, res.stop);
        if (all || strcmp(a.show, "days") == 0)
            tabs[2] = days_table(&in, res.stop);
        if ((all && in.alert) || strcmp(a.show, "duties") == 0) {
            tabs[3] = duties;
            duties = NULL;
        }
        out_table_free(duties);
        for (int k = 0; k < 4; k++)
            if (tabs[k]) {
                out_table_print(tabs[k], c->format, stdout);
                if (c->format == OUT_TABLE)
                    fputc('\n', stdout);
                out_table_free(tabs[k]);
            }
    }
    je_stagger_result_free(&res);
    free(uni);
    free(rnd);
    free(fixed);
    stagger_input_free(&in);
    je_db_close(db);
    return code;
}

int cmd_stagger_check(cli *c, int argc, char **argv)
{
    const char *cmd = "stagger check";
    plan_args a;
    int positional = 1;
    int code = parse(c, cmd, argc, argv, &a, &positional);
    if (code >= 0)
        return code;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_stagger_rules rules;
    stagger_input in;
    memset(&in, 0, sizeof in);
    code = load(c, &a, db, &rules, &in);
    uint8_t *stop = code == EXIT_OK ? calloc(in.n_lines * in.n_days + 1, 1) : NULL;
    je_error err;
    je_diag diag;
    je_diag_init(&diag, 50);
    if (code == EXIT_OK && stop == NULL)
        code = cli_fail(c, JE_ENOMEM, NULL);
    je_status st;
    if (code == EXIT_OK && (st = read_schedule(a.schedule, &in, stop, &diag, &err)) != JE_OK)
        code = cli_fail(c, st, &err);
    if (code == EXIT_OK && diag.total > 0) {
        cli_print_diag(&diag);
        code = EXIT_BADDATA;
    }
    if (code == EXIT_OK) {
        je_stagger_problem p;
        stagger_problem_of(&in, &p);
        je_stagger_report rep;
        if ((st = je_stagger_check(&p, &rules, stop, 100, &rep, &err)) != JE_OK) {
            code = cli_fail(c, st, &err);
        } else if (rep.total == 0) {
            printf("%s: feasible: every rule of %s holds (%zu lines, %zu days)\n", a.schedule,
                   rules.id, in.n_lines, in.n_days);
        } else {
            printf("%s: %zu violation(s) of %s:\n", a.schedule, rep.total, rules.id);
            print_violations(&rep, &in, stdout);
            code = EXIT_BADDATA;
        }
        if (st == JE_OK)
            je_stagger_report_free(&rep);
    }
    je_diag_free(&diag);
    free(stop);
    stagger_input_free(&in);
    je_db_close(db);
    return code;
}

int cmd_stagger_export(cli *c, int argc, char **argv)
{
    const char *cmd = "stagger export";
    plan_args a;
    int code = parse(c, cmd, argc, argv, &a, NULL);
    if (code >= 0)
        return code;
    if (a.schedule == NULL || a.plant == NULL)
        return cli_usage_error(c, cmd, "give --schedule FILE and --plant CODE");
    je_csv *r;
    je_error err;
    je_status st = je_csv_open(a.schedule, &r, &err);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    int64_t *days = NULL;
    size_t n = 0, cap = 0;
    je_diag diag;
    je_diag_init(&diag, 50);
    if ((st = je_csv_read_header(r, &err)) == JE_OK) {
        int cl = je_csv_column(r, "line"), cd = je_csv_column(r, "date");
        for (int has = 1; cl >= 0 && cd >= 0;) {
            if ((st = cli_next_row(r, &diag, &has, &err)) != JE_OK || !has)
                break;
            if (strcmp(je_csv_field(r, (size_t)cl), a.plant) != 0)
                continue;
            int64_t day;
            if (!air_parse_date(je_csv_field(r, (size_t)cd), &day)) {
                cli_diag_field(&diag, r, (size_t)cd, "'%s' is not a date",
                               je_csv_field(r, (size_t)cd));
                continue;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                int64_t *b = realloc(days, cap * sizeof *b);
                if (b == NULL) {
                    st = JE_ENOMEM;
                    break;
                }
                days = b;
            }
            days[n++] = day;
        }
        if (cl < 0 || cd < 0)
            je_error_set_at(&err, st = JE_EDATA, a.schedule, 1, 1, NULL,
                            "a schedule has the columns line,date");
    }
    je_csv_close(r);
    if (st != JE_OK || diag.total) {
        if (diag.total)
            cli_print_diag(&diag);
        je_diag_free(&diag);
        free(days);
        return diag.total ? EXIT_BADDATA : cli_fail(c, st, &err);
    }
    je_diag_free(&diag);
    /* sort and cut into periods of consecutive days */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && days[j - 1] > days[j]; j--) {
            int64_t tmp = days[j];
            days[j] = days[j - 1];
            days[j - 1] = tmp;
        }
    int64_t *s0 = malloc((n + 1) * sizeof *s0), *s1 = malloc((n + 1) * sizeof *s1);
    size_t np = 0;
    for (size_t i = 0; s0 && s1 && i < n; i++) {
        if (np > 0 && days[i] <= s1[np - 1] + 1) {
            if (days[i] > s1[np - 1])
                s1[np - 1] = days[i];
        } else {
            s0[np] = s1[np] = days[i];
            np++;
        }
    }
    if (n == 0)
        fprintf(stderr, "%s: no stop days for %s in %s\n", c->prog, a.plant, a.schedule);
    if (a.ics) {
        je_stagger_ics(stdout, a.plant, a.plant, s0, s1, np);
    } else {
        static const char *const names[] = {"line", "from", "to", "days"};
        static const col_type types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM};
        out_table *t = out_table_new(NULL, 4, names, types);
        for (size_t k = 0; t && k < np; k++) {
            char f[16], to[16], nd[24];
            air_format_day(s0[k], f, sizeof f);
            air_format_day(s1[k], to, sizeof to);
            snprintf(nd, sizeof nd, "%lld", (long long)(s1[k] - s0[k] + 1));
            const char *cells[4] = {a.plant, f, to, nd};
            out_table_add(t, cells);
        }
        if (t)
            out_table_print(t, c->format, stdout);
        out_table_free(t);
    }
    free(s0);
    free(s1);
    free(days);
    return EXIT_OK;
}
