/*
 * api_comp.c — ecological compensation and provenance: the ledger with running
 * balances (je_comp_ledger), the stored settlement lines with who pays whom and the
 * clause and formula of each (comp_settlements.h), and the runs behind every published
 * figure (run.h). Money is integer fen; the yuan text is je_comp_format_yuan's.
 */
#include "server/internal.h"

#include "jointenv/comp_settlements.h"
#include "jointenv/run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *yuan(int64_t fen)
{
    char b[32];
    return json_string(je_comp_format_yuan(fen, b, sizeof b));
}

static void period(int year, int month, char buf[16])
{
    if (month)
        snprintf(buf, 16, "%04d-%02d", year, month);
    else
        snprintf(buf, 16, "%04d", year);
}

static json_t *when(int64_t t)
{
    char b[32];
    return json_string(je_time_format(t, 0, b, sizeof b));
}

je_status api_comp_ledger(req *r, result *out, je_error *err)
{
    const char *pair = req_param(r, "pair");
    char a[JE_COMP_PARTY_MAX] = "", b[JE_COMP_PARTY_MAX] = "";
    if (pair) {
        const char *comma = strchr(pair, ',');
        if (comma == NULL || comma == pair || comma[1] == '\0' || strchr(comma + 1, ',') ||
            (size_t)(comma - pair) >= sizeof a || strlen(comma + 1) >= sizeof b)
            return je_error_set(err, JE_EINVAL,
                                "pair: '%s' is not two party codes A,B, e.g. "
                                "510000,500000",
                                pair);
        snprintf(a, sizeof a, "%.*s", (int)(comma - pair), pair);
        snprintf(b, sizeof b, "%s", comma + 1);
    }
    je_comp_ledger_row *l = NULL;
    size_t n = 0;
    je_status st = je_comp_ledger(r->db, pair ? a : NULL, pair ? b : NULL, &l, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++) {
        char code[24], per[16];
        snprintf(code, sizeof code, "%010lld", (long long)l[i].id);
        period(l[i].year, l[i].month, per);
        int pays = l[i].net_fen >= 0; /* party_a pays party_b */
        int owes = l[i].balance_fen >= 0;
        json_array_append_new(
            out->rows,
            json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:s, s:s, s:I, "
                      "s:o, s:s, s:o}",
                      "code", code, "id", (json_int_t)l[i].id, "run", (json_int_t)l[i].run_id,
                      "agreement", l[i].agreement, "period", per, "party_a", l[i].party_a,
                      "party_b", l[i].party_b, "payer", pays ? l[i].party_a : l[i].party_b, "payee",
                      pays ? l[i].party_b : l[i].party_a, "net_fen", (json_int_t)l[i].net_fen,
                      "net_yuan", yuan(l[i].net_fen), "owes", owes ? l[i].party_a : l[i].party_b,
                      "owed", owes ? l[i].party_b : l[i].party_a, "balance_fen",
                      (json_int_t)l[i].balance_fen, "balance_yuan", yuan(l[i].balance_fen), "kind",
                      l[i].kind, "created_at", when(l[i].created_at)));
    }
    free(l);
    return JE_OK;
}

je_status api_comp_settlements(req *r, result *out, je_error *err)
{
    long year = 0;
    je_status st = dash_int(r, "year", 1990, 2100, &year, err);
    if (st != JE_OK)
        return st;
    je_comp_stored_line *l = NULL;
    size_t n = 0;
    if ((st = je_comp_stored_lines(r->db, (int)year, req_param(r, "section"), &l, &n, err)) !=
        JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const je_comp_line *x = &l[i].line;
        char code[160], per[16], lper[16];
        period(l[i].period_year, l[i].period_month, per);
        period(x->year, x->month, lper);
        snprintf(code, sizeof code, "%s/%s/%04d", l[i].agreement, per, l[i].seq);
        json_array_append_new(
            out->rows,
            json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:I, s:o, s:s, s:o, s:s, "
                      "s:s}",
                      "code", code, "run", (json_int_t)l[i].run_id, "agreement", l[i].agreement,
                      "rule", l[i].rule, "settled", per, "section", jstr(x->section), "period",
                      lper, "payer", jstr(x->payer), "payee", jstr(x->payee), "amount_fen",
                      (json_int_t)x->amount_fen, "amount_yuan", yuan(x->amount_fen), "outcome",
                      x->outcome, "value", jnum(x->value), "clause", x->clause, "formula",
                      x->formula));
    }
    free(l);
    return JE_OK;
}

je_status api_runs(req *r, result *out, je_error *err)
{
    const char *engine = req_param(r, "engine");
    je_run *v = NULL;
    size_t n = 0;
    je_status st = je_run_list(r->db, &v, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++) {
        if (engine && strcmp(engine, v[i].engine) != 0)
            continue;
        char code[24];
        snprintf(code, sizeof code, "%010lld", (long long)v[i].id);
        json_array_append_new(
            out->rows,
            json_pack("{s:s, s:I, s:s, s:s, s:o, s:s, s:o, s:s, s:o}", "code", code, "id",
                      (json_int_t)v[i].id, "engine", v[i].engine, "engine_version",
                      v[i].engine_version, "ruleset_sha256", jstr(v[i].ruleset_sha256),
                      "input_sha256", v[i].input_sha256, "output_sha256", jstr(v[i].output_sha256),
                      "actor", v[i].actor, "created_at", when(v[i].created_at)));
    }
    free(v);
    return JE_OK;
}

je_status api_run(req *r, result *out, je_error *err)
{
    char *end;
    errno = 0;
    long long id = strtoll(r->path_arg, &end, 10);
    if (*end != '\0' || errno != 0 || id < 1)
        return je_error_set(err, JE_ENOTFOUND,
                            "no run '%s' (run ids are whole numbers from 1; "
                            "the runs: /api/v1/runs)",
                            r->path_arg);
    je_run run;
    je_status st = je_run_get(r->db, (int64_t)id, &run, err);
    if (st == JE_ENOTFOUND)
        return je_error_set(err, JE_ENOTFOUND, "no run %lld (the runs: /api/v1/runs)", id);
    if (st != JE_OK)
        return st;
    json_t *params = run.params ? json_loads(run.params, 0, NULL) : NULL;
    out->doc =
        json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)run.id,
                  "engine", run.engine, "engine_version", run.engine_version, "ruleset_sha256",
                  jstr(run.ruleset_sha256), "input_sha256", run.input_sha256, "output_sha256",
                  jstr(run.output_sha256), "actor", run.actor, "created_at", when(run.created_at),
                  "params", params ? params : jstr(run.params), "output", jstr(run.output));
    je_run_clear(&run);
    return out->doc ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}
