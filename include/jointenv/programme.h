/*
 * jointenv/programme.h — the joint programme: the yearly list of joint tasks the two
 * sides agree on (e.g. the 32 tasks of 2022), their milestones, evidence, live
 * indicators, sign-offs, and the progress report.
 *
 * A task has a code ("CY22-01"), a year, a category (je_task_categories), a title in
 * Chinese and English, a lead and a co-lead jurisdiction (GB/T 2260 codes, different)
 * with their agencies, a status, a progress percentage, milestones with due dates,
 * and evidence: a statement, a file reference (a path or URL), or a link to a *live
 * indicator* — a figure computed from the stored data at the time it is read (the
 * share of boundary sections meeting their target, the good-air-day ratio, coal units
 * retired, ...), compared with a target ("≥ 95").
 *
 * Who may do what (enforced here, in the library; docs/programme.md). Tasks are joint
 * records (owner "joint", ARCHITECTURE.md "Ownership"); they are public to read.
 *   import tasks/milestones/evidence: analyst or admin of the joint office (or the
 *       local administrator): the programme is agreed by the joint office.
 *   update (progress, status, milestones done, evidence added): an analyst or admin
 *       of the task's lead or co-lead jurisdiction, or of the joint office.
 *   sign: an admin of the lead jurisdiction signs for the lead, an admin of the
 *       co-lead for the co-lead; two different users (one person holding admin in
 *       both may sign for one side only). Viewers and inspectors may not.
 *   done: a task becomes done when both sign-offs are in force (the second sign-off
 *       moves it there); only a joint-office admin (or the local administrator) may
 *       set done without them. Reopening a done task or reviving a dropped one is
 *       joint-office only.
 *   Any change to a task after a sign-off withdraws the sign-offs in force (they are
 *   kept, with when and why they were withdrawn). Every change is in the audit log
 *   (tables programme_task, programme_milestone, programme_evidence,
 *   programme_signoff; jurisdiction "joint").
 *
 * Status (a state machine; je_task_transition_ok):
 *   planned     -> in-progress, dropped
 *   in-progress -> at-risk, done, dropped
 *   at-risk     -> in-progress, done, dropped
 *   done        -> in-progress   (reopen; joint office)
 *   dropped     -> planned       (revive; joint office)
 *
 * Overdue and at risk (je_task_assess), judged on an as-of day:
 *   a milestone is overdue when its due day is before the as-of day and it is not
 *   done (on its due day it is not yet overdue);
 *   a task that is not done or dropped is overdue when one of its milestones is;
 *   it is at risk when it is overdue, or when its progress is behind the share of its
 *   year elapsed by more than margin_pct percentage points:
 *       progress_pct < 100 × elapsed_days / days_in_year − margin_pct
 *   (elapsed_days = as-of day − 1 January of the task's year, clamped to 0 …
 *   days_in_year; computed in integers, so the boundary is exact).
 *
 * Threading: pure functions are re-entrant; stored ones as store.h (one handle per
 * thread). Memory: arrays returned through out pointers are malloc'd; free them as
 * each function says.
 */
#ifndef JOINTENV_PROGRAMME_H
#define JOINTENV_PROGRAMME_H

#include "core.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * Status, categories, comparisons (pure).
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_TASK_PLANNED,
    JE_TASK_IN_PROGRESS,
    JE_TASK_AT_RISK,
    JE_TASK_DONE,
    JE_TASK_DROPPED,
    JE_TASK_STATUS_COUNT
} je_task_status;

/* "planned", "in-progress", "at-risk", "done", "dropped"; "?" out of range. */
JE_API const char *je_task_status_name(je_task_status s);
/* 计划, 进行中, 有风险, 已完成, 已取消. */
JE_API const char *je_task_status_zh(je_task_status s);
/* Parse a status name ("in_progress" and "in progress" are accepted too); JE_EINVAL
 * naming the five otherwise. */
JE_API je_status je_task_status_parse(const char *s, je_task_status *out, je_error *err);
/* 1 when the state machine above allows from -> to (from == to is not a transition). */
JE_API int je_task_transition_ok(je_task_status from, je_task_status to);
/* The statuses reachable from `from`, "in-progress, dropped", into buf. Returns buf. */
JE_API char *je_task_transitions_from(je_task_status from, char *buf, size_t size);

/* A category of the cooperation (the areas of the joint programme). */
typedef struct je_task_category {
    const char *code; /* "ecological-network" */
    const char *name_zh, *name_en;
} je_task_category;
/* All categories in report order. */
JE_API const je_task_category *je_task_categories(size_t *out_n);
/* The category with this code, or NULL. */
JE_API const je_task_category *je_task_category_find(const char *code);

typedef enum { JE_CMP_GE, JE_CMP_GT, JE_CMP_LE, JE_CMP_LT, JE_CMP_EQ } je_cmp_op;
/* ">=", ">", "<=", "<", "=". */
JE_API const char *je_cmp_op_name(je_cmp_op op);
/* Parse ">=", "≥", ">", "<=", "≤", "<", "=", "=="; JE_EINVAL otherwise. */
JE_API je_status je_cmp_op_parse(const char *s, je_cmp_op *out, je_error *err);
/* 1 when value op target holds, 0 when not, -1 when value is NAN. "=" compares
 * with a tolerance of 1e-9 × max(1, |target|) (counts are whole numbers). */
JE_API int je_cmp_eval(je_cmp_op op, double value, double target);

/* ---------------------------------------------------------------------------
 * Tasks.
 * ------------------------------------------------------------------------- */
typedef struct je_milestone {
    int seq; /* 1 … 99 within the task */
    char title_zh[200];
    char title_en[300];
    int64_t due_day;  /* days since 1970-01-01 */
    int64_t done_day; /* 0 = not done */
} je_milestone;

typedef enum { JE_EVIDENCE_TEXT, JE_EVIDENCE_FILE, JE_EVIDENCE_INDICATOR } je_evidence_kind;
/* "text", "file", "indicator". */
JE_API const char *je_evidence_kind_name(je_evidence_kind k);

typedef struct je_evidence {
    int seq;
    je_evidence_kind kind;
    char text[400];     /* the statement, the file reference, or a note on the indicator */
    char indicator[48]; /* kind indicator: a registry name (je_task_indicators) */
    char scope[16];     /* "" both sides, or one jurisdiction code */
    je_cmp_op op;
    double target;
    /* Filled by je_store_task_evaluate (else NAN, -1, ""): */
    double value;   /* the indicator now, in its unit; NAN when it cannot be computed */
    int meets;      /* 1 value op target holds, 0 not, -1 unknown */
    char note[200]; /* why there is no value, or what it was computed from */
} je_evidence;

typedef struct je_signoff {
    char jurisdiction[16];
    char user[64];
    int64_t signed_at;  /* seconds since the epoch */
    int64_t revoked_at; /* 0 = in force */
    char revoked_reason[200];
    char note[200];
} je_signoff;

typedef struct je_task {
    char code[32];
    int year;
    char category[32];
    char title_zh[200];
    char title_en[300];
    char lead[16], co_lead[16];
    char lead_agency[128], co_lead_agency[128];
    je_task_status status;
    int progress_pct;         /* 0 … 100 */
    int64_t updated_at;       /* seconds since the epoch */
    je_milestone *milestones; /* by seq */
    size_t n_milestones;
    je_evidence *evidence; /* by seq */
    size_t n_evidence;
    je_signoff *signoffs; /* in signing order, withdrawn ones included */
    size_t n_signoffs;
} je_task;

/* Free tasks returned by je_store_tasks (their arrays too). NULL is fine. */
JE_API void je_tasks_free(je_task *tasks, size_t n);
/* Is a sign-off of `jurisdiction` in force on t? The user who gave it into user
 * (64 bytes, may be NULL). */
JE_API int je_task_signed(const je_task *t, const char *jurisdiction, char *user);

typedef enum {
    JE_TASK_FLAG_DONE,    /* status done */
    JE_TASK_FLAG_DROPPED, /* status dropped */
    JE_TASK_FLAG_OVERDUE, /* a milestone is overdue */
    JE_TASK_FLAG_AT_RISK, /* behind the year's elapsed share by more than the margin */
    JE_TASK_FLAG_ON_TRACK
} je_task_flag;
/* "done", "dropped", "overdue", "at-risk", "on-track" and in Chinese. */
JE_API const char *je_task_flag_name(je_task_flag f);
JE_API const char *je_task_flag_zh(je_task_flag f);

typedef struct je_task_health {
    je_task_flag flag;          /* the first that applies, in the order of the enum */
    int at_risk;                /* overdue, or behind by more than the margin */
    size_t n_overdue;           /* milestones overdue (0 for a done or dropped task) */
    size_t n_done;              /* milestones done */
    double expected_pct;        /* 100 × elapsed share of the year */
    int64_t next_due_day;       /* the earliest due day of a milestone not done; 0 none */
    int64_t oldest_overdue_day; /* the earliest due day of an overdue milestone; 0 none */
} je_task_health;

/* Judge t on as_of_day (days since 1970-01-01) with margin_pct (0 … 100) by the rule
 * in the header comment. Pure. */
JE_API void je_task_assess(const je_task *t, int64_t as_of_day, int margin_pct,
                           je_task_health *out);
/* Is milestone m overdue on as_of_day? */
JE_API int je_milestone_overdue(const je_milestone *m, int64_t as_of_day);

/* ---------------------------------------------------------------------------
 * The progress report (pure): Markdown or self-contained HTML, in Chinese or
 * English, grouped by category in the order of je_task_categories, and in each
 * category overdue tasks first (oldest overdue milestone first), then at-risk, then
 * on-track, done and dropped, by code within each. Evidence shows its live value
 * and whether it meets its target when tasks were evaluated. Text from the data is
 * escaped (HTML: & < > " '; Markdown: | and line breaks in table cells).
 * ------------------------------------------------------------------------- */
typedef enum { JE_REPORT_MARKDOWN, JE_REPORT_HTML } je_report_format;
typedef struct je_task_report_opts {
    je_report_format format;
    int lang_zh;       /* 1 Chinese, 0 English */
    int year;          /* for the title */
    int64_t as_of_day; /* the day tasks are judged on */
    int margin_pct;
} je_task_report_opts;
/* The report of n tasks into *out (malloc'd, NUL-terminated; free()), *out_len its
 * length. JE_ENOMEM. */
JE_API je_status je_task_report(const je_task *tasks, size_t n, const je_task_report_opts *o,
                                char **out, size_t *out_len, je_error *err);

/* ---------------------------------------------------------------------------
 * Live indicators: a registry of named figures computed from the stored data when
 * they are read (never typed in). Each is computed for a year and a scope ("" or
 * NULL both sides, or one jurisdiction code).
 * ------------------------------------------------------------------------- */
typedef struct je_task_indicator {
    const char *name; /* "water-boundary-met-pct" */
    const char *label_zh, *label_en;
    const char *unit;   /* "%", "lines", "units", "MW" ... */
    const char *source; /* the standard or engine it uses, for people */
} je_task_indicator;
/* The registry (static; do not free). */
JE_API const je_task_indicator *je_task_indicators(size_t *out_n);
JE_API const je_task_indicator *je_task_indicator_find(const char *name);

/* What indicators may need besides the database. */
typedef struct je_task_env {
    /* The staggered-production rule set (data/rules/stagger-*.json) whose quotas
       decide which clinker lines have stop days; NULL: that indicator is unknown. */
    const char *stagger_rules_path;
} je_task_env;

/* Compute indicator `name` for `year` and `scope` now. *out_value NAN with a reason
 * in note (size bytes) when it cannot be computed (e.g. no data that year); else the
 * note says what it was computed from ("46 of 52 boundary sections with a class").
 * JE_ENOTFOUND for an unknown name (the message lists the names); store errors. */
JE_API je_status je_task_indicator_eval(je_db *db, const char *name, int year, const char *scope,
                                        const je_task_env *env, double *out_value, char *note,
                                        size_t note_size, je_error *err);

/* ---------------------------------------------------------------------------
 * Stored tasks.
 * ------------------------------------------------------------------------- */
/* Tasks: CSV with columns
 *   code,year,category,title_zh,title_en,lead,co_lead,lead_agency,co_lead_agency,
 *   status,progress_pct
 * (status by name; progress 0-100 whole; lead and co-lead stored jurisdictions,
 * different). All or nothing, path:line:column errors; --replace updates tasks that
 * exist (and withdraws their sign-offs in force). Needs write on the joint office
 * (analyst or admin of "joint", or the local administrator). */
JE_API je_status je_import_tasks(je_db *db, const char *path, const je_import_opts *opts,
                                 je_import_report *rep, je_error *err);
/* Milestones: CSV task,seq,title_zh,title_en,due_on[,done_on] (dates YYYY-MM-DD,
 * done_on empty when not done; the task must be stored). Replacing a milestone
 * withdraws the task's sign-offs in force. */
JE_API je_status je_import_milestones(je_db *db, const char *path, const je_import_opts *opts,
                                      je_import_report *rep, je_error *err);
/* Evidence: CSV task,seq,kind,text,indicator,scope,op,target; kind text|file|
 * indicator; indicator, op and target for (and only for) kind indicator; indicator a
 * registry name; scope "" (both sides) or the task's lead or co-lead. */
JE_API je_status je_import_task_evidence(je_db *db, const char *path, const je_import_opts *opts,
                                         je_import_report *rep, je_error *err);

typedef struct je_task_filter {
    int year;             /* 0 = all */
    const char *category; /* NULL = all */
    const char *code;     /* NULL = all */
    int status;           /* -1 = all, else a je_task_status */
    const char *lead;     /* lead or co-lead jurisdiction; NULL = all */
} je_task_filter;
/* Tasks matching f (NULL = all) by code, with milestones, evidence, sign-offs.
 * Evidence values are not computed (NAN): call je_store_task_evaluate. Free with
 * je_tasks_free. */
JE_API je_status je_store_tasks(je_db *db, const je_task_filter *f, je_task **out, size_t *out_n,
                                je_error *err);
/* Compute every indicator evidence of the tasks now (value, meets, note), for each
 * task's year. */
JE_API je_status je_store_task_evaluate(je_db *db, je_task *tasks, size_t n, const je_task_env *env,
                                        je_error *err);

/* One change to a task (fields left at their "unchanged" value are not touched). */
typedef struct je_task_change {
    int status;       /* -1 unchanged, else a je_task_status */
    int progress_pct; /* -1 unchanged */
    int milestone;    /* seq of a milestone to mark, 0 none */
    int64_t done_day; /* with milestone: the day it was done; 0 marks it not done */
    /* Add one evidence item (kind -1 none): */
    int evidence_kind; /* -1 or a je_evidence_kind */
    const char *evidence_text;
    const char *indicator, *scope;
    je_cmp_op op;
    double target;
} je_task_change;
/* A change with nothing set. */
JE_API void je_task_change_init(je_task_change *c);

/* Apply c to task `code` in one transaction, by the rules at the top: JE_EPERM (who
 * may), JE_ECONFLICT (a transition the state machine refuses, naming those allowed;
 * done without both sign-offs), JE_EINVAL (bad values), JE_ENOTFOUND. Sign-offs in
 * force are withdrawn when anything changed. Logged. */
JE_API je_status je_task_update(je_db *db, const char *code, const je_task_change *c,
                                je_error *err);
/* The acting user signs task `code` off for `jurisdiction` (its lead or co-lead).
 * Needs admin in that jurisdiction (the local administrator counts as one, but
 * still signs for one side only); the task in progress or at risk, at 100 %, with every
 * milestone done; no sign-off of that side in force; the other side's sign-off, if
 * in force, by another user. When both are then in force the task moves to done.
 * *out_done (may be NULL) is 1 then. Logged. */
JE_API je_status je_task_sign(je_db *db, const char *code, const char *jurisdiction,
                              const char *note, int *out_done, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_PROGRAMME_H */
