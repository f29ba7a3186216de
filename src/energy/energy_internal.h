/* energy_internal.h — what the files of src/energy share: strict JSON reading helpers
 * for the factor, target, scenario and coal-target files. Nothing outside src/energy
 * includes it. */
#ifndef JE_ENERGY_INTERNAL_H
#define JE_ENERGY_INTERNAL_H

#include "jointenv/energy.h"

#include <jansson.h>

typedef struct jparser {
    const char *name; /* file name for messages */
    je_error *err;
} jparser;

/* Fill err with JE_EDATA "<path> <what>" at the file; returns JE_EDATA. */
je_status jp_fail(const jparser *p, const char *path, const char *fmt, ...) JE_PRINTF(3, 4);
/* path + "." + key into buf. */
void jp_join(char *buf, size_t size, const char *path, const char *key);
/* Every member of obj is in `known` (NULL-terminated) or is source, notes, confidence,
 * name or id (documentation, ignored). */
je_status jp_members(const jparser *p, json_t *obj, const char *path, const char *const *known);
/* Member `key` of obj: an object / a number in [lo, hi] / an integer / a string.
 * `optional` leaves *out alone when absent. */
je_status jp_object(const jparser *p, json_t *obj, const char *path, const char *key, int optional,
                    json_t **out);
je_status jp_number(const jparser *p, json_t *obj, const char *path, const char *key, double lo,
                    double hi, int optional, double *out);
je_status jp_int(const jparser *p, json_t *obj, const char *path, const char *key, int lo, int hi,
                 int optional, int *out);
je_status jp_string(const jparser *p, json_t *obj, const char *path, const char *key, int optional,
                    char *out, size_t size);
/* Parse text into a JSON object (JE_EDATA with line:column on a syntax error). */
je_status jp_parse_root(const jparser *p, const char *json, size_t len, json_t **out);
/* Read a whole file of at most 256 KiB into a malloc'd buffer. */
je_status jp_read_file(const char *path, char **out, size_t *out_len, je_error *err);

/* A growth path (array of {until, rate}) and a share path (array of {year, value}). */
je_status jp_growth(const jparser *p, json_t *v, const char *path, double lo, double hi,
                    je_growth_path *out);
je_status jp_share(const jparser *p, json_t *v, const char *path, const char *value_key, double lo,
                   double hi, je_share_path *out);

/* Accounting internals shared by the barometer and the pathway. */
void je_energy_totals_zero(je_energy_totals *t);
void je_energy_totals_add(je_energy_totals *t, const je_energy_totals *x);
/* Energy, GDP and population of one record, without CO2 (needs no grid factor). */
je_status je_energy_record_tce(const je_energy_activity *a, const je_energy_factors *f,
                               je_elec_basis basis, je_energy_totals *out, je_error *err);

#endif
