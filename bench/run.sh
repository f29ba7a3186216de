#!/usr/bin/env bash
# bench/run.sh BUILD_DIR — the jointenv benchmarks, each against a peer in the same run
# (see docs/BENCHMARKS.md). `make bench` builds the `benchmarks` target and runs this.
#
#   1. import: `jointenv import water-samples` of a generated wide CSV (5,000,000 rows)
#      vs the sqlite3 shell's `.import --csv` of the same file into a plain table.
#   2. classify: je_gb3838_classify over 10,000,000 in-memory samples (bench_classify)
#      vs a numpy implementation over the same data (bench/classify_numpy.py).
#
# Prints a summary table and writes bench/out/results.md. Inputs and databases are
# written to bench/out/ (ignored by git). Settings (environment):
#   BENCH_ROWS=5000000  BENCH_SECTIONS=200  BENCH_ORDER=time|section  BENCH_REPEAT=3
#   BENCH_CLASSIFY_N=10000000  BENCH_CLASSIFY_REPEAT=3
#   BENCH_PYTHON=/usr/bin/python3 (needs numpy)  BENCH_SQLITE3=sqlite3
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: bench/run.sh BUILD_DIR" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
OUT="$ROOT/bench/out"
ROWS=${BENCH_ROWS:-5000000}
SECTIONS=${BENCH_SECTIONS:-200}
ORDER=${BENCH_ORDER:-time}
REPEAT=${BENCH_REPEAT:-3}
CN=${BENCH_CLASSIFY_N:-10000000}
CREPEAT=${BENCH_CLASSIFY_REPEAT:-3}
PY=${BENCH_PYTHON:-/usr/bin/python3}
SQLITE3=${BENCH_SQLITE3:-sqlite3}
J="$BUILD/jointenv"

for exe in "$J" "$BUILD/bench_gen_samples" "$BUILD/bench_classify"; do
    if [ ! -x "$exe" ]; then
        echo "bench/run.sh: $exe is missing; build it: cmake --build $1 --target benchmarks" >&2
        exit 1
    fi
done
if ! command -v "$SQLITE3" >/dev/null; then
    echo "bench/run.sh: the sqlite3 shell (the import peer) is missing: apt-get install sqlite3" >&2
    exit 1
fi
mkdir -p "$OUT"

say() { printf '\n== %s\n' "$*" >&2; }
fail() { echo "bench/run.sh: $*" >&2; exit 1; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minmax() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.0f}" 'BEGIN { printf f, a / b }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
# 1234567 -> 1,234,567 ("n/a" stays)
group() {
    case "$1" in n/a) echo n/a ;; *) awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); r = "";
        while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
        print s r }' ;; esac
}
filesize() { local s=0 f; for f in "$@"; do [ -f "$f" ] && s=$((s + $(stat -c %s "$f"))); done; echo "$s"; }
kv() { sed -n "s/^$1=//p" "$2"; }

START=$(date '+%Y-%m-%d %H:%M')
T_START=$EPOCHREALTIME

# Time one jointenv import of $1 into a fresh $DB (after init, jurisdictions and
# sections); check the count $2 (SQL) equals $ROWS; print the seconds.
jointenv_import() {
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$J" --db "$DB" init >/dev/null
    "$J" --db "$DB" import jurisdictions "$OUT/jurisdictions.csv" >/dev/null
    "$J" --db "$DB" import sections "$OUT/sections.csv" >/dev/null
    sync
    local t0=$EPOCHREALTIME t1 n
    "$J" --db "$DB" import water-samples "$1" >"$OUT/import.log" ||
        fail "jointenv import of $1 failed (exit $?); see above and $OUT/import.log"
    t1=$EPOCHREALTIME
    n=$("$SQLITE3" "$DB" "$2")
    [ "$n" = "$ROWS" ] || fail "jointenv stored $n (by: $2), expected $ROWS"
    elapsed "$t0" "$t1"
}

# Time the peer: the sqlite3 shell's .import of $1 into a fresh table $2 with
# columns $3, one transaction, jointenv's journal settings; print the seconds.
peer_import() {
    rm -f "$PDB" "$PDB-wal" "$PDB-shm"
    "$SQLITE3" "$PDB" "PRAGMA journal_mode=WAL; CREATE TABLE $2($3);" >/dev/null
    sync
    local t0=$EPOCHREALTIME t1 n
    "$SQLITE3" -bail "$PDB" <<EOF || fail "sqlite3 .import failed"
PRAGMA synchronous=NORMAL;
PRAGMA $CACHE;
BEGIN;
.import --csv --skip 1 $1 $2
COMMIT;
EOF
    t1=$EPOCHREALTIME
    n=$("$SQLITE3" "$PDB" "SELECT count(*) FROM $2")
    [ "$n" = "$ROWS" ] || fail "sqlite3 stored $n rows, expected $ROWS"
    elapsed "$t0" "$t1"
}

# ---- 1. import --------------------------------------------------------------------
say "import: generating $ROWS rows over $SECTIONS sections (order: $ORDER) into bench/out/"
"$BUILD/bench_gen_samples" "$OUT" --rows "$ROWS" --sections "$SECTIONS" --order "$ORDER"
CSV="$OUT/samples.csv"
CSV_BYTES=$(filesize "$CSV")

DB="$OUT/bench.db"
PDB="$OUT/peer.db"
# The peer uses the same journal settings as jointenv (src/store/db.c): WAL,
# synchronous=NORMAL and the same page cache.
CACHE=$(grep -o 'cache_size=-[0-9]*' "$ROOT/src/store/db.c" 2>/dev/null | head -1 || true)
CACHE=${CACHE:-cache_size=-65536}
COLS="section TEXT, sampled_at TEXT, ph REAL, do REAL, codmn REAL, cod REAL, bod5 REAL, nh3n REAL, tp REAL, tn REAL, fcoli REAL"

J_T=() P_T=()
for r in $(seq 1 "$REPEAT"); do
    say "import run $r/$REPEAT: jointenv"
    J_T+=("$(jointenv_import "$CSV" "SELECT count(*) FROM water_sample")")
    printf '   %s s, %s rows/s\n' "${J_T[-1]}" "$(div "$ROWS" "${J_T[-1]}")" >&2
    say "import run $r/$REPEAT: sqlite3 .import (peer)"
    P_T+=("$(peer_import "$CSV" water_sample "$COLS")")
    printf '   %s s, %s rows/s\n' "${P_T[-1]}" "$(div "$ROWS" "${P_T[-1]}")" >&2
done
J_MED=$(median "${J_T[@]}")
P_MED=$(median "${P_T[@]}")
J_RPS=$(div "$ROWS" "$J_MED")
P_RPS=$(div "$ROWS" "$P_MED")
IMPORT_RATIO=$(div "$J_RPS" "$P_RPS" "%.2f")
J_SIZE=$(filesize "$DB" "$DB-wal")
P_SIZE=$(filesize "$PDB" "$PDB-wal")
if awk -v r="$J_RPS" 'BEGIN { exit !(r >= 1000000) }'; then TARGET="met"; else TARGET="NOT met"; fi
rm -f "$DB" "$DB-wal" "$DB-shm" "$PDB" "$PDB-wal" "$PDB-shm" "$CSV" # disk: keep one at a time

# ---- 1b. import, long layout (one row per value) ----------------------------------
say "import (long layout): generating $ROWS value rows over $SECTIONS sections"
"$BUILD/bench_gen_samples" "$OUT" --rows "$ROWS" --sections "$SECTIONS" --layout long
LCSV="$OUT/samples_long.csv"
LCSV_BYTES=$(filesize "$LCSV")
VALUES_SQL="SELECT count(v_ph)+count(v_do)+count(v_codmn)+count(v_cod)+count(v_bod5)+count(v_nh3n)+count(v_tp)+count(v_tn)+count(v_fcoli) FROM water_sample"
LJ_T=() LP_T=()
for r in $(seq 1 "$REPEAT"); do
    say "long import run $r/$REPEAT: jointenv"
    LJ_T+=("$(jointenv_import "$LCSV" "$VALUES_SQL")")
    LSAMPLES=$("$SQLITE3" "$DB" "SELECT count(*) FROM water_sample")
    printf '   %s s, %s rows/s (%s samples)\n' "${LJ_T[-1]}" "$(div "$ROWS" "${LJ_T[-1]}")" "$LSAMPLES" >&2
    say "long import run $r/$REPEAT: sqlite3 .import (peer)"
    LP_T+=("$(peer_import "$LCSV" water_value "section TEXT, sampled_at TEXT, item TEXT, value TEXT")")
    printf '   %s s, %s rows/s\n' "${LP_T[-1]}" "$(div "$ROWS" "${LP_T[-1]}")" >&2
done
LJ_MED=$(median "${LJ_T[@]}")
LP_MED=$(median "${LP_T[@]}")
LJ_RPS=$(div "$ROWS" "$LJ_MED")
LP_RPS=$(div "$ROWS" "$LP_MED")
LONG_RATIO=$(div "$LJ_RPS" "$LP_RPS" "%.2f")
if awk -v r="$LJ_RPS" 'BEGIN { exit !(r >= 1000000) }'; then LTARGET="met"; else LTARGET="NOT met"; fi
rm -f "$PDB" "$PDB-wal" "$PDB-shm"

# ---- 2. classify ------------------------------------------------------------------
say "classify: je_gb3838_classify over $CN samples (C, single thread)"
"$BUILD/bench_classify" --n "$CN" --repeat "$CREPEAT" >"$OUT/classify_c.txt"
C_NS=$(kv ns_per_sample "$OUT/classify_c.txt")
C_SPS=$(kv samples_per_s "$OUT/classify_c.txt")
C_SUM=$(kv checksum "$OUT/classify_c.txt")
printf '   %s ns/sample, %s samples/s, checksum %s\n' "$C_NS" "$C_SPS" "$C_SUM" >&2

NP_NS="n/a" NP_SPS="n/a" NP_SUM="n/a" CLASSIFY_RATIO="n/a" CHECK="numpy peer not run"
NP_VER="n/a"
if "$PY" -c 'import numpy' 2>/dev/null; then
    say "classify: numpy peer over the same $CN samples ($PY)"
    "$PY" "$ROOT/bench/classify_numpy.py" --n "$CN" --repeat "$CREPEAT" >"$OUT/classify_numpy.txt"
    NP_NS=$(kv ns_per_sample "$OUT/classify_numpy.txt")
    NP_SPS=$(kv samples_per_s "$OUT/classify_numpy.txt")
    NP_SUM=$(kv checksum "$OUT/classify_numpy.txt")
    NP_VER=$(kv numpy "$OUT/classify_numpy.txt")
    printf '   %s ns/sample, %s samples/s, checksum %s\n' "$NP_NS" "$NP_SPS" "$NP_SUM" >&2
    for key in data_xor checksum item_checksum hist; do
        a=$(kv "$key" "$OUT/classify_c.txt") b=$(kv "$key" "$OUT/classify_numpy.txt")
        [ "$a" = "$b" ] || fail "classify: $key differs between C ($a) and numpy ($b)"
    done
    CHECK="same data and classes (data_xor, checksum, item_checksum, hist agree)"
    CLASSIFY_RATIO=$(div "$C_SPS" "$NP_SPS" "%.2f")
else
    echo "bench/run.sh: $PY has no numpy; the classify peer is skipped" >&2
fi
HIST=$(kv hist "$OUT/classify_c.txt")

# ---- summary ----------------------------------------------------------------------
CC=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
CCV=$("${CC:-cc}" --version 2>/dev/null | head -1 || echo unknown)
BTYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
SQLV=$("$SQLITE3" --version | cut -d' ' -f1)
MEM=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
OS=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -s)
TOTAL=$(elapsed "$T_START" "$EPOCHREALTIME")

{
    echo "# jointenv benchmark results"
    echo
    echo "Run $START on $(uname -m), $(nproc) cores, $MEM, $OS; $CCV, build type ${BTYPE:-?};"
    echo "sqlite3 $SQLV; numpy $NP_VER. Whole run: ${TOTAL%.*} s."
    echo
    echo "| benchmark | jointenv | peer | ratio (jointenv / peer) |"
    echo "|---|---:|---:|---:|"
    echo "| import $(group "$ROWS") rows, wide CSV ($(mib "$CSV_BYTES") MiB), rows/s | $(group "$J_RPS") | $(group "$P_RPS") (sqlite3 .import) | $IMPORT_RATIO |"
    echo "| import wall time, s (median of $REPEAT; range) | $J_MED ($(minmax "${J_T[@]}")) | $P_MED ($(minmax "${P_T[@]}")) | |"
    echo "| database size, MiB | $(mib "$J_SIZE") | $(mib "$P_SIZE") | |"
    echo "| import $(group "$ROWS") rows, long CSV ($(mib "$LCSV_BYTES") MiB, $(group "$LSAMPLES") samples), rows/s | $(group "$LJ_RPS") | $(group "$LP_RPS") (sqlite3 .import) | $LONG_RATIO |"
    echo "| long import wall time, s (median of $REPEAT; range) | $LJ_MED ($(minmax "${LJ_T[@]}")) | $LP_MED ($(minmax "${LP_T[@]}")) | |"
    echo "| classify $(group "$CN") samples, samples/s (best of $CREPEAT) | $(group "$C_SPS") | $(group "$NP_SPS") (numpy) | $CLASSIFY_RATIO |"
    echo "| classify, ns/sample | $C_NS | $NP_NS | |"
    echo
    echo "- Import target ≥ 1,000,000 rows/s: wide layout (a row = a sample of 9 items) **$TARGET** ($(group "$J_RPS") rows/s);"
    echo "  long layout (a row = one value) **$LTARGET** ($(group "$LJ_RPS") rows/s)."
    echo "- Import: \`jointenv import water-samples\` end to end (process start to exit: parse,"
    echo "  validate, SHA-256 of the file, insert, audit, commit, checkpoint) after init and"
    echo "  the import of jurisdictions and $SECTIONS sections; rows ordered by $ORDER."
    echo "  Peer: sqlite3 shell \`.import --csv\` of the same file into a plain table of the"
    echo "  same 11 columns, one transaction, WAL, synchronous=NORMAL, $CACHE; no validation."
    echo "- Classify: checksum (sum of classes) $C_SUM; C and numpy: $CHECK."
    echo "  Samples per class NONE,I,II,III,IV,V,劣V: $HIST."
} >"$OUT/results.md"

say "summary (also in bench/out/results.md)"
printf '\n%-34s %16s %16s %8s\n' "benchmark" "jointenv" "peer" "ratio"
printf '%-34s %16s %16s %8s\n' "----------------------------------" "----------------" "----------------" "--------"
printf '%-34s %16s %16s %8s\n' "import, rows/s" "$(group "$J_RPS")" "$(group "$P_RPS")" "$IMPORT_RATIO"
printf '%-34s %16s %16s %8s\n' "import wall time, s (median)" "$J_MED" "$P_MED" ""
printf '%-34s %16s %16s %8s\n' "database size, MiB" "$(mib "$J_SIZE")" "$(mib "$P_SIZE")" ""
printf '%-34s %16s %16s %8s\n' "import long layout, rows/s" "$(group "$LJ_RPS")" "$(group "$LP_RPS")" "$LONG_RATIO"
printf '%-34s %16s %16s %8s\n' "classify, samples/s" "$(group "$C_SPS")" "$(group "$NP_SPS")" \
    "$CLASSIFY_RATIO"
printf '%-34s %16s %16s %8s\n' "classify, ns/sample" "$C_NS" "$NP_NS" ""
printf '\nimport peer: sqlite3 .import; classify peer: numpy. ratio = jointenv / peer (higher is better for jointenv).\n'
printf 'import target >= 1,000,000 rows/s: wide %s, long %s. classify check: %s.\n' "$TARGET" "$LTARGET" "$CHECK"
printf 'whole run: %s s\n' "${TOTAL%.*}"
