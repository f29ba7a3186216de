/*
 * jointenv/inspect.h — outfalls (排污口), inspectors, double-random inspection draws
 * (双随机), joint river patrols, and the rectification cases opened by their findings.
 *
 * Two halves, as everywhere in jointenv:
 *   - pure engines (src/inspect/): the draw (je_inspect_draw) and the case state
 *     machine and escalation (je_case_*). No database, no files, no globals; the same
 *     input gives the same bytes on any machine.
 *   - the store (src/store/inspect_store.c, inspect_case.c): the registries, the
 *     recorded draws, inspections, patrols and cases. Every write checks permissions
 *     (je_gov_may) and appends to the hash-chained audit log (governance.h).
 *
 * Days are whole days since 1970-01-01 (the local date of the jurisdictions, +08:00
 * for the demo's two). Codes are what users see; row ids stay inside.
 *
 * Who may do what (each enforced in the store, JE_EPERM naming the rule otherwise):
 *   import outfalls, inspectors   write (analyst, admin) in the record's jurisdiction
 *   draw, close a draw            inspect (inspector, admin) in the joint office: a draw
 *                                 is a joint act over both sides' registries
 *   record an inspection/finding  inspect in the inspecting side (--side)
 *   plan a patrol, log it         inspect in the patrol's owner side
 *   case: open -> rectifying, rectifying|reopened -> submitted
 *                                 write in the case owner (the responsible side)
 *   case: submitted -> verified|reopened, verified -> closed|reopened, closed -> reopened
 *                                 inspect in the side that found it, or in the joint office
 *   read a draw                   public once closed; before: roles in the joint office
 *   read cases, patrols, outfalls roles in the owner or the joint office (je_gov_may);
 *                                 outfalls and closed cases are public
 *
 * Threading: the engines are re-entrant; store calls as store.h (one handle per thread).
 * Memory: arrays returned through out pointers are malloc'd; free them as each function
 * says.
 */
#ifndef JOINTENV_INSPECT_H
#define JOINTENV_INSPECT_H

#include "core.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * Outfalls (入河排污口).
 *
 * Types follow the four classes of the State Council's 2022 opinion on outfalls into
 * rivers and the sea (国办函〔2022〕17号: 工业排污口, 城镇污水处理厂排污口, 农业排口,
 * 其他排口) as we understand them, with rain and combined-sewer outlets kept apart
 * because inspectors treat them differently. The classification was NOT checked
 * against the text in this repository: treat it as illustrative (docs/inspect.md).
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_OUTFALL_INDUSTRIAL,   /* 工业排污口 */
    JE_OUTFALL_MUNICIPAL,    /* 城镇污水处理厂排污口 */
    JE_OUTFALL_AGRICULTURAL, /* 农业排口 (livestock, aquaculture) */
    JE_OUTFALL_RAINWATER,    /* 雨水排口 */
    JE_OUTFALL_COMBINED,     /* 合流制溢流口 */
    JE_OUTFALL_OTHER,        /* 其他排口 */
    JE_OUTFALL_TYPE_COUNT
} je_outfall_type;

/* "industrial", "municipal", "agricultural", "rainwater", "combined", "other". */
JE_API const char *je_outfall_type_name(je_outfall_type t);
/* JE_EINVAL listing the names otherwise. */
JE_API je_status je_outfall_type_parse(const char *name, je_outfall_type *out, je_error *err);

typedef struct je_outfall {
    char code[32];
    char name_zh[96], name_en[128];
    je_outfall_type type;
    char jurisdiction[16];      /* owner: GB/T 2260 province code */
    char district[16];          /* GB/T 2260 county-level code of where it is */
    char enterprise[32];        /* unified social credit code (18 chars) or a local code; "" */
    char town[64];              /* the town responsible when there is no enterprise; "" */
    char river[32];             /* river code of the stored network; "" when not on one */
    char reach[32];             /* reach code; "" when unknown */
    double lon, lat;            /* WGS 84 degrees */
    char permit[48];            /* discharge permit number; "" when none */
    double risk;                /* risk score 0-100 (the draw's weight is 1 + risk) */
    int active;                 /* 0: closed or removed (kept for its history) */
    int64_t last_inspected_day; /* the newest inspection of it; -1 never */
} je_outfall;

/* Outfalls: CSV code,name_zh,name_en,type,jurisdiction,district,enterprise,town,river,
 * reach,lon,lat,permit,risk[,active]. river and reach, when given, must be stored (a
 * reach must lie on the given river); enterprise or town must be given; district a
 * six-digit code. Needs write in the jurisdiction (per record, and in the present
 * owner on --replace); each record logged with its JSON before and after. */
JE_API je_status je_import_outfalls(je_db *db, const char *path, const je_import_opts *opts,
                                    je_import_report *rep, je_error *err);
/* Outfalls by code, of one jurisdiction (NULL = all) and one river (NULL = all), with
 * last_inspected_day from the stored inspections. Outfalls are public records. Free
 * *out with free(). */
JE_API je_status je_store_outfalls(je_db *db, const char *jurisdiction, const char *river,
                                   je_outfall **out, size_t *out_n, je_error *err);

/* ---------------------------------------------------------------------------
 * Inspectors: the pools draws take teams from.
 * ------------------------------------------------------------------------- */
typedef struct je_inspector {
    char code[32];
    char name[64];
    char jurisdiction[16];
    char district[16]; /* home district (GB/T 2260): never sent to an outfall there */
    int active;
    char user[64]; /* the jointenv user name, "" when none */
} je_inspector;

/* CSV code,name,jurisdiction,district,active[,user]. Write in the jurisdiction. */
JE_API je_status je_import_inspectors(je_db *db, const char *path, const je_import_opts *opts,
                                      je_import_report *rep, je_error *err);
/* Inspectors by code (NULL jurisdiction = all). Readable by any logged-in user with a
 * role in their jurisdiction or the joint office. Free *out with free(). */
JE_API je_status je_store_inspectors(je_db *db, const char *jurisdiction, je_inspector **out,
                                     size_t *out_n, je_error *err);

/* ---------------------------------------------------------------------------
 * The double-random draw (pure).
 *
 * Randomness: seed text -> BLAKE2b-256 (crypto_generichash, no key) = S. Target keys:
 * randombytes_buf_deterministic (ChaCha20, libsodium) from BLAKE2b-256(S || "targets")
 * gives 8 bytes (little-endian u64) per eligible outfall in code order. Team keys for
 * target rank r (1-based): the same from BLAKE2b-256(S || "team" || u64le(r)), 8 bytes
 * per inspector in code order. u = ((x >> 11) + 0.5) / 2^53 in (0,1).
 *
 * Eligible: active outfalls (of opts.jurisdiction when set) not inspected in the
 * exclude_days days before `day` (last_inspected_day > day - exclude_days excludes).
 * Strata: (jurisdiction, river) — or jurisdiction only with by_river 0 — in code
 * order. Allocation: count is split in proportion to each stratum's eligible
 * outfalls by the largest-remainder (Hamilton) method in integers: floor(count*N_h/N),
 * then one more to the strata with the largest remainders (count*N_h mod N), ties to
 * the larger stratum, then the earlier stratum.
 * Within a stratum: weighted sampling without replacement (Efraimidis & Spirakis
 * 2006, "Weighted random sampling with a reservoir", IPL 97(5)): the n_h largest keys
 * u^(1/w), w = 1 + risk, computed as ln(u)/w (same order); ties by code.
 * Teams (eligible = active, and home district != the outfall's district). Phase 1,
 * side by side (every jurisdiction of the active pool, code order): when the side's
 * unused eligible inspectors can cover every target (a bipartite matching saturating
 * the targets exists), each target in rank order takes the unused one with the
 * smallest team key whose choice still leaves the later targets coverable — so no one
 * is in two teams whenever that is possible; when they cannot, each target takes the
 * least-used one with the smallest key, and a warning names every reuse (the pool is
 * too small for the day). Phase 2: teams are filled to team_size from any side,
 * least-used first, smallest key (reuse warned). Ties of keys go to the smaller code.
 * A side with no eligible inspector for a target refuses the draw.
 * ------------------------------------------------------------------------- */
#define JE_DRAW_MAX_TEAM 8

typedef struct je_draw_params {
    int count;             /* targets to draw, >= 1 */
    int64_t day;           /* the inspection day */
    int exclude_days;      /* skip outfalls inspected in the last N days (0: none) */
    int team_size;         /* inspectors per target, >= number of sides, <= 8 */
    int by_river;          /* 1: strata jurisdiction x river (default); 0: jurisdiction */
    char jurisdiction[16]; /* "" = both sides' outfalls */
    char seed[128];        /* any text; the CLI makes one from the time when not given */
} je_draw_params;

typedef struct je_draw_target {
    int rank;                      /* 1-based */
    size_t outfall;                /* index into the outfalls given */
    char stratum[48];              /* "510000/R01" or "510000" */
    double key;                    /* ln(u)/w */
    size_t team[JE_DRAW_MAX_TEAM]; /* indices into the inspectors given */
    int team_n;
} je_draw_target;

typedef struct je_draw_stratum {
    char stratum[48];
    int eligible, drawn;
} je_draw_stratum;

typedef struct je_draw_result {
    je_draw_target *targets;
    size_t n_targets;
    je_draw_stratum *strata;
    size_t n_strata;
    int eligible;        /* outfalls eligible in all */
    int excluded_recent; /* active outfalls left out as recently inspected */
    char warnings[1024]; /* "" or the reused inspectors, for a person */
    char list_hash[65];  /* BLAKE2b-256 hex of je_draw_list_text */
} je_draw_result;

/* Draw. JE_EINVAL for bad parameters; JE_ECONFLICT (message naming the rule and the
 * numbers) when count exceeds the eligible outfalls or a team rule cannot be met;
 * JE_ENOMEM. Free *out with je_draw_result_free. Re-entrant, deterministic. */
JE_API je_status je_inspect_draw(const je_outfall *outfalls, size_t n_outfalls,
                                 const je_inspector *inspectors, size_t n_inspectors,
                                 const je_draw_params *p, je_draw_result *out, je_error *err);
JE_API void je_draw_result_free(je_draw_result *r);
/* The canonical list the hash is over: one line per target
 * "rank,outfall,stratum,inspector;inspector\n". malloc'd; NULL on ENOMEM. */
JE_API char *je_draw_list_text(const je_draw_result *r, const je_outfall *outfalls,
                               const je_inspector *inspectors);

/* ---------------------------------------------------------------------------
 * Recorded draws.
 * ------------------------------------------------------------------------- */
typedef struct je_draw_info {
    int64_t id;
    int64_t day;
    char seed[128];
    int count, team_size, exclude_days, by_river;
    char jurisdiction[16];
    char list_hash[65];
    int closed, is_public;
    char drawn_by[64];
    int64_t drawn_at; /* seconds since the epoch */
    char warnings[1024];
} je_draw_info;

typedef struct je_draw_row {
    int64_t draw_id;
    int rank;
    char outfall[32], stratum[48];
    char outfall_jurisdiction[16], outfall_district[16];
    char team[256]; /* "SC-I01;CQ-I03" */
} je_draw_row;

/* Load the registries, draw (je_inspect_draw), and record the draw — parameters,
 * list, hash — in one transaction together with its audit entry (table
 * "inspect_draw", the list in "after"); only after the COMMIT are the results handed
 * back (*out_id, *out_rows: the recorded rows; free()). Needs inspect in the joint
 * office. The draw is not public until je_store_draw_close. */
JE_API je_status je_store_draw(je_db *db, const je_draw_params *p, int64_t *out_id,
                               je_draw_row **out_rows, size_t *out_n, je_error *err);
/* Close a draw: its results become public (logged). JE_ECONFLICT when closed already. */
JE_API je_status je_store_draw_close(je_db *db, int64_t id, je_error *err);
/* Draws the actor may read (closed ones for everyone), newest first. free(). */
JE_API je_status je_store_draws(je_db *db, je_draw_info **out, size_t *out_n, je_error *err);
/* One draw and its rows; JE_ENOTFOUND for an unknown id, JE_EPERM when not readable. */
JE_API je_status je_store_draw_get(je_db *db, int64_t id, je_draw_info *info, je_draw_row **rows,
                                   size_t *n_rows, je_error *err);

/* ---------------------------------------------------------------------------
 * Rectification cases (pure part): states, who acts, escalation.
 *
 *   open -> rectifying                  responsible side (write in the case owner)
 *   rectifying -> submitted             responsible side
 *   reopened -> submitted               responsible side
 *   submitted -> verified               finding side's inspectors, or the joint office
 *   submitted -> reopened               (re-inspection found it not rectified) idem
 *   verified -> closed                  idem
 *   verified -> reopened, closed -> reopened   idem
 * Everything else is refused. "reopened" is rectifying again, counted.
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_CASE_OPEN,
    JE_CASE_RECTIFYING,
    JE_CASE_SUBMITTED,
    JE_CASE_VERIFIED,
    JE_CASE_CLOSED,
    JE_CASE_REOPENED,
    JE_CASE_STATE_COUNT
} je_case_state;

/* Who acts on a transition. */
typedef enum { JE_CASE_ACTOR_NONE, JE_CASE_ACTOR_RESPONSIBLE, JE_CASE_ACTOR_FINDER } je_case_actor;

JE_API const char *je_case_state_name(je_case_state s);
JE_API je_status je_case_state_parse(const char *name, je_case_state *out, je_error *err);
/* Who may move a case from `from` to `to`; JE_CASE_ACTOR_NONE when the move is illegal. */
JE_API je_case_actor je_case_transition(je_case_state from, je_case_state to);

/* Overdue escalation as of day `as_of`: days overdue = as_of - deadline_day when the
 * case is not verified or closed, else 0; level 0 (not overdue), 1 (1-30 days: remind
 * the responsible party), 2 (31-90: escalate to the district/city bureau), 3 (> 90:
 * the joint office). The thresholds are local policy (illustrative; docs/inspect.md). */
JE_API int je_case_escalation(je_case_state s, int64_t deadline_day, int64_t as_of,
                              int64_t *out_days_overdue);

typedef struct je_case {
    int64_t id;
    je_case_state state;
    char source[16]; /* "inspection" or "patrol" */
    int64_t source_id;
    char outfall[32]; /* "" when about a place */
    char place[128];
    char finding[512];
    char found_by[16];     /* the inspecting side */
    char owner[16];        /* the responsible side (the outfall's or the source's) */
    int handed_off;        /* 1: owner != found_by (cross-border hand-off) */
    char responsible[128]; /* the responsible party (enterprise, town, operator) */
    int64_t opened_day, deadline_day, updated_day;
    int reopened;      /* times reopened */
    int reinspections; /* re-inspections recorded */
} je_case;

typedef struct je_case_event {
    int64_t case_id;
    int seq;
    int64_t day;
    char from_state[16], to_state[16];
    char actor[64];
    char note[512];
} je_case_event;

/* A finding to record with an inspection or a patrol: opens a case. */
typedef struct je_finding {
    const char *outfall;     /* an outfall code, or NULL with place + source_side */
    const char *place;       /* free text when there is no outfall */
    const char *source_side; /* where the source is (no outfall); NULL = the finder's */
    const char *text;        /* what was found, required */
    const char *responsible; /* NULL: the outfall's enterprise, else its town */
    int64_t deadline_day;    /* rectification deadline, after the finding's day */
} je_finding;

/* An inspection of an outfall by `side` on `day` (a draw's target when draw_id > 0:
 * the outfall must be on that draw), inspectors "A;B" (may be ""), and a finding or
 * NULL (compliant). Needs inspect in `side`. A finding opens a case owned by the
 * outfall's jurisdiction; when that is not `side` the case is handed off (recorded).
 * *out_case the case id (0 when no finding). */
JE_API je_status je_store_inspection(je_db *db, const char *outfall, const char *side, int64_t day,
                                     int64_t draw_id, const char *inspectors,
                                     const je_finding *finding, int64_t *out_inspection,
                                     int64_t *out_case, je_error *err);

/* Cases the actor may read: state (JE_CASE_STATE_COUNT = any), owner or found_by
 * `jurisdiction` (NULL = any). Free *out with free(). */
JE_API je_status je_store_cases(je_db *db, je_case_state state, const char *jurisdiction,
                                je_case **out, size_t *out_n, je_error *err);
/* One case and its events (free *ev with free()). */
JE_API je_status je_store_case_get(je_db *db, int64_t id, je_case *out, je_case_event **ev,
                                   size_t *n_ev, je_error *err);
/* Move a case to `to` on `day` with a note (re-inspection result, evidence). Checks
 * the transition (JE_ECONFLICT naming both states and the legal next ones) and who may
 * make it (JE_EPERM); verified and reopened from submitted count as re-inspections.
 * Logged (case row before and after) with an event. */
JE_API je_status je_store_case_update(je_db *db, int64_t id, je_case_state to, int64_t day,
                                      const char *note, je_error *err);

/* ---------------------------------------------------------------------------
 * Joint patrols.
 * ------------------------------------------------------------------------- */
typedef struct je_patrol {
    int64_t id;
    int64_t day;
    char owner[16]; /* the planning side */
    char title[128];
    char reaches[256]; /* "YZ-04;YZ-05" */
    char team[256];    /* "SC-I01;CQ-I02" */
    int log_entries, findings;
} je_patrol;

typedef struct je_patrol_entry {
    int64_t patrol_id;
    int seq;
    int64_t at;      /* seconds since the epoch */
    double lon, lat; /* NAN when no track point */
    char observation[512];
    char photo[256]; /* file reference; "" */
    int64_t case_id; /* 0 when no finding */
} je_patrol_entry;

/* Plan a patrol: reaches and team are ';'- or ','-separated codes, every reach stored,
 * every inspector active and the team from at least two jurisdictions (one of them
 * the owner's). Needs inspect in owner. */
JE_API je_status je_store_patrol_plan(je_db *db, const char *owner, int64_t day, const char *title,
                                      const char *reaches, const char *team, int64_t *out_id,
                                      je_error *err);
/* Add a log entry (time, optional track point, observation, photo reference) and,
 * with a finding, open its case (the patrol's owner is the finding side). */
JE_API je_status je_store_patrol_log(je_db *db, int64_t patrol_id, int64_t at, double lon,
                                     double lat, const char *observation, const char *photo,
                                     const je_finding *finding, int64_t *out_case, je_error *err);
/* Patrols the actor may read, newest first (free()). */
JE_API je_status je_store_patrols(je_db *db, je_patrol **out, size_t *out_n, je_error *err);
/* One patrol and its log (free *entries). */
JE_API je_status je_store_patrol_get(je_db *db, int64_t id, je_patrol *out,
                                     je_patrol_entry **entries, size_t *n, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_INSPECT_H */
