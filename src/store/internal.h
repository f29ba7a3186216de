/* internal.h — what the store's files share. Nothing outside src/store includes it. */
#ifndef JE_STORE_INTERNAL_H
#define JE_STORE_INTERNAL_H

#include "jointenv/governance.h"
#include "jointenv/store.h"

#include <sqlite3.h>

struct je_db {
    sqlite3 *db;
    char actor[64]; /* who.user, or the local admin's label */
    je_gov_actor who;
    char path[JE_ERROR_PATH_MAX];
    sqlite3_stmt *generation; /* je_db_generation's query, prepared on first use */
};

/* Fill err from the connection's last error; returns JE_EDB (or JE_ECONFLICT for a
 * constraint, JE_EIO for disk problems). `what` says what was being done. */
je_status je_db_fail(je_db *db, je_error *err, const char *what);
/* Execute SQL without results. */
je_status je_db_exec(je_db *db, const char *sql, je_error *err);
/* Run a prepared and bound SELECT, reading each row into a record of `size` bytes with
 * `read`, into a malloc'd array (*out, *out_n; NULL and 0 when no row). Finalizes s.
 * `what` names the query in errors ("listing clinker lines"). */
typedef void (*je_row_reader)(sqlite3_stmt *s, void *record);
je_status je_db_collect(je_db *db, sqlite3_stmt *s, size_t size, je_row_reader read,
                        const char *what, void **out, size_t *out_n, je_error *err);
/* Text column `col` into dst (NUL-terminated, cut to size; "" for NULL). */
void je_db_copy_text(char *dst, size_t size, sqlite3_stmt *s, int col);

/* Prepare n statements (all[i] from sql[i]; every slot NULL first). 1 when all are
 * prepared; 0 otherwise (finalize them all anyway). */
int je_db_prepare_all(je_db *db, const char *const *sql, sqlite3_stmt **all, size_t n);
void je_db_finalize_all(sqlite3_stmt **all, size_t n);

/* Seconds since the epoch, now. */
int64_t je_db_now(void);

/* The audit log (audit.c): append one entry chained to the previous one. */
je_status je_audit_append(je_db *db, const char *jurisdiction, const char *tbl,
                          const char *record_key, const char *action, const char *before,
                          const char *after, je_error *err);

/* Governance (src/store/gov_user.c, audit_log.c). */
/* je_gov_may for the handle's actor. */
je_status je_db_may(je_db *db, je_gov_action action, const char *owner, int is_public,
                    const char *what, je_error *err);
/* What the actor may read beyond public records: *all 1 (the local admin, any joint
 * office role), else `list` = ",510000,500000," of the jurisdictions it holds roles
 * in (",," for none). For queries: public = 1 OR ?all = 1 OR instr(?list, ',' ||
 * owner || ','). */
void je_db_readable(je_db *db, int *all, char *list, size_t size);
/* The row selected by `sql` (one parameter ?1 = key) as a JSON object (column name →
 * value; blobs as hex), malloc'd into *out; *out NULL when there is no row. */
je_status je_audit_snapshot(je_db *db, const char *sql, const char *key, char **out, je_error *err);
/* Append one record's entry: `before` as taken with je_audit_snapshot before the
 * write (or NULL), `after` taken now with `sql` (NULL for a delete). */
je_status je_audit_record(je_db *db, const char *jurisdiction, const char *tbl, const char *key,
                          const char *action, const char *before, const char *sql, je_error *err);
/* Observation batches: the extent each site's rows took (written with the batch) and
 * the BLAKE2b-256 (hex) of the batch's rows in `tbl` (site column `site_key`, time
 * column `time_key`), as je_audit_verify recomputes it; *out_rows the row count. */
/* The content hash: BLAKE2b-256 over, for each site in id order, u64(site id) and
 * the BLAKE2b-256 of that site's rows in time order (each column: SQLite type byte,
 * then the value). je_batch_content_site adds one site's digest to the outer hash. */
void je_batch_content_site(void *outer_state, int64_t site_id, const unsigned char digest[32]);
je_status je_batch_content_hash(je_db *db, int64_t batch_id, const char *tbl, const char *site_key,
                                const char *time_key, char hex[65], int64_t *out_rows,
                                je_error *err);

/* Import batches (batch.c): the shared frame of every import — hashing the file
 * while it is read, the transaction, the batch row and its audit entry. */
typedef struct je_batch {
    je_db *db;
    const je_import_opts *opts;
    je_import_opts defaults;
    je_import_report *rep;
    je_sha256 sha;
    je_csv *csv;
    int64_t id;
    const char *kind;
    const char *path;
    /* Observation imports (obs_import.c) set these: the batch's audit entry then
       carries the content hash of its rows, and the batches whose rows it replaced
       get theirs recomputed (a logged update). */
    const char *obs_table, *obs_site_key, *obs_time_key;
    char content[65]; /* the content hash when the importer computed it ("" = re-read) */
    int64_t content_rows;
    int64_t *replaced;
    size_t n_replaced, cap_replaced;
    /* Owners whose records the actor was found to may write values of in this batch
       (je_owner_check): one query per row, one permission decision per owner. */
    char may_owner[8][16];
    size_t n_may_owner;
} je_batch;

/* Remember that this batch replaced rows of batch `old` (obs_import.c). 0 on ENOMEM. */
int je_batch_replaced(je_batch *b, int64_t old);

je_status je_batch_begin(je_batch *b, je_db *db, const char *kind, const char *path,
                         const je_import_opts *opts, je_import_report *rep, je_error *err);
/* Read the header: idx[i] = column of known[i] or -1. A missing required column
 * (bit i of `required`) or a column not in `known` is rejected; returns JE_EDATA
 * then (the caller stops reading and ends the batch). */
je_status je_batch_header(je_batch *b, const char *const *known, size_t n, uint64_t required,
                          int *idx, je_error *err);
/* Next well-formed row; malformed rows (CSV syntax, field count, UTF-8) are rejected
 * and skipped. Returns JE_OK, or a fatal status (I/O, memory). */
je_status je_batch_next(je_batch *b, int *out_has_row, je_error *err);
/* Record a bad row (a copy of e) in the report. Returns JE_OK or JE_ENOMEM. */
je_status je_batch_reject(je_batch *b, const je_error *e);
/* One row of a coded-record import (sections' kin: stations, plants, receptors): the
 * batch, the column of each known field (from je_batch_header), the names of those
 * fields, and how many problems the row had. */
typedef struct je_row {
    je_batch *b;
    const int *c;
    const char *const *cols;
    int bad;
    int nomem;
} je_row;

/* Reject the row at known field `field` with a printf-style reason (line:column of
 * that field); counts it in r->bad; r->nomem on out of memory. */
void je_row_reject(je_row *r, int field, const char *fmt, ...) JE_PRINTF(3, 4);
/* The text of known field `field` in the current row ("" when the column is absent). */
const char *je_row_field(const je_row *r, int field);

/* Whether the record whose code is field `col` exists: `get` selects the record's
 * batch_id by code (?1). 1 exists (and opts->replace allows updating it), 0 new, -1
 * after rejecting the row: the code is twice in this file (its batch is this one), or
 * it exists and there is no --replace. `what` names the record in messages. */
int je_row_exists(sqlite3_stmt *get, je_row *r, int col, const char *what);

/* Before writing registry record `code` of table `tbl` (a `code` column; `word`
 * names it in messages: "section"): may the actor do `action` to a record owned by
 * new_owner — and, when the record exists, by its present owner (column owner_col;
 * NULL: no owner column)? *before receives its JSON snapshot (NULL when new; free it,
 * or hand it to je_record_log). JE_EPERM with the message for a refusal. */
je_status je_record_check(je_batch *b, je_gov_action action, const char *tbl, const char *word,
                          const char *owner_col, const char *code, const char *new_owner,
                          char **before, je_error *err);
/* After the write: the record's audit entry (insert, or update when `before`), its
 * jurisdiction `owner`. Frees before. */
je_status je_record_log(je_batch *b, const char *tbl, const char *code, const char *owner,
                        char *before, je_error *err);
/* A registry record's whole write: je_record_check (write), then the INSERT or
 * UPDATE `w` the caller has bound (exists says which, for the report's counts), then
 * je_record_log. `doing` names the import in a failure ("importing clinker lines"). */
je_status je_record_put(je_batch *b, sqlite3_stmt *w, int exists, const char *tbl,
                        const char *word, const char *owner_col, const char *code,
                        const char *owner, const char *doing, je_error *err);

/* Before writing values that belong to record `code` of table `tbl` (a river
 * reach's monthly conditions, a load's values, a section's flows): may the actor
 * write records owned by that record's owner (column owner_col)? `word` names the
 * record in the message ("reach"). A code not found is JE_OK (the caller rejects the
 * row as unknown). JE_EPERM with the message for a refusal. */
je_status je_owner_check(je_batch *b, const char *tbl, const char *owner_col, const char *word,
                         const char *code, je_error *err);

/* Commit when there were no errors and not a dry run, else roll back. Returns
 * JE_EDATA when rows were rejected, the status of a failure, or JE_OK. */
je_status je_batch_end(je_batch *b, je_status st, je_error *err);

#endif
