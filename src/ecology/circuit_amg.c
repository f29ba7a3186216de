/* circuit_amg.c — conjugate gradients preconditioned by algebraic multigrid (hypre's
 * BoomerAMG), the solver Circuitscape uses for grids too large to factor
 * (Circuitscape.jl: `cg+amg`, AlgebraicMultigrid.jl smoothed aggregation; Shah & McRae
 * 2008). Here the multigrid is hypre's (Falgout & Yang 2002), a C library that
 * Debian ships (libhypre-dev 2.26).
 *
 * How. The reduced Laplacian (csr_build: SPD, an M-matrix) goes into a hypre IJ matrix
 * with one process owning every row (MPI_COMM_SELF); BoomerAMG is set up ONCE per
 * grounding and each right-hand side costs one PCG solve with one V-cycle per
 * iteration. Settings (hypre's recommendations for 2-D diffusion problems):
 * HMIS coarsening, extended+i interpolation truncated to 4 entries per row, one level
 * of aggressive coarsening (smaller hierarchy, a few more iterations), hybrid
 * symmetric Gauss–Seidel smoothing, strength threshold 0.25. Convergence:
 * ‖r‖₂ ≤ rtol·‖b‖₂ (rtol default 1e-9, which keeps effective resistances within about
 * 1e-8 relative of the direct solve; the test suite checks 1e-6).
 *
 * MPI. Debian builds hypre with OpenMPI, so MPI must be initialised before hypre is
 * used. The first AMG solve of the process calls MPI_Init_thread (singleton start: no
 * mpirun; OpenMPI starts its helper daemon, ~0.5 s) unless the host program already
 * did; MPI is never finalised (the process's exit ends it). MPI's error handler on
 * MPI_COMM_SELF is set to return errors instead of aborting. hypre keeps global state
 * (its error flag, memory statistics), so AMG solves are serialised by one mutex:
 * re-entrant, but one AMG solve at a time per process. Debian's hypre has 32-bit
 * indices and no OpenMP: up to 2^31 − 1 matrix entries, one core per solve. */
#include "circuit_internal.h"

#include <stdlib.h>
#include <string.h>

#ifdef JE_HAVE_HYPRE

#include <HYPRE.h>
#include <HYPRE_krylov.h>
#include <HYPRE_parcsr_ls.h>
#include <mpi.h>

#include <limits.h>
#include <pthread.h>

int amg_available(void)
{
    return 1;
}

#if defined(__SANITIZE_ADDRESS__)
/* OpenMPI's start-up allocations live until the process ends (MPI is never finalised;
 * MPI_Finalize at exit unloads its components and leaks more): in ASan builds they are
 * made with LeakSanitizer paused, so that leak reports show only real leaks. */
#include <sanitizer/lsan_interface.h>
#define LSAN_PAUSE() __lsan_disable()
#define LSAN_RESUME() __lsan_enable()
#else
#define LSAN_PAUSE() ((void)0)
#define LSAN_RESUME() ((void)0)
#endif

static pthread_once_t mpi_once = PTHREAD_ONCE_INIT;
static int mpi_ready; /* written once under mpi_once */
static pthread_mutex_t hypre_lock = PTHREAD_MUTEX_INITIALIZER;

static void mpi_start(void)
{
    int on = 0, off = 0;
    MPI_Initialized(&on);
    MPI_Finalized(&off);
    if (off)
        return;
    LSAN_PAUSE();
    int provided = 0;
    if (on || MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided) == MPI_SUCCESS) {
        MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
        HYPRE_Init();
        /* load the collective components now (lazily loaded on first use) */
        double x = 1, y = 0;
        MPI_Allreduce(&x, &y, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_SELF);
        MPI_Barrier(MPI_COMM_SELF);
        mpi_ready = 1;
    }
    LSAN_RESUME();
}

typedef struct {
    HYPRE_IJMatrix A;
    HYPRE_IJVector b, x;
    HYPRE_Solver pcg, amg;
    HYPRE_BigInt *idx;
    double *tmp;
} amg_sys;

static void amg_free(amg_sys *s)
{
    if (s->pcg)
        HYPRE_ParCSRPCGDestroy(s->pcg);
    if (s->amg)
        HYPRE_BoomerAMGDestroy(s->amg);
    if (s->A)
        HYPRE_IJMatrixDestroy(s->A);
    if (s->b)
        HYPRE_IJVectorDestroy(s->b);
    if (s->x)
        HYPRE_IJVectorDestroy(s->x);
    free(s->idx);
    free(s->tmp);
    HYPRE_ClearAllErrors();
}

/* The IJ matrix from A, row block by row block (32-bit index copies stay small); A's
 * arrays are freed as soon as hypre holds the matrix. */
static int assemble(amg_sys *s, csr *A)
{
    int m = (int)A->m;
    HYPRE_Int *diag = malloc((size_t)m * sizeof *diag), *offd = calloc((size_t)m, sizeof *offd);
    if (!diag || !offd) {
        free(diag);
        free(offd);
        return -1;
    }
    for (int a = 0; a < m; a++)
        diag[a] = (HYPRE_Int)(A->rp[a + 1] - A->rp[a]);
    int bad = HYPRE_IJMatrixCreate(MPI_COMM_SELF, 0, m - 1, 0, m - 1, &s->A) ||
              HYPRE_IJMatrixSetObjectType(s->A, HYPRE_PARCSR) ||
              HYPRE_IJMatrixSetDiagOffdSizes(s->A, diag, offd) || HYPRE_IJMatrixInitialize(s->A);
    free(diag);
    free(offd);
    enum { BLOCK = 1 << 16 };
    size_t maxnz = 0;
    for (int a0 = 0; a0 < m; a0 += BLOCK) {
        int a1 = a0 + BLOCK < m ? a0 + BLOCK : m;
        size_t nz = (size_t)(A->rp[a1] - A->rp[a0]);
        maxnz = nz > maxnz ? nz : maxnz;
    }
    HYPRE_Int *ncols = malloc(BLOCK * sizeof *ncols);
    HYPRE_BigInt *rows = malloc(BLOCK * sizeof *rows);
    HYPRE_BigInt *cols = malloc((maxnz ? maxnz : 1) * sizeof *cols);
    if (!ncols || !rows || !cols)
        bad = -1;
    for (int a0 = 0; a0 < m && !bad; a0 += BLOCK) {
        int a1 = a0 + BLOCK < m ? a0 + BLOCK : m;
        int64_t p0 = A->rp[a0];
        for (int a = a0; a < a1; a++) {
            ncols[a - a0] = (HYPRE_Int)(A->rp[a + 1] - A->rp[a]);
            rows[a - a0] = a;
        }
        for (int64_t p = p0; p < A->rp[a1]; p++)
            cols[p - p0] = (HYPRE_BigInt)A->ci[p];
        bad = HYPRE_IJMatrixSetValues(s->A, a1 - a0, ncols, rows, cols, A->v + p0);
    }
    free(ncols);
    free(rows);
    free(cols);
    csr_free(A);
    memset(A, 0, sizeof *A);
    if (bad || HYPRE_IJMatrixAssemble(s->A))
        return -1;
    return 0;
}

static int vectors(amg_sys *s, int m)
{
    s->idx = malloc((size_t)m * sizeof *s->idx);
    s->tmp = calloc((size_t)m, sizeof *s->tmp);
    if (!s->idx || !s->tmp)
        return -1;
    for (int a = 0; a < m; a++)
        s->idx[a] = a;
    HYPRE_IJVector *v[2] = {&s->b, &s->x};
    for (int i = 0; i < 2; i++)
        if (HYPRE_IJVectorCreate(MPI_COMM_SELF, 0, m - 1, v[i]) ||
            HYPRE_IJVectorSetObjectType(*v[i], HYPRE_PARCSR) || HYPRE_IJVectorInitialize(*v[i]) ||
            HYPRE_IJVectorSetValues(*v[i], m, s->idx, s->tmp) || HYPRE_IJVectorAssemble(*v[i]))
            return -1;
    return 0;
}

static void amg_settings(HYPRE_Solver amg)
{
    HYPRE_BoomerAMGSetPrintLevel(amg, 0);
    HYPRE_BoomerAMGSetMaxIter(amg, 1); /* one V-cycle per CG iteration */
    HYPRE_BoomerAMGSetTol(amg, 0.0);
    HYPRE_BoomerAMGSetCoarsenType(amg, 10); /* HMIS */
    HYPRE_BoomerAMGSetInterpType(amg, 6);   /* extended+i */
    HYPRE_BoomerAMGSetPMaxElmts(amg, 4);
    HYPRE_BoomerAMGSetAggNumLevels(amg, 1);
    HYPRE_BoomerAMGSetRelaxType(amg, 6); /* hybrid symmetric Gauss–Seidel */
    HYPRE_BoomerAMGSetStrongThreshold(amg, 0.25);
}

static je_status solve_locked(csr *A, double *B, size_t k, const je_circuit_opts *o, je_error *err)
{
    int m = (int)A->m;
    double rtol = o->cg_rtol > 0 ? o->cg_rtol : 1e-9;
    int maxit = o->cg_max_iter > 0 && o->cg_max_iter < INT_MAX ? (int)o->cg_max_iter : 1000;
    amg_sys s;
    memset(&s, 0, sizeof s);
    je_status st = JE_OK;
    HYPRE_ParCSRMatrix par;
    HYPRE_ParVector pb, px;
    if (assemble(&s, A) || vectors(&s, m) || HYPRE_IJMatrixGetObject(s.A, (void **)&par) ||
        HYPRE_IJVectorGetObject(s.b, (void **)&pb) || HYPRE_IJVectorGetObject(s.x, (void **)&px)) {
        st = je_error_set(err, JE_ENOMEM,
                          "hypre could not hold the %d-node Laplacian (out of memory?)", m);
        goto done;
    }
    HYPRE_BoomerAMGCreate(&s.amg);
    amg_settings(s.amg);
    HYPRE_ParCSRPCGCreate(MPI_COMM_SELF, &s.pcg);
    HYPRE_PCGSetTol(s.pcg, rtol);
    HYPRE_PCGSetMaxIter(s.pcg, maxit);
    HYPRE_PCGSetTwoNorm(s.pcg, 1);
    HYPRE_PCGSetPrintLevel(s.pcg, 0);
    HYPRE_PCGSetPrecond(s.pcg, (HYPRE_PtrToSolverFcn)HYPRE_BoomerAMGSolve,
                        (HYPRE_PtrToSolverFcn)HYPRE_BoomerAMGSetup, s.amg);
    if (HYPRE_ParCSRPCGSetup(s.pcg, par, pb, px)) {
        st = je_error_set(err, JE_ESOLVER,
                          "BoomerAMG setup failed on the %d-node Laplacian "
                          "(hypre error %d); try --solver cholmod",
                          m, (int)HYPRE_GetError());
        goto done;
    }
    for (size_t j = 0; j < k && st == JE_OK; j++) {
        double *bj = B + (size_t)m * j;
        HYPRE_IJVectorSetValues(s.b, m, s.idx, bj);
        HYPRE_IJVectorSetValues(s.x, m, s.idx, s.tmp); /* x0 = 0 (tmp stays zero) */
        HYPRE_ClearAllErrors();
        HYPRE_ParCSRPCGSolve(s.pcg, par, pb, px);
        HYPRE_Int its = 0;
        double rel = 0;
        HYPRE_PCGGetNumIterations(s.pcg, &its);
        HYPRE_PCGGetFinalRelativeResidualNorm(s.pcg, &rel);
        if (its >= maxit && !(rel <= rtol)) {
            st = je_error_set(err, JE_ESOLVER,
                              "AMG-preconditioned CG did not converge in %d iterations on %d "
                              "nodes (relative residual %.2g, wanted %.2g); try --solver cholmod",
                              (int)its, m, rel, rtol);
            break;
        }
        HYPRE_IJVectorGetValues(s.x, m, s.idx, bj);
    }
done:
    amg_free(&s);
    return st;
}

je_status solve_amg(csr *A, double *B, size_t k, const je_circuit_opts *o, je_error *err)
{
    if (A->m <= 0 || k == 0) {
        csr_free(A);
        return JE_OK;
    }
    if (A->m > INT_MAX || A->rp[A->m] > INT_MAX) {
        int64_t m = A->m, nz = A->rp[A->m];
        csr_free(A);
        return je_error_set(err, JE_EINVAL,
                            "%lld nodes / %lld matrix entries exceed the 32-bit indices of "
                            "Debian's hypre; use --solver cholmod or cg",
                            (long long)m, (long long)nz);
    }
    pthread_once(&mpi_once, mpi_start);
    if (!mpi_ready) {
        csr_free(A);
        return je_error_set(err, JE_ESOLVER,
                            "MPI could not be started for hypre (AMG); use --solver cholmod or cg");
    }
    pthread_mutex_lock(&hypre_lock);
    je_status st = solve_locked(A, B, k, o, err);
    pthread_mutex_unlock(&hypre_lock);
    return st;
}

#else /* no hypre */

int amg_available(void)
{
    return 0;
}

je_status solve_amg(csr *A, double *B, size_t k, const je_circuit_opts *o, je_error *err)
{
    (void)B;
    (void)k;
    (void)o;
    csr_free(A);
    return je_error_set(err, JE_EINVAL,
                        "this build has no AMG solver (hypre was not found when it was built: "
                        "apt-get install libhypre-dev, then rebuild); use --solver cholmod or cg");
}

#endif
