#!/usr/bin/env bash
# bench/run_diversity.sh BUILD_DIR — diversity indices on 1,000,000 occurrences:
# `jointenv ecology diversity --input` (CSV in and out, every index of issue 9: S, N,
# Shannon, Simpson, inverse Simpson, Pielou, Chao1 with its interval, ACE) against a
# vectorised numpy peer (bench/diversity_numpy.py: the indices numpy computes in a few
# lines, without ACE and the Chao1 interval) on the same generated file; the common
# columns must agree to 1e-9 relative. Prints a Markdown section on stdout.
# Settings: BENCH_DIVERSITY_ROWS=1000000  BENCH_DIVERSITY_SITES=2000
#   BENCH_DIVERSITY_SPECIES=3000  BENCH_DIVERSITY_SEED=2022  BENCH_PYTHON=/usr/bin/python3
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: bench/run_diversity.sh BUILD_DIR" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
OUT="$ROOT/bench/out"
ROWS=${BENCH_DIVERSITY_ROWS:-1000000}
SITES=${BENCH_DIVERSITY_SITES:-2000}
SPECIES=${BENCH_DIVERSITY_SPECIES:-3000}
SEED=${BENCH_DIVERSITY_SEED:-2022}
PY=${BENCH_PYTHON:-/usr/bin/python3}
CLI="$BUILD/jointenv"
[ -x "$CLI" ] || { echo "bench/run_diversity.sh: $CLI is missing; build it" >&2; exit 1; }
mkdir -p "$OUT"
IN="$OUT/diversity_in.csv"
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

echo "diversity: generating $ROWS occurrences at $SITES sites ($SPECIES species, seed $SEED)" >&2
"$PY" "$ROOT/bench/diversity_numpy.py" gen "$IN" "$ROWS" "$SITES" "$SPECIES" "$SEED"
echo "diversity: jointenv ecology diversity" >&2
t0=$EPOCHREALTIME
"$CLI" --format csv ecology diversity --input "$IN" >"$OUT/diversity_c.csv"
t1=$EPOCHREALTIME
C_S=$(secs "$t0" "$t1")
echo "diversity: numpy peer" >&2
t0=$EPOCHREALTIME
NP_COMPUTE=$("$PY" "$ROOT/bench/diversity_numpy.py" run "$IN" "$OUT/diversity_np.csv" 2>&1 >/dev/null | tail -1)
t1=$EPOCHREALTIME
NP_S=$(secs "$t0" "$t1")
CMP=$("$PY" - "$OUT/diversity_c.csv" "$OUT/diversity_np.csv" <<'PYEOF'
import csv, sys
c = {r["site"]: r for r in csv.DictReader(open(sys.argv[1]))}
n = {r["site"]: r for r in csv.DictReader(open(sys.argv[2]))}
assert set(c) == set(n), "different sites"
worst = 0.0
for k, r in n.items():
    for col in ("S", "N", "shannon", "simpson", "invsimpson", "pielou", "chao1"):
        a, b = float(c[k][col]), float(r[col])
        worst = max(worst, abs(a - b) / max(abs(b), 1e-300))
print(f"{len(n)} {worst:.2e}")
PYEOF
)
NSITES=${CMP% *}
WORST=${CMP#* }
OK=$(awk -v w="$WORST" 'BEGIN { print (w <= 1e-9) ? "yes" : "NO" }')
cat <<MD
## Diversity indices on $ROWS occurrences

Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg).
Generated file: $ROWS rows (site,species,count), $NSITES sites, $SPECIES species (seed $SEED).

| | wall s (CSV in and out) | of which compute s | indices |
|---|---:|---:|---|
| jointenv ecology diversity | $C_S | — | S, N, Shannon, Simpson, inverse Simpson, Pielou, Chao1 + 95 % interval, ACE |
| numpy (bench/diversity_numpy.py) | $NP_S | $NP_COMPUTE | S, N, Shannon, Simpson, inverse Simpson, Pielou, Chao1 |

Largest relative difference over the common columns: $WORST (agreement ≤ 1e-9: $OK).
MD
