/*
 * authz.c — roles and the one authorisation rule every write goes through.
 *
 * A table says which roles allow which action in the owner's jurisdiction; reading
 * is the exception that needs no table: public records are for anyone, the rest for
 * any role in the owner or in the joint office (the office reads for both sides).
 */
#include "jointenv/governance.h"

#include <stdio.h>
#include <string.h>

static const char *const role_names[JE_ROLE_COUNT] = {"viewer", "analyst", "inspector", "admin"};

/* Bit r: role r allows the action in the owner jurisdiction. */
static const unsigned allows[] = {
    [JE_GOV_READ] = 0xF,
    [JE_GOV_WRITE] = 1u << JE_ROLE_ANALYST | 1u << JE_ROLE_ADMIN,
    [JE_GOV_INSPECT] = 1u << JE_ROLE_INSPECTOR | 1u << JE_ROLE_ADMIN,
    [JE_GOV_ADMIN] = 1u << JE_ROLE_ADMIN,
};

/* Who to ask, per action. */
static const char *const hint[] = {
    [JE_GOV_READ] = "ask a %s admin for a viewer role",
    [JE_GOV_WRITE] = "ask a %s analyst or admin",
    [JE_GOV_INSPECT] = "ask a %s inspector or admin",
    [JE_GOV_ADMIN] = "ask a %s admin",
};

const char *je_gov_role_name(je_gov_role r)
{
    return (unsigned)r < JE_ROLE_COUNT ? role_names[r] : "?";
}

je_status je_gov_role_parse(const char *name, je_gov_role *out, je_error *err)
{
    for (int r = 0; r < JE_ROLE_COUNT; r++)
        if (name && strcmp(name, role_names[r]) == 0) {
            *out = (je_gov_role)r;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL, "unknown role '%s' (viewer, analyst, inspector or admin)",
                        name ? name : "");
}

const char *je_gov_action_name(je_gov_action a)
{
    switch (a) {
    case JE_GOV_READ:
        return "read";
    case JE_GOV_WRITE:
        return "write";
    case JE_GOV_INSPECT:
        return "inspect";
    case JE_GOV_ADMIN:
        return "administer";
    }
    return "?";
}

const char *je_gov_describe(const je_gov_actor *a, char *buf, size_t size)
{
    if (a->local_admin)
        snprintf(buf, size, "local administrator");
    else if (a->user[0] == '\0')
        snprintf(buf, size, "anonymous");
    else if (a->n_grants == 0)
        snprintf(buf, size, "no roles");
    else {
        buf[0] = '\0';
        for (size_t i = 0; i < a->n_grants; i++) {
            size_t len = strlen(buf);
            snprintf(buf + len, size - len, "%s%s %s", i ? ", " : "",
                     je_gov_role_name(a->grants[i].role), a->grants[i].jurisdiction);
        }
    }
    return buf;
}

static int holds(const je_gov_actor *a, const char *jur, unsigned roles)
{
    for (size_t i = 0; i < a->n_grants; i++)
        if ((roles >> a->grants[i].role & 1u) &&
            (jur == NULL || strcmp(a->grants[i].jurisdiction, jur) == 0))
            return 1;
    return 0;
}

je_status je_gov_may(const je_gov_actor *a, je_gov_action action, const char *owner, int is_public,
                     const char *what, je_error *err)
{
    if (a->local_admin)
        return JE_OK;
    if (action == JE_GOV_READ) {
        if (is_public ||
            (a->user[0] && (owner == NULL || holds(a, owner, 0xF) || holds(a, JE_GOV_JOINT, 0xF))))
            return JE_OK;
    } else if ((unsigned)action < sizeof allows / sizeof allows[0]) {
        /* A record of no jurisdiction (a user): an admin anywhere. */
        if (owner == NULL ? holds(a, NULL, 1u << JE_ROLE_ADMIN) : holds(a, owner, allows[action]))
            return JE_OK;
    }
    char who[400], help[96] = "";
    je_gov_describe(a, who, sizeof who);
    if ((unsigned)action < sizeof hint / sizeof hint[0] && owner)
        snprintf(help, sizeof help, hint[action],
                 strcmp(owner, JE_GOV_JOINT) == 0 ? "joint-office" : owner);
    else
        snprintf(help, sizeof help, "ask an admin");
    if (a->user[0] == '\0')
        return je_error_set(err, JE_EPERM,
                            "anonymous users may not %s %s (log in with --user NAME or "
                            "JOINTENV_TOKEN)",
                            je_gov_action_name(action), what ? what : "this record");
    return je_error_set(err, JE_EPERM, "user '%s' (%s) may not %s %s%s%s; %s", a->user, who,
                        je_gov_action_name(action), what ? what : "this record",
                        owner ? " owned by " : "", owner ? owner : "", help);
}
