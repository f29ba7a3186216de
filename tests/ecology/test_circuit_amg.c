/* test_circuit_amg.c — the AMG-preconditioned CG path (hypre BoomerAMG) against the
 * direct solve (CHOLMOD) on a generated grid of 302,500 cells, and the solver choice.
 * Tolerance: pairwise resistances within 1e-6 relative of CHOLMOD (the bar;
 * with the default rtol 1e-9 they agree to about 1e-9), cumulative currents within
 * 1e-5 of the largest cell current. */
#include "jointenv/ecology.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* side × side resistances 1…10 (smooth, from a fixed LCG per 10-cell block plus
 * per-cell noise) with ~3 % no-data cells */
static je_raster *generated(int64_t side)
{
    je_raster *h = NULL;
    cr_assert_eq(je_raster_new(side, side, &h, NULL), JE_OK);
    uint64_t s = 777;
    for (int64_t i = 0; i < side * side; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(s >> 11) * 0x1p-53;
        int64_t r = i / side, c = i % side;
        double smooth = 0.5 + 0.5 * sin((double)r / 37.0) * cos((double)c / 23.0);
        h->data[i] = u < 0.03 ? NAN : 1 + 9 * (0.7 * smooth + 0.3 * u);
    }
    return h;
}

Test(circuit_amg, agrees_with_cholmod_on_300k_cells, .timeout = 600)
{
    const int64_t side = 550;
    je_raster *h = generated(side);
    je_focal f[6] = {{1, 20, 20},   {2, 20, 530},  {3, 530, 20},
                     {4, 530, 530}, {5, 275, 275}, {6, 100, 400}};
    for (int k = 0; k < 6; k++)
        h->data[f[k].row * side + f[k].col] = 1;
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    je_circuit_result *a = NULL, *b = NULL;
    je_error err;
    o.solver = JE_CIRCUIT_SOLVER_CHOLMOD;
    cr_assert_eq(je_circuit_raster(h, f, 6, &o, &a, &err), JE_OK, "%s", err.message);
    o.solver = JE_CIRCUIT_SOLVER_AMG;
    cr_assert_eq(je_circuit_raster(h, f, 6, &o, &b, &err), JE_OK, "%s", err.message);
    cr_expect_eq(a->used_cg, 0);
    cr_expect_eq(b->used_cg, 2);
    double worst = 0;
    for (size_t i = 0; i < 36; i++) {
        double x = a->resistance[i], y = b->resistance[i];
        double rel = fabs(x - y) / (fabs(x) > 0 ? fabs(x) : 1);
        worst = rel > worst ? rel : worst;
        cr_expect(rel <= 1e-6, "R[%zu]: cholmod %.12g, amg %.12g (rel %.2g)", i, x, y, rel);
    }
    cr_log_info("largest relative difference AMG vs CHOLMOD: %.3g", worst);
    double cmax = 0, dmax = 0;
    for (int64_t i = 0; i < side * side; i++) {
        cmax = fmax(cmax, a->cum_current[i]);
        dmax = fmax(dmax, fabs(a->cum_current[i] - b->cum_current[i]));
    }
    cr_expect(dmax <= 1e-5 * cmax, "current maps differ by %g (largest cell %g)", dmax, cmax);
    je_circuit_result_free(a);
    je_circuit_result_free(b);
    je_raster_free(h);
}

Test(circuit_amg, auto_switches_to_amg_above_the_limit)
{
    je_raster *h = generated(40);
    je_focal f[3] = {{1, 2, 2}, {2, 37, 37}, {3, 2, 37}};
    for (int k = 0; k < 3; k++)
        h->data[f[k].row * 40 + f[k].col] = 1;
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    je_circuit_result *a = NULL, *b = NULL;
    cr_assert_eq(je_circuit_raster(h, f, 3, &o, &a, NULL), JE_OK);
    cr_expect_eq(a->used_cg, 0, "small grids are solved directly");
    o.cg_above_nodes = 100;
    cr_assert_eq(je_circuit_raster(h, f, 3, &o, &b, NULL), JE_OK);
    cr_expect_eq(b->used_cg, 2, "above the limit AUTO uses AMG");
    for (size_t i = 0; i < 9; i++)
        cr_expect(fabs(a->resistance[i] - b->resistance[i]) <= 1e-8 * (1 + a->resistance[i]),
                  "R[%zu] %.12g vs %.12g", i, a->resistance[i], b->resistance[i]);
    je_circuit_result_free(a);
    je_circuit_result_free(b);
    je_raster_free(h);
}

Test(circuit_amg, solver_names)
{
    je_circuit_solver s;
    cr_expect_eq(je_circuit_solver_parse("cg+amg", &s, NULL), JE_OK); /* Circuitscape's */
    cr_expect_eq(s, JE_CIRCUIT_SOLVER_AMG);
    cr_expect_eq(je_circuit_solver_parse("CHOLMOD", &s, NULL), JE_OK);
    cr_expect_eq(s, JE_CIRCUIT_SOLVER_CHOLMOD);
    je_error err;
    cr_expect_eq(je_circuit_solver_parse("lu", &s, &err), JE_EINVAL);
    cr_expect(strstr(err.message, "amg"), "%s", err.message);
    cr_expect_str_eq(je_circuit_solver_name(JE_CIRCUIT_SOLVER_AMG), "amg");
}
