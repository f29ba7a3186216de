/* inspect_internal.h — what the inspection store files share (inspect_store.c,
 * inspect_draw.c, inspect_case.c). Nothing outside src/store includes it. */
#ifndef JE_STORE_INSPECT_INTERNAL_H
#define JE_STORE_INSPECT_INTERNAL_H

#include "jointenv/inspect.h"
#include "store/internal.h"

/* The inspectors (of one jurisdiction, NULL = all) by code; with check_read 0 the
 * actor's read rights are not applied (the draw needs the whole pool). free(). */
je_status je_inspect_load_inspectors(je_db *db, const char *jurisdiction, int check_read,
                                     je_inspector **out, size_t *out_n, je_error *err);

/* Begin an IMMEDIATE transaction; end one: COMMIT when st is JE_OK, else ROLLBACK.
 * Returns st or the COMMIT's failure. */
je_status je_inspect_begin(je_db *db, je_error *err);
je_status je_inspect_end(je_db *db, je_status st, je_error *err);

#endif
