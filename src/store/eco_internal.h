/* eco_internal.h — what the issue-9 stores (survey_store.c, waste_store.c,
 * conserve_store.c) share: jurisdiction lookups, permission on bulk rows, the
 * batch extent of bulk rows, numbers from fields. Nothing outside src/store includes it. */
#ifndef JE_STORE_ECO_INTERNAL_H
#define JE_STORE_ECO_INTERNAL_H

#include "store/internal.h"

/* 1 when jurisdiction `code` is stored (-1 on a database error). */
int eco_jur_exists(je_db *db, const char *code);
/* Reject field `field` of row r when its jurisdiction is empty or not stored. 1 when good. */
int eco_check_jur(je_row *r, int field);
/* May the actor write bulk rows owned by `owner`? JE_EPERM at the row's line and
 * column of `field` otherwise (a refusal stops the import: nothing is written). */
je_status eco_may_write(je_row *r, int field, const char *owner, const char *what, je_error *err);
/* After the rows are written: the batch's extent in `tbl` (site column site_col, time
 * = row id), so its content hash can be recomputed; and the batch marked as a bulk
 * one (b->obs_*). */
je_status eco_extent(je_batch *b, const char *tbl, const char *site_col, je_error *err);
void eco_bulk(je_batch *b, const char *tbl, const char *site_col);
/* A number from field `field` into *out: within [lo, hi], whole when `whole`; empty
 * gives NAN when `empty_ok`, else a rejection. 1 when good. */
int eco_num(je_row *r, int field, double lo, double hi, int whole, int empty_ok, double *out);
/* Field `field` no longer than max bytes (and not empty when `required`). 1 when good. */
int eco_len(je_row *r, int field, size_t max, int required);
/* A year ("YYYY") or year-month ("YYYY-MM") from 1900 to 2200. 1 when good. */
int eco_year_month(const char *s, int *year, int *month);
/* Bind text, or NULL when s is empty. */
void eco_bind_opt(sqlite3_stmt *s, int i, const char *text);
/* Bind a double, or NULL for NAN. */
void eco_bind_num(sqlite3_stmt *s, int i, double v);
/* Column as double, NAN for NULL. */
double eco_col_num(sqlite3_stmt *s, int i);

#endif
