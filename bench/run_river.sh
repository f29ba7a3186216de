#!/usr/bin/env bash
# bench/run_river.sh BUILD_DIR — the river model benchmark (bench_river): a generated
# 1,000,000-reach tree, the month sweep (goal <= 0.5 s on one core), the attribution of
# 1,000 sections to 1,000 loads, and the DO-sag calculator against its numpy peer
# (bench/river_numpy.py) on the same 1,000,000 cases, which must agree to 1e-9
# relative. Prints a Markdown section on stdout (bench/run.sh appends it to
# bench/out/results.md); progress on stderr.
# Settings: BENCH_RIVER_REACHES=1000000  BENCH_RIVER_SOURCES=1000  BENCH_RIVER_SECTIONS=1000
#   BENCH_RIVER_DOSAG=1000000  BENCH_RIVER_REPEAT=3  BENCH_RIVER_SEED=20220301
#   BENCH_PYTHON=/usr/bin/python3 (needs numpy)
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: bench/run_river.sh BUILD_DIR" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
OUT="$ROOT/bench/out"
REACHES=${BENCH_RIVER_REACHES:-1000000}
SOURCES=${BENCH_RIVER_SOURCES:-1000}
SECTIONS=${BENCH_RIVER_SECTIONS:-1000}
DOSAG=${BENCH_RIVER_DOSAG:-1000000}
REPEAT=${BENCH_RIVER_REPEAT:-3}
SEED=${BENCH_RIVER_SEED:-20220301}
PY=${BENCH_PYTHON:-/usr/bin/python3}
EXE="$BUILD/bench_river"
CLI="$BUILD/jointenv"
for f in "$EXE" "$CLI"; do
    [ -x "$f" ] || { echo "bench/run_river.sh: $f is missing; build it: cmake --build $1 --target bench_river jointenv" >&2; exit 1; }
done
mkdir -p "$OUT"
F="$OUT/river.txt"
kv() { sed -n "s/^$1=//p" "$F"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

echo "river: $REACHES reaches, $SOURCES loads, $SECTIONS sections, $DOSAG DO-sag cases (seed $SEED, best of $REPEAT)" >&2
"$EXE" "$OUT" --reaches "$REACHES" --sources "$SOURCES" --sections "$SECTIONS" --dosag "$DOSAG" \
    --seed "$SEED" --repeat "$REPEAT" >"$F"
cat "$F" >&2

IN=$(kv dosag_csv)
echo "river: jointenv river dosag on $IN" >&2
t0=$EPOCHREALTIME
"$CLI" --format csv river dosag --input "$IN" >"$OUT/river_dosag_c.csv"
t1=$EPOCHREALTIME
CLI_S=$(secs "$t0" "$t1")
echo "river: numpy peer" >&2
t0=$EPOCHREALTIME
NP_COMPUTE=$("$PY" "$ROOT/bench/river_numpy.py" "$IN" "$OUT/river_dosag_np.csv" 2>&1 >/dev/null | tail -1)
t1=$EPOCHREALTIME
NP_S=$(secs "$t0" "$t1")

# Compare every figure: relative difference where the reference is above 1e-6, absolute
# below (t_crit 0, deficits 0 at x = 0).
CMP=$("$PY" - "$OUT/river_dosag_c.csv" "$OUT/river_dosag_np.csv" <<'EOF'
import sys
import numpy as np
def load(p):
    with open(p) as f:
        head = f.readline().strip().split(",")
        rows = [l.rstrip("\n").split(",") for l in f]
    return head, rows
hc, rc = load(sys.argv[1])
hn, rn = load(sys.argv[2])
assert hc == hn, (hc, hn)
assert len(rc) == len(rn), (len(rc), len(rn))
assert all(a[0] == b[0] for a, b in zip(rc, rn))
def arr(rows):
    return np.array([[float(v) if v else np.nan for v in r[1:]] for r in rows])
a, b = arr(rc), arr(rn)
assert np.array_equal(np.isnan(a), np.isnan(b)), "empty cells differ"
ok = ~np.isnan(b)
big = ok & (np.abs(b) > 1e-6)
rel = np.max(np.abs(a[big] - b[big]) / np.abs(b[big])) if big.any() else 0.0
ab = np.max(np.abs(a[ok & ~big] - b[ok & ~big])) if (ok & ~big).any() else 0.0
print("%.3g %.3g %d" % (rel, ab, ok.sum()))
EOF
)
read -r REL ABS NVALS <<<"$CMP"
AGREE=$(awk -v r="$REL" -v a="$ABS" 'BEGIN { print (r <= 1e-9 && a <= 1e-12) ? "yes" : "NO" }')
GOAL=$(awk -v s="$(kv sweep_cpu_s)" 'BEGIN { print (s <= 0.5) ? "met" : "not met" }')

echo
echo "## River model"
echo
echo "Generated tree of $(kv reaches) channel reaches (bench/bench_river.c: main stems of"
echo "about 2,000 reaches, hydraulic geometry, local inflow on every reach), $(kv sources)"
echo "point loads, $(kv sections) sections, 22 C, O'Connor-Dobbins; best of $REPEAT, one"
echo "thread. Wall time, and the thread's CPU time (the wall time includes waiting for a"
echo "core on a shared machine). $(nproc) cores; $(date -u +%Y-%m-%d)."
echo
echo "| step | wall s | CPU s | notes |"
echo "|---|---:|---:|---|"
echo "| build network (API) | $(kv build_s) | | codes hashed, strings copied |"
echo "| validate (order, events) | $(kv validate_s) | | |"
echo "| month sweep | $(kv sweep_s) | $(kv sweep_cpu_s) | goal <= 0.5 s: $GOAL |"
echo "| month sweep with per-reach results | $(kv sweep_reach_results_s) | $(kv sweep_reach_results_cpu_s) | |"
echo "| attribution $(kv sections) sections x $(kv sources) loads | $(kv attribution_s) | $(kv attribution_cpu_s) | two full sweeps (model, background) + each load followed downstream; max sum error $(kv attribution_max_sum_error_mg_l) mg/L |"
echo
echo "DO-sag calculator, $(kv dosag_cases) cases:"
echo
echo "| implementation | s | notes |"
echo "|---|---:|---|"
echo "| je_river_sp_critical + je_river_sp_deficit (C, in memory) | $(kv dosag_s) | CPU $(kv dosag_cpu_s) s |"
echo "| jointenv river dosag (CSV in, CSV out) | $CLI_S | includes parsing and writing |"
echo "| bench/river_numpy.py (numpy, vectorised) | $NP_S | of which computing $NP_COMPUTE s |"
echo
echo "Agreement over $NVALS figures: max relative difference $REL, max absolute $ABS where"
echo "the figure is below 1e-6 (goal 1e-9 relative): $AGREE."
[ "$AGREE" = yes ]
