/*
 * jointenv/governance.h — who may do what to whose records, and the proof that
 * nothing was changed behind anyone's back.
 *
 * Identity. A user (app_user) has a name, a display name, optionally a password
 * (Argon2id through libsodium's crypto_pwhash_str with the INTERACTIVE limits:
 * 64 MiB, 2 passes, about 0.1 s — every CLI command logs in once, so a login must
 * stay well under a second; scripts and CI use tokens, which cost nothing to check)
 * and roles held per jurisdiction: viewer, analyst, inspector, admin, in a GB/T 2260
 * jurisdiction ("510000") or in the joint office (JE_GOV_JOINT, "joint").
 * API tokens are 32 random bytes (randombytes_buf), shown once as text
 * "jet_<43 base64url characters>", stored only as their BLAKE2b-256; they expire,
 * can be revoked, and remember when they were last used.
 *
 * The local administrator. A handle from je_db_open acts as the local administrator
 * ("local-admin"), who may do everything: whoever can open the database file can
 * already change any byte of it, so the file's permissions are the boundary for
 * local use. The CLI keeps that only for the OS user who owns the file (see
 * docs/governance.md); a server must log every request in (je_gov_login_*), and a
 * caller that wants the public view calls je_gov_logout.
 *
 * Authorisation (je_gov_may) is a pure function of the actor's roles and the
 * record's owner and public flag:
 *   read     public records: anyone; others: any role in the owner or the joint office
 *   write    analyst or admin in the owner jurisdiction (joint records: in "joint")
 *   inspect  inspector or admin in the owner (inspection records of later tasks)
 *   admin    admin in the owner (roles in that jurisdiction, its signing key)
 * The store calls it for every write (registry records per record; bulk observation
 * imports once per distinct section or station of the file) and refuses with
 * JE_EPERM and a message naming the user, their roles, the record and its owner.
 *
 * Audit log. Every write through the store appends to the hash-chained audit_log
 * (store.h); je_audit_entry_hash defines the chain. Registry records are logged per
 * record with their JSON before and after; bulk observations per import batch, with
 * a BLAKE2b-256 content hash over the rows the batch wrote, so that an altered
 * observation row is found by je_audit_verify. Bundles: an Ed25519-signed export of
 * the log that the other side verifies without access to this database.
 *
 * Threading: as store.h (one handle per thread). Everything here is re-entrant.
 * Memory: arrays returned through out pointers are malloc'd; free them as each
 * function says.
 */
#ifndef JOINTENV_GOVERNANCE_H
#define JOINTENV_GOVERNANCE_H

#include "core.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JE_GOV_JOINT "joint" /* the joint office, a pseudo-jurisdiction */
#define JE_GOV_LOCAL_ADMIN "local-admin"
#define JE_GOV_MAX_GRANTS 16  /* roles one user holds; more are ignored at login */
#define JE_GOV_TOKEN_CHARS 48 /* "jet_" + 43 base64url characters + NUL */
#define JE_GOV_PWHASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define JE_GOV_HASH_BYTES 32  /* BLAKE2b-256 of the audit chain */

typedef enum {
    JE_ROLE_VIEWER,
    JE_ROLE_ANALYST,
    JE_ROLE_INSPECTOR,
    JE_ROLE_ADMIN,
    JE_ROLE_COUNT
} je_gov_role;

typedef enum { JE_GOV_READ, JE_GOV_WRITE, JE_GOV_INSPECT, JE_GOV_ADMIN } je_gov_action;

typedef struct je_gov_grant {
    char jurisdiction[16]; /* "510000" or "joint" */
    je_gov_role role;
} je_gov_grant;

/* Who acts on a handle. */
typedef struct je_gov_actor {
    char user[64];    /* "" = anonymous (public records only) */
    int local_admin;  /* 1: may do everything */
    int64_t token_id; /* the token used to log in, 0 for a password or local */
    size_t n_grants;
    je_gov_grant grants[JE_GOV_MAX_GRANTS];
} je_gov_actor;

/* "viewer", "analyst", "inspector", "admin"; "?" out of range. */
JE_API const char *je_gov_role_name(je_gov_role r);
/* Parse a role name; JE_EINVAL naming the four roles otherwise. */
JE_API je_status je_gov_role_parse(const char *name, je_gov_role *out, je_error *err);
/* "read", "write", "inspect", "admin". */
JE_API const char *je_gov_action_name(je_gov_action a);

/* May `a` perform `action` on a record owned by `owner` (a jurisdiction code or
 * "joint"; NULL = a record of no jurisdiction, e.g. a user: then only an admin in
 * some jurisdiction, or the local admin, may write it) whose public flag is
 * `is_public`? `what` names the record in the message ("section SC-01"). JE_OK, or
 * JE_EPERM with a message such as
 *   user 'li' (analyst 500000) may not write section SC-01 owned by 510000; ask a
 *   510000 analyst or admin
 * Pure: no database access. */
JE_API je_status je_gov_may(const je_gov_actor *a, je_gov_action action, const char *owner,
                            int is_public, const char *what, je_error *err);
/* "analyst 500000, viewer joint" (or "local administrator", "anonymous") into buf. */
JE_API const char *je_gov_describe(const je_gov_actor *a, char *buf, size_t size);

/* ---------------------------------------------------------------------------
 * Secrets (pure; libsodium).
 * ------------------------------------------------------------------------- */
/* Argon2id hash string of `password` (crypto_pwhash_str, interactive limits) into
 * out (NUL-terminated). JE_ENOMEM when the 64 MiB cannot be had; JE_EINVAL for an
 * empty password or one over 1024 bytes. */
JE_API je_status je_gov_password_hash(const char *password, char out[JE_GOV_PWHASH_MAX],
                                      je_error *err);
/* 1 when `password` matches `hash` (constant time), else 0. */
JE_API int je_gov_password_check(const char *hash, const char *password);
/* A new token: text (shown once) and the BLAKE2b-256 of its 32 secret bytes. */
JE_API void je_gov_token_new(char text[JE_GOV_TOKEN_CHARS], unsigned char hash[32]);
/* The hash of a token's text; JE_EINVAL when it is not a jointenv token. */
JE_API je_status je_gov_token_hash(const char *text, unsigned char hash[32], je_error *err);

/* ---------------------------------------------------------------------------
 * Users, roles, tokens (stored; every change is written to the audit log).
 * ------------------------------------------------------------------------- */
/* Add a user. password NULL: no password login (tokens only). Needs the local admin
 * or an admin role somewhere. JE_ECONFLICT if the name exists; JE_EINVAL for a name
 * other than 1-63 of A-Z a-z 0-9 . _ - */
JE_API je_status je_gov_user_add(je_db *db, const char *name, const char *display_name,
                                 const char *password, je_error *err);
/* Set (or with NULL remove) a user's password: the user themself, the local admin,
 * or an admin in every jurisdiction the user holds a role in. */
JE_API je_status je_gov_user_passwd(je_db *db, const char *name, const char *password,
                                    je_error *err);

typedef struct je_gov_user {
    char name[64];
    char display_name[128];
    int has_password;
    int disabled;
    int64_t created_at;
    char roles[512]; /* "analyst 510000, viewer joint" */
} je_gov_user;
/* All users by name. Free *out with free(). Any logged-in user may list them. */
JE_API je_status je_gov_users(je_db *db, je_gov_user **out, size_t *out_n, je_error *err);

/* Grant / revoke a role in a jurisdiction (a stored jurisdiction code or "joint"):
 * needs admin in that jurisdiction (or the local admin). Granting a role held
 * already is JE_OK; revoking one not held is JE_ENOTFOUND. */
JE_API je_status je_gov_role_grant(je_db *db, const char *user, const char *jurisdiction,
                                   je_gov_role role, je_error *err);
JE_API je_status je_gov_role_revoke(je_db *db, const char *user, const char *jurisdiction,
                                    je_gov_role role, je_error *err);

/* A token for `user` (the user themself or the local admin) that expires at
 * `expires_at` (seconds since the epoch; 0 = never). The text is written to
 * out_text once and never stored. */
JE_API je_status je_gov_token_create(je_db *db, const char *user, const char *label,
                                     int64_t expires_at, char out_text[JE_GOV_TOKEN_CHARS],
                                     int64_t *out_id, je_error *err);
typedef struct je_gov_token {
    int64_t id;
    char user[64];
    char label[64];
    int64_t created_at, expires_at, revoked_at, last_used_at; /* 0 = none */
} je_gov_token;
/* Tokens of `user` (NULL = all: local admin only; others see their own). */
JE_API je_status je_gov_tokens(je_db *db, const char *user, je_gov_token **out, size_t *out_n,
                               je_error *err);
/* Revoke a token: its user or the local admin. JE_ENOTFOUND for an unknown id. */
JE_API je_status je_gov_token_revoke(je_db *db, int64_t id, je_error *err);

/* Log in: from now on the handle acts as this user with their roles. A wrong user
 * or password is one message (JE_EPERM "wrong user name or password") so that it
 * tells nothing about which was wrong; a disabled user is refused. */
JE_API je_status je_gov_login_password(je_db *db, const char *user, const char *password,
                                       je_error *err);
/* Log in with a token: JE_EPERM for an unknown, expired or revoked token (saying
 * which, except for unknown). Updates its last-used time (to the minute: at
 * most one write a minute per token). */
JE_API je_status je_gov_login_token(je_db *db, const char *token, je_error *err);
/* Act as nobody: only public records may be read, nothing written. */
JE_API void je_gov_logout(je_db *db);
/* Act as the local administrator again (the state after je_db_open). */
JE_API void je_gov_act_local_admin(je_db *db);
/* Who acts on the handle (owned by the handle). */
JE_API const je_gov_actor *je_gov_whoami(je_db *db);

/* Records with a public flag (readable without login when set; new records are
 * public). Lists (je_store_sections, je_store_air_stations) leave out the non-public
 * records the actor may not read. */
typedef enum { JE_GOV_SECTION, JE_GOV_AIR_STATION } je_gov_record;
/* Set a record's public flag: needs write on its owner; logged. JE_ENOTFOUND for an
 * unknown code. */
JE_API je_status je_gov_set_public(je_db *db, je_gov_record kind, const char *code, int is_public,
                                   je_error *err);

/* ---------------------------------------------------------------------------
 * The audit log.
 * ------------------------------------------------------------------------- */
/* The chain: hash(n) = BLAKE2b-256(prev || u64(seq) || u64(at) || T(actor) ||
 * T(jurisdiction) || T(tbl) || T(record_key) || T(action) || T(before) || T(after))
 * where prev is hash(n-1) (32 zero bytes for seq 1), u64 is 8 bytes little-endian,
 * and T(s) is u64(strlen(s)) followed by the bytes of s, or u64(2^64-1) for NULL. */
JE_API void je_audit_entry_hash(const unsigned char prev[32], int64_t seq, int64_t at,
                                const char *actor, const char *jurisdiction, const char *tbl,
                                const char *record_key, const char *action, const char *before,
                                const char *after, unsigned char out[32]);

typedef struct je_audit_entry {
    int64_t seq, at;
    char actor[64];
    char jurisdiction[16]; /* "" for none */
    char tbl[32];
    char record_key[128];
    char action[16];      /* insert, update, delete, import */
    char *before, *after; /* JSON text or NULL */
    unsigned char prev_hash[32], hash[32];
} je_audit_entry;

/* Entries with seq >= from_seq, of table `tbl` and record `key` when not NULL, in
 * order. Free with je_audit_entries_free. */
JE_API je_status je_audit_entries(je_db *db, const char *tbl, const char *key, int64_t from_seq,
                                  je_audit_entry **out, size_t *out_n, je_error *err);
JE_API void je_audit_entries_free(je_audit_entry *e, size_t n);

typedef struct je_audit_report {
    int ok;            /* 1: chain and batch contents intact */
    int64_t entries;   /* entries walked */
    int64_t batches;   /* observation batches whose rows were re-hashed */
    int64_t bad_seq;   /* the first broken entry (0 when the problem is not one entry) */
    char problem[512]; /* what is wrong, for a person */
} je_audit_report;
/* Walk the whole chain from seq 1: a gap in seq (an entry deleted), a prev_hash
 * that is not the previous entry's hash (inserted or reordered), a hash that does
 * not match the entry (edited); then recompute each observation batch's content
 * hash and compare the row count of each observation table with what the batches
 * wrote. Returns JE_OK with rep->ok 0 and the first problem when broken; an error
 * status only when the check itself could not run. */
JE_API je_status je_audit_verify(je_db *db, je_audit_report *rep, je_error *err);

/* Ed25519 key pair for signing bundles (pure). */
JE_API void je_audit_keygen(unsigned char pk[32], unsigned char sk[64]);
/* Register a jurisdiction's public key (admin in that jurisdiction, or local). A
 * key registered before is replaced (logged). */
JE_API je_status je_audit_key_register(je_db *db, const char *jurisdiction,
                                       const unsigned char pk[32], je_error *err);
/* The signed bundle of entries seq >= from_seq (JSON lines; docs/governance.md):
 *   {"format":"jointenv-audit-bundle/1","signer":J,"from_seq":..,"to_seq":..,
 *    "prev_hash":hex,"head_hash":hex,"entries":n,"exported_at":t}
 *   one line per entry: {"seq","at","actor","jurisdiction","tbl","record_key",
 *    "action","before","after","prev_hash","hash"}
 *   {"signature":hex}  Ed25519 over every byte before this line.
 * The signer is the jurisdiction whose registered public key matches sk. *out is
 * malloc'd (free()). */
JE_API je_status je_audit_export(je_db *db, int64_t from_seq, const unsigned char sk[64],
                                 char **out, size_t *out_len, je_error *err);

typedef struct je_bundle_info {
    char signer[16];
    int64_t from_seq, to_seq, entries;
    char head_hash[65];
} je_bundle_info;
/* Check a bundle (pure): the signature by pk over its bytes, then the chain inside
 * it (each entry's hash recomputed, each prev_hash the hash before). JE_EDATA with
 * the reason (bad signature, malformed, broken chain at seq N). */
JE_API je_status je_audit_verify_bundle(const char *text, size_t len, const unsigned char pk[32],
                                        je_bundle_info *info, je_error *err);

/* Hex helpers for keys: n bytes into 2n+1 chars; parse exactly n bytes (JE_EINVAL). */
JE_API void je_gov_hex(const unsigned char *bytes, size_t n, char *out);
JE_API je_status je_gov_unhex(const char *text, unsigned char *out, size_t n, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_GOVERNANCE_H */
