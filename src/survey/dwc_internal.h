/* dwc_internal.h — inside the library: Darwin Core rows one at a time, with the CSV
 * reader and the column of each term, so that the store's import can check a row
 * against the database and reject it at the line and column of the field at fault.
 * Nothing outside src/ includes it. */
#ifndef JE_SURVEY_DWC_INTERNAL_H
#define JE_SURVEY_DWC_INTERNAL_H

#include "jointenv/survey.h"

/* The Darwin Core terms jointenv reads and writes, in the order written. */
enum {
    T_OCC_ID, T_EVENT, T_DATE, T_PROTOCOL, T_SIZE, T_LOCATION, T_LAT, T_LON, T_NAME, T_RANK,
    T_COUNT, T_BY, T_GEO, T_UNIT, T_LOCALITY, T_PARENT, T_NTERMS
};

/* The term's name ("eventDate"). */
const char *je_dwc_term_name(int t);

/* One well-formed row (o) of reader r, whose column of term t is col[t] (−1 when
 * absent). A status other than JE_OK stops the scan and is returned by it. */
typedef je_status (*je_dwc_row_fn)(void *ctx, je_csv *r, const int *col, const je_occurrence *o,
                                   je_error *err);

/* Read path (a Darwin Core CSV, or an archive when it ends in .zip) as je_dwc_read
 * does, handing each good row to fn; bad rows go to diag. */
je_status je_dwc_scan(const char *path, je_dwc_row_fn fn, void *ctx, je_diag *diag, je_error *err);

#endif
