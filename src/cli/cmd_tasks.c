/*
 * cmd_tasks.c — jointenv tasks list|show|update|sign|report|indicators and the
 * imports of the joint programme (tasks, milestones, task-evidence). The rules (who may
 * do what, the state machine, overdue and at risk) live in the library
 * (include/jointenv/programme.h); this file parses arguments and formats output.
 */
#include "cli/cli.h"
#include "jointenv/programme.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_MARGIN 20

const char tasks_import_usage[] =
    "FILE columns: code,year,category,title_zh,title_en,lead,co_lead,lead_agency,\n"
    "  co_lead_agency,status,progress_pct\n"
    "  category: ecological-network|transboundary-pollution|green-transformation|\n"
    "  ecological-shield|joint-mechanisms; lead, co_lead: two different jurisdictions;\n"
    "  status: planned|in-progress|at-risk|done|dropped; progress_pct 0-100 (planned 0,\n"
    "  done 100).\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update tasks that already exist (withdraws their sign-offs)\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "Needs an analyst or admin of the joint office. All or nothing; bad rows are listed as\n"
    "path:line:column. Format: docs/programme.md.\n";
const char milestones_import_usage[] =
    "FILE columns: task,seq,title_zh,title_en,due_on[,done_on]\n"
    "  task: a stored task code; seq 1-99; dates YYYY-MM-DD (done_on empty: not done).\n\n"
    "Options:\n"
    "  --dry-run, --replace, --max-errors N   as import tasks\n";
const char evidence_import_usage[] =
    "FILE columns: task,seq,kind,text,indicator,scope,op,target\n"
    "  kind text (a statement), file (a file reference or URL) or indicator (a live\n"
    "  indicator: name from 'jointenv tasks indicators', op >= > <= < =, a target number,\n"
    "  scope empty for both sides, or the task's lead or co-lead).\n\n"
    "Options:\n"
    "  --dry-run, --replace, --max-errors N   as import tasks\n";

#define JUDGE_OPTIONS                                                                              \
    "  --as-of D            judge overdue and at-risk on day D (default: today, UTC)\n"            \
    "  --margin N           at risk when progress is more than N points behind the share\n"        \
    "                       of the year elapsed (default 20)\n"                                    \
    "  --lang zh|en         Chinese or English (default en; csv and json lists give\n"             \
    "                       both titles)\n"

const char tasks_list_usage[] =
    "Options:\n"
    "  --year Y             tasks of one year\n"
    "  --category C         one category\n"
    "  --status S           planned, in-progress, at-risk, done or dropped\n"
    "  --lead J             tasks a jurisdiction leads or co-leads\n"
    "  --flag F             overdue, at-risk, on-track, done or dropped (as judged)\n" JUDGE_OPTIONS
    "\nOne row per task: status and progress, milestones done, overdue milestones, the\n"
    "next due date, the flag (overdue: a milestone past due and not done; at-risk:\n"
    "overdue, declared at risk, or behind by more than the margin) and the sides that\n"
    "have signed off.\n";
const char tasks_show_usage[] =
    "Usage: jointenv tasks show CODE [--as-of D] [--margin N] [--lang zh|en]\n\n"
    "The task, its milestones, its evidence with each live indicator computed now from\n"
    "the data (value, target, meets), its sign-offs (withdrawn ones with why), and the\n"
    "statuses it may move to. --format json gives one object.\n";
const char tasks_update_usage[] =
    "Usage: jointenv tasks update CODE [--status S] [--progress N]\n"
    "       [--milestone N [--done D | --not-done]]\n"
    "       [--evidence-text T | --evidence-file REF |\n"
    "        --evidence-indicator NAME --op OP --target X [--scope J] [--note T]]\n\n"
    "  --status S           move along the state machine: planned > in-progress >\n"
    "                       at-risk/done/dropped; done needs both sides' sign-off (or a\n"
    "                       joint-office admin); reopening and reviving: joint office\n"
    "  --progress N         0-100\n"
    "  --milestone N        mark milestone N done on D (default today) or --not-done\n"
    "  --evidence-*         add an evidence item (text, file reference or URL, or a live\n"
    "                       indicator with a comparison and target, e.g. --op '>=' --target 95)\n\n"
    "Analysts and admins of the task's lead or co-lead jurisdiction, or of the joint\n"
    "office, may update it. Any change withdraws the sign-offs in force. Logged.\n";
const char tasks_sign_usage[] =
    "Usage: jointenv tasks sign CODE --as J [--note TEXT]\n\n"
    "Sign the task off for jurisdiction J (its lead or co-lead). Needs an admin of J; the\n"
    "task in progress or at risk, at 100 %, every milestone done. The two sides must be\n"
    "signed by two different people; when both have signed, the task is done. Logged.\n";
const char tasks_report_usage[] =
    "Usage: jointenv tasks report --year Y [--as-of D] [--margin N] [--lang zh|en]\n"
    "       [--out FILE.md|FILE.html] [--html]\n\n"
    "A progress report grouped by category, overdue tasks first, then at-risk, on-track,\n"
    "done and dropped; overdue milestones and evidence (live indicators computed now)\n"
    "under each category. Markdown, or self-contained HTML for --html or an --out ending\n"
    "in .html/.htm. Without --out it is written to standard output.\n";
const char tasks_indicators_usage[] =
    "Options:\n"
    "  --year Y             the year (default: the current one)\n"
    "  --scope J            one jurisdiction (default: both sides)\n\n"
    "The live indicators task evidence may link to, each with its current value computed\n"
    "from the data, its unit, what it is computed from and its source.\n";

typedef struct targs {
    int year, margin, lang_zh, html, not_done, has_target;
    int status, flag, progress, milestone;
    int64_t as_of, done_day;
    const char *category, *lead, *out, *as, *note, *scope;
    const char *ev_text, *ev_file, *ev_ind, *op;
    double target;
    const char *code;
} targs;

enum {
    O_YEAR = 400,
    O_CAT,
    O_STATUS,
    O_LEAD,
    O_FLAG,
    O_ASOF,
    O_MARGIN,
    O_LANG,
    O_OUT,
    O_HTML,
    O_PROGRESS,
    O_MILESTONE,
    O_DONE,
    O_NOTDONE,
    O_ETEXT,
    O_EFILE,
    O_EIND,
    O_OP,
    O_TARGET,
    O_SCOPE,
    O_AS,
    O_NOTE
};
static const struct option longopts[] = {{"year", required_argument, NULL, O_YEAR},
                                         {"category", required_argument, NULL, O_CAT},
                                         {"status", required_argument, NULL, O_STATUS},
                                         {"lead", required_argument, NULL, O_LEAD},
                                         {"flag", required_argument, NULL, O_FLAG},
                                         {"as-of", required_argument, NULL, O_ASOF},
                                         {"margin", required_argument, NULL, O_MARGIN},
                                         {"lang", required_argument, NULL, O_LANG},
                                         {"out", required_argument, NULL, O_OUT},
                                         {"html", no_argument, NULL, O_HTML},
                                         {"progress", required_argument, NULL, O_PROGRESS},
                                         {"milestone", required_argument, NULL, O_MILESTONE},
                                         {"done", required_argument, NULL, O_DONE},
                                         {"not-done", no_argument, NULL, O_NOTDONE},
                                         {"evidence-text", required_argument, NULL, O_ETEXT},
                                         {"evidence-file", required_argument, NULL, O_EFILE},
                                         {"evidence-indicator", required_argument, NULL, O_EIND},
                                         {"op", required_argument, NULL, O_OP},
                                         {"target", required_argument, NULL, O_TARGET},
                                         {"scope", required_argument, NULL, O_SCOPE},
                                         {"as", required_argument, NULL, O_AS},
                                         {"note", required_argument, NULL, O_NOTE},
                                         {NULL, 0, NULL, 0}};

/* A date YYYY-MM-DD as days since 1970; -1 when bad. */
static int64_t parse_day(const char *s)
{
    int64_t t;
    if (!s || strlen(s) != 10 || je_time_parse(s, 10, 0, &t, NULL) != JE_OK)
        return -1;
    return je_time_local_day(t, 0);
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < lo || v > hi)
        return 0;
    *out = (int)v;
    return 1;
}

/* Which options each subcommand takes (bit per option, from O_YEAR). */
#define B(o) (1u << ((o)-O_YEAR))
static const unsigned JUDGE = B(O_ASOF) | B(O_MARGIN) | B(O_LANG);

/* -1 to go on, else the exit code. positional: 1 when CODE is required. */
static int tparse(cli *c, const char *cmd, int argc, char **argv, unsigned allowed, int positional,
                  targs *a)
{
    memset(a, 0, sizeof *a);
    a->margin = DEFAULT_MARGIN;
    a->status = a->flag = a->progress = -1;
    a->target = NAN;
    a->as_of = je_time_local_day((int64_t)time(NULL), 0);
    a->done_day = a->as_of;
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch < O_YEAR || ch > O_NOTE || !(allowed & B(ch)))
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        je_error e;
        switch (ch) {
        case O_YEAR:
            if (!parse_int(optarg, 2000, 2100, &a->year))
                return cli_usage_error(c, cmd, "--year needs a year (2000-2100)");
            break;
        case O_CAT:
            if (!je_task_category_find(optarg))
                return cli_usage_error(c, cmd, "unknown category '%s' (see import tasks --help)",
                                       optarg);
            a->category = optarg;
            break;
        case O_STATUS: {
            je_task_status s;
            if (je_task_status_parse(optarg, &s, &e) != JE_OK)
                return cli_usage_error(c, cmd, "%s", e.message);
            a->status = (int)s;
            break;
        }
        case O_LEAD:
            a->lead = optarg;
            break;
        case O_FLAG: {
            int k = 0;
            while (k < 5 && strcmp(je_task_flag_name((je_task_flag)k), optarg) != 0)
                k++;
            if (k == 5)
                return cli_usage_error(c, cmd,
                                       "--flag needs overdue, at-risk, on-track, done or dropped");
            a->flag = k;
            break;
        }
        case O_ASOF:
            if ((a->as_of = parse_day(optarg)) < 0)
                return cli_usage_error(c, cmd, "--as-of needs a date YYYY-MM-DD");
            a->done_day = a->as_of;
            break;
        case O_MARGIN:
            if (!parse_int(optarg, 0, 100, &a->margin))
                return cli_usage_error(c, cmd, "--margin needs a whole number 0-100");
            break;
        case O_LANG:
            if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
                return cli_usage_error(c, cmd, "--lang needs zh or en");
            a->lang_zh = optarg[0] == 'z';
            break;
        case O_OUT:
            a->out = optarg;
            break;
        case O_HTML:
            a->html = 1;
            break;
        case O_PROGRESS:
            if (!parse_int(optarg, 0, 100, &a->progress))
                return cli_usage_error(c, cmd, "--progress needs a whole number 0-100");
            break;
        case O_MILESTONE:
            if (!parse_int(optarg, 1, 99, &a->milestone))
                return cli_usage_error(c, cmd, "--milestone needs a number 1-99");
            break;
        case O_DONE:
            if ((a->done_day = parse_day(optarg)) < 0)
                return cli_usage_error(c, cmd, "--done needs a date YYYY-MM-DD");
            break;
        case O_NOTDONE:
            a->not_done = 1;
            break;
        case O_ETEXT:
            a->ev_text = optarg;
            break;
        case O_EFILE:
            a->ev_file = optarg;
            break;
        case O_EIND:
            a->ev_ind = optarg;
            break;
        case O_OP:
            a->op = optarg;
            break;
        case O_TARGET:
            if (je_parse_double(optarg, strlen(optarg), &a->target) != JE_OK)
                return cli_usage_error(c, cmd, "--target needs a number");
            a->has_target = 1;
            break;
        case O_SCOPE:
            a->scope = optarg;
            break;
        case O_AS:
            a->as = optarg;
            break;
        case O_NOTE:
            a->note = optarg;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind + positional != argc) {
        if (positional)
            return cli_usage_error(c, cmd, "one task CODE expected");
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    }
    if (positional)
        a->code = argv[optind];
    return -1;
}

static const char *day_text(int64_t day, char *buf, size_t size)
{
    if (day == 0) {
        buf[0] = '\0';
        return buf;
    }
    return je_time_format_date(day * 86400, 0, buf, size);
}

static je_task_env env_of(char *buf, size_t size)
{
    je_task_env env = {cli_data_path("rules/stagger-chengyu-2023.json", buf, size)};
    return env;
}

/* Load tasks by filter (evaluated when eval); -1 to go on, else the exit code. */
static int load(cli *c, const je_task_filter *f, int eval, je_task **t, size_t *n)
{
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_error err;
    char rules[1024];
    je_task_env env = env_of(rules, sizeof rules);
    je_status st = je_store_tasks(db, f, t, n, &err);
    if (st == JE_OK && eval)
        st = je_store_task_evaluate(db, *t, *n, &env, &err);
    je_db_close(db);
    if (st != JE_OK) {
        je_tasks_free(*t, *n);
        *t = NULL;
        return cli_fail(c, st, &err);
    }
    return -1;
}

static void signed_sides(const je_task *t, char *buf, size_t size)
{
    int a = je_task_signed(t, t->lead, NULL), b = je_task_signed(t, t->co_lead, NULL);
    snprintf(buf, size, "%s%s%s", a ? t->lead : "", a && b ? "," : "", b ? t->co_lead : "");
}

int cmd_tasks_list(cli *c, int argc, char **argv)
{
    targs a;
    int code = tparse(c, "tasks list", argc, argv,
                      B(O_YEAR) | B(O_CAT) | B(O_STATUS) | B(O_LEAD) | B(O_FLAG) | JUDGE, 0, &a);
    if (code >= 0)
        return code;
    je_task_filter f = {a.year, a.category, NULL, a.status, a.lead};
    je_task *t = NULL;
    size_t n = 0;
    if ((code = load(c, &f, 0, &t, &n)) >= 0)
        return code;
    /* a person reads one language (--lang); programs get both titles */
    enum { NC = 14, T_ZH = 3, T_EN = 4 };
    static const char *const all[NC] = {
        "code",   "year",         "category",   "title_zh", "title_en", "lead", "co_lead",
        "status", "progress_pct", "milestones", "overdue",  "next_due", "flag", "signed"};
    static const col_type all_types[NC] = {COL_TEXT, COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT,
                                           COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM,  COL_TEXT,
                                           COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT};
    int skip = c->format == OUT_TABLE ? (a.lang_zh ? T_EN : T_ZH) : -1;
    const char *names[NC];
    col_type types[NC];
    size_t nc = 0;
    for (int k = 0; k < NC; k++)
        if (k != skip) {
            names[nc] = skip >= 0 && (k == T_ZH || k == T_EN) ? "title" : all[k];
            types[nc++] = all_types[k];
        }
    out_table *tb = out_table_new(NULL, nc, names, types);
    for (size_t i = 0; tb && i < n; i++) {
        je_task_health h;
        je_task_assess(&t[i], a.as_of, a.margin, &h);
        if (a.flag >= 0 && (int)h.flag != a.flag)
            continue;
        char yr[8], pct[8], ms[16], od[8], nd[16], sg[40];
        snprintf(yr, sizeof yr, "%d", t[i].year);
        snprintf(pct, sizeof pct, "%d", t[i].progress_pct);
        snprintf(ms, sizeof ms, "%zu/%zu", h.n_done, t[i].n_milestones);
        snprintf(od, sizeof od, "%zu", h.n_overdue);
        signed_sides(&t[i], sg, sizeof sg);
        const char *full[NC] = {t[i].code,
                                yr,
                                t[i].category,
                                t[i].title_zh,
                                t[i].title_en,
                                t[i].lead,
                                t[i].co_lead,
                                je_task_status_name(t[i].status),
                                pct,
                                ms,
                                od,
                                day_text(h.next_due_day, nd, sizeof nd),
                                je_task_flag_name(h.flag),
                                sg};
        const char *cells[NC];
        for (int k = 0, j = 0; k < NC; k++)
            if (k != skip)
                cells[j++] = full[k];
        out_table_add(tb, cells);
    }
    if (tb)
        out_table_print(tb, c->format, stdout);
    out_table_free(tb);
    je_tasks_free(t, n);
    return tb ? EXIT_OK : EXIT_RUNTIME;
}

static const char *value_text(const je_evidence *e, char *buf, size_t size)
{
    if (e->kind != JE_EVIDENCE_INDICATOR || isnan(e->value)) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, size, "%.*f", fabs(e->value - round(e->value)) < 1e-9 ? 0 : 1, e->value);
    return buf;
}

static const char *meets_text(const je_evidence *e)
{
    if (e->kind != JE_EVIDENCE_INDICATOR)
        return "";
    return e->meets == 1 ? "yes" : e->meets == 0 ? "no" : "unknown";
}

static json_t *task_json(const je_task *t, const je_task_health *h, int64_t as_of)
{
    char d[16], allowed[128];
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(t->code));
    json_object_set_new(o, "year", json_integer(t->year));
    json_object_set_new(o, "category", json_string(t->category));
    json_object_set_new(o, "title_zh", json_string(t->title_zh));
    json_object_set_new(o, "title_en", json_string(t->title_en));
    json_object_set_new(o, "lead", json_string(t->lead));
    json_object_set_new(o, "lead_agency", json_string(t->lead_agency));
    json_object_set_new(o, "co_lead", json_string(t->co_lead));
    json_object_set_new(o, "co_lead_agency", json_string(t->co_lead_agency));
    json_object_set_new(o, "status", json_string(je_task_status_name(t->status)));
    json_object_set_new(o, "progress_pct", json_integer(t->progress_pct));
    json_object_set_new(o, "as_of", json_string(day_text(as_of, d, sizeof d)));
    json_object_set_new(o, "flag", json_string(je_task_flag_name(h->flag)));
    json_object_set_new(o, "expected_pct", json_real(round(h->expected_pct * 10) / 10));
    json_object_set_new(o, "next_statuses",
                        json_string(je_task_transitions_from(t->status, allowed, sizeof allowed)));
    json_t *ms = json_array();
    for (size_t i = 0; i < t->n_milestones; i++) {
        const je_milestone *m = &t->milestones[i];
        char d1[16], d2[16];
        json_array_append_new(
            ms,
            json_pack("{s:i, s:s, s:s, s:s, s:o, s:b}", "seq", m->seq, "title_zh", m->title_zh,
                      "title_en", m->title_en, "due", day_text(m->due_day, d1, sizeof d1), "done",
                      m->done_day ? json_string(day_text(m->done_day, d2, sizeof d2)) : json_null(),
                      "overdue", je_milestone_overdue(m, as_of)));
    }
    json_object_set_new(o, "milestones", ms);
    json_t *ev = json_array();
    for (size_t i = 0; i < t->n_evidence; i++) {
        const je_evidence *e = &t->evidence[i];
        json_t *x = json_pack("{s:i, s:s, s:s}", "seq", e->seq, "kind",
                              je_evidence_kind_name(e->kind), "text", e->text);
        if (e->kind == JE_EVIDENCE_INDICATOR) {
            const je_task_indicator *ind = je_task_indicator_find(e->indicator);
            json_object_set_new(x, "indicator", json_string(e->indicator));
            json_object_set_new(x, "unit", json_string(ind ? ind->unit : ""));
            json_object_set_new(x, "scope", e->scope[0] ? json_string(e->scope) : json_null());
            json_object_set_new(x, "op", json_string(je_cmp_op_name(e->op)));
            json_object_set_new(x, "target", json_real(e->target));
            json_object_set_new(x, "value", isnan(e->value) ? json_null() : json_real(e->value));
            json_object_set_new(x, "meets", e->meets < 0 ? json_null() : json_boolean(e->meets));
            json_object_set_new(x, "note", json_string(e->note));
        }
        json_array_append_new(ev, x);
    }
    json_object_set_new(o, "evidence", ev);
    json_t *so = json_array();
    for (size_t i = 0; i < t->n_signoffs; i++) {
        const je_signoff *s = &t->signoffs[i];
        char w1[32], w2[32];
        json_array_append_new(
            so, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "jurisdiction", s->jurisdiction, "user",
                          s->user, "signed_at", je_time_format(s->signed_at, 0, w1, 32), "note",
                          s->note, "withdrawn_at",
                          s->revoked_at ? json_string(je_time_format(s->revoked_at, 0, w2, 32))
                                        : json_null(),
                          "withdrawn_because", s->revoked_reason));
    }
    json_object_set_new(o, "signoffs", so);
    return o;
}

static void print_show(cli *c, const je_task *t, const je_task_health *h, const targs *a)
{
    char d[16], allowed[128], updated[32];
    const je_task_category *cat = je_task_category_find(t->category);
    printf("%s  %s\n", t->code, a->lang_zh ? t->title_zh : t->title_en);
    printf("  %s\n\n", a->lang_zh ? t->title_en : t->title_zh);
    printf("category   %s (%s)\n", t->category,
           cat ? (a->lang_zh ? cat->name_zh : cat->name_en) : "?");
    printf("year       %d\n", t->year);
    printf("lead       %s  %s\n", t->lead, t->lead_agency);
    printf("co-lead    %s  %s\n", t->co_lead, t->co_lead_agency);
    printf("status     %s, %d %%; may move to: %s\n", je_task_status_name(t->status),
           t->progress_pct, je_task_transitions_from(t->status, allowed, sizeof allowed));
    printf("flag       %s on %s (year elapsed %.1f %%, margin %d points)\n",
           je_task_flag_name(h->flag), day_text(a->as_of, d, sizeof d), h->expected_pct, a->margin);
    printf("updated    %s\n\n", je_time_format(t->updated_at, 0, updated, sizeof updated));
    static const char *const mn[] = {"seq", "due", "done", "overdue", "title"};
    static const col_type mt[] = {COL_NUM, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *m = out_table_new("Milestones", 5, mn, mt);
    for (size_t i = 0; m && i < t->n_milestones; i++) {
        const je_milestone *x = &t->milestones[i];
        char seq[8], d1[16], d2[16];
        snprintf(seq, sizeof seq, "%d", x->seq);
        const char *cells[] = {seq, day_text(x->due_day, d1, 16), day_text(x->done_day, d2, 16),
                               je_milestone_overdue(x, a->as_of) ? "yes" : "",
                               a->lang_zh ? x->title_zh : x->title_en};
        out_table_add(m, cells);
    }
    static const char *const en[] = {"seq", "kind",   "indicator", "scope",       "value",
                                     "op",  "target", "meets",     "text_or_note"};
    static const col_type et[] = {COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM,
                                  COL_TEXT, COL_NUM,  COL_TEXT, COL_TEXT};
    out_table *e = out_table_new("Evidence (indicators computed now)", 9, en, et);
    for (size_t i = 0; e && i < t->n_evidence; i++) {
        const je_evidence *x = &t->evidence[i];
        int ind = x->kind == JE_EVIDENCE_INDICATOR;
        char seq[8], v[32], tg[32], txt[600];
        snprintf(seq, sizeof seq, "%d", x->seq);
        snprintf(tg, sizeof tg, "%g", x->target);
        const je_task_indicator *info = je_task_indicator_find(x->indicator);
        if (ind)
            snprintf(txt, sizeof txt, "%s%s%s%s%s",
                     info ? (a->lang_zh ? info->label_zh : info->label_en) : "", info ? ", " : "",
                     info ? info->unit : "", x->note[0] ? "; " : "", x->note);
        else
            snprintf(txt, sizeof txt, "%s", x->text);
        const char *cells[] = {seq,
                               je_evidence_kind_name(x->kind),
                               ind ? x->indicator : "",
                               x->scope,
                               value_text(x, v, sizeof v),
                               ind ? je_cmp_op_name(x->op) : "",
                               ind ? tg : "",
                               meets_text(x),
                               txt};
        out_table_add(e, cells);
    }
    static const char *const sn[] = {"jurisdiction", "user", "signed_at", "in_force", "note"};
    static const col_type st[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *s = out_table_new("Sign-offs", 5, sn, st);
    for (size_t i = 0; s && i < t->n_signoffs; i++) {
        const je_signoff *x = &t->signoffs[i];
        char w[32], force[280];
        if (x->revoked_at) {
            char w2[32];
            snprintf(force, sizeof force, "withdrawn %s: %s",
                     je_time_format(x->revoked_at, 0, w2, sizeof w2), x->revoked_reason);
        } else
            snprintf(force, sizeof force, "yes");
        const char *cells[] = {x->jurisdiction, x->user, je_time_format(x->signed_at, 0, w, 32),
                               force, x->note};
        out_table_add(s, cells);
    }
    out_table *all[] = {m, e, s};
    for (int k = 0; k < 3; k++)
        if (all[k]) {
            out_table_print(all[k], c->format, stdout);
            printf("\n");
            out_table_free(all[k]);
        }
}

int cmd_tasks_show(cli *c, int argc, char **argv)
{
    targs a;
    int code = tparse(c, "tasks show", argc, argv, JUDGE, 1, &a);
    if (code >= 0)
        return code;
    je_task_filter f = {0, NULL, a.code, -1, NULL};
    je_task *t = NULL;
    size_t n = 0;
    if ((code = load(c, &f, 1, &t, &n)) >= 0)
        return code;
    if (n == 0) {
        je_error err;
        je_error_set(&err, JE_ENOTFOUND, "no task %s (jointenv tasks list shows them)", a.code);
        return cli_fail(c, JE_ENOTFOUND, &err);
    }
    je_task_health h;
    je_task_assess(t, a.as_of, a.margin, &h);
    if (c->format == OUT_JSON) {
        json_t *o = task_json(t, &h, a.as_of);
        json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        printf("\n");
        json_decref(o);
    } else
        print_show(c, t, &h, &a);
    je_tasks_free(t, n);
    return EXIT_OK;
}

int cmd_tasks_update(cli *c, int argc, char **argv)
{
    targs a;
    const char *cmd = "tasks update";
    int code = tparse(c, cmd, argc, argv,
                      B(O_STATUS) | B(O_PROGRESS) | B(O_MILESTONE) | B(O_DONE) | B(O_NOTDONE) |
                          B(O_ETEXT) | B(O_EFILE) | B(O_EIND) | B(O_OP) | B(O_TARGET) | B(O_SCOPE) |
                          B(O_NOTE),
                      1, &a);
    if (code >= 0)
        return code;
    je_task_change ch;
    je_task_change_init(&ch);
    ch.status = a.status;
    ch.progress_pct = a.progress;
    ch.milestone = a.milestone;
    ch.done_day = a.not_done ? 0 : a.done_day;
    int nev = (a.ev_text != NULL) + (a.ev_file != NULL) + (a.ev_ind != NULL);
    if (nev > 1)
        return cli_usage_error(c, cmd, "one evidence item at a time");
    if ((a.op || a.has_target || a.scope) && !a.ev_ind)
        return cli_usage_error(c, cmd, "--op, --target and --scope go with --evidence-indicator");
    if (a.ev_ind) {
        if (!a.op || !a.has_target)
            return cli_usage_error(c, cmd, "--evidence-indicator needs --op and --target");
        je_error e;
        if (je_cmp_op_parse(a.op, &ch.op, &e) != JE_OK)
            return cli_usage_error(c, cmd, "%s", e.message);
        ch.evidence_kind = JE_EVIDENCE_INDICATOR;
        ch.indicator = a.ev_ind;
        ch.scope = a.scope;
        ch.target = a.target;
        ch.evidence_text = a.note;
    } else if (a.ev_text || a.ev_file) {
        ch.evidence_kind = a.ev_text ? JE_EVIDENCE_TEXT : JE_EVIDENCE_FILE;
        ch.evidence_text = a.ev_text ? a.ev_text : a.ev_file;
    }
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_error err;
    je_status st = je_task_update(db, a.code, &ch, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    printf("%s: updated\n", a.code);
    return EXIT_OK;
}

int cmd_tasks_sign(cli *c, int argc, char **argv)
{
    targs a;
    int code = tparse(c, "tasks sign", argc, argv, B(O_AS) | B(O_NOTE), 1, &a);
    if (code >= 0)
        return code;
    if (!a.as)
        return cli_usage_error(c, "tasks sign", "--as J names the jurisdiction signing");
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_error err;
    int done = 0;
    je_status st = je_task_sign(db, a.code, a.as, a.note, &done, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    printf("%s: signed off for %s%s\n", a.code, a.as,
           done ? "; both sides have signed: the task is done" : "");
    return EXIT_OK;
}

int cmd_tasks_report(cli *c, int argc, char **argv)
{
    targs a;
    const char *cmd = "tasks report";
    int code = tparse(c, cmd, argc, argv, B(O_YEAR) | B(O_OUT) | B(O_HTML) | JUDGE, 0, &a);
    if (code >= 0)
        return code;
    if (a.year == 0)
        return cli_usage_error(c, cmd, "--year Y is required");
    if (a.out) {
        const char *dot = strrchr(a.out, '.');
        if (dot && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0))
            a.html = 1;
    }
    je_task_filter f = {a.year, NULL, NULL, -1, NULL};
    je_task *t = NULL;
    size_t n = 0;
    if ((code = load(c, &f, 1, &t, &n)) >= 0)
        return code;
    je_task_report_opts o = {a.html ? JE_REPORT_HTML : JE_REPORT_MARKDOWN, a.lang_zh, a.year,
                             a.as_of, a.margin};
    char *text = NULL;
    size_t len = 0;
    je_error err;
    je_status st = je_task_report(t, n, &o, &text, &len, &err);
    je_tasks_free(t, n);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    FILE *fp = a.out ? fopen(a.out, "wb") : stdout;
    if (fp == NULL) {
        je_error_set(&err, JE_EIO, "cannot write %s", a.out);
        free(text);
        return cli_fail(c, JE_EIO, &err);
    }
    int ok = fwrite(text, 1, len, fp) == len;
    if (a.out)
        ok = fclose(fp) == 0 && ok;
    free(text);
    if (!ok) {
        je_error_set(&err, JE_EIO, "writing %s failed", a.out ? a.out : "standard output");
        return cli_fail(c, JE_EIO, &err);
    }
    if (a.out)
        fprintf(stderr, "%s: %zu task(s) of %d\n", a.out, n, a.year);
    return EXIT_OK;
}

int cmd_tasks_indicators(cli *c, int argc, char **argv)
{
    targs a;
    int code = tparse(c, "tasks indicators", argc, argv, B(O_YEAR) | B(O_SCOPE) | B(O_LANG), 0, &a);
    if (code >= 0)
        return code;
    if (a.year == 0) {
        int m, d;
        je_civil_from_days(a.as_of, &a.year, &m, &d);
    }
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    char rules[1024];
    je_task_env env = env_of(rules, sizeof rules);
    size_t n;
    const je_task_indicator *ind = je_task_indicators(&n);
    static const char *const names[] = {"name",  "label", "year",          "scope",
                                        "value", "unit",  "computed_from", "source"};
    static const col_type types[] = {COL_TEXT, COL_TEXT, COL_NUM,  COL_TEXT,
                                     COL_NUM,  COL_TEXT, COL_TEXT, COL_TEXT};
    out_table *t = out_table_new(NULL, 8, names, types);
    je_status st = JE_OK;
    je_error err;
    for (size_t i = 0; t && i < n && st == JE_OK; i++) {
        double v;
        char note[200], val[32], yr[8];
        st = je_task_indicator_eval(db, ind[i].name, a.year, a.scope, &env, &v, note, sizeof note,
                                    &err);
        if (st != JE_OK)
            break;
        if (isnan(v))
            val[0] = '\0';
        else
            snprintf(val, sizeof val, "%.*f", fabs(v - round(v)) < 1e-9 ? 0 : 1, v);
        snprintf(yr, sizeof yr, "%d", a.year);
        const char *cells[] = {ind[i].name, a.lang_zh ? ind[i].label_zh : ind[i].label_en,
                               yr,          a.scope ? a.scope : "",
                               val,         ind[i].unit,
                               note,        ind[i].source};
        out_table_add(t, cells);
    }
    je_db_close(db);
    if (st != JE_OK) {
        out_table_free(t);
        return cli_fail(c, st, &err);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    return t ? EXIT_OK : EXIT_RUNTIME;
}

int cmd_import_tasks(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_tasks);
}

int cmd_import_milestones(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_milestones);
}

int cmd_import_task_evidence(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_task_evidence);
}
