#!/usr/bin/env bash
# bench/run_allocation.sh BUILD_DIR — the water-allocation LP benchmark (bench_allocation):
# a generated basin of 10,000 nodes x 12 months, solved lexicographically (one LP per
# priority level) and weighted (one LP); LP size, parse and solve times. Prints a
# Markdown section on stdout (bench/run.sh appends it to bench/out/results.md);
# progress on stderr.
#
# Peer: when the standalone CBC binary (`cbc`, Debian package coinor-cbc) or GLPK's
# `glpsol` is on the PATH, the first lexicographic LP (written by je_lp_write in CPLEX
# LP format) is solved by it in the same run and its time and objective are shown.
# Settings: BENCH_ALLOC_NODES=10000  BENCH_ALLOC_REPEAT=1  BENCH_ALLOC_SEED=20220601
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: bench/run_allocation.sh BUILD_DIR" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
OUT="$ROOT/bench/out"
NODES=${BENCH_ALLOC_NODES:-10000}
REPEAT=${BENCH_ALLOC_REPEAT:-1}
SEED=${BENCH_ALLOC_SEED:-20220601}
EXE="$BUILD/bench_allocation"
[ -x "$EXE" ] || { echo "bench/run_allocation.sh: $EXE is missing; build it: cmake --build $1 --target bench_allocation" >&2; exit 1; }
mkdir -p "$OUT"
F="$OUT/allocation.txt"
LP="$OUT/allocation_stage1.lp"
kv() { sed -n "s/^$1=//p" "$F"; }
group() { awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); r = "";
    while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
    print s r }'; }

echo "allocation: $NODES nodes x 12 months (seed $SEED, repeat $REPEAT)" >&2
PEER=""
command -v cbc >/dev/null && PEER=cbc
[ -z "$PEER" ] && command -v glpsol >/dev/null && PEER=glpsol
LPARG=()
[ -n "$PEER" ] && LPARG=(--lp "$LP")
"$EXE" --nodes "$NODES" --seed "$SEED" --repeat "$REPEAT" "${LPARG[@]}" >"$F"
cat "$F" >&2

PEER_ROW=""
if [ -n "$PEER" ]; then
    echo "allocation: peer $PEER on $LP" >&2
    t0=$EPOCHREALTIME
    if [ "$PEER" = cbc ]; then
        cbc "$LP" solve >"$OUT/allocation_peer.log" 2>&1 || true
        obj=$(sed -n 's/^Objective value: *//p' "$OUT/allocation_peer.log" | tail -1)
    else
        glpsol --lp "$LP" --output "$OUT/allocation_peer.out" >"$OUT/allocation_peer.log" 2>&1 || true
        obj=$(sed -n 's/^Objective: *obj = *\([^ ]*\).*/\1/p' "$OUT/allocation_peer.out" | tail -1)
    fi
    t1=$EPOCHREALTIME
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    PEER_ROW="| stage 1 of lexicographic by the $PEER binary (LP file; objective ${obj:-?}) | 1 | | $secs (incl. reading) | | |"
fi

echo
echo "## Water allocation LP"
echo
echo "Run $(date '+%Y-%m-%d %H:%M') on $(uname -m), $(nproc) cores; \`bench_allocation --nodes $NODES\` (generated basin: a tree with confluences, diversions every 100 nodes, return links, ecological minima on 5 % of links, one yearly 50/50 share). CBC via solver.h, one thread."
echo
echo "| | value |"
echo "|---|---:|"
echo "| nodes / links / demands | $(group "$(kv nodes)") / $(group "$(kv links)") / $(group "$(kv demands)") |"
echo "| scheme JSON, parse (je_alloc_scheme_parse) | $(group "$(kv json_bytes)") bytes, $(kv parse_s) s wall, $(kv parse_cpu_s) s CPU |"
echo "| LP rows x columns (nonzeros) | $(group "$(kv lexicographic_rows)") x $(group "$(kv lexicographic_cols)") ($(group "$(kv lexicographic_nonzeros)")) |"
echo
echo "| mode | solves | solver s (wall) | build + solve s (wall) | build + solve s (CPU) | delivered % of demand |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| lexicographic | $(kv lexicographic_solves) | $(kv lexicographic_solver_s) | $(kv lexicographic_wall_s) | $(kv lexicographic_cpu_s) | $(kv lexicographic_delivered_pct) |"
echo "| weighted | $(kv weighted_solves) | $(kv weighted_solver_s) | $(kv weighted_wall_s) | $(kv weighted_cpu_s) | $(kv weighted_delivered_pct) |"
[ -n "$PEER_ROW" ] && echo "$PEER_ROW"
echo
if [ -z "$PEER" ]; then
    echo "- Peer: none on this machine (no \`cbc\` or \`glpsol\` binary); with one installed, the first LP is solved by it in the same run."
fi
echo "- Both modes must deliver the same volume by priority (the tests check this on the demo scheme)."
echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a) (wall times on a shared machine include waiting; CPU times do not)."
