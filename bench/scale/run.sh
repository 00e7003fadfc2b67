#!/usr/bin/env bash
# One run that compares the portal's stores and process counts under the same load, and prints one table:
#
#   bench/scale/run.sh [--store sqlite,postgres] [--portals 1,2] [--seed 100000] [--duration 15]
#                      [--warmup 3] [--concurrency 64] [--scenarios hello,get,publish] [--alternate]
#
# For each store it grows a fresh log to --seed entries (first set-up only; on PostgreSQL it vacuums before each
# set-up, and checkpoints when the role may), then, for each process count,
# starts that many mesh-portal processes on the store (Release build, one shared checkpoint key) and runs
# mesh-load against all of them at once (workers take the processes in turn; each account publishes
# through one, or with --alternate each of its successive updates through the next). SQLite serves one
# process (the multi-process set-up is PostgreSQL), so sqlite with 2 is skipped. PostgreSQL is reached with PGHOST, PGPORT, PGUSER and PGPASSWORD
# (default 127.0.0.1, 5432, mesh, mesh); the role must be allowed to create the database meshscale, which
# is dropped and made anew. Needs curl and psql. Everything started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

stores=sqlite,postgres; counts=1,2; seed=100000; duration=15; warmup=3; concurrency=64; scenarios=hello,get,publish; alternate=()
while [ $# -gt 0 ]; do
  case "$1" in
    --alternate) alternate=(--alternate); shift; continue ;;
    --store) stores=$2 ;; --portals) counts=$2 ;; --seed) seed=$2 ;; --duration) duration=$2 ;;
    --warmup) warmup=$2 ;; --concurrency) concurrency=$2 ;; --scenarios) scenarios=$2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift 2
done
: "${PGHOST:=127.0.0.1}" "${PGPORT:=5432}" "${PGUSER:=mesh}" "${PGPASSWORD:=mesh}"
export PGHOST PGPORT PGUSER PGPASSWORD

for project in src/Mesh.Portal bench/Mesh.LoadTest; do dotnet build -c Release -v q "$project" >/dev/null; done
portal_dll=src/Mesh.Portal/bin/Release/net10.0/mesh-portal.dll
load_dll=bench/Mesh.LoadTest/bin/Release/net10.0/mesh-load.dll

w=$(mktemp -d); base=$((20000 + RANDOM % 20000)); pids=()
stop() { [ ${#pids[@]} -eq 0 ] || { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }; pids=(); }
trap 'stop; rm -rf "$w"' EXIT

# start STORE N: starts process N of the store and waits until it answers. Background processes are
# started with exec, so that $! is the portal itself and stop() ends it.
start() {
  local port=$((base + $2)) args=(--domain example.com --rate-limit 0 --checkpoint-key "$w/checkpoint-key.p8")
  args+=(--urls "http://127.0.0.1:$port" --data "$w/$1-data-$2")
  [ "$1" = postgres ] && args+=(--database "Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=meshscale")
  (exec dotnet "$portal_dll" "${args[@]}" >"$w/$1-$2.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.2; done
  echo "run.sh: portal $1 #$2 did not start:" >&2; cat "$w/$1-$2.log" >&2; exit 1
}

rows=(); echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for store in ${stores//,/ }; do
  [ "$store" = postgres ] && psql -q -d postgres -c "DROP DATABASE IF EXISTS meshscale" -c "CREATE DATABASE meshscale" >/dev/null
  for n in ${counts//,/ }; do
    if [ "$store" = sqlite ] && [ "$n" -gt 1 ]; then echo "sqlite with $n processes: skipped (SQLite serves one process)" >&2; continue; fi
    urls=()
    for i in $(seq "$n"); do start "$store" "$i"; urls+=("http://127.0.0.1:$((base + i))"); done
    echo "== $store, $n process(es)" >&2
    load=(dotnet "$load_dll" --url "$(IFS=,; echo "${urls[*]}")" --domain example.com --seed "$seed" --concurrency "$concurrency")
    # Every setup starts from the same state: the log grown first (by the first setup), then, on PostgreSQL, the
    # dead rows of the previous setup's writes vacuumed, so that its debt is not paid by the next one.
    "${load[@]}" --scenarios hello --duration 1 --warmup 0 >/dev/null
    [ "$store" = postgres ] && { psql -q -d meshscale -c "VACUUM (ANALYZE)"; psql -q -d meshscale -c "CHECKPOINT" 2>/dev/null || true; }
    out=$("${load[@]}" --duration "$duration" --warmup "$warmup" --scenarios "$scenarios" --label "$store x$n" "${alternate[@]}")
    echo "$out" >&2
    while IFS= read -r line; do rows+=("$line"); done < <(grep "^| $store x$n " <<<"$out")
    stop
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo "Log of at least $seed entries, $concurrency concurrent clients, $duration s per scenario after $warmup s of warm-up; $(nproc) cores."
echo
echo "| setup | scenario | requests | errors | requests/s | p50 ms | p99 ms |"
echo "|---|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
# Ratios of throughput (column 6) to the first setup's, per scenario.
printf '%s\n' "${rows[@]}" | awk -F'|' '
  { setup = $2; scenario = $3; rate = $6 + 0; gsub(/^ +| +$/, "", setup); gsub(/^ +| +$/, "", scenario)
    if (!(scenario in first)) { first[scenario] = rate; firstSetup[scenario] = setup; next }
    printf "%s, %s: %.0f %% of %s\n", scenario, setup, 100 * rate / first[scenario], firstSetup[scenario] }'
