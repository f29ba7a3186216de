/*
 * jointenv/stagger_run.h — publishing a staggered-production schedule (错峰生产) as a
 * run (run.h), so that the dashboard, the API and the other side all read the same
 * schedule with its provenance, and reading the newest one back.
 *
 * The run's engine is "stagger"; its canonical output is JSON (keys sorted, compact,
 * numbers with up to 17 significant digits), one object:
 *   first_day, last_day  "YYYY-MM-DD"; n_days; rules (the rule set's id)
 *   jurisdictions, regions  the codes, in the problem's index order
 *   lines     [{code, jurisdiction, region, grade, capacity_t_d, stop_days,
 *               stops: [{from, to, days}]}]  — each stop interval, dates inclusive
 *   capacity  [{date, region, capacity_t_d, running_t_d, demand_t_d}] — per day and
 *             region: clinker capacity, the capacity of the lines not stopped, the
 *             demand (null without a supply rule)
 *   exposure  {baseline, remaining, avoided, avoided_share} — je_stagger_exposure with
 *             no stop and with the schedule (weight units of the problem, e.g.
 *             person·µg/m³·days), avoided = baseline − remaining
 * Its canonical inputs are JSON too: the lines' attributes, the horizon, the demand,
 * and the SHA-256 of the weights (the weights themselves can be millions of numbers).
 *
 * Thread safety: one db per thread (store.h).
 */
#ifndef JOINTENV_STAGGER_RUN_H
#define JOINTENV_STAGGER_RUN_H

#include "run.h"
#include "stagger.h"

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A computed schedule to publish (everything borrowed). */
typedef struct je_stagger_publish {
    const je_stagger_problem *problem; /* lines (each with a code), days, weights, demand */
    const je_stagger_rules *rules;     /* the rule set the schedule was planned under */
    const uint8_t *stop;               /* n_lines × n_days, 1 = stopped */
    const char *const *jurisdictions;  /* n_jurisdictions GB/T 2260 codes */
    const char *const *regions;        /* n_regions market-region codes */
    const char *ruleset_sha256;        /* of the rule file, or NULL */
    const char *params;                /* JSON text of the planning options, or NULL ({}) */
} je_stagger_publish;

/* The canonical output and inputs described above (malloc'd, NUL-terminated; free()).
 * JE_EINVAL for a line without a code, an index out of range or a NULL argument;
 * JE_ENOMEM. Pure: no database. */
JE_API je_status je_stagger_run_canonical(const je_stagger_publish *pub, char **out_output,
                                          char **out_inputs, je_error *err);

/* Record the schedule as a run (engine "stagger", the rule file's and the canonical
 * inputs' and output's SHA-256, params). A schedule stops lines of every jurisdiction
 * it covers, so publishing it needs the right to write in each of them (the joint
 * office, or analysts of every side together via the local administrator): JE_EPERM
 * naming the first jurisdiction missing. *out_run_id the new run's id. */
JE_API je_status je_stagger_run_record(je_db *db, const je_stagger_publish *pub,
                                       int64_t *out_run_id, je_error *err);

/* One line's stop periods [start[k], end[k]] (day numbers, inclusive) as an
 * iCalendar file (RFC 5545) on fp: one all-day VEVENT per period (DTEND exclusive),
 * UID CODE-YYYYMMDD@jointenv so a re-import updates rather than duplicates, text
 * escaped and lines folded at 75 octets (UTF-8 sequences kept whole). `name` (the
 * line's name) goes in DESCRIPTION. */
JE_API void je_stagger_ics(FILE *fp, const char *code, const char *name, const int64_t *start,
                           const int64_t *end, size_t n);

/* The newest stagger run with its params, inputs and output (release with
 * je_run_clear). JE_ENOTFOUND with a message saying how to publish one when there is
 * none. */
JE_API je_status je_stagger_run_latest(je_db *db, je_run *out, je_error *err);

#ifdef __cplusplus
}
#endif

#endif
