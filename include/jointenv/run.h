/*
 * jointenv/run.h — runs: the provenance of every published figure (ARCHITECTURE.md,
 * "Ownership, trust and provenance").
 *
 * A run records which engine (and version) computed a figure, from which rule file
 * (its SHA-256), from which inputs (a canonical serialisation and its SHA-256), with
 * which parameters (JSON), what came out (canonical output and its SHA-256), who and
 * when. Either side can recompute it from the shared data and compare the bytes.
 * Engine-specific verification lives with the engine's store code (for compensation:
 * je_comp_run_verify in compensation.h).
 *
 * Threading: as store.h (one je_db per thread).
 */
#ifndef JOINTENV_RUN_H
#define JOINTENV_RUN_H

#include "core.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct je_run {
    int64_t id;
    char engine[32];         /* "compensation" */
    char engine_version[32]; /* JE_VERSION of the library that computed it */
    char ruleset_sha256[65]; /* "" when the engine has no rule file */
    char input_sha256[65];
    char output_sha256[65];
    char actor[64];
    int64_t created_at; /* seconds since the epoch, UTC */
    char *params;       /* JSON text; malloc'd, NULL in lists */
    char *inputs;       /* canonical inputs; malloc'd, NULL in lists */
    char *output;       /* canonical output; malloc'd, NULL in lists */
} je_run;

/* What a new run records (all strings borrowed). */
typedef struct je_run_new {
    const char *engine;
    const char *ruleset_sha256; /* may be NULL */
    const char *input_sha256, *output_sha256;
    const char *params, *inputs, *output;
} je_run_new;

/* Insert a run with the library's version, the handle's actor and the time now,
 * and its audit entry (table "run", the run's id, "insert", the engine and the
 * rule-set, input and output hashes) — both or neither (a savepoint: inside the
 * caller's transaction when there is one, so a caller that writes the run's results
 * wraps all in one). */
JE_API je_status je_run_record(je_db *db, const je_run_new *r, int64_t *out_id, je_error *err);
/* Runs, newest first, without params/inputs/output. Free with free(). */
JE_API je_status je_run_list(je_db *db, je_run **out, size_t *out_n, je_error *err);
/* One run with params, inputs and output; JE_ENOTFOUND when there is none. Release
 * its strings with je_run_clear. */
JE_API je_status je_run_get(je_db *db, int64_t id, je_run *out, je_error *err);
JE_API void je_run_clear(je_run *r);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_RUN_H */
