#!/usr/bin/env bash
# Where the CPU goes under the publish load: one portal on a store, its log grown first, then the publish
# scenario for a while, with the CPU time of each process over that while, per publish:
#
#   bench/scale/cpu.sh sqlite|postgres [--seed 20000] [--duration 15]
#
# The portal and PostgreSQL's processes are counted (server backends, WAL writer, autovacuum…); the load
# tool is not; the window is the publish run alone (no warm-up). On PostgreSQL (the database meshcpu, dropped
# and made anew) it also prints the statements that took the server's time, when pg_stat_statements is loaded
# and the role may reset it (else read it as a superuser).
# PostgreSQL is reached as in run.sh (PGHOST, PGPORT, PGUSER, PGPASSWORD; default 127.0.0.1, 5432, mesh, mesh).
set -euo pipefail
cd "$(dirname "$0")/../.."
store=${1:?sqlite or postgres}; shift; seed=20000; duration=15
while [ $# -gt 0 ]; do
  case "$1" in --seed) seed=$2 ;; --duration) duration=$2 ;; *) echo "cpu.sh: unknown option $1" >&2; exit 2 ;; esac; shift 2
done
: "${PGHOST:=127.0.0.1}" "${PGPORT:=5432}" "${PGUSER:=mesh}" "${PGPASSWORD:=mesh}"
export PGHOST PGPORT PGUSER PGPASSWORD
export PGOPTIONS='-c client_min_messages=warning'
for project in src/Mesh.Portal bench/Mesh.LoadTest; do dotnet build -c Release -v q "$project" >/dev/null; done

w=$(mktemp -d); port=$((40000 + RANDOM % 10000))
args=(--domain example.com --rate-limit 0 --checkpoint-key "$w/key.p8" --urls "http://127.0.0.1:$port" --data "$w/data")
if [ "$store" = postgres ]; then
  psql -q -d postgres -c "DROP DATABASE IF EXISTS meshcpu" -c "CREATE DATABASE meshcpu" >/dev/null
  args+=(--database "Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=meshcpu")
fi
(exec dotnet src/Mesh.Portal/bin/Release/net10.0/mesh-portal.dll "${args[@]}" >"$w/portal.log" 2>&1) & portal=$!
trap 'kill $portal 2>/dev/null; wait $portal 2>/dev/null; rm -rf "$w"' EXIT
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
load=(dotnet bench/Mesh.LoadTest/bin/Release/net10.0/mesh-load.dll --url "http://127.0.0.1:$port" --domain example.com --seed "$seed" --concurrency 64)
"${load[@]}" --scenarios hello --duration 1 --warmup 0 >/dev/null 2>&1

# CPU ticks of every process now: pid, name, user + system.
ticks() {
  for d in /proc/[0-9]*; do
    { read -r line <"$d/stat"; } 2>/dev/null || continue
    name=${line#*(}; name=${name%%)*}; rest=${line##*) }; set -- $rest
    echo "${d#/proc/} $name $((${12} + ${13}))"
  done | sort
}
[ "$store" = postgres ] && psql -qAt -d meshcpu -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 || true
ticks >"$w/before"
result=$("${load[@]}" --scenarios publish --duration "$duration" --warmup 0 --label "$store" 2>/dev/null | grep "^| $store")
ticks >"$w/after"
echo "$result"
requests=$(echo "$result" | awk -F'|' '{gsub(/ /, "", $4); print $4}')
hz=$(getconf CLK_TCK)
join "$w/before" "$w/after" | awk -v portal="$portal" -v n="$requests" -v hz="$hz" '
  { d = $5 - $3; k = ($1 == portal) ? "mesh-portal" : $2; s[k] += d }
  END { for (k in s) if (s[k] > 0.05 * hz) printf "%-22s %7.2f s  %6.0f us per publish\n", k, s[k] / hz, 1e6 * s[k] / hz / n }' | sort -k2 -nr
if [ "$store" = postgres ]; then
  psql -d meshcpu -c "SELECT calls, round(total_exec_time::numeric) AS ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 70) AS query
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'meshcpu') ORDER BY total_exec_time DESC LIMIT 10" 2>/dev/null || true
fi
