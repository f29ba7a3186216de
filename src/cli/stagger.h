/* stagger.h (cli) — what the stagger commands share: the problem assembled from the
 * store and the planner's files (stagger_input.c). */
#ifndef JE_CLI_STAGGER_H
#define JE_CLI_STAGGER_H

#include "cli/air.h"
#include "cli/cli.h"
#include "jointenv/plume.h"
#include "jointenv/stagger.h"

#define STAGGER_MAX_JUR 8
/* A line belongs to the alert area of the nearest air-monitoring city within this. */
#define STAGGER_CITY_KM 60.0
/* Local days of the met file and schedules: both demo jurisdictions are +08:00. */
#define STAGGER_OFFSET_S (8 * 3600)

typedef struct stagger_opts {
    int64_t first_day;
    size_t n_days;
    const char *jurisdiction; /* lines of one side only, or NULL */
    const char *met;          /* hourly meteorology for the exposure weights, or NULL */
    const char *demand;       /* region,month,demand_t_d, or NULL */
    const char *transfers;    /* from,to,capacity_t_d: the transfer arcs, or NULL */
    const char *alerts;       /* city,date,aqi forecast, or NULL */
    const char *alert_rules;  /* the alert rule set for --alerts */
    int pollutant;            /* JE_PLANT_PM … for the weights */
} stagger_opts;

typedef struct stagger_input {
    je_plant *plants; /* n_lines, from the store, ordered by code */
    size_t n_lines;
    je_stagger_line *lines;
    char jur[STAGGER_MAX_JUR][16];
    size_t n_jur;
    char **region; /* market regions, code order */
    size_t n_regions;
    char **city; /* alert areas: air-monitoring cities */
    size_t n_cities;
    int64_t first_day;
    size_t n_days;
    double *weight;       /* n_lines × n_days */
    double *demand;       /* n_regions × n_days, or NULL */
    je_stagger_arc *arcs; /* n_arcs, or NULL (--transfers) */
    size_t n_arcs;
    uint8_t *alert; /* n_cities × n_days, or NULL */
    size_t days_without_met;
} stagger_input;

je_status stagger_input_load(cli *c, je_db *db, const stagger_opts *o, stagger_input *in,
                             je_diag *diag, je_error *err);
void stagger_input_free(stagger_input *in);
/* The problem over the input (pointers into it). */
void stagger_problem_of(const stagger_input *in, je_stagger_problem *p);

#endif
