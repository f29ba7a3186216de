/*
 * jointenv/enterprise.h — one identity per enterprise across the registries (issue 8).
 *
 * An enterprise is known by its unified social credit code (统一社会信用代码, USCC),
 * GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》. The cement clinker lines
 * (plants), the coal power units and the cleaner-production audits point to it through
 * a nullable enterprise code, so `enterprise show` can list everything the registries
 * know about one enterprise. Per-enterprise energy activity rows (energy.h, the
 * `enterprise` column of energy-activity) are matched by the same code.
 *
 * Threading: the code checks are pure and re-entrant; the store functions follow
 * store.h (one je_db per thread).
 */
#ifndef JOINTENV_ENTERPRISE_H
#define JOINTENV_ENTERPRISE_H

#include "core.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * The unified social credit code, GB 32100-2015.
 *
 * 18 characters from the code set 0-9 A-H J-N P-R T U W-Y (31 characters: the
 * letters I, O, S, V and Z are not used), in five parts (GB 32100-2015 clause 4):
 *   1      registration authority (登记管理部门代码), e.g. 9 industry and commerce
 *   2      kind of organisation (机构类别代码), e.g. 1 enterprise
 *   3-8    administrative division of the registering authority (GB/T 2260), digits
 *   9-17   the body identifier (主体标识码: the GB 11714 organisation code)
 *   18     the check character:
 *            C18 = 31 − MOD(Σ_{i=1..17} Ci × Wi, 31),  Wi = 3^(i−1) mod 31
 *          (weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28), where Ci is a
 *          character's value in the code set (0-9 → 0-9, A → 10 … Y → 30) and a
 *          result of 31 is written 0.
 * ------------------------------------------------------------------------- */

#define JE_USCC_LEN 18

/* The check character of the 17 characters at `first17` (upper case, from the code
 * set) into *out. JE_EINVAL, naming the position, when a character is not in the set. */
JE_API je_status je_uscc_check_char(const char *first17, char *out, je_error *err);

/* Whether `code` is a valid USCC: 18 characters of the code set, positions 3-8
 * digits, and the check character right. JE_OK, or JE_EDATA with a message a user
 * can act on: the length, the position (1-based) and character that is not allowed
 * (lower case is not accepted: the standard's code is upper case), or "check
 * character is X, expected Y". */
JE_API je_status je_uscc_check(const char *code, je_error *err);

/* ---------------------------------------------------------------------------
 * The registry.
 * ------------------------------------------------------------------------- */

typedef struct je_enterprise {
    char code[JE_USCC_LEN + 1];
    char name_zh[128];
    char name_en[128];
    char jurisdiction[16];         /* the owning jurisdiction (GB/T 2260 code) */
    char district[64];             /* "" when not given */
    char sector[32];               /* a free code: cement, power, chemicals … */
    int lines, coal_units, audits; /* how many records of each registry point to it */
} je_enterprise;

/* Import enterprises: CSV code,name_zh,name_en,jurisdiction,district,sector (district
 * may be empty; name_en may be empty). The code must pass je_uscc_check; the
 * jurisdiction must be imported. Every row is permission-checked (write in its
 * jurisdiction; on --replace also in the present owner's) and audit-logged.
 * All or nothing, errors at path:line:column (store.h's import contract). */
JE_API je_status je_import_enterprises(je_db *db, const char *path, const je_import_opts *opts,
                                       je_import_report *rep, je_error *err);

/* Import links from registry records to enterprises: CSV registry,code,enterprise_code
 * with registry `clinker-line` (a line of the plants registry), `coal-unit` or
 * `cp-audit` (an audit, by its enterprise key), code the record's code, and
 * enterprise_code a stored enterprise (empty removes the link). The record must exist;
 * an existing link is changed only with opts->replace. Each change is permission-
 * checked against the record's owner and logged as an update of that record. All or
 * nothing. */
JE_API je_status je_import_enterprise_links(je_db *db, const char *path, const je_import_opts *opts,
                                            je_import_report *rep, je_error *err);

/* Enterprises (of one jurisdiction, or all when NULL), by code, with the counts of
 * linked records. *out malloc'd (free()); NULL and 0 when none. */
JE_API je_status je_store_enterprises(je_db *db, const char *jurisdiction, je_enterprise **out,
                                      size_t *out_n, je_error *err);
/* One enterprise; JE_ENOTFOUND ("no enterprise CODE (import it: ...)") when unknown. */
JE_API je_status je_store_enterprise_get(je_db *db, const char *code, je_enterprise *out,
                                         je_error *err);

/* One thing a registry knows about an enterprise. */
typedef enum {
    JE_ENT_CLINKER_LINE = 0, /* code: the line; detail: plant, capacity t/d, grade */
    JE_ENT_COAL_UNIT,        /* code: the unit; detail: plant, MW, commissioned, status */
    JE_ENT_CP_AUDIT,         /* code: the audit's key; detail: kind, stage, since */
    JE_ENT_CP_OPTION,        /* code: audit/no; detail: class, status, investment, tce */
    JE_ENT_ENERGY            /* code: year and item; detail: quantity in the base unit */
} je_ent_kind;
JE_API const char *je_ent_kind_name(je_ent_kind k); /* "clinker-line", "coal-unit" … */

typedef struct je_ent_record {
    je_ent_kind kind;
    char code[64];
    char name[128];
    char jurisdiction[16];
    char detail[192];
} je_ent_record;

/* Everything the registries hold for enterprise `code`: its clinker lines, coal units,
 * audit and the audit's options, and its per-enterprise energy activity (rows whose
 * enterprise is the code), in that order. *out malloc'd (free()). JE_ENOTFOUND when
 * the enterprise is unknown. */
JE_API je_status je_store_enterprise_records(je_db *db, const char *code, je_ent_record **out,
                                             size_t *out_n, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_ENTERPRISE_H */
