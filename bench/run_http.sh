#!/usr/bin/env bash
# bench/run_http.sh BUILD_DIR — the HTTP API under load: wrk (64 connections, 30 s) on
# a list endpoint and a GeoJSON endpoint of `jointenv serve` over the demo database,
# against nginx serving the very same response bodies as static files on the same
# machine in the same run (the ceiling for a cached read). Prints a Markdown section.
# Settings: BENCH_HTTP_SECONDS=30 BENCH_HTTP_CONNECTIONS=64 BENCH_HTTP_THREADS=2
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
OUT="$ROOT/bench/out/http"
J="$BUILD/jointenv"
DUR=${BENCH_HTTP_SECONDS:-30}
CONN=${BENCH_HTTP_CONNECTIONS:-64}
THR=${BENCH_HTTP_THREADS:-2}
need() {
    command -v "$1" >/dev/null && return
    echo "bench/run_http.sh: installing $2 (the load generator or the peer)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
need wrk wrk
need nginx nginx-light
need curl curl
rm -rf "$OUT" && mkdir -p "$OUT/static/api/v1"
DB="$OUT/demo.db"
"$J" --db "$DB" demo >/dev/null
"$J" --db "$DB" serve --port 0 --threads "$THR" 2>"$OUT/serve.log" &
SPID=$!
NPID=
cleanup() {
    kill "$SPID" 2>/dev/null || true
    [ -n "$NPID" ] && kill "$NPID" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 50); do grep -q 'http://' "$OUT/serve.log" && break; sleep 0.1; done
PORT=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$OUT/serve.log" | head -1)
[ -n "$PORT" ] || { cat "$OUT/serve.log" >&2; exit 1; }
LIST="/api/v1/sections?limit=100"
GEO="/api/v1/sections.geojson"
curl -sf "http://127.0.0.1:$PORT$LIST" >"$OUT/static/api/v1/sections"
curl -sf "http://127.0.0.1:$PORT$GEO" >"$OUT/static/api/v1/sections.geojson"
NPORT=$((PORT + 1))
cat >"$OUT/nginx.conf" <<CONF
worker_processes $THR;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/json;
    client_body_temp_path $OUT/tmp; proxy_temp_path $OUT/tmp; fastcgi_temp_path $OUT/tmp;
    uwsgi_temp_path $OUT/tmp; scgi_temp_path $OUT/tmp;
    server { listen 127.0.0.1:$NPORT; root $OUT/static; etag on; }
}
CONF
mkdir -p "$OUT/tmp"
nginx -c "$OUT/nginx.conf" -g 'daemon off;' &
NPID=$!
sleep 0.5
cmp -s <(curl -sf "http://127.0.0.1:$NPORT$LIST") "$OUT/static/api/v1/sections" ||
    { echo "bench/run_http.sh: nginx does not serve the copied body" >&2; exit 1; }
# wrk's "Requests/sec", the 99th percentile and the error counts of one run
load() {
    local url=$1 f=$2
    wrk -t2 -c"$CONN" -d"${DUR}s" --latency "$url" >"$f"
    RPS=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$f")
    P99=$(awk '$1 == "99%" { print $2 }' "$f")
    ERR=$(awk '/Socket errors|Non-2xx/ { s = s $0 "; " } END { print s == "" ? "0" : s }' "$f")
}
declare -A R
for ep in list geo; do
    path=$LIST; [ "$ep" = geo ] && path=$GEO
    load "http://127.0.0.1:$PORT$path" "$OUT/wrk-jointenv-$ep.txt"
    R[j_${ep}_rps]=$RPS; R[j_${ep}_p99]=$P99; R[j_${ep}_err]=$ERR
    load "http://127.0.0.1:$NPORT$path" "$OUT/wrk-nginx-$ep.txt"
    R[n_${ep}_rps]=$RPS; R[n_${ep}_p99]=$P99; R[n_${ep}_err]=$ERR
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
goal() { awk -v a="$1" 'BEGIN { exit !(a >= 20000) }' && echo met || echo "NOT met"; }
LB=$(wc -c <"$OUT/static/api/v1/sections")
GB=$(wc -c <"$OUT/static/api/v1/sections.geojson")
echo "## HTTP API: cached reads under load"
echo
echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -m), $(nproc) cores; wrk 2 threads, $CONN connections,"
echo "$DUR s per run, on the same machine as the servers; \`jointenv serve --threads $THR\` over the"
echo "demo database vs nginx $(nginx -v 2>&1 | sed 's|.*/||') ($THR workers) serving the same bodies as static files."
echo
echo "| endpoint | body | jointenv req/s | p99 | errors | nginx req/s | p99 | errors | ratio |"
echo "|---|---:|---:|---:|---|---:|---:|---|---:|"
echo "| \`$LIST\` | $LB B | ${R[j_list_rps]} | ${R[j_list_p99]} | ${R[j_list_err]} | ${R[n_list_rps]} | ${R[n_list_p99]} | ${R[n_list_err]} | $(ratio "${R[j_list_rps]}" "${R[n_list_rps]}") |"
echo "| \`$GEO\` | $GB B | ${R[j_geo_rps]} | ${R[j_geo_p99]} | ${R[j_geo_err]} | ${R[n_geo_rps]} | ${R[n_geo_p99]} | ${R[n_geo_err]} | $(ratio "${R[j_geo_rps]}" "${R[n_geo_rps]}") |"
echo
echo "- Goal ≥ 20,000 req/s with zero errors on 2 cores: list **$(goal "${R[j_list_rps]}")**, GeoJSON **$(goal "${R[j_geo_rps]}")**."
echo "- ratio = jointenv / nginx; wrk's raw output is in bench/out/http/."
