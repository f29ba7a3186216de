/*
 * gov_user.c — users, roles, API tokens and logging in: the stored half of
 * governance.h (the rules themselves are src/governance/authz.c). Every change is
 * one transaction together with its audit entry (before/after JSON).
 */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_SQL                                                                                   \
    "SELECT name, display_name, pw_hash IS NOT NULL AS has_password, created_at,"                  \
    " disabled FROM app_user WHERE name = ?1"
#define ROLE_SQL                                                                                   \
    "SELECT user, jurisdiction, role FROM user_role"                                               \
    " WHERE user || ' ' || role || ' ' || jurisdiction = ?1"
#define TOKEN_SQL                                                                                  \
    "SELECT id, user, label, created_at, expires_at, revoked_at FROM api_token"                    \
    " WHERE id = ?1"

je_status je_db_may(je_db *db, je_gov_action action, const char *owner, int is_public,
                    const char *what, je_error *err)
{
    return je_gov_may(&db->who, action, owner, is_public, what, err);
}

void je_db_readable(je_db *db, int *all, char *list, size_t size)
{
    *all = db->who.local_admin;
    snprintf(list, size, ",");
    for (size_t i = 0; i < db->who.n_grants; i++) {
        const char *j = db->who.grants[i].jurisdiction;
        if (strcmp(j, JE_GOV_JOINT) == 0)
            *all = 1;
        size_t len = strlen(list);
        snprintf(list + len, size - len, "%s,", j);
    }
}

void je_gov_act_local_admin(je_db *db)
{
    memset(&db->who, 0, sizeof db->who);
    db->who.local_admin = 1;
    snprintf(db->who.user, sizeof db->who.user, "%s", JE_GOV_LOCAL_ADMIN);
    snprintf(db->actor, sizeof db->actor, "%s", JE_GOV_LOCAL_ADMIN);
}

void je_gov_logout(je_db *db)
{
    memset(&db->who, 0, sizeof db->who);
    snprintf(db->actor, sizeof db->actor, "anonymous");
}

const je_gov_actor *je_gov_whoami(je_db *db)
{
    return &db->who;
}

static je_status begin(je_db *db, je_error *err)
{
    return je_db_exec(db, "BEGIN IMMEDIATE", err);
}

static je_status end(je_db *db, je_status st, je_error *err)
{
    if (st == JE_OK)
        st = je_db_exec(db, "COMMIT", err);
    if (st != JE_OK)
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* Run a write with text parameters (NULL binds NULL); *changes = rows changed. */
static je_status run(je_db *db, const char *sql, const char *const *args, size_t n, int *changes,
                     const char *what, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, what);
    for (size_t i = 0; i < n; i++)
        sqlite3_bind_text(s, (int)i + 1, args[i], -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return je_db_fail(db, err, what);
    if (changes)
        *changes = sqlite3_changes(db->db);
    return JE_OK;
}

/* Load the roles of `user` into the handle's actor. */
static je_status load_actor(je_db *db, const char *user, int64_t token_id, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT jurisdiction, role FROM user_role WHERE user = ?"
                           " ORDER BY jurisdiction, role",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading roles");
    je_gov_actor a;
    memset(&a, 0, sizeof a);
    snprintf(a.user, sizeof a.user, "%s", user);
    a.token_id = token_id;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW && a.n_grants < JE_GOV_MAX_GRANTS) {
        je_gov_grant *g = &a.grants[a.n_grants];
        je_db_copy_text(g->jurisdiction, sizeof g->jurisdiction, s, 0);
        if (je_gov_role_parse((const char *)sqlite3_column_text(s, 1), &g->role, NULL) == JE_OK)
            a.n_grants++;
    }
    sqlite3_finalize(s);
    db->who = a;
    snprintf(db->actor, sizeof db->actor, "%s", user);
    return JE_OK;
}

je_status je_gov_login_password(je_db *db, const char *user, const char *password, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, "SELECT pw_hash, disabled FROM app_user WHERE name = ?", -1, &s,
                           NULL) != SQLITE_OK)
        return je_db_fail(db, err, "logging in");
    sqlite3_bind_text(s, 1, user, -1, SQLITE_STATIC);
    char hash[JE_GOV_PWHASH_MAX] = "";
    int found = 0, disabled = 0;
    if (sqlite3_step(s) == SQLITE_ROW) {
        found = sqlite3_column_type(s, 0) != SQLITE_NULL;
        je_db_copy_text(hash, sizeof hash, s, 0);
        disabled = sqlite3_column_int(s, 1);
    }
    sqlite3_finalize(s);
    je_gov_logout(db);
    if (!found || !je_gov_password_check(hash, password ? password : ""))
        return je_error_set(err, JE_EPERM, "wrong user name or password for '%s'", user);
    if (disabled)
        return je_error_set(err, JE_EPERM, "user '%s' is disabled", user);
    return load_actor(db, user, 0, err);
}

je_status je_gov_login_token(je_db *db, const char *token, je_error *err)
{
    unsigned char h[32];
    je_gov_logout(db);
    je_error why;
    if (je_gov_token_hash(token, h, &why) != JE_OK)
        return je_error_set(err, JE_EPERM, "%s", why.message);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT t.id, t.user, t.expires_at, t.revoked_at, u.disabled,"
                           " coalesce(t.last_used_at, 0)"
                           " FROM api_token t JOIN app_user u ON u.name = t.user"
                           " WHERE t.secret_hash = ?",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "logging in");
    sqlite3_bind_blob(s, 1, h, 32, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return je_error_set(err, JE_EPERM,
                            "unknown API token (create one with: jointenv token "
                            "create)");
    }
    int64_t id = sqlite3_column_int64(s, 0);
    char user[64];
    je_db_copy_text(user, sizeof user, s, 1);
    int64_t expires = sqlite3_column_int64(s, 2), revoked = sqlite3_column_int64(s, 3);
    int disabled = sqlite3_column_int(s, 4);
    int64_t last_used = sqlite3_column_int64(s, 5);
    sqlite3_finalize(s);
    int64_t now = je_db_now();
    if (revoked)
        return je_error_set(err, JE_EPERM, "API token %lld of '%s' was revoked", (long long)id,
                            user);
    if (expires && expires <= now)
        return je_error_set(err, JE_EPERM, "API token %lld of '%s' has expired", (long long)id,
                            user);
    if (disabled)
        return je_error_set(err, JE_EPERM, "user '%s' is disabled", user);
    /* last use: bookkeeping, not a change of the record (not audited); to the minute,
       so that a server answering many requests with one token does not turn every
       read into a write */
    if (now - last_used >= 60 &&
        sqlite3_prepare_v2(db->db, "UPDATE api_token SET last_used_at = ? WHERE id = ?", -1, &s,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, now);
        sqlite3_bind_int64(s, 2, id);
        sqlite3_step(s);
        sqlite3_finalize(s);
    }
    return load_actor(db, user, id, err);
}

static int user_exists(je_db *db, const char *name)
{
    sqlite3_stmt *s;
    int found = 0;
    if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM app_user WHERE name = ?", -1, &s, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(s) == SQLITE_ROW;
        sqlite3_finalize(s);
    }
    return found;
}

static int valid_name(const char *n)
{
    size_t len = strlen(n);
    if (len == 0 || len > 63)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = n[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

je_status je_gov_user_add(je_db *db, const char *name, const char *display_name,
                          const char *password, je_error *err)
{
    char what[96];
    snprintf(what, sizeof what, "user %s", name);
    je_status st = je_db_may(db, JE_GOV_ADMIN, NULL, 0, what, err);
    if (st != JE_OK)
        return st;
    if (!valid_name(name))
        return je_error_set(err, JE_EINVAL, "invalid user name '%s' (1-63 of A-Z a-z 0-9 . _ -)",
                            name);
    char hash[JE_GOV_PWHASH_MAX];
    if (password && (st = je_gov_password_hash(password, hash, err)) != JE_OK)
        return st;
    if ((st = begin(db, err)) != JE_OK)
        return st;
    if (user_exists(db, name)) {
        st = je_error_set(err, JE_ECONFLICT, "user '%s' exists already", name);
        return end(db, st, err);
    }
    char now[24];
    snprintf(now, sizeof now, "%lld", (long long)je_db_now());
    const char *args[] = {name, display_name && *display_name ? display_name : name,
                          password ? hash : NULL, now};
    st = run(db,
             "INSERT INTO app_user(name, display_name, pw_hash, created_at) VALUES (?, ?, ?,"
             " CAST(? AS INTEGER))",
             args, 4, NULL, "adding a user", err);
    if (st == JE_OK)
        st = je_audit_record(db, NULL, "app_user", name, "insert", NULL, USER_SQL, err);
    return end(db, st, err);
}

/* The local admin, the user themself, or an admin in every jurisdiction the user
 * holds a role in (an admin anywhere for a user without roles). */
static je_status may_manage(je_db *db, const char *user, je_error *err)
{
    if (db->who.local_admin || strcmp(db->who.user, user) == 0)
        return JE_OK;
    char what[96];
    snprintf(what, sizeof what, "user %s", user);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, "SELECT DISTINCT jurisdiction FROM user_role WHERE user = ?", -1,
                           &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading roles");
    sqlite3_bind_text(s, 1, user, -1, SQLITE_STATIC);
    je_status st = JE_OK;
    int any = 0;
    while (st == JE_OK && sqlite3_step(s) == SQLITE_ROW) {
        any = 1;
        st = je_db_may(db, JE_GOV_ADMIN, (const char *)sqlite3_column_text(s, 0), 0, what, err);
    }
    sqlite3_finalize(s);
    if (st == JE_OK && !any)
        st = je_db_may(db, JE_GOV_ADMIN, NULL, 0, what, err);
    return st;
}

je_status je_gov_user_passwd(je_db *db, const char *name, const char *password, je_error *err)
{
    je_status st = may_manage(db, name, err);
    if (st != JE_OK)
        return st;
    char hash[JE_GOV_PWHASH_MAX];
    if (password && (st = je_gov_password_hash(password, hash, err)) != JE_OK)
        return st;
    if ((st = begin(db, err)) != JE_OK)
        return st;
    char *before = NULL;
    int changed = 0;
    const char *args[] = {password ? hash : NULL, name};
    if ((st = je_audit_snapshot(db, USER_SQL, name, &before, err)) == JE_OK)
        st = run(db, "UPDATE app_user SET pw_hash = ? WHERE name = ?", args, 2, &changed,
                 "changing a password", err);
    if (st == JE_OK && !changed)
        st = je_error_set(err, JE_ENOTFOUND, "no user '%s'", name);
    /* the JSON shows whether there is a password, never the hash */
    if (st == JE_OK)
        st = je_audit_record(db, NULL, "app_user", name, "update", before, USER_SQL, err);
    free(before);
    return end(db, st, err);
}

static int jurisdiction_known(je_db *db, const char *code)
{
    if (strcmp(code, JE_GOV_JOINT) == 0)
        return 1;
    sqlite3_stmt *s;
    int found = 0;
    if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM jurisdiction WHERE code = ?", -1, &s, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
        found = sqlite3_step(s) == SQLITE_ROW;
        sqlite3_finalize(s);
    }
    return found;
}

static je_status change_role(je_db *db, const char *user, const char *jur, je_gov_role role,
                             int grant, je_error *err)
{
    char what[128];
    snprintf(what, sizeof what, "the roles of %s", jur);
    je_status st = je_db_may(db, JE_GOV_ADMIN, jur, 0, what, err);
    if (st != JE_OK)
        return st;
    if (!jurisdiction_known(db, jur))
        return je_error_set(err, JE_ENOTFOUND,
                            "unknown jurisdiction '%s' (a stored jurisdiction code or 'joint')",
                            jur);
    if ((st = begin(db, err)) != JE_OK)
        return st;
    if (!user_exists(db, user))
        return end(db, je_error_set(err, JE_ENOTFOUND, "no user '%s'", user), err);
    char key[160], now[24];
    snprintf(key, sizeof key, "%s %s %s", user, je_gov_role_name(role), jur);
    snprintf(now, sizeof now, "%lld", (long long)je_db_now());
    const char *args[] = {user, jur, je_gov_role_name(role), db->actor, now};
    int changed = 0;
    char *before = NULL;
    if (grant) {
        st = run(db,
                 "INSERT INTO user_role(user, jurisdiction, role, granted_by, granted_at)"
                 " VALUES (?, ?, ?, ?, CAST(? AS INTEGER)) ON CONFLICT DO NOTHING",
                 args, 5, &changed, "granting a role", err);
        if (st == JE_OK && changed)
            st = je_audit_record(db, jur, "user_role", key, "insert", NULL, ROLE_SQL, err);
    } else {
        if ((st = je_audit_snapshot(db, ROLE_SQL, key, &before, err)) == JE_OK)
            st = run(db, "DELETE FROM user_role WHERE user = ? AND jurisdiction = ? AND role = ?",
                     args, 3, &changed, "revoking a role", err);
        if (st == JE_OK && !changed)
            st = je_error_set(err, JE_ENOTFOUND, "user '%s' does not hold %s in %s", user,
                              je_gov_role_name(role), jur);
        if (st == JE_OK)
            st = je_audit_record(db, jur, "user_role", key, "delete", before, NULL, err);
        free(before);
    }
    return end(db, st, err);
}

je_status je_gov_role_grant(je_db *db, const char *user, const char *jurisdiction, je_gov_role role,
                            je_error *err)
{
    return change_role(db, user, jurisdiction, role, 1, err);
}

je_status je_gov_role_revoke(je_db *db, const char *user, const char *jurisdiction,
                             je_gov_role role, je_error *err)
{
    return change_role(db, user, jurisdiction, role, 0, err);
}

static void read_user(sqlite3_stmt *s, void *rec)
{
    je_gov_user *u = rec;
    je_db_copy_text(u->name, sizeof u->name, s, 0);
    je_db_copy_text(u->display_name, sizeof u->display_name, s, 1);
    u->has_password = sqlite3_column_int(s, 2);
    u->created_at = sqlite3_column_int64(s, 3);
    u->disabled = sqlite3_column_int(s, 4);
    je_db_copy_text(u->roles, sizeof u->roles, s, 5);
}

je_status je_gov_users(je_db *db, je_gov_user **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    je_status st = je_db_may(db, JE_GOV_READ, NULL, 0, "the list of users", err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT u.name, u.display_name, u.pw_hash IS NOT NULL, u.created_at,"
                           " u.disabled, (SELECT group_concat(r.role || ' ' || r.jurisdiction,"
                           " ', ') FROM (SELECT * FROM user_role WHERE user = u.name"
                           " ORDER BY jurisdiction, role) r)"
                           " FROM app_user u ORDER BY u.name",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing users");
    return je_db_collect(db, s, sizeof(je_gov_user), read_user, "listing users", (void **)out,
                         out_n, err);
}

je_status je_gov_token_create(je_db *db, const char *user, const char *label, int64_t expires_at,
                              char out_text[JE_GOV_TOKEN_CHARS], int64_t *out_id, je_error *err)
{
    out_text[0] = '\0';
    if (!db->who.local_admin && strcmp(db->who.user, user) != 0)
        return je_error_set(err, JE_EPERM,
                            "user '%s' may not create tokens for '%s' (only for themself; the "
                            "local administrator for anyone)",
                            db->who.user[0] ? db->who.user : "anonymous", user);
    je_status st = begin(db, err);
    if (st != JE_OK)
        return st;
    if (!user_exists(db, user))
        return end(db, je_error_set(err, JE_ENOTFOUND, "no user '%s'", user), err);
    unsigned char h[32];
    char text[JE_GOV_TOKEN_CHARS];
    je_gov_token_new(text, h);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT INTO api_token(user, label, secret_hash, created_at,"
                           " expires_at) VALUES (?, ?, ?, ?, ?)",
                           -1, &s, NULL) != SQLITE_OK)
        return end(db, je_db_fail(db, err, "creating a token"), err);
    sqlite3_bind_text(s, 1, user, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, label ? label : "", -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 3, h, 32, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, je_db_now());
    if (expires_at > 0)
        sqlite3_bind_int64(s, 5, expires_at);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return end(db, je_db_fail(db, err, "creating a token"), err);
    int64_t id = sqlite3_last_insert_rowid(db->db);
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)id);
    st = je_audit_record(db, NULL, "api_token", key, "insert", NULL, TOKEN_SQL, err);
    if ((st = end(db, st, err)) == JE_OK) {
        memcpy(out_text, text, JE_GOV_TOKEN_CHARS);
        if (out_id)
            *out_id = id;
    }
    return st;
}

static void read_token(sqlite3_stmt *s, void *rec)
{
    je_gov_token *t = rec;
    t->id = sqlite3_column_int64(s, 0);
    je_db_copy_text(t->user, sizeof t->user, s, 1);
    je_db_copy_text(t->label, sizeof t->label, s, 2);
    t->created_at = sqlite3_column_int64(s, 3);
    t->expires_at = sqlite3_column_int64(s, 4);
    t->revoked_at = sqlite3_column_int64(s, 5);
    t->last_used_at = sqlite3_column_int64(s, 6);
}

je_status je_gov_tokens(je_db *db, const char *user, je_gov_token **out, size_t *out_n,
                        je_error *err)
{
    *out = NULL;
    *out_n = 0;
    if (!db->who.local_admin && (user == NULL || strcmp(user, db->who.user) != 0))
        user = db->who.user; /* others see their own tokens only */
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT id, user, label, created_at, coalesce(expires_at, 0),"
                           " coalesce(revoked_at, 0), coalesce(last_used_at, 0) FROM api_token"
                           " WHERE ?1 IS NULL OR user = ?1 ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing tokens");
    if (user)
        sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    return je_db_collect(db, s, sizeof(je_gov_token), read_token, "listing tokens", (void **)out,
                         out_n, err);
}

je_status je_gov_token_revoke(je_db *db, int64_t id, je_error *err)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)id);
    je_status st = begin(db, err);
    if (st != JE_OK)
        return st;
    char *before = NULL;
    if ((st = je_audit_snapshot(db, TOKEN_SQL, key, &before, err)) != JE_OK)
        return end(db, st, err);
    sqlite3_stmt *s;
    char owner[64] = "";
    int64_t revoked = 0;
    int found = 0;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT user, coalesce(revoked_at, 0) FROM api_token WHERE id = ?", -1,
                           &s, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, id);
        if ((found = sqlite3_step(s) == SQLITE_ROW)) {
            je_db_copy_text(owner, sizeof owner, s, 0);
            revoked = sqlite3_column_int64(s, 1);
        }
        sqlite3_finalize(s);
    }
    if (!found)
        st = je_error_set(err, JE_ENOTFOUND, "no API token %s", key);
    else if (!db->who.local_admin && strcmp(db->who.user, owner) != 0)
        st = je_error_set(err, JE_EPERM, "user '%s' may not revoke token %s of '%s'",
                          db->who.user[0] ? db->who.user : "anonymous", key, owner);
    else if (!revoked) {
        char now[24];
        snprintf(now, sizeof now, "%lld", (long long)je_db_now());
        const char *args[] = {now, key};
        st = run(
            db,
            "UPDATE api_token SET revoked_at = CAST(? AS INTEGER) WHERE id = CAST(? AS INTEGER)",
            args, 2, NULL, "revoking a token", err);
        if (st == JE_OK)
            st = je_audit_record(db, NULL, "api_token", key, "update", before, TOKEN_SQL, err);
    }
    free(before);
    return end(db, st, err);
}

je_status je_gov_set_public(je_db *db, je_gov_record kind, const char *code, int is_public,
                            je_error *err)
{
    static const struct {
        const char *tbl, *word, *snap;
    } k[] = {
        [JE_GOV_SECTION] = {"section", "section", "SELECT * FROM section WHERE code = ?1"},
        [JE_GOV_AIR_STATION] = {"air_station", "air station",
                                "SELECT * FROM air_station WHERE code = ?1"},
    };
    if ((unsigned)kind >= sizeof k / sizeof k[0])
        return je_error_set(err, JE_EINVAL, "records of this kind have no public flag");
    je_status st = begin(db, err);
    if (st != JE_OK)
        return st;
    char sql[128], what[96], owner[16] = "";
    snprintf(sql, sizeof sql, "SELECT owner FROM %s WHERE code = ?", k[kind].tbl);
    snprintf(what, sizeof what, "%s %s", k[kind].word, code);
    sqlite3_stmt *s;
    int found = 0;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return end(db, je_db_fail(db, err, "setting the public flag"), err);
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    if ((found = sqlite3_step(s) == SQLITE_ROW))
        je_db_copy_text(owner, sizeof owner, s, 0);
    sqlite3_finalize(s);
    if (!found)
        return end(db, je_error_set(err, JE_ENOTFOUND, "no %s", what), err);
    if ((st = je_db_may(db, JE_GOV_WRITE, owner, 0, what, err)) != JE_OK)
        return end(db, st, err);
    char *before = NULL;
    if ((st = je_audit_snapshot(db, k[kind].snap, code, &before, err)) != JE_OK)
        return end(db, st, err);
    const char *args[] = {is_public ? "1" : "0", code};
    snprintf(sql, sizeof sql, "UPDATE %s SET public = CAST(? AS INTEGER) WHERE code = ?",
             k[kind].tbl);
    st = run(db, sql, args, 2, NULL, "setting the public flag", err);
    if (st == JE_OK)
        st = je_audit_record(db, owner, k[kind].tbl, code, "update", before, k[kind].snap, err);
    free(before);
    return end(db, st, err);
}
