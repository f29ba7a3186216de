#!/usr/bin/env bash
# bench/run_circuit.sh BUILD_DIR — Circuitscape-style pairwise circuit benchmark
# (bench_circuit): generated square rasters (resistances 1–10 from smooth noise, ~3 %
# no-data lakes), 10 focal nodes, pairwise with Circuitscape's defaults (8 neighbours,
# average conductance, cumulative current map); solver auto (CHOLMOD factor-once up to
# 2 M nodes, CG preconditioned by hypre's BoomerAMG above) unless BENCH_CIRCUIT_SOLVER
# says cholmod|amg|cg. Wall and CPU seconds and peak resident memory (getrusage
# ru_maxrss) per size, and the load average before each run.
#
# Peer: bench/circuit_scipy.py (Debian python3-scipy via /usr/bin/python3) builds the same
# graph from the same raster and solves it with scipy.sparse.linalg.splu (SuperLU; scipy
# has no sparse Cholesky), factor once, one solve per focal node; the resistance
# matrices must agree to 1e-8 relative. Run for sizes up to BENCH_CIRCUIT_PEER_MAX.
#
# Prints a Markdown section on stdout; progress on stderr.
# Settings: BENCH_CIRCUIT_CELLS="1000000 10000000"  BENCH_CIRCUIT_PEER_MAX=1000000
#           BENCH_CIRCUIT_FOCAL=10  BENCH_PYTHON=/usr/bin/python3  BENCH_CIRCUIT_SOLVER=auto
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: bench/run_circuit.sh BUILD_DIR" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
OUT="$ROOT/bench/out"
CELLS=${BENCH_CIRCUIT_CELLS:-"1000000 10000000"}
PEER_MAX=${BENCH_CIRCUIT_PEER_MAX:-1000000}
FOCAL=${BENCH_CIRCUIT_FOCAL:-10}
SOLVER=${BENCH_CIRCUIT_SOLVER:-auto}
PY=${BENCH_PYTHON:-/usr/bin/python3}
EXE="$BUILD/bench_circuit"
[ -x "$EXE" ] || { echo "bench/run_circuit.sh: $EXE is missing; build it: cmake --build $1 --target bench_circuit" >&2; exit 1; }
mkdir -p "$OUT"
HAVE_PEER=1
"$PY" -c 'import scipy, numpy' 2>/dev/null || HAVE_PEER=0
TOL=1e-8
kv() { sed -n "s/^$2=//p" "$1"; }

ROWS=()
PEER_ROWS=()
for n in $CELLS; do
    F="$OUT/circuit_$n.txt"
    DUMP=()
    [ "$HAVE_PEER" = 1 ] && [ "$n" -le "$PEER_MAX" ] && DUMP=(--dump "$OUT/circuit_$n")
    echo "circuit: $n cells, $FOCAL focal nodes" >&2
    LOAD=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo n/a)
    "$EXE" --cells "$n" --focal "$FOCAL" --solver "$SOLVER" "${DUMP[@]}" >"$F"
    cat "$F" >&2
    ROWS+=("| $(kv "$F" cells) ($(kv "$F" side)²) | $(kv "$F" nodes) | $(kv "$F" solves) | $(kv "$F" solver) | $(kv "$F" wall_s) | $(kv "$F" cpu_s) | $(kv "$F" maxrss_mb) | $LOAD |")
    if [ ${#DUMP[@]} -gt 0 ]; then
        P="$OUT/circuit_${n}_scipy.txt"
        echo "circuit: scipy peer on $n cells" >&2
        "$PY" "$ROOT/bench/circuit_scipy.py" "$OUT/circuit_$n" >"$P"
        cat "$P" >&2
        d=$(kv "$P" max_rel_diff)
        ok=$(awk -v d="$d" -v t="$TOL" 'BEGIN { print (d + 0 <= t + 0) ? "yes" : "NO" }')
        PEER_ROWS+=("| $(kv "$P" nodes) | $(kv "$P" factor_s) | $(kv "$P" solve_s) | $(kv "$P" wall_s) | $(kv "$P" maxrss_mb) | $d | $ok |")
        rm -f "$OUT/circuit_$n.f64"
    fi
done

echo
echo "## Circuit theory (pairwise, Circuitscape conventions)"
echo
CHOLMOD_V=$(dpkg-query -W -f='${Version}' libcholmod3 2>/dev/null || echo "?")
HYPRE_V=$(dpkg-query -W -f='${Version}' libhypre-dev 2>/dev/null || echo "not installed")
BLAS=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo "?")
case "$BLAS" in
    *openblas*) BLAS_NAME="OpenBLAS" ;;
    */blas/libblas*) BLAS_NAME="reference BLAS (single-threaded; OpenBLAS would be much faster)" ;;
    *) BLAS_NAME="$BLAS" ;;
esac
echo "Run $(date '+%Y-%m-%d %H:%M') on $(uname -m), $(nproc) cores; \`bench_circuit --cells N --focal $FOCAL --solver $SOLVER\` (generated raster, 8 neighbours, average conductance, cumulative current map; CHOLMOD (libcholmod3 $CHOLMOD_V, supernodal) on $BLAS_NAME; AMG: PCG + hypre BoomerAMG (libhypre $HYPRE_V), single-threaded). Time and memory cover graph building, factorization or AMG setup, solves and the current map."
echo
echo "| cells | nodes | solves | solver | wall s | CPU s | peak RSS MB | load before |"
echo "|---|---:|---:|---|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
if [ ${#PEER_ROWS[@]} -gt 0 ]; then
    echo "Peer: scipy $("$PY" -c 'import scipy; print(scipy.__version__)') \`splu\` (SuperLU, MMD_AT_PLUS_A ordering) on the same rasters, factor once (bench/circuit_scipy.py); the whole script's peak RSS."
    echo
    echo "| nodes | factor s | solve s | wall s (incl. graph) | peak RSS MB | max rel. diff | within $TOL |"
    echo "|---:|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${PEER_ROWS[@]}"
    echo
elif [ "$HAVE_PEER" = 1 ]; then
    echo "- Peer: not run at these sizes (scipy runs up to BENCH_CIRCUIT_PEER_MAX=$PEER_MAX cells; SuperLU needs far more time and memory than CHOLMOD)."
else
    echo "- Peer: not run (needs $PY with scipy: apt-get install python3-scipy)."
fi
echo "- Circuitscape's own published benchmarks (Circuitscape.jl; Anantharaman et al. 2020, JuliaCon proceedings) are not rerun here; compare the sizes and times stated there with the table above."
echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a) (wall times on a shared machine include waiting; CPU times do not)."
