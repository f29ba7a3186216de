/*
 * jurisdiction.c — jurisdictions (GB/T 2260 administrative codes) and their UTC
 * offsets: import and listing.
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

enum { J_CODE, J_NAME_ZH, J_NAME_EN, J_OFFSET, J_NCOLS };
static const char *const j_cols[J_NCOLS] = {"code", "name_zh", "name_en", "utc_offset"};

static int is_admin_code(const char *s)
{
    /* GB/T 2260: six digits. */
    if (strlen(s) != 6)
        return 0;
    for (int i = 0; i < 6; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

je_status je_import_jurisdictions(je_db *db, const char *path, const je_import_opts *opts,
                                  je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "jurisdictions", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[J_NCOLS];
    sqlite3_stmt *ins = NULL;
    if ((st = je_batch_header(&b, j_cols, J_NCOLS, 0xF, c, err)) != JE_OK)
        goto end;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT INTO jurisdiction(code, name_zh, name_en, utc_offset_s)"
                           " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(code) DO UPDATE SET"
                           " name_zh = ?2, name_en = ?3, utc_offset_s = ?4"
                           " WHERE ?5 = 1",
                           -1, &ins, NULL) != SQLITE_OK) {
        st = je_db_fail(db, err, "importing jurisdictions");
        goto end;
    }
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_error e;
        int bad = 0;
        const char *code = je_csv_field(b.csv, (size_t)c[J_CODE]);
        int32_t off = 0;
        if (!is_admin_code(code)) {
            je_csv_error(b.csv, (size_t)c[J_CODE], &e,
                         "invalid jurisdiction code '%s' (a six-digit GB/T 2260 code)", code);
            bad = je_batch_reject(&b, &e) == JE_OK ? 1 : -1;
        }
        for (int k = J_NAME_ZH; k <= J_NAME_EN; k++) {
            if (je_csv_field_len(b.csv, (size_t)c[k]) == 0) {
                je_csv_error(b.csv, (size_t)c[k], &e, "empty %s", j_cols[k]);
                bad = je_batch_reject(&b, &e) == JE_OK ? 1 : -1;
            }
        }
        je_error why;
        if (je_time_parse_offset(je_csv_field(b.csv, (size_t)c[J_OFFSET]), &off, &why) != JE_OK) {
            je_csv_error(b.csv, (size_t)c[J_OFFSET], &e, "%s", why.message);
            bad = je_batch_reject(&b, &e) == JE_OK ? 1 : -1;
        }
        if (bad < 0) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (bad)
            continue;
        /* The list of members belongs to the joint office. */
        char *before_json = NULL;
        if ((st = je_record_check(&b, JE_GOV_ADMIN, "jurisdiction", "jurisdiction", NULL, code,
                                  JE_GOV_JOINT, &before_json, err)) != JE_OK)
            break;
        sqlite3_bind_text(ins, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, je_csv_field(b.csv, (size_t)c[J_NAME_ZH]), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, je_csv_field(b.csv, (size_t)c[J_NAME_EN]), -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 4, off);
        sqlite3_bind_int(ins, 5, b.opts->replace ? 1 : 0);
        int before = sqlite3_total_changes(db->db);
        int rc = sqlite3_step(ins);
        sqlite3_reset(ins);
        if (rc != SQLITE_DONE) {
            free(before_json);
            st = je_db_fail(db, err, "importing jurisdictions");
            break;
        }
        if (sqlite3_total_changes(db->db) == before) {
            free(before_json);
            je_csv_error(b.csv, (size_t)c[J_CODE], &e,
                         "jurisdiction %s already exists (use --replace to update it)", code);
            if (je_batch_reject(&b, &e) != JE_OK) {
                st = je_error_set(err, JE_ENOMEM, "out of memory");
                break;
            }
        } else {
            if ((st = je_record_log(&b, "jurisdiction", code, code, before_json, err)) != JE_OK)
                break;
            rep->inserted++;
        }
    }
end:
    sqlite3_finalize(ins);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

je_status je_store_jurisdictions(je_db *db, je_jurisdiction **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT code, name_zh, name_en, utc_offset_s FROM jurisdiction"
                           " ORDER BY code",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing jurisdictions");
    size_t n = 0, cap = 0;
    je_jurisdiction *v = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            je_jurisdiction *nv = realloc(v, cap * sizeof *v);
            if (nv == NULL) {
                free(v);
                sqlite3_finalize(s);
                return je_error_set(err, JE_ENOMEM, "out of memory");
            }
            v = nv;
        }
        je_jurisdiction *j = &v[n++];
        memset(j, 0, sizeof *j);
        strncpy(j->code, (const char *)sqlite3_column_text(s, 0), sizeof j->code - 1);
        strncpy(j->name_zh, (const char *)sqlite3_column_text(s, 1), sizeof j->name_zh - 1);
        strncpy(j->name_en, (const char *)sqlite3_column_text(s, 2), sizeof j->name_en - 1);
        j->utc_offset_s = sqlite3_column_int(s, 3);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(v);
        return je_db_fail(db, err, "listing jurisdictions");
    }
    *out = v;
    *out_n = n;
    return JE_OK;
}
