/* river_internal.h — what the store's river files share (river_import.c,
 * river_reach.c, river_check.c, river_net.c, river_export.c). Nothing outside
 * src/store includes it. */
#ifndef JE_STORE_RIVER_INTERNAL_H
#define JE_STORE_RIVER_INTERNAL_H

#include "store/internal.h"

#include "jointenv/river_store.h"

/* The items a load or headwater carries, in the order of the v_<item> columns. */
enum { RV_COD, RV_CODMN, RV_NH3N, RV_TP, RV_BOD5, RV_DO, RV_NITEMS };
extern const char *const je_rv_item_code[RV_NITEMS];
extern const je_wq_item je_rv_item[RV_NITEMS];

/* Check the whole stored network after a write to reaches: every reach between known
 * nodes, no cycle, one connected piece, at most one downstream river reach per node,
 * every node on a reach, and every section and load within its reach's length. Each
 * problem is rejected into the batch (at `line` of the reach named when the file
 * gave it and `line_of` knows it, else at the file). Returns a fatal status only. */
typedef long (*je_rv_line_fn)(void *ctx, const char *reach_code);
je_status je_rv_check_network(je_batch *b, je_rv_line_fn line_of, void *ctx, je_error *err);

/* Build the stored network (no month) and let je_river_net_validate judge it; each
 * problem is rejected into the batch at the file. Returns a fatal status only. */
je_status je_rv_validate_stored(je_batch *b, je_error *err);

/* Reject at the file level (path only, or path:line when line > 0). */
je_status je_rv_reject_at(je_batch *b, long line, const char *field, const char *fmt, ...)
    JE_PRINTF(4, 5);

/* A month 'YYYY-MM' (1 ok). */
int je_rv_month_ok(const char *s);

/* Geodesic length (WGS-84, Karney) of a polyline of n points lon,lat (xy[2i],
 * xy[2i+1]) in km. */
double je_rv_polyline_km(const double *xy, size_t n);

#endif
