/*
 * jointenv/stagger.h — staggered production (错峰生产) of cement-clinker lines: which
 * line stops on which day so that every line meets its stop-day quota, every market
 * region still gets its clinker, and the stops fall where and when they avoid the
 * most population-weighted exposure. Solved exactly as a MILP (through solver.h,
 * COIN-OR CBC) or by a heuristic; every schedule can be re-verified by an
 * independent checker that names each violated rule with its line and day.
 *
 * Sources (shared/reference/standards.md §4, quoted per rule below and in
 * docs/stagger.md): the national rule 工信部联原〔2020〕201号 (§4.1); the 2023
 * Sichuan association rules "130 + X" with Q1 45 / Q2 30 / Q3 40 / Q4 15 days and
 * 月结季清 (§4.2); the grade-A 40 % and special-cement 50 % / 100 % differentiation
 * (§4.2); the 2024 draft exemptions (§4.2); the Nov 2024 "10 + X, ≥ 5 before the
 * 15th" (§4.2); the performance-graded alert duties (§4.3). Everything else (minimum
 * stop length, restart limit, owed-day allowance, supply, jurisdiction share,
 * fairness) is our configuration, set in the rule-set JSON (data/rules/).
 *
 * Units: days are whole local days; capacities and demands in t of clinker per day
 * (t_d); weights in the caller's exposure unit (e.g. µg/m³ · person per day of
 * running), w[line][day] = transfer × population × emission: the exposure avoided
 * by stopping that line that day. Dates are day numbers (days since 1970-01-01,
 * local calendar, je_days_from_civil in core.h).
 *
 * Engines here are pure and re-entrant: no I/O except je_stagger_rules_load, no
 * globals, deterministic (the heuristic and the random baseline are seeded).
 */
#ifndef JOINTENV_STAGGER_H
#define JOINTENV_STAGGER_H

#include "air.h"
#include "core.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Performance grade per the MEE technical guide (《重污染天气重点行业应急减排措施制定
 * 技术指南（2020年修订版）》, standards.md §4.3). */
typedef enum { JE_GRADE_A = 0, JE_GRADE_B = 1, JE_GRADE_C = 2, JE_GRADE_D = 3 } je_grade;
#define JE_GRADE_COUNT 4
/* "A" … "D"; parse accepts a–d too. */
JE_API const char *je_grade_name(je_grade g);
JE_API je_status je_grade_parse(const char *s, je_grade *out, je_error *err);

/* What a line must do on an alert day (standards.md §4.3, table "Grade × alert"). */
typedef enum {
    JE_DUTY_NONE = 0,     /* voluntary measures only (grade A; B at yellow: truck ban only) */
    JE_DUTY_CUT = 1,      /* run at a reduced output: capacity × (1 − cut share) (B, orange) */
    JE_DUTY_STOP = 2,     /* stop the line that day (B red, C orange/red, D any alert) */
    JE_DUTY_STOP_HALF = 3 /* at least half (rounded up) of the grade's lines in the alert
                             city stop that day (C, yellow: "stop 50 % of lines") */
} je_duty;
/* "none", "cut", "stop", "stop-half". */
JE_API const char *je_duty_name(je_duty d);

/* The road-transport duty of a line on an alert day (standards.md §4.3, the same
 * table): grades B and C at every alert level stop road transport by China-IV-or-older
 * heavy trucks (gas trucks included); grade D stops all road transport; grade A has
 * none. Set per grade and level in the rule set (alert_duties.<grade>.transport). */
typedef enum {
    JE_TRANSPORT_NONE = 0,          /* no transport duty */
    JE_TRANSPORT_BAN_OLD_HEAVY = 1, /* no China-IV-or-older heavy trucks (国四及以下重型货车) */
    JE_TRANSPORT_BAN_ALL = 2        /* no road transport at all */
} je_transport;
/* "none", "ban-old-heavy", "ban-all". */
JE_API const char *je_transport_name(je_transport t);

/* A month rule, e.g. the Nov 2024 notice's "10 + X stop days in November, with ≥ 5
 * before 15 Nov" (standards.md §4.2): month 11, min_days 10 (+ x_days), before_day
 * 15, min_days_before 5. Applied only when the whole month lies in the horizon;
 * the day counts are scaled by the line's multiplier and rounded to nearest. */
typedef struct je_stagger_month_rule {
    int month;              /* 1–12 */
    double min_days;        /* stop days in the month, at least */
    double x_days;          /* the "X" added to min_days */
    int before_day;         /* day of month; 0 = no "before" part */
    double min_days_before; /* stop days on days 1 … before_day−1, at least */
} je_stagger_month_rule;

#define JE_STAGGER_MONTH_RULES_MAX 12

/* A rule set, read from a JSON file in data/rules/ by je_stagger_rules_load (format in
 * docs/stagger.md) or filled by the caller. Plain data: copy freely. */
typedef struct je_stagger_rules {
    char id[64];
    char name[160];
    /* Quotas (standards.md §4.2, 2023 association rules): base stop days per
     * calendar quarter, Q1 45, Q2 30, Q3 40, Q4 15 ("130 + X"), plus X per quarter.
     * A quarter partly in the horizon gets base × (its days in the horizon / its
     * days). */
    double base_days_quarter[4];
    double x_days_quarter[4];
    /* Multipliers: grade A runs 40 % of base days (§4.2); B, C, D 1.0. */
    double grade_factor[JE_GRADE_COUNT];
    /* Special cement (§4.2): a share ≥ special_half_share (0.5) runs
     * special_half_factor (0.5) of base; a share ≥ 1 is exempt when exempt_special. */
    double special_half_share;
    double special_half_factor;
    int exempt_special;            /* 100 % special cement exempt (§4.2, 2023 rules, 2024 draft) */
    int exempt_carbide;            /* carbide slag the only calcium source exempt (2024 draft) */
    int exempt_msw;                /* MSW co-processing exempt (2024 draft) */
    double exempt_hazardous_share; /* hazardous-waste intake ≥ this share exempt (2024
                                      draft: 0.06); 0 = no such exemption */
    je_stagger_month_rule month_rules[JE_STAGGER_MONTH_RULES_MAX];
    size_t n_month_rules;
    /* Monthly settlement with quarterly clearing (月结季清, §4.2): at each month end
     * a line's stops since the quarter began must reach the month's pro-rata share
     * of the quarter quota (floor) less max_owed_days (our configuration: owed
     * days are made up later in the quarter); at the quarter end (or the horizon's
     * last day in it) the quota is met in full. carry_over: days stopped beyond a
     * quarter's quota count toward the next quarters (settlement cumulative from
     * the horizon start). */
    double max_owed_days;
    int carry_over;
    /* A line stops at most quota + max_extra_days days in the horizon (exempt lines
     * 0) — the quota is what the plan distributes (our configuration). */
    int max_extra_days;
    /* Kiln operation (our configuration): every stop lasts at least min_run_days
     * consecutive days (a stop cut by the horizon end is exempt); at most
     * max_restarts_month stops begin in any calendar month (0 = no limit). A stop
     * beginning on the horizon's first day counts: lines are taken as running
     * before the horizon. */
    int min_run_days;
    int max_restarts_month;
    /* Supply and balance (our configuration): on no day may more than
     * max_jur_stop_share of a jurisdiction's capacity be stopped (1 = no limit);
     * each jurisdiction's share of capacity-weighted stop days (Σ t_d × days) lies
     * within fairness_tol of its share of capacity (negative = no fairness rule). */
    double max_jur_stop_share;
    double fairness_tol;
    /* Alert duties per grade and level (§4.3), indexed [grade][je_alert_level];
     * cut_share for JE_DUTY_CUT (B at orange: 0.2). */
    je_duty duty[JE_GRADE_COUNT][5];
    double cut_share[JE_GRADE_COUNT][5];
    /* Transport duty per grade and level (§4.3; see je_transport). Reported with the
     * plan (the alert days of each line); it constrains no stop. */
    je_transport transport[JE_GRADE_COUNT][5];
    /* Heating duty (national rule 工信部联原〔2020〕201号, standards.md §4.1: "lines with
     * heating duty make up the days outside the heating season"): the heating season
     * runs from heat_from_month/heat_from_day to heat_to_month/heat_to_day inclusive
     * (it may wrap the year end: 11-15 … 03-15); heat_from_month 0 = no heating
     * season (the rule is off). A line with heating_duty may not stop inside it (alert
     * stops excepted: they come first) and owes its whole quota on the horizon's days
     * outside it (the "heating" rule), in place of the quarter, settlement and month
     * rules. The window is configuration: 201号 sets none for Sichuan and Chongqing. */
    int heat_from_month, heat_from_day, heat_to_month, heat_to_day;
    /* Deep-treatment A relief (2023 association rules, standards.md §4.2, V1: the
     * association's "deep-treatment A" standard earns 10 days/yr): a line with
     * deep_treatment_a owes, per quarter, round(multiplier × (base + X) × fraction −
     * deep_relief_days_year × days of the quarter in the horizon / 365), not below 0
     * (the relief pro rata to the days, subtracted before the rounding: a full year
     * gets exactly 10 fewer days with the shipped base). 0 = no relief. */
    double deep_relief_days_year;
} je_stagger_rules;

/* Parse a rule set from JSON text (`name` is the path used in messages) or a file.
 * Unknown keys, missing keys, wrong types and out-of-range values are JE_EDATA with
 * the key in err->field and the message naming it. */
JE_API je_status je_stagger_rules_parse(const char *json, size_t len, const char *name,
                                        je_stagger_rules *out, je_error *err);
JE_API je_status je_stagger_rules_load(const char *path, je_stagger_rules *out, je_error *err);

/* A clinker line as the scheduler sees it. */
typedef struct je_stagger_line {
    const char *code;    /* borrowed; used in messages (may be NULL) */
    int jurisdiction;    /* 0 … n_jurisdictions−1 */
    int region;          /* market region, 0 … n_regions−1 */
    int city;            /* alert area, 0 … n_cities−1, or −1 */
    double capacity_t_d; /* > 0 */
    je_grade grade;
    double special_cement_share; /* 0 … 1 */
    int carbide_slag_only;
    int msw_coprocessing;
    double hazardous_waste_share; /* 0 … 1 of input */
    int heating_duty;             /* has a winter heating duty (rules.heat_*; §4.1) */
    int deep_treatment_a; /* meets the association's deep-treatment A (rules.deep_relief…) */
} je_stagger_line;

/* A transfer arc between market regions: up to cap_t_d of clinker a day may be
 * shipped from region `from` to region `to` (0 … n_regions−1, from ≠ to). */
typedef struct je_stagger_arc {
    int from, to;
    double cap_t_d; /* ≥ 0 */
} je_stagger_arc;

/* At most this many market regions with a transfer network (the checker enumerates
 * every set of regions). */
#define JE_STAGGER_NET_REGIONS_MAX 12

/* One instance. Every pointer is borrowed and must outlive the calls using it.
 * Arrays indexed [line × n_days + day], [region × n_days + day], [city × n_days + day]. */
typedef struct je_stagger_problem {
    size_t n_lines;
    const je_stagger_line *lines;
    size_t n_days;
    int64_t first_day;    /* day number of day 0 */
    const double *weight; /* n_lines × n_days, ≥ 0: exposure avoided by stopping */
    size_t n_jurisdictions;
    size_t n_regions;
    /* Supply, two models (demand NULL = no supply rule):
     * - Transfer network (n_arcs > 0): on every day there are flows 0 ≤ f_a ≤ cap_a on
     *   the arcs with running(r) + Σ_in f − Σ_out f ≥ demand(r) for every region r
     *   (flows may pass through a region). Exactly: for every set S of regions,
     *   demand(S) − running(S) ≤ the capacity of the arcs into S from outside.
     *   import_cap_t_d must then be NULL; at most JE_STAGGER_NET_REGIONS_MAX regions.
     * - Import caps (n_arcs 0, the earlier model and a special case of the network:
     *   every region ships through one hub, which delivers at most import_cap_t_d[r]
     *   to region r; NULL = unlimited): running(r, d) ≥ demand(r, d) − import_cap(r)
     *   for each r, and Σ_r running ≥ Σ_r demand. */
    const double *demand_t_d; /* n_regions × n_days, or NULL */
    const double *import_cap_t_d;
    /* Alerts: level per city and day (je_alert_level values), or NULL. */
    size_t n_cities;
    const uint8_t *alert;
    /* Re-planning: days 0 … n_fixed_days−1 are past; their stops are taken from
     * fixed (n_lines × n_days, 1 = stopped; only the first n_fixed_days of each line
     * are read) and count toward every rule. NULL with n_fixed_days 0. */
    size_t n_fixed_days;
    const uint8_t *fixed;
    /* Transfer network (see Supply above); arcs borrowed. */
    size_t n_arcs;
    const je_stagger_arc *arcs;
    /* Region codes for messages (n_regions, borrowed), or NULL ("region 3"). */
    const char *const *region_names;
} je_stagger_problem;

/* The transport duty of a grade at an alert level (rules->transport; NONE for
 * JE_ALERT_NONE or out-of-range arguments). */
JE_API je_transport je_stagger_transport_duty(const je_stagger_rules *rules, je_grade grade,
                                              je_alert_level level);

/* The stop days a line owes, derived from the rules (exposed for reports and
 * tests). multiplier: 0 for an exempt line, else grade factor × special factor.
 * quota: total over the horizon = Σ over quarters of round(multiplier × (base + X) ×
 * fraction of the quarter in the horizon). */
JE_API double je_stagger_multiplier(const je_stagger_rules *rules, const je_stagger_line *line);
JE_API je_status je_stagger_quota(const je_stagger_problem *p, const je_stagger_rules *rules,
                                  size_t line, int *out_days, je_error *err);

/* ---- Checking ---------------------------------------------------------------- */

/* The rules a schedule may break; each names its source in docs/stagger.md. */
#define JE_STAGGER_RULE_MAP(X)                                                                     \
    X(QUARTER, "quarter", "quarterly clearing: the quarter's quota met by its end")                \
    X(MONTHLY, "monthly", "monthly settlement: the pro-rata share met at month end")               \
    X(MONTH_MIN, "month-min", "month rule: stop days in the month")                                \
    X(MONTH_BEFORE, "month-before", "month rule: stop days before the day of month")               \
    X(MAX_DAYS, "max-days", "stop days above quota + extra (or an exempt line stopped)")           \
    X(MIN_RUN, "min-run", "a stop shorter than the minimum length")                                \
    X(RESTARTS, "restarts", "more stops begun in a month than allowed")                            \
    X(SUPPLY_REGION, "supply-region", "a region's demand not met within the import cap")           \
    X(SUPPLY_TOTAL, "supply-total", "total running capacity below total demand")                   \
    X(JUR_SHARE, "jurisdiction-share", "too much of a jurisdiction's capacity stopped at once")    \
    X(FAIRNESS, "fairness", "a jurisdiction's share of stop days off its capacity share")          \
    X(ALERT_STOP, "alert-stop", "a line running on a day its alert duty says stop")                \
    X(ALERT_HALF, "alert-half", "fewer than half of a city's lines stopped (stop-half duty)")      \
    X(FIXED, "fixed", "a past day's stop changed by the re-plan")                                  \
    X(SUPPLY_TRANSFER, "supply-transfer",                                                          \
      "regions short of clinker even with every transfer arc used")                                \
    X(HEATING, "heating", "a heating-duty line stopped in the heating season, or short after it")

typedef enum {
#define JE_STAGGER_RULE_ENUM(name, id, text) JE_STAGGER_RULE_##name,
    JE_STAGGER_RULE_MAP(JE_STAGGER_RULE_ENUM)
#undef JE_STAGGER_RULE_ENUM
        JE_STAGGER_RULE_COUNT
} je_stagger_rule;

/* "quarter", "min-run", … and a one-line description. Never NULL. */
JE_API const char *je_stagger_rule_name(je_stagger_rule r);
JE_API const char *je_stagger_rule_text(je_stagger_rule r);

typedef struct je_stagger_violation {
    je_stagger_rule rule;
    long line;    /* line index, −1 when not about one line */
    long day;     /* day index (the day the rule was checked at: month end, first day
                     of a short stop …), −1 when not about one day */
    long group;   /* region, jurisdiction or city index, −1 when none */
    double value; /* what the schedule has */
    double limit; /* what the rule requires */
    char message[200];
} je_stagger_violation;

typedef struct je_stagger_report {
    je_stagger_violation *items; /* the first `limit` violations */
    size_t count;
    size_t total; /* all violations found */
    size_t by_rule[JE_STAGGER_RULE_COUNT];
} je_stagger_report;

/* Re-verify every rule on `stop` (n_lines × n_days, 1 = stopped) from the problem
 * and rules alone. The checker shares with the solvers only the derivation of what
 * each rule requires (quotas, due dates, alert duties: src/industry/stagger.c); it
 * counts and compares with its own code. Alert duties bind only days not fixed
 * (the past is history). JE_OK when the check ran
 * (report->total 0 means feasible); JE_EINVAL for a malformed problem. `limit` 0 =
 * keep 100. Free the report with je_stagger_report_free. */
JE_API je_status je_stagger_check(const je_stagger_problem *p, const je_stagger_rules *rules,
                                  const uint8_t *stop, size_t limit, je_stagger_report *report,
                                  je_error *err);
JE_API void je_stagger_report_free(je_stagger_report *report);

/* ---- Planning ---------------------------------------------------------------- */

typedef enum { JE_STAGGER_MIP = 0, JE_STAGGER_HEURISTIC = 1 } je_stagger_solver;

typedef struct je_stagger_options {
    je_stagger_solver solver;
    double time_limit_s;  /* 0 = none (MIP); the heuristic's local search stops there too */
    double rel_gap;       /* MIP: stop at this proven gap (0 = 1e-4) */
    int threads;          /* MIP: threads (0 = 1). With 2 or more, CBC's root bound is
                             computed on one thread while the exchange search and the
                             Lagrangian steps run on the other; CBC's search uses them
                             all. CBC solves one model at a time in the process
                             (solver.h). */
    uint64_t seed;        /* heuristic tie-breaking */
    int diagnose;         /* on infeasibility, name the binding rules (re-solves the MIP
                             once per rule family left out) */
    const uint8_t *start; /* MIP: a schedule to start from (e.g. the heuristic's), or NULL */
    double lagrange_s;    /* MIP: seconds for the Lagrangian bound, computed before CBC
                             from the start (0 = a tenth of time_limit_s, at most 10 s,
                             or 5 s without a limit; < 0 = none). When it proves the
                             target gap on the start, CBC is not run. The time counts
                             in time_limit_s. */
    double lns_s;         /* MIP: seconds (at most half the time left) of
                             large-neighbourhood search on the start before CBC: a dozen
                             lines of one jurisdiction or region re-solved exactly
                             together by CBC, the others fixed, kept when exposure falls
                             and the checker passes (0 = none; instances of ≤ 12 lines
                             skip it) */
    const char *lp_path;  /* MIP: also write the model CBC solves, in CPLEX LP format, to
                             this file before solving (for checking it with another
                             solver); NULL = none */
} je_stagger_options;

typedef enum {
    JE_STAGGER_OPTIMAL = 0,    /* MIP, proven within rel_gap */
    JE_STAGGER_FEASIBLE = 1,   /* a schedule passing the checker, optimality not proven */
    JE_STAGGER_INFEASIBLE = 2, /* MIP proved no schedule meets the rules */
    JE_STAGGER_NO_SOLUTION = 3 /* none found (time limit, or the heuristic failed) */
} je_stagger_status;
JE_API const char *je_stagger_status_name(je_stagger_status s);

typedef struct je_stagger_result {
    je_stagger_status status;
    uint8_t *stop;   /* n_lines × n_days, 1 = stopped; NULL when none; owned */
    double exposure; /* Σ w × capacity factor × running: what remains (minimised) */
    double avoided;  /* Σ w − exposure */
    double bound;    /* MIP: proven lower bound on exposure; NAN otherwise */
    double gap;      /* (exposure − bound) / exposure; NAN when unknown */
    double seconds;
    size_t n_binding; /* infeasible + diagnose: rules whose removal restores feasibility */
    je_stagger_rule binding[JE_STAGGER_RULE_COUNT];
    char message[512]; /* a sentence for the user: status, binding rules, checker verdict */
    /* The valid lower bounds on exposure behind `bound` (the larger of them): CBC's
     * and the Lagrangian dual bound (je_stagger_lagrange_bound); NAN when not
     * computed. bound_by names the one in `bound`: "cbc", "lagrangian" or "" (none). */
    double bound_mip;
    double bound_lagrange;
    char bound_by[16];
} je_stagger_result;

/* Plan (or re-plan: set n_fixed_days and alert). JE_OK whenever the solver ran —
 * read result->status; every schedule returned has passed je_stagger_check (a
 * solver whose schedule fails the checker gives JE_EINTERNAL). JE_EINVAL for a
 * malformed problem, JE_ESOLVER when CBC fails, JE_ENOMEM. Free with
 * je_stagger_result_free. */
JE_API je_status je_stagger_plan(const je_stagger_problem *p, const je_stagger_rules *rules,
                                 const je_stagger_options *opts, je_stagger_result *result,
                                 je_error *err);
JE_API void je_stagger_result_free(je_stagger_result *result);

/* A Lagrangian dual bound on the least exposure: the rows shared by lines (supply
 * per region and in total, the transfer network's balance rows, jurisdiction share,
 * stop-half, fairness) are priced by multipliers, improved by subgradient steps
 * towards ub_exposure (the exposure of a known schedule, or INFINITY: then the sum
 * of all weights is used), and each line's own rules are solved exactly by dynamic
 * programming over its calendar. Every value it returns is a valid lower bound
 * (weak duality). *out_exact is 0 when a per-line rule had to be relaxed in the DP
 * (a count window not starting at the horizon's first day — carry_over off or a
 * month rule after the first month —, a minimum stop over 7 days or a restart
 * limit over 15); the bound is then still valid but may be weaker. +INFINITY when
 * some line alone has no schedule (the problem is infeasible). Runs until
 * time_limit_s (> 0), a stall, or the bound reaches ub_exposure. Pure, re-entrant. */
JE_API je_status je_stagger_lagrange_bound(const je_stagger_problem *p,
                                           const je_stagger_rules *rules, double ub_exposure,
                                           double time_limit_s, double *out_bound, int *out_exact,
                                           je_error *err);

/* The share of line l's output it runs at on day d when not stopped: 1, or 1 − the
 * cut share on a day its grade's alert duty is a cut (e.g. B at orange: 0.8). What a
 * stop avoids that day is this share of the line's full-day emission and weight. */
JE_API double je_stagger_output_factor(const je_stagger_problem *p, const je_stagger_rules *rules,
                                       size_t line, size_t day);

/* Exposure of running lines for a schedule (the objective), as in the result. */
JE_API double je_stagger_exposure(const je_stagger_problem *p, const je_stagger_rules *rules,
                                  const uint8_t *stop);

/* What a schedule does for one jurisdiction's lines (jurisdiction < 0: all lines):
 * its stop days; the exposure of running line-days and the exposure its stops avoid
 * (Σ w × output factor over each); and, when rates_g_s is given (n_lines × 3: PM,
 * SO2, NOx in g/s, e.g. the stored plants' q_g_s), the tonnes each pollutant's
 * emission its stops avoid: Σ over stopped line-days of rate × 86,400 s × output
 * factor / 10⁶ (a stop on an alert's cut day avoids only the output left). */
typedef struct je_stagger_tally {
    long stop_days;
    double exposure, avoided;
    double emissions_t[3]; /* 0 without rates */
} je_stagger_tally;
JE_API void je_stagger_tally_of(const je_stagger_problem *p, const je_stagger_rules *rules,
                                const uint8_t *stop, const double *rates_g_s, int jurisdiction,
                                je_stagger_tally *out);

/* Baselines with the same quotas, for comparison (they are not optimised and may
 * break coupling rules; check them). UNIFORM: each line stops one block per
 * quarter of its quarter quota, the blocks rotated across lines (line i starts
 * i/n_lines of the way into the quarter); RANDOM: the same number of days per
 * quarter drawn at random (seeded). Alert duties and fixed days are applied.
 * *out is n_lines × n_days, malloc'd; free(). */
typedef enum { JE_STAGGER_UNIFORM = 0, JE_STAGGER_RANDOM = 1 } je_stagger_baseline_kind;
JE_API je_status je_stagger_baseline(const je_stagger_problem *p, const je_stagger_rules *rules,
                                     je_stagger_baseline_kind kind, uint64_t seed, uint8_t **out,
                                     je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_STAGGER_H */
